"""Integrity rules: the admin refuses bad data with a sentence, the database refuses it anyway."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, UniqueConstraint

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
)

from .factories import (
    BodyFactory,
    DecisionFactory,
    DivisionFactory,
    ExplainerFactory,
    FigureFactory,
    GapFactory,
    GlossaryTermFactory,
    IndicatorFactory,
    MeetingFactory,
    MembershipFactory,
    PersonFactory,
    ReportFactory,
    SessionFactory,
    SourceFactory,
    TaskFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

MARCH_4, MARCH_5 = datetime.date(2024, 3, 4), datetime.date(2024, 3, 5)


def changed(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def duplicate(obj, **values):
    """An unsaved copy of a saved object."""
    copy = type(obj).objects.get(pk=obj.pk)
    copy.pk = None
    copy._state.adding = True
    return changed(copy, **values)


def new_with_same(factory, field):
    """A new object that repeats one unique value of an existing one."""
    return factory.build(**{field: getattr(factory(), field)})


_numbers = Counter()


def case(model, rule, make, marks=()):
    """A case: an object that breaks one rule (constraint or unique field) and no other."""
    name = f"{model.__name__}-{rule}"
    _numbers[name] += 1
    return pytest.param(model, rule, make, marks=marks, id=f"{name}-{_numbers[name]}")


CASES = [
    case(
        Division,
        "division_single_national",
        lambda: DivisionFactory.build(kind="national", code=None),
    ),
    case(Division, "division_code_matches_kind", lambda: DivisionFactory.build(code="50000")),
    case(Division, "division_code_matches_kind", lambda: DivisionFactory.build(code="500001")),
    case(Division, "division_code_matches_kind", lambda: DivisionFactory.build(code="050000")),
    case(Division, "division_code_matches_kind", lambda: DivisionFactory.build(code="abcdef")),
    case(
        Division,
        "division_code_matches_kind",
        lambda: changed(Division.objects.national(), code="990000"),
    ),
    case(
        Division,
        "division_code_matches_kind",
        lambda: DivisionFactory.build(code=None),
    ),
    case(Division, "code", lambda: new_with_same(DivisionFactory, "code")),
    case(Division, "slug", lambda: new_with_same(DivisionFactory, "slug")),
    case(Body, "body_unique_kind_per_division", lambda: duplicate(BodyFactory())),
    case(Term, "term_unique_number_per_body", lambda: duplicate(TermFactory())),
    case(
        Term, "term_ends_after_start", lambda: changed(TermFactory(start_year=2023), end_year=2022)
    ),
    case(Session, "session_unique_division_year", lambda: duplicate(SessionFactory())),
    case(Session, "session_year_plausible", lambda: changed(SessionFactory(), year=1948)),
    case(Session, "session_year_plausible", lambda: changed(SessionFactory(), year=2101)),
    case(
        Session,
        "session_cover_image_has_alt",
        lambda: changed(SessionFactory(), cover_image="sessions/cover.jpg"),
    ),
    case(
        Meeting,
        "meeting_unique_body_per_session",
        lambda: duplicate(MeetingFactory(), session_number=3),
    ),
    case(
        Meeting,
        "meeting_closes_after_opening",
        lambda: changed(
            MeetingFactory(),
            opening_date=MARCH_5,
            opening_certainty=Certainty.VERIFIED,
            closing_date=MARCH_4,
            closing_certainty=Certainty.VERIFIED,
        ),
    ),
    case(
        Meeting,
        "meeting_opening_certainty_matches_date",
        lambda: changed(MeetingFactory(), opening_date=MARCH_5),
    ),
    case(
        Meeting,
        "meeting_opening_certainty_matches_date",
        lambda: changed(MeetingFactory(), opening_certainty=Certainty.VERIFIED),
    ),
    case(
        Meeting,
        "meeting_closing_certainty_matches_date",
        lambda: changed(MeetingFactory(), closing_date=MARCH_5),
    ),
    case(
        Meeting,
        "meeting_closing_certainty_matches_date",
        lambda: changed(MeetingFactory(), closing_certainty=Certainty.SCHEDULED),
    ),
    case(
        Meeting, "meeting_session_number_range", lambda: changed(MeetingFactory(), session_number=0)
    ),
    case(
        Meeting,
        "meeting_session_number_range",
        lambda: changed(MeetingFactory(), session_number=11),
    ),
    case(
        Person, "person_photo_has_alt", lambda: changed(PersonFactory(), photo="people/photo.jpg")
    ),
    case(Person, "slug", lambda: new_with_same(PersonFactory, "slug")),
    case(
        Membership,
        "membership_ends_after_start",
        lambda: changed(MembershipFactory(), start_date=MARCH_5, end_date=MARCH_4),
    ),
    case(
        Membership,
        "membership_attested_in_order",
        lambda: changed(MembershipFactory(), first_attested=2024, last_attested=2023),
    ),
    case(Report, "report_unique_kind_per_meeting", lambda: duplicate(ReportFactory())),
    case(
        Report,
        "report_approved_after_delivery",
        lambda: changed(ReportFactory(), delivered_on=MARCH_5, approved_on=MARCH_4),
    ),
    case(Task, "task_unique_order_per_report", lambda: duplicate(TaskFactory())),
    case(Figure, "figure_unique_per_report", lambda: duplicate(FigureFactory())),
    case(
        Figure,
        "figure_unique_outside_reports",
        lambda: duplicate(FigureFactory(report=None, division=DivisionFactory())),
    ),
    case(Figure, "key", lambda: duplicate(FigureFactory(key="test-figure"), year=2023)),
    case(
        Figure,
        "figure_upper_value_not_below_value",
        lambda: changed(
            FigureFactory(), qualifier="range", value=Decimal("6.5"), value_high=Decimal("6")
        ),
    ),
    case(
        Figure, "figure_range_has_upper_value", lambda: changed(FigureFactory(), qualifier="range")
    ),
    case(
        Figure,
        "figure_range_has_upper_value",
        lambda: changed(FigureFactory(), value_high=Decimal("6")),
    ),
    case(Figure, "figure_value_matches_qualifier", lambda: changed(FigureFactory(), value=None)),
    case(
        Figure,
        "figure_value_matches_qualifier",
        lambda: changed(FigureFactory(), qualifier="no_target"),
    ),
    case(Figure, "figure_published_has_source", lambda: changed(FigureFactory(), source=None)),
    case(Figure, "figure_year_plausible", lambda: changed(FigureFactory(), year=1948)),
    case(Source, "key", lambda: new_with_same(SourceFactory, "key")),
    case(Indicator, "code", lambda: new_with_same(IndicatorFactory, "code")),
    case(GlossaryTerm, "characters", lambda: new_with_same(GlossaryTermFactory, "characters")),
    case(GlossaryTerm, "slug", lambda: new_with_same(GlossaryTermFactory, "slug")),
    case(Explainer, "slug", lambda: new_with_same(ExplainerFactory, "slug")),
    case(Decision, "decision_unique_key", lambda: duplicate(DecisionFactory())),
    case(
        Decision,
        "decision_votes_not_negative",
        lambda: changed(DecisionFactory(), votes_against=-1),
    ),
    case(Gap, "gap_unique_key", lambda: duplicate(GapFactory())),
    case(Gap, "gap_year_plausible", lambda: changed(GapFactory(), year=1948)),
]


def constraint_named(model, name):
    return next((c for c in model._meta.constraints if c.name == name), None)


def expected_message(model, rule):
    """The sentence an editor reads when the rule is broken."""
    constraint = constraint_named(model, rule)
    if constraint:
        return str(constraint.violation_error_message)
    error = model().unique_error_message(model, [rule])
    return error.message % error.params


def names_rule(error, model, rule):
    """Whether the database error names the broken rule, as far as each backend tells."""
    text = str(error)
    constraint = constraint_named(model, rule)
    if constraint is None:
        return model._meta.get_field(rule).column in text
    if rule in text:
        return True
    # SQLite names the columns of a broken unique constraint, not the constraint.
    return isinstance(constraint, UniqueConstraint) and all(
        f"{model._meta.db_table}.{model._meta.get_field(field).column}" in text
        for field in constraint.fields
    )


@pytest.mark.parametrize(("model", "rule", "make"), CASES)
def test_validation_refuses_with_the_rules_message(model, rule, make):
    with pytest.raises(ValidationError) as refused:
        make().full_clean()
    assert expected_message(model, rule) in refused.value.messages


@pytest.mark.parametrize(("model", "rule", "make"), CASES)
def test_database_refuses_without_validation(model, rule, make):
    obj = make()
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        obj.save()
    assert names_rule(refused.value, model, rule), refused.value


def test_every_constraint_and_unique_field_has_a_case():
    rules = set()
    for model in apps.get_app_config("guide").get_models():
        rules |= {(model, constraint.name) for constraint in model._meta.constraints}
        rules |= {
            (model, field.name)
            for field in model._meta.get_fields()
            if getattr(field, "unique", False) and not field.primary_key
        }
    covered = {tuple(param.values[:2]) for param in CASES}
    assert rules - covered == set()


def test_every_constraint_explains_itself():
    generic = [
        constraint.name
        for model in apps.get_app_config("guide").get_models()
        for constraint in model._meta.constraints
        if constraint.violation_error_message == constraint.default_violation_error_message
    ]
    assert generic == []


@pytest.mark.parametrize(
    "factory",
    [
        DivisionFactory,
        BodyFactory,
        TermFactory,
        SessionFactory,
        MeetingFactory,
        PersonFactory,
        MembershipFactory,
        ReportFactory,
        TaskFactory,
        FigureFactory,
        SourceFactory,
        IndicatorFactory,
        GlossaryTermFactory,
        ExplainerFactory,
        DecisionFactory,
        GapFactory,
    ],
    ids=lambda factory: factory._meta.model.__name__,
)
def test_the_objects_the_cases_start_from_are_valid(factory):
    factory().full_clean()


@pytest.mark.parametrize(
    "valid",
    [
        lambda: changed(
            PersonFactory(), photo="people/photo.jpg", photo_alt_en="Portrait, head and shoulders"
        ),
        lambda: changed(
            SessionFactory(), cover_image="sessions/cover.jpg", cover_image_alt_en="The hall"
        ),
        lambda: changed(
            FigureFactory(), qualifier="range", value=Decimal("6"), value_high=Decimal("6.5")
        ),
        lambda: changed(FigureFactory(), qualifier="no_target", value=None),
        lambda: changed(FigureFactory(), source=None, status=Status.DRAFT),
        lambda: changed(
            MeetingFactory(),
            opening_date=MARCH_4,
            opening_certainty=Certainty.INFERRED,
            closing_date=MARCH_4,
            closing_certainty=Certainty.SCHEDULED,
        ),
    ],
    ids=[
        "photo-described",
        "cover-described",
        "range",
        "no-target",
        "draft-without-source",
        "one-day-meeting",
    ],
)
def test_the_rules_let_valid_data_through(valid):
    obj = valid()
    obj.full_clean()
    obj.save()


def test_meeting_refuses_a_body_of_another_division():
    meeting = changed(MeetingFactory(), body=BodyFactory())
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert refused.value.message_dict["body"] == ["Choose a body of the session's division."]


def test_meeting_refuses_a_term_of_another_body():
    meeting = MeetingFactory()
    other_body = BodyFactory(division=meeting.session.division, kind=Body.Kind.CPPCC)
    meeting.term = TermFactory(body=other_body)
    with pytest.raises(ValidationError) as refused:
        meeting.full_clean()
    assert refused.value.message_dict == {"term": ["Choose a term of the same body."]}


def test_decision_refuses_a_meeting_of_another_session():
    decision = changed(DecisionFactory(), meeting=MeetingFactory())
    with pytest.raises(ValidationError) as refused:
        decision.full_clean()
    assert refused.value.message_dict == {"meeting": ["Choose a meeting of the same session."]}


@pytest.mark.parametrize(
    ("kind", "body_kind", "error"),
    [
        (Report.Kind.WORK_REPORT, Body.Kind.CPPCC, "people's congress"),
        (Report.Kind.CONGRESS_STANDING_COMMITTEE, Body.Kind.CPPCC, "people's congress"),
        (Report.Kind.CPPCC_STANDING_COMMITTEE, Body.Kind.CONGRESS, "CPPCC committee"),
        (Report.Kind.CPPCC_STANDING_COMMITTEE, Body.Kind.CPPCC, None),
        (Report.Kind.CONGRESS_STANDING_COMMITTEE, Body.Kind.CONGRESS, None),
    ],
)
def test_a_report_goes_to_the_meeting_of_the_body_that_hears_it(kind, body_kind, error):
    report = ReportFactory.build(
        kind=kind, meeting=MeetingFactory(body__kind=body_kind, term__body__kind=body_kind)
    )
    if error is None:
        report.full_clean()
        return
    with pytest.raises(ValidationError) as refused:
        report.full_clean()
    assert refused.value.message_dict == {
        "meeting": [f"This report is delivered to a meeting of the {error}."]
    }


def cited_source():
    source = SourceFactory()
    Citation.objects.create(
        source=source,
        content_type=ContentType.objects.get_for_model(Session),
        object_id=SessionFactory().pk,
        quote="3月5日开幕",
    )
    return source


@pytest.mark.parametrize(
    "in_use",
    [
        lambda: SessionFactory().division,
        lambda: BodyFactory().division,
        lambda: FigureFactory(report=None, division=DivisionFactory()).division,
        cited_source,
        lambda: FigureFactory().source,
        lambda: ReportFactory(full_text=SourceFactory()).full_text,
        lambda: ReportFactory(presenter=PersonFactory()).presenter,
        lambda: FigureFactory().indicator,
        lambda: DecisionFactory().session,
        lambda: GapFactory().division,
    ],
    ids=[
        "division-with-session",
        "division-with-body",
        "division-with-figure",
        "source-cited",
        "source-of-figure",
        "source-holding-full-text",
        "person-presenting-report",
        "indicator-with-figure",
        "session-with-decision",
        "division-with-gap",
    ],
)
def test_deleting_what_is_in_use_is_refused(in_use):
    obj = in_use()
    with pytest.raises(ProtectedError), transaction.atomic():
        obj.delete()
    assert type(obj).objects.filter(pk=obj.pk).exists()
