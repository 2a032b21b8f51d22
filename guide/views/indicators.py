"""Indicators: the list, every figure of one indicator, and all divisions' targets for a year."""

from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from ..caching import drawn
from ..chart_data import division_map, targets_by_division_chart
from ..models import Division, Figure, Indicator

# Every figure of an indicator, across divisions and years: a page at a time.
FIGURES_PER_PAGE = 100


class DivisionLink(NamedTuple):
    slug: str
    short_name: str


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
        figures = Figure.objects.published().filter(indicator=self.object)
        # What the lists above the table need, of every figure, in one query of plain values.
        rows = list(
            figures.order_by().values_list(
                "year",
                "kind",
                "division__code",
                "division__slug",
                # Plain values skip modeltranslation: both languages, to fall back to English.
                "division__short_name_en",
                "division__short_name_zh_hans",
            )
        )
        chinese = get_language() == "zh-hans"
        paginator = Paginator(
            figures.for_table().order_by("division__code", "year", "kind", "pk"), FIGURES_PER_PAGE
        )
        paginator.count = len(rows)
        divisions = {
            (code or "", slug, (chinese and zh) or en) for _y, _k, code, slug, en, zh in rows
        }
        context.update(
            page_obj=paginator.get_page(self.request.GET.get("page")),
            target_years=sorted(
                {year for year, kind, *_division in rows if kind == Figure.Kind.TARGET},
                reverse=True,
            ),
            divisions=[DivisionLink(slug, name) for _code, slug, name in sorted(divisions)],
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
            chart=drawn(
                f"targets-{indicator.pk}-{year}",
                lambda: targets_by_division_chart(indicator, year, targets, national),
            ),
            synthetic=indicator.synthetic,
            map=drawn(
                f"map-{indicator.pk}-{year}",
                lambda: division_map(
                    f"map-{indicator.code}-{year}",
                    indicator,
                    year,
                    targets,
                    national,
                    Division.objects.provincial().order_by("code"),
                ),
            ),
        )
        return context
