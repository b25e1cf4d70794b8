"""Career-move results (see :meth:`workforce_graph.Graph.career_moves`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas


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
