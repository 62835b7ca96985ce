//! CSV inputs named in `[data]`: regions, pairings and observed series.
//!
//! The regions CSV has one column per `[[region]]` key (`name,zone,population_urban,...`), the
//! pairings CSV one per `[[pairing]]` key; unknown columns are refused like unknown TOML keys.

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::{Origin, ScenarioError, nearest, parse_unknown};
use super::schema::{PairingSpec, RegionSpec};

/// A file the scenario refers to: read from disk, or from the copies built into the binary.
pub trait FileSource {
    /// The text of `relative` (a path relative to the scenario file), or a message.
    fn read(&self, relative: &str) -> Result<String, String>;
    /// How to name `relative` in messages.
    fn display(&self, relative: &str) -> String;
}

/// Files next to a scenario on disk.
pub struct DiskFiles<'a> {
    /// The folder of the scenario file.
    pub dir: &'a Path,
}

impl FileSource for DiskFiles<'_> {
    fn read(&self, relative: &str) -> Result<String, String> {
        std::fs::read_to_string(self.dir.join(relative)).map_err(|error| error.to_string())
    }
    fn display(&self, relative: &str) -> String {
        self.dir.join(relative).display().to_string()
    }
}

/// One observed value of a national series, for charts (`observed.csv`).
#[derive(Debug, Clone, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ObservedPoint {
    /// Year.
    pub year: i32,
    /// Metric name as in metrics.csv.
    pub metric: String,
    /// Observed value.
    pub value: f64,
    /// Source label.
    pub source: String,
}

/// Reads the regions CSV.
pub fn read_regions(
    files: &dyn FileSource,
    relative: &str,
) -> Result<Vec<RegionSpec>, ScenarioError> {
    read_rows(files, relative, "data.regions")
}

/// Reads the pairings CSV.
pub fn read_pairings(
    files: &dyn FileSource,
    relative: &str,
) -> Result<Vec<PairingSpec>, ScenarioError> {
    read_rows(files, relative, "data.pairings")
}

/// Reads an observed-series CSV (`year,metric,value,source`).
pub fn read_observed(
    files: &dyn FileSource,
    relative: &str,
) -> Result<Vec<ObservedPoint>, ScenarioError> {
    read_rows(files, relative, "data.observed")
}

fn read_rows<T: DeserializeOwned>(
    files: &dyn FileSource,
    relative: &str,
    key: &str,
) -> Result<Vec<T>, ScenarioError> {
    let shown = files.display(relative);
    let text = files.read(relative).map_err(|message| {
        ScenarioError::new(
            Origin::File {
                path: shown.clone(),
                position: None,
            },
            format!("cannot read the file named by `{key}`: {message}"),
        )
        .with_key(key)
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.deserialize::<T>() {
        match record {
            Ok(row) => rows.push(row),
            Err(error) => {
                let position = error.position().map(|p| (p.line() as usize, 1));
                let message = match error.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => {
                        let text = err.to_string();
                        let column = err
                            .field()
                            .map(|i| format!("column {}: ", i + 1))
                            .unwrap_or_default();
                        match parse_unknown(&text) {
                            Some((unknown, expected)) => {
                                let mut e = ScenarioError::new(
                                    Origin::File {
                                        path: shown.clone(),
                                        position,
                                    },
                                    format!(
                                        "unknown column `{unknown}`; expected columns: {}",
                                        expected.join(", ")
                                    ),
                                );
                                e.suggestion =
                                    nearest(&unknown, expected.iter().map(String::as_str));
                                return Err(e);
                            }
                            None => format!("{column}{text}"),
                        }
                    }
                    _ => error.to_string(),
                };
                return Err(ScenarioError::new(
                    Origin::File {
                        path: shown,
                        position,
                    },
                    message,
                ));
            }
        }
    }
    Ok(rows)
}
