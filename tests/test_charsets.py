"""UTF-8 pages labelled with another charset are read as UTF-8; real legacy pages stay as labelled."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse

from defense_news.charsets import is_mislabelled_utf8
from defense_news.pages import ArticlePage
from tests.helpers import ORIGIN
from tests.test_render_checks import check_middleware

URL = ORIGIN + "/2022/09/a-post/"
HEADLINE = "中国海军航母编队完成远海训练"
PARAGRAPH = "航母编队在西太平洋海域完成了为期两周的远海实战化训练，" * 8


def page(meta_charset: str, text_encoding: str = "utf-8") -> bytes:
    html = (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={meta_charset}">'
        f"<title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1><p>{PARAGRAPH}</p>"
        f"<p>{PARAGRAPH}</p></article></body></html>"
    )
    return html.encode(text_encoding)


def response(body: bytes, content_type: str | None = None) -> HtmlResponse:
    headers = {"Content-Type": content_type} if content_type else {}
    return HtmlResponse(URL, body=body, headers=headers, request=Request(URL))


def test_utf8_bytes_under_a_legacy_meta_charset_are_mislabelled():
    assert is_mislabelled_utf8(response(page("gb2312")))  # Scrapy alone would read it as GB18030


def test_utf8_bytes_under_a_server_default_charset_are_mislabelled():
    assert is_mislabelled_utf8(response(page("utf-8"), "text/html; charset=ISO-8859-1"))
    assert is_mislabelled_utf8(response(page("windows-1252"), "text/html; charset=ISO-8859-1"))


def test_legacy_bytes_ascii_pages_and_utf8_pages_keep_their_charset():
    assert not is_mislabelled_utf8(response(page("gb2312", "gb2312")))
    cp1252 = "<html><head><meta charset='windows-1252'></head><body><p>Café crème, déjà vu</p></body></html>"
    assert not is_mislabelled_utf8(response(cp1252.encode("cp1252")))
    assert not is_mislabelled_utf8(response(b"<html><head><meta charset='gb2312'></head><body>ASCII</body></html>"))
    assert not is_mislabelled_utf8(response(page("utf-8")))


def test_the_crawl_reads_a_mislabelled_page_as_utf8_and_counts_it():
    middleware = check_middleware()
    answer = response(page("gb2312"))
    read = middleware.process_response(answer.request, answer)
    assert isinstance(read, HtmlResponse)
    assert read.encoding == "utf-8"
    assert ArticlePage(read).article().title == HEADLINE
    assert HEADLINE not in answer.text  # as labelled, every letter garbled
    assert middleware.crawler.stats.get_value("defense_news/charset_mislabelled") == 1


def test_the_crawl_leaves_a_true_legacy_page_as_it_is():
    middleware = check_middleware()
    answer = response(page("gb2312", "gb2312"))
    assert middleware.process_response(answer.request, answer) is answer
    assert HEADLINE in answer.text
    assert middleware.crawler.stats.get_value("defense_news/charset_mislabelled") is None
