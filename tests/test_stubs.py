"""The hand-written stubs match the native module (mypy's stubtest), every name of it stubbed."""

from __future__ import annotations

import pathlib
import subprocess
import sys

PYPROJECT = pathlib.Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_stubs_match_the_runtime() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy.stubtest",
            "workforce_graph._core",
            "--mypy-config-file",
            str(PYPROJECT),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
