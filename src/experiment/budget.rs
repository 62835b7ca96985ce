//! Whether a run fits before anything is allocated: its size within
//! [`crate::scenario::limits::MAX_HOUSEHOLD_TICKS`], and its estimated memory within what the
//! machine has available.
//!
//! The estimate is per run in flight (the runs simulated at once: one per worker thread):
//! [`BYTES_PER_HOUSEHOLD`] for the world and the metrics' sorted distributions, plus
//! [`BYTES_PER_SNAPSHOT_HOUSEHOLD`] for each household snapshot year, whose rows are held until
//! the run is written, plus [`BASE_BYTES`] once. The numbers are measured, rounded up, as peak
//! resident memory (`/usr/bin/time -v`, "Maximum resident set size") of `ewsim run` of the
//! China scenario with `time.end_year=2016`, charts off: 48 MB at 250,000 households and
//! 165 MB at 1,000,000 on one thread (160 bytes a household), 338 MB for two runs of
//! 1,000,000 on two threads (168 bytes), and 157 MB more with two snapshot years (80 bytes a
//! household and snapshot year); enterprises add [`BYTES_PER_ENTERPRISE`] each. The structure
//! of arrays alone is 74 bytes a household (`world::Households`); the rest is synthesis and the
//! metrics' sorted copies.

use crate::scenario::limits::size_issue;
use crate::scenario::locate::Step;
use crate::scenario::validate::Issue;
use crate::scenario::{LoadedScenario, Scenario, error::ScenarioErrors};

/// Memory of one run in flight, per household (bytes).
pub const BYTES_PER_HOUSEHOLD: u64 = 170;

/// Memory of one household snapshot year of one run in flight, per household (bytes).
pub const BYTES_PER_SNAPSHOT_HOUSEHOLD: u64 = 80;

/// Memory of one run in flight, per enterprise (bytes): measured 35 (170 MB more at 5,000,000
/// enterprises than at 2,000), the five vectors of `world::Enterprises`.
pub const BYTES_PER_ENTERPRISE: u64 = 40;

/// Memory of the process apart from the runs (bytes).
pub const BASE_BYTES: u64 = 64 << 20;

/// Bytes a run in flight of `scenario` needs per household.
fn per_household(scenario: &Scenario) -> u64 {
    let snapshots = scenario.output.household_snapshot_years.len() as u64;
    BYTES_PER_HOUSEHOLD + snapshots * BYTES_PER_SNAPSHOT_HOUSEHOLD
}

/// The estimated memory of one run of `scenario` (bytes).
fn per_run(scenario: &Scenario) -> u64 {
    u64::from(scenario.run.households)
        .saturating_mul(per_household(scenario))
        .saturating_add(u64::from(scenario.run.enterprises).saturating_mul(BYTES_PER_ENTERPRISE))
}

/// The estimated peak memory of `in_flight` runs of `scenario` at once (bytes).
pub fn estimate(scenario: &Scenario, in_flight: u64) -> u64 {
    in_flight
        .saturating_mul(per_run(scenario))
        .saturating_add(BASE_BYTES)
}

/// The memory the system can give without swapping (`MemAvailable` of `/proc/meminfo`), or
/// `None` where it does not say.
pub fn available() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    mem_available(&text)
}

/// `MemAvailable` of a `/proc/meminfo` text, in bytes.
fn mem_available(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

/// `bytes` in words: `1.5 GiB`, `300 MiB`.
pub fn shown(bytes: u64) -> String {
    const GIB: f64 = (1u64 << 30) as f64;
    const MIB: f64 = (1u64 << 20) as f64;
    let value = bytes as f64;
    if value >= GIB {
        format!("{:.1} GiB", value / GIB)
    } else {
        format!("{:.0} MiB", (value / MIB).ceil())
    }
}

/// Fails, located at `run.households`, when `runs` runs of the loaded scenario, `threads` at a
/// time, are larger than one process may make or need more memory than `available` bytes
/// (`None`: not known, only the size is checked).
pub fn check(
    loaded: &LoadedScenario,
    runs: u64,
    threads: u64,
    available: Option<u64>,
) -> Result<(), ScenarioErrors> {
    let scenario = &loaded.scenario;
    let mut issues: Vec<Issue> = size_issue(scenario, runs).into_iter().collect();
    issues.extend(memory_issue(
        scenario,
        threads.clamp(1, runs.max(1)),
        available,
    ));
    loaded.check_issues(&issues)
}

/// Fails, located at `run.households`, when `in_flight` runs at once need more memory than
/// `available` bytes (`None`: not known, nothing is checked): for studies, whose size is
/// bounded by their design.
pub fn check_memory(
    loaded: &LoadedScenario,
    in_flight: u64,
    available: Option<u64>,
) -> Result<(), ScenarioErrors> {
    let issues: Vec<Issue> = memory_issue(&loaded.scenario, in_flight.max(1), available)
        .into_iter()
        .collect();
    loaded.check_issues(&issues)
}

/// The issue of `in_flight` runs of `scenario` at once that need more than `available` bytes.
fn memory_issue(scenario: &Scenario, in_flight: u64, available: Option<u64>) -> Option<Issue> {
    let needed = estimate(scenario, in_flight);
    let available = available.filter(|a| needed > *a)?;
    let enterprises = u64::from(scenario.run.enterprises).saturating_mul(BYTES_PER_ENTERPRISE);
    let fits = (available.saturating_sub(BASE_BYTES) / in_flight).saturating_sub(enterprises)
        / per_household(scenario);
    Some(Issue {
        path: vec![Step::Key("run".into()), Step::Key("households".into())],
        message: format!(
            "the run needs about {} of memory ({in_flight} {} at a time × ({} households × {} \
             bytes + {} enterprises × {BYTES_PER_ENTERPRISE} bytes)), more than the {} this \
             machine has available; lower `run.households` (at most {fits} fit) or \
             `run.enterprises`, run fewer at a time with --threads, or drop \
             `output.household_snapshot_years`",
            shown(needed),
            if in_flight == 1 { "run" } else { "runs" },
            scenario.run.households,
            per_household(scenario),
            scenario.run.enterprises,
            shown(available),
        ),
        suggestion: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mem_available_is_read_in_bytes() {
        let text = "MemTotal:       24000000 kB\nMemAvailable:   1000 kB\n";
        assert_eq!(mem_available(text), Some(1_024_000));
        assert_eq!(mem_available("MemTotal: 1 kB\n"), None);
        assert_eq!(mem_available("MemAvailable: lots\n"), None);
    }

    #[test]
    fn the_estimate_grows_with_households_runs_and_snapshots() {
        let mut scenario = Scenario::default();
        scenario.run.households = 1_000_000;
        let one = estimate(&scenario, 1);
        let enterprises = 2000 * BYTES_PER_ENTERPRISE;
        assert_eq!(one, BASE_BYTES + 170_000_000 + enterprises);
        assert_eq!(estimate(&scenario, 2) - BASE_BYTES, 2 * (one - BASE_BYTES));
        scenario.output.household_snapshot_years = vec![2020, 2025];
        assert_eq!(
            estimate(&scenario, 1),
            BASE_BYTES + 330_000_000 + enterprises
        );
        scenario.run.households = u32::MAX;
        assert!(estimate(&scenario, u64::MAX) == u64::MAX);
        assert_eq!(shown(3 << 30), "3.0 GiB");
        assert_eq!(shown(300 << 20), "300 MiB");
    }
}
