"""
Staff roles as Django groups, declared by the apps and synced after every migrate.

Each app keeps a ``ROLES`` dict ({group name: ["app_label.codename", ...]}) in its own
``roles.py`` and registers it in ``AppConfig.ready()``:

    roles.declare(self, ROLES)

Several apps may add permissions to one group (comments adds moderation to Editors).
After each ``migrate`` (post_migrate) every declared group is created if missing and
given exactly the union of its declared permissions, so a change to a declaration
reaches existing databases on the next deploy. Groups nobody declares are left alone.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.db.models.signals import post_migrate

_declarations = []  # the apps' ROLES dicts, read at sync time


def declare(app_config, roles):
    """Register ``app_config``'s roles; they are synced after every migrate."""
    if not any(declared is roles for declared in _declarations):
        _declarations.append(roles)
    post_migrate.connect(_synced_after_migrate, sender=app_config, dispatch_uid="newsroom.roles")


def declared_roles():
    """{group name: set of "app_label.codename"}, merged across apps."""
    merged = {}
    for roles in _declarations:
        for name, permissions in roles.items():
            merged.setdefault(name, set()).update(permissions)
    return merged


def _synced_after_migrate(using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs):
    sync_roles(using=using)


def sync_roles(using=DEFAULT_DB_ALIAS):
    """Make every declared group hold exactly its declared permissions."""
    from django.contrib.auth.models import Group, Permission

    if not router.allow_migrate_model(using, Group):
        return
    roles = declared_roles()
    # auth creates permissions per app after migrate, in app order: make sure every app a
    # role names has them before the first role is synced (create_permissions is idempotent).
    for app_label in sorted({p.split(".")[0] for ps in roles.values() for p in ps}):
        create_permissions(global_apps.get_app_config(app_label), verbosity=0, using=using)
    with transaction.atomic(using=using):
        for name, dotted in sorted(roles.items()):
            wanted = []
            for permission in sorted(dotted):
                app_label, codename = permission.split(".")
                wanted.append(
                    Permission.objects.using(using).get(
                        content_type__app_label=app_label, codename=codename
                    )
                )
            group, _ = Group.objects.using(using).get_or_create(name=name)
            group.permissions.set(wanted)
