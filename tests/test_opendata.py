"""Open data as its users get it: figures as CSV and JSON, the calendar, the feed, the sitemap."""

import codecs
import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from guide.models import (
    Certainty,
    Division,
    Figure,
    Indicator,
    Meeting,
    Person,
    Report,
    Session,
    Status,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]
ORIGIN = "http://testserver"
COLUMNS = [
    "id",
    "key",
    "division_code",
    "division_slug",
    "division_name",
    "indicator_code",
    "indicator_name",
    "unit",
    "year",
    "kind",
    "value",
    "value_high",
    "qualifier",
    "wording",
    "preliminary",
    "report_url",
    "source_title",
    "source_url",
    "source_publisher",
    "quote",
    "permalink",
]
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def body(response):
    """What the client receives, whether the response streams or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def data_url(name, lang, query=None):
    with translation.override(lang):
        path = reverse(f"guide:{name}")
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


def absolute(lang, obj):
    with translation.override(lang):
        return ORIGIN + obj.get_absolute_url()


def in_language(obj, field, lang):
    with translation.override(lang):
        return getattr(obj, field)


def published_figures():
    return Figure.objects.published()


# CSV and JSON ------------------------------------------------------------------------------


def get_csv(client, lang, query=None):
    response = client.get(data_url("figures_csv", lang, query))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    content = body(response)
    assert content.startswith(codecs.BOM_UTF8), "Excel needs the BOM to read UTF-8"
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in rows]


def get_json(client, lang, query=None):
    response = client.get(data_url("figures_json", lang, query))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = json.loads(body(response))
    assert document["count"] == len(document["figures"])
    return document


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_holds_every_published_figure_with_its_source(client, lang):
    rows = get_csv(client, lang)
    assert sorted(int(row["id"]) for row in rows) == sorted(
        published_figures().values_list("pk", flat=True)
    )
    for row in rows:
        assert row["source_url"].startswith(("http://", "https://")), row["id"]
        assert row["quote"], row["id"]
        assert row["kind"] in {"target", "result"}
        assert row["permalink"].startswith(f"{ORIGIN}/{lang}/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_csv_row_reads_as_the_figure(client, lang):
    figure = published_figures().filter(qualifier="range").select_related("report").first()
    assert figure is not None, "the demo content has no range"
    row = next(row for row in get_csv(client, lang) if row["id"] == str(figure.pk))
    assert Decimal(row["value"]) == figure.value
    assert Decimal(row["value_high"]) == figure.value_high
    assert row["qualifier"] == "range"
    assert row["year"] == str(figure.year)
    assert row["report_url"] == absolute(lang, figure.report)
    assert row["permalink"] == f"{absolute(lang, figure.report)}#figure-{figure.pk}"


def test_figures_outside_reports_have_an_empty_report_url(client):
    outside = published_figures().filter(report__isnull=True)
    assert outside.exists(), "the demo content has no statistics outside reports"
    rows = {row["id"]: row for row in get_csv(client, "en")}
    for figure in outside:
        assert rows[str(figure.pk)]["report_url"] == ""


def test_unverified_figures_never_appear(client):
    drafts = list(Figure.objects.filter(status=Status.DRAFT).values_list("pk", flat=True))
    assert drafts, "the demo content has no draft figures"
    csv_ids = {int(row["id"]) for row in get_csv(client, "en")}
    json_ids = {figure["id"] for figure in get_json(client, "en")["figures"]}
    assert not csv_ids & set(drafts)
    assert not json_ids & set(drafts)


def test_figures_of_a_report_taken_back_into_draft_disappear(client):
    report = Report.objects.published().filter(figures__isnull=False).first()
    figure_ids = set(report.figures.values_list("pk", flat=True))
    Report.objects.filter(pk=report.pk).update(status=Status.DRAFT)
    csv_ids = {int(row["id"]) for row in get_csv(client, "en")}
    assert not csv_ids & figure_ids
    assert get_json(client, "en")["count"] == published_figures().count()


@pytest.mark.parametrize(
    "query",
    [
        {"year": "2024", "division": "chongqing", "indicator": "grp-growth"},
        {"year": "2023,2024"},
        {"year": ["2023", "2024"]},
        {"division": "national,chongqing", "indicator": ["gdp-growth", "grp-growth"]},
        {"indicator": "cpi"},
    ],
    ids=["all-three", "comma-separated", "repeated", "mixed", "one-indicator"],
)
def test_filters_narrow_the_figures(client, query):
    def values(name):
        raw = query.get(name, [])
        raw = [raw] if isinstance(raw, str) else raw
        return {item for value in raw for item in value.split(",")}

    expected = published_figures()
    if years := values("year"):
        expected = expected.filter(year__in=years)
    if divisions := values("division"):
        expected = expected.filter(division__slug__in=divisions)
    if indicators := values("indicator"):
        expected = expected.filter(indicator__code__in=indicators)
    expected_ids = sorted(expected.values_list("pk", flat=True))
    assert expected_ids, f"the demo content has nothing for {query}"
    assert len(expected_ids) < published_figures().count()

    rows = get_csv(client, "en", query)
    assert sorted(int(row["id"]) for row in rows) == expected_ids
    for row in rows:
        assert not years or row["year"] in years
        assert not divisions or row["division_slug"] in divisions
        assert not indicators or row["indicator_code"] in indicators
    document = get_json(client, "en", query)
    assert sorted(figure["id"] for figure in document["figures"]) == expected_ids


def test_download_file_name_names_the_filters(client):
    query = {"year": "2024", "division": "chongqing"}
    response = client.get(data_url("figures_csv", "zh-hans", query))
    disposition = response["Content-Disposition"]
    assert disposition.endswith('.csv"')
    for part in ("zh-hans", "2024", "chongqing"):
        assert part in disposition


@pytest.mark.parametrize("lang", LANGUAGES)
def test_names_are_in_the_language_of_the_download(client, lang):
    chongqing = Division.objects.get(slug="chongqing")
    rows = [row for row in get_csv(client, lang) if row["division_slug"] == "chongqing"]
    assert rows
    for row in rows:
        assert row["division_name"] == in_language(chongqing, "name", lang)
        assert row["division_code"] == "500000"
        indicator = Indicator.objects.get(code=row["indicator_code"])
        assert row["indicator_name"] == in_language(indicator, "name", lang)
        assert row["unit"] == in_language(indicator, "unit", lang)
        if row["report_url"]:
            assert row["report_url"].startswith(f"{ORIGIN}/{lang}/sessions/")
    if lang == "zh-hans":
        assert rows[0]["division_name"] == "重庆市"


def test_original_wording_is_kept(client):
    figure = published_figures().filter(wording_zh_hans__gt="").first()
    assert figure is not None
    for lang in LANGUAGES:
        row = next(row for row in get_csv(client, lang) if row["id"] == str(figure.pk))
        assert row["wording"] == (in_language(figure, "wording", lang) or figure.wording_zh_hans)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_json_numbers_are_numbers(client, lang):
    document = get_json(client, lang)
    assert document["count"] == published_figures().count()
    assert document["language"] == lang
    assert datetime.datetime.fromisoformat(document["generated"]).tzinfo is not None
    assert document["license"]
    assert document["source"]["url"] == ORIGIN + data_url("data", lang)
    values = dict(published_figures().values_list("pk", "value"))
    for figure in document["figures"]:
        assert list(figure) == COLUMNS
        assert isinstance(figure["id"], int)
        assert isinstance(figure["year"], int)
        assert isinstance(figure["preliminary"], bool)
        for number in (figure["value"], figure["value_high"]):
            assert number is None or isinstance(number, int | float)
        expected = values[figure["id"]]
        if expected is None:
            assert figure["value"] is None
        else:
            assert Decimal(str(figure["value"])) == expected


def test_an_empty_result_is_a_valid_empty_file(client):
    division = Division.objects.get(slug="chongqing")
    # No figure of any division refers to 2100.
    assert get_csv(client, "en", {"division": division.slug, "year": "2100"}) == []
    document = get_json(client, "en", {"division": division.slug, "year": "2100"})
    assert document["count"] == 0
    assert document["figures"] == []


BAD_FILTERS = {
    "unknown-division": ({"division": "atlantis"}, "Select a valid choice", "选择一个有效的选项"),
    "unknown-indicator": (
        {"indicator": "happiness"},
        "Select a valid choice",
        "选择一个有效的选项",
    ),
    "word-for-year": ({"year": "abc"}, "Enter a whole number", "输入整数"),
    "implausible-year": ({"year": "1800"}, "greater than or equal to 1949", "大于或等于1949"),
    "very-long": ({"division": "x" * 5000}, "at most 100 characters", "不超过 100 字符"),
    "null-character": ({"indicator": "gdp\x00growth"}, "Null characters", "空字符"),
    "too-many": ({"year": ",".join(["2024"] * 51)}, "at most 50 values", None),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", BAD_FILTERS)
def test_bad_filters_are_refused_with_a_message(client, lang, case):
    query, english, chinese = BAD_FILTERS[case]
    message = english if lang == "en" else chinese

    response = client.get(data_url("figures_csv", lang, query))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = body(response).decode()
    assert f'<html lang="{lang}">' in page
    if message:
        assert message in page

    response = client.get(data_url("figures_json", lang, query))
    assert response.status_code == 400
    document = json.loads(body(response))
    messages = [error["message"] for errors in document["fields"].values() for error in errors]
    assert messages
    if message:
        assert any(message in text for text in messages)
    assert "x" * 200 not in body(response).decode(), "the bad value is not echoed in full"


def test_query_count_does_not_grow_with_the_rows(client, django_assert_max_num_queries):
    counts = {}
    for query in ({"year": "2018", "division": "national"}, None):
        for name in ("figures_csv", "figures_json"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(data_url(name, "en", query))
                assert response.status_code == 200
                body(response)
            counts[name, bool(query)] = len(queries)
    assert counts["figures_csv", True] == counts["figures_csv", False] + 1
    assert counts["figures_json", True] == counts["figures_json", False] + 1
    with django_assert_max_num_queries(3):
        body(
            client.get(data_url("figures_csv", "zh-hans", {"division": "chongqing", "year": 2024}))
        )
    with django_assert_max_num_queries(1):
        body(client.get(data_url("figures_json", "en")))


# The data page -----------------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.hrefs = []
        self.forms = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.hrefs.append(attrs.get("href"))
        elif tag == "form":
            self.forms.append(attrs)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_data_page_links_every_download_and_feed(client, lang, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(data_url("data", lang))
    assert response.status_code == 200
    page = body(response).decode()
    assert f'<html lang="{lang}">' in page
    links = Links(page)
    for name in ("figures_csv", "figures_json", "calendar_ics", "atom_feed"):
        assert data_url(name, lang) in links.hrefs, name
    assert ORIGIN + data_url("calendar_ics", lang) in page, "the address to subscribe to"
    assert {"method": "get", "action": data_url("data", lang) + "#filters"} in [
        {"method": form.get("method"), "action": form.get("action")} for form in links.forms
    ]


def test_data_page_filter_form_builds_the_download_links(client, django_assert_max_num_queries):
    query = {"year": "2024", "division": "chongqing", "indicator": ""}
    with django_assert_max_num_queries(6):
        response = client.get(data_url("data", "en", query))
    assert response.status_code == 200
    hrefs = Links(body(response).decode()).hrefs
    filtered = [href for href in hrefs if href and "figures.csv?" in href]
    assert filtered == [data_url("figures_csv", "en", {"year": "2024", "division": "chongqing"})]
    expected = published_figures().filter(year=2024, division__slug="chongqing").count()
    assert len(get_csv(client, "en", {"year": "2024", "division": "chongqing"})) == expected
    assert f"{expected} figures match these filters" in body(response).decode()


def test_data_page_shows_what_is_wrong_with_the_filters(client):
    response = client.get(data_url("data", "zh-hans", {"division": "atlantis"}))
    assert response.status_code == 200
    assert "选择一个有效的选项" in body(response).decode()


# The calendar ------------------------------------------------------------------------------


def unescape(text):
    return re.sub(r"\\([\\,;nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def parse_ics(content):
    """A small RFC 5545 reader: unfold, then one (name with parameters, value) per line."""
    text = content.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    events, current = [], None
    for line in text.split("\r\n")[:-1]:
        name, value = line.split(":", 1)
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            current[name] = value
    return events


def get_calendar(client, lang):
    response = client.get(data_url("calendar_ics", lang))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return body(response)


def meeting_with_opening():
    return Meeting.objects.published().filter(opening_date__isnull=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calendar_lines_are_crlf_and_folded(client, lang):
    content = get_calendar(client, lang)
    assert content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert content.endswith(b"END:VCALENDAR\r\n")
    physical_lines = content.split(b"\r\n")[:-1]
    assert b"\n" not in content.replace(b"\r\n", b"")
    assert b"\r" not in content.replace(b"\r\n", b"")
    for line in physical_lines:
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a character
    assert any(line.startswith(b" ") for line in physical_lines), "long lines are folded"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calendar_has_one_event_per_meeting_with_an_opening_date(client, lang):
    events = parse_ics(get_calendar(client, lang))
    assert len(events) == meeting_with_opening().count()
    assert len({event["UID"] for event in events}) == len(events)
    for event in events:
        for name in ("DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY", "URL"):
            assert name in event, name
        assert event["URL"].startswith(f"{ORIGIN}/{lang}/sessions/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_calendar_event_of_the_2020_national_congress(client, lang):
    meeting = Meeting.objects.select_related("venue").get(
        session__year=2020, session__division__kind=Division.Kind.NATIONAL, body__kind="congress"
    )
    events = {event["URL"]: event for event in parse_ics(get_calendar(client, lang))}
    event = events[absolute(lang, meeting)]
    assert event["DTSTART;VALUE=DATE"] == meeting.opening_date.strftime("%Y%m%d")
    last_day = meeting.closing_date + datetime.timedelta(days=1)
    assert event["DTEND;VALUE=DATE"] == last_day.strftime("%Y%m%d")
    assert unescape(event["SUMMARY"]) == in_language(meeting, "name", lang)
    assert unescape(event["LOCATION"]).startswith(in_language(meeting.venue, "name", lang))
    assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])


def test_calendar_event_without_a_closing_date_lasts_one_day(client):
    meeting = meeting_with_opening().filter(closing_date__isnull=True).first()
    assert meeting is not None
    events = {event["URL"]: event for event in parse_ics(get_calendar(client, "en"))}
    event = events[absolute("en", meeting)]
    day_after = meeting.opening_date + datetime.timedelta(days=1)
    assert event["DTEND;VALUE=DATE"] == day_after.strftime("%Y%m%d")
    assert "closing date is not recorded" in unescape(event["DESCRIPTION"])


@pytest.mark.parametrize("certainty", [Certainty.SCHEDULED, Certainty.INFERRED])
def test_calendar_marks_dates_that_are_not_verified(client, certainty):
    meeting = meeting_with_opening().filter(opening_certainty=certainty).first()
    assert meeting is not None, f"the demo content has no {certainty} opening"
    events = {event["URL"]: event for event in parse_ics(get_calendar(client, "en"))}
    assert str(certainty.label) in unescape(events[absolute("en", meeting)]["DESCRIPTION"])


def test_calendar_escapes_text(client):
    meeting = meeting_with_opening().first()
    meeting.name_en = "A meeting, with; a back\\slash"
    meeting.save()
    events = {event["URL"]: event for event in parse_ics(get_calendar(client, "en"))}
    summary = events[absolute("en", meeting)]["SUMMARY"]
    assert summary == "A meeting\\, with\\; a back\\\\slash"
    assert unescape(summary) == meeting.name_en


def test_calendar_leaves_out_meetings_of_draft_sessions(client, django_assert_max_num_queries):
    meeting = meeting_with_opening().first()
    Session.objects.filter(pk=meeting.session_id).update(status=Status.DRAFT)
    with django_assert_max_num_queries(1):
        content = get_calendar(client, "en")
    urls = {event["URL"] for event in parse_ics(content)}
    assert absolute("en", meeting) not in urls
    assert len(urls) == meeting_with_opening().count()


# The Atom feed -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_feed_lists_new_sessions_and_reports(client, lang, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(data_url("atom_feed", lang))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(body(response))
    entries = feed.findall(f"{ATOM}entry")
    sessions = list(Session.objects.published().select_related("division"))
    reports = list(Report.objects.published().select_related("meeting__session__division"))
    assert len(entries) == min(50, len(sessions) + len(reports))

    # The newest 50: every item published later than the last one listed is listed.
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    published = [entry.findtext(f"{ATOM}published") for entry in entries]
    times = [datetime.datetime.fromisoformat(moment) for moment in published]
    items = {absolute(lang, item): item for item in sessions + reports}
    assert set(links) <= set(items)
    for link, item in items.items():
        if item.published_at > times[-1]:
            assert link in links

    assert times == sorted(times, reverse=True)

    by_link = {entry.find(f"{ATOM}link").get("href"): entry for entry in entries}
    assert any(absolute(lang, report) in by_link for report in reports)
    for report in reports:
        if absolute(lang, report) not in by_link:
            continue
        entry = by_link[absolute(lang, report)]
        assert in_language(report, "title", lang) in entry.findtext(f"{ATOM}title")
        updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
        assert updated == report.updated_at


def test_atom_feed_leaves_out_drafts(client):
    report = Report.objects.published().first()
    Report.objects.filter(pk=report.pk).update(status=Status.DRAFT)
    feed = ET.fromstring(client.get(data_url("atom_feed", "en")).content)
    links = {entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")}
    assert absolute("en", report) not in links


# The sitemap -------------------------------------------------------------------------------


def get_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urls = {}
    for url in ET.fromstring(body(response)).iter(f"{SITEMAP}url"):
        alternates = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        urls[url.findtext(f"{SITEMAP}loc")] = {
            "alternates": alternates,
            "lastmod": url.findtext(f"{SITEMAP}lastmod"),
        }
    return urls


def test_sitemap_lists_every_published_page_in_both_languages(client):
    urls = get_sitemap(client)
    pages = [
        *Session.objects.published(),
        *Report.objects.published(),
        *Person.objects.published(),
        *Meeting.objects.published(),
    ]
    assert pages
    for page in pages:
        for lang in LANGUAGES:
            url = absolute(lang, page)
            assert url in urls, url
            assert urls[url]["alternates"] == {
                "en": absolute("en", page),
                "zh-hans": absolute("zh-hans", page),
                "x-default": absolute("en", page),
            }
    for lang in LANGUAGES:
        assert ORIGIN + data_url("data", lang) in urls
        assert f"{ORIGIN}/{lang}/" in urls


def test_sitemap_gives_when_a_page_last_changed(client):
    urls = get_sitemap(client)
    session = Session.objects.published().first()
    meeting = session.meetings.first()
    changed = timezone.localdate(session.updated_at).isoformat()
    assert urls[absolute("en", session)]["lastmod"] == changed
    assert urls[absolute("zh-hans", meeting)]["lastmod"] == changed, "a meeting's is its session's"


def test_sitemap_leaves_out_drafts(client, django_assert_max_num_queries):
    person = Person.objects.published().first()
    Person.objects.filter(pk=person.pk).update(status=Status.DRAFT)
    with django_assert_max_num_queries(11):
        urls = get_sitemap(client)
    assert absolute("en", person) not in urls
    assert absolute("zh-hans", person) not in urls


def test_robots_txt_names_the_sitemap(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in lines


def test_calendar_event_uids_do_not_depend_on_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.org"]
    url = reverse("guide:calendar_ics")
    here = parse_ics(body(client.get(url)))
    elsewhere = parse_ics(body(client.get(url, HTTP_HOST="mirror.example.org")))
    assert [event["UID"] for event in here] == [event["UID"] for event in elsewhere]
    assert all("testserver" not in event["UID"] for event in here)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_the_calendar_feed_from_its_head(client, lang):
    page = client.get(f"/{lang}/").text
    head = page[: page.index("</head>")]
    assert 'type="text/calendar"' in head
    assert f'href="{reverse("guide:calendar_ics")}"' in head
