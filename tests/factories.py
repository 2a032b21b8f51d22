"""Valid objects with the fewest fields set; tests change what they are about.

Codes, slugs and years stay clear of the demo content that every test database holds.
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from guide.models import (
    Body,
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
)


def an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


class PublishedFactory(DjangoModelFactory):
    class Meta:
        abstract = True

    status = Status.PUBLISHED
    published_at = factory.LazyFunction(an_hour_ago)


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division

    kind = Division.Kind.PROVINCE
    # GB/T 2260 has no provincial-level codes from 900000 up.
    code = factory.Sequence(lambda n: f"{90 + n % 10}0000")
    name_en = factory.Sequence(lambda n: f"Testland Province {n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试省{n}")
    short_name_en = factory.Sequence(lambda n: f"Testland {n}")
    short_name_zh_hans = factory.Sequence(lambda n: f"测试{n}")
    slug = factory.Sequence(lambda n: f"testland-{n}")


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    division = factory.SubFactory(DivisionFactory)
    kind = Body.Kind.CONGRESS
    name_en = "Testland Provincial People's Congress"
    name_zh_hans = "测试省人民代表大会"


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_year = 2023


class SessionFactory(PublishedFactory):
    class Meta:
        model = Session

    division = factory.SubFactory(DivisionFactory)
    year = 2024


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    session = factory.SubFactory(SessionFactory)
    body = factory.SubFactory(BodyFactory, division=factory.SelfAttribute("..session.division"))
    term = factory.SubFactory(TermFactory, body=factory.SelfAttribute("..body"))
    session_number = 2
    name_en = "2nd Session of the 1st Testland Provincial People's Congress"
    name_zh_hans = "测试省第一届人民代表大会第二次会议"


class PersonFactory(PublishedFactory):
    class Meta:
        model = Person

    name_en = factory.Sequence(lambda n: f"Test Person {n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试人{n}")
    slug = factory.Sequence(lambda n: f"test-person-{n}")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    role_en = "Governor of Testland"


class ReportFactory(PublishedFactory):
    class Meta:
        model = Report

    meeting = factory.SubFactory(MeetingFactory)
    kind = Report.Kind.WORK_REPORT
    title_en = "Report on the Work of the Testland Provincial Government"
    title_zh_hans = "测试省政府工作报告"


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    report = factory.SubFactory(ReportFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = "Keep the economy running within an appropriate range"


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = Source

    key = factory.Sequence(lambda n: f"test-source-{n}")
    url = factory.Sequence(lambda n: f"https://example.org/source/{n}")
    title = "Testland Daily"
    language = Source.Language.CHINESE
    host_class = Source.HostClass.NEWS


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"test-indicator-{n}")
    name_en = "Test growth"
    name_zh_hans = "测试增长"
    unit_en = "%"
    unit_zh_hans = "%"


class FigureFactory(PublishedFactory):
    class Meta:
        model = Figure

    report = factory.SubFactory(ReportFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    division = factory.SelfAttribute("report.meeting.session.division")
    year = 2024
    kind = Figure.Kind.TARGET
    value = Decimal("5")
    qualifier = Figure.Qualifier.AROUND
    source = factory.SubFactory(SourceFactory)
    quote = "增长5%左右"


class GlossaryTermFactory(PublishedFactory):
    class Meta:
        model = GlossaryTerm

    characters = factory.Sequence(lambda n: f"测试词{n}")
    pinyin = "cèshìcí"
    english = "test term"
    slug = factory.Sequence(lambda n: f"test-term-{n}")
    definition_en = "A term that only tests use."


class ExplainerFactory(PublishedFactory):
    class Meta:
        model = Explainer

    slug = factory.Sequence(lambda n: f"test-explainer-{n}")
    title_en = factory.Sequence(lambda n: f"Test explainer {n}")
    title_zh_hans = factory.Sequence(lambda n: f"测试说明{n}")
    body_en = "What the tests explain."


class DecisionFactory(PublishedFactory):
    class Meta:
        model = Decision

    key = factory.Sequence(lambda n: f"test-decision-{n}")
    meeting = factory.SubFactory(MeetingFactory)
    session = factory.SelfAttribute("meeting.session")
    date = datetime.date(2024, 3, 11)
    kind = Decision.Kind.LAW
    title_en = "Testland Law"
    title_zh_hans = "测试法"
    votes_for = 2900
    votes_against = 3
    votes_abstain = 5


class GapFactory(DjangoModelFactory):
    class Meta:
        model = Gap

    key = factory.Sequence(lambda n: f"test-gap-{n}")
    division = factory.SubFactory(DivisionFactory)
    year = 2024
    fact_en = "The closing date of the Testland People's Congress was not found."
