//! Dotted-key overrides (`--set`, `[variants.NAME]`, `[[phase]] set`, `[sweep]`), checked
//! against the schema and validated exactly like the file.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{Origin, ScenarioError, ScenarioErrors, nearest, parse_unknown, plain_message};
use super::schema::{PairingSpec, RegionSpec, Scenario, Zone};

/// One override: a dotted key, its new value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Dotted key from the root of the overridden structure (`policy.transfers.enabled`).
    pub key: String,
    /// The new value.
    pub value: toml::Value,
    /// Where the override was written.
    pub origin: Origin,
}

/// Parses a command-line `KEY=VALUE`; VALUE is a TOML value, and a bare word that is not
/// valid TOML (`--set scenario.name=test`) is taken as a string.
pub fn parse_set(argument: &str) -> Result<Override, ScenarioError> {
    let origin = Origin::CommandLine {
        argument: argument.to_string(),
    };
    let Some((key, text)) = argument.split_once('=') else {
        return Err(ScenarioError::new(
            origin,
            "expected KEY=VALUE, e.g. run.households=50000",
        ));
    };
    let key = key.trim();
    if key.is_empty() || key.split('.').any(str::is_empty) {
        return Err(ScenarioError::new(
            origin,
            "the key must be a dotted path such as run.seed",
        ));
    }
    let text = text.trim();
    let parsed = toml::from_str::<toml::Table>(&format!("value = {text}"));
    let value = match parsed {
        // One value, and no more keys smuggled in after a line break.
        Ok(mut table) if table.len() == 1 && table.contains_key("value") => {
            table.remove("value").unwrap_or(toml::Value::Boolean(false))
        }
        Ok(_) => {
            return Err(ScenarioError::new(
                origin,
                format!("`{text}` is more than one value; give one TOML value"),
            )
            .with_key(key));
        }
        Err(_) if looks_like_bare_word(text) => toml::Value::String(text.to_string()),
        Err(error) => {
            return Err(ScenarioError::new(
                origin,
                format!(
                    "`{text}` is not a TOML value: {}",
                    not_a_value(error.message())
                ),
            )
            .with_key(key));
        }
    };
    Ok(Override {
        key: key.to_string(),
        value,
        origin,
    })
}

/// What the TOML parser said of a value that is not one, in the user's words.
fn not_a_value(raw: &str) -> String {
    if raw.contains("i128") || raw.contains("out of range") {
        return format!(
            "a whole number lies between {} and {}; write a larger one with a decimal point or \
             an exponent (1e20)",
            i64::MIN,
            i64::MAX
        );
    }
    plain_message(raw, None)
}

fn looks_like_bare_word(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(['[', '{', '"', '\'', '+', '-'])
        && !text.starts_with(|c: char| c.is_ascii_digit())
}

/// Flattens a table of overrides into dotted keys: `{"policy.a.b" = 1}` and
/// `{policy = {a = {b = 1}}}` both give `("policy.a.b", 1)`. Order follows the table.
pub fn flatten(table: &toml::Table) -> Vec<(String, toml::Value)> {
    let mut out = Vec::new();
    flatten_into(table, "", &mut out);
    out
}

fn flatten_into(table: &toml::Table, prefix: &str, out: &mut Vec<(String, toml::Value)>) {
    for (key, value) in table {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(inner) => flatten_into(inner, &full, out),
            other => out.push((full, other.clone())),
        }
    }
}

/// Removes dotted `key` from `table`, however it is written there (`"a.b.c" = …`, `a.b.c = …`
/// or `[a.b]` with `c = …`).
pub fn remove_dotted(table: &mut toml::Table, key: &str) {
    table.remove(key);
    for (name, value) in table.iter_mut() {
        if let (Some(rest), toml::Value::Table(inner)) = (
            key.strip_prefix(name.as_str())
                .and_then(|rest| rest.strip_prefix('.')),
            value,
        ) {
            remove_dotted(inner, rest);
        }
    }
}

/// A scenario with every optional key present, so that the set of valid dotted keys can be
/// read off its serialisation.
pub fn schema_example() -> Scenario {
    let mut example = Scenario::default();
    example.data.regions = Some(String::new());
    example.data.pairings = Some(String::new());
    example.data.observed = Some(String::new());
    example.sweep.parameter = Some(String::new());
    example.scenario.title = Some(String::new());
    example.scenario.title_zh = Some(String::new());
    example.output.font = Some(String::new());
    example.sensitivity = Some(super::schema::SensitivitySpec {
        seed: Some(0),
        ..Default::default()
    });
    example.uncertainty.push(super::schema::UncertaintySpec {
        key: String::new(),
        distribution: super::schema::DistributionKind::Uniform,
        min: Some(0.0),
        max: Some(0.0),
        mean: Some(0.0),
        sd: Some(0.0),
    });
    example.optimize = Some(super::schema::OptimizeSpec {
        year: Some(0),
        seed: Some(0),
        lever: vec![super::schema::LeverSpec {
            key: String::new(),
            min: 0.0,
            max: 0.0,
        }],
        ..Default::default()
    });
    example.calibrate = Some(super::schema::CalibrateSpec {
        parameter: vec![super::schema::GridSpec {
            key: String::new(),
            values: vec![0.0],
        }],
        ..Default::default()
    });
    example.region.push(RegionSpec {
        name: String::new(),
        name_zh: Some(String::new()),
        zone: Zone::East,
        population_urban: 0.0,
        population_rural: 0.0,
        income_urban: 0.0,
        income_rural: 0.0,
        fiscal_revenue: Some(0.0),
        public_services: Some(0.0),
        ecology: 0.0,
        governance: 0.0,
        migration_propensity: 0.0,
        urbanisation_rate: 0.0,
        survey_urban_share: Some(0.0),
    });
    example.pairing.push(PairingSpec {
        donor: String::new(),
        recipient: String::new(),
        weight: 0.0,
        from_year: Some(0),
        until_year: Some(0),
    });
    example
}

/// Every dotted key of the schema that holds a value (tables of tables expanded), e.g.
/// `policy.transfers.paired_aid_share`, `region.income_rural`.
pub fn schema_keys() -> Vec<String> {
    let value = toml::Value::try_from(schema_example()).expect("the schema serialises");
    let mut keys = Vec::new();
    collect_keys(&value, "", &mut keys);
    keys
}

fn collect_keys(value: &toml::Value, prefix: &str, keys: &mut Vec<String>) {
    match value {
        toml::Value::Table(table) if !table.is_empty() => {
            for (key, inner) in table {
                let full = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                collect_keys(inner, &full, keys);
            }
        }
        toml::Value::Array(items)
            if items
                .first()
                .is_some_and(|item| matches!(item, toml::Value::Table(_))) =>
        {
            collect_keys(&items[0], prefix, keys);
        }
        _ => keys.push(prefix.to_string()),
    }
}

/// Applies `overrides` one after another onto `base` (whose serialised, fully populated
/// shape is `schema`), validating every key against the schema and every value by
/// deserialising. Keys are relative to `base` (strip `policy.` before applying to a policy).
pub fn apply<T: Serialize + DeserializeOwned>(
    base: &T,
    schema: &toml::Value,
    overrides: &[Override],
) -> Result<T, ScenarioErrors> {
    let mut current = toml::Value::try_from(base).map_err(|error| {
        ScenarioError::new(
            Origin::CommandLine {
                argument: String::new(),
            },
            format!("internal: cannot serialise scenario: {error}"),
        )
    })?;
    let mut result = None;
    for item in overrides {
        check_key(schema, item)?;
        set(&mut current, &item.key, item.value.clone());
        match current.clone().try_into::<T>() {
            Ok(value) => result = Some(value),
            Err(error) => {
                let message = error.message().trim().to_string();
                let message = message
                    .split_once("\n")
                    .map_or(message.clone(), |(first, _)| first.to_string());
                // serde calls an enum's values "variants", which here means something else.
                let (message, suggestion) = explain_unknown(&message)
                    .unwrap_or_else(|| (plain_message(&message, Some(&item.key)), None));
                let mut error =
                    ScenarioError::new(item.origin.clone(), message).with_key(&item.key);
                error.suggestion = suggestion;
                return Err(error.into());
            }
        }
    }
    match result {
        Some(value) => Ok(value),
        None => current.try_into::<T>().map_err(|error| {
            ScenarioError::new(
                Origin::CommandLine {
                    argument: String::new(),
                },
                format!("internal: {}", error.message()),
            )
            .into()
        }),
    }
}

/// Checks that `item.key` names a value in `schema`, with a suggestion for a typo.
fn check_key(schema: &toml::Value, item: &Override) -> Result<(), ScenarioError> {
    let mut node = schema;
    let mut walked = String::new();
    for part in item.key.split('.') {
        let table = match node {
            toml::Value::Table(table) => table,
            toml::Value::Array(_) => {
                return Err(ScenarioError::new(
                    item.origin.clone(),
                    format!("`{walked}` is a list of tables; edit it in the scenario file"),
                )
                .with_key(&item.key));
            }
            _ => {
                return Err(ScenarioError::new(
                    item.origin.clone(),
                    format!("`{walked}` is a value, not a table"),
                )
                .with_key(&item.key));
            }
        };
        let Some(next) = table.get(part) else {
            let expected: Vec<&str> = table.keys().map(String::as_str).collect();
            let scope = if walked.is_empty() {
                "the scenario".to_string()
            } else {
                format!("[{walked}]")
            };
            let mut error = ScenarioError::new(
                item.origin.clone(),
                format!(
                    "unknown key `{part}` in {scope}; expected one of: {}",
                    expected.join(", ")
                ),
            )
            .with_key(&item.key);
            error.suggestion = nearest(part, expected.iter().copied()).map(|near| {
                if walked.is_empty() {
                    near
                } else {
                    format!("{walked}.{near}")
                }
            });
            return Err(error);
        };
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(part);
        node = next;
    }
    if let toml::Value::Table(table) = node {
        let keys: Vec<&str> = table.keys().map(String::as_str).collect();
        return Err(ScenarioError::new(
            item.origin.clone(),
            format!(
                "`{walked}` is a table; set one of its keys: {}",
                keys.join(", ")
            ),
        )
        .with_key(&item.key));
    }
    Ok(())
}

/// Sets `key` in `root`, creating tables on the way.
fn set(root: &mut toml::Value, key: &str, value: toml::Value) {
    let mut node = root;
    let parts: Vec<&str> = key.split('.').collect();
    for part in &parts[..parts.len() - 1] {
        let toml::Value::Table(table) = node else {
            return;
        };
        node = table
            .entry(part.to_string())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
    }
    if let toml::Value::Table(table) = node {
        table.insert(parts[parts.len() - 1].to_string(), value);
    }
}

/// Turns serde's unknown-field message into a message with the expected keys and a suggestion.
pub fn explain_unknown(message: &str) -> Option<(String, Option<String>)> {
    let (unknown, expected) = parse_unknown(message)?;
    let suggestion = nearest(&unknown, expected.iter().map(String::as_str));
    let kind = if message.starts_with("unknown variant") {
        "value"
    } else {
        "key"
    };
    Some((
        format!(
            "unknown {kind} `{unknown}`; expected one of: {}",
            expected.join(", ")
        ),
        suggestion,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cli(argument: &str) -> Override {
        parse_set(argument).unwrap()
    }

    fn schema() -> toml::Value {
        toml::Value::try_from(schema_example()).unwrap()
    }

    #[test]
    fn remove_dotted_finds_the_key_however_it_is_written() {
        let mut table: toml::Table = toml::from_str(
            r#"
            "policy.charity.scope" = "national"
            "policy.charity.enabled" = true
            [policy.charity]
            scope = "paired"
            overhead = 0.1
            [policy]
            "charity.scope" = "paired"
            "#,
        )
        .unwrap();
        remove_dotted(&mut table, "policy.charity.scope");
        let keys: Vec<String> = flatten(&table).into_iter().map(|(key, _)| key).collect();
        assert_eq!(
            keys,
            ["policy.charity.enabled", "policy.charity.overhead"].map(String::from)
        );
    }

    #[test]
    fn parses_toml_values_and_bare_words() {
        assert_eq!(cli("run.households=500").value, toml::Value::Integer(500));
        assert_eq!(
            cli("policy.talent.enabled=false").value,
            toml::Value::Boolean(false)
        );
        assert_eq!(
            cli("scenario.name=test").value,
            toml::Value::String("test".into())
        );
        assert!(matches!(
            cli("output.household_snapshot_years=[2020]").value,
            toml::Value::Array(_)
        ));
        assert!(parse_set("run.households").is_err());
        assert!(parse_set("=3").is_err());
    }

    #[test]
    fn applies_and_validates_like_the_file() {
        let base = Scenario::default();
        let applied = apply(&base, &schema(), &[cli("run.households=500")]).unwrap();
        assert_eq!(applied.run.households, 500);
        let applied = apply(
            &base,
            &schema(),
            &[cli("policy.transfers.paired_aid_share=0")],
        )
        .unwrap();
        assert_eq!(applied.policy.transfers.paired_aid_share, 0.0);
    }

    #[test]
    fn unknown_keys_get_suggestions() {
        let error = apply(&Scenario::default(), &schema(), &[cli("run.housholds=5")]).unwrap_err();
        let error = &error.0[0];
        assert_eq!(error.suggestion.as_deref(), Some("run.households"));
        assert!(
            error.to_string().contains("--set run.housholds=5"),
            "{error}"
        );
    }

    #[test]
    fn wrong_types_are_refused() {
        let error = apply(
            &Scenario::default(),
            &schema(),
            &[cli("run.households=many")],
        )
        .unwrap_err();
        assert_eq!(error.0[0].key.as_deref(), Some("run.households"));
        let error = apply(
            &Scenario::default(),
            &schema(),
            &[cli("policy.transfers=1")],
        )
        .unwrap_err();
        assert!(
            error.0[0].message.contains("is a table"),
            "{}",
            error.0[0].message
        );
    }

    #[test]
    fn flatten_accepts_dotted_and_nested_keys() {
        let table: toml::Table = toml::from_str("\"policy.a.b\" = 1\n[policy.c]\nd = 2\n").unwrap();
        let flat = flatten(&table);
        assert_eq!(flat[0].0, "policy.a.b");
        assert_eq!(flat[1].0, "policy.c.d");
    }

    #[test]
    fn schema_keys_cover_levers() {
        let keys = schema_keys();
        assert!(keys.contains(&"policy.transfers.paired_aid_share".to_string()));
        assert!(keys.contains(&"region.income_rural".to_string()));
        assert!(keys.contains(&"run.households".to_string()));
    }
}
