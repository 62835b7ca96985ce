//! Colours, fonts and axis ticks (metric labels, units and scales are in
//! [`crate::metrics::table`]).

use std::sync::OnceLock;

use plotters::style::{FontStyle, RGBColor};

use super::PlotError;

/// The font family every chart uses; DejaVu Sans is registered with plotters under this
/// name, which the SVG files carry as their CSS `font-family`: a viewer uses DejaVu Sans (the
/// metrics the layout was computed with) where it is installed, else its sans-serif font.
pub(crate) const FONT: &str = "DejaVu Sans, sans-serif";

/// The font family of Chinese charts (`output.language = "zh"`), as their SVG files name it:
/// the embedded subset of Noto Sans CJK SC, under the names viewers know it by, then common
/// Chinese system fonts.
pub(crate) const FONT_ZH: &str =
    "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif";

/// The font family of charts in `lang`.
pub(crate) fn family(lang: super::labels::Language) -> &'static str {
    match lang {
        super::labels::Language::En => FONT,
        super::labels::Language::Zh => FONT_ZH,
    }
}

/// Registers the embedded fonts (regular and bold) with plotters under [`FONT`] and
/// [`FONT_ZH`], once per process.
pub(crate) fn register_fonts() -> Result<(), PlotError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| {
        let register =
            |family, style, bytes| plotters::style::register_font(family, style, bytes).is_ok();
        register(FONT, FontStyle::Normal, dejavu::sans::regular())
            && register(FONT, FontStyle::Bold, dejavu::sans::bold())
            && register(FONT_ZH, FontStyle::Normal, super::text::NOTO_SC[0])
            && register(FONT_ZH, FontStyle::Bold, super::text::NOTO_SC[1])
    });
    if ok { Ok(()) } else { Err(PlotError::Font) }
}

/// Variant colours, in the order variants receive them: the Okabe–Ito hues, darkened where
/// needed so that every line reads on white (a contrast of at least 3:1, the WCAG minimum for
/// graphics; Okabe–Ito's orange, sky blue and yellow have 2.3, 2.3 and 1.3), and black last: it
/// is also the colour of observed markers, so it goes to a variant only when seven are not
/// enough.
pub(crate) const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),  // blue
    RGBColor(213, 94, 0),   // vermillion
    RGBColor(0, 135, 98),   // bluish green, darkened
    RGBColor(170, 51, 119), // reddish purple, darkened
    RGBColor(166, 118, 0),  // orange, darkened to ochre
    RGBColor(136, 85, 34),  // brown (for sky blue, too close to blue once darkened)
    RGBColor(51, 34, 136),  // indigo (for yellow)
    RGBColor(0, 0, 0),      // black
];

/// The WCAG contrast ratio of `colour` against white (1 to 21).
#[cfg(test)]
fn contrast_on_white(colour: RGBColor) -> f64 {
    let linear = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * linear(colour.0) + 0.7152 * linear(colour.1) + 0.0722 * linear(colour.2);
    1.05 / (l + 0.05)
}

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
        colour: PALETTE[index % PALETTE.len()],
        dashed: (index / PALETTE.len()) % 2 == 1,
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
    fn every_colour_reads_on_white_and_differs_from_the_others() {
        for (i, c) in PALETTE.iter().enumerate() {
            assert!(contrast_on_white(*c) >= 3.0, "colour {i}: {c:?}");
            for d in &PALETTE[..i] {
                let distance = (i32::from(c.0) - i32::from(d.0)).abs()
                    + (i32::from(c.1) - i32::from(d.1)).abs()
                    + (i32::from(c.2) - i32::from(d.2)).abs();
                // Manhattan distance in RGB: no two lines share a near-identical colour.
                assert!(distance > 60, "{c:?} and {d:?} are too alike");
            }
        }
    }

    #[test]
    fn variants_keep_colours() {
        assert_eq!(variant_style(0).colour, RGBColor(0, 114, 178));
        assert_eq!(variant_style(8).colour, variant_style(0).colour);
        assert!(variant_style(8).dashed && !variant_style(7).dashed);
    }
}
