// Fixed-rate (open-loop) load for bench/store_load.sh: RATE requests/s for SECONDS over the
// paths listed in the file PATHS, rotated through once across all connections from a random
// start (as rotate.lua does for wrk), so every request is a different page. Prints one JSON
// line: requests, mean rate, latency percentiles in ms, non-2xx responses, errors, timeouts.
//
//   npm install --prefix "$WORK" autocannon@7
//   NODE_PATH="$WORK/node_modules" PATHS=story.paths RATE=500 SECONDS=20 CONNS=16 node bench/rate.js
const autocannon = require('autocannon');
const fs = require('fs');
const paths = fs.readFileSync(process.env.PATHS, 'utf8').split('\n').filter(Boolean);
let next = Math.floor(Math.random() * paths.length);
autocannon({
  url: process.env.URL || 'http://127.0.0.1:18080',
  connections: Number(process.env.CONNS || 16),
  overallRate: Number(process.env.RATE || 500),
  duration: Number(process.env.SECONDS || 20),
  requests: [{ method: 'GET', setupRequest: (req) => { req.path = paths[next++ % paths.length]; return req; } }],
}, (err, r) => {
  if (err) { console.error(err); process.exit(1); }
  const l = r.latency;
  console.log(JSON.stringify({ requests: r.requests.total, rps: r.requests.average, p50: l.p50, p90: l.p90, p99: l.p99, max: l.max, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts }));
});
