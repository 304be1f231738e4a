"""Which page numbers a list's page links show (manual §7.1: 最初へ 前へ 1 2 … 次へ 最後へ).
Pure."""

from __future__ import annotations


def page_numbers(page: int, pages: int, around: int = 2) -> list[int]:
    """The pages linked by number: the current one and up to `around` on each side, kept
    `2 * around + 1` wide near either end (all of them when there are no more)."""
    if pages <= 0:
        return []
    page = min(max(page, 1), pages)
    width = 2 * around + 1
    first = max(1, min(page - around, pages - width + 1))
    last = min(pages, first + width - 1)
    return list(range(first, last + 1))
