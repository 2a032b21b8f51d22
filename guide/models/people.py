"""People and the posts they held (Popolo memberships)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from ..addresses import address
from .images import GuideImageField, described, require_description
from .pinyin import PinyinSearchable
from .places import Body
from .publishing import Publishable, VisibilityQuerySet
from .sources import Cited, with_sources

PHOTO_NEEDS_DESCRIPTION = _("A photo needs a description in English and in Chinese.")


class PersonQuerySet(VisibilityQuerySet):
    def in_office(self, division, year):
        """People with a post in the division's bodies recorded for the year, with those posts."""
        posts = Membership.objects.filter(
            body__division=division, first_attested__lte=year, last_attested__gte=year
        ).select_related("body")
        return (
            self.filter(memberships__in=posts)
            .distinct()
            .prefetch_related(Prefetch("memberships", queryset=posts, to_attr="posts_that_year"))
        )

    def for_detail(self):
        from .reports import Report

        return self.prefetch_related(
            with_sources(),
            Prefetch("memberships", queryset=Membership.objects.select_related("body__division")),
            Prefetch(
                "reports",
                queryset=self.children(Report.objects.select_related("meeting__session__division")),
            ),
        )


class Person(PinyinSearchable, Publishable, Cited):
    name = models.CharField(
        _("full name"), max_length=100, help_text=_("As written in each language.")
    )
    pinyin = models.CharField(_("pinyin"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    photo = GuideImageField(_("photo"), upload_to="people/", blank=True)
    photo_alt = models.CharField(
        _("photo description"),
        max_length=300,
        blank=True,
        help_text=_("Describe the photo for readers who cannot see it."),
    )
    biography = models.TextField(_("biography"), blank=True)
    synthetic = models.BooleanField(
        _("synthetic"),
        default=False,
        editable=False,
        help_text=_("Made up by manage.py seed_bench for load tests; never real content."),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [
            ("publish_person", "Can publish people"),
            ("translate_person", "Can translate people"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | described("photo_alt"),
                name="person_photo_has_alt",
                violation_error_message=PHOTO_NEEDS_DESCRIPTION,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("guide:person_detail", self.slug)

    def clean(self):
        super().clean()
        if errors := require_description(self, "photo", "photo_alt", PHOTO_NEEDS_DESCRIPTION):
            raise ValidationError(errors)


class Membership(models.Model):
    """A person's post in a body, e.g. Mayor of Chongqing in the municipal government."""

    publication_parent = "person"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("body")
    )
    role = models.CharField(_("post"), max_length=200)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    first_attested = models.PositiveSmallIntegerField(
        _("first year attested"),
        null=True,
        blank=True,
        help_text=_("When the exact dates are not known: the first year a source shows the post."),
    )
    last_attested = models.PositiveSmallIntegerField(_("last year attested"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = VisibilityQuerySet.as_manager()

    class Meta:
        ordering = ["person", "order", "start_date", "first_attested"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        permissions = [("translate_membership", "Can translate posts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_ends_after_start",
                violation_error_message=_("A post cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(last_attested__isnull=True)
                | Q(first_attested__isnull=True)
                | Q(last_attested__gte=F("first_attested")),
                name="membership_attested_in_order",
                violation_error_message=_("The last year attested cannot be before the first."),
            ),
        ]

    def __str__(self):
        return f"{self.person}: {self.role}"

    @property
    def period(self):
        """E.g. “2013–2023”, “2018–” or “…–2020”, from the dates that are known."""
        start = str(self.start_date.year) if self.start_date else "…"
        end = str(self.end_date.year) if self.end_date else ""
        return f"{start}–{end}"
