"""History, compare, restore and recover in the admin, as editors and translators use them."""

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from guide.models import Citation, Figure, Report, Source, Status, Task
from tests.test_admin import admin_url, inline_index, open_form, submit


@pytest.fixture
def other_editor_client(db):
    """A second browser: ``editor_client`` and ``translator_client`` share one test client."""
    from guide.roles import EDITORS
    from tests.conftest import make_staff

    client = Client()
    client.force_login(make_staff("colleague", EDITORS))
    return client


def report_with_tasks():
    return Report.objects.filter(tasks__isnull=False).order_by("pk").first()


def test_history_shows_who_changed_which_field_from_what_to_what(editor_client, editor):
    report = report_with_tasks()
    old_title = report.title_zh_hans
    task = report.tasks.order_by("order").first()
    url, data = open_form(editor_client, Report, report.pk)
    data["title_zh_hans"] = "修改后的报告标题"
    data[f"tasks-{inline_index(data, 'tasks', task.pk)}-title_en"] = "A changed task"

    assertContains(editor_client.post(url, data, follow=True), "was changed successfully")

    response = editor_client.get(admin_url(Report, "history", report.pk))
    assertContains(response, "Title (Simplified Chinese)")
    assertContains(response, old_title)
    assertContains(response, "修改后的报告标题")
    assertContains(response, "A changed task")
    assertContains(response, task.title_en)
    assertContains(response, editor.username)


def test_bulk_publication_is_recorded(editor_client, editor):
    figure = Figure.objects.filter(source__isnull=False).order_by("pk").first()
    Figure.objects.filter(pk=figure.pk).update(status=Status.DRAFT)
    editor_client.post(
        admin_url(Figure, "changelist"),
        {"action": "publish_selected", "_selected_action": [str(figure.pk)]},
    )
    versions = Version.objects.get_for_object(figure).order_by("-pk")
    assert versions[0].field_dict["status"] == Status.PUBLISHED
    assert versions[0].revision.user == editor
    assert versions[1].field_dict["status"] == Status.DRAFT


def edit_report(client, report, **changes):
    response = submit(client, Report, report.pk, **changes)
    assertContains(response, "was changed successfully")


def test_editor_compares_and_restores_a_version_with_translations_and_inlines(editor_client):
    report = report_with_tasks()
    original = (report.title_en, report.title_zh_hans)
    tasks = list(report.tasks.order_by("order").values_list("pk", "title_en"))
    edit_report(editor_client, report, title_zh_hans="第一次修改")
    url, data = open_form(editor_client, Report, report.pk)
    row = inline_index(data, "tasks", tasks[0][0])
    data[f"tasks-{row}-title_en"] = "Renamed task"
    data[f"tasks-{inline_index(data, 'tasks', tasks[-1][0])}-DELETE"] = "on"
    data["title_en"] = "Second change"
    assertContains(editor_client.post(url, data, follow=True), "was changed successfully")
    assert not Task.objects.filter(pk=tasks[-1][0]).exists()

    versions = list(Version.objects.get_for_object(report).order_by("pk"))
    first_state, latest = versions[0], versions[-1]
    compare = editor_client.get(
        admin_url(Report, "compare", report.pk), {"old": first_state.pk, "new": latest.pk}
    )
    assertContains(compare, "Second change")
    assertContains(compare, "Renamed task")
    assertContains(compare, "removed")

    restore_url = admin_url(Report, "restore", report.pk, first_state.pk)
    assertContains(editor_client.get(restore_url), "Restore this version")
    response = editor_client.post(restore_url, follow=True)

    assertContains(response, "was restored to the version of")
    report.refresh_from_db()
    assert (report.title_en, report.title_zh_hans) == original
    assert list(report.tasks.order_by("order").values_list("pk", "title_en")) == tasks
    assert Version.objects.get_for_object(report).count() == len(versions) + 1


def test_translator_restores_translations_only(translator_client, other_editor_client):
    report = report_with_tasks()
    original_zh = report.title_zh_hans
    kind = report.kind
    edit_report(other_editor_client, report, title_zh_hans="编辑改的标题", kind="plan-report")
    first_state = Version.objects.get_for_object(report).order_by("pk").first()

    response = translator_client.post(
        admin_url(Report, "restore", report.pk, first_state.pk), follow=True
    )

    assertContains(response, "was restored")
    report.refresh_from_db()
    assert report.title_zh_hans == original_zh
    assert report.kind == "plan-report" != kind


def test_translator_cannot_recover(translator_client, other_editor_client):
    task = Task.objects.order_by("pk").first()
    other_editor_client.post(admin_url(Task, "delete", task.pk), {"post": "yes"})
    version = Version.objects.get_deleted(Task).get(object_id=str(task.pk))

    assert translator_client.get(admin_url(Task, "recoverlist")).status_code == 403
    assert translator_client.post(admin_url(Task, "recover", version.pk)).status_code == 403
    assert not Task.objects.filter(pk=task.pk).exists()


@pytest.mark.parametrize("model", [Task, Figure, Citation], ids=lambda model: model.__name__)
def test_editor_recovers_a_deleted_object_with_its_citations(editor_client, model):
    obj = model.objects.filter(**({} if model is Citation else {"citations__isnull": False}))
    obj = obj.order_by("pk").first()
    citations = [] if model is Citation else list(obj.citations.values_list("pk", "quote"))
    url = admin_url(model, "delete", obj.pk)
    assertContains(editor_client.post(url, {"post": "yes"}, follow=True), "deleted successfully")
    assert not model.objects.filter(pk=obj.pk).exists()

    listing = editor_client.get(admin_url(model, "recoverlist"))
    version = Version.objects.get_deleted(model).get(object_id=str(obj.pk))
    assertContains(listing, admin_url(model, "recover", version.pk))
    response = editor_client.post(admin_url(model, "recover", version.pk), follow=True)

    assertContains(response, "was recovered")
    recovered = model.objects.get(pk=obj.pk)
    if model is not Citation:
        assert list(recovered.citations.values_list("pk", "quote")) == citations
    if model is Figure:
        assert recovered.status == Status.DRAFT


def test_editor_recovers_a_task_deleted_in_the_report_inline(editor_client):
    report = report_with_tasks()
    task = report.tasks.order_by("order").first()
    url, data = open_form(editor_client, Report, report.pk)
    data[f"tasks-{inline_index(data, 'tasks', task.pk)}-DELETE"] = "on"
    assertContains(editor_client.post(url, data, follow=True), "was changed successfully")

    version = Version.objects.get_deleted(Task).get(object_id=str(task.pk))
    editor_client.post(admin_url(Task, "recover", version.pk))

    assert Task.objects.get(pk=task.pk).title_en == task.title_en


def test_the_changelist_links_to_the_deleted_items_for_editors_only(
    other_editor_client, translator_client
):
    assertContains(other_editor_client.get(admin_url(Source, "changelist")), "Recover deleted")
    assertNotContains(translator_client.get(admin_url(Source, "changelist")), "Recover deleted")
