"""WordPress's texts made into article bodies: paragraphs, figures, shortcodes."""

from wordpress.content import BodyConverter, autop, plain_text


def convert(text, images=None):
    converter = BodyConverter(lambda src: (images or {}).get(src))
    return converter.convert(text), converter


def test_blank_lines_make_paragraphs_and_single_newlines_breaks():
    body = autop("First line\nsame paragraph\n\nSecond paragraph")

    assert body == "<p>First line<br>\nsame paragraph</p>\n<p>Second paragraph</p>"


def test_block_elements_are_not_wrapped_and_pre_keeps_its_lines():
    body = autop("Intro\n<h2>Heading</h2>\nAfter\n\n<pre>a\n\nb</pre>")

    assert "<p>Intro</p>" in body and "<h2>Heading</h2>" in body and "<p>After</p>" in body
    assert "<pre>a\n\nb</pre>" in body


def test_a_caption_becomes_a_figure_with_its_caption_and_local_image():
    text = (
        '[caption id="attachment_1" align="alignright" width="300"]'
        '<a href="https://old.example/a.jpg"><img src="https://old.example/a.jpg" alt="Harbour"'
        ' width="300" height="200" /></a> Boats at dawn[/caption]'
    )

    body, _ = convert(text, {"https://old.example/a.jpg": "/media/wordpress/a.jpg"})

    assert body.replace("\n", "") == (
        '<figure><img src="/media/wordpress/a.jpg" alt="Harbour" width="300" height="200">'
        "<figcaption>Boats at dawn</figcaption></figure>"
    )


def test_a_caption_whose_image_is_missing_keeps_its_words_and_reports_the_image():
    body, converter = convert('[caption]<img src="https://old.example/b.jpg"> Gone[/caption]')

    assert body == "<p>Gone</p>"
    assert converter.missing_images == ["https://old.example/b.jpg"]


def test_unknown_shortcodes_are_removed_and_counted_but_bracketed_words_stay():
    body, converter = convert(
        'Before [gallery ids="1,2"] middle [embed]https://video.example/1[/embed] '
        "and [sic] and [simple boat] and [[gallery]]"
    )

    assert body == (
        "<p>Before  middle https://video.example/1 and [sic] and [simple boat] and [gallery]</p>"
    )
    assert converter.removed_shortcodes == {"gallery": 1, "embed": 1}


def test_scripts_do_not_survive_the_editor_rules():
    body, _ = convert('<script>alert(1)</script><p onclick="x()">Hi</p>')

    assert body == "<p>Hi</p>"


def test_plain_text_for_comments_keeps_paragraphs_and_decodes_entities():
    assert plain_text("<p>One &amp; two</p><p>Three<br/>four</p>") == "One & two\nThree\nfour"
    assert plain_text("word " * 200, limit=20) == "word word word word…"


def test_markup_the_editor_lacks_becomes_the_nearest_it_has_not_loose_text():
    body, _ = convert(
        "<h1>Big</h1><h5>Small</h5><table><tr><th>Name</th><th>Pay</th></tr>"
        "<tr><td>Ana</td><td>$1</td></tr></table><div>In a div</div><pre>a\nb</pre>"
    )

    assert body.replace("\n", "") == (
        "<h2>Big</h2><h3>Small</h3><p>Name · Pay</p><p>Ana · $1</p><p>In a div</p><p>a<br>b</p>"
    )
