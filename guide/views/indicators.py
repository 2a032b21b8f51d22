"""Indicators: the list, every figure of one indicator, and all divisions' targets for a year."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from ..chart_data import targets_by_division_chart
from ..models import Division, Figure, Indicator, split_targets_and_results


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
        figures = list(
            Figure.objects.published()
            .filter(indicator=self.object)
            .for_table()
            .order_by("division__code", "year", "kind")
        )
        context.update(
            figures=figures,
            target_years=sorted(
                {f.year for f in split_targets_and_results(figures).targets}, reverse=True
            ),
            divisions=sorted({f.division for f in figures}, key=lambda d: d.code or ""),
            synthetic=self.object.synthetic,
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
        context.update(
            indicator=indicator,
            year=year,
            targets=targets if national in targets or national is None else [national, *targets],
            national=national,
            chart=targets_by_division_chart(indicator, year, targets, national),
            synthetic=indicator.synthetic,
        )
        return context
