//! Behaviour tests of the tagger and the publication-date inference on hand-written sentences.

use super::*;
use proptest::prelude::*;

/// (text, type, value) of every expression found in `text` published on `dct`.
fn tag(text: &str, dct: &str) -> Vec<(String, &'static str, String)> {
    let tagger = TimeTagger::new();
    let dct = Published::stated(dct.parse().unwrap());
    tagger.tag(text, &dct).into_iter().map(|t| (t.span.slice(text).to_string(), t.kind.as_str(), t.value)).collect()
}

/// The value given to the expression whose text is `expr`.
fn value_of(text: &str, dct: &str, expr: &str) -> String {
    let all = tag(text, dct);
    match all.iter().find(|(t, _, _)| t == expr) {
        Some((_, _, v)) => v.clone(),
        None => panic!("{expr:?} not found in {all:?}"),
    }
}

#[test]
fn weekdays_resolve_by_tense() {
    let dct = "2021-06-20"; // a Sunday
    assert_eq!(value_of("Antonov returned to Washington on Sunday.", dct, "Sunday"), "2021-06-20");
    assert_eq!(value_of("The presidents met in Geneva on Wednesday.", dct, "Wednesday"), "2021-06-16");
    assert_eq!(value_of("The two will meet on Wednesday.", dct, "Wednesday"), "2021-06-23");
    assert_eq!(value_of("They met last Wednesday.", dct, "last Wednesday"), "2021-06-16");
    assert_eq!(value_of("They meet next Friday.", dct, "next Friday"), "2021-06-25");
    assert_eq!(value_of("Wednesday's summit was pragmatic.", dct, "Wednesday"), "2021-06-16");
}

#[test]
fn relative_to_the_publication_date() {
    let dct = "2021-06-20";
    let text = "He was recalled last month; meetings are set for next week. Today he flew; \
                yesterday he packed; tomorrow he works. This week is busy, this year too.";
    let got = tag(text, dct);
    let values: Vec<&str> = got.iter().map(|(_, _, v)| v.as_str()).collect();
    assert_eq!(values, ["2021-05", "2021-W25", "2021-06-20", "2021-06-19", "2021-06-21", "2021-W24", "2021"]);
    assert_eq!(value_of("It happened a year ago.", dct, "a year ago"), "2020");
    assert_eq!(value_of("It happened three days ago.", dct, "three days ago"), "2021-06-17");
    assert_eq!(value_of("It happened two weeks ago.", dct, "two weeks ago"), "2021-W22");
    // TimeBank annotates "the past year" like "last year"; a count makes it a duration.
    assert_eq!(value_of("Prices rose over the past year.", dct, "the past year"), "2020");
    assert_eq!(value_of("Prices rose over the past two years.", dct, "the past two years"), "P2Y");
}

#[test]
fn narrative_reference_time() {
    let text = "On March 17, Antonov was summoned to Moscow. Two days later he flew home.";
    assert_eq!(value_of(text, "2021-06-20", "Two days later"), "2021-03-19");
    let text = "The talks opened on June 2, 2019. The following week they collapsed.";
    assert_eq!(value_of(text, "2021-06-20", "The following week"), "2019-W23");
}

#[test]
fn calendar_dates_in_many_forms() {
    let dct = "2021-06-20";
    for (text, expr, value) in [
        ("It was signed on 20.06.2021 in Geneva.", "20.06.2021", "2021-06-20"),
        ("It was signed on 2021-06-20 in Geneva.", "2021-06-20", "2021-06-20"),
        ("It was signed on June 20th.", "June 20th", "2021-06-20"),
        ("It was signed on 20 June 2021.", "20 June 2021", "2021-06-20"),
        ("It was signed on Sept. 30, 1998.", "Sept. 30, 1998", "1998-09-30"),
        ("It was signed in March 2021.", "March 2021", "2021-03"),
        ("It was signed in 1985.", "1985", "1985"),
        ("Prices fell in the 1980s.", "the 1980s", "198"),
        ("Prices fell in the '90s.", "the '90s", "199"),
        ("It changed in the 20th century.", "the 20th century", "19"),
        ("Sales rose in the third quarter of 2020.", "the third quarter of 2020", "2020-Q3"),
        ("Sales rose in Q3 2020.", "Q3 2020", "2020-Q3"),
        ("It opened last summer.", "last summer", "2020-SU"),
        ("It opens in summer 2022.", "summer 2022", "2022-SU"),
        ("Visas were suspended in mid-May.", "mid-May", "2021-05"),
        ("The deal was reached on Christmas Eve 2020.", "Christmas Eve 2020", "2020-12-24"),
    ] {
        assert_eq!(value_of(text, dct, expr), value, "{text}");
    }
}

#[test]
fn month_names_need_context_where_ambiguous() {
    // "May" as a modal verb or a name is not a month; "in May" is.
    assert!(tag("Prices may rise. Theresa May spoke.", "2021-06-20").is_empty());
    assert_eq!(value_of("It was signed in May.", "2021-06-20", "May"), "2021-05");
    assert_eq!(value_of("It will be signed in May.", "2021-06-20", "May"), "2022-05");
}

#[test]
fn times_of_day() {
    let dct = "2021-06-20";
    assert_eq!(value_of("Published 20 June 2021 - 21:44", dct, "20 June 2021 - 21:44"), "2021-06-20T21:44");
    assert_eq!(value_of("The blast came at 10:35 a.m. local time.", dct, "10:35 a.m."), "2021-06-20T10:35");
    assert_eq!(value_of("The vote is at 9 p.m. EST Tuesday.", dct, "9 p.m. EST Tuesday"), "2021-06-22T21:00");
    assert_eq!(value_of("He left on Saturday afternoon.", dct, "Saturday afternoon"), "2021-06-19TAF");
    assert_eq!(value_of("He left last night.", dct, "last night"), "2021-06-19TNI");
    assert_eq!(value_of("He spoke this morning.", dct, "this morning"), "2021-06-20TMO");
}

#[test]
fn durations_and_sets() {
    let dct = "2021-06-20";
    for (text, expr, kind, value) in [
        ("Relations soured over the past six years.", "the past six years", "DURATION", "P6Y"),
        ("The meeting lasted three hours.", "three hours", "DURATION", "PT3H"),
        ("He waited 2 1/2 years.", "2 1/2 years", "DURATION", "P2Y6M"),
        ("He waited an hour and a half.", "an hour and a half", "DURATION", "PT1H30M"),
        ("A two-year contract was signed.", "two-year", "DURATION", "P2Y"),
        ("He waited for more than four hours.", "more than four hours", "DURATION", "PT4H"),
        ("It takes a few days.", "a few days", "DURATION", "PXD"),
        ("In recent years it grew.", "recent years", "DURATION", "PXY"),
        ("They meet every year.", "every year", "SET", "P1Y"),
        ("They meet each Thursday.", "each Thursday", "SET", "XXXX-WXX-4"),
        ("The paper is published daily.", "daily", "SET", "P1D"),
    ] {
        let got = tag(text, dct);
        let hit = got.iter().find(|(t, _, _)| t == expr).unwrap_or_else(|| panic!("{expr:?} not in {got:?}"));
        assert_eq!((hit.1, hit.2.as_str()), (kind, value), "{text}");
    }
    // Ages are not durations.
    assert!(tag("The 6-year-old boy is 52 years old.", dct).is_empty());
}

#[test]
fn references_and_modifiers() {
    let tagger = TimeTagger::new();
    let dct = Published::stated("2021-06-20".parse().unwrap());
    let text = "It is difficult to say now. Recently, talks resumed; early next year they end.";
    let got = tagger.tag(text, &dct);
    let show: Vec<(&str, &str, Option<&str>)> =
        got.iter().map(|t| (t.span.slice(text), t.value.as_str(), t.modifier.as_deref())).collect();
    assert_eq!(
        show,
        [("now", "PRESENT_REF", None), ("Recently", "PAST_REF", None), ("early next year", "2022", Some("START"))]
    );
}

#[test]
fn ranges_give_two_expressions() {
    let got = tag("Talks ran from March 20 to 21.", "2021-06-20");
    assert_eq!(
        got,
        [
            ("March 20".to_string(), "DATE", "2021-03-20".to_string()),
            ("21".to_string(), "DATE", "2021-03-21".to_string())
        ]
    );
    let got = tag("Talks ran March 20-21.", "2021-06-20");
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn without_a_publication_date_values_stay_underspecified() {
    let tagger = TimeTagger::new();
    let text = "On Sunday, March 21, he arrived; last month he left; in 1985 it began.";
    let got: Vec<String> = tagger.tag(text, &Published::unknown()).into_iter().map(|t| t.value).collect();
    assert_eq!(got, ["XXXX-03-21", "PAST_REF", "1985"]);
}

#[test]
fn infers_publication_from_weekday_and_date() {
    let tagger = TimeTagger::new();
    // March 21 is a Sunday in 2021 (and 2010, 1999...): the latest such year not after the
    // horizon, the day before the announced arrival.
    let text = "The ambassador said on Wednesday that he is leaving on March 20. \
                He is to arrive in the capital on Sunday, March 21.";
    let p = tagger.infer_published(text).unwrap();
    assert_eq!(p.basis, Some(DateBasis::Inferred));
    assert_eq!(p.date.unwrap().to_string(), "2021-03-20");
    assert!(p.confidence.unwrap() > 0.5);
    // A later horizon changes the year only where the weekday allows it.
    let p = TimeTagger::new().with_horizon(2027).infer_published(text).unwrap();
    assert_eq!(p.date.unwrap().to_string(), "2027-03-20");
}

#[test]
fn infers_publication_from_past_events_and_years() {
    let tagger = TimeTagger::new();
    let text = "He left the embassy on Saturday afternoon. On March 17, he was summoned after \
                remarks about the 2020 election. On March 20, the ambassador said letters arrived.";
    let p = tagger.infer_published(text).unwrap();
    assert_eq!(p.date.unwrap().to_string(), "2021-03-20");
    // Hints from related articles decide between otherwise equal years.
    let hints = ["2019-03-22".parse().unwrap()];
    let text = "On March 17, he was summoned. On March 20, he left.";
    let p = tagger.infer_published_with(text, &hints).unwrap();
    assert_eq!(p.date.unwrap().year, 2019);
    // Nothing datable: no guess.
    assert!(tagger.infer_published("He said a lot of work remains.").is_none());
}

use storyline_core::DateBasis;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any text, any DCT: no panic, spans on character boundaries and in order.
    #[test]
    fn never_panics_and_spans_are_valid(text in "\\PC{0,200}", y in 1i16..9999, m in 1u8..=12, d in 1u8..=28) {
        let tagger = TimeTagger::new();
        let dct = PartialDate::day(y, m, d).map(Published::stated).unwrap_or_default();
        for t in tagger.tag(&text, &dct) {
            prop_assert!(t.span.start < t.span.end && t.span.end <= text.len());
            prop_assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
        }
        let _ = tagger.infer_published(&text);
    }

    /// Time-like word soup exercises the rules themselves.
    #[test]
    fn never_panics_on_time_word_soup(words in proptest::collection::vec(prop::sample::select(vec![
        "the", "last", "next", "March", "May", "21", "21st", "2021", "1980s", "'", "s", "-", ",", ".",
        "a.m.", "p.m.", ":", "30", "Sunday", "two", "years", "ago", "later", "early", "mid", "of",
        "quarter", "third", "every", "week", "night", "noon", "Q", "3", "/", "12", "99", "0", "9999",
    ]), 0..30)) {
        let text = words.join(" ");
        let glued = words.concat();
        let tagger = TimeTagger::new();
        for t in [&text, &glued] {
            for x in tagger.tag(t, &Published::stated("2021-06-20".parse().unwrap())) {
                prop_assert!(t.is_char_boundary(x.span.start) && t.is_char_boundary(x.span.end));
            }
            let _ = tagger.infer_published(t);
        }
    }
}

/// Offsets from the text can exceed the calendar's range; they must not panic (found by
/// `storyline bench report` on real text).
#[test]
fn huge_offsets_do_not_panic() {
    for text in [
        "It happened 30000 years ago.",
        "In 99999 years the sun will be fine.",
        "The rock formed 4500000000 years ago, 20000 centuries before that and 9000 decades later.",
        "Some 300000 months later, 999999999 weeks ago, 4000000000 days later.",
    ] {
        let _ = tag(text, "2021-06-20");
    }
}
