//! What the standards importers (ESCO, 1EdTech CASE, SSSOM) share: their error type, CSV/TSV
//! reading with locations, cycle detection and the small vocabulary they write.

use super::ImportReport;
use oxigraph::model::{Literal, NamedNode, Triple};
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

/// Why a standards import or export failed. A failed import changes nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StandardError {
    /// The file could not be read or written.
    #[error("cannot access {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The input is not what the standard says: see [`DataProblem`].
    #[error("{0}")]
    Data(Box<DataProblem>),
    /// An argument (framework name, path) is not usable.
    #[error("{0}")]
    Argument(String),
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
}

/// The kind of a [`DataProblem`], a short stable name (`DataFormatError.kind` in Python).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not well-formed JSON, CSV, TSV or RDF.
    Malformed,
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The file (or a required table of it) holds nothing.
    Empty,
    /// A required column or field is absent.
    MissingField,
    /// Two records have the same identifier.
    DuplicateId,
    /// A record refers to an identifier defined nowhere.
    UnknownReference,
    /// A hierarchy loops back on itself.
    Cycle,
    /// A value is not one the standard allows.
    InvalidValue,
}

impl ProblemKind {
    /// The name used in messages and in Python.
    pub fn name(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::NotUtf8 => "not_utf8",
            Self::Empty => "empty",
            Self::MissingField => "missing_field",
            Self::DuplicateId => "duplicate_id",
            Self::UnknownReference => "unknown_reference",
            Self::Cycle => "cycle",
            Self::InvalidValue => "invalid_value",
        }
    }
}

/// Bad input data, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataProblem {
    /// The file.
    pub path: PathBuf,
    /// 1-based line (or row), when known.
    pub line: Option<u64>,
    /// 1-based column number within the line, when known.
    pub offset: Option<u64>,
    /// The column or field name, when the problem is in one.
    pub column: Option<String>,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for DataProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(offset) = self.offset {
                write!(f, ":{offset}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(column) = &self.column {
            write!(f, "{column:?}: ")?;
        }
        write!(f, "{} ({})", self.message, self.kind.name())
    }
}

/// Builds a [`StandardError::Data`].
pub fn problem(
    path: &Path,
    line: Option<u64>,
    column: Option<&str>,
    kind: ProblemKind,
    message: impl Into<String>,
) -> StandardError {
    StandardError::Data(Box::new(DataProblem {
        path: path.to_owned(),
        line,
        offset: None,
        column: column.map(str::to_owned),
        kind,
        message: message.into(),
    }))
}

/// The triples of an import and what it did.
#[derive(Debug, Clone, Default)]
pub struct StandardImport {
    /// The triples to add.
    pub triples: Vec<Triple>,
    /// Counts and notes.
    pub report: ImportReport,
}

/// Reads a whole file as UTF-8 text; an empty file is a problem.
pub fn read_text(path: &Path) -> Result<String, StandardError> {
    let bytes = std::fs::read(path).map_err(|source| StandardError::Io {
        path: path.to_owned(),
        source,
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(problem(path, None, None, ProblemKind::Empty, "the file is empty"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|b| **b == b'\n').count() as u64 + 1;
        let column = valid.iter().rev().take_while(|b| **b != b'\n').count() as u64 + 1;
        StandardError::Data(Box::new(DataProblem {
            path: path.to_owned(),
            line: Some(line),
            offset: Some(column),
            column: None,
            kind: ProblemKind::NotUtf8,
            message: "the file is not UTF-8 text".to_owned(),
        }))
    })
}

/// A delimited table read in full: header names, and rows with their 1-based line numbers.
pub struct Table {
    /// The file.
    pub path: PathBuf,
    /// Header names, trimmed.
    pub headers: Vec<String>,
    /// The 1-based file line of the header row.
    pub header_line: u64,
    /// (line, record).
    pub rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    /// Parses `text` (the body after any comment header) with `delimiter`; `first_line` is the
    /// file line of the header row, so reported lines match the file.
    pub fn parse(path: &Path, text: &str, delimiter: u8, first_line: u64) -> Result<Self, StandardError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(false)
            .from_reader(text.as_bytes());
        let malformed = |e: csv::Error| {
            let line = e.position().map(|p| p.line() + first_line - 1);
            problem(path, line, None, ProblemKind::Malformed, e.to_string())
        };
        let headers: Vec<String> = reader
            .headers()
            .map_err(malformed)?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(malformed)?;
            let line = record.position().map_or(0, |p| p.line() + first_line - 1);
            rows.push((line, record));
        }
        Ok(Self {
            path: path.to_owned(),
            headers,
            header_line: first_line,
            rows,
        })
    }

    /// Reads a CSV file, refusing an empty one.
    pub fn read_csv(path: &Path) -> Result<Self, StandardError> {
        let text = read_text(path)?;
        let table = Self::parse(path, text.trim_start_matches('\u{feff}'), b',', 1)?;
        if table.rows.is_empty() {
            return Err(problem(
                path,
                Some(1),
                None,
                ProblemKind::Empty,
                "the table has a header but no rows",
            ));
        }
        Ok(table)
    }

    /// The position of a required column.
    pub fn column(&self, name: &str) -> Result<usize, StandardError> {
        self.optional_column(name).ok_or_else(|| {
            problem(
                &self.path,
                Some(self.header_line),
                Some(name),
                ProblemKind::MissingField,
                format!("missing column (the header has: {})", self.headers.join(", ")),
            )
        })
    }

    /// The position of a column, if present.
    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.headers.iter().position(|h| h == name)
    }
}

/// A trimmed cell, empty when absent.
pub fn cell(record: &csv::StringRecord, index: Option<usize>) -> &str {
    index.and_then(|i| record.get(i)).unwrap_or("").trim()
}

/// The first cycle in a child → parents relation, as the list of nodes around it, if any.
pub fn find_cycle(parents: &HashMap<String, Vec<String>>) -> Option<Vec<String>> {
    // Iterative depth-first search with three colours; keys are visited in sorted order so the
    // reported cycle does not depend on hashing.
    let mut state: HashMap<&str, u8> = HashMap::new();
    let mut keys: Vec<&String> = parents.keys().collect();
    keys.sort();
    for start in keys {
        if state.contains_key(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        state.insert(start.as_str(), 1);
        while let Some((node, next)) = stack.last().copied() {
            let children = parents.get(node).map_or(&[][..], Vec::as_slice);
            if next < children.len() {
                stack.last_mut().expect("not empty").1 += 1;
                let parent = children[next].as_str();
                match state.get(parent) {
                    Some(1) => {
                        let from = stack.iter().position(|(n, _)| *n == parent).unwrap_or(0);
                        let mut cycle: Vec<String> =
                            stack[from..].iter().map(|(n, _)| (*n).to_owned()).collect();
                        cycle.push(parent.to_owned());
                        return Some(cycle);
                    }
                    Some(_) => {}
                    None => {
                        state.insert(parent, 1);
                        stack.push((parent, 0));
                    }
                }
            } else {
                state.insert(node, 2);
                stack.pop();
            }
        }
    }
    None
}

pub(crate) use crate::rules::iri_slug;
pub(crate) use crate::vocab::{dcterms, skos, DCTERMS, ESCO, OWL, RDFS, SEMAPV, SKOS};

pub(crate) fn iri(value: &str) -> NamedNode {
    NamedNode::new_unchecked(value)
}

/// A checked IRI from input data.
pub(crate) fn parse_iri(value: &str) -> Option<NamedNode> {
    NamedNode::new(value.trim()).ok()
}

/// A label in `language` (untagged when `language` is empty).
pub(crate) fn text(value: &str, language: &str) -> Literal {
    if language.is_empty() {
        Literal::new_simple_literal(value)
    } else {
        Literal::new_language_tagged_literal_unchecked(value, language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn parents(pairs: &[(&str, &str)]) -> HashMap<String, Vec<String>> {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (child, parent) in pairs {
            map.entry((*child).to_owned())
                .or_default()
                .push((*parent).to_owned());
        }
        map
    }

    #[rstest]
    #[case(&[("a", "b"), ("b", "c")], None)]
    #[case(&[("a", "b"), ("b", "a")], Some(vec!["a", "b", "a"]))]
    #[case(&[("a", "a")], Some(vec!["a", "a"]))]
    #[case(&[("x", "a"), ("a", "b"), ("b", "c"), ("c", "a")], Some(vec!["a", "b", "c", "a"]))]
    fn cycles_are_found(#[case] pairs: &[(&str, &str)], #[case] expected: Option<Vec<&str>>) {
        let found = find_cycle(&parents(pairs));
        assert_eq!(
            found,
            expected.map(|c| c.into_iter().map(str::to_owned).collect::<Vec<_>>())
        );
    }

    #[rstest]
    #[case("http://data.europa.eu/esco/skill/1a-2B", "data-europa-eu-esco-skill-1a-2b_")]
    #[case("https://w3id.org/workforce-graph/id/sfia/skill/dats", "sfia-skill-dats_")]
    #[case("https://w3id.org/workforce-graph/id/plain-slug", "plain-slug")]
    fn minted_segments(#[case] value: &str, #[case] start: &str) {
        assert!(iri_slug(value).starts_with(start), "{}", iri_slug(value));
    }

    /// ESCO occupations whose IRIs differ only in case get different requirement nodes.
    #[test]
    fn segments_of_iris_differing_in_case_differ() {
        let (upper, lower) = (
            "http://data.europa.eu/esco/occupation/ABC-1",
            "http://data.europa.eu/esco/occupation/abc-1",
        );
        assert_ne!(iri_slug(upper), iri_slug(lower));
    }

    #[test]
    fn non_utf8_is_located() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("x.csv");
        std::fs::write(&path, b"a,b\nok,\xff\n").unwrap();
        let StandardError::Data(problem) = read_text(&path).unwrap_err() else {
            panic!()
        };
        assert_eq!(
            (problem.kind, problem.line, problem.offset),
            (ProblemKind::NotUtf8, Some(2), Some(4))
        );
    }
}
