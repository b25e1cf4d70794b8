"""Excel workbooks for people: one sheet per table, readable headers (``framework_label`` becomes
"Framework label"), bold frozen header row with filters, columns sized to their contents, list
cells joined with "; ", counts as whole numbers and dates as dates. Needs ``openpyxl``
(``pip install workforce-graph[excel]``). Files are written through the core's atomic write path
(``_core.write_file``), like every file the library writes.

>>> import pandas as pd, tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tables.xlsx"
>>> write_excel({"Overlap": pd.DataFrame({"framework_code": ["DDaT"], "mapped": [3]})}, path)
>>> import openpyxl
>>> sheet = openpyxl.load_workbook(path)["Overlap"]
>>> [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
(['Framework code', 'Mapped'], ['DDaT', 3])
"""

from __future__ import annotations

import datetime
import io
import math
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["readable_header", "rows_workbook", "workbook_bytes", "write_excel"]

#: Words kept as written (or written so) in readable headers.
_WORDS = {"iri": "IRI", "iris": "IRIs", "id": "ID", "cpd": "CPD", "url": "URL", "nhs": "NHS"}


def readable_header(name: str) -> str:
    """``framework_label`` → ``Framework label``; ``item_iri`` → ``Item IRI``.

    >>> readable_header("max_bodies"), readable_header("Already readable")
    ('Max bodies', 'Already readable')
    """
    if not re.fullmatch(r"[a-z0-9_]+", name):
        return name
    words = [_WORDS.get(word, word) for word in name.split("_") if word]
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else name


def _cell(value: Any) -> Any:
    """A value as a spreadsheet cell: lists joined, missing values empty, numpy scalars plain."""
    if value is None:
        return None
    if isinstance(value, (list, tuple, set)) or type(value).__name__ == "ndarray":
        return "; ".join(str(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()  # numpy scalar
    if isinstance(value, (str, int, float, bool, datetime.date, datetime.datetime)):
        return value
    return str(value)


def _sheet_name(name: str, taken: set[str]) -> str:
    """An Excel sheet name: no ``[]:*?/\\``, at most 31 characters, unique."""
    base = re.sub(r"[\[\]:*?/\\]", " ", str(name)).strip()[:31] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.lower())
    return candidate


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError("writing Excel files needs openpyxl: pip install workforce-graph[excel]") from error
    return openpyxl


def _add_sheet(book: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append([readable_header(str(name)) for name in header])
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    if header:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"
    for position, name in enumerate(header, start=1):
        values = [readable_header(str(name))] + [row[position - 1] for row in rows[:500]]
        width = max((len(str(_cell(v))) for v in values if _cell(v) is not None), default=8)
        sheet.column_dimensions[get_column_letter(position)].width = min(60, max(8, width + 2))
    for position, name in enumerate(header, start=1):
        # Dates as dates, not as text or as a number of days.
        if rows and all(
            isinstance(row[position - 1], datetime.date) or row[position - 1] is None for row in rows
        ):
            for cells in sheet.iter_rows(min_row=2, min_col=position, max_col=position):
                for cell in cells:
                    cell.number_format = "yyyy-mm-dd"


def workbook_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per table, as bytes."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for name, frame in sheets.items():
        rows = [list(row) for row in frame.itertuples(index=False, name=None)]
        _add_sheet(book, _sheet_name(name, taken), [str(c) for c in frame.columns], rows)
    if not sheets:
        book.create_sheet("Empty")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rows_workbook(sheet: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """A one-sheet workbook from a header and rows of text (``Graph.export(..., "x.xlsx")``).
    Whole numbers stay numbers (a rank of ``"3"`` is written as 3)."""

    def value(text: Any) -> Any:
        if isinstance(text, str) and re.fullmatch(r"-?(0|[1-9][0-9]{0,14})", text):
            return int(text)
        return text if text != "" else None

    return workbook_bytes(
        {sheet: pd.DataFrame([[value(v) for v in row] for row in rows], columns=list(header))}
    )


def write_excel(sheets: Mapping[str, pd.DataFrame], path: str | os.PathLike[str]) -> None:
    """Writes tables to an .xlsx file, one sheet each (through the atomic write path)."""
    from workforce_graph._core import write_file

    write_file(os.fspath(path), workbook_bytes(sheets))
