//! The metric table: every yearly metric declared once, with its name, label, unit and
//! computation (in the manner of Mesa's model reporters).
//!
//! [`METRICS`] is the order of `metrics.csv` and `summary.csv`; the charts take their titles,
//! axis units and scales from it, and `tests/docs_cover_metrics.rs` checks it against
//! `docs/MODEL.md` §9, which defines every metric. Code elsewhere refers to a metric through
//! its constant here (`table::GINI`), never through its name as a string.
//!
//! Each `compute` reads a [`Context`], built once a year by
//! [`collect`](super::collect::collect): the sorted income distributions and the per-region
//! and per-zone sums.

use std::fmt;

use super::collect::Context;
use super::inequality::{
    coefficient_of_variation, max_min_ratio, theil_t_between, weighted_coefficient_of_variation,
};
use crate::scenario::Zone;
use crate::world::accounts::{Flow, IncomeSource};
use crate::world::{RURAL, URBAN};

/// One yearly metric: what it is called, how it is shown and how it is computed.
///
/// The label is bilingual: English and simplified Chinese.
#[derive(Clone, Copy)]
pub struct Metric {
    /// The name in `metrics.csv`, `summary.csv`, `effects.csv` and `observed.csv`.
    pub name: &'static str,
    /// The English label, as chart panel titles show it.
    pub label: &'static str,
    /// The Chinese label, as charts drawn with `output.language = "zh"` show it.
    pub label_zh: &'static str,
    /// The unit of the value times [`Metric::scale`], as the charts' value axes show it.
    pub unit: &'static str,
    /// The factor applied to values before they are charted (100 for a fraction shown in %).
    pub scale: f64,
    /// Computes the metric for the year a [`Context`] describes.
    pub compute: fn(&Context) -> f64,
}

impl fmt::Debug for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Metric")
            .field("name", &self.name)
            .field("label", &self.label)
            .field("label_zh", &self.label_zh)
            .field("unit", &self.unit)
            .field("scale", &self.scale)
            .finish_non_exhaustive()
    }
}

/// Writes the metric's name.
impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Every metric, in the order they are written (one row each per year).
pub static METRICS: &[Metric] = &[
    INCOME_MEAN,
    INCOME_MEAN_SURVEY,
    INCOME_EAST,
    INCOME_CENTRAL,
    INCOME_WEST,
    INCOME_NORTHEAST,
    INCOME_URBAN,
    INCOME_RURAL,
    INCOME_URBAN_EARNINGS,
    INCOME_URBAN_PROPERTY,
    INCOME_URBAN_TRANSFERS,
    INCOME_RURAL_EARNINGS,
    INCOME_RURAL_PROPERTY,
    INCOME_RURAL_TRANSFERS,
    EAST_WEST_RATIO,
    PROVINCE_CV,
    PROVINCE_CV_WEIGHTED,
    PROVINCE_MAX_MIN_RATIO,
    THEIL_BETWEEN_PROVINCES,
    THEIL_BETWEEN_ZONES,
    URBAN_RURAL_RATIO,
    URBAN_SHARE,
    GINI,
    GINI_SURVEY,
    THEIL_T,
    THEIL_L,
    PALMA,
    TOP10_SHARE,
    BOTTOM40_SHARE,
    RURAL_POVERTY_RATE,
    RURAL_POOR,
    POVERTY_GAP,
    POVERTY_SEVERITY,
    RELATIVE_POVERTY_RATE,
    PUBLIC_SERVICES_CV,
    PUBLIC_SERVICES_WEST_EAST,
    ECOLOGY_MEAN,
    ECOLOGY_MIN,
    PAIRED_AID,
    CENTRAL_TRANSFERS,
    POVERTY_FUND,
    TALENT_STOCK,
    ENTERPRISE_INVESTMENT,
    CONSUMPTION_ASSISTANCE,
    MIGRANTS,
    PLACEMENTS_FORMERLY_POOR_SHARE,
    REMITTANCES,
    DONATIONS,
    AID_LEAKAGE,
    INCOME_Q1,
    INCOME_Q2,
    INCOME_Q3,
    INCOME_Q4,
    INCOME_Q5,
    INCOME_RECIPIENTS,
    INCOME_RECIPIENTS_PEOPLE,
    INCOME_DONORS,
    COST_TRANSFERS,
    COST_TALENT,
    COST_TECHNOLOGY,
    COST_ENTERPRISE,
    COST_LABOUR,
    COST_CONSUMPTION,
    COST_CHARITY,
];

/// The position of the metric called `name` in [`METRICS`].
pub fn position(name: &str) -> Option<usize> {
    METRICS.iter().position(|m| m.name == name)
}

const YUAN_PER_CAPITA: &str = "yuan per capita";
const YUAN_A_YEAR: &str = "yuan a year";
const RATIO: &str = "ratio";
const INDEX: &str = "index";
const PERSONS: &str = "persons";

// 9.1 Levels.

pub(crate) const INCOME_MEAN: Metric = Metric {
    name: "income_mean",
    label: "Mean income",
    label_zh: "居民人均可支配收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.totals.income / c.totals.population,
};
pub(crate) const INCOME_MEAN_SURVEY: Metric = Metric {
    name: "income_mean_survey",
    label: "Mean income (survey weights)",
    label_zh: "居民人均可支配收入（统计加权）",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.survey_mean(),
};
pub(crate) const INCOME_EAST: Metric = Metric {
    name: "income_east",
    label: "Mean income in the east",
    label_zh: "东部地区人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.zone_mean(Zone::East),
};
pub(crate) const INCOME_CENTRAL: Metric = Metric {
    name: "income_central",
    label: "Mean income in the centre",
    label_zh: "中部地区人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.zone_mean(Zone::Central),
};
pub(crate) const INCOME_WEST: Metric = Metric {
    name: "income_west",
    label: "Mean income in the west",
    label_zh: "西部地区人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.zone_mean(Zone::West),
};
pub(crate) const INCOME_NORTHEAST: Metric = Metric {
    name: "income_northeast",
    label: "Mean income in the northeast",
    label_zh: "东北地区人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.zone_mean(Zone::Northeast),
};
pub(crate) const INCOME_URBAN: Metric = Metric {
    name: "income_urban",
    label: "Mean urban income",
    label_zh: "城镇居民人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.sector_mean(URBAN),
};
pub(crate) const INCOME_RURAL: Metric = Metric {
    name: "income_rural",
    label: "Mean rural income",
    label_zh: "农村居民人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.sector_mean(RURAL),
};

/// One metric per sector and source of income (docs/MODEL.md 9.1): per resident, from the
/// year's accounts.
macro_rules! income_by_source {
    ($($name:ident, $key:literal, $label:literal, $label_zh:literal, $sector:ident, $source:ident;)+) => {
        $(pub(crate) const $name: Metric = Metric {
            name: $key,
            label: $label,
            label_zh: $label_zh,
            unit: YUAN_PER_CAPITA,
            scale: 1.0,
            compute: |c| c.source_mean($sector, IncomeSource::$source),
        };)+
    };
}

income_by_source! {
    INCOME_URBAN_EARNINGS, "income_urban_earnings", "Urban wages and business income",
        "城镇居民人均工资等收入", URBAN, Earnings;
    INCOME_URBAN_PROPERTY, "income_urban_property", "Urban property income",
        "城镇居民人均财富收入", URBAN, Property;
    INCOME_URBAN_TRANSFERS, "income_urban_transfers", "Urban net transfer income",
        "城镇居民人均转移收入", URBAN, Transfers;
    INCOME_RURAL_EARNINGS, "income_rural_earnings", "Rural wages and business income",
        "农村居民人均工资等收入", RURAL, Earnings;
    INCOME_RURAL_PROPERTY, "income_rural_property", "Rural property income",
        "农村居民人均财富收入", RURAL, Property;
    INCOME_RURAL_TRANSFERS, "income_rural_transfers", "Rural net transfer income",
        "农村居民人均转移收入", RURAL, Transfers;
}

// 9.2 Regional gap.

pub(crate) const EAST_WEST_RATIO: Metric = Metric {
    name: "east_west_ratio",
    label: "East–west income ratio",
    label_zh: "东西部收入比",
    unit: RATIO,
    scale: 1.0,
    compute: |c| c.zone_mean(Zone::East) / c.zone_mean(Zone::West),
};
pub(crate) const PROVINCE_CV: Metric = Metric {
    name: "province_cv",
    label: "Provincial income dispersion (CV)",
    label_zh: "省际收入差异（变异系数）",
    unit: INDEX,
    scale: 1.0,
    compute: |c| coefficient_of_variation(&c.totals.means),
};
pub(crate) const PROVINCE_CV_WEIGHTED: Metric = Metric {
    name: "province_cv_weighted",
    label: "Provincial income dispersion (weighted CV)",
    label_zh: "省际收入差异（加权变异系数）",
    unit: INDEX,
    scale: 1.0,
    compute: |c| weighted_coefficient_of_variation(&c.totals.weighted_means),
};
pub(crate) const PROVINCE_MAX_MIN_RATIO: Metric = Metric {
    name: "province_max_min_ratio",
    label: "Richest / poorest province income",
    label_zh: "最高与最低省份收入之比",
    unit: RATIO,
    scale: 1.0,
    compute: |c| max_min_ratio(&c.totals.means),
};
pub(crate) const THEIL_BETWEEN_PROVINCES: Metric = Metric {
    name: "theil_between_provinces",
    label: "Theil index between provinces",
    label_zh: "省际泰尔指数",
    unit: INDEX,
    scale: 1.0,
    compute: |c| theil_t_between(&c.totals.provinces),
};
pub(crate) const THEIL_BETWEEN_ZONES: Metric = Metric {
    name: "theil_between_zones",
    label: "Theil index between zones",
    label_zh: "四大区域间泰尔指数",
    unit: INDEX,
    scale: 1.0,
    compute: |c| theil_t_between(&c.totals.zones),
};

// 9.3 Urban–rural gap.

pub(crate) const URBAN_RURAL_RATIO: Metric = Metric {
    name: "urban_rural_ratio",
    label: "Urban–rural income ratio",
    label_zh: "城乡收入比",
    unit: RATIO,
    scale: 1.0,
    compute: |c| c.sector_mean(URBAN) / c.sector_mean(RURAL),
};

pub(crate) const URBAN_SHARE: Metric = Metric {
    name: "urban_share",
    label: "Urban share of residents",
    label_zh: "城镇化率",
    unit: "% of residents",
    scale: 100.0,
    compute: |c| c.totals.sectors[URBAN].1 / c.totals.population,
};

// 9.4 Group gap and poverty.

pub(crate) const GINI: Metric = Metric {
    name: "gini",
    label: "Gini coefficient",
    label_zh: "基尼系数",
    unit: INDEX,
    scale: 1.0,
    compute: |c| c.all.gini(),
};
pub(crate) const GINI_SURVEY: Metric = Metric {
    name: "gini_survey",
    label: "Gini coefficient (survey weights)",
    label_zh: "基尼系数（统计加权）",
    unit: INDEX,
    scale: 1.0,
    compute: |c| c.survey_gini,
};
pub(crate) const THEIL_T: Metric = Metric {
    name: "theil_t",
    label: "Theil T index",
    label_zh: "泰尔T指数",
    unit: INDEX,
    scale: 1.0,
    compute: |c| c.all.theil_t(),
};
pub(crate) const THEIL_L: Metric = Metric {
    name: "theil_l",
    label: "Theil L index",
    label_zh: "泰尔L指数",
    unit: INDEX,
    scale: 1.0,
    compute: |c| c.all.theil_l(),
};
pub(crate) const PALMA: Metric = Metric {
    name: "palma",
    label: "Palma ratio (top 10 % / bottom 40 %)",
    label_zh: "帕尔玛比值（前10% / 后40%）",
    unit: RATIO,
    scale: 1.0,
    compute: |c| c.all.palma(),
};
pub(crate) const TOP10_SHARE: Metric = Metric {
    name: "top10_share",
    label: "Income share of the top 10 %",
    label_zh: "收入最高10%人群的收入份额",
    unit: "% of income",
    scale: 100.0,
    compute: |c| c.all.top_share(0.1),
};
pub(crate) const BOTTOM40_SHARE: Metric = Metric {
    name: "bottom40_share",
    label: "Income share of the bottom 40 %",
    label_zh: "收入最低40%人群的收入份额",
    unit: "% of income",
    scale: 100.0,
    compute: |c| c.all.bottom_share(0.4),
};
pub(crate) const RURAL_POVERTY_RATE: Metric = Metric {
    name: "rural_poverty_rate",
    label: "Rural absolute poverty rate",
    label_zh: "农村绝对贫困发生率",
    unit: "% of rural residents",
    scale: 100.0,
    compute: |c| c.rural.fgt(c.poverty_line, 0.0),
};
pub(crate) const RURAL_POOR: Metric = Metric {
    name: "rural_poor",
    label: "Rural residents below the absolute line",
    label_zh: "绝对贫困线以下的农村人口",
    unit: PERSONS,
    scale: 1.0,
    compute: |c| c.rural.count_below(c.poverty_line),
};
pub(crate) const POVERTY_GAP: Metric = Metric {
    name: "poverty_gap",
    label: "Rural poverty gap (FGT1)",
    label_zh: "农村贫困深度（FGT1）",
    unit: INDEX,
    scale: 1.0,
    compute: |c| c.rural.fgt(c.poverty_line, 1.0),
};
pub(crate) const POVERTY_SEVERITY: Metric = Metric {
    name: "poverty_severity",
    label: "Rural poverty severity (FGT2)",
    label_zh: "农村贫困强度（FGT2）",
    unit: INDEX,
    scale: 1.0,
    compute: |c| c.rural.fgt(c.poverty_line, 2.0),
};
pub(crate) const RELATIVE_POVERTY_RATE: Metric = Metric {
    name: "relative_poverty_rate",
    label: "Relative poverty rate",
    label_zh: "相对贫困发生率",
    unit: "% of residents",
    scale: 100.0,
    compute: |c| {
        c.all
            .fgt(c.economy.relative_poverty_share * c.all.median(), 0.0)
    },
};

// 9.5 Services and ecology.

pub(crate) const PUBLIC_SERVICES_CV: Metric = Metric {
    name: "public_services_cv",
    label: "Dispersion of public services (CV)",
    label_zh: "公共服务差异（变异系数）",
    unit: INDEX,
    scale: 1.0,
    compute: |c| coefficient_of_variation(&c.totals.services),
};
pub(crate) const PUBLIC_SERVICES_WEST_EAST: Metric = Metric {
    name: "public_services_west_east",
    label: "Public services, west / east",
    label_zh: "西部与东部公共服务之比",
    unit: RATIO,
    scale: 1.0,
    compute: |c| c.zone_services(Zone::West) / c.zone_services(Zone::East),
};
pub(crate) const ECOLOGY_MEAN: Metric = Metric {
    name: "ecology_mean",
    label: "Mean ecological quality",
    label_zh: "平均生态质量",
    unit: INDEX,
    scale: 1.0,
    compute: |c| c.regions.iter().map(|r| r.ecology).sum::<f64>() / c.regions.len() as f64,
};
pub(crate) const ECOLOGY_MIN: Metric = Metric {
    name: "ecology_min",
    label: "Lowest ecological quality",
    label_zh: "最低生态质量",
    unit: INDEX,
    scale: 1.0,
    compute: |c| {
        c.regions
            .iter()
            .map(|r| r.ecology)
            .fold(f64::INFINITY, f64::min)
    },
};

// 9.6 Flows of the year.

pub(crate) const PAIRED_AID: Metric = Metric {
    name: "paired_aid",
    label: "Paired aid sent",
    label_zh: "对口帮扶资金",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.sum(|r| r.flows.paired_aid_out),
};
pub(crate) const CENTRAL_TRANSFERS: Metric = Metric {
    name: "central_transfers",
    label: "Central transfers",
    label_zh: "中央转移支付",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.sum(|r| r.flows.central_transfer_in),
};
pub(crate) const POVERTY_FUND: Metric = Metric {
    name: "poverty_fund",
    label: "Central poverty fund",
    label_zh: "中央财政专项扶贫资金",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.sum(|r| r.flows.poverty_fund_in),
};
pub(crate) const TALENT_STOCK: Metric = Metric {
    name: "talent_stock",
    label: "Dispatched talents present",
    label_zh: "在岗选派人才",
    unit: PERSONS,
    scale: 1.0,
    compute: |c| c.sum(|r| r.talents.dispatched()),
};
pub(crate) const ENTERPRISE_INVESTMENT: Metric = Metric {
    name: "enterprise_investment",
    label: "Enterprise investment",
    label_zh: "企业投资",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.sum(|r| r.flows.enterprise_investment_out),
};
pub(crate) const CONSUMPTION_ASSISTANCE: Metric = Metric {
    name: "consumption_assistance",
    label: "Consumption assistance purchases",
    label_zh: "消费帮扶采购额",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.sum(|r| r.flows.consumption_out),
};
pub(crate) const MIGRANTS: Metric = Metric {
    name: "migrants",
    label: "Migrant workers away",
    label_zh: "跨省外出务工人员",
    unit: PERSONS,
    scale: 1.0,
    compute: |c| c.migrants(),
};
pub(crate) const PLACEMENTS_FORMERLY_POOR_SHARE: Metric = Metric {
    name: "placements_formerly_poor_share",
    label: "Share of placements from the poverty register",
    label_zh: "劳务协作中贫困人员占比",
    unit: RATIO,
    scale: 1.0,
    compute: |c| {
        let placed = c.sum(|r| r.flows.placements);
        if placed > 0.0 {
            c.sum(|r| r.flows.placements_formerly_poor) / placed
        } else {
            f64::NAN
        }
    },
};
pub(crate) const REMITTANCES: Metric = Metric {
    name: "remittances",
    label: "Remittances received",
    label_zh: "务工汇款收入",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.sum(|r| r.flows.remittances_in),
};
pub(crate) const DONATIONS: Metric = Metric {
    name: "donations",
    label: "Donations collected",
    label_zh: "社会捐赠",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.sum(|r| r.flows.donations_out),
};
pub(crate) const AID_LEAKAGE: Metric = Metric {
    name: "aid_leakage",
    label: "Paired aid lost to leakage",
    label_zh: "帮扶资金漏损",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.sum(|r| r.flows.aid_leakage),
};

pub(crate) const INCOME_Q1: Metric = Metric {
    name: "income_q1",
    label: "Mean income of quintile 1 (poorest fifth)",
    label_zh: "低收入组人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.all.group_mean(0.0, 0.2),
};
pub(crate) const INCOME_Q2: Metric = Metric {
    name: "income_q2",
    label: "Mean income of quintile 2",
    label_zh: "中等偏下收入组人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.all.group_mean(0.2, 0.4),
};
pub(crate) const INCOME_Q3: Metric = Metric {
    name: "income_q3",
    label: "Mean income of quintile 3",
    label_zh: "中等收入组人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.all.group_mean(0.4, 0.6),
};
pub(crate) const INCOME_Q4: Metric = Metric {
    name: "income_q4",
    label: "Mean income of quintile 4",
    label_zh: "中等偏上收入组人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.all.group_mean(0.6, 0.8),
};
pub(crate) const INCOME_Q5: Metric = Metric {
    name: "income_q5",
    label: "Mean income of quintile 5 (richest fifth)",
    label_zh: "高收入组人均收入",
    unit: YUAN_PER_CAPITA,
    scale: 1.0,
    compute: |c| c.all.group_mean(0.8, 1.0),
};
pub(crate) const INCOME_RECIPIENTS: Metric = Metric {
    name: "income_recipients",
    label: "Disposable income of recipient regions",
    label_zh: "受援地区居民可支配收入总额",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| {
        c.sum(|r| {
            if r.recipient {
                r.income_total[URBAN] + r.income_total[RURAL]
            } else {
                0.0
            }
        })
    },
};
pub(crate) const INCOME_RECIPIENTS_PEOPLE: Metric = Metric {
    name: "income_recipients_people",
    label: "Disposable income of recipient regions' registered people, wherever they live",
    label_zh: "受援地区人口可支配收入总额（外出务工人员在内）",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.registered_income(|r| r.recipient),
};
pub(crate) const INCOME_DONORS: Metric = Metric {
    name: "income_donors",
    label: "Disposable income of donor regions",
    label_zh: "支援地区居民可支配收入总额",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| {
        c.sum(|r| {
            if r.donor {
                r.income_total[URBAN] + r.income_total[RURAL]
            } else {
                0.0
            }
        })
    },
};
pub(crate) const COST_TRANSFERS: Metric = Metric {
    name: "cost_transfers",
    label: "Cost of fiscal transfers",
    label_zh: "财政转移成本",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| {
        let net_central =
            c.sum(|r| (r.flows.central_transfer_in - r.flows.central_transfer_out).max(0.0));
        c.flow(Flow::PairedAid) + c.flow(Flow::PovertyFund) + net_central
    },
};
pub(crate) const COST_TALENT: Metric = Metric {
    name: "cost_talent",
    label: "Cost of talent exchange",
    label_zh: "人才交流成本",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.flow(Flow::TalentServices) + c.flow(Flow::TalentAllowances),
};
pub(crate) const COST_TECHNOLOGY: Metric = Metric {
    name: "cost_technology",
    label: "Cost of technology transfer",
    label_zh: "技术转移成本",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.flow(Flow::TechnologyProgramme),
};
pub(crate) const COST_ENTERPRISE: Metric = Metric {
    name: "cost_enterprise",
    label: "Cost of enterprise investment",
    label_zh: "企业投资成本",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.flow(Flow::EnterpriseInvestment),
};
pub(crate) const COST_LABOUR: Metric = Metric {
    name: "cost_labour",
    label: "Cost of labour cooperation",
    label_zh: "劳务协作成本",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.flow(Flow::PlacementProgramme),
};
pub(crate) const COST_CONSUMPTION: Metric = Metric {
    name: "cost_consumption",
    label: "Cost of consumption assistance",
    label_zh: "消费帮扶成本",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.flow(Flow::ConsumptionPremium),
};
pub(crate) const COST_CHARITY: Metric = Metric {
    name: "cost_charity",
    label: "Cost of charity (donations)",
    label_zh: "慈善捐赠成本",
    unit: YUAN_A_YEAR,
    scale: 1.0,
    compute: |c| c.flow(Flow::Donations),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case_and_found_by_position() {
        for (i, m) in METRICS.iter().enumerate() {
            assert!(
                m.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{m}"
            );
            assert_eq!(position(m.name), Some(i), "{m} is listed twice");
        }
        assert_eq!(position("no such metric"), None);
    }

    #[test]
    fn every_metric_has_a_label_a_unit_and_a_scale() {
        for m in METRICS {
            assert!(!m.label.is_empty() && !m.unit.is_empty(), "{m}");
            assert!(
                m.label_zh
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{m}: the Chinese label has no Chinese"
            );
            assert!(m.scale == 1.0 || m.scale == 100.0, "{m}: scale {}", m.scale);
            // A metric shown in % is a fraction of something.
            assert_eq!(m.scale == 100.0, m.unit.starts_with('%'), "{m}: {}", m.unit);
        }
        assert_eq!(GINI.to_string(), GINI.name);
    }
}
