//! The graph: an oxigraph store holding the bundled workforce data, with loading, saving,
//! SPARQL queries and updates.
//!
//! ```
//! use workforce_graph::{Graph, QueryOutcome, RdfInput};
//!
//! let graph = Graph::empty()?;
//! graph.load(RdfInput::Text("<http://example.com/a> <http://example.com/p> \"1\" ."), Some("nt"), None)?;
//! let QueryOutcome::Solutions(table) = graph.query("SELECT ?o WHERE { ?s ?p ?o }", &[], None)? else {
//!     unreachable!()
//! };
//! assert_eq!(table.num_rows(), 1);
//! # Result::<_, Box<dyn std::error::Error>>::Ok(())
//! ```

use crate::analysis::{AnalysisError, IndexCache, RequirementIndex};
use crate::bundle::{BUNDLED_FILES, SHAPES};
use crate::error::{
    ImportError, LoadError, OpenError, QueryError, ReadyTableError, SaveError, SyntaxError, UpdateError,
    ValidateError,
};
use crate::format::resolve_format;
use crate::import::sfia::{self, SfiaOptions};
use crate::import::table::{self as table_import, RawTable, TableImport, TableOutcome, TableSpec};
use crate::import::{GraphView, ImportReport};
use crate::rdf_errors;
use crate::shacl::{validate_graph, ValidationReport};
use crate::table::SolutionTable;
use oxigraph::io::{RdfFormat, RdfParseError, RdfParser, RdfSerializer};
use oxigraph::model::{
    Graph as RdfGraph, GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term, Triple, Variable,
};
use oxigraph::sparql::{
    CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator, SparqlSyntaxError,
};
use oxigraph::store::{LoaderError, SerializerError, StorageError, Store};
use spargebra::SparqlParser;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

/// Quads parsed ahead of storing in [`Graph::load`]: large enough that handing a batch over costs
/// nothing, small enough that parsing and storing overlap on files of a few megabytes.
const LOAD_BATCH: usize = 50_000;

/// Prefixes written at the top of Turtle and TriG files this library saves (from [`crate::vocab`]).
pub use crate::vocab::PREFIXES;

/// RDF to load: a file on disk or text in memory.
#[derive(Debug, Clone, Copy)]
pub enum RdfInput<'a> {
    /// A file, read as a stream.
    File(&'a Path),
    /// RDF text.
    Text(&'a str),
}

/// The SHACL shapes [`Graph::validate`] checks a graph against.
#[derive(Clone, Copy)]
pub enum Shapes<'a> {
    /// The bundled shapes (`ontology/shapes/`: violations and warnings), each file on its own.
    Bundled,
    /// Shapes in RDF: a file or text, in any format [`Graph::load`] reads (`format` as there).
    /// The triples of every graph of a dataset file form the shapes graph.
    Rdf {
        /// The file or text.
        input: RdfInput<'a>,
        /// The format's name, if not told by the file's extension (Turtle for text).
        format: Option<&'a str>,
    },
    /// The default graph of a graph store (possibly the one validated).
    Graph(&'a Graph),
}

/// What a SPARQL query returns.
#[derive(Debug, Clone)]
pub enum QueryOutcome {
    /// SELECT: one row per solution.
    Solutions(SolutionTable),
    /// ASK.
    Boolean(bool),
    /// CONSTRUCT and DESCRIBE.
    Triples(Vec<Triple>),
}

/// An RDF graph store: in memory, or on disk with the `rocksdb` feature.
///
/// Cloning is cheap and shares the same store.
#[derive(Clone)]
pub struct Graph {
    store: Store,
    location: Option<PathBuf>,
    /// Bumped by every change made through this graph, so derived indexes know when to rebuild.
    generation: Arc<AtomicU64>,
    /// The requirement index of the analyses, shared by clones and rebuilt after changes.
    index: Arc<IndexCache>,
}

impl Graph {
    /// An empty in-memory graph.
    pub fn empty() -> Result<Self, OpenError> {
        let store = Store::new().map_err(|source| OpenError::Storage {
            path: PathBuf::from("<memory>"),
            source,
        })?;
        Ok(Self {
            store,
            location: None,
            generation: Arc::default(),
            index: Arc::default(),
        })
    }

    /// An in-memory graph holding the bundled ontology and data.
    pub fn bundled() -> Result<Self, OpenError> {
        let graph = Self::empty()?;
        graph.load_bundle()?;
        Ok(graph)
    }

    /// Opens the on-disk store at `path`, creating it if missing. A new store receives the bundled
    /// data when `bundled` is true. The directory can be read by `pyoxigraph.Store.read_only` and
    /// `oxigraph serve-read-only` of the same oxigraph release.
    ///
    /// Creating a store is all or nothing: a marker file ([`CREATING_MARKER`]) is written before
    /// the store and removed once the bundle is in and flushed, so a process killed half-way
    /// leaves a store that the next open finishes (its partial content is cleared and the bundle
    /// loaded again) instead of an empty store taken for a complete one. A non-empty directory
    /// that is not a store is refused. Files left by a bulk load that was killed (`bulk-*.sst`)
    /// are removed once the store's lock is held.
    #[cfg(feature = "rocksdb")]
    pub fn open(path: impl AsRef<Path>, bundled: bool) -> Result<Self, OpenError> {
        let path = path.as_ref();
        let io_error = |source| OpenError::Io {
            path: path.to_owned(),
            source,
        };
        let marker = path.join(CREATING_MARKER);
        let state = store_state(path)?;
        if state == StoreState::Missing {
            std::fs::create_dir_all(path).map_err(io_error)?;
        }
        if matches!(state, StoreState::Missing | StoreState::Empty) {
            write_synced(&marker, bundled).map_err(io_error)?;
        }
        let storage_error = |source| OpenError::Storage {
            path: path.to_owned(),
            source,
        };
        // The store's lock is held from here: no other process is creating or loading into it.
        let store = Store::open(path).map_err(storage_error)?;
        remove_orphaned_bulk_files(path).map_err(io_error)?;
        let graph = Self {
            store,
            location: Some(path.to_owned()),
            generation: Arc::default(),
            index: Arc::default(),
        };
        if marker.exists() {
            // A creation to make or to finish: with the bundle if the first open asked for it.
            let with_bundle = std::fs::read(&marker)
                .map(|m| m.starts_with(b"bundled"))
                .unwrap_or(bundled);
            graph.store.clear().map_err(storage_error)?;
            if with_bundle {
                graph.load_bundle()?;
            }
            graph.store.flush().map_err(storage_error)?;
            std::fs::remove_file(&marker).map_err(io_error)?;
            sync_directory(path).map_err(io_error)?;
        }
        Ok(graph)
    }

    /// Opens an existing on-disk store for reading only: nothing is created or written, and
    /// several processes may read a store at once (a writer elsewhere keeps its lock). Loads and
    /// updates through the graph fail.
    #[cfg(feature = "rocksdb")]
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self, OpenError> {
        let path = path.as_ref();
        match store_state(path)? {
            StoreState::Missing | StoreState::Empty => return Err(OpenError::NoStore(path.to_owned())),
            StoreState::Store if path.join(CREATING_MARKER).exists() => {
                return Err(OpenError::Incomplete(path.to_owned()))
            }
            StoreState::Store => {}
        }
        let store = Store::open_read_only(path).map_err(|source| OpenError::Storage {
            path: path.to_owned(),
            source,
        })?;
        Ok(Self {
            store,
            location: Some(path.to_owned()),
            generation: Arc::default(),
            index: Arc::default(),
        })
    }

    /// Without the `rocksdb` feature there is no on-disk storage.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open_read_only(_path: impl AsRef<Path>) -> Result<Self, OpenError> {
        Err(OpenError::PersistenceUnavailable)
    }

    /// An in-memory copy of this graph's quads (for adding data a reader sees without writing
    /// it to a store).
    pub fn to_memory(&self) -> Result<Self, OpenError> {
        let copy = Self::empty()?;
        let storage_error = |source| OpenError::Storage {
            path: PathBuf::from("<memory>"),
            source,
        };
        let mut loader = copy.store.bulk_loader();
        let mut batch = Vec::with_capacity(LOAD_BATCH);
        for quad in self.store.iter() {
            batch.push(quad.map_err(storage_error)?);
            if batch.len() == LOAD_BATCH {
                loader
                    .load_quads(std::mem::take(&mut batch))
                    .map_err(storage_error)?;
            }
        }
        loader.load_quads(batch).map_err(storage_error)?;
        loader.commit().map_err(storage_error)?;
        Ok(copy)
    }

    /// Without the `rocksdb` feature there is no on-disk storage.
    #[cfg(not(feature = "rocksdb"))]
    pub fn open(_path: impl AsRef<Path>, _bundled: bool) -> Result<Self, OpenError> {
        Err(OpenError::PersistenceUnavailable)
    }

    /// Whether this build can open on-disk stores.
    pub const fn persistence_available() -> bool {
        cfg!(feature = "rocksdb")
    }

    /// A number that changes whenever data is changed through this graph (or a clone of it).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// The index of role requirements the role analyses read ([`crate::analysis`]), built on
    /// first use and rebuilt when the graph has changed since ([`Graph::generation`]). Clones
    /// share it.
    pub fn requirement_index(&self) -> Result<Arc<RequirementIndex>, AnalysisError> {
        self.index.get(&self.store, self.generation())
    }

    pub(crate) fn changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The store directory, for an on-disk graph.
    pub fn location(&self) -> Option<&Path> {
        self.location.as_deref()
    }

    /// The underlying oxigraph store, for analyses that read it directly.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Loads every bundled ontology and data file into the default graph, all or nothing.
    pub fn load_bundle(&self) -> Result<(), LoadError> {
        let mut loader = self.store.bulk_loader();
        for (name, turtle) in BUNDLED_FILES {
            loader
                .load_from_slice(RdfParser::from_format(RdfFormat::Turtle), *turtle)
                .map_err(|e| loader_error(e, name, Some(turtle)))?;
        }
        loader.commit()?;
        self.changed();
        Ok(())
    }

    /// Loads RDF into the default graph, or into the named graph `graph` (an IRI).
    ///
    /// The format is `format` if given (a name such as `"turtle"`, an extension or a media type),
    /// else the file's extension, else Turtle for text. All or nothing: if the input fails
    /// half-way, the graph is left exactly as it was.
    pub fn load(
        &self,
        input: RdfInput<'_>,
        format: Option<&str>,
        graph: Option<&str>,
    ) -> Result<(), LoadError> {
        let path = match input {
            RdfInput::File(path) => Some(path),
            RdfInput::Text(_) => None,
        };
        let format = resolve_format(format, path).map_err(LoadError::UnknownFormat)?;
        refuse_hostile_input(input, format)?;
        let parser = rdf_parser(format, graph)?;
        match input {
            RdfInput::File(path) => {
                let io_error = |source| LoadError::Io {
                    path: path.to_owned(),
                    source,
                };
                let name = path.display().to_string();
                let open = || -> Result<BufReader<File>, LoadError> {
                    let mut reader = BufReader::with_capacity(1 << 20, File::open(path).map_err(io_error)?);
                    rdf_errors::skip_bom(&mut reader).map_err(io_error)?;
                    Ok(reader)
                };
                if format == RdfFormat::RdfXml {
                    rdf_errors::check_xml_closed(open()?, &name).map_err(|syntax| {
                        let (line, column) = rdf_errors::end_position(&path).unwrap_or((1, 1));
                        LoadError::Syntax(with_line_from_file(at(syntax, line, column), path))
                    })?;
                }
                let quads = parser.for_reader(open()?);
                let completed = self.load_pipelined(quads).map_err(|e| {
                    let error = loader_error(e, &name, None);
                    match error {
                        LoadError::Syntax(syntax) => LoadError::Syntax(with_line_from_file(
                            rdf_errors::locate(syntax, format, &path),
                            path,
                        )),
                        LoadError::Io { source, .. } => LoadError::Io {
                            path: path.to_owned(),
                            source,
                        },
                        other => other,
                    }
                })?;
                if !completed {
                    return Err(LoadError::Interrupted);
                }
            }
            RdfInput::Text(text) => {
                let text = text.strip_prefix('\u{feff}').unwrap_or(text);
                let bytes = text.as_bytes();
                if format == RdfFormat::RdfXml {
                    rdf_errors::check_xml_closed(bytes, "<string>").map_err(|syntax| {
                        let (line, column) = rdf_errors::end_position(&bytes).unwrap_or((1, 1));
                        LoadError::Syntax(at(syntax, line, column).with_text_from(bytes))
                    })?;
                }
                let quads = parser
                    .for_slice(text)
                    .map(|quad| quad.map_err(RdfParseError::from));
                let completed =
                    self.load_pipelined(quads)
                        .map_err(|e| match loader_error(e, "<string>", None) {
                            LoadError::Syntax(syntax) => LoadError::Syntax(
                                rdf_errors::locate(syntax, format, &bytes).with_text_from(bytes),
                            ),
                            other => other,
                        })?;
                if !completed {
                    return Err(LoadError::Interrupted);
                }
            }
        }
        self.changed();
        Ok(())
    }

    /// Loads RDF read from a stream (a server's answer) into the default graph, or the named
    /// graph `graph`, all or nothing as [`load`](Self::load); returns the number of quads read.
    pub fn load_reader(
        &self,
        reader: impl std::io::Read + Send,
        format: RdfFormat,
        graph: Option<&str>,
    ) -> Result<usize, LoadError> {
        let parser = rdf_parser(format, graph)?;
        let count = AtomicU64::new(0);
        let quads = parser.for_reader(reader).inspect(|quad| {
            if quad.is_ok() {
                count.fetch_add(1, Ordering::Relaxed);
            }
        });
        let completed = self
            .load_pipelined(quads)
            .map_err(|e| loader_error(e, "<response>", None))?;
        if !completed {
            return Err(LoadError::Interrupted);
        }
        self.changed();
        Ok(usize::try_from(count.into_inner()).unwrap_or(usize::MAX))
    }

    /// Parses on a second thread while this one stores what is already parsed, in batches of
    /// [`LOAD_BATCH`] quads, then commits. Storing costs more than parsing, so overlapping them is most
    /// of the gain over oxigraph's loader, which parses everything before storing anything on a
    /// two-core machine. Nothing is committed unless every quad parsed and stored: an error
    /// drops the loader and the graph stays as it was. Returns false, having committed nothing,
    /// when the guarded run it is part of is interrupted (checked between batches).
    fn load_pipelined(
        &self,
        quads: impl Iterator<Item = Result<Quad, RdfParseError>> + Send,
    ) -> Result<bool, LoaderError> {
        let batch = LOAD_BATCH;
        let mut loader = self.batch_loader();
        thread::scope(|scope| {
            let (sender, receiver) = mpsc::sync_channel::<Vec<Quad>>(2);
            let parsing = scope.spawn(move || -> Result<(), RdfParseError> {
                let mut parsed = Vec::with_capacity(batch);
                for quad in quads {
                    parsed.push(quad?);
                    if parsed.len() == batch
                        && sender
                            .send(std::mem::replace(&mut parsed, Vec::with_capacity(batch)))
                            .is_err()
                    {
                        return Ok(()); // the storing side failed and hung up
                    }
                }
                if !parsed.is_empty() {
                    let _ = sender.send(parsed);
                }
                Ok(())
            });
            let mut stored = Ok(());
            let mut interrupted = false;
            for quads in &receiver {
                if crate::guard::interrupted() {
                    interrupted = true;
                    break;
                }
                if let Err(e) = loader.load_quads(quads) {
                    stored = Err(e);
                    break;
                }
            }
            drop(receiver);
            let parsed = parsing
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            if interrupted {
                return Ok(false);
            }
            parsed?;
            stored?;
            Ok::<bool, LoaderError>(true)
        })
        .and_then(|completed| {
            if completed {
                loader.commit()?;
            }
            Ok(completed)
        })
    }

    /// A bulk loader that stores what it is given in batches of [`LOAD_BATCH`] quads (so memory
    /// stays bounded however much is loaded) and changes nothing until it is committed.
    pub(crate) fn batch_loader(&self) -> oxigraph::store::BulkLoader<'_> {
        // The loader stores a batch as soon as it reaches its target size, so make that target
        // our batch (the size is in thousands of quads per thread).
        let threads = thread::available_parallelism().map_or(1, std::num::NonZero::get);
        self.store
            .bulk_loader()
            .with_max_memory_size_in_megabytes((LOAD_BATCH * threads).div_ceil(1000))
    }

    /// Adds triples to the default graph in one transaction.
    pub fn insert_triples(&self, triples: &[Triple]) -> Result<(), StorageError> {
        let mut loader = self.store.bulk_loader();
        loader.load_quads(
            triples
                .iter()
                .map(|t| t.clone().in_graph(GraphName::DefaultGraph)),
        )?;
        loader.commit()?;
        self.changed();
        Ok(())
    }

    /// Imports an official DDaT export (a folder with `roles.csv` and `skills.csv`), all or nothing.
    pub fn import_ddat(&self, directory: &Path) -> Result<ImportReport, ImportError> {
        let import = crate::import::ddat::read_ddat(directory)?;
        self.insert_triples(&import.triples)?;
        Ok(import.report)
    }

    /// Runs `import` with what importers read of this graph: the store and framework lookup.
    fn with_import_view<T>(&self, import: impl FnOnce(&GraphView<'_>) -> T) -> T {
        let resolve = |name: &str| crate::catalogue::resolve_framework(self, name);
        import(&GraphView {
            store: &self.store,
            resolve_framework: &resolve,
        })
    }

    /// Imports a table (CSV, TSV or a workbook sheet) as described by `spec`, all or nothing.
    pub fn import_table(
        &self,
        path: &Path,
        spec: &TableSpec,
        progress: &mut dyn FnMut(usize),
    ) -> Result<TableOutcome, ImportError> {
        let table = table_import::read_raw(path, spec.separator, spec.sheet.as_ref())?;
        self.import_raw_table(path, &table, spec, progress)
    }

    /// Imports a table already read by [`table_import::read_raw`], all or nothing. Triples go to
    /// the store in batches as they are made, through a bulk loader committed once every row has
    /// been checked: memory stays near the size of the table however many triples it makes, and
    /// a failure (or a killed process) leaves the graph as it was.
    pub fn import_raw_table(
        &self,
        path: &Path,
        table: &RawTable,
        spec: &TableSpec,
        progress: &mut dyn FnMut(usize),
    ) -> Result<TableOutcome, ImportError> {
        let mut loader = self.batch_loader();
        let (report, framework) = self.with_import_view(|view| {
            table_import::stream_table(view, path, table, spec, progress, &mut |batch| {
                loader.load_quads(batch.into_iter().map(|t| t.in_graph(GraphName::DefaultGraph)))?;
                Ok(())
            })
        })?;
        loader.commit()?;
        self.changed();
        Ok(TableOutcome { report, framework })
    }

    /// Loads a user's own SFIA skills sheet (XLSX workbook or CSV) into `wgid:framework/sfia`;
    /// see [`crate::import::sfia`]. All or nothing: a bad file leaves the graph as it was.
    pub fn import_sfia(
        &self,
        path: &Path,
        options: &SfiaOptions,
        progress: &mut dyn FnMut(usize),
    ) -> Result<TableImport, ImportError> {
        let table = sfia::read_sfia_table(path, options)?;
        self.import_sfia_table(path, &table, options, progress)
    }

    /// Loads an SFIA skills sheet already read by [`sfia::read_sfia_table`], all or nothing.
    pub fn import_sfia_table(
        &self,
        path: &Path,
        table: &RawTable,
        options: &SfiaOptions,
        progress: &mut dyn FnMut(usize),
    ) -> Result<TableImport, ImportError> {
        let import = self.with_import_view(|view| sfia::read_sfia(view, path, table, options, progress))?;
        self.insert_triples(&import.triples)?;
        Ok(import)
    }

    /// Writes the graph to `path`: the whole store for dataset formats (TriG, N-Quads), else the
    /// default graph, or the named graph `graph` when given. The file is written next to its
    /// target under a temporary name and renamed, so a crash never leaves a half-written file.
    pub fn save(&self, path: &Path, format: Option<&str>, graph: Option<&str>) -> Result<(), SaveError> {
        let format = resolve_format(format, Some(path)).map_err(SaveError::UnknownFormat)?;
        let graph_name = match graph {
            Some(name) => Some(GraphName::from(NamedNode::new(name).map_err(|e| {
                SaveError::InvalidGraphName {
                    name: name.to_owned(),
                    reason: e.to_string(),
                }
            })?)),
            None if format.supports_datasets() => None,
            None => {
                let named_graphs = self.store.named_graphs().count();
                if named_graphs > 0 {
                    return Err(SaveError::NeedsDatasetFormat {
                        format: format.name().to_owned(),
                        named_graphs,
                    });
                }
                Some(GraphName::DefaultGraph)
            }
        };
        let io_error = |source| SaveError::Io {
            path: path.to_owned(),
            source,
        };
        let mut serializer = RdfSerializer::from_format(format);
        if matches!(format, RdfFormat::Turtle | RdfFormat::TriG) {
            for (prefix, iri) in PREFIXES {
                serializer = serializer
                    .with_prefix(*prefix, *iri)
                    .expect("the built-in prefixes are valid IRIs");
            }
        }
        crate::atomic::write_atomically(path, io_error, |writer| {
            let written = match &graph_name {
                Some(name) => self
                    .store
                    .dump_graph_to_writer(GraphNameRef::from(name), serializer, writer),
                None => self.store.dump_to_writer(serializer, writer),
            };
            written.map(drop).map_err(|e| match e {
                SerializerError::Io(source) => io_error(source),
                SerializerError::Storage(e) => SaveError::Storage(e),
                other => SaveError::UnknownFormat(other.to_string()),
            })
        })
    }

    /// Runs a SPARQL query.
    ///
    /// `bindings` fixes variables to RDF terms before evaluation (they are substituted as terms,
    /// never pasted into the text). `timeout` cancels the evaluation once it has run that long.
    pub fn query(
        &self,
        sparql: &str,
        bindings: &[(String, Term)],
        timeout: Option<Duration>,
    ) -> Result<QueryOutcome, QueryError> {
        crate::guard::check_nesting(sparql, crate::guard::Brackets::Sparql, "<query>")?;
        // The token of a guarded run (Ctrl-C in Python), else one of our own for the timeout.
        let cancellation = crate::guard::current_token().unwrap_or_default();
        let mut query = sparql_parser()
            .parse_query(sparql)
            .map_err(|e| sparql_syntax_error(&e, sparql))?;
        let mut substitutions = Vec::with_capacity(bindings.len());
        for (name, term) in bindings {
            let variable = binding_variable(name).map_err(|e| QueryError::InvalidBinding {
                variable: name.clone(),
                reason: e.to_string(),
            })?;
            substitutions.push((variable, term.clone()));
        }
        // A binding reaches the variables of the query's own scope: one that only a subquery uses
        // (and does not select) would be silently ignored, so it is refused, as is one the query
        // does not use at all.
        for (variable, _) in &substitutions {
            check_binding_reaches(&query, variable)?;
        }
        // Substitution (SPARQL SEP-0007) applies to projected variables only, so a bound variable
        // missing from the SELECT clause is projected for the evaluation and dropped afterwards.
        let mut hidden = Vec::new();
        if let spargebra::Query::Select { pattern, .. } = &mut query {
            if let Some(projected) = projection_of(pattern) {
                for (variable, _) in &substitutions {
                    if !projected.contains(variable) {
                        projected.push(variable.clone());
                        hidden.push(variable.as_str().to_owned());
                    }
                }
            }
        }
        let mut evaluator = SparqlEvaluator::new().with_cancellation_token(cancellation.clone());
        // Past the planner's budget the patterns run in the order written: planning them could
        // take minutes that no timeout or Ctrl-C interrupts (`without_optimizations` is public
        // but doc-hidden in oxigraph; it only skips sparopt's planner).
        if !crate::guard::plannable(&query) {
            evaluator = evaluator.without_optimizations();
        }
        let mut prepared = evaluator.for_query(query);
        for (variable, term) in substitutions {
            prepared = prepared.substitute_variable(variable, term);
        }
        let evaluate = || -> Result<QueryOutcome, QueryEvaluationError> {
            Ok(match prepared.on_store(&self.store).execute()? {
                QueryResults::Solutions(solutions) => {
                    let variables = solutions.variables().to_vec();
                    let mut table = solution_table(&variables, solutions)?;
                    table.drop_columns(&hidden);
                    QueryOutcome::Solutions(table)
                }
                QueryResults::Boolean(value) => QueryOutcome::Boolean(value),
                QueryResults::Graph(triples) => QueryOutcome::Triples(triples.collect::<Result<_, _>>()?),
            })
        };
        let (outcome, timed_out) = match timeout {
            Some(limit) => with_deadline(limit, &cancellation, evaluate),
            None => (evaluate(), false),
        };
        // A cancellation seen by any part of the evaluation fails the whole query, even where the
        // evaluator let a partial result through.
        let outcome = outcome.and_then(|o| {
            if cancellation.is_cancelled() {
                Err(QueryEvaluationError::Cancelled)
            } else {
                Ok(o)
            }
        });
        outcome.map_err(|e| match e {
            QueryEvaluationError::Cancelled if timed_out => QueryError::Timeout(timeout.unwrap_or_default()),
            QueryEvaluationError::Cancelled => QueryError::Interrupted,
            QueryEvaluationError::NotExistingSubstitutedVariable(variable) => QueryError::InvalidBinding {
                variable: variable.as_str().to_owned(),
                reason: "the query does not use this variable in its SELECT projection".to_owned(),
            },
            other => QueryError::Evaluation(other.to_string()),
        })
    }

    /// Runs a SPARQL update, atomically: if any operation fails, nothing changes. `timeout` cancels
    /// it once it has run that long, and then nothing is written either.
    pub fn update(&self, sparql: &str, timeout: Option<Duration>) -> Result<(), UpdateError> {
        crate::guard::check_nesting(sparql, crate::guard::Brackets::Sparql, "<update>")
            .map_err(UpdateError::Syntax)?;
        let cancellation = crate::guard::current_token().unwrap_or_default();
        let update = sparql_parser()
            .parse_update(sparql)
            .map_err(|e| UpdateError::Syntax(sparql_syntax_error(&e, sparql)))?;
        let mut evaluator = SparqlEvaluator::new().with_cancellation_token(cancellation.clone());
        if !crate::guard::update_plannable(&update) {
            evaluator = evaluator.without_optimizations();
        }
        let prepared = evaluator.for_update(update);
        let execute = || prepared.on_store(&self.store).execute();
        let (outcome, timed_out) = match timeout {
            Some(limit) => with_deadline(limit, &cancellation, execute),
            None => (execute(), false),
        };
        // oxigraph reports a cancelled update as an unexpected error: the token says what it was.
        outcome.map_err(|e| match e {
            _ if timed_out => UpdateError::Timeout(timeout.unwrap_or_default()),
            _ if cancellation.is_cancelled() => UpdateError::Interrupted,
            other => UpdateError::Evaluation(other.to_string()),
        })?;
        self.changed();
        Ok(())
    }

    /// The number of quads (triples in all graphs).
    pub fn len(&self) -> Result<usize, StorageError> {
        self.store.len()
    }

    /// Whether the store holds no quad.
    pub fn is_empty(&self) -> Result<bool, StorageError> {
        self.store.is_empty()
    }

    /// Validates the default graph, or the named graph `graph`, against SHACL Core shapes: the
    /// bundled ones, or any others (a professional body checking a framework it receives
    /// against its own shapes). The report's `conforms` follows the specification: no result
    /// of any severity. Bundled shapes are validated file by file and each result names its
    /// file; results are in [`crate::shacl::validate_graph`]'s order.
    ///
    /// ```
    /// use workforce_graph::{Graph, RdfInput, Shapes};
    ///
    /// let graph = Graph::empty()?;
    /// graph.load(RdfInput::Text("<http://e/a> a <http://e/C> ."), None, None)?;
    /// let shapes = "@prefix sh: <http://www.w3.org/ns/shacl#> .
    ///     <http://e/S> a sh:NodeShape ; sh:targetClass <http://e/C> ;
    ///         sh:property [ sh:path <http://e/name> ; sh:minCount 1 ] .";
    /// let report = graph.validate(Shapes::Rdf { input: RdfInput::Text(shapes), format: None }, None)?;
    /// assert!(!report.conforms);
    /// assert_eq!(report.results[0].focus_node, "http://e/a");
    /// let bundled = Graph::bundled()?.validate(Shapes::Bundled, None)?;
    /// assert!(bundled.results.iter().all(|r| r.severity != "Violation"));
    /// # Result::<_, Box<dyn std::error::Error>>::Ok(())
    /// ```
    pub fn validate(
        &self,
        shapes: Shapes<'_>,
        graph: Option<&str>,
    ) -> Result<ValidationReport, ValidateError> {
        let data_graph = match graph {
            None => GraphName::DefaultGraph,
            Some(name) => {
                let node = NamedNode::new(name).map_err(|e| ValidateError::InvalidGraphName {
                    name: name.to_owned(),
                    reason: e.to_string(),
                })?;
                if !self.store.contains_named_graph(node.as_ref())? {
                    return Err(ValidateError::UnknownGraph(name.to_owned()));
                }
                GraphName::NamedNode(node)
            }
        };
        let mut results = Vec::new();
        let mut check = |shapes_graph: &RdfGraph, file: Option<&str>| -> Result<(), ValidateError> {
            let report = validate_graph(&self.store, data_graph.as_ref(), shapes_graph)?;
            results.extend(report.results.into_iter().map(|mut r| {
                r.shapes_file = file.map(str::to_owned);
                r
            }));
            Ok(())
        };
        match shapes {
            Shapes::Bundled => {
                for (file, turtle) in SHAPES {
                    check(
                        &parse_graph(RdfInput::Text(turtle), Some("turtle"), file)?,
                        Some(file),
                    )?;
                }
            }
            Shapes::Rdf { input, format } => {
                let file = match input {
                    RdfInput::File(path) => Some(path.display().to_string()),
                    RdfInput::Text(_) => None,
                };
                check(&parse_graph(input, format, "<string>")?, file.as_deref())?;
            }
            Shapes::Graph(other) => {
                let mut shapes_graph = RdfGraph::new();
                let default_graph = Some(GraphNameRef::DefaultGraph);
                for quad in other.store.quads_for_pattern(None, None, None, default_graph) {
                    shapes_graph.insert(&Triple::from(quad?));
                }
                check(&shapes_graph, None)?;
            }
        }
        Ok(ValidationReport {
            conforms: results.is_empty(),
            results,
        })
    }

    /// A ready-made table (`ontology/api/{name}.rq`, listed by [`crate::catalogue::api_names`]),
    /// filtered to one framework (a code, name or IRI, resolved by
    /// [`crate::catalogue::resolve_framework`]) when `framework` is given. The columns are the
    /// query's own; the Python facade brings them to the table convention (list columns).
    pub fn table(&self, name: &str, framework: Option<&str>) -> Result<SolutionTable, ReadyTableError> {
        let sparql = crate::catalogue::api_query(name)
            .ok_or_else(|| ReadyTableError::UnknownTable(name.to_owned()))?;
        let mut bindings = Vec::new();
        if let Some(framework) = framework {
            let iri = crate::catalogue::resolve_framework(self, framework)?;
            bindings.push(("framework".to_owned(), Term::from(iri)));
        }
        match self.query(sparql, &bindings, None)? {
            QueryOutcome::Solutions(table) => Ok(table),
            _ => Err(ReadyTableError::NotSelect(name.to_owned())),
        }
    }

    /// The names of the named graphs (IRIs, or `_:id` for blank nodes), sorted.
    pub fn named_graphs(&self) -> Result<Vec<String>, StorageError> {
        let mut names = self
            .store
            .named_graphs()
            .map(|name| {
                name.map(|name| match name {
                    NamedOrBlankNode::NamedNode(n) => n.into_string(),
                    NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        names.sort();
        Ok(names)
    }
}

/// The variable list of a SELECT query's projection, under any DISTINCT, REDUCED or slice.
fn projection_of(pattern: &mut spargebra::algebra::GraphPattern) -> Option<&mut Vec<Variable>> {
    use spargebra::algebra::GraphPattern;
    match pattern {
        GraphPattern::Project { variables, .. } => Some(variables),
        GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => projection_of(inner),
        _ => None,
    }
}

/// Whether a binding of `variable` reaches the query: the variable must be used outside any
/// subquery, or selected by one.
fn check_binding_reaches(query: &spargebra::Query, variable: &Variable) -> Result<(), QueryError> {
    use spargebra::algebra::GraphPattern;
    let (spargebra::Query::Select { pattern, .. }
    | spargebra::Query::Construct { pattern, .. }
    | spargebra::Query::Describe { pattern, .. }
    | spargebra::Query::Ask { pattern, .. }) = query;
    // The query's own level: below its projection, with every subquery replaced by the variables
    // it selects.
    let mut top = pattern.clone();
    loop {
        top = match top {
            GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. } => *inner,
            GraphPattern::Project { inner, .. } => break top = *inner,
            other => break top = other,
        };
    }
    fn hide_subqueries(pattern: &mut GraphPattern) {
        match pattern {
            GraphPattern::Project { variables, .. } => {
                *pattern = GraphPattern::Values {
                    variables: std::mem::take(variables),
                    bindings: Vec::new(),
                };
            }
            GraphPattern::Join { left, right }
            | GraphPattern::LeftJoin { left, right, .. }
            | GraphPattern::Lateral { left, right }
            | GraphPattern::Union { left, right }
            | GraphPattern::Minus { left, right } => {
                hide_subqueries(left);
                hide_subqueries(right);
            }
            GraphPattern::Filter { inner, .. }
            | GraphPattern::Graph { inner, .. }
            | GraphPattern::Extend { inner, .. }
            | GraphPattern::OrderBy { inner, .. }
            | GraphPattern::Distinct { inner }
            | GraphPattern::Reduced { inner }
            | GraphPattern::Slice { inner, .. }
            | GraphPattern::Group { inner, .. }
            | GraphPattern::Service { inner, .. } => hide_subqueries(inner),
            GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
        }
    }
    hide_subqueries(&mut top);
    let mentions = |text: &str| {
        let needle = format!("?{}", variable.as_str());
        text.match_indices(&needle).any(|(at, _)| {
            text[at + needle.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '\u{b7}'))
        })
    };
    if mentions(&top.to_string()) {
        return Ok(());
    }
    let reason = if mentions(&query.to_string()) {
        format!(
            "?{0} is used only inside a subquery that does not select it, where a binding cannot reach: \
             add ?{0} to the subquery's SELECT",
            variable.as_str()
        )
    } else {
        format!("the query does not use ?{}", variable.as_str())
    };
    Err(QueryError::InvalidBinding {
        variable: variable.as_str().to_owned(),
        reason,
    })
}

/// Runs `work`, cancelling it through `token` if it is still running after `limit`; says whether
/// the deadline was what cancelled it.
fn with_deadline<T>(limit: Duration, token: &CancellationToken, work: impl FnOnce() -> T) -> (T, bool) {
    let (done, finished) = mpsc::channel::<()>();
    let token = token.clone();
    let watchdog = thread::spawn(move || {
        if finished.recv_timeout(limit) == Err(mpsc::RecvTimeoutError::Timeout) && !token.is_cancelled() {
            token.cancel();
            return true;
        }
        false
    });
    let result = work();
    drop(done);
    let timed_out = watchdog.join().unwrap_or(false);
    (result, timed_out)
}

/// Refuses input that would crash the parsers: JSON-LD nested deeper than the parser's stack
/// can take, RDF/XML whose entity declarations expand without bound.
fn refuse_hostile_input(input: RdfInput<'_>, format: RdfFormat) -> Result<(), LoadError> {
    if !matches!(format, RdfFormat::JsonLd { .. } | RdfFormat::RdfXml) {
        return Ok(());
    }
    let (bytes, name) = match input {
        RdfInput::Text(text) => (std::borrow::Cow::Borrowed(text.as_bytes()), "<string>".to_owned()),
        RdfInput::File(path) => match std::fs::read(path) {
            Ok(bytes) => (std::borrow::Cow::Owned(bytes), path.display().to_string()),
            Err(_) => return Ok(()), // the load itself reports why the file cannot be read
        },
    };
    if matches!(format, RdfFormat::RdfXml) {
        return crate::guard::check_xml_entities(&bytes, &name).map_err(LoadError::Syntax);
    }
    crate::guard::check_nesting(
        &String::from_utf8_lossy(&bytes),
        crate::guard::Brackets::Json,
        &name,
    )
    .map_err(LoadError::Syntax)
}

/// Parses RDF into an in-memory graph, as it is written (a store would rewrite some literals),
/// with [`Graph::load`]'s formats and errors. `text_name` names text in error messages.
fn parse_graph(input: RdfInput<'_>, format: Option<&str>, text_name: &str) -> Result<RdfGraph, LoadError> {
    let path = match input {
        RdfInput::File(path) => Some(path),
        RdfInput::Text(_) => None,
    };
    let parser = RdfParser::from_format(resolve_format(format, path).map_err(LoadError::UnknownFormat)?);
    let mut graph = RdfGraph::new();
    match input {
        RdfInput::File(path) => {
            let file = File::open(path).map_err(|source| LoadError::Io {
                path: path.to_owned(),
                source,
            })?;
            let name = path.display().to_string();
            for quad in parser.for_reader(BufReader::new(file)) {
                let quad = quad.map_err(|e| match loader_error(LoaderError::Parsing(e), &name, None) {
                    LoadError::Syntax(syntax) => LoadError::Syntax(with_line_from_file(syntax, path)),
                    LoadError::Io { source, .. } => LoadError::Io {
                        path: path.to_owned(),
                        source,
                    },
                    other => other,
                })?;
                graph.insert(&Triple::from(quad));
            }
        }
        RdfInput::Text(text) => {
            for quad in parser.for_slice(text) {
                let quad = quad.map_err(|e| {
                    let error = LoaderError::Parsing(RdfParseError::from(e));
                    loader_error(error, text_name, Some(text.as_bytes()))
                })?;
                graph.insert(&Triple::from(quad));
            }
        }
    }
    Ok(graph)
}

/// The file in a store directory while the store is being created (see [`Graph::open`]).
pub const CREATING_MARKER: &str = "workforce-graph-creating";

#[cfg(feature = "rocksdb")]
/// What a directory given to [`Graph::open`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StoreState {
    /// Nothing at the path.
    Missing,
    /// An empty directory, or one holding only the creation marker (a kill before the store).
    Empty,
    /// A RocksDB store (its `CURRENT` file), complete or being created.
    Store,
}

#[cfg(feature = "rocksdb")]
fn store_state(path: &Path) -> Result<StoreState, OpenError> {
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(StoreState::Missing),
        Err(_) if path.exists() && !path.is_dir() => return Err(OpenError::NotADirectory(path.to_owned())),
        Err(source) => {
            return Err(OpenError::Io {
                path: path.to_owned(),
                source,
            })
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| OpenError::Io {
            path: path.to_owned(),
            source,
        })?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    if names.iter().any(|n| n == "CURRENT") {
        return Ok(StoreState::Store);
    }
    let foreign: Vec<&String> = names.iter().filter(|n| *n != CREATING_MARKER).collect();
    if foreign.is_empty() {
        return Ok(StoreState::Empty);
    }
    // A store killed while RocksDB was creating its first files (before `CURRENT`) holds only
    // RocksDB's own files besides the marker: still ours to finish.
    let rocksdb_file = |n: &str| {
        matches!(n, "LOCK" | "LOG" | "IDENTITY")
            || n.starts_with("MANIFEST-")
            || n.starts_with("OPTIONS-")
            || n.ends_with(".log")
            || n.ends_with(".sst")
            || n.ends_with(".dbtmp")
            || n.starts_with("LOG.old")
    };
    if names.iter().any(|n| n == CREATING_MARKER) && foreign.iter().all(|n| rocksdb_file(n)) {
        return Ok(StoreState::Empty);
    }
    let mut shown: Vec<String> = foreign.iter().take(3).map(|n| format!("{n:?}")).collect();
    if foreign.len() > 3 {
        shown.push(format!("and {} more", foreign.len() - 3));
    }
    Err(OpenError::NotAStore {
        path: path.to_owned(),
        found: shown.join(", "),
    })
}

#[cfg(feature = "rocksdb")]
/// Writes a small file and makes it and its directory entry durable.
fn write_synced(path: &Path, bundled: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = File::create(path)?;
    file.write_all(if bundled { b"bundled\n" } else { b"empty\n" })?;
    file.sync_all()?;
    sync_directory(path.parent().unwrap_or(Path::new(".")))
}

#[cfg(feature = "rocksdb")]
fn sync_directory(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(path)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(feature = "rocksdb")]
/// Removes the SST files a bulk load writes into the store before committing them
/// (`bulk-<random>.sst`), left behind when a process was killed during a load. Only called
/// while this process holds the store's lock, so no load of another process owns them.
fn remove_orphaned_bulk_files(path: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn loader_error(error: LoaderError, source_name: &str, text: Option<&[u8]>) -> LoadError {
    match error {
        LoaderError::Parsing(RdfParseError::Syntax(e)) => {
            let location = e.location();
            let message = e.to_string();
            // oxttl's messages repeat the location; keep only the parser's words.
            let message = match message.split_once(": ") {
                Some((head, rest)) if head.starts_with("Parser error") => rest.to_owned(),
                _ => message,
            };
            let syntax = SyntaxError {
                source_name: source_name.to_owned(),
                message,
                line: location.as_ref().map(|l| l.start.line + 1),
                column: location.as_ref().map(|l| l.start.column + 1),
                end_line: location.as_ref().map(|l| l.end.line + 1),
                end_column: location.as_ref().map(|l| l.end.column + 1),
                text: None,
            };
            LoadError::Syntax(match text {
                Some(text) => syntax.with_text_from(text),
                None => syntax,
            })
        }
        LoaderError::Parsing(RdfParseError::Io(source)) => LoadError::Io {
            path: source_name.into(),
            source,
        },
        LoaderError::Storage(e) => LoadError::Storage(e),
        LoaderError::InvalidBaseIri { iri, error } => LoadError::InvalidGraphName {
            name: iri,
            reason: error.to_string(),
        },
    }
}

/// `error` placed at `line` and `column`.
fn at(mut error: SyntaxError, line: u64, column: u64) -> SyntaxError {
    (error.line, error.column, error.end_line, error.end_column) =
        (Some(line), Some(column), Some(line), Some(column));
    error
}

/// Reads the offending line of a file for an error message (files are streamed, not kept).
fn with_line_from_file(mut error: SyntaxError, path: &Path) -> SyntaxError {
    if let (Some(line), Ok(file)) = (error.line, File::open(path)) {
        let index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
        error.text = BufReader::new(file)
            .split(b'\n')
            .nth(index)
            .and_then(Result::ok)
            .map(|l| String::from_utf8_lossy(&l).trim_end_matches('\r').to_owned());
    }
    error
}

/// SPARQL parse errors carry their position only in the message ("error at LINE:COLUMN: ...").
/// A SPARQL parser with the project's usual prefixes ([`PREFIXES`]: rdf, rdfs, owl, xsd, skos,
/// dcterms, prov, org, schema, foaf, sh, wg, wgid) declared; a query's own `PREFIX` lines override
/// them.
/// The parser both loads use: triples go into the named graph `graph` when given (its IRI checked
/// first), and blank nodes are renamed so two loads never merge theirs.
fn rdf_parser(format: RdfFormat, graph: Option<&str>) -> Result<RdfParser, LoadError> {
    let mut parser = RdfParser::from_format(format);
    if let Some(graph) = graph {
        let name = NamedNode::new(graph).map_err(|e| LoadError::InvalidGraphName {
            name: graph.to_owned(),
            reason: e.to_string(),
        })?;
        parser = parser.with_default_graph(name);
    }
    Ok(parser.rename_blank_nodes())
}

/// The variable a binding names: `x`, `?x` or `$x` (SPARQL's two sigils), for local and remote
/// queries alike.
pub(crate) fn binding_variable(name: &str) -> Result<Variable, oxigraph::model::VariableNameParseError> {
    Variable::new(name.trim_start_matches(['?', '$']))
}

/// Collects SPARQL solutions into a table whose columns are `variables`, in their order. One
/// home for the embedded store's answers and a server's parsed ones ([`crate::remote`]), so both
/// give the same columns; the first failed solution fails the whole table.
pub(crate) fn solution_table<E>(
    variables: &[Variable],
    solutions: impl IntoIterator<Item = Result<oxigraph::sparql::QuerySolution, E>>,
) -> Result<SolutionTable, E> {
    let mut table = SolutionTable::new(variables.iter().map(|v| v.as_str().to_owned()).collect());
    for solution in solutions {
        table.push_solution(solution?);
    }
    Ok(table)
}

pub(crate) fn sparql_parser() -> SparqlParser {
    PREFIXES
        .iter()
        .fold(SparqlParser::new(), |parser, (prefix, iri)| {
            parser
                .with_prefix(*prefix, *iri)
                .expect("the built-in prefixes are valid IRIs")
        })
}

/// The prefixes a SPARQL text uses (`ex:` in `ex:thing`), outside IRIs, strings and comments,
/// that neither the text declares (`PREFIX ex: <...>`) nor [`PREFIXES`] holds.
fn undeclared_prefixes(text: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' if chars.peek().is_some_and(|n| !n.is_whitespace() && *n != '=') => {
                for n in chars.by_ref() {
                    if n == '>' || n == '\n' {
                        break;
                    }
                }
                cleaned.push(' ');
            }
            '"' | '\'' => {
                while let Some(n) = chars.next() {
                    if n == '\\' {
                        chars.next();
                    } else if n == c {
                        break;
                    }
                }
                cleaned.push(' ');
            }
            '#' => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                cleaned.push('\n');
            }
            _ => cleaned.push(c),
        }
    }
    let is_name = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    let words: Vec<&str> = cleaned
        .split(|c: char| c.is_whitespace() || "{}()[],;/|^*+=!&<>".contains(c))
        .collect();
    let mut declared: Vec<String> = PREFIXES.iter().map(|(p, _)| (*p).to_owned()).collect();
    for pair in words.windows(2) {
        if pair[0].eq_ignore_ascii_case("prefix") {
            declared.push(pair[1].trim_end_matches(':').to_owned());
        }
    }
    let mut used = Vec::new();
    for word in words {
        let Some((prefix, _)) = word.split_once(':') else {
            continue;
        };
        if word.starts_with(['?', '$', '@', '_'])
            || !prefix.chars().all(is_name)
            || prefix.starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        if !declared.iter().any(|d| d == prefix) && !used.iter().any(|u| u == prefix) {
            used.push(prefix.to_owned());
        }
    }
    used
}

/// A parser message in one line: an undeclared prefix is named, and the parser's list of the
/// characters it would have accepted (ranges of Unicode letters) is left out.
fn readable_sparql_message(message: &str, text: &str) -> String {
    let undeclared = undeclared_prefixes(text);
    if let Some(prefix) = undeclared.first() {
        return format!(
            "the prefix {prefix}: is not declared; add PREFIX {prefix}: <...> (declared without asking: {})",
            PREFIXES.iter().map(|(p, _)| *p).collect::<Vec<_>>().join(", ")
        );
    }
    let Some((head, list)) = message.split_once("expected one of ") else {
        return message.to_owned();
    };
    let items: Vec<&str> = list.split(", ").collect();
    let kept: Vec<&str> = items
        .iter()
        .copied()
        .filter(|item| item.starts_with('"') && item.ends_with('"'))
        .collect();
    if kept.len() == items.len() {
        return message.to_owned();
    }
    if kept.is_empty() {
        return format!("{head}unexpected text");
    }
    format!("{head}expected one of {} or a name", kept.join(", "))
}

pub(crate) fn sparql_syntax_error(error: &SparqlSyntaxError, text: &str) -> SyntaxError {
    let message = readable_sparql_message(&error.to_string(), text);
    let position = message.strip_prefix("error at ").and_then(|rest| {
        let (position, _) = rest.split_once(": ")?;
        let (line, column) = position.split_once(':')?;
        Some((line.parse::<u64>().ok()?, column.parse::<u64>().ok()?))
    });
    SyntaxError {
        source_name: "<query>".to_owned(),
        message: message
            .strip_prefix("error at ")
            .and_then(|rest| rest.split_once(": ").map(|(_, m)| m.to_owned()))
            .unwrap_or(message.clone()),
        line: position.map(|p| p.0),
        column: position.map(|p| p.1),
        end_line: position.map(|p| p.0),
        end_column: position.map(|p| p.1 + 1),
        text: None,
    }
    .with_text_from(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::{fixture, rstest};

    const EX: &str = "<http://example.com/a> <http://example.com/p> \"x\" .\n";

    #[fixture]
    fn graph() -> Graph {
        let graph = Graph::empty().unwrap();
        graph.load(RdfInput::Text(EX), Some("nt"), None).unwrap();
        graph
    }

    fn rows(graph: &Graph, sparql: &str) -> usize {
        match graph.query(sparql, &[], None).unwrap() {
            QueryOutcome::Solutions(table) => table.num_rows(),
            other => panic!("not solutions: {other:?}"),
        }
    }

    #[rstest]
    fn a_failed_load_changes_nothing(graph: Graph) {
        let bad = "<http://example.com/b> <http://example.com/p> 1 .\n<http://example.com/c> <http://example.com/p> .\n";
        let error = graph.load(RdfInput::Text(bad), Some("turtle"), None).unwrap_err();
        let LoadError::Syntax(syntax) = error else {
            panic!("{error:?}")
        };
        assert_eq!(syntax.line, Some(2));
        assert_eq!(
            syntax.text.as_deref(),
            Some("<http://example.com/c> <http://example.com/p> .")
        );
        assert_eq!(graph.len().unwrap(), 1);
    }

    /// `n` triples `<s{i}> <p> "{i}"` as N-Triples: one predicate, so joins over it multiply.
    fn numbered_triples(n: usize) -> String {
        (0..n)
            .map(|i| format!("<http://example.com/s{i}> <http://example.com/p> \"{i}\" .\n"))
            .collect()
    }

    /// Loads [`numbered_triples`]: data for queries slow enough to meet their deadline.
    fn load_numbered(graph: &Graph, n: usize) {
        graph
            .load(RdfInput::Text(&numbered_triples(n)), Some("nt"), None)
            .unwrap();
    }

    /// Enough triples that several batches are stored before the bad last line is parsed.
    fn many_triples_then_a_bad_line() -> String {
        let mut data = numbered_triples(LOAD_BATCH * 5 / 2);
        data.push_str("<http://example.com/bad> <http://example.com/p> .\n");
        data
    }

    #[rstest]
    fn a_load_failing_after_several_stored_batches_changes_nothing(graph: Graph) {
        let data = many_triples_then_a_bad_line();
        let lines = LOAD_BATCH * 5 / 2 + 1;
        let error = graph.load(RdfInput::Text(&data), Some("nt"), None).unwrap_err();
        let LoadError::Syntax(syntax) = error else {
            panic!("{error:?}")
        };
        assert_eq!(syntax.line, Some(lines as u64));
        assert_eq!(graph.len().unwrap(), 1);

        let file = tempfile::NamedTempFile::with_suffix(".nt").unwrap();
        std::fs::write(file.path(), &data).unwrap();
        let error = graph.load(RdfInput::File(file.path()), None, None).unwrap_err();
        let LoadError::Syntax(syntax) = error else {
            panic!("{error:?}")
        };
        assert_eq!(
            (syntax.line, syntax.text.as_deref()),
            (
                Some(lines as u64),
                Some("<http://example.com/bad> <http://example.com/p> .")
            )
        );
        assert_eq!(graph.len().unwrap(), 1);
        assert_eq!(
            rows(&graph, "SELECT * WHERE { <http://example.com/s0> ?p ?o }"),
            0
        );

        // Without the bad line, every batch arrives.
        let good = &data[..data.len() - "<http://example.com/bad> <http://example.com/p> .\n".len()];
        graph.load(RdfInput::Text(good), Some("nt"), None).unwrap();
        assert_eq!(graph.len().unwrap(), 1 + LOAD_BATCH * 5 / 2);
    }

    #[rstest]
    fn each_load_has_its_own_blank_nodes(graph: Graph) {
        let data = "_:b <http://example.com/p> \"x\" .\n";
        graph.load(RdfInput::Text(data), Some("nt"), None).unwrap();
        graph.load(RdfInput::Text(data), Some("nt"), None).unwrap();
        assert_eq!(
            rows(
                &graph,
                "SELECT DISTINCT ?b WHERE { ?b <http://example.com/p> \"x\" FILTER isBlank(?b) }"
            ),
            2
        );
    }

    #[rstest]
    fn loads_into_a_named_graph(graph: Graph) {
        graph
            .load(RdfInput::Text(EX), Some("nt"), Some("http://example.com/g"))
            .unwrap();
        assert_eq!(
            graph.named_graphs().unwrap(),
            vec!["http://example.com/g".to_owned()]
        );
        assert_eq!(graph.len().unwrap(), 2);
    }

    #[rstest]
    fn sparql_syntax_errors_have_a_position(graph: Graph) {
        let error = graph.query("SELECT ?s\nWHERE { ?s ?p }", &[], None).unwrap_err();
        let QueryError::Syntax(syntax) = error else {
            panic!("{error:?}")
        };
        assert_eq!(syntax.line, Some(2));
        assert!(syntax.column.is_some_and(|c| c > 1), "{syntax:?}");
        assert_eq!(syntax.text.as_deref(), Some("WHERE { ?s ?p }"));
    }

    #[rstest]
    fn usual_prefixes_are_declared_and_an_undeclared_one_is_named_in_one_line(graph: Graph) {
        assert_eq!(
            rows(
                &graph,
                "SELECT ?s WHERE { ?s a skos:Concept ; wg:rank ?r ; dcterms:source ?x }"
            ),
            0
        );
        assert_eq!(
            rows(
                &graph,
                "PREFIX skos: <http://example.com/> SELECT ?s WHERE { ?s skos:p ?o }"
            ),
            1
        );
        let error = graph
            .query("SELECT ?s WHERE { ?s ex:p ?o }", &[], None)
            .unwrap_err();
        let QueryError::Syntax(syntax) = error else {
            panic!("{error:?}")
        };
        assert!(
            syntax
                .message
                .starts_with("the prefix ex: is not declared; add PREFIX ex: <...>"),
            "{}",
            syntax.message
        );
        assert!(!syntax.message.contains('\n'));
        assert_eq!(
            undeclared_prefixes(
                "PREFIX ex: <http://e/> SELECT * { ?s ex:p 'a:b' ; <http://x/y:z> ?o } # c:d"
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            undeclared_prefixes("SELECT * { ?s ex:p ?o . ?o wg:q my-ns:r }"),
            ["ex", "my-ns"]
        );
        assert_eq!(
            readable_sparql_message("expected one of \"}\", \"~\", ['\\u{c0}'..='\\u{d6}'], [_]", "x"),
            "expected one of \"}\", \"~\" or a name"
        );
        let update = graph.update("INSERT DATA { <http://e/a> skos:prefLabel 'a' }", None);
        assert!(update.is_ok(), "{update:?}");
    }

    #[rstest]
    fn bindings_are_terms_not_text(graph: Graph) {
        let hostile = oxigraph::model::Literal::new_simple_literal("x\" } ; DROP ALL ; {\"");
        let bindings = [("label".to_owned(), Term::from(hostile))];
        let outcome = graph
            .query("SELECT ?s WHERE { ?s ?p ?label }", &bindings, None)
            .unwrap();
        let QueryOutcome::Solutions(table) = outcome else {
            panic!()
        };
        assert_eq!(table.num_rows(), 0);
        assert_eq!(graph.len().unwrap(), 1);
        let fine = [(
            "label".to_owned(),
            Term::from(oxigraph::model::Literal::new_simple_literal("x")),
        )];
        let QueryOutcome::Solutions(table) = graph
            .query("SELECT ?s WHERE { ?s ?p ?label }", &fine, None)
            .unwrap()
        else {
            panic!()
        };
        assert_eq!(table.num_rows(), 1);
    }

    #[rstest]
    #[case("SELECT ?s WHERE { ?s ?p ?o FILTER(?o = ?wanted) }", 1)]
    #[case("SELECT DISTINCT ?s WHERE { ?s ?p ?wanted }", 1)]
    #[case("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?wanted }", 1)]
    #[case("SELECT ?s ?wanted WHERE { ?s ?p ?wanted } LIMIT 5", 1)]
    #[case("SELECT * WHERE { ?s ?p ?wanted }", 1)]
    fn bindings_reach_filters_and_aggregates(
        graph: Graph,
        #[case] sparql: &str,
        #[case] expected_rows: usize,
    ) {
        let other = "<http://example.com/b> <http://example.com/p> \"y\" .\n";
        graph.load(RdfInput::Text(other), Some("nt"), None).unwrap();
        let bindings = [(
            "wanted".to_owned(),
            Term::from(oxigraph::model::Literal::new_simple_literal("x")),
        )];
        let QueryOutcome::Solutions(table) = graph.query(sparql, &bindings, None).unwrap() else {
            panic!()
        };
        assert_eq!(table.num_rows(), expected_rows, "{sparql}");
        if sparql.contains("COUNT") {
            assert_eq!(table.variables, vec!["n".to_owned()]);
            let n = table.value(0, 0).map(|t| t.to_string());
            assert_eq!(
                n.as_deref(),
                Some("\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>")
            );
        } else {
            assert!(table.variables.contains(&"s".to_owned()));
            assert_eq!(
                table.variables.contains(&"wanted".to_owned()),
                sparql.contains("?s ?wanted") || sparql.contains('*')
            );
        }
    }

    #[rstest]
    #[case(
        "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }",
        "o",
        Some("only inside a subquery")
    )]
    #[case("SELECT ?s WHERE { ?s ?p ?x }", "1abc", Some("does not use ?1abc"))]
    #[case("SELECT ?s WHERE { ?s ?p ?x }", "xy", Some("does not use ?xy"))]
    #[case("SELECT ?s WHERE { { SELECT ?s ?o WHERE { ?s ?p ?o } } }", "o", None)]
    #[case("SELECT ?s WHERE { ?s ?p ?x FILTER(?x = ?o) }", "o", None)]
    #[case("ASK { ?s ?p ?o }", "o", None)]
    fn a_binding_that_cannot_reach_the_query_is_refused(
        graph: Graph,
        #[case] sparql: &str,
        #[case] name: &str,
        #[case] refused: Option<&str>,
    ) {
        let other = "<http://example.com/b> <http://example.com/p> \"y\" .\n";
        graph.load(RdfInput::Text(other), Some("nt"), None).unwrap();
        let bindings = [(
            name.to_owned(),
            Term::from(oxigraph::model::Literal::new_simple_literal("x")),
        )];
        match (graph.query(sparql, &bindings, None), refused) {
            (Err(QueryError::InvalidBinding { variable, reason }), Some(expected)) => {
                assert_eq!(variable, name);
                assert!(reason.contains(expected), "{reason}");
            }
            (Ok(QueryOutcome::Solutions(table)), None) => {
                assert_eq!(table.num_rows(), 1, "{sparql}")
            }
            (Ok(QueryOutcome::Boolean(found)), None) => assert!(found),
            (other, _) => panic!("{sparql}: {other:?}"),
        }
    }

    #[rstest]
    fn a_long_query_times_out(graph: Graph) {
        load_numbered(&graph, 2000);
        let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?p ?y . ?c ?p ?z }";
        let error = graph
            .query(slow, &[], Some(Duration::from_millis(200)))
            .unwrap_err();
        assert!(matches!(error, QueryError::Timeout(_)), "{error:?}");
    }

    /// Cartesian products never read the store after their first pass: before the evaluator was
    /// patched they ignored the deadline (the issue saw 59 s for a timeout of 1 s).
    #[rstest]
    #[case("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w }")]
    #[case(
        "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a { 1 2 3 4 5 6 7 8 9 10 } ?b ?p ?x . ?c ?q ?y . ?d ?r ?z }"
    )]
    #[case("SELECT * WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z } ORDER BY ?x ?y ?z LIMIT 1")]
    fn cartesian_products_stop_at_their_deadline(graph: Graph, #[case] sparql: &str) {
        load_numbered(&graph, 300);
        let error = graph
            .query(sparql, &[], Some(Duration::from_millis(100)))
            .unwrap_err();
        assert!(matches!(error, QueryError::Timeout(_)), "{error:?}");
    }

    #[rstest]
    fn an_update_past_its_deadline_writes_nothing(graph: Graph) {
        load_numbered(&graph, 300);
        let before = graph.len().unwrap();
        let update = "INSERT { ?a <http://example.com/x> ?z } WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z }";
        let error = graph
            .update(update, Some(Duration::from_millis(100)))
            .unwrap_err();
        assert!(matches!(error, UpdateError::Timeout(_)), "{error:?}");
        assert_eq!(graph.len().unwrap(), before);
    }

    /// Literals of different kinds (numbers, strings, dates, NaN) sorted together: the evaluator's
    /// comparison was not transitive and Rust's sort panicked on it.
    #[test]
    fn order_by_over_mixed_literals_is_a_total_order() {
        let graph = Graph::empty().unwrap();
        let mut data = String::from("@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n");
        let objects = [
            "10",
            "9",
            "\"5\"",
            "\"a\"",
            "\"10\"@en",
            "\"NaN\"^^xsd:double",
            "2.5",
            "1e3",
            "true",
            "\"2024-01-01T10:00:00Z\"^^xsd:dateTime",
            "\"2024-01-01T10:05:00\"^^xsd:dateTime",
            "\"2024-01-01T10:10:00Z\"^^xsd:dateTime",
            "\"P1M\"^^xsd:duration",
            "\"P30D\"^^xsd:duration",
            "\"9007199254740993\"^^xsd:integer",
            "\"9007199254740992\"^^xsd:decimal",
            "\"x\"^^<http://e/t>",
            "<http://e/iri>",
            "_:b",
        ];
        for (i, object) in objects.iter().enumerate() {
            data.push_str(&format!("<http://e/s{i}> <http://e/p> {object} .\n"));
        }
        graph.load(RdfInput::Text(&data), Some("turtle"), None).unwrap();
        let sparql = "SELECT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c DESC(?f)";
        let QueryOutcome::Solutions(table) = graph.query(sparql, &[], None).unwrap() else {
            panic!()
        };
        assert_eq!(table.num_rows(), objects.len() * objects.len());
        let numbers = "SELECT ?o WHERE { ?s ?p ?o FILTER(isNumeric(?o) && ?o = ?o) } ORDER BY ?o";
        let QueryOutcome::Solutions(table) = graph.query(numbers, &[], None).unwrap() else {
            panic!()
        };
        let order: Vec<String> = table.column(0).map(|t| t.unwrap().to_string()).collect();
        let lexical: Vec<&str> = order.iter().map(|t| t.split('"').nth(1).unwrap_or("")).collect();
        assert_eq!(
            lexical,
            ["2.5", "9", "10", "1000", "9007199254740992", "9007199254740993"]
        );
    }

    #[rstest]
    #[case("SELECT * WHERE { FILTER(", ")) }", 4000)]
    #[case("SELECT * WHERE ", " ", 4000)]
    fn deep_nesting_is_a_syntax_error(
        graph: Graph,
        #[case] head: &str,
        #[case] tail: &str,
        #[case] depth: usize,
    ) {
        let (open, close) = if head.ends_with('(') {
            ("(", ")")
        } else {
            ("{", "}")
        };
        let sparql = format!("{head}{}1{}{tail}", open.repeat(depth), close.repeat(depth));
        let error = graph.query(&sparql, &[], None).unwrap_err();
        let QueryError::Syntax(syntax) = error else {
            panic!("{error:?}")
        };
        assert!(syntax.message.contains("256"), "{syntax}");
        let update = format!(
            "DELETE WHERE {{ ?s ?p ?o FILTER({}1{}) }}",
            "(".repeat(5000),
            ")".repeat(5000)
        );
        assert!(matches!(graph.update(&update, None), Err(UpdateError::Syntax(_))));
    }

    #[rstest]
    fn changes_bump_the_generation(graph: Graph) {
        let before = graph.generation();
        graph.query("SELECT * WHERE { ?s ?p ?o }", &[], None).unwrap();
        assert_eq!(graph.generation(), before, "reading changes nothing");
        graph
            .update(
                "INSERT DATA { <http://example.com/n> <http://example.com/p> 1 }",
                None,
            )
            .unwrap();
        let clone = graph.clone();
        clone.load(RdfInput::Text(EX), Some("nt"), None).unwrap();
        assert_eq!(graph.generation(), before + 2, "clones share the counter");
        assert!(graph.load(RdfInput::Text("bad"), Some("nt"), None).is_err());
        assert_eq!(graph.generation(), before + 2, "a failed load changes nothing");
    }

    #[rstest]
    fn the_requirement_index_follows_changes(graph: Graph) {
        let holder = "http://example.com/role";
        let before = graph.requirement_index().unwrap();
        assert!(before.holder_by_iri(holder).is_none());
        assert!(
            Arc::ptr_eq(&before, &graph.clone().requirement_index().unwrap()),
            "built once, shared by clones"
        );
        graph
            .update(
                &format!(
                    "INSERT DATA {{ <{holder}> <https://w3id.org/workforce-graph/ontology#requiresCompetency> <http://example.com/sql> }}"
                ),
                None,
            )
            .unwrap();
        let after = graph.requirement_index().unwrap();
        assert!(!Arc::ptr_eq(&before, &after), "rebuilt after a change");
        assert!(after.holder_by_iri(holder).is_some());
        let copy = graph.to_memory().unwrap();
        assert!(
            !Arc::ptr_eq(&after, &copy.requirement_index().unwrap()),
            "a copy has its own"
        );
    }

    #[test]
    fn ready_made_tables_filter_by_framework() {
        let graph = Graph::bundled().unwrap();
        let all = graph.table("competencies", None).unwrap();
        let ddat = graph.table("competencies", Some("DDaT")).unwrap();
        assert!(0 < ddat.num_rows() && ddat.num_rows() < all.num_rows());
        assert!(matches!(
            graph.table("nothing", None),
            Err(ReadyTableError::UnknownTable(name)) if name == "nothing"
        ));
        assert!(matches!(
            graph.table("competencies", Some("No such framework")),
            Err(ReadyTableError::Framework(_))
        ));
    }

    #[rstest]
    fn a_failing_update_changes_nothing(graph: Graph) {
        graph.update("CREATE GRAPH <http://example.com/g>", None).unwrap();
        let error = graph
            .update("INSERT DATA { <http://example.com/z> <http://example.com/p> 2 } ; CREATE GRAPH <http://example.com/g>", None)
            .unwrap_err();
        assert!(matches!(error, UpdateError::Evaluation(_)), "{error:?}");
        assert_eq!(rows(&graph, "SELECT * WHERE { <http://example.com/z> ?p ?o }"), 0);
    }

    #[rstest]
    #[case("out.ttl")]
    #[case("out.nt")]
    #[case("out.rdf")]
    #[case("out.jsonld")]
    #[case("out.trig")]
    #[case("out.nq")]
    fn save_then_load_round_trips(graph: Graph, #[case] name: &str) {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join(name);
        graph.save(&path, None, None).unwrap();
        let copy = Graph::empty().unwrap();
        copy.load(RdfInput::File(&path), None, None).unwrap();
        assert_eq!(copy.len().unwrap(), 1);
        let leftovers = std::fs::read_dir(directory.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }

    #[rstest]
    fn a_graph_format_refuses_a_store_with_named_graphs(graph: Graph) {
        graph
            .load(RdfInput::Text(EX), Some("nt"), Some("http://example.com/g"))
            .unwrap();
        let directory = tempfile::tempdir().unwrap();
        let error = graph
            .save(&directory.path().join("x.ttl"), None, None)
            .unwrap_err();
        assert!(
            matches!(error, SaveError::NeedsDatasetFormat { named_graphs: 1, .. }),
            "{error:?}"
        );
        graph
            .save(
                &directory.path().join("x.ttl"),
                None,
                Some("http://example.com/g"),
            )
            .unwrap();
    }

    const RDF_XML: &str = "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \
        xmlns:ex=\"http://example.com/\">\n<rdf:Description rdf:about=\"http://example.com/b\">\n<ex:p>1</ex:p>\n\
        </rdf:Description>\n<rdf:Description rdf:about=\"http://example.com/c\">\n<ex:p>2</ex:p>\n</rdf:Description>\n\
        </rdf:RDF>\n";

    #[rstest]
    fn a_truncated_rdf_xml_file_fails_and_changes_nothing(graph: Graph) {
        graph.load(RdfInput::Text(RDF_XML), Some("rdf"), None).unwrap();
        assert_eq!(graph.len().unwrap(), 3);
        let fresh = Graph::empty().unwrap();
        let truncated = &RDF_XML[..RDF_XML
            .find("<rdf:Description rdf:about=\"http://example.com/c")
            .unwrap()];
        let error = fresh
            .load(RdfInput::Text(truncated), Some("rdf"), None)
            .unwrap_err();
        let LoadError::Syntax(syntax) = error else {
            panic!("{error:?}")
        };
        assert!(syntax.message.contains("truncated"), "{syntax}");
        assert_eq!((syntax.line, syntax.column), (Some(6), Some(1)), "{syntax:?}");
        assert_eq!(fresh.len().unwrap(), 0);

        let file = tempfile::NamedTempFile::with_suffix(".rdf").unwrap();
        std::fs::write(file.path(), truncated).unwrap();
        let error = fresh.load(RdfInput::File(file.path()), None, None).unwrap_err();
        assert!(
            matches!(&error, LoadError::Syntax(s) if s.line == Some(6)),
            "{error:?}"
        );
        assert_eq!(fresh.len().unwrap(), 0);
    }

    #[rstest]
    #[case("rdf", RDF_XML.replace("http://example.com/c", "http://exa mple.com/c"), 6)]
    #[case("jsonld", "{\"@id\": \"http://example.com/a\",\n \"http://example.com/p\": 1,\n \"@type\": 5}".to_owned(), 3)]
    #[case("jsonld", "{\"@id\": \"http://example.com/a\",\n \"http://example.com/p\": [1,\n }".to_owned(), 3)]
    fn rdf_xml_and_json_ld_errors_have_a_line_and_column(
        #[case] format: &str,
        #[case] text: String,
        #[case] line: u64,
    ) {
        let graph = Graph::empty().unwrap();
        let error = graph.load(RdfInput::Text(&text), Some(format), None).unwrap_err();
        let LoadError::Syntax(syntax) = error else {
            panic!("{error:?}")
        };
        assert_eq!(syntax.line, Some(line), "{syntax:?}");
        assert!(syntax.column.is_some() && syntax.text.is_some(), "{syntax:?}");
        let file = tempfile::NamedTempFile::with_suffix(format!(".{format}")).unwrap();
        std::fs::write(file.path(), &text).unwrap();
        let error = graph.load(RdfInput::File(file.path()), None, None).unwrap_err();
        assert!(
            matches!(&error, LoadError::Syntax(s) if s.line == Some(line) && s.column.is_some()),
            "{error:?}"
        );
        assert_eq!(graph.len().unwrap(), 0);
    }

    #[rstest]
    #[case("ttl", "\u{feff}@prefix ex: <http://example.com/> .\nex:a ex:p 1 .\n")]
    #[case("nt", "\u{feff}<http://example.com/a> <http://example.com/p> \"1\" .\n")]
    #[case("trig", "\u{feff}<http://example.com/a> <http://example.com/p> 1 .\n")]
    #[case(
        "jsonld",
        "\u{feff}{\"@id\": \"http://example.com/a\", \"http://example.com/p\": 1}"
    )]
    #[case("rdf", "\u{feff}<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"http://example.com/a\"><rdf:value>1</rdf:value></rdf:Description></rdf:RDF>")]
    fn a_byte_order_mark_is_skipped(#[case] format: &str, #[case] text: &str) {
        let graph = Graph::empty().unwrap();
        graph.load(RdfInput::Text(text), Some(format), None).unwrap();
        assert_eq!(graph.len().unwrap(), 1);
        let file = tempfile::NamedTempFile::with_suffix(format!(".{format}")).unwrap();
        std::fs::write(file.path(), text).unwrap();
        graph.load(RdfInput::File(file.path()), None, None).unwrap();
        assert_eq!(graph.len().unwrap(), 1);
    }

    #[test]
    fn a_missing_file_names_its_path() {
        let graph = Graph::empty().unwrap();
        let error = graph
            .load(RdfInput::File(Path::new("/no/such/file.ttl")), None, None)
            .unwrap_err();
        let LoadError::Io { path, source } = error else {
            panic!("{error:?}")
        };
        assert_eq!(path, Path::new("/no/such/file.ttl"));
        assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
    }

    #[test]
    fn the_bundle_loads() {
        let graph = Graph::bundled().unwrap();
        let expected: usize = usize::from(!BUNDLED_FILES.is_empty());
        assert!(graph.len().unwrap() >= expected);
    }
}
