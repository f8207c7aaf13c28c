"""Lists that stay fast however long they get: pages by key, and a count that stops at a cap.

A numbered paginator counts every row and skips them with OFFSET, both of which grow with the
data (11 ms to count 200,000 signals, 17 ms to skip to page 200). A keyset page asks only for
the rows after the last one shown, ordered by a moment and the id, which an index answers
directly; the count stops at COUNT_CAP ("more than 1,000").
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

COUNT_CAP = 1000


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None  # the cursor of the page after this one, if there is one
    is_first: bool
    count: int  # how many rows the list holds, up to COUNT_CAP
    capped: bool  # the list holds more than COUNT_CAP rows

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None


def _cursor_of(row, field: str) -> str:
    return f"{getattr(row, field).isoformat()}~{row.pk}"


def _parse(cursor: str) -> tuple[datetime, int] | None:
    try:
        moment, pk = cursor.rsplit("~", 1)
        return datetime.fromisoformat(moment), int(pk)
    except (ValueError, TypeError):
        return None


def keyset_page(queryset: QuerySet, *, cursor: str | None, size: int, field: str) -> KeysetPage:
    """The page of `queryset` (newest `field` first, then highest id) after `cursor`."""
    ordered = queryset.order_by(f"-{field}", "-pk")
    count = queryset.order_by()[: COUNT_CAP + 1].count()
    position = _parse(cursor) if cursor else None
    if position is not None:
        moment, pk = position
        ordered = ordered.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    rows = list(ordered[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        object_list=rows,
        next_cursor=_cursor_of(rows[-1], field) if has_next else None,
        is_first=position is None,
        count=min(count, COUNT_CAP),
        capped=count > COUNT_CAP,
    )
