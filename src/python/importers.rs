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

/// ``Graph.import_table`` (documented on the binding in `graph.rs`).
#[allow(clippy::too_many_arguments)]
pub(super) fn import_table<'py>(
    this: &PyGraph,
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
        kind: ItemKind::parse(kind).map_err(map_import_error)?,
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
    let graph = this.graph()?;
    let table = detach_guarded(py, Exception::WorkforceGraph, || {
        read_raw(&path, spec.separator, spec.sheet.as_ref())
    })?
    .map_err(map_import_error)?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let bar = Progress::new(py, table.len(), &format!("import {name}"), progress, "row")?;
    let result = detach_guarded(py, Exception::WorkforceGraph, || {
        graph.import_raw_table(&path, &table, &spec, &mut |n| bar.update(n))
    });
    bar.close(py);
    let import = result?.map_err(map_import_error)?;
    let dict = report_to_dict(py, &import.report)?;
    dict.set_item("framework", import.framework.as_str())?;
    Ok(dict)
}

/// ``Graph.import_sfia`` (documented on the binding in `graph.rs`).
pub(super) fn import_sfia<'py>(
    this: &PyGraph,
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

/// ``Graph.export`` (documented on the binding in `graph.rs`).
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
        let bytes = super::facade::rows_workbook(py, (sheet, header, rows))?;
        py.detach(|| crate::export::write_file(&path, &bytes))
            .map_err(map_export_error)?;
        return Ok(count);
    }
    let summary = py
        .detach(|| export_framework(&graph, framework, &path, format, kind))
        .map_err(map_export_error)?;
    Ok(summary.count)
}
