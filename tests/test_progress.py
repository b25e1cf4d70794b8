"""Progress: tqdm's notebook-aware bar when installed; otherwise a counter on a terminal only; each
bar says what it counts."""

from __future__ import annotations

import io
import pathlib
import sys

import pytest
import workforce_graph as wg
from workforce_graph import _progress

DATA = pathlib.Path(__file__).parent / "data" / "esco"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    real = _progress.importlib.import_module

    def refuse(name: str, *args: object) -> object:
        if name.startswith("tqdm"):
            raise ImportError(name)
        return real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(_progress.importlib, "import_module", refuse)


def test_without_tqdm_a_terminal_sees_a_labelled_counter(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_tqdm(monkeypatch)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with _progress.Progress(2, "ESCO import (read the files, store the triples)", unit="step") as bar:
        bar.update(1)
        bar.update(1)
    assert "ESCO import (read the files, store the triples): 2/2 steps" in terminal.getvalue()


def test_without_tqdm_a_file_or_pipe_sees_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_tqdm(monkeypatch)
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    with _progress.Progress(500, "import many.csv") as bar:
        bar.update(500)
    assert pipe.getvalue() == ""


def test_with_tqdm_the_bar_is_tqdm_auto_and_names_its_unit() -> None:
    tqdm_auto = pytest.importorskip("tqdm.auto")
    with _progress.Progress(2, "ESCO import", unit="step") as bar:
        assert isinstance(bar._bar, tqdm_auto.tqdm)
        assert bar._bar.unit == "step"
        bar.update(2)


def test_the_esco_import_counts_steps_not_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    _without_tqdm(monkeypatch)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    wg.Graph(bundled=False).import_esco(DATA / "skos.ttl")
    shown = terminal.getvalue()
    assert "2/2 steps" in shown and "rows" not in shown
