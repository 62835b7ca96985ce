//! Policy levers, one module each. A lever reads the world and its own TOML table and writes
//! its yearly decisions into the [`YearPlan`] (rates the household step reads) or into region
//! state and flows. A lever never calls another lever; `engine::schedule` orders them.

pub mod assessment;
pub mod charity;
pub mod consumption;
pub mod enterprise;
pub mod labour;
pub mod redistribution;
pub mod talent;
pub mod technology;
pub mod transfers;

/// An active donor → recipient pairing in the current year (region indices).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// Donor region.
    pub donor: usize,
    /// Recipient region.
    pub recipient: usize,
    /// Weight of the pair in the donor's aid.
    pub weight: f64,
}

/// What the levers decided for one region for the current year; the household step and the
/// region dynamics read it every tick. Amounts are yuan per year.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RegionPlan {
    /// Paid per person per year to rural residents who were poor last year.
    pub support_poor: f64,
    /// Paid per person per year to every rural resident.
    pub support_rural: f64,
    /// Spending on public services (raises the service index).
    pub services_spending: f64,
    /// Spending on ecology.
    pub ecology_spending: f64,
    /// Dibao line (yuan per person per year); 0 when the guarantee is off.
    pub dibao_line: f64,
    /// Yearly probability that an employed rural resident is placed in a donor region.
    pub placement_rate: f64,
    /// Range of this region's entries in [`YearPlan::placement_destinations`].
    pub placement_range: (u32, u32),
    /// Productivity the region catches up towards (its donors' weighted mean), by sector.
    pub technology_frontier: [f64; 2],
    /// Yearly share of the gap to the frontier closed.
    pub technology_rate: f64,
    /// Human capital added by venture-philanthropy projects over the year (index points).
    pub human_capital_projects: f64,
    /// Whether charity's pool pays this region's rural residents this year (7.9).
    pub charity_in_scope: bool,
    /// Charity paid this tick per eligible rural resident (projected income of the year below
    /// the poverty line, 7.9), yuan per tick.
    pub charity_poor: f64,
    /// Charity paid this tick per rural resident (the part the eligible cannot absorb under
    /// the cap), yuan per tick.
    pub charity_rural: f64,
}

/// Every lever's decisions for the current year.
#[derive(Debug, Clone, Default)]
pub struct YearPlan {
    /// Per-region decisions, in region order.
    pub regions: Vec<RegionPlan>,
    /// Cumulative probabilities and destinations of spontaneous migration (all regions).
    pub spontaneous_destinations: Vec<(f64, u16)>,
    /// Cumulative probabilities and destinations of organised placements, per region range.
    pub placement_destinations: Vec<(f64, u16)>,
    /// Income tax rate on market income above the threshold.
    pub income_tax_rate: f64,
    /// Tax threshold (yuan per person per year).
    pub tax_threshold: f64,
    /// Share of the gap to the dibao line the guarantee fills.
    pub dibao_coverage: f64,
    /// Effective donation rate on income above the donor threshold (rate × participation).
    pub donation_rate: f64,
    /// Income above which households donate (yuan per person per year).
    pub donor_threshold: f64,
    /// Charity's within-year targeted budget for the whole scope that is still to be paid
    /// (yuan; signed: a tick's payments can overshoot the plan). Set by the charity lever at
    /// the year start, reduced by every tick's payments (7.9).
    pub charity_budget: f64,
    /// Ticks of the year still to run, the current one included (charity's projection of a
    /// household's yearly income, 7.9).
    pub ticks_left: f64,
    /// Poverty line of the year (yuan per person per year): charity's within-year eligibility.
    pub poverty_line: f64,
    /// Migration cost share for organised placements.
    pub placement_cost: f64,
    /// Share of earnings away remitted home.
    pub remittance_share: f64,
    /// Nominal cost level of the year relative to the start year ([`crate::world::World::cost_index`]
    /// at the year start); multiplies the unit costs of services, ecology and projects.
    pub cost_index: f64,
}

impl YearPlan {
    /// A plan with every lever idle for `regions` regions.
    pub fn idle(regions: usize) -> Self {
        Self {
            regions: vec![RegionPlan::default(); regions],
            cost_index: 1.0,
            ..Default::default()
        }
    }
}

// `pick` is defined with the world, whose synthesis draws the start-year migrants with it.
pub use crate::world::pick;
