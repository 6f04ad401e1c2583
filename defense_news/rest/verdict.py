"""A REST crawl judged once every answer and item is through: complete, or every reason why not."""

from __future__ import annotations

from dataclasses import dataclass

from .crawl import RestCrawl


@dataclass(frozen=True)
class Verdict:
    """A REST crawl judged once every answer and item is through: read to the end, or why not."""

    complete: bool
    losses: list[str]

    @property
    def summary(self) -> str:
        shown = "; ".join(self.losses[:5])
        return shown + (f"; and {len(self.losses) - 5} more" if len(self.losses) > 5 else "")


def judge(crawl: RestCrawl, dropped: int) -> Verdict:
    """Only a crawl that read every list to its end and stored every record is complete
    (only a complete crawl moves the next run's ``since``). ``dropped``: records the
    pipelines refused (missing fields, values the store cannot take), each a loss."""
    losses = crawl.losses()
    if dropped:
        losses.append(
            f"{dropped} records dropped: missing fields, or values no store takes (see the lines naming them above)"
        )
    if not losses and not crawl.complete:
        losses = unfinished(crawl)
    return Verdict(not losses and crawl.complete, losses)


def unfinished(crawl: RestCrawl) -> list[str]:
    """Why a crawl with no loss named is incomplete: pages asked whose answer was never handled
    (a callback that raised, logged where it raised: neither read nor lost), or no post list
    asked. Without them the verdict would name no reason at all ("not read whole ()")."""
    found = [
        f"{paging.url(n)}: asked, its answer never handled (see the error above)"
        for paging in crawl.lists.values()
        for n in paging.waiting
    ]
    if not found:
        found.append("posts: never asked" if not crawl.posts_started else "stopped before every list was read")
    return found
