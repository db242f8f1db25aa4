//! Events of one article: the sentences that place something in time, read as who did what,
//! where and when.
//!
//! An event is anchored either by a time expression that resolves to a day, a month or a year
//! (the precision the text gives), or — for the lead sentence of an article that reports the
//! news of the day without a time expression — by the publication date, when the article's date
//! is known from the page itself (stated, dateline or URL), never when it was only inferred.

use crate::clause::{SegKind, Segment, Tok, clause_text, clean_what, is_verbish, segments};
use crate::dates::timex_date;
use crate::lexicon::{EventType, FUTURE_MARKERS, NEGATIONS, STOPWORDS, stem, trigger};
use storyline_annotate::Doc;
use storyline_core::report::EntityType;
use storyline_core::text::tokenize;
use storyline_core::{DateBasis, PartialDate, Span};
use storyline_entities::MentionForm;
use storyline_time::TimexType;

/// How an event got its date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// A time expression in the sentence (its span in the article text).
    Timex(Span),
    /// The article's publication date: the lead reports the news of the day.
    Publication,
}

/// One report of an event in one article.
#[derive(Clone, Debug)]
pub struct Event {
    /// Index of the article among the documents given to the extractor.
    pub doc: usize,
    /// The sentence that reports it: a byte range into the article text.
    pub span: Span,
    pub anchor: Anchor,
    pub date: PartialDate,
    pub kind: EventType,
    /// The trigger's lemma ("return"), when a trigger word was found.
    pub lemma: Option<&'static str>,
    /// Announced or expected rather than done ("is to arrive on Sunday").
    pub planned: bool,
    /// Local entity indices (into the article's entities) of the people and organisations in
    /// the clause, subject first.
    pub actors: Vec<usize>,
    /// Local entity indices of where it happened: places after a locative preposition.
    pub places: Vec<usize>,
    /// Local entity indices of every place named in the clause (for matching reports).
    pub locations: Vec<usize>,
    /// Where a movement went ("returned to Washington" -> "Washington"), as written.
    pub destination: Option<String>,
    /// A clean, readable line from the clause that holds the date.
    pub what: String,
    /// Stems of the content words of the clause, sorted and unique (for matching reports).
    pub content: Vec<String>,
}

/// How many events one article may yield at most: a bound on work for pathological inputs.
const MAX_EVENTS_PER_DOC: usize = 400;
/// Lines longer than this (bytes) are cut after their trigger and date where a comma allows.
const LONG_WHAT: usize = 160;
/// Sentences longer than this are not read for events (runaway sentences from bad splits).
const MAX_SENTENCE_BYTES: usize = 2_000;

/// The events of `doc` (the article at index `doc_index` of a story).
pub fn extract(doc: &Doc, doc_index: usize) -> Vec<Event> {
    let text = doc.article.text.as_str();
    let published = &doc.article.published;
    let pub_day = published.date.filter(|d| d.is_day());
    let pub_firm = published.basis.is_some_and(|b| b != DateBasis::Inferred);
    let mut out = Vec::new();
    let mut lead_seen = false;
    let mut timex_i = 0usize;
    for &sent in &doc.sentences {
        if out.len() >= MAX_EVENTS_PER_DOC {
            break;
        }
        if doc.article.title_span.is_some_and(|t| t.overlaps(sent)) {
            continue;
        }
        let Some(s_text) = text.get(sent.range()) else { continue };
        if s_text.len() > MAX_SENTENCE_BYTES || is_residue(s_text) {
            // Residue sentences carry no event, but their time expressions must be skipped.
            while doc.timexes.get(timex_i).is_some_and(|t| t.span.start < sent.end) {
                timex_i += 1;
            }
            continue;
        }
        let is_lead = !lead_seen;
        lead_seen = true;
        let mut in_sentence = Vec::new();
        while let Some(t) = doc.timexes.get(timex_i) {
            if t.span.start >= sent.end {
                break;
            }
            if sent.contains(t.span) {
                in_sentence.push(t);
            }
            timex_i += 1;
        }
        let mut dated = Vec::new();
        for t in in_sentence {
            if !matches!(t.kind, TimexType::Date | TimexType::Time) {
                continue;
            }
            let Some(date) = timex_date(&t.value) else { continue };
            let rel = Span::new(t.span.start - sent.start, t.span.end - sent.start);
            if is_modifier_year(date, s_text, rel)
                || is_period(s_text, rel)
                || crate::clause::dateline_prefix_len(s_text) > rel.start
            {
                continue;
            }
            dated.push((rel, date, t.span));
        }
        let lead_day = pub_day.filter(|_| is_lead && pub_firm);
        if dated.is_empty() && lead_day.is_none() {
            // Most sentences: nothing dated and not the lead, so no event to read.
            continue;
        }
        let toks: Vec<Tok<'_>> = tokenize(s_text)
            .into_iter()
            .map(|t| Tok { start: t.span.start, end: t.span.end, text: t.span.slice(s_text), kind: t.kind })
            .collect();
        if toks.is_empty() {
            continue;
        }
        let segs = segments(&toks);
        let reader = SentenceReader { doc, doc_index, sent, s_text, toks: &toks, segs: &segs, pub_day, pub_firm };
        let before = out.len();
        reader.events_from_timexes(&dated, &mut out);
        if out.len() == before
            && dated.is_empty()
            && let Some(day) = lead_day
            && let Some(e) = reader.lead_event(day)
        {
            out.push(e);
        }
    }
    out
}

/// Everything needed to read events off one sentence.
struct SentenceReader<'a> {
    doc: &'a Doc,
    doc_index: usize,
    sent: Span,
    s_text: &'a str,
    toks: &'a [Tok<'a>],
    segs: &'a [Segment],
    pub_day: Option<PartialDate>,
    pub_firm: bool,
}

/// How good a trigger is for the date at hand: in the date's own clause, a finite verb rather
/// than an infinitive, specific, near the date.
type TriggerRank = (bool, bool, u8, std::cmp::Reverse<usize>);

/// A trigger found in a clause.
#[derive(Clone, Copy)]
struct Trigger {
    tok: usize,
    kind: EventType,
    lemma: &'static str,
}

impl SentenceReader<'_> {
    /// One event per clause that holds a dated expression; the best date of the clause (most
    /// precise, then nearest the trigger) anchors it.
    fn events_from_timexes(&self, dated: &[(Span, PartialDate, Span)], out: &mut Vec<Event>) {
        // Group the dated expressions by segment.
        let mut by_seg: Vec<(usize, Vec<usize>)> = Vec::new();
        for (k, (rel, _, _)) in dated.iter().enumerate() {
            let Some(tok) = self.toks.iter().position(|t| t.start >= rel.start) else { continue };
            let Some(seg) = self.segs.iter().position(|s| s.start <= tok && tok < s.end) else { continue };
            match by_seg.iter_mut().find(|(s, _)| *s == seg) {
                Some((_, v)) => v.push(k),
                None => by_seg.push((seg, vec![k])),
            }
        }
        let has_main_event = by_seg.iter().any(|(s, _)| {
            self.segs
                .get(*s)
                .is_some_and(|g| matches!(g.kind, SegKind::Main | SegKind::Coordinate | SegKind::Subordinate))
        });
        for (seg_i, members) in by_seg {
            let Some(seg) = self.segs.get(seg_i).copied() else { continue };
            // Asides dated on their own are read only when nothing else in the sentence is.
            if matches!(seg.kind, SegKind::Relative | SegKind::Participle) && has_main_event {
                continue;
            }
            let range = self.clause_range(seg);
            let first_tok = members
                .first()
                .and_then(|&k| dated.get(k))
                .and_then(|(rel, _, _)| self.toks.iter().position(|t| t.start >= rel.start));
            let trig = self.find_trigger(range.clone(), seg.kind, first_tok);
            let best = members
                .iter()
                .copied()
                .max_by_key(|&k| {
                    let (rel, date, _) = dated[k];
                    let precision = usize::from(date.month.is_some()) + usize::from(date.day.is_some());
                    let tok = self.toks.iter().position(|t| t.start >= rel.start).unwrap_or(0);
                    let dist = trig.map_or(0, |t| t.tok.abs_diff(tok));
                    (precision, std::cmp::Reverse(dist), std::cmp::Reverse(k))
                })
                .and_then(|k| dated.get(k));
            let Some(&(_, date, abs)) = best else { continue };
            if let Some(e) = self.event(range, seg.kind, trig, date, Anchor::Timex(abs)) {
                out.push(e);
            }
        }
    }

    /// The event of an undated lead sentence, dated by the publication day.
    fn lead_event(&self, day: PartialDate) -> Option<Event> {
        let main = self.segs.iter().find(|s| s.kind == SegKind::Main).copied()?;
        let range = self.clause_range(main);
        let e = match self.find_trigger(range.clone(), main.kind, None) {
            Some(trig) => self.event(range, main.kind, Some(trig), day, Anchor::Publication)?,
            None => {
                // "..., said the ambassador": the lead reports a statement; told whole, with
                // its speaker.
                let tail = self.segs.iter().find(|s| s.kind == SegKind::Attribution && s.start > 0)?;
                let trig = self.find_trigger(tail.start..tail.end, SegKind::Attribution, None)?;
                let whole = self.segs.first()?.start..self.segs.last()?.end;
                self.event(whole, SegKind::Attribution, Some(trig), day, Anchor::Publication)?
            }
        };
        // Only what the lead says happened, not what is planned.
        (!e.planned).then_some(e)
    }

    /// The token range an event in `seg` is told by: a subordinate or coordinate clause on its
    /// own; for the main clause, the whole sentence without its closing attribution when short,
    /// else the main clause alone.
    fn clause_range(&self, seg: Segment) -> std::ops::Range<usize> {
        match seg.kind {
            SegKind::Subordinate | SegKind::Coordinate | SegKind::Relative | SegKind::Participle => seg.start..seg.end,
            SegKind::Attribution | SegKind::Main => {
                let body: Vec<&Segment> = self.segs.iter().filter(|s| s.kind != SegKind::Attribution).collect();
                let (Some(first), Some(last)) = (body.first(), body.last()) else { return seg.start..seg.end };
                let whole = first.start..last.end;
                if clause_text(self.s_text, self.toks, whole.clone()).len() <= 220 {
                    return whole;
                }
                // The main clause: from the first main segment to the end of the last main
                // segment before a clause of another kind.
                let main: Vec<&Segment> = self.segs.iter().filter(|s| s.kind == SegKind::Main).collect();
                match (main.first(), main.last()) {
                    (Some(a), Some(b)) => a.start..b.end,
                    _ => seg.start..seg.end,
                }
            }
        }
    }

    /// The most specific trigger of the range, nearest its start among equals; a negated
    /// trigger does not count. For a date in the closing attribution the event is the report
    /// itself: a statement.
    fn find_trigger(&self, range: std::ops::Range<usize>, kind: SegKind, anchor: Option<usize>) -> Option<Trigger> {
        if kind == SegKind::Attribution {
            let at = self.segs.iter().find(|s| s.kind == SegKind::Attribution && s.start > 0).map_or(0, |s| s.start);
            let tok = (at..self.toks.len())
                .find(|&i| trigger(self.toks[i].text).is_some_and(|t| t.0 == EventType::Statement))
                .unwrap_or(at);
            let lemma = trigger(self.toks.get(tok).map_or("", |t| t.text)).map_or("say", |t| t.1);
            return Some(Trigger { tok, kind: EventType::Statement, lemma });
        }
        let seg_of = |i: usize| self.segs.iter().position(|g| g.start <= i && i < g.end);
        let anchor_seg = anchor.and_then(seg_of);
        let mut best: Option<(Trigger, TriggerRank)> = None;
        for i in range {
            let Some(t) = self.toks.get(i) else { break };
            if !t.is_word() {
                continue;
            }
            let seg = seg_of(i);
            // A trigger in an aside belongs to the aside ("Orlov, recalled in March,
            // returned ..."), unless the date is in that aside too.
            if seg != anchor_seg
                && seg
                    .and_then(|g| self.segs.get(g))
                    .is_some_and(|g| matches!(g.kind, SegKind::Participle | SegKind::Relative))
            {
                continue;
            }
            // A capitalised word inside the sentence is a name ("March", "United States").
            if i > 0 && t.text.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let Some((ty, lemma)) = trigger(t.text) else { continue };
            if self.negated(i) {
                continue;
            }
            // "agreed to return": the infinitive is what was agreed, not what happened.
            let infinitive = i > 0 && self.toks[i - 1].lower() == "to";
            let rank = (
                anchor_seg.is_some() && seg == anchor_seg,
                !infinitive,
                ty.specificity(),
                std::cmp::Reverse(anchor.map_or(0, |a| a.abs_diff(i))),
            );
            if best.as_ref().is_none_or(|(_, r)| rank > *r) {
                best = Some((Trigger { tok: i, kind: ty, lemma }, rank));
            }
        }
        best.map(|(t, _)| t)
    }

    /// Whether a negation stands within the three words before token `i`.
    fn negated(&self, i: usize) -> bool {
        let from = i.saturating_sub(3);
        self.toks[from..i].iter().any(|t| NEGATIONS.contains(&t.lower().as_ref()))
    }

    fn event(
        &self,
        range: std::ops::Range<usize>,
        seg_kind: SegKind,
        trig: Option<Trigger>,
        date: PartialDate,
        anchor: Anchor,
    ) -> Option<Event> {
        let mut range = range;
        // A subordinate clause is told without its subordinator ("after Biden said" -> "Biden
        // said").
        if seg_kind == SegKind::Subordinate
            && let Some(first) = self.toks.get(range.start)
            && crate::lexicon::SUBORDINATORS.contains(&first.lower().as_ref())
        {
            range.start += 1;
        }
        // A long line is cut at the first comma (outside quotes) after both its trigger and its
        // date: the rest is an aside ("..., a first summit between the two that ...").
        let must_cover = {
            let trig_end = trig.and_then(|t| self.toks.get(t.tok)).map_or(0, |t| t.end);
            let date_end = match anchor {
                Anchor::Timex(abs) => abs.end.saturating_sub(self.sent.start),
                Anchor::Publication => 0,
            };
            trig_end.max(date_end)
        };
        // Asides after the date and trigger are dropped ("..., expecting meetings next week").
        if let Some(aside) = self.segs.iter().find(|g| {
            matches!(g.kind, SegKind::Participle | SegKind::Relative)
                && g.start > range.start
                && g.start < range.end
                && self.toks.get(g.start).is_some_and(|t| t.start >= must_cover)
        }) {
            range.end = aside.start;
        }
        if clause_text(self.s_text, self.toks, range.clone()).len() > LONG_WHAT {
            let mut depth = 0i32;
            for i in range.clone() {
                let t = &self.toks[i];
                match t.text {
                    "“" | "«" => depth += 1,
                    "”" | "»" => depth -= 1,
                    "\"" => depth = if depth > 0 { 0 } else { 1 },
                    "," | ";" if depth <= 0 && t.start >= must_cover => {
                        if clause_text(self.s_text, self.toks, range.start..i).len() >= 60 {
                            range.end = i;
                        }
                        break;
                    }
                    _ => {}
                }
            }
        }
        let raw = clause_text(self.s_text, self.toks, range.clone());
        let what = clean_what(raw);
        if what.split_whitespace().count() < 3 {
            return None;
        }
        let (kind, lemma) = match (seg_kind, trig) {
            (SegKind::Attribution, Some(t)) => (EventType::Statement, Some(t.lemma)),
            (_, Some(t)) => (t.kind, Some(t.lemma)),
            _ => (EventType::Other, None),
        };
        let planned = self.is_planned(range.clone(), trig, date);
        let clause_span = {
            let a = self.toks.get(range.start).map_or(0, |t| t.start);
            let b = range.end.checked_sub(1).and_then(|e| self.toks.get(e)).map_or(a, |t| t.end);
            Span::new(self.sent.start + a, self.sent.start + b)
        };
        // Statements dated in the closing attribution take their speaker from it.
        let people_span = if seg_kind == SegKind::Attribution { self.sent } else { clause_span };
        let (actors, places, locations) =
            self.entities_in(people_span, trig.map(|t| self.sent.start + self.toks[t.tok].start));
        let destination = trig.and_then(|t| self.destination(t, &range));
        let mut content: Vec<String> = what
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 1)
            .map(str::to_lowercase)
            .filter(|w| !STOPWORDS.contains(&w.as_str()))
            .map(|w| stem(&w))
            .collect();
        content.sort();
        content.dedup();
        Some(Event {
            doc: self.doc_index,
            span: trim_span(self.doc.article.text.as_str(), self.sent),
            anchor,
            date,
            kind,
            lemma,
            planned,
            actors,
            places,
            locations,
            destination,
            what,
            content,
        })
    }

    /// Planned: a future marker before the trigger in the clause ("will meet", "is to arrive",
    /// "plans to visit"), or a date after the (firm) publication day.
    fn is_planned(&self, range: std::ops::Range<usize>, trig: Option<Trigger>, date: PartialDate) -> bool {
        if let (Some(day), true) = (self.pub_day, self.pub_firm)
            && crate::dates::day_range(date).0 > crate::dates::day_number(day)
        {
            return true;
        }
        let upto = trig.map_or(range.end, |t| t.tok).min(self.toks.len());
        let from = range.start.min(upto);
        let words: Vec<std::borrow::Cow<str>> =
            self.toks[from..upto].iter().filter(|t| t.is_word()).map(Tok::lower).collect();
        let near = &words[words.len().saturating_sub(4)..];
        near.iter().any(|w| FUTURE_MARKERS.contains(&w.as_ref()))
            || near.windows(2).any(|p| matches!(p[0].as_ref(), "is" | "are") && p[1] == "to")
    }

    /// People and organisations (actors) and places in `span`, in order of appearance except
    /// that the subject (the last actor before the trigger) comes first.
    fn entities_in(&self, span: Span, trigger_at: Option<usize>) -> (Vec<usize>, Vec<usize>, Vec<usize>) {
        let mut actors: Vec<usize> = Vec::new();
        let mut places: Vec<usize> = Vec::new();
        let mut locations: Vec<usize> = Vec::new();
        let mut subject: Option<usize> = None;
        for m in &self.doc.entities.mentions {
            if m.span.end <= span.start {
                continue;
            }
            if m.span.start >= span.end {
                break;
            }
            if !span.contains(m.span) {
                continue;
            }
            if m.kind == EntityType::Location && !locations.contains(&m.entity) {
                locations.push(m.entity);
            }
            let list = match m.kind {
                EntityType::Person | EntityType::Organization => &mut actors,
                // Where it happened: a place after a locative preposition ("in Geneva", "to
                // Moscow"), not every country named ("Russia's ambassador").
                EntityType::Location if self.locative_before(m.span.start) => &mut places,
                EntityType::Location | EntityType::Other => continue,
            };
            if !list.contains(&m.entity) {
                list.push(m.entity);
            }
            if matches!(m.kind, EntityType::Person | EntityType::Organization)
                && trigger_at.is_some_and(|t| m.span.end <= t)
                && (m.form != MentionForm::Pronoun || subject.is_none())
            {
                subject = Some(m.entity);
            }
        }
        if let Some(s) = subject
            && let Some(p) = actors.iter().position(|&a| a == s)
        {
            let s = actors.remove(p);
            actors.insert(0, s);
        }
        (actors, places, locations)
    }

    /// Whether the words before byte `at` (article offset) are a locative preposition, possibly
    /// with "the": "in Geneva", "to the United States", "at the Kremlin".
    fn locative_before(&self, at: usize) -> bool {
        let Some(rel) = at.checked_sub(self.sent.start) else { return false };
        let before = self.s_text.get(..rel).unwrap_or("");
        let mut words = before.split_whitespace().rev();
        let mut w = words.next().unwrap_or("").to_lowercase();
        if w == "the" {
            w = words.next().unwrap_or("").to_lowercase();
        }
        matches!(
            w.as_str(),
            "in" | "at" | "near" | "outside" | "inside" | "into" | "to" | "from" | "across" | "throughout"
        )
    }

    /// The place right after "to"/"for"/"in" following a movement trigger, as written.
    fn destination(&self, t: Trigger, range: &std::ops::Range<usize>) -> Option<String> {
        if !matches!(t.kind, EventType::Return | EventType::Visit | EventType::Recall) {
            return None;
        }
        let after = t.tok + 1;
        let end = (after + 6).min(range.end).min(self.toks.len());
        let prep = (after..end).find(|&i| matches!(self.toks[i].lower().as_ref(), "to" | "for" | "in"))?;
        let place_start = self.sent.start + self.toks.get(prep + 1)?.start;
        let m =
            self.doc.entities.mentions.iter().find(|m| {
                m.kind == EntityType::Location && m.span.start >= place_start && m.span.start <= place_start + 4
            });
        if let Some(m) = m {
            return Some(m.span.slice(&self.doc.article.text).to_string());
        }
        // Untagged: the capitalised words after the preposition ("to the United States").
        let mut words = Vec::new();
        for tok in self.toks.iter().skip(prep + 1).take(5) {
            if tok.is_word() && tok.text.chars().next().is_some_and(char::is_uppercase) {
                words.push(tok.text);
            } else if tok.lower() == "the" && words.is_empty() {
                continue;
            } else {
                break;
            }
        }
        (!words.is_empty()).then(|| words.join(" "))
    }
}

/// A year used as a modifier ("the 1985 film", "its 2016 and 2020 elections") names no event.
fn is_modifier_year(date: PartialDate, s: &str, rel: Span) -> bool {
    if date.month.is_some() {
        return false;
    }
    let after = s.get(rel.end..).unwrap_or("").trim_start();
    let next: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '-').collect();
    let before = s.get(..rel.start).unwrap_or("").trim_end();
    let prev = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("").to_lowercase();
    let next_is_noun = next.chars().next().is_some_and(char::is_lowercase)
        && !matches!(
            next.as_str(),
            "and"
                | "or"
                | "to"
                | "when"
                | "after"
                | "before"
                | "as"
                | "in"
                | "on"
                | "at"
                | "by"
                | "for"
                | "with"
                | "that"
                | "but"
                | "while"
                | "where"
                | "which"
                | "until"
                | "from"
                | "of"
        )
        && !is_verbish(&next);
    let prev_is_det =
        matches!(prev.as_str(), "the" | "a" | "an" | "this" | "that" | "its" | "his" | "her" | "their" | "our");
    next_is_noun || (prev_is_det && !after.starts_with(','))
}

/// A stretch of time up to now rather than a point in it: "over the past year", "during the
/// last month", "in recent years".
fn is_period(s: &str, rel: Span) -> bool {
    let t = s.get(rel.range()).unwrap_or("").to_lowercase();
    if t.contains("past") || t.contains("recent") {
        return true;
    }
    let before = s.get(..rel.start).unwrap_or("").trim_end();
    let prev = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("").to_lowercase();
    matches!(prev.as_str(), "over" | "during" | "throughout" | "within" | "for")
}

/// Header lines, captions, bylines and link lines: too few lowercase words to be a sentence, or
/// a URL.
fn is_residue(s: &str) -> bool {
    if s.contains("http") || s.contains("www.") {
        return true;
    }
    let lower_words =
        s.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() >= 2 && w.chars().all(char::is_lowercase)).count();
    lower_words < 3
}

/// `span` without surrounding whitespace (still on character boundaries).
fn trim_span(text: &str, span: Span) -> Span {
    let Some(s) = text.get(span.range()) else { return span };
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return span;
    }
    Span::new(span.start + lead, span.end - trail)
}
