//! Query results as typed columns, converted to Apache Arrow without a Python object per term.
//!
//! Each column's type is inferred from the RDF terms it holds: integers become `Int64`,
//! decimals, floats and doubles `Float64`, booleans `Boolean`, `xsd:date` `Date32`, `xsd:dateTime`
//! `Timestamp(µs)` (UTC when every value has a time zone), and everything else (IRIs, strings,
//! language-tagged strings, blank nodes, mixed columns) `Utf8`. Unbound values are nulls.

use arrow_array::builder::{Float64Builder, ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, ListArray, RecordBatch,
    RecordBatchOptions, StringArray, StructArray, TimestampMicrosecondArray,
};
use arrow_buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use arrow_schema::{ArrowError, DataType, Field as ArrowField, Fields, Schema, TimeUnit};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNodeRef, LiteralRef, NamedNodeRef, Term, TermRef, Triple};
use oxigraph::sparql::QuerySolution;
use serde::Serialize;
use std::borrow::Borrow;
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
/// analysis declares its own beside its rows ([`Field`], e.g.
/// [`crate::crosswalk::OverlapRow::fields`]), and [`Table::to_record_batch`] gives each its
/// Arrow type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text: IRIs, labels, codes and categories (a missing value is a null). Arrow `Utf8`.
    Text,
    /// A whole number always present, such as a count (`int64`). Arrow `Int64`, not nullable.
    Count,
    /// A whole number that may be missing, such as a year (pandas' nullable `Int64`). Arrow
    /// `Int64`, nullable: the nullability is what tells it from a count.
    Whole,
    /// A real number, such as a share or a score (`float64`, a missing value NaN). Arrow `Float64`.
    Real,
    /// True or false, or missing where it cannot be told. Arrow `Boolean`.
    Flag,
    /// A list of texts in each cell (an item may be missing). Arrow `List<Utf8>`.
    List,
    /// A list of real numbers in each cell. Arrow `List<Float64>`.
    Reals,
    /// A list of records (a dict each in Python) in each cell, whose own columns are declared
    /// too. Arrow `List<Struct>`.
    Records,
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

/// One column of a table whose rows are `T`: its name, what it holds and how it is read from a
/// row. An analysis declares its table's fields beside its rows ([`Row::fields`], or a function
/// when the columns depend on how the analysis was asked), and [`Table::to_record_batch`] turns
/// any such table into Arrow, so the bindings convert every analysis the same way.
pub struct Field<T> {
    /// The column's name, also the row's field it is read from.
    pub name: &'static str,
    cell: Cell<T>,
}

/// How a [`Field`] reads its cell from a row.
enum Cell<T> {
    Text(fn(&T) -> Option<&str>),
    Count(fn(&T) -> u64),
    Whole(fn(&T) -> Option<i64>),
    Real(fn(&T) -> Option<f64>),
    Flag(fn(&T) -> Option<bool>),
    List(fn(&T, &mut Texts<'_>)),
    Reals(fn(&T) -> &[f64]),
    Records(Records<T>),
}

/// A column of lists of records: the records' own columns, and how the column is built from
/// rows (the records are a different type, so the builder is made where it is known).
struct Records<T> {
    item: ArrowField,
    build: Box<dyn Fn(&[&T]) -> ArrayRef + Send + Sync>,
}

/// The texts of one list cell, as a [`Field::list`] reads them from a row.
pub struct Texts<'b> {
    values: &'b mut StringBuilder,
}

impl Texts<'_> {
    /// Adds an item (a missing one as a null).
    pub fn push(&mut self, item: Option<&str>) {
        self.values.append_option(item);
    }

    /// Adds these items.
    pub fn extend<S: AsRef<str>>(&mut self, items: impl IntoIterator<Item = S>) {
        for item in items {
            self.values.append_value(item.as_ref());
        }
    }
}

impl<T> Field<T> {
    /// A text column.
    pub fn text(name: &'static str, get: fn(&T) -> Option<&str>) -> Self {
        Self {
            name,
            cell: Cell::Text(get),
        }
    }

    /// A count column.
    pub fn count(name: &'static str, get: fn(&T) -> u64) -> Self {
        Self {
            name,
            cell: Cell::Count(get),
        }
    }

    /// A column of whole numbers that may be missing.
    pub fn whole(name: &'static str, get: fn(&T) -> Option<i64>) -> Self {
        Self {
            name,
            cell: Cell::Whole(get),
        }
    }

    /// A column of real numbers (a missing one is NaN).
    pub fn real(name: &'static str, get: fn(&T) -> Option<f64>) -> Self {
        Self {
            name,
            cell: Cell::Real(get),
        }
    }

    /// A column of flags (missing where it cannot be told).
    pub fn flag(name: &'static str, get: fn(&T) -> Option<bool>) -> Self {
        Self {
            name,
            cell: Cell::Flag(get),
        }
    }

    /// A column of lists of texts: `get` adds a row's items.
    pub fn list(name: &'static str, get: fn(&T, &mut Texts<'_>)) -> Self {
        Self {
            name,
            cell: Cell::List(get),
        }
    }

    /// A column of lists of real numbers.
    pub fn reals(name: &'static str, get: fn(&T) -> &[f64]) -> Self {
        Self {
            name,
            cell: Cell::Reals(get),
        }
    }

    /// A column of lists of records, each record with the columns `fields`.
    pub fn records<U: 'static>(name: &'static str, get: fn(&T) -> &[U], fields: Vec<Field<U>>) -> Self
    where
        T: 'static,
    {
        let item = ArrowField::new_list_field(
            DataType::Struct(fields.iter().map(Field::arrow_field).collect::<Fields>()),
            true,
        );
        let build = move |rows: &[&T]| -> ArrayRef {
            let mut offsets = Vec::with_capacity(rows.len() + 1);
            offsets.push(0_i32);
            let mut items: Vec<&U> = Vec::new();
            for row in rows {
                items.extend(get(row));
                offsets.push(i32::try_from(items.len()).expect("fewer than 2^31 records in a column"));
            }
            let struct_fields: Fields = fields.iter().map(Field::arrow_field).collect();
            let arrays = fields.iter().map(|f| f.build(&items)).collect();
            let records = StructArray::new(struct_fields.clone(), arrays, None);
            Arc::new(ListArray::new(
                Arc::new(ArrowField::new_list_field(DataType::Struct(struct_fields), true)),
                OffsetBuffer::new(offsets.into()),
                Arc::new(records),
                None,
            ))
        };
        Self {
            name,
            cell: Cell::Records(Records {
                item,
                build: Box::new(build),
            }),
        }
    }

    /// What the column holds.
    pub fn holds(&self) -> ColumnType {
        match self.cell {
            Cell::Text(_) => ColumnType::Text,
            Cell::Count(_) => ColumnType::Count,
            Cell::Whole(_) => ColumnType::Whole,
            Cell::Real(_) => ColumnType::Real,
            Cell::Flag(_) => ColumnType::Flag,
            Cell::List(_) => ColumnType::List,
            Cell::Reals(_) => ColumnType::Reals,
            Cell::Records(_) => ColumnType::Records,
        }
    }

    /// The column's name and what it holds.
    pub fn column(&self) -> Column {
        Column {
            name: self.name,
            holds: self.holds(),
        }
    }

    /// The Arrow field: its type from what the column holds; only counts are not nullable (which
    /// tells a count, `int64`, from a whole number that may be missing, `Int64`).
    fn arrow_field(&self) -> ArrowField {
        let (data_type, nullable) = match &self.cell {
            Cell::Text(_) => (DataType::Utf8, true),
            Cell::Count(_) => (DataType::Int64, false),
            Cell::Whole(_) => (DataType::Int64, true),
            Cell::Real(_) => (DataType::Float64, true),
            Cell::Flag(_) => (DataType::Boolean, true),
            Cell::List(_) => (DataType::new_list(DataType::Utf8, true), false),
            Cell::Reals(_) => (DataType::new_list(DataType::Float64, true), false),
            Cell::Records(records) => (DataType::List(Arc::new(records.item.clone())), false),
        };
        ArrowField::new(self.name, data_type, nullable)
    }

    /// The column of `rows` as an Arrow array.
    fn build<R: Borrow<T>>(&self, rows: &[R]) -> ArrayRef {
        let rows = rows.iter().map(<R as Borrow<T>>::borrow);
        match &self.cell {
            Cell::Text(get) => {
                let mut builder = StringBuilder::with_capacity(rows.len(), 16 * rows.len());
                for row in rows {
                    builder.append_option(get(row));
                }
                Arc::new(builder.finish())
            }
            Cell::Count(get) => Arc::new(
                rows.map(|r| i64::try_from(get(r)).unwrap_or(i64::MAX))
                    .collect::<Int64Array>(),
            ),
            Cell::Whole(get) => Arc::new(rows.map(get).collect::<Int64Array>()),
            Cell::Real(get) => Arc::new(rows.map(get).collect::<Float64Array>()),
            Cell::Flag(get) => Arc::new(rows.map(get).collect::<BooleanArray>()),
            Cell::List(get) => {
                let mut builder = ListBuilder::with_capacity(StringBuilder::new(), rows.len());
                for row in rows {
                    get(
                        row,
                        &mut Texts {
                            values: builder.values(),
                        },
                    );
                    builder.append(true);
                }
                Arc::new(builder.finish())
            }
            Cell::Reals(get) => {
                let mut builder = ListBuilder::with_capacity(Float64Builder::new(), rows.len());
                for row in rows {
                    builder.values().append_slice(get(row));
                    builder.append(true);
                }
                Arc::new(builder.finish())
            }
            Cell::Records(records) => (records.build)(&rows.collect::<Vec<&T>>()),
        }
    }
}

/// A row's text as a text column reads it.
pub trait AsText {
    /// The text, `None` when missing.
    fn text(&self) -> Option<&str>;
}

impl AsText for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl AsText for &str {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl AsText for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}

impl AsText for Option<&str> {
    fn text(&self) -> Option<&str> {
        *self
    }
}

/// A row's real number as a real column reads it.
pub trait AsReal {
    /// The number, `None` when missing.
    fn real(&self) -> Option<f64>;
}

impl AsReal for f64 {
    fn real(&self) -> Option<f64> {
        Some(*self)
    }
}

impl AsReal for Option<f64> {
    fn real(&self) -> Option<f64> {
        *self
    }
}

/// A row's flag as a flag column reads it.
pub trait AsFlag {
    /// The flag, `None` when unknown.
    fn flag(&self) -> Option<bool>;
}

impl AsFlag for bool {
    fn flag(&self) -> Option<bool> {
        Some(*self)
    }
}

impl AsFlag for Option<bool> {
    fn flag(&self) -> Option<bool> {
        *self
    }
}

/// The [`Field`]s of a row type read from its fields of the same names:
/// `fields![Row; text item, count bodies, list via]` (kinds: `text`, `variant` (an enum as serde
/// names it, [`variant`]), `count`, `whole`, `real`, `flag`, `list`, `reals`), so a column's
/// name is its field's by construction.
#[macro_export]
macro_rules! fields {
    ($row:ty; $($kind:ident $name:ident),* $(,)?) => {
        vec![$($crate::fields!(@ $row, $kind $name)),*]
    };
    (@ $row:ty, text $name:ident) => {
        $crate::table::Field::<$row>::text(stringify!($name), |r| $crate::table::AsText::text(&r.$name))
    };
    (@ $row:ty, variant $name:ident) => {
        $crate::table::Field::<$row>::text(stringify!($name), |r| Some($crate::table::variant(&r.$name)))
    };
    (@ $row:ty, count $name:ident) => {
        $crate::table::Field::<$row>::count(stringify!($name), |r| r.$name as u64)
    };
    (@ $row:ty, whole $name:ident) => {
        $crate::table::Field::<$row>::whole(stringify!($name), |r| r.$name)
    };
    (@ $row:ty, real $name:ident) => {
        $crate::table::Field::<$row>::real(stringify!($name), |r| $crate::table::AsReal::real(&r.$name))
    };
    (@ $row:ty, flag $name:ident) => {
        $crate::table::Field::<$row>::flag(stringify!($name), |r| $crate::table::AsFlag::flag(&r.$name))
    };
    (@ $row:ty, list $name:ident) => {
        $crate::table::Field::<$row>::list(stringify!($name), |r, out| out.extend(r.$name.iter()))
    };
    (@ $row:ty, reals $name:ident) => {
        $crate::table::Field::<$row>::reals(stringify!($name), |r| &r.$name)
    };
}

/// A row type whose table always has the same columns.
pub trait Row: Sized {
    /// The table's columns, in order.
    fn fields() -> Vec<Field<Self>>;

    /// These rows as a table of [`Self::fields`].
    fn table(rows: Vec<Self>) -> Table<Self> {
        Table::new(Self::fields(), rows)
    }
}

/// An analysis's answer as a table: its rows and its declared columns ([`Field`]).
pub struct Table<T> {
    /// The columns, in order.
    pub fields: Vec<Field<T>>,
    /// The rows, in order.
    pub rows: Vec<T>,
}

impl<T> Table<T> {
    /// A table of these rows with these columns.
    pub fn new(fields: Vec<Field<T>>, rows: Vec<T>) -> Self {
        Self { fields, rows }
    }

    /// The columns' names and what each holds.
    pub fn columns(&self) -> Vec<Column> {
        self.fields.iter().map(Field::column).collect()
    }

    /// The table as one Arrow record batch, each column typed by what it holds ([`ColumnType`])
    /// also when the table is empty.
    pub fn to_record_batch(&self) -> Result<RecordBatch, ArrowError> {
        let schema = Schema::new(self.fields.iter().map(Field::arrow_field).collect::<Vec<_>>());
        let arrays = self.fields.iter().map(|f| f.build(&self.rows)).collect();
        RecordBatch::try_new_with_options(
            Arc::new(schema),
            arrays,
            &RecordBatchOptions::new().with_row_count(Some(self.rows.len())),
        )
    }
}

/// The name serde gives `value`, a unit variant of an enum (a status, a kind): a table's text
/// for it is the row's serialisation, without a second copy of the enum's renaming rule.
///
/// # Panics
/// If `value` does not serialise as a unit variant (a programming error the tables' tests catch).
pub fn variant<E: Serialize>(value: &E) -> &'static str {
    value
        .serialize(VariantName)
        .unwrap_or_else(|_| panic!("{} is not an enum of unit variants", std::any::type_name::<E>()))
}

/// A serializer that accepts only a unit variant, and gives its name.
struct VariantName;

/// What [`VariantName`] answers for anything but a unit variant.
#[derive(Debug)]
struct NotAVariant;

impl std::fmt::Display for NotAVariant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a unit variant")
    }
}

impl std::error::Error for NotAVariant {}

impl serde::ser::Error for NotAVariant {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        Self
    }
}

/// `fn serialize_x(self, ...) -> Result<Self::Ok, NotAVariant> { Err(NotAVariant) }` for each.
macro_rules! refuse {
    ($($name:ident($($arg:ty),*);)*) => {
        $(fn $name(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
            Err(NotAVariant)
        })*
    };
}

impl serde::Serializer for VariantName {
    type Ok = &'static str;
    type Error = NotAVariant;
    type SerializeSeq = serde::ser::Impossible<&'static str, NotAVariant>;
    type SerializeTuple = serde::ser::Impossible<&'static str, NotAVariant>;
    type SerializeTupleStruct = serde::ser::Impossible<&'static str, NotAVariant>;
    type SerializeTupleVariant = serde::ser::Impossible<&'static str, NotAVariant>;
    type SerializeMap = serde::ser::Impossible<&'static str, NotAVariant>;
    type SerializeStruct = serde::ser::Impossible<&'static str, NotAVariant>;
    type SerializeStructVariant = serde::ser::Impossible<&'static str, NotAVariant>;

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, Self::Error> {
        Ok(variant)
    }

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
    }

    fn serialize_some<V: ?Sized + Serialize>(self, _: &V) -> Result<Self::Ok, Self::Error> {
        Err(NotAVariant)
    }

    fn serialize_newtype_struct<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &V,
    ) -> Result<Self::Ok, Self::Error> {
        Err(NotAVariant)
    }

    fn serialize_newtype_variant<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<Self::Ok, Self::Error> {
        Err(NotAVariant)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Err(NotAVariant)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Self::Error> {
        Err(NotAVariant)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        Err(NotAVariant)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        Err(NotAVariant)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        Err(NotAVariant)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Self::Error> {
        Err(NotAVariant)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        Err(NotAVariant)
    }
}

/// Checks a table against its rows' serialisation: every declared column is a field of each row
/// holding what the column declares ([`assert_row_holds`]), and the table's Arrow batch holds in
/// each cell what the row's field holds. Returns the rows' fields that are not columns (sorted),
/// for the caller to say which are expected.
#[cfg(test)]
pub(crate) fn assert_table_holds<T: Serialize>(table: &Table<T>) -> Vec<String> {
    let columns = table.columns();
    let batch = table
        .to_record_batch()
        .expect("a declared table converts to Arrow");
    assert_eq!(batch.num_rows(), table.rows.len());
    let mut extra = std::collections::BTreeSet::new();
    for (index, row) in table.rows.iter().enumerate() {
        let serde_json::Value::Object(fields) = serde_json::to_value(row).expect("a row serialises") else {
            panic!("a row is a record");
        };
        assert_row_holds(&columns, &fields);
        for (position, column) in columns.iter().enumerate() {
            assert_eq!(
                cell_json(batch.column(position).as_ref(), index),
                fields[column.name],
                "row {index}, column {}",
                column.name
            );
        }
        extra.extend(
            fields
                .keys()
                .filter(|k| !columns.iter().any(|c| c.name == k.as_str()))
                .cloned(),
        );
    }
    extra.into_iter().collect()
}

/// One cell of an Arrow array as JSON, for comparing with a row's serialisation.
#[cfg(test)]
fn cell_json(array: &dyn arrow_array::Array, index: usize) -> serde_json::Value {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int64Type};
    use serde_json::Value;
    if array.is_null(index) {
        return Value::Null;
    }
    match array.data_type() {
        DataType::Utf8 => Value::from(array.as_string::<i32>().value(index)),
        DataType::Int64 => Value::from(array.as_primitive::<Int64Type>().value(index)),
        DataType::Float64 => serde_json::Number::from_f64(array.as_primitive::<Float64Type>().value(index))
            .map_or(Value::Null, Value::Number),
        DataType::Boolean => Value::from(array.as_boolean().value(index)),
        DataType::List(_) => {
            let items = array.as_list::<i32>().value(index);
            Value::Array((0..items.len()).map(|i| cell_json(items.as_ref(), i)).collect())
        }
        DataType::Struct(fields) => {
            let record = array.as_struct();
            Value::Object(
                fields
                    .iter()
                    .zip(record.columns())
                    .map(|(f, column)| (f.name().clone(), cell_json(column.as_ref(), index)))
                    .collect(),
            )
        }
        other => panic!("no analysis column is {other}"),
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
            ColumnType::Whole => value.is_i64() || value.is_null(),
            ColumnType::Real => value.is_f64() || value.is_null(),
            ColumnType::Flag => value.is_boolean() || value.is_null(),
            ColumnType::List => value
                .as_array()
                .is_some_and(|items| items.iter().all(|i| i.is_string() || i.is_null())),
            ColumnType::Reals => value
                .as_array()
                .is_some_and(|items| items.iter().all(serde_json::Value::is_f64)),
            ColumnType::Records => value
                .as_array()
                .is_some_and(|items| items.iter().all(serde_json::Value::is_object)),
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
            fields.push(ArrowField::new(name, kind.data_type(), true));
            arrays.push(build_array(self.column(index), kind, column));
            if language_columns && self.has_language_tags(index) {
                let lang_name = format!("{name}_lang");
                if !self.variables.contains(&lang_name) {
                    fields.push(ArrowField::new(lang_name, DataType::Utf8, true));
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

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Shade {
        LightBlue,
    }

    #[derive(Serialize)]
    struct Step {
        node: String,
        weight: Option<f64>,
    }

    #[derive(Serialize)]
    struct Every<'a> {
        name: &'a str,
        note: Option<String>,
        shade: Shade,
        count: usize,
        year: Option<i64>,
        share: Option<f64>,
        flag: Option<bool>,
        items: Vec<&'a str>,
        weights: Vec<f64>,
        steps: Vec<Step>,
    }

    fn every_fields() -> Vec<Field<Every<'static>>> {
        let mut fields = crate::fields![Every<'static>;
            text name,
            text note,
            variant shade,
            count count,
            whole year,
            real share,
            flag flag,
            list items,
            reals weights,
        ];
        let steps = crate::fields![Step; text node, real weight];
        fields.push(Field::records("steps", |r: &Every<'static>| &r.steps, steps));
        fields
    }

    /// Each kind of column gets its Arrow type, nullable but for counts and lists, also when the
    /// table is empty; cells read back as the rows hold them.
    #[test]
    fn declared_columns_fix_arrow_types_and_cells_follow_the_rows() {
        let rows = vec![
            Every {
                name: "a",
                note: None,
                shade: Shade::LightBlue,
                count: 3,
                year: Some(2020),
                share: Some(0.5),
                flag: Some(true),
                items: vec!["x", "y"],
                weights: vec![0.25],
                steps: vec![Step {
                    node: "n".into(),
                    weight: None,
                }],
            },
            Every {
                name: "b",
                note: Some("kept".into()),
                shade: Shade::LightBlue,
                count: 0,
                year: None,
                share: None,
                flag: None,
                items: vec![],
                weights: vec![],
                steps: vec![],
            },
        ];
        let table = Table::new(every_fields(), rows);
        assert_eq!(assert_table_holds(&table), Vec::<String>::new());
        let holds: Vec<ColumnType> = table.columns().iter().map(|c| c.holds).collect();
        assert_eq!(
            holds,
            [
                ColumnType::Text,
                ColumnType::Text,
                ColumnType::Text,
                ColumnType::Count,
                ColumnType::Whole,
                ColumnType::Real,
                ColumnType::Flag,
                ColumnType::List,
                ColumnType::Reals,
                ColumnType::Records
            ]
        );
        let empty = Table::new(every_fields(), Vec::new()).to_record_batch().unwrap();
        assert_eq!(empty.num_rows(), 0);
        let batch = table.to_record_batch().unwrap();
        assert_eq!(empty.schema(), batch.schema());
        let described: Vec<(DataType, bool)> = batch
            .schema()
            .fields()
            .iter()
            .map(|f| (f.data_type().clone(), f.is_nullable()))
            .collect();
        let step = DataType::Struct(Fields::from(vec![
            ArrowField::new("node", DataType::Utf8, true),
            ArrowField::new("weight", DataType::Float64, true),
        ]));
        assert_eq!(
            described,
            [
                (DataType::Utf8, true),
                (DataType::Utf8, true),
                (DataType::Utf8, true),
                (DataType::Int64, false),
                (DataType::Int64, true),
                (DataType::Float64, true),
                (DataType::Boolean, true),
                (DataType::new_list(DataType::Utf8, true), false),
                (DataType::new_list(DataType::Float64, true), false),
                (DataType::new_list(step, true), false),
            ]
        );
        assert_eq!(batch.column(2).as_string::<i32>().value(0), "light_blue");
    }

    #[test]
    #[should_panic(expected = "is not an enum of unit variants")]
    fn only_unit_variants_have_names() {
        variant(&"text");
    }

    #[test]
    fn a_table_without_columns_keeps_its_row_count() {
        let mut table = SolutionTable::new(vec![]);
        table.push_row([]);
        table.push_row([]);
        assert_eq!(table.to_record_batch(false).unwrap().num_rows(), 2);
    }
}
