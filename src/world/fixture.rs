//! Small hand-built worlds for unit tests.

use super::accounts::{Accounts, Stocks};
use super::{Enterprises, Households, Region, TalentStock, World};
use crate::scenario::Zone;

/// A region with one million urban and one million rural residents, each sector with a total
/// income of 10^10 yuan (10,000 yuan per person), fiscal revenue 20 % of it.
pub(crate) fn region(name: &str, zone: Zone) -> Region {
    Region {
        name: name.into(),
        zone,
        productivity: [1.0, 1.0],
        human_capital: 1.0,
        human_capital_start: 1.0,
        public_services: 1.0,
        public_services_start: 1.0,
        ecology: 0.5,
        governance: 0.6,
        migration_propensity: 1.0,
        urbanisation_rate: 0.0,
        survey: None,
        enterprise_capital: 0.0,
        public_capital: 0.0,
        knowledge_capital: 0.0,
        earnings: 1.6e10,
        employed_rural_at_home: 9e5,
        ever_poor_employed_at_home: 1e5,
        wealth_norm: [1e6, 1e6],
        dividends: [0.0; 2],
        central_net_start: 0.0,
        recipient: zone != Zone::East,
        donor: zone == Zone::East,
        fiscal_revenue_ratio: 0.2,
        fiscal_revenue: 4e9,
        previous_aid: 0.0,
        talents: TalentStock::default(),
        flows: Default::default(),
        population: [1e6, 1e6],
        registered: [1e6, 1e6],
        income_total: [1e10, 1e10],
        poor: [0.0; 2],
        targeted: [0.0; 2],
        charity_eligible: 0.0,
    }
}

/// A world of `regions` with no households or enterprises, in 2015, whose start-year national
/// mean income is `income_mean_start`.
pub(crate) fn world(regions: Vec<Region>, income_mean_start: f64) -> World {
    let n = regions.len();
    World {
        paired_capital: vec![0.0; n * n],
        talents_by_pair: vec![TalentStock::default(); n * n],
        accounts: Accounts::default(),
        stocks: Stocks::new(n),
        regions,
        households: Households::default(),
        enterprises: Enterprises::default(),
        charity_pool: 0.0,
        charity_spent: [0.0; 3],
        year: 2015,
        income_mean_start,
    }
}

/// Three fixture regions — East (0), West (1), Central (2) — in a world whose start-year national
/// mean income is 10,000 yuan.
pub(crate) fn east_west_central() -> World {
    world(
        vec![
            region("East", Zone::East),
            region("West", Zone::West),
            region("Central", Zone::Central),
        ],
        1e4,
    )
}
