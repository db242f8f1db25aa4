//! Print the quotes the layer finds in text files (no entities, no time expressions):
//! `cargo run -p storyline-quotes --example show_quotes -- FILE...`

use storyline_entities::DocEntities;

fn main() {
    for path in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        println!("== {path}");
        for q in storyline_quotes::extract(&text, &[], &DocEntities::default(), &[]) {
            let speaker = q.speaker_span().map_or("-", |s| s.slice(&text));
            let content = q.content().slice(&text).replace('\n', " ");
            let content: String = content.chars().take(90).collect();
            println!(
                "{} speaker=[{}] cue=[{}] via={:?} date={:?}\n    {}",
                if q.direct { "DIRECT  " } else { "indirect" },
                speaker,
                q.cue.as_deref().unwrap_or("-"),
                q.via,
                q.date,
                content
            );
        }
    }
}
