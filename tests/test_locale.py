"""The Chinese interface catalogue is complete and keeps every placeholder."""

import re
from pathlib import Path

import pytest
from django.utils import translation

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/zh_Hans/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{ ?[a-z_.]+ ?\}\}|\{[a-z_]*\}")


def entries():
    text = CATALOGUE.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        fields = {}
        current = None
        for line in block.splitlines():
            match = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" in fields:
            yield block, fields


def test_every_interface_string_is_translated():
    untranslated = [
        fields["msgid"]
        for block, fields in entries()
        if "#, fuzzy" in block
        or not any(value for key, value in fields.items() if key.startswith("msgstr"))
    ]
    assert untranslated == []


def test_translations_keep_their_placeholders():
    broken = []
    for _block, fields in entries():
        wanted = sorted(PLACEHOLDER.findall(fields["msgid"] + fields.get("msgid_plural", "")))
        for key, value in fields.items():
            if key.startswith("msgstr") and value:
                found = sorted(PLACEHOLDER.findall(value))
                if set(found) != set(wanted):
                    broken.append((fields["msgid"], value))
    assert broken == []


@pytest.mark.parametrize(
    ("english", "chinese"),
    [("Two Sessions Guide", "两会指南"), ("Search", "搜索")],
)
def test_compiled_catalogue_is_used(english, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese
