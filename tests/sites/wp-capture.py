#!/usr/bin/env python3
"""wp-capture.py - capture the local stock WordPress (/work/shared/tools/wordpress) into
tests/sites/wp-tt3, wp-tt1 and wp-rest. See tests/sites/README.md.

Run as root (it calls wp-php.sh and setup.sh --theme), after wp-content.php:

    python3 tests/sites/wp-capture.py            # both themes + REST, then back to twentytwentythree

Only the Python standard library is used. The list of URLs comes from WordPress itself
(every listing page, post, comment page, feed and sitemap), and every link found in the captured
HTML is checked against that list, so a page that a crawler could reach but that is missing from
the fixtures is reported.

Layout: a URL path ending in '/' is stored as <path>/index.html (feeds: <path>/index.xml), any
other path as the file itself. The origin http://127.0.0.1:8189 (also JSON-escaped,
percent-encoded and the port-less http://127.0.0.1/ that feeds print) is rewritten to
https://www.19fortyfive.com.
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

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.environ.get("WP_DEV_TOOLS", "/work/shared/tools/wordpress")
ORIGIN = "http://127.0.0.1:8189"
PUBLIC = "https://www.19fortyfive.com"
THEMES = {"wp-tt3": "twentytwentythree", "wp-tt1": "twentytwentyone"}
# --set themes: tests/sites/themes-content.php rendered through every theme the tool installs.
EVERY_THEME = ("twentytwentythree", "twentytwentytwo", "twentytwentyone", "twentytwenty", "twentynineteen",
               "oceanwp", "hello-elementor")
_STYLE = re.compile(rb"(<style[^>]*>).*?(</style>)", re.S)

LIST_URLS_PHP = r"""<?php
// Every public URL of the site, as paths. Run by wp-capture.py through wp-php.sh.
$ppp = (int) get_option('posts_per_page');
$cpp = (int) get_option('comments_per_page');
$out = [];
$pages = fn(int $n) => max(1, (int) ceil($n / $ppp));
$listing = function (string $base, int $n) use (&$out, $pages) {
    $out[] = $base;
    for ($i = 2; $i <= $pages($n); $i++) { $out[] = "{$base}page/$i/"; }
};
$rel = fn(string $url) => wp_make_link_relative($url);
$published = get_posts(['post_type' => 'post', 'post_status' => 'publish', 'numberposts' => -1,
                        'has_password' => null, 'orderby' => 'date', 'order' => 'DESC']);
$listing('/', count($published));      // a sticky post is extra on page 1, not an extra page
foreach (get_terms(['taxonomy' => ['category', 'post_tag'], 'hide_empty' => true]) as $t) {
    $listing($rel(get_term_link($t)), $t->count);
}
foreach (get_users(['has_published_posts' => ['post']]) as $u) {
    $listing($rel(get_author_posts_url($u->ID)), count_user_posts($u->ID, 'post', true));
}
// Date archives (/2024/04/) are left out: only twentytwentyone's stock Archives widget links them.
foreach (array_reverse($published) as $p) {
    $out[] = $rel(get_permalink($p));
    $top = get_comments(['post_id' => $p->ID, 'status' => 'approve', 'parent' => 0, 'count' => true]);
    for ($i = 1; $i <= ($top ? (int) ceil($top / $cpp) : 0); $i++) { $out[] = $rel(get_permalink($p)) . "comment-page-$i/"; }
}
// Feeds: the site, its comments, every category, and the per-post comment feed of the busiest post.
$out[] = '/feed/';
$out[] = '/comments/feed/';
foreach (get_terms(['taxonomy' => 'category', 'hide_empty' => true]) as $t) { $out[] = $rel(get_term_feed_link($t->term_id, 'category')); }
$busiest = get_posts(['post_type' => 'post', 'numberposts' => 1, 'orderby' => 'comment_count', 'order' => 'DESC'])[0];
$out[] = $rel(get_post_comments_feed_link($busiest->ID));
$out[] = '/robots.txt';
echo json_encode($out), "\n";
"""

GROUND_TRUTH_PHP = r"""<?php
// Ground truth for wp-expected.md, straight from the database through the WordPress API.
$iso = fn($gmt) => $gmt === '0000-00-00 00:00:00' ? null : str_replace(' ', 'T', $gmt) . 'Z';
$local = fn($local) => (new DateTime($local, wp_timezone()))->format('c');
$rel = fn($url) => wp_make_link_relative($url);
$names = fn($terms) => array_map(fn($t) => html_entity_decode($t->name, ENT_QUOTES, 'UTF-8'), $terms ?: []);
$out = ['options' => [], 'posts' => [], 'hidden_posts' => [], 'hidden_comments' => [], 'listings' => []];
foreach (['blogname', 'timezone_string', 'posts_per_page', 'comments_per_page', 'default_comments_page',
          'comment_order', 'thread_comments_depth', 'show_on_front'] as $o) { $out['options'][$o] = get_option($o); }
$out['options']['sticky_posts'] = get_option('sticky_posts');
$out['options']['wordpress'] = get_bloginfo('version');
$depth = function ($c) { $d = 1; while ($c->comment_parent) { $c = get_comment($c->comment_parent); $d++; } return $d; };
foreach (get_posts(['post_type' => 'post', 'post_status' => 'any', 'numberposts' => -1, 'orderby' => 'date', 'order' => 'ASC', 'has_password' => null]) as $p) {
    if ($p->post_status !== 'publish') {
        $out['hidden_posts'][] = ['id' => $p->ID, 'status' => $p->post_status, 'slug' => $p->post_name, 'title' => $p->post_title];
        continue;
    }
    $comments = [];
    foreach (get_comments(['post_id' => $p->ID, 'status' => 'approve', 'orderby' => 'comment_date_gmt', 'order' => 'ASC']) as $c) {
        $comments[] = ['id' => (int) $c->comment_ID, 'parent' => (int) $c->comment_parent, 'depth' => $depth($c),
            'author' => html_entity_decode($c->comment_author, ENT_QUOTES, 'UTF-8'), 'author_url' => $c->comment_author_url,
            'user_id' => (int) $c->user_id, 'date_gmt' => $iso($c->comment_date_gmt), 'date_local' => $local($c->comment_date),
            'page' => (int) get_page_of_comment($c->comment_ID), 'content' => $c->comment_content,
            'content_html' => apply_filters('comment_text', get_comment_text($c), $c, [])];
    }
    $thumb = get_post_thumbnail_id($p);
    $out['posts'][] = [
        'id' => $p->ID, 'path' => $rel(get_permalink($p)), 'slug' => $p->post_name,
        'title_raw' => $p->post_title, 'title_rendered' => get_the_title($p),
        'author' => get_the_author_meta('display_name', $p->post_author), 'author_nicename' => get_the_author_meta('user_nicename', $p->post_author),
        'categories' => $names(get_the_category($p->ID)), 'category_slugs' => wp_list_pluck(get_the_category($p->ID), 'slug'),
        'tags' => $names(get_the_tags($p->ID)),
        'date_gmt' => $iso($p->post_date_gmt), 'date_local' => $local($p->post_date),
        'modified_gmt' => $iso($p->post_modified_gmt), 'modified_local' => $local($p->post_modified),
        'comment_status' => $p->comment_status, 'approved_comments' => count($comments),
        'comment_pages' => $comments ? max(array_column($comments, 'page')) : 0,
        'password' => $p->post_password !== '', 'sticky' => is_sticky($p->ID),
        'featured_image' => $thumb ? ['id' => $thumb, 'url' => wp_get_attachment_url($thumb), 'caption' => wp_get_attachment_caption($thumb)] : null,
        'comments' => $comments,
        'content_html' => apply_filters('the_content', $p->post_content),
    ];
}
foreach (get_comments(['status' => 'all', 'type' => 'all', 'orderby' => 'comment_ID', 'order' => 'ASC']) as $c) {
    $why = $c->comment_approved === '1' ? (post_password_required($c->comment_post_ID) ? 'on a password-protected post' : null)
         : ($c->comment_approved === '0' ? 'held for moderation' : $c->comment_approved);
    if ($why) { $out['hidden_comments'][] = ['id' => (int) $c->comment_ID, 'post' => (int) $c->comment_post_ID, 'why' => $why, 'author' => $c->comment_author]; }
}
foreach (get_comments(['status' => 'spam']) as $c) {
    $out['hidden_comments'][] = ['id' => (int) $c->comment_ID, 'post' => (int) $c->comment_post_ID, 'why' => 'spam', 'author' => $c->comment_author];
}
// Listing pages: the same queries the templates run.
$lists = [['/', []]];
foreach (get_terms(['taxonomy' => ['category', 'post_tag'], 'hide_empty' => true]) as $t) {
    $lists[] = [$rel(get_term_link($t)), [$t->taxonomy === 'category' ? 'cat' : 'tag_id' => $t->term_id]];
}
foreach (get_users(['has_published_posts' => ['post']]) as $u) { $lists[] = [$rel(get_author_posts_url($u->ID)), ['author' => $u->ID]]; }
foreach ($lists as [$base, $args]) {
    for ($n = 1; ; $n++) {
        $q = new WP_Query($args + ['paged' => $n]);
        if (!$q->posts) { break; }
        $out['listings'][] = ['path' => $n === 1 ? $base : "{$base}page/$n/", 'ids' => wp_list_pluck($q->posts, 'ID'), 'max_pages' => $q->max_num_pages];
    }
}
echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
"""


def sh(*cmd, stdin=None):
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=True).stdout


def wp_php(code):
    return sh(os.path.join(TOOLS, "wp-php.sh"), "-", stdin=code)


def fetch(path):
    """(status, headers as text, body bytes); no redirects followed."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    opener = urllib.request.build_opener(NoRedirect)
    try:
        r = opener.open(ORIGIN + path, timeout=30)
        return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def rewrite(data: bytes) -> bytes:
    pairs = [
        (ORIGIN, PUBLIC),
        (ORIGIN.replace("/", "\\/"), PUBLIC.replace("/", "\\/")),
        (urllib.parse.quote(ORIGIN, safe=""), urllib.parse.quote(PUBLIC, safe="")),
        ("http://127.0.0.1/", PUBLIC + "/"),
    ]
    for a, b in pairs:
        data = data.replace(a.encode(), b.encode())
    return data


def local_file(root, path):
    if path.endswith("/"):
        name = "index.xml" if path.endswith("/feed/") else "index.html"
        return os.path.join(root, path.lstrip("/"), name)
    return os.path.join(root, path.lstrip("/"))


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k in ("href", "src") and v:
                self.links.add(v)


def crawlable(link):
    """Same-site page links a crawler might follow (no assets, API, admin or reply links)."""
    u = urllib.parse.urlsplit(link)
    if u.scheme not in ("http", "https") or u.netloc != "127.0.0.1:8189":
        return None
    if u.query or re.search(r"^/(wp-(admin|login|json|includes|content)|xmlrpc)|\.(css|js|png|jpg|svg|xsl|php)$", u.path):
        return None
    return u.path


def capture_theme(dirname, theme, urls, strip_styles=False):
    root = os.path.join(HERE, dirname)
    sh(os.path.join(TOOLS, "setup.sh"), "--theme", theme)
    shutil.rmtree(root, ignore_errors=True)
    seen = set()
    for path in urls:
        status, headers, body = fetch(path)
        if status != 200:
            sys.exit(f"{theme}: {path} answered {status}")
        if "text/html" in headers.get("Content-Type", ""):
            p = Links()
            p.feed(body.decode("utf-8"))
            seen |= {c for c in map(crawlable, p.links) if c}
        f = local_file(root, path)
        os.makedirs(os.path.dirname(f), exist_ok=True)
        if strip_styles:
            # Inline CSS (block themes print ~60 KB of it per page) tells a crawler nothing.
            body = _STYLE.sub(rb"\1\2", body)
        with open(f, "wb") as fh:
            fh.write(rewrite(body))
    # Feeds are linked from every page's <head>; only the ones in LIST_URLS_PHP are kept.
    # Date archives are left out on purpose (see LIST_URLS_PHP).
    missing = sorted(p for p in seen - set(urls) if not p.endswith("/feed/") and not re.fullmatch(r"/\d{4}/\d{2}/", p))
    if missing:
        print(f"{dirname}: linked but not captured: {missing}")
    print(f"{dirname}: {len(urls)} files ({theme})")


def capture_rest():
    root = os.path.join(HERE, "wp-rest")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    index = []

    def save(name, path, expect=200):
        # curl, so that NAME.headers is exactly what the server sent (status line included).
        body_f, head_f = (os.path.join(root, name + ext) for ext in (".json", ".headers"))
        status = int(sh("curl", "-sS", "-D", head_f, "-o", body_f, "-w", "%{http_code}", ORIGIN + path))
        if status != expect:
            sys.exit(f"REST {path} answered {status}, expected {expect}")
        for f in (body_f, head_f):
            with open(f, "rb") as fh:
                data = fh.read()
            with open(f, "wb") as fh:
                fh.write(rewrite(data))
        with open(head_f) as fh:
            headers = dict(line.rstrip("\r\n").split(": ", 1) for line in fh if ": " in line)
        with open(body_f, "rb") as fh:
            body = fh.read()
        index.append((name, path, status))
        return headers, body

    _, body = save("posts-per_page-100", "/wp-json/wp/v2/posts?per_page=100")
    headers, _ = save("posts-per_page-3-page-1", "/wp-json/wp/v2/posts?per_page=3&page=1")
    pages = int(headers["X-WP-TotalPages"])
    for n in range(2, pages + 1):
        save(f"posts-per_page-3-page-{n}", f"/wp-json/wp/v2/posts?per_page=3&page={n}")
    save(f"posts-per_page-3-page-{pages + 1}", f"/wp-json/wp/v2/posts?per_page=3&page={pages + 1}", expect=400)
    for post in json.loads(body):
        path = f"/wp-json/wp/v2/comments?post={post['id']}&per_page=100"
        status, _, cbody = fetch(path)
        # Posts with approved comments, and the 401 that a password-protected post gives.
        if status != 200 or json.loads(cbody):
            save(f"comments-post-{post['id']}", path, expect=status)
    save("categories-per_page-100", "/wp-json/wp/v2/categories?per_page=100")
    save("tags-per_page-100", "/wp-json/wp/v2/tags?per_page=100")
    with open(os.path.join(root, "INDEX.md"), "w") as fh:
        fh.write("# wp-rest: raw REST API responses\n\n"
                 "Fetched anonymously from the local WordPress 6.1 (see ../README.md); the origin "
                 f"`{ORIGIN}` is rewritten to `{PUBLIC}` in bodies and headers.\n"
                 "Each `NAME.json` is the body and `NAME.headers` the status line and response headers, "
                 "saved with `curl -sS -D NAME.headers -o NAME.json URL` (`Date` varies between runs).\n\n"
                 "| file | URL | status |\n|---|---|---|\n")
        for name, path, status in index:
            fh.write(f"| `{name}.json` | `{PUBLIC}{path}` | {status} |\n")
    print(f"wp-rest: {len(index)} responses")


def page_file(root, path, page, pages):
    """The tt3/tt1 file in which comment page `page` of the post at `path` was saved."""
    return local_file(root, f"{path}comment-page-{page}/")


def expected_and_checks():
    """Write wp-expected.md from the database, and check every claim in it against the captures."""
    gt = json.loads(wp_php(GROUND_TRUTH_PHP))
    with open(os.path.join(HERE, "wp-rest", "posts-per_page-100.json")) as fh:
        rest = {p["id"]: p for p in json.load(fh)}
    problems = []
    files = {d: {} for d in THEMES}
    for d in THEMES:
        for dirpath, _, names in os.walk(os.path.join(HERE, d)):
            for n in names:
                f = os.path.join(dirpath, n)
                with open(f, encoding="utf-8") as fh:
                    files[d][f] = fh.read()

    def has_id(d, f, cid):
        return f'id="comment-{cid}"' in files[d].get(f, "")

    # REST agrees with the database.
    for p in gt["posts"]:
        r = rest[p["id"]]
        for k, v in (("date_gmt", p["date_gmt"]), ("modified_gmt", p["modified_gmt"])):
            if r[k] + "Z" != v:
                problems.append(f"post {p['id']}: REST {k} {r[k]} != {v}")
        p["title_rest"] = r["title"]["rendered"]
        if r["link"] != PUBLIC + p["path"]:
            problems.append(f"post {p['id']}: REST link {r['link']}")
    # Every visible comment sits on the page WordPress says, in both themes, and nowhere else.
    for p in gt["posts"]:
        for d in THEMES:
            root = os.path.join(HERE, d)
            bare = local_file(root, p["path"])
            pages = {n: page_file(root, p["path"], n, p["comment_pages"]) for n in range(1, p["comment_pages"] + 1)}
            for c in p["comments"]:
                if p["password"]:
                    if any(has_id(d, f, c["id"]) for f in files[d]):
                        problems.append(f"{d}: protected comment {c['id']} is visible")
                    continue
                where = sorted(n for n, f in pages.items() if has_id(d, f, c["id"]))
                if where != [c["page"]]:
                    problems.append(f"{d}: comment {c['id']} on pages {where}, expected {c['page']}")
                if (c["page"] == p["comment_pages"]) != has_id(d, bare, c["id"]):
                    problems.append(f"{d}: comment {c['id']} on the bare URL: {has_id(d, bare, c['id'])}")
    # Hidden content appears nowhere (pages, feeds, sitemaps, REST).
    rest_files = {}
    for n in os.listdir(os.path.join(HERE, "wp-rest")):
        with open(os.path.join(HERE, "wp-rest", n), encoding="utf-8") as fh:
            rest_files[os.path.join(HERE, "wp-rest", n)] = fh.read()
    for d, fs in [*files.items(), ("wp-rest", rest_files)]:
        for f, text in fs.items():
            for c in gt["hidden_comments"]:
                if f.endswith("/comments/feed/index.xml") and c["why"] == "on a password-protected post":
                    continue   # the site-wide comment feed lists them, with the content replaced (see the notes)
                if f'id="comment-{c["id"]}"' in text or f"#comment-{c['id']}\"" in text or c["author"] in text:
                    problems.append(f"{d}: hidden comment {c['id']} in {f}")
            for hp in gt["hidden_posts"]:
                if hp["slug"] in text or hp["title"] in text:
                    problems.append(f"{d}: draft {hp['id']} in {f}")
    # Listing pages list the posts the queries return, in order.
    by_id = {p["id"]: p for p in gt["posts"]}
    title_link = {"wp-tt3": r'<h2 class="wp-block-post-title"><a href="([^"]+)"',
                  "wp-tt1": r'<h2 class="entry-title[^"]*"><a href="([^"]+)"'}
    for lst in gt["listings"]:
        want = [PUBLIC + by_id[i]["path"] for i in lst["ids"]]
        for d in THEMES:
            got = re.findall(title_link[d], files[d][local_file(os.path.join(HERE, d), lst["path"])])
            if got != want:
                problems.append(f"{d}: {lst['path']} lists {got}, expected {want}")
    if problems:
        sys.exit("checks failed:\n  " + "\n  ".join(problems))
    write_expected(gt)
    print("wp-expected.md written; all checks passed")


def write_expected(gt):
    o = gt["options"]
    by_id = {p["id"]: p for p in gt["posts"]}
    L = []
    w = L.append
    w("# wp-expected: ground truth for wp-tt3 / wp-tt1 / wp-rest\n")
    w("Generated by `wp-capture.py` from the WordPress database (through the WordPress API), **not** from a "
      "scraper; the same script checks each statement below against the captured files. "
      f"WordPress {o['wordpress']}, timezone `{o['timezone_string']}`, posts_per_page={o['posts_per_page']}, "
      f"comments_per_page={o['comments_per_page']} (top-level threads), default_comments_page=`{o['default_comments_page']}` "
      f"(the bare post URL shows the **last** comment page), comment_order=`{o['comment_order']}`, "
      f"thread depth {o['thread_comments_depth']}, show_on_front=`{o['show_on_front']}`, sticky posts: {o['sticky_posts']}.\n")
    w(f"All URLs are relative to `{PUBLIC}`. Dates: `*_gmt` are UTC; `local` is New York time with its offset. "
      "REST prints `date_gmt`/`modified_gmt` without the `Z`.\n")
    w("## Published posts\n")
    w("| ID | URL path | title (REST `title.rendered`) | author | categories | tags | date_gmt | modified_gmt | comments | approved | comment pages |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for p in gt["posts"]:
        flags = "".join([" (sticky)" if p["sticky"] else "", " (password-protected)" if p["password"] else ""])
        title = p["title_rest"].replace("|", "\\|")
        w(f"| {p['id']} | `{p['path']}`{flags} | `{title}` | {p['author']} (`{p['author_nicename']}`) | "
          f"{', '.join(p['categories'])} | {', '.join(p['tags'])} | {p['date_gmt']} | {p['modified_gmt']} | "
          f"{p['comment_status']} | {p['approved_comments']} | {p['comment_pages']} |")
    w("")
    w("Notes:")
    w("- Titles as plain text (HTML entities decoded): " + "; ".join(
        f"{p['id']}: “{html.unescape(p['title_rest'])}”" for p in gt["posts"]
        if html.unescape(p["title_rest"]) != p["title_rest"] or not p["title_rest"].isascii()) + ". "
      "The stored titles are `" + "`, `".join(p["title_raw"] for p in gt["posts"] if p["title_raw"] != html.unescape(p["title_rest"])) + "` (not texturized).")
    w("- Local publication dates: " + "; ".join(f"{p['id']}: {p['date_local']}" for p in gt["posts"]) + ".")
    w("- Only post " + ", ".join(str(p["id"]) for p in gt["posts"] if p["modified_gmt"] != p["date_gmt"])
      + " has a modified date different from its publication date.")
    for p in gt["posts"]:
        if p["password"]:
            w(f"- Post {p['id']} is password-protected (password `briefing`): its page title reads `Protected: …`, the body is only "
              "a password form, and its comments are not shown (REST `comments?post=…` answers 401). REST `title.rendered` has no `Protected:` prefix.")
        if p["featured_image"]:
            fi = p["featured_image"]
            w(f"- Post {p['id']} has featured image {fi['id']} `{fi['url'].replace(ORIGIN, PUBLIC)}`, caption “{html.unescape(fi['caption'])}”; "
              "its body is block-editor markup (paragraphs, `h2`, `ul`, image block with `figcaption`, quote).")
        if p["comment_status"] == "closed":
            w(f"- Post {p['id']} has comments **closed** but {p['approved_comments']} approved comments; the stock themes still print them "
              "(with no reply links or form; twentytwentyone adds “Comments are closed.”).")
    w("")
    w("## Listing pages (post IDs in page order, same in both themes)\n")
    w("| path | post IDs |\n|---|---|")
    for lst in gt["listings"]:
        w(f"| `{lst['path']}` | {', '.join(map(str, lst['ids']))} |")
    w("")
    w("Home page 1 starts with the sticky post, so it holds posts_per_page + 1 items, and the sticky post shows again "
      "at its own place on a later page. Past the last page (e.g. `/page/5/`, `/category/military/page/3/`) the site answers 404; "
      "those URLs are not captured.\n")
    w("## Comments\n")
    w("`page` is the comment page in the captures (`{path}comment-page-N/`); the last page is also what the bare post URL shows. "
      "`depth` 1 = top level. Author names are as stored; `user` marks comments by a registered user (the post's author, class `bypostauthor`).\n")
    for p in gt["posts"]:
        if not p["comments"]:
            continue
        w(f"### Post {p['id']} `{p['path']}` ({p['approved_comments']} approved, {p['comment_pages']} comment page(s), comments {p['comment_status']})\n")
        if p["password"]:
            w("Not visible on any page (password-protected post); REST answers 401.\n")
        w("| ID | parent | depth | author | author URL | date_gmt | local | page |\n|---|---|---|---|---|---|---|---|")
        for c in p["comments"]:
            w(f"| {c['id']} | {c['parent']} | {c['depth']} | {c['author']}{' (user)' if c['user_id'] else ''} | "
              f"{c['author_url'] or ''} | {c['date_gmt']} | {c['date_local']} | {'-' if p['password'] else c['page']} |")
        w("")
    w("Comments with markup, as stored (the page prints them through `wpautop`/texturize; REST `content.rendered` likewise):\n")
    for p in gt["posts"]:
        for c in p["comments"]:
            if "<" in c["content"] or "&" in c["content"] or "\n\n" in c["content"]:
                w(f"- {c['id']}: `{c['content']}`".replace("\n", "\\n"))
    w("")
    w("Comment 16 was entered as local time `2024-11-03 01:30`, which happens twice in New York; WordPress 6.1 "
      "(PHP `DateTime`) resolved it to the **first**, daylight-time instant (-04:00, 05:30Z), not the later standard-time one.\n")
    w("## Must NOT appear\n")
    for hp in gt["hidden_posts"]:
        w(f"- Post {hp['id']} “{hp['title']}” (`{hp['slug']}`): status `{hp['status']}`; in no page, feed, sitemap or REST response.")
    for c in sorted(gt["hidden_comments"], key=lambda c: c["id"]):
        w(f"- Comment {c['id']} on post {c['post']} by “{c['author']}”: {c['why']}.")
    w("- Also the stock “Privacy Policy” page (ID 3), which is a draft.")
    w("")
    w("Exception, stock WordPress behaviour: the site-wide comment feed `/comments/feed/` (10 newest comments) lists comments "
      "of the password-protected post with author, date and `#comment-N` link (title `Comment on Protected: … by NAME`); only "
      "their text is replaced by the password form.")
    with open(os.path.join(HERE, "wp-expected.md"), "w") as fh:
        fh.write("\n".join(L) + "\n")


def capture_every_theme(urls):
    """tests/sites/themes/<theme>/ for every theme, and themes/expected.json from the database."""
    root = os.path.join(HERE, "themes")
    for theme in EVERY_THEME:
        capture_theme(os.path.join("themes", theme), theme, urls, strip_styles=True)
    gt = json.loads(wp_php(GROUND_TRUTH_PHP))
    problems = []
    for theme in EVERY_THEME:
        troot = os.path.join(root, theme)
        for p in gt["posts"]:
            for c in p["comments"]:
                where = []
                for n in range(1, p["comment_pages"] + 1):
                    with open(local_file(troot, f"{p['path']}comment-page-{n}/"), encoding="utf-8") as fh:
                        if f'comment-{c["id"]}"' in fh.read():
                            where.append(n)
                if where != [c["page"]]:
                    problems.append(f"{theme}: comment {c['id']} on pages {where}, expected {c['page']}")
    if problems:
        sys.exit("checks failed:\n  " + "\n  ".join(problems))
    with open(os.path.join(root, "expected.json"), "w", encoding="utf-8") as fh:
        fh.write(rewrite(json.dumps(gt, ensure_ascii=False, indent=1).encode()).decode() + "\n")
    print("themes/expected.json written; all checks passed")


def main():
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=("stock", "themes"), default="stock",
                        help="stock: wp-tt3/wp-tt1/wp-rest (wp-content.php); themes: every theme (themes-content.php)")
    args = parser.parse_args()
    urls = json.loads(wp_php(LIST_URLS_PHP))
    # Sitemaps: the index and everything it lists.
    status, _, body = fetch("/wp-sitemap.xml")
    assert status == 200
    urls.append("/wp-sitemap.xml")
    urls += [urllib.parse.urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>", body.decode())]
    assert len(urls) == len(set(urls)), "duplicate URLs"
    try:
        if args.set == "themes":
            capture_every_theme(urls)
        else:
            for dirname, theme in THEMES.items():
                capture_theme(dirname, theme, urls)
            capture_rest()
            expected_and_checks()
    finally:
        sh(os.path.join(TOOLS, "setup.sh"), "--theme", "twentytwentythree")
    dirs = [os.path.join(HERE, d) for d in ((*THEMES, "wp-rest") if args.set == "stock" else ("themes",))]
    left = subprocess.run(["grep", "-rl", "--exclude=*.md", "127.0.0.1", *dirs], capture_output=True, text=True).stdout
    if left:
        sys.exit("origin left in:\n" + left)

if __name__ == "__main__":
    main()
