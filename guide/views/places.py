"""Divisions: the list by kind, a division's page, and its history for one indicator."""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from .. import comparisons
from ..caching import drawn
from ..chart_data import history_chart
from ..models import (
    Division,
    Figure,
    Indicator,
    Meeting,
    Session,
    public_condition,
    split_targets_and_results,
)


class DivisionListView(TemplateView):
    template_name = "guide/division_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        divisions = Division.objects.annotate(
            session_count=Count("sessions", filter=public_condition(Session, "sessions__"))
        ).order_by("code")
        groups = {}
        for division in divisions:
            groups.setdefault(division.kind, []).append(division)
        context["groups"] = [
            (label, groups.get(kind, []))
            for kind, label in Division.Kind.choices
            if groups.get(kind)
        ]
        context["synthetic"] = any(division.synthetic for division in divisions)
        return context


class DivisionDetailView(DetailView):
    context_object_name = "division"

    def get_queryset(self):
        return Division.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = Figure.objects.published().filter(division=self.object)
        # Only the targets of each indicator's latest year with a target come from the database.
        latest_year = (
            figures.targets()
            .filter(indicator=OuterRef("indicator"))
            .order_by("-year")
            .values("year")[:1]
        )
        latest = {}
        for figure in (
            figures.targets()
            .filter(year=Subquery(latest_year))
            .select_related("indicator")
            .order_by("-year", "pk")
        ):
            latest.setdefault(figure.indicator_id, figure)
        context.update(
            sessions=self.object.sessions.published()
            .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.select_related("body")))
            .order_by("-year"),
            latest_targets=sorted(latest.values(), key=lambda f: f.indicator.order),
            indicators=Indicator.objects.filter(figures__in=figures).distinct(),
            synthetic=self.object.synthetic,
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
        targets, results = split_targets_and_results(figures)
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
            chart=drawn(
                f"history-{division.pk}-{indicator.pk}",
                lambda: history_chart(division, indicator, rows),
            ),
            synthetic=division.synthetic or indicator.synthetic,
        )
        return context
