//! Pure layout: where each part of a [`Figure`] goes, in pixels, from the sizes of the areas
//! it is drawn in and the embedded font's metrics ([`text_width`]), so that PNG and SVG share
//! geometry. Nothing here draws; `draw` asks these functions and draws what they say.

use std::ops::Range;

use super::figure::{Cell, Figure, Fonts, LegendAt, LegendEntry, LinePoint, Marker, Panel};
use super::style::{format_tick, nice_ticks, year_ticks};
use super::text::Typeface;
pub(crate) use super::text::text_width;

/// Width of a legend sample (line, band or marker), and the gap before its label.
pub(crate) const SWATCH_W: i32 = 46;
pub(crate) const SWATCH_GAP: i32 = 12;
/// Pixels between a panel's x labels and the panel below.
pub(crate) const PLOT_MARGIN_BOTTOM: i32 = 6;

/// The largest size up to `size` at which `text` fits `width` pixels (never below 60 %).
pub(crate) fn fitted(text: &str, size: f64, bold: bool, width: u32, face: Typeface) -> f64 {
    let mut s = size;
    while s > size * 0.6 && text_width(text, s, bold, face) > width {
        s -= 1.0;
    }
    s
}

/// A line of text placed in an area: its font size and anchor point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Placed {
    pub size: f64,
    pub at: (i32, i32),
}

/// The parts of a figure outside its cells.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FigureLayout {
    /// The bold title, centred in a band of `title_h` pixels at the top.
    pub title: Placed,
    /// The subtitle under it, when the figure has one.
    pub subtitle: Option<Placed>,
    pub title_h: u32,
    pub legend: LegendLayout,
}

/// Where the legend goes, and its rows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LegendLayout {
    pub at: LegendAt,
    /// Width (right) or height (bottom) the legend takes from the body under the title.
    pub extent: u32,
    pub size: f64,
    /// Each entry (by index) with the start of its sample and its vertical centre, relative
    /// to the legend's area.
    pub entries: Vec<(usize, (i32, i32))>,
}

/// Lays out the title and legend of `fig` (drawn at its own size).
pub(crate) fn figure_layout(fig: &Figure) -> FigureLayout {
    let (w, _) = fig.size;
    let f = &fig.fonts;
    let title_line = (f.title * 2.1) as u32;
    let title = Placed {
        size: fitted(&fig.title, f.title, true, w - 40, f.face),
        at: (w as i32 / 2, title_line as i32 / 2 + 4),
    };
    // The subtitle, in the legend's size, under the title.
    let (subtitle, title_h) = if fig.subtitle.is_empty() {
        (None, title_line)
    } else {
        let size = fitted(&fig.subtitle, f.legend, false, w - 40, f.face);
        let line = (f.legend * 1.5) as u32;
        let at = (w as i32 / 2, (title_line + line / 2) as i32 - 4);
        (Some(Placed { size, at }), title_line + line)
    };
    let legend = match fig.legend_at {
        LegendAt::Right => legend_column(&fig.legend, f, w * 3 / 10),
        LegendAt::Bottom => legend_rows(&fig.legend, f.legend, w, f.face),
    };
    FigureLayout {
        title,
        subtitle,
        title_h,
        legend,
    }
}

/// A legend column right of the panels, at most `max_w` wide: as wide as the longest label
/// at the legend size, shrinking the text (to 70 %) rather than exceeding `max_w`.
fn legend_column(legend: &[LegendEntry], f: &Fonts, max_w: u32) -> LegendLayout {
    let pad = (SWATCH_W + SWATCH_GAP + 30) as u32;
    let mut s = f.legend;
    let (size, width) = loop {
        let widest = legend
            .iter()
            .map(|e| text_width(&e.label, s, false, f.face))
            .max()
            .unwrap_or(0);
        if widest + pad <= max_w || s <= f.legend * 0.7 {
            break (s, (widest + pad).max(160).min(max_w));
        }
        s -= 1.0;
    };
    let top = (f.cell_title * 1.6) as i32;
    let row_h = (size * 1.8) as i32;
    let entries = (0..legend.len())
        .map(|i| (i, (8, top + row_h / 2 + i as i32 * row_h)))
        .collect();
    LegendLayout {
        at: LegendAt::Right,
        extent: width,
        size,
        entries,
    }
}

/// Legend rows below the panels of a figure `width` wide: entries fill rows up to `width`
/// − 40 pixels, and each row is centred.
fn legend_rows(legend: &[LegendEntry], size: f64, width: u32, face: Typeface) -> LegendLayout {
    let mut rows: Vec<Vec<(usize, u32)>> = vec![Vec::new()];
    let mut used = 0;
    for (i, e) in legend.iter().enumerate() {
        let w = entry_width(e, size, face);
        if used + w > width - 40 && !rows.last().is_some_and(Vec::is_empty) {
            rows.push(Vec::new());
            used = 0;
        }
        if let Some(r) = rows.last_mut() {
            r.push((i, w));
        }
        used += w;
    }
    rows.retain(|r| !r.is_empty());
    let row_h = (size * 1.7) as u32;
    let mut entries = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let total: u32 = row.iter().map(|(_, w)| w).sum();
        let mut x = (width.saturating_sub(total) / 2) as i32;
        let y = (r as u32 * row_h + row_h / 2) as i32;
        for &(i, ew) in row {
            entries.push((i, (x, y)));
            x += ew as i32;
        }
    }
    LegendLayout {
        at: LegendAt::Bottom,
        extent: rows.len() as u32 * row_h + row_h / 2,
        size,
        entries,
    }
}

/// The room a legend entry takes in a row: sample, label and a gap.
fn entry_width(e: &LegendEntry, size: f64, face: Typeface) -> u32 {
    let swatch = if e.has_swatch() {
        SWATCH_W + SWATCH_GAP
    } else {
        0
    };
    text_width(&e.label, size, false, face) + swatch as u32 + 36
}

/// A cell's title band: the bold title at its left, and the band's height.
pub(crate) fn cell_title(title: &str, width: u32, f: &Fonts) -> (Placed, u32) {
    let th = (f.cell_title * 1.7) as u32;
    let placed = Placed {
        size: fitted(title, f.cell_title, true, width - 20, f.face),
        at: (14, th as i32 / 2 + 2),
    };
    (placed, th)
}

/// Height of a panel's title band (as plotters' caption would take it: 5 px above and
/// below the text, 4 px margin), or a 16 px gap without a title.
pub(crate) fn title_height(title: &str, caption_size: f64) -> u32 {
    if title.is_empty() {
        16
    } else {
        (caption_size / 1.24) as u32 + 14
    }
}

/// Height under a panel's plot: years and "year" on the bottom row, a small gap elsewhere.
pub(crate) fn x_label_area(f: &Fonts, bottom_row: bool) -> i32 {
    if bottom_row {
        (f.tick * 1.3 + f.axis * 1.5 + 6.0) as i32
    } else {
        6
    }
}

/// The breakpoints (x, then y, in pixels from the cell's corner) that split a cell of `size`
/// into its grid of panels, the bottom row taller by the year labels so that every plot has
/// the same height.
pub(crate) fn cell_breakpoints(
    (w, h): (u32, u32),
    (rows, cols): (usize, usize),
    f: &Fonts,
) -> (Vec<i32>, Vec<i32>) {
    let (rows, cols) = (rows.max(1) as i32, cols.max(1) as i32);
    let extra = x_label_area(f, true) - x_label_area(f, false);
    let row_h = (h as i32 - extra).max(rows) / rows;
    let xs = (1..cols).map(|k| k * w as i32 / cols).collect();
    let ys = (1..rows).map(|k| k * row_h).collect();
    (xs, ys)
}

/// The value axis of a panel.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YPlan {
    pub range: (f64, f64),
    pub ticks: Vec<f64>,
    pub decimals: usize,
    /// Pixel width of the widest tick label.
    pub label_width: u32,
}

/// What a cell decides for each of its panels.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PanelLayout {
    pub caption_size: f64,
    pub years: (i32, i32),
    /// `None` when the panel has nothing to draw.
    pub y: Option<YPlan>,
    pub y_area: u32,
    /// Whether the years are labelled and "year" written under the panel: only under the
    /// lowest panel with data in each column (the panels of a cell share their years).
    pub bottom_row: bool,
}

/// Lays out the panels of `cell`, each `panel_size` pixels (the size of its first panel
/// area; see [`cell_breakpoints`]).
///
/// The panels share the year range, the caption size and the width of the y-label area, so
/// that they line up and read alike.
pub(crate) fn panel_layouts(cell: &Cell, (pw, ph): (u32, u32), f: &Fonts) -> Vec<PanelLayout> {
    let ranges: Vec<_> = cell.panels.iter().map(panel_ranges).collect();
    let years = ranges
        .iter()
        .flatten()
        .map(|(y, _)| *y)
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
    let caption_size = cell
        .panels
        .iter()
        .map(|p| {
            fitted(
                &p.title,
                f.panel_title,
                false,
                pw.saturating_sub(30),
                f.face,
            )
        })
        .fold(f.panel_title, f64::min);
    // Every plot of the cell has the same height (see `cell_breakpoints`).
    let below = x_label_area(f, cell.grid.0 <= 1) + PLOT_MARGIN_BOTTOM;
    let y_plans: Vec<Option<YPlan>> = ranges
        .iter()
        .zip(&cell.panels)
        .map(|(r, p)| {
            let plot_h = ph as i32 - title_height(&p.title, caption_size) as i32 - below;
            r.map(|(_, v)| y_plan(v, plot_h, f))
        })
        .collect();
    let y_area = y_plans
        .iter()
        .flatten()
        .map(|p| p.label_width)
        .max()
        .unwrap_or(0)
        + (f.axis * 1.5) as u32
        + 14;
    let cols = cell.grid.1.max(1);
    // The years go under the lowest panel of each column that has something to draw.
    let labelled = |i: usize| {
        !y_plans
            .iter()
            .enumerate()
            .any(|(j, p)| j > i && j % cols == i % cols && p.is_some())
    };
    (0..cell.panels.len())
        .map(|i| PanelLayout {
            caption_size,
            years: years.unwrap_or((0, 0)),
            y: y_plans[i].clone(),
            y_area,
            bottom_row: labelled(i),
        })
        .collect()
}

/// The finite data ranges of a panel: years and values (including bands and observations).
pub(crate) fn panel_ranges(panel: &Panel) -> Option<((i32, i32), (f64, f64))> {
    let mut years: Option<(i32, i32)> = None;
    let mut vals: Option<(f64, f64)> = None;
    let mut add = |year: i32, v: f64| {
        if v.is_finite() {
            years = Some(years.map_or((year, year), |(a, b)| (a.min(year), b.max(year))));
            vals = Some(vals.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        }
    };
    for line in &panel.lines {
        for p in &line.points {
            add(p.year, p.mean);
            if let Some((lo, hi)) = p.band {
                add(p.year, lo);
                add(p.year, hi);
            }
        }
    }
    for obs in &panel.observed {
        for &(year, v) in &obs.points {
            add(year, v);
        }
    }
    Some((years?, vals?))
}

/// Pads a value range: 6 % of the span each side, or around a constant value; keeps
/// non-negative data from showing much below zero.
pub(crate) fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let span = hi - lo;
    let (a, b) = if span > 1e-9 * hi.abs().max(lo.abs()) && span > 0.0 {
        (lo - 0.06 * span, hi + 0.06 * span)
    } else if lo == 0.0 {
        (-0.05, 1.0)
    } else {
        let pad = 0.05 * lo.abs();
        (lo - pad, hi + pad)
    };
    if lo >= 0.0 && a < 0.0 {
        (-0.03 * b, b)
    } else {
        (a, b)
    }
}

/// The value axis for data in `[vlo, vhi]` on a plot `plot_h` pixels high.
pub(crate) fn y_plan((vlo, vhi): (f64, f64), plot_h: i32, f: &Fonts) -> YPlan {
    let (lo, hi) = padded(vlo, vhi);
    // Labels about 2.5 text heights apart or more, but never fewer than 4 ticks.
    let max_ticks = ((f64::from(plot_h) / (f.tick * 2.5)) as usize).clamp(4, 8);
    let (mut ticks, decimals) = nice_ticks(lo, hi, max_ticks);
    if vlo >= 0.0 {
        ticks.retain(|t| *t >= -1e-12);
    }
    let label_width = ticks
        .iter()
        .map(|t| text_width(&format_tick(*t, decimals), f.tick, false, f.face))
        .max()
        .unwrap_or(0);
    YPlan {
        range: (lo, hi),
        ticks,
        decimals,
        label_width,
    }
}

/// The year axis of a panel `width` pixels wide.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct XPlan {
    pub ticks: Vec<f64>,
    /// Half a year beyond the first and last year.
    pub range: Range<f64>,
    /// Height of the area under the plot (see [`x_label_area`]).
    pub label_h: i32,
}

/// The year axis of a panel `width` pixels wide: at most one tick per four tick-font heights.
pub(crate) fn x_plan(width: u32, layout: &PanelLayout, f: &Fonts) -> XPlan {
    let (y0, y1) = layout.years;
    let plot_w = width as f64 - layout.y_area as f64 - 30.0;
    let max_x_ticks = ((plot_w / (f.tick * 4.0)) as usize).clamp(3, 8);
    XPlan {
        ticks: year_ticks(y0, y1, max_x_ticks)
            .into_iter()
            .map(f64::from)
            .collect(),
        range: (f64::from(y0) - 0.5)..(f64::from(y1) + 0.5),
        label_h: x_label_area(f, layout.bottom_row),
    }
}

/// Width of mean lines, and their dash and gap when dashed.
pub(crate) fn mean_line(f: &Fonts) -> (u32, (u32, u32)) {
    let w = ((f.tick / 6.0).round() as u32).max(2);
    (w, (w * 5, w * 3))
}

/// Half-size of observation markers on a panel.
pub(crate) fn marker_size(f: &Fonts) -> i32 {
    (f.tick / 3.2).round() as i32
}

/// The x of a panel title's centre: over the plot's centre `centre_x`, kept inside a panel
/// `width` wide (centred on the panel when the title is wider than it).
pub(crate) fn title_x(title_width: u32, width: u32, centre_x: i32) -> i32 {
    let half = title_width as i32 / 2 + 4;
    if width as i32 > 2 * half {
        centre_x.clamp(half, width as i32 - half)
    } else {
        width as i32 / 2
    }
}

/// Maximal runs of consecutive points satisfying `keep`.
pub(crate) fn runs(points: &[LinePoint], keep: impl Fn(&LinePoint) -> bool) -> Vec<&[LinePoint]> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, p) in points.iter().enumerate() {
        match (keep(p), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&points[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&points[s..]);
    }
    out
}

/// The replicate bands of a line: one polygon (years and values) per run of two or more
/// banded points, along the p95s and back along the p05s.
pub(crate) fn band_polygons(points: &[LinePoint]) -> Vec<Vec<(f64, f64)>> {
    runs(points, |p| p.band.is_some())
        .into_iter()
        .filter(|run| run.len() >= 2)
        .map(|run| {
            let upper = run
                .iter()
                .filter_map(|p| p.band.map(|(_, hi)| (f64::from(p.year), hi)));
            let lower = run
                .iter()
                .rev()
                .filter_map(|p| p.band.map(|(lo, _)| (f64::from(p.year), lo)));
            upper.chain(lower).collect()
        })
        .collect()
}

/// The outline of an observation marker of half-size `s` centred on `at`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MarkerShape {
    Disc { radius: u32 },
    Polygon(Vec<(i32, i32)>),
}

/// The shape of `marker` of half-size `s` centred on `at`: triangle and square have the
/// area of the disc of radius `s`.
pub(crate) fn marker_shape(marker: Marker, at: (i32, i32), s: i32) -> MarkerShape {
    let (x, y, s) = (f64::from(at.0), f64::from(at.1), f64::from(s));
    let vertices = match marker {
        Marker::Circle => {
            return MarkerShape::Disc {
                radius: s.max(1.0) as u32,
            };
        }
        // Equilateral, pointing up.
        Marker::Triangle => {
            let r = s * 1.56;
            let h = r * 0.866;
            vec![(x, y - r), (x + h, y + r / 2.0), (x - h, y + r / 2.0)]
        }
        Marker::Square => {
            let h = s * 0.89;
            vec![
                (x - h, y - h),
                (x + h, y - h),
                (x + h, y + h),
                (x - h, y + h),
            ]
        }
    };
    let round = |&(x, y): &(f64, f64)| (x.round() as i32, y.round() as i32);
    MarkerShape::Polygon(vertices.iter().map(round).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::figure::{Line, ObservedMarks};
    use crate::plot::style::variant_style;

    const F: Fonts = crate::plot::charts::FONTS;
    const E: Typeface = Typeface::ENGLISH;

    fn point(year: i32, mean: f64, band: Option<(f64, f64)>) -> LinePoint {
        LinePoint { year, mean, band }
    }

    fn panel(title: &str, points: Vec<LinePoint>) -> Panel {
        Panel {
            title: title.to_string(),
            y_axis: "ratio".to_string(),
            x_axis: "year".to_string(),
            empty_note: String::new(),
            lines: vec![Line {
                style: variant_style(0),
                emphasised: false,
                points,
            }],
            observed: Vec::new(),
            marks: Vec::new(),
        }
    }

    fn entry(label: &str, with_sample: bool) -> LegendEntry {
        LegendEntry {
            line: with_sample.then(|| variant_style(0)),
            ..LegendEntry::note(label.to_string())
        }
    }

    #[test]
    fn long_titles_shrink_to_fit_but_not_below_60_percent() {
        let short = fitted("Gini", 30.0, true, 500, E);
        assert_eq!(short, 30.0);
        let title = "A rather long title that does not fit";
        let s = fitted(title, 30.0, true, 300, E);
        assert!(s < 30.0 && text_width(title, s, true, E) <= 300, "{s}");
        let smallest = fitted(title, 30.0, true, 10, E);
        assert!(
            smallest <= 30.0 * 0.6 && smallest > 30.0 * 0.6 - 1.0,
            "{smallest}"
        );
    }

    #[test]
    fn bottom_legend_wraps_into_centred_rows() {
        let legend: Vec<LegendEntry> = (0..6)
            .map(|i| entry(&format!("variant number {i}"), i % 2 == 0))
            .collect();
        let l = legend_rows(&legend, 20.0, 600, E);
        assert_eq!(l.entries.len(), 6);
        let row_h = (20.0 * 1.7) as i32;
        let rows: Vec<i32> = l.entries.iter().map(|(_, (_, y))| *y).collect();
        assert!(
            rows.windows(2)
                .all(|w| w[1] == w[0] || w[1] == w[0] + row_h)
        );
        let n_rows = (rows[5] - rows[0]) / row_h + 1;
        assert!(n_rows >= 2, "six long labels do not fit one 600 px row");
        assert_eq!(l.extent, n_rows as u32 * row_h as u32 + row_h as u32 / 2);
        // Each row fits and is centred: its first entry starts as far from the left edge as
        // the end of its last entry is from the right edge (within rounding).
        for y in rows
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>()
        {
            let row: Vec<_> = l.entries.iter().filter(|(_, (_, ey))| *ey == y).collect();
            let (first, last) = (row[0], row[row.len() - 1]);
            let end = last.1.0 + entry_width(&legend[last.0], 20.0, E) as i32;
            assert!(end - first.1.0 <= 560, "row at {y} is too wide");
            assert!(
                (first.1.0 - (600 - end)).abs() <= 1,
                "row at {y} is not centred"
            );
        }
    }

    #[test]
    fn legend_column_fits_its_widest_label() {
        let legend = vec![entry("baseline", true), entry("a much longer label", true)];
        let l = legend_column(&legend, &F, 1000);
        let widest = text_width("a much longer label", F.legend, false, E);
        assert_eq!(l.size, F.legend);
        assert_eq!(l.extent, widest + (SWATCH_W + SWATCH_GAP + 30) as u32);
        assert_eq!(l.entries[0].1.0, 8);
        assert_eq!(l.entries[1].1.1 - l.entries[0].1.1, (F.legend * 1.8) as i32);
        // Too narrow: the text shrinks to 70 %, then the column is clipped to the maximum.
        let narrow = legend_column(&legend, &F, 150);
        assert!(narrow.size <= F.legend * 0.7 && narrow.size > F.legend * 0.7 - 1.0);
        assert_eq!(narrow.extent, 150);
    }

    #[test]
    fn bottom_row_is_taller_by_the_year_labels() {
        let (xs, ys) = cell_breakpoints((900, 600), (3, 2), &F);
        assert_eq!(xs, [450]);
        let extra = x_label_area(&F, true) - x_label_area(&F, false);
        let row_h = (600 - extra) / 3;
        assert_eq!(ys, [row_h, 2 * row_h]);
        let last_plot = 600 - ys[1] - extra;
        assert!(
            (row_h..row_h + 3).contains(&last_plot),
            "equal plots, up to rounding"
        );
        assert_eq!(cell_breakpoints((900, 600), (1, 1), &F), (vec![], vec![]));
    }

    #[test]
    fn panels_of_a_cell_share_years_and_label_only_the_lowest_with_data() {
        let cell = Cell {
            title: None,
            grid: (3, 1),
            panels: vec![
                panel("a", vec![point(2015, 1.0, None), point(2020, 2.0, None)]),
                panel("b", vec![point(2018, 1000.0, Some((900.0, 1100.0)))]),
                panel("c", vec![point(2016, f64::NAN, None)]),
            ],
        };
        let l = panel_layouts(&cell, (800, 300), &F);
        assert_eq!(l.len(), 3);
        assert!(l.iter().all(|p| p.years == (2015, 2020)));
        assert!(l.iter().all(|p| p.y_area == l[0].y_area));
        let widest = l.iter().filter_map(|p| p.y.as_ref()).map(|y| y.label_width);
        assert_eq!(
            l[0].y_area,
            widest.max().unwrap() + (F.axis * 1.5) as u32 + 14
        );
        assert!(l[2].y.is_none(), "only NaN: nothing to draw");
        // The last panel has no data, so the years go under the one above it.
        let bottom: Vec<bool> = l.iter().map(|p| p.bottom_row).collect();
        assert_eq!(bottom, [false, true, true]);
        let b = l[1].y.as_ref().unwrap();
        assert!(b.range.0 < 900.0 && b.range.1 > 1100.0, "{:?}", b.range);
    }

    #[test]
    fn ranges_include_bands_and_observations_and_skip_non_finite_values() {
        let mut p = panel(
            "",
            vec![
                point(2015, 1.0, Some((0.5, 1.5))),
                point(2016, f64::NAN, None),
            ],
        );
        p.observed.push(ObservedMarks {
            marker: Marker::Circle,
            points: vec![(2012, 3.0), (2030, f64::INFINITY)],
        });
        assert_eq!(panel_ranges(&p), Some(((2012, 2015), (0.5, 3.0))));
        assert_eq!(
            panel_ranges(&panel("", vec![point(2015, f64::NAN, None)])),
            None
        );
    }

    #[test]
    fn padding_keeps_non_negative_data_near_zero() {
        let close = |(a, b): (f64, f64), (x, y): (f64, f64)| (a - x).abs() + (b - y).abs() < 1e-12;
        assert!(
            close(padded(1.0, 2.0), (0.94, 2.06)),
            "6 % of the span each side"
        );
        assert!(
            close(padded(0.0, 1.0), (-0.03 * 1.06, 1.06)),
            "only 3 % below zero"
        );
        assert!(
            close(padded(0.0, 0.0), (-0.03, 1.0)),
            "0 to 1 around a constant 0"
        );
        assert!(
            close(padded(-2.0, -2.0), (-2.1, -1.9)),
            "5 % around a constant"
        );
        let y = y_plan((0.0, 1.0), 400, &F);
        assert!(y.ticks.iter().all(|t| *t >= 0.0) && y.ticks.len() >= 4);
    }

    #[test]
    fn year_axis_spans_half_a_year_beyond_the_data() {
        let layout = PanelLayout {
            caption_size: 20.0,
            years: (2015, 2035),
            y: None,
            y_area: 80,
            bottom_row: true,
        };
        let x = x_plan(1000, &layout, &F);
        assert_eq!(x.range, 2014.5..2035.5);
        assert_eq!(x.ticks, [2015.0, 2020.0, 2025.0, 2030.0, 2035.0]);
        assert_eq!(x.label_h, x_label_area(&F, true));
        let narrow = x_plan(300, &layout, &F);
        assert!(narrow.ticks.len() <= 3, "{:?}", narrow.ticks);
    }

    #[test]
    fn titles_stay_inside_their_panel() {
        assert_eq!(title_x(100, 800, 400), 400);
        assert_eq!(title_x(100, 800, 10), 54, "pushed right of the left edge");
        assert_eq!(title_x(100, 800, 790), 746, "pushed left of the right edge");
        assert_eq!(title_x(900, 800, 400), 400, "wider than the panel: centred");
    }

    #[test]
    fn bands_follow_runs_of_banded_points() {
        let points = [
            point(2015, 1.0, Some((0.0, 2.0))),
            point(2016, 1.0, Some((0.5, 1.5))),
            point(2017, 1.0, None),
            point(2018, 1.0, Some((0.0, 2.0))),
        ];
        assert_eq!(runs(&points, |p| p.band.is_some()).len(), 2);
        // The lone banded point of 2018 has no polygon.
        let polygons = band_polygons(&points);
        assert_eq!(
            polygons,
            [vec![
                (2015.0, 2.0),
                (2016.0, 1.5),
                (2016.0, 0.5),
                (2015.0, 0.0)
            ]]
        );
    }

    #[test]
    fn markers_are_centred_and_of_similar_size() {
        assert_eq!(
            marker_shape(Marker::Circle, (50, 50), 6),
            MarkerShape::Disc { radius: 6 }
        );
        for marker in [Marker::Triangle, Marker::Square] {
            let MarkerShape::Polygon(v) = marker_shape(marker, (50, 50), 6) else {
                panic!("{marker:?} is a polygon");
            };
            // Shoelace area, against the disc's π 6² ≈ 113.
            let n = v.len();
            let twice: i32 = (0..n)
                .map(|i| v[i].0 * v[(i + 1) % n].1 - v[(i + 1) % n].0 * v[i].1)
                .sum();
            let area = f64::from(twice.abs()) / 2.0;
            assert!((90.0..140.0).contains(&area), "{marker:?}: area {area}");
            let xs: Vec<i32> = v.iter().map(|p| p.0).collect();
            assert_eq!(xs.iter().max().unwrap() + xs.iter().min().unwrap(), 100);
        }
    }
}
