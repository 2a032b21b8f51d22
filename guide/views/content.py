"""Our own writing: the explainers and the glossary."""

from django.db.models import Prefetch
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView, TemplateView
from modeltranslation.utils import build_localized_fieldname

from ..models import Explainer, GlossaryTerm
from .preview import PreviewMixin


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
