"""What a reader does in a real browser: Debian's Chromium, driven by Playwright, on a live server.

Link texts and expected content come from the demo content and the translation catalogue, in the
language the page is in, never copied into the test.
"""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from playwright.sync_api import expect

from guide.comparisons import Verdict
from guide.models import Figure, GlossaryTerm, Meeting, Person, Report, Session
from guide.search import MAX_LENGTH

pytestmark = pytest.mark.browser


def open_context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def page(browser, live_server, demo):
    context = open_context(browser, live_server)
    yield context.new_page()
    context.close()


def text(lang, message):
    with translation.override(lang):
        return gettext(message)


def url_of(lang, obj):
    with translation.override(lang):
        return obj.get_absolute_url()


def main_nav(page, lang):
    return page.get_by_role("navigation", name=text(lang, "Main"))


def open_chongqing_2020_from_home(page, session):
    """Home, the Years menu, 2020, then Chongqing's row of the season table."""
    page.goto("/en/")
    main_nav(page, "en").get_by_role("link", name=text("en", "Years"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("en", "Years"))
    page.get_by_role("link", name=str(session.year), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(session.year))
    season = page.get_by_role("main").get_by_role("table")
    season.get_by_role("link", name=session.division.short_name_en, exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(url_of("en", session)) + "$"))


def test_reader_goes_from_home_to_a_reports_targets_switching_to_chinese(page, live_server):
    session = Session.objects.select_related("division").get(year=2020, division__slug="chongqing")
    report = Report.objects.get(meeting__session=session, kind="work-report")
    growth_target = Figure.objects.select_related("indicator", "source").get(
        report=report, kind=Figure.Kind.TARGET, indicator__code="grp-growth"
    )
    growth_result = Figure.objects.get(
        division=session.division,
        indicator=growth_target.indicator,
        year=session.year,
        kind=Figure.Kind.RESULT,
    )
    assert growth_result.value < growth_target.value, "the demo's 2020 growth target was missed"

    open_chongqing_2020_from_home(page, session)
    expect(page.get_by_role("heading", level=1)).to_contain_text(session.division.short_name_en)

    page.get_by_role("navigation", name=text("en", "Language")).get_by_role(
        "link", name="中文"
    ).click()
    expect(page).to_have_url(live_server.url + url_of("zh-hans", session))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        session.division.short_name_zh_hans
    )

    page.get_by_role("link", name=text("zh-hans", "The report: figures and sources")).click()
    expect(page).to_have_url(live_server.url + url_of("zh-hans", report))
    expect(page.get_by_role("heading", level=1)).to_contain_text(report.title_zh_hans)
    targets = page.get_by_role("table", name=text("zh-hans", "Targets set in this report"))
    growth_row = targets.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=growth_target.indicator.name_zh_hans, exact=True)
    )
    expect(growth_row).to_contain_text(f"{growth_target.value.normalize():f}%")
    source = growth_row.get_by_role(
        "link", name=growth_target.source.publisher_zh_hans or growth_target.source.title
    )
    expect(source).to_have_attribute("href", growth_target.source.url)

    page.get_by_role("navigation", name=text("zh-hans", "This report")).get_by_role(
        "link", name=text("zh-hans", "Targets vs results")
    ).click()
    with translation.override("zh-hans"):
        targets_url = reverse(
            "guide:report_targets", args=[session.year, session.division.slug, report.kind]
        )
    expect(page).to_have_url(live_server.url + targets_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        text("zh-hans", "Targets vs results")
    )
    scorecard = page.get_by_role("main").get_by_role("table")
    expect(scorecard.get_by_role("columnheader", name=text("zh-hans", "Verdict"))).to_be_visible()
    growth_row = scorecard.get_by_role("row").filter(
        has=page.get_by_role("link", name=growth_target.indicator.name_zh_hans, exact=True)
    )
    verdict = growth_row.get_by_role("cell").last
    with translation.override("zh-hans"):
        missed = str(Verdict.LABELS[Verdict.MISSED])
    expect(verdict).to_have_text(missed)


def search_from_header(page, query):
    box = page.locator("form.search-form").get_by_role("searchbox")
    box.fill(query)
    with page.expect_navigation() as navigation:
        box.press("Enter")
    assert navigation.value.status == 200, f"searching {query!r} answered {navigation.value.status}"
    return page.get_by_role("main")


def test_visitor_searches_in_characters_and_in_pinyin(page):
    session = Session.objects.select_related("division").get(year=2020, division__slug="chongqing")
    two_sessions = GlossaryTerm.objects.get(characters="两会")
    li_keqiang = Person.objects.get(slug="li-keqiang")

    page.goto("/zh-hans/")
    results = search_from_header(page, session.division.short_name_zh_hans)
    expect(page).to_have_url(re.compile(r"/zh-hans/search/\?q="))
    session_link = results.locator(f'a[href="{url_of("zh-hans", session)}"]')
    expect(session_link).to_contain_text(session.division.short_name_zh_hans)
    expect(session_link).to_contain_text(str(session.year))

    page.goto("/en/")
    for spelling in ["lianghui", "liǎnghuì"]:
        results = search_from_header(page, spelling)
        term_link = results.locator(f'a[href="{url_of("en", two_sessions)}"]')
        expect(term_link).to_contain_text(two_sessions.characters)

    results = search_from_header(page, "li keqiang")
    expect(results.get_by_role("link", name=li_keqiang.name_en, exact=True)).to_have_attribute(
        "href", url_of("en", li_keqiang)
    )


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_empty_and_overlong_searches_explain_themselves(page, lang):
    page.goto(f"/{lang}/")

    results = search_from_header(page, "")
    expect(results.get_by_role("heading", level=1)).to_have_text(text(lang, "Search"))
    expect(results.get_by_role("alert")).to_have_count(0)
    expect(results.get_by_role("searchbox")).to_have_value("")
    expect(results.get_by_text("liǎnghuì")).to_be_visible()

    overlong = "两会" * 150
    # The search box itself takes no more than the search accepts...
    page.goto(f"/{lang}/")
    page.locator("form.search-form").get_by_role("searchbox").fill(overlong)
    expect(page.locator("form.search-form").get_by_role("searchbox")).to_have_value(
        overlong[:MAX_LENGTH]
    )
    # ...and a longer query arriving in a link gets a message, not an error.
    page.goto(f"/{lang}/search/?q={overlong}")
    results = page
    with translation.override(lang):
        too_long = gettext("Your search is too long. Use at most %(max)d characters.") % {
            "max": MAX_LENGTH
        }
    expect(results.get_by_role("alert")).to_have_text(too_long)
    expect(results.get_by_role("heading", level=1)).to_have_text(text(lang, "Search"))


def test_sessions_and_their_dates_need_no_javascript(browser, live_server, demo):
    session = Session.objects.select_related("division").get(year=2020, division__slug="chongqing")
    meetings = Meeting.objects.filter(session=session).order_by("opening_date")
    context = open_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    try:
        open_chongqing_2020_from_home(page, session)

        dates = page.get_by_role("table", name=text("en", "The meetings and their dates"))
        expect(dates.get_by_role("row")).to_have_count(1 + len(meetings))
        with translation.override("en"):
            for meeting in meetings:
                row = dates.get_by_role("row").filter(
                    has=page.get_by_role("rowheader", name=meeting.name, exact=True)
                )
                opened, closed = row.get_by_role("cell").nth(0), row.get_by_role("cell").nth(1)
                expect(opened).to_contain_text(date_format(meeting.opening_date, "DATE_FORMAT"))
                expect(closed).to_contain_text(
                    date_format(meeting.closing_date, "DATE_FORMAT")
                    if meeting.closing_date
                    else gettext("not recorded")
                )
    finally:
        context.close()


def test_a_keyboard_reader_tabs_through_the_map_to_a_divisions_history(page):
    page.goto(reverse("guide:indicator_year", args=["grp-growth", 2024]))
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('class')") == "chart-tile-link":
            break
    else:
        pytest.fail("no tile of the map takes the keyboard focus")
    first = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") != first
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/divisions/[a-z-]+/"))
