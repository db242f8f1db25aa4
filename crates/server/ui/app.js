// storyline web UI: a small hash-routed page over the JSON API.
//
// Safety rule of this file: text from the store (article text, titles, quotes, names) only ever
// reaches the page through text nodes (`el(...)` children and `textContent`), never as markup:
// nothing here parses strings as HTML, and the server's CSP forbids inline script.
"use strict";

const app = document.getElementById("app");
const SVG = "http://www.w3.org/2000/svg";

// ---- small DOM helpers ----

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "on") for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else e.setAttribute(k, String(v));
  }
  append(e, children);
  return e;
}

function append(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const c of children) e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function show(...nodes) {
  app.replaceChildren(...nodes.flat().filter(Boolean));
  window.scrollTo(0, 0);
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many || one + "s"}`;
}

function link(hash, text, cls) {
  return el("a", { href: hash, class: cls }, text);
}

const enc = encodeURIComponent;

// ---- API ----

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await r.json();
  } catch (_) {
    body = null;
  }
  if (!r.ok) {
    const msg = body && body.error ? body.error.message : `HTTP ${r.status}`;
    const err = new Error(msg);
    err.status = r.status;
    throw err;
  }
  return body;
}

function failure(e) {
  show(el("div", { class: "error", role: "alert" }, e.status === 404 ? "Not found: " : "Error: ", e.message), el("p", {}, link("#/", "← Back to the stories")));
}

// ---- formatting ----

/** The last part of an input path ("examples/antonov/000.txt" -> "000.txt"). */
function shortSource(s) {
  return String(s || "").split(/[\\/]/).filter(Boolean).pop() || s;
}

/** How to name an article's source in a list: its outlet, else its input file. */
function outletOf(articles) {
  const m = new Map();
  for (const a of articles || []) m.set(a.id, a.outlet || shortSource(a.source));
  return m;
}

function evidenceLink(ev, label) {
  return link(`#/article/${enc(ev.article)}?h=${ev.start}-${ev.end}`, label);
}

/** Evidence quotes, each linking to the article with the bytes highlighted. */
function evidenceList(sources, outlets) {
  const box = el("details", {}, el("summary", {}, plural(sources.length, "source")));
  for (const s of sources) {
    box.appendChild(el("blockquote", { class: "evidence" }, s.text, el("cite", {}, "— ", evidenceLink(s, outlets.get(s.article) || s.article))));
  }
  return box;
}

function sourceChips(sources, outlets) {
  const names = [...new Set(sources.map((s) => outlets.get(s.article) || s.article))];
  return el("span", { class: "meta" }, " · ", names.join(", "));
}

function entityChip(e) {
  return link(`#/entity/${enc(e.id)}`, e.name, `chip ${e.type}`);
}

function dateRange(a, b) {
  if (!a && !b) return "undated";
  if (!b || a === b) return a || b;
  return `${a} – ${b}`;
}

// ---- time axis ----

/** Days since epoch of a partial date's first and last day. */
function dayRange(d) {
  const [y, m, dd] = String(d).split("-").map(Number);
  const start = Date.UTC(y, m ? m - 1 : 0, dd || 1) / 864e5;
  const end = dd ? start : m ? Date.UTC(y, m, 0) / 864e5 : Date.UTC(y, 11, 31) / 864e5;
  return [start, end];
}

function fmtDay(day) {
  return new Date(day * 864e5).toISOString().slice(0, 10);
}

/** The story's timeline on a time axis: events (red when disputed) above, publications below. */
function timeAxis(story, articles, onPick) {
  const events = story.timeline.map((e, i) => ({ i, e, r: dayRange(e.date) })).filter((x) => !isNaN(x.r[0]));
  const pubs = articles.filter((a) => a.published && a.published.date).map((a) => ({ a, r: dayRange(a.published.date) }));
  const all = events.map((x) => x.r).concat(pubs.map((x) => x.r)).flat();
  if (all.length === 0) return null;
  let lo = Math.min(...all), hi = Math.max(...all);
  if (hi - lo < 6) { lo -= 3; hi += 3; }
  const pad = (hi - lo) * 0.04;
  lo -= pad; hi += pad;
  const W = 1000, X0 = 10, X1 = 990, Y = 52;
  const x = (d) => X0 + ((d - lo) / (hi - lo)) * (X1 - X0);
  const g = svg("svg", { class: "axis", viewBox: `0 0 ${W} 96`, preserveAspectRatio: "none", role: "img", "aria-label": "Timeline on a time axis" });
  g.appendChild(svg("line", { class: "baseline", x1: X0, x2: X1, y1: Y, y2: Y }));
  const ticks = 6;
  for (let k = 0; k <= ticks; k++) {
    const d = lo + ((hi - lo) * k) / ticks;
    const tx = x(d);
    g.appendChild(svg("line", { class: "tick", x1: tx, x2: tx, y1: Y - 30, y2: Y + 6 }));
    g.appendChild(svg("text", { x: Math.min(Math.max(tx, 48), W - 48), y: Y + 36, "text-anchor": "middle" }, fmtDay(Math.round(d))));
  }
  for (const p of pubs) {
    const px = x(p.r[0]);
    const t = svg("line", { class: "pub", x1: px, x2: px, y1: Y + 4, y2: Y + 16 });
    t.appendChild(svg("title", {}, `published: ${p.a.published.date} · ${p.a.outlet || p.a.title || p.a.id}`));
    g.appendChild(t);
  }
  for (const ev of events) {
    const grp = svg("g", { class: ev.e.disputed ? "disputed" : "", "data-entry": ev.i });
    const x0 = x(ev.r[0]), x1 = x(ev.r[1]);
    if (x1 - x0 > 3) grp.appendChild(svg("rect", { class: "span", x: x0, y: Y - 22, width: x1 - x0, height: 14, rx: 3 }));
    const c = svg("circle", { cx: (x0 + x1) / 2, cy: Y - 15, r: 6 });
    grp.appendChild(c);
    grp.appendChild(svg("title", {}, `${ev.e.date}: ${ev.e.what}${ev.e.disputed ? " (disputed)" : ""}`));
    grp.addEventListener("click", () => onPick(ev.i));
    g.appendChild(grp);
  }
  return el("div", {}, g, el("div", { class: "legend" }, el("span", {}, el("i"), "event"), el("span", {}, el("i", { class: "d" }), "disputed"), el("span", {}, el("i", { class: "p" }), "article published")));
}

// ---- views ----

function storyCard(s) {
  return el("li", {},
    el("div", { class: "card-title" }, link(`#/story/${enc(s.id)}`, s.title)),
    el("div", { class: "meta" }, dateRange(s.first_date, s.last_date), " · ", plural(s.articles, "article"), s.outlets.length ? ` · ${s.outlets.join(", ")}` : ""),
    el("div", { class: "counts" },
      el("span", {}, plural(s.timeline, "event")),
      el("span", {}, plural(s.quotes, "quote")),
      s.conflicts ? el("span", { class: "chip dispute" }, plural(s.conflicts, "dispute")) : null));
}

async function viewStories(params) {
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const limit = 25;
  const page = await api(`/api/stories?offset=${offset}&limit=${limit}`);
  const list = el("ul", { class: "cards", id: "stories" }, page.items.map(storyCard));
  const pager = el("div", { class: "pager" },
    el("button", { disabled: offset === 0, on: { click: () => (location.hash = `#/?offset=${Math.max(0, offset - limit)}`) } }, "← Newer page"),
    el("span", { class: "muted" }, `${offset + 1}–${offset + page.items.length} of ${page.total}`),
    el("button", { disabled: offset + limit >= page.total, on: { click: () => (location.hash = `#/?offset=${offset + limit}`) } }, "Next page →"));
  show(el("h1", {}, "Stories"), el("p", { class: "meta" }, "Largest first. Each story groups the articles that tell it, across outlets."),
    page.total ? list : el("p", { class: "empty" }, "The store holds no story yet: add articles with storyline ingest."), page.total > limit ? pager : null);
}

// The story's entities, most present first: named in timeline entries (as actor or place) and
// as quote speakers; ties by name, so the order is stable.
function byProminence(entities, story) {
  const count = new Map();
  const add = (id) => count.set(id, (count.get(id) || 0) + 1);
  for (const e of story.timeline) [...e.actors, ...(e.places || [])].forEach(add);
  for (const q of story.quotes) if (q.speaker) add(q.speaker);
  return [...entities].sort((a, b) => (count.get(b.id) || 0) - (count.get(a.id) || 0) || a.name.localeCompare(b.name));
}

async function viewStory(id) {
  const p = await api(`/api/stories/${enc(id)}`);
  const s = p.story;
  const outlets = outletOf(p.articles);
  const names = new Map(p.entities.map((e) => [e.id, e]));
  const timeline = el("ol", { class: "timeline", id: "timeline" });
  const items = s.timeline.map((e, i) => {
    const li = el("li", { class: e.disputed ? "disputed" : "", id: `entry-${i}` },
      el("span", { class: "date" }, e.date), el("span", { class: "type" }, e.type),
      e.disputed ? el("span", { class: "badge-dispute" }, "disputed") : null,
      el("div", { class: "what" }, e.what),
      e.actors.length ? el("div", { class: "chips" }, e.actors.map((a) => names.get(a)).filter(Boolean).map(entityChip)) : null,
      el("div", { class: "meta" }, sourceChips(e.sources, outlets)),
      evidenceList(e.sources, outlets));
    return li;
  });
  append(timeline, items);
  const pick = (i) => {
    const li = document.getElementById(`entry-${i}`);
    if (!li) return;
    li.scrollIntoView({ behavior: "smooth", block: "center" });
    li.classList.add("flash");
    setTimeout(() => li.classList.remove("flash"), 1500);
  };

  const conflicts = s.conflicts.length
    ? el("div", { class: "conflicts", id: "conflicts" }, el("h4", {}, "Sources disagree"),
        s.conflicts.map((c) => el("div", {}, el("div", {}, el("strong", {}, c.about)),
          c.claims.map((cl) => el("div", { class: "claim" }, el("span", { class: "value" }, cl.value), sourceChips(cl.sources, outlets), evidenceList(cl.sources, outlets))))))
    : null;

  // Quotes grouped by speaker, the most quoted first.
  const bySpeaker = new Map();
  for (const q of s.quotes) {
    const key = q.speaker || q.speaker_name || "";
    if (!bySpeaker.has(key)) bySpeaker.set(key, []);
    bySpeaker.get(key).push(q);
  }
  const groups = [...bySpeaker.entries()].sort((a, b) => b[1].length - a[1].length);
  const quotes = el("div", { id: "quotes" }, groups.map(([key, qs]) => {
    const ent = names.get(key);
    const who = ent ? link(`#/entity/${enc(ent.id)}`, ent.name) : qs[0].speaker_name || "Unattributed";
    return el("section", { class: "speaker-group" },
      el("div", { class: "speaker" }, who, el("span", { class: "muted" }, ` · ${plural(qs.length, "quote")}`)),
      qs.map((q) => el("div", { class: `quote ${q.direct ? "direct" : "indirect"}` },
        el("div", { class: "words" }, q.text),
        el("div", { class: "meta" }, q.date ? `${q.date} · ` : "", q.direct ? "direct" : "reported", sourceChips(q.sources, outlets)),
        evidenceList(q.sources, outlets))));
  }));

  const dups = new Set(p.near_duplicates.map(([a]) => a));
  const articles = el("table", { id: "articles" },
    el("thead", {}, el("tr", {}, el("th", {}, "Published"), el("th", {}, "Outlet"), el("th", {}, "Title"))),
    el("tbody", {}, p.articles.map((a) => el("tr", {},
      el("td", {}, (a.published && a.published.date) || "—"),
      el("td", {}, a.outlet || "—"),
      el("td", {}, link(`#/article/${enc(a.id)}`, a.title || shortSource(a.source)), dups.has(a.id) ? el("span", { class: "chip" }, "near-duplicate") : null)))));

  show(
    el("p", { class: "meta" }, link("#/", "← Stories")),
    el("h1", { id: "story-title" }, s.title),
    el("div", { class: "meta" }, plural(s.articles.length, "article"), " · ", [...new Set(p.articles.map((a) => a.outlet).filter(Boolean))].join(", ")),
    el("div", { class: "chips" }, byProminence(p.entities.filter((e) => e.type !== "other"), s).slice(0, 24).map(entityChip)),
    conflicts,
    el("h3", {}, "Timeline"),
    timeAxis(s, p.articles, pick),
    s.timeline.length ? timeline : el("p", { class: "empty", id: "timeline" }, "No dated events found in this story."),
    el("h3", {}, "Quotes by speaker"),
    s.quotes.length ? quotes : el("p", { class: "empty", id: "quotes" }, "No quotes found in this story."),
    el("h3", {}, "Articles"),
    articles);
}

/** The article text split at every mark boundary; each piece carries the classes covering it. */
function markedText(text, marks, highlight) {
  // Marks are byte offsets into the UTF-8 text: work on the bytes, decode each piece.
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const all = marks.slice();
  if (highlight) all.push({ start: highlight.start, end: highlight.end, kind: "evidence", label: "evidence" });
  const cuts = new Set([0, bytes.length]);
  for (const m of all) {
    if (m.start >= 0 && m.end <= bytes.length && m.start < m.end) {
      cuts.add(m.start);
      cuts.add(m.end);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const box = el("div", { class: "article-text", id: "article-text" });
  let evidenceNode = null;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k], b = points[k + 1];
    const piece = dec.decode(bytes.subarray(a, b));
    const covering = all.filter((m) => m.start <= a && b <= m.end);
    if (covering.length === 0) {
      box.appendChild(document.createTextNode(piece));
      continue;
    }
    const kinds = [...new Set(covering.map((m) => m.kind))];
    const node = el(kinds.includes("evidence") ? "mark" : "span", {
      class: kinds.map((k2) => (k2 === "evidence" ? "evidence" : `m-${k2}`)).join(" "),
      title: covering.filter((m) => m.kind !== "evidence").map((m) => `${m.kind}: ${m.label}`).join("\n") || null,
    }, piece);
    if (kinds.includes("evidence") && !evidenceNode) evidenceNode = node;
    box.appendChild(node);
  }
  return { box, evidenceNode };
}

async function viewArticle(id, params) {
  const h = params.get("h");
  const p = await api(`/api/articles/${enc(id)}${h ? `?highlight=${enc(h)}` : ""}`);
  const a = p.article;
  const { box, evidenceNode } = markedText(p.text, p.marks, p.highlight);
  const toggle = (kind, label) => {
    const cb = el("input", { type: "checkbox", checked: "checked", on: { change: () => box.classList.toggle(`hide-${kind}`, !cb.checked) } });
    return el("label", {}, cb, " ", label);
  };
  show(
    el("p", { class: "meta" }, link(`#/story/${enc(a.story)}`, "← Its story")),
    el("h1", {}, a.title || shortSource(a.source)),
    el("div", { class: "meta" }, [(a.published && a.published.date) || "undated", a.outlet, a.url].filter(Boolean).join(" · ")),
    p.highlight ? el("p", { class: "meta" }, "Evidence highlighted: bytes ", `${p.highlight.start}–${p.highlight.end}`) : null,
    el("div", { class: "toggles" }, toggle("entity", "entities"), toggle("quote", "quotes"), toggle("time", "time expressions")),
    box,
    p.near_duplicate_of.length ? el("p", { class: "meta" }, "Near-duplicates: ", p.near_duplicate_of.map((d) => [link(`#/article/${enc(d)}`, d), " "])) : null);
  if (evidenceNode) evidenceNode.scrollIntoView({ block: "center" });
}

async function viewEntities(params) {
  const q = params.get("q") || "";
  const page = await api(`/api/entities?limit=100${q ? `&q=${enc(q)}` : ""}`);
  const form = el("form", { class: "pager", on: { submit: (ev) => { ev.preventDefault(); location.hash = `#/entities?q=${enc(input.value)}`; } } });
  const input = el("input", { name: "q", value: q, placeholder: "Filter by name" });
  append(form, [input, el("button", { type: "submit" }, "Filter")]);
  show(el("h1", {}, "People, organisations, places"), form,
    el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Name"), el("th", {}, "Type"), el("th", {}, "Stories"), el("th", {}, "Also called"))),
      el("tbody", {}, page.items.map((x) => el("tr", {},
        el("td", {}, link(`#/entity/${enc(x.entity.id)}`, x.entity.name)), el("td", {}, x.entity.type), el("td", {}, x.stories),
        el("td", { class: "muted" }, x.entity.aliases.slice(0, 6).join(", ")))))),
    el("p", { class: "meta" }, `${page.total} in all`));
}

async function viewEntity(id) {
  const p = await api(`/api/entities/${enc(id)}`);
  const e = p.entity;
  const quotes = p.quotes.map((q) => el("div", { class: `quote ${q.direct ? "direct" : "indirect"}` },
    el("div", { class: "words" }, q.text),
    el("div", { class: "meta" }, q.date ? `${q.date} · ` : "", link(`#/story/${enc(q.story)}`, q.story_title)),
    evidenceList(q.sources, new Map())));
  const tl = el("ol", { class: "timeline" }, p.timeline.map((t) => el("li", { class: t.disputed ? "disputed" : "" },
    el("span", { class: "date" }, t.date), el("span", { class: "type" }, t.type),
    t.disputed ? el("span", { class: "badge-dispute" }, "disputed") : null,
    el("div", { class: "what" }, t.what), el("div", { class: "meta" }, link(`#/story/${enc(t.story)}`, t.story_title)))));
  show(
    el("p", { class: "meta" }, link("#/entities", "← People & organisations")),
    el("h1", { id: "entity-name" }, e.name), el("div", { class: "meta" }, e.type, e.roles.length ? ` · ${e.roles.join("; ")}` : ""),
    e.aliases.length ? el("div", { class: "chips" }, e.aliases.map((a) => el("span", { class: "chip" }, a))) : null,
    el("h3", {}, `Quotes (${p.quotes.length})`), p.quotes.length ? el("div", { id: "entity-quotes" }, quotes) : el("p", { class: "empty" }, "No quote attributed."),
    el("h3", {}, `Timeline (${p.timeline.length})`), p.timeline.length ? tl : el("p", { class: "empty" }, "No timeline entry names this entity."),
    el("h3", {}, `Stories (${p.stories.length})`), el("ul", { class: "cards" }, p.stories.map(storyCard)));
}

/** A snippet with its highlighted byte ranges as <mark>s. */
function snippetNode(sn) {
  const bytes = new TextEncoder().encode(sn.text);
  const dec = new TextDecoder();
  const out = el("div", { class: "snippet" });
  let at = 0;
  for (const [s, e] of sn.highlights) {
    if (s < at || e > bytes.length) continue;
    out.appendChild(document.createTextNode(dec.decode(bytes.subarray(at, s))));
    out.appendChild(el("mark", {}, dec.decode(bytes.subarray(s, e))));
    at = e;
  }
  out.appendChild(document.createTextNode(dec.decode(bytes.subarray(at))));
  return out;
}

async function viewSearch(params) {
  const qs = new URLSearchParams();
  for (const k of ["q", "entity", "outlet", "from", "to", "offset"]) if (params.get(k)) qs.set(k, params.get(k));
  const form = document.getElementById("search");
  for (const k of ["q", "entity", "outlet", "from", "to"]) if (form.elements[k]) form.elements[k].value = params.get(k) || "";
  const r = await api(`/api/search?${qs}`);
  const hits = el("ul", { class: "cards", id: "results" }, r.hits.map((h) => {
    const target = h.kind === "article" && h.article
      ? (h.snippet.offset !== null && h.snippet.offset !== undefined && h.snippet.highlights.length
        ? `#/article/${enc(h.article)}?h=${h.snippet.offset + h.snippet.highlights[0][0]}-${h.snippet.offset + h.snippet.highlights[0][1]}`
        : `#/article/${enc(h.article)}`)
      : `#/story/${enc(h.story || "")}`;
    return el("li", { class: "hit" },
      el("div", { class: "card-title" }, el("span", { class: "kind" }, h.kind === "timeline" ? "event" : "article"), link(target, h.title || h.story_title || "(untitled)")),
      el("div", { class: "meta" }, [h.date, h.outlet].filter(Boolean).join(" · "), h.story ? [" · story: ", link(`#/story/${enc(h.story)}`, h.story_title || h.story)] : null),
      snippetNode(h.snippet));
  }));
  const offset = r.offset;
  const more = r.total > offset + r.hits.length
    ? el("div", { class: "pager" }, el("button", { on: { click: () => { params.set("offset", offset + r.hits.length); location.hash = `#/search?${params}`; } } }, "More results →"))
    : null;
  show(el("h1", {}, "Search"), el("p", { class: "meta", id: "result-count" }, `${plural(r.total, "result")} for “${params.get("q") || ""}”`),
    r.hits.length ? hits : el("p", { class: "empty" }, "Nothing found."), more);
}

// ---- routing ----

async function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === (parts[0] === "entities" || parts[0] === "entity" ? "entities" : parts.length ? "" : "stories"));
  app.setAttribute("aria-busy", "true");
  try {
    if (parts.length === 0) await viewStories(params);
    else if (parts[0] === "story" && parts[1]) await viewStory(parts[1]);
    else if (parts[0] === "article" && parts[1]) await viewArticle(parts[1], params);
    else if (parts[0] === "entities") await viewEntities(params);
    else if (parts[0] === "entity" && parts[1]) await viewEntity(parts[1]);
    else if (parts[0] === "search") await viewSearch(params);
    else throw Object.assign(new Error(`no page ${path}`), { status: 404 });
  } catch (e) {
    failure(e);
  } finally {
    app.removeAttribute("aria-busy");
  }
}

document.getElementById("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const f = ev.target.elements;
  const p = new URLSearchParams();
  for (const k of ["q", "entity", "outlet", "from", "to"]) if (f[k] && f[k].value.trim()) p.set(k, f[k].value.trim());
  location.hash = `#/search?${p}`;
});

window.addEventListener("hashchange", route);
route();
api("/api/stats").then((s) => {
  document.getElementById("stats").textContent = `${plural(s.articles, "article")} · ${plural(s.stories, "story", "stories")} · ${plural(s.entities, "entity", "entities")}`;
}).catch(() => {});
