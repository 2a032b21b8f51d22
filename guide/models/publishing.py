"""The one publication rule: what visitors may see now, what editors may preview, and publishing.

Every model that visitors can reach declares where its visibility comes from:

- its own state, by inheriting ``Publishable`` (a status and a publication time);
- its parent's, by naming the foreign key in ``publication_parent`` (a meeting is public when its
  session is; a figure when it is itself published and its report, if it has one, is public).

``public_condition()`` turns that declaration into one ``Q`` for the database and ``is_public()``
into one answer for an object in memory; the queryset methods ``published()`` (visitors) and
``visible_to(user)`` (previews) are built on them and are the only way pages, feeds, sitemaps,
search and exports choose what to show.

Publishing always goes through ``save()`` so that signals fire and ``updated_at`` moves: a draft
that becomes published is dated to that moment unless it was given a later time (scheduling);
an item that was already published keeps its time.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def _own_condition(prefix, now):
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}published_at__lte": now})


def _is_published_itself(obj, now):
    return obj.status == Status.PUBLISHED and obj.published_at <= now


def public_condition(model, prefix="", now=None):
    """The condition for objects of ``model`` (reached through ``prefix``) to be public now."""
    now = now or timezone.now()
    condition = _own_condition(prefix, now) if issubclass(model, Publishable) else Q()
    parent = getattr(model, "publication_parent", None)
    if parent:
        field = model._meta.get_field(parent)
        parent_condition = public_condition(field.related_model, f"{prefix}{parent}__", now)
        if field.null:
            parent_condition |= Q(**{f"{prefix}{parent}__isnull": True})
        condition &= parent_condition
    return condition


def is_public(obj, now=None):
    """The same rule as ``public_condition()``, for an object in memory."""
    now = now or timezone.now()
    if isinstance(obj, Publishable) and not _is_published_itself(obj, now):
        return False
    parent = getattr(type(obj), "publication_parent", None)
    if parent:
        parent_obj = getattr(obj, parent)
        return parent_obj is None or is_public(parent_obj, now)
    return True


def goes_live_at(obj):
    """When an object not yet public becomes public by itself: the latest publication time
    along its publication parents, or None when one of them is a draft (it waits for someone to
    publish it)."""
    moments = []
    while obj is not None:
        if isinstance(obj, Publishable):
            if obj.status != Status.PUBLISHED:
                return None
            moments.append(obj.published_at)
        parent = getattr(type(obj), "publication_parent", None)
        obj = getattr(obj, parent) if parent else None
    return max(moments) if moments else None


def may_preview(user, model):
    """Drafts are previewed by the people who may change that kind of object (editors, and the
    translators who translate it), never by other staff or visitors."""
    if user is None or not user.is_authenticated or not user.is_active or not user.is_staff:
        return False
    opts = model._meta
    return any(
        user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
        for action in ("change", "translate")
    )


class VisibilityQuerySet(models.QuerySet):
    """``published()`` for visitors; ``visible_to(user)`` for pages that editors may preview.

    A queryset in preview mode shows drafts, and ``children()`` gives its related querysets the
    same mode, so that a draft report previews with all its figures."""

    preview = False

    def _clone(self):
        clone = super()._clone()
        clone.preview = self.preview
        return clone

    def published(self):
        return self.filter(public_condition(self.model))

    def drafts(self):
        return self.exclude(pk__in=self.published().values("pk"))

    def visible_to(self, user):
        """Drafts too for a user who may preview them, else ``published()``. Call it before
        ``for_detail()`` and the like, whose prefetches follow the mode chosen here."""
        if self._prefetch_related_lookups:
            raise TypeError("visible_to() must come before the prefetches that follow its mode")
        if not may_preview(user, self.model):
            return self.published()
        clone = self._chain()
        clone.preview = True
        return clone

    def children(self, queryset):
        """A related queryset (for a prefetch) in this queryset's mode."""
        if self.preview:
            clone = queryset._chain()
            clone.preview = True
            return clone
        return queryset.published()


class Publishable(models.Model):
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Only published content is shown to visitors."),
    )
    published_at = models.DateTimeField(
        _("publication time"),
        default=timezone.now,
        db_index=True,
        help_text=_("A published item becomes visible from this moment on."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.becomes_published:
            now = timezone.now()
            if self.published_at is None or self.published_at <= now:
                self.published_at = now
                update_fields = kwargs.get("update_fields")
                if update_fields is not None and "published_at" not in update_fields:
                    kwargs["update_fields"] = [*update_fields, "published_at"]
        super().save(*args, **kwargs)
        self._stored_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._stored_status = instance.__dict__.get("status")
        return instance

    @property
    def is_public(self):
        return is_public(self)

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.published_at > timezone.now()

    @property
    def becomes_published(self):
        """True when saving now turns a stored draft into a published item."""
        stored = getattr(self, "_stored_status", None)
        return stored == Status.DRAFT and self.status == Status.PUBLISHED

    def publish(self):
        """Publish through ``save()`` after checking the constraints a published item must meet
        (they raise ValidationError); returns False when the item was already published."""
        if self.status == Status.PUBLISHED:
            return False
        self.status = Status.PUBLISHED
        try:
            self.validate_constraints()
        except ValidationError:
            self.status = Status.DRAFT
            raise
        self.save(update_fields=["status", "published_at", "updated_at"])
        return True

    def publish_now(self):
        """Publish at once, replacing a later publication time; returns False when the item was
        already public."""
        now = timezone.now()
        if self.status == Status.PUBLISHED and self.published_at <= now:
            return False
        self.status = Status.PUBLISHED
        self.published_at = now
        try:
            self.validate_constraints()
        except ValidationError:
            self.refresh_from_db(fields=["status", "published_at"])
            raise
        self.save(update_fields=["status", "published_at", "updated_at"])
        return True

    def unpublish(self):
        """Return to draft through ``save()``; returns False when the item was a draft."""
        if self.status == Status.DRAFT:
            return False
        self.status = Status.DRAFT
        self.save(update_fields=["status", "updated_at"])
        return True
