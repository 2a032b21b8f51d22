"""The guide app: its configuration, and the staff groups kept in step after every migrate."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = _("Two Sessions Guide")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .roles import sync_groups
        from .translating import stale

        post_migrate.connect(sync_groups, sender=self)
        stale.connect()


class GuideAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on our site class (guide/admin_site.py)."""

    default = False
    default_site = "guide.admin_site.GuideAdminSite"
