"""Synthetic national-scale content for load tests (``manage.py seed_bench``), never the demo.

At scale 1: 32 divisions, each with 15 years of sessions (two meetings each) and a work report
with 40 figures (20 indicators, a target and a result), 20 tasks and an image; 5,000 people with
posts. Smaller scales shrink every count, keeping at least two of each so that every page kind
has its parts. Everything is deterministic: the same scale gives the same rows.

Every division, person and indicator made here is flagged ``synthetic`` (their pages say so);
their names say it too. Rows are made with ``bulk_create`` for speed, so the page cache is told
of the change once at the end.
"""

import datetime
import io
import math
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageDraw

from .caching import content_changed
from .models import (
    Body,
    Certainty,
    Citation,
    Division,
    Figure,
    Indicator,
    Meeting,
    Membership,
    Person,
    Report,
    ReportImage,
    Session,
    Source,
    Status,
    Task,
    Term,
    Venue,
)
from .models.pinyin import plain_pinyin

FULL = {"divisions": 32, "years": 15, "indicators": 20, "tasks": 20, "people": 5000}
LAST_YEAR = 2025
# Two-digit GB/T 2260 prefixes no real province has (nor the tests' factories, 90–99).
UNUSED_PREFIXES = [10, 16, 17, 18, 19, 20, 24, 25, 26, 27, 28, 29, 30, 38, 39, 40, 47, 48, 49]
UNUSED_PREFIXES += [55, 56, 57, 58, 59, 60, 66, 67, 68, 69, 70, 72, 73, 74, 75, 76, 77, 78, 79]
KINDS = [Division.Kind.PROVINCE, Division.Kind.MUNICIPALITY, Division.Kind.AUTONOMOUS_REGION]
BODIES = [
    (Body.Kind.CONGRESS, "People's Congress", "人民代表大会"),
    (Body.Kind.CPPCC, "CPPCC Committee", "政协委员会"),
    (Body.Kind.GOVERNMENT, "People's Government", "人民政府"),
]
TERM_YEARS = 5
DIGITS_ZH = "〇一二三四五六七八九"


def counts(scale):
    return {name: max(2, math.ceil(full * scale)) for name, full in FULL.items()}


def chinese_number(number):
    return "".join(DIGITS_ZH[int(digit)] for digit in str(number))


def moment(year, month=1, day=1):
    return datetime.datetime(year, month, day, 9, tzinfo=datetime.UTC)


def png(label, seed):
    """A small chart-like PNG, different for every seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", (320, 180), "white")
    draw = ImageDraw.Draw(image)
    for index in range(8):
        height = rng.randint(20, 150)
        draw.rectangle([20 + index * 36, 170 - height, 44 + index * 36, 170], fill=(0, 80, 140))
    draw.text((10, 5), label, fill="black")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def exists():
    return Division.objects.filter(synthetic=True).exists()


def remove():
    """Deletes the synthetic content, children first."""
    divisions = Division.objects.filter(synthetic=True)
    reports = Report.objects.filter(meeting__session__division__in=divisions)
    Figure.objects.filter(division__in=divisions)._raw_delete("default")
    for model, condition in [
        (Task, {"report__in": reports}),
        (ReportImage, {"report__in": reports}),
        (Report, {"pk__in": reports}),
        (Meeting, {"session__division__in": divisions}),
        (Session, {"division__in": divisions}),
        (Membership, {"person__synthetic": True}),
        (Person, {"synthetic": True}),
        (Term, {"body__division__in": divisions}),
        (Body, {"division__in": divisions}),
        (Venue, {"division__in": divisions}),
        (Indicator, {"synthetic": True}),
        (Source, {"key__startswith": "synthetic-"}),
    ]:
        pks = list(model.objects.filter(**condition).values_list("pk", flat=True))
        Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=pks
        )._raw_delete("default")
        model.objects.filter(pk__in=pks)._raw_delete("default")
    divisions._raw_delete("default")
    content_changed()


class Seeder:
    def __init__(self, scale=1.0, log=None):
        self.n = counts(scale)
        self.rng = random.Random(20260301)
        self.log = log or (lambda message: None)
        self.first_year = LAST_YEAR - self.n["years"] + 1
        self.years = range(self.first_year, LAST_YEAR + 1)

    @transaction.atomic
    def seed(self):
        self.make_sources_and_indicators()
        self.make_divisions()
        self.make_people()
        self.make_sessions()
        self.make_reports()
        self.make_citations()
        content_changed()

    def make_sources_and_indicators(self):
        self.source = Source.objects.create(
            key="synthetic-source",
            url="https://example.org/synthetic-benchmark-data",
            title="Synthetic benchmark data (made up by seed_bench)",
            publisher_en="seed_bench",
            publisher_zh_hans="seed_bench",
            language=Source.Language.BILINGUAL,
            reliability_en="Made-up numbers for load tests; not a source of facts.",
        )
        self.indicators = Indicator.objects.bulk_create(
            Indicator(
                code=f"synthetic-{number:02d}",
                name_en=f"Synthetic indicator {number}",
                name_zh_hans=f"合成指标{number}",
                unit_en="%",
                unit_zh_hans="%",
                description_en="A made-up indicator for load tests.",
                description_zh_hans="用于负载测试的虚构指标。",
                target_direction=Indicator.Direction.FLOOR,
                order=500 + number,
                synthetic=True,
            )
            for number in range(1, self.n["indicators"] + 1)
        )

    def make_divisions(self):
        divisions = []
        for index in range(self.n["divisions"]):
            number = index + 1
            prefix = UNUSED_PREFIXES[index % len(UNUSED_PREFIXES)]
            divisions.append(
                Division(
                    code=f"{prefix}0000",
                    kind=KINDS[index % len(KINDS)],
                    name_en=f"Synthetic Province {number:02d}",
                    name_zh_hans=f"合成省{chinese_number(number)}",
                    short_name_en=f"Synthetic {number:02d}",
                    short_name_zh_hans=f"合成{chinese_number(number)}",
                    pinyin=f"Héchéng shěng {number:02d}",
                    pinyin_plain=plain_pinyin(f"Héchéng shěng {number:02d}"),
                    slug=f"synthetic-{number:02d}",
                    synthetic=True,
                )
            )
        self.divisions = Division.objects.bulk_create(divisions)
        self.venues = Venue.objects.bulk_create(
            Venue(
                division=division,
                name_en=f"{division.short_name_en} Hall",
                name_zh_hans=f"{division.short_name_zh_hans}会堂",
                city_en=f"{division.short_name_en} City",
                city_zh_hans=f"{division.short_name_zh_hans}市",
            )
            for division in self.divisions
        )
        self.bodies = Body.objects.bulk_create(
            Body(
                division=division,
                kind=kind,
                name_en=f"{division.name_en} {name_en}",
                name_zh_hans=f"{division.name_zh_hans}{name_zh}",
                short_name_en=name_en,
                short_name_zh_hans=name_zh,
            )
            for division in self.divisions
            for kind, name_en, name_zh in BODIES
        )
        self.terms = Term.objects.bulk_create(
            Term(
                body=body,
                number=number,
                start_year=start,
                end_year=min(start + TERM_YEARS - 1, LAST_YEAR),
            )
            for body in self.bodies
            for number, start in enumerate(range(self.first_year, LAST_YEAR + 1, TERM_YEARS), 1)
        )
        self.term_of = {(term.body_id, term.start_year): term for term in self.terms}
        files = {}
        for division in self.divisions:
            name = f"synthetic/{division.slug}.png"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(png(division.slug, division.code)))
            files[division.pk] = name
        self.image_of = files
        self.log(f"{len(self.divisions)} divisions, {len(self.bodies)} bodies")

    def term_for(self, body, year):
        start = self.first_year + (year - self.first_year) // TERM_YEARS * TERM_YEARS
        return self.term_of[body.pk, start]

    def make_people(self):
        people = []
        for index in range(self.n["people"]):
            number = index + 1
            pinyin = f"Héchéng Rén {number:04d}"
            people.append(
                Person(
                    name_en=f"Synthetic Person {number:04d}",
                    name_zh_hans=f"合成人{chinese_number(number)}",
                    pinyin=pinyin,
                    pinyin_plain=plain_pinyin(pinyin),
                    slug=f"synthetic-person-{number:04d}",
                    biography_en="A made-up person for load tests.",
                    biography_zh_hans="用于负载测试的虚构人物。",
                    status=Status.PUBLISHED,
                    published_at=moment(self.first_year),
                    synthetic=True,
                )
            )
        self.people = Person.objects.bulk_create(people, batch_size=1000)
        memberships = []
        roles = {
            Body.Kind.CONGRESS: ("Deputy", "代表"),
            Body.Kind.CPPCC: ("Member", "委员"),
            Body.Kind.GOVERNMENT: ("Official", "官员"),
        }
        self.governors = {}
        for index, person in enumerate(self.people):
            body = self.bodies[index % len(self.bodies)]
            start = self.first_year + (index // len(self.bodies)) % self.n["years"]
            end = min(start + TERM_YEARS - 1, LAST_YEAR)
            role_en, role_zh = roles[body.kind]
            if body.kind == Body.Kind.GOVERNMENT:
                for year in range(start, end + 1):
                    self.governors.setdefault((body.division_id, year), person)
            memberships.append(
                Membership(
                    person=person,
                    body=body,
                    role_en=f"{role_en}, {body.name_en}",
                    role_zh_hans=f"{body.name_zh_hans}{role_zh}",
                    first_attested=start,
                    last_attested=end,
                )
            )
        Membership.objects.bulk_create(memberships, batch_size=2000)
        self.log(f"{len(self.people)} people")

    def make_sessions(self):
        sessions = Session.objects.bulk_create(
            Session(
                division=division,
                year=year,
                venue=venue,
                summary_en=(
                    f"Synthetic benchmark data: the made-up {year} sessions of "
                    f"{division.name_en}, for load tests."
                ),
                summary_zh_hans=f"合成的基准测试数据：{division.name_zh_hans}{year}年两会（虚构）。",
                status=Status.PUBLISHED,
                published_at=moment(year),
            )
            for division, venue in zip(self.divisions, self.venues, strict=True)
            for year in self.years
        )
        bodies = {}
        for body in self.bodies:
            bodies.setdefault(body.division_id, []).append(body)
        meetings = []
        for session in sessions:
            opening = datetime.date(session.year, 1, 10 + session.division_id % 10)
            for offset, body in enumerate(bodies[session.division_id][:2]):
                term = self.term_for(body, session.year)
                number = session.year - term.start_year + 1
                meetings.append(
                    Meeting(
                        session=session,
                        body=body,
                        term=term,
                        session_number=number,
                        name_en=f"Session {number} of Term {term.number}, {body.name_en}",
                        name_zh_hans=(
                            f"{body.name_zh_hans}第{chinese_number(term.number)}届"
                            f"第{chinese_number(number)}次会议"
                        ),
                        opening_date=opening - datetime.timedelta(days=offset),
                        opening_certainty=Certainty.VERIFIED,
                        closing_date=opening + datetime.timedelta(days=5),
                        closing_certainty=Certainty.VERIFIED,
                        summary_en="A made-up meeting for load tests.",
                        summary_zh_hans="用于负载测试的虚构会议。",
                    )
                )
        self.sessions = sessions
        self.meetings = Meeting.objects.bulk_create(meetings, batch_size=2000)
        self.log(f"{len(sessions)} sessions, {len(self.meetings)} meetings")

    def make_reports(self):
        congresses = [m for m in self.meetings if m.body.kind == Body.Kind.CONGRESS]
        reports = Report.objects.bulk_create(
            Report(
                meeting=meeting,
                kind=Report.Kind.WORK_REPORT,
                title_en=f"Synthetic Work Report of {meeting.session.division.name_en}",
                title_zh_hans=f"{meeting.session.division.name_zh_hans}合成政府工作报告",
                presenter=self.governors.get((meeting.session.division_id, meeting.session.year)),
                delivered_on=meeting.opening_date,
                approved_on=meeting.closing_date,
                summary_en="Synthetic benchmark data: a made-up work report for load tests.",
                summary_zh_hans="合成的基准测试数据：虚构的政府工作报告。",
                full_text=self.source,
                status=Status.PUBLISHED,
                published_at=moment(meeting.session.year, 1, 20),
            )
            for meeting in congresses
        )
        figures, tasks, images = [], [], []
        for report, meeting in zip(reports, congresses, strict=True):
            session = meeting.session
            for indicator in self.indicators:
                for kind, year in (
                    (Figure.Kind.TARGET, session.year),
                    (Figure.Kind.RESULT, session.year - 1),
                ):
                    value = Decimal(self.rng.randint(10, 90)) / 10
                    figures.append(
                        Figure(
                            report=report,
                            indicator=indicator,
                            division_id=session.division_id,
                            year=year,
                            kind=kind,
                            value=value,
                            qualifier=Figure.Qualifier.AROUND
                            if kind == Figure.Kind.TARGET
                            else Figure.Qualifier.EXACT,
                            wording_en=f"around {value}%" if kind == Figure.Kind.TARGET else "",
                            source=self.source,
                            quote=f"合成数据：{value}%",
                            status=Status.PUBLISHED,
                            published_at=report.published_at,
                        )
                    )
            tasks += [
                Task(
                    report=report,
                    order=order,
                    title_en=f"Synthetic task {order}",
                    title_zh_hans=f"合成任务{order}",
                    summary_en="A made-up task for load tests.",
                    summary_zh_hans="用于负载测试的虚构任务。",
                )
                for order in range(1, self.n["tasks"] + 1)
            ]
            images.append(
                ReportImage(
                    report=report,
                    image=self.image_of[session.division_id],
                    alt_text_en="A made-up bar chart (synthetic benchmark data).",
                    alt_text_zh_hans="虚构的柱状图（合成基准测试数据）。",
                    caption_en="Synthetic benchmark data",
                    caption_zh_hans="合成基准测试数据",
                )
            )
        Figure.objects.bulk_create(figures, batch_size=2000)
        Task.objects.bulk_create(tasks, batch_size=2000)
        ReportImage.objects.bulk_create(images, batch_size=2000)
        self.reports = reports
        self.log(f"{len(reports)} reports, {len(figures)} figures, {len(tasks)} tasks")

    def make_citations(self):
        citations = []
        for model, objects in (
            (Session, self.sessions),
            (Meeting, self.meetings),
            (Report, self.reports),
        ):
            content_type = ContentType.objects.get_for_model(model)
            citations += [
                Citation(
                    source=self.source,
                    content_type=content_type,
                    object_id=obj.pk,
                    quote="合成数据，仅供负载测试。",
                    note_en="Synthetic benchmark data",
                    note_zh_hans="合成基准测试数据",
                )
                for obj in objects
            ]
        Citation.objects.bulk_create(citations, batch_size=2000)
