"""Entering a report's figures in a real browser: the table fits the screen, a new row takes
its defaults, and the figures save with the report's division, year and source."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from guide.models import Report, Source
from guide.roles import EDITORS
from tests.conftest import make_staff
from tests.test_browser import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_server, demo):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def choose(page, select_id, search, shown=None):
    page.locator(f"#{select_id} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=shown or search).first.click()


def test_the_figure_table_fits_and_new_rows_take_their_defaults(page):
    editor = make_staff("editor", EDITORS)
    report = Report.objects.get(
        meeting__session__division__slug="chongqing", meeting__session__year=2026
    )
    other = Source.objects.exclude(pk=report.full_text_id).order_by("key").first()
    existing = report.figures.count()
    log_in(page, editor)
    page.goto(f"/admin/guide/report/{report.pk}/change/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    expect(page.locator("#figures-group input[name='figures-0-value']")).to_have_value("5.3")

    add = page.locator("#figures-group .add-row a")
    add.click()
    first = f"figures-{existing}"
    expect(page.locator(f"#id_{first}-source")).to_have_value(str(report.full_text_id))
    choose(page, f"id_{first}-indicator", "Consumer price")
    page.locator(f"#id_{first}-kind").select_option("target")
    page.locator(f"#id_{first}-qualifier").select_option("around")
    page.locator(f"#id_{first}-value").fill("2")
    page.locator(f"#id_{first}-wording_zh_hans").fill("涨幅2%左右")
    page.locator(f"#id_{first}-quote").fill("居民消费价格涨幅2%左右")
    choose(page, f"id_{first}-source", other.key, shown=str(other))

    add.click()
    second = f"figures-{existing + 1}"
    # The row above's source, chosen a moment ago, not the report's full text.
    expect(page.locator(f"#id_{second}-source")).to_have_value(str(other.pk))
    choose(page, f"id_{second}-indicator", "Surveyed urban unemployment")
    page.locator(f"#id_{second}-kind").select_option("target")
    page.locator(f"#id_{second}-qualifier").select_option("within")
    page.locator(f"#id_{second}-value").fill("5.5")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    session = report.meeting.session
    cpi = report.figures.get(indicator__code="cpi", kind="target")
    unemployment = report.figures.get(indicator__code="surveyed-unemp", kind="target")
    assert cpi.division == unemployment.division == session.division
    assert cpi.year == unemployment.year == session.year
    assert cpi.source == unemployment.source == other
    assert (cpi.value, cpi.quote) == (Decimal("2"), "居民消费价格涨幅2%左右")
