"""Property-based: whatever a reader sends, the answer is a clean 2xx/3xx/4xx, never a 500,
and what is stored is exactly what the reader will see back."""

import unicodedata

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from comments.models import Comment
from tests.comments.helpers import comment_data, post_url

pytestmark = pytest.mark.django_db

BUDGET = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,  # a fixed example budget, the same examples on every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

any_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\u202e",
            "a" * 70_000,
            "%00",
            "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
            "مرحبا",
            "null",
            "[]",
            "{}",
        ]
    ),
)


JOINERS = set("\u200c\u200d\u200e\u200f")  # format characters real scripts need


def visible(text):
    """The characters a reader sees: letters, marks, numbers, punctuation, symbols."""
    return [ch for ch in text if unicodedata.category(ch)[0] in "LMNPS"]


def hidden_controls(text):
    """Control, surrogate and format characters, which break feeds, emails and layouts."""
    return [
        ch
        for ch in text
        if unicodedata.category(ch) in {"Cc", "Cs"}
        or (unicodedata.category(ch) == "Cf" and ch not in JOINERS)
    ]


@BUDGET
@given(
    # Plausible values half the time, so the storing path is exercised as much as refusals.
    name=st.one_of(st.text(min_size=1, max_size=80), any_text),
    email=st.one_of(st.emails(), any_text),
    website=st.one_of(st.just(""), st.just("https://example.org/ünï"), any_text),
    body=st.one_of(st.text(min_size=1, max_size=500), any_text),
    parent=st.one_of(st.just(""), st.just(""), any_text, st.integers().map(str)),
    token=st.one_of(st.none(), st.none(), any_text),
)
@example(  # letters, symbols, joiners and controls from real scripts, always tried
    name="Ana\x00 👩\u200d🌾  Quispe",
    email="Ana.Quispe@Example.org",
    website="",
    body="Línea 1\r\nمرحبا 👍\u202e",
    parent="",
    token=None,
)
def test_comment_form_never_fails_and_round_trips(
    client, a_published_article, name, email, website, body, parent, token, settings
):
    settings.COMMENTS = {"FLOOD_SECONDS": 0, "MIN_SECONDS": 0}
    data = comment_data(
        a_published_article, name=name, email=email, website=website, body=body, parent=parent
    )
    if token is not None:
        data["token"] = token
    response = client.post(post_url(a_published_article), data)
    assert response.status_code == 302
    taken = not response["Location"].endswith("#comment-form")
    event("taken" if taken else "back to the form")
    if taken:
        comment = Comment.objects.get(pk=int(response["Location"].rsplit("-", 1)[1]))
        # Nothing the reader can see is lost or changed; nothing invisible is kept.
        assert visible(comment.name) == visible(name)
        assert visible(comment.body) == visible(body)
        assert visible(comment.email) == visible(email.lower())
        for stored in (comment.name, comment.body.replace("\n", ""), comment.email):
            assert hidden_controls(stored) == []  # line breaks are kept in the body only
        assert comment.name == comment.name.strip() and "  " not in comment.name
        page = client.get(a_published_article.get_absolute_url())
        assert page.status_code == 200
        assert escape(comment.name) in page.content.decode()  # the reader sees it back


@BUDGET
@given(q=any_text, page=st.one_of(any_text, st.integers().map(str)))
def test_search_never_fails(client, a_published_article, q, page):
    response = client.get("/search/", {"q": q, "page": page})
    assert response.status_code == 200


@BUDGET
@given(page=st.one_of(any_text, st.integers().map(str)), cpage=any_text, replyto=any_text)
def test_listing_parameters_never_fail(client, a_published_article, page, cpage, replyto):
    assert client.get("/", {"page": page}).status_code in {200, 404}
    response = client.get(
        a_published_article.get_absolute_url(), {"cpage": cpage, "replyto": replyto}
    )
    assert response.status_code == 200
