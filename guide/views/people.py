"""People: everyone on record, and one person's posts, reports and sources."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from ..models import Membership, Person
from ..structured_data import person_data
from .preview import PreviewMixin


class PersonListView(ListView):
    template_name = "guide/person_list.html"
    context_object_name = "people"
    paginate_by = 100

    def get_queryset(self):
        return Person.objects.published().prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("body"))
        )


class PersonDetailView(PreviewMixin, DetailView):
    context_object_name = "person"

    def get_queryset(self):
        return self.visible(Person.objects).for_detail()

    def preview_children(self):
        return self.object.reports.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person_data"] = person_data(self.request, self.object)
        context["synthetic"] = self.object.synthetic
        return context
