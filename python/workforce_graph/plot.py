"""Static charts of the graph's analyses, drawn straight from the DataFrames they return.

Each function takes the DataFrame, an optional matplotlib ``ax`` to draw on (a new figure is made
otherwise) and an optional ``title``, and returns the :class:`matplotlib.axes.Axes` it drew on.
matplotlib is imported only when a chart is drawn (``pip install workforce-graph[plot]``), so
``import workforce_graph`` does not need it.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import workforce_graph as wg
>>> g = wg.Graph()
>>> ax = wg.plot.overlap_heatmap(g.framework_overlap(["DDaT", "NCF", "FCI-CCF"]))
>>> ax.get_title()
'Items mapped between frameworks (curated mappings)'
>>> sorted(label.get_text() for label in ax.get_xticklabels())
['DDaT', 'FCI-CCF', 'NCF']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes

__all__ = [
    "career_heatmap",
    "coverage_gaps",
    "coverage_matrix",
    "coverage_summary",
    "overlap_graph",
    "overlap_heatmap",
    "overlap_network",
    "skill_gap",
]

OverlapValue = Literal["share", "score"]
Normalise = Literal["row", "all"]

# Colours chosen to stay distinguishable in greyscale print and for common colour blindness.
_NO_BODY = "#b2182b"
_ONE_BODY = "#ef8a62"
_MORE_BODIES = "#4d4d4d"
_NOT_RECORDED = "#bdbdbd"
_VIA_BROADER = "#fddbc7"
_GAIN = "#b2182b"
_RAISE = "#ef8a62"
_PARTLY = "#fdb863"
_MET = "#1a9850"
_CURRENT = "#7f7f7f"
_DIAGONAL = "#e0e0e0"


def _require(df: object, columns: Iterable[str], function: str) -> pd.DataFrame:
    """``df`` as a DataFrame holding ``columns``; otherwise a ValueError naming what is missing."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{function}() needs a pandas DataFrame, got {type(df).__name__}")
    missing = [column for column in columns if column not in df.columns]
    if missing:
        raise ValueError(
            f"{function}() needs the column(s) {', '.join(repr(c) for c in missing)}; "
            f"the DataFrame has {', '.join(repr(c) for c in df.columns) or 'none'}"
        )
    return df


def _new_axes(ax: Axes | None, width: float, height: float) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, created = plt.subplots(figsize=(width, height), layout="constrained")
    return created


def _shorten(text: object, limit: int = 48) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _percent(value: float) -> str:
    """A share as a whole percentage, never rounding a small non-zero share down to 0%."""
    if 0 < value < 0.005:
        return "<1%"
    if 0.995 < value < 1:
        return ">99%"
    return f"{value:.0%}"


def _annotate_grid(
    ax: Axes, values: Sequence[Sequence[float]], labels: Sequence[Sequence[str]], vmax: float
) -> None:
    """Writes each label in its cell, white on dark cells so it stays readable."""
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if labels[i][j]:
                dark = vmax > 0 and value / vmax > 0.6
                colour = "white" if dark else "black" if value else "#9a9a9a"  # zeros recede
                ax.text(j, i, labels[i][j], ha="center", va="center", fontsize="small", color=colour)


def _ticks(ax: Axes, names: Sequence[str], rotate: bool) -> None:
    positions = range(len(names))
    ax.set_xticks(
        positions,
        [_shorten(n, 34) for n in names],
        rotation=45 if rotate else 0,
        ha="right" if rotate else "center",
        rotation_mode="anchor",
    )
    ax.set_yticks(positions, [_shorten(n, 34) for n in names])


def overlap_heatmap(
    df: pd.DataFrame,
    value: OverlapValue = "share",
    *,
    ax: Axes | None = None,
    title: str | None = None,
    cmap: str = "Blues",
) -> Axes:
    """A framework × framework heatmap of :meth:`Graph.framework_overlap`, one annotated cell per pair.

    :param df: the overlap table (columns ``framework_a_code``, ``framework_b_code`` and, for
        ``"share"``, ``covered_a``, ``items_a``, ``covered_b``, ``items_b``, ``share_a``,
        ``share_b``; for ``"score"``, ``score``).
    :param value: ``"share"``: the cell at row A, column B is the share of A's items mapped to at
        least one item of B, written as ``n/N`` (items mapped over items of A) above the
        percentage, so a 100% resting on 3 items shows as 3/3 (the matrix is asymmetric: read it
        row → column); ``"score"``: the symmetric Jaccard-style overlap, covered items of both
        over items of both.
    :param ax: the axes to draw on (default: a new figure).
    :param title: the chart title (default: says what the cells show and what ``method`` counted).
    :param cmap: a matplotlib colour map name.
    :returns: the axes drawn on. The diagonal is left blank; a pair missing from ``df`` is drawn as 0
        (``framework_overlap()`` without a list leaves out pairs with no match at all).
    :raises ValueError: if a needed column is missing, ``df`` is empty or ``value`` is unknown.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"framework_a_code": ["A"], "framework_b_code": ["B"], "items_a": [4],
    ...                    "covered_a": [2], "items_b": [8], "covered_b": [2], "share_a": [0.5],
    ...                    "share_b": [0.25], "score": [0.33]})
    >>> ax = overlap_heatmap(df)
    >>> sorted(text.get_text() for text in ax.texts)
    ['2/4\\n50%', '2/8\\n25%']
    """
    if value not in ("share", "score"):
        raise ValueError(f"value must be 'share' or 'score', not {value!r}")
    needed = ["framework_a_code", "framework_b_code"] + (
        ["covered_a", "items_a", "covered_b", "items_b", "share_a", "share_b"]
        if value == "share"
        else ["score"]
    )
    df = _require(df, needed, "overlap_heatmap")
    if df.empty:
        raise ValueError("overlap_heatmap() needs at least one pair of frameworks")
    names_a, names_b = _framework_names(df, "a"), _framework_names(df, "b")
    codes = list(dict.fromkeys([*names_a, *names_b]))  # in the order asked
    position = {code: i for i, code in enumerate(codes)}
    n = len(codes)
    matrix = [[0.0 if i != j else math.nan for j in range(n)] for i in range(n)]
    counts: dict[tuple[int, int], str] = {}
    for row, name_a, name_b in zip(df.itertuples(index=False), names_a, names_b):
        a, b = position[name_a], position[name_b]
        if value == "share":
            matrix[a][b], matrix[b][a] = float(row.share_a), float(row.share_b)
            counts[(a, b)] = f"{int(row.covered_a)}/{int(row.items_a)}"
            counts[(b, a)] = f"{int(row.covered_b)}/{int(row.items_b)}"
        else:
            matrix[a][b] = matrix[b][a] = float(row.score)
    ax = _new_axes(ax, 1.8 + 0.9 * n, 1.2 + 0.75 * n)
    import matplotlib as mpl
    import numpy as np

    colours = mpl.colormaps[cmap].with_extremes(bad=_DIAGONAL)
    image = ax.imshow(np.ma.masked_invalid(np.array(matrix)), cmap=colours, vmin=0, vmax=1)
    if value == "share":
        labels = [
            ["" if i == j else f"{counts.get((i, j), '0/?')}\n{_percent(v)}" for j, v in enumerate(r)]
            for i, r in enumerate(matrix)
        ]
    else:
        labels = [["" if i == j else f"{v:.2f}" for j, v in enumerate(r)] for i, r in enumerate(matrix)]
    _annotate_grid(ax, matrix, labels, vmax=1)
    _ticks(ax, codes, rotate=n > 4 or max(map(len, codes), default=0) > 6)
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
    methods = sorted(set(df["method"])) if "method" in df.columns else []
    basis = {
        "crosswalk": "curated mappings",
        "lexical": "suggested wording matches",
        "both": "curated mappings or suggested wording matches",
    }
    counted = f" ({', '.join(basis.get(m, m) for m in methods)})" if methods else ""
    if value == "share":
        bar.set_label("share of the row framework's items\nmapped to the column framework")
        bar.formatter = mpl.ticker.PercentFormatter(xmax=1)
        bar.update_ticks()
        ax.set_ylabel("items of this framework (row) …")
        ax.set_xlabel("… mapped to this framework (column)")
        ax.set_title(title or f"Items mapped between frameworks{counted}")
    else:
        bar.set_label("overlap score: mapped items of both\nframeworks over all their items")
        ax.set_ylabel("framework")
        ax.set_xlabel("framework")
        ax.set_title(title or f"Overlap between frameworks{counted}")
    return ax


def _framework_names(df: pd.DataFrame, side: str) -> list[str]:
    """The codes of one side of an overlap table; the IRI's last segment for a scheme without one."""
    codes = df[f"framework_{side}_code"]
    iris = df[f"framework_{side}"] if f"framework_{side}" in df.columns else codes
    tails = [str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] for iri in iris]
    return [code if isinstance(code, str) and code else tail for code, tail in zip(codes, tails)]


_STATUS_COLOURS = {
    "uncovered": _NO_BODY,
    "not_recorded": _NOT_RECORDED,
    "via_broader": _VIA_BROADER,
    "direct": _ONE_BODY,
}
_STATUS_NAMES = {
    "uncovered": "no body (coverage recorded for its framework)",
    "not_recorded": "not recorded (no coverage data for its framework)",
    "via_broader": "through a broader node only",
    "direct": "covered itself",
}


def coverage_gaps(
    df: pd.DataFrame,
    *,
    top: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The competencies most needed by roles that no professional body (or only one) covers.

    From :meth:`Graph.coverage_gaps`: one horizontal bar per competency, as long as the number of
    roles needing it, with the roles needing it as essential drawn darker inside. The colour is the
    row's ``status``: red when no body covers it although coverage is recorded for its framework
    (``uncovered``), grey when the graph records no coverage for its framework at all
    (``not_recorded``: the graph cannot say), orange when one body covers it (itself, or through a
    broader node). The number at the end of each bar is the number of roles.

    :param df: the coverage table (columns ``kind``, ``item_label``, ``status``, ``bodies``,
        ``essential_roles``, ``all_roles``).
    :param top: how many competencies to show, most needed first.
    :raises ValueError: if a needed column is missing or there is no competency row.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"kind": ["competency"] * 2, "item_label": ["Coding", "Audit"],
    ...                    "status": ["uncovered", "not_recorded"], "bodies": [0, 0],
    ...                    "essential_roles": [2, 0], "all_roles": [3, 1]})
    >>> ax = coverage_gaps(df)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['Coding', 'Audit']
    """
    df = _require(
        df, ["kind", "item_label", "status", "bodies", "essential_roles", "all_roles"], "coverage_gaps"
    )
    competencies = df[df["kind"] == "competency"]
    if competencies.empty:
        raise ValueError("coverage_gaps() found no competency rows (kind == 'competency') to draw")
    shown = (
        competencies.assign(
            all_roles=competencies["all_roles"].fillna(0).astype(int),
            essential_roles=competencies["essential_roles"].fillna(0).astype(int),
        )
        .sort_values(
            ["bodies", "all_roles", "essential_roles", "item_label"],
            ascending=[True, False, False, True],
            kind="stable",
        )
        .head(top)
    )
    ax = _new_axes(ax, 9, 1.2 + 0.32 * len(shown))
    colours = [
        _MORE_BODIES if b > 1 else _STATUS_COLOURS.get(s, _MORE_BODIES)
        for b, s in zip(shown["bodies"], shown["status"])
    ]
    positions = list(range(len(shown)))
    ax.barh(positions, shown["all_roles"], color=colours, alpha=0.45, label="roles needing it")
    ax.barh(positions, shown["essential_roles"], color=colours, height=0.45, label="… as essential")
    for y, total in zip(positions, shown["all_roles"]):
        ax.annotate(
            str(total), (total, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize="small"
        )
    ax.set_yticks(positions, [_shorten(n) for n in shown["item_label"]])
    ax.invert_yaxis()
    ax.set_xlabel("roles (or role levels) needing it; darker: as essential")
    ax.set_ylabel("competency")
    ax.margins(x=0.08)
    from matplotlib.patches import Patch

    present = [s for s in _STATUS_COLOURS if (shown.loc[shown["bodies"] <= 1, "status"] == s).any()]
    handles = [Patch(color=_STATUS_COLOURS[s], label=_STATUS_NAMES[s]) for s in present]
    if (shown["bodies"] > 1).any():
        handles.append(Patch(color=_MORE_BODIES, label="several bodies cover it"))
    ax.legend(handles=handles, loc="lower right", fontsize="small")
    if title is None:
        statuses = set(shown["status"])
        title = (
            "Needed competencies: no coverage recorded for their framework"
            if statuses == {"not_recorded"}
            else "Needed competencies few or no professional bodies cover"
        )
    ax.set_title(title)
    return ax


def coverage_summary(
    df: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """How the items of each kind are covered: by their ``status``, so "no body" (``uncovered``)
    and "no coverage data" (``not_recorded``) are counted apart.

    From :meth:`Graph.coverage_gaps` (``max_bodies=1`` adds the items one body covers, itself or
    through a broader node): one horizontal bar per kind (competency, role, specialist area …),
    split by status.

    :raises ValueError: if ``kind`` or ``status`` is missing or ``df`` is empty.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"kind": ["competency", "competency", "role"],
    ...                    "status": ["not_recorded", "uncovered", "not_recorded"]})
    >>> ax = coverage_summary(df)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['competency', 'role']
    """
    df = _require(df, ["kind", "status"], "coverage_summary")
    if df.empty:
        raise ValueError("coverage_summary() needs at least one row")
    kinds = df["kind"].astype(str).map(_kind_name)
    table = pd.crosstab(kinds, df["status"].astype(str))
    order = [c for c in ("uncovered", "not_recorded", "via_broader", "direct") if c in table.columns]
    table = table[order + [c for c in table.columns if c not in order]]
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    ax = _new_axes(ax, 8.5, 1.6 + 0.45 * len(table))
    left = [0] * len(table)
    positions = list(range(len(table)))
    for column in table.columns:
        counts = [int(c) for c in table[column]]
        colour = _STATUS_COLOURS.get(column, _MORE_BODIES)
        bars = ax.barh(positions, counts, left=left, color=colour, label=_STATUS_NAMES.get(column, column))
        ax.bar_label(
            bars,
            labels=[str(c) if c else "" for c in counts],
            label_type="center",
            fontsize="small",
            color="white" if column == "uncovered" else "black",
        )
        left = [a + b for a, b in zip(left, counts)]
    ax.set_yticks(positions, list(table.index))
    ax.invert_yaxis()
    ax.set_xlabel("items")
    ax.set_ylabel("kind of item")
    ax.legend(loc="lower right", fontsize="small")
    ax.set_title(title or "Coverage by professional bodies, by status")
    return ax


def _kind_name(kind: str) -> str:
    """``specialist_area`` (or ``SpecialistArea``) → ``specialist area``."""
    spaced = "".join(" " + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(kind))
    return spaced.replace("_", " ")


_CELL_CODES = {"not_recorded": 0, "partial": 1, "via_broader": 2, "direct": 3}
_CELL_MARKS = {"not_recorded": "", "partial": "part", "via_broader": "via", "direct": "✓"}


def coverage_matrix(
    df: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Which body covers which specialist area or framework, from :meth:`Graph.coverage_matrix`.

    One row per body (its abbreviation when ``body_code`` is given), one column per area (or framework); a dark cell is covered directly (✓), a
    lighter one through a broader node ("via") or, for a framework, in part ("part": some of its
    items, with ``covered_items/items`` when known); blank cells have no coverage recorded. A column
    with no coverage from any body has its label in red, and the bottom row counts the bodies on
    each column, so overlaps and gaps both show.

    :raises ValueError: if a needed column is missing or ``df`` is empty.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"body_label": ["A", "A", "B", "B"], "area_label": ["X", "Y", "X", "Y"],
    ...                    "status": ["direct", "not_recorded", "via_broader", "not_recorded"]})
    >>> ax = coverage_matrix(df)
    >>> [label.get_text() for label in ax.get_xticklabels()]
    ['X', 'Y']
    >>> [label.get_color() for label in ax.get_xticklabels()][1]
    '#b2182b'
    """
    df = _require(df, ["body_label", "status"], "coverage_matrix")
    column = next((c for c in ("framework_code", "area_label", "framework_label") if c in df.columns), None)
    if column is None:
        raise ValueError("coverage_matrix() needs an 'area_label' or 'framework_code' column")
    if df.empty:
        raise ValueError("coverage_matrix() needs at least one row")
    labels = df[column].fillna(df.get("framework_label", df[column])).astype(str)
    rows = df["body_code"].fillna(df["body_label"]) if "body_code" in df.columns else df["body_label"]
    df = df.assign(_column=labels, _row=rows.astype(str))
    status = df.pivot_table(index="_row", columns="_column", values="status", aggfunc="first")
    codes = status.apply(lambda c: c.map(_CELL_CODES)).fillna(0)
    bodies_per_column = (codes > 0).sum(axis=0)
    ax = _new_axes(ax, 2.5 + 0.45 * codes.shape[1], 1.8 + 0.4 * (codes.shape[0] + 1))
    import matplotlib as mpl

    colours = mpl.colors.ListedColormap(["#ffffff", "#c6dbef", "#6baed6", "#08519c"])
    grid = codes.to_numpy(dtype=float)
    ax.imshow(grid, cmap=colours, vmin=-0.5, vmax=3.5, aspect="auto")
    items = None
    if {"covered_items", "items"} <= set(df.columns):
        items = df.pivot_table(
            index="_row", columns="_column", values=["covered_items", "items"], aggfunc="first"
        )
    for i, body in enumerate(status.index):
        for j, target in enumerate(status.columns):
            cell = status.loc[body, target]
            mark = _CELL_MARKS.get(cell, "")
            if cell == "partial" and items is not None:
                mark = f"{int(items.loc[body, ('covered_items', target)])}/{int(items.loc[body, ('items', target)])}"
            if mark:
                ax.text(
                    j,
                    i,
                    mark,
                    ha="center",
                    va="center",
                    fontsize="x-small",
                    color="white" if cell == "direct" else "black",
                )
    n_rows = len(status.index)
    for j, count in enumerate(bodies_per_column):
        ax.text(
            j,
            n_rows - 0.2,
            str(int(count)),
            ha="center",
            va="center",
            fontsize="small",
            color=_NO_BODY if count == 0 else "black",
        )
    ax.set_ylim(n_rows + 0.3, -0.5)
    ax.set_xticks(
        range(len(status.columns)),
        [_shorten(c, 34) for c in status.columns],
        rotation=45,
        ha="right",
        rotation_mode="anchor",
    )
    for label, count in zip(ax.get_xticklabels(), bodies_per_column):
        if count == 0:
            label.set_color(_NO_BODY)
    ax.set_yticks(list(range(n_rows)) + [n_rows - 0.2], [_shorten(b, 40) for b in status.index] + ["bodies"])
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=c, edgecolor="#999999", label=l)
        for c, l in (
            ("#08519c", "covers it itself (✓)"),
            ("#6baed6", "through a broader node (via)"),
            ("#c6dbef", "some of its items (part, n/N)"),
            ("#ffffff", "no coverage recorded"),
        )
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    what = "framework" if column.startswith("framework") else "specialist area"
    ax.set_title(title or f"Professional bodies by {what} (red: no body recorded)")
    return ax


def skill_gap(
    df: pd.DataFrame,
    *,
    include_met: bool = False,
    top: int | None = 25,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """A dumbbell chart of :meth:`Graph.skill_gap`: for each competency to gain, partly met
    through a crosswalk, or to raise, the level held now (grey, at 0 when not held) and the level
    required (coloured), on the comparable 0–1 scale, biggest gaps first. The frame must hold one
    move: filter a role-to-role gap (every pair of levels) to one ``from_role`` and ``to_role``.

    :param include_met: also draw the competencies already met (green).
    :param top: at most this many competencies (``None``: all).
    :raises ValueError: if a needed column is missing or the frame holds several moves.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"competency_label": ["SQL", "Ethics"], "status": ["raise", "gain"],
    ...                    "current_level_normalised": [0.25, None], "required_level_normalised": [1.0, 0.5]})
    >>> ax = skill_gap(df)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['SQL', 'Ethics']
    """
    df = _require(
        df,
        ["competency_label", "status", "current_level_normalised", "required_level_normalised"],
        "skill_gap",
    )
    if {"from_role", "to_role"} <= set(df.columns):
        moves = df[["from_role", "to_role"]].drop_duplicates()
        if len(moves) > 1:
            raise ValueError(
                f"skill_gap: the frame holds {len(moves)} moves (every pair of levels of two roles); "
                "keep one from_role and one to_role, or pass role levels to Graph.skill_gap"
            )
    statuses = ["gain", "partly_met", "raise", "met"] if include_met else ["gain", "partly_met", "raise"]
    shown = df[df["status"].isin(statuses)]
    current = pd.to_numeric(shown["current_level_normalised"], errors="coerce").fillna(0.0)
    required = pd.to_numeric(shown["required_level_normalised"], errors="coerce")
    # A requirement with no stated level still has to be drawn: put it at the current level.
    required = required.fillna(current)
    shown = shown.assign(_current=current, _required=required, _gap=required - current)
    shown = shown.sort_values(["_gap", "competency_label"], ascending=[False, True], kind="stable")
    if top is not None:
        shown = shown.head(top)
    ax = _new_axes(ax, 9, 1.4 + 0.32 * max(len(shown), 1))
    positions = list(range(len(shown)))
    colours = [
        {"gain": _GAIN, "partly_met": _PARTLY, "raise": _RAISE, "met": _MET}[s] for s in shown["status"]
    ]
    ax.hlines(positions, shown["_current"], shown["_required"], color=colours, linewidth=2.5, alpha=0.7)
    held = [s != "gain" for s in shown["status"]]
    ax.scatter(
        shown["_current"],
        positions,
        s=40,
        zorder=3,
        label="level held now (hollow: none)",
        facecolors=[_CURRENT if h else "white" for h in held],
        edgecolors=_CURRENT,
    )
    ax.scatter(shown["_required"], positions, s=55, zorder=3, color=colours, label="level required")
    ax.set_yticks(positions, [_shorten(n) for n in shown["competency_label"]])
    ax.invert_yaxis()
    ax.set_xlim(-0.05, 1.05)
    ax.set_xlabel("level on a comparable 0–1 scale (the framework's lowest to highest level)")
    ax.set_ylabel("competency")
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", linestyle="", color=_CURRENT, label="level held now (hollow: none)"),
        Line2D([], [], marker="o", linestyle="-", color=_GAIN, label="to gain (new)"),
        Line2D([], [], marker="o", linestyle="-", color=_PARTLY, label="partly met (mapped competency held)"),
        Line2D([], [], marker="o", linestyle="-", color=_RAISE, label="to raise"),
    ]
    if include_met:
        handles.append(Line2D([], [], marker="o", linestyle="-", color=_MET, label="already met"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title or "What to gain or raise for the move")
    return ax


def career_heatmap(
    matrix: pd.DataFrame,
    normalise: Normalise | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    cmap: str = "OrRd",
) -> Axes:
    """Career moves as a from × to heatmap, as the Health Informatics Career Pathways report drew them.

    :param matrix: a square DataFrame of counts: rows are where people moved from, columns where
        they moved to, with the same labels (specialist areas or seniority levels) in the same order,
        e.g. ``g.career_moves(moves).areas``.
    :param normalise: ``None``: the counts; ``"row"``: each row as shares of the moves from it (rows
        without moves stay 0); ``"all"``: shares of all moves.
    :returns: the axes. Non-zero cells are annotated; the diagonal (a move within the same area or
        level) is outlined, like the report's circles.
    :raises ValueError: if the matrix is not square with matching labels, or holds negative or
        non-numeric values, or ``normalise`` is unknown.

    >>> import pandas as pd
    >>> moves = pd.DataFrame([[3, 1], [0, 2]], index=["BI", "IG"], columns=["BI", "IG"])
    >>> ax = career_heatmap(moves, normalise="row")
    >>> [text.get_text() for text in ax.texts]
    ['75%', '25%', '100%']
    """
    if normalise not in (None, "row", "all"):
        raise ValueError(f"normalise must be None, 'row' or 'all', not {normalise!r}")
    if not isinstance(matrix, pd.DataFrame):
        raise TypeError(f"career_heatmap() needs a pandas DataFrame, got {type(matrix).__name__}")
    if matrix.empty:
        raise ValueError("career_heatmap() needs at least one row and column")
    if (
        list(matrix.index) != list(matrix.columns)
        and set(matrix.index) == set(matrix.columns)
        and len(set(matrix.index)) == len(matrix.index)
    ):
        matrix = matrix[list(matrix.index)]  # same labels, another order: follow the rows
    if matrix.shape[0] != matrix.shape[1] or list(matrix.index) != list(matrix.columns):
        raise ValueError(
            "career_heatmap() needs a square matrix with the same labels on rows (from) and columns (to); "
            f"got {matrix.shape[0]} rows and {matrix.shape[1]} columns"
            + _label_difference(matrix.index, matrix.columns)
        )
    if not all(pd.api.types.is_numeric_dtype(dtype) for dtype in matrix.dtypes):
        raise ValueError("career_heatmap() needs numeric counts")
    counts = matrix.fillna(0).astype(float)
    if (counts.to_numpy() < 0).any():
        raise ValueError("career_heatmap() needs counts of zero or more")
    if normalise == "row":
        totals = counts.sum(axis=1)
        values = counts.div(totals.where(totals > 0, 1), axis=0)
    elif normalise == "all":
        values = counts / (counts.to_numpy().sum() or 1)
    else:
        values = counts
    n = len(values)
    grid = values.to_numpy().tolist()
    names = [str(label) for label in values.index]
    ax = _new_axes(ax, 2.5 + 0.5 * n, 2.0 + 0.45 * n)
    vmax = max((v for row in grid for v in row), default=0) or 1
    image = ax.imshow(grid, cmap=cmap, vmin=0, vmax=vmax)
    labels = [[("" if v == 0 else _percent(v) if normalise else f"{v:g}") for v in row] for row in grid]
    _annotate_grid(ax, grid, labels, vmax=vmax)
    from matplotlib.patches import Rectangle

    for i in range(n):
        ax.add_patch(Rectangle((i - 0.5, i - 0.5), 1, 1, fill=False, edgecolor="black", linewidth=1.2))
    _ticks(ax, names, rotate=True)
    rows, columns = matrix.index.name, matrix.columns.name
    ax.set_ylabel(f"from ({rows})" if rows not in (None, "from") else "from (earlier role)")
    ax.set_xlabel(f"to ({columns})" if columns not in (None, "to") else "to (next role)")
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
    meaning = {None: "moves", "row": "share of the moves from the row", "all": "share of all moves"}
    bar.set_label(meaning[normalise])
    if normalise:
        import matplotlib as mpl

        bar.formatter = mpl.ticker.PercentFormatter(xmax=1)
        bar.update_ticks()
    total = round(counts.to_numpy().sum())
    ax.set_title(title or f"Career moves ({total} moves; outlined: within the same category)")
    return ax


def _label_difference(rows: pd.Index, columns: pd.Index) -> str:
    only_rows = [str(x) for x in rows if x not in set(columns)]
    only_columns = [str(x) for x in columns if x not in set(rows)]
    parts = []
    if only_rows:
        parts.append(f"only in rows: {', '.join(only_rows[:5])}")
    if only_columns:
        parts.append(f"only in columns: {', '.join(only_columns[:5])}")
    return "; " + "; ".join(parts) if parts else "; some labels are repeated"


def overlap_graph(df: pd.DataFrame) -> nx.Graph:
    """A networkx graph of :meth:`Graph.framework_overlap`: frameworks as nodes (attribute ``items``),
    and an edge for each pair with mapped items, weighted by the number of mapped item pairs
    (``weight``), with the row's ``covered_a``/``covered_b`` counts. Needs networkx
    (``pip install workforce-graph[network]``).

    >>> import pandas as pd
    >>> df = pd.DataFrame({"framework_a_code": ["A", "A"], "framework_b_code": ["B", "C"], "items_a": [4, 4],
    ...                    "items_b": [2, 3], "curated_pairs": [3, 0], "covered_a": [2, 0], "covered_b": [1, 0]})
    >>> g = overlap_graph(df)
    >>> sorted(g.nodes), list(g.edges(data="weight"))
    (['A', 'B', 'C'], [('A', 'B', 3)])
    """
    try:
        import networkx
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError(
            "the overlap network needs networkx: pip install workforce-graph[network]"
        ) from error
    df = _require(
        df, ["framework_a_code", "framework_b_code", "items_a", "items_b", "curated_pairs"], "overlap_graph"
    )
    graph = networkx.Graph()
    for row, name_a, name_b in zip(
        df.itertuples(index=False), _framework_names(df, "a"), _framework_names(df, "b")
    ):
        graph.add_node(name_a, items=int(row.items_a))
        graph.add_node(name_b, items=int(row.items_b))
        if int(row.curated_pairs) > 0:
            graph.add_edge(
                name_a,
                name_b,
                weight=int(row.curated_pairs),
                covered_a=int(getattr(row, "covered_a", 0)),
                covered_b=int(getattr(row, "covered_b", 0)),
            )
    return graph


def overlap_network(
    df: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    seed: int = 7,
) -> Axes:
    """Framework overlap as a network: frameworks as nodes (area by number of items), curated
    mappings as edges (width by number of mapped item pairs, which is written on the edge).
    Frameworks with no mapping stand apart. The layout is a seeded spring layout, so the same table
    gives the same picture. Needs networkx and matplotlib.

    :param df: :meth:`Graph.framework_overlap` (``framework_a_code``, ``framework_b_code``, ``items_a``,
        ``items_b``, ``curated_pairs``).
    :raises ValueError: if a needed column is missing or ``df`` is empty.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"framework_a_code": ["A"], "framework_b_code": ["B"], "items_a": [4], "items_b": [2],
    ...                    "curated_pairs": [3], "covered_a": [2], "covered_b": [1]})
    >>> ax = overlap_network(df)
    >>> sorted(t.get_text() for t in ax.texts)
    ['3', 'A', 'B']
    """
    graph = overlap_graph(df)
    if graph.number_of_nodes() == 0:
        raise ValueError("overlap_network() needs at least one pair of frameworks")
    import networkx

    ax = _new_axes(ax, 8, 6.5)
    position = networkx.spring_layout(graph, seed=seed, weight="weight")
    heaviest = max((w for _, _, w in graph.edges(data="weight")), default=1)
    largest = max(items for _, items in graph.nodes(data="items")) or 1
    networkx.draw_networkx_edges(
        graph,
        position,
        ax=ax,
        edge_color=_MORE_BODIES,
        alpha=0.6,
        width=[0.8 + 5 * w / heaviest for _, _, w in graph.edges(data="weight")],
    )
    networkx.draw_networkx_nodes(
        graph,
        position,
        ax=ax,
        node_color="#9ecae1",
        edgecolors="#2b6b9a",
        node_size=[250 + 1800 * items / largest for _, items in graph.nodes(data="items")],
    )
    networkx.draw_networkx_labels(graph, position, ax=ax, font_size=8)
    networkx.draw_networkx_edge_labels(
        graph,
        position,
        ax=ax,
        font_size=7,
        edge_labels={(a, b): str(w) for a, b, w in graph.edges(data="weight")},
    )
    ax.set_axis_off()
    ax.set_title(title or "Frameworks linked by curated mappings (edge: mapped item pairs)")
    return ax
