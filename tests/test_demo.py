"""The demo content says what the verified facts file says, and loading it twice changes nothing.

Every expectation is read from guide/demo/facts.json (and prose_guide.json for our own
writing), so these tests follow the data when it is corrected.
"""

import datetime
import io
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils.text import slugify

from guide.models import (
    Body,
    Certainty,
    Decision,
    Division,
    Explainer,
    Figure,
    Gap,
    GlossaryTerm,
    Meeting,
    Person,
    Report,
    Session,
    Source,
    Status,
    Task,
    Venue,
)

pytestmark = pytest.mark.django_db

DEMO_DIR = Path(apps.get_app_config("guide").path) / "demo"
FACTS = json.loads((DEMO_DIR / "facts.json").read_text(encoding="utf-8"))
GUIDE_PROSE = json.loads((DEMO_DIR / "prose_guide.json").read_text(encoding="utf-8"))
# The full texts of the national work reports, beside the clone (first line: the source URL).
WORK_REPORTS = Path(__file__).resolve().parents[2] / "shared" / "data" / "work-reports"

NATIONAL = "CN"
BODIES = {body["id"]: body for body in FACTS["bodies"]}
BODY_REGIONS = {key: body["region"] for key, body in BODIES.items()}
VENUE_NAMES = {venue["id"]: venue["name_zh"] for venue in FACTS["venues"]}
FACT_SESSIONS = {entry["id"]: entry for entry in FACTS["sessions"]}
FACT_PEOPLE = {person["id"]: person for person in FACTS["people"]}


def same_body(key):
    """A division has one body of each kind, whatever ids the file gives it."""
    return BODY_REGIONS[key], BODIES[key]["kind"]


def annual_sessions():
    """The file's sessions that are a body's annual one: the lowest-numbered of its year."""
    first = {}
    for entry in sorted(FACTS["sessions"], key=lambda entry: entry["session_no"]):
        first.setdefault((same_body(entry["body"]), entry["year"]), entry)
    return list(first.values())


ANNUAL = annual_sessions()
EXTRA = [entry for entry in FACTS["sessions"] if entry not in ANNUAL]


def division_of(region):
    if region in (NATIONAL, None):
        return Division.objects.national()
    return Division.objects.get(code=region)


def meeting_for(session_key):
    entry = FACT_SESSIONS[session_key]
    region, kind = same_body(entry["body"])
    return Meeting.objects.get(
        session__year=entry["year"], session__division=division_of(region), body__kind=kind
    )


def report_for(fact):
    meeting = meeting_for(fact["session"])
    if fact["kind"] == "work_report":
        return meeting.reports.get(kind=Report.Kind.WORK_REPORT)
    return meeting.reports.exclude(kind=Report.Kind.WORK_REPORT).get()


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


STAGES = [
    "sources",
    "divisions",
    "venues",
    "bodies",
    "sessions",
    "people",
    "reports",
    "indicators",
    "figures",
    "decisions",
    "gaps",
    "tasks",
    "glossary terms",
    "explainers",
    "citations",
]


def test_loading_says_what_each_stage_loaded_in_one_line():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    lines = output.getvalue().splitlines()
    assert lines[-1] == "Demo content loaded."
    stages = [re.fullmatch(r"(\d+) ([a-z ]+?)(?:,.*)?", line) for line in lines[:-1]]
    assert all(stages), lines
    assert [stage[2] for stage in stages] == STAGES
    assert lines[0] == f"{len(FACTS['sources'])} sources"


def test_the_counts_follow_the_facts_file():
    division_years = {(BODY_REGIONS[entry["body"]], entry["year"]) for entry in ANNUAL}
    assert Session.objects.count() == len(division_years)
    assert Meeting.objects.count() == len(ANNUAL) == len(FACTS["sessions"]) - len(EXTRA)
    assert Report.objects.count() == len(FACTS["reports"])
    assert Report.objects.published().count() == sum(
        report["status"] != "unverified" for report in FACTS["reports"]
    )
    verified = [figure for figure in FACTS["figures"] if figure["verified"] and figure["source"]]
    assert Figure.objects.count() == len(FACTS["figures"])
    assert Figure.objects.filter(status=Status.PUBLISHED).count() == len(verified)
    assert Figure.objects.filter(status=Status.DRAFT).count() == len(FACTS["figures"]) - len(
        verified
    )
    assert Decision.objects.count() == len(FACTS["decisions"])
    assert Person.objects.published().count() == len(FACTS["people"])
    assert Gap.objects.count() == len(FACTS["gaps"])


def test_every_division_has_its_sessions():
    expected = {}
    for entry in ANNUAL:
        region = BODY_REGIONS[entry["body"]]
        expected.setdefault(None if region == NATIONAL else region, set()).add(entry["year"])
    assert set(expected) - {None} == {region["code"] for region in FACTS["regions"]}
    loaded = {}
    for code, year in Session.objects.values_list("division__code", "year"):
        loaded.setdefault(code, set()).add(year)
    assert loaded == expected


def test_divisions_are_the_facts_regions_and_the_national_level():
    regions = {region["code"]: region["name_zh"] for region in FACTS["regions"]}
    provincial = dict(Division.objects.provincial().values_list("code", "name_zh_hans"))
    assert provincial == regions
    kinds = {region["code"]: region["type"].replace(" ", "_") for region in FACTS["regions"]}
    assert dict(Division.objects.provincial().values_list("code", "kind")) == kinds
    national = Division.objects.national()
    assert national.code is None
    assert Division.objects.count() == len(regions) + 1


def test_bodies_are_of_the_kind_the_facts_file_gives():
    for key, body in BODIES.items():
        region, kind = same_body(key)
        loaded = Body.objects.get(division=division_of(region), kind=kind)
        assert loaded.name_zh_hans == body["name_zh"], key
    assert Body.objects.count() == len({same_body(key) for key in BODIES})


def test_sources_keep_their_host_class():
    loaded = dict(Source.objects.values_list("key", "host_class"))
    assert loaded == {key: source["host_class"] for key, source in FACTS["sources"].items()}


def expected_posts(person):
    """A person's posts: one per body and title, however many roles the file lists for it."""
    wordings = GUIDE_PROSE["posts"]
    posts = {}
    for role in person["roles"]:
        wording = wordings.get(role["title_en"], {})
        post = posts.setdefault(
            (same_body(role["body"]), role["title_en"]),
            {"en": wording.get("en", role["title_en"]), "zh": wording.get("zh"), "years": set()},
        )
        post["zh"] = post["zh"] or role.get("title_zh") or ""
        post["years"] |= set(role["evidence_years"])
    return sorted(
        (post["en"], post["zh"], min(post["years"]), max(post["years"])) for post in posts.values()
    )


def test_our_translations_of_the_facts_files_english_are_loaded():
    prose = json.loads((DEMO_DIR / "prose_sessions.json").read_text(encoding="utf-8"))
    publishers = prose["publishers"]
    translated = Source.objects.filter(publisher_en__in=publishers)
    assert translated.exists()
    for source in translated:
        assert source.publisher_zh_hans == publishers[source.publisher_en], source.key
    notes = {key: note for key, note in prose["figure_notes"].items() if key != "_comment"}
    for figure in Figure.objects.filter(key__in=notes):
        assert (figure.note_en, figure.note_zh_hans) == (
            notes[figure.key]["en"],
            notes[figure.key]["zh"],
        )
    for key, place in prose["venues"].items():
        if key != "_comment":
            venue = Venue.objects.get(name_zh_hans=VENUE_NAMES[key])
            assert venue.city_zh_hans == place["city_zh"]


def test_people_are_the_facts_people_with_their_citations_and_posts():
    expected = {person["name_zh"]: pairs(person["citations"]) for person in FACTS["people"]}
    actual = {person.name_zh_hans: cited(person) for person in Person.objects.all()}
    assert actual == expected
    assert all(actual.values())
    for fact in FACTS["people"]:
        person = Person.objects.get(name_zh_hans=fact["name_zh"])
        posts = person.memberships.values_list(
            "role_en", "role_zh_hans", "first_attested", "last_attested"
        )
        assert sorted(posts) == expected_posts(fact), fact["id"]


def test_people_without_a_written_biography_are_published_with_their_posts_and_reports():
    unwritten = [person for key, person in FACT_PEOPLE.items() if key not in GUIDE_PROSE["people"]]
    assert unwritten
    for fact in unwritten:
        person = Person.objects.published().get(name_zh_hans=fact["name_zh"])
        assert (person.biography_en, person.biography_zh_hans) == ("", "")
        assert person.memberships.exists(), fact["id"]
        delivered = {r["id"] for r in FACTS["reports"] if r["delivered_by"] == fact["id"]}
        assert set(person.reports.values_list("pk", flat=True)) == {
            report_for(r).pk for r in FACTS["reports"] if r["id"] in delivered
        }


def report_citations(fact):
    return [
        *pairs(fact["citations"]),
        *pairs([fact["structure_citation"]] if "structure_citation" in fact else []),
        *pairs(fact.get("note_citations", [])),
    ]


@pytest.mark.parametrize("fact", FACTS["reports"], ids=lambda fact: fact["id"])
def test_reports_are_the_facts_reports_with_their_citations_and_dates(fact):
    report = report_for(fact)
    assert report.title_zh_hans == fact["title_zh"]
    presenter = FACT_PEOPLE[fact["delivered_by"]]["name_zh"] if fact["delivered_by"] else None
    assert (report.presenter.name_zh_hans if report.presenter else None) == presenter
    assert (report.delivered_on, report.approved_on) == (
        iso_date(fact["delivered_on"]),
        iso_date(fact["approved_on"]),
    )
    assert report.presenter_inferred == (fact["status"] == "inferred")
    full_text = report.full_text.key if report.full_text else None
    assert full_text == fact.get("full_text_source")
    assert cited(report) == report_citations(fact)
    # An inferred presenter has no source saying so; the file may then have none to give.
    if fact["status"] == "verified":
        assert report.citations.exists()
    assert report.meeting.name_en == FACT_SESSIONS[fact["session"]]["name_en"]
    assert report.note_en == (fact.get("note") or "")


def test_unverified_reports_are_drafts_and_the_others_published():
    for fact in FACTS["reports"]:
        expected = Status.DRAFT if fact["status"] == "unverified" else Status.PUBLISHED
        assert report_for(fact).status == expected, fact["id"]
    assert any(fact["status"] == "unverified" for fact in FACTS["reports"])


def test_standing_committees_report_to_the_meeting_of_their_own_body():
    reports = [fact for fact in FACTS["reports"] if fact["kind"] == "standing_committee_report"]
    assert reports
    kinds = {
        "congress": Report.Kind.CONGRESS_STANDING_COMMITTEE,
        "cppcc": Report.Kind.CPPCC_STANDING_COMMITTEE,
    }
    for fact in reports:
        report = report_for(fact)
        body_kind = BODIES[FACT_SESSIONS[fact["session"]]["body"]]["kind"]
        assert report.kind == kinds[body_kind], fact["id"]
        assert report.meeting.body.kind == body_kind


def test_one_meeting_per_annual_session_of_the_facts_file():
    names = set(Meeting.objects.values_list("name_en", flat=True))
    assert names == {entry["name_en"] for entry in ANNUAL}


def test_an_extra_session_is_not_one_of_the_years_meetings():
    """A body's second session in a year (to elect a mayor, say) is not one of its Two Sessions."""
    assert EXTRA
    for entry in EXTRA:
        assert not Meeting.objects.filter(name_en=entry["name_en"]).exists()
        annual = next(
            other
            for other in ANNUAL
            if same_body(other["body"]) == same_body(entry["body"])
            and other["year"] == entry["year"]
        )
        assert annual["session_no"] < entry["session_no"]
        assert meeting_for(annual["id"]).session_number == annual["session_no"]


def date_status(entry):
    return (entry or {}).get("status", "").partition(" (")[0]


def certainty_of(entry):
    """An unverified date is not shown as one: it loads as not known."""
    entry = entry or {}
    if not entry.get("date") or date_status(entry) == "unverified":
        return Certainty.UNKNOWN
    return date_status(entry)


def date_of(entry):
    return iso_date(entry["date"]) if certainty_of(entry) != Certainty.UNKNOWN else None


@pytest.mark.parametrize("fact", ANNUAL, ids=lambda fact: fact["id"])
def test_meeting_dates_certainties_and_citations_follow_the_facts(fact):
    meeting = Meeting.objects.select_related("session").get(name_en=fact["name_en"])
    assert meeting.session.year == fact["year"]
    assert meeting.session.division == division_of(BODY_REGIONS[fact["body"]])
    assert meeting.session_number == fact["session_no"]
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
        *pairs(fact.get("scheduled_citations", [])),
        *pairs([fact["ordinal_citation"]] if fact.get("ordinal_citation") else []),
    ]
    assert cited(meeting) == expected
    if meeting.opening_date or meeting.closing_date:
        assert expected, "a dated meeting needs a source"
    if fact.get("note"):
        assert meeting.note_en.startswith(fact["note"])


def test_unverified_dates_are_not_shown_as_dates():
    unverified = [
        (entry, part)
        for entry in ANNUAL
        for part in ("open", "close")
        if date_status(entry[part]) == "unverified"
    ]
    assert any(entry[part]["date"] for entry, part in unverified), "no unverified date given"
    for entry, part in unverified:
        meeting = meeting_for(entry["id"])
        field = "opening" if part == "open" else "closing"
        assert getattr(meeting, f"{field}_date") is None, entry["id"]
        assert getattr(meeting, f"{field}_certainty") == Certainty.UNKNOWN, entry["id"]


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
    for entry in ANNUAL:
        key = (BODY_REGIONS[entry["body"]], entry["year"])
        citation = entry.get("postponement_citation")
        expected.setdefault(key, [])
        expected[key] += pairs([citation] if citation else [])
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
FACT_REPORTS = {report["id"]: report for report in FACTS["reports"]}


def expected_figure(fact):
    return {
        "value": None if fact["value"] is None else Decimal(str(fact["value"])),
        "value_high": Decimal(str(fact["value_high"])) if "value_high" in fact else None,
        "year": fact["year"],
        "kind": Figure.Kind.TARGET if fact["kind"] == "target" else Figure.Kind.RESULT,
        "division": division_of(fact["region"]).pk,
        "report": report_for(FACT_REPORTS[fact["report"]]).pk if fact["report"] else None,
    }


def test_every_facts_figure_is_loaded_with_its_numbers():
    expected = {fact["id"]: expected_figure(fact) for fact in FACTS["figures"]}
    actual = {figure.pop("key"): figure for figure in Figure.objects.values("key", *FIGURE_FIELDS)}
    assert actual == expected


def test_figures_keep_their_notes_and_extra_citations():
    notes = json.loads((DEMO_DIR / "prose_sessions.json").read_text(encoding="utf-8"))
    for fact in FACTS["figures"]:
        figure = Figure.objects.get(key=fact["id"])
        assert cited(figure) == pairs(fact.get("extra_citations", [])), fact["id"]
        if fact.get("note") and fact["id"] not in notes["figure_notes"]:
            assert fact["note"] in figure.note_en, fact["id"]


def test_published_figures_are_the_verified_ones_with_the_facts_source_and_quote():
    """Verified figures are published, and shown unless their report is a draft."""
    verified = {fact["id"]: fact for fact in FACTS["figures"] if fact.get("verified")}
    shown = {
        key
        for key, fact in verified.items()
        if not fact["report"] or FACT_REPORTS[fact["report"]]["status"] != "unverified"
    }
    published = Figure.objects.published().select_related("source")
    assert {figure.key for figure in published} == shown
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


@pytest.mark.parametrize("fact", FACTS["decisions"], ids=lambda fact: fact["id"])
def test_decisions_are_the_facts_decisions_with_their_votes(fact):
    decision = Decision.objects.get(key=fact["id"])
    meeting = meeting_for(fact["session"])
    assert (decision.meeting, decision.session) == (meeting, meeting.session)
    assert decision.date == iso_date(fact["date"])
    assert decision.kind == fact["kind"]
    assert (decision.title_en, decision.title_zh_hans) == (fact["title_en"], fact["title_zh"])
    votes = fact["votes"] or {}
    assert (decision.votes_for, decision.votes_against, decision.votes_abstain) == (
        votes.get("for"),
        votes.get("against"),
        votes.get("abstain"),
    )
    assert decision.summary_en == fact["summary_en"]
    assert cited(decision) == pairs(fact["citations"])
    assert decision.status == (Status.PUBLISHED if fact["verified"] else Status.DRAFT)


def test_a_session_lists_what_it_adopted_with_the_votes():
    fact = next(d for d in FACTS["decisions"] if d["title_en"].startswith("Foreign Investment Law"))
    session = Session.objects.get(division__kind="national", year=2019)
    law = session.decisions.published().get(title_en=fact["title_en"])
    assert (law.votes_for, law.votes_against, law.votes_abstain) == (2929, 8, 8)
    assert fact["votes"] == {"for": 2929, "against": 8, "abstain": 8}
    assert law.meeting.body.kind == "congress"
    assert session.decisions.count() == sum(
        meeting_for(d["session"]).session == session for d in FACTS["decisions"]
    )


def test_gaps_name_their_division_year_and_what_was_tried():
    gaps = Gap.objects.select_related("division")
    assert gaps.count() == len(FACTS["gaps"])
    labelled = re.compile(r"(?P<code>[1-9]\d0000)(?: [A-Z][A-Za-z ]*?)? (?P<year>\d{4}): ")
    by_key = {gap.key: gap for gap in gaps}
    numbers = Counter()
    checked = 0
    for fact in FACTS["gaps"]:
        numbers[fact["from"]] += 1
        gap = by_key[f"{slugify(fact['from'])}-{numbers[fact['from']]:03d}"]
        text = fact["gap"]
        if match := labelled.match(text):
            assert (gap.division.code, gap.year) == (match["code"], int(match["year"])), text
            assert not gap.fact.startswith(match["code"])
            checked += 1
        elif text.startswith("CN-"):
            assert gap.division.is_national
            checked += 1
        assert "(tried" not in gap.fact and "(searched" not in gap.fact
        if "(tried " in text or "(searched " in text:
            assert gap.tried
            assert all(part in text for part in gap.tried.split("; ")), text
    assert checked > len(FACTS["gaps"]) / 2


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
# Texts the facts file gives in English only, and that prose_*.json does not translate: pages
# show them in English (marked lang="en", long ones with a notice) until a translator writes them.
FACTS_ENGLISH_ONLY = {
    ("source", "publisher"),
    ("figure", "note"),
    ("meeting", "note"),
    ("report", "note"),
    ("decision", "summary"),
    ("decision", "note"),
    ("gap", "fact"),
    ("gap", "tried"),
}


def test_every_english_text_a_visitor_sees_has_its_chinese():
    from modeltranslation.translator import translator

    missing = []
    for model in translator.get_registered_models():
        for field in translator.get_options_for_model(model).fields:
            if (model._meta.model_name, field) in EDITORS_ONLY | FACTS_ENGLISH_ONLY:
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
