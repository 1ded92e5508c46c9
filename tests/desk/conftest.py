import pytest

from articles.models import Article
from tests.factories import ArticleFactory


@pytest.fixture
def draft(writer):
    """A writer's draft with a first revision."""
    return ArticleFactory(
        headline="Floods close the highway",
        slug="floods-close-the-highway",
        standfirst="Rain cut the road.",
        body="<p>The road to Cusco is closed.</p>",
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=writer,
    )
