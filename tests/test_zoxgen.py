"""The ZoxPress replicas are what the generator writes (tests/sites/zoxgen): rebuilding changes no byte."""

from __future__ import annotations

import filecmp
from pathlib import Path

from tests.sites.zoxgen import build

SITES = Path(__file__).resolve().parent / "sites"


def _same_tree(a: Path, b: Path) -> list[str]:
    """Paths that differ between two folders (missing on either side, or other bytes)."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    differ = sorted(str(p) for p in files_a ^ files_b)
    differ += sorted(str(p) for p in files_a & files_b if not filecmp.cmp(a / p, b / p, shallow=False))
    return differ


def test_zox_replica_is_the_generators_output(tmp_path):
    written = build.build_zox(tmp_path / "zox", tmp_path / "zox-expected.md")
    assert _same_tree(tmp_path / "zox", SITES / "zox") == []
    assert (tmp_path / "zox-expected.md").read_bytes() == (SITES / "zox-expected.md").read_bytes()
    assert len(written.written) == 55


def test_themes_content_set_through_zoxpress_is_the_generators_output(tmp_path):
    written = build.build_themes(tmp_path / "zoxpress")
    assert _same_tree(tmp_path / "zoxpress", SITES / "themes" / "zoxpress") == []
    # the same URLs as the stock themes' captures
    stock_dir = SITES / "themes" / "twentytwentyone"
    stock = {p.relative_to(stock_dir) for p in stock_dir.rglob("*") if p.is_file()}
    ours = {p.relative_to(tmp_path / "zoxpress") for p in (tmp_path / "zoxpress").rglob("*") if p.is_file()}
    assert ours == stock
    assert len(written.written) == 21
