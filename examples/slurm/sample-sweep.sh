#!/bin/bash
# A sharded width sweep as a Slurm job array: task i evaluates shard i/16 of 4096 networks at
# widths 64, 256 and 1024; a dependent job merges the 16 shard files.
#
#   sbatch sample-sweep.sh            # submits the array and the merge job
#
#SBATCH --job-name=nnspectra-sweep
#SBATCH --array=0-15
#SBATCH --cpus-per-task=2
#SBATCH --mem=4G
#SBATCH --time=12:00:00
#SBATCH --output=logs/%x-%a.out
set -euo pipefail

SHARDS=${SHARDS:-16}
OUT=${OUT:-$PWD/shards}
mkdir -p "$OUT" logs

if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  echo "submit with sbatch: this script runs as a job array" >&2
  exit 2
fi

# Task 0 queues the merge once every task of the array has finished successfully.
if [ "$SLURM_ARRAY_TASK_ID" = 0 ]; then
  sbatch --dependency=afterok:"$SLURM_ARRAY_JOB_ID" --job-name=nnspectra-merge \
    --output=logs/%x.out --wrap "nnspectra merge $OUT/shard-*.json --json > $OUT/sweep.json && nnspectra merge $OUT/shard-*.json"
fi

# auto/N takes the shard index from SLURM_ARRAY_TASK_ID.
nnspectra sample --activation tanh --depth 10 --width 64,256,1024 \
  --networks 4096 --lmax 32 --seed 0 \
  --shard auto/"$SHARDS" --out "$OUT/shard-$SLURM_ARRAY_TASK_ID.json"
