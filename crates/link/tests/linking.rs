//! Story linking and near-duplicates on small hand-written fixtures, and on the five example
//! articles of `examples/antonov/` read as plain text files (no special handling).

use storyline_annotate::{Annotator, Doc};
use storyline_core::{Article, CleanText, PartialDate, Published, SourceFormat, content_id};
use storyline_link::{LinkParams, Linker, Linking, link};

fn article(text: &str, published: Option<&str>) -> Article {
    let text = text.to_string();
    Article {
        id: content_id(text.as_bytes()),
        source: "fixture".into(),
        format: SourceFormat::Text,
        body: CleanText::identity(&text),
        text,
        title: None,
        title_span: None,
        outlet: None,
        url: None,
        language: None,
        published: published
            .and_then(|d| d.parse::<PartialDate>().ok())
            .map_or_else(Published::unknown, Published::stated),
        dateline: None,
        warnings: Vec::new(),
    }
}

/// Quake A (Aldmere), its wire copy, a reworded version of the same report; quake B (Corvana)
/// the same week, told in the same words of the trade; an unrelated finance story.
const QUAKE_A: &str = "A magnitude 6.1 earthquake struck the coastal town of Aldmere in northern Velaria \
    early on Tuesday, killing at least 12 people and injuring 140, the Velarian interior ministry \
    said. The quake destroyed dozens of homes in the old harbour district and cut power to about \
    30,000 households. Rescue teams from Port Selim worked through the night to reach villages in \
    the Karst hills above Aldmere, where roads were blocked by landslides. Interior Minister Dana \
    Olsk said the army had sent helicopters and field hospitals to the region.";

const QUAKE_A_COPY: &str = "VELARIA NEWS AGENCY\n\nA magnitude 6.1 earthquake struck the coastal town of \
    Aldmere in northern Velaria early on Tuesday, killing at least 12 people and injuring 140, the \
    Velarian interior ministry said. The quake destroyed dozens of homes in the old harbour district \
    and cut power to about 30,000 households. Rescue teams from Port Selim worked through the night \
    to reach villages in the Karst hills above Aldmere, where roads were blocked by landslides. \
    Interior Minister Dana Olsk said the army had sent helicopters and field hospitals to the region.\n\n\
    Copyright Velaria News Agency.";

/// The same report as told by another outlet in its own words (as a translation would be).
const QUAKE_A_PARAPHRASE: &str = "Twelve people died and some 140 were hurt when a 6.1 magnitude tremor hit \
    Aldmere, a harbour town in the north of Velaria, before dawn on Tuesday. According to Velaria's \
    interior ministry, dozens of houses collapsed in Aldmere's old port quarter and about 30,000 homes \
    lost electricity. Landslides blocked the roads into the Karst hills, and rescuers from Port Selim \
    spent the night trying to reach the villages there. Minister Dana Olsk told reporters that army \
    helicopters and field hospitals were on their way.";

const QUAKE_B: &str = "A magnitude 5.4 earthquake shook the mountain city of Corvana in southern Dressia \
    on Thursday, killing three people and injuring 25, the Dressian civil protection agency said. \
    The quake damaged the cathedral and several schools in Corvana's historic centre, and cut \
    water supplies to about 8,000 residents. Rescue teams from Lusk searched collapsed buildings \
    in the Ostrava valley below the city. Civil protection chief Marek Vann said tents and field \
    kitchens had been sent to the valley.";

const QUAKE_B_FOLLOWUP: &str = "Rescuers in Corvana, in southern Dressia, pulled a woman alive from the \
    rubble of a collapsed school on Friday, a day after a 5.4 magnitude earthquake killed three \
    people in the city, the Dressian civil protection agency said. Agency chief Marek Vann said \
    crews from Lusk would keep searching the Ostrava valley, where 25 people were injured and \
    about 8,000 residents still have no running water. Corvana's cathedral remains closed.";

const FINANCE: &str = "The central bank of Norland raised its main interest rate by half a point to \
    4.5 percent on Wednesday, its third increase this year, citing inflation that has stayed above \
    its target for eleven months. Governor Ilse Marten said further rises could not be ruled out \
    if wage growth stayed strong, and the krona rose against the euro after the announcement.";

fn fixtures() -> Vec<Doc> {
    let annotator = Annotator::new();
    [
        (QUAKE_A, Some("2023-03-07")),
        (QUAKE_A_COPY, Some("2023-03-07")),
        (QUAKE_A_PARAPHRASE, Some("2023-03-08")),
        (QUAKE_B, Some("2023-03-09")),
        (QUAKE_B_FOLLOWUP, Some("2023-03-10")),
        (FINANCE, Some("2023-03-08")),
    ]
    .into_iter()
    .map(|(t, d)| annotator.annotate(article(t, d)))
    .collect()
}

/// The linking features of `docs[k]` for each `k` in `order`.
fn features_in(docs: &[Doc], order: &[usize]) -> Vec<storyline_link::Features> {
    order.iter().map(|&k| storyline_link::Features::from_doc(&docs[k], storyline_link::DfTable::shipped())).collect()
}

fn story(l: &Linking, k: usize) -> &str {
    &l.articles[k].story
}

#[test]
fn copies_paraphrases_and_two_quakes() {
    let docs = fixtures();
    let l = link(&docs, &LinkParams::default());
    // The copy, the paraphrase and the original are one story.
    assert_eq!(story(&l, 0), story(&l, 1));
    assert_eq!(story(&l, 0), story(&l, 2));
    // The other quake is another story, with its follow-up.
    assert_eq!(story(&l, 3), story(&l, 4));
    assert_ne!(story(&l, 0), story(&l, 3));
    // The finance story stands alone.
    for k in 0..5 {
        assert_ne!(story(&l, 5), story(&l, k));
    }
    assert_eq!(l.stories.len(), 3);

    // The copy is a near-duplicate of the original; the paraphrase is not.
    let (a, copy, para) = (&docs[0].article.id, &docs[1].article.id, &docs[2].article.id);
    assert_eq!(&l.articles[1].near_duplicate_of, &vec![a.clone()]);
    assert_eq!(&l.articles[0].near_duplicate_of, &vec![copy.clone()]);
    assert!(l.articles[2].near_duplicate_of.is_empty());
    assert!(!l.articles[0].near_duplicate_of.contains(para));

    // The shared passage is exact evidence in both texts.
    assert_eq!(l.near_duplicates.len(), 1);
    let nd = &l.near_duplicates[0];
    let text_of = |id: &str| docs.iter().find(|d| d.article.id == id).map(|d| d.article.text.as_str()).unwrap();
    let p = nd.passages.first().expect("a shared passage");
    let (ta, tb) = (text_of(&nd.a), text_of(&nd.b));
    assert_eq!(p.a.slice(ta), p.b.slice(tb));
    assert!(p.words >= 60, "{p:?}");
    assert!(p.a.slice(ta).starts_with("A magnitude 6.1"));
}

#[test]
fn story_ids_come_from_the_founding_article() {
    let docs = fixtures();
    let l = link(&docs, &LinkParams::default());
    // Quake A's earliest article (7 March; the original sorts before its same-day copy by id).
    let founder = [&docs[0], &docs[1]].into_iter().map(|d| d.article.id.clone()).min().unwrap();
    assert_eq!(story(&l, 0), format!("s{founder}"));
    let s = l.stories.iter().find(|s| s.id == story(&l, 0)).unwrap();
    assert_eq!(s.founder, founder);
    assert_eq!(s.articles.len(), 3);
    // Members are listed by publication day: the paraphrase (8 March) comes last.
    assert_eq!(s.articles[2], docs[2].article.id);
}

#[test]
fn same_result_in_any_order() {
    let docs = fixtures();
    let base = link(&docs, &LinkParams::default());
    let by_id = |l: &Linking| {
        let mut v: Vec<_> = l.articles.clone();
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    // A few fixed permutations (reversed, rotated, interleaved).
    let n = docs.len();
    let orders: Vec<Vec<usize>> = vec![
        (0..n).rev().collect(),
        (0..n).map(|k| (k + 2) % n).collect(),
        vec![5, 3, 1, 4, 2, 0],
        vec![2, 4, 0, 5, 1, 3],
    ];
    for order in orders {
        let shuffled: Vec<Doc> = order.iter().map(|&k| docs[k].clone()).collect();
        let l = link(&shuffled, &LinkParams::default());
        assert_eq!(by_id(&l), by_id(&base), "order {order:?}");
        assert_eq!(l.stories, base.stories);
        assert_eq!(l.near_duplicates, base.near_duplicates);
    }
}

#[test]
fn online_equals_batch() {
    let docs = fixtures();
    let ids: Vec<&str> = docs.iter().map(|d| d.article.id.as_str()).collect();
    let batch = link(&docs, &LinkParams::default());
    for order in [vec![4, 2, 0, 5, 3, 1], vec![0, 1, 2, 3, 4, 5], vec![5, 4, 3, 2, 1, 0]] {
        let mut linker = Linker::new(LinkParams::default());
        for &k in &order {
            linker.add_doc(&docs[k]);
        }
        let mut online = Linking::from_linker(&linker, &ids);
        online.attach_passages(&docs);
        assert_eq!(online, batch, "arrival order {order:?}");
    }
}

#[test]
fn extend_equals_adding_one_by_one() {
    let docs = fixtures();
    let ids: Vec<&str> = docs.iter().map(|d| d.article.id.as_str()).collect();
    let feats = |order: &[usize]| features_in(&docs, order);
    for order in [vec![4, 2, 0, 5, 3, 1], vec![0, 1, 2, 3, 4, 5], vec![5, 4, 3, 2, 1, 0, 3]] {
        let mut one_by_one = Linker::new(LinkParams::default());
        for f in feats(&order) {
            one_by_one.add(f);
        }
        // All at once, and in two batches (the second joining stories of the first).
        let mut at_once = Linker::new(LinkParams::default());
        let got = at_once.extend(feats(&order));
        assert_eq!(got.len(), order.len());
        let mut two = Linker::new(LinkParams::default());
        two.extend(feats(&order[..2]));
        two.extend(feats(&order[2..]));
        let want = Linking::from_linker(&one_by_one, &ids);
        assert_eq!(Linking::from_linker(&at_once, &ids), want, "order {order:?}");
        assert_eq!(Linking::from_linker(&two, &ids), want, "order {order:?}, two batches");
        assert!(want.stories.len() < docs.len(), "the fixtures must form stories");
    }
}

#[test]
fn a_later_article_joins_its_story_online() {
    let docs = fixtures();
    let mut linker = Linker::new(LinkParams::default());
    linker.add_doc(&docs[3]);
    linker.add_doc(&docs[5]);
    let quake_b = linker.story_id(&docs[3].article.id).unwrap();
    assert_eq!(quake_b, format!("s{}", docs[3].article.id));
    // The follow-up joins quake B's story, whose id does not change.
    linker.add_doc(&docs[4]);
    assert_eq!(linker.story_id(&docs[4].article.id).unwrap(), quake_b);
    assert_eq!(linker.story_id(&docs[3].article.id).unwrap(), quake_b);
    assert_ne!(linker.story_id(&docs[5].article.id).unwrap(), quake_b);
    // Articles of one story share a strong component (what an arrival re-clusters).
    let (i3, i4) = (linker.index_of(&docs[3].article.id).unwrap(), linker.index_of(&docs[4].article.id).unwrap());
    assert!(linker.component_len(i3) >= 2);
    assert_eq!(linker.component_len(i3), linker.component_len(i4));
    assert_eq!(linker.component_len(u32::MAX), 0);
    // A repeated article is not added twice.
    let n = linker.len();
    linker.add_doc(&docs[4]);
    assert_eq!(linker.len(), n);
}

#[test]
fn story_mates_dates_are_exposed() {
    let docs = fixtures();
    let l = link(&docs, &LinkParams::default());
    let mates = l.story_mate_dates(&docs);
    assert_eq!(mates.len(), docs.len());
    // The paraphrase's mates: the original and its copy, both 7 March.
    let m = &mates[2];
    assert_eq!(m.len(), 2);
    assert!(m.iter().all(|x| x.date.to_string() == "2023-03-07"));
    assert!(m.iter().all(|x| !x.near_duplicate));
    // The original sees its copy as a near-duplicate mate.
    assert!(mates[0].iter().any(|x| x.article == docs[1].article.id && x.near_duplicate));
    assert!(mates[5].is_empty());
}

#[test]
fn empty_and_degenerate_inputs() {
    let l = link(&[], &LinkParams::default());
    assert!(l.articles.is_empty() && l.stories.is_empty());
    let annotator = Annotator::new();
    let docs: Vec<Doc> =
        ["", " ", "é", "\u{feff}\u{200d}", "1 2 3"].iter().map(|t| annotator.annotate(article(t, None))).collect();
    let l = link(&docs, &LinkParams::default());
    assert_eq!(l.articles.len(), docs.len());
    // " " and "" differ in id, but nothing links them into a story with anything else.
    assert!(l.stories.iter().all(|s| s.articles.len() == 1));
}

#[test]
fn the_five_antonov_articles_are_one_story() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("examples/antonov").flatten().map(|e| e.path()).collect();
    paths.sort();
    assert_eq!(paths.len(), 5);
    let annotator = Annotator::new();
    let docs: Vec<Doc> = paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("utf-8 text");
            let mut a = article(&text, None);
            a.source = p.display().to_string();
            annotator.annotate(a)
        })
        .collect();
    let l = link(&docs, &LinkParams::default());
    assert_eq!(l.stories.len(), 1, "{:#?}", l.stories);
    assert_eq!(l.stories[0].articles.len(), 5);
    // Different outlets' reports of one event, not copies of one text.
    assert!(l.near_duplicates.is_empty(), "{:#?}", l.near_duplicates);
}

#[test]
fn linking_compactly_gives_the_same_links_and_leaves_the_documents_as_they_were() {
    let docs = fixtures();
    let mut compacted = docs.clone();
    let l = storyline_link::link_compactly(&mut compacted, &LinkParams::default());
    assert_eq!(l, link(&docs, &LinkParams::default()));
    assert!(!l.near_duplicates.is_empty() && l.near_duplicates.iter().all(|d| !d.passages.is_empty()));
    for (a, b) in compacted.iter().zip(&docs) {
        assert_eq!(a.article, b.article);
    }
}

#[test]
fn a_restored_linker_goes_on_as_the_saved_one() {
    use storyline_link::LinkGraph;
    let docs = fixtures();
    let ids: Vec<&str> = docs.iter().map(|d| d.article.id.as_str()).collect();
    let feats = |order: &[usize]| features_in(&docs, order);
    for (order, saved_after) in [(vec![4, 2, 0, 5, 3, 1], 3), (vec![0, 1, 2, 3, 4, 5], 4), (vec![5, 3, 1, 0, 2, 4], 1)]
    {
        let mut saved = Linker::new(LinkParams::default());
        saved.extend(feats(&order[..saved_after]));
        let graph = saved.graph();
        let mut restored = Linker::restore(LinkParams::default(), feats(&order[..saved_after]), graph.clone()).unwrap();
        assert_eq!(restored.graph(), graph);
        assert_eq!(Linking::from_linker(&restored, &ids), Linking::from_linker(&saved, &ids));
        // The rest arrives: both link it the same way (the restored indexes find the same
        // candidates), one at a time and then all at once.
        let rest = feats(&order[saved_after..]);
        let (first, others) = rest.split_first().unwrap();
        saved.add(first.clone());
        restored.add(first.clone());
        saved.extend(others.to_vec());
        restored.extend(others.to_vec());
        assert_eq!(restored.graph(), saved.graph(), "order {order:?}");
        let want = Linking::from_linker(&saved, &ids);
        assert_eq!(Linking::from_linker(&restored, &ids), want, "order {order:?}");
        assert!(want.stories.len() < docs.len(), "the fixtures must form stories");
    }

    // A graph that cannot be these articles' is refused, not trusted.
    let all = feats(&[0, 1, 2, 3, 4, 5]);
    let mut linker = Linker::new(LinkParams::default());
    linker.extend(all.clone());
    let graph = linker.graph();
    assert!(Linker::restore(LinkParams::default(), all[..5].to_vec(), graph.clone()).is_err());
    let mut bad = graph.clone();
    bad.parent[0] = 3;
    assert!(Linker::restore(LinkParams::default(), all.clone(), bad).is_err());
    let mut bad = graph.clone();
    bad.edges[1].push((6, 0.5));
    assert!(Linker::restore(LinkParams::default(), all.clone(), bad).is_err());
    let mut bad = graph.clone();
    bad.edges[1].push((0, 1e30));
    assert!(Linker::restore(LinkParams::default(), all.clone(), bad).is_err(), "a weight no score has");
    let mut bad = graph.clone();
    let run = bad.runs.iter_mut().flatten().flatten().next().expect("the fixtures cluster");
    run.between = i64::MAX;
    assert!(Linker::restore(LinkParams::default(), all.clone(), bad).is_err(), "a merge sum no edges make");
    let mut bad = graph.clone();
    bad.founder[2] = u32::MAX;
    assert!(Linker::restore(LinkParams::default(), all.clone(), bad).is_err());
    let mut twice = all.clone();
    twice[5] = twice[0].clone();
    assert!(Linker::restore(LinkParams::default(), twice, graph.clone()).is_err());
    assert!(Linker::restore(LinkParams::default(), all, LinkGraph::default()).is_err());
}
