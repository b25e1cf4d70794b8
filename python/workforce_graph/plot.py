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
'Share of items mapped between frameworks'
>>> sorted(label.get_text() for label in ax.get_xticklabels())
['DDaT', 'FCI-CCF', 'NCF']
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["overlap_heatmap", "coverage_gaps", "coverage_summary", "skill_gap", "career_heatmap"]

OverlapValue = Literal["share", "score"]
Normalise = Literal["row", "all"]

# Colours chosen to stay distinguishable in greyscale print and for common colour blindness.
_NO_BODY = "#b2182b"
_ONE_BODY = "#ef8a62"
_MORE_BODIES = "#4d4d4d"
_GAIN = "#b2182b"
_RAISE = "#ef8a62"
_PARTLY = "#fdb863"
_MET = "#1a9850"
_CURRENT = "#7f7f7f"
_DIAGONAL = "#e0e0e0"


def _require(df: object, columns: Iterable[str], function: str) -> pd.DataFrame:
    """``df`` as a DataFrame holding ``columns``; otherwise a ValueError naming what is missing."""
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"{function}() needs a pandas DataFrame, got {type(df).__name__}")
    missing = [column for column in columns if column not in df.columns]
    if missing:
        raise ValueError(f"{function}() needs the column(s) {', '.join(repr(c) for c in missing)}; "
                         f"the DataFrame has {', '.join(repr(c) for c in df.columns) or 'none'}")
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
    ax.set_xticks(positions, [_shorten(n, 34) for n in names], rotation=45 if rotate else 0,
                  ha="right" if rotate else "center", rotation_mode="anchor")
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

    :param df: the overlap table (columns ``code_a``, ``code_b`` and ``share_a``/``share_b`` or ``score``).
    :param value: ``"share"``: the cell at row A, column B is the share of A's items mapped to at
        least one item of B (so the matrix is asymmetric: read it row → column);
        ``"score"``: the symmetric Jaccard-style overlap, covered items of both over items of both.
    :param ax: the axes to draw on (default: a new figure).
    :param title: the chart title (default: says what the cells show).
    :param cmap: a matplotlib colour map name.
    :returns: the axes drawn on. The diagonal is left blank; a pair missing from ``df`` is drawn as 0
        (``framework_overlap()`` without a list leaves out pairs with no match at all).
    :raises ValueError: if a needed column is missing, ``df`` is empty or ``value`` is unknown.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"code_a": ["A"], "code_b": ["B"], "share_a": [0.5], "share_b": [0.25],
    ...                    "score": [0.4]})
    >>> ax = overlap_heatmap(df)
    >>> sorted(text.get_text() for text in ax.texts)
    ['25%', '50%']
    """
    if value not in ("share", "score"):
        raise ValueError(f"value must be 'share' or 'score', not {value!r}")
    needed = ["code_a", "code_b"] + (["share_a", "share_b"] if value == "share" else ["score"])
    df = _require(df, needed, "overlap_heatmap")
    if df.empty:
        raise ValueError("overlap_heatmap() needs at least one pair of frameworks")
    names_a, names_b = _framework_names(df, "a"), _framework_names(df, "b")
    codes = sorted(set(names_a) | set(names_b))
    position = {code: i for i, code in enumerate(codes)}
    n = len(codes)
    matrix = [[0.0 if i != j else math.nan for j in range(n)] for i in range(n)]
    for row, name_a, name_b in zip(df.itertuples(index=False), names_a, names_b):
        a, b = position[name_a], position[name_b]
        if value == "share":
            matrix[a][b], matrix[b][a] = float(row.share_a), float(row.share_b)
        else:
            matrix[a][b] = matrix[b][a] = float(row.score)
    ax = _new_axes(ax, 1.6 + 0.75 * n, 1.0 + 0.65 * n)
    import matplotlib as mpl
    import numpy as np

    colours = mpl.colormaps[cmap].with_extremes(bad=_DIAGONAL)
    image = ax.imshow(np.ma.masked_invalid(np.array(matrix)), cmap=colours, vmin=0, vmax=1)
    labels = [["" if i == j else (_percent(v) if value == "share" else f"{v:.2f}") for j, v in enumerate(r)]
              for i, r in enumerate(matrix)]
    _annotate_grid(ax, matrix, labels, vmax=1)
    _ticks(ax, codes, rotate=n > 4 or max(map(len, codes), default=0) > 6)
    bar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
    if value == "share":
        bar.set_label("share of the row framework's items\nmapped to the column framework")
        bar.formatter = mpl.ticker.PercentFormatter(xmax=1)
        bar.update_ticks()
        ax.set_ylabel("items of this framework (row) …")
        ax.set_xlabel("… mapped to this framework (column)")
        ax.set_title(title or "Share of items mapped between frameworks")
    else:
        bar.set_label("overlap score: mapped items of both\nframeworks over all their items")
        ax.set_ylabel("framework")
        ax.set_xlabel("framework")
        ax.set_title(title or "Overlap between frameworks")
    return ax


def _framework_names(df: pd.DataFrame, side: str) -> list[str]:
    """The codes of one side of an overlap table; the IRI's last segment for a scheme without one."""
    codes = df[f"code_{side}"]
    iris = df[f"framework_{side}"] if f"framework_{side}" in df.columns else codes
    tails = [str(iri).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] for iri in iris]
    return [code if isinstance(code, str) and code else tail for code, tail in zip(codes, tails)]


def coverage_gaps(
    df: pd.DataFrame,
    *,
    top: int = 15,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """The competencies most needed by roles that no professional body (or only one) covers.

    From :meth:`Graph.coverage_gaps`: one horizontal bar per competency, as long as the number of
    roles needing it, with the roles needing it as essential drawn darker inside; red when no body
    covers it, orange when only one does (``coverage_gaps(max_bodies=1)``). The number at the end of
    each bar is the number of roles.

    :param df: the coverage table (columns ``kind``, ``name``, ``bodies``, ``essential_roles``,
        ``all_roles``).
    :param top: how many competencies to show, most needed first.
    :raises ValueError: if a needed column is missing or there is no competency row.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"kind": ["competency"] * 2, "name": ["Coding", "Audit"], "bodies": [0, 1],
    ...                    "essential_roles": [2, 0], "all_roles": [3, 1]})
    >>> ax = coverage_gaps(df)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['Coding', 'Audit']
    """
    df = _require(df, ["kind", "name", "bodies", "essential_roles", "all_roles"], "coverage_gaps")
    competencies = df[df["kind"] == "competency"]
    if competencies.empty:
        raise ValueError("coverage_gaps() found no competency rows (kind == 'competency') to draw")
    shown = (
        competencies.assign(
            all_roles=competencies["all_roles"].fillna(0).astype(int),
            essential_roles=competencies["essential_roles"].fillna(0).astype(int),
        )
        .sort_values(["bodies", "all_roles", "essential_roles", "name"], ascending=[True, False, False, True],
                     kind="stable")
        .head(top)
    )
    ax = _new_axes(ax, 9, 1.2 + 0.32 * len(shown))
    colours = [_NO_BODY if b == 0 else _ONE_BODY if b == 1 else _MORE_BODIES for b in shown["bodies"]]
    positions = list(range(len(shown)))
    ax.barh(positions, shown["all_roles"], color=colours, alpha=0.45, label="roles needing it")
    ax.barh(positions, shown["essential_roles"], color=colours, height=0.45, label="… as essential")
    for y, total in zip(positions, shown["all_roles"]):
        ax.annotate(str(total), (total, y), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize="small")
    ax.set_yticks(positions, [_shorten(n) for n in shown["name"]])
    ax.invert_yaxis()
    ax.set_xlabel("roles (or role levels) needing it; darker: as essential")
    ax.set_ylabel("competency")
    ax.margins(x=0.08)
    from matplotlib.patches import Patch

    handles = [Patch(color=_NO_BODY, label="no body covers it")]
    if (shown["bodies"] == 1).any():
        handles.append(Patch(color=_ONE_BODY, label="one body covers it"))
    if (shown["bodies"] > 1).any():
        handles.append(Patch(color=_MORE_BODIES, label="several bodies cover it"))
    ax.legend(handles=handles, loc="lower right", fontsize="small")
    ax.set_title(title or "Needed competencies no professional body covers")
    return ax


def coverage_summary(
    df: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """How many items of each kind nobody covers, and how many only one body covers.

    From :meth:`Graph.coverage_gaps` (use ``max_bodies=1`` to see the single-body items too): one
    horizontal bar per kind (competency, role, specialist area …), split by the number of bodies.

    :raises ValueError: if ``kind`` or ``bodies`` is missing or ``df`` is empty.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"kind": ["competency", "competency", "Role"], "bodies": [0, 1, 0]})
    >>> ax = coverage_summary(df)
    >>> [label.get_text() for label in ax.get_yticklabels()]
    ['competency', 'role']
    """
    df = _require(df, ["kind", "bodies"], "coverage_summary")
    if df.empty:
        raise ValueError("coverage_summary() needs at least one row")
    kinds = df["kind"].astype(str).map(_kind_name)
    groups = df["bodies"].clip(upper=2).map({0: "no body", 1: "one body", 2: "two or more bodies"})
    table = pd.crosstab(kinds, groups)
    table = table[[c for c in ("no body", "one body", "two or more bodies") if c in table.columns]]
    table = table.loc[table.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    ax = _new_axes(ax, 8, 1.4 + 0.45 * len(table))
    colours = {"no body": _NO_BODY, "one body": _ONE_BODY, "two or more bodies": _MORE_BODIES}
    left = [0] * len(table)
    positions = list(range(len(table)))
    for column in table.columns:
        counts = [int(c) for c in table[column]]
        bars = ax.barh(positions, counts, left=left, color=colours[column], label=f"covered by {column}")
        ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], label_type="center",
                     fontsize="small", color="white")
        left = [a + b for a, b in zip(left, counts)]
    ax.set_yticks(positions, list(table.index))
    ax.invert_yaxis()
    ax.set_xlabel("items")
    ax.set_ylabel("kind of item")
    ax.legend(loc="lower right", fontsize="small")
    ax.set_title(title or "What professional bodies leave uncovered")
    return ax


def _kind_name(kind: str) -> str:
    """``SpecialistArea`` → ``specialist area``."""
    spaced = "".join(" " + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(kind))
    return spaced


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
        df, ["competency_label", "status", "current_level_normalised", "required_level_normalised"], "skill_gap"
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
    colours = [{"gain": _GAIN, "partly_met": _PARTLY, "raise": _RAISE, "met": _MET}[s] for s in shown["status"]]
    ax.hlines(positions, shown["_current"], shown["_required"], color=colours, linewidth=2.5, alpha=0.7)
    held = [s != "gain" for s in shown["status"]]
    ax.scatter(shown["_current"], positions, s=40, zorder=3, label="level held now (hollow: none)",
               facecolors=[_CURRENT if h else "white" for h in held], edgecolors=_CURRENT)
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
        raise ValueError(f"career_heatmap() needs a pandas DataFrame, got {type(matrix).__name__}")
    if matrix.empty:
        raise ValueError("career_heatmap() needs at least one row and column")
    if list(matrix.index) != list(matrix.columns) and set(matrix.index) == set(matrix.columns) \
            and len(set(matrix.index)) == len(matrix.index):
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
    total = int(round(counts.to_numpy().sum()))
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
