"""A tiny progress bar for long imports, shared by every importer.

``Progress(total, description, enabled, unit)`` shows a bar in notebooks and terminals: tqdm's
notebook-aware form (``tqdm.auto``) when tqdm is installed (``pip install
workforce-graph[progress]``), else a plain counter on stderr when stderr is a terminal, redrawn at
most ten times a second, and nothing at all when stderr is a file or a pipe. Each bar says what it
counts (``unit``: ``"row"`` for table rows, ``"step"`` for the phases of an import). ``update(n)``
adds ``n`` done steps; ``close()`` ends the bar (a ``with`` block closes it). With
``enabled=False`` it does nothing. The native importers start one through :func:`start`, which
``Graph`` hands them when ``progress=True``, and call ``update``.

>>> with Progress(3, "rows", enabled=False) as bar:
...     bar.update(2)
...     bar.update(1)
>>> bar.n
3
"""

from __future__ import annotations

import importlib
import sys
import time
from types import TracebackType
from typing import Any, Self

__all__ = ["Progress", "start"]


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Progress:
    """A progress bar over ``total`` steps (``None`` if unknown), labelled ``description``."""

    def __init__(
        self, total: int | None, description: str = "", enabled: bool = True, unit: str = "row"
    ) -> None:
        self.total = total
        self.description = description
        self.enabled = enabled
        self.unit = unit
        self.n = 0
        self._bar: Any = None
        self._last_draw = 0.0
        self._drawn = False
        if enabled:
            try:
                tqdm = importlib.import_module("tqdm.auto").tqdm
            except ImportError:
                pass
            else:
                self._bar = tqdm(total=total, desc=description, unit=unit, leave=False)
            if self._bar is None and not _is_terminal(sys.stderr):
                self.enabled = False

    def update(self, n: int = 1) -> None:
        """Adds ``n`` done steps."""
        self.n += n
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(n)
            return
        now = time.monotonic()
        if now - self._last_draw >= 0.1 or (self.total is not None and self.n >= self.total):
            self._last_draw = now
            self._draw()

    def _draw(self) -> None:
        of = f"/{self.total}" if self.total is not None else ""
        sys.stderr.write(f"\r{self.description}: {self.n}{of} {self.unit}s")
        sys.stderr.flush()
        self._drawn = True

    def close(self) -> None:
        """Ends the bar."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        elif self._drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._drawn = False
        self.enabled = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def start(total: int | None, description: str, unit: str) -> Progress:
    """A shown :class:`Progress` bar, as the native importers start one through the callback
    ``Graph`` hands them per call: ``Progress`` is looked up when called, so replacing it (in a
    test, or to show progress elsewhere) reaches them too."""
    return Progress(total, description, True, unit)
