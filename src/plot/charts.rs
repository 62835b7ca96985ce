//! Which charts exist and what each shows: turns a [`Dataset`] into [`Figure`]s.

use super::data::Dataset;
use super::figure::{
    Cell, Figure, Fonts, LegendAt, LegendEntry, Line, LinePoint, Marker, ObservedMarks, Panel,
};
use super::style::variant_style;
use crate::metrics::table::{self, Metric};

/// The charts every run gets (file stems), in drawing order.
pub const SINGLE: [&str; 5] = [
    "regional_gap",
    "urban_rural_gap",
    "group_gap",
    "poverty",
    "dashboard",
];

/// Metrics that get a `compare_<metric>` chart when there are two or more variants.
pub const COMPARED: [&Metric; 8] = [
    &table::EAST_WEST_RATIO,
    &table::URBAN_RURAL_RATIO,
    &table::GINI,
    &table::PALMA,
    &table::RURAL_POVERTY_RATE,
    &table::RELATIVE_POVERTY_RATE,
    &table::PROVINCE_CV_WEIGHTED,
    &table::THEIL_BETWEEN_PROVINCES,
];

/// Size of the single charts and comparisons (pixels; SVG uses the same geometry).
const SIZE: (u32, u32) = (1200, 800);
/// Size of the regional-gap chart, whose three panels are stacked.
const TALL_SIZE: (u32, u32) = (1200, 1000);
/// Size of the dashboard.
const DASHBOARD_SIZE: (u32, u32) = (1600, 1200);

/// Font sizes of the single charts and comparisons.
pub(crate) const FONTS: Fonts = Fonts {
    title: 32.0,
    cell_title: 24.0,
    panel_title: 23.0,
    axis: 20.0,
    tick: 18.0,
    legend: 20.0,
};

const DASHBOARD_FONTS: Fonts = Fonts {
    title: 34.0,
    cell_title: 25.0,
    panel_title: 18.0,
    axis: 16.0,
    tick: 15.0,
    legend: 19.0,
};

/// One of the single-variant figures: its file name, title suffix, cell title and panels.
struct Theme {
    name: &'static str,
    title: &'static str,
    grid: (usize, usize),
    /// The grid of the same panels in a dashboard quarter.
    dashboard_grid: (usize, usize),
    metrics: Vec<&'static Metric>,
}

fn themes(d: &Dataset) -> Vec<Theme> {
    let has = |m: &Metric| d.has_metric(m.name);
    let group = if !has(&table::GINI)
        && !has(&table::PALMA)
        && (has(&table::TOP10_SHARE) || has(&table::BOTTOM40_SHARE))
    {
        vec![&table::TOP10_SHARE, &table::BOTTOM40_SHARE]
    } else {
        vec![&table::GINI, &table::PALMA]
    };
    vec![
        Theme {
            name: "regional_gap",
            title: "Regional gap",
            grid: (3, 1),
            dashboard_grid: (3, 1),
            metrics: vec![
                &table::EAST_WEST_RATIO,
                &table::PROVINCE_CV_WEIGHTED,
                &table::THEIL_BETWEEN_PROVINCES,
            ],
        },
        Theme {
            name: "urban_rural_gap",
            title: "Urban–rural gap",
            grid: (1, 1),
            dashboard_grid: (1, 1),
            metrics: vec![&table::URBAN_RURAL_RATIO],
        },
        Theme {
            name: "group_gap",
            title: "Group gap",
            grid: (1, 2),
            dashboard_grid: (1, 2),
            metrics: group,
        },
        Theme {
            name: "poverty",
            title: "Poverty",
            grid: (1, 2),
            dashboard_grid: (1, 2),
            metrics: vec![&table::RURAL_POVERTY_RATE, &table::RELATIVE_POVERTY_RATE],
        },
    ]
}

/// Every figure to draw, with its file stem, in drawing order.
pub(crate) fn figures(d: &Dataset) -> Vec<(String, Figure)> {
    let sources = observation_sources(d);
    let mut out = baseline_figures(d, &sources);
    out.extend(comparisons(d, &sources));
    out
}

/// The figures of the baseline variant: one per theme, then the dashboard of all themes.
fn baseline_figures(d: &Dataset, sources: &[String]) -> Vec<(String, Figure)> {
    let base = d.baseline();
    let mut out = Vec::new();
    let mut cells = Vec::new();
    for theme in themes(d) {
        let panels: Vec<Panel> = theme
            .metrics
            .iter()
            .map(|m| panel(d, &[base], m, sources))
            .collect();
        let legend = baseline_legend(d, base, &panels, sources);
        let fig = Figure {
            size: if theme.grid.0 > 1 { TALL_SIZE } else { SIZE },
            title: format!("{} — {}", d.scenario, theme.title.to_lowercase()),
            grid: (1, 1),
            cells: vec![Cell {
                title: None,
                grid: theme.grid,
                panels: panels.clone(),
            }],
            legend,
            legend_at: LegendAt::Bottom,
            fonts: FONTS,
        };
        out.push((theme.name.to_string(), fig));
        cells.push(Cell {
            title: Some(theme.title.to_string()),
            grid: theme.dashboard_grid,
            panels,
        });
    }
    let all_panels: Vec<Panel> = cells.iter().flat_map(|c| c.panels.clone()).collect();
    let dashboard = Figure {
        size: DASHBOARD_SIZE,
        title: format!("{} — dashboard ({base})", d.scenario),
        grid: (2, 2),
        cells,
        legend: baseline_legend(d, base, &all_panels, sources),
        legend_at: LegendAt::Bottom,
        fonts: DASHBOARD_FONTS,
    };
    out.push(("dashboard".to_string(), dashboard));
    out
}

/// With two or more variants, one figure per compared metric that the data has.
fn comparisons(d: &Dataset, sources: &[String]) -> Vec<(String, Figure)> {
    let names: Vec<&str> = d.variants_with_data().iter().map(|(_, v)| *v).collect();
    if names.len() < 2 {
        return Vec::new();
    }
    let compared = COMPARED.iter().filter(|m| d.has_metric(m.name));
    compared
        .map(|metric| {
            let mut p = panel(d, &names, metric, sources);
            // The figure title names the metric already.
            p.title = String::new();
            let legend = comparison_legend(d, metric, &names, &p, sources);
            let fig = Figure {
                size: SIZE,
                title: format!("{} — {} by variant", d.scenario, lower_first(metric.label)),
                grid: (1, 1),
                cells: vec![Cell {
                    title: None,
                    grid: (1, 1),
                    panels: vec![p],
                }],
                legend,
                legend_at: LegendAt::Right,
                fonts: FONTS,
            };
            (format!("compare_{metric}"), fig)
        })
        .collect()
}

/// A panel title as part of a sentence: without its parenthesis, first letter lower-cased
/// unless it is a name (Gini, Palma, Theil).
fn lower_first(title: &str) -> String {
    let s = title.split(" (").next().unwrap_or(title);
    if ["Gini", "Palma", "Theil"].iter().any(|n| s.starts_with(n)) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Every observation source, in order of first appearance (each gets one marker shape).
fn observation_sources(d: &Dataset) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for obs in d.observed.values().flatten() {
        if !out.contains(&obs.source) {
            out.push(obs.source.clone());
        }
    }
    out
}

/// A panel of `metric` for the given variants (in colour order), with observations.
fn panel(d: &Dataset, variants: &[&str], metric: &Metric, sources: &[String]) -> Panel {
    let scale = metric.scale;
    let lines = variants
        .iter()
        .filter_map(|v| {
            let series = d.get(v, metric.name)?;
            let points = series
                .iter()
                .map(|(year, s)| LinePoint {
                    year: *year,
                    mean: s.mean * scale,
                    band: (s.n > 1 && s.p05.is_finite() && s.p95.is_finite())
                        .then_some((s.p05 * scale, s.p95 * scale)),
                })
                .collect();
            Some(Line {
                style: variant_style(d.colour_index(v)),
                points,
            })
        })
        .collect();
    let observed = d
        .observed
        .get(metric.name)
        .map(|obs| {
            sources
                .iter()
                .enumerate()
                .filter_map(|(i, src)| {
                    let points: Vec<(i32, f64)> = obs
                        .iter()
                        .filter(|o| &o.source == src)
                        .map(|o| (o.year, o.value * scale))
                        .collect();
                    (!points.is_empty()).then_some(ObservedMarks {
                        marker: Marker::nth(i),
                        points,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Panel {
        title: metric.label.to_string(),
        y_axis: metric.unit.to_string(),
        empty_note: if variants.iter().any(|v| d.get(v, metric.name).is_some()) {
            format!("{metric}: no finite values")
        } else {
            format!("no data for {metric}")
        },
        lines,
        observed,
    }
}

/// The largest replicate count among a variant's points of the given metrics.
fn max_replicates<'a>(d: &Dataset, variant: &str, metrics: impl Iterator<Item = &'a str>) -> u32 {
    metrics
        .filter_map(|m| d.get(variant, m))
        .flatten()
        .map(|(_, s)| s.n)
        .max()
        .unwrap_or(0)
}

fn replicates_text(n: u32) -> String {
    if n == 1 {
        "1 replicate".to_string()
    } else {
        format!("{n} replicates")
    }
}

fn observed_entries(panels: &[Panel], sources: &[String]) -> Vec<LegendEntry> {
    let mut out = Vec::new();
    for (i, src) in sources.iter().enumerate() {
        let marker = Marker::nth(i);
        if panels
            .iter()
            .any(|p| p.observed.iter().any(|o| o.marker == marker))
        {
            out.push(LegendEntry {
                marker: Some(marker),
                ..LegendEntry::note(format!("observed ({src})"))
            });
        }
    }
    out
}

/// The legend of a baseline figure: its line, its band (when drawn) and the observations.
fn baseline_legend(
    d: &Dataset,
    base: &str,
    panels: &[Panel],
    sources: &[String],
) -> Vec<LegendEntry> {
    let style = variant_style(d.colour_index(base));
    let metrics: Vec<String> = d
        .series
        .keys()
        .filter(|(v, _)| v == base)
        .map(|(_, m)| m.clone())
        .collect();
    let n = max_replicates(d, base, metrics.iter().map(String::as_str));
    let has_band = panels.iter().any(|p| {
        p.lines
            .iter()
            .any(|l| l.points.iter().any(|q| q.band.is_some()))
    });
    let label = if n > 1 {
        format!("{base}: mean of {n} replicates")
    } else {
        format!("{base} ({})", replicates_text(n))
    };
    let mut out = vec![LegendEntry {
        line: Some(style),
        ..LegendEntry::note(label)
    }];
    if has_band {
        out.push(LegendEntry {
            band: Some(style.colour),
            ..LegendEntry::note(format!("{base}: p05–p95 of replicates"))
        });
    }
    out.extend(observed_entries(panels, sources));
    out
}

/// The legend of a comparison: one line (and band) per variant with data, the
/// observations, then what lines and bands show.
fn comparison_legend(
    d: &Dataset,
    metric: &Metric,
    variants: &[&str],
    panel: &Panel,
    sources: &[String],
) -> Vec<LegendEntry> {
    let mut out: Vec<LegendEntry> = variants
        .iter()
        .filter_map(|v| Some((v, d.get(v, metric.name)?)))
        .map(|(v, series)| {
            let style = variant_style(d.colour_index(v));
            let banded = series.iter().any(|(_, s)| s.n > 1);
            LegendEntry {
                line: Some(style),
                band: banded.then_some(style.colour),
                ..LegendEntry::note(v.to_string())
            }
        })
        .collect();
    out.extend(observed_entries(std::slice::from_ref(panel), sources));
    let n = variants
        .iter()
        .map(|v| max_replicates(d, v, std::iter::once(metric.name)))
        .max()
        .unwrap_or(0);
    out.push(LegendEntry::note(if n > 1 {
        format!("line: mean of {n} replicates")
    } else {
        format!("line: {}", replicates_text(n))
    }));
    if n > 1 {
        out.push(LegendEntry::note("shaded: p05–p95".to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The charts refer to metrics by constants of the table; each must be a table entry.
    #[test]
    fn charted_metrics_are_in_the_metric_table() {
        let mut charted: Vec<&Metric> = COMPARED.to_vec();
        charted.extend([&table::TOP10_SHARE, &table::BOTTOM40_SHARE]);
        let d = Dataset::default();
        for theme in themes(&d) {
            charted.extend(theme.metrics);
        }
        for m in charted {
            let k = table::position(m.name);
            assert!(k.is_some(), "{m} is charted but not in METRICS");
            let entry = &table::METRICS[k.unwrap_or(0)];
            assert_eq!(
                (entry.label, entry.unit, entry.scale),
                (m.label, m.unit, m.scale)
            );
        }
    }
}
