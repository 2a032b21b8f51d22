"""Divisions, their bodies (Popolo organizations) with terms, and venues."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..addresses import address
from .pinyin import PinyinSearchable


class DivisionQuerySet(models.QuerySet):
    def provincial(self):
        return self.exclude(kind=Division.Kind.NATIONAL)

    def national(self):
        return self.get(kind=Division.Kind.NATIONAL)


class Division(PinyinSearchable, models.Model):
    """The national level or one of the 31 provincial-level divisions (GB/T 2260)."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCE = "province", _("Province")
        AUTONOMOUS_REGION = "autonomous_region", _("Autonomous region")
        MUNICIPALITY = "municipality", _("Municipality")

        @classmethod
        def provincial_kinds(cls):
            return [kind for kind in cls if kind != cls.NATIONAL]

    code = models.CharField(
        _("GB/T 2260 code"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Six digits, e.g. 500000 for Chongqing. Empty for the national level."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=50)
    pinyin = models.CharField(_("pinyin"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        editable=False,
        help_text=_("Made up by manage.py seed_bench for load tests; never real content."),
    )

    objects = DivisionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        permissions = [("translate_division", "Can translate divisions")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="national"),
                name="division_single_national",
                violation_error_message=_("There is already a national division."),
            ),
            models.CheckConstraint(
                condition=Q(kind="national", code__isnull=True)
                | (
                    ~Q(kind="national") & Q(code__isnull=False) & Q(code__regex=r"^[1-9][0-9]0000$")
                ),
                name="division_code_matches_kind",
                violation_error_message=_(
                    "A provincial-level division needs a six-digit GB/T 2260 code ending "
                    "in 0000; the national level has none."
                ),
            ),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return address("guide:division_detail", self.slug)

    @property
    def is_national(self):
        return self.kind == self.Kind.NATIONAL


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=200)
    pinyin = models.CharField(_("pinyin"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="venues", verbose_name=_("division")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        permissions = [("translate_venue", "Can translate venues")]

    def __str__(self):
        return self.name


class BodyQuerySet(models.QuerySet):
    pass


class Body(models.Model):
    """An organization of a division: its people's congress, CPPCC committee or government."""

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("People's congress")
        CPPCC = "cppcc", _("CPPCC committee")
        GOVERNMENT = "government", _("People's government")

    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("division")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    pinyin = models.CharField(_("pinyin"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "kind"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        permissions = [("translate_body", "Can translate bodies")]
        constraints = [
            models.UniqueConstraint(
                fields=["division", "kind"],
                name="body_unique_kind_per_division",
                violation_error_message=_("This division already has a body of this kind."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.division.get_absolute_url()


class Term(models.Model):
    """A body's term (届), e.g. the 13th National People's Congress, 2018–2023."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="terms", verbose_name=_("body")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(
        _("last year"), null=True, blank=True, help_text=_("Empty while the term runs.")
    )

    class Meta:
        ordering = ["body", "number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "number"],
                name="term_unique_number_per_body",
                violation_error_message=_("This body already has a term with this number."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="term_ends_after_start",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.body} ({self.number})"
