"""Mutation fuzzing of every parser entry point, through the Python API.

    python tests/fuzz.py TARGET --seconds N [--work DIR] [--seed S]
    python tests/fuzz.py TARGET --replay FILE

TARGET is one of rdf, sparql, update, csv, xlsx, case, sssom, esco. Seeds are the project's own
files (the ontology, tests/data, the bundled queries); each input is a seed mutated a few times
(bytes flipped, inserted, deleted, duplicated, spliced from another seed, truncated, brackets and
quotes piled up). A worker process runs inputs; this supervisor restarts it when it dies and keeps
the input that killed it (a crash) or that made no progress for HANG_SECONDS (a hang) under
DIR/crashes/. Any Python exception is a handled input except ``PanicException``, which counts as
a crash. Two more findings are counted and kept there: a partial write (an operation raised but
left its graph changed; every target but ``sparql`` runs on a graph that already holds a few
triples) and an overrun (a query or update with ``timeout=2`` returning after 3.5 s). The last line
printed is a JSON summary. ``make test`` runs each target for a few seconds
(tests/test_robustness.py), ``make fuzz`` for longer; crashing inputs belong in
tests/data/fuzz/TARGET/ where tests/test_robustness.py replays them.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
TARGETS = ("rdf", "sparql", "update", "csv", "xlsx", "case", "sssom", "esco")
HANG_SECONDS = 30.0
# Queries and updates run with this timeout; one that returns later than TIMEOUT + GRACE counts as
# an overrun (issue 15's "stops within about a second of its timeout").
QUERY_TIMEOUT = 2.0
OVERRUN_GRACE = 1.5
INTERESTING = [
    b"(" * 300,
    b"{" * 300,
    b"[" * 300,
    b'"',
    b"'",
    b'"""',
    b"<",
    b">",
    b"&",
    b"&lol;",
    b"\\",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\n",
    b"\r",
    b",",
    b"\t",
    b";",
    b"#",
    b"@prefix",
    b"_:b",
    b"^^",
    b"@en",
    b"99999999999999999999999999",
    b"-1",
    b"NaN",
    b"1e999",
    b'<!ENTITY a "&a;&a;">',
    b'"@id"',
    b"XFD1048576",
    b'r="XFD1048576"',
    b"<!DOCTYPE x [",
    b"SELECT",
    b"FILTER(",
    b"OPTIONAL {",
    b"UNION",
    b"ORDER BY ?o",
    b"GROUP BY ?s",
    b"VALUES ?x { 1 2 3 }",
    b"SERVICE <http://e/> {",
    b"LOAD <file:///etc/passwd>",
]


def seeds(target: str) -> list[tuple[str, bytes]]:
    """(name, bytes) seeds of a target, from the project's own files."""
    if target == "rdf":
        files = sorted((ROOT / "ontology").glob("*.ttl"))[:4] + [DATA / "esco" / "skos.ttl"]
        out = [(f"{f.name}", f.read_bytes()[:20000]) for f in files]
        # The same data in every other format, written by the library itself.
        import workforce_graph as wg

        g = wg.Graph(bundled=False)
        g.load(out[-1][1].decode(), format="turtle")
        with tempfile.TemporaryDirectory() as folder:
            for ext in ("nt", "nq", "trig", "rdf", "jsonld"):
                path = Path(folder) / f"seed.{ext}"
                g.save(path)
                out.append((path.name, path.read_bytes()[:20000]))
        return out
    if target == "sparql":
        return [(f.name, f.read_bytes()) for f in sorted((ROOT / "ontology" / "api").glob("*.rq"))] + [
            # Literals of every type in one ORDER BY (the total-order fix).
            ("mixed.rq", b"SELECT ?c ?a WHERE { ?a ?b ?c } ORDER BY ?c DESC(?a) LIMIT 3"),
            (
                "agg.rq",
                b"SELECT ?p (COUNT(*) AS ?n) (SAMPLE(?o) AS ?x) WHERE { ?s ?p ?o } GROUP BY ?p HAVING(?n > 1)",
            ),
            (
                "path.rq",
                b"ASK { ?s (<http://e/p>|^<http://e/q>)*/<http://e/r>+ ?o FILTER NOT EXISTS { ?o ?p ?s } }",
            ),
        ]
    if target == "update":
        return [
            ("insert.ru", b'PREFIX e: <http://e/> INSERT DATA { e:a e:p 1, 2.5, "x"@en ; e:q [ e:r e:s ] }'),
            ("modify.ru", b"DELETE { ?s ?p ?o } INSERT { ?s ?p ?n } WHERE { ?s ?p ?o BIND(STR(?o) AS ?n) }"),
            (
                "graphs.ru",
                b"CREATE GRAPH <http://e/g> ; COPY DEFAULT TO <http://e/g> ; CLEAR GRAPH <http://e/g>",
            ),
            (
                "where.ru",
                b"DELETE WHERE { ?s <http://e/p> ?o } ; INSERT { ?s <http://e/x> 1 } WHERE { ?s ?p ?o }",
            ),
        ]
    if target == "csv":
        return [
            (
                "items.csv",
                b'id,label,definition,parent\nA,Alpha,First,\nB,Beta,"Second, quoted",A\nC,Gamma,,B\n',
            ),
            ("items.tsv", b"id\tlabel\tparent\nA\tAlpha\t\nB\tBeta\tA\n"),
            ("titles.csv", (DATA / "job_titles.csv").read_bytes()[:8000]),
        ]
    if target == "xlsx":
        return [
            (
                "sheet1.xml",
                sheet_xml(
                    [("A1", "id"), ("B1", "label"), ("A2", "A"), ("B2", "Alpha"), ("A3", "B"), ("B3", "Beta")]
                ),
            )
        ]
    if target == "case":
        return [("demo.json", (DATA / "case" / "demo.json").read_bytes())]
    if target == "sssom":
        return [("demo.sssom.tsv", (DATA / "sssom" / "demo.sssom.tsv").read_bytes())]
    if target == "esco":
        folder = DATA / "esco" / "csv"
        return [(f.name, f.read_bytes()[:20000]) for f in sorted(folder.glob("*.csv"))]
    raise SystemExit(f"unknown target {target!r}; one of {', '.join(TARGETS)}")


def sheet_xml(cells: list[tuple[str, str]]) -> bytes:
    rows: dict[int, list[str]] = {}
    for ref, value in cells:
        row = int("".join(c for c in ref if c.isdigit()))
        rows.setdefault(row, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
    body = "".join(f'<row r="{r}">{"".join(rows[r])}</row>' for r in sorted(rows))
    return (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:B3"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def mutate(rng: random.Random, data: bytes, others: list[bytes]) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 3, 5, 8))):
        n = len(out)
        op = rng.randrange(8)
        at = rng.randrange(n + 1)
        if op == 0 and n:
            out[min(at, n - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif op == 2 and n:
            del out[at : at + rng.randrange(1, 64)]
        elif op == 3 and n:
            chunk = out[at : at + rng.randrange(1, 256)]
            out[at:at] = chunk * rng.randrange(1, 50)
        elif op == 4:
            out[at:at] = rng.choice(INTERESTING) * rng.choice((1, 1, 2, 10, 1000))
        elif op == 5 and others:
            other = rng.choice(others)
            start = rng.randrange(len(other) + 1)
            out[at:at] = other[start : start + rng.randrange(1, 512)]
        elif op == 6 and n:
            del out[at:]
        elif op == 7 and n:
            # Repeat a bracket pair around a span: deep nesting.
            depth = rng.choice((10, 300, 3000))
            opener, closer = rng.choice(((b"(", b")"), (b"{", b"}"), (b"[", b"]")))
            end = min(n, at + rng.randrange(0, 64))
            out[at:end] = opener * depth + out[at:end] + closer * depth
    return bytes(out[:2_000_000])


class PartialWrite(Exception):
    """An operation that raised left the graph changed: it must be all-or-nothing."""


class Overrun(Exception):
    """A query or update returned later than its timeout allows."""


STATE_QUERY = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"


def state(graph: Any, small: bool) -> object:
    """What must not change when an operation fails: every quad of a small graph (so a delete
    plus an insert is seen), the size and named graphs of the bundled one (cheap)."""
    if small:
        return sorted(map(repr, graph.query(STATE_QUERY)))
    return (len(graph), sorted(graph.named_graphs()))


def all_or_nothing(graph: Any, operation: Callable[[], object], small: bool = True) -> None:
    before = state(graph, small)
    try:
        operation()
    except Exception:
        if state(graph, small) != before:
            raise PartialWrite("the graph changed although the operation raised") from None
        raise


class Runner:
    """Runs one input of a target in this (worker) process."""

    def __init__(self, target: str, work: Path) -> None:
        import workforce_graph as wg

        self.wg = wg
        self.target = target
        self.work = work
        self.small = '<http://e/a> <http://e/p> "1" .\n<http://e/a> <http://e/q> "x"@en .\n_:b <http://e/p> <http://e/a> .\n'
        self.bundled = wg.Graph() if target in ("sparql", "sssom") else None

    def run(self, name: str, data: bytes) -> None:
        wg, work = self.wg, self.work
        if self.target == "rdf":
            fmt = {
                "ttl": "turtle",
                "nt": "nt",
                "nq": "nq",
                "trig": "trig",
                "rdf": "rdf/xml",
                "jsonld": "json-ld",
            }[name.rsplit(".", 1)[-1]]
            g = wg.Graph(bundled=False)
            g.load(self.small, format="nt")
            all_or_nothing(g, lambda: g.load(data.decode("utf-8", "replace"), format=fmt))
        elif self.target == "sparql":
            timed(lambda: self.bundled.query(data.decode("utf-8", "replace"), timeout=QUERY_TIMEOUT))
        elif self.target == "update":
            g = wg.Graph(bundled=False)
            g.load(self.small, format="nt")
            text = data.decode("utf-8", "replace")
            all_or_nothing(g, lambda: timed(lambda: g.update(text, timeout=QUERY_TIMEOUT)))
        elif self.target == "csv":
            path = work / ("in.tsv" if name.endswith(".tsv") else "in.csv")
            path.write_bytes(data)
            g = wg.Graph(bundled=False)
            g.load(self.small, format="nt")
            all_or_nothing(
                g,
                lambda: g.import_table(
                    path,
                    framework="Fuzz",
                    id="id",
                    label="label",
                    parent="parent",
                    publisher="Fuzz",
                    progress=False,
                ),
            )
        elif self.target == "xlsx":
            path = work / "in.xlsx"
            if data.startswith(b"PK"):
                path.write_bytes(data)
            else:
                with zipfile.ZipFile(path, "w") as archive:
                    for part, text in XLSX_PARTS.items():
                        archive.writestr(part, text)
                    archive.writestr("xl/worksheets/sheet1.xml", data)
            g = wg.Graph(bundled=False)
            g.load(self.small, format="nt")
            all_or_nothing(
                g,
                lambda: g.import_table(
                    path, framework="Fuzz", id="id", label="label", publisher="Fuzz", progress=False
                ),
            )
        elif self.target == "case":
            path = work / "in.json"
            path.write_bytes(data)
            g = wg.Graph(bundled=False)
            g.load(self.small, format="nt")
            all_or_nothing(g, lambda: g.import_case(path))
        elif self.target == "sssom":
            path = work / "in.sssom.tsv"
            path.write_bytes(data)
            g = self.bundled
            # A fresh copy per input would cost seconds; an accepted file is undone by reloading.
            before = state(g, small=False)
            all_or_nothing(g, lambda: g.import_sssom(path), small=False)
            if state(g, small=False) != before:
                self.bundled = wg.Graph()
        elif self.target == "esco":
            folder = work / "esco"
            if folder.exists():
                shutil.rmtree(folder)
            shutil.copytree(DATA / "esco" / "csv", folder)
            (folder / name).write_bytes(data)
            g = wg.Graph(bundled=False)
            g.load(self.small, format="nt")
            all_or_nothing(g, lambda: g.import_esco(folder, progress=False))


def timed(operation: Callable[[], object]) -> None:
    """Runs a query or update with a timeout; raises Overrun when it returns too late, whether it
    succeeded or raised (a timeout error that arrives a minute late is still an overrun)."""
    start = time.monotonic()
    try:
        operation()
    finally:
        elapsed = time.monotonic() - start
        if elapsed > QUERY_TIMEOUT + OVERRUN_GRACE:
            raise Overrun(f"returned after {elapsed:.1f} s with timeout={QUERY_TIMEOUT} s")


def worker(target: str, work: Path, seed: int, deadline: float, replay: Path | None) -> None:
    runner = Runner(target, work)
    corpus = seeds(target)
    rng = random.Random(seed)
    current = work / "current"
    stats = work / "stats.jsonl"
    counts: collections.Counter[str] = collections.Counter()
    inputs = 0

    def attempt(name: str, data: bytes) -> None:
        nonlocal inputs
        current.write_bytes(name.encode() + b"\n" + data)
        try:
            runner.run(name, data)
            counts["ok"] += 1
        except (PartialWrite, Overrun) as failure:
            # Not a crash, but a finding: keep the input beside the crashes and count it.
            kind = type(failure).__name__
            counts[kind] += 1
            kept = work / "crashes" / f"{kind.lower()}-{counts[kind]}"
            if counts[kind] <= 20:
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(current, kept)
                kept.with_suffix(".txt").write_text(f"{failure}\n")
        except Exception as error:  # every typed error is a handled input
            kind = type(error).__name__
            counts[kind] += 1
            if kind == "PanicException":
                raise
        inputs += 1

    if replay is not None:
        name, _, data = replay.read_bytes().partition(b"\n")
        attempt(name.decode(), data)
        print(json.dumps({"replayed": str(replay), "outcome": dict(counts)}))
        if counts["PartialWrite"] or counts["Overrun"]:
            sys.exit(1)
        return
    others = [data for _, data in corpus]
    for name, data in corpus:
        attempt(name, data)
    last_flush = time.monotonic()
    while time.monotonic() < deadline:
        name, data = rng.choice(corpus)
        attempt(name, mutate(rng, data, others))
        if time.monotonic() - last_flush > 1:
            with stats.open("a") as out:
                out.write(json.dumps({"inputs": inputs, "counts": counts}) + "\n")
            inputs, counts, last_flush = 0, collections.Counter(), time.monotonic()
    with stats.open("a") as out:
        out.write(json.dumps({"inputs": inputs, "counts": counts}) + "\n")


def supervise(target: str, seconds: float, work: Path, seed: int) -> dict:
    crashes_dir = work / "crashes"
    crashes_dir.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    deadline = start + seconds
    crashes = hangs = restarts = 0
    kept: list[str] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 and restarts > 0:
            break
        child = subprocess.Popen(
            [
                sys.executable,
                __file__,
                target,
                "--worker",
                "--seconds",
                str(max(remaining, 0.0)),
                "--work",
                str(work),
                "--seed",
                str(seed + restarts),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        restarts += 1
        current = work / "current"
        # Wall-clock time, as the file's mtime is: a worker is stuck when neither its start nor its
        # latest input is recent (loading the bundled graph at start-up counts as progress).
        child_started = time.time()
        while child.poll() is None:
            time.sleep(0.2)
            stamp = max(current.stat().st_mtime if current.exists() else 0.0, child_started)
            if time.time() - stamp > HANG_SECONDS:
                child.kill()
                child.wait()
                hangs += 1
                kept.append(keep(current, crashes_dir, f"hang-{hangs}"))
                break
        else:
            if child.returncode != 0:
                crashes += 1
                stderr = child.stderr.read() if child.stderr else ""
                kept.append(keep(current, crashes_dir, f"crash-{crashes}"))
                (crashes_dir / f"crash-{crashes}.stderr").write_text(stderr[-5000:])
            elif time.monotonic() >= deadline:
                break
    inputs = 0
    counts: collections.Counter[str] = collections.Counter()
    stats = work / "stats.jsonl"
    if stats.exists():
        for line in stats.read_text().splitlines():
            record = json.loads(line)
            inputs += record["inputs"]
            counts.update(record["counts"])
    return {
        "target": target,
        "seconds": round(time.monotonic() - start, 1),
        "inputs": inputs,
        "crashes": crashes,
        "hangs": hangs,
        "overruns": counts.get("Overrun", 0),
        "partial_writes": counts.get("PartialWrite", 0),
        "kept": kept,
        "outcomes": dict(counts.most_common()),
    }


def keep(current: Path, folder: Path, name: str) -> str:
    path = folder / name
    if current.exists():
        shutil.copyfile(current, path)
    return str(path)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("target", choices=TARGETS)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--work", type=Path)
    parser.add_argument("--seed", type=int, default=int(os.environ.get("WG_FUZZ_SEED", "1")))
    parser.add_argument("--replay", type=Path)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix=f"wg-fuzz-{args.target}-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.worker or args.replay:
        worker(args.target, work, args.seed, time.monotonic() + args.seconds, args.replay)
        return 0
    summary = supervise(args.target, args.seconds, work, args.seed)
    print(json.dumps(summary))
    failures = ("crashes", "hangs", "overruns", "partial_writes")
    return 0 if all(summary[name] == 0 for name in failures) else 1


if __name__ == "__main__":
    sys.exit(main())
