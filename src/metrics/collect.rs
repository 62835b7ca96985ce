//! The yearly metrics of `docs/MODEL.md` §9, computed from a world's households and regions.
//!
//! [`collect`] builds a [`Context`] once a year (the two sorted income distributions, the Gini
//! of the first with NBS's survey weights, and the per-region and per-zone sums, in reused
//! buffers) and evaluates every metric of the
//! [metric table](super::table) on it, in table order.

pub use super::table::{METRICS, Metric};

use super::inequality::Distribution;
use crate::scenario::{EconomySpec, Zone};
use crate::world::accounts::{IncomeSource, Unit};
use crate::world::households::{AWAY, residence};
use crate::world::{RURAL, Region, URBAN, World};

/// Reusable buffers for the yearly computation: the two sorted income distributions (the large
/// allocations) and the per-region sums are rebuilt in place each year.
#[derive(Debug, Default)]
pub struct MetricsScratch {
    all: Distribution,
    /// The survey factor of each region × sector, urban then rural (docs/MODEL.md 9.4).
    survey_factors: Vec<[f64; 2]>,
    rural: Distribution,
    totals: RegionTotals,
}

/// Sums over regions, zones and sectors that several metrics share.
#[derive(Debug, Default)]
pub(super) struct RegionTotals {
    /// Σ_r P_r.
    pub population: f64,
    /// Σ_r Y_r.
    pub income: f64,
    /// (Y, P) of each zone, in the order of [`Zone::ALL`].
    pub zones: [(f64, f64); 4],
    /// (Y, P) of each sector, indexed by `URBAN` and `RURAL`.
    pub sectors: [(f64, f64); 2],
    /// ybar_r of each region.
    pub means: Vec<f64>,
    /// (ybar_r, P_r) of each region.
    pub weighted_means: Vec<(f64, f64)>,
    /// (Y_r, P_r) of each region.
    pub provinces: Vec<(f64, f64)>,
    /// S_r of each region.
    pub services: Vec<f64>,
}

impl RegionTotals {
    fn rebuild(&mut self, regions: &[Region]) {
        let income_of = |r: &Region| r.income_total[URBAN] + r.income_total[RURAL];
        self.population = regions.iter().map(|r| r.population_total()).sum();
        self.income = regions.iter().map(income_of).sum();
        for (zone, totals) in Zone::ALL.iter().zip(&mut self.zones) {
            *totals = regions
                .iter()
                .filter(|r| r.zone == *zone)
                // Adds Y_urban, then Y_rural (not their sum): the order of the pinned outputs.
                .fold((0.0, 0.0), |(i, p), r| {
                    (
                        i + r.income_total[URBAN] + r.income_total[RURAL],
                        p + r.population_total(),
                    )
                });
        }
        for (sector, totals) in self.sectors.iter_mut().enumerate() {
            let income: f64 = regions.iter().map(|r| r.income_total[sector]).sum();
            let population: f64 = regions.iter().map(|r| r.population[sector]).sum();
            *totals = (income, population);
        }
        self.means.clear();
        self.means.extend(regions.iter().map(|r| r.income_mean()));
        self.weighted_means.clear();
        self.weighted_means.extend(
            regions
                .iter()
                .map(|r| (r.income_mean(), r.population_total())),
        );
        self.provinces.clear();
        self.provinces
            .extend(regions.iter().map(|r| (income_of(r), r.population_total())));
        self.services.clear();
        self.services
            .extend(regions.iter().map(|r| r.public_services));
    }
}

/// What the metrics of one year are computed from; [`Metric::compute`] reads it.
pub struct Context<'a> {
    pub(super) world: &'a World,
    pub(super) regions: &'a [Region],
    pub(super) economy: &'a EconomySpec,
    /// The year's absolute poverty line z.
    pub(super) poverty_line: f64,
    /// Incomes of all households, sorted.
    pub(super) all: &'a Distribution,
    /// The Gini of `all` with NBS's survey weights (docs/MODEL.md 9.4).
    pub(super) survey_gini: f64,
    /// Incomes of rural residents (rural households at home; those away are urban residents
    /// where they work, docs/MODEL.md 7.16), sorted.
    pub(super) rural: &'a Distribution,
    pub(super) totals: &'a RegionTotals,
}

impl Context<'_> {
    /// Mean income of a zone, NaN for an empty zone.
    pub(super) fn zone_mean(&self, zone: Zone) -> f64 {
        let (income, population) = self.zone_totals(zone);
        if population > 0.0 {
            income / population
        } else {
            f64::NAN
        }
    }

    fn zone_totals(&self, zone: Zone) -> (f64, f64) {
        let k = Zone::ALL.iter().position(|z| *z == zone);
        k.map_or((0.0, 0.0), |k| self.totals.zones[k])
    }

    /// Mean income of all residents with each region's urban and rural means weighted as
    /// NBS's survey weights them ([`Region::income_mean_survey`]), the regions weighted by
    /// their residents; NaN without residents.
    pub(super) fn survey_mean(&self) -> f64 {
        let (income, population) = self
            .regions
            .iter()
            .filter(|r| r.population_total() > 0.0)
            .fold((0.0, 0.0), |(i, p), r| {
                let people = r.population_total();
                (i + r.income_mean_survey() * people, p + people)
            });
        if population > 0.0 {
            income / population
        } else {
            f64::NAN
        }
    }

    /// Mean income of a sector (`URBAN` or `RURAL`), NaN without residents.
    pub(super) fn sector_mean(&self, sector: usize) -> f64 {
        let (income, population) = self.totals.sectors[sector];
        if population > 0.0 {
            income / population
        } else {
            f64::NAN
        }
    }

    /// Population-weighted mean public services of a zone.
    pub(super) fn zone_services(&self, zone: Zone) -> f64 {
        let (s, p) =
            self.regions
                .iter()
                .filter(|r| r.zone == zone)
                .fold((0.0, 0.0), |(s, p), r| {
                    (
                        s + r.public_services * r.population_total(),
                        p + r.population_total(),
                    )
                });
        s / p
    }

    /// Σ_r f(r), in region order.
    pub(super) fn sum(&self, f: impl Fn(&Region) -> f64) -> f64 {
        self.regions.iter().map(f).sum()
    }

    /// The year's total of one flow of the accounts.
    pub(super) fn flow(&self, flow: crate::world::accounts::Flow) -> f64 {
        self.world.accounts.total(flow)
    }

    /// Σ weight × disposable income of the households whose home region satisfies `home`,
    /// wherever they live (migrants working away included, remittances counted once: paid by
    /// the migrant, received at home).
    pub(super) fn registered_income(&self, home: impl Fn(&Region) -> bool) -> f64 {
        let hh = &self.world.households;
        (0..hh.len())
            .filter(|&i| home(&self.regions[hh.region[i] as usize]))
            .map(|i| hh.weight[i] * hh.income[i])
            .sum()
    }

    /// The year's income from `source` per resident of `sector` (yuan): what the accounts pay
    /// that sector's households from it, less what they pay into it, over the sector's
    /// residents. The three sources add up to the sector's mean income. NaN in the start year,
    /// whose flows are not recorded, and without residents.
    pub(super) fn source_mean(&self, sector: usize, source: IncomeSource) -> f64 {
        let of_sector = |unit: Unit| match unit {
            Unit::HouseholdsUrban(_) => sector == URBAN,
            Unit::HouseholdsRural(_) => sector == RURAL,
            _ => false,
        };
        let (mut net, mut recorded) = (0.0, false);
        for (flow, payer, receiver, amount) in self.world.accounts.iter() {
            recorded = true;
            if flow.income_source() != Some(source) {
                continue;
            }
            if of_sector(receiver) {
                net += amount;
            }
            if of_sector(payer) {
                net -= amount;
            }
        }
        let (_, population) = self.totals.sectors[sector];
        if recorded && population > 0.0 {
            net / population
        } else {
            f64::NAN
        }
    }

    /// Persons in households away at the year end.
    pub(super) fn migrants(&self) -> f64 {
        let hh = &self.world.households;
        (0..hh.len())
            .filter(|&i| hh.status[i] & AWAY != 0)
            .map(|i| hh.weight[i])
            .sum()
    }
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
    let hh = &world.households;
    scratch
        .all
        .rebuild((0..hh.len()).map(|i| (hh.income[i], hh.weight[i])));
    scratch.survey_factors.clear();
    scratch.survey_factors.extend(
        world
            .regions
            .iter()
            .map(|r| [r.survey_factor(URBAN), r.survey_factor(RURAL)]),
    );
    let factors = &scratch.survey_factors;
    let survey_gini = scratch.all.gini_reweighted(|i| {
        let (home, sector) = (hh.region[i] as usize, hh.sector[i] as usize);
        let (region, sector) = residence(home, sector, hh.status[i], hh.destination[i]);
        factors[region][sector]
    });
    scratch.rural.rebuild(
        (0..hh.len())
            .filter(|&i| {
                let (home, sector) = (hh.region[i] as usize, hh.sector[i] as usize);
                residence(home, sector, hh.status[i], hh.destination[i]).1 == RURAL
            })
            .map(|i| (hh.income[i], hh.weight[i])),
    );
    scratch.totals.rebuild(&world.regions);
    let context = Context {
        world,
        regions: &world.regions,
        economy,
        poverty_line,
        all: &scratch.all,
        survey_gini,
        rural: &scratch.rural,
        totals: &scratch.totals,
    };
    values.clear();
    // Sums of nothing are -0.0 in Rust; `+ 0.0` writes them as 0.
    values.extend(METRICS.iter().map(|m| (m.compute)(&context) + 0.0));
}
