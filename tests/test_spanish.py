"""LANGUAGE_CODE=es: the public site, its comment form and its emails speak Spanish.

Only the setting changes, as in ``LANGUAGE_CODE=es make run``: no request chooses a
language (there is no LocaleMiddleware), so every reader gets the same page.
"""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from comments.models import Comment
from newsroom.views import server_error
from tests.comments.helpers import comment_data, post_url
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(settings):
    settings.LANGUAGE_CODE = "es"
    with translation.override("es"):
        yield


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_is_in_spanish(client, spanish):
    section = CategoryFactory(name="Política")
    ArticleFactory(headline="Debate en Puno", categories=[section])
    html = page(client, "/")
    assert '<html lang="es">' in html
    assert "Ir al contenido" in html
    assert ">Lo último</h2>" in html
    assert 'aria-label="Pie de página"' in html
    assert ">Buscar</button>" in html
    assert "Periodismo independiente." in html
    for english in ("Skip to content", ">Latest<", "Front page", "Independent journalism"):
        assert english not in html


def test_english_stays_the_default(client, a_published_article):
    html = page(client, a_published_article.get_absolute_url())
    assert '<html lang="en-gb">' in html
    assert "Leave a Comment" in html and "No Comments" in html


@pytest.mark.parametrize(
    ("count", "heading"),
    [(0, "Sin comentarios"), (1, "Un comentario"), (2, "2 comentarios"), (5, "5 comentarios")],
)
def test_the_comment_heading_uses_spanish_plurals(client, spanish, count, heading):
    article = ArticleFactory()
    for _ in range(count):
        CommentFactory(article=article)
    html = page(client, article.get_absolute_url())
    assert f'<h2 id="comments-heading" class="comments-heading">{heading}</h2>' in html


def test_an_article_page_with_comments_is_in_spanish(client, spanish):
    article = ArticleFactory(byline="Redacción Puno")
    CommentFactory(article=article)
    html = page(client, article.get_absolute_url())
    assert "Por Redacción Puno" in html
    # Dates in Spanish words and order: "27 de noviembre de 2026, 14:05".
    published = re.search(r'<time datetime="[^"]+">([^<]+)</time>', html).group(1)
    assert re.fullmatch(r"\d{1,2} de [a-záéíóú]+ de \d{4}, \d\d:\d\d", published), published
    posted = re.search(r'class="comment-time"[^>]*><time[^>]*>([^<]+)</time>', html).group(1)
    assert re.fullmatch(r"\d{1,2} de [a-záéíóú]+ de \d{4} a las \d\d:\d\d", posted), posted
    assert ">Responder</a>" in html
    assert ">Dejar un comentario</h3>" in html
    assert "Su correo electrónico no se publicará." in html
    assert ">Publicar comentario</button>" in html
    for label in ("Comentario", "Nombre", "Correo electrónico", "Sitio web"):
        assert f">{label} <span" in html or f">{label}</label>" in html, label
    assert "Guardar mi nombre, correo electrónico y sitio web" in html
    assert "Leave a Comment" not in html and "Post Comment" not in html


def test_the_comment_forms_errors_are_in_spanish(client, spanish):
    article = ArticleFactory()
    data = comment_data(article, name=" ", email="not-an-address", body="", website="ftp://x")
    response = client.post(post_url(article), data, follow=True)
    html = response.content.decode()
    assert "Por favor, escriba su nombre." in html
    assert "Por favor, escriba un correo electrónico válido, como nombre@ejemplo.com." in html
    assert "Por favor, escriba su comentario." in html
    assert "Por favor, escriba una dirección web que empiece con http:// o https://." in html
    assert not Comment.objects.exists()


def test_the_moderators_email_is_in_spanish(
    client, spanish, moderator, django_capture_on_commit_callbacks
):
    article = ArticleFactory(headline="Debate en Puno")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(post_url(article), comment_data(article))
    assert Comment.objects.get().status == Comment.Status.PENDING
    (email,) = mail.outbox
    assert email.subject.endswith("Comentario pendiente de moderación: Debate en Puno")
    assert "Un comentario en “Debate en Puno” está pendiente de moderación." in email.body
    assert "Retenido porque: Política del sitio: todos los comentarios" in email.body
    assert "Modérelo aquí: http" in email.body


def test_the_feeds_are_in_spanish(client, spanish, settings):
    ArticleFactory(headline="Debate en Puno")
    rss = page(client, reverse("articles:feed_rss"))
    assert "<language>es</language>" in rss
    assert f"<description>Lo último de {settings.SITE_NAME}.</description>" in rss
    atom = page(client, reverse("articles:feed_atom"))
    assert 'xml:lang="es"' in atom
    assert f"<subtitle>Lo último de {settings.SITE_NAME}.</subtitle>" in atom


def test_the_error_pages_are_in_spanish(client, spanish, rf):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "No encontramos esa página" in response.content.decode()
    html = server_error(rf.get("/")).content.decode()
    assert '<html lang="es">' in html and "Algo salió mal de nuestro lado" in html


def test_a_closed_article_says_so_in_spanish(client, spanish):
    article = ArticleFactory(allow_comments=False)
    assert "Los comentarios están cerrados." in page(client, article.get_absolute_url())
    response = client.post(post_url(article), comment_data(article))
    assert response.status_code == 403
    assert "Los comentarios están cerrados en este artículo." in response.content.decode()


def test_a_page_cached_in_english_is_not_served_after_switching_to_spanish(
    client, settings, a_published_article
):
    url = a_published_article.get_absolute_url()
    assert client.get(url).headers["X-Page-Cache"] == "miss"
    assert client.get(url).headers["X-Page-Cache"] == "hit"
    settings.LANGUAGE_CODE = "es"  # the site restarted in Spanish, the shared cache kept
    response = client.get(url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Dejar un comentario" in response.content.decode()
