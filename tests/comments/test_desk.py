"""The moderation desk: one-click decisions on every row, undo, edit, queues and context."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from comments import moderation
from comments.models import Comment, ModerationLog
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def decide_url(comment):
    return reverse("admin:comments_comment_decide", args=[comment.pk])


def test_every_row_has_one_click_decision_buttons_posting_to_its_comment(
    client, moderator, a_pending_comment
):
    client.force_login(moderator)
    page = client.get(QUEUE, {"status": "pending", "p": "1"})
    html = page.content.decode()
    for value in ("approve", "spam", "remove"):
        assert (
            f'formaction="{decide_url(a_pending_comment)}?next=' in html
            and f'name="decision" value="{value}"' in html
        )
    # They sit in the changelist form, whose CSRF token they send.
    assert html.index('id="changelist-form"') < html.index('value="approve"')
    assert 'name="csrfmiddlewaretoken"' in html
    reply = reverse("admin:comments_comment_reply", args=[a_pending_comment.pk])
    edit = reverse("admin:comments_comment_edit", args=[a_pending_comment.pk])
    assertContains(page, f'href="{reply}?next=')
    assertContains(page, f'href="{edit}?next=')


@pytest.mark.parametrize(
    ("decision", "status"),
    [("approve", "approved"), ("spam", "spam"), ("remove", "removed")],
)
def test_one_click_decides_logs_and_returns_to_the_same_place(
    client, moderator, a_pending_comment, decision, status
):
    client.force_login(moderator)
    here = f"{QUEUE}?status=pending&p=1"
    response = client.post(
        f"{decide_url(a_pending_comment)}?next={here.replace('&', '%26')}",
        {"decision": decision},
    )
    assertRedirects(response, here, fetch_redirect_response=False)
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == status
    assert a_pending_comment.moderated_by == moderator
    entry = ModerationLog.objects.get()
    assert (entry.from_status, entry.to_status, entry.by) == ("pending", status, moderator)


def test_a_decision_never_returns_to_another_site(client, moderator, a_pending_comment):
    client.force_login(moderator)
    response = client.post(
        decide_url(a_pending_comment), {"decision": "approve", "next": "https://evil.example/"}
    )
    assertRedirects(response, QUEUE, fetch_redirect_response=False)


def test_decisions_are_post_only_and_for_moderators_only(client, writer, a_pending_comment):
    client.force_login(writer)
    assert client.post(decide_url(a_pending_comment), {"decision": "approve"}).status_code == 403
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == "pending"


def test_a_get_or_an_unknown_decision_changes_nothing(client, moderator, a_pending_comment):
    client.force_login(moderator)
    assert client.get(decide_url(a_pending_comment), {"decision": "approve"}).status_code == 405
    response = client.post(decide_url(a_pending_comment), {"decision": "delete"}, follow=True)
    assertContains(response, "Choose a decision.")
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == "pending"


def test_a_decision_asked_for_as_json_answers_json_with_its_undo(
    client, moderator, a_pending_comment
):
    client.force_login(moderator)
    response = client.post(
        decide_url(a_pending_comment), {"decision": "spam"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    entry = ModerationLog.objects.get()
    assert data["ok"] and data["status"] == "spam"
    assert data["undo"] == reverse("admin:comments_comment_undo", args=[entry.pk])


def test_undo_from_the_desk_puts_the_comment_back(client, moderator, a_pending_comment):
    client.force_login(moderator)
    client.post(decide_url(a_pending_comment), {"decision": "spam"})
    page = client.get(QUEUE)
    entry = ModerationLog.objects.get()
    undo = reverse("admin:comments_comment_undo", args=[entry.pk])
    assertContains(page, f'action="{undo}"')
    response = client.post(undo, {"next": QUEUE}, follow=True)
    assertContains(response, "Undone")
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == "pending"
    assert list(ModerationLog.objects.order_by("pk").values_list("to_status", flat=True)) == [
        "spam",
        "pending",
    ]


def test_undo_of_an_approval_recounts_the_article(moderator, a_pending_comment):
    article = a_pending_comment.article
    moderation.approve(a_pending_comment, by=moderator)
    article.refresh_from_db()
    assert article.approved_comment_count == 1
    moderation.undo(ModerationLog.objects.get(), by=moderator)
    article.refresh_from_db()
    assert article.approved_comment_count == 0


def test_undo_is_refused_when_too_old_someone_elses_or_overtaken(
    moderator, editor, a_pending_comment, settings
):
    moderation.remove(a_pending_comment, by=moderator)
    entry = ModerationLog.objects.get()
    with pytest.raises(moderation.CannotUndo):
        moderation.undo(entry, by=editor)
    moderation.approve(a_pending_comment, by=editor)
    with pytest.raises(moderation.CannotUndo):
        moderation.undo(entry, by=moderator)
    later = ModerationLog.objects.latest("pk")
    ModerationLog.objects.filter(pk=later.pk).update(
        at=timezone.now() - timedelta(seconds=settings.COMMENTS.get("UNDO_SECONDS", 600) + 1)
    )
    with pytest.raises(moderation.CannotUndo):
        moderation.undo(ModerationLog.objects.get(pk=later.pk), by=editor)
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == "approved"


def test_a_refused_undo_is_a_message_not_an_error(client, moderator, editor, a_pending_comment):
    moderation.remove(a_pending_comment, by=editor)
    client.force_login(moderator)
    undo = reverse("admin:comments_comment_undo", args=[ModerationLog.objects.get().pk])
    response = client.post(undo, follow=True)
    assert response.status_code == 200
    assertContains(response, "Only the moderator who made a decision can undo it.")


def test_edit_redacts_keeps_the_original_in_the_log_and_marks_the_comment(
    client, moderator, a_published_article
):
    comment = CommentFactory(article=a_published_article, body="Call me on 555 0100, neighbours.")
    client.force_login(moderator)
    edit = reverse("admin:comments_comment_edit", args=[comment.pk])
    assertContains(client.get(edit), "Call me on 555 0100, neighbours.")
    response = client.post(f"{edit}?next={QUEUE}", {"body": "Call me on [redacted], neighbours."})
    assertRedirects(response, QUEUE, fetch_redirect_response=False)
    comment.refresh_from_db()
    assert comment.body == "Call me on [redacted], neighbours."
    assert comment.edited_at is not None
    entry = ModerationLog.objects.get()
    assert entry.previous_body == "Call me on 555 0100, neighbours." and entry.by == moderator
    page = client.get(a_published_article.get_absolute_url())
    assertContains(page, "Call me on [redacted], neighbours.")
    assertNotContains(page, "555 0100")
    assertContains(page, "Edited by the moderators.")


def test_an_edit_can_be_undone(moderator, a_pending_comment):
    original = a_pending_comment.body
    moderation.edit(a_pending_comment, by=moderator, body="Redacted.")
    moderation.undo(ModerationLog.objects.get(), by=moderator)
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.body == original
    assert a_pending_comment.edited_at is None


def test_writers_cannot_edit_comments(client, writer, a_pending_comment):
    client.force_login(writer)
    edit = reverse("admin:comments_comment_edit", args=[a_pending_comment.pk])
    assert client.post(edit, {"body": "Changed"}).status_code == 403
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.body == "Will the debates be on radio?"


def test_reply_from_the_queue_returns_to_the_queue(client, moderator, a_pending_comment):
    client.force_login(moderator)
    reply = reverse("admin:comments_comment_reply", args=[a_pending_comment.pk])
    here = f"{QUEUE}?status=pending"
    assertContains(client.get(reply, {"next": here}), 'name="next"')
    response = client.post(f"{reply}?next={here}", {"body": "We will ask.", "next": here})
    assertRedirects(response, here, fetch_redirect_response=False)


def test_replying_to_a_waiting_comment_approves_it_so_the_reply_has_its_question(
    client, moderator, a_pending_comment
):
    client.force_login(moderator)
    reply = reverse("admin:comments_comment_reply", args=[a_pending_comment.pk])
    assertContains(client.get(reply), "publishing your reply approves it too")
    client.post(reply, {"body": "We asked the council: Thursday."})
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == Comment.Status.APPROVED
    entry = ModerationLog.objects.get(comment=a_pending_comment)
    assert (entry.to_status, entry.by) == (Comment.Status.APPROVED, moderator)
    page = client.__class__().get(a_pending_comment.article.get_absolute_url())
    assertContains(page, a_pending_comment.body)
    assertContains(page, "We asked the council: Thursday.")
    assertNotContains(page, "This comment was removed.")


def test_a_comment_its_author_deleted_cannot_be_put_back_on_the_site(
    client, moderator, a_pending_comment
):
    moderation.author_delete(a_pending_comment)
    client.force_login(moderator)
    removed = client.get(QUEUE, {"status": "removed"})
    assertContains(removed, "[Deleted by its author.]")
    assertNotContains(removed, f'formaction="{decide_url(a_pending_comment)}')
    assertContains(removed, "Deleted by its author</span>")
    for decision in ("approve", "restore", "spam"):
        response = client.post(decide_url(a_pending_comment), {"decision": decision}, follow=True)
        assertContains(response, "Its author deleted this comment")
    moderation.decide_all(Comment.objects.all(), Comment.Status.APPROVED, by=moderator)
    a_pending_comment.refresh_from_db()
    assert a_pending_comment.status == Comment.Status.REMOVED
    page = client.__class__().get(a_pending_comment.article.get_absolute_url())
    assertNotContains(page, "[Deleted by its author.]")


def test_typing_the_deleted_marker_into_a_comment_does_not_shield_it(
    client, moderator, a_published_article
):
    comment = CommentFactory(article=a_published_article)
    comment.body = f"[Deleted by its author.] #{comment.pk}"  # as its author could type it
    comment.save()
    client.force_login(moderator)
    client.post(decide_url(comment), {"decision": "remove"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED


def test_a_staff_reply_offers_no_ban_against_its_writer(client, moderator, a_pending_comment):
    reply = moderation.staff_reply(a_pending_comment, by=moderator, body="We will ask.")
    client.force_login(moderator)
    page = client.get(QUEUE, {"status": "approved"}).content.decode()
    row = page.split(f'data-comment="{reply.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "Approve" not in row and "Remove" in row  # its own row
    assert "Ban…" not in row


def test_why_a_comment_was_held_is_told_in_the_tense_of_its_queue(client, moderator):
    for status in ("pending", "spam", "approved"):
        CommentFactory(status=status, held_reason=f"Reason {status}.")
    client.force_login(moderator)
    assertContains(client.get(QUEUE, {"status": "pending"}), "Held: Reason pending.")
    assertContains(client.get(QUEUE, {"status": "spam"}), "Sent to spam: Reason spam.")
    approved = client.get(QUEUE, {"status": "approved"})
    assertContains(approved, "Was held: Reason approved.")
    assertNotContains(approved, "Held: Reason")


def test_queues_with_counts_and_a_title_for_moderators(client, moderator):
    for status, n in (("pending", 3), ("approved", 2), ("spam", 1)):
        for _ in range(n):
            CommentFactory(status=status)
    client.force_login(moderator)
    page = client.get(QUEUE)
    html = page.content.decode()
    assert "<title>Moderation desk: Pending |" in html
    assert "<h1>Moderation desk: Pending</h1>" in html
    assertNotContains(page, "Select comment")
    for label, count in (("Pending", 3), ("Approved", 2), ("Spam", 1), ("Removed", 0)):
        assert f'{label} <span class="desk-count">{count}</span>' in html
    assertContains(client.get(QUEUE, {"status": "spam"}), "Moderation desk: Spam")


def test_each_row_shows_its_context(client, moderator):
    courts = CategoryFactory(name="Courts")
    article = ArticleFactory(headline="Trial opens", categories=[courts])
    parent = CommentFactory(article=article, name="Bea", body="The judge was late.")
    reply = CommentFactory(
        article=article,
        parent=parent,
        email="carl@example.org",
        ip_address="198.51.100.9",
        status="pending",
        held_reason="Contains a held word: judge.",
        submitted_at=timezone.now() - timedelta(hours=2),
    )
    CommentFactory(article=article, status="pending")
    for status in ("approved", "approved", "spam", "removed"):
        CommentFactory(email="carl@example.org", ip_address="198.51.100.9", status=status)
    CommentFactory(email="other@example.org", ip_address="198.51.100.9", status="spam")
    client.force_login(moderator)
    page = client.get(QUEUE)
    html = page.content.decode()
    assert "Trial opens" in html and "Courts" in html
    assert article.get_absolute_url() in html
    assert "2 pending here" in html
    assert "In reply to Bea: “The judge was late.”" in html
    assert "Held: Contains a held word: judge." in html
    assert "waiting 2\xa0hours" in html
    # Carl's record: by email 2 approved, 1 spam, 1 removed; by IP one spam more.
    assert "✓2 ⚠1 ✗1" in html
    assert "✓2 ⚠2 ✗1" in html
    assertContains(page, "?status=all&amp;email=carl@example.org")
    assertContains(page, "?status=all&amp;ip_address=198.51.100.9")
    everything = client.get(QUEUE, {"status": "all", "email": "carl@example.org"})
    assert everything.context["cl"].result_count == 5
    assert reply.pk in [c.pk for c in everything.context["cl"].result_list]


def test_the_desk_runs_a_fixed_number_of_queries_with_many_rows(
    client, moderator, django_assert_max_num_queries
):
    CommentFactory(status="pending")
    client.force_login(moderator)
    with django_assert_max_num_queries(30) as few:
        client.get(QUEUE)
    sections = [CategoryFactory() for _ in range(3)]
    for n in range(45):
        article = ArticleFactory(categories=[sections[n % 3]])
        parent = CommentFactory(article=article, recount=False)
        CommentFactory(
            article=article,
            parent=parent,
            status="pending",
            ip_address=f"198.51.100.{n}",
            recount=False,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(QUEUE)
    assert len(page.context["cl"].result_list) == 46


def test_viewers_without_can_moderate_see_no_buttons(client, a_pending_comment):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    viewer = UserFactory()
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    page = client.get(QUEUE)
    assert page.status_code == 200
    assertNotContains(page, 'name="decision"')
    assertNotContains(page, "desk-undo")
