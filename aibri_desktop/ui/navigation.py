"""The window's pages by name, and the order the side bar lists them in."""

from __future__ import annotations

from enum import IntEnum


class PageId(IntEnum):
    """A page of the window. Its value is its row in the side bar, and its place among the
    pages built so far (the library first, then the others as they are built)."""

    LIBRARY = 0
    QUESTIONNAIRE = 1
    RESULTS = 2
    COMPARE = 3


# The side bar's rows, top down.
NAV_ORDER: tuple[PageId, ...] = (PageId.LIBRARY, PageId.QUESTIONNAIRE, PageId.RESULTS,
                                 PageId.COMPARE)
# Enabled while an assessment is open.
ASSESSMENT_PAGES: tuple[PageId, ...] = (PageId.QUESTIONNAIRE, PageId.RESULTS)


def page_at(row_or_page: PageId | int) -> PageId | None:
    """A page given by name or by its side bar row (None for a row that is not there)."""
    if isinstance(row_or_page, PageId):
        return row_or_page
    return NAV_ORDER[row_or_page] if 0 <= row_or_page < len(NAV_ORDER) else None
