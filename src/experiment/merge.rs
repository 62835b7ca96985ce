//! `ewsim merge`: combine the output folders of `--shard 1/N … N/N` into exactly the files one
//! unsharded run writes (the manifest's timing, threads and command line aside).
//!
//! Run `k` of a study (variant-major, then replicate) lives in shard `k mod N + 1`, and each
//! shard writes its runs in increasing `k`. Merging therefore takes the next run's rows from
//! shard `k mod N` for `k = 0, 1, …`; rows are copied as text, never re-formatted, and the
//! summary is recomputed with the same code a run uses.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

use anyhow::{Context, Result, bail};

use super::summary::SummaryTable;
use super::{Shard, finish};
use crate::metrics;
use crate::output::{self, Manifest};
use crate::plot::ImageFormat;

/// A problem with the shard folders given (reported as bad usage, exit status 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MergeUsageError(pub String);

/// Merges `shards` into `out` (written atomically) and returns the folder.
pub fn merge(out: &Path, shards: &[PathBuf], command_line: Vec<String>) -> Result<PathBuf> {
    let started = SystemTime::now();
    let clock = Instant::now();
    let manifests = read_manifests(shards)?;
    let order = shard_order(shards, &manifests)?;
    let first = &manifests[order[0]];
    if first.study.is_some() {
        let folders: Vec<&Path> = order.iter().map(|&i| shards[i].as_path()).collect();
        return crate::study::merge_shards(out, &folders, first, command_line);
    }
    let staging = output::folder::stage(out, output::folder::Replace::EwsimResult)?;
    let dir = staging.path().to_path_buf();
    let folders: Vec<&Path> = order.iter().map(|&i| shards[i].as_path()).collect();

    interleave(&folders, "metrics.csv", &dir)?;
    interleave(&folders, "regions.csv", &dir)?;
    interleave(&folders, "accounts.csv", &dir)?;
    let mut snapshots: Vec<String> = fs::read_dir(folders[0])?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("households_") && name.ends_with(".csv"))
        .collect();
    snapshots.sort();
    for name in &snapshots {
        interleave(&folders, name, &dir)?;
    }
    summarise(&dir, &first.variants)?;
    for name in ["scenario.resolved.toml", "observed.csv"] {
        let source = folders[0].join(name);
        if source.is_file() {
            fs::copy(&source, dir.join(name))
                .with_context(|| format!("copying {}", source.display()))?;
        }
    }
    let manifest = Manifest {
        shard: Shard::ALL.to_string(),
        threads: rayon::current_num_threads(),
        started: humantime::format_rfc3339_seconds(started).to_string(),
        finished: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
        wall_seconds: clock.elapsed().as_secs_f64(),
        command_line,
        ..first.clone()
    };
    let charts = chart_formats(&dir)?;
    finish(&dir, &manifest, charts.as_deref())?;
    Ok(staging.commit()?)
}

fn read_manifests(shards: &[PathBuf]) -> Result<Vec<Manifest>> {
    if shards.is_empty() {
        return Err(MergeUsageError("give the shard folders to merge".into()).into());
    }
    shards
        .iter()
        .map(|shard| {
            let path = shard.join(output::folder::MARKER);
            let text = fs::read_to_string(&path).map_err(|e| {
                MergeUsageError(format!(
                    "{} is not a complete ewsim output folder ({}: {e})",
                    shard.display(),
                    path.display()
                ))
            })?;
            serde_json::from_str::<Manifest>(&text).map_err(|e| {
                MergeUsageError(format!("{}: not an ewsim manifest: {e}", path.display())).into()
            })
        })
        .collect()
}

/// Checks that the shards are one complete set of one study; returns their indices by shard number.
fn shard_order(shards: &[PathBuf], manifests: &[Manifest]) -> Result<Vec<usize>> {
    let first = &manifests[0];
    let mut order: Vec<Option<usize>> = Vec::new();
    for (index, manifest) in manifests.iter().enumerate() {
        let name = shards[index].display();
        let same_study = manifest.resolved_sha256 == first.resolved_sha256
            && manifest.seed == first.seed
            && manifest.replicates == first.replicates
            && manifest.variants == first.variants
            && manifest.ewsim_version == first.ewsim_version
            && manifest.study == first.study;
        if !same_study {
            bail!(MergeUsageError(format!(
                "{name} is not a shard of the same study as {} (scenario, seed, replicates, variants or ewsim version differ)",
                shards[0].display()
            )));
        }
        let shard =
            Shard::parse(&manifest.shard).map_err(|e| MergeUsageError(format!("{name}: {e}")))?;
        if order.is_empty() {
            order = vec![None; shard.count as usize];
        }
        if shard.count as usize != order.len() {
            bail!(MergeUsageError(format!(
                "{name} is shard {shard}, but {} is one of {}",
                shards[0].display(),
                order.len()
            )));
        }
        let slot = &mut order[shard.index as usize - 1];
        if let Some(other) = slot {
            bail!(MergeUsageError(format!(
                "{name} and {} are both shard {shard}",
                shards[*other].display()
            )));
        }
        *slot = Some(index);
    }
    let missing: Vec<String> = order
        .iter()
        .enumerate()
        .filter(|(_, slot)| slot.is_none())
        .map(|(k, _)| format!("{}/{}", k + 1, order.len()))
        .collect();
    if !missing.is_empty() {
        bail!(MergeUsageError(format!(
            "incomplete set of shards: missing {}",
            missing.join(", ")
        )));
    }
    // Every slot is filled: a missing one was refused just above.
    Ok(order
        .into_iter()
        .map(|slot| slot.expect("checked"))
        .collect())
}

/// Writes `name` into `dir` with the runs of the shard files interleaved in study order.
pub(crate) fn interleave(folders: &[&Path], name: &str, dir: &Path) -> Result<()> {
    let mut readers = Vec::with_capacity(folders.len());
    for folder in folders {
        let path = folder.join(name);
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&path)
            .map_err(|e| MergeUsageError(format!("{}: {e}", path.display())))?;
        readers.push(RunReader {
            records: reader.into_byte_records(),
            pending: None,
            path,
        });
    }
    let mut writer = csv::Writer::from_writer(BufWriter::new(File::create(dir.join(name))?));
    let mut header = None;
    for reader in &mut readers {
        let this = reader
            .next_record()?
            .ok_or_else(|| MergeUsageError(format!("{} is empty", reader.path.display())))?;
        match &header {
            None => header = Some(this),
            Some(first) if *first != this => bail!(MergeUsageError(format!(
                "{}: header differs between shards",
                reader.path.display()
            ))),
            Some(_) => {}
        }
    }
    let header = header.ok_or_else(|| MergeUsageError(format!("no shard folder holds {name}")))?;
    writer.write_byte_record(&header)?;
    let mut shard = 0;
    loop {
        let rows = readers[shard].next_run()?;
        if rows.is_empty() {
            // Runs are dealt round-robin, so the first shard to run out marks the end.
            for other in &mut readers {
                if other.next_record()?.is_some() {
                    bail!(MergeUsageError(format!(
                        "{} has more runs than its shard set allows",
                        other.path.display()
                    )));
                }
            }
            break;
        }
        for row in &rows {
            writer.write_byte_record(row)?;
        }
        shard = (shard + 1) % readers.len();
    }
    writer.flush()?;
    Ok(())
}

struct RunReader {
    records: csv::ByteRecordsIntoIter<File>,
    pending: Option<csv::ByteRecord>,
    path: PathBuf,
}

impl RunReader {
    fn next_record(&mut self) -> Result<Option<csv::ByteRecord>> {
        if let Some(record) = self.pending.take() {
            return Ok(Some(record));
        }
        match self.records.next() {
            None => Ok(None),
            Some(record) => {
                Ok(Some(record.with_context(|| {
                    format!("reading {}", self.path.display())
                })?))
            }
        }
    }

    /// The rows of the next run: consecutive rows with the same (variant, replicate).
    fn next_run(&mut self) -> Result<Vec<csv::ByteRecord>> {
        let mut rows: Vec<csv::ByteRecord> = Vec::new();
        while let Some(record) = self.next_record()? {
            if let Some(first) = rows.first()
                && (first.get(0) != record.get(0) || first.get(1) != record.get(1))
            {
                self.pending = Some(record);
                break;
            }
            rows.push(record);
        }
        Ok(rows)
    }
}

/// Recomputes `summary.csv`, `effects.csv` and `levers.csv` from the merged `metrics.csv`.
fn summarise(dir: &Path, variants: &[String]) -> Result<()> {
    let mut table = SummaryTable::default();
    let mut reader = csv::Reader::from_path(dir.join("metrics.csv"))?;
    for record in reader.records() {
        let record = record?;
        let variant = variants
            .iter()
            .position(|v| v == &record[0])
            .ok_or_else(|| {
                MergeUsageError(format!(
                    "metrics.csv names variant `{}`, which the manifest does not list",
                    &record[0]
                ))
            })?;
        let year: i32 = record[2].parse().context("metrics.csv: bad year")?;
        let metric = metrics::table::position(&record[3]).ok_or_else(|| {
            MergeUsageError(format!("metrics.csv: unknown metric `{}`", &record[3]))
        })?;
        let value = output::number::parse(&record[4]).context("metrics.csv: bad value")?;
        table.add(variant, year, metric, value);
    }
    table.write(&dir.join("summary.csv"), variants)?;
    table.write_effects(&dir.join("effects.csv"), variants)?;
    table.write_levers(&dir.join("levers.csv"), variants)?;
    Ok(())
}

/// The `[output]` table of an output folder's `scenario.resolved.toml`.
pub fn resolved_output(dir: &Path) -> Result<crate::scenario::OutputSpec> {
    let resolved = dir.join("scenario.resolved.toml");
    let text =
        fs::read_to_string(&resolved).with_context(|| format!("reading {}", resolved.display()))?;
    let scenario: crate::scenario::Scenario =
        toml::from_str(&text).with_context(|| format!("{} does not parse", resolved.display()))?;
    Ok(scenario.output)
}

/// The chart formats of an output folder's scenario, or None when it asks for no charts.
fn chart_formats(dir: &Path) -> Result<Option<Vec<ImageFormat>>> {
    let output = resolved_output(dir)?;
    Ok(output.charts.then(|| {
        output
            .formats
            .iter()
            .map(|f| ImageFormat::from(*f))
            .collect()
    }))
}
