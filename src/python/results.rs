//! Query results for Python: columnar in Rust, handed to pyarrow (and from there by the facade
//! to pandas and polars) through the Arrow C stream interface (no Python object is made per term).

use super::graph::PyGraph;
use crate::table::{term_text, SolutionTable};
use crate::Graph;
use arrow_array::RecordBatch;
use oxigraph::model::Triple;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use std::fmt::Write as _;

/// Rows shown by ``_repr_html_``.
const HTML_ROWS: usize = 10;

/// The native half of ``workforce_graph.QueryResult`` (documented there): a query's typed
/// table, exported through Arrow.
#[pyclass(frozen, name = "QueryResult", module = "workforce_graph._core")]
pub struct PyQueryResult {
    table: SolutionTable,
    triples: Option<Vec<Triple>>,
}

impl PyQueryResult {
    pub fn from_table(table: SolutionTable) -> Self {
        Self { table, triples: None }
    }

    pub fn from_triples(triples: Vec<Triple>) -> Self {
        Self {
            table: SolutionTable::from_triples(&triples),
            triples: Some(triples),
        }
    }

    fn batch(&self, lang: bool) -> PyResult<RecordBatch> {
        self.table
            .to_record_batch(lang)
            .map_err(|e| PyValueError::new_err(format!("Arrow conversion failed: {e}")))
    }
}

#[pymethods]
impl PyQueryResult {
    /// The column names (the query's variables, without ``?``).
    #[getter]
    fn columns(&self) -> Vec<String> {
        self.table.variables.clone()
    }

    fn __len__(&self) -> usize {
        self.table.num_rows()
    }

    /// Exports the result as an Arrow stream (the Arrow PyCapsule interface); the requested
    /// schema is ignored.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        super::facade::stream_capsule(py, self.batch(false)?)
    }

    /// The result as a ``pyarrow.Table``, with ``<column>_lang`` columns of language tags when
    /// ``lang``.
    #[pyo3(signature = (lang))]
    fn to_arrow<'py>(&self, py: Python<'py>, lang: bool) -> PyResult<Bound<'py, PyAny>> {
        let batch = py.detach(|| self.batch(lang))?;
        // Through the one Arrow exporter, so `lang=True` can hand pyarrow a different schema.
        let stream = super::facade::analysis_table(py, batch)?;
        py.import("pyarrow")?
            .getattr("RecordBatchReader")?
            .call_method1("from_stream", (stream,))?
            .call_method0("read_all")
    }

    /// The triples of a CONSTRUCT or DESCRIBE result as a new in-memory graph; a `TypeError` for
    /// a SELECT result.
    fn to_graph(&self, py: Python<'_>) -> PyResult<PyGraph> {
        let Some(triples) = &self.triples else {
            return Err(PyTypeError::new_err(
                "only CONSTRUCT and DESCRIBE results hold triples",
            ));
        };
        let graph = py.detach(|| -> Result<Graph, crate::OpenError> {
            let graph = Graph::empty()?;
            graph
                .store()
                .extend(
                    triples
                        .iter()
                        .map(|t| t.as_ref().in_graph(oxigraph::model::GraphNameRef::DefaultGraph)),
                )
                .map_err(|source| crate::OpenError::Storage {
                    path: "<memory>".into(),
                    source,
                })?;
            Ok(graph)
        });
        Ok(PyGraph::wrap(graph.map_err(super::errors::map_open_error)?))
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let table = self.to_arrow(py, false)?;
        let columns: Vec<Bound<'py, PyAny>> = table
            .getattr("columns")?
            .try_iter()?
            .map(|column| column?.call_method0("to_pylist"))
            .collect::<PyResult<_>>()?;
        let zip = py.import("builtins")?.getattr("zip")?;
        zip.call1(pyo3::types::PyTuple::new(py, columns)?)?
            .try_iter()
            .map(Bound::into_any)
    }

    fn __repr__(&self) -> String {
        let kind = if self.triples.is_some() { "triples" } else { "rows" };
        format!(
            "<QueryResult {} {kind} x {} columns: {}>",
            self.table.num_rows(),
            self.table.variables.len(),
            self.table.variables.join(", ")
        )
    }

    fn _repr_html_(&self) -> String {
        let mut html = String::from("<table class=\"dataframe\"><thead><tr>");
        for name in &self.table.variables {
            let _ = write!(html, "<th>{}</th>", escape_html(name));
        }
        html.push_str("</tr></thead><tbody>");
        for row in 0..self.table.num_rows().min(HTML_ROWS) {
            html.push_str("<tr>");
            for column in 0..self.table.variables.len() {
                match self.table.value(column, row) {
                    Some(term) => {
                        let _ = write!(html, "<td>{}</td>", escape_html(&term_text(term)));
                    }
                    None => html.push_str("<td><em>null</em></td>"),
                }
            }
            html.push_str("</tr>");
        }
        let _ = write!(
            html,
            "</tbody></table><p>{} rows &times; {} columns</p>",
            self.table.num_rows(),
            self.table.variables.len()
        );
        html
    }
}

fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            other => escaped.push(other),
        }
    }
    escaped
}
