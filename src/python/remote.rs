//! `workforce_graph._core.RemoteEndpoint` (the native half of `workforce_graph.RemoteGraph`),
//! `Graph.pull` and `Graph.push`: a SPARQL server behind the same API.

use super::errors::Exception;
use super::errors::{domain_error, map_remote_error, map_resolve_error};
use super::facade::Progress;
use super::graph::{parse_bindings, parse_timeout, PyGraph};
use super::results::PyQueryResult;
use crate::analysis::{analysis_reads, AnalysisReads};
use crate::remote::{Remote, RemoteError, RemoteOptions};
use crate::{Graph, QueryOutcome};
use oxigraph::model::{GraphNameRef, NamedNode, Term};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyString};

/// A SPARQL server, reached over the SPARQL 1.1 Protocol and the Graph Store HTTP Protocol. Use
/// :meth:`Graph.connect`, which returns a :class:`workforce_graph.RemoteGraph` (holding one of
/// these, with the ready-made tables and analyses added).
///
/// :param endpoint: the query URL (``http://host:7878/query`` for ``oxigraph serve``).
/// :param update_endpoint: the SPARQL Update URL; by default ``endpoint``.
/// :param store_endpoint: the Graph Store Protocol URL (``http://host:7878/store`` for
///     ``oxigraph serve``); without it, push and pull use SPARQL Update and CONSTRUCT.
/// :param auth: ``(user, password)`` for HTTP Basic authentication.
/// :param timeout: seconds each request may take, from connecting to the last byte.
/// :param headers: extra HTTP headers sent with every request (an API key, a bearer token).
/// :param default_graph: the graph queries read as their default graph (``default-graph-uri``),
///     and that push and pull use when given no graph; for Virtuoso, whose default graph is the
///     union of all graphs.
#[pyclass(frozen, subclass, name = "RemoteEndpoint", module = "workforce_graph._core")]
pub struct PyRemoteEndpoint {
    pub(super) remote: Remote,
}

/// A query outcome as Python: a `QueryResult`, or a `bool` for ASK.
fn outcome_to_python(py: Python<'_>, outcome: QueryOutcome) -> PyResult<Py<PyAny>> {
    Ok(match outcome {
        QueryOutcome::Boolean(value) => value.into_pyobject(py)?.to_owned().into_any().unbind(),
        QueryOutcome::Solutions(table) => Py::new(py, PyQueryResult::from_table(table))?.into_any(),
        QueryOutcome::Triples(triples) => Py::new(py, PyQueryResult::from_triples(triples))?.into_any(),
    })
}

/// The server a push or pull talks to: a `RemoteEndpoint` (or `RemoteGraph`), or a URL string
/// taken as a query endpoint that also accepts updates.
fn remote_from(target: &Bound<'_, PyAny>) -> PyResult<Remote> {
    if let Ok(endpoint) = target.cast::<PyRemoteEndpoint>() {
        return Ok(endpoint.get().remote.clone());
    }
    if let Ok(url) = target.cast::<PyString>() {
        return Remote::connect(&url.to_string(), RemoteOptions::default()).map_err(map_remote_error);
    }
    Err(PyTypeError::new_err(format!(
        "expected an endpoint URL (str) or a RemoteGraph from Graph.connect(), not {}",
        target.get_type().qualname()?
    )))
}

/// A framework named by IRI, code or name, resolved from the server's own schemes by the same
/// rule as a local graph's ([`crate::catalogue::resolve_framework_in`]).
fn resolve_framework(py: Python<'_>, remote: &Remote, framework: &str) -> PyResult<NamedNode> {
    let names = py
        .detach(|| remote.query(crate::catalogue::FRAMEWORK_NAMES_QUERY, &[], None))
        .map_err(map_remote_error)?;
    let QueryOutcome::Solutions(names) = names else {
        return Err(domain_error(
            Exception::MalformedResponse,
            "a SELECT query gave no solutions",
        ));
    };
    crate::catalogue::resolve_framework_in(&names, framework).map_err(map_resolve_error)
}

/// Pulls the server's default graph, or its named graph `graph`, into a new local graph.
fn pull_graph(py: Python<'_>, remote: &Remote, graph: Option<&str>) -> PyResult<PyGraph> {
    let pulled = py.detach(|| -> Result<Graph, RemoteError> {
        let local = Graph::empty().map_err(|e| RemoteError::Local(e.to_string()))?;
        remote.pull_into(&local, graph, None)?;
        Ok(local)
    });
    Ok(PyGraph::wrap(pulled.map_err(map_remote_error)?))
}

#[pymethods]
impl PyRemoteEndpoint {
    #[new]
    #[pyo3(signature = (endpoint, *, update_endpoint = None, store_endpoint = None, auth = None, timeout = None, headers = None, default_graph = None))]
    fn new(
        endpoint: &str,
        update_endpoint: Option<String>,
        store_endpoint: Option<String>,
        auth: Option<(String, String)>,
        timeout: Option<f64>,
        headers: Option<&Bound<'_, PyMapping>>,
        default_graph: Option<String>,
    ) -> PyResult<Self> {
        // Any mapping (a dict, `MappingProxyType`...) of names to values, as the stub says.
        let headers = match headers {
            None => Vec::new(),
            Some(headers) => headers
                .items()?
                .iter()
                .map(|item| item.extract::<(String, String)>())
                .collect::<PyResult<Vec<_>>>()
                .map_err(|_: PyErr| PyTypeError::new_err("headers must map str to str"))?,
        };
        let options = RemoteOptions {
            update_endpoint,
            store_endpoint,
            auth,
            headers,
            timeout: parse_timeout(timeout)?,
            default_graph,
        };
        let remote = Remote::connect(endpoint, options).map_err(map_remote_error)?;
        Ok(Self { remote })
    }

    /// The query endpoint.
    ///
    /// :rtype: str
    #[getter]
    fn endpoint(&self) -> &str {
        self.remote.endpoint()
    }

    /// The update endpoint.
    ///
    /// :rtype: str
    #[getter]
    fn update_endpoint(&self) -> &str {
        self.remote.update_endpoint()
    }

    /// The Graph Store Protocol endpoint, or ``None``.
    ///
    /// :rtype: str | None
    #[getter]
    fn store_endpoint(&self) -> Option<&str> {
        self.remote.store_endpoint()
    }

    /// The graph queries read as their default graph, or ``None`` for the server's own.
    ///
    /// :rtype: str | None
    #[getter]
    fn default_graph(&self) -> Option<&str> {
        self.remote.default_graph()
    }

    /// Runs a SPARQL 1.1 query on the server; the answer is read as it arrives into the same
    /// typed columns as a local query. The usual prefixes (``skos:``, ``wg:``...) are declared for
    /// the server, and a malformed query raises ``SyntaxError`` before anything is sent.
    ///
    /// :param sparql: the query.
    /// :param bindings: values for variables, as in :meth:`Graph.query`: sent as a ``VALUES``
    ///     block joined to the WHERE clause, never pasted into the text.
    /// :param timeout: seconds the request may take; overrides the connection's timeout.
    /// :return: a :class:`QueryResult` for SELECT, CONSTRUCT and DESCRIBE; a ``bool`` for ASK.
    /// :rtype: QueryResult | bool
    /// :raises SyntaxError: for malformed SPARQL.
    /// :raises RemoteTimeoutError: when the timeout is reached.
    /// :raises HTTPStatusError: when the server answers with an error (its message included).
    /// :raises EndpointUnreachableError: when the server cannot be reached.
    #[pyo3(signature = (sparql, bindings = None, timeout = None))]
    fn query(
        &self,
        py: Python<'_>,
        sparql: &str,
        bindings: Option<&Bound<'_, PyDict>>,
        timeout: Option<f64>,
    ) -> PyResult<Py<PyAny>> {
        let bindings = parse_bindings(bindings)?;
        let timeout = parse_timeout(timeout)?;
        let outcome = py
            .detach(|| self.remote.query(sparql, &bindings, timeout))
            .map_err(map_remote_error)?;
        outcome_to_python(py, outcome)
    }

    /// Runs a SPARQL 1.1 update on the server, in one request (which the server applies
    /// atomically if it has transactions).
    ///
    /// :param sparql: the update.
    /// :param timeout: seconds the request may take.
    /// :raises SyntaxError: for malformed SPARQL (nothing is sent).
    /// :raises HTTPStatusError: when the server refuses the update.
    #[pyo3(signature = (sparql, timeout = None))]
    fn update(&self, py: Python<'_>, sparql: &str, timeout: Option<f64>) -> PyResult<()> {
        let timeout = parse_timeout(timeout)?;
        py.detach(|| self.remote.update(sparql, timeout))
            .map_err(map_remote_error)
    }

    /// The IRIs of the server's named graphs, sorted.
    ///
    /// :rtype: list[str]
    fn named_graphs(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        py.detach(|| self.remote.named_graphs()).map_err(map_remote_error)
    }

    /// The number of triples in all graphs on the server.
    fn __len__(&self, py: Python<'_>) -> PyResult<usize> {
        py.detach(|| self.remote.len()).map_err(map_remote_error)
    }

    fn __repr__(&self) -> String {
        format!("<workforce_graph.RemoteGraph {}>", self.remote.endpoint())
    }

    /// A ready-made table (``ontology/api/<name>.rq``) run on the server, as the query's raw
    /// result (the facade makes the DataFrame); a framework given by code or name is resolved
    /// from the server's own schemes.
    ///
    /// :param name: the table (``"frameworks"``, ``"roles"``...).
    /// :param framework: a framework's code, name or IRI, to filter by.
    /// :rtype: QueryResult
    #[pyo3(signature = (name, framework = None))]
    fn _table(&self, py: Python<'_>, name: &str, framework: Option<&str>) -> PyResult<PyQueryResult> {
        let sparql = crate::catalogue::api_query(name)
            .ok_or_else(|| PyValueError::new_err(format!("no table called {name}")))?;
        let mut bindings = Vec::new();
        if let Some(framework) = framework {
            let iri = resolve_framework(py, &self.remote, framework)?;
            bindings.push(("framework".to_owned(), Term::from(iri)));
        }
        let outcome = py
            .detach(|| self.remote.query(sparql, &bindings, None))
            .map_err(map_remote_error)?;
        let QueryOutcome::Solutions(table) = outcome else {
            return Err(domain_error(
                Exception::MalformedResponse,
                format!("the {name} query gave no solutions"),
            ));
        };
        Ok(PyQueryResult::from_table(table))
    }

    /// A local in-memory copy of the server's default graph, or of its named graph ``graph``,
    /// read in one streamed request (Graph Store Protocol, or CONSTRUCT without a store
    /// endpoint). Analyses that build an index run on such a copy.
    ///
    /// :param graph: the IRI of a named graph on the server.
    /// :rtype: workforce_graph._core.Graph
    #[pyo3(signature = (graph = None))]
    fn snapshot(&self, py: Python<'_>, graph: Option<&str>) -> PyResult<PyGraph> {
        pull_graph(py, &self.remote, graph)
    }

    /// The IRI of a framework named by IRI, code or name, resolved from the server's schemes as
    /// a local graph resolves it.
    ///
    /// :param framework: the framework's IRI, code or name.
    /// :rtype: str
    /// :raises UnknownNameError: for a name no scheme has (it lists close matches).
    fn _framework_iri(&self, py: Python<'_>, framework: &str) -> PyResult<String> {
        Ok(resolve_framework(py, &self.remote, framework)?.into_string())
    }

    /// A local in-memory graph holding only the triples of the server's default graph that an
    /// analysis reads (the core's ``analysis::analysis_reads``), read in one streamed
    /// CONSTRUCT: far less than :meth:`snapshot` when the graph holds more than requirements.
    ///
    /// :param reads: ``"roles"`` (role overlap, similar roles, next roles), ``"skill_gap"`` or
    ///     ``"coverage"`` (coverage gaps, coverage matrix by area).
    /// :param predicates: further predicates read whole (coverage predicates other than
    ///     ``wg:covers``).
    /// :rtype: Graph
    #[pyo3(signature = (reads, predicates = None))]
    fn _analysis_copy(
        &self,
        py: Python<'_>,
        reads: &str,
        predicates: Option<Vec<String>>,
    ) -> PyResult<PyGraph> {
        let reads = match reads {
            "roles" => AnalysisReads::Roles,
            "skill_gap" => AnalysisReads::SkillGap,
            "coverage" => AnalysisReads::Coverage,
            other => {
                return Err(PyValueError::new_err(format!(
                    "no analysis reads {other:?}: use \"roles\", \"skill_gap\" or \"coverage\""
                )))
            }
        };
        let predicates = predicates
            .unwrap_or_default()
            .iter()
            .map(|p| {
                NamedNode::new(p)
                    .map_err(|e| PyValueError::new_err(format!("invalid predicate IRI {p:?}: {e}")))
            })
            .collect::<PyResult<Vec<_>>>()?;
        let patterns = analysis_reads(reads);
        let copied = py.detach(|| -> Result<Graph, RemoteError> {
            let local = Graph::empty().map_err(|e| RemoteError::Local(e.to_string()))?;
            self.remote.pull_reads(&patterns, &predicates, &local)?;
            Ok(local)
        });
        Ok(PyGraph::wrap(copied.map_err(map_remote_error)?))
    }
}

/// ``Graph.pull`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn pull(py: Python<'_>, source: &Bound<'_, PyAny>, graph: Option<&str>) -> PyResult<PyGraph> {
    let remote = remote_from(source)?;
    pull_graph(py, &remote, graph)
}

/// ``Graph.push`` (documented in `python/workforce_graph/graph.py`).
pub(super) fn push<'py>(
    this: &PyGraph,
    py: Python<'py>,
    destination: &Bound<'py, PyAny>,
    graph: Option<&str>,
    replace: bool,
    progress: Option<&Py<PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let local = this.graph()?;
    let remote = remote_from(destination)?;
    // The triples are counted only for a display.
    let total = if progress.is_some() {
        py.detach(|| {
            local
                .store()
                .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
                .count()
        })
    } else {
        0
    };
    let bar = Progress::new(py, total, "push", progress, "triple")?;
    let pushed = py.detach(|| remote.push(&local, graph, replace, &mut |n| bar.update(n)));
    bar.close(py);
    let report = pushed.map_err(map_remote_error)?;
    let dict = PyDict::new(py);
    dict.set_item("triples", report.triples)?;
    dict.set_item("chunks", report.chunks)?;
    Ok(dict)
}
