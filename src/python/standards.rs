//! The standards importers and exporters for Python: ESCO, 1EdTech CASE and SSSOM.

use super::errors::Exception;
use super::errors::{map_import_error, map_resolve_error, map_storage_error};
use super::graph::{report_to_dict, PyGraph};
use super::guarded::detach_guarded;
use crate::import::ImportedTriples;
use crate::import::{case, esco, sssom};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;

impl PyGraph {
    /// Inserts a read import in one transaction and returns its report.
    fn insert_import<'py>(
        &self,
        py: Python<'py>,
        mut import: ImportedTriples,
    ) -> PyResult<Bound<'py, PyDict>> {
        let store = self.graph()?;
        detach_guarded(py, Exception::WorkforceGraph, || {
            crate::import::reuse_mapping_nodes(store.store(), &mut import.triples)?;
            store.insert_triples(&import.triples)
        })?
        .map_err(map_storage_error)?;
        report_to_dict(py, &import.report)
    }
}

/// ``Graph.import_esco`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn import_esco<'py>(
    this: &PyGraph,
    py: Python<'py>,
    path: PathBuf,
    format: Option<&str>,
    progress: Option<&Py<PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let bar = super::facade::Progress::new(
        py,
        2,
        "ESCO import (read the files, store the triples)",
        progress,
        "step",
    )?;
    let result = py
        .detach(|| esco::read_esco(&path, format))
        .map_err(map_import_error);
    let import = match result {
        Ok(import) => import,
        Err(e) => {
            bar.close(py);
            return Err(e);
        }
    };
    bar.update(1);
    let report = this.insert_import(py, import);
    bar.update(1);
    bar.close(py);
    report
}

/// ``Graph.import_case`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn import_case<'py>(
    this: &PyGraph,
    py: Python<'py>,
    path: PathBuf,
) -> PyResult<Bound<'py, PyDict>> {
    let store = this.graph()?;
    let import = py
        .detach(|| case::read_case(&path, &|value: &str| case::is_concept(store.store(), value)))
        .map_err(map_import_error)?;
    this.insert_import(py, import)
}

/// ``Graph.export_case`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn export_case<'py>(
    this: &PyGraph,
    py: Python<'py>,
    framework: &str,
    path: PathBuf,
) -> PyResult<Bound<'py, PyDict>> {
    let graph = this.graph()?;
    let scheme = py
        .detach(|| crate::catalogue::resolve_framework(&graph, framework))
        .map_err(map_resolve_error)?;
    let written = py
        .detach(|| case::write_case(graph.store(), &scheme, &path))
        .map_err(map_import_error)?;
    let dict = PyDict::new(py);
    dict.set_item("framework", scheme.as_str())?;
    dict.set_item("items", written.items)?;
    dict.set_item("associations", written.associations)?;
    dict.set_item("path", path.display().to_string())?;
    Ok(dict)
}

/// ``Graph.import_sssom`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn import_sssom<'py>(
    this: &PyGraph,
    py: Python<'py>,
    path: PathBuf,
) -> PyResult<Bound<'py, PyDict>> {
    let store = this.graph()?;
    let prefix_label = crate::import::standard::skos("prefLabel");
    let import = py
        .detach(|| {
            let has_label = |value: &str| {
                oxigraph::model::NamedNodeRef::new(value).is_ok_and(|node| {
                    store
                        .store()
                        .quads_for_pattern(Some(node.into()), Some(prefix_label.as_ref()), None, None)
                        .next()
                        .is_some()
                })
            };
            sssom::read_sssom(&path, &has_label)
        })
        .map_err(map_import_error)?;
    this.insert_import(py, import)
}

/// ``Graph.export_sssom`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn export_sssom(
    this: &PyGraph,
    py: Python<'_>,
    path: PathBuf,
    a: Option<&str>,
    b: Option<&str>,
) -> PyResult<usize> {
    let graph = this.graph()?;
    let resolve = |name: Option<&str>| -> PyResult<Option<oxigraph::model::NamedNode>> {
        name.map(|n| {
            detach_guarded(py, Exception::WorkforceGraph, || {
                crate::catalogue::resolve_framework(&graph, n)
            })?
            .map_err(map_resolve_error)
        })
        .transpose()
    };
    let (a, b) = (resolve(a)?, resolve(b)?);
    for framework in [&a, &b].into_iter().flatten() {
        crate::import::sfia::check_loaded(graph.store(), framework)
            .map_err(|message| super::errors::domain_error(Exception::FrameworkNotLoaded, message))?;
    }
    detach_guarded(py, Exception::WorkforceGraph, || {
        sssom::write_sssom(graph.store(), &path, a.as_ref(), b.as_ref())
    })?
    .map_err(map_import_error)
}
