//! Print the events the timeline layer reads in the given inputs, for inspecting extraction by
//! eye: `cargo run -p storyline-timeline --example events -- examples/antonov/`.

use storyline_annotate::Annotator;
use storyline_ingest::{Ingestor, Outcome};

fn main() {
    let annotator = Annotator::new();
    let specs: Vec<String> = std::env::args().skip(1).collect();
    let show_sentences = std::env::var_os("SENTENCES").is_some();
    for outcome in Ingestor::default().ingest_paths(&specs) {
        let Outcome::Article(article) = outcome else { continue };
        let doc = annotator.annotate(*article);
        println!("== {} {:?}", doc.article.source, doc.article.published);
        if show_sentences {
            for s in &doc.sentences {
                println!("  S {:?}", s.slice(&doc.article.text));
            }
            for t in &doc.timexes {
                println!("  T {:?} {:?} {}", t.span.slice(&doc.article.text), t.kind, t.value);
            }
        }
        for e in storyline_timeline::event::extract(&doc, 0) {
            println!(
                "  {} {} planned={} lemma={:?} dest={:?} actors={:?} | {}",
                e.date,
                e.kind,
                e.planned,
                e.lemma,
                e.destination,
                e.actors
                    .iter()
                    .filter_map(|&a| doc.entities.entities.get(a).map(|x| x.name.as_str()))
                    .collect::<Vec<_>>(),
                e.what
            );
        }
    }
}
