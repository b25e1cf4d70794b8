//! What the standards importers (ESCO, 1EdTech CASE, SSSOM) share: their error type, CSV/TSV
//! reading with locations, cycle detection and the small vocabulary they write.

pub use super::cycle::find_cycle;
pub use super::read::read_text;
use super::ImportReport;
use crate::error::{DataError, DataErrorKind, ImportError};
use oxigraph::model::{Literal, NamedNode, Triple};
use std::path::{Path, PathBuf};

/// Builds bad-data [`ImportError`] of `kind` in `path`, at `line` and in `column` where known.
pub fn problem(
    path: &Path,
    line: Option<u64>,
    column: Option<&str>,
    kind: DataErrorKind,
    message: impl Into<String>,
) -> ImportError {
    let error = DataError::new(kind, path, message).at_optional_line(line);
    match column {
        Some(column) => error.in_column(column).into(),
        None => error.into(),
    }
}

/// The triples of an import and what it did.
#[derive(Debug, Clone, Default)]
pub struct StandardImport {
    /// The triples to add.
    pub triples: Vec<Triple>,
    /// Counts and notes.
    pub report: ImportReport,
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
    pub fn parse(path: &Path, text: &str, delimiter: u8, first_line: u64) -> Result<Self, ImportError> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(false)
            .from_reader(text.as_bytes());
        let malformed = |e: csv::Error| {
            let line = e.position().map(|p| p.line() + first_line - 1);
            problem(path, line, None, DataErrorKind::Malformed, e.to_string())
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
    pub fn read_csv(path: &Path) -> Result<Self, ImportError> {
        let text = read_text(path)?;
        let table = Self::parse(path, text.trim_start_matches('\u{feff}'), b',', 1)?;
        if table.rows.is_empty() {
            return Err(problem(
                path,
                Some(1),
                None,
                DataErrorKind::Empty,
                "the table has a header but no rows",
            ));
        }
        Ok(table)
    }

    /// The position of a required column.
    pub fn column(&self, name: &str) -> Result<usize, ImportError> {
        self.optional_column(name).ok_or_else(|| {
            problem(
                &self.path,
                Some(self.header_line),
                Some(name),
                DataErrorKind::MissingColumn,
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
        let ImportError::Data(problem) = read_text(&path).unwrap_err() else {
            panic!()
        };
        assert_eq!(
            (problem.kind, problem.line, problem.offset),
            (DataErrorKind::NotUtf8, Some(2), Some(4))
        );
    }
}
