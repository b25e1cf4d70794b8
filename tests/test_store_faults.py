"""Faults the on-disk store must survive: processes killed with SIGKILL at random moments during the
first open, a large load, a table import and an update; a killed save; eight threads reading while
one imports. Each operation runs in a child process of its own (never anything else is killed), so
a regression fails the test instead of killing the runner.

After every kill the store is reopened and must hold all of the operation or none of it, with no
file left behind by the killed process (``bulk-*.sst`` from a bulk load, the creation marker, a
save's temporary file). The kill moments are drawn uniformly over the operation's own duration,
measured by a first run that is not killed; the seed is printed, and ``WG_FAULT_SEED`` replays it.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import workforce_graph as wg

pytestmark = pytest.mark.skipif(not wg.PERSISTENCE_AVAILABLE, reason="this build has no on-disk storage")

TRIALS = 20
EX = "http://example.com/"
SEED = int(os.environ.get("WG_FAULT_SEED", random.SystemRandom().randrange(1 << 30)))

# The child: opens the store, says READY, runs one operation, says DONE.
CHILD = r"""
import sys
import workforce_graph as wg

operation, store, argument = sys.argv[1], sys.argv[2], sys.argv[3]
if operation == "open":
    print("READY", flush=True)
    graph = wg.Graph.open(store)
else:
    graph = wg.Graph.open(store, bundled=False)
    print("READY", flush=True)
    if operation == "load":
        graph.load(argument)
    elif operation == "import":
        graph.import_table(argument, framework="Big", id="id", label="label", parent="parent",
                           publisher="Example Body", progress=False)
    elif operation == "update":
        graph.update(argument)
    elif operation == "save":
        graph.save(argument)
graph.close()
print("DONE", flush=True)
"""

LEFTOVER_PATTERNS = ("bulk-*.sst", "workforce-graph-creating")


def _run(operation: str, store: Path, argument: str, delay: float | None) -> tuple[bool, float]:
    """Runs the child; kills it `delay` seconds after READY (None: never). Returns (finished, seconds
    from READY to exit)."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, operation, str(store), argument],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "READY", f"{line!r} {child.stderr.read() if child.stderr else ''}"
    start = time.perf_counter()
    if delay is not None:
        time.sleep(delay)
        child.kill()  # SIGKILL, this test's own child only
    out, err = child.communicate(timeout=300)
    elapsed = time.perf_counter() - start
    if delay is None:
        assert child.returncode == 0, err
    return "DONE" in out, elapsed


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for pattern in LEFTOVER_PATTERNS for p in directory.glob(pattern))


def _count(store: Path, sparql: str) -> int:
    with wg.Graph.open(store, bundled=False) as graph:
        return int(list(graph.query(sparql))[0][0])


def _trials(
    tmp_path: Path,
    operation: str,
    template: Path | None,
    argument: str,
    check: str,
    expected_all: int,
) -> Counter[str]:
    """Runs TRIALS killed children on copies of `template` and checks each store afterwards; returns
    how many ended with all of the operation and how many with none."""
    rng = random.Random(f"{SEED}-{operation}")
    calibration = tmp_path / f"{operation}-calibration"
    if template is not None:
        shutil.copytree(template, calibration)
    _, duration = _run(operation, calibration, argument, None)
    assert _count(calibration, check) == expected_all
    outcomes: Counter[str] = Counter()
    for trial in range(TRIALS):
        store = tmp_path / f"{operation}-{trial}"
        if template is not None:
            shutil.copytree(template, store)
        delay = rng.uniform(0, duration * 1.2)
        finished, _ = _run(operation, store, argument, delay)
        found = _count(store, check)  # reopening also removes what the killed process left
        assert found in (0, expected_all), (
            f"trial {trial} (kill after {delay:.3f}s): {found} of {expected_all}"
        )
        assert not _leftovers(store), f"trial {trial}: {_leftovers(store)}"
        if finished:
            assert found == expected_all
        outcomes["all" if found else "none"] += 1
    print(f"\n{operation}: seed {SEED}, {TRIALS} kills over {duration:.2f}s: {dict(outcomes)}")
    return outcomes


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("template") / "store"
    with wg.Graph.open(store, bundled=False) as graph:
        graph.update(f"INSERT DATA {{ <{EX}base> <{EX}p> 'kept' }}")
    return store


def test_kill_during_the_first_open_never_leaves_an_empty_store(tmp_path: Path) -> None:
    bundled = len(wg.Graph())
    rng = random.Random(f"{SEED}-open")
    _, duration = _run("open", tmp_path / "calibration", "-", None)
    outcomes: Counter[str] = Counter()
    for trial in range(TRIALS):
        store = tmp_path / f"open-{trial}"
        _run("open", store, "-", rng.uniform(0, duration * 1.2))
        # Before any repair: a reader sees the whole bundle, or no store at all.
        try:
            with wg.Graph.open(store, read_only=True) as graph:
                assert len(graph) == bundled, (
                    f"trial {trial}: a complete-looking store with {len(graph)} triples"
                )
                outcomes["all"] += 1
        except (FileNotFoundError, wg.StorageError):
            outcomes["none"] += 1
        # The next open finishes an interrupted creation.
        with wg.Graph.open(store) as graph:
            assert len(graph) == bundled, f"trial {trial}"
        assert not _leftovers(store), f"trial {trial}: {_leftovers(store)}"
    print(f"\nopen: seed {SEED}, {TRIALS} kills over {duration:.2f}s: {dict(outcomes)}")


def test_kill_during_a_large_load_keeps_all_or_nothing(tmp_path: Path, empty_store: Path) -> None:
    data = tmp_path / "big.nt"
    rows = 150_000
    with data.open("w") as out:
        for i in range(rows):
            out.write(f'<{EX}s{i}> <{EX}loaded> "value {i}" .\n')
    check = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}loaded> ?o }}"
    _trials(tmp_path, "load", empty_store, str(data), check, rows)


def test_kill_during_a_table_import_keeps_all_or_nothing(tmp_path: Path, empty_store: Path) -> None:
    table = tmp_path / "big.csv"
    rows = 40_000
    with table.open("w") as out:
        out.write("id,label,parent\n")
        for i in range(rows):
            out.write(f"c{i},Competency {i},{'c' + str(i // 10) if i >= 10 else ''}\n")
    check = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/workforce-graph/ontology#Competency> }"
    _trials(tmp_path, "import", empty_store, str(table), check, rows)


def test_kill_during_an_update_keeps_all_or_nothing(tmp_path: Path) -> None:
    template = tmp_path / "update-template"
    rows = 60_000
    with wg.Graph.open(template, bundled=False) as graph:
        graph.load("".join(f"<{EX}s{i}> <{EX}p> {i} .\n" for i in range(rows)), format="ttl")
    update = f"INSERT {{ ?s <{EX}q> ?o }} WHERE {{ ?s <{EX}p> ?o }}"
    check = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{EX}q> ?o }}"
    _trials(tmp_path, "update", template, update, check, rows)


def test_a_save_killed_half_way_leaves_no_file_behind(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with wg.Graph.open(store, bundled=False) as graph:
        graph.load("".join(f"<{EX}s{i}> <{EX}p> 'value {i}' .\n" for i in range(100_000)), format="ttl")
    target = tmp_path / "out" / "graph.nt"
    target.parent.mkdir()
    target.write_text(f"<{EX}old> <{EX}p> 'old' .\n")
    _, duration = _run("save", store, str(target), None)
    target.write_text(f"<{EX}old> <{EX}p> 'old' .\n")
    rng = random.Random(f"{SEED}-save")
    for trial in range(10):
        _, _ = _run("save", store, str(target), rng.uniform(0, duration * 1.2))
        lines = target.read_text().count("\n")
        assert lines in (1, 100_000), f"trial {trial}: the target holds {lines} lines"
    # The next save removes the temporary files of the killed ones.
    with wg.Graph.open(store, bundled=False) as graph:
        graph.save(target)
    assert sorted(p.name for p in target.parent.iterdir()) == ["graph.nt"]


def test_eight_readers_see_whole_states_while_one_imports(tmp_path: Path) -> None:
    table = tmp_path / "table.csv"
    rows = 20_000
    table.write_text("id,label\n" + "".join(f"c{i},Competency {i}\n" for i in range(rows)))
    with wg.Graph.open(tmp_path / "store", bundled=False) as graph:
        graph.update(f"INSERT DATA {{ <{EX}base> <{EX}p> 'kept' }}")
        count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        before = len(graph)
        seen: set[int] = set()
        errors: list[BaseException] = []
        importing = threading.Event()
        imported = threading.Event()

        def read() -> None:
            try:
                importing.wait()
                reads = 0
                while not imported.is_set() or reads < 3:
                    seen.add(int(list(graph.query(count))[0][0]))
                    reads += 1
            except BaseException as error:  # noqa: BLE001 - any failure fails the test
                errors.append(error)

        readers = [threading.Thread(target=read, daemon=True) for _ in range(8)]
        for reader in readers:
            reader.start()
        importing.set()
        report = graph.import_table(
            table, framework="Concurrent", id="id", label="label", publisher="Example Body", progress=False
        )
        imported.set()
        for reader in readers:
            reader.join(timeout=120)
        assert not any(reader.is_alive() for reader in readers), "a reader is stuck"
        assert not errors, errors
        after = len(graph)
        assert after == before + report["triples"]
        assert seen <= {before, after}, (
            f"a read saw a partial import: {sorted(seen)} not in {before}, {after}"
        )
        assert after in seen


def test_a_directory_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(FileExistsError, match="not a graph store"):
        wg.Graph.open(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"], "nothing was written into it"


def test_read_only_opens_write_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(FileNotFoundError):
        wg.Graph.open(missing, read_only=True)
    assert not missing.exists()
    store = tmp_path / "store"
    with wg.Graph.open(store, bundled=False) as graph:
        graph.update(f"INSERT DATA {{ <{EX}a> <{EX}p> 1 }}")
    with wg.Graph.open(store, read_only=True) as graph:
        assert len(graph) == 1
        with pytest.raises(wg.UpdateEvaluationError):
            graph.update(f"INSERT DATA {{ <{EX}b> <{EX}p> 2 }}")
        copy = graph.copy()
        copy.update(f"INSERT DATA {{ <{EX}b> <{EX}p> 2 }}")
        assert (len(graph), len(copy)) == (1, 2)
    with wg.Graph.open(store) as graph:
        assert len(graph) == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_save_keeps_the_umask_mode_and_refuses_a_read_only_file(tmp_path: Path) -> None:
    graph = wg.Graph(bundled=False)
    graph.update(f"INSERT DATA {{ <{EX}a> <{EX}p> 1 }}")
    reference = tmp_path / "reference"
    reference.touch()
    default_mode = reference.stat().st_mode & 0o777
    target = tmp_path / "out.ttl"
    graph.save(target)
    assert target.stat().st_mode & 0o777 == default_mode
    target.chmod(0o640)
    graph.save(target)
    assert target.stat().st_mode & 0o777 == 0o640
    target.chmod(0o444)
    before = target.read_text()
    with pytest.raises(PermissionError, match="read-only"):
        graph.save(target)
    assert target.read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl", "reference"]
