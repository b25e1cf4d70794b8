"""The table convention every DataFrame of workforce-graph follows, and the finishing step that
brings the ready-made tables (``ontology/api/*.rq``) to it.

The convention
--------------
- ``x`` holds an IRI; ``x_label`` is its preferred label and ``x_code`` its code
  (``skos:notation``) where one exists. A ``x_label`` or ``x_code`` column always sits beside
  its ``x``.
- Several values are a list column (a Python list in each cell, never text joined by ``" | "``).
  A list of IRIs ``xs`` has its labels in ``xs_label``, in the same order.
- Counts and other whole numbers are ``int64`` (nullable ``Int64`` where a value can be missing,
  such as a year or a rank); shares, scores and 0-1 positions are ``float64``.
- Categorical columns (``kind``, ``status``, ``step``, ``axis``, ``severity``,
  ``requirement_type``) take snake_case values from one vocabulary shared by every table
  (``competency``, ``competency_area``, ``specialist_area``, ``role``, ``role_level``,
  ``gain``, ``partly_met``, ``promotion``, ``step_up``, ...).
- A column named ``date`` or ``*_date`` holds dates (``datetime.date``); a date published only
  as a year or a month is text in a column that says so (``issued``, ``reference_date``), with the
  year as an integer in ``year``.
- ``source`` is the IRI of the document a fact comes from.

Each method's docstring lists its columns and what they mean.
"""

from __future__ import annotations

import datetime
from typing import Any

import pandas as pd

__all__ = ["finish"]

_ITEM = "\x1e"
_PAIR = "\x1f"
PAIRS = "__pairs"
LIST = "__list"


def _split(cell: Any) -> list[str]:
    if not isinstance(cell, str) or not cell:
        return []
    return [part for part in cell.split(_ITEM) if part]


def _pairs(cell: Any) -> tuple[list[str], list[str | None]]:
    pairs = []
    for part in _split(cell):
        iri, _, label = part.partition(_PAIR)
        if not iri:
            # A pair built from an unbound IRI: a store that concatenates errors as empty text
            # (Virtuoso 7 does) sends it for a group with no values; there is no item to list.
            continue
        pairs.append((label or None, iri))
    pairs.sort(key=lambda p: ((p[0] or p[1]).lower(), p[1]))
    return [iri for _, iri in pairs], [label for label, _ in pairs]


def finish(df: pd.DataFrame) -> pd.DataFrame:
    """Brings a ready-made table's raw columns to the convention: ``x__pairs`` (``iri<US>label``
    items joined by ``<RS>``) becomes the list columns ``x`` and ``x_label``; ``x__list`` the list
    column ``x`` (sorted); whole-number float columns (integers with gaps) become ``Int64``.
    """
    columns: dict[str, Any] = {}
    for name in df.columns:
        values = df[name]
        if name.endswith(PAIRS):
            base = name[: -len(PAIRS)]
            split = [_pairs(cell) for cell in values]
            columns[base] = pd.Series([iris for iris, _ in split], index=df.index, dtype=object)
            columns[f"{base}_label"] = pd.Series(
                [labels for _, labels in split], index=df.index, dtype=object
            )
        elif name.endswith(LIST):
            columns[name[: -len(LIST)]] = pd.Series(
                [sorted(_split(cell), key=str.lower) for cell in values], index=df.index, dtype=object
            )
        else:
            columns[name] = values
    out = pd.DataFrame(columns, index=df.index)
    for name in out.columns:
        column = out[name]
        if (name == "date" or name.endswith("_date")) and any(isinstance(v, str) for v in column):
            out[name] = pd.Series([_date(v) for v in column], index=out.index, dtype=object)
            continue
        if column.dtype == "float64" and column.isna().any():
            present = column.dropna()
            if len(present) and (present == present.round()).all() and _whole_number_column(name):
                out[name] = column.astype("Int64")
    return out


def _date(value: Any) -> Any:
    """An ISO date text as a ``datetime.date`` (anything else unchanged)."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value


def _whole_number_column(name: str) -> bool:
    """Columns that hold whole numbers by their meaning (a year, a rank, a position, a count)."""
    return name in {"year", "founded", "dissolved", "rank", "list_position"} or name.endswith(
        ("_rank", "_year")
    )
