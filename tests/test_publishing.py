"""What published() means, and what visitors and editors see because of it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guide.models import Division, Figure, Meeting, Session, Status

from .factories import (
    DivisionFactory,
    ExplainerFactory,
    FigureFactory,
    GlossaryTermFactory,
    MeetingFactory,
    PersonFactory,
    ReportFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

DRAFT_NOTICE = "Draft preview"


def in_an_hour():
    return timezone.now() + datetime.timedelta(hours=1)


def a_minute_ago():
    return timezone.now() - datetime.timedelta(minutes=1)


PUBLISHABLE = [
    pytest.param(SessionFactory, id="Session"),
    pytest.param(PersonFactory, id="Person"),
    pytest.param(ReportFactory, id="Report"),
    pytest.param(FigureFactory, id="Figure"),
    pytest.param(ExplainerFactory, id="Explainer"),
    pytest.param(GlossaryTermFactory, id="GlossaryTerm"),
]


def is_published(obj):
    return type(obj).objects.published().filter(pk=obj.pk).exists()


@pytest.mark.parametrize("factory", PUBLISHABLE)
def test_a_draft_is_hidden_until_it_is_published(factory):
    obj = factory(status=Status.DRAFT)
    assert not is_published(obj)
    assert obj in type(obj).objects.drafts()

    obj.status = Status.PUBLISHED
    obj.save()
    assert is_published(obj)
    assert obj not in type(obj).objects.drafts()


@pytest.mark.parametrize("factory", PUBLISHABLE)
def test_a_future_publication_time_hides_an_item_until_then(factory):
    obj = factory(published_at=in_an_hour())
    assert not is_published(obj)
    assert not obj.is_public

    obj.published_at = a_minute_ago()
    obj.save()
    assert is_published(obj)
    assert obj.is_public


@pytest.mark.parametrize(
    "hidden_session",
    [{"status": Status.DRAFT}, {"published_at": in_an_hour()}],
    ids=["draft", "future"],
)
def test_a_report_and_a_meeting_are_hidden_with_their_session(hidden_session):
    report = ReportFactory(meeting__session=SessionFactory(**hidden_session))
    assert not is_published(report)
    assert not Meeting.objects.published().filter(pk=report.meeting.pk).exists()
    assert not report.is_public
    assert not report.meeting.is_public

    Session.objects.filter(pk=report.meeting.session.pk).update(
        status=Status.PUBLISHED, published_at=a_minute_ago()
    )
    report.refresh_from_db()
    assert is_published(report)
    assert Meeting.objects.published().filter(pk=report.meeting.pk).exists()


@pytest.mark.parametrize(
    "hidden_report",
    [
        {"status": Status.DRAFT},
        {"published_at": in_an_hour()},
        {"meeting__session__status": Status.DRAFT},
    ],
    ids=["draft-report", "future-report", "report-of-draft-session"],
)
def test_a_figure_is_hidden_with_its_report(hidden_report):
    figure = FigureFactory(report=ReportFactory(**hidden_report))
    assert figure.status == Status.PUBLISHED
    assert not is_published(figure)


def test_a_figure_without_a_report_shows_when_it_is_published():
    published = FigureFactory(report=None, division=DivisionFactory())
    draft = FigureFactory(report=None, division=published.division, status=Status.DRAFT, year=2023)
    assert list(Figure.objects.published().filter(division=published.division)) == [published]
    assert draft in Figure.objects.drafts()


# Each public page, and the fields that hide its object from visitors.
PAGES = {
    "session": (SessionFactory, ["status", "published_at"]),
    "meeting": (MeetingFactory, ["session__status", "session__published_at"]),
    "report": (
        ReportFactory,
        ["status", "published_at", "meeting__session__status", "meeting__session__published_at"],
    ),
    "person": (PersonFactory, ["status", "published_at"]),
    "explainer": (ExplainerFactory, ["status", "published_at"]),
}


HIDDEN = [
    pytest.param(factory, field, id=f"{page}-{field}")
    for page, (factory, fields) in PAGES.items()
    for field in fields
]


def make_hidden(factory, field):
    return factory(**{field: Status.DRAFT if field.endswith("status") else in_an_hour()})


@pytest.mark.parametrize(("factory", "field"), HIDDEN)
def test_visitors_get_404_for_what_is_not_published(client, factory, field):
    response = client.get(make_hidden(factory, field).get_absolute_url())
    assert response.status_code == 404


@pytest.mark.parametrize(("factory", "field"), HIDDEN)
def test_editors_preview_what_is_not_published(editor_client, factory, field):
    response = editor_client.get(make_hidden(factory, field).get_absolute_url())
    assert response.status_code == 200
    assert DRAFT_NOTICE in response.text


@pytest.mark.parametrize("page", PAGES)
def test_published_pages_carry_no_preview_notice(client, editor, page):
    url = PAGES[page][0]().get_absolute_url()
    visitor_view = client.get(url)
    client.force_login(editor)
    editor_view = client.get(url)
    for response in (visitor_view, editor_view):
        assert response.status_code == 200
        assert DRAFT_NOTICE not in response.text


def test_the_home_page_lists_only_published_sessions(client):
    this_year = timezone.localdate().year
    listed = MeetingFactory(session__year=this_year).session
    hidden = [
        MeetingFactory(session__year=this_year, session__status=Status.DRAFT).session,
        MeetingFactory(session__year=this_year, session__published_at=in_an_hour()).session,
        # The national session of the year, whether the demo content has one or not, in draft.
        Session.objects.update_or_create(
            division=Division.objects.national(), year=this_year, defaults={"status": Status.DRAFT}
        )[0],
    ]

    page = client.get(reverse("guide:home")).text

    assert listed.get_absolute_url() in page
    for session in hidden:
        assert session.get_absolute_url() not in page
