"""How text reads on a page: Markdown, English in place of a missing translation, glossary links."""

import re

import markdown
import nh3
from django.urls import reverse
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

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


def shown_in_english(obj, field_name, language):
    """True when a page in ``language`` shows the field's English text because its own
    translation is empty (modeltranslation's fallback)."""
    if language == "en" or getattr(obj, build_localized_fieldname(field_name, language), ""):
        return False
    return bool(getattr(obj, build_localized_fieldname(field_name, "en"), ""))


def localized_html(obj, field_name, language):
    """Paragraphs of a translated field; English with a notice when the translation is missing."""
    if not shown_in_english(obj, field_name, language):
        own = getattr(obj, build_localized_fieldname(field_name, language), "") or ""
        return mark_safe(linebreaks(own, autoescape=True)) if own else ""
    english = getattr(obj, build_localized_fieldname(field_name, "en"), "")
    return format_html(
        '<div lang="en" class="fallback">{}<p class="fallback__notice" lang="{}">{}</p></div>',
        mark_safe(linebreaks(english, autoescape=True)),
        language,
        _("This text has not been translated yet; it is shown in English."),
    )


TAG_OR_TEXT = re.compile(r"(<[^>]+>)")
NO_LINKS_INSIDE = {"a", "h1", "h2", "h3", "h4", "code"}


# Chinese terms that are also part of everyday longer words: where they count as the term.
# 委员会 (committee) is not 委员 (member), 人民代表大会 not 代表 (deputy), 这次会议 (this meeting)
# not the ordinal 第三次会议, and 建议 is a deputy's suggestion only after 代表.
CHINESE_TERM_CONTEXT = {
    "委员": "委员(?!会)",
    "代表": "(?<!人民)代表(?!大会)",
    "次会议": "(?<=[一二三四五六七八九十])次会议",
    "建议": "(?<=代表)建议",
}


def term_pattern(text):
    """A regular expression for a glossary term in running text: Latin terms match whole words
    only; Chinese ones follow CHINESE_TERM_CONTEXT."""
    if text in CHINESE_TERM_CONTEXT:
        return CHINESE_TERM_CONTEXT[text]
    if text.isascii():
        return rf"(?<![\w-]){re.escape(text)}(?![\w-])"
    return re.escape(text)


# A capitalised word inside a sentence before a Latin term makes the term part of another name:
# the “Chongqing Great Hall of the People” is not the Great Hall of the People. A capitalised
# word that starts a sentence (“They vote”) does not.
NAME_BEFORE = re.compile(r"[^\s.!?:]\s+[A-Z][\w'’]*\s+$")


def link_glossary_terms(html, terms, language):
    """Link the first mention of each glossary term in an explainer to its glossary entry."""
    glossary_url = reverse("guide:glossary")
    wanted = {}
    for term in terms:
        for text in (term.characters, term.english if language == "en" else ""):
            if text and len(text) >= 2:
                wanted.setdefault(text, term)
    if not wanted:
        return html
    pattern = re.compile(
        "|".join(term_pattern(text) for text in sorted(wanted, key=len, reverse=True))
    )
    linked = set()
    open_tags = []
    parts = []
    for part in TAG_OR_TEXT.split(str(html)):
        if part.startswith("<"):
            name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
            if part.startswith("</") and open_tags and open_tags[-1] == name:
                open_tags.pop()
            elif not part.endswith("/>") and name in NO_LINKS_INSIDE:
                open_tags.append(name)
            parts.append(part)
            continue
        if open_tags:
            parts.append(part)
            continue

        def link(match, part=part):
            term = wanted[match.group()]
            if term.pk in linked:
                return match.group()
            if match.group().isascii() and NAME_BEFORE.search(part, 0, match.start()):
                return match.group()
            linked.add(term.pk)
            return f'<a class="glossary-link" href="{glossary_url}#{term.slug}">{match.group()}</a>'

        parts.append(pattern.sub(link, part))
    return mark_safe("".join(parts))
