"""Sources and the citations that tie them, with a verbatim quote, to what they support."""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SourceQuerySet(models.QuerySet):
    pass


class Source(models.Model):
    class Language(models.TextChoices):
        CHINESE = "zh", _("Chinese")
        # Translators: the language a source is written in.
        ENGLISH = "en", pgettext_lazy("language name", "English")
        BILINGUAL = "zh/en", _("Chinese and English")
        # Translators: the language a source is written in.
        KOREAN = "ko", pgettext_lazy("language name", "Korean")

    class HostClass(models.TextChoices):
        OFFICIAL = "official", _("Official site (government, congress or CPPCC)")
        NEWS = "news", _("News organisation")
        PORTAL = "portal", _("News portal, finance site or encyclopedia")
        MIRROR = "mirror", _("Mirror: a copy of someone else's text on an unrelated host")
        DATASET = "dataset", _("Dataset file in a public repository")

    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        help_text=_("A short stable identifier, e.g. P_cgtn_2019."),
    )
    # Translators: the web address of a source (网址).
    url = models.URLField(pgettext_lazy("web address", "URL"), max_length=600)
    title = models.CharField(
        _("title"),
        max_length=300,
        help_text=_(
            "As the source gives it; in the other language, the title translated for its readers."
        ),
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language)
    host_class = models.CharField(
        _("kind of host"),
        max_length=10,
        choices=HostClass,
        help_text=_(
            "Who runs the address. A mirror's text is verbatim, but its host is not the "
            "publisher: name the original publisher and title where they are known."
        ),
    )
    page_date = models.DateField(
        _("date of the page"),
        null=True,
        blank=True,
        help_text=_("The date the page carries, when it gives one."),
    )
    reliability = models.TextField(
        _("reliability note"),
        blank=True,
        help_text=_("What kind of source this is and how far it can be trusted."),
    )

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        permissions = [("translate_source", "Can translate sources")]

    def __str__(self):
        return self.title or self.url


class Citation(models.Model):
    """A source supporting one object, with the passage that supports it."""

    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations",
        verbose_name=_("source"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    quote = models.TextField(_("verbatim quote"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        permissions = [("translate_citation", "Can translate citations")]
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_target_idx")]

    def __str__(self):
        return str(self.source)


def with_sources():
    """A prefetch of the citations of what a queryset holds, each with its source: one query."""
    return Prefetch("citations", queryset=Citation.objects.select_related("source"))


class Cited(models.Model):
    """Mixin for models whose facts are supported by citations."""

    citations = GenericRelation(Citation, verbose_name=_("sources"))

    class Meta:
        abstract = True
