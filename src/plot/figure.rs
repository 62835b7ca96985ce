//! Figure data: a backend-independent description of what a chart shows.
//!
//! A [`Figure`] is a title, a grid of [`Cell`]s (each a grid of [`Panel`]s) and a legend
//! drawn outside the panels (to the right, or below), so it never covers data. `charts` builds
//! figures from an output folder's data, `layout` places their parts and `draw` draws them.

use plotters::style::RGBColor;

use super::style::VariantStyle;
use super::text::Typeface;

/// Font sizes (plotters units: roughly the pixel height of a line of text).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fonts {
    /// The fonts all text is drawn with.
    pub face: Typeface,
    pub title: f64,
    pub cell_title: f64,
    pub panel_title: f64,
    pub axis: f64,
    pub tick: f64,
    pub legend: f64,
}

/// Where the legend goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LegendAt {
    /// A column right of the panels.
    Right,
    /// Rows below the panels.
    Bottom,
}

/// A whole image.
#[derive(Debug, Clone)]
pub(crate) struct Figure {
    pub size: (u32, u32),
    pub title: String,
    /// A second title line (the scenario's title); empty for none.
    pub subtitle: String,
    pub grid: (usize, usize),
    pub cells: Vec<Cell>,
    pub legend: Vec<LegendEntry>,
    pub legend_at: LegendAt,
    pub fonts: Fonts,
    /// A dot plot drawn instead of the cells (the provinces chart).
    pub dots: Option<DotPlot>,
}

/// One value per row at two years: a hollow grey dot for the first, a dot in the row's colour
/// for the last, joined by a thin line; rows labelled on the left.
#[derive(Debug, Clone)]
pub(crate) struct DotPlot {
    pub rows: Vec<DotRow>,
    /// The value axis' label.
    pub axis: String,
}

/// A row of a [`DotPlot`].
#[derive(Debug, Clone)]
pub(crate) struct DotRow {
    pub label: String,
    pub colour: RGBColor,
    pub first: f64,
    pub last: f64,
}

/// A group of panels, optionally titled (the dashboard's quarters).
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub title: Option<String>,
    pub grid: (usize, usize),
    pub panels: Vec<Panel>,
}

/// One pair of axes.
#[derive(Debug, Clone)]
pub(crate) struct Panel {
    pub title: String,
    pub y_axis: String,
    pub x_axis: String,
    /// Text shown instead of axes when nothing can be drawn.
    pub empty_note: String,
    pub lines: Vec<Line>,
    pub observed: Vec<ObservedMarks>,
    /// Years marked with a thin labelled vertical line (the scenario's marked phases).
    pub marks: Vec<(i32, String)>,
}

/// One variant's mean line and replicate band (p05–p95, or min–max below 20 replicates),
/// already scaled for display.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub style: VariantStyle,
    /// Drawn thicker (the baseline of a comparison).
    pub emphasised: bool,
    pub points: Vec<LinePoint>,
}

/// One year of a [`Line`]; non-finite means are gaps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LinePoint {
    pub year: i32,
    pub mean: f64,
    /// p05 and p95, when there is more than one replicate and both are finite.
    pub band: Option<(f64, f64)>,
}

/// Marker shapes for observed values (one per source).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Triangle,
    Square,
}

impl Marker {
    /// The marker of the `i`-th observation source.
    pub fn nth(i: usize) -> Marker {
        [Marker::Circle, Marker::Triangle, Marker::Square][i % 3]
    }
}

/// Observed values of one source on a panel.
#[derive(Debug, Clone)]
pub(crate) struct ObservedMarks {
    pub marker: Marker,
    pub points: Vec<(i32, f64)>,
}

/// One legend row: a sample of what is drawn, and its label.
#[derive(Debug, Clone)]
pub(crate) struct LegendEntry {
    pub line: Option<VariantStyle>,
    pub band: Option<RGBColor>,
    pub marker: Option<Marker>,
    pub label: String,
}

impl LegendEntry {
    /// A legend row of text only, with no sample.
    pub fn note(label: String) -> LegendEntry {
        LegendEntry {
            line: None,
            band: None,
            marker: None,
            label,
        }
    }

    /// Whether the row shows a sample (line, band or marker) before its label.
    pub fn has_swatch(&self) -> bool {
        self.line.is_some() || self.band.is_some() || self.marker.is_some()
    }
}
