//! Drawing a [`Figure`] with plotters, where [`layout`](super::layout) places its parts.
//!
//! Everything is drawn by plotters; in PNG, text goes through [`super::text::GlyphText`].

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::figure::{Cell, DotPlot, Figure, Fonts, LegendAt, LegendEntry, Marker, Panel};
use super::layout::{
    self, MarkerShape, PLOT_MARGIN_BOTTOM, PanelLayout, SWATCH_GAP, SWATCH_W, XPlan, YPlan,
};
use super::style::{OBSERVED, family, format_tick};
use super::text::Typeface;

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
/// Colour of phase marks: thin verticals, lighter than the data, darker than the grid.
const MARK: RGBColor = RGBColor(150, 150, 150);

fn font(size: f64, bold: bool, face: Typeface) -> FontDesc<'static> {
    FontDesc::new(
        FontFamily::Name(family(face.lang)),
        size,
        if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        },
    )
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
    match layout::marker_shape(marker, at, s) {
        MarkerShape::Disc { radius } => area.draw(&Circle::new(at, radius, OBSERVED.filled())),
        MarkerShape::Polygon(vertices) => area.draw(&Polygon::new(vertices, OBSERVED.filled())),
    }
}

/// Draws `fig` onto `root` (which must have the figure's size).
pub(crate) fn draw_figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    fig: &Figure,
) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let layout = layout::figure_layout(fig);
    let centre = Pos::new(HPos::Center, VPos::Center);
    let title_font = font(layout.title.size, true, fig.fonts.face);
    write_text(
        root,
        &fig.title,
        &title_font,
        BLACK,
        centre,
        layout.title.at,
    )?;
    if let Some(sub) = layout.subtitle {
        let sub_font = font(sub.size, false, fig.fonts.face);
        write_text(root, &fig.subtitle, &sub_font, NOTE, centre, sub.at)?;
    }
    let (_, body) = root.split_vertically(layout.title_h);
    let (bw, bh) = body.dim_in_pixel();
    let legend = &layout.legend;
    let (plots, legend_area) = match legend.at {
        LegendAt::Right => body.split_horizontally(bw.saturating_sub(legend.extent)),
        LegendAt::Bottom => body.split_vertically(bh.saturating_sub(legend.extent)),
    };
    for &(i, at) in &legend.entries {
        draw_legend_entry(
            &legend_area,
            &fig.legend[i],
            at,
            legend.size,
            fig.fonts.face,
        )?;
    }
    if let Some(dots) = &fig.dots {
        return draw_dots(&plots, dots, &fig.fonts);
    }
    let areas = plots.split_evenly(fig.grid);
    for (cell, area) in fig.cells.iter().zip(areas.iter()) {
        draw_cell(area, cell, &fig.fonts)?;
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
            let (placed, th) = layout::cell_title(title, w, f);
            let left = Pos::new(HPos::Left, VPos::Center);
            write_text(
                area,
                title,
                &font(placed.size, true, f.face),
                BLACK,
                left,
                placed.at,
            )?;
            area.split_vertically(th).1
        }
        None => area.clone(),
    };
    let (xs, ys) = layout::cell_breakpoints(area.dim_in_pixel(), cell.grid, f);
    let areas = area.split_by_breakpoints(xs, ys);
    let Some(first) = areas.first() else {
        return Ok(());
    };
    let layouts = layout::panel_layouts(cell, first.dim_in_pixel(), f);
    for ((panel, a), layout) in cell.panels.iter().zip(areas.iter()).zip(&layouts) {
        draw_panel(a, panel, f, layout)?;
    }
    Ok(())
}

/// Where a panel's plot landed, in pixels of the panel's area.
struct Frame {
    coord: Cartesian2d<TickAxis, TickAxis>,
    base: (i32, i32),
    /// The left and bottom edges of the plot, and its centre.
    left: i32,
    bottom: i32,
    centre: (i32, i32),
}

impl Frame {
    /// The pixel of year (or x) `x` and value `v`.
    fn at(&self, x: f64, v: f64) -> (i32, i32) {
        let (px, py) = self.coord.translate(&(x, v));
        (px - self.base.0, py - self.base.1)
    }

    /// Each line's runs of finite means (a polyline, or a dot for a run of one year), then the
    /// observations.
    fn draw_data<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        panel: &Panel,
        f: &Fonts,
    ) -> DrawResult<DB> {
        let (plain_w, dash) = layout::mean_line(f);
        for line in &panel.lines {
            let colour = line.style.colour;
            let line_w = if line.emphasised {
                plain_w * 2
            } else {
                plain_w
            };
            let dashes = line.style.dashed.then_some(dash);
            for run in layout::runs(&line.points, |p| p.mean.is_finite()) {
                let pts: Vec<(i32, i32)> = run
                    .iter()
                    .map(|p| self.at(f64::from(p.year), p.mean))
                    .collect();
                if pts.len() == 1 {
                    area.draw(&Circle::new(pts[0], line_w + 3, colour.filled()))?;
                } else {
                    draw_polyline(area, pts, line_w, colour, dashes)?;
                }
            }
        }
        let size = layout::marker_size(f);
        for obs in &panel.observed {
            for &(year, v) in &obs.points {
                if v.is_finite() {
                    draw_marker(area, obs.marker, self.at(f64::from(year), v), size)?;
                }
            }
        }
        Ok(())
    }
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    f: &Fonts,
    layout: &PanelLayout,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let Some(y) = &layout.y else {
        // Nothing to draw: the title and a note.
        let caption = font(layout.caption_size, false, f.face);
        let top = Pos::new(HPos::Center, VPos::Top);
        write_text(area, &panel.title, &caption, BLACK, top, (w as i32 / 2, 8))?;
        let centre = Pos::new(HPos::Center, VPos::Center);
        let at = (w as i32 / 2, h as i32 / 2);
        return write_text(
            area,
            &panel.empty_note,
            &font(f.axis, false, f.face),
            NOTE,
            centre,
            at,
        );
    };
    let x = layout::x_plan(w, layout, f);
    let frame = draw_plot(area, panel, f, layout, &x, y)?;
    draw_panel_labels(area, panel, f, layout, (&x, y), &frame)
}

/// Draws a panel's grid, axes, replicate bands, mean lines and observations; returns where
/// the plot landed.
fn draw_plot<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    f: &Fonts,
    layout: &PanelLayout,
    x: &XPlan,
    y: &YPlan,
) -> Result<Frame, DrawingAreaErrorKind<DB::ErrorType>> {
    let title_h = layout::title_height(&panel.title, layout.caption_size);
    let (_, body) = area.split_vertically(title_h);
    let mut chart = ChartBuilder::on(&body)
        .margin_bottom(PLOT_MARGIN_BOTTOM as u32)
        .margin_left(8)
        .margin_right(24)
        .x_label_area_size(x.label_h)
        .y_label_area_size(layout.y_area)
        .build_cartesian_2d(
            TickAxis::new(x.range.clone(), x.ticks.clone()),
            TickAxis::new(y.range.0..y.range.1, y.ticks.clone()),
        )?;
    // Plotters draws the grid, axes and tick marks; the labels are written by
    // `draw_panel_labels`, where the cell's layout wants them.
    chart
        .configure_mesh()
        .label_style(font(f.tick, false, f.face).color(&TRANSPARENT))
        .bold_line_style(GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS.stroke_width(1))
        .draw()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    for (year, _) in &panel.marks {
        let year = f64::from(*year);
        if x.range.contains(&year) {
            let top = (year, y.range.1);
            let bottom = (year, y.range.0);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![bottom, top],
                MARK.stroke_width(1),
            )))?;
        }
    }
    let _ = (&xr, &yr);
    for line in &panel.lines {
        let fill = line.style.colour.mix(BAND_ALPHA).filled();
        for polygon in layout::band_polygons(&line.points) {
            chart.draw_series(std::iter::once(Polygon::new(polygon, fill)))?;
        }
    }
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (bx, by) = area.get_base_pixel();
    let frame = Frame {
        coord: chart.as_coord_spec().clone(),
        base: (bx, by),
        left: xr.start - bx,
        bottom: yr.end - by,
        centre: ((xr.start + xr.end) / 2 - bx, (yr.start + yr.end) / 2 - by),
    };
    frame.draw_data(area, panel, f)?;
    Ok(frame)
}

/// The panel's title, tick labels and axis titles.
fn draw_panel_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    f: &Fonts,
    layout: &PanelLayout,
    (x, y): (&XPlan, &YPlan),
    frame: &Frame,
) -> DrawResult<DB> {
    let (w, _) = area.dim_in_pixel();
    let top = Pos::new(HPos::Center, VPos::Top);
    if !panel.title.is_empty() {
        let caption = font(layout.caption_size, false, f.face);
        let title_w = layout::text_width(&panel.title, layout.caption_size, false, f.face);
        let cx = layout::title_x(title_w, w, frame.centre.0);
        write_text(area, &panel.title, &caption, BLACK, top, (cx, 9))?;
    }
    let tick = font(f.tick, false, f.face);
    for t in x.ticks.iter().filter(|_| layout.bottom_row) {
        let at = (frame.at(*t, y.range.0).0, frame.bottom + 10);
        write_text(area, &format!("{t:.0}"), &tick, BLACK, top, at)?;
    }
    let right = Pos::new(HPos::Right, VPos::Center);
    for t in &y.ticks {
        let at = (frame.left - 10, frame.at(x.range.start, *t).1);
        write_text(area, &format_tick(*t, y.decimals), &tick, BLACK, right, at)?;
    }
    let mark_size = (f.tick * 0.8).round();
    let mark_font = font(mark_size, false, f.face).transform(FontTransform::Rotate270);
    let top_right = Pos::new(HPos::Right, VPos::Top);
    let plot_top = frame.at(x.range.start, y.range.1).1;
    let plot_h = (frame.bottom - plot_top).max(0) as u32;
    for (year, label) in &panel.marks {
        let year = f64::from(*year);
        if !x.range.contains(&year) || label.is_empty() {
            continue;
        }
        let size = layout::fitted(label, mark_size, false, plot_h.saturating_sub(8), f.face);
        let mark_font = if size == mark_size {
            mark_font.clone()
        } else {
            font(size, false, f.face).transform(FontTransform::Rotate270)
        };
        // Read upwards, just right of the line, starting near the plot's top.
        let at = (frame.at(year, y.range.1).0 + 3, plot_top + 4);
        write_text(area, label, &mark_font, NOTE, top_right, at)?;
    }
    let axis = font(f.axis, false, f.face);
    if layout.bottom_row {
        let bottom = Pos::new(HPos::Center, VPos::Bottom);
        let at = (frame.centre.0, frame.bottom + x.label_h);
        write_text(area, &panel.x_axis, &axis, BLACK, bottom, at)?;
    }
    let upwards = axis.transform(FontTransform::Rotate270);
    let at = (frame.left - layout.y_area as i32, frame.centre.1);
    write_text(area, &panel.y_axis, &upwards, BLACK, top, at)
}

/// Draws one legend entry with its vertical centre at `at.1`, starting at `at.0`.
fn draw_legend_entry<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    e: &LegendEntry,
    (x, y): (i32, i32),
    size: f64,
    face: Typeface,
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
        let points = vec![(x, y), (x + SWATCH_W, y)];
        draw_polyline(area, points, w, line.colour, dashes)?;
    }
    if let Some(marker) = e.marker {
        let s = (size / 3.4).round() as i32;
        draw_marker(area, marker, (x + SWATCH_W / 2, y), s)?;
    }
    let (tx, colour) = if e.has_swatch() {
        (x + SWATCH_W + SWATCH_GAP, BLACK)
    } else {
        (x, NOTE)
    };
    let pos = Pos::new(HPos::Left, VPos::Center);
    write_text(
        area,
        &e.label,
        &font(size, false, face),
        colour,
        pos,
        (tx, y),
    )
}

/// Draws a dot plot into `area`: row labels right-aligned on the left, a value axis with
/// ticks at the bottom, and per row a thin line from the first-year dot (black, small) to the
/// last-year dot (the row's colour).
fn draw_dots<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    dots: &DotPlot,
    f: &Fonts,
) -> DrawResult<DB> {
    let (w, h) = area.dim_in_pixel();
    let label_w = dots
        .rows
        .iter()
        .map(|r| layout::text_width(&r.label, f.tick, false, f.face))
        .max()
        .unwrap_or(0) as i32;
    let left = label_w + 24;
    let right = w as i32 - 40;
    let top = 10;
    let axis_h = (f.tick * 1.5 + f.axis * 1.8) as i32;
    let bottom = h as i32 - axis_h;
    let hi = dots
        .rows
        .iter()
        .flat_map(|r| [r.first, r.last])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    if hi <= 0.0 || dots.rows.is_empty() {
        return Ok(());
    }
    let (ticks, decimals) = super::style::nice_ticks(0.0, hi * 1.05, 7);
    let x_max = ticks.last().copied().unwrap_or(hi).max(hi * 1.02);
    let x = |v: f64| left + ((v / x_max) * f64::from(right - left)).round() as i32;
    let row_h = f64::from(bottom - top) / dots.rows.len() as f64;
    let y = |i: usize| top + ((i as f64 + 0.5) * row_h).round() as i32;
    let tick = font(f.tick, false, f.face);
    for t in &ticks {
        area.draw(&PathElement::new(
            vec![(x(*t), top), (x(*t), bottom)],
            GRID.stroke_width(1),
        ))?;
        let at = (x(*t), bottom + 8);
        let pos = Pos::new(HPos::Center, VPos::Top);
        write_text(area, &format_tick(*t, decimals), &tick, BLACK, pos, at)?;
    }
    area.draw(&PathElement::new(
        vec![(left, bottom), (right, bottom)],
        AXIS.stroke_width(1),
    ))?;
    let axis = font(f.axis, false, f.face);
    let pos = Pos::new(HPos::Center, VPos::Bottom);
    write_text(
        area,
        &dots.axis,
        &axis,
        BLACK,
        pos,
        ((left + right) / 2, h as i32 - 4),
    )?;
    let r_last = (f.tick / 3.0).round() as u32;
    let r_first = (f.tick / 4.5).round() as u32;
    for (i, row) in dots.rows.iter().enumerate() {
        let yy = y(i);
        let pos = Pos::new(HPos::Right, VPos::Center);
        write_text(area, &row.label, &tick, BLACK, pos, (left - 12, yy))?;
        if row.first.is_finite() && row.last.is_finite() {
            area.draw(&PathElement::new(
                vec![(x(row.first), yy), (x(row.last), yy)],
                MARK.stroke_width(2),
            ))?;
        }
        if row.first.is_finite() {
            area.draw(&Circle::new((x(row.first), yy), r_first, OBSERVED.filled()))?;
        }
        if row.last.is_finite() {
            area.draw(&Circle::new((x(row.last), yy), r_last, row.colour.filled()))?;
        }
    }
    Ok(())
}
