#!/usr/bin/env bash
# Run a study as N shards on one machine (or over ssh hosts with `parallel -S`) with GNU
# parallel, then merge. The merged folder is byte-for-byte what one unsharded run writes
# (metrics.csv, summary.csv, regions.csv), whatever N is.
#
#   examples/gnu_parallel.sh scenarios/variants.toml 8 output/variants
#   EWSIM_COMMAND=sensitivity examples/gnu_parallel.sh scenarios/china.toml 8 output/china-sensitivity
set -euo pipefail
scenario=${1:-scenarios/variants.toml}
shards=${2:-4}
out=${3:-output/variants}
# The installed binary (`cargo install --path .`), else this checkout's release build, or the
# one EWSIM names.
if [[ -z ${EWSIM:-} ]]; then
  if command -v ewsim >/dev/null; then
    EWSIM=ewsim
  else
    EWSIM=$(dirname "$0")/../target/release/ewsim
  fi
fi
ewsim=$EWSIM
command -v "$ewsim" >/dev/null || {
  echo "no ewsim found: run \`cargo install --path .\` or set EWSIM=/path/to/ewsim" >&2
  exit 2
}
command=${EWSIM_COMMAND:-run}   # or sensitivity: its design points are sharded the same way
work=$(mktemp -d "${out}.shards.XXXX")

# Each shard gets one thread: the shards themselves fill the cores.
seq 1 "$shards" | parallel --halt now,fail=1 \
  "$ewsim" "$command" "$scenario" --shard {}/"$shards" --threads 1 --quiet --out "$work"/shard{}
"$ewsim" merge "$out" "$work"/shard*
rm -rf "$work"
