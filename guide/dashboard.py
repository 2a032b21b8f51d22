"""The editors' dashboard on the admin index: my drafts, what is scheduled, what changed lately,
and what is missing. Each list is short, bounded and links to the page that fixes it."""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import Explainer, Figure, GlossaryTerm, Meeting, Person, Report, Session, Status

PUBLISHABLE = [Session, Report, Figure, Person, Explainer, GlossaryTerm]
LENGTH = 8


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model, query=""):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return f"{url}?{query}" if query else url


def item(obj, note=""):
    return {
        "label": str(obj),
        "kind": capfirst(obj._meta.verbose_name),
        "url": change_url(obj),
        "note": note,
    }


def my_drafts(user):
    """Drafts among the objects this user changed last in the admin."""
    entries = LogEntry.objects.filter(user=user).order_by("-action_time")[:200]
    by_type = {}
    for content_type_id, object_id in entries.values_list("content_type_id", "object_id"):
        by_type.setdefault(content_type_id, []).append(object_id)
    found = []
    for model in PUBLISHABLE:
        ids = by_type.get(ContentType.objects.get_for_model(model).pk)
        if ids:
            found += model.objects.filter(pk__in=ids, status=Status.DRAFT).order_by("-updated_at")[
                :LENGTH
            ]
    found.sort(key=lambda obj: obj.updated_at, reverse=True)
    return [item(obj) for obj in found[:LENGTH]]


def scheduled():
    from .admin.base import beijing_and_utc

    now = timezone.now()
    found = []
    for model in PUBLISHABLE:
        found += model.objects.filter(status=Status.PUBLISHED, published_at__gt=now).order_by(
            "published_at"
        )[:LENGTH]
    found.sort(key=lambda obj: obj.published_at)
    return [
        item(obj, _("from %(time)s") % {"time": beijing_and_utc(obj.published_at)})
        for obj in found[:LENGTH]
    ]


def recently_changed():
    entries = LogEntry.objects.select_related("user", "content_type").order_by("-action_time")
    return [
        {
            "label": entry.object_repr,
            "kind": capfirst(entry.content_type.name) if entry.content_type else "",
            "url": entry.get_admin_url() if not entry.is_deletion() else "",
            "note": _("%(action)s by %(user)s, %(time)s")
            % {
                "action": entry.get_action_flag_display(),
                "user": entry.user.get_username(),
                "time": timezone.localtime(entry.action_time).strftime("%Y-%m-%d %H:%M"),
            },
        }
        for entry in entries[:LENGTH]
    ]


def missing():
    """(title, items, link to the whole list, count) for each kind of gap."""
    has_report = Report.objects.filter(meeting__session=OuterRef("pk"))
    sessions = Session.objects.select_related("division").filter(~Exists(has_report))
    has_figure = Figure.objects.filter(report=OuterRef("pk"))
    reports = Report.objects.select_related("meeting__session__division").filter(
        ~Exists(has_figure)
    )
    figures = Figure.objects.select_related("indicator").filter(source__isnull=True)
    meetings = Meeting.objects.select_related("session__division").filter(opening_date__isnull=True)
    return [
        {
            "title": _("Sessions without a report"),
            "items": [item(obj) for obj in sessions.order_by("-year")[:LENGTH]],
            "more": changelist_url(Session),
        },
        {
            "title": _("Reports without figures"),
            "items": [item(obj) for obj in reports.order_by("-meeting__session__year")[:LENGTH]],
            "more": changelist_url(Report),
        },
        {
            "title": _("Figures without a source"),
            "items": [item(obj) for obj in figures.order_by("-year")[:LENGTH]],
            "more": changelist_url(Figure, "source__isnull=True"),
        },
        {
            "title": _("Meetings whose dates are not recorded"),
            "items": [item(obj) for obj in meetings.order_by("-session__year")[:LENGTH]],
            "more": changelist_url(Meeting, "opening_date__isnull=True"),
        },
    ]


def dashboard(request):
    return {
        "my_drafts": my_drafts(request.user),
        "scheduled": scheduled(),
        "recently_changed": recently_changed(),
        "missing": missing(),
    }


class GuideAdminSite(admin.AdminSite):
    """The admin with the editors' dashboard on its index page."""

    index_template = "admin/guide_index.html"

    def index(self, request, extra_context=None):
        return super().index(request, {"dashboard": dashboard(request), **(extra_context or {})})
