//! CSV inputs named in `[data]`: regions, pairings and observed series.
//!
//! The regions CSV has one column per `[[region]]` key (`name,zone,population_urban,...`), the
//! pairings CSV one per `[[pairing]]` key; unknown columns are refused like unknown TOML keys.

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::{Origin, ScenarioError, nearest, parse_unknown, plain_message};
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
    #[serde(serialize_with = "crate::output::number::tidy")]
    pub value: f64,
    /// Source label.
    pub source: String,
    /// Confidence grade of the value: A printed source, B consistent secondary source, C
    /// untraced; empty when the file has no `grade` column.
    #[serde(default)]
    pub grade: String,
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

/// Reads an observed-series CSV (`year,metric,value,source`, optionally `grade`).
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
    let headers = reader.headers().ok().cloned();
    let mut rows = Vec::new();
    for record in reader.deserialize::<T>() {
        match record {
            Ok(row) => rows.push(row),
            Err(error) => {
                let position = error.position().map(|p| (p.line() as usize, 1));
                let message = match error.kind() {
                    csv::ErrorKind::Deserialize { err, .. } => {
                        let text = cell_message(err, headers.as_ref());
                        let column = err
                            .field()
                            .map(|i| format!("column {}: ", i + 1))
                            .unwrap_or_default();
                        match parse_unknown(&text) {
                            Some((unknown, expected)) => {
                                let message = if text.starts_with("unknown variant") {
                                    format!(
                                        "{column}unknown value `{unknown}`; expected one of: {}",
                                        expected.join(", ")
                                    )
                                } else {
                                    format!(
                                        "unknown column `{unknown}`; expected columns: {}",
                                        expected.join(", ")
                                    )
                                };
                                let mut e = ScenarioError::new(
                                    Origin::File {
                                        path: shown.clone(),
                                        position,
                                    },
                                    message,
                                );
                                e.suggestion =
                                    nearest(&unknown, expected.iter().map(String::as_str));
                                return Err(e);
                            }
                            None => format!("{column}{}", plain_message(&text, None)),
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

/// What is wrong with a cell that did not deserialise, with its column's name when the header
/// has one: `column \`income_rural\`: expected a number, found the text "n/a"`.
fn cell_message(err: &csv::DeserializeError, headers: Option<&csv::StringRecord>) -> String {
    use csv::DeserializeErrorKind as Kind;
    let expected = match err.kind() {
        Kind::ParseFloat(_) => Some("a number"),
        Kind::ParseInt(_) => Some("a whole number"),
        Kind::ParseBool(_) => Some("true or false"),
        Kind::Message(text) => return text.clone(),
        _ => None,
    };
    let name = err
        .field()
        .and_then(|i| headers?.get(i as usize).map(str::to_string));
    match (expected, name) {
        (Some(expected), Some(name)) => format!("`{name}`: expected {expected}"),
        (Some(expected), None) => format!("expected {expected}"),
        _ => err.kind().to_string(),
    }
}
