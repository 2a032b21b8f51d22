"""The public pages' cache and HTTP caching, as visitors, editors, browsers and CDNs meet them.

A page served from the cache costs no database query: that is how these tests tell a cached page
from a rendered one.
"""

import datetime

import pytest
import time_machine
from django.conf.urls.i18n import i18n_patterns
from django.db import connection
from django.template import engines
from django.template.response import TemplateResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone
from django.utils.http import http_date

from guide.caching import FileGenerations
from guide.models import Explainer, Report, Session, Status, Task

from .factories import ReportFactory
from .test_pages import PAGE_KINDS

pytestmark = pytest.mark.django_db

SESSION = "/en/sessions/2020/chongqing/"


def fetch(client, url, **headers):
    """The response and the number of queries it cost."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    return response, len(queries)


def assert_cached(client, url):
    first, _ = fetch(client, url)
    second, queries = fetch(client, url)
    assert second.status_code == 200
    assert queries == 0, f"{url} was rendered again"
    assert second.content == first.content
    return second


def assert_rendered(client, url):
    response, queries = fetch(client, url)
    assert response.status_code == 200
    assert queries > 0, f"{url} came from the cache"
    return response


@pytest.fixture
def session():
    return Session.objects.get(year=2020, division__slug="chongqing")


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_is_cached_without_secrets_or_cookies(client, kind, lang):
    url = PAGE_KINDS[kind].format(lang=lang)
    response = assert_cached(client, url)
    page = response.content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert "nonce" not in page
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert response["Content-Language"] == lang


def test_each_language_has_its_own_page(client):
    english = assert_cached(client, "/en/glossary/")
    chinese = assert_cached(client, "/zh-hans/glossary/")
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="zh-hans">' in chinese.content.decode()


def test_a_visitor_page_carries_validators_and_cdn_friendly_cache_control(client):
    response = assert_rendered(client, SESSION)
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "public" in directives
    assert any(part.startswith("max-age=") and int(part[8:]) > 0 for part in directives)
    assert any(part.startswith("stale-while-revalidate=") for part in directives)
    assert response["ETag"]
    assert response["Last-Modified"]
    cached, _ = fetch(client, SESSION)
    assert cached["ETag"] == response["ETag"]
    assert cached["Last-Modified"] == response["Last-Modified"]


def test_conditional_requests_are_answered_with_not_modified(client):
    response = assert_rendered(client, SESSION)
    again, queries = fetch(client, SESSION, if_none_match=response["ETag"])
    assert again.status_code == 304
    assert not again.content
    assert queries == 0
    again, _ = fetch(client, SESSION, if_modified_since=response["Last-Modified"])
    assert again.status_code == 304
    earlier = http_date(timezone.now().timestamp() - 10 * 365 * 86400)
    again, _ = fetch(client, SESSION, if_modified_since=earlier)
    assert again.status_code == 200
    again, _ = fetch(client, SESSION, if_none_match='"something-else"')
    assert again.status_code == 200


def test_a_conditional_request_for_a_changed_page_gets_the_new_page(client, session):
    etag = assert_rendered(client, SESSION)["ETag"]
    session.summary_en = "A summary written after the page was cached."
    session.save()
    response, _ = fetch(client, SESSION, if_none_match=etag)
    assert response.status_code == 200
    assert "A summary written after the page was cached." in response.content.decode()
    assert response["ETag"] != etag


def test_a_saved_change_shows_on_the_next_request(client, session):
    assert_cached(client, SESSION)
    assert_cached(client, "/en/years/2020/")
    session.summary_en = "A freshly saved summary."
    session.save()
    assert "A freshly saved summary." in assert_rendered(client, SESSION).content.decode()
    # Pages that show the session elsewhere are rendered again too.
    assert_rendered(client, "/en/years/2020/")


def test_publishing_and_unpublishing_show_on_the_next_request(client, session):
    meeting = session.meetings.get(body__kind="cppcc")
    report = ReportFactory(
        meeting=meeting,
        kind=Report.Kind.BUDGET_REPORT,
        title_en="A budget report drafted for this test",
        status=Status.DRAFT,
    )
    assert "drafted for this test" not in assert_cached(client, SESSION).content.decode()
    report.publish()
    assert "drafted for this test" in assert_rendered(client, SESSION).content.decode()
    assert_cached(client, SESSION)
    report.unpublish()
    assert "drafted for this test" not in assert_rendered(client, SESSION).content.decode()


def test_a_deleted_item_is_gone_on_the_next_request(client):
    report = Report.objects.published().filter(tasks__isnull=False).first()
    url = report.get_absolute_url()
    task = report.tasks.last()
    assert task.title in assert_cached(client, url).content.decode()
    Task.objects.get(pk=task.pk).delete()
    assert task.title not in assert_rendered(client, url).content.decode()


def test_a_change_to_a_many_to_many_relation_shows_on_the_next_request(client, session):
    explainer = Explainer.objects.published().exclude(sessions=session).first()
    url = session.get_absolute_url()
    assert explainer.get_absolute_url() not in assert_cached(client, url).content.decode()
    explainer.sessions.add(session)
    assert explainer.get_absolute_url() in assert_rendered(client, url).content.decode()


def test_a_scheduled_item_appears_at_its_time_without_anything_saved(client, session):
    meeting = session.meetings.get(body__kind="cppcc")
    moment = timezone.now() + datetime.timedelta(hours=2)
    ReportFactory(
        meeting=meeting,
        kind=Report.Kind.BUDGET_REPORT,
        title_en="A budget report scheduled for this test",
        published_at=moment,
    )
    with time_machine.travel(moment - datetime.timedelta(minutes=30), tick=False):
        response = assert_cached(client, SESSION)
        assert "scheduled for this test" not in response.content.decode()
        max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
        assert max_age <= 30 * 60, "a browser or CDN would keep the page past the schedule"
    with time_machine.travel(moment - datetime.timedelta(seconds=1), tick=False):
        assert "scheduled for this test" not in fetch(client, SESSION)[0].content.decode()
    with time_machine.travel(moment + datetime.timedelta(seconds=1), tick=False):
        assert "scheduled for this test" in assert_rendered(client, SESSION).content.decode()
        assert_cached(client, SESSION)


def test_staff_pages_are_never_cached_nor_stored_for_visitors(editor_client):
    draft = Report.objects.drafts().select_related("meeting__session__division").first()
    if draft is None:
        draft = ReportFactory(status=Status.DRAFT)
    url = draft.get_absolute_url()
    preview, _ = fetch(editor_client, url)
    assert preview.status_code == 200
    assert "Draft preview" in preview.content.decode()
    directives = {part.strip() for part in preview["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert not preview.has_header("ETag")
    assert fetch(Client(), url)[0].status_code == 404
    # A published page an editor reads is rendered for them every time, and never public.
    for _ in range(2):
        response = assert_rendered(editor_client, SESSION)
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


def test_a_page_an_editor_reads_first_is_not_what_a_visitor_gets_from_the_cache(
    editor_client, session
):
    assert_rendered(editor_client, SESSION)
    assert_rendered(Client(), SESSION)


def token_page(request):
    template = engines["django"].from_string("<form>{% csrf_token %}</form>")
    return TemplateResponse(request, template)


urlpatterns = i18n_patterns(path("token/", token_page))


@pytest.mark.urls(__name__)
def test_a_response_that_sets_a_cookie_or_holds_a_token_is_not_cached(client):
    first = client.get("/en/token/")
    assert first.status_code == 200
    assert first.cookies, "the CSRF cookie is set"
    assert "private" not in first.get("Cache-Control", "")
    second = Client().get("/en/token/")
    assert second.content != first.content, "each response has its own masked token"


def test_visitors_never_get_a_session(client):
    for url in (SESSION, SESSION, "/en/"):
        response = client.get(url)
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")


def test_every_worker_sees_a_change_made_in_another(tmp_path):
    path = tmp_path / "generation.json"
    first, second = FileGenerations(path), FileGenerations(path)
    before = second.current()
    assert first.current() == before
    first.advance()
    assert second.current() != before
    assert second.current() == first.current()


def redis_is_running():
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_the_generation_is_shared_through_the_cache(client, settings, session):
    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "guide.caching.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/13",
            "KEY_PREFIX": "twosessions-tests",
        }
    }
    settings.PAGE_CACHE_GENERATION_FILE = None
    caches["default"].clear()
    try:
        assert_cached(client, SESSION)
        session.summary_en = "Saved while the pages were in Redis."
        session.save()
        assert (
            "Saved while the pages were in Redis."
            in assert_rendered(client, SESSION).content.decode()
        )
        assert_cached(client, SESSION)
    finally:
        caches["default"].clear()
