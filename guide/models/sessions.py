"""One year's Two Sessions of a division, and the annual meetings of its bodies."""

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..addresses import address
from ..numbering import chinese_numeral, english_ordinal, ordinal
from ..years import OUT_OF_RANGE, plausible_year
from .images import GuideImageField, described, require_description
from .places import Body, Division, Term, Venue
from .publishing import Publishable, VisibilityQuerySet, is_public
from .sources import Citation, Cited, with_sources

COVER_NEEDS_DESCRIPTION = _("A cover image needs a description in English and in Chinese.")


class SessionQuerySet(VisibilityQuerySet):
    def for_list(self):
        return self.select_related("division")

    def for_calendar(self):
        """Sessions with their meetings, for season timelines and tables."""
        return self.select_related("division").prefetch_related(
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("body", "venue").order_by(
                    "opening_date", "body__kind"
                ),
            )
        )

    def years(self):
        return self.order_by("-year").values_list("year", flat=True).distinct()

    def for_detail(self):
        from .content import Explainer
        from .decisions import Decision
        from .reports import Report

        return self.select_related("division", "venue").prefetch_related(
            with_sources(),
            Prefetch("explainers", queryset=self.children(Explainer.objects.all())),
            Prefetch(
                "decisions",
                queryset=self.children(
                    Decision.objects.select_related("meeting__body")
                    .prefetch_related(
                        Prefetch("citations", queryset=Citation.objects.select_related("source"))
                    )
                    .order_by("date", "pk")
                ),
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("body", "term", "venue").prefetch_related(
                    with_sources(),
                    Prefetch(
                        "reports",
                        queryset=self.children(Report.objects.select_related("presenter")),
                    ),
                ),
            ),
        )


class Session(Publishable, Cited):
    """The Two Sessions of one division in one year."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        HELD = "held", _("Held")

    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("division")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.HELD)
    postponed_from = models.DateField(
        _("originally planned opening"),
        null=True,
        blank=True,
        help_text=_("Only when the sessions were postponed: the date first planned."),
    )
    state_note = models.CharField(
        _("note on the state"),
        max_length=300,
        blank=True,
        help_text=_("E.g. why and from when the sessions were postponed."),
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("venue"),
    )
    summary = models.TextField(_("summary"), blank=True)
    cover_image = GuideImageField(_("cover image"), upload_to="sessions/", blank=True)
    cover_image_alt = models.CharField(
        _("cover image description"),
        max_length=300,
        blank=True,
        help_text=_("Describe the image for readers who cannot see it."),
    )

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "division__code"]
        # Translators: one division's Two Sessions in one year (年度两会), not a browser session.
        verbose_name = pgettext_lazy("Two Sessions", "session")
        # Translators: the plural of the same (年度两会).
        verbose_name_plural = pgettext_lazy("Two Sessions", "sessions")
        permissions = [
            ("publish_session", "Can publish sessions"),
            ("translate_session", "Can translate sessions"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "year"],
                name="session_unique_division_year",
                violation_error_message=_("This division already has a session in this year."),
            ),
            models.CheckConstraint(
                condition=plausible_year("year"),
                name="session_year_plausible",
                violation_error_message=OUT_OF_RANGE,
            ),
            models.CheckConstraint(
                condition=Q(cover_image="") | described("cover_image_alt"),
                name="session_cover_image_has_alt",
                violation_error_message=COVER_NEEDS_DESCRIPTION,
            ),
        ]

    def __str__(self):
        return f"{self.division} {self.year}"

    def get_absolute_url(self):
        return address("guide:session_detail", self.year, self.division.slug)

    def clean(self):
        super().clean()
        errors = require_description(
            self, "cover_image", "cover_image_alt", COVER_NEEDS_DESCRIPTION
        )
        venue_error = wrong_venue(self.venue, self.division_id)
        if venue_error:
            errors["venue"] = venue_error
        if self.state == self.State.HELD and self.year:
            today = timezone.localdate()
            opened = [
                meeting.opening_date
                for meeting in (self.meetings.all() if self.pk else [])
                if meeting.opening_date
            ]
            if self.year > today.year or (opened and min(opened) > today):
                errors["state"] = _(
                    "Sessions that have not opened yet cannot be “held”: choose “scheduled”."
                )
        if errors:
            raise ValidationError(errors)

    def start_next_season(self):
        """The next year's session as a scheduled draft, with a meeting for each of this
        session's (same body, term and venue, the next session number, no dates: they are not
        known until announced) and an empty draft of each report (same kind and title). Raises
        ValidationError when the next season cannot be derived from this one."""
        year = self.year + 1
        if Session.objects.filter(division_id=self.division_id, year=year).exists():
            raise ValidationError(
                _("%(division)s already has a %(year)d session.")
                % {"division": self.division, "year": year}
            )
        meetings = list(self.meetings.select_related("term", "body").prefetch_related("reports"))
        for meeting in meetings:
            term = meeting.term
            if (term.end_year and term.end_year < year) or meeting.session_number >= 5:
                raise ValidationError(
                    _(
                        "The %(term)s term of %(body)s does not run into %(year)d: add the "
                        "next term's first session by hand."
                    )
                    % {"term": ordinal(term.number), "body": meeting.body, "year": year}
                )
        with transaction.atomic():
            return self._create_next_season(year, meetings)

    def _create_next_season(self, year, meetings):
        from .reports import Report

        session = Session(
            division_id=self.division_id,
            year=year,
            state=Session.State.SCHEDULED,
            venue_id=self.venue_id,
        )
        session.full_clean()
        session.save()
        for meeting in meetings:
            number = meeting.session_number + 1
            following = Meeting(
                session=session,
                body_id=meeting.body_id,
                term_id=meeting.term_id,
                session_number=number,
                venue_id=meeting.venue_id,
                name_en=next_session_name_en(meeting.name_en, number),
                name_zh_hans=next_session_name_zh(meeting.name_zh_hans, number),
            )
            following.full_clean()
            following.save()
            for report in meeting.reports.all():
                if str(self.year) in f"{report.title_en}{report.title_zh_hans}":
                    continue
                Report(
                    meeting=following,
                    kind=report.kind,
                    title_en=report.title_en,
                    title_zh_hans=report.title_zh_hans,
                ).save()
        return session


def next_session_name_en(name, number):
    """“3rd Session of the 6th …” → “4th Session of the 6th …”."""
    renamed, count = re.subn(
        r"^\d+(st|nd|rd|th) Session", f"{english_ordinal(number)} Session", name or ""
    )
    if not count:
        raise ValidationError(
            _("“%(name)s” does not name its session number: add the meeting by hand.")
            % {"name": name}
        )
    return renamed


def next_session_name_zh(name, number):
    """“…第三次会议（…六届三次会议）” → “…第四次会议（…六届四次会议）”."""
    previous, following = chinese_numeral(number - 1), chinese_numeral(number)
    renamed, count = re.subn(f"第{previous}次会议", f"第{following}次会议", name or "")
    if not count:
        raise ValidationError(
            _("“%(name)s” does not name its session number: add the meeting by hand.")
            % {"name": name}
        )
    return re.sub(f"届{previous}次", f"届{following}次", renamed)


def wrong_venue(venue, division_id):
    """The message for a venue of another division than the session's; a national venue (the
    Great Hall of the People) may host any session."""
    if venue is None or not division_id or venue.division_id == division_id:
        return None
    if venue.division.is_national:
        return None
    return _("This venue is in %(venue_division)s: choose one of the session's division.") % {
        "venue_division": venue.division
    }


class Certainty(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    SCHEDULED = "scheduled", _("Scheduled (announced in advance)")
    INFERRED = "inferred", _("Inferred")
    UNKNOWN = "unknown", _("Not known")


class MeetingQuerySet(VisibilityQuerySet):
    def for_calendar(self):
        return (
            self.filter(opening_date__isnull=False)
            .select_related("session__division", "body", "venue")
            .order_by("opening_date", "body__kind", "pk")
        )

    def for_detail(self):
        from .reports import Report

        return self.select_related("session__division", "body", "term", "venue").prefetch_related(
            with_sources(),
            Prefetch(
                "reports",
                queryset=self.children(Report.objects.select_related("presenter")),
            ),
        )


class Meeting(Cited, models.Model):
    """One body's annual session, e.g. the 3rd Session of the 13th National People's Congress."""

    publication_parent = "session"

    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=pgettext_lazy("Two Sessions", "session"),
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("term")
    )
    session_number = models.PositiveSmallIntegerField(
        _("session number"), help_text=_("1 for the term's first annual session, and so on.")
    )
    name = models.CharField(_("name"), max_length=200)
    opening_date = models.DateField(_("opening date"), null=True, blank=True)
    opening_certainty = models.CharField(
        _("certainty of the opening date"),
        max_length=10,
        choices=Certainty,
        default=Certainty.UNKNOWN,
    )
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    closing_certainty = models.CharField(
        _("certainty of the closing date"),
        max_length=10,
        choices=Certainty,
        default=Certainty.UNKNOWN,
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("venue"),
    )
    summary = models.TextField(_("summary"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("What the sources leave open, e.g. why the session number skips one."),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["session", "opening_date", "body__kind"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        permissions = [("translate_meeting", "Can translate meetings")]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "body"],
                name="meeting_unique_body_per_session",
                violation_error_message=_("This body already has a meeting in this session."),
            ),
            models.CheckConstraint(
                condition=Q(closing_date__isnull=True)
                | Q(opening_date__isnull=True)
                | Q(closing_date__gte=F("opening_date")),
                name="meeting_closes_after_opening",
                violation_error_message=_("The closing date cannot be before the opening date."),
            ),
            models.CheckConstraint(
                condition=Q(opening_date__isnull=True, opening_certainty="unknown")
                | (Q(opening_date__isnull=False) & ~Q(opening_certainty="unknown")),
                name="meeting_opening_certainty_matches_date",
                violation_error_message=_("Give the opening date with its certainty, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(closing_date__isnull=True, closing_certainty="unknown")
                | (Q(closing_date__isnull=False) & ~Q(closing_certainty="unknown")),
                name="meeting_closing_certainty_matches_date",
                violation_error_message=_("Give the closing date with its certainty, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(session_number__gte=1, session_number__lte=10),
                name="meeting_session_number_range",
                violation_error_message=_("The session number must be between 1 and 10."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address(
            "guide:meeting_detail", self.session.year, self.session.division.slug, self.body.kind
        )

    @property
    def is_public(self):
        return is_public(self)

    def clean(self):
        super().clean()
        errors = {}
        # In the admin the session may be the unsaved parent of an inline form.
        session = self._meta.get_field("session").get_cached_value(self, None)
        if session is None and self.session_id:
            session = self.session
        if self.body_id and session and self.body.division_id != session.division_id:
            errors["body"] = _("Choose a body of the session's division.")
        if self.term_id and self.body_id and self.term.body_id != self.body_id:
            errors["term"] = _("Choose a term of the same body.")
        if session is not None:
            for name in ("opening_date", "closing_date"):
                date = getattr(self, name)
                if date and session.year and date.year != session.year:
                    errors[name] = _(
                        "The meetings of the %(year)d session take place in %(year)d."
                    ) % {"year": session.year}
            venue_error = wrong_venue(self.venue, session.division_id)
            if venue_error:
                errors["venue"] = venue_error
        if errors:
            raise ValidationError(errors)
