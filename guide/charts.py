"""Charts drawn on the server as SVG: readable on a phone, on paper and without colour.

Every chart is an ``<svg role="img">`` named by its ``<title>`` and summarised in words by its
``<desc>``. Callers pass every text already translated (``labels``) and the number formatting
(``format_value``), so nothing here depends on the active language. Meaning is carried by shape,
position, pattern and printed text; colour only repeats it. Styling lives in the “Charts”
section of static/guide/site.css (classes only: the CSP forbids inline styles); the hatch
patterns are defined inside each chart, with ids prefixed by ``chart_id`` so charts on one page
do not clash.

Geometry is in user units of a viewBox about 440 wide, with text at 14 units: on a 320 px phone
that is still about 9 px, and at the column's full width it matches the body text.
"""

import math
import re
import unicodedata
from collections.abc import Mapping
from datetime import timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
WIDTH = 440
PAD = 8
GAP = 6
FONT = 14
LEGEND_LINE = 24
SWATCH_WIDTH = 22
SWATCH_HEIGHT = 14
HATCH_SIZE = 6

# Pattern contents cannot take a per-chart class colour, so these repeat the palette of
# site.css (its charts section): keep them in step.
CPPCC_COLOUR = "#1d4f91"
CONGRESS_COLOUR = "#a4161a"
NEUTRAL_COLOUR = "#484949"
RANGE_COLOUR = "#1d4f91"
HIGHLIGHT_COLOUR = "#a4161a"

KINDS = ("cppcc", "congress")
UNCERTAIN = ("scheduled", "inferred")
DEFAULT_MARKS = {"scheduled": "*", "inferred": "?"}

CHART_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")


# Building blocks -------------------------------------------------------------------------------


def _num(value):
    """A coordinate for an attribute: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attribute(key, value):
    name = key.rstrip("_").replace("_", "-")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = _num(value)
    return name, value


def _join(parts):
    return mark_safe("".join(conditional_escape(part) for part in parts))


def _el(name, *children, **attributes):
    """An SVG element; every attribute value and text child is escaped unless already safe.

    Python names map to SVG ones: ``class_`` → ``class``, ``stroke_width`` → ``stroke-width``.
    """
    attrs = format_html_join(
        "",
        ' {}="{}"',
        (_attribute(key, value) for key, value in attributes.items() if value is not None),
    )
    if not children:
        return format_html("<{}{}/>", name, attrs)
    return format_html("<{}{}>{}</{}>", name, attrs, _join(children), name)


def _text(x, y, content, class_, anchor=None):
    """Text vertically centred on ``y``. A ``chart-halo`` text paints its stroke (a white outline,
    see site.css) under its fill: an SVG 2 presentation attribute, which the HTML checker knows
    and its CSS checker does not as a property."""
    halo = "stroke" if "chart-halo" in class_.split() else None
    return _el(
        "text", content, x=x, y=y, dy="0.35em", class_=class_, text_anchor=anchor, paint_order=halo
    )


def _get(item, key, default=None):
    if isinstance(item, Mapping):
        return item.get(key, default)
    return getattr(item, key, default)


def _text_width(text, size=FONT):
    """A generous estimate: CJK characters are a full em, others about 0.6 em."""
    return sum(
        size if unicodedata.east_asian_width(char) in "WF" else size * 0.6 for char in str(text)
    )


def _clamp(value, low, high):
    return max(low, min(high, value))


def _hatch(pattern_id, colour):
    return _el(
        "pattern",
        _el("rect", width=HATCH_SIZE, height=HATCH_SIZE, fill="#fff"),
        _el("line", x1=1.5, y1=0, x2=1.5, y2=HATCH_SIZE, stroke=colour, stroke_width=3),
        id=pattern_id,
        patternUnits="userSpaceOnUse",
        width=HATCH_SIZE,
        height=HATCH_SIZE,
        patternTransform="rotate(45)",
    )


def _svg(chart_id, kind, title, description, width, height, defs, body):
    if not CHART_ID.match(chart_id):
        raise ValueError(f"chart_id must be a letter then letters, digits, - or _: {chart_id!r}")
    return _el(
        "svg",
        _el("title", title, id=f"{chart_id}-title"),
        _el("desc", description, id=f"{chart_id}-desc"),
        _el("defs", *defs),
        *body,
        xmlns=SVG_NAMESPACE,
        role="img",
        aria_labelledby=f"{chart_id}-title {chart_id}-desc",
        viewBox=f"0 0 {_num(width)} {_num(height)}",
        class_=f"chart chart--{kind}",
    )


def _legend(items, x0, y0, width):
    """Legend entries side by side, wrapping onto new lines; returns (svg, height).

    ``items`` are (draw_swatch(x, centre_y), swatch_width, text).
    """
    parts = []
    x, y = x0, y0
    for draw_swatch, swatch_width, text in items:
        item_width = swatch_width + GAP + _text_width(text)
        if x > x0 and x + item_width > x0 + width:
            x, y = x0, y + LEGEND_LINE
        centre = y + LEGEND_LINE / 2
        parts.append(draw_swatch(x, centre))
        parts.append(_text(x + swatch_width + GAP, centre, text, "chart-legend"))
        x += item_width + 3 * GAP
    height = y - y0 + LEGEND_LINE if items else 0
    return _join(parts), height


def _swatch_rect(class_, fill=None):
    def draw(x, centre):
        return _el(
            "rect",
            x=x,
            y=centre - SWATCH_HEIGHT / 2,
            width=SWATCH_WIDTH,
            height=SWATCH_HEIGHT,
            class_=class_,
            fill=fill,
        )

    return draw


def _tick_text(tick):
    """A tick as a Decimal that prints plainly (20, not 2E+1)."""
    return tick.quantize(Decimal(1)) if tick == tick.to_integral_value() else tick.normalize()


def _nice_ticks(low, high, most=5):
    """Between three and ``most`` round ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering the range."""
    low, high = Decimal(str(low)), Decimal(str(high))
    if low == high:
        padding = abs(low) / 10 or Decimal(1)
        low, high = low - padding, high + padding
    exponent = math.floor(math.log10(high - low)) - 1
    for power in range(exponent, exponent + 3):
        for mantissa in (1, 2, Decimal("2.5"), 5):
            step = Decimal(mantissa).scaleb(power)
            first = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
            last = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
            count = int((last - first) / step) + 1
            if count <= most:
                return [_tick_text(first + step * index) for index in range(count)]
    raise AssertionError("unreachable: a step of 10ⁿ⁺¹ always fits")


def _linear(domain_low, domain_high, range_low, range_high):
    span = float(domain_high - domain_low)

    def scale(value):
        return range_low + (float(value) - float(domain_low)) / span * (range_high - range_low)

    return scale


# Season timeline -------------------------------------------------------------------------------

ROW_HEIGHT = 44
LANE_HEIGHT = 16
LANE_TOP = {"cppcc": 5, "congress": 5 + LANE_HEIGHT + 2}
OPEN_STUB = 8
OPEN_TAIL = 16
ANNOTATION_ROOM = 34
MONTH_HEADER = 24


def season_timeline(chart_id, title, description, rows, start, end, labels):
    """When each division's CPPCC and congress met in one season, one row per division.

    ``rows``: dicts or objects with ``label`` and ``bars``; each bar has ``kind`` ("cppcc" or
    "congress"), ``start`` (date), ``end`` (date, or None when the closing date is not known),
    ``certainty`` ("verified", "scheduled" or "inferred"), optional ``postponed_from`` (the date
    first planned) and optional ``text`` (a tooltip). Bars without a start are left out.
    ``start``/``end``: the first and last day on the axis (both drawn).
    ``labels``: ``months`` (twelve month names, January first), ``cppcc``, ``congress``, and
    for what the data uses ``scheduled``, ``inferred``, ``postponed``, ``unknown_end``;
    optional ``cppcc_letter``/``congress_letter`` (default: the first character of the name)
    and ``scheduled_mark``/``inferred_mark`` (default "*" and "?").
    """
    months = list(labels["months"])
    if len(months) != 12:
        raise ValueError("labels['months'] must hold twelve month names")
    letters = {kind: labels.get(f"{kind}_letter") or str(labels[kind])[:1] for kind in KINDS}
    marks = {c: labels.get(f"{c}_mark", mark) for c, mark in DEFAULT_MARKS.items()}
    axis_end = end + timedelta(days=1)

    label_width = _clamp(max((_text_width(_get(r, "label", "")) for r in rows), default=0), 40, 150)
    x0 = PAD + 4 + label_width + GAP
    x1 = WIDTH - PAD - ANNOTATION_ROOM
    days = (axis_end - start).days

    def x_at(day):
        day = _clamp(day, start, axis_end)
        return x0 + (day - start).days / days * (x1 - x0)

    drawn = []
    for index, row in enumerate(rows):
        for bar in _get(row, "bars", ()):
            if _get(bar, "start") is None:
                continue
            kind = _get(bar, "kind")
            certainty = _get(bar, "certainty", "verified")
            if kind not in KINDS:
                raise ValueError(f"bar kind must be one of {KINDS}: {kind!r}")
            if certainty != "verified" and certainty not in UNCERTAIN:
                raise ValueError(f"bar certainty must be verified or one of {UNCERTAIN}")
            drawn.append((index, kind, certainty, bar))
    used = {certainty for _, _, certainty, _ in drawn}
    postponed = any(_get(bar, "postponed_from") for *_, bar in drawn)
    open_ended = any(_get(bar, "end") is None for *_, bar in drawn)

    defs = [
        _hatch(f"{chart_id}-hatch-cppcc", CPPCC_COLOUR),
        _hatch(f"{chart_id}-hatch-congress", CONGRESS_COLOUR),
        _hatch(f"{chart_id}-hatch-neutral", NEUTRAL_COLOUR),
    ]

    legend_items = []
    for kind in KINDS:
        letter_width = _text_width(letters[kind])

        def draw_kind(x, centre, kind=kind):
            return _join(
                [
                    _swatch_rect(f"chart-bar chart-bar--{kind} chart-bar--solid")(x, centre),
                    _text(x + SWATCH_WIDTH + 3, centre, letters[kind], "chart-annotation"),
                ]
            )

        legend_items.append((draw_kind, SWATCH_WIDTH + 3 + letter_width, labels[kind]))
    for certainty in UNCERTAIN:
        if certainty in used:

            def draw_uncertain(x, centre, mark=marks[certainty]):
                swatch = _swatch_rect(
                    "chart-bar chart-bar--neutral chart-bar--uncertain",
                    fill=f"url(#{chart_id}-hatch-neutral)",
                )
                return _join(
                    [
                        swatch(x, centre),
                        _text(x + SWATCH_WIDTH + 3, centre, mark, "chart-annotation"),
                    ]
                )

            mark_width = _text_width(marks[certainty])
            legend_items.append((draw_uncertain, SWATCH_WIDTH + 3 + mark_width, labels[certainty]))
    if postponed:
        legend_items.append(
            (lambda x, centre: _diamond(x + 8, centre), 16, labels["postponed"]),
        )
    if open_ended:
        legend_items.append(
            (
                lambda x, centre: _open_end(x, centre, "neutral", "chart-bar--solid", None),
                OPEN_STUB + OPEN_TAIL + 6,
                labels["unknown_end"],
            ),
        )
    legend, legend_height = _legend(legend_items, PAD, PAD, WIDTH - 2 * PAD)

    header_top = PAD + legend_height + GAP
    rows_top = header_top + MONTH_HEADER
    rows_bottom = rows_top + len(rows) * ROW_HEIGHT
    repeat_months = len(rows) > 8
    height = rows_bottom + (MONTH_HEADER if repeat_months else 0) + PAD

    body = [legend]
    for index, row in enumerate(rows):
        top = rows_top + index * ROW_HEIGHT
        if index % 2:
            body.append(
                _el(
                    "rect",
                    x=PAD,
                    y=top,
                    width=WIDTH - 2 * PAD,
                    height=ROW_HEIGHT,
                    class_="chart-band",
                )
            )
        body.append(
            _text(PAD + 4, top + ROW_HEIGHT / 2, _get(row, "label", ""), "chart-label"),
        )

    month = start.replace(day=1)
    while month < axis_end:
        following = (month + timedelta(days=32)).replace(day=1)
        shown_from, shown_to = max(month, start), min(following, axis_end)
        line_x = x_at(shown_from)
        body.append(
            _el("line", x1=line_x, y1=header_top, x2=line_x, y2=rows_bottom, class_="chart-grid")
        )
        middle = (line_x + x_at(shown_to)) / 2
        name = months[month.month - 1]
        body.append(_text(middle, header_top + MONTH_HEADER / 2, name, "chart-tick", "middle"))
        if repeat_months:
            body.append(
                _text(middle, rows_bottom + MONTH_HEADER / 2, name, "chart-tick", "middle"),
            )
        month = following
    body.append(
        _el("line", x1=x1, y1=header_top, x2=x1, y2=rows_bottom, class_="chart-grid"),
    )

    postponement_labelled = set()
    for index, kind, certainty, bar in drawn:
        lane_top = rows_top + index * ROW_HEIGHT + LANE_TOP[kind]
        centre = lane_top + LANE_HEIGHT / 2
        bar_start = x_at(_get(bar, "start"))
        bar_end = _get(bar, "end")
        if certainty == "verified":
            classes, fill = "chart-bar--solid", None
        else:
            classes, fill = "chart-bar--uncertain", f"url(#{chart_id}-hatch-{kind})"
        parts = []
        if _get(bar, "text"):
            parts.append(_el("title", _get(bar, "text")))
        if bar_end is None:
            parts.append(_open_end(bar_start, centre, kind, classes, fill))
            after = bar_start + OPEN_STUB + OPEN_TAIL + 4
        else:
            width = max(x_at(bar_end + timedelta(days=1)) - bar_start, 3)
            parts.append(
                _el(
                    "rect",
                    x=bar_start,
                    y=lane_top,
                    width=width,
                    height=LANE_HEIGHT,
                    class_=f"chart-bar chart-bar--{kind} {classes}",
                    fill=fill,
                )
            )
            after = bar_start + width + 3
        annotation = letters[kind] + marks.get(certainty, "")
        parts.append(_text(after, centre, annotation, "chart-annotation chart-halo"))
        after += _text_width(annotation) + GAP
        planned = _get(bar, "postponed_from")
        if planned:
            text = None if index in postponement_labelled else labels["postponed"]
            postponement_labelled.add(index)
            parts.append(_postponement(x_at(planned), bar_start, after, centre, text, x0))
        body.append(_el("g", *parts, class_=f"chart-item chart-item--{kind}"))

    return _svg(chart_id, "timeline", title, description, WIDTH, height, defs, body)


def _diamond(x, centre, size=6):
    return _el(
        "path",
        d=(
            f"M{_num(x)} {_num(centre - size)}L{_num(x + size)} {_num(centre)}"
            f"L{_num(x)} {_num(centre + size)}L{_num(x - size)} {_num(centre)}Z"
        ),
        class_="chart-postponed",
    )


def _open_end(x, centre, kind, classes, fill):
    """A short bar trailing off into a dashed line and an open arrowhead: no closing date."""
    tail_end = x + OPEN_STUB + OPEN_TAIL
    return _join(
        [
            _el(
                "rect",
                x=x,
                y=centre - LANE_HEIGHT / 2,
                width=OPEN_STUB,
                height=LANE_HEIGHT,
                class_=f"chart-bar chart-bar--{kind} {classes}",
                fill=fill,
            ),
            _el(
                "line",
                x1=x + OPEN_STUB,
                y1=centre,
                x2=tail_end,
                y2=centre,
                class_=f"chart-open chart-open--{kind}",
            ),
            _el(
                "path",
                d=(
                    f"M{_num(tail_end - 5)} {_num(centre - 5)}L{_num(tail_end)} {_num(centre)}"
                    f"L{_num(tail_end - 5)} {_num(centre + 5)}"
                ),
                class_=f"chart-open chart-open-cap chart-open--{kind}",
            ),
        ]
    )


def _postponement(planned_x, bar_start, after, centre, text, left_limit):
    """A hollow diamond on the date first planned, with a dotted line to the bar and, unless
    ``text`` is None (the row already has one), a label where it fits."""
    parts = [_diamond(planned_x, centre)]
    connector_from = planned_x + 7
    if text is not None:
        text_width = _text_width(text)
        if planned_x + 10 + text_width + GAP < bar_start:
            parts.append(_text(planned_x + 10, centre, text, "chart-note chart-halo"))
            connector_from = planned_x + 10 + text_width + 4
        elif after + text_width < WIDTH - PAD or planned_x - 10 - text_width < left_limit:
            parts.append(_text(after, centre, text, "chart-note chart-halo"))
        else:
            parts.append(_text(planned_x - 10, centre, text, "chart-note chart-halo", "end"))
    if connector_from < bar_start - 2:
        connector = _el(
            "line",
            x1=connector_from,
            y1=centre,
            x2=bar_start - 2,
            y2=centre,
            class_="chart-connector",
        )
        parts.insert(0, connector)
    return _join(parts)


# Comparison bars -------------------------------------------------------------------------------

BAR_ROW = 32
BAR_HEIGHT = 18
MIN_PLOT = 160
AXIS_LABELS = 24


def comparison_bars(
    chart_id, title, description, rows, reference=None, format_value=str, labels=None
):
    """One horizontal bar per row, e.g. each province's growth target, against a reference.

    ``rows``: dicts or objects with ``label``, ``value`` (number or None: no bar, only the
    text), optional ``value_high`` (a range: solid up to ``value``, hatched from ``value`` to
    ``value_high``), ``text`` (printed after the bar, e.g. "around 5%"; default: the formatted
    value) and ``highlight`` (drawn in the accent colour on a shaded band, label in bold).
    ``reference``: optional dict or object with ``label`` and ``value``, drawn as a dashed
    vertical line across every row, labelled at the top.
    ``format_value``: turns an axis tick (a Decimal) or a value into text.
    ``labels``: ``range`` (legend for the hatched part), needed only when a row has a range.
    """
    labels = labels or {}
    texts = [_row_text(row, format_value) for row in rows]
    values = [
        float(v)
        for row in rows
        for v in (_get(row, "value"), _get(row, "value_high"))
        if v is not None
    ]
    if reference is not None:
        values.append(float(_get(reference, "value")))
    low, high = min([0.0, *values]), max([0.0, *values])
    ticks = _nice_ticks(low, high if high > low else low + 1)

    label_width = _clamp(
        max((_text_width(_get(r, "label", "")) * 1.1 for r in rows), default=0), 40, 160
    )
    text_width = _clamp(max((_text_width(t) for t in texts), default=0), 24, 170)
    x0 = PAD + 8 + label_width + GAP
    plot_width = WIDTH - x0 - GAP - text_width - PAD
    width = WIDTH + max(0, MIN_PLOT - plot_width)
    x1 = x0 + max(plot_width, MIN_PLOT)
    x_at = _linear(ticks[0], ticks[-1], x0, x1)
    zero = x_at(0)

    has_range = any(_get(row, "value_high") is not None for row in rows)
    defs = [
        _hatch(f"{chart_id}-hatch-range", RANGE_COLOUR),
        _hatch(f"{chart_id}-hatch-highlight", HIGHLIGHT_COLOUR),
    ]
    body = []
    y = PAD
    if has_range:
        legend, legend_height = _legend(
            [
                (
                    _swatch_rect(
                        "chart-bar chart-bar--range", fill=f"url(#{chart_id}-hatch-range)"
                    ),
                    SWATCH_WIDTH,
                    labels["range"],
                )
            ],
            PAD,
            y,
            width - 2 * PAD,
        )
        body.append(legend)
        y += legend_height + GAP
    reference_label_y = y + 10
    if reference is not None:
        y += 24
    rows_top = y + 4
    rows_bottom = rows_top + len(rows) * BAR_ROW
    height = rows_bottom + AXIS_LABELS + PAD

    for index, row in enumerate(rows):
        if _get(row, "highlight"):
            top = rows_top + index * BAR_ROW
            body.append(
                _el(
                    "rect",
                    x=PAD,
                    y=top,
                    width=width - 2 * PAD,
                    height=BAR_ROW,
                    class_="chart-band chart-band--highlight",
                )
            )
            body.append(
                _el("rect", x=PAD, y=top, width=4, height=BAR_ROW, class_="chart-marker"),
            )
    for tick in ticks:
        tick_x = x_at(tick)
        body.append(
            _el("line", x1=tick_x, y1=rows_top, x2=tick_x, y2=rows_bottom, class_="chart-grid")
        )
        body.append(
            _text(tick_x, rows_bottom + AXIS_LABELS / 2, format_value(tick), "chart-tick", "middle")
        )

    for index, (row, text) in enumerate(zip(rows, texts, strict=True)):
        centre = rows_top + index * BAR_ROW + BAR_ROW / 2
        highlight = bool(_get(row, "highlight"))
        suffix = " chart-label--highlight" if highlight else ""
        body.append(_text(PAD + 8, centre, _get(row, "label", ""), "chart-label" + suffix))
        value = _get(row, "value")
        if value is None:
            body.append(_text(zero + GAP, centre, text, "chart-value chart-value--none chart-halo"))
            continue
        parts, end_x = _bar_parts(row, x_at, centre, chart_id, highlight)
        body.append(_el("g", *parts, class_="chart-item"))
        body.append(
            _text(max(end_x, zero) + GAP, centre, text, "chart-value chart-halo" + suffix),
        )

    body.append(_el("line", x1=zero, y1=rows_top, x2=zero, y2=rows_bottom, class_="chart-axis"))
    if reference is not None:
        ref_x = x_at(_get(reference, "value"))
        ref_label = _get(reference, "label", "")
        left = _clamp(ref_x - _text_width(ref_label) / 2, PAD, width - PAD - _text_width(ref_label))
        body.append(_text(left, reference_label_y, ref_label, "chart-reference-label"))
        body.append(
            _el(
                "line",
                x1=ref_x,
                y1=reference_label_y + 10,
                x2=ref_x,
                y2=rows_bottom,
                class_="chart-reference",
            )
        )
    return _svg(chart_id, "bars", title, description, width, height, defs, body)


def _row_text(row, format_value):
    text = _get(row, "text")
    if text:
        return text
    value, high = _get(row, "value"), _get(row, "value_high")
    if value is None:
        return ""
    if high is None:
        return format_value(value)
    return f"{format_value(value)}–{format_value(high)}"


def _bar_parts(row, x_at, centre, chart_id, highlight):
    """The solid bar from zero and, for a range, the hatched part; returns (parts, far end x)."""
    low = float(_get(row, "value"))
    high = _get(row, "value_high")
    high = low if high is None else float(high)
    low, high = min(low, high), max(low, high)
    top = centre - BAR_HEIGHT / 2
    tone = " chart-bar--highlight" if highlight else ""
    parts = []
    if low >= 0 or high <= 0:
        nearest = low if low >= 0 else high
        left, right = sorted((x_at(0), x_at(nearest)))
        parts.append(
            _el(
                "rect",
                x=left,
                y=top,
                width=max(right - left, 1),
                height=BAR_HEIGHT,
                class_="chart-bar chart-bar--value" + tone,
            )
        )
    if high != low:
        pattern = "highlight" if highlight else "range"
        parts.append(
            _el(
                "rect",
                x=x_at(low),
                y=top,
                width=x_at(high) - x_at(low),
                height=BAR_HEIGHT,
                class_="chart-bar chart-bar--range" + tone,
                fill=f"url(#{chart_id}-hatch-{pattern})",
            )
        )
    return parts, x_at(max(high, 0))


# History ---------------------------------------------------------------------------------------

PLOT_HEIGHT = 200
LABEL_ROOM = 26
YEAR_LABELS = 24
MAX_HISTORY_WIDTH = 560
TARGET_OFFSET = -7
RESULT_OFFSET = 7


def history_chart(chart_id, title, description, points, format_value=str, labels=None):
    """Targets and results year by year: hollow squares (or capped ranges) and filled dots.

    ``points``: dicts or objects with ``year`` (int) and optional ``target`` and ``result``.
    A target has ``value``, optional ``value_high`` (a range) and ``text``; a result has
    ``value``, ``text`` and ``preliminary`` (drawn hollow with a dashed ring). Values may be
    None (nothing drawn). Missing years between the first and last are left empty, and the
    line joining the results breaks there. Texts default to the formatted value; keep them
    short (the chart stays phone-sized, so a label that would overlap another is left out,
    results before targets).
    ``format_value``: turns an axis tick (a Decimal) or a value into text.
    ``labels``: ``target``, ``result``; ``target_range`` when a target is a range,
    ``preliminary`` when a result is preliminary.
    """
    labels = labels or {}
    by_year = {int(_get(point, "year")): point for point in points}
    years = list(range(min(by_year), max(by_year) + 1)) if by_year else []
    targets, results = {}, {}
    for year, point in by_year.items():
        target, result = _get(point, "target"), _get(point, "result")
        if target is not None and _get(target, "value") is not None:
            targets[year] = target
        if result is not None and _get(result, "value") is not None:
            results[year] = result
    values = [float(_get(t, "value")) for t in targets.values()]
    values += [float(_get(t, "value_high")) for t in targets.values() if _has_range(t)]
    values += [float(_get(r, "value")) for r in results.values()]
    ticks = _nice_ticks(min(values, default=0), max(values, default=0))
    target_texts = {y: _row_text(t, format_value) for y, t in targets.items()}
    result_texts = {y: _row_text(r, format_value) for y, r in results.items()}

    x0 = PAD + max(_text_width(format_value(tick)) for tick in ticks) + GAP
    widest = max(map(_text_width, [*target_texts.values(), *result_texts.values()]), default=0)
    wanted = _clamp(widest + 12, 44, 96) * len(years)
    width = _clamp(x0 + wanted + PAD, WIDTH, max(WIDTH, MAX_HISTORY_WIDTH))
    slot = (width - x0 - PAD) / max(len(years), 1)

    def x_at(year):
        return x0 + slot * (year - years[0] + 0.5)

    ranged = any(_has_range(t) for t in targets.values())
    preliminary = any(_get(r, "preliminary") for r in results.values())
    legend_items = [(lambda x, c: _target_square(x + 8, c), 16, labels["target"])]
    if ranged:
        legend_items.append(
            (lambda x, c: _target_range(x + 8, c - 7, c + 7), 16, labels["target_range"])
        )
    legend_items.append((lambda x, c: _result_dot(x + 8, c, False), 16, labels["result"]))
    if preliminary:
        legend_items.append((lambda x, c: _result_dot(x + 8, c, True), 16, labels["preliminary"]))
    legend, legend_height = _legend(legend_items, PAD, PAD, width - 2 * PAD)

    plot_top = PAD + legend_height + LABEL_ROOM
    plot_bottom = plot_top + PLOT_HEIGHT
    height = plot_bottom + LABEL_ROOM + YEAR_LABELS + PAD
    y_at = _linear(ticks[0], ticks[-1], plot_bottom, plot_top)

    body = [legend]
    for tick in ticks:
        tick_y = y_at(tick)
        grid = "chart-axis" if tick == 0 else "chart-grid"
        body.append(_el("line", x1=x0, y1=tick_y, x2=width - PAD, y2=tick_y, class_=grid))
        body.append(_text(x0 - GAP, tick_y, format_value(tick), "chart-tick", "end"))
    year_y = plot_bottom + LABEL_ROOM + YEAR_LABELS / 2
    body.extend(_text(x_at(year), year_y, year, "chart-tick", "middle") for year in years)

    for year in years:
        following = year + 1
        if year in results and following in results:
            dashed = _get(results[year], "preliminary") or _get(results[following], "preliminary")
            body.append(
                _el(
                    "line",
                    x1=x_at(year) + RESULT_OFFSET,
                    y1=y_at(_get(results[year], "value")),
                    x2=x_at(following) + RESULT_OFFSET,
                    y2=y_at(_get(results[following], "value")),
                    class_="chart-line chart-line--preliminary" if dashed else "chart-line",
                )
            )

    markers = []
    for year in years:
        markers.extend(
            _year_markers(year, targets, results, target_texts, result_texts, x_at, y_at)
        )
    body.extend(marker.svg for marker in markers)
    body.extend(_place_labels(markers, x0, width - PAD))
    return _svg(chart_id, "history", title, description, width, height, [], body)


def _has_range(target):
    return _get(target, "value_high") is not None


class _Marker:
    """A drawn target or result: its extent, and the side its label prefers."""

    def __init__(self, svg, x, top, bottom, text, class_, is_result):
        self.svg, self.x, self.top, self.bottom = svg, x, top, bottom
        self.text, self.class_, self.is_result = text, class_, is_result
        self.above = True

    @property
    def box(self):
        return (self.x - 7, self.top, self.x + 7, self.bottom)


def _year_markers(year, targets, results, target_texts, result_texts, x_at, y_at):
    markers = []
    if year in targets:
        target = targets[year]
        x = x_at(year) + TARGET_OFFSET
        if _has_range(target):
            top, bottom = sorted((y_at(_get(target, "value_high")), y_at(_get(target, "value"))))
            svg = _target_range(x, top, bottom)
        else:
            y = y_at(_get(target, "value"))
            svg, top, bottom = _target_square(x, y), y - 6, y + 6
        markers.append(_Marker(svg, x, top, bottom, target_texts[year], "chart-value", False))
    if year in results:
        result = results[year]
        x = x_at(year) + RESULT_OFFSET
        y = y_at(_get(result, "value"))
        svg = _result_dot(x, y, bool(_get(result, "preliminary")))
        markers.append(
            _Marker(
                svg, x, y - 7, y + 7, result_texts[year], "chart-value chart-value--result", True
            )
        )
    # The higher of the two is labelled above, the lower below, so neither label covers the other.
    markers.sort(key=lambda marker: marker.top)
    for marker in markers[1:]:
        marker.above = False
    if len(markers) == 1 and markers[0].is_result:
        # A lone result in a dip is labelled below, clear of the line rising on either side.
        value = _get(results[year], "value")
        neighbours = [_get(results[y], "value") for y in (year - 1, year + 1) if y in results]
        markers[0].above = not neighbours or not all(other > value for other in neighbours)
    return markers


def _overlaps(box, boxes):
    left, top, right, bottom = box
    return any(
        left < other_right and other_left < right and top < other_bottom and other_top < bottom
        for other_left, other_top, other_right, other_bottom in boxes
    )


def _place_labels(markers, left_edge, right_edge):
    """Each marker's label on its preferred side, else the other; left out if it would cover
    another label. Results go first: they are what the reader compares against the targets."""
    placed, parts = [], []
    marker_boxes = [marker.box for marker in markers]
    for marker in sorted(markers, key=lambda marker: not marker.is_result):
        half = _text_width(marker.text) / 2
        x = _clamp(marker.x, left_edge + half, right_edge - half)
        candidates = []
        for above in (marker.above, not marker.above):
            y = marker.top - 10 if above else marker.bottom + 10
            candidates.append((y, (x - half, y - 8, x + half, y + 8)))
        others = [box for box in marker_boxes if box != marker.box]
        free = [c for c in candidates if not _overlaps(c[1], placed + others)]
        free = free or [c for c in candidates if not _overlaps(c[1], placed)]
        if free:
            y, box = free[0]
            placed.append(box)
            parts.append(_text(x, y, marker.text, marker.class_ + " chart-halo", "middle"))
    return parts


def _target_square(x, y, size=10):
    return _el(
        "rect", x=x - size / 2, y=y - size / 2, width=size, height=size, class_="chart-target"
    )


def _target_range(x, top, bottom, cap=5):
    return _el(
        "path",
        d=(
            f"M{_num(x - cap)} {_num(top)}H{_num(x + cap)}M{_num(x)} {_num(top)}V{_num(bottom)}"
            f"M{_num(x - cap)} {_num(bottom)}H{_num(x + cap)}"
        ),
        class_="chart-target-range",
    )


def _result_dot(x, y, preliminary):
    if preliminary:
        return _el("circle", cx=x, cy=y, r=6, class_="chart-result chart-result--preliminary")
    return _el("circle", cx=x, cy=y, r=5, class_="chart-result")


# Tile-grid map: one equal tile per provincial-level division, placed roughly where it lies.
# (column, row) by GB/T 2260 code; no borders are drawn, so the grid claims nothing about them.
TILE_POSITIONS = {
    "230000": (7, 0),  # Heilongjiang
    "150000": (4, 1),  # Inner Mongolia
    "110000": (5, 1),  # Beijing
    "210000": (6, 1),  # Liaoning
    "220000": (7, 1),  # Jilin
    "650000": (0, 2),  # Xinjiang
    "630000": (1, 2),  # Qinghai
    "620000": (2, 2),  # Gansu
    "640000": (3, 2),  # Ningxia
    "140000": (4, 2),  # Shanxi
    "130000": (5, 2),  # Hebei
    "120000": (6, 2),  # Tianjin
    "540000": (1, 3),  # Tibet
    "510000": (2, 3),  # Sichuan
    "610000": (3, 3),  # Shaanxi
    "410000": (4, 3),  # Henan
    "370000": (5, 3),  # Shandong
    "530000": (2, 4),  # Yunnan
    "500000": (3, 4),  # Chongqing
    "420000": (4, 4),  # Hubei
    "340000": (5, 4),  # Anhui
    "320000": (6, 4),  # Jiangsu
    "310000": (7, 4),  # Shanghai
    "520000": (3, 5),  # Guizhou
    "430000": (4, 5),  # Hunan
    "360000": (5, 5),  # Jiangxi
    "330000": (6, 5),  # Zhejiang
    "450000": (3, 6),  # Guangxi
    "440000": (4, 6),  # Guangdong
    "350000": (5, 6),  # Fujian
    "460000": (4, 7),  # Hainan
}
TILE_WIDTH = 110
TILE_HEIGHT = 64
TILE_GAP = 4
TILE_LEVELS = 4
TILE_FONT_MIN = 12
NONE_HATCH_COLOUR = "#dcdcdc"


def tile_map(chart_id, title, description, tiles, national=None, labels=None):
    """The divisions as a grid of equal tiles, each with its short name and value, linked.

    ``tiles``: dicts or objects with ``code`` (GB/T 2260, a key of TILE_POSITIONS), ``label``,
    ``url``, ``value`` (number or None: the tile is hatched and reads ``labels["none"]``),
    optional ``value_high`` (a range; shaded by its midpoint) and ``text`` (the value as read,
    e.g. "around 5.5%"). Tiles are shaded in TILE_LEVELS steps from the lowest value to the
    highest; the printed value, not the shade, carries the data. ``national``: optional dict
    or object with ``label`` (e.g. "National target: 4.5–5%") and ``value``; tiles at or above
    it are outlined. Each tile is a link, reachable by keyboard, named by its printed texts.
    """
    labels = labels or {}
    tiles = [tile for tile in tiles if _get(tile, "code") in TILE_POSITIONS]

    def midpoint(tile):
        low, high = _get(tile, "value"), _get(tile, "value_high")
        return float(low) if high is None else (float(low) + float(high)) / 2

    values = [midpoint(tile) for tile in tiles if _get(tile, "value") is not None]
    low, high = (min(values), max(values)) if values else (0.0, 0.0)

    def level(tile):
        if high == low:
            return 2
        return 1 + min(TILE_LEVELS - 1, int((midpoint(tile) - low) / (high - low) * TILE_LEVELS))

    reference = _get(national, "value") if national is not None else None
    columns = 1 + max(column for column, _row in TILE_POSITIONS.values())
    rows = 1 + max(row for _column, row in TILE_POSITIONS.values())
    top = PAD
    body = []
    if national is not None:
        body.append(_text(PAD, top + LEGEND_LINE / 2, _get(national, "label", ""), "chart-legend"))
        if reference is not None and labels.get("at_or_above"):
            x = PAD + _text_width(_get(national, "label", "")) + 4 * GAP
            body.append(
                _el(
                    "rect",
                    x=x,
                    y=top + 4,
                    width=SWATCH_WIDTH,
                    height=SWATCH_HEIGHT,
                    class_="chart-tile chart-tile--level-1 chart-tile--above",
                )
            )
            body.append(
                _text(
                    x + SWATCH_WIDTH + GAP,
                    top + LEGEND_LINE / 2,
                    labels["at_or_above"],
                    "chart-legend",
                )
            )
        top += LEGEND_LINE + GAP
    width = PAD * 2 + columns * (TILE_WIDTH + TILE_GAP) - TILE_GAP
    height = top + rows * (TILE_HEIGHT + TILE_GAP) - TILE_GAP + PAD
    for tile in tiles:
        column, row = TILE_POSITIONS[_get(tile, "code")]
        x = PAD + column * (TILE_WIDTH + TILE_GAP)
        y = top + row * (TILE_HEIGHT + TILE_GAP)
        value = _get(tile, "value")
        label = str(_get(tile, "label", ""))
        text = _get(tile, "text") or (labels.get("none", "") if value is None else str(value))
        classes = ["chart-tile"]
        if value is None:
            classes.append("chart-tile--none")
            fill = f"url(#{chart_id}-hatch-none)"
        else:
            classes.append(f"chart-tile--level-{level(tile)}")
            fill = None
            if reference is not None and midpoint(tile) >= float(reference):
                classes.append("chart-tile--above")
        size = FONT
        # Names are bold: about a tenth wider than _text_width's estimate.
        while size > TILE_FONT_MIN and _text_width(label, size) * 1.1 > TILE_WIDTH - 8:
            size -= 1
        name_class = "chart-tile-name" + ("" if size == FONT else f" chart-tile-name--{size}")
        halo = " chart-halo" if value is None else ""
        body.append(
            _el(
                "a",
                _el(
                    "rect",
                    x=x,
                    y=y,
                    width=TILE_WIDTH,
                    height=TILE_HEIGHT,
                    rx=4,
                    class_=" ".join(classes),
                    fill=fill,
                ),
                _text(x + TILE_WIDTH / 2, y + 20, label, name_class + halo, "middle"),
                _text(x + TILE_WIDTH / 2, y + 44, text, "chart-tile-value" + halo, "middle"),
                href=_get(tile, "url"),
                class_="chart-tile-link",
            )
        )
    defs = [_hatch(f"{chart_id}-hatch-none", NONE_HATCH_COLOUR)]
    if not CHART_ID.match(chart_id):
        raise ValueError(f"chart_id must be a letter then letters, digits, - or _: {chart_id!r}")
    return _el(
        "svg",
        _el("title", title, id=f"{chart_id}-title"),
        _el("desc", description, id=f"{chart_id}-desc"),
        _el("defs", *defs),
        *body,
        xmlns=SVG_NAMESPACE,
        role="group",
        aria_labelledby=f"{chart_id}-title",
        aria_describedby=f"{chart_id}-desc",
        viewBox=f"0 0 {_num(width)} {_num(height)}",
        class_="chart chart--tiles",
    )
