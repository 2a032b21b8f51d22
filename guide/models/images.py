"""The image field of sessions, people and report images: checked on upload, tidy on disk.

Its form field accepts only clean images (guide/images.py). When a row is saved with a new
image, the renditions are made once the transaction commits; when an image is replaced,
cleared or its row deleted, the old original and all its renditions are removed, after the
commit, so that a rolled-back change never loses a file it still needs.
"""

from functools import partial

from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save

from ..images import ImageFormField, PendingUpload, delete_with_renditions, make_renditions


class GuideImageField(models.ImageField):
    def formfield(self, **kwargs):
        # The admin offers its own file widget; the image field brings one that keeps a choice.
        kwargs.pop("widget", None)
        return super().formfield(**{**kwargs, "form_class": ImageFormField})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if cls._meta.abstract:
            return
        uid = f"guide-images-{cls._meta.label_lower}"
        pre_save.connect(remember_stored_images, sender=cls, dispatch_uid=uid)
        post_save.connect(tidy_images, sender=cls, dispatch_uid=uid)
        post_delete.connect(forget_deleted_images, sender=cls, dispatch_uid=uid)

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        content = file.file if file and not file._committed else None
        file = super().pre_save(model_instance, add)
        if isinstance(content, PendingUpload):
            transaction.on_commit(content.discard)
        return file


def image_fields(model):
    return [field for field in model._meta.concrete_fields if isinstance(field, GuideImageField)]


def remember_stored_images(sender, instance, raw=False, update_fields=None, **kwargs):
    """The stored name of each image field this save writes ("" for a new row)."""
    fields = image_fields(sender)
    if update_fields is not None:
        fields = [field for field in fields if field.name in update_fields]
    instance._images_before = {}
    if raw or not fields:
        return
    stored = {}
    if instance.pk is not None:
        row = sender._base_manager.filter(pk=instance.pk).values(*(f.attname for f in fields))
        stored = row.first() or {}
    instance._images_before = {field.attname: stored.get(field.attname) or "" for field in fields}


def tidy_images(sender, instance, raw=False, **kwargs):
    if raw:
        return
    fields = {field.attname: field for field in image_fields(sender)}
    for attname, old in getattr(instance, "_images_before", {}).items():
        current = getattr(instance, attname)
        new = current.name if current else ""
        if old and old != new:
            transaction.on_commit(partial(forget_image, sender, fields[attname], old))
        if new and new != old:
            transaction.on_commit(partial(make_renditions, current))


def forget_deleted_images(sender, instance, **kwargs):
    for field in image_fields(sender):
        current = getattr(instance, field.attname)
        if current:
            transaction.on_commit(partial(forget_image, sender, field, current.name))


def forget_image(model, field, name):
    if model._base_manager.filter(**{field.attname: name}).exists():
        return
    delete_with_renditions(field.storage, name)


def described(alt_field):
    """The database condition for an image's description to be given in both languages."""
    condition = Q()
    for language in ("en", "zh_hans"):
        name = f"{alt_field}_{language}"
        condition &= Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""})
    return condition


def require_description(instance, image_field, alt_field, message):
    """``message`` on each language field in which an image's description is missing."""
    if not getattr(instance, image_field):
        return {}
    return {
        f"{alt_field}_{language}": message
        for language in ("en", "zh_hans")
        if not (getattr(instance, f"{alt_field}_{language}", "") or "").strip()
    }
