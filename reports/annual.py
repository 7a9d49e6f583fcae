"""政府信息公开工作年度报告: the annual report in the national format (国办公开办函〔2021〕30号),
filled with what this product knows and with marked boxes for what it does not.

Six sections, as the format has them:

一、总体情况 — the policy interpretation work (谁起草、谁解读) from the year's packages; the
    rest of the overview (依申请公开, 政府信息管理, 平台建设, 监督保障) is the office's to write.
二、主动公开政府信息情况 — the 规章 and 行政规范性文件 rows (issued, repealed, in force);
    行政许可, 行政处罚, 行政强制 and 行政事业性收费 are for the office to fill.
三、收到和处理政府信息公开申请情况 and 四、行政复议、行政诉讼情况 — requests for disclosure,
    reviews and lawsuits never pass through this product: the whole tables are grey boxes.
五、存在的主要问题及改进情况 — the office's text, with the figures that may prompt it.
六、其他需要报告的事项 — the handling of suggestions and proposals and the disclosure of the
    replies.

Every number comes from `reports.figures`; in the HTML each links to the staff list of the
items behind it (`link(key, unit)` gives the address), the PDF prints the numbers alone.
"""

from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.rendering.cache import rendered
from reports.figures import feedback_received, figure_text, pleased_rate, ratio
from reports.sources import REPORTED_TYPES

TEMPLATE = "reports/annual_report.html"
STYLESHEET = "reports/annual_report.css"
# the city government, whose office reports for it; a unit's report carries the unit's name
CITY_GOVERNMENT = "湛江市人民政府"

# the lines of section 三's table under 三、本年度办理结果, (三) to (六), as the format has them
REQUEST_RESULTS = [
    (
        gettext_lazy("（三）不予公开"),
        [
            gettext_lazy("1.属于国家秘密"),
            gettext_lazy("2.其他法律行政法规禁止公开"),
            gettext_lazy("3.危及“三安全一稳定”"),
            gettext_lazy("4.保护第三方合法权益"),
            gettext_lazy("5.属于三类内部事务信息"),
            gettext_lazy("6.属于四类过程性信息"),
            gettext_lazy("7.属于行政执法案卷"),
            gettext_lazy("8.属于行政查询事项"),
        ],
    ),
    (
        gettext_lazy("（四）无法提供"),
        [
            gettext_lazy("1.本机关不掌握相关政府信息"),
            gettext_lazy("2.没有现成信息需要另行制作"),
            gettext_lazy("3.补正后申请内容仍不明确"),
        ],
    ),
    (
        gettext_lazy("（五）不予处理"),
        [
            gettext_lazy("1.信访举报投诉类申请"),
            gettext_lazy("2.重复申请"),
            gettext_lazy("3.要求提供公开出版物"),
            gettext_lazy("4.无正当理由大量反复申请"),
            gettext_lazy("5.要求行政机关确认或重新出具已获取信息"),
        ],
    ),
    (
        gettext_lazy("（六）其他处理"),
        [
            gettext_lazy("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            gettext_lazy(
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
            ),
            gettext_lazy("3.其他"),
        ],
    ),
]
APPEAL_RESULTS = [
    gettext_lazy("结果维持"),
    gettext_lazy("结果纠正"),
    gettext_lazy("其他结果"),
    gettext_lazy("尚未审结"),
    gettext_lazy("总计"),
]


@dataclass(frozen=True)
class Shown:
    """A number as the report prints it: a link to its items in HTML when there is one."""

    value: object
    url: str = ""
    format: str = "count"

    @property
    def text(self):
        return figure_text(self.value, self.format)

    @property
    def html(self):
        """Safe markup: Django's templates turn any other object into text first."""
        if self.url:
            return format_html('<a class="figure" href="{}">{}</a>', self.url, self.text)
        return format_html('<span class="figure">{}</span>', self.text)


def issuer(scope):
    return scope.unit.name if scope.unit else CITY_GOVERNMENT


def title(scope):
    return _("%(issuer)s%(year)d年度政府信息公开工作年度报告") % {
        "issuer": issuer(scope),
        "year": scope.year,
    }


def stylesheet():
    with open(finders.find(STYLESHEET), encoding="utf-8") as file:
        return file.read()


def figures(stats, link=None):
    """{name: Shown} for the template: `shares.on_time` is `shares_on_time`; rates are
    `rate_…` and link to their numerator's items."""
    scope = stats.scope

    def url(key):
        return link(key, scope.unit) if link and key else ""

    shown = {key.replace(".", "_"): Shown(value, url(key)) for key, value in stats.counts.items()}
    counts = stats.counts

    def rate(name, part, whole, linked=True):
        value = ratio(part if isinstance(part, int) else counts[part], counts[whole])
        key = part if isinstance(part, str) and linked else ""
        shown[f"rate_{name}"] = Shown(value, url(key), "percent")

    rate("on_time", "shares.on_time", "shares.replied")
    rate("together", "documents.together", "documents.proactive")
    shown["shares_feedback"] = Shown(feedback_received(counts))
    shown["rate_pleased"] = Shown(pleased_rate(counts), "", "percent")
    return shown


def context(stats, link=None):
    scope = stats.scope
    shown = figures(stats, link)
    results = [
        {"code": rc.code, "label": rc.label, "figure": shown[f"shares_result_{rc.code}"].html}
        for rc in stats.classes
        if rc.is_active or stats.counts[f"shares.result_{rc.code}"]
    ]
    register = [
        {
            "label": label,
            "issued": shown[f"register_{value}_issued"].html,
            "repealed": shown[f"register_{value}_repealed"].html,
            "in_force": shown[f"register_{value}_in_force"].html,
        }
        for value, label in [(t.value, t.label) for t in REPORTED_TYPES]
    ]
    forms = [
        {"label": row[0].value, "figure": shown[row[1].figure.replace(".", "_")].html}
        for row in stats.table("forms").rows
    ]
    return {
        "title": title(scope),
        "issuer": issuer(scope),
        "scope": scope,
        "unit": scope.unit,
        "year": scope.year,
        "as_of": scope.today,  # the day the state-dependent figures describe
        "has_data": stats.has_data,
        "F": {name: one.html for name, one in shown.items()},
        "V": {name: one.value for name, one in shown.items()},
        "results": results,
        "register": register,
        "forms": forms,
        "linked": link is not None,
        "request_results": REQUEST_RESULTS,
        "appeal_results": APPEAL_RESULTS,
        "seven": range(7),
        "fifteen": range(15),
    }


def report_html(stats, link=None):
    """The whole report as one HTML document (styles inline), for the PDF or a file."""
    return render_to_string(TEMPLATE, {**context(stats, link), "css": stylesheet()})


def report_pdf(stats):
    """The PDF's bytes; an unchanged report is not rendered twice (the content-hash cache)."""
    from base.rendering.pdf import render_pdf  # WeasyPrint: imported by renders only

    html = report_html(stats)
    return rendered("annual-reports", html, ".pdf", lambda: render_pdf(html)).read_bytes()


def report_pdf_uncached(stats):
    from base.rendering.pdf import render_pdf

    return render_pdf(report_html(stats))
