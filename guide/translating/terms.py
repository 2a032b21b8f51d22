"""The glossary as a termbase: a Chinese translation whose English uses a glossary term
(“Two Sessions”, “CPPCC”, “Government Work Report”) but which does not use the term's Chinese
(两会, 政协, 政府工作报告) is flagged, unless a translator marked it as an exception.

The English forms of a term come from its English rendering: the words before any parenthesis,
each side of a “ / ”, and an abbreviation in parentheses made of the initials
(“National People's Congress (NPC)” gives both forms).
"""

import re
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType

from ..rendering import NAME_BEFORE, term_pattern
from .fields import SOURCE_LANGUAGE, column, filled, reader_fields, translated_models

# The glossary gives each term's characters: it is a termbase for Chinese only.
TERM_LANGUAGE = "zh-hans"
PARENTHESIS = re.compile(r"\s*\(([^)]*)\)")


def english_forms(english):
    base = PARENTHESIS.sub("", english).strip()
    forms = [part.strip() for part in base.split("/") if len(part.strip()) >= 2]
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z][\w']*", base)).upper()
    forms += [inner for inner in PARENTHESIS.findall(english) if inner == initials]
    return forms


def _plain(text):
    return (text or "").replace("’", "'")


class Termbase:
    """The glossary's terms with the patterns that find their English forms (one query).

    A term is satisfied where the translation uses its Chinese, the Chinese of another term
    found at the same place in the English (“National People's Congress” is also a
    “people's congress”: 全国人大 uses 人大), or the English form itself (GDP). A mention that
    is part of a longer name (“Chongqing Great Hall of the People”) is not the term. A short
    form (人大, “short form”) is never asked for: English has no short form to ask it by.
    """

    def __init__(self, terms=None):
        from ..models import GlossaryTerm

        self.terms = []
        for term in GlossaryTerm.objects.all() if terms is None else terms:
            forms = english_forms(term.english)
            if forms and term.characters:
                pattern = "|".join(term_pattern(form) for form in forms)
                self.terms.append((term, re.compile(pattern, re.IGNORECASE)))

    def _mentions(self, english):
        for term, pattern in self.terms:
            for match in pattern.finditer(english):
                yield term, match

    def _renders(self, term, translation):
        """The translation uses the term's Chinese, or a glossary short form of it (人大 for
        全国人民代表大会: its characters in the same order)."""
        if term.characters in translation:
            return True
        return any(
            "short form" in short.english
            and short.characters in translation
            and _in_order(short.characters, term.characters)
            for short, _pattern in self.terms
        )

    def flags(self, english, translation, exceptions=()):
        """The terms the English uses and the translation does not (``exceptions``: term ids)."""
        english, translation = _plain(english), translation or ""
        if not english or not translation:
            return []
        mentions = list(self._mentions(english))
        used = {
            (match.start(), match.end())
            for term, match in mentions
            if self._renders(term, translation) or match.group() in translation
        }
        flagged = {}
        for term, match in mentions:
            if term.pk in exceptions or "short form" in term.english or term.pk in flagged:
                continue
            if match.group().isascii() and NAME_BEFORE.search(english, 0, match.start()):
                continue
            if any(start < match.end() and match.start() < end for start, end in used):
                continue
            flagged[term.pk] = term
        return list(flagged.values())


def _in_order(short, full):
    rest = iter(full)
    return all(char in rest for char in short)


class Flag(NamedTuple):
    model: type
    obj: object
    field: str
    term: object


def exceptions_of(model, pks, language=TERM_LANGUAGE):
    """{(object id, field): {term ids}} for the given objects."""
    from ..models import TermException

    found = {}
    rows = TermException.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=pks, language=language
    ).values_list("object_id", "field", "term_id")
    for object_id, field, term_id in rows:
        found.setdefault((object_id, field), set()).add(term_id)
    return found


def all_flags(language=TERM_LANGUAGE, termbase=None):
    """Every flag in the content (two queries per translated model, one for the glossary)."""
    if language != TERM_LANGUAGE:
        return []
    termbase = termbase or Termbase()
    flags = []
    for model in translated_models():
        fields = reader_fields(model)
        condition = None
        for field in fields:
            both = filled(field, SOURCE_LANGUAGE) & filled(field, language)
            condition = both if condition is None else condition | both
        if condition is None:
            continue
        objects = list(model._default_manager.filter(condition).order_by("pk"))
        exceptions = exceptions_of(model, [obj.pk for obj in objects], language)
        for obj in objects:
            for field in fields:
                english = getattr(obj, column(field, SOURCE_LANGUAGE))
                translation = getattr(obj, column(field, language))
                for term in termbase.flags(
                    english, translation, exceptions.get((obj.pk, field), set())
                ):
                    flags.append(Flag(model, obj, field, term))
    return flags
