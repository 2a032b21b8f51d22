"""Chinese pages show no English interface text: every string of ours comes out translated."""

import re
from html import unescape
from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"
PAGES = [
    "/zh-hans/",
    "/zh-hans/years/",
    "/zh-hans/years/2020/",
    "/zh-hans/sessions/2020/chongqing/",
    "/zh-hans/sessions/2020/national/congress/",
    "/zh-hans/sessions/2024/national/reports/work-report/",
    "/zh-hans/sessions/2024/national/reports/work-report/targets/",
    "/zh-hans/sessions/2025/national/reports/work-report/changes/",
    "/zh-hans/divisions/",
    "/zh-hans/divisions/chongqing/",
    "/zh-hans/divisions/chongqing/indicators/grp-growth/",
    "/zh-hans/indicators/",
    "/zh-hans/indicators/grp-growth/2024/",
    "/zh-hans/people/",
    "/zh-hans/people/li-keqiang/",
    "/zh-hans/guide/",
    "/zh-hans/glossary/",
    "/zh-hans/search/?q=重庆",
    "/zh-hans/data/",
]
# Text that English readers' content legitimately puts on Chinese pages: quotes, source titles
# and publishers, the glossary's English terms, all marked lang="en" or inside a blockquote.
QUOTED = re.compile(
    r'<(blockquote|a)\b[^>]*>.*?</\1>|<[^>]+lang="en"[^>]*>.*?</[a-z]+>|<script.*?</script>'
    r"|<head>.*?</head>",
    re.S,
)


def english_interface_strings():
    """Our msgids that are words, not codes or placeholders."""
    msgids = re.findall(r'^msgid "(.+)"$', CATALOGUE.read_text(encoding="utf-8"), re.M)
    return {
        msgid
        for msgid in msgids
        if "%" not in msgid and re.search(r"[A-Za-z]{3,} [A-Za-z]{2,}", msgid)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_no_english_interface_text(client, path):
    response = client.get(path)
    assert response.status_code == 200
    visible = unescape(re.sub(r"<[^>]+>", " ", QUOTED.sub(" ", response.content.decode())))
    visible = " ".join(visible.split())
    leftovers = sorted(msgid for msgid in english_interface_strings() if msgid in visible)
    assert leftovers == []
