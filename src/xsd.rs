//! XSD values the library reads and writes, parsed and formatted by `oxsdatatypes` (the crate
//! oxigraph itself uses for them), so a date is a real day of the calendar (`2025-02-31` is
//! not) and a decimal has its canonical form, wherever they occur.

use oxsdatatypes::{Date, DateTime, Decimal};
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

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

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
