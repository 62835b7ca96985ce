//! Which charts exist and what each shows: turns a [`Dataset`] into [`Figure`]s.

use super::data::Dataset;
use super::figure::{
    Cell, Figure, Fonts, LegendAt, LegendEntry, Line, LinePoint, Marker, ObservedMarks, Panel,
};
use super::figure::{DotPlot, DotRow};
use super::labels::{self, Language};
use super::style::{PALETTE, VariantStyle, variant_style};
use super::text::Typeface;
use crate::metrics::table::{self, Metric};
use plotters::style::RGBColor;

/// The charts every run gets (file stems), in drawing order.
pub const SINGLE: [&str; 9] = [
    "regional_gap",
    "urban_rural_gap",
    "group_gap",
    "poverty",
    "dashboard",
    "incomes",
    "people",
    "quintiles",
    "income_sources",
];

/// Metrics that get a `compare_<metric>` chart when there are two or more variants.
pub const COMPARED: [&Metric; 9] = [
    &table::EAST_WEST_RATIO,
    &table::URBAN_RURAL_RATIO,
    &table::GINI,
    &table::GINI_SURVEY,
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
    face: Typeface::ENGLISH,
    title: 32.0,
    cell_title: 24.0,
    panel_title: 23.0,
    axis: 20.0,
    tick: 18.0,
    legend: 20.0,
};

const DASHBOARD_FONTS: Fonts = Fonts {
    face: Typeface::ENGLISH,
    title: 34.0,
    cell_title: 25.0,
    panel_title: 18.0,
    axis: 16.0,
    tick: 15.0,
    legend: 19.0,
};

/// One of the single-variant figures: its file name, title, panels, and whether the dashboard
/// shows it.
struct Theme {
    name: &'static str,
    title: &'static str,
    grid: (usize, usize),
    in_dashboard: bool,
    metrics: Vec<&'static Metric>,
}

/// Whether `metric` is charted from `d`. A survey-weighted measure (docs/MODEL.md 9.1, 9.4) is
/// charted only where observed NBS values are compared with it: elsewhere it repeats the
/// resident measure.
fn charted(d: &Dataset, metric: &Metric) -> bool {
    let survey = [table::GINI_SURVEY.name, table::INCOME_MEAN_SURVEY.name].contains(&metric.name);
    d.has_metric(metric.name) && (!survey || d.observed.contains_key(metric.name))
}

fn themes(d: &Dataset) -> Vec<Theme> {
    let has = |m: &Metric| d.has_metric(m.name);
    let group = if !has(&table::GINI)
        && !has(&table::PALMA)
        && (has(&table::TOP10_SHARE) || has(&table::BOTTOM40_SHARE))
    {
        vec![&table::TOP10_SHARE, &table::BOTTOM40_SHARE]
    } else if charted(d, &table::GINI_SURVEY) {
        // The Gini on NBS's survey weights, where the observed NBS Gini is compared with it.
        vec![&table::GINI_SURVEY, &table::PALMA]
    } else {
        vec![&table::GINI, &table::PALMA]
    };
    // The all-resident mean NBS's observed means are compared with, when they are.
    let mean = if charted(d, &table::INCOME_MEAN_SURVEY) {
        &table::INCOME_MEAN_SURVEY
    } else {
        &table::INCOME_MEAN
    };
    vec![
        Theme {
            name: "regional_gap",
            title: "Regional gap",
            grid: (3, 1),
            in_dashboard: true,
            metrics: vec![
                &table::EAST_WEST_RATIO,
                &table::PROVINCE_CV_WEIGHTED,
                &table::THEIL_BETWEEN_PROVINCES,
            ],
        },
        Theme {
            name: "urban_rural_gap",
            title: "Urban–rural gap",
            grid: (1, 2),
            in_dashboard: true,
            metrics: vec![&table::URBAN_RURAL_RATIO, &table::URBAN_SHARE],
        },
        Theme {
            name: "group_gap",
            title: "Group gap",
            grid: (1, 2),
            in_dashboard: true,
            metrics: group,
        },
        Theme {
            name: "poverty",
            title: "Poverty",
            grid: (1, 2),
            in_dashboard: true,
            metrics: vec![&table::RURAL_POVERTY_RATE, &table::RELATIVE_POVERTY_RATE],
        },
        // The levels and head counts the observed series also give (NBS incomes, rural poor,
        // migrant workers), so that every observed point is on a chart.
        Theme {
            name: "incomes",
            title: "Incomes",
            grid: (1, 3),
            in_dashboard: false,
            metrics: vec![mean, &table::INCOME_URBAN, &table::INCOME_RURAL],
        },
        Theme {
            name: "people",
            title: "Migrant workers and the rural poor",
            grid: (1, 2),
            in_dashboard: false,
            metrics: vec![&table::MIGRANTS, &table::RURAL_POOR],
        },
        // The shape of the distribution: NBS publishes the five quintile means.
        Theme {
            name: "quintiles",
            title: "Income by quintile",
            grid: (2, 3),
            in_dashboard: false,
            metrics: vec![
                &table::INCOME_Q1,
                &table::INCOME_Q2,
                &table::INCOME_Q3,
                &table::INCOME_Q4,
                &table::INCOME_Q5,
            ],
        },
        // Income by source, urban and rural, against NBS's split (docs/MODEL.md 9.1).
        Theme {
            name: "income_sources",
            title: "Income by source",
            grid: (2, 3),
            in_dashboard: false,
            metrics: vec![
                &table::INCOME_URBAN_EARNINGS,
                &table::INCOME_URBAN_PROPERTY,
                &table::INCOME_URBAN_TRANSFERS,
                &table::INCOME_RURAL_EARNINGS,
                &table::INCOME_RURAL_PROPERTY,
                &table::INCOME_RURAL_TRANSFERS,
            ],
        },
    ]
}

/// The metrics some chart shows (every observed series of a metric among them is marked).
#[cfg(test)]
fn charted_metrics() -> Vec<&'static Metric> {
    let d = Dataset::default();
    let mut out: Vec<&'static Metric> = COMPARED.to_vec();
    out.extend([
        &table::TOP10_SHARE,
        &table::BOTTOM40_SHARE,
        &table::GINI_SURVEY,
        &table::INCOME_MEAN_SURVEY,
    ]);
    for theme in themes(&d) {
        out.extend(theme.metrics);
    }
    out
}

/// What every figure shares: the language, the fonts and the phase marks.
struct Context<'a> {
    d: &'a Dataset,
    lang: Language,
    face: Typeface,
    sources: Vec<String>,
    marks: Vec<(i32, String)>,
    subtitle: String,
}

impl Context<'_> {
    fn fonts(&self, base: Fonts) -> Fonts {
        Fonts {
            face: self.face,
            ..base
        }
    }
}

/// Every figure to draw, with its file stem, in drawing order. `extra` is the font of
/// `output.font`, loaded.
pub(crate) fn figures(
    d: &Dataset,
    extra: Option<&'static ab_glyph::FontRef<'static>>,
) -> Vec<(String, Figure)> {
    let lang = d.text.language;
    let marks = d
        .text
        .marks
        .iter()
        .map(|(year, en, zh)| {
            let label = match lang {
                Language::En => en.clone(),
                Language::Zh => zh.clone(),
            };
            (*year, label)
        })
        .collect();
    let subtitle = match lang {
        Language::En => d.text.subtitle.0.clone(),
        Language::Zh => d.text.subtitle.1.clone(),
    };
    let cx = Context {
        d,
        lang,
        face: Typeface { lang, extra },
        sources: observation_sources(d),
        marks,
        subtitle,
    };
    let mut out = baseline_figures(&cx);
    out.extend(comparisons(&cx));
    out
}

/// The figures of the baseline variant: one per theme, with the dashboard of the first four
/// after them.
fn baseline_figures(cx: &Context<'_>) -> Vec<(String, Figure)> {
    let d = cx.d;
    let base = d.baseline();
    let mut out = Vec::new();
    let mut cells = Vec::new();
    let mut after_dashboard = Vec::new();
    for theme in themes(d) {
        let panels: Vec<Panel> = theme
            .metrics
            .iter()
            .map(|m| panel(cx, &[base], m))
            .collect();
        let legend = baseline_legend(cx, base, &panels);
        let title = labels::title(theme.title, cx.lang);
        let fig = Figure {
            size: if theme.grid.0 > 1 { TALL_SIZE } else { SIZE },
            title: title.clone(),
            subtitle: cx.subtitle.clone(),
            grid: (1, 1),
            cells: vec![Cell {
                title: None,
                grid: theme.grid,
                panels: panels.clone(),
            }],
            legend,
            legend_at: LegendAt::Bottom,
            fonts: cx.fonts(FONTS),
            dots: None,
        };
        if theme.in_dashboard {
            out.push((theme.name.to_string(), fig));
            cells.push(Cell {
                title: Some(title),
                grid: theme.grid,
                panels,
            });
        } else {
            after_dashboard.push((theme.name.to_string(), fig));
        }
    }
    let all_panels: Vec<Panel> = cells.iter().flat_map(|c| c.panels.clone()).collect();
    let shown = labels::variant(base, cx.lang);
    let dashboard = Figure {
        size: DASHBOARD_SIZE,
        title: labels::dashboard(&shown, cx.lang),
        subtitle: cx.subtitle.clone(),
        grid: (2, 2),
        cells,
        legend: baseline_legend(cx, base, &all_panels),
        legend_at: LegendAt::Bottom,
        fonts: cx.fonts(DASHBOARD_FONTS),
        dots: None,
    };
    out.push(("dashboard".to_string(), dashboard));
    out.extend(after_dashboard);
    out.extend(provinces(cx));
    out
}

/// The colour of a zone in the provinces chart.
fn zone_colour(zone: &str) -> RGBColor {
    let index = match zone {
        "east" => 0,
        "central" => 4,
        "west" => 1,
        _ => 2,
    };
    PALETTE[index]
}

/// With `regions.csv`: each region's mean income in the first and the last year, richest
/// first, region and zone names in the chart's language.
fn provinces(cx: &Context<'_>) -> Option<(String, Figure)> {
    let d = cx.d;
    let first = d.regions.first()?;
    let (y0, y1) = first.years;
    let mut rows: Vec<DotRow> = d
        .regions
        .iter()
        .map(|r| {
            let name = match cx.lang {
                Language::En => r.region.clone(),
                Language::Zh => d
                    .text
                    .region_zh
                    .get(&r.region)
                    .cloned()
                    .unwrap_or_else(|| r.region.clone()),
            };
            DotRow {
                label: format!("{name} ({})", labels::zone(&r.zone, cx.lang)),
                colour: zone_colour(&r.zone),
                first: r.income.0,
                last: r.income.1,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.last.total_cmp(&a.last));
    if cx.lang == Language::Zh {
        for row in &mut rows {
            row.label = row.label.replace(" (", "（").replace(')', "）");
        }
    }
    let mut legend = vec![LegendEntry {
        marker: Some(Marker::Circle),
        ..LegendEntry::note(labels::in_year(y0, cx.lang))
    }];
    for zone in ["east", "central", "west", "northeast"] {
        if d.regions.iter().any(|r| r.zone == zone) {
            legend.push(LegendEntry {
                line: Some(VariantStyle {
                    colour: zone_colour(zone),
                    dashed: false,
                }),
                ..LegendEntry::note(format!(
                    "{} {}",
                    labels::in_year(y1, cx.lang),
                    labels::zone(zone, cx.lang)
                ))
            });
        }
    }
    let height = (rows.len() as u32 * 26 + 260).max(600);
    let fig = Figure {
        size: (1200, height),
        title: labels::title("Incomes by province", cx.lang),
        subtitle: cx.subtitle.clone(),
        grid: (1, 1),
        cells: Vec::new(),
        legend,
        legend_at: LegendAt::Bottom,
        fonts: cx.fonts(FONTS),
        dots: Some(DotPlot {
            rows,
            axis: labels::unit(table::INCOME_MEAN.unit, cx.lang),
        }),
    };
    Some(("provinces".to_string(), fig))
}

/// With two or more variants, one figure per compared metric that the data has. The baseline
/// is drawn last, over the others, and thicker, so that a variant equal to it cannot hide it.
fn comparisons(cx: &Context<'_>) -> Vec<(String, Figure)> {
    let d = cx.d;
    let mut names: Vec<&str> = d.variants_with_data().iter().map(|(_, v)| *v).collect();
    if names.len() < 2 {
        return Vec::new();
    }
    let base = d.baseline();
    if let Some(i) = names.iter().position(|v| *v == base) {
        let b = names.remove(i);
        names.push(b);
    }
    let compared = COMPARED.iter().filter(|m| charted(d, m));
    compared
        .map(|metric| {
            let mut p = panel(cx, &names, metric);
            // The figure title names the metric already.
            p.title = String::new();
            let legend = comparison_legend(cx, metric, &names, &p);
            let label = labels::metric(metric, cx.lang);
            let short = label.split(" (").next().unwrap_or(&label);
            let title = labels::by_variant(short, cx.lang);
            let fig = Figure {
                size: SIZE,
                title,
                subtitle: cx.subtitle.clone(),
                grid: (1, 1),
                cells: vec![Cell {
                    title: None,
                    grid: (1, 1),
                    panels: vec![p],
                }],
                legend,
                legend_at: LegendAt::Right,
                fonts: cx.fonts(FONTS),
                dots: None,
            };
            (format!("compare_{metric}"), fig)
        })
        .collect()
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

/// The band of replicate statistics `s`: p05–p95 from [`labels::QUANTILE_BAND_FROM`]
/// replicates on, else min–max; none for a single replicate.
fn band_of(s: &crate::metrics::summary::ReplicateStats, scale: f64) -> Option<(f64, f64)> {
    let (lo, hi) = if s.n >= labels::QUANTILE_BAND_FROM {
        (s.p05, s.p95)
    } else {
        (s.min, s.max)
    };
    (s.n > 1 && lo.is_finite() && hi.is_finite()).then_some((lo * scale, hi * scale))
}

/// A panel of `metric` for the given variants (in drawing order; the baseline emphasised in a
/// comparison), with observations and phase marks.
fn panel(cx: &Context<'_>, variants: &[&str], metric: &Metric) -> Panel {
    let d = cx.d;
    let scale = metric.scale;
    let emphasise = variants.len() > 1;
    let lines = variants
        .iter()
        .filter_map(|v| {
            let series = d.get(v, metric.name)?;
            let points = series
                .iter()
                .map(|(year, s)| LinePoint {
                    year: *year,
                    mean: s.mean * scale,
                    band: band_of(s, scale),
                })
                .collect();
            Some(Line {
                style: variant_style(d.colour_index(v)),
                emphasised: emphasise && *v == d.baseline(),
                points,
            })
        })
        .collect();
    let observed = d
        .observed
        .get(metric.name)
        .map(|obs| {
            cx.sources
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
    let label = labels::metric(metric, cx.lang);
    let has_rows = variants.iter().any(|v| d.get(v, metric.name).is_some());
    Panel {
        title: label.clone(),
        y_axis: labels::unit(metric.unit, cx.lang),
        x_axis: labels::year(cx.lang),
        empty_note: labels::empty(&label, has_rows, cx.lang),
        lines,
        observed,
        marks: cx.marks.clone(),
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

fn observed_entries(cx: &Context<'_>, panels: &[Panel]) -> Vec<LegendEntry> {
    let mut out = Vec::new();
    for (i, src) in cx.sources.iter().enumerate() {
        let marker = Marker::nth(i);
        if panels
            .iter()
            .any(|p| p.observed.iter().any(|o| o.marker == marker))
        {
            out.push(LegendEntry {
                marker: Some(marker),
                ..LegendEntry::note(labels::observed(src, cx.lang))
            });
        }
    }
    out
}

/// The legend of a baseline figure: its line, its band (when drawn) and the observations.
fn baseline_legend(cx: &Context<'_>, base: &str, panels: &[Panel]) -> Vec<LegendEntry> {
    let d = cx.d;
    let style = variant_style(d.colour_index(base));
    let names: Vec<String> = d
        .series
        .keys()
        .filter(|(v, _)| v == base)
        .map(|(_, m)| m.clone())
        .collect();
    let n = max_replicates(d, base, names.iter().map(String::as_str));
    let has_band = panels.iter().any(|p| {
        p.lines
            .iter()
            .any(|l| l.points.iter().any(|q| q.band.is_some()))
    });
    let shown = labels::variant(base, cx.lang);
    let mut out = vec![LegendEntry {
        line: Some(style),
        ..LegendEntry::note(labels::mean_line(&shown, n, cx.lang))
    }];
    if has_band {
        out.push(LegendEntry {
            band: Some(style.colour),
            ..LegendEntry::note(labels::variant_band(&shown, n, cx.lang))
        });
    }
    out.extend(observed_entries(cx, panels));
    out
}

/// The legend of a comparison: one line (and band) per variant with data, the baseline first,
/// the observations, then what lines and bands show.
fn comparison_legend(
    cx: &Context<'_>,
    metric: &Metric,
    variants: &[&str],
    panel: &Panel,
) -> Vec<LegendEntry> {
    let d = cx.d;
    let base = d.baseline();
    let mut ordered: Vec<&str> = variants.to_vec();
    if let Some(i) = ordered.iter().position(|v| *v == base) {
        let b = ordered.remove(i);
        ordered.insert(0, b);
    }
    let mut out: Vec<LegendEntry> = ordered
        .iter()
        .filter_map(|v| Some((v, d.get(v, metric.name)?)))
        .map(|(v, series)| {
            let style = variant_style(d.colour_index(v));
            let banded = series.iter().any(|(_, s)| s.n > 1);
            LegendEntry {
                line: Some(style),
                band: banded.then_some(style.colour),
                ..LegendEntry::note(labels::variant(v, cx.lang))
            }
        })
        .collect();
    out.extend(observed_entries(cx, std::slice::from_ref(panel)));
    let n = variants
        .iter()
        .map(|v| max_replicates(d, v, std::iter::once(metric.name)))
        .max()
        .unwrap_or(0);
    out.extend(
        labels::comparison_notes(n, cx.lang)
            .into_iter()
            .map(LegendEntry::note),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The survey-weighted Gini and mean are charted where observed values are compared with
    /// them, and the resident measures otherwise.
    #[test]
    fn survey_measures_are_charted_only_with_their_observed_values() {
        let chosen = |observed: &[&str]| {
            let mut d = Dataset::default();
            for name in [
                "gini",
                "gini_survey",
                "income_mean",
                "income_mean_survey",
                "palma",
            ] {
                d.series
                    .insert(("baseline".to_string(), name.to_string()), Vec::new());
            }
            for name in observed {
                d.observed.insert(name.to_string(), Vec::new());
            }
            let names: Vec<&str> = themes(&d)
                .iter()
                .filter(|t| t.name == "group_gap" || t.name == "incomes")
                .map(|t| t.metrics[0].name)
                .collect();
            names
        };
        assert_eq!(chosen(&[]), ["gini", "income_mean"]);
        assert_eq!(
            chosen(&["gini_survey", "income_mean_survey"]),
            ["gini_survey", "income_mean_survey"]
        );
    }

    /// Every observed series of the built-in data is on a chart.
    #[test]
    fn every_observed_metric_is_charted() {
        let charted: Vec<&str> = charted_metrics().iter().map(|m| m.name).collect();
        let loaded = crate::scenario::load_builtin(&[]).unwrap();
        for point in &loaded.observed {
            assert!(
                charted.contains(&point.metric.as_str()),
                "observed {} is on no chart",
                point.metric
            );
        }
    }

    /// The charts refer to metrics by constants of the table; each must be a table entry.
    #[test]
    fn charted_metrics_are_in_the_metric_table() {
        for m in charted_metrics() {
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
