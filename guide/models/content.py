"""The guide's own writing: explainers and the glossary."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..addresses import address
from .pinyin import PinyinSearchable
from .publishing import Publishable, VisibilityQuerySet


class GlossaryTermQuerySet(VisibilityQuerySet):
    pass


class GlossaryTerm(PinyinSearchable, Publishable):
    characters = models.CharField(_("characters"), max_length=50, unique=True)
    pinyin = models.CharField(_("pinyin"), max_length=100)
    english = models.CharField(
        _("English term"), max_length=200, help_text=_("The usual English rendering.")
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    definition = models.TextField(_("definition"))
    related = models.ManyToManyField(
        "self", blank=True, symmetrical=True, verbose_name=_("related terms")
    )

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        ordering = ["pinyin_plain", "pinyin"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        permissions = [
            ("publish_glossaryterm", "Can publish glossary terms"),
            ("translate_glossaryterm", "Can translate glossary terms"),
        ]

    def __str__(self):
        return f"{self.characters} ({self.english})"

    def get_absolute_url(self):
        return reverse("guide:glossary") + f"#{self.slug}"


class ExplainerQuerySet(VisibilityQuerySet):
    pass


class Explainer(Publishable):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(
        _("text"), help_text=_("Markdown: ## headings, lists, **bold**, links.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    sessions = models.ManyToManyField(
        "guide.Session",
        blank=True,
        related_name="explainers",
        verbose_name=pgettext_lazy("Two Sessions", "sessions"),
        help_text=_("Sessions this explainer is about: their pages link to it."),
    )

    objects = ExplainerQuerySet.as_manager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("explainer")
        verbose_name_plural = _("explainers")
        permissions = [
            ("publish_explainer", "Can publish explainers"),
            ("translate_explainer", "Can translate explainers"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return address("guide:explainer_detail", self.slug)
