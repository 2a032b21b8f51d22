"""The admin site: the editors' one (guide/dashboard.py), with the translators' pages (status,
PO download and upload) and a “Translation” section on the index for those who may translate.

Kept outside guide/admin/ and importing it only when asked: Django builds this site before the
admin modules register their models on it.
"""

from django.urls import path, reverse
from django.utils.translation import gettext as _

from .dashboard import GuideAdminSite as DashboardSite


class GuideAdminSite(DashboardSite):
    def get_urls(self):
        from .admin import translating

        def view(function):
            return self.admin_view(lambda request: function(self, request))

        return [
            path("translations/", view(translating.status_view), name="translation_status"),
            path(
                "translations/export/",
                view(translating.export_view),
                name="translation_export",
            ),
            path(
                "translations/import/",
                view(translating.import_view),
                name="translation_import",
            ),
            *super().get_urls(),
        ]

    def get_app_list(self, request, app_label=None):
        from .admin import translating

        apps = super().get_app_list(request, app_label)
        if app_label is None and translating.translatable_models(request.user):
            url = reverse("admin:translation_status", current_app=self.name)
            apps.append(
                {
                    "name": _("Translation"),
                    "app_label": "translation",
                    "app_url": url,
                    "has_module_perms": True,
                    "models": [
                        {
                            "name": _("Translation status, PO files"),
                            "object_name": "TranslationStatus",
                            "admin_url": url,
                            "add_url": None,
                            "view_only": True,
                            "perms": {"view": True},
                        }
                    ],
                }
            )
        return apps
