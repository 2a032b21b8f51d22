"""Reports delivered to a meeting, their figures (targets and results), tasks and images."""

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import wording
from ..addresses import address
from ..formatting import format_number, value_formatter
from ..years import OUT_OF_RANGE, is_plausible, plausible_year
from .images import GuideImageField
from .people import Person
from .places import Body, Division
from .publishing import Publishable, VisibilityQuerySet
from .sessions import Meeting
from .sources import Cited, Source, with_sources


class ReportQuerySet(VisibilityQuerySet):
    def of_session(self, year, division_slug, kind):
        return self.filter(
            meeting__session__year=year,
            meeting__session__division__slug=division_slug,
            kind=kind,
        )

    def for_list(self):
        return self.select_related("meeting__session__division", "presenter")

    def for_comparison(self):
        """The report with its figures, for its targets-vs-results and what-changed pages."""
        return self.select_related("meeting__session__division", "presenter").prefetch_related(
            Prefetch("figures", queryset=self.children(Figure.objects.for_table()))
        )

    def for_detail(self):
        return self.select_related(
            "meeting__session__division", "meeting__body", "presenter", "full_text"
        ).prefetch_related(
            with_sources(),
            "images",
            Prefetch("tasks", queryset=Task.objects.prefetch_related(with_sources())),
            Prefetch("figures", queryset=self.children(Figure.objects.for_table())),
        )


class Report(Publishable, Cited):
    publication_parent = "meeting"

    class Kind(models.TextChoices):
        WORK_REPORT = "work-report", _("Government work report")
        PLAN_REPORT = "plan-report", _("Report on the economic and social development plan")
        BUDGET_REPORT = "budget-report", _("Report on the budget")
        CONGRESS_STANDING_COMMITTEE = (
            "congress-standing-committee",
            _("Work report of the people's congress standing committee"),
        )
        CPPCC_STANDING_COMMITTEE = (
            "cppcc-standing-committee",
            _("Work report of the CPPCC committee's standing committee"),
        )

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="reports", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind, default=Kind.WORK_REPORT)
    title = models.CharField(_("title"), max_length=300)
    presenter = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("presented by"),
    )
    presenter_inferred = models.BooleanField(
        _("presenter inferred"),
        default=False,
        help_text=_("Tick when no source names the presenter and it is inferred from the post."),
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("What the sources leave open, e.g. how a date is known.")
    )
    full_text = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="full_text_of",
        verbose_name=_("full text"),
        help_text=_("The source that holds the report's full text."),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-meeting__session__year", "meeting__session__division__code", "kind"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        permissions = [
            ("publish_report", "Can publish reports"),
            ("translate_report", "Can translate reports"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind"],
                name="report_unique_kind_per_meeting",
                violation_error_message=_("This meeting already has a report of this kind."),
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(delivered_on__isnull=True)
                | Q(approved_on__gte=F("delivered_on")),
                name="report_approved_after_delivery",
                violation_error_message=_("A report cannot be approved before it is delivered."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.meeting.session})"

    def get_absolute_url(self):
        # Asked for by each of the report's figures and tasks on a page: found once a language.
        urls = self.__dict__.setdefault("_urls", {})
        language = get_language()
        if language not in urls:
            session = self.meeting.session
            urls[language] = address(
                "guide:report_detail", session.year, session.division.slug, self.kind
            )
        return urls[language]

    def clean(self):
        super().clean()
        # In the admin the meeting may be the unsaved parent of an inline form.
        meeting = self._meta.get_field("meeting").get_cached_value(self, None)
        if meeting is None and self.meeting_id:
            meeting = self.meeting
        if meeting is None:
            return
        errors = {}
        if self.kind and meeting.body_id:
            if self.kind == self.Kind.CPPCC_STANDING_COMMITTEE:
                if meeting.body.kind != Body.Kind.CPPCC:
                    errors["meeting"] = _(
                        "This report is delivered to a meeting of the CPPCC committee."
                    )
            elif meeting.body.kind != Body.Kind.CONGRESS:
                errors["meeting"] = _(
                    "This report is delivered to a meeting of the people's congress."
                )
        if meeting.session_id:
            year = meeting.session.year
            for name in ("delivered_on", "approved_on"):
                date = getattr(self, name)
                if not date:
                    continue
                if date.year != year:
                    errors[name] = _("A report to the %(year)d session is dated in %(year)d.") % {
                        "year": year
                    }
                elif (meeting.opening_date and date < meeting.opening_date) or (
                    meeting.closing_date and date > meeting.closing_date
                ):
                    errors[name] = _(
                        "The meeting ran from %(opening)s to %(closing)s: "
                        "this date lies outside it."
                    ) % {
                        "opening": date_format(meeting.opening_date)
                        if meeting.opening_date
                        else "…",
                        "closing": date_format(meeting.closing_date)
                        if meeting.closing_date
                        else "…",
                    }
        if errors:
            raise ValidationError(errors)


class ReportImage(models.Model):
    """A chart or photo released with a report."""

    publication_parent = "report"

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="images", verbose_name=_("report")
    )
    image = GuideImageField(_("image"), upload_to="reports/")
    alt_text = models.CharField(
        _("image description"),
        max_length=300,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = VisibilityQuerySet.as_manager()

    class Meta:
        ordering = ["report", "order", "pk"]
        verbose_name = _("report image")
        verbose_name_plural = _("report images")
        permissions = [("translate_reportimage", "Can translate report images")]

    def __str__(self):
        return self.caption or self.alt_text


class Indicator(models.Model):
    class Direction(models.TextChoices):
        FLOOR = "floor", _("Floor: a result at or above the target meets it")
        CEILING = "ceiling", _("Ceiling: a result at or below the target meets it")
        LEVEL = "level", _("Level: a planned amount, met when the result matches it")
        NONE = "none", _("Not comparable")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    target_direction = models.CharField(
        _("how a target is met"),
        max_length=10,
        choices=Direction,
        default=Direction.NONE,
        help_text=_("Used to compare a year's target with its result."),
    )
    national_counterpart = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="regional_counterparts",
        verbose_name=_("national counterpart"),
        help_text=_(
            "For a regional indicator, the national one its targets are compared with, "
            "e.g. GDP growth for regional GDP growth."
        ),
    )
    chinese_scale = models.PositiveIntegerField(
        _("scale on Chinese pages"),
        default=1,
        help_text=_(
            "Values are multiplied by this on Chinese pages, e.g. 100 to show million people "
            "as 万人. The Chinese unit must match."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        editable=False,
        help_text=_("Made up by manage.py seed_bench for load tests; never real content."),
    )

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        permissions = [("translate_indicator", "Can translate indicators")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("guide:indicator_detail", self.code)

    @property
    def is_percentage(self):
        """Values read as percentages (“5%”); other units are written out after the number."""
        return self.unit_en.startswith("%")

    @property
    def unit_note(self):
        """What a percentage unit adds to the “%” the value already shows: “year on year”,
        “of GDP”, “同比增长”; empty for a plain “%” and for units that are not percentages."""
        if not self.is_percentage:
            return ""
        return (self.unit or "").replace("%", "").strip()


# Qualifiers that stand for a figure without a number.
WITHOUT_VALUE = ["no_target", "qualitative", "unknown"]


class FigureQuerySet(VisibilityQuerySet):
    def for_table(self):
        return self.select_related("indicator", "division", "source").order_by(
            "kind", "indicator__order", "year"
        )

    def for_export(self):
        """Every column of the open-data record, in one query."""
        return self.select_related(
            "indicator", "division", "source", "report__meeting__session__division"
        ).order_by("division__code", "year", "indicator__order", "kind", "pk")

    def for_history(self):
        return self.select_related(
            "indicator", "division", "source", "report__meeting__session__division"
        ).order_by("year", "kind")

    def targets(self):
        return self.filter(kind=Figure.Kind.TARGET)

    def results(self):
        return self.filter(kind=Figure.Kind.RESULT)


class TargetsAndResults(NamedTuple):
    targets: list
    results: list


def split_targets_and_results(figures):
    """Figures already fetched, as (targets, results) in their order; the queryset methods
    ``targets()`` and ``results()`` make the same split in the database."""
    split = TargetsAndResults([], [])
    for figure in figures:
        (split.targets if figure.kind == Figure.Kind.TARGET else split.results).append(figure)
    return split


class Figure(Publishable, Cited):
    """A number a report states: a target for its year, or a result of an earlier year."""

    publication_parent = "report"

    class Kind(models.TextChoices):
        TARGET = "target", _("Target")
        RESULT = "result", _("Result")

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exact")
        AROUND = "around", _("around")
        OVER = "over", _("over")
        AT_LEAST = "at_least", _("at least")
        NEARLY = "nearly", _("nearly")
        WITHIN = "within", _("within")
        BELOW = "below", _("below")
        RANGE = "range", _("range")
        NO_TARGET = "no_target", _("no target set")
        QUALITATIVE = "qualitative", _("qualitative")
        UNKNOWN = "unknown", _("not known")

    key = models.SlugField(
        _("key"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable identifier used by data imports."),
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("report"),
        help_text=_("Empty for statistics published outside a report."),
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="figures", verbose_name=_("indicator")
    )
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="figures", verbose_name=_("division")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("The year the figure refers to.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=6, null=True, blank=True)
    value_high = models.DecimalField(
        _("upper value"),
        max_digits=16,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Only for ranges, e.g. 6.5 in “6–6.5%”."),
    )
    qualifier = models.CharField(_("qualifier"), max_length=12, choices=Qualifier)
    wording = models.CharField(
        _("original wording"),
        max_length=300,
        blank=True,
        help_text=_("The report's own words, e.g. “增长6%左右” or “around 6 percent”."),
    )
    note = models.TextField(_("note"), blank=True)
    preliminary = models.BooleanField(
        _("preliminary"), default=False, help_text=_("The report calls it an estimate.")
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name=_("source"),
    )
    quote = models.TextField(_("verbatim quote"), blank=True)
    value_checked = models.BooleanField(
        _("unusual value checked"),
        default=False,
        help_text=_(
            "Tick only after checking with the source a value that lies outside the usual "
            "range for its unit; the form says when a value does."
        ),
    )

    objects = FigureQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "year", "indicator__order", "kind"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        permissions = [
            ("publish_figure", "Can publish figures"),
            ("translate_figure", "Can translate figures"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "division", "year", "kind"],
                name="figure_unique_per_report",
                violation_error_message=_(
                    "This report already has a figure for this indicator, division, year and kind."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicator", "division", "year", "kind"],
                condition=Q(report__isnull=True),
                name="figure_unique_outside_reports",
                violation_error_message=_(
                    "A figure for this indicator, division, year and kind already exists "
                    "outside any report."
                ),
            ),
            models.CheckConstraint(
                condition=Q(value_high__isnull=True)
                | (Q(value__isnull=False) & Q(value_high__gte=F("value"))),
                name="figure_upper_value_not_below_value",
                violation_error_message=_("The upper value cannot be below the value."),
            ),
            models.CheckConstraint(
                condition=Q(qualifier="range", value_high__isnull=False)
                | (~Q(qualifier="range") & Q(value_high__isnull=True)),
                name="figure_range_has_upper_value",
                violation_error_message=_(
                    "A range needs an upper value, and only a range has one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(qualifier__in=WITHOUT_VALUE, value__isnull=True)
                | (~Q(qualifier__in=WITHOUT_VALUE) & Q(value__isnull=False)),
                name="figure_value_matches_qualifier",
                violation_error_message=_(
                    "Give a value, unless the qualifier is “no target set”, “qualitative” "
                    "or “not known”."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(source__isnull=False),
                name="figure_published_has_source",
                violation_error_message=_("A figure needs a source before it can be published."),
            ),
            models.CheckConstraint(
                condition=plausible_year("year"),
                name="figure_year_plausible",
                violation_error_message=OUT_OF_RANGE,
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year} ({self.get_kind_display()})"

    def get_absolute_url(self):
        if self.report_id:
            return f"{self.report.get_absolute_url()}#figure-{self.pk}"
        return self.indicator.get_absolute_url()

    def clean(self):
        """Mistakes that pass every constraint: a figure of another division or year than its
        report's, a value out of any plausible range, or at another scale than its wording."""
        super().clean()
        errors = {}
        self._check_report(errors)
        indicator = self._meta.get_field("indicator").get_cached_value(self, None)
        if indicator is None and self.indicator_id:
            indicator = self.indicator
        consistent = (self.qualifier == self.Qualifier.RANGE) == (self.value_high is not None) and (
            self.value_high is None or (self.value is not None and self.value_high >= self.value)
        )
        # An inconsistent pair of values gets the constraints' messages first.
        if indicator is not None and consistent:
            if self.value is not None:
                message = self._wording_error(indicator)
                if message:
                    errors["value"] = message
            for name in ("value", "value_high"):
                if getattr(self, name) is not None and name not in errors:
                    message = self._range_error(indicator, getattr(self, name))
                    if message:
                        errors[name] = message
        if errors:
            raise ValidationError(errors)

    def _check_report(self, errors):
        # In the admin the report may be the unsaved parent of an inline form.
        report = self._meta.get_field("report").get_cached_value(self, None)
        if report is None and self.report_id:
            report = self.report
        if report is None or not report.meeting_id:
            return
        session = report.meeting.session
        if self.division_id and self.division_id != session.division_id:
            errors["division"] = _(
                "This report is %(division)s's: its figures are %(division)s's too."
            ) % {"division": session.division}
        if self.year and self.kind and is_plausible(self.year):
            expected = session.year if self.kind == self.Kind.TARGET else session.year - 1
            if self.year != expected:
                errors["year"] = _(
                    "In a %(year)d report a target is for %(year)d and a result for "
                    "%(previous)d. A plan's target for a later year (such as 2035) is not one "
                    "of the report's figures: record it as a figure without a report and name "
                    "the plan in its note."
                ) % {"year": session.year, "previous": session.year - 1}

    def _range_error(self, indicator, value):
        unit = (indicator.unit_en or "").strip()
        shown = format_number(value)
        if unit.startswith("%") and (unit == "%" or " of " in unit):
            if not 0 <= value <= 100:
                return _("A rate or share lies between 0 and 100%%, not at %(value)s%%.") % {
                    "value": shown
                }
        elif unit.startswith("%"):
            if not -30 <= value <= 30 and not self.value_checked:
                return _(
                    "%(value)s%% is outside −30%% to +30%%, where yearly growth rates and "
                    "price changes in official statistics lie (consumer prices rose 24.1%% in "
                    "1994, the most since 1978). Check the value, or tick “unusual value "
                    "checked” if the source says so."
                ) % {"value": shown}
        elif value < 0:
            return _("An amount or a number of people cannot be negative.")
        elif not self.value_checked and self.division_id:
            return self._scale_error(indicator, value)
        return None

    def _scale_error(self, indicator, value):
        recorded = (
            Figure.objects.filter(indicator=indicator, division_id=self.division_id)
            .exclude(pk=self.pk)
            .exclude(value=None)
            .aggregate(low=models.Min("value"), high=models.Max("value"))
        )
        low, high = recorded["low"], recorded["high"]
        if low is None or low <= 0 or low / 10 <= value <= high * 10:
            return None
        format_value = value_formatter(indicator, with_unit=True)
        return _(
            "%(value)s is more than ten times larger or smaller than every figure recorded for "
            "this division (%(low)s to %(high)s). Check the scale, or tick “unusual value "
            "checked” if the source says so."
        ) % {"value": format_value(value), "low": format_value(low), "high": format_value(high)}

    def _wording_error(self, indicator):
        unit = wording.chinese_unit(indicator.unit_zh_hans)
        text = (self.wording_zh_hans or "").strip()
        if not text and unit.base != "%":
            # A quote often states several percentages; amounts in a unit are rarely ambiguous.
            text = self.quote
        singles, ranges = wording.stated_amounts((text or "").replace("％", "%"), unit)
        if not singles and not ranges:
            return None
        scale = indicator.chinese_scale

        def agrees(value, amount):
            return wording.agrees(wording.in_base(value, scale, unit), amount)

        if self.value_high is not None and any(
            agrees(self.value, low) and agrees(self.value_high, high) for low, high, _w in ranges
        ):
            return None
        stated = singles + [
            wording.Stated(amount, words) for low, high, words in ranges for amount in (low, high)
        ]
        if any(agrees(self.value, item.amount) for item in stated):
            return None
        with translation.override("zh-hans"):
            shown = value_formatter(indicator, with_unit=True)(self.value)
        return _(
            "The Chinese wording states “%(words)s”, so the value is %(expected)s (in "
            "%(unit)s), not %(value)s, which would read %(shown)s on Chinese pages."
        ) % {
            "words": stated[0].words,
            "expected": format_number(wording.in_stored_unit(stated[0].amount, scale, unit)),
            "unit": indicator.unit_en,
            "value": format_number(self.value),
            "shown": shown,
        }


class Task(Cited, models.Model):
    """One of a report's main tasks for the year, in the report's order."""

    publication_parent = "report"

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("report")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)

    objects = VisibilityQuerySet.as_manager()

    class Meta:
        ordering = ["report", "order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        permissions = [("translate_task", "Can translate tasks")]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "order"],
                name="task_unique_order_per_report",
                violation_error_message=_("This report already has a task in this position."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.report.get_absolute_url()}#task-{self.order}"
