"""Checks that catch real mistakes, dates as editors type them, the schedule, the dashboard and
the next-season action, through the admin as editors and translators use it."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from guide.models import (
    Division,
    Figure,
    Meeting,
    Report,
    Session,
    Status,
    Venue,
)
from tests.factories import SessionFactory
from tests.test_admin import admin_url, inline_index, open_form, run_action, submit

ENGLISH, CHINESE = "en", "zh-hans"


@pytest.fixture(params=[ENGLISH, CHINESE])
def language(request, editor_client):
    editor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = request.param
    return request.param


def say(language, english, chinese):
    return english if language == ENGLISH else chinese


def chongqing_figure(code, kind="target"):
    return (
        Figure.objects.filter(
            indicator__code=code, division__slug="chongqing", kind=kind, report__isnull=False
        )
        .order_by("-year")
        .first()
    )


# Checks ---------------------------------------------------------------------------------------


def test_a_value_at_the_wrong_scale_for_its_wording_is_refused(editor_client, language):
    figure = chongqing_figure("new-urban-jobs")
    before = figure.value

    response = submit(
        editor_client, Figure, figure.pk, value="85", wording_zh_hans="城镇新增就业85万人以上"
    )

    assertContains(response, "“85万人”")
    assertContains(response, "0.85")
    assertContains(response, "8500万人")
    assertContains(response, say(language, "so the value is", "应填"))
    figure.refresh_from_db()
    assert figure.value == before


def test_the_value_that_agrees_with_the_wording_is_accepted(editor_client):
    figure = chongqing_figure("new-urban-jobs")
    response = submit(
        editor_client, Figure, figure.pk, value="0.85", wording_zh_hans="城镇新增就业85万人以上"
    )
    assertContains(response, "was changed successfully")
    figure.refresh_from_db()
    assert figure.value == Decimal("0.85")


def test_an_implausible_price_change_is_refused_unless_checked(editor_client, language):
    figure = chongqing_figure("cpi")

    response = submit(editor_client, Figure, figure.pk, value="69200", wording_zh_hans="")

    assert "69,200%" in response.text or "69200%" in response.text
    assertContains(response, say(language, "unusual value checked", "已核对异常值"))
    figure.refresh_from_db()
    assert figure.value != Decimal("69200")

    response = submit(
        editor_client, Figure, figure.pk, value="35", wording_zh_hans="", value_checked="on"
    )
    assertContains(response, say(language, "was changed successfully", "成功修改了"))


def test_a_rate_above_100_percent_is_refused(editor_client, language):
    figure = chongqing_figure("surveyed-unemp")
    response = submit(editor_client, Figure, figure.pk, value="550", wording_zh_hans="")
    assertContains(response, say(language, "A rate or share lies between 0 and 100%", "0到100%"))


def test_a_figure_of_another_division_is_refused_in_the_report_inline(editor_client, language):
    figure = chongqing_figure("grp-growth")
    url, data = open_form(editor_client, Report, figure.report_id)
    row = inline_index(data, "figures", figure.pk)
    data[f"figures-{row}-division"] = str(Division.objects.get(slug="sichuan").pk)

    response = editor_client.post(url, data)

    assertContains(response, say(language, "This report is Chongqing", "本报告属于重庆"))
    assert Figure.objects.get(pk=figure.pk).division.slug == "chongqing"


@pytest.mark.parametrize(("kind", "offset"), [("target", 9), ("result", 0)])
def test_a_figure_year_far_from_its_report_is_refused(editor_client, language, kind, offset):
    figure = chongqing_figure("grp-growth", kind)
    year = figure.report.meeting.session.year + offset

    response = submit(editor_client, Figure, figure.pk, year=str(year))

    assertContains(
        response,
        say(language, "record it as a figure without a report", "记为不属于任何报告的数据"),
    )
    assert Figure.objects.get(pk=figure.pk).year == figure.year


def test_meeting_dates_outside_the_session_year_are_refused(editor_client, language):
    meeting = Meeting.objects.filter(session__division__slug="chongqing").order_by("pk").first()
    year = meeting.session.year
    response = submit(
        editor_client,
        Meeting,
        meeting.pk,
        opening_date=f"{year - 2}-01-19",
        opening_certainty="verified",
        closing_date="",
        closing_certainty="unknown",
    )
    assertContains(
        response,
        say(
            language,
            f"The meetings of the {year} session take place in {year}.",
            f"{year}年会议须在{year}年内举行",
        ),
    )
    assert Meeting.objects.get(pk=meeting.pk).opening_date == meeting.opening_date


def test_a_venue_of_another_division_is_refused(editor_client, language):
    sichuan = Division.objects.get(slug="sichuan")
    venue = Venue.objects.create(name_en="Sichuan Hall", name_zh_hans="四川会堂", division=sichuan)
    session = Session.objects.filter(division__slug="chongqing").order_by("-year").first()

    response = submit(editor_client, Session, session.pk, venue=str(venue.pk))

    assertContains(response, say(language, "This venue is in Sichuan", "该会场位于四川"))
    assert Session.objects.get(pk=session.pk).venue_id != venue.pk


def test_a_report_delivered_in_another_year_is_refused(editor_client, language):
    report = Report.objects.filter(meeting__session__division__slug="chongqing").first()
    year = report.meeting.session.year
    response = submit(editor_client, Report, report.pk, delivered_on="2019-01-20", approved_on="")
    assertContains(
        response,
        say(language, f"A report to the {year} session is dated in {year}.", f"须在{year}年"),
    )


def test_a_future_session_cannot_be_held(editor_client, language):
    session = SessionFactory(year=timezone.localdate().year + 1, state="scheduled")
    response = submit(editor_client, Session, session.pk, state="held")
    assertContains(response, say(language, "cannot be “held”", "不能标为“已举行”"))
    assert Session.objects.get(pk=session.pk).state == "scheduled"


def test_every_demo_object_passes_the_checks(db):
    for model in (Session, Meeting, Report, Figure):
        for obj in model.objects.all():
            obj.full_clean(validate_unique=False, validate_constraints=False)


def test_a_translator_saves_a_translation_of_a_figure_that_fails_a_check(translator_client):
    figure = chongqing_figure("cpi")
    Figure.objects.filter(pk=figure.pk).update(value=Decimal("69200"))

    response = submit(translator_client, Figure, figure.pk, note_zh_hans="译者的注释")

    assertContains(response, "was changed successfully")
    assert Figure.objects.get(pk=figure.pk).note_zh_hans == "译者的注释"


# Dates and errors nobody can see ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2024年1月21日", "2024-1-21", "2024/1/21", "2024-01-21"])
def test_dates_are_accepted_as_editors_type_them(editor_client, typed):
    meeting = Meeting.objects.filter(session__division__slug="chongqing", session__year=2024)
    meeting = meeting.order_by("pk").first()
    response = submit(
        editor_client,
        Meeting,
        meeting.pk,
        opening_date=typed,
        opening_certainty="verified",
        closing_date="",
        closing_certainty="unknown",
    )
    assertContains(response, "was changed successfully")
    assert Meeting.objects.get(pk=meeting.pk).opening_date == datetime.date(2024, 1, 21)


def test_an_invalid_date_says_which_format_to_use(editor_client, language):
    meeting = Meeting.objects.order_by("pk").first()
    response = submit(
        editor_client, Meeting, meeting.pk, opening_date="21.1.", opening_certainty="verified"
    )
    assertContains(response, "2027-01-19")
    assertContains(response, "2027年1月19日")
    assertContains(response, say(language, "Enter the date as", "请按"))


def test_an_error_in_a_hidden_language_is_named_at_the_top(editor_client, language):
    report = Report.objects.order_by("pk").first()
    response = submit(editor_client, Report, report.pk, title_zh_hans="")
    summary = response.context["error_summary"]
    assert summary == [
        say(
            language,
            "Simplified Chinese (zh-hans): Title — This field is required.",
            "简体中文 (zh-hans): 标题 — 这个字段是必填项。",
        )
    ]
    assertContains(response, summary[0])


# The schedule ----------------------------------------------------------------------------------


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


def test_a_scheduled_item_reads_scheduled_in_the_changelist_with_its_filter(editor_client):
    when = datetime.datetime(2031, 3, 5, 1, 0, tzinfo=datetime.UTC)
    scheduled = SessionFactory(year=2031, published_at=when)
    draft = SessionFactory(year=2032, status=Status.DRAFT)

    response = editor_client.get(admin_url(Session, "changelist"), {"publication": "scheduled"})

    assertContains(response, "Scheduled for")
    assertContains(response, "9 a.m. Beijing time")
    assertContains(response, "1 a.m. UTC")
    listed = set(response.context["cl"].result_list)
    assert scheduled in listed and draft not in listed
    drafts = editor_client.get(admin_url(Session, "changelist"), {"publication": "draft"})
    assert draft in set(drafts.context["cl"].result_list)


def test_a_scheduled_session_appears_on_time_by_itself(client, db):
    when = timezone.now() + datetime.timedelta(days=3)
    session = SessionFactory(year=2031, published_at=when)
    url = session.get_absolute_url()
    assert client.get(url).status_code == 404
    with mock.patch("django.utils.timezone.now", return_value=when + datetime.timedelta(seconds=1)):
        assert client.get(url).status_code == 200


def test_the_preview_says_when_the_page_goes_live(editor_client):
    when = datetime.datetime(2031, 3, 5, 1, 0, tzinfo=datetime.UTC)
    session = SessionFactory(year=2031, published_at=when)
    response = editor_client.get(session.get_absolute_url())
    assertContains(response, "visitors will see it from")
    assertContains(response, "9 a.m.")


def test_publish_now_asks_before_replacing_a_scheduled_time(editor_client):
    when = in_days(3)
    scheduled = SessionFactory(year=2031, published_at=when)
    draft = SessionFactory(year=2032, status=Status.DRAFT, published_at=in_days(-400))

    response = run_action(editor_client, Session, "publish_selected", scheduled, draft)

    assertContains(response, "Publish now anyway")
    assertContains(response, "Keep the schedule")
    assertContains(response, str(scheduled))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    tokens = [entry["token"] for entry in response.context["scheduled"]]

    kept = run_action(
        editor_client,
        Session,
        "publish_selected",
        scheduled,
        draft,
        keep_schedule="yes",
        scheduled_at=tokens,
    )
    assertContains(kept, "1 item published.")
    scheduled.refresh_from_db()
    assert scheduled.published_at == when

    run_action(
        editor_client,
        Session,
        "publish_selected",
        scheduled,
        publish_now="yes",
        scheduled_at=tokens,
    )
    scheduled.refresh_from_db()
    assert scheduled.published_at <= timezone.now()


def test_publish_now_refuses_an_answer_for_a_time_changed_meanwhile(editor_client):
    scheduled = SessionFactory(year=2031, published_at=in_days(3))
    response = run_action(editor_client, Session, "publish_selected", scheduled)
    tokens = [entry["token"] for entry in response.context["scheduled"]]
    Session.objects.filter(pk=scheduled.pk).update(published_at=in_days(5))

    response = run_action(
        editor_client,
        Session,
        "publish_selected",
        scheduled,
        publish_now="yes",
        scheduled_at=tokens,
    )

    assertContains(response, "The publication times changed while you were deciding")
    assert Session.objects.get(pk=scheduled.pk).published_at > timezone.now()


def test_translators_cannot_publish_now_with_a_forged_answer(translator_client):
    scheduled = SessionFactory(year=2031, published_at=in_days(3))
    run_action(translator_client, Session, "publish_selected", scheduled, publish_now="yes")
    assert Session.objects.get(pk=scheduled.pk).published_at > timezone.now()


# The dashboard ---------------------------------------------------------------------------------


def test_the_dashboard_lists_drafts_schedule_changes_and_gaps(
    editor_client, django_assert_max_num_queries
):
    session = Session.objects.filter(division__slug="chongqing").order_by("-year").first()
    submit(editor_client, Session, session.pk, status="draft")
    SessionFactory(year=2031, published_at=in_days(3))
    figure = Figure.objects.filter(source__isnull=True).first()

    with django_assert_max_num_queries(30):
        response = editor_client.get("/admin/")

    assertContains(response, "My drafts")
    assertContains(response, admin_url(Session, "change", session.pk))
    assertContains(response, "Scheduled")
    assertContains(response, "Testland")
    assertContains(response, "by editor")
    assertContains(response, "Figures without a source")
    assertContains(response, admin_url(Figure, "change", figure.pk))
    assertContains(response, "Meetings whose dates are not recorded")
    filtered = editor_client.get(admin_url(Figure, "changelist"), {"source__isnull": "True"})
    assert filtered.status_code == 200
    assert figure in set(filtered.context["cl"].result_list)


def test_translators_see_the_dashboard_but_no_add_links(translator_client):
    response = translator_client.get("/admin/")
    assertContains(response, "What is missing")
    assertNotContains(response, admin_url(Session, "add"))


# The next season -------------------------------------------------------------------------------


def test_start_the_next_season_creates_a_draft_session_with_its_meetings(editor_client):
    latest = Session.objects.filter(division__slug="chongqing").order_by("-year").first()
    year = latest.year + 1
    meetings = {meeting.body_id: meeting for meeting in latest.meetings.all()}

    response = run_action(editor_client, Session, "start_next_season", latest)

    assertContains(response, "was started as a draft")
    following = Session.objects.get(division__slug="chongqing", year=year)
    assert (following.status, following.state) == (Status.DRAFT, "scheduled")
    assert following.venue_id == latest.venue_id
    created = {meeting.body_id: meeting for meeting in following.meetings.all()}
    assert created.keys() == meetings.keys()
    for body, meeting in created.items():
        previous = meetings[body]
        assert meeting.term_id == previous.term_id
        assert meeting.session_number == previous.session_number + 1
        assert meeting.opening_date is None and meeting.closing_date is None
        assert meeting.opening_certainty == "unknown"
        assert str(meeting.session_number) in meeting.name_en.split()[0]
    reports = Report.objects.filter(meeting__session=following)
    assert all(report.status == Status.DRAFT and report.delivered_on is None for report in reports)
    assert not Figure.objects.filter(report__in=reports).exists()

    again = run_action(editor_client, Session, "start_next_season", latest)
    assertContains(again, f"already has a {year} session")
    assert Session.objects.filter(division__slug="chongqing", year=year).count() == 1


def test_translators_cannot_start_a_season(translator_client):
    latest = Session.objects.filter(division__slug="chongqing").order_by("-year").first()
    run_action(translator_client, Session, "start_next_season", latest)
    assert not Session.objects.filter(division__slug="chongqing", year=latest.year + 1).exists()


def test_a_fall_in_the_wording_is_a_negative_change(db):
    from guide.wording import ChineseUnit, stated_amounts

    percent = ChineseUnit(Decimal(1), "%")
    singles, _ranges = stated_amounts("单位国内生产总值二氧化碳排放降低3.8%左右", percent)
    assert [stated.amount for stated in singles] == [Decimal("-3.8")]
    people = ChineseUnit(Decimal(10000), "人")
    singles, _ranges = stated_amounts("农村贫困人口减少1109万", people)
    assert [stated.amount for stated in singles] == [Decimal("11090000")]
