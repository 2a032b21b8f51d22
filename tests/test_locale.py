"""The Chinese interface catalogue is complete and keeps every placeholder."""

import re
from pathlib import Path

import django
import polib
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


def djangos_catalogues(locale_name="zh_Hans"):
    """Django's own catalogues (its admin and contrib apps included), as installed."""
    root = Path(django.__file__).resolve().parent
    return sorted(root.glob(f"**/locale/{locale_name}/LC_MESSAGES/django.po"))


def djangos_translations():
    found = {}
    for path in djangos_catalogues():
        for entry in polib.pofile(str(path)):
            if entry.msgstr:
                found.setdefault((entry.msgctxt, entry.msgid), set()).add(entry.msgstr)
    return found


def test_our_strings_never_override_djangos_own():
    """Our catalogue comes first for every string: where our msgid is also one of Django's
    (“Change”, “History” on every admin page), ours must carry a context or say the same."""
    assert djangos_catalogues(), "Django's catalogues are missing from the environment"
    theirs = djangos_translations()
    clashes = [
        (entry.msgid, entry.msgstr, sorted(theirs[(entry.msgctxt, entry.msgid)]))
        for entry in polib.pofile(str(CATALOGUE))
        if (entry.msgctxt, entry.msgid) in theirs
        and entry.msgstr not in theirs[(entry.msgctxt, entry.msgid)]
    ]
    assert clashes == []


def test_the_admin_keeps_djangos_words():
    with translation.override("zh-hans"):
        assert translation.gettext("Change") == "修改"
        assert translation.gettext("History") == "历史"
        assert translation.pgettext("difference between two years", "Change") == "变化"


def test_words_that_django_uses_otherwise_explain_themselves_to_translators():
    theirs = {msgid for _context, msgid in djangos_translations()}
    unexplained = [
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(CATALOGUE))
        if entry.msgctxt and entry.msgid in theirs and "Translators:" not in entry.comment
    ]
    assert unexplained == []


def test_the_translators_guide_quotes_the_catalogue():
    """Every placeholder and example the guide shows is in the catalogue as shown."""
    guide = (CATALOGUE.parents[2] / "README.md").read_text(encoding="utf-8")
    catalogue = polib.pofile(str(CATALOGUE))
    texts = " ".join(entry.msgid + " " + entry.msgstr for entry in catalogue)
    quoted = re.findall(r"`([^`]*(?:%\(|\{\{)[^`]*)`", guide)
    assert quoted
    for example in quoted:
        assert example in texts, example
    translations = {entry.msgid: entry.msgstr for entry in catalogue}
    assert (
        translations["%(indicator)s in %(division)s: targets and results"]
        == "%(division)s%(indicator)s：目标与完成情况"
    )
