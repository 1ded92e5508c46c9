"""Two people editing one article: the second save is refused, nothing is lost."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from desk.locks import LOCK_SECONDS
from desk.revisions import latest_version
from tests.desk.test_revisions import change, edit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor(editor):
    from django.contrib.auth.models import Group

    other = UserFactory(username="rosa", first_name="Rosa", last_name="Quispe")
    other.groups.add(Group.objects.get(name="Editors"))
    return other


FREE = 'class="desk-lock desk-hidden"'  # the banner, hidden: nobody else is editing


def opened_at(article):
    return str(latest_version(article).pk)


def test_the_second_save_is_refused_and_keeps_both_changes(
    client,
    editor,
    second_editor,
    draft,
):
    base = opened_at(draft)  # both open the form now
    client.force_login(second_editor)
    edit(client, draft, headline="Floods close the Cusco highway", base_revision=base)

    client.force_login(editor)
    response = edit(client, draft, standfirst="Three days of rain.", base_revision=base)

    assert response.status_code == 200  # the form again, nothing saved
    draft.refresh_from_db()
    assert draft.standfirst == "Rain cut the road."
    assert "Rosa Quispe saved this article" in response.text
    assert "The form now holds their version of: Headline" in response.text
    form = response.context["adminform"].form
    assert form["headline"].value() == "Floods close the Cusco highway"  # theirs
    assert form["standfirst"].value() == "Three days of rain."  # yours
    assert form["base_revision"].value() == str(latest_version(draft).pk)
    # What they changed, highlighted.
    assert "<ins>Cusco </ins>" in response.text

    # Saving the form as shown keeps both.
    again = client.post(change(draft), form.data)
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Floods close the Cusco highway"
    assert draft.standfirst == "Three days of rain."


def test_when_both_changed_one_field_the_form_keeps_yours_and_shows_theirs(
    client,
    editor,
    second_editor,
    draft,
):
    base = opened_at(draft)
    client.force_login(second_editor)
    edit(client, draft, body="<p>The road to Cusco is closed until Friday.</p>", base_revision=base)
    client.force_login(editor)
    response = edit(
        client, draft, body="<p>The road is closed by landslides.</p>", base_revision=base
    )
    assert response.status_code == 200
    assert "You both changed: Body text" in response.text
    assert response.context["adminform"].form["body"].value() == (
        "<p>The road is closed by landslides.</p>"
    )
    assert "<ins>closed until Friday.</ins>" in re.sub(r"\s+", " ", response.text)
    draft.refresh_from_db()
    assert draft.body == "<p>The road to Cusco is closed until Friday.</p>"


def test_a_save_from_the_latest_revision_goes_through(client, editor, draft):
    client.force_login(editor)
    assert edit(client, draft, headline="One").status_code == 302
    assert edit(client, draft, headline="Two").status_code == 302


def test_the_form_carries_the_revision_it_was_opened_at(client, editor, draft):
    client.force_login(editor)
    page = client.get(change(draft))
    assert page.context["adminform"].form["base_revision"].value() == latest_version(draft).pk
    assert f'name="base_revision" value="{latest_version(draft).pk}"' in page.text


def test_opening_an_article_someone_is_editing_says_who(
    client,
    editor,
    second_editor,
    draft,
):
    client.force_login(second_editor)
    assert FREE in client.get(change(draft)).text
    client.force_login(editor)
    assert "Rosa Quispe is currently editing this article." in client.get(change(draft)).text


def test_the_lock_expires_without_a_heartbeat(client, editor, second_editor, draft):
    client.force_login(second_editor)
    client.get(change(draft))
    client.force_login(editor)
    later = timezone.now() + timedelta(seconds=LOCK_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert FREE in client.get(change(draft)).text


def test_the_heartbeat_keeps_the_lock_and_names_the_other_editor(
    client,
    editor,
    second_editor,
    draft,
):
    lock = reverse("admin:articles_article_lock", args=[draft.pk])
    client.force_login(second_editor)
    assert client.post(lock).json() == {"holder": ""}
    client.force_login(editor)
    assert client.post(lock).json() == {"holder": "Rosa Quispe"}
    assert client.get(lock).status_code == 405
    client.force_login(second_editor)
    client.post(lock, {"release": "1"})
    client.force_login(editor)
    assert client.post(lock).json() == {"holder": ""}
