//! A backend-independent description of a figure, and its drawing with plotters.
//!
//! A [`Figure`] is a title, a grid of [`Cell`]s (each a grid of [`Panel`]s) and a legend
//! drawn outside the panels (to the right, or below for the dashboard), so it never covers
//! data. Layout is computed from the embedded font's metrics, so PNG and SVG share geometry.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
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

fn text_width<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, text: &str, f: &FontDesc) -> u32 {
    area.estimate_text_size(text, &TextStyle::from(f.clone()))
        .map_or(0, |(w, _)| w)
}

/// The largest size up to `size` at which `text` fits `width` pixels (never below 60 %).
fn fitted<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: f64,
    bold: bool,
    width: u32,
) -> FontDesc<'static> {
    let mut s = size;
    while s > size * 0.6 && text_width(area, text, &font(s, bold)) > width {
        s -= 1.0;
    }
    font(s, bold)
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
    let title_font = fitted(root, &fig.title, f.title, true, w - 40);
    root.draw_text(
        &fig.title,
        &title_font
            .color(&BLACK)
            .pos(Pos::new(HPos::Center, VPos::Center)),
        (w as i32 / 2, title_h as i32 / 2 + 4),
    )?;
    let (_, body) = root.split_vertically(title_h);
    let (bw, bh) = body.dim_in_pixel();

    let plots = match fig.legend_at {
        LegendAt::Right => {
            let (size, lw) = legend_column_width(root, &fig.legend, f.legend, w * 3 / 10);
            let (plots, legend) = body.split_horizontally(bw.saturating_sub(lw));
            draw_legend_column(&legend, &fig.legend, size, (f.cell_title * 1.6) as i32)?;
            plots
        }
        LegendAt::Bottom => {
            let rows = legend_rows(root, &fig.legend, f.legend, bw - 40);
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
            let tf = fitted(area, title, f.cell_title, true, w - 20);
            area.draw_text(
                title,
                &tf.color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center)),
                (14, th as i32 / 2 + 2),
            )?;
            area.split_vertically(th).1
        }
        None => area.clone(),
    };
    let areas = area.split_evenly(cell.grid);
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
        .map(|p| fitted(first, &p.title, f.panel_title, false, pw.saturating_sub(30)).get_size())
        .fold(f.panel_title, f64::min);
    let y_plans: Vec<Option<YPlan>> = ranges
        .iter()
        .map(|r| r.map(|(_, v)| y_plan(first, v, ph, f)))
        .collect();
    let y_area = y_plans
        .iter()
        .flatten()
        .map(|p| p.label_width)
        .max()
        .unwrap_or(0)
        + (f.axis * 1.5) as u32
        + 14;

    let rows = cell.grid.0.max(1);
    for (i, (panel, a)) in cell.panels.iter().zip(areas.iter()).enumerate() {
        let layout = PanelLayout {
            caption: font(caption_size, false),
            years: years.unwrap_or((0, 0)),
            y: y_plans[i].clone(),
            y_area,
            x_desc: i / cell.grid.1.max(1) == rows - 1,
        };
        draw_panel(a, panel, f, &layout)?;
    }
    Ok(())
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

fn y_plan<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (vlo, vhi): (f64, f64),
    panel_h: u32,
    f: &Fonts,
) -> YPlan {
    let (lo, hi) = padded(vlo, vhi);
    let plot_h = panel_h as f64 - f.panel_title * 1.5 - f.tick * 1.5 - f.axis * 1.5 - 20.0;
    let max_ticks = ((plot_h / (f.tick * 1.8)) as usize).clamp(3, 8);
    let (mut ticks, decimals) = nice_ticks(lo, hi, max_ticks);
    if vlo >= 0.0 {
        ticks.retain(|t| *t >= -1e-12);
    }
    let tick_font = font(f.tick, false);
    let label_width = ticks
        .iter()
        .map(|t| text_width(area, &format_tick(*t, decimals), &tick_font))
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
    /// Whether to write "year" under the x axis (only on the bottom row).
    x_desc: bool,
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    f: &Fonts,
    layout: &PanelLayout,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let Some(y) = &layout.y else {
        area.draw_text(
            &panel.title,
            &layout
                .caption
                .color(&BLACK)
                .pos(Pos::new(HPos::Center, VPos::Top)),
            (w as i32 / 2, 8),
        )?;
        area.draw_text(
            &panel.empty_note,
            &font(f.axis, false)
                .color(&NOTE)
                .pos(Pos::new(HPos::Center, VPos::Center)),
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
    let x_area = if layout.x_desc {
        f.tick * 1.3 + f.axis * 1.5 + 6.0
    } else {
        f.tick * 1.3 + 6.0
    };

    let mut builder = ChartBuilder::on(area);
    if !panel.title.is_empty() {
        builder.caption(&panel.title, layout.caption.clone());
    }
    let mut chart = builder
        .margin_top(if panel.title.is_empty() { 16 } else { 4 })
        .margin_bottom(6)
        .margin_left(8)
        .margin_right(24)
        .x_label_area_size(x_area as u32)
        .y_label_area_size(layout.y_area)
        .build_cartesian_2d(
            TickAxis::new(x_range, xticks),
            TickAxis::new(y.range.0..y.range.1, y.ticks.clone()),
        )?;
    let decimals = y.decimals;
    let y_fmt = |v: &f64| format_tick(*v, decimals);
    let x_fmt = |v: &f64| format!("{v:.0}");
    let mut mesh = chart.configure_mesh();
    if layout.x_desc {
        mesh.x_desc("year");
    }
    mesh.y_desc(panel.y_axis.as_str())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(font(f.tick, false).color(&BLACK))
        .axis_desc_style(font(f.axis, false).color(&BLACK))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(1))
        .draw()?;

    let line_w = ((f.tick / 6.0).round() as u32).max(2);
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
    for line in &panel.lines {
        let stroke = line.style.colour.stroke_width(line_w);
        for run in runs(&line.points, |p| p.mean.is_finite()) {
            let pts: Vec<(f64, f64)> = run.iter().map(|p| (f64::from(p.year), p.mean)).collect();
            if pts.len() == 1 {
                chart.draw_series(std::iter::once(Circle::new(
                    pts[0],
                    line_w + 3,
                    line.style.colour.filled(),
                )))?;
            } else if line.style.dashed {
                chart.draw_series(DashedLineSeries::new(pts, line_w * 5, line_w * 3, stroke))?;
            } else {
                chart.draw_series(LineSeries::new(pts, stroke))?;
            }
        }
    }
    let marker_size = (f.tick / 3.2).round() as i32;
    for obs in &panel.observed {
        for &(year, v) in &obs.points {
            if v.is_finite() {
                draw_marker(&mut chart, obs.marker, (f64::from(year), v), marker_size)?;
            }
        }
    }
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

fn draw_marker<DB: DrawingBackend, X: Ranged<ValueType = f64>, Y: Ranged<ValueType = f64>>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    marker: Marker,
    at: (f64, f64),
    size: i32,
) -> DrawResult<DB> {
    let style = OBSERVED.filled();
    match marker {
        Marker::Circle => {
            chart.draw_series(std::iter::once(Circle::new(at, size, style)))?;
        }
        Marker::Triangle => {
            chart.draw_series(std::iter::once(TriangleMarker::new(at, size + 2, style)))?;
        }
        Marker::Square => {
            chart.draw_series(std::iter::once(
                EmptyElement::at(at) + Rectangle::new([(-size, -size), (size, size)], style),
            ))?;
        }
    }
    Ok(())
}

const SWATCH_W: i32 = 46;
const SWATCH_GAP: i32 = 12;

/// The legend font size and column width: wide enough for the longest label at the given
/// size, shrinking the text (to 70 %) rather than exceeding `max_w`.
fn legend_column_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    legend: &[LegendEntry],
    size: f64,
    max_w: u32,
) -> (f64, u32) {
    let pad = (SWATCH_W + SWATCH_GAP + 30) as u32;
    let mut s = size;
    loop {
        let widest = legend
            .iter()
            .map(|e| text_width(area, &e.label, &font(s, false)))
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
fn legend_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    legend: &[LegendEntry],
    size: f64,
    width: u32,
) -> Vec<Vec<(usize, u32)>> {
    let mut rows: Vec<Vec<(usize, u32)>> = vec![Vec::new()];
    let mut used = 0;
    for (i, e) in legend.iter().enumerate() {
        let w = entry_width(area, e, size);
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

fn entry_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    e: &LegendEntry,
    size: f64,
) -> u32 {
    let swatch = if has_swatch(e) {
        SWATCH_W + SWATCH_GAP
    } else {
        0
    };
    text_width(area, &e.label, &font(size, false)) + swatch as u32 + 36
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
        let stroke = line.colour.stroke_width(w);
        if line.dashed {
            let d = SWATCH_W / 5;
            for k in [0, 2, 4] {
                area.draw(&PathElement::new(
                    vec![(x + k * d, y), (x + (k + 1) * d, y)],
                    stroke,
                ))?;
            }
        } else {
            area.draw(&PathElement::new(vec![(x, y), (x + SWATCH_W, y)], stroke))?;
        }
    }
    if let Some(marker) = e.marker {
        let c = (x + SWATCH_W / 2, y);
        let s = (size / 3.4).round() as i32;
        let style = OBSERVED.filled();
        match marker {
            Marker::Circle => area.draw(&Circle::new(c, s, style))?,
            Marker::Triangle => area.draw(&TriangleMarker::new(c, s + 2, style))?,
            Marker::Square => area.draw(&Rectangle::new(
                [(c.0 - s, c.1 - s), (c.0 + s, c.1 + s)],
                style,
            ))?,
        }
    }
    let tx = if has_swatch(e) {
        x + SWATCH_W + SWATCH_GAP
    } else {
        x
    };
    let colour = if has_swatch(e) { BLACK } else { NOTE };
    area.draw_text(
        &e.label,
        &font(size, false)
            .color(&colour)
            .pos(Pos::new(HPos::Left, VPos::Center)),
        (tx, y),
    )?;
    Ok(())
}
