//! Search for Python, and the atomic file writer the Python package uses.

use super::errors::{map_query_error, map_resolve_error};
use super::facade::{analysis_table, record_batch};
use super::graph::PyGraph;
use crate::search::{self, SearchError, SearchHit};
use crate::table::Row;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

fn map_search_error(error: SearchError) -> PyErr {
    match error {
        SearchError::Resolve(e) => map_resolve_error(e),
        SearchError::Query(e) => map_query_error(e),
        e @ (SearchError::UnknownKind { .. } | SearchError::NoWords(_)) => {
            PyValueError::new_err(e.to_string())
        }
    }
}

/// A whole number of at least `min` for argument `name`, with a one-line error otherwise (a
/// negative number, a float or a string would otherwise fail inside the conversion with pyo3's
/// wording).
pub(super) fn count_argument(value: &Bound<'_, PyAny>, name: &str, min: i64) -> PyResult<usize> {
    if value.is_instance_of::<pyo3::types::PyBool>() || !value.is_instance_of::<pyo3::types::PyInt>() {
        return Err(PyTypeError::new_err(format!(
            "{name} must be a whole number, not {} {}",
            value.get_type().qualname()?,
            value.repr()?
        )));
    }
    let number: i64 = value
        .extract()
        .map_err(|_| PyValueError::new_err(format!("{name} is too large")))?;
    if number < min {
        return Err(PyValueError::new_err(format!(
            "{name} must be at least {min}, not {number}"
        )));
    }
    usize::try_from(number).map_err(|_| PyValueError::new_err(format!("{name} is too large")))
}

/// A whole-number argument, checked by [`count_argument`] when the method runs (so a bad value
/// gets the method's own one-line message).
pub(super) struct Whole(Py<PyAny>);

impl<'a, 'py> FromPyObject<'a, 'py> for Whole {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Whole(obj.to_owned().unbind()))
    }
}

impl Whole {
    /// The number, at least `min`, or a one-line error naming the argument.
    pub(super) fn count(&self, py: Python<'_>, name: &str, min: i64) -> PyResult<usize> {
        count_argument(self.0.bind(py), name, min)
    }
}

/// ``Graph.search`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn search<'py>(
    this: &PyGraph,
    py: Python<'py>,
    text: &str,
    kind: Option<&str>,
    framework: Option<&str>,
    k: Whole,
) -> PyResult<Bound<'py, PyAny>> {
    let k = k.count(py, "k", 1)?;
    let graph = this.graph()?;
    let batch = py
        .detach(|| {
            search::search(&graph, text, kind, framework, k).map(|hits| record_batch(&SearchHit::table(hits)))
        })
        .map_err(map_search_error)??;
    analysis_table(py, batch)
}

/// Writes bytes to a file through the core's atomic write path (a temporary file beside it, then
/// a rename): the Python package's Excel and HTML outputs are written this way.
///
/// :param path: the file to write.
/// :param data: its content.
#[pyfunction]
pub fn write_file(py: Python<'_>, path: std::path::PathBuf, data: Vec<u8>) -> PyResult<()> {
    py.detach(|| crate::export::write_file(&path, &data))
        .map_err(super::importers::map_export_error)
}
