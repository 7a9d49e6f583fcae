"""政府信息公开工作年度报告: the annual report in the national format (国办公开办函〔2021〕30号),
filled with what this product knows and with marked boxes for what it does not.

Six sections, as the format has them:

一、总体情况 — the policy interpretation work (谁起草、谁解读) from the year's packages; the
    rest of the overview (依申请公开, 政府信息管理, 平台建设, 监督保障) is the office's to write.
二、主动公开政府信息情况 — the 规章 and 行政规范性文件 rows (issued, repealed, in force);
    行政许可, 行政处罚, 行政强制 and 行政事业性收费 are for the office to fill.
三、收到和处理政府信息公开申请情况 and 四、行政复议、行政诉讼情况 — counted from the
    applications and their remedies for the report's organ and year; for a year before the
    organ kept them here, what the office typed (office_parts.counted says which).
五、存在的主要问题及改进情况 — the office's text, with the figures that may prompt it.
六、其他需要报告的事项 — the handling of suggestions and proposals and the disclosure of the
    replies.

Every number comes from `reports.figures`; in the HTML each links to the staff list of the
items behind it (`link(key, unit)` gives the address), the PDF prints the numbers alone.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from base.rendering.cache import rendered
from reports import office_parts
from reports.figures import feedback_received, figure_text, pleased_rate, ratio
from reports.sources import REPORTED_TYPES

TEMPLATE = "reports/annual_report.html"
STYLESHEET = "reports/annual_report.css"
# the city government, whose office reports for it; a unit's report carries the unit's name
CITY_GOVERNMENT = "湛江市人民政府"


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


def reported_year(today):
    """The year an annual report page opens on: last year's from January to March, this
    year's from April. The report is due on 31 January of the next year (《条例》第五十条)
    and is corrected until the yearly reports are compiled at the end of March; an office
    drafting in December works on the year that is ending."""
    return today.year - 1 if today.month <= 3 else today.year


def issuer(scope):
    """The organ whose report it is, by its 全称: a unit's own, or for the city's report the
    government office that compiles and signs it."""
    if scope.unit:
        return scope.unit.name
    office = office_parts.issuing_office()
    return office.name if office else CITY_GOVERNMENT


def title(scope):
    return _("%(issuer)s%(year)d年政府信息公开工作年度报告") % {
        "issuer": issuer(scope),
        "year": scope.year,
    }


TITLE_LINE = 20  # characters of the title's size a line of the type area holds


def title_lines(scope):
    """The title in two lines, the organ above the rest, when it does not fit in one: a
    line break chosen by meaning, not one character left alone on the second line."""
    whole = title(scope)
    if len(whole) <= TITLE_LINE:
        return []
    organ = issuer(scope)
    if not whole.startswith(organ):
        return []
    return [organ, whole.removeprefix(organ).lstrip(":： ")]  # English has "organ: title"


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

    rate("on_time", "shares.on_time", "shares.due")
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
    office = office_parts.for_report(scope.year, scope.unit)
    confirmed = office["confirmed"]
    # what the office confirmed or corrected is printed as it is, wherever the count appears
    for key, value in confirmed.items():
        shown[key.replace(".", "_")] = Shown(value)

    def register_cell(key):
        return {"figure": shown[key.replace(".", "_")].html, "unconfirmed": key not in confirmed}

    register = [
        {
            "label": kind.label,
            "cells": [
                register_cell(f"register.{kind.value}_{column}")
                for column in ("issued", "repealed", "in_force")
            ],
        }
        for kind in REPORTED_TYPES
    ]
    forms = [
        {"label": row[0].value, "figure": shown[row[1].figure.replace(".", "_")].html}
        for row in stats.table("forms").rows
    ]
    unconfirmed = any(cell["unconfirmed"] for row in register for cell in row["cells"])
    texts = office["texts"]
    complete = not unconfirmed and not grey_boxes_left(office)
    return {
        "title": title(scope),
        "title_lines": title_lines(scope),
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
        "unconfirmed": unconfirmed,
        "complete": complete,
        "office": office,
        "texts": texts,
        "closing": office["closing"],
        "contact": contact_sentence(office["closing"]),
        "signed_on": signed_on(office["closing"]),
        "request_results": office_parts.REQUEST_RESULTS,
        "appeal_results": [label for _key, label in office_parts.APPEAL_RESULTS]
        + [office_parts.APPEAL_TOTAL],
        "seven": range(7),
        "fifteen": range(15),
    }


def grey_boxes_left(office):
    """Whether the report still prints a box for the office to fill: the first page's note
    that the report is a generated draft goes only when none is left. Each text box counts
    on its own (one filled paragraph of 总体情况 leaves the other four grey); 五 is one box for
    its two fields."""
    texts = office["texts"]
    boxes = [
        *texts["overview"].values(),
        texts["problems"]["problems"] or texts["problems"]["improvements"],
        *texts["other"].values(),
        office["active"],
        office["requests"],
        office["appeals"],
        contact_sentence(office["closing"]),
        office["closing"].get(office_parts.SIGNED_ON),
    ]
    return not all(boxes)


def contact_sentence(closing):
    """如对本报告有疑问，请联系…: the parts the office filled, in the usual order."""
    details = [
        (_("地址：%s"), closing.get("address")),
        (_("邮编：%s"), closing.get("postcode")),
        (_("电话：%s"), closing.get("phone")),
        (_("电子邮箱：%s"), closing.get("email")),
    ]
    filled = [label % value for label, value in details if value]
    if not filled and not closing.get("contact"):
        return ""
    who = closing.get("contact") or _("本机关")
    if not filled:
        return _("如对本报告有疑问，请联系%(who)s。") % {"who": who}
    return _("如对本报告有疑问，请联系%(who)s（%(details)s）。") % {
        "who": who,
        "details": _("；").join(filled),
    }


def signed_on(closing):
    text = closing.get(office_parts.SIGNED_ON)
    return date.fromisoformat(text) if text else None


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
