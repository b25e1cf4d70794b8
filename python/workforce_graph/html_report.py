"""A report a manager opens in a browser: one self-contained HTML page (inline CSS, charts as inline
PNG images, no script and nothing fetched from a network) saying what the graph holds, how far the
frameworks overlap (n of N items per cell), which professional bodies cover which specialist areas,
what nobody covers, and how much evidence there is by year and topic. Every chart has a sentence
saying what it shows and what it cannot.

``workforce-graph report --html report.html`` (or :func:`write_html`) writes it; ``make run``
writes ``build/report.html`` for the bundled graph. Needs matplotlib (``pip install
workforce-graph[report]``). The file goes through the core's atomic write path.

The body-by-area matrix is ``Graph.coverage_matrix()`` drawn by ``wg.plot.coverage_matrix``.
"""

from __future__ import annotations

import base64
import datetime
import html
import io
import math
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from workforce_graph import report

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from workforce_graph.graph import Graph

__all__ = ["overlap_matrix", "render_html", "write_html"]

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; margin: 2rem auto;
       max-width: 70rem; padding: 0 1rem; color: #1f1f1f; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem;
     border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; }
p.meta { color: #555; margin-top: 0; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.92rem; color: #333; max-width: 55rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #d0d0d0; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.numbers { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
.numbers div { border: 1px solid #d0d0d0; border-radius: 0.4rem; padding: 0.6rem 1rem; min-width: 8rem; }
.numbers b { display: block; font-size: 1.5rem; }
.note { font-size: 0.9rem; color: #555; }
"""


def overlap_matrix(overlap: pd.DataFrame) -> tuple[list[str], list[list[tuple[int, int] | None]]]:
    """From ``Graph.framework_overlap()``: framework codes and, for row A and column B, (n, N): n of
    A's N items mapped to at least one item of B (``None`` on the diagonal). A pair the table
    leaves out (nothing mapped) is (0, N)."""
    sides = [("framework_a_code", "items_a"), ("framework_b_code", "items_b")]
    items: dict[str, int] = {}
    for code, count in sides:
        for name, n in zip(overlap[code].astype(str), overlap[count]):
            items[name] = int(n)
    codes = sorted(items)
    position = {code: i for i, code in enumerate(codes)}
    cells: list[list[tuple[int, int] | None]] = [
        [None if i == j else (0, items[codes[i]]) for j in range(len(codes))] for i in range(len(codes))
    ]
    for row in overlap.itertuples(index=False):
        a, b = position[str(row.framework_a_code)], position[str(row.framework_b_code)]
        cells[a][b] = (int(row.covered_a), int(row.items_a))
        cells[b][a] = (int(row.covered_b), int(row.items_b))
    return codes, cells


def _png(draw: Callable[[Axes], Any], width: float, height: float) -> str:
    """Draws on a new figure (no pyplot state, no display) and returns an ``<img>`` with the PNG."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    ax = figure.add_subplot()
    draw(ax)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    title = html.escape(ax.get_title() or "chart")
    return f'<img alt="{title}" src="data:image/png;base64,{data}">'


def _figure(image: str, caption: str) -> str:
    return f"<figure>{image}<figcaption>{html.escape(caption)}</figcaption></figure>"


def _table(frame: pd.DataFrame, numeric: Sequence[str] = ()) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(frame.columns, row):
            text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
            css = ' class="n"' if column in numeric else ""
            cells.append(f"<td{css}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _draw_overlap(ax: Axes, codes: list[str], cells: list[list[tuple[int, int] | None]]) -> None:
    import matplotlib as mpl
    import numpy as np

    n = len(codes)
    share = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(n):
            cell = cells[i][j]
            if cell is not None and cell[1]:
                share[i, j] = cell[0] / cell[1]
    colours = mpl.colormaps["Blues"].with_extremes(bad="#eeeeee")
    ax.imshow(np.ma.masked_invalid(share), cmap=colours, vmin=0, vmax=1)
    for i in range(n):
        for j in range(n):
            cell = cells[i][j]
            if cell is None:
                continue
            value = share[i, j]
            colour = "white" if not math.isnan(value) and value > 0.55 else "#1f1f1f"
            ax.text(j, i, f"{cell[0]}/{cell[1]}", ha="center", va="center", fontsize=7, color=colour)
    ax.set_xticks(range(n), codes, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(n), codes, fontsize=8)
    ax.set_ylabel("items of this framework (row)")
    ax.set_xlabel("mapped to at least one item of this framework (column)")
    ax.set_title("Framework overlap: n of N items mapped")


def _draw_years(ax: Axes, years: pd.Series, missing: int) -> None:
    counts = years.value_counts().sort_index()
    ax.bar([str(int(y)) for y in counts.index], counts.to_numpy(), color="#4d4d4d")
    ax.set_ylabel("publications")
    ax.set_xlabel("year of publication")
    ax.tick_params(axis="x", labelrotation=60, labelsize=8)
    ax.set_title(f"Publications by year ({missing} without a year not shown)")


def _draw_topics(ax: Axes, topics: pd.Series) -> None:
    counts = topics.value_counts().sort_values()
    ax.barh([str(t)[:45] for t in counts.index], counts.to_numpy(), color="#2b6b9a")
    ax.set_xlabel("publications concerning the topic")
    ax.tick_params(axis="y", labelsize=8)
    ax.set_title("Publications by topic")


def render_html(graph: Graph, *, title: str = "What the workforce graph holds") -> str:
    """The report as one HTML page (a string)."""
    import workforce_graph as wg

    numbers = report.counts(graph)
    schemes = report.by_scheme(graph)
    frameworks = graph.frameworks()
    today = datetime.date.today().isoformat()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        (
            f'<p class="meta">workforce-graph {html.escape(wg.__version__)}, written {today}. Every figure '
            "below is computed from the graph's own data; each fact in it cites its publisher's document.</p>"
        ),
        '<div class="numbers">',
        f"<div><b>{numbers['triples']:,}</b>triples</div>",
        f"<div><b>{numbers['frameworks']}</b>frameworks</div>",
        f"<div><b>{numbers['bodies']}</b>professional bodies</div>",
        f"<div><b>{numbers['publications']}</b>publications</div>",
        "</div>",
        "<h2>Frameworks</h2>",
    ]
    shown = frameworks.assign(
        publisher_label=frameworks["publisher_label"].map(lambda names: "; ".join(map(str, names)))
    ).rename(
        columns={
            "framework_code": "Code",
            "framework_label": "Framework",
            "publisher_label": "Publisher",
            "year": "Year",
            "competencies": "Competencies",
        }
    )
    shown = shown[
        [c for c in ("Code", "Framework", "Publisher", "Year", "Competencies") if c in shown.columns]
    ]
    if "Year" in shown:
        shown = shown.assign(Year=shown["Year"].map(lambda y: "" if pd.isna(y) else str(int(y))))
    parts.append(_table(shown, numeric=("Competencies", "Year")))
    others = schemes[schemes["kind"] != "framework"]
    if len(others):
        parts.append(
            "<p>Not frameworks, and so not counted above: "
            + "; ".join(
                f"{len(others[others['kind'] == kind])} {heading.lower()}"
                for kind, heading in report.SCHEME_KINDS.items()
                if kind != "framework" and (others["kind"] == kind).any()
            )
            + " (such as "
            + html.escape(", ".join(others["scheme_label"].dropna().astype(str).head(6)))
            + ").</p>"
        )

    parts.append("<h2>How far the frameworks overlap</h2>")
    overlap = graph.framework_overlap()
    if len(overlap):
        codes, cells = overlap_matrix(overlap)
        size = 2.5 + 0.55 * len(codes)
        parts.append(
            _figure(
                _png(lambda ax: _draw_overlap(ax, codes, cells), size + 1.5, size),
                "Each cell reads row to column: n of the row framework's N items are mapped, by a curated "
                "crosswalk mapping, to at least one item of the column framework. It shows where the "
                "crosswalks connect frameworks; it cannot show overlap nobody has mapped yet, so an empty cell "
                "means 'not mapped', not 'unrelated'.",
            )
        )
        try:
            import networkx  # noqa: F401
        except ImportError:
            parts.append(
                '<p class="note">Install networkx (workforce-graph[network]) for the overlap network.</p>'
            )
        else:
            parts.append(
                _figure(
                    _png(lambda ax: wg.plot.overlap_network(overlap, ax=ax), 9, 7),
                    "The same mappings as a network: each framework is a circle sized by its number of items, and "
                    "a line joins two frameworks with curated mappings between them, thicker and labelled with "
                    "the number of mapped item pairs. It shows which frameworks the crosswalks tie together; the "
                    "distances come from a layout, not from a measure, and it cannot show unmapped overlap.",
                )
            )
    else:
        parts.append("<p>No curated mappings between frameworks in this graph, so no overlap to show.</p>")

    parts.append("<h2>Which bodies cover which specialist areas</h2>")
    matrix = graph.coverage_matrix()
    if len(matrix) and (matrix["status"] != "not_recorded").any():
        bodies, areas = matrix["body"].nunique(), matrix["area"].nunique()
        parts.append(
            _figure(
                _png(
                    lambda ax: wg.plot.coverage_matrix(matrix, ax=ax), 3 + 0.42 * areas, 2.5 + 0.38 * bodies
                ),
                "Each cell says whether a professional body has an offer (membership grade, registration, "
                "qualification...) that covers a specialist area of the Health Informatics coding frame, directly "
                "or through a broader area; the bottom row counts the bodies per area. It shows which areas have "
                "a route to recognition; it cannot say how good or how widely held those routes are, and a blank "
                "column means no offer in the graph names that area.",
            )
        )
        covered = set(matrix.loc[matrix["status"] != "not_recorded", "area_label"].astype(str))
        uncovered = sorted(set(matrix["area_label"].astype(str)) - covered)
        if uncovered:
            parts.append(f"<p>Specialist areas no offer covers: {html.escape('; '.join(uncovered))}.</p>")
    else:
        parts.append("<p>No offer in this graph covers a specialist area.</p>")

    parts.append("<h2>What no professional body covers</h2>")
    gaps = graph.coverage_gaps(max_bodies=1)
    competencies = gaps[gaps["kind"].astype(str).str.lower() == "competency"] if len(gaps) else gaps
    if len(competencies):
        parts.append(
            _figure(
                _png(lambda ax: wg.plot.coverage_gaps(gaps, top=15, ax=ax), 9, 6),
                "The competencies most needed by roles (bar length: roles needing each, darker: as essential) "
                "that no professional body covers (red) or only one does (orange). It shows where people have "
                "no route to recognition for what their roles ask; it cannot see coverage the graph does not "
                "record, so a body's offer that covers a competency without saying so is counted as a gap.",
            )
        )
    if len(gaps):
        parts.append(
            _figure(
                _png(lambda ax: wg.plot.coverage_summary(gaps, ax=ax), 8, 3.5),
                "How many items of each kind no body covers and how many only one body covers. It counts "
                "items and cannot weigh their importance: one uncovered role may matter more than ten "
                "competencies.",
            )
        )
    else:
        parts.append("<p>Every item is covered by more than one body.</p>")

    parts.append("<h2>Evidence by year and topic</h2>")
    evidence = graph.evidence()
    if len(evidence):
        years = pd.to_numeric(evidence["year"], errors="coerce").dropna()
        missing = len(evidence) - len(years)
        if len(years):
            parts.append(
                _figure(
                    _png(lambda ax: _draw_years(ax, years, missing), 9, 3.5),
                    f"How many of the {len(evidence)} publications appeared each year. It shows how recent the "
                    "evidence is; it cannot show its quality, and a quiet year may mean the evidence list was "
                    "compiled selectively rather than that little was published.",
                )
            )
        topics = evidence["topics"].dropna().astype(str).str.split(" | ", regex=False).explode().str.strip()
        topics = topics[topics != ""]
        if len(topics):
            parts.append(
                _figure(
                    _png(lambda ax: _draw_topics(ax, topics), 9, 1.5 + 0.3 * topics.nunique()),
                    "How many publications concern each topic (a publication with several topics counts once "
                    "for each). It shows where the evidence is concentrated; it cannot show topics the "
                    "graph's vocabulary does not name, which are gaps too.",
                )
            )
    else:
        parts.append("<p>No publications in this graph.</p>")
    parts.append(
        '<p class="note">Made with workforce-graph: <code>workforce-graph report --html FILE</code>. '
        "Tables behind each chart: <code>g.framework_overlap()</code>, "
        "<code>g.coverage_matrix()</code>, <code>g.coverage_gaps(max_bodies=1)</code>, <code>g.evidence()</code>.</p>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(
    graph: Graph, path: str | os.PathLike[str], *, title: str = "What the workforce graph holds"
) -> None:
    """Writes :func:`render_html` to ``path`` (through the atomic write path)."""
    from workforce_graph._core import write_file

    write_file(os.fspath(path), render_html(graph, title=title).encode("utf-8"))
