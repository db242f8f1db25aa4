//! `report.html`: one self-contained page that a person can read, click through and print.
//!
//! Everything dynamic on the page comes from article text, which is untrusted (an article may
//! contain `<script>`), so every string goes through [`esc`] and nothing from the report is ever
//! placed in a script, a style, a URL or an event handler. As a second line of defence the page
//! carries a Content-Security-Policy that allows only its own inline script, by hash.

use crate::pieces;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use storyline_core::PartialDate;
use storyline_core::report::{Entity, EntityType, Evidence, Report, ReportArticle, Story, TimelineEntry};

/// Escape text for HTML element content and double- or single-quoted attribute values.
pub fn esc(s: &str) -> String {
    // Most text needs no escaping at all; a big report escapes a gigabyte of it, so look at the
    // bytes first. 0xC2 leads every C1 control (U+0080..U+009F) and a few printable characters;
    // those strings take the careful path.
    let plain = |b: u8| {
        !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'' | 0x7F | 0xC2)
            && (b >= 0x20 || matches!(b, b'\n' | b'\t' | b'\r'))
    };
    if s.bytes().all(plain) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Controls other than whitespace have no business on the page.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root{--ink:#1d232b;--muted:#5d6773;--line:#d9dee4;--bg:#fff;--soft:#f4f6f8;--accent:#1f5fa8;--dispute:#b4232c;--dispute-bg:#fdf0f0}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
main{max-width:1080px;margin:0 auto;padding:24px 20px 64px}
h1{font-size:1.7rem;margin:0 0 4px}
h2{font-size:1.35rem;margin:0 0 6px;line-height:1.3}
h3{font-size:1.05rem;margin:26px 0 10px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
.muted{color:var(--muted)}
.summary{color:var(--muted);margin:0 0 20px}
nav.toc{background:var(--soft);border-radius:8px;padding:12px 16px;margin:0 0 28px}
nav.toc ol{margin:6px 0 0;padding-left:22px}
nav.toc li{margin:2px 0}
section.story{border-top:3px solid var(--ink);padding-top:18px;margin-top:36px}
.meta{color:var(--muted);font-size:.92rem}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin:8px 0}
.chip{display:inline-block;font-size:.8rem;padding:1px 8px;border-radius:999px;background:var(--soft);border:1px solid var(--line);white-space:nowrap}
.chip.person{border-color:#9cc0e8}.chip.organization{border-color:#c7b2e6}.chip.location{border-color:#a8d5b4}
.axis{width:100%;height:78px;display:block;margin:10px 0 4px}
.axis .tick{stroke:var(--line)}
.axis text{font-size:11px;fill:var(--muted)}
.axis .span{fill:var(--accent);opacity:.25}
.axis circle{fill:var(--accent);stroke:#fff;stroke-width:1.5}
.axis .disputed circle,.axis .disputed rect{fill:var(--dispute);opacity:1}
ol.timeline{list-style:none;margin:0;padding:0;border-left:2px solid var(--line)}
ol.timeline>li{position:relative;margin:0 0 10px 0;padding:6px 10px 6px 18px;break-inside:avoid}
ol.timeline>li::before{content:"";position:absolute;left:-7px;top:13px;width:12px;height:12px;border-radius:50%;background:var(--accent);border:2px solid #fff}
ol.timeline>li.disputed{background:var(--dispute-bg);border-radius:6px}
ol.timeline>li.disputed::before{background:var(--dispute)}
ol.timeline>li:target{outline:2px solid var(--accent);border-radius:6px}
.date{font-weight:650;font-variant-numeric:tabular-nums;margin-right:8px}
.type{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin-right:6px}
.badge-dispute{font-size:.72rem;font-weight:700;color:#fff;background:var(--dispute);border-radius:4px;padding:0 6px;margin-left:6px;text-transform:uppercase}
.badge-planned{font-size:.72rem;font-weight:700;color:var(--muted);border:1px dashed var(--muted);border-radius:4px;padding:0 5px;margin-left:6px;text-transform:uppercase}
.what{margin:2px 0}
details{margin:4px 0 0}
summary{cursor:pointer;color:var(--accent);font-size:.9rem}
blockquote.evidence{margin:6px 0 8px;padding:4px 10px;border-left:3px solid var(--line);background:var(--soft);font-size:.93rem;white-space:pre-wrap}
blockquote.evidence cite{display:block;font-style:normal;font-size:.8rem;color:var(--muted);margin-top:2px}
.conflicts{border:1px solid var(--dispute);background:var(--dispute-bg);border-radius:8px;padding:10px 14px}
.conflicts h4{margin:0 0 6px;color:var(--dispute)}
.claim{margin:4px 0 8px}
.claim .value{font-weight:650}
.speaker{margin:14px 0 4px;font-weight:650}
.quote{margin:4px 0 10px 0;padding-left:12px;border-left:3px solid #9cc0e8}
.quote.indirect{border-left-style:dashed}
.quote q{quotes:"\201C" "\201D"}
table{border-collapse:collapse;width:100%;font-size:.92rem}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
.empty{color:var(--muted);font-style:italic}
@media print{
  body{font-size:11pt}
  main{max-width:none;padding:0}
  nav.toc{display:none}
  section.story{break-before:page}
  section.story:first-of-type{break-before:auto}
  summary{display:none}
  a{color:inherit}
  ol.timeline>li,.quote,.claim{break-inside:avoid}
}
"#;

/// Open every `<details>` before printing (printed pages cannot be clicked), and open the entry
/// a link points at.
const SCRIPT: &str = r#"
(function(){
  function openAll(){document.querySelectorAll('details').forEach(function(d){d.open=true;});}
  window.addEventListener('beforeprint',openAll);
  function openTarget(){
    var id=decodeURIComponent(location.hash.slice(1));if(!id)return;
    var el=document.getElementById(id);if(!el)return;
    var d=el.querySelector('details');if(d)d.open=true;
  }
  window.addEventListener('hashchange',openTarget);openTarget();
})();
"#;

/// Render the whole report as one HTML page.
pub fn render(report: &Report) -> String {
    let mut page = Vec::new();
    // Writing to memory cannot fail, and every piece of the page is a string.
    let _ = write(report, &mut page);
    String::from_utf8(page).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Write the page of [`render`] to `out`. Stories and rows of the entity table render in
/// parallel ([`crate::pieces`]); a large report's page, most of a gigabyte, is never held whole.
pub fn write(report: &Report, mut out: impl std::io::Write) -> std::io::Result<()> {
    let page = Page::new(report);
    let mut head = String::with_capacity(64 * 1024);
    let script_hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    let _ = write!(
        head,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; \
         img-src data:; script-src 'sha256-{script_hash}'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&page.title())
    );
    page.header(&mut head);
    out.write_all(head.as_bytes())?;
    pieces::write_rendered(&mut out, &report.stories, STORIES_PER_PIECE, b"", |run, buf| {
        let mut part = String::new();
        for story in run {
            page.story(&mut part, story);
        }
        buf.extend_from_slice(part.as_bytes());
    })?;
    page.entities(&mut out)?;
    let mut tail = String::new();
    page.rejected(&mut tail);
    let _ = write!(tail, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out.write_all(tail.as_bytes())
}

/// Stories rendered as one piece.
const STORIES_PER_PIECE: usize = 16;
/// Rows of the entity table rendered as one piece.
const ENTITY_ROWS_PER_PIECE: usize = 1024;

struct Page<'a> {
    report: &'a Report,
    articles: HashMap<&'a str, &'a ReportArticle>,
    entities: HashMap<&'a str, &'a Entity>,
}

impl<'a> Page<'a> {
    fn new(report: &'a Report) -> Page<'a> {
        Page {
            report,
            articles: report.articles.iter().map(|a| (a.id.as_str(), a)).collect(),
            entities: report.entities.iter().map(|e| (e.id.as_str(), e)).collect(),
        }
    }

    fn title(&self) -> String {
        match self.report.stories.as_slice() {
            [one] => format!("{} — storyline", one.title),
            _ => "storyline report".to_string(),
        }
    }

    /// A short, readable name for where a piece of evidence comes from.
    fn outlet_of(&self, article_id: &str) -> String {
        match self.articles.get(article_id) {
            Some(a) => a
                .outlet
                .clone()
                .or_else(|| a.url.as_deref().and_then(domain_of))
                .unwrap_or_else(|| file_name(&a.source).to_string()),
            None => article_id.to_string(),
        }
    }

    fn header(&self, out: &mut String) {
        let r = self.report;
        let _ = writeln!(out, "<h1>{}</h1>", esc(&self.title().replace(" — storyline", "")));
        let _ = writeln!(
            out,
            "<p class=\"summary\">{} {} · {} {} · {} rejected input{} · generated by storyline</p>",
            r.stories.len(),
            plural(r.stories.len(), "story", "stories"),
            r.articles.len(),
            plural(r.articles.len(), "article", "articles"),
            r.rejected.len(),
            if r.rejected.len() == 1 { "" } else { "s" },
        );
        if r.stories.len() > 1 {
            out.push_str("<nav class=\"toc\"><strong>Stories</strong><ol>\n");
            for s in &r.stories {
                let _ = writeln!(
                    out,
                    "<li><a href=\"#{}\">{}</a> <span class=\"muted\">({} {}{})</span></li>",
                    esc(&anchor("story", &s.id)),
                    esc(&s.title),
                    s.articles.len(),
                    plural(s.articles.len(), "article", "articles"),
                    date_range(s).map(|d| format!(", {d}")).unwrap_or_default()
                );
            }
            out.push_str("</ol></nav>\n");
        }
    }

    fn story(&self, out: &mut String, story: &Story) {
        let _ = writeln!(out, "<section class=\"story\" id=\"{}\">", esc(&anchor("story", &story.id)));
        let _ = writeln!(out, "<h2>{}</h2>", esc(&story.title));
        let outlets: BTreeSet<String> = story.articles.iter().map(|a| self.outlet_of(a)).collect();
        let _ = writeln!(
            out,
            "<div class=\"meta\">{} {}{} · {} timeline {} · {} {}</div>",
            story.articles.len(),
            plural(story.articles.len(), "article", "articles"),
            date_range(story).map(|d| format!(" · {d}")).unwrap_or_default(),
            story.timeline.len(),
            plural(story.timeline.len(), "entry", "entries"),
            story.quotes.len(),
            plural(story.quotes.len(), "quote", "quotes"),
        );
        out.push_str("<div class=\"chips\">");
        for o in &outlets {
            let _ = write!(out, "<span class=\"chip\">{}</span>", esc(o));
        }
        out.push_str("</div>\n");
        self.story_entities(out, story);

        out.push_str("<h3>Timeline</h3>\n");
        if story.timeline.is_empty() {
            out.push_str("<p class=\"empty\">No dated events found.</p>\n");
        } else {
            self.axis(out, story);
            out.push_str("<ol class=\"timeline\">\n");
            for (i, entry) in story.timeline.iter().enumerate() {
                self.entry(out, story, i, entry);
            }
            out.push_str("</ol>\n");
        }

        if !story.conflicts.is_empty() {
            out.push_str("<h3>Where sources disagree</h3>\n<div class=\"conflicts\">\n");
            for c in &story.conflicts {
                let _ = writeln!(out, "<h4>{}</h4>", esc(&c.about));
                for claim in &c.claims {
                    let outlets: BTreeSet<String> = claim.sources.iter().map(|e| self.outlet_of(&e.article)).collect();
                    let _ = writeln!(
                        out,
                        "<div class=\"claim\"><span class=\"value\">{}</span> <span class=\"muted\">according to {}</span>",
                        esc(&claim.value),
                        esc(&join(outlets.iter().map(String::as_str)))
                    );
                    self.evidence_list(out, &claim.sources, true);
                    out.push_str("</div>\n");
                }
            }
            out.push_str("</div>\n");
        }

        out.push_str("<h3>Who said what</h3>\n");
        if story.quotes.is_empty() {
            out.push_str("<p class=\"empty\">No quotations found.</p>\n");
        } else {
            let mut by_speaker: BTreeMap<String, Vec<&storyline_core::report::Quote>> = BTreeMap::new();
            for q in &story.quotes {
                let name = q
                    .speaker
                    .as_deref()
                    .and_then(|id| self.entities.get(id).map(|e| e.name.clone()))
                    .or_else(|| q.speaker_name.clone())
                    .unwrap_or_else(|| "Unattributed".to_string());
                by_speaker.entry(name).or_default().push(q);
            }
            for (speaker, quotes) in &by_speaker {
                let _ = writeln!(out, "<div class=\"speaker\">{}</div>", esc(speaker));
                for q in quotes {
                    let outlets: BTreeSet<String> = q.sources.iter().map(|e| self.outlet_of(&e.article)).collect();
                    let _ = writeln!(
                        out,
                        "<div class=\"quote{}\">{}{}<div class=\"meta\">{}{} · reported by {}</div>",
                        if q.direct { "" } else { " indirect" },
                        if q.direct { "<q>" } else { "" },
                        esc(&q.text),
                        if q.direct { "</q>" } else { "" },
                        q.date.map(|d| format!("{} ", human_date(d))).unwrap_or_else(|| "date unknown ".into()),
                        esc(&join(outlets.iter().map(String::as_str))),
                    );
                    self.evidence_list(out, &q.sources, false);
                    out.push_str("</div>\n");
                }
            }
        }

        out.push_str("<h3>Articles</h3>\n<table><thead><tr><th>Published</th><th>Outlet</th><th>Title</th><th>Copies</th></tr></thead><tbody>\n");
        for id in &story.articles {
            let Some(a) = self.articles.get(id.as_str()) else { continue };
            let copies: Vec<String> = a.near_duplicate_of.iter().map(|d| self.outlet_of(d)).collect();
            let _ = writeln!(
                out,
                "<tr id=\"{}\"><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&anchor("article", &a.id)),
                a.published.date.map(human_date).unwrap_or_else(|| "—".into()),
                a.published
                    .basis
                    .filter(|b| *b == storyline_core::DateBasis::Inferred)
                    .map(|_| " <span class=\"muted\">(inferred)</span>")
                    .unwrap_or(""),
                esc(&self.outlet_of(&a.id)),
                esc(a.title.as_deref().unwrap_or(file_name(&a.source))),
                if copies.is_empty() { String::new() } else { format!("near-copy of {}", esc(&copies.join(", "))) },
            );
        }
        out.push_str("</tbody></table>\n</section>\n");
    }

    /// The entities a story's timeline and quotes involve, most mentioned first.
    fn story_entities(&self, out: &mut String, story: &Story) {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for e in &story.timeline {
            for a in &e.actors {
                *count.entry(a.as_str()).or_default() += e.sources.len().max(1);
            }
        }
        for q in &story.quotes {
            if let Some(s) = q.speaker.as_deref() {
                *count.entry(s).or_default() += q.sources.len().max(1);
            }
        }
        let mut ranked: Vec<(&str, usize)> =
            count.into_iter().filter(|(id, _)| self.entities.contains_key(id)).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if ranked.is_empty() {
            return;
        }
        out.push_str("<div class=\"chips\">");
        for (id, _) in ranked.iter().take(24) {
            let e = self.entities[id];
            let _ = write!(
                out,
                "<a class=\"chip {}\" href=\"#{}\" title=\"{}\">{}</a>",
                e.kind.as_str(),
                esc(&anchor("entity", &e.id)),
                esc(e.kind.as_str()),
                esc(&e.name)
            );
        }
        out.push_str("</div>\n");
    }

    /// A horizontal time axis: each entry a dot (a day) or a band (a month or a year), placed by
    /// date, linking to the entry below.
    fn axis(&self, out: &mut String, story: &Story) {
        let ranges: Vec<(i64, i64)> = story.timeline.iter().map(|e| day_range(e.date)).collect();
        let (Some(lo), Some(hi)) = (ranges.iter().map(|r| r.0).min(), ranges.iter().map(|r| r.1).max()) else {
            return;
        };
        let pad = ((hi - lo) / 30).max(3);
        let (lo, hi) = (lo - pad, hi + pad);
        let (w, left, right) = (1000.0_f64, 10.0, 990.0);
        let x = |d: i64| left + (right - left) * (d - lo) as f64 / (hi - lo).max(1) as f64;
        let _ = write!(
            out,
            "<svg class=\"axis\" viewBox=\"0 0 {w} 78\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"time axis\">\
             <line class=\"tick\" x1=\"{left}\" y1=\"40\" x2=\"{right}\" y2=\"40\"/>"
        );
        for (label, day) in axis_ticks(lo, hi) {
            let tx = x(day);
            let _ = write!(
                out,
                "<line class=\"tick\" x1=\"{tx:.1}\" y1=\"34\" x2=\"{tx:.1}\" y2=\"46\"/><text x=\"{tx:.1}\" y=\"64\" text-anchor=\"middle\">{}</text>",
                esc(&label)
            );
        }
        for (i, (entry, &(a, b))) in story.timeline.iter().zip(&ranges).enumerate() {
            let class = if entry.disputed { " class=\"disputed\"" } else { "" };
            let tip = format!("{} — {}", human_date(entry.date), entry.what);
            let _ = write!(out, "<a href=\"#{}\"{class}><title>{}</title>", esc(&entry_anchor(story, i)), esc(&tip));
            if entry.date.is_day() {
                let _ = write!(out, "<circle cx=\"{:.1}\" cy=\"40\" r=\"6\"/>", x(a));
            } else {
                let (x0, x1) = (x(a), x(b + 1));
                let _ = write!(
                    out,
                    "<rect class=\"span\" x=\"{x0:.1}\" y=\"30\" width=\"{:.1}\" height=\"20\" rx=\"3\"/>",
                    (x1 - x0).max(4.0)
                );
            }
            out.push_str("</a>");
        }
        out.push_str("</svg>\n");
    }

    fn entry(&self, out: &mut String, story: &Story, i: usize, entry: &TimelineEntry) {
        let outlets: BTreeSet<String> = entry.sources.iter().map(|e| self.outlet_of(&e.article)).collect();
        let _ = write!(
            out,
            "<li id=\"{}\"{}><span class=\"date\">{}</span><span class=\"type\">{}</span>{}{}\n<div class=\"what\">{}</div>\n",
            esc(&entry_anchor(story, i)),
            if entry.disputed { " class=\"disputed\"" } else { "" },
            human_date(entry.date),
            esc(&entry.kind),
            if entry.planned { "<span class=\"badge-planned\">planned</span>" } else { "" },
            if entry.disputed { "<span class=\"badge-dispute\">disputed</span>" } else { "" },
            esc(&entry.what),
        );
        let actors: Vec<&str> =
            entry.actors.iter().filter_map(|a| self.entities.get(a.as_str()).map(|e| e.name.as_str())).collect();
        // The places named with it, a few at most: where it happened, not every country cited.
        let places: Vec<&str> = entry
            .places
            .iter()
            .filter_map(|a| self.entities.get(a.as_str()).map(|e| e.name.as_str()))
            .take(3)
            .collect();
        let _ = writeln!(
            out,
            "<div class=\"meta\">{}{}{} {}: {}</div>",
            if actors.is_empty() { String::new() } else { format!("{} · ", esc(&join(actors.into_iter()))) },
            if places.is_empty() { String::new() } else { format!("in {} · ", esc(&join(places.into_iter()))) },
            entry.sources.len(),
            plural(entry.sources.len(), "source", "sources"),
            esc(&join(outlets.iter().map(String::as_str))),
        );
        self.evidence_list(out, &entry.sources, false);
        out.push_str("</li>\n");
    }

    /// The exact evidence, behind a disclosure (opened for printing).
    fn evidence_list(&self, out: &mut String, sources: &[Evidence], open: bool) {
        if sources.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "<details{}><summary>evidence ({})</summary>",
            if open { " open" } else { "" },
            sources.len()
        );
        for e in sources {
            let title = self.articles.get(e.article.as_str()).and_then(|a| a.title.clone()).unwrap_or_default();
            let _ = writeln!(
                out,
                "<blockquote class=\"evidence\">{}<cite>{} — <a href=\"#{}\">{}</a> · bytes {}–{}</cite></blockquote>",
                esc(&e.text),
                esc(&self.outlet_of(&e.article)),
                esc(&anchor("article", &e.article)),
                esc(if title.is_empty() { &e.article } else { &title }),
                e.start,
                e.end
            );
        }
        out.push_str("</details>\n");
    }

    /// The entity tables, one per type.
    fn entities(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        if self.report.entities.is_empty() {
            return Ok(());
        }
        out.write_all(b"<section class=\"story\" id=\"entities\"><h2>Who is who</h2>\n")?;
        for kind in [EntityType::Person, EntityType::Organization, EntityType::Location, EntityType::Other] {
            let list: Vec<&Entity> = self.report.entities.iter().filter(|e| e.kind == kind).collect();
            if list.is_empty() {
                continue;
            }
            write!(
                out,
                "<h3>{}</h3>\n<table><thead><tr><th>Name</th><th>Also called</th><th>Roles</th></tr></thead><tbody>\n",
                match kind {
                    EntityType::Person => "People",
                    EntityType::Organization => "Organizations",
                    EntityType::Location => "Places",
                    EntityType::Other => "Other",
                }
            )?;
            pieces::write_rendered(out, &list, ENTITY_ROWS_PER_PIECE, b"", |rows, buf| {
                let mut part = String::new();
                for e in rows {
                    let _ = writeln!(
                        part,
                        "<tr id=\"{}\"><td>{}</td><td>{}</td><td>{}</td></tr>",
                        esc(&anchor("entity", &e.id)),
                        esc(&e.name),
                        esc(&e.aliases.join("; ")),
                        esc(&e.roles.join("; "))
                    );
                }
                buf.extend_from_slice(part.as_bytes());
            })?;
            out.write_all(b"</tbody></table>\n")?;
        }
        out.write_all(b"</section>\n")
    }

    fn rejected(&self, out: &mut String) {
        if self.report.rejected.is_empty() {
            return;
        }
        out.push_str("<section class=\"story\" id=\"rejected\"><h2>Inputs not used</h2>\n<table><thead><tr><th>Input</th><th>Reason</th></tr></thead><tbody>\n");
        for r in &self.report.rejected {
            let _ = writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", esc(&r.source), esc(&r.reason));
        }
        out.push_str("</tbody></table></section>\n");
    }
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn join<'s>(items: impl Iterator<Item = &'s str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// An id attribute for `prefix` and a report id; report ids are hex, but anything else is kept
/// safe by mapping it to `[A-Za-z0-9_-]`.
fn anchor(prefix: &str, id: &str) -> String {
    let clean: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    format!("{prefix}-{clean}")
}

fn entry_anchor(story: &Story, i: usize) -> String {
    format!("{}-{i}", anchor("event", &story.id))
}

fn file_name(source: &str) -> &str {
    source.rsplit(['/', '\\']).next().unwrap_or(source)
}

fn domain_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.trim_start_matches("www.");
    (!host.is_empty()).then(|| host.to_string())
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "20 Jun 2021", "Jun 2021", "2021".
pub fn human_date(d: PartialDate) -> String {
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{day} {} {}", MONTHS[usize::from(m - 1) % 12], d.year),
        (Some(m), None) => format!("{} {}", MONTHS[usize::from(m - 1) % 12], d.year),
        _ => d.year.to_string(),
    }
}

fn date_range(story: &Story) -> Option<String> {
    let first = story.timeline.iter().map(|e| e.date).min()?;
    let last = story.timeline.iter().map(|e| e.date).max()?;
    Some(if first == last { human_date(first) } else { format!("{} – {}", human_date(first), human_date(last)) })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The first and last day a partial date covers.
fn day_range(d: PartialDate) -> (i64, i64) {
    let y = i64::from(d.year);
    match (d.month, d.day) {
        (Some(m), Some(day)) => {
            let x = days_from_civil(y, m.into(), day.into());
            (x, x)
        }
        (Some(m), None) => {
            let last = storyline_core::date::days_in_month(d.year, m);
            (days_from_civil(y, m.into(), 1), days_from_civil(y, m.into(), last.into()))
        }
        _ => (days_from_civil(y, 1, 1), days_from_civil(y, 12, 31)),
    }
}

/// Tick labels for an axis from day `lo` to `hi`: months for short spans, years for long ones.
fn axis_ticks(lo: i64, hi: i64) -> Vec<(String, i64)> {
    let (y0, _, _) = civil_from_days(lo);
    let (y1, _, _) = civil_from_days(hi);
    let span_days = hi - lo;
    let mut ticks = Vec::new();
    if span_days > 3 * 365 {
        let step = ((y1 - y0) / 10).max(1);
        let mut y = y0;
        while y <= y1 {
            let d = days_from_civil(y, 1, 1);
            if d >= lo && d <= hi {
                ticks.push((y.to_string(), d));
            }
            y += step;
        }
    } else {
        let step = if span_days > 400 { 3 } else { 1 };
        let (mut y, mut m) = (y0, 1);
        while days_from_civil(y, m, 1) <= hi {
            let d = days_from_civil(y, m, 1);
            if d >= lo && (m - 1) % step == 0 {
                let label = if m == 1 || ticks.is_empty() {
                    format!("{} {y}", MONTHS[(m - 1) as usize])
                } else {
                    MONTHS[(m - 1) as usize].to_string()
                };
                ticks.push((label, d));
            }
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    // Daily ticks would crowd; a span under two months gets its own first-of-month only, so add
    // the endpoints' days when there are fewer than two ticks.
    if ticks.len() < 2 {
        for d in [lo, hi] {
            let (y, m, day) = civil_from_days(d);
            ticks.push((format!("{day} {} {y}", MONTHS[(m - 1) as usize]), d));
        }
    }
    ticks
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::report::*;
    use storyline_core::{DateBasis, Published};

    fn sample() -> Report {
        let ev = |t: &str| Evidence { article: "a1".into(), start: 0, end: t.len(), text: t.into() };
        Report {
            schema_version: 1,
            articles: vec![ReportArticle {
                id: "a1".into(),
                source: "x/evil.txt".into(),
                title: Some("<script>alert('t')</script>".into()),
                outlet: Some("Outlet <b>".into()),
                url: Some("javascript:alert(1)".into()),
                language: Some("en".into()),
                published: Published::with_basis("2021-06-20".parse().unwrap(), DateBasis::Stated),
                story: Some("s1".into()),
                near_duplicate_of: vec![],
            }],
            rejected: vec![Rejected { source: "bad<.bin".into(), reason: "binary file".into() }],
            entities: vec![Entity {
                id: "p1".into(),
                name: "Anatoly <i>Antonov</i>".into(),
                kind: EntityType::Person,
                aliases: vec!["Antonov".into()],
                roles: vec!["ambassador".into()],
            }],
            stories: vec![Story {
                id: "s1".into(),
                title: "Ambassador \"returns\" <img src=x onerror=alert(1)>".into(),
                articles: vec!["a1".into()],
                timeline: vec![
                    TimelineEntry {
                        date: "2021-03".parse().unwrap(),
                        what: "recalled".into(),
                        kind: "recall".into(),
                        actors: vec!["p1".into()],
                        sources: vec![ev("<script>x</script>")],
                        disputed: false,
                        planned: false,
                        places: vec![],
                    },
                    TimelineEntry {
                        date: "2021-06-20".parse().unwrap(),
                        what: "returned".into(),
                        kind: "travel".into(),
                        actors: vec![],
                        sources: vec![ev("returned")],
                        disputed: true,
                        planned: false,
                        places: vec![],
                    },
                ],
                quotes: vec![Quote {
                    speaker: Some("p1".into()),
                    speaker_name: Some("Antonov".into()),
                    text: "There is a lot of work </q><script>".into(),
                    date: None,
                    direct: true,
                    sources: vec![ev("work")],
                }],
                conflicts: vec![Conflict {
                    about: "return date".into(),
                    claims: vec![Claim { value: "2021-06".into(), sources: vec![ev("June")] }],
                }],
            }],
        }
    }

    #[test]
    fn article_text_cannot_inject_markup() {
        let html = render(&sample());
        // The only <script> is ours, at the end.
        assert_eq!(html.matches("<script").count(), 1);
        assert!(html.contains("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;"));
        assert!(!html.contains("<img"));
        assert!(!html.contains("<b>"));
        assert!(!html.contains("href=\"javascript"));
        assert!(html.contains("Anatoly &lt;i&gt;Antonov&lt;/i&gt;"));
    }

    #[test]
    fn shows_timeline_disputes_and_quotes() {
        let html = render(&sample());
        assert!(html.contains("class=\"disputed\""));
        assert!(html.contains("Where sources disagree"));
        assert!(html.contains("20 Jun 2021"));
        assert!(html.contains("<svg class=\"axis\""));
        assert!(html.contains("script-src 'sha256-"));
    }

    #[test]
    fn dates_round_trip_through_day_numbers() {
        for (y, m, d) in [(1970, 1, 1), (2021, 6, 20), (2000, 2, 29), (1985, 12, 31), (1600, 3, 1)] {
            assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 2), 1);
        let (a, b) = day_range("2021-02".parse().unwrap());
        assert_eq!(b - a, 27);
    }

    #[test]
    fn escaping() {
        assert_eq!(esc("a<b>&\"'\u{0}"), "a&lt;b&gt;&amp;&quot;&#39;\u{FFFD}");
        // Text with nothing to escape, and the controls that the byte scan must not let through.
        assert_eq!(esc("plain text, é and \u{a0}\n"), "plain text, é and \u{a0}\n");
        assert_eq!(esc("x\u{85}y\u{7f}z\u{1b}"), "x\u{FFFD}y\u{FFFD}z\u{FFFD}");
        assert_eq!(esc("a'b"), "a&#39;b");
    }
}
