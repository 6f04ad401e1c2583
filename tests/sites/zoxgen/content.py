"""The content spec: the ground truth of the replica (categories, authors, articles, comments)."""

from __future__ import annotations

from datetime import datetime, timedelta

from .article import AD

ORIGIN = "https://www.19fortyfive.com"
SITE = "19FortyFive"
BLOGNAME = "Smart Bombs: Military, Defense and National Security"
PER_PAGE = 4  # grid posts per listing page
COMMENTS_PER_PAGE = 5  # top-level threads per comment page (long-thread article only)

# slug -> (name, term_id)
CATEGORIES = {"military": ("Military", 3), "russia": ("Russia", 7), "china": ("China", 12)}
AUTHORS = {
    "brent-eastwood": ("Brent M. Eastwood", "Brent M. Eastwood, PhD, writes on defense policy and emerging threats."),
    "maya-carlin": ("Maya Carlin", "Maya Carlin is an analyst with the Center for Security Policy."),
    "peter-suciu": ("Peter Suciu", "Peter Suciu is a Michigan-based writer covering military hardware."),
    "robert-farley": ("Robert Farley", "Dr. Robert Farley teaches security and diplomacy courses."),
}
# slug -> (name, term_id)
TAGS = {
    "f-35": ("F-35", 40),
    "nato": ("NATO", 41),
    "putin": ("Putin", 42),
    "pla": ("PLA", 43),
    "ukraine-war": ("Ukraine War", 44),
    "navy": ("Navy", 45),
}
AUTHOR_IDS = {slug: uid for uid, slug in enumerate(AUTHORS, start=2)}

PROSE = [
    "The Pentagon's latest budget request makes clear that the services are betting on long-range fires, "
    "but officials concede that the industrial base cannot yet deliver munitions at the pace planners want.",
    "Analysts who have studied the fighting around Kherson argue that logistics, not firepower, decided the "
    "outcome: Russian units simply could not keep their guns supplied across the Dnipro.",
    "For decades the Navy assumed it would operate from sanctuary. That assumption no longer holds when "
    "anti-ship missiles can reach carriers more than a thousand miles from the Chinese coast.",
    "Congress has so far been willing to fund the program, although several members of the Armed Services "
    "Committee have asked pointed questions about sustainment costs over a fifty-year life cycle.",
    "The Kremlin's messaging has shifted noticeably since the autumn mobilization, with state television now "
    "preparing viewers for a long war rather than a quick &#8220;special operation.&#8221;",
    "Beijing, for its part, has watched the war in Ukraine closely. PLA writers have drawn lessons about "
    "drones, electronic warfare and the value of stockpiling precision-guided munitions.",
    "None of this means deterrence has failed. It does mean that allies will need to spend more, train "
    "together more often and accept that the era of cheap security is over.",
    "Pilots who have flown the aircraft describe its sensor fusion as a generational leap &#8211; the cockpit "
    "shows a single, coherent picture instead of a dozen separate displays.",
    "Critics counter that readiness rates remain stubbornly low, and that a fighter which spends a third of its "
    "time in maintenance hangars offers less combat power than the headline numbers suggest.",
    "What happens next depends on decisions made in Washington, Brussels and Moscow over the coming winter, "
    "when frozen ground will again favor armored movement across the steppe.",
]


def local(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    """A naive America/New_York wall time."""
    return datetime(y, mo, d, h, mi)


def utc(dt: datetime) -> datetime:
    """America/New_York wall time -> naive UTC (ambiguous hour: the FIRST, daylight-time instant, fold=0)."""
    dst_start = {2021: datetime(2021, 3, 14, 2), 2022: datetime(2022, 3, 13, 2)}[dt.year]
    dst_end = {2021: datetime(2021, 11, 7, 2), 2022: datetime(2022, 11, 6, 2)}[dt.year]
    # 01:00-01:59 on the fall-back day is ambiguous; with fold=0 it is still EDT (< dst_end wall time)
    offset = 4 if dst_start <= dt < dst_end else 5
    return dt + timedelta(hours=offset)


def prose_body(a: dict) -> str:
    """The replica's own article text (the_content), with the theme's in-content ad after paragraph 2."""
    k = a["id"] % len(PROSE)
    paras = [f"<p>{PROSE[(k + i) % len(PROSE)]}</p>" for i in range(6)]
    parts = [*paras[:2], AD, *paras[2:4]]
    if a["body"] == "rich":
        parts += [
            "<h2>What the Numbers Say</h2>",
            "<ul>\n<li>Procurement: $1.7 trillion</li>\n<li>Sustainment: 66 years</li>\n<li>Allies: 14</li>\n</ul>",
            '<blockquote class="wp-block-quote"><p>Quantity has a quality all its own.</p><cite>Attributed</cite></blockquote>',
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
        ]
    elif a["id"] % 3 == 0:
        parts.append("<h2>The Bottom Line</h2>")
    parts += paras[4:]
    parts.append(
        f'<p><em>{AUTHORS[a["authors"][0]][1]}</em> <a href="https://twitter.com/19FortyFive">Follow us on Twitter</a>.</p>'
    )
    return "\n".join(parts)


def A(pid, slug, title, text, when, cats, tags, authors, **kw):
    """One article of the spec. ``title`` is HTML source, ``text`` its decoded reading."""
    art = {
        "id": pid,
        "slug": slug,
        "title": title,
        "title_text": text,
        "date": when,
        "modified": kw.pop("modified", when + timedelta(hours=5)),
        "cats": cats,
        "tags": tags,
        "authors": authors,
        "image": True,
        "excerpt": None,
        "yoast": pid % 2 == 0,
        "comments": "open",  # open | closed | password
        "thread": [],  # (comment_id, parent_id, author, url, local datetime, html)
        "hidden_count": 0,
        "special": "",
        "body": "default",
    }
    art.update(kw)
    art["url"] = f"{ORIGIN}/{when:%Y/%m}/{slug}/"
    art["content"] = prose_body(art)
    return art


SAMPLE_TEXTS = [
    "<p>Great analysis. The F-35 is expensive, but it works.</p>",
    "<p>Logistics &amp; maintenance win wars, not parades.</p>",
    "<p>Someone once called it &#8220;a flying computer&#8221; and that still fits.</p>",
    '<p>See the CRS report: <a href="https://crsreports.congress.gov/" rel="nofollow ugc">crsreports.congress.gov</a>.</p>',
    "<p>Two points here.</p>\n<p>First, the budget. Second, the schedule.</p>",
    "<p>Nice try: &lt;script&gt;alert(1)&lt;/script&gt;</p>",
    "<p>Agreed &#8211; NATO should have moved faster.</p>",
    "<p>I served on a carrier for six years. The threat is real.</p>",
]
COMMENTERS = [
    ("John Smith", ""),
    ("Old Sarge", "https://oldsarge.example.net/"),
    ("Anna K.", ""),
    ("Patriot1776", ""),
    ("Mike R", "http://mike-r.example.org"),
    ("Ellen", ""),
]
_next_cid = [30001]


def thread(start: datetime, shape: list[int | None], step_minutes: int = 40, times=None) -> list[tuple]:
    """Comments from a shape: shape[i] is the index of the parent (None = top level)."""
    out = []
    for i, parent in enumerate(shape):
        cid = _next_cid[0]
        _next_cid[0] += 1
        name, url = COMMENTERS[cid % len(COMMENTERS)]
        when = (times or {}).get(i, start + timedelta(minutes=step_minutes * i))
        out.append((cid, out[parent][0] if parent is not None else 0, name, url, when, SAMPLE_TEXTS[cid % 8]))
    return out


def long_thread(start: datetime) -> list[tuple]:
    """12 top-level threads with replies (depth up to 4); thread 8 posted in the ambiguous hour."""
    out = []
    for t in range(12):
        top = start + timedelta(hours=10 * t)
        if t == 8:
            top = local(2022, 11, 6, 1, 30)
        shape = [[None], [None, 0], [None, 0, 1], [None, 0, 1, 2, 0]][t % 4]
        out += thread(top, shape, step_minutes=45)
    return out
