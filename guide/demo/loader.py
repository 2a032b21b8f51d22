"""Builds the demo content from the verified facts file and our own prose.

facts.json is a copy of the project's verified dataset: every fact here keeps
the source and verbatim quote it comes with, and the file says what each record
is (the kind of a body, the body of a post, the kind of a report). prose_guide.json
and prose_sessions.json hold the text we wrote (explainers, definitions, bios,
summaries, and our wording of some posts and places).

What the file does not establish is not shown as fact: unverified figures,
reports and decisions load as drafts, and an unverified date loads as not known.

Loading is idempotent: objects are matched on natural keys and updated in place;
their citations and posts are replaced.
"""

import datetime
import json
import re
from collections import Counter, defaultdict
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from guide.models import (
    Body,
    Certainty,
    Citation,
    Decision,
    Division,
    Explainer,
    Figure,
    Gap,
    GlossaryTerm,
    Indicator,
    Meeting,
    Membership,
    Person,
    Report,
    Session,
    Source,
    Status,
    Task,
    Term,
    Venue,
)

DEMO_DIR = Path(__file__).resolve().parent
FACTS_FILE = DEMO_DIR / "facts.json"
NATIONAL = "CN"

# Short names of the autonomous regions drop the ethnic group as well as the suffix.
AUTONOMOUS_REGION_SHORT_NAMES = {
    "内蒙古自治区": ("内蒙古", "Inner Mongolia"),
    "广西壮族自治区": ("广西", "Guangxi"),
    "西藏自治区": ("西藏", "Tibet"),
    "宁夏回族自治区": ("宁夏", "Ningxia"),
    "新疆维吾尔自治区": ("新疆", "Xinjiang"),
}
DIVISION_KINDS = {
    "municipality": Division.Kind.MUNICIPALITY,
    "province": Division.Kind.PROVINCE,
    "autonomous region": Division.Kind.AUTONOMOUS_REGION,
}
# A standing committee reports to the meeting of its own body.
STANDING_COMMITTEE_REPORTS = {
    Body.Kind.CONGRESS: Report.Kind.CONGRESS_STANDING_COMMITTEE,
    Body.Kind.CPPCC: Report.Kind.CPPCC_STANDING_COMMITTEE,
}
REPORT_KINDS = {"work_report", "standing_committee_report"}
# How a target for each indicator is met: our reading of the reports, used for comparisons.
TARGET_DIRECTIONS = {
    Indicator.Direction.FLOOR: {
        "gdp_growth",
        "grp_growth",
        "new_urban_jobs",
        "disp_income_growth",
        "urban_disp_income_growth",
        "rural_disp_income_growth",
        "grain_output",
        "fai_growth",
        "retail_growth",
        "industrial_va_growth",
        "budget_revenue_growth",
        "rural_poor_reduction",
    },
    Indicator.Direction.CEILING: {
        "cpi",
        "surveyed_unemp",
        "registered_unemp",
        "energy_intensity",
        "co2_intensity",
    },
    Indicator.Direction.LEVEL: {
        "deficit_ratio",
        "deficit_amount",
        "local_special_bonds",
        "ultra_long_bonds",
        "covid_special_bonds",
        "special_bonds_bank_capital",
        "new_gov_debt_total",
        "gen_budget_expenditure",
    },
}
# Regional indicators and the national ones their targets are compared with.
NATIONAL_COUNTERPARTS = {"grp_growth": "gdp_growth", "grp_total": "gdp_total"}
# Chinese reports count people in 万 (ten thousand): 0.6 million reads 60万人.
CHINESE_UNITS = {"million persons": ("万人", 100)}
# The facts file's wordings, reduced to our qualifiers; what is lost goes into the note.
QUALIFIERS = {
    "exact": Figure.Qualifier.EXACT,
    "planned": Figure.Qualifier.EXACT,
    "as stated": Figure.Qualifier.EXACT,
    "annual average": Figure.Qualifier.EXACT,
    "year-end": Figure.Qualifier.EXACT,
    "kept at": Figure.Qualifier.EXACT,
    "preliminary": Figure.Qualifier.EXACT,
    "preliminary estimate": Figure.Qualifier.EXACT,
    "around": Figure.Qualifier.AROUND,
    "about": Figure.Qualifier.AROUND,
    "approximately": Figure.Qualifier.AROUND,
    "over": Figure.Qualifier.OVER,
    "nearly": Figure.Qualifier.NEARLY,
    "within": Figure.Qualifier.WITHIN,
    "below": Figure.Qualifier.BELOW,
    "range": Figure.Qualifier.RANGE,
    "no target set": Figure.Qualifier.NO_TARGET,
    "not found": Figure.Qualifier.UNKNOWN,
}
QUALIFIER_EXCEPTIONS = {"over (3.6% or more)": Figure.Qualifier.AT_LEAST}
# A date's status: its first word ("scheduled (announced 2026-01-19)" is scheduled).
DATE_STATUSES = {
    "verified": Certainty.VERIFIED,
    "scheduled": Certainty.SCHEDULED,
    "inferred": Certainty.INFERRED,
    # A date the sources do not bear out is not shown: it loads as not known.
    "unverified": Certainty.UNKNOWN,
}
DATE_STATUSES_ZH = {
    "verified": "已核实",
    "scheduled": "按公布的日程",
    "inferred": "推断",
    "unverified": "未核实",
}
# "inferred": the person held the office, but no source says they delivered the report.
REPORT_STATUSES = {"verified", "inferred", "unverified"}
CITATION_NOTES = {
    "open": ("Opening date", "开幕日期"),
    "close": ("Closing date", "闭幕日期"),
    "ordinal": ("Name of the session", "会议名称"),
    "schedule": ("Schedule announced in advance", "事先公布的会期"),
    "postponement": ("Postponement", "推迟举行"),
    "structure": ("Structure of the report", "报告结构"),
    "note": ("On the note", "关于说明"),
}
# Gaps that start by naming their place: "CN-2026 …", "110000 Beijing 2026: …",
# "410000 2023 (Henan): …", or a division's name: "Hebei 2026 targets …".
GAP_NATIONAL = re.compile(r"^CN-(?P<year>\d{4})\b\s*")
GAP_CODE = re.compile(
    r"^(?P<code>[1-9]\d0000)(?: [A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*)*)? (?P<year>\d{4})"
    r"(?: \([A-Za-z ]+\))?: "
)
GAP_YEAR = re.compile(r"^\s*(?P<year>(?:19|20)\d{2})(?![\d/–-])")
GAP_FIRST_WORD = re.compile(r"^(?P<word>\w+)")
TRIED = re.compile(r"\s*\((?:tried|searched)\b:?\s*", re.IGNORECASE)


def read_json(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def parse_date(value):
    return datetime.date.fromisoformat(value) if value else None


def date_status(entry):
    return (entry or {}).get("status", "").partition(" (")[0]


def certainty(entry):
    """How sure a date is. The site shows a date with its certainty, and any certainty it has
    (even "inferred") claims a ground the file does not give for an unverified date: such a
    date loads as not known, and its sources stay cited with their status."""
    if not entry or not entry.get("date"):
        return Certainty.UNKNOWN
    status = date_status(entry)
    if status not in DATE_STATUSES:
        raise ValueError(f"Unknown date status {entry.get('status')!r}")
    return DATE_STATUSES[status]


def known_date(entry):
    """The date, when it is shown as one (see ``certainty``)."""
    return parse_date(entry["date"]) if certainty(entry) != Certainty.UNKNOWN else None


def qualifier_of(wording):
    if wording in QUALIFIER_EXCEPTIONS:
        return QUALIFIER_EXCEPTIONS[wording], ""
    head, _sep, detail = wording.partition(" (")
    return QUALIFIERS[head], detail.rstrip(")").strip("'")


def decimal_or_none(value):
    return None if value is None else Decimal(str(value))


def publication_time(year):
    """Demo content counts as published on 1 January of its year (Beijing time)."""
    return datetime.datetime(year, 1, 1, tzinfo=timezone.get_default_timezone())


def upsert(model, objects, unique_field):
    """Insert or update the objects in a few statements; the saved objects by unique value."""
    model.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=[unique_field],
        update_fields=[
            field.name
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in (unique_field, "created_at")
        ],
        batch_size=200,
    )
    values = [getattr(obj, unique_field) for obj in objects]
    return model.objects.in_bulk(values, field_name=unique_field)


def split_tried(text):
    """A gap's text without its “(tried …)” and “(searched …)” asides, and those asides."""
    kept, tried, position = [], [], 0
    while match := TRIED.search(text, position):
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        if depth:
            break
        kept.append(text[position : match.start()])
        tried.append(text[match.end() : end - 1].strip())
        position = end
    kept.append(text[position:])
    return "".join(kept).strip(), "; ".join(tried)


class DemoLoader:
    def __init__(self, stdout=None):
        self.facts = read_json(FACTS_FILE.name)
        self.guide_prose = read_json("prose_guide.json")
        self.session_prose = read_json("prose_sessions.json")
        self.stdout = stdout
        self.sources = {}
        self.divisions = {}
        self.bodies = {}
        self.venues = {}
        self.people = {}
        self.meetings = {}
        self.reports = {}
        self.indicators = {}
        self.citations = []
        self.cited = defaultdict(list)

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    @transaction.atomic
    def load(self):
        self.load_sources()
        self.load_divisions()
        self.load_venues()
        self.load_bodies()
        self.load_sessions()
        self.load_people()
        self.load_reports()
        self.load_indicators()
        self.load_figures()
        self.load_decisions()
        self.load_gaps()
        self.load_tasks()
        self.load_glossary()
        self.load_explainers()
        self.save_citations()

    def cite(self, obj, citations, note=None):
        """Give obj the given citations, in order, in place of those it has (see save_citations)."""
        content_type = ContentType.objects.get_for_model(obj)
        self.cited[content_type].append(obj.pk)
        note_en, note_zh = note or ("", "")
        self.citations += [
            Citation(
                source=self.sources[citation["source"]],
                content_type=content_type,
                object_id=obj.pk,
                quote=citation.get("quote") or "",
                note_en=citation.get("note_en", note_en),
                note_zh_hans=citation.get("note_zh", note_zh),
                order=index,
            )
            for index, citation in enumerate(citations)
            if citation.get("source")
        ]

    def save_citations(self):
        for content_type, pks in self.cited.items():
            Citation.objects.filter(content_type=content_type, object_id__in=pks).delete()
        Citation.objects.bulk_create(self.citations, batch_size=500)
        self.log(f"{len(self.citations)} citations")

    def load_sources(self):
        publishers_zh = self.session_prose["publishers"]
        sources = []
        for key, data in self.facts["sources"].items():
            if data["type"] == "repo":
                url = data.get("record_url") or (
                    f"https://github.com/{data['repo']}/blob/{data['commit']}/{data['path']}"
                )
                title = data.get("record_title") or f"{data['repo']}: {data['path']}"
                publisher = "Wikisource" if data.get("record_url") else "GitHub"
            else:
                url, title, publisher = data["url"], data["title"], data.get("publisher") or ""
            reliability = data.get("reliability") or ""
            if data.get("note"):
                reliability = f"{reliability} {data['note']}".strip()
            page_date = data.get("page_date") or ""
            sources.append(
                Source(
                    key=key,
                    url=url,
                    title=title,
                    publisher_en=publisher,
                    publisher_zh_hans=publishers_zh.get(publisher, ""),
                    language=Source.Language(data["lang"]),
                    host_class=Source.HostClass(data["host_class"]),
                    # A page dated by its month only ("2024-03") has no day to give.
                    page_date=parse_date(page_date) if len(page_date) == 10 else None,
                    reliability_en=reliability,
                )
            )
        self.sources = upsert(Source, sources, "key")
        self.log(f"{len(self.sources)} sources")

    def load_divisions(self):
        self.divisions[NATIONAL], _created = Division.objects.update_or_create(
            kind=Division.Kind.NATIONAL,
            defaults={
                "code": None,
                "name_en": "People's Republic of China",
                "name_zh_hans": "中华人民共和国",
                "short_name_en": "National",
                "short_name_zh_hans": "全国",
                "pinyin": "Zhōnghuá Rénmín Gònghéguó",
                "slug": "national",
            },
        )
        for region in self.facts["regions"]:
            name_zh = region["name_zh"]
            short_zh, short_en = AUTONOMOUS_REGION_SHORT_NAMES.get(
                name_zh, (name_zh.removesuffix("省").removesuffix("市"), region["name_en"])
            )
            kind = DIVISION_KINDS[region["type"]]
            name_en = {
                Division.Kind.MUNICIPALITY: f"{region['name_en']} Municipality",
                Division.Kind.PROVINCE: f"{region['name_en']} Province",
            }.get(kind, region["name_en"])
            self.divisions[region["code"]], _created = Division.objects.update_or_create(
                code=region["code"],
                defaults={
                    "kind": kind,
                    "name_en": name_en,
                    "name_zh_hans": name_zh,
                    "short_name_en": short_en,
                    "short_name_zh_hans": short_zh,
                    "pinyin": region["pinyin"],
                    "slug": short_en.lower().replace(" ", "-"),
                },
            )
        self.log(f"{len(self.divisions)} divisions")

    def division(self, region):
        return self.divisions[NATIONAL if region in (NATIONAL, None) else region]

    @cached_property
    def body_regions(self):
        return {body["id"]: body["region"] for body in self.facts["bodies"]}

    def venue_regions(self):
        """Each venue's division: the one whose sessions meet there."""
        bodies = {data["id"]: data["body"] for data in self.facts["sessions"]}
        used = defaultdict(set)
        for data in self.facts["sessions"]:
            if data.get("venue"):
                used[data["venue"]].add(self.body_regions[data["body"]])
        for data in self.facts["meetings"]:
            if data.get("venue"):
                used[data["venue"]].add(self.body_regions[bodies[data["session"]]])
        return used

    def load_venues(self):
        regions = self.venue_regions()
        places = self.session_prose["venues"]
        for data in self.facts["venues"]:
            if len(regions[data["id"]]) != 1:
                raise ValueError(f"{data['id']}: no single division meets there")
            (region,) = regions[data["id"]]
            place = places[data["id"]]
            self.venues[data["id"]], _created = Venue.objects.update_or_create(
                name_zh_hans=data["name_zh"],
                defaults={
                    "name_en": data["name_en"],
                    "pinyin": data.get("pinyin") or "",
                    "city_en": place.get("city_en", data["city"]),
                    "city_zh_hans": place["city_zh"],
                    "division": self.division(region),
                },
            )
        self.log(f"{len(self.venues)} venues")

    def load_bodies(self):
        """One body of each kind per division; the file may name one by two ids."""
        records = defaultdict(list)
        for data in self.facts["bodies"]:
            records[data["region"], data["kind"]].append(data)
        for (region, kind), same in records.items():

            def first(field, same=same):
                return next((data[field] for data in same if data.get(field)), "")

            body, _created = Body.objects.update_or_create(
                division=self.division(region),
                kind=Body.Kind(kind),
                defaults={
                    "name_en": first("name_en"),
                    "name_zh_hans": first("name_zh"),
                    "short_name_zh_hans": first("short_zh"),
                    "pinyin": first("pinyin"),
                },
            )
            for data in same:
                self.bodies[data["id"]] = body
        self.log(f"{len(records)} bodies")

    def annual_sessions(self):
        """The file's sessions, one per body and year: a body's further session in the same
        year (an extra session, e.g. to elect a mayor) is not one of the year's Two Sessions."""
        first = {}
        for data in sorted(self.facts["sessions"], key=lambda data: data["session_no"]):
            first.setdefault((self.bodies[data["body"]].pk, data["year"]), data["id"])
        annual = set(first.values())
        return [data for data in self.facts["sessions"] if data["id"] in annual]

    def load_terms(self, meetings):
        """Terms follow from their meetings. Session numbers follow the sources, and a term
        that held an extra session numbers the later ones ahead of its years: the Nth session
        falls in the term's Nth year or later. So each meeting, and the last meeting of the
        term before, only bound the first year from below; the term starts at the highest
        bound, and ends when the next term starts."""
        starts, years = {}, defaultdict(set)
        for data in meetings:
            key = self.bodies[data["body"]].pk, data["term"]
            bound = data["year"] - data["session_no"] + 1
            starts[key] = max(starts.get(key, bound), bound)
            years[key].add(data["year"])
        for (body_pk, number), start in starts.items():
            if previous := years.get((body_pk, number - 1)):
                starts[body_pk, number] = max(start, max(previous) + 1)
        bodies = {body.pk: body for body in self.bodies.values()}
        terms = {}
        for (body_pk, number), start in sorted(starts.items()):
            terms[body_pk, number], _created = Term.objects.update_or_create(
                body=bodies[body_pk],
                number=number,
                defaults={"start_year": start, "end_year": starts.get((body_pk, number + 1))},
            )
        return terms

    def load_sessions(self):
        entries = self.annual_sessions()
        terms = self.load_terms(entries)
        by_session = defaultdict(list)
        for data in entries:
            by_session[self.body_regions[data["body"]], data["year"]].append(data)

        for (region, year), meetings in by_session.items():
            prose = self.session_prose["sessions"].get(f"{region}-{year}", {})
            postponement = next(
                (m["postponement_citation"] for m in meetings if m.get("postponement_citation")),
                None,
            )
            venue_keys = {m["venue"] for m in meetings if m.get("venue")}
            session, _created = Session.objects.update_or_create(
                division=self.division(region),
                year=year,
                defaults={
                    "state": Session.State.HELD,
                    "postponed_from": datetime.date(2020, 3, 5) if postponement else None,
                    "state_note_en": (
                        "Postponed from March to May because of the COVID-19 outbreak."
                        if postponement
                        else ""
                    ),
                    "state_note_zh_hans": "因新冠肺炎疫情从3月推迟至5月举行。"
                    if postponement
                    else "",
                    "venue": self.venues[venue_keys.pop()] if len(venue_keys) == 1 else None,
                    "summary_en": prose.get("summary_en", ""),
                    "summary_zh_hans": prose.get("summary_zh", ""),
                    "status": Status.PUBLISHED,
                    "published_at": publication_time(year),
                },
            )
            self.cite(
                session,
                [postponement] if postponement else [],
                CITATION_NOTES["postponement"],
            )
            for data in meetings:
                self.load_meeting(session, data, terms)
        extra = len(self.facts["sessions"]) - len(entries)
        self.log(
            f"{len(by_session)} sessions, {len(self.meetings)} meetings"
            f" ({extra} extra session{'s' if extra != 1 else ''} left out)"
        )

    def load_meeting(self, session, data, terms):
        prose = self.session_prose["meetings"].get(data["id"], {})
        body = self.bodies[data["body"]]
        opening, closing = data.get("open") or {}, data.get("close") or {}
        meeting, _created = Meeting.objects.update_or_create(
            session=session,
            body=body,
            defaults={
                "term": terms[body.pk, data["term"]],
                "session_number": data["session_no"],
                "name_en": data["name_en"],
                "name_zh_hans": data["name_zh"],
                "opening_date": known_date(opening),
                "opening_certainty": certainty(opening),
                "closing_date": known_date(closing),
                "closing_certainty": certainty(closing),
                "venue": self.venues.get(data.get("venue")),
                "summary_en": prose.get("summary_en", ""),
                "summary_zh_hans": prose.get("summary_zh", ""),
                "outcomes_en": prose.get("outcomes_en", ""),
                "outcomes_zh_hans": prose.get("outcomes_zh", ""),
                "note_en": self.meeting_note(data),
            },
        )
        citations = []
        for part in ("open", "close"):
            note_en, note_zh = CITATION_NOTES[part]
            entry = data.get(part) or {}
            for citation in entry.get("citations", []):
                citations.append(
                    {
                        **citation,
                        "note_en": f"{note_en} ({entry['status']})",
                        "note_zh": f"{note_zh}（{DATE_STATUSES_ZH[date_status(entry)]}）",
                    }
                )
        note_en, note_zh = CITATION_NOTES["schedule"]
        for citation in data.get("scheduled_citations", []):
            citations.append({**citation, "note_en": note_en, "note_zh": note_zh})
        if data.get("ordinal_citation"):
            note_en, note_zh = CITATION_NOTES["ordinal"]
            citations.append({**data["ordinal_citation"], "note_en": note_en, "note_zh": note_zh})
        self.cite(meeting, citations)
        self.meetings[data["id"]] = meeting

    @staticmethod
    def meeting_note(data):
        """The session's note, and what the file says of how each known date is known."""
        parts = [data.get("note") or ""]
        for part in ("open", "close"):
            label, _zh = CITATION_NOTES[part]
            entry = data.get(part) or {}
            if entry.get("note") and known_date(entry):
                parts.append(f"{label}: {entry['note']}")
        return "\n\n".join(part for part in parts if part)

    def load_people(self):
        biographies = self.guide_prose["people"]
        wordings = self.guide_prose["posts"]
        slugs = set()
        posts = []
        for data in self.facts["people"]:
            prose = biographies.get(data["id"], {})
            slug = prose.get("slug") or slugify(data["name_en"])
            if slug in slugs:
                raise ValueError(f"{data['id']}: another person has the slug {slug!r}")
            slugs.add(slug)
            person, _created = Person.objects.update_or_create(
                slug=slug,
                defaults={
                    "name_en": data["name_en"],
                    "name_zh_hans": data["name_zh"],
                    "pinyin": data["pinyin"],
                    "biography_en": prose.get("biography_en", ""),
                    "biography_zh_hans": prose.get("biography_zh", ""),
                    "status": Status.PUBLISHED,
                    "published_at": publication_time(2019),
                },
            )
            self.cite(person, data["citations"])
            # A post the file records in several roles (one per batch of evidence) is one post.
            roles = {}
            for role in data["roles"]:
                body = self.bodies[role["body"]]
                merged = roles.setdefault(
                    (body.pk, role["title_en"]),
                    {"body": body, "title_en": role["title_en"], "title_zh": "", "years": set()},
                )
                merged["title_zh"] = merged["title_zh"] or role.get("title_zh") or ""
                merged["years"] |= set(role.get("evidence_years") or [])
            for position, role in enumerate(roles.values()):
                wording = wordings.get(role["title_en"], {})
                posts.append(
                    Membership(
                        person=person,
                        body=role["body"],
                        role_en=wording.get("en", role["title_en"]),
                        role_zh_hans=wording.get("zh", role["title_zh"]),
                        first_attested=min(role["years"], default=None),
                        last_attested=max(role["years"], default=None),
                        order=position,
                    )
                )
            self.people[data["id"]] = person
        Membership.objects.filter(person__in=self.people.values()).delete()
        Membership.objects.bulk_create(posts)
        self.log(f"{len(self.people)} people, {len(posts)} posts")

    def report_kind(self, data, meeting):
        if data["kind"] == "work_report":
            return Report.Kind.WORK_REPORT
        if data["kind"] == "standing_committee_report":
            return STANDING_COMMITTEE_REPORTS[meeting.body.kind]
        raise ValueError(f"{data['id']}: unknown report kind {data['kind']!r}")

    def load_reports(self):
        session_prose = self.session_prose["reports"]
        published = 0
        for data in self.facts["reports"]:
            if data["status"] not in REPORT_STATUSES:
                raise ValueError(f"{data['id']}: unknown report status {data['status']!r}")
            meeting = self.meetings[data["session"]]
            prose = session_prose.get(data["id"], {})
            verified = data["status"] != "unverified"
            report, _created = Report.objects.update_or_create(
                meeting=meeting,
                kind=self.report_kind(data, meeting),
                defaults={
                    "title_en": data["title_en"].removesuffix(" (Government Work Report)"),
                    "title_zh_hans": data["title_zh"],
                    "presenter": self.people[data["delivered_by"]]
                    if data["delivered_by"]
                    else None,
                    "presenter_inferred": data["status"] == "inferred",
                    "delivered_on": parse_date(data["delivered_on"]),
                    "approved_on": parse_date(data["approved_on"]),
                    "full_text": self.sources.get(data.get("full_text_source")),
                    "summary_en": prose.get("summary_en", ""),
                    "summary_zh_hans": prose.get("summary_zh", ""),
                    "note_en": data.get("note") or "",
                    "status": Status.PUBLISHED if verified else Status.DRAFT,
                    "published_at": publication_time(data["year"]),
                },
            )
            citations = list(data["citations"])
            for part, more in (
                ("structure", [data["structure_citation"]] if "structure_citation" in data else []),
                ("note", data.get("note_citations", [])),
            ):
                note_en, note_zh = CITATION_NOTES[part]
                citations += [{**c, "note_en": note_en, "note_zh": note_zh} for c in more]
            self.cite(report, citations)
            self.reports[data["id"]] = report
            published += verified
        self.log(f"{len(self.reports)} reports, {published} published")

    def load_indicators(self):
        units = {figure["indicator"]: figure["unit"] for figure in self.facts["figures"]}
        for code, prose in self.guide_prose["indicators"].items():
            chinese_unit, chinese_scale = CHINESE_UNITS.get(units[code], (prose["unit_zh"], 1))
            self.indicators[code], _created = Indicator.objects.update_or_create(
                code=code.replace("_", "-"),
                defaults={
                    "name_en": prose["name_en"],
                    "name_zh_hans": prose["name_zh"],
                    "unit_en": prose["unit_en"],
                    "unit_zh_hans": chinese_unit,
                    "chinese_scale": chinese_scale,
                    "description_en": prose["description_en"],
                    "description_zh_hans": prose["description_zh"],
                    "order": prose["order"],
                    "target_direction": next(
                        (
                            direction
                            for direction, codes in TARGET_DIRECTIONS.items()
                            if code in codes
                        ),
                        Indicator.Direction.NONE,
                    ),
                },
            )

        for regional, national in NATIONAL_COUNTERPARTS.items():
            indicator = self.indicators[regional]
            indicator.national_counterpart = self.indicators[national]
            indicator.save(update_fields=["national_counterpart"])
        self.log(f"{len(self.indicators)} indicators")

    def load_figures(self):
        figures = []
        for data in self.facts["figures"]:
            qualifier, detail = qualifier_of(data["qualifier"])
            preliminary = "preliminary" in data["qualifier"] or "estimate" in data["qualifier"]
            verified = data.get("verified") is True and bool(data.get("source"))
            # Notes for readers, in both languages, where prose_sessions.json has them; else the
            # facts file's own wording detail and note, in English.
            notes = self.session_prose["figure_notes"].get(data["id"]) or {
                "en": "; ".join(part for part in (detail, data.get("note")) if part),
                "zh": "",
            }
            figures.append(
                Figure(
                    key=data["id"],
                    report=self.reports[data["report"]] if data["report"] else None,
                    indicator=self.indicators[data["indicator"]],
                    division=self.division(data["region"]),
                    year=data["year"],
                    kind=Figure.Kind.TARGET if data["kind"] == "target" else Figure.Kind.RESULT,
                    value=decimal_or_none(data["value"]),
                    value_high=decimal_or_none(data.get("value_high")),
                    qualifier=qualifier,
                    wording_zh_hans=data.get("original") or "",
                    note_en=notes["en"],
                    note_zh_hans=notes["zh"],
                    preliminary=preliminary,
                    source=self.sources.get(data.get("source")),
                    quote=data.get("quote") or "",
                    status=Status.PUBLISHED if verified else Status.DRAFT,
                    published_at=publication_time(2019),
                )
            )
        saved = upsert(Figure, figures, "key")
        for data in self.facts["figures"]:
            self.cite(saved[data["id"]], data.get("extra_citations") or [])
        verified = sum(figure.status == Status.PUBLISHED for figure in figures)
        self.log(f"{len(figures)} figures, {verified} verified, {len(figures) - verified} drafts")

    def load_decisions(self):
        for data in self.facts["decisions"]:
            meeting = self.meetings[data["session"]]
            votes = data.get("votes") or {}
            decision, _created = Decision.objects.update_or_create(
                key=data["id"],
                defaults={
                    "session": meeting.session,
                    "meeting": meeting,
                    "date": parse_date(data["date"]),
                    "kind": Decision.Kind(data["kind"]),
                    "title_en": data["title_en"],
                    "title_zh_hans": data["title_zh"],
                    "votes_for": votes.get("for"),
                    "votes_against": votes.get("against"),
                    "votes_abstain": votes.get("abstain"),
                    "summary_en": data.get("summary_en") or "",
                    "note_en": data.get("note") or "",
                    "status": Status.PUBLISHED if data.get("verified") is True else Status.DRAFT,
                    "published_at": publication_time(meeting.session.year),
                },
            )
            self.cite(decision, data["citations"])
        self.log(f"{len(self.facts['decisions'])} decisions")

    def gap_place(self, text):
        """The division and year a gap names at its start, and its text without a leading
        label such as "110000 Beijing 2026: ". A gap about several divisions has none."""
        if match := GAP_NATIONAL.match(text):
            return self.divisions[NATIONAL], int(match["year"]), text[match.end() :]
        if match := GAP_CODE.match(text):
            return self.divisions[match["code"]], int(match["year"]), text[match.end() :]
        if (match := GAP_FIRST_WORD.match(text)) and match["word"] in self.record_places:
            return (*self.record_places[match["word"]], text)
        named = [
            division
            for division in self.divisions.values()
            if not division.is_national and re.search(rf"\b{division.short_name_en}\b", text)
        ]
        if len(named) == 1 and text.startswith(named[0].short_name_en):
            year = GAP_YEAR.match(text[len(named[0].short_name_en) :])
            return named[0], int(year["year"]) if year else None, text
        return None, None, text

    @cached_property
    def record_places(self):
        """The division and year of each session and figure, for gaps that start by naming one."""
        years = {data["id"]: data["year"] for data in self.facts["reports"]}
        places = {
            data["id"]: (self.division(self.body_regions[data["body"]]), data["year"])
            for data in self.facts["sessions"]
        }
        for data in self.facts["figures"]:
            # A figure's season is that of its report: a 2024 result is stated in 2025.
            year = years[data["report"]] if data["report"] else data["year"]
            places[data["id"]] = (self.division(data["region"]), year)
        return places

    def load_gaps(self):
        numbers = Counter()
        gaps = []
        for data in self.facts["gaps"]:
            numbers[data["from"]] += 1
            division, year, text = self.gap_place(data["gap"])
            fact, tried = split_tried(text)
            gaps.append(
                Gap(
                    key=f"{slugify(data['from'])}-{numbers[data['from']]:03d}",
                    division=division,
                    year=year,
                    fact_en=fact,
                    tried_en=tried,
                )
            )
        upsert(Gap, gaps, "key")
        self.log(f"{len(gaps)} gaps")

    def load_tasks(self):
        count = 0
        for report_key, tasks in self.session_prose.get("tasks", {}).items():
            report = self.reports[report_key]
            source = self.sources[f"R_{report_key}"]
            report.tasks.exclude(order__in=[task["order"] for task in tasks]).delete()
            for data in tasks:
                task, _created = Task.objects.update_or_create(
                    report=report,
                    order=data["order"],
                    defaults={
                        "title_en": data["title_en"],
                        "title_zh_hans": data["heading_zh"],
                        "summary_en": data["summary_en"],
                        "summary_zh_hans": data["summary_zh"],
                    },
                )
                self.cite(task, [{"source": source.key, "quote": data["quote"]}])
                count += 1
        self.log(f"{count} tasks")

    def load_glossary(self):
        terms = {}
        for data in self.facts["glossary"]:
            prose = self.guide_prose["glossary"][data["term_zh"]]
            terms[data["term_zh"]], _created = GlossaryTerm.objects.update_or_create(
                characters=data["term_zh"],
                defaults={
                    "pinyin": data["pinyin"],
                    "english": data["term_en"],
                    "slug": prose["slug"],
                    "definition_en": prose["definition_en"],
                    "definition_zh_hans": prose["definition_zh"],
                    "status": Status.PUBLISHED,
                    "published_at": publication_time(2019),
                },
            )
        for characters, term in terms.items():
            related = self.guide_prose["glossary"][characters]["related"]
            term.related.set([terms[other] for other in related])
        self.log(f"{len(terms)} glossary terms")

    def load_explainers(self):
        for data in self.guide_prose["explainers"]:
            explainer, _created = Explainer.objects.update_or_create(
                slug=data["slug"],
                defaults={
                    "order": data["order"],
                    "title_en": data["title_en"],
                    "title_zh_hans": data["title_zh"],
                    "summary_en": data["summary_en"],
                    "summary_zh_hans": data["summary_zh"],
                    "body_en": data["body_en"],
                    "body_zh_hans": data["body_zh"],
                    "status": Status.PUBLISHED,
                    "published_at": publication_time(2019),
                },
            )
            explainer.sessions.set(
                Session.objects.get(year=year, division__slug=division)
                for year, division in data.get("sessions", [])
            )
        self.log(f"{len(self.guide_prose['explainers'])} explainers")
