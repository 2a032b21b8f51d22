"""Template tags and filters of the public pages: languages, figures, text and structured data."""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.urls import translate_url
from django.utils import dateformat
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guide import comparisons, formatting, images, rendering, search, structured_data
from guide.models import Certainty

register = template.Library()


def _alternates(request):
    """The page in each language; found once a request, for the head and the switcher."""
    if not hasattr(request, "guide_alternates"):
        request.guide_alternates = [
            (code, name, translate_url(request.path, code)) for code, name in settings.LANGUAGES
        ]
    return request.guide_alternates


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    current = get_language()
    return {
        "languages": [
            {"code": code, "url": url, "current": code == current, "name": name}
            for code, name, url in _alternates(request)
        ]
    }


@register.inclusion_tag("includes/language_alternates.html", takes_context=True)
def language_alternates(context):
    request = context["request"]
    origin = f"{request.scheme}://{request.get_host()}"
    alternates = [(code, origin + url) for code, _name, url in _alternates(request)]
    return {
        "canonical": origin + request.path,
        "alternates": alternates,
        "default": alternates[0][1],
    }


@register.simple_tag
def meeting_date(meeting, which):
    """A meeting's opening or closing date with its certainty, or that it is not recorded; with
    the line break the include it replaces ended with, so that pages stay byte for byte the same."""
    date = getattr(meeting, f"{which}_date")
    if not date:
        return format_html('<span class="muted keep-words">{}</span>\n', _("not recorded"))
    html = format_html(
        '<time datetime="{}">{}</time>', dateformat.format(date, "Y-m-d"), date_format(date)
    )
    certainty = getattr(meeting, f"{which}_certainty")
    if certainty != Certainty.VERIFIED:
        label = getattr(meeting, f"get_{which}_certainty_display")()
        html += format_html(' <span class="tag tag--{}">{}</span>', certainty, label)
    return mark_safe(html + "\n")


@register.simple_tag
def figure_row(figure, show_division, years):
    """One row of includes/figure_table.html. Written here rather than in the template: tables
    of figures are the longest part of the longest pages, and a dozen tags a row cost more than
    the rest of the page."""
    indicator = figure.indicator
    if show_division:
        heading = _("%(division)s: %(indicator)s") % {
            "division": escape(figure.division.short_name),
            "indicator": escape(indicator.name),
        }
    else:
        heading = escape(indicator.name)
    value = format_html('<span class="figures__figure">{}</span>', figure_value(figure))
    if figure.preliminary:
        value += format_html(' <span class="tag tag--inferred">{}</span>', _("preliminary"))
    unit_note = indicator.unit_note
    unit = format_html('<span class="figures__unit">{}</span>', unit_note) if unit_note else ""
    wording = ""
    if distinct_wording(figure):
        chinese = figure.wording_zh_hans and figure.wording == figure.wording_zh_hans
        wording = format_html(
            '<span class="figures__wording">{} <span lang="{}">{}</span></span>',
            _("Original wording:"),
            "zh-Hans" if chinese else "en",
            figure.wording,
        )
    note = ""
    if figure.note:
        note = format_html(
            '<span class="figures__note"{}>{}</span>', lang_of(figure, "note"), figure.note
        )
    source = figure.source
    cited = ""
    if source:
        cited = format_html(
            '<a href="{}" rel="external noopener"{}>{}</a>\n      {}',
            source.url,
            lang_of(source, "publisher") if source.publisher else lang_of(source, "title"),
            source.publisher or source.title,
            format_html(
                "<details><summary>{}</summary><blockquote>{}</blockquote></details>",
                _("Quote"),
                linebreaksbr(figure.quote, autoescape=True),
            )
            if figure.quote
            else "",
        )
    label = _("Link to %(indicator)s, %(year)s") % {
        "indicator": escape(indicator.name),
        "year": figure.year,
    }
    return format_html(
        '\n  <tr id="figure-{pk}">\n'
        '    <th scope="row">{heading}</th>\n'
        "    {year}\n"
        "    <td>\n"
        "      {value}\n"
        "      {unit}\n"
        "      {wording}\n"
        "      {note}\n"
        "    </td>\n"
        "    <td>\n"
        "      {cited}\n"
        '      <a class="permalink" href="#figure-{pk}" aria-label="{label}">#</a>\n'
        "    </td>\n"
        "  </tr>\n  ",
        pk=figure.pk,
        heading=mark_safe(heading),
        year=format_html("<td>{}</td>", figure.year) if years else "",
        value=value,
        unit=unit,
        wording=wording,
        note=note,
        cited=cited,
        label=mark_safe(label),
    )


@register.filter
def figure_value(figure):
    """The figure as a table shows it: “around 5%”, “over 12 million people”."""
    return formatting.describe(figure, with_unit=True)


@register.filter
def lang_of(obj, field_name):
    """` lang="en"` when a translated field shows its English text on a page in another
    language (modeltranslation's fallback), so that the text is read out in English; else "".
    For short fields; long texts go through ``localized``, which adds a visible notice too."""
    language = get_language() or settings.LANGUAGE_CODE
    if obj is None or not rendering.shown_in_english(obj, field_name, language):
        return ""
    return mark_safe(' lang="en"')


@register.filter
def verdict_tally(rows):
    return comparisons.tally(rows)


@register.filter
def year_column(figures, asked=False):
    """Whether a figure table needs a year column: when asked, or when its figures are of more
    than one year."""
    return bool(asked) or len({figure.year for figure in figures}) > 1


@register.filter
def distinct_wording(figure):
    """The figure's original wording, unless it reads exactly as the value beside it
    (“60万人以上” twice says nothing more)."""
    wording = figure.wording or ""
    shown = formatting.describe(figure, with_unit=True)
    return "" if "".join(wording.split()) == "".join(shown.split()) else wording


@register.filter
def vote(decision):
    return formatting.vote_text(decision)


@register.filter
def number(value):
    return formatting.format_number(value)


@register.filter
def markdown(text):
    return rendering.render_markdown(text)


@register.simple_tag
def localized(obj, field_name):
    """A translated text in the reader's language, or the English text marked as such."""
    return rendering.localized_html(obj, field_name, get_language())


@register.filter
def with_glossary_links(html, terms):
    return rendering.link_glossary_terms(html, terms, get_language())


@register.simple_tag
def json_ld(data):
    return structured_data.json_ld(data)


@register.simple_tag
def search_max_length():
    return search.MAX_LENGTH


@register.inclusion_tag("includes/picture.html")
def picture(image, alt, sizes="(min-width: 64rem) 62rem, 100vw", css_class="", lazy=True):
    """An uploaded image as its renditions: WebP and a fallback at responsive widths, with the
    width and height that keep the page from shifting; nothing if it has no renditions."""
    return {
        "renditions": images.picture(image),
        "alt": alt,
        "sizes": sizes,
        "css_class": css_class,
        "lazy": lazy,
    }
