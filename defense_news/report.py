"""One self-contained HTML report of a crawl database: charts that work offline.

python -m defense_news.report [DATABASE] [-o data/report.html]

The charts are drawn by plotly; its JavaScript is inlined once in the file, so the
report opens without a network (no CDN) and can be mailed as it is. The database
is opened read-only.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import sqlite3
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from .destinations import directory_problem
from .explore import database_problem, default_database, describe

# Categories drawn on their own in the weekly chart; the rest are summed as "other".
TOP_CATEGORIES = 8
TOP_COMMENTERS = 20
# Shares of comments marked on the decay curve.
DECAY_MARKS = (0.5, 0.9, 0.99)


@dataclass
class Chart:
    """One chart of the report: a heading, a sentence saying how to read it, the figure."""

    key: str
    title: str
    note: str
    figure: Any


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 UTC timestamp, a bare date (midnight UTC) or a month (its first day); else None.

    Stored dates are as precise as the site tells (``published_at_precision``).

    >>> parse_time("2022-10-09T14:05:00Z")
    datetime.datetime(2022, 10, 9, 14, 5, tzinfo=datetime.timezone.utc)
    >>> parse_time("2022-10-09")
    datetime.datetime(2022, 10, 9, 0, 0, tzinfo=datetime.timezone.utc)
    >>> parse_time("2022-10")
    datetime.datetime(2022, 10, 1, 0, 0, tzinfo=datetime.timezone.utc)
    >>> parse_time("yesterday") is None
    True
    """
    if not value:
        return None
    if len(value) == 7:  # YYYY-MM
        value += "-01"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def week_start(moment: datetime) -> date:
    """The Monday of the moment's week (UTC)."""
    day = moment.date()
    return day - timedelta(days=day.weekday())


def articles_per_week(conn: sqlite3.Connection, go: Any) -> Chart:
    rows = conn.execute(
        "SELECT published_at, coalesce(category, '(none)') AS category FROM articles WHERE removed_at IS NULL"
    ).fetchall()
    counts: dict[str, Counter[date]] = defaultdict(Counter)
    totals: Counter[str] = Counter()
    for row in rows:
        moment = parse_time(row["published_at"])
        if moment is not None:
            totals[row["category"]] += 1
            counts[row["category"]][week_start(moment)] += 1
    shown = [name for name, _ in totals.most_common(TOP_CATEGORIES)]
    other: Counter[date] = Counter()
    for name in set(counts) - set(shown):
        other.update(counts[name])
    series = [(name, counts[name]) for name in shown] + ([("other", other)] if other else [])
    figure = go.Figure(
        [go.Bar(name=name, x=sorted(weeks), y=[weeks[w] for w in sorted(weeks)]) for name, weeks in series]
    )
    figure.update_layout(barmode="stack", xaxis_title="week starting", yaxis_title="articles published")
    return Chart("articles-per-week", "Articles per week, by category", "Stacked by primary category.", figure)


def comments_per_article(conn: sqlite3.Connection, go: Any) -> Chart:
    counts = [
        row[0]
        for row in conn.execute(
            "SELECT count(c.id) FROM articles a LEFT JOIN comments c"
            " ON c.site = a.site AND c.post_id = a.post_id AND c.removed_at IS NULL"
            " WHERE a.removed_at IS NULL GROUP BY a.id"
        )
    ]
    histogram = Counter(counts)
    xs = list(range(max(histogram, default=0) + 1))
    figure = go.Figure(go.Bar(x=xs, y=[histogram.get(x, 0) for x in xs], name="articles"))
    figure.update_layout(xaxis_title="comments stored for the article", yaxis_title="articles", bargap=0.1)
    note = f"{len(counts)} articles; {sum(1 for c in counts if c == 0)} without comments."
    return Chart("comments-per-article", "Comments per article", note, figure)


def thread_depth(conn: sqlite3.Connection, go: Any) -> Chart:
    rows = conn.execute(
        "SELECT depth, count(*) FROM comments WHERE depth IS NOT NULL AND removed_at IS NULL"
        " GROUP BY depth ORDER BY depth"
    )
    depths = [(row[0], row[1]) for row in rows]
    figure = go.Figure(go.Bar(x=[d for d, _ in depths], y=[n for _, n in depths], name="comments"))
    figure.update_layout(xaxis_title="depth (1 = top-level comment, 2 = reply, ...)", yaxis_title="comments")
    figure.update_xaxes(dtick=1)
    return Chart("thread-depth", "Thread depth", "How deep replies nest.", figure)


def comment_decay(conn: sqlite3.Connection, go: Any) -> Chart:
    rows = conn.execute(
        "SELECT a.published_at, c.posted_at FROM comments c JOIN articles a ON a.site = c.site AND a.post_id = c.post_id"
        " WHERE c.removed_at IS NULL AND a.removed_at IS NULL"
    ).fetchall()
    ages = []
    for published_at, posted_at in rows:
        published, posted = parse_time(published_at), parse_time(posted_at)
        if published is not None and posted is not None:
            # A comment dated before its article (a bare publication date, clocks) counts as day 0.
            ages.append(max((posted - published).total_seconds() / 86400, 0.0))
    ages.sort()
    share = [(i + 1) / len(ages) for i in range(len(ages))]
    figure = go.Figure(go.Scatter(x=ages, y=share, mode="lines", line_shape="hv", name="comments"))
    marks = []
    for mark in DECAY_MARKS:
        if ages:
            day = ages[min(len(ages) - 1, max(0, int(mark * len(ages) + 0.999999) - 1))]
            marks.append(f"{mark:.0%} within {day:.1f} days")
            figure.add_hline(y=mark, line_dash="dot", line_color="grey")
            figure.add_annotation(x=day, y=mark, text=f"{mark:.0%}: {day:.1f} d", showarrow=True, arrowhead=2)
    figure.update_layout(
        xaxis_title="days after the article was published",
        yaxis_title="share of comments posted",
        yaxis_tickformat=".0%",
    )
    note = (
        "How long threads stay alive: the share of all comments posted within N days of their article. "
        + ("; ".join(marks) + ". " if marks else "")
        + "Articles are fetched again for new comments for DEFENSE_NEWS_REFRESH_DAYS days (default 14): "
        "set it past the point where the curve flattens."
    )
    return Chart("comment-decay", "How comment activity decays after publication", note, figure)


def busiest_commenters(conn: sqlite3.Connection, go: Any) -> Chart:
    rows = conn.execute(
        "SELECT coalesce(author, '(anonymous)'), count(*) AS n FROM comments WHERE removed_at IS NULL"
        " GROUP BY author ORDER BY n DESC, author LIMIT ?",
        (TOP_COMMENTERS,),
    ).fetchall()
    rows = list(reversed(rows))  # the busiest at the top of a horizontal bar chart
    figure = go.Figure(go.Bar(x=[r[1] for r in rows], y=[r[0] for r in rows], orientation="h", name="comments"))
    figure.update_layout(xaxis_title="comments", height=max(300, 24 * len(rows) + 120))
    return Chart("busiest-commenters", "Busiest commenters", f"The {TOP_COMMENTERS} most active names.", figure)


def crawl_history(conn: sqlite3.Connection, go: Any, make_subplots: Any) -> Chart:
    rows = conn.execute("SELECT * FROM crawls ORDER BY id").fetchall()
    ids = [f"#{row['id']} {row['site']}<br>{(row['started_at'] or '')[:16].replace('T', ' ')}" for row in rows]

    def duration(row: sqlite3.Row) -> float | None:
        started, finished = parse_time(row["started_at"]), parse_time(row["finished_at"])
        return (finished - started).total_seconds() if started and finished else None

    figure = make_subplots(
        rows=2,
        cols=2,
        subplot_titles=("duration (s)", "pages fetched", "rows stored: new and updated", "failures"),
        vertical_spacing=0.16,
    )
    figure.add_trace(go.Bar(x=ids, y=[duration(r) for r in rows], name="duration (s)"), row=1, col=1)
    figure.add_trace(go.Bar(x=ids, y=[r["pages_fetched"] for r in rows], name="pages fetched"), row=1, col=2)
    for column in ("articles_new", "articles_updated", "comments_new", "comments_updated"):
        figure.add_trace(go.Bar(x=ids, y=[r[column] for r in rows], name=column.replace("_", " ")), row=2, col=1)
    figure.add_trace(go.Bar(x=ids, y=[r["errors"] for r in rows], name="errors logged"), row=2, col=2)
    figure.add_trace(go.Bar(x=ids, y=[r["items_dropped"] for r in rows], name="items dropped"), row=2, col=2)
    figure.update_layout(barmode="group", height=620)
    unfinished = sum(1 for r in rows if r["finish_reason"] != "finished")
    note = f"{len(rows)} crawls, {unfinished} of them not ended with 'finished' (killed, stopped or failed)."
    return Chart("crawl-history", "Crawl history", note, figure)


def summary(conn: sqlite3.Connection) -> str:
    # Live rows only (docs/storage.md, "Removed rows").
    articles = conn.execute(
        "SELECT count(*), min(published_at), max(published_at) FROM articles WHERE removed_at IS NULL"
    ).fetchone()
    comments = conn.execute("SELECT count(*), count(DISTINCT author) FROM comments WHERE removed_at IS NULL").fetchone()
    crawls = conn.execute("SELECT count(*), max(finished_at) FROM crawls").fetchone()
    return (
        f"{articles[0]} articles published {articles[1] or '?'} to {articles[2] or '?'}; "
        f"{comments[0]} comments by {comments[1]} names; {crawls[0]} crawls, the latest finished {crawls[1] or '?'}."
    )


def charts(conn: sqlite3.Connection) -> list[Chart]:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    made = [
        articles_per_week(conn, go),
        comments_per_article(conn, go),
        thread_depth(conn, go),
        comment_decay(conn, go),
        busiest_commenters(conn, go),
        crawl_history(conn, go, make_subplots),
    ]
    for chart in made:
        chart.figure.update_layout(template="plotly_white", margin={"t": 40, "r": 20, "b": 60, "l": 70})
    return made


def render(db: Path) -> str:
    from plotly.offline import get_plotlyjs

    with connect(db) as conn:
        made = charts(conn)
        intro = summary(conn)
    sections = []
    for chart in made:
        div = chart.figure.to_html(
            full_html=False, include_plotlyjs=False, div_id=chart.key, config={"displaylogo": False, "responsive": True}
        )
        sections.append(
            f'<section class="chart" data-chart="{chart.key}"><h2>{html.escape(chart.title)}</h2>'
            f"<p>{html.escape(chart.note)}</p>{div}</section>"
        )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>defense_news report: {html.escape(db.name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }}
h1 {{ margin-bottom: 0.2em; }} .chart {{ margin: 2.5em 0; }} .chart p {{ color: #555; }}
</style>
<script>{get_plotlyjs()}</script>
</head><body>
<h1>defense_news report</h1>
<p>{html.escape(db.name)}, generated {generated}. {html.escape(intro)}</p>
{"".join(sections)}
</body></html>
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a self-contained HTML report with charts of a crawl database.")
    parser.add_argument("db", nargs="?", type=Path, help="SQLite file (default: the crawl's, else the demo's)")
    parser.add_argument("-o", "--output", type=Path, default=Path("data/report.html"), help="(default: %(default)s)")
    args = parser.parse_args(argv)
    db: Path = args.db or default_database()
    problem = database_problem(db)
    if problem:
        print(f"report: {problem}", file=sys.stderr)
        return 2
    if importlib.util.find_spec("plotly") is None:
        print('report: plotly is not installed: pip install -e ".[report]"', file=sys.stderr)
        return 2
    # Before the charts are drawn: -o under a file or in a place this process cannot write.
    unwritable = f"{args.output} is a directory" if args.output.is_dir() else directory_problem(args.output.parent)
    if unwritable:
        print(f"report: cannot write {args.output}: {unwritable}", file=sys.stderr)
        return 2
    try:
        page = render(db)
    except sqlite3.DatabaseError as exc:
        print(f"report: cannot read {db}: {exc}", file=sys.stderr)
        return 2
    try:
        args.output.write_text(page, encoding="utf-8")
    except OSError as exc:  # the disk filled meanwhile, say: one line, not a traceback
        print(f"report: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"report: {describe(db, 'make report REPORT_DB')}")
    print(f"Wrote {args.output} ({len(page) // 1024} KB) from {db}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
