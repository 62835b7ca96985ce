//! The yearly metrics of DESIGN §6, computed from a world's households and regions.

use super::inequality::{
    Distribution, coefficient_of_variation, max_min_ratio, theil_t_between,
    weighted_coefficient_of_variation,
};
use crate::scenario::{EconomySpec, Zone};
use crate::world::households::AWAY;
use crate::world::{RURAL, URBAN, World};

/// Metric names in the order they are written, one row each per year.
pub const METRICS: &[&str] = &[
    "income_mean",
    "income_east",
    "income_central",
    "income_west",
    "income_northeast",
    "income_urban",
    "income_rural",
    "east_west_ratio",
    "province_cv",
    "province_cv_weighted",
    "province_max_min_ratio",
    "theil_between_provinces",
    "theil_between_zones",
    "urban_rural_ratio",
    "gini",
    "theil_t",
    "theil_l",
    "palma",
    "top10_share",
    "bottom40_share",
    "rural_poverty_rate",
    "rural_poor",
    "poverty_gap",
    "poverty_severity",
    "relative_poverty_rate",
    "public_services_cv",
    "public_services_west_east",
    "ecology_mean",
    "ecology_min",
    "paired_aid",
    "central_transfers",
    "poverty_fund",
    "talent_stock",
    "enterprise_investment",
    "consumption_assistance",
    "migrants",
    "remittances",
    "donations",
    "aid_leakage",
];

/// Reusable buffers for the yearly computation: the two sorted income distributions (the large
/// allocations) are rebuilt in place each year; only a few per-region vectors are allocated.
#[derive(Debug, Default)]
pub struct MetricsScratch {
    all: Distribution,
    rural: Distribution,
}

/// Computes every metric of [`METRICS`] for the world's last completed year, into `values`
/// (same order). `poverty_line` is that year's absolute line.
pub fn collect(
    world: &World,
    economy: &EconomySpec,
    poverty_line: f64,
    scratch: &mut MetricsScratch,
    values: &mut Vec<f64>,
) {
    values.clear();
    let hh = &world.households;
    scratch
        .all
        .rebuild((0..hh.len()).map(|i| (hh.income[i], hh.weight[i])));
    scratch.rural.rebuild(
        (0..hh.len())
            .filter(|&i| hh.sector[i] as usize == RURAL)
            .map(|i| (hh.income[i], hh.weight[i])),
    );
    let regions = &world.regions;

    let population: f64 = regions.iter().map(|r| r.population_total()).sum();
    let income: f64 = regions
        .iter()
        .map(|r| r.income_total[URBAN] + r.income_total[RURAL])
        .sum();
    let zone_mean = |zone: Zone| {
        let (inc, pop) = regions
            .iter()
            .filter(|r| r.zone == zone)
            .fold((0.0, 0.0), |(i, p), r| {
                (
                    i + r.income_total[URBAN] + r.income_total[RURAL],
                    p + r.population_total(),
                )
            });
        if pop > 0.0 { inc / pop } else { f64::NAN }
    };
    let sector_mean = |sector: usize| {
        let inc: f64 = regions.iter().map(|r| r.income_total[sector]).sum();
        let pop: f64 = regions.iter().map(|r| r.population[sector]).sum();
        if pop > 0.0 { inc / pop } else { f64::NAN }
    };
    let means: Vec<f64> = regions.iter().map(|r| r.income_mean()).collect();
    let weighted: Vec<(f64, f64)> = regions
        .iter()
        .map(|r| (r.income_mean(), r.population_total()))
        .collect();
    let province_groups: Vec<(f64, f64)> = regions
        .iter()
        .map(|r| {
            (
                r.income_total[URBAN] + r.income_total[RURAL],
                r.population_total(),
            )
        })
        .collect();
    let zone_groups: Vec<(f64, f64)> = Zone::ALL
        .iter()
        .map(|z| {
            regions
                .iter()
                .filter(|r| r.zone == *z)
                .fold((0.0, 0.0), |(i, p), r| {
                    (
                        i + r.income_total[URBAN] + r.income_total[RURAL],
                        p + r.population_total(),
                    )
                })
        })
        .collect();

    values.push(income / population);
    for zone in Zone::ALL {
        values.push(zone_mean(zone));
    }
    values.push(sector_mean(URBAN));
    values.push(sector_mean(RURAL));
    values.push(zone_mean(Zone::East) / zone_mean(Zone::West));
    values.push(coefficient_of_variation(&means));
    values.push(weighted_coefficient_of_variation(&weighted));
    values.push(max_min_ratio(&means));
    values.push(theil_t_between(&province_groups));
    values.push(theil_t_between(&zone_groups));
    values.push(sector_mean(URBAN) / sector_mean(RURAL));

    let all = &scratch.all;
    values.push(all.gini());
    values.push(all.theil_t());
    values.push(all.theil_l());
    values.push(all.palma());
    values.push(all.top_share(0.1));
    values.push(all.bottom_share(0.4));
    let rural = &scratch.rural;
    values.push(rural.fgt(poverty_line, 0.0));
    values.push(rural.count_below(poverty_line));
    values.push(rural.fgt(poverty_line, 1.0));
    values.push(rural.fgt(poverty_line, 2.0));
    values.push(all.fgt(economy.relative_poverty_share * all.median(), 0.0));

    let services: Vec<f64> = regions.iter().map(|r| r.public_services).collect();
    let zone_services = |zone: Zone| {
        let (s, p) = regions
            .iter()
            .filter(|r| r.zone == zone)
            .fold((0.0, 0.0), |(s, p), r| {
                (
                    s + r.public_services * r.population_total(),
                    p + r.population_total(),
                )
            });
        s / p
    };
    values.push(coefficient_of_variation(&services));
    values.push(zone_services(Zone::West) / zone_services(Zone::East));
    values.push(regions.iter().map(|r| r.ecology).sum::<f64>() / regions.len() as f64);
    values.push(
        regions
            .iter()
            .map(|r| r.ecology)
            .fold(f64::INFINITY, f64::min),
    );

    let sum = |f: &dyn Fn(&crate::world::Region) -> f64| regions.iter().map(f).sum::<f64>();
    values.push(sum(&|r| r.flows.paired_aid_out));
    values.push(sum(&|r| r.flows.central_transfer_in));
    values.push(sum(&|r| r.flows.poverty_fund_in));
    values.push(sum(&|r| r.talents.dispatched()));
    values.push(sum(&|r| r.flows.enterprise_investment_out));
    values.push(sum(&|r| r.flows.consumption_out));
    let migrants: f64 = (0..hh.len())
        .filter(|&i| hh.status[i] & AWAY != 0)
        .map(|i| hh.weight[i])
        .sum();
    values.push(migrants);
    values.push(sum(&|r| r.flows.remittances_in));
    values.push(sum(&|r| r.flows.donations_out));
    values.push(sum(&|r| r.flows.aid_leakage));
    // Sums of nothing are -0.0 in Rust; write them as 0.
    values.iter_mut().for_each(|v| *v += 0.0);
    debug_assert_eq!(values.len(), METRICS.len());
}
