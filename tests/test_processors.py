from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from lxml.html import fromstring

from defense_news.html_text import element_text
from defense_news.loaders import ArticleLoader, CommentLoader
from defense_news.processors import clean_block_text, comment_count, to_int


def test_comment_count_texts():
    assert comment_count("Click to comment") == 0
    assert comment_count("1 Comment") == 1
    assert comment_count(" 12 Comments ") == 12
    assert comment_count("One response to “Deterrence”") == 1
    assert comment_count("3 responses to “X”") == 3
    assert comment_count("") is None
    assert to_int("1,204") == 1204


def test_block_text_keeps_paragraphs_and_drops_noise():
    root = fromstring(
        "<div><p>First &amp; <b>bold</b>\n  line.</p><script>var x=1;</script>"
        "<div class='zox-post-ad-wrap'>Advertisement</div><h2>Heading</h2>"
        "<ul><li>one</li><li>two</li></ul><blockquote><p>Quote</p></blockquote>"
        "<p>Line<br>break<!-- c -->s</p></div>"
    )
    drop = lambda el: "zox-post-ad-wrap" in (el.get("class") or "")  # noqa: E731
    assert element_text(root, drop) == "First & bold line.\n\nHeading\n\none\n\ntwo\n\nQuote\n\nLine\nbreaks"


def test_block_text_drops_soft_hyphens():
    # A browser shows U+00AD only where it breaks the line; in plain text it splits the word.
    root = fromstring("<div><p>Bundes\u00adverfassungs&shy;gericht</p><h2>Ur&#173;teil</h2></div>")
    assert element_text(root) == "Bundesverfassungsgericht\n\nUrteil"


def test_block_text_survives_deep_nesting():
    # libxml2 itself stops at 255 levels; below that every level is walked without recursion.
    html = "<div><p>" * 120 + "deep" + "</p></div>" * 120
    assert element_text(fromstring(html)) == "deep"


def test_clean_block_text_removes_nul_and_collapses():
    assert clean_block_text("a\x00b  c\n\n\n d ") == "ab c\n\nd"


def test_article_loader_normalises():
    loader = ArticleLoader(
        base_url="https://www.19fortyfive.com/2022/10/x/",
        timezone=ZoneInfo("America/New_York"),
        now=datetime(2022, 12, 20, tzinfo=UTC),
    )
    loader.add_value("title", "  “Shock &amp; Awe”\n ")
    loader.add_value("authors", ["Jack Buckby", "Jack Buckby", " Harry Kazianis "])
    loader.add_value("published_at", ["2022-10-09", "2022-10-09T14:05:00+00:00"])
    loader.add_value("image_url", "/wp-content/uploads/a.jpg")
    loader.add_value("tags", ["Putin", "NATO", "Putin"])
    loader.add_value("comment_count", "Click to comment")
    item = loader.load_item()
    assert item.title == "“Shock & Awe”"
    assert item.authors == ["Jack Buckby", "Harry Kazianis"]
    assert item.published_at == "2022-10-09T14:05:00Z"  # the full timestamp beats the bare date
    assert item.image_url == "https://www.19fortyfive.com/wp-content/uploads/a.jpg"
    assert item.tags == ["Putin", "NATO"]
    assert item.comment_count == 0


def test_comment_loader_normalises():
    loader = CommentLoader(base_url="https://www.19fortyfive.com/2022/10/x/", timezone=ZoneInfo("America/New_York"))
    loader.add_value("comment_id", "98765")
    loader.add_value("author_url", "javascript:alert(1)")
    loader.add_value("posted_at", "October 9, 2022 at 10:10 am")
    item = loader.load_item()
    assert item.comment_id == 98765
    assert item.author_url is None
    assert item.posted_at == "2022-10-09T14:10:00Z"
