//! `workforce_graph._core.Graph`: the graph store behind the facade's `workforce_graph.Graph`
//! (`python/workforce_graph/graph.py`, where the methods are documented).

use super::errors::Exception;
use super::errors::{
    closed_error, map_load_error, map_open_error, map_query_error, map_save_error, map_storage_error,
    map_update_error, map_validate_error,
};
use super::guarded::detach_guarded;
use super::results::PyQueryResult;
use super::terms::term_from_python;
use crate::format::format_from_path;
use crate::{Graph, QueryOutcome, RdfInput, Shapes};
use oxigraph::model::Term;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The native half of ``workforce_graph.Graph``, which holds one and documents every method:
/// the store, and each operation with the GIL released. Tables and analyses come back raw (a
/// ``QueryResult``, or an ``AnalysisTable``) for the facade to make into DataFrames.
#[pyclass(frozen, name = "Graph", module = "workforce_graph._core")]
pub struct PyGraph {
    inner: Mutex<Option<Graph>>,
}

impl PyGraph {
    pub fn wrap(graph: Graph) -> Self {
        Self {
            inner: Mutex::new(Some(graph)),
        }
    }

    /// The open graph (a cheap clone sharing the store), or `GraphClosedError`.
    pub(super) fn graph(&self) -> PyResult<Graph> {
        self.inner
            .lock()
            .map_err(|_| closed_error())?
            .clone()
            .ok_or_else(closed_error)
    }
}

/// What `load` was given: a file or RDF text.
enum Source {
    File(PathBuf),
    Text(String),
}

/// Paths are `os.PathLike` objects, or one-line strings that name an existing file or end in an
/// RDF file extension; any other string is RDF text.
fn classify_source(source: &Bound<'_, PyAny>) -> PyResult<Source> {
    if let Ok(text) = source.cast::<PyString>() {
        let text = text.to_string();
        let one_line = !text.contains(['\n', '\r']);
        if one_line && (Path::new(&text).is_file() || format_from_path(Path::new(&text)).is_some()) {
            return Ok(Source::File(PathBuf::from(text)));
        }
        return Ok(Source::Text(text));
    }
    if let Ok(bytes) = source.cast::<PyBytes>() {
        return String::from_utf8(bytes.as_bytes().to_vec())
            .map(Source::Text)
            .map_err(|e| PyValueError::new_err(format!("RDF bytes must be UTF-8: {e}")));
    }
    if source.hasattr("__fspath__")? {
        let path: PathBuf = source
            .py()
            .import("os")?
            .call_method1("fspath", (source,))?
            .extract()?;
        return Ok(Source::File(path));
    }
    Err(PyTypeError::new_err(format!(
        "load() takes a path or RDF text, not {}",
        source.get_type().qualname()?
    )))
}

pub(super) fn parse_timeout(timeout: Option<f64>) -> PyResult<Option<Duration>> {
    timeout
        .map(|seconds| {
            Duration::try_from_secs_f64(seconds)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "timeout must be a positive number of seconds, not {seconds}"
                    ))
                })
        })
        .transpose()
}

pub(super) fn parse_bindings(bindings: Option<&Bound<'_, PyDict>>) -> PyResult<Vec<(String, Term)>> {
    let Some(bindings) = bindings else {
        return Ok(Vec::new());
    };
    bindings
        .iter()
        .map(|(name, value)| {
            let name: String = name
                .extract()
                .map_err(|_| PyTypeError::new_err("binding names must be variable names (str)"))?;
            Ok((name, term_from_python(&value)?))
        })
        .collect()
}

// Each method takes every argument positionally and without defaults: the signatures, defaults
// and documentation live once, on `workforce_graph.Graph` (`python/workforce_graph/graph.py`).
#[pymethods]
impl PyGraph {
    #[new]
    #[pyo3(signature = (bundled))]
    fn new(py: Python<'_>, bundled: bool) -> PyResult<Self> {
        let graph = py.detach(|| if bundled { Graph::bundled() } else { Graph::empty() });
        Ok(Self::wrap(graph.map_err(map_open_error)?))
    }

    #[staticmethod]
    #[pyo3(signature = (path, bundled, read_only))]
    fn open(py: Python<'_>, path: PathBuf, bundled: bool, read_only: bool) -> PyResult<Self> {
        let graph = py.detach(|| {
            if read_only {
                Graph::open_read_only(&path)
            } else {
                Graph::open(&path, bundled)
            }
        });
        Ok(Self::wrap(graph.map_err(map_open_error)?))
    }

    fn copy(&self, py: Python<'_>) -> PyResult<Self> {
        let graph = self.graph()?;
        let copy = py.detach(|| graph.to_memory()).map_err(map_open_error)?;
        Ok(Self::wrap(copy))
    }

    fn close(&self, py: Python<'_>) -> PyResult<()> {
        let graph = self.inner.lock().map_err(|_| closed_error())?.take();
        py.detach(move || drop(graph));
        Ok(())
    }

    #[getter]
    fn closed(&self) -> bool {
        self.inner.lock().map_or(true, |g| g.is_none())
    }

    /// The store directory as text, ``None`` in memory.
    #[getter]
    fn path(&self) -> PyResult<Option<String>> {
        let graph = self.graph()?;
        Ok(graph.location().map(|location| location.display().to_string()))
    }

    #[pyo3(signature = (source, format, graph))]
    fn load(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        format: Option<&str>,
        graph: Option<&str>,
    ) -> PyResult<()> {
        let store = self.graph()?;
        let source = classify_source(source)?;
        detach_guarded(py, Exception::WorkforceGraph, || match &source {
            Source::File(path) => store.load(RdfInput::File(path), format, graph),
            Source::Text(text) => store.load(RdfInput::Text(text), format, graph),
        })?
        .map_err(map_load_error)
    }

    #[pyo3(signature = (path, format, graph))]
    fn save(&self, py: Python<'_>, path: PathBuf, format: Option<&str>, graph: Option<&str>) -> PyResult<()> {
        let store = self.graph()?;
        py.detach(|| store.save(&path, format, graph))
            .map_err(map_save_error)
    }

    /// A `QueryResult`, or a `bool` for ASK.
    #[pyo3(signature = (sparql, bindings, timeout))]
    fn query(
        &self,
        py: Python<'_>,
        sparql: &str,
        bindings: Option<&Bound<'_, PyDict>>,
        timeout: Option<f64>,
    ) -> PyResult<Py<PyAny>> {
        let store = self.graph()?;
        let bindings = parse_bindings(bindings)?;
        let timeout = parse_timeout(timeout)?;
        let outcome = detach_guarded(py, Exception::QueryEvaluation, || {
            store.query(sparql, &bindings, timeout)
        })?
        .map_err(map_query_error)?;
        Ok(match outcome {
            QueryOutcome::Boolean(value) => value.into_pyobject(py)?.to_owned().into_any().unbind(),
            QueryOutcome::Solutions(table) => Py::new(py, PyQueryResult::from_table(table))?.into_any(),
            QueryOutcome::Triples(triples) => Py::new(py, PyQueryResult::from_triples(triples))?.into_any(),
        })
    }

    #[pyo3(signature = (sparql, timeout))]
    fn update(&self, py: Python<'_>, sparql: &str, timeout: Option<f64>) -> PyResult<()> {
        let store = self.graph()?;
        let timeout = parse_timeout(timeout)?;
        detach_guarded(py, Exception::UpdateEvaluation, || store.update(sparql, timeout))?
            .map_err(map_update_error)
    }

    fn import_ddat<'py>(&self, py: Python<'py>, directory: PathBuf) -> PyResult<Bound<'py, PyDict>> {
        let store = self.graph()?;
        let report = detach_guarded(py, Exception::WorkforceGraph, || store.import_ddat(&directory))?
            .map_err(super::errors::map_import_error)?;
        report_to_dict(py, &report)
    }

    /// A ready-made table (`ontology/api/{name}.rq`), filtered to one framework, as the query's
    /// raw result.
    #[pyo3(signature = (name, framework))]
    fn _table(&self, py: Python<'_>, name: &str, framework: Option<&str>) -> PyResult<PyQueryResult> {
        let store = self.graph()?;
        let table = detach_guarded(py, Exception::QueryEvaluation, || store.table(name, framework))?
            .map_err(super::errors::map_ready_table_error)?;
        Ok(PyQueryResult::from_table(table))
    }

    /// The validation report's columns and ``sh:conforms``; ``shapes`` is ``None`` (the bundled
    /// shapes), a path, RDF text or a native graph.
    #[pyo3(signature = (shapes, format, graph))]
    fn validate<'py>(
        &self,
        py: Python<'py>,
        shapes: Option<&Bound<'py, PyAny>>,
        format: Option<&str>,
        graph: Option<&str>,
    ) -> PyResult<(Bound<'py, PyAny>, bool)> {
        let store = self.graph()?;
        enum Given {
            Bundled,
            Source(Source),
            Graph(Graph),
        }
        let given = match shapes {
            None => Given::Bundled,
            Some(shapes) => {
                if let Ok(other) = shapes.cast::<PyGraph>() {
                    Given::Graph(other.get().graph()?)
                } else if shapes.is_instance_of::<PyString>()
                    || shapes.is_instance_of::<PyBytes>()
                    || shapes.hasattr("__fspath__")?
                {
                    Given::Source(classify_source(shapes)?)
                } else {
                    return Err(PyTypeError::new_err(format!(
                        "validate() takes shapes as a path, RDF text or a Graph, not {}",
                        shapes.get_type().qualname()?
                    )));
                }
            }
        };
        let (batch, conforms) = py
            .detach(|| {
                let shapes = match &given {
                    Given::Bundled => Shapes::Bundled,
                    Given::Source(Source::File(path)) => Shapes::Rdf {
                        input: RdfInput::File(path),
                        format,
                    },
                    Given::Source(Source::Text(text)) => Shapes::Rdf {
                        input: RdfInput::Text(text),
                        format,
                    },
                    Given::Graph(other) => Shapes::Graph(other),
                };
                store.validate(shapes, graph).map(|report| {
                    use crate::table::Row;
                    let batch = super::facade::record_batch(&crate::shacl::ReportRow::table(report.rows()));
                    (batch, report.conforms)
                })
            })
            .map_err(map_validate_error)?;
        Ok((super::facade::analysis_table(py, batch?)?, conforms))
    }

    #[pyo3(signature = (frameworks, method, min_score))]
    fn framework_overlap<'py>(
        &self,
        py: Python<'py>,
        frameworks: Option<&Bound<'py, PyAny>>,
        method: &str,
        min_score: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::analysis::framework_overlap(py, &self.graph()?, frameworks, method, min_score)
    }

    fn crosswalk<'py>(&self, py: Python<'py>, a: &str, b: &str) -> PyResult<Bound<'py, PyAny>> {
        super::analysis::crosswalk_table(py, &self.graph()?, a, b)
    }

    #[pyo3(signature = (a, b, min_score, synonyms, include_mapped))]
    fn suggest_mappings<'py>(
        &self,
        py: Python<'py>,
        a: &str,
        b: &str,
        min_score: f64,
        synonyms: bool,
        include_mapped: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = crate::crosswalk::SuggestOptions {
            min_score,
            synonyms,
            include_mapped,
            max_words: 5,
        };
        super::analysis::suggest_mappings(py, &self.graph()?, a, b, options)
    }

    #[pyo3(signature = (rows, author))]
    fn accept_mappings(
        &self,
        py: Python<'_>,
        rows: Vec<super::analysis::AcceptRow>,
        author: Option<String>,
    ) -> PyResult<Vec<String>> {
        super::analysis::accept_mappings(py, &self.graph()?, rows, author)
    }

    fn mapping_quality<'py>(&self, py: Python<'py>, thresholds: Vec<f64>) -> PyResult<Bound<'py, PyAny>> {
        super::analysis::mapping_quality(py, &self.graph()?, thresholds)
    }

    fn framework_gaps<'py>(
        &self,
        py: Python<'py>,
        a: &str,
        b: &str,
        max_hops: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::analysis::framework_gaps(py, &self.graph()?, a, b, max_hops)
    }

    #[pyo3(signature = (min_shared, framework, essential_only))]
    fn role_overlap<'py>(
        &self,
        py: Python<'py>,
        min_shared: u32,
        framework: Option<&str>,
        essential_only: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::analysis::role_overlap(py, &self.graph()?, min_shared, framework, essential_only)
    }

    fn similar_roles<'py>(
        &self,
        py: Python<'py>,
        role: &str,
        k: super::search::Whole,
    ) -> PyResult<Bound<'py, PyAny>> {
        let k = k.count(py, "k", 1)?;
        super::analysis::similar_roles(py, &self.graph()?, role, k)
    }

    fn skill_gap<'py>(&self, py: Python<'py>, from_role: &str, to_role: &str) -> PyResult<Bound<'py, PyAny>> {
        super::analysis::skill_gap(py, &self.graph()?, from_role, to_role)
    }

    #[pyo3(signature = (by, predicates, max_bodies))]
    fn coverage_gaps<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        predicates: Option<Vec<String>>,
        max_bodies: super::search::Whole,
    ) -> PyResult<Bound<'py, PyAny>> {
        let max_bodies = max_bodies.count(py, "max_bodies", 0)?;
        if by != "professional_body" {
            return Err(PyValueError::new_err(format!(
                "coverage_gaps(by={by:?}): only \"professional_body\" is known"
            )));
        }
        super::analysis::coverage_gaps(py, &self.graph()?, predicates.unwrap_or_default(), max_bodies)
    }

    #[pyo3(signature = (by, predicates))]
    fn coverage_matrix<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        predicates: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::analysis::coverage_matrix(py, &self.graph()?, by, predicates.unwrap_or_default())
    }

    /// The parts of a ``CareerMoves``: ``areas`` and ``seniority`` as (labels, counts),
    /// ``within_area_share``, ``summary`` and ``moves`` (an ``AnalysisTable``).
    #[pyo3(signature = (moves, frame, by))]
    fn career_moves<'py>(
        &self,
        py: Python<'py>,
        moves: Vec<super::careers::MoveRow>,
        frame: Option<&str>,
        by: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        super::careers::career_moves(self, py, moves, frame, by)
    }

    fn next_roles<'py>(
        &self,
        py: Python<'py>,
        role: &str,
        k: super::search::Whole,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::careers::next_roles(self, py, role, k)
    }

    #[pyo3(signature = (since, include_covered))]
    fn evidence_gaps<'py>(
        &self,
        py: Python<'py>,
        since: Option<&Bound<'py, PyAny>>,
        include_covered: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::careers::evidence_gaps(self, py, since, include_covered)
    }

    /// ``titles`` is a list of job titles, ``None`` for a missing one (read by the facade).
    #[pyo3(signature = (titles, frame, min_confidence))]
    fn code_job_titles<'py>(
        &self,
        py: Python<'py>,
        titles: &Bound<'py, PyAny>,
        frame: Option<&str>,
        min_confidence: f64,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::coding::code_job_titles(self, py, titles, frame, min_confidence)
    }

    /// ``options`` holds every keyword argument of ``workforce_graph.Graph.import_table``, with
    /// ``progress`` a callable starting a progress display, or ``None``.
    fn import_table<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        options: super::importers::TableOptions,
    ) -> PyResult<Bound<'py, PyDict>> {
        super::importers::import_table(self, py, path, options)
    }

    #[pyo3(signature = (path, sheet, sep, source, progress))]
    fn import_sfia<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        sheet: Option<&Bound<'py, PyAny>>,
        sep: Option<&str>,
        source: Option<String>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        super::importers::import_sfia(self, py, path, sheet, sep, source, progress.as_ref())
    }

    /// Writes a framework as RDF or a CSV/TSV table (an Excel workbook is made by the facade
    /// from :meth:`_framework_table`).
    #[pyo3(signature = (framework, path, format, kind))]
    fn export(
        &self,
        py: Python<'_>,
        framework: &str,
        path: PathBuf,
        format: Option<&str>,
        kind: &str,
    ) -> PyResult<usize> {
        super::importers::export(self, py, framework, path, format, kind)
    }

    /// A framework in :meth:`import_table`'s columns: ``(sheet, header, rows)``.
    fn _framework_table(
        &self,
        py: Python<'_>,
        framework: &str,
        kind: &str,
    ) -> PyResult<(&'static str, Vec<&'static str>, Vec<Vec<String>>)> {
        super::importers::framework_table(self, py, framework, kind)
    }

    #[pyo3(signature = (text, kind, framework, k))]
    fn search<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        kind: Option<&str>,
        framework: Option<&str>,
        k: super::search::Whole,
    ) -> PyResult<Bound<'py, PyAny>> {
        super::search::search(self, py, text, kind, framework, k)
    }

    #[pyo3(signature = (path, format, progress))]
    fn import_esco<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        format: Option<&str>,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        super::standards::import_esco(self, py, path, format, progress.as_ref())
    }

    fn import_case<'py>(&self, py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyDict>> {
        super::standards::import_case(self, py, path)
    }

    fn export_case<'py>(
        &self,
        py: Python<'py>,
        framework: &str,
        path: PathBuf,
    ) -> PyResult<Bound<'py, PyDict>> {
        super::standards::export_case(self, py, framework, path)
    }

    fn import_sssom<'py>(&self, py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyDict>> {
        super::standards::import_sssom(self, py, path)
    }

    #[pyo3(signature = (path, a, b))]
    fn export_sssom(
        &self,
        py: Python<'_>,
        path: PathBuf,
        a: Option<&str>,
        b: Option<&str>,
    ) -> PyResult<usize> {
        super::standards::export_sssom(self, py, path, a, b)
    }

    /// ``source`` is a ``RemoteEndpoint`` or a query endpoint URL.
    #[staticmethod]
    #[pyo3(signature = (source, graph))]
    fn pull(py: Python<'_>, source: &Bound<'_, PyAny>, graph: Option<&str>) -> PyResult<PyGraph> {
        super::remote::pull(py, source, graph)
    }

    /// ``progress`` is a callable starting a progress display, or ``None``.
    #[pyo3(signature = (destination, graph, replace, progress))]
    fn push<'py>(
        &self,
        py: Python<'py>,
        destination: &Bound<'py, PyAny>,
        graph: Option<&str>,
        replace: bool,
        progress: Option<Py<PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        super::remote::push(self, py, destination, graph, replace, progress.as_ref())
    }

    fn named_graphs(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        let store = self.graph()?;
        py.detach(|| store.named_graphs()).map_err(map_storage_error)
    }

    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        let store = self.graph()?;
        py.detach(|| store.len()).map_err(map_storage_error)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let Ok(store) = self.graph() else {
            return Ok("<workforce_graph.Graph (closed)>".to_owned());
        };
        let (triples, named) = py
            .detach(|| Ok::<_, oxigraph::store::StorageError>((store.len()?, store.named_graphs()?.len())))
            .map_err(map_storage_error)?;
        let place = match store.location() {
            Some(path) => format!("on disk at {}", path.display()),
            None => "in memory".to_owned(),
        };
        Ok(format!(
            "<workforce_graph.Graph {place}: {triples} triples, {named} named graphs>"
        ))
    }
}

/// An import report as a plain dict: ``source``, ``added``, ``notes``, ``triples``.
pub fn report_to_dict<'py>(
    py: Python<'py>,
    report: &crate::import::ImportReport,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("source", &report.source)?;
    let added = PyDict::new(py);
    for (kind, count) in &report.added {
        added.set_item(kind, count)?;
    }
    dict.set_item("added", added)?;
    dict.set_item("notes", &report.notes)?;
    dict.set_item("triples", report.triples)?;
    Ok(dict)
}
