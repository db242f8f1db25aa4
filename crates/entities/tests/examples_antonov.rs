//! The project's own example story (`examples/antonov/`, five outlets reporting one story):
//! the people, organisations and places it is about each come out as one entity across all
//! five articles, with their aliases and roles.

use storyline_core::report::{Entity, EntityType};
use storyline_core::text::{sentences_from_tokens, tokenize};
use storyline_core::{Article, CleanText};
use storyline_entities::link::{Linked, link_entities};
use storyline_entities::{DocEntities, EntityRecognizer};

fn articles() -> Vec<Article> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("examples/antonov").flatten().map(|e| e.path()).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("example text");
            Article {
                id: storyline_core::content_id(text.as_bytes()),
                source: p.display().to_string(),
                format: storyline_core::SourceFormat::Text,
                body: CleanText::identity(&text),
                text,
                title: None,
                title_span: None,
                outlet: None,
                url: None,
                language: Some("en".into()),
                published: Default::default(),
                dateline: None,
                warnings: Vec::new(),
            }
        })
        .collect()
}

fn recognize(rec: &EntityRecognizer, a: &Article) -> DocEntities {
    let text = a.body.as_str();
    let tokens = tokenize(text);
    let sentences = sentences_from_tokens(text, &tokens);
    rec.recognize(text, &tokens, &sentences)
}

fn linked() -> (Vec<DocEntities>, Linked) {
    let rec = EntityRecognizer::load_default();
    let docs: Vec<DocEntities> = articles().iter().map(|a| recognize(&rec, a)).collect();
    let refs: Vec<&DocEntities> = docs.iter().collect();
    let linked = link_entities(&refs);
    (docs, linked)
}

/// The canonical entities that carry `name` as their name or an alias.
fn named<'a>(linked: &'a Linked, name: &str) -> Vec<&'a Entity> {
    linked.entities.iter().filter(|e| e.name == name || e.aliases.iter().any(|a| a == name)).collect()
}

#[test]
fn the_story_entities_are_one_each_across_the_articles() {
    let (docs, linked) = linked();
    let expected = [
        ("Anatoly Antonov", EntityType::Person),
        ("Vladimir Putin", EntityType::Person),
        ("Joe Biden", EntityType::Person),
        ("Sergei Ryabkov", EntityType::Person),
        ("Sergei Lavrov", EntityType::Person),
        ("Maria Zakharova", EntityType::Person),
        ("Dmitry Peskov", EntityType::Person),
        ("Alexei Navalny", EntityType::Person),
        ("TASS", EntityType::Organization),
        ("RIA Novosti", EntityType::Organization),
        ("ABC News", EntityType::Organization),
        ("White House", EntityType::Organization),
        ("Moscow", EntityType::Location),
        ("Washington", EntityType::Location),
        ("Geneva", EntityType::Location),
    ];
    let mut failures = Vec::new();
    for (name, kind) in expected {
        let found = named(&linked, name);
        match found.as_slice() {
            [e] if e.kind == kind => {}
            other => {
                failures.push(format!("{name}: {:?}", other.iter().map(|e| (&e.name, e.kind)).collect::<Vec<_>>()))
            }
        }
        // Every article entity with that name or alias maps to the one canonical entity.
        for (a, d) in docs.iter().enumerate() {
            for (l, e) in d.entities.iter().enumerate() {
                if e.name == name || e.aliases.iter().any(|x| x == name) {
                    let id = linked.id_of(a, l);
                    if found.len() == 1 && id != Some(found[0].id.as_str()) {
                        failures.push(format!("{name} in article {a} maps to {id:?}"));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn aliases_and_roles_are_gathered() {
    let (_, linked) = linked();
    let antonov = named(&linked, "Anatoly Antonov");
    let antonov = antonov.first().expect("Antonov");
    assert!(antonov.aliases.iter().any(|a| a == "Antonov"), "{antonov:?}");
    let roles = antonov.roles.join(" | ").to_lowercase();
    assert!(roles.contains("ambassador to the united states"), "{roles}");
    let ria = named(&linked, "RIA Novosti");
    assert!(ria.first().is_some_and(|e| e.aliases.iter().any(|a| a == "RIA")), "{ria:?}");
    let us = named(&linked, "United States");
    assert_eq!(us.len(), 1, "{us:?}");
    assert!(us[0].aliases.iter().any(|a| a == "U.S." || a == "US"), "{us:?}");
    for (who, role) in [
        ("Sergei Ryabkov", "Deputy Foreign Minister"),
        ("Dmitry Peskov", "Presidential press secretary"),
        ("Vladimir Putin", "Russian President"),
    ] {
        let e = named(&linked, who);
        assert!(e.first().is_some_and(|e| e.roles.iter().any(|r| r == role)), "{who}: {e:?}");
    }
    let zakharova = named(&linked, "Maria Zakharova");
    assert!(
        zakharova
            .first()
            .is_some_and(|e| e.roles.iter().any(|r| r.to_lowercase().contains("foreign ministry spokeswoman"))),
        "{zakharova:?}"
    );
}

#[test]
fn linking_does_not_depend_on_article_order() {
    let (docs, linked) = linked();
    let mut reversed: Vec<&DocEntities> = docs.iter().collect();
    reversed.reverse();
    let other = link_entities(&reversed);
    assert_eq!(linked.entities, other.entities);
}
