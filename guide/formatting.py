"""How a figure reads on a page: the value with its qualifier, in the active language."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _


def format_number(value):
    if value is None:
        return ""
    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(
        value, decimal_pos=places, use_l10n=True, force_grouping=abs(value) >= 10000
    )


def value_formatter(indicator, with_unit=False):
    """Formats an indicator's values for the active language, e.g. 5 → “5%”.

    Chinese pages may show a different scale (0.6 million people → 60 万人). ``with_unit`` adds
    a unit other than a percentage: “0.6 million people”, “60万人”.
    """
    chinese = (get_language() or "").startswith("zh")
    scale = indicator.chinese_scale if chinese else 1
    if indicator.is_percentage:
        suffix = "%"
    elif with_unit and indicator.unit:
        suffix = indicator.unit if chinese else f" {indicator.unit}"
    else:
        suffix = ""

    def format_value(value, suffix=suffix):
        return f"{format_number(Decimal(value) * scale)}{suffix}"

    return format_value


def describe(figure, with_unit=False):
    """E.g. “around 5%”, “over 12”, “6–6.5%”, “no target set”; with the unit where it is not a
    percentage if ``with_unit``: “over 12 million people”, “1200万人以上”. Worked out once per
    figure, language and form: a page asks several times (the value, its wording, comparisons)."""
    described = figure.__dict__.setdefault("_described", {})
    key = (get_language(), with_unit)
    if key not in described:
        described[key] = _describe(figure, with_unit)
    return described[key]


def _describe(figure, with_unit):
    Qualifier = type(figure).Qualifier
    format_value = value_formatter(figure.indicator, with_unit)
    if figure.qualifier == Qualifier.RANGE:
        return _("%(low)s–%(high)s") % {
            "low": format_value(figure.value, suffix=""),
            "high": format_value(figure.value_high),
        }
    if figure.qualifier == Qualifier.NO_TARGET:
        return _("no target set")
    if figure.qualifier == Qualifier.QUALITATIVE:
        return _("qualitative target")
    if figure.qualifier == Qualifier.UNKNOWN:
        return _("not known")
    value = format_value(figure.value)
    phrases = {
        Qualifier.EXACT: "%(value)s",
        # Translators: a figure as a table shows it; %(value)s is the number with its unit.
        Qualifier.AROUND: pgettext("figure", "around %(value)s"),
        # Translators: a figure as a table shows it; %(value)s is the number with its unit.
        Qualifier.OVER: pgettext("figure", "over %(value)s"),
        # Translators: a figure as a table shows it; %(value)s is the number with its unit.
        Qualifier.AT_LEAST: pgettext("figure", "at least %(value)s"),
        # Translators: a figure as a table shows it; %(value)s is the number with its unit.
        Qualifier.NEARLY: pgettext("figure", "nearly %(value)s"),
        # Translators: a figure as a table shows it; %(value)s is the number with its unit.
        Qualifier.WITHIN: pgettext("figure", "within %(value)s"),
        # Translators: a figure as a table shows it; %(value)s is the number with its unit.
        Qualifier.BELOW: pgettext("figure", "below %(value)s"),
    }
    return phrases[figure.qualifier] % {"value": value}


def vote_text(decision):
    """“2,879 for, 2 against, 5 abstentions”, with only the counts the sources give; "" when
    none is recorded."""
    counts = [
        (decision.votes_for, lambda n: _("%(count)s for")),
        (decision.votes_against, lambda n: _("%(count)s against")),
        (
            decision.votes_abstain,
            lambda n: ngettext("%(count)s abstention", "%(count)s abstentions", n),
        ),
    ]
    parts = [
        phrase(count) % {"count": number_format(count, force_grouping=True)}
        for count, phrase in counts
        if count is not None
    ]
    # Translators: between the counts of a vote, e.g. “2,879 for, 2 against”; Chinese uses “，”.
    return pgettext("separator in a list of vote counts", ", ").join(parts)
