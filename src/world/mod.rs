//! World state: region agents, households (structure of arrays), enterprises, and the charity
//! pool (the initial world is built by `crate::synthesis`).
//!
//! The world holds state only. What agents decide lives in `policy/`, the order in `engine/`.

pub mod accounts;
pub mod enterprises;
pub mod households;
pub mod process;
pub mod region;
pub mod rng;

#[cfg(test)]
pub(crate) mod fixture;

pub use enterprises::Enterprises;
pub use households::Households;
pub use region::{Flows, RURAL, Region, TalentStock, URBAN};

use crate::scenario::{EconomySpec, Zone};

/// The absolute poverty line in `year` (yuan per person per year): `poverty_line_2010` grown by
/// `poverty_line_growth` a year from 2010 (docs/MODEL.md 9.4).
pub fn poverty_line(economy: &EconomySpec, year: i32) -> f64 {
    economy.poverty_line_2010 * (1.0 + economy.poverty_line_growth).powi(year - 2010)
}

/// Picks the destination for a uniform draw `u` from a cumulative table slice: the first entry
/// whose cumulative weight exceeds `u` × total (the last one if rounding leaves none).
#[inline]
pub fn pick(table: &[(f64, u16)], u: f64) -> Option<u16> {
    let total = table.last()?.0;
    let target = u * total;
    let index = table.partition_point(|(cumulative, _)| *cumulative <= target);
    table
        .get(index.min(table.len() - 1))
        .map(|(_, destination)| *destination)
}

/// The destinations of spontaneous migration: eastern regions with urban population, cumulative
/// by urban population (`(cumulative persons, region index)`), written into `table` (cleared
/// first, so a yearly caller reuses its allocation). The engine's household step and the
/// start-year migrant stock of synthesis draw from this same table.
pub fn east_destinations(regions: &[Region], table: &mut Vec<(f64, u16)>) {
    table.clear();
    let mut cumulative = 0.0;
    for (index, region) in regions.iter().enumerate() {
        if is_eastern_destination(region) {
            cumulative += region.population[URBAN];
            table.push((cumulative, index as u16));
        }
    }
}

/// Whether spontaneous migration goes to `region`: an eastern region with urban residents.
pub fn is_eastern_destination(region: &Region) -> bool {
    region.zone == Zone::East && region.population[URBAN] > 0.0
}

/// The state of one simulated world (one variant × replicate).
#[derive(Debug, Clone)]
pub struct World {
    /// Region agents, in scenario order.
    pub regions: Vec<Region>,
    /// Household agents.
    pub households: Households,
    /// Enterprise agents.
    pub enterprises: Enterprises,
    /// Capital that each region's firms own in each region (yuan, net of depreciation),
    /// owner-major: `paired_capital[owner · R + location]`; the column sums are the regions'
    /// `enterprise_capital`.
    pub paired_capital: Vec<f64>,
    /// Talents present in each recipient by donor, donor-major: `talents_by_pair[donor · R +
    /// recipient]`; a recipient's `talents` are its column's sum.
    pub talents_by_pair: Vec<TalentStock>,
    /// The transaction-flow record of the year being simulated (of the last completed year
    /// between years).
    pub accounts: accounts::Accounts,
    /// The units' stocks at the end of the last completed year.
    pub stocks: accounts::Stocks,
    /// Donations collected in the last year, to be distributed in the current one (yuan).
    pub charity_pool: f64,
    /// Donations distributed this year: (to households, to venture philanthropy, overhead) in yuan.
    pub charity_spent: [f64; 3],
    /// The year most recently completed (or the start year).
    pub year: i32,
    /// National per-capita disposable income of the start year (yuan): the base of the cost
    /// index that keeps unit costs in step with the nominal level of the economy.
    pub income_mean_start: f64,
}

impl World {
    /// National per-capita disposable income of the last completed year (yuan).
    pub fn income_mean(&self) -> f64 {
        let (income, population) = self.regions.iter().fold((0.0, 0.0), |(y, p), r| {
            (
                y + r.income_total[URBAN] + r.income_total[RURAL],
                p + r.population_total(),
            )
        });
        if population > 0.0 {
            income / population
        } else {
            0.0
        }
    }

    /// The nominal cost level of the last completed year relative to the start year: national
    /// per-capita income over its start-year value (1 in the start year). Unit costs of public
    /// services, ecology and venture-philanthropy projects are multiplied by it, so that a
    /// given share of income buys a given improvement whatever the nominal growth.
    pub fn cost_index(&self) -> f64 {
        if self.income_mean_start > 0.0 {
            self.income_mean() / self.income_mean_start
        } else {
            1.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poverty_line_matches_official_values() {
        let economy = EconomySpec::default();
        assert!((poverty_line(&economy, 2010) - 2300.0).abs() < 1e-9);
        assert!((poverty_line(&economy, 2015) - 2855.0).abs() < 5.0);
    }
}
