//! Output files (DESIGN §6): tidy CSV records, the manifest, atomic folders.

pub mod folder;

use serde::Serialize;

use crate::world::households::{AWAY, POOR};
use crate::world::{RURAL, URBAN, World};

/// Header of `metrics.csv`.
pub const METRICS_HEADER: [&str; 5] = ["variant", "replicate", "year", "metric", "value"];
/// Header of `summary.csv`.
pub const SUMMARY_HEADER: [&str; 9] = [
    "variant", "year", "metric", "mean", "sd", "p05", "p50", "p95", "n",
];

/// One row of `regions.csv`: the first ten columns are fixed by DESIGN §6, then region state,
/// then every policy flow in and out (yuan, or persons for migrants and talents).
#[derive(Debug, Clone, Default, Serialize)]
pub struct RegionRecord<'a> {
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
    pub population_urban: f64,
    /// Rural population (persons).
    pub population_rural: f64,
    /// Per-capita disposable income of urban residents (yuan).
    pub income_urban: f64,
    /// Per-capita disposable income of rural residents (yuan).
    pub income_rural: f64,
    /// Per-capita disposable income of all residents (yuan).
    pub income_mean: f64,
    /// Rural residents below the absolute poverty line (persons).
    pub rural_poor: f64,
    /// Share of rural residents below the absolute poverty line (NaN without rural residents).
    pub rural_poverty_rate: f64,
    /// Urban productivity `A` (yuan).
    pub productivity_urban: f64,
    /// Rural productivity `A` (yuan).
    pub productivity_rural: f64,
    /// Regional human-capital level `H`.
    pub human_capital: f64,
    /// Public-service index.
    pub public_services: f64,
    /// Ecology index.
    pub ecology: f64,
    /// Governance capacity.
    pub governance: f64,
    /// Capital: enterprise capital plus public (industry) capital (yuan).
    pub capital: f64,
    /// Fiscal revenue (yuan).
    pub fiscal_revenue: f64,
    /// Paired aid sent.
    pub paired_aid_out: f64,
    /// Paired aid received (before leakage).
    pub paired_aid_in: f64,
    /// Aid leaked.
    pub aid_leakage: f64,
    /// Paid into the central pool.
    pub central_transfer_out: f64,
    /// Central transfer received.
    pub central_transfer_in: f64,
    /// Paid into the central poverty fund.
    pub poverty_fund_out: f64,
    /// Central poverty fund received (before leakage).
    pub poverty_fund_in: f64,
    /// Poverty fund leaked.
    pub poverty_fund_leakage: f64,
    /// Enterprise investment sent.
    pub enterprise_investment_out: f64,
    /// Enterprise investment received.
    pub enterprise_investment_in: f64,
    /// Investment subsidy paid by this region's government to its enterprises.
    pub enterprise_subsidy: f64,
    /// Profits of paired investment repatriated from this region.
    pub profits_out: f64,
    /// Profits of paired investment repatriated to this region's enterprises.
    pub profits_in: f64,
    /// Donations of this region's enterprises to the charity pool.
    pub enterprise_donations: f64,
    /// Consumption-assistance purchases made.
    pub consumption_out: f64,
    /// Consumption-assistance purchases received.
    pub consumption_in: f64,
    /// Remittances sent from work here.
    pub remittances_out: f64,
    /// Remittances received by households of this region.
    pub remittances_in: f64,
    /// Donations made.
    pub donations_out: f64,
    /// Donations received.
    pub donations_in: f64,
    /// Income tax.
    pub income_tax: f64,
    /// Dibao paid.
    pub dibao: f64,
    /// Part of the dibao paid from the region's own budget.
    pub dibao_local: f64,
    /// Part of the dibao paid by the centre (the local budget's shortfall).
    pub dibao_central: f64,
    /// Aid paid directly to households.
    pub direct_support: f64,
    /// Enterprise wages to low-income households.
    pub enterprise_wages: f64,
    /// Residents working away (persons).
    pub migrants_out: f64,
    /// Workers from elsewhere (persons).
    pub migrants_in: f64,
    /// Dispatched talents present (persons).
    pub talents_in: f64,
}

/// The region rows of a world's last completed year.
pub fn region_records<'a>(
    world: &'a World,
    variant: &'a str,
    replicate: u32,
) -> impl Iterator<Item = RegionRecord<'a>> + 'a {
    world.regions.iter().map(move |r| {
        let f = &r.flows;
        RegionRecord {
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
            paired_aid_out: f.paired_aid_out,
            paired_aid_in: f.paired_aid_in,
            aid_leakage: f.aid_leakage,
            central_transfer_out: f.central_transfer_out,
            central_transfer_in: f.central_transfer_in,
            poverty_fund_out: f.poverty_fund_out,
            poverty_fund_in: f.poverty_fund_in,
            poverty_fund_leakage: f.poverty_fund_leakage,
            enterprise_investment_out: f.enterprise_investment_out,
            enterprise_investment_in: f.enterprise_investment_in,
            enterprise_subsidy: f.enterprise_subsidy,
            profits_out: f.profits_out,
            profits_in: f.profits_in,
            enterprise_donations: f.enterprise_donations,
            consumption_out: f.consumption_out,
            consumption_in: f.consumption_in,
            remittances_out: f.remittances_out,
            remittances_in: f.remittances_in,
            donations_out: f.donations_out,
            donations_in: f.donations_in,
            income_tax: f.income_tax,
            dibao: f.dibao,
            dibao_local: f.dibao_local,
            dibao_central: f.dibao_central,
            direct_support: f.direct_support,
            enterprise_wages: f.enterprise_wages,
            migrants_out: f.migrants_out,
            migrants_in: f.migrants_in,
            talents_in: r.talents.dispatched(),
        }
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
    pub weight: f64,
    /// Per-capita disposable income of the year (yuan).
    pub income: f64,
    /// Human capital (regional level × own).
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
}
