//! Secondary distribution: a flat income tax above a threshold, and the minimum-living
//! guarantee (dibao) that fills `dibao_coverage` of the gap between last year's own income and a
//! regional line of `dibao_line_share × rural mean income`. The dibao is paid by the local
//! government out of a budget of `dibao_budget_share` of its revenue (fiscal revenue plus the
//! income tax it collects); the centre covers any shortfall (docs/MODEL.md 7.11).
//!
//! Yearly, [`plan`] sets the tax and the dibao lines; every tick, [`tax_and_dibao`] taxes one
//! household's market income and pays its dibao. Synthesis applies the same two rules to the
//! start year ([`TaxRules::start_year`]), with the same line ([`dibao_line`]). At the year end,
//! [`guarantee`] tops registered and monitored rural households up to the poverty line when the
//! scenario asks.

use super::plan::YearPlan;
use crate::scenario::RedistributionPolicy;
use crate::world::households::{AWAY, TARGETED};
use crate::world::{RURAL, URBAN, World};

/// The dibao line of a region: `dibao_line_share` × its rural mean income (the urban mean where
/// it has no rural residents), yuan per person per year.
pub fn dibao_line(share: f64, rural_population: f64, rural_mean: f64, urban_mean: f64) -> f64 {
    share
        * if rural_population > 0.0 {
            rural_mean
        } else {
            urban_mean
        }
}

/// Tax parameters and dibao lines for the year: the threshold indexed by the cost index when
/// asked, each region's line at least the poverty line when asked.
pub fn plan(world: &World, policy: &RedistributionPolicy, plan: &mut YearPlan) {
    if !policy.enabled {
        return;
    }
    plan.income_tax_rate = policy.income_tax_rate;
    plan.tax_threshold = if policy.tax_threshold_indexed {
        policy.tax_threshold * plan.cost_index
    } else {
        policy.tax_threshold
    };
    plan.dibao_coverage = policy.dibao_coverage;
    let floor = if policy.dibao_floor_at_poverty_line {
        plan.poverty_line
    } else {
        0.0
    };
    for (region, entry) in world.regions.iter().zip(plan.regions.iter_mut()) {
        let line = dibao_line(
            policy.dibao_line_share,
            region.population[RURAL],
            region.income_per_capita(RURAL),
            region.income_per_capita(URBAN),
        );
        entry.dibao_line = line.max(floor);
    }
}

/// The income tax and the dibao over one period of `1 / periods` of a year: a tick for the
/// engine, the whole start year for synthesis.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TaxRules {
    /// Flat income-tax rate on market income above the threshold.
    pub tax_rate: f64,
    /// Tax threshold per period (yuan per person).
    pub threshold: f64,
    /// Share of the gap to the dibao line the guarantee fills.
    pub coverage: f64,
    /// Periods per year.
    pub periods: f64,
    /// Weight of the period's own income (at a yearly rate) in the recent own income the means
    /// test looks at; 1 means-tests the period's own income alone.
    pub means_weight: f64,
}

impl TaxRules {
    /// The rules of a simulated year with `ticks` ticks, from the year's plan: the threshold per
    /// tick, and the means test smoothed over `means_test_window` years
    /// (`1 − exp(−dt / window)`; 1 with no window).
    pub fn for_ticks(plan: &YearPlan, means_test_window: f64, ticks: f64) -> Self {
        let dt = 1.0 / ticks;
        Self {
            tax_rate: plan.income_tax_rate,
            threshold: plan.tax_threshold / ticks,
            coverage: plan.dibao_coverage,
            periods: ticks,
            means_weight: if means_test_window > 0.0 {
                1.0 - (-dt / means_test_window).exp()
            } else {
                1.0
            },
        }
    }

    /// The start year's rules (one period, the year's own income means-tested), as the engine
    /// applies them from the first simulated year; all zero when redistribution is off.
    pub fn start_year(policy: &RedistributionPolicy) -> Self {
        if policy.enabled {
            Self {
                tax_rate: policy.income_tax_rate,
                threshold: policy.tax_threshold,
                coverage: policy.dibao_coverage,
                periods: 1.0,
                means_weight: 1.0,
            }
        } else {
            Self {
                periods: 1.0,
                means_weight: 1.0,
                ..Self::default()
            }
        }
    }
}

/// One household's income tax and dibao for a period, per person: the tax is `tax_rate` ×
/// the market income above the period's threshold; the means test looks at recent own income
/// (market income net of tax, before any transfer) at a yearly rate, `recent`, which moves
/// towards this period's own income by `means_weight` (so the guarantee responds within
/// months and support and charity do not crowd it out); below the line the dibao fills
/// `coverage` of the gap, paid over the period. Returns `(tax, dibao)` and updates `recent`.
#[inline]
pub fn tax_and_dibao(rules: &TaxRules, market: f64, recent: &mut f64, line: f64) -> (f64, f64) {
    let tax = rules.tax_rate * (market - rules.threshold).max(0.0);
    let own = market - tax;
    let means = *recent + rules.means_weight * (own * rules.periods - *recent);
    *recent = means;
    let dibao = if means < line {
        rules.coverage * (line - means) / rules.periods
    } else {
        0.0
    };
    (tax, dibao)
}

/// The year-end guarantee of the poverty campaign (docs/MODEL.md 7.11), per person: with
/// `poverty_guarantee` on, a rural household at home that ends the year with disposable income
/// `income` below the poverty line `line` and is registered ([`TARGETED`]: own income below the
/// line last year) or monitored (`recent`, its recent own income at a yearly rate, below the
/// line) is paid the gap; everybody else nothing. It is part of the year's dibao (paid as
/// [`settle`] says). A household whose income fell late in the year, after a year above the
/// line, is not seen yet.
pub fn guarantee(
    policy: &RedistributionPolicy,
    sector: usize,
    status: u8,
    income: f64,
    recent: f64,
    line: f64,
) -> f64 {
    let monitored = status & TARGETED != 0 || recent < line;
    let at_home = sector == RURAL && status & AWAY == 0;
    if policy.enabled && policy.poverty_guarantee && at_home && monitored && income < line {
        line - income
    } else {
        0.0
    }
}

/// Settles who paid the year's dibao, once the year's ticks are done: each region's government
/// pays up to `dibao_budget_share × (fiscal revenue + income tax collected)`, the centre the
/// rest, out of its net financial wealth. Records `dibao_local` and `dibao_central` (they add up
/// to `dibao`).
pub fn settle(world: &mut World, policy: &RedistributionPolicy) {
    let World {
        regions, stocks, ..
    } = world;
    for region in regions.iter_mut() {
        let flows = &mut region.flows;
        let budget =
            policy.dibao_budget_share * (region.fiscal_revenue + flows.income_tax).max(0.0);
        flows.dibao_local = flows.dibao.min(budget);
        flows.dibao_central = flows.dibao - flows.dibao_local;
        // The centre pays its part out of its own balance (it borrows).
        stocks.central -= flows.dibao_central;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Zone;
    use crate::world::fixture;

    #[test]
    fn the_guarantee_fills_the_gap_of_registered_or_monitored_rural_households_at_home() {
        let on = RedistributionPolicy {
            poverty_guarantee: true,
            ..RedistributionPolicy::default()
        };
        let line = 4000.0;
        // Registered last year, 3,000 at the year end: paid 1,000.
        assert_eq!(
            guarantee(&on, RURAL, TARGETED, 3000.0, 5000.0, line),
            1000.0
        );
        // Not registered, but its recent own income (3,500) is below the line: paid 500.
        assert_eq!(guarantee(&on, RURAL, 0, 3500.0, 3500.0, line), 500.0);
        // Neither registered nor monitored (fell late in the year): not seen yet.
        assert_eq!(guarantee(&on, RURAL, 0, 3500.0, 4500.0, line), 0.0);
        // Above the line, urban, or away: nothing.
        assert_eq!(guarantee(&on, RURAL, TARGETED, 4000.0, 0.0, line), 0.0);
        assert_eq!(guarantee(&on, URBAN, TARGETED, 3000.0, 0.0, line), 0.0);
        assert_eq!(
            guarantee(&on, RURAL, TARGETED | AWAY, 3000.0, 0.0, line),
            0.0
        );
        // Off, or the whole lever off: nothing.
        let off = RedistributionPolicy::default();
        assert_eq!(guarantee(&off, RURAL, TARGETED, 3000.0, 0.0, line), 0.0);
        let disabled = RedistributionPolicy {
            enabled: false,
            ..on
        };
        assert_eq!(
            guarantee(&disabled, RURAL, TARGETED, 3000.0, 0.0, line),
            0.0
        );
    }

    #[test]
    fn the_centre_covers_what_the_local_budget_cannot() {
        let mut world = fixture::world(
            vec![
                fixture::region("Rich", Zone::East),
                fixture::region("Poor", Zone::West),
            ],
            1e4,
        );
        // Revenue 4e9 each; income tax 1e9 in the rich region only.
        world.regions[0].flows.income_tax = 1e9;
        world.regions[0].flows.dibao = 1e7;
        world.regions[1].flows.dibao = 3e7;
        let policy = RedistributionPolicy {
            dibao_budget_share: 0.005,
            ..Default::default()
        };
        settle(&mut world, &policy);
        let (rich, poor) = (&world.regions[0].flows, &world.regions[1].flows);
        // Budgets: 0.005 × 5e9 = 2.5e7 and 0.005 × 4e9 = 2e7.
        assert_eq!((rich.dibao_local, rich.dibao_central), (1e7, 0.0));
        assert_eq!((poor.dibao_local, poor.dibao_central), (2e7, 1e7));
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;

    #[test]
    fn the_tick_s_tax_and_dibao_by_hand() {
        let mut plan = YearPlan::idle(1);
        plan.income_tax_rate = 0.1;
        plan.tax_threshold = 12_000.0;
        plan.dibao_coverage = 0.5;
        // Twelve ticks, no smoothing: the threshold is 1,000 a tick.
        let rules = TaxRules::for_ticks(&plan, 0.0, 12.0);
        assert_eq!((rules.threshold, rules.means_weight), (1000.0, 1.0));
        let mut recent = 9_999.0;
        // 2,000 a tick: tax 0.1 · 1,000 = 100; own 1,900 a tick = 22,800 a year, above a line
        // of 6,000: no dibao.
        assert_eq!(
            tax_and_dibao(&rules, 2000.0, &mut recent, 6000.0),
            (100.0, 0.0)
        );
        assert_eq!(recent, 22_800.0);
        // 300 a tick: no tax; recent own income 3,600 a year; dibao 0.5 · 2,400 / 12 = 100.
        assert_eq!(
            tax_and_dibao(&rules, 300.0, &mut recent, 6000.0),
            (0.0, 100.0)
        );
        // With smoothing, recent own income moves part of the way: a = 1 − e^(−1/6).
        let smooth = TaxRules::for_ticks(&plan, 0.5, 12.0);
        let a = 1.0 - (-1.0f64 / 6.0).exp();
        let mut recent = 6000.0;
        let (_, dibao) = tax_and_dibao(&smooth, 0.0, &mut recent, 6000.0);
        assert!((recent - 6000.0 * (1.0 - a)).abs() < 1e-9);
        assert!((dibao - 0.5 * 6000.0 * a / 12.0).abs() < 1e-9);
    }

    #[test]
    fn the_start_year_means_tests_the_year_s_own_income() {
        let policy = RedistributionPolicy {
            income_tax_rate: 0.1,
            tax_threshold: 12_000.0,
            dibao_coverage: 0.5,
            ..Default::default()
        };
        let rules = TaxRules::start_year(&policy);
        let mut recent = 0.0;
        // 2,000 a year: own 2,000, dibao 0.5 · (3,000 − 2,000) = 500.
        assert_eq!(
            tax_and_dibao(&rules, 2000.0, &mut recent, 3000.0),
            (0.0, 500.0)
        );
        assert_eq!(recent, 2000.0);
        let off = TaxRules::start_year(&RedistributionPolicy {
            enabled: false,
            ..policy
        });
        assert_eq!(tax_and_dibao(&off, 50_000.0, &mut 0.0, 3000.0), (0.0, 0.0));
    }

    #[test]
    fn the_dibao_line_follows_the_rural_mean_or_the_urban_one_without_villages() {
        assert_eq!(dibao_line(0.4, 1e6, 10_000.0, 30_000.0), 4000.0);
        assert_eq!(dibao_line(0.4, 0.0, f64::NAN, 30_000.0), 12_000.0);
    }

    #[test]
    fn the_threshold_follows_the_cost_index_and_the_line_the_poverty_line() {
        let world = crate::world::fixture::east_west_central();
        let policy = RedistributionPolicy {
            tax_threshold_indexed: true,
            dibao_floor_at_poverty_line: true,
            ..RedistributionPolicy::default()
        };
        let mut year = YearPlan::idle(3);
        year.cost_index = 1.5;
        year.poverty_line = 4000.0;
        plan(&world, &policy, &mut year);
        assert_eq!(year.tax_threshold, 90_000.0);
        // 0.3 × 10,000 = 3,000 is below the poverty line: the line is 4,000.
        assert!(year.regions.iter().all(|r| r.dibao_line == 4000.0));
        let plain = RedistributionPolicy::default();
        plan(&world, &plain, &mut year);
        assert_eq!(year.tax_threshold, 60_000.0);
        assert!(year.regions.iter().all(|r| r.dibao_line == 3000.0));
    }
}
