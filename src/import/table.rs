//! Any framework held in a table (CSV, TSV, XLSX, XLS, ODS), imported from a column mapping alone.
//!
//! A competency table has one row per item: its id (scoped to the framework), label, and
//! optionally a definition, the id of its broader item and ids of related items. A role table has
//! one row per role, or per (role, role level, competency) requirement, like DDaT's `roles.csv`.
//! Several calls may build one framework: parents and competencies are looked up in the file and
//! then among what earlier calls (or any other source) put in the framework.
//!
//! Every row is checked before anything is stored: triples go to a bulk loader in batches as they
//! are made (so a large table never has all its triples in memory) and are committed only when the
//! whole table has passed, so a bad file changes nothing; each failure names its file, line and
//! column.

use super::cycle::first_cycle;
use super::delimited::{self, Dialect, Fields};
use super::read::decode;
use super::GraphView;
use super::{slug, wg, wgid, ImportReport};
use crate::catalogue::ResolveError;
use crate::error::{DataError, DataErrorKind, ImportError};
use crate::text::{find_name, name_key};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef, Triple};
use oxigraph::store::{StorageError, Store};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

pub(crate) use crate::vocab::{dcterms, org, skos};

/// What the rows of a table are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// Competencies (skills, knowledge areas...), typed `wg:Competency`.
    Competency,
    /// Roles (`wg:Role`), with optional role levels and requirements.
    Role,
}

impl ItemKind {
    /// Parses `"competency"` or `"role"`.
    pub fn parse(text: &str) -> Result<Self, ImportError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "competency" | "competencies" | "skill" | "skills" => Ok(Self::Competency),
            "role" | "roles" => Ok(Self::Role),
            other => Err(ImportError::Argument(format!(
                "kind must be \"competency\" or \"role\", not {other:?}"
            ))),
        }
    }

    /// The IRI path segment of items of this kind.
    pub fn segment(self) -> &'static str {
        match self {
            Self::Competency => "competency",
            Self::Role => "role",
        }
    }
}

/// Which sheet of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetChoice {
    /// By name.
    Name(String),
    /// By 0-based position.
    Index(usize),
}

/// The proficiency scale that `required_level` values are read on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LevelsChoice {
    /// An existing `wg:LevelScale`, by IRI, code (`skos:notation`) or name.
    Existing(String),
    /// A new scale for this framework, level names lowest first.
    New(Vec<String>),
}

/// The column mapping: header names of the table (`None`: the column is not used).
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Item id, scoped to the framework and kind.
    pub id: String,
    /// Preferred label.
    pub label: String,
    /// Definition.
    pub definition: Option<String>,
    /// Id of the broader item (in this file or already in the framework).
    pub parent: Option<String>,
    /// Ids of related items, separated by [`TableSpec::list_separator`].
    pub related: Option<String>,
    /// Role tables: the role level's name (seniority step within the role).
    pub level: Option<String>,
    /// Role tables: the role level's rank (integer, 1 = most junior).
    pub rank: Option<String>,
    /// Role tables: the role family's name.
    pub family: Option<String>,
    /// Role tables: id (or IRI or label) of a required competency.
    pub competency: Option<String>,
    /// Role tables: the level the competency is required at, on the scale.
    pub required_level: Option<String>,
    /// Role tables: `essential` (default when blank) or `optional`.
    pub requirement_type: Option<String>,
}

/// Everything an import needs besides the file.
#[derive(Debug, Clone)]
pub struct TableSpec {
    /// The framework: the name, code or IRI of an existing one, or the name (or IRI) of a new one.
    pub framework: String,
    /// The column mapping.
    pub columns: Columns,
    /// What the rows are.
    pub kind: ItemKind,
    /// Field separator of a text table; sniffed from the header when `None`.
    pub separator: Option<u8>,
    /// The sheet of a workbook; the first when `None`.
    pub sheet: Option<SheetChoice>,
    /// Cell values that mean "missing" (besides blank cells), compared after trimming.
    pub na_values: Vec<String>,
    /// Separator of several ids in one cell (`related`).
    pub list_separator: String,
    /// Where the file comes from (an IRI); the file's `file://` URL when `None`.
    pub source: Option<String>,
    /// A new framework's publisher: an IRI, or an organisation's name.
    pub publisher: Option<String>,
    /// A new framework's short code (`skos:notation`); its name when `None`.
    pub notation: Option<String>,
    /// Role tables: the proficiency scale of `required_level`; the framework's own when `None`.
    pub levels: Option<LevelsChoice>,
    /// Role tables: the framework of the competencies named; this framework when `None`.
    pub competency_framework: Option<String>,
    /// Language tag of labels and definitions.
    pub language: String,
    /// Where items are minted; under the framework's IRI ([`item_iri`]) when `None`.
    pub item_iris: Option<ItemIris>,
}

impl TableSpec {
    /// A competency table of `framework` with only its `columns` mapped, and the defaults
    /// `Graph.import_table` has in Python: separator sniffed, first sheet, `|` between ids,
    /// English labels, the file's URL as the source.
    pub fn new(framework: &str, columns: Columns) -> Self {
        Self {
            framework: framework.to_owned(),
            columns,
            kind: ItemKind::Competency,
            separator: None,
            sheet: None,
            na_values: Vec::new(),
            list_separator: "|".into(),
            source: None,
            publisher: None,
            notation: None,
            levels: None,
            competency_framework: None,
            language: "en".into(),
            item_iris: None,
        }
    }
}

/// Item IRIs minted under a fixed base instead of the framework's IRI, so that an importer can
/// give a published framework the IRIs other data already uses (SFIA: `wgid:sfia/skill/{code}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemIris {
    /// The IRI prefix, ending in `/` or `#`.
    pub base: String,
    /// Lowercase the id in the IRI (the id itself, kept as `skos:notation`, is unchanged).
    pub lowercase: bool,
}

impl ItemIris {
    /// The IRI of the item with this id.
    pub fn iri(&self, id: &str) -> NamedNode {
        let id = if self.lowercase {
            id.to_lowercase()
        } else {
            id.to_owned()
        };
        NamedNode::new_unchecked(format!("{}{}", self.base, encode_segment(&id)))
    }
}

/// The triples of a table and what the import did.
#[derive(Debug, Clone)]
pub struct TableImport {
    /// The triples to add.
    pub triples: Vec<Triple>,
    /// Counts and notes.
    pub report: ImportReport,
    /// The framework's IRI.
    pub framework: NamedNode,
}

/// A table read into memory: trimmed headers and rows of cells, each with its line. The cells of
/// every row live in one buffer (a million-row CSV takes about its own size), read through
/// [`RawTable::rows`].
#[derive(Debug, Clone, Default)]
pub struct RawTable {
    /// The header's line (1 for a CSV; the sheet row of the header).
    pub header_line: u64,
    /// Trimmed header names.
    pub headers: Vec<String>,
    /// 1-based column number of each header (a sheet's used range may start right of column A).
    pub offsets: Vec<u64>,
    /// Every cell of every row, one after the other.
    text: String,
    /// Where each cell ends in `text`: `headers.len()` per row.
    ends: Vec<usize>,
    /// Each row's line.
    lines: Vec<u64>,
}

/// One row of a [`RawTable`]: as many cells as the table has headers.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    text: &'a str,
    ends: &'a [usize],
    start: usize,
}

impl<'a> Row<'a> {
    /// The cell in column `index` (0-based), as written.
    pub fn get(&self, index: usize) -> &'a str {
        let start = if index == 0 {
            self.start
        } else {
            self.ends[index - 1]
        };
        &self.text[start..self.ends[index]]
    }

    /// The cells, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.ends.len()).map(|i| self.get(i))
    }
}

impl RawTable {
    /// A table with these headers and no rows yet.
    pub fn new(header_line: u64, headers: Vec<String>, offsets: Vec<u64>) -> Self {
        Self {
            header_line,
            headers,
            offsets,
            ..Self::default()
        }
    }

    /// A table from rows of owned cells.
    pub fn from_rows(
        header_line: u64,
        headers: Vec<String>,
        offsets: Vec<u64>,
        rows: impl IntoIterator<Item = (u64, Vec<String>)>,
    ) -> Self {
        let mut table = Self::new(header_line, headers, offsets);
        for (line, cells) in rows {
            table.push_row(line, cells.iter().map(String::as_str));
        }
        table
    }

    /// Appends a row: missing cells are blank, cells beyond the headers dropped.
    pub fn push_row<'c>(&mut self, line: u64, cells: impl IntoIterator<Item = &'c str>) {
        let width = self.headers.len();
        let mut count = 0;
        for cell in cells.into_iter().take(width) {
            self.text.push_str(cell);
            self.ends.push(self.text.len());
            count += 1;
        }
        self.ends
            .extend(std::iter::repeat_n(self.text.len(), width - count));
        self.lines.push(line);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// Whether the table has no row.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Row `index` (0-based) and its line.
    pub fn row(&self, index: usize) -> (u64, Row<'_>) {
        let width = self.headers.len();
        let ends = &self.ends[index * width..(index + 1) * width];
        let start = if index == 0 || width == 0 {
            0
        } else {
            self.ends[index * width - 1]
        };
        (
            self.lines[index],
            Row {
                text: &self.text,
                ends,
                start,
            },
        )
    }

    /// The rows with their lines, in order.
    pub fn rows(&self) -> impl Iterator<Item = (u64, Row<'_>)> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }

    /// A header repeated (as a name, [`name_key`]: ignoring case and spacing) is an error: the importer could not tell which column
    /// a mapping names, and one of them would be dropped.
    fn check_headers(&self, path: &Path) -> Result<(), ImportError> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (index, header) in self.headers.iter().enumerate() {
            if header.is_empty() {
                continue;
            }
            if let Some(first) = seen.insert(name_key(header), index) {
                return Err(DataError::new(
                    DataErrorKind::DuplicateColumn,
                    path,
                    format!(
                        "the header repeats the column {header:?} (also column {}): rename one of them",
                        self.offsets[first]
                    ),
                )
                .at_line(self.header_line)
                .at_offset(self.offsets[index])
                .in_column(header)
                .into());
            }
        }
        Ok(())
    }
}

fn is_spreadsheet(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        extension.as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "xla" | "ods"
    )
}

/// Reads a CSV/TSV or a sheet of a workbook.
pub fn read_raw(
    path: &Path,
    separator: Option<u8>,
    sheet: Option<&SheetChoice>,
) -> Result<RawTable, ImportError> {
    if !path.exists() || path.is_dir() {
        let source = match std::fs::metadata(path) {
            Ok(_) => std::io::Error::from(std::io::ErrorKind::IsADirectory),
            Err(e) => e,
        };
        return Err(ImportError::Io {
            path: path.to_owned(),
            source,
        });
    }
    let table = if is_spreadsheet(path) {
        read_sheet(path, sheet)?
    } else {
        let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
            path: path.to_owned(),
            source,
        })?;
        read_text(path, &bytes, separator)?
    };
    table.check_headers(path)?;
    Ok(table)
}

/// Parses a text table (UTF-8, an optional BOM, quoted fields, any line ends) with the one
/// delimited reader, tolerant of short rows; blank lines between records become blank rows, so
/// the import can say where they were.
pub fn read_text(path: &Path, bytes: &[u8], separator: Option<u8>) -> Result<RawTable, ImportError> {
    let text = decode(path, bytes)?;
    let dialect = Dialect {
        separator,
        fields: Fields::Tolerant,
    };
    let reader = delimited::Reader::new(path, text, 1, dialect)?;
    let header = reader.header();
    let offsets = (1..=header.names.len() as u64).collect();
    let mut table = RawTable::new(header.line, header.names.clone(), offsets);
    reader.for_each(|line, record| {
        table.push_row(line, record.iter());
        Ok(())
    })?;
    Ok(table)
}

fn read_sheet(path: &Path, sheet: Option<&SheetChoice>) -> Result<RawTable, ImportError> {
    use calamine::{open_workbook_auto, Data, Reader};
    let malformed = |message: String| -> ImportError {
        DataError::new(DataErrorKind::Malformed, path, message)
            .at_line(1)
            .into()
    };
    let mut workbook =
        open_workbook_auto(path).map_err(|e| malformed(format!("cannot open the workbook: {e}")))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        None => names
            .first()
            .cloned()
            .ok_or_else(|| malformed("the workbook has no sheet".to_owned()))?,
        // Sheets are found by name as columns are ([`find_name`]): written exactly so, else the
        // one sheet that is the same name.
        Some(SheetChoice::Name(wanted)) => match find_name(&names, wanted) {
            Ok(index) => names[index].clone(),
            Err(same) if same.is_empty() => {
                return Err(malformed(format!(
                    "no sheet {wanted:?} (sheets: {})",
                    names.join(", ")
                )))
            }
            Err(same) => {
                let listed: Vec<String> = same.iter().map(|i| format!("{:?}", names[*i])).collect();
                return Err(malformed(format!(
                    "sheet {wanted:?} is ambiguous: the sheets {} are all that name; give one exactly \
                     as written, or its index",
                    listed.join(", ")
                )));
            }
        },
        Some(SheetChoice::Index(index)) => names.get(*index).cloned().ok_or_else(|| {
            malformed(format!(
                "no sheet at index {index}: the workbook has {} ({})",
                names.len(),
                names.join(", ")
            ))
        })?,
    };
    let range = match &mut workbook {
        // XLSX is read by its used cells: its dense reader sizes the range from the cells'
        // positions (or the sheet's declared dimension), so one cell at XFD1048576 made it
        // allocate 17 billion cells and abort.
        calamine::Sheets::Xlsx(xlsx) => xlsx_used_range(xlsx, path, &name)?,
        other => other
            .worksheet_range(&name)
            .map_err(|e| malformed(format!("cannot read sheet {name:?}: {e}")))?,
    };
    if let (Some(start), Some(end)) = (range.start(), range.end()) {
        check_sheet_span(path, &name, start, end)?;
    }
    let Some((start_row, start_column)) = range.start() else {
        return Err(DataError::new(DataErrorKind::Empty, path, format!("sheet {name:?} is empty")).into());
    };
    let text = |cell: &Data| -> String {
        match cell {
            // Whole numbers typed in a cell (ids such as 12) read as written.
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            other => other.to_string(),
        }
    };
    let mut rows_iter = range.rows().enumerate();
    // The header is the first row with any text.
    let (header_index, headers) = loop {
        match rows_iter.next() {
            None => {
                return Err(
                    DataError::new(DataErrorKind::Empty, path, format!("sheet {name:?} is empty")).into(),
                )
            }
            Some((i, row)) => {
                let cells: Vec<String> = row.iter().map(|c| text(c).trim().to_owned()).collect();
                if cells.iter().any(|c| !c.is_empty()) {
                    break (i, cells);
                }
            }
        }
    };
    let offsets = (0..headers.len())
        .map(|i| u64::from(start_column) + i as u64 + 1)
        .collect();
    let rows = rows_iter.map(|(i, row)| {
        (
            u64::from(start_row) + i as u64 + 1,
            row.iter().map(&text).collect(),
        )
    });
    Ok(RawTable::from_rows(
        u64::from(start_row) + header_index as u64 + 1,
        headers,
        offsets,
        rows,
    ))
}

/// The most cells the used area of a sheet may span (from its top-left to its bottom-right used
/// cell); beyond it a sheet is refused rather than read into memory.
pub const MAX_SHEET_CELLS: u64 = 10_000_000;

/// The non-empty cells of an XLSX sheet, read one by one, as a range over their bounding box.
fn xlsx_used_range<RS: std::io::Read + std::io::Seek>(
    xlsx: &mut calamine::Xlsx<RS>,
    path: &Path,
    name: &str,
) -> Result<calamine::Range<calamine::Data>, ImportError> {
    use calamine::{Cell, Data};
    let malformed = |message: String| -> ImportError {
        DataError::new(DataErrorKind::Malformed, path, message)
            .at_line(1)
            .into()
    };
    let mut reader = xlsx
        .worksheet_cells_reader(name)
        .map_err(|e| malformed(format!("cannot read sheet {name:?}: {e}")))?;
    let mut cells = Vec::new();
    let (mut start, mut end) = ((u32::MAX, u32::MAX), (0u32, 0u32));
    while let Some(cell) = reader
        .next_cell()
        .map_err(|e| malformed(format!("cannot read sheet {name:?}: {e}")))?
    {
        let value = Data::from(cell.get_value().clone());
        if matches!(&value, Data::Empty) || matches!(&value, Data::String(s) if s.is_empty()) {
            continue;
        }
        let (row, column) = cell.get_position();
        start = (start.0.min(row), start.1.min(column));
        end = (end.0.max(row), end.1.max(column));
        check_sheet_span(path, name, start, end)?;
        cells.push(Cell::new((row, column), value));
    }
    Ok(calamine::Range::from_sparse(cells))
}

/// Refuses a sheet whose used cells span more than [`MAX_SHEET_CELLS`].
fn check_sheet_span(path: &Path, name: &str, start: (u32, u32), end: (u32, u32)) -> Result<(), ImportError> {
    let span = (u64::from(end.0) - u64::from(start.0) + 1) * (u64::from(end.1) - u64::from(start.1) + 1);
    if span <= MAX_SHEET_CELLS {
        return Ok(());
    }
    let cell = |(row, column): (u32, u32)| format!("{}{}", column_letters(column), u64::from(row) + 1);
    Err(DataError::new(
        DataErrorKind::Malformed,
        path,
        format!(
            "sheet {name:?}: its used cells span {}:{} ({span} cells), more than the {MAX_SHEET_CELLS} cells \
             this reader accepts",
            cell(start),
            cell(end)
        ),
    )
    .at_line(u64::from(end.0) + 1)
    .into())
}

/// A 0-based column index in spreadsheet letters (0 is A, 16383 is XFD).
fn column_letters(column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The `file://` URL of a path, percent-encoded.
pub fn file_url(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let mut url = String::from("file://");
    let text = absolute.to_string_lossy().replace('\\', "/");
    if !text.starts_with('/') {
        url.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

/// An id as an IRI path segment: unreserved ASCII kept, every other byte percent-encoded.
pub fn encode_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Reverses [`encode_segment`]; `None` when the text is not such a segment.
pub fn decode_segment(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = segment.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Where the items of a framework live: its IRI followed by `/` (unless it ends in `/` or `#`).
pub fn item_base(framework: &NamedNode) -> String {
    let iri = framework.as_str();
    if iri.ends_with('/') || iri.ends_with('#') {
        iri.to_owned()
    } else {
        format!("{iri}/")
    }
}

/// The IRI an import mints for item `id`: under [`TableSpec::item_iris`] when set, else [`item_iri`].
fn mint(spec: &TableSpec, framework: &NamedNode, id: &str) -> NamedNode {
    match &spec.item_iris {
        Some(rule) => rule.iri(id),
        None => item_iri(framework, spec.kind, id),
    }
}

/// The IRI of an imported item.
pub fn item_iri(framework: &NamedNode, kind: ItemKind, id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{}{}/{}",
        item_base(framework),
        kind.segment(),
        encode_segment(id)
    ))
}

/// The id of an item of `framework`: its `skos:notation`, else the id its imported IRI encodes.
pub fn item_id(
    store: &Store,
    framework: &NamedNode,
    item: &NamedNode,
) -> Result<Option<String>, StorageError> {
    if let Some(notation) = first_literal(store, item.as_ref(), skos("notation").as_ref(), None)? {
        return Ok(Some(notation));
    }
    let base = item_base(framework);
    for kind in [ItemKind::Competency, ItemKind::Role] {
        if let Some(segment) = item.as_str().strip_prefix(&format!("{base}{}/", kind.segment())) {
            if let Some(id) = decode_segment(segment) {
                return Ok(Some(id));
            }
        }
    }
    Ok(None)
}

/// The first literal value of `predicate` on `subject`, preferring the language `language`.
pub fn first_literal(
    store: &Store,
    subject: NamedNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
    language: Option<&str>,
) -> Result<Option<String>, StorageError> {
    let mut best: Option<(u8, String)> = None;
    for quad in store.quads_for_pattern(Some(subject.into()), Some(predicate), None, None) {
        let quad = quad?;
        if let Term::Literal(literal) = &quad.object {
            let rank = crate::rules::language_rank(literal.language(), language.unwrap_or_default());
            if crate::rules::better_label(
                rank,
                literal.value(),
                best.as_ref().map(|(r, v)| (*r, v.as_str())),
            ) {
                best = Some((rank, literal.value().to_owned()));
            }
        }
    }
    Ok(best.map(|(_, v)| v))
}

/// Objects of `predicate` on `subject` that are IRIs.
pub fn iri_objects(
    store: &Store,
    subject: NamedNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
) -> Result<Vec<NamedNode>, StorageError> {
    let mut out = Vec::new();
    for quad in store.quads_for_pattern(Some(subject.into()), Some(predicate), None, None) {
        if let Term::NamedNode(node) = quad?.object {
            out.push(node);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Subjects (IRIs) with `predicate` `object`.
pub fn iri_subjects(
    store: &Store,
    predicate: NamedNodeRef<'_>,
    object: TermRef<'_>,
) -> Result<Vec<NamedNode>, StorageError> {
    let mut out = Vec::new();
    for quad in store.quads_for_pattern(None, Some(predicate), Some(object), None) {
        if let oxigraph::model::NamedOrBlankNode::NamedNode(node) = quad?.subject {
            out.push(node);
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn has_type(store: &Store, subject: NamedNodeRef<'_>, class: NamedNodeRef<'_>) -> Result<bool, StorageError> {
    store.contains(oxigraph::model::QuadRef::new(
        NamedOrBlankNodeRef::NamedNode(subject),
        rdf::TYPE,
        class,
        oxigraph::model::GraphNameRef::DefaultGraph,
    ))
}

/// Items already in a framework, findable by id, IRI or (if unique) label, compared as names
/// ([`name_key`]).
#[derive(Debug, Default)]
struct Known {
    by_key: HashMap<String, NamedNode>,
    by_label: HashMap<String, Vec<NamedNode>>,
}

impl Known {
    fn read(
        store: &Store,
        framework: &NamedNode,
        kind: ItemKind,
        language: &str,
    ) -> Result<Self, StorageError> {
        let mut known = Self::default();
        let role = wg("Role");
        for item in iri_subjects(store, skos("inScheme").as_ref(), framework.as_ref().into())? {
            let is_role = has_type(store, item.as_ref(), role.as_ref())?;
            let wanted = match kind {
                ItemKind::Role => is_role,
                ItemKind::Competency => {
                    crate::rules::is_framework_item(store, item.as_ref(), crate::rules::ItemRule::Exchange)?
                }
            };
            if !wanted {
                continue;
            }
            known.add(store, framework, &item, language)?;
        }
        Ok(known)
    }

    fn add(
        &mut self,
        store: &Store,
        framework: &NamedNode,
        item: &NamedNode,
        language: &str,
    ) -> Result<(), StorageError> {
        self.by_key.insert(item.as_str().to_owned(), item.clone());
        if let Some(id) = item_id(store, framework, item)? {
            self.by_key.entry(id).or_insert_with(|| item.clone());
        }
        if let Some(label) = first_literal(store, item.as_ref(), skos("prefLabel").as_ref(), Some(language))?
        {
            self.by_label
                .entry(name_key(&label))
                .or_default()
                .push(item.clone());
        }
        Ok(())
    }

    fn find(&self, key: &str) -> Option<&NamedNode> {
        self.by_key
            .get(key)
            .or_else(|| match self.by_label.get(&name_key(key)) {
                Some(found) if found.len() == 1 => found.first(),
                _ => None,
            })
    }
}

/// One column of the mapping, located in the header.
#[derive(Debug, Clone)]
pub(crate) struct Col {
    pub(crate) index: usize,
    pub(crate) header: String,
    pub(crate) offset: u64,
}

impl Col {
    /// Bad data of `kind` in this column on `line`.
    pub(crate) fn error(
        &self,
        path: &Path,
        line: u64,
        kind: DataErrorKind,
        message: impl Into<String>,
    ) -> ImportError {
        DataError::new(kind, path, message)
            .at_line(line)
            .at_offset(self.offset)
            .in_column(&self.header)
            .into()
    }
}

struct Cells<'a> {
    path: &'a Path,
    na: &'a HashSet<String>,
}

impl Cells<'_> {
    fn get<'a>(&self, row: &Row<'a>, col: Option<&Col>) -> Option<&'a str> {
        let col = col?;
        let value = row.get(col.index).trim();
        if value.is_empty() || self.na.contains(value) {
            None
        } else {
            Some(value)
        }
    }

    fn error(&self, line: u64, col: &Col, kind: DataErrorKind, message: impl Into<String>) -> ImportError {
        col.error(self.path, line, kind, message)
    }
}

/// The column `name` (when given) in the header of `table`, found by the importers' one column
/// lookup ([`delimited::find_column`]: written exactly so, else the same name, as
/// [`RawTable::check_headers`] compares them).
pub(crate) fn locate(table: &RawTable, path: &Path, name: Option<&str>) -> Result<Option<Col>, ImportError> {
    let Some(name) = name else { return Ok(None) };
    let index = delimited::find_column(path, table.header_line, &table.headers, name)?;
    Ok(Some(Col {
        index,
        header: table.headers[index].clone(),
        offset: table.offsets[index],
    }))
}

fn lang(text: &str, language: &str) -> Term {
    Literal::new_language_tagged_literal_unchecked(text, language).into()
}

fn plain(text: &str) -> Term {
    Literal::new_simple_literal(text).into()
}

fn integer(value: i64) -> Term {
    Literal::new_typed_literal(value.to_string(), xsd::INTEGER).into()
}

pub(crate) fn parse_iri(text: &str) -> Option<NamedNode> {
    let scheme_end = text.find(':')?;
    let scheme = &text[..scheme_end];
    if scheme.is_empty()
        || !scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None;
    }
    if !text[scheme_end..].starts_with("://") && !matches!(scheme, "urn" | "mailto" | "tag") {
        return None;
    }
    NamedNode::new(text).ok()
}

/// A level scale: its IRI and levels (IRI, label, notation) in rank order.
#[derive(Debug, Clone)]
struct Scale {
    levels: Vec<(NamedNode, String, Option<String>)>,
}

impl Scale {
    fn read(store: &Store, scale: &NamedNode) -> Result<Self, StorageError> {
        let mut levels = Vec::new();
        for level in iri_subjects(store, skos("inScheme").as_ref(), scale.as_ref().into())? {
            let label = first_literal(store, level.as_ref(), skos("prefLabel").as_ref(), Some("en"))?
                .unwrap_or_default();
            let notation = first_literal(store, level.as_ref(), skos("notation").as_ref(), None)?;
            let rank = first_literal(store, level.as_ref(), wg("rank").as_ref(), None)?
                .and_then(|r| r.parse::<i64>().ok())
                .unwrap_or(i64::MAX);
            levels.push((rank, level, label, notation));
        }
        levels.sort_by(|a, b| (a.0, a.1.as_str()).cmp(&(b.0, b.1.as_str())));
        Ok(Self {
            levels: levels.into_iter().map(|(_, l, label, n)| (l, label, n)).collect(),
        })
    }

    /// The level `name` is: its IRI, or its label or notation as a name ([`name_key`]).
    fn find(&self, name: &str) -> Option<&NamedNode> {
        let wanted = name_key(name);
        self.levels
            .iter()
            .find(|(iri, label, notation)| {
                iri.as_str() == name
                    || name_key(label) == wanted
                    || notation.as_ref().is_some_and(|n| name_key(n) == wanted)
            })
            .map(|(iri, _, _)| iri)
    }

    fn names(&self) -> String {
        self.levels
            .iter()
            .map(|(_, l, _)| format!("{l:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn resolve_scale(store: &Store, given: &str) -> Result<NamedNode, ImportError> {
    let scales = iri_subjects(store, rdf::TYPE, wg("LevelScale").as_ref().into())?;
    let wanted = name_key(given);
    for scale in &scales {
        if scale.as_str() == given.trim() {
            return Ok(scale.clone());
        }
        for predicate in ["notation", "prefLabel", "altLabel"] {
            for quad in store.quads_for_pattern(
                Some(scale.as_ref().into()),
                Some(skos(predicate).as_ref()),
                None,
                None,
            ) {
                if let Term::Literal(l) = quad?.object {
                    if name_key(l.value()) == wanted {
                        return Ok(scale.clone());
                    }
                }
            }
        }
    }
    Err(ImportError::Argument(format!(
        "no level scale {given:?} in the graph; pass levels=[...] (level names, lowest first) to make one"
    )))
}

fn triple(subject: &NamedNode, predicate: NamedNode, object: impl Into<Term>) -> Triple {
    Triple::new(subject.clone(), predicate, object.into())
}

/// Reads and checks a table against the graph, and returns the triples it adds. `progress` is
/// called with the number of rows processed since its last call.
pub fn read_table(
    view: &GraphView<'_>,
    path: &Path,
    table: &RawTable,
    spec: &TableSpec,
    progress: &mut dyn FnMut(usize),
) -> Result<TableImport, ImportError> {
    let mut triples = Vec::new();
    let (report, framework) = stream_table(view, path, table, spec, progress, &mut |batch| {
        triples.extend(batch);
        Ok(())
    })?;
    Ok(TableImport {
        triples,
        report,
        framework,
    })
}

/// Checks a table against the graph and passes the triples it adds to `sink`, in batches, as they
/// are made (so a large table's triples are never all in memory). A failure can come after some
/// batches were passed on: the caller discards them (see [`Graph::import_table`]).
///
/// The import runs in phases, each a function below: the mapping's columns are located in the
/// header ([`Mapped::locate`]); the framework is found or made ([`resolve_target`]); the rows are
/// read and checked one by one ([`read_rows`]); parents and related ids are resolved
/// ([`check_references`]) and the hierarchy checked for cycles ([`check_cycles`]); then the
/// triples of the items ([`emit_items`]), role levels ([`emit_role_levels`]) and requirements
/// ([`emit_requirements`]) go through the [`Emitter`].
pub fn stream_table(
    view: &GraphView<'_>,
    path: &Path,
    table: &RawTable,
    spec: &TableSpec,
    progress: &mut dyn FnMut(usize),
    sink: &mut dyn FnMut(Vec<Triple>) -> Result<(), ImportError>,
) -> Result<(ImportReport, NamedNode), ImportError> {
    let mut emit = Emitter {
        batch: Vec::with_capacity(TABLE_BATCH),
        sink,
        count: 0,
    };
    check_kind_columns(spec)?;
    if table.is_empty() {
        return Err(
            DataError::new(DataErrorKind::Empty, path, "the table has a header but no rows")
                .at_line(table.header_line)
                .into(),
        );
    }
    let cols = Mapped::locate(table, path, &spec.columns)?;
    let mut report = ImportReport {
        source: path.display().to_string(),
        ..ImportReport::default()
    };
    let (target, mut framework_triples) = resolve_target(view, path, spec, &mut report)?;
    emit.group(&mut framework_triples)?;

    let na: HashSet<String> = spec.na_values.iter().map(|v| v.trim().to_owned()).collect();
    let cells = Cells { path, na: &na };
    let known = Known::read(view.store, &target.framework, spec.kind, &spec.language)?;
    let rows = read_rows(table, &cols, &cells, spec, &known, &target.framework, progress)?;
    note_unread(&mut report, &cols, &rows);

    let resolver = Resolver {
        items: &rows.items,
        known: &known,
        target: &target,
    };
    let parent_of = check_references(&rows, &cols, &cells, &resolver)?;
    check_cycles(&rows, &parent_of, cols.parent.as_ref(), &cells)?;

    emit_items(&mut emit, view.store, &rows, &resolver, &mut report)?;
    if spec.kind == ItemKind::Role {
        let level_nodes = emit_role_levels(&mut emit, &rows, &cols, &target, &mut report)?;
        if cols.competency.is_some() {
            emit_requirements(&mut emit, view, &rows, &level_nodes, &cols, &target, &mut report)?;
        }
    }
    emit.finish()?;
    report.triples = emit.count;
    Ok((report, target.framework))
}

/// Refuses role-table columns (levels, ranks, families, requirements) in the mapping of a
/// competency table, whose rows have none.
fn check_kind_columns(spec: &TableSpec) -> Result<(), ImportError> {
    if spec.kind != ItemKind::Competency {
        return Ok(());
    }
    let columns = &spec.columns;
    for (name, given) in [
        ("level", &columns.level),
        ("rank", &columns.rank),
        ("family", &columns.family),
        ("competency", &columns.competency),
        ("required_level", &columns.required_level),
        ("requirement_type", &columns.requirement_type),
    ] {
        if given.is_some() {
            return Err(ImportError::Argument(format!(
                "{name}= applies to role tables (kind=\"role\") only"
            )));
        }
    }
    Ok(())
}

/// The columns of the mapping, located in the header.
#[derive(Debug, Clone)]
struct Mapped {
    id: Col,
    label: Col,
    definition: Option<Col>,
    parent: Option<Col>,
    related: Option<Col>,
    level: Option<Col>,
    rank: Option<Col>,
    family: Option<Col>,
    competency: Option<Col>,
    required_level: Option<Col>,
    requirement_type: Option<Col>,
    /// The headers (quoted) of the named columns the mapping leaves out, in table order.
    unmapped: Vec<String>,
}

impl Mapped {
    /// Finds each column of `columns` in the header of `table` (in the order of [`Columns`]'s
    /// fields, so a missing column is reported as before), and refuses `rank=` without `level=`.
    fn locate(table: &RawTable, path: &Path, columns: &Columns) -> Result<Self, ImportError> {
        let at = |name: &Option<String>| locate(table, path, name.as_deref());
        let id = locate(table, path, Some(&columns.id))?.expect("given");
        let label = locate(table, path, Some(&columns.label))?.expect("given");
        let mut mapped = Self {
            id,
            label,
            definition: at(&columns.definition)?,
            parent: at(&columns.parent)?,
            related: at(&columns.related)?,
            level: at(&columns.level)?,
            rank: at(&columns.rank)?,
            family: at(&columns.family)?,
            competency: at(&columns.competency)?,
            required_level: at(&columns.required_level)?,
            requirement_type: at(&columns.requirement_type)?,
            unmapped: Vec::new(),
        };
        if mapped.rank.is_some() && mapped.level.is_none() {
            return Err(ImportError::Argument(
                "rank= needs level= (the role-level column it ranks)".to_owned(),
            ));
        }
        let used: HashSet<usize> = [
            Some(&mapped.id),
            Some(&mapped.label),
            mapped.definition.as_ref(),
            mapped.parent.as_ref(),
            mapped.related.as_ref(),
            mapped.level.as_ref(),
            mapped.rank.as_ref(),
            mapped.family.as_ref(),
            mapped.competency.as_ref(),
            mapped.required_level.as_ref(),
            mapped.requirement_type.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(|c| c.index)
        .collect();
        mapped.unmapped = (0..table.headers.len())
            .filter(|i| !used.contains(i) && !table.headers[*i].is_empty())
            .map(|i| format!("{:?}", table.headers[i]))
            .collect();
        Ok(mapped)
    }
}

/// What every triple of an import shares: the spec, the framework the rows go to, the IRI of
/// the file's source and the language of labels.
struct Target<'s> {
    spec: &'s TableSpec,
    /// The file.
    path: &'s Path,
    framework: NamedNode,
    source: NamedNode,
    language: &'s str,
}

impl Target<'_> {
    /// The IRI of the item `id` of the framework ([`mint`]).
    fn mint(&self, id: &str) -> NamedNode {
        mint(self.spec, &self.framework, id)
    }

    /// Bad data of `kind` in the column `col` of the file, on `line`.
    fn error(&self, line: u64, col: &Col, kind: DataErrorKind, message: impl Into<String>) -> ImportError {
        col.error(self.path, line, kind, message)
    }
}

/// The framework the rows go to: the one `spec.framework` names, or else a new one, made by the
/// triples returned (with its publisher, found or made by name); and the file's source IRI.
fn resolve_target<'s>(
    view: &GraphView<'_>,
    path: &'s Path,
    spec: &'s TableSpec,
    report: &mut ImportReport,
) -> Result<(Target<'s>, Vec<Triple>), ImportError> {
    let language = spec.language.as_str();
    let mut triples: Vec<Triple> = Vec::new();
    let source = match &spec.source {
        Some(given) => parse_iri(given).ok_or_else(|| {
            ImportError::Argument(format!(
                "source must be an IRI such as https://example.org/framework.csv, not {given:?}"
            ))
        })?,
        None => NamedNode::new(file_url(path))
            .map_err(|e| ImportError::Argument(format!("cannot make a file URL: {e}")))?,
    };
    let framework = match (view.resolve_framework)(&spec.framework) {
        Ok(existing) => {
            if spec.publisher.is_some() || spec.notation.is_some() {
                report.notes.push(format!(
                    "framework {} already exists: publisher= and notation= were not applied",
                    existing.as_str()
                ));
            }
            existing
        }
        Err(ResolveError::Unknown(_)) => {
            let name = spec.framework.trim();
            let (node, label) = match parse_iri(name) {
                Some(iri) => {
                    let label = iri
                        .as_str()
                        .rsplit(['/', '#'])
                        .find(|s| !s.is_empty())
                        .unwrap_or(iri.as_str())
                        .to_owned();
                    (iri, label)
                }
                None if slug(name).is_empty() => {
                    return Err(ImportError::Argument(format!(
                        "framework {name:?} needs at least one letter or digit to name a new framework"
                    )))
                }
                None => (wgid(&format!("framework/{}", slug(name))), name.to_owned()),
            };
            triples.push(triple(&node, rdf::TYPE.into_owned(), skos("ConceptScheme")));
            triples.push(triple(&node, rdf::TYPE.into_owned(), wg("Framework")));
            triples.push(triple(&node, skos("prefLabel"), lang(&label, language)));
            triples.push(triple(
                &node,
                skos("notation"),
                plain(spec.notation.as_deref().unwrap_or(&label)),
            ));
            triples.push(triple(&node, dcterms("source"), source.clone()));
            match &spec.publisher {
                Some(publisher) => {
                    let publisher_node = match parse_iri(publisher.trim()) {
                        Some(iri) => iri,
                        None if slug(publisher).is_empty() => {
                            return Err(ImportError::Argument(format!("publisher {publisher:?} names nothing")))
                        }
                        None => {
                            let node = wgid(&format!("org/{}", slug(publisher)));
                            if !view.store.contains(oxigraph::model::QuadRef::new(
                                node.as_ref(),
                                rdf::TYPE,
                                org("Organization").as_ref(),
                                oxigraph::model::GraphNameRef::DefaultGraph,
                            ))? && first_literal(view.store, node.as_ref(), skos("prefLabel").as_ref(), None)?.is_none()
                            {
                                triples.push(triple(&node, rdf::TYPE.into_owned(), org("Organization")));
                                triples.push(triple(&node, skos("prefLabel"), lang(publisher.trim(), language)));
                            }
                            node
                        }
                    };
                    triples.push(triple(&node, dcterms("publisher"), publisher_node));
                }
                None => report.notes.push(
                    "no publisher= given: the new framework has no dcterms:publisher, which g.validate() reports".to_owned(),
                ),
            }
            report.added.insert("frameworks".into(), 1);
            node
        }
        Err(other) => return Err(other.into()),
    };
    Ok((
        Target {
            spec,
            path,
            framework,
            source,
            language,
        },
        triples,
    ))
}

/// An item of the file: its first row's line and fields, and the related ids of all its rows.
struct Item<'t> {
    line: u64,
    label: &'t str,
    definition: Option<&'t str>,
    /// The parent id and the line it is on.
    parent: Option<(u64, &'t str)>,
    /// Related ids, each with its line.
    related: Vec<(u64, &'t str)>,
    family: Option<&'t str>,
}

/// Items by id: a small index into a list, which takes about half the memory of a map of items
/// on a table of a million rows.
#[derive(Default)]
struct Items<'t> {
    index: HashMap<&'t str, u32>,
    list: Vec<Item<'t>>,
}

impl<'t> Items<'t> {
    fn get(&self, id: &str) -> Option<&Item<'t>> {
        self.index.get(id).map(|i| &self.list[*i as usize])
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut Item<'t>> {
        self.index.get(id).map(|i| &mut self.list[*i as usize])
    }

    fn contains_key(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    fn insert(&mut self, id: &'t str, item: Item<'t>) {
        self.index
            .insert(id, u32::try_from(self.list.len()).expect("fewer than 2^32 items"));
        self.list.push(item);
    }
}

impl<'t> std::ops::Index<&str> for Items<'t> {
    type Output = Item<'t>;
    fn index(&self, id: &str) -> &Item<'t> {
        self.get(id).expect("an id of the file")
    }
}

/// A requirement row of a role table: a role (at a level) needs a competency (at a level).
struct Req<'t> {
    line: u64,
    role: &'t str,
    level: Option<&'t str>,
    competency: &'t str,
    required: Option<&'t str>,
    essential: bool,
}

/// What the rows of a file say, checked row by row and borrowed from the table.
#[derive(Default)]
struct FileRows<'t> {
    /// Item ids in file order.
    order: Vec<&'t str>,
    items: Items<'t>,
    /// Lines of rows with no value (blank or `na_values` only), skipped.
    blank_lines: Vec<u64>,
    /// Role tables: (role id, level, line) in order of first appearance.
    role_levels: Vec<(&'t str, &'t str, u64)>,
    /// Role tables: the rank given for each (role, level) (0: none) and its line.
    level_ranks: HashMap<(&'t str, &'t str), (i64, u64)>,
    /// Role tables: requirement rows, in file order.
    requirements: Vec<Req<'t>>,
}

/// Reads and checks the rows of `table` one by one, in file order: each row's id (present, new to
/// the framework `known` holds, and, in a competency table, not repeated), label and the fields a
/// repeated role row must agree on; in role tables also levels, ranks and requirements. Calls
/// `progress` about a hundred times along the way. References between rows are not resolved yet.
fn read_rows<'t>(
    table: &'t RawTable,
    cols: &Mapped,
    cells: &Cells<'_>,
    spec: &TableSpec,
    known: &Known,
    framework: &NamedNode,
    progress: &mut dyn FnMut(usize),
) -> Result<FileRows<'t>, ImportError> {
    let total = table.len();
    let step = (total / 100).max(1);
    let mut pending = 0;
    let mut rows = FileRows::default();
    for (line, row) in table.rows() {
        pending += 1;
        if pending >= step {
            progress(pending);
            pending = 0;
        }
        let row = &row;
        if row
            .iter()
            .all(|c| c.trim().is_empty() || cells.na.contains(c.trim()))
        {
            rows.blank_lines.push(line);
            continue;
        }
        let id = cells
            .get(row, Some(&cols.id))
            .ok_or_else(|| cells.error(line, &cols.id, DataErrorKind::MissingValue, "no id"))?;
        let label = cells.get(row, Some(&cols.label));
        let definition = cells.get(row, cols.definition.as_ref());
        let parent = cells.get(row, cols.parent.as_ref());
        let family = cells.get(row, cols.family.as_ref());
        let related: Vec<&str> = cells
            .get(row, cols.related.as_ref())
            .map(|v| {
                v.split(spec.list_separator.as_str())
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        if known.by_key.contains_key(id) {
            return Err(cells.error(
                line,
                &cols.id,
                DataErrorKind::DuplicateId,
                format!(
                    "id {id:?} is already in framework {} (imported earlier)",
                    framework.as_str()
                ),
            ));
        }
        match rows.items.get(id) {
            Some(first) if spec.kind == ItemKind::Competency => {
                return Err(cells.error(
                    line,
                    &cols.id,
                    DataErrorKind::DuplicateId,
                    format!("id {id:?} is also on line {}", first.line),
                ));
            }
            Some(first) => {
                // Another row of the same role: its own fields must agree with the first row's.
                let checks = [
                    (&cols.label, label, Some(first.label)),
                    (
                        cols.definition.as_ref().unwrap_or(&cols.id),
                        definition,
                        first.definition,
                    ),
                    (
                        cols.parent.as_ref().unwrap_or(&cols.id),
                        parent,
                        first.parent.map(|p| p.1),
                    ),
                    (cols.family.as_ref().unwrap_or(&cols.id), family, first.family),
                ];
                for (col, value, before) in checks {
                    if let (Some(value), Some(before)) = (value, before) {
                        if value != before {
                            return Err(cells.error(
                                line,
                                col,
                                DataErrorKind::ConflictingValue,
                                format!(
                                    "{value:?} differs from {before:?} given for role {id:?} on line {}",
                                    first.line
                                ),
                            ));
                        }
                    }
                }
            }
            None => {
                let label = label.ok_or_else(|| {
                    cells.error(
                        line,
                        &cols.label,
                        DataErrorKind::MissingValue,
                        format!("no label for {id:?}"),
                    )
                })?;
                rows.items.insert(
                    id,
                    Item {
                        line,
                        label,
                        definition,
                        parent: parent.map(|p| (line, p)),
                        related: Vec::new(),
                        family,
                    },
                );
                rows.order.push(id);
            }
        }
        let item = rows.items.get_mut(id).expect("inserted above");
        item.related.extend(related.into_iter().map(|r| (line, r)));
        if spec.kind == ItemKind::Role {
            rows.read_role_row(line, row, id, cols, cells)?;
        }
    }
    if pending > 0 {
        progress(pending);
    }
    if rows.order.is_empty() {
        return Err(
            DataError::new(DataErrorKind::Empty, cells.path, "every row is blank")
                .at_line(table.header_line)
                .into(),
        );
    }
    Ok(rows)
}

impl<'t> FileRows<'t> {
    /// The role-table part of the row of role `id` on `line`: its level (ranked on first sight)
    /// and its requirement, if any.
    fn read_role_row(
        &mut self,
        line: u64,
        row: &Row<'t>,
        id: &'t str,
        cols: &Mapped,
        cells: &Cells<'_>,
    ) -> Result<(), ImportError> {
        let level = cells.get(row, cols.level.as_ref());
        if let Some(level) = level {
            if let std::collections::hash_map::Entry::Vacant(e) = self.level_ranks.entry((id, level)) {
                let rank = match cells.get(row, cols.rank.as_ref()) {
                    Some(text) => {
                        let col = cols.rank.as_ref().expect("a value implies the column");
                        parse_rank(text).ok_or_else(|| {
                            cells.error(
                                line,
                                col,
                                DataErrorKind::InvalidValue,
                                format!("rank {text:?} is not a whole number of at least 1"),
                            )
                        })?
                    }
                    None => 0,
                };
                e.insert((rank, line));
                self.role_levels.push((id, level, line));
            }
        }
        if let Some(competency) = cells.get(row, cols.competency.as_ref()) {
            let essential = match cells.get(row, cols.requirement_type.as_ref()) {
                None => true,
                Some(text) => parse_requirement_type(text).ok_or_else(|| {
                    cells.error(
                        line,
                        cols.requirement_type
                            .as_ref()
                            .expect("a value implies the column"),
                        DataErrorKind::InvalidValue,
                        format!("requirement type {text:?} is neither \"essential\" nor \"optional\""),
                    )
                })?,
            };
            let required = cells.get(row, cols.required_level.as_ref());
            self.requirements.push(Req {
                line,
                role: id,
                level,
                competency,
                required,
                essential,
            });
        }
        Ok(())
    }
}

/// A role level's rank: an `xsd:integer` (sign and leading zeros allowed) of at least 1.
fn parse_rank(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|rank| *rank >= 1)
}

/// Whether a requirement type is essential (`essential`, `e`, `required`, `core`) or optional
/// (`optional`, `o`, `desirable`), in any case; `None` for anything else.
fn parse_requirement_type(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "essential" | "e" | "required" | "core" => Some(true),
        "optional" | "o" | "desirable" => Some(false),
        _ => None,
    }
}

/// Notes what the import leaves out: the columns the mapping does not name, and blank rows.
fn note_unread(report: &mut ImportReport, cols: &Mapped, rows: &FileRows<'_>) {
    if !cols.unmapped.is_empty() {
        report.notes.push(format!(
            "columns not mapped, so not imported: {}",
            cols.unmapped.join(", ")
        ));
    }
    if !rows.blank_lines.is_empty() {
        report.notes.push(format!(
            "skipped {} blank rows at lines {}",
            rows.blank_lines.len(),
            rows.blank_lines
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

/// Where a parent or related id leads: to an item of this file, else to one already in the
/// framework (by id, IRI or unique label).
struct Resolver<'r, 't> {
    items: &'r Items<'t>,
    known: &'r Known,
    target: &'r Target<'r>,
}

impl Resolver<'_, '_> {
    fn resolve(&self, key: &str) -> Option<NamedNode> {
        if self.items.contains_key(key) {
            Some(self.target.mint(key))
        } else {
            self.known
                .find(key)
                .cloned()
                .or_else(|| parse_iri(key).filter(|iri| self.known.by_key.contains_key(iri.as_str())))
        }
    }
}

/// Checks that every parent and related id leads somewhere (and no item is its own parent), in
/// file order; returns the parent of each item whose parent is an item of this file.
fn check_references<'t>(
    rows: &FileRows<'t>,
    cols: &Mapped,
    cells: &Cells<'_>,
    resolver: &Resolver<'_, 't>,
) -> Result<HashMap<&'t str, &'t str>, ImportError> {
    let framework = &resolver.target.framework;
    let mut parent_of: HashMap<&'t str, &'t str> = HashMap::new();
    for id in &rows.order {
        let item = &rows.items[id];
        if let Some((line, parent)) = &item.parent {
            let col = cols.parent.as_ref().expect("a parent implies the column");
            if parent == id {
                return Err(cells.error(
                    *line,
                    col,
                    DataErrorKind::Cycle,
                    format!("{id:?} is its own parent"),
                ));
            }
            if resolver.resolve(parent).is_none() {
                return Err(cells.error(
                    *line,
                    col,
                    DataErrorKind::UnknownReference,
                    format!(
                        "parent {parent:?} of {id:?} is neither in this file nor in framework {}",
                        framework.as_str()
                    ),
                ));
            }
            if rows.items.contains_key(parent) {
                parent_of.insert(*id, *parent);
            }
        }
        for (line, related) in &item.related {
            if resolver.resolve(related).is_none() {
                return Err(cells.error(
                    *line,
                    cols.related.as_ref().expect("a related id implies the column"),
                    DataErrorKind::UnknownReference,
                    format!(
                        "related id {related:?} of {id:?} is neither in this file nor in framework {}",
                        framework.as_str()
                    ),
                ));
            }
        }
    }
    Ok(parent_of)
}

/// Refuses a cycle in the file's hierarchy ([`first_cycle`] walking from the items in file
/// order), reported on the parent cell of the row, of those on the cycle, that comes first in the
/// file.
fn check_cycles<'t>(
    rows: &FileRows<'t>,
    parent_of: &HashMap<&'t str, &'t str>,
    parent_col: Option<&Col>,
    cells: &Cells<'_>,
) -> Result<(), ImportError> {
    let Some(cycle) = first_cycle(rows.order.iter().copied(), |id| parent_of.get(id).copied()) else {
        return Ok(());
    };
    // The cycle ends with its first node repeated.
    let first = cycle[..cycle.len() - 1]
        .iter()
        .min_by_key(|id| rows.items[**id].line)
        .expect("a cycle has items");
    let (line, _) = rows.items[*first].parent.expect("on a cycle");
    let names: Vec<String> = cycle.iter().map(|id| format!("{id:?}")).collect();
    Err(cells.error(
        line,
        parent_col.expect("a cycle implies the column"),
        DataErrorKind::Cycle,
        format!("the parents form a cycle: {}", names.join(" → ")),
    ))
}

/// The triples of the items, in file order, then of the role families they name that the graph
/// does not have yet; counts them in `report`.
fn emit_items(
    emit: &mut Emitter<'_>,
    store: &Store,
    rows: &FileRows<'_>,
    resolver: &Resolver<'_, '_>,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let target = resolver.target;
    let (framework, source, language) = (&target.framework, &target.source, target.language);
    let kind = target.spec.kind;
    let kind_class = match kind {
        ItemKind::Competency => vec![wg("Competency")],
        ItemKind::Role => vec![org("Role"), wg("Role")],
    };
    let mut triples: Vec<Triple> = Vec::new();
    let mut families: BTreeMap<String, NamedNode> = BTreeMap::new();
    for id in &rows.order {
        let item = &rows.items[id];
        let node = target.mint(id);
        triples.push(triple(&node, rdf::TYPE.into_owned(), skos("Concept")));
        for class in &kind_class {
            triples.push(triple(&node, rdf::TYPE.into_owned(), class.clone()));
        }
        triples.push(triple(&node, skos("inScheme"), framework.clone()));
        triples.push(triple(&node, skos("prefLabel"), lang(item.label, language)));
        triples.push(triple(&node, skos("notation"), plain(id)));
        if let Some(definition) = &item.definition {
            triples.push(triple(&node, skos("definition"), lang(definition, language)));
        }
        if let Some((_, parent)) = &item.parent {
            triples.push(triple(
                &node,
                skos("broader"),
                resolver.resolve(parent).expect("checked"),
            ));
        }
        for (_, related) in &item.related {
            triples.push(triple(
                &node,
                skos("related"),
                resolver.resolve(related).expect("checked"),
            ));
        }
        if let Some(family) = &item.family {
            let family_node = families
                .entry((*family).to_owned())
                .or_insert_with(|| {
                    NamedNode::new_unchecked(format!(
                        "{}family/{}",
                        item_base(framework),
                        encode_segment(family)
                    ))
                })
                .clone();
            triples.push(triple(&node, wg("belongsToRoleFamily"), family_node.clone()));
            triples.push(triple(&node, skos("broader"), family_node));
        }
        triples.push(triple(&node, dcterms("source"), source.clone()));
        emit.group(&mut triples)?;
    }
    for (family, node) in &families {
        if has_type(store, node.as_ref(), wg("RoleFamily").as_ref())? {
            continue;
        }
        triples.push(triple(node, rdf::TYPE.into_owned(), skos("Concept")));
        triples.push(triple(node, rdf::TYPE.into_owned(), wg("RoleFamily")));
        triples.push(triple(node, skos("inScheme"), framework.clone()));
        triples.push(triple(node, skos("prefLabel"), lang(family, language)));
        triples.push(triple(node, dcterms("source"), source.clone()));
        emit.group(&mut triples)?;
    }
    let kind_name = match kind {
        ItemKind::Competency => "competencies",
        ItemKind::Role => "roles",
    };
    report.added.insert(kind_name.into(), rows.order.len());
    if kind == ItemKind::Role {
        report.added.insert("role families".into(), families.len());
    }
    Ok(())
}

/// The triples of the role levels, ranked by the rank column, else by first appearance within
/// the role (a rank column with a level left unranked is an error); returns each (role, level)'s
/// node.
fn emit_role_levels<'t>(
    emit: &mut Emitter<'_>,
    rows: &FileRows<'t>,
    cols: &Mapped,
    target: &Target<'_>,
    report: &mut ImportReport,
) -> Result<HashMap<(&'t str, &'t str), NamedNode>, ImportError> {
    let (framework, source, language) = (&target.framework, &target.source, target.language);
    let mut triples: Vec<Triple> = Vec::new();
    let mut level_nodes: HashMap<(&'t str, &'t str), NamedNode> = HashMap::new();
    let mut per_role: BTreeMap<&'t str, Vec<(&'t str, u64)>> = BTreeMap::new();
    for (role, level, line) in &rows.role_levels {
        per_role.entry(*role).or_default().push((*level, *line));
    }
    for (role, levels) in per_role {
        let role_node = target.mint(role);
        for (position, (level, line)) in levels.iter().enumerate() {
            let (given_rank, _) = rows.level_ranks[&(role, *level)];
            let rank = if given_rank > 0 {
                given_rank
            } else {
                position as i64 + 1
            };
            if let (Some(rank_col), 0) = (cols.rank.as_ref(), given_rank) {
                return Err(target.error(
                    *line,
                    rank_col,
                    DataErrorKind::MissingValue,
                    format!("no rank for level {level:?} of role {role:?}"),
                ));
            }
            let node =
                NamedNode::new_unchecked(format!("{}/level/{}", role_node.as_str(), encode_segment(level)));
            triples.push(triple(&node, rdf::TYPE.into_owned(), skos("Concept")));
            triples.push(triple(&node, rdf::TYPE.into_owned(), wg("RoleLevel")));
            triples.push(triple(&node, skos("inScheme"), framework.clone()));
            triples.push(triple(&node, skos("prefLabel"), lang(level, language)));
            triples.push(triple(&node, wg("isLevelOf"), role_node.clone()));
            triples.push(triple(&node, skos("broader"), role_node.clone()));
            triples.push(triple(&node, wg("rank"), integer(rank)));
            triples.push(triple(&node, dcterms("source"), source.clone()));
            level_nodes.insert((role, *level), node);
            emit.group(&mut triples)?;
        }
    }
    report.added.insert("role levels".into(), level_nodes.len());
    if cols.level.is_some() && cols.rank.is_none() {
        report.notes.push(
            "role-level ranks follow the order in which each role's levels first appear in the file".into(),
        );
    }
    Ok(level_nodes)
}

/// The scale `required_level` values are read on: the existing one `levels=` names, a new one
/// from its level names (whose triples are emitted; an existing scale of that IRI must have the
/// same levels), else the framework's own.
fn requirement_scale(
    emit: &mut Emitter<'_>,
    store: &Store,
    target: &Target<'_>,
    report: &mut ImportReport,
) -> Result<Scale, ImportError> {
    let framework = &target.framework;
    let scale_node = match &target.spec.levels {
        Some(LevelsChoice::Existing(name)) => Some(resolve_scale(store, name)?),
        Some(LevelsChoice::New(names)) => {
            let node = NamedNode::new_unchecked(format!("{}scale", item_base(framework)));
            let existing = Scale::read(store, &node)?;
            if existing.levels.is_empty() {
                let mut triples = new_scale(framework, &node, names, &target.source, target.language)?;
                emit.group(&mut triples)?;
                report.added.insert("levels".into(), names.len());
            } else {
                let labels: Vec<&String> = existing.levels.iter().map(|(_, l, _)| l).collect();
                if labels
                    .iter()
                    .map(|l| l.as_str())
                    .ne(names.iter().map(|n| n.trim()))
                {
                    return Err(ImportError::Argument(format!(
                        "framework {} already has the scale {} with levels {}: levels= must repeat them",
                        framework.as_str(),
                        node.as_str(),
                        existing.names()
                    )));
                }
            }
            Some(node)
        }
        None => iri_objects(store, framework.as_ref(), wg("hasScale").as_ref())?
            .into_iter()
            .next(),
    };
    let Some(scale_node) = scale_node else {
        return Err(ImportError::Argument(
            "required_level= needs levels=: the name of an existing scale, or the level names lowest first"
                .into(),
        ));
    };
    let mut scale = Scale::read(store, &scale_node)?;
    if let Some(LevelsChoice::New(names)) = &target.spec.levels {
        if scale.levels.is_empty() {
            scale.levels = names
                .iter()
                .map(|n| {
                    let iri = NamedNode::new_unchecked(format!(
                        "{}/{}",
                        scale_node.as_str(),
                        encode_segment(n.trim())
                    ));
                    (iri, n.trim().to_owned(), None)
                })
                .collect();
        }
    }
    Ok(scale)
}

/// The triples of the requirements of a role table, in file order: each competency resolved in
/// the competency framework and each required level on the scale ([`requirement_scale`]); a
/// requirement repeated alike is dropped (and noted), repeated differently an error.
fn emit_requirements(
    emit: &mut Emitter<'_>,
    view: &GraphView<'_>,
    rows: &FileRows<'_>,
    level_nodes: &HashMap<(&str, &str), NamedNode>,
    cols: &Mapped,
    target: &Target<'_>,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let (spec, framework, source) = (target.spec, &target.framework, &target.source);
    let competency_col = cols
        .competency
        .as_ref()
        .expect("requirements come from the column");
    let competency_framework = match &spec.competency_framework {
        Some(name) => (view.resolve_framework)(name)?,
        None => framework.clone(),
    };
    let competencies = Known::read(
        view.store,
        &competency_framework,
        ItemKind::Competency,
        target.language,
    )?;
    let scale = match cols.required_level {
        Some(_) => Some(requirement_scale(emit, view.store, target, report)?),
        None => None,
    };
    let mut triples: Vec<Triple> = Vec::new();
    let mut requirement_triples: HashSet<Triple> = HashSet::new();
    let mut seen: HashMap<(&str, Option<&str>, NamedNode), (u64, Option<NamedNode>, bool)> = HashMap::new();
    let mut duplicates = Vec::new();
    let mut count = 0;
    for req in &rows.requirements {
        let competency = competencies
            .find(req.competency)
            .cloned()
            .or_else(|| {
                parse_iri(req.competency).filter(|iri| competencies.by_key.contains_key(iri.as_str()))
            })
            .ok_or_else(|| {
                target.error(
                    req.line,
                    competency_col,
                    DataErrorKind::UnknownReference,
                    format!(
                        "competency {:?} is not in framework {} (import the competencies first)",
                        req.competency,
                        competency_framework.as_str()
                    ),
                )
            })?;
        let required = match (&req.required, &scale) {
            (Some(name), Some(scale)) => Some(scale.find(name).cloned().ok_or_else(|| {
                target.error(
                    req.line,
                    cols.required_level.as_ref().expect("checked"),
                    DataErrorKind::UnknownReference,
                    format!("level {name:?} is not on the scale (levels: {})", scale.names()),
                )
            })?),
            _ => None,
        };
        let key = (req.role, req.level, competency.clone());
        if let Some((first_line, first_required, first_essential)) = seen.get(&key) {
            if *first_required != required || *first_essential != req.essential {
                let col = cols
                    .required_level
                    .as_ref()
                    .or(cols.requirement_type.as_ref())
                    .unwrap_or(competency_col);
                return Err(target.error(
                    req.line,
                    col,
                    DataErrorKind::ConflictingValue,
                    format!(
                        "requirement of {:?} for role {:?}{} conflicts with line {first_line}",
                        req.competency,
                        req.role,
                        req.level
                            .as_ref()
                            .map(|l| format!(" at level {l:?}"))
                            .unwrap_or_default()
                    ),
                ));
            }
            duplicates.push(req.line);
            continue;
        }
        seen.insert(key, (req.line, required.clone(), req.essential));
        let role_node = target.mint(req.role);
        let level_node = req.level.as_ref().map(|l| level_nodes[&(req.role, *l)].clone());
        let holder = level_node.clone().unwrap_or_else(|| role_node.clone());
        let competency_segment = match item_id(view.store, &competency_framework, &competency)? {
            Some(id) => encode_segment(&id),
            None => encode_segment(competency.as_str()),
        };
        let node = NamedNode::new_unchecked(match &req.level {
            Some(level) => format!(
                "{}requirement/{}/{}/{}",
                item_base(framework),
                encode_segment(req.role),
                encode_segment(level),
                competency_segment
            ),
            None => format!(
                "{}requirement/{}/{}",
                item_base(framework),
                encode_segment(req.role),
                competency_segment
            ),
        });
        triples.push(triple(&node, rdf::TYPE.into_owned(), wg("Requirement")));
        triples.push(triple(&node, wg("forRole"), role_node));
        if let Some(level_node) = level_node {
            triples.push(triple(&node, wg("forRoleLevel"), level_node));
        }
        triples.push(triple(&node, wg("requiredCompetency"), competency.clone()));
        if let Some(required) = required {
            triples.push(triple(&node, wg("requiredLevel"), required));
        }
        triples.push(triple(
            &node,
            wg("requirementType"),
            wg(if req.essential { "Essential" } else { "Optional" }),
        ));
        triples.push(triple(&node, dcterms("source"), source.clone()));
        triples.push(triple(&holder, wg("requiresCompetency"), competency));
        emit.group_unique(&mut triples, &mut requirement_triples)?;
        count += 1;
    }
    if !duplicates.is_empty() {
        report.notes.push(format!(
            "dropped {} duplicate requirement rows (same role, level, competency and required level) at lines {}",
            duplicates.len(),
            duplicates.iter().map(u64::to_string).collect::<Vec<_>>().join(", ")
        ));
    }
    report.added.insert("requirements".into(), count);
    Ok(())
}

/// Triples of a table on their way to the store: each group (the triples about one item, role
/// level, family...) is passed on without repeats, in batches of [`TABLE_BATCH`].
struct Emitter<'s> {
    batch: Vec<Triple>,
    sink: &'s mut dyn FnMut(Vec<Triple>) -> Result<(), ImportError>,
    /// Triples passed on so far.
    count: usize,
}

/// Triples handed to the store at once by a table import.
const TABLE_BATCH: usize = 50_000;

impl Emitter<'_> {
    /// Passes on `triples` (a group whose triples can repeat only among themselves), emptying it.
    fn group(&mut self, triples: &mut Vec<Triple>) -> Result<(), ImportError> {
        let start = self.batch.len();
        for triple in triples.drain(..) {
            if !self.batch[start..].contains(&triple) {
                self.batch.push(triple);
            }
        }
        self.count += self.batch.len() - start;
        self.flush_if_full()
    }

    /// Passes on the triples of `triples` not already in `seen`, emptying it.
    fn group_unique(
        &mut self,
        triples: &mut Vec<Triple>,
        seen: &mut HashSet<Triple>,
    ) -> Result<(), ImportError> {
        for triple in triples.drain(..) {
            if seen.insert(triple.clone()) {
                self.batch.push(triple);
                self.count += 1;
            }
        }
        self.flush_if_full()
    }

    fn flush_if_full(&mut self) -> Result<(), ImportError> {
        if self.batch.len() >= TABLE_BATCH {
            (self.sink)(std::mem::replace(
                &mut self.batch,
                Vec::with_capacity(TABLE_BATCH),
            ))?;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ImportError> {
        if !self.batch.is_empty() {
            (self.sink)(std::mem::take(&mut self.batch))?;
        }
        Ok(())
    }
}

fn new_scale(
    framework: &NamedNode,
    node: &NamedNode,
    names: &[String],
    source: &NamedNode,
    language: &str,
) -> Result<Vec<Triple>, ImportError> {
    let names: Vec<&str> = names.iter().map(|n| n.trim()).collect();
    if names.is_empty() || names.iter().any(|n| n.is_empty()) {
        return Err(ImportError::Argument(
            "levels= needs at least one level name, none blank".into(),
        ));
    }
    let distinct: BTreeSet<String> = names.iter().map(|n| name_key(n)).collect();
    if distinct.len() != names.len() {
        return Err(ImportError::Argument(format!(
            "levels= repeats a name: {names:?}"
        )));
    }
    let mut triples = vec![
        triple(node, rdf::TYPE.into_owned(), skos("ConceptScheme")),
        triple(node, rdf::TYPE.into_owned(), wg("LevelScale")),
        triple(node, rdf::TYPE.into_owned(), wg("ProficiencyScale")),
        triple(node, skos("prefLabel"), lang("Proficiency levels", language)),
        triple(node, dcterms("source"), source.clone()),
        triple(framework, wg("hasScale"), node.clone()),
    ];
    let last = names.len().saturating_sub(1).max(1) as f64;
    for (position, name) in names.iter().enumerate() {
        let level = NamedNode::new_unchecked(format!("{}/{}", node.as_str(), encode_segment(name)));
        let normalised = if names.len() == 1 {
            1.0
        } else {
            position as f64 / last
        };
        triples.extend([
            triple(&level, rdf::TYPE.into_owned(), skos("Concept")),
            triple(&level, rdf::TYPE.into_owned(), wg("Level")),
            triple(&level, rdf::TYPE.into_owned(), wg("ProficiencyLevel")),
            triple(&level, skos("inScheme"), node.clone()),
            triple(&level, skos("prefLabel"), lang(name, language)),
            triple(&level, wg("rank"), integer(position as i64 + 1)),
            triple(
                &level,
                wg("normalisedLevel"),
                Literal::new_typed_literal(crate::xsd::decimal(normalised), xsd::DECIMAL),
            ),
            triple(&level, dcterms("source"), source.clone()),
        ]);
    }
    Ok(triples)
}

/// What a table import added: counts and notes, and the framework.
#[derive(Debug, Clone)]
pub struct TableOutcome {
    /// Counts and notes.
    pub report: ImportReport,
    /// The framework's IRI.
    pub framework: NamedNode,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::located;
    use crate::Graph;
    use rstest::rstest;
    use std::fs;

    fn spec(framework: &str) -> TableSpec {
        let columns = Columns {
            id: "id".into(),
            label: "label".into(),
            parent: Some("parent".into()),
            ..Columns::default()
        };
        TableSpec {
            source: Some("https://example.org/f.csv".into()),
            publisher: Some("Example Body".into()),
            ..TableSpec::new(framework, columns)
        }
    }

    fn import(graph: &Graph, text: &str, spec: &TableSpec) -> Result<TableOutcome, ImportError> {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("f.csv");
        fs::write(&path, text).unwrap();
        graph.import_table(&path, spec, &mut |_| {})
    }

    #[rstest]
    #[case("Data & AI/ML", "Data%20%26%20AI%2FML")]
    #[case("1.2.3", "1.2.3")]
    #[case("Café", "Caf%C3%A9")]
    fn ids_encode_and_decode(#[case] id: &str, #[case] segment: &str) {
        assert_eq!(encode_segment(id), segment);
        assert_eq!(decode_segment(segment).as_deref(), Some(id));
    }

    #[test]
    fn blank_lines_are_rows_to_skip_but_not_inside_quotes() {
        let table = read_text(Path::new("t.csv"), b"id,label\n\na,\"x\n\ny\"\n  \nb,B\n\n", None).unwrap();
        let lines: Vec<u64> = table.rows().map(|(line, _)| line).collect();
        assert_eq!(lines, [2, 3, 6, 7]);
        assert_eq!(table.row(1).1.iter().collect::<Vec<_>>(), ["a", "x\n\ny"]);
        assert_eq!(table.row(0).1.iter().collect::<Vec<_>>(), ["", ""]);
    }

    #[test]
    fn a_repeated_header_is_an_error_at_its_column() {
        let graph = Graph::empty().unwrap();
        let error = import(&graph, "id,label,Label\na,A,B\n", &spec("T")).unwrap_err();
        let message = error.to_string();
        assert_eq!(
            located(&error),
            (Some(1), Some("Label"), Some(3), DataErrorKind::DuplicateColumn),
            "{message}"
        );
        assert!(message.contains("also column 2"), "{message}");
        assert_eq!(graph.len().unwrap(), 0);
    }

    #[test]
    fn a_quote_never_closed_is_an_error_at_its_line_and_column() {
        let graph = Graph::empty().unwrap();
        let text = "id,label\na,A\nb,\"B, and the rest\nc,C\nd,D\n";
        let error = import(&graph, text, &spec("T")).unwrap_err();
        let message = error.to_string();
        assert_eq!(
            located(&error),
            (Some(3), Some("label"), Some(2), DataErrorKind::Malformed),
            "{message}"
        );
        assert!(
            message.contains("quote at column 3 of line 3 is never closed"),
            "{message}"
        );
        assert_eq!(graph.len().unwrap(), 0);
        // Quotes inside an unquoted value, and doubled quotes in a quoted one, are not openings.
        let fine = "id,label,parent\na,5\" screen,\nb,\"say \"\"hi\"\"\",\n";
        let outcome = import(&graph, fine, &spec("T")).unwrap();
        assert_eq!(outcome.report.added["competencies"], 2);
    }

    #[test]
    fn a_failure_after_many_stored_batches_changes_nothing() {
        let graph = Graph::empty().unwrap();
        let mut text = String::from("id,label,parent\n");
        let rows = TABLE_BATCH / 4; // more than one batch of triples (each row makes about seven)
        for i in 0..rows {
            text.push_str(&format!("i{i},Item {i},\n"));
        }
        // A requirement-free competency table fails only in pass 1; a role table with an unknown
        // competency on its last row fails after its items were passed on.
        let error = import(&graph, &format!("{text}i0,again,\n"), &spec("T")).unwrap_err();
        assert!(error.kind() == Some(DataErrorKind::DuplicateId), "{error:?}");
        let mut roles = spec("R");
        roles.kind = ItemKind::Role;
        roles.columns.parent = None;
        roles.columns.competency = Some("competency".into());
        let mut role_text = String::from("id,label,competency\n");
        for i in 0..rows {
            role_text.push_str(&format!("r{i},Role {i},\n"));
        }
        role_text.push_str("r0,Role 0,nowhere\n");
        let error = import(&graph, &role_text, &roles).unwrap_err();
        assert!(error.kind() == Some(DataErrorKind::UnknownReference), "{error:?}");
        assert_eq!(
            graph.len().unwrap(),
            0,
            "nothing of the batches already made is kept"
        );
        let outcome = import(&graph, &text, &spec("T")).unwrap();
        assert_eq!(graph.len().unwrap(), outcome.report.triples);
        assert!(outcome.report.triples > TABLE_BATCH);
    }

    #[test]
    fn a_cycle_is_reported_at_its_first_row() {
        let graph = Graph::empty().unwrap();
        let error = import(&graph, "id,label,parent\na,A,\nb,B,c\nc,C,d\nd,D,b\n", &spec("T")).unwrap_err();
        assert!(
            error.data().and_then(|d| d.line) == Some(3)
                && error.kind() == Some(DataErrorKind::Cycle)
                && error.data().and_then(|d| d.offset) == Some(3),
            "{error:?}"
        );
        assert_eq!(graph.len().unwrap(), 0);
    }

    #[test]
    fn parents_may_come_from_an_earlier_call() {
        let graph = Graph::empty().unwrap();
        let first = import(&graph, "id,label,parent\nroot,Root,\n", &spec("Two calls")).unwrap();
        assert_eq!(first.report.added["frameworks"], 1);
        let second = import(&graph, "id,label,parent\nleaf,Leaf,root\n", &spec("Two calls")).unwrap();
        assert!(!second.report.added.contains_key("frameworks"));
        let leaf = item_iri(&second.framework, ItemKind::Competency, "leaf");
        let parents = iri_objects(graph.store(), leaf.as_ref(), skos("broader").as_ref()).unwrap();
        assert_eq!(
            parents,
            vec![item_iri(&first.framework, ItemKind::Competency, "root")]
        );
        let error = import(&graph, "id,label,parent\nroot,Again,\n", &spec("Two calls")).unwrap_err();
        assert!(
            error.kind() == Some(DataErrorKind::DuplicateId) && error.data().and_then(|d| d.line) == Some(2),
            "{error:?}"
        );
    }

    /// The official DDaT export through the generic importer gives DDaT's own importer's requirements.
    #[test]
    fn the_ddat_export_through_a_column_mapping_matches_the_ddat_importer() {
        // CI always has ../shared beside the clone: a missing export is a failure, not a pass.
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ddat");
        assert!(
            folder.join("roles.csv").exists(),
            "the official DDaT export is missing: {}",
            folder.display()
        );
        let generic = Graph::empty().unwrap();
        let mut skills = spec("DDaT generic");
        skills.columns = Columns {
            id: "Skill Name".into(),
            label: "Skill Name".into(),
            ..Columns::default()
        };
        generic
            .import_table(&folder.join("skills.csv"), &skills, &mut |_| {})
            .unwrap();
        let mut roles = skills.clone();
        roles.kind = ItemKind::Role;
        roles.columns = Columns {
            id: "Role".into(),
            label: "Role".into(),
            family: Some("Role Family".into()),
            level: Some("Role Level".into()),
            competency: Some("Skill Name".into()),
            required_level: Some("Skill Level".into()),
            ..Columns::default()
        };
        roles.levels = Some(LevelsChoice::New(
            ["Awareness", "Working", "Practitioner", "Expert"]
                .map(String::from)
                .to_vec(),
        ));
        roles.na_values = vec!["NOT IN USE".into()];
        let report = generic
            .import_table(&folder.join("roles.csv"), &roles, &mut |_| {})
            .unwrap()
            .report;
        let dedicated = Graph::empty().unwrap();
        let ddat = dedicated.import_ddat(&folder).unwrap();
        for kind in ["roles", "role levels", "requirements", "role families"] {
            assert_eq!(
                report.added.get(kind),
                ddat.added.get(kind),
                "{kind}: {:?} {:?}",
                report,
                ddat
            );
        }
        let sparql = "PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?rl ?vl ?cl ?needed WHERE { ?q wg:forRole ?r ; wg:requiredCompetency ?c .
            ?r skos:prefLabel ?rl . ?c skos:prefLabel ?cl .
            OPTIONAL { ?q wg:forRoleLevel ?v . ?v skos:prefLabel ?vl }
            OPTIONAL { ?q wg:requiredLevel ?level } BIND(LCASE(REPLACE(STR(?level), \"^.*/\", \"\")) AS ?needed) }";
        let tuples = |g: &Graph| -> BTreeSet<Vec<String>> {
            let crate::QueryOutcome::Solutions(table) = g.query(sparql, &[], None).unwrap() else {
                panic!()
            };
            (0..table.num_rows())
                .map(|row| {
                    (0..table.variables.len())
                        .map(|c| {
                            table
                                .value(c, row)
                                .map(|t| crate::table::term_text(t).into_owned())
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect()
        };
        let (ours, theirs) = (tuples(&generic), tuples(&dedicated));
        assert_eq!(ours.len(), theirs.len());
        assert_eq!(
            ours.symmetric_difference(&theirs).take(5).collect::<Vec<_>>(),
            Vec::<&Vec<String>>::new()
        );
    }

    // ---- The phases of an import, one by one.

    fn raw<const N: usize>(headers: [&str; N], rows: &[[&str; N]]) -> RawTable {
        RawTable::from_rows(
            1,
            headers.iter().map(|h| (*h).to_owned()).collect(),
            (1..=N as u64).collect(),
            rows.iter()
                .enumerate()
                .map(|(i, cells)| (i as u64 + 2, cells.iter().map(|c| (*c).to_owned()).collect())),
        )
    }

    fn columns(parent: bool) -> Columns {
        Columns {
            id: "id".into(),
            label: "label".into(),
            parent: parent.then(|| "parent".into()),
            ..Columns::default()
        }
    }

    /// Reads the rows of `table` as a competency (or role) table with no framework behind it.
    fn rows_of<'t>(table: &'t RawTable, spec: &TableSpec) -> Result<FileRows<'t>, ImportError> {
        let na = spec.na_values.iter().cloned().collect();
        let cells = Cells {
            path: Path::new("t.csv"),
            na: &na,
        };
        let cols = Mapped::locate(table, Path::new("t.csv"), &spec.columns)?;
        let framework = NamedNode::new_unchecked("https://example.org/f");
        read_rows(
            table,
            &cols,
            &cells,
            spec,
            &Known::default(),
            &framework,
            &mut |_| {},
        )
    }

    #[test]
    fn columns_are_located_as_names_and_the_rest_listed_as_unmapped() {
        let table = raw(["ID", "Label", "Parent  Item", "notes", ""], &[]);
        let mut mapping = columns(false);
        mapping.parent = Some("parent item".into());
        let cols = Mapped::locate(&table, Path::new("t.csv"), &mapping).unwrap();
        assert_eq!(
            (cols.id.index, cols.label.index, cols.parent.map(|c| c.index)),
            (0, 1, Some(2))
        );
        assert_eq!(cols.unmapped, ["\"notes\""]);
    }

    #[rstest]
    #[case::missing_column(Some("nope"), None)]
    #[case::rank_without_level(None, Some("rank"))]
    fn column_mappings_are_refused(#[case] definition: Option<&str>, #[case] rank: Option<&str>) {
        let table = raw(["id", "label", "rank"], &[]);
        let mut mapping = columns(false);
        mapping.definition = definition.map(str::to_owned);
        mapping.rank = rank.map(str::to_owned);
        let error = Mapped::locate(&table, Path::new("t.csv"), &mapping).unwrap_err();
        match error {
            ImportError::Argument(message) => {
                assert!(
                    rank.is_some() && message.contains("rank= needs level="),
                    "{message}"
                )
            }
            other => assert_eq!(other.kind(), Some(DataErrorKind::MissingColumn), "{other:?}"),
        }
    }

    #[test]
    fn rows_are_read_in_file_order_skipping_blank_ones() {
        let table = raw(
            ["id", "label", "parent"],
            &[["a", "A", ""], ["", " ", "n/a"], ["b", "B", "a"]],
        );
        let mut spec = TableSpec::new("T", columns(true));
        spec.na_values = vec!["n/a".into()];
        let rows = rows_of(&table, &spec).unwrap();
        assert_eq!(rows.order, ["a", "b"]);
        assert_eq!(rows.blank_lines, [3]);
        assert_eq!(rows.items["b"].parent, Some((4, "a")));
    }

    #[rstest]
    #[case::repeated_id(&[["a", "A"], ["a", "B"]], ItemKind::Competency, 3, DataErrorKind::DuplicateId)]
    #[case::no_label(&[["a", ""]], ItemKind::Competency, 2, DataErrorKind::MissingValue)]
    #[case::no_id(&[["a", "A"], ["", "B"]], ItemKind::Competency, 3, DataErrorKind::MissingValue)]
    #[case::role_rows_disagree(&[["r", "Role"], ["r", "Other"]], ItemKind::Role, 3, DataErrorKind::ConflictingValue)]
    #[case::every_row_blank(&[["", ""]], ItemKind::Competency, 1, DataErrorKind::Empty)]
    fn bad_rows_are_refused_at_their_line(
        #[case] cells: &[[&str; 2]],
        #[case] kind: ItemKind,
        #[case] line: u64,
        #[case] error_kind: DataErrorKind,
    ) {
        let table = raw(["id", "label"], cells);
        let mut spec = TableSpec::new("T", columns(false));
        spec.kind = kind;
        let error = rows_of(&table, &spec).err().expect("refused");
        assert_eq!(
            (error.kind(), error.data().and_then(|d| d.line)),
            (Some(error_kind), Some(line)),
            "{error:?}"
        );
    }

    #[test]
    fn a_repeated_role_row_adds_its_level_and_requirement() {
        let table = raw(
            ["id", "label", "level", "competency", "type"],
            &[
                ["r", "Role", "Junior", "c1", ""],
                ["r", "", "Senior", "c2", "Optional"],
            ],
        );
        let mut mapping = columns(false);
        mapping.level = Some("level".into());
        mapping.competency = Some("competency".into());
        mapping.requirement_type = Some("type".into());
        let mut spec = TableSpec::new("T", mapping);
        spec.kind = ItemKind::Role;
        let rows = rows_of(&table, &spec).unwrap();
        assert_eq!(rows.order, ["r"]);
        assert_eq!(rows.role_levels, [("r", "Junior", 2), ("r", "Senior", 3)]);
        let requirements: Vec<(&str, bool)> = rows
            .requirements
            .iter()
            .map(|r| (r.competency, r.essential))
            .collect();
        assert_eq!(requirements, [("c1", true), ("c2", false)]);
    }

    #[rstest]
    #[case("1", Some(1))]
    #[case("+02", Some(2))]
    #[case("0", None)]
    #[case("-1", None)]
    #[case("1.5", None)]
    #[case("one", None)]
    fn ranks_are_whole_numbers_from_one(#[case] text: &str, #[case] rank: Option<i64>) {
        assert_eq!(parse_rank(text), rank);
    }

    #[rstest]
    #[case("Essential", Some(true))]
    #[case("core", Some(true))]
    #[case("O", Some(false))]
    #[case("desirable", Some(false))]
    #[case("maybe", None)]
    fn requirement_types_are_read(#[case] text: &str, #[case] essential: Option<bool>) {
        assert_eq!(parse_requirement_type(text), essential);
    }

    /// The cycle check walks from the rows in file order and reports the cycle's first row.
    #[rstest]
    #[case::none(&[["a", "A", ""], ["b", "B", "a"]], None)]
    #[case::two_cycle(&[["a", "A", "b"], ["b", "B", "a"]], Some((2, "\"a\" → \"b\" → \"a\"")))]
    #[case::tail_into_a_cycle(&[["x", "X", "b"], ["b", "B", "c"], ["c", "C", "b"]], Some((3, "\"b\" → \"c\" → \"b\"")))]
    #[case::entered_after_its_first_row(&[["x", "X", "c"], ["b", "B", "c"], ["c", "C", "b"]], Some((3, "\"c\" → \"b\" → \"c\"")))]
    #[case::first_of_two_cycles(&[["p", "P", "q"], ["a", "A", "b"], ["b", "B", "a"], ["q", "Q", "p"]], Some((2, "\"p\" → \"q\" → \"p\"")))]
    fn cycles_are_reported_at_their_first_row(
        #[case] cells: &[[&str; 3]],
        #[case] expected: Option<(u64, &str)>,
    ) {
        let table = raw(["id", "label", "parent"], cells);
        let spec = TableSpec::new("T", columns(true));
        let rows = rows_of(&table, &spec).unwrap();
        let parent_of: HashMap<&str, &str> = rows
            .order
            .iter()
            .filter_map(|id| rows.items[id].parent.map(|(_, p)| (*id, p)))
            .collect();
        let na = HashSet::new();
        let cells = Cells {
            path: Path::new("t.csv"),
            na: &na,
        };
        let col = locate(&table, Path::new("t.csv"), Some("parent")).unwrap();
        let found = check_cycles(&rows, &parent_of, col.as_ref(), &cells).err();
        let found = found.map(|error| {
            let data = error.data().expect("bad data");
            assert_eq!(data.kind, DataErrorKind::Cycle);
            (data.line.unwrap(), error.to_string())
        });
        match (found, expected) {
            (None, None) => {}
            (Some((line, message)), Some((want_line, cycle))) => {
                assert_eq!(line, want_line, "{message}");
                assert!(message.contains(cycle), "{message}");
            }
            (found, expected) => panic!("{found:?} != {expected:?}"),
        }
    }

    /// A competency named in a role table is found by its label as a name (`name_key`: case,
    /// spacing, `and` for `&`), as frameworks are.
    #[test]
    fn competencies_are_found_by_their_label_as_a_name() {
        let graph = Graph::empty().unwrap();
        let mut skills = spec("Names");
        skills.columns.parent = None;
        import(&graph, "id,label\nc1,Data & Analysis\n", &skills).unwrap();
        let mut roles = skills.clone();
        roles.kind = ItemKind::Role;
        roles.columns.competency = Some("competency".into());
        let outcome = import(&graph, "id,label,competency\nr,Role,data  and analysis\n", &roles).unwrap();
        assert_eq!(outcome.report.added["requirements"], 1);
    }

    /// A new scale's normalised levels are canonical `xsd:decimal`s ([`crate::xsd::decimal`]).
    #[test]
    fn new_scale_levels_are_canonical_decimals() {
        let framework = NamedNode::new_unchecked("https://example.org/f");
        let scale = NamedNode::new_unchecked("https://example.org/f/scale");
        let names = ["Low", "Mid", "High"].map(String::from);
        let triples = new_scale(&framework, &scale, &names, &framework, "en").unwrap();
        let mut values: Vec<String> = triples
            .iter()
            .filter(|t| t.predicate == wg("normalisedLevel"))
            .map(|t| match &t.object {
                Term::Literal(l) => l.value().to_owned(),
                other => panic!("{other}"),
            })
            .collect();
        values.sort();
        assert_eq!(values, ["0", "0.5", "1"]);
        let same = ["Data and AI", "data & AI"].map(String::from);
        assert!(new_scale(&framework, &scale, &same, &framework, "en").is_err());
    }
}
