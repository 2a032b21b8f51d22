"""The SVG charts: well-formed, labelled for assistive technology, drawing what they are given."""

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest
from django.utils.safestring import SafeString

from guide.charts import comparison_bars, history_chart, season_timeline

NS = {"svg": "http://www.w3.org/2000/svg"}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
TIMELINE_LABELS = {
    "months": MONTHS,
    "cppcc": "CPPCC",
    "congress": "People's Congress",
    "cppcc_letter": "C",
    "congress_letter": "P",
    "scheduled": "scheduled",
    "inferred": "inferred",
    "postponed": "postponed",
    "unknown_end": "closing date not known",
}
HISTORY_LABELS = {
    "target": "target",
    "target_range": "target range",
    "result": "result",
    "preliminary": "preliminary result",
}


def percent(value):
    return f"{Decimal(str(value)).normalize():f}%"


def parse(svg):
    return ET.fromstring(str(svg))


def classes(element):
    return element.get("class", "").split()


def with_class(root, name, tag="*"):
    return [
        el
        for el in root.iter(f"{{{NS['svg']}}}{tag}" if tag != "*" else tag)
        if name in classes(el)
    ]


def texts(root):
    return ["".join(el.itertext()) for el in root.iter(f"{{{NS['svg']}}}text")]


def bar(kind, start, end, certainty="verified", postponed_from=None):
    return {
        "kind": kind,
        "start": start,
        "end": end,
        "certainty": certainty,
        "postponed_from": postponed_from,
    }


def timeline(rows, chart_id="season", end=date(2025, 3, 31), labels=TIMELINE_LABELS):
    return season_timeline(
        chart_id, "The 2025 season", "Beijing met first.", rows, date(2025, 1, 1), end, labels
    )


NATIONAL = {
    "label": "National",
    "bars": [
        bar("cppcc", date(2025, 3, 4), date(2025, 3, 10)),
        bar("congress", date(2025, 3, 5), date(2025, 3, 11)),
    ],
}


def sample_timeline(chart_id="season"):
    return timeline([NATIONAL], chart_id)


def sample_bars(chart_id="targets"):
    rows = [
        {"label": "Beijing", "value": Decimal("5"), "text": "around 5%"},
        {"label": "Tibet", "value": None, "text": "no target set"},
    ]
    return comparison_bars(chart_id, "Targets", "Most set 5%.", rows, format_value=percent)


def sample_history(chart_id="history"):
    points = [{"year": 2024, "target": {"value": 5}, "result": {"value": Decimal("5.0")}}]
    return history_chart(
        chart_id, "GDP", "Met.", points, format_value=percent, labels=HISTORY_LABELS
    )


@pytest.mark.parametrize("make", [sample_timeline, sample_bars, sample_history])
def test_every_chart_is_an_image_named_by_its_title_and_desc(make):
    svg = make()
    assert isinstance(svg, SafeString)
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    assert "chart" in classes(root)
    assert len(root.get("viewBox").split()) == 4
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert (title.get("id"), desc.get("id")) == (title_id, desc_id)
    assert title.text and desc.text


@pytest.mark.parametrize("make", [sample_timeline, sample_bars, sample_history])
def test_two_charts_on_one_page_share_no_id(make):
    first, second = parse(make("first")), parse(make("second"))
    ids = [el.get("id") for root in (first, second) for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    for root in (first, second):
        own_ids = {el.get("id") for el in root.iter() if el.get("id")}
        for element in root.iter():
            fill = element.get("fill", "")
            if fill.startswith("url(#"):
                assert fill[5:-1] in own_ids


def test_a_chart_id_that_cannot_be_an_id_is_refused():
    with pytest.raises(ValueError):
        sample_bars('x" onload="alert(1)')


def test_timeline_draws_one_bar_per_meeting_in_its_lane():
    rows = [
        NATIONAL,
        {"label": "Shanghai", "bars": [bar("congress", date(2025, 1, 15), date(2025, 1, 18))]},
    ]
    root = parse(timeline(rows))
    cppcc = with_class(root, "chart-item--cppcc", "g")
    congress = with_class(root, "chart-item--congress", "g")
    assert (len(cppcc), len(congress)) == (1, 2)
    cppcc_y = float(cppcc[0].find("svg:rect", NS).get("y"))
    national_congress_y = float(congress[0].find("svg:rect", NS).get("y"))
    assert cppcc_y < national_congress_y
    assert {"C", "P"} <= set(texts(root))
    assert {"Jan", "Feb", "Mar"} <= set(texts(root))
    assert "Apr" not in texts(root)
    assert "scheduled" not in texts(root)


def test_timeline_axis_runs_to_the_end_it_is_given():
    root = parse(timeline([NATIONAL], end=date(2025, 5, 31)))
    assert {"Apr", "May"} <= set(texts(root))


def test_timeline_marks_bars_that_are_not_verified():
    row = {
        "label": "Beijing",
        "bars": [
            bar("cppcc", date(2025, 1, 12), date(2025, 1, 16), "scheduled"),
            bar("congress", date(2025, 1, 14), date(2025, 1, 18), "inferred"),
        ],
    }
    root = parse(timeline([row], chart_id="beijing"))
    cppcc, congress = (
        with_class(root, f"chart-item--{kind}", "g")[0].find("svg:rect", NS)
        for kind in ("cppcc", "congress")
    )
    assert cppcc.get("fill") == "url(#beijing-hatch-cppcc)"
    assert congress.get("fill") == "url(#beijing-hatch-congress)"
    assert "chart-bar--uncertain" in classes(cppcc)
    assert {"C*", "P?", "scheduled", "inferred"} <= set(texts(root))


def test_timeline_marks_postponed_sessions_at_the_date_first_planned():
    row = {
        "label": "National",
        "bars": [
            bar("cppcc", date(2020, 5, 21), date(2020, 5, 27), postponed_from=date(2020, 3, 3)),
            bar("congress", date(2020, 5, 22), date(2020, 5, 28), postponed_from=date(2020, 3, 5)),
        ],
    }
    root = season_timeline(
        "y2020", "2020", "Postponed.", [row], date(2020, 1, 1), date(2020, 5, 31), TIMELINE_LABELS
    )
    root = parse(root)
    diamonds = [
        path
        for group in with_class(root, "chart-item", "g")
        for path in with_class(group, "chart-postponed", "path")
    ]
    assert len(diamonds) == 2
    assert len(with_class(root, "chart-connector", "line")) == 2
    assert texts(root).count("postponed") == 2  # once in the legend, once in the row


def test_timeline_draws_an_open_end_when_the_closing_date_is_not_known():
    row = {"label": "Hebei", "bars": [bar("congress", date(2025, 1, 20), None, "inferred")]}
    root = parse(timeline([row]))
    group = with_class(root, "chart-item--congress", "g")[0]
    assert with_class(group, "chart-open-cap", "path")
    assert "closing date not known" in texts(root)
    assert "P?" in texts(root)


def test_timeline_leaves_out_bars_without_a_start_and_refuses_unknown_certainty():
    row = {"label": "Hebei", "bars": [bar("cppcc", None, None)]}
    assert not with_class(parse(timeline([row])), "chart-item", "g")
    with pytest.raises(ValueError):
        timeline([{"label": "Hebei", "bars": [bar("cppcc", date(2025, 1, 2), None, "guessed")]}])


def test_timeline_accepts_objects_as_well_as_dicts():
    class Row:
        label = "National"
        bars = NATIONAL["bars"]

    root = parse(timeline([Row()]))
    assert len(with_class(root, "chart-item", "g")) == 2


@pytest.mark.parametrize("label", ["<script>alert(1)</script>", "Fish & Chips <b>"])
def test_labels_are_escaped(label):
    timeline_svg = timeline([{"label": label, "bars": NATIONAL["bars"]}])
    bars_svg = comparison_bars(
        "b", label, label, [{"label": label, "value": 1, "text": label}], format_value=percent
    )
    for svg in (timeline_svg, bars_svg):
        assert "<script>" not in svg and "<b>" not in svg
        root = parse(svg)
        assert not [el for el in root.iter() if el.tag.split("}")[-1] in {"script", "b"}]
        assert label in texts(root)
    assert parse(bars_svg).find("svg:title", NS).text == label


def test_comparison_draws_a_bar_per_value_and_keeps_the_text_of_rows_without_one():
    rows = [
        {"label": "Beijing", "value": Decimal("5"), "text": "around 5%"},
        {"label": "Tibet", "value": None, "text": "no target set"},
        {"label": "Hainan", "value": Decimal("8"), "text": "around 8%", "highlight": True},
    ]
    root = parse(comparison_bars("t", "Targets", "…", rows, format_value=percent))
    bars = with_class(root, "chart-bar--value", "rect")
    assert len(bars) == 2
    assert len(with_class(root, "chart-item", "g")) == 2
    assert "no target set" in texts(root)
    assert "chart-bar--highlight" in classes(bars[1])
    assert with_class(root, "chart-label--highlight", "text")


def test_comparison_draws_ranges_hatched_and_the_reference_line():
    rows = [{"label": "Guangdong", "value": 5, "value_high": Decimal("5.5")}]
    reference = {"label": "National target: around 5%", "value": Decimal("5")}
    root = parse(
        comparison_bars(
            "r", "Targets", "…", rows, reference, format_value=percent, labels={"range": "range"}
        )
    )
    ranges = [el for el in with_class(root, "chart-bar--range", "rect") if el.get("fill")]
    assert [el.get("fill") for el in ranges] == ["url(#r-hatch-range)"] * 2  # legend and bar
    assert "5%–5.5%" in texts(root)
    assert "National target: around 5%" in texts(root)
    (line,) = with_class(root, "chart-reference", "line")
    assert line.get("x1") == line.get("x2")


def grid_ticks(root):
    return with_class(root, "chart-tick", "text")


@pytest.mark.parametrize(
    ("values", "expected_ticks"),
    [
        ([Decimal("5"), Decimal("8")], ["0%", "2%", "4%", "6%", "8%"]),
        ([Decimal("-3"), Decimal("6.5")], ["-5%", "0%", "5%", "10%"]),
        ([Decimal("0.6")], ["0%", "0.2%", "0.4%", "0.6%"]),
        ([Decimal("120")], ["0%", "50%", "100%", "150%"]),
    ],
)
def test_comparison_axis_has_three_to_five_round_ticks(values, expected_ticks):
    rows = [{"label": str(v), "value": v} for v in values]
    root = parse(comparison_bars("a", "T", "…", rows, format_value=percent))
    assert [text.text for text in grid_ticks(root)] == expected_ticks
    assert len(with_class(root, "chart-grid", "line")) == len(expected_ticks)


def test_comparison_draws_negative_values_left_of_zero():
    rows = [
        {"label": "Hubei", "value": Decimal("-3")},
        {"label": "Hainan", "value": Decimal("6")},
    ]
    root = parse(comparison_bars("n", "Results", "…", rows, format_value=percent))
    (axis,) = with_class(root, "chart-axis", "line")
    zero = float(axis.get("x1"))
    negative, positive = with_class(root, "chart-bar--value", "rect")
    assert float(negative.get("x")) + float(negative.get("width")) == pytest.approx(zero, abs=0.02)
    assert float(positive.get("x")) == pytest.approx(zero, abs=0.02)
    assert "-3%" in texts(root)


def test_history_draws_targets_results_and_breaks_the_line_at_gaps():
    points = [
        {"year": 2015, "target": {"value": 7, "text": "around 7%"}, "result": {"value": 6.9}},
        {"year": 2016, "target": {"value": 6.5, "value_high": 7}, "result": {"value": 6.7}},
        {"year": 2017, "target": None, "result": {"value": 6.9}},
        {"year": 2019, "target": {"value": 6}, "result": {"value": 6.0}},
        {"year": 2020, "target": {"value": None}, "result": {"value": 2.2, "preliminary": True}},
        {"year": 2021, "target": {"value": 6, "text": "over 6%"}, "result": None},
    ]
    root = parse(
        history_chart("h", "GDP", "…", points, format_value=percent, labels=HISTORY_LABELS)
    )
    # Each count includes the legend's sample.
    assert len(root.findall(".//svg:rect[@class='chart-target']", NS)) == 3 + 1
    assert len(root.findall(".//svg:path[@class='chart-target-range']", NS)) == 1 + 1
    assert len(root.findall(".//svg:circle[@class='chart-result']", NS)) == 4 + 1
    preliminary = with_class(root, "chart-result--preliminary", "circle")
    assert len(preliminary) == 1 + 1
    lines = with_class(root, "chart-line", "line")
    assert len(lines) == 3  # 2015–16, 2016–17, 2019–20; nothing across 2018
    assert "chart-line--preliminary" in classes(lines[-1])
    years = [text.text for text in grid_ticks(root) if text.text.isdigit()]
    assert years == ["2015", "2016", "2017", "2018", "2019", "2020", "2021"]
    assert "preliminary result" in texts(root)


def test_history_labels_each_marker_with_its_text_or_formatted_value():
    points = [
        {"year": 2023, "target": {"value": 5, "text": "around 5%"}, "result": {"value": 5.2}},
        {"year": 2024, "target": {"value": 5, "value_high": Decimal("5.5")}},
    ]
    root = parse(history_chart("l", "GDP", "…", points, percent, HISTORY_LABELS))
    assert {"around 5%", "5.2%", "5%–5.5%"} <= set(texts(root))


def test_history_handles_a_single_year_and_negative_values():
    single = parse(sample_history())
    assert [t.text for t in grid_ticks(single)][-1] == "2024"
    assert not with_class(single, "chart-line", "line")

    points = [
        {"year": 2019, "result": {"value": Decimal("7.5")}},
        {"year": 2020, "result": {"value": Decimal("-5")}},
    ]
    root = parse(history_chart("neg", "Hubei", "…", points, percent, HISTORY_LABELS))
    assert with_class(root, "chart-axis", "line")  # the zero line
    assert len(with_class(root, "chart-line", "line")) == 1
    (label,) = [el for el in with_class(root, "chart-value", "text") if el.text == "-5%"]
    dip = root.findall(".//svg:circle[@class='chart-result']", NS)[-1]
    assert float(label.get("y")) > float(dip.get("cy"))  # below the dip, clear of the line


def test_history_without_any_numbers_still_renders():
    points = [{"year": 2024, "target": {"value": None, "text": "no target set"}}]
    root = parse(history_chart("empty", "GDP", "No target.", points, percent, HISTORY_LABELS))
    assert len(root.findall(".//svg:circle", NS)) == 1  # the legend's sample
    assert len(root.findall(".//svg:rect[@class='chart-target']", NS)) == 1
