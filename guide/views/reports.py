"""Reports: a report's page, its targets against the results, and what changed since last year."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from .. import comparisons
from ..models import Figure, Report, split_targets_and_results
from .preview import PreviewMixin


class ReportMixin(PreviewMixin):
    context_object_name = "report"

    def get_object(self, queryset=None):
        queryset = self.shaped(self.visible(Report.objects))
        return get_object_or_404(
            queryset.of_session(self.kwargs["year"], self.kwargs["division"], self.kwargs["kind"])
        )

    def shaped(self, queryset):
        return queryset.for_comparison()

    def preview_children(self):
        return self.object.figures.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["synthetic"] = self.object.meeting.session.division.synthetic
        return context

    def figures(self):
        return split_targets_and_results(self.object.figures.all())

    def previous_report(self):
        return (
            self.in_mode(Report.objects.for_list())
            .filter(
                meeting__session__division=self.object.meeting.session.division,
                meeting__session__year__lt=self.object.meeting.session.year,
                kind=self.object.kind,
            )
            .order_by("-meeting__session__year")
            .first()
        )

    def previous_targets(self, previous):
        if previous is None:
            return Figure.objects.none()
        return self.in_mode(Figure.objects.all()).targets().filter(report=previous)


class ReportDetailView(ReportMixin, DetailView):
    def shaped(self, queryset):
        return queryset.for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        targets, results = self.figures()
        previous = self.previous_report()
        context.update(
            targets=targets,
            results=results,
            previous_report=previous,
            last_year=comparisons.compare(
                list(self.previous_targets(previous).for_history()), results
            ),
        )
        return context


class ReportTargetsView(ReportMixin, DetailView):
    """This report's targets next to the results reported a year later."""

    template_name = "guide/report_targets.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["comparisons"] = comparisons.scorecard(self.figures().targets)
        return context


class ReportChangesView(ReportMixin, DetailView):
    """Targets added, dropped and changed since the previous year's report."""

    template_name = "guide/report_changes.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        previous = self.previous_report()
        context.update(
            previous_report=previous,
            changes=comparisons.target_changes(
                self.previous_targets(previous).select_related("indicator"),
                self.figures().targets,
            ),
        )
        return context
