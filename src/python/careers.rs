//! Career and evidence analyses for Python: career-move matrices, next roles, evidence gaps.

use super::analysis::map_analysis_error;
use super::errors::Exception;
use super::facade::{analysis_table, record_batch};
use super::graph::PyGraph;
use super::guarded::detach_guarded;
use crate::analysis::{self, CodingFrame, Move};
use crate::table::Row;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

const CODE_NAME: &str = "a code name";

/// A cell of a user's table: text, or nothing for a missing value (None, NaN, NA); `expected`
/// names what the text should be, for the error.
pub(super) fn text_cell(value: &Bound<'_, PyAny>, expected: &str) -> PyResult<Option<String>> {
    if value.is_none() {
        return Ok(None);
    }
    match value.extract::<String>() {
        Ok(text) => Ok(Some(text)),
        // pandas and polars mark missing values with floats (NaN) or their own NA objects.
        Err(_) if value.extract::<f64>().is_ok_and(f64::is_nan) => Ok(None),
        Err(_) if value.get_type().name()?.to_string().contains("NA") => Ok(None),
        Err(_) => Err(PyTypeError::new_err(format!(
            "expected {expected} (text), got {}",
            value.repr()?
        ))),
    }
}

/// The moves of a DataFrame (pandas or polars: anything with ``columns`` and ``df[column]``) or
/// of an iterable of mappings.
fn read_moves(rows: &Bound<'_, PyAny>, columns: [&str; 4]) -> PyResult<Vec<Move>> {
    let mut values: [Vec<Option<String>>; 4] = Default::default();
    if rows.hasattr("columns")? {
        let present: Vec<String> = rows
            .getattr("columns")?
            .try_iter()?
            .map(|c| c?.str()?.extract())
            .collect::<PyResult<_>>()?;
        let missing: Vec<&str> = columns
            .iter()
            .copied()
            .filter(|c| !present.iter().any(|p| p == c))
            .collect();
        if missing.len() == 4
            || missing.len() == 2 && (missing.contains(&columns[0]) != missing.contains(&columns[1]))
        {
            return Err(PyValueError::new_err(format!(
                "the moves table needs the columns {columns:?} (or both of one axis); missing {missing:?}, present {present:?}"
            )));
        }
        for (slot, column) in values.iter_mut().zip(columns) {
            if present.iter().any(|p| p == column) {
                *slot = rows
                    .get_item(column)?
                    .try_iter()?
                    .map(|v| text_cell(&v?, CODE_NAME))
                    .collect::<PyResult<_>>()?;
            }
        }
        let n = values.iter().map(Vec::len).max().unwrap_or(0);
        for slot in &mut values {
            slot.resize(n, None);
        }
    } else {
        for (row, mapping) in rows.try_iter()?.enumerate() {
            let mapping = mapping?;
            for (slot, column) in values.iter_mut().zip(columns) {
                let value = match mapping.get_item(column) {
                    Ok(value) => text_cell(&value, CODE_NAME)?,
                    Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(rows.py()) => None,
                    Err(_) => {
                        return Err(PyTypeError::new_err(format!(
                            "row {row} of moves is not a mapping"
                        )))
                    }
                };
                slot.push(value);
            }
        }
    }
    let [from_area, to_area, from_level, to_level] = values;
    Ok((0..from_area.len())
        .map(|i| Move {
            from_area: from_area[i].clone(),
            to_area: to_area[i].clone(),
            from_level: from_level[i].clone(),
            to_level: to_level[i].clone(),
        })
        .collect())
}

/// A count matrix as the facade receives it: the codes' labels (rows ``from`` and columns
/// ``to``, in the frame's order) and one list of counts per row.
fn matrix<'a>(codes: &'a [analysis::Code], counts: &'a [Vec<u64>]) -> (Vec<&'a str>, &'a [Vec<u64>]) {
    (codes.iter().map(|c| c.label.as_str()).collect(), counts)
}

/// ``Graph.career_moves`` (documented in `python/workforce_graph/graph.py`): the parts of the
/// facade's ``CareerMoves``.
pub(super) fn career_moves<'py>(
    this: &PyGraph,
    py: Python<'py>,
    moves: &Bound<'py, PyAny>,
    frame: Option<&str>,
    by: &str,
    columns: Option<(String, String, String, String)>,
) -> PyResult<Bound<'py, PyDict>> {
    let by_group = match by {
        "area" => false,
        "group" => true,
        other => {
            return Err(PyValueError::new_err(format!(
                "career_moves(by={other:?}): use \"area\" or \"group\""
            )))
        }
    };
    // Defaults live here rather than in the signature: a tuple default would show as `...`
    // in the runtime signature and stop it matching the stub.
    let columns = columns.unwrap_or_else(|| {
        (
            "from_area".into(),
            "to_area".into(),
            "from_level".into(),
            "to_level".into(),
        )
    });
    let moves = read_moves(moves, [&columns.0, &columns.1, &columns.2, &columns.3])?;
    let graph = this.graph()?;
    let result = detach_guarded(
        py,
        Exception::WorkforceGraph,
        || -> Result<_, analysis::AnalysisError> {
            let coding_frame = CodingFrame::read(graph.store(), frame)?;
            analysis::career_moves(&coding_frame, &moves, by_group)
        },
    )?;
    let result = result.map_err(map_analysis_error)?;
    let summary = PyDict::new(py);
    for (key, value) in [
        ("moves", result.coded.len() as u64),
        ("moves_with_areas", result.moves_with_areas),
        ("within_area", result.within_area),
        ("moves_with_ranked_levels", result.moves_with_ranked_levels),
        ("up", result.up),
        ("same_level", result.same_level),
        ("down", result.down),
        ("uncoded", result.uncoded),
    ] {
        summary.set_item(key, value)?;
    }
    let parts = PyDict::new(py);
    parts.set_item("areas", matrix(&result.areas, &result.area_counts))?;
    parts.set_item("seniority", matrix(&result.levels, &result.level_counts))?;
    parts.set_item("within_area_share", result.within_area_share())?;
    parts.set_item("summary", summary)?;
    let moves = record_batch(&analysis::CodedMove::table(result.moves()))?;
    parts.set_item("moves", analysis_table(py, moves)?)?;
    Ok(parts)
}

/// ``Graph.next_roles`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn next_roles<'py>(
    this: &PyGraph,
    py: Python<'py>,
    role: &str,
    k: super::search::Whole,
) -> PyResult<Bound<'py, PyAny>> {
    let k = k.count(py, "k", 1)?;
    let graph = this.graph()?;
    let batch = detach_guarded(py, Exception::WorkforceGraph, || {
        analysis::next_roles(&graph, role, k).map(|rows| record_batch(&analysis::NextRoleRow::table(rows)))
    })?
    .map_err(map_analysis_error)??;
    analysis_table(py, batch)
}

/// ``Graph.evidence_gaps`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn evidence_gaps<'py>(
    this: &PyGraph,
    py: Python<'py>,
    since: Option<&Bound<'py, PyAny>>,
    include_covered: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let since = match since {
        Some(year) if !year.is_none() => {
            if year.is_instance_of::<pyo3::types::PyBool>() || !year.is_instance_of::<pyo3::types::PyInt>() {
                return Err(PyTypeError::new_err(format!(
                    "since must be a year as a whole number (such as 2020), not {} {}",
                    year.get_type().qualname()?,
                    year.repr()?
                )));
            }
            Some(
                year.extract::<i64>()
                    .map_err(|_| PyValueError::new_err("since is not a plausible year"))?,
            )
        }
        _ => None,
    };
    let graph = this.graph()?;
    let batch = detach_guarded(py, Exception::WorkforceGraph, || {
        analysis::evidence_gaps(graph.store(), since, include_covered)
            .map(|rows| record_batch(&analysis::EvidenceItem::table(rows)))
    })?
    .map_err(map_analysis_error)??;
    analysis_table(py, batch)
}
