//! workforce-graph: an embedded knowledge graph of workforce roles, competency frameworks,
//! professional bodies and evidence, on [oxigraph](https://docs.rs/oxigraph).
//!
//! The core in this crate is plain Rust; the Python bindings live in `src/python/` behind the
//! `python` feature. On-disk storage needs the `rocksdb` feature.

pub mod analysis;
mod atomic;
pub mod bundle;
pub mod catalogue;
pub mod coding;
pub mod crosswalk;
#[cfg(test)]
mod declared_tables;
pub mod error;
pub mod export;
pub mod format;
pub mod graph;
pub mod guard;
pub mod import;
mod parallel;
mod rdf_errors;
pub mod remote;
mod rules;
pub mod search;
pub mod shacl;
pub mod table;
mod text;
pub mod vocab;
mod xsd;

#[cfg(feature = "python")]
mod python;

pub use error::{
    DataError, DataErrorKind, ImportError, LoadError, OpenError, QueryError, ReadyTableError, SaveError,
    SyntaxError, UpdateError, ValidateError,
};
pub use graph::{Graph, QueryOutcome, RdfInput, Shapes};
pub use remote::{Remote, RemoteError, RemoteOptions};
pub use table::{Column, ColumnKind, ColumnType, SolutionTable};

/// Re-exported so users of the crate can build terms for query bindings.
pub use oxigraph;
