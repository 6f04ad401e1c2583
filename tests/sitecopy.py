"""A writable copy of the stock replica that tests change between runs (new article, new comment)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from defense_news.dates import utc_now
from defense_news.replica import ReplicaServer, serve
from tests.helpers import SITES

NEW_ARTICLE = "2024/11/carrier-air-wing-gap/"
# Stock posts published after this day are "recent" with refresh_days_after(REFRESH_FROM): 15 and 16.
REFRESH_FROM = date(2024, 9, 15)
RECENT_POSTS = {15, 16}


def refresh_days_after(day: date) -> int:
    """DEFENSE_NEWS_REFRESH_DAYS that makes articles published on or after ``day`` recent today."""
    return (utc_now().date() - day).days


def copy_site(tmp_path: Path, name: str = "wp-tt3") -> Path:
    root = tmp_path / name
    shutil.copytree(SITES / name, root)
    return root


@contextmanager
def serve_on(root: Path, port: int = 0) -> Iterator[ReplicaServer]:
    """Serve ``root``; pass the port of an earlier server so stored URLs stay the same."""
    with serve(root, port) as server:
        yield server


def add_article(root: Path) -> None:
    """A new post (ID 99) on politics listing page 1, with its own page."""
    old_path = "2024/08/nato-eastern-flank-after-washington/"
    page = (root / old_path / "index.html").read_text()
    page = page.replace(old_path, NEW_ARTICLE).replace("postid-13", "postid-99").replace("p=13", "p=99")
    page = page.replace("value='13'", "value='99'").replace("NATO’s Eastern Flank", "The Carrier Air Wing Gap")
    (root / NEW_ARTICLE).mkdir(parents=True)
    (root / NEW_ARTICLE / "index.html").write_text(page)
    listing_file = root / "category/politics/index.html"
    listing = listing_file.read_text()
    match = re.search(r'<li class="wp-block-post post-13 .*?</li>', listing, re.S)
    assert match, "politics listing has no post 13 block"
    block = match.group(0).replace(old_path, NEW_ARTICLE).replace("post-13 ", "post-99 ")
    listing_file.write_text(listing[: match.start()] + block + listing[match.start() :])


def add_comment(root: Path, article_path: str = "2024/10/drones-ukraine-lessons-army/", comment_id: int = 98) -> None:
    """A second top-level comment under comment 31 of post 15."""
    file = root / article_path / "index.html"
    page = file.read_text()
    match = re.search(r'<li id="comment-31".*?</li>', page, re.S)
    assert match, "no comment 31"
    block = match.group(0).replace("comment-31", f"comment-{comment_id}").replace("=31", f"={comment_id}")
    block = block.replace('data-commentid="31"', f'data-commentid="{comment_id}"')
    block = block.replace(
        "Good summary. Jamming changes week to week where I am.", "Fiber-optic drones ignore the jammers."
    )
    file.write_text(page[: match.end()] + block + page[match.end() :])
