//! Search, the scheme catalogue and the notebook summary for Python.

use super::analysis::frame as data_frame;
use super::errors::{map_query_error, map_resolve_error};
use super::graph::PyGraph;
use crate::search::{self, SearchError};
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
/// gets the method's own one-line message), with its default.
pub(super) enum Whole {
    Given(Py<PyAny>),
    Default(usize),
}

impl<'a, 'py> FromPyObject<'a, 'py> for Whole {
    type Error = PyErr;

    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(Whole::Given(obj.to_owned().unbind()))
    }
}

impl Whole {
    /// The number, at least `min`, or a one-line error naming the argument.
    pub(super) fn count(&self, py: Python<'_>, name: &str, min: i64) -> PyResult<usize> {
        match self {
            Whole::Default(n) => Ok(*n),
            Whole::Given(value) => count_argument(value.bind(py), name, min),
        }
    }
}

#[pymethods]
impl PyGraph {
    /// Finds items by words: ranked matches over the labels, alternative labels, codes and
    /// definitions of frameworks, competencies, roles, role levels, role families, professional
    /// bodies, offers, publications, coding-frame entries (specialist areas, their groups and
    /// seniority levels), level-scale levels and topics.
    ///
    /// Words are matched as the crosswalk matches them (lowercased, stemmed, British spelling,
    /// abbreviations curated in the graph expanded). The score is the share of the search's words,
    /// weighted by rarity, found in the item: in full in its label or a code, two thirds in an
    /// alternative label, one third in its definition.
    ///
    /// Columns: ``kind`` (``framework``, ``competency``, ``role``, ``role_level``,
    /// ``role_family``, ``professional_body``, ``offer``, ``publication``, ``specialist_area``,
    /// ``area_group``, ``level``, ``topic``), ``item`` (IRI), ``item_label``, ``item_code``,
    /// ``framework`` (IRI of the framework, coding frame or scale it is in), ``framework_label``,
    /// ``framework_code``, ``score`` (0-1), ``matched`` (list of the item's words that matched) and
    /// ``matched_in`` (list of fields: ``label``, ``code``, ``alt_label``, ``definition``).
    ///
    /// :param text: the words to look for.
    /// :param kind: only items of this kind.
    /// :param framework: only items in this framework (code, name or IRI), and the framework.
    /// :param k: at most this many rows, best first.
    /// :rtype: pandas.DataFrame
    /// :raises ValueError: for an unknown kind, a negative ``k`` or a text with no word in it.
    /// :raises UnknownNameError: if no framework has that code or name.
    ///
    /// >>> g = Graph()
    /// >>> hits = g.search("information governance", kind="specialist_area")
    /// >>> hits.loc[0, "item_label"], hits.loc[0, "framework_code"], list(hits.loc[0, "matched"])
    /// ('Information Governance & Data Quality', 'HICP-CF', ['governance', 'information'])
    #[pyo3(
        signature = (text, kind = None, framework = None, k = Whole::Default(20)),
        text_signature = "($self, text, kind=None, framework=None, k=20)"
    )]
    fn search<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        kind: Option<&str>,
        framework: Option<&str>,
        k: Whole,
    ) -> PyResult<Bound<'py, PyAny>> {
        let k = k.count(py, "k", 1)?;
        let graph = self.graph()?;
        let hits = py
            .detach(|| search::search(&graph, text, kind, framework, k))
            .map_err(map_search_error)?;
        data_frame(
            py,
            &hits,
            &[
                "kind",
                "item",
                "item_label",
                "item_code",
                "framework",
                "framework_label",
                "framework_code",
                "score",
                "matched",
                "matched_in",
            ],
        )
    }

    /// Every concept scheme, with what kind it is: ``framework`` (a ``wg:Framework``, the rows of
    /// :meth:`frameworks`), ``scale`` (a level scale), ``coding_frame`` (a coding frame or its
    /// specialist-area scheme) or ``vocabulary`` (any other scheme: units, access types,
    /// publication types, offer types, topics...).
    ///
    /// Columns: ``kind``, ``scheme`` (IRI), ``scheme_code``, ``scheme_label``, ``items`` (members
    /// by ``skos:inScheme``).
    ///
    /// :rtype: pandas.DataFrame
    ///
    /// >>> g = Graph()
    /// >>> sorted(set(g.schemes()["kind"]))
    /// ['coding_frame', 'framework', 'scale', 'vocabulary']
    fn schemes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.table(py, "schemes", None)
    }

    /// A short HTML summary for Jupyter: triples, frameworks with their item counts, professional
    /// bodies and publications (``workforce_graph.report.summary_html``).
    fn _repr_html_<'py>(slf: Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        slf.py()
            .import("workforce_graph.report")?
            .getattr("summary_html")?
            .call1((slf,))
    }
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
