import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Category, Source
from comments import demo

pytestmark = pytest.mark.django_db


def test_demo_loads_a_complete_newsroom_once(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=open("/dev/null", "w"))
    counts = (
        Article.objects.count(),
        Category.objects.count(),
        Source.objects.count(),
        get_user_model().objects.count(),
        Article.tags.most_common().count(),
    )
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert counts == (
        Article.objects.count(),
        Category.objects.count(),
        Source.objects.count(),
        get_user_model().objects.count(),
        Article.tags.most_common().count(),
    )

    assert Article.objects.published().count() >= 12
    assert Category.objects.exclude(parent=None).exists()
    assert Category.objects.count() >= 5 and Source.objects.count() >= 3
    assert counts[4] >= 15
    statuses = set(Article.objects.values_list("status", flat=True))
    assert {"draft", "review", "published"} <= statuses
    assert any(article.is_scheduled() for article in Article.objects.all())
    for article in Article.objects.published().exclude(image=""):
        assert article.image_alt and article.image_credit and article.image_width == 1200
    assert get_user_model().objects.get(username="editor").check_password("editor-demo")
    assert get_user_model().objects.get(username="editor").groups.get().name == "Editors"


def test_demo_accounts_only_with_debug(settings):
    settings.DEBUG = False
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert not get_user_model().objects.exists()
    assert Article.objects.exists()


def test_demo_comments_are_held_and_email_nobody_whatever_the_policy(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    from comments.models import Comment

    settings.DEBUG = True
    settings.COMMENTS = {"POLICY": "approve_clean", "NOTIFY_MODERATORS": True}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=open("/dev/null", "w"))
    approved_in_demo = sum(1 for *_, approve in demo.COMMENTS if approve)
    assert Comment.objects.approved().count() == approved_in_demo
    assert mailoutbox == []


def test_the_lead_demo_story_shows_a_library_picture_between_paragraphs(client):
    call_command("load_demo", stdout=io.StringIO())
    lead = Article.objects.get(slug="regional-elections-set-for-october")
    other = Article.objects.get(slug="court-orders-release-of-seized-coca-leaf")
    assert list(lead.body_images.all()) == [other.library_image]
    body = client.get(lead.get_absolute_url()).content.decode()
    body = body[body.index('<div class="body">') :]
    assert body.index("</p>") < body.index('<figure class="inline">') < body.index("<h2>")
