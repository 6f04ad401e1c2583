"""The crawl command's exit status from how the crawl ended (defense_news/commands/crawl.py, docs/exit-codes.md)."""

from __future__ import annotations

import argparse

import pytest

from defense_news.commands.crawl import Command


class Ended(Command):
    """The command with the crawl replaced by the reasons its spiders closed with."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__()
        self.reasons = reasons

    def _run_crawl(self, args: list[str], opts: argparse.Namespace) -> None:
        self._finish_reasons.extend(self.reasons)


@pytest.mark.parametrize(
    ("reasons", "status", "line"),
    [
        (["finished"], 0, ""),
        (["shutdown"], 0, ""),  # one Ctrl-C: a graceful stop
        (["site_unreachable"], 1, "Crawl failed: site_unreachable (see the log above)"),
        # The spider's start() raised: Scrapy closes it with "start_error", its traceback in the log.
        (["start_error"], 1, "Crawl failed: start_error (see the log above)"),
        ([], 1, "Crawl stopped before it could close (a second Ctrl-C or SIGTERM)"),
    ],
)
def test_exit_status(reasons: list[str], status: int, line: str, capsys: pytest.CaptureFixture[str]) -> None:
    command = Ended(reasons)
    command.run(["wordpress"], argparse.Namespace())
    assert command.exitcode == status
    assert capsys.readouterr().err.startswith(line)
