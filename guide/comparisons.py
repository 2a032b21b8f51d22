"""Targets set against the results reported later: met, missed, or not comparable.

A target is judged with its indicator's direction (a floor such as growth, a
ceiling such as inflation, or a planned level such as the deficit ratio) and
its qualifier ("around", "over", a range...). Where the wording does not allow
an honest verdict, the answer is "not comparable", with the reason.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Figure, Indicator

# "Around" a planned level: how close a result must be to count as matching it.
LEVEL_TOLERANCE = Decimal("0.05")

Qualifier = Figure.Qualifier
Direction = Indicator.Direction


class Verdict:
    MET = "met"
    MISSED = "missed"
    NOT_COMPARABLE = "not-comparable"
    PENDING = "pending"

    LABELS = {
        MET: _("met"),
        MISSED: _("missed"),
        NOT_COMPARABLE: _("not comparable"),
        PENDING: _("no result recorded"),
    }


def tally(comparisons):
    """How many targets were met, missed and so on, for the line above a comparison table:
    ``(number of targets, [(verdict, text), ...])`` in a fixed order, leaving out verdicts no
    target got. Rows without a target (a result alone) are not counted."""
    counts = Counter(comparison.verdict for comparison in comparisons if comparison.target)
    phrases = {
        Verdict.MET: lambda n: ngettext("%(count)d met", "%(count)d met", n),
        Verdict.MISSED: lambda n: ngettext("%(count)d missed", "%(count)d missed", n),
        Verdict.NOT_COMPARABLE: lambda n: ngettext(
            "%(count)d not comparable", "%(count)d not comparable", n
        ),
        Verdict.PENDING: lambda n: ngettext(
            "%(count)d with no result recorded", "%(count)d with no result recorded", n
        ),
    }
    return sum(counts.values()), [
        (verdict, phrase(counts[verdict]) % {"count": counts[verdict]})
        for verdict, phrase in phrases.items()
        if counts[verdict]
    ]


@dataclass
class Comparison:
    indicator: Indicator
    division: object
    year: int
    target: Figure | None
    result: Figure | None
    verdict: str
    reason: str = ""

    @property
    def label(self):
        return Verdict.LABELS[self.verdict]

    @property
    def preliminary(self):
        return bool(self.result and self.result.preliminary)


def judge(target, result):
    """The verdict for one target and the result of the same indicator, division and year."""
    if target.qualifier in (Qualifier.NO_TARGET, Qualifier.QUALITATIVE, Qualifier.UNKNOWN):
        return Verdict.NOT_COMPARABLE, _("No numeric target was set.")
    if result is None:
        return Verdict.PENDING, _("No result for this year is recorded in our sources.")
    if result.value is None:
        return Verdict.NOT_COMPARABLE, _("The result has no number.")
    direction = target.indicator.target_direction
    low = target.value
    high = target.value_high if target.qualifier == Qualifier.RANGE else target.value
    value = result.value
    if direction == Direction.FLOOR:
        if target.qualifier in (Qualifier.WITHIN, Qualifier.BELOW):
            return Verdict.NOT_COMPARABLE, _("The target is worded as a ceiling.")
        # “以上” (over) includes the number itself.
        return (Verdict.MET if value >= low else Verdict.MISSED), ""
    if direction == Direction.CEILING:
        if target.qualifier in (Qualifier.OVER, Qualifier.AT_LEAST):
            return Verdict.NOT_COMPARABLE, _("The target is worded as a floor.")
        met = value < high if target.qualifier == Qualifier.BELOW else value <= high
        return (Verdict.MET if met else Verdict.MISSED), ""
    if direction == Direction.LEVEL:
        if target.qualifier == Qualifier.RANGE:
            met = low <= value <= high
        elif target.qualifier in (Qualifier.OVER, Qualifier.AT_LEAST):
            met = value >= low
        elif target.qualifier in (Qualifier.WITHIN, Qualifier.BELOW):
            met = value <= high
        else:
            met = abs(value - low) <= abs(low) * LEVEL_TOLERANCE
        return (Verdict.MET if met else Verdict.MISSED), ""
    return Verdict.NOT_COMPARABLE, _("This indicator has no agreed way to judge a target.")


def best_result(results):
    """Prefer a final figure to a preliminary one, and a later report's figure to an earlier."""
    if not results:
        return None

    def rank(figure):
        report_year = figure.report.meeting.session.year if figure.report_id else 9999
        return (not figure.preliminary, report_year)

    return max(results, key=rank)


def compare(targets, results):
    """Pair each target with the best result of the same indicator, division and year."""
    by_key = {}
    for result in results:
        by_key.setdefault((result.indicator_id, result.division_id, result.year), []).append(result)
    comparisons = []
    for target in targets:
        result = best_result(by_key.get((target.indicator_id, target.division_id, target.year), []))
        verdict, reason = judge(target, result)
        comparisons.append(
            Comparison(
                indicator=target.indicator,
                division=target.division,
                year=target.year,
                target=target,
                result=result,
                verdict=verdict,
                reason=reason,
            )
        )
    return comparisons


def results_for(targets):
    """The published results that can answer these targets, in one query."""
    keys = {(t.indicator_id, t.division_id, t.year) for t in targets}
    if not keys:
        return []
    candidates = (
        Figure.objects.published()
        .results()
        .filter(
            indicator_id__in={k[0] for k in keys},
            division_id__in={k[1] for k in keys},
            year__in={k[2] for k in keys},
        )
        .select_related("indicator", "division", "source", "report__meeting__session__division")
    )
    return [f for f in candidates if (f.indicator_id, f.division_id, f.year) in keys]


def scorecard(targets):
    targets = list(targets)
    return compare(targets, results_for(targets))


@dataclass
class Change:
    indicator: Indicator
    kind: str  # "added", "dropped", "changed", "unchanged"
    before: Figure | None
    after: Figure | None

    LABELS = {
        # Our records may miss a target a report did set: say what we know, not more.
        "added": _("no target recorded the year before"),
        "dropped": _("no target recorded this year"),
        "changed": _("changed"),
        "unchanged": _("unchanged"),
    }

    @property
    def label(self):
        return self.LABELS[self.kind]


def figure_terms(figure):
    return (figure.value, figure.value_high, figure.qualifier)


def target_changes(previous_targets, current_targets):
    """Targets of one report against the previous year's report of the same division."""
    before = {f.indicator_id: f for f in previous_targets}
    after = {f.indicator_id: f for f in current_targets}
    changes = []
    for indicator_id in sorted(
        before.keys() | after.keys(),
        key=lambda pk: (after.get(pk) or before.get(pk)).indicator.order,
    ):
        old, new = before.get(indicator_id), after.get(indicator_id)
        if old is None:
            kind = "added"
        elif new is None:
            kind = "dropped"
        elif figure_terms(old) != figure_terms(new):
            kind = "changed"
        else:
            kind = "unchanged"
        changes.append(Change((new or old).indicator, kind, old, new))
    return changes
