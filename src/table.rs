//! Query results as typed columns, converted to Apache Arrow without a Python object per term.
//!
//! Each column's type is inferred from the RDF terms it holds: integers become `Int64`,
//! decimals, floats and doubles `Float64`, booleans `Boolean`, `xsd:date` `Date32`, `xsd:dateTime`
//! `Timestamp(µs)` (UTC when every value has a time zone), and everything else (IRIs, strings,
//! language-tagged strings, blank nodes, mixed columns) `Utf8`. Unbound values are nulls.

use arrow_array::builder::StringBuilder;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, RecordBatchOptions,
    StringArray, TimestampMicrosecondArray,
};
use arrow_buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema, TimeUnit};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNodeRef, LiteralRef, NamedNodeRef, Term, TermRef, Triple};
use oxigraph::sparql::QuerySolution;
use std::sync::Arc;

/// The Arrow type a column of RDF terms converts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Only unbound values.
    Null,
    /// `xsd:integer` and its derived types, within `i64`.
    Int,
    /// `xsd:decimal`, `xsd:double`, `xsd:float` (and integers mixed with them).
    Float,
    /// `xsd:boolean`.
    Bool,
    /// `xsd:date`.
    Date,
    /// `xsd:dateTime`, all with (`true`) or all without (`false`) a time zone.
    DateTime(bool),
    /// Anything else, as its IRI, `_:id` or lexical form.
    Text,
}

impl ColumnKind {
    fn join(self, other: Self) -> Self {
        use ColumnKind::{Float, Int, Null, Text};
        match (self, other) {
            (Null, x) | (x, Null) => x,
            (a, b) if a == b => a,
            (Int, Float) | (Float, Int) => Float,
            _ => Text,
        }
    }

    /// The Arrow data type for this kind.
    pub fn data_type(self) -> DataType {
        match self {
            Self::Int => DataType::Int64,
            Self::Float => DataType::Float64,
            Self::Bool => DataType::Boolean,
            Self::Date => DataType::Date32,
            Self::DateTime(true) => DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            Self::DateTime(false) => DataType::Timestamp(TimeUnit::Microsecond, None),
            Self::Null | Self::Text => DataType::Utf8,
        }
    }
}

/// What a column of an analysis's table holds, which fixes the column's type in a DataFrame also
/// when the table is empty. Query results infer theirs from their terms ([`ColumnKind`]); an
/// analysis declares its own beside its rows (e.g. [`crate::crosswalk::OverlapRow::columns`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text: IRIs, labels, codes and categories (a missing value is a null).
    Text,
    /// A whole number always present, such as a count (`int64`).
    Count,
    /// A real number, such as a share or a score (`float64`).
    Real,
    /// A list of texts in each cell.
    List,
}

/// One column of an analysis's table: its name as the user sees it, and what it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The column's name, also the row's field it is read from.
    pub name: &'static str,
    /// What it holds.
    pub holds: ColumnType,
}

impl Column {
    /// A text column.
    pub const fn text(name: &'static str) -> Self {
        Self {
            name,
            holds: ColumnType::Text,
        }
    }

    /// A count column.
    pub const fn count(name: &'static str) -> Self {
        Self {
            name,
            holds: ColumnType::Count,
        }
    }

    /// A column of real numbers.
    pub const fn real(name: &'static str) -> Self {
        Self {
            name,
            holds: ColumnType::Real,
        }
    }

    /// A column of lists.
    pub const fn list(name: &'static str) -> Self {
        Self {
            name,
            holds: ColumnType::List,
        }
    }
}

/// Asserts that a serialised row has a field for each of `columns`, holding what the column
/// declares (a text may be missing): the tests of each table's declared columns check its rows.
#[cfg(test)]
pub(crate) fn assert_row_holds(columns: &[Column], row: &serde_json::Map<String, serde_json::Value>) {
    for column in columns {
        let value = row
            .get(column.name)
            .unwrap_or_else(|| panic!("a row has no field {}", column.name));
        let fits = match column.holds {
            ColumnType::Text => value.is_string() || value.is_null(),
            ColumnType::Count => value.is_u64(),
            ColumnType::Real => value.is_f64(),
            ColumnType::List => value.is_array(),
        };
        assert!(
            fits,
            "{} holds {:?}, a row has {value}",
            column.name, column.holds
        );
    }
}

/// The rows of a SELECT query, packed by column as they arrive: each solution's terms are copied
/// into one text buffer per column and the solution is dropped at once. Keeping oxigraph's
/// solutions instead held four heap strings per row until the result was dropped, and freeing
/// them cost as much as converting them (38 ms for 60,000 rows). Read the values back with
/// [`value`](Self::value) and [`column`](Self::column).
#[derive(Debug, Clone, Default)]
pub struct SolutionTable {
    /// The visible variable names, without `?`.
    pub variables: Vec<String>,
    columns: Vec<TermColumn>,
    rows: usize,
}

/// How a packed value reads back: unbound, an IRI, a blank node, or a literal whose datatype or
/// language is entry `tag - LITERAL` of [`TermColumn::annotations`].
const UNBOUND: u32 = 0;
const IRI: u32 = 1;
const BLANK: u32 = 2;
const LITERAL: u32 = 3;

/// A literal's datatype IRI or language tag.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Annotation {
    Datatype(String),
    Language(String),
}

/// One column's terms: their text (IRI, blank node id or lexical form) end to end in `text`,
/// value `i` between `ends[i - 1]` (0 for the first) and `ends[i]`, with its tag in `tags`.
#[derive(Debug, Clone, Default)]
struct TermColumn {
    text: String,
    ends: Vec<usize>,
    tags: Vec<u32>,
    /// The few distinct datatypes and languages of the column's literals.
    annotations: Vec<Annotation>,
}

impl TermColumn {
    fn push(&mut self, term: Option<TermRef<'_>>) {
        let tag = match term {
            None => UNBOUND,
            Some(TermRef::NamedNode(n)) => {
                self.text.push_str(n.as_str());
                IRI
            }
            Some(TermRef::BlankNode(b)) => {
                self.text.push_str(b.as_str());
                BLANK
            }
            Some(TermRef::Literal(l)) => {
                self.text.push_str(l.value());
                LITERAL + self.annotation(l)
            }
        };
        self.ends.push(self.text.len());
        self.tags.push(tag);
    }

    /// The index of the literal's annotation, added if new (a column rarely has more than a few).
    fn annotation(&mut self, literal: LiteralRef<'_>) -> u32 {
        let found = self
            .annotations
            .iter()
            .position(|a| match (a, literal.language()) {
                (Annotation::Language(tag), Some(language)) => tag == language,
                (Annotation::Datatype(iri), None) => iri == literal.datatype().as_str(),
                _ => false,
            });
        let index = found.unwrap_or_else(|| {
            self.annotations.push(match literal.language() {
                Some(language) => Annotation::Language(language.to_owned()),
                None => Annotation::Datatype(literal.datatype().as_str().to_owned()),
            });
            self.annotations.len() - 1
        });
        u32::try_from(index).expect("fewer than 4 billion datatypes and languages")
    }

    fn text_of(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.ends[row - 1] };
        &self.text[start..self.ends[row]]
    }

    fn get(&self, row: usize) -> Option<TermRef<'_>> {
        let text = self.text_of(row);
        Some(match self.tags[row] {
            UNBOUND => return None,
            IRI => NamedNodeRef::new_unchecked(text).into(),
            BLANK => BlankNodeRef::new_unchecked(text).into(),
            tag => match &self.annotations[(tag - LITERAL) as usize] {
                Annotation::Datatype(iri) => {
                    LiteralRef::new_typed_literal(text, NamedNodeRef::new_unchecked(iri)).into()
                }
                Annotation::Language(language) => {
                    LiteralRef::new_language_tagged_literal_unchecked(text, language).into()
                }
            },
        })
    }

    fn language(&self, row: usize) -> Option<&str> {
        match self.tags[row]
            .checked_sub(LITERAL)
            .map(|i| &self.annotations[i as usize])
        {
            Some(Annotation::Language(language)) => Some(language),
            _ => None,
        }
    }

    /// The column as Arrow strings. Without blank nodes (which read `_:id`) the text buffer
    /// already is Arrow's layout, so it is copied whole instead of value by value.
    fn to_strings(&self) -> ArrayRef {
        let nulls: Option<NullBuffer> = self
            .tags
            .contains(&UNBOUND)
            .then(|| self.tags.iter().map(|&t| t != UNBOUND).collect());
        match i32::try_from(self.text.len()) {
            Ok(_) if !self.tags.contains(&BLANK) => {
                let offsets: ScalarBuffer<i32> = std::iter::once(0)
                    .chain(self.ends.iter().map(|&e| e as i32))
                    .collect();
                let values = Buffer::from(self.text.as_bytes());
                // SAFETY: the offsets start at 0, never decrease and end at the buffer's length,
                // and each value is a whole `str`, so every slice is valid UTF-8.
                Arc::new(unsafe {
                    StringArray::new_unchecked(OffsetBuffer::new_unchecked(offsets), values, nulls)
                })
            }
            _ => {
                let mut builder =
                    StringBuilder::with_capacity(self.tags.len(), self.text.len() + 2 * self.tags.len());
                for row in 0..self.tags.len() {
                    match self.get(row) {
                        Some(term) => builder.append_value(term_text(term)),
                        None => builder.append_null(),
                    }
                }
                Arc::new(builder.finish())
            }
        }
    }
}

impl SolutionTable {
    /// An empty table with these columns.
    pub fn new(variables: Vec<String>) -> Self {
        Self {
            columns: vec![TermColumn::default(); variables.len()],
            variables,
            rows: 0,
        }
    }

    /// Appends one row; `values` has one entry per variable (missing ones are unbound).
    pub fn push_row(&mut self, values: impl IntoIterator<Item = Option<Term>>) {
        let mut values = values.into_iter();
        for column in &mut self.columns {
            column.push(values.next().flatten().as_ref().map(Term::as_ref));
        }
        self.rows += 1;
    }

    /// Appends a solution as it came from oxigraph; its variables must be this table's, in order.
    pub fn push_solution(&mut self, solution: QuerySolution) {
        let values = solution.values();
        for (index, column) in self.columns.iter_mut().enumerate() {
            column.push(values.get(index).and_then(|v| v.as_ref().map(Term::as_ref)));
        }
        self.rows += 1;
    }

    /// The table of a CONSTRUCT or DESCRIBE result: subject, predicate, object.
    pub fn from_triples(triples: &[Triple]) -> Self {
        let mut table = Self::new(vec!["subject".into(), "predicate".into(), "object".into()]);
        for t in triples {
            table.columns[0].push(Some(t.subject.as_ref().into()));
            table.columns[1].push(Some(t.predicate.as_ref().into()));
            table.columns[2].push(Some(t.object.as_ref()));
            table.rows += 1;
        }
        table
    }

    /// Removes the named columns (used for variables projected only to bind them).
    pub fn drop_columns(&mut self, names: &[String]) {
        if names.is_empty() {
            return;
        }
        let keep: Vec<bool> = self.variables.iter().map(|v| !names.contains(v)).collect();
        let mut flags = keep.iter();
        self.variables.retain(|_| *flags.next().unwrap_or(&true));
        let mut flags = keep.iter();
        self.columns.retain(|_| *flags.next().unwrap_or(&true));
    }

    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.rows
    }

    /// The value in column `column` of row `row` (`None` when unbound).
    ///
    /// # Panics
    /// If `column` or `row` is out of range.
    pub fn value(&self, column: usize, row: usize) -> Option<TermRef<'_>> {
        self.columns[column].get(row)
    }

    /// The values of one column, top to bottom.
    pub fn column(&self, column: usize) -> impl Iterator<Item = Option<TermRef<'_>>> + '_ {
        let column = &self.columns[column];
        (0..self.rows).map(move |row| column.get(row))
    }

    /// The inferred kind of each column.
    pub fn kinds(&self) -> Vec<ColumnKind> {
        (0..self.variables.len())
            .map(|c| column_kind(self.column(c)))
            .collect()
    }

    /// Whether a column holds at least one language-tagged literal.
    pub fn has_language_tags(&self, column: usize) -> bool {
        self.columns[column]
            .annotations
            .iter()
            .any(|a| matches!(a, Annotation::Language(_)))
    }

    /// Converts to one Arrow record batch. With `language_columns`, every column holding
    /// language-tagged literals gets a companion `<name>_lang` column with the tags.
    pub fn to_record_batch(&self, language_columns: bool) -> Result<RecordBatch, ArrowError> {
        let mut fields = Vec::with_capacity(self.variables.len());
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.variables.len());
        for (index, name) in self.variables.iter().enumerate() {
            let column = &self.columns[index];
            let kind = column_kind(self.column(index));
            fields.push(Field::new(name, kind.data_type(), true));
            arrays.push(build_array(self.column(index), kind, column));
            if language_columns && self.has_language_tags(index) {
                let lang_name = format!("{name}_lang");
                if !self.variables.contains(&lang_name) {
                    fields.push(Field::new(lang_name, DataType::Utf8, true));
                    arrays.push(Arc::new(
                        (0..self.rows)
                            .map(|row| column.language(row))
                            .collect::<StringArray>(),
                    ));
                }
            }
        }
        RecordBatch::try_new_with_options(
            Arc::new(Schema::new(fields)),
            arrays,
            &RecordBatchOptions::new().with_row_count(Some(self.rows)),
        )
    }
}

/// The text form of a term in a `Utf8` column.
pub fn term_text(term: TermRef<'_>) -> std::borrow::Cow<'_, str> {
    match term {
        TermRef::NamedNode(n) => n.as_str().into(),
        TermRef::BlankNode(b) => format!("_:{}", b.as_str()).into(),
        TermRef::Literal(l) => l.value().into(),
    }
}

fn column_kind<'a>(column: impl Iterator<Item = Option<TermRef<'a>>>) -> ColumnKind {
    let mut kind = ColumnKind::Null;
    for term in column.flatten() {
        kind = kind.join(term_kind(term));
        if kind == ColumnKind::Text {
            break;
        }
    }
    kind
}

fn is_integer_type(datatype: &str) -> bool {
    const PREFIX: &str = crate::vocab::XSD;
    datatype.strip_prefix(PREFIX).is_some_and(|local| {
        matches!(
            local,
            "integer"
                | "long"
                | "int"
                | "short"
                | "byte"
                | "nonNegativeInteger"
                | "positiveInteger"
                | "nonPositiveInteger"
                | "negativeInteger"
                | "unsignedLong"
                | "unsignedInt"
                | "unsignedShort"
                | "unsignedByte"
        )
    })
}

fn term_kind(term: TermRef<'_>) -> ColumnKind {
    let TermRef::Literal(literal) = term else {
        return ColumnKind::Text;
    };
    let datatype = literal.datatype();
    let value = literal.value();
    if is_integer_type(datatype.as_str()) {
        if parse_i64(value).is_some() {
            ColumnKind::Int
        } else {
            ColumnKind::Text
        }
    } else if datatype == xsd::DECIMAL || datatype == xsd::DOUBLE || datatype == xsd::FLOAT {
        if parse_f64(value).is_some() {
            ColumnKind::Float
        } else {
            ColumnKind::Text
        }
    } else if datatype == xsd::BOOLEAN {
        if parse_bool(value).is_some() {
            ColumnKind::Bool
        } else {
            ColumnKind::Text
        }
    } else if datatype == xsd::DATE {
        if parse_date(value).is_some() {
            ColumnKind::Date
        } else {
            ColumnKind::Text
        }
    } else if datatype == xsd::DATE_TIME || datatype == xsd::DATE_TIME_STAMP {
        parse_date_time(value).map_or(ColumnKind::Text, |(_, has_tz)| ColumnKind::DateTime(has_tz))
    } else {
        ColumnKind::Text
    }
}

fn literal_value(term: Option<TermRef<'_>>) -> Option<&str> {
    match term {
        Some(TermRef::Literal(l)) => Some(l.value()),
        _ => None,
    }
}

/// The Arrow array of a column whose values are `values` and whose kind is `kind`; strings come
/// straight from the packed `column`.
fn build_array<'a>(
    values: impl Iterator<Item = Option<TermRef<'a>>>,
    kind: ColumnKind,
    column: &TermColumn,
) -> ArrayRef {
    match kind {
        ColumnKind::Int => Arc::new(
            values
                .map(|t| literal_value(t).and_then(parse_i64))
                .collect::<Int64Array>(),
        ),
        ColumnKind::Float => Arc::new(
            values
                .map(|t| literal_value(t).and_then(parse_f64))
                .collect::<Float64Array>(),
        ),
        ColumnKind::Bool => Arc::new(
            values
                .map(|t| literal_value(t).and_then(parse_bool))
                .collect::<BooleanArray>(),
        ),
        ColumnKind::Date => Arc::new(
            values
                .map(|t| literal_value(t).and_then(parse_date))
                .collect::<Date32Array>(),
        ),
        ColumnKind::DateTime(has_tz) => {
            let array = values
                .map(|t| {
                    literal_value(t)
                        .and_then(parse_date_time)
                        .map(|(micros, _)| micros)
                })
                .collect::<TimestampMicrosecondArray>();
            Arc::new(if has_tz { array.with_timezone("UTC") } else { array })
        }
        ColumnKind::Null | ColumnKind::Text => column.to_strings(),
    }
}

fn parse_i64(value: &str) -> Option<i64> {
    value.trim().trim_start_matches('+').parse().ok()
}

fn parse_f64(value: &str) -> Option<f64> {
    match value.trim() {
        "INF" | "+INF" => Some(f64::INFINITY),
        "-INF" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        // Rust also accepts "inf" and "infinity", which XSD does not.
        v if v.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E') => None,
        v => v.parse().ok(),
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// An `xsd:date` as days since 1970-01-01 (its time zone ignored), for Arrow's `Date32`.
fn parse_date(value: &str) -> Option<i32> {
    i32::try_from(crate::xsd::days_since_epoch(value.trim())?).ok()
}

/// An `xsd:dateTime` as microseconds since the epoch (UTC when a zone is given), and whether it
/// had a zone.
fn parse_date_time(value: &str) -> Option<(i64, bool)> {
    crate::xsd::micros_since_epoch(value.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Int64Type, TimestampMicrosecondType};
    use arrow_array::Array;
    use oxigraph::model::{Literal, NamedNode, Term};
    use rstest::rstest;

    fn typed(value: &str, datatype: oxigraph::model::NamedNodeRef<'_>) -> Option<Term> {
        Some(Literal::new_typed_literal(value, datatype).into())
    }

    #[rstest]
    #[case("1970-01-01", 0)]
    #[case("2000-03-01", 11_017)]
    #[case("1969-12-31", -1)]
    #[case("2019-11-30Z", 18_230)]
    fn dates_count_days_from_epoch(#[case] value: &str, #[case] days: i32) {
        assert_eq!(parse_date(value), Some(days));
    }

    #[rstest]
    #[case("2019-02-29")]
    #[case("2019-13-01")]
    #[case("19-01-01")]
    #[case("2019-01-01T00:00:00")]
    fn bad_dates_are_rejected(#[case] value: &str) {
        assert_eq!(parse_date(value), None);
    }

    #[rstest]
    #[case("1970-01-01T00:00:01Z", Some((1_000_000, true)))]
    #[case("1970-01-01T01:00:00+01:00", Some((0, true)))]
    #[case("1970-01-01T00:00:00.25", Some((250_000, false)))]
    #[case("1970-01-01T24:00:00", Some((86_400_000_000, false)))]
    #[case("1970-01-01T25:00:00", None)]
    #[case("1970-01-01", None)]
    fn date_times_count_microseconds(#[case] value: &str, #[case] expected: Option<(i64, bool)>) {
        assert_eq!(parse_date_time(value), expected);
    }

    #[test]
    fn columns_get_types_from_their_terms() {
        let mut table = SolutionTable::new(vec![
            "n".into(),
            "x".into(),
            "d".into(),
            "t".into(),
            "mixed".into(),
        ]);
        let iri: Term = NamedNode::new("http://example.com/a").unwrap().into();
        table.push_row([
            typed("3", xsd::INTEGER),
            typed("2.5", xsd::DECIMAL),
            typed("2020-01-02", xsd::DATE),
            typed("2020-01-02T03:04:05Z", xsd::DATE_TIME),
            Some(iri.clone()),
        ]);
        table.push_row([
            None,
            typed("4", xsd::INTEGER),
            None,
            None,
            typed("7", xsd::INTEGER),
        ]);
        let batch = table.to_record_batch(false).unwrap();
        let schema = batch.schema();
        let types: Vec<_> = schema.fields().iter().map(|f| f.data_type().clone()).collect();
        assert_eq!(
            types,
            vec![
                DataType::Int64,
                DataType::Float64,
                DataType::Date32,
                DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
                DataType::Utf8
            ]
        );
        let n = batch.column(0).as_primitive::<Int64Type>();
        assert_eq!(n.value(0), 3);
        assert!(n.is_null(1));
        assert_eq!(batch.column(2).as_primitive::<Date32Type>().value(0), 18_263);
        assert_eq!(
            batch
                .column(3)
                .as_primitive::<TimestampMicrosecondType>()
                .value(0),
            1_577_934_245_000_000
        );
        let mixed = batch.column(4).as_string::<i32>();
        assert_eq!(mixed.value(0), "http://example.com/a");
        assert_eq!(mixed.value(1), "7");
    }

    #[test]
    fn language_tags_go_to_a_companion_column_on_request() {
        let mut table = SolutionTable::new(vec!["label".into()]);
        table.push_row([Some(
            Literal::new_language_tagged_literal("Data", "en").unwrap().into(),
        )]);
        table.push_row([Some(Literal::new_simple_literal("Daten").into())]);
        assert_eq!(table.to_record_batch(false).unwrap().num_columns(), 1);
        let batch = table.to_record_batch(true).unwrap();
        assert_eq!(batch.schema().field(1).name(), "label_lang");
        let tags = batch.column(1).as_string::<i32>();
        assert_eq!(tags.value(0), "en");
        assert!(tags.is_null(1));
    }

    #[test]
    fn out_of_range_integers_stay_exact_as_text() {
        let mut table = SolutionTable::new(vec!["n".into()]);
        table.push_row([typed("123456789012345678901234567890", xsd::INTEGER)]);
        let batch = table.to_record_batch(false).unwrap();
        assert_eq!(batch.schema().field(0).data_type(), &DataType::Utf8);
    }

    #[test]
    fn dropped_columns_and_clones_read_the_same_values() {
        let mut table = SolutionTable::new(vec!["a".into(), "hidden".into(), "b".into()]);
        let text = |v: &str| Some(Term::from(Literal::new_simple_literal(v)));
        table.push_row([text("a1"), text("h1"), text("b1")]);
        table.push_row([None, text("h2"), text("b2")]);
        table.drop_columns(&["hidden".to_owned()]);
        assert_eq!(table.variables, vec!["a".to_owned(), "b".to_owned()]);
        let copy = table.clone();
        for t in [&table, &copy] {
            assert_eq!(t.value(1, 0), text("b1").as_ref().map(Term::as_ref));
            assert_eq!(t.value(0, 1), None);
            assert_eq!(t.column(1).flatten().count(), 2);
            let batch = t.to_record_batch(false).unwrap();
            assert_eq!(batch.num_columns(), 2);
            assert_eq!(batch.column(1).as_string::<i32>().value(1), "b2");
        }
    }

    #[test]
    fn every_kind_of_term_reads_back_as_it_went_in() {
        let terms: Vec<Option<Term>> = vec![
            Some(NamedNode::new("http://example.com/a").unwrap().into()),
            Some(oxigraph::model::BlankNode::new("b1").unwrap().into()),
            Some(Literal::new_simple_literal("plain").into()),
            Some(
                Literal::new_language_tagged_literal("Daten", "de")
                    .unwrap()
                    .into(),
            ),
            typed("4", xsd::INTEGER),
            typed("", xsd::STRING),
            None,
            Some(Literal::new_language_tagged_literal("Data", "en").unwrap().into()),
            typed("2.5", xsd::DECIMAL),
        ];
        let mut table = SolutionTable::new(vec!["x".into()]);
        for term in &terms {
            table.push_row([term.clone()]);
        }
        let read: Vec<Option<Term>> = table.column(0).map(|t| t.map(TermRef::into_owned)).collect();
        assert_eq!(read, terms);
        // Mixed, with a blank node: built value by value.
        let batch = table.to_record_batch(true).unwrap();
        let text = batch.column(0).as_string::<i32>();
        assert_eq!(
            (text.value(1), text.value(3), text.value(4)),
            ("_:b1", "Daten", "4")
        );
        assert!(text.is_null(6) && !text.is_null(5));
        let languages = batch.column(1).as_string::<i32>();
        assert_eq!((languages.value(3), languages.value(7)), ("de", "en"));
        assert!(languages.is_null(2));

        // Without blank nodes the text buffer is used whole: same values, nulls kept.
        let mut table = SolutionTable::new(vec!["x".into()]);
        for term in terms.iter().filter(|t| !matches!(t, Some(Term::BlankNode(_)))) {
            table.push_row([term.clone()]);
        }
        let batch = table.to_record_batch(false).unwrap();
        let text = batch.column(0).as_string::<i32>();
        let values: Vec<Option<&str>> = text.iter().collect();
        assert_eq!(
            values,
            [
                Some("http://example.com/a"),
                Some("plain"),
                Some("Daten"),
                Some("4"),
                Some(""),
                None,
                Some("Data"),
                Some("2.5")
            ]
        );
    }

    #[test]
    fn a_table_without_columns_keeps_its_row_count() {
        let mut table = SolutionTable::new(vec![]);
        table.push_row([]);
        table.push_row([]);
        assert_eq!(table.to_record_batch(false).unwrap().num_rows(), 2);
    }
}
