//! Output files (listed in `README.md`, "Outputs"; the columns of `regions.csv` in
//! `docs/MODEL.md` §9.6): tidy CSV records, the manifest, atomic folders.

pub mod folder;
pub mod number;

use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::world::households::{AWAY, POOR};
use crate::world::{Flows, RURAL, URBAN, World};

/// Header of `metrics.csv`.
pub const METRICS_HEADER: [&str; 5] = ["variant", "replicate", "year", "metric", "value"];
/// Header of `accounts.csv`.
pub const ACCOUNTS_HEADER: [&str; 7] = [
    "variant",
    "replicate",
    "year",
    "flow",
    "payer",
    "receiver",
    "amount",
];
/// Header of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 11] = [
    "variant", "year", "metric", "mean", "sd", "min", "p05", "p50", "p95", "max", "n",
];

/// One row of `regions.csv`: the region's state, then every reported flow of [`Flows`] in and
/// out (yuan, or persons for migrants), then the dispatched talents present (persons).
#[derive(Debug, Clone, Default)]
pub struct RegionRecord<'a> {
    /// The key and state columns.
    pub state: RegionState<'a>,
    /// The year's flows; the columns are [`Flows::REPORTED`].
    pub flows: Flows,
    /// Dispatched talents present (persons).
    pub talents_in: f64,
}

/// The first columns of `regions.csv`: which run, year and region, and the region's state.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegionState<'a> {
    /// Variant name.
    pub variant: &'a str,
    /// Replicate index.
    pub replicate: u32,
    /// Year.
    pub year: i32,
    /// Region name.
    pub region: &'a str,
    /// Zone.
    pub zone: &'static str,
    /// Urban population (persons).
    #[serde(serialize_with = "number::tidy")]
    pub population_urban: f64,
    /// Rural population (persons).
    #[serde(serialize_with = "number::tidy")]
    pub population_rural: f64,
    /// Per-capita disposable income of urban residents (yuan).
    #[serde(serialize_with = "number::tidy")]
    pub income_urban: f64,
    /// Per-capita disposable income of rural residents (yuan).
    #[serde(serialize_with = "number::tidy")]
    pub income_rural: f64,
    /// Per-capita disposable income of all residents (yuan).
    #[serde(serialize_with = "number::tidy")]
    pub income_mean: f64,
    /// The same, with the urban and rural means weighted as NBS's household survey weights
    /// them (yuan; docs/MODEL.md 9.1).
    #[serde(serialize_with = "number::tidy")]
    pub income_mean_survey: f64,
    /// Rural residents below the absolute poverty line (persons).
    #[serde(serialize_with = "number::tidy")]
    pub rural_poor: f64,
    /// Share of rural residents below the absolute poverty line (empty without rural residents).
    #[serde(serialize_with = "number::tidy")]
    pub rural_poverty_rate: f64,
    /// Urban productivity `A` (yuan).
    #[serde(serialize_with = "number::tidy")]
    pub productivity_urban: f64,
    /// Rural productivity `A` (yuan).
    #[serde(serialize_with = "number::tidy")]
    pub productivity_rural: f64,
    /// Regional human-capital level `H`.
    #[serde(serialize_with = "number::tidy")]
    pub human_capital: f64,
    /// Public-service index.
    #[serde(serialize_with = "number::tidy")]
    pub public_services: f64,
    /// Ecology index.
    #[serde(serialize_with = "number::tidy")]
    pub ecology: f64,
    /// Governance capacity.
    #[serde(serialize_with = "number::tidy")]
    pub governance: f64,
    /// Capital: enterprise capital plus public (industry) capital (yuan).
    #[serde(serialize_with = "number::tidy")]
    pub capital: f64,
    /// Fiscal revenue (yuan).
    #[serde(serialize_with = "number::tidy")]
    pub fiscal_revenue: f64,
}

/// The columns after the state: the reported flows by name, then `talents_in`.
struct FlowColumns<'a>(&'a RegionRecord<'a>);

impl Serialize for FlowColumns<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let record = self.0;
        let mut row = serializer.serialize_struct("FlowColumns", Flows::REPORTED_COUNT + 1)?;
        for (name, value) in Flows::REPORTED.iter().zip(record.flows.reported()) {
            row.serialize_field(name, &number::Num(value))?;
        }
        row.serialize_field("talents_in", &number::Num(record.talents_in))?;
        row.end()
    }
}

/// Written as the state's columns followed by the flows' (a CSV header names them all).
impl Serialize for RegionRecord<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.state, FlowColumns(self)).serialize(serializer)
    }
}

/// The region rows of a world's last completed year.
pub fn region_records<'a>(
    world: &'a World,
    variant: &'a str,
    replicate: u32,
) -> impl Iterator<Item = RegionRecord<'a>> + 'a {
    world.regions.iter().map(move |r| RegionRecord {
        state: RegionState {
            variant,
            replicate,
            year: world.year,
            region: &r.name,
            zone: r.zone.as_str(),
            population_urban: r.population[URBAN],
            population_rural: r.population[RURAL],
            income_urban: r.income_per_capita(URBAN),
            income_rural: r.income_per_capita(RURAL),
            income_mean: r.income_mean(),
            income_mean_survey: r.income_mean_survey(),
            rural_poor: r.poor[RURAL],
            // NaN without rural residents, like the per-capita incomes.
            rural_poverty_rate: r.poor[RURAL] / r.population[RURAL],
            productivity_urban: r.productivity[URBAN],
            productivity_rural: r.productivity[RURAL],
            human_capital: r.human_capital,
            public_services: r.public_services,
            ecology: r.ecology,
            governance: r.governance,
            capital: r.enterprise_capital + r.public_capital,
            fiscal_revenue: r.fiscal_revenue,
        },
        flows: r.flows,
        talents_in: r.talents.dispatched(),
    })
}

/// One row of `households_YEAR.csv`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HouseholdRecord<'a> {
    /// Variant name.
    pub variant: &'a str,
    /// Replicate index.
    pub replicate: u32,
    /// Household index.
    pub household: usize,
    /// Home region name.
    pub region: &'a str,
    /// `urban` or `rural`.
    pub sector: &'static str,
    /// Persons represented.
    #[serde(serialize_with = "number::tidy")]
    pub weight: f64,
    /// Per-capita disposable income of the year (yuan).
    #[serde(serialize_with = "number::tidy")]
    pub income: f64,
    /// Human capital (regional level × own).
    #[serde(serialize_with = "number::tidy")]
    pub human_capital: f64,
    /// 1 if working away at the year's end.
    pub works_away: u8,
    /// 1 if below the absolute poverty line.
    pub poor: u8,
}

/// The household rows of a world's last completed year.
pub fn household_records<'a>(
    world: &'a World,
    variant: &'a str,
    replicate: u32,
) -> impl Iterator<Item = HouseholdRecord<'a>> + 'a {
    let hh = &world.households;
    (0..hh.len()).map(move |i| {
        let region = &world.regions[hh.region[i] as usize];
        HouseholdRecord {
            variant,
            replicate,
            household: i,
            region: &region.name,
            sector: if hh.sector[i] as usize == URBAN {
                "urban"
            } else {
                "rural"
            },
            weight: hh.weight[i],
            income: hh.income[i],
            human_capital: region.human_capital * f64::from(hh.human_capital[i]),
            works_away: u8::from(hh.status[i] & AWAY != 0),
            poor: u8::from(hh.status[i] & POOR != 0),
        }
    })
}

/// `manifest.json`: what produced an output folder.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq)]
pub struct Manifest {
    /// ewsim version.
    pub ewsim_version: String,
    /// Scenario name.
    pub scenario: String,
    /// Scenario file as named.
    pub scenario_file: String,
    /// SHA-256 of the scenario text.
    pub scenario_sha256: String,
    /// SHA-256 of `scenario.resolved.toml` (the scenario after `--set`); shards merge only when equal.
    pub resolved_sha256: String,
    /// Master seed.
    pub seed: u64,
    /// Replicates per variant.
    pub replicates: u32,
    /// Variants, in output order.
    pub variants: Vec<String>,
    /// Worker threads.
    pub threads: usize,
    /// Shard `K/N`, or `1/1`.
    pub shard: String,
    /// Start time (RFC 3339, UTC).
    pub started: String,
    /// End time (RFC 3339, UTC).
    pub finished: String,
    /// Wall-clock seconds.
    pub wall_seconds: f64,
    /// Command line.
    pub command_line: Vec<String>,
    /// The study a folder holds (`sensitivity`, `optimize`); absent for a run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub study: Option<String>,
}

/// What a run into `dir` replaces, when `dir` holds the result of another scenario file than
/// `scenario_file` (as a manifest names it): a sentence to warn with. Paths are compared as
/// files when both exist, so `./a.toml` and `a.toml` are the same file.
pub fn replaces_other_scenario(dir: &std::path::Path, scenario_file: &str) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(folder::MARKER)).ok()?;
    let previous: Manifest = serde_json::from_str(&text).ok()?;
    let same = |a: &str, b: &str| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    (!same(&previous.scenario_file, scenario_file)).then(|| {
        format!(
            "{} holds the result of {} (scenario `{}`), which this run replaces; give --out \
             another folder to keep it",
            dir.display(),
            previous.scenario_file,
            previous.scenario
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header and the one row of `record` as written to `regions.csv`.
    fn written(record: RegionRecord<'_>) -> (Vec<String>, Vec<String>) {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(record).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        let mut lines = text
            .lines()
            .map(|l| l.split(',').map(String::from).collect());
        (lines.next().unwrap(), lines.next().unwrap())
    }

    #[test]
    fn region_rows_put_each_flow_under_its_own_name() {
        let mut record = RegionRecord::default();
        record.flows.paired_aid_in = 7.0;
        record.flows.migrants_in = 3.0;
        record.talents_in = 2.0;
        record.state.rural_poverty_rate = f64::NAN;
        let (header, row) = written(record);
        assert_eq!(header.len(), row.len());
        let value = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
        assert_eq!(value("paired_aid_in"), "7");
        assert_eq!(value("migrants_in"), "3");
        assert_eq!(value("talents_in"), "2");
        // No rural residents: the poverty rate is missing, an empty field.
        assert_eq!(value("rural_poverty_rate"), "");
        // The state first, then the reported flows in order, then the talents.
        let flows = &header[21..header.len() - 1];
        assert_eq!(
            header[..5],
            ["variant", "replicate", "year", "region", "zone"]
        );
        assert_eq!(header[20], "fiscal_revenue");
        assert_eq!(flows, Flows::REPORTED);
        assert!(!header.iter().any(|h| h == "support_received"));
    }
}

/// One row of `accounts.csv`: one flow of the year from its payer to its receiver (yuan).
#[derive(Debug, Clone, Serialize)]
pub struct AccountRecord<'a> {
    /// Variant name.
    pub variant: &'a str,
    /// Replicate index.
    pub replicate: u32,
    /// Year.
    pub year: i32,
    /// Flow name (docs/MODEL.md 7.13).
    pub flow: &'static str,
    /// Paying unit (`kind:Region`, `central`, `charity`, `origin`).
    pub payer: String,
    /// Receiving unit.
    pub receiver: String,
    /// Amount (yuan in the year).
    #[serde(serialize_with = "number::tidy")]
    pub amount: f64,
}

/// The rows of `accounts.csv` for the world's last completed year (none for the start year).
pub fn account_records<'a>(
    world: &'a World,
    variant: &'a str,
    replicate: u32,
) -> impl Iterator<Item = AccountRecord<'a>> + 'a {
    world
        .accounts
        .iter()
        .map(move |(flow, payer, receiver, amount)| AccountRecord {
            variant,
            replicate,
            year: world.year,
            flow: flow.name(),
            payer: payer.label(&world.regions),
            receiver: receiver.label(&world.regions),
            amount,
        })
}
