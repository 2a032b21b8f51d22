"""Publication state shared by every content model.

Visibility is decided in one place: ``published_q()`` and the ``published()``
queryset methods built on it. Views, feeds, sitemaps, search and exports all
go through ``published()``.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def published_q(prefix=""):
    """The condition for an object (reached through ``prefix``) to be public now."""
    return Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


class PublishableQuerySet(models.QuerySet):
    # Lookup prefixes of the parents whose publication this object depends on.
    published_parents = ()

    def published(self):
        condition = published_q()
        for prefix in self.published_parents:
            condition &= published_q(prefix)
        return self.filter(condition)

    def drafts(self):
        return self.exclude(pk__in=self.published().values("pk"))


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

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()
