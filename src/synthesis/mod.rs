//! Synthesis of the initial world from a scenario (docs/MODEL.md section 5): households drawn
//! so that each region × sector reproduces its population and mean disposable income exactly,
//! the start-year migrant stock, and enterprises in donor regions.
//!
//! [`synthesize`] reads as the steps: lay out the households ([`households`]), draw their start
//! year by the engine's income process, solve each cell's productivity by the engine's tax and
//! dibao rules ([`calibrate`]), draw the migrant stock, weight the households so that residents
//! match the data and re-solve the cells migrants leave and join ([`migrants`]), set the
//! start-year incomes, and add the enterprises ([`enterprises`]).

pub mod calibrate;
pub mod enterprises;
pub mod households;
pub mod migrants;

use crate::policy::transfers::central_flows;
use crate::scenario::Scenario;
use crate::world::accounts::{Accounts, Stocks};
use crate::world::region::SurveyWeight;
use crate::world::{TalentStock, World, poverty_line};
use calibrate::StartTransfers;

/// Builds the initial world of `replicate` for `scenario` (whose regions are merged in).
pub fn synthesize(scenario: &Scenario, replicate: u32) -> World {
    synthesize_with_factors(scenario, replicate).0
}

/// [`synthesize`], also returning each household's start-year earnings factor (the mean of its
/// `ticks_per_year` tick factors, which the calibration of productivity uses).
pub(crate) fn synthesize_with_factors(scenario: &Scenario, replicate: u32) -> (World, Vec<f64>) {
    let (mut households, cell_start) = households::lay_out(scenario);
    let factors = households::draw_start_year(scenario, replicate, &mut households);
    let transfers = StartTransfers::new(scenario);
    let (unearned, _) = calibrate::unearned(scenario, &mut households, &cell_start);
    let mut regions = calibrate::regions(
        scenario,
        &households,
        &factors,
        &unearned,
        &cell_start,
        &transfers,
    );
    // The transfer system the start year's services reflect: the central pool at the scenario's
    // share, whether or not a variant switches the lever off.
    let flows = central_flows(&regions, scenario.policy.transfers.central_transfer_share);
    for (region, (paid, received)) in regions.iter_mut().zip(flows) {
        if region.fiscal_revenue > 0.0 {
            region.central_net_start = (received - paid) / region.fiscal_revenue;
        }
    }
    // The start-year migrant stock, as residents of their destination's cities: the weights
    // are set so that residents match the data, and the productivity of the cells migrants
    // leave and join is solved again so that each cell's mean disposable income is the data.
    let stock = migrants::migrant_stock(
        scenario,
        replicate,
        &cell_start,
        &factors,
        &transfers,
        &mut households,
        &mut regions,
    );
    let line = poverty_line(&scenario.economy, scenario.time.start_year);
    let remittance = scenario.policy.labour.remittance_share;
    let incomes = (&factors[..], &stock.away[..], &stock.unearned[..]);
    calibrate::start_incomes(
        &mut households,
        &mut regions,
        incomes,
        (&transfers, remittance),
        line,
    );
    for (region, spec) in regions.iter_mut().zip(&scenario.region) {
        region.survey = spec.survey_urban_share.map(|start| SurveyWeight {
            start,
            urban_share_start: region.urban_share(),
            tracking: scenario.economy.survey_urban_share_tracking,
        });
    }
    let enterprises = enterprises::synthesize(scenario, replicate, &regions);
    let n = regions.len();
    let mut world = World {
        paired_capital: vec![0.0; n * n],
        talents_by_pair: vec![TalentStock::default(); n * n],
        accounts: Accounts::default(),
        stocks: Stocks::new(n),
        regions,
        households,
        enterprises,
        charity_pool: 0.0,
        charity_spent: [0.0; 3],
        year: scenario.time.start_year,
        income_mean_start: 0.0,
    };
    world.income_mean_start = world.income_mean();
    (world, factors)
}

#[cfg(test)]
mod tests {
    use super::households::start_year;
    use super::migrants::start_share;
    use super::*;
    use crate::scenario::EconomySpec;
    use crate::world::households::{AWAY, EMPLOYED};
    use crate::world::process::IncomeProcess;
    use crate::world::rng::{Purpose, stream};
    use crate::world::{RURAL, URBAN};

    /// Two regions of one million urban and one million rural residents each, 2,000 households
    /// (500 per cell, weight 2,000): the only eastern region is also the only destination.
    fn two_regions(share: f64) -> Scenario {
        let text = format!(
            r#"
            [run]
            households = 2000
            [economy]
            migrant_share_start = {share}
            [[region]]
            name = "East"
            zone = "east"
            population_urban = 1000000
            population_rural = 1000000
            income_urban = 30000
            income_rural = 10000
            [[region]]
            name = "West"
            zone = "west"
            population_urban = 1000000
            population_rural = 1000000
            income_urban = 20000
            income_rural = 6000
            "#
        );
        toml::from_str(&text).expect("test scenario")
    }

    fn away(world: &World, region: usize) -> f64 {
        let hh = &world.households;
        (0..hh.len())
            .filter(|&i| hh.region[i] as usize == region && hh.status[i] & AWAY != 0)
            .map(|i| hh.weight[i])
            .sum()
    }

    #[test]
    fn start_stock_is_the_configured_share_of_rural_households() {
        let world = synthesize(&two_regions(0.2), 0);
        let hh = &world.households;
        // West: 0.2 migrants per rural resident are round(0.2 / 1.2 × 500) = 83 of its 500
        // rural households, all in East (the only eastern region), whose urban sector pays more
        // than West's rural one.
        let away_households = (0..hh.len()).filter(|&i| hh.status[i] & AWAY != 0).count();
        assert_eq!(away_households, 83);
        assert!(
            (0..hh.len())
                .filter(|&i| hh.status[i] & AWAY != 0)
                .all(|i| hh.region[i] == 1
                    && hh.sector[i] as usize == RURAL
                    && hh.destination[i] == 0)
        );
        // The data are residents, so West's rural households are weighted up by 1e6 / (1e6 −
        // 166,000): its 417 at home are its million rural residents, and about 0.2 million
        // more are away.
        let up = 1e6 / (1e6 - 166_000.0);
        let migrants = 166_000.0 * up;
        assert!((away(&world, 1) - migrants).abs() < 1e-6);
        assert_eq!(world.regions[1].registered[URBAN], 1e6);
        assert!((world.regions[1].registered[RURAL] - 1e6 * up).abs() < 1e-6);
        // East's rural households could only go to East itself: nobody is away.
        assert_eq!(away(&world, 0), 0.0);
        // The stock is reported as a stock of the start year, out = in.
        assert!((world.regions[1].flows.migrants_out - migrants).abs() < 1e-6);
        assert_eq!(
            world.regions[0].flows.migrants_in,
            world.regions[1].flows.migrants_out
        );
        // Residents are the data: East's urban natives are weighted down to make room for them.
        for region in &world.regions {
            for sector in [URBAN, RURAL] {
                let p = region.population[sector];
                assert!((p - 1e6).abs() < 1e-6, "{} {sector}: {p}", region.name);
            }
        }
        let native = (0..hh.len())
            .find(|&i| hh.region[i] == 0 && hh.sector[i] as usize == URBAN)
            .expect("an urban household in East");
        assert!((hh.weight[native] - 2000.0 * (1e6 - migrants) / 1e6).abs() < 1e-9);
    }

    #[test]
    fn a_region_s_propensity_scales_its_start_share() {
        // West's rural residents are 1.5 times as likely as the nation's to work away: 0.3 per
        // rural resident, round(0.3 / 1.3 × 500) = 115 candidates, all away (East's urban sector
        // pays more), weighted up by 1e6 / (1e6 − 230,000).
        let mut scenario = two_regions(0.2);
        scenario.region[1].migration_propensity = 1.5;
        let world = synthesize(&scenario, 0);
        assert!((away(&world, 1) - 230_000.0 / 0.77).abs() < 1e-6);
        assert_eq!(world.regions[1].migration_propensity, 1.5);
        // Propensity 0: nobody away, whatever the national share.
        scenario.region[1].migration_propensity = 0.0;
        assert_eq!(away(&synthesize(&scenario, 0), 1), 0.0);
        assert!((start_share(0.2, 1.5) - 0.3).abs() < 1e-15);
        assert_eq!(start_share(0.8, 1.5), 1.0);
    }

    #[test]
    fn a_migrant_for_every_rural_resident_is_half_the_register() {
        // The largest stock, one migrant per rural resident: half of West's rural households
        // are away, weighted up by 2, and the half at home still solves a productivity.
        let world = synthesize(&two_regions(1.0), 0);
        assert_eq!(away(&world, 1), 1e6);
        assert!((world.regions[1].population[RURAL] - 1e6).abs() < 1e-6);
        assert!(world.regions[1].productivity[RURAL] > 0.0);
    }

    #[test]
    fn resident_means_stay_the_data_with_migrants_counted_where_they_live() {
        let without = synthesize(&two_regions(0.0), 0);
        let (with, factors) = synthesize_with_factors(&two_regions(0.2), 0);
        for world in [&without, &with] {
            for (region, target) in [(0, [30000.0, 10000.0]), (1, [20000.0, 6000.0])] {
                for sector in [URBAN, RURAL] {
                    let mean = world.regions[region].income_per_capita(sector);
                    let target: f64 = target[sector];
                    assert!((mean - target).abs() < 1e-6 * target, "{mean} vs {target}");
                }
            }
        }
        // West's rural residents receive remittances, so its rural productivity is solved lower;
        // East's cities have migrants earning less than its natives, so its urban productivity
        // is solved higher; the cells without migrants are unchanged.
        assert!(with.regions[1].productivity[RURAL] < without.regions[1].productivity[RURAL]);
        assert!(with.regions[0].productivity[URBAN] > without.regions[0].productivity[URBAN]);
        assert_eq!(
            with.regions[1].productivity[URBAN],
            without.regions[1].productivity[URBAN]
        );
        assert_eq!(
            with.regions[0].productivity[RURAL],
            without.regions[0].productivity[RURAL]
        );
        // A migrant's own income (before property income and transfers) is its earnings away:
        // East's urban productivity net of the cost, less tax; its disposable income is less the
        // remittances it sends home.
        let hh = &with.households;
        let cost = EconomySpec::default().migration_cost;
        let i = (0..hh.len())
            .find(|&i| hh.status[i] & AWAY != 0)
            .expect("a migrant");
        let market = with.regions[0].productivity[URBAN] * (1.0 - cost) * factors[i];
        assert!(hh.own_recent[i] <= market && hh.own_recent[i] > 0.5 * market);
        let remitted = crate::scenario::LabourPolicy::default().remittance_share * market;
        assert!(hh.income[i] < hh.own_income[i] - remitted + 1e-6);
    }

    #[test]
    fn one_tick_a_year_gives_the_single_draw_at_the_drawn_state() {
        let mut scenario = two_regions(0.2);
        scenario.time.ticks_per_year = 1;
        let process = IncomeProcess::new(&scenario.economy, 1);
        // No further draws: the start year is the stationary draw itself.
        let mut rng = stream(1, 0, Purpose::Synthesis, 0, 0);
        let before = rng.clone();
        let (factor, shock, employed) = start_year(&process, 1, 1.3, RURAL, -0.2, false, &mut rng);
        assert_eq!(rng, before);
        assert_eq!((shock, employed), (-0.2, false));
        assert_eq!(factor, 1.3 * f64::from(-0.2f32).exp() * process.home_share);
        // In a whole world, every household's start-year factor is the factor at its state.
        let (world, factors) = synthesize_with_factors(&scenario, 0);
        let hh = &world.households;
        for (i, factor) in factors.iter().enumerate() {
            let at_state = process.earnings_factor(
                hh.earning_power[i],
                f64::from(hh.shock[i]),
                hh.status[i] & EMPLOYED != 0,
            );
            assert_eq!(*factor, at_state);
        }
        // The calibration still hits every cell's mean.
        for (region, target) in [(0, [30000.0, 10000.0]), (1, [20000.0, 6000.0])] {
            for sector in [URBAN, RURAL] {
                let mean = world.regions[region].income_per_capita(sector);
                let target: f64 = target[sector];
                assert!((mean - target).abs() < 1e-6 * target, "{mean} vs {target}");
            }
        }
    }

    #[test]
    fn no_share_means_nobody_away() {
        let world = synthesize(&two_regions(0.0), 0);
        assert!(world.households.status.iter().all(|s| s & AWAY == 0));
        assert_eq!(world.regions[1].flows.migrants_out, 0.0);
    }
}
