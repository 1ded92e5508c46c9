"""Issue 16 in a browser: a library picture inserted between two paragraphs by an editor
and seen by a reader; what the demo article page costs a phone; axe on the new pages."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image, ImageFilter
from playwright.sync_api import expect

from articles.library import LibraryImage
from articles.models import Article
from pages.models import Page
from tests.e2e.conftest import ARTIFACTS, E2E, login
from tests.factories import ArticleFactory
from tests.site.test_renditions import two_halves

pytestmark = E2E

BUDGET = 150 * 1024  # bytes over the wire for the whole article page, pictures included


def test_editor_inserts_a_library_picture_between_two_paragraphs(page, browser, site, editor, shot):
    item = LibraryImage(
        alt="Red and blue halves of a flag",
        caption="The flag raised at the town hall.",
        credit="Ana Quispe / Andina",
    )
    item.file.save("flag.jpg", ContentFile(two_halves()), save=True)  # renditions made at once
    article = ArticleFactory(
        headline="Town hall raises a new flag",
        body="<p>The first paragraph ends here.</p><p>The second paragraph starts here.</p>",
    )
    login(page, site, editor)
    page.goto(f"{site}/admin/articles/article/{article.pk}/change/")
    page.locator(".ProseMirror p", has_text="The first paragraph ends here.").click()
    page.keyboard.press("End")
    page.locator(".prose-menubar__button[title=figure]").click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_contain_text("Insert Figure")
    with page.expect_popup() as opened:
        dialog.get_by_role("button", name="Browse...").click()
    picker = opened.value
    picker.wait_for_load_state()
    picker.get_by_label("Search captions, alt text and credits").fill("town hall")
    picker.get_by_role("button", name="Search").click()
    shot("library-picker", picker)
    # The picker closes itself on a choice; a mouse click there races Playwright's own
    # bookkeeping after the click (TargetClosedError, microsoft/playwright#26900). The
    # DOM click runs the same handler and returns before the window goes.
    with picker.expect_event("close"):
        picker.locator(".library-choice", has_text="The flag raised").dispatch_event("click")
    expect(dialog.locator("input[name=altText]")).to_have_value("Red and blue halves of a flag")
    expect(dialog.locator("input[name=caption]")).to_have_value("The flag raised at the town hall.")
    shot("figure-dialog")
    dialog.get_by_role("button", name="Insert").click()
    expect(page.locator(".ProseMirror figure img")).to_be_visible()
    shot("editor-with-figure")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    saved = Article.objects.get(pk=article.pk)
    assert list(saved.body_images.all()) == [item]

    for width in (375, 1280):
        reader = browser.new_page(viewport={"width": width, "height": 900})
        reader.goto(f"{site}{article.get_absolute_url()}")
        body = reader.locator(".body")
        figure = body.locator("figure.inline")
        expect(figure).to_contain_text("The flag raised at the town hall.")
        expect(figure).to_contain_text("Ana Quispe / Andina")
        order = body.evaluate(
            "b => [...b.children].map(c => c.tagName + ':' + c.textContent.slice(0, 10))"
        )
        assert [entry.split(":")[0] for entry in order] == ["P", "FIGURE", "P"], order
        image = figure.locator("img")
        assert image.get_attribute("loading") == "lazy"
        assert "960w" in image.get_attribute("srcset")
        figure.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.currentSrc").endswith(".webp")
        shot(f"reader-{width}", reader)
        reader.close()


MEASURE = """
async () => {
  window.scrollTo(0, document.body.scrollHeight);
  await new Promise(r => setTimeout(r, 800));
  window.scrollTo(0, 0);
  const shifts = performance.getEntriesByType("layout-shift");
  return shifts.reduce((sum, entry) => sum + entry.value, 0);
}
"""


def photo_like(item):
    """Give a library picture the grain of a photograph: the demo's flat drawings compress
    far better than a real photo, which would make the budget look easier than it is."""
    with item.file.open("rb") as file, Image.open(file) as drawing:
        drawing = drawing.convert("RGB")
    grain = Image.merge("RGB", [Image.effect_noise(drawing.size, 64)] * 3)
    photo = Image.blend(drawing, grain, 0.3).filter(ImageFilter.GaussianBlur(0.7))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=85)
    item.file.save("photo.jpg", ContentFile(buffer.getvalue()), save=True)


@pytest.mark.parametrize("scale", [1, 2])
def test_the_demo_article_page_is_light_on_a_phone_and_does_not_shift(browser, site, scale, shot):
    call_command("load_demo", stdout=io.StringIO())  # renditions made when it commits
    lead = Article.objects.get(slug="regional-elections-set-for-october")
    for item in {lead.library_image, *lead.body_images.all()}:
        photo_like(item)  # new renditions made at once, articles following
    lead.refresh_from_db()
    assert lead.body_images.exists() and lead.renditions_current()

    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=scale, is_mobile=True
    )
    page = context.new_page()
    page.add_init_script(
        "new PerformanceObserver(() => {}).observe({type: 'layout-shift', buffered: true})"
    )
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    transferred, urls = {}, {}
    cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]))
    cdp.on(
        "Network.loadingFinished",
        lambda e: transferred.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(f"{site}{lead.get_absolute_url()}", wait_until="networkidle")
    shift = page.evaluate(MEASURE)
    page.wait_for_load_state("networkidle")
    shot(f"demo-article-375-x{scale}", page)

    total = sum(transferred.values())
    images = sum(
        size
        for request, size in transferred.items()
        if urls.get(request, {}).get("mimeType", "").startswith("image/")
    )
    html = next(r for r in urls.values() if r["url"].endswith(lead.get_absolute_url()))
    report = [f"demo article at 375 px x{scale}: {total} bytes ({images} of images), CLS {shift}"]
    for request, size in sorted(transferred.items(), key=lambda item: -item[1]):
        report.append(f"{size:>8}  {urls.get(request, {}).get('url', '?')}")
    (ARTIFACTS / f"demo-article-weight-x{scale}.txt").write_text("\n".join(report) + "\n")
    assert total < BUDGET, f"{total} bytes over the wire (images {images})"
    assert images > 0  # the pictures were fetched and counted
    assert (
        html["headers"].get("content-encoding") == "gzip"
        or html["headers"].get("Content-Encoding") == "gzip"
    )
    assert shift == 0
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_no_violations_on_the_new_page_types(
    browser, site, editor, axe_violations, width, shot
):
    call_command("load_demo", stdout=io.StringIO())
    lead = Article.objects.get(slug="regional-elections-set-for-october")
    Page.objects.create(
        title="Corrections policy (draft)",
        slug="corrections-draft",
        body="<p>How we correct our mistakes.</p>",
        is_published=False,
    )
    page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=True)
    found = {}
    page.goto(f"{site}{lead.get_absolute_url()}")  # a picture between paragraphs
    page.locator(".body figure").scroll_into_view_if_needed()
    found["article-with-picture"] = axe_violations(page)
    shot(f"article-with-picture-{width}", page)
    page.goto(f"{site}/author/lucia-mamani/")
    found["author"] = axe_violations(page)

    login(page, site, editor)
    page.goto(f"{site}/corrections-draft/")  # a staff preview of an unpublished page
    expect(page.locator(".preview-banner")).to_be_visible()
    found["page-preview"] = axe_violations(page)
    shot(f"page-preview-{width}", page)
    page.goto(f"{site}/admin/articles/libraryimage/")
    found["media-library"] = axe_violations(page)
    shot(f"media-library-{width}", page)
    page.goto(f"{site}/admin/articles/libraryimage/picker/?CKEditorFuncNum=1")
    found["library-picker"] = axe_violations(page)
    shot(f"library-picker-{width}", page)
    assert {name: violations for name, violations in found.items() if violations} == {}
