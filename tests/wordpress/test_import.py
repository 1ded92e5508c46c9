"""What an import brings in, and how: statuses, dates, people, comments, images, old
links, and running it again."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Article, Author, Category
from comments.models import Comment
from pages.models import Page
from tests.articles.images import tiny_png
from wordpress import importer
from wordpress.models import ImportedItem

from . import builder
from .conftest import run

pytestmark = pytest.mark.django_db


def test_statuses_map_and_private_and_binned_posts_are_left_out_with_a_count(write_export):
    text = builder.export(
        builder.post(1, "Out", status="publish"),
        builder.post(2, "Draft", status="draft"),
        builder.post(3, "Pending", status="pending"),
        builder.post(4, "Later", status="future", date="2099-01-01 08:00:00"),
        builder.post(5, "Secret", status="private", comments=[builder.comment(50)]),
        builder.post(6, "Binned", status="trash"),
    )

    report = run(write_export(text))

    status = dict(Article.objects.values_list("headline", "status"))
    assert status == {
        "Out": "published",
        "Draft": "draft",
        "Pending": "review",
        "Later": "published",
    }
    assert Article.objects.get(headline="Later").is_scheduled()
    assert list(Article.objects.published().values_list("headline", flat=True)) == ["Out"]
    assert "1 × private posts" in report and "1 × posts in WordPress's bin" in report
    assert "1 × comments on the posts left out" in report and not Comment.objects.exists()


def test_the_local_date_is_read_in_the_site_time_zone_when_there_is_no_utc_one(
    write_export, settings
):
    settings.TIME_ZONE = "America/Lima"
    run(
        write_export(
            builder.export(
                builder.post(1, date="2015-03-04 23:30:00", date_gmt="0000-00-00 00:00:00")
            )
        )
    )

    published = Article.objects.get().published_at
    assert published == datetime(2015, 3, 4, 23, 30, tzinfo=ZoneInfo("America/Lima"))


def test_sticky_posts_become_lead_stories_and_excerpts_standfirsts(write_export):
    run(
        write_export(
            builder.export(
                builder.post(1, sticky=True, excerpt="<p>The gist &amp; more.</p>"),
                builder.post(2, "Plain"),
            )
        )
    )

    lead = Article.objects.get(is_featured=True)
    assert lead.headline == "A story" and lead.standfirst == "The gist & more."
    assert not Article.objects.get(headline="Plain").is_featured


def test_authors_become_bylines_with_inactive_accounts_and_no_password(write_export):
    run(
        write_export(
            builder.export(
                builder.author("rosa", "Rosa Quispe", "rosa@old.example"),
                builder.post(1, creator="rosa"),
            )
        )
    )

    article = Article.objects.get()
    assert article.byline_names == ["Rosa Quispe"]
    user = get_user_model().objects.get(username="rosa")
    assert (user.is_active, user.has_usable_password(), user.email) == (
        False,
        False,
        "rosa@old.example",
    )
    assert user.author.email == ""  # the public address stays empty


def test_comments_keep_thread_author_ip_date_and_status_and_email_nobody(write_export, settings):
    settings.COMMENTS = {**getattr(settings, "COMMENTS", {}), "NOTIFY_MODERATORS": True}
    text = builder.export(
        builder.post(
            1,
            comments=[
                builder.comment(10, "Top", ip="198.51.100.4", date="2015-03-05 12:00:00"),
                builder.comment(11, "Reply", parent=10, name="Luis", email="luis@example.com"),
                builder.comment(12, "Reply to reply", parent=11, email="c@example.com"),
                builder.comment(13, "Held", approved="0", email="d@example.com"),
                builder.comment(14, "Buy pills", approved="spam", email="e@example.com"),
                builder.comment(15, "Binned", approved="trash", email="f@example.com"),
                builder.comment(16, "Linked to you", kind="pingback", email=""),
            ],
        )
    )

    report = run(write_export(text))

    by_body = {c.body: c for c in Comment.objects.all()}
    assert {b: c.status for b, c in by_body.items()} == {
        "Top": "approved",
        "Reply": "approved",
        "Reply to reply": "approved",
        "Held": "pending",
        "Buy pills": "spam",
        "Binned": "removed",
    }
    top, reply, deeper = by_body["Top"], by_body["Reply"], by_body["Reply to reply"]
    assert (reply.parent, reply.thread, reply.depth) == (top, top, 2)
    assert (deeper.parent, deeper.thread, deeper.depth) == (reply, top, 3)
    assert top.ip_address == "198.51.100.4"
    assert top.submitted_at == datetime(2015, 3, 5, 12, tzinfo=ZoneInfo("UTC"))
    assert Article.objects.get().approved_comment_count == 3
    assert mail.outbox == []
    assert "1 × pingbacks and trackbacks" in report
    assert "6 new (3 approved, 1 waiting for moderation, 1 spam, 1 removed)" in report


def test_a_newer_export_adds_only_the_new_comments(write_export):
    first = builder.export(builder.post(1, comments=[builder.comment(10, "Old")]))
    later = builder.export(
        builder.post(
            1,
            comments=[
                builder.comment(10, "Old"),
                builder.comment(11, "New", parent=10, email="n@example.com"),
            ],
        )
    )
    run(write_export(first))

    report = run(write_export(later, "later.xml"))

    assert Article.objects.count() == 1
    assert sorted(Comment.objects.values_list("body", flat=True)) == ["New", "Old"]
    assert Comment.objects.get(body="New").parent.body == "Old"
    assert Article.objects.get().approved_comment_count == 2
    assert "Comments:     1 new (1 approved); 1 already imported" in report


def test_old_links_redirect_permanently_to_the_new_addresses(write_export, client):
    text = builder.export(
        builder.author("rosa_q", wp_id=7),
        builder.category("world", "World", term_id=3),
        builder.category("americas", "Americas", parent="world", term_id=4),
        builder.category("andes", "Andes", parent="americas", term_id=5),
        builder.tag("floods", "Floods"),
        builder.post(123, "Rain", categories=["andes"], tags=["floods"], creator="rosa_q"),
        builder.post(
            9, "About us", kind="page", slug="about-us", link="https://old.example/about-us/"
        ),
    )
    run(write_export(text))
    article = Article.objects.get()
    andes = Category.objects.get(name="Andes")

    expected = {
        "/?p=123": article.get_absolute_url(),
        "/?p=123&utm_source=x": article.get_absolute_url(),
        "/2015/03/04/rain/": article.get_absolute_url(),
        "/category/world/americas/andes/": andes.get_absolute_url(),
        "/?cat=5": andes.get_absolute_url(),
        "/tag/floods/": "/tag/floods/",  # the same address here: answered directly
        "/author/rosa_q/": Author.objects.get().get_absolute_url(),
        "/?author=7": Author.objects.get().get_absolute_url(),
        "/?page_id=9": Page.objects.get().get_absolute_url(),
    }
    for old, new in expected.items():
        response = client.get(old)
        if old == new:
            assert response.status_code == 200, old
        else:
            assert (response.status_code, response["Location"]) == (301, new), old
    assert client.get("/?p=999").status_code == 200  # unknown: the home page as before


def test_an_old_link_follows_a_later_change_of_slug(write_export, client):
    run(write_export(builder.export(builder.post(5, "Rain"))))
    article = Article.objects.get()
    article.slug = "heavy-rain"
    article.save()

    assert client.get("/?p=5")["Location"] == article.get_absolute_url()


def test_an_imported_story_appears_on_the_cached_home_page(
    write_export, client, a_published_article
):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"

    run(
        write_export(
            builder.export(
                builder.post(
                    1, "Fresh from WordPress", date=timezone.now().strftime("%Y-%m-%d %H:%M:%S")
                )
            )
        )
    )

    home = client.get("/")
    assert home.get("X-Page-Cache") != "hit"
    assert "Fresh from WordPress" in home.text


def test_featured_image_and_pictures_in_the_text_come_from_the_media_folder(write_export, tmp_path):
    media = tmp_path / "uploads"
    (media / "2015/03").mkdir(parents=True)
    (media / "2015/03/harbour.png").write_bytes(tiny_png())
    text = builder.export(
        builder.post(
            50,
            "harbour",
            kind="attachment",
            status="inherit",
            excerpt="Boats at dawn",
            attachment_url="https://old.example/wp-content/uploads/2015/03/harbour.png",
            meta={
                "_wp_attached_file": "2015/03/harbour.png",
                "_wp_attachment_image_alt": "Fishing boats in the harbour",
                "_wp_attachment_metadata": (
                    'a:1:{s:10:"image_meta";a:1:{s:6:"credit";s:8:"Ana Ruiz";}}'
                ),
            },
        ),
        builder.post(
            1,
            meta={"_thumbnail_id": "50"},
            content='[caption width="300"]<img src="https://old.example/wp-content/uploads/'
            '2015/03/harbour-300x200.png" alt="Boats"> At dawn[/caption]\n\n'
            '<img src="https://old.example/wp-content/uploads/2015/03/missing.jpg">',
        ),
        builder.post(2, "No picture", meta={"_thumbnail_id": "77"}),
    )

    report = run(write_export(text), "--media-dir", str(media))

    article = Article.objects.get(headline="A story")
    assert article.image and article.image_width == 8
    assert article.library_image.alt == "Fishing boats in the harbour"  # in the media library
    assert (article.image_alt, article.image_caption, article.image_credit) == (
        "Fishing boats in the harbour",
        "Boats at dawn",
        "Ana Ruiz",
    )
    assert '<figure><img src="/media/wordpress/2015/03/harbour.png" alt="Boats">' in article.body
    assert "<figcaption>At dawn</figcaption>" in article.body
    assert "missing.jpg" not in article.body
    assert "post 1: https://old.example/wp-content/uploads/2015/03/missing.jpg" in report
    assert "post 2: attachment 77" in report


def test_without_a_media_folder_images_are_reported_and_the_import_goes_on(write_export):
    text = builder.export(
        builder.post(1, content='<img src="https://old.example/wp-content/uploads/a.jpg">Words')
    )

    report = run(write_export(text))

    assert Article.objects.get().body == "<p>Words</p>"
    assert "post 1: https://old.example/wp-content/uploads/a.jpg" in report
    assert "No media folder given (--media-dir)" in report


def test_a_dry_run_saves_nothing_and_says_so(write_export):
    report = run(
        write_export(builder.export(builder.post(1, comments=[builder.comment(2)]))), "--dry-run"
    )

    assert not Article.objects.exists() and not ImportedItem.objects.exists()
    assert "Articles:     1 new" in report and "trial run" in report.lower()


def test_an_interrupted_import_keeps_whole_batches_and_resumes(write_export, monkeypatch):
    monkeypatch.setattr(importer, "BATCH", 2)
    path = write_export(
        builder.export(
            *(
                builder.post(n, f"Story {n}", comments=[builder.comment(100 + n)])
                for n in range(1, 8)
            )
        )
    )
    real_post = importer.Importer._post

    def stop_at_five(self, item, known):
        if item.wp_id == "5":
            raise KeyboardInterrupt
        return real_post(self, item, known)

    monkeypatch.setattr(importer.Importer, "_post", stop_at_five)
    with pytest.raises(CommandError, match="Interrupted"):
        run(path)
    # Posts 1-4 were two whole batches; the batch holding 5 was rolled back entirely.
    assert sorted(Article.objects.values_list("headline", flat=True)) == [
        f"Story {n}" for n in range(1, 5)
    ]
    assert Comment.objects.count() == 4

    monkeypatch.setattr(importer.Importer, "_post", real_post)
    report = run(path)

    assert Article.objects.count() == 7 and Comment.objects.count() == 7
    assert "Articles:     3 new (3 published); 4 already imported" in report
    assert all(a.approved_comment_count == 1 for a in Article.objects.all())


def test_the_report_can_also_go_to_a_file_with_every_item_listed(write_export, tmp_path):
    out = tmp_path / "report.txt"
    missing = "".join(f'<img src="https://old.example/{n}.jpg">' for n in range(20))
    text = builder.export(builder.post(1, content=missing))

    printed = run(write_export(text), "--report", str(out))

    assert "https://old.example/19.jpg" in out.read_text()
    assert "https://old.example/19.jpg" not in printed and "and 5 more" in printed


def test_an_archive_story_keeps_its_own_dates_and_shows_no_update(write_export, client):
    text = builder.export(
        builder.post(1, "Untouched", date="2015-03-04 09:00:00"),
        builder.post(2, "Edited", date="2015-03-04 09:00:00", modified="2015-03-09 18:00:00"),
    )

    run(write_export(text))

    untouched, edited = (
        Article.objects.get(headline="Untouched"),
        Article.objects.get(headline="Edited"),
    )
    assert untouched.created_at == untouched.published_at == untouched.updated_at
    assert edited.updated_at == datetime(2015, 3, 9, 18, tzinfo=ZoneInfo("UTC"))
    assert "Updated" not in client.get(untouched.get_absolute_url()).text
    assert "Updated" in client.get(edited.get_absolute_url()).text


def test_editors_see_old_addresses_and_where_they_lead(
    write_export, client, editor, django_assert_max_num_queries
):
    run(write_export(builder.export(*(builder.post(n, f"Story {n}") for n in range(1, 30)))))
    client.force_login(editor)

    with django_assert_max_num_queries(14):  # whatever the number of rows (58 here)
        page = client.get("/admin/articles/oldaddress/")

    assert page.status_code == 200
    assert (
        "/?p=7" in page.text
        and Article.objects.get(headline="Story 7").get_absolute_url() in page.text
    )
