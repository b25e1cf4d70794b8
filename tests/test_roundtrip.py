"""Property: a framework imported from a table, exported (CSV, Turtle, JSON-LD) and imported into a
fresh graph gives the same graph, whatever its ids, labels (commas, quotes, new lines, any script),
hierarchy and related links."""

from __future__ import annotations

import csv
import hashlib
import tempfile
from pathlib import Path

import workforce_graph as wg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SOURCE = "https://example.org/frameworks/generated.csv"
ARGS = {"framework": "Generated", "publisher": "Example Body", "source": SOURCE, "progress": False}
COLUMNS = {"id": "id", "label": "label", "definition": "definition", "parent": "parent", "related": "related"}

TEXT_CHARACTERS = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc")),
    st.sampled_from([",", '"', "\n", ";", "\t", "'", "|", " "]),
)
ID_CHARACTERS = st.one_of(
    st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="|"),
    st.sampled_from([",", '"', "/", "#", "%", ".", "-", " "]),
)


def _clean(text: str) -> str:
    return text.strip()


ids = st.text(ID_CHARACTERS, min_size=1, max_size=12).map(_clean).filter(bool)
labels = st.text(TEXT_CHARACTERS, min_size=1, max_size=40).map(_clean).filter(bool)


@st.composite
def frameworks(draw: st.DrawFn) -> list[dict[str, str]]:
    """Rows of a competency table: unique ids, a tree of parents, related links."""
    item_ids = draw(st.lists(ids, min_size=1, max_size=12, unique=True))
    rows = []
    for position, item_id in enumerate(item_ids):
        parent = draw(st.one_of(st.none(), st.sampled_from(item_ids[:position]))) if position else None
        others = [other for other in item_ids if other != item_id]
        related = draw(st.lists(st.sampled_from(others), unique=True, max_size=3)) if others else []
        rows.append(
            {
                "id": item_id,
                "label": draw(labels),
                "definition": draw(st.one_of(st.just(""), labels)),
                "parent": parent or "",
                "related": "|".join(related),
            }
        )
    return draw(st.permutations(rows))


def _nquads(g: wg.Graph, folder: Path) -> list[str]:
    path = folder / "dump.nq"
    g.save(path, format="n-quads")
    return sorted(path.read_text(encoding="utf-8").splitlines())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_import_export_import_gives_the_same_graph(rows: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        table = folder / "framework.csv"
        with table.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
        original = wg.Graph(bundled=False)
        report = original.import_table(table, **COLUMNS, **ARGS)  # type: ignore[arg-type]
        assert report["added"]["competencies"] == len(rows)
        expected = _nquads(original, folder)

        assert original.export("Generated", folder / "out.csv") == len(rows)
        from_csv = wg.Graph(bundled=False)
        from_csv.import_table(folder / "out.csv", **COLUMNS, **ARGS)  # type: ignore[arg-type]
        assert _nquads(from_csv, folder) == expected

        for name in ["out.ttl", "out.jsonld"]:
            original.export("Generated", folder / name)
            from_rdf = wg.Graph(bundled=False)
            from_rdf.load(folder / name)
            assert _nquads(from_rdf, folder) == expected, name

        # The table the user gave is what comes back, up to row order.
        with (folder / "out.csv").open(encoding="utf-8", newline="") as handle:
            exported = list(csv.DictReader(handle))
        normalise = [
            {**row, "related": "|".join(sorted(filter(None, row["related"].split("|"))))} for row in rows
        ]
        key = hashlib.sha256
        assert sorted(exported, key=lambda r: key(r["id"].encode()).hexdigest()) == sorted(
            normalise, key=lambda r: key(r["id"].encode()).hexdigest()
        )
