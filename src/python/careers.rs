//! Career and evidence analyses for Python: career-move matrices, next roles, evidence gaps.

use super::analysis::{frame as data_frame, map_analysis_error};
use super::graph::PyGraph;
use super::guarded::detach_guarded;
use crate::analysis::{self, CodingFrame, Move, Weights};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::Serialize;

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

fn matrix<'py>(
    py: Python<'py>,
    codes: &[analysis::Code],
    counts: &[Vec<u64>],
) -> PyResult<Bound<'py, PyAny>> {
    let pandas = py.import("pandas")?;
    let labels: Vec<&str> = codes.iter().map(|c| c.label.as_str()).collect();
    let index = |name: &str| -> PyResult<Bound<'py, PyAny>> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("name", name)?;
        pandas.getattr("Index")?.call((labels.clone(),), Some(&kwargs))
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("index", index("from")?)?;
    kwargs.set_item("columns", index("to")?)?;
    kwargs.set_item("dtype", "int64")?;
    pandas
        .getattr("DataFrame")?
        .call((PyList::new(py, counts)?,), Some(&kwargs))
}

#[derive(Serialize)]
struct CodedMove<'a> {
    from_area: Option<&'a str>,
    to_area: Option<&'a str>,
    from_level: Option<&'a str>,
    to_level: Option<&'a str>,
    same_area: Option<bool>,
    seniority_change: Option<i64>,
}

#[derive(Serialize)]
struct NextRoleRow {
    query: String,
    query_label: String,
    role: String,
    role_label: String,
    level_of: Option<String>,
    level_of_label: Option<String>,
    step: analysis::Step,
    score: f64,
    similarity: f64,
    transfer: f64,
    seniority_from: Option<f64>,
    seniority_to: Option<f64>,
    shared: usize,
    to_gain: usize,
    shared_competencies: Vec<String>,
    shared_competencies_label: Vec<String>,
    competencies_to_gain: Vec<String>,
    competencies_to_gain_label: Vec<String>,
}

#[pymethods]
impl PyGraph {
    /// Career moves counted on a coding frame: the specialist-area by specialist-area and the
    /// seniority by seniority matrices that the Health Informatics Career Pathways report drew as
    /// its heatmap, with the share of moves that stay within an area.
    ///
    /// Each move is a row with the earlier and later job's specialist area and seniority level,
    /// named by label, alternative label, abbreviation, notation or IRI (case does not matter); a
    /// missing value leaves that move out of that axis only. An unknown name fails the call,
    /// naming the row and listing close matches.
    ///
    /// :param moves: a pandas or polars DataFrame, or an iterable of dicts.
    /// :param frame: the coding frame (IRI, label or notation); the only one in the graph by default.
    /// :param by: ``"area"`` (the 19 areas of the bundled frame) or ``"group"`` (their groupings).
    /// :param columns: the column names for (from area, to area, from level, to level); by default
    ///     ``("from_area", "to_area", "from_level", "to_level")``.
    /// :rtype: workforce_graph.careers.CareerMoves
    /// :raises UnknownNameError: for a name that matches no code.
    ///
    /// ``areas`` and ``seniority`` are count matrices whose index and columns are the codes'
    /// labels; ``moves`` is a table with the columns ``from_area``, ``to_area``, ``from_level``,
    /// ``to_level`` (IRIs of the codes each name resolved to), ``same_area`` (bool) and
    /// ``seniority_change`` (``up``, ``same_level``, ``down``, or null when not comparable).
    ///
    /// >>> g = Graph()
    /// >>> moves = [
    /// ...     {"from_area": "BI", "to_area": "Data Warehousing", "from_level": "Standard Role", "to_level": "Manager"},
    /// ...     {"from_area": "IG", "to_area": "IG", "from_level": "Manager", "to_level": "Manager"},
    /// ... ]
    /// >>> result = g.career_moves(moves)
    /// >>> int(result.areas.loc["Business Intelligence & Analysis", "Data Warehousing"])
    /// 1
    /// >>> result.within_area_share
    /// 0.5
    #[pyo3(signature = (moves, *, frame = None, by = "area", columns = None))]
    fn career_moves<'py>(
        &self,
        py: Python<'py>,
        moves: &Bound<'py, PyAny>,
        frame: Option<&str>,
        by: &str,
        columns: Option<(String, String, String, String)>,
    ) -> PyResult<Bound<'py, PyAny>> {
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
        let graph = self.graph()?;
        let result = detach_guarded(
            py,
            "WorkforceGraphError",
            || -> Result<_, analysis::AnalysisError> {
                let coding_frame = CodingFrame::read(graph.store(), frame)?;
                analysis::career_moves(&coding_frame, &moves, by_group)
            },
        )?;
        let result = result.map_err(map_analysis_error)?;
        let coded: Vec<CodedMove<'_>> = result
            .coded
            .iter()
            .map(|[a, b, x, y]| CodedMove {
                from_area: a.map(|i| result.areas[i].iri.as_str()),
                to_area: b.map(|i| result.areas[i].iri.as_str()),
                from_level: x.map(|i| result.levels[i].iri.as_str()),
                to_level: y.map(|i| result.levels[i].iri.as_str()),
                same_area: a.zip(*b).map(|(a, b)| a == b),
                seniority_change: x
                    .zip(*y)
                    .and_then(|(x, y)| Some(result.levels[y].order? - result.levels[x].order?)),
            })
            .collect();
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
        let kwargs = PyDict::new(py);
        kwargs.set_item("areas", matrix(py, &result.areas, &result.area_counts)?)?;
        kwargs.set_item("seniority", matrix(py, &result.levels, &result.level_counts)?)?;
        kwargs.set_item("within_area_share", result.within_area_share())?;
        kwargs.set_item("summary", summary)?;
        kwargs.set_item(
            "moves",
            data_frame(
                py,
                &coded,
                &[
                    "from_area",
                    "to_area",
                    "from_level",
                    "to_level",
                    "same_area",
                    "seniority_change",
                ],
            )?,
        )?;
        py.import("workforce_graph.careers")?
            .getattr("CareerMoves")?
            .call((), Some(&kwargs))
    }

    /// The ``k`` most plausible next roles for ``role``: roles (or role levels) that share its
    /// requirements and are not a step down, scored by ``factor * (transfer + similarity) / 2``:
    /// ``transfer`` is the share of the role's requirements the next role also needs,
    /// ``similarity`` the weighted score of :meth:`similar_roles`. The next level of the same role is
    /// a ``promotion`` (factor 1); another role whose seniority (mean normalised required level) is
    /// higher is a ``step_up`` (0.8, or 0.5 for a jump of more than 0.3 or past the next level of
    /// the same role); about the same seniority, or unknown, is ``lateral`` (0.6). Each row lists
    /// the shared competencies and those to gain.
    ///
    /// ``role`` is named as in :meth:`similar_roles`: a role with levels stands for every one of
    /// its levels, and each gets its own ``k`` rows (``query`` says which).
    ///
    /// Columns: ``query``, ``query_label`` (the role level the row starts from); ``role``,
    /// ``role_label`` (the next role level, or role without levels); ``level_of``,
    /// ``level_of_label`` (the role it is a level of); ``step`` (``promotion``, ``step_up``,
    /// ``lateral``); ``score``, ``similarity``, ``transfer`` (0-1); ``seniority_from``,
    /// ``seniority_to`` (mean normalised required level, 0-1, null when no level is stated);
    /// ``shared``, ``to_gain`` (counts); ``shared_competencies``, ``competencies_to_gain`` (lists of
    /// IRIs) with ``shared_competencies_label``, ``competencies_to_gain_label``.
    ///
    /// :param role: an IRI, code or exact name of a role or role level.
    /// :rtype: pandas.DataFrame
    /// :raises UnknownNameError: for an unknown name (it lists close matches).
    /// :raises NoRequirementsError: when the role has no requirements in the graph.
    ///
    /// >>> g = Graph()
    /// >>> next_roles = g.next_roles("Associate data analyst", k=3)
    /// >>> next_roles.loc[0, "role_label"], next_roles.loc[0, "step"]
    /// ('Data analyst', 'promotion')
    #[pyo3(signature = (role, k = super::search::Whole::Default(5)), text_signature = "($self, role, k=5)")]
    fn next_roles<'py>(
        &self,
        py: Python<'py>,
        role: &str,
        k: super::search::Whole,
    ) -> PyResult<Bound<'py, PyAny>> {
        let k = k.count(py, "k", 1)?;
        let graph = self.graph()?;
        let rows = detach_guarded(py, "WorkforceGraphError", || -> PyResult<Vec<NextRoleRow>> {
            let index = graph.requirement_index().map_err(map_analysis_error)?;
            let query = analysis::resolve_role(graph.store(), &index, role).map_err(map_analysis_error)?;
            let mut rows = Vec::new();
            for &from in &query.holders {
                for n in index
                    .next_roles(from, k, &Weights::default())
                    .map_err(map_analysis_error)?
                {
                    let holder = index.holder(n.holder);
                    let iris = |ids: &[analysis::CompetencyId]| -> Vec<String> {
                        ids.iter()
                            .map(|&c| index.competency(c).iri.as_str().to_owned())
                            .collect()
                    };
                    let labels = |ids: &[analysis::CompetencyId]| -> Vec<String> {
                        ids.iter().map(|&c| index.competency_name(c).to_owned()).collect()
                    };
                    rows.push(NextRoleRow {
                        query: index.holder(from).iri.as_str().to_owned(),
                        query_label: index.holder_name(from).to_owned(),
                        role: holder.iri.as_str().to_owned(),
                        role_label: index.holder_name(n.holder).to_owned(),
                        level_of: holder.role.as_ref().map(|r| r.as_str().to_owned()),
                        level_of_label: holder.role_label.clone(),
                        step: n.step,
                        score: n.score,
                        similarity: n.similarity,
                        transfer: n.transfer,
                        seniority_from: n.seniority_from,
                        seniority_to: n.seniority_to,
                        shared: n.shared.len(),
                        to_gain: n.to_gain.len(),
                        shared_competencies: iris(&n.shared),
                        shared_competencies_label: labels(&n.shared),
                        competencies_to_gain: iris(&n.to_gain),
                        competencies_to_gain_label: labels(&n.to_gain),
                    });
                }
            }
            Ok(rows)
        })??;
        data_frame(
            py,
            &rows,
            &[
                "query",
                "query_label",
                "role",
                "role_label",
                "level_of",
                "level_of_label",
                "step",
                "score",
                "similarity",
                "transfer",
                "seniority_from",
                "seniority_to",
                "shared",
                "to_gain",
                "shared_competencies",
                "shared_competencies_label",
                "competencies_to_gain",
                "competencies_to_gain_label",
            ],
        )
    }

    /// Topics, specialist areas and frameworks with no evidence, evidence without a year, or
    /// (with ``since``) only evidence older than that year, from the publications that concern
    /// them (``wg:concerns`` and its sub-properties). Each row lists the publications found, newest
    /// first, so it can be checked. A publication without a year that a framework cites as its
    /// own source (the framework document) takes the framework's year.
    ///
    /// Columns: ``kind`` (``topic``, ``specialist_area``, ``framework``); ``item``, ``label``;
    /// ``status``: ``no_evidence``, ``undated`` (publications concern it, none known to be from
    /// ``since`` or later, some have no year: the graph cannot tell), ``only_older`` (all dated,
    /// all older) or ``evidenced``; ``publications``, ``recent`` (from ``since`` on), ``undated``
    /// (no year): int64 counts; ``own_year``: a framework's own year; ``latest_year``: the newest
    /// publication year; ``evidence``: a list of "title (year)" strings, "(undated)" when no
    /// year is known.
    ///
    /// :param since: a year; items whose newest publication is older are gaps too.
    /// :param include_covered: also list the items that are not gaps.
    /// :rtype: pandas.DataFrame
    ///
    /// >>> g = Graph()
    /// >>> gaps = g.evidence_gaps(since=2020)
    /// >>> sorted(set(gaps["status"]))
    /// ['no_evidence', 'only_older']
    /// >>> ncf = g.evidence_gaps(since=2020, include_covered=True).set_index("item").loc[
    /// ...     "https://w3id.org/workforce-graph/id/framework/ncf-data-professionals"]
    /// >>> (ncf["status"], int(ncf["own_year"]), ncf["evidence"][0].endswith("(2023, the framework's year)"))
    /// ('evidenced', 2023, True)
    #[pyo3(signature = (since = None, include_covered = false))]
    fn evidence_gaps<'py>(
        &self,
        py: Python<'py>,
        since: Option<&Bound<'py, PyAny>>,
        include_covered: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let since = match since {
            Some(year) if !year.is_none() => {
                if year.is_instance_of::<pyo3::types::PyBool>()
                    || !year.is_instance_of::<pyo3::types::PyInt>()
                {
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
        let graph = self.graph()?;
        let mut rows = detach_guarded(py, "WorkforceGraphError", || {
            analysis::evidence_coverage(graph.store(), since)
        })?
        .map_err(map_analysis_error)?;
        if !include_covered {
            rows.retain(|row| row.status != analysis::EvidenceStatus::Evidenced);
        }
        let frame = data_frame(
            py,
            &rows,
            &[
                "kind",
                "item",
                "label",
                "status",
                "publications",
                "recent",
                "undated",
                "own_year",
                "latest_year",
                "evidence",
            ],
        )?;
        // Counts are int64 and years nullable integers, also when a column has no value at all.
        let types = PyDict::new(py);
        for (column, dtype) in [
            ("publications", "int64"),
            ("recent", "int64"),
            ("undated", "int64"),
            ("own_year", "Int64"),
            ("latest_year", "Int64"),
        ] {
            types.set_item(column, dtype)?;
        }
        frame.call_method1("astype", (types,))
    }
}
