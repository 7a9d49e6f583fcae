"""The demo's other policy packages: short texts of the kind 湛江's departments issue, each
with its interpretation, and how far each one has gone by the time the demo is loaded.

`route` lists who acts at each step after the drafter's submission, in order: (username,
step) approves, (username, step, comment) returns the package to its drafter with that
comment. A package whose route stops short of the issuing leader waits at its next step.
"""

from datetime import date

PACKAGES = [
    {
        "drafter": "jy-drafter",
        "document": {
            "title": "湛江市教育局关于做好2026年义务教育阶段学校招生入学工作的通知",
            "number": "湛教〔2026〕15号",
            "issuing_body": "湛江市教育局",
            "doc_type": "normative",
            "livelihood": True,
            "expires_on": date(2026, 12, 31),
            "summary": (
                "明确2026年全市义务教育阶段学校招生的入学年龄、划片招生、随迁子女入学、"
                "报名时间和班额要求。"
            ),
            "body": (
                "各县（市、区）教育局，市直各学校：\n"
                "为做好2026年全市义务教育阶段学校招生入学工作，现就有关事项通知如下。\n"
                "一、入学年龄。年满6周岁（2020年8月31日前出生）的适龄儿童应当入小学一年级。\n"
                "二、划片招生。公办学校按照“划片招生、就近入学”原则招生，各县（市、区）"
                "教育局于5月31日前向社会公布学区范围。\n"
                "三、随迁子女入学。符合条件的进城务工人员随迁子女，按照积分入学办法统筹安排"
                "在公办学校或政府购买学位的民办学校就读。\n"
                "四、报名时间。网上报名时间为6月20日至6月30日，录取结果于7月25日前公布。\n"
                "五、班额要求。小学起始年级每班不超过45人，初中起始年级每班不超过50人。\n"
                "本通知自印发之日起施行，有效期至2026年12月31日。"
            ),
        },
        "interpretation": {
            "forms": ["text", "graphic", "qa"],
            "channel": "湛江市人民政府网站、湛江教育微信公众号",
            "timing": "与文件同步发布，报名开始前再次推送图解",
            "interpreter": "何平",
            "interpreter_title": "市教育局局长（第一解读人）",
            "contact": "市教育局基础教育科 0759-3180000",
            "background": (
                "依据《中华人民共和国义务教育法》和省教育厅关于做好义务教育招生入学工作的"
                "要求，结合我市学位供给情况制定。"
            ),
            "main_content": (
                "通知明确了入学年龄、划片招生、随迁子女入学、报名时间和班额五个方面的要求，"
                "保障适龄儿童少年公平接受义务教育。"
            ),
            "benefits": "全程网上报名，家长凭身份证件即可办理，不再提交纸质证明材料。",
            "differences": "较2025年，报名时间提前5天，录取结果公布时间提前至7月25日前。",
            "qa": [
                {
                    "question": "孩子2020年9月出生，今年能上小学吗？",
                    "answer": "不能。今年入学须在2020年8月31日前出生，9月出生的儿童明年入学。",
                },
                {
                    "question": "在哪里查询学校的学区范围？",
                    "answer": "各县（市、区）教育局于5月31日前在其官方网站公布学区范围。",
                },
                {
                    "question": "进城务工人员随迁子女怎样申请入学？",
                    "answer": "按照积分入学办法在报名系统提交申请，由教育部门统筹安排学位。",
                },
            ],
            "key_figures": [
                {"value": "6", "unit": "周岁", "label": "小学入学年龄"},
                {"value": "45", "unit": "人", "label": "小学起始年级班额上限"},
                {"value": "50", "unit": "人", "label": "初中起始年级班额上限"},
                {"value": "11", "unit": "天", "label": "网上报名时间"},
            ],
            "timeline": [
                {"date": "2026年5月31日前", "event": "公布学区范围"},
                {"date": "2026年6月20日至30日", "event": "网上报名"},
                {"date": "2026年7月25日前", "event": "公布录取结果"},
            ],
        },
        "route": [
            ("director", "sign_off"),
            ("reviewer", "openness_review"),
            ("legal", "legal_review"),
            ("issuer", "issue"),
        ],
    },
    {
        "drafter": "mz-drafter",
        "document": {
            "title": "湛江市民政局关于提高2026年城乡最低生活保障标准的通知",
            "number": "湛民〔2026〕8号",
            "issuing_body": "湛江市民政局",
            "doc_type": "normative",
            "livelihood": True,
            "effective_from": date(2026, 7, 1),
            "summary": "自2026年7月1日起提高全市城乡最低生活保障标准和特困人员基本生活标准。",
            "body": (
                "各县（市、区）民政局：\n"
                "经市人民政府同意，现就提高我市城乡最低生活保障标准有关事项通知如下。\n"
                "一、城市最低生活保障标准由每人每月1000元提高到1050元。\n"
                "二、农村最低生活保障标准由每人每月780元提高到820元。\n"
                "三、特困人员基本生活标准按照不低于当地城乡低保标准的1.6倍确定。\n"
                "四、所需资金由各级财政按现行渠道解决，各地不得以任何理由延迟发放。\n"
                "本通知自2026年7月1日起施行。"
            ),
        },
        "interpretation": {
            "forms": ["text", "graphic", "qa"],
            "channel": "湛江市人民政府网站、湛江民政微信公众号",
            "timing": "与文件同步发布",
            "interpreter": "卢建军",
            "interpreter_title": "市民政局局长（第一解读人）",
            "contact": "市民政局社会救助科 0759-3160000",
            "background": (
                "依据《社会救助暂行办法》和省民政厅、省财政厅关于建立低保标准动态调整机制的"
                "要求，按照我市居民人均消费支出增长情况确定新标准。"
            ),
            "main_content": (
                "城市低保标准提高到每人每月1050元，农村低保标准提高到每人每月820元，"
                "特困人员基本生活标准同步提高。"
            ),
            "benefits": "全市约9.6万名低保对象和特困人员自7月起按新标准领取救助金。",
            "qa": [
                {
                    "question": "新标准从什么时候开始执行？",
                    "answer": "自2026年7月1日起执行，7月的救助金按新标准发放。",
                },
                {
                    "question": "已经是低保对象的，需要重新申请吗？",
                    "answer": "不需要。民政部门直接按新标准核算发放，无须本人申请。",
                },
            ],
            "key_figures": [
                {"value": "1050", "unit": "元/月", "label": "城市低保标准"},
                {"value": "820", "unit": "元/月", "label": "农村低保标准"},
                {"value": "1.6", "unit": "倍", "label": "特困供养标准不低于低保标准"},
            ],
            "timeline": [
                {"date": "2026年6月", "event": "市民政局、市财政局测算新标准"},
                {"date": "2026年7月1日", "event": "新标准开始执行"},
            ],
        },
        "route": [
            ("mz-head", "sign_off"),
            ("reviewer", "openness_review"),
            ("legal", "legal_review"),
            ("issuer", "issue"),
        ],
    },
    {
        "drafter": "zj-drafter",
        "document": {
            "title": "湛江市住房和城乡建设局关于做好2026年城镇老旧小区改造工作的通知",
            "number": "湛建〔2026〕21号",
            "issuing_body": "湛江市住房和城乡建设局",
            "doc_type": "other",
            "livelihood": True,
            "summary": "部署2026年全市126个城镇老旧小区改造，明确改造范围、内容和完成时限。",
            "body": (
                "各县（市、区）住房城乡建设局：\n"
                "为改善居民居住条件，现就做好2026年城镇老旧小区改造工作通知如下。\n"
                "一、改造范围。2000年底前建成、失养失修失管的城镇住宅小区，"
                "2026年计划改造126个，涉及居民约1.8万户。\n"
                "二、改造内容。重点改造供水、排水、供电、燃气等老化管线，"
                "同步完善加装电梯、无障碍设施和停车、充电设施。\n"
                "三、居民参与。改造方案须经小区居民充分协商，公示不少于7天。\n"
                "四、完成时限。各项目于2026年12月底前完工。"
            ),
        },
        "interpretation": {
            "forms": ["text", "graphic", "qa"],
            "channel": "湛江市人民政府网站、湛江住建微信公众号",
            "timing": "与文件同步发布",
            "interpreter": "岑卫东",
            "interpreter_title": "市住房城乡建设局局长（第一解读人）",
            "contact": "市住房城乡建设局城市更新科 0759-3390000",
            "background": "依据国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见制定。",
            "main_content": (
                "明确改造范围为2000年底前建成的老旧小区，重点改造老化管线，"
                "同步完善电梯、无障碍和停车充电设施，年底前完工。"
            ),
            "qa": [
                {
                    "question": "我家小区能不能列入改造计划？",
                    "answer": (
                        "2000年底前建成、失养失修失管的小区，"
                        "可由社区向所在县（市、区）住房城乡建设局申报。"
                    ),
                },
                {
                    "question": "改造方案由谁决定？",
                    "answer": "由街道、社区组织居民协商确定，方案公示不少于7天。",
                },
            ],
            "key_figures": [
                {"value": "126", "unit": "个", "label": "2026年改造小区"},
                {"value": "1.8", "unit": "万户", "label": "受益居民"},
                {"value": "7", "unit": "天", "label": "改造方案公示期"},
            ],
            "timeline": [
                {"date": "2026年4月", "event": "各县（市、区）确定改造项目"},
                {"date": "2026年12月底", "event": "全部项目完工"},
            ],
        },
        "route": [
            ("zj-head", "sign_off"),
            ("reviewer", "openness_review"),
            ("issuer", "issue"),
        ],
    },
    # ---- still under way: each demo role has one to act on
    {
        "drafter": "drafter",
        "document": {
            "title": "湛江市人民政府办公室关于印发湛江市2026年政务公开工作要点的通知",
            "number": "湛府办〔2026〕9号",
            "issuing_body": "湛江市人民政府办公室",
            "doc_type": "other",
            "summary": "部署2026年全市政务公开重点工作。",
            "body": (
                "各县（市、区）人民政府（管委会），市府直属各单位：\n"
                "《湛江市2026年政务公开工作要点》已经市人民政府同意，现印发给你们，"
                "请认真贯彻落实。\n"
                "一、深化政策解读，坚持“谁起草、谁解读”，解读材料与文件同步报批、同步公开。\n"
                "二、做好建议提案办理结果公开，复文全文公开率不低于上年。\n"
                "三、加强政府网站和政务新媒体管理。"
            ),
        },
        "interpretation": {
            "forms": ["text", "qa"],
            "channel": "湛江市人民政府网站",
            "timing": "与文件同步发布",
            "interpreter": "王强",
            "interpreter_title": "市政府办公室主任（第一解读人）",
            "contact": "市政府办公室政务公开科 0759-3333333",
            "background": (
                "依据国务院办公厅和省政府办公厅2026年政务公开工作要点，结合我市实际制定。"
            ),
            "main_content": "围绕政策解读、建议提案办理结果公开和政务新媒体管理部署年度任务。",
            "qa": [
                {
                    "question": "建议提案办理复文都要公开吗？",
                    "answer": "涉及公共利益、公众权益的非涉密复文，承办单位应全文公开。",
                }
            ],
        },
        "route": [],  # waits for the unit leader's sign-off (leader)
    },
    {
        "drafter": "drafter",
        "document": {
            "title": "湛江市人民政府办公室关于进一步规范政策文件解读工作的通知",
            "number": "湛府办〔2026〕14号",
            "issuing_body": "湛江市人民政府办公室",
            "doc_type": "normative",
            "summary": "规范全市政策文件解读的方案、形式、审核和发布。",
            "body": (
                "各县（市、区）人民政府（管委会），市府直属各单位：\n"
                "一、政策文件起草部门应同步起草解读方案和解读材料，一并报审。\n"
                "二、涉及群众切身利益的文件，应采用图解、问答等通俗易懂的解读形式。\n"
                "三、解读材料应在文件公开后3个工作日内发布。"
            ),
        },
        "interpretation": {
            "forms": ["text"],
            "channel": "湛江市人民政府网站",
            "timing": "与文件同步发布",
            "interpreter": "王强",
            "interpreter_title": "市政府办公室主任（第一解读人）",
            "contact": "市政府办公室政务公开科 0759-3333333",
            "background": "依据国务院办公厅关于进一步做好政务公开中政策解读工作的有关要求。",
            "main_content": "规范解读方案、解读形式、审核程序和发布时限。",
        },
        # the openness review sends it back: the drafter has it to revise
        "route": [
            ("leader", "sign_off"),
            ("reviewer", "openness_review", "解读未写明新旧政策差异，请补充后重新提交。"),
        ],
    },
    {
        "drafter": "mz-drafter",
        "document": {
            "title": "湛江市民政局关于做好2026年度高龄老人津贴发放工作的通知",
            "number": "湛民〔2026〕11号",
            "issuing_body": "湛江市民政局",
            "doc_type": "other",
            "summary": "明确2026年度80周岁以上老人高龄津贴的发放对象、标准和方式。",
            "body": (
                "各县（市、区）民政局：\n"
                "一、发放对象为具有本市户籍、年满80周岁的老年人。\n"
                "二、80至89周岁每人每月100元，90至99周岁每人每月200元，"
                "100周岁以上每人每月500元。\n"
                "三、津贴按月通过社会保障卡发放。"
            ),
        },
        "interpretation": {
            "forms": ["text", "qa"],
            "channel": "湛江市人民政府网站",
            "timing": "与文件同步发布",
            "interpreter": "卢建军",
            "interpreter_title": "市民政局局长（第一解读人）",
            "contact": "市民政局养老服务科 0759-3160000",
            "background": "依据《广东省老年人权益保障条例》关于高龄津贴的规定。",
            "main_content": "明确发放对象、分档标准和按月通过社会保障卡发放的方式。",
            "qa": [
                {
                    "question": "高龄津贴需要每年重新申请吗？",
                    "answer": "不需要，民政部门每年核对一次享受资格。",
                }
            ],
        },
        "route": [("mz-head", "sign_off")],  # waits for the openness review (reviewer)
    },
    {
        "drafter": "jy-drafter",
        "document": {
            "title": "湛江市教育局关于规范中小学课后服务工作的通知",
            "number": "湛教〔2026〕19号",
            "issuing_body": "湛江市教育局",
            "doc_type": "normative",
            "summary": "规范全市中小学课后服务的时间、内容和收费。",
            "body": (
                "各县（市、区）教育局，市直各学校：\n"
                "一、课后服务结束时间原则上不早于当地正常下班时间。\n"
                "二、课后服务以作业辅导和文体活动为主，不得讲授新课。\n"
                "三、课后服务收费标准由各县（市、区）按规定报批后公示。"
            ),
        },
        "interpretation": {
            "forms": ["text"],
            "channel": "湛江市人民政府网站、湛江教育微信公众号",
            "timing": "与文件同步发布",
            "interpreter": "何平",
            "interpreter_title": "市教育局局长（第一解读人）",
            "contact": "市教育局基础教育科 0759-3180000",
            "background": "依据教育部关于做好中小学生课后服务工作的指导意见。",
            "main_content": "明确课后服务的时间、内容和收费要求。",
        },
        # waits for the legal review (legal)
        "route": [("director", "sign_off"), ("reviewer", "openness_review")],
    },
    {
        "drafter": "zj-drafter",
        "document": {
            "title": "湛江市住房和城乡建设局关于加强住宅小区物业服务管理的通知",
            "number": "湛建〔2026〕27号",
            "issuing_body": "湛江市住房和城乡建设局",
            "doc_type": "other",
            "summary": "要求物业服务企业公开服务内容和收费，规范物业服务行为。",
            "body": (
                "各县（市、区）住房城乡建设局，各物业服务企业：\n"
                "一、物业服务企业应在小区显著位置公示服务内容、收费标准和投诉电话。\n"
                "二、公共收益应单独列账，每半年向业主公布一次。\n"
                "三、住房城乡建设部门每年开展一次物业服务质量检查。"
            ),
        },
        "interpretation": {
            "forms": ["text", "qa"],
            "channel": "湛江市人民政府网站",
            "timing": "与文件同步发布",
            "interpreter": "岑卫东",
            "interpreter_title": "市住房城乡建设局局长（第一解读人）",
            "contact": "市住房城乡建设局物业管理科 0759-3390000",
            "background": "依据《物业管理条例》和《广东省物业管理条例》。",
            "main_content": "明确物业服务公示、公共收益公开和质量检查要求。",
            "qa": [
                {
                    "question": "小区公共收益多久公布一次？",
                    "answer": "物业服务企业应每半年向业主公布一次。",
                }
            ],
        },
        # waits for the issuing leader (issuer)
        "route": [("zj-head", "sign_off"), ("reviewer", "openness_review")],
    },
]
