"""Site search over every published kind of content, in English, characters and pinyin.

The same substring matches on every database; on PostgreSQL, trigram indexes (migration 0010)
can serve them for English, Chinese (three characters or more) and pinyin alike.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import (
    Decision,
    Division,
    Explainer,
    GlossaryTerm,
    Indicator,
    Meeting,
    Person,
    Report,
    Session,
)
from .models.pinyin import plain_pinyin
from .years import is_plausible

MAX_LENGTH = 100
RESULTS_PER_GROUP = 20
# Four digits that are not part of a longer number. Not ``\b``: a digit and a Chinese
# character are both word characters, so “重庆2020” and “2020年” have no word boundary.
FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass
class Query:
    raw: str
    text: str = field(init=False)
    error: str = field(init=False, default="")

    def __post_init__(self):
        cleaned = "".join(char for char in self.raw if char.isprintable())
        self.text = " ".join(cleaned.split())
        if not self.text:
            self.error = ""
        elif len(self.text) > MAX_LENGTH:
            self.error = _("Your search is too long. Use at most %(max)d characters.") % {
                "max": MAX_LENGTH
            }

    @property
    def is_valid(self):
        return bool(self.text) and not self.error

    @property
    def pinyin(self):
        plain = plain_pinyin(self.text)
        return plain if len(plain) >= 2 else ""

    @property
    def year(self):
        """The first plausible year the query names, e.g. 2020 in “2020年” or “重庆2020”."""
        years = self._years()
        return years[0] if years else None

    @property
    def words(self):
        """The query without its year (and a 年 written after it), for matching names."""
        text = self.text
        year = self.year
        if year is not None:
            text = re.sub(rf"(?<!\d){year}(?!\d)年?", " ", text, count=1)
        return " ".join(text.split())

    def _years(self):
        return [
            int(match.group())
            for match in FOUR_DIGITS.finditer(self.text)
            if is_plausible(int(match.group()))
        ]


@dataclass
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass
class Group:
    key: str
    label: str
    hits: list


def either_language(field_name, text):
    return Q(**{f"{field_name}_en__icontains": text}) | Q(
        **{f"{field_name}_zh_hans__icontains": text}
    )


def all_words(fields, text):
    """Every word of the text appears in one of the translated fields (in either language):
    “chongqing 2020” finds a guide that says “Chongqing” in its title and “2020” in its text."""
    condition = Q()
    for word in text.split():
        either = Q(pk__in=[])
        for name in fields:
            either |= either_language(name, word)
        condition &= either
    return condition


def pinyin_match(query):
    return Q(pinyin_plain__contains=query.pinyin) if query.pinyin else Q(pk__in=[])


def division_match(query, prefix=""):
    words = query.words
    if not words:
        return Q()
    condition = (
        either_language(f"{prefix}name", words)
        | either_language(f"{prefix}short_name", words)
        | Q(**{f"{prefix}code": words})
    )
    # The year is not part of a name: “重庆 2020” has no pinyin to match.
    if len(plain_pinyin(words)) >= 2:
        condition |= Q(**{f"{prefix}pinyin_plain__contains": plain_pinyin(words)})
    return condition


def search_divisions(query):
    if not query.words:
        return []
    return [
        Hit(d.name, d.get_absolute_url(), d.pinyin)
        for d in Division.objects.filter(division_match(query))[:RESULTS_PER_GROUP]
    ]


def search_sessions(query):
    sessions = Session.objects.published().for_list()
    if query.year:
        sessions = sessions.filter(year=query.year)
        if query.words:
            sessions = sessions.filter(division_match(query, "division__"))
    elif query.words:
        sessions = sessions.filter(
            division_match(query, "division__") | either_language("summary", query.words)
        )
    return [
        Hit(
            _("%(division)s Two Sessions %(year)s")
            % {"division": s.division.short_name, "year": s.year},
            s.get_absolute_url(),
            snippet(s.summary),
        )
        for s in sessions.order_by("-year", "division__code")[:RESULTS_PER_GROUP]
    ]


def search_meetings(query):
    condition = either_language("name", query.text)
    if query.year and query.words:
        condition |= Q(session__year=query.year) & either_language("name", query.words)
    meetings = (
        Meeting.objects.published().filter(condition).select_related("session__division", "body")
    )
    return [
        Hit(m.name, m.get_absolute_url(), m.body.name)
        for m in meetings.order_by("-session__year")[:RESULTS_PER_GROUP]
    ]


def search_reports(query):
    condition = all_words(("title", "summary"), query.text)
    if query.year:
        condition |= Q(meeting__session__year=query.year) & (
            Q() if not query.words else division_match(query, "meeting__session__division__")
        )
    reports = Report.objects.published().filter(condition).for_list()
    return [
        Hit(
            f"{r.title} · {r.meeting.session.division.short_name} {r.meeting.session.year}",
            r.get_absolute_url(),
            snippet(r.summary),
        )
        for r in reports.order_by("-meeting__session__year")[:RESULTS_PER_GROUP]
    ]


def search_decisions(query):
    """What a session adopted, by its title in either language (“Civil Code”, “民法典”)."""
    condition = all_words(("title",), query.text)
    if query.year and query.words:
        condition |= Q(session__year=query.year) & all_words(("title",), query.words)
    decisions = (
        Decision.objects.published()
        .filter(condition)
        .select_related("session__division")
        .order_by("-date", "pk")[:RESULTS_PER_GROUP]
    )
    return [
        Hit(
            f"{d.title} · {d.session.division.short_name} {d.session.year}",
            f"{d.session.get_absolute_url()}#decision-{d.key}",
            snippet(d.summary),
        )
        for d in decisions
    ]


def search_people(query):
    people = Person.objects.published().filter(
        either_language("name", query.text) | pinyin_match(query)
    )
    return [Hit(p.name, p.get_absolute_url(), p.pinyin) for p in people[:RESULTS_PER_GROUP]]


def search_indicators(query):
    indicators = Indicator.objects.filter(
        either_language("name", query.text) | either_language("description", query.text)
    )
    return [Hit(i.name, i.get_absolute_url(), i.unit) for i in indicators[:RESULTS_PER_GROUP]]


def search_glossary(query):
    terms = GlossaryTerm.objects.published().filter(
        Q(characters__icontains=query.text)
        | Q(english__icontains=query.text)
        | either_language("definition", query.text)
        | pinyin_match(query)
    )
    return [
        Hit(
            f"{t.characters} · {t.pinyin} · {t.english}",
            t.get_absolute_url(),
            snippet(t.definition),
        )
        for t in terms[:RESULTS_PER_GROUP]
    ]


def search_explainers(query):
    explainers = Explainer.objects.published().filter(
        all_words(("title", "summary", "body"), query.text)
    )
    words = query.text.lower().split()

    def in_title(explainer):
        return sum(word in explainer.title.lower() for word in words)

    # Those with the words in their title first, then the guide's own order.
    ranked = sorted(explainers[:RESULTS_PER_GROUP], key=in_title, reverse=True)
    return [Hit(e.title, e.get_absolute_url(), e.summary) for e in ranked]


SEARCHES = [
    # Translators: heading of the search results that are years' Two Sessions (两会).
    ("sessions", pgettext_lazy("Two Sessions", "Sessions"), search_sessions),
    ("meetings", _("Meetings"), search_meetings),
    ("reports", _("Reports"), search_reports),
    ("decisions", _("Decisions"), search_decisions),
    ("divisions", _("Divisions"), search_divisions),
    ("people", _("People"), search_people),
    ("indicators", _("Indicators"), search_indicators),
    ("glossary", _("Glossary"), search_glossary),
    ("explainers", _("Guide"), search_explainers),
]


def run(query):
    groups = [Group(key, label, find(query)) for key, label, find in SEARCHES]
    return [group for group in groups if group.hits]


def snippet(text, length=200):
    """The start of a text for a result, cut at a word (or, in Chinese, a character) with “…”."""
    text = " ".join((text or "").split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    space = cut.rfind(" ")
    if space > length - 30:
        cut = cut[:space]
    return cut.rstrip(" ,;:，；：") + "…"
