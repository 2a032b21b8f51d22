"""The Editors and Translators groups, kept in step with the models after every migrate.

Editors add, change, publish and delete content. Translators may only change
the translated fields of existing objects: they hold ``view_*`` and
``translate_*`` permissions, never ``add_*``, ``change_*``, ``delete_*`` or
``publish_*``. The admin (guide/admin/) reads these permissions, and so do the
translators' pages and the PO import (guide/admin/translating.py, guide/translating/po.py).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
TRANSLATORS = "Translators"


def sync_groups(app_config=None, using="default", apps=global_apps, verbosity=1, **kwargs):
    app_config = app_config or global_apps.get_app_config("guide")
    # Permissions are normally created by a post_migrate handler that may run after this one.
    create_permissions(app_config, verbosity=0, using=using, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    perms = Permission.objects.using(using).filter(content_type__app_label="guide")
    editor_prefixes = ("add_", "change_", "delete_", "view_", "publish_")
    translator_prefixes = ("view_", "translate_")
    editor_perms = [p for p in perms if p.codename.startswith(editor_prefixes)]
    translator_perms = [p for p in perms if p.codename.startswith(translator_prefixes)]

    editors, _created = Group.objects.using(using).get_or_create(name=EDITORS)
    editors.permissions.set(editor_perms)
    translators, _created = Group.objects.using(using).get_or_create(name=TRANSLATORS)
    translators.permissions.set(translator_perms)
