"""The demo content says what the verified facts file says, and loading it twice changes nothing.

Every expectation is read from guide/demo/facts.json (and prose_guide.json for our own
writing), so these tests follow the data when it is corrected.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from guide.models import (
    Certainty,
    Division,
    Explainer,
    Figure,
    GlossaryTerm,
    Meeting,
    Person,
    Report,
    Session,
    Status,
    Task,
)

pytestmark = pytest.mark.django_db

DEMO_DIR = Path(apps.get_app_config("guide").path) / "demo"
FACTS = json.loads((DEMO_DIR / "facts.json").read_text(encoding="utf-8"))
GUIDE_PROSE = json.loads((DEMO_DIR / "prose_guide.json").read_text(encoding="utf-8"))
# The full texts of the national work reports, beside the clone (first line: the source URL).
WORK_REPORTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "work-reports"

NATIONAL = "CN"
BODY_REGIONS = {body["id"]: body["region"] for body in FACTS["bodies"]}
VENUE_NAMES = {venue["id"]: venue["name_zh"] for venue in FACTS["venues"]}
FACT_SESSIONS = {entry["id"]: entry for entry in FACTS["sessions"]}
# The 2026 Chongqing report is delivered to a congress that facts.json names only in the
# report's own citation; the loader adds that meeting.
REPORTS_WITHOUT_SESSION = [report for report in FACTS["reports"] if report["session"] is None]


def division_of(region):
    if region in (NATIONAL, None):
        return Division.objects.national()
    return Division.objects.get(code=region)


def report_for(fact):
    return Report.objects.get(
        meeting__session__year=fact["year"], meeting__session__division=division_of(fact["region"])
    )


def iso_date(value):
    return datetime.date.fromisoformat(value) if value else None


def cited(obj):
    return list(obj.citations.order_by("order").values_list("source__key", "quote"))


def pairs(citations):
    return [(c["source"], c.get("quote") or "") for c in citations if c.get("source")]


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("guide").get_models(include_auto_created=True)
    }


def test_loading_again_changes_no_row_count():
    before = row_counts()
    call_command("load_demo", verbosity=0)
    assert row_counts() == before
    assert before["guide.Citation"] > 0


def test_divisions_are_the_facts_regions_and_the_national_level():
    regions = {region["code"]: region["name_zh"] for region in FACTS["regions"]}
    provincial = dict(Division.objects.provincial().values_list("code", "name_zh_hans"))
    assert provincial == regions
    kinds = {region["code"]: region["type"].replace(" ", "_") for region in FACTS["regions"]}
    assert dict(Division.objects.provincial().values_list("code", "kind")) == kinds
    national = Division.objects.national()
    assert national.code is None
    assert Division.objects.count() == len(regions) + 1


def test_people_are_the_facts_people_with_their_citations():
    expected = {person["name_zh"]: pairs(person["citations"]) for person in FACTS["people"]}
    actual = {person.name_zh_hans: cited(person) for person in Person.objects.all()}
    assert actual == expected
    assert all(actual.values())
    posts = {person["name_zh"]: len(person["roles"]) for person in FACTS["people"]}
    assert {
        person.name_zh_hans: person.memberships.count() for person in Person.objects.all()
    } == posts


def test_reports_are_the_facts_reports_with_their_citations_and_dates():
    assert Report.objects.count() == len(FACTS["reports"])
    for fact in FACTS["reports"]:
        report = report_for(fact)
        assert report.title_zh_hans == fact["title_zh"], fact["id"]
        assert report.presenter.name_zh_hans == next(
            p["name_zh"] for p in FACTS["people"] if p["id"] == fact["delivered_by"]
        )
        assert (report.delivered_on, report.approved_on) == (
            iso_date(fact["delivered_on"]),
            iso_date(fact["approved_on"]),
        ), fact["id"]
        assert report.presenter_inferred == (fact["status"] == "inferred"), fact["id"]
        full_text = report.full_text.key if report.full_text else None
        assert full_text == fact["full_text_source"], fact["id"]
        assert cited(report) == pairs(fact["citations"]), fact["id"]
        assert report.citations.exists(), fact["id"]
        if fact["session"]:
            assert report.meeting.name_en == FACT_SESSIONS[fact["session"]]["name_en"]


def test_one_meeting_per_facts_session_and_one_for_each_report_without_one():
    names = set(Meeting.objects.values_list("name_en", flat=True))
    from_sessions = {entry["name_en"] for entry in FACTS["sessions"]}
    added = {report_for(fact).meeting.name_en for fact in REPORTS_WITHOUT_SESSION}
    assert from_sessions <= names
    assert names - from_sessions == added
    assert Meeting.objects.count() == len(FACTS["sessions"]) + len(REPORTS_WITHOUT_SESSION)


@pytest.mark.parametrize("fact", REPORTS_WITHOUT_SESSION, ids=lambda fact: fact["id"])
def test_the_added_meeting_is_the_one_its_report_names(fact):
    meeting = report_for(fact).meeting
    assert any(meeting.name_zh_hans in quote for _source, quote in pairs(fact["citations"]))
    assert meeting.opening_date is None
    assert meeting.opening_certainty == Certainty.UNKNOWN
    assert meeting.citations.exists()


def certainty_of(entry):
    entry = entry or {}
    return entry["status"].split()[0] if entry.get("date") else Certainty.UNKNOWN


def date_of(entry):
    return iso_date((entry or {}).get("date"))


@pytest.mark.parametrize("fact", FACTS["sessions"], ids=lambda fact: fact["id"])
def test_meeting_dates_certainties_and_citations_follow_the_facts(fact):
    meeting = Meeting.objects.select_related("session").get(name_en=fact["name_en"])
    assert meeting.session.year == fact["year"]
    assert meeting.session.division == division_of(BODY_REGIONS[fact["body"]])
    venue = meeting.venue.name_zh_hans if meeting.venue else None
    assert venue == VENUE_NAMES.get(fact["venue"])
    assert (meeting.opening_date, meeting.opening_certainty) == (
        date_of(fact.get("open")),
        certainty_of(fact.get("open")),
    )
    assert (meeting.closing_date, meeting.closing_certainty) == (
        date_of(fact.get("close")),
        certainty_of(fact.get("close")),
    )
    expected = [
        *pairs((fact.get("open") or {}).get("citations", [])),
        *pairs((fact.get("close") or {}).get("citations", [])),
        *pairs([fact["ordinal_citation"]] if fact.get("ordinal_citation") else []),
    ]
    assert cited(meeting) == expected
    if meeting.opening_date or meeting.closing_date:
        assert expected, "a dated meeting needs a source"


def test_the_2020_sessions_keep_their_dates_and_certainties():
    """The cases the brief names, spelled out: the postponed national NPC and Chongqing."""
    npc = Meeting.objects.get(
        session__year=2020, session__division__kind="national", body__kind="congress"
    )
    npc_fact = FACT_SESSIONS["S_2020_NPC"]
    assert (str(npc.opening_date), str(npc.closing_date)) == (
        npc_fact["open"]["date"],
        npc_fact["close"]["date"],
    )
    chongqing = {
        meeting.body.kind: meeting
        for meeting in Meeting.objects.filter(session__year=2020, session__division__code="500000")
    }
    for kind, fact_id in (("congress", "S_2020_CQPC"), ("cppcc", "S_2020_CQCPPCC")):
        opening = FACT_SESSIONS[fact_id]["open"]
        assert str(chongqing[kind].opening_date) == opening["date"]
        assert opening["status"].startswith(chongqing[kind].opening_certainty)
    assert chongqing["cppcc"].opening_certainty == Certainty.INFERRED
    assert chongqing["congress"].opening_certainty == Certainty.VERIFIED


def test_sessions_carry_the_facts_postponement_citations():
    expected = {}
    for entry in FACTS["sessions"]:
        key = (BODY_REGIONS[entry["body"]], entry["year"])
        citation = entry.get("postponement_citation")
        expected.setdefault(key, [])
        expected[key] += pairs([citation] if citation else [])
    for fact in REPORTS_WITHOUT_SESSION:
        expected.setdefault((fact["region"], fact["year"]), [])
    actual = {
        (session.division.code or NATIONAL, session.year): cited(session)
        for session in Session.objects.select_related("division")
    }
    assert actual == expected
    postponed = Session.objects.exclude(postponed_from=None)
    assert {(s.division.code or NATIONAL, s.year) for s in postponed} == {
        key for key, citations in expected.items() if citations
    }


FIGURE_FIELDS = ("value", "value_high", "year", "kind", "division", "report")


def expected_figure(fact):
    return {
        "value": None if fact["value"] is None else Decimal(str(fact["value"])),
        "value_high": Decimal(str(fact["value_high"])) if "value_high" in fact else None,
        "year": fact["year"],
        "kind": Figure.Kind.TARGET if fact["kind"] == "target" else Figure.Kind.RESULT,
        "division": division_of(fact["region"]).pk,
        "report": (
            report_for(next(r for r in FACTS["reports"] if r["id"] == fact["report"])).pk
            if fact["report"]
            else None
        ),
    }


def test_every_facts_figure_is_loaded_with_its_numbers():
    expected = {fact["id"]: expected_figure(fact) for fact in FACTS["figures"]}
    actual = {figure.pop("key"): figure for figure in Figure.objects.values("key", *FIGURE_FIELDS)}
    assert actual == expected


def test_published_figures_are_the_verified_ones_with_the_facts_source_and_quote():
    verified = {fact["id"]: fact for fact in FACTS["figures"] if fact.get("verified")}
    published = Figure.objects.published().select_related("source")
    assert {figure.key for figure in published} == set(verified)
    for figure in published:
        fact = verified[figure.key]
        assert figure.source is not None, figure.key
        assert figure.quote, figure.key
        assert (figure.source.key, figure.quote) == (fact["source"], fact["quote"])


def test_unverified_figures_are_drafts():
    unverified = [fact["id"] for fact in FACTS["figures"] if not fact.get("verified")]
    assert unverified
    drafts = Figure.objects.filter(key__in=unverified)
    assert [figure.status for figure in drafts] == [Status.DRAFT] * len(unverified)
    assert not Figure.objects.published().filter(key__in=unverified).exists()


def test_glossary_has_every_facts_term_published():
    terms = {term["term_zh"]: term["pinyin"] for term in FACTS["glossary"]}
    assert dict(GlossaryTerm.objects.published().values_list("characters", "pinyin")) == terms
    assert GlossaryTerm.objects.count() == len(terms)


def test_explainers_are_published_in_both_languages():
    slugs = {explainer["slug"] for explainer in GUIDE_PROSE["explainers"]}
    published = Explainer.objects.published()
    assert {explainer.slug for explainer in published} == slugs
    assert Explainer.objects.count() == len(slugs)
    for explainer in published:
        assert explainer.title_en and explainer.title_zh_hans, explainer.slug
        assert explainer.body_en and explainer.body_zh_hans, explainer.slug


# Shown to editors only (the admin's source list), never on a public page.
EDITORS_ONLY = {("source", "reliability")}


def test_every_english_text_a_visitor_sees_has_its_chinese():
    from modeltranslation.translator import translator

    missing = []
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            if (model._meta.model_name, field) in EDITORS_ONLY:
                continue
            untranslated = model.objects.exclude(**{f"{field}_en": ""}).filter(
                **{f"{field}_en__isnull": False}
            )
            untranslated = untranslated.filter(**{f"{field}_zh_hans": ""}) | untranslated.filter(
                **{f"{field}_zh_hans__isnull": True}
            )
            missing += [(model._meta.model_name, field, str(obj)) for obj in untranslated]
    assert missing == []


def test_tasks_cite_their_reports_full_text():
    tasks = Task.objects.select_related("report__full_text").prefetch_related("citations__source")
    assert tasks
    for task in tasks:
        sources = [citation.source for citation in task.citations.all()]
        assert sources == [task.report.full_text], task
        assert all(citation.quote for citation in task.citations.all()), task


@pytest.mark.skipif(
    not WORK_REPORTS.is_dir(),
    reason=f"the work-report texts are not at {WORK_REPORTS} (they sit beside the clone in CI)",
)
def test_task_quotes_are_verbatim_in_the_report_texts():
    texts = {}
    for path in WORK_REPORTS.glob("*.txt"):
        url, _newline, text = path.read_text(encoding="utf-8").partition("\n")
        texts[url.strip()] = text
    tasks = Task.objects.prefetch_related("citations__source")
    for task in tasks:
        for citation in task.citations.all():
            assert citation.source.url in texts, f"no stored text for {citation.source.key}"
            assert citation.quote in texts[citation.source.url], task
