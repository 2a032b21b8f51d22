"""Site-wide pages: the home page, search, robots.txt, the favicon and the health check."""

import datetime

from django.db import DatabaseError, connection
from django.db.models import Count, Q, Subquery
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from .. import search, seasons
from ..caching import drawn
from ..chart_data import division_map
from ..models import Division, Explainer, Figure, Indicator, Report, Session

# The indicator whose targets the home page maps: each division's regional GDP growth target.
MAPPED_INDICATOR = "grp-growth"


def latest_growth_targets():
    """The provincial growth targets of the latest year that has at least two (a map of one
    says little), the national target of that year, and the map of both; two queries."""
    published_targets = Figure.objects.published().targets()
    provincial = Q(
        indicator__code=MAPPED_INDICATOR, division__kind__in=Division.Kind.provincial_kinds()
    )
    national = Q(
        division__kind=Division.Kind.NATIONAL,
        indicator__in=Indicator.objects.filter(code=MAPPED_INDICATOR).values(
            "national_counterpart"
        ),
    )
    latest_year = (
        published_targets.filter(provincial)
        .order_by()
        .values("year")
        .annotate(count=Count("pk"))
        .filter(count__gte=2)
        .order_by("-year")
        .values("year")[:1]
    )
    figures = list(
        published_targets.filter(provincial | national, year=Subquery(latest_year))
        .select_related("division", "indicator")
        .order_by("division__code")
    )
    targets = [f for f in figures if not f.division.is_national]
    if not targets:
        return None
    indicator, year = targets[0].indicator, targets[0].year
    national_target = next((f for f in figures if f.division.is_national), None)
    return {
        "indicator": indicator,
        "year": year,
        "targets": targets,
        "national": national_target,
        "map": drawn(
            f"home-map-{year}",
            lambda: division_map(
                f"map-home-{year}",
                indicator,
                year,
                targets,
                national_target,
                Division.objects.provincial().order_by("code"),
            ),
        ),
    }


def next_season_context():
    season = seasons.next_season()
    return {"next_season": season, "next_season_pattern": seasons.pattern_text(season)}


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
            growth=latest_growth_targets(),
            **next_season_context(),
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
