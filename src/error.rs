//! Error types: one enum per operation, each variant documented.
//!
//! The Python bindings map each enum once (see `src/python/errors.rs`), so a syntax error
//! becomes a Python `SyntaxError` with its location, a missing file `FileNotFoundError`, and so on.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
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

/// The kind of bad input an importer found: one vocabulary for every importer (DDaT, SFIA,
/// tables, ESCO, CASE, SSSOM), `DataFormatError.kind` in Python.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataErrorKind {
    /// Not well-formed CSV, TSV, JSON, YAML or spreadsheet (a quote never closed, a row longer
    /// than the header, a workbook that cannot be opened or has no such sheet).
    Malformed,
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The file, sheet or table holds nothing (no header, no data row, every row blank).
    Empty,
    /// A required column of a table is absent from its header.
    MissingColumn,
    /// A required field of a JSON object or of a header block is absent.
    MissingField,
    /// The header repeats a column (ignoring case).
    DuplicateColumn,
    /// A required cell or value is blank.
    MissingValue,
    /// Two records have the same identifier (or an identifier is already in the framework).
    DuplicateId,
    /// A record refers to something defined nowhere: a parent, a related item, a competency, a
    /// level, a CURIE prefix, a CASE item.
    UnknownReference,
    /// A hierarchy loops back on itself.
    Cycle,
    /// A value is not one the format allows.
    InvalidValue,
    /// Two rows about one thing disagree.
    ConflictingValue,
}

impl DataErrorKind {
    /// Every kind, in declaration order.
    pub const ALL: [Self; 12] = [
        Self::Malformed,
        Self::NotUtf8,
        Self::Empty,
        Self::MissingColumn,
        Self::MissingField,
        Self::DuplicateColumn,
        Self::MissingValue,
        Self::DuplicateId,
        Self::UnknownReference,
        Self::Cycle,
        Self::InvalidValue,
        Self::ConflictingValue,
    ];

    /// The short stable name used in Python (`DataFormatError.kind`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::NotUtf8 => "not_utf8",
            Self::Empty => "empty",
            Self::MissingColumn => "missing_column",
            Self::MissingField => "missing_field",
            Self::DuplicateColumn => "duplicate_column",
            Self::MissingValue => "missing_value",
            Self::DuplicateId => "duplicate_id",
            Self::UnknownReference => "unknown_reference",
            Self::Cycle => "cycle",
            Self::InvalidValue => "invalid_value",
            Self::ConflictingValue => "conflicting_value",
        }
    }
}

impl fmt::Display for DataErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Bad input data, with where it is: the file, the 1-based line (or sheet row), the 1-based
/// column number and the column's header, each where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// What kind of problem.
    pub kind: DataErrorKind,
    /// The file.
    pub path: PathBuf,
    /// 1-based line (the sheet row in a workbook), when known.
    pub line: Option<u64>,
    /// 1-based column number (a character in a line of JSON, a field of a table), when known.
    pub offset: Option<u64>,
    /// The column's header (or the JSON field), when the problem is in one.
    pub column: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

impl DataError {
    /// A problem of `kind` in `path`, with no location yet.
    pub fn new(kind: DataErrorKind, path: &Path, message: impl Into<String>) -> Self {
        Self {
            kind,
            path: path.to_owned(),
            line: None,
            offset: None,
            column: None,
            message: message.into(),
        }
    }

    /// At 1-based `line`.
    #[must_use]
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// At `line`, if known.
    #[must_use]
    pub fn at_optional_line(mut self, line: Option<u64>) -> Self {
        self.line = line;
        self
    }

    /// At 1-based column number `offset`.
    #[must_use]
    pub fn at_offset(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }

    /// In the column (or field) named `column`.
    #[must_use]
    pub fn in_column(mut self, column: &str) -> Self {
        self.column = Some(column.to_owned());
        self
    }

    /// The error for a required column absent from a header (`header_line`, `headers`): one
    /// message whichever importer finds it.
    pub fn missing_column(path: &Path, header_line: u64, column: &str, headers: &[String]) -> Self {
        let found = headers
            .iter()
            .map(|h| format!("{h:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        Self::new(
            DataErrorKind::MissingColumn,
            path,
            format!("no column {column:?} in the header (columns: {found})"),
        )
        .at_line(header_line)
        .in_column(column)
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(offset) = self.offset {
                write!(f, ":{offset}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "column {column:?}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for DataError {}

/// An error while importing a file (a framework export, a spreadsheet, ESCO, CASE, SSSOM) or
/// exporting one in a standard format. A failed import changes nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file could not be read or written.
    #[error("cannot access {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The input is malformed or does not fit what the importer expects: see [`DataError`].
    #[error(transparent)]
    Data(Box<DataError>),
    /// An argument of the call (not the file) is wrong.
    #[error("{0}")]
    Argument(String),
    /// The framework named could not be looked up.
    #[error(transparent)]
    Resolve(#[from] crate::catalogue::ResolveError),
    /// A lookup query failed.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
}

impl From<DataError> for ImportError {
    fn from(error: DataError) -> Self {
        Self::Data(Box::new(error))
    }
}

impl ImportError {
    /// The file could not be read or written.
    pub fn io(path: &Path, source: io::Error) -> Self {
        Self::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// The bad input data, if that is the failure.
    pub fn data(&self) -> Option<&DataError> {
        match self {
            Self::Data(data) => Some(data),
            _ => None,
        }
    }

    /// The kind of bad input, if that is the failure.
    pub fn kind(&self) -> Option<DataErrorKind> {
        self.data().map(|data| data.kind)
    }
}
