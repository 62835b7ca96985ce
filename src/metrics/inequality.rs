//! Exact, population-weighted inequality and poverty measures over persons.
//!
//! Every observation is a household with a per-capita income `y_i` (yuan) and a weight `w_i`
//! (the number of persons it represents). All measures are over *persons*: a household of
//! weight 2 gives exactly the same result as two identical households of weight 1. Nothing is
//! binned; quantiles and income shares split the household straddling a cut fractionally.
//!
//! Conventions shared by every function here:
//!
//! * A measure that is undefined for the input (empty input, zero or negative mean income where
//!   a positive one is required, a probability outside `[0, 1]`, …) returns `f64::NAN`; nothing
//!   panics. Each function documents its own cases.
//! * Weighted observations (the pairs given to [`Distribution`], [`theil_t_decomposition`] and
//!   [`weighted_coefficient_of_variation`]) with a weight `<= 0` or a non-finite income or
//!   weight are dropped, exactly as [`Distribution::new`] does.
//! * Sums are plain `f64` sums in a fixed (sorted, then original) order, so results are
//!   deterministic for a given input.

use rayon::slice::ParallelSliceMut;

/// `r ln r` with the convention `0 ln 0 = 0` (the limit as `r -> 0+`).
fn r_ln_r(r: f64) -> f64 {
    if r == 0.0 { 0.0 } else { r * r.ln() }
}

/// `x > 0`, false for NaN.
fn is_positive(x: f64) -> bool {
    x > 0.0
}

/// Distributions at least this long are sorted in parallel (below it the threads' overhead
/// outweighs the gain).
const PARALLEL_SORT_FROM: usize = 1 << 16;

/// Whether a weighted observation is kept: finite income, finite and positive weight.
fn is_valid(income: f64, weight: f64) -> bool {
    income.is_finite() && weight.is_finite() && weight > 0.0
}

/// A weighted income distribution sorted by income (ascending), ready for repeated queries.
///
/// Built once per year (or reused through [`Distribution::rebuild`]), it answers every query in
/// `O(n)` or `O(log n)` from sorted incomes and cumulative sums of weights and incomes.
/// Incomes `-0.0` are stored as `+0.0`.
#[derive(Debug, Clone, Default)]
pub struct Distribution {
    /// Incomes, ascending.
    incomes: Vec<f64>,
    /// Weights (persons), in the order of `incomes`.
    weights: Vec<f64>,
    /// `cum_weights[i]` = sum of `weights[..=i]`; the last entry is the population.
    cum_weights: Vec<f64>,
    /// `cum_incomes[i]` = sum of `weights[j] * incomes[j]` for `j <= i`; the last entry is the
    /// total income.
    cum_incomes: Vec<f64>,
    /// The valid pairs `(income, weight, input position)` in sorted order: the sort's buffer,
    /// kept after it so that [`Distribution::gini_reweighted`] can reuse the order.
    scratch: Vec<(f64, f64, usize)>,
}

impl Distribution {
    /// Builds from (income, weight) pairs; drops pairs with weight <= 0 or non-finite values.
    /// Sorts with f64::total_cmp, ties broken by original order (stable) so results are
    /// deterministic.
    pub fn new(pairs: impl IntoIterator<Item = (f64, f64)>) -> Self {
        let mut d = Self::default();
        d.rebuild(pairs);
        d
    }

    /// Reuses the buffers (no allocation when capacity suffices) – for the yearly loop.
    ///
    /// Same filtering and ordering rules as [`Distribution::new`].
    pub fn rebuild(&mut self, pairs: impl IntoIterator<Item = (f64, f64)>) {
        self.scratch.clear();
        self.scratch.extend(
            pairs
                .into_iter()
                .enumerate()
                .filter(|&(_, (y, w))| is_valid(y, w))
                // `+ 0.0` turns -0.0 into +0.0 so that equal incomes sort as ties.
                .map(|(i, (y, w))| (y + 0.0, w, i)),
        );
        // An unstable sort on the full key (income, input position) is deterministic and
        // equivalent to a stable sort by income, without the stable sort's heap buffer. The
        // key is a total order with unique positions, so the sorted order is unique: sorting
        // in parallel gives the same result on any number of threads.
        let key =
            |a: &(f64, f64, usize), b: &(f64, f64, usize)| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2));
        if self.scratch.len() >= PARALLEL_SORT_FROM {
            self.scratch.par_sort_unstable_by(key);
        } else {
            self.scratch.sort_unstable_by(key);
        }

        self.fill_from_scratch();
    }

    /// The Gini of this distribution with each weight multiplied by `factor(position)`, where
    /// `position` is the pair's position in the input it was built from; pairs whose new weight
    /// is not positive and finite are left out. It reuses the sorted order and stores nothing,
    /// and equals [`Distribution::gini`] of a distribution built from the reweighted pairs,
    /// to the bit, for factors that are ≥ 0 or NaN (a negative factor could make a pair this
    /// distribution dropped valid; survey factors are never negative).
    pub fn gini_reweighted(&self, factor: impl Fn(usize) -> f64) -> f64 {
        let pairs = || {
            self.scratch
                .iter()
                .map(|&(y, w, i)| {
                    let f = factor(i);
                    debug_assert!(f >= 0.0 || f.is_nan(), "a negative factor {f}");
                    (y, w * f)
                })
                .filter(|&(y, w)| is_valid(y, w))
        };
        // The totals as running sums in sorted order, as `rebuild` forms them.
        let (mut w_tot, mut y_tot, mut n) = (0.0, 0.0, 0usize);
        for (y, w) in pairs() {
            w_tot += w;
            y_tot += w * y;
            n += 1;
        }
        if n == 0 || y_tot <= 0.0 {
            return f64::NAN;
        }
        block_gini(pairs(), w_tot, y_tot)
    }

    /// Fills the sorted incomes, weights and cumulative sums from the sorted `scratch`.
    fn fill_from_scratch(&mut self) {
        self.incomes.clear();
        self.weights.clear();
        self.cum_weights.clear();
        self.cum_incomes.clear();
        let (mut cw, mut cy) = (0.0, 0.0);
        for &(y, w, _) in &self.scratch {
            cw += w;
            cy += w * y;
            self.incomes.push(y);
            self.weights.push(w);
            self.cum_weights.push(cw);
            self.cum_incomes.push(cy);
        }
    }

    /// Whether no (valid) household is present.
    pub fn is_empty(&self) -> bool {
        self.incomes.is_empty()
    }

    /// Number of (valid) households, not persons; see [`Distribution::population`].
    pub fn len(&self) -> usize {
        self.incomes.len()
    }

    /// Household incomes, ascending.
    pub fn incomes(&self) -> &[f64] {
        &self.incomes
    }

    /// Household weights (persons), in the order of [`Distribution::incomes`].
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// Total weight (persons); 0 when empty.
    pub fn population(&self) -> f64 {
        self.cum_weights.last().copied().unwrap_or(0.0)
    }

    /// Total income, sum of `w * y`; 0 when empty.
    pub fn total_income(&self) -> f64 {
        self.cum_incomes.last().copied().unwrap_or(0.0)
    }

    /// Mean income per person; NaN when empty.
    pub fn mean(&self) -> f64 {
        if self.is_empty() {
            return f64::NAN;
        }
        self.total_income() / self.population()
    }

    /// Total income when it is positive, the denominator of shares and of the Gini.
    fn positive_total_income(&self) -> Option<f64> {
        let y = self.total_income();
        (!self.is_empty() && y > 0.0).then_some(y)
    }

    /// Weighted quantile, p in `[0,1]`: the smallest income y such that the weight at or below y
    /// is >= p * population (p=0 gives the minimum).
    ///
    /// No interpolation: the result is always one of the incomes. NaN when empty or when `p` is
    /// outside `[0, 1]` (or NaN).
    pub fn quantile(&self, p: f64) -> f64 {
        if self.is_empty() || !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        let target = p * self.population();
        let k = self.cum_weights.partition_point(|&c| c < target);
        self.incomes[k.min(self.len() - 1)]
    }

    /// Weighted median, `quantile(0.5)`: with an even split between two incomes this is the
    /// lower one (median of 1, 2, 3, 4 is 2). NaN when empty.
    pub fn median(&self) -> f64 {
        self.quantile(0.5)
    }

    /// Gini over persons: sum_i sum_j w_i w_j |y_i - y_j| / (2 W^2 mean). Gini of 1,2,3,4 (equal
    /// weights) is exactly 0.25. O(n) on the sorted data.
    ///
    /// Computed per block of equal incomes `y` with weight `B`, weight `C-` below the block and
    /// `C+ = C- + B` up to its end, as `sum y B (C- + C+ - W) / (W Y)`; equal incomes therefore
    /// give exactly 0. NaN when empty or when the total income is not positive. With negative
    /// incomes (and a positive mean) the value may exceed 1.
    pub fn gini(&self) -> f64 {
        let Some(y_tot) = self.positive_total_income() else {
            return f64::NAN;
        };
        let sorted = self
            .incomes
            .iter()
            .copied()
            .zip(self.weights.iter().copied());
        block_gini(sorted, self.population(), y_tot)
    }

    /// Theil T (GE(1)): sum (w_i/W)(y_i/mean) ln(y_i/mean), with 0 ln 0 = 0.
    ///
    /// NaN when empty, when the mean is not positive, or when some income is negative.
    pub fn theil_t(&self) -> f64 {
        let mean = self.mean();
        if self.is_empty() || !is_positive(mean) || self.incomes[0] < 0.0 {
            return f64::NAN;
        }
        let acc: f64 = self
            .incomes
            .iter()
            .zip(&self.weights)
            .map(|(&y, &w)| w * r_ln_r(y / mean))
            .sum();
        acc / self.population()
    }

    /// Theil L (mean log deviation, GE(0)): sum (w_i/W) ln(mean/y_i); only defined when all
    /// incomes > 0: returns f64::INFINITY if some income <= 0 (the limit as an income tends to
    /// 0+). NaN when empty.
    pub fn theil_l(&self) -> f64 {
        if self.is_empty() {
            return f64::NAN;
        }
        if self.incomes[0] <= 0.0 {
            return f64::INFINITY;
        }
        let mean = self.mean();
        let acc: f64 = self
            .incomes
            .iter()
            .zip(&self.weights)
            .map(|(&y, &w)| w * (mean / y).ln())
            .sum();
        acc / self.population()
    }

    /// Income held by the poorest `target` persons (`0 <= target <= W`), splitting the
    /// straddling household fractionally. Requires a non-empty distribution.
    fn bottom_income_at_weight(&self, target: f64) -> f64 {
        if target <= 0.0 {
            return 0.0;
        }
        let k = self
            .cum_weights
            .partition_point(|&c| c < target)
            .min(self.len() - 1);
        if self.cum_weights[k] == target {
            return self.cum_incomes[k];
        }
        let (w_below, y_below) = if k == 0 {
            (0.0, 0.0)
        } else {
            (self.cum_weights[k - 1], self.cum_incomes[k - 1])
        };
        y_below + (target - w_below) * self.incomes[k]
    }

    /// Share of total income held by the poorest fraction p of persons, exact: the household
    /// straddling the cut is split fractionally.
    ///
    /// `bottom_share(0) = 0`, `bottom_share(1) = 1`. NaN when empty, when the total income is
    /// not positive, or when `p` is outside `[0, 1]` (or NaN).
    pub fn bottom_share(&self, p: f64) -> f64 {
        let Some(y_tot) = self.positive_total_income() else {
            return f64::NAN;
        };
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        self.bottom_income_at_weight(p * self.population()) / y_tot
    }

    /// Share held by the richest fraction p (= 1 - bottom_share(1-p)).
    ///
    /// Computed as `(Y - bottom income of the poorest W - pW persons) / Y`. NaN in the same
    /// cases as [`Distribution::bottom_share`].
    pub fn top_share(&self, p: f64) -> f64 {
        let Some(y_tot) = self.positive_total_income() else {
            return f64::NAN;
        };
        if !(0.0..=1.0).contains(&p) {
            return f64::NAN;
        }
        let w_tot = self.population();
        (y_tot - self.bottom_income_at_weight(w_tot - p * w_tot)) / y_tot
    }

    /// Mean income of the persons between population fractions `from` and `to` (`0 <= from <
    /// to <= 1`, poorest first), splitting straddling households fractionally: the mean of
    /// quintile k is `group_mean(0.2 (k − 1), 0.2 k)`. NaN when empty or out of range.
    pub fn group_mean(&self, from: f64, to: f64) -> f64 {
        if self.is_empty() || !(0.0 <= from && from < to && to <= 1.0) {
            return f64::NAN;
        }
        let w = self.population();
        (self.bottom_income_at_weight(to * w) - self.bottom_income_at_weight(from * w))
            / ((to - from) * w)
    }

    /// Palma ratio: top_share(0.1) / bottom_share(0.4).
    ///
    /// NaN when empty or when the total income is not positive; `+inf` when the poorest 40 %
    /// hold no income.
    pub fn palma(&self) -> f64 {
        self.top_share(0.1) / self.bottom_share(0.4)
    }

    /// Foster–Greer–Thorbecke index FGT(alpha) for poverty line z: (1/W) sum over y_i<z of
    /// w_i ((z-y_i)/z)^alpha. alpha=0 headcount ratio, 1 poverty gap, 2 severity.
    ///
    /// NaN when empty, when the line is not finite and positive, or when `alpha` is negative
    /// or NaN.
    pub fn fgt(&self, line: f64, alpha: f64) -> f64 {
        if self.is_empty() || !(line.is_finite() && line > 0.0) || alpha.is_nan() || alpha < 0.0 {
            return f64::NAN;
        }
        let poor = self.incomes.partition_point(|&y| y < line);
        let incomes = &self.incomes[..poor];
        let weights = &self.weights[..poor];
        let gap = |y: f64| (line - y) / line;
        let acc: f64 = if alpha == 0.0 {
            weights.iter().sum()
        } else if alpha == 1.0 {
            incomes.iter().zip(weights).map(|(&y, &w)| w * gap(y)).sum()
        } else if alpha == 2.0 {
            incomes
                .iter()
                .zip(weights)
                .map(|(&y, &w)| {
                    let g = gap(y);
                    w * g * g
                })
                .sum()
        } else {
            incomes
                .iter()
                .zip(weights)
                .map(|(&y, &w)| w * gap(y).powf(alpha))
                .sum()
        };
        acc / self.population()
    }

    /// Weight (persons) strictly below the line.
    ///
    /// 0 when empty (a count, not a ratio); NaN when the line is NaN.
    pub fn count_below(&self, line: f64) -> f64 {
        if line.is_nan() {
            return f64::NAN;
        }
        match self.incomes.partition_point(|&y| y < line) {
            0 => 0.0,
            k => self.cum_weights[k - 1],
        }
    }
}

/// Result of [`theil_t_decomposition`]: Theil T split into between- and within-group parts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TheilDecomposition {
    /// Theil T over all persons (as [`Distribution::theil_t`]).
    pub total: f64,
    /// Between-group Theil T, `sum_g s_g ln(mean_g / mean)` with `s_g = Y_g / Y` (as
    /// [`theil_t_between`] on the group totals).
    pub between: f64,
    /// Within-group Theil T, `sum_g s_g T_g`, each group's own Theil T weighted by its income
    /// share. `total == between + within` up to rounding.
    pub within: f64,
}

impl TheilDecomposition {
    const UNDEFINED: Self = Self {
        total: f64::NAN,
        between: f64::NAN,
        within: f64::NAN,
    };
}

/// Between-group Theil T from group totals: groups given as (total_income, population);
/// sum_g s_g ln(mean_g / mean) where s_g = Y_g / Y. Groups with zero population are skipped.
///
/// Groups with a population that is not positive (or NaN) are skipped; a group with zero income
/// contributes 0 (`0 ln 0 = 0`). NaN when no group remains, when the total income is not
/// positive, when some group income is negative, or when a value is not finite.
pub fn theil_t_between(groups: &[(f64, f64)]) -> f64 {
    let kept = || groups.iter().filter(|&&(_, p)| p > 0.0);
    let (mut y_tot, mut p_tot) = (0.0, 0.0);
    for &(y, p) in kept() {
        y_tot += y;
        p_tot += p;
    }
    if !(y_tot > 0.0 && y_tot.is_finite() && p_tot.is_finite()) {
        return f64::NAN;
    }
    let mean = y_tot / p_tot;
    let mut acc = 0.0;
    for &(y, p) in kept() {
        if y < 0.0 {
            return f64::NAN;
        }
        if y != 0.0 {
            acc += (y / y_tot) * ((y / p) / mean).ln();
        }
    }
    acc
}

/// Full Theil-T decomposition: given per-household (income, weight, group index) returns
/// (total, between, within) where within = sum_g s_g T_g; total == between + within up to
/// rounding.
///
/// Households are filtered as in [`Distribution::new`] (weight <= 0 or non-finite values
/// dropped). Group indices may be sparse. A group whose income is zero contributes nothing.
/// All three fields are NaN when no household remains, when the total income is not positive,
/// or when some income is negative.
pub fn theil_t_decomposition(obs: &[(f64, f64, usize)]) -> TheilDecomposition {
    let mut kept: Vec<(usize, f64, f64)> = obs
        .iter()
        .filter(|&&(y, w, _)| is_valid(y, w))
        .map(|&(y, w, g)| (g, y, w))
        .collect();
    if kept.iter().any(|&(_, y, _)| y < 0.0) {
        return TheilDecomposition::UNDEFINED;
    }
    // Stable: households keep their input order within a group.
    kept.sort_by_key(|&(g, _, _)| g);

    let (w_tot, y_tot) = persons_and_income(&kept);
    if kept.is_empty() || !is_positive(y_tot) {
        return TheilDecomposition::UNDEFINED;
    }
    let total = theil_t_of(&kept, w_tot, y_tot);

    let mut group_totals = Vec::new();
    let mut within = 0.0;
    for members in kept.chunk_by(|a, b| a.0 == b.0) {
        let (w_g, y_g) = persons_and_income(members);
        group_totals.push((y_g, w_g));
        if y_g > 0.0 {
            within += (y_g / y_tot) * theil_t_of(members, w_g, y_g);
        }
    }
    TheilDecomposition {
        total,
        between: theil_t_between(&group_totals),
        within,
    }
}

/// The Gini of incomes sorted ascending with their weights, of total weight `w_tot` and total
/// income `y_tot > 0`, over blocks of equal incomes y of weight B, with weight C− below the
/// block and C+ = C− + B through it: Σ y B (C− + C+ − W) / (W Y). The running weight is summed
/// in the given order, so the result is the same to the bit as from cumulative sums formed in
/// that order.
fn block_gini(sorted: impl Iterator<Item = (f64, f64)>, w_tot: f64, y_tot: f64) -> f64 {
    let (mut acc, mut below) = (0.0, 0.0);
    // (income, weight through the block's end) of the block being summed.
    let mut block: Option<(f64, f64)> = None;
    for (y, w) in sorted {
        block = match block {
            Some((income, through)) if income == y => Some((income, through + w)),
            Some((income, through)) => {
                acc += income * (through - below) * (below + through - w_tot);
                below = through;
                Some((y, through + w))
            }
            None => Some((y, w)),
        };
    }
    if let Some((income, through)) = block {
        acc += income * (through - below) * (below + through - w_tot);
    }
    acc / (w_tot * y_tot)
}

/// Σ w and Σ w y of (group, income y, weight w) observations, summed in order.
fn persons_and_income(obs: &[(usize, f64, f64)]) -> (f64, f64) {
    let (mut w_tot, mut y_tot) = (0.0, 0.0);
    for &(_, y, w) in obs {
        w_tot += w;
        y_tot += w * y;
    }
    (w_tot, y_tot)
}

/// Theil T of (group, income, weight) observations with Σ w = `w_tot` and Σ w y = `y_tot`.
fn theil_t_of(obs: &[(usize, f64, f64)], w_tot: f64, y_tot: f64) -> f64 {
    let mean = y_tot / w_tot;
    obs.iter()
        .map(|&(_, y, w)| w * r_ln_r(y / mean))
        .sum::<f64>()
        / w_tot
}

/// Coefficient of variation of unweighted values: population standard deviation (divide by n)
/// over mean.
///
/// Two-pass (mean, then squared deviations). NaN when empty or when the mean is not positive;
/// non-finite values propagate.
pub fn coefficient_of_variation(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if !is_positive(mean) {
        return f64::NAN;
    }
    let var = values.iter().map(|&v| (v - mean) * (v - mean)).sum::<f64>() / n;
    var.sqrt() / mean
}

/// Population-weighted coefficient of variation (Williamson index):
/// sqrt(sum p_r/P (y_r - ybar)^2)/ybar with ybar = sum p_r y_r / P. Input (value, weight).
///
/// Pairs with a weight <= 0 or non-finite values are dropped (as in [`Distribution::new`]).
/// NaN when no pair remains or when `ybar` is not positive.
pub fn weighted_coefficient_of_variation(values: &[(f64, f64)]) -> f64 {
    let kept = || values.iter().filter(|&&(y, w)| is_valid(y, w));
    let (mut p_tot, mut y_tot) = (0.0, 0.0);
    for &(y, w) in kept() {
        p_tot += w;
        y_tot += w * y;
    }
    if !is_positive(p_tot) {
        return f64::NAN;
    }
    let mean = y_tot / p_tot;
    if !is_positive(mean) {
        return f64::NAN;
    }
    let var = kept()
        .map(|&(y, w)| w * (y - mean) * (y - mean))
        .sum::<f64>()
        / p_tot;
    var.sqrt() / mean
}

/// max/min of values (NaN if empty or min <= 0).
///
/// Also NaN if some value is NaN; `+inf` if some value is `+inf`.
pub fn max_min_ratio(values: &[f64]) -> f64 {
    let Some(&first) = values.first() else {
        return f64::NAN;
    };
    let (mut lo, mut hi) = (first, first);
    for &v in values {
        if v.is_nan() {
            return f64::NAN;
        }
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo <= 0.0 {
        return f64::NAN;
    }
    hi / lo
}

#[cfg(test)]
mod tests {
    #[test]
    fn group_means_split_households_at_the_boundaries() {
        // Five persons at 1, 2, 3, 4, 10 as households of weight 1, and one of weight 2 at 5:
        // sorted persons 1, 2, 3, 4, 5, 5, 10 (W = 7).
        let mut d = Distribution::default();
        d.rebuild([
            (10.0, 1.0),
            (1.0, 1.0),
            (5.0, 2.0),
            (3.0, 1.0),
            (2.0, 1.0),
            (4.0, 1.0),
        ]);
        // The poorest 40 % are 2.8 persons: 1 + 2 + 0.8 · 3 = 5.4, mean 5.4 / 2.8.
        assert!((d.group_mean(0.0, 0.4) - 5.4 / 2.8).abs() < 1e-12);
        // The top 20 % are 1.4 persons: 0.4 · 5 + 10 = 12, mean 12 / 1.4.
        assert!((d.group_mean(0.8, 1.0) - 12.0 / 1.4).abs() < 1e-12);
        // Quintile means average to the mean.
        let quintiles: f64 = (0..5)
            .map(|k| d.group_mean(0.2 * k as f64, 0.2 * (k + 1) as f64))
            .sum();
        assert!((quintiles / 5.0 - d.mean()).abs() < 1e-12);
        assert!(d.group_mean(0.5, 0.5).is_nan());
    }

    use super::*;

    /// Relative (or, near zero, absolute) closeness.
    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
    }

    #[track_caller]
    fn assert_close(a: f64, b: f64) {
        assert!(close(a, b, 1e-12), "{a} != {b}");
    }

    fn equal(incomes: &[f64]) -> Distribution {
        Distribution::new(incomes.iter().map(|&y| (y, 1.0)))
    }

    #[test]
    fn basic_totals() {
        let d = Distribution::new([(30.0, 1.0), (10.0, 2.0), (20.0, 1.0)]);
        assert!(!d.is_empty());
        assert_eq!(d.len(), 3);
        assert_eq!(d.incomes(), &[10.0, 20.0, 30.0]);
        assert_eq!(d.weights(), &[2.0, 1.0, 1.0]);
        assert_eq!(d.population(), 4.0);
        assert_eq!(d.total_income(), 70.0); // 20 + 20 + 30
        assert_eq!(d.mean(), 17.5);
    }

    #[test]
    fn invalid_pairs_dropped() {
        let d = Distribution::new([
            (1.0, 1.0),
            (5.0, 0.0),
            (6.0, -1.0),
            (f64::NAN, 1.0),
            (f64::INFINITY, 1.0),
            (7.0, f64::NAN),
            (8.0, f64::INFINITY),
            (3.0, 1.0),
        ]);
        assert_eq!(d.incomes(), &[1.0, 3.0]);
        assert_eq!(d.population(), 2.0);
    }

    #[test]
    fn reweighted_gini_equals_the_gini_of_the_reweighted_pairs() {
        let pairs = [
            (3.0, 1.0),
            (1.0, 2.0),
            (f64::NAN, 1.0),
            (2.0, 1.0),
            (1.0, 1.0),
        ];
        let source = Distribution::new(pairs);
        // Position 2 (NaN) is dropped by both; position 4 gets weight 0 and is dropped too.
        let factor = |i: usize| [2.0, 0.5, 1.0, 3.0, 0.0][i];
        let rebuilt = Distribution::new(
            pairs
                .iter()
                .enumerate()
                .map(|(i, &(y, w))| (y, w * factor(i))),
        );
        assert_eq!(rebuilt.incomes(), [1.0, 2.0, 3.0]);
        assert_eq!(rebuilt.weights(), [1.0, 3.0, 2.0]);
        assert_eq!(source.gini_reweighted(factor), rebuilt.gini());
        // Incomes 1, 2, 3 with weights 1, 3, 2 by hand: Σ w_i w_j |y_i − y_j| / (2 W² μ) =
        // 2 (1·3·1 + 1·2·2 + 3·2·1) / (2 · 36 · 13/6) = 26 / 156 = 1/6.
        assert!((source.gini_reweighted(factor) - 1.0 / 6.0).abs() < 1e-12);
        // A factor of 1 gives the plain Gini; nothing left gives NaN.
        assert_eq!(source.gini_reweighted(|_| 1.0), source.gini());
        assert!(source.gini_reweighted(|_| 0.0).is_nan());
    }

    #[test]
    fn gini_hand_cases() {
        // Ordered pairs of 1,2,3,4: 2 * (1+2+3+1+2+1) = 20; 20 / (2 * 16 * 2.5) = 0.25.
        assert_eq!(equal(&[1.0, 2.0, 3.0, 4.0]).gini(), 0.25);
        assert_eq!(equal(&[4.0, 1.0, 3.0, 2.0]).gini(), 0.25);
        assert_eq!(equal(&[7.3, 7.3, 7.3]).gini(), 0.0);
        assert_eq!(Distribution::new([(0.1, 0.3), (0.1, 0.7)]).gini(), 0.0);
        // 0,0,0,1: |1-0| for 3 zeros, both orders: 6; mean 0.25; 6 / (2 * 16 * 0.25) = 0.75.
        assert_eq!(equal(&[0.0, 0.0, 0.0, 1.0]).gini(), 0.75);
        // 1 (weight 2), 3 (weight 1) = persons 1,1,3: 2 pairs (1,3) with |diff| 2, both
        // orders: 8; W = 3, mean 5/3: 8 / (2 * 9 * 5/3) = 8/30 = 4/15.
        assert_close(
            Distribution::new([(1.0, 2.0), (3.0, 1.0)]).gini(),
            4.0 / 15.0,
        );
        // 0, 2: 2 * 2 / (2 * 4 * 1) = 0.5.
        assert_eq!(equal(&[0.0, 2.0]).gini(), 0.5);
    }

    #[test]
    fn gini_matches_double_sum() {
        let pairs = lcg_pairs(40, 7);
        let d = Distribution::new(pairs.iter().copied());
        let (w_tot, y_tot): (f64, f64) = pairs
            .iter()
            .fold((0.0, 0.0), |(a, b), &(y, w)| (a + w, b + w * y));
        let mean = y_tot / w_tot;
        let mut s = 0.0;
        for &(yi, wi) in &pairs {
            for &(yj, wj) in &pairs {
                s += wi * wj * (yi - yj).abs();
            }
        }
        assert_close(d.gini(), s / (2.0 * w_tot * w_tot * mean));
    }

    #[test]
    fn theil_hand_cases() {
        // Incomes 1, 2, 6, equal weights; mean 3, ratios 1/3, 2/3, 2.
        // T = (1/3)[(1/3)ln(1/3) + (2/3)ln(2/3) + 2 ln 2]
        //   = (1/3)[-(1/3)ln3 + (2/3)ln2 - (2/3)ln3 + 2 ln2]
        //   = (1/3)[(8/3)ln2 - ln3] = (8 ln2 - 3 ln3)/9 ≈ 0.249927.
        // L = (1/3)[ln(3/1) + ln(3/2) + ln(3/6)] = (1/3)[2 ln3 - 2 ln2] = (2/3)ln(3/2) ≈ 0.270310.
        let d = equal(&[1.0, 2.0, 6.0]);
        let (ln2, ln3) = (2f64.ln(), 3f64.ln());
        assert_close(d.theil_t(), (8.0 * ln2 - 3.0 * ln3) / 9.0);
        assert_close(d.theil_l(), 2.0 / 3.0 * 1.5f64.ln());
        assert!((d.theil_t() - 0.249_927).abs() < 1e-6);
        assert!((d.theil_l() - 0.270_310).abs() < 1e-6);

        // Equal incomes: both 0.
        let e = equal(&[4.0, 4.0, 4.0]);
        assert_eq!(e.theil_t(), 0.0);
        assert_eq!(e.theil_l(), 0.0);

        // Incomes 0, 2: mean 1; T = (1/2)(0 ln 0 + 2 ln 2) = ln 2; L infinite.
        let z = equal(&[0.0, 2.0]);
        assert_close(z.theil_t(), ln2);
        assert_eq!(z.theil_l(), f64::INFINITY);
        assert_eq!(equal(&[-1.0, 5.0]).theil_l(), f64::INFINITY);
        assert!(equal(&[-1.0, 5.0]).theil_t().is_nan());
    }

    #[test]
    fn shares_and_palma_hand_cases() {
        let d = equal(&[1.0, 2.0, 3.0, 4.0]); // total 10
        assert_eq!(d.bottom_share(0.0), 0.0);
        assert_eq!(d.bottom_share(1.0), 1.0);
        assert_eq!(d.top_share(0.0), 0.0);
        assert_eq!(d.top_share(1.0), 1.0);
        assert_close(d.bottom_share(0.5), 0.3); // (1 + 2) / 10
        assert_close(d.bottom_share(0.4), 0.22); // (1 + 0.6 * 2) / 10
        assert_close(d.top_share(0.1), 0.16); // 0.4 * 4 / 10
        assert_close(d.top_share(0.5), 0.7); // (3 + 4) / 10
        assert_close(d.top_share(0.3), 1.0 - d.bottom_share(0.7));
        assert_close(d.palma(), 0.16 / 0.22);
        // Straddling a weighted household: 10 (w 1), 20 (w 3); W = 4, Y = 70.
        // Bottom 50% = 2 persons = 10 + 1 * 20 = 30 -> 3/7.
        let w = Distribution::new([(20.0, 3.0), (10.0, 1.0)]);
        assert_close(w.bottom_share(0.5), 3.0 / 7.0);
        assert_close(w.top_share(0.25), 20.0 / 70.0);
        // Poorest 40% with no income: Palma infinite.
        assert_eq!(equal(&[0.0, 0.0, 0.0, 0.0, 1.0]).palma(), f64::INFINITY);
    }

    #[test]
    fn shares_out_of_range_are_nan() {
        let d = equal(&[1.0, 2.0]);
        for p in [-0.1, 1.1, f64::NAN] {
            assert!(d.bottom_share(p).is_nan());
            assert!(d.top_share(p).is_nan());
            assert!(d.quantile(p).is_nan());
        }
        let zero = equal(&[0.0, 0.0]);
        assert!(zero.bottom_share(0.5).is_nan());
        assert!(zero.gini().is_nan());
        assert!(zero.theil_t().is_nan());
        assert!(zero.palma().is_nan());
    }

    #[test]
    fn fgt_hand_cases() {
        // Line 10; incomes 5, 8, 12 with weights 1, 1, 2 (W = 4).
        let d = Distribution::new([(5.0, 1.0), (8.0, 1.0), (12.0, 2.0)]);
        assert_eq!(d.fgt(10.0, 0.0), 0.5); // 2 / 4
        assert_close(d.fgt(10.0, 1.0), 0.175); // (0.5 + 0.2) / 4
        assert_close(d.fgt(10.0, 2.0), 0.0725); // (0.25 + 0.04) / 4
        // General alpha: (0.5^1.5 + 0.2^1.5) / 4.
        assert_close(
            d.fgt(10.0, 1.5),
            (0.5f64.powf(1.5) + 0.2f64.powf(1.5)) / 4.0,
        );
        // Strictly below: income equal to the line is not poor.
        assert_eq!(d.fgt(8.0, 0.0), 0.25);
        assert_eq!(d.fgt(1.0, 2.0), 0.0);
        assert_eq!(d.count_below(10.0), 2.0);
        assert_eq!(d.count_below(8.0), 1.0);
        assert_eq!(d.count_below(100.0), 4.0);
        assert_eq!(d.count_below(5.0), 0.0);
        assert!(d.count_below(f64::NAN).is_nan());
        assert!(d.fgt(0.0, 1.0).is_nan());
        assert!(d.fgt(f64::INFINITY, 1.0).is_nan());
        assert!(d.fgt(10.0, -1.0).is_nan());
        assert!(d.fgt(10.0, f64::NAN).is_nan());
    }

    #[test]
    fn quantile_and_median() {
        // 10 (w 1), 20 (w 2), 30 (w 1): cumulative 1, 3, 4.
        let d = Distribution::new([(20.0, 2.0), (30.0, 1.0), (10.0, 1.0)]);
        assert_eq!(d.quantile(0.0), 10.0);
        assert_eq!(d.quantile(0.25), 10.0); // weight <= 10 is 1 >= 1
        assert_eq!(d.quantile(0.26), 20.0);
        assert_eq!(d.quantile(0.5), 20.0);
        assert_eq!(d.quantile(0.75), 20.0); // weight <= 20 is 3 >= 3
        assert_eq!(d.quantile(0.76), 30.0);
        assert_eq!(d.quantile(1.0), 30.0);
        assert_eq!(d.median(), 20.0);
        // Lower median for an even split.
        assert_eq!(equal(&[1.0, 2.0, 3.0, 4.0]).median(), 2.0);
        assert_eq!(equal(&[1.0, 2.0, 3.0, 4.0]).quantile(0.51), 3.0);
        // A heavy household dominates the median.
        assert_eq!(Distribution::new([(1.0, 1.0), (9.0, 5.0)]).median(), 9.0);
    }

    /// A household of weight 2 equals two identical households of weight 1, for every measure.
    #[test]
    fn weight_two_equals_two_households() {
        let merged =
            Distribution::new([(3.0, 1.0), (7.0, 2.0), (1.0, 1.0), (12.0, 1.5), (5.0, 2.0)]);
        let split = Distribution::new([
            (3.0, 1.0),
            (7.0, 1.0),
            (1.0, 1.0),
            (7.0, 1.0),
            (12.0, 1.5),
            (5.0, 1.0),
            (5.0, 1.0),
        ]);
        assert_eq!(merged.population(), split.population());
        assert_close(merged.mean(), split.mean());
        assert_close(merged.gini(), split.gini());
        assert_close(merged.theil_t(), split.theil_t());
        assert_close(merged.theil_l(), split.theil_l());
        assert_close(merged.palma(), split.palma());
        for p in [0.0, 0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 1.0] {
            assert_close(merged.bottom_share(p), split.bottom_share(p));
            assert_close(merged.top_share(p), split.top_share(p));
            assert_eq!(merged.quantile(p), split.quantile(p), "p = {p}");
        }
        assert_eq!(merged.median(), split.median());
        for line in [2.0, 5.0, 6.0, 8.0, 20.0] {
            for alpha in [0.0, 0.5, 1.0, 2.0, 3.0] {
                assert_close(merged.fgt(line, alpha), split.fgt(line, alpha));
            }
            assert_eq!(merged.count_below(line), split.count_below(line));
        }
        let wcv_merged = weighted_coefficient_of_variation(&[(3.0, 1.0), (7.0, 2.0)]);
        let wcv_split = weighted_coefficient_of_variation(&[(3.0, 1.0), (7.0, 1.0), (7.0, 1.0)]);
        assert_close(wcv_merged, wcv_split);
        let dec_merged = theil_t_decomposition(&[(3.0, 1.0, 0), (7.0, 2.0, 0), (5.0, 2.0, 1)]);
        let dec_split = theil_t_decomposition(&[
            (3.0, 1.0, 0),
            (7.0, 1.0, 0),
            (7.0, 1.0, 0),
            (5.0, 1.0, 1),
            (5.0, 1.0, 1),
        ]);
        assert_close(dec_merged.total, dec_split.total);
        assert_close(dec_merged.between, dec_split.between);
        assert_close(dec_merged.within, dec_split.within);
    }

    /// Deterministic pseudo-random (income, weight) pairs from a 64-bit LCG.
    fn lcg_pairs(n: usize, seed: u64) -> Vec<(f64, f64)> {
        let mut s = seed;
        let mut next = || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|_| {
                let y = 500.0 + 40_000.0 * next() * next();
                let w = 1.0 + (5.0 * next()).floor();
                (y, w)
            })
            .collect()
    }

    #[test]
    fn theil_decomposition_adds_up() {
        let obs: Vec<(f64, f64, usize)> = lcg_pairs(60, 42)
            .into_iter()
            .enumerate()
            .map(|(i, (y, w))| (y * (1.0 + (i % 4) as f64), w, [3, 0, 17, 5][i % 4]))
            .collect();
        let dec = theil_t_decomposition(&obs);
        assert!(dec.total > 0.0 && dec.between > 0.0 && dec.within > 0.0);
        assert!(close(dec.total, dec.between + dec.within, 1e-12), "{dec:?}");

        let d = Distribution::new(obs.iter().map(|&(y, w, _)| (y, w)));
        assert!(close(dec.total, d.theil_t(), 1e-12));

        // Group totals summed independently, in input order.
        let mut totals = [(0.0, 0.0); 18];
        for &(y, w, g) in &obs {
            totals[g].0 += w * y;
            totals[g].1 += w;
        }
        // Groups 1..=2, 4, 6..=16 are empty (zero population) and skipped.
        assert!(close(theil_t_between(&totals), dec.between, 1e-12));
    }

    #[test]
    fn theil_decomposition_hand_case() {
        // Groups A = {1, 1}, B = {3, 3}: within 0, between = total.
        // Total: mean 2, T = (1/4)[2 * 0.5 ln 0.5 + 2 * 1.5 ln 1.5] = (1/2)(1.5 ln1.5 - 0.5 ln2).
        // Between: s_A = 2/8, s_B = 6/8; 0.25 ln(1/2) + 0.75 ln(3/2) — the same.
        let dec =
            theil_t_decomposition(&[(1.0, 1.0, 0), (3.0, 1.0, 1), (1.0, 1.0, 0), (3.0, 1.0, 1)]);
        let expected = 0.5 * (1.5 * 1.5f64.ln() - 0.5 * 2f64.ln());
        assert_close(dec.total, expected);
        assert_close(dec.between, expected);
        assert_eq!(dec.within, 0.0);
        assert_close(
            theil_t_between(&[(2.0, 2.0), (6.0, 2.0), (5.0, 0.0)]),
            expected,
        );
        // A zero-income group contributes 0 to both parts; total is then 0 ln 0 + ...
        let z = theil_t_decomposition(&[(0.0, 1.0, 0), (2.0, 1.0, 1)]);
        assert_close(z.total, 2f64.ln());
        assert_close(z.between, 2f64.ln());
        assert_eq!(z.within, 0.0);
        // Undefined cases.
        assert!(
            theil_t_decomposition(&[(-1.0, 1.0, 0), (2.0, 1.0, 1)])
                .total
                .is_nan()
        );
        assert!(theil_t_decomposition(&[(0.0, 1.0, 0)]).between.is_nan());
        assert!(theil_t_between(&[(-1.0, 1.0), (5.0, 1.0)]).is_nan());
        assert!(theil_t_between(&[(1.0, 0.0)]).is_nan());
    }

    #[test]
    fn coefficients_of_variation() {
        // 2,4,4,4,5,5,7,9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, var 4, sd 2.
        assert_eq!(
            coefficient_of_variation(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]),
            0.4
        );
        assert_eq!(coefficient_of_variation(&[3.0, 3.0]), 0.0);
        assert!(coefficient_of_variation(&[-1.0, 1.0]).is_nan());
        // Williamson: (1, pop 1), (3, pop 3): P = 4, ybar = 10/4 = 2.5,
        // var = (1/4)(1.5^2) + (3/4)(0.5^2) = 0.5625 + 0.1875 = 0.75; sqrt(0.75)/2.5 = sqrt(3)/5.
        assert_close(
            weighted_coefficient_of_variation(&[(1.0, 1.0), (3.0, 3.0)]),
            3f64.sqrt() / 5.0,
        );
        // Equal weights reduce to the unweighted CV; invalid pairs are dropped.
        assert_close(
            weighted_coefficient_of_variation(&[
                (2.0, 7.0),
                (4.0, 7.0),
                (9.0, 0.0),
                (1.0, f64::NAN),
            ]),
            coefficient_of_variation(&[2.0, 4.0]),
        );
        assert_close(coefficient_of_variation(&[2.0, 4.0]), 1.0 / 3.0);
    }

    #[test]
    fn max_min() {
        assert_eq!(max_min_ratio(&[2.0, 8.0, 4.0]), 4.0);
        assert_eq!(max_min_ratio(&[5.0]), 1.0);
        assert!(max_min_ratio(&[0.0, 8.0]).is_nan());
        assert!(max_min_ratio(&[-1.0, 8.0]).is_nan());
        assert!(max_min_ratio(&[1.0, f64::NAN, 8.0]).is_nan());
        assert!(max_min_ratio(&[f64::NAN, 1.0]).is_nan());
    }

    #[test]
    fn empty_inputs_are_nan() {
        let all_invalid = Distribution::new([(1.0, 0.0), (f64::NAN, 1.0)]);
        for d in [
            Distribution::new(std::iter::empty()),
            Distribution::default(),
            all_invalid,
        ] {
            assert!(d.is_empty());
            assert_eq!(d.len(), 0);
            assert_eq!(d.population(), 0.0);
            assert_eq!(d.total_income(), 0.0);
            assert_eq!(d.count_below(10.0), 0.0);
            for v in [
                d.mean(),
                d.quantile(0.5),
                d.quantile(0.0),
                d.median(),
                d.gini(),
                d.theil_t(),
                d.theil_l(),
                d.bottom_share(0.4),
                d.top_share(0.1),
                d.palma(),
                d.fgt(10.0, 0.0),
                d.fgt(10.0, 2.0),
            ] {
                assert!(v.is_nan());
            }
        }
        let dec = theil_t_decomposition(&[]);
        assert!(dec.total.is_nan() && dec.between.is_nan() && dec.within.is_nan());
        assert!(theil_t_between(&[]).is_nan());
        assert!(coefficient_of_variation(&[]).is_nan());
        assert!(weighted_coefficient_of_variation(&[]).is_nan());
        assert!(max_min_ratio(&[]).is_nan());
    }

    #[test]
    fn rebuild_reuses_buffers_and_matches_new() {
        let big = lcg_pairs(100, 1);
        let small = lcg_pairs(30, 2);
        let mut d = Distribution::new(big.iter().copied());
        let ptrs = |d: &Distribution| {
            [
                d.incomes.as_ptr() as usize,
                d.weights.as_ptr() as usize,
                d.cum_weights.as_ptr() as usize,
                d.cum_incomes.as_ptr() as usize,
                d.scratch.as_ptr() as usize,
            ]
        };
        let before = ptrs(&d);
        d.rebuild(small.iter().copied());
        assert_eq!(ptrs(&d), before);
        let fresh = Distribution::new(small.iter().copied());
        assert_eq!(d.incomes(), fresh.incomes());
        assert_eq!(d.weights(), fresh.weights());
        assert_eq!(d.gini(), fresh.gini());
        assert_eq!(d.median(), fresh.median());
    }

    #[test]
    fn ties_keep_input_order_and_negative_zero_is_zero() {
        let d = Distribution::new([(2.0, 3.0), (1.0, 1.0), (2.0, 1.0), (-0.0, 1.0), (0.0, 2.0)]);
        assert_eq!(d.incomes(), &[0.0, 0.0, 1.0, 2.0, 2.0]);
        assert!(d.incomes()[0].is_sign_positive());
        assert_eq!(d.weights(), &[1.0, 2.0, 1.0, 3.0, 1.0]);
        // -0.0 and 0.0 form one block: persons 0,0,0,1,2,2,2,2 (W = 8, Y = 9).
        // Pair sum: zeros vs 1: 3*1, zeros vs 2: 3*4*2, 1 vs 2: 4*1 -> 3 + 24 + 4 = 31, doubled
        // 62; Gini = 62 / (2 * 64 * 9/8) = 62/144.
        assert_close(d.gini(), 62.0 / 144.0);
    }
}
