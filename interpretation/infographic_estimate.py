"""How the A4 infographic will fall on its pages, estimated from its content before it is laid
out, so that the layout compose() tries first is usually the one it prints.

Laying the infographic out is most of what rendering it costs. A package whose last page would
stand nearly empty needs a second layout (tighter, or with an earlier page break); guessing
that from the text lengths saves the first, wasted one. The estimate only chooses what is
tried first: compose() measures every layout it prints, and falls back to measuring when the
guess was wrong. The sizes are those of infographic.css (9.5 pt text, 1.6 line height, 184 mm
between the margins); the guess is deterministic, so the same content prints the same way.
"""

import math

MM_PER_PT = 25.4 / 72
LINE = 9.5 * 1.6 * MM_PER_PT  # a line of body text, mm
WIDTH = 184.0  # between the page margins, mm
HEADING = 10.3  # an h2 with its rule and spacing, mm
GAP = 5.0  # below each block, mm
FIRST_PAGE = 297 - 24  # page 1's content area (no top margin: the masthead bleeds), mm
NEXT_PAGE = 297 - 13 - 24
RUNS_ON = 40  # a part taller than this (mm) is split by lines rather than moved whole
TIGHT = 0.9  # html.fit-tight against the designed layout, in height
MARGIN = 0.06  # of a page: how far the estimate may be off


def lines(text, width, size=9.5):
    """Lines `text` takes in `width` mm at `size` pt (a Chinese character is 1 em)."""
    per_line = max(1, int(width / (size * MM_PER_PT)))
    return max(1, math.ceil(len(str(text)) / per_line))


def parts(context, rows, columns):
    """[(place, height in mm)] in the order printed: the data-at places of the template
    (None for a part no page break may precede)."""
    document, out = context["document"], []
    masthead = 11 + 10.4 + lines(document.title, WIDTH, 19 * 1.02) * 19 * 1.35 * MM_PER_PT
    masthead += 3.5 + 5.6 + 7 + GAP
    if document.summary:
        masthead += 2.5 + lines(document.summary, WIDTH - 4, 9) * 9 * 1.6 * MM_PER_PT
    out.append((None, masthead))
    for index, row in enumerate(rows):
        width = (WIDTH + 6) / max(1, len(row)) - 12
        label = max(lines(figure["label"], width, 8.5) for figure in row)
        out.append(("figures" if index == 0 else None, 22 + 4.2 * (label - 1)))
    if rows:
        out[-1] = (out[-1][0], out[-1][1] + 2)
    if context["points"]:
        head = HEADING + (LINE + 1.5 if context["lead"] else 0)
        if len(columns) == 2:  # one table row: moves whole
            column = max(sum(lines(p, WIDTH / 2 - 11.5) * LINE + 2 for _, p in c) for c in columns)
            out.append(("points", head + column + GAP))
        else:
            for index, (number, point) in enumerate(columns[0]):
                height = lines(point, WIDTH - 8) * LINE + 2
                out.append(("points", head + height) if index == 0 else (f"point-{number}", height))
            out[-1] = (out[-1][0], out[-1][1] + GAP)
    for index, point in enumerate(context["benefits"]):
        height = lines(point, WIDTH - 12) * LINE + 5.1
        out.append(
            ("benefits", HEADING + height) if index == 0 else (f"benefit-{index + 1}", height)
        )
    if context["benefits"]:
        out[-1] = (out[-1][0], out[-1][1] + GAP)
    out += timeline_and_chart(context)
    for index, item in enumerate(context["qa"]):
        asked = lines(item.get("question", ""), WIDTH - 15) + lines(
            item.get("answer", ""), WIDTH - 15
        )
        height = asked * LINE + 8.5
        out.append(("qa", HEADING + height) if index == 0 else (f"qa-{index + 1}", height))
    if context["qa"]:
        out[-1] = (out[-1][0], out[-1][1] + GAP)
    material = context["interpretation"]
    facts = 3 + sum(map(bool, (context["unit"], material.interpreter, material.contact)))
    out.append(("colophon", 10 + facts * 5.1))
    return out


def timeline_and_chart(context):
    steps, bars = context["timeline"], context["chart_bars"]

    def step_lines(step, width):
        return lines(step.get("date", ""), width) + lines(step.get("event", ""), width)

    if context["side_by_side"]:  # one table row: moves whole
        timeline = sum(step_lines(step, 80) * LINE + 3 for step in steps)
        chart = 105 * (20 + 36 * bars) / 520 + (10 if context["chart_data"] else 0)
        return [("pair", HEADING + max(timeline, chart) + GAP)]
    out = []
    for index, step in enumerate(steps):
        height = step_lines(step, WIDTH - 7) * LINE + 3
        out.append(("pair", HEADING + height) if index == 0 else (f"step-{index + 1}", height))
    if steps:
        out[-1] = (out[-1][0], out[-1][1] + GAP)
    if bars:
        out.append(("chart", HEADING + 120 * (20 + 36 * bars) / 520 + GAP))
    return out


def paginate(parts, scale=1.0):
    """(fill of each page, {place: (page, top in mm)}) as the parts would fall."""
    fills, places = [], {}
    page, used, room = 0, 0.0, FIRST_PAGE
    for place, height in parts:
        height *= scale
        if used and used + height > room:
            if height > RUNS_ON:  # split by lines: this page fills, the rest runs on
                if place:
                    places[place] = (page, used)
                rest = height - (room - used)
                fills.append(1.0)
                page, room = page + 1, NEXT_PAGE
                while rest > room:
                    fills.append(1.0)
                    page, rest = page + 1, rest - room
                used = rest
                continue
            fills.append(used / room)
            page, used, room = page + 1, 0.0, NEXT_PAGE
        if place:
            places[place] = (page, used)
        used += height
    fills.append(used / room)
    return fills, places


def first_try(context, rows, columns, min_fill, tighten_up_to, safe_fill):
    """What compose() should lay out first: None (as designed), "tight", or the place to
    start a new page at."""
    estimate = parts(context, rows, columns)
    fills, places = paginate(estimate)
    if len(fills) == 1 or min(fills[1:]) >= min_fill + MARGIN:
        return None
    if fills[-1] <= tighten_up_to:
        tight, _places = paginate(estimate, TIGHT)
        if len(tight) < len(fills) and (len(tight) == 1 or min(tight[1:]) >= min_fill + MARGIN):
            return "tight"
    before = len(fills) - 2
    room = FIRST_PAGE if before == 0 else NEXT_PAGE
    bottom = fills[before] * room
    best = None
    for place, (page, top) in places.items():
        if page != before:
            continue
        kept = top / room
        last = fills[-1] + (bottom - top) / NEXT_PAGE
        if kept >= min_fill + MARGIN and min_fill + MARGIN <= last <= safe_fill - MARGIN:
            if best is None or top > best[1]:
                best = (place, top)
    return best[0] if best else None
