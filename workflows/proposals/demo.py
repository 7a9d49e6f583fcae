"""The demo suggestions and proposals (demo/proposals-2026.csv) taken through the flow as the
city would have them at the end of November 2026.

The items of 市十五届人大五次会议 were assigned on 10 February 2026 and those of 市政协十三届
五次会议 on 3 March, so every due date falls in 2026, the last year the holiday calendar holds.
What happens to each item is written down here, by its number: most are replied, with the
proposer's feedback and a disclosure decision; some wait at a step in the middle; one unit's
adjustment request waits for the office; one dissatisfied proposer's item is being handled
again. Every step is taken by a person of the unit with the step's role, through the
activations the staff pages use (services.do); the times the domain records (signing,
opinions, versions, reviews, sending, feedback, disclosure) are then set to the plan's
working days, which follow the item's pace.

An item whose process is past "assign" is left alone, so loading again changes nothing. When
items were moved on, viewflow's timer dispatcher runs once at the end, as `workflow_timers`
does: the shares still owed after their due date get their reminder and are marked overdue.
"""

from collections import Counter
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
    AssignmentState,
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
ASSIGNED = {Kind.NPC: (2026, 2, 10), Kind.CPPCC: (2026, 3, 3)}
OFFICE_CLERK = "clerk"

# unit: letter number prefix, first number of the year's letters, office phone, what the
# proposer is thanked for caring about
LETTERHEAD = {
    EDU: ("湛教函", 18, "0759-3183520", "教育"),
    CIVIL: ("湛民函", 21, "0759-3226471", "民政"),
    HOUSING: ("湛建函", 35, "0759-3361285", "住房城乡建设"),
    DEV: ("湛发改函", 42, "0759-3338062", "发展改革"),
    FIN: ("湛财函", 27, "0759-3210937", "财政"),
    SERVICE: ("湛行服函", 9, "0759-3380126", "政务服务"),
    OFFICE: ("湛府办函", 15, "0759-3332104", "政务公开"),
    CHIKAN: ("赤府函", 12, "0759-3352618", "我区"),
    XIASHAN: ("霞府函", 16, "0759-2283947", "我区"),
}

DONE = "done"  # every share replied, feedback entered, disclosure decided
AGAIN = "again"  # dissatisfied: handled again, the second letter in draft

# days from one action of a share to its next, at pace 1
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
REVIEWERS = [("check", Role.REPLY_CHECKER), ("leader", Role.RESPONSIBLE_LEADER),
             ("sign", Role.UNIT_LEADER)]  # fmt: skip


@dataclass(frozen=True)
class Reply:
    """One unit's reply: where its share stops and what its letter says."""

    unit: str
    points: str  # the answer, point by point, between greeting and thanks
    until: str = DONE  # contact, draft_reply, check, leader, sign, feedback, disclose, done, again
    result: str = "A"
    satisfaction: str = Satisfaction.SATISFIED
    comment: str = ""
    disclosure: str = DisclosureDecision.FULL
    withheld: str = ""  # partial disclosure: the passage left out (default: the proposer's name)
    returned: tuple = ()  # (review step, its comment, the points of the draft it returned)
    extension: tuple = ()  # (approved on, new due date, reason)
    feedback_on: date | None = None
    again: str = ""  # the second-round letter's points (a draft)


@dataclass(frozen=True)
class Item:
    kind: str
    number: int
    replies: tuple
    opinions: tuple = ()  # (co-unit, text); a co-unit not listed has not given its opinion
    adjustment: str = ""  # the first unit asks for an adjustment with this reason
    pace: float = 1.0


FULL_REASON = "答复内容不涉及国家秘密、商业秘密和个人隐私，提出人同意公开，予以全文公开。"
NO_CONSENT_REASON = "提出人不同意公开个人信息，删去提出人姓名后公开办理结果。"
BASICALLY = Satisfaction.BASICALLY
PARTIAL = DisclosureDecision.PARTIAL

NPC, CPPCC = Kind.NPC, Kind.CPPCC
PLAN = [
    Item(
        NPC,
        101,
        pace=1.1,
        opinions=(
            (
                CHIKAN,
                "我区已梳理辖区闲置公共用房5处，其中2处适合改建为教学用房，同意配合市教育局推进，"
                "配套资金在区级财政预算中安排。",
            ),
            (
                FIN,
                "市财政将按照事权划分，对中心城区新建、改扩建公办学校给予补助，具体额度在2026年"
                "市级教育专项资金中统筹安排。",
            ),
        ),
        replies=(
            Reply(
                EDU,
                (
                    "一是《湛江市中心城区中小学布局专项规划（2026—2035年）》已编制完成并报市政府审定，赤坎区"
                    "新建、改扩建的3所公办学校列入今年民生实事，建成后新增学位4200个；二是已会同赤坎区将2处"
                    "闲置办公用房改建为小学教学点，今年秋季学期投入使用；三是已建立学位预警机制，每年4月底前"
                    "向社会公布各学区招生计划和学位情况。"
                ),
            ),
        ),
    ),
    Item(
        NPC,
        102,
        pace=1.2,
        opinions=(
            (
                FIN,
                "市财政已将社区居家养老服务补贴纳入2026年预算，请市民政局细化补贴对象和标准，我局"
                "据实拨付。",
            ),
        ),
        replies=(
            Reply(
                CIVIL,
                (
                    "一是全市已建成街道综合养老服务中心12个，其余街道的建设任务列入2026—2027年计划，力争"
                    "2027年底实现全覆盖；二是已通过公开招标引入3家专业化养老服务机构运营社区站点；三是今年起"
                    "助餐服务补贴提高至每餐3元，助浴、助医服务纳入政府购买服务目录。"
                ),
                result="B",
                satisfaction=BASICALLY,
                comment="希望加快街道综合养老服务中心建设进度。",
            ),
        ),
    ),
    Item(
        NPC,
        103,
        opinions=(
            (
                XIASHAN,
                "我区已摸排1990年前建成的老旧小区47个，愿意配合开展首批加装电梯试点，由街道社区"
                "做好居民协商工作。",
            ),
        ),
        replies=(
            Reply(
                HOUSING,
                (
                    "一是已将既有住宅加装电梯纳入2026年老旧小区改造计划，霞山区首批21个小区同步实施；二是已"
                    "出台加装电梯联合审查办法，规划、消防、特种设备等审查由串联改为并联，审批时限压缩至15个"
                    "工作日；三是对加装电梯按每台最高15万元给予补贴，鼓励采用居民出资、企业代建等方式筹资。"
                ),
                result="B",
                returned=(
                    "leader",
                    "请补充加装电梯财政补贴的具体标准。",
                    (
                        "一是已将既有住宅加装电梯纳入2026年老旧小区改造计划，霞山区首批21个小区同步实施；二是已"
                        "出台加装电梯联合审查办法，审批时限压缩至15个工作日；三是将研究建立多元筹资机制。"
                    ),
                ),
            ),
        ),
    ),
    Item(
        NPC,
        104,
        pace=1.3,
        replies=(
            Reply(
                HOUSING,
                (
                    "关于打通周边断头路的建议，海滨大道至人民大道之间的2条断头路已列入2026年市政道路建设"
                    "计划，预计2027年6月前建成通车；关于智能交通信号系统，我局已配合公安交警部门完成人民"
                    "大道沿线路口渠化改造设计，将与道路工程同步实施。"
                ),
                result="B",
            ),
            Reply(
                CHIKAN,
                (
                    "一是我区已会同公交企业对人民大道赤坎段6个公交站点逐一评估，其中3个已改造为港湾式"
                    "停靠站；二是在早晚高峰时段增派交通协管员，加强重点路口疏导。"
                ),
            ),
            Reply(
                XIASHAN,
                (
                    "一是人民大道霞山段4个公交站点的港湾式改造将于年内完工；二是对沿线学校、医院周边路段"
                    "实行错峰管理，缓解早晚高峰拥堵。"
                ),
                satisfaction=BASICALLY,
                comment="希望尽快完成公交站点改造。",
            ),
        ),
    ),
    Item(
        NPC,
        105,
        pace=1.4,
        opinions=(
            (
                FIN,
                "市财政已安排农村供水保障专项资金，并将协助遂溪县争取省级乡村振兴资金支持城乡供水"
                "一体化工程。",
            ),
        ),
        replies=(
            Reply(
                DEV,
                (
                    "一是遂溪县城乡供水一体化工程已列入省、市重点项目，一期工程覆盖遂城、黄略等5个镇，预计"
                    "2027年建成通水；二是已督促遂溪县完成集中式饮用水水源保护区划定，水质每月监测一次；三是"
                    "将推动建立县级统管、镇村协管的农村供水工程管护机制，管护经费纳入县级财政预算。"
                ),
                result="B",
                until="feedback",
            ),
        ),
    ),
    Item(
        NPC,
        106,
        pace=1.1,
        opinions=(
            (
                FIN,
                "市财政将在年度预算中统筹安排硇洲岛旅游基础设施建设资金，并支持申报地方政府专项"
                "债券。",
            ),
        ),
        replies=(
            Reply(
                DEV,
                (
                    "一是硇洲岛旅游基础设施建设已纳入2026年市重点建设项目，码头改造和游客服务中心项目估算"
                    "总投资1.8亿元，正在办理前期手续；二是已协调增开旅游旺季湛江至硇洲岛客运航班，候船厅"
                    "改造年内完成；三是在保护火山岛生态的前提下，引导发展特色民宿和海岛休闲旅游。"
                ),
                result="B",
                disclosure=PARTIAL,
                withheld="，码头改造和游客服务中心项目估算总投资1.8亿元，正在办理前期手续",
            ),
        ),
    ),  # fmt: skip
    Item(
        NPC,
        107,
        pace=7.0,
        replies=(
            Reply(
                DEV,
                (
                    "一是支持徐闻县引进菠萝精深加工企业，已有2家企业的菠萝罐头和果汁生产线投产；二是已将"
                    "徐闻县产地冷链物流设施纳入省级农产品冷链物流项目库；三是持续开展徐闻菠萝区域公用品牌"
                    "推介和电商直播活动。"
                ),
                result="B",
                until="leader",
            ),
        ),
    ),
    Item(
        NPC,
        108,
        opinions=(
            (
                OFFICE,
                "建议将政务服务向镇村延伸的情况纳入对各县（市、区）的政务服务考核，我办将加强"
                "督促指导。",
            ),
        ),
        replies=(
            Reply(
                SERVICE,
                (
                    "一是已将社保、医保、户籍证明等86项高频事项下沉至镇村便民服务站办理；二是全市镇级便民"
                    "服务中心均已设立帮办代办窗口，为老年人、残疾人提供线下帮办服务；三是依托省政务数据共享"
                    "平台，实现身份证、户口簿等电子证照共享调用，减少群众重复提交材料。"
                ),
            ),
        ),
    ),
    Item(
        NPC,
        109,
        pace=1.2,
        opinions=(
            (
                SERVICE,
                "我中心将在政务服务网同步展示各部门办事指南的更新情况，配合做好政府信息公开"
                "目录动态更新。",
            ),
        ),
        replies=(
            Reply(
                OFFICE,
                (
                    "一是已印发《湛江市政府信息公开目录动态更新办法》，要求各单位信息形成后20个工作日内更新；"
                    "二是严格落实政策文件与解读材料同步起草、同步审签、同步发布，重大决策事项实行预公开；三是"
                    "政府信息公开工作已纳入2026年度各单位绩效考核，分值由3分提高至5分。"
                ),
            ),
        ),
    ),
    Item(
        NPC,
        110,
        adjustment=(
            "渔港建设和渔船安全监管属海洋渔业主管部门职责，建议调整由市海洋与渔业局主办，我局作为"
            "会办单位配合办理。"
        ),
        replies=(Reply(DEV, "", until="sign_for"),),
    ),
    Item(
        NPC,
        111,
        pace=2.6,
        opinions=(
            (
                HOUSING,
                "我局将对教师周转宿舍项目的设计审查、施工许可开辟绿色通道，并加强工程质量监管。",
            ),
            (
                FIN,
                "市财政将对农村学校教师周转宿舍建设按项目给予补助，具体额度由市教育局会同我局研究"
                "确定。",
            ),
        ),
        replies=(
            Reply(
                EDU,
                (
                    "一是已将廉江市农村学校教师周转宿舍建设纳入全市教育民生项目统筹推进；二是指导廉江市利用"
                    "闲置校舍改建教师宿舍；三是乡村教师生活补助已按规定足额发放。"
                ),
                result="B",
                until=AGAIN,
                satisfaction=Satisfaction.DISSATISFIED,
                comment="答复较原则，没有明确周转宿舍的建设数量、资金安排和完成时间，希望细化落实。",
                extension=(
                    date(2026, 5, 6),
                    date(2026, 8, 10),
                    "周转宿舍建设涉及用地和资金安排，需会同住建、财政部门研究，申请延期答复。",
                ),
                feedback_on=date(2026, 9, 15),
                again=(
                    "一是2026—2027年在廉江市偏远农村学校建设教师周转宿舍240套，今年开工的120套已完成立项，"
                    "计划2027年8月前交付使用；二是市、县两级共安排建设资金2800万元，其中市级补助1200万元；"
                    "三是利用闲置校舍改建的36套宿舍已于今年秋季学期投入使用。"
                ),
            ),
        ),
    ),  # fmt: skip
    Item(
        NPC,
        112,
        pace=1.3,
        replies=(
            Reply(
                FIN,
                (
                    "一是2026年市级财政安排基层医疗卫生机构补助资金较上年增长8%；二是设备更新和信息化建设"
                    "资金通过省级专项资金和地方政府专项债券统筹安排；三是关于逐年提高补助标准的建议，我局将"
                    "结合财力状况在编制以后年度预算时研究参考。"
                ),
                result="C",
                satisfaction=BASICALLY,
                comment="希望今后逐步提高补助标准。",
            ),
        ),
    ),
    Item(
        NPC,
        113,
        opinions=(
            (CHIKAN, "我区已在12个社区试点物业服务质量评价，愿意配合制定全市物业服务评价标准。"),
        ),
        replies=(Reply(HOUSING, "", until="opinion"),),
    ),
    Item(
        NPC,
        114,
        pace=1.1,
        opinions=(
            (
                FIN,
                "市财政已将特困人员照护服务经费纳入年度预算，并按规定提高分散供养人员护理补贴标准。",
            ),
        ),
        replies=(
            Reply(
                CIVIL,
                (
                    "一是已将全市9所镇敬老院转型升级为区域性养老服务中心，新增护理型床位460张；二是护理员"
                    "月薪酬平均提高600元，今年开展护理技能培训1200人次；三是已建立分散供养特困人员每月探访"
                    "制度，由村（居）委会和社工定期上门。"
                ),
                disclosure=PARTIAL,
            ),
        ),
    ),
    Item(
        NPC,
        115,
        pace=6.5,
        opinions=(
            (FIN, "市财政将支持雷州市申报中央和省级城市排水防涝专项资金，并做好资金拨付监管。"),
        ),
        replies=(
            Reply(
                HOUSING,
                (
                    "一是雷州市城区雨污分流和排水管网改造一期工程已开工，计划2027年汛期前完工；二是已在城区"
                    "9个易涝点安装积水监测设备，接入市城市运行管理平台；三是已指导雷州市申报中央预算内排水"
                    "防涝专项资金。"
                ),
                result="B",
                until="check",
            ),
        ),
    ),
    Item(
        NPC,
        116,
        replies=(
            Reply(
                SERVICE,
                (
                    "一是全市企业开办已实现一窗受理、一网通办、一日办结，平均办理时间压缩至0.5个工作日；二是"
                    "不动产登记与水、电、气、网过户已实现联动办理；三是今年已组织窗口人员业务培训8期，服务"
                    "满意率达99%以上。"
                ),
            ),
        ),
    ),
    Item(
        CPPCC,
        201,
        pace=1.2,
        opinions=((FIN, "市财政将统筹文化和旅游发展专项资金，支持湖光岩景区提质升级重点项目。"),),
        replies=(
            Reply(
                DEV,
                (
                    "一是《湖光岩景区提质升级规划》已编制完成，新增研学、康养等业态项目6个；二是中心城区至"
                    "湖光岩景区的旅游专线已于今年5月开通；三是景区智慧票务和导览系统已上线运行，客流监测"
                    "平台正在建设。"
                ),
                result="B",
            ),
        ),
    ),
    Item(
        CPPCC,
        202,
        pace=4.5,
        opinions=(
            (
                CIVIL,
                "我局将配合做好普惠托育服务与社区养老服务设施的统筹布局，支持社区嵌入式托育点建设。",
            ),
        ),
        replies=(
            Reply(
                EDU,
                (
                    "一是今年已指导46所幼儿园开设托班，新增托位1380个；二是会同市民政局、市卫生健康局研究"
                    "普惠性托育机构建设和运营补贴办法；三是将托育从业人员纳入职业技能培训补贴范围，并开展"
                    "托育机构安全专项检查。"
                ),
                until="draft_reply",
                returned=(
                    "check",
                    "请对照提案的三条建议逐条答复，补充托育从业人员培训和安全监管情况。",
                    (
                        "一是今年已指导46所幼儿园开设托班，新增托位1380个；二是将研究出台普惠性托育机构补贴办法。"
                    ),
                ),
            ),
        ),
    ),  # fmt: skip
    Item(
        CPPCC,
        203,
        pace=1.3,
        opinions=(
            (XIASHAN, "我区已在观海长廊岸段落实网格化巡查，配合开展违规养殖清理和海岸垃圾整治。"),
        ),
        replies=(
            Reply(
                DEV,
                (
                    "一是湛江湾红树林保护修复项目已纳入省级生态保护修复工程；二是已会同相关部门开展入海"
                    "排污口排查，完成整治128个；三是建立跨部门海岸带联合巡查执法机制涉及多个部门职责，我局"
                    "将向市政府汇报，作为今后工作的参考。"
                ),
                result="C",
                satisfaction=BASICALLY,
                comment="希望进一步加大执法力度。",
            ),
        ),
    ),
    Item(
        CPPCC,
        204,
        replies=(
            Reply(
                DEV,
                (
                    "一是已指导吴川市制定吴川月饼、牛腩粉等特色小吃制作地方标准，培育龙头企业5家；二是吴川"
                    "美食文化街区已列入市文旅融合重点项目，计划明年建成开街；三是将美食品牌推广纳入湛江文旅"
                    "宣传计划，组织开展线上美食节。"
                ),
                result="B",
            ),
        ),
    ),
    Item(
        CPPCC,
        205,
        pace=1.4,
        replies=(
            Reply(
                EDU,
                (
                    "一是今年已新招聘中小学专职心理健康教师86名，城区中小学实现全覆盖；二是已建立学生心理"
                    "健康年度筛查和一生一档危机干预机制；三是全市中小学家长学校开办率已达100%，每学期至少"
                    "开展2次家庭教育指导活动。"
                ),
                until="disclose",
            ),
        ),
    ),
    Item(
        CPPCC,
        206,
        pace=4.2,
        replies=(
            Reply(
                HOUSING,
                (
                    "一是已委托专业机构编制《赤坎历史文化街区保护与活化利用规划》，已通过专家评审；二是"
                    "骑楼建筑修缮一期工程涉及民主路、大通街等路段建筑42栋，计划2027年完工。"
                ),
                result="B",
                until="sign",
            ),
            Reply(
                CHIKAN,
                (
                    "一是我区已完成历史街区内供水、排水和电力管线改造；二是引入文创、特色餐饮等经营主体"
                    "30余家，每月举办文化市集，街区人气明显提升。"
                ),
            ),
        ),
    ),
    Item(
        CPPCC,
        207,
        pace=1.2,
        opinions=((DEV, "我局将把智慧养老项目纳入数字政府和新型基础设施建设规划统筹支持。"),),
        replies=(
            Reply(
                CIVIL,
                (
                    "一是全市智慧养老服务平台一期已建成，整合养老机构、居家服务等信息资源；二是今年为1200名"
                    "独居、高龄老人免费安装紧急呼叫和烟感报警设备；三是将会同相关部门支持本地企业研发适老化"
                    "智能产品。"
                ),
                result="B",
                satisfaction=BASICALLY,
                comment="希望扩大智能监护设备的覆盖面。",
                disclosure=PARTIAL,
            ),
        ),
    ),  # fmt: skip
    Item(
        CPPCC,
        208,
        replies=(
            Reply(
                FIN,
                (
                    "一是已修订市级政府购买服务指导性目录，细化至三级目录；二是2026年起政府购买服务项目全部"
                    "纳入预算绩效目标管理，未设绩效目标的不予安排预算；三是政府购买服务项目信息已在政府采购"
                    "网站依法公开。"
                ),
            ),
        ),
    ),
    Item(
        CPPCC,
        209,
        pace=1.1,
        opinions=(
            (OFFICE, "我办将把12345热线工单办理情况纳入政务督查，对重复转办、推诿扯皮的予以通报。"),
        ),
        replies=(
            Reply(
                SERVICE,
                (
                    "一是已出台12345热线工单分级分类办理规范，一般诉求3个工作日、紧急诉求24小时内办结；二是"
                    "建立工单办理回访和月度通报制度，通报结果纳入部门绩效考核；三是每月形成热线数据分析报告，"
                    "报送市政府参考。"
                ),
            ),
        ),
    ),
    Item(
        CPPCC,
        210,
        pace=2.4,
        replies=(
            Reply(
                XIASHAN,
                (
                    "一是我区已制定农贸市场升级改造三年计划，今年完成东堤、海头等3个市场改造；二是改造"
                    "市场同步完善给排水、消防设施和周边停车位，并安排专人整治占道经营。"
                ),
                until="feedback",
            ),
            Reply(
                HOUSING,
                (
                    "我局已将农贸市场升级改造纳入城市更新项目统筹推进，对市场周边市政道路和排水设施改造"
                    "给予技术指导，并督促落实建设质量要求。"
                ),
                result="B",
            ),
        ),
    ),
    Item(
        CPPCC,
        211,
        pace=3.0,
        opinions=(
            (
                FIN,
                "市财政将继续落实甘蔗生产全程机械化补贴政策，并支持遂溪县申报省级农业产业强镇项目。",
            ),
        ),
        replies=(Reply(DEV, "", until="contact"),),
    ),
    Item(
        CPPCC,
        212,
        pace=1.3,
        opinions=(
            (FIN, "市财政将按规定落实保障性租赁住房税费优惠政策，并做好中央财政奖补资金拨付。"),
        ),
        replies=(
            Reply(
                HOUSING,
                (
                    "一是2026年全市计划筹集保障性租赁住房3000套，其中利用产业园区配套用地建设1200套；二是"
                    "已出台支持存量闲置房屋改建保障性租赁住房的实施意见；三是保障性租赁住房项目已按规定享受"
                    "税费减免和中央财政奖补。"
                ),
                result="B",
                disclosure=PARTIAL,
            ),
        ),
    ),
    Item(
        CPPCC,
        213,
        replies=(
            Reply(
                OFFICE,
                (
                    "一是已建立政策文件与解读材料同步起草、同步审签、同步发布机制，未附解读材料的文件不予"
                    "印发；二是今年已对42件惠企利民政策采用图解、短视频等形式进行解读；三是在政府网站开设"
                    "政策咨询专栏，及时回应企业和群众关切。"
                ),
            ),
        ),
    ),
    Item(
        CPPCC,
        214,
        pace=5.5,
        opinions=(
            (
                DEV,
                "我局支持将廉江家电产业产教融合项目纳入市重点项目，对符合条件的产教融合型企业给予"
                "政策支持。",
            ),
        ),
        replies=(
            Reply(
                EDU,
                (
                    "一是已指导廉江市职业技术学校新增家电制造与维修、工业机器人应用等专业；二是推动校企共建"
                    "实训基地4个、产业学院1个；三是会同市发展改革局研究企业参与职业教育的激励措施。"
                ),
                until="leader",
            ),
        ),
    ),
]


class Clock:
    """The working days on which one share's actions happened, at the item's pace; never
    today or later, and always after the previous action."""

    def __init__(self, start, pace, seed):
        self.now, self.pace, self.seed, self.count = start, pace, seed, 0
        self.calendar = WorkingCalendar()

    def after(self, step, days=None, on=None):
        self.count += 1
        day = on or self.now.date() + timedelta(
            days=round((DAYS[step] if days is None else days) * self.pace)
        )
        while not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        hour, minute = 9 + (self.seed + 3 * self.count) % 8, (7 * self.seed + 13 * self.count) % 60
        moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        if moment <= self.now:
            moment = self.now + timedelta(minutes=40)
        if moment.date() >= timezone.localdate():
            raise ValueError(f"演示计划的日期 {moment:%Y-%m-%d} 不在今天之前。")
        self.now = moment
        return moment

    def fork(self):
        clock = Clock(self.now, self.pace, self.seed)
        clock.count = self.count
        return clock


class Demo:
    def __init__(self):
        self.office = Person.objects.get(username=OFFICE_CLERK)
        self.teams = {}
        self.letters = Counter()
        self.classes = {c.code: c for c in ResultClass.objects.all()}

    def team(self, unit):
        """{role: person} of a handling unit: the first person of the unit with each role."""
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

    def number(self, unit):
        prefix, first, _phone, _field = LETTERHEAD[unit]
        count = self.letters[unit]
        self.letters[unit] += 1
        return f"{prefix}〔2026〕{first + 5 * count + count % 3}号"

    # the item

    def advance(self, item, proposal, process):
        clock = Clock(timezone.make_aware(datetime.combine(date(*ASSIGNED[item.kind]), time(9, 30))),
                      item.pace, item.number)  # fmt: skip
        lead = proposal.suggested_lead_unit
        co_units = list(proposal.suggested_co_units.order_by("rank"))
        self.do(process, "assign", self.office, lambda task: rules.assign(
            proposal, lead, co_units, proposal.handling, self.office, when=clock.now))  # fmt: skip
        shares = list(proposal.assignments.order_by("pk"))
        planned = {reply.unit for reply in item.replies}
        replying = {s.unit.name for s in shares if s.role != AssignmentRole.CO}
        if planned != replying:
            raise ValueError(f"{proposal.label}：计划的答复单位{planned}与交办{replying}不一致。")

        for index, share in enumerate(shares):
            at = clock.after("sign_for", days=DAYS["sign_for"] if index == 0 else 1)
            clerk = self.team(share.unit.name)[Role.HANDLING_CLERK]
            if index == 0 and item.adjustment:

                def adjust(task, clerk=clerk, reason=item.adjustment):
                    rules.request_adjustment(task.seed, reason, clerk)

                self.do(process, "sign_for", clerk, adjust, share)
                continue
            self.do(
                process,
                "sign_for",
                clerk,
                lambda task, c=clerk: rules.sign_for(task.seed, c),
                share,
            )
            Assignment.objects.filter(pk=share.pk).update(signed_at=at)
        if item.adjustment:
            return

        written = dict(item.opinions)
        for index, share in enumerate(s for s in shares if s.role == AssignmentRole.CO):
            if share.unit.name not in written:
                continue
            at = clock.after("opinion", days=DAYS["opinion"] if index == 0 else 3)
            clerk = self.team(share.unit.name)[Role.HANDLING_CLERK]
            phone = LETTERHEAD[share.unit.name][2]

            def opinion(task, clerk=clerk, text=written[share.unit.name], phone=phone, at=at):
                made = rules.write_opinion(
                    task.seed, text, f"{clerk.get_full_name()} {phone}", clerk
                )
                Opinion.objects.filter(pk=made.pk).update(written_at=at)

            self.do(process, "opinion", clerk, opinion, share)
        if any(s.role == AssignmentRole.CO and s.unit.name not in written for s in shares):
            return

        by_unit = {s.unit.name: s for s in shares}
        for reply in item.replies:
            self.reply(process, proposal, by_unit[reply.unit], reply, clock.fork())

    # one unit's reply branch

    def reply(self, process, proposal, share, reply, clock):
        if reply.until == "contact":
            return
        team = self.team(share.unit.name)
        clerk = team[Role.HANDLING_CLERK]
        if reply.extension:
            approved_on, new_due, reason = reply.extension
            rules.extend(share, new_due, reason, self.office)
            at = clock.after("contact", on=approved_on)
            Extension.objects.filter(assignment=share).update(approved_at=at)
        self.contact(process, proposal, share, clerk, clock, 1)

        prefix, _first, phone, field = LETTERHEAD[share.unit.name]
        fields = {
            "number": self.number(share.unit.name),
            "result_class": self.classes[reply.result],
            "signer": team[Role.UNIT_LEADER].get_full_name(),
            "contact_person": clerk.get_full_name(),
            "contact_phone": phone,
        }
        returns = [reply.returned] if reply.returned else []
        points = reply.returned[2] if reply.returned else reply.points
        self.submit(process, proposal, share, clerk, clock, points, fields, "draft_reply")
        passed = False
        while not passed:
            for step, role in REVIEWERS:
                if reply.until == step:
                    return
                pending = returns and returns[0][0] == step
                comment = returns.pop(0)[1] if pending else ""
                self.review(
                    process, share, step, team[role], clock.after(step), not pending, comment
                )
                if pending:
                    if reply.until == "draft_reply":
                        self.save_draft(process, proposal, share, clerk, clock, reply.points)
                        return
                    self.submit(process, proposal, share, clerk, clock, reply.points, {}, "redraft")
                    break
            else:
                passed = True

        # signed: the flow has sent the letter
        sent = clock.now + timedelta(hours=1)
        ReplyLetter.objects.filter(assignment=share, sent_at__isnull=False).update(sent_at=sent)
        Assignment.objects.filter(pk=share.pk).update(replied_at=sent)
        if reply.until == "feedback":
            return
        letter = replies.current_letter(Assignment.objects.get(pk=share.pk))
        at = clock.after("feedback", on=reply.feedback_on)

        def feedback(task):
            given = replies.record_feedback(letter, reply.satisfaction, reply.comment, self.office)
            Feedback.objects.filter(pk=given.pk).update(at=at)

        self.do(process, "feedback", self.office, feedback, share)
        if reply.until == AGAIN:
            self.contact(process, proposal, share, clerk, clock, 2)
            again = {"number": self.number(share.unit.name), "result_class": self.classes["A"]}
            self.save_draft(process, proposal, share, clerk, clock, reply.again, again)
            return
        if reply.until == "disclose":
            return
        at = clock.after("disclose")
        body = letter.body
        if reply.disclosure == PARTIAL:
            name = proposal.lead_proposer.name
            released = (
                body.replace(reply.withheld, "") if reply.withheld else body.replace(name, "×××")
            )
            reason = ("答复中的项目投资数额尚待审批，暂不公开，其余内容公开。" if reply.withheld
                      else NO_CONSENT_REASON)  # fmt: skip
        else:
            released, reason = "", FULL_REASON

        def disclose(task):
            made = replies.disclose(letter, reply.disclosure, reason, released, self.office)
            Disclosure.objects.filter(pk=made.pk).update(decided_at=at)

        self.do(process, "disclose", self.office, disclose, share)

    def contact(self, process, proposal, share, clerk, clock, round_):
        at = clock.after("contact")
        who = addressee(proposal)
        methods = [ContactMethod.PHONE, ContactMethod.MEETING, ContactMethod.VISIT]
        method = methods[(proposal.number + share.unit_id + round_) % 3]
        summary = {
            ContactMethod.PHONE: f"电话联系{who}，介绍办理思路和初步措施，听取意见，对方希望抓好落实。",
            ContactMethod.MEETING: f"邀请{who}当面座谈，通报办理进展，逐条听取对答复内容的意见。",
            ContactMethod.VISIT: f"陪同{who}实地走访调研，共同查看现场情况，商议解决办法和进度安排。",
        }[method]

        def act(task):
            rules.record_contact(task.seed, clerk, method=method, contacted_on=at.date(),
                                 summary=summary)  # fmt: skip

        self.do(process, "contact", clerk, act, share)

    def write(self, share, proposal, points, fields):
        letter = replies.current_letter(Assignment.objects.get(pk=share.pk))
        for name, value in fields.items():
            setattr(letter, name, value)
        letter.body = letter_body(proposal, share.unit.name, points)
        if letter.round == 1:
            letter.copy_to = copy_to(proposal, share.unit.name)
        letter.full_clean()
        letter.save()
        return letter

    def submit(self, process, proposal, share, clerk, clock, points, fields, step):
        at = clock.after(step)

        def act(task):
            version = replies.submit(self.write(share, proposal, points, fields), clerk)
            LetterVersion.objects.filter(pk=version.pk).update(saved_at=at)

        self.do(process, "draft_reply", clerk, act, share)

    def save_draft(self, process, proposal, share, clerk, clock, points, fields=None):
        """The clerk has the task and a saved draft, not yet submitted."""
        clock.after("redraft")
        task = services.open_tasks(process, "draft_reply", assignment=share).get()
        with task.activation() as activation:
            if activation.task.status == STATUS.NEW:
                activation.assign(clerk)
        self.write(share, proposal, points, fields or {})

    def review(self, process, share, step, person, at, approved, comment):
        def act(task):
            letter = replies.current_letter(task.seed)
            entry = replies.review(letter, step, approved, comment, person)
            LetterReview.objects.filter(pk=entry.pk).update(at=at)

        self.do(process, step, person, act, share)

    @staticmethod
    def do(process, step, person, act, share=None):
        seed = {} if share is None else {"assignment": share}
        services.do(person, services.open_tasks(process, step, **seed).get(), act)


def addressee(proposal):
    return f"{proposal.lead_proposer.name}{'代表' if proposal.kind == Kind.NPC else '委员'}"


def letter_body(proposal, unit, points):
    term, session = (replies.chinese_count(n) for n in (proposal.term, proposal.session))
    meeting = f"市{term}届人大{session}次会议" if proposal.kind == Kind.NPC else (
        f"市政协{term}届{session}次会议")  # fmt: skip
    thanks = LETTERHEAD[unit][3]
    thanks = f"对{thanks}工作" if thanks != "我区" else "对我区工作"
    return (
        f"{addressee(proposal)}：\n"
        f"您在{meeting}上提出的《{proposal.title}》（第{proposal.number:04d}号）收悉。经认真研究，"
        f"现答复如下：\n{points}\n感谢您{thanks}的关心和支持。"
    )


def copy_to(proposal, unit):
    body = "市人大常委会代表工作委员会" if proposal.kind == Kind.NPC else "市政协提案委员会"
    co_units = proposal.assignments.filter(role=AssignmentRole.CO).select_related("unit")
    names = dict.fromkeys([body, OFFICE, *(a.unit.name for a in co_units)])
    return "、".join(name for name in names if name != unit)


def demo_items():
    """(plan, proposal, process) for each planned item still waiting to be assigned."""
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
    advanced: int
    steps: Counter  # step title -> items waiting there (办结 for finished ones)
    overdue: int  # shares marked overdue


@transaction.atomic
def load_demo_proposals():
    """Moves the demo items still waiting at "assign" to their planned step; None when there
    were none (loaded before)."""
    waiting = list(demo_items())
    if not waiting:
        return None
    demo = Demo()
    for item, proposal, process in waiting:
        demo.advance(item, proposal, process)
    fire_due_timers()
    return progress(len(waiting))


def progress(advanced):
    steps = Counter()
    processes = ProposalProcess.objects.filter(flow_class=ProposalFlow)
    for process in processes:
        open_steps = {
            task.flow_task.name
            for task in process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED])
            if task.flow_task_type == "HUMAN"
        }
        if process.finished:
            steps["办结"] += 1
        for name in open_steps:
            steps[str(getattr(ProposalFlow, name).task_title)] += 1
    overdue = Assignment.objects.filter(overdue_since__isnull=False).count()
    return Progress(advanced, steps, overdue)
