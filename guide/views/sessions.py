"""Years, sessions and meetings: the season timeline, a division's session, one body's meeting."""

from functools import partial

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from ..caching import drawn
from ..chart_data import season_chart
from ..models import Decision, Figure, Meeting, Person, Report, Session, public_condition
from ..numbering import ordinal
from ..structured_data import event_data
from .preview import PreviewMixin
from .site import next_season_context


class YearListView(TemplateView):
    template_name = "guide/year_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = (
            Session.objects.published().values("year").annotate(count=Count("pk")).order_by("-year")
        )
        context.update(next_season_context())
        return context


class YearDetailView(TemplateView):
    template_name = "guide/year_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        sessions = list(
            Session.objects.published()
            .filter(year=year)
            .for_calendar()
            .annotate(
                has_decisions=Exists(Decision.objects.published().filter(session=OuterRef("pk")))
            )
            .order_by("division__code")
        )
        if not sessions:
            raise Http404(_("No sessions are recorded for this year."))
        years = list(Session.objects.published().years())
        context.update(
            year=year,
            sessions=sessions,
            chart=drawn(f"year-{year}", lambda: season_chart(f"season-{year}", year, sessions)),
            national_session=next(
                (s for s in sessions if s.division.is_national and s.has_decisions), None
            ),
            previous_year=next((y for y in years if y < year), None),
            next_year=next((y for y in reversed(years) if y > year), None),
            synthetic=any(s.division.synthetic for s in sessions),
        )
        return context


class SessionDetailView(PreviewMixin, DetailView):
    context_object_name = "session"

    def get_object(self, queryset=None):
        queryset = self.visible(Session.objects).for_detail()
        return get_object_or_404(
            queryset, year=self.kwargs["year"], division__slug=self.kwargs["division"]
        )

    def preview_children(self):
        return self.reports

    def get_context_data(self, **kwargs):
        session = self.object
        meetings = session.meetings.all()
        self.reports = [r for m in meetings for r in m.reports.all()]
        context = super().get_context_data(**kwargs)
        context["reports"] = self.reports
        # A venue column only when a meeting was held somewhere other than the session's venue.
        context["meeting_venues"] = any(
            m.venue_id not in {None, session.venue_id} for m in meetings
        )
        context["has_sources"] = bool(session.citations.all()) or any(
            m.citations.all() for m in meetings
        )
        figures = self.in_mode(Figure.objects.all())
        link_target_checks(session, self.reports, figures)
        context["key_figures"] = (
            figures.targets().filter(report__in=self.reports, year=session.year).for_table()[:8]
        )
        chart = partial(season_chart, f"season-{session.pk}", session.year, [session])
        context["chart"] = chart() if self.in_preview else drawn(f"session-{session.pk}", chart)
        context["people"] = Person.objects.published().in_office(session.division, session.year)
        context["synthetic"] = session.division.synthetic
        return context


def link_target_checks(session, reports, figures):
    """Marks each report with what its "were the targets met?" links can point at:
    ``has_targets`` (its own targets, judged on its targets page) and ``judged_year``, the year of
    the previous report whose targets it judges (the report page's last-year section), or None.
    ``figures`` are the figures the page may show. One query, whatever the number of reports."""
    if not reports:
        return
    with_targets = figures.targets().filter(report=OuterRef("pk"))
    rows = (
        Report.objects.filter(
            Q(pk__in=[report.pk for report in reports])
            | Q(
                public_condition(Report),
                meeting__session__division=session.division,
                meeting__session__year__lt=session.year,
                kind__in={report.kind for report in reports},
            )
        )
        .annotate(has_targets=Exists(with_targets))
        .order_by("-meeting__session__year")
        .values_list("pk", "kind", "meeting__session__year", "has_targets")
    )
    current = {report.pk for report in reports}
    targets, previous = set(), {}
    for pk, kind, year, has_targets in rows:
        if has_targets:
            targets.add(pk)
        if pk not in current:
            previous.setdefault(kind, (pk, year))
    for report in reports:
        report.has_targets = report.pk in targets
        pk, year = previous.get(report.kind, (None, None))
        report.judged_year = year if pk in targets else None


class MeetingDetailView(PreviewMixin, DetailView):
    context_object_name = "meeting"

    def get_object(self, queryset=None):
        queryset = self.visible(Meeting.objects).for_detail()
        return get_object_or_404(
            queryset,
            session__year=self.kwargs["year"],
            session__division__slug=self.kwargs["division"],
            body__kind=self.kwargs["body"],
        )

    def preview_children(self):
        return self.object.reports.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context["term_ordinal"] = ordinal(meeting.term.number)
        context["session_ordinal"] = ordinal(meeting.session_number)
        context["event_data"] = event_data(self.request, meeting)
        context["synthetic"] = meeting.session.division.synthetic
        return context
