"""Signals defense_news sends besides Scrapy's own."""

# Sent by the spider when a comment page of an article could not be fetched:
# handlers get article_url, post_id, failed_url and reason.
thread_incomplete = object()

# Sent by the spider when records are known gone from the site (issue 20: a comment trashed,
# spammed or unapproved; a post back to draft, private, trashed or password-protected):
# handlers get kind ("articles" or "comments"), ids (post or comment ids), urls (articles
# only, may be empty) and reason (for the log). The store pipeline marks them removed.
records_removed = object()

# Sent by the spider when a REST crawl's comment list was not read whole (a page lost, records
# left out): any thread may lack comments, so those it read are not recounted. Handlers get
# article_urls (the threads whose comments were read) and reason.
counts_unknown = object()

# Sent by the spider before it compares the site with the stored rows (issue 20,
# reconciliation): the store pipeline writes the items it holds, so they count as stored.
store_flush = object()

# Sent by the spider when it learns the name of a category slug that articles already left
# with (ZoxPress prints an article's other categories as slugs; issue 22 item 12): handlers get
# names (slug -> name) and urls (the articles'). The store pipeline names them in the rows.
categories_named = object()

# Sent by the spider when a page it needed was lost (failed after its retries, or answered
# something that is not the page): handlers get url, kind ("home", "listing", "article",
# "comment_page", "body_page", "byline_page", "rest_page") and reason (one line). The run's
# record names them (crawls.failures), so "how complete is this run?" has an answer.
page_failed = object()
