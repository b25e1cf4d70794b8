//! The one reader of delimited text (CSV, TSV, any one-byte separator) for every importer: the
//! table importer ([`super::table::read_raw`]), DDaT, ESCO and SSSOM.
//!
//! What it does once for all of them: the text is decoded by [`super::read`] (byte-order mark,
//! UTF-8, empty file); headers are trimmed; a quote never closed is an error at the quote's line
//! and column instead of swallowing the rest of the file; a row's field count is checked against
//! the header ([`Fields`]); a column is looked up by [`find_column`] (the table importer's too),
//! whose error is [`DataError::missing_column`]; and every row gets its line in the file, counted from byte
//! offsets. The `csv` crate's own record line is the line where the previous record ended, so
//! it is one line short after blank lines; counting newlines up to the record's first character
//! is right after blank lines, values over several lines and CRLF line ends alike.

use super::read::read_text;
use crate::error::{DataError, DataErrorKind, ImportError};
use crate::text::find_name;
use std::path::{Path, PathBuf};

pub use csv::StringRecord;

/// How a row's number of fields is checked against the header's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Every row has exactly the header's number of fields, and blank lines are skipped: the
    /// published exports (DDaT, ESCO, SSSOM) are written by programs, so a row of another width
    /// is a broken file.
    Exact,
    /// A row may be shorter than the header (its missing cells are blank) or longer with blank
    /// extra fields (a trailing separator); each blank line between records is handed over as
    /// an empty record, so the caller can say where it was. User tables are edited by hand.
    Tolerant,
}

/// The field separator and the field-count rule of a delimited text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dialect {
    /// The field separator; when `None`, a tab for a `.tsv` or `.tab` file, else the one of
    /// `,`, tab, `;` and `|` found most often outside quotes in the header line.
    pub separator: Option<u8>,
    /// How field counts are checked.
    pub fields: Fields,
}

/// The header row of a delimited text: its trimmed names and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The file.
    pub path: PathBuf,
    /// The header's 1-based line in the file.
    pub line: u64,
    /// The names, trimmed.
    pub names: Vec<String>,
}

impl Header {
    /// The position of a required column ([`find_column`]).
    pub fn column(&self, name: &str) -> Result<usize, ImportError> {
        find_column(&self.path, self.line, &self.names, name)
    }

    /// The position of a column, if present ([`find_column`]; `None` too when it is ambiguous).
    pub fn optional_column(&self, name: &str) -> Option<usize> {
        find_name(&self.names, name).ok()
    }
}

/// The one column lookup of the importers: the position in `names` (a header at `header_line` of
/// `path`) of the column `name`, written exactly so or else the same name ([`find_name`]: case,
/// spacing and `and`/`&` aside). An absent column is [`DataError::missing_column`]; two columns
/// that are both the same name as `name`, neither written exactly so, are
/// [`DataErrorKind::DuplicateColumn`].
pub fn find_column(
    path: &Path,
    header_line: u64,
    names: &[String],
    name: &str,
) -> Result<usize, ImportError> {
    match find_name(names, name) {
        Ok(index) => Ok(index),
        Err(same) if same.is_empty() => Err(DataError::missing_column(path, header_line, name, names).into()),
        Err(same) => {
            let listed = same
                .iter()
                .map(|i| format!("{:?}", names[*i]))
                .collect::<Vec<_>>();
            Err(DataError::new(
                DataErrorKind::DuplicateColumn,
                path,
                format!(
                    "the columns {} are all the column {name:?}: rename all but one of them",
                    listed.join(", ")
                ),
            )
            .at_line(header_line)
            .at_offset(same[0] as u64 + 1)
            .in_column(name)
            .into())
        }
    }
}

/// A delimited text being read: the header is read by [`Reader::new`], the records by
/// [`Reader::for_each`], one at a time (the table importer keeps them in its own compact form).
pub struct Reader<'a> {
    path: &'a Path,
    fields: Fields,
    csv: csv::Reader<&'a [u8]>,
    header: Header,
    /// The blank lines after the header, as file lines, in order.
    blank_lines: Vec<u64>,
    lines: Lines<'a>,
}

impl<'a> Reader<'a> {
    /// Starts reading `text` (decoded by [`super::read::decode`]), whose first line is line
    /// `first_line` of the file (1, or the line after a comment header such as SSSOM's).
    pub fn new(
        path: &'a Path,
        text: &'a str,
        first_line: u64,
        dialect: Dialect,
    ) -> Result<Self, ImportError> {
        let first_text_line = text.lines().find(|line| !line.trim().is_empty()).unwrap_or("");
        let tab_extension = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv") || e.eq_ignore_ascii_case("tab"));
        let separator = dialect.separator.unwrap_or_else(|| {
            if tab_extension {
                b'\t'
            } else {
                sniff_separator(first_text_line)
            }
        });
        let data = text.as_bytes();
        let file_line = |line: u64| line + first_line - 1;
        let blank_lines = match scan_quotes(data, separator) {
            Ok(blank_lines) => blank_lines.into_iter().map(file_line).collect(),
            Err((line, column, field)) => {
                let header = csv::ReaderBuilder::new()
                    .delimiter(separator)
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(first_text_line.as_bytes())
                    .records()
                    .next()
                    .and_then(Result::ok)
                    .and_then(|r| r.get(field).map(|h| h.trim().to_owned()))
                    .unwrap_or_default();
                let rest = text.lines().count() as u64 - line + 1;
                let error = DataError::new(
                    DataErrorKind::Malformed,
                    path,
                    format!(
                        "the quote at column {column} of line {} is never closed: the rest of the file \
                         ({rest} lines) would be one value (close it, or write a quote inside a value as \"\")",
                        file_line(line)
                    ),
                )
                .at_line(file_line(line))
                .at_offset(field as u64 + 1);
                return Err(if header.is_empty() {
                    error
                } else {
                    error.in_column(&header)
                }
                .into());
            }
        };
        // Flexible: the field count is checked here, with the row's true line (see `Fields`).
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(separator)
            .flexible(true)
            .has_headers(true)
            .from_reader(data);
        let mut lines = Lines {
            data,
            first_line,
            cursor: 0,
            line: first_line,
        };
        let header_record = csv.headers().map_err(|e| malformed(path, &lines, e))?;
        let line = lines.of_record(header_record.position());
        let names = header_record.iter().map(|h| h.trim().to_owned()).collect();
        Ok(Self {
            path,
            fields: dialect.fields,
            header: Header {
                path: path.to_owned(),
                line,
                names,
            },
            csv,
            blank_lines,
            lines,
        })
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Reads every record after the header, handing `row` each one with its line in the file,
    /// in order; stops at the first error, `row`'s or the reader's.
    pub fn for_each(
        mut self,
        mut row: impl FnMut(u64, &StringRecord) -> Result<(), ImportError>,
    ) -> Result<(), ImportError> {
        let header_line = self.header.line;
        let blank_lines = std::mem::take(&mut self.blank_lines);
        let mut blanks = blank_lines
            .into_iter()
            .filter(|line| *line > header_line)
            .peekable();
        let blank = StringRecord::new();
        let mut record = StringRecord::new();
        while let Some(line) = self.next_record(&mut record)? {
            if self.fields == Fields::Tolerant {
                // Blank lines after the last record are not rows.
                while let Some(blank_line) = blanks.next_if(|blank_line| *blank_line <= line) {
                    if blank_line < line {
                        row(blank_line, &blank)?;
                    }
                }
            }
            row(line, &record)?;
        }
        Ok(())
    }

    /// Reads the next record into `record` and returns its line, or `None` at the end.
    fn next_record(&mut self, record: &mut StringRecord) -> Result<Option<u64>, ImportError> {
        match self.csv.read_record(record) {
            Ok(true) => {}
            Ok(false) => return Ok(None),
            Err(e) => return Err(malformed(self.path, &self.lines, e)),
        }
        let line = self.lines.of_record(record.position());
        self.check_width(line, record, self.header.names.len())?;
        Ok(Some(line))
    }

    fn check_width(&self, line: u64, record: &StringRecord, width: usize) -> Result<(), ImportError> {
        let offset = match self.fields {
            Fields::Exact if record.len() != width => record.len().min(width) + 1,
            Fields::Tolerant if record.len() > width => {
                match record.iter().skip(width).position(|c| !c.trim().is_empty()) {
                    Some(extra) => width + extra + 1,
                    None => return Ok(()),
                }
            }
            _ => return Ok(()),
        };
        Err(DataError::new(
            DataErrorKind::Malformed,
            self.path,
            format!("the row has {} fields but the header has {width}", record.len()),
        )
        .at_line(line)
        .at_offset(offset as u64)
        .into())
    }
}

/// The error for what the `csv` crate refuses (nothing, reading UTF-8 text flexibly; kept so a
/// future refusal is still located).
fn malformed(path: &Path, lines: &Lines<'_>, error: csv::Error) -> ImportError {
    let mut from_start = Lines {
        cursor: 0,
        line: lines.first_line,
        ..*lines
    };
    DataError::new(DataErrorKind::Malformed, path, error.to_string())
        .at_line(from_start.of_record(error.position()))
        .into()
}

/// File lines of records, counted forward through the text.
#[derive(Clone, Copy)]
struct Lines<'a> {
    data: &'a [u8],
    /// The line of the text's first byte.
    first_line: u64,
    /// The first character of the last record counted.
    cursor: usize,
    /// Its line.
    line: u64,
}

impl Lines<'_> {
    /// The line of a record the `csv` reader placed at `position`. The reader's position is where
    /// the previous record ended, before the line end and any blank lines: those are passed over
    /// to the record's first character, and the newlines up to it counted (including those
    /// inside the previous record's quoted values).
    fn of_record(&mut self, position: Option<&csv::Position>) -> u64 {
        let mut start = position
            .map_or(self.cursor, |p| p.byte() as usize)
            .max(self.cursor);
        while start < self.data.len() && matches!(self.data[start], b'\n' | b'\r') {
            start += 1;
        }
        self.line += self.data[self.cursor..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64;
        self.cursor = start;
        self.line
    }
}

/// Walks a text table as the CSV reader does (a quote opens a quoted field only at the start of a
/// field; `""` inside one is a quote) and returns the blank lines outside quoted fields, or the
/// line, column (characters) and field number of a quote that is never closed.
fn scan_quotes(data: &[u8], separator: u8) -> Result<Vec<u64>, (u64, u64, usize)> {
    let mut blank_lines = Vec::new();
    let (mut line, mut line_start, mut field) = (1u64, 0usize, 0usize);
    let (mut quoted, mut at_field_start, mut line_blank) = (false, true, true);
    // Where the last quoted field opened: (line, its line's first byte, the quote's byte, field).
    let mut opened = (0u64, 0usize, 0usize, 0usize);
    let mut i = 0;
    // Runs of ordinary bytes (inside a quoted value: up to the next quote; outside: up to the next
    // quote, line end or separator) are passed over whole: a byte-by-byte walk doubled the time
    // of reading a table.
    while i < data.len() {
        if quoted {
            let Some(run) = data[i..].iter().position(|b| *b == b'"') else {
                break;
            };
            let value = &data[i..i + run];
            if let Some(last) = value.iter().rposition(|b| *b == b'\n') {
                line += value.iter().filter(|b| **b == b'\n').count() as u64;
                line_start = i + last + 1;
            }
            i += run;
            if data.get(i + 1) == Some(&b'"') {
                i += 2;
            } else {
                quoted = false;
                i += 1;
            }
            continue;
        }
        let run = data[i..]
            .iter()
            .position(|b| matches!(*b, b'"' | b'\n' | b'\r') || *b == separator)
            .unwrap_or(data.len() - i);
        if run > 0 {
            at_field_start = false;
            if line_blank && data[i..i + run].iter().any(|b| !b.is_ascii_whitespace()) {
                line_blank = false;
            }
            i += run;
            continue;
        }
        let byte = data[i];
        match byte {
            b'"' if at_field_start => {
                quoted = true;
                opened = (line, line_start, i, field);
                at_field_start = false;
                line_blank = false;
            }
            b'\n' => {
                if line_blank {
                    blank_lines.push(line);
                }
                line += 1;
                line_start = i + 1;
                (field, at_field_start, line_blank) = (0, true, true);
            }
            b'\r' => at_field_start = true,
            _ if byte == separator => {
                field += 1;
                at_field_start = true;
                line_blank = false;
            }
            _ => {
                at_field_start = false;
                if !byte.is_ascii_whitespace() {
                    line_blank = false;
                }
            }
        }
        i += 1;
    }
    if quoted {
        // The column in characters, counted only for the error: counting at every quote would
        // rescan long lines of quoted values once per value.
        let (line, line_start, at, field) = opened;
        let column = String::from_utf8_lossy(&data[line_start..at]).chars().count() as u64 + 1;
        return Err((line, column, field));
    }
    if line_blank {
        blank_lines.push(line);
    }
    Ok(blank_lines)
}

/// The separator of a header line: the one of `,`, tab, `;` and `|` found most often outside
/// quotes (`,` when none is).
fn sniff_separator(first_line: &str) -> u8 {
    let mut best = (0usize, b',');
    for candidate in [b',', b'\t', b';', b'|'] {
        let mut count = 0;
        let mut quoted = false;
        for byte in first_line.bytes() {
            if byte == b'"' {
                quoted = !quoted;
            } else if byte == candidate && !quoted {
                count += 1;
            }
        }
        if count > best.0 {
            best = (count, candidate);
        }
    }
    best.1
}

/// A delimited table read whole, with exact field counts ([`Fields::Exact`]): what the standards
/// importers (DDaT, ESCO, SSSOM) read.
#[derive(Debug, Clone)]
pub struct Table {
    /// The header.
    pub header: Header,
    /// Each record with its line in the file.
    pub rows: Vec<(u64, StringRecord)>,
}

impl Table {
    /// Reads the file at `path` with `separator`.
    pub fn read(path: &Path, separator: u8) -> Result<Self, ImportError> {
        Self::parse(path, &read_text(path)?, 1, separator)
    }

    /// Parses `text`, whose first line is line `first_line` of the file (see [`Reader::new`]);
    /// a table with a header and no record is [`DataErrorKind::Empty`].
    pub fn parse(path: &Path, text: &str, first_line: u64, separator: u8) -> Result<Self, ImportError> {
        let dialect = Dialect {
            separator: Some(separator),
            fields: Fields::Exact,
        };
        let mut reader = Reader::new(path, text, first_line, dialect)?;
        let mut rows = Vec::new();
        loop {
            // A new record for each row (cloning a reused one would copy its whole buffer, as
            // large as the longest record so far).
            let mut record = StringRecord::new();
            match reader.next_record(&mut record)? {
                Some(line) => rows.push((line, record)),
                None => break,
            }
        }
        let header = reader.header;
        if rows.is_empty() {
            return Err(
                DataError::new(DataErrorKind::Empty, path, "the table has a header but no rows")
                    .at_line(header.line)
                    .into(),
            );
        }
        Ok(Self { header, rows })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.header.path
    }

    /// The position of a required column ([`Header::column`]).
    pub fn column(&self, name: &str) -> Result<usize, ImportError> {
        self.header.column(name)
    }

    /// The position of a column, if present.
    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.header.optional_column(name)
    }
}

/// A cell of `record`, trimmed; empty when the column is absent (`None`) or the row is short.
pub fn cell(record: &StringRecord, index: Option<usize>) -> &str {
    index.and_then(|i| record.get(i)).unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::located;
    use rstest::rstest;

    /// Reads `bytes` as the file `name` with exact field counts, as the standards importers do.
    fn read(name: &str, bytes: &[u8]) -> Result<Table, ImportError> {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        Table::read(&path, b',')
    }

    /// Each row's line (blank lines as rows in the tolerant mode) and the header's line.
    fn lines(text: &str, first_line: u64, fields: Fields) -> (u64, Vec<u64>) {
        let dialect = Dialect {
            separator: None,
            fields,
        };
        let reader = Reader::new(Path::new("t.csv"), text, first_line, dialect).unwrap();
        let header_line = reader.header().line;
        let mut lines = Vec::new();
        reader
            .for_each(|line, _| {
                lines.push(line);
                Ok(())
            })
            .unwrap();
        (header_line, lines)
    }

    #[rstest]
    #[case::plain("a,b\n1,2\n3,4\n", 1, (1, vec![2, 3]), vec![2, 3])]
    #[case::blank_lines("a,b\n1,2\n\n\n3,4\n\n", 1, (1, vec![2, 5]), vec![2, 3, 4, 5])]
    #[case::blank_lines_before_the_header("\n\na,b\n1,2\n", 1, (3, vec![4]), vec![4])]
    #[case::multi_line_value("a,b\n1,\"x\n\ny\"\n3,4\n", 1, (1, vec![2, 5]), vec![2, 5])]
    #[case::crlf("a,b\r\n1,\"x\r\ny\"\r\n\r\n3,4\r\n", 1, (1, vec![2, 5]), vec![2, 4, 5])]
    #[case::after_a_comment_header("a,b\n1,2\n\n3,4\n", 9, (9, vec![10, 12]), vec![10, 11, 12])]
    fn rows_have_their_file_lines(
        #[case] text: &str,
        #[case] first_line: u64,
        #[case] exact: (u64, Vec<u64>),
        #[case] tolerant: Vec<u64>,
    ) {
        assert_eq!(lines(text, first_line, Fields::Exact), exact);
        assert_eq!(lines(text, first_line, Fields::Tolerant), (exact.0, tolerant));
    }

    /// Bad text is refused with its place and kind: (line, column header, column number, kind).
    #[rstest]
    #[case::not_utf8(b"a,b\nok,\xff\n", (Some(2), None, Some(4), DataErrorKind::NotUtf8))]
    #[case::not_utf8_after_a_bom(b"\xEF\xBB\xBFa,\xff\n", (Some(1), None, Some(3), DataErrorKind::NotUtf8))]
    #[case::empty(b"", (None, None, None, DataErrorKind::Empty))]
    #[case::white_space(b" \n\r\n\t", (None, None, None, DataErrorKind::Empty))]
    #[case::bom_only(b"\xEF\xBB\xBF\n", (None, None, None, DataErrorKind::Empty))]
    #[case::header_only(b"\xEF\xBB\xBFa,b\n", (Some(1), None, None, DataErrorKind::Empty))]
    #[case::header_only_after_blank_lines(b"\n\na,b\n\n", (Some(3), None, None, DataErrorKind::Empty))]
    #[case::longer_row(b"a,b\n1,2\n1,2,3\n", (Some(3), None, Some(3), DataErrorKind::Malformed))]
    #[case::shorter_row_after_a_blank_line(b"a,b\n1,2\n\n3\n", (Some(4), None, Some(2), DataErrorKind::Malformed))]
    #[case::longer_row_after_a_multi_line_value(
        b"a,b\n1,\"x\ny\"\n1,2,3\n",
        (Some(4), None, Some(3), DataErrorKind::Malformed)
    )]
    #[case::blank_extra_field(b"a,b\n1,2,\n", (Some(2), None, Some(3), DataErrorKind::Malformed))]
    #[case::quote_never_closed(b"a,b\n1,2\n3,\"x\n4,5\n", (Some(3), Some("b"), Some(2), DataErrorKind::Malformed))]
    fn bad_text_is_located(
        #[case] bytes: &[u8],
        #[case] expected: (Option<u64>, Option<&str>, Option<u64>, DataErrorKind),
    ) {
        let error = read("t.csv", bytes).unwrap_err();
        assert_eq!(located(&error), expected, "{error}");
    }

    /// The table importer's mode lets short rows and blank extra fields through; the exact mode
    /// refuses both (see `bad_text_is_located`).
    #[test]
    fn the_tolerant_mode_takes_short_rows_and_blank_extra_fields() {
        let dialect = Dialect {
            separator: Some(b','),
            fields: Fields::Tolerant,
        };
        let reader = Reader::new(Path::new("t.csv"), "a,b,c\n1\n1,2,3,, \n", 1, dialect).unwrap();
        let mut rows = Vec::new();
        reader
            .for_each(|line, record| {
                rows.push((line, record.iter().map(str::to_owned).collect::<Vec<_>>()));
                Ok(())
            })
            .unwrap();
        assert_eq!(
            rows,
            [
                (2, vec!["1".to_owned()]),
                (3, ["1", "2", "3", "", " "].map(str::to_owned).to_vec())
            ]
        );
        let error = Reader::new(Path::new("t.csv"), "a,b\n1,2,x\n", 1, dialect)
            .unwrap()
            .for_each(|_, _| Ok(()))
            .unwrap_err();
        assert_eq!(
            located(&error),
            (Some(2), None, Some(3), DataErrorKind::Malformed),
            "{error}"
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_header() {
        let table = read("t.csv", b"\xEF\xBB\xBF id ,label\nA,Alpha\n").unwrap();
        assert_eq!(table.header.names, ["id", "label"]);
        assert_eq!(table.column("id").unwrap(), 0);
        assert_eq!(table.rows[0].0, 2);
    }

    #[test]
    fn a_missing_column_is_located_at_the_header() {
        let table = read("t.csv", b"\na,b\n1,2\n").unwrap();
        let error = table.column("c").unwrap_err();
        assert_eq!(
            located(&error),
            (Some(2), Some("c"), None, DataErrorKind::MissingColumn),
            "{error}"
        );
        assert_eq!(table.optional_column("b"), Some(1));
    }

    /// One lookup for every importer: the column written exactly so, else the one that is the same
    /// name (case, spacing, `and`/`&`); two such columns, neither exact, are ambiguous.
    #[test]
    fn columns_are_found_exactly_then_as_names() {
        let table = read("t.csv", b"Skill Name,skill  name,Data and AI\n1,2,3\n").unwrap();
        assert_eq!(table.column("skill  name").unwrap(), 1, "the exact header first");
        assert_eq!(table.column("data & ai").unwrap(), 2);
        assert_eq!(table.optional_column("DATA AND AI"), Some(2));
        let error = table.column("SKILL NAME").unwrap_err();
        assert_eq!(
            located(&error),
            (
                Some(1),
                Some("SKILL NAME"),
                Some(1),
                DataErrorKind::DuplicateColumn
            ),
            "{error}"
        );
        assert!(
            error.to_string().contains("\"Skill Name\", \"skill  name\""),
            "{error}"
        );
        assert_eq!(table.optional_column("SKILL NAME"), None);
    }

    #[rstest]
    #[case("a,b,c", b',')]
    #[case("a\tb\tc", b'\t')]
    #[case("\"a;b\",c;d;e", b';')]
    #[case("a|b", b'|')]
    #[case("single", b',')]
    fn separators_are_sniffed(#[case] line: &str, #[case] expected: u8) {
        assert_eq!(sniff_separator(line), expected);
    }

    /// A `.tsv` or `.tab` file is split at tabs; another at the separator of its header line (the
    /// first line that is not blank).
    #[rstest]
    #[case("t.tsv", "a,b,c\td\n", 2)]
    #[case("t.TAB", "a,b,c\td\n", 2)]
    #[case("t.csv", "a,b,c\td\n", 3)]
    #[case("t.csv", "\n\na;b;c;d\n", 4)]
    fn the_separator_follows_the_extension_then_the_header(
        #[case] name: &str,
        #[case] text: &str,
        #[case] columns: usize,
    ) {
        let dialect = Dialect {
            separator: None,
            fields: Fields::Tolerant,
        };
        let reader = Reader::new(Path::new(name), text, 1, dialect).unwrap();
        assert_eq!(reader.header().names.len(), columns, "{:?}", reader.header());
    }

    /// One reader of delimited text: a `csv` reader built anywhere else in `src/` is a second one
    /// (with its own BOM, UTF-8, header and line rules), so this fails until it uses this module.
    #[test]
    fn only_this_module_reads_delimited_text() {
        fn sources(folder: &Path, found: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    sources(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    found.push(path);
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let this = root.join("import/delimited.rs");
        let mut files = Vec::new();
        sources(&root, &mut files);
        assert!(files.len() > 30, "only {} sources found", files.len());
        assert!(files.contains(&this));
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let builds_a_reader = ["csv::Reader", "ReaderBuilder", "csv::StringRecord"]
                .iter()
                .any(|name| text.contains(name));
            assert_eq!(
                builds_a_reader,
                path == this,
                "{}: read CSV/TSV with crate::import::delimited",
                path.display()
            );
        }
    }
}
