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

/// A move as the facade reads it from the user's table (`careers.read_moves` in Python): the
/// earlier and later job's area and seniority level, each a name or nothing.
pub(super) type MoveRow = (Option<String>, Option<String>, Option<String>, Option<String>);

/// A count matrix as the facade receives it: the codes' labels (rows ``from`` and columns
/// ``to``, in the frame's order) and one list of counts per row.
fn matrix<'a>(codes: &'a [analysis::Code], counts: &'a [Vec<u64>]) -> (Vec<&'a str>, &'a [Vec<u64>]) {
    (codes.iter().map(|c| c.label.as_str()).collect(), counts)
}

/// ``Graph.career_moves`` (documented in `python/workforce_graph/graph.py`): the parts of the
/// facade's ``CareerMoves``, from the moves the facade read.
pub(super) fn career_moves<'py>(
    this: &PyGraph,
    py: Python<'py>,
    moves: Vec<MoveRow>,
    frame: Option<&str>,
    by: &str,
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
    let moves: Vec<Move> = moves
        .into_iter()
        .map(|(from_area, to_area, from_level, to_level)| Move {
            from_area,
            to_area,
            from_level,
            to_level,
        })
        .collect();
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
