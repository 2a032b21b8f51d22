"""What the charts show: sessions and figures turned into the data and labels of charts.py."""

import datetime

from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from . import charts
from .formatting import describe, value_formatter

MONTHS = [datetime.date(2000, month, 1) for month in range(1, 13)]


def timeline_labels():
    return {
        "months": [date_format(month, "M") for month in MONTHS],
        "cppcc": _("CPPCC committee"),
        "congress": _("People's congress"),
        "cppcc_letter": pgettext("timeline letter for the CPPCC", "C"),
        "congress_letter": pgettext("timeline letter for the people's congress", "P"),
        "scheduled": _("scheduled or inferred date"),
        "inferred": _("inferred"),
        "postponed": _("originally planned"),
        "unknown_end": _("closing date not recorded"),
    }


def bar_certainty(meeting):
    """The weakest certainty of a meeting's dates: a bar is only as sure as its least sure end."""
    if meeting.opening_certainty != "verified":
        return meeting.opening_certainty
    if meeting.closing_date and meeting.closing_certainty != "verified":
        return meeting.closing_certainty
    return "verified"


def season_rows(sessions):
    rows = []
    for session in sessions:
        bars = [
            {
                "kind": meeting.body.kind,
                "start": meeting.opening_date,
                "end": meeting.closing_date,
                "certainty": bar_certainty(meeting),
                "postponed_from": session.postponed_from,
            }
            for meeting in session.meetings.all()
            if meeting.opening_date
        ]
        if bars:
            rows.append({"label": session.division.short_name, "bars": bars})
    return rows


def season_chart(chart_id, year, sessions):
    """The season timeline of a year's sessions, or "" when none has a date."""
    rows = season_rows(sessions)
    if not rows:
        return ""
    last = max((bar["end"] or bar["start"]) for row in rows for bar in row["bars"])
    # One month beyond the last meeting leaves room for the labels at the end of the bars.
    end = datetime.date(year, min(12, max(3, last.month + 1)), 1)
    end = (end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )
    return charts.season_timeline(
        chart_id,
        _("The %(year)s Two Sessions season") % {"year": year},
        _(
            "Bars show when each division's CPPCC committee and people's congress met in "
            "%(year)s. The same dates are in the table below."
        )
        % {"year": year},
        rows,
        datetime.date(year, 1, 1),
        end,
        timeline_labels(),
    )


def history_chart(division, indicator, rows):
    """One division's targets and results for an indicator over the years."""

    def point_of(figure):
        if figure is None or figure.value is None:
            return None
        return {
            "value": figure.value,
            "value_high": figure.value_high,
            "text": describe(figure),
            "preliminary": figure.preliminary,
        }

    points = [
        {"year": row.year, "target": point_of(row.target), "result": point_of(row.result)}
        for row in rows
    ]
    if not any(p["target"] or p["result"] for p in points):
        return ""
    return charts.history_chart(
        f"history-{division.slug}-{indicator.code}",
        _("%(indicator)s in %(division)s: targets and results")
        % {"indicator": indicator.name, "division": division.short_name},
        _("Targets are drawn as squares or ranges, results as dots; the table below has the data."),
        points,
        format_value=value_formatter(indicator),
        labels={
            "target": _("target"),
            "target_range": _("target range"),
            "result": _("result"),
            "preliminary": _("preliminary result"),
        },
    )


def targets_by_division_chart(indicator, year, targets, national):
    """Every division's target for one indicator and year, with the national target marked."""
    rows = [
        {
            "label": f.division.short_name,
            "value": f.value,
            "value_high": f.value_high,
            "text": describe(f),
            "highlight": f.division.is_national,
        }
        for f in targets
    ]
    with_national = national is not None and national.value is not None
    return charts.comparison_bars(
        f"targets-{indicator.code}-{year}",
        _("%(indicator)s: %(year)s targets by division")
        % {"indicator": indicator.name, "year": year},
        _("Each bar is one division's target; the dashed line is the national target.")
        if with_national
        else _("Each bar is one division's target."),
        rows,
        reference=(
            {
                "label": _("National target: %(value)s") % {"value": describe(national)},
                "value": national.value,
            }
            if with_national
            else None
        ),
        format_value=value_formatter(indicator),
        labels={"range": _("target range")},
    )


def division_map(chart_id, indicator, year, targets, national, divisions):
    """Every provincial-level division as a tile with its target for the indicator and year
    (or "not recorded"), the national target marked; ``divisions`` are all 31 of them."""
    by_division = {f.division_id: f for f in targets if not f.division.is_national}
    if len(by_division) < 2:
        return ""
    tiles = []
    for division in divisions:
        figure = by_division.get(division.pk)
        tiles.append(
            {
                "code": division.code,
                "label": division.short_name,
                "url": reverse("guide:division_indicator", args=[division.slug, indicator.code])
                if figure
                else division.get_absolute_url(),
                "value": figure.value if figure else None,
                "value_high": figure.value_high if figure else None,
                "text": describe(figure) if figure else None,
            }
        )
    with_national = national is not None and national.value is not None
    return charts.tile_map(
        chart_id,
        _("%(indicator)s: %(year)s targets on a map of the divisions")
        % {"indicator": indicator.name, "year": year},
        _(
            "One tile per provincial-level division, placed roughly where it lies; each tile "
            "gives the division's target and links to its history. The same targets are in "
            "the table below."
        ),
        tiles,
        national=(
            {
                "label": _("National target: %(value)s") % {"value": describe(national)},
                "value": national.value,
            }
            if with_national
            else None
        ),
        labels={"none": _("not recorded"), "at_or_above": _("at or above the national target")},
    )
