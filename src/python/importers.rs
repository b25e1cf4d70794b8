//! Bring your own framework: `Graph.import_table` (CSV, TSV, XLSX, XLS, ODS) and `Graph.export`.

use super::errors::Exception;
use super::errors::{io_error, map_import_error, map_resolve_error, map_storage_error};
use super::facade::Progress;
use super::graph::{report_to_dict, PyGraph};
use super::guarded::detach_guarded;
use crate::export::{export_framework, ExportError};
use crate::import::sfia::{read_sfia_table, SfiaOptions};
use crate::import::table::{read_raw, Columns, ItemKind, LevelsChoice, SheetChoice, TableSpec};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;

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

/// The keyword arguments of ``Graph.import_table``, as the facade hands them over in one dict
/// (its signature, defaults and documentation are in `python/workforce_graph/graph.py`).
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub(super) struct TableOptions {
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
    levels: Option<Py<PyAny>>,
    competency_framework: Option<String>,
    kind: String,
    sep: Option<String>,
    sheet: Option<Py<PyAny>>,
    na_values: Option<Vec<String>>,
    list_sep: String,
    source: Option<String>,
    publisher: Option<String>,
    notation: Option<String>,
    /// Starts a progress display (``_progress.start``), or ``None`` for none.
    progress: Option<Py<PyAny>>,
}

/// ``Graph.import_table`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn import_table<'py>(
    this: &PyGraph,
    py: Python<'py>,
    path: PathBuf,
    options: TableOptions,
) -> PyResult<Bound<'py, PyDict>> {
    if options.list_sep.is_empty() {
        return Err(PyValueError::new_err("list_sep must not be empty"));
    }
    let spec = TableSpec {
        framework: options.framework,
        columns: Columns {
            id: options.id,
            label: options.label,
            definition: options.definition,
            parent: options.parent,
            related: options.related,
            level: options.level,
            rank: options.rank,
            family: options.family,
            competency: options.competency,
            required_level: options.required_level,
            requirement_type: options.requirement_type,
        },
        kind: ItemKind::parse(&options.kind).map_err(map_import_error)?,
        separator: separator(options.sep.as_deref())?,
        sheet: sheet_choice(options.sheet.as_ref().map(|s| s.bind(py)))?,
        na_values: options.na_values.unwrap_or_default(),
        list_separator: options.list_sep,
        source: options.source,
        publisher: options.publisher,
        notation: options.notation,
        levels: levels_choice(options.levels.as_ref().map(|l| l.bind(py)))?,
        competency_framework: options.competency_framework,
        language: "en".to_owned(),
        item_iris: None,
    };
    let graph = this.graph()?;
    let table = detach_guarded(py, Exception::WorkforceGraph, || {
        read_raw(&path, spec.separator, spec.sheet.as_ref())
    })?
    .map_err(map_import_error)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bar = Progress::new(
        py,
        table.len(),
        &format!("import {name}"),
        options.progress.as_ref(),
        "row",
    )?;
    let result = detach_guarded(py, Exception::WorkforceGraph, || {
        graph.import_raw_table(&path, &table, &spec, &mut |n| bar.update(n))
    });
    bar.close(py);
    let import = result?.map_err(map_import_error)?;
    let dict = report_to_dict(py, &import.report)?;
    dict.set_item("framework", import.framework.as_str())?;
    Ok(dict)
}

/// ``Graph.import_sfia`` (documented in `python/workforce_graph/graph.py`); `progress` starts a
/// progress display.
pub(super) fn import_sfia<'py>(
    this: &PyGraph,
    py: Python<'py>,
    path: PathBuf,
    sheet: Option<&Bound<'py, PyAny>>,
    sep: Option<&str>,
    source: Option<String>,
    progress: Option<&Py<PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let options = SfiaOptions {
        separator: separator(sep)?,
        sheet: sheet_choice(sheet)?,
        source,
    };
    let graph = this.graph()?;
    let table = py
        .detach(|| read_sfia_table(&path, &options))
        .map_err(map_import_error)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bar = Progress::new(py, table.len(), &format!("import {name}"), progress, "row")?;
    let result = py.detach(|| graph.import_sfia_table(&path, &table, &options, &mut |n| bar.update(n)));
    bar.close(py);
    let import = result.map_err(map_import_error)?;
    let dict = report_to_dict(py, &import.report)?;
    dict.set_item("framework", import.framework.as_str())?;
    Ok(dict)
}

/// ``Graph.export`` (documented in `python/workforce_graph/graph.py`) to RDF or a text table;
/// the facade writes Excel workbooks from [`framework_table`].
pub(super) fn export(
    this: &PyGraph,
    py: Python<'_>,
    framework: &str,
    path: PathBuf,
    format: Option<&str>,
    kind: &str,
) -> PyResult<usize> {
    let kind = ItemKind::parse(kind).map_err(map_import_error)?;
    let graph = this.graph()?;
    let summary = py
        .detach(|| export_framework(&graph, framework, &path, format, kind))
        .map_err(map_export_error)?;
    Ok(summary.count)
}

/// A framework as ``import_table``'s columns for a workbook: the sheet's name (``Competencies``
/// or ``Roles``), the header and one row per item or requirement.
pub(super) fn framework_table(
    this: &PyGraph,
    py: Python<'_>,
    framework: &str,
    kind: &str,
) -> PyResult<(&'static str, Vec<&'static str>, Vec<Vec<String>>)> {
    let kind = ItemKind::parse(kind).map_err(map_import_error)?;
    let graph = this.graph()?;
    let (_, header, rows) = py
        .detach(|| crate::export::framework_table(&graph, framework, kind))
        .map_err(map_export_error)?;
    let sheet = if kind == ItemKind::Role {
        "Roles"
    } else {
        "Competencies"
    };
    Ok((sheet, header, rows))
}
