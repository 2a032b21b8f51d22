"""Two editors on one page: a save based on an outdated version is refused, nothing lost."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from guide.models import Report, Session, Task
from guide.roles import EDITORS, TRANSLATORS
from tests.conftest import make_staff
from tests.test_admin import form_data, inline_index, open_form


@pytest.fixture
def alice(db):
    client = Client()
    client.force_login(make_staff("alice", EDITORS))
    return client


@pytest.fixture
def bo(db):
    client = Client()
    client.force_login(make_staff("bo", EDITORS))
    return client


def report_with_figures_and_tasks():
    return (
        Report.objects.filter(figures__value__isnull=False, tasks__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )


def test_second_save_of_a_changed_field_is_refused_and_keeps_what_was_typed(alice, bo):
    report = report_with_figures_and_tasks()
    url, alice_data = open_form(alice, Report, report.pk)
    _url, bo_data = open_form(bo, Report, report.pk)

    alice_data["summary_en"] = "Alice's summary."
    assertContains(alice.post(url, alice_data, follow=True), "was changed successfully")

    bo_data["summary_en"] = "Bo's summary."
    response = bo.post(url, bo_data)

    assert response.status_code == 200
    assertContains(response, "Someone else changed this page while you were editing it")
    assertContains(response, "Alice&#x27;s summary.")
    assertContains(response, "Bo&#x27;s summary.")
    assertContains(response, "alice")
    report.refresh_from_db()
    assert report.summary_en == "Alice's summary."
    # The form keeps Bo's text and carries the new version: saving again is accepted.
    again = response.context["adminform"].form
    assert again["summary_en"].value() == "Bo's summary."
    resubmitted = form_data(response, "report_form")
    assert resubmitted["summary_en"] == "Bo's summary."
    assertContains(bo.post(url, resubmitted, follow=True), "was changed successfully")
    report.refresh_from_db()
    assert report.summary_en == "Bo's summary."


def test_a_field_only_the_other_editor_changed_takes_their_value(alice, bo):
    report = report_with_figures_and_tasks()
    url, alice_data = open_form(alice, Report, report.pk)
    _url, bo_data = open_form(bo, Report, report.pk)
    alice_data["title_zh_hans"] = "爱丽丝改的标题"
    assertContains(alice.post(url, alice_data, follow=True), "was changed successfully")

    bo_data["summary_en"] = "Bo's summary."
    response = bo.post(url, bo_data)

    assertContains(response, "theirs: you had not changed it")
    resubmitted = form_data(response, "report_form")
    assert resubmitted["title_zh_hans"] == "爱丽丝改的标题"
    assert resubmitted["summary_en"] == "Bo's summary."
    bo.post(url, resubmitted)
    report.refresh_from_db()
    assert (report.title_zh_hans, report.summary_en) == ("爱丽丝改的标题", "Bo's summary.")


def test_an_inline_figure_value_changed_meanwhile_is_not_overwritten(alice, bo):
    report = report_with_figures_and_tasks()
    figure = report.figures.filter(value__isnull=False).order_by("pk").first()
    url, alice_data = open_form(alice, Report, report.pk)
    _url, bo_data = open_form(bo, Report, report.pk)
    row = inline_index(alice_data, "figures", figure.pk)
    alice_data[f"figures-{row}-preliminary"] = "on"
    assertContains(alice.post(url, alice_data, follow=True), "was changed successfully")

    bo_data[f"figures-{row}-note_en"] = "Bo's note"
    response = bo.post(url, bo_data)

    assertContains(response, "Someone else changed this page")
    assertContains(response, "Preliminary")
    figure.refresh_from_db()
    assert figure.preliminary is True
    assert figure.note_en != "Bo's note"


def test_a_child_deleted_meanwhile_gives_a_visible_message(alice, bo):
    report = report_with_figures_and_tasks()
    task = report.tasks.order_by("order").first()
    url, alice_data = open_form(alice, Report, report.pk)
    _url, bo_data = open_form(bo, Report, report.pk)
    row = inline_index(alice_data, "tasks", task.pk)
    alice_data[f"tasks-{row}-DELETE"] = "on"
    assertContains(alice.post(url, alice_data, follow=True), "was changed successfully")

    bo_data[f"tasks-{row}-summary_en"] = "Bo's words on the task"
    response = bo.post(url, bo_data)

    assertContains(response, "was deleted by someone else. What you typed in it is kept")
    assertNotContains(response, "Select a valid choice")
    resubmitted = form_data(response, "report_form")
    assert "Bo's words on the task" in resubmitted.values()
    assertContains(bo.post(url, resubmitted, follow=True), "was changed successfully")
    assert Task.objects.filter(report=report, summary_en="Bo's words on the task").exists()
    assert not Task.objects.filter(pk=task.pk).exists()


def test_an_untouched_child_deleted_meanwhile_is_dropped_with_a_note(alice, bo):
    report = report_with_figures_and_tasks()
    task = report.tasks.order_by("order").first()
    count = report.tasks.count()
    url, alice_data = open_form(alice, Report, report.pk)
    _url, bo_data = open_form(bo, Report, report.pk)
    alice_data[f"tasks-{inline_index(alice_data, 'tasks', task.pk)}-DELETE"] = "on"
    alice.post(url, alice_data)

    bo_data["summary_en"] = "Bo's summary."
    response = bo.post(url, bo_data)

    assertContains(response, "was deleted by someone else; you had not changed it.")
    bo.post(url, form_data(response, "report_form"))
    report.refresh_from_db()
    assert report.summary_en == "Bo's summary."
    assert report.tasks.count() == count - 1


def test_a_save_without_changes_by_others_is_accepted(alice):
    session = Session.objects.filter(division__slug="chongqing").order_by("-year").first()
    url, data = open_form(alice, Session, session.pk)
    data["summary_en"] = "A new summary."
    assertContains(alice.post(url, data, follow=True), "was changed successfully")


def test_translator_form_is_checked_too(alice, db):
    translator = Client()
    translator.force_login(make_staff("translator", TRANSLATORS))
    report = report_with_figures_and_tasks()
    url, translator_data = open_form(translator, Report, report.pk)
    _url, alice_data = open_form(alice, Report, report.pk)
    alice_data["title_zh_hans"] = "编辑改的标题"
    alice.post(url, alice_data)

    translator_data["title_zh_hans"] = "译者改的标题"
    response = translator.post(url, translator_data)

    assertContains(response, "Someone else changed this page")
    report.refresh_from_db()
    assert report.title_zh_hans == "编辑改的标题"
