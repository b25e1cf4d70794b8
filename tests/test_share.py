"""Sharing: the self-contained HTML report (opened in a real headless browser) and Excel output."""

from __future__ import annotations

import os
import pathlib
import re
import stat
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
import workforce_graph as wg
from workforce_graph import html_report

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from browser import chromium, open_page

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"


def _cli(*args: str, cwd: pathlib.Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workforce_graph", *args], capture_output=True, text=True, cwd=cwd
    )


@pytest.fixture(scope="module")
def report_page(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    run = _cli("report", "--html", str(path))
    assert run.returncode == 0, run.stderr
    return path


def test_the_html_report_is_self_contained_and_says_what_each_chart_shows(
    report_page: pathlib.Path, bundled: wg.Graph
) -> None:
    page = report_page.read_text(encoding="utf-8")
    # Nothing is fetched: no scripts, stylesheets, fonts or images from elsewhere.
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)
    assert "<script" not in page and "@import" not in page
    images = re.findall(r'<img alt="[^"]*" src="data:image/png;base64,', page)
    assert len(images) >= 5, "overlap, coverage matrix, gaps, gaps by kind, years, topics"
    # Each chart has a sentence saying what it shows and what it cannot.
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", page, flags=re.DOTALL)
    assert len(captions) == len(images)
    assert all("cannot" in caption for caption in captions)
    # What the graph holds: the same numbers as the API.
    assert f"<b>{len(bundled):,}</b>triples" in page
    assert f"<b>{len(bundled.frameworks())}</b>frameworks" in page
    for code in bundled.frameworks()["framework_code"]:
        assert f"<td>{code}</td>" in page


def test_overlap_cells_are_n_of_n_from_the_overlap_table(bundled: wg.Graph) -> None:
    overlap = bundled.framework_overlap()
    codes, cells = html_report.overlap_matrix(overlap)
    row = overlap.iloc[0]
    a, b = codes.index(row["framework_a_code"]), codes.index(row["framework_b_code"])
    assert cells[a][b] == (int(row["covered_a"]), int(row["items_a"]))
    assert cells[b][a] == (int(row["covered_b"]), int(row["items_b"]))
    assert all(cells[i][i] is None for i in range(len(codes)))


@pytest.mark.skipif(chromium() is None, reason="chromium is installed by scripts/install-system-deps.sh")
def test_the_html_report_opens_in_a_real_browser_without_errors(report_page: pathlib.Path) -> None:
    shot = BUILD / "report-screenshot.png"
    seen = open_page(report_page, shot)
    assert seen.title == "What the workforce graph holds"
    assert seen.console_errors == [] and seen.exceptions == [] and seen.failed_requests == []
    assert all(url.startswith(("file:", "data:")) for url in seen.requests), seen.requests
    assert len(seen.images) >= 5
    assert all(image["complete"] and image["naturalWidth"] > 0 for image in seen.images), seen.images
    assert shot.stat().st_size > 10_000


def test_written_files_have_ordinary_permissions(tmp_path: pathlib.Path, bundled: wg.Graph) -> None:
    """The HTML report and Excel files go through the core's atomic write path: no temporary file is
    left, and the file gets the mode the process umask gives (not a private temporary file's 0600)."""
    old = os.umask(0o022)
    try:
        page, book = tmp_path / "r.html", tmp_path / "f.xlsx"
        html_report.write_html(bundled, page)
        bundled.export("KSF", book)
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.xlsx", "r.html"]
    for path in (page, book):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == 0o644, oct(mode)


def test_export_to_excel_for_frameworks_and_role_tables(tmp_path: pathlib.Path, bundled: wg.Graph) -> None:
    competencies = tmp_path / "ksf.xlsx"
    count = bundled.export("KSF", competencies)
    csv = tmp_path / "ksf.csv"
    assert bundled.export("KSF", csv) == count > 0
    book = openpyxl.load_workbook(competencies)
    assert book.sheetnames == ["Competencies"]
    sheet = book["Competencies"]
    assert [c.value for c in sheet[1]] == ["ID", "Label", "Definition", "Parent", "Related"]
    assert sheet[1][0].font.bold and sheet.freeze_panes == "A2"
    expected = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert sheet.max_row - 1 == len(expected)
    assert [c.value for c in sheet[2]][:2] == expected.iloc[0, :2].tolist()

    roles = tmp_path / "ddat-roles.xlsx"
    rows = bundled.export("DDaT", roles, kind="role")
    sheet = openpyxl.load_workbook(roles)["Roles"]
    header = [c.value for c in sheet[1]]
    assert "Required level" in header and "Rank" in header
    assert sheet.max_row - 1 == rows > 100
    rank = header.index("Rank")
    assert all(
        isinstance(row[rank], int)
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[rank] is not None
    )


def test_excel_reimports_with_import_table(tmp_path: pathlib.Path, bundled: wg.Graph) -> None:
    book = tmp_path / "ksf.xlsx"
    bundled.export("KSF", book)
    fresh = wg.Graph(bundled=False)
    report = fresh.import_table(
        book,
        sheet="Competencies",
        framework="KSF again",
        publisher="Me",
        id="ID",
        label="Label",
        definition="Definition",
        parent="Parent",
        progress=False,
    )
    assert report["added"]["competencies"] == len(bundled.competencies("KSF"))


def test_cli_writes_analyses_to_excel_one_sheet_per_table(tmp_path: pathlib.Path, bundled: wg.Graph) -> None:
    path = tmp_path / "overlap.xlsx"
    run = _cli("overlap", "DDaT", "NCF", "--format", "xlsx", "--output", str(path))
    assert run.returncode == 0, run.stderr
    sheet = openpyxl.load_workbook(path)["Results"]
    expected = bundled.framework_overlap(["DDaT", "NCF"])
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Framework a", "Framework a label", "Framework a code"] and len(header) == len(
        expected.columns
    )
    assert sheet.max_row - 1 == len(expected)
    gaps = tmp_path / "gaps.xlsx"
    assert _cli("gaps", "--max-bodies", "1", "--output", str(gaps)).returncode == 0  # .xlsx: format implied
    rows = list(openpyxl.load_workbook(gaps).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(bundled.coverage_gaps(max_bodies=1))
    missing = _cli("gaps", "--format", "xlsx")
    assert missing.returncode == 2 and "--output" in missing.stderr


def test_several_tables_make_several_sheets(tmp_path: pathlib.Path) -> None:
    from workforce_graph.excel import write_excel

    path = tmp_path / "two.xlsx"
    frame = pd.DataFrame({"matched_words": [["a", "b"]], "count": [3], "date": [pd.Timestamp("2024-05-01")]})
    write_excel({"First/one": frame, "Second": frame.head(0)}, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["First one", "Second"]
    assert [c.value for c in book["First one"][2]][:2] == ["a; b", 3]
    assert book["First one"]["C2"].is_date
