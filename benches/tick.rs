//! Performance benchmarks of the simulation core (see docs/PERFORMANCE.md).
//!
//! * `year/{threads}t/{households}`: one simulated year of the built-in China scenario
//!   (year-start levers, `ticks_per_year` household ticks, year close), inside a rayon pool of
//!   1 or 2 threads. Throughput is households × ticks_per_year, so criterion reports
//!   agent-ticks per second. The simulation is re-synthesised (untimed) whenever it reaches the
//!   scenario's end year, so the measured years are the years of a real run.
//! * `household_step/{threads}t/{households}`: the hot loop alone
//!   (`engine::households::step`, one tick) with an idle plan (no levers, no migration
//!   destinations) — an approximation that isolates the per-household work.
//! * `synthesis/{threads}t/100000`: `Simulation::new`, i.e. world synthesis.
//! * `metrics/collect/100000`: the yearly metrics of one world (single-threaded code).
//!
//! * `allocations`: not timed; prints how many heap allocations one simulated year and one
//!   household tick make at 100,000 households (a counting wrapper around the system allocator
//!   is installed for this bench binary only).
//!
//! Run with `cargo bench --bench tick`. No plots are drawn.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use rayon::{ThreadPool, ThreadPoolBuilder};

use ewsim::engine::Simulation;
use ewsim::engine::households::{TickRates, chunks, step};
use ewsim::metrics::collect::{METRICS, MetricsScratch, collect};
use ewsim::policy::TickTotals;
use ewsim::policy::YearPlan;
use ewsim::scenario::{LoadedScenario, load_builtin};
use ewsim::world::poverty_line;

/// The system allocator, counting allocations (one relaxed atomic add per call).
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap allocations made while running `f`.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let value = f();
    (ALLOCATIONS.load(Ordering::Relaxed) - before, value)
}

/// Household counts of the per-year benchmark.
const YEAR_SIZES: [u32; 2] = [100_000, 400_000];
/// Thread counts compared.
const THREADS: [usize; 2] = [1, 2];
/// Household count of the synthesis and metrics benchmarks.
const SMALL: u32 = 100_000;

/// The built-in China scenario with `households` households.
fn china(households: u32) -> LoadedScenario {
    load_builtin(&[format!("run.households={households}")]).expect("built-in scenario loads")
}

fn pool(threads: usize) -> ThreadPool {
    ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
}

/// One simulated year, at each size and thread count.
fn bench_year(c: &mut Criterion) {
    let mut group = c.benchmark_group("year");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(Duration::from_secs(8));
    for households in YEAR_SIZES {
        let loaded = china(households);
        let variant = &loaded.variants[0];
        let ticks = u64::from(variant.scenario.time.ticks_per_year);
        for threads in THREADS {
            let pool = pool(threads);
            let mut simulation = pool.install(|| Simulation::new(variant, 0));
            let agents = simulation.world().households.len() as u64;
            group.throughput(Throughput::Elements(agents * ticks));
            group.bench_function(BenchmarkId::new(format!("{threads}t"), households), |b| {
                b.iter_custom(|iterations| {
                    pool.install(|| {
                        let mut elapsed = Duration::ZERO;
                        for _ in 0..iterations {
                            if simulation.finished() {
                                simulation = Simulation::new(variant, 0);
                            }
                            let start = Instant::now();
                            simulation.step_year();
                            elapsed += start.elapsed();
                        }
                        black_box(simulation.world().regions[0].income_total);
                        elapsed
                    })
                })
            });
        }
    }
    group.finish();
}

/// The household step alone, one tick, with an idle plan.
fn bench_household_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("household_step");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for households in YEAR_SIZES {
        let loaded = china(households);
        let variant = &loaded.variants[0];
        let scenario = &variant.scenario;
        let economy = &scenario.economy;
        let mut world = Simulation::new(variant, 0).world().clone();
        let regions = world.regions.len();
        let plan = YearPlan::idle(regions);
        let policy = variant.policy_in(scenario.time.start_year + 1);
        let mut rates = TickRates::default();
        rates.set_year(
            economy,
            &world.regions,
            policy.redistribution.means_test_window,
            policy.labour.placement_additionality,
            &plan,
            scenario.time.ticks_per_year,
        );
        rates.set_wages(&world, economy, &plan);
        let mut partials = vec![TickTotals::new(regions); chunks(world.households.len())];
        let mut totals = TickTotals::new(regions);
        group.throughput(Throughput::Elements(world.households.len() as u64));
        for threads in THREADS {
            let pool = pool(threads);
            let mut tick = 0u32;
            group.bench_function(BenchmarkId::new(format!("{threads}t"), households), |b| {
                b.iter(|| {
                    pool.install(|| {
                        step(
                            &mut world.households,
                            &plan,
                            &rates,
                            scenario.run.seed,
                            0,
                            tick,
                            &mut partials,
                            &mut totals,
                        )
                    });
                    tick = tick.wrapping_add(1);
                    black_box(&totals);
                })
            });
        }
    }
    group.finish();
}

/// World synthesis (`Simulation::new`) at 100,000 households.
fn bench_synthesis(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthesis");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    let loaded = china(SMALL);
    let variant = &loaded.variants[0];
    group.throughput(Throughput::Elements(u64::from(SMALL)));
    for threads in THREADS {
        let pool = pool(threads);
        group.bench_function(BenchmarkId::new(format!("{threads}t"), SMALL), |b| {
            b.iter(|| pool.install(|| black_box(Simulation::new(variant, 0))))
        });
    }
    group.finish();
}

/// Yearly metrics collection at 100,000 households (after one simulated year).
fn bench_metrics(c: &mut Criterion) {
    let mut group = c.benchmark_group("metrics");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    let loaded = china(SMALL);
    let variant = &loaded.variants[0];
    let economy = &variant.scenario.economy;
    let mut simulation = Simulation::new(variant, 0);
    simulation.step_year();
    let world = simulation.world();
    let line = poverty_line(economy, world.year);
    let mut scratch = MetricsScratch::default();
    let mut values = Vec::with_capacity(METRICS.len());
    group.throughput(Throughput::Elements(world.households.len() as u64));
    group.bench_function(BenchmarkId::new("collect", SMALL), |b| {
        b.iter(|| {
            collect(world, economy, line, &mut scratch, &mut values);
            black_box(&values);
        })
    });
    group.finish();
}

/// Not a timing: prints the heap allocations of one year and of one tick of the hot loop.
fn report_allocations(_: &mut Criterion) {
    let loaded = china(SMALL);
    let variant = &loaded.variants[0];
    let economy = &variant.scenario.economy;
    for threads in THREADS {
        let pool = pool(threads);
        pool.install(|| {
            let mut simulation = Simulation::new(variant, 0);
            simulation.step_year(); // warm up: buffers reach their capacity
            let (year, ()) = allocations(|| simulation.step_year());
            let world = simulation.world();
            let line = poverty_line(economy, world.year);
            let mut scratch = MetricsScratch::default();
            let mut values = Vec::with_capacity(METRICS.len());
            collect(world, economy, line, &mut scratch, &mut values);
            let (metrics, ()) =
                allocations(|| collect(world, economy, line, &mut scratch, &mut values));
            println!(
                "allocations/{threads}t/{SMALL}: step_year {year}, metrics::collect {metrics} \
                 (after warm-up)"
            );
        });
    }
    // The same year with four times the ticks: equal counts mean no allocation per tick.
    let weekly = load_builtin(&[
        format!("run.households={SMALL}"),
        "time.ticks_per_year=48".to_string(),
    ])
    .expect("built-in scenario loads");
    let mut simulation = Simulation::new(&weekly.variants[0], 0);
    simulation.step_year();
    let (year, ()) = allocations(|| simulation.step_year());
    println!("allocations/48-ticks/{SMALL}: step_year {year} (after warm-up)");
}

fn config() -> Criterion {
    Criterion::default().without_plots()
}

criterion_group! {
    name = benches;
    config = config();
    targets = report_allocations, bench_year, bench_household_step, bench_synthesis, bench_metrics
}
criterion_main!(benches);
