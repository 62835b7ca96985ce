//! Scenario files: schema, loading with located errors, validation and overrides.
//!
//! [`load_file`] and [`load_builtin`] turn a TOML file (plus `--set` arguments) into a
//! [`LoadedScenario`]: the base scenario with every default filled and its CSV data merged,
//! and the list of [`Variant`]s to run, each with its policy for every year. Nothing is
//! simulated before all of it has been checked.

pub mod data;
pub mod error;
pub mod limits;
mod load;
pub mod locate;
pub mod names;
pub mod overrides;
pub mod schema;
pub mod template;
pub mod validate;

use std::path::Path;

use sha2::{Digest, Sha256};

use data::{DiskFiles, FileSource, ObservedPoint};
use error::{Origin, ScenarioError, ScenarioErrors, nearest};
use overrides::schema_example;
pub use schema::*;

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
    /// The scenario text, the `--set` overrides and the CSV row counts: what locates an issue
    /// found after loading ([`LoadedScenario::check_issues`], [`VariantBuilder`]).
    text: String,
    sets: Vec<overrides::Override>,
    csv_rows: load::CsvRows,
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
                        Origin::Option {
                            text: format!("--variant {name}"),
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

    /// Fails with every issue located (file, line, column and key, or the `--set` argument
    /// that wrote the key), when there are any: for checks made after loading, such as a
    /// study's metric names against the metric table.
    pub fn check_issues(&self, issues: &[validate::Issue]) -> Result<(), ScenarioErrors> {
        let source = load::Source::new(&self.source_name, &self.text);
        let locator = load::Locator {
            source: &source,
            csv_rows: self.csv_rows,
            sets: &self.sets,
        };
        locator.check(issues, &[])
    }

    /// A builder of variants made of overrides onto the base scenario (a study's design
    /// points), checked like the file's `[variants.NAME]`.
    pub fn variant_builder(&self) -> Result<VariantBuilder<'_>, ScenarioErrors> {
        let source = load::Source::new(&self.source_name, &self.text);
        let phases = load::phase_overrides(&self.scenario, &source)?;
        Ok(VariantBuilder {
            loaded: self,
            source,
            schema: toml::Value::try_from(schema_example()).expect("the schema serialises"),
            phases,
        })
    }

    /// The resolved scenario as TOML (every default filled, regions and pairings inline).
    pub fn resolved_toml(&self) -> String {
        toml::to_string_pretty(&self.scenario)
            .unwrap_or_else(|error| format!("# cannot serialise: {error}\n"))
    }
}

/// Builds variants of a loaded scenario from dotted-key overrides, as `[variants.NAME]`
/// tables are built: the overrides hold over every phase, and the variant is validated with
/// located errors.
pub struct VariantBuilder<'a> {
    loaded: &'a LoadedScenario,
    source: load::Source<'a>,
    schema: toml::Value,
    phases: Vec<(i32, Vec<overrides::Override>)>,
}

impl VariantBuilder<'_> {
    /// Where the key at `path` is written in the scenario file (the file alone when it is
    /// not), for the origin of an override a study makes.
    pub fn origin_of(&self, path: &[locate::Step]) -> Origin {
        self.source.origin_within(path, path.len().min(2))
    }

    /// The variant `name`: the base scenario with `items` applied, validated, and its policy
    /// schedule.
    pub fn build(
        &self,
        name: String,
        items: Vec<overrides::Override>,
    ) -> Result<Variant, ScenarioErrors> {
        let locator = load::Locator {
            source: &self.source,
            csv_rows: self.loaded.csv_rows,
            sets: &self.loaded.sets,
        };
        let base = load::VariantBase {
            scenario: &self.loaded.scenario,
            schema: &self.schema,
            phases: &self.phases,
            locator: &locator,
        };
        base.build(name, items)
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
    let mut loaded = load_text(&shown, &text, &DiskFiles { dir }, sets)?;
    resolve_font(&mut loaded, dir)?;
    Ok(loaded)
}

/// Makes `output.font` a path that holds wherever the charts are drawn (relative to the
/// scenario file's folder `dir`), after checking that it names a font.
fn resolve_font(loaded: &mut LoadedScenario, dir: &Path) -> Result<(), ScenarioErrors> {
    let Some(font) = loaded.scenario.output.font.clone() else {
        return Ok(());
    };
    let path = dir.join(&font);
    let origin = Origin::File {
        path: loaded.source_name.clone(),
        position: None,
    };
    let bytes = std::fs::read(&path).map_err(|error| {
        ScenarioError::new(
            origin.clone(),
            format!("cannot read the font file {}: {error}", path.display()),
        )
        .with_key("output.font")
    })?;
    if ab_glyph::FontRef::try_from_slice(&bytes).is_err() {
        return Err(ScenarioError::new(
            origin,
            format!(
                "{} is not a TrueType or OpenType font (a .ttf, .otf or .ttc file)",
                path.display()
            ),
        )
        .with_key("output.font")
        .into());
    }
    let absolute = std::path::absolute(&path).unwrap_or(path);
    let shown = absolute.display().to_string();
    loaded.scenario.output.font = Some(shown.clone());
    for variant in &mut loaded.variants {
        variant.scenario.output.font = Some(shown.clone());
    }
    Ok(())
}

/// Loads the built-in China scenario (an `output.font` set with `--set` is relative to the
/// current folder).
pub fn load_builtin(sets: &[String]) -> Result<LoadedScenario, ScenarioErrors> {
    let mut loaded = load_text(
        "<built-in>/scenarios/china.toml",
        builtin::CHINA,
        &EmbeddedFiles,
        sets,
    )?;
    resolve_font(&mut loaded, Path::new("."))?;
    Ok(loaded)
}

/// Loads scenario `text` (named `shown` in messages) whose data files come from `files`.
///
/// The stages run in this order, each failing with located errors: parse, `--set`, the CSV
/// data of `[data]`, validation, phases, variants (baseline, `[variants.NAME]`, sweep points),
/// and each variant's scenario and policy schedule.
pub fn load_text(
    shown: &str,
    text: &str,
    files: &dyn FileSource,
    sets: &[String],
) -> Result<LoadedScenario, ScenarioErrors> {
    let source = load::Source::new(shown, text);
    let mut scenario = source.parse()?;
    let schema = toml::Value::try_from(schema_example()).expect("the schema serialises");
    let set_overrides = load::apply_sets(&mut scenario, &schema, sets)?;
    let (csv_rows, observed) = load::merge_data(&mut scenario, files)?;
    let locator = load::Locator {
        source: &source,
        csv_rows,
        sets: &set_overrides,
    };
    locator.check(&validate::validate(&scenario), &[])?;

    let phases = load::phase_overrides(&scenario, &source)?;
    let mut specs = vec![(BASELINE.to_string(), Vec::new())];
    specs.extend(load::named_variants(&scenario, &source)?);
    specs.extend(load::sweep_variants(&scenario, &source)?);
    let base = load::VariantBase {
        scenario: &scenario,
        schema: &schema,
        phases: &phases,
        locator: &locator,
    };
    let variants = specs
        .into_iter()
        .map(|(name, items)| base.build(name, items))
        .collect::<Result<Vec<_>, _>>()?;

    Ok(LoadedScenario {
        source_name: shown.to_string(),
        source_sha256: sha256_hex(text.as_bytes()),
        scenario,
        observed,
        variants,
        text: text.to_string(),
        sets: set_overrides,
        csv_rows,
    })
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
