"""What published() means, and what visitors and editors see because of it."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models.signals import post_save
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guide.models import Division, Figure, Meeting, Report, Session, Status, is_public

from .factories import (
    DivisionFactory,
    ExplainerFactory,
    FigureFactory,
    GlossaryTermFactory,
    MeetingFactory,
    PersonFactory,
    ReportFactory,
    SessionFactory,
    TaskFactory,
)
from .test_admin import run_action

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


# One rule at every level, in both modes ------------------------------------------------------

STATES = {
    "published": {"status": Status.PUBLISHED, "published_at": a_minute_ago},
    "draft": {"status": Status.DRAFT, "published_at": a_minute_ago},
    "future": {"status": Status.PUBLISHED, "published_at": in_an_hour},
}


def state(name):
    return {key: value() if callable(value) else value for key, value in STATES[name].items()}


@pytest.mark.parametrize("session_state", STATES)
@pytest.mark.parametrize("report_state", STATES)
@pytest.mark.parametrize("figure_state", STATES)
def test_the_database_and_python_agree_at_every_level(
    editor, session_state, report_state, figure_state
):
    session = SessionFactory(**state(session_state))
    report = ReportFactory(meeting__session=session, **state(report_state))
    figure = FigureFactory(report=report, **state(figure_state))
    task = TaskFactory(report=report)
    everything_public = session_state == report_state == figure_state == "published"

    for obj, expected in [
        (session, session_state == "published"),
        (report.meeting, session_state == "published"),
        (report, session_state == report_state == "published"),
        (task, session_state == report_state == "published"),
        (figure, everything_public),
    ]:
        found = type(obj).objects.published().filter(pk=obj.pk).exists()
        assert found is expected, f"{type(obj).__name__} in published()"
        assert is_public(type(obj).objects.get(pk=obj.pk)) is expected
        # Previews show every object, whatever its state or its parents'.
        assert type(obj).objects.visible_to(editor).filter(pk=obj.pk).exists()


def test_previews_are_for_those_who_may_change_that_kind_of_object(editor, translator):
    draft = SessionFactory(status=Status.DRAFT)
    other_staff = get_user_model().objects.create_user("staff", is_staff=True)
    for user, sees_drafts in [
        (AnonymousUser(), False),
        (other_staff, False),
        (translator, True),
        (editor, True),
    ]:
        visible = Session.objects.visible_to(user)
        assert visible.preview is sees_drafts
        assert visible.filter(pk=draft.pk).exists() is sees_drafts


def draft_report_with_children():
    report = ReportFactory(status=Status.DRAFT)
    target = FigureFactory(report=report, value=Decimal("6.5"), quote="增长6.5%左右")
    draft_figure = FigureFactory(
        report=report, status=Status.DRAFT, kind=Figure.Kind.RESULT, value=Decimal("4.9")
    )
    task = TaskFactory(report=report, title_en="Build a modern industrial system")
    return report, target, draft_figure, task


def test_a_draft_report_previews_with_all_its_figures_and_tasks(editor_client):
    report, target, draft_figure, _task = draft_report_with_children()

    assert Client().get(report.get_absolute_url()).status_code == 404
    response = editor_client.get(report.get_absolute_url())

    assert response.status_code == 200
    assert DRAFT_NOTICE in response.text
    assert f'id="figure-{target.pk}"' in response.text
    assert f'id="figure-{draft_figure.pk}"' in response.text
    assert "Build a modern industrial system" in response.text


def test_a_draft_session_previews_with_its_draft_report(editor_client):
    report, *_children = draft_report_with_children()
    session = report.meeting.session
    Session.objects.filter(pk=session.pk).update(status=Status.DRAFT)

    response = editor_client.get(session.get_absolute_url())

    assert DRAFT_NOTICE in response.text
    assert report.get_absolute_url() in response.text


def test_a_published_page_with_draft_parts_says_so_to_an_editor(editor_client):
    report = ReportFactory()
    draft_figure = FigureFactory(report=report, status=Status.DRAFT)

    visitor = Client().get(report.get_absolute_url())
    editor = editor_client.get(report.get_absolute_url())

    assert f'id="figure-{draft_figure.pk}"' not in visitor.text
    assert f'id="figure-{draft_figure.pk}"' in editor.text
    assert "this page shows drafts that visitors cannot see yet" in editor.text
    assert "Draft preview" not in visitor.text


@pytest.mark.parametrize(("factory", "field"), HIDDEN)
def test_previews_are_never_cacheable(editor_client, factory, field):
    response = editor_client.get(make_hidden(factory, field).get_absolute_url())
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


def public_pages():
    report = ReportFactory()
    FigureFactory(report=report)
    return [
        reverse("guide:home"),
        report.meeting.session.get_absolute_url(),
        report.meeting.get_absolute_url(),
        report.get_absolute_url(),
        PersonFactory().get_absolute_url(),
        ExplainerFactory().get_absolute_url(),
        reverse("guide:search") + "?q=Testland",
    ]


def test_a_visitor_without_a_cookie_gets_no_cookie_and_no_vary_on_cookie(client):
    for url in public_pages():
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "cookie" not in response.get("Vary", "").lower(), url


# Publishing through save() -------------------------------------------------------------------


def long_ago():
    return timezone.now() - datetime.timedelta(days=400)


def test_bulk_publishing_dates_drafts_now_and_keeps_published_times(editor_client):
    draft = SessionFactory(status=Status.DRAFT, published_at=long_ago())
    scheduled_draft = SessionFactory(status=Status.DRAFT, published_at=in_an_hour())
    published = SessionFactory(published_at=long_ago())
    Session.objects.filter(pk__in=[draft.pk, published.pk]).update(updated_at=long_ago())
    published.refresh_from_db()
    before = timezone.now()

    response = run_action(
        editor_client, Session, "publish_selected", draft, scheduled_draft, published
    )
    # A later publication time is replaced only when the editor says so.
    assert "Publish now or keep the schedule?" in response.text
    response = run_action(
        editor_client,
        Session,
        "publish_selected",
        draft,
        scheduled_draft,
        published,
        keep_schedule="yes",
        scheduled_at=[item["token"] for item in response.context["scheduled"]],
    )

    assert "2 items published." in response.text
    assert "1 item was already published and keeps its publication time." in response.text
    draft.refresh_from_db()
    scheduled_draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at >= before
    assert draft.updated_at >= before
    assert scheduled_draft.published_at > timezone.now()
    assert Session.objects.get(pk=published.pk).published_at == published.published_at
    assert LogEntry.objects.filter(object_id=str(draft.pk)).exists()


def test_bulk_publishing_fires_the_model_signals(editor_client):
    draft = SessionFactory(status=Status.DRAFT)
    saved = []

    def record(sender, instance, **kwargs):
        saved.append(instance.pk)

    post_save.connect(record, sender=Session)
    try:
        run_action(editor_client, Session, "publish_selected", draft)
        run_action(editor_client, Session, "unpublish_selected", draft)
    finally:
        post_save.disconnect(record, sender=Session)
    assert saved == [draft.pk, draft.pk]


def test_the_feed_and_sitemap_show_the_real_times_after_a_bulk_publish(editor_client):
    client = Client()
    draft = ReportFactory(status=Status.DRAFT, published_at=long_ago())
    Report.objects.filter(pk=draft.pk).update(updated_at=long_ago())

    run_action(editor_client, Report, "publish_selected", draft)

    draft.refresh_from_db()
    feed = client.get(reverse("guide:atom_feed")).text
    entry = feed[feed.index(draft.get_absolute_url()) :]
    entry = entry[: entry.index("</entry>")]
    assert f"<updated>{draft.updated_at.isoformat()}</updated>" in entry
    assert f"<published>{draft.published_at.isoformat()}</published>" in entry
    assert draft.published_at.date() == timezone.now().date()
    sitemap = client.get("/sitemap.xml").text
    url = sitemap[sitemap.index(f"{draft.get_absolute_url()}</loc>") :]
    lastmod = timezone.localdate(draft.updated_at).isoformat()
    assert url.split("</url>")[0].count(f"<lastmod>{lastmod}</lastmod>") == 1


def test_a_draft_published_on_its_form_is_dated_to_that_moment(editor_client):
    draft = SessionFactory(status=Status.DRAFT, published_at=long_ago())
    draft.status = Status.PUBLISHED
    before = timezone.now()
    draft.save()
    assert draft.published_at >= before

    later = in_an_hour()
    scheduled = SessionFactory(status=Status.DRAFT)
    scheduled.status, scheduled.published_at = Status.PUBLISHED, later
    scheduled.save()
    assert Session.objects.get(pk=scheduled.pk).published_at == later


# Search sees a year next to Chinese characters -------------------------------------------------


@pytest.mark.parametrize("query", ["重庆2020", "2020年 重庆", "重庆 2020年", "chongqing 2020"])
def test_search_finds_the_year_next_to_chinese_text(client, query):
    chongqing = Division.objects.get(slug="chongqing")
    wanted = Session.objects.get(division=chongqing, year=2020)
    other_year = Session.objects.get(division=chongqing, year=2021)

    page = client.get(reverse("guide:search"), {"q": query}).text

    assert f'href="{wanted.get_absolute_url()}"' in page
    assert f'href="{other_year.get_absolute_url()}"' not in page


def test_search_for_a_year_written_in_chinese_finds_that_years_sessions(client):
    page = client.get(reverse("guide:search"), {"q": "2020年"}).text
    for session in Session.objects.published().filter(year=2020):
        assert f'href="{session.get_absolute_url()}"' in page
    other_year = Session.objects.get(year=2021, division__slug="chongqing")
    assert f'href="{other_year.get_absolute_url()}"' not in page
