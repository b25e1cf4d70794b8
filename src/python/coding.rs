//! Job-title coding for Python: free-text titles placed on a coding frame's two axes.

use super::analysis::{frame as data_frame, map_analysis_error};
use super::errors::Exception;
use super::graph::PyGraph;
use crate::coding::{self, CodedTitle, CodingError, TitleCoder};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use serde::Serialize;

fn map_coding_error(error: CodingError) -> PyErr {
    match error {
        CodingError::Frame(e) => map_analysis_error(e),
        CodingError::InvalidConfidence(_) => PyValueError::new_err(error.to_string()),
        CodingError::Query(_) => super::errors::domain_error(Exception::WorkforceGraph, error.to_string()),
    }
}

#[derive(Serialize)]
struct Row<'a> {
    title: Option<&'a str>,
    area: Option<&'a str>,
    area_label: Option<&'a str>,
    area_confidence: Option<f64>,
    area_words: Vec<String>,
    area_reason: Option<String>,
    seniority: Option<&'a str>,
    seniority_label: Option<&'a str>,
    seniority_confidence: Option<f64>,
    seniority_words: Vec<String>,
    seniority_reason: Option<String>,
}

const COLUMNS: [&str; 11] = [
    "title",
    "area",
    "area_label",
    "area_confidence",
    "area_words",
    "area_reason",
    "seniority",
    "seniority_label",
    "seniority_confidence",
    "seniority_words",
    "seniority_reason",
];

fn row<'a>(coder: &'a TitleCoder, title: Option<&'a str>, coded: Option<CodedTitle>) -> Row<'a> {
    let Some(coded) = coded else {
        let missing = Some("missing title".to_owned());
        return Row {
            title,
            area: None,
            area_label: None,
            area_confidence: None,
            area_words: Vec::new(),
            area_reason: missing.clone(),
            seniority: None,
            seniority_label: None,
            seniority_confidence: None,
            seniority_words: Vec::new(),
            seniority_reason: missing,
        };
    };
    let area = coded.area.code.map(|i| &coder.areas[i]);
    let level = coded.seniority.code.map(|i| &coder.levels[i]);
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    Row {
        title,
        area: area.map(|c| c.iri.as_str()),
        area_label: area.map(|c| c.label.as_str()),
        area_confidence: Some(round(coded.area.confidence)),
        area_words: coded.area.words,
        area_reason: coded.area.reason,
        seniority: level.map(|c| c.iri.as_str()),
        seniority_label: level.map(|c| c.label.as_str()),
        seniority_confidence: Some(round(coded.seniority.confidence)),
        seniority_words: coded.seniority.words,
        seniority_reason: coded.seniority.reason,
    }
}

/// ``Graph.code_job_titles`` (documented in `python/workforce_graph/graph.py`): `titles` is an
/// iterable of titles; the facade keeps a Series' index and refuses a single string.
pub(super) fn code_job_titles<'py>(
    this: &PyGraph,
    py: Python<'py>,
    titles: &Bound<'py, PyAny>,
    frame: Option<&str>,
    min_confidence: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let values: Vec<Option<String>> = titles
        .try_iter()?
        .map(|v| super::careers::text_cell(&v?, "a job title"))
        .collect::<PyResult<_>>()?;
    let graph = this.graph()?;
    let (coder, coded) = py
        .detach(|| -> Result<_, CodingError> {
            let coder = TitleCoder::read(graph.store(), frame)?;
            let coded = coding::code_titles(&coder, &values, min_confidence)?;
            Ok((coder, coded))
        })
        .map_err(map_coding_error)?;
    let rows: Vec<Row<'_>> = values
        .iter()
        .zip(coded)
        .map(|(t, c)| row(&coder, t.as_deref(), c))
        .collect();
    data_frame(py, &rows, &COLUMNS)
}
