"""Every table the library returns follows the table convention (README, "Tables";
``workforce_graph._tables``). The public methods of ``Graph`` are found by introspection: a new
method must either appear in CALLS (and so be checked) or in NOT_TABLES, or this test fails.
"""

from __future__ import annotations

import datetime
import inspect
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest
import workforce_graph as wg

TARGET = "https://w3id.org/workforce-graph/id/ddat/role/data-scientist/level/data-scientist"
MOVES = pd.DataFrame(
    {
        "from_area": ["BI"],
        "to_area": ["Data Warehousing"],
        "from_level": ["Standard Role"],
        "to_level": ["Manager"],
    }
)

# How to call every public method that returns tables (a DataFrame, or an object holding some).
CALLS: dict[str, Callable[[wg.Graph], Any]] = {
    "frameworks": lambda g: g.frameworks(),
    "competencies": lambda g: g.competencies(),
    "roles": lambda g: g.roles(),
    "role_levels": lambda g: g.role_levels(),
    "requirements": lambda g: g.requirements(),
    "professional_bodies": lambda g: g.professional_bodies(),
    "offers": lambda g: g.offers(),
    "coding_frame": lambda g: g.coding_frame(),
    "evidence": lambda g: g.evidence(),
    "statistics": lambda g: g.statistics(),
    "mappings": lambda g: g.mappings(),
    "validate": lambda g: g.validate(),
    "framework_overlap": lambda g: g.framework_overlap(["DDaT", "NCF", "PKSB"]),
    "crosswalk": lambda g: g.crosswalk("NCF", "DDaT"),
    "suggest_mappings": lambda g: g.suggest_mappings("PKSB", "DDaT", min_score=0.3),
    "mapping_quality": lambda g: g.mapping_quality([0.4]),
    "framework_gaps": lambda g: g.framework_gaps("PKSB", "DDaT"),
    "role_overlap": lambda g: g.role_overlap(min_shared=5, framework="DDaT"),
    "similar_roles": lambda g: g.similar_roles("Data analyst", k=5),
    "skill_gap": lambda g: g.skill_gap("Data analyst", TARGET),
    "next_roles": lambda g: g.next_roles("Data analyst", k=3),
    "coverage_gaps": lambda g: g.coverage_gaps(max_bodies=1),
    "evidence_gaps": lambda g: g.evidence_gaps(since=2020, include_covered=True),
    "career_moves": lambda g: g.career_moves(MOVES),
    "code_job_titles": lambda g: g.code_job_titles(["Senior BI Developer", "Astronaut", "Head of IG"]),
    "coverage_matrix": lambda g: g.coverage_matrix("area"),
    "schemes": lambda g: g.schemes(),
    "search": lambda g: g.search("information governance"),
}
# Public methods and properties that return no table.
NOT_TABLES = {
    "open",
    "close",
    "closed",
    "path",
    "load",
    "save",
    "query",
    "update",
    "named_graphs",
    "import_ddat",
    "import_esco",
    "import_case",
    "export_case",
    "import_sssom",
    "export_sssom",
    "accept_mappings",
    "import_table",
    "export",
    "copy",
    "import_sfia",
    "connect",
    "pull",
    "push",
}
CATEGORICAL = {"kind", "status", "step", "axis", "severity", "requirement_type"}
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
# Float columns whose values may all happen to be whole numbers (shares, scores, positions).
MEASURES = (
    "score",
    "share",
    "normalised",
    "confidence",
    "precision",
    "recall",
    "f1",
    "similarity",
    "transfer",
    "seniority",
    "strength",
    "value",
    "level",
    "weight",
)


def _public(graph: wg.Graph) -> set[str]:
    return {name for name in dir(type(graph)) if not name.startswith("_")}


def test_every_public_method_is_walked_or_declared_not_a_table(bundled: wg.Graph) -> None:
    unknown = _public(bundled) - set(CALLS) - NOT_TABLES
    assert not unknown, f"add these methods to CALLS (tables) or NOT_TABLES: {sorted(unknown)}"
    assert not (set(CALLS) | NOT_TABLES) - _public(bundled), "listed methods that no longer exist"


# Count matrices (rows and columns are codes' labels), not tables.
MATRICES = {("career_moves", "areas"), ("career_moves", "seniority")}


def _frames(name: str, result: Any) -> list[tuple[str, pd.DataFrame]]:
    if isinstance(result, pd.DataFrame):
        return [(name, result)]
    frames = [
        (f"{name}.{attr}", value)
        for attr, value in vars(result).items()
        if isinstance(value, pd.DataFrame) and (name, attr) not in MATRICES
    ]
    assert frames, f"{name} returned {type(result).__name__}, holding no DataFrame"
    return frames


def _is_iri(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith(("http://", "https://", "urn:", "_:")))


def _cells(column: pd.Series) -> list[Any]:
    return [v for v in column if not (v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA)]


def convention_problems(frame: pd.DataFrame) -> list[str]:
    problems = []
    columns = list(frame.columns)
    for column in columns:
        if not SNAKE.match(str(column)):
            problems.append(f"{column!r} is not a snake_case name")
    for column in columns:
        for suffix in ("_label", "_code"):
            if str(column).endswith(suffix):
                stem = str(column)[: -len(suffix)]
                if stem not in frame.columns:
                    problems.append(f"{column!r} has no {stem!r} column beside it")
                    continue
                values = _cells(frame[stem])
                flat = [v for cell in values for v in (cell if isinstance(cell, list) else [cell])]
                bad = [v for v in flat if not _is_iri(v)]
                if bad:
                    problems.append(f"{stem!r} (beside {column!r}) holds non-IRIs such as {bad[0]!r}")
    for column in columns:
        values = _cells(frame[column])
        if any(isinstance(v, str) and " | " in v for v in values):
            problems.append(f"{column!r} joins several values with ' | ' instead of a list")
        ints = values and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in values
        )
        if ints and str(frame[column].dtype) not in {"int64", "Int64"}:
            problems.append(f"{column!r} holds whole numbers as {frame[column].dtype}, not int64")
        if (
            frame[column].dtype == "float64"
            and values
            and all(float(v).is_integer() for v in values)
            and not any(m in str(column) for m in MEASURES)
            and frame[column].isna().any()
        ):
            problems.append(f"{column!r} holds whole numbers with gaps as float64, not Int64")
        if column in CATEGORICAL or str(column).endswith("_kind"):
            odd = sorted({v for v in values if not (isinstance(v, str) and SNAKE.match(v))}, key=str)
            if odd:
                problems.append(f"{column!r} has values outside the snake_case vocabulary: {odd[:5]}")
        if column == "date" or str(column).endswith("_date") and column != "reference_date":
            odd = [v for v in values if not isinstance(v, (datetime.date, pd.Timestamp))]
            if odd:
                problems.append(f"{column!r} holds {type(odd[0]).__name__} values, not dates")
    return problems


# Methods whose tables or docstrings do not follow the convention yet: strict, so an entry fails
# once its method passes and must then be removed.
PENDING = "does not follow the table convention yet"
PENDING_TABLES: set[str] = set()
PENDING_DOCS: set[str] = set()


def _params(pending: set[str]) -> list[Any]:
    return [
        pytest.param(m, marks=pytest.mark.xfail(reason=PENDING, strict=True)) if m in pending else m
        for m in sorted(CALLS)
    ]


@pytest.mark.parametrize("method", _params(PENDING_TABLES))
def test_tables_follow_the_convention(bundled: wg.Graph, method: str) -> None:
    graph = wg.Graph()  # some calls change nothing, but keep the shared graph untouched anyway
    for name, frame in _frames(method, CALLS[method](graph)):
        assert len(frame.columns) > 0, name
        problems = convention_problems(frame)
        assert not problems, f"{name}: " + "; ".join(problems)


@pytest.mark.parametrize("method", _params(PENDING_DOCS))
def test_docstrings_name_the_columns(bundled: wg.Graph, method: str) -> None:
    doc = inspect.getdoc(getattr(wg.Graph, method)) or ""
    for name, frame in _frames(method, CALLS[method](bundled)):
        missing = [c for c in frame.columns if f"``{c}``" not in doc and not _documented_by_pattern(c, doc)]
        assert not missing, f"{name}: help() does not explain the columns {missing}"


def _documented_by_pattern(column: str, doc: str) -> bool:
    """``x_label`` and ``x_code`` are explained by the convention once ``x`` is."""
    for suffix in ("_label", "_code"):
        if column.endswith(suffix) and f"``{column[: -len(suffix)]}``" in doc:
            return True
    return False


def test_the_checker_catches_what_it_should() -> None:
    bad = pd.DataFrame(
        {
            "name": ["x"],
            "thing_label": ["y"],
            "covers": ["a | b"],
            "kind": ["SpecialistArea"],
            "date": ["2020-01"],
            "Count": [1],
            "rank": pd.Series([1.0], dtype="float64").reindex([0, 1]).iloc[:1],
        }
    )
    problems = " ".join(convention_problems(bad))
    for expected in [
        "'Count' is not a snake_case",
        "'thing_label' has no 'thing'",
        "' | '",
        "snake_case vocabulary",
        "not dates",
    ]:
        assert expected in problems, expected
    assert "float64" in " ".join(convention_problems(pd.DataFrame({"year": [2020.0, np.nan]})))
    assert (
        convention_problems(pd.DataFrame({"role": ["https://x/r"], "role_label": ["R"], "levels": [2]})) == []
    )


@pytest.mark.parametrize(
    ("make", "counts", "reals"),
    [
        (lambda g: g.framework_overlap(), {"items_a", "curated_pairs", "covered_b"}, {"share_a", "score"}),
        (lambda g: g.framework_overlap(method="both"), {"suggested_pairs", "matched_pairs"}, {"score"}),
        (lambda g: g.coverage_matrix("framework"), {"covered_items", "items"}, set()),
    ],
)
def test_declared_column_types_hold_in_an_empty_table(
    make: Callable[[wg.Graph], pd.DataFrame], counts: set[str], reals: set[str]
) -> None:
    """The core declares what each column of these tables holds (``table::Column``): counts stay
    ``int64`` and shares ``float64`` when no row says so."""
    table = make(wg.Graph(bundled=False))
    assert len(table) == 0
    assert {name: str(table[name].dtype) for name in counts} == dict.fromkeys(counts, "int64")
    assert {name: str(table[name].dtype) for name in reals} == dict.fromkeys(reals, "float64")


@pytest.mark.parametrize(
    ("make", "dtypes"),
    [
        (
            lambda g: g.coverage_gaps(),
            {"item": "object", "bodies": "int64", "frameworks_label": "object", "all_roles": "int64"},
        ),
        (
            lambda g: g.evidence_gaps(),
            {"label": "object", "publications": "int64", "own_year": "Int64", "evidence": "object"},
        ),
        (
            lambda g: g.search("data"),
            {"item": "object", "score": "float64", "matched": "object"},
        ),
    ],
)
def test_every_declared_type_holds_in_an_empty_table(
    make: Callable[[wg.Graph], pd.DataFrame], dtypes: dict[str, str]
) -> None:
    """Each kind of column the core declares (``table::Field``) keeps its dtype without rows:
    counts ``int64``, whole numbers that may be missing ``Int64``, reals ``float64``, text and
    lists ``object``."""
    table = make(wg.Graph(bundled=False))
    assert len(table) == 0
    assert {name: str(table[name].dtype) for name in dtypes} == dtypes


def test_analysis_frames_keep_text_lists_flags_and_missing_values(bundled: wg.Graph) -> None:
    """Through Arrow, an analysis's cells are what the convention says: list cells are Python
    lists, a flag that cannot be told is None, a missing whole number is NA, and text columns
    long enough to stay in Arrow read the same as short ones."""
    moves = pd.DataFrame({"from_area": ["BI", "IG"], "to_area": ["BI", None]})
    coded = bundled.career_moves(moves).moves
    assert coded["same_area"].tolist() == [True, None]
    assert str(coded["seniority_change"].dtype) == "Int64"
    gaps = bundled.coverage_gaps(max_bodies=100)
    assert len(gaps) > 64
    assert all(type(cell) is list for cell in gaps["frameworks"])
    few = bundled.search("data", k=3)
    assert len(few) <= 64
    assert gaps["item"].dtype == few["item"].dtype
    assert all(type(cell) is str for cell in gaps["item"])


def test_an_analysis_frame_is_built_from_its_declared_arrays() -> None:
    """``_tables.analysis_frame`` on any Arrow stream of the declared types: lists of one length
    stay lists (not a second dimension), a ``date`` column's text becomes dates (missing stays
    None), a whole number that may be missing is ``Int64``, the rows take a given index of their
    length and refuse another, and each frame has its own column labels (they are made once per
    list of names)."""
    import pyarrow as pa
    from workforce_graph import _tables

    schema = pa.schema(
        [
            pa.field("role", pa.string()),
            pa.field("skills", pa.list_(pa.string()), nullable=False),
            pa.field("date", pa.string()),
            pa.field("shared", pa.int64(), nullable=False),
            pa.field("year", pa.int64()),
            pa.field("known", pa.bool_()),
        ]
    )
    table = pa.table(
        [
            ["a", None],
            [["x", "y"], ["z", "w"]],
            ["2024-01-02", None],
            [3, 4],
            [2020, None],
            [True, None],
        ],
        schema=schema,
    )
    out = _tables.analysis_frame(table)
    assert out["role"].tolist()[0] == "a" and pd.isna(out["role"].iloc[1])
    assert [type(cell) for cell in out["skills"]] == [list, list]
    assert out["skills"].tolist() == [["x", "y"], ["z", "w"]]
    assert out["date"].tolist() == [datetime.date(2024, 1, 2), None]
    assert {name: str(out[name].dtype) for name in ["shared", "year", "known"]} == {
        "shared": "int64",
        "year": "Int64",
        "known": "object",
    }
    assert out["known"].tolist() == [True, None]
    assert out.index.equals(pd.RangeIndex(2))

    out.columns.name = "renamed"
    again = _tables.analysis_frame(table, index=pd.Index(["p", "q"]))
    assert again.columns.name is None
    assert again.index.tolist() == ["p", "q"]
    with pytest.raises(ValueError, match="an index of 1 labels for a table of 2 rows"):
        _tables.analysis_frame(table, index=["only"])


@pytest.mark.parametrize("collector_was_enabled", [True, False])
def test_list_cells_are_made_without_garbage_collections(collector_was_enabled: bool) -> None:
    """Making a table's list cells starts no cyclic garbage collection of the older generations
    (whose cost grows with everything the process holds), through Arrow and through the
    ready-made tables' joined pairs alike; afterwards the collector is as the caller left it."""
    import gc

    import pyarrow as pa
    from workforce_graph import _tables

    rows = 20_000  # about thirty times the collector's young threshold (700 new objects)
    lists = pa.table(
        [pa.array([[f"s{i}", "t"] for i in range(rows)], type=pa.list_(pa.string()))],
        schema=pa.schema([pa.field("skills", pa.list_(pa.string()), nullable=False)]),
    )
    pairs = {"skills__pairs": [f"s{i}\x1fS\x1et\x1fT" for i in range(rows)]}
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    # A full collection first sets every generation's count to zero, so the one young collection
    # after each conversion cannot tip into an older generation because of earlier tests.
    gc.collect()
    if not collector_was_enabled:
        gc.disable()
    gc.callbacks.append(count)
    try:
        through_arrow = _tables.analysis_frame(lists)
        through_pairs = _tables.frame(pairs)
        assert gc.isenabled() is collector_was_enabled
    finally:
        gc.callbacks.remove(count)
        gc.enable()
    # Once it runs again, one young-generation collection takes each conversion's new cells in a
    # single pass; left running, the collector started over a hundred, older generations among them.
    assert len(collections) <= 2 and set(collections) <= {0}, collections
    assert through_arrow["skills"].iloc[-1] == [f"s{rows - 1}", "t"]
    assert through_pairs["skills"].iloc[-1] == ["s19999", "t"]
    assert through_pairs["skills_label"].iloc[-1] == ["S", "T"]
