"""Two editors in two browsers on one report, and errors in hidden language tabs."""

import re

import pytest
from playwright.sync_api import expect

from guide.models import Figure, Report, Task
from guide.roles import EDITORS
from tests.conftest import make_staff
from tests.test_browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def new_page(browser, live_server, demo):
    contexts = []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        # A report's change form with all its figures is the admin's heaviest page: on a busy
        # 2-core machine it can take longer than the 15 s other browser tests allow.
        context.set_default_timeout(60_000)
        context.set_default_navigation_timeout(60_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def report_with_figures_and_tasks():
    return (
        Report.objects.filter(figures__value__isnull=False, tasks__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )


def save(page):
    page.get_by_role("button", name="Save", exact=True).first.click()


def test_two_editors_on_one_report_nothing_is_lost(new_page):
    report = report_with_figures_and_tasks()
    figure = report.figures.filter(value__isnull=False).order_by("kind", "indicator__order", "year")
    figure = figure.first()
    task = report.tasks.order_by("order").first()
    alice, bo = new_page(), new_page()
    log_in(alice, make_staff("alice", EDITORS))
    log_in(bo, make_staff("bo", EDITORS))
    url = f"/admin/guide/report/{report.pk}/change/"
    alice.goto(url)
    bo.goto(url)

    figure_row = alice.locator(
        f"input[name^='figures-'][name$='-id'][value='{figure.pk}']"
    ).get_attribute("name")
    figure_prefix = figure_row.removesuffix("-id")
    task_row = alice.locator(
        f"input[name^='tasks-'][name$='-id'][value='{task.pk}']"
    ).get_attribute("name")
    task_prefix = task_row.removesuffix("-id")

    alice.locator("#id_summary_en").fill("Alice's summary.")
    alice.locator(f"#id_{figure_prefix}-wording_en").fill("Alice's note")
    alice.locator(f"#id_{task_prefix}-DELETE").check()
    save(alice)
    expect(alice.locator(".messagelist .success")).to_contain_text("changed successfully")

    bo.locator("#id_summary_en").fill("Bo's summary.")
    bo.locator(f"#id_{figure_prefix}-wording_en").fill("Bo's note")
    bo.locator(f"#id_{task_prefix}-summary_en").fill("Bo's words on the task")
    save(bo)

    conflict = bo.locator(".guide-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Alice's summary.")
    expect(conflict).to_contain_text("Bo's summary.")
    expect(conflict).to_contain_text("Alice's note")
    expect(conflict).to_contain_text("was deleted by someone else")
    expect(bo.locator("#id_summary_en")).to_have_value("Bo's summary.")
    report.refresh_from_db()
    assert report.summary_en == "Alice's summary."
    assert Figure.objects.get(pk=figure.pk).wording_en == "Alice's note"

    save(bo)
    expect(bo.locator(".messagelist .success")).to_contain_text("changed successfully")
    report.refresh_from_db()
    assert report.summary_en == "Bo's summary."
    assert Figure.objects.get(pk=figure.pk).wording_en == "Bo's note"
    assert not Task.objects.filter(pk=task.pk).exists()
    assert Task.objects.filter(report=report, summary_en="Bo's words on the task").exists()


def test_an_error_in_the_hidden_chinese_tab_is_marked_and_opened(new_page):
    report = Report.objects.order_by("pk").first()
    page = new_page()
    log_in(page, make_staff("editor", EDITORS))
    page.goto(f"/admin/guide/report/{report.pk}/change/")
    title = page.locator(".ui-tabs").filter(has=page.locator("#id_title_en"))
    expect(title.locator("#id_title_zh_hans")).to_be_hidden()
    page.evaluate("document.getElementById('id_title_zh_hans').value = ''")
    save(page)

    expect(page.locator(".guide-error-summary")).to_contain_text(
        "Simplified Chinese (zh-hans): Title — This field is required."
    )
    tab = title.get_by_role("tab", name=re.compile(r"zh-hans"))
    expect(tab).to_contain_text("(error)")
    expect(title.locator("#id_title_zh_hans")).to_be_visible()
