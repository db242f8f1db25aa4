#!/usr/bin/env bash
# Store and server benchmark (figures in docs/SCALE.md, section 2).
#
#   1. a synthetic corpus of N articles (default 100,000) from the Timeline17 and ECB+ texts in
#      ../shared/data, with new ids and dates (generated here, never committed);
#   2. `storyline ingest` of it into a fresh store (timed; full pipeline: ingest, annotate, link,
#      store, index);
#   3. the server on loopback, read-only: story pages and search under load: with wrk at full
#      speed (closed loop: the most the server gives), and with autocannon (bench/rate.js) at a
#      fixed rate (RATE requests/s, open loop: the latency a user sees at that load, percentiles
#      and errors);
#   4. adding one new article to the N-article store: through POST /api/articles on a server
#      started with a write token (40 articles one at a time: POST wall time, and the server's
#      own split of each add from its debug log), and through `storyline ingest FILE` (a new
#      process);
#   5. rebuilding the search index from SQLite.
#
# Usage: bench/store_load.sh
#   (env: N, DATA, WORK, PORT, DURATION, CONNECTIONS, RATE, RATE_CONNECTIONS, SECONDS_AT_RATE)
# Needs wrk (Debian package `wrk`: installed here when missing), curl, and node + npm for the
# fixed-rate runs (autocannon from npm, installed into WORK; skipped without node). Loopback
# only; every load run is bounded in time. Figures of a run: docs/SCALE.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
DATA=${DATA:-../shared/data}
WORK=${WORK:-/tmp/storyline-bench}
PORT=${PORT:-18080}
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-"4 16"}
RATE=${RATE:-500}
RATE_CONNECTIONS=${RATE_CONNECTIONS:-"8 16 32"}
SECONDS_AT_RATE=${SECONDS_AT_RATE:-20}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
BIN="$CARGO_TARGET_DIR/release/storyline"
GEN="$CARGO_TARGET_DIR/release/examples/bench_corpus"
BASE="http://127.0.0.1:$PORT"
mkdir -p "$WORK"

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
cargo build --release -p storyline -p storyline-server --example bench_corpus

echo "== corpus: $N articles"
[ -s "$WORK/corpus.jsonl" ] || "$GEN" "$DATA" "$N" "$WORK/corpus.jsonl"
"$GEN" "$DATA" 40 "$WORK/new.jsonl" "$N"   # 40 articles that are not in the corpus
ls -l "$WORK/corpus.jsonl"

echo "== ingest into a fresh store"
if [ ! -s "$WORK/store/store.sqlite3" ]; then
  /usr/bin/time -v "$BIN" ingest "$WORK/corpus.jsonl" --store "$WORK/store" --json 2> "$WORK/ingest.time" | tee "$WORK/ingest.json"
  grep -E "Elapsed|Maximum resident" "$WORK/ingest.time"
fi
du -sh "$WORK/store" "$WORK/store/index"

server_pid=
stop() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null; server_pid=; }
trap stop EXIT
start() {
  "$BIN" serve --store "$WORK/store" --addr "127.0.0.1:$PORT" "$@" > "$WORK/serve.out" 2> "$WORK/serve.err" &
  server_pid=$!
  for _ in $(seq 1 600); do curl -sf "$BASE/api/stats" >/dev/null && return; sleep 0.5; done
  echo "server did not start"; cat "$WORK/serve.err"; exit 1
}

echo "== load: read-only server"
start
curl -s "$BASE/api/stats"; echo
# Story pages: 2,200 stories spread over the listing (largest first) as deep as the API pages
# (offset <= 10,000): the largest stories and ordinary ones.
: > "$WORK/story.paths"
total=$(curl -s "$BASE/api/stats" | sed -E 's/.*"stories":([0-9]+).*/\1/')
last=$(( total - 1 < 10000 ? total - 1 : 10000 ))
step=$(( last / 10 > 200 ? last / 10 : 200 ))
for off in $(seq 0 "$step" "$last"); do
  curl -s "$BASE/api/stories?limit=200&offset=$off" | grep -o '"id":"s[0-9a-f]*"' | cut -d'"' -f4 | sed 's|^|/api/stories/|' >> "$WORK/story.paths"
done
wc -l < "$WORK/story.paths"
# Search: words, phrases, an entity filter and a date range, over the corpus's topics.
cat > "$WORK/search.paths" <<'Q'
/api/search?q=earthquake
/api/search?q=protest%20Cairo
/api/search?q=%22prime%20minister%22
/api/search?q=oil%20spill
/api/search?q=swine%20flu%20vaccine
/api/search?q=Mubarak
/api/search?q=%22Michael%20Jackson%22
/api/search?q=Gaddafi%20rebels
/api/search?q=Syria%20Assad
/api/search?q=Yemen%20Saleh
/api/search?q=bank%20crisis&from=2008-01-01&to=2012-12-31
/api/search?q=police&entity=obama
/api/search?q=arrested
/api/search?q=%22said%20on%20Tuesday%22
/api/search?q=Iraq%20war%20troops
/api/search?q=BP%20well
Q
cat > "$WORK/rotate.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local i = math.random(#paths)
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
for kind in story search; do
  for c in $CONNECTIONS; do
    echo "-- $kind pages, $c connections, $DURATION, full speed (wrk)"
    PATHS="$WORK/$kind.paths" wrk -t 1 -c "$c" -d "$DURATION" --latency -s "$WORK/rotate.lua" "$BASE" | tee "$WORK/wrk-$kind-$c.txt"
  done
  if command -v node >/dev/null; then
    [ -d "$WORK/node_modules/autocannon" ] || npm install --silent --prefix "$WORK" autocannon@7 >/dev/null
    for c in $RATE_CONNECTIONS; do
      echo "-- $kind pages at $RATE requests/s, $c connections, ${SECONDS_AT_RATE}s (autocannon, bench/rate.js)"
      NODE_PATH="$WORK/node_modules" PATHS="$WORK/$kind.paths" URL="$BASE" RATE="$RATE" SECONDS="$SECONDS_AT_RATE" CONNS="$c" \
        node bench/rate.js | tee "$WORK/rate-$kind-$c.json"
    done
  fi
done
stop

echo "== add one article to the $N-article store"
export STORYLINE_WRITE_TOKEN=bench-token-0123
# The debug line of each add splits its time: link_ms (linking, with the replayed clustering),
# link_and_store_ms (everything up to the commit), and the story stages in between.
export RUST_LOG=storyline_store=debug,info
start
grep -h "linker ready" "$WORK/serve.err" || true
# One at a time, 0.3 s apart (large stories are rebuilt in the background in between).
while IFS= read -r line; do
  printf '%s' "$line" > "$WORK/one.json"
  curl -s -o "$WORK/post.out" -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $STORYLINE_WRITE_TOKEN" \
    -H 'Content-Type: application/json' --data-binary @"$WORK/one.json" "$BASE/api/articles"
  sleep 0.3
done < "$WORK/new.jsonl" | tee "$WORK/post.times"
stop
unset STORYLINE_WRITE_TOKEN RUST_LOG
percentiles() { sort -n | awk '{a[NR]=$1} END {if (NR) printf "n %d  p50 %s  p90 %s  max %s\n", NR, a[int((NR+1)*0.5)], a[(int(NR*0.9) > 0 ? int(NR*0.9) : 1)], a[NR]}'; }
echo "POST wall, seconds:      $(awk '$1 == 201 {print $2}' "$WORK/post.times" | percentiles)"
echo "link_ms:                 $(grep -o 'link_ms=[0-9.]*' "$WORK/serve.err" | cut -d= -f2 | percentiles)"
echo "link_and_store_ms:       $(grep -o 'link_and_store_ms=[0-9.]*' "$WORK/serve.err" | cut -d= -f2 | percentiles)"
grep -h "stale stories recomputed" "$WORK/serve.err" | tail -5 || true
sed -n 21p "$WORK/new.jsonl" > "$WORK/one-cli.jsonl"
/usr/bin/time -f "cli wall %e s, max rss %M KB" "$BIN" ingest "$WORK/one-cli.jsonl" --store "$WORK/store" --json

echo "== rebuild the search index from SQLite"
rm -rf "$WORK/store/index"
RUST_LOG=info /usr/bin/time -f "rebuild wall %e s" "$BIN" ingest "$WORK/one-cli.jsonl" --store "$WORK/store" --json 2>&1 | grep -E "caught up|linker ready|rebuild wall|added"
