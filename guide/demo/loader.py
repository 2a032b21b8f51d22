"""Builds the demo content from the verified facts file and our own prose.

facts.json is a copy of the project's verified dataset: every fact here keeps
the source and verbatim quote it comes with. prose_guide.json and
prose_sessions.json hold the text we wrote (explainers, definitions, bios,
summaries). Loading is idempotent: objects are matched on natural keys and
updated in place; their citations are replaced.
"""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from guide.models import (
    Body,
    Certainty,
    Citation,
    Division,
    Explainer,
    Figure,
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
BODY_KINDS = {
    "B_NPC": Body.Kind.CONGRESS,
    "B_CPPCC": Body.Kind.CPPCC,
    "B_SC": Body.Kind.GOVERNMENT,
    "B_CQ_PC": Body.Kind.CONGRESS,
    "B_CQ_CPPCC": Body.Kind.CPPCC,
    "B_CQ_GOV": Body.Kind.GOVERNMENT,
    "B_BJ_PC": Body.Kind.CONGRESS,
    "B_SH_PC": Body.Kind.CONGRESS,
}
# Governments that the facts file names only through a person's post.
EXTRA_BODIES = {
    "B_BJ_GOV": ("110000", "Beijing Municipal People's Government", "北京市人民政府"),
    "B_SH_GOV": ("310000", "Shanghai Municipal People's Government", "上海市人民政府"),
    "B_GD_GOV": ("440000", "People's Government of Guangdong Province", "广东省人民政府"),
}
# Each post in the facts file: its body, and its title as we show it in both languages.
POSTS = {
    "Premier of the State Council": ("B_SC", "Premier of the State Council", "国务院总理"),
    "Acting Mayor of Chongqing (Jan 2022 report)": (
        "B_CQ_GOV",
        "Acting Mayor of Chongqing",
        "重庆市代市长",
    ),
    "Mayor of Chongqing": ("B_CQ_GOV", "Mayor of Chongqing", "重庆市市长"),
    "Mayor of Beijing": ("B_BJ_GOV", "Mayor of Beijing", "北京市市长"),
    "Mayor of Shanghai": ("B_SH_GOV", "Mayor of Shanghai", "上海市市长"),
    "Governor of Guangdong": ("B_GD_GOV", "Governor of Guangdong", "广东省省长"),
    "Chairman of the CPPCC National Committee (13th)": (
        "B_CPPCC",
        "Chairman of the 13th CPPCC National Committee",
        "第十三届全国政协主席",
    ),
    "Chairman of the CPPCC National Committee (14th)": (
        "B_CPPCC",
        "Chairman of the 14th CPPCC National Committee",
        "第十四届全国政协主席",
    ),
    "Chairman of the NPC Standing Committee (13th)": (
        "B_NPC",
        "Chairman of the 13th NPC Standing Committee",
        "第十三届全国人大常委会委员长",
    ),
    "Chairman, CPPCC Chongqing Municipal Committee (5th)": (
        "B_CQ_CPPCC",
        "Chairman of the 5th CPPCC Chongqing Municipal Committee",
        "政协重庆市第五届委员会主席",
    ),
    "Presided over Chongqing People's Congress sessions (6th)": (
        "B_CQ_PC",
        "Presided over sessions of the 6th Chongqing Municipal People's Congress",
        "主持重庆市第六届人民代表大会会议",
    ),
    "Chairwoman, CPPCC Chongqing Municipal Committee (6th)": (
        "B_CQ_CPPCC",
        "Chairwoman of the 6th CPPCC Chongqing Municipal Committee",
        "政协重庆市第六届委员会主席",
    ),
}
VENUE_PLACES = {
    "V_GHP": (None, "Beijing", "北京"),
    "V_CQ_GHP": ("500000", "Chongqing, Yuzhong District", "重庆市渝中区"),
}
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
    Indicator.Direction.CEILING: {"cpi", "surveyed_unemp", "registered_unemp", "energy_intensity"},
    Indicator.Direction.LEVEL: {
        "deficit_ratio",
        "deficit_amount",
        "local_special_bonds",
        "ultra_long_bonds",
        "covid_special_bonds",
        "special_bonds_bank_capital",
        "new_gov_debt_total",
    },
}
# Regional indicators and the national ones their targets are compared with.
NATIONAL_COUNTERPARTS = {"grp_growth": "gdp_growth", "grp_total": "gdp_total"}
# Chinese reports count people in 万 (ten thousand): 0.6 million reads 60万人.
CHINESE_UNITS = {"million persons": ("万人", 100)}
LANGUAGES = {"zh": Source.Language.CHINESE, "en": Source.Language.ENGLISH}
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
# How sure a date is, in the Chinese citation notes (the English ones keep the facts file's words).
CERTAINTY_ZH = {
    Certainty.VERIFIED: "已核实",
    Certainty.SCHEDULED: "按公布的日程",
    Certainty.INFERRED: "推断",
    Certainty.UNKNOWN: "未知",
}
CITATION_NOTES = {
    "open": ("Opening date", "开幕日期"),
    "close": ("Closing date", "闭幕日期"),
    "ordinal": ("Name of the session", "会议名称"),
    "postponement": ("Postponement", "推迟举行"),
}


def read_json(name):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def parse_date(value):
    return datetime.date.fromisoformat(value) if value else None


def certainty(entry):
    if not entry or not entry.get("date"):
        return Certainty.UNKNOWN
    status = entry.get("status", "")
    for choice in (Certainty.VERIFIED, Certainty.SCHEDULED, Certainty.INFERRED):
        if status.startswith(choice.value):
            return choice
    raise ValueError(f"Unknown date status {status!r}")


def qualifier_of(wording):
    if wording in QUALIFIER_EXCEPTIONS:
        return QUALIFIER_EXCEPTIONS[wording], ""
    head, _sep, detail = wording.partition(" (")
    return QUALIFIERS[head], detail.rstrip(")").strip("'")


def publication_time(year):
    """Demo content counts as published on 1 January of its year (Beijing time)."""
    return datetime.datetime(year, 1, 1, tzinfo=timezone.get_default_timezone())


class DemoLoader:
    def __init__(self, stdout=None):
        self.facts = read_json("facts.json")
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
        self.load_tasks()
        self.load_glossary()
        self.load_explainers()

    def cite(self, obj, citations, note=None):
        """Replace obj's citations with the given ones, in order."""
        content_type = ContentType.objects.get_for_model(obj)
        Citation.objects.filter(content_type=content_type, object_id=obj.pk).delete()
        note_en, note_zh = note or ("", "")
        Citation.objects.bulk_create(
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
        )

    def load_sources(self):
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
            self.sources[key], _created = Source.objects.update_or_create(
                key=key,
                defaults={
                    "url": url,
                    "title_en": title,
                    "title_zh_hans": self.session_prose["source_titles"].get(key, ""),
                    "publisher_en": publisher,
                    "publisher_zh_hans": self.session_prose["publishers"].get(publisher, ""),
                    "language": LANGUAGES.get(data["lang"], Source.Language.BILINGUAL),
                    "reliability_en": reliability,
                },
            )
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

    def load_venues(self):
        for data in self.facts["venues"]:
            region, city_en, city_zh = VENUE_PLACES[data["id"]]
            self.venues[data["id"]], _created = Venue.objects.update_or_create(
                name_zh_hans=data["name_zh"],
                defaults={
                    "name_en": data["name_en"],
                    "pinyin": data["pinyin"],
                    "city_en": city_en,
                    "city_zh_hans": city_zh,
                    "division": self.division(region),
                },
            )

    def load_bodies(self):
        entries = [
            (
                data["id"],
                data["region"],
                BODY_KINDS[data["id"]],
                data["name_en"],
                data["name_zh"],
                data.get("short_zh", ""),
                data.get("pinyin", ""),
            )
            for data in self.facts["bodies"]
        ] + [
            (key, region, Body.Kind.GOVERNMENT, name_en, name_zh, "", "")
            for key, (region, name_en, name_zh) in EXTRA_BODIES.items()
        ]
        for key, region, kind, name_en, name_zh, short_zh, pinyin in entries:
            self.bodies[key], _created = Body.objects.update_or_create(
                division=self.division(region),
                kind=kind,
                defaults={
                    "name_en": name_en,
                    "name_zh_hans": name_zh,
                    "short_name_zh_hans": short_zh,
                    "pinyin": pinyin,
                },
            )

    def load_terms(self, meetings):
        """Terms follow from the meetings: the Nth session of a term falls in its Nth year."""
        starts = {}
        for data in meetings:
            start = data["year"] - data["session_no"] + 1
            starts.setdefault((data["body"], data["term"]), start)
        terms = {}
        for (body_key, number), start in sorted(starts.items()):
            following = starts.get((body_key, number + 1))
            terms[body_key, number], _created = Term.objects.update_or_create(
                body=self.bodies[body_key],
                number=number,
                defaults={"start_year": start, "end_year": following},
            )
        return terms

    def meeting_entries(self):
        """The facts file's sessions, plus the Chongqing congress of 2026 named by its report."""
        entries = list(self.facts["sessions"])
        entries.append(
            {
                "id": "S_2026_CQPC",
                "body": "B_CQ_PC",
                "term": 6,
                "session_no": 4,
                "year": 2026,
                "name_en": "4th Session of the 6th Chongqing Municipal People's Congress",
                "name_zh": "重庆市第六届人民代表大会第四次会议",
                "venue": None,
                "open": None,
                "close": None,
                "ordinal_citation": {
                    "source": "P_cqgov_2026_report",
                    "quote": "——2026年1月28日在重庆市第六届人民代表大会第四次会议上",
                },
            }
        )
        return entries

    def load_sessions(self):
        entries = self.meeting_entries()
        terms = self.load_terms(entries)
        body_regions = {data["id"]: data["region"] for data in self.facts["bodies"]}
        by_session = {}
        for data in entries:
            by_session.setdefault((body_regions[data["body"]], data["year"]), []).append(data)

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
        self.log(f"{len(by_session)} sessions, {len(self.meetings)} meetings")

    def load_meeting(self, session, data, terms):
        prose = self.session_prose["meetings"].get(data["id"], {})
        opening, closing = data.get("open") or {}, data.get("close") or {}
        meeting, _created = Meeting.objects.update_or_create(
            session=session,
            body=self.bodies[data["body"]],
            defaults={
                "term": terms[data["body"], data["term"]],
                "session_number": data["session_no"],
                "name_en": data["name_en"],
                "name_zh_hans": data["name_zh"],
                "opening_date": parse_date(opening.get("date")),
                "opening_certainty": certainty(opening),
                "closing_date": parse_date(closing.get("date")),
                "closing_certainty": certainty(closing),
                "venue": self.venues.get(data.get("venue")),
                "summary_en": prose.get("summary_en", ""),
                "summary_zh_hans": prose.get("summary_zh", ""),
                "outcomes_en": prose.get("outcomes_en", ""),
                "outcomes_zh_hans": prose.get("outcomes_zh", ""),
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
                        "note_zh": f"{note_zh}（{CERTAINTY_ZH[certainty(entry)]}）",
                    }
                )
        if data.get("ordinal_citation"):
            note_en, note_zh = CITATION_NOTES["ordinal"]
            citations.append({**data["ordinal_citation"], "note_en": note_en, "note_zh": note_zh})
        self.cite(meeting, citations)
        self.meetings[data["id"]] = meeting

    def load_people(self):
        for data in self.facts["people"]:
            prose = self.guide_prose["people"][data["id"]]
            person, _created = Person.objects.update_or_create(
                slug=prose["slug"],
                defaults={
                    "name_en": data["name_en"],
                    "name_zh_hans": data["name_zh"],
                    "pinyin": data["pinyin"],
                    "biography_en": prose["biography_en"],
                    "biography_zh_hans": prose["biography_zh"],
                    "status": Status.PUBLISHED,
                    "published_at": publication_time(2019),
                },
            )
            self.cite(person, data["citations"])
            person.memberships.all().delete()
            for position, role in enumerate(data["roles"]):
                body_key, title_en, title_zh = POSTS[role["title_en"]]
                years = role.get("evidence_years") or []
                Membership.objects.create(
                    person=person,
                    body=self.bodies[body_key],
                    role_en=title_en,
                    role_zh_hans=title_zh,
                    first_attested=min(years) if years else None,
                    last_attested=max(years) if years else None,
                    order=position,
                )
            self.people[data["id"]] = person
        self.log(f"{len(self.people)} people")

    def load_reports(self):
        session_prose = self.session_prose["reports"]
        for data in self.facts["reports"]:
            meeting = self.meetings[data["session"] or "S_2026_CQPC"]
            prose = session_prose.get(data["id"], {})
            title_en = data["title_en"].removesuffix(" (Government Work Report)")
            report, _created = Report.objects.update_or_create(
                meeting=meeting,
                kind=Report.Kind.WORK_REPORT,
                defaults={
                    "title_en": title_en,
                    "title_zh_hans": data["title_zh"],
                    "presenter": self.people[data["delivered_by"]],
                    "presenter_inferred": data["status"] == "inferred",
                    "delivered_on": parse_date(data["delivered_on"]),
                    "approved_on": parse_date(data["approved_on"]),
                    "full_text": self.sources.get(data["full_text_source"]),
                    "summary_en": prose.get("summary_en", ""),
                    "summary_zh_hans": prose.get("summary_zh", ""),
                    "status": Status.PUBLISHED,
                    "published_at": publication_time(data["year"]),
                },
            )
            self.cite(report, data["citations"])
            self.reports[data["id"]] = report
        self.log(f"{len(self.reports)} reports")

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

    def load_figures(self):
        published = 0
        for data in self.facts["figures"]:
            qualifier, detail = qualifier_of(data["qualifier"])
            preliminary = "preliminary" in data["qualifier"] or "estimate" in data["qualifier"]
            verified = data.get("verified", False) and data.get("source")
            # Notes for readers, in both languages, where prose_sessions.json has them; else the
            # facts file's own wording detail and note, in English.
            notes = self.session_prose["figure_notes"].get(data["id"]) or {
                "en": "; ".join(part for part in (detail, data.get("note")) if part),
                "zh": "",
            }
            figure, _created = Figure.objects.update_or_create(
                key=data["id"],
                defaults={
                    "report": self.reports.get(data["report"]),
                    "indicator": self.indicators[data["indicator"]],
                    "division": self.division(data["region"]),
                    "year": data["year"],
                    "kind": Figure.Kind.TARGET if data["kind"] == "target" else Figure.Kind.RESULT,
                    "value": None if data["value"] is None else Decimal(str(data["value"])),
                    "value_high": (
                        None if data.get("value_high") is None else Decimal(str(data["value_high"]))
                    ),
                    "qualifier": qualifier,
                    "wording_zh_hans": data.get("original") or "",
                    "note_en": notes["en"][:400],
                    "note_zh_hans": notes["zh"][:400],
                    "preliminary": preliminary,
                    "source": self.sources.get(data.get("source")),
                    "quote": data.get("quote") or "",
                    "status": Status.PUBLISHED if verified else Status.DRAFT,
                    "published_at": publication_time(2019),
                },
            )
            published += bool(verified)
            self.cite(figure, data.get("extra_citations") or [])
        self.log(f"{len(self.facts['figures'])} figures, {published} published")

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
