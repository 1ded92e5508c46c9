"""A newsroom moved over from WordPress: a reader follows an old ?p= link and lands on
the imported article, its picture with its caption and its comment thread intact.
Screenshots in test-artifacts/<test name>/."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.e2e.conftest import E2E
from tests.wordpress import builder

pytestmark = E2E

WIDTHS = [375, 1280]
TEXT = (
    "The river rose two metres overnight and the council opened the school as a shelter.\n"
    "Volunteers carried mattresses until dawn.\n\n"
    '[caption id="attachment_7" width="1200"]<img src="https://old.example/wp-content/uploads/'
    '2015/03/river-1200x800.jpg" alt="The river over the road by the market" width="1200" '
    'height="800"> The road by the market at six in the morning.[/caption]\n\n'
    'By noon the water had begun to fall. [gallery ids="7,8"]'
)


def picture(path):
    image = Image.new("RGB", (1200, 800), (70, 110, 140))
    draw = ImageDraw.Draw(image)
    for y in range(0, 800, 40):
        draw.rectangle([0, y, 1200, y + 18], fill=(90, 135, 160))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


@pytest.fixture
def imported(tmp_path):
    uploads = tmp_path / "uploads"
    picture(uploads / "2015/03/river.jpg")
    export = tmp_path / "export.xml"
    export.write_text(
        builder.export(
            builder.author("rosa", "Rosa Quispe"),
            builder.category("local", "Local"),
            builder.post(
                123,
                "Floods close the market road",
                slug="floods-close-the-market-road",
                content=TEXT,
                excerpt="The council opened the school as a shelter.",
                categories=["local"],
                comments=[
                    builder.comment(1, "My street is under water too.", name="Ana"),
                    builder.comment(
                        2, "Stay safe, the school has room.", parent=1, name="Luis", email="l@x.org"
                    ),
                    builder.comment(
                        3, "Cheap pills here", approved="spam", name="Spammer", email="s@x.org"
                    ),
                    builder.comment(4, "Linked from our blog", kind="pingback", email=""),
                ],
            ),
        )
    )
    call_command(
        "import_wordpress",
        str(export),
        "--media-dir",
        str(uploads),
        stdout=StringIO(),
        stderr=StringIO(),
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_an_old_link_opens_the_imported_article_with_its_picture_and_comments(
    browser, site, imported, width, shot, axe_violations
):
    # CSP bypassed only so that axe-core can be injected; the page is served as always.
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)

    page.goto(f"{site}/?p=123")

    expect(page).to_have_url(f"{site}/2015/3/4/floods-close-the-market-road/")
    expect(page.locator("h1")).to_have_text("Floods close the market road")
    figure = page.locator(".body figure")
    expect(figure.locator("figcaption")).to_have_text(
        "The road by the market at six in the morning."
    )
    expect(figure.locator("img")).to_have_attribute("alt", "The river over the road by the market")
    assert figure.locator("img").evaluate("img => img.naturalWidth") == 1200  # loaded, not broken
    assert figure.locator("img").evaluate("img => img.getBoundingClientRect().width") <= width
    expect(page.locator("#comments-heading")).to_have_text("2 Comments")
    reply = page.get_by_text("Stay safe, the school has room.")
    expect(reply).to_be_visible()
    expect(page.get_by_text("Cheap pills here")).to_have_count(0)
    expect(page.get_by_text("[gallery")).to_have_count(0)
    taken = shot(f"article-{width}", page)
    figure.screenshot(path=str(taken.with_name(f"figure-{width}.png")))
    assert axe_violations(page) == []

    page.goto(f"{site}/category/local/")
    expect(page.get_by_role("link", name="Floods close the market road")).to_be_visible()


def test_an_editor_saving_an_imported_article_keeps_its_captioned_picture(
    browser, site, imported, editor, shot
):
    from articles.models import Article
    from tests.e2e.conftest import login

    article = Article.objects.get()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    login(page, site, editor)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    expect(page.locator(".ProseMirror figure img")).to_be_visible()
    expect(page.locator(".ProseMirror figcaption")).to_have_text(
        "The road by the market at six in the morning."
    )
    shot("editor-1280", page)

    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_be_visible()

    article.refresh_from_db()
    assert "<figcaption>The road by the market at six in the morning.</figcaption>" in article.body
    assert 'alt="The river over the road by the market"' in article.body
