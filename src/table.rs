//! Query results as typed columns, converted to Apache Arrow without a Python object per term.
//!
//! Each column's type is inferred from the RDF terms it holds: integers become `Int64`,
//! decimals, floats and doubles `Float64`, booleans `Boolean`, `xsd:date` `Date32`, `xsd:dateTime`
//! `Timestamp(µs)` (UTC when every value has a time zone), and everything else (IRIs, strings,
//! language-tagged strings, blank nodes, mixed columns) `Utf8`. Unbound values are nulls.

use arrow_array::builder::StringBuilder;
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, RecordBatchOptions,
    TimestampMicrosecondArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, TimeUnit};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, Term, Triple, Variable};
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

/// The rows of a SELECT query, kept as the solutions oxigraph yields: moved, never cloned, so
/// collecting a result costs no copy of its terms (cloning each term was most of the overhead on
/// top of oxigraph's own evaluation). Read them with [`value`](Self::value) and
/// [`column`](Self::column).
#[derive(Debug, Default)]
pub struct SolutionTable {
    /// The visible variable names, without `?`.
    pub variables: Vec<String>,
    /// Each visible column's position in a solution's values (columns can be dropped).
    positions: Vec<usize>,
    /// The variables of every solution, shared.
    solution_variables: Option<Arc<[Variable]>>,
    rows: Vec<QuerySolution>,
}

impl Clone for SolutionTable {
    fn clone(&self) -> Self {
        let rows = self
            .rows
            .iter()
            .map(|row| QuerySolution::from((Arc::<[Variable]>::from(row.variables()), row.values().to_vec())))
            .collect();
        Self {
            variables: self.variables.clone(),
            positions: self.positions.clone(),
            solution_variables: self.solution_variables.clone(),
            rows,
        }
    }
}

impl SolutionTable {
    /// An empty table with these columns.
    pub fn new(variables: Vec<String>) -> Self {
        let shared: Arc<[Variable]> = variables.iter().map(|v| Variable::new_unchecked(v.as_str())).collect();
        Self { positions: (0..variables.len()).collect(), variables, solution_variables: Some(shared), rows: Vec::new() }
    }

    /// Appends one row; `values` has one entry per variable.
    pub fn push_row(&mut self, values: impl IntoIterator<Item = Option<Term>>) {
        let variables = self.solution_variables.clone().unwrap_or_else(|| Arc::from(Vec::new()));
        let mut values: Vec<Option<Term>> = values.into_iter().collect();
        values.resize(variables.len(), None);
        self.rows.push(QuerySolution::from((variables, values)));
    }

    /// Appends a solution as it came from oxigraph; its variables must be this table's, in order.
    pub fn push_solution(&mut self, solution: QuerySolution) {
        self.rows.push(solution);
    }

    /// The table of a CONSTRUCT or DESCRIBE result: subject, predicate, object.
    pub fn from_triples(triples: &[Triple]) -> Self {
        let mut table = Self::new(vec!["subject".into(), "predicate".into(), "object".into()]);
        for t in triples {
            table.push_row([
                Some(Term::from(t.subject.clone())),
                Some(Term::from(t.predicate.clone())),
                Some(t.object.clone()),
            ]);
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
        self.positions.retain(|_| *flags.next().unwrap_or(&true));
    }

    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.rows.len()
    }

    /// The value in column `column` of row `row` (`None` when unbound).
    ///
    /// # Panics
    /// If `column` or `row` is out of range.
    pub fn value(&self, column: usize, row: usize) -> Option<&Term> {
        self.rows[row].values()[self.positions[column]].as_ref()
    }

    /// The values of one column, top to bottom.
    pub fn column(&self, column: usize) -> impl Iterator<Item = Option<&Term>> + '_ {
        let position = self.positions[column];
        self.rows.iter().map(move |row| row.values()[position].as_ref())
    }

    /// The inferred kind of each column.
    pub fn kinds(&self) -> Vec<ColumnKind> {
        (0..self.variables.len()).map(|c| column_kind(&self.column(c).collect::<Vec<_>>())).collect()
    }

    /// Whether a column holds at least one language-tagged literal.
    pub fn has_language_tags(&self, column: usize) -> bool {
        self.column(column).flatten().any(|t| matches!(t, Term::Literal(l) if l.language().is_some()))
    }

    /// Converts to one Arrow record batch. With `language_columns`, every column holding
    /// language-tagged literals gets a companion `<name>_lang` column with the tags.
    pub fn to_record_batch(&self, language_columns: bool) -> Result<RecordBatch, ArrowError> {
        let mut fields = Vec::with_capacity(self.variables.len());
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.variables.len());
        for (index, name) in self.variables.iter().enumerate() {
            let column: Vec<Option<&Term>> = self.column(index).collect();
            let kind = column_kind(&column);
            fields.push(Field::new(name, kind.data_type(), true));
            arrays.push(build_array(&column, kind));
            if language_columns && self.has_language_tags(index) {
                let lang_name = format!("{name}_lang");
                if !self.variables.contains(&lang_name) {
                    fields.push(Field::new(lang_name, DataType::Utf8, true));
                    arrays.push(Arc::new(
                        column
                            .iter()
                            .map(|t| match t {
                                Some(Term::Literal(l)) => l.language(),
                                _ => None,
                            })
                            .collect::<arrow_array::StringArray>(),
                    ));
                }
            }
        }
        RecordBatch::try_new_with_options(
            Arc::new(Schema::new(fields)),
            arrays,
            &RecordBatchOptions::new().with_row_count(Some(self.rows.len())),
        )
    }
}

/// The text form of a term in a `Utf8` column.
pub fn term_text(term: &Term) -> std::borrow::Cow<'_, str> {
    match term {
        Term::NamedNode(n) => n.as_str().into(),
        Term::BlankNode(b) => format!("_:{}", b.as_str()).into(),
        Term::Literal(l) => l.value().into(),
    }
}

fn column_kind(column: &[Option<&Term>]) -> ColumnKind {
    let mut kind = ColumnKind::Null;
    for term in column.iter().flatten() {
        kind = kind.join(term_kind(term));
        if kind == ColumnKind::Text {
            break;
        }
    }
    kind
}

fn is_integer_type(datatype: &str) -> bool {
    const PREFIX: &str = "http://www.w3.org/2001/XMLSchema#";
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

fn term_kind(term: &Term) -> ColumnKind {
    let Term::Literal(literal) = term else {
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

fn literal_of<'a>(term: &Option<&'a Term>) -> Option<&'a Literal> {
    match term {
        Some(Term::Literal(l)) => Some(l),
        _ => None,
    }
}

fn build_array(column: &[Option<&Term>], kind: ColumnKind) -> ArrayRef {
    match kind {
        ColumnKind::Int => Arc::new(
            column.iter().map(|t| literal_of(t).and_then(|l| parse_i64(l.value()))).collect::<Int64Array>(),
        ),
        ColumnKind::Float => Arc::new(
            column.iter().map(|t| literal_of(t).and_then(|l| parse_f64(l.value()))).collect::<Float64Array>(),
        ),
        ColumnKind::Bool => Arc::new(
            column.iter().map(|t| literal_of(t).and_then(|l| parse_bool(l.value()))).collect::<BooleanArray>(),
        ),
        ColumnKind::Date => Arc::new(
            column.iter().map(|t| literal_of(t).and_then(|l| parse_date(l.value()))).collect::<Date32Array>(),
        ),
        ColumnKind::DateTime(has_tz) => {
            let array = column
                .iter()
                .map(|t| literal_of(t).and_then(|l| parse_date_time(l.value())).map(|(micros, _)| micros))
                .collect::<TimestampMicrosecondArray>();
            Arc::new(if has_tz { array.with_timezone("UTC") } else { array })
        }
        ColumnKind::Null | ColumnKind::Text => {
            let bytes: usize = column.iter().flatten().map(|t| term_text(t).len()).sum();
            let mut builder = StringBuilder::with_capacity(column.len(), bytes);
            for term in column {
                match term {
                    Some(term) => builder.append_value(term_text(term)),
                    None => builder.append_null(),
                }
            }
            Arc::new(builder.finish())
        }
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

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// Parses `YYYY-MM-DD` (four-digit year) at the start of `value`; returns the day count and the rest.
fn parse_ymd(value: &str) -> Option<(i64, &str)> {
    let bytes = value.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: i64 = value.get(0..4)?.parse().ok()?;
    let month: u32 = value.get(5..7)?.parse().ok()?;
    let day: u32 = value.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    Some((days_from_civil(year, month, day), &value[10..]))
}

/// Parses an XSD time zone (`Z`, `+hh:mm`, `-hh:mm`) into minutes east of UTC.
fn parse_timezone(value: &str) -> Option<Option<i64>> {
    match value {
        "" => Some(None),
        "Z" => Some(Some(0)),
        tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) && &tz[3..4] == ":" => {
            let hours: i64 = tz[1..3].parse().ok()?;
            let minutes: i64 = tz[4..6].parse().ok()?;
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            Some(Some(sign * (hours * 60 + minutes)))
        }
        _ => None,
    }
}

fn parse_date(value: &str) -> Option<i32> {
    let (days, rest) = parse_ymd(value.trim())?;
    parse_timezone(rest)?;
    i32::try_from(days).ok()
}

/// Parses an `xsd:dateTime`; returns microseconds since the epoch (UTC when a zone is given)
/// and whether it had a zone.
fn parse_date_time(value: &str) -> Option<(i64, bool)> {
    let (days, rest) = parse_ymd(value.trim())?;
    let rest = rest.strip_prefix('T')?;
    if rest.len() < 8 || &rest[2..3] != ":" || &rest[5..6] != ":" {
        return None;
    }
    let hour: i64 = rest[0..2].parse().ok()?;
    let minute: i64 = rest[3..5].parse().ok()?;
    let second: i64 = rest[6..8].parse().ok()?;
    let mut rest = &rest[8..];
    let mut micros_fraction = 0_i64;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded = format!("{:0<6}", &fraction[..digits.min(6)]);
        micros_fraction = padded.parse().ok()?;
        rest = &fraction[digits..];
    }
    if hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute, second, micros_fraction) != (0, 0, 0)) {
        return None;
    }
    let offset_minutes = parse_timezone(rest)?;
    let local = ((days * 24 + hour) * 60 + minute) * 60 + second;
    let utc = local - offset_minutes.unwrap_or(0) * 60;
    Some((utc.checked_mul(1_000_000)? + micros_fraction, offset_minutes.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::cast::AsArray;
    use arrow_array::Array;
    use arrow_array::types::{Date32Type, Int64Type, TimestampMicrosecondType};
    use oxigraph::model::{NamedNode, Term};
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
        let mut table = SolutionTable::new(vec!["n".into(), "x".into(), "d".into(), "t".into(), "mixed".into()]);
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
            batch.column(3).as_primitive::<TimestampMicrosecondType>().value(0),
            1_577_934_245_000_000
        );
        let mixed = batch.column(4).as_string::<i32>();
        assert_eq!(mixed.value(0), "http://example.com/a");
        assert_eq!(mixed.value(1), "7");
    }

    #[test]
    fn language_tags_go_to_a_companion_column_on_request() {
        let mut table = SolutionTable::new(vec!["label".into()]);
        table.push_row([Some(Literal::new_language_tagged_literal("Data", "en").unwrap().into())]);
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
            assert_eq!(t.value(1, 0), text("b1").as_ref());
            assert_eq!(t.value(0, 1), None);
            assert_eq!(t.column(1).flatten().count(), 2);
            let batch = t.to_record_batch(false).unwrap();
            assert_eq!(batch.num_columns(), 2);
            assert_eq!(batch.column(1).as_string::<i32>().value(1), "b2");
        }
    }

    #[test]
    fn a_table_without_columns_keeps_its_row_count() {
        let mut table = SolutionTable::new(vec![]);
        table.push_row([]);
        table.push_row([]);
        assert_eq!(table.to_record_batch(false).unwrap().num_rows(), 2);
    }
}
