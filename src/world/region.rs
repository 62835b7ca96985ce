//! Region (province) agents: productivity, human capital, services, ecology, finances, and the
//! flows of one year.

use crate::scenario::Zone;

/// Urban or rural sector index into per-sector arrays.
pub const URBAN: usize = 0;
/// Rural sector index.
pub const RURAL: usize = 1;

/// Dispatched talents present in a region (persons).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TalentStock {
    /// Cadres (raise governance capacity).
    pub cadres: f64,
    /// Teachers (raise public services).
    pub teachers: f64,
    /// Doctors (raise public services).
    pub doctors: f64,
    /// Technicians (raise absorptive capacity).
    pub technicians: f64,
    /// Western trainees away in the east (raise absorptive capacity on return).
    pub trainees: f64,
}

impl TalentStock {
    /// Dispatched eastern talents present (cadres, teachers, doctors, technicians).
    pub fn dispatched(&self) -> f64 {
        self.cadres + self.teachers + self.doctors + self.technicians
    }
}

/// Declares [`Flows`], one `f64` field per flow, and the names and values of the flows that
/// `regions.csv` reports, in declaration order ([`Flows::REPORTED`], [`Flows::reported`]).
macro_rules! flows {
    (
        reported { $( $(#[$rdoc:meta])+ $reported:ident, )+ }
        internal { $( $(#[$idoc:meta])+ $internal:ident, )+ }
    ) => {
        /// Money and people that moved in one year, per region (yuan or persons).
        #[derive(Debug, Clone, Copy, Default, PartialEq)]
        pub struct Flows {
            $( $(#[$rdoc])+ pub $reported: f64, )+
            $( $(#[$idoc])+ pub $internal: f64, )+
        }

        impl Flows {
            /// Number of flows `regions.csv` reports.
            pub const REPORTED_COUNT: usize = [$(stringify!($reported)),+].len();
            /// Names of the flows `regions.csv` reports, in column order.
            pub const REPORTED: [&'static str; Self::REPORTED_COUNT] = [$(stringify!($reported)),+];

            /// Values of the flows `regions.csv` reports, in the order of [`Flows::REPORTED`].
            pub fn reported(&self) -> [f64; Self::REPORTED_COUNT] {
                [$(self.$reported),+]
            }
        }
    };
}

flows! {
    reported {
        /// Paired aid sent by this region as donor.
        paired_aid_out,
        /// Paired aid arriving in this region as recipient (before leakage).
        paired_aid_in,
        /// Part of the aid received that leaked.
        aid_leakage,
        /// Contribution to the central equalising pool.
        central_transfer_out,
        /// Central equalising transfer received.
        central_transfer_in,
        /// Contribution to the central poverty fund.
        poverty_fund_out,
        /// Central poverty fund received (before leakage).
        poverty_fund_in,
        /// Part of the poverty fund received that leaked.
        poverty_fund_leakage,
        /// Enterprise investment from this region's enterprises into paired regions.
        enterprise_investment_out,
        /// Enterprise investment received.
        enterprise_investment_in,
        /// Investment subsidy paid by this region's government to its own firms investing in
        /// paired regions (`subsidy_rate` × their investment).
        enterprise_subsidy,
        /// Profits of paired firms' capital in this region repatriated to their home regions.
        profits_out,
        /// Profits repatriated to this region's firms from their capital in paired regions.
        profits_in,
        /// Donations of this region's firms to the charity pool (part of `donations_out`).
        enterprise_donations,
        /// Consumption-assistance purchases made by this region.
        consumption_out,
        /// Consumption-assistance purchases of this region's rural products.
        consumption_in,
        /// Remittances sent home by households working in this region.
        remittances_out,
        /// Remittances received by this region's households from work elsewhere.
        remittances_in,
        /// Donations by this region's households and firms (collected this year, distributed the next).
        donations_out,
        /// Donations reaching this region (households and venture-philanthropy projects).
        donations_in,
        /// Income tax collected from this region's households (local government revenue).
        income_tax,
        /// Minimum-living guarantee paid to this region's households.
        dibao,
        /// Part of `dibao` paid by this region's government (out of its dibao budget).
        dibao_local,
        /// Part of `dibao` paid by the central government (the local budget's shortfall).
        dibao_central,
        /// Aid paid directly to households (targeted support).
        direct_support,
        /// Enterprise wages paid to low-income households.
        enterprise_wages,
        /// Persons of this region working away at the year's end.
        migrants_out,
        /// Persons from elsewhere working in this region at the year's end.
        migrants_in,
    }
    // Book-keeping the levers and tests read, not columns of `regions.csv`.
    internal {
        /// Profits of this region's firms: at home plus repatriated (the base of their donations).
        enterprise_profits,
        /// Planned support (aid, consumption margin, charity, enterprise wages) actually paid to
        /// this region's households, summed over the year's ticks.
        support_received,
    }
}

/// One region agent.
#[derive(Debug, Clone)]
pub struct Region {
    /// Name.
    pub name: String,
    /// Zone.
    pub zone: Zone,
    /// Sector productivity `A[urban|rural]`: yearly earnings at human capital 1 and shock 0 (yuan).
    pub productivity: [f64; 2],
    /// Regional human-capital level `H` (multiplies each household's own human capital).
    pub human_capital: f64,
    /// Starting human-capital level.
    pub human_capital_start: f64,
    /// Public-service index.
    pub public_services: f64,
    /// Starting public-service index (services decay back towards it without extra spending).
    pub public_services_start: f64,
    /// Ecology index in 0..1.
    pub ecology: f64,
    /// Governance capacity in 0..1.
    pub governance: f64,
    /// Relative propensity of the rural residents to work in another region (national = 1,
    /// `region.migration_propensity`): scales the start-year migrant share and the spontaneous
    /// migration rate.
    pub migration_propensity: f64,
    /// Absorptive capacity for technology (technicians and trainees raise it).
    pub absorption_bonus: f64,
    /// Enterprise capital invested here by paired enterprises (yuan).
    pub enterprise_capital: f64,
    /// Aid allocated to industry and infrastructure, accumulated as capital (yuan).
    pub public_capital: f64,
    /// Fiscal revenue as a share of residents' total income.
    pub fiscal_revenue_ratio: f64,
    /// Fiscal revenue of the current year (yuan).
    pub fiscal_revenue: f64,
    /// Paired aid sent in the previous year (for the growth floor).
    pub previous_aid: f64,
    /// Dispatched talents present.
    pub talents: TalentStock,
    /// Flows of the current year.
    pub flows: Flows,
    /// Population by sector (persons, from the households' weights).
    pub population: [f64; 2],
    /// Total disposable income by sector in the last completed year (yuan).
    pub income_total: [f64; 2],
    /// Persons below the poverty line in the last completed year, by sector.
    pub poor: [f64; 2],
    /// Persons registered for targeted support (own income below the poverty line in the last
    /// completed year), by sector.
    pub targeted: [f64; 2],
    /// Rural residents (home sector) whose projected income of the year was below the poverty
    /// line at the last tick: the count charity's within-year targeted payments are planned on
    /// (7.9).
    pub charity_eligible: f64,
}

impl Region {
    /// Total population.
    pub fn population_total(&self) -> f64 {
        self.population[URBAN] + self.population[RURAL]
    }

    /// Per-capita income of a sector in the last completed year.
    pub fn income_per_capita(&self, sector: usize) -> f64 {
        if self.population[sector] > 0.0 {
            self.income_total[sector] / self.population[sector]
        } else {
            f64::NAN
        }
    }

    /// Per-capita income of all residents in the last completed year.
    pub fn income_mean(&self) -> f64 {
        (self.income_total[URBAN] + self.income_total[RURAL]) / self.population_total()
    }

    /// Productivity of a sector including the capital invested in the region:
    /// `A · (1 + (ε_e · Ke + ε_p · Kp) / Y)`, with `enterprise_elasticity` ε_e for enterprise
    /// capital Ke and `public_elasticity` ε_p for public (aid-financed) capital Kp; `Y` is last
    /// year's total income of the region (the factor is 1 when `Y` is 0).
    pub fn effective_productivity(
        &self,
        sector: usize,
        enterprise_elasticity: f64,
        public_elasticity: f64,
    ) -> f64 {
        let income = self.income_total[URBAN] + self.income_total[RURAL];
        let capital = if income > 0.0 {
            (enterprise_elasticity * self.enterprise_capital
                + public_elasticity * self.public_capital)
                / income
        } else {
            0.0
        };
        self.productivity[sector] * (1.0 + capital)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::fixture;

    #[test]
    fn enterprise_and_public_capital_have_their_own_elasticities() {
        let mut region = fixture::region("R", Zone::West);
        region.enterprise_capital = 2e9; // 10 % of the region's income of 2e10
        region.public_capital = 4e9; // 20 %
        let a = region.productivity[URBAN];
        assert_eq!(region.effective_productivity(URBAN, 0.0, 0.0), a);
        assert!((region.effective_productivity(URBAN, 0.5, 0.0) - a * 1.05).abs() < 1e-12);
        assert!((region.effective_productivity(URBAN, 0.0, 0.5) - a * 1.10).abs() < 1e-12);
        assert!((region.effective_productivity(URBAN, 0.5, 0.5) - a * 1.15).abs() < 1e-12);
    }
}
