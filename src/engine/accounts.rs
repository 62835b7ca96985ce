//! Closing the year's accounts (docs/MODEL.md 7.13): the flows the households' step moved
//! (earnings, taxes, dibao, placements), the rural pensions and subsidies, the resettlement of
//! households on the poverty register, taxes on production, households' consumption, each
//! production's value added and each government's other spending, and the units' stocks.
//!
//! The levers book their own flows when they decide (aid, transfers, investment, support,
//! charity); what is left here is the households' side, measured by the tick tallies, and the
//! two balancing entries: value added (what production pays out) and other spending (what a
//! government has left, so its budget closes).

use crate::policy::{TickTotals, YearPlan};
use crate::scenario::EconomySpec;
use crate::world::accounts::{Flow, Unit};
use crate::world::{RURAL, URBAN, World};

/// Books the households' flows of the year from `year` (the sum of the ticks' totals), the
/// taxes on production, consumption, value added and the governments' other spending, and
/// updates the households' stocks. Runs after the year's incomes have closed and before the
/// fiscal revenue of the next year is set.
pub fn close(world: &mut World, year: &TickTotals, economy: &EconomySpec, plan: &YearPlan) {
    let regions = world.regions.len();
    let share = [
        economy.consumption_share_urban,
        economy.consumption_share_rural,
    ];
    for index in 0..regions {
        let r = index as u16;
        let (production, government, used) =
            (Unit::Production(r), Unit::Government(r), Unit::FinalUse(r));
        let region = &mut world.regions[index];
        let flows = &mut region.flows;
        let local = if flows.dibao > 0.0 {
            flows.dibao_local / flows.dibao
        } else {
            1.0
        };
        let accounts = &mut world.accounts;
        for sector in [URBAN, RURAL] {
            let households = Unit::households(index, sector);
            let tally = year.cell(index, sector);
            accounts.book(Flow::Earnings, production, households, tally.earnings);
            accounts.book(Flow::IncomeTax, households, government, tally.income_tax);
            accounts.book(Flow::Dibao, government, households, local * tally.dibao);
            accounts.book(
                Flow::Dibao,
                Unit::Central,
                households,
                (1.0 - local) * tally.dibao,
            );
            let consumption = share[sector] * region.income_total[sector];
            accounts.book(Flow::Consumption, households, used, consumption);
            flows.consumption += consumption;
            world.stocks.households[index][sector] += region.income_total[sector] - consumption;
        }
        // Migrants are residents of their destination's cities (7.16): their earnings are paid
        // there, and the remittances they send go to the rural households of their home.
        for destination in 0..regions {
            let earned = year.away(index, destination);
            let (d, remitted) = (destination as u16, plan.remittance_share * earned);
            let migrants = Unit::HouseholdsUrban(d);
            accounts.book(Flow::EarningsAway, Unit::Production(d), migrants, earned);
            accounts.book(
                Flow::Remittances,
                migrants,
                Unit::HouseholdsRural(r),
                remitted,
            );
            flows.earnings_away += earned;
            flows.remittances_in += remitted;
        }
        // Rural pensions and subsidies: the centre's part and the local government's (7.11).
        let (paid, central) = (flows.rural_transfers, flows.rural_transfers_central);
        let rural = Unit::HouseholdsRural(r);
        accounts.book(Flow::RuralTransfers, government, rural, paid - central);
        accounts.book(Flow::RuralTransfers, Unit::Central, rural, central);
        // The resettlement of households on the poverty register: the centre's part and the
        // province's (7.15).
        let (paid, central) = (flows.relocation, flows.relocation_central);
        accounts.book(Flow::Relocation, government, used, paid - central);
        accounts.book(Flow::Relocation, Unit::Central, used, central);
        let placements = flows.placements * plan.cost_per_placement;
        accounts.book(Flow::PlacementProgramme, government, used, placements);
        accounts.book(
            Flow::ProductionTax,
            production,
            government,
            region.fiscal_revenue,
        );
    }
    remittances_out(world, year, plan);
    // Value added: what each production paid out; other spending: what each government has
    // left (its budget closes, so its stock does not change).
    for index in 0..regions {
        let r = index as u16;
        let accounts = &mut world.accounts;
        let value_added = -accounts.net_receipts(Unit::Production(r));
        accounts.book(
            Flow::ValueAdded,
            Unit::Origin,
            Unit::Production(r),
            value_added,
        );
        world.regions[index].flows.value_added = value_added;
        let left = accounts.net_receipts(Unit::Government(r));
        accounts.book(
            Flow::OtherSpending,
            Unit::Government(r),
            Unit::FinalUse(r),
            left,
        );
    }
}

/// Remittances leave the destination: `remittance_share` × the earnings away paid there.
fn remittances_out(world: &mut World, year: &TickTotals, plan: &YearPlan) {
    let regions = world.regions.len();
    for home in 0..regions {
        for destination in 0..regions {
            let remitted = plan.remittance_share * year.away(home, destination);
            world.regions[destination].flows.remittances_out += remitted;
        }
    }
}
