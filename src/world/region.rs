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
    /// Technicians of the technology-transfer programme (deliver it; `policy::technology`).
    pub technicians: f64,
    /// Western cadres and professionals trained in the east.
    pub trainees: f64,
}

impl TalentStock {
    /// Eastern talents of the talent-exchange lever present (cadres, teachers, doctors; the
    /// technology programme's technicians are counted apart).
    pub fn dispatched(&self) -> f64 {
        self.cadres + self.teachers + self.doctors
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
        /// Rural pensions and subsidies paid to this region's registered rural persons.
        rural_transfers,
        /// Part of `rural_transfers` paid by the central government (the rest by this region's).
        rural_transfers_central,
        /// Persons of this region on the poverty register resettled by the relocation programme
        /// this year, in towns and villages (persons).
        relocated,
        /// Cost of this year's resettlement in this region (housing and infrastructure).
        relocation,
        /// Part of `relocation` paid by the central government (the rest by this region's).
        relocation_central,
        /// Aid paid directly to households (targeted support).
        direct_support,
        /// Enterprise wages paid to low-income households.
        enterprise_wages,
        /// Earnings at home of this region's urban residents (wages and net business income).
        earnings_urban,
        /// Earnings at home of this region's rural residents.
        earnings_rural,
        /// Earnings away of this region's migrants, paid in other regions.
        earnings_away,
        /// Property income (dividends) received by this region's households.
        property_income,
        /// Households' final consumption.
        consumption,
        /// Value added of the region's production: its earnings (at home and to migrants from
        /// elsewhere), production taxes and profits.
        value_added,
        /// Residents placed by labour cooperation (persons).
        placements,
        /// Of them, residents on the poverty register (persons).
        placements_formerly_poor,
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

/// The urban weight of the NBS household survey in a region (docs/MODEL.md 9.1): NBS's
/// all-resident mean is `w · urban mean + (1 − w) · rural mean`, where `w` is the survey's
/// urban share, not the urban share of residents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurveyWeight {
    /// The survey's urban weight in the start year (`region.survey_urban_share`).
    pub start: f64,
    /// The region's urban share of residents in the start year.
    pub urban_share_start: f64,
    /// Points of weight per point of urban share gained (`economy.survey_urban_share_tracking`).
    pub tracking: f64,
}

impl SurveyWeight {
    /// The survey's urban weight when the urban share of residents is `urban_share`:
    /// `start + tracking · (urban_share − urban_share_start)`, kept within 0..1.
    pub fn weight(&self, urban_share: f64) -> f64 {
        (self.start + self.tracking * (urban_share - self.urban_share_start)).clamp(0.0, 1.0)
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
    /// Yearly share of the rural residents who become urban residents
    /// (`region.urbanisation_rate`).
    pub urbanisation_rate: f64,
    /// How the NBS household survey weights the region's urban and rural means into its
    /// all-resident mean (`region.survey_urban_share`); `None`: by the resident population.
    pub survey: Option<SurveyWeight>,
    /// Enterprise capital invested here by paired enterprises (yuan).
    pub enterprise_capital: f64,
    /// Aid allocated to industry and infrastructure, accumulated as capital (yuan).
    pub public_capital: f64,
    /// Technology (knowledge) capital built by the technology-transfer programme (yuan).
    pub knowledge_capital: f64,
    /// Earnings at home of the region's residents in the last completed year (yuan): the base
    /// against which capital's earnings gains are expressed as a wage factor.
    pub earnings: f64,
    /// Employed rural residents at home at the end of the last completed year (persons): the
    /// base of the placement programme's expected cost.
    pub employed_rural_at_home: f64,
    /// Of them, those on the poverty register ([`EVER_POOR`](crate::world::households::EVER_POOR))
    /// (persons): the base of the placements' targeting.
    pub ever_poor_employed_at_home: f64,
    /// Sum over the cell's households of weight × wealth weight, by sector: the denominator of
    /// each household's share of its cell's property income.
    pub wealth_norm: [f64; 2],
    /// Dividends its firms pay this year to the region's households, by sector (yuan; paid at
    /// the year's end in proportion to wealth).
    pub dividends: [f64; 2],
    /// The start year's net central transfer (received − paid) as a share of the region's
    /// fiscal revenue: the part of the transfer system its start-year services already reflect.
    pub central_net_start: f64,
    /// Whether the region is the recipient of some pairing of the scenario (any year).
    pub recipient: bool,
    /// Whether the region is the donor of some pairing of the scenario (any year).
    pub donor: bool,
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
    /// Resident population by sector (persons): where they live, by the NBS rule for
    /// residents (docs/MODEL.md 7.16). A household working away counts in its destination's
    /// urban population, not at home. In the last completed year it is resident person-years
    /// (the persons of each tick's residents, averaged over the year's ticks).
    pub population: [f64; 2],
    /// Registered population by sector (persons): the households whose home is this region
    /// and sector, wherever they live. Support for rural residents is paid by this register,
    /// to the households away too (their families at home receive it).
    pub registered: [f64; 2],
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

    /// Urban share of the residents.
    pub fn urban_share(&self) -> f64 {
        self.population[URBAN] / self.population_total()
    }

    /// Factor by which NBS's survey weights the region's residents of `sector` against their
    /// number (docs/MODEL.md 9.1): `w / u` for urban residents and `(1 − w) / (1 − u)` for
    /// rural ones, `u` the urban share of residents and `w` the survey's urban weight; 1
    /// without a survey weight or when a sector has no residents.
    pub fn survey_factor(&self, sector: usize) -> f64 {
        match self.survey_weight() {
            Some((u, w)) if sector == URBAN => w / u,
            Some((u, w)) => (1.0 - w) / (1.0 - u),
            None => 1.0,
        }
    }

    /// Per-capita income of all residents as NBS's survey weights it (docs/MODEL.md 9.1): the
    /// urban and rural means combined with the survey's urban weight. Without a survey weight,
    /// or when a sector has no residents, it is [`Region::income_mean`].
    pub fn income_mean_survey(&self) -> f64 {
        match self.survey_weight() {
            Some((_, w)) => {
                w * self.income_per_capita(URBAN) + (1.0 - w) * self.income_per_capita(RURAL)
            }
            None => self.income_mean(),
        }
    }

    /// The urban share of residents u and the survey's urban weight w at it, when the region
    /// has a survey weight and residents in both sectors (otherwise there is nothing to weigh).
    fn survey_weight(&self) -> Option<(f64, f64)> {
        let survey = self.survey?;
        if self.population[URBAN] > 0.0 && self.population[RURAL] > 0.0 {
            let u = self.urban_share();
            Some((u, survey.weight(u)))
        } else {
            None
        }
    }

    /// Productivity of a sector including the earnings gain of the capital invested in the
    /// region: `A · (1 + gain)`, where `gain` is the year's earnings from capital relative to
    /// the region's earnings at home (docs/MODEL.md 7.1).
    pub fn effective_productivity(&self, sector: usize, gain: f64) -> f64 {
        self.productivity[sector] * (1.0 + gain)
    }

    /// Yearly earnings `amount` (yuan) as a share of the region's earnings at home last year
    /// (0 when it had none): the wage factor by which capital's earnings reach its residents.
    pub fn earnings_share(&self, amount: f64) -> f64 {
        if self.earnings > 0.0 {
            amount / self.earnings
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::fixture;

    #[test]
    fn capital_s_earnings_are_a_share_of_last_year_s_earnings() {
        let mut region = fixture::region("R", Zone::West);
        region.earnings = 2e10;
        assert_eq!(region.earnings_share(1e9), 0.05);
        let a = region.productivity[URBAN];
        assert_eq!(region.effective_productivity(URBAN, 0.05), a * 1.05);
        region.earnings = 0.0;
        assert_eq!(region.earnings_share(1e9), 0.0);
    }

    #[test]
    fn the_survey_mean_weights_the_sector_means_by_the_survey_s_urban_weight() {
        let mut region = fixture::region("R", Zone::West);
        region.population = [6e5, 4e5];
        region.income_total = [6e5 * 30_000.0, 4e5 * 10_000.0];
        // By residents: 0.6 · 30,000 + 0.4 · 10,000.
        assert_eq!(region.income_mean(), 22_000.0);
        assert_eq!(region.income_mean_survey(), 22_000.0, "no survey weight");
        // The urban share gained 0.1 since the start (0.5 → 0.6): w = 0.45 + 0.5 · 0.1 = 0.5.
        region.survey = Some(SurveyWeight {
            start: 0.45,
            urban_share_start: 0.5,
            tracking: 0.5,
        });
        assert!((region.income_mean_survey() - 20_000.0).abs() < 1e-9);
        // Urban residents count 0.5 / 0.6 of their number, rural ones 0.5 / 0.4.
        assert!((region.survey_factor(URBAN) - 0.5 / 0.6).abs() < 1e-12);
        assert!((region.survey_factor(RURAL) - 1.25).abs() < 1e-12);
        // Kept within 0..1.
        let survey = region.survey.unwrap();
        assert_eq!(survey.weight(5.0), 1.0);
        assert_eq!(survey.weight(-5.0), 0.0);
        // Without rural residents the weight has nothing to combine.
        region.population = [1e6, 0.0];
        region.income_total = [3e10, 0.0];
        assert_eq!(region.income_mean_survey(), 30_000.0);
    }
}
