//! The start-year stock of inter-provincial rural migrants (docs/MODEL.md section 5): who is
//! away and where, and the re-solved rural productivity of the regions they leave.

use super::calibrate::{Cell, StartTransfers};
use crate::scenario::Scenario;
use crate::world::households::{AWAY, BLOCK};
use crate::world::rng::{Purpose, stream, two_units};
use crate::world::{Households, RURAL, Region, URBAN, east_destinations, pick};

/// The start-year migrant share of a region's rural households: the national share times the
/// region's migration propensity, at most 1.
pub fn start_share(national: f64, propensity: f64) -> f64 {
    (national * propensity).clamp(0.0, 1.0)
}

/// Draws the start-year migrant stock and re-solves the rural productivity of the regions it
/// leaves, returning each household's yearly market income away (0 for households at home).
///
/// In each rural cell of `n` households, the `round(S_r · n)` households (`S_r` =
/// `migrant_share_start` × the region's `migration_propensity`, [`start_share`]) with the smallest
/// draws `u_rank` (stream `MigrantStock`, one `u64` per household of a block: `u_rank`,
/// `u_where`) are candidates; a candidate's destination is `pick(east table, u_where)`, the
/// table of spontaneous migration. It is away iff the destination is another region whose urban
/// productivity net of the migration cost exceeds the home rural productivity — the engine's
/// rule for leaving (`A_d,urban · (1 − c) > A_r,rural`, human capital 1 at the start). Away
/// earnings are `A_d,urban · (1 − c) · e_i`; the home rural productivity is solved with them
/// included, which lowers it and may make more destinations worth it, so the two steps repeat
/// until the set of destinations worth it no longer grows (the loop stops at the first
/// iteration that does not grow it, so it ends).
pub fn migrant_stock(
    scenario: &Scenario,
    replicate: u32,
    cell_start: &[usize],
    (factors, property): (&[f64], &[f64]),
    transfers: &StartTransfers,
    households: &mut Households,
    regions: &mut [Region],
) -> Vec<f64> {
    let n = households.len();
    let mut away = vec![0.0; n];
    let share = scenario.economy.migrant_share_start;
    if share <= 0.0 {
        return away;
    }
    let mut east = Vec::new();
    east_destinations(regions, &mut east);
    let (u_rank, u_where) = draws(scenario, replicate, n);
    let mut solver = Solver {
        factors,
        property,
        weights: &households.weight,
        transfers,
        cost: scenario.economy.migration_cost,
        scaled: factors.to_vec(),
        away: &mut away,
    };
    let mut migrants = Vec::new();
    for home in 0..regions.len() {
        let cell = home * 2 + RURAL;
        let range = cell_start[cell]..cell_start[cell + 1];
        let quota = (start_share(share, regions[home].migration_propensity) * range.len() as f64)
            .round() as usize;
        if quota == 0 {
            continue;
        }
        let mut order: Vec<usize> = range.clone().collect();
        order.sort_by(|&a, &b| u_rank[a].total_cmp(&u_rank[b]).then(a.cmp(&b)));
        let candidates: Vec<(usize, usize)> = order[..quota]
            .iter()
            .filter_map(|&i| {
                pick(&east, u_where[i])
                    .map(|d| (i, d as usize))
                    .filter(|&(_, d)| d != home)
            })
            .collect();
        let target = scenario.region[home].income_rural;
        let productivity = solver.solve(regions, home, range, target, &candidates);
        regions[home].productivity[RURAL] = productivity;
        // The set solved with is the set worth it at the solved productivity (the loop ended
        // because it did not grow), so the migrants are the candidates with earnings away.
        migrants.extend(candidates.iter().filter(|(i, _)| solver.scaled[*i] == 0.0));
    }
    for (i, d) in migrants {
        households.status[i] |= AWAY;
        households.destination[i] = d as u16;
        let weight = households.weight[i];
        regions[households.region[i] as usize].flows.migrants_out += weight;
        regions[d].flows.migrants_in += weight;
    }
    away
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

/// The rural productivity of one region solved with its migrants' earnings away.
struct Solver<'a> {
    factors: &'a [f64],
    property: &'a [f64],
    weights: &'a [f64],
    transfers: &'a StartTransfers,
    cost: f64,
    /// Earnings factors at home (0 for a household away).
    scaled: Vec<f64>,
    /// Yearly market income away (0 for a household at home).
    away: &'a mut [f64],
}

impl Solver<'_> {
    /// Solves the rural productivity of `home` (households `range`, data mean `target`) with the
    /// `candidates` `(household, destination)` worth it away, repeating until the set worth it
    /// no longer grows; leaves `scaled` and `away` set for the final set.
    fn solve(
        &mut self,
        regions: &[Region],
        home: usize,
        range: std::ops::Range<usize>,
        target: f64,
        candidates: &[(usize, usize)],
    ) -> f64 {
        let mut productivity = regions[home].productivity[RURAL];
        let mut solved: Option<usize> = None;
        loop {
            let cost = self.cost;
            let worth = |d: usize| regions[d].productivity[URBAN] * (1.0 - cost) > productivity;
            let count = candidates.iter().filter(|(_, d)| worth(*d)).count();
            if solved.is_some_and(|solved| count <= solved) {
                return productivity;
            }
            solved = Some(count);
            self.scaled[range.clone()].copy_from_slice(&self.factors[range.clone()]);
            self.away[range.clone()].iter_mut().for_each(|m| *m = 0.0);
            for &(i, d) in candidates.iter().filter(|(_, d)| worth(*d)) {
                self.scaled[i] = 0.0;
                self.away[i] = regions[d].productivity[URBAN] * (1.0 - cost) * self.factors[i];
            }
            let cell = Cell {
                factors: &self.scaled[range.clone()],
                property: &self.property[range.clone()],
                weights: &self.weights[range.clone()],
            };
            let line = self.transfers.dibao_lines[home];
            productivity = self
                .transfers
                .solve_productivity(&cell, &self.away[range.clone()], target, line)
                // No solution (nobody left at home to solve for, or the migrants alone exceed
                // the target): keep the last productivity, so the set cannot shrink back.
                .unwrap_or(productivity);
        }
    }
}
