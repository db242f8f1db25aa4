//! How an annotated document and its linking features are kept on disk.
//!
//! A [`Doc`] is stored as the JSON its layers already serialise to, LZ4-compressed (a stored doc
//! holds the text twice: as ingested and as the clean view). The layer types only implement
//! `Serialize`, so reading goes through mirror types here that accept exactly that JSON and are
//! converted field by field: a field added to a layer type breaks this module's build, loudly,
//! instead of being dropped silently.
//!
//! Linking [`Features`] are numeric vectors, stored in a small fixed binary layout (little endian,
//! length-prefixed): rebuilding the online linker from 100,000 stored articles must not pay for
//! recomputing them from the text.

use crate::error::{Result, StoreError};
use serde::{Deserialize, Serialize};
use storyline_annotate::Doc;
use storyline_core::report::EntityType;
use storyline_core::{Article, Span};
use storyline_entities::{DocEntities, DocEntity, Gender, Mention, MentionForm};
use storyline_link::cluster::Merge;
use storyline_link::dedup::Overlap;
use storyline_link::dedup::Sketch;
use storyline_link::linker::DupEdge;
use storyline_link::{Features, LinkGraph};
use storyline_quotes::Quote;
use storyline_time::{Timex, TimexType};

/// Version byte in front of every stored doc, so the format can change with a migration.
const DOC_FORMAT: u8 = 1;
/// Version byte in front of every stored feature record.
const FEATURES_FORMAT: u8 = 1;

#[derive(Serialize)]
struct DocOut<'a> {
    article: &'a Article,
    sentences: &'a [Span],
    timexes: &'a [Timex],
    entities: &'a DocEntities,
    quotes: &'a [Quote],
}

#[derive(Deserialize)]
struct DocIn {
    article: Article,
    sentences: Vec<Span>,
    timexes: Vec<TimexIn>,
    entities: EntitiesIn,
    quotes: Vec<QuoteIn>,
}

#[derive(Deserialize)]
struct TimexIn {
    #[serde(flatten)]
    span: Span,
    #[serde(rename = "type")]
    kind: TimexTypeIn,
    value: String,
    #[serde(rename = "mod", default)]
    modifier: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum TimexTypeIn {
    Date,
    Time,
    Duration,
    Set,
}

#[derive(Deserialize)]
struct EntitiesIn {
    mentions: Vec<MentionIn>,
    entities: Vec<DocEntityIn>,
}

#[derive(Deserialize)]
struct MentionIn {
    #[serde(flatten)]
    span: Span,
    #[serde(rename = "type")]
    kind: EntityType,
    entity: usize,
    #[serde(default)]
    form: FormIn,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "lowercase")]
enum FormIn {
    #[default]
    Name,
    Nominal,
    Pronoun,
}

#[derive(Deserialize)]
struct DocEntityIn {
    name: String,
    #[serde(rename = "type")]
    kind: EntityType,
    aliases: Vec<String>,
    roles: Vec<String>,
    #[serde(default)]
    gender: Option<GenderIn>,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
enum GenderIn {
    Male,
    Female,
}

#[derive(Deserialize)]
struct QuoteIn {
    #[serde(flatten)]
    span: Span,
    content_start: usize,
    content_end: usize,
    #[serde(default)]
    speaker_start: Option<usize>,
    #[serde(default)]
    speaker_end: Option<usize>,
    speaker: Option<usize>,
    cue: Option<String>,
    direct: bool,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    via: Option<String>,
    #[serde(default)]
    parts: Vec<Span>,
}

/// Serialise and compress a document.
pub fn encode_doc(doc: &Doc) -> Result<Vec<u8>> {
    let out = DocOut {
        article: &doc.article,
        sentences: &doc.sentences,
        timexes: &doc.timexes,
        entities: &doc.entities,
        quotes: &doc.quotes,
    };
    let json = serde_json::to_vec(&out).map_err(|e| StoreError::corrupt(doc.article.id.clone(), e))?;
    let mut bytes = vec![DOC_FORMAT];
    bytes.extend(lz4_flex::compress_prepend_size(&json));
    Ok(bytes)
}

/// Decompress and read back a document written by [`encode_doc`].
pub fn decode_doc(bytes: &[u8], what: &str) -> Result<Doc> {
    let Some((&DOC_FORMAT, rest)) = bytes.split_first() else {
        return Err(StoreError::corrupt(what, "unknown document format"));
    };
    let json = lz4_flex::decompress_size_prepended(rest).map_err(|e| StoreError::corrupt(what, e))?;
    let d: DocIn = serde_json::from_slice(&json).map_err(|e| StoreError::corrupt(what, e))?;
    Ok(Doc {
        article: d.article,
        sentences: d.sentences,
        timexes: d
            .timexes
            .into_iter()
            .map(|t| Timex {
                span: t.span,
                kind: match t.kind {
                    TimexTypeIn::Date => TimexType::Date,
                    TimexTypeIn::Time => TimexType::Time,
                    TimexTypeIn::Duration => TimexType::Duration,
                    TimexTypeIn::Set => TimexType::Set,
                },
                value: t.value,
                modifier: t.modifier,
            })
            .collect(),
        entities: DocEntities {
            mentions: d
                .entities
                .mentions
                .into_iter()
                .map(|m| Mention {
                    span: m.span,
                    kind: m.kind,
                    entity: m.entity,
                    form: match m.form {
                        FormIn::Name => MentionForm::Name,
                        FormIn::Nominal => MentionForm::Nominal,
                        FormIn::Pronoun => MentionForm::Pronoun,
                    },
                })
                .collect(),
            entities: d
                .entities
                .entities
                .into_iter()
                .map(|e| DocEntity {
                    name: e.name,
                    kind: e.kind,
                    aliases: e.aliases,
                    roles: e.roles,
                    gender: e.gender.map(|g| match g {
                        GenderIn::Male => Gender::Male,
                        GenderIn::Female => Gender::Female,
                    }),
                })
                .collect(),
        },
        quotes: d
            .quotes
            .into_iter()
            .map(|q| Quote {
                span: q.span,
                content_start: q.content_start,
                content_end: q.content_end,
                speaker_start: q.speaker_start,
                speaker_end: q.speaker_end,
                speaker: q.speaker,
                cue: q.cue,
                direct: q.direct,
                date: q.date,
                via: q.via,
                parts: q.parts,
            })
            .collect(),
    })
}

/// Serialise linking features (all but the id, which is the article's).
///
/// Every field is written through [`Num`], so a change of a field's numeric type in the link crate
/// changes the layout with it (bump [`FEATURES_FORMAT`] then: old records are recomputed).
pub fn encode_features(f: &Features) -> Vec<u8> {
    let Features {
        id: _,
        day,
        terms,
        lead,
        names,
        salient,
        numbers,
        years,
        dates,
        quotes,
        keys,
        name_keys,
        sketch: Sketch { minhash, fingerprints, shingles },
    } = f;
    let mut w = Vec::with_capacity(1024);
    w.push(FEATURES_FORMAT);
    match day {
        Some(d) => {
            w.push(1);
            d.put(&mut w);
        }
        None => w.push(0),
    }
    put_pairs(&mut w, terms);
    put_pairs(&mut w, lead);
    put_pairs(&mut w, names);
    put_vec(&mut w, salient);
    put_vec(&mut w, numbers);
    put_vec(&mut w, years);
    put_vec(&mut w, dates);
    put_vec(&mut w, quotes);
    put_vec(&mut w, keys);
    put_vec(&mut w, name_keys);
    put_vec(&mut w, minhash);
    put_vec(&mut w, fingerprints);
    shingles.put(&mut w);
    w
}

/// Read back features written by [`encode_features`] for the article `id`.
pub fn decode_features(id: &str, bytes: &[u8]) -> Result<Features> {
    let bad = || StoreError::corrupt(format!("features of {id}"), "truncated or unknown format");
    let mut r = Reader(bytes);
    let f = (|| -> Option<Features> {
        if r.take::<1>()? != [FEATURES_FORMAT] {
            return None;
        }
        let day = match r.take::<1>()? {
            [0] => None,
            _ => Some(Num::get(&mut r)?),
        };
        Some(Features {
            id: id.to_string(),
            day,
            terms: get_pairs(&mut r)?,
            lead: get_pairs(&mut r)?,
            names: get_pairs(&mut r)?,
            salient: get_vec(&mut r)?,
            numbers: get_vec(&mut r)?,
            years: get_vec(&mut r)?,
            dates: get_vec(&mut r)?,
            quotes: get_vec(&mut r)?,
            keys: get_vec(&mut r)?,
            name_keys: get_vec(&mut r)?,
            sketch: Sketch { minhash: get_vec(&mut r)?, fingerprints: get_vec(&mut r)?, shingles: Num::get(&mut r)? },
        })
    })();
    f.ok_or_else(bad)
}

/// Version byte in front of a saved link graph.
const GRAPH_FORMAT: u8 = 1;

/// A linker's graph ([`LinkGraph`]) in the same little-endian layout as the features: per
/// article, its edges, near-duplicate edges, union-find parent, component members, founder,
/// clustering runs and attachments. LZ4-compressed (most per-article lists are empty).
pub fn encode_graph(g: &LinkGraph) -> Vec<u8> {
    let LinkGraph { edges, dups, parent, members, founder, runs, attached } = g;
    let mut w = Vec::with_capacity(16 * parent.len());
    put_len(&mut w, parent.len());
    put_vec(&mut w, parent);
    put_vec(&mut w, founder);
    for e in edges {
        put_pairs(&mut w, e);
    }
    for d in dups {
        put_len(&mut w, d.len());
        for DupEdge { other, overlap: Overlap { jaccard, containment, shared_fingerprints } } in d {
            other.put(&mut w);
            jaccard.put(&mut w);
            containment.put(&mut w);
            shared_fingerprints.put(&mut w);
        }
    }
    for m in members {
        put_vec(&mut w, m);
    }
    for r in runs {
        put_len(&mut w, r.len());
        for run in r {
            put_len(&mut w, run.len());
            for Merge { a, b, between } in run {
                a.put(&mut w);
                b.put(&mut w);
                between.put(&mut w);
            }
        }
    }
    for a in attached {
        put_pairs(&mut w, a);
    }
    let mut out = vec![GRAPH_FORMAT];
    out.extend(lz4_flex::compress_prepend_size(&w));
    out
}

/// Read back a graph written by [`encode_graph`]. Only its layout is checked here; whether it
/// fits the articles is [`storyline_link::Linker::restore`]'s to check.
pub fn decode_graph(bytes: &[u8]) -> Result<LinkGraph> {
    let bad = || StoreError::corrupt("saved link graph", "truncated or unknown format");
    let Some((&GRAPH_FORMAT, packed)) = bytes.split_first() else { return Err(bad()) };
    let raw = lz4_flex::decompress_size_prepended(packed).map_err(|e| StoreError::corrupt("saved link graph", e))?;
    let mut r = Reader(&raw);
    let g = (|| -> Option<LinkGraph> {
        let n = r.len()?;
        let parent: Vec<u32> = get_vec(&mut r)?;
        let founder: Vec<u32> = get_vec(&mut r)?;
        let edges = (0..n).map(|_| get_pairs(&mut r)).collect::<Option<_>>()?;
        let dups = (0..n)
            .map(|_| {
                let k = r.len()?;
                (0..k)
                    .map(|_| {
                        let other = u32::get(&mut r)?;
                        let jaccard = f32::get(&mut r)?;
                        let containment = f32::get(&mut r)?;
                        let shared_fingerprints = u32::get(&mut r)?;
                        Some(DupEdge { other, overlap: Overlap { jaccard, containment, shared_fingerprints } })
                    })
                    .collect::<Option<Vec<_>>>()
            })
            .collect::<Option<_>>()?;
        let members = (0..n).map(|_| get_vec(&mut r)).collect::<Option<_>>()?;
        let runs = (0..n)
            .map(|_| {
                let k = r.len()?;
                (0..k)
                    .map(|_| {
                        let m = r.len()?;
                        (0..m)
                            .map(|_| {
                                Some(Merge { a: u32::get(&mut r)?, b: u32::get(&mut r)?, between: i64::get(&mut r)? })
                            })
                            .collect::<Option<Vec<_>>>()
                    })
                    .collect::<Option<Vec<_>>>()
            })
            .collect::<Option<_>>()?;
        let attached = (0..n).map(|_| get_pairs(&mut r)).collect::<Option<_>>()?;
        r.0.is_empty().then_some(LinkGraph { edges, dups, parent, members, founder, runs, attached })
    })();
    g.ok_or_else(bad)
}

/// A number with a fixed little-endian layout.
trait Num: Sized {
    fn put(&self, w: &mut Vec<u8>);
    fn get(r: &mut Reader<'_>) -> Option<Self>;
}

macro_rules! num {
    ($($t:ty),*) => {$(
        impl Num for $t {
            fn put(&self, w: &mut Vec<u8>) {
                w.extend(self.to_le_bytes());
            }
            fn get(r: &mut Reader<'_>) -> Option<Self> {
                r.take().map(<$t>::from_le_bytes)
            }
        }
    )*};
}
num!(u16, u32, u64, i16, i32, i64, f32);

fn put_len(w: &mut Vec<u8>, n: usize) {
    u32::try_from(n).unwrap_or(u32::MAX).put(w);
}

fn put_vec<T: Num>(w: &mut Vec<u8>, v: &[T]) {
    put_len(w, v.len());
    v.iter().for_each(|x| x.put(w));
}

fn put_pairs<K: Num, V: Num>(w: &mut Vec<u8>, v: &[(K, V)]) {
    put_len(w, v.len());
    for (k, x) in v {
        k.put(w);
        x.put(w);
    }
}

fn get_vec<T: Num>(r: &mut Reader<'_>) -> Option<Vec<T>> {
    let n = r.len()?;
    (0..n).map(|_| T::get(r)).collect()
}

fn get_pairs<K: Num, V: Num>(r: &mut Reader<'_>) -> Option<Vec<(K, V)>> {
    let n = r.len()?;
    (0..n).map(|_| Some((K::get(r)?, V::get(r)?))).collect()
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Option<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>()?;
        self.0 = rest;
        Some(*head)
    }

    /// A length prefix, refused when it promises more items than bytes remain (a corrupt record
    /// must not make us allocate gigabytes).
    fn len(&mut self) -> Option<usize> {
        let n = u32::get(self)? as usize;
        (n <= self.0.len()).then_some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyline_core::{CleanText, Published, SourceFormat};

    fn article(text: &str) -> Article {
        Article {
            id: storyline_core::content_id(text.as_bytes()),
            source: "t.txt".into(),
            format: SourceFormat::Text,
            body: CleanText::identity(text),
            text: text.into(),
            title: Some("Title".into()),
            title_span: None,
            outlet: Some("Outlet".into()),
            url: None,
            language: Some("en".into()),
            published: Published::stated("2021-06-20".parse().unwrap()),
            dateline: None,
            warnings: vec![],
        }
    }

    #[test]
    fn doc_and_features_round_trip() {
        let annotator = storyline_annotate::Annotator::new();
        let doc = annotator.annotate(article(
            "Anatoly Antonov returned to Washington on Sunday. \"There is a lot of work to be done,\" \
             Antonov told reporters in Moscow on Saturday, according to RIA Novosti.",
        ));
        let bytes = encode_doc(&doc).unwrap();
        let back = decode_doc(&bytes, "x").unwrap();
        assert_eq!(back.article, doc.article);
        assert_eq!(back.sentences, doc.sentences);
        assert_eq!(back.timexes, doc.timexes);
        assert_eq!(back.entities, doc.entities);
        assert_eq!(back.quotes.len(), doc.quotes.len());
        for (a, b) in back.quotes.iter().zip(&doc.quotes) {
            assert_eq!(a.span, b.span);
            assert_eq!(a.pieces(), b.pieces());
            assert_eq!(a.speaker, b.speaker);
        }
        let f = Features::from_doc(&doc, storyline_link::DfTable::shipped());
        let fb = decode_features(&f.id, &encode_features(&f)).unwrap();
        assert_eq!(f, fb);
    }

    #[test]
    fn a_link_graph_round_trips_and_damaged_ones_are_errors() {
        use storyline_link::{LinkParams, Linker};
        let annotator = storyline_annotate::Annotator::new();
        let texts = [
            "Anatoly Antonov returned to Washington on Sunday, the Russian embassy said.",
            "Anatoly Antonov returned to Washington on Sunday, the Russian embassy said in Moscow.",
            "The central bank of Vestria raised its main interest rate to 4.5 percent on Thursday.",
        ];
        let feats: Vec<Features> = texts
            .iter()
            .map(|t| Features::from_doc(&annotator.annotate(article(t)), storyline_link::DfTable::shipped()))
            .collect();
        let mut linker = Linker::new(LinkParams::default());
        linker.extend(feats);
        let graph = linker.graph();
        assert!(graph.edges.iter().any(|e| !e.is_empty()), "the copies are linked");
        let bytes = encode_graph(&graph);
        assert_eq!(decode_graph(&bytes).unwrap(), graph);
        // Cut anywhere: an error, never a panic (the LZ4 frame or the layout is short).
        for cut in 0..bytes.len() {
            assert!(decode_graph(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(decode_graph(&[GRAPH_FORMAT + 1]).is_err());
    }

    #[test]
    fn corrupt_bytes_are_errors_not_panics() {
        assert!(decode_doc(&[], "x").is_err());
        assert!(decode_doc(&[1, 2, 3, 4, 5, 6], "x").is_err());
        assert!(decode_features("x", &[]).is_err());
        assert!(decode_features("x", &[1, 1, 0, 0]).is_err());
        // A length prefix far larger than the record.
        assert!(decode_features("x", &[1, 0, 255, 255, 255, 255]).is_err());
    }
}
