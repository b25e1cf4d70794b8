"""Every notebook in notebooks/ is executed; a failing cell fails the test, and so does a cell that
draws a chart but leaves no image in the executed notebook (for example because the notebook forced
a non-interactive backend and then called ``plt.show()``)."""

from __future__ import annotations

import pathlib
import re

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((pathlib.Path(__file__).parent.parent / "notebooks").glob("*.ipynb"))

# A cell draws when it calls the library's charts, pyplot, or a pandas .plot accessor.
DRAWS = re.compile(r"\bwg\.plot\.\w+\(|\bplt\.(subplots|figure|plot|bar|barh|imshow)\(|\.plot(\.\w+)?\(")
IMAGES = ("image/png", "image/svg+xml", "image/jpeg")


def test_there_are_notebooks() -> None:
    assert any(path.name == "01_quickstart.ipynb" for path in NOTEBOOKS)


def cells_drawing_without_image(notebook: nbformat.NotebookNode) -> list[int]:
    """Indexes of the code cells whose source draws a chart and whose outputs hold no image."""
    missing = []
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or not DRAWS.search(cell.source):
            continue
        outputs = cell.get("outputs", [])
        if not any(kind in output.get("data", {}) for output in outputs for kind in IMAGES):
            missing.append(number)
    return missing


def test_the_image_check_sees_a_missing_chart() -> None:
    drawn = nbformat.v4.new_code_cell("ax = wg.plot.coverage_summary(df)")
    drawn.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": "iVBOR", "text/plain": "<Figure>"})
    ]
    lost = nbformat.v4.new_code_cell("import matplotlib\nmatplotlib.use('Agg')\ndf.plot.bar()\nplt.show()")
    lost.outputs = [
        nbformat.v4.new_output("execute_result", data={"text/plain": "<Axes>"}, execution_count=1)
    ]
    plain = nbformat.v4.new_code_cell("len(df)")
    notebook = nbformat.v4.new_notebook(cells=[drawn, lost, plain])
    assert cells_drawing_without_image(notebook) == [1]


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_notebook_runs(path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    # The kernel picks the inline backend (images in the outputs) unless the environment forces one.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    notebook = nbformat.read(path, as_version=4)
    server = None
    if path.name == "08_shared_graph.ipynb":
        # The shared-graph notebook talks to a real server: oxigraph's, on a free loopback port.
        from servers import OxigraphServer

        server = OxigraphServer(tmp_path / "shared-store").start()
        monkeypatch.setenv("WORKFORCE_GRAPH_SERVER", server.base)
    try:
        NotebookClient(
            notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    finally:
        if server is not None:
            server.stop()
    errors = [
        o for cell in notebook.cells for o in cell.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert not errors
    missing = cells_drawing_without_image(notebook)
    assert not missing, (
        f"{path.name}: cells {missing} draw a chart but the executed notebook has no image there"
    )
