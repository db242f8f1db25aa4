//! Links across articles: which articles copy each other (near-duplicates, with the shared
//! passages as evidence) and which tell the same story.
//!
//! Two ways in, one result:
//!
//! - **Batch**: [`link`] takes every annotated [`Doc`] at once and returns a [`Linking`]: each
//!   article's story and near-duplicates, the stories with their articles, and the near-duplicate
//!   pairs with their shared passages. The result is the same whatever the input order and the
//!   number of threads.
//! - **Online**: [`Linker`] takes articles one at a time ([`Linker::add`]); each arrival joins a
//!   story or founds one, re-clustering only the strong component (articles joined by edges at
//!   the merge threshold) it touches, by replaying that component's previous clustering.
//!   [`Linking::from_linker`] gives the same [`Linking`] as the batch over the same articles.
//!
//! ```
//! use storyline_annotate::Annotator;
//! use storyline_core::{Article, CleanText, Published, SourceFormat, content_id};
//!
//! let article = |text: &str| {
//!     let text = text.to_string();
//!     Article {
//!         id: content_id(text.as_bytes()), source: "-".into(), format: SourceFormat::Text,
//!         body: CleanText::identity(&text), text, title: None, title_span: None, outlet: None,
//!         url: None, language: None, published: Published::unknown(), dateline: None,
//!         warnings: vec![],
//!     }
//! };
//! let annotator = Annotator::new();
//! let docs: Vec<_> = [
//!     "A magnitude 6.1 earthquake struck Aldmere on Tuesday, killing 12 people, officials said.",
//!     "Twelve people died when a 6.1 magnitude earthquake hit Aldmere on Tuesday.",
//!     "The central bank of Norland raised its main interest rate to 4.5 percent.",
//! ]
//! .into_iter()
//! .map(|t| annotator.annotate(article(t)))
//! .collect();
//! let linking = storyline_link::link(&docs, &storyline_link::LinkParams::default());
//! assert_eq!(linking.articles[0].story, linking.articles[1].story);
//! assert_ne!(linking.articles[0].story, linking.articles[2].story);
//! ```
//!
//! Code map: [`features`] (what one article contributes), [`dedup`] (shingles, MinHash-LSH,
//! fingerprints, passage alignment), [`similarity`] (the pairwise story score), [`cluster`]
//! (average linkage), [`replay`] (re-clustering after arrivals, equal to clustering afresh),
//! [`linker`] (indexes, blocking, the incremental graph), [`lexicon`] (word
//! normalisation and the background document frequencies).

pub mod cluster;
pub mod dedup;
pub mod fasthash;
pub mod features;
pub mod lexicon;
pub mod linker;
pub mod replay;
pub mod similarity;

pub use dedup::{DedupParams, Overlap, SharedPassage, shared_passages};
pub use features::{Features, LayerInput};
pub use lexicon::DfTable;
pub use linker::{LINK_VERSION, LinkGraph, LinkParams, Linker, RestoreError};
pub use similarity::StoryParams;

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use storyline_annotate::Doc;
use storyline_core::{CleanText, CompactCleanText, DateBasis, PartialDate};

/// Near-duplicate pairs aligned together (their texts shingled once per chunk).
const PASSAGE_CHUNK: usize = 256;

/// Shortest shared passage reported as evidence, in words.
pub const MIN_PASSAGE_WORDS: usize = 8;

/// The links of one input article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleLinks {
    pub id: String,
    /// The id of its story.
    pub story: String,
    /// Ids of the articles it copies or shares whole passages with, sorted.
    pub near_duplicate_of: Vec<String>,
}

/// One story: a group of articles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoryGroup {
    /// `s` + the founding article's id: stable as later articles join.
    pub id: String,
    /// The founding article: the earliest published (then lowest id).
    pub founder: String,
    /// Member article ids in canonical order: publication day (undated last), then id.
    pub articles: Vec<String>,
}

/// Two articles that are near-duplicates, with the evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NearDuplicate {
    /// The pair, `a < b` by id.
    pub a: String,
    pub b: String,
    pub overlap: Overlap,
    /// Passages found in both, as spans into each article's text as ingested (`a` spans index
    /// article `a`'s text). Filled by [`link`] (which has the texts); empty from
    /// [`Linking::from_linker`] until [`Linking::attach_passages`] is called.
    pub passages: Vec<SharedPassage>,
}

/// The result of linking a set of articles.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Linking {
    /// One entry per input article, in input order (a repeated id repeats its entry).
    pub articles: Vec<ArticleLinks>,
    /// Stories sorted by id.
    pub stories: Vec<StoryGroup>,
    /// Near-duplicate pairs sorted by `(a, b)`.
    pub near_duplicates: Vec<NearDuplicate>,
}

/// A story-mate's publication date, for publication-date inference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MateDate {
    /// The story-mate's id.
    pub article: String,
    pub date: PartialDate,
    pub basis: Option<DateBasis>,
    /// Whether the two are near-duplicates (a copy is usually published within a day or two).
    pub near_duplicate: bool,
}

/// An article id with its publication date and basis.
type DatedMate<'a> = (&'a str, PartialDate, Option<DateBasis>);

/// Link annotated articles into stories and near-duplicate pairs, in parallel. Same input set,
/// same result, whatever the order of `docs` and the thread count.
pub fn link(docs: &[Doc], params: &LinkParams) -> Linking {
    let linker = Linker::batch(*params, features_of(docs));
    let mut linking = links_of(linker, docs);
    linking.attach_passages(docs);
    linking
}

/// [`link`], in less memory. While the linker is built, it alone reads anything: each document's
/// clean body (nearly a copy of its text) is set aside in compact form and its text packed
/// (lz4, about half the size) as soon as its features are taken, and both are restored, the same
/// bytes, before passages are aligned on them. For a large corpus the linker's indexes on top of
/// every document are the peak of a whole report build.
///
/// Should linking panic, the documents are left without their text and body: callers that
/// recover from a panic must not reuse them (the report build owns and drops them).
pub fn link_compactly(docs: &mut [Doc], params: &LinkParams) -> Linking {
    use rayon::prelude::*;
    let mut laps = storyline_core::laps::Laps::start();
    let df = DfTable::shipped();
    let (feats, set_aside): (Vec<Features>, Vec<SetAside>) = docs
        .par_iter_mut()
        .map(|d| {
            let f = Features::from_doc(d, df);
            let body = std::mem::take(&mut d.article.body).compact();
            let text = std::mem::take(&mut d.article.text);
            (f, SetAside { body, text: lz4_flex::compress_prepend_size(text.as_bytes()) })
        })
        .unzip();
    let features_ms = laps.lap();
    let mut linking = links_of(Linker::batch(*params, feats), docs);
    let linker_ms = laps.lap();
    docs.par_iter_mut().zip(set_aside).for_each(|(d, kept)| {
        // Packed and set aside from this very document, so they always come back; the fallback
        // only keeps the document whole should that ever break.
        let text = lz4_flex::decompress_size_prepended(&kept.text).ok().and_then(|b| String::from_utf8(b).ok());
        debug_assert!(text.is_some(), "a packed text did not unpack");
        d.article.text = text.unwrap_or_default();
        d.article.body = kept.body.expand(&d.article.text).unwrap_or_else(|| {
            debug_assert!(false, "a compact body did not expand on its own text");
            CleanText::identity(&d.article.text)
        });
    });
    let unpack_ms = laps.lap();
    linking.attach_passages(docs);
    let passages_ms = laps.lap();
    tracing::debug!(features_ms, linker_ms, unpack_ms, passages_ms, "linked");
    linking
}

/// The indexes of `pairs` ordered cluster by cluster (clusters: the connected components of the
/// pairs, in order of their first pair; pairs keep their order within a cluster).
fn pairs_by_cluster(pairs: &[NearDuplicate]) -> Vec<usize> {
    let mut node: HashMap<&str, usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let root = cluster::union_find_root;
    let mut ends = Vec::with_capacity(pairs.len());
    for nd in pairs {
        let [a, b] = [nd.a.as_str(), nd.b.as_str()].map(|id| {
            *node.entry(id).or_insert_with(|| {
                parent.push(parent.len());
                parent.len() - 1
            })
        });
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        // The smaller root stays: a cluster is named by its first article.
        parent[ra.max(rb)] = ra.min(rb);
        ends.push(a);
    }
    let mut order: Vec<usize> = (0..pairs.len()).collect();
    let cluster: Vec<usize> = ends.iter().map(|&a| root(&mut parent, a)).collect();
    order.sort_by_key(|&i| cluster[i]);
    order
}

/// What [`link_compactly`] sets aside of a document while the linker is built.
struct SetAside {
    body: CompactCleanText,
    /// The text, lz4 with its length first.
    text: Vec<u8>,
}

fn features_of(docs: &[Doc]) -> Vec<Features> {
    use rayon::prelude::*;
    let df = DfTable::shipped();
    docs.par_iter().map(|d| Features::from_doc(d, df)).collect()
}

/// Stories and near-duplicate pairs of `docs` (passages not yet aligned). The linker (features,
/// postings, edges) is freed here, before the passages' shingles take memory.
fn links_of(linker: Linker, docs: &[Doc]) -> Linking {
    let ids: Vec<&str> = docs.iter().map(|d| d.article.id.as_str()).collect();
    Linking::from_linker(&linker, &ids)
}

impl Linking {
    /// The linking of `ids` (in this order) as the linker holds it now. Ids it does not know get
    /// a story of their own.
    pub fn from_linker(linker: &Linker, ids: &[&str]) -> Linking {
        let id_of = |i: u32| linker.features(i).map_or("", |f| f.id.as_str());
        let story_id = |founder: &str| format!("s{founder}");
        let mut articles = Vec::with_capacity(ids.len());
        let mut stories: BTreeMap<String, (String, Vec<(i32, String)>)> = BTreeMap::new();
        let mut near = BTreeMap::new();
        let mut seen = std::collections::HashSet::new();
        for &id in ids {
            let Some(i) = linker.index_of(id) else {
                articles.push(ArticleLinks { id: id.to_string(), story: story_id(id), near_duplicate_of: vec![] });
                if seen.insert(id.to_string()) {
                    stories
                        .entry(story_id(id))
                        .or_insert_with(|| (id.to_string(), Vec::new()))
                        .1
                        .push((i32::MAX, id.to_string()));
                }
                continue;
            };
            let founder = id_of(linker.founder_of(i).unwrap_or(i));
            let sid = story_id(founder);
            let mut dups: Vec<String> = Vec::new();
            for d in linker.near_duplicates_of(i) {
                let other = id_of(d.other).to_string();
                let key =
                    if id < other.as_str() { (id.to_string(), other.clone()) } else { (other.clone(), id.to_string()) };
                near.entry(key).or_insert(d.overlap);
                dups.push(other);
            }
            dups.sort();
            dups.dedup();
            articles.push(ArticleLinks { id: id.to_string(), story: sid.clone(), near_duplicate_of: dups });
            if seen.insert(id.to_string()) {
                let day = linker.features(i).and_then(|f| f.day).unwrap_or(i32::MAX);
                stories.entry(sid).or_insert_with(|| (founder.to_string(), Vec::new())).1.push((day, id.to_string()));
            }
        }
        let stories = stories
            .into_iter()
            .map(|(id, (founder, mut members))| {
                members.sort();
                StoryGroup { id, founder, articles: members.into_iter().map(|(_, a)| a).collect() }
            })
            .collect();
        let near_duplicates =
            near.into_iter().map(|((a, b), overlap)| NearDuplicate { a, b, overlap, passages: Vec::new() }).collect();
        Linking { articles, stories, near_duplicates }
    }

    /// Align the shared passages of every near-duplicate pair on the articles' texts.
    pub fn attach_passages(&mut self, docs: &[Doc]) {
        use rayon::prelude::*;
        let by_id: HashMap<&str, &Doc> = docs.iter().map(|d| (d.article.id.as_str(), d)).collect();
        // Pairs are aligned in chunks, each chunk shingling the articles it involves: bounded
        // memory. Copies come in clusters (an agency report and its reprints are all pairs of
        // each other), so the chunks follow the clusters: an article is shingled about once, not
        // once for every chunk that one of its pairs falls in.
        let order = pairs_by_cluster(&self.near_duplicates);
        for chunk in order.chunks(PASSAGE_CHUNK) {
            let pairs: Vec<&NearDuplicate> = chunk.iter().map(|&i| &self.near_duplicates[i]).collect();
            let mut involved: Vec<&str> = pairs.iter().flat_map(|nd| [nd.a.as_str(), nd.b.as_str()]).collect();
            involved.sort_unstable();
            involved.dedup();
            let shingled: HashMap<&str, dedup::ShingledText> = involved
                .par_iter()
                .filter_map(|&id| by_id.get(id).map(|d| (id, dedup::ShingledText::new(&d.article.body))))
                .collect();
            let passages: Vec<Vec<SharedPassage>> = pairs
                .par_iter()
                .map(|nd| {
                    let (a, b) = (nd.a.as_str(), nd.b.as_str());
                    let (Some(da), Some(db), Some(sa), Some(sb)) =
                        (by_id.get(a), by_id.get(b), shingled.get(a), shingled.get(b))
                    else {
                        return Vec::new();
                    };
                    dedup::align(&da.article.body, sa, &db.article.body, sb, MIN_PASSAGE_WORDS)
                })
                .collect();
            for (&i, p) in chunk.iter().zip(passages) {
                if let Some(nd) = self.near_duplicates.get_mut(i) {
                    nd.passages = p;
                }
            }
        }
    }

    /// The story of an article.
    pub fn story_of(&self, id: &str) -> Option<&str> {
        self.articles.iter().find(|a| a.id == id).map(|a| a.story.as_str())
    }

    /// For each of `docs` (in order), the publication dates of the *other* articles in its story,
    /// sorted by article id: the evidence a publication-date inference can draw on when an
    /// article states no date of its own.
    pub fn story_mate_dates(&self, docs: &[Doc]) -> Vec<Vec<MateDate>> {
        let story: HashMap<&str, &str> = self.articles.iter().map(|a| (a.id.as_str(), a.story.as_str())).collect();
        let dups: HashMap<&str, &[String]> =
            self.articles.iter().map(|a| (a.id.as_str(), a.near_duplicate_of.as_slice())).collect();
        let mut dated: HashMap<&str, Vec<DatedMate<'_>>> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for d in docs {
            let id = d.article.id.as_str();
            if let (Some(s), Some(date), true) = (story.get(id), d.article.published.date, seen.insert(id)) {
                dated.entry(s).or_default().push((id, date, d.article.published.basis));
            }
        }
        docs.iter()
            .map(|d| {
                let id = d.article.id.as_str();
                let own_dups = dups.get(id).copied().unwrap_or(&[]);
                let mut v: Vec<MateDate> = story
                    .get(id)
                    .and_then(|s| dated.get(s))
                    .map(|mates| {
                        mates
                            .iter()
                            .filter(|(m, _, _)| *m != id)
                            .map(|&(m, date, basis)| MateDate {
                                article: m.to_string(),
                                date,
                                basis,
                                near_duplicate: own_dups.iter().any(|x| x == m),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                v.sort_by(|a, b| a.article.cmp(&b.article));
                v
            })
            .collect()
    }
}

impl Linker {
    /// Add an annotated article (features from the shipped background table); returns its index.
    pub fn add_doc(&mut self, doc: &Doc) -> u32 {
        self.add(Features::from_doc(doc, DfTable::shipped()))
    }

    /// The story id of an article as things stand.
    pub fn story_id(&self, id: &str) -> Option<String> {
        let i = self.index_of(id)?;
        let f = self.founder_of(i)?;
        self.features(f).map(|f| format!("s{}", f.id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_taken_cluster_by_cluster_in_their_own_order() {
        let pair = |a: &str, b: &str| NearDuplicate {
            a: a.into(),
            b: b.into(),
            overlap: dedup::Overlap { jaccard: 1.0, containment: 1.0, shared_fingerprints: 1 },
            passages: Vec::new(),
        };
        // {a, b, e} and {c, d, f}, interleaved; then g–h, and c–e joining the first two late.
        let pairs = [pair("a", "b"), pair("c", "d"), pair("a", "e"), pair("d", "f"), pair("g", "h")];
        assert_eq!(pairs_by_cluster(&pairs), vec![0, 2, 1, 3, 4]);
        let joined = [pair("a", "b"), pair("c", "d"), pair("g", "h"), pair("c", "e"), pair("b", "e")];
        assert_eq!(pairs_by_cluster(&joined), vec![0, 1, 3, 4, 2]);
        assert!(pairs_by_cluster(&[]).is_empty());
    }
}
