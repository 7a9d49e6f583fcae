"""How long does the demo package's infographic (图文解读) take to draw, and what does the
render cache save?

The demo package (湛府办〔2018〕22号, approved at a fixed moment) is drawn in one process:

- warm render: `interpretation.infographic.pdf()` with its cached file removed before each
  run, so each run builds the final HTML (template, pygal chart, segno QR code), renders it
  with `base.rendering.pdf.render_pdf` and stores it; median of --repeat runs after --warmup;
- bare WeasyPrint: the same final HTML with `weasyprint.HTML(string=...).write_pdf()` and one
  default FontConfiguration created once, run alternately with the above so both see the
  same machine. WeasyPrint's default fetcher cannot read our `static:` URL, so the bare run
  gets the stylesheet's `file://` path instead (the same CSS). It is WeasyPrint as it ships:
  the font embedding changes of base/rendering/speedups.py act only inside `render_pdf`;
- preview: page 1 as the staff pages show it (600 px PNG), from the PDF, uncached;
- the PDF's size, and the long image and the share card, uncached, for information;
- unchanged re-render: `infographic.pdf()` again with the file cached (build the HTML, hash
  it, find the file).

Goals: warm render median ≤ 0.3 s, render ÷ bare ≤ 1.3, PDF ≤ 500 KiB, unchanged
re-render ≤ 5 ms. Figures only: nothing is asserted.

Then the two documents an office signs and files, each as PDF (rendered afresh: its cached
file removed before each run) and as a Word file (.docx), medians of --repeat runs, and
.docx ÷ PDF, the PDF being the baseline measured in the same run: a reply letter of a page
and a half (a suggestion led by one unit, made here) and that year's annual report. The
report's length hardly depends on the records: its tables have the national format's rows.

    .venv/bin/python bench/infographic.py               # from the project root, ~1 minute
    .venv/bin/python bench/infographic.py --repeat 5    # a quick look
"""

import argparse
import gc
import os
import shutil
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import configure, with_smoke, workspace  # noqa: E402

GOALS = {"render": 0.3, "ratio": 1.3, "size": 500 * 1024, "cached": 0.005}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="measured runs (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured runs (default 3)")
    parser.add_argument(
        "--cached", type=int, default=200, help="runs of each cached figure (default 200)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    return with_smoke(
        parser, {"repeat": 3, "warmup": 1, "cached": 10}, "3 measured runs after 1 warm-up"
    )


def demo_document():
    from django.core.management import call_command

    from base.organisation.demo import load_units_and_people
    from interpretation.models import PolicyDocument
    from interpretation.rules import approve_for_publication
    from workflows.interpretation.demo import NUMBER, load_demo_package

    call_command("migrate", verbosity=0)
    load_units_and_people()
    load_demo_package(until="draft")
    document = PolicyDocument.objects.select_related("interpretation", "drafting_unit").get(
        number=NUMBER
    )
    approve_for_publication(
        document, when=datetime(2018, 6, 29, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    )
    return document


def timed(function):
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - start, time.process_time() - cpu


def median(values):
    return statistics.median(values)


def mark(value, goal):
    return "✓" if value <= goal else "✗"


def main():
    args = parse_args()
    folder = workspace(args.keep, prefix="gongkai-bench-infographic-", kept="kept {workdir}")
    with folder as workdir:
        # the render cache stays in workdir; WeasyPrint logs every step at INFO
        configure(workdir, log_level="WARNING")
        run(args)


def run(args):
    import weasyprint
    from django.contrib.staticfiles import finders
    from weasyprint.text.fonts import FontConfiguration

    from base.rendering import pdf as rendering_pdf
    from base.rendering import speedups
    from base.rendering.cache import digest
    from interpretation import infographic

    document = demo_document()
    media = Path(os.environ["GONGKAI_VAR_DIR"]) / "media" / "rendered"

    def clear(kind):
        shutil.rmtree(media / kind, ignore_errors=True)

    final_html = infographic.html(document)
    css = Path(finders.find(infographic.STYLESHEET)).resolve().as_uri()
    bare_html = final_html.replace(infographic.stylesheet_urls("a4")[0], css)
    assert bare_html != final_html
    fonts = FontConfiguration()

    def ours():
        clear("infographic")
        infographic.pdf(document)

    def bare():
        weasyprint.HTML(string=bare_html).write_pdf(font_config=fonts)

    print(f"demo package {document.number}: warming up ({args.warmup} runs of each)…")
    for _ in range(args.warmup):
        ours()
        bare()
    assert rendering_pdf.render_pdf  # importing base.rendering.pdf puts the speedups in place
    state = "on" if speedups.active() else "off"
    print(f"WeasyPrint {weasyprint.__version__}; our font embedding changes: {state}")
    render, render_cpu, plain, plain_cpu = [], [], [], []
    for _ in range(args.repeat):  # alternately, so that both see the same machine
        wall, cpu = timed(ours)
        render.append(wall)
        render_cpu.append(cpu)
        wall, cpu = timed(bare)
        plain.append(wall)
        plain_cpu.append(cpu)

    pdf = infographic.pdf(document)
    size = pdf.stat().st_size
    pages = infographic.page_count(pdf.read_bytes())

    def preview():
        clear("infographic-page")
        infographic.preview(document)

    previews = [timed(preview)[0] for _ in range(args.repeat)]

    def long_image():
        clear("infographic-long")
        infographic.long_image(document)

    def card():
        clear("infographic-card")
        infographic.share_card(document)

    longs = [timed(long_image)[0] for _ in range(max(3, args.repeat // 4))]
    cards = [timed(card)[0] for _ in range(max(3, args.repeat // 4))]

    infographic.pdf(document)
    infographic.preview(document)
    cached = [timed(lambda: infographic.pdf(document))[0] for _ in range(args.cached)]
    cached_preview = [timed(lambda: infographic.preview(document))[0] for _ in range(args.cached)]
    html_only = [timed(lambda: infographic.html(document))[0] for _ in range(args.cached)]
    hash_only = [timed(lambda: digest(final_html))[0] for _ in range(args.cached)]

    ratio = median(render) / median(plain)
    rows = [
        ("warm render (HTML → PDF, stored)", median(render), median(render_cpu), GOALS["render"]),
        ("bare WeasyPrint, same HTML", median(plain), median(plain_cpu), None),
        ("preview: page 1, 600 px PNG", median(previews), None, None),
        ("long image 1080 px (PNG)", median(longs), None, None),
        ("share card 900×383 (PNG)", median(cards), None, None),
        ("unchanged re-render (cached PDF)", median(cached), None, GOALS["cached"]),
        ("  of which: build the HTML", median(html_only), None, None),
        ("  of which: hash the HTML", median(hash_only), None, None),
        ("unchanged preview (cached PNG)", median(cached_preview), None, None),
    ]
    print()
    print(f"{'':36} {'median ms':>10} {'CPU ms':>8}  goal")
    for label, value, cpu, goal in rows:
        cpu_text = f"{cpu * 1000:8.1f}" if cpu is not None else " " * 8
        goal_text = f"≤ {goal * 1000:g} ms {mark(value, goal)}" if goal else ""
        print(f"{label:36} {value * 1000:10.1f} {cpu_text}  {goal_text}")
    print()
    goal = GOALS["ratio"]
    print(f"render ÷ bare WeasyPrint: {ratio:.2f} (goal ≤ {goal}) {mark(ratio, goal)}")
    print(f"PDF: {size / 1024:.0f} KiB, {pages} pages (goal ≤ 500 KiB) {mark(size, GOALS['size'])}")
    ours_range = f"{min(render) * 1000:.0f}–{max(render) * 1000:.0f} ms"
    bare_range = f"{min(plain) * 1000:.0f}–{max(plain) * 1000:.0f} ms"
    print(f"over {args.repeat} runs: render {ours_range}, bare {bare_range}")
    documents(args)


def bench_letter():
    """A sent reply letter of a page and a half, to a deputy's suggestion led by one unit."""
    from base.organisation.models import Unit
    from proposals.models import Assignment, Proposal, Proposer, ReplyLetter, ResultClass

    shanghai = ZoneInfo("Asia/Shanghai")
    proposal = Proposal.objects.create(
        kind="npc", term=15, session=5, number=7, title="关于加强校园周边交通安全的建议",
        body="建议在中小学校门口设置护学岗。",
    )  # fmt: skip
    Proposer.objects.create(proposal=proposal, name="陈志强", is_lead=True)
    share = Assignment.objects.create(
        proposal=proposal, unit=Unit.objects.order_by("pk").first(), role="lead",
        state="replied", assigned_at=datetime(2026, 3, 2, 9, tzinfo=shanghai),
        due_on=datetime(2026, 6, 2).date(),
    )  # fmt: skip
    paragraph = (
        "我局会同市公安局交警支队，在湛江市区和遂溪、廉江、徐闻等县（市）中小学校门口设置"
        "护学岗，上下学时段限速30公里/小时，逐校建立问题清单，按月通报整改进度。"
    )
    body = "\n".join(
        ["您提出的《关于加强校园周边交通安全的建议》（第0007号）收悉。现答复如下："]
        + [
            f"{n}、{title}\n{paragraph * 2}"
            for n, title in zip("一二三", ["护学岗", "设施", "机制"], strict=True)
        ]
        + ["感谢您对教育工作的关心和支持。"]
    )
    return ReplyLetter.objects.create(
        assignment=share, number="湛教函〔2026〕18号",
        title="关于市十五届人大五次会议第0007号建议的答复",
        result_class=ResultClass.objects.get(code="A"), body=body, contact_person="吴磊",
        contact_phone="0759-3333333", copy_to="市人大常委会代表工作委员会、市府办公室",
        sent_at=datetime(2026, 6, 3, 16, 30, tzinfo=shanghai),
    )  # fmt: skip


def documents(args):
    """The reply letter and the annual report, as PDF and as .docx (see the docstring)."""
    from proposals.letter import letter_pdf
    from proposals.letter_docx import letter_docx
    from reports import annual, tables
    from reports.annual_docx import report_docx
    from reports.sources import Scope

    letter = bench_letter()
    stats = tables.compute(Scope(2026, None), with_steps=False)
    media = Path(os.environ["GONGKAI_VAR_DIR"]) / "media" / "rendered"

    def letter_as_pdf():
        shutil.rmtree(media / "reply-letters", ignore_errors=True)
        letter_pdf(letter)

    runs = {
        "reply letter": (letter_as_pdf, lambda: letter_docx(letter)),
        "annual report": (
            lambda: annual.report_pdf_uncached(stats),
            lambda: report_docx(stats),
        ),
    }
    print()
    print(f"{'':36} {'PDF ms':>10} {'.docx ms':>10}  .docx ÷ PDF")
    for label, (as_pdf, as_docx) in runs.items():
        for _ in range(args.warmup):
            as_pdf()
            as_docx()
        pdfs, docxs = [], []
        for _ in range(args.repeat):  # alternately, so that both see the same machine
            pdfs.append(timed(as_pdf)[0])
            docxs.append(timed(as_docx)[0])
        ratio = median(docxs) / median(pdfs)
        print(f"{label:36} {median(pdfs) * 1000:10.1f} {median(docxs) * 1000:10.1f}  {ratio:.2f}")


if __name__ == "__main__":
    main()
