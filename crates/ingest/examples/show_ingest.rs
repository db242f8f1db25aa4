//! Print what ingest makes of some inputs, for eyeballing the readers:
//! `cargo run -p storyline-ingest --example show_ingest -- examples/antonov/`.

fn main() {
    let ing = storyline_ingest::Ingestor::new(Default::default());
    let args: Vec<String> = std::env::args().skip(1).collect();
    for o in ing.ingest_paths(&args) {
        match o {
            storyline_ingest::Outcome::Article(a) => {
                println!(
                    "== {} | title={:?} outlet={:?} url={:?} lang={:?} pub={:?} {:?} {:?} dateline={:?} warn={:?}",
                    a.source,
                    a.title,
                    a.outlet,
                    a.url,
                    a.language,
                    a.published.date.map(|d| d.to_string()),
                    a.published.time,
                    a.published.basis,
                    a.dateline,
                    a.warnings
                );
                println!("{}\n", a.body.as_str());
            }
            storyline_ingest::Outcome::Rejected(r) => println!("!! {} : {}", r.source, r.reason),
        }
    }
}
