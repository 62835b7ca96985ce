//! Scenario files: schema, loading with located errors, validation and overrides.
//!
//! [`load_file`] and [`load_builtin`] turn a TOML file (plus `--set` arguments) into a
//! [`LoadedScenario`]: the base scenario with every default filled and its CSV data merged,
//! and the list of [`Variant`]s to run, each with its policy for every year. Nothing is
//! simulated before all of it has been checked.

pub mod data;
pub mod error;
pub mod locate;
pub mod overrides;
pub mod schema;
pub mod validate;

use std::path::Path;

use sha2::{Digest, Sha256};

use data::{DiskFiles, FileSource, ObservedPoint};
use error::{Origin, ScenarioError, ScenarioErrors, line_column, nearest};
use locate::{SpannedDocument, Step, render};
use overrides::{Override, apply, flatten, parse_set, remove_dotted, schema_example};
pub use schema::*;
use validate::Issue;

/// Name of the baseline variant.
pub const BASELINE: &str = "baseline";

/// The built-in default scenario (China, 31 provinces) and the data files it names.
pub mod builtin {
    /// Text of `scenarios/china.toml`.
    pub const CHINA: &str = include_str!("../../scenarios/china.toml");
    /// Data files next to it, by the relative path the scenario uses.
    pub const FILES: &[(&str, &str)] = &[
        (
            "data/regions_2015.csv",
            include_str!("../../scenarios/data/regions_2015.csv"),
        ),
        (
            "data/pairings_2016_2021.csv",
            include_str!("../../scenarios/data/pairings_2016_2021.csv"),
        ),
        (
            "data/observed_national.csv",
            include_str!("../../scenarios/data/observed_national.csv"),
        ),
    ];
}

/// The template `ewsim init` writes: the quickstart scenario, every table commented.
pub const TEMPLATE: &str = include_str!("../../scenarios/quickstart.toml");

struct EmbeddedFiles;

impl FileSource for EmbeddedFiles {
    fn read(&self, relative: &str) -> Result<String, String> {
        builtin::FILES
            .iter()
            .find(|(name, _)| *name == relative)
            .map(|(_, text)| text.to_string())
            .ok_or_else(|| format!("`{relative}` is not built into ewsim"))
    }
    fn display(&self, relative: &str) -> String {
        format!("<built-in>/scenarios/{relative}")
    }
}

/// A policy variant ready to run: its scenario and the policy in force each year.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Name (`baseline`, a `[variants.NAME]` name, or a sweep point such as `paired_aid_share=0.002`).
    pub name: String,
    /// The scenario with the variant's overrides applied.
    pub scenario: Scenario,
    /// Policy from each year on, ascending by year; the first entry is `start_year`.
    pub schedule: Vec<(i32, PolicySpec)>,
}

impl Variant {
    /// The policy in force in `year`.
    pub fn policy_in(&self, year: i32) -> &PolicySpec {
        let index = self.schedule.partition_point(|(from, _)| *from <= year);
        &self.schedule[index.saturating_sub(1)].1
    }
}

/// A loaded, validated scenario.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The file as the user named it (or `<built-in china>`).
    pub source_name: String,
    /// SHA-256 of the scenario text, hex.
    pub source_sha256: String,
    /// The base scenario: defaults filled, `--set` applied, CSV regions and pairings merged in.
    pub scenario: Scenario,
    /// Observed national series named by `data.observed`.
    pub observed: Vec<ObservedPoint>,
    /// Baseline first, then `[variants]` in file order, then sweep points.
    pub variants: Vec<Variant>,
}

impl LoadedScenario {
    /// Keeps only the named variants (in the order given); unknown names are errors with a suggestion.
    pub fn select_variants(&mut self, names: &[String]) -> Result<(), ScenarioErrors> {
        if names.is_empty() {
            return Ok(());
        }
        let mut chosen = Vec::new();
        for name in names {
            match self.variants.iter().find(|v| &v.name == name) {
                Some(variant) => chosen.push(variant.clone()),
                None => {
                    let known: Vec<&str> = self.variants.iter().map(|v| v.name.as_str()).collect();
                    let mut error = ScenarioError::new(
                        Origin::CommandLine {
                            argument: format!("--variant {name}"),
                        },
                        format!(
                            "no variant is named `{name}`; the scenario has: {}",
                            known.join(", ")
                        ),
                    );
                    error.suggestion = nearest(name, known.iter().copied());
                    return Err(error.into());
                }
            }
        }
        self.variants = chosen;
        Ok(())
    }

    /// The resolved scenario as TOML (every default filled, regions and pairings inline).
    pub fn resolved_toml(&self) -> String {
        toml::to_string_pretty(&self.scenario)
            .unwrap_or_else(|error| format!("# cannot serialise: {error}\n"))
    }
}

/// Loads a scenario file from disk, applying `sets` (`KEY=VALUE`).
pub fn load_file(path: &Path, sets: &[String]) -> Result<LoadedScenario, ScenarioErrors> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|error| {
        ScenarioError::new(
            Origin::File {
                path: shown.clone(),
                position: None,
            },
            format!("cannot read the scenario: {error}"),
        )
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    load_text(&shown, &text, &DiskFiles { dir }, sets)
}

/// Loads the built-in China scenario.
pub fn load_builtin(sets: &[String]) -> Result<LoadedScenario, ScenarioErrors> {
    load_text(
        "<built-in>/scenarios/china.toml",
        builtin::CHINA,
        &EmbeddedFiles,
        sets,
    )
}

/// Loads scenario `text` (named `shown` in messages) whose data files come from `files`.
pub fn load_text(
    shown: &str,
    text: &str,
    files: &dyn FileSource,
    sets: &[String],
) -> Result<LoadedScenario, ScenarioErrors> {
    let document = SpannedDocument::parse(text);
    let file_origin = |path: &[Step]| Origin::File {
        path: shown.to_string(),
        position: document
            .span_of(path)
            .map(|span| line_column(text, span.start)),
    };

    let mut scenario: Scenario =
        toml::from_str(text).map_err(|error| parse_error(shown, text, &document, &error))?;

    let schema = toml::Value::try_from(schema_example()).expect("the schema serialises");
    let set_overrides = sets
        .iter()
        .map(|s| parse_set(s))
        .collect::<Result<Vec<_>, _>>()?;
    if !set_overrides.is_empty() {
        scenario = apply(&scenario, &schema, &set_overrides)?;
        // A key set on the command line holds for the whole run: no phase changes it later.
        for phase in &mut scenario.phase {
            for set in &set_overrides {
                remove_dotted(&mut phase.set, &set.key);
            }
        }
    }

    let csv_regions = match scenario.data.regions.take() {
        Some(relative) => data::read_regions(files, &relative)?,
        None => Vec::new(),
    };
    let csv_region_count = csv_regions.len();
    scenario.region.splice(0..0, csv_regions);
    let csv_pairings = match scenario.data.pairings.take() {
        Some(relative) => data::read_pairings(files, &relative)?,
        None => Vec::new(),
    };
    let csv_pairing_count = csv_pairings.len();
    scenario.pairing.splice(0..0, csv_pairings);
    let observed = match scenario.data.observed.take() {
        Some(relative) => data::read_observed(files, &relative)?,
        None => Vec::new(),
    };

    // Where each validation issue points: an override, a CSV row, or the file.
    let locate_issue = |issue: &Issue, extra: &[Override]| -> ScenarioError {
        let dotted = render(&issue.path);
        let plain: String = issue
            .path
            .iter()
            .filter_map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                Step::Index(_) => None,
            })
            .collect::<Vec<_>>()
            .join(".");
        let origin = if let Some(item) = extra
            .iter()
            .chain(&set_overrides)
            .rev()
            .find(|o| o.key == plain)
        {
            item.origin.clone()
        } else {
            match issue.path.as_slice() {
                [Step::Key(table), Step::Index(index), ..]
                    if table == "region" && *index < csv_region_count =>
                {
                    Origin::File {
                        path: format!("{shown} (data.regions row {})", index + 1),
                        position: None,
                    }
                }
                [Step::Key(table), Step::Index(index), ..]
                    if table == "pairing" && *index < csv_pairing_count =>
                {
                    Origin::File {
                        path: format!("{shown} (data.pairings row {})", index + 1),
                        position: None,
                    }
                }
                [Step::Key(table), Step::Index(index), rest @ ..]
                    if table == "region" || table == "pairing" =>
                {
                    let offset = if table == "region" {
                        csv_region_count
                    } else {
                        csv_pairing_count
                    };
                    let mut path = vec![Step::Key(table.clone()), Step::Index(index - offset)];
                    path.extend_from_slice(rest);
                    file_origin(&path)
                }
                _ => file_origin(&issue.path),
            }
        };
        let mut error = ScenarioError::new(origin, issue.message.clone()).with_key(dotted);
        error.suggestion = issue.suggestion.clone();
        error
    };

    let issues = validate::validate(&scenario);
    if !issues.is_empty() {
        return Err(ScenarioErrors(
            issues.iter().map(|i| locate_issue(i, &[])).collect(),
        ));
    }

    // Phases: cumulative policy overrides, each located in the file.
    let mut phases: Vec<(usize, &PhaseSpec)> = scenario.phase.iter().enumerate().collect();
    phases.sort_by_key(|(_, phase)| phase.year);
    let mut phase_overrides: Vec<(i32, Vec<Override>)> = Vec::new();
    let mut cumulative: Vec<Override> = Vec::new();
    for (index, phase) in phases {
        for (key, value) in flatten(&phase.set) {
            let path = vec![
                Step::Key("phase".into()),
                Step::Index(index),
                Step::Key("set".into()),
                Step::Key(key.clone()),
            ];
            let origin = match document.span_of(&path) {
                Some(_) => file_origin(&path),
                None => file_origin(&path[..3]),
            };
            let Some(policy_key) = key.strip_prefix("policy.") else {
                return Err(ScenarioError::new(
                    origin,
                    "a phase can only set keys under `policy.`",
                )
                .with_key(key)
                .into());
            };
            cumulative.push(Override {
                key: policy_key.to_string(),
                value,
                origin,
            });
        }
        phase_overrides.push((phase.year, cumulative.clone()));
    }

    // Variants: baseline, [variants.NAME], sweep points.
    let mut variant_specs: Vec<(String, Vec<Override>)> = vec![(BASELINE.to_string(), Vec::new())];
    for (name, table) in &scenario.variants {
        let origin_of = |key: &str| {
            let path = vec![
                Step::Key("variants".into()),
                Step::Key(name.clone()),
                Step::Key(key.to_string()),
            ];
            match document.span_of(&path) {
                Some(_) => file_origin(&path),
                None => file_origin(&path[..2]),
            }
        };
        let toml::Value::Table(table) = table else {
            return Err(ScenarioError::new(
                origin_of(""),
                "a variant must be a table of dotted keys, e.g. [variants.fast]",
            )
            .with_key(format!("variants.{name}"))
            .into());
        };
        if name == BASELINE {
            return Err(ScenarioError::new(
                origin_of(""),
                "`baseline` is the scenario itself; give the variant another name",
            )
            .with_key("variants.baseline")
            .into());
        }
        let items = flatten(table)
            .into_iter()
            .map(|(key, value)| Override {
                origin: origin_of(&key),
                key,
                value,
            })
            .collect();
        variant_specs.push((name.clone(), items));
    }
    variant_specs.extend(sweep_variants(&scenario, &file_origin)?);

    let mut variants = Vec::new();
    for (name, items) in variant_specs {
        for item in &items {
            if [
                "time.", "run.", "variants", "sweep", "data.", "phase", "output.",
            ]
            .iter()
            .any(|p| item.key.starts_with(p))
            {
                return Err(ScenarioError::new(item.origin.clone(), "a variant can change the world and policy (economy, policy, scenario) but not time, run, data, output, phases, variants or sweep").with_key(&item.key).into());
            }
        }
        let variant_scenario = if items.is_empty() {
            scenario.clone()
        } else {
            apply(&scenario, &schema, &items)?
        };
        let issues = validate::validate(&variant_scenario);
        if !issues.is_empty() {
            return Err(ScenarioErrors(
                issues.iter().map(|i| locate_issue(i, &items)).collect(),
            ));
        }
        let policy_items: Vec<Override> = items
            .iter()
            .filter_map(|o| {
                o.key.strip_prefix("policy.").map(|k| Override {
                    key: k.to_string(),
                    ..o.clone()
                })
            })
            .collect();
        let policy_schema = schema.get("policy").expect("schema has policy").clone();
        let mut schedule = vec![(scenario.time.start_year, variant_scenario.policy.clone())];
        for (year, phase_items) in &phase_overrides {
            let mut all = phase_items.clone();
            all.extend(policy_items.iter().cloned());
            let policy = apply(&scenario.policy, &policy_schema, &all).map_err(|mut errors| {
                for error in &mut errors.0 {
                    error.key = error.key.take().map(|k| format!("policy.{k}"));
                    error.suggestion = error.suggestion.take().map(|k| format!("policy.{k}"));
                    error.message = error.message.replacen(" in [", " in [policy.", 1);
                }
                errors
            })?;
            let issues = validate::validate_policy(&policy, &[Step::Key("policy".into())]);
            if !issues.is_empty() {
                let located: Vec<Override> = all
                    .iter()
                    .map(|o| Override {
                        key: format!("policy.{}", o.key),
                        ..o.clone()
                    })
                    .collect();
                return Err(ScenarioErrors(
                    issues.iter().map(|i| locate_issue(i, &located)).collect(),
                ));
            }
            schedule.push((*year, policy));
        }
        variants.push(Variant {
            name,
            scenario: variant_scenario,
            schedule,
        });
    }

    Ok(LoadedScenario {
        source_name: shown.to_string(),
        source_sha256: sha256_hex(text.as_bytes()),
        scenario,
        observed,
        variants,
    })
}

/// Expands `[sweep]` into named variants (cartesian product, first key varying slowest).
fn sweep_variants(
    scenario: &Scenario,
    file_origin: &dyn Fn(&[Step]) -> Origin,
) -> Result<Vec<(String, Vec<Override>)>, ScenarioErrors> {
    let mut axes: Vec<(String, Vec<toml::Value>, Origin)> = Vec::new();
    if let Some(parameter) = &scenario.sweep.parameter {
        let origin = file_origin(&[Step::Key("sweep".into()), Step::Key("parameter".into())]);
        if scenario.sweep.values.is_empty() {
            return Err(ScenarioError::new(
                origin,
                "`sweep.parameter` needs a non-empty `sweep.values` list",
            )
            .with_key("sweep.values")
            .into());
        }
        axes.push((parameter.clone(), scenario.sweep.values.clone(), origin));
    } else if !scenario.sweep.values.is_empty() {
        let origin = file_origin(&[Step::Key("sweep".into()), Step::Key("values".into())]);
        return Err(
            ScenarioError::new(origin, "`sweep.values` needs `sweep.parameter`")
                .with_key("sweep.parameter")
                .into(),
        );
    }
    for (key, values) in flatten(&scenario.sweep.parameters) {
        let path = [
            Step::Key("sweep".into()),
            Step::Key("parameters".into()),
            Step::Key(key.clone()),
        ];
        let origin = file_origin(&path);
        match values {
            toml::Value::Array(values) if !values.is_empty() => axes.push((key, values, origin)),
            _ => {
                return Err(
                    ScenarioError::new(origin, "expected a non-empty list of values")
                        .with_key(format!("sweep.parameters.{key}"))
                        .into(),
                );
            }
        }
    }
    if axes.is_empty() {
        return Ok(Vec::new());
    }
    let mut points: Vec<(String, Vec<Override>)> = vec![(String::new(), Vec::new())];
    for (key, values, origin) in &axes {
        let short = key.rsplit('.').next().unwrap_or(key);
        let mut next = Vec::new();
        for (name, items) in &points {
            for value in values {
                let label = format!("{short}={}", value_label(value));
                let name = if name.is_empty() {
                    label
                } else {
                    format!("{name},{label}")
                };
                let mut items = items.clone();
                items.push(Override {
                    key: key.clone(),
                    value: value.clone(),
                    origin: origin.clone(),
                });
                next.push((name, items));
            }
        }
        points = next;
    }
    Ok(points)
}

fn value_label(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn parse_error(
    shown: &str,
    text: &str,
    document: &SpannedDocument<'_>,
    error: &toml::de::Error,
) -> ScenarioErrors {
    let position = error.span().map(|span| line_column(text, span.start));
    let key = error
        .span()
        .and_then(|span| document.path_at(span.start))
        .map(|path| render(&path));
    let raw = error.message().trim();
    let (message, suggestion) = match overrides::explain_unknown(raw) {
        Some((message, suggestion)) => {
            // Suggest the full dotted key when the unknown key's table is known (an unknown
            // value is suggested as it is).
            let is_key = raw.starts_with("unknown field");
            let suggestion =
                suggestion.map(
                    |near| match key.as_deref().and_then(|k| k.rsplit_once('.')) {
                        Some((table, _)) if is_key => format!("{table}.{near}"),
                        _ => near,
                    },
                );
            (message, suggestion)
        }
        None => (raw.to_string(), None),
    };
    let mut located = ScenarioError::new(
        Origin::File {
            path: shown.to_string(),
            position,
        },
        message,
    );
    located.key = key;
    located.suggestion = suggestion;
    located.into()
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
