"""Site-wide pages: the home page, search, robots.txt, the favicon and the health check."""

import datetime

from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from .. import search
from ..models import Division, Explainer, Report, Session


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
