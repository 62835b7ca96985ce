//! A backend-independent description of a figure, and its drawing with plotters.
//!
//! A [`Figure`] is a title, a grid of [`Cell`]s (each a grid of [`Panel`]s) and a legend
//! drawn outside the panels (to the right, or below for the dashboard), so it never covers
//! data. Layout is computed from the embedded font's metrics
//! ([`super::text::text_width`]), so PNG and SVG share geometry.
//!
//! Everything is drawn by plotters; in PNG, text goes through [`super::text::GlyphText`].

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{FONT, OBSERVED, VariantStyle, format_tick, nice_ticks, year_ticks};

/// Font sizes (plotters units: roughly the pixel height of a line of text).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fonts {
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
    pub grid: (usize, usize),
    pub cells: Vec<Cell>,
    pub legend: Vec<LegendEntry>,
    pub legend_at: LegendAt,
    pub fonts: Fonts,
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
    /// Text shown instead of axes when nothing can be drawn.
    pub empty_note: String,
    pub lines: Vec<Line>,
    pub observed: Vec<ObservedMarks>,
}

/// One variant's mean line and replicate band, already scaled for display.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub style: VariantStyle,
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

/// A linear f64 axis with ticks chosen by us (plotters' `WithKeyPoints` cannot take a label
/// formatter for f64 in 0.3.7).
#[derive(Clone)]
struct TickAxis {
    inner: RangedCoordf64,
    ticks: Vec<f64>,
}

impl TickAxis {
    fn new(range: std::ops::Range<f64>, ticks: Vec<f64>) -> Self {
        TickAxis {
            inner: range.into(),
            ticks,
        }
    }
}

impl Ranged for TickAxis {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.inner.range()
    }
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Opacity of replicate bands.
const BAND_ALPHA: f64 = 0.22;
const GRID: RGBColor = RGBColor(225, 225, 225);
const AXIS: RGBColor = RGBColor(90, 90, 90);
const NOTE: RGBColor = RGBColor(110, 110, 110);

fn font(size: f64, bold: bool) -> FontDesc<'static> {
    FontDesc::new(
        FontFamily::Name(FONT),
        size,
        if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        },
    )
}

/// The width of `text` in `f`, in pixels (as drawn in PNG and shown by SVG viewers).
fn text_width(text: &str, f: &FontDesc) -> u32 {
    super::text::text_width(text, f.get_size(), matches!(f.get_style(), FontStyle::Bold))
}

/// The largest size up to `size` at which `text` fits `width` pixels (never below 60 %).
fn fitted(text: &str, size: f64, bold: bool, width: u32) -> FontDesc<'static> {
    let mut s = size;
    while s > size * 0.6 && text_width(text, &font(s, bold)) > width {
        s -= 1.0;
    }
    font(s, bold)
}

/// Writes `text` at `at`, anchored at `anchor`.
fn write_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    font: &FontDesc<'_>,
    colour: RGBColor,
    anchor: Pos,
    at: (i32, i32),
) -> DrawResult<DB> {
    area.draw_text(text, &font.color(&colour).pos(anchor), at)
}

/// Draws a polyline `width` pixels wide, dashed (dash and gap in pixels) or solid.
fn draw_polyline<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: Vec<(i32, i32)>,
    width: u32,
    colour: RGBColor,
    dashes: Option<(u32, u32)>,
) -> DrawResult<DB> {
    let style = colour.stroke_width(width);
    match dashes {
        Some((on, off)) => area.draw(&DashedPathElement::new(points, on, off, style)),
        None => area.draw(&PathElement::new(points, style)),
    }
}

/// Draws an observation marker of half-size `s` centred on `at`.
fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    marker: Marker,
    at: (i32, i32),
    s: i32,
) -> DrawResult<DB> {
    let (x, y, s) = (f64::from(at.0), f64::from(at.1), f64::from(s));
    let vertices = match marker {
        Marker::Circle => return area.draw(&Circle::new(at, s.max(1.0) as u32, OBSERVED.filled())),
        // Equilateral, pointing up, with the same area as a disc of radius s.
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
    let vertices: Vec<(i32, i32)> = vertices.iter().map(round).collect();
    area.draw(&Polygon::new(vertices, OBSERVED.filled()))
}

/// Draws `fig` onto `root` (which must have the figure's size).
pub(crate) fn draw_figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    fig: &Figure,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (w, _) = root.dim_in_pixel();
    let f = fig.fonts;

    let title_h = (f.title * 2.1) as u32;
    let title_font = fitted(&fig.title, f.title, true, w - 40);
    write_text(
        root,
        &fig.title,
        &title_font,
        BLACK,
        Pos::new(HPos::Center, VPos::Center),
        (w as i32 / 2, title_h as i32 / 2 + 4),
    )?;
    let (_, body) = root.split_vertically(title_h);
    let (bw, bh) = body.dim_in_pixel();

    let plots = match fig.legend_at {
        LegendAt::Right => {
            let (size, lw) = legend_column_width(&fig.legend, f.legend, w * 3 / 10);
            let (plots, legend) = body.split_horizontally(bw.saturating_sub(lw));
            draw_legend_column(&legend, &fig.legend, size, (f.cell_title * 1.6) as i32)?;
            plots
        }
        LegendAt::Bottom => {
            let rows = legend_rows(&fig.legend, f.legend, bw - 40);
            let row_h = (f.legend * 1.7) as u32;
            let lh = rows.len() as u32 * row_h + row_h / 2;
            let (plots, legend) = body.split_vertically(bh.saturating_sub(lh));
            draw_legend_rows(&legend, &fig.legend, &rows, f.legend, row_h)?;
            plots
        }
    };

    let areas = plots.split_evenly(fig.grid);
    for (cell, area) in fig.cells.iter().zip(areas.iter()) {
        draw_cell(area, cell, &f)?;
    }
    Ok(())
}

fn draw_cell<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cell: &Cell,
    f: &Fonts,
) -> DrawResult<DB> {
    let area = match &cell.title {
        Some(title) => {
            let (w, _) = area.dim_in_pixel();
            let th = (f.cell_title * 1.7) as u32;
            let tf = fitted(title, f.cell_title, true, w - 20);
            write_text(
                area,
                title,
                &tf,
                BLACK,
                Pos::new(HPos::Left, VPos::Center),
                (14, th as i32 / 2 + 2),
            )?;
            area.split_vertically(th).1
        }
        None => area.clone(),
    };
    let areas = split_cell(&area, cell.grid, f);
    let Some(first) = areas.first() else {
        return Ok(());
    };
    let (pw, ph) = first.dim_in_pixel();

    // Shared by all panels of the cell: the year range, the caption size and the width of
    // the y-label area, so that panels line up and read alike.
    let ranges: Vec<_> = cell.panels.iter().map(panel_ranges).collect();
    let years = ranges
        .iter()
        .flatten()
        .map(|(y, _)| *y)
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
    let caption_size = cell
        .panels
        .iter()
        .map(|p| fitted(&p.title, f.panel_title, false, pw.saturating_sub(30)).get_size())
        .fold(f.panel_title, f64::min);
    // Every plot of the cell has the same height (see `split_cell`).
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
    for (i, (panel, a)) in cell.panels.iter().zip(areas.iter()).enumerate() {
        let layout = PanelLayout {
            caption: font(caption_size, false),
            years: years.unwrap_or((0, 0)),
            y: y_plans[i].clone(),
            y_area,
            bottom_row: labelled(i),
        };
        draw_panel(a, panel, f, &layout)?;
    }
    Ok(())
}

/// Pixels between a panel's x labels and the panel below.
const PLOT_MARGIN_BOTTOM: i32 = 6;

/// Height of a panel's title band (as plotters' caption would take it: 5 px above and
/// below the text, 4 px margin), or a 16 px gap without a title.
fn title_height(title: &str, caption_size: f64) -> u32 {
    if title.is_empty() {
        16
    } else {
        (caption_size / 1.24) as u32 + 14
    }
}

/// Height under a panel's plot: years and "year" on the bottom row, a small gap elsewhere.
fn x_label_area(f: &Fonts, bottom_row: bool) -> i32 {
    if bottom_row {
        (f.tick * 1.3 + f.axis * 1.5 + 6.0) as i32
    } else {
        6
    }
}

/// Splits a cell into its grid of panel areas, the bottom row taller by the year labels so
/// that every plot has the same height.
fn split_cell<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (rows, cols): (usize, usize),
    f: &Fonts,
) -> Vec<DrawingArea<DB, Shift>> {
    let (w, h) = area.dim_in_pixel();
    let (rows, cols) = (rows.max(1) as i32, cols.max(1) as i32);
    let extra = x_label_area(f, true) - x_label_area(f, false);
    let row_h = (h as i32 - extra).max(rows) / rows;
    let xs: Vec<i32> = (1..cols).map(|k| k * w as i32 / cols).collect();
    let ys: Vec<i32> = (1..rows).map(|k| k * row_h).collect();
    area.split_by_breakpoints(xs, ys)
}

/// The finite data ranges of a panel: years and values (including bands and observations).
fn panel_ranges(panel: &Panel) -> Option<((i32, i32), (f64, f64))> {
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
fn padded(lo: f64, hi: f64) -> (f64, f64) {
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

/// The value axis of a panel.
#[derive(Debug, Clone)]
struct YPlan {
    range: (f64, f64),
    ticks: Vec<f64>,
    decimals: usize,
    /// Pixel width of the widest tick label.
    label_width: u32,
}

fn y_plan((vlo, vhi): (f64, f64), plot_h: i32, f: &Fonts) -> YPlan {
    let (lo, hi) = padded(vlo, vhi);
    // Labels about 2.5 text heights apart or more, but never fewer than 4 ticks.
    let max_ticks = ((f64::from(plot_h) / (f.tick * 2.5)) as usize).clamp(4, 8);
    let (mut ticks, decimals) = nice_ticks(lo, hi, max_ticks);
    if vlo >= 0.0 {
        ticks.retain(|t| *t >= -1e-12);
    }
    let tick_font = font(f.tick, false);
    let label_width = ticks
        .iter()
        .map(|t| text_width(&format_tick(*t, decimals), &tick_font))
        .max()
        .unwrap_or(0);
    YPlan {
        range: (lo, hi),
        ticks,
        decimals,
        label_width,
    }
}

/// What a cell decides for each of its panels.
struct PanelLayout {
    caption: FontDesc<'static>,
    years: (i32, i32),
    /// `None` when the panel has nothing to draw.
    y: Option<YPlan>,
    y_area: u32,
    /// Whether the years are labelled and "year" written under the panel: only under the
    /// lowest panel with data in each column (the panels of a cell share their years).
    bottom_row: bool,
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    f: &Fonts,
    layout: &PanelLayout,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let Some(y) = &layout.y else {
        write_text(
            area,
            &panel.title,
            &layout.caption,
            BLACK,
            Pos::new(HPos::Center, VPos::Top),
            (w as i32 / 2, 8),
        )?;
        write_text(
            area,
            &panel.empty_note,
            &font(f.axis, false),
            NOTE,
            Pos::new(HPos::Center, VPos::Center),
            (w as i32 / 2, h as i32 / 2),
        )?;
        return Ok(());
    };

    let (y0, y1) = layout.years;
    let plot_w = w as f64 - layout.y_area as f64 - 30.0;
    let max_x_ticks = ((plot_w / (f.tick * 4.0)) as usize).clamp(3, 8);
    let xticks: Vec<f64> = year_ticks(y0, y1, max_x_ticks)
        .into_iter()
        .map(f64::from)
        .collect();
    let x_range = (f64::from(y0) - 0.5)..(f64::from(y1) + 0.5);
    let x_area = x_label_area(f, layout.bottom_row);
    let title_h = title_height(&panel.title, layout.caption.get_size());

    let (_, body) = area.split_vertically(title_h);
    let mut chart = ChartBuilder::on(&body)
        .margin_bottom(PLOT_MARGIN_BOTTOM as u32)
        .margin_left(8)
        .margin_right(24)
        .x_label_area_size(x_area)
        .y_label_area_size(layout.y_area)
        .build_cartesian_2d(
            TickAxis::new(x_range.clone(), xticks.clone()),
            TickAxis::new(y.range.0..y.range.1, y.ticks.clone()),
        )?;
    // Plotters draws the grid, axes and tick marks; the labels are written below, where the
    // cell's layout wants them (years only under the lowest panel of a column).
    chart
        .configure_mesh()
        .label_style(font(f.tick, false).color(&TRANSPARENT))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(1))
        .draw()?;

    for line in &panel.lines {
        let fill = line.style.colour.mix(BAND_ALPHA).filled();
        for run in runs(&line.points, |p| p.band.is_some()) {
            if run.len() < 2 {
                continue;
            }
            let mut poly: Vec<(f64, f64)> = run
                .iter()
                .filter_map(|p| p.band.map(|(_, hi)| (f64::from(p.year), hi)))
                .collect();
            poly.extend(
                run.iter()
                    .rev()
                    .filter_map(|p| p.band.map(|(lo, _)| (f64::from(p.year), lo))),
            );
            chart.draw_series(std::iter::once(Polygon::new(poly, fill)))?;
        }
    }

    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (bx, by) = area.get_base_pixel();
    let at = |x: f64, v: f64| {
        let (px, py) = chart.backend_coord(&(x, v));
        (px - bx, py - by)
    };
    let (left, bottom) = (xr.start - bx, yr.end - by);
    let centre = ((xr.start + xr.end) / 2 - bx, (yr.start + yr.end) / 2 - by);

    let line_w = ((f.tick / 6.0).round() as u32).max(2);
    for line in &panel.lines {
        let colour = line.style.colour;
        let dashes = line.style.dashed.then_some((line_w * 5, line_w * 3));
        for run in runs(&line.points, |p| p.mean.is_finite()) {
            let pts: Vec<(i32, i32)> = run.iter().map(|p| at(f64::from(p.year), p.mean)).collect();
            if pts.len() == 1 {
                area.draw(&Circle::new(pts[0], line_w + 3, colour.filled()))?;
            } else {
                draw_polyline(area, pts, line_w, colour, dashes)?;
            }
        }
    }
    let marker_size = (f.tick / 3.2).round() as i32;
    for obs in &panel.observed {
        for &(year, v) in &obs.points {
            if v.is_finite() {
                draw_marker(area, obs.marker, at(f64::from(year), v), marker_size)?;
            }
        }
    }

    // Title centred over the plot, kept inside the panel.
    if !panel.title.is_empty() {
        let half = text_width(&panel.title, &layout.caption) as i32 / 2 + 4;
        let cx = if w as i32 > 2 * half {
            centre.0.clamp(half, w as i32 - half)
        } else {
            w as i32 / 2
        };
        let top = Pos::new(HPos::Center, VPos::Top);
        write_text(area, &panel.title, &layout.caption, BLACK, top, (cx, 9))?;
    }
    let tick = font(f.tick, false);
    for t in xticks.iter().filter(|_| layout.bottom_row) {
        let label = format!("{t:.0}");
        let pos = Pos::new(HPos::Center, VPos::Top);
        write_text(
            area,
            &label,
            &tick,
            BLACK,
            pos,
            (at(*t, y.range.0).0, bottom + 10),
        )?;
    }
    for t in &y.ticks {
        let label = format_tick(*t, y.decimals);
        let pos = Pos::new(HPos::Right, VPos::Center);
        write_text(
            area,
            &label,
            &tick,
            BLACK,
            pos,
            (left - 10, at(x_range.start, *t).1),
        )?;
    }
    let axis = font(f.axis, false);
    if layout.bottom_row {
        let pos = Pos::new(HPos::Center, VPos::Bottom);
        write_text(area, "year", &axis, BLACK, pos, (centre.0, bottom + x_area))?;
    }
    let upwards = axis.transform(FontTransform::Rotate270);
    let pos = Pos::new(HPos::Center, VPos::Top);
    let y_desc_at = (left - layout.y_area as i32, centre.1);
    write_text(area, &panel.y_axis, &upwards, BLACK, pos, y_desc_at)?;
    Ok(())
}

/// Maximal runs of consecutive points satisfying `keep`.
fn runs(points: &[LinePoint], keep: impl Fn(&LinePoint) -> bool) -> Vec<&[LinePoint]> {
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

const SWATCH_W: i32 = 46;
const SWATCH_GAP: i32 = 12;

/// The legend font size and column width: wide enough for the longest label at the given
/// size, shrinking the text (to 70 %) rather than exceeding `max_w`.
fn legend_column_width(legend: &[LegendEntry], size: f64, max_w: u32) -> (f64, u32) {
    let pad = (SWATCH_W + SWATCH_GAP + 30) as u32;
    let mut s = size;
    loop {
        let widest = legend
            .iter()
            .map(|e| text_width(&e.label, &font(s, false)))
            .max()
            .unwrap_or(0);
        if widest + pad <= max_w || s <= size * 0.7 {
            return (s, (widest + pad).max(160).min(max_w));
        }
        s -= 1.0;
    }
}

fn draw_legend_column<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    legend: &[LegendEntry],
    size: f64,
    top: i32,
) -> DrawResult<DB> {
    let row_h = (size * 1.8) as i32;
    for (i, entry) in legend.iter().enumerate() {
        let y = top + row_h / 2 + i as i32 * row_h;
        draw_legend_entry(area, entry, (8, y), size)?;
    }
    Ok(())
}

/// Splits the legend into rows that fit `width` pixels (for a legend below the panels).
fn legend_rows(legend: &[LegendEntry], size: f64, width: u32) -> Vec<Vec<(usize, u32)>> {
    let mut rows: Vec<Vec<(usize, u32)>> = vec![Vec::new()];
    let mut used = 0;
    for (i, e) in legend.iter().enumerate() {
        let w = entry_width(e, size);
        if used + w > width && !rows.last().is_some_and(Vec::is_empty) {
            rows.push(Vec::new());
            used = 0;
        }
        if let Some(r) = rows.last_mut() {
            r.push((i, w));
        }
        used += w;
    }
    rows.retain(|r| !r.is_empty());
    rows
}

fn entry_width(e: &LegendEntry, size: f64) -> u32 {
    let swatch = if has_swatch(e) {
        SWATCH_W + SWATCH_GAP
    } else {
        0
    };
    text_width(&e.label, &font(size, false)) + swatch as u32 + 36
}

fn draw_legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    legend: &[LegendEntry],
    rows: &[Vec<(usize, u32)>],
    size: f64,
    row_h: u32,
) -> DrawResult<DB> {
    let (w, _) = area.dim_in_pixel();
    for (r, row) in rows.iter().enumerate() {
        let total: u32 = row.iter().map(|(_, w)| w).sum();
        let mut x = (w.saturating_sub(total) / 2) as i32;
        let y = (r as u32 * row_h + row_h / 2) as i32;
        for &(i, ew) in row {
            draw_legend_entry(area, &legend[i], (x, y), size)?;
            x += ew as i32;
        }
    }
    Ok(())
}

fn has_swatch(e: &LegendEntry) -> bool {
    e.line.is_some() || e.band.is_some() || e.marker.is_some()
}

/// Draws one legend entry with its vertical centre at `at.1`, starting at `at.0`.
fn draw_legend_entry<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    e: &LegendEntry,
    (x, y): (i32, i32),
    size: f64,
) -> DrawResult<DB> {
    let half = (size * 0.45) as i32;
    if let Some(band) = e.band {
        area.draw(&Rectangle::new(
            [(x, y - half), (x + SWATCH_W, y + half)],
            band.mix(BAND_ALPHA).filled(),
        ))?;
    }
    if let Some(line) = e.line {
        let w = ((size / 6.5).round() as u32).max(2);
        let d = SWATCH_W as u32 / 5;
        let dashes = line.dashed.then_some((d, d));
        draw_polyline(
            area,
            vec![(x, y), (x + SWATCH_W, y)],
            w,
            line.colour,
            dashes,
        )?;
    }
    if let Some(marker) = e.marker {
        let s = (size / 3.4).round() as i32;
        draw_marker(area, marker, (x + SWATCH_W / 2, y), s)?;
    }
    let tx = if has_swatch(e) {
        x + SWATCH_W + SWATCH_GAP
    } else {
        x
    };
    let colour = if has_swatch(e) { BLACK } else { NOTE };
    let pos = Pos::new(HPos::Left, VPos::Center);
    write_text(area, &e.label, &font(size, false), colour, pos, (tx, y))
}
