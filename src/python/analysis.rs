//! Analyses for Python: each returns the core's rows as raw columns, which the Python facade
//! makes into a pandas DataFrame.

use super::errors::{domain_error, map_resolve_error, raise_with, unknown_name, Exception};
use super::guarded::detach_guarded;
use crate::analysis::{self, AnalysisError};
use crate::crosswalk::{self, AcceptDefaults, AcceptedMapping, CrosswalkError, Method, SuggestOptions};
use crate::table::{Column, ColumnType};
use crate::Graph;
use oxigraph::model::NamedNode;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;

/// Rows (any `Serialize` struct) as raw columns for a DataFrame with these columns, in this
/// order. The rows go to Python column by column (one list per column, built directly from serde values), which is
/// several times faster than a JSON text round trip for the tens of thousands of rows ESCO-sized
/// analyses return.
pub fn frame<'py, T: Serialize>(
    py: Python<'py>,
    rows: &[T],
    columns: &[&str],
) -> PyResult<Bound<'py, PyAny>> {
    let mut values: Vec<Vec<serde_json::Value>> = vec![Vec::with_capacity(rows.len()); columns.len()];
    for row in rows {
        let serde_json::Value::Object(mut fields) =
            serde_json::to_value(row).map_err(|e| PyValueError::new_err(e.to_string()))?
        else {
            return Err(PyValueError::new_err("a result row is not a record"));
        };
        for (column, name) in values.iter_mut().zip(columns) {
            column.push(fields.remove(*name).unwrap_or(serde_json::Value::Null));
        }
    }
    let data = PyDict::new(py);
    for (name, column) in columns.iter().zip(values) {
        let list = pyo3::types::PyList::empty(py);
        for value in &column {
            list.append(to_python(py, value)?)?;
        }
        data.set_item(*name, list)?;
    }
    // The dict keeps the columns' order; passing `columns=` as well makes pandas reindex, which
    // took longer than everything else in a small result (1.4 ms against 0.5 ms for 10 rows).
    new_frame(py, data)
}

/// Rows as raw columns for a DataFrame of these columns, each given the dtype of what it holds
/// (counts `int64` and reals `float64` also in an empty table; text and lists as pandas reads
/// them).
pub fn typed_frame<'py, T: Serialize>(
    py: Python<'py>,
    rows: &[T],
    columns: &[Column],
) -> PyResult<Bound<'py, PyAny>> {
    let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    let dtypes = PyDict::new(py);
    for column in columns {
        match column.holds {
            ColumnType::Count => dtypes.set_item(column.name, "int64")?,
            ColumnType::Real => dtypes.set_item(column.name, "float64")?,
            ColumnType::Text | ColumnType::List => {}
        }
    }
    frame(py, rows, &names)?.call_method1("astype", (dtypes,))
}

/// Raw columns of these fields of `rows`, each named as its field, one Python list per column
/// built straight from the rows: several times faster than [`frame`]'s serde path, for the
/// analyses that return thousands of rows or must answer in well under a millisecond.
macro_rules! field_columns {
    ($py:expr, $rows:expr, [$($field:ident),+ $(,)?]) => {{
        let data = PyDict::new($py);
        $(data.set_item(stringify!($field), PyList::new($py, $rows.iter().map(|r| &r.$field))?)?;)+
        new_frame($py, data)
    }};
}

/// The columns as the Python facade receives them (`RawColumns`): it makes the DataFrame
/// (``workforce_graph._tables.frame``), so the table convention has one home.
fn new_frame<'py>(_py: Python<'py>, data: Bound<'py, PyDict>) -> PyResult<Bound<'py, PyAny>> {
    Ok(super::facade::RawColumns::new(data)?.into_any())
}

fn to_python<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::IntoPyObjectExt;
    Ok(match value {
        serde_json::Value::Null => py.None().into_bound(py),
        serde_json::Value::Bool(b) => b.into_bound_py_any(py)?,
        serde_json::Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.into_bound_py_any(py)?,
            (None, Some(f)) => f.into_bound_py_any(py)?,
            _ => n.to_string().into_bound_py_any(py)?,
        },
        serde_json::Value::String(s) => s.into_bound_py_any(py)?,
        serde_json::Value::Array(items) => {
            let list = pyo3::types::PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        serde_json::Value::Object(fields) => {
            let dict = PyDict::new(py);
            for (key, item) in fields {
                dict.set_item(key, to_python(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

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
    let rows = detach_guarded(py, Exception::WorkforceGraph, || -> PyResult<_> {
        let resolved = frameworks
            .map(|names| {
                names
                    .iter()
                    .map(|n| resolve(graph, n))
                    .collect::<PyResult<Vec<_>>>()
            })
            .transpose()?;
        crosswalk::framework_overlap(graph.store(), resolved.as_deref(), method, min_score)
            .map_err(map_crosswalk_error)
    })??;
    typed_frame(py, &rows, &crosswalk::OverlapRow::columns(method))
}

pub fn crosswalk_table<'py>(py: Python<'py>, graph: &Graph, a: &str, b: &str) -> PyResult<Bound<'py, PyAny>> {
    let rows = detach_guarded(py, Exception::WorkforceGraph, || -> PyResult<_> {
        let (a, b) = (resolve(graph, a)?, resolve(graph, b)?);
        crosswalk::crosswalk(graph.store(), &a, &b).map_err(map_crosswalk_error)
    })??;
    let table = frame(
        py,
        &rows,
        &[
            "subject",
            "subject_label",
            "predicate",
            "kind",
            "object",
            "object_label",
            "inverted",
            "mapping",
            "justification",
            "confidence",
            "similarity_score",
            "author",
            "author_label",
            "date",
            "topic",
            "comment",
            "sources",
        ],
    )?;
    // Dates become dates in the facade (`_tables.frame`), like every table's.
    Ok(table)
}

pub fn suggest_mappings<'py>(
    py: Python<'py>,
    graph: &Graph,
    a: &str,
    b: &str,
    options: SuggestOptions,
) -> PyResult<Bound<'py, PyAny>> {
    let rows = detach_guarded(py, Exception::WorkforceGraph, || -> PyResult<_> {
        let (a, b) = (resolve(graph, a)?, resolve(graph, b)?);
        let suggestions =
            crosswalk::suggest_mappings_with(graph.store(), &a, &b, &options).map_err(map_crosswalk_error)?;
        Ok(suggestions
            .into_iter()
            .map(crosswalk::SuggestionRow::from)
            .collect::<Vec<_>>())
    })??;
    frame(
        py,
        &rows,
        &[
            "subject",
            "subject_label",
            "object",
            "object_label",
            "score",
            "matched_words",
            "matched_weights",
            "already_mapped",
        ],
    )
}

pub fn mapping_quality<'py>(
    py: Python<'py>,
    graph: &Graph,
    thresholds: Vec<f64>,
) -> PyResult<Bound<'py, PyAny>> {
    let rows = detach_guarded(py, Exception::WorkforceGraph, || {
        crosswalk::evaluate_all_pairs_at(graph.store(), &thresholds).map(|e| crosswalk::quality_rows(&e))
    })?
    .map_err(map_crosswalk_error)?;
    frame(
        py,
        &rows,
        &[
            "min_score",
            "code_a",
            "code_b",
            "curated_pairs",
            "precision",
            "recall",
            "f1",
            "true_positives",
            "false_positives",
            "false_negatives",
        ],
    )
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
    let rows = detach_guarded(py, Exception::WorkforceGraph, || -> PyResult<_> {
        let (a, b) = (resolve(graph, a)?, resolve(graph, b)?);
        let gaps = crosswalk::framework_gaps(graph.store(), &a, &b, max_hops).map_err(map_crosswalk_error)?;
        Ok(gaps
            .into_iter()
            .map(crosswalk::GapTableRow::from)
            .collect::<Vec<_>>())
    })??;
    frame(
        py,
        &rows,
        &[
            "item",
            "item_label",
            "target",
            "target_label",
            "path",
            "strength",
            "hops",
            "steps",
        ],
    )
}

pub fn role_overlap<'py>(
    py: Python<'py>,
    graph: &Graph,
    min_shared: u32,
    framework: Option<&str>,
    essential_only: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let overlap = detach_guarded(py, Exception::WorkforceGraph, || {
        analysis::role_overlap(graph, min_shared, framework, essential_only)
    })?
    .map_err(map_analysis_error)?;
    // Thousands of rows: straight into column lists (the serde rows cost more than the kernel).
    let rows = overlap.rows();
    field_columns!(py, rows, [a, a_label, b, b_label, shared])
}

pub fn similar_roles<'py>(
    py: Python<'py>,
    graph: &Graph,
    role: &str,
    k: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let similar = detach_guarded(py, Exception::WorkforceGraph, || {
        analysis::similar_roles(graph, role, k)
    })?
    .map_err(map_analysis_error)?;
    // Columns built directly: this is meant to answer in well under a millisecond, and the serde
    // rows took a third of that. No label column for the query: each string column costs pandas
    // tens of microseconds (role_levels() has them).
    let rows = similar.rows();
    field_columns!(
        py,
        rows,
        [
            query,
            role,
            role_label,
            score,
            shared,
            shared_competencies,
            shared_competencies_label,
            missing_competencies,
            missing_competencies_label,
        ]
    )
}

pub fn skill_gap<'py>(py: Python<'py>, graph: &Graph, from: &str, to: &str) -> PyResult<Bound<'py, PyAny>> {
    let rows = detach_guarded(py, Exception::WorkforceGraph, || {
        analysis::skill_gap(graph, from, to)
    })?
    .map_err(map_analysis_error)?;
    frame(
        py,
        &rows,
        &[
            "from_role",
            "from_role_label",
            "to_role",
            "to_role_label",
            "competency",
            "competency_label",
            "status",
            "essential",
            "required_level",
            "required_level_label",
            "required_level_normalised",
            "current_level",
            "current_level_label",
            "current_level_normalised",
            "levels_compared",
            "via",
            "via_label",
            "mapping",
            "mapping_predicate",
        ],
    )
}

/// The coverage table, one Python list per column built straight from the rows: at ESCO scale
/// (about 11,000 rows) the generic serde path of [`frame`] cost as much as the analysis itself.
fn coverage_frame<'py>(py: Python<'py>, rows: Vec<analysis::CoverageGap>) -> PyResult<Bound<'py, PyAny>> {
    let n = rows.len();
    let mut columns: Vec<Vec<Bound<'py, PyAny>>> = (0..16).map(|_| Vec::with_capacity(n)).collect();
    use pyo3::IntoPyObjectExt;
    for row in rows {
        let values = [
            row.kind.as_str().into_bound_py_any(py)?,
            row.item.into_bound_py_any(py)?,
            row.item_label.into_bound_py_any(py)?,
            row.status.as_str().into_bound_py_any(py)?,
            PyList::new(py, row.frameworks)?.into_any(),
            PyList::new(py, row.frameworks_label)?.into_any(),
            PyList::new(py, row.frameworks_code)?.into_any(),
            row.bodies.into_bound_py_any(py)?,
            row.direct_bodies.into_bound_py_any(py)?,
            row.via_bodies.into_bound_py_any(py)?,
            PyList::new(py, row.covered_by)?.into_any(),
            PyList::new(py, row.covered_by_label)?.into_any(),
            PyList::new(py, row.via)?.into_any(),
            PyList::new(py, row.via_label)?.into_any(),
            row.essential_roles.into_bound_py_any(py)?,
            row.all_roles.into_bound_py_any(py)?,
        ];
        for (column, value) in columns.iter_mut().zip(values) {
            column.push(value);
        }
    }
    let data = PyDict::new(py);
    for (name, values) in COVERAGE_COLUMNS.iter().zip(columns) {
        data.set_item(*name, PyList::new(py, values)?)?;
    }
    let frame = new_frame(py, data)?;
    // Counts stay int64 even when the table is empty.
    let counts = PyDict::new(py);
    for name in [
        "bodies",
        "direct_bodies",
        "via_bodies",
        "essential_roles",
        "all_roles",
    ] {
        counts.set_item(name, "int64")?;
    }
    frame.call_method1("astype", (counts,))
}

const COVERAGE_COLUMNS: [&str; 16] = [
    "kind",
    "item",
    "item_label",
    "status",
    "frameworks",
    "frameworks_label",
    "frameworks_code",
    "bodies",
    "direct_bodies",
    "via_bodies",
    "covered_by",
    "covered_by_label",
    "via",
    "via_label",
    "essential_roles",
    "all_roles",
];

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
    let rows = detach_guarded(py, Exception::WorkforceGraph, || -> Result<_, AnalysisError> {
        let index = graph.requirement_index()?;
        let coverage = analysis::coverage(graph.store(), &index, &predicates)?;
        Ok(analysis::coverage_gaps(&coverage, &index, max_bodies))
    })?
    .map_err(map_analysis_error)?;
    coverage_frame(py, rows)
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
    let table = detach_guarded(py, Exception::WorkforceGraph, || {
        analysis::coverage_matrix_table(graph, by, &predicates)
    })?
    .map_err(map_analysis_error)?;
    typed_frame(py, &table.rows(), &table.columns())
}
