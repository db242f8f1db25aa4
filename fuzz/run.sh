#!/usr/bin/env bash
# Build the fuzz targets on stable Rust (plain cargo + sanitizer-coverage RUSTFLAGS, no nightly,
# no cargo-fuzz needed) and run each for SECONDS (default 60) on one core.
#   fuzz/run.sh [SECONDS] [TARGET...]      e.g. fuzz/run.sh 600 ingest_html
# Crashes, timeouts and out-of-memory inputs land in fuzz/artifacts/<target>/; the run fails on
# the first target that finds one. The growing corpus is kept in fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(ingest_text ingest_html ingest_jsonl ingest_warc ingest_feed ingest_sniff time_tag annotate)
fi
triple="$(rustc -vV | sed -n 's/^host: //p')"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# --target keeps the flags off build scripts and proc macros; --cfg fuzzing is what
# libfuzzer-sys expects. These are the flags cargo-fuzz passes, minus the nightly-only ones.
# The fuzz package has no lock file of its own: it starts from the workspace's, so the crates
# under test build with the versions the workspace tests (only libfuzzer-sys is added).
[ -f Cargo.lock ] || cp ../Cargo.lock Cargo.lock
RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing" \
  cargo build --release --target "$triple" --bins
[ -d seeds ] || ./make_seeds.sh
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t" "artifacts/$t"
  echo "== fuzz $t for ${secs}s"
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: over 2 GiB is unbounded
  # allocation. Both count as findings.
  rc=0
  "$CARGO_TARGET_DIR/$triple/release/$t" "corpus/$t" "seeds/$t" \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"artifacts/$t.log" 2>&1 || rc=$?
  grep -E '^(Done |SUMMARY|stat::(number_of_executed_units|peak_rss_mb))|panicked' "artifacts/$t.log" || true
  if [ "$rc" -ne 0 ]; then
    echo "fuzz target $t failed (exit $rc): see fuzz/artifacts/$t.log" && tail -n 30 "artifacts/$t.log" && exit 1
  fi
  if [ -n "$(ls -A "artifacts/$t")" ]; then
    echo "finding(s) in fuzz/artifacts/$t:" && ls "artifacts/$t" && exit 1
  fi
done
