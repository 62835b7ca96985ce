//! The stages of [`super::load_text`], in the order it runs them: `--set`, CSV data, phases,
//! variants, sweeps, and each variant's policy schedule. Every stage returns located errors.

use super::data::{self, FileSource, ObservedPoint};
use super::error::{Origin, ScenarioError, ScenarioErrors, line_column, plain_message};
use super::locate::{SpannedDocument, Step, render};
use super::names::{self, NameKind};
use super::overrides::{self, Override, apply, flatten, parse_set, remove_dotted};
use super::schema::Scenario;
use super::validate::{self, Issue};
use super::{BASELINE, Variant};

/// The scenario text, the name it is shown by, and the spans of its keys.
pub(super) struct Source<'a> {
    shown: &'a str,
    text: &'a str,
    document: SpannedDocument<'a>,
}

impl<'a> Source<'a> {
    pub(super) fn new(shown: &'a str, text: &'a str) -> Self {
        Self {
            shown,
            text,
            document: SpannedDocument::parse(text),
        }
    }

    /// Parses the text into the typed scenario.
    pub(super) fn parse(&self) -> Result<Scenario, ScenarioErrors> {
        toml::from_str(self.text).map_err(|error| self.parse_error(&error))
    }

    /// The file position of the key at `path` (the file alone when the key is not in it).
    pub(super) fn origin(&self, path: &[Step]) -> Origin {
        Origin::File {
            path: self.shown.to_string(),
            position: self
                .document
                .span_of(path)
                .map(|span| line_column(self.text, span.start)),
        }
    }

    /// The position of `path`, or of its first `parent` steps when the key is not written in
    /// the file (a nested table written inline, for example).
    pub(super) fn origin_within(&self, path: &[Step], parent: usize) -> Origin {
        match self.document.span_of(path) {
            Some(_) => self.origin(path),
            None => self.origin(&path[..parent]),
        }
    }

    fn parse_error(&self, error: &toml::de::Error) -> ScenarioErrors {
        let position = error.span().map(|span| line_column(self.text, span.start));
        let key = error
            .span()
            .and_then(|span| self.document.path_at(span.start))
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
            None => (plain_message(raw, key.as_deref()), None),
        };
        let mut located = ScenarioError::new(
            Origin::File {
                path: self.shown.to_string(),
                position,
            },
            message,
        );
        located.key = key;
        located.suggestion = suggestion;
        located.into()
    }
}

/// Applies the `--set` arguments to `scenario`; returns them as overrides.
///
/// A key set on the command line holds for the whole run: it is removed from every phase.
pub(super) fn apply_sets(
    scenario: &mut Scenario,
    schema: &toml::Value,
    sets: &[String],
) -> Result<Vec<Override>, ScenarioErrors> {
    let set_overrides = sets
        .iter()
        .map(|s| parse_set(s))
        .collect::<Result<Vec<_>, _>>()?;
    if !set_overrides.is_empty() {
        *scenario = apply(scenario, schema, &set_overrides)?;
        for phase in &mut scenario.phase {
            for set in &set_overrides {
                remove_dotted(&mut phase.set, &set.key);
            }
        }
    }
    Ok(set_overrides)
}

/// How many regions and pairings came from CSV files: they stand first in the scenario.
#[derive(Debug, Clone, Copy)]
pub(super) struct CsvRows {
    regions: usize,
    pairings: usize,
}

/// Reads the CSV files named by `[data]`: regions and pairings go in front of the file's own
/// tables, the observed series is returned.
pub(super) fn merge_data(
    scenario: &mut Scenario,
    files: &dyn FileSource,
) -> Result<(CsvRows, Vec<ObservedPoint>), ScenarioErrors> {
    let csv_regions = match scenario.data.regions.take() {
        Some(relative) => data::read_regions(files, &relative)?,
        None => Vec::new(),
    };
    let regions = csv_regions.len();
    scenario.region.splice(0..0, csv_regions);
    let csv_pairings = match scenario.data.pairings.take() {
        Some(relative) => data::read_pairings(files, &relative)?,
        None => Vec::new(),
    };
    let pairings = csv_pairings.len();
    scenario.pairing.splice(0..0, csv_pairings);
    let observed = match scenario.data.observed.take() {
        Some(relative) => data::read_observed(files, &relative)?,
        None => Vec::new(),
    };
    Ok((CsvRows { regions, pairings }, observed))
}

/// Says where each validation issue points: an override, a CSV row, or the file.
pub(super) struct Locator<'a> {
    pub(super) source: &'a Source<'a>,
    pub(super) csv_rows: CsvRows,
    pub(super) sets: &'a [Override],
}

impl Locator<'_> {
    /// Fails with every issue located, when there are any; `extra` are the overrides that
    /// produced the checked scenario besides `--set`.
    pub(super) fn check(&self, issues: &[Issue], extra: &[Override]) -> Result<(), ScenarioErrors> {
        if issues.is_empty() {
            return Ok(());
        }
        Err(ScenarioErrors(
            issues.iter().map(|i| self.locate(i, extra)).collect(),
        ))
    }

    fn locate(&self, issue: &Issue, extra: &[Override]) -> ScenarioError {
        let plain: String = issue
            .path
            .iter()
            .filter_map(|s| match s {
                Step::Key(k) => Some(k.as_str()),
                Step::Index(_) => None,
            })
            .collect::<Vec<_>>()
            .join(".");
        // The last override of the key wins, so it is the one to blame.
        let origin = match extra.iter().chain(self.sets).rev().find(|o| o.key == plain) {
            Some(item) => item.origin.clone(),
            None => self.in_file(&issue.path),
        };
        let mut error =
            ScenarioError::new(origin, issue.message.clone()).with_key(render(&issue.path));
        error.suggestion = issue.suggestion.clone();
        error
    }

    /// Where `path` of the merged scenario was written: a CSV row, or the file (whose own
    /// regions and pairings follow the CSV ones).
    fn in_file(&self, path: &[Step]) -> Origin {
        let CsvRows { regions, pairings } = self.csv_rows;
        let shown = self.source.shown;
        match path {
            [Step::Key(table), Step::Index(index), ..] if table == "region" && *index < regions => {
                Origin::File {
                    path: format!("{shown} (data.regions row {})", index + 1),
                    position: None,
                }
            }
            [Step::Key(table), Step::Index(index), ..]
                if table == "pairing" && *index < pairings =>
            {
                Origin::File {
                    path: format!("{shown} (data.pairings row {})", index + 1),
                    position: None,
                }
            }
            [Step::Key(table), Step::Index(index), rest @ ..]
                if table == "region" || table == "pairing" =>
            {
                let offset = if table == "region" { regions } else { pairings };
                let mut path = vec![Step::Key(table.clone()), Step::Index(index - offset)];
                path.extend_from_slice(rest);
                self.source.origin(&path)
            }
            _ => self.source.origin(path),
        }
    }
}

/// The policy overrides of the phases, cumulative, by ascending year: each entry holds every
/// override in force from that year on (keys relative to `policy.`).
pub(super) fn phase_overrides(
    scenario: &Scenario,
    source: &Source<'_>,
) -> Result<Vec<(i32, Vec<Override>)>, ScenarioErrors> {
    let mut phases: Vec<(usize, &super::PhaseSpec)> = scenario.phase.iter().enumerate().collect();
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
            let origin = source.origin_within(&path, 3);
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
    Ok(phase_overrides)
}

/// The `[variants.NAME]` tables as override lists, in file order.
pub(super) fn named_variants(
    scenario: &Scenario,
    source: &Source<'_>,
) -> Result<Vec<(String, Vec<Override>)>, ScenarioErrors> {
    let mut specs = Vec::new();
    for (name, table) in &scenario.variants {
        let origin_of = |key: &str| {
            let path = vec![
                Step::Key("variants".into()),
                Step::Key(name.clone()),
                Step::Key(key.to_string()),
            ];
            source.origin_within(&path, 2)
        };
        let toml::Value::Table(table) = table else {
            return Err(ScenarioError::new(
                origin_of(""),
                "a variant must be a table of dotted keys, e.g. [variants.fast]",
            )
            .with_key(format!("variants.{name}"))
            .into());
        };
        if let Err(message) = names::check(name, NameKind::Variant) {
            // Escaped: the name may hold control characters, which a terminal would act on.
            return Err(ScenarioError::new(origin_of(""), message)
                .with_key(format!("variants.{}", name.escape_debug()))
                .into());
        }
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
        specs.push((name.clone(), items));
    }
    Ok(specs)
}

/// Expands `[sweep]` into named variants (cartesian product, first key varying slowest).
pub(super) fn sweep_variants(
    scenario: &Scenario,
    source: &Source<'_>,
) -> Result<Vec<(String, Vec<Override>)>, ScenarioErrors> {
    let axes = sweep_axes(scenario, source)?;
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
                names::check(&label, NameKind::SweepPoint).map_err(|message| {
                    ScenarioError::new(origin.clone(), message).with_key(key.clone())
                })?;
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
    // Each part was checked as it was made; together they may still be too long.
    let longest = points.iter().map(|(name, _)| name.chars().count()).max();
    if let (Some(length), Some((key, _, origin))) = (longest, axes.first())
        && length > names::MAX_SWEEP_LEN
    {
        let message = format!(
            "a sweep point's name (its keys and values) would be {length} characters long, more \
             than {}; sweep fewer keys or shorter values",
            names::MAX_SWEEP_LEN
        );
        return Err(ScenarioError::new(origin.clone(), message)
            .with_key(key.clone())
            .into());
    }
    Ok(points)
}

/// A swept key, its values, and where it was written.
type Axis = (String, Vec<toml::Value>, Origin);

/// The swept keys of `[sweep]`: `parameter` with `values` first, then `parameters` in order.
fn sweep_axes(scenario: &Scenario, source: &Source<'_>) -> Result<Vec<Axis>, ScenarioErrors> {
    let mut axes: Vec<Axis> = Vec::new();
    if let Some(parameter) = &scenario.sweep.parameter {
        let origin = source.origin(&[Step::Key("sweep".into()), Step::Key("parameter".into())]);
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
        let origin = source.origin(&[Step::Key("sweep".into()), Step::Key("values".into())]);
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
        let origin = source.origin(&path);
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
    Ok(axes)
}

fn value_label(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// What a variant's scenario is built from: the base scenario, its schema, the phases and
/// where issues point.
pub(super) struct VariantBase<'a> {
    pub(super) scenario: &'a Scenario,
    pub(super) schema: &'a toml::Value,
    pub(super) phases: &'a [(i32, Vec<Override>)],
    pub(super) locator: &'a Locator<'a>,
}

impl VariantBase<'_> {
    /// The variant `name` made of `items`: its scenario, validated, and its policy schedule.
    pub(super) fn build(
        &self,
        name: String,
        items: Vec<Override>,
    ) -> Result<Variant, ScenarioErrors> {
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
        let scenario = if items.is_empty() {
            self.scenario.clone()
        } else {
            apply(self.scenario, self.schema, &items)?
        };
        self.locator.check(&validate::validate(&scenario), &items)?;
        let schedule = self.schedule(&scenario, &items)?;
        Ok(Variant {
            name,
            scenario,
            schedule,
        })
    }

    /// The policy from the start year and after each phase. A variant's own policy keys hold
    /// over every phase.
    fn schedule(
        &self,
        variant: &Scenario,
        items: &[Override],
    ) -> Result<Vec<(i32, super::PolicySpec)>, ScenarioErrors> {
        let policy_items: Vec<Override> = items
            .iter()
            .filter_map(|o| {
                o.key.strip_prefix("policy.").map(|k| Override {
                    key: k.to_string(),
                    ..o.clone()
                })
            })
            .collect();
        let policy_schema = self.schema.get("policy").expect("schema has policy");
        let mut schedule = vec![(self.scenario.time.start_year, variant.policy.clone())];
        for (year, phase_items) in self.phases {
            let mut all = phase_items.clone();
            all.extend(policy_items.iter().cloned());
            let policy =
                apply(&self.scenario.policy, policy_schema, &all).map_err(in_policy_table)?;
            let issues = validate::validate_policy(&policy, &[Step::Key("policy".into())]);
            if !issues.is_empty() {
                let located: Vec<Override> = all
                    .iter()
                    .map(|o| Override {
                        key: format!("policy.{}", o.key),
                        ..o.clone()
                    })
                    .collect();
                self.locator.check(&issues, &located)?;
            }
            schedule.push((*year, policy));
        }
        Ok(schedule)
    }
}

/// Errors of overrides applied to the `[policy]` table, reworded to name the full key.
fn in_policy_table(mut errors: ScenarioErrors) -> ScenarioErrors {
    for error in &mut errors.0 {
        error.key = error.key.take().map(|k| format!("policy.{k}"));
        error.suggestion = error.suggestion.take().map(|k| format!("policy.{k}"));
        error.message = error.message.replacen(" in [", " in [policy.", 1);
    }
    errors
}
