"""Chrome shared by every page: <head>, header, fly menu, sidebar, footer."""

from __future__ import annotations

from .site import Site


def menu(site: Site) -> str:
    if not site.menu:
        return ""
    return "".join(
        f'<li id="menu-item-{term}" class="menu-item menu-item-type-taxonomy menu-item-object-category menu-item-{term}">'
        f'<a href="{site.origin}/category/{slug}/">{name}</a></li>'
        for slug, (name, term) in site.categories.items()
        if slug not in site.unlisted
    )


SOCIAL = (
    '<li><a href="https://www.facebook.com/19FortyFive" target="_blank" rel="noopener"><i class="fab fa-facebook-f"></i></a></li>'
    '<li><a href="https://twitter.com/19FortyFive" target="_blank" rel="noopener"><i class="fab fa-twitter"></i></a></li>'
)
STYLE = "<style id='zox-custom-css'>" + "".join(f".zox-c{i}{{margin:{i}px}}" for i in range(20)) + "</style>"


def head(site: Site, title: str, extra: str = "") -> str:
    origin = site.origin
    return (
        '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" >\n'
        '<meta name="viewport" id="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, '
        'minimum-scale=1.0, user-scalable=no" />\n'
        f'<link rel="pingback" href="{origin}/xmlrpc.php" />\n'
        f"<title>{title}</title>\n{extra}"
        f'<link rel="alternate" type="application/rss+xml" title="{site.name} &raquo; Feed" href="{origin}/feed/" />\n'
        f'<link rel="https://api.w.org/" href="{origin}/wp-json/" />\n'
        f"<link rel='stylesheet' id='zox-custom-style-css' href='{origin}/wp-content/themes/zoxpress/style.css?ver=6.1' "
        "type='text/css' media='all' />\n"
        f"{STYLE}\n"
        "<script type='text/javascript' src='https://www.19fortyfive.com/wp-includes/js/jquery/jquery.min.js?ver=3.6.1' "
        "id='jquery-core-js'></script>\n</head>\n"
    )


def sidebar(site: Site) -> str:
    popular = [a for a in site.articles if a["id"] in site.sidebar_posts]
    items = "".join(f'<li><a href="{a["url"]}" rel="bookmark">{a["title"]}</a></li>' for a in popular)
    trending = (
        '<div id="zox_widget_trending-2" class="zox-side-widget zox_widget_trending">'
        f'<h4 class="zox-widget-side-title"><span class="zox-widget-side-title">Trending</span></h4><ul>{items}</ul></div>'
        if popular
        else ""
    )
    widgets = (
        '<div id="text-3" class="zox-side-widget widget_text"><div class="textwidget">'
        '<p>Tips? Write to <a href="mailto:editor@19fortyfive.com">editor@19fortyfive.com</a>.</p></div></div>'
        '<div id="zox_ad_widget-2" class="zox-side-widget zox_ad_widget"><div class="zox-widget-ad">'
        "<script>window.adsbygoogle = window.adsbygoogle || [];</script></div></div>"
        if site.sidebar_widgets
        else ""
    )
    return f'<div id="zox-side-wrap" class="zoxrel">{trending}{widgets}</div>'


def footer_menu(site: Site) -> str:
    return "".join(f'<li><a href="{site.origin}{path}">{text}</a></li>' for text, path in site.footer_links)


def page(site: Site, body_class: str, title: str, content: str, extra_head: str = "", front: bool = False) -> str:
    origin, blogname, items = site.origin, site.blogname, menu(site)
    social = SOCIAL if site.social else ""
    logo_tag = "h1" if front else "h2"
    return (
        head(site, title, extra_head) + f'<body class="{body_class} zox-ent1 zox-s1">\n'
        '<div id="zox-fly-wrap"><div id="zox-fly-menu-top" class="left relative"><div id="zox-fly-logo">'
        f'<a href="{origin}/"><img src="{origin}/wp-content/uploads/2020/05/logo.png" alt="{blogname}" /></a></div></div>'
        f'<nav class="zox-fly-nav-menu"><div class="menu-main-container"><ul id="menu-main" class="menu">{items}</ul></div></nav>'
        f'<div class="zox-fly-soc"><span class="zox-fly-soc-head">Connect with us</span><ul class="zox-fly-soc-list">{social}</ul>'
        "</div></div>\n"
        '<div id="zox-site" class="left zoxrel">\n'
        '<div id="zox-search-wrap"><div class="zox-search-cont"><p class="zox-search-p">Hi, what are you looking for?</p>'
        f'<div class="zox-search-box"><form method="get" id="searchform" action="{origin}/">'
        '<input type="text" name="s" id="s" class="zox-search-input" value="Search" /></form></div></div></div>\n'
        '<div id="zox-site-wall" class="left zoxrel"><div id="zox-lead-top-wrap"><div id="zox-lead-top-in">'
        '<div id="zox-lead-top"><div class="zox-ad-leader"></div></div></div></div>\n'
        '<div id="zox-site-main" class="left zoxrel"><header id="zox-main-head-wrap" class="left zoxrel zox-trans-head">'
        '<div id="zox-bot-head-wrap" class="left zoxrel"><div class="zox-head-width"><div id="zox-bot-head">'
        '<div class="zox-bot-head-logo"><div class="zox-bot-head-logo-main">'
        f'<a href="{origin}/"><img src="{origin}/wp-content/uploads/2020/05/logo.png" alt="{blogname}" /></a></div>'
        f'<{logo_tag} class="zox-logo-title">{blogname}</{logo_tag}></div>'
        '<div class="zox-bot-head-menu"><div class="zox-nav-menu">'
        f'<div class="menu-main-container"><ul id="menu-main-1" class="menu">{items}</ul></div></div></div>'
        "</div></div></div></header>\n"
        '<div id="zox-site-grid"><div id="zox-site-wall-small"><div id="zox-main-body-wrap" class="left zoxrel">\n'
        f"{content}\n</div>\n"
        '<footer id="zox-foot-wrap" class="left zoxrel"><div class="zox-foot-menu">'
        f'<ul class="menu">{footer_menu(site)}</ul></div>'
        f'<ul class="zox-foot-soc-list left relative">{social}</ul>'
        f'<div class="zox-foot-copy"><p>{site.copyright}</p></div></footer>\n'
        "</div></div></div></div></div>\n"
        "<script type='text/javascript' id='zoxpress-js'>/* <![CDATA[ */ var zoxpress = {\"ajax\":1}; /* ]]> */</script>\n"
        "</body>\n</html>\n"
    )
