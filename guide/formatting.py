"""How a figure reads on a page: the value with its qualifier, in the active language."""

from decimal import Decimal

import markdown
import nh3
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def format_number(value):
    if value is None:
        return ""
    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(
        value, decimal_pos=places, use_l10n=True, force_grouping=abs(value) >= 10000
    )


def value_with_unit(value, unit_symbol):
    number = format_number(value)
    return f"{number}{unit_symbol}" if unit_symbol else number


def describe(figure):
    """E.g. “around 5%”, “over 12”, “6–6.5%”, “no target set”."""
    Qualifier = type(figure).Qualifier
    symbol = "%" if figure.indicator.unit_en.startswith("%") else ""
    value = value_with_unit(figure.value, symbol)
    phrases = {
        Qualifier.EXACT: "%(value)s",
        Qualifier.AROUND: pgettext("figure", "around %(value)s"),
        Qualifier.OVER: pgettext("figure", "over %(value)s"),
        Qualifier.AT_LEAST: pgettext("figure", "at least %(value)s"),
        Qualifier.NEARLY: pgettext("figure", "nearly %(value)s"),
        Qualifier.WITHIN: pgettext("figure", "within %(value)s"),
        Qualifier.BELOW: pgettext("figure", "below %(value)s"),
    }
    if figure.qualifier == Qualifier.RANGE:
        return _("%(low)s–%(high)s") % {
            "low": format_number(figure.value),
            "high": value_with_unit(figure.value_high, symbol),
        }
    if figure.qualifier == Qualifier.NO_TARGET:
        return _("no target set")
    if figure.qualifier == Qualifier.QUALITATIVE:
        return _("qualitative target")
    if figure.qualifier == Qualifier.UNKNOWN:
        return _("not known")
    return phrases[figure.qualifier] % {"value": value}


ALLOWED_TAGS = {
    "a",
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "blockquote",
    "code",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "br",
}


def render_markdown(text):
    """Explainer bodies: Markdown in, sanitised HTML out (no raw HTML survives)."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener",
        )
    )
