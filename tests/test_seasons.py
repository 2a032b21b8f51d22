"""What comes next: the next season's year, its announced dates and the pattern of our records."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from guide.models import Body, Certainty, Division, Meeting, Session, Term

pytestmark = pytest.mark.django_db


def frozen(year, month, day):
    moment = datetime.datetime(year, month, day, 12, tzinfo=timezone.get_default_timezone())
    return mock.patch("django.utils.timezone.now", return_value=moment)


def verified_openings(years, national):
    meetings = Meeting.objects.published().filter(
        session__year__in=years, opening_certainty=Certainty.VERIFIED
    )
    meetings = (
        meetings.filter(session__division__kind=Division.Kind.NATIONAL)
        if national
        else meetings.exclude(session__division__kind=Division.Kind.NATIONAL)
    )
    return sorted(meetings.values_list("opening_date", flat=True), key=lambda d: (d.month, d.day))


def test_in_december_the_home_page_looks_ahead_to_next_years_season(client):
    with frozen(2025, 12, 15):
        page = client.get(reverse("guide:home")).text

    assert "What comes next: the 2026 season" in page
    national = verified_openings([2024, 2025], national=True)
    provincial = verified_openings([2024, 2025], national=False)
    assert national and provincial, "the demo content has confirmed dates in 2024 and 2025"
    sentence = page[page.index("In 2024 and 2025, provincial sessions opened") :]
    sentence = sentence[: sentence.index("</p>")]
    first, last = provincial[0], provincial[-1]
    assert f"between {first:%B} {first.day} and {last:%B} {last.day}" in sentence
    for day in national:
        assert str(day.day) in sentence.split("the national ones")[1]
    assert "not a schedule" in page


def test_the_years_page_says_next_years_dates_are_not_announced(client):
    with frozen(2026, 12, 1):
        page = client.get(reverse("guide:year_list")).text
    assert "The dates of the 2027 sessions have not been announced yet" in page


def test_an_announced_date_is_shown_as_announced_and_joins_the_calendar(client):
    chongqing = Division.objects.get(slug="chongqing")
    congress = Body.objects.get(division=chongqing, kind=Body.Kind.CONGRESS)
    session = Session.objects.create(
        division=chongqing, year=2027, status="published", published_at=timezone.now()
    )
    meeting = Meeting.objects.create(
        session=session,
        body=congress,
        term=Term.objects.filter(body=congress).order_by("-number").first(),
        session_number=5,
        name_en="5th Session of the 6th Chongqing Municipal People's Congress",
        name_zh_hans="重庆市第六届人民代表大会第五次会议",
        opening_date=datetime.date(2027, 1, 20),
        opening_certainty=Certainty.SCHEDULED,
    )

    with frozen(2026, 12, 20):
        page = client.get(reverse("guide:home")).text
        # The calendar streams.
        calendar = b"".join(client.get(reverse("guide:calendar_ics")).streaming_content).decode()

    table = page[page.index("What comes next") :]
    assert meeting.get_absolute_url() in table
    assert 'datetime="2027-01-20"' in table
    assert str(Certainty.SCHEDULED.label) in table
    assert "Other 2027 dates have not been announced yet" in table
    assert "DTSTART;VALUE=DATE:20270120" in calendar


def test_during_the_season_the_current_year_is_next(client):
    with frozen(2027, 2, 10):
        page = client.get(reverse("guide:home")).text
    assert "What comes next: the 2027 season" in page


def test_the_chinese_pattern_reads_in_chinese(client):
    with frozen(2025, 12, 15):
        page = client.get("/zh-hans/").text
    assert "下一届：2026年两会" in page
    assert "2024年和2025年，省级两会" in page
