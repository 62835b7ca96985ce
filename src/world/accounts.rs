//! The transaction-flow record of one year (docs/MODEL.md 7.13): every flow of money between
//! institutional units, from its payer to its receiver, booked once, and the units' stocks.
//!
//! The record has one source and one sink outside the units: value added enters it at each
//! region's production ([`Unit::Origin`] pays [`Flow::ValueAdded`] to [`Unit::Production`]),
//! and resources leave it where they are used up ([`Unit::FinalUse`]: consumption, public
//! services, capital formation, waste). Everything else moves between units, so each unit's net
//! receipts are the change of its stock.

use std::collections::BTreeMap;

use super::{RURAL, Region, URBAN};

/// An institutional unit, or one of the two edges of the record ([`Unit::Origin`],
/// [`Unit::FinalUse`]). Region units carry the region index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// Households of a region's urban sector.
    HouseholdsUrban(u16),
    /// Households of a region's rural sector living at home (migrants working away are
    /// residents of their destination's cities, [`Unit::HouseholdsUrban`]).
    HouseholdsRural(u16),
    /// A region's production: where its value added is created and paid out as earnings,
    /// production taxes and profits.
    Production(u16),
    /// The firms owned by a region's residents (their business at home and their capital in
    /// paired regions).
    Enterprises(u16),
    /// A region's local government.
    Government(u16),
    /// The central government.
    Central,
    /// The charity sector (social organisations and platforms).
    Charity,
    /// Where value added enters the record (not an institutional unit).
    Origin,
    /// Where resources leave the record in a region: final consumption, public services,
    /// ecology, capital formation and waste (not an institutional unit).
    FinalUse(u16),
}

impl Unit {
    /// The households of `sector` in `region`.
    pub fn households(region: usize, sector: usize) -> Unit {
        if sector == URBAN {
            Unit::HouseholdsUrban(region as u16)
        } else {
            Unit::HouseholdsRural(region as u16)
        }
    }

    /// Whether this is one of the record's edges rather than an institutional unit.
    pub fn is_edge(self) -> bool {
        matches!(self, Unit::Origin | Unit::FinalUse(_))
    }

    /// Whether this unit is households (of either sector).
    pub fn is_households(self) -> bool {
        matches!(self, Unit::HouseholdsUrban(_) | Unit::HouseholdsRural(_))
    }

    /// The name written in `accounts.csv`: `kind:Region` for region units, `central`,
    /// `charity`, `origin`.
    pub fn label(self, regions: &[Region]) -> String {
        let name = |r: u16| regions[r as usize].name.as_str();
        match self {
            Unit::HouseholdsUrban(r) => format!("households_urban:{}", name(r)),
            Unit::HouseholdsRural(r) => format!("households_rural:{}", name(r)),
            Unit::Production(r) => format!("production:{}", name(r)),
            Unit::Enterprises(r) => format!("enterprises:{}", name(r)),
            Unit::Government(r) => format!("government:{}", name(r)),
            Unit::Central => "central".into(),
            Unit::Charity => "charity".into(),
            Unit::Origin => "origin".into(),
            Unit::FinalUse(r) => format!("final_use:{}", name(r)),
        }
    }
}

/// Declares [`Flow`] and its names in `accounts.csv` once.
macro_rules! flows {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)+) => {
        /// A kind of flow: the `flow` column of `accounts.csv` (docs/MODEL.md 7.13 lists each
        /// with its payer and receiver).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Flow {
            $($(#[$doc])* $variant,)+
        }

        impl Flow {
            /// Every flow, in the order of `accounts.csv`.
            pub const ALL: &'static [Flow] = &[$(Flow::$variant,)+];

            /// The name written in `accounts.csv`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Flow::$variant => $name,)+
                }
            }
        }
    };
}

flows! {
    /// Value added of a region's production (origin → production).
    ValueAdded = "value_added",
    /// Earnings at home: wages and net business income (production → households).
    Earnings = "earnings",
    /// Earnings of migrants working in another region (production of the destination →
    /// urban households of the destination, where the migrants are residents).
    EarningsAway = "earnings_away",
    /// Remittances migrants send home (urban households of the destination → rural
    /// households of the home region).
    Remittances = "remittances",
    /// Taxes on production: the local government's fiscal revenue (production → government).
    ProductionTax = "production_tax",
    /// Profits of capital: the home business and the paired capital of a region's firms
    /// (production of the capital's location → enterprises of its owners).
    Profits = "profits",
    /// Dividends: profits distributed to the owners (enterprises → households).
    Dividends = "dividends",
    /// Personal income tax (households → government).
    IncomeTax = "income_tax",
    /// Minimum-living guarantee (government or central → households).
    Dibao = "dibao",
    /// Rural pensions and subsidies (government or central → rural households).
    RuralTransfers = "rural_transfers",
    /// Contribution to the central equalising pool (government → central).
    CentralContribution = "central_contribution",
    /// Central equalising transfer (central → government).
    CentralTransfer = "central_transfer",
    /// Contribution to the central poverty fund (government → central).
    PovertyFundContribution = "poverty_fund_contribution",
    /// Central poverty fund (central → government).
    PovertyFund = "poverty_fund",
    /// Paired aid (donor government → recipient government).
    PairedAid = "paired_aid",
    /// Aid and fund money lost to leakage (government → final use).
    AidLeakage = "aid_leakage",
    /// Direct support out of aid and the poverty fund (government → rural households).
    DirectSupport = "direct_support",
    /// Resettlement of registered poor households: housing and the sites' infrastructure
    /// (government or central → final use).
    Relocation = "relocation",
    /// Spending on public services (government → final use).
    PublicServices = "public_services",
    /// Spending on ecology (government → final use).
    Ecology = "ecology",
    /// Public investment in industry and infrastructure (government → final use).
    PublicInvestment = "public_investment",
    /// The rest of a government's spending: administration and public goods the model does
    /// not follow (government → final use).
    OtherSpending = "other_spending",
    /// Investment subsidy to firms investing in paired regions (government → enterprises).
    EnterpriseSubsidy = "enterprise_subsidy",
    /// Capital formation in paired regions by a region's firms (enterprises → final use of
    /// the recipient).
    EnterpriseInvestment = "enterprise_investment",
    /// Wages paid by paired firms to low-income rural residents (production → rural
    /// households).
    EnterpriseWages = "enterprise_wages",
    /// Allowances and working funds of dispatched talents and trainees, spent where they work
    /// or train (donor government → final use).
    TalentAllowances = "talent_allowances",
    /// Public services delivered in a recipient by dispatched teachers and doctors, valued at
    /// their pay (donor government → recipient government, in kind).
    TalentServices = "talent_services",
    /// Technology-transfer programme spending (donor government → final use of the recipient).
    TechnologyProgramme = "technology_programme",
    /// Organised placement programme spending (donor government → final use of the recipient).
    PlacementProgramme = "placement_programme",
    /// Price premium of consumption-assistance purchases (donor government → rural households
    /// of the recipient).
    ConsumptionPremium = "consumption_premium",
    /// Income from the additional sales that consumption assistance opens (donor government →
    /// rural households of the recipient).
    ConsumptionSales = "consumption_sales",
    /// Donations (households or enterprises → charity).
    Donations = "donations",
    /// Charity's payments to rural residents (charity → rural households).
    CharityPayments = "charity_payments",
    /// Venture-philanthropy projects (charity → final use).
    VenturePhilanthropy = "venture_philanthropy",
    /// Charity's overhead (charity → final use).
    CharityOverhead = "charity_overhead",
    /// Households' final consumption (households → final use).
    Consumption = "consumption",
}

impl Flow {
    /// Whether the flow belongs to households' income account: receipts and payments that make
    /// up disposable income (everything but consumption).
    pub fn is_income(self) -> bool {
        self != Flow::Consumption
    }

    /// The source of households' disposable income the flow is part of, as NBS splits it
    /// (docs/MODEL.md 9.1): wages and net business income, property income, and net transfers
    /// (transfers received less transfers paid: income tax, donations and remittances sent);
    /// `None` for consumption.
    pub fn income_source(self) -> Option<IncomeSource> {
        match self {
            Flow::Earnings
            | Flow::EarningsAway
            | Flow::EnterpriseWages
            | Flow::ConsumptionPremium
            | Flow::ConsumptionSales => Some(IncomeSource::Earnings),
            Flow::Dividends => Some(IncomeSource::Property),
            Flow::Consumption => None,
            _ => Some(IncomeSource::Transfers),
        }
    }
}

/// A source of households' disposable income ([`Flow::income_source`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomeSource {
    /// Wages and net business income (NBS 工资性收入 and 经营净收入).
    Earnings,
    /// Property income (财产净收入).
    Property,
    /// Net transfers (转移净收入).
    Transfers,
}

/// The flows of one year, summed by (flow, payer, receiver), in a fixed order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Accounts {
    entries: BTreeMap<(Flow, Unit, Unit), f64>,
}

impl Accounts {
    /// Forgets every flow (at a year's start).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Books `amount` yuan of `flow` from `payer` to `receiver` (nothing for a zero amount).
    pub fn book(&mut self, flow: Flow, payer: Unit, receiver: Unit, amount: f64) {
        if amount != 0.0 {
            *self.entries.entry((flow, payer, receiver)).or_insert(0.0) += amount;
        }
    }

    /// Every booked flow as `(flow, payer, receiver, amount)`, ordered by flow, then payer,
    /// then receiver.
    pub fn iter(&self) -> impl Iterator<Item = (Flow, Unit, Unit, f64)> + '_ {
        self.entries
            .iter()
            .map(|(&(flow, payer, receiver), &amount)| (flow, payer, receiver, amount))
    }

    /// What `unit` received less what it paid this year, over the flows `which` selects.
    pub fn net_receipts_of(&self, unit: Unit, which: impl Fn(Flow) -> bool) -> f64 {
        self.iter()
            .filter(|(flow, ..)| which(*flow))
            .map(|(_, payer, receiver, amount)| {
                let received = if receiver == unit { amount } else { 0.0 };
                let paid = if payer == unit { amount } else { 0.0 };
                received - paid
            })
            .sum()
    }

    /// What `unit` received less what it paid this year.
    pub fn net_receipts(&self, unit: Unit) -> f64 {
        self.net_receipts_of(unit, |_| true)
    }

    /// The total of one flow this year.
    pub fn total(&self, flow: Flow) -> f64 {
        self.iter()
            .filter(|(f, ..)| *f == flow)
            .map(|(.., amount)| amount)
            .sum()
    }

    /// The total of one flow paid by units that `payer` selects.
    pub fn paid(&self, flow: Flow, payer: impl Fn(Unit) -> bool) -> f64 {
        self.iter()
            .filter(|(f, p, ..)| *f == flow && payer(*p))
            .map(|(.., amount)| amount)
            .sum()
    }

    /// The total of one flow received by units that `receiver` selects.
    pub fn received(&self, flow: Flow, receiver: impl Fn(Unit) -> bool) -> f64 {
        self.iter()
            .filter(|(f, _, r, _)| *f == flow && receiver(*r))
            .map(|(.., amount)| amount)
            .sum()
    }
}

/// The units' stocks at the end of the last completed year (yuan): net financial wealth, and the
/// capital that firms own in paired regions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stocks {
    /// Households' net financial wealth by region and sector (their accumulated saving).
    pub households: Vec<[f64; 2]>,
    /// Enterprises' net financial wealth by owner region (negative: the capital they hold is
    /// financed by their owners' equity).
    pub enterprises: Vec<f64>,
    /// Local governments' net financial wealth by region.
    pub governments: Vec<f64>,
    /// The central government's net financial wealth.
    pub central: f64,
}

impl Stocks {
    /// Zero stocks for `regions` regions.
    pub fn new(regions: usize) -> Self {
        Self {
            households: vec![[0.0; 2]; regions],
            enterprises: vec![0.0; regions],
            governments: vec![0.0; regions],
            central: 0.0,
        }
    }

    /// The stock of `unit`, where the record follows one (production and the edges have none;
    /// charity's is its pool, held in the world).
    pub fn of(&self, unit: Unit) -> Option<f64> {
        match unit {
            Unit::HouseholdsUrban(r) => Some(self.households[r as usize][URBAN]),
            Unit::HouseholdsRural(r) => Some(self.households[r as usize][RURAL]),
            Unit::Enterprises(r) => Some(self.enterprises[r as usize]),
            Unit::Government(r) => Some(self.governments[r as usize]),
            Unit::Central => Some(self.central),
            Unit::Production(_) | Unit::Charity | Unit::Origin | Unit::FinalUse(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_sum_by_payer_and_receiver_and_net_out() {
        let mut accounts = Accounts::default();
        let (gov, hh) = (Unit::Government(0), Unit::HouseholdsRural(0));
        accounts.book(Flow::Dibao, gov, hh, 100.0);
        accounts.book(Flow::Dibao, gov, hh, 50.0);
        accounts.book(Flow::IncomeTax, hh, gov, 30.0);
        accounts.book(Flow::Consumption, hh, Unit::FinalUse(0), 0.0);
        assert_eq!(accounts.iter().count(), 2, "zero amounts are not booked");
        assert_eq!(accounts.net_receipts(hh), 120.0);
        assert_eq!(accounts.net_receipts(gov), -120.0);
        assert_eq!(accounts.total(Flow::Dibao), 150.0);
        assert_eq!(accounts.paid(Flow::IncomeTax, Unit::is_households), 30.0);
    }

    #[test]
    fn every_flow_has_its_own_name() {
        let mut names: Vec<&str> = Flow::ALL.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Flow::ALL.len());
    }
}
