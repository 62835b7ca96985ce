//! Colours, fonts and axis ticks (metric labels, units and scales are in
//! [`crate::metrics::table`]).

use std::sync::OnceLock;

use plotters::style::{FontStyle, RGBColor};

use super::PlotError;

/// The font family every chart uses; DejaVu Sans is registered with plotters under this
/// name, which the SVG files carry as their CSS `font-family`: a viewer uses DejaVu Sans (the
/// metrics the layout was computed with) where it is installed, else its sans-serif font.
pub(crate) const FONT: &str = "DejaVu Sans, sans-serif";

/// Registers the embedded DejaVu Sans (regular and bold) with plotters, once per process.
pub(crate) fn register_fonts() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
            && plotters::style::register_font(FONT, FontStyle::Bold, dejavu::sans::bold()).is_ok()
    });
    if ok { Ok(()) } else { Err(PlotError::Font) }
}

/// Okabe–Ito colours in the order variants receive them (black last: it is also the colour
/// of observed markers, so it goes to a variant only when seven are not enough).
const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(240, 228, 66),  // yellow
    RGBColor(0, 0, 0),       // black
];

/// How a variant is drawn: its colour, and whether its line is dashed (from the ninth
/// variant on, colours repeat with dashes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct VariantStyle {
    pub colour: RGBColor,
    pub dashed: bool,
}

/// The style of the variant at `index` in the manifest's variant order.
pub(crate) fn variant_style(index: usize) -> VariantStyle {
    VariantStyle {
        colour: OKABE_ITO[index % OKABE_ITO.len()],
        dashed: (index / OKABE_ITO.len()) % 2 == 1,
    }
}

/// Colour of observed markers.
pub(crate) const OBSERVED: RGBColor = RGBColor(0, 0, 0);

/// Ticks for a numeric axis: a 1–2–2.5–5 × 10^k step giving at most `max_ticks` ticks inside
/// `[lo, hi]`, and the number of decimals that prints every tick exactly.
pub(crate) fn nice_ticks(lo: f64, hi: f64, max_ticks: usize) -> (Vec<f64>, usize) {
    let max_ticks = max_ticks.max(2);
    let span = hi - lo;
    if span.is_nan() || span <= 0.0 || !span.is_finite() {
        return (vec![lo], 0);
    }
    let count = |step: f64| ((hi / step).floor() - (lo / step).ceil()) as i64 + 1;
    let mut exp = (span / max_ticks as f64).log10().floor() as i32 - 1;
    let mut step;
    'search: loop {
        for m in [1.0, 2.0, 2.5, 5.0] {
            step = m * 10f64.powi(exp);
            if count(step) <= max_ticks as i64 {
                break 'search;
            }
        }
        exp += 1;
    }
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    let ticks: Vec<f64> = (first..=last).map(|k| k as f64 * step).collect();
    let mantissa_decimals = if (step / 10f64.powi(exp) - 2.5).abs() < 1e-9 {
        1
    } else {
        0
    };
    let decimals = (mantissa_decimals - exp).max(0) as usize;
    (ticks, decimals)
}

/// Year ticks: every 1, 2, 5, 10, ... years, at most `max_ticks`. Steps of 5 years and more
/// fall on multiples of the step (2015, 2020, ...); steps of 1 or 2 years start at `first`,
/// so that a short run's start year is labelled (2015, 2017, ..., 2025).
pub(crate) fn year_ticks(first: i32, last: i32, max_ticks: usize) -> Vec<i32> {
    let span = (last - first).max(0);
    let mut step = 1;
    let mut k = 0;
    while span / step + 1 > max_ticks.max(2) as i32 {
        step = [2, 5, 10][k % 3] * 10i32.pow((k / 3) as u32);
        k += 1;
    }
    let start = if step < 5 {
        first
    } else {
        first.div_euclid(step) * step
    };
    (0..)
        .map(|i| start + i * step)
        .take_while(|y| *y <= last)
        .filter(|y| *y >= first)
        .collect()
}

/// Formats a tick value with `decimals` decimals, writing minus zero as zero.
pub(crate) fn format_tick(v: f64, decimals: usize) -> String {
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s[1..].chars().all(|c| c == '0' || c == '.') {
        s[1..].to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice() {
        let (t, d) = nice_ticks(1.85, 2.35, 7);
        assert_eq!(d, 1);
        assert_eq!(t.len(), 5);
        assert!((t[0] - 1.9).abs() < 1e-12);
        let (t, d) = nice_ticks(0.0, 6.3, 7);
        assert_eq!((t.len(), d), (7, 0));
        assert_eq!(t[6], 6.0);
        let (t, d) = nice_ticks(0.43, 0.47, 6);
        assert_eq!(d, 2);
        assert!(t.len() >= 3);
        let (_, d) = nice_ticks(0.02, 0.05, 6);
        assert_eq!(d, 2);
        let (t, d) = nice_ticks(0.0, 0.1, 5);
        assert_eq!((t.len(), d), (5, 3));
        assert_eq!(format_tick(t[1], d), "0.025");
        assert_eq!(format_tick(-0.0001, 2), "0.00");
    }

    #[test]
    fn years_are_integers_on_round_steps() {
        assert_eq!(year_ticks(2015, 2035, 8), [2015, 2020, 2025, 2030, 2035]);
        assert_eq!(
            year_ticks(2015, 2025, 8),
            [2015, 2017, 2019, 2021, 2023, 2025]
        );
        assert_eq!(year_ticks(2013, 2035, 8), [2015, 2020, 2025, 2030, 2035]);
        assert_eq!(year_ticks(2015, 2017, 8), [2015, 2016, 2017]);
        assert_eq!(year_ticks(2020, 2020, 8), [2020]);
        assert_eq!(
            year_ticks(2010, 2035, 12),
            [2010, 2015, 2020, 2025, 2030, 2035]
        );
    }

    #[test]
    fn variants_keep_colours() {
        assert_eq!(variant_style(0).colour, RGBColor(0, 114, 178));
        assert_eq!(variant_style(8).colour, variant_style(0).colour);
        assert!(variant_style(8).dashed && !variant_style(7).dashed);
    }
}
