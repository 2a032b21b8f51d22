"""What editors do in a real browser: Debian's Chromium, driven by Playwright, on a live server."""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import expect

from guide.models import Session
from guide.roles import EDITORS, TRANSLATORS
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.browser

# modeltranslation labels its tabs with the language code or the language's name.
ENGLISH_TAB = re.compile(r"^(en|English)$", re.IGNORECASE)
CHINESE_TAB = re.compile(r"zh-hans|Chinese|中文", re.IGNORECASE)


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def editor(demo):
    return make_staff("editor", EDITORS)


def log_in(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def open_session_from_changelist(page, session):
    page.get_by_role("link", name="Sessions", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/admin/guide/session/$"))
    with translation.override("en"):
        name = str(session)
    # With every division's sessions the list has several pages: an editor searches.
    search = page.locator("#searchbar")
    search.fill(session.division.name_en)
    search.press("Enter")
    page.get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/guide/session/{session.pk}/change/(\?.*)?$"))


def test_editor_translates_a_session_summary(page, editor):
    session = Session.objects.get(year=2020, division__slug="chongqing")
    new_summary = "2020年重庆两会：浏览器测试写下的新摘要。"
    assert new_summary != session.summary_zh_hans

    log_in(page, editor)
    open_session_from_changelist(page, session)

    # The main form's summary: inline meetings have summaries of their own.
    summary = page.locator(".ui-tabs").filter(has=page.locator("#id_summary_en"))
    summary_box = re.compile(r"^Summary")
    english = summary.get_by_role("tabpanel", name=ENGLISH_TAB).get_by_role(
        "textbox", name=summary_box
    )
    expect(english).to_have_value(session.summary_en)
    summary.get_by_role("tab", name=CHINESE_TAB).click()
    chinese = summary.get_by_role("tabpanel", name=CHINESE_TAB).get_by_role(
        "textbox", name=summary_box
    )
    expect(chinese).to_have_value(session.summary_zh_hans)
    expect(english).to_be_hidden()
    chinese.fill(new_summary)
    page.get_by_role("button", name="Save", exact=True).first.click()

    with translation.override("en"):
        expect(page.locator(".messagelist .success")).to_contain_text(str(session))
    expect(page.locator(".messagelist .success")).to_contain_text("changed successfully")

    page.goto("/zh-hans/sessions/2020/chongqing/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_text(new_summary)).to_be_visible()

    page.goto("/en/sessions/2020/chongqing/")
    expect(page.get_by_text(session.summary_en)).to_be_visible()
    expect(page.get_by_text(new_summary)).to_have_count(0)


def test_admin_change_page_loads_everything_from_the_site(page, editor, live_server):
    log_in(page, editor)
    session = Session.objects.get(year=2020, division__slug="chongqing")
    requested, failed, script_errors = [], [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.on("requestfailed", lambda request: failed.append(f"{request.url}: {request.failure}"))

    def record_error_status(response):
        if response.status >= 400:
            failed.append(f"{response.url}: {response.status}")

    page.on("response", record_error_status)

    page.goto(f"/admin/guide/session/{session.pk}/change/", wait_until="networkidle")
    expect(page.get_by_role("tab", name=CHINESE_TAB).first).to_be_visible()

    assert requested
    assert failed == []
    assert script_errors == []
    site = urlsplit(live_server.url).netloc
    elsewhere = [url for url in requested if urlsplit(url).netloc != site]
    assert elsewhere == [], "the admin must work without reaching other hosts (no CDN)"


def test_translator_follows_a_stale_translation_until_it_is_resolved(page, demo):
    """An editor changes the English; the translator finds the stale mark from the status page,
    reads the English beside the Chinese (no tabs) with what changed, and confirms it."""
    translator = make_staff("translator", TRANSLATORS)
    session = Session.objects.get(year=2020, division__slug="chongqing")
    session.summary_en += " Turnout was high."
    session.save()

    log_in(page, translator)
    page.get_by_role("link", name="Translation status, PO files").first.click()
    page.get_by_role("row").filter(has_text="Sessions").filter(has_text="summary").get_by_role(
        "link", name="1"
    ).click()
    with translation.override("en"):
        page.get_by_role("link", name=str(session), exact=True).click()

    # The session's own summary: its meetings' rows have summaries of their own.
    row = page.locator(".form-row").filter(has=page.locator("#id_summary_zh_hans"))
    expect(row.locator(".translation-pair__source")).to_contain_text("Turnout was high.")
    expect(row.locator(".translation-diff ins")).to_have_text(" Turnout was high.")
    expect(row.locator("#id_summary_zh_hans")).to_be_visible()
    expect(page.locator("#id_summary_en")).to_have_count(0)
    expect(row.locator(".ui-tabs")).to_have_count(0)
    row.get_by_label("The translation is still correct").check()
    page.get_by_role("button", name="Save and continue editing").first.click()

    expect(page.locator(".messagelist .success")).to_contain_text("changed successfully")
    expect(page.locator(".translation-note--stale")).to_have_count(0)
    page.goto("/admin/translations/")
    expect(page.locator("main")).to_contain_text("0 stale")
