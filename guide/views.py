import datetime

from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView
from modeltranslation.utils import build_localized_fieldname

from . import charts, comparisons, search
from .formatting import describe, value_formatter
from .models import (
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
    published_q,
)
from .numbering import ordinal

MONTHS = [datetime.date(2000, month, 1) for month in range(1, 13)]


class PreviewMixin:
    """Visitors see published content; staff also see drafts, marked as a preview."""

    def visible(self, queryset):
        if self.request.user.is_staff:
            return queryset
        return queryset.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["is_preview"] = not self.object.is_public
        return context


def timeline_labels():
    from django.utils.dateformat import format as date_format

    return {
        "months": [date_format(month, "M") for month in MONTHS],
        "cppcc": _("CPPCC committee"),
        "congress": _("People's congress"),
        "cppcc_letter": pgettext("timeline letter for the CPPCC", "C"),
        "congress_letter": pgettext("timeline letter for the people's congress", "P"),
        "scheduled": _("scheduled or inferred date"),
        "inferred": _("inferred"),
        "postponed": _("originally planned"),
        "unknown_end": _("closing date not recorded"),
    }


def season_rows(sessions):
    rows = []
    for session in sessions:
        bars = [
            {
                "kind": meeting.body.kind,
                "start": meeting.opening_date,
                "end": meeting.closing_date,
                "certainty": (
                    meeting.opening_certainty
                    if meeting.opening_certainty != "verified"
                    else meeting.closing_certainty
                    if meeting.closing_date and meeting.closing_certainty != "verified"
                    else "verified"
                ),
                "postponed_from": session.postponed_from,
            }
            for meeting in session.meetings.all()
            if meeting.opening_date
        ]
        if bars:
            rows.append({"label": session.division.short_name, "bars": bars})
    return rows


def season_chart(chart_id, year, sessions):
    rows = season_rows(sessions)
    if not rows:
        return ""
    last = max((bar["end"] or bar["start"]) for row in rows for bar in row["bars"])
    # One month beyond the last meeting leaves room for the labels at the end of the bars.
    end = datetime.date(year, min(12, max(3, last.month + 1)), 1)
    end = (end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )
    return charts.season_timeline(
        chart_id,
        _("The %(year)s Two Sessions season") % {"year": year},
        _(
            "Bars show when each division's CPPCC committee and people's congress met in "
            "%(year)s. The same dates are in the table below."
        )
        % {"year": year},
        rows,
        datetime.date(year, 1, 1),
        end,
        timeline_labels(),
    )


class HomeView(TemplateView):
    template_name = "guide/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = Session.objects.published()
        latest_national = (
            sessions.filter(division__kind=Division.Kind.NATIONAL)
            .select_related("division")
            .order_by("-year")
            .first()
        )
        season_year = sessions.filter(year__lte=datetime.date.today().year).years().first()
        season = list(sessions.filter(year=season_year).for_calendar()) if season_year else []
        context.update(
            latest_national=latest_national,
            latest_report=(
                Report.objects.published()
                .filter(meeting__session=latest_national)
                .for_list()
                .first()
                if latest_national
                else None
            ),
            season_year=season_year,
            season=season,
            explainers=Explainer.objects.published(),
            years=list(sessions.years()),
        )
        return context


class YearListView(TemplateView):
    template_name = "guide/year_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = (
            Session.objects.published().values("year").annotate(count=Count("pk")).order_by("-year")
        )
        return context


class YearDetailView(TemplateView):
    template_name = "guide/year_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.kwargs["year"]
        sessions = list(
            Session.objects.published().filter(year=year).for_calendar().order_by("division__code")
        )
        if not sessions:
            raise Http404(_("No sessions are recorded for this year."))
        years = list(Session.objects.published().years())
        context.update(
            year=year,
            sessions=sessions,
            chart=season_chart(f"season-{year}", year, sessions),
            previous_year=next((y for y in years if y < year), None),
            next_year=next((y for y in reversed(years) if y > year), None),
        )
        return context


class SessionDetailView(PreviewMixin, DetailView):
    context_object_name = "session"

    def get_object(self, queryset=None):
        queryset = self.visible(Session.objects.for_detail())
        return get_object_or_404(
            queryset, year=self.kwargs["year"], division__slug=self.kwargs["division"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        meetings = session.meetings.all()
        reports = [r for m in meetings for r in m.reports.all()]
        context["reports"] = reports
        # A venue column only when a meeting was held somewhere other than the session's venue.
        context["meeting_venues"] = any(
            m.venue_id not in {None, session.venue_id} for m in meetings
        )
        context["has_sources"] = bool(session.citations.all()) or any(
            m.citations.all() for m in meetings
        )
        link_target_checks(session, reports)
        context["key_figures"] = (
            Figure.objects.published()
            .targets()
            .filter(report__in=reports, year=self.object.year)
            .for_table()[:8]
        )
        context["chart"] = season_chart(f"season-{self.object.pk}", self.object.year, [self.object])
        context["people"] = Person.objects.published().in_office(
            self.object.division, self.object.year
        )
        return context


def link_target_checks(session, reports):
    """Marks each report with what its "were the targets met?" links can point at:
    ``has_targets`` (its own targets, judged on its targets page) and ``judged_year``, the year of
    the previous report whose targets it judges (the report page's last-year section), or None.
    Two queries, whatever the number of reports."""
    previous = {}
    earlier = (
        Report.objects.published()
        .filter(
            meeting__session__division=session.division,
            meeting__session__year__lt=session.year,
            kind__in={report.kind for report in reports},
        )
        .order_by("-meeting__session__year")
        .values_list("kind", "pk", "meeting__session__year")
    )
    for kind, pk, year in earlier:
        previous.setdefault(kind, (pk, year))
    with_targets = set(
        Figure.objects.published()
        .targets()
        .filter(report__in=[pk for pk, _year in previous.values()] + [r.pk for r in reports])
        .order_by()
        .values_list("report_id", flat=True)
        .distinct()
    )
    for report in reports:
        report.has_targets = report.pk in with_targets
        pk, year = previous.get(report.kind, (None, None))
        report.judged_year = year if pk in with_targets else None


class MeetingDetailView(PreviewMixin, DetailView):
    context_object_name = "meeting"

    def get_object(self, queryset=None):
        queryset = self.visible(Meeting.objects.for_detail())
        return get_object_or_404(
            queryset,
            session__year=self.kwargs["year"],
            session__division__slug=self.kwargs["division"],
            body__kind=self.kwargs["body"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        context["term_ordinal"] = ordinal(meeting.term.number)
        context["session_ordinal"] = ordinal(meeting.session_number)
        context["event_data"] = event_data(self.request, meeting)
        return context


def event_data(request, meeting):
    """schema.org Event for a meeting, dates only where they are known."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.name,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "eventStatus": (
            "https://schema.org/EventRescheduled"
            if meeting.session.postponed_from
            else "https://schema.org/EventScheduled"
        ),
        "organizer": {"@type": "GovernmentOrganization", "name": meeting.body.name},
    }
    if meeting.opening_date:
        data["startDate"] = meeting.opening_date.isoformat()
    if meeting.closing_date:
        data["endDate"] = meeting.closing_date.isoformat()
    if meeting.venue:
        data["location"] = {
            "@type": "Place",
            "name": meeting.venue.name,
            "address": meeting.venue.city or meeting.session.division.name,
        }
    if meeting.summary:
        data["description"] = meeting.summary
    return data


def person_data(request, person):
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "alternateName": sorted(
            name
            for name in {person.name_en, person.name_zh_hans, person.pinyin} - {person.name}
            if name
        ),
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "jobTitle": [membership.role for membership in person.memberships.all()],
    }
    if person.biography:
        data["description"] = person.biography
    if person.photo:
        data["image"] = request.build_absolute_uri(person.photo.url)
    return data


class ReportMixin(PreviewMixin):
    context_object_name = "report"

    def get_report_queryset(self):
        return Report.objects.for_detail()

    def get_object(self, queryset=None):
        queryset = self.visible(self.get_report_queryset())
        return get_object_or_404(
            queryset.of_session(self.kwargs["year"], self.kwargs["division"], self.kwargs["kind"])
        )

    def previous_report(self):
        return (
            self.visible(Report.objects.for_list())
            .filter(
                meeting__session__division=self.object.meeting.session.division,
                meeting__session__year__lt=self.object.meeting.session.year,
                kind=self.object.kind,
            )
            .order_by("-meeting__session__year")
            .first()
        )


class ReportDetailView(ReportMixin, DetailView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = list(self.object.figures.all())
        results = [f for f in figures if f.kind == Figure.Kind.RESULT]
        previous = self.previous_report()
        previous_targets = (
            list(Figure.objects.published().targets().filter(report=previous).for_history())
            if previous
            else []
        )
        context.update(
            targets=[f for f in figures if f.kind == Figure.Kind.TARGET],
            results=results,
            previous_report=previous,
            last_year=comparisons.compare(previous_targets, results),
        )
        return context


class ReportTargetsView(ReportMixin, DetailView):
    """This report's targets next to the results reported a year later."""

    template_name = "guide/report_targets.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        targets = [f for f in self.object.figures.all() if f.kind == Figure.Kind.TARGET]
        context["comparisons"] = comparisons.scorecard(targets)
        return context


class ReportChangesView(ReportMixin, DetailView):
    """Targets added, dropped and changed since the previous year's report."""

    template_name = "guide/report_changes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        previous = self.previous_report()
        targets = Figure.objects.published().targets().select_related("indicator")
        current = [f for f in self.object.figures.all() if f.kind == Figure.Kind.TARGET]
        context.update(
            previous_report=previous,
            changes=comparisons.target_changes(
                targets.filter(report=previous) if previous else [], current
            ),
        )
        return context


class DivisionListView(TemplateView):
    template_name = "guide/division_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        divisions = Division.objects.annotate(
            session_count=Count("sessions", filter=published_q("sessions__"))
        ).order_by("code")
        groups = {}
        for division in divisions:
            groups.setdefault(division.kind, []).append(division)
        context["groups"] = [
            (label, groups.get(kind, []))
            for kind, label in Division.Kind.choices
            if groups.get(kind)
        ]
        return context


class DivisionDetailView(DetailView):
    context_object_name = "division"

    def get_queryset(self):
        return Division.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = Figure.objects.published().filter(division=self.object)
        latest = {}
        for figure in figures.targets().select_related("indicator").order_by("-year"):
            latest.setdefault(figure.indicator_id, figure)
        context.update(
            sessions=self.object.sessions.published()
            .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.select_related("body")))
            .order_by("-year"),
            latest_targets=sorted(latest.values(), key=lambda f: f.indicator.order),
            indicators=Indicator.objects.filter(figures__in=figures).distinct(),
        )
        return context


class DivisionIndicatorView(TemplateView):
    """One division's targets and results for one indicator, over the years."""

    template_name = "guide/division_indicator.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        division = get_object_or_404(Division, slug=self.kwargs["slug"])
        indicator = get_object_or_404(Indicator, code=self.kwargs["code"])
        figures = list(
            Figure.objects.published().filter(division=division, indicator=indicator).for_history()
        )
        if not figures:
            raise Http404(_("No figures are recorded for this division and indicator."))
        targets = [f for f in figures if f.kind == Figure.Kind.TARGET]
        results = [f for f in figures if f.kind == Figure.Kind.RESULT]
        rows = comparisons.compare(targets, results)
        target_years = {f.year for f in targets}
        extra_results = {}
        for result in results:
            if result.year not in target_years:
                extra_results.setdefault(result.year, []).append(result)
        rows += [
            comparisons.Comparison(
                indicator=indicator,
                division=division,
                year=year,
                target=None,
                result=comparisons.best_result(found),
                verdict=comparisons.Verdict.NOT_COMPARABLE,
                reason=_("No target for this year is recorded."),
            )
            for year, found in extra_results.items()
        ]
        rows.sort(key=lambda row: row.year)
        context.update(
            division=division,
            indicator=indicator,
            rows=rows,
            chart=history_chart(division, indicator, rows),
        )
        return context


def history_chart(division, indicator, rows):
    def point_of(figure):
        if figure is None or figure.value is None:
            return None
        return {
            "value": figure.value,
            "value_high": figure.value_high,
            "text": describe(figure),
            "preliminary": figure.preliminary,
        }

    points = [
        {"year": row.year, "target": point_of(row.target), "result": point_of(row.result)}
        for row in rows
    ]
    if not any(p["target"] or p["result"] for p in points):
        return ""
    return charts.history_chart(
        f"history-{division.slug}-{indicator.code}",
        _("%(indicator)s in %(division)s: targets and results")
        % {"indicator": indicator.name, "division": division.short_name},
        _("Targets are drawn as squares or ranges, results as dots; the table below has the data."),
        points,
        format_value=value_formatter(indicator),
        labels={
            "target": _("target"),
            "target_range": _("target range"),
            "result": _("result"),
            "preliminary": _("preliminary result"),
        },
    )


class IndicatorListView(ListView):
    template_name = "guide/indicator_list.html"
    context_object_name = "indicators"

    def get_queryset(self):
        return Indicator.objects.annotate(
            figure_count=Count("figures", filter=Q(figures__in=Figure.objects.published()))
        ).filter(figure_count__gt=0)


class IndicatorDetailView(DetailView):
    context_object_name = "indicator"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return Indicator.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = (
            Figure.objects.published()
            .filter(indicator=self.object)
            .for_table()
            .order_by("division__code", "year", "kind")
        )
        context.update(
            figures=figures,
            target_years=sorted(
                {f.year for f in figures if f.kind == Figure.Kind.TARGET}, reverse=True
            ),
            divisions=sorted({f.division for f in figures}, key=lambda d: d.code or ""),
        )
        return context


class IndicatorYearView(TemplateView):
    """Every division's target for one indicator and year, with the national target."""

    template_name = "guide/indicator_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        indicator = get_object_or_404(Indicator, code=self.kwargs["code"])
        year = self.kwargs["year"]
        targets = list(
            Figure.objects.published()
            .targets()
            .filter(indicator=indicator, year=year)
            .select_related("division", "indicator", "source")
            .order_by("division__code")
        )
        if not targets:
            raise Http404(_("No targets are recorded for this indicator and year."))
        national = next((f for f in targets if f.division.is_national), None)
        if national is None and indicator.national_counterpart_id:
            national = (
                Figure.objects.published()
                .targets()
                .filter(
                    indicator_id=indicator.national_counterpart_id,
                    year=year,
                    division__kind=Division.Kind.NATIONAL,
                )
                .select_related("indicator", "division", "source")
                .first()
            )
        rows = [
            {
                "label": f.division.short_name,
                "value": f.value,
                "value_high": f.value_high,
                "text": describe(f),
                "highlight": f.division.is_national,
            }
            for f in targets
        ]
        context.update(
            indicator=indicator,
            year=year,
            targets=targets if national in targets or national is None else [national, *targets],
            national=national,
            chart=charts.comparison_bars(
                f"targets-{indicator.code}-{year}",
                _("%(indicator)s: %(year)s targets by division")
                % {"indicator": indicator.name, "year": year},
                _("Each bar is one division's target; the dashed line is the national target.")
                if national and national.value is not None
                else _("Each bar is one division's target."),
                rows,
                reference=(
                    {
                        "label": _("National target: %(value)s") % {"value": describe(national)},
                        "value": national.value,
                    }
                    if national and national.value is not None
                    else None
                ),
                format_value=value_formatter(indicator),
                labels={"range": _("target range")},
            ),
        )
        return context


class PersonListView(ListView):
    template_name = "guide/person_list.html"
    context_object_name = "people"

    def get_queryset(self):
        return Person.objects.published().prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("body"))
        )


class PersonDetailView(PreviewMixin, DetailView):
    context_object_name = "person"

    def get_queryset(self):
        return self.visible(Person.objects.for_detail())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person_data"] = person_data(self.request, self.object)
        return context


class ExplainerListView(ListView):
    template_name = "guide/explainer_list.html"
    context_object_name = "explainers"

    def get_queryset(self):
        return Explainer.objects.published()


class ExplainerDetailView(PreviewMixin, DetailView):
    context_object_name = "explainer"

    def get_queryset(self):
        return self.visible(Explainer.objects.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["glossary_terms"] = list(GlossaryTerm.objects.published())
        context["sessions"] = self.object.sessions.published().select_related("division")
        language = get_language()
        has_own_body = bool(getattr(self.object, build_localized_fieldname("body", language)))
        context["body_language"] = language if has_own_body else "en"
        return context


class GlossaryView(TemplateView):
    template_name = "guide/glossary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["terms"] = GlossaryTerm.objects.published().prefetch_related(
            Prefetch("related", queryset=GlossaryTerm.objects.published())
        )
        return context


class SearchView(TemplateView):
    template_name = "guide/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = search.Query(self.request.GET.get("q", ""))
        context.update(query=query, groups=search.run(query) if query.is_valid else [])
        return context


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return TemplateResponse(request, "robots.txt", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says (the admin says nothing)."""
    return redirect(static("guide/favicon.svg"))


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return HttpResponse("ok", content_type="text/plain")
