"""The translators' admin: the English beside each translation, stale marks and terminology
notes on the form, the “missing / stale” filter and column of every translated change list,
and the translation status page with its PO download and upload.

Everything here answers to the same permissions as the rest of the admin: a user sees and
changes only the content they may translate (``translate_<model>`` or ``change_<model>``).
"""

from functools import reduce
from operator import or_

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..translating import fields as tf
from ..translating import po, stale, status, terms
from ..translating.keys import Keyring
from ..translating.notes import TranslationNotes


def language_name(code):
    return str(dict(settings.LANGUAGES).get(code, code))


# The form: the English beside the translation, stale marks, terminology -----------------------


class TranslationPairWidget(forms.Widget):
    """Wraps a translation's widget: the English source beside it (read-only) for translators,
    and the notes on it, with their checkboxes, under it."""

    def __init__(self, widget, source=None, notes=()):
        self.widget = widget
        self.source = source
        self.notes = notes
        super().__init__(widget.attrs)

    def __deepcopy__(self, memo):
        return self

    @property
    def is_hidden(self):
        return self.widget.is_hidden

    @property
    def media(self):
        return self.widget.media

    def id_for_label(self, id_):
        return self.widget.id_for_label(id_)

    def value_from_datadict(self, data, files, name):
        return self.widget.value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return self.widget.value_omitted_from_data(data, files, name)

    def use_required_attribute(self, initial):
        return self.widget.use_required_attribute(initial)

    def render(self, name, value, attrs=None, renderer=None):
        target = self.widget.render(name, value, attrs, renderer)
        notes = format_html_join("", "{}", ((note(),) for note in self.notes))
        if self.source is None:
            return format_html("{}{}", target, notes)
        english = self.source or ""
        return format_html(
            '<div class="translation-pair">'
            '<div class="translation-pair__source"><p class="translation-pair__label">{}</p>'
            '<div lang="{}" class="translation-pair__text">{}</div></div>'
            '<div class="translation-pair__target">{}{}</div></div>',
            _("English (source, read-only)"),
            tf.SOURCE_LANGUAGE,
            mark_safe(linebreaks(english, autoescape=True))
            if english
            else format_html('<p class="translation-pair__empty">{}</p>', _("No English text.")),
            target,
            notes,
        )


class TranslationFormMixin:
    """Adds, for each translation on the form of an existing object, the English beside it
    (``side_by_side``, for translators), a stale mark with what changed in the English and a
    “translation still correct” checkbox, and the glossary terms it does not use with a
    checkbox to keep it that way (an exception)."""

    side_by_side = False

    def __init__(self, *args, translation_notes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._confirmations = {}
        self._term_exceptions = {}
        model = type(self.instance)
        if self.instance.pk is None or not tf.translated_fields(model):
            return
        notes = translation_notes or TranslationNotes(model, [self.instance.pk])
        for field in tf.translated_fields(model):
            english = getattr(self.instance, tf.column(field, tf.SOURCE_LANGUAGE)) or ""
            for language in tf.target_languages():
                name = tf.column(field, language)
                if name not in self.fields:
                    continue
                state = notes.stale_state(self.instance, field, language)
                flags = notes.term_flags(self.instance, field, language)
                parts = []
                if state:
                    parts.append(self._stale_note(name, field, language, state, english))
                if flags:
                    parts.append(self._terms_note(name, field, language, flags))
                widget = self.fields[name].widget
                if self.side_by_side:
                    # Not a language tab: the English is beside it.
                    classes = widget.attrs.get("class", "").split()
                    widget.attrs["class"] = " ".join(c for c in classes if not c.startswith("mt"))
                if parts or self.side_by_side:
                    self.fields[name].widget = TranslationPairWidget(
                        widget, english if self.side_by_side else None, parts
                    )

    def _stale_note(self, name, field, language, state, english):
        confirm = f"{name}__still_correct"
        self.fields[confirm] = forms.BooleanField(
            required=False, label=_("Translation still correct")
        )
        self._confirmations[confirm] = (field, language)
        changes = stale.changes_html(state.source_text, english)

        def render():
            bound = self[confirm]
            return format_html(
                '<div class="translation-note translation-note--stale" role="note">'
                '<p><strong>{}</strong> {}</p><p class="translation-diff" lang="{}">{}</p>'
                '<p><label for="{}">{} {}</label></p></div>',
                _("Stale:"),
                _(
                    "the English has changed since this translation was made. What changed "
                    "(removed, added):"
                ),
                tf.SOURCE_LANGUAGE,
                changes,
                bound.id_for_label,
                bound,
                _("The translation is still correct (clears the mark)"),
            )

        return render

    def _terms_note(self, name, field, language, flags):
        keep = f"{name}__keep_terms"
        self.fields[keep] = forms.BooleanField(required=False, label=_("Keep these renderings"))
        self._term_exceptions[keep] = (field, language, flags)

        def render():
            bound = self[keep]
            items = format_html_join(
                "",
                '<li><span lang="en">“{}”</span>: {} <span lang="zh-Hans">{}</span></li>',
                ((term.english, _("the glossary's Chinese is"), term.characters) for term in flags),
            )
            return format_html(
                '<div class="translation-note translation-note--terms" role="note">'
                "<p><strong>{}</strong> {}</p><ul>{}</ul>"
                '<p><label for="{}">{} {}</label></p></div>',
                _("Terminology:"),
                _("the English uses glossary terms this translation does not use."),
                items,
                bound.id_for_label,
                bound,
                _("Rendered otherwise on purpose (stop flagging these terms here)"),
            )

        return render

    def _save_m2m(self):
        super()._save_m2m()
        self.save_translation_marks()

    def save_translation_marks(self):
        from ..models import GlossaryTerm, TermException

        for confirm, (field, language) in self._confirmations.items():
            if (
                self.cleaned_data.get(confirm)
                and tf.column(field, language) not in self.changed_data
            ):
                stale.confirm(self.instance, field, language)
        content_type = ContentType.objects.get_for_model(type(self.instance))
        for keep, (field, language, flags) in self._term_exceptions.items():
            if not self.cleaned_data.get(keep):
                continue
            for term in GlossaryTerm.objects.filter(pk__in=[term.pk for term in flags]):
                TermException.objects.get_or_create(
                    term=term,
                    content_type=content_type,
                    object_id=self.instance.pk,
                    field=field,
                    language=language,
                    defaults={"by": stale.current_user()},
                )


class TranslationNotesFormSetMixin:
    """Inline rows get their notes from one set of queries for the whole formset."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not tf.translated_fields(self.model):
            return kwargs
        if index is not None and index < self.initial_form_count():
            kwargs["translation_notes"] = self.translation_notes
        return kwargs

    @property
    def translation_notes(self):
        if not hasattr(self, "_translation_notes"):
            pks = [obj.pk for obj in self.get_queryset()]
            self._translation_notes = TranslationNotes(self.model, pks)
        return self._translation_notes


# Change lists: the “missing / stale” filter and column ----------------------------------------


def translation_filter(language):
    """A list filter for one language: missing, stale, or either, in any field or in one."""

    class TranslationFilter(admin.SimpleListFilter):
        title = gettext_lazy("translation into %(language)s") % {
            "language": language_name(language)
        }
        parameter_name = f"translation_{language.replace('-', '_')}"

        def lookups(self, request, model_admin):
            model = model_admin.model
            choices = [
                ("needs-work", _("Missing or stale")),
                ("missing", _("Missing")),
                ("stale", _("Stale")),
            ]
            for field in tf.reader_fields(model):
                label = model._meta.get_field(field).verbose_name
                choices.append((f"missing__{field}", _("Missing: %(field)s") % {"field": label}))
                choices.append((f"stale__{field}", _("Stale: %(field)s") % {"field": label}))
            return choices

        def queryset(self, request, queryset):
            value = self.value()
            if not value:
                return queryset
            model = queryset.model
            kind, _sep, field = value.partition("__")
            fields = [field] if field in tf.reader_fields(model) else tf.reader_fields(model)
            conditions = {
                "needs-work": lambda f: tf.needs_work(model, language, [f]),
                "missing": lambda f: tf.missing(f, language),
                "stale": lambda f: tf.stale(model, f, language),
            }
            if kind not in conditions:
                return queryset
            return queryset.filter(reduce(or_, (conditions[kind](name) for name in fields), Q()))

    TranslationFilter.__name__ = f"TranslationFilter_{language.replace('-', '_')}"
    return TranslationFilter


def annotate_translation(queryset, language):
    """Per reader field: is the translation missing, is it stale (in the change list's query)."""
    model = queryset.model
    annotations = {}
    for field in tf.reader_fields(model):
        prefix = f"_translation_{language.replace('-', '_')}_{field}"
        annotations[f"{prefix}_missing"] = ExpressionWrapper(
            tf.missing(field, language), output_field=BooleanField()
        )
        annotations[f"{prefix}_stale"] = ExpressionWrapper(
            tf.stale(model, field, language), output_field=BooleanField()
        )
    return queryset.annotate(**annotations)


def translation_column(language):
    @admin.display(description=language_name(language))
    def column(obj):
        model = type(obj)
        missing, stale_fields = [], []
        for field in tf.reader_fields(model):
            prefix = f"_translation_{language.replace('-', '_')}_{field}"
            label = str(model._meta.get_field(field).verbose_name)
            if getattr(obj, f"{prefix}_missing", False):
                missing.append(label)
            elif getattr(obj, f"{prefix}_stale", False):
                stale_fields.append(label)
        parts = []
        if missing:
            parts.append(
                format_html(
                    '<span class="translation-missing">{}</span>',
                    _("missing: %(fields)s") % {"fields": ", ".join(missing)},
                )
            )
        if stale_fields:
            parts.append(
                format_html(
                    '<span class="translation-stale">{}</span>',
                    _("stale: %(fields)s") % {"fields": ", ".join(stale_fields)},
                )
            )
        if not parts:
            return _("complete")
        return format_html_join("; ", "{}", ((part,) for part in parts))

    column.__name__ = f"translation_{language.replace('-', '_')}"
    return column


# The status page, download and upload ---------------------------------------------------------


def translatable_models(user):
    return [model for model in tf.translated_models() if po.may_translate(user, model)]


def check_translator(request):
    if not request.user.is_active or not request.user.is_staff:
        raise PermissionDenied
    models = translatable_models(request.user)
    if not models:
        raise PermissionDenied
    return models


def changelist_url(model, **params):
    try:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(params)}" if params else url


def change_url(obj):
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


def status_view(site, request):
    models = check_translator(request)
    languages = []
    for language in tf.target_languages():
        parameter = f"translation_{language.replace('-', '_')}"
        rows = []
        for row in status.content_status(language):
            if row.model not in models:
                continue
            rows.append(
                {
                    "row": row,
                    "model_name": row.model._meta.verbose_name_plural,
                    "field_name": row.verbose_name,
                    "missing_url": changelist_url(
                        row.model, **{parameter: f"missing__{row.field}"}
                    ),
                    "stale_url": changelist_url(row.model, **{parameter: f"stale__{row.field}"}),
                }
            )
        keyring = Keyring()
        flags = [
            {
                "flag": flag,
                "url": change_url(flag.obj),
                "key": keyring.keys(flag.model).get(flag.obj.pk),
                "model_name": flag.model._meta.verbose_name,
                "field_name": flag.model._meta.get_field(flag.field).verbose_name,
            }
            for flag in terms.all_flags(language)
            if flag.model in models
        ]
        languages.append(
            {
                "code": language,
                "name": language_name(language),
                "catalogue": status.catalogue_status(language),
                "rows": rows,
                "total": sum(item["row"].total for item in rows),
                "missing": sum(item["row"].missing for item in rows),
                "stale": sum(item["row"].stale for item in rows),
                "flags": flags,
            }
        )
    context = {
        **site.each_context(request),
        "title": _("Translation status"),
        "languages": languages,
    }
    return TemplateResponse(request, "admin/guide/translation_status.html", context)


def export_view(site, request):
    models = check_translator(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    language = request.GET.get("language", "")
    only = request.GET.get("only") or None
    if language not in tf.target_languages() or (only and only not in po.ONLY):
        messages.error(request, _("Choose a language and what to download."))
        return redirect("admin:translation_status")
    catalogue = po.export_catalogue(language, only=only, models=models)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"content-{language}{'-' + only if only else ''}-{stamp}.po"
    response = HttpResponse(
        str(catalogue), content_type="text/x-gettext-translation; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class UploadForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"))
    file = forms.FileField(label=gettext_lazy("PO file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [
            (code, language_name(code)) for code in tf.target_languages()
        ]


MAX_UPLOAD = 5 * 1024 * 1024


def import_view(site, request):
    check_translator(request)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("admin:translation_status")
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD:
        messages.error(request, _("The file is too large for a PO file of our content."))
        return redirect("admin:translation_status")
    report = po.import_catalogue(
        upload.read(), language=form.cleaned_data["language"], user=request.user
    )
    context = {
        **site.each_context(request),
        "title": _("PO file imported") if report.ok else _("PO file refused"),
        "report": report,
        "changed": [
            {"model": model._meta.verbose_name, "obj": obj, "field": field, "url": change_url(obj)}
            for model, obj, field in report.changed
        ],
        "confirmed": [
            {"model": model._meta.verbose_name, "obj": obj, "field": field, "url": change_url(obj)}
            for model, obj, field in report.confirmed
        ],
    }
    return TemplateResponse(request, "admin/guide/translation_import.html", context)
