"""Every public page kind, in English and Simplified Chinese, as a visitor's browser receives it.

Expected content is read from the demo content in the database, never copied into the test:
a test fails when a page stops showing what the database holds, in the page's language.
"""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from guide.models import (
    Division,
    Explainer,
    Figure,
    GlossaryTerm,
    Indicator,
    Meeting,
    Person,
    Report,
    Session,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]
OTHER_LANGUAGE = {"en": "zh-hans", "zh-hans": "en"}
ORIGIN = "http://testserver"

# Tags that do not break a line of text: the words either side of them run on.
INLINE_TAGS = {"a", "abbr", "b", "cite", "code", "em", "i", "q", "small", "span", "strong", "time"}


def squash(text):
    return " ".join(text.split())


class Page(HTMLParser):
    """What a reader gets from a page: its language, its text, its links and its head links."""

    def __init__(self, response):
        super().__init__(convert_charrefs=True)
        self.response = response
        self.html_lang = None
        self.head_links = []
        self.anchors = []
        self.rows = []
        self._chunks = []
        self._open_anchors = []
        self._hidden_depth = 0
        self._in_row = False
        self.feed(response.content.decode())
        self.close()
        self.text = squash("".join(self._chunks))
        for item in self.anchors + self.rows:
            item["text"] = squash("".join(item["text"]))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link":
            self.head_links.append(attrs)
        elif tag == "a":
            anchor = {**attrs, "text": []}
            self.anchors.append(anchor)
            self._open_anchors.append(anchor)
        elif tag == "tr":
            self.rows.append({"hrefs": [], "text": []})
            self._in_row = True
        elif tag in {"script", "style"}:
            self._hidden_depth += 1
        if tag == "a" and self._in_row:
            self.rows[-1]["hrefs"].append(attrs.get("href"))
        if tag not in INLINE_TAGS:
            self._chunks.append(" ")

    def handle_endtag(self, tag):
        if tag == "a" and self._open_anchors:
            self._open_anchors.pop()
        elif tag == "tr":
            self._in_row = False
        elif tag in {"script", "style"}:
            self._hidden_depth -= 1
        if tag not in INLINE_TAGS:
            self._chunks.append(" ")

    def handle_data(self, data):
        if self._hidden_depth:
            return
        self._chunks.append(data)
        if self._in_row:
            self.rows[-1]["text"].append(data)
        for anchor in self._open_anchors:
            anchor["text"].append(data)

    @property
    def hrefs(self):
        return {anchor.get("href") for anchor in self.anchors}

    def shows(self, text):
        return squash(text) in self.text

    def links_to(self, url, text=None):
        return any(
            anchor.get("href") == url and (text is None or squash(text) in anchor["text"])
            for anchor in self.anchors
        )

    def row_linking_to(self, url):
        """The text of the table row that holds a link to ``url``."""
        texts = [row["text"] for row in self.rows if url in row["hrefs"]]
        assert len(texts) == 1, f"{len(texts)} rows link to {url}"
        return texts[0]

    def alternate(self, hreflang):
        return [
            link["href"]
            for link in self.head_links
            if link.get("rel") == "alternate" and link.get("hreflang") == hreflang
        ]

    def canonical(self):
        return [link["href"] for link in self.head_links if link.get("rel") == "canonical"]

    def language_links(self):
        """The language switcher: links to a page of this site in a named language."""
        return {
            anchor["hreflang"]: anchor["href"]
            for anchor in self.anchors
            if anchor.get("hreflang") and anchor.get("href", "").startswith("/")
        }


def get_page(client, url, lang):
    response = client.get(url)
    assert response.status_code == 200, url
    page = Page(response)
    assert page.html_lang == lang, url
    return page


def in_language(obj, field, lang):
    """The value a reader of ``lang`` should see, with the site's fallback to English."""
    with translation.override(lang):
        return getattr(obj, field)


def own_value(obj, field, lang):
    return getattr(obj, f"{field}_{lang.replace('-', '_')}") or ""


def assert_in_language(page, obj, field, lang, only=False):
    """The page shows the field in its language; with ``only``, not the other language's text.

    ``only`` suits prose: a short name may rightly appear in both languages, e.g. in a quote.
    """
    expected = in_language(obj, field, lang)
    assert expected, f"{obj!r} has no {field} to show"
    assert page.shows(expected), f"{field} of {obj!r} missing on {page.response.request}"
    other = own_value(obj, field, OTHER_LANGUAGE[lang])
    if only and own_value(obj, field, lang) and other:
        assert not page.shows(other), f"{field} of {obj!r} shown in the wrong language"


def url_in(lang, obj):
    with translation.override(lang):
        return obj.get_absolute_url()


def assert_sources_shown(page, obj):
    """Every source cited for the object is linked from its page, with the quote."""
    for citation in obj.citations.select_related("source"):
        assert page.links_to(citation.source.url), citation.source.url
        if citation.quote:
            assert page.shows(citation.quote), citation.quote


def test_root_redirects_to_a_language():
    assert Client().get("/").headers["Location"] == "/en/"
    chinese_browser = Client(headers={"accept-language": "zh-CN,zh;q=0.9,en;q=0.5"})
    response = chinese_browser.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/zh-hans/"


def test_robots_txt_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.parametrize(
    "url",
    [
        "/en/sessions/1800/nowhere/",
        "/en/sessions/2020/chongqing/nope/",
        "/zh-hans/sessions/2020/chongqing/reports/nope/",
        "/en/sessions/2020/nowhere/",
        "/en/people/nobody/",
        "/zh-hans/divisions/nowhere/",
        "/en/indicators/nothing/",
        "/en/guide/nothing/",
        "/fr/",
    ],
)
def test_unknown_pages_are_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_leads_to_sessions_and_explainers(client, lang):
    page = get_page(client, f"/{lang}/", lang)
    latest = (
        Session.objects.published()
        .filter(division__kind=Division.Kind.NATIONAL)
        .order_by("-year")
        .first()
    )
    assert page.links_to(url_in(lang, latest), str(latest.year))
    for explainer in Explainer.objects.published():
        assert page.links_to(url_in(lang, explainer), in_language(explainer, "title", lang))
    with translation.override(lang):
        assert page.links_to(reverse("guide:glossary"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_published_session(client, subtests, lang):
    sessions = Session.objects.published().select_related("division")
    assert sessions.count() >= 2
    cited = 0
    for session in sessions:
        url = url_in(lang, session)
        with subtests.test(url=url):
            page = get_page(client, url, lang)
            assert page.shows(in_language(session.division, "short_name", lang))
            assert page.shows(str(session.year))
            if session.summary_en:
                assert_in_language(page, session, "summary", lang, only=True)
            if session.state_note_en:
                assert_in_language(page, session, "state_note", lang, only=True)
            for meeting in session.meetings.all():
                assert page.links_to(url_in(lang, meeting), in_language(meeting, "name", lang))
            for report in Report.objects.published().filter(meeting__session=session):
                assert page.shows(in_language(report, "title", lang))
                assert page.links_to(url_in(lang, report))
            # The sources of the session and of each meeting's dates, on the session's page.
            assert_sources_shown(page, session)
            for meeting in session.meetings.all():
                assert_sources_shown(page, meeting)
                cited += meeting.citations.exists()
            cited += session.citations.exists()
    assert cited, "no session with sources was checked"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_chongqing_2020_session_in_its_language(client, lang):
    session = Session.objects.get(year=2020, division__slug="chongqing")
    page = get_page(client, f"/{lang}/sessions/2020/chongqing/", lang)
    congress = session.meetings.get(body__kind="congress")
    assert_in_language(page, congress, "name", lang, only=True)
    assert_in_language(page, session, "summary", lang, only=True)
    with translation.override(lang):
        assert page.shows(date_format(congress.opening_date, "DATE_FORMAT"))
        assert page.shows(date_format(congress.closing_date, "DATE_FORMAT"))


@pytest.mark.parametrize(
    ("lang", "opening"),
    [("en", "May 22, 2020"), ("zh-hans", "2020年5月22日")],
)
def test_national_2020_session_shows_the_postponement(client, lang, opening):
    session = Session.objects.get(year=2020, division__kind=Division.Kind.NATIONAL)
    page = get_page(client, url_in(lang, session), lang)
    assert page.shows(opening), "the NPC opened on May 22 that year"
    assert_in_language(page, session, "state_note", lang, only=True)
    with translation.override(lang):
        assert page.shows(date_format(session.postponed_from, "DATE_FORMAT")), "first planned"
    for meeting in session.meetings.all():
        assert meeting.opening_date.month == meeting.closing_date.month == 5
        with translation.override(lang):
            assert page.shows(date_format(meeting.opening_date, "DATE_FORMAT"))
            assert page.shows(date_format(meeting.closing_date, "DATE_FORMAT"))
    assert_sources_shown(page, session)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("body", ["congress", "cppcc"])
def test_meeting_page(client, lang, body):
    meeting = Meeting.objects.select_related("session__division", "body").get(
        session__year=2020, session__division__slug="chongqing", body__kind=body
    )
    page = get_page(client, f"/{lang}/sessions/2020/chongqing/{body}/", lang)
    assert_in_language(page, meeting, "name", lang)
    assert page.shows(in_language(meeting.body, "name", lang))
    if meeting.summary_en:
        assert_in_language(page, meeting, "summary", lang, only=True)
    if meeting.outcomes_en:
        assert_in_language(page, meeting, "outcomes", lang, only=True)
    with translation.override(lang):
        assert page.shows(date_format(meeting.opening_date, "DATE_FORMAT"))
    for report in meeting.reports.published():
        assert page.links_to(url_in(lang, report), in_language(report, "title", lang))
    assert meeting.citations.exists()
    assert_sources_shown(page, meeting)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_published_report(client, subtests, lang):
    reports = Report.objects.published().select_related("meeting__session__division", "presenter")
    assert reports.count() >= 2
    drafts_checked = with_figures = 0
    for report in reports:
        url = url_in(lang, report)
        with subtests.test(url=url):
            page = get_page(client, url, lang)
            assert_in_language(page, report, "title", lang)
            if report.summary_en:
                assert_in_language(page, report, "summary", lang, only=True)
            if report.presenter:
                assert page.links_to(
                    url_in(lang, report.presenter), in_language(report.presenter, "name", lang)
                )
            # Not every report has figures: a standing committee's has none, and for some
            # divisions none were found.
            figures = report.figures.published().select_related("source", "indicator")
            with_figures += figures.exists()
            for figure in figures:
                assert page.links_to(f"#figure-{figure.pk}")
                assert page.shows(in_language(figure.indicator, "name", lang))
                assert page.links_to(figure.source.url)
                if figure.quote:
                    assert page.shows(figure.quote), figure.quote
            for draft in report.figures.exclude(pk__in=figures.values("pk")):
                assert not page.links_to(f"#figure-{draft.pk}"), "a draft figure is public"
                drafts_checked += 1
            for task in report.tasks.all():
                assert page.shows(in_language(task, "title", lang))
            assert_sources_shown(page, report)
    assert drafts_checked, "no report with a draft figure was checked"
    assert with_figures > reports.count() / 2


def test_national_2020_report_set_no_growth_target(client):
    report = Report.objects.get(
        meeting__session__year=2020, meeting__session__division__kind=Division.Kind.NATIONAL
    )
    target = report.figures.get(indicator__code="gdp-growth", kind=Figure.Kind.TARGET)
    page = get_page(client, url_in("en", report), "en")
    row = page.row_linking_to(f"#figure-{target.pk}")
    assert "GDP growth" in row
    assert "no target set" in row


@pytest.mark.parametrize("lang", LANGUAGES)
def test_division_page_lists_its_sessions(client, lang):
    division = Division.objects.get(slug="chongqing")
    page = get_page(client, url_in(lang, division), lang)
    assert_in_language(page, division, "name", lang)
    sessions = division.sessions.published()
    assert sessions.exists()
    for session in sessions:
        assert page.links_to(url_in(lang, session), str(session.year))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_published_person(client, subtests, lang):
    people = Person.objects.published()
    assert people.exists()
    for person in people:
        url = url_in(lang, person)
        with subtests.test(url=url):
            page = get_page(client, url, lang)
            assert_in_language(page, person, "name", lang)
            if person.biography_en:
                assert_in_language(page, person, "biography", lang, only=True)
            for membership in person.memberships.all():
                assert page.shows(in_language(membership, "role", lang))
            for report in person.reports.published():
                assert page.links_to(url_in(lang, report), in_language(report, "title", lang))
            assert person.citations.exists()
            assert_sources_shown(page, person)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_indicator(client, subtests, lang):
    for indicator in Indicator.objects.all():
        url = url_in(lang, indicator)
        with subtests.test(url=url):
            page = get_page(client, url, lang)
            assert_in_language(page, indicator, "name", lang)
            assert page.shows(in_language(indicator, "unit", lang))
            # The figures come a hundred to a page: follow the pages to the last.
            pages = [page]
            while next_page := [a["href"] for a in pages[-1].anchors if a.get("rel") == "next"]:
                pages.append(get_page(client, url + next_page[0], lang))
            for figure in Figure.objects.published().filter(indicator=indicator):
                assert any(p.links_to(f"#figure-{figure.pk}") for p in pages), figure.pk
                assert any(p.links_to(figure.source.url) for p in pages)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_published_explainer(client, subtests, lang):
    explainers = Explainer.objects.published()
    assert explainers.exists()
    for explainer in explainers:
        url = url_in(lang, explainer)
        with subtests.test(url=url):
            page = get_page(client, url, lang)
            assert_in_language(page, explainer, "title", lang)
            if explainer.summary_en:
                assert_in_language(page, explainer, "summary", lang, only=True)
            body = in_language(explainer, "body", lang)
            headings = re.findall(r"^#{2,3}\s+(.+?)\s*$", body, flags=re.MULTILINE)
            assert headings, "the body's headings are the check that it is rendered"
            for heading in headings:
                assert page.shows(heading.replace("**", "")), heading


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_defines_every_published_term(client, lang):
    page = get_page(client, f"/{lang}/glossary/", lang)
    terms = GlossaryTerm.objects.published()
    assert terms.exists()
    for term in terms:
        assert page.shows(term.characters)
        assert page.shows(term.english)
        assert_in_language(page, term, "definition", lang, only=True)


PAGE_KINDS = {
    "home": "/{lang}/",
    "session": "/{lang}/sessions/2020/national/",
    "meeting": "/{lang}/sessions/2020/chongqing/congress/",
    "report": "/{lang}/sessions/2025/national/reports/work-report/",
    "division": "/{lang}/divisions/chongqing/",
    "person": "/{lang}/people/tang-liangzhi/",
    "indicator": "/{lang}/indicators/grp-growth/",
    "explainer": "/{lang}/guide/what-are-the-two-sessions/",
    "glossary": "/{lang}/glossary/",
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_alternates_and_canonical_ignore_the_query_string(client, kind, lang):
    path = PAGE_KINDS[kind].format(lang=lang)
    page = get_page(client, f"{path}?utm_source=newsletter&page=2", lang)
    english = path.replace(f"/{lang}/", "/en/", 1)
    chinese = path.replace(f"/{lang}/", "/zh-hans/", 1)
    assert page.canonical() == [ORIGIN + path]
    assert page.alternate("en") == [ORIGIN + english]
    assert page.alternate("zh-hans") == [ORIGIN + chinese]
    assert page.alternate("x-default") == [ORIGIN + english]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_language_switcher_leads_to_the_same_page(client, kind, lang):
    path = PAGE_KINDS[kind].format(lang=lang)
    other = OTHER_LANGUAGE[lang]
    switcher = get_page(client, path, lang).language_links()
    assert switcher[other] == path.replace(f"/{lang}/", f"/{other}/", 1)
    assert switcher[lang] == path
    get_page(client, switcher[other], other)


# Measured on the demo content (the pages in PAGE_KINDS are the largest of their kind), plus one.
MAX_QUERIES = {
    "home": 10,  # the growth-target map: its figures and the 31 divisions
    "session": 12,
    "meeting": 4,
    "report": 9,
    "division": 6,
    "person": 5,
    "indicator": 3,
    "explainer": 4,
    "glossary": 3,
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_query_count(client, django_assert_max_num_queries, kind, lang):
    with django_assert_max_num_queries(MAX_QUERIES[kind]):
        response = client.get(PAGE_KINDS[kind].format(lang=lang))
    assert response.status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fast_addresses_are_the_ones_django_gives(lang):
    from django.urls import reverse as django_reverse

    from guide.addresses import address

    with translation.override(lang):
        for name, args in [
            ("guide:session_detail", (2020, "chongqing")),
            ("guide:meeting_detail", (2020, "chongqing", "cppcc")),
            ("guide:report_detail", (2025, "national", "work-report")),
            ("guide:person_detail", ("tang-liangzhi",)),
            ("guide:division_detail", ("national",)),
            ("guide:explainer_detail", ("what-are-the-two-sessions",)),
            ("guide:person_detail", ("zq0standin-2",)),
        ]:
            assert address(name, *args) == django_reverse(name, args=args)
            assert address(name, *args) == django_reverse(name, args=args), "the second time too"
