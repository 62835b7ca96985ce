//! The `ewsim` command line: parse arguments, call the library, map errors to exit codes
//! (0 success, 2 bad usage or bad scenario, 1 any other failure). `ewsim` alone is
//! `ewsim run`: the built-in China scenario into `output/china/`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use ewsim::experiment::{self, RunOptions, Shard};
use ewsim::scenario::{self, LoadedScenario, error::ScenarioErrors};

#[derive(Parser)]
#[command(
    name = "ewsim",
    version,
    about = "Agent-based simulator of China's East–West collaboration and pairing assistance"
)]
struct Cli {
    /// What to do [default: `run` the built-in China scenario into output/china/].
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario (the built-in China scenario when none is given).
    Run(RunArgs),
    /// Validate a scenario and print its regions, pairings, variants and run size.
    Check {
        /// Scenario file (TOML) [default: the built-in China scenario].
        scenario: Option<PathBuf>,
        /// Override a scenario key (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
    },
    /// Combine the output folders of `run --shard K/N` into one, as an unsharded run writes it.
    Merge {
        /// Output folder for the merged result.
        out_dir: PathBuf,
        /// The shard folders (all N of them, any order).
        #[arg(required = true)]
        shard_dirs: Vec<PathBuf>,
    },
    /// Write a commented template scenario to FILE (never overwrites).
    Init {
        /// File to create.
        file: PathBuf,
    },
    /// Redraw the charts of an output folder from its CSV files.
    Plot {
        /// Output folder of an earlier run.
        output_dir: PathBuf,
    },
    /// Global sensitivity analysis (Sobol or Morris) of the scenario's [[uncertainty]] keys.
    Sensitivity(StudyArgs),
    /// Search the cost–objective Pareto front of the scenario's [[optimize.lever]] keys.
    Optimize(StudyArgs),
    /// Fit the scenario's [[calibrate.parameter]] grid to the observed series up to
    /// calibrate.fit_until, and write the target table.
    Calibrate(StudyArgs),
}

/// Arguments of `ewsim sensitivity`, `ewsim optimize` and `ewsim calibrate`.
#[derive(Args)]
struct StudyArgs {
    /// Scenario file (TOML) with [sensitivity] and [[uncertainty]], [optimize] or [calibrate]
    /// [default: the built-in China scenario, which has all three].
    scenario: Option<PathBuf>,
    /// Output folder [default: output/<scenario name>-sensitivity, -optimize or -calibrate].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Override a scenario key: dotted KEY, TOML VALUE (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<String>,
    /// Run the K-th of N deterministic slices of the design points (sensitivity only).
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// Worker threads [default: all cores]; results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    threads: Option<u32>,
    /// No progress bar or summary line.
    #[arg(long)]
    quiet: bool,
}

#[derive(Args, Default)]
struct RunArgs {
    /// Scenario file (TOML).
    scenario: Option<PathBuf>,
    /// Output folder [default: output/<scenario name>].
    #[arg(long)]
    out: Option<PathBuf>,
    /// Master seed (same as --set run.seed=N).
    #[arg(long, value_name = "N", value_parser = seed)]
    seed: Option<u64>,
    /// Replicates per variant (same as --set run.replicates=N).
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    replicates: Option<u32>,
    /// Worker threads [default: all cores]; results do not depend on it.
    #[arg(long, value_name = "N", value_parser = at_least_one)]
    threads: Option<u32>,
    /// Run only this variant (repeatable).
    #[arg(long = "variant", value_name = "NAME")]
    variants: Vec<String>,
    /// Override a scenario key: dotted KEY, TOML VALUE (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    sets: Vec<String>,
    /// Run the K-th of N deterministic slices of the runs.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    shard: Option<Shard>,
    /// No progress bar or summary line.
    #[arg(long)]
    quiet: bool,
}

/// `--seed`: a whole number ≥ 0, said in words when it is not one.
fn seed(text: &str) -> Result<u64, String> {
    ewsim::scenario::error::parse_whole_number(text, 0, 42)
}

/// `--replicates` and `--threads`: a whole number ≥ 1, said in words when it is not one.
fn at_least_one(text: &str) -> Result<u32, String> {
    let value = ewsim::scenario::error::parse_whole_number(text, 1, 8)?;
    u32::try_from(value).map_err(|_| format!("expected a whole number from 1 to {}", u32::MAX))
}

/// Failure classes, for the exit status.
enum Failure {
    Usage(String),
    Other(anyhow::Error),
}

impl From<ScenarioErrors> for Failure {
    fn from(errors: ScenarioErrors) -> Self {
        Failure::Usage(errors.to_string())
    }
}

impl From<anyhow::Error> for Failure {
    fn from(error: anyhow::Error) -> Self {
        Failure::Other(error)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    ewsim::signals::install();
    let result = execute(cli);
    // A failure after SIGINT or SIGTERM is the stop: said once, with the signal's status.
    if let (Err(_), Err(stop)) = (&result, ewsim::signals::check()) {
        eprintln!("error: {stop}");
        return ExitCode::from(stop.exit_code());
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(error)) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// A failure of a run or study: a scenario that cannot run (too large for the machine, say)
/// is bad usage, anything else is another failure.
fn failure(error: anyhow::Error) -> Failure {
    match error.downcast::<ScenarioErrors>() {
        Ok(errors) => Failure::Usage(errors.to_string()),
        Err(error) => Failure::Other(error),
    }
}

fn load(path: Option<&PathBuf>, sets: &[String]) -> Result<LoadedScenario, ScenarioErrors> {
    match path {
        Some(path) => scenario::load_file(path, sets),
        None => scenario::load_builtin(sets),
    }
}

fn execute(cli: Cli) -> Result<(), Failure> {
    match cli
        .command
        .unwrap_or_else(|| Command::Run(RunArgs::default()))
    {
        Command::Run(args) => run(args),
        Command::Merge {
            out_dir,
            shard_dirs,
        } => merge(&out_dir, &shard_dirs),
        Command::Init { file } => init(&file),
        Command::Check { scenario, sets } => {
            let loaded = load(scenario.as_ref(), &sets)?;
            print_check(&loaded);
            Ok(())
        }
        Command::Plot { output_dir } => plot(&output_dir),
        Command::Sensitivity(args) => study(args, ewsim::study::SENSITIVITY),
        Command::Optimize(args) => study(args, ewsim::study::OPTIMIZE),
        Command::Calibrate(args) => study(args, ewsim::study::CALIBRATE),
    }
}

/// `ewsim run`.
fn run(args: RunArgs) -> Result<(), Failure> {
    let mut sets = args.sets;
    if let Some(seed) = args.seed {
        sets.push(format!("run.seed={seed}"));
    }
    if let Some(replicates) = args.replicates {
        sets.push(format!("run.replicates={replicates}"));
    }
    let mut loaded = load(args.scenario.as_ref(), &sets)?;
    loaded.select_variants(&args.variants)?;
    let out = args
        .out
        .unwrap_or_else(|| PathBuf::from("output").join(&loaded.scenario.scenario.name));
    if let Some(warning) = ewsim::output::replaces_other_scenario(&out, &loaded.source_name) {
        eprintln!("warning: {warning}");
    }
    let options = RunOptions {
        out,
        shard: args.shard.unwrap_or(Shard::ALL),
        quiet: args.quiet,
        command_line: std::env::args().collect(),
    };
    let pool = thread_pool(args.threads)?;
    let written = pool
        .install(|| experiment::run_study(&loaded, &options))
        .map_err(failure)?;
    if !args.quiet {
        eprintln!("wrote {}", written.display());
    }
    Ok(())
}

/// The worker pool of `--threads` (rayon's default, one per core, without it).
fn thread_pool(threads: Option<u32>) -> Result<rayon::ThreadPool, Failure> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.map_or(0, |n| n as usize))
        .build()
        .map_err(|e| Failure::Other(anyhow::anyhow!("cannot start worker threads: {e}")))
}

/// `ewsim sensitivity`, `ewsim optimize` and `ewsim calibrate`: a bad scenario or study table
/// is bad usage.
fn study(args: StudyArgs, kind: &str) -> Result<(), Failure> {
    if kind == ewsim::study::OPTIMIZE && args.shard.is_some() {
        return Err(Failure::Usage(
            "`ewsim optimize` runs generation after generation and takes no --shard; \
             --threads sets its parallelism"
                .into(),
        ));
    }
    if kind == ewsim::study::CALIBRATE && args.shard.is_some() {
        return Err(Failure::Usage(
            "`ewsim calibrate` picks the best grid point from all of them and takes no \
             --shard; --threads sets its parallelism"
                .into(),
        ));
    }
    let loaded = load(args.scenario.as_ref(), &args.sets)?;
    let out = args.out.unwrap_or_else(|| {
        PathBuf::from("output").join(format!("{}-{kind}", loaded.scenario.scenario.name))
    });
    let options = ewsim::study::StudyOptions {
        out,
        shard: args.shard.unwrap_or(Shard::ALL),
        quiet: args.quiet,
        command_line: std::env::args().collect(),
    };
    let pool = thread_pool(args.threads)?;
    let result = pool.install(|| match kind {
        ewsim::study::SENSITIVITY => ewsim::study::sensitivity(&loaded, &options),
        ewsim::study::CALIBRATE => ewsim::study::calibrate(&loaded, &options),
        _ => ewsim::study::optimize(&loaded, &options),
    });
    let written = result.map_err(failure)?;
    if !args.quiet {
        eprintln!("wrote {}", written.display());
    }
    Ok(())
}

/// `ewsim merge`: a problem with the shard folders given is bad usage.
fn merge(out_dir: &Path, shard_dirs: &[PathBuf]) -> Result<(), Failure> {
    let written = experiment::merge::merge(out_dir, shard_dirs, std::env::args().collect())
        .map_err(
            |error| match error.downcast_ref::<experiment::merge::MergeUsageError>() {
                Some(usage) => Failure::Usage(usage.to_string()),
                None => Failure::Other(error),
            },
        )?;
    eprintln!("wrote {}", written.display());
    Ok(())
}

/// `ewsim init`: never overwrites; the scenario is named after the file.
fn init(file: &Path) -> Result<(), Failure> {
    use std::io::Write;
    let name = ewsim::scenario::template::name_from_file(file);
    let mut handle = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", file.display())))?;
    handle
        .write_all(ewsim::scenario::template::template(&name).as_bytes())
        .map_err(|e| Failure::Other(anyhow::anyhow!("{}: {e}", file.display())))?;
    eprintln!(
        "wrote {}; check it with `ewsim check {}`",
        file.display(),
        file.display()
    );
    Ok(())
}

/// `ewsim plot`: the formats the run asked for (`output.formats`), or PNG and SVG for an
/// older folder.
fn plot(output_dir: &Path) -> Result<(), Failure> {
    let manifest = output_dir.join(ewsim::output::folder::MARKER);
    if !manifest.is_file() {
        return Err(Failure::Usage(format!(
            "{} is not an ewsim output folder (no manifest.json)",
            output_dir.display()
        )));
    }
    let formats: Vec<ewsim::plot::ImageFormat> =
        match experiment::merge::resolved_output(output_dir) {
            Ok(output) if !output.formats.is_empty() => {
                output.formats.iter().map(|f| (*f).into()).collect()
            }
            _ => vec![ewsim::plot::ImageFormat::Png, ewsim::plot::ImageFormat::Svg],
        };
    let written =
        ewsim::plot::draw_all(output_dir, &formats).map_err(|e| Failure::Other(e.into()))?;
    eprintln!(
        "drew {} charts in {}",
        written.len(),
        output_dir.join("charts").display()
    );
    Ok(())
}

fn print_check(loaded: &LoadedScenario) {
    let s = &loaded.scenario;
    println!("scenario {} ({}): OK", s.scenario.name, loaded.source_name);
    println!(
        "years {}..={} ({} ticks a year)",
        s.time.start_year, s.time.end_year, s.time.ticks_per_year
    );
    println!("{} regions:", s.region.len());
    for region in &s.region {
        println!(
            "  {:<16} {:<9} urban {:>12.0} rural {:>12.0} persons; income urban {:>8.0} rural {:>8.0} yuan",
            region.name,
            region.zone.as_str(),
            region.population_urban,
            region.population_rural,
            region.income_urban,
            region.income_rural
        );
    }
    println!("{} pairings:", s.pairing.len());
    for pairing in &s.pairing {
        let from = pairing
            .from_year
            .map_or("start".to_string(), |y| y.to_string());
        let until = pairing
            .until_year
            .map_or("end".to_string(), |y| y.to_string());
        println!(
            "  {} -> {} (weight {}, {from}..{until})",
            pairing.donor, pairing.recipient, pairing.weight
        );
    }
    println!("{} phases:", s.phase.len());
    for phase in &s.phase {
        println!("  from {} ({}):", phase.year, phase.name);
        for (key, value) in ewsim::scenario::overrides::flatten(&phase.set) {
            println!("    {key} = {value}");
        }
    }
    let names: Vec<&str> = loaded.variants.iter().map(|v| v.name.as_str()).collect();
    println!("{} variants: {}", names.len(), names.join(", "));
    let runs = (names.len() as u64).saturating_mul(u64::from(s.run.replicates));
    let years = (s.time.end_year - s.time.start_year) as u64;
    println!(
        "run size: {runs} runs x {years} years x {} ticks x {} households = {} household-ticks",
        s.time.ticks_per_year,
        s.run.households,
        ewsim::scenario::limits::household_ticks(s, runs)
    );
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get() as u64);
    let in_flight = threads.min(runs.max(1));
    let available =
        experiment::budget::available().map_or("not known".to_string(), experiment::budget::shown);
    println!(
        "memory: about {} with {in_flight} {} at a time (available: {available})",
        experiment::budget::shown(experiment::budget::estimate(s, in_flight)),
        if in_flight == 1 { "run" } else { "runs" },
    );
}
