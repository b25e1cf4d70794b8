"""Career-move results (see :meth:`workforce_graph.Graph.career_moves`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas

from workforce_graph import _rows

#: The columns of a moves table, by default: (from area, to area, from level, to level).
MOVE_COLUMNS = ("from_area", "to_area", "from_level", "to_level")

#: A move as the native engine takes it: the four names, each text or ``None`` (no value).
Move = tuple[str | None, str | None, str | None, str | None]


def read_moves(moves: Any, columns: Sequence[str] | None = None) -> list[Move]:
    """The moves of a pandas or polars DataFrame or of an iterable of mappings, as tuples of the
    four ``columns`` (:data:`MOVE_COLUMNS` by default). A DataFrame must have the columns of at
    least one axis (both areas or both levels); a cell with no value (``None``, NaN, ``NA``,
    ``NaT``) or a column the rows lack reads as ``None``.

    :raises ValueError: if a DataFrame lacks the columns of both axes, or one of each.
    :raises TypeError: for a cell that is not text, naming its row and column, or a row that is
        not a mapping.

    >>> read_moves([{"from_area": "BI", "to_area": float("nan"), "to_level": "Manager"}])
    [('BI', None, None, 'Manager')]
    """
    names = MOVE_COLUMNS if columns is None else tuple(columns)
    if len(names) != 4 or not all(isinstance(name, str) for name in names):
        raise TypeError(f"columns must be four column names, not {columns!r}")
    if hasattr(moves, "columns"):  # pandas or polars
        present = [str(column) for column in moves.columns]
        missing = [name for name in names if name not in present]
        # Both columns of one axis may be absent (only the other axis is counted), not one of each.
        if len(missing) == 4 or len(missing) == 2 and ((names[0] in missing) != (names[1] in missing)):
            raise ValueError(
                f"the moves table needs the columns {json.dumps(list(names))} (or both of one axis); "
                f"missing {json.dumps(missing)}, present {json.dumps(present)}"
            )
    return [
        (
            _code_name(row, index, names[0]),
            _code_name(row, index, names[1]),
            _code_name(row, index, names[2]),
            _code_name(row, index, names[3]),
        )
        for index, row in enumerate(_rows.records(moves, "career_moves()"))
    ]


def _code_name(row: dict[Any, Any], index: int, column: str) -> str | None:
    try:
        return _rows.text_cell(row.get(column), "a code name")
    except TypeError as error:
        raise TypeError(f"career_moves(): row {index}, column {column!r}: {error}") from None


@dataclass(frozen=True)
class CareerMoves:
    """Moves between jobs counted on a coding frame.

    ``areas`` and ``seniority`` are square count matrices (rows ``from``, columns ``to``, in the
    frame's order) ready for :func:`workforce_graph.plot.career_heatmap`; ``moves`` is the input
    with each name resolved to its code's IRI; ``summary`` counts moves by kind.
    """

    areas: pandas.DataFrame
    seniority: pandas.DataFrame
    within_area_share: float | None
    summary: dict[str, int] = field(default_factory=dict)
    moves: pandas.DataFrame | None = None

    def _repr_html_(self) -> str:
        share = "n/a" if self.within_area_share is None else f"{self.within_area_share:.0%}"
        return (
            f"<p><b>{self.summary.get('moves', 0)} moves</b>; {share} of those coded on both areas stay "
            f"within an area; {self.summary.get('up', 0)} up, {self.summary.get('same_level', 0)} level, "
            f"{self.summary.get('down', 0)} down in seniority.</p>" + str(self.areas._repr_html_())
        )


def count_matrix(labels: Sequence[str], counts: Sequence[Sequence[int]]) -> pandas.DataFrame:
    """A square count matrix: rows ``from`` and columns ``to`` named by the codes' labels, one
    row of counts per code (``int64``, also when empty).

    >>> count_matrix(["BI", "IG"], [[1, 0], [2, 3]]).loc["IG", "BI"]
    np.int64(2)
    """
    return pandas.DataFrame(
        list(counts),
        index=pandas.Index(list(labels), name="from"),
        columns=pandas.Index(list(labels), name="to"),
        dtype="int64",
    )
