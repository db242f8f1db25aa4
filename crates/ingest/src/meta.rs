//! Article metadata from every source a reader found it in, resolved in one place: outlet names
//! (the built-in domain table), URL hosts, languages, and the order of precedence between a
//! stated date, a dateline and a date in the URL.

use crate::dates;
use std::collections::HashMap;
use std::sync::LazyLock;
use storyline_core::{DateBasis, PartialDate, Published, Span};

/// Domain -> readable outlet name, a few hundred well-known news outlets.
static OUTLETS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    include_str!("../data/outlets.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(d, n)| (d.trim(), n.trim()))
        .collect()
});

/// Lowercased outlet name -> the table's spelling, so "tass" or "Reuters" map to one name.
static OUTLET_NAMES: LazyLock<HashMap<String, &'static str>> =
    LazyLock::new(|| OUTLETS.values().map(|n| (n.to_lowercase(), *n)).collect());

/// The host of a URL, lowercased, without `www.`/`m.`/`amp.`/`mobile.` and without a port.
pub fn host_of(url: &str) -> Option<String> {
    let url = url.trim().trim_matches(['<', '>']);
    let rest = match url.split_once("://") {
        Some((scheme, rest)) if scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)) => rest,
        Some(_) => return None,
        None if url.starts_with("www.") => url,
        None => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || !host.contains('.') || host.chars().any(|c| c.is_whitespace()) {
        return None;
    }
    let mut h = host.as_str();
    for prefix in ["www.", "m.", "amp.", "mobile.", "www1.", "www2."] {
        if let Some(rest) = h.strip_prefix(prefix)
            && rest.contains('.')
        {
            h = rest;
        }
    }
    Some(h.to_string())
}

/// The readable outlet name of a host in the built-in table, trying parent domains too.
pub fn known_outlet_for_host(host: &str) -> Option<&'static str> {
    let mut h = host;
    loop {
        if let Some(name) = OUTLETS.get(h) {
            return Some(name);
        }
        let (_, parent) = h.split_once('.')?;
        if !parent.contains('.') {
            return None;
        }
        h = parent;
    }
}

/// Whether a string looks like a bare domain ("rt.com", "www.tass.ru").
fn is_domain(s: &str) -> bool {
    !s.contains(char::is_whitespace)
        && s.contains('.')
        && s.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// An outlet name as stated somewhere (a `Source :` line, a JSON field, `og:site_name`): a
/// domain goes through the table; a known name gets the table's spelling; anything else is kept.
pub fn outlet_from_name(name: &str) -> Option<String> {
    let name = name.trim().trim_matches(|c: char| c == '*' || c == '"' || c.is_whitespace());
    if name.is_empty() || name.chars().count() > 80 {
        return None;
    }
    if is_domain(name) || name.contains("://") {
        let host = host_of(name).or_else(|| host_of(&format!("http://{name}")))?;
        return Some(known_outlet_for_host(&host).map_or(host, str::to_string));
    }
    Some(OUTLET_NAMES.get(&name.to_lowercase()).map_or_else(|| name.to_string(), |n| n.to_string()))
}

/// Words in a dateline's parentheses that name no outlet ("MOSCOW (Dispatches) –").
const NOT_AN_AGENCY: &[&str] = &[
    "dispatches",
    "agencies",
    "agency",
    "staff",
    "wires",
    "news wires",
    "news agencies",
    "reporters",
    "correspondent",
    "our correspondent",
    "news desk",
    "newswires",
    "web desk",
    "online desk",
    "sputnik/agencies",
];

/// The outlet a dateline names: `(Reuters)`, `– RIA Novosti.`, `/TASS/`. Generic words like
/// "Dispatches" name none.
pub fn outlet_from_agency(agency: &str) -> Option<String> {
    let a = agency.trim().trim_matches(|c: char| c == '/' || c == '.' || c.is_whitespace());
    if a.is_empty() || NOT_AN_AGENCY.contains(&a.to_lowercase().as_str()) || a.contains(['/', ',', '&']) {
        return None;
    }
    if let Some(name) = OUTLET_NAMES.get(&a.to_lowercase()) {
        return Some(name.to_string());
    }
    let words: Vec<&str> = a.split_whitespace().collect();
    let capitalised = words.iter().all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric()));
    (words.len() <= 4 && capitalised).then(|| a.to_string())
}

/// ISO 639-1 code of a detected language, when whatlang is confident. Judged on the first
/// 1 KiB when that alone is decisive, else on the first 4 KiB (enough for a reliable guess, and
/// bounded time): most articles are settled by their first paragraph, at a quarter of the cost.
pub fn detect_language(text: &str) -> Option<String> {
    let first = prefix(text, 1024);
    if is_plainly_english(first) {
        return Some("en".to_string());
    }
    if first.len() < text.len()
        && let Some(info) = whatlang::detect(first)
        && info.is_reliable()
        && info.confidence() >= DECISIVE
    {
        return iso639_1(info.lang().code()).map(str::to_string);
    }
    let sample = prefix(text, 4096);
    let words = sample.split_whitespace().count();
    if words < 5 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    // whatlang's own reliability bar is strict for close languages (ru/uk/bg) on short texts;
    // a clear majority over ten words or more is confident enough.
    if !(info.is_reliable() || (info.confidence() >= 0.5 && words >= 10)) {
        return None;
    }
    iso639_1(info.lang().code()).map(str::to_string)
}

/// Whether a sixth or more of the words of `sample` (twenty at least) are English function
/// words that no other common language writes the same way: English, beyond doubt, without the
/// trigram comparison against every Latin-script language (the most costly step of ingesting).
/// Punctuation standing alone (" , " in tokenised text) is not a word.
fn is_plainly_english(sample: &str) -> bool {
    let (mut words, mut hits) = (0usize, 0usize);
    let mut buf = [0u8; 8];
    for w in sample.split_whitespace() {
        let w = w.trim_matches(|c: char| c.is_ascii_punctuation());
        if w.is_empty() {
            continue;
        }
        words += 1;
        if w.len() <= buf.len() && w.is_ascii() {
            let lower = &mut buf[..w.len()];
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            hits += usize::from(ENGLISH_FUNCTION_WORDS.contains(&&*lower));
        }
    }
    words >= 20 && hits * 6 >= words
}

/// Frequent English words, without "was", "will", "an", "on", "is", "we", "her", "by", "at" and
/// "he": German, Dutch, French, Danish or Spanish write those too.
const ENGLISH_FUNCTION_WORDS: &[&[u8]] = &[
    b"the", b"of", b"and", b"to", b"that", b"for", b"with", b"said", b"from", b"his", b"it", b"be", b"are", b"have",
    b"has", b"were", b"not", b"but", b"they", b"this", b"who", b"had", b"been", b"would", b"their", b"which", b"after",
    b"its", b"than", b"about", b"she", b"there", b"or",
];

/// The confidence at which the first kilobyte settles an article's language on its own.
const DECISIVE: f64 = 0.9;

/// At most the first `max` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A declared language tag (`en-US`, `ru_RU`, `English`) as an ISO 639-1 code.
pub fn normalize_language(tag: &str) -> Option<String> {
    let t = tag.trim().to_ascii_lowercase();
    let primary = t.split(['-', '_', ' ']).next()?;
    if primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase()) {
        return Some(primary.to_string());
    }
    if primary.len() == 3 {
        return iso639_1(primary).map(str::to_string);
    }
    let by_name = [
        ("english", "en"),
        ("russian", "ru"),
        ("german", "de"),
        ("french", "fr"),
        ("spanish", "es"),
        ("ukrainian", "uk"),
        ("italian", "it"),
        ("portuguese", "pt"),
        ("chinese", "zh"),
        ("arabic", "ar"),
    ];
    by_name.iter().find(|(n, _)| *n == primary).map(|(_, c)| c.to_string())
}

/// ISO 639-3 (whatlang's codes) to ISO 639-1.
fn iso639_1(code: &str) -> Option<&'static str> {
    Some(match code {
        "eng" => "en",
        "rus" => "ru",
        "ukr" => "uk",
        "bel" => "be",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "nld" => "nl",
        "pol" => "pl",
        "ces" => "cs",
        "slk" => "sk",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "bul" => "bg",
        "mkd" => "mk",
        "ron" => "ro",
        "hun" => "hu",
        "fin" => "fi",
        "est" => "et",
        "lav" => "lv",
        "lit" => "lt",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "nb",
        "isl" => "is",
        "ell" => "el",
        "tur" => "tr",
        "aze" => "az",
        "kat" => "ka",
        "hye" => "hy",
        "heb" => "he",
        "yid" => "yi",
        "ara" => "ar",
        "pes" => "fa",
        "urd" => "ur",
        "hin" => "hi",
        "ben" => "bn",
        "pan" => "pa",
        "guj" => "gu",
        "mar" => "mr",
        "nep" => "ne",
        "tam" => "ta",
        "tel" => "te",
        "kan" => "kn",
        "mal" => "ml",
        "ori" => "or",
        "sin" => "si",
        "tha" => "th",
        "vie" => "vi",
        "khm" => "km",
        "mya" => "my",
        "ind" => "id",
        "jav" => "jv",
        "tgl" => "tl",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "uzb" => "uz",
        "kaz" => "kk",
        "tuk" => "tk",
        "amh" => "am",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "aka" => "ak",
        "lat" => "la",
        "cat" => "ca",
        "epo" => "eo",
        "cym" => "cy",
        "gle" => "ga",
        "eus" => "eu",
        "glg" => "gl",
        "tgk" => "tg",
        "kir" => "ky",
        "mon" => "mn",
        _ => return None,
    })
}

/// A date read from the text or a field, and how it was stated.
#[derive(Clone, Debug, PartialEq)]
pub struct DateClaim {
    pub date: PartialDate,
    pub time: Option<String>,
    /// Where in the article text it was read, when it was read from the text.
    pub evidence: Option<Span>,
}

/// Everything a reader found about an article, before precedence is applied.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// An outlet stated outright: a `Source :` line, a JSON `outlet`/`source` field.
    pub stated_outlet: Option<String>,
    /// `og:site_name`, JSON-LD publisher.
    pub site_name: Option<String>,
    /// The agency a dateline names.
    pub dateline_agency: Option<String>,
    /// A feed's own title, the weakest outlet hint.
    pub feed_title: Option<String>,
    pub url: Option<String>,
    /// A date stated by a header line, `<meta>`, a JSON or feed field.
    pub stated: Option<DateClaim>,
    /// The month and day of a dateline (which names no year) and where it was read.
    pub dateline_date: Option<((u8, u8), Option<Span>)>,
    pub declared_language: Option<String>,
}

/// The outlet, in order of precedence: stated, site name, a known URL domain, a dateline agency,
/// the feed's title, and last the bare domain of the URL.
pub fn resolve_outlet(found: &Found) -> Option<String> {
    let host = found.url.as_deref().and_then(host_of);
    found
        .stated_outlet
        .as_deref()
        .and_then(outlet_from_name)
        .or_else(|| found.site_name.as_deref().and_then(outlet_from_name))
        .or_else(|| host.as_deref().and_then(known_outlet_for_host).map(str::to_string))
        .or_else(|| found.dateline_agency.as_deref().and_then(outlet_from_agency))
        .or_else(|| found.feed_title.as_deref().and_then(outlet_from_name))
        .or(host)
}

/// The publication date, in order of precedence: stated, dateline (its year taken from the URL
/// date, which must not contradict it), URL. A dateline without any year gives no date.
pub fn resolve_published(found: &Found) -> Published {
    if let Some(s) = &found.stated {
        return Published { time: s.time.clone(), evidence: s.evidence, ..Published::stated(s.date) };
    }
    let url_date = found.url.as_deref().and_then(dates::date_from_url);
    if let (Some(((m, d), span)), Some(u)) = (found.dateline_date, url_date)
        && let Some(date) = PartialDate::day(u.year, m, d)
        && u.month.is_none_or(|um| um == m || (um % 12) + 1 == m || (m % 12) + 1 == um)
    {
        return Published { evidence: span, ..Published::with_basis(date, DateBasis::Dateline) };
    }
    match url_date {
        Some(u) => Published::with_basis(u, DateBasis::Url),
        None => Published::unknown(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_known_outlets() {
        assert_eq!(host_of("https://www.themoscowtimes.com/2021/04/07/x").as_deref(), Some("themoscowtimes.com"));
        assert_eq!(host_of("<https://ria.ru/20211102/ssha.html>").as_deref(), Some("ria.ru"));
        assert_eq!(host_of("http://user@edition.cnn.com:8080/x").as_deref(), Some("edition.cnn.com"));
        assert_eq!(host_of("not a url"), None);
        assert_eq!(known_outlet_for_host("edition.cnn.com"), Some("CNN"));
        assert_eq!(known_outlet_for_host("tass.com"), Some("TASS"));
        assert_eq!(known_outlet_for_host("example.org"), None);
        assert!(OUTLETS.len() > 300, "{}", OUTLETS.len());
        let lines =
            include_str!("../data/outlets.tsv").lines().filter(|l| l.contains('\t') && !l.starts_with('#')).count();
        assert_eq!(lines, OUTLETS.len(), "no domain listed twice");
    }

    #[test]
    fn outlet_names() {
        assert_eq!(outlet_from_name("TASS").as_deref(), Some("TASS"));
        assert_eq!(outlet_from_name("tass").as_deref(), Some("TASS"));
        assert_eq!(outlet_from_name("rt.com").as_deref(), Some("RT"));
        assert_eq!(outlet_from_name("unknown-news.example").as_deref(), Some("unknown-news.example"));
        assert_eq!(outlet_from_agency("Dispatches"), None);
        assert_eq!(outlet_from_agency("Reuters").as_deref(), Some("Reuters"));
        assert_eq!(outlet_from_agency("RIA Novosti").as_deref(), Some("RIA Novosti"));
        assert_eq!(outlet_from_agency("AFP/Reuters"), None);
    }

    #[test]
    fn precedence() {
        let found = Found {
            dateline_agency: Some("Reuters".into()),
            url: Some("https://www.unknown-site.example/2021/04/07/x".into()),
            ..Found::default()
        };
        assert_eq!(resolve_outlet(&found).as_deref(), Some("Reuters"));
        let p = resolve_published(&found);
        assert_eq!(p.basis, Some(DateBasis::Url));
        let with_dateline = Found { dateline_date: Some(((4, 8), None)), ..found.clone() };
        let p = resolve_published(&with_dateline);
        assert_eq!((p.date.map(|d| d.to_string()), p.basis), (Some("2021-04-08".into()), Some(DateBasis::Dateline)));
        let no_url = Found { url: None, ..with_dateline };
        assert_eq!(resolve_published(&no_url).date, None);
    }

    #[test]
    fn languages() {
        assert_eq!(
            detect_language(
                "The ambassador returned to Washington on Sunday, expecting meetings with colleagues next week."
            )
            .as_deref(),
            Some("en")
        );
        assert_eq!(
            detect_language("Посол России в США вернулся в Вашингтон в воскресенье после консультаций в Москве.")
                .as_deref(),
            Some("ru")
        );
        assert_eq!(detect_language("ok"), None);
        assert_eq!(normalize_language("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_language("rus").as_deref(), Some("ru"));
    }

    #[test]
    fn english_is_settled_by_its_function_words_and_other_languages_are_not() {
        let english = "The ambassador returned to Washington on Sunday after weeks of consultations in Moscow, \
                       and he said that the talks with his colleagues had been useful for both sides.";
        assert!(is_plainly_english(english));
        assert_eq!(detect_language(english).as_deref(), Some("en"));
        // German and Dutch share "was", "will", "an", "in", "is", "we" with English.
        let german = "Der Botschafter ist am Sonntag nach Washington zurückgekehrt, was viele erwartet hatten; \
                      er will an den Gesprächen in der nächsten Woche teilnehmen und mit den Kollegen reden.";
        assert!(!is_plainly_english(german));
        assert_eq!(detect_language(german).as_deref(), Some("de"));
        let dutch = "De ambassadeur is op zondag teruggekeerd naar Washington, waar hij volgende week met zijn \
                     collega's wil praten over de betrekkingen tussen beide landen en de nieuwe sancties.";
        assert!(!is_plainly_english(dutch));
        assert_eq!(detect_language(dutch).as_deref(), Some("nl"));
        // Too few words to count on, however much punctuation stands between them.
        assert!(!is_plainly_english("The talks of the week"));
        assert!(!is_plainly_english("The talks , of the week : - ; ( ) , . . . , - - - , . ` ` ' ' -- ."));
        // Tokenised text, punctuation split off: the punctuation does not dilute the words.
        let tokenised = "Russian ambassador Anatoly Antonov returned to Washington on Sunday , weeks after \
                         Moscow recalled him , officials said . `` Talks with the State Department resume \
                         Monday , '' said Maria Zakharova , spokeswoman , adding ( Tuesday ) : Lavrov will \
                         travel , too . Antonov met the officials .";
        assert!(is_plainly_english(tokenised));
    }

    #[test]
    fn a_long_text_is_judged_on_its_first_kilobyte_or_more() {
        let french = "L'ambassadeur de Russie aux États-Unis est rentré dimanche à Washington après des \
                      consultations à Moscou, où il avait été rappelé au printemps. ";
        let long = french.repeat(40);
        assert!(long.len() > 4096);
        assert_eq!(detect_language(&long).as_deref(), Some("fr"));
        // Never cut inside a character.
        let cyrillic = "Посол России вернулся в Вашингтон. ".repeat(60);
        assert!(prefix(&cyrillic, 1024).len() <= 1024);
        assert_eq!(detect_language(&cyrillic).as_deref(), Some("ru"));
    }
}
