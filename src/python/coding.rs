//! Job-title coding for Python: free-text titles placed on a coding frame's two axes.

use super::analysis::map_analysis_error;
use super::errors::Exception;
use super::facade::{analysis_table, record_batch};
use super::graph::PyGraph;
use crate::coding::{self, CodingError, TitleCoder};
use crate::table::Row;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

fn map_coding_error(error: CodingError) -> PyErr {
    match error {
        CodingError::Frame(e) => map_analysis_error(e),
        CodingError::InvalidConfidence(_) => PyValueError::new_err(error.to_string()),
        CodingError::Query(_) => super::errors::domain_error(Exception::WorkforceGraph, error.to_string()),
    }
}

/// ``Graph.code_job_titles`` (documented in `python/workforce_graph/graph.py`): `titles` is a
/// list of titles, each text or ``None``, as the facade reads them (`_rows.text_cell`); the facade
/// also keeps a Series' index and refuses a single string.
pub(super) fn code_job_titles<'py>(
    this: &PyGraph,
    py: Python<'py>,
    titles: &Bound<'py, PyAny>,
    frame: Option<&str>,
    min_confidence: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let values: Vec<Option<String>> = titles.extract()?;
    let graph = this.graph()?;
    let batch = py
        .detach(|| -> Result<_, CodingError> {
            let coder = TitleCoder::read(graph.store(), frame)?;
            let coded = coding::code_titles(&coder, &values, min_confidence)?;
            let batch = record_batch(&coding::TitleRow::table(coding::title_rows(
                &coder, &values, &coded,
            )));
            Ok(batch)
        })
        .map_err(map_coding_error)??;
    analysis_table(py, batch)
}
