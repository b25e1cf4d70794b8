"""Graph.import_table and Graph.export: any framework held in a table, given only a column mapping."""

from __future__ import annotations

import hashlib
import importlib.util
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
import workforce_graph as wg
from workforce_graph import _progress
from workforce_graph.exceptions import DataFormatError

WG = "https://w3id.org/workforce-graph/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DDAT_EXPORT = Path(__file__).resolve().parents[2] / "shared" / "data" / "ddat"
DDAT_LEVELS = ["Awareness", "Working", "Practitioner", "Expert"]
COMMON = {"publisher": "Example Skills Council", "progress": False}


# -- Small writers of spreadsheets (no spreadsheet library is a dependency) --------------------


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> None:
    """A minimal Office Open XML workbook: inline strings, numbers as numbers."""
    names = list(sheets)
    with zipfile.ZipFile(path, "w") as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(len(names))
        )
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            f'spreadsheetml.sheet.main+xml"/>{overrides}</Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_entries = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, name in enumerate(names)
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships"><sheets>{sheet_entries}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>',
        )
        for i, name in enumerate(names):
            rows = []
            for r, row in enumerate(sheets[name]):
                cells = []
                for c, value in enumerate(row):
                    ref = f"{_column_letter(c)}{r + 1}"
                    if value is None:
                        continue
                    if isinstance(value, (int, float)):
                        cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>')
                rows.append(f'<row r="{r + 1}">{"".join(cells)}</row>')
            z.writestr(
                f"xl/worksheets/sheet{i + 1}.xml",
                '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                f'spreadsheetml/2006/main"><sheetData>{"".join(rows)}</sheetData></worksheet>',
            )


def write_ods(path: Path, rows: list[list[str]]) -> None:
    """A minimal OpenDocument spreadsheet with one sheet of text cells."""
    body = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{escape(v)}</text:p></table:table-cell>'
            for v in row
        )
        + "</table:table-row>"
        for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Skills">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)


# -- Helpers ---------------------------------------------------------------------------------


def fingerprint(g: wg.Graph, folder: Path) -> tuple[int, str]:
    """The number of triples and a hash of the sorted N-Quads."""
    path = folder / "fingerprint.nq"
    g.save(path, format="n-quads")
    lines = sorted(path.read_text(encoding="utf-8").splitlines())
    return len(g), hashlib.sha256("\n".join(lines).encode()).hexdigest()


def rows(g: wg.Graph, sparql: str) -> set[tuple[str, ...]]:
    result = g.query(sparql).to_pandas()
    return {tuple(v if isinstance(v, str) else "" for v in row) for row in result.itertuples(index=False)}


def labels_by_code(g: wg.Graph, framework: str) -> dict[str, str]:
    table = g.competencies(framework)
    return dict(zip(table["competency_code"], table["competency_label"]))


# -- Formats ---------------------------------------------------------------------------------


def test_csv_with_bom_quotes_blank_rows_whitespace_and_na_values(empty: wg.Graph, tmp_path: Path) -> None:
    path = tmp_path / "skills.csv"
    path.write_bytes(
        "\ufeffCode , Name,Description,Broader,See also\n"
        'D,Data,"All about data, ""broadly""",-,\n'
        "\n"
        ' D1 ,"Data quality,\nassurance",Checks,D,D2\n'
        ",,,,\n"
        "D2,Data modelling,-,D,\n".encode()
    )
    report = empty.import_table(
        path,
        framework="Acme data skills",
        id="Code",
        label="Name",
        definition="Description",
        parent="Broader",
        related="See also",
        na_values=["-"],
        **COMMON,
    )
    assert report["added"] == {"competencies": 3, "frameworks": 1}
    assert "skipped 2 blank rows at lines 3, 6" in report["notes"]
    assert report["framework"] == "https://w3id.org/workforce-graph/id/framework/acme-data-skills"
    assert labels_by_code(empty, "Acme data skills") == {
        "D": "Data",
        "D1": "Data quality,\nassurance",
        "D2": "Data modelling",
    }
    base = report["framework"] + "/competency/"
    broader = rows(empty, f"SELECT ?c ?p WHERE {{ ?c <{SKOS}broader> ?p }}")
    assert broader == {(base + "D1", base + "D"), (base + "D2", base + "D")}
    assert rows(empty, f"SELECT ?c ?r WHERE {{ ?c <{SKOS}related> ?r }}") == {(base + "D1", base + "D2")}
    definitions = rows(empty, f"SELECT ?c ?d WHERE {{ ?c <{SKOS}definition> ?d }}")
    assert definitions == {(base + "D", 'All about data, "broadly"'), (base + "D1", "Checks")}
    # Every item cites the file.
    sources = rows(
        empty, f"SELECT ?c ?s WHERE {{ ?c <{SKOS}inScheme> ?f ; <http://purl.org/dc/terms/source> ?s }}"
    )
    assert {s for _, s in sources} == {path.resolve().as_uri()}
    assert len(sources) == 3


def test_imported_framework_passes_validation_and_is_listed(empty: wg.Graph, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,label,parent\nA,Alpha,\nB,Beta,A\n")
    empty.import_table(path, framework="Checked", id="id", label="label", parent="parent", **COMMON)
    problems = empty.validate()
    assert list(problems[problems["severity"] == "violation"]["focus_node"]) == []
    frameworks = empty.frameworks()
    row = frameworks[frameworks["framework_code"] == "Checked"].iloc[0]
    assert row["publisher_label"] == ["Example Skills Council"]
    assert int(row["competencies"]) == 2


def test_without_a_publisher_the_report_says_validation_will_flag_it(empty: wg.Graph, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,label\nA,Alpha\n")
    report = empty.import_table(path, framework="Anonymous", id="id", label="label", progress=False)
    assert any("no publisher=" in note for note in report["notes"])


@pytest.mark.parametrize(("name", "sep"), [("f.tsv", None), ("f.txt", None), ("f.txt", "\t")])
def test_tab_separated(empty: wg.Graph, tmp_path: Path, name: str, sep: str | None) -> None:
    path = tmp_path / name
    path.write_text("id\tlabel\nA\tAlpha, with a comma\nB\tBeta\n")
    empty.import_table(path, framework="Tabs", id="id", label="label", sep=sep, **COMMON)
    assert labels_by_code(empty, "Tabs") == {"A": "Alpha, with a comma", "B": "Beta"}


def test_semicolon_separator_is_sniffed(empty: wg.Graph, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id;label\nA;Alpha, first\n")
    empty.import_table(path, framework="Semi", id="id", label="label", **COMMON)
    assert labels_by_code(empty, "Semi") == {"A": "Alpha, first"}


@pytest.mark.parametrize("sheet", ["Skills", 1, None])
def test_xlsx_by_sheet_name_or_index(empty: wg.Graph, tmp_path: Path, sheet: str | int | None) -> None:
    path = tmp_path / "book.xlsx"
    write_xlsx(
        path,
        {
            "Cover": [["Not the table"]] if sheet is not None else [["id", "label"], [7, "Seven"]],
            "Skills": [
                ["id", "label", "parent"],
                [1, "One", None],
                [None, None, None],
                [2, "Two, and a half", 1],
            ],
        },
    )
    report = empty.import_table(
        path, framework="Sheets", id="id", label="label", parent=None, sheet=sheet, **COMMON
    )
    if sheet is None:
        assert labels_by_code(empty, "Sheets") == {"7": "Seven"}
    else:
        assert labels_by_code(empty, "Sheets") == {"1": "One", "2": "Two, and a half"}
        assert "skipped 1 blank rows at lines 3" in report["notes"]


def test_xlsx_errors_name_the_sheet_row_and_column(empty: wg.Graph, tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    write_xlsx(path, {"Skills": [["id", "label", "parent"], [1, "One", None], [2, "Two", 9]]})
    with pytest.raises(DataFormatError) as raised:
        empty.import_table(path, framework="Sheets", id="id", label="label", parent="parent", **COMMON)
    assert (raised.value.lineno, raised.value.column, raised.value.offset, raised.value.kind) == (
        3,
        "parent",
        3,
        "unknown_reference",
    )
    with pytest.raises(DataFormatError, match='no sheet "Roles"') as raised:
        empty.import_table(path, framework="Sheets", id="id", label="label", sheet="Roles", **COMMON)
    assert len(empty) == 0


def test_sheets_are_found_by_name_as_columns_are(empty: wg.Graph, tmp_path: Path) -> None:
    """A sheet is the one written so, else the one that is the same name (case, spacing and
    ``and``/``&`` aside); two sheets that are both that name are refused, listing them."""
    path = tmp_path / "book.xlsx"
    table = [["id", "label"], [1, "One"]]
    write_xlsx(path, {"Cover": [["Not the table"]], "Data & Analysis": table})
    empty.import_table(path, framework="Sheets", id="id", label="label", sheet="data  and analysis", **COMMON)
    assert labels_by_code(empty, "Sheets") == {"1": "One"}

    both = tmp_path / "both.xlsx"
    write_xlsx(both, {"Data and Analysis": table, "DATA & ANALYSIS": [["id", "label"], [2, "Two"]]})
    with pytest.raises(DataFormatError, match="ambiguous") as raised:
        empty.import_table(both, framework="Other", id="id", label="label", sheet="data & analysis", **COMMON)
    assert raised.value.kind == "malformed"
    assert '"Data and Analysis", "DATA & ANALYSIS"' in str(raised.value)
    empty.import_table(both, framework="Other", id="id", label="label", sheet="DATA & ANALYSIS", **COMMON)
    assert labels_by_code(empty, "Other") == {"2": "Two"}


def test_ods(empty: wg.Graph, tmp_path: Path) -> None:
    path = tmp_path / "book.ods"
    write_ods(path, [["id", "label", "parent"], ["A", "Alpha", ""], ["B", "Beta", "A"]])
    empty.import_table(path, framework="Open", id="id", label="label", parent="parent", **COMMON)
    assert labels_by_code(empty, "Open") == {"A": "Alpha", "B": "Beta"}


# -- Several calls, roles, analyses ----------------------------------------------------------


def test_two_calls_build_one_framework_with_parents_across_calls(empty: wg.Graph, tmp_path: Path) -> None:
    (tmp_path / "areas.csv").write_text("id,label\nENG,Engineering\nDAT,Data\n")
    (tmp_path / "skills.csv").write_text("id,label,parent\nPY,Python,ENG\nSQL,SQL,DAT\nPG,PostgreSQL,SQL\n")
    first = empty.import_table(tmp_path / "areas.csv", framework="Split", id="id", label="label", **COMMON)
    second = empty.import_table(
        tmp_path / "skills.csv", framework="Split", id="id", label="label", parent="parent", progress=False
    )
    assert first["framework"] == second["framework"]
    assert "frameworks" not in second["added"]
    table = empty.competencies("Split")
    parents = {
        code: (name if isinstance(name, str) else None)
        for code, name in zip(table["competency_code"], table["broader_label"])
    }
    assert parents == {"ENG": None, "DAT": None, "PY": "Engineering", "SQL": "Data", "PG": "SQL"}


@pytest.fixture
def roles_graph(tmp_path: Path) -> wg.Graph:
    g = wg.Graph(bundled=False)
    (tmp_path / "skills.csv").write_text(
        "id,label\nsql,SQL\npy,Python\nviz,Visualisation\nml,Machine learning\n"
    )
    g.import_table(tmp_path / "skills.csv", framework="Acme", id="id", label="label", **COMMON)
    (tmp_path / "roles.csv").write_text(
        "role,name,family,level,skill,needed,type\n"
        "analyst,Data analyst,Data,Junior analyst,sql,Working,essential\n"
        "analyst,Data analyst,Data,Junior analyst,viz,Awareness,optional\n"
        "analyst,Data analyst,Data,Senior analyst,sql,Expert,essential\n"
        "analyst,Data analyst,Data,Senior analyst,viz,Practitioner,essential\n"
        "analyst,Data analyst,Data,Senior analyst,py,Working,essential\n"
        "analyst,Data analyst,Data,Senior analyst,py,Working,essential\n"
        "scientist,Data scientist,Data,Data scientist,py,Expert,essential\n"
        "scientist,Data scientist,Data,Data scientist,ml,Practitioner,essential\n"
        "scientist,Data scientist,Data,Data scientist,sql,Working,\n"
        "engineer,ML engineer,Engineering,ML engineer,ml,Expert,\n"
    )
    report = g.import_table(
        tmp_path / "roles.csv",
        framework="Acme",
        kind="role",
        id="role",
        label="name",
        family="family",
        level="level",
        competency="skill",
        required_level="needed",
        requirement_type="type",
        levels=DDAT_LEVELS,
        progress=False,
    )
    assert report["added"] == {
        "roles": 3,
        "role families": 2,
        "role levels": 4,
        "requirements": 9,
        "levels": 4,
    }
    notes = report["notes"]
    assert any("dropped 1 duplicate requirement rows" in note and "lines 7" in note for note in notes)
    return g


def test_roles_with_requirements_work_with_the_analyses(roles_graph: wg.Graph) -> None:
    g = roles_graph
    base = "https://w3id.org/workforce-graph/id/framework/acme/role/"
    junior, senior = base + "analyst/level/Junior%20analyst", base + "analyst/level/Senior%20analyst"
    gap = g.skill_gap(junior, senior)
    statuses = dict(zip(gap["competency_label"], gap["status"]))
    assert statuses == {"SQL": "raise", "Visualisation": "raise", "Python": "gain"}
    similar = g.similar_roles(senior, k=3)
    shared = dict(zip(similar["role_label"], similar["shared"]))
    assert shared["Junior analyst"] == 2 and shared["Data scientist"] == 2
    assert shared.get("ML engineer", 0) == 0
    levels = g.role_levels("Acme")
    ranks = {(r.role_label, r.role_level_label): int(r.rank) for r in levels.itertuples()}
    assert ranks[("Data analyst", "Junior analyst")] == 1 and ranks[("Data analyst", "Senior analyst")] == 2
    optional = f"""SELECT ?l ?v WHERE {{ ?r <{WG}requirementType> <{WG}Optional> ;
        <{WG}requiredCompetency> ?c ; <{WG}forRoleLevel> ?level .
        ?c <{SKOS}prefLabel> ?l . ?level <{SKOS}prefLabel> ?v }}"""
    assert rows(g, optional) == {("Visualisation", "Junior analyst")}
    problems = g.validate()
    assert list(problems[problems["severity"] == "violation"]["focus_node"]) == []


def test_role_table_errors(roles_graph: wg.Graph, tmp_path: Path) -> None:
    g = roles_graph
    before = fingerprint(g, tmp_path)
    args = {
        "framework": "Acme",
        "kind": "role",
        "id": "role",
        "label": "name",
        "competency": "skill",
        "progress": False,
    }
    cases: list[tuple[str, dict[str, object], tuple[int, str, int, str]]] = [
        ("role,name,skill\nnew,New role,cobol\n", {}, (2, "skill", 3, "unknown_reference")),
        (
            "role,name,skill,needed\nnew,New role,sql,Guru\n",
            {"required_level": "needed", "levels": DDAT_LEVELS},
            (2, "needed", 4, "unknown_reference"),
        ),
        ("role,name,skill\nnew,New role,sql\nnew,Other name,py\n", {}, (3, "name", 2, "conflicting_value")),
        ("role,name,skill\nanalyst,Data analyst,sql\n", {}, (2, "role", 1, "duplicate_id")),
        (
            "role,name,skill,type\nnew,New role,sql,maybe\n",
            {"requirement_type": "type"},
            (2, "type", 4, "invalid_value"),
        ),
    ]
    for text, extra, expected in cases:
        path = tmp_path / "bad-roles.csv"
        path.write_text(text)
        with pytest.raises(DataFormatError) as raised:
            g.import_table(path, **args, **extra)  # type: ignore[arg-type]
        error = raised.value
        assert (error.lineno, error.column, error.offset, error.kind) == expected, (text, str(error))
        assert error.filename == str(path)
    assert fingerprint(g, tmp_path) == before


# -- All or nothing, with the place of each failure -------------------------------------------

FAILURES: list[tuple[str, bytes, dict[str, object], tuple[int | None, str | None, int | None, str]]] = [
    ("missing column", b"id,name\nA,Alpha\n", {}, (1, "label", None, "missing_column")),
    ("duplicate id", b"id,label\nA,Alpha\nB,Beta\nA,Again\n", {}, (4, "id", 1, "duplicate_id")),
    (
        "unknown parent",
        b"id,label,parent\nA,Alpha,\nB,Beta,Z\n",
        {"parent": "parent"},
        (3, "parent", 3, "unknown_reference"),
    ),
    (
        "cycle",
        b"id,label,parent\nA,Alpha,\nB,Beta,C\nC,Gamma,D\nD,Delta,B\n",
        {"parent": "parent"},
        (3, "parent", 3, "cycle"),
    ),
    ("self parent", b"id,label,parent\nA,Alpha,A\n", {"parent": "parent"}, (2, "parent", 3, "cycle")),
    ("latin-1", "id,label\nA,Alpha\nB,Caf\u00e9\n".encode("latin-1"), {}, (3, None, 6, "not_utf8")),
    ("empty file", b"", {}, (None, None, None, "empty")),
    ("header only", b"\xef\xbb\xbfid,label\n", {}, (1, None, None, "empty")),
    ("missing id", b"label,id\nAlpha,A\nBeta,\n", {}, (3, "id", 2, "missing_value")),
    (
        "unknown related",
        b"id,label,rel\nA,Alpha,B|Q\nB,Beta,\n",
        {"related": "rel"},
        (2, "rel", 3, "unknown_reference"),
    ),
    ("extra field", b"id,label\nA,Alpha,oops\n", {}, (2, None, 3, "malformed")),
    ("repeated header", b"id,label,label\nA,Alpha,Other\n", {}, (1, "label", 3, "duplicate_column")),
    (
        "quote never closed",
        b'id,label\nA,Alpha\nB,"Beta, and every line after\nC,Gamma\nD,Delta\n',
        {},
        (3, "label", 2, "malformed"),
    ),
    (
        "unknown competency after many rows",
        b"id,label,competency\n"
        + b"".join(b"R%d,Role %d,\n" % (i, i) for i in range(3000))
        + b"R1,Role 1,nowhere\n",
        {"kind": "role", "competency": "competency"},
        (3002, "competency", 3, "unknown_reference"),
    ),
]


@pytest.mark.parametrize(("case", "content", "extra", "expected"), FAILURES, ids=[f[0] for f in FAILURES])
def test_bad_input_names_row_column_and_kind_and_changes_nothing(
    tmp_path: Path,
    case: str,
    content: bytes,
    extra: dict[str, object],
    expected: tuple[int | None, str | None, int | None, str],
) -> None:
    g = wg.Graph(bundled=False)
    (tmp_path / "first.csv").write_text("id,label\nX,Existing\n")
    g.import_table(tmp_path / "first.csv", framework="Strict", id="id", label="label", **COMMON)
    before = fingerprint(g, tmp_path)
    path = tmp_path / "input.csv"
    path.write_bytes(content)
    with pytest.raises(DataFormatError) as raised:
        g.import_table(
            path,
            framework="Strict",
            id="id",
            label="label",
            **extra,
            **COMMON,  # type: ignore[arg-type]
        )
    error = raised.value
    assert (error.lineno, error.column, error.offset, error.kind) == expected, str(error)
    assert error.filename == str(path)
    assert isinstance(error, SyntaxError) and isinstance(error, ValueError)
    assert fingerprint(g, tmp_path) == before


def test_an_id_imported_by_an_earlier_call_is_a_duplicate(empty: wg.Graph, tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("id,label\nA,Alpha\n")
    empty.import_table(tmp_path / "a.csv", framework="Twice", id="id", label="label", **COMMON)
    before = fingerprint(empty, tmp_path)
    (tmp_path / "b.csv").write_text("id,label\nB,Beta\nA,Alpha again\n")
    with pytest.raises(DataFormatError, match="already in framework") as raised:
        empty.import_table(tmp_path / "b.csv", framework="Twice", id="id", label="label", progress=False)
    assert (raised.value.lineno, raised.value.kind) == (3, "duplicate_id")
    assert fingerprint(empty, tmp_path) == before


def test_a_missing_file_is_an_os_error(empty: wg.Graph, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        empty.import_table(tmp_path / "nope.csv", framework="X", id="id", label="label", progress=False)


def test_bad_arguments_are_value_errors(empty: wg.Graph, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("id,label,level\nA,Alpha,1\n")
    with pytest.raises(ValueError, match="kind must be"):
        empty.import_table(path, framework="X", id="id", label="label", kind="thing", progress=False)
    with pytest.raises(ValueError, match="role tables"):
        empty.import_table(path, framework="X", id="id", label="label", level="level", progress=False)
    assert len(empty) == 0


# -- Export ----------------------------------------------------------------------------------


def test_export_turtle_and_json_ld_load_back(roles_graph: wg.Graph, tmp_path: Path) -> None:
    count = roles_graph.export("Acme", tmp_path / "acme.ttl")
    assert count == len(roles_graph)  # the graph holds only this framework, its scale and publisher
    for name in ["acme.ttl", "acme.jsonld"]:
        roles_graph.export("Acme", tmp_path / name)
        copy = wg.Graph(bundled=False)
        copy.load(tmp_path / name)
        assert fingerprint(copy, tmp_path) == fingerprint(roles_graph, tmp_path)


def test_role_table_round_trip(roles_graph: wg.Graph, tmp_path: Path) -> None:
    # The exports overwrite the files the fixture imported, so both sides cite the same sources.
    assert roles_graph.export("Acme", tmp_path / "skills.csv") == 4
    assert roles_graph.export("Acme", tmp_path / "roles.csv", kind="role") == 9
    header = "id,label,definition,parent,related,family,level,rank,competency,required_level,requirement_type"
    assert (tmp_path / "roles.csv").read_text().splitlines()[0] == header
    copy = wg.Graph(bundled=False)
    item_columns = {"id": "id", "label": "label", "definition": "definition", "parent": "parent"}
    copy.import_table(tmp_path / "skills.csv", framework="Acme", related="related", **item_columns, **COMMON)
    copy.import_table(
        tmp_path / "roles.csv",
        framework="Acme",
        kind="role",
        related="related",
        family="family",
        level="level",
        rank="rank",
        competency="competency",
        required_level="required_level",
        requirement_type="requirement_type",
        levels=DDAT_LEVELS,
        progress=False,
        **item_columns,
    )
    assert fingerprint(copy, tmp_path) == fingerprint(roles_graph, tmp_path)


def test_export_of_an_unknown_framework_suggests_names(roles_graph: wg.Graph, tmp_path: Path) -> None:
    with pytest.raises(wg.exceptions.UnknownNameError):
        roles_graph.export("Acne", tmp_path / "x.ttl")
    with pytest.raises(ValueError, match="unknown export format"):
        roles_graph.export("Acme", tmp_path / "x.docx")


# -- Progress --------------------------------------------------------------------------------


def test_progress_counter_on_stderr(
    empty: wg.Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.csv"
    path.write_text("id,label\n" + "".join(f"i{i},Item {i}\n" for i in range(500)))
    empty.import_table(path, framework="Many", id="id", label="label", publisher="Acme Ltd")
    err = capsys.readouterr().err
    if importlib.util.find_spec("tqdm") is None:
        assert err == ""  # the plain counter shows on a terminal only; captured stderr is not one
    else:
        assert "import many.csv" in err and "row" in err  # tqdm's bar, cleared when done (leave=False)
    empty.import_table(tmp_path / "many.csv", framework="Quiet", id="id", label="label", **COMMON)
    assert capsys.readouterr().err == ""


def test_importers_report_progress_through_the_facade_hook(
    empty: wg.Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The native module imports nothing of the package: it starts bars through the callable the
    # package handed it (``_progress.start``), which looks ``Progress`` up when called.
    started: list[tuple[object, ...]] = []
    updates: list[int] = []
    closed: list[bool] = []

    class Recorder:
        def __init__(self, *args: object) -> None:
            started.append(args)

        def update(self, n: int = 1) -> None:
            updates.append(n)

        def close(self) -> None:
            closed.append(True)

    monkeypatch.setattr(_progress, "Progress", Recorder)
    path = tmp_path / "few.csv"
    path.write_text("id,label\n" + "".join(f"i{i},Item {i}\n" for i in range(30)))
    empty.import_table(path, framework="Few", id="id", label="label", publisher="Acme Ltd")
    assert started == [(30, "import few.csv", True, "row")]
    assert sum(updates) == 30
    assert closed == [True]
    empty.import_table(path, framework="Quiet", id="id", label="label", **COMMON)
    assert len(started) == 1, "progress=False starts no bar"


def test_progress_helper_counts_and_is_quiet_when_disabled(capsys: pytest.CaptureFixture[str]) -> None:
    with _progress.Progress(10, "things", enabled=False) as bar:
        bar.update(4)
        bar.update(6)
    assert bar.n == 10
    assert capsys.readouterr().err == ""
    import doctest

    assert doctest.testmod(_progress).failed == 0


# -- The official DDaT export through the generic importer -----------------------------------


def _ddat_through_import_table(folder: Path) -> wg.Graph:
    g = wg.Graph(bundled=False)
    g.import_table(
        folder / "skills.csv", framework="DDaT generic", id="Skill Name", label="Skill Name", **COMMON
    )
    g.import_table(
        folder / "roles.csv",
        framework="DDaT generic",
        kind="role",
        id="Role",
        label="Role",
        family="Role Family",
        level="Role Level",
        competency="Skill Name",
        required_level="Skill Level",
        levels=DDAT_LEVELS,
        na_values=["NOT IN USE"],
        progress=False,
    )
    return g


@pytest.mark.skipif(not (DDAT_EXPORT / "roles.csv").exists(), reason="the official DDaT export is not here")
def test_the_official_ddat_export_gives_the_same_framework_as_the_ddat_importer() -> None:
    generic = _ddat_through_import_table(DDAT_EXPORT)
    dedicated = wg.Graph(bundled=False)
    dedicated.import_ddat(DDAT_EXPORT)

    queries: dict[str, str] = {
        "families": f"SELECT ?l WHERE {{ ?f a <{WG}RoleFamily> ; <{SKOS}prefLabel> ?l }}",
        "skills": f"SELECT ?l WHERE {{ ?f a <{WG}Competency> ; <{SKOS}prefLabel> ?l }}",
        "roles": f"""SELECT ?l ?fl WHERE {{ ?r a <{WG}Role> ; <{SKOS}prefLabel> ?l ;
                     <{WG}belongsToRoleFamily> ?f . ?f <{SKOS}prefLabel> ?fl }}""",
        "hierarchy": f"""SELECT ?a ?b WHERE {{ ?x <{SKOS}broader> ?y . ?x <{SKOS}prefLabel> ?a .
                         ?y <{SKOS}prefLabel> ?b }}""",
        "levels": f"""SELECT ?rl ?l WHERE {{ ?v a <{WG}RoleLevel> ; <{SKOS}prefLabel> ?l ;
                      <{WG}isLevelOf> ?r . ?r <{SKOS}prefLabel> ?rl }}""",
        "requirements": f"""SELECT ?rl ?vl ?cl ?needed ?type WHERE {{
            ?q <{WG}forRole> ?r ; <{WG}requiredCompetency> ?c ; <{WG}requirementType> ?type .
            ?r <{SKOS}prefLabel> ?rl . ?c <{SKOS}prefLabel> ?cl .
            OPTIONAL {{ ?q <{WG}forRoleLevel> ?v . ?v <{SKOS}prefLabel> ?vl }}
            OPTIONAL {{ ?q <{WG}requiredLevel> ?level }}
            BIND(LCASE(REPLACE(STR(?level), "^.*/", "")) AS ?needed) }}""",
        "shortcuts": f"""SELECT ?hl ?cl WHERE {{ ?h <{WG}requiresCompetency> ?c . ?h <{SKOS}prefLabel> ?hl .
                         ?c <{SKOS}prefLabel> ?cl }}""",
    }
    for name, sparql in queries.items():
        ours, theirs = rows(generic, sparql), rows(dedicated, sparql)
        assert ours == theirs, (name, sorted(ours ^ theirs)[:5])
    counts = {name: len(rows(dedicated, sparql)) for name, sparql in queries.items()}
    assert counts["families"] == 8 and counts["skills"] == 188
    assert counts["requirements"] > 1700
