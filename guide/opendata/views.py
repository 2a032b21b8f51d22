"""Open data: the figures as CSV and JSON, the meetings as a calendar, and the page on them."""

from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from guide.models import Figure, Meeting

from .calendar import calendar_lines
from .export import csv_lines, figure_record, json_chunks
from .forms import FigureFilterForm


def reuse_note():
    return _(
        "The figures are quoted from the official publications named in each record, with the "
        "passage that states them. Please cite the source and the Two Sessions Guide."
    )


def filter_query(form):
    """The valid filters as a query string, e.g. "?year=2024&division=chongqing", or ""."""
    encoded = urlencode(form.chosen(), doseq=True)
    return f"?{encoded}" if encoded else ""


def data_page_context(request, form):
    query = ""
    matching = None
    if form.is_bound and form.is_valid():
        query = filter_query(form)
        matching = form.filter(Figure.objects.published()).count() if query else None
    return {
        "form": form,
        "figure_count": Figure.objects.published().count(),
        "matching_count": matching,
        "csv_url": reverse("guide:figures_csv") + query,
        "json_url": reverse("guide:figures_json") + query,
        "calendar_url": request.build_absolute_uri(reverse("guide:calendar_ics")),
        "feed_url": request.build_absolute_uri(reverse("guide:atom_feed")),
        "reuse_note": reuse_note(),
    }


@require_safe
def data_page(request):
    form = FigureFilterForm(request.GET or None)
    return render(request, "guide/data.html", data_page_context(request, form))


def export_filename(form, extension):
    """E.g. two-sessions-figures_en_2024_chongqing.csv: the language and the filters."""
    parts = ["two-sessions-figures", get_language()]
    parts += ["+".join(values) for values in form.chosen().values() if values]
    return "_".join(parts)[:150] + extension


def figure_records(request, form):
    """The records one by one, read from the database in chunks: the downloads stream."""
    figures = form.filter(Figure.objects.published().for_export())
    return (
        figure_record(figure, request.build_absolute_uri)
        for figure in figures.iterator(chunk_size=2000)
    )


@require_safe
def figures_csv(request):
    form = FigureFilterForm(request.GET)
    if not form.is_valid():
        context = data_page_context(request, form)
        return render(request, "guide/data.html", context, status=400)
    return StreamingHttpResponse(
        csv_lines(figure_records(request, form)),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": content_disposition_header(True, export_filename(form, ".csv")),
            "Access-Control-Allow-Origin": "*",
        },
    )


@require_safe
def figures_json(request):
    form = FigureFilterForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"error": _("These filters cannot be used"), "fields": form.errors.get_json_data()},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    document = {
        "generated": timezone.now().isoformat(timespec="seconds"),
        "source": {
            "name": _("Two Sessions Guide"),
            "url": request.build_absolute_uri(reverse("guide:data")),
        },
        "license": reuse_note(),
        "language": get_language(),
        "filters": form.chosen(),
    }
    return StreamingHttpResponse(
        json_chunks(document, figure_records(request, form)),
        content_type="application/json",
        headers={
            "Content-Disposition": content_disposition_header(
                False, export_filename(form, ".json")
            ),
            "Access-Control-Allow-Origin": "*",
        },
    )


@require_safe
def calendar_ics(request):
    meetings = Meeting.objects.published().for_calendar().iterator(chunk_size=2000)
    return StreamingHttpResponse(
        calendar_lines(meetings, request.build_absolute_uri),
        content_type="text/calendar; charset=utf-8",
    )
