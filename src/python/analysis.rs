//! Analyses for Python: each runs the core's analysis with the GIL released and hands its table
//! (columns declared in the core) to the facade as Arrow ([`super::facade::record_batch`]), which
//! makes it a pandas DataFrame.

use super::errors::{domain_error, map_resolve_error, raise_with, unknown_name, Exception};
use super::facade::{analysis_table, record_batch};
use super::guarded::detach_guarded;
use crate::analysis::{self, AnalysisError};
use crate::crosswalk::{self, AcceptDefaults, AcceptedMapping, CrosswalkError, Method, SuggestOptions};
use crate::table::{Row, Table};
use crate::Graph;
use oxigraph::model::NamedNode;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// `NoRequirementsError` with `.missing` (IRIs) and `.frameworks` (those carrying requirements).
fn no_requirements(message: String, missing: Vec<String>, frameworks: Vec<String>) -> PyErr {
    use pyo3::IntoPyObjectExt;
    let kwargs = Python::attach(|py| -> PyResult<_> {
        Ok([
            ("missing", missing.into_py_any(py)?),
            ("frameworks", frameworks.into_py_any(py)?),
        ])
    });
    match kwargs {
        Ok(kwargs) => raise_with(Exception::NoRequirements, message, &kwargs),
        Err(e) => e,
    }
}

pub fn map_crosswalk_error(error: CrosswalkError) -> PyErr {
    match error {
        CrosswalkError::Resolve(resolve) => map_resolve_error(*resolve),
        CrosswalkError::UnknownFramework { ref suggestions, .. } => {
            let suggestions = suggestions.clone();
            unknown_name(error.to_string(), suggestions)
        }
        CrosswalkError::Storage(_) => domain_error(Exception::Storage, error.to_string()),
        CrosswalkError::NotLoaded(message) => domain_error(Exception::FrameworkNotLoaded, message),
        other => PyValueError::new_err(other.to_string()),
    }
}

pub fn map_analysis_error(error: AnalysisError) -> PyErr {
    // A framework that scoped an analysis is named as the crosswalk analyses name frameworks.
    let error = match error {
        AnalysisError::Framework(framework) => return map_crosswalk_error(*framework),
        other => other,
    };
    match &error {
        AnalysisError::UnknownHolder { suggestions, .. }
        | AnalysisError::UnknownCompetency { suggestions, .. }
        | AnalysisError::UnknownCodingFrame { suggestions, .. }
        | AnalysisError::UnknownCode { suggestions, .. } => {
            let names = suggestions
                .iter()
                .map(|s| s.label.clone().unwrap_or_else(|| s.iri.clone()))
                .collect();
            unknown_name(error.to_string(), names)
        }
        AnalysisError::NoRequirements {
            holders, frameworks, ..
        } => no_requirements(
            error.to_string(),
            holders.iter().map(|h| h.iri.clone()).collect(),
            frameworks.clone(),
        ),
        AnalysisError::FrameworkWithoutRequirements { frameworks, .. } => {
            no_requirements(error.to_string(), Vec::new(), frameworks.clone())
        }
        AnalysisError::AmbiguousHolder { .. }
        | AnalysisError::AmbiguousCompetency { .. }
        | AnalysisError::InvalidHolderId(_) => PyValueError::new_err(error.to_string()),
        AnalysisError::Storage(_) => domain_error(Exception::Storage, error.to_string()),
        _ => domain_error(Exception::WorkforceGraph, error.to_string()),
    }
}

fn resolve(graph: &Graph, given: &str) -> PyResult<NamedNode> {
    crosswalk::resolve(graph, given).map_err(map_crosswalk_error)
}

/// The `frameworks` argument of `framework_overlap`: `None`, or a list (or tuple, or other
/// non-string iterable) of two or more names. A single string is refused with a message saying
/// what to pass, instead of the bindings' conversion error.
fn framework_names(frameworks: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<String>>> {
    use pyo3::exceptions::PyTypeError;
    let Some(given) = frameworks.filter(|f| !f.is_none()) else {
        return Ok(None);
    };
    if let Ok(name) = given.extract::<String>() {
        return Err(PyTypeError::new_err(format!(
            "framework_overlap() takes a list of two or more frameworks, e.g. [{name:?}, \"NCF\"], not the single name {name:?}"
        )));
    }
    let iterator = given.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "framework_overlap() takes a list of framework codes, names or IRIs, not {}",
            given
                .get_type()
                .name()
                .map_or_else(|_| "that".to_owned(), |n| n.to_string())
        ))
    })?;
    let mut names = Vec::new();
    for item in iterator {
        let item = item?;
        let name = item.extract::<String>().map_err(|_| {
            PyTypeError::new_err(format!(
                "framework_overlap(): each framework is a code, name or IRI (a string), not {}: {}",
                item.get_type()
                    .name()
                    .map_or_else(|_| "that".to_owned(), |n| n.to_string()),
                item.repr().map_or_else(|_| "?".to_owned(), |r| r.to_string())
            ))
        })?;
        names.push(name);
    }
    if names.len() < 2 {
        return Err(PyValueError::new_err(format!(
            "framework_overlap() compares two or more frameworks; got {}: {names:?}",
            names.len()
        )));
    }
    Ok(Some(names))
}

pub fn framework_overlap<'py>(
    py: Python<'py>,
    graph: &Graph,
    frameworks: Option<&Bound<'py, PyAny>>,
    method: &str,
    min_score: f64,
) -> PyResult<Bound<'py, PyAny>> {
    let frameworks = framework_names(frameworks)?;
    let method: Method = method.parse().map_err(map_crosswalk_error)?;
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> PyResult<_> {
        let resolved = frameworks
            .map(|names| {
                names
                    .iter()
                    .map(|n| resolve(graph, n))
                    .collect::<PyResult<Vec<_>>>()
            })
            .transpose()?;
        let rows = crosswalk::framework_overlap(graph.store(), resolved.as_deref(), method, min_score)
            .map_err(map_crosswalk_error)?;
        record_batch(&Table::new(crosswalk::OverlapRow::fields(method), rows))
    })??;
    analysis_table(py, batch)
}

pub fn crosswalk_table<'py>(py: Python<'py>, graph: &Graph, a: &str, b: &str) -> PyResult<Bound<'py, PyAny>> {
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> PyResult<_> {
        let (a, b) = (resolve(graph, a)?, resolve(graph, b)?);
        let rows = crosswalk::crosswalk(graph.store(), &a, &b).map_err(map_crosswalk_error)?;
        // Dates become dates in the facade (`_tables.frame`), like every table's.
        record_batch(&crosswalk::MappingRow::table(rows))
    })??;
    analysis_table(py, batch)
}

pub fn suggest_mappings<'py>(
    py: Python<'py>,
    graph: &Graph,
    a: &str,
    b: &str,
    options: SuggestOptions,
) -> PyResult<Bound<'py, PyAny>> {
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> PyResult<_> {
        let (a, b) = (resolve(graph, a)?, resolve(graph, b)?);
        let suggestions =
            crosswalk::suggest_mappings_with(graph.store(), &a, &b, &options).map_err(map_crosswalk_error)?;
        let rows = suggestions
            .into_iter()
            .map(crosswalk::SuggestionRow::from)
            .collect();
        record_batch(&crosswalk::SuggestionRow::table(rows))
    })??;
    analysis_table(py, batch)
}

pub fn mapping_quality<'py>(
    py: Python<'py>,
    graph: &Graph,
    thresholds: Vec<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> PyResult<_> {
        let evaluations =
            crosswalk::evaluate_all_pairs_at(graph.store(), &thresholds).map_err(map_crosswalk_error)?;
        record_batch(&crosswalk::QualityRow::table(crosswalk::quality_rows(
            &evaluations,
        )))
    })??;
    analysis_table(py, batch)
}

/// One row of ``Graph.accept_mappings`` as the facade hands it over: a dict with every key, the
/// user's table already read, its gaps dropped and the predicate's and reviewer confidence's
/// defaults filled in (``graph._accepted_rows``). The fields are [`AcceptedMapping`]'s.
#[derive(FromPyObject)]
#[pyo3(from_item_all)]
pub struct AcceptRow {
    subject: String,
    object: String,
    predicate: String,
    confidence: f64,
    author: Option<String>,
    justification: Option<String>,
    date: Option<String>,
    comment: Option<String>,
    topic: Option<String>,
    score: Option<f64>,
}

impl From<AcceptRow> for AcceptedMapping {
    fn from(row: AcceptRow) -> Self {
        Self {
            subject: row.subject,
            object: row.object,
            predicate: row.predicate,
            confidence: row.confidence,
            author: row.author,
            justification: row.justification,
            date: row.date,
            comment: row.comment,
            topic: row.topic,
            sources: Vec::new(),
            score: row.score,
        }
    }
}

/// Stores reviewed mappings ([`crosswalk::accept_mappings`]), rows without an author getting
/// `author`.
pub fn accept_mappings(
    py: Python<'_>,
    graph: &Graph,
    rows: Vec<AcceptRow>,
    author: Option<String>,
) -> PyResult<Vec<String>> {
    let accepted: Vec<AcceptedMapping> = rows.into_iter().map(AcceptedMapping::from).collect();
    let defaults = AcceptDefaults {
        author,
        ..AcceptDefaults::default()
    };
    detach_guarded(py, Exception::WorkforceGraph, || {
        crosswalk::accept_mappings(graph, &accepted, &defaults)
    })?
    .map_err(map_crosswalk_error)
}

pub fn framework_gaps<'py>(
    py: Python<'py>,
    graph: &Graph,
    a: &str,
    b: &str,
    max_hops: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> PyResult<_> {
        let (a, b) = (resolve(graph, a)?, resolve(graph, b)?);
        let gaps = crosswalk::framework_gaps(graph.store(), &a, &b, max_hops).map_err(map_crosswalk_error)?;
        let rows = gaps.into_iter().map(crosswalk::GapTableRow::from).collect();
        record_batch(&crosswalk::GapTableRow::table(rows))
    })??;
    analysis_table(py, batch)
}

pub fn role_overlap<'py>(
    py: Python<'py>,
    graph: &Graph,
    min_shared: u32,
    framework: Option<&str>,
    essential_only: bool,
) -> PyResult<Bound<'py, PyAny>> {
    // The error is mapped with the GIL held (it may build a Python exception with attributes).
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> Result<_, AnalysisError> {
        let overlap = analysis::role_overlap(graph, min_shared, framework, essential_only)?;
        let batch = record_batch(&analysis::RoleOverlapRow::table(overlap.rows()));
        Ok(batch)
    })?
    .map_err(map_analysis_error)??;
    analysis_table(py, batch)
}

pub fn similar_roles<'py>(
    py: Python<'py>,
    graph: &Graph,
    role: &str,
    k: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> Result<_, AnalysisError> {
        let similar = analysis::similar_roles(graph, role, k)?;
        let batch = record_batch(&analysis::SimilarRoleRow::table(similar.rows()));
        Ok(batch)
    })?
    .map_err(map_analysis_error)??;
    analysis_table(py, batch)
}

pub fn skill_gap<'py>(py: Python<'py>, graph: &Graph, from: &str, to: &str) -> PyResult<Bound<'py, PyAny>> {
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> Result<_, AnalysisError> {
        let rows = analysis::skill_gap(graph, from, to)?;
        Ok(record_batch(&analysis::SkillGapRow::table(rows)))
    })?
    .map_err(map_analysis_error)??;
    analysis_table(py, batch)
}

fn parse_predicates(predicates: &[String]) -> PyResult<Vec<NamedNode>> {
    predicates
        .iter()
        .map(|p| {
            NamedNode::new(p).map_err(|e| PyValueError::new_err(format!("invalid predicate IRI {p:?}: {e}")))
        })
        .collect()
}

pub fn coverage_gaps<'py>(
    py: Python<'py>,
    graph: &Graph,
    predicates: Vec<String>,
    max_bodies: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let predicates = parse_predicates(&predicates)?;
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> Result<_, AnalysisError> {
        let table = analysis::coverage_gaps_table(graph, &predicates, max_bodies)?;
        Ok(record_batch(&table))
    })?
    .map_err(map_analysis_error)??;
    analysis_table(py, batch)
}

pub fn coverage_matrix<'py>(
    py: Python<'py>,
    graph: &Graph,
    by: &str,
    predicates: Vec<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let by = match by {
        "area" | "specialist_area" => analysis::MatrixBy::Area,
        "framework" => analysis::MatrixBy::Framework,
        other => {
            return Err(PyValueError::new_err(format!(
                "coverage_matrix(by={other:?}): use \"area\" (specialist areas) or \"framework\""
            )))
        }
    };
    let predicates = parse_predicates(&predicates)?;
    let batch = detach_guarded(py, Exception::WorkforceGraph, || -> Result<_, AnalysisError> {
        let matrix = analysis::coverage_matrix_table(graph, by, &predicates)?;
        let batch = record_batch(&matrix.table());
        Ok(batch)
    })?
    .map_err(map_analysis_error)??;
    analysis_table(py, batch)
}
