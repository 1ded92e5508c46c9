"""The article list fits a 1280 px screen: every column in view, no sideways scrolling."""

from playwright.sync_api import expect

from tests.e2e.conftest import E2E, guide_shot, login
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    SourceFactory,
)

pytestmark = E2E

# What an editor scans the list for, merged into five columns (articles/admin.py).
COLUMNS = ["Headline", "Status", "Byline / source", "Lead story", "Comments"]


def test_the_article_list_fits_1280_px_with_every_column_in_view(page, site, editor, shot):
    section = CategoryFactory(name="Law & Justice")
    sub = CategoryFactory(name="Coca/Cocaine", parent=section)
    agency = SourceFactory(name="Agencia Peruana de Noticias Andina")
    authors = [AuthorFactory(name="Rosa María Huamán Quispe"), AuthorFactory(name="Diego Salazar")]
    for n in range(8):
        article = ArticleFactory(
            headline=f"Court orders release of seized coca leaf after permits found valid ({n})",
            categories=[sub, CategoryFactory(name=f"Regional politics and government {n}")],
            source=agency,
            authors=authors,
            is_featured=n == 0,
        )
    CommentFactory(article=article)
    login(page, site, editor)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/admin/articles/article/")
    expect(page.locator("#result_list")).to_be_visible()
    shot("article-list-1280")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"the list is {width}px wide"
    headers = page.locator("#result_list thead th:not(.action-checkbox-column)")
    expect(headers).to_have_text(COLUMNS, ignore_case=True)
    lead = page.locator("#result_list tbody tr").first
    for name, cell in {
        "categories": lead.get_by_text("Coca/Cocaine, Regional politics and government 7"),
        "source": lead.get_by_text("Source: Agencia Peruana de Noticias Andina"),
        "byline": lead.get_by_text("Rosa María Huamán Quispe", exact=False),
        "lead story": lead.locator(".field-is_featured img"),
        "comments": lead.locator(".field-comments a"),
    }.items():
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280, f"{name} is off-screen"
    # Nor does the table scroll inside its box (the admin's .results scrolls sideways).
    results = page.locator(".results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth")
    guide_shot(page, "article-list")
