"""Build tests/sites/js: pages of wp-tt3 whose comments or listing items only appear after JavaScript runs.

Run from the repository root: ``python tests/sites/build_js.py``. See tests/sites/js/README.md.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import lxml.html

HERE = Path(__file__).parent
SOURCE = HERE / "wp-tt3"
TARGET = HERE / "js"

ARTICLE_INLINE = "2024/04/b-21-raider-matters/"  # post 10: 2 comments from a JSON blob in the page
ARTICLE_FETCHED = "2024/10/drones-ukraine-lessons-army/"  # post 15: 1 comment fetched as JSON
ARTICLE_SLOW = "2024/01/russia-baltic-zapad-return/"  # post 7: fetched comments, then endless polling
ARTICLE_PLAIN = "2024/02/navy-frigate-shipyard-problem/"  # post 8: no comments, no script needed
ARTICLE_PLAIN_COMMENTS = "2024/05/defense-budget-five-fights/"  # post 11: 3 comments in the HTML
ORIGIN = "https://www.19fortyfive.com"

FETCH_COMMENTS = """
fetch('/wp-json/js-replica/comments-%(post)d.json')
  .then(function (r) { return r.json(); })
  .then(function (data) { document.getElementById('js-comments').innerHTML = data.html; });
"""
INLINE_COMMENTS = """
document.getElementById('js-comments').innerHTML =
  JSON.parse(document.getElementById('js-comments-data').textContent).html;
"""
# Keeps the network busy for ever: the browser never reaches "networkidle".
POLL = """
setInterval(function () { fetch('/wp-json/js-replica/ping.json?t=' + Date.now()); }, 100);
"""
FETCH_LISTING = """
fetch('/wp-json/js-replica/%(slug)s.json')
  .then(function (r) { return r.json(); })
  .then(function (posts) {
    var list = document.getElementById('js-posts');
    posts.forEach(function (post) {
      var li = document.createElement('li');
      li.className = 'wp-block-post';
      li.innerHTML = '<h2 class="wp-block-post-title"><a href="' + post.link + '">' + post.title + '</a></h2>'
        + '<div class="wp-block-post-date"><time datetime="' + post.date + '">' + post.date + '</time></div>';
      list.appendChild(li);
    });
  });
"""


def read(url_path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((SOURCE / url_path / "index.html").read_bytes())


def write(url_path: str, doc: lxml.html.HtmlElement) -> None:
    path = TARGET / url_path / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    html = lxml.html.tostring(doc, encoding="unicode", doctype="<!DOCTYPE html>")
    path.write_text(html + "\n", encoding="utf-8")


def write_json(name: str, data: object) -> None:
    path = TARGET / "wp-json" / "js-replica" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def script(code: str, **attrs: str) -> lxml.html.HtmlElement:
    el = lxml.html.Element("script", **attrs)
    el.text = code
    return el


def take_comments(doc: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement, str]:
    """Empty the comment list; return it and the markup it held."""
    (ol,) = doc.xpath("//ol[contains(@class, 'wp-block-comment-template')]")
    html = "".join(lxml.html.tostring(child, encoding="unicode") for child in ol)
    for child in list(ol):
        ol.remove(child)
    ol.text = None
    ol.set("id", "js-comments")
    return ol, html


def comments_article(url_path: str, post: int, how: str) -> None:
    doc = read(url_path)
    ol, html = take_comments(doc)
    # A thread loaded by script has no comment pages: its permalinks are plain anchors.
    html = re.sub(r"comment-page-\d+/(#comment-\d+)", r"\1", html)
    if how == "inline":
        blob = script(json.dumps({"html": html}).replace("<", "\\u003c"), type="application/json", id="js-comments-data")
        ol.addnext(blob)
        blob.addnext(script(INLINE_COMMENTS))
    else:
        write_json(f"comments-{post}.json", {"html": html.replace(ORIGIN, "")})
        code = FETCH_COMMENTS % {"post": post} + (POLL if how == "slow" else "")
        ol.addnext(script(code))
    write(url_path, doc)


def listing(slug: str, posts: list[str], by_script: bool, template: str | None = None) -> None:
    doc = read(f"category/{template or slug}/")
    (ul,) = doc.xpath("//ul[contains(@class, 'wp-block-post-template')]")
    for nav in doc.xpath("//nav[contains(@class, 'wp-block-query-pagination')]"):
        nav.getparent().remove(nav)  # one page per listing here
    for child in list(ul):
        ul.remove(child)
    entries = []
    for url_path in posts:
        article = read(url_path)
        title = article.xpath("string(//h1[contains(@class, 'wp-block-post-title')])").strip()
        date = article.xpath("string(//div[contains(@class, 'wp-block-post-date')]//time/@datetime)")
        entries.append({"link": "/" + url_path, "title": title, "date": date})
    if by_script:
        ul.set("id", "js-posts")
        write_json(f"{slug}.json", entries)
        ul.addnext(script(FETCH_LISTING % {"slug": slug}))
    else:
        for entry in entries:
            ul.append(
                lxml.html.fragment_fromstring(
                    f'<li class="wp-block-post"><h2 class="wp-block-post-title"><a href="{ORIGIN}{entry["link"]}">'
                    f'{entry["title"]}</a></h2><div class="wp-block-post-date"><time datetime="{entry["date"]}">'
                    f"{entry['date']}</time></div></li>"
                )
            )
    write(f"category/{slug}/", doc)


def main() -> None:
    if TARGET.exists():
        for child in TARGET.iterdir():
            if child.name != "README.md":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    TARGET.mkdir(exist_ok=True)
    shutil.copy(SOURCE / "robots.txt", TARGET / "robots.txt")
    for url_path in (ARTICLE_PLAIN, ARTICLE_PLAIN_COMMENTS, ARTICLE_PLAIN_COMMENTS + "comment-page-1/"):
        write(url_path, read(url_path))
    comments_article(ARTICLE_INLINE, 10, "inline")
    comments_article(ARTICLE_FETCHED, 15, "fetch")
    comments_article(ARTICLE_SLOW, 7, "slow")
    write_json("ping.json", {"ok": True})
    listing("military", [ARTICLE_INLINE, ARTICLE_PLAIN], by_script=False)
    listing("politics", [ARTICLE_FETCHED, ARTICLE_PLAIN_COMMENTS], by_script=True)
    listing("slow", [ARTICLE_SLOW], by_script=False, template="military")


if __name__ == "__main__":
    main()
