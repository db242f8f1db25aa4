"""Peer run for `storyline eval article-extraction` / `storyline bench extract`: Python
trafilatura on the same pages with the same scorer.

Usage (outside the repo's runtime; Python is never needed to build or run storyline):
    python3 -m venv /tmp/peer && /tmp/peer/bin/pip install trafilatura lxml_html_clean
    /tmp/peer/bin/python bench/peers/trafilatura_extract.py ../shared/data/article-extraction [passes]

Scoring as ../shared/data/README.md defines it: 4-token shingles of \\w+ tokens, multiset
overlaps normalised per page, P and R means over pages, F1 their harmonic mean, accuracy the
share of pages whose token sequence is exact. Speed: pages/s on one core, best of N passes,
gunzip and file reading excluded.
"""
import gzip, json, re, sys, time
from collections import Counter
import trafilatura

data = sys.argv[1]
gt = json.load(open(f"{data}/ground-truth.json"))
keys = sorted(gt)
pages = [(k, gt[k].get("url"), gzip.open(f"{data}/html/{k}.html.gz").read().decode("utf-8", "replace")) for k in keys]
TOK = re.compile(r"\w+", re.UNICODE)

def shingles(toks, n=4):
    return Counter(" ".join(toks[i:i+n]) for i in range(max(1, len(toks) - n + 1)) if toks[i:i+n])

def score(t, p):
    tt, pt = TOK.findall(t or ""), TOK.findall(p or "")
    a, b = shingles(tt), shingles(pt)
    tp = sum((a & b).values()); fp = sum((b - a).values()); fn = sum((a - b).values())
    s = tp + fp + fn
    if s == 0:
        return 1.0, 1.0, tt == pt
    tp, fp, fn = tp / s, fp / s, fn / s
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0), tt == pt

def run(k, url, html):
    return trafilatura.extract(html, url=url, include_comments=False, include_tables=True) or ""

preds = {k: run(k, u, h) for k, u, h in pages}
ps, rs, ex = [], [], 0
for k in keys:
    p, r, e = score(gt[k]["articleBody"], preds[k])
    ps.append(p); rs.append(r); ex += e
P, R = sum(ps) / len(ps), sum(rs) / len(rs)
print(f"trafilatura {trafilatura.__version__}: {len(keys)} pages")
print(f"precision {P:.4f}\nrecall    {R:.4f}\nF1        {2*P*R/(P+R):.4f}\naccuracy  {ex/len(keys):.4f}")
best = None
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
    t0 = time.perf_counter()
    for k, u, h in pages:
        run(k, u, h)
    dt = time.perf_counter() - t0
    best = dt if best is None else min(best, dt)
mb = sum(len(h.encode()) for _, _, h in pages) / 1e6
print(f"pages/s   {len(pages)/best:.1f} (one core), MB/s {mb/best:.2f}, best of passes {best:.3f} s")
