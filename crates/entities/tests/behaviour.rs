//! The entity layer on hand-written news sentences: names, roles, within-article resolution,
//! pronouns, cross-article identity, and robustness.

use storyline_core::report::EntityType;
use storyline_core::text::{sentences_from_tokens, tokenize};
use storyline_entities::link::link_entities;
use storyline_entities::{DocEntities, EntityRecognizer, Gender, MentionForm};

fn recognize(text: &str) -> DocEntities {
    let rec = EntityRecognizer::load_default();
    assert!(rec.has_model(), "the shipped model must load");
    let tokens = tokenize(text);
    let sentences = sentences_from_tokens(text, &tokens);
    let doc = rec.recognize(text, &tokens, &sentences);
    for m in &doc.mentions {
        assert!(m.span.is_valid_in(text), "span off char boundaries: {m:?}");
        assert!(m.entity < doc.entities.len());
    }
    doc
}

fn entity<'a>(doc: &'a DocEntities, name: &str) -> (usize, &'a storyline_entities::DocEntity) {
    doc.entities
        .iter()
        .enumerate()
        .find(|(_, e)| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name:?} in {:#?}", doc.entities))
}

#[test]
fn names_of_people_places_and_organisations() {
    let doc = recognize(
        "German Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Monday. \
         The European Commission said the talks went well.",
    );
    assert_eq!(entity(&doc, "Angela Merkel").1.kind, EntityType::Person);
    assert_eq!(entity(&doc, "Emmanuel Macron").1.kind, EntityType::Person);
    assert_eq!(entity(&doc, "Paris").1.kind, EntityType::Location);
    assert_eq!(entity(&doc, "European Commission").1.kind, EntityType::Organization);
    assert!(doc.entities.iter().all(|e| e.name != "Monday"));
}

#[test]
fn curly_quotes_and_apostrophes_do_not_change_the_names() {
    let straight = recognize("Russia's ambassador, Anatoly Antonov, met \"Joe Biden\" in Washington.");
    let curly = recognize("Russia’s ambassador, Anatoly Antonov, met “Joe Biden” in Washington.");
    let names = |d: &DocEntities| d.entities.iter().map(|e| (e.name.clone(), e.kind)).collect::<Vec<_>>();
    assert_eq!(names(&straight), names(&curly));
}

#[test]
fn titles_and_appositions_become_roles() {
    let doc = recognize(
        "Deputy Foreign Minister Sergei Ryabkov spoke first. Presidential press secretary Dmitry Peskov \
         declined to comment. Russia’s ambassador to the United States, Anatoly Antonov, flew home. \
         \"We are ready,\" said Sergei Lavrov, Russia's foreign minister, on Tuesday.",
    );
    assert_eq!(entity(&doc, "Sergei Ryabkov").1.roles, ["Deputy Foreign Minister"]);
    assert_eq!(entity(&doc, "Dmitry Peskov").1.roles, ["Presidential press secretary"]);
    assert_eq!(entity(&doc, "Anatoly Antonov").1.roles, ["Russia’s ambassador to the United States"]);
    assert_eq!(entity(&doc, "Sergei Lavrov").1.roles, ["Russia's foreign minister"]);
}

#[test]
fn short_names_and_descriptions_resolve_to_the_full_name() {
    let text = "Russian Ambassador to the United States Anatoly Antonov left Washington on Saturday. \
                Antonov said a lot of work remained. The diplomat landed in Moscow, where the ambassador \
                will hold consultations. The U.S. ambassador stayed in Moscow.";
    let doc = recognize(text);
    let (antonov, e) = entity(&doc, "Anatoly Antonov");
    assert!(e.aliases.iter().any(|a| a == "Antonov"));
    let refs: Vec<&str> = doc.mentions.iter().filter(|m| m.entity == antonov).map(|m| m.span.slice(text)).collect();
    assert!(refs.contains(&"Antonov"), "{refs:?}");
    assert!(refs.contains(&"The diplomat"), "{refs:?}");
    assert!(refs.contains(&"the ambassador"), "{refs:?}");
    // "The U.S. ambassador" is someone else: a U.S., not a Russian, ambassador.
    assert!(!refs.iter().any(|r| r.contains("U.S.")), "{refs:?}");
    for m in doc.mentions.iter().filter(|m| m.span.slice(text).starts_with(['T', 't'])) {
        assert_eq!(m.form, MentionForm::Nominal);
    }
}

#[test]
fn a_leader_described_by_an_earlier_role() {
    let text = "Russian President Vladimir Putin met U.S. President Joe Biden in Geneva. \
                The Russian leader said the talks were constructive. The American president agreed.";
    let doc = recognize(text);
    let (putin, _) = entity(&doc, "Vladimir Putin");
    let (biden, _) = entity(&doc, "Joe Biden");
    let of = |s: &str| doc.mentions.iter().find(|m| m.span.slice(text) == s).map(|m| m.entity);
    assert_eq!(of("The Russian leader"), Some(putin));
    assert_eq!(of("The American president"), Some(biden));
}

#[test]
fn variants_and_short_forms_of_organisations_and_places() {
    let text = "The United States and Russia agreed. U.S. officials told RIA Novosti that the US would act. \
                RIA later quoted them again.";
    let doc = recognize(text);
    let (us, e) = entity(&doc, "United States");
    assert!(e.aliases.iter().any(|a| a == "U.S."), "{e:?}");
    assert!(e.aliases.iter().any(|a| a == "US"), "{e:?}");
    let (ria, _) = entity(&doc, "RIA Novosti");
    let of = |s: &str| doc.mentions.iter().find(|m| m.span.slice(text) == s).map(|m| m.entity);
    assert_eq!(of("RIA"), Some(ria));
    assert_eq!(of("US"), Some(us));
}

#[test]
fn pronouns_resolve_to_the_last_fitting_person() {
    let text = "Foreign Ministry spokeswoman Maria Zakharova spoke after Anatoly Antonov arrived. \
                She said the visit was useful. He said nothing.";
    let doc = recognize(text);
    let (zakharova, z) = entity(&doc, "Maria Zakharova");
    let (antonov, _) = entity(&doc, "Anatoly Antonov");
    assert_eq!(z.gender, Some(Gender::Female));
    let she = text.find("She").unwrap();
    let he = text.find("He said").unwrap();
    assert_eq!(doc.resolve_pronoun(she, "She"), Some(zakharova));
    assert_eq!(doc.resolve_pronoun(he, "He"), Some(antonov));
    assert_eq!(doc.resolve_pronoun(0, "he"), None);
}

#[test]
fn two_people_with_one_surname_stay_apart() {
    let a = recognize("John Smith, a farmer, spoke first. Smith said the harvest was poor.");
    let b = recognize("Mary Smith, a lawyer, filed the case. Smith said she would appeal.");
    let c = recognize("Smith did not return calls.");
    let linked = link_entities(&[&a, &b, &c]);
    let people: Vec<&str> =
        linked.entities.iter().filter(|e| e.kind == EntityType::Person).map(|e| e.name.as_str()).collect();
    assert!(people.contains(&"John Smith") && people.contains(&"Mary Smith"), "{people:?}");
    let john = linked.entities.iter().position(|e| e.name == "John Smith").unwrap();
    let mary = linked.entities.iter().position(|e| e.name == "Mary Smith").unwrap();
    assert_ne!(john, mary);
    // The lone "Smith" of the third article is ambiguous: it joins neither.
    let lone = linked.map[2].first().copied();
    assert!(lone.is_some_and(|g| g != john && g != mary), "{linked:#?}");
}

#[test]
fn a_surname_joins_the_one_full_name_across_articles() {
    let a = recognize("Russian President Vladimir Putin spoke on Monday.");
    let b = recognize("Putin did not comment on the talks.");
    let linked = link_entities(&[&a, &b]);
    assert_eq!(linked.id_of(0, entity(&a, "Vladimir Putin").0), linked.id_of(1, 0));
    let putin = linked.entities.iter().find(|e| e.name == "Vladimir Putin").unwrap();
    assert!(putin.aliases.iter().any(|x| x == "Putin"));
    assert!(putin.roles.iter().any(|x| x == "Russian President"));
}

#[test]
fn ids_derive_from_content_not_order() {
    let a = recognize("Officials in Washington met envoys from Moscow.");
    let b = recognize("The United States and the U.S. Congress disagreed.");
    let one = link_entities(&[&a, &b]);
    let two = link_entities(&[&b, &a]);
    assert_eq!(one.entities, two.entities);
    assert_eq!(one.id_of(0, 0), two.id_of(1, 0));
}

#[test]
fn odd_input_never_panics() {
    let long_run = "Smith ".repeat(2000);
    let inputs = [
        "",
        "   \n\n ",
        "ÄÖÜ ßẞ — “” ’’ … 🙂 e\u{301}",
        "THE U.S. AND RUSSIA’S ENVOY SAID ON MONDAY",
        long_run.as_str(),
        "the the the , , , ’s ’s",
        "Mr. Mr. Mr.",
        "\"said the President of\"",
    ];
    for t in inputs {
        let doc = recognize(t);
        for m in &doc.mentions {
            assert!(!m.span.slice(t).is_empty());
        }
    }
}

#[test]
fn a_damaged_model_is_an_error_not_a_crash() {
    assert!(EntityRecognizer::from_bytes(b"").is_err());
    assert!(EntityRecognizer::from_bytes(b"SLNER01\n\x11\x00\x00\x00\xff\xff\xff\xff").is_err());
    let good = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/model/ner.bin")).unwrap();
    for cut in [9, 100, good.len() / 2, good.len() - 1] {
        assert!(EntityRecognizer::from_bytes(&good[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn a_name_takes_in_an_unknown_capitalised_word_the_tagger_left_out() {
    // "Novosti" is a word the model has never seen; without the extension the name is "RIA".
    let doc = recognize("The diplomat told the state-run RIA Novosti news agency that talks would go on.");
    assert_eq!(entity(&doc, "RIA Novosti").1.kind, EntityType::Organization);
    // A known word after a name is not taken in, capitalised or not.
    let doc = recognize("The ambassador spoke to TASS Tuesday about the talks.");
    assert!(doc.entities.iter().any(|e| e.name == "TASS"), "{:#?}", doc.entities);
    assert!(doc.entities.iter().all(|e| !e.name.contains("Tuesday")), "{:#?}", doc.entities);
}

#[test]
fn a_name_before_a_word_for_a_region_is_a_place() {
    let doc = recognize("Tensions escalated over the Russian-speaking Donbass region of Ukraine.");
    assert_eq!(entity(&doc, "Donbass").1.kind, EntityType::Location);
}
