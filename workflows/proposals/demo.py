"""The demo suggestions and proposals (demo/proposals-2026.csv) taken through the flow as the
city would have them at the end of November 2026.

The items of 市十五届人大五次会议 were assigned on 10 February 2026 and those of 市政协十三届
五次会议 on 3 March, so every due date falls in 2026, the last year the holiday calendar holds.
What happens to each item is written down in PLAN, by its number: most are replied, with the
proposer's feedback and a disclosure decision; some wait at a step in the middle; one unit's
adjustment request waits for the office; one dissatisfied proposer's item is being handled
again. Every step is taken by a person of the unit with the step's role, through the
activations the staff pages use (services.do); the times the domain records (signing,
opinions, versions, reviews, sending, feedback, disclosure) are then set to working days that
follow the item's pace. The audit log and viewflow's tasks keep the real time of loading.

An item whose process is past "assign" is left alone, so loading again changes nothing. When
items were moved on, viewflow's timer dispatcher runs once at the end, as `workflow_timers`
does: the shares still owed after their due date are reminded and marked overdue.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.status import STATUS
from viewflow.workflow.timers import fire_due_timers

from base.organisation.models import Person
from base.organisation.roles import Role
from base.workdays.deadlines import WorkingCalendar
from proposals import replies, rules
from proposals.models import (
    Assignment,
    AssignmentRole,
    ContactMethod,
    Disclosure,
    DisclosureDecision,
    Extension,
    Feedback,
    Kind,
    LetterReview,
    LetterVersion,
    Opinion,
    Proposal,
    ReplyLetter,
    ResultClass,
    Satisfaction,
)
from workflows.models import ProposalProcess
from workflows.proposals import services
from workflows.proposals.flows import ProposalFlow

EDU, CIVIL, HOUSING, DEV = "市教育局", "市民政局", "市住房城乡建设局", "市发展改革局"
FIN, SERVICE, OFFICE = "市财政局", "市政府行政服务中心", "市府办公室"
CHIKAN, XIASHAN = "赤坎区人民政府", "霞山区人民政府"

SESSIONS = {Kind.NPC: (15, 5), Kind.CPPCC: (13, 5)}
ASSIGNED = {Kind.NPC: datetime(2026, 2, 10, 9, 30), Kind.CPPCC: datetime(2026, 3, 3, 9, 30)}
OFFICE_CLERK = "clerk"
# the plan's last action (a draft saved on 12 November): on a machine whose clock is not past
# it, the items are left waiting to be assigned
LAST_ACTION = date(2026, 11, 12)

# unit: letter number prefix, the number its letters of the year start from, office phone, and
# what the proposer is thanked for caring about
LETTERHEAD = {
    EDU: ("湛教函", 18, "0759-3183520", "教育工作"),
    CIVIL: ("湛民函", 21, "0759-3226471", "民政工作"),
    HOUSING: ("湛建函", 35, "0759-3361285", "住房城乡建设工作"),
    DEV: ("湛发改函", 42, "0759-3338062", "发展改革工作"),
    FIN: ("湛财函", 27, "0759-3210937", "财政工作"),
    SERVICE: ("湛行服函", 9, "0759-3380126", "政务服务工作"),
    OFFICE: ("湛府办函", 15, "0759-3332104", "政务公开工作"),
    CHIKAN: ("赤府函", 12, "0759-3352618", "我区工作"),
    XIASHAN: ("霞府函", 16, "0759-2283947", "我区工作"),
}

# where a share stops: the step it waits at, or
DONE = "done"  # replied, feedback entered, disclosure decided
AGAIN = "again"  # the proposer was dissatisfied: handled again, the new letter in draft

# days from one action on a share to its next, at pace 1
DAYS = {
    "sign_for": 2,
    "opinion": 20,
    "contact": 12,
    "draft_reply": 18,
    "redraft": 4,
    "check": 3,
    "leader": 3,
    "sign": 3,
    "feedback": 20,
    "disclose": 7,
}
REVIEWERS = [
    ("check", Role.REPLY_CHECKER),
    ("leader", Role.RESPONSIBLE_LEADER),
    ("sign", Role.UNIT_LEADER),
]

SATISFIED, BASICALLY = Satisfaction.SATISFIED, Satisfaction.BASICALLY
FULL, PARTIAL = DisclosureDecision.FULL, DisclosureDecision.PARTIAL
FULL_REASON = "答复内容不涉及国家秘密、商业秘密和个人隐私，提出人同意公开，予以全文公开。"
NO_CONSENT_REASON = "提出人不同意公开个人信息，删去提出人姓名后公开办理结果。"
WITHHELD_REASON = "答复中的项目投资数额尚待审批，暂不公开，其余内容公开。"


@dataclass(frozen=True)
class Reply:
    """One replying unit's share: where it stops and how it ends."""

    unit: str
    result: str = "A"
    until: str = DONE
    satisfaction: str = SATISFIED
    comment: str = ""
    disclosure: str = FULL
    withheld: str = ""  # partial disclosure leaves this out (by default the proposer's name)
    extension: tuple = ()  # (approved on, new due date, reason)
    feedback_on: date | None = None
    pace: float | None = None  # this share's own pace, if not the item's


@dataclass(frozen=True)
class Item:
    number: int
    pace: float
    replies: tuple

    @property
    def kind(self):
        return Kind.NPC if self.number < 200 else Kind.CPPCC


def item(number, pace, *shares):
    return Item(number, pace, shares)


# fmt: off
PLAN = [
    # number, pace (1: replied within about two months), each replying unit's share
    item(101, 1.1, Reply(EDU)),
    item(102, 1.2, Reply(CIVIL, "B", satisfaction=BASICALLY,
                         comment="希望加快街道综合养老服务中心建设进度。")),
    item(103, 1.0, Reply(HOUSING, "B")),
    item(104, 1.3, Reply(HOUSING, "B"), Reply(CHIKAN),
         Reply(XIASHAN, satisfaction=BASICALLY, comment="希望尽快完成公交站点改造。")),
    item(105, 1.3, Reply(DEV, "B", until="feedback")),
    item(106, 1.1, Reply(DEV, "B", disclosure=PARTIAL,
                         withheld="，码头改造和游客服务中心项目估算总投资1.8亿元，"
                                  "正在办理前期手续")),
    item(107, 7.0, Reply(DEV, "B", until="leader")),
    item(108, 1.0, Reply(SERVICE)),
    item(109, 1.2, Reply(OFFICE)),
    item(110, 1.0, Reply(DEV, until="sign_for")),  # ADJUSTMENTS
    item(111, 2.3, Reply(EDU, "B", until=AGAIN, satisfaction=Satisfaction.DISSATISFIED,
                         comment="答复较原则，没有明确周转宿舍的建设数量、资金安排和完成时间，"
                                 "希望细化落实。",
                         extension=(date(2026, 5, 6), date(2026, 8, 10),
                                    "周转宿舍建设涉及用地和资金安排，需会同住建、财政部门研究，"
                                    "申请延期答复。"),
                         feedback_on=date(2026, 9, 15))),
    item(112, 1.3, Reply(FIN, "C", satisfaction=BASICALLY, comment="希望今后逐步提高补助标准。")),
    item(113, 1.0, Reply(HOUSING, until="opinion")),  # 霞山区 has not given its opinion
    item(114, 1.1, Reply(CIVIL, disclosure=PARTIAL)),
    item(115, 5.0, Reply(HOUSING, "B", until="check")),
    item(116, 1.0, Reply(SERVICE)),
    item(201, 1.2, Reply(DEV, "B")),
    item(202, 4.2, Reply(EDU, until="draft_reply")),  # FIRST_DRAFTS: returned by the checker
    item(203, 1.3, Reply(DEV, "C", satisfaction=BASICALLY, comment="希望进一步加大执法力度。")),
    item(204, 1.0, Reply(DEV, "B")),
    item(205, 1.3, Reply(EDU, until="disclose")),
    item(206, 1.2, Reply(HOUSING, "B", until="sign", pace=6.0), Reply(CHIKAN)),
    item(207, 1.2, Reply(CIVIL, "B", satisfaction=BASICALLY, disclosure=PARTIAL,
                         comment="希望扩大智能监护设备的覆盖面。")),
    item(208, 1.0, Reply(FIN)),
    item(209, 1.1, Reply(SERVICE)),
    item(210, 1.3, Reply(XIASHAN, until="feedback"), Reply(HOUSING, "B")),
    item(211, 3.0, Reply(DEV, until="contact")),
    item(212, 1.3, Reply(HOUSING, "B", disclosure=PARTIAL)),
    item(213, 1.0, Reply(OFFICE)),
    item(214, 4.4, Reply(EDU, until="leader")),
]
# fmt: on

# the first unit asks the office for an adjustment instead of signing for the item
ADJUSTMENTS = {
    110: (
        "渔港建设和渔船安全监管属海洋渔业主管部门职责，建议调整由市海洋与渔业局主办，"
        "我局作为会办单位配合办理。"
    ),
}

# co-units' opinions; a co-unit not listed has not given its opinion yet
OPINIONS = {
    (101, CHIKAN): (
        "我区已梳理辖区闲置公共用房5处，其中2处适合改建为教学用房，同意配合市教育局推进，"
        "配套资金在区级财政预算中安排。"
    ),
    (101, FIN): (
        "市财政将按照事权划分，对中心城区新建、改扩建公办学校给予补助，具体额度在2026年市级教育专"
        "项资金中统筹安排。"
    ),
    (102, FIN): (
        "市财政已将社区居家养老服务补贴纳入2026年预算，请市民政局细化补贴对象和标准，我局据实拨付。"
    ),
    (103, XIASHAN): (
        "我区已摸排1990年前建成的老旧小区47个，愿意配合开展首批加装电梯试点，由街道社区做好居民协"
        "商工作。"
    ),
    (105, FIN): (
        "市财政已安排农村供水保障专项资金，并将协助遂溪县争取省级乡村振兴资金支持城乡供水一体化工"
        "程。"
    ),
    (106, FIN): (
        "市财政将在年度预算中统筹安排硇洲岛旅游基础设施建设资金，并支持申报地方政府专项债券。"
    ),
    (108, OFFICE): (
        "建议将政务服务向镇村延伸的情况纳入对各县（市、区）的政务服务考核，我办将加强督促指导。"
    ),
    (109, SERVICE): (
        "我中心将在政务服务网同步展示各部门办事指南的更新情况，配合做好政府信息公开目录动态更新。"
    ),
    (111, HOUSING): (
        "我局将对教师周转宿舍项目的设计审查、施工许可开辟绿色通道，并加强工程质量监管。"
    ),
    (111, FIN): (
        "市财政将对农村学校教师周转宿舍建设按项目给予补助，具体额度由市教育局会同我局研究确定。"
    ),
    (113, CHIKAN): "我区已在12个社区试点物业服务质量评价，愿意配合制定全市物业服务评价标准。",
    (114, FIN): (
        "市财政已将特困人员照护服务经费纳入年度预算，并按规定提高分散供养人员护理补贴标准。"
    ),
    (115, FIN): "市财政将支持雷州市申报中央和省级城市排水防涝专项资金，并做好资金拨付监管。",
    (201, FIN): "市财政将统筹文化和旅游发展专项资金，支持湖光岩景区提质升级重点项目。",
    (202, CIVIL): (
        "我局将配合做好普惠托育服务与社区养老服务设施的统筹布局，支持社区嵌入式托育点建设。"
    ),
    (203, XIASHAN): "我区已在观海长廊岸段落实网格化巡查，配合开展违规养殖清理和海岸垃圾整治。",
    (207, DEV): "我局将把智慧养老项目纳入数字政府和新型基础设施建设规划统筹支持。",
    (209, OFFICE): "我办将把12345热线工单办理情况纳入政务督查，对重复转办、推诿扯皮的予以通报。",
    (211, FIN): (
        "市财政将继续落实甘蔗生产全程机械化补贴政策，并支持遂溪县申报省级农业产业强镇项目。"
    ),
    (212, FIN): "市财政将按规定落实保障性租赁住房税费优惠政策，并做好中央财政奖补资金拨付。",
    (214, DEV): (
        "我局支持将廉江家电产业产教融合项目纳入市重点项目，对符合条件的产教融合型企业给予政策支持。"
    ),
}

# the reply letters' answers, point by point, between the greeting and the thanks
ANSWERS = {
    (101, EDU): (
        "一是《湛江市中心城区中小学布局专项规划（2026—2035年）》已编制完成并报市政府审定，"
        "赤坎区新建、改扩建的3所公办学校列入今年民生实事，建成后新增学位4200个；"
        "二是已会同赤坎区将2处闲置办公用房改建为小学教学点，今年秋季学期投入使用；"
        "三是已建立学位预警机制，每年4月底前向社会公布各学区招生计划和学位情况。"
    ),
    (102, CIVIL): (
        "一是全市已建成街道综合养老服务中心12个，其余街道的建设任务列入2026—2027年计划，"
        "力争2027年底实现全覆盖；二是已通过公开招标引入3家专业化养老服务机构运营社区站点；"
        "三是今年起助餐服务补贴提高至每餐3元，助浴、助医服务纳入政府购买服务目录。"
    ),
    (103, HOUSING): (
        "一是已将既有住宅加装电梯纳入2026年老旧小区改造计划，霞山区首批21个小区同步实施；"
        "二是已出台加装电梯联合审查办法，规划、消防、特种设备等审查由串联改为并联，"
        "审批时限压缩至15个工作日；三是对加装电梯按每台最高15万元给予补贴，鼓励采用居民出资、"
        "企业代建等方式筹资。"
    ),
    (104, HOUSING): (
        "关于打通周边断头路的建议，海滨大道至人民大道之间的2条断头路已列入2026年市政道路建设计划"
        "，预计2027年6月前建成通车；关于智能交通信号系统，我局已配合公安交警部门完成人民大道沿线"
        "路口渠化改造设计，将与道路工程同步实施。"
    ),
    (104, CHIKAN): (
        "一是我区已会同公交企业对人民大道赤坎段6个公交站点逐一评估，其中3个已改造为港湾式停靠站；"
        "二是在早晚高峰时段增派交通协管员，加强重点路口疏导。"
    ),
    (104, XIASHAN): (
        "一是人民大道霞山段4个公交站点的港湾式改造将于年内完工；二是对沿线学校、"
        "医院周边路段实行错峰管理，缓解早晚高峰拥堵。"
    ),
    (105, DEV): (
        "一是遂溪县城乡供水一体化工程已列入省、市重点项目，一期工程覆盖遂城、黄略等5个镇，"
        "预计2027年建成通水；二是已督促遂溪县完成集中式饮用水水源保护区划定，水质每月监测一次；"
        "三是将推动建立县级统管、镇村协管的农村供水工程管护机制，管护经费纳入县级财政预算。"
    ),
    (106, DEV): (
        "一是硇洲岛旅游基础设施建设已纳入2026年市重点建设项目，码头改造和游客服务中心项目估算总投"
        "资1.8亿元，正在办理前期手续；二是已协调增开旅游旺季湛江至硇洲岛客运航班，"
        "候船厅改造年内完成；三是在保护火山岛生态的前提下，引导发展特色民宿和海岛休闲旅游。"
    ),
    (107, DEV): (
        "一是支持徐闻县引进菠萝精深加工企业，已有2家企业的菠萝罐头和果汁生产线投产；"
        "二是已将徐闻县产地冷链物流设施纳入省级农产品冷链物流项目库；三是持续开展徐闻菠萝区域公用"
        "品牌推介和电商直播活动。"
    ),
    (108, SERVICE): (
        "一是已将社保、医保、户籍证明等86项高频事项下沉至镇村便民服务站办理；二是全市镇级便民服务"
        "中心均已设立帮办代办窗口，为老年人、残疾人提供线下帮办服务；三是依托省政务数据共享平台，"
        "实现身份证、户口簿等电子证照共享调用，减少群众重复提交材料。"
    ),
    (109, OFFICE): (
        "一是已印发《湛江市政府信息公开目录动态更新办法》，要求各单位信息形成后20个工作日内更新；"
        "二是严格落实政策文件与解读材料同步起草、同步审签、同步发布，重大决策事项实行预公开；"
        "三是政府信息公开工作已纳入2026年度各单位绩效考核，分值由3分提高至5分。"
    ),
    (111, EDU): (
        "一是已将廉江市农村学校教师周转宿舍建设纳入全市教育民生项目统筹推进；二是指导廉江市利用闲"
        "置校舍改建教师宿舍；三是乡村教师生活补助已按规定足额发放。"
    ),
    (112, FIN): (
        "一是2026年市级财政安排基层医疗卫生机构补助资金较上年增长8%；二是设备更新和信息化建设资金"
        "通过省级专项资金和地方政府专项债券统筹安排；三是关于逐年提高补助标准的建议，"
        "我局将结合财力状况在编制以后年度预算时研究参考。"
    ),
    (114, CIVIL): (
        "一是已将全市9所镇敬老院转型升级为区域性养老服务中心，新增护理型床位460张；"
        "二是护理员月薪酬平均提高600元，今年开展护理技能培训1200人次；三是已建立分散供养特困人员"
        "每月探访制度，由村（居）委会和社工定期上门。"
    ),
    (115, HOUSING): (
        "一是雷州市城区雨污分流和排水管网改造一期工程已开工，计划2027年汛期前完工；"
        "二是已在城区9个易涝点安装积水监测设备，接入市城市运行管理平台；三是已指导雷州市申报中央"
        "预算内排水防涝专项资金。"
    ),
    (116, SERVICE): (
        "一是全市企业开办已实现一窗受理、一网通办、一日办结，平均办理时间压缩至0.5个工作日；"
        "二是不动产登记与水、电、气、网过户已实现联动办理；三是今年已组织窗口人员业务培训8期，"
        "服务满意率达99%以上。"
    ),
    (201, DEV): (
        "一是《湖光岩景区提质升级规划》已编制完成，新增研学、康养等业态项目6个；"
        "二是中心城区至湖光岩景区的旅游专线已于今年5月开通；三是景区智慧票务和导览系统已上线运行"
        "，客流监测平台正在建设。"
    ),
    (202, EDU): (
        "一是今年已指导46所幼儿园开设托班，新增托位1380个；二是会同市民政局、市卫生健康局研究普惠"
        "性托育机构建设和运营补贴办法；三是将托育从业人员纳入职业技能培训补贴范围，"
        "并开展托育机构安全专项检查。"
    ),
    (203, DEV): (
        "一是湛江湾红树林保护修复项目已纳入省级生态保护修复工程；二是已会同相关部门开展入海排污口"
        "排查，完成整治128个；三是建立跨部门海岸带联合巡查执法机制涉及多个部门职责，"
        "我局将向市政府汇报，作为今后工作的参考。"
    ),
    (204, DEV): (
        "一是已指导吴川市制定吴川月饼、牛腩粉等特色小吃制作地方标准，培育龙头企业5家；"
        "二是吴川美食文化街区已列入市文旅融合重点项目，计划明年建成开街；三是将美食品牌推广纳入湛"
        "江文旅宣传计划，组织开展线上美食节。"
    ),
    (205, EDU): (
        "一是今年已新招聘中小学专职心理健康教师86名，城区中小学实现全覆盖；二是已建立学生心理健康"
        "年度筛查和一生一档危机干预机制；三是全市中小学家长学校开办率已达100%，"
        "每学期至少开展2次家庭教育指导活动。"
    ),
    (206, HOUSING): (
        "一是已委托专业机构编制《赤坎历史文化街区保护与活化利用规划》，已通过专家评审；"
        "二是骑楼建筑修缮一期工程涉及民主路、大通街等路段建筑42栋，计划2027年完工。"
    ),
    (206, CHIKAN): (
        "一是我区已完成历史街区内供水、排水和电力管线改造；二是引入文创、特色餐饮等经营主体30余家"
        "，每月举办文化市集，街区人气明显提升。"
    ),
    (207, CIVIL): (
        "一是全市智慧养老服务平台一期已建成，整合养老机构、居家服务等信息资源；二是今年为1200名独"
        "居、高龄老人免费安装紧急呼叫和烟感报警设备；三是将会同相关部门支持本地企业研发适老化智能"
        "产品。"
    ),
    (208, FIN): (
        "一是已修订市级政府购买服务指导性目录，细化至三级目录；二是2026年起政府购买服务项目全部纳"
        "入预算绩效目标管理，未设绩效目标的不予安排预算；三是政府购买服务项目信息已在政府采购网站"
        "依法公开。"
    ),
    (209, SERVICE): (
        "一是已出台12345热线工单分级分类办理规范，一般诉求3个工作日、紧急诉求24小时内办结；"
        "二是建立工单办理回访和月度通报制度，通报结果纳入部门绩效考核；三是每月形成热线数据分析报"
        "告，报送市政府参考。"
    ),
    (210, XIASHAN): (
        "一是我区已制定农贸市场升级改造三年计划，今年完成东堤、海头等3个市场改造；"
        "二是改造市场同步完善给排水、消防设施和周边停车位，并安排专人整治占道经营。"
    ),
    (210, HOUSING): (
        "我局已将农贸市场升级改造纳入城市更新项目统筹推进，对市场周边市政道路和排水设施改造给予技"
        "术指导，并督促落实建设质量要求。"
    ),
    (212, HOUSING): (
        "一是2026年全市计划筹集保障性租赁住房3000套，其中利用产业园区配套用地建设1200套；"
        "二是已出台支持存量闲置房屋改建保障性租赁住房的实施意见；三是保障性租赁住房项目已按规定享"
        "受税费减免和中央财政奖补。"
    ),
    (213, OFFICE): (
        "一是已建立政策文件与解读材料同步起草、同步审签、同步发布机制，未附解读材料的文件不予印发"
        "；二是今年已对42件惠企利民政策采用图解、短视频等形式进行解读；三是在政府网站开设政策咨询"
        "专栏，及时回应企业和群众关切。"
    ),
    (214, EDU): (
        "一是已指导廉江市职业技术学校新增家电制造与维修、工业机器人应用等专业；"
        "二是推动校企共建实训基地4个、产业学院1个；三是会同市发展改革局研究企业参与职业教育的激励"
        "措施。"
    ),
}

# drafts a reviewer returned: (the review step, its comment, the answer of the returned draft)
FIRST_DRAFTS = {
    (103, HOUSING): (
        "leader",
        "请补充加装电梯财政补贴的具体标准。",
        "一是已将既有住宅加装电梯纳入2026年老旧小区改造计划，霞山区首批21个小区同步实施；"
        "二是已出台加装电梯联合审查办法，审批时限压缩至15个工作日；三是将研究建立多元筹资机制。",
    ),
    (202, EDU): (
        "check",
        "请对照提案的三条建议逐条答复，补充托育从业人员培训和安全监管情况。",
        "一是今年已指导46所幼儿园开设托班，新增托位1380个；二是将研究出台普惠性托育机构补贴办法。",
    ),
}

# the answer of the second-round letter after a dissatisfied feedback (in draft)
SECOND_ROUND = {
    (111, EDU): (
        "一是2026—2027年在廉江市偏远农村学校建设教师周转宿舍240套，今年开工的120套已完成立项，"
        "计划2027年8月前交付使用；二是市、县两级共安排建设资金2800万元，其中市级补助1200万元；"
        "三是利用闲置校舍改建的36套宿舍已于今年秋季学期投入使用。"
    ),
}


class Clock:
    """When one share's actions happened: working days at the item's pace, each after the
    one before, all before today."""

    def __init__(self, start, pace, seed):
        self.now, self.pace, self.seed, self.count = start, pace, seed, 0
        self.calendar = WorkingCalendar()

    def after(self, step, on=None, days=None):
        self.count += 1
        days = DAYS[step] if days is None else days
        day = on or self.now.date() + timedelta(days=round(days * self.pace))
        while day < timezone.localdate() and not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        hour, minute = 9 + (self.seed + 3 * self.count) % 8, (7 * self.seed + 13 * self.count) % 60
        moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        moment = max(moment, self.now + timedelta(minutes=40))
        if moment.date() >= timezone.localdate():
            raise ValueError(f"第{self.seed}号演示件的日期 {moment:%Y-%m-%d} 不在今天之前。")
        self.now = moment
        return moment

    def fork(self, pace=None):
        clock = Clock(self.now, pace or self.pace, self.seed)
        clock.count = self.count
        return clock


class Demo:
    """Takes the planned items through the flow, each step by the right person."""

    def __init__(self):
        self.office = Person.objects.get(username=OFFICE_CLERK)
        self.teams = {}
        self.numbers = defaultdict(set)
        self.classes = {c.code: c for c in ResultClass.objects.all()}

    def team(self, unit):
        """{role: person} of a handling unit: its first person with each role."""
        if unit not in self.teams:
            people = list(Person.objects.filter(unit__name=unit).order_by("pk"))
            team = {}
            for role in [Role.HANDLING_CLERK, *(role for _step, role in REVIEWERS)]:
                found = [person for person in people if person.has_role(role)]
                if not found:
                    raise LookupError(f"{unit}没有{role.label}，请先载入演示人员。")
                team[role] = found[0]
            self.teams[unit] = team
        return self.teams[unit]

    def clerk(self, unit):
        return self.team(unit)[Role.HANDLING_CLERK]

    def number(self, unit, day):
        """The unit's letter number for a letter drafted on `day`: its letters of the year are
        numbered in about the order they were written (湛教函〔2026〕33号)."""
        prefix, first = LETTERHEAD[unit][:2]
        number = first + (day - date(2026, 1, 1)).days // 6
        while number in self.numbers[unit]:
            number += 1
        self.numbers[unit].add(number)
        return f"{prefix}〔2026〕{number}号"

    @staticmethod
    def do(process, step, person, act, share=None):
        seed = {} if share is None else {"assignment": share}
        services.do(person, services.open_tasks(process, step, **seed).get(), act)

    # the item: assignment, signing for it, the co-units' opinions

    def advance(self, item, proposal, process):
        start = timezone.make_aware(ASSIGNED[item.kind])
        clock = Clock(start, item.pace, item.number)
        lead, co_units = proposal.suggested_lead_unit, list(proposal.suggested_co_units.all())

        def assign(task):
            rules.assign(proposal, lead, co_units, proposal.handling, self.office, when=start)

        self.do(process, "assign", self.office, assign)
        shares = list(proposal.assignments.order_by("pk"))
        replying = {share.unit.name for share in shares if share.role != AssignmentRole.CO}
        if replying != {reply.unit for reply in item.replies}:
            raise ValueError(f"{proposal.label}：演示计划的答复单位与交办单位不一致。")

        adjustment = ADJUSTMENTS.get(item.number)
        for index, share in enumerate(shares):
            at = clock.after("sign_for", days=None if index == 0 else 1)
            clerk = self.clerk(share.unit.name)
            if index == 0 and adjustment:

                def adjust(task, clerk=clerk):
                    rules.request_adjustment(task.seed, adjustment, clerk)

                self.do(process, "sign_for", clerk, adjust, share)
                continue

            def sign(task, clerk=clerk, at=at):
                rules.sign_for(task.seed, clerk)
                Assignment.objects.filter(pk=task.seed.pk).update(signed_at=at)

            self.do(process, "sign_for", clerk, sign, share)
        if adjustment:
            return  # the office has not decided yet

        co_shares = [share for share in shares if share.role == AssignmentRole.CO]
        for index, share in enumerate(co_shares):
            text = OPINIONS.get((item.number, share.unit.name))
            if text is None:
                continue
            at = clock.after("opinion", days=None if index == 0 else 3)
            clerk = self.clerk(share.unit.name)
            contact = f"{clerk.get_full_name()} {LETTERHEAD[share.unit.name][2]}"

            def opinion(task, clerk=clerk, text=text, contact=contact, at=at):
                written = rules.write_opinion(task.seed, text, contact, clerk)
                Opinion.objects.filter(pk=written.pk).update(written_at=at)

            self.do(process, "opinion", clerk, opinion, share)
        if any((item.number, share.unit.name) not in OPINIONS for share in co_shares):
            return  # a co-unit's opinion is still owed

        by_unit = {share.unit.name: share for share in shares}
        for reply in item.replies:
            Branch(
                self, process, proposal, by_unit[reply.unit], reply, clock.fork(reply.pace)
            ).run()


class Branch:
    """One replying unit's share, from contacting the proposer to the disclosure decision."""

    def __init__(self, demo, process, proposal, share, reply, clock):
        self.demo, self.process, self.proposal, self.share = demo, process, proposal, share
        self.reply, self.clock = reply, clock
        self.key = (proposal.number, share.unit.name)
        self.team = demo.team(share.unit.name)
        self.clerk = self.team[Role.HANDLING_CLERK]

    def do(self, step, person, act):
        self.demo.do(self.process, step, person, act, self.share)

    def run(self):
        reply, office = self.reply, self.demo.office
        if reply.until == "contact":
            return
        if reply.extension:
            approved_on, new_due, reason = reply.extension
            rules.extend(self.share, new_due, reason, office)
            at = self.clock.after("contact", on=approved_on)
            Extension.objects.filter(assignment=self.share).update(approved_at=at)
        self.contact(first=True)
        if not self.draft_and_review():
            return
        # signed: the flow has sent the letter
        sent = self.clock.now + timedelta(hours=1)
        ReplyLetter.objects.filter(assignment=self.share, sent_at__isnull=False).update(
            sent_at=sent
        )
        Assignment.objects.filter(pk=self.share.pk).update(replied_at=sent)
        if reply.until == "feedback":
            return

        letter = replies.current_letter(self.share)
        at = self.clock.after("feedback", on=reply.feedback_on)

        def feedback(task):
            given = replies.record_feedback(letter, reply.satisfaction, reply.comment, office)
            # before the task completes: handling again is due three months from this day
            Feedback.objects.filter(pk=given.pk).update(at=at)

        self.do("feedback", office, feedback)
        if reply.until == AGAIN:
            self.contact(first=False)
            at = self.clock.after("redraft")
            number = self.demo.number(self.share.unit.name, at.date())
            self.save_draft(
                SECOND_ROUND[self.key], number=number, result_class=self.demo.classes["A"]
            )
            return
        if reply.until == "disclose":
            return

        at = self.clock.after("disclose")
        released, reason = "", FULL_REASON
        if reply.disclosure == PARTIAL and reply.withheld:
            released, reason = letter.body.replace(reply.withheld, ""), WITHHELD_REASON
        elif reply.disclosure == PARTIAL:
            name = self.proposal.lead_proposer.name
            released, reason = letter.body.replace(name, "×××"), NO_CONSENT_REASON

        def disclose(task):
            decided = replies.disclose(letter, reply.disclosure, reason, released, office)
            Disclosure.objects.filter(pk=decided.pk).update(decided_at=at)

        self.do("disclose", office, disclose)

    def draft_and_review(self):
        """Drafts and takes the letter through the unit's review (a planned return sends it
        back once); True when it was signed, False when the share waits on the way."""
        reply, team = self.reply, self.team
        returned = FIRST_DRAFTS.get(self.key)
        head = team[Role.UNIT_LEADER]
        at = self.clock.after("draft_reply")
        self.submit(
            returned[2] if returned else ANSWERS[self.key],
            at,
            number=self.demo.number(self.share.unit.name, at.date()),
            result_class=self.demo.classes[reply.result],
            signer=head.get_full_name(),
            contact_person=self.clerk.get_full_name(),
            contact_phone=LETTERHEAD[self.share.unit.name][2],
            copy_to=copy_to(self.proposal, self.share.unit.name),
        )
        while True:
            for step, role in REVIEWERS:
                if reply.until == step:
                    return False
                returns = returned is not None and returned[0] == step
                self.review(step, team[role], not returns, returned[1] if returns else "")
                if returns:
                    returned = None
                    at = self.clock.after("redraft")
                    if reply.until == "draft_reply":
                        self.save_draft(ANSWERS[self.key])
                        return False
                    self.submit(ANSWERS[self.key], at)
                    break
            else:
                return True

    def contact(self, first):
        at = self.clock.after("contact")
        who = addressee(self.proposal)
        method = METHODS[(self.proposal.number + self.share.unit_id + first) % len(METHODS)]
        summary = CONTACTS[method].format(who=who)

        def act(task):
            rules.record_contact(
                task.seed, self.clerk, method=method, contacted_on=at.date(), summary=summary
            )

        self.do("contact", self.clerk, act)

    def write(self, answer, **fields):
        letter = replies.current_letter(Assignment.objects.get(pk=self.share.pk))
        for name, value in fields.items():
            setattr(letter, name, value)
        letter.body = letter_body(self.proposal, self.share.unit.name, answer, letter.round)
        letter.full_clean()
        letter.save()
        return letter

    def submit(self, answer, at, **fields):
        def act(task):
            version = replies.submit(self.write(answer, **fields), self.clerk)
            LetterVersion.objects.filter(pk=version.pk).update(saved_at=at)

        self.do("draft_reply", self.clerk, act)

    def save_draft(self, answer, **fields):
        """The clerk has taken the task and saved a draft, not yet submitted."""
        task = services.open_tasks(self.process, "draft_reply", assignment=self.share).get()
        with task.activation() as activation:
            if activation.task.status == STATUS.NEW:
                activation.assign(self.clerk)
        self.write(answer, **fields)

    def review(self, step, person, approved, comment):
        at = self.clock.after(step)

        def act(task):
            entry = replies.review(
                replies.current_letter(task.seed), step, approved, comment, person
            )
            LetterReview.objects.filter(pk=entry.pk).update(at=at)

        self.do(step, person, act)


METHODS = [ContactMethod.PHONE, ContactMethod.MEETING, ContactMethod.VISIT]
CONTACTS = {
    ContactMethod.PHONE: "电话联系{who}，介绍办理思路和初步措施，听取意见，对方希望抓好落实。",
    ContactMethod.MEETING: "邀请{who}当面座谈，通报办理进展，逐条听取对答复内容的意见。",
    ContactMethod.VISIT: "陪同{who}实地走访调研，共同查看现场情况，商议解决办法和进度安排。",
}


def addressee(proposal):
    return f"{proposal.lead_proposer.name}{'代表' if proposal.kind == Kind.NPC else '委员'}"


def letter_body(proposal, unit, answer, round_=1):
    term, session = (replies.chinese_count(n) for n in (proposal.term, proposal.session))
    if proposal.kind == Kind.NPC:
        meeting = f"市{term}届人大{session}次会议"
    else:
        meeting = f"市政协{term}届{session}次会议"
    item = f"《{proposal.title}》（第{proposal.number:04d}号）"
    if round_ == 1:
        opening = f"您在{meeting}上提出的{item}收悉。经认真研究，现答复如下："
    else:
        opening = (
            f"您对{unit}就{item}所作答复提出的意见收悉。经会同有关单位进一步研究，现再次答复如下："
        )
    return (
        f"{addressee(proposal)}：\n{opening}\n{answer}\n感谢您对{LETTERHEAD[unit][3]}的关心和支持。"
    )


def copy_to(proposal, unit):
    body = "市人大常委会代表工作委员会" if proposal.kind == Kind.NPC else "市政协提案委员会"
    co_units = proposal.assignments.filter(role=AssignmentRole.CO).select_related("unit")
    names = dict.fromkeys([body, OFFICE, *(share.unit.name for share in co_units)])
    return "、".join(name for name in names if name != unit)


def waiting_items():
    """(plan item, proposal, process) of each demo item still waiting to be assigned."""
    for item in PLAN:
        term, session = SESSIONS[item.kind]
        proposal = Proposal.objects.filter(
            kind=item.kind, term=term, session=session, number=item.number
        ).first()
        if proposal is None:
            continue
        process = ProposalProcess.objects.filter(
            flow_class=ProposalFlow, artifact_object_id=proposal.pk
        ).first()
        if process is not None and services.open_tasks(process, "assign").exists():
            yield item, proposal, process


@dataclass
class Progress:
    moved: int  # items moved on by this load
    steps: Counter  # step title -> processes waiting there; 办结 for finished ones
    overdue: int  # shares marked overdue


@transaction.atomic
def load_demo_proposals():
    """Moves the demo items still waiting at "assign" to their planned step, then fires the
    due timers once; None when no item was waiting (loaded before) or it is too early."""
    waiting = list(waiting_items())
    if not waiting or timezone.localdate() <= LAST_ACTION:
        return None
    demo = Demo()
    for item, proposal, process in waiting:
        demo.advance(item, proposal, process)
    fire_due_timers()
    return progress(len(waiting))


STEPS = ["decide_adjustment", "sign_for", "opinion", "contact", "draft_reply", "check", "leader",
         "sign", "feedback", "disclose"]  # fmt: skip


def progress(moved):
    finished, waiting = 0, Counter()
    for process in ProposalProcess.objects.filter(flow_class=ProposalFlow):
        finished += process.finished is not None
        open_tasks = process.task_set.filter(
            flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED]
        )
        waiting.update({task.flow_task.name for task in open_tasks})
    steps = Counter({"办结": finished} if finished else {})
    for name in sorted(waiting, key=STEPS.index):
        steps[str(getattr(ProposalFlow, name).task_title)] = waiting[name]
    overdue = Assignment.objects.filter(overdue_since__isnull=False).count()
    return Progress(moved, steps, overdue)
