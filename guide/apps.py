"""The guide app: its configuration, the staff groups kept in step after every migrate, and the
page cache told of every change."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = _("Two Sessions Guide")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .caching import connect_signals
        from .history import register_models
        from .roles import sync_groups
        from .translating import stale

        post_migrate.connect(sync_groups, sender=self)
        register_models()
        stale.connect()
        connect_signals()


class GuideAdminConfig(admin_apps.AdminConfig):
    """The admin, with the editors' dashboard on its index (guide/dashboard.py) and the
    translators' pages (guide/admin_site.py)."""

    default = False
    default_site = "guide.admin_site.GuideAdminSite"
