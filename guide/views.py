from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, TemplateView

from .models import (
    Division,
    Explainer,
    GlossaryTerm,
    Indicator,
    Meeting,
    Person,
    Report,
    Session,
)


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


class HomeView(TemplateView):
    template_name = "guide/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions = Session.objects.published().for_list()
        context["latest_national"] = (
            sessions.filter(division__kind=Division.Kind.NATIONAL).order_by("-year").first()
        )
        context["recent_sessions"] = sessions.order_by("-year", "division__code")[:12]
        context["explainers"] = Explainer.objects.published()
        return context


class SessionDetailView(PreviewMixin, DetailView):
    context_object_name = "session"

    def get_object(self, queryset=None):
        queryset = self.visible(Session.objects.for_detail())
        return get_object_or_404(
            queryset, year=self.kwargs["year"], division__slug=self.kwargs["division"]
        )


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


class ReportDetailView(PreviewMixin, DetailView):
    context_object_name = "report"

    def get_object(self, queryset=None):
        queryset = self.visible(Report.objects.for_detail())
        return get_object_or_404(
            queryset,
            meeting__session__year=self.kwargs["year"],
            meeting__session__division__slug=self.kwargs["division"],
            kind=self.kwargs["kind"],
        )


class DivisionDetailView(DetailView):
    context_object_name = "division"

    def get_queryset(self):
        return Division.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sessions"] = self.object.sessions.published().order_by("-year")
        return context


class PersonDetailView(PreviewMixin, DetailView):
    context_object_name = "person"

    def get_queryset(self):
        return self.visible(Person.objects.for_detail())


class IndicatorDetailView(DetailView):
    context_object_name = "indicator"
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_queryset(self):
        return Indicator.objects.all()

    def get_context_data(self, **kwargs):
        from .models import Figure

        context = super().get_context_data(**kwargs)
        context["figures"] = (
            Figure.objects.published()
            .filter(indicator=self.object)
            .for_table()
            .order_by("division__code", "year", "kind")
        )
        return context


class ExplainerDetailView(PreviewMixin, DetailView):
    context_object_name = "explainer"

    def get_queryset(self):
        return self.visible(Explainer.objects.all())


class GlossaryView(TemplateView):
    template_name = "guide/glossary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["terms"] = GlossaryTerm.objects.published().prefetch_related("related")
        return context


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    return TemplateResponse(request, "robots.txt", content_type="text/plain; charset=utf-8")


@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"database": "unavailable"}, status=503)
    return HttpResponse("ok", content_type="text/plain")
