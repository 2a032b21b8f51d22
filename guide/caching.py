"""The public pages' cache: rendered pages kept per address and language until the content changes.

Every change to the guide's content goes through ``save()`` (or ``delete()``), and each one moves
the site-wide *content generation* on. A cached page remembers the generation it was rendered at
and is used only while that generation is current, so after an editor saves, publishes, unpublishes
or deletes anything, every page is rendered afresh on its next request. Bulk changes that bypass
the signals (seeding, loading the demo) call ``content_changed()`` themselves.

A scheduled item becomes public at its publication time without anything being saved then, so no
cached page, and no ``max-age`` sent to a browser or CDN, outlives the next scheduled publication
time: ``publication_times()`` finds it once per generation (and again once it has passed).

The generation must be shared by every worker: it lives in the cache when the cache is shared
(Redis), and otherwise in a small file (``PAGE_CACHE_GENERATION_FILE``), since a local-memory cache
belongs to a single process.

Only what a visitor without a session gets is cached: requests that bring a session cookie (staff,
previews) and responses that are private, set a cookie or vary on anything but the encoding are
never stored. A stored page holds no per-request secret: a page that asks for a CSRF token sets the
CSRF cookie and so is never stored.
"""

import hashlib
import json
import os
import threading
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models import Max, Min, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

GENERATION_KEY = "pages:generation"
PAGE_KEY = "pages:page:{}"
TIMES_KEY = "pages:times:{}"
CHART_KEY = "pages:chart:{}:{}:{}"
# Response headers a stored page keeps; the rest are per response (Date) or set again here.
KEPT_HEADERS = {
    "content-type",
    "content-language",
    "content-encoding",
    "vary",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "strict-transport-security",
    "access-control-allow-origin",
    "content-disposition",
}


def options():
    return {
        "TIMEOUT": 600,
        "MAX_AGE": 60,
        "STALE_WHILE_REVALIDATE": 300,
        "PREFIXES": [f"/{code}/" for code, _name in settings.LANGUAGES],
        **getattr(settings, "PAGE_CACHE", {}),
    }


def page_cache():
    return caches["default"]


# The content generation -------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationTimes:
    latest: float  # the latest publication time that has passed (a POSIX timestamp), or 0
    next: float | None  # the earliest scheduled one still to come

    def passed(self, now):
        return self.next is not None and self.next <= now


@dataclass(frozen=True)
class Generation:
    token: str
    changed: float  # when the content last changed
    times: PublicationTimes | None = None  # None until found after the change


def _new_generation(times=None):
    return Generation(uuid.uuid4().hex[:16], timezone.now().timestamp(), times)


class FileGenerations:
    """The generation in a file, for caches that are not shared between processes."""

    def __init__(self, path):
        self.path = os.fspath(path)
        self._seen = (None, None)

    def current(self):
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return self.advance()
        signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        seen_signature, generation = self._seen
        if signature == seen_signature:
            return generation
        try:
            with open(self.path) as file:
                data = json.load(file)
            times = data.get("times")
            generation = Generation(
                data["token"], data["changed"], PublicationTimes(*times) if times else None
            )
        except (OSError, ValueError, KeyError, TypeError):
            return self.advance()
        self._seen = (signature, generation)
        return generation

    def advance(self, times=None):
        generation = _new_generation(times)
        data = {
            "token": generation.token,
            "changed": generation.changed,
            "times": [times.latest, times.next] if times else None,
        }
        temporary = f"{self.path}.{os.getpid()}.{threading.get_ident()}"
        with open(temporary, "w") as file:
            json.dump(data, file)
        # A new file (and inode) each time: readers see either the old or the new one.
        os.replace(temporary, self.path)
        return generation


class CacheGenerations:
    """The generation in the shared cache, beside the pages."""

    def current(self, stored=None):
        generation = stored if stored is not None else page_cache().get(GENERATION_KEY)
        if generation is None:
            generation = _new_generation()
            if not page_cache().add(GENERATION_KEY, generation, None):
                return page_cache().get(GENERATION_KEY) or generation
        return generation

    def advance(self, times=None):
        generation = _new_generation(times)
        page_cache().set(GENERATION_KEY, generation, None)
        return generation


_generations = {}


def generations():
    path = getattr(settings, "PAGE_CACHE_GENERATION_FILE", None)
    key = os.fspath(path) if path else None
    if key not in _generations:
        _generations[key] = FileGenerations(key) if key else CacheGenerations()
    return _generations[key]


def content_changed(**kwargs):
    """Moves the content generation on now, and again once the transaction commits, with the
    publication times of the committed content: a page rendered in between, from the data
    before the commit, must not stay cached."""
    generations().advance()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        settle()
    elif not any(item[1] is settle for item in connection.run_on_commit):
        transaction.on_commit(settle)


def settle():
    generations().advance(find_publication_times(timezone.now()))


def find_publication_times(now):
    """One query over every publishable model."""
    from .models import Publishable, Status

    rows = [
        model.objects.order_by()
        .filter(status=Status.PUBLISHED)
        .values("status")
        .annotate(
            latest=Max("published_at", filter=Q(published_at__lte=now)),
            next=Min("published_at", filter=Q(published_at__gt=now)),
        )
        .values_list("latest", "next")
        for model in apps.get_app_config("guide").get_models()
        if issubclass(model, Publishable)
    ]
    found = list(rows[0].union(*rows[1:], all=True).order_by())
    latest = [moment.timestamp() for moment, _next in found if moment]
    upcoming = [moment.timestamp() for _latest, moment in found if moment]
    return PublicationTimes(max(latest, default=0.0), min(upcoming, default=None))


def publication_times(generation, now):
    """The generation's publication times, or, when they are not known yet or the scheduled
    time has come, found again (once per process or shared cache)."""
    timestamp = now.timestamp()
    if generation.times is not None and not generation.times.passed(timestamp):
        return generation.times
    key = TIMES_KEY.format(generation.token)
    times = page_cache().get(key)
    if times is None or times.passed(timestamp):
        times = find_publication_times(now)
        page_cache().set(key, times, options()["TIMEOUT"])
    return times


def drawn(name, draw):
    """A chart (or another piece of a page that only the content decides) made once per content
    generation and language: charts change only when their data does."""
    key = CHART_KEY.format(generations().current().token, get_language(), name)
    chart = page_cache().get(key)
    if chart is None:
        chart = draw()
        page_cache().set(key, chart, options()["TIMEOUT"])
    return chart


def connect_signals():
    for model in apps.get_app_config("guide").get_models():
        post_save.connect(content_changed, sender=model, dispatch_uid=f"pages-save-{model}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"pages-delete-{model}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed,
                sender=field.remote_field.through,
                dispatch_uid=f"pages-m2m-{model}-{field.name}",
            )


# The middleware ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredPage:
    generation: str
    expires: float
    last_modified: float
    etag: str
    status: int
    headers: tuple
    content: bytes


def is_visitor(request):
    """A visitor: no session cookie, so neither staff nor a preview."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def page_key(request):
    """One entry per address (scheme, host, path with its language prefix, query) and encoding."""
    encoding = "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "identity"
    address = request.build_absolute_uri()
    return PAGE_KEY.format(hashlib.sha256(f"{encoding} {address}".encode()).hexdigest())


def is_storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Cache-Control"):
        directives = response["Cache-Control"].lower()
        if any(word in directives for word in ("private", "no-store", "no-cache")):
            return False
    vary = {
        header.strip().lower() for header in response.get("Vary", "").split(",") if header.strip()
    }
    return vary <= {"accept-encoding"}


def freshness(response, lifetime, last_modified, etag):
    """Cache-Control for browsers and CDNs, the validators, and a conditional answer."""
    patch_cache_control(
        response,
        public=True,
        max_age=max(0, int(lifetime)),
        stale_while_revalidate=options()["STALE_WHILE_REVALIDATE"],
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)


class PublicPageCacheMiddleware:
    """Serves visitors' pages from the cache, stores what may be stored, and answers conditional
    requests; outermost, so a stored page skips the rest of the stack (its headers are kept)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies(request):
            response = self.get_response(request)
            if not is_visitor(request) and not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_store=True)
            return response
        try:
            key = page_key(request)
        except DisallowedHost:
            return self.get_response(request)
        cache = page_cache()
        store = generations()
        now = timezone.now()
        if isinstance(store, CacheGenerations):
            found = cache.get_many([GENERATION_KEY, key])
            generation = store.current(found.get(GENERATION_KEY))
            stored = found.get(key)
        else:
            generation = store.current()
            stored = cache.get(key)
        if (
            stored is not None
            and stored.generation == generation.token
            and stored.expires > now.timestamp()
        ):
            return self.from_store(request, stored, now)
        times = publication_times(generation, now)
        response = self.get_response(request)
        if request.method != "GET" or not is_storable(response):
            return response
        lifetime = options()["TIMEOUT"]
        if times.next is not None:
            lifetime = min(lifetime, times.next - now.timestamp())
        content = response.content
        etag = f'"{hashlib.sha256(content).hexdigest()[:32]}"'
        last_modified = max(generation.changed, times.latest)
        if lifetime >= 1:
            headers = tuple(
                (name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS
            )
            page = StoredPage(
                generation.token,
                now.timestamp() + lifetime,
                last_modified,
                etag,
                response.status_code,
                headers,
                content,
            )
            cache.set(key, page, int(lifetime))
        freshness(response, min(lifetime, options()["MAX_AGE"]), last_modified, etag)
        return get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )

    def applies(self, request):
        return (
            request.method in ("GET", "HEAD")
            and is_visitor(request)
            and request.path.startswith(tuple(options()["PREFIXES"]))
        )

    def from_store(self, request, stored, now):
        response = HttpResponse(stored.content, status=stored.status)
        for name, value in stored.headers:
            response[name] = value
        lifetime = min(stored.expires - now.timestamp(), options()["MAX_AGE"])
        freshness(response, lifetime, stored.last_modified, stored.etag)
        return get_conditional_response(
            request, etag=stored.etag, last_modified=int(stored.last_modified), response=response
        )


class ReusedClient(RedisCacheClient):
    """Django's Redis client makes a new ``redis.Redis`` for every call, which costs more than
    a cached page's round trip: keep one per connection pool (they are thread-safe)."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if id(pool) not in clients:
            clients[id(pool)] = self._client(connection_pool=pool)
        return clients[id(pool)]


class RedisCache(DjangoRedisCache):
    """The Redis cache backend of ``REDIS_URL`` (settings.py), with its client reused."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
