"""Check that every internal <a href> of the replica resolves to a written file.

python -m tests.sites.zoxgen.check            # tests/sites/zox/
python -m tests.sites.zoxgen.check themes     # tests/sites/themes/zoxpress/
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .content import ORIGIN

SITES = Path(__file__).resolve().parent.parent
HREF = re.compile(r"""<a\s[^>]*?href=(["'])(.*?)\1""")
EXPECTED_404 = {f"{ORIGIN}/2022/09/beijings-nuclear-buildup/"}


def main(argv: list[str]) -> int:
    out = SITES / "themes" / "zoxpress" if argv[:1] == ["themes"] else SITES / "zox"
    missing: dict[str, set[str]] = {}
    checked = set()
    files = sorted(out.rglob("index.html"))
    for f in files:
        text = f.read_text(encoding="utf-8", errors="replace")
        for _q, href in HREF.findall(text):
            if not href.startswith(ORIGIN):
                continue
            url = href.split("#")[0].split("?")[0].replace("&#038;", "&")
            checked.add(url)
            target = out / url.removeprefix(ORIGIN).lstrip("/") / "index.html"
            if not target.exists():
                missing.setdefault(url, set()).add(str(f.relative_to(out)))
    print(f"{len(files)} HTML files, {len(checked)} distinct internal link targets")
    bad = {u: s for u, s in missing.items() if u not in EXPECTED_404}
    for u, s in missing.items():
        print(("EXPECTED 404 " if u in EXPECTED_404 else "MISSING ") + u, f"(linked from {len(s)} pages)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
