"""Roles (groups and their permissions) follow the apps' declarations after every migrate."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles import roles

pytestmark = pytest.mark.django_db


def permissions_of(name):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_a_changed_role_reaches_an_existing_database_on_migrate(monkeypatch):
    before = permissions_of(roles.WRITERS)
    assert "articles.view_source" in before and "articles.delete_article" not in before
    declared = [p for p in roles.ROLES[roles.WRITERS] if p != "articles.view_source"]
    monkeypatch.setitem(roles.ROLES, roles.WRITERS, [*declared, "articles.delete_article"])

    call_command("migrate", verbosity=0)

    assert permissions_of(roles.WRITERS) == {*declared, "articles.delete_article"}


def test_migrate_again_changes_nothing():
    before = {group.name: permissions_of(group.name) for group in Group.objects.all()}
    call_command("migrate", verbosity=0)
    call_command("migrate", verbosity=0)
    assert {group.name: permissions_of(group.name) for group in Group.objects.all()} == before


def test_a_permission_given_by_hand_to_a_role_is_taken_back_on_migrate():
    """The declaration is the whole role: what an admin adds by hand does not persist."""
    from django.contrib.auth.models import Permission

    writers = Group.objects.get(name=roles.WRITERS)
    writers.permissions.add(Permission.objects.get(codename="delete_source"))
    call_command("migrate", verbosity=0)
    assert "articles.delete_source" not in permissions_of(roles.WRITERS)


def test_each_app_declares_its_own_roles():
    from comments import roles as comment_roles
    from pages import roles as page_roles

    assert set(roles.ROLES) == {roles.EDITORS, roles.WRITERS}
    assert set(comment_roles.ROLES) == {comment_roles.MODERATORS, roles.EDITORS}
    assert permissions_of(comment_roles.MODERATORS) == set(
        comment_roles.ROLES[comment_roles.MODERATORS]
    )
    assert permissions_of(roles.EDITORS) == {
        *roles.ROLES[roles.EDITORS],
        *comment_roles.ROLES[roles.EDITORS],
        *page_roles.ROLES[roles.EDITORS],
    }
