"""The admin as editors and translators use it, driven through the test client.

Forms are filled in the way a browser would: the rendered change form is parsed
into the data it would submit, a few fields are changed, and the whole form is
posted back, inline management forms included.
"""

import io
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains

from guide.models import (
    Body,
    Citation,
    Division,
    Explainer,
    Figure,
    GlossaryTerm,
    Meeting,
    Person,
    Report,
    ReportImage,
    Session,
    Source,
    Status,
    Task,
    Term,
)
from guide.roles import EDITORS, TRANSLATORS

GUIDE_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "guide"),
    key=lambda model: model.__name__,
)
MODEL_IDS = [model.__name__ for model in GUIDE_MODELS]
PUBLISHABLE = [Session, Person, Report, Figure, GlossaryTerm, Explainer]
MAX_CHANGELIST_QUERIES = 20


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), "#c8102e").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def report_image(media_root):
    """The demo content has no report images; the admin pages need one."""
    return ReportImage.objects.create(
        report=Report.objects.first(),
        image=png("chart.png"),
        alt_text_en="A bar chart of growth targets",
        alt_text_zh_hans="增长目标柱状图",
    )


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def demo_object(model):
    obj = model._default_manager.first()
    assert obj is not None, f"the demo content has no {model.__name__}"
    return obj


class FormReader(HTMLParser):
    """What a browser would submit for the form with the given id, before anyone touches it."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.pairs = []
        self.select = None
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.pairs.append((name, attrs.get("value") or "on"))
                return
            self.pairs.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
            self.select["options"].append(self.option)
        elif tag == "textarea" and name:
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [option for option in options if option["selected"]]
            if not chosen and options and not self.select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.pairs.append((self.select["name"], value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # Browsers drop the newline that follows <textarea>.
            text = self.textarea["text"].removeprefix("\r\n").removeprefix("\n")
            self.pairs.append((self.textarea["name"], text))
            self.textarea = None


def form_data(response, form_id):
    reader = FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.pairs, f"no form #{form_id} on the page"
    data = {}
    for name, value in reader.pairs:
        if "__prefix__" in name or name == "csrfmiddlewaretoken":
            continue
        data.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def open_form(client, model, *args):
    """GET the add (no args) or change page and the data its form would submit as it stands."""
    url = admin_url(model, "change", *args) if args else admin_url(model, "add")
    response = client.get(url)
    assert response.status_code == 200
    return url, form_data(response, f"{model._meta.model_name}_form")


def submit(client, model, *args, **changes):
    url, data = open_form(client, model, *args)
    data.update(changes)
    return client.post(url, data, follow=True)


def add_inline_row(data, prefix, **fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})


def inline_index(data, prefix, pk):
    for key, value in data.items():
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == str(pk):
            return int(key.split("-")[-2])
    raise AssertionError(f"no {prefix} row for {pk}")


def draft_of(model):
    """A publishable object, returned to draft; figures need a source to be published."""
    objects = model.objects.filter(source__isnull=False) if model is Figure else model.objects
    obj = objects.order_by("pk").first()
    model.objects.filter(pk=obj.pk).update(status=Status.DRAFT)
    obj.refresh_from_db()
    return obj


def chongqing_session(year):
    return Session.objects.get(division__slug="chongqing", year=year)


def run_action(client, model, action, *objects, **extra):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [str(obj.pk) for obj in objects], **extra},
        follow=True,
    )


# Editors: every page of every model ---------------------------------------------------------


@pytest.mark.parametrize("model", GUIDE_MODELS, ids=MODEL_IDS)
def test_editor_changelist_loads_with_bounded_queries(
    editor_client, report_image, model, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES):
        response = editor_client.get(admin_url(model, "changelist"))
    assertContains(response, admin_url(model, "change", demo_object(model).pk))


@pytest.mark.parametrize("model", GUIDE_MODELS, ids=MODEL_IDS)
def test_editor_add_and_change_pages_load(editor_client, report_image, model):
    assertContains(editor_client.get(admin_url(model, "add")), "Save and add another")
    obj = demo_object(model)
    response = editor_client.get(admin_url(model, "change", obj.pk))
    assertContains(response, "Save and continue editing")
    assertContains(response, admin_url(model, "delete", obj.pk))


@pytest.mark.parametrize("model", GUIDE_MODELS, ids=MODEL_IDS)
@pytest.mark.parametrize("query", ["重庆", "Chongqing"])
def test_editor_searches_every_changelist(
    editor_client, report_image, model, query, django_assert_max_num_queries
):
    if not admin.site._registry[model].search_fields:
        pytest.skip(f"{model.__name__} has no search box")
    with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES):
        response = editor_client.get(admin_url(model, "changelist"), {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["重庆", "Chongqing"])
def test_search_finds_sessions_of_the_division_only(editor_client, query):
    response = editor_client.get(admin_url(Session, "changelist"), {"q": query})
    sessions = list(response.context["cl"].result_list)
    assert sessions
    assert {session.division.slug for session in sessions} == {"chongqing"}


def test_search_matches_pinyin_without_tone_marks(editor_client):
    response = editor_client.get(admin_url(GlossaryTerm, "changelist"), {"q": "renda"})
    assertContains(
        response, admin_url(GlossaryTerm, "change", GlossaryTerm.objects.get(characters="人大").pk)
    )


@pytest.mark.parametrize("model", [m for m in GUIDE_MODELS if admin.site._registry[m].list_filter])
def test_editor_applies_every_list_filter(
    editor_client, report_image, model, django_assert_max_num_queries
):
    url = admin_url(model, "changelist")
    changelist = editor_client.get(url).context["cl"]
    assert changelist.filter_specs
    for spec in changelist.filter_specs:
        choice = next(choice for choice in spec.choices(changelist) if not choice["selected"])
        with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES):
            response = editor_client.get(url + choice["query_string"])
        # An unknown lookup would redirect to ?e=1 instead.
        assert response.status_code == 200, (spec.title, choice["query_string"])
        assert response.context["cl"].has_active_filters


def test_editors_cannot_manage_users(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


# Editors: adding, changing, publishing, deleting --------------------------------------------


def test_editor_adds_a_session_with_its_meeting(editor_client):
    congress = Body.objects.get(division__slug="chongqing", kind=Body.Kind.CONGRESS)
    url, data = open_form(editor_client, Session)
    data.update(
        division=str(congress.division_id),
        year="2018",
        summary_en="The first sessions of the new terms.",
        summary_zh_hans="新一届的首次会议。",
    )
    add_inline_row(
        data,
        "meetings",
        body=str(congress.pk),
        term=str(Term.objects.get(body=congress, number=5).pk),
        session_number="1",
        name_en="1st Session of the 5th Chongqing Municipal People's Congress",
        name_zh_hans="重庆市第五届人民代表大会第一次会议",
        opening_date="2018-01-24",
        opening_certainty="verified",
        closing_certainty="unknown",
    )

    response = editor_client.post(url, data, follow=True)

    assertContains(response, "was added successfully")
    session = chongqing_session(2018)
    assert session.status == Status.DRAFT
    assert session.summary_zh_hans == "新一届的首次会议。"
    meeting = session.meetings.get()
    assert meeting.body == congress
    assert meeting.name_zh_hans == "重庆市第五届人民代表大会第一次会议"


def test_editor_changes_the_chinese_summary(editor_client):
    session = chongqing_session(2024)
    english = session.summary_en

    response = submit(editor_client, Session, session.pk, summary_zh_hans="修改后的中文摘要。")

    assertContains(response, "was changed successfully")
    session.refresh_from_db()
    assert session.summary_zh_hans == "修改后的中文摘要。"
    assert session.summary_en == english


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda model: model.__name__)
def test_editor_publishes_a_draft_with_the_action(editor_client, model):
    draft = draft_of(model)

    response = run_action(editor_client, model, "publish_selected", draft)

    assertContains(response, "1 item published.")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_editor_returns_a_session_to_draft(editor_client):
    session = chongqing_session(2024)
    response = run_action(editor_client, Session, "unpublish_selected", session)
    assertContains(response, "1 item returned to draft.")
    session.refresh_from_db()
    assert session.status == Status.DRAFT


def test_editor_edits_both_languages_of_a_citation_note(editor_client):
    citation = Citation.objects.exclude(note_zh_hans="").order_by("pk").first()
    assert citation.content_type.model_class() is Meeting
    url, data = open_form(editor_client, Meeting, citation.object_id)
    prefix = "guide-citation-content_type-object_id"
    row = inline_index(data, prefix, citation.pk)
    assert data[f"{prefix}-{row}-note_en"] == citation.note_en
    data[f"{prefix}-{row}-note_zh_hans"] = "开幕日期（已核实）"

    assertContains(editor_client.post(url, data, follow=True), "was changed successfully")
    citation.refresh_from_db()
    assert citation.note_zh_hans == "开幕日期（已核实）"


def test_editor_deletes_an_unprotected_object(editor_client):
    task = Task.objects.order_by("pk").first()
    url = admin_url(Task, "delete", task.pk)
    assertContains(editor_client.get(url), "Are you sure you want to delete")

    response = editor_client.post(url, {"post": "yes"}, follow=True)

    assertContains(response, "was deleted successfully")
    assert not Task.objects.filter(pk=task.pk).exists()


# Constraints are messages on the form, never a server error ---------------------------------


def test_second_session_for_a_division_and_year_is_refused(editor_client):
    before = Session.objects.count()
    response = submit(
        editor_client,
        Session,
        division=str(Division.objects.get(slug="chongqing").pk),
        year="2024",
    )
    assertContains(response, "This division already has a session in this year.")
    assert Session.objects.count() == before


def test_meeting_closing_before_opening_is_refused(editor_client):
    meeting = chongqing_session(2024).meetings.order_by("pk").first()
    response = submit(
        editor_client,
        Meeting,
        meeting.pk,
        opening_date="2024-01-21",
        opening_certainty="verified",
        closing_date="2024-01-19",
        closing_certainty="verified",
    )
    assertContains(response, "The closing date cannot be before the opening date.")
    assert Meeting.objects.get(pk=meeting.pk).closing_date == meeting.closing_date


def test_meeting_closing_before_opening_is_refused_in_the_session_inline(editor_client):
    session = chongqing_session(2024)
    meeting = session.meetings.order_by("pk").first()
    url, data = open_form(editor_client, Session, session.pk)
    row = inline_index(data, "meetings", meeting.pk)
    data[f"meetings-{row}-closing_date"] = "2024-01-01"
    data[f"meetings-{row}-closing_certainty"] = "verified"

    response = editor_client.post(url, data)

    assertContains(response, "The closing date cannot be before the opening date.")
    assert Meeting.objects.get(pk=meeting.pk).closing_date == meeting.closing_date


def test_duplicate_meeting_body_in_the_session_inline_is_refused(editor_client):
    session = chongqing_session(2024)
    meeting = session.meetings.order_by("pk").first()
    url, data = open_form(editor_client, Session, session.pk)
    add_inline_row(
        data,
        "meetings",
        body=str(meeting.body_id),
        term=str(meeting.term_id),
        session_number="3",
        name_en="A second meeting of the same congress",
        name_zh_hans="同一人大的第二次会议",
        opening_certainty="unknown",
        closing_certainty="unknown",
    )

    response = editor_client.post(url, data)

    assertContains(response, "This body already has a meeting in this session.")
    assert session.meetings.count() == 2


def figure_with_value():
    return Figure.objects.filter(value__isnull=False, value_high__isnull=True).order_by("pk")[0]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"qualifier": "range", "value": "6", "value_high": "5"},
            "The upper value cannot be below the value.",
        ),
        (
            {"qualifier": "range", "value": "6", "value_high": ""},
            "A range needs an upper value, and only a range has one.",
        ),
        (
            {"qualifier": "around", "value": "", "value_high": ""},
            "Give a value, unless the qualifier is",
        ),
    ],
    ids=["upper-below-value", "range-without-upper", "missing-value"],
)
def test_inconsistent_figure_values_are_refused(editor_client, changes, message):
    figure = figure_with_value()
    before = (figure.qualifier, figure.value, figure.value_high)

    response = submit(editor_client, Figure, figure.pk, **changes)

    assertContains(response, message)
    figure.refresh_from_db()
    assert (figure.qualifier, figure.value, figure.value_high) == before


def test_figure_without_source_cannot_be_published_on_its_form(editor_client):
    figure = draft_of(Figure)
    response = submit(editor_client, Figure, figure.pk, source="", status="published")
    assertContains(response, "A figure needs a source before it can be published.")
    figure.refresh_from_db()
    assert figure.source_id is not None


def test_figure_without_source_cannot_be_published_with_the_action(editor_client):
    sourced = Figure.objects.filter(source__isnull=False, status=Status.DRAFT).first()
    unsourced = Figure.objects.filter(source__isnull=True, status=Status.DRAFT).first()
    assert sourced and unsourced

    response = run_action(editor_client, Figure, "publish_selected", sourced, unsourced)

    assertContains(response, "A figure needs a source before it can be published.")
    assertContains(response, "1 item published.")
    unsourced.refresh_from_db()
    sourced.refresh_from_db()
    assert unsourced.status == Status.DRAFT
    assert sourced.status == Status.PUBLISHED


# Deleting what other content needs is refused ------------------------------------------------


@pytest.mark.parametrize(
    ("model", "lookup"),
    [
        (Division, {"slug": "chongqing"}),
        (Source, {"citations__isnull": False}),
        (Person, {"reports__isnull": False}),
        (Body, {"meetings__isnull": False}),
    ],
    ids=["division", "source", "person", "body"],
)
def test_deleting_referenced_content_is_refused(editor_client, model, lookup):
    obj = model.objects.filter(**lookup).distinct().order_by("pk").first()
    url = admin_url(model, "delete", obj.pk)

    assertContains(editor_client.get(url), "would require deleting the following protected")
    response = editor_client.post(url, {"post": "yes"})

    assertContains(response, f"Cannot delete {model._meta.verbose_name}")
    assert model.objects.filter(pk=obj.pk).exists()


def test_deleting_referenced_content_in_bulk_is_refused(editor_client):
    division = Division.objects.get(slug="chongqing")
    response = editor_client.post(
        admin_url(Division, "changelist"),
        {"action": "delete_selected", "_selected_action": [str(division.pk)], "post": "yes"},
        follow=True,
    )
    assertContains(response, "Cannot delete division")
    assert Division.objects.filter(pk=division.pk).exists()


# Translators ----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", GUIDE_MODELS, ids=MODEL_IDS)
def test_translator_reads_every_model_but_cannot_add_or_delete(
    translator_client, report_image, model
):
    obj = demo_object(model)
    changelist = translator_client.get(admin_url(model, "changelist"))
    assertContains(changelist, admin_url(model, "change", obj.pk))
    assertNotContains(changelist, admin_url(model, "add"))
    assertNotContains(
        translator_client.get(admin_url(model, "change", obj.pk)),
        admin_url(model, "delete", obj.pk),
    )
    assert translator_client.get(admin_url(model, "add")).status_code == 403
    assert translator_client.get(admin_url(model, "delete", obj.pk)).status_code == 403


def test_translator_sees_only_translated_fields_as_inputs(translator_client):
    response = translator_client.get(admin_url(Session, "change", chongqing_session(2024).pk))
    assertContains(response, 'name="summary_zh_hans"')
    assertContains(response, 'name="meetings-0-summary_zh_hans"')
    for name in ("year", "division", "state", "status", "published_at_0", "meetings-0-body"):
        assertNotContains(response, f'name="{name}"')


def test_translator_changes_the_chinese_summary(translator_client):
    session = chongqing_session(2024)
    response = submit(translator_client, Session, session.pk, summary_zh_hans="译者修改的摘要。")
    assertContains(response, "was changed successfully")
    session.refresh_from_db()
    assert session.summary_zh_hans == "译者修改的摘要。"


def test_translator_cannot_forge_untranslated_fields(translator_client):
    session = chongqing_session(2024)
    Session.objects.filter(pk=session.pk).update(status=Status.DRAFT)
    session.refresh_from_db()
    before = (session.division_id, session.year, session.state, session.published_at)

    response = submit(
        translator_client,
        Session,
        session.pk,
        summary_zh_hans="译者修改的摘要。",
        division=str(Division.objects.get(slug="beijing").pk),
        year="1999",
        state="postponed",
        status="published",
        published_at_0="2020-01-01",
        published_at_1="00:00:00",
    )

    assertContains(response, "was changed successfully")
    session.refresh_from_db()
    assert session.summary_zh_hans == "译者修改的摘要。"
    assert (session.division_id, session.year, session.state, session.published_at) == before
    assert session.status == Status.DRAFT


@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda model: model.__name__)
def test_translator_cannot_publish_with_the_action(translator_client, model):
    draft = draft_of(model)

    assertNotContains(translator_client.get(admin_url(model, "changelist")), "publish_selected")
    run_action(translator_client, model, "publish_selected", draft)

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_translator_cannot_forge_an_add(translator_client):
    data = {
        "division": str(Division.objects.get(slug="tianjin").pk),
        "year": "2024",
        "state": "held",
        "summary_zh_hans": "伪造的会议",
        "status": "published",
        "published_at_0": "2024-01-01",
        "published_at_1": "00:00:00",
    }
    for prefix in ("meetings", "guide-citation-content_type-object_id"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    before = Session.objects.count()

    response = translator_client.post(admin_url(Session, "add"), data)

    assert response.status_code == 403
    assert Session.objects.count() == before


def test_translator_cannot_forge_an_inline_row(translator_client):
    session = chongqing_session(2024)
    meeting = session.meetings.order_by("pk").first()
    before = Meeting.objects.count()
    url, data = open_form(translator_client, Session, session.pk)
    add_inline_row(
        data,
        "meetings",
        body=str(meeting.body_id),
        term=str(meeting.term_id),
        session_number="3",
        name_en="A forged meeting",
        name_zh_hans="伪造的会议",
        opening_certainty="unknown",
        closing_certainty="unknown",
    )

    response = translator_client.post(url, data)

    assert response.status_code in (200, 302)
    assert Meeting.objects.count() == before
    assert not Meeting.objects.filter(name_en="A forged meeting").exists()


def test_translator_cannot_delete_an_inline_row(translator_client):
    session = chongqing_session(2024)
    meeting = session.meetings.order_by("pk").first()
    url, data = open_form(translator_client, Session, session.pk)
    data[f"meetings-{inline_index(data, 'meetings', meeting.pk)}-DELETE"] = "on"

    response = translator_client.post(url, data)

    assert response.status_code in (200, 302)
    assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_translator_edits_a_meeting_summary_in_the_session_inline(translator_client):
    session = chongqing_session(2024)
    meeting = session.meetings.order_by("pk").first()
    url, data = open_form(translator_client, Session, session.pk)
    data[f"meetings-{inline_index(data, 'meetings', meeting.pk)}-summary_zh_hans"] = "会议摘要。"

    assertContains(translator_client.post(url, data, follow=True), "was changed successfully")
    meeting.refresh_from_db()
    assert meeting.summary_zh_hans == "会议摘要。"


def test_translator_edits_a_task_title_in_the_report_inline(translator_client):
    task = Task.objects.order_by("pk").first()
    order = task.order
    url, data = open_form(translator_client, Report, task.report_id)
    row = inline_index(data, "tasks", task.pk)
    data[f"tasks-{row}-title_zh_hans"] = "新的任务标题"
    data[f"tasks-{row}-order"] = str(order + 50)

    assertContains(translator_client.post(url, data, follow=True), "was changed successfully")
    task.refresh_from_db()
    assert task.title_zh_hans == "新的任务标题"
    assert task.order == order


# Groups ---------------------------------------------------------------------------------------


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_editors_hold_every_content_permission(db):
    editors = codenames(EDITORS)
    for model in GUIDE_MODELS:
        name = model._meta.model_name
        assert {f"add_{name}", f"change_{name}", f"delete_{name}", f"view_{name}"} <= editors
    assert {f"publish_{model._meta.model_name}" for model in PUBLISHABLE} <= editors
    assert "translate_session" not in editors


def test_translators_only_view_and_translate(db):
    translators = codenames(TRANSLATORS)
    assert {"translate_session", "view_session", "translate_task", "view_division"} <= translators
    assert {f"view_{model._meta.model_name}" for model in GUIDE_MODELS} <= translators
    assert all(codename.startswith(("view_", "translate_")) for codename in translators)


# Assets ---------------------------------------------------------------------------------------


class AssetReader(HTMLParser):
    """Every src and href; scripts; and what the page loads (scripts, images, stylesheets)."""

    def __init__(self):
        super().__init__()
        self.urls = []
        self.scripts = []
        self.assets = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.urls += [attrs[name] for name in ("src", "href") if attrs.get(name)]
        if attrs.get("src"):
            self.assets.append(attrs["src"])
            if tag == "script":
                self.scripts.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.assets.append(attrs["href"])


def test_admin_pages_load_no_asset_from_another_host(editor_client):
    response = editor_client.get(admin_url(Session, "change", chongqing_session(2024).pk))
    reader = AssetReader()
    reader.feed(response.content.decode())

    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in reader.scripts
    for url in reader.urls:
        assert not any(part in url for part in ("googleapis", "//ajax", "cdn")), url
    for url in reader.assets:
        assert url.startswith("/") and not url.startswith("//"), url


# Images -------------------------------------------------------------------------------------


def test_editor_uploads_a_photo_and_sees_its_thumbnail(editor_client, media_root):
    person = Person.objects.get(slug="li-qiang")

    response = submit(
        editor_client,
        Person,
        person.pk,
        photo=png(),
        photo_alt_en="Li Qiang at the lectern",
        photo_alt_zh_hans="李强在讲台上",
    )

    assertContains(response, "was changed successfully")
    change_page = editor_client.get(admin_url(Person, "change", person.pk))
    assertContains(change_page, 'class="guide-thumbnail"')
    assertContains(change_page, 'alt="Li Qiang at the lectern"')
    changelist = editor_client.get(admin_url(Person, "changelist"))
    assertContains(changelist, 'class="guide-thumbnail"')


def test_photo_without_description_is_refused(editor_client, media_root):
    person = Person.objects.get(slug="li-qiang")

    response = submit(editor_client, Person, person.pk, photo=png())

    assertContains(response, "A photo needs a description.")
    person.refresh_from_db()
    assert not person.photo


def test_report_image_shows_its_thumbnail(editor_client, report_image):
    response = editor_client.get(admin_url(ReportImage, "change", report_image.pk))
    assertContains(response, 'class="guide-thumbnail"')
    assertContains(response, 'alt="A bar chart of growth targets"')


def test_translator_cannot_remove_the_description_of_a_photo(translator_client, media_root):
    person = Person.objects.get(slug="li-qiang")
    person.photo = png()
    person.photo_alt_en = "Li Qiang at the lectern"
    person.save()

    response = submit(translator_client, Person, person.pk, photo_alt_en="")

    assertContains(response, "A photo needs a description.")
    person.refresh_from_db()
    assert person.photo_alt_en == "Li Qiang at the lectern"


def test_editor_adds_a_report_image_in_the_report_inline(editor_client, media_root):
    report = Report.objects.order_by("pk").first()
    url, data = open_form(editor_client, Report, report.pk)
    add_inline_row(data, "images", image=png("chart.png"), order="1")

    response = editor_client.post(url, data)

    assertContains(response, "This field is required.")
    assert not report.images.exists()

    # A browser sends the file again with the corrected form.
    data.update(
        {
            "images-0-image": png("chart.png"),
            "images-0-alt_text_en": "A bar chart of growth targets",
        }
    )
    assertContains(editor_client.post(url, data, follow=True), "was changed successfully")
    image = report.images.get()
    assert image.alt_text_en == "A bar chart of growth targets"
    change_page = editor_client.get(admin_url(Report, "change", report.pk))
    assertContains(change_page, 'alt="A bar chart of growth targets" class="guide-thumbnail"')
