"""Template tags and filters of the public pages: languages, figures, text and structured data."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from guide import comparisons, formatting, images, rendering, search, structured_data

register = template.Library()


def _alternates(request):
    return [(code, name, translate_url(request.path, code)) for code, name in settings.LANGUAGES]


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
