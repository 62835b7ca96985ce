//! The start-year stock of inter-provincial rural migrants (docs/MODEL.md section 5 and 7.16):
//! who is away and where, the weights that make residents match the data, and the productivity
//! of the cells they leave and join.

use super::calibrate::{self, StartTransfers};
use crate::scenario::Scenario;
use crate::world::households::{AWAY, BLOCK};
use crate::world::process::MigrantWages;
use crate::world::rng::{Purpose, stream, two_units};
use crate::world::{Households, RURAL, Region, URBAN, east_destinations, pick};

/// The start-year migrants of a region per rural resident: the national share times the
/// region's migration propensity, at most 1.
pub fn start_share(national: f64, propensity: f64) -> f64 {
    (national * propensity).clamp(0.0, 1.0)
}

/// What the migrant stock leaves: each household's yearly market income away (0 at home) and
/// its start-year unearned income, recomputed for the final weights.
pub struct Stock {
    /// Yearly market income away, yuan per person (0 for households at home).
    pub away: Vec<f64>,
    /// Start-year unearned income (`calibrate::unearned`), yuan per person.
    pub unearned: Vec<f64>,
}

/// Draws the start-year migrant stock, weights the households so that residents match the
/// data, and solves the productivity of the cells the migrants leave and join.
///
/// In each rural cell of `n` households, the `round(S_r / (1 + S_r) · n)` households (`S_r` =
/// `migrant_share_start` × the region's `migration_propensity` migrants per rural resident,
/// [`start_share`]) with the smallest
/// draws `u_rank` (stream `MigrantStock`, one `u64` per household of a block: `u_rank`,
/// `u_where`) are candidates; a candidate's destination is `pick(east table, u_where)`, the
/// table of spontaneous migration. It is away iff the destination is another region whose urban
/// productivity net of the migration cost exceeds the home rural productivity — the engine's
/// rule for leaving (`A_d,urban · (1 − c) > A_r,rural`, human capital 1 at the start).
///
/// The data are resident populations and incomes (NBS), and migrants are residents of their
/// destination's cities (7.16). So a home's rural households are weighted up by
/// `P_r / (P_r − M_r)` (its stayers are then its rural residents and its migrants `M_r` more),
/// and a destination's urban households down by `(P_d − M_in,d) / P_d` (natives and migrants
/// are then its urban residents). Then each destination's urban productivity is solved with its
/// migrants' earnings (`A_d · (1 − c) · e_i`, less the remittances they send home) in its mean,
/// and each home's rural productivity with the remittances, and the migrants' dibao and unearned
/// income (property income, rural pensions and subsidies), in its. A lower rural or a higher
/// urban productivity may make more destinations worth it, so the steps repeat until the set
/// of migrants no longer changes (at most [`MAX_ROUNDS`] times).
pub fn migrant_stock(
    scenario: &Scenario,
    replicate: u32,
    cell_start: &[usize],
    factors: &[f64],
    transfers: &StartTransfers,
    households: &mut Households,
    regions: &mut [Region],
) -> Stock {
    let n = households.len();
    let share = scenario.economy.migrant_share_start;
    if share <= 0.0 {
        let (unearned, norms) = calibrate::unearned(scenario, households, cell_start);
        set_norms(regions, norms);
        return Stock {
            away: vec![0.0; n],
            unearned,
        };
    }
    let mut east = Vec::new();
    east_destinations(regions, &mut east);
    let (u_rank, u_where) = draws(scenario, replicate, n);
    let mut candidates = Vec::new();
    for home in 0..regions.len() {
        let range = cell_start[home * 2 + RURAL]..cell_start[home * 2 + RURAL + 1];
        // S_r migrants per rural resident are S_r / (1 + S_r) of the registered households.
        let per_resident = start_share(share, regions[home].migration_propensity);
        let quota = (per_resident / (1.0 + per_resident) * range.len() as f64).round() as usize;
        let mut order: Vec<usize> = range.collect();
        order.sort_by(|&a, &b| u_rank[a].total_cmp(&u_rank[b]).then(a.cmp(&b)));
        candidates.extend(order[..quota].iter().filter_map(|&i| {
            pick(&east, u_where[i])
                .map(|d| (i, d as usize))
                .filter(|&(_, d)| d != home)
        }));
    }
    let start_weights = households.weight.clone();
    let cost = scenario.economy.migration_cost;
    let remittance = scenario.policy.labour.remittance_share;
    let mut migrants: Vec<(usize, usize)> = Vec::new();
    let mut stock = Stock {
        away: vec![0.0; n],
        unearned: Vec::new(),
    };
    for _ in 0..MAX_ROUNDS {
        let wage = migrant_wages(scenario, regions);
        let worth = |&&(i, d): &&(usize, usize)| {
            let home = households.region[i] as usize;
            wage.level(regions[d].productivity[URBAN]) * (1.0 - cost)
                > regions[home].productivity[RURAL]
        };
        let set: Vec<(usize, usize)> = candidates.iter().filter(worth).copied().collect();
        if !stock.unearned.is_empty() && set == migrants {
            break;
        }
        migrants = set;
        households.weight.copy_from_slice(&start_weights);
        reweight(scenario, cell_start, &migrants, households);
        let (unearned, norms) = calibrate::unearned(scenario, households, cell_start);
        set_norms(regions, norms);
        stock.unearned = unearned;
        let cells = Cells {
            scenario,
            cell_start,
            factors,
            transfers,
            households,
            migrants: &migrants,
            cost,
            remittance,
        };
        cells.solve(regions, &stock.unearned);
    }
    let wage = migrant_wages(scenario, regions);
    for &(i, d) in &migrants {
        households.status[i] |= AWAY;
        households.destination[i] = d as u16;
        stock.away[i] = wage.level(regions[d].productivity[URBAN]) * (1.0 - cost) * factors[i];
        let weight = households.weight[i];
        regions[households.region[i] as usize].flows.migrants_out += weight;
        regions[d].flows.migrants_in += weight;
    }
    stock
}

/// Rounds of the migrant stock's fixed point at most (the set settles in a few).
pub const MAX_ROUNDS: usize = 20;

/// Rounds at most of the destinations' solve for the eastern mean wage `Ā` of
/// [`MigrantWages`], which depends on the productivity it solves (it settles in a few).
const MEAN_ROUNDS: usize = 20;

/// The migrants' wage rule at the regions' current urban productivity (the engine's
/// [`crate::world::process::Wages`] at the start year, before any capital).
fn migrant_wages(scenario: &Scenario, regions: &[Region]) -> MigrantWages {
    MigrantWages::new(
        regions,
        |r| regions[r].productivity[URBAN],
        scenario.economy.migrant_wage_elasticity,
    )
}

/// Each region's wealth norms, from [`calibrate::unearned`].
fn set_norms(regions: &mut [Region], norms: Vec<[f64; 2]>) {
    for (region, norm) in regions.iter_mut().zip(norms) {
        region.wealth_norm = norm;
    }
}

/// Weights the households so that residents match the data with `migrants` away: a home's
/// rural households by `P_r / (P_r − M_r)`, a destination's urban households by
/// `(P_d − M_in,d) / P_d` (at least a tenth). A home whose households would all be away keeps
/// its weights.
fn reweight(
    scenario: &Scenario,
    cell_start: &[usize],
    migrants: &[(usize, usize)],
    households: &mut Households,
) {
    let regions = scenario.region.len();
    let mut out = vec![0.0; regions];
    for &(i, _) in migrants {
        out[households.region[i] as usize] += households.weight[i];
    }
    let mut up = vec![1.0; regions];
    for (home, spec) in scenario.region.iter().enumerate() {
        if out[home] > 0.0 && out[home] < spec.population_rural {
            up[home] = spec.population_rural / (spec.population_rural - out[home]);
        }
    }
    let mut into = vec![0.0; regions];
    for &(i, d) in migrants {
        into[d] += households.weight[i] * up[households.region[i] as usize];
    }
    for (region, spec) in scenario.region.iter().enumerate() {
        let mut scale = |sector: usize, factor: f64| {
            let cell = region * 2 + sector;
            for w in &mut households.weight[cell_start[cell]..cell_start[cell + 1]] {
                *w *= factor;
            }
        };
        scale(RURAL, up[region]);
        if into[region] > 0.0 && spec.population_urban > 0.0 {
            let down = (spec.population_urban - into[region]) / spec.population_urban;
            scale(URBAN, down.max(0.1));
        }
    }
}

/// The cells' incomes at the start year with a migrant set, for solving productivity.
struct Cells<'a> {
    scenario: &'a Scenario,
    cell_start: &'a [usize],
    factors: &'a [f64],
    transfers: &'a StartTransfers,
    households: &'a Households,
    migrants: &'a [(usize, usize)],
    cost: f64,
    remittance: f64,
}

impl Cells<'_> {
    /// Solves every destination's urban productivity with its migrants, then every home's rural
    /// productivity with what its migrants send and receive at home. A cell without a solution
    /// keeps its productivity.
    fn solve(&self, regions: &mut [Region], unearned: &[f64]) {
        let hh = self.households;
        let lines = &self.transfers.dibao_lines;
        let mut away = vec![false; hh.len()];
        for &(i, _) in self.migrants {
            away[i] = true;
        }
        // The migrants' wage depends on the eastern mean of the productivity solved here: each
        // destination is solved with its own weight in the mean, the others' held, and the
        // destinations again until the mean settles.
        let mut wage = migrant_wages(self.scenario, regions);
        for _ in 0..MEAN_ROUNDS {
            let before = wage.mean();
            for d in 0..regions.len() {
                wage = self.solve_destination(d, wage, regions, unearned);
            }
            if (wage.mean() - before).abs() <= 1e-12 * before.abs() {
                break;
            }
        }
        for (home, spec) in self.scenario.region.iter().enumerate() {
            let leaving: Vec<(usize, usize)> = self
                .migrants
                .iter()
                .filter(|m| hh.region[m.0] as usize == home)
                .copied()
                .collect();
            if leaving.is_empty() {
                continue;
            }
            let line = lines[home];
            // What the migrants add at home: remittances, their dibao and unearned income.
            let sent: f64 = leaving
                .iter()
                .map(|&(i, d)| {
                    let market = wage.level(regions[d].productivity[URBAN])
                        * (1.0 - self.cost)
                        * self.factors[i];
                    let (own, disposable) = self.transfers.incomes(market, line);
                    hh.weight[i] * (self.remittance * market + disposable - own + unearned[i])
                })
                .sum();
            let stayers: Vec<usize> = self.range(home, RURAL).filter(|&i| !away[i]).collect();
            if stayers.is_empty() {
                continue;
            }
            let total = |a: f64| {
                let at_home = calibrate::ordered_sum(stayers.len(), |k| {
                    let i = stayers[k];
                    let disposable = self.transfers.incomes(a * self.factors[i], line).1;
                    hh.weight[i] * (disposable + unearned[i])
                });
                at_home + sent
            };
            let goal = spec.income_rural * spec.population_rural;
            if let Some(a) = calibrate::find_root(total, goal, regions[home].productivity[RURAL]) {
                regions[home].productivity[RURAL] = a;
            }
        }
    }

    /// Solves destination `d`'s urban productivity so that its natives' and its migrants' mean
    /// disposable income (the migrants' net of the remittances they send) is the data's, with
    /// `d`'s own weight in the eastern mean wage of `wage`; returns the rule at the solution. A
    /// destination without migrants or natives, or without a solution, keeps its productivity.
    fn solve_destination(
        &self,
        d: usize,
        wage: MigrantWages,
        regions: &mut [Region],
        unearned: &[f64],
    ) -> MigrantWages {
        let hh = self.households;
        let line = self.transfers.dibao_lines[d];
        let natives = self.range(d, URBAN);
        let arriving: Vec<usize> = self
            .migrants
            .iter()
            .filter(|m| m.1 == d)
            .map(|m| m.0)
            .collect();
        let from = regions[d].productivity[URBAN];
        if arriving.is_empty() || natives.is_empty() {
            return wage;
        }
        let region = &regions[d];
        let total = |a: f64| {
            let native = calibrate::ordered_sum(natives.len(), |k| {
                let i = natives.start + k;
                let disposable = self.transfers.incomes(a * self.factors[i], line).1;
                hh.weight[i] * (disposable + unearned[i])
            });
            let level = wage.moved(region, from, a).level(a);
            let migrant = calibrate::ordered_sum(arriving.len(), |k| {
                let i = arriving[k];
                let market = level * (1.0 - self.cost) * self.factors[i];
                let own = self.transfers.incomes(market, 0.0).0;
                hh.weight[i] * (own - self.remittance * market)
            });
            native + migrant
        };
        let spec = &self.scenario.region[d];
        let goal = spec.income_urban * spec.population_urban;
        match calibrate::find_root(total, goal, from) {
            Some(a) => {
                let moved = wage.moved(&regions[d], from, a);
                regions[d].productivity[URBAN] = a;
                moved
            }
            None => wage,
        }
    }

    fn range(&self, region: usize, sector: usize) -> std::ops::Range<usize> {
        let cell = region * 2 + sector;
        self.cell_start[cell]..self.cell_start[cell + 1]
    }
}

/// The draws of the migrant stock: exactly one `u64` per household, whatever its sector, from
/// the `MigrantStock` stream of its block: `(u_rank, u_where)`.
fn draws(scenario: &Scenario, replicate: u32, n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut u_rank = vec![0.0; n];
    let mut u_where = vec![0.0; n];
    for (block, (rank, place)) in u_rank
        .chunks_mut(BLOCK)
        .zip(u_where.chunks_mut(BLOCK))
        .enumerate()
    {
        let seed = scenario.run.seed;
        let mut rng = stream(seed, replicate, Purpose::MigrantStock, 0, block as u32);
        for (r, p) in rank.iter_mut().zip(place.iter_mut()) {
            (*r, *p) = two_units(&mut rng);
        }
    }
    (u_rank, u_where)
}
