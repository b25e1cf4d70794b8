//! Bring your own framework: `Graph.import_table` (CSV, TSV, XLSX, XLS, ODS) and `Graph.export`.

use super::errors::{
    data_format_error, io_error, map_query_error, map_resolve_error, map_storage_error, DataLocation,
};
use super::graph::{report_to_dict, PyGraph};
use super::guarded::detach_guarded;
use crate::export::{export_framework, ExportError};
use crate::import::sfia::{read_sfia, read_sfia_table, SfiaOptions};
use crate::import::table::{read_raw, Columns, ItemKind, LevelsChoice, SheetChoice, TableError, TableSpec};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;

/// A table import failure: the file's own error, a `DataFormatError` saying where, or a
/// `ValueError` for a bad argument.
fn map_table_error(error: TableError) -> PyErr {
    let location =
        |path: &std::path::Path, line: Option<u64>, column: Option<String>, offset: Option<u64>, kind| {
            DataLocation {
                filename: Some(path.display().to_string()),
                line,
                offset,
                column,
                kind: Some(kind),
            }
        };
    let error = match error {
        TableError::Io { path, source } => return io_error(&source, &path),
        TableError::Argument(message) => return PyValueError::new_err(message),
        TableError::Resolve(e) => return map_resolve_error(e),
        TableError::Query(e) => return map_query_error(e),
        TableError::Storage(e) => return map_storage_error(e),
        other => other,
    };
    let at = match &error {
        TableError::Encoding { path, line } => location(path, Some(*line), None, None, "encoding"),
        TableError::Empty { path, .. } => location(path, Some(1), None, None, "empty"),
        TableError::Malformed { path, line, .. } => location(path, Some(*line), None, None, "malformed"),
        TableError::MissingColumn {
            path, line, column, ..
        } => location(path, Some(*line), Some(column.clone()), None, "missing_column"),
        TableError::Row {
            path,
            line,
            column,
            offset,
            kind,
            ..
        } => {
            let column = (!column.is_empty()).then(|| column.clone());
            location(path, Some(*line), column, Some(*offset), kind)
        }
        _ => unreachable!("handled above"),
    };
    data_format_error(error.to_string(), at)
}

pub(super) fn map_export_error(error: ExportError) -> PyErr {
    match error {
        ExportError::Resolve(e) => map_resolve_error(e),
        ExportError::UnknownFormat(_) => PyValueError::new_err(error.to_string()),
        ExportError::Io { path, source } => io_error(&source, &path),
        ExportError::Storage(e) => map_storage_error(e),
    }
}

fn separator(sep: Option<&str>) -> PyResult<Option<u8>> {
    match sep {
        None => Ok(None),
        Some(text) if text.len() == 1 && text.is_ascii() => Ok(Some(text.as_bytes()[0])),
        Some(text) => Err(PyValueError::new_err(format!(
            "sep must be one ASCII character such as \",\" or \"\\t\", not {text:?}"
        ))),
    }
}

fn sheet_choice(sheet: Option<&Bound<'_, PyAny>>) -> PyResult<Option<SheetChoice>> {
    let Some(sheet) = sheet.filter(|s| !s.is_none()) else {
        return Ok(None);
    };
    if let Ok(name) = sheet.extract::<String>() {
        return Ok(Some(SheetChoice::Name(name)));
    }
    match sheet.extract::<usize>() {
        Ok(index) => Ok(Some(SheetChoice::Index(index))),
        Err(_) => Err(PyTypeError::new_err(
            "sheet must be a sheet name (str) or a 0-based index (int)",
        )),
    }
}

fn levels_choice(levels: Option<&Bound<'_, PyAny>>) -> PyResult<Option<LevelsChoice>> {
    let Some(levels) = levels.filter(|s| !s.is_none()) else {
        return Ok(None);
    };
    if let Ok(name) = levels.extract::<String>() {
        return Ok(Some(LevelsChoice::Existing(name)));
    }
    let names: Vec<String> = levels
        .try_iter()
        .and_then(|items| items.map(|item| item?.extract::<String>()).collect())
        .map_err(|_| {
            PyTypeError::new_err(
                "levels must be a scale's name or IRI (str) or level names lowest first (list of str)",
            )
        })?;
    Ok(Some(LevelsChoice::New(names)))
}

/// A progress bar from `workforce_graph._progress`, updated from Rust with row counts.
pub(super) struct Bar(Option<Py<PyAny>>);

impl Bar {
    pub(super) fn new(py: Python<'_>, total: usize, description: &str, enabled: bool) -> PyResult<Self> {
        if !enabled {
            return Ok(Self(None));
        }
        let class = py.import("workforce_graph._progress")?.getattr("Progress")?;
        Ok(Self(Some(class.call1((total, description, enabled))?.unbind())))
    }

    /// A bar counting `unit`s (`"triple"` for push and pull) rather than rows.
    pub(super) fn counting(py: Python<'_>, total: usize, description: &str, unit: &str) -> PyResult<Self> {
        let class = py.import("workforce_graph._progress")?.getattr("Progress")?;
        Ok(Self(Some(
            class.call1((total, description, true, unit))?.unbind(),
        )))
    }

    pub(super) fn update(&self, n: usize) {
        if let Some(bar) = &self.0 {
            // A display failure must not fail the import.
            Python::attach(|py| {
                let _ = bar.bind(py).call_method1("update", (n,));
            });
        }
    }

    pub(super) fn close(&self, py: Python<'_>) {
        if let Some(bar) = &self.0 {
            let _ = bar.bind(py).call_method0("close");
        }
    }
}

#[pymethods]
impl PyGraph {
    /// Imports a framework held in a table, given only which columns hold what: a CSV or TSV file
    /// (UTF-8, with or without a BOM; the separator is sniffed unless ``sep`` is given) or a sheet of
    /// an XLSX, XLS or ODS workbook. All or nothing: every row is checked before the graph changes.
    ///
    /// With ``kind="competency"`` each row is one item; with ``kind="role"`` a role may take
    /// several rows, one per role level (``level``) and required competency (``competency``,
    /// ``required_level``, ``requirement_type``), as in DDaT's ``roles.csv``. Items are
    /// ``skos:Concept`` in the framework's ``skos:ConceptScheme``, their id kept as ``skos:notation``
    /// and each citing the file (``source``) with ``dcterms:source``; the analyses
    /// (``framework_overlap``, ``similar_roles``, ``skill_gap``...) work on them at once.
    ///
    /// Several calls may build one framework: a ``parent`` or ``competency`` may name an item of an
    /// earlier call (by id, IRI or unique label). Blank rows are skipped (and reported); cells are
    /// trimmed; cells equal to one of ``na_values`` count as blank.
    ///
    /// :param path: the file.
    /// :param framework: an existing framework's code, name or IRI, or the name (or IRI) of a new one.
    /// :param id: the column of item ids (unique per framework and kind).
    /// :param label: the column of labels.
    /// :param definition: the column of definitions.
    /// :param parent: the column of the broader item's id.
    /// :param related: the column of related items' ids, separated by ``list_sep``.
    /// :param level: role tables: the column of role-level names (seniority steps of the role).
    /// :param rank: role tables: the column of role-level ranks (1 = most junior); without it,
    ///     levels are ranked in the order they first appear for their role.
    /// :param family: role tables: the column of role-family names.
    /// :param competency: role tables: the column naming a required competency (id, IRI or label).
    /// :param required_level: role tables: the column of the level the competency is needed at.
    /// :param requirement_type: role tables: the column saying ``essential`` (the default when
    ///     blank) or ``optional``.
    /// :param levels: the proficiency scale of ``required_level``: an existing scale's code, name or
    ///     IRI (``"DDaT-SL"``), or level names lowest first to make the framework's own scale;
    ///     the framework's scale when ``None``.
    /// :param competency_framework: role tables: the framework of the competencies named (this one
    ///     when ``None``).
    /// :param kind: ``"competency"`` or ``"role"``.
    /// :param sep: the field separator of a text table (e.g. ``"\t"``).
    /// :param sheet: a workbook's sheet, by name or 0-based index (the first when ``None``).
    /// :param na_values: cell values meaning "missing" (e.g. ``["NOT IN USE", "n/a"]``).
    /// :param list_sep: the separator of several ids in one cell.
    /// :param source: where the file comes from (a URL); the file's ``file://`` URL when ``None``.
    /// :param publisher: a new framework's publisher: an organisation's IRI or name.
    /// :param notation: a new framework's short code (its name when ``None``).
    /// :param progress: show a progress bar (tqdm when installed, else a counter on stderr).
    /// :return: ``framework`` (its IRI), ``added`` (counts by kind), ``notes`` (rows skipped or
    ///     changed, with reasons), ``triples`` and ``source``.
    /// :rtype: dict[str, object]
    /// :raises DataFormatError: with ``filename``, ``lineno``, ``column``, ``offset`` and ``kind``
    ///     (``missing_column``, ``duplicate_id``, ``unknown_parent``, ``cycle``, ``encoding``,
    ///     ``empty``, ``unknown_competency``, ``unknown_level``...); the graph is unchanged.
    /// :raises FileNotFoundError: if the file does not exist.
    /// :raises ValueError: for inconsistent arguments.
    ///
    /// >>> import pathlib, tempfile
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "skills.csv"
    /// >>> _ = path.write_text("code,name,broader\nD,Data,\nD1,\"Data quality, assurance\",D\n")
    /// >>> g = Graph(bundled=False)
    /// >>> report = g.import_table(path, framework="Acme skills", id="code", label="name",
    /// ...                         parent="broader", publisher="Acme Ltd", progress=False)
    /// >>> report["added"]
    /// {'competencies': 2, 'frameworks': 1}
    /// >>> g.competencies("Acme skills")["competency_label"].tolist()
    /// ['Data', 'Data quality, assurance']
    #[pyo3(signature = (
        path, *, framework, id, label, definition = None, parent = None, related = None, level = None,
        rank = None, family = None, competency = None, required_level = None, requirement_type = None,
        levels = None, competency_framework = None, kind = "competency", sep = None, sheet = None,
        na_values = None, list_sep = "|", source = None, publisher = None, notation = None, progress = true
    ))]
    #[allow(clippy::too_many_arguments)]
    fn import_table<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        framework: String,
        id: String,
        label: String,
        definition: Option<String>,
        parent: Option<String>,
        related: Option<String>,
        level: Option<String>,
        rank: Option<String>,
        family: Option<String>,
        competency: Option<String>,
        required_level: Option<String>,
        requirement_type: Option<String>,
        levels: Option<&Bound<'py, PyAny>>,
        competency_framework: Option<String>,
        kind: &str,
        sep: Option<&str>,
        sheet: Option<&Bound<'py, PyAny>>,
        na_values: Option<Vec<String>>,
        list_sep: &str,
        source: Option<String>,
        publisher: Option<String>,
        notation: Option<String>,
        progress: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        if list_sep.is_empty() {
            return Err(PyValueError::new_err("list_sep must not be empty"));
        }
        let spec = TableSpec {
            framework,
            columns: Columns {
                id,
                label,
                definition,
                parent,
                related,
                level,
                rank,
                family,
                competency,
                required_level,
                requirement_type,
            },
            kind: ItemKind::parse(kind).map_err(map_table_error)?,
            separator: separator(sep)?,
            sheet: sheet_choice(sheet)?,
            na_values: na_values.unwrap_or_default(),
            list_separator: list_sep.to_owned(),
            source,
            publisher,
            notation,
            levels: levels_choice(levels)?,
            competency_framework,
            language: "en".to_owned(),
            item_iris: None,
        };
        let graph = self.graph()?;
        let table = detach_guarded(py, "WorkforceGraphError", || {
            read_raw(&path, spec.separator, spec.sheet.as_ref())
        })?
        .map_err(map_table_error)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let bar = Bar::new(py, table.len(), &format!("import {name}"), progress)?;
        let result = detach_guarded(py, "WorkforceGraphError", || {
            graph.import_raw_table(&path, &table, &spec, &mut |n| bar.update(n))
        });
        bar.close(py);
        let import = result?.map_err(map_table_error)?;
        let dict = report_to_dict(py, &import.report)?;
        dict.set_item("framework", import.framework.as_str())?;
        Ok(dict)
    }

    /// Loads your own licensed copy of SFIA into the bundled SFIA framework node in one call.
    ///
    /// SFIA's licence does not allow the bundle to include its skills, so the bundled graph holds
    /// only the SFIA framework node, the seven levels of responsibility and the skill codes its
    /// curated crosswalks cite; analyses naming SFIA raise :class:`FrameworkNotLoadedError` until
    /// this is called. SFIA publishes its framework to registered users as an XLSX workbook (and a
    /// CSV of its skills sheet); pass that file. The skills sheet is read by SFIA 9's column names:
    /// ``Code``, ``Skill``, ``Category`` and ``Subcategory`` (required), ``Overall description``
    /// (kept as the definition), ``URL`` (kept as ``foaf:page``) and ``Levels`` with the six
    /// blank-headed columns after it (the levels at which the skill is defined, linked with
    /// ``wg:definedAtLevel`` to the bundled levels of responsibility). ``Guidance notes`` and the
    /// level descriptions are not imported. It is :meth:`import_table` with this mapping written
    /// out: categories and subcategories become grouping items, and skills are minted at
    /// ``https://w3id.org/workforce-graph/id/sfia/skill/{code in lowercase}``, the IRIs the
    /// bundled crosswalks (and offers) point at, so those work as soon as SFIA is loaded.
    ///
    /// :param path: the workbook (``.xlsx``) or the CSV of its skills sheet.
    /// :param sheet: the workbook's sheet, by name or 0-based index; the first sheet with ``Code``
    ///     and ``Skill`` columns when ``None``.
    /// :param sep: the field separator of a CSV (sniffed when ``None``).
    /// :param source: the IRI to cite as ``dcterms:source`` (e.g. your licence's download page); the
    ///     file's ``file://`` URL when ``None``.
    /// :param progress: show a progress bar.
    /// :return: ``framework``, ``added`` (``categories``, ``subcategories``, ``skills``,
    ///     ``skill levels``), ``notes`` (columns not imported), ``triples`` and ``source``.
    /// :rtype: dict[str, object]
    /// :raises DataFormatError: with ``filename``, ``lineno``, ``column`` and ``kind`` (e.g.
    ///     ``missing_column``, ``missing_value``, ``invalid_value`` for a level outside 1-7,
    ///     ``duplicate_id`` when SFIA is already loaded); the graph is unchanged.
    /// :raises FileNotFoundError: if the file does not exist.
    ///
    /// >>> import pathlib, tempfile
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "skills.csv"  # invented rows in SFIA 9's layout
    /// >>> _ = path.write_text(
    /// ...     "#,Levels,,,,,,,Code,URL,Skill,Category,Subcategory,Overall description\n"
    /// ...     "1,,,3,4,5,,,DATS,,Invented data skill,Invented category,Invented group,Made up.\n")
    /// >>> g = Graph()
    /// >>> report = g.import_sfia(path, progress=False)
    /// >>> report["added"]["skills"], report["added"]["skill levels"]
    /// (1, 3)
    /// >>> "Invented data skill" in set(g.crosswalk("NCF", "SFIA")["object_label"])
    /// True
    #[pyo3(signature = (path, *, sheet = None, sep = None, source = None, progress = true))]
    fn import_sfia<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        sheet: Option<&Bound<'py, PyAny>>,
        sep: Option<&str>,
        source: Option<String>,
        progress: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let options = SfiaOptions {
            separator: separator(sep)?,
            sheet: sheet_choice(sheet)?,
            source,
        };
        let graph = self.graph()?;
        let table = py
            .detach(|| read_sfia_table(&path, &options))
            .map_err(map_table_error)?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let bar = Bar::new(py, table.len(), &format!("import {name}"), progress)?;
        let result = py.detach(|| {
            let import = read_sfia(&graph, &path, &table, &options, &mut |n| bar.update(n))?;
            graph.insert_triples(&import.triples)?;
            Ok::<_, TableError>(import)
        });
        bar.close(py);
        let import = result.map_err(map_table_error)?;
        let dict = report_to_dict(py, &import.report)?;
        dict.set_item("framework", import.framework.as_str())?;
        Ok(dict)
    }

    /// Writes one framework to a file: Turtle (``.ttl``), JSON-LD (``.jsonld``) or any RDF format
    /// ``save`` knows, with everything about the framework, its items, roles, requirements and
    /// scale; or a CSV/TSV table in :meth:`import_table`'s columns, so that importing it with those
    /// column names gives the same framework back. Competency tables have the columns
    /// ``id,label,definition,parent,related``; role tables (``kind="role"``) add
    /// ``family,level,rank,competency,required_level,requirement_type``, one row per requirement.
    /// An Excel workbook (``.xlsx``, needs ``openpyxl``: ``pip install workforce-graph[excel]``)
    /// holds the same table on one sheet (``Competencies`` or ``Roles``) with readable headers;
    /// :meth:`import_table` reads it back with ``sheet=`` and those headers.
    ///
    /// :param framework: the framework's code, name or IRI.
    /// :param path: the file to write (replaced whole, never half-written).
    /// :param format: ``"turtle"``, ``"json-ld"``, ``"csv"``, ``"tsv"``, ``"xlsx"``...; from the extension when ``None``.
    /// :param kind: for a table: ``"competency"`` or ``"role"``.
    /// :return: the rows (table) or triples (RDF) written.
    /// :rtype: int
    /// :raises UnknownNameError: if no framework has that code or name.
    /// :raises ValueError: for an unknown format.
    ///
    /// >>> import pathlib, tempfile
    /// >>> folder = pathlib.Path(tempfile.mkdtemp())
    /// >>> _ = (folder / "in.csv").write_text("id,label\nA,Alpha\nB,Beta\n")
    /// >>> g = Graph(bundled=False)
    /// >>> _ = g.import_table(folder / "in.csv", framework="Tiny", id="id", label="label",
    /// ...                    publisher="Acme Ltd", progress=False)
    /// >>> g.export("Tiny", folder / "out.csv")
    /// 2
    /// >>> print((folder / "out.csv").read_text())
    /// id,label,definition,parent,related
    /// A,Alpha,,,
    /// B,Beta,,,
    /// <BLANKLINE>
    #[pyo3(signature = (framework, path, format = None, kind = "competency"))]
    fn export(
        &self,
        py: Python<'_>,
        framework: &str,
        path: PathBuf,
        format: Option<&str>,
        kind: &str,
    ) -> PyResult<usize> {
        let kind = ItemKind::parse(kind).map_err(map_table_error)?;
        let graph = self.graph()?;
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if format.map_or(extension, |f| f.trim().to_ascii_lowercase()) == "xlsx" {
            // The workbook is built by the Python package (openpyxl) and written by the core.
            let (_, header, rows) = py
                .detach(|| crate::export::framework_table(&graph, framework, kind))
                .map_err(map_export_error)?;
            let count = rows.len();
            let sheet = if kind == ItemKind::Role {
                "Roles"
            } else {
                "Competencies"
            };
            let bytes: Vec<u8> = py
                .import("workforce_graph.excel")?
                .getattr("rows_workbook")?
                .call1((sheet, header, rows))?
                .extract()?;
            py.detach(|| crate::export::write_file(&path, &bytes))
                .map_err(map_export_error)?;
            return Ok(count);
        }
        let summary = py
            .detach(|| export_framework(&graph, framework, &path, format, kind))
            .map_err(map_export_error)?;
        Ok(summary.count)
    }
}
