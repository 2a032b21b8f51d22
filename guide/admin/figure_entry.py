"""Entering a report's figures in its own page: a compact row per figure, defaults from the report.

A new figure takes the report's division (always: a report's figures are its division's), its
year from the report's year and the figure's kind when left empty (a target for the report's
year, a result for the year before), and its source from the row above, else from the report's
full text. The quote is typed in the same row, so a figure needs no page of its own.
"""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..figure_import import default_year, report_session
from ..models import Figure
from .base import GuideForm, RoleAwareMixin, as_typed


class FigureEntryForm(GuideForm):
    def __init__(self, *args, entry=None, index=None, **kwargs):
        self.entry = entry
        self.index = index
        super().__init__(*args, **kwargs)
        if "division" in self.fields:
            self.fields["division"].widget = forms.HiddenInput()
        if self.instance.pk is not None or entry is None:
            return
        for name in ("division", "year", "source"):
            if name in self.fields:
                self.fields[name].required = False
        if "division" in self.fields:
            self.initial.setdefault("division", entry.default_division_id)
        if "source" in self.fields and entry.default_source_id:
            self.initial.setdefault("source", entry.default_source_id)
        if "year" in self.fields:
            session = report_session(entry.instance)
            self.fields["year"].widget.attrs["placeholder"] = (
                f"{session.year} / {session.year - 1}" if session else ""
            )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None or self.entry is None:
            return cleaned
        report = self.entry.instance
        if "division" in self.fields:
            session = report_session(report)
            if session is None:
                raise forms.ValidationError(
                    _("Choose the report's meeting first: a figure takes its division from it.")
                )
            cleaned["division"] = session.division
        if "year" in self.fields and cleaned.get("year") is None:
            cleaned["year"] = default_year(report, cleaned.get("kind"))
        if "source" in self.fields and cleaned.get("source") is None:
            cleaned["source"] = self.entry.source_before(self.index)
        return cleaned


class FigureEntryFormSet(BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "entry": self, "index": index}

    @property
    def default_division_id(self):
        session = report_session(self.instance)
        return session.division_id if session else None

    @cached_property
    def default_source_id(self):
        """The source a new row starts with: the last figure's, else the report's full text."""
        last = self.get_queryset().exclude(source=None).order_by("-pk").first()
        if last is not None:
            return last.source_id
        return self.instance.full_text_id

    def source_before(self, index):
        """The source of the nearest row above ``index`` that has one, else the report's."""
        for form in reversed(self.forms[:index]):
            source = getattr(form, "cleaned_data", {}).get("source")
            if source is None and form.instance.pk is not None:
                source = form.instance.source
            if source is not None:
                return source
        return self.instance.full_text


class FigureInline(RoleAwareMixin, admin.StackedInline):
    """Both wordings side by side rather than in language tabs: the Chinese one is what
    reports print, and a figure row should show all it holds at a glance."""

    model = Figure
    form = FigureEntryForm
    formset = FigureEntryFormSet
    extra = 0
    template = "admin/guide/figure/compact_inline.html"
    classes = ("guide-compact",)
    fields = (
        ("indicator", "kind", "year", "qualifier", "value", "value_high"),
        ("wording_zh_hans", "wording_en", "source", "preliminary", "value_checked", "status"),
        "quote",
        "division",
    )
    autocomplete_fields = ["indicator", "source"]
    show_change_link = True

    class Media:
        js = ("guide/admin/figure-entry.js",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "source", "division")

    # Translators read the values, as typed, where editors type them.
    TYPED = {"value": "typed_value", "value_high": "typed_value_high"}

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self.translates_only(request):
            return fields
        return [
            tuple(self.TYPED.get(name, name) for name in line)
            if isinstance(line, tuple | list)
            else self.TYPED.get(line, line)
            for line in fields
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if self.translates_only(request):
            readonly = [*readonly, *self.TYPED.values()]
        return readonly

    @admin.display(description=_("value"))
    def typed_value(self, obj):
        return as_typed(obj.value)

    @admin.display(description=_("upper value"))
    def typed_value_high(self, obj):
        return as_typed(obj.value_high)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in {"indicator", "source"}:
            # Indicators and sources are added on their own pages; links would crowd the row.
            wrapper = formfield.widget
            wrapper.can_add_related = wrapper.can_change_related = False
            wrapper.can_delete_related = wrapper.can_view_related = False
        elif db_field.name == "quote":
            formfield.widget = forms.Textarea(attrs={"rows": 2, "class": "guide-quote"})
        elif db_field.name in {"wording_zh_hans", "wording_en"}:
            formfield.widget.attrs.update({"class": "guide-wording"})
        if formfield is not None:
            # The inline's description says once what each row would repeat.
            formfield.help_text = ""
        return formfield
