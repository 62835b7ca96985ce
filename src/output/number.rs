//! Numbers as every output CSV writes them, so that R, Stata and pandas read them without
//! cleaning (`docs/OUTPUTS.md`, "Numbers"):
//!
//! - a missing value (NaN, or an infinite ratio) is an empty field;
//! - a value is rounded to [`DIGITS`] significant digits, then written as the shortest decimal
//!   that reads back as that value: a value given as data comes back as it was given (52859,
//!   not 52859.000000000044), and a computed one keeps far more digits than the model is
//!   accurate to;
//! - zero is `0`, never `-0`; magnitudes below 1e-5 or from 1e16 on use an exponent (`2.5e-7`).
//!
//! Runs keep the rounded values ([`round`]) for `summary.csv` and `effects.csv`, so a run and a
//! merge of its shards, which reads `metrics.csv` back, summarise the same numbers.

use serde::Serializer;

/// Significant digits kept.
pub const DIGITS: usize = 12;

/// `value` rounded to [`DIGITS`] significant digits (non-finite values unchanged, −0 as 0).
pub fn round(value: f64) -> f64 {
    if !value.is_finite() || value == 0.0 {
        return if value == 0.0 { 0.0 } else { value };
    }
    let rounded: f64 = format!("{value:.prec$e}", prec = DIGITS - 1)
        .parse()
        .expect("a formatted f64 parses");
    rounded + 0.0
}

/// `value` as a CSV field: `None` (an empty field) when it is not finite.
pub fn format(value: f64) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let rounded = round(value);
    let magnitude = rounded.abs();
    Some(if rounded == 0.0 {
        "0".to_string()
    } else if (1e-5..1e16).contains(&magnitude) {
        format!("{rounded}")
    } else {
        format!("{rounded:e}")
    })
}

/// The difference `a − b` of two rounded values, rounded to the last digit the larger of them
/// has: the difference of 0.462345678901 and 0.4623456789 is 1e-12, not 1.00000008274e-12.
pub fn difference(a: f64, b: f64) -> f64 {
    let d = a - b;
    let larger = a.abs().max(b.abs());
    if !d.is_finite() || d == 0.0 || larger == 0.0 {
        return d + 0.0;
    }
    let last_digit = larger.log10().floor() as i32 - (DIGITS as i32 - 1);
    let steps = (d / 10f64.powi(last_digit)).round();
    // Written as a decimal and read back, so that the result is the double nearest to it.
    let text = format!("{steps}e{last_digit}");
    text.parse::<f64>().unwrap_or(d) + 0.0
}

/// Serialises an `f64` field as [`format`] writes it (for `#[serde(serialize_with)]`).
pub fn tidy<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    match format(*value) {
        Some(text) => serializer.serialize_str(&text),
        None => serializer.serialize_none(),
    }
}

/// An `f64` that serialises as [`format`] writes it (for tuples and hand-written rows).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl serde::Serialize for Num {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        tidy(&self.0, serializer)
    }
}

/// Reads a field [`format`] wrote: an empty field is NaN.
pub fn parse(text: &str) -> Result<f64, std::num::ParseFloatError> {
    let text = text.trim();
    if text.is_empty() {
        Ok(f64::NAN)
    } else {
        text.parse()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_values_come_back_as_given_and_noise_goes() {
        assert_eq!(format(52859.000000000044).as_deref(), Some("52859"));
        assert_eq!(format(0.07200000000000001).as_deref(), Some("0.072"));
        assert_eq!(format(0.1 + 0.2).as_deref(), Some("0.3"));
        assert_eq!(format(18_970_000.0).as_deref(), Some("18970000"));
        assert_eq!(format(472_386_000_000.0).as_deref(), Some("472386000000"));
        assert_eq!(format(0.46234567890123).as_deref(), Some("0.462345678901"));
    }

    #[test]
    fn missing_values_are_empty_and_zero_is_zero() {
        assert_eq!(format(f64::NAN), None);
        assert_eq!(format(f64::INFINITY), None);
        assert_eq!(format(-0.0).as_deref(), Some("0"));
        assert_eq!(format(-1e-300).as_deref(), Some("-1e-300"));
        assert_eq!(format(2.5e-7).as_deref(), Some("2.5e-7"));
        assert_eq!(format(3.0e20).as_deref(), Some("3e20"));
    }

    #[test]
    fn what_is_written_reads_back_as_the_rounded_value() {
        for value in [1.0 / 3.0, 2.0f64.sqrt() * 1e9, -7.123456789012345e-8, 1e300] {
            let text = format(value).unwrap();
            assert_eq!(parse(&text).unwrap(), round(value), "{text}");
            assert_eq!(format(round(value)), Some(text));
        }
        assert!(parse("").unwrap().is_nan());
    }

    #[test]
    fn differences_keep_only_the_digits_their_operands_have() {
        assert_eq!(difference(0.462345678901, 0.4623456789), 1e-12);
        assert_eq!(difference(52859.0, 52859.0), 0.0);
        assert_eq!(difference(2.5, 1.25), 1.25);
        assert!(difference(f64::NAN, 1.0).is_nan());
    }

    #[test]
    fn csv_writes_empty_fields_for_missing_values() {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(("a", Num(f64::NAN), Num(1.5))).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        assert_eq!(text, "a,,1.5\n");
    }
}
