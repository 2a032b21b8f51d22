"""Every change kept with who and when (django-reversion), compared field by field, restored and
recovered through ``save()``.

django-reversion stores each saved object as a version inside a revision (one per admin request:
a form with its inlines, a bulk action, a deletion), following each model's children (``FOLLOW``,
the admin's inlines and the generic citations), so that a version holds the object's inlines as
they stood. Its own revert writes the stored rows back without ``save()`` and ignores roles, so
restoring and recovering are done here instead: values are set on the live objects, checked with
``full_clean()`` and saved one by one, in a transaction, as a new revision.

Two records django-reversion does not make are added: the stored state of an object changed for
the first time (content loaded before the history began has no version to compare with), and the
state of every deleted object, so that it can be recovered with its children.
"""

from contextlib import contextmanager
from contextvars import ContextVar

import reversion
from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import get_translation_fields
from reversion.models import Revision, Version

from . import models as guide

FOLLOW = {
    guide.Session: ("meetings", "citations"),
    guide.Meeting: ("citations",),
    guide.Report: ("figures", "tasks", "images", "citations"),
    guide.Figure: ("citations",),
    guide.Task: ("citations",),
    guide.ReportImage: (),
    guide.Citation: (),
    guide.Person: ("memberships", "citations"),
    guide.Membership: (),
    guide.Division: ("bodies",),
    guide.Body: ("terms",),
    guide.Term: (),
    guide.Venue: (),
    guide.Indicator: (),
    guide.Source: (),
    guide.GlossaryTerm: (),
    guide.Explainer: (),
}
# Never restored: the publication state is a decision of its own (see models/publishing.py).
NOT_RESTORED = {"id", "created_at", "updated_at", "status", "published_at"}

_deletions = ContextVar("history_deletions", default=None)


def translation_originals(model):
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def translated_fields(model):
    """The per-language fields (``summary_en``, ``summary_zh_hans``) of a model."""
    originals = translation_originals(model)
    return set(get_translation_fields(*originals)) if originals else set()


def stored_fields(model):
    """What a version keeps: every concrete field but the originals of translated fields, whose
    value is only the active language's copy of ``summary_en`` or ``summary_zh_hans``."""
    skip = translation_originals(model)
    return [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.name not in skip
        and not isinstance(field, GenericRelation)
    ] + [model._meta.pk.name]


def register_models():
    for model, follow in FOLLOW.items():
        if not reversion.is_registered(model):
            reversion.register(model, fields=stored_fields(model), follow=follow)
    pre_save.connect(_keep_first_state, dispatch_uid="history_first_state")
    pre_delete.connect(_keep_deleted_state, dispatch_uid="history_deleted_state")


@contextmanager
def recording(user, comment=""):
    """One revision for everything saved inside, credited to the user."""
    token = _deletions.set({})
    try:
        with reversion.create_revision():
            reversion.set_user(user)
            if comment:
                reversion.set_comment(comment)
            yield
    finally:
        _deletions.reset(token)


# Records django-reversion does not make ------------------------------------------------------


def _followed(obj, seen=None):
    """The object and, recursively, the children its model follows, as stored."""
    seen = seen if seen is not None else {}
    key = (type(obj), obj.pk)
    if key in seen:
        return seen
    seen[key] = obj
    for name in FOLLOW.get(type(obj), ()):
        for child in getattr(obj, name).all():
            _followed(child, seen)
    return seen


def _version(revision, obj):
    model = type(obj)
    return Version(
        revision=revision,
        content_type=ContentType.objects.get_for_model(model),
        object_id=str(obj.pk),
        db="default",
        format="json",
        serialized_data=serializers.serialize("json", [obj], fields=stored_fields(model)),
        object_repr=str(obj)[:191],
    )


def _store(objects, user, comment, date=None):
    revision = Revision.objects.create(
        date_created=date or timezone.now(), user=user, comment=comment
    )
    Version.objects.bulk_create([_version(revision, obj) for obj in objects])
    return revision


def _keep_first_state(sender, instance, raw=False, **kwargs):
    if raw or not reversion.is_active() or sender not in FOLLOW or instance.pk is None:
        return
    if Version.objects.get_for_object_reference(sender, instance.pk).exists():
        return
    stored = sender._base_manager.filter(pk=instance.pk).first()
    if stored is None:
        return
    _store(_followed(stored).values(), None, _("State before the first recorded change"))


def _keep_deleted_state(sender, instance, **kwargs):
    deletions = _deletions.get()
    if deletions is None or not reversion.is_active() or sender not in FOLLOW:
        return
    stored = deletions.setdefault("objects", set())
    objects = {key: obj for key, obj in _followed(instance).items() if key not in stored}
    if not objects:
        return
    stored.update(objects)
    revision = deletions.get("revision")
    if revision is None:
        revision = deletions["revision"] = Revision.objects.create(
            date_created=timezone.now(), user=reversion.get_user(), comment=_("Deleted")
        )
    Version.objects.bulk_create([_version(revision, obj) for obj in objects.values()])


# Reading the history -------------------------------------------------------------------------


def versions_of(obj):
    return (
        Version.objects.get_for_object(obj)
        .select_related("revision__user")
        .order_by("-revision_id")
    )


def previous_version(model, pk, revision_id):
    return (
        Version.objects.get_for_object_reference(model, pk)
        .filter(revision_id__lt=revision_id)
        .order_by("-revision_id")
        .first()
    )


def _parent_link(model, name):
    """How a child found through ``name`` points to its parent: (child model, matcher)."""
    field = model._meta.get_field(name)
    child = field.related_model
    if isinstance(field, GenericRelation):
        content_type = ContentType.objects.get_for_model(model)

        def belongs(values, parent_pk):
            return values.get(field.content_type_field_name + "_id") == content_type.pk and str(
                values.get(field.object_id_field_name)
            ) == str(parent_pk)

        return (
            child,
            belongs,
            {
                field.content_type_field_name: content_type,
                field.object_id_field_name: None,
            },
        )
    attname = field.field.attname

    def belongs(values, parent_pk):
        return str(values.get(attname)) == str(parent_pk)

    return child, belongs, {attname: None}


def children_in(revision_versions, model, pk):
    """The direct children of an object in a revision: {(name, child model): {pk: version}}."""
    found = {}
    for name in FOLLOW.get(model, ()):
        child, belongs, _link = _parent_link(model, name)
        content_type = ContentType.objects.get_for_model(child)
        found[name, child] = {
            version.object_id: version
            for version in revision_versions
            if version.content_type_id == content_type.pk and belongs(version.field_dict, pk)
        }
    return found


def field_changes(model, old, new):
    """[(field, old value, new value)] for the stored fields that differ."""
    changes = []
    for name in stored_fields(model):
        field = model._meta.get_field(name)
        if name in {"id", "created_at", "updated_at"}:
            continue
        key = field.attname
        before = old.get(key) if old is not None else None
        after = new.get(key) if new is not None else None
        if _comparable(before) != _comparable(after):
            changes.append((field, before, after))
    return changes


def _comparable(value):
    if isinstance(value, list):
        return sorted(str(item) for item in value)
    if value in (None, ""):
        return ""
    return str(value)


# Restoring and recovering --------------------------------------------------------------------


def _apply(obj, values, names):
    model = type(obj)
    for name in names:
        field = model._meta.get_field(name)
        if field.many_to_many or field.attname not in values:
            continue
        setattr(obj, field.attname, values[field.attname])


def _m2m(obj, values, names):
    for name in names:
        field = type(obj)._meta.get_field(name)
        if field.many_to_many and field.attname in values:
            getattr(obj, name).set(values[field.attname])


def _check_and_save(obj, errors):
    try:
        obj.full_clean()
    except ValidationError as error:
        errors.extend(f"{obj}: {message}" for message in error.messages)
        return False
    obj.save()
    return True


def restorable_fields(model, translations_only):
    names = [name for name in stored_fields(model) if name not in NOT_RESTORED]
    if translations_only:
        allowed = translated_fields(model)
        names = [name for name in names if name in allowed]
    return names


def _recreate(model, version, link, errors):
    obj = model(pk=version.object_id)
    _apply(obj, version.field_dict, restorable_fields(model, False))
    for name, value in link.items():
        if value is not None:
            setattr(obj, name, value)
    if isinstance(obj, guide.Publishable):
        obj.status = guide.Status.DRAFT
    if _check_and_save(obj, errors):
        _m2m(obj, version.field_dict, restorable_fields(model, False))
        return obj
    return None


def _restore_children(obj, revision_versions, translations_only, errors, counts):
    model = type(obj)
    for (name, child_model), wanted in children_in(revision_versions, model, obj.pk).items():
        current = {str(child.pk): child for child in getattr(obj, name).all()}
        _child, _belongs, link = _parent_link(model, name)
        link = {key: (obj.pk if value is None else value) for key, value in link.items()}
        names = restorable_fields(child_model, translations_only)
        for pk, version in wanted.items():
            child = current.get(pk)
            if child is not None:
                _apply(child, version.field_dict, names)
                if _check_and_save(child, errors):
                    _m2m(child, version.field_dict, names)
                    counts["changed"] += 1
            elif not translations_only:
                child = _recreate(child_model, version, link, errors)
                if child is not None:
                    counts["recreated"] += 1
            if child is not None:
                _restore_children(child, revision_versions, translations_only, errors, counts)
        if not translations_only:
            for pk, child in current.items():
                if pk not in wanted:
                    child.delete()
                    counts["deleted"] += 1


def restore(obj, version, user, translations_only):
    """Bring the object and its children back to a version, through ``save()``, as a new
    revision. A translator's restore touches only translated fields and never adds or deletes a
    child. Raises ValidationError, with nothing changed, when a restored value fails a check."""
    model = type(obj)
    revision_versions = list(version.revision.version_set.all())
    errors = []
    counts = {"changed": 0, "recreated": 0, "deleted": 0}
    comment = _("Restored the version of %(date)s") % {
        "date": timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
    }
    with transaction.atomic(), recording(user, comment):
        names = restorable_fields(model, translations_only)
        _apply(obj, version.field_dict, names)
        if _check_and_save(obj, errors):
            _m2m(obj, version.field_dict, names)
            _restore_children(obj, revision_versions, translations_only, errors, counts)
        if errors:
            raise ValidationError(errors)
    return counts


def deleted_versions(model):
    """The last version of each deleted object of the model, newest first."""
    return (
        Version.objects.get_deleted(model)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def recover(version, user):
    """Bring a deleted object back from its last version, with the children deleted with it, as
    drafts where they can be published; through ``save()``, as a new revision."""
    model = version._model
    revision_versions = list(version.revision.version_set.all())
    errors = []
    counts = {"changed": 0, "recreated": 0, "deleted": 0}
    comment = _("Recovered after deletion")
    with transaction.atomic(), recording(user, comment):
        if model._base_manager.filter(pk=version.object_id).exists():
            raise ValidationError(_("This object exists: there is nothing to recover."))
        try:
            obj = _recreate(model, version, {}, errors)
        except (models.ProtectedError, guide.Report.DoesNotExist) as error:
            raise ValidationError(str(error)) from error
        if obj is not None:
            _restore_children(obj, revision_versions, False, errors, counts)
        if errors:
            raise ValidationError(errors)
    return obj, counts
