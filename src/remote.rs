//! A client of a SPARQL server: the W3C SPARQL 1.1 Protocol (query, update) and Graph Store HTTP
//! Protocol (push, pull), so one shared graph on Virtuoso, GraphDB, Fuseki, Neptune, QLever or
//! `oxigraph serve` answers the same queries as the embedded [`Graph`].
//!
//! Answers are read as they arrive (SPARQL JSON, XML or TSV through oxigraph's own `sparesults`
//! parser) into the same [`SolutionTable`](crate::table::SolutionTable) a local query fills
//! ([`crate::graph::solution_table`]), so typed columns, Arrow and pandas conversion are shared
//! with local queries. Queries are parsed locally first: a malformed query is
//! a [`SyntaxError`] with its position before anything is sent, and the project's usual prefixes
//! work against any server.
//!
//! ```no_run
//! use workforce_graph::remote::{Remote, RemoteOptions};
//! use workforce_graph::QueryOutcome;
//!
//! let remote = Remote::connect("http://127.0.0.1:7878/query", RemoteOptions::default())?;
//! let QueryOutcome::Solutions(table) = remote.query("SELECT * WHERE { ?s ?p ?o } LIMIT 3", &[], None)? else {
//!     unreachable!()
//! };
//! assert!(table.num_rows() <= 3);
//! # Result::<_, Box<dyn std::error::Error>>::Ok(())
//! ```

use crate::analysis::TriplePattern;
use crate::error::SyntaxError;
use crate::graph::{binding_variable, solution_table, sparql_parser, sparql_syntax_error, PREFIXES};
use crate::{Graph, QueryOutcome};
use base64::Engine as _;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNode, Term, TermRef, Triple};
use sparesults::{
    QueryResultsFormat, QueryResultsParseError, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use std::io::{self, BufReader, Read};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use ureq::http::Response;
use ureq::{Body, RequestBuilder};

/// Triples per request when pushing: large enough that HTTP overhead is small, small enough that
/// progress moves and one request never holds a whole large graph in memory.
pub const PUSH_CHUNK: usize = 50_000;

/// What the server is asked for, best first: every SPARQL server speaks JSON; XML and TSV are
/// accepted from those that prefer them.
const RESULTS_ACCEPT: &str =
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.8";
/// The same, from a server that writes SPARQL 1.1 TSV (see [`Remote::writes_tsv`]): TSV first, as
/// the cheapest answer to write and to read. On `oxigraph serve` the 60,000-row benchmark table is
/// 8.7 MB of TSV against 17.4 MB of JSON, and comes 20% sooner.
const RESULTS_ACCEPT_TSV: &str =
    "text/tab-separated-values, application/sparql-results+json;q=0.9, application/sparql-results+xml;q=0.8";
/// The IRI of the probe answer [`Remote::writes_tsv`] asks for.
const TSV_PROBE: &str = "urn:workforce-graph:probe";
/// CONSTRUCT and Graph Store answers: N-Triples streams best; Turtle and RDF/XML as fallbacks.
const GRAPH_ACCEPT: &str = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8";

/// An error talking to a SPARQL server. None leaves local state half-changed: a pull that fails
/// loads nothing, a push that fails leaves the server's target graph as it was.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RemoteError {
    /// The server could not be reached (refused connection, unknown host, reset, TLS failure).
    #[error("cannot reach {endpoint}: {reason}")]
    Unreachable {
        /// The URL asked.
        endpoint: String,
        /// What the network layer said.
        reason: String,
    },
    /// The server refused the credentials (HTTP 401 or 403).
    #[error("{endpoint} refused the credentials (HTTP {status}): {message}")]
    AuthRefused {
        /// The URL asked.
        endpoint: String,
        /// 401 or 403.
        status: u16,
        /// The start of the server's answer.
        message: String,
    },
    /// The server answered with an HTTP error status (4xx or 5xx).
    #[error("{endpoint} answered HTTP {status}: {message}")]
    Status {
        /// The URL asked.
        endpoint: String,
        /// The HTTP status code.
        status: u16,
        /// The start of the server's answer (its error message).
        message: String,
    },
    /// No answer within the timeout.
    #[error("{endpoint} did not answer within {after:?} (timeout)")]
    Timeout {
        /// The URL asked.
        endpoint: String,
        /// The timeout.
        after: Duration,
    },
    /// The server's answer is not valid SPARQL results or RDF.
    #[error("malformed answer from {endpoint}: {reason}")]
    Malformed {
        /// The URL asked.
        endpoint: String,
        /// What was wrong.
        reason: String,
    },
    /// The query or update is malformed; nothing was sent.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// A binding names an invalid variable or one the query does not use.
    #[error("invalid binding for ?{variable}: {reason}")]
    InvalidBinding {
        /// The variable as given.
        variable: String,
        /// Why it was refused.
        reason: String,
    },
    /// A bad argument: an endpoint that is not an http(s) URL, an invalid graph IRI, a missing
    /// Graph Store endpoint.
    #[error("{0}")]
    InvalidArgument(String),
    /// The local graph failed while pushing from it or pulling into it.
    #[error("local graph: {0}")]
    Local(String),
}

/// How to reach a server beyond its query endpoint.
#[derive(Debug, Clone, Default)]
pub struct RemoteOptions {
    /// The SPARQL Update endpoint; by default the query endpoint (as Fuseki, GraphDB, Virtuoso and
    /// Neptune have it; `oxigraph serve` has `/update`).
    pub update_endpoint: Option<String>,
    /// The Graph Store HTTP Protocol endpoint (`oxigraph serve`: `/store`); without one, push and
    /// pull use SPARQL Update and CONSTRUCT instead.
    pub store_endpoint: Option<String>,
    /// User name and password for HTTP Basic authentication.
    pub auth: Option<(String, String)>,
    /// Extra request headers (an API key, a bearer token).
    pub headers: Vec<(String, String)>,
    /// The default time limit of each request, from connecting to the last byte.
    pub timeout: Option<Duration>,
    /// The graph queries read as their default graph (sent as `default-graph-uri`), and that push
    /// and pull use when given no graph: for servers whose default graph is the union of all
    /// graphs (Virtuoso) or that hold several graphs side by side. As the protocol says, such a
    /// query's dataset then has no named graphs: `GRAPH` patterns need a connection without it.
    pub default_graph: Option<String>,
}

/// A SPARQL server. Cheap to clone; requests share connections.
#[derive(Clone)]
pub struct Remote {
    query_endpoint: String,
    update_endpoint: String,
    store_endpoint: Option<String>,
    default_graph: Option<String>,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    agent: ureq::Agent,
    /// Whether the server's default graph is the union of its graphs, asked once (see
    /// [`Remote::default_graph_is_union`]).
    union_default: Arc<OnceLock<bool>>,
    /// Whether the server writes SPARQL 1.1 TSV, asked once (see [`Remote::writes_tsv`]).
    tsv: Arc<OnceLock<bool>>,
    /// Whether the Graph Store endpoint bulk-loads on request, asked once (see
    /// [`Remote::store_bulk_loads`]).
    bulk_store: Arc<OnceLock<bool>>,
}

/// An answer being read.
type Answer = Response<Body>;

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The headers are left out: they may hold credentials.
        f.debug_struct("Remote")
            .field("query_endpoint", &self.query_endpoint)
            .field("update_endpoint", &self.update_endpoint)
            .field("store_endpoint", &self.store_endpoint)
            .field("default_graph", &self.default_graph)
            .finish_non_exhaustive()
    }
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushReport {
    /// Triples sent.
    pub triples: usize,
    /// Requests that carried them.
    pub chunks: usize,
}

impl Remote {
    /// A client of the SPARQL server at `endpoint` (its query URL). Nothing is sent until the first
    /// request, so an unreachable server is reported by that request.
    pub fn connect(endpoint: &str, options: RemoteOptions) -> Result<Self, RemoteError> {
        let check = |url: &str, what: &str| -> Result<String, RemoteError> {
            let lower = url.to_ascii_lowercase();
            if (lower.starts_with("http://") || lower.starts_with("https://")) && url.len() > 8 {
                Ok(url.to_owned())
            } else {
                Err(RemoteError::InvalidArgument(format!(
                    "the {what} must be an http:// or https:// URL, not {url:?}"
                )))
            }
        };
        let query_endpoint = check(endpoint, "endpoint")?;
        let update_endpoint = match &options.update_endpoint {
            Some(url) => check(url, "update endpoint")?,
            None => query_endpoint.clone(),
        };
        let store_endpoint = options
            .store_endpoint
            .as_deref()
            .map(|url| check(url, "store endpoint"))
            .transpose()?;
        let mut headers = options.headers.clone();
        if let Some((user, password)) = &options.auth {
            let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
            headers.push(("Authorization".to_owned(), format!("Basic {token}")));
        }
        let agent = ureq::Agent::config_builder()
            .user_agent(concat!("workforce-graph/", env!("CARGO_PKG_VERSION")))
            // Connecting is bounded even without a timeout, so a dead host fails in seconds.
            .timeout_connect(Some(Duration::from_secs(10)))
            // Error statuses are answers to read (the server's message), not transport errors.
            .http_status_as_error(false)
            .build()
            .into();
        let default_graph = options
            .default_graph
            .as_deref()
            .map(|name| graph_iri(name).map(NamedNode::into_string))
            .transpose()?;
        Ok(Self {
            query_endpoint,
            update_endpoint,
            store_endpoint,
            default_graph,
            headers,
            timeout: options.timeout,
            agent,
            union_default: Arc::new(OnceLock::new()),
            tsv: Arc::new(OnceLock::new()),
            bulk_store: Arc::new(OnceLock::new()),
        })
    }

    /// The query endpoint.
    pub fn endpoint(&self) -> &str {
        &self.query_endpoint
    }

    /// The update endpoint.
    pub fn update_endpoint(&self) -> &str {
        &self.update_endpoint
    }

    /// The Graph Store endpoint, if any.
    pub fn store_endpoint(&self) -> Option<&str> {
        self.store_endpoint.as_deref()
    }

    /// The graph queries read as their default graph, if one was chosen.
    pub fn default_graph(&self) -> Option<&str> {
        self.default_graph.as_deref()
    }

    /// A POST to `url` with the connection's headers and `timeout` (else the connection's).
    fn post(&self, url: &str, timeout: Option<Duration>) -> RequestBuilder<ureq::typestate::WithBody> {
        self.configure(self.agent.post(url), timeout)
    }

    /// A GET, as [`post`](Self::post).
    fn get(&self, url: &str, timeout: Option<Duration>) -> RequestBuilder<ureq::typestate::WithoutBody> {
        self.configure(self.agent.get(url), timeout)
    }

    fn configure<B>(&self, mut request: RequestBuilder<B>, timeout: Option<Duration>) -> RequestBuilder<B> {
        for (name, value) in &self.headers {
            request = request.header(name.as_str(), value.as_str());
        }
        match timeout.or(self.timeout) {
            Some(limit) => request.config().timeout_global(Some(limit)).build(),
            None => request,
        }
    }

    /// Runs a SPARQL query on the server. `bindings` fix variables to terms: they are sent as a
    /// `VALUES` block joined to the query's WHERE clause (the protocol has no bindings), never
    /// pasted into the text. `timeout` overrides the connection's.
    pub fn query(
        &self,
        sparql: &str,
        bindings: &[(String, Term)],
        timeout: Option<Duration>,
    ) -> Result<QueryOutcome, RemoteError> {
        self.query_in(sparql, bindings, timeout, true)
    }

    /// [`query`](Self::query), over the connection's default graph (`dataset`) or over the
    /// server's own dataset.
    fn query_in(
        &self,
        sparql: &str,
        bindings: &[(String, Term)],
        timeout: Option<Duration>,
        dataset: bool,
    ) -> Result<QueryOutcome, RemoteError> {
        let (text, returns_triples) = prepare_query(sparql, bindings)?;
        let limit = timeout.or(self.timeout);
        // Each form asks only for what it returns: Virtuoso answers a CONSTRUCT asked for SPARQL
        // results with a table of ?s ?p ?o instead of triples.
        let accept = if returns_triples {
            GRAPH_ACCEPT
        } else if self.writes_tsv(timeout)? {
            RESULTS_ACCEPT_TSV
        } else {
            RESULTS_ACCEPT
        };
        let response = self.post_query(&text, accept, timeout, dataset)?;
        let endpoint = &self.query_endpoint;
        let media_type = media_type(&response);
        let reader = BufReader::with_capacity(1 << 16, response.into_body().into_reader());
        if let Some(format) = QueryResultsFormat::from_media_type(&media_type) {
            let parsed = QueryResultsParser::from_format(format)
                .for_reader(reader)
                .map_err(|e| parse_error(e, endpoint, limit))?;
            return match parsed {
                ReaderQueryResultsParserOutput::Boolean(value) => Ok(QueryOutcome::Boolean(value)),
                ReaderQueryResultsParserOutput::Solutions(solutions) => {
                    let variables = solutions.variables().to_vec();
                    let failed = |e| parse_error(e, endpoint, limit);
                    let table = solution_table(&variables, solutions.map(|s| s.map_err(failed)))?;
                    Ok(QueryOutcome::Solutions(table))
                }
            };
        }
        if let Some(format) = RdfFormat::from_media_type(&media_type) {
            let triples = RdfParser::from_format(format)
                .for_reader(reader)
                .map(|quad| quad.map(Triple::from))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| rdf_error(e, endpoint, limit))?;
            return Ok(QueryOutcome::Triples(triples));
        }
        Err(RemoteError::Malformed {
            endpoint: endpoint.clone(),
            reason: format!("unexpected content type {media_type:?}"),
        })
    }

    /// Whether the server writes SPARQL 1.1 TSV, asked once per connection with a one-row query.
    /// Not every server that offers `text/tab-separated-values` writes the standard format:
    /// Virtuoso 7 writes CSV-style quoted values (`"o"` for the header `?o`), which would read as
    /// wrong terms. A server that refuses the probe (an HTTP error) or answers it in another
    /// format or with anything but the one IRI asked for is read in JSON.
    fn writes_tsv(&self, timeout: Option<Duration>) -> Result<bool, RemoteError> {
        if let Some(known) = self.tsv.get() {
            return Ok(*known);
        }
        let probe = format!("SELECT ?x WHERE {{ VALUES ?x {{ <{TSV_PROBE}> }} }}");
        let writes = match self.post_query(&probe, "text/tab-separated-values", timeout, false) {
            Ok(response) => is_tsv_probe_answer(response),
            Err(RemoteError::Status { .. }) => false,
            Err(other) => return Err(other),
        };
        Ok(*self.tsv.get_or_init(|| writes))
    }

    /// Runs a SPARQL update on the server (as one request, which servers apply atomically).
    pub fn update(&self, sparql: &str, timeout: Option<Duration>) -> Result<(), RemoteError> {
        // Checked locally first so a typo is a SyntaxError with its position, as for a local graph.
        sparql_parser()
            .parse_update(sparql)
            .map_err(|e| sparql_syntax_error(&e, sparql))?;
        let text = with_prefixes(sparql);
        self.send(
            self.post(&self.update_endpoint, timeout)
                .header("Content-Type", "application/sparql-update; charset=utf-8"),
            &self.update_endpoint,
            timeout.or(self.timeout),
            Some(text.as_bytes()),
        )
        .map(drop)
    }

    /// The number of triples in the default graph and all named graphs; with a
    /// [`default_graph`](RemoteOptions::default_graph), in that graph (on Virtuoso the other graphs
    /// include the server's own system graphs).
    pub fn len(&self) -> Result<usize, RemoteError> {
        let sparql = if self.default_graph.is_some() {
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        } else {
            "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
        };
        let outcome = self.query(sparql, &[], None)?;
        let count = match &outcome {
            QueryOutcome::Solutions(table) if table.num_rows() == 1 => match table.value(0, 0) {
                Some(TermRef::Literal(l)) => l.value().parse::<usize>().ok(),
                _ => None,
            },
            _ => None,
        };
        count.ok_or_else(|| RemoteError::Malformed {
            endpoint: self.query_endpoint.clone(),
            reason: "the count of triples is not one integer".to_owned(),
        })
    }

    /// Whether the server holds no triple.
    pub fn is_empty(&self) -> Result<bool, RemoteError> {
        Ok(self.len()? == 0)
    }

    /// The IRIs of the server's named graphs, sorted.
    pub fn named_graphs(&self) -> Result<Vec<String>, RemoteError> {
        // Over the server's own dataset: a protocol dataset with only a default graph has no
        // named graphs.
        let outcome = self.query_in(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            &[],
            None,
            false,
        )?;
        let QueryOutcome::Solutions(table) = outcome else {
            return Err(RemoteError::Malformed {
                endpoint: self.query_endpoint.clone(),
                reason: "a SELECT query did not return solutions".to_owned(),
            });
        };
        let mut names: Vec<String> = table
            .column(0)
            .filter_map(|term| match term {
                Some(TermRef::NamedNode(n)) => Some(n.as_str().to_owned()),
                Some(TermRef::BlankNode(b)) => Some(format!("_:{}", b.as_str())),
                _ => None,
            })
            .collect();
        names.sort();
        Ok(names)
    }

    /// Loads the result of a CONSTRUCT query into the default graph of `local`, all or nothing
    /// (read as it arrives). Returns the number of triples received.
    pub fn construct_into(&self, construct: &str, local: &Graph) -> Result<usize, RemoteError> {
        let (text, _) = prepare_query(construct, &[])?;
        let response = self.post_query(&text, GRAPH_ACCEPT, None, true)?;
        self.load_response(response, &self.query_endpoint, local, None)
    }

    /// Copies into the default graph of `local` only the triples of the server's default graph
    /// that match `patterns` or have one of `predicates`, in one streamed CONSTRUCT (see
    /// [`reads_construct`]): what an analysis reads ([`crate::analysis::analysis_reads`]), so that
    /// it runs locally without the rest of the graph crossing the network. All or nothing; returns
    /// the number of triples received.
    pub fn pull_reads(
        &self,
        patterns: &[TriplePattern],
        predicates: &[NamedNode],
        local: &Graph,
    ) -> Result<usize, RemoteError> {
        self.construct_into(&reads_construct(patterns, predicates), local)
    }

    /// Copies the server's default graph (or its named graph `graph`) into the default graph of
    /// `local` (or its named graph `into`), streamed and all or nothing. Uses the Graph Store
    /// endpoint when there is one, else a CONSTRUCT query. Returns the number of triples received.
    pub fn pull_into(
        &self,
        local: &Graph,
        graph: Option<&str>,
        into: Option<&str>,
    ) -> Result<usize, RemoteError> {
        let graph = graph
            .or(self.default_graph.as_deref())
            .map(graph_iri)
            .transpose()?;
        let into = into.map(graph_iri).transpose()?;
        let (response, endpoint) = if let Some(store) = &self.store_endpoint {
            let request = self.get(store, None).header("Accept", GRAPH_ACCEPT);
            let request = match &graph {
                Some(name) => request.query("graph", name.as_str()),
                None => request.query("default", ""),
            };
            (self.send(request, store, self.timeout, None)?, store)
        } else {
            let pattern = match &graph {
                Some(name) => format!("GRAPH {name} {{ ?s ?p ?o }}"),
                None => "?s ?p ?o".to_owned(),
            };
            let text = format!("CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}");
            (
                self.post_query(&text, GRAPH_ACCEPT, None, false)?,
                &self.query_endpoint,
            )
        };
        self.load_response(response, endpoint, local, into.as_ref())
    }

    fn load_response(
        &self,
        response: Answer,
        endpoint: &str,
        local: &Graph,
        into: Option<&NamedNode>,
    ) -> Result<usize, RemoteError> {
        let media_type = media_type(&response);
        let format = RdfFormat::from_media_type(&media_type).ok_or_else(|| RemoteError::Malformed {
            endpoint: endpoint.to_owned(),
            reason: format!("expected RDF, got content type {media_type:?}"),
        })?;
        let reader = BufReader::with_capacity(1 << 16, response.into_body().into_reader());
        let limit = self.timeout;
        local
            .load_reader(reader, format, into.map(NamedNode::as_str))
            .map_err(|e| match e {
                crate::error::LoadError::Io { source, .. } => read_failed(&source, endpoint, limit),
                crate::error::LoadError::Syntax(e) => malformed(endpoint, e.to_string()),
                other => RemoteError::Local(other.to_string()),
            })
    }

    /// Sends the default graph of `local` to the server's default graph (or its named graph
    /// `graph`), in requests of [`PUSH_CHUNK`] triples, calling `progress` with the triples sent
    /// after each. With `replace` the target graph becomes exactly what was sent; otherwise the
    /// triples are added to it.
    ///
    /// The target graph changes in one step or not at all: the chunks go to a fresh staging graph,
    /// and one SPARQL Update request (atomic on every server that implements transactions) brings
    /// the target graph level with it (see [`settle_step`]). If anything fails before that, the
    /// staging graph is dropped (when the server still answers) and the target graph is as it was.
    pub fn push(
        &self,
        local: &Graph,
        graph: Option<&str>,
        replace: bool,
        progress: &mut dyn FnMut(usize),
    ) -> Result<PushReport, RemoteError> {
        let target = graph
            .or(self.default_graph.as_deref())
            .map(graph_iri)
            .transpose()?;
        let staging = staging_graph_name();
        let sent = self.upload_staged(local, &staging, progress);
        let finish = sent.and_then(|report| {
            let step = match (report.triples, &target) {
                // An empty push never created the staging graph: replacing by nothing is a CLEAR.
                (0, _) if !replace => return Ok(report),
                (0, Some(name)) => format!("CLEAR SILENT GRAPH {name}"),
                (0, None) => "CLEAR SILENT DEFAULT".to_owned(),
                (_, Some(_)) => settle_step(&staging, target.as_ref(), replace, false),
                (_, None) => {
                    let union = self.default_graph_is_union()?;
                    settle_step(&staging, None, replace, union)
                }
            };
            self.send(
                self.post(&self.update_endpoint, None)
                    .header("Content-Type", "application/sparql-update; charset=utf-8"),
                &self.update_endpoint,
                self.timeout,
                Some(step.as_bytes()),
            )?;
            Ok(report)
        });
        if finish.is_err() {
            // Best effort: a server that went away keeps its staging graph, which nothing reads.
            let _ = self.drop_graph(&staging);
        }
        finish
    }

    /// Drops a graph of our own (staging, probe), in at most five seconds.
    fn drop_graph(&self, name: &NamedNode) -> Result<(), RemoteError> {
        let limit = Some(Duration::from_secs(5));
        // CLEAR before DROP: Virtuoso's DROP SILENT leaves the triples of a graph it created
        // implicitly (by a write), and oxigraph's CLEAR leaves an empty graph.
        self.send(
            self.post(&self.update_endpoint, limit)
                .header("Content-Type", "application/sparql-update; charset=utf-8"),
            &self.update_endpoint,
            limit,
            Some(format!("CLEAR SILENT GRAPH {name} ; DROP SILENT GRAPH {name}").as_bytes()),
        )
        .map(drop)
    }

    /// Whether the server's default graph is the union of its named graphs (Virtuoso, GraphDB,
    /// `oxigraph serve --union-default-graph`) rather than a graph of its own, as an update's
    /// WHERE clause sees it. Asked once per connection: a probe triple is written to a graph of
    /// our own, looked for in the default graph by an update, and the probe graph dropped.
    fn default_graph_is_union(&self) -> Result<bool, RemoteError> {
        if let Some(known) = self.union_default.get() {
            return Ok(*known);
        }
        let probe = NamedNode::new_unchecked(format!("{}-probe", staging_graph_name().as_str()));
        let answer = format!(
            "INSERT DATA {{ GRAPH {probe} {{ {probe} {probe} {probe} }} }} ; \
             INSERT {{ GRAPH {probe} {{ {probe} {probe} \"union\" }} }} WHERE {{ {probe} {probe} {probe} }}"
        );
        let asked = self
            .send(
                self.post(&self.update_endpoint, None)
                    .header("Content-Type", "application/sparql-update; charset=utf-8"),
                &self.update_endpoint,
                self.timeout,
                Some(answer.as_bytes()),
            )
            .and_then(|_| {
                self.query_in(
                    &format!("ASK {{ GRAPH {probe} {{ {probe} {probe} \"union\" }} }}"),
                    &[],
                    None,
                    false,
                )
            });
        let dropped = self.drop_graph(&probe);
        let union = match asked? {
            QueryOutcome::Boolean(union) => union,
            _ => {
                return Err(RemoteError::Malformed {
                    endpoint: self.query_endpoint.clone(),
                    reason: "an ASK query did not return a boolean".to_owned(),
                })
            }
        };
        dropped?;
        Ok(*self.union_default.get_or_init(|| union))
    }

    /// Whether the Graph Store endpoint `store` is `oxigraph serve`'s, whose `no_transaction`
    /// parameter loads a request's triples with oxigraph's bulk loader (sorted files added to the
    /// store) instead of one transaction: on the 210,000-triple benchmark graph the upload into the
    /// staging graph takes 5 s that way against 14 to 52 s. Other servers may not ignore an
    /// unknown parameter, so it is sent to oxigraph only, known by the `Server` header of its
    /// answer to a GET for a graph of our own that does not exist; asked once per connection.
    fn store_bulk_loads(&self, store: &str) -> bool {
        if let Some(known) = self.bulk_store.get() {
            return *known;
        }
        let probe = format!("{}-probe", staging_graph_name().as_str());
        let request = self
            .get(store, Some(Duration::from_secs(10)))
            .query("graph", probe.as_str());
        // Any answer will do, an error status included (the graph does not exist): only its
        // `Server` header is read. A failure to ask is not remembered; the upload reports it.
        let Ok(answer) = request.call() else {
            return false;
        };
        let bulk = answer
            .headers()
            .get("server")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|name| name.starts_with("Oxigraph/"));
        *self.bulk_store.get_or_init(|| bulk)
    }

    /// Uploads the default graph of `local` into the named graph `staging`, chunk by chunk.
    fn upload_staged(
        &self,
        local: &Graph,
        staging: &NamedNode,
        progress: &mut dyn FnMut(usize),
    ) -> Result<PushReport, RemoteError> {
        let mut report = PushReport {
            triples: 0,
            chunks: 0,
        };
        let bulk = self
            .store_endpoint
            .as_deref()
            .is_some_and(|store| self.store_bulk_loads(store));
        // A blank node is scoped to one request: every triple that mentions one goes in the
        // same (last) chunk so that the shared node stays one node on the server.
        let mut with_blank_nodes = Vec::new();
        let mut chunk = Vec::with_capacity(PUSH_CHUNK);
        let quads = local
            .store()
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph));
        for quad in quads {
            let quad = quad.map_err(|e| RemoteError::Local(e.to_string()))?;
            let triple = Triple::from(quad);
            if triple.subject.is_blank_node() || triple.object.is_blank_node() {
                with_blank_nodes.push(triple);
            } else {
                chunk.push(triple);
                if chunk.len() == PUSH_CHUNK {
                    self.send_chunk(&chunk, staging, bulk)?;
                    report.triples += chunk.len();
                    report.chunks += 1;
                    progress(chunk.len());
                    chunk.clear();
                }
            }
        }
        for rest in [chunk, with_blank_nodes] {
            if !rest.is_empty() {
                self.send_chunk(&rest, staging, bulk)?;
                report.triples += rest.len();
                report.chunks += 1;
                progress(rest.len());
            }
        }
        Ok(report)
    }

    /// Sends one chunk into the staging graph; `bulk`: with oxigraph's bulk loader (see
    /// [`Remote::store_bulk_loads`]), not atomic, which the staging graph does not need: nothing
    /// reads it, and a push that fails drops it.
    fn send_chunk(&self, triples: &[Triple], staging: &NamedNode, bulk: bool) -> Result<(), RemoteError> {
        let mut body = Vec::with_capacity(triples.len() * 120);
        let mut serializer = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(&mut body);
        for triple in triples {
            serializer
                .serialize_triple(triple)
                .map_err(|e| RemoteError::Local(e.to_string()))?;
        }
        serializer
            .finish()
            .map_err(|e| RemoteError::Local(e.to_string()))?;
        if let Some(store) = &self.store_endpoint {
            let mut request = self
                .post(store, None)
                .header("Content-Type", "application/n-triples")
                .query("graph", staging.as_str());
            if bulk {
                request = request.query("no_transaction", "");
            }
            self.send(request, store, self.timeout, Some(&body)).map(drop)
        } else {
            // N-Triples lines are valid triples in SPARQL Update. Blank nodes go in an INSERT
            // template rather than INSERT DATA: Virtuoso refuses them in INSERT DATA, and a template
            // with one (empty) solution makes each label one fresh node all the same.
            let blank = triples
                .iter()
                .any(|t| t.subject.is_blank_node() || t.object.is_blank_node());
            let mut update = if blank {
                format!("INSERT {{ GRAPH {staging} {{\n")
            } else {
                format!("INSERT DATA {{ GRAPH {staging} {{\n")
            }
            .into_bytes();
            update.extend_from_slice(&body);
            update.extend_from_slice(if blank { b"} } WHERE {}" } else { b"} }" });
            self.send(
                self.post(&self.update_endpoint, None)
                    .header("Content-Type", "application/sparql-update; charset=utf-8"),
                &self.update_endpoint,
                self.timeout,
                Some(&update),
            )
            .map(drop)
        }
    }

    /// Sends a request and turns every failure, an HTTP error status included, into a
    /// [`RemoteError`].
    fn send(
        &self,
        request: impl Sendable,
        endpoint: &str,
        limit: Option<Duration>,
        body: Option<&[u8]>,
    ) -> Result<Answer, RemoteError> {
        self.check(request.send_with(body), endpoint, limit)
    }

    /// Sends a query as an HTML form (`query=...`), the one way every SPARQL 1.1 server takes
    /// (Virtuoso 7 does not answer a body of type `application/sparql-query`), with the
    /// connection's default graph as `default-graph-uri`.
    fn post_query(
        &self,
        text: &str,
        accept: &str,
        timeout: Option<Duration>,
        dataset: bool,
    ) -> Result<Answer, RemoteError> {
        let mut form = vec![("query", text)];
        if let Some(graph) = self.default_graph.as_ref().filter(|_| dataset) {
            form.push(("default-graph-uri", graph.as_str()));
        }
        let request = self.post(&self.query_endpoint, timeout).header("Accept", accept);
        self.check(
            request.send_form(form),
            &self.query_endpoint,
            timeout.or(self.timeout),
        )
    }

    /// Turns a failed request, an HTTP error status included, into a [`RemoteError`].
    fn check(
        &self,
        sent: Result<Answer, ureq::Error>,
        endpoint: &str,
        limit: Option<Duration>,
    ) -> Result<Answer, RemoteError> {
        let response = sent.map_err(|error| {
            let timed_out = match &error {
                ureq::Error::Timeout(_) => true,
                ureq::Error::Io(e) => is_timeout(e),
                _ => false,
            };
            broke_off(timed_out, error.to_string(), endpoint, limit)
        })?;
        let status = response.status().as_u16();
        if status < 400 {
            return Ok(response);
        }
        let message = response_message(response);
        Err(if status == 401 || status == 403 {
            RemoteError::AuthRefused {
                endpoint: endpoint.to_owned(),
                status,
                message,
            }
        } else {
            RemoteError::Status {
                endpoint: endpoint.to_owned(),
                status,
                message,
            }
        })
    }
}

/// A request ready to go: GET requests have no body, POST requests do.
trait Sendable {
    fn send_with(self, body: Option<&[u8]>) -> Result<Answer, ureq::Error>;
}

impl Sendable for RequestBuilder<ureq::typestate::WithBody> {
    fn send_with(self, body: Option<&[u8]>) -> Result<Answer, ureq::Error> {
        self.send(body.unwrap_or_default())
    }
}

impl Sendable for RequestBuilder<ureq::typestate::WithoutBody> {
    fn send_with(self, _body: Option<&[u8]>) -> Result<Answer, ureq::Error> {
        self.call()
    }
}

/// The start of an error answer: servers put their message in the body, sometimes with a long
/// stack trace after it.
fn response_message(response: Answer) -> String {
    let mut text = String::new();
    let _ = response
        .into_body()
        .into_reader()
        .take(2000)
        .read_to_string(&mut text);
    let text = text.trim();
    if text.is_empty() {
        "(no message)".to_owned()
    } else {
        text.to_owned()
    }
}

/// Whether `response` is the probe of [`Remote::writes_tsv`] in SPARQL 1.1 TSV: one row, the one
/// IRI asked for.
fn is_tsv_probe_answer(response: Answer) -> bool {
    if media_type(&response) != "text/tab-separated-values" {
        return false;
    }
    let reader = BufReader::new(response.into_body().into_reader());
    let Ok(ReaderQueryResultsParserOutput::Solutions(solutions)) =
        QueryResultsParser::from_format(QueryResultsFormat::Tsv).for_reader(reader)
    else {
        return false;
    };
    let probe = Term::NamedNode(NamedNode::new_unchecked(TSV_PROBE));
    let rows = solutions.collect::<Result<Vec<_>, _>>().unwrap_or_default();
    matches!(rows.as_slice(), [row] if row.get("x") == Some(&probe))
}

/// The answer's media type, without parameters (`; charset=utf-8`).
fn media_type(response: &Answer) -> String {
    response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a read failed on the timeout: directly, or as ureq's own timeout wrapped in an
/// `io::Error` by the body reader.
fn is_timeout(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock)
        || error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<ureq::Error>())
            .is_some_and(|inner| matches!(inner, ureq::Error::Timeout(_)))
}

fn parse_error(error: QueryResultsParseError, endpoint: &str, limit: Option<Duration>) -> RemoteError {
    match error {
        QueryResultsParseError::Io(e) => read_failed(&e, endpoint, limit),
        other => malformed(endpoint, other.to_string()),
    }
}

fn rdf_error(error: RdfParseError, endpoint: &str, limit: Option<Duration>) -> RemoteError {
    match error {
        RdfParseError::Io(e) => read_failed(&e, endpoint, limit),
        other => malformed(endpoint, other.to_string()),
    }
}

/// A request or the reading of its answer broke off: a timeout when `timed_out`, otherwise the
/// endpoint is unreachable. One rule for every stage, so an answer that stalls reads the same
/// whether it stalls in the request, in the results parser or in the RDF loader.
fn broke_off(timed_out: bool, reason: String, endpoint: &str, limit: Option<Duration>) -> RemoteError {
    if timed_out {
        RemoteError::Timeout {
            endpoint: endpoint.to_owned(),
            after: limit.unwrap_or_default(),
        }
    } else {
        RemoteError::Unreachable {
            endpoint: endpoint.to_owned(),
            reason,
        }
    }
}

/// An I/O error while reading an answer (see [`broke_off`]).
fn read_failed(error: &io::Error, endpoint: &str, limit: Option<Duration>) -> RemoteError {
    broke_off(is_timeout(error), error.to_string(), endpoint, limit)
}

/// The server's answer could not be parsed.
fn malformed(endpoint: &str, reason: String) -> RemoteError {
    RemoteError::Malformed {
        endpoint: endpoint.to_owned(),
        reason,
    }
}

/// The one update that brings the target graph (`None`: the default graph) level with the staging
/// graph and drops the staging graph: with `replace` the target becomes exactly the staging graph,
/// otherwise it gains the staging graph's triples.
///
/// Only the difference is written: triples of the target missing from the staging graph are
/// deleted (on `replace`) and triples of the staging graph missing from the target inserted. A
/// SPARQL `MOVE` rewrites the whole graph instead (delete all, copy all), and on oxigraph each old
/// triple then stays behind as a deleted entry that later queries of that graph step over, so
/// re-publishing an unchanged graph cost a full rewrite and slowed the next queries. Blank nodes
/// are never equal across requests, so their triples are always replaced.
///
/// The comparison with the default graph needs it to be a graph of its own: when it is the union
/// of all graphs (`union`), the staging triples are in it already, so a push to it keeps the
/// whole-graph `MOVE` (or `ADD`).
fn settle_step(staging: &NamedNode, target: Option<&NamedNode>, replace: bool, union: bool) -> String {
    let drop_staging = format!("CLEAR SILENT GRAPH {staging} ; DROP SILENT GRAPH {staging}");
    if union && target.is_none() {
        return if replace {
            format!("MOVE SILENT GRAPH {staging} TO DEFAULT")
        } else {
            format!("ADD SILENT GRAPH {staging} TO DEFAULT ; {drop_staging}")
        };
    }
    let in_target = match target {
        Some(name) => format!("GRAPH {name} {{ ?s ?p ?o }}"),
        None => "?s ?p ?o".to_owned(),
    };
    let in_staging = format!("GRAPH {staging} {{ ?s ?p ?o }}");
    let mut step = String::new();
    if replace {
        step.push_str(&format!(
            "DELETE {{ {in_target} }} WHERE {{ {in_target} FILTER NOT EXISTS {{ {in_staging} }} }} ;\n"
        ));
    }
    step.push_str(&format!(
        "INSERT {{ {in_target} }} WHERE {{ {in_staging} FILTER NOT EXISTS {{ {in_target} }} }} ;\n{drop_staging}"
    ));
    step
}

/// The CONSTRUCT of [`Remote::pull_reads`]: one branch of a UNION per predicate read whole and
/// per (predicate, object) pair, each a triple pattern with a fixed predicate, which every server
/// answers from its predicate index (a `VALUES` list of predicates may instead be joined with a
/// scan of the whole graph). Nothing is read twice: a pair whose predicate is read whole is left
/// out, so the triples received are the triples copied.
fn reads_construct(patterns: &[TriplePattern], predicates: &[NamedNode]) -> String {
    let mut whole: Vec<&str> = patterns
        .iter()
        .filter(|pattern| pattern.object.is_none())
        .map(|pattern| pattern.predicate)
        .chain(predicates.iter().map(NamedNode::as_str))
        .collect();
    whole.sort_unstable();
    whole.dedup();
    let mut branches: Vec<String> = whole
        .iter()
        .map(|p| format!("{{ ?s <{p}> ?o BIND(<{p}> AS ?p) }}"))
        .collect();
    let mut pairs: Vec<(&str, &str)> = patterns
        .iter()
        .filter_map(|pattern| pattern.object.map(|o| (pattern.predicate, o)))
        .filter(|(p, _)| whole.binary_search(p).is_err())
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    branches.extend(
        pairs
            .iter()
            .map(|(p, o)| format!("{{ ?s <{p}> <{o}> BIND(<{p}> AS ?p) BIND(<{o}> AS ?o) }}")),
    );
    if branches.is_empty() {
        // Nothing to read: a query that matches nothing, rather than one that matches everything.
        return "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { } ?s ?p ?o }".to_owned();
    }
    format!(
        "CONSTRUCT {{ ?s ?p ?o }} WHERE {{\n  {}\n}}",
        branches.join("\n  UNION ")
    )
}

fn graph_iri(name: &str) -> Result<NamedNode, RemoteError> {
    NamedNode::new(name)
        .map_err(|e| RemoteError::InvalidArgument(format!("invalid graph name {name:?}: {e}")))
}

/// A graph name no one else uses: the time and the process, so concurrent pushes do not meet.
fn staging_graph_name() -> NamedNode {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    NamedNode::new_unchecked(format!(
        "urn:workforce-graph:staging:{}-{nanos}",
        std::process::id()
    ))
}

/// The text sent for a query: the user's own text with the project's usual prefixes declared
/// (servers do not know them), or, with bindings, the query rewritten from its algebra with a
/// `VALUES` block joined to the WHERE clause.
/// Also says whether the query returns triples (CONSTRUCT, DESCRIBE) rather than solutions.
fn prepare_query(sparql: &str, bindings: &[(String, Term)]) -> Result<(String, bool), RemoteError> {
    crate::guard::check_nesting(sparql, crate::guard::Brackets::Sparql, "<query>")?;
    let mut query = sparql_parser()
        .parse_query(sparql)
        .map_err(|e| sparql_syntax_error(&e, sparql))?;
    let returns_triples = matches!(
        query,
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
    );
    if bindings.is_empty() {
        return Ok((with_prefixes(sparql), returns_triples));
    }
    let mut variables = Vec::with_capacity(bindings.len());
    let mut row = Vec::with_capacity(bindings.len());
    for (name, term) in bindings {
        let variable = binding_variable(name).map_err(|e| RemoteError::InvalidBinding {
            variable: name.clone(),
            reason: e.to_string(),
        })?;
        let ground = match term {
            Term::NamedNode(n) => GroundTerm::NamedNode(n.clone()),
            Term::Literal(l) => GroundTerm::Literal(l.clone()),
            _ => {
                return Err(RemoteError::InvalidBinding {
                    variable: name.clone(),
                    reason: "a remote query can bind IRIs and literals only".to_owned(),
                })
            }
        };
        variables.push(variable);
        row.push(Some(ground));
    }
    let pattern = match &mut query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    let clause = where_clause(pattern);
    // As for a local query: a binding the WHERE clause never sees is an error, not ignored.
    for (variable, (name, _)) in variables.iter().zip(bindings) {
        let mut used = false;
        clause.on_in_scope_variable(|v| used |= v == variable);
        if !used {
            return Err(RemoteError::InvalidBinding {
                variable: name.clone(),
                reason: "the query does not use this variable in its WHERE clause".to_owned(),
            });
        }
    }
    let inner = std::mem::replace(
        clause,
        GraphPattern::Values {
            variables: Vec::new(),
            bindings: Vec::new(),
        },
    );
    *clause = GraphPattern::Join {
        left: Box::new(GraphPattern::Values {
            variables,
            bindings: vec![row],
        }),
        right: Box::new(inner),
    };
    Ok((query.to_string(), returns_triples))
}

/// The WHERE clause of a query's algebra: below the solution modifiers (slice, distinct,
/// projection, order) and, in a grouped query, below the aggregation, so that a bound variable is
/// fixed before grouping exactly as a local substitution fixes it.
fn where_clause(pattern: &mut GraphPattern) -> &mut GraphPattern {
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::OrderBy { inner, .. } => where_clause(inner),
        _ if has_group(pattern) => group_inner(pattern),
        _ => pattern,
    }
}

/// Whether the aggregation (GROUP BY) sits under the aggregate extensions and HAVING filters.
fn has_group(pattern: &GraphPattern) -> bool {
    match pattern {
        GraphPattern::Group { .. } => true,
        GraphPattern::Extend { inner, .. } | GraphPattern::Filter { inner, .. } => has_group(inner),
        _ => false,
    }
}

fn group_inner(pattern: &mut GraphPattern) -> &mut GraphPattern {
    match pattern {
        GraphPattern::Group { inner, .. } => inner,
        GraphPattern::Extend { inner, .. } | GraphPattern::Filter { inner, .. } => group_inner(inner),
        other => other,
    }
}

/// Declares the project's usual prefixes ([`PREFIXES`]) that the text does not declare itself.
fn with_prefixes(sparql: &str) -> String {
    let lower = sparql.to_lowercase();
    let mut text = String::new();
    for (prefix, iri) in PREFIXES {
        let declared = lower
            .match_indices("prefix")
            .any(|(at, _)| lower[at + 6..].trim_start().starts_with(&format!("{prefix}:")));
        if !declared {
            text.push_str(&format!("PREFIX {prefix}: <{iri}>\n"));
        }
    }
    text.push_str(sparql);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_become_values_in_the_where_clause_before_grouping() {
        let (text, _) = prepare_query(
            "SELECT ?f (COUNT(?x) AS ?n) WHERE { ?x skos:inScheme ?f } GROUP BY ?f",
            &[(
                "f".to_owned(),
                Term::NamedNode(NamedNode::new_unchecked("http://example.com/F")),
            )],
        )
        .unwrap();
        let values = text.find("VALUES").expect("a VALUES block");
        let group = text.find("GROUP BY").expect("the grouping stays");
        assert!(values < group, "{text}");
        assert!(text.contains("<http://example.com/F>"), "{text}");
    }

    #[test]
    fn a_binding_the_query_does_not_use_is_refused() {
        let error = prepare_query(
            "SELECT ?s WHERE { ?s ?p ?o }",
            &[("nope".to_owned(), Term::Literal("x".into()))],
        )
        .unwrap_err();
        assert!(matches!(error, RemoteError::InvalidBinding { .. }), "{error}");
    }

    #[test]
    fn usual_prefixes_are_declared_unless_the_query_declares_them() {
        let text = with_prefixes("PREFIX skos: <http://example.com/> SELECT * WHERE { ?s skos:x ?o }");
        assert!(!text.contains("PREFIX skos: <http://www.w3.org"), "{text}");
        assert!(text.contains("PREFIX wg: <https://w3id.org/workforce-graph/ontology#>"));
    }

    #[test]
    fn a_malformed_query_is_a_syntax_error_before_anything_is_sent() {
        // Port 9 (discard) on loopback: nothing is listening, and nothing must be asked.
        let remote = Remote::connect("http://127.0.0.1:9/query", RemoteOptions::default()).unwrap();
        let error = remote.query("SELECT WHERE {", &[], None).unwrap_err();
        assert!(matches!(error, RemoteError::Syntax(_)), "{error}");
    }

    #[test]
    fn an_unreachable_server_is_reported_as_such() {
        let remote = Remote::connect("http://127.0.0.1:9/query", RemoteOptions::default()).unwrap();
        let error = remote.query("ASK { ?s ?p ?o }", &[], None).unwrap_err();
        assert!(matches!(error, RemoteError::Unreachable { .. }), "{error}");
    }

    #[test]
    fn the_reads_construct_asks_for_each_predicate_once_and_parses() {
        let patterns = [
            TriplePattern {
                predicate: "http://example.com/p",
                object: None,
            },
            TriplePattern {
                predicate: "http://example.com/p",
                object: Some("http://example.com/C"),
            },
            TriplePattern {
                predicate: "http://example.com/type",
                object: Some("http://example.com/C"),
            },
        ];
        let text = reads_construct(&patterns, &[NamedNode::new_unchecked("http://example.com/p")]);
        assert_eq!(text.matches("<http://example.com/p>").count(), 2, "{text}");
        assert_eq!(text.matches("UNION").count(), 1, "{text}");
        prepare_query(&text, &[]).unwrap();
        prepare_query(&reads_construct(&[], &[]), &[]).unwrap();
    }

    #[test]
    fn endpoints_must_be_http_urls() {
        let error = Remote::connect("ftp://example.com/sparql", RemoteOptions::default()).unwrap_err();
        assert!(matches!(error, RemoteError::InvalidArgument(_)), "{error}");
    }
}
