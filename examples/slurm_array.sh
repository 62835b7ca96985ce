#!/usr/bin/env bash
# A Slurm job array: one task per shard, then a dependent job that merges.
#
#   sbatch --array=1-16 examples/slurm_array.sh scenarios/variants.toml /scratch/$USER/study
#   sbatch --dependency=afterok:<ARRAY_JOB_ID> --wrap \
#       "ewsim merge /scratch/$USER/study/merged /scratch/$USER/study/shard*"
#
# EWSIM_COMMAND=sensitivity (exported to the tasks) shards a sensitivity analysis instead.
# Every task must use the same scenario file and the same --set/--seed/--replicates options;
# `ewsim merge` refuses shards of different studies or an incomplete set.
#SBATCH --job-name=ewsim
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=01:00:00
set -euo pipefail
# The installed binary (`cargo install --path .`), or the one EWSIM names.
ewsim=${EWSIM:-ewsim}
command -v "$ewsim" >/dev/null || {
  echo "ewsim is not on PATH: run \`cargo install --path .\` or set EWSIM=/path/to/ewsim" >&2
  exit 2
}
scenario=${1:?scenario file}
base=${2:?output folder for the shard folders}
count=${SLURM_ARRAY_TASK_COUNT:?run as a job array}
index=${SLURM_ARRAY_TASK_ID:?run as a job array}
"$ewsim" "${EWSIM_COMMAND:-run}" "$scenario" --shard "$index/$count" --threads "${SLURM_CPUS_PER_TASK:-1}" \
  --quiet --out "$base/shard$index"
