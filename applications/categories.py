"""What an application for disclosure is answered with: the categories of 《中华人民共和国政府
信息公开条例》(2019) as the annual report's table 三 counts them (国办公开办函〔2021〕30号), each
with the article an answer letter cites.

One list for the answer, the letter and the report: the report's lines are these codes
(`refused.secret`…), so a table 三 counted from the records and one typed by the office read
alike (reports/office_parts.py). The rows are data (`AnswerCategory`, ensured after every
migrate): an office words a legal basis its own way in the admin; the codes stay.
"""

from django.utils.translation import gettext_lazy, gettext_noop

# table 三's columns: who applied (自然人, then the kinds of 法人或其他组织)
APPLICANT_KINDS = [
    ("natural", gettext_lazy("自然人")),
    ("business", gettext_lazy("商业企业")),
    ("research", gettext_lazy("科研机构")),
    ("public_interest", gettext_lazy("社会公益组织")),
    ("legal_service", gettext_lazy("法律服务机构")),
    ("other_org", gettext_lazy("其他")),
]
NATURAL = "natural"

# (group, its label, [(line, its label, legal basis)]); a group without lines is a line itself
# and carries its basis in the group's place
RESULT_GROUPS = [
    ("granted", gettext_lazy("（一）予以公开"), gettext_noop("第三十六条第（二）项"), []),
    (
        "partial",
        gettext_lazy("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        gettext_noop("第三十七条"),
        [],
    ),
    (
        "refused",
        gettext_lazy("（三）不予公开"),
        "",
        [
            ("secret", gettext_lazy("1.属于国家秘密"), gettext_noop("第十四条")),
            ("forbidden", gettext_lazy("2.其他法律行政法规禁止公开"), gettext_noop("第十四条")),
            ("safety", gettext_lazy("3.危及“三安全一稳定”"), gettext_noop("第十四条")),
            ("third_party", gettext_lazy("4.保护第三方合法权益"), gettext_noop("第十五条")),
            (
                "internal",
                gettext_lazy("5.属于三类内部事务信息"),
                gettext_noop("第十六条第一款"),
            ),
            ("process", gettext_lazy("6.属于四类过程性信息"), gettext_noop("第十六条第二款")),
            (
                "enforcement_file",
                gettext_lazy("7.属于行政执法案卷"),
                gettext_noop("第十六条第二款"),
            ),
            ("inquiry", gettext_lazy("8.属于行政查询事项"), gettext_noop("第三十六条第（七）项")),
        ],
    ),
    (
        "unable",
        gettext_lazy("（四）无法提供"),
        "",
        [
            (
                "not_held",
                gettext_lazy("1.本机关不掌握相关政府信息"),
                gettext_noop("第三十六条第（四）项、第（五）项"),
            ),
            ("to_be_made", gettext_lazy("2.没有现成信息需要另行制作"), gettext_noop("第三十八条")),
            ("unclear", gettext_lazy("3.补正后申请内容仍不明确"), gettext_noop("第三十条")),
        ],
    ),
    (
        "not_handled",
        gettext_lazy("（五）不予处理"),
        "",
        [
            ("petition", gettext_lazy("1.信访举报投诉类申请"), gettext_noop("第三十九条第一款")),
            ("repeated", gettext_lazy("2.重复申请"), gettext_noop("第三十六条第（六）项")),
            (
                "publication",
                gettext_lazy("3.要求提供公开出版物"),
                gettext_noop("第三十九条第二款"),
            ),
            ("abusive", gettext_lazy("4.无正当理由大量反复申请"), gettext_noop("第三十五条")),
            (
                "confirm",
                gettext_lazy("5.要求行政机关确认或重新出具已获取信息"),
                gettext_noop("第三十九条第二款"),
            ),
        ],
    ),
    (
        "other",
        gettext_lazy("（六）其他处理"),
        "",
        [
            (
                "no_correction",
                gettext_lazy("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                gettext_noop("第三十条"),
            ),
            (
                "no_fee",
                gettext_lazy(
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
                ),
                gettext_noop("第四十二条"),
            ),
            ("else", gettext_lazy("3.其他"), ""),
        ],
    ),
]
PARTIAL = "partial"
# the groups as an applicant reads them: the table's numbering and its counting note are for
# the report, the answer letter gives the reason
PLAIN = {
    "granted": gettext_lazy("予以公开"),
    "partial": gettext_lazy("部分公开"),
    "refused": gettext_lazy("不予公开"),
    "unable": gettext_lazy("无法提供"),
    "not_handled": gettext_lazy("不予处理"),
    "other": gettext_lazy("其他处理"),
}


def result_lines():
    """[(code, label)] of every line of 三、本年度办理结果, in the table's order."""
    found = []
    for group, label, _basis, lines in RESULT_GROUPS:
        if not lines:
            found.append((group, label))
        found += [(f"{group}.{key}", line_label) for key, line_label, _basis in lines]
    return found


def labels():
    """{code: "（三）不予公开 1.属于国家秘密"}: how a category is named to people."""
    found = {}
    for group, label, _basis, lines in RESULT_GROUPS:
        if not lines:
            found[group] = label
        for key, line_label, _law in lines:
            found[f"{group}.{key}"] = f"{label} {line_label}"
    return found


def defaults():
    """[(code, legal basis, rank)] of the rows ensured, in the table's order."""
    rows = []
    for group, _label, basis, lines in RESULT_GROUPS:
        if not lines:
            rows.append((group, basis))
        rows += [(f"{group}.{key}", law) for key, _text, law in lines]
    return [(code, basis, rank) for rank, (code, basis) in enumerate(rows)]


def ensure_defaults(sender=None, **kwargs):
    from applications.models import AnswerCategory

    for code, basis, rank in defaults():
        AnswerCategory.objects.get_or_create(
            code=code, defaults={"legal_basis": basis, "rank": rank}
        )
