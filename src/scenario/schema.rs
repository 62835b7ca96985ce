//! The scenario schema: the typed tables of a scenario file (every key, unit and default is
//! listed in `docs/MODEL.md` §8), with every default.
//!
//! Every struct rejects unknown keys (`deny_unknown_fields`) and has a documented default, so
//! a scenario only states what differs from the defaults. `docs/MODEL.md` lists every key
//! with its unit and default; the test `docs_cover_schema` keeps the two in step.

use serde::{Deserialize, Serialize};

/// A whole scenario file, as parsed (before overrides are resolved into per-year policy).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    /// `[scenario]`: name and description.
    pub scenario: ScenarioInfo,
    /// `[time]`: simulated years and ticks per year.
    pub time: TimeSpec,
    /// `[run]`: seed, replicates and agent counts.
    pub run: RunSpec,
    /// `[data]`: optional CSV files (relative to the scenario file) for regions and pairings.
    pub data: DataSpec,
    /// `[economy]`: parameters of the household income process and regional growth that are
    /// not policy levers.
    pub economy: EconomySpec,
    /// `[[region]]`: inline regions (added after those read from `data.regions`).
    pub region: Vec<RegionSpec>,
    /// `[[pairing]]`: inline donor → recipient pairings (added after `data.pairings`).
    pub pairing: Vec<PairingSpec>,
    /// `[policy.*]`: the policy levers.
    pub policy: PolicySpec,
    /// `[[phase]]`: policy changes from a given year on.
    pub phase: Vec<PhaseSpec>,
    /// `[output]`: charts, image formats and household snapshots.
    pub output: OutputSpec,
    /// `[variants.NAME]`: dotted-key overrides onto the baseline, one table per variant.
    pub variants: toml::Table,
    /// `[sweep]`: parameter values expanded into variants.
    pub sweep: SweepSpec,
    /// `[sensitivity]`: the global sensitivity analysis `ewsim sensitivity` runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitivity: Option<SensitivitySpec>,
    /// `[[uncertainty]]`: the uncertain keys of a sensitivity analysis and their distributions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncertainty: Vec<UncertaintySpec>,
    /// `[optimize]`: the policy-mix search `ewsim optimize` runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub optimize: Option<OptimizeSpec>,
    /// `[calibrate]`: the grid fit to observed series `ewsim calibrate` runs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibrate: Option<CalibrateSpec>,
}

/// `[scenario]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScenarioInfo {
    /// Short name; the default output folder is `output/<name>/`.
    pub name: String,
    /// Free text.
    pub description: String,
    /// Chart title (default: the description, else the name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Chart title when `output.language = "zh"` (default: `title`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_zh: Option<String>,
}

impl Default for ScenarioInfo {
    fn default() -> Self {
        Self {
            name: "scenario".into(),
            description: String::new(),
            title: None,
            title_zh: None,
        }
    }
}

/// `[time]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TimeSpec {
    /// The year the world is initialised at (reported as the first year).
    pub start_year: i32,
    /// The last simulated year (inclusive).
    pub end_year: i32,
    /// Ticks per simulated year (12 = monthly).
    pub ticks_per_year: u32,
}

impl Default for TimeSpec {
    fn default() -> Self {
        Self {
            start_year: 2015,
            end_year: 2035,
            ticks_per_year: 12,
        }
    }
}

/// `[run]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RunSpec {
    /// Master seed of every random stream.
    pub seed: u64,
    /// Number of replicates (independent random worlds) per variant.
    pub replicates: u32,
    /// Number of household agents (each stands for `weight` persons).
    pub households: u32,
    /// Number of enterprise agents.
    pub enterprises: u32,
}

impl Default for RunSpec {
    fn default() -> Self {
        Self {
            seed: 1,
            replicates: 1,
            households: 100_000,
            enterprises: 2_000,
        }
    }
}

/// `[data]`: CSV inputs, paths relative to the scenario file.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct DataSpec {
    /// Regions CSV with one column per `[[region]]` key (`name,zone,population_urban,
    /// population_rural,income_urban,income_rural`, optionally `fiscal_revenue`, ...): the format
    /// of `scenarios/data/regions_2015.csv`, not of the source table `provinces_2015.csv`.
    pub regions: Option<String>,
    /// Pairings CSV with one column per `[[pairing]]` key (`donor,recipient,weight,from_year,
    /// until_year`): the format of `scenarios/data/pairings_2016_2021.csv`.
    pub pairings: Option<String>,
    /// Observed national series (`year,metric,value,source`) copied to `observed.csv` for charts.
    pub observed: Option<String>,
}

/// `[economy]`: household income process and regional growth (not policy levers).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EconomySpec {
    /// Nominal growth of sector productivity per year (fraction); also the growth by which the
    /// year's property income is projected from last year's incomes (docs/MODEL.md 7.6).
    pub productivity_growth: f64,
    /// Extra yearly growth of rural productivity over `productivity_growth` (fraction): rural
    /// catch-up the levers do not explain.
    pub rural_productivity_extra_growth: f64,
    /// Share of its region's urban–rural productivity gap a household closes when it becomes
    /// urban (docs/MODEL.md 7.15): its earning power is rescaled by
    /// `(A_rural + share · (A_urban − A_rural)) / A_urban`. 1: it earns as a native of the same
    /// skill; 0: the same earnings as before.
    pub urbanisation_earnings_share: f64,
    /// Elasticity θ of earnings with respect to human capital (`A · h^θ · exp(z)`).
    pub human_capital_elasticity: f64,
    /// Standard deviation of log per-capita income within a region × sector at the start.
    pub income_dispersion_urban: f64,
    /// Same for rural residents.
    pub income_dispersion_rural: f64,
    /// Share of the rural households whose earning capacity is `rural_low_capacity_earnings`
    /// times the rest's (households with little labour: elderly, sick or disabled members;
    /// docs/MODEL.md section 5). 0 = no such group.
    pub rural_low_capacity_share: f64,
    /// Earning capacity of the rural low-capacity group, relative to a household of the same
    /// draws outside it (0 < factor <= 1).
    pub rural_low_capacity_earnings: f64,
    /// Share of that log variance that is permanent (human capital); the rest is the AR(1) shock.
    pub permanent_variance_share: f64,
    /// Yearly autocorrelation ρ of the log income shock `z`.
    pub shock_persistence: f64,
    /// Yearly probability that an employed household loses its job.
    pub job_loss_rate: f64,
    /// Yearly probability that a household out of work finds a job.
    pub job_finding_rate: f64,
    /// Income out of work (home production, odd jobs) as a share of the employed income.
    pub home_production_share: f64,
    /// Speed (per year) at which human capital moves towards the level public services support.
    pub human_capital_adjustment: f64,
    /// Elasticity η of that level with respect to public services: `H* = H0 · (S / S0)^η`.
    pub human_capital_service_elasticity: f64,
    /// Spontaneous (unorganised) yearly probability that an employed rural household starts
    /// working away, times its region's `migration_propensity`.
    pub migration_rate: f64,
    /// Yearly probability that a household working away returns home.
    pub migration_return_rate: f64,
    /// Cost of working away as a share of the earnings away (travel, housing, lost home production).
    pub migration_cost: f64,
    /// Elasticity λ of a migrant's wage with respect to its destination's urban productivity:
    /// migrants earn `Ā^(1 − λ) · A_d^λ`, `Ā` the eastern urban mean (`docs/MODEL.md` 7.1 step 5).
    pub migrant_wage_elasticity: f64,
    /// Share of each region's rural households drawn to be working away in the start year (the
    /// start-year migrant stock), times the region's `migration_propensity`; a drawn household
    /// is away if its destination, drawn from the eastern regions by urban population, is
    /// another region that pays more than home (`docs/MODEL.md` section 5). 0 starts with
    /// nobody away.
    pub migrant_share_start: f64,
    /// Fiscal revenue of a region as a share of its residents' total disposable income, used when
    /// a region gives no `fiscal_revenue`.
    pub fiscal_revenue_ratio: f64,
    /// National absolute poverty line in 2010 prices (yuan per person per year).
    pub poverty_line_2010: f64,
    /// Yearly growth of the nominal poverty line (2,300 yuan in 2010 → 2,855 yuan in 2015).
    pub poverty_line_growth: f64,
    /// Relative poverty line as a share of the national median income.
    pub relative_poverty_share: f64,
    /// Yearly rate at which public services above their starting level decay back towards it
    /// without extra spending (fraction).
    pub depreciation: f64,
    /// Yearly depreciation of capital: firms' capital in paired regions and public
    /// (aid-financed industry and infrastructure) capital (fraction).
    pub capital_depreciation: f64,
    /// Value added a year per yuan of productive capital (the inverse of the capital–output
    /// ratio).
    pub output_capital_ratio: f64,
    /// Labour's share of value added: the part of the value added by capital that is paid as
    /// earnings.
    pub labour_share: f64,
    /// Property income of urban residents as a share of their disposable income of the last
    /// completed year: the profits of the region's business that its owners receive.
    pub property_income_share_urban: f64,
    /// Same for rural residents.
    pub property_income_share_rural: f64,
    /// Concentration κ of wealth within a region × sector: a household's share of its cell's
    /// property income is proportional to its earning power `h^θ` to the power κ.
    pub wealth_concentration: f64,
    /// Urban households' consumption as a share of their disposable income (the rest is saving).
    pub consumption_share_urban: f64,
    /// Same for rural households.
    pub consumption_share_rural: f64,
    /// Spending (yuan per resident per year) that raises the public-service index by 1 in a year,
    /// at the start year's national mean income; each year it is multiplied by national income
    /// per capita relative to the start year, so a given share of income buys a given improvement.
    pub service_unit_cost: f64,
    /// Spending (yuan per resident per year) that closes the whole ecology gap (1 − index) in a
    /// year, at the start year's national mean income; indexed like `service_unit_cost`.
    pub ecology_unit_cost: f64,
    /// Constant yearly loss of the ecology index, as a share of the index (it does not depend on
    /// economic activity).
    pub ecology_degradation: f64,
    /// How far a region's survey urban weight follows its urban share of residents: each
    /// point the urban share gains since the start year adds this many points to the weight
    /// with which `income_mean_survey` combines the urban and rural means (docs/MODEL.md 9.1).
    /// Used only for regions that give `survey_urban_share`.
    pub survey_urban_share_tracking: f64,
}

impl Default for EconomySpec {
    fn default() -> Self {
        Self {
            productivity_growth: 0.078,
            rural_productivity_extra_growth: 0.0,
            urbanisation_earnings_share: 1.0,
            human_capital_elasticity: 1.0,
            income_dispersion_urban: 0.52,
            income_dispersion_rural: 0.87,
            rural_low_capacity_share: 0.0,
            rural_low_capacity_earnings: 0.3,
            permanent_variance_share: 0.5,
            shock_persistence: 0.8,
            job_loss_rate: 0.05,
            job_finding_rate: 0.6,
            home_production_share: 0.35,
            human_capital_adjustment: 0.1,
            human_capital_service_elasticity: 0.3,
            migration_rate: 0.0225,
            migration_return_rate: 0.15,
            migration_cost: 0.25,
            migrant_wage_elasticity: 0.35,
            migrant_share_start: 0.1337,
            fiscal_revenue_ratio: 0.2,
            poverty_line_2010: 2300.0,
            poverty_line_growth: 0.0442,
            relative_poverty_share: 0.4,
            depreciation: 0.05,
            capital_depreciation: 0.096,
            output_capital_ratio: 0.33,
            labour_share: 0.52,
            property_income_share_urban: 0.097,
            property_income_share_rural: 0.022,
            wealth_concentration: 3.0,
            consumption_share_urban: 0.687,
            consumption_share_rural: 0.819,
            service_unit_cost: 40000.0,
            ecology_unit_cost: 20000.0,
            ecology_degradation: 0.005,
            survey_urban_share_tracking: 0.46,
        }
    }
}

/// Economic zone of a region (NBS four-zone scheme).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    /// Eastern provinces (the donors of East–West collaboration).
    #[serde(alias = "E")]
    East,
    /// Central provinces.
    #[serde(alias = "C")]
    Central,
    /// Western provinces (the recipients).
    #[serde(alias = "W")]
    West,
    /// North-eastern provinces.
    #[serde(alias = "NE")]
    Northeast,
}

impl Zone {
    /// All zones in reporting order.
    pub const ALL: [Zone; 4] = [Zone::East, Zone::Central, Zone::West, Zone::Northeast];

    /// Lower-case name as written in scenario files and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::East => "east",
            Zone::Central => "central",
            Zone::West => "west",
            Zone::Northeast => "northeast",
        }
    }

    /// Parses `east`/`E`, `central`/`C`, `west`/`W`, `northeast`/`NE` (case-insensitive).
    pub fn parse(text: &str) -> Option<Zone> {
        match text.trim().to_ascii_lowercase().as_str() {
            "east" | "e" => Some(Zone::East),
            "central" | "c" => Some(Zone::Central),
            "west" | "w" => Some(Zone::West),
            "northeast" | "ne" => Some(Zone::Northeast),
            _ => None,
        }
    }
}

/// `[[region]]`: one province or abstract region at `start_year`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    /// Unique name (pairings refer to it).
    pub name: String,
    /// The name in Chinese, for charts with `output.language = "zh"` (default: `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// Zone.
    pub zone: Zone,
    /// Urban resident population (persons).
    pub population_urban: f64,
    /// Rural resident population (persons).
    pub population_rural: f64,
    /// Per-capita disposable income of urban residents (yuan per year).
    pub income_urban: f64,
    /// Per-capita disposable income of rural residents (yuan per year).
    pub income_rural: f64,
    /// Local general public budget revenue (yuan per year); default `economy.fiscal_revenue_ratio` × total income.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_revenue: Option<f64>,
    /// Public-service level (index, national population-weighted mean ≈ 1); default (income / national income)^0.5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_services: Option<f64>,
    /// Ecology index in 0..1 (1 = pristine).
    #[serde(default = "default_ecology")]
    pub ecology: f64,
    /// Governance capacity in 0..1 (lowers aid leakage, improves targeting).
    #[serde(default = "default_governance")]
    pub governance: f64,
    /// Relative propensity of the region's rural residents to work in another region (national
    /// = 1): multiplies both `economy.migrant_share_start` (the start-year migrant stock) and
    /// `economy.migration_rate` (spontaneous migration) for this region's rural households.
    #[serde(default = "default_migration_propensity")]
    pub migration_propensity: f64,
    /// Yearly share of the region's rural residents who become urban residents (urbanisation):
    /// a rural household at home becomes urban with a probability that makes the expected
    /// rural population fall by this share a year (docs/MODEL.md 7.15). 0: no urbanisation.
    #[serde(default)]
    pub urbanisation_rate: f64,
    /// Urban weight of the NBS household survey in the start year (share 0..1): the weight
    /// with which NBS combines the urban and rural means into its all-resident mean, lower
    /// than the urban share of residents (docs/MODEL.md 9.1). Default: the urban share of
    /// residents, so that `income_mean_survey` equals `income_mean`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey_urban_share: Option<f64>,
}

fn default_ecology() -> f64 {
    0.7
}
fn default_governance() -> f64 {
    0.6
}
fn default_migration_propensity() -> f64 {
    1.0
}

/// `[[pairing]]`: an eastern donor supports a recipient with weight `weight` from `from_year`
/// through `until_year`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairingSpec {
    /// Donor region name.
    pub donor: String,
    /// Recipient region name.
    pub recipient: String,
    /// Relative weight of this pair in the donor's aid (whole-province pair 1.0, partial 0.5).
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// First year the pair is active (default: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_year: Option<i32>,
    /// Last year the pair is active (default: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_year: Option<i32>,
}

fn default_weight() -> f64 {
    1.0
}

impl PairingSpec {
    /// Whether the pair is active in `year`.
    pub fn active_in(&self, year: i32) -> bool {
        self.from_year.is_none_or(|from| year >= from)
            && self.until_year.is_none_or(|until| year <= until)
    }
}

/// `[[phase]]`: from `year` on, the dotted keys in `set` override the policy.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseSpec {
    /// First year the phase applies.
    pub year: i32,
    /// Label (e.g. "2021 common prosperity"), shown at the phase's year in the charts.
    #[serde(default)]
    pub name: String,
    /// The label in Chinese, for charts with `output.language = "zh"` (default: `name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// Whether the charts mark the phase's year with a labelled vertical line.
    #[serde(default = "default_mark")]
    pub mark: bool,
    /// Dotted keys under `policy.` and their new values.
    #[serde(default)]
    pub set: toml::Table,
}

fn default_mark() -> bool {
    true
}

/// The language of chart text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English, in the embedded DejaVu Sans.
    #[default]
    En,
    /// Simplified Chinese, in the embedded subset of Noto Sans CJK SC.
    Zh,
}

/// Image formats for charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormatSpec {
    /// PNG raster.
    Png,
    /// SVG vector.
    Svg,
}

/// `[output]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutputSpec {
    /// Draw charts after the run.
    pub charts: bool,
    /// Chart formats.
    pub formats: Vec<ImageFormatSpec>,
    /// Years for which `households_YEAR.csv` microdata are written.
    pub household_snapshot_years: Vec<i32>,
    /// Language of the charts' titles, axes, legends and phase labels.
    pub language: Language,
    /// A TrueType or OpenType font file for text the embedded fonts have no glyphs for (a
    /// variant name in Chinese, say); relative to the scenario file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub font: Option<String>,
}

impl Default for OutputSpec {
    fn default() -> Self {
        Self {
            charts: true,
            formats: vec![ImageFormatSpec::Png, ImageFormatSpec::Svg],
            household_snapshot_years: Vec::new(),
            language: Language::En,
            font: None,
        }
    }
}

/// `[sweep]`: values of one or more dotted keys, expanded (cartesian product) into variants.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct SweepSpec {
    /// A single swept key (with `values`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
    /// Values for `parameter`.
    pub values: Vec<toml::Value>,
    /// Several swept keys: dotted key → list of values.
    pub parameters: toml::Table,
}

/// `[policy]`: one table per lever.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct PolicySpec {
    /// Central equalising transfers and east→west paired aid.
    pub transfers: TransfersPolicy,
    /// Dispatched cadres, teachers, doctors, technicians and western trainees.
    pub talent: TalentPolicy,
    /// Technology transfer from donors to recipients.
    pub technology: TechnologyPolicy,
    /// Eastern enterprise investment in paired regions.
    pub enterprise: EnterprisePolicy,
    /// Organised labour cooperation (placements) and remittances.
    pub labour: LabourPolicy,
    /// Consumption assistance: eastern purchases of western rural products.
    pub consumption: ConsumptionPolicy,
    /// Social mobilisation, third distribution, digital platforms and venture philanthropy.
    pub charity: CharityPolicy,
    /// The central assessment regime that drives local effort and allocation.
    pub assessment: AssessmentPolicy,
    /// Secondary distribution: income tax and the minimum-living guarantee (dibao).
    pub redistribution: RedistributionPolicy,
}

/// `[policy.transfers]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TransfersPolicy {
    /// Lever switch.
    pub enabled: bool,
    /// Paired aid of a donor as a share of its fiscal revenue, at effort 1.
    pub paired_aid_share: f64,
    /// Whether a donor's aid may not fall below its previous year's aid × (1 +
    /// `paired_aid_growth_floor`) (the 2016 guideline's "grow year by year"); off, budgets
    /// follow revenue and the assessment effort, up or down.
    pub paired_aid_floor: bool,
    /// Minimum yearly growth of a donor's aid over its previous year, when `paired_aid_floor`
    /// is on (may be negative: the largest yearly cut allowed).
    pub paired_aid_growth_floor: f64,
    /// Share of all regions' fiscal revenue pooled centrally for equalising transfers.
    pub central_transfer_share: f64,
    /// Central special poverty fund (中央财政专项扶贫资金) as a share of all regions' fiscal
    /// revenue, paid to the non-eastern regions by their registered rural poor.
    pub poverty_fund_share: f64,
    /// Share of the poverty fund paid as targeted support to rural residents; the rest builds
    /// industry and infrastructure (public capital).
    pub poverty_fund_direct_share: f64,
    /// Base share of received aid lost to leakage at governance capacity 0 (falls linearly to 0 at capacity 1).
    pub leakage_rate: f64,
    /// Value added a year per yuan of public (aid-financed industry and infrastructure)
    /// capital; its labour share reaches the region's households as earnings.
    pub public_capital_return: f64,
}

impl Default for TransfersPolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            paired_aid_share: 0.00394,
            paired_aid_floor: false,
            paired_aid_growth_floor: 0.0,
            central_transfer_share: 0.1,
            poverty_fund_share: 0.0,
            poverty_fund_direct_share: 0.125,
            leakage_rate: 0.2,
            public_capital_return: 0.06,
        }
    }
}

/// `[policy.talent]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TalentPolicy {
    /// Lever switch.
    pub enabled: bool,
    /// Cadres dispatched per pairing (weight 1) per year.
    pub cadres_per_pairing: f64,
    /// Teachers dispatched per pairing per year.
    pub teachers_per_pairing: f64,
    /// Doctors dispatched per pairing per year.
    pub doctors_per_pairing: f64,
    /// Western trainees sent east per pairing per year.
    pub trainees_per_pairing: f64,
    /// Tenure of a dispatched talent (years).
    pub tenure_years: f64,
    /// Yearly gain in governance capacity per cadre per million recipient residents.
    pub governance_gain_per_cadre: f64,
    /// Pay of a dispatched cadre, teacher or doctor per year at the start year (yuan; indexed
    /// by the nominal cost level like every unit cost): what the donor gives up.
    pub pay_per_talent: f64,
    /// Allowances per dispatched talent or trainee per year at the start year (yuan, indexed):
    /// hardship and working funds paid by the donor on top of pay.
    pub allowance_per_talent: f64,
    /// Public services a recipient gains per yuan of the dispatched teachers' and doctors' pay,
    /// relative to a yuan of its own services spending.
    pub services_multiplier: f64,
}

impl Default for TalentPolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            cadres_per_pairing: 140.0,
            teachers_per_pairing: 500.0,
            doctors_per_pairing: 400.0,
            trainees_per_pairing: 1270.0,
            tenure_years: 1.0,
            governance_gain_per_cadre: 0.002,
            pay_per_talent: 70611.0,
            allowance_per_talent: 30000.0,
            services_multiplier: 1.0,
        }
    }
}

/// `[policy.technology]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TechnologyPolicy {
    /// Lever switch.
    pub enabled: bool,
    /// Technicians dispatched per pairing (weight 1) per year; they are paid like the other
    /// talents (`policy.talent.pay_per_talent`, `allowance_per_talent`).
    pub technicians_per_pairing: f64,
    /// Project spending (equipment, demonstration, training) per technician per year at the
    /// start year (yuan, indexed).
    pub project_spending_per_technician: f64,
    /// Value added a year per yuan of technology (knowledge) capital the programme builds; its
    /// labour share reaches the recipient's households as earnings.
    pub knowledge_return: f64,
    /// Yearly depreciation of technology capital (fraction).
    pub knowledge_depreciation: f64,
}

impl Default for TechnologyPolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            technicians_per_pairing: 240.0,
            project_spending_per_technician: 50000.0,
            knowledge_return: 0.15,
            knowledge_depreciation: 0.15,
        }
    }
}

/// `[policy.enterprise]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct EnterprisePolicy {
    /// Lever switch.
    pub enabled: bool,
    /// Share of an investment in a paired region that the firm's home (donor) government pays
    /// as a subsidy (a reported flow, `enterprise_subsidy`).
    pub subsidy_rate: f64,
    /// Mean of the enterprises' value-investment preference (weight on social return), 0..1;
    /// preferences are recomputed every year from fixed draws, so a phase can change it.
    pub value_preference_mean: f64,
    /// Standard deviation of that preference (normal, clamped to 0..1).
    pub value_preference_sd: f64,
    /// Yearly private return on capital at home (east).
    pub home_return: f64,
    /// Yearly private return on capital in a paired region, before the subsidy: the profit the
    /// owners receive per yuan of their capital there.
    pub paired_return: f64,
    /// Social return per yuan (income reaching low-income households), valued by the preference.
    pub social_return: f64,
    /// Share of an enterprise's capital it invests each year.
    pub investment_rate: f64,
    /// Share of the paired capital's net earnings gain paid as wages to low-income rural
    /// households (targeted hiring); the rest raises the region's earnings.
    pub low_income_wage_share: f64,
    /// Share of the earnings paid by paired capital that is a net gain to the recipient's
    /// households: the rest is what its workers would have earned otherwise.
    pub wage_additionality: f64,
    /// Total capital of a donor region's enterprises as a multiple of its fiscal revenue of the
    /// last completed year (so firm capital grows with the home region's income).
    pub capital_to_revenue: f64,
}

impl Default for EnterprisePolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            subsidy_rate: 0.1,
            value_preference_mean: 0.2,
            value_preference_sd: 0.15,
            home_return: 0.13,
            paired_return: 0.1,
            social_return: 0.17,
            investment_rate: 0.1,
            low_income_wage_share: 0.3,
            wage_additionality: 0.5,
            capital_to_revenue: 0.29,
        }
    }
}

/// `[policy.labour]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LabourPolicy {
    /// Lever switch.
    pub enabled: bool,
    /// Yearly probability that an employed rural resident of a recipient region (one with
    /// active pairs, whatever their number) who is not already away is placed in a donor region.
    pub placement_rate: f64,
    /// Share by which organised placement cuts the migration cost.
    pub cost_reduction: f64,
    /// Share of earnings away sent home as remittances.
    pub remittance_share: f64,
    /// Share of organised placements that are additional: the rest would have left on their own
    /// anyway (deadweight).
    pub placement_additionality: f64,
    /// Programme spending per organised placement at the start year (yuan, indexed): transport
    /// and job-search subsidies, placement services.
    pub cost_per_placement: f64,
    /// Share of placements that go to workers on the poverty register (`EVER_POOR`): each
    /// recipient's placements are split between its registered and its other employed rural
    /// residents at home in these proportions, at the same total.
    pub formerly_poor_share: f64,
}

impl Default for LabourPolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            placement_rate: 0.01,
            cost_reduction: 0.5,
            remittance_share: 0.3,
            placement_additionality: 0.05,
            cost_per_placement: 2500.0,
            formerly_poor_share: 0.65,
        }
    }
}

/// `[policy.consumption]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConsumptionPolicy {
    /// Lever switch.
    pub enabled: bool,
    /// Donor purchases of recipient rural products as a share of the donor's fiscal revenue.
    pub purchase_share: f64,
    /// Price premium paid over the market price, as a share of the purchase value: a gain to
    /// the sellers and the lever's cost to the buyers.
    pub price_premium: f64,
    /// Share of the purchases that are additional sales the sellers would not have made
    /// otherwise (market access); the rest displaces other sales.
    pub sales_additionality: f64,
    /// Share of the value of additional sales that reaches rural households as income.
    pub income_margin: f64,
}

impl Default for ConsumptionPolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            purchase_share: 0.0083,
            price_premium: 0.1,
            sales_additionality: 0.3,
            income_margin: 0.3,
        }
    }
}

/// `[policy.charity]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CharityPolicy {
    /// Lever switch.
    pub enabled: bool,
    /// Share of income above the threshold that participating households donate.
    pub donation_rate: f64,
    /// Income threshold for donating, as a multiple of the national mean income.
    pub donor_threshold: f64,
    /// Share of high-income households that participate (without a digital platform).
    pub participation: f64,
    /// Share of donations lost to overhead (without a digital platform).
    pub overhead: f64,
    /// Share of the household part of donations paid within the year to rural residents whose
    /// projected income of the year is below the poverty line (the rest reaches every rural
    /// resident in scope).
    pub targeting_accuracy: f64,
    /// Whether donations run through digital public-welfare platforms.
    pub digital_platform: bool,
    /// Participation multiplier with a digital platform.
    pub digital_participation_multiplier: f64,
    /// Overhead with a digital platform.
    pub digital_overhead: f64,
    /// Targeting accuracy with a digital platform.
    pub digital_targeting_accuracy: f64,
    /// Share of donations channelled into venture-philanthropy human-capital projects.
    pub venture_philanthropy_share: f64,
    /// Share of their yearly profits (at home and repatriated) that eastern enterprises donate.
    pub enterprise_donation_rate: f64,
    /// Which regions' rural residents the pool pays.
    pub scope: CharityScope,
}

/// Which regions charity's pool pays (`policy.charity.scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CharityScope {
    /// The recipients of the year's active East–West pairs (every region when there are none).
    Paired,
    /// Every region: third distribution at large, not bound to the pairs.
    National,
}

impl Default for CharityPolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            donation_rate: 0.0012,
            donor_threshold: 2.0,
            participation: 0.3,
            overhead: 0.15,
            targeting_accuracy: 0.6,
            digital_platform: false,
            digital_participation_multiplier: 1.5,
            digital_overhead: 0.05,
            digital_targeting_accuracy: 0.85,
            venture_philanthropy_share: 0.1,
            enterprise_donation_rate: 0.01,
            scope: CharityScope::Paired,
        }
    }
}

/// `[policy.assessment]`: weights of the central assessment of local governments.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AssessmentPolicy {
    /// Lever switch (off: no pressure, default effort and a fixed even allocation).
    pub enabled: bool,
    /// Strength of central assessment pressure on eastern aid effort.
    pub strength: f64,
    /// Weight on eliminating absolute poverty.
    pub weight_absolute_poverty: f64,
    /// Weight on the regional (east–west) gap.
    pub weight_regional_gap: f64,
    /// Weight on the urban–rural gap.
    pub weight_urban_rural_gap: f64,
    /// Weight on equal public services.
    pub weight_public_services: f64,
    /// Weight on ecology.
    pub weight_ecology: f64,
    /// Weight on orderly factor flows (investment, labour).
    pub weight_factor_flows: f64,
}

impl Default for AssessmentPolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            strength: 1.0,
            weight_absolute_poverty: 0.6,
            weight_regional_gap: 0.1,
            weight_urban_rural_gap: 0.1,
            weight_public_services: 0.1,
            weight_ecology: 0.05,
            weight_factor_flows: 0.05,
        }
    }
}

/// `[policy.redistribution]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RedistributionPolicy {
    /// Lever switch.
    pub enabled: bool,
    /// Income tax rate on market income above the threshold.
    pub income_tax_rate: f64,
    /// Threshold of the income tax (yuan per person per year; at the start year's level when
    /// `tax_threshold_indexed`).
    pub tax_threshold: f64,
    /// Whether the threshold grows with national income per capita (the cost index), so the tax
    /// takes a steady share of income instead of creeping up.
    pub tax_threshold_indexed: bool,
    /// Dibao line as a share of the region's rural mean income at the start of the year.
    pub dibao_line_share: f64,
    /// Share of the gap to the dibao line that the guarantee fills.
    pub dibao_coverage: f64,
    /// Whether a region's dibao line is at least the year's absolute poverty line.
    pub dibao_floor_at_poverty_line: bool,
    /// Whether the year end tops up to the poverty line every rural household at home that
    /// would end the year below it and is registered for targeted support (own income below the
    /// line last year) or monitored (recent own income, the dibao means test, below the line):
    /// the poverty campaign's verified exit and, after it, the monitoring against relapse
    /// (docs/MODEL.md 7.11).
    pub poverty_guarantee: bool,
    /// Share of a region's revenue (fiscal revenue plus the income tax it collects) that its
    /// government budgets for the dibao; the central government pays any shortfall.
    pub dibao_budget_share: f64,
    /// Time constant (years) of the recent own income the dibao means test looks at: an
    /// exponential average over ticks (0: this tick's income alone).
    pub means_test_window: f64,
    /// Rural pensions and subsidies at the start year: yuan a year for every registered rural
    /// person, paid by the governments at the year end (docs/MODEL.md 7.11); 0 = none.
    pub rural_transfers: f64,
    /// Yearly growth of the rural pensions and subsidies on top of the cost index (share a
    /// year; 0 = they follow national income per capita).
    pub rural_transfers_growth: f64,
    /// Share of the rural pensions and subsidies of an eastern province that the central
    /// government pays; its local government pays the rest.
    pub rural_transfers_central_share_east: f64,
    /// Share of the rural pensions and subsidies of a central, western or northeastern province
    /// that the central government pays.
    pub rural_transfers_central_share_other: f64,
    /// Registered poor persons resettled this year by the relocation programme, in towns and
    /// villages (persons a year; 0 = none; docs/MODEL.md 7.15).
    pub relocation_persons: f64,
    /// Share of the resettled who move to towns and county seats and so become urban residents.
    pub relocation_town_share: f64,
    /// Cost of resettling one person (housing and the site's infrastructure), yuan at the start
    /// year's national mean income (indexed like the other unit costs).
    pub relocation_cost: f64,
    /// Share of the resettlement's cost that the central government pays; the province pays
    /// the rest.
    pub relocation_central_share: f64,
}

impl Default for RedistributionPolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            income_tax_rate: 0.1,
            tax_threshold: 60_000.0,
            tax_threshold_indexed: false,
            dibao_line_share: 0.3,
            dibao_coverage: 0.5,
            dibao_floor_at_poverty_line: false,
            poverty_guarantee: false,
            dibao_budget_share: 0.004,
            means_test_window: 0.5,
            rural_transfers: 600.0,
            rural_transfers_growth: 0.01,
            rural_transfers_central_share_east: 0.5,
            rural_transfers_central_share_other: 1.0,
            relocation_persons: 0.0,
            relocation_town_share: 0.52,
            relocation_cost: 57_000.0,
            relocation_central_share: 0.124,
        }
    }
}

/// Sensitivity-analysis methods (`sensitivity.method`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SensitivityMethod {
    /// Sobol indices S1 and ST from a Saltelli design (N·(k+2) points).
    Sobol,
    /// Morris elementary effects μ* and σ from `samples` trajectories (r·(k+1) points).
    Morris,
}

/// `[sensitivity]`: a global sensitivity analysis over the `[[uncertainty]]` keys
/// (`docs/STUDIES.md`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SensitivitySpec {
    /// `sobol` or `morris`.
    pub method: SensitivityMethod,
    /// Sobol: the base sample N, a power of two (the study runs N·(k+2) points for k
    /// uncertain keys); Morris: the number of trajectories r (r·(k+1) points).
    pub samples: u32,
    /// Metric names analysed (columns of `metrics.csv`).
    pub outputs: Vec<String>,
    /// Years analysed; empty means the end year.
    pub years: Vec<i32>,
    /// Seed of the design (Sobol scrambling, Morris trajectories) and of the bootstrap; by
    /// default `run.seed`. The model's own random numbers stay those of `run.seed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Morris: levels p of the grid each key moves on (even, at least 2); the step is
    /// p / (2 (p − 1)) of the key's range.
    pub levels: u32,
    /// Bootstrap resamples behind each confidence interval.
    pub resamples: u32,
    /// Confidence level of the intervals (percentile bootstrap).
    pub confidence: f64,
}

impl Default for SensitivitySpec {
    fn default() -> Self {
        Self {
            method: SensitivityMethod::Sobol,
            samples: 64,
            outputs: Vec::new(),
            years: Vec::new(),
            seed: None,
            levels: 4,
            resamples: 1000,
            confidence: 0.95,
        }
    }
}

/// Distributions of an uncertain key (`uncertainty.distribution`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DistributionKind {
    /// Uniform on `min`..`max`.
    Uniform,
    /// Log-uniform on `min`..`max` (0 < `min`): uniform in the logarithm.
    Loguniform,
    /// Normal with `mean` and `sd`, truncated to `min`..`max` when they are given.
    Normal,
}

/// `[[uncertainty]]`: one uncertain numeric key and its distribution.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UncertaintySpec {
    /// Dotted numeric key under `economy.` or `policy.` (`economy.productivity_growth`); a
    /// design point's value holds for the whole run, over any `[[phase]]` change of the key.
    pub key: String,
    /// `uniform` (default), `loguniform` or `normal`.
    #[serde(default = "uniform")]
    pub distribution: DistributionKind,
    /// Lower bound (uniform, loguniform; the truncation of a normal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Upper bound (uniform, loguniform; the truncation of a normal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Mean of a normal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Standard deviation of a normal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<f64>,
}

fn uniform() -> DistributionKind {
    DistributionKind::Uniform
}

/// `[optimize]`: a search for the policy mixes that trade cost against an objective best
/// (`docs/STUDIES.md`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OptimizeSpec {
    /// The metric to minimise (`east_west_ratio`).
    pub objective: String,
    /// The year the objective is read in; by default the end year. Runs stop there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The most a candidate may cost (yuan): its cost metrics summed over the years after the
    /// start year up to `year`. `inf` (the default) sets no budget.
    pub budget: f64,
    /// Candidates evaluated in all (whole generations of `population`).
    pub evaluations: u32,
    /// Candidates per generation (even, at least 4).
    pub population: u32,
    /// Seed of the search; by default `run.seed`. Every candidate runs with the model's random
    /// numbers of `run.seed` (common random numbers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// The metrics (yuan a year) whose sum is a candidate's cost; empty means every metric
    /// whose name starts with `cost_`.
    pub cost: Vec<String>,
    /// `[[optimize.lever]]`: the keys searched and their bounds.
    pub lever: Vec<LeverSpec>,
}

impl Default for OptimizeSpec {
    fn default() -> Self {
        Self {
            objective: String::new(),
            year: None,
            budget: f64::INFINITY,
            evaluations: 200,
            population: 20,
            seed: None,
            cost: Vec::new(),
            lever: Vec::new(),
        }
    }
}

/// `[calibrate]`: a grid search of the `[[calibrate.parameter]]` values that brings the model
/// closest to the observed series of `data.observed` up to `fit_until` (`docs/STUDIES.md`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalibrateSpec {
    /// The last year whose observed values are fitted (in-sample); later years are shown as
    /// checks and fitted to nothing.
    pub fit_until: i32,
    /// The metrics fitted; empty means every metric `data.observed` has in-sample values of.
    pub targets: Vec<String>,
    /// `[[calibrate.parameter]]`: the keys of the grid and their values.
    pub parameter: Vec<GridSpec>,
}

impl Default for CalibrateSpec {
    fn default() -> Self {
        Self {
            fit_until: 2019,
            targets: Vec::new(),
            parameter: Vec::new(),
        }
    }
}

/// `[[calibrate.parameter]]`: one numeric key of the calibration grid and the values it takes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridSpec {
    /// Dotted numeric key under `policy.` or `economy.` (`economy.income_dispersion_urban`).
    pub key: String,
    /// The values tried; the grid is the cartesian product of every key's values.
    pub values: Vec<f64>,
}

/// `[[optimize.lever]]`: one numeric key the search sets, within `min`..`max`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeverSpec {
    /// Dotted numeric key under `policy.` or `economy.` (`policy.transfers.paired_aid_share`).
    pub key: String,
    /// Lower bound.
    pub min: f64,
    /// Upper bound.
    pub max: f64,
}
