"""A damaged or odd export gets a clear message, never a traceback, and leaves nothing
half-written."""

import pytest
from django.core.management.base import CommandError

from articles.models import Article, Category
from comments.models import Comment
from wordpress.models import ImportedItem

from . import builder
from .conftest import run

pytestmark = pytest.mark.django_db

GOOD = builder.export(
    builder.author(),
    builder.category("news"),
    *(builder.post(n, f"Story {n}", comments=[builder.comment(100 + n)]) for n in range(1, 6)),
)


def nothing_written():
    return not (
        Article.objects.exists()
        or Category.objects.exists()
        or Comment.objects.exists()
        or ImportedItem.objects.exists()
    )


def test_a_truncated_file_is_refused_before_anything_is_written(write_export):
    path = write_export(GOOD[: len(GOOD) * 3 // 4])

    with pytest.raises(CommandError, match="ends in the middle of the export .* cut off"):
        run(path)
    assert nothing_written()


def test_malformed_xml_names_the_line_and_writes_nothing(write_export):
    broken = GOOD.replace("<title>Story 4</title>", "<title>Story 4 & 5</title>")

    with pytest.raises(CommandError, match=r"not well-formed XML at line \d+, column \d+"):
        run(write_export(broken))
    assert nothing_written()


def test_entity_expansion_is_refused(write_export):
    bomb = GOOD.replace(
        "<rss ",
        '<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<rss ',
    ).replace("Story 1</title>", "&lol2;</title>")

    with pytest.raises(CommandError, match="declares XML entities"):
        run(write_export(bomb))
    assert nothing_written()


def test_a_file_in_windows_1252_is_read_in_its_encoding(write_export):
    text = builder.export(builder.post(1, "Año nuevo en Perú"), encoding="windows-1252")

    run(write_export(text.encode("cp1252")))

    assert Article.objects.get().headline == "Año nuevo en Perú"


def test_a_file_whose_bytes_are_not_its_declared_encoding_says_how_to_read_it(write_export):
    path = write_export(builder.export(builder.post(1, "Año nuevo")).encode("cp1252"))

    with pytest.raises(CommandError, match=r"(?i)not valid utf-8 .* --encoding=cp1252"):
        run(path)
    assert nothing_written()

    run(path, "--encoding=cp1252")
    assert Article.objects.get().headline == "Año nuevo"


def test_cdata_split_around_its_own_end_marker_is_read_whole(write_export):
    run(write_export(builder.export(builder.post(1, content="Before ]]> after"))))

    assert Article.objects.get().body == "<p>Before ]]&gt; after</p>"


def test_not_an_export_at_all(write_export):
    with pytest.raises(CommandError, match="not a WordPress export"):
        run(write_export('<?xml version="1.0"?><html><body/></html>'))


def test_a_missing_file_is_a_message(tmp_path):
    with pytest.raises(CommandError, match="Cannot open"):
        run(tmp_path / "nope.xml")


def test_a_huge_post_is_reported_by_its_id_and_the_others_go_in(write_export, monkeypatch):
    monkeypatch.setattr("wordpress.importer.MAX_BODY", 1000)
    text = builder.export(
        builder.post(1, "Fine"), builder.post(2, "Enormous", content="x" * 2000), builder.post(3)
    )

    report = run(write_export(text))

    assert sorted(Article.objects.values_list("headline", flat=True)) == ["A story", "Fine"]
    assert "post 2: its text is" in report


def test_an_item_without_a_usable_id_is_reported_and_the_rest_goes_in(write_export):
    text = builder.export(builder.post(1, "Kept"), builder.post(2, "Odd", post_id="abc"))

    report = run(write_export(text))

    assert list(Article.objects.values_list("headline", flat=True)) == ["Kept"]
    assert "item abc: no usable post number" in report


def test_duplicate_slugs_both_arrive_and_each_old_link_finds_its_own(write_export, client):
    text = builder.export(
        builder.post(1, "Budget", slug="budget", date="2015-03-04 09:00:00"),
        builder.post(2, "Budget again", slug="budget", date="2016-05-06 09:00:00"),
    )

    report = run(write_export(text))

    first, second = Article.objects.order_by("published_at")
    assert (first.slug, second.slug) == ("budget", "budget-2")
    assert "“budget” → “budget-2”" in report
    old_second = client.get("/2016/05/06/budget/")
    assert old_second.status_code == 301 and old_second["Location"] == second.get_absolute_url()
    old_first = client.get("/2015/03/04/budget/")
    assert old_first.status_code == 301 and old_first["Location"] == first.get_absolute_url()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "The file is empty"), (b"PK\x03\x04zipped bytes", "compressed file")],
)
def test_an_empty_or_compressed_file_is_named_as_such(write_export, content, message):
    with pytest.raises(CommandError, match=message):
        run(write_export(content))


def test_a_section_the_database_refuses_is_reported_and_its_posts_still_arrive(
    write_export, monkeypatch
):
    from django.db import DataError

    real_save = Category.save

    def refuse_sports(self, *args, **kwargs):
        if self.name == "Sports":
            raise DataError("value too long for type character varying(100)")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Category, "save", refuse_sports)
    text = builder.export(
        builder.category("news", "News"),
        builder.category("sports", "Sports"),
        builder.post(1, categories=["news", "sports"]),
    )

    report = run(write_export(text))

    assert [c.name for c in Article.objects.get().categories.all()] == ["News"]
    assert "category sports: value too long" in report
