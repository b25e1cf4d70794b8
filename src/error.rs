//! Error types: one enum per operation, each variant documented.
//!
//! The Python bindings map each enum once (see `src/python/errors.rs`), so a syntax error
//! becomes a Python `SyntaxError` with its location, a missing file `FileNotFoundError`, and so on.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

/// A syntax error in RDF or SPARQL text, with its location (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The file the text came from, or a pseudo-name such as `<string>` or `<query>`.
    pub source_name: String,
    /// The parser's message.
    pub message: String,
    /// 1-based line of the error start, if the parser gave one.
    pub line: Option<u64>,
    /// 1-based column (in characters) of the error start, if the parser gave one.
    pub column: Option<u64>,
    /// 1-based line of the error end.
    pub end_line: Option<u64>,
    /// 1-based column of the error end.
    pub end_column: Option<u64>,
    /// The text of the offending line, when it is known.
    pub text: Option<String>,
}

impl SyntaxError {
    /// Adds the offending line's text, taken from the source text.
    #[must_use]
    pub fn with_text_from(mut self, source: &[u8]) -> Self {
        if let Some(line) = self.line {
            let line_index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
            self.text = source
                .split(|b| *b == b'\n')
                .nth(line_index)
                .map(|l| String::from_utf8_lossy(l).trim_end_matches('\r').to_owned());
        }
        self
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => {
                write!(f, "{}:{line}:{column}: {}", self.source_name, self.message)
            }
            _ => write!(f, "{}: {}", self.source_name, self.message),
        }
    }
}

impl std::error::Error for SyntaxError {}

/// An error while loading RDF into a graph. A failed load changes nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The RDF text is malformed.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// The format could not be told from the name given or the file extension.
    #[error("{0}")]
    UnknownFormat(String),
    /// The target graph name is not a valid IRI.
    #[error("invalid graph name {name:?}: {reason}")]
    InvalidGraphName {
        /// The name given.
        name: String,
        /// Why it is invalid.
        reason: String,
    },
    /// The load was interrupted (Ctrl-C); nothing was loaded.
    #[error("the load was interrupted; nothing was loaded")]
    Interrupted,
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
}

/// An error while writing a graph to a file. The target file is never left half-written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SaveError {
    /// The file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The format could not be told from the name given or the file extension.
    #[error("{0}")]
    UnknownFormat(String),
    /// A graph-only format was asked for while the store holds named graphs.
    #[error(
        "{format} holds a single graph but this store has {named_graphs} named graph(s): \
         save as TriG or N-Quads, or pass graph= to save one graph"
    )]
    NeedsDatasetFormat {
        /// The format asked for.
        format: String,
        /// How many named graphs the store holds.
        named_graphs: usize,
    },
    /// The graph name is not a valid IRI.
    #[error("invalid graph name {name:?}: {reason}")]
    InvalidGraphName {
        /// The name given.
        name: String,
        /// Why it is invalid.
        reason: String,
    },
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
}

/// An error while running a SPARQL query.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueryError {
    /// The query text is malformed.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// A value given in `bindings` is not usable.
    #[error("invalid binding for ?{variable}: {reason}")]
    InvalidBinding {
        /// The variable name.
        variable: String,
        /// Why the binding is rejected.
        reason: String,
    },
    /// The query ran longer than the time allowed and was cancelled.
    #[error("the query was cancelled after {0:?} (timeout)")]
    Timeout(Duration),
    /// The query was interrupted (Ctrl-C) and cancelled.
    #[error("the query was interrupted")]
    Interrupted,
    /// The query failed while running.
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
}

/// An error while running a SPARQL update. A failed update changes nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UpdateError {
    /// The update text is malformed.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// The update ran longer than the time allowed and was cancelled; nothing was written.
    #[error("the update was cancelled after {0:?} (timeout); nothing was written")]
    Timeout(Duration),
    /// The update was interrupted (Ctrl-C) and cancelled; nothing was written.
    #[error("the update was interrupted; nothing was written")]
    Interrupted,
    /// The update failed while running.
    #[error("update failed: {0}")]
    Evaluation(String),
}

/// An error while reading a ready-made table ([`crate::Graph::table`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadyTableError {
    /// No table has this name (see [`crate::catalogue::api_names`]).
    #[error("no table called {0}")]
    UnknownTable(String),
    /// The framework to filter by is unknown or ambiguous.
    #[error(transparent)]
    Framework(#[from] crate::catalogue::ResolveError),
    /// The table's query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The table's query is not a SELECT (a bundling mistake).
    #[error("the {0} query is not a SELECT")]
    NotSelect(String),
}

/// An error while validating a graph against SHACL shapes ([`crate::Graph::validate`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValidateError {
    /// The shapes could not be read: a missing file, malformed RDF, an unknown format.
    #[error(transparent)]
    Read(#[from] LoadError),
    /// The shapes are not well-formed SHACL, or validation failed in the store.
    #[error(transparent)]
    Shacl(#[from] crate::shacl::ShaclError),
    /// The data graph asked for is not a named graph of the store.
    #[error("no named graph {0} in this graph store (see named_graphs())")]
    UnknownGraph(String),
    /// The data graph name is not a valid IRI.
    #[error("invalid graph name {name:?}: {reason}")]
    InvalidGraphName {
        /// The name given.
        name: String,
        /// Why it is invalid.
        reason: String,
    },
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
}

/// An error while creating or opening a graph.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// This build has no on-disk storage (the `rocksdb` cargo feature is off).
    #[error("on-disk graphs need workforce-graph built with its `rocksdb` feature")]
    PersistenceUnavailable,
    /// The path exists and is not a directory.
    #[error("{} exists and is not a graph store directory", .0.display())]
    NotADirectory(PathBuf),
    /// The store could not be opened (locked by another process, corrupt, no permission...).
    #[error("cannot open the graph store at {}: {source}", path.display())]
    Storage {
        /// The store directory.
        path: PathBuf,
        /// The storage error.
        #[source]
        source: oxigraph::store::StorageError,
    },
    /// The directory holds files and is not a graph store: it is left alone.
    #[error(
        "{} is not a graph store and not empty (it holds {found}): give an empty or new directory",
        path.display()
    )]
    NotAStore {
        /// The directory.
        path: PathBuf,
        /// A few of the names found in it.
        found: String,
    },
    /// A read-only open found no store at the path.
    #[error("there is no graph store at {}", .0.display())]
    NoStore(PathBuf),
    /// A read-only open found a store whose creation was interrupted (open it for writing once
    /// to finish it).
    #[error("the graph store at {} was never finished (its creation was interrupted): open it for writing to finish it", .0.display())]
    Incomplete(PathBuf),
    /// The directory could not be created or read.
    #[error("cannot use {} as a graph store: {source}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The bundled data failed to load (a build defect: the bundle is checked by the tests).
    #[error("the bundled data failed to load: {0}")]
    Bundle(#[from] LoadError),
}

/// An error while importing a file (a framework export, a spreadsheet...). A failed import
/// changes nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The file is not well-formed CSV (or not UTF-8).
    #[error("{}:{line}: {message}", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A required column is missing from the header.
    #[error("{}:1: missing column {column:?} (the header has: {found})", path.display())]
    MissingColumn {
        /// The file.
        path: PathBuf,
        /// The column expected.
        column: String,
        /// The columns found, comma-separated.
        found: String,
    },
    /// A value is not acceptable.
    #[error("{}:{line}: column {column:?}: {message}", path.display())]
    InvalidValue {
        /// The file.
        path: PathBuf,
        /// 1-based line of the row.
        line: u64,
        /// The column's header.
        column: String,
        /// What is wrong.
        message: String,
    },
    /// The file has a header but no data row.
    #[error("{}: no data rows", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
}
