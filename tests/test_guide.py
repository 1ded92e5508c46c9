"""The staff guide: linked from the admin's home page, shown in the admin, and its
pictures all taken by the browser tests (so they show the admin as it is)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from newsroom import guide

pytestmark = pytest.mark.django_db

TESTS = settings.BASE_DIR / "tests" / "e2e"


def pictures(role):
    return re.findall(r"!\[[^\]]*\]\(img/([\w.-]+)\)", (guide.GUIDE_DIR / f"{role}.md").read_text())


def taken_by_tests():
    names = set()
    for path in TESTS.glob("test_*.py"):
        names.update(re.findall(r'guide_shot\(\s*\w+,\s*"([\w-]+)"', path.read_text()))
    return {f"{name}.png" for name in names}


@pytest.mark.parametrize("role", guide.ROLES)
def test_every_picture_in_a_guide_is_taken_by_a_browser_test_and_committed(role):
    shown = pictures(role)
    assert shown, f"the {role} guide has no pictures"
    assert set(shown) <= taken_by_tests()
    for name in shown:
        assert (guide.GUIDE_DIR / "img" / name).is_file(), f"{name}: run make e2e"


def test_no_picture_is_left_over():
    kept = {path.name for path in (guide.GUIDE_DIR / "img").glob("*.png")}
    assert kept <= taken_by_tests()


@pytest.mark.parametrize("user", ["editor", "writer", "moderator"])
def test_the_admin_home_links_to_the_guides(client, request, user):
    client.force_login(request.getfixturevalue(user))
    home = client.get(reverse("admin:index"))
    for role in guide.ROLES:
        assert f'href="{reverse("admin:guide", args=[role])}"' in home.text


def test_a_guide_is_shown_in_the_admin_with_its_pictures(client, writer):
    client.force_login(writer)
    page = client.get(reverse("admin:guide", args=["editor"]))
    assert page.status_code == 200
    assert "<title>Guide for editors" in page.text
    assert 'src="/static/guide/checklist-refused.png"' in page.text
    # Links between the guides lead to their admin pages.
    assert f'href="{reverse("admin:guide", args=["writer"])}"' in page.text


def test_the_guides_are_for_staff_only(client):
    page = client.get(reverse("admin:guide", args=["editor"]))
    assert page.status_code == 302


def test_an_unknown_guide_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get("/admin/guide/publisher/").status_code == 404
