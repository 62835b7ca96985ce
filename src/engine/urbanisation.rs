//! Urbanisation (docs/MODEL.md 7.15): at the start of every simulated year some rural
//! households at home become urban residents of their region, so the urban share of residents
//! follows the provinces' observed rise.
//!
//! A region's `urbanisation_rate` u is the yearly share of its rural residents who become
//! urban. Workers away are residents of their destination's cities (7.16) and keep their
//! rural registration, so only households at home convert, with the probability that makes
//! the expected rural resident population fall by u: p = min(1, u · P_rural / P_rural,home)
//! (P_rural, last year's resident person-years, is close to the persons at home). Every
//! household draws one `u64` a year from the stream (seed, replicate, `Urbanisation`, year,
//! block), whatever its state, so variants share random numbers and the result does not
//! depend on the thread count.
//!
//! The relocation programme (`policy::relocation`) chooses part of the converts: a household at
//! home on the poverty register (`EVER_POOR`) is resettled in a town with the year's town
//! chance, and the others convert with the chance that keeps each region's expected converts at
//! its rate. The same draw decides both, so the draws per household do not change.

use crate::policy::relocation;
use crate::scenario::RedistributionPolicy;
use crate::world::households::{AWAY, BLOCK, EMPLOYED, EVER_POOR, POOR, TARGETED};
use crate::world::rng::{Purpose, stream, two_units};
use crate::world::{RURAL, URBAN, World};

/// The probability that a rural household at home becomes urban this year, for a region whose
/// rural residents `rural` (persons) include `at_home` at home and whose yearly urbanisation
/// rate is `rate`: `rate · rural / at_home`, at most 1 (0 with nobody at home).
#[inline]
pub fn probability(rate: f64, rural: f64, at_home: f64) -> f64 {
    if at_home > 0.0 {
        (rate * rural / at_home).min(1.0)
    } else {
        0.0
    }
}

/// The factor on a new urban household's earning power when it closes `share` of its region's
/// gap between rural and urban productivity: `(A_rural + share · (A_urban − A_rural)) /
/// A_urban` (1 with share 1, or when the region has no urban productivity).
#[inline]
pub fn earnings_rescale(share: f64, rural: f64, urban: f64) -> f64 {
    if urban > 0.0 {
        // Written as 1 − (1 − share) · gap so that share 1 is exactly 1.
        1.0 - (1.0 - share) * (urban - rural) / urban
    } else {
        1.0
    }
}

/// What the year's relocation programme found: the rural persons at home on the poverty
/// register (`EVER_POOR`, 建档立卡) of each region when the year started (0 in the regions it
/// does not work in), and the chance that one of them was resettled in a town
/// (`policy::relocation::settle` books the cost from them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resettlement {
    /// Rural persons at home on the poverty register, by region.
    pub on_register_at_home: Vec<f64>,
    /// The chance a household at home on the register was resettled in a town.
    pub town_chance: f64,
}

/// Converts this year's new urban residents (year `year_index` of the run, from 0), part of
/// them resettled by the relocation programme of `relocation`: their persons, last-year income
/// and poverty move from their region's rural to its urban residents, and the register's cells
/// (persons, wealth norm, registered for support, employed at home) are summed again over their
/// new members.
pub fn urbanise(
    world: &mut World,
    earnings_share: f64,
    relocation: &RedistributionPolicy,
    (seed, replicate, year_index): (u64, u32, u32),
) -> Resettlement {
    let regions = world.regions.len();
    let households = &mut world.households;
    let mut at_home = vec![0.0; regions];
    let mut on_register = vec![0.0; regions];
    for i in 0..households.len() {
        if households.sector[i] as usize == RURAL && households.status[i] & AWAY == 0 {
            let region = households.region[i] as usize;
            at_home[region] += households.weight[i];
            if households.status[i] & EVER_POOR != 0 {
                on_register[region] += households.weight[i];
            }
        }
    }
    for (on_register, region) in on_register.iter_mut().zip(&world.regions) {
        if !relocation::eligible(region.zone) {
            *on_register = 0.0;
        }
    }
    let town = relocation::town_chance(relocation, on_register.iter().sum());
    let resettlement = Resettlement {
        on_register_at_home: on_register,
        town_chance: town,
    };
    if town <= 0.0 && world.regions.iter().all(|r| r.urbanisation_rate <= 0.0) {
        return resettlement;
    }
    let chance: Vec<f64> = world
        .regions
        .iter()
        .zip(&at_home)
        .zip(&resettlement.on_register_at_home)
        .map(|((r, &home), &on_register)| {
            let chance = probability(r.urbanisation_rate, r.population[RURAL], home);
            relocation::others_chance(chance, home, on_register, town)
        })
        .collect();
    let chance_on_register: Vec<f64> = chance
        .iter()
        .zip(&resettlement.on_register_at_home)
        .map(|(&others, &on_register)| relocation::register_chance(others, on_register, town))
        .collect();
    let rescale: Vec<f64> = world
        .regions
        .iter()
        .map(|r| earnings_rescale(earnings_share, r.productivity[RURAL], r.productivity[URBAN]))
        .collect();
    // The converts' residence and income move from the rural to the urban cell.
    let mut moved = vec![Moved::default(); regions];
    for block in 0..households.blocks() {
        let mut rng = stream(
            seed,
            replicate,
            Purpose::Urbanisation,
            year_index,
            block as u32,
        );
        let end = ((block + 1) * BLOCK).min(households.len());
        for i in block * BLOCK..end {
            let (u, _) = two_units(&mut rng);
            let region = households.region[i] as usize;
            let status = households.status[i];
            let rural_at_home = households.sector[i] as usize == RURAL && status & AWAY == 0;
            let threshold = if status & EVER_POOR != 0 {
                chance_on_register[region]
            } else {
                chance[region]
            };
            if rural_at_home && u < threshold {
                households.sector[i] = URBAN as u8;
                households.earning_power[i] *= rescale[region];
                let (weight, cell) = (households.weight[i], &mut moved[region]);
                cell.persons += weight;
                cell.income += weight * households.income[i];
                if households.status[i] & POOR != 0 {
                    cell.poor += weight;
                }
            }
        }
    }
    for (region, cell) in world.regions.iter_mut().zip(&moved) {
        region.population[RURAL] = (region.population[RURAL] - cell.persons).max(0.0);
        region.population[URBAN] += cell.persons;
        region.income_total[RURAL] -= cell.income;
        region.income_total[URBAN] += cell.income;
        region.poor[RURAL] -= cell.poor;
        region.poor[URBAN] += cell.poor;
    }
    // The register's cells (by home) are summed again over their members, in household order,
    // so the shares of property income still add up to 1 exactly, and what the levers plan
    // per registered or rural person this year is paid to exactly those persons, as the
    // accounts need.
    let mut sums = vec![CellSums::default(); regions];
    for i in 0..households.len() {
        let cell = &mut sums[households.region[i] as usize];
        let (sector, weight) = (households.sector[i] as usize, households.weight[i]);
        let status = households.status[i];
        cell.registered[sector] += weight;
        cell.wealth_norm[sector] += weight * f64::from(households.wealth_weight[i]);
        if status & TARGETED != 0 {
            cell.targeted[sector] += weight;
        }
        if sector == RURAL && status & AWAY == 0 && status & EMPLOYED != 0 {
            cell.employed_rural_at_home += weight;
            if status & EVER_POOR != 0 {
                cell.ever_poor_employed_at_home += weight;
            }
        }
    }
    for (region, cell) in world.regions.iter_mut().zip(sums) {
        region.registered = cell.registered;
        region.wealth_norm = cell.wealth_norm;
        region.targeted = cell.targeted;
        region.employed_rural_at_home = cell.employed_rural_at_home;
        region.ever_poor_employed_at_home = cell.ever_poor_employed_at_home;
    }
    resettlement
}

/// What a region's converts carry from its rural to its urban residents: persons, last year's
/// income and the poor among them.
#[derive(Debug, Clone, Default)]
struct Moved {
    persons: f64,
    income: f64,
    poor: f64,
}

/// A region's sums over its registered households by sector, after urbanisation.
#[derive(Debug, Clone, Default)]
struct CellSums {
    registered: [f64; 2],
    wealth_norm: [f64; 2],
    targeted: [f64; 2],
    employed_rural_at_home: f64,
    ever_poor_employed_at_home: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Zone;
    use crate::world::fixture;

    #[test]
    fn households_at_home_convert_for_the_whole_rural_population() {
        assert_eq!(probability(0.03, 100.0, 80.0), 0.03 * 100.0 / 80.0);
        assert_eq!(probability(0.5, 100.0, 10.0), 1.0, "at most 1");
        assert_eq!(probability(0.03, 100.0, 0.0), 0.0, "nobody at home");
        assert_eq!(earnings_rescale(0.0, 1.0, 4.0), 0.25, "the same earnings");
        assert_eq!(
            earnings_rescale(1.0 / 3.0, 1.0, 4.0),
            0.5,
            "twice the earnings"
        );
        assert_eq!(earnings_rescale(1.0, 1.0, 4.0), 1.0, "a native's");
    }

    /// A region of 20,000 rural households (a quarter away) at a rate of 4 %: about 4 % of the
    /// rural persons become urban, none of them away; the populations and wealth norms are
    /// the sums over the cells' households; the same seed converts the same households.
    #[test]
    fn a_year_converts_the_rate_of_rural_persons_at_home_and_keeps_the_cells_sums() {
        let make = || {
            let mut world = fixture::world(vec![fixture::region("R", Zone::West)], 5e3);
            world.regions[0].urbanisation_rate = 0.04;
            let hh = &mut world.households;
            let n = 20_000;
            hh.region = vec![0; n];
            hh.sector = vec![RURAL as u8; n];
            hh.weight = vec![50.0; n];
            hh.wealth_weight = (0..n).map(|i| 1.0 + (i % 7) as f32).collect();
            hh.income = vec![9_000.0; n];
            hh.earning_power = vec![1.0; n];
            hh.status = (0..n)
                .map(|i| {
                    if i % 4 == 0 {
                        EMPLOYED | AWAY
                    } else {
                        EMPLOYED
                    }
                })
                .collect();
            world.regions[0].population = [0.0, 50.0 * n as f64];
            world
        };
        let off = RedistributionPolicy::default();
        let mut world = make();
        world.regions[0].productivity = [4.0, 1.0];
        urbanise(&mut world, 1.0 / 6.0, &off, (7, 0, 3));
        let hh = &world.households;
        for i in 0..hh.len() {
            // (1 + 1/6 · 3) / 4: earnings rise by half.
            let expected = if hh.sector[i] as usize == URBAN {
                1.5 / 4.0
            } else {
                1.0
            };
            assert!(
                (hh.earning_power[i] - expected).abs() < 1e-15,
                "earnings rise by half"
            );
        }
        let urban: f64 = (0..hh.len())
            .filter(|&i| hh.sector[i] as usize == URBAN)
            .map(|i| hh.weight[i])
            .sum();
        let share = urban / 1e6;
        assert!((share - 0.04).abs() < 0.006, "converted {share}");
        assert!((0..hh.len()).all(|i| hh.status[i] & AWAY == 0 || hh.sector[i] == RURAL as u8));
        let region = &world.regions[0];
        let rural: f64 = (0..hh.len())
            .filter(|&i| hh.sector[i] as usize == RURAL)
            .map(|i| hh.weight[i])
            .sum();
        assert_eq!(region.population, [urban, rural]);
        let norm = |sector: usize| -> f64 {
            (0..hh.len())
                .filter(|&i| hh.sector[i] as usize == sector)
                .map(|i| hh.weight[i] * f64::from(hh.wealth_weight[i]))
                .sum()
        };
        assert_eq!(region.wealth_norm, [norm(URBAN), norm(RURAL)]);
        let mut again = make();
        again.regions[0].productivity = [4.0, 1.0];
        urbanise(&mut again, 1.0 / 6.0, &off, (7, 0, 3));
        assert_eq!(again.households.sector, world.households.sector);
    }

    /// Two regions of 20,000 rural households at home, a quarter of them on the poverty
    /// register, at a rate of 4 %; 40,000 resettled, half in towns, among the 250,000 persons on
    /// the western one's register: the town chance is 0.08 there, its converts are still about
    /// 4 % of its rural persons, those on the register converting about five times as often as
    /// the others (0.08 + 0.92 · 0.0204 against 0.0204), and the eastern region urbanises as
    /// without the programme.
    #[test]
    fn the_programme_chooses_converts_on_the_register_in_eligible_regions_only() {
        let mut world = fixture::world(
            vec![
                fixture::region("W", Zone::West),
                fixture::region("E", Zone::East),
            ],
            5e3,
        );
        let n = 20_000;
        let hh = &mut world.households;
        hh.region = (0..2 * n).map(|i| (i / n) as u16).collect();
        hh.sector = vec![RURAL as u8; 2 * n];
        hh.weight = vec![50.0; 2 * n];
        hh.wealth_weight = vec![1.0; 2 * n];
        hh.income = vec![2_000.0; 2 * n];
        hh.earning_power = vec![1.0; 2 * n];
        hh.status = (0..2 * n)
            .map(|i| {
                if i % 4 == 0 {
                    EMPLOYED | EVER_POOR
                } else {
                    EMPLOYED
                }
            })
            .collect();
        for region in &mut world.regions {
            region.urbanisation_rate = 0.04;
            region.population = [0.0, 50.0 * n as f64];
            region.productivity = [4.0, 1.0];
        }
        let mut plain = world.clone();
        let policy = RedistributionPolicy {
            relocation_persons: 4e4,
            relocation_town_share: 0.5,
            ..RedistributionPolicy::default()
        };
        let found = urbanise(&mut world, 1.0, &policy, (7, 0, 3));
        assert_eq!(found.on_register_at_home, vec![50.0 * (n / 4) as f64, 0.0]);
        assert_eq!(found.town_chance, 0.08);
        urbanise(&mut plain, 1.0, &RedistributionPolicy::default(), (7, 0, 3));
        let hh = &world.households;
        let converted = |range: std::ops::Range<usize>, registered: bool| {
            let all = range
                .clone()
                .filter(|&i| (hh.status[i] & EVER_POOR != 0) == registered);
            let n = all.clone().count() as f64;
            all.filter(|&i| hh.sector[i] == URBAN as u8).count() as f64 / n
        };
        let west = converted(0..n, true) * 0.25 + converted(0..n, false) * 0.75;
        assert!((west - 0.04).abs() < 0.006, "western converts {west}");
        let (registered, others) = (converted(0..n, true), converted(0..n, false));
        assert!(
            (registered - 0.0988).abs() < 0.015,
            "registered {registered}"
        );
        assert!((others - 0.0204).abs() < 0.006, "others {others}");
        assert_eq!(
            hh.sector[n..],
            plain.households.sector[n..],
            "the east as without the programme"
        );
    }
}
