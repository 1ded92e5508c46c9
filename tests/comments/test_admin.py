from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from comments.models import Comment, ModerationLog
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def act(client, action, *comments, status="pending"):
    """Run an admin action from the queue filtered by ``status``, as a moderator would."""
    return client.post(
        f"{QUEUE}?status={status}",
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


def test_queue_defaults_to_pending_oldest_first_with_reasons(
    client, moderator, a_published_article
):
    older = CommentFactory(
        article=a_published_article,
        body="Older pending",
        status="pending",
        held_reason="First comment from this name and email.",
    )
    CommentFactory(article=a_published_article, body="Newer pending", status="pending")
    CommentFactory(article=a_published_article, body="Already approved")
    client.force_login(moderator)
    response = client.get(QUEUE)
    assertContains(response, "Older pending")
    assertContains(response, "First comment from this name and email.")
    assertContains(response, older.email)
    assertContains(response, older.ip_address)
    assertNotContains(response, "Already approved")
    html = response.content.decode()
    assert html.index("Older pending") < html.index("Newer pending")
    assertContains(client.get(QUEUE, {"status": "all"}), "Already approved")


def test_queue_filters_and_search(client, moderator):
    courts = CategoryFactory(name="Courts")
    in_courts = CommentFactory(
        article=ArticleFactory(categories=[courts]), status="pending", body="About the trial"
    )
    CommentFactory(status="pending", body="About football", ip_address="198.51.100.5")
    client.force_login(moderator)
    by_category = client.get(QUEUE, {"article__categories__id__exact": courts.pk})
    assertContains(by_category, "About the trial")
    assertNotContains(by_category, "About football")
    by_article = client.get(QUEUE, {"article__id__exact": in_courts.article_id})
    assertContains(by_article, "About the trial")
    assertNotContains(by_article, "About football")
    assertContains(client.get(QUEUE, {"q": "198.51.100.5"}), "About football")
    assertNotContains(client.get(QUEUE, {"q": "198.51.100.5"}), "About the trial")


def test_queue_runs_a_fixed_number_of_queries(client, moderator, django_assert_max_num_queries):
    for _ in range(3):
        CommentFactory(status="pending")
    client.force_login(moderator)
    with django_assert_max_num_queries(20) as few:
        client.get(QUEUE)
    for _ in range(40):
        CommentFactory(status="pending", parent=CommentFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(QUEUE).status_code == 200


@pytest.mark.parametrize(
    ("action", "status"),
    [("approve", "approved"), ("mark_spam", "spam"), ("remove", "removed")],
)
def test_moderator_bulk_actions(client, moderator, a_published_article, action, status):
    comments = [CommentFactory(article=a_published_article, status="pending") for _ in range(3)]
    client.force_login(moderator)
    response = act(client, action, *comments)
    assertContains(response, "3 comment(s)")
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert ModerationLog.objects.filter(by=moderator, to_status=status).count() == 3


def test_restore_to_pending(client, moderator):
    spam = CommentFactory(status="spam")
    client.force_login(moderator)
    act(client, "restore", spam, status="spam")
    spam.refresh_from_db()
    assert spam.status == "pending"


def test_per_comment_action_on_the_change_page(client, moderator, a_pending_comment):
    client.force_login(moderator)
    url = reverse("admin:comments_comment_change", args=[a_pending_comment.pk])
    page = client.get(url)
    assertContains(page, "Site policy: every comment is held for review.")
    client.post(url, {"CHANGE_FORM-action": "approve", "_selected_action": [a_pending_comment.pk]})
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == "approved"


def test_approving_a_reply_to_an_unapproved_comment_warns(client, moderator):
    parent = CommentFactory(status="pending")
    reply = CommentFactory(article=parent.article, parent=parent, status="pending")
    client.force_login(moderator)
    assertContains(act(client, "approve", reply), "not approved")


def test_editors_moderate_and_writers_do_not(client, editor, writer, a_pending_comment):
    client.force_login(editor)
    assertContains(client.get(QUEUE), 'value="approve"')
    client.force_login(writer)
    assert client.get(QUEUE).status_code == 403
    act(client, "approve", a_pending_comment)
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == "pending"


def test_staff_without_can_moderate_see_no_actions(client, a_pending_comment):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assertNotContains(response, 'value="approve"')
    act(client, "approve", a_pending_comment)
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == "pending"


def test_moderator_sees_the_queue_and_nothing_else(client, moderator, a_published_article):
    client.force_login(moderator)
    index = client.get(reverse("admin:index"))
    assertContains(index, "Comments")
    assertNotContains(index, "Articles")
    assertNotContains(index, "Sources")
    for name in (
        "admin:articles_article_changelist",
        "admin:articles_source_changelist",
        "admin:auth_user_changelist",
    ):
        assert client.get(reverse(name)).status_code == 403
    change = reverse("admin:articles_article_change", args=[a_published_article.pk])
    assert client.get(change).status_code == 403


def test_the_admin_home_says_how_many_wait_and_for_how_long(client, moderator):
    CommentFactory(status="pending", submitted_at=timezone.now() - timedelta(hours=5))
    CommentFactory(status="pending")
    CommentFactory(status="reported")  # taken down by readers' reports: it waits too
    CommentFactory(status="approved", submitted_at=timezone.now() - timedelta(days=3))
    client.force_login(moderator)
    assertContains(
        client.get(reverse("admin:index")), "Comments (3 to moderate, oldest 5\xa0hours)"
    )
    Comment.objects.update(status="approved")
    assertContains(client.get(reverse("admin:index")), ">Comments<")


def test_comments_cannot_be_edited_or_bulk_deleted_by_moderators(
    client, moderator, a_pending_comment
):
    client.force_login(moderator)
    assertNotContains(client.get(QUEUE), 'value="delete_selected"')
    url = reverse("admin:comments_comment_change", args=[a_pending_comment.pk])
    client.post(url, {"body": "Rewritten by a moderator"})
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.body == "Will the debates be on radio?"


def test_moderator_replies_from_the_admin(client, moderator, a_published_article):
    comment = CommentFactory(article=a_published_article)
    client.force_login(moderator)
    url = reverse("admin:comments_comment_reply", args=[comment.pk])
    assertContains(client.get(url), comment.body)
    response = client.post(url, {"body": "Thanks, we will follow up."}, follow=True)
    assertContains(response, "Your reply is published.")
    reply = Comment.objects.get(parent=comment)
    assert reply.is_staff_reply and reply.status == "approved" and reply.user == moderator
    page = client.get(a_published_article.get_absolute_url())
    assertContains(page, "Thanks, we will follow up.")
    assertContains(page, '<span class="staff-badge">Staff</span>', html=True)


def test_writer_cannot_reply_from_the_admin(client, writer):
    comment = CommentFactory()
    client.force_login(writer)
    url = reverse("admin:comments_comment_reply", args=[comment.pk])
    assert client.post(url, {"body": "Hi"}).status_code == 403
    assert not Comment.objects.filter(parent=comment).exists()


def test_article_admin_shows_comment_counts_and_links_to_the_queue(
    client, editor, a_published_article
):
    CommentFactory(article=a_published_article)
    CommentFactory(article=a_published_article, status="pending")
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[a_published_article.pk]))
    assertContains(page, "Approved: 1")
    assertContains(page, "Pending: 1")
    assertContains(page, f"?article__id__exact={a_published_article.pk}&amp;status=pending")


def test_moderation_log_is_readable_by_moderators(client, moderator, a_pending_comment):
    from comments import moderation

    moderation.approve(a_pending_comment, by=moderator)
    client.force_login(moderator)
    response = client.get(reverse("admin:comments_moderationlog_changelist"))
    assert response.context["cl"].result_count == 1
    assertContains(response, f'<td class="field-by nowrap">{moderator}</td>', html=True)
    assertContains(response, '<td class="field-what">Pending → Approved</td>', html=True)
    assertContains(response, "<h1>Moderation log</h1>", html=True)
    assertContains(response, str(a_pending_comment))


def test_the_queue_says_how_long_each_comment_has_been_waiting(client, moderator):
    now = timezone.now()
    CommentFactory(body="Held", status="pending", submitted_at=now - timedelta(hours=3, minutes=5))
    CommentFactory(body="Fresh", status="pending", submitted_at=now - timedelta(minutes=2))
    CommentFactory(body="Decided", status="approved", submitted_at=now - timedelta(days=2))
    client.force_login(moderator)
    queue = client.get(QUEUE).content.decode()
    assert "waiting 3\xa0hours" in queue
    assert "waiting 2\xa0minutes" in queue
    everything = client.get(f"{QUEUE}?status=all").content.decode()
    assert everything.count("waiting") == queue.count("waiting") == 2  # only pending ones
