"""Every link on every page of the demo content leads somewhere, as a crawler would find."""

import re
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.staticfiles import finders

LINK = re.compile(r'(?:href|src)="([^"]+)"')
SKIPPED_PREFIXES = ("/admin/", "/media/")


def internal_links(html):
    for link in LINK.findall(html):
        link = link.replace("&amp;", "&")
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not link.startswith("/"):
            continue
        yield urldefrag(link).url


@pytest.mark.django_db
def test_every_link_resolves(client):
    start = ["/en/", "/zh-hans/", "/sitemap.xml", "/robots.txt"]
    seen, queue, broken, anchors = set(), list(start), [], {}
    while queue:
        url = queue.pop()
        if url in seen or url.startswith(SKIPPED_PREFIXES):
            continue
        seen.add(url)
        if url.startswith("/static/"):
            if not finders.find(url.removeprefix("/static/")):
                broken.append((url, 404))
            continue
        response = client.get(url, follow=True)
        if response.status_code != 200:
            broken.append((url, response.status_code))
            continue
        content_type = response.get("Content-Type", "")
        if "html" not in content_type:
            continue
        html = response.content.decode()
        anchors[url] = set(re.findall(r'id="([^"]+)"', html))
        queue.extend(link for link in internal_links(html) if link not in seen)
    assert broken == []
    # Both languages and every page kind were reached.
    assert len(seen) > 500
    for prefix in ("/en/sessions/", "/zh-hans/sessions/", "/en/indicators/", "/en/people/"):
        assert any(url.startswith(prefix) for url in seen), prefix


@pytest.mark.django_db
def test_in_page_links_point_at_existing_anchors(client):
    for url in ["/en/sessions/2024/national/reports/work-report/", "/zh-hans/glossary/"]:
        html = client.get(url).content.decode()
        ids = set(re.findall(r'id="([^"]+)"', html))
        fragments = {link[1:] for link in re.findall(r'href="(#[^"]+)"', html)}
        assert fragments <= ids, fragments - ids
