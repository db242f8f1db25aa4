//! The plain-text reader: the article text is the decoded content, verbatim; the clean body
//! drops what is not the story, and what it drops that says something about the article becomes
//! metadata.
//!
//! Plain-text news files carry the leftovers of the page they were copied from. The rules here
//! are general patterns of such leftovers, each a small predicate on one line:
//!
//! - **Top of the file**: header lines (`News ID: 91507`, `Publish Date : 20 June 2021 - 21:44`,
//!   ` date 2021-11-02 https://...`), a standalone date line (`April 07, 2021`), a bare URL, a
//!   byline, and the headline (-> `title`, `title_span`).
//! - **Bottom of the file**: `Source : TASS` (-> outlet), `Original url:` and its URL (-> url),
//!   `* Comment:`, share/tags/copyright lines, wire credits (`Reporting by ...`), end marks.
//! - **Anywhere**: related-article teasers (`Related article: ...`, `Also on ...`, `Read more:`),
//!   photo credits (`**Valery Sharifulin / TASS**`) and the captions they close, lone bullet
//!   teasers, advertisement markers, separator lines; inline markdown residue (`[reported](#)`
//!   keeps "reported", images go, `**` goes).
//! - **First body paragraph**: a dateline (`MOSCOW, November 2 – RIA Novosti.`,
//!   `WASHINGTON (Reuters) -`, `MOSCOW, March 20. /TASS/.`) -> place, agency, month and day.
//!
//! Lines within a blank-line-separated block stay separate paragraphs unless the block is
//! hard-wrapped (short lines that mostly end mid-sentence), in which case they are joined with a
//! space; a paragraph that ends mid-sentence and is continued by one starting in lower case (a
//! copy-paste break) is joined to it. Every byte of the clean body is a verbatim piece of the
//! text or a synthetic separator, so evidence found in it maps back exactly.

use crate::dates::{self, month_alternation};
use crate::meta::{DateClaim, Found};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;
use storyline_core::{CleanText, Span};

/// How to read a text.
#[derive(Clone, Copy, Debug, Default)]
pub struct TextOptions<'a> {
    /// Look for a headline in the first lines (plain-text files). Off for text from a field
    /// already known to be the body (a JSON `maintext`, a feed item's content), where a short
    /// first line is more likely a subheading than a headline.
    pub find_headline: bool,
    /// The title a container gives: a first line equal to it is the headline, whatever
    /// `find_headline` says.
    pub known_title: Option<&'a str>,
}

/// What the reader made of a text.
#[derive(Clone, Debug)]
pub struct CleanedText {
    pub body: CleanText,
    pub title: Option<String>,
    pub title_span: Option<Span>,
    /// The dateline's place ("MOSCOW", "KYIV, Ukraine").
    pub dateline: Option<String>,
    pub found: Found,
}

/// One line of the text: `start..end` without the line break, `content` without surrounding
/// whitespace.
#[derive(Clone, Debug)]
struct Line {
    content: Range<usize>,
}

/// Upper bound on lines examined by the top and bottom scans: headers and trailers are short.
const ZONE_LINES: usize = 40;

fn split_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        let at_end = i == bytes.len();
        if at_end || bytes[i] == b'\n' || bytes[i] == b'\r' {
            let raw = &text[start..i];
            let lead = raw.len() - raw.trim_start_matches(is_space).len();
            let trimmed = raw.trim_matches(is_space);
            let cs = start + lead;
            lines.push(Line { content: cs..cs + trimmed.len() });
            if at_end {
                break;
            }
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    lines
}

/// Whitespace including the invisible characters pasted text carries (BOM, zero-width space).
fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}')
}

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad built-in pattern {p}: {e}"))
}

/// `Key : value` header lines.
static KEY_VALUE: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:[*•\-]\s*)?(?P<key>\p{L}[\p{L} ._\-]{0,30}?)\s*[:：]\s*(?P<val>.*)$"));
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| re(r"^<?(?:https?://|www\.)[^\s<>]+>?$"));
static URL_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| re(r"(?:https?://|www\.)[^\s<>()\[\]]+"));
static BYLINE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?i:by|von|par|por|автор:?)\s+\p{Lu}"));
static RELATED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:related(?:\s+(?:articles?|stories|story|news|content|coverage|reading|links?|posts?|topics?|videos?))?|read\s+(?:more|also|next)|see\s+also|more\s+on\s+this(?:\s+(?:story|topic))?|also\s+read|recommended(?:\s+for\s+you)?|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|most\s+(?:read|popular|viewed)|trending(?:\s+now)?|editor'?s\s+picks?|top\s+stories|more\s+stories|more\s+from\s+[^:]{1,40}|watch|listen|video|photos?|gallery|more|читайте\s+также|смотрите\s+также|по\s+теме|подробнее)\s*(?:[:：|»>–—-]|$)",
    )
});
static READ_MORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:read\s+more|read\s+also|also\s+read|see\s+also|click\s+here|tap\s+here)\b"));
static ALSO_ON: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^also\s+on\b\s*(?P<next>\S*)"));
static ADVERT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:advertisement|advert|sponsored(?:\s+content)?|ad|реклама|story\s+continues\s+below(?:\s+advertisement)?|continue\s+reading(?:\s+the\s+main\s+story)?|scroll\s+to\s+continue(?:\s+with\s+content)?|skip\s+advert(?:isement)?|loading\.*|\(?end\)?|ends|###|-30-)$",
    )
});
static IMAGE_LINE: LazyLock<Regex> = LazyLock::new(|| re(r"^!\[[^\]]*\]\([^)]*\)$"));
static SEPARATOR: LazyLock<Regex> = LazyLock::new(|| re(r"^[-–—_=*#~•·.\s]{3,}$"));
static BOLD_CREDIT_END: LazyLock<Regex> = LazyLock::new(|| re(r"\*\*(?P<credit>[^*\n]{2,100})\*\*$"));
static CREDIT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^\(?(?:photos?|photograph|image|picture|credit|illustration|фото)\s*(?:by\b|:|–|—|-|/|©)")
});
static SLASH_CREDIT: LazyLock<Regex> = LazyLock::new(|| re(r"^\p{Lu}[^.!?/]{1,50}\s/\s\p{Lu}[^.!?/]{1,40}$"));
static AGENCY_CREDIT_END: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:getty\s+images|shutterstock|afp\s+via\s+getty\s+images|ap\s+photo|reuters|epa(?:-efe)?|/\s*tass|/\s*ria\s+novosti|/\s*sputnik|/\s*afp|/\s*ap|\bvia\s+reuters)\)?$",
    )
});
static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:[•·▪►▸●◦■□‣⁃]|[-*–]\s)"));
static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^(?:[*•\-]\s*)?(?:comments?|leave\s+a\s+(?:comment|reply)|add\s+comment|\d+\s+comments?)\b\s*:?")
});
static SHARE_WORDS: &[&str] = &[
    "share",
    "tweet",
    "print",
    "email",
    "e-mail",
    "mail",
    "facebook",
    "twitter",
    "whatsapp",
    "telegram",
    "linkedin",
    "reddit",
    "vk",
    "copy",
    "link",
    "this",
    "article",
    "story",
    "on",
    "save",
    "pinterest",
    "x",
    "the",
    "|",
    "·",
    "•",
    "-",
];
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:©|\(c\)\s|copyright\b)|all\s+rights\s+reserved"));
static WIRE_CREDITS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\(?(?:reporting|additional\s+reporting|writing|editing|edited|compiled|translated|research|produced|graphics?|written)\s+by\b",
    )
});
static FOLLOW: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:follow|subscribe|sign\s+up|download|join|like)\b.*\b(?:twitter|facebook|telegram|instagram|youtube|newsletter|app|channel|podcast|whatsapp|tiktok|us)\b",
    )
});
static WORDPRESS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^the\s+post\s+.{1,300}\s+appeared\s+first\s+on\s+.{1,100}$"));
static META_KEYWORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:date|published|updated|posted|source|url|link|time|id|news|дата|источник):?$"));
static DATEISH: LazyLock<Regex> = LazyLock::new(|| re(r"^[\d./\-:T+Z]+$"));
static ABBREV_END: LazyLock<Regex> = LazyLock::new(|| re(r"\b\p{Lu}\.(?:\p{Lu}\.)+$"));
static MD_IMAGE: LazyLock<Regex> = LazyLock::new(|| re(r"!\[[^\]\n]{0,300}\]\([^)\s]{0,1000}\)"));
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| re(r"\[(?P<text>[^\]\n]{1,300})\]\((?:[^)\s]{0,1000}|<[^>\n]{0,1000}>)\)"));
static MD_EMPHASIS: LazyLock<Regex> = LazyLock::new(|| re(r"\*\*|__"));

/// Datelines: `MOSCOW, November 2 – RIA Novosti.`, `MOSCOW (Dispatches) –`,
/// `LONDON, June 3 (Reuters) -`, `KYIV, Ukraine (AP) —`, `MOSCOW, March 20. /TASS/.`,
/// `NEW DELHI:`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    let mon = month_alternation();
    let agencies = "RIA\\s+Novosti|TASS|Interfax|Sputnik|Xinhua|IRNA|Ukrinform|UNIAN|BelTA|Kazinform|Armenpress|APA|Trend|AZERTAC|Anadolu|Bernama|Antara|Yonhap|Kyodo|MENA|WAM|SPA|KUNA|QNA|Prensa\\s+Latina|РИА\\s+Новости|ТАСС|Интерфакс|Reuters|AFP|AP|dpa|EFE|ANSA|PTI|IANS|ANI|UPI";
    re(&format!(
        r"^(?P<place>\p{{Lu}}[\p{{L}}\p{{M}}'’.\-]*(?:\s+\p{{Lu}}[\p{{L}}\p{{M}}'’.\-]*){{0,3}}?)(?:,\s*(?P<region>\p{{Lu}}[\p{{L}}'’.\-]+(?:\s+\p{{Lu}}[\p{{L}}'’.\-]+){{0,2}}))?(?:,\s*(?P<date>(?i:{mon})\.?\s+\d{{1,2}}|\d{{1,2}}\s+(?i:{mon})\.?))?(?:\.?\s*/(?P<a2>[^/\n]{{1,40}})/\.?\s+|\.?\s*(?:\((?P<a1>[^()\n]{{1,40}})\))?\s*(?P<sep>[–—]|-{{1,2}}|:)\s+(?:(?P<a3>{agencies})\.\s+)?)"
    ))
});

/// ALL-CAPS words that start a line with a colon or dash but are labels, not places.
const NOT_A_PLACE: &[&str] = &[
    "UPDATE",
    "UPDATED",
    "BREAKING",
    "EXCLUSIVE",
    "ANALYSIS",
    "OPINION",
    "WATCH",
    "VIDEO",
    "PHOTOS",
    "LIVE",
    "URGENT",
    "FLASH",
    "CORRECTION",
    "EDITORIAL",
    "COMMENT",
    "INTERVIEW",
    "NEWS",
    "REVIEW",
    "NOTE",
    "EDITOR'S NOTE",
    "READ MORE",
    "RELATED",
    "FACTBOX",
    "EXPLAINER",
    "Q&A",
    "NB",
    "PS",
    "FILE",
];

fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(is_space)
        .chars()
        .next_back()
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '»' | ':' | ';' | ')' | '…' | '\'' | ']'))
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// What a header or trailer line's key says.
enum HeaderKey {
    Date(u8),
    Url,
    Outlet,
    Title,
    Ignore,
}

fn header_key(key: &str) -> Option<HeaderKey> {
    let k: String = key.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    let k = k.trim_end_matches('.');
    Some(match k {
        "publish date"
        | "published"
        | "publication date"
        | "date published"
        | "published on"
        | "posted"
        | "posted on"
        | "pub date"
        | "pubdate"
        | "release date"
        | "date of publication"
        | "дата публикации"
        | "опубликовано" => HeaderKey::Date(0),
        "date" | "time" | "дата" => HeaderKey::Date(1),
        "updated" | "last updated" | "modified" | "last modified" | "updated on" | "обновлено" => {
            HeaderKey::Date(2)
        }
        "url" | "link" | "original url" | "source url" | "original link" | "permalink" | "canonical"
        | "article url" | "original" => HeaderKey::Url,
        "source" | "outlet" | "publisher" | "publication" | "newspaper" | "media" | "agency" | "site" | "источник" => {
            HeaderKey::Outlet
        }
        "title" | "headline" | "заголовок" => HeaderKey::Title,
        "news id" | "id" | "article id" | "story id" | "author" | "authors" | "by" | "byline" | "writer"
        | "reporter" | "correspondent" | "section" | "category" | "categories" | "tags" | "tag" | "keywords"
        | "topics" | "topic" | "language" | "lang" | "location" | "place" | "country" | "word count" | "words"
        | "length" | "page" | "edition" | "copyright" | "rights" | "image" | "photo" | "caption" | "comment"
        | "comments" | "share" | "print" | "filed under" | "автор" | "рубрика" | "теги" | "news type" | "service"
        | "code" | "document" | "doc id" | "type" => HeaderKey::Ignore,
        _ => return None,
    })
}

/// Accumulates metadata while lines are classified.
struct Collector {
    found: Found,
    /// Priority of the stated date held (lower is better: published < date < updated).
    date_rank: u8,
    /// A URL from a bare URL line, used only when no labelled URL is found.
    weak_url: Option<String>,
    title: Option<(String, Span)>,
    /// A header key whose value sits on the next non-blank line (`Original url:` then `<...>`).
    pending: Option<HeaderKeyKind>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderKeyKind {
    Url,
}

impl Collector {
    fn date(&mut self, rank: u8, value: &str, value_start: usize) {
        if self.found.stated.is_some() && self.date_rank <= rank {
            return;
        }
        if let Some(f) = dates::parse_stated(value) {
            self.found.stated = Some(DateClaim {
                date: f.date,
                time: f.time,
                evidence: Some(Span::new(value_start + f.start, value_start + f.end)),
            });
            self.date_rank = rank;
        }
    }

    fn url(&mut self, value: &str) {
        if let Some(m) = URL_IN_TEXT.find(value)
            && self.found.url.is_none()
        {
            self.found.url = Some(clean_url(m.as_str()));
        }
    }

    /// A `Key: value` line with a known key: record what it says. `None` if the key is unknown.
    fn header(&mut self, line: &str, line_start: usize) -> Option<()> {
        let c = KEY_VALUE.captures(line)?;
        let key = header_key(c.name("key")?.as_str())?;
        let val = c.name("val")?;
        let v = val.as_str().trim();
        if v.chars().count() > 300 {
            return None;
        }
        // A known key with a value that does not fit it is a sentence ("Source: the ministry
        // said ..."), not a header line.
        match key {
            HeaderKey::Date(_) if !v.is_empty() && dates::parse_stated(v).is_none() => return None,
            HeaderKey::Url if !v.is_empty() && !URL_IN_TEXT.is_match(v) => return None,
            HeaderKey::Outlet
                if !URL_IN_TEXT.is_match(v) && (v.chars().count() > 60 || v.split_whitespace().count() > 6) =>
            {
                return None;
            }
            _ => {}
        }
        match key {
            HeaderKey::Date(rank) => self.date(rank, val.as_str(), line_start + val.start()),
            HeaderKey::Url if v.is_empty() => self.pending = Some(HeaderKeyKind::Url),
            HeaderKey::Url => self.url(v),
            HeaderKey::Outlet if URL_IN_TEXT.is_match(v) => {
                self.url(v);
            }
            HeaderKey::Outlet if !v.is_empty() && self.found.stated_outlet.is_none() => {
                self.found.stated_outlet = Some(v.to_string());
            }
            HeaderKey::Title if !v.is_empty() && self.title.is_none() => {
                let s = line_start + val.start();
                self.title = Some((v.to_string(), Span::new(s, s + val.as_str().trim_end().len())));
            }
            _ => {}
        }
        Some(())
    }

    /// ` date 2021-11-02 https://ria.ru/...`: a line of only labels, dates and URLs.
    fn meta_tokens(&mut self, line: &str, line_start: usize) -> Option<()> {
        let mut has_value = false;
        let mut has_keyword = false;
        let mut digits_only = 0;
        for tok in line.split_whitespace() {
            let is_url = URL_IN_TEXT.is_match(tok) && BARE_URL.is_match(tok);
            let is_date = DATEISH.is_match(tok)
                && tok.bytes().filter(u8::is_ascii_digit).count() >= 4
                && tok.contains(['-', '.', '/', ':']);
            if is_url || is_date {
                has_value = true;
            } else if META_KEYWORD.is_match(tok) {
                has_keyword = true;
            } else if tok.bytes().all(|b| b.is_ascii_digit()) {
                digits_only += 1;
            } else if !matches!(tok, "|" | "-" | "–" | "—" | "·" | "•" | "/") {
                return None;
            }
        }
        if !(has_value && (has_keyword || digits_only == 0)) {
            return None;
        }
        if let Some(m) = URL_IN_TEXT.find(line) {
            self.url(m.as_str());
        }
        self.date(1, line, line_start);
        Some(())
    }
}

fn clean_url(u: &str) -> String {
    u.trim_matches(['<', '>']).trim_end_matches(['.', ',', ';', ')', '"', '\'']).to_string()
}

/// Read a plain text: see the module docs.
pub fn clean_text(text: &str, opts: TextOptions<'_>) -> CleanedText {
    let lines = split_lines(text);
    let n = lines.len();
    let content = |i: usize| -> &str { &text[lines[i].content.clone()] };
    let blank = |i: usize| lines[i].content.is_empty();
    // `dropped[i]`: the line is not part of the body (blank lines are separators either way).
    let mut dropped = vec![false; n];
    let mut col = Collector { found: Found::default(), date_rank: u8::MAX, weak_url: None, title: None, pending: None };

    // Top zone.
    let mut i = 0;
    let mut seen_headline = false;
    let mut examined = 0;
    while i < n && examined < ZONE_LINES {
        if blank(i) {
            i += 1;
            continue;
        }
        examined += 1;
        let l = content(i);
        let start = lines[i].content.start;
        if col.pending.take().is_some() && BARE_URL.is_match(l) {
            col.url(l);
        } else if col.header(l, start).is_some() || col.meta_tokens(l, start).is_some() {
        } else if let Some(f) = dates::date_line(l) {
            if col.found.stated.is_none() || col.date_rank > 0 {
                col.found.stated = Some(DateClaim {
                    date: f.date,
                    time: f.time,
                    evidence: Some(Span::new(start + f.start, start + f.end)),
                });
                col.date_rank = 0;
            }
        } else if BARE_URL.is_match(l) {
            col.url(l);
        } else if is_byline(l) {
        } else if !seen_headline && col.title.is_none() && is_headline(&lines, text, i, opts) {
            seen_headline = true;
            let title = inline_clean_string(text, lines[i].content.clone());
            col.title = Some((title, Span::new(lines[i].content.start, lines[i].content.end)));
        } else {
            break;
        }
        dropped[i] = true;
        i += 1;
    }
    let body_start = i;

    // Bottom zone.
    let mut j = n;
    let mut examined = 0;
    let mut bottom_url: Option<String> = None;
    while j > body_start && examined < ZONE_LINES {
        let k = j - 1;
        if blank(k) {
            j -= 1;
            continue;
        }
        examined += 1;
        let l = content(k);
        let start = lines[k].content.start;
        if BARE_URL.is_match(l) {
            bottom_url = Some(clean_url(l));
        } else if col.header(l, start).is_some() {
            if col.pending.take().is_some()
                && let Some(u) = bottom_url.take()
            {
                col.found.url.get_or_insert(u);
            }
        } else if is_trailer(l) || is_boilerplate(l) {
        } else {
            break;
        }
        dropped[k] = true;
        j -= 1;
    }
    if let Some(u) = bottom_url {
        col.weak_url.get_or_insert(u);
    }
    let body_end = j;

    // Anywhere in between.
    for k in body_start..body_end {
        if blank(k) {
            continue;
        }
        let l = content(k);
        let alone = (k == 0 || blank(k - 1) || dropped[k - 1]) && (k + 1 >= n || blank(k + 1));
        if is_boilerplate(l) || (alone && is_teaser_bullet(l)) || is_also_on(l) {
            dropped[k] = true;
        }
    }

    // Paragraphs.
    let mut paragraphs: Vec<Vec<usize>> = Vec::new();
    let mut k = body_start;
    while k < body_end {
        if blank(k) || dropped[k] {
            k += 1;
            continue;
        }
        let mut block = Vec::new();
        while k < body_end && !blank(k) && !dropped[k] {
            block.push(k);
            k += 1;
        }
        if is_hard_wrapped(&block, |i| content(i)) {
            paragraphs.push(block);
        } else {
            paragraphs.extend(block.into_iter().map(|i| vec![i]));
        }
    }

    // Dateline at the start of the first paragraph.
    let mut starts: Vec<usize> = lines.iter().map(|l| l.content.start).collect();
    let mut dateline = None;
    if let Some(&first) = paragraphs.first().and_then(|p| p.first())
        && let Some(d) = match_dateline(content(first))
    {
        let base = lines[first].content.start;
        starts[first] = base + d.len;
        dateline = Some(d.place.clone());
        col.found.dateline_agency = d.agency.clone();
        col.found.dateline_date = d.month_day.map(|md| (md, d.date_span.map(|(s, e)| Span::new(base + s, base + e))));
    }

    // Copy-paste breaks: a paragraph ending mid-sentence continued by one in lower case.
    let mut merged: Vec<Vec<usize>> = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        if let (Some(prev), Some(&first)) = (merged.last_mut(), p.first())
            && let Some(&last) = prev.last()
            && !ends_sentence(content(last))
            && starts_lowercase(&text[starts[first]..lines[first].content.end])
        {
            prev.extend(p);
            continue;
        }
        merged.push(p);
    }

    let mut b = CleanText::builder(text);
    for p in &merged {
        let mut pieces: Vec<Vec<Range<usize>>> = Vec::new();
        for &li in p {
            let range = starts[li]..lines[li].content.end;
            let kept = inline_pieces(text, range);
            if kept.iter().any(|r| !text[r.clone()].trim_matches(is_space).is_empty()) {
                pieces.push(kept);
            }
        }
        if pieces.is_empty() {
            continue;
        }
        if !b.text().is_empty() {
            b.push_synthetic("\n\n");
        }
        for (idx, line_pieces) in pieces.into_iter().enumerate() {
            if idx > 0 {
                b.push_synthetic(" ");
            }
            push_trimmed(&mut b, text, &line_pieces);
        }
    }

    let mut found = col.found;
    if found.url.is_none() {
        found.url = col.weak_url;
    }
    let (title, title_span) = match col.title {
        Some((t, s)) => (Some(t), Some(s)),
        None => (None, None),
    };
    CleanedText { body: b.finish(), title, title_span, dateline, found }
}

/// Push the pieces of one line, dropping whitespace at the very start and end of the line.
fn push_trimmed(b: &mut storyline_core::clean::CleanTextBuilder<'_>, text: &str, pieces: &[Range<usize>]) {
    let mut pieces: Vec<Range<usize>> = pieces.to_vec();
    while let Some(first) = pieces.first_mut() {
        let s = &text[first.clone()];
        let t = s.trim_start_matches(is_space);
        first.start += s.len() - t.len();
        if first.start >= first.end {
            pieces.remove(0);
        } else {
            break;
        }
    }
    while let Some(last) = pieces.last_mut() {
        let s = &text[last.clone()];
        let t = s.trim_end_matches(is_space);
        last.end = last.start + t.len();
        if last.start >= last.end {
            pieces.pop();
        } else {
            break;
        }
    }
    for r in pieces {
        b.push_original(r);
    }
}

/// The verbatim pieces of `range` that survive inline cleanup: markdown images removed, links
/// reduced to their text, `**`/`__` markers removed.
fn inline_pieces(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let s = &text[range.clone()];
    let base = range.start;
    let mut cuts: Vec<Range<usize>> = Vec::new();
    // Images and links both need "](", which most text never has: one substring search rules
    // out the capture search, the slowest step of cleaning.
    let bracketed = s.contains("](");
    for m in bracketed.then(|| MD_IMAGE.find_iter(s)).into_iter().flatten() {
        cuts.push(m.range());
    }
    for c in bracketed.then(|| MD_LINK.captures_iter(s)).into_iter().flatten() {
        let (Some(whole), Some(t)) = (c.get(0), c.name("text")) else { continue };
        if cuts.iter().any(|x| x.start <= whole.start() && whole.end() <= x.end) {
            continue;
        }
        cuts.push(whole.start()..t.start());
        cuts.push(t.end()..whole.end());
    }
    for m in MD_EMPHASIS.find_iter(s) {
        cuts.push(m.range());
    }
    cuts.sort_by_key(|r| (r.start, r.end));
    let mut out = Vec::new();
    let mut at = 0;
    for c in cuts {
        if c.start > at {
            out.push(base + at..base + c.start);
        }
        at = at.max(c.end);
    }
    if at < s.len() {
        out.push(base + at..base + s.len());
    }
    out
}

fn inline_clean_string(text: &str, range: Range<usize>) -> String {
    let mut s = String::new();
    for r in inline_pieces(text, range) {
        s.push_str(&text[r]);
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_byline(l: &str) -> bool {
    BYLINE.is_match(l) && l.chars().count() <= 100 && l.split_whitespace().count() <= 12 && !l.ends_with('.')
}

fn normalized(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Whether line `i` is a headline: short, not a sentence (no final period unless an
/// abbreviation like "U.S."), starting like a title, with body text after it.
fn is_headline(lines: &[Line], text: &str, i: usize, opts: TextOptions<'_>) -> bool {
    let l = &text[lines[i].content.clone()];
    let plain = inline_clean_string(text, lines[i].content.clone());
    if let Some(t) = opts.known_title {
        return normalized(&plain) == normalized(t);
    }
    if !opts.find_headline {
        return false;
    }
    let words = plain.split_whitespace().count();
    let chars = plain.chars().count();
    let has_more = lines[i + 1..].iter().any(|l| !l.content.is_empty());
    // A line continued in lower case on the next line is the start of a wrapped paragraph.
    let continued = lines.get(i + 1).is_some_and(|n| starts_lowercase(&text[n.content.clone()]));
    let next_nonblank = lines[i + 1..].iter().find(|l| !l.content.is_empty()).map(|l| &text[l.content.clone()]);
    let standalone = lines.get(i + 1).is_some_and(|n| n.content.is_empty());
    // Some sources end headlines with a period; a short standalone line still is one when it is
    // written in title case or a dateline opens the next paragraph.
    let period_headline = plain.ends_with('.')
        && standalone
        && words <= 20
        && (title_case_share(&plain) >= 0.6 || next_nonblank.is_some_and(|n| match_dateline(n).is_some()));
    let final_punct = plain.ends_with(['.', ',', ';', ':']) && !ABBREV_END.is_match(&plain) && !period_headline;
    let first_ok = plain.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric() || "\"“«'‘".contains(c));
    has_more
        && !continued
        && (2..=35).contains(&words)
        && chars <= 250
        && !final_punct
        && first_ok
        && !BULLET.is_match(l)
        && match_dateline(l).is_none()
        && !is_boilerplate(l)
}

/// Share of words of four letters or more, after the first, that start with a capital.
fn title_case_share(s: &str) -> f32 {
    let long: Vec<&str> =
        s.split_whitespace().skip(1).filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4).collect();
    if long.is_empty() {
        return 0.0;
    }
    let caps = long.iter().filter(|w| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)).count();
    caps as f32 / long.len() as f32
}

/// Lines that close an article: comments, sharing, tags, copyright, wire credits, follow-us.
fn is_trailer(l: &str) -> bool {
    let short = l.chars().count() <= 400;
    (COMMENT.is_match(l) && l.chars().count() <= 80)
        || (short && COPYRIGHT.is_match(l))
        || (short && WIRE_CREDITS.is_match(l))
        || (l.chars().count() <= 200 && FOLLOW.is_match(l))
        || WORDPRESS.is_match(l)
        || is_share_line(l)
}

fn is_share_line(l: &str) -> bool {
    l.chars().count() <= 80
        && l.split_whitespace().all(|w| {
            SHARE_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric() && c != '|').to_lowercase().as_str())
        })
        && l.split_whitespace().any(|w| matches!(w.to_lowercase().as_str(), "share" | "tweet" | "print" | "email"))
}

/// Lines that are never story text, wherever they stand.
fn is_boilerplate(l: &str) -> bool {
    let chars = l.chars().count();
    (chars <= 300 && RELATED.is_match(l))
        || (chars <= 200 && READ_MORE.is_match(l))
        || ADVERT.is_match(l)
        || IMAGE_LINE.is_match(l)
        || SEPARATOR.is_match(l)
        || is_photo_credit(l)
        || is_captioned_credit(l)
}

/// A photo credit on its own line.
fn is_photo_credit(l: &str) -> bool {
    let chars = l.chars().count();
    if let Some(inner) = l.strip_prefix("**").and_then(|r| r.strip_suffix("**"))
        && credit_like(inner)
    {
        return true;
    }
    (chars <= 200 && CREDIT_LABEL.is_match(l))
        || (chars <= 80 && SLASH_CREDIT.is_match(l) && !ends_sentence(l))
        || (chars <= 100 && AGENCY_CREDIT_END.is_match(l) && !ends_sentence(l) && l.split_whitespace().count() <= 10)
}

/// A caption closed by a bold credit (`... a “killer.” **Valery Sharifulin / TASS**`): the
/// whole line is the photo's, not the story's.
fn is_captioned_credit(l: &str) -> bool {
    l.chars().count() <= 600
        && BOLD_CREDIT_END.captures(l).and_then(|c| c.name("credit")).is_some_and(|c| credit_like(c.as_str()))
}

fn credit_like(s: &str) -> bool {
    let s = s.trim();
    s.contains('/') || s.contains('©') || CREDIT_LABEL.is_match(s) || AGENCY_CREDIT_END.is_match(s)
}

/// A lone bullet line that does not end a sentence: a related-article teaser or a caption.
fn is_teaser_bullet(l: &str) -> bool {
    BULLET.is_match(l) && l.chars().count() <= 250 && !ends_sentence(l)
}

/// `Also on rt.com ...`, `Also on "Headline": teaser` — but not "Also on Tuesday, he said ...".
fn is_also_on(l: &str) -> bool {
    let Some(c) = ALSO_ON.captures(l) else { return false };
    let next = c.name("next").map_or("", |m| m.as_str());
    l.chars().count() <= 300
        && (!ends_sentence(l)
            || next.starts_with(['"', '“', '«', '\''])
            || (next.contains('.') && !next.ends_with('.')))
}

/// A block of short lines that mostly end mid-sentence: one paragraph, hard-wrapped.
fn is_hard_wrapped<'a>(block: &[usize], content: impl Fn(usize) -> &'a str) -> bool {
    if block.len() < 2 {
        return false;
    }
    let inner = &block[..block.len() - 1];
    let short = block.iter().all(|&i| content(i).chars().count() <= 100);
    let open = inner.iter().filter(|&&i| !ends_sentence(content(i))).count();
    short && open * 2 > inner.len()
}

/// A dateline matched at the start of a paragraph.
#[derive(Clone, Debug, PartialEq)]
pub struct DatelineMatch {
    pub place: String,
    pub agency: Option<String>,
    pub month_day: Option<(u8, u8)>,
    /// The date's byte range within the paragraph.
    pub date_span: Option<(usize, usize)>,
    /// Bytes of the paragraph the dateline takes, separator included.
    pub len: usize,
}

/// Match a dateline at the start of `para`.
pub fn match_dateline(para: &str) -> Option<DatelineMatch> {
    let c = DATELINE.captures(para)?;
    let whole = c.get(0)?;
    let place_m = c.name("place")?;
    let place = place_m.as_str().trim_end_matches('.');
    let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
    let all_caps = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    let agency_m = c.name("a1").or_else(|| c.name("a2")).or_else(|| c.name("a3"));
    let date_m = c.name("date");
    if NOT_A_PLACE.contains(&place) {
        return None;
    }
    if !all_caps && date_m.is_none() && agency_m.is_none() {
        return None;
    }
    if c.name("sep").is_some_and(|s| s.as_str() == ":") && (!all_caps || agency_m.is_some() || date_m.is_some()) {
        return None;
    }
    // The body must go on after the dateline.
    if whole.end() >= para.len() {
        return None;
    }
    let place = match c.name("region") {
        Some(r) => format!("{place}, {}", r.as_str()),
        None => place.to_string(),
    };
    Some(DatelineMatch {
        place,
        agency: agency_m.map(|a| a.as_str().split_whitespace().collect::<Vec<_>>().join(" ")),
        month_day: date_m.and_then(|d| dates::month_day(d.as_str())),
        date_span: date_m.map(|d| (d.start(), d.end())),
        len: whole.end(),
    })
}

#[cfg(test)]
mod tests;
