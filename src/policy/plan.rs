//! The policy layer's shared types: what the levers decide for a year ([`YearPlan`],
//! [`RegionPlan`], [`Allocation`]), the active pairs ([`Pair`]), and what the levers'
//! per-household rules share during a tick ([`TickIncome`], [`Tally`]).
//!
//! Every lever and the engine may import this module; a lever never imports another lever
//! (ARCHITECTURE.md, "Invariants").

use crate::world::Flows;

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

/// Shares of received fiscal aid (after leakage) by use; they sum to 1. The assessment regime
/// sets them for paired aid (`policy::assessment::allocation`); the poverty fund has its own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Allocation {
    /// Paid directly to poor rural households (targeted support).
    pub direct_support: f64,
    /// Public services (education, health).
    pub public_services: f64,
    /// Industry and infrastructure (public capital raising productivity).
    pub industry: f64,
    /// Ecology.
    pub ecology: f64,
}

/// What the levers decided for one region for the current year; the household step and the
/// region dynamics read it every tick. Amounts are yuan per year.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RegionPlan {
    /// Paid per person per year to rural residents who were poor last year.
    pub support_poor: f64,
    /// Paid per person per year to every rural resident.
    pub support_rural: f64,
    /// Change in the government's spending on public services that the levers cause (yuan a
    /// year; signed): aid, fund and transfer money spent on services and the talents' services,
    /// less what the government pays out for the levers (docs/MODEL.md 7.13). It moves the
    /// service index.
    pub services_spending: f64,
    /// Spending on ecology.
    pub ecology_spending: f64,
    /// Dibao line (yuan per person per year); 0 when the guarantee is off.
    pub dibao_line: f64,
    /// Yearly probability that an employed rural resident at home who is not on the poverty
    /// register is placed in a donor region.
    pub placement_rate: f64,
    /// The same for one on the poverty register (`EVER_POOR`).
    pub placement_rate_ever_poor: f64,
    /// Range of this region's entries in [`YearPlan::placement_destinations`].
    pub placement_range: (u32, u32),
    /// Human capital added by venture-philanthropy projects over the year (index points).
    pub human_capital_projects: f64,
    /// Earnings of the year from the capital invested in the region (paired firms, public and
    /// technology capital) as a share of its earnings at home last year: the wage factor
    /// `A_eff = A · (1 + gain)`.
    pub earnings_gain: f64,
    /// Whether charity's pool pays this region's rural residents this year (docs/MODEL.md 7.9).
    pub charity_in_scope: bool,
    /// Charity paid this tick per eligible rural resident (projected income of the year below
    /// the poverty line, docs/MODEL.md 7.9), yuan per tick.
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
    /// the year start, reduced by every tick's payments (docs/MODEL.md 7.9).
    pub charity_budget: f64,
    /// Ticks of the year still to run, the current one included (charity's projection of a
    /// household's yearly income, docs/MODEL.md 7.9).
    pub ticks_left: f64,
    /// Poverty line of the year (yuan per person per year): charity's within-year eligibility.
    pub poverty_line: f64,
    /// Migration cost share for organised placements.
    pub placement_cost: f64,
    /// Share of earnings away remitted home.
    pub remittance_share: f64,
    /// Programme spending per organised placement this year (yuan, indexed).
    pub cost_per_placement: f64,
    /// Nominal cost level of the year relative to the start year
    /// ([`crate::world::World::cost_index`] at the year start); multiplies the unit costs of
    /// services, ecology and projects.
    pub cost_index: f64,
    /// Rural pensions and subsidies of the year per registered rural person (yuan a year, paid
    /// at the year end; `policy::rural_transfers`).
    pub rural_transfer: f64,
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

/// What one household received and paid in one tick, per person (yuan), as the levers' rules
/// computed it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TickIncome {
    /// Market income: earnings at home or away (net of the move's cost).
    pub market: f64,
    /// Income tax paid.
    pub tax: f64,
    /// Dibao received.
    pub dibao: f64,
    /// Donation given.
    pub donation: f64,
    /// Planned support received (aid, consumption, enterprise wages, charity's untargeted and
    /// yearly shares), charity's within-year payment excluded.
    pub support: f64,
    /// Charity's within-year payment received.
    pub charity: f64,
    /// Remittances sent home by a household working away (`policy.labour.remittance_share` ×
    /// its earnings away).
    pub remitted: f64,
}

impl TickIncome {
    /// A tick's market income, tax, dibao and donation, with no support or charity yet.
    #[inline]
    pub fn new(market: f64, tax: f64, dibao: f64, donation: f64) -> Self {
        Self {
            market,
            tax,
            dibao,
            donation,
            support: 0.0,
            charity: 0.0,
            remitted: 0.0,
        }
    }

    /// Own income: market income net of tax, before any transfer.
    #[inline]
    pub fn own(&self) -> f64 {
        self.market - self.tax
    }

    /// Everything paid to the household by the levers: planned support and charity.
    #[inline]
    pub fn received(&self) -> f64 {
        self.support + self.charity
    }

    /// Disposable income: own income plus support, charity and dibao, less the donation and
    /// the remittances sent home.
    #[inline]
    pub fn disposable(&self) -> f64 {
        self.market - self.tax + self.received() + self.dibao - self.donation - self.remitted
    }
}

/// Money a cell's households (one region × sector) moved in one tick (yuan, or persons).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    /// Earnings at home.
    pub earnings: f64,
    /// Income tax paid by residents.
    pub income_tax: f64,
    /// Dibao received by residents.
    pub dibao: f64,
    /// Residents placed by the labour-cooperation programme this tick (persons).
    pub placed: f64,
    /// Of them, residents on the poverty register (`EVER_POOR`; persons).
    pub placed_ever_poor: f64,
    /// Donations by residents.
    pub donations: f64,
    /// Planned support (aid, consumption, charity, enterprise wages) received by residents
    /// (charity's within-year payments included).
    pub support: f64,
    /// Charity's within-year payments received by rural residents (part of `support`).
    pub charity: f64,
    /// Rural residents eligible for charity's targeted payment: projected income of the year
    /// below the poverty line (persons).
    pub eligible: f64,
    /// Residents of the tick (persons; summed over a year's ticks, resident person-ticks).
    pub persons: f64,
}

impl Tally {
    /// Records the tick of one household living in this cell: it is `weight` residents, and
    /// both what it pays and what it receives are booked here ([`Tally::record_paid`] and
    /// [`Tally::record_received`]).
    #[inline]
    pub fn record(&mut self, income: &TickIncome, weight: f64, eligible: f64) {
        self.persons += weight;
        self.record_paid(income, weight);
        self.record_received(income, weight, eligible);
    }

    /// Records what one household paid in the tick (income tax and donation) times its
    /// `weight`: in the cell where it lives.
    #[inline]
    pub fn record_paid(&mut self, income: &TickIncome, weight: f64) {
        self.income_tax += income.tax * weight;
        self.donations += income.donation * weight;
    }

    /// Records what one household received in the tick (dibao, support, charity) times its
    /// `weight`, and the persons it counts as eligible for charity's targeted payment: in its
    /// home cell, where the register that pays them is (a household away too: its family at
    /// home receives them).
    #[inline]
    pub fn record_received(&mut self, income: &TickIncome, weight: f64, eligible: f64) {
        self.dibao += income.dibao * weight;
        self.support += income.received() * weight;
        self.charity += income.charity * weight;
        self.eligible += eligible;
    }

    /// Adds another tally field by field.
    pub fn add(&mut self, other: &Tally) {
        self.earnings += other.earnings;
        self.income_tax += other.income_tax;
        self.dibao += other.dibao;
        self.placed += other.placed;
        self.placed_ever_poor += other.placed_ever_poor;
        self.donations += other.donations;
        self.support += other.support;
        self.charity += other.charity;
        self.eligible += other.eligible;
        self.persons += other.persons;
    }

    /// Books the tick's earnings, tax, dibao, placements and planned support of one of a
    /// region's cells into the region's flows of the year (donations and charity's payments are
    /// booked by `charity::book`).
    pub fn book(&self, sector: usize, flows: &mut Flows) {
        if sector == crate::world::URBAN {
            flows.earnings_urban += self.earnings;
        } else {
            flows.earnings_rural += self.earnings;
        }
        flows.income_tax += self.income_tax;
        flows.dibao += self.dibao;
        flows.placements += self.placed;
        flows.placements_formerly_poor += self.placed_ever_poor;
        flows.support_received += self.support;
    }
}

/// What the households of a chunk (or all households) moved in one tick, or in a year: the
/// [`Tally`] of each cell (region-major, `cells[2 · region + sector]`), and the earnings of
/// migrants by home and destination region (home-major, `away[home · R + destination]`, yuan).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TickTotals {
    /// Per home cell.
    pub cells: Vec<Tally>,
    /// Earnings away by home and destination.
    pub away: Vec<f64>,
}

impl TickTotals {
    /// Zero totals for `regions` regions.
    pub fn new(regions: usize) -> Self {
        Self {
            cells: vec![Tally::default(); 2 * regions],
            away: vec![0.0; regions * regions],
        }
    }

    /// Number of regions.
    pub fn regions(&self) -> usize {
        self.cells.len() / 2
    }

    /// The tally of `sector` in `region`.
    #[inline]
    pub fn cell(&self, region: usize, sector: usize) -> &Tally {
        &self.cells[2 * region + sector]
    }

    /// The tally of `sector` in `region`, to add to.
    #[inline]
    pub fn cell_mut(&mut self, region: usize, sector: usize) -> &mut Tally {
        &mut self.cells[2 * region + sector]
    }

    /// Earnings away of migrants from `home` working in `destination`.
    pub fn away(&self, home: usize, destination: usize) -> f64 {
        self.away[home * self.regions() + destination]
    }

    /// Sets every total to zero.
    pub fn clear(&mut self) {
        self.cells.iter_mut().for_each(|t| *t = Tally::default());
        self.away.iter_mut().for_each(|x| *x = 0.0);
    }

    /// Adds other totals, element by element.
    pub fn add(&mut self, other: &TickTotals) {
        for (total, part) in self.cells.iter_mut().zip(&other.cells) {
            total.add(part);
        }
        for (total, part) in self.away.iter_mut().zip(&other.away) {
            *total += part;
        }
    }
}
