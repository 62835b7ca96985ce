//! Reading an output folder's files into what the charts need, with `csv` and serde row types.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::Path;

use csv::{DeserializeErrorKind, StringRecord};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::PlotError;
use crate::metrics::summary::{ReplicateStats, summarise};
use crate::output;

/// One observed (historical) value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Observed {
    pub year: i32,
    pub value: f64,
    pub source: String,
}

/// Everything the charts draw, read from one output folder.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dataset {
    /// Variants in colour order: the manifest's order, then any others in order of appearance.
    pub variants: Vec<String>,
    /// Per (variant, metric): the years in increasing order with their replicate statistics.
    pub series: HashMap<(String, String), Vec<(i32, ReplicateStats)>>,
    /// Per metric: observed values in file order.
    pub observed: BTreeMap<String, Vec<Observed>>,
    /// What `scenario.resolved.toml` says about the charts (defaults without it).
    pub text: ChartText,
    /// The baseline's regions from `regions.csv` (none without the file).
    pub regions: Vec<RegionIncome>,
}

/// One region's mean income (over replicates) in the first and last year of `regions.csv`,
/// for the baseline variant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RegionIncome {
    pub region: String,
    pub zone: String,
    pub years: (i32, i32),
    pub income: (f64, f64),
}

/// The chart settings and names of an output folder's `scenario.resolved.toml`.
#[derive(Debug, Clone, Default)]
pub(crate) struct ChartText {
    /// `output.language`.
    pub language: crate::scenario::Language,
    /// `output.font`, an absolute path.
    pub font: Option<std::path::PathBuf>,
    /// The subtitle in English and in Chinese: `scenario.title` (`title_zh`), else the
    /// description, else the name.
    pub subtitle: (String, String),
    /// The marked phases: year, English and Chinese label.
    pub marks: Vec<(i32, String, String)>,
    /// Region name → its Chinese name (`region.name_zh`).
    pub region_zh: HashMap<String, String>,
}

impl ChartText {
    /// Reads `scenario.resolved.toml` of `dir`; an older or hand-made folder without one (or
    /// with one that does not parse) gets the defaults and the manifest's scenario name.
    fn load(dir: &Path, name: &str) -> ChartText {
        let scenario = std::fs::read_to_string(dir.join("scenario.resolved.toml"))
            .ok()
            .and_then(|text| toml::from_str::<crate::scenario::Scenario>(&text).ok());
        let Some(s) = scenario else {
            return ChartText {
                subtitle: (name.to_string(), name.to_string()),
                ..ChartText::default()
            };
        };
        let info = &s.scenario;
        let english = info
            .title
            .clone()
            .filter(|t| !t.is_empty())
            .or_else(|| Some(info.description.clone()).filter(|d| !d.is_empty()))
            .unwrap_or_else(|| info.name.clone());
        let chinese = info
            .title_zh
            .clone()
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| english.clone());
        let mut marks: Vec<(i32, String, String)> = s
            .phase
            .iter()
            .filter(|p| p.mark && !p.name.is_empty())
            .filter(|p| (s.time.start_year..=s.time.end_year).contains(&p.year))
            .map(|p| {
                let zh = p.name_zh.clone().unwrap_or_else(|| p.name.clone());
                (p.year, p.name.clone(), zh)
            })
            .collect();
        marks.sort_by_key(|m| m.0);
        let region_zh = s
            .region
            .iter()
            .filter_map(|r| Some((r.name.clone(), r.name_zh.clone()?)))
            .collect();
        ChartText {
            language: s.output.language,
            font: s.output.font.map(std::path::PathBuf::from),
            subtitle: (english, chinese),
            marks,
            region_zh,
        }
    }
}

impl Dataset {
    /// Reads `dir`: `manifest.json` and `metrics.csv` are required, `summary.csv` is used when
    /// present (then only the header of `metrics.csv` is checked), `observed.csv` is optional.
    pub fn load(dir: &Path) -> Result<Self, PlotError> {
        let metrics_path = dir.join("metrics.csv");
        if !metrics_path.exists() {
            return Err(PlotError::MissingFile { path: metrics_path });
        }
        let manifest = read_manifest(&dir.join("manifest.json"))?;
        let summary_path = dir.join("summary.csv");
        let mut order = Vec::new();
        let series = if summary_path.exists() {
            open::<MetricRow>(&metrics_path)?;
            read_summary(&summary_path, &mut order)?
        } else {
            read_metrics(&metrics_path, &mut order)?
        };
        if series.is_empty() {
            let path = if summary_path.exists() {
                summary_path
            } else {
                metrics_path
            };
            return Err(PlotError::NoData {
                path,
                message: "no data rows to chart".to_string(),
            });
        }
        let observed_path = dir.join("observed.csv");
        let observed = if observed_path.exists() {
            read_observed(&observed_path)?
        } else {
            BTreeMap::new()
        };
        let mut variants = manifest.variants;
        for v in order {
            if !variants.contains(&v) {
                variants.push(v);
            }
        }
        let text = ChartText::load(dir, &manifest.scenario);
        let mut dataset = Dataset {
            variants,
            series,
            observed,
            text,
            regions: Vec::new(),
        };
        let regions_path = dir.join("regions.csv");
        if regions_path.exists() {
            dataset.regions = read_regions(&regions_path, dataset.baseline())?;
        }
        Ok(dataset)
    }

    /// The variant the single-variant charts show: `baseline` if present, else the first
    /// variant that has data.
    pub fn baseline(&self) -> &str {
        let has_data = |v: &str| self.series.keys().any(|(var, _)| var == v);
        if has_data("baseline") {
            return "baseline";
        }
        self.variants
            .iter()
            .find(|v| has_data(v))
            .map(String::as_str)
            .unwrap_or("baseline")
    }

    /// Variants that have at least one row of data, in colour order, with their colour index.
    pub fn variants_with_data(&self) -> Vec<(usize, &str)> {
        self.variants
            .iter()
            .enumerate()
            .filter(|(_, v)| self.series.keys().any(|(var, _)| var == *v))
            .map(|(i, v)| (i, v.as_str()))
            .collect()
    }

    /// The colour index of a variant (its position in [`Dataset::variants`]).
    pub fn colour_index(&self, variant: &str) -> usize {
        self.variants.iter().position(|v| v == variant).unwrap_or(0)
    }

    /// The series of one variant's metric, if any.
    pub fn get(&self, variant: &str, metric: &str) -> Option<&[(i32, ReplicateStats)]> {
        self.series
            .get(&(variant.to_string(), metric.to_string()))
            .map(Vec::as_slice)
    }

    /// Whether any variant has the metric.
    pub fn has_metric(&self, metric: &str) -> bool {
        self.series.keys().any(|(_, m)| m == metric)
    }
}

#[derive(Deserialize)]
struct Manifest {
    scenario: String,
    #[serde(default)]
    variants: Vec<String>,
}

fn read_manifest(path: &Path) -> Result<Manifest, PlotError> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
    serde_json::from_str(&text).map_err(|e| PlotError::Manifest {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

fn io_error(path: &Path, cause: std::io::Error) -> PlotError {
    if cause.kind() == std::io::ErrorKind::NotFound {
        PlotError::MissingFile {
            path: path.to_path_buf(),
        }
    } else {
        PlotError::Read {
            path: path.to_path_buf(),
            cause,
        }
    }
}

/// A row type of a CSV file the charts read.
///
/// Rows are deserialised by header name (serde); other columns are ignored. The header is
/// checked first, so that a file without a required column is reported at line 1 even when it
/// has no data rows.
trait CsvRow: DeserializeOwned {
    /// The columns the header must have (in any order).
    const COLUMNS: &'static [&'static str];
    /// The columns that hold names, which must not be empty.
    const NAMES: &'static [&'static str];
}

/// A number field that is empty when the value is missing (`crate::output::number`): NaN.
fn empty_is_nan<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(deserializer)?.unwrap_or(f64::NAN))
}

fn nan() -> f64 {
    f64::NAN
}

/// A row of `metrics.csv`.
#[derive(Deserialize)]
struct MetricRow {
    variant: String,
    /// Read only to check that it is a replicate number.
    #[allow(dead_code)]
    replicate: u32,
    year: i32,
    metric: String,
    #[serde(deserialize_with = "empty_is_nan")]
    value: f64,
}

impl CsvRow for MetricRow {
    const COLUMNS: &'static [&'static str] = &output::METRICS_HEADER;
    const NAMES: &'static [&'static str] = &["variant", "metric"];
}

/// A row of `summary.csv`.
/// Statistics are empty when missing; `min` and `max` are absent from folders written before
/// they were added.
#[derive(Deserialize)]
struct SummaryRow {
    variant: String,
    year: i32,
    metric: String,
    #[serde(deserialize_with = "empty_is_nan")]
    mean: f64,
    #[serde(deserialize_with = "empty_is_nan")]
    sd: f64,
    #[serde(default = "nan", deserialize_with = "empty_is_nan")]
    min: f64,
    #[serde(deserialize_with = "empty_is_nan")]
    p05: f64,
    #[serde(deserialize_with = "empty_is_nan")]
    p50: f64,
    #[serde(deserialize_with = "empty_is_nan")]
    p95: f64,
    #[serde(default = "nan", deserialize_with = "empty_is_nan")]
    max: f64,
    n: u32,
}

impl CsvRow for SummaryRow {
    const COLUMNS: &'static [&'static str] = &[
        "variant", "year", "metric", "mean", "sd", "p05", "p50", "p95", "n",
    ];
    const NAMES: &'static [&'static str] = &["variant", "metric"];
}

/// The columns of a row of `regions.csv` the provinces chart needs.
#[derive(Deserialize)]
struct RegionRow {
    variant: String,
    year: i32,
    region: String,
    zone: String,
    #[serde(deserialize_with = "empty_is_nan")]
    income_mean: f64,
}

impl CsvRow for RegionRow {
    const COLUMNS: &'static [&'static str] = &["variant", "year", "region", "zone", "income_mean"];
    const NAMES: &'static [&'static str] = &["variant", "region"];
}

/// The regions of `variant` in `regions.csv`, in file order, with their mean income over
/// replicates in the first and the last year.
fn read_regions(path: &Path, variant: &str) -> Result<Vec<RegionIncome>, PlotError> {
    let mut order: Vec<(String, String)> = Vec::new();
    let mut sums: HashMap<(String, i32), (f64, u32)> = HashMap::new();
    let mut years: Option<(i32, i32)> = None;
    read_rows(path, |row: RegionRow| {
        if row.variant != variant {
            return;
        }
        if !order.iter().any(|(r, _)| *r == row.region) {
            order.push((row.region.clone(), row.zone.clone()));
        }
        years = Some(years.map_or((row.year, row.year), |(a, b)| {
            (a.min(row.year), b.max(row.year))
        }));
        if row.income_mean.is_finite() {
            let entry = sums.entry((row.region, row.year)).or_insert((0.0, 0));
            entry.0 += row.income_mean;
            entry.1 += 1;
        }
    })?;
    let Some((first, last)) = years else {
        return Ok(Vec::new());
    };
    let mean = |region: &str, year: i32| {
        sums.get(&(region.to_string(), year))
            .map_or(f64::NAN, |(sum, n)| sum / f64::from(*n))
    };
    Ok(order
        .into_iter()
        .map(|(region, zone)| RegionIncome {
            income: (mean(&region, first), mean(&region, last)),
            years: (first, last),
            region,
            zone,
        })
        .collect())
}

/// A row of `observed.csv`; the `source` column may be absent or empty.
#[derive(Deserialize)]
struct ObservedRow {
    year: i32,
    metric: String,
    value: f64,
    source: Option<String>,
}

impl CsvRow for ObservedRow {
    const COLUMNS: &'static [&'static str] = &["year", "metric", "value"];
    const NAMES: &'static [&'static str] = &["metric"];
}

/// Opens the CSV file `path` and checks that its header has the columns of `T`.
fn open<T: CsvRow>(path: &Path) -> Result<(csv::Reader<File>, StringRecord), PlotError> {
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(file);
    let header = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
    if let Some(missing) = T::COLUMNS.iter().find(|c| !header.iter().any(|h| h == **c)) {
        return Err(PlotError::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "the header has no column '{missing}' (expected {})",
                T::COLUMNS.join(",")
            ),
        });
    }
    Ok((reader, header))
}

/// Reads every data row of `path` as a `T` and gives it to `f`.
fn read_rows<T: CsvRow>(path: &Path, mut f: impl FnMut(T)) -> Result<(), PlotError> {
    let (mut reader, header) = open::<T>(path)?;
    let mut record = StringRecord::new();
    while reader
        .read_record(&mut record)
        .map_err(|e| csv_error(path, &e))?
    {
        let line = record.position().map_or(0, |p| p.line());
        let bad = |message: String| PlotError::Csv {
            path: path.to_path_buf(),
            line,
            message,
        };
        let empty = |name: &&&str| {
            let mut fields = header.iter().zip(&record);
            fields.any(|(h, v)| h == **name && v.is_empty())
        };
        if let Some(name) = T::NAMES.iter().find(empty) {
            return Err(bad(format!("column '{name}' is empty")));
        }
        let row: T = record
            .deserialize(Some(&header))
            .map_err(|e| bad(value_error(&header, &record, &e)))?;
        f(row);
    }
    Ok(())
}

/// What is wrong with a field that did not deserialise: its column, its text and the type
/// expected.
fn value_error(header: &StringRecord, record: &StringRecord, e: &csv::Error) -> String {
    let csv::ErrorKind::Deserialize { err, .. } = e.kind() else {
        return e.to_string();
    };
    let Some(i) = err.field().and_then(|i| usize::try_from(i).ok()) else {
        return err.to_string();
    };
    let expected = match err.kind() {
        DeserializeErrorKind::ParseInt(_) => "an integer".to_string(),
        DeserializeErrorKind::ParseFloat(_) => "a number".to_string(),
        kind => kind.to_string(),
    };
    format!(
        "column '{}': cannot read '{}' as {expected}",
        header.get(i).unwrap_or("?"),
        record.get(i).unwrap_or("")
    )
}

fn csv_error(path: &Path, e: &csv::Error) -> PlotError {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => e.to_string(),
    };
    PlotError::Csv {
        path: path.to_path_buf(),
        line,
        message,
    }
}

type Series = HashMap<(String, String), Vec<(i32, ReplicateStats)>>;

fn note_variant(order: &mut Vec<String>, variant: &str) {
    if order.last().map(String::as_str) != Some(variant) && !order.iter().any(|v| v == variant) {
        order.push(variant.to_string());
    }
}

/// Summarises `metrics.csv` across replicates with [`summarise`].
fn read_metrics(path: &Path, order: &mut Vec<String>) -> Result<Series, PlotError> {
    let mut values: HashMap<(String, String), BTreeMap<i32, Vec<f64>>> = HashMap::new();
    read_rows(path, |row: MetricRow| {
        note_variant(order, &row.variant);
        values
            .entry((row.variant, row.metric))
            .or_default()
            .entry(row.year)
            .or_default()
            .push(row.value);
    })?;
    Ok(values
        .into_iter()
        .map(|(key, years)| {
            let points = years
                .into_iter()
                .map(|(year, v)| (year, summarise(&v)))
                .collect();
            (key, points)
        })
        .collect())
}

/// Reads `summary.csv` as written by ewsim.
fn read_summary(path: &Path, order: &mut Vec<String>) -> Result<Series, PlotError> {
    let mut rows: HashMap<(String, String), BTreeMap<i32, ReplicateStats>> = HashMap::new();
    read_rows(path, |row: SummaryRow| {
        let stats = ReplicateStats {
            mean: row.mean,
            sd: row.sd,
            min: row.min,
            p05: row.p05,
            p50: row.p50,
            p95: row.p95,
            max: row.max,
            n: row.n,
        };
        note_variant(order, &row.variant);
        rows.entry((row.variant, row.metric))
            .or_default()
            .insert(row.year, stats);
    })?;
    Ok(rows
        .into_iter()
        .map(|(key, years)| (key, years.into_iter().collect()))
        .collect())
}

/// Reads `observed.csv` (`year,metric,value,source`; `source` may be absent).
fn read_observed(path: &Path) -> Result<BTreeMap<String, Vec<Observed>>, PlotError> {
    let mut out: BTreeMap<String, Vec<Observed>> = BTreeMap::new();
    read_rows(path, |row: ObservedRow| {
        out.entry(row.metric).or_default().push(Observed {
            year: row.year,
            value: row.value,
            source: row.source.unwrap_or_else(|| "observed".to_string()),
        });
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const METRICS_HEAD: &str = "variant,replicate,year,metric,value\n";

    /// A folder with a manifest (variants b, a) and the given files.
    fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let manifest = r#"{"scenario":"t","variants":["b","a"],"seed":1}"#;
        std::fs::write(dir.path().join("manifest.json"), manifest).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    /// The error message of loading a folder with the given files.
    fn load_error(files: &[(&str, &str)]) -> String {
        let dir = folder(files);
        Dataset::load(dir.path()).unwrap_err().to_string()
    }

    #[test]
    fn metrics_are_summarised_when_summary_is_absent() {
        let rows = "a,0,2015,m,0.4\na,1,2015,m,0.5\na,2,2015,m,NaN\nc,0,2016,m,inf\n";
        let dir = folder(&[("metrics.csv", &format!("{METRICS_HEAD}{rows}"))]);
        let d = Dataset::load(dir.path()).unwrap();
        assert_eq!(d.variants, ["b", "a", "c"]);
        let g = d.get("a", "m").unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].1.n, 2);
        assert!((g[0].1.mean - 0.45).abs() < 1e-12);
        assert_eq!(d.get("c", "m").unwrap()[0].1.n, 0);
        assert_eq!(d.baseline(), "a");
    }

    #[test]
    fn summary_and_observed_rows_are_read_by_column_name() {
        // Columns in another order, an extra column, spaces around fields.
        let summary = "n,variant,metric,year,mean,sd,p05,p50,p95,extra\n\
                       3, a ,m,2016,2.0,0.5,1.5,2.0,2.5,x\n1,a,m,2015,1.0,0,1,1,1,y\n";
        let observed = "metric,year,value\nm,2015,0.9\n";
        let dir = folder(&[
            ("metrics.csv", METRICS_HEAD),
            ("summary.csv", summary),
            ("observed.csv", observed),
        ]);
        let d = Dataset::load(dir.path()).unwrap();
        let s = d.get("a", "m").unwrap();
        assert_eq!(s.iter().map(|(y, _)| *y).collect::<Vec<_>>(), [2015, 2016]);
        assert_eq!((s[1].1.mean, s[1].1.p95, s[1].1.n), (2.0, 2.5, 3));
        let obs = &d.observed["m"];
        assert_eq!((obs[0].year, obs[0].value), (2015, 0.9));
        assert_eq!(obs[0].source, "observed", "absent source");
    }

    #[test]
    fn bad_value_names_file_line_column_and_text() {
        let e = load_error(&[(
            "metrics.csv",
            &format!("{METRICS_HEAD}a,0,2015,m,0.4\na,0,20x6,m,0.4\n"),
        )]);
        assert!(e.contains("metrics.csv, line 3"), "{e}");
        assert!(e.contains("column 'year'") && e.contains("'20x6'"), "{e}");
        let e = load_error(&[("metrics.csv", &format!("{METRICS_HEAD}a,0,2015,m,high\n"))]);
        assert!(
            e.contains("line 2") && e.contains("'high' as a number"),
            "{e}"
        );
        let e = load_error(&[("metrics.csv", &format!("{METRICS_HEAD}a,-1,2015,m,1\n"))]);
        assert!(
            e.contains("column 'replicate'") && e.contains("'-1'"),
            "{e}"
        );
    }

    #[test]
    fn empty_names_are_reported() {
        let e = load_error(&[("metrics.csv", &format!("{METRICS_HEAD}a,0,2015, ,1\n"))]);
        assert!(
            e.contains("line 2") && e.contains("column 'metric' is empty"),
            "{e}"
        );
        let observed = "year,metric,value,source\n2015,,1,NBS\n";
        let e = load_error(&[
            ("metrics.csv", &format!("{METRICS_HEAD}a,0,2015,m,1\n")),
            ("observed.csv", observed),
        ]);
        assert!(
            e.contains("observed.csv, line 2") && e.contains("'metric'"),
            "{e}"
        );
    }

    #[test]
    fn missing_column_and_ragged_rows_are_reported() {
        let e = load_error(&[("metrics.csv", "variant,replicate,year,metric\n")]);
        assert!(e.contains("line 1") && e.contains("'value'"), "{e}");
        // Checked also when summary.csv is what is drawn.
        let e = load_error(&[
            ("metrics.csv", "variant,year,metric,value\n"),
            ("summary.csv", "variant,year,metric,mean,sd,p05,p50,p95,n\n"),
        ]);
        assert!(
            e.contains("metrics.csv, line 1") && e.contains("'replicate'"),
            "{e}"
        );
        let e = load_error(&[("metrics.csv", &format!("{METRICS_HEAD}a,0,2015,m\n"))]);
        assert!(e.contains("line 2") && e.contains("4 fields"), "{e}");
    }

    /// A header of `columns` and a row of ones.
    fn parse<T: CsvRow>(columns: &[&str]) -> csv::Result<T> {
        let header = StringRecord::from(columns.to_vec());
        StringRecord::from(vec!["1"; columns.len()]).deserialize(Some(&header))
    }

    /// Each row type needs exactly the columns it lists: a row parses with them, and not
    /// without any one of them.
    fn columns_are_exactly_the_required_fields<T: CsvRow>() {
        assert!(parse::<T>(T::COLUMNS).is_ok(), "{:?}", T::COLUMNS);
        for (i, column) in T::COLUMNS.iter().enumerate() {
            let mut fewer = T::COLUMNS.to_vec();
            fewer.remove(i);
            assert!(parse::<T>(&fewer).is_err(), "{column} is not required");
        }
    }

    #[test]
    fn row_types_match_their_columns() {
        columns_are_exactly_the_required_fields::<MetricRow>();
        columns_are_exactly_the_required_fields::<SummaryRow>();
        columns_are_exactly_the_required_fields::<ObservedRow>();
    }

    #[test]
    fn manifest_without_scenario_is_an_error() {
        let dir = folder(&[("metrics.csv", &format!("{METRICS_HEAD}a,0,2015,m,0.4\n"))]);
        std::fs::write(dir.path().join("manifest.json"), r#"{"variants":[]}"#).unwrap();
        let e = Dataset::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("manifest.json") && e.contains("scenario"), "{e}");
    }
}
