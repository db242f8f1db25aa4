//! One event, many reports: how well the timeline layer groups the reports of one real event
//! across articles, measured on ECB+'s cross-document event coreference.
//!
//! ECB+ annotates event mentions (`ACTION_*` markables) and chains the mentions of one real
//! event across documents (`CROSS_DOC_COREF`, one instance id per event). Every topic (two
//! events of one kind: two earthquakes, two arrests) is fed to the timeline layer as one story.
//! Each event report the layer extracts becomes an item when its sentence holds a gold
//! cross-document event mention; its gold label is that sentence's principal event (the chained
//! instance with the most mentions in the corpus), its predicted label the timeline entry it was
//! merged into. BCubed and pairwise P/R/F1 over the items say how well reports are grouped.
//!
//! Baselines on the same items: **one report, one event** (what an event database that counts
//! reports does: GDELT-style) and **one event per topic**. The ratio of reports to distinct events
//! shows how much report counting inflates event counts.
//!
//! ECB+ gives no publication dates. Each document is dated by the date the time layer infers
//! from its text, treated as stated so that leads without a time expression are read too; the
//! items are therefore the reports a dated corpus would yield.

use crate::ecbplus::{annotate_all, article_from_text, load, score_clustering};
use crate::{EvalError, EvalOptions, Prf};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use storyline_annotate::{Annotator, Doc};
use storyline_core::{DateBasis, content_id};
use storyline_entities::link::link_entities;

/// A gold event mention: its sentence and the cross-document event it belongs to.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldMention {
    pub sentence: usize,
    pub instance: String,
}

/// The gold event mentions of one ECB+ XML file that are chained across documents.
pub fn read_mentions(xml: &str) -> Vec<GoldMention> {
    let attr = |line: &str, name: &str| -> Option<String> {
        let key = format!("{name}=\"");
        let start = line.find(&key)? + key.len();
        let end = line[start..].find('"')? + start;
        Some(line[start..end].to_string())
    };
    let mut sentence_of: HashMap<String, usize> = HashMap::new();
    let mut markable_tokens: HashMap<String, Vec<String>> = HashMap::new();
    let mut event_markables: Vec<String> = Vec::new();
    let mut instance_of: HashMap<String, String> = HashMap::new();
    let mut current_markable: Option<String> = None;
    let mut current_chain: Option<String> = None;
    for line in xml.lines() {
        let l = line.trim();
        if l.starts_with("<token ") {
            if let (Some(t), Some(s)) = (attr(l, "t_id"), attr(l, "sentence").and_then(|s| s.parse().ok())) {
                sentence_of.insert(t, s);
            }
        } else if l.starts_with("<CROSS_DOC_COREF") {
            current_chain = attr(l, "note");
        } else if l.starts_with("</CROSS_DOC_COREF") {
            current_chain = None;
        } else if l.starts_with("<source ") {
            if let (Some(chain), Some(m)) = (&current_chain, attr(l, "m_id")) {
                instance_of.insert(m, chain.clone());
            }
        } else if l.starts_with("<token_anchor") {
            if let (Some(m), Some(t)) = (&current_markable, attr(l, "t_id")) {
                markable_tokens.entry(m.clone()).or_default().push(t);
            }
        } else if l.starts_with("</") {
            current_markable = None;
        } else if l.starts_with('<') && !l.ends_with("/>") {
            let tag = l[1..].split([' ', '>']).next().unwrap_or("");
            if let Some(m) = attr(l, "m_id") {
                if tag.starts_with("ACTION_") || tag.starts_with("NEG_ACTION_") {
                    event_markables.push(m.clone());
                }
                current_markable = Some(m);
            }
        }
    }
    let mut out = Vec::new();
    for m in event_markables {
        let Some(instance) = instance_of.get(&m) else { continue };
        let Some(sentence) = markable_tokens.get(&m).and_then(|t| t.first()).and_then(|t| sentence_of.get(t)) else {
            continue;
        };
        out.push(GoldMention { sentence: *sentence, instance: instance.clone() });
    }
    out
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct EventScores {
    pub bcubed: Prf,
    pub pairwise: Prf,
    pub groups: usize,
}

#[derive(Serialize)]
struct Output {
    documents: usize,
    gold_chained_mentions: usize,
    gold_mentions_in_read_sentences: usize,
    items: usize,
    gold_events_among_items: usize,
    timeline_entries_among_items: usize,
    merged: EventScores,
    one_report_one_event: EventScores,
    one_event_per_topic: EventScores,
    reports_per_event_gold: f64,
    reports_per_event_predicted: f64,
}

fn scores(pred: &[String], gold: &[String]) -> EventScores {
    let s = score_clustering(pred, gold);
    EventScores { bcubed: s.bcubed, pairwise: s.pairwise, groups: s.predicted_clusters }
}

/// Line number of each byte offset's line in `text`.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// `storyline eval events`.
pub fn run(opts: &EvalOptions, out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let io = |e: std::io::Error| EvalError::Other(format!("write: {e}"));
    let loaded = load(&opts.data, None)?;
    let annotator = Annotator::new();
    // Group documents by topic, in file order.
    let mut topics: BTreeMap<u32, Vec<(String, String)>> = BTreeMap::new();
    for (g, text) in loaded {
        let t = g.topic.parse::<u32>().unwrap_or(0);
        topics.entry(t).or_default().push((g.file, text));
    }
    let topic_list: Vec<(u32, Vec<(String, String)>)> =
        topics.into_iter().take(opts.limit.unwrap_or(usize::MAX)).collect();

    let mut instance_count: HashMap<String, usize> = HashMap::new();
    let mut gold_by_doc: HashMap<String, Vec<GoldMention>> = HashMap::new();
    let mut documents = 0;
    for (_, files) in &topic_list {
        for (file, _) in files {
            documents += 1;
            let xml_path = xml_path(&opts.data, file);
            let xml = std::fs::read_to_string(&xml_path).map_err(EvalError::io(&xml_path))?;
            let mentions = read_mentions(&xml);
            for m in &mentions {
                *instance_count.entry(m.instance.clone()).or_default() += 1;
            }
            gold_by_doc.insert(file.clone(), mentions);
        }
    }
    let gold_total: usize = gold_by_doc.values().map(Vec::len).sum();

    let mut pred_labels: Vec<String> = Vec::new();
    let mut gold_labels: Vec<String> = Vec::new();
    let mut topic_labels: Vec<String> = Vec::new();
    let mut covered_mentions = 0usize;
    let mut kept: Vec<TopicItems> = Vec::new();
    for (topic, files) in topic_list {
        let articles: Vec<_> = files
            .iter()
            .map(|(file, text)| {
                let mut a = article_from_text(file, text.clone());
                a.id = content_id(file.as_bytes());
                a
            })
            .collect();
        let mut docs: Vec<Doc> = annotate_all(&annotator, articles);
        for d in &mut docs {
            if d.article.published.basis == Some(DateBasis::Inferred) {
                d.article.published.basis = Some(DateBasis::Stated);
            }
        }
        docs.sort_by(|a, b| a.article.source.cmp(&b.article.source));
        let refs: Vec<&Doc> = docs.iter().collect();
        let linked = link_entities(&refs.iter().map(|d| &d.entities).collect::<Vec<_>>());
        let events = storyline_timeline::extract_events(&refs);
        let ids = storyline_timeline::canonical_ids(&events, &linked);
        let group_of = group_of(&events, &ids, storyline_timeline::merge::MERGE_THRESHOLD);
        let mut topic_items = Vec::new();
        let mut covered: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
        for (k, e) in events.iter().enumerate() {
            let Some(doc) = refs.get(e.doc) else { continue };
            let Some(gold) = gold_by_doc.get(&doc.article.source) else { continue };
            let starts = line_starts(&doc.article.text);
            let first = starts.partition_point(|&s| s <= e.span.start).saturating_sub(1);
            let last = starts.partition_point(|&s| s < e.span.end).saturating_sub(1);
            let in_sentences: Vec<&GoldMention> =
                gold.iter().filter(|m| (first..=last).contains(&m.sentence)).collect();
            for (i, m) in gold.iter().enumerate() {
                if (first..=last).contains(&m.sentence) && covered.insert((e.doc, i)) {
                    covered_mentions += 1;
                }
            }
            let principal = in_sentences
                .iter()
                .max_by(|a, b| {
                    let ca = instance_count.get(&a.instance).copied().unwrap_or(0);
                    let cb = instance_count.get(&b.instance).copied().unwrap_or(0);
                    ca.cmp(&cb).then(b.instance.cmp(&a.instance))
                })
                .map(|m| m.instance.clone());
            let Some(principal) = principal else { continue };
            topic_items.push((k, principal.clone()));
            gold_labels.push(principal);
            pred_labels.push(format!("{topic}:{}", group_of.get(k).copied().unwrap_or(k)));
            topic_labels.push(topic.to_string());
        }
        kept.push(TopicItems { topic, events, ids, items: topic_items });
    }
    let singletons: Vec<String> = (0..gold_labels.len()).map(|i| i.to_string()).collect();
    let merged = scores(&pred_labels, &gold_labels);
    let distinct = |v: &[String]| v.iter().collect::<std::collections::HashSet<_>>().len();
    let items = gold_labels.len();
    let output = Output {
        documents,
        gold_chained_mentions: gold_total,
        gold_mentions_in_read_sentences: covered_mentions,
        items,
        gold_events_among_items: distinct(&gold_labels),
        timeline_entries_among_items: distinct(&pred_labels),
        one_report_one_event: scores(&singletons, &gold_labels),
        one_event_per_topic: scores(&topic_labels, &gold_labels),
        reports_per_event_gold: items as f64 / distinct(&gold_labels).max(1) as f64,
        reports_per_event_predicted: items as f64 / distinct(&pred_labels).max(1) as f64,
        merged,
    };
    if opts.verbose {
        sweep(&kept, out)?;
    }
    if opts.json {
        let s = serde_json::to_string_pretty(&output).map_err(|e| EvalError::Other(e.to_string()))?;
        writeln!(out, "{s}").map_err(io)?;
        return Ok(());
    }
    writeln!(
        out,
        "ECB+ event reports grouped into timeline entries ({} documents, one story per topic)",
        output.documents
    )
    .map_err(io)?;
    writeln!(
        out,
        "gold cross-document event mentions: {}; in sentences the timeline layer read as events: {} ({:.1}%)",
        output.gold_chained_mentions,
        output.gold_mentions_in_read_sentences,
        100.0 * output.gold_mentions_in_read_sentences as f64 / output.gold_chained_mentions.max(1) as f64
    )
    .map_err(io)?;
    writeln!(
        out,
        "items (event reports on gold-annotated sentences): {}; distinct gold events among them: {}; timeline entries: {}",
        output.items, output.gold_events_among_items, output.timeline_entries_among_items
    )
    .map_err(io)?;
    writeln!(
        out,
        "reports per event: gold {:.2}, after merging {:.2} (counting reports as events: 1.00)",
        output.reports_per_event_gold, output.reports_per_event_predicted
    )
    .map_err(io)?;
    for (name, s) in [
        ("merged (storyline)", &output.merged),
        ("one report, one event", &output.one_report_one_event),
        ("one event per topic", &output.one_event_per_topic),
    ] {
        writeln!(
            out,
            "{name:<22} BCubed P {:.3} R {:.3} F1 {:.3} | pairwise P {:.3} R {:.3} F1 {:.3} | {} groups",
            s.bcubed.precision,
            s.bcubed.recall,
            s.bcubed.f1,
            s.pairwise.precision,
            s.pairwise.recall,
            s.pairwise.f1,
            s.groups
        )
        .map_err(io)?;
    }
    Ok(())
}

/// One topic's events and the items scored on them (event index, gold event).
struct TopicItems {
    topic: u32,
    events: Vec<storyline_timeline::Event>,
    ids: Vec<storyline_timeline::merge::Ids>,
    items: Vec<(usize, String)>,
}

/// The entry index of every event when grouped at `threshold`.
fn group_of(
    events: &[storyline_timeline::Event],
    ids: &[storyline_timeline::merge::Ids],
    threshold: f64,
) -> Vec<usize> {
    let groups = storyline_timeline::merge::group_with(events, ids, threshold);
    let mut out = vec![0usize; events.len()];
    for (g, grp) in groups.iter().enumerate() {
        for &m in &grp.members {
            if let Some(x) = out.get_mut(m) {
                *x = g;
            }
        }
    }
    out
}

/// BCubed F1 for a range of merge thresholds, on odd and even topics separately (so that a
/// threshold chosen on one half can be judged on the other).
fn sweep(kept: &[TopicItems], out: &mut dyn std::io::Write) -> Result<(), EvalError> {
    let io = |e: std::io::Error| EvalError::Other(format!("write: {e}"));
    writeln!(out, "merge threshold sweep (BCubed P/R/F1; odd topics | even topics):").map_err(io)?;
    for threshold in [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7] {
        let mut halves = Vec::new();
        for parity in [1, 0] {
            let (mut pred, mut gold) = (Vec::new(), Vec::new());
            for t in kept.iter().filter(|t| t.topic % 2 == parity) {
                let g = group_of(&t.events, &t.ids, threshold);
                for (k, label) in &t.items {
                    pred.push(format!("{}:{}", t.topic, g.get(*k).copied().unwrap_or(*k)));
                    gold.push(label.clone());
                }
            }
            halves.push(score_clustering(&pred, &gold).bcubed);
        }
        writeln!(
            out,
            "  {threshold:.2}: {:.3}/{:.3}/{:.3} | {:.3}/{:.3}/{:.3}",
            halves[0].precision, halves[0].recall, halves[0].f1, halves[1].precision, halves[1].recall, halves[1].f1
        )
        .map_err(io)?;
    }
    Ok(())
}

fn xml_path(data: &Path, text_file: &str) -> std::path::PathBuf {
    let stem = text_file.strip_suffix(".txt").unwrap_or(text_file);
    data.join("xml").join(format!("{stem}.xml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_chained_event_mentions() {
        let xml = r#"<Document doc_name="x.xml">
<token t_id="1" sentence="0" number="0">Quake</token>
<token t_id="2" sentence="1" number="0">It</token>
<token t_id="3" sentence="1" number="1">struck</token>
<Markables>
<ACTION_OCCURRENCE m_id="5"  >
  <token_anchor t_id="1"/>
</ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="6"  >
  <token_anchor t_id="3"/>
</ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="7"  >
  <token_anchor t_id="2"/>
</ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="8"  >
  <token_anchor t_id="2"/>
</HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="9" RELATED_TO="" TAG_DESCRIPTOR="t1_quake" instance_id="ACT1" />
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT1" >
  <source m_id="5" />
  <source m_id="6" />
  <source m_id="8" />
  <target m_id="9" />
</CROSS_DOC_COREF>
</Relations>
</Document>"#;
        let m = read_mentions(xml);
        assert_eq!(
            m,
            [
                GoldMention { sentence: 0, instance: "ACT1".into() },
                GoldMention { sentence: 1, instance: "ACT1".into() }
            ]
        );
    }
}
