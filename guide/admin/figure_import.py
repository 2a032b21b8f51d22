"""The report page's figure import: upload or paste, preview every row, confirm, and a template.

Only editors who may add and change figures import; translators get 403 on every URL here,
forged POSTs included. What the preview showed travels to the confirmation signed, and is
checked again against the database before anything is written (see guide/figure_import.py).
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import figure_import
from ..models import Figure

PAYLOAD_MAX_AGE = 60 * 60


class FigureImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet or CSV file"),
        required=False,
        help_text=gettext_lazy(
            ".xlsx, or CSV in UTF-8 or GB18030; the first row names the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt,text/csv"}),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the rows"),
        required=False,
        help_text=gettext_lazy(
            "Copied from a spreadsheet (tab-separated) or CSV, with the row of column names."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "cols": 100, "class": "guide-import-text"}),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["table"] = figure_import.read_table(
                upload=cleaned.get("file"), text=cleaned.get("text", "")
            )
        except figure_import.FileProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return cleaned


class FigureImportMixin:
    """For ReportAdmin: the import URLs, views and the link on the report's page."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/import-figures/",
                wrap(self.import_figures_view),
                name=f"{prefix}_import_figures",
            ),
            path(
                "<path:object_id>/import-figures/template.<str:extension>",
                wrap(self.figure_template_view),
                name=f"{prefix}_figure_template",
            ),
            *super().get_urls(),
        ]

    def may_import_figures(self, request, report=None):
        return all(
            request.user.has_perm(f"guide.{codename}")
            for codename in ("change_report", "add_figure", "change_figure")
        )

    def figure_import_url(self, request, report):
        if report is None or not self.may_import_figures(request, report):
            return None
        return reverse(f"{self.admin_site.name}:guide_report_import_figures", args=[report.pk])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "figure_import_url": self.figure_import_url(request, report),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def importable_report(self, request, object_id):
        report = self.get_object(request, unquote(object_id))
        if report is None:
            raise Http404(_("No report has this number."))
        if not self.may_import_figures(request, report):
            raise PermissionDenied
        return report

    def figure_template_view(self, request, object_id, extension):
        report = self.importable_report(request, object_id)
        session = report.meeting.session
        name = f"figures-{session.division.slug}-{session.year}-{report.kind}"
        if extension == "csv":
            content, kind = figure_import.template_csv(report), "text/csv; charset=utf-8"
        elif extension == "xlsx":
            content = figure_import.template_xlsx(report)
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            raise Http404(_("Templates are offered as .csv and .xlsx."))
        response = HttpResponse(content, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
        return response

    def import_figures_view(self, request, object_id):
        report = self.importable_report(request, object_id)
        salt = f"guide.figure-import:{report.pk}:{request.user.pk}"
        form = FigureImportForm()
        importer = None
        payload = ""
        if request.method == "POST" and "_confirm" in request.POST:
            try:
                data = signing.loads(
                    request.POST.get("payload", ""), salt=salt, max_age=PAYLOAD_MAX_AGE
                )
            except signing.BadSignature:
                messages.error(
                    request,
                    _("The checked rows have expired or were altered; check the file again."),
                )
                return redirect(request.path)
            importer = figure_import.FigureImport(report, figure_import.Table.from_payload(data))
            if importer.apply():
                self.log_import(request, report, importer)
                return redirect(
                    reverse(f"{self.admin_site.name}:guide_report_change", args=[report.pk])
                )
            messages.error(request, _("Nothing was imported: some rows have errors."))
        elif request.method == "POST":
            form = FigureImportForm(request.POST, request.FILES)
            if form.is_valid():
                table = form.cleaned_data["table"]
                importer = figure_import.FigureImport(report, table)
                importer.check()
                if importer.is_valid:
                    payload = signing.dumps(table.as_payload(), salt=salt, compress=True)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import figures"),
            "subtitle": str(report),
            "opts": self.opts,
            "report": report,
            "form": form,
            "importer": importer,
            "counts": importer.counts if importer else None,
            "payload": payload,
            "columns": figure_import.COLUMNS,
            "max_rows": figure_import.MAX_ROWS,
            "report_url": reverse(f"{self.admin_site.name}:guide_report_change", args=[report.pk]),
            "template_urls": [
                (
                    label,
                    reverse(
                        f"{self.admin_site.name}:guide_report_figure_template",
                        args=[report.pk, extension],
                    ),
                )
                for label, extension in ((_("Excel (.xlsx)"), "xlsx"), (_("CSV"), "csv"))
            ],
        }
        return TemplateResponse(request, "admin/guide/report/import_figures.html", context)

    def log_import(self, request, report, importer):
        counts = importer.counts
        for result in importer.results:
            if result.action == result.CREATE:
                self.log_addition(request, result.figure, [{"added": {}}])
            elif result.action == result.CHANGE:
                fields = [
                    str(Figure._meta.get_field(change.field).verbose_name)
                    for change in result.changes
                ]
                self.log_change(request, result.figure, [{"changed": {"fields": fields}}])
        summary = ngettext(
            "%(count)d figure imported", "%(count)d figures imported", counts["create"]
        ) % {"count": counts["create"]}
        changed = ngettext(
            "%(count)d figure changed", "%(count)d figures changed", counts["change"]
        ) % {"count": counts["change"]}
        unchanged = ngettext(
            "%(count)d already as in the file",
            "%(count)d already as in the file",
            counts["unchanged"],
        ) % {"count": counts["unchanged"]}
        message = _("Import: %(created)s, %(changed)s, %(unchanged)s.") % {
            "created": summary,
            "changed": changed,
            "unchanged": unchanged,
        }
        self.log_change(request, report, message)
        messages.success(request, message)
