#!/usr/bin/env python3
"""wp-variants-capture.py - capture a local WordPress filled by wp-variants-content.php, in a
configuration the other replicas do not have, into tests/sites/wp-variants, and its ground truth
(from WordPress's database) into tests/sites/wp-variants-expected.json. See tests/sites/README.md.

The configuration: permalinks ``/archives/%post_id%`` (no date in the path, no trailing slash:
comment pages are ``/archives/5/comment-page-2``), category base ``sections``, tag base
``topics``, the Hello Elementor theme (no ``post_class`` on its listings, no dates, bylines or
category names on its article pages), and the REST API refused with 401 ``rest_disabled`` on
every route, as security plugins do (a mu-plugin; WPMU_PLUGIN_DIR must point at a folder
holding it, see tests/sites/README.md). Run as root, with the site up:

    cd /work/shared/tools/wordpress
    export WP_DEV_PORT=8192 WP_DEV_STATE=/var/lib/wp-dev-variants WP_DEV_CONFIG=variants
    ./setup.sh --reset --timezone America/New_York --posts-per-page 2 --comments-per-page 3
    ./wp-php.sh tests/sites/wp-variants-content.php
    python3 tests/sites/wp-variants-capture.py

The URL list comes from WordPress itself (every listing page, post, comment page, sitemap, and the
REST answers a crawler asks for); every same-site link in the captured HTML is checked against it,
so a page a crawler could reach but that is missing is reported (exit 1). Answers other than 200
are kept with their status (``Status:`` in a ``.headers`` file). The origin
http://127.0.0.1:$WP_DEV_PORT is rewritten to https://www.19fortyfive.com, which the replica server
rewrites back to its own address.
"""

import html
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
from defense_news.replica import query_key  # noqa: E402
from defense_news.rest.routes import posts_url  # noqa: E402
from defense_news.rest.routes import site_comments_url as comments_url  # noqa: E402

TOOLS = os.environ.get("WP_DEV_TOOLS", "/work/shared/tools/wordpress")
INSTANCE = ("WP_DEV_PORT", "WP_DEV_STATE", "WP_DEV_CONFIG")
PORT = os.environ.get("WP_DEV_PORT", "")
ORIGIN = f"http://127.0.0.1:{PORT}"
PUBLIC = "https://www.19fortyfive.com"
OUT = HERE / "wp-variants"
# The same posts' pages through twentytwentyone on a site without widgets (its <body> then says
# "no-widgets"), for the article-page tests: only the article pages, not a whole replica.
TT1_OUT = HERE / "wp-variants-tt1"
TT1 = r"""<?php
switch_theme('twentytwentyone');
$widgets = get_option('sidebars_widgets');
$widgets['sidebar-1'] = [];  // Appearance → Widgets: none
update_option('sidebars_widgets', $widgets);
"""
EXPECTED = HERE / "wp-variants-expected.json"
KEPT_HEADERS = ("Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link")
MU_PLUGIN = r"""<?php
// The REST API refused on every route, as security plugins do (the option is this site's own).
add_filter('rest_pre_dispatch', function ($result, $server, $request) {
    if (get_option('dn_rest_off') === 'all') {
        return new WP_Error('rest_disabled', 'The REST API has been disabled on this site.', ['status' => 401]);
    }
    return $result;
}, 10, 3);
// dn_rest_off = 'users': the user routes removed, as "stop user enumeration" plugins and snippets
// do; posts then embed an error in place of their author.
add_filter('rest_endpoints', function ($endpoints) {
    if (get_option('dn_rest_off') === 'users') {
        foreach (array_keys($endpoints) as $route) {
            if (str_starts_with($route, '/wp/v2/users')) {
                unset($endpoints[$route]);
            }
        }
    }
    return $endpoints;
});
"""
# wp-variants-rest: the same content through its REST API with the user routes removed, and
# the article pages (twentytwentythree prints each byline), default permalinks.
REST_OUT = HERE / "wp-variants-rest"
REST_CONFIGURE = r"""<?php
global $wp_rewrite;
switch_theme('twentytwentythree');
update_option('dn_rest_off', 'users');
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%postname%/');
create_initial_taxonomies();
$wp_rewrite->init();
$wp_rewrite->flush_rules(false);
echo json_encode(array_map(fn($p) => wp_make_link_relative(get_permalink($p)),
    get_posts(['post_type' => 'post', 'post_status' => 'publish', 'numberposts' => -1]))), "\n";
"""
CONFIGURE = r"""<?php
global $wp_rewrite;
switch_theme('hello-elementor');
update_option('category_base', 'sections');
update_option('tag_base', 'topics');
update_option('dn_rest_off', 'all');
$wp_rewrite->set_permalink_structure('/archives/%post_id%');
create_initial_taxonomies();
$wp_rewrite->init();
$wp_rewrite->flush_rules(false);
"""
URLS_PHP = r"""<?php
// Every public URL of the site as a path, and the ground truth, from the database.
$ppp = (int) get_option('posts_per_page');
$cpp = (int) get_option('comments_per_page');
$rel = fn(string $url) => wp_make_link_relative($url);
$iso = fn($gmt) => str_replace(' ', 'T', $gmt) . 'Z';
$urls = [];
$listing = function (string $base, int $n) use (&$urls, $ppp) {
    $urls[] = $base;
    for ($i = 2; $i <= max(1, (int) ceil($n / $ppp)); $i++) {
        $urls[] = user_trailingslashit(trailingslashit($base) . "page/$i", 'paged');
    }
};
$published = get_posts(['post_type' => 'post', 'post_status' => 'publish', 'numberposts' => -1, 'orderby' => 'date', 'order' => 'ASC']);
$listing('/', count($published));
foreach (['category', 'post_tag'] as $tax) {
    foreach (get_terms(['taxonomy' => $tax, 'hide_empty' => true]) as $t) {
        // A parent category's listing also shows its children's posts.
        $n = (new WP_Query(['tax_query' => [['taxonomy' => $tax, 'terms' => $t->term_id]], 'posts_per_page' => -1, 'fields' => 'ids']))->post_count;
        $listing($rel(get_term_link($t)), $n);
    }
}
foreach (get_users(['has_published_posts' => ['post']]) as $u) {
    $listing($rel(get_author_posts_url($u->ID)), count_user_posts($u->ID, 'post', true));
}
$truth = ['options' => [], 'posts' => [], 'comments' => []];
foreach (['timezone_string', 'category_base', 'tag_base', 'permalink_structure', 'template', 'posts_per_page',
          'comments_per_page', 'default_comments_page', 'comment_order', 'dn_rest_off'] as $o) {
    $truth['options'][$o] = get_option($o);
}
foreach ($published as $p) {
    $link = $rel(get_permalink($p));
    $urls[] = $link;
    $top = get_comments(['post_id' => $p->ID, 'status' => 'approve', 'parent' => 0, 'count' => true]);
    for ($i = 1; $i <= ($top ? (int) ceil($top / $cpp) : 0); $i++) {
        $urls[] = user_trailingslashit(trailingslashit($link) . "comment-page-$i", 'commentpaged');
    }
    // A post split by <!--nextpage-->: its pages 2..N (wp_link_pages links them).
    $split = explode('<!--nextpage-->', $p->post_content);
    for ($i = 2; $i <= count($split); $i++) {
        $urls[] = user_trailingslashit(trailingslashit($link) . $i, 'single_paged');
    }
    $truth['posts'][] = ['id' => $p->ID, 'path' => $link,
        'pages' => count($split), 'text' => trim(preg_replace('/\s+/u', ' ', wp_strip_all_tags(implode("\n\n", $split)))), 'title' => html_entity_decode(get_the_title($p), ENT_QUOTES, 'UTF-8'),
        'date_gmt' => $iso($p->post_date_gmt), 'author' => get_the_author_meta('display_name', $p->post_author),
        'categories' => array_map(fn($c) => html_entity_decode($c->name, ENT_QUOTES, 'UTF-8'), get_the_category($p->ID)),
        'category_slugs' => wp_list_pluck(get_the_category($p->ID), 'slug'),
        'tags' => wp_list_pluck(wp_get_post_tags($p->ID), 'name'),
        'comment_status' => $p->comment_status,
        'comments' => (int) get_comments(['post_id' => $p->ID, 'status' => 'approve', 'count' => true])];
    foreach (get_comments(['post_id' => $p->ID, 'status' => 'approve', 'orderby' => 'comment_ID', 'order' => 'ASC']) as $c) {
        $truth['comments'][] = ['id' => (int) $c->comment_ID, 'post' => $p->ID, 'parent' => (int) $c->comment_parent,
            'author' => $c->comment_author, 'date_gmt' => $iso($c->comment_date_gmt), 'date_local' => $c->comment_date];
    }
}
$truth['hidden_posts'] = wp_list_pluck(get_posts(['post_type' => 'post', 'post_status' => ['draft', 'private'], 'numberposts' => -1]), 'post_name');
$truth['hidden_comments'] = array_map('intval', wp_list_pluck(get_comments(['status' => ['hold', 'spam']]), 'comment_ID'));
$urls = array_merge($urls, ['/robots.txt', $rel(get_feed_link()), $rel(get_sitemap_url('index')),
    $rel(get_sitemap_url('posts', 'post')), $rel(get_sitemap_url('taxonomies', 'category'))]);
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
    """The replica file answering ``url`` (see defense_news.replica): pages are folders, with or
    without a trailing slash in their URL (the server answers ``/archives/5`` from ``archives/5/``)."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path
    if path.rstrip("/").endswith("/feed"):
        file = OUT / path.lstrip("/") / "index.xml"
    elif path.endswith("/") or not (re.search(r"\.\w+$", path) or path.startswith("/wp-json/")):
        file = OUT / path.strip("/") / "index.html"
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
    if u.query or re.search(r"^/(wp-(admin|login|json|includes|content)|xmlrpc)|\.(css|js|png|jpg|svg|xsl|php)$", u.path):
        return None
    if "/feed" in u.path or re.search(r"/\d{4}/\d{2}/?$", u.path):
        return None  # feeds and date archives: not crawled
    return u.path.rstrip("/") or "/"  # the replica answers /sections/army/ from sections/army/ too


def main() -> int:
    if not all(os.environ.get(name) for name in INSTANCE):
        print(f"wp-variants-capture.py: set {', '.join(INSTANCE)} to the instance filled by wp-variants-content.php")
        return 2
    plugins = Path(os.environ["WP_DEV_STATE"]) / "mu-plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / "rest-off.php").write_text(MU_PLUGIN)
    config = Path(f"/etc/wordpress/config-{os.environ['WP_DEV_CONFIG']}.php")
    if "WPMU_PLUGIN_DIR" not in config.read_text():  # setup.sh rewrites the config: add it again
        with config.open("a") as f:
            f.write(f"define('WPMU_PLUGIN_DIR', '{plugins}');\n")
    wp_php(CONFIGURE)
    found = json.loads(wp_php(URLS_PHP))
    truth = found["truth"]
    paths = list(found["urls"])
    # The REST requests a crawler makes before it knows the API is refused (source=auto and
    # rest, detection), built with the crawler's own URL functions.
    rest = [
        comments_url(ORIGIN + "/wp-json/", 1),
        posts_url(ORIGIN + "/wp-json/", 1),
        rest_url(ORIGIN + "/wp-json/", "", {"_fields": INDEX_FIELDS}),
        rest_url(ORIGIN + "/?rest_route=/", "", {"_fields": INDEX_FIELDS}),
    ]
    paths += [u[len(ORIGIN) :] for u in rest]
    if OUT.exists():
        shutil.rmtree(OUT)
    captured = set()
    for path in paths:
        status, headers, body = fetch(path)
        refused = status == 401 and b"rest_disabled" in body
        if status != 200 and not refused:
            print(f"{path}: HTTP {status}", file=sys.stderr)
            return 1
        file = local_file(ORIGIN + path)
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(rewrite(body))
        if urllib.parse.urlsplit(path).query or refused:
            kept = [f"{k}: {headers[k]}" for k in KEPT_HEADERS if headers.get(k)]
            if refused:
                kept.insert(0, f"Status: {status}")
            file.with_name(file.name + ".headers").write_bytes(rewrite("\n".join(kept).encode() + b"\n"))
        captured.add(urllib.parse.urlsplit(path).path.rstrip("/") or "/")
    missing = set()
    for file in OUT.rglob("index.html"):
        parser = Links()
        parser.feed(file.read_text().replace(PUBLIC, ORIGIN))
        missing |= {p for p in map(crawlable, parser.links) if p and p not in captured}
    if missing:
        print("linked but not captured:", *sorted(missing), sep="\n  ", file=sys.stderr)
        return 1
    if any(ORIGIN.encode() in f.read_bytes() for f in OUT.rglob("*") if f.is_file()):
        print(f"{ORIGIN} left in the capture", file=sys.stderr)
        return 1
    wp_php(TT1)
    if TT1_OUT.exists():
        shutil.rmtree(TT1_OUT)
    for post in truth["posts"]:
        status, _, body = fetch(post["path"])
        if status != 200 or b"no-widgets" not in body:
            print(f"{post['path']} through twentytwentyone: HTTP {status}, or widgets shown", file=sys.stderr)
            return 1
        file = TT1_OUT / post["path"].strip("/") / "index.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(rewrite(body))
    # Last, as it changes the permalinks: the REST replica.
    article_paths = json.loads(wp_php(REST_CONFIGURE))
    if REST_OUT.exists():
        shutil.rmtree(REST_OUT)
    api = ORIGIN + "/wp-json/"
    for path in ["/robots.txt", *article_paths, comments_url(api, 1)[len(ORIGIN) :], posts_url(api, 1)[len(ORIGIN) :]]:
        status, headers, body = fetch(path)
        if status != 200:
            print(f"{path}: HTTP {status}", file=sys.stderr)
            return 1
        file = local_file(ORIGIN + path).relative_to(OUT)
        file = REST_OUT / file
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(rewrite(body))
        if urllib.parse.urlsplit(path).query:
            kept = [f"{k}: {headers[k]}" for k in KEPT_HEADERS if headers.get(k)]
            file.with_name(file.name + ".headers").write_bytes(rewrite("\n".join(kept).encode() + b"\n"))
    if b"rest_no_route" not in (REST_OUT / local_file(posts_url(api, 1)).relative_to(OUT)).read_bytes():
        print("the posts do not embed an error for their author: user routes still there?", file=sys.stderr)
        return 1
    EXPECTED.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n")
    files = sum(1 for f in OUT.rglob("*") if f.is_file())
    print(f"captured {len(paths)} URLs into {OUT} ({files} files); ground truth in {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
