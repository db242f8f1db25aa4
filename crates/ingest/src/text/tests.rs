//! The plain-text reader on hand-written texts with the leftovers real copies carry.

use super::*;
use storyline_core::DateBasis;

fn read(text: &str) -> (CleanedText, storyline_core::Article) {
    let cleaned = clean_text(text, TextOptions { find_headline: true, known_title: None });
    (cleaned, crate::article_from_text("t.txt", text.to_string()))
}

/// Every clean piece must be a verbatim slice of the original.
fn assert_verbatim(text: &str, body: &CleanText) {
    for (clean, orig) in body.pieces() {
        assert_eq!(clean.slice(body.as_str()), orig.slice(text));
    }
}

#[test]
fn header_lines_headline_and_source_trailer() {
    let text = "Story ID: 4411\nPublished: 3 March 2022 - 08:15\n\nCity council approves new budget\n\nThe council voted 7-2 on Tuesday to approve the budget.\n\nThe mayor welcomed the result.\n\nSource : Daily Planet\n";
    let (c, a) = read(text);
    assert_eq!(a.title.as_deref(), Some("City council approves new budget"));
    assert_eq!(c.title_span.map(|s| s.slice(text)), Some("City council approves new budget"));
    assert_eq!(a.published.date.map(|d| d.to_string()).as_deref(), Some("2022-03-03"));
    assert_eq!(a.published.time.as_deref(), Some("08:15"));
    assert_eq!(a.published.basis, Some(DateBasis::Stated));
    assert_eq!(a.published.evidence.map(|s| s.slice(text)), Some("3 March 2022 - 08:15"));
    assert_eq!(a.outlet.as_deref(), Some("Daily Planet"));
    assert_eq!(
        a.body.as_str(),
        "The council voted 7-2 on Tuesday to approve the budget.\n\nThe mayor welcomed the result."
    );
    assert_eq!(a.text, text, "text is verbatim");
    assert_verbatim(text, &a.body);
}

#[test]
fn meta_token_line_and_agency_dateline() {
    let text = " date 2020-05-14 https://tass.ru/politika/8472661\n\nKremlin comments on talks\n\nMOSCOW, May 14 – TASS. The Kremlin said on Thursday that talks would continue.\n";
    let (c, a) = read(text);
    assert_eq!(a.url.as_deref(), Some("https://tass.ru/politika/8472661"));
    assert_eq!(a.published.date.map(|d| d.to_string()).as_deref(), Some("2020-05-14"));
    assert_eq!(a.outlet.as_deref(), Some("TASS"));
    assert_eq!(c.dateline.as_deref(), Some("MOSCOW"));
    assert_eq!(a.body.as_str(), "The Kremlin said on Thursday that talks would continue.");
}

#[test]
fn wire_datelines() {
    for (para, place, agency, md) in [
        ("LONDON, June 3 (Reuters) - Prices rose.", "LONDON", Some("Reuters"), Some((6, 3))),
        ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON", Some("AP"), None),
        ("KYIV, Ukraine (AP) — Sirens sounded.", "KYIV, Ukraine", Some("AP"), None),
        ("MOSCOW, March 20. /TASS/. The envoy left.", "MOSCOW", Some("TASS"), Some((3, 20))),
        ("NEW DELHI: The ministry said.", "NEW DELHI", None, None),
        ("Moscow, 2 November (Interfax) - Talks ended.", "Moscow", Some("Interfax"), Some((11, 2))),
        ("PARIS — The French president spoke.", "PARIS", None, None),
    ] {
        let m = match_dateline(para).unwrap_or_else(|| panic!("{para}"));
        assert_eq!(m.place, place, "{para}");
        assert_eq!(m.agency.as_deref(), agency, "{para}");
        assert_eq!(m.month_day, md, "{para}");
    }
    for not in
        ["UPDATE: The ministry said.", "President Putin – who spoke – said.", "The US - and others - agreed.", "NATO"]
    {
        assert!(match_dateline(not).is_none(), "{not}");
    }
}

#[test]
fn markdown_residue_credits_and_related_lines() {
    let text = "Ministers meet in Brussels\n\nOctober 12, 2022\n\nThe ministers shake hands. **Jane Doe / Reuters**\n\nThe talks, [reported](#) by local media, **lasted** hours.\n\nRelated article: [Earlier talks fail](https://example.com/x)\n\n![a photo](https://example.com/p.jpg)\n\nREAD MORE: Why the talks matter\n\nPhoto: John Smith/AFP\n\nA final agreement is expected [next week](https://example.com/y).\n\nOriginal url:\n\n<https://www.example-news.com/2022/10/12/ministers-meet>\n";
    let (_, a) = read(text);
    assert_eq!(a.title.as_deref(), Some("Ministers meet in Brussels"));
    assert_eq!(
        a.body.as_str(),
        "The talks, reported by local media, lasted hours.\n\nA final agreement is expected next week."
    );
    assert_eq!(a.url.as_deref(), Some("https://www.example-news.com/2022/10/12/ministers-meet"));
    assert_eq!(a.outlet.as_deref(), Some("example-news.com"), "an unknown domain falls back to the domain");
    assert_eq!(a.published.date.map(|d| d.to_string()).as_deref(), Some("2022-10-12"));
    assert_eq!(a.published.basis, Some(DateBasis::Stated));
    assert_verbatim(text, &a.body);
}

#[test]
fn teasers_comments_and_copy_paste_breaks() {
    let text = "The first paragraph of the story ends here.\n\n  • A teaser for another story without a period\n\nThe minister said the decision will depend\n\non what the partners do next.\n\nAlso on example.com Another story you might like\n\nAlso on Tuesday, the minister met his counterpart.\n\n* Comment:";
    let (c, a) = read(text);
    assert_eq!(c.title, None, "a first line that is a sentence is not a headline");
    assert_eq!(
        a.body.as_str(),
        "The first paragraph of the story ends here.\n\nThe minister said the decision will depend on what the partners do next.\n\nAlso on Tuesday, the minister met his counterpart."
    );
    assert_verbatim(text, &a.body);
}

#[test]
fn hard_wrapped_blocks_are_joined_and_line_paragraphs_kept() {
    let text = "The committee met on Monday to discuss\nthe proposal, which had been delayed\nfor months by objections.\n\nA second paragraph follows.\n";
    let (_, a) = read(text);
    assert_eq!(
        a.body.as_str(),
        "The committee met on Monday to discuss the proposal, which had been delayed for months by objections.\n\nA second paragraph follows."
    );
    let lines = "One full sentence here.\nAnother full sentence on the next line.\nA third.\n";
    let (_, a) = read(lines);
    assert_eq!(a.body.as_str(), "One full sentence here.\n\nAnother full sentence on the next line.\n\nA third.");
}

#[test]
fn trailers_and_bylines() {
    let text = "Storm hits the coast\nBy Maria Lopez\n\nThe storm arrived on Sunday night.\n\n(Reporting by Maria Lopez; Editing by Tom Brown)\n\nShare this article\n\n© 2023 Example News. All rights reserved.\n";
    let (_, a) = read(text);
    assert_eq!(a.title.as_deref(), Some("Storm hits the coast"));
    assert_eq!(a.body.as_str(), "The storm arrived on Sunday night.");
}

#[test]
fn url_dates_and_dateline_dates() {
    // A dateline's month and day take their year from the URL.
    let text = "Header line of a story\n\nLONDON, Jan 5 (Reuters) - Markets fell.\n\nhttps://www.example.com/2023/01/05/markets-fall\n";
    let (_, a) = read(text);
    assert_eq!(a.published.basis, Some(DateBasis::Dateline));
    assert_eq!(a.published.date.map(|d| d.to_string()).as_deref(), Some("2023-01-05"));
    assert_eq!(a.outlet.as_deref(), Some("Reuters"));
    // Only the URL: basis url.
    let text = "Markets fell sharply on Thursday.\n\nURL: https://www.themoscowtimes.com/2021/04/08/markets\n";
    let (_, a) = read(text);
    assert_eq!(a.published.basis, Some(DateBasis::Url));
    assert_eq!(a.outlet.as_deref(), Some("The Moscow Times"));
}

#[test]
fn nothing_but_a_sentence_and_odd_inputs() {
    let (c, a) = read("Just one sentence.");
    assert_eq!(c.title, None);
    assert_eq!(a.body.as_str(), "Just one sentence.");
    for odd in ["", "\n\n\n", "\u{feff}", "**", "[x](", "a\r\nb\rc", "•", "MOSCOW –", "Title\n\n"] {
        let (_, a) = read(odd);
        assert_verbatim(odd, &a.body);
    }
}

#[test]
fn russian_text() {
    let text = "Посол вернулся в Вашингтон\n\nМОСКВА, 2 ноября — РИА Новости. Посол России вернулся в Вашингтон после консультаций в Москве. Он заявил журналистам, что рассчитывает на конструктивную работу с американскими коллегами.\n";
    let (c, a) = read(text);
    assert_eq!(a.title.as_deref(), Some("Посол вернулся в Вашингтон"));
    assert_eq!(c.dateline.as_deref(), Some("МОСКВА"));
    assert_eq!(a.outlet.as_deref(), Some("РИА Новости"));
    assert_eq!(a.language.as_deref(), Some("ru"));
    assert!(a.body.as_str().starts_with("Посол России"));
}

proptest::proptest! {
    #[test]
    fn never_panics_and_stays_verbatim(s in "(?s).{0,400}") {
        let (_, a) = read(&s);
        assert_verbatim(&s, &a.body);
        if let Some(span) = a.title_span { proptest::prop_assert!(s.get(span.range()).is_some()); }
    }

    #[test]
    fn never_panics_on_newsy_lines(lines in proptest::collection::vec("(News ID: 1|Publish Date : 20 June 2021 - 21:44|MOSCOW, June 2 – TASS\\.|\\*\\*A / B\\*\\*|\\[x\\]\\(#\\)|Source : TASS|Original url:|<https://a\\.ru/2021/01/02/x>|  • teaser|Also on x\\.com|\\* Comment:|[A-Za-z ,.]{0,40}|)", 0..12)) {
        let s = lines.join("\n");
        let (_, a) = read(&s);
        assert_verbatim(&s, &a.body);
    }
}

#[test]
fn sentences_that_look_like_headers_stay() {
    let text = "Source: the ministry said on Monday that the talks had failed badly.\n\nDate: to be decided, officials added later.\n";
    let (_, a) = read(text);
    assert_eq!(a.outlet, None);
    assert!(a.body.as_str().starts_with("Source: the ministry said"), "{}", a.body.as_str());
    assert!(a.body.as_str().contains("Date: to be decided"));
}

#[test]
fn headlines_ending_with_a_period() {
    let (_, a) = read("Council Approves Budget After Long Debate.\n\nThe council voted on Tuesday.\n");
    assert_eq!(a.title.as_deref(), Some("Council Approves Budget After Long Debate."));
    let (_, a) = read("Chelsea expects a second child.\n\nNEW YORK (AP) — The couple announced it on Monday.\n");
    assert_eq!(a.title.as_deref(), Some("Chelsea expects a second child."));
    assert_eq!(a.outlet.as_deref(), Some("AP"));
    // A short first sentence in sentence case, with no dateline after it, stays in the body.
    let (_, a) = read("The diplomat spoke about this before leaving.\n\nHe said more later.\n");
    assert_eq!(a.title, None);
}

#[test]
fn inline_markup_is_cut_only_where_it_is() {
    let pieces = |s: &str| -> String { inline_pieces(s, 0..s.len()).into_iter().map(|r| &s[r]).collect() };
    // An image with no alt text is no link, and is cut all the same.
    assert_eq!(pieces("Before ![](https://example.com/p.jpg) after"), "Before  after");
    assert_eq!(pieces("See [the report](https://example.com/r) now"), "See the report now");
    assert_eq!(pieces("A **bold** claim"), "A bold claim");
    // Brackets without the "](" of a link stay.
    assert_eq!(pieces("Said [sic] and (then) left"), "Said [sic] and (then) left");
}
