//! The one place where core errors become Python exceptions.
//!
//! Built-in exceptions are chosen by meaning (`SyntaxError` with its location, `FileNotFoundError`,
//! `ValueError`); domain failures use the `WorkforceGraphError` hierarchy defined in
//! `workforce_graph/exceptions.py`, some of whose classes also subclass a built-in
//! (`QueryTimeoutError` is a `TimeoutError`, `StorageError` an `OSError`).

use crate::error::{
    ImportError, LoadError, OpenError, QueryError, ReadyTableError, SaveError, SyntaxError, UpdateError,
    ValidateError,
};
use crate::shacl::ShaclError;
use pyo3::exceptions::{
    PyFileExistsError, PyFileNotFoundError, PyIsADirectoryError, PyKeyboardInterrupt, PyNotADirectoryError,
    PyOSError, PyPermissionError, PySyntaxError, PyValueError,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};
use pyo3::IntoPyObjectExt;
use std::io;
use std::path::Path;

/// The library's own exception classes, defined in `workforce_graph/exceptions.py` (where
/// each is documented) and imported once, when the native module is initialised ([`init`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exception {
    /// `WorkforceGraphError`.
    WorkforceGraph,
    /// `QueryTimeoutError`.
    QueryTimeout,
    /// `QueryEvaluationError`.
    QueryEvaluation,
    /// `UpdateEvaluationError`.
    UpdateEvaluation,
    /// `UpdateTimeoutError`.
    UpdateTimeout,
    /// `GraphClosedError`.
    GraphClosed,
    /// `StorageError`.
    Storage,
    /// `PersistenceUnavailableError`.
    PersistenceUnavailable,
    /// `DataFormatError`.
    DataFormat,
    /// `FrameworkNotLoadedError`.
    FrameworkNotLoaded,
    /// `UnknownNameError`.
    UnknownName,
    /// `NoRequirementsError`.
    NoRequirements,
    /// `RemoteError`.
    Remote,
    /// `EndpointUnreachableError`.
    EndpointUnreachable,
    /// `HTTPStatusError`.
    HttpStatus,
    /// `AuthenticationError`.
    Authentication,
    /// `RemoteTimeoutError`.
    RemoteTimeout,
    /// `MalformedResponseError`.
    MalformedResponse,
}

impl Exception {
    const ALL: [Self; 18] = [
        Self::WorkforceGraph,
        Self::QueryTimeout,
        Self::QueryEvaluation,
        Self::UpdateEvaluation,
        Self::UpdateTimeout,
        Self::GraphClosed,
        Self::Storage,
        Self::PersistenceUnavailable,
        Self::DataFormat,
        Self::FrameworkNotLoaded,
        Self::UnknownName,
        Self::NoRequirements,
        Self::Remote,
        Self::EndpointUnreachable,
        Self::HttpStatus,
        Self::Authentication,
        Self::RemoteTimeout,
        Self::MalformedResponse,
    ];

    /// The class's name in `workforce_graph.exceptions`.
    const fn name(self) -> &'static str {
        match self {
            Self::WorkforceGraph => "WorkforceGraphError",
            Self::QueryTimeout => "QueryTimeoutError",
            Self::QueryEvaluation => "QueryEvaluationError",
            Self::UpdateEvaluation => "UpdateEvaluationError",
            Self::UpdateTimeout => "UpdateTimeoutError",
            Self::GraphClosed => "GraphClosedError",
            Self::Storage => "StorageError",
            Self::PersistenceUnavailable => "PersistenceUnavailableError",
            Self::DataFormat => "DataFormatError",
            Self::FrameworkNotLoaded => "FrameworkNotLoadedError",
            Self::UnknownName => "UnknownNameError",
            Self::NoRequirements => "NoRequirementsError",
            Self::Remote => "RemoteError",
            Self::EndpointUnreachable => "EndpointUnreachableError",
            Self::HttpStatus => "HTTPStatusError",
            Self::Authentication => "AuthenticationError",
            Self::RemoteTimeout => "RemoteTimeoutError",
            Self::MalformedResponse => "MalformedResponseError",
        }
    }
}

// `Exception::ALL` lists the variants in declaration order, so `class as usize` indexes it.
const _: () = {
    let mut i = 0;
    while i < Exception::ALL.len() {
        assert!(Exception::ALL[i] as usize == i);
        i += 1;
    }
};

/// The classes of [`Exception`], in [`Exception::ALL`]'s order.
static CLASSES: PyOnceLock<Vec<Py<PyType>>> = PyOnceLock::new();

/// The exception classes, imported from `workforce_graph.exceptions` (a module that imports
/// nothing of the package) on first use.
fn classes(py: Python<'_>) -> PyResult<&Vec<Py<PyType>>> {
    CLASSES.get_or_try_init(py, || {
        let module = py.import("workforce_graph.exceptions")?;
        Exception::ALL
            .iter()
            .map(|e| Ok(module.getattr(e.name())?.cast_into::<PyType>()?.unbind()))
            .collect()
    })
}

/// Imports the exception classes once; called by the native module's initialisation, so that a
/// missing class fails the import of the package rather than the first error raised.
pub fn init(py: Python<'_>) -> PyResult<()> {
    classes(py).map(|_| ())
}

/// An instance of `class` raised with `message` and the keyword arguments `kwargs`.
pub fn raise_with(class: Exception, message: impl Into<String>, kwargs: &[(&str, Py<PyAny>)]) -> PyErr {
    let message = message.into();
    Python::attach(|py| {
        let built = (|| {
            let class = classes(py)?[class as usize].bind(py);
            let options = PyDict::new(py);
            for (key, value) in kwargs {
                options.set_item(*key, value)?;
            }
            class.call((message,), Some(&options))
        })();
        match built {
            Ok(instance) => PyErr::from_value(instance),
            Err(e) => e,
        }
    })
}

/// An exception of the library's own `class`, raised with `message`.
pub fn domain_error(class: Exception, message: impl Into<String>) -> PyErr {
    raise_with(class, message, &[])
}

pub fn closed_error() -> PyErr {
    domain_error(Exception::GraphClosed, "the graph is closed")
}

fn syntax_error(error: SyntaxError) -> PyErr {
    let to_i = |v: Option<u64>| v.and_then(|v| i64::try_from(v).ok());
    PySyntaxError::new_err((
        error.to_string(),
        (
            error.source_name.clone(),
            to_i(error.line),
            to_i(error.column),
            error.text.clone(),
            to_i(error.end_line),
            to_i(error.end_column),
        ),
    ))
}

/// An `OSError` of the subclass matching the error kind, with `filename` set.
pub fn io_error(error: &io::Error, path: &Path) -> PyErr {
    let errno = error.raw_os_error().unwrap_or(0);
    let message = match error.raw_os_error() {
        Some(_) => io::Error::from_raw_os_error(errno).to_string(),
        None => error.to_string(),
    };
    let args = (errno, message, path.display().to_string());
    match error.kind() {
        io::ErrorKind::NotFound => PyFileNotFoundError::new_err(args),
        io::ErrorKind::PermissionDenied => PyPermissionError::new_err(args),
        io::ErrorKind::AlreadyExists => PyFileExistsError::new_err(args),
        io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(args),
        io::ErrorKind::NotADirectory => PyNotADirectoryError::new_err(args),
        _ => PyOSError::new_err(args),
    }
}

pub fn map_load_error(error: LoadError) -> PyErr {
    match error {
        LoadError::Syntax(e) => syntax_error(e),
        LoadError::Io { path, source } => io_error(&source, &path),
        LoadError::UnknownFormat(_) | LoadError::InvalidGraphName { .. } => {
            PyValueError::new_err(error.to_string())
        }
        LoadError::Interrupted => PyKeyboardInterrupt::new_err(error.to_string()),
        other => domain_error(Exception::Storage, other.to_string()),
    }
}

pub fn map_validate_error(error: ValidateError) -> PyErr {
    match error {
        ValidateError::Read(e) => map_load_error(e),
        ValidateError::Shacl(ShaclError::Shapes(_))
        | ValidateError::UnknownGraph(_)
        | ValidateError::InvalidGraphName { .. } => PyValueError::new_err(error.to_string()),
        ValidateError::Shacl(ShaclError::Storage(_)) | ValidateError::Storage(_) => {
            domain_error(Exception::Storage, error.to_string())
        }
        other => domain_error(Exception::WorkforceGraph, other.to_string()),
    }
}

pub fn map_save_error(error: SaveError) -> PyErr {
    match error {
        SaveError::Io { path, source } => io_error(&source, &path),
        SaveError::UnknownFormat(_)
        | SaveError::InvalidGraphName { .. }
        | SaveError::NeedsDatasetFormat { .. } => PyValueError::new_err(error.to_string()),
        other => domain_error(Exception::Storage, other.to_string()),
    }
}

pub fn map_query_error(error: QueryError) -> PyErr {
    match error {
        QueryError::Syntax(e) => syntax_error(e),
        QueryError::InvalidBinding { .. } => PyValueError::new_err(error.to_string()),
        QueryError::Timeout(_) => domain_error(Exception::QueryTimeout, error.to_string()),
        QueryError::Interrupted => PyKeyboardInterrupt::new_err(error.to_string()),
        other => domain_error(Exception::QueryEvaluation, other.to_string()),
    }
}

pub fn map_update_error(error: UpdateError) -> PyErr {
    match error {
        UpdateError::Syntax(e) => syntax_error(e),
        UpdateError::Timeout(_) => domain_error(Exception::UpdateTimeout, error.to_string()),
        UpdateError::Interrupted => PyKeyboardInterrupt::new_err(error.to_string()),
        other => domain_error(Exception::UpdateEvaluation, other.to_string()),
    }
}

pub fn map_open_error(error: OpenError) -> PyErr {
    match error {
        OpenError::PersistenceUnavailable => {
            domain_error(Exception::PersistenceUnavailable, error.to_string())
        }
        OpenError::NotADirectory(ref path) => {
            PyNotADirectoryError::new_err((20, error.to_string(), path.display().to_string()))
        }
        OpenError::Bundle(e) => map_load_error(e),
        OpenError::NotAStore { ref path, .. } => {
            PyFileExistsError::new_err((17, error.to_string(), path.display().to_string()))
        }
        OpenError::NoStore(ref path) => {
            PyFileNotFoundError::new_err((2, error.to_string(), path.display().to_string()))
        }
        OpenError::Io { ref source, .. } if source.kind() == io::ErrorKind::PermissionDenied => {
            PyPermissionError::new_err(error.to_string())
        }
        OpenError::Io { .. } => PyOSError::new_err(error.to_string()),
        other => domain_error(Exception::Storage, other.to_string()),
    }
}

pub fn map_storage_error(error: oxigraph::store::StorageError) -> PyErr {
    domain_error(Exception::Storage, error.to_string())
}

/// Where bad input data went wrong, for [`data_format_error`].
#[derive(Debug, Default, Clone)]
pub struct DataLocation {
    /// The file (or `"<string>"`).
    pub filename: Option<String>,
    /// 1-based line or row.
    pub line: Option<u64>,
    /// 1-based column number.
    pub offset: Option<u64>,
    /// The column's header.
    pub column: Option<String>,
    /// A short name of the failure (`"duplicate_id"`, `"cycle"`, ...).
    pub kind: Option<&'static str>,
}

/// Bad input data: a `DataFormatError` (a `SyntaxError` and a `ValueError`) carrying `filename`,
/// `lineno`, `offset`, `column` and `kind`. Every importer raises bad input through this.
pub fn data_format_error(message: impl Into<String>, at: DataLocation) -> PyErr {
    let kwargs = Python::attach(|py| -> PyResult<_> {
        Ok([
            ("filename", at.filename.into_py_any(py)?),
            ("lineno", at.line.into_py_any(py)?),
            ("offset", at.offset.into_py_any(py)?),
            ("column", at.column.into_py_any(py)?),
            ("kind", at.kind.into_py_any(py)?),
        ])
    });
    match kwargs {
        Ok(kwargs) => raise_with(Exception::DataFormat, message, &kwargs),
        Err(e) => e,
    }
}

/// An import (or standard export) failure: the file's own `OSError`, a `DataFormatError` saying
/// where and what kind of bad input, a `ValueError` for a bad argument, or the lookup's or the
/// store's error. Every importer's errors come through here.
pub fn map_import_error(error: ImportError) -> PyErr {
    match error {
        ImportError::Io { path, source } => io_error(&source, &path),
        ImportError::Data(data) => {
            let message = data.to_string();
            let at = DataLocation {
                filename: Some(data.path.display().to_string()),
                line: data.line,
                offset: data.offset,
                column: data.column,
                kind: Some(data.kind.name()),
            };
            data_format_error(message, at)
        }
        ImportError::Argument(message) => PyValueError::new_err(message),
        ImportError::Resolve(e) => map_resolve_error(e),
        ImportError::Query(e) => map_query_error(e),
        other => domain_error(Exception::Storage, other.to_string()),
    }
}

/// `UnknownNameError` (a `ValueError`) with `.suggestions`, the closest known names.
pub fn unknown_name(message: String, suggestions: Vec<String>) -> PyErr {
    match Python::attach(|py| suggestions.into_py_any(py)) {
        Ok(suggestions) => raise_with(Exception::UnknownName, message, &[("suggestions", suggestions)]),
        Err(e) => e,
    }
}

/// An unknown framework name: `UnknownNameError` (a `ValueError`) with `.suggestions`.
pub fn map_resolve_error(error: crate::catalogue::ResolveError) -> PyErr {
    match error {
        crate::catalogue::ResolveError::Unknown(unknown) => {
            unknown_name(unknown.to_string(), unknown.suggestions)
        }
        e @ crate::catalogue::ResolveError::Ambiguous { .. } => {
            pyo3::exceptions::PyValueError::new_err(e.to_string())
        }
        crate::catalogue::ResolveError::Query(e) => map_query_error(e),
    }
}

/// A ready-made table's failure: the framework's or the query's own, else `WorkforceGraphError`.
pub fn map_ready_table_error(error: ReadyTableError) -> PyErr {
    match error {
        ReadyTableError::Framework(e) => map_resolve_error(e),
        ReadyTableError::Query(e) => map_query_error(e),
        other => domain_error(Exception::WorkforceGraph, other.to_string()),
    }
}

/// A remote failure: `EndpointUnreachableError`, `AuthenticationError`, `HTTPStatusError` (with
/// `status`), `RemoteTimeoutError`, `MalformedResponseError` (all `RemoteError`s carrying
/// `endpoint`), `SyntaxError` for a malformed query, `ValueError` for bad arguments.
pub fn map_remote_error(error: crate::remote::RemoteError) -> PyErr {
    use crate::remote::RemoteError;
    let (class, endpoint, status) = match &error {
        RemoteError::Syntax(e) => return syntax_error(e.clone()),
        RemoteError::InvalidBinding { .. } | RemoteError::InvalidArgument(_) => {
            return PyValueError::new_err(error.to_string())
        }
        RemoteError::Local(_) => return domain_error(Exception::Storage, error.to_string()),
        RemoteError::Unreachable { endpoint, .. } => (Exception::EndpointUnreachable, endpoint, None),
        RemoteError::AuthRefused { endpoint, status, .. } => {
            (Exception::Authentication, endpoint, Some(*status))
        }
        RemoteError::Status { endpoint, status, .. } => (Exception::HttpStatus, endpoint, Some(*status)),
        RemoteError::Timeout { endpoint, .. } => (Exception::RemoteTimeout, endpoint, None),
        RemoteError::Malformed { endpoint, .. } => (Exception::MalformedResponse, endpoint, None),
    };
    let exception = domain_error(class, error.to_string());
    Python::attach(|py| {
        let value = exception.value(py);
        // Attributes for handlers that branch on the server or the status code.
        let _ = value.setattr("endpoint", endpoint.as_str());
        let _ = value.setattr("status", status);
    });
    exception
}
