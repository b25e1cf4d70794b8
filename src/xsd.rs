//! XSD values the library reads and writes, parsed and formatted by `oxsdatatypes` (the crate
//! oxigraph itself uses for them), so a date is a real day of the calendar (`2025-02-31` is
//! not) and a decimal has its canonical form, wherever they occur.

use oxsdatatypes::{Boolean, Date, DateTime, Decimal, GYear, Time};
use std::str::FromStr;

/// Whether `text` is an `xsd:date` (`2025-02-28`, optionally with a time zone): a real day of a
/// real month.
pub(crate) fn is_date(text: &str) -> bool {
    Date::from_str(text).is_ok()
}

/// The first day of 1970, without a time zone.
fn epoch_date() -> Date {
    Date::from_str("1970-01-01").expect("a valid date")
}

/// Days from 1970-01-01 to the `xsd:date` `text` (its time zone, if any, ignored).
pub(crate) fn days_since_epoch(text: &str) -> Option<i64> {
    let date = Date::from_str(text).ok()?.adjust(None)?;
    Some(date.checked_sub(epoch_date())?.days())
}

/// Microseconds from 1970-01-01T00:00:00 to the `xsd:dateTime` `text` (in UTC when it has a time
/// zone, else in its own local time), and whether it has a time zone.
pub(crate) fn micros_since_epoch(text: &str) -> Option<(i64, bool)> {
    let value = DateTime::from_str(text).ok()?;
    let zoned = value.timezone_offset().is_some();
    let epoch = DateTime::from_str(if zoned {
        "1970-01-01T00:00:00Z"
    } else {
        "1970-01-01T00:00:00"
    })
    .expect("a valid dateTime");
    let seconds = value.checked_sub(epoch)?.as_seconds();
    let micros = seconds.checked_mul(Decimal::from(1_000_000))?.checked_floor()?;
    let micros = oxsdatatypes::Integer::try_from(micros).ok()?;
    Some((i64::from(micros), zoned))
}

/// Today's date in UTC, `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let today = Date::now();
    format!("{:04}-{:02}-{:02}", today.year(), today.month(), today.day())
}

/// The canonical `xsd:decimal` form of `value` rounded to three places (`0.6`, not `0.600`;
/// `1`, not `1.000`).
pub(crate) fn decimal(value: f64) -> String {
    let rounded = format!("{value:.3}");
    Decimal::from_str(&rounded).map_or(rounded, |d| d.to_string())
}

/// Whether `lexical` is a valid lexical form of the XSD datatype with the IRI `datatype`, after
/// the whitespace every datatype checked here collapses; a datatype not checked here (and any
/// non-XSD datatype) takes every lexical form. Booleans, dates, times and years are read by
/// `oxsdatatypes`, so a date is a day of the calendar and a time zone at most 14:00. Numbers
/// follow the XSD grammar here instead: `oxsdatatypes` holds a decimal to 18 fractional digits
/// and an integer in 64 bits, while `xsd:decimal` and `xsd:integer` are unbounded, and it reads
/// doubles with Rust's syntax, which also takes `inf` and `infinity`.
pub(crate) fn is_valid_lexical(datatype: &str, lexical: &str) -> bool {
    let Some(local) = datatype.strip_prefix(crate::vocab::XSD) else {
        return true;
    };
    let trimmed = lexical.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
    match local {
        "boolean" => Boolean::from_str(trimmed).is_ok(),
        "decimal" => is_decimal(trimmed),
        "float" | "double" => is_double(trimmed),
        "integer" => is_integer(trimmed),
        "nonNegativeInteger" => integer_in(trimmed, Some(0), None),
        "positiveInteger" => integer_in(trimmed, Some(1), None),
        "nonPositiveInteger" => integer_in(trimmed, None, Some(0)),
        "negativeInteger" => integer_in(trimmed, None, Some(-1)),
        "long" => integer_in(trimmed, Some(i64::MIN.into()), Some(i64::MAX.into())),
        "int" => integer_in(trimmed, Some(i32::MIN.into()), Some(i32::MAX.into())),
        "short" => integer_in(trimmed, Some(i16::MIN.into()), Some(i16::MAX.into())),
        "byte" => integer_in(trimmed, Some(i8::MIN.into()), Some(i8::MAX.into())),
        "unsignedLong" => integer_in(trimmed, Some(0), Some(u64::MAX.into())),
        "unsignedInt" => integer_in(trimmed, Some(0), Some(u32::MAX.into())),
        "unsignedShort" => integer_in(trimmed, Some(0), Some(u16::MAX.into())),
        "unsignedByte" => integer_in(trimmed, Some(0), Some(u8::MAX.into())),
        "date" => Date::from_str(trimmed).is_ok(),
        "dateTime" => DateTime::from_str(trimmed).is_ok(),
        "dateTimeStamp" => DateTime::from_str(trimmed).is_ok_and(|d| d.timezone_offset().is_some()),
        "time" => Time::from_str(trimmed).is_ok(),
        "gYear" => GYear::from_str(trimmed).is_ok(),
        _ => true,
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `(+|-)?[0-9]+`, of any length.
fn is_integer(s: &str) -> bool {
    all_digits(s.strip_prefix(['+', '-']).unwrap_or(s))
}

/// An integer within inclusive bounds (compared exactly, whatever the number of digits).
fn integer_in(s: &str, min: Option<i128>, max: Option<i128>) -> bool {
    if !is_integer(s) {
        return false;
    }
    let negative = s.starts_with('-');
    let digits = s.trim_start_matches(['+', '-']).trim_start_matches('0');
    // More digits than an i128 holds is beyond every bound checked here.
    let magnitude = if digits.len() > 38 {
        i128::MAX
    } else {
        digits.parse::<i128>().unwrap_or(0)
    };
    let value = if negative { -magnitude } else { magnitude };
    min.is_none_or(|m| value >= m) && max.is_none_or(|m| value <= m)
}

/// `(+|-)?([0-9]+(.[0-9]*)?|.[0-9]+)`, of any length.
fn is_decimal(s: &str) -> bool {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    match unsigned.split_once('.') {
        None => all_digits(unsigned),
        Some((whole, fraction)) => {
            (!whole.is_empty() || !fraction.is_empty())
                && (whole.is_empty() || all_digits(whole))
                && (fraction.is_empty() || all_digits(fraction))
        }
    }
}

/// A decimal with an optional exponent, or `INF`, `+INF`, `-INF`, `NaN`.
fn is_double(s: &str) -> bool {
    if matches!(s, "INF" | "+INF" | "-INF" | "NaN") {
        return true;
    }
    match s.split_once(['e', 'E']) {
        None => is_decimal(s),
        Some((mantissa, exponent)) => is_decimal(mantissa) && is_integer(exponent),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("1", "integer", true)]
    #[case("-0012", "integer", true)]
    #[case("1.0", "integer", false)]
    #[case("", "integer", false)]
    #[case(".5", "decimal", true)]
    #[case(".", "decimal", false)]
    #[case("1e10", "double", true)]
    #[case("-INF", "float", true)]
    #[case("e1", "double", false)]
    #[case("-1", "nonNegativeInteger", false)]
    #[case("128", "byte", false)]
    #[case("-128", "byte", true)]
    #[case("2024-01-31Z", "date", true)]
    #[case("2024-13-01", "date", false)]
    #[case("24-01-01", "date", false)]
    #[case("2024-01-01T24:00:00", "dateTime", true)]
    #[case("2024-01-01T24:00:01", "dateTime", false)]
    #[case("2024-01-01T10:00:00.5+01:00", "dateTime", true)]
    #[case("2024-01-01T10:00:00", "dateTimeStamp", false)]
    #[case("2024-01-01T10:00:00+15:00", "dateTime", false)]
    #[case("10:30:00", "time", true)]
    #[case("2024", "gYear", true)]
    #[case("anything", "string", true)]
    #[case(" 12 ", "integer", true)]
    #[case("123456789012345678901234567890123456789012", "integer", true)]
    #[case("18446744073709551615", "unsignedLong", true)]
    #[case("18446744073709551616", "unsignedLong", false)]
    #[case("0.1234567890123456789012345", "decimal", true)]
    #[case("inf", "double", false)]
    #[case("infinity", "double", false)]
    #[case("1", "boolean", true)]
    #[case("yes", "boolean", false)]
    #[case("2023-02-29", "date", false)]
    #[case("2024-02-29+14:00", "date", true)]
    #[case("2024-02-29+14:01", "date", false)]
    #[case("2024-01-01T10:00:00Z", "dateTimeStamp", true)]
    #[case("24:00:00", "time", true)]
    #[case("10:30", "time", false)]
    #[case("02024", "gYear", false)]
    #[case("-0044", "gYear", true)]
    fn lexical_forms(#[case] value: &str, #[case] datatype: &str, #[case] valid: bool) {
        let datatype = format!("http://www.w3.org/2001/XMLSchema#{datatype}");
        assert_eq!(
            is_valid_lexical(&datatype, value),
            valid,
            "{value:?}^^<{datatype}>"
        );
    }

    #[rstest]
    #[case("2025-02-28", true)]
    #[case("2024-02-29", true)]
    #[case("2025-02-03Z", true)]
    #[case("2025-02-31", false)]
    #[case("2025-02-29", false)]
    #[case("2025-13-01", false)]
    #[case("2025-1-01", false)]
    #[case("25-01-01", false)]
    #[case("2025-01-01T00:00:00", false)]
    #[case("", false)]
    fn dates_are_days_of_the_calendar(#[case] text: &str, #[case] valid: bool) {
        assert_eq!(is_date(text), valid, "{text}");
    }

    #[rstest]
    #[case("1970-01-01", 0)]
    #[case("2000-03-01", 11_017)]
    #[case("1969-12-31", -1)]
    #[case("2019-11-30Z", 18_230)]
    #[case("2019-11-30+05:00", 18_230)]
    fn days_count_from_the_epoch(#[case] text: &str, #[case] days: i64) {
        assert_eq!(days_since_epoch(text), Some(days));
    }

    #[rstest]
    #[case("1970-01-01T00:00:00Z", Some((0, true)))]
    #[case("1970-01-01T00:00:01.5", Some((1_500_000, false)))]
    #[case("2020-01-02T03:04:05Z", Some((1_577_934_245_000_000, true)))]
    #[case("2020-01-02T03:04:05+01:00", Some((1_577_930_645_000_000, true)))]
    #[case("1969-12-31T23:59:59Z", Some((-1_000_000, true)))]
    #[case("2019-02-29T00:00:00Z", None)]
    #[case("2020-01-02", None)]
    fn date_times_count_microseconds(#[case] text: &str, #[case] expected: Option<(i64, bool)>) {
        assert_eq!(micros_since_epoch(text), expected);
    }

    #[test]
    fn today_is_a_date() {
        let today = today();
        assert!(is_date(&today) && today.len() == 10, "{today}");
    }

    #[test]
    fn decimals_are_canonical() {
        assert_eq!(
            (
                decimal(0.6),
                decimal(1.0),
                decimal(0.0),
                decimal(0.125),
                decimal(0.6004)
            ),
            ("0.6".into(), "1".into(), "0".into(), "0.125".into(), "0.6".into())
        );
    }
}
