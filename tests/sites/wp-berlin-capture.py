#!/usr/bin/env python3
"""wp-berlin-capture.py - capture a local WordPress filled by wp-berlin-content.php into
tests/sites/wp-berlin, and its ground truth (from WordPress's database) into
tests/sites/wp-berlin-expected.json. See tests/sites/README.md.

The site is the one a user would give only by its address: time zone Europe/Berlin, category
base "themen", stock twentytwentythree theme. Run as root, with the site up:

    cd /work/shared/tools/wordpress
    export WP_DEV_PORT=8190 WP_DEV_STATE=/var/lib/wp-dev-spider WP_DEV_CONFIG=spider
    ./setup.sh --reset --timezone Europe/Berlin --posts-per-page 3 --comments-per-page 3
    ./wp-php.sh tests/sites/wp-berlin-content.php
    python3 tests/sites/wp-berlin-capture.py

With ``--plain`` it first switches the site to plain permalinks (``?p=8``, ``?cat=2``,
``&cpage=2``) and captures into tests/sites/wp-berlin-plain (+ wp-berlin-plain-expected.json).

The URL list comes from WordPress itself (every listing page, post, comment page, feed, sitemap,
and the REST answers a crawler asks for); every same-site link in the captured HTML is checked
against it, so a page a crawler could reach but that is missing is reported (exit 1).
The origin http://127.0.0.1:$WP_DEV_PORT is rewritten to https://www.19fortyfive.com, which the
replica server rewrites back to its own address.
"""

import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from defense_news.detection import CATEGORY_SITEMAP  # noqa: E402
from defense_news.rest.routes import INDEX_FIELDS, rest_url  # noqa: E402
from defense_news.rest.routes import thread_comments_url as comments_url  # noqa: E402
from defense_news.replica import query_key  # noqa: E402

TOOLS = os.environ.get("WP_DEV_TOOLS", "/work/shared/tools/wordpress")
# The instance must be named: wp-php.sh without these variables works on the default one (8189).
INSTANCE = ("WP_DEV_PORT", "WP_DEV_STATE", "WP_DEV_CONFIG")
PORT = os.environ.get("WP_DEV_PORT", "")
ORIGIN = f"http://127.0.0.1:{PORT}"
PUBLIC = "https://www.19fortyfive.com"
PLAIN = "--plain" in sys.argv[1:]
OUT = HERE / ("wp-berlin-plain" if PLAIN else "wp-berlin")
EXPECTED = HERE / ("wp-berlin-plain-expected.json" if PLAIN else "wp-berlin-expected.json")
SET_PERMALINKS = r"""<?php
// Taxonomies register their rewrite rules when WordPress loads: register them again under the
// new structure before the rules are rebuilt (as wp-berlin-content.php does for the category base).
global $wp_rewrite;
$wp_rewrite->set_permalink_structure(%s);
create_initial_taxonomies();
$wp_rewrite->init();
$wp_rewrite->flush_rules(false);
"""
KEPT_HEADERS = ("Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link")

URLS_PHP = r"""<?php
// Every public URL of the site as a path, and the ground truth, from the database.
$ppp = (int) get_option('posts_per_page');
$cpp = (int) get_option('comments_per_page');
$rel = fn(string $url) => wp_make_link_relative($url);
$iso = fn($gmt) => str_replace(' ', 'T', $gmt) . 'Z';
$urls = [];
$plain = get_option('permalink_structure') === '';
$listing = function (string $base, int $n) use (&$urls, $ppp, $plain) {
    $urls[] = $base;
    for ($i = 2; $i <= max(1, (int) ceil($n / $ppp)); $i++) {
        $urls[] = $plain ? ($base === '/' ? "/?paged=$i" : "$base&paged=$i") : "{$base}page/$i/";
    }
};
$published = get_posts(['post_type' => 'post', 'post_status' => 'publish', 'numberposts' => -1, 'orderby' => 'date', 'order' => 'ASC']);
$listing('/', count($published));
foreach (get_terms(['taxonomy' => 'category', 'hide_empty' => true]) as $t) {
    // A parent's listing also shows its children's posts.
    $n = (new WP_Query(['cat' => $t->term_id, 'posts_per_page' => -1, 'fields' => 'ids']))->post_count;
    $listing($rel(get_term_link($t)), $n);
    $urls[] = $rel(get_term_feed_link($t->term_id, 'category'));
}
foreach (get_users(['has_published_posts' => ['post']]) as $u) {
    $listing($rel(get_author_posts_url($u->ID)), count_user_posts($u->ID, 'post', true));
}
$truth = ['options' => [], 'posts' => [], 'comments' => []];
foreach (['timezone_string', 'gmt_offset', 'category_base', 'permalink_structure', 'posts_per_page', 'comments_per_page', 'default_comments_page'] as $o) {
    $truth['options'][$o] = get_option($o);
}
foreach ($published as $p) {
    $urls[] = $rel(get_permalink($p));
    $top = get_comments(['post_id' => $p->ID, 'status' => 'approve', 'parent' => 0, 'count' => true]);
    for ($i = 1; $i <= ($top ? (int) ceil($top / $cpp) : 0); $i++) {
        $urls[] = $rel(get_permalink($p)) . ($plain ? "&cpage=$i" : "comment-page-$i/");
    }
    $truth['posts'][] = ['id' => $p->ID, 'path' => $rel(get_permalink($p)), 'title' => get_the_title($p),
        'date_gmt' => $iso($p->post_date_gmt), 'modified_gmt' => $iso($p->post_modified_gmt),
        'categories' => array_map(fn($c) => html_entity_decode($c->name, ENT_QUOTES, 'UTF-8'), get_the_category($p->ID)),
        'comment_status' => $p->comment_status,
        'comments' => (int) get_comments(['post_id' => $p->ID, 'status' => 'approve', 'count' => true])];
    foreach (get_comments(['post_id' => $p->ID, 'status' => 'approve', 'orderby' => 'comment_ID', 'order' => 'ASC']) as $c) {
        $truth['comments'][] = ['id' => (int) $c->comment_ID, 'post' => $p->ID, 'parent' => (int) $c->comment_parent,
            'author' => $c->comment_author, 'date_gmt' => $iso($c->comment_date_gmt), 'date_local' => $c->comment_date];
    }
}
$truth['hidden_posts'] = wp_list_pluck(get_posts(['post_type' => 'post', 'post_status' => ['draft', 'private'], 'numberposts' => -1]), 'post_name');
$truth['hidden_comments'] = array_map('intval', wp_list_pluck(get_comments(['status' => ['hold', 'spam']]), 'comment_ID'));
$urls = array_merge($urls, [$rel(get_feed_link()), $rel(get_feed_link('comments_rss2')), '/robots.txt',
    $rel(get_sitemap_url('index')), $rel(get_sitemap_url('posts', 'post')), $rel(get_sitemap_url('taxonomies', 'category')),
    $rel(get_sitemap_url('users'))]);
echo json_encode(['urls' => array_values(array_unique($urls)), 'truth' => $truth], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
"""


def wp_php(code: str) -> str:
    return subprocess.run([os.path.join(TOOLS, "wp-php.sh"), "-"], input=code, capture_output=True, text=True, check=True).stdout


def fetch(path: str):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    try:
        r = urllib.request.build_opener(NoRedirect).open(ORIGIN + path, timeout=30)
        return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def rewrite(data: bytes) -> bytes:
    for a, b in (
        (ORIGIN, PUBLIC),
        (ORIGIN.replace("/", "\\/"), PUBLIC.replace("/", "\\/")),
        (urllib.parse.quote(ORIGIN, safe=""), urllib.parse.quote(PUBLIC, safe="")),
        ("http://127.0.0.1/", PUBLIC + "/"),  # the feeds' port-less atom:link
    ):
        data = data.replace(a.encode(), b.encode())
    return data


def local_file(url: str) -> Path:
    """The replica file answering ``url`` (see defense_news.replica)."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path
    if path.endswith("/"):
        name = "index.xml" if path.endswith("/feed/") else "index.html"
        file = OUT / path.lstrip("/") / name
    else:
        file = OUT / path.lstrip("/")
    if parts.query:
        file = file.with_name(f"{file.name}@{query_key(parts.query)}")
    return file


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "href" and v:
                self.links.add(v)


def crawlable(link: str):
    u = urllib.parse.urlsplit(html.unescape(link).split("#")[0])
    if u.scheme not in ("http", "https") or u.netloc != f"127.0.0.1:{PORT}":
        return None
    if PLAIN:
        query = dict(urllib.parse.parse_qsl(u.query))
        if u.path == "/" and set(query) & {"p", "cat", "paged", "cpage"} and not set(query) - {"p", "cat", "paged", "cpage"}:
            return f"/?{u.query}"
        return None
    if u.query or re.search(r"^/(wp-(admin|login|json|includes|content)|xmlrpc)|\.(css|js|png|jpg|svg|xsl|php)$", u.path):
        return None
    if u.path.endswith("/feed/") or re.search(r"/\d{4}/\d{2}/$", u.path):
        return None  # per-post feeds and date archives: not crawled
    return u.path


def main() -> int:
    if not all(os.environ.get(name) for name in INSTANCE):
        print(f"wp-berlin-capture.py: set {', '.join(INSTANCE)} to the instance filled by wp-berlin-content.php")
        return 2
    wp_php(SET_PERMALINKS % ("''" if PLAIN else "'/%year%/%monthnum%/%postname%/'"))
    found = json.loads(wp_php(URLS_PHP))
    truth = found["truth"]
    paths = list(found["urls"])
    api = ORIGIN + ("/?rest_route=/" if PLAIN else "/wp-json/")
    # The REST answers the crawler asks for, built with its own URL functions (on a plain
    # site /wp-json/ answers the home page: the crawler asks there first).
    rest = [rest_url(ORIGIN + "/wp-json/", "", {"_fields": INDEX_FIELDS})] if PLAIN else []
    rest += [rest_url(api, "", {"_fields": INDEX_FIELDS}),
            rest_url(api, "wp/v2/categories", {"per_page": 100, "_fields": "id,name,slug,link,count"}),
            rest_url(api, "wp/v2/posts", {"_embed": "wp:term", "per_page": 100, "page": 1})]
    for post in truth["posts"]:
        rest.append(rest_url(api, f"wp/v2/posts/{post['id']}", {"_embed": "wp:term"}))
        if post["comments"]:
            rest.append(comments_url(api, post["id"], 1, 100))
    paths += [u[len(ORIGIN):] for u in rest]
    if OUT.exists():
        shutil.rmtree(OUT)
    captured = set()
    for path in paths:
        status, headers, body = fetch(path)
        redirect = status in (301, 302) and path == "/robots.txt"  # plain permalinks: no robots.txt route
        if status != 200 and not redirect:
            print(f"{path}: HTTP {status}", file=sys.stderr)
            return 1
        file = local_file(ORIGIN + path)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(rewrite(body))
        if urllib.parse.urlsplit(path).query or path.startswith("/wp-json/") or redirect:
            kept = [f"{k}: {headers[k]}" for k in (*KEPT_HEADERS, "Location") if headers.get(k)]
            if redirect:
                kept.insert(0, f"Status: {status}")
            file.with_name(file.name + ".headers").write_bytes(rewrite("\n".join(kept).encode() + b"\n"))
        captured.add(path if PLAIN else urllib.parse.urlsplit(path).path)
    missing = set()
    for file in OUT.rglob("index.html"):
        parser = Links()
        parser.feed(file.read_text().replace(PUBLIC, ORIGIN))
        missing |= {p for p in map(crawlable, parser.links) if p and p not in captured}
    if missing:
        print("linked but not captured:", *sorted(missing), sep="\n  ", file=sys.stderr)
        return 1
    EXPECTED.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
    files = sum(1 for f in OUT.rglob("*") if f.is_file())
    print(f"captured {len(paths)} URLs into {OUT} ({files} files); ground truth in {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
