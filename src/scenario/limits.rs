//! Bounds on years and run size, checked before anything runs (docs/MODEL.md 8.1), so that a
//! scenario cannot start a run that would never end.

use super::locate::Step;
use super::schema::Scenario;
use super::validate::Issue;

/// The first year a run may start or end in (the founding of the People's Republic).
pub const FIRST_YEAR: i32 = 1949;

/// The last year a run may start or end in.
pub const LAST_YEAR: i32 = 2200;

/// The most ticks a year may have (daily).
pub const MAX_TICKS_PER_YEAR: u32 = 366;

/// The largest run size: households × ticks a year × simulated years × runs (variants ×
/// replicates). At about two million household-ticks a second on one core, it is days of
/// computing: a study larger than that is split into shards or made smaller.
pub const MAX_HOUSEHOLD_TICKS: u64 = 1_000_000_000_000;

fn key(table: &str, name: &str) -> Vec<Step> {
    vec![Step::Key(table.into()), Step::Key(name.into())]
}

/// The year keys outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
pub fn year_issues(scenario: &Scenario) -> Vec<Issue> {
    let time = &scenario.time;
    [("start_year", time.start_year), ("end_year", time.end_year)]
        .into_iter()
        .filter(|(_, year)| !(FIRST_YEAR..=LAST_YEAR).contains(year))
        .map(|(name, year)| Issue {
            path: key("time", name),
            message: format!("expected a year from {FIRST_YEAR} to {LAST_YEAR}, found {year}"),
            suggestion: None,
        })
        .collect()
}

/// Simulated years × ticks × households × `runs`: the household-ticks of a study.
pub fn household_ticks(scenario: &Scenario, runs: u64) -> u64 {
    let years = u64::try_from(scenario.time.end_year - scenario.time.start_year).unwrap_or(0);
    years
        .saturating_mul(u64::from(scenario.time.ticks_per_year))
        .saturating_mul(u64::from(scenario.run.households))
        .saturating_mul(runs)
}

/// The run size of `runs` runs of `scenario` (the runs one process makes: its variants ×
/// replicates, or its shard of them), when it is above [`MAX_HOUSEHOLD_TICKS`]: the issue
/// names the keys that make it smaller.
pub fn size_issue(scenario: &Scenario, runs: u64) -> Option<Issue> {
    let size = household_ticks(scenario, runs);
    (size > MAX_HOUSEHOLD_TICKS).then(|| Issue {
        path: key("run", "households"),
        message: format!(
            "the run is too large: {runs} {} × {} years × {} ticks × {} households = {size} \
             household-ticks, more than the {MAX_HOUSEHOLD_TICKS} one process may make; lower \
             `run.households`, `run.replicates`, `time.ticks_per_year` or `time.end_year`, or \
             split the runs with --shard K/N",
            if runs == 1 { "run" } else { "runs" },
            scenario.time.end_year - scenario.time.start_year,
            scenario.time.ticks_per_year,
            scenario.run.households,
        ),
        suggestion: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_outside_the_range_are_issues() {
        let mut scenario = Scenario::default();
        assert!(year_issues(&scenario).is_empty());
        scenario.time.start_year = -5000;
        scenario.time.end_year = 100_000;
        let issues = year_issues(&scenario);
        assert_eq!(issues.len(), 2);
        assert!(
            issues[1]
                .message
                .contains("from 1949 to 2200, found 100000")
        );
    }

    #[test]
    fn run_size_saturates_and_is_bounded() {
        let mut scenario = Scenario::default();
        assert!(size_issue(&scenario, 10).is_none());
        scenario.time.end_year = 2010;
        assert_eq!(
            household_ticks(&scenario, 1),
            0,
            "an end before the start is checked elsewhere"
        );
        scenario.time.end_year = 2035;
        scenario.run.households = u32::MAX;
        scenario.run.replicates = u32::MAX;
        assert_eq!(household_ticks(&scenario, u64::MAX), u64::MAX);
        let issue = size_issue(&scenario, 3).unwrap();
        assert!(
            issue.message.contains("3 runs × 20 years × 12 ticks"),
            "{}",
            issue.message
        );
        assert!(
            issue.message.contains("lower `run.households`"),
            "{}",
            issue.message
        );
    }
}
