import os
import shutil

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

from guide.roles import EDITORS, TRANSLATORS

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Pages render without a collectstatic manifest (the gunicorn tests make one), and the
    staff fixtures' passwords are hashed quickly."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def content_generation_file(tmp_path_factory):
    """Each test process keeps its own content generation (guide/caching.py), apart from the
    site's and from the other processes', which hold other databases."""
    path = tmp_path_factory.mktemp("pages") / "content-generation.json"
    with override_settings(PAGE_CACHE_GENERATION_FILE=path):
        yield path


@pytest.fixture(autouse=True)
def empty_page_cache(content_generation_file):
    """Every test starts with no page cached, and the content generation as the demo content
    left it: a test's changes are rolled back, so the generation it moved to is forgotten."""
    saved = content_generation_file.read_bytes() if content_generation_file.exists() else None
    cache.clear()
    yield
    cache.clear()
    if saved is not None:
        restored = content_generation_file.with_suffix(".restored")
        restored.write_bytes(saved)
        os.replace(restored, content_generation_file)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the demo content loaded once."""
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


@pytest.fixture
def demo(transactional_db):
    """The demo content for tests that need committed data (the browser and live server)."""
    call_command("load_demo", verbosity=0)


def make_staff(username, group_name):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return make_staff("editor", EDITORS)


@pytest.fixture
def translator(db):
    return make_staff("translator", TRANSLATORS)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def translator_client(client, translator):
    client.force_login(translator)
    return client


@pytest.fixture(autouse=True)
def reset_language():
    """LocaleMiddleware leaves the last request's language active in the test thread."""
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; never a browser Playwright downloads."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium package is missing: bin/dev test installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
