"""Rows a user hands the facade: a pandas or polars DataFrame, or an iterable of mappings (dicts),
read as plain dicts with a table's gaps left out, so the native methods take plain typed values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["records", "text_cell"]


def records(rows: Any, what: str) -> list[dict[Any, Any]]:
    """``rows`` as one dict per row, without the keys whose value is missing: ``None``, NaN, or
    pandas' ``NA`` and ``NaT`` (a DataFrame's gap in a float, nullable or date column), so that
    "no value" reads the same whichever way the table was made.

    :param rows: a pandas or polars DataFrame, or an iterable of mappings.
    :param what: the call the rows are for, to name it in an error.
    :raises TypeError: if ``rows`` is not a table or an iterable of mappings, naming the first
        row that is not a mapping.

    >>> records([{"a": 1, "b": float("nan")}, {"a": None, "b": "x"}], "f()")
    [{'a': 1}, {'b': 'x'}]
    """
    if isinstance(rows, str | bytes | Mapping):
        raise TypeError(f"{what} takes a DataFrame or a list of dicts, not a {type(rows).__name__}")
    if hasattr(rows, "to_dicts"):  # polars
        given = rows.to_dicts()
    elif isinstance(rows, pd.DataFrame):
        given = rows.to_dict("records")
    else:
        try:
            given = list(rows)
        except TypeError:
            raise TypeError(
                f"{what} takes a DataFrame or a list of dicts, not a {type(rows).__name__}"
            ) from None
    read = []
    for index, row in enumerate(given):
        if not isinstance(row, Mapping):
            raise TypeError(f"{what}: row {index} is a {type(row).__name__}, not a mapping (dict)")
        read.append({key: value for key, value in row.items() if not _missing(value)})
    return read


def text_cell(value: Any, expected: str) -> str | None:
    """A cell of a user's table that should be text: the text, or ``None`` for no value (``None``,
    NaN, pandas' ``NA`` and ``NaT``, as :func:`records` leaves out).

    :param expected: what the text is, for the error (``"a job title"``).
    :raises TypeError: for any other value.

    >>> text_cell("BI", "a code name"), text_cell(float("nan"), "a code name")
    ('BI', None)
    """
    if isinstance(value, str):
        return value
    if value is None or _missing(value):
        return None
    raise TypeError(f"expected {expected} (text), got {value!r}")


def _missing(value: Any) -> bool:
    # `pd.isna` answers a scalar with a bool (a list or array with one per item: those are values).
    return pd.api.types.is_scalar(value) and bool(pd.isna(value))
