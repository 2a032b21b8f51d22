"""Every page kind, in both languages, checked in Debian's Chromium.

axe-core finds no WCAG 2.1 A or AA failure, each page has what browsers, screen readers and search
engines rely on, and phones never scroll the page sideways.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_A_AND_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
LANGUAGES = ["en", "zh-hans"]
PHONE = {"width": 360, "height": 740}

# (id, URL name, arguments, query string)
PAGES = [
    ("home", "guide:home", [], ""),
    ("years", "guide:year_list", [], ""),
    ("year", "guide:year_detail", [2020], ""),
    ("session-national", "guide:session_detail", [2020, "national"], ""),
    ("session-chongqing", "guide:session_detail", [2020, "chongqing"], ""),
    ("meeting", "guide:meeting_detail", [2020, "national", "congress"], ""),
    ("report", "guide:report_detail", [2024, "national", "work-report"], ""),
    ("report-targets", "guide:report_targets", [2024, "national", "work-report"], ""),
    ("report-changes", "guide:report_changes", [2024, "national", "work-report"], ""),
    ("divisions", "guide:division_list", [], ""),
    ("division", "guide:division_detail", ["chongqing"], ""),
    ("division-indicator", "guide:division_indicator", ["chongqing", "grp-growth"], ""),
    ("indicators", "guide:indicator_list", [], ""),
    ("indicator", "guide:indicator_detail", ["gdp-growth"], ""),
    ("indicator-year", "guide:indicator_year", ["grp-growth", 2024], ""),
    ("people", "guide:person_list", [], ""),
    ("person", "guide:person_detail", ["li-keqiang"], ""),
    ("explainers", "guide:explainer_list", [], ""),
    ("explainer", "guide:explainer_detail", ["what-are-the-two-sessions"], ""),
    ("glossary", "guide:glossary", [], ""),
    ("search-results", "guide:search", [], "?q=重庆"),
    ("search-empty", "guide:search", [], ""),
    ("not-found", None, [], ""),
    ("data", "guide:data", [], ""),
]

# Violations the templates still have, as (page id, language): "rule: what".
# strict=True turns a fixed page into a failure, so the marker goes as soon as the fix lands.
KNOWN_VIOLATIONS = {}

PHONE_PAGES = ["home", "session-chongqing", "report"]
# Pages whose figure tables must fit a phone without scrolling sideways in their box.
FIGURE_TABLE_PAGES = ["session-chongqing", "report", "indicator", "indicator-year"]


def page_path(name, args, query, lang):
    """The page's path and the status it answers with."""
    with translation.override(lang):
        if name is None:
            return reverse("guide:home") + "no-such-page/", 404
        return reverse(name, args=args) + query, 200


def iter_cases(page_ids):
    for page_id, name, args, query in PAGES:
        if page_ids is not None and page_id not in page_ids:
            continue
        for lang in LANGUAGES:
            case_id = f"{page_id}-{lang}"
            try:
                path, status = page_path(name, args, query, lang)
            except NoReverseMatch:
                skip = pytest.mark.skip(reason=f"no {name} page")
                yield pytest.param("", lang, 200, id=case_id, marks=skip)
                continue
            reason = KNOWN_VIOLATIONS.get((page_id, lang))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(path, lang, status, id=case_id, marks=marks)


def cases(page_ids=None):
    return list(iter_cases(page_ids))


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The demo site, served and loaded once for the whole module.

    These tests only read pages, so, like Django's setUpTestData and LiveServerTestCase.setUpClass,
    the content and the server are shared: the transactional live_server fixture would load the
    demo content again for each of the hundred cases, which takes minutes.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(
            ALLOWED_HOSTS=["localhost"],
            # Debug is off and there is no collectstatic manifest: serve the sources.
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ),
    ):
        # A transactional test in the same process may have emptied the database.
        call_command("load_demo", verbosity=0)
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()


@pytest.fixture(scope="module")
def desktop(browser, site):
    context = browser.new_context(base_url=site)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def phone_context(browser, site):
    context = browser.new_context(base_url=site, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(desktop):
    page = desktop.new_page()
    yield page
    page.close()


@pytest.fixture
def phone(phone_context):
    page = phone_context.new_page()
    yield page
    page.close()


def open_page(page, path, status):
    """Open the page with its styles: axe judges contrast on what the reader sees."""
    broken = []
    page.on("requestfailed", lambda request: broken.append(request.url))
    page.on("response", lambda response: response.status >= 400 and broken.append(response.url))
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    assert [url for url in broken if url != response.url] == [], f"{path} misses files"


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"at {targets}{f' and {more} more' if more > 0 else ''}"
        )
    return "\n".join(lines)


@pytest.mark.parametrize(("path", "lang", "status"), cases())
def test_page_has_no_wcag_a_or_aa_violations(page, path, lang, status):
    open_page(page, path, status)
    page.add_script_tag(path=AXE)
    results = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        WCAG_A_AND_AA,
    )

    assert results["passes"], "axe ran no check at all"
    assert results["violations"] == [], f"{path}\n{describe(results['violations'])}"


@pytest.mark.parametrize(("path", "lang", "status"), cases())
def test_page_names_itself_for_readers_and_search_engines(page, path, lang, status):
    open_page(page, path, status)

    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    assert page.title().strip()
    description = page.locator('head meta[name="description"]')
    assert description.count() == 1
    assert description.get_attribute("content").strip()
    canonical = page.locator('head link[rel="canonical"]')
    assert canonical.count() == 1
    assert canonical.get_attribute("href") == page.url.split("?")[0]


@pytest.mark.parametrize(("path", "lang", "status"), cases(PHONE_PAGES))
def test_phone_never_scrolls_the_page_sideways(phone, path, lang, status):
    open_page(phone, path, status)

    page_width, viewport_width, too_wide = phone.evaluate(
        """() => {
            const viewport = window.innerWidth;
            const scrollsItself = el => ["auto", "scroll", "hidden"].includes(
                getComputedStyle(el).overflowX);
            const insideScrollBox = el => {
                for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                    if (scrollsItself(up)) return true;
                }
                return false;
            };
            const tooWide = [...document.body.querySelectorAll("*")]
                .filter(el => el.getBoundingClientRect().right > viewport + 1)
                .filter(el => !insideScrollBox(el))
                .slice(0, 5)
                .map(el => el.outerHTML.slice(0, 120));
            return [document.documentElement.scrollWidth, viewport, tooWide];
        }"""
    )

    assert page_width <= viewport_width + 1, (
        f"{path} is {page_width}px wide on a {viewport_width}px phone; too wide: {too_wide}"
    )


@pytest.mark.parametrize(("path", "lang", "status"), cases(FIGURE_TABLE_PAGES))
def test_figure_tables_fit_a_phone(phone, path, lang, status):
    """Figure, unit, wording and source stack in three or four columns that fit 360 px."""
    open_page(phone, path, status)

    boxes = phone.evaluate(
        """() => [...document.querySelectorAll(".table-scroll")]
            .filter(box => box.querySelector("table.figures"))
            .map(box => [box.scrollWidth, box.clientWidth])"""
    )

    assert boxes, f"{path} shows no figure table"
    assert all(scroll <= client + 1 for scroll, client in boxes), (path, boxes)
