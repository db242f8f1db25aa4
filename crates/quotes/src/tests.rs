//! Tests of the whole layer on hand-written sentences and on the example articles.

use storyline_core::Span;
use storyline_core::report::EntityType;
use storyline_entities::{DocEntities, DocEntity, Gender, Mention, MentionForm};
use storyline_time::{Timex, TimexType};

use crate::{Quote, extract};

fn quotes(text: &str) -> Vec<Quote> {
    extract(text, &[], &DocEntities::default(), &[])
}

/// (content, speaker span text, direct) of each quote.
fn summary(text: &str) -> Vec<(String, String, bool)> {
    quotes(text)
        .iter()
        .map(|q| {
            (q.content().slice(text).to_string(), q.speaker_span().map_or("", |s| s.slice(text)).to_string(), q.direct)
        })
        .collect()
}

fn find<'a>(qs: &'a [Quote], text: &str, content_prefix: &str) -> &'a Quote {
    qs.iter()
        .find(|q| q.content().slice(text).starts_with(content_prefix))
        .unwrap_or_else(|| panic!("no quote starting {content_prefix:?} in {:#?}", summary(text)))
}

fn speaker<'a>(q: &Quote, text: &'a str) -> &'a str {
    q.speaker_span().map_or("", |s| s.slice(text))
}

#[test]
fn every_quotation_style_with_its_speaker() {
    for (text, content, who) in [
        ("“We are ready,” Antonov said.", "“We are ready,”", "Antonov"),
        ("\"We are ready,\" said the President of Russia.", "\"We are ready,\"", "the President of Russia"),
        ("«Мы готовы», — заявил Антонов. «We are ready,» Antonov said.", "«We are ready,»", "Antonov"),
        ("„Wir sind bereit“, sagte er. „We are ready,“ she said.", "„We are ready,“", "she"),
        ("‘We are ready,’ the minister told reporters.", "‘We are ready,’", "the minister"),
        ("''We are ready,'' Mr. Garin added.", "''We are ready,''", "Mr. Garin"),
        ("The spokesman said: “We are ready.”", "“We are ready.”", "The spokesman"),
        ("The spokesman said on Monday, “We are ready.”", "“We are ready.”", "The spokesman"),
        ("According to the ministry, “the talks will resume.”", "“the talks will resume.”", "the ministry"),
        ("“We are ready,” RIA cited Antonov as saying.", "“We are ready,”", "Antonov"),
        ("“We are ready,” he was quoted as saying.", "“We are ready,”", "he"),
        ("“We are ready” ― Maria Lopez", "“We are ready”", "Maria Lopez"),
        ("“We are ready,” Rep. Jane Doe (D-Ohio) said Friday.", "“We are ready,”", "Rep. Jane Doe (D-Ohio)"),
        ("“We are ready,” Flynn, a top Trump surrogate, said.", "“We are ready,”", "Flynn, a top Trump surrogate"),
    ] {
        let qs = quotes(text);
        let q = find(&qs, text, content);
        assert!(q.direct, "{text}");
        assert_eq!(speaker(q, text), who, "{text}");
    }
}

#[test]
fn split_quote_is_one_quote_in_two_pieces() {
    let text = "“There is a lot of work to be done,” he said, “we need to sort it out.” Then he left.";
    let qs = quotes(text);
    assert_eq!(qs.len(), 1, "{:#?}", summary(text));
    let q = &qs[0];
    assert_eq!(q.parts.len(), 2);
    assert_eq!(q.parts[1].slice(text), "“we need to sort it out.”");
    assert_eq!(speaker(q, text), "he");
    assert_eq!(q.cue.as_deref(), Some("said"));
    // A quote right after the attribution's sentence, in the same paragraph, continues it.
    let text = "“He's absolutely right,” Flynn said Thursday on Fox News’s “Fox and Friends.” “I mean, there's a lot of frustration.”";
    let qs = quotes(text);
    let q = find(&qs, text, "“He's");
    assert_eq!(q.parts.len(), 2, "{:#?}", summary(text));
    assert_eq!(q.parts[1].slice(text), "“I mean, there's a lot of frustration.”");
}

#[test]
fn quotes_over_several_paragraphs_and_blank_lines() {
    let text = "“First paragraph of the statement.\n\n“Second paragraph,” the ambassador said.\n\nHe left.";
    let q = &quotes(text)[0];
    assert_eq!(q.content().slice(text), "“First paragraph of the statement.\n\n“Second paragraph,”");
    assert_eq!(speaker(q, text), "the ambassador");
    let text = "\"The timing will depend\n\non what steps Washington takes,\" Deputy Foreign Minister Sergei Ryabkov told RIA Novosti.";
    let q = &quotes(text)[0];
    assert!(q.content().slice(text).ends_with("takes,\""));
    assert_eq!(speaker(q, text), "Deputy Foreign Minister Sergei Ryabkov");
    assert_eq!(q.via.as_deref(), Some("RIA Novosti"));
}

#[test]
fn machine_translation_marks() {
    let text = "“Several meetings are planned.\n\nBut I will stay as long as necessary, ”the ambassador emphasized.";
    let q = &quotes(text)[0];
    assert!(q.content().slice(text).ends_with("necessary, ”"));
    assert_eq!(speaker(q, text), "the ambassador");
    let text = "“As a child, we said:“ Whoever calls names is called that ”.\n\nAnd this is deep, \"said the President of Russia.";
    let qs = quotes(text);
    assert_eq!(qs.len(), 1, "{:#?}", summary(text));
    assert_eq!(speaker(&qs[0], text), "the President of Russia");
    assert!(qs[0].content().slice(text).starts_with("“As a child"));
}

#[test]
fn scare_quotes_are_not_quotes() {
    let text = "The so-called “reset” failed. Analysts called it a “disaster” for both sides.";
    assert!(quotes(text).iter().all(|q| !q.direct), "{:#?}", summary(text));
    // A phrase quoted inside reported speech stays inside it.
    let text = "Moscow recalled its envoy after Biden said in March that he believed Putin was “a killer”.";
    let qs = quotes(text);
    let q = find(&qs, text, "that he believed");
    assert!(!q.direct);
    assert_eq!(speaker(q, text), "Biden");
    assert!(qs.iter().all(|q| q.content().slice(text) != "“a killer”"));
}

#[test]
fn reported_speech_with_its_content() {
    let text = "Russian Ambassador Anatoly Antonov said that a lot of work would be done in Moscow. \
                According to RIA Novosti, the plane landed in Moscow. \
                As Antonov noted, Washington and Moscow managed to establish a dialogue. \
                There are positive shifts, the ambassador said. \
                There have been small but positive shifts, said Russian Ambassador to Washington Anatoly Antonov. \
                Erdogan called the statement unacceptable, adding that the Russian leader gave a splendid response. \
                Zakharova told reporters on Monday that Moscow is ready for dialogue.";
    let s = summary(text);
    let has = |content: &str, who: &str| {
        assert!(s.iter().any(|(c, w, d)| c == content && w == who && !d), "missing ({content:?}, {who:?}) in {s:#?}");
    };
    has("that a lot of work would be done in Moscow", "Russian Ambassador Anatoly Antonov");
    has("the plane landed in Moscow", "RIA Novosti");
    has("Washington and Moscow managed to establish a dialogue", "Antonov");
    has("There are positive shifts", "the ambassador");
    has("There have been small but positive shifts", "Russian Ambassador to Washington Anatoly Antonov");
    has("that the Russian leader gave a splendid response", "Erdogan");
    has("that Moscow is ready for dialogue", "Zakharova");
}

#[test]
fn citing_and_via() {
    let text = "Antonov will not return soon, the state-run RIA Novosti news agency reported Wednesday, citing a top diplomatic official.";
    let q = &quotes(text)[0];
    assert_eq!(speaker(q, text), "a top diplomatic official");
    assert_eq!(q.via.as_deref(), Some("RIA Novosti"));
    let text = "\"There is work to do,\" the TASS diplomat quoted as saying.";
    let q = &quotes(text)[0];
    assert_eq!(speaker(q, text), "the TASS diplomat");
    assert_eq!(q.via.as_deref(), Some("TASS"));
    // The outlet that is itself the source is no relay.
    let text = "Antonov returned to Washington, the RIA news agency reported.";
    let q = &quotes(text)[0];
    assert_eq!(speaker(q, text), "the RIA news agency");
    assert_eq!(q.via, None);
}

fn mention(text: &str, needle: &str, nth: usize, kind: EntityType, entity: usize) -> Mention {
    let start = text.match_indices(needle).nth(nth).map(|(i, _)| i).expect("needle in text");
    Mention { span: Span::new(start, start + needle.len()), kind, entity, form: MentionForm::Name }
}

fn entity(name: &str, kind: EntityType, roles: &[&str]) -> DocEntity {
    DocEntity {
        name: name.into(),
        kind,
        aliases: vec![],
        roles: roles.iter().map(|r| r.to_string()).collect(),
        gender: (kind == EntityType::Person).then_some(Gender::Male),
    }
}

#[test]
fn speakers_resolve_to_entities() {
    let text = "Russian Ambassador Anatoly Antonov met US President Joe Biden. \
                “We are ready,” he told reporters. \
                “Much work remains,” the ambassador emphasized. \
                Biden spoke next. “We will see,” he said. \
                “It is a deep saying,” said the President of Russia. \
                The Russian Embassy said on Facebook that “the envoy is leaving.”";
    use EntityType::*;
    let ents = DocEntities {
        entities: vec![
            entity("Anatoly Antonov", Person, &["Russian Ambassador"]),
            entity("Joe Biden", Person, &["US President"]),
            entity("Vladimir Putin", Person, &["Russian President"]),
            entity("Russian Embassy", Organization, &[]),
        ],
        mentions: vec![
            mention(text, "Anatoly Antonov", 0, Person, 0),
            mention(text, "Joe Biden", 0, Person, 1),
            mention(text, "Biden", 1, Person, 1),
            mention(text, "Russian Embassy", 0, Organization, 3),
        ],
    };
    let qs = extract(text, &[], &ents, &[]);
    let who = |prefix: &str| find(&qs, text, prefix).speaker;
    assert_eq!(who("“We are ready"), Some(0), "he -> the last person named");
    assert_eq!(who("“Much work"), Some(0), "the ambassador -> the entity with that role");
    assert_eq!(who("“We will see"), Some(1), "he -> Biden, named in the sentence before");
    assert_eq!(who("“It is a deep"), Some(2), "the President of Russia -> not the US President");
    assert_eq!(who("that “the envoy"), Some(3), "the embassy as an organisation");
    assert!(!find(&qs, text, "that “the envoy").direct, "a quoted complement of \"that\" is reported speech");
}

#[test]
fn an_untitled_speaker_takes_the_title_the_next_quote_gives() {
    // Nobody in the article is titled President of Russia; the speaker of the sentence before,
    // with no other title and no other country, is.
    let text = "US President Joe Biden spoke. Vladimir Putin answered, stressing that people project.                 “As a child, we argued,” said the President of Russia.";
    use EntityType::*;
    let ents = DocEntities {
        entities: vec![entity("Joe Biden", Person, &["US President"]), entity("Vladimir Putin", Person, &[])],
        mentions: vec![mention(text, "Joe Biden", 0, Person, 0), mention(text, "Vladimir Putin", 0, Person, 1)],
    };
    let qs = extract(text, &[], &ents, &[]);
    assert_eq!(find(&qs, text, "“As a child").speaker, Some(1));
    // With a title of his own that is not this one, he is not taken for it.
    let mut ents = ents;
    ents.entities[1].roles = vec!["Foreign Minister".into()];
    let qs = extract(text, &[], &ents, &[]);
    assert_eq!(find(&qs, text, "“As a child").speaker, None);
}

fn timex(text: &str, needle: &str, value: &str) -> Timex {
    let start = text.find(needle).expect("needle in text");
    Timex { span: Span::new(start, start + needle.len()), kind: TimexType::Date, value: value.into(), modifier: None }
}

#[test]
fn utterance_dates_come_from_the_text_only() {
    let text = "The embassy said on Wednesday that the envoy is leaving. \
                Antonov returned to Washington on Sunday. \
                “There is a lot of work,” RIA cited Antonov as saying before he boarded a flight. \
                “We count on progress,” Antonov said.";
    let tx = [timex(text, "Wednesday", "2021-06-16"), timex(text, "Sunday", "2021-06-20")];
    let qs = extract(text, &[], &DocEntities::default(), &tx);
    assert_eq!(find(&qs, text, "that the envoy").date.as_deref(), Some("2021-06-16"));
    assert_eq!(find(&qs, text, "“There is").date.as_deref(), Some("2021-06-20"), "the flight is the return");
    assert_eq!(find(&qs, text, "“We count").date, None, "nothing in the text dates it");
    // A date inside the quoted words is not the date they were said.
    let text = "“We will meet on Friday,” she said.";
    let qs = extract(text, &[], &DocEntities::default(), &[timex(text, "Friday", "2021-06-25")]);
    assert_eq!(qs[0].date, None);
}

#[test]
fn spans_are_valid_on_odd_input() {
    let samples = [
        "",
        "\"",
        "“",
        "”",
        "''",
        "“”",
        "\"\"\"",
        "said",
        "said.",
        ", said",
        "according to",
        "according to,",
        "“a” said “b” said",
        "He said: “",
        "“Yes,” ",
        "—",
        "“Yes” ―",
        "((((",
        "))) said Smith (",
        "é“ü”ö said Ω",
        "\n\n“\n\n”\n\n",
        "told told told that that",
        "As noted,",
        "Asked if",
        "“…,” he was quoted as",
    ];
    for t in samples {
        for q in quotes(t) {
            for s in q.pieces().into_iter().chain([q.span, q.content()]).chain(q.speaker_span()) {
                assert!(s.is_valid_in(t), "{t:?}: {s:?}");
            }
        }
    }
    // Pseudo-random soup of the characters the rules key on.
    let alphabet = [
        "“",
        "”",
        "\"",
        "'",
        "‘",
        "’",
        "«",
        "»",
        "„",
        " ",
        "\n",
        "said",
        "he",
        "that",
        ",",
        ".",
        ":",
        "Smith",
        "—",
        "(",
        ")",
        "according",
        "to",
        "é",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        let mut t = String::new();
        for _ in 0..40 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            t.push_str(alphabet[(seed % alphabet.len() as u64) as usize]);
            t.push(' ');
        }
        for q in quotes(&t) {
            assert!(q.span.is_valid_in(&t) && q.content().is_valid_in(&t), "{t:?}");
            assert!(q.speaker_span().is_none_or(|s| s.is_valid_in(&t)));
        }
    }
}

// --- The example articles -----------------------------------------------------------------

const EXAMPLES: [&str; 5] = [
    include_str!("../../../examples/antonov/000_720cb73104ec1389.txt"),
    include_str!("../../../examples/antonov/001_174b18c8bfe9fefe.txt"),
    include_str!("../../../examples/antonov/002_ac7fefc9978f4f0a.txt"),
    include_str!("../../../examples/antonov/003_2b9bbf319c578372.txt"),
    include_str!("../../../examples/antonov/004_a443e6538a49df77.txt"),
];

#[test]
fn every_quotation_of_the_example_articles() {
    // (article, content prefix, speaker span, direct)
    let expected: &[(usize, &str, &str, bool)] = &[
        (0, "“There is a lot of work to be done. We are counting", "Antonov", true),
        (0, "“Given the results", "Antonov", true),
        (0, "that he believed Putin was “a killer”", "Biden", false),
        (0, "Russia’s ambassador to the United States, Anatoly Antonov, returned", "the RIA news agency", false),
        (1, "“There is a lot of work to be done, it is necessary", "he", true),
        (1, "“The Russian side has always emphasized", "Antonov", true),
        (1, "“Several meetings are planned", "he", true),
        (1, "that “on March 20, Ambassador of Russia", "The Russian Embassy in the United States", false),
        (1, "that Antonov had been invited", "Russian Foreign Ministry Spokeswoman Maria Zakharova", false),
        (1, "that the Russian authorities would have to “pay a price”", "US President Joe Biden", false),
        (2, "\"This is not a question", "Deputy Foreign Minister Sergei Ryabkov", true),
        (2, "\"We expect that", "he", true),
        (2, "that Putin will decide", "Foreign Minister Sergei Lavrov", false),
        (3, "\"There is a lot of work to be done", "the TASS diplomat", true),
        (3, "“Several meetings are planned", "the ambassador", true),
        (3, "“As a child", "the President of Russia", true),
        (3, "“In order not to dive", "Putin", true),
        (3, "“I express the hope", "Antonov", true),
        (3, "that his Russian counterpart would \"pay\"", "The head of the White House", false),
        (3, "such a conversation \"will not end like the movie\"", "him", false),
        (3, "Biden's statement to Putin \"unacceptable", "Turkish President Recep Tayyip Erdogan", false),
        (3, "that the Russian leader \"gave a splendid response.\"", "Turkish President Recep Tayyip Erdogan", false),
        (3, "that the diplomatic mission received many letters", "the Russian ambassador to the United States", false),
        (3, "that Biden's statement testifies", "Presidential press secretary Dmitry Peskov", false),
        (3, "that many people tend to transfer", "Vladimir Putin", false),
        (4, "“Nevertheless, these are only sprouts", "the ambassador", true),
        (
            4,
            "In relations between Russia and the United States",
            "Russian Ambassador to Washington Anatoly Antonov",
            false,
        ),
        (4, "There are positive shifts in relations", "the ambassador", false),
        (4, "that Moscow is ready for a pragmatic", "Russian Foreign Ministry spokeswoman Maria Zakharova", false),
    ];
    let all: Vec<Vec<Quote>> = EXAMPLES.iter().map(|t| quotes(t)).collect();
    for &(k, content, who, direct) in expected {
        let text = EXAMPLES[k];
        let q = find(&all[k], text, content);
        assert_eq!(speaker(q, text), who, "article {k}: {content}");
        assert_eq!(q.direct, direct, "article {k}: {content}");
    }
    // No scare quote of the articles became a quote of its own.
    for (k, qs) in all.iter().enumerate() {
        for q in qs {
            let c = q.content().slice(EXAMPLES[k]);
            assert!(!matches!(c, "“a killer”" | "“killer.”" | "“unfriendly”" | "\"killer.\"" | "“pay a price”"), "{c}");
        }
    }
}

#[test]
fn the_march_remark_has_two_sources_and_the_june_one_stays_apart() {
    use crate::merge::{MergeOptions, SourcedQuote, merge};
    let published = ["2021-06-20", "2021-03-20", "2021-04-07", "2021-03-20", "2021-11-02"];
    let all: Vec<Vec<Quote>> = EXAMPLES.iter().map(|t| quotes(t)).collect();
    let mut input = Vec::new();
    for (k, qs) in all.iter().enumerate() {
        for q in qs.iter().filter(|q| q.direct) {
            input.push(SourcedQuote {
                article: ["000", "001", "002", "003", "004"][k],
                text: EXAMPLES[k],
                quote: q,
                speaker_id: None,
                speaker_name: q.speaker_span().map(|s| s.slice(EXAMPLES[k])),
                published: published[k].parse().ok(),
            });
        }
    }
    let merged = merge(&input, &MergeOptions::default());
    let with_work: Vec<_> = merged.iter().filter(|m| m.text.starts_with("There is a lot of work to be done")).collect();
    assert_eq!(with_work.len(), 2, "{with_work:#?}");
    let march = with_work.iter().find(|m| m.sources.len() == 2).expect("the March remark from two outlets");
    let outlets: Vec<&str> = march.sources.iter().map(|s| s.article.as_str()).collect();
    assert_eq!(outlets, ["001", "003"]);
    let june = with_work.iter().find(|m| m.sources.len() == 1).expect("the June remark alone");
    assert_eq!(june.sources[0].article, "000");
    // Both reports of "Several meetings are planned in Moscow" (001, 003) are one quote too.
    let meetings: Vec<_> = merged.iter().filter(|m| m.text.starts_with("Several meetings")).collect();
    assert_eq!(meetings.len(), 1);
    assert_eq!(meetings[0].sources.len(), 2);
}
