"""The layout docs/architecture.md describes, held by the code (issue 19).

Each rule is checked over the package's files as they are, so a module that grows past
its limit, a REST route named outside defense_news/rest/, or a module the page does not
name fails here rather than in a review.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "defense_news"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_no_module_over_600_lines():
    assert [(_name(p), _lines(p)) for p in MODULES if _lines(p) > 600] == []


def test_spiders_stay_thin():
    assert [(_name(p), _lines(p)) for p in (PACKAGE / "spiders").glob("*.py") if _lines(p) > 500] == []


def test_rest_routes_are_named_in_the_rest_package_only():
    route = re.compile(r"wp/v2|wp-json")
    allowed = {PACKAGE / "settings.py"}
    outside = [
        _name(p) for p in MODULES if route.search(p.read_text(encoding="utf-8")) and "rest" not in p.parent.parts[-1:]
    ]
    assert [name for name in outside if ROOT / name not in allowed] == []


def test_page_objects_have_no_site_default():
    # The site's address and zone come from its profile (sites.toml) through the spider.
    defaults = re.compile(r"[\"'](?:https?://www\.19fortyfive\.com/?|America/New_York)[\"']", re.I)
    found = [_name(p) for p in (PACKAGE / "pages").rglob("*.py") if defaults.search(p.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.parametrize("module", [_name(p) for p in MODULES if p.name != "__init__.py"])
def test_architecture_page_names_every_module(module):
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert f"`{module}`" in page, f"docs/architecture.md does not say what {module} owns"
