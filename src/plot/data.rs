//! Reading an output folder's files into what the charts need.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use super::PlotError;
use crate::metrics::summary::{ReplicateStats, summarise};

/// One observed (historical) value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Observed {
    pub year: i32,
    pub value: f64,
    pub source: String,
}

/// Everything the charts draw, read from one output folder.
#[derive(Debug, Clone)]
pub(crate) struct Dataset {
    /// Scenario name from the manifest.
    pub scenario: String,
    /// Variants in colour order: the manifest's order, then any others in order of appearance.
    pub variants: Vec<String>,
    /// Per (variant, metric): the years in increasing order with their replicate statistics.
    pub series: HashMap<(String, String), Vec<(i32, ReplicateStats)>>,
    /// Per metric: observed values in file order.
    pub observed: BTreeMap<String, Vec<Observed>>,
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
            Table::open(
                &metrics_path,
                &["variant", "replicate", "year", "metric", "value"],
            )?;
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
        Ok(Dataset {
            scenario: manifest.scenario,
            variants,
            series,
            observed,
        })
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

#[derive(serde::Deserialize)]
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

/// A CSV file opened with its required columns located by header name.
struct Table {
    path: PathBuf,
    reader: csv::Reader<File>,
    /// Index of each required column, in the order asked for.
    columns: Vec<usize>,
    names: Vec<&'static str>,
}

/// One data row of a [`Table`].
struct Row<'a> {
    path: &'a Path,
    columns: &'a [usize],
    names: &'a [&'static str],
    record: &'a csv::StringRecord,
    line: u64,
}

impl Table {
    /// Opens `path` and finds the columns `required` (any order, extra columns ignored).
    fn open(path: &Path, required: &[&'static str]) -> Result<Self, PlotError> {
        Self::open_with(path, required, &[])
    }

    /// Like [`Table::open`], with `optional` columns after the required ones (index
    /// `usize::MAX` when absent).
    fn open_with(
        path: &Path,
        required: &[&'static str],
        optional: &[&'static str],
    ) -> Result<Self, PlotError> {
        let file = File::open(path).map_err(|e| io_error(path, e))?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(file);
        let header = reader.headers().map_err(|e| csv_error(path, &e))?.clone();
        let mut columns = Vec::new();
        for name in required {
            match header.iter().position(|h| h == *name) {
                Some(i) => columns.push(i),
                None => {
                    return Err(PlotError::Csv {
                        path: path.to_path_buf(),
                        line: 1,
                        message: format!(
                            "the header has no column '{name}' (expected {})",
                            required.join(",")
                        ),
                    });
                }
            }
        }
        for name in optional {
            columns.push(header.iter().position(|h| h == *name).unwrap_or(usize::MAX));
        }
        let mut names = required.to_vec();
        names.extend_from_slice(optional);
        Ok(Table {
            path: path.to_path_buf(),
            reader,
            columns,
            names,
        })
    }

    /// Calls `f` on every data row.
    fn for_each_row(
        self,
        mut f: impl FnMut(&Row<'_>) -> Result<(), PlotError>,
    ) -> Result<(), PlotError> {
        let Table {
            path,
            mut reader,
            columns,
            names,
        } = self;
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => return Ok(()),
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    f(&Row {
                        path: &path,
                        columns: &columns,
                        names: &names,
                        record: &record,
                        line,
                    })?;
                }
                Err(e) => return Err(csv_error(&path, &e)),
            }
        }
    }
}

impl Row<'_> {
    /// The text of the `k`-th requested column ("" for an absent optional column).
    fn text(&self, k: usize) -> &str {
        let i = self.columns[k];
        if i == usize::MAX {
            ""
        } else {
            self.record.get(i).unwrap_or("")
        }
    }

    /// The `k`-th requested column parsed as `T`.
    fn parse<T: FromStr>(&self, k: usize, what: &str) -> Result<T, PlotError> {
        let text = self.text(k);
        text.parse().map_err(|_| PlotError::Csv {
            path: self.path.to_path_buf(),
            line: self.line,
            message: format!("column '{}': cannot read '{text}' as {what}", self.names[k]),
        })
    }

    /// The `k`-th requested column as a non-empty string.
    fn name(&self, k: usize) -> Result<String, PlotError> {
        let text = self.text(k);
        if text.is_empty() {
            return Err(PlotError::Csv {
                path: self.path.to_path_buf(),
                line: self.line,
                message: format!("column '{}' is empty", self.names[k]),
            });
        }
        Ok(text.to_string())
    }
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
    let table = Table::open(path, &["variant", "replicate", "year", "metric", "value"])?;
    let mut values: HashMap<(String, String), BTreeMap<i32, Vec<f64>>> = HashMap::new();
    table.for_each_row(|row| {
        let variant = row.name(0)?;
        let _replicate: u32 = row.parse(1, "a replicate number")?;
        let year: i32 = row.parse(2, "a year")?;
        let metric = row.name(3)?;
        let value: f64 = row.parse(4, "a number")?;
        note_variant(order, &variant);
        values
            .entry((variant, metric))
            .or_default()
            .entry(year)
            .or_default()
            .push(value);
        Ok(())
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
    let table = Table::open(
        path,
        &[
            "variant", "year", "metric", "mean", "sd", "p05", "p50", "p95", "n",
        ],
    )?;
    let mut rows: HashMap<(String, String), BTreeMap<i32, ReplicateStats>> = HashMap::new();
    table.for_each_row(|row| {
        let variant = row.name(0)?;
        let year: i32 = row.parse(1, "a year")?;
        let metric = row.name(2)?;
        let stats = ReplicateStats {
            mean: row.parse(3, "a number")?,
            sd: row.parse(4, "a number")?,
            p05: row.parse(5, "a number")?,
            p50: row.parse(6, "a number")?,
            p95: row.parse(7, "a number")?,
            n: row.parse(8, "a count")?,
        };
        note_variant(order, &variant);
        rows.entry((variant, metric))
            .or_default()
            .insert(year, stats);
        Ok(())
    })?;
    Ok(rows
        .into_iter()
        .map(|(key, years)| (key, years.into_iter().collect()))
        .collect())
}

/// Reads `observed.csv` (`year,metric,value,source`; `source` may be absent).
fn read_observed(path: &Path) -> Result<BTreeMap<String, Vec<Observed>>, PlotError> {
    let table = Table::open_with(path, &["year", "metric", "value"], &["source"])?;
    let mut out: BTreeMap<String, Vec<Observed>> = BTreeMap::new();
    table.for_each_row(|row| {
        let year: i32 = row.parse(0, "a year")?;
        let metric = row.name(1)?;
        let value: f64 = row.parse(2, "a number")?;
        let source = match row.text(3) {
            "" => "observed".to_string(),
            s => s.to_string(),
        };
        out.entry(metric).or_default().push(Observed {
            year,
            value,
            source,
        });
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    fn folder() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "ewsim-plot-data-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        write(
            &dir,
            "manifest.json",
            r#"{"scenario":"t","variants":["b","a"],"seed":1}"#,
        );
        dir
    }

    #[test]
    fn metrics_are_summarised_when_summary_is_absent() {
        let dir = folder();
        write(
            &dir,
            "metrics.csv",
            "variant,replicate,year,metric,value\n\
             a,0,2015,gini,0.4\na,1,2015,gini,0.5\na,2,2015,gini,NaN\n\
             c,0,2016,gini,inf\n",
        );
        let d = Dataset::load(&dir).unwrap();
        assert_eq!(d.variants, ["b", "a", "c"]);
        let g = d.get("a", "gini").unwrap();
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].1.n, 2);
        assert!((g[0].1.mean - 0.45).abs() < 1e-12);
        assert_eq!(d.get("c", "gini").unwrap()[0].1.n, 0);
        assert_eq!(d.baseline(), "a");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn bad_value_names_file_and_line() {
        let dir = folder();
        write(
            &dir,
            "metrics.csv",
            "variant,replicate,year,metric,value\na,0,2015,gini,0.4\na,0,20x6,gini,0.4\n",
        );
        let e = Dataset::load(&dir).unwrap_err().to_string();
        assert!(e.contains("metrics.csv, line 3"), "{e}");
        assert!(e.contains("'20x6'"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn missing_column_and_ragged_rows_are_reported() {
        let dir = folder();
        write(&dir, "metrics.csv", "variant,replicate,year,metric\n");
        let e = Dataset::load(&dir).unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("'value'"), "{e}");
        write(
            &dir,
            "metrics.csv",
            "variant,replicate,year,metric,value\na,0,2015,gini\n",
        );
        let e = Dataset::load(&dir).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("4 fields"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn manifest_without_scenario_is_an_error() {
        let dir = folder();
        write(&dir, "manifest.json", r#"{"variants":[]}"#);
        write(
            &dir,
            "metrics.csv",
            "variant,replicate,year,metric,value\na,0,2015,gini,0.4\n",
        );
        let e = Dataset::load(&dir).unwrap_err().to_string();
        assert!(e.contains("manifest.json") && e.contains("scenario"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
