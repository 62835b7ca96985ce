//! Charts of study folders, drawn from their CSV files only:
//!
//! | file | content |
//! |---|---|
//! | `sobol_<metric>_<year>` | S1 and ST of each uncertain key as bars, with their confidence intervals as whiskers |
//! | `morris_<metric>_<year>` | μ* against σ of each key, with the guide lines σ/μ* = 0.1, 0.5 and 1 |
//! | `pareto` | cost against objective of every candidate (grey) and of the Pareto front (labelled with its mix) |
//!
//! PNG text goes through [`super::text::GlyphText`] and the embedded DejaVu Sans, so the bytes
//! depend only on the input files, like the run charts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::style::{FONT, register_fonts};
use super::text::{GlyphText, Typeface};
use super::{ImageFormat, PlotError, write_error};
use crate::output::folder;

/// Chart size in pixels (SVG uses the same geometry).
const SIZE: (u32, u32) = (1200, 800);
const S1_COLOUR: RGBColor = RGBColor(0, 114, 178);
const ST_COLOUR: RGBColor = RGBColor(213, 94, 0);
const GREY: RGBColor = RGBColor(170, 170, 170);

/// One row of `sensitivity.csv`.
#[derive(Debug, Clone, serde::Deserialize)]
struct IndexRow {
    metric: String,
    year: i32,
    parameter: String,
    method: String,
    index: String,
    estimate: f64,
    ci_low: f64,
    ci_high: f64,
}

/// A chart to draw: its file stem and content.
enum Chart {
    Sobol { title: String, rows: Vec<IndexRow> },
    Morris { title: String, rows: Vec<IndexRow> },
    Pareto(Box<ParetoData>),
}

/// The candidates of an optimisation folder.
struct ParetoData {
    levers: Vec<String>,
    all: Vec<(f64, f64)>,
    front: Vec<(String, f64, f64, Vec<f64>)>,
    budget: Option<f64>,
}

/// Whether `dir` is a study folder (it has `sensitivity.csv` or `pareto.csv`).
pub fn is_study(dir: &Path) -> bool {
    dir.join("sensitivity.csv").is_file() || dir.join("pareto.csv").is_file()
}

/// Draws the charts of a study folder into `<dir>/charts/` (replaced whole); returns the
/// written paths.
pub fn draw(dir: &Path, formats: &[ImageFormat]) -> Result<Vec<PathBuf>, PlotError> {
    let charts = charts(dir)?;
    if formats.is_empty() || charts.is_empty() {
        return Ok(Vec::new());
    }
    register_fonts()?;
    let target = dir.join("charts");
    let staging = folder::stage(&target, folder::Replace::Anything).map_err(write_error)?;
    let mut names = Vec::new();
    for (stem, chart) in &charts {
        for format in formats {
            let name = format!("{stem}.{format}");
            render(chart, *format, &staging.path().join(&name))?;
            names.push(target.join(name));
        }
    }
    staging.commit().map_err(write_error)?;
    Ok(names)
}

fn csv_error(path: &Path, error: &csv::Error) -> PlotError {
    PlotError::Csv {
        path: path.to_path_buf(),
        line: error.position().map_or(0, |p| p.line()),
        message: error.to_string(),
    }
}

/// The charts of the folder's files, by file stem.
fn charts(dir: &Path) -> Result<Vec<(String, Chart)>, PlotError> {
    let mut charts = Vec::new();
    let path = dir.join("sensitivity.csv");
    if path.is_file() {
        let mut groups: BTreeMap<(String, i32, String), Vec<IndexRow>> = BTreeMap::new();
        let mut order = Vec::new();
        let mut reader = csv::Reader::from_path(&path).map_err(|e| csv_error(&path, &e))?;
        for row in reader.deserialize::<IndexRow>() {
            let row = row.map_err(|e| csv_error(&path, &e))?;
            let key = (row.metric.clone(), row.year, row.method.clone());
            if !groups.contains_key(&key) {
                order.push(key.clone());
            }
            groups.entry(key).or_default().push(row);
        }
        for key in order {
            let rows = groups.remove(&key).unwrap_or_default();
            let (metric, year, method) = key;
            let label = crate::metrics::table::METRICS
                .iter()
                .find(|m| m.name == metric)
                .map_or(metric.clone(), |m| m.label.to_string());
            let stem = format!("{method}_{metric}_{year}");
            let chart = if method == "morris" {
                Chart::Morris {
                    title: format!("Morris screening: {label}, {year}"),
                    rows,
                }
            } else {
                Chart::Sobol {
                    title: format!("Sobol indices: {label}, {year}"),
                    rows,
                }
            };
            charts.push((stem, chart));
        }
    }
    if dir.join("pareto.csv").is_file() {
        charts.push(("pareto".into(), Chart::Pareto(Box::new(pareto_data(dir)?))));
    }
    Ok(charts)
}

/// Reads `pareto.csv`, `evaluations.csv` and the budget of `scenario.resolved.toml`.
fn pareto_data(dir: &Path) -> Result<ParetoData, PlotError> {
    let read = |name: &str| -> Result<(Vec<String>, Vec<csv::StringRecord>), PlotError> {
        let path = dir.join(name);
        let mut reader = csv::Reader::from_path(&path).map_err(|e| csv_error(&path, &e))?;
        let header = reader
            .headers()
            .map_err(|e| csv_error(&path, &e))?
            .iter()
            .map(String::from)
            .collect();
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| csv_error(&path, &e))?;
        Ok((header, rows))
    };
    let number = |text: &str| text.parse::<f64>().unwrap_or(f64::NAN);
    let (header, rows) = read("pareto.csv")?;
    let levers = header.iter().skip(3).cloned().collect();
    let front = rows
        .iter()
        .map(|r| {
            (
                r[0].to_string(),
                number(&r[1]),
                number(&r[2]),
                r.iter().skip(3).map(number).collect(),
            )
        })
        .collect();
    let all = if dir.join("evaluations.csv").is_file() {
        read("evaluations.csv")?
            .1
            .iter()
            .map(|r| (number(&r[2]), number(&r[3])))
            .collect()
    } else {
        Vec::new()
    };
    let budget = std::fs::read_to_string(dir.join("scenario.resolved.toml"))
        .ok()
        .and_then(|text| toml::from_str::<crate::scenario::Scenario>(&text).ok())
        .and_then(|s| s.optimize)
        .map(|o| o.budget)
        .filter(|b| b.is_finite());
    Ok(ParetoData {
        levers,
        all,
        front,
        budget,
    })
}

fn render(chart: &Chart, format: ImageFormat, path: &Path) -> Result<(), PlotError> {
    let draw_error = |e: &dyn std::fmt::Display| PlotError::Draw {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let bytes = match format {
        ImageFormat::Svg => {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
                draw_chart(&root, chart).map_err(|e| draw_error(&e))?;
                root.present().map_err(|e| draw_error(&e))?;
            }
            svg.into_bytes()
        }
        ImageFormat::Png => {
            let mut rgb = vec![255u8; SIZE.0 as usize * SIZE.1 as usize * 3];
            {
                let root = GlyphText(
                    BitMapBackend::with_buffer(&mut rgb, SIZE),
                    Typeface::ENGLISH,
                )
                .into_drawing_area();
                draw_chart(&root, chart).map_err(|e| draw_error(&e))?;
                root.present().map_err(|e| draw_error(&e))?;
            }
            super::render::encode_png(&rgb, SIZE, path)?
        }
    };
    std::fs::write(path, bytes).map_err(|cause| PlotError::Write {
        path: path.to_path_buf(),
        action: "write",
        cause,
    })
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn font(size: f64) -> FontDesc<'static> {
    FontDesc::new(FontFamily::Name(FONT), size, FontStyle::Normal)
}

fn draw_chart<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Chart) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    match chart {
        Chart::Sobol { title, rows } => draw_sobol(root, title, rows),
        Chart::Morris { title, rows } => draw_morris(root, title, rows),
        Chart::Pareto(data) => draw_pareto(root, data),
    }
}

/// The last part of a dotted key (`policy.transfers.paired_aid_share` → `paired_aid_share`).
fn short(key: &str) -> &str {
    key.rsplit('.').next().unwrap_or(key)
}

/// The lowest and highest finite value of `values`, padded by 5 % (or ±1 when they are equal).
fn span(values: impl Iterator<Item = f64>, floor: (f64, f64)) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold(floor, |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = if hi > lo { 0.05 * (hi - lo) } else { 1.0 };
    (lo - pad, hi + pad)
}

fn draw_sobol<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    rows: &[IndexRow],
) -> DrawResult<DB> {
    let keys: Vec<&str> = rows
        .iter()
        .filter(|r| r.index == "S1")
        .map(|r| r.parameter.as_str())
        .collect();
    let (lo, hi) = span(
        rows.iter().flat_map(|r| [r.ci_low, r.ci_high, r.estimate]),
        (0.0, 1.0),
    );
    let (lo, hi) = (lo.max(-0.5), hi.min(1.5));
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(30.0))
        .margin(20)
        .x_label_area_size(60)
        .margin_right(110)
        .y_label_area_size(80)
        .build_cartesian_2d(-0.5f64..keys.len() as f64 - 0.5, lo..hi)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc("index (share of the output's variance)")
        .label_style(font(17.0))
        .axis_desc_style(font(20.0))
        .draw()?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(-0.5, 0.0), (keys.len() as f64 - 0.5, 0.0)],
        BLACK,
    )))?;
    for (index, colour, offset) in [("S1", S1_COLOUR, -0.18), ("ST", ST_COLOUR, 0.18)] {
        draw_bars(&mut chart, rows, (index, colour, offset), (lo, hi))?;
    }
    // Key names under their bars, every other one a line lower so long names never overlap.
    for (i, key) in keys.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64, lo));
        let style = TextStyle::from(font(17.0)).pos(Pos::new(HPos::Center, VPos::Top));
        root.draw(&Text::new(
            short(key).to_string(),
            (x, y + 8 + 24 * (i as i32 % 2)),
            style,
        ))?;
    }
    draw_legend(&mut chart)
}

/// A chart with f64 axes.
type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The bars of one index (`S1` or `ST`), shifted by `offset` from each key's position, with
/// their intervals as whiskers; values are clamped to the axis range `(lo, hi)`.
fn draw_bars<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    rows: &[IndexRow],
    (index, colour, offset): (&str, RGBColor, f64),
    (lo, hi): (f64, f64),
) -> DrawResult<DB> {
    let bars: Vec<(f64, &IndexRow)> = rows
        .iter()
        .filter(|r| r.index == index)
        .enumerate()
        .map(|(i, r)| (i as f64 + offset, r))
        .collect();
    let label = if index == "S1" {
        "S1 (first order)"
    } else {
        "ST (total)"
    };
    chart
        .draw_series(bars.iter().map(|(x, r)| {
            Rectangle::new(
                [(x - 0.16, 0.0), (x + 0.16, r.estimate.clamp(lo, hi))],
                colour.filled(),
            )
        }))?
        .label(label)
        .legend(move |(x, y)| Rectangle::new([(x, y - 8), (x + 20, y + 8)], colour.filled()));
    // Whiskers: the interval as a vertical line with a cap at each end.
    let whiskers = bars
        .iter()
        .filter(|(_, r)| r.ci_low.is_finite() && r.ci_high.is_finite());
    for (x, r) in whiskers {
        let (a, b) = (r.ci_low.clamp(lo, hi), r.ci_high.clamp(lo, hi));
        for path in [
            vec![(*x, a), (*x, b)],
            vec![(x - 0.06, a), (x + 0.06, a)],
            vec![(x - 0.06, b), (x + 0.06, b)],
        ] {
            chart.draw_series(std::iter::once(PathElement::new(
                path,
                BLACK.stroke_width(2),
            )))?;
        }
    }
    Ok(())
}

/// The legend, top right.
fn draw_legend<'a, DB: DrawingBackend + 'a>(chart: &mut Chart2d<'a, DB>) -> DrawResult<DB> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(font(18.0))
        .border_style(GREY)
        .background_style(WHITE)
        .draw()?;
    Ok(())
}

fn draw_morris<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    rows: &[IndexRow],
) -> DrawResult<DB> {
    let points: Vec<(&str, f64, f64)> = rows
        .iter()
        .filter(|r| r.index == "mu_star")
        .filter_map(|m| {
            let s = rows
                .iter()
                .find(|r| r.index == "sigma" && r.parameter == m.parameter)?;
            Some((short(&m.parameter), m.estimate, s.estimate))
        })
        .collect();
    let (_, xmax) = span(points.iter().map(|p| p.1), (0.0, 0.0));
    let (_, ymax) = span(points.iter().map(|p| p.2), (0.0, 0.0));
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(30.0))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(100)
        .build_cartesian_2d(0.0..xmax * 1.15, 0.0..ymax * 1.1)?;
    chart
        .configure_mesh()
        .x_desc("μ* (mean absolute elementary effect)")
        .y_desc("σ (standard deviation of the effects)")
        .label_style(font(17.0))
        .axis_desc_style(font(20.0))
        .draw()?;
    for (ratio, text) in [(0.1, "σ/μ* = 0.1"), (0.5, "0.5"), (1.0, "1")] {
        let end = (xmax * 1.15).min(ymax * 1.1 / ratio);
        chart.draw_series(std::iter::once(DashedPathElement::new(
            vec![(0.0, 0.0), (end, end * ratio)],
            8,
            6,
            GREY.stroke_width(2),
        )))?;
        chart.draw_series(std::iter::once(Text::new(
            text,
            (end * 0.92, end * ratio * 0.92 + ymax * 0.02),
            font(16.0).color(&GREY),
        )))?;
    }
    chart.draw_series(
        points
            .iter()
            .map(|&(_, x, y)| Circle::new((x, y), 7, S1_COLOUR.filled())),
    )?;
    chart.draw_series(points.iter().map(|&(name, x, y)| {
        Text::new(
            name.to_string(),
            (x + xmax * 0.012, y + ymax * 0.015),
            font(17.0),
        )
    }))?;
    Ok(())
}

/// A candidate's mix for its label: `key=value` with 3 significant digits.
fn mix(levers: &[String], values: &[f64]) -> String {
    levers
        .iter()
        .zip(values)
        .map(|(k, v)| format!("{}={}", short(k), significant(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn significant(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return format!("{v}");
    }
    let decimals = (2 - v.abs().log10().floor() as i32).max(0) as usize;
    format!("{v:.decimals$}")
}

fn draw_pareto<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: &ParetoData,
) -> DrawResult<DB> {
    let most = data
        .all
        .iter()
        .map(|p| p.0)
        .chain(data.front.iter().map(|f| f.1))
        .fold(0.0, f64::max);
    // A budget far beyond every candidate's cost would squeeze them against the axis.
    let shown_budget = data.budget.filter(|b| *b <= 2.0 * most);
    let costs = data
        .all
        .iter()
        .map(|p| p.0)
        .chain(data.front.iter().map(|f| f.1))
        .chain(shown_budget);
    let (x0, x1) = span(costs.map(|c| c / 1e9), (f64::MAX, f64::MIN));
    let objectives = data
        .all
        .iter()
        .map(|p| p.1)
        .chain(data.front.iter().map(|f| f.2));
    let (y0, y1) = span(objectives, (f64::MAX, f64::MIN));
    let mut chart = ChartBuilder::on(root)
        .caption("Policy mixes: cost against objective", font(30.0))
        .margin(20)
        .x_label_area_size(60)
        .y_label_area_size(100)
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .x_desc("cost (billion yuan over the run)")
        .y_desc("objective (lower is better)")
        .label_style(font(17.0))
        .axis_desc_style(font(20.0))
        .draw()?;
    chart
        .draw_series(
            data.all
                .iter()
                .filter(|p| p.0.is_finite() && p.1.is_finite())
                .map(|p| Circle::new((p.0 / 1e9, p.1), 4, GREY.filled())),
        )?
        .label("every candidate")
        .legend(|(x, y)| Circle::new((x + 10, y), 4, GREY.filled()));
    if let Some(budget) = data.budget {
        let line = shown_budget.map(|b| {
            DashedPathElement::new(
                vec![(b / 1e9, y0), (b / 1e9, y1)],
                8,
                6,
                BLACK.stroke_width(1),
            )
        });
        chart
            .draw_series(line)?
            .label(format!(
                "budget {} bn yuan{}",
                significant(budget / 1e9),
                if shown_budget.is_some() {
                    ""
                } else {
                    " (off the chart)"
                }
            ))
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK));
    }
    let front: Vec<(f64, f64)> = data.front.iter().map(|f| (f.1 / 1e9, f.2)).collect();
    chart.draw_series(std::iter::once(PathElement::new(
        front.clone(),
        ST_COLOUR.stroke_width(2),
    )))?;
    chart
        .draw_series(front.iter().map(|&p| Circle::new(p, 6, ST_COLOUR.filled())))?
        .label("Pareto front within budget")
        .legend(|(x, y)| Circle::new((x + 10, y), 6, ST_COLOUR.filled()));
    label_front(&mut chart, data, (x0, x1))?;
    draw_legend(&mut chart)
}

/// Labels front points with their mix, skipping a point whose label would overlap the last
/// one drawn; labels right of 40 % of the width go left of their point, so none runs off the chart.
fn label_front<'a, DB: DrawingBackend + 'a>(
    chart: &mut Chart2d<'a, DB>,
    data: &ParetoData,
    (x0, x1): (f64, f64),
) -> DrawResult<DB> {
    // A label is drawn only where it clears the last one drawn by a line of text.
    let mut last: Option<(i32, i32)> = None;
    for (name, cost, objective, values) in &data.front {
        let at = chart.backend_coord(&(cost / 1e9, *objective));
        if last.is_some_and(|(x, y)| (at.1 - y).abs() < 18 && (at.0 - x).abs() < 600) {
            continue;
        }
        last = Some(at);
        let label = format!("{name}: {}", mix(&data.levers, values));
        // A label is about half the plot wide: right of 40 % it goes left of its point.
        let (x, anchor) = if cost / 1e9 > x0 + 0.4 * (x1 - x0) {
            (cost / 1e9 - (x1 - x0) * 0.01, HPos::Right)
        } else {
            (cost / 1e9 + (x1 - x0) * 0.01, HPos::Left)
        };
        let style = TextStyle::from(font(14.0)).pos(Pos::new(anchor, VPos::Center));
        chart.draw_series(std::iter::once(Text::new(label, (x, *objective), style)))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short() {
        assert_eq!(
            short("policy.transfers.paired_aid_share"),
            "paired_aid_share"
        );
        assert_eq!(significant(0.004_251), "0.00425");
        assert_eq!(significant(1234.5), "1234");
        assert_eq!(mix(&["a.b".into()], &[0.5]), "b=0.500");
    }
}
