"""Translators' tools as translators use them: the status (command and page), stale marks from an
editor's change to the form that clears them, the English beside each translation, content in PO
files (export, round trip, conflicts, refused files), terminology, translated source titles, a
new language's migrations, and what the Translators group may do with all of it."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from guide.models import (
    Division,
    GlossaryTerm,
    Meeting,
    Session,
    Source,
    TermException,
    TranslationState,
)
from guide.translating.fields import column, missing, reader_fields, translated_models
from tests.conftest import PASSWORD
from tests.test_admin import admin_url, open_form, submit

ROOT = Path(__file__).resolve().parent.parent
STATUS_URL = "/admin/translations/"
EXPORT_URL = "/admin/translations/export/"
IMPORT_URL = "/admin/translations/import/"


def chongqing_2024():
    return Session.objects.get(division__slug="chongqing", year=2024)


def status(*args):
    """The command's output and exit status."""
    out = io.StringIO()
    try:
        call_command("translation_status", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode, str(error)
    return out.getvalue(), 0, ""


def edit_english(session, text):
    """An editor's change to the English, through save() as every change goes."""
    session.summary_en = text
    session.save()


def snapshot():
    """Every translated column of every object, and every translation state."""
    values = {}
    for model in translated_models():
        names = [
            column(field, language)
            for field in reader_fields(model)
            for language in ("en", "zh-hans")
        ]
        values[model] = sorted(model._default_manager.values_list("pk", *names))
    states = sorted(TranslationState.objects.values_list("pk", "source_text", "stale"))
    return values, states


def export(*args):
    out = io.StringIO()
    call_command("export_content_po", "--language", "zh-hans", *args, stdout=out)
    return polib.pofile(out.getvalue())


def import_file(tmp_path, catalogue, *args):
    path = tmp_path / "content.po"
    path.write_text(str(catalogue) if not isinstance(catalogue, str) else catalogue, "utf-8")
    out = io.StringIO()
    call_command("import_content_po", str(path), *args, stdout=out)
    return out.getvalue()


def entry(catalogue, msgctxt):
    return next(e for e in catalogue if e.msgctxt == msgctxt)


# Status ---------------------------------------------------------------------------------------


def translate_everything():
    """Complete content: every missing translation filled (as test data, not through save())."""
    for model in translated_models():
        for field in reader_fields(model):
            model._default_manager.filter(missing(field, "zh-hans")).update(
                **{column(field, "zh-hans"): F(column(field, "en"))}
            )


@pytest.mark.django_db
def test_status_of_complete_content_passes():
    translate_everything()

    output, code, _message = status()

    assert code == 0
    assert "Interface (django.po): " in output
    assert "guide.session.summary" in output
    assert "Content in all: " in output and " 0 missing, 0 stale" in output
    # A source's reliability note is read by editors only: never counted.
    assert "guide.source.reliability" not in output


@pytest.mark.django_db
def test_status_of_incomplete_content_fails_beyond_the_threshold():
    translate_everything()
    Session.objects.filter(pk=chongqing_2024().pk).update(summary_zh_hans="")
    Division.objects.filter(slug="beijing").update(short_name_zh_hans=None)

    output, code, message = status()

    assert code == 1
    assert "2 missing" in message
    row = next(line for line in output.splitlines() if "guide.session.summary" in line)
    assert row.split()[1:] == ["16", "15", "1", "0"]
    assert status("--max-missing", "2")[1] == 0
    assert status("--max-missing", "1")[1] == 1


@pytest.mark.django_db
def test_stale_translation_fails_the_status():
    translate_everything()
    edit_english(chongqing_2024(), "A new English summary.")

    output, code, message = status()

    assert code == 1 and "1 stale" in message
    row = next(line for line in output.splitlines() if "guide.session.summary" in line)
    assert row.split()[1:] == ["16", "15", "0", "1"]
    assert status("--max-stale", "1")[1] == 0


@pytest.mark.django_db
def test_status_page_links_each_count_to_the_filtered_change_list(
    translator_client, django_assert_max_num_queries
):
    session = chongqing_2024()
    edit_english(session, "A new English summary.")
    Meeting.objects.filter(pk=session.meetings.first().pk).update(summary_zh_hans="")

    response = translator_client.get(STATUS_URL)

    stale_link = admin_url(Session, "changelist") + "?translation_zh_hans=stale__summary"
    missing_link = admin_url(Meeting, "changelist") + "?translation_zh_hans=missing__summary"
    assertContains(response, f'<a href="{stale_link}">1</a>', html=True)
    assertContains(response, f'<a href="{missing_link}">1</a>', html=True)

    with django_assert_max_num_queries(20):
        changelist = translator_client.get(stale_link)
    assert [obj.pk for obj in changelist.context["cl"].result_list] == [session.pk]
    assertContains(changelist, "stale: summary")
    listed = translator_client.get(missing_link).context["cl"].result_list
    assert [meeting.pk for meeting in listed] == [session.meetings.first().pk]


# Stale marks ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editing_the_english_marks_the_translation_stale_and_readers_keep_it(client, editor_client):
    session = chongqing_2024()
    chinese = session.summary_zh_hans

    response = submit(editor_client, Session, session.pk, summary_en="A new English summary.")
    assertContains(response, "was changed successfully")

    state = TranslationState.objects.get(object_id=session.pk, field="summary")
    assert state.stale and state.language == "zh-hans"
    assert "Chongqing" in state.source_text
    page = client.get("/zh-hans/sessions/2024/chongqing/")
    assertContains(page, chinese)
    assertNotContains(page, "A new English summary.")


@pytest.mark.django_db
def test_a_stale_mark_costs_public_pages_no_query(client, django_assert_num_queries):
    url = "/zh-hans/sessions/2024/chongqing/"
    session = chongqing_2024()
    # Both requests follow a save, so both render afresh (the page cache starts over on a save).
    session.save()
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    edit_english(session, "A new English summary.")
    assert TranslationState.objects.stale().exists()

    with django_assert_num_queries(len(before.captured_queries)) as after:
        response = client.get(url)

    assertContains(response, session.summary_zh_hans)

    assert not any("translationstate" in q["sql"].lower() for q in after.captured_queries)


@pytest.mark.django_db
def test_changing_only_the_translation_marks_nothing(editor_client):
    submit(editor_client, Session, chongqing_2024().pk, summary_zh_hans="新的中文摘要。")
    assert not TranslationState.objects.stale().exists()


@pytest.mark.django_db
def test_english_changed_back_is_no_longer_stale():
    session = chongqing_2024()
    english = session.summary_en
    edit_english(session, "A new English summary.")
    edit_english(session, english)
    assert not TranslationState.objects.stale().exists()


@pytest.mark.django_db
def test_translator_sees_the_mark_and_what_changed_then_confirms(translator_client, translator):
    session = chongqing_2024()
    english = session.summary_en
    edit_english(session, english + " Turnout was high.")

    url, data = open_form(translator_client, Session, session.pk)
    page = translator_client.get(url)
    assertContains(page, "Stale:")
    assertContains(page, "<ins> Turnout was high.</ins>", html=False)
    assert "summary_zh_hans__still_correct" in page.content.decode()

    data["summary_zh_hans__still_correct"] = "on"
    assertContains(translator_client.post(url, data, follow=True), "was changed successfully")

    state = TranslationState.objects.get(object_id=session.pk, field="summary")
    assert not state.stale
    assert state.confirmed_at is not None and state.by == translator
    assert state.source_text == english + " Turnout was high."
    assertNotContains(translator_client.get(url), "Stale:")


@pytest.mark.django_db
def test_translator_updating_the_translation_clears_the_mark(translator_client):
    session = chongqing_2024()
    edit_english(session, "A new English summary.")

    submit(translator_client, Session, session.pk, summary_zh_hans="新的英文摘要的译文。")

    assert not TranslationState.objects.stale().exists()
    assert " 0 stale" in status()[0]


@pytest.mark.django_db
def test_stale_marks_of_inline_rows_show_on_the_parent_form(translator_client):
    session = chongqing_2024()
    meeting = session.meetings.order_by("pk").first()
    meeting.summary_en = "A rewritten meeting summary."
    meeting.save()

    url, data = open_form(translator_client, Session, session.pk)
    prefix = next(
        key.removesuffix("-id")
        for key, value in data.items()
        if key.startswith("meetings-") and key.endswith("-id") and value == str(meeting.pk)
    )
    assert f"{prefix}-summary_zh_hans__still_correct" in translator_client.get(url).content.decode()
    data[f"{prefix}-summary_zh_hans__still_correct"] = "on"
    translator_client.post(url, data)

    assert not TranslationState.objects.stale().exists()


@pytest.mark.django_db
def test_a_forged_confirmation_of_a_fresh_translation_does_nothing(translator_client):
    session = chongqing_2024()
    submit(translator_client, Session, session.pk, summary_zh_hans__still_correct="on")
    assert not TranslationState.objects.exists()


# Side by side ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_translator_form_shows_the_english_beside_the_chinese(translator_client):
    session = chongqing_2024()
    page = translator_client.get(admin_url(Session, "change", session.pk))

    assertContains(page, "English (source, read-only)")
    assertContains(page, 'class="translation-pair__text"')
    assertContains(page, "Chongqing&#x27;s 2024 Two Sessions opened")
    assertContains(page, 'name="summary_zh_hans"')
    assertNotContains(page, 'name="summary_en"')
    # No language tabs: the Chinese field is not one of modeltranslation's tabbed widgets.
    assertNotContains(page, "mt-field-summary-zh_hans")


@pytest.mark.django_db
def test_editor_form_keeps_both_languages_as_inputs(editor_client):
    page = editor_client.get(admin_url(Session, "change", chongqing_2024().pk))
    assertContains(page, 'name="summary_en"')
    assertNotContains(page, "English (source, read-only)")


# Content in PO files --------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_names_objects_by_stable_keys_and_marks_stale_ones_fuzzy():
    session = chongqing_2024()
    english = session.summary_en
    edit_english(session, "A new English summary.")

    catalogue = export()

    assert catalogue.metadata["Language"] == "zh_Hans"
    summary = entry(catalogue, "guide.session:2024/chongqing:summary")
    assert summary.msgid == "A new English summary."
    assert summary.msgstr == session.summary_zh_hans
    assert summary.fuzzy and summary.previous_msgid == english
    assert entry(catalogue, "guide.division:chongqing:name").msgstr == "重庆市"
    assert entry(catalogue, "guide.report:2024/national/work-report:title").msgid
    assert not any(e.msgctxt.endswith(":reliability") for e in catalogue)
    assert not any(f":{session.pk}:" in e.msgctxt for e in catalogue)
    assert [e.msgctxt for e in export("--only-stale")] == [summary.msgctxt]


@pytest.mark.django_db
def test_export_only_missing():
    Session.objects.filter(pk=chongqing_2024().pk).update(summary_zh_hans="")
    catalogue = export("--only-missing")
    contexts = {e.msgctxt for e in catalogue}
    assert "guide.session:2024/chongqing:summary" in contexts
    assert "guide.session:2023/chongqing:summary" not in contexts
    assert all(e.msgstr == "" for e in catalogue)


@pytest.mark.django_db
@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext's msgfmt is missing")
def test_msgfmt_accepts_the_exported_file(tmp_path):
    edit_english(chongqing_2024(), "A new English summary.\r\nOn two lines.")
    path = tmp_path / "content.po"
    export().save(str(path))

    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.django_db
def test_a_round_trip_changes_nothing(tmp_path):
    edit_english(chongqing_2024(), "A new English summary.")
    before = snapshot()

    output = import_file(tmp_path, export())

    assert "0 translations changed, 0 confirmed" in output
    assert snapshot() == before


@pytest.mark.django_db
def test_import_applies_changed_translations_through_save(tmp_path, translator):
    session = chongqing_2024()
    updated_at = session.updated_at
    catalogue = export()
    entry(catalogue, "guide.session:2024/chongqing:summary").msgstr = "离线翻译的摘要。"
    entry(catalogue, "guide.division:beijing:short_name").msgstr = "北京"  # unchanged

    output = import_file(tmp_path, catalogue, "--user", translator.username)

    assert "1 translations changed" in output
    session.refresh_from_db()
    assert session.summary_zh_hans == "离线翻译的摘要。"
    assert session.updated_at > updated_at
    state = TranslationState.objects.get(object_id=session.pk, field="summary")
    assert not state.stale and state.by == translator


@pytest.mark.django_db
def test_removing_the_fuzzy_mark_confirms_a_stale_translation(tmp_path):
    edit_english(chongqing_2024(), "A new English summary.")
    catalogue = export("--only-stale")
    catalogue[0].flags.remove("fuzzy")

    assert "0 translations changed, 1 confirmed" in import_file(tmp_path, catalogue)
    assert not TranslationState.objects.stale().exists()


@pytest.mark.django_db
def test_fuzzy_entries_are_left_alone(tmp_path):
    edit_english(chongqing_2024(), "A new English summary.")
    catalogue = export("--only-stale")
    catalogue[0].msgstr = "仍需审核的译文。"

    output = import_file(tmp_path, catalogue)

    assert "1 entries still marked fuzzy were left alone" in output
    assert chongqing_2024().summary_zh_hans != "仍需审核的译文。"


@pytest.mark.django_db
def test_entries_whose_english_changed_since_the_export_are_reported_and_left_alone(tmp_path):
    session = chongqing_2024()
    catalogue = export()
    entry(catalogue, "guide.session:2024/chongqing:summary").msgstr = "基于旧英文的译文。"
    entry(catalogue, "guide.division:beijing:short_name").msgstr = "京"
    edit_english(session, "The English changed meanwhile.")

    output = import_file(tmp_path, catalogue)

    assert "1 translations changed" in output
    assert "their English changed since the export" in output
    assert "guide.session:2024/chongqing:summary" in output
    session.refresh_from_db()
    assert session.summary_zh_hans != "基于旧英文的译文。"
    assert Division.objects.get(slug="beijing").short_name_zh_hans == "京"


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda text: text.replace('msgstr "重庆市"', 'msgstr "重庆市'), "not a valid PO file"),
        (lambda text: text.replace("Language: zh_Hans", "Language: fr"), "is for “fr"),
        (
            lambda text: text.replace(
                "guide.division:chongqing:name", "guide.division:chongqing:slug"
            ),
            "names no translated field",
        ),
        (
            lambda text: text.replace("guide.division:chongqing:name", "auth.user:admin:password"),
            "names no translated field",
        ),
        (lambda text: text.encode("utf-16"), "not a UTF-8 text file"),
    ],
    ids=["syntax", "language", "untranslated-field", "other-model", "encoding"],
)
@pytest.mark.django_db
def test_a_bad_file_changes_nothing_at_all(tmp_path, mangle, message):
    catalogue = export()
    entry(catalogue, "guide.session:2024/chongqing:summary").msgstr = "本应写入的译文。"
    text = str(catalogue).replace("\nmsgid", "\nmsgid", 1)
    before = snapshot()
    path = tmp_path / "content.po"
    data = mangle(text)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    with pytest.raises(CommandError, match="Nothing was changed") as error:
        call_command("import_content_po", str(path))

    assert message in str(error.value)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_file_for_another_language_than_asked_is_refused(tmp_path):
    path = tmp_path / "content.po"
    export().save(str(path))
    text = path.read_text("utf-8").replace("X-Two-Sessions-Content: zh-hans", "X-Other: x")
    path.write_text(text.replace("Language: zh_Hans", "Language: de"), "utf-8")
    with pytest.raises(CommandError, match="is for “de”"):
        call_command("import_content_po", str(path), "--language", "zh-hans")


@pytest.mark.django_db
def test_a_translation_too_long_for_its_field_changes_nothing(tmp_path):
    catalogue = export()
    entry(catalogue, "guide.session:2024/chongqing:summary").msgstr = "新的摘要。"
    entry(catalogue, "guide.division:chongqing:short_name").msgstr = "重" * 51
    before = snapshot()
    with pytest.raises(CommandError, match="at most 50 characters"):
        import_file(tmp_path, catalogue)
    assert snapshot() == before


# Terminology ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_translation_without_the_glossary_term_is_flagged_until_marked(translator_client):
    session = chongqing_2024()
    Session.objects.filter(pk=session.pk).update(
        summary_en="Chongqing's Two Sessions opened in January.",
        summary_zh_hans="重庆的两次会议于一月开幕。",
    )
    output = status()[0]
    assert "guide.session:2024/chongqing:summary: “Two Sessions” without 两会" in output
    assertContains(translator_client.get(STATUS_URL), "“Two Sessions”")

    url, data = open_form(translator_client, Session, session.pk)
    page = translator_client.get(url)
    assertContains(page, "Terminology:")
    assertContains(page, '<span lang="zh-Hans">两会</span>', html=True)
    data["summary_zh_hans__keep_terms"] = "on"
    translator_client.post(url, data)

    term = GlossaryTerm.objects.get(characters="两会")
    assert TermException.objects.filter(term=term, object_id=session.pk, field="summary").exists()
    assert "without 两会" not in status()[0]
    assertNotContains(translator_client.get(url), "summary_zh_hans__keep_terms")


@pytest.mark.django_db
def test_the_glossarys_short_forms_and_longer_names_are_not_flagged():
    from guide.translating.terms import Termbase

    termbase = Termbase()
    flagged = termbase.flags(
        "The 2nd Session of the 14th National People's Congress met at the "
        "Chongqing Great Hall of the People.",
        "十四届全国人大二次会议在重庆市人民大礼堂举行。",
    )
    assert flagged == []
    assert [term.characters for term in termbase.flags("The CPPCC met.", "全国委员会开会。")] == [
        "中国人民政治协商会议"
    ]


# Sources' titles ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_chinese_pages_show_sources_chinese_titles(client):
    page = client.get("/zh-hans/sessions/2020/chongqing/congress/")
    assertContains(page, "市五届人大三次会议闭幕（转载自重庆日报）")
    assertNotContains(page, "repost of")
    english = client.get("/en/sessions/2020/chongqing/congress/")
    assertContains(english, "市五届人大三次会议闭幕 (repost of 重庆日报)")


@pytest.mark.django_db
def test_a_source_title_without_translation_is_shown_in_english_marked_as_such(client):
    Source.objects.filter(key="P_cgtn_2019").update(title_zh_hans="")
    page = client.get("/zh-hans/sessions/2019/national/congress/")
    assertContains(page, 'lang="en">Highlights of 2019 government work report')


# Adding a language ----------------------------------------------------------------------------


def test_adding_a_language_only_adds_empty_columns(tmp_path):
    (tmp_path / "with_french.py").write_text(
        "from twosessions.settings import *  # noqa: F403\n"
        "LANGUAGES = [*LANGUAGES, ('fr', 'French')]  # noqa: F405\n"
        "MODELTRANSLATION_LANGUAGES = (*MODELTRANSLATION_LANGUAGES, 'fr')  # noqa: F405\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "with_french",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "TWOSESSIONS_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "guide", "--dry-run", "-v", "3"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    operations = [
        line.strip()
        for line in result.stdout.splitlines()
        if line.strip().startswith("migrations.") and "Migration" not in line
    ]
    added = [line for line in operations if line.startswith("migrations.AddField(")]
    assert operations and added == operations, operations
    fields = [line for line in result.stdout.splitlines() if line.strip().startswith("name=")]
    assert fields and all(line.strip().endswith("_fr',") for line in fields), fields
    definitions = [line for line in result.stdout.splitlines() if line.strip().startswith("field=")]
    assert len(definitions) == len(fields)
    # Nullable without a default: existing rows get an empty column, no value is computed.
    assert all("null=True" in line and "default=" not in line for line in definitions)


# What translators may do ----------------------------------------------------------------------


@pytest.fixture
def staff_client(client, db):
    user = User.objects.create_user("staff", "staff@example.org", PASSWORD, is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def session_translator_client(client, db):
    """A translator of sessions only."""
    user = User.objects.create_user("sessions", "s@example.org", PASSWORD, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["translate_session", "view_session"])
    )
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_translators_have_the_status_page_downloads_and_upload(translator_client):
    index = translator_client.get(reverse("admin:index"))
    assertContains(index, f'href="{STATUS_URL}"')
    assertContains(translator_client.get(STATUS_URL), "Translation status")
    download = translator_client.get(EXPORT_URL, {"language": "zh-hans", "only": "missing"})
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="content-zh-hans')


@pytest.mark.django_db
def test_translator_uploads_a_po_file(translator_client, translator):
    catalogue = export()
    entry(catalogue, "guide.session:2024/chongqing:summary").msgstr = "上传的译文。"
    upload = io.BytesIO(str(catalogue).encode("utf-8"))
    upload.name = "content.po"

    response = translator_client.post(IMPORT_URL, {"language": "zh-hans", "file": upload})

    assertContains(response, "1 translations changed")
    assert chongqing_2024().summary_zh_hans == "上传的译文。"


@pytest.mark.django_db
def test_an_upload_for_another_language_than_chosen_changes_nothing(translator_client):
    text = str(export()).replace("Language: zh_Hans", "Language: fr")
    text = text.replace("X-Two-Sessions-Content: zh-hans", "X-Two-Sessions-Content: fr")
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = "content.po"
    before = snapshot()

    response = translator_client.post(IMPORT_URL, {"language": "zh-hans", "file": upload})

    assertContains(response, "Nothing was changed")
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url"), [("get", STATUS_URL), ("get", EXPORT_URL)])
def test_staff_without_a_translating_role_are_refused(staff_client, method, url):
    response = getattr(staff_client, method)(url, {"language": "zh-hans"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_staff_without_a_translating_role_cannot_upload(staff_client):
    upload = io.BytesIO(str(export()).encode("utf-8"))
    upload.name = "content.po"
    response = staff_client.post(IMPORT_URL, {"language": "zh-hans", "file": upload})
    assert response.status_code == 403


@pytest.mark.django_db
def test_visitors_are_sent_to_the_login(client):
    for url in (STATUS_URL, EXPORT_URL):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_translators_upload_by_post_only(translator_client):
    assert translator_client.get(IMPORT_URL).status_code == 405


@pytest.mark.django_db
def test_a_translator_of_sessions_downloads_and_uploads_sessions_only(session_translator_client):
    download = session_translator_client.get(EXPORT_URL, {"language": "zh-hans"})
    catalogue = polib.pofile(download.content.decode())
    assert {e.msgctxt.split(":")[0] for e in catalogue} == {"guide.session"}

    forged = export()
    entry(forged, "guide.session:2024/chongqing:summary").msgstr = "允许的译文。"
    entry(forged, "guide.division:chongqing:name").msgstr = "伪造的名称"
    upload = io.BytesIO(str(forged).encode("utf-8"))
    upload.name = "content.po"
    before = snapshot()

    response = session_translator_client.post(IMPORT_URL, {"language": "zh-hans", "file": upload})

    assertContains(response, "You may not translate divisions.")
    assert snapshot() == before


@pytest.mark.django_db
def test_the_import_command_refuses_what_the_user_may_not_translate(tmp_path):
    user = User.objects.create_user("sessions", "s@example.org", PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="translate_session"))
    catalogue = export()
    entry(catalogue, "guide.division:chongqing:name").msgstr = "伪造的名称"
    with pytest.raises(CommandError, match="You may not translate divisions"):
        import_file(tmp_path, catalogue, "--user", "sessions")
    assert Division.objects.get(slug="chongqing").name_zh_hans == "重庆市"
