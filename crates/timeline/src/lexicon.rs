//! The word lists the event layer reads: what kind of event a trigger word names, which words
//! open a subordinate clause, which leading connectives and attribution tails are noise in a
//! timeline line, and which capital stands for which country.
//!
//! Lists, not a model, because the vocabulary of political and diplomatic actions is small and
//! closed, and a list can be read and corrected by anyone.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// The kind of an event: a small vocabulary of political and diplomatic actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventType {
    Statement,
    Meeting,
    Visit,
    Return,
    Recall,
    Expulsion,
    Sanction,
    Agreement,
    Accusation,
    Appointment,
    Resignation,
    Election,
    Attack,
    Protest,
    Arrest,
    Trial,
    Death,
    Disaster,
    Military,
    Other,
}

impl EventType {
    /// The name used in `report.json`.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Statement => "statement",
            EventType::Meeting => "meeting",
            EventType::Visit => "visit",
            EventType::Return => "return",
            EventType::Recall => "recall",
            EventType::Expulsion => "expulsion",
            EventType::Sanction => "sanction",
            EventType::Agreement => "agreement",
            EventType::Accusation => "accusation",
            EventType::Appointment => "appointment",
            EventType::Resignation => "resignation",
            EventType::Election => "election",
            EventType::Attack => "attack",
            EventType::Protest => "protest",
            EventType::Arrest => "arrest",
            EventType::Trial => "trial",
            EventType::Death => "death",
            EventType::Disaster => "disaster",
            EventType::Military => "military",
            EventType::Other => "other",
        }
    }

    /// How specific the type is: when a clause holds several triggers, the most specific near
    /// the date wins. Reporting verbs are everywhere in news, so `statement` ranks lowest.
    pub fn specificity(self) -> u8 {
        match self {
            EventType::Other => 0,
            EventType::Statement => 1,
            EventType::Meeting | EventType::Visit | EventType::Military | EventType::Accusation => 2,
            _ => 3,
        }
    }

    /// Whether an actor does this at most once in a short while, so that two reports of it with
    /// different dates disagree rather than describe two events ("returned to Washington").
    /// Statements and meetings repeat; a return, a recall or a death does not.
    pub fn is_singular(self) -> bool {
        matches!(
            self,
            EventType::Return
                | EventType::Recall
                | EventType::Expulsion
                | EventType::Appointment
                | EventType::Resignation
                | EventType::Arrest
                | EventType::Death
        )
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Trigger words (lowercase, as written) and the event type each names, with the lemma used to
/// decide whether two reports name the same action ("returned", "return", "returning" ->
/// "return").
const TRIGGERS: &[(&str, EventType, &[&str])] = &[
    // Statements. "called" is not here: "called Putin a killer" is an accusation, "called for"
    // a demand, "called back" a recall.
    ("say", EventType::Statement, &["said", "says", "say", "saying", "told", "tells", "tell", "telling"]),
    (
        "announce",
        EventType::Statement,
        &["announced", "announces", "announce", "announcing", "announcement", "declared", "declares", "declaration"],
    ),
    (
        "state",
        EventType::Statement,
        &["stated", "states", "statement", "statements", "stressed", "emphasized", "emphasised", "noted", "remarked"],
    ),
    ("warn", EventType::Statement, &["warned", "warns", "warning", "warn"]),
    (
        "express",
        EventType::Statement,
        &[
            "indicated",
            "expressed",
            "spoke",
            "asked",
            "replied",
            "answered",
            "commented",
            "explained",
            "insisted",
            "claimed",
            "argued",
            "suggested",
            "proposed",
            "offered",
            "described",
        ],
    ),
    ("urge", EventType::Statement, &["urged", "urges", "appealed", "demanded", "demands"]),
    ("write", EventType::Statement, &["wrote", "writes", "letter", "tweeted", "posted"]),
    ("speech", EventType::Statement, &["speech", "address", "addressed", "interview", "remarks"]),
    ("deny", EventType::Statement, &["denied", "denies", "deny", "rejected", "rejects", "dismissed"]),
    ("confirm", EventType::Statement, &["confirmed", "confirms", "admitted", "admits", "conceded", "concedes"]),
    ("promise", EventType::Statement, &["promised", "promises", "pledged", "pledges", "vowed", "vows"]),
    // Meetings and talks.
    ("meet", EventType::Meeting, &["met", "meet", "meets", "meeting", "meetings"]),
    ("summit", EventType::Meeting, &["summit", "summits"]),
    (
        "talk",
        EventType::Meeting,
        &[
            "talks",
            "negotiations",
            "negotiated",
            "consultations",
            "conference",
            "discussed",
            "discussions",
            "conversation",
            "call",
        ],
    ),
    // Travel.
    ("visit", EventType::Visit, &["visited", "visit", "visits", "visiting", "toured", "tour", "trip"]),
    (
        "travel",
        EventType::Visit,
        &["travelled", "traveled", "travel", "flew", "flying", "flight", "departed", "headed"],
    ),
    ("arrive", EventType::Visit, &["arrived", "arrive", "arrives", "arriving", "arrival", "landed", "lands"]),
    ("leave", EventType::Visit, &["left", "leaving", "leaves"]),
    ("return", EventType::Return, &["returned", "return", "returns", "returning"]),
    // Diplomats.
    ("recall", EventType::Recall, &["recalled", "recall", "recalls", "recalling", "summoned", "summons"]),
    ("expel", EventType::Expulsion, &["expelled", "expel", "expels", "expelling", "expulsion", "expulsions"]),
    // Sanctions.
    ("sanction", EventType::Sanction, &["sanctions", "sanctioned", "sanction", "embargo", "blacklisted"]),
    ("ban", EventType::Sanction, &["banned", "barred", "barring", "ban", "bans", "suspended", "froze", "frozen"]),
    // Agreements.
    ("agree", EventType::Agreement, &["agreed", "agree", "agrees", "agreement", "agreements"]),
    ("sign", EventType::Agreement, &["signed", "sign", "signs", "signing"]),
    ("deal", EventType::Agreement, &["deal", "treaty", "accord", "pact", "ceasefire", "truce"]),
    ("approve", EventType::Agreement, &["approved", "approves", "passed", "ratified", "adopted"]),
    // Accusations.
    (
        "accuse",
        EventType::Accusation,
        &["accused", "accuse", "accuses", "accusing", "accusation", "accusations", "alleged", "blamed", "blames"],
    ),
    (
        "condemn",
        EventType::Accusation,
        &["condemned", "condemns", "criticized", "criticised", "criticizes", "denounced", "slammed", "mocked"],
    ),
    // Appointments and departures from office.
    (
        "appoint",
        EventType::Appointment,
        &["appointed", "appoints", "appointment", "nominated", "nominee", "sworn", "inaugurated"],
    ),
    (
        "resign",
        EventType::Resignation,
        &["resigned", "resigns", "resignation", "quit", "quits", "stepped", "ousted", "sacked", "fired"],
    ),
    // Elections.
    (
        "elect",
        EventType::Election,
        &["elected", "election", "elections", "vote", "voted", "votes", "voting", "referendum", "polls", "ballot"],
    ),
    // Violence.
    (
        "attack",
        EventType::Attack,
        &[
            "attack",
            "attacks",
            "attacked",
            "bombing",
            "bombings",
            "bombed",
            "bomb",
            "blast",
            "explosion",
            "shelling",
            "airstrike",
            "airstrikes",
            "raid",
            "ambush",
            "shot",
            "fired",
            "stormed",
            "seized",
            "captured",
        ],
    ),
    (
        "protest",
        EventType::Protest,
        &[
            "protest",
            "protests",
            "protested",
            "protesters",
            "protestors",
            "demonstration",
            "demonstrations",
            "demonstrators",
            "rally",
            "rallies",
            "march",
            "clashes",
            "clashed",
            "riots",
        ],
    ),
    (
        "arrest",
        EventType::Arrest,
        &[
            "arrested",
            "arrest",
            "arrests",
            "detained",
            "detention",
            "jailed",
            "jailing",
            "captured",
            "freed",
            "released",
        ],
    ),
    (
        "try",
        EventType::Trial,
        &[
            "trial",
            "charged",
            "sentenced",
            "convicted",
            "acquitted",
            "verdict",
            "indicted",
            "testified",
            "court",
            "ruled",
            "lawsuit",
            "sued",
        ],
    ),
    (
        "die",
        EventType::Death,
        &[
            "died",
            "dies",
            "dead",
            "death",
            "deaths",
            "killed",
            "kills",
            "killing",
            "murdered",
            "executed",
            "assassinated",
            "funeral",
        ],
    ),
    (
        "disaster",
        EventType::Disaster,
        &[
            "earthquake",
            "quake",
            "spill",
            "leak",
            "flood",
            "floods",
            "hurricane",
            "outbreak",
            "pandemic",
            "epidemic",
            "crashed",
            "crash",
            "sank",
            "fire",
        ],
    ),
    (
        "military",
        EventType::Military,
        &[
            "troops",
            "invaded",
            "invasion",
            "offensive",
            "deployed",
            "withdrew",
            "withdrawal",
            "launched",
            "occupied",
            "ceased",
        ],
    ),
];

/// The event type and lemma of `word` (any case) when it is a trigger.
pub fn trigger(word: &str) -> Option<(EventType, &'static str)> {
    // Every word of every sentence of a story is looked up: one hash probe, not a scan of every
    // form of every trigger.
    static BY_FORM: LazyLock<HashMap<&str, (EventType, &str)>> = LazyLock::new(|| {
        let mut by_form = HashMap::new();
        for &(lemma, ty, forms) in TRIGGERS {
            for &form in forms {
                // A form listed twice belongs to its first trigger.
                by_form.entry(form).or_insert((ty, lemma));
            }
        }
        by_form
    });
    BY_FORM.get(lowercase(word).trim_end_matches(['’', '\''])).copied()
}

/// `text` in lower case, borrowed when it has no capital (most words): no allocation per word.
pub fn lowercase(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_uppercase) { Cow::Owned(text.to_lowercase()) } else { Cow::Borrowed(text) }
}

/// Words that open a subordinate clause: an event dated inside "after Biden said in March that
/// ..." is Biden's statement, not what the main clause reports.
pub const SUBORDINATORS: &[&str] = &[
    "after",
    "before",
    "following",
    "when",
    "while",
    "because",
    "although",
    "though",
    "whereas",
    "until",
    "once",
    "since",
];

/// Words that open a relative clause (after a comma).
pub const RELATIVES: &[&str] = &["which", "who", "whom", "whose", "where"];

/// Words that may start an independent clause after ", and" / ", but".
pub const SUBJECT_STARTS: &[&str] = &[
    "he", "she", "they", "we", "i", "it", "the", "a", "an", "this", "that", "these", "those", "his", "her", "their",
    "its", "there",
];

/// Connectives that open a sentence and add nothing to a timeline line. Matched at the start,
/// case-insensitively, followed by a comma or a space; longer forms first.
pub const LEADING_CONNECTIVES: &[&str] = &[
    "at the same time",
    "on the other hand",
    "in the meantime",
    "in addition",
    "in turn",
    "in response",
    "as a result",
    "recall that",
    "meanwhile",
    "however",
    "moreover",
    "furthermore",
    "nevertheless",
    "nonetheless",
    "additionally",
    "separately",
    "similarly",
    "meantime",
    "besides",
    "indeed",
    "still",
    "also",
    "later",
    "earlier",
    "then",
    "thus",
    "but",
    "and",
    "yet",
    "so",
];

/// Verbs and phrases by which a sentence cites its source ("..., the RIA news agency reported").
pub const ATTRIBUTION_WORDS: &[&str] = &[
    "reported",
    "reports",
    "said",
    "says",
    "told",
    "according",
    "citing",
    "cited",
    "quoted",
    "added",
    "noted",
    "stressed",
    "emphasized",
    "emphasised",
    "stated",
    "announced",
    "wrote",
    "tweeted",
    "confirmed",
    "explained",
];

/// Words that mark the event as planned or expected rather than done.
pub const FUTURE_MARKERS: &[&str] = &[
    "will",
    "'ll",
    "’ll",
    "shall",
    "scheduled",
    "planned",
    "plans",
    "plan",
    "expected",
    "expects",
    "set",
    "due",
    "intends",
    "upcoming",
    "would",
    "going",
];

/// Words that negate the event ("will not return").
pub const NEGATIONS: &[&str] = &["not", "n't", "n’t", "never", "no", "neither", "nor", "without"];

/// Function words that carry no content for similarity between reports.
pub const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "as",
    "that",
    "this",
    "these",
    "those",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "it",
    "its",
    "he",
    "she",
    "his",
    "her",
    "him",
    "they",
    "them",
    "their",
    "we",
    "our",
    "us",
    "i",
    "you",
    "your",
    "who",
    "whom",
    "which",
    "what",
    "when",
    "where",
    "while",
    "after",
    "before",
    "since",
    "than",
    "then",
    "also",
    "not",
    "no",
    "so",
    "such",
    "into",
    "over",
    "about",
    "up",
    "out",
    "would",
    "will",
    "could",
    "can",
    "may",
    "might",
    "should",
    "said",
    "says",
    "say",
    "told",
    "reported",
    "according",
    "mr",
    "mrs",
    "ms",
    "there",
    "here",
    "if",
    "all",
    "any",
    "both",
    "each",
    "more",
    "most",
    "other",
    "some",
    "only",
    "very",
    "just",
    "last",
    "next",
    "week",
    "month",
    "year",
    "day",
    "today",
    "yesterday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "s",
    "t",
    "new",
    "one",
    "two",
    "three",
    "first",
    "because",
    "during",
    "through",
    "under",
    "between",
    "against",
    "including",
    "later",
    "earlier",
    "now",
];

/// Capitals and the countries they stand for in diplomatic news ("returned to Washington" =
/// "returned to the United States"). Lowercase; the country names as the entity linker keys
/// them loosely (several spellings).
pub const CAPITALS: &[(&str, &[&str])] = &[
    ("washington", &["united states", "us", "u.s.", "usa", "america"]),
    ("moscow", &["russia", "russian federation"]),
    ("london", &["united kingdom", "uk", "u.k.", "britain", "great britain", "england"]),
    ("paris", &["france"]),
    ("berlin", &["germany"]),
    ("beijing", &["china"]),
    ("tokyo", &["japan"]),
    ("kiev", &["ukraine"]),
    ("kyiv", &["ukraine"]),
    ("minsk", &["belarus"]),
    ("ankara", &["turkey", "türkiye"]),
    ("tehran", &["iran"]),
    ("baghdad", &["iraq"]),
    ("damascus", &["syria"]),
    ("cairo", &["egypt"]),
    ("tripoli", &["libya"]),
    ("kabul", &["afghanistan"]),
    ("islamabad", &["pakistan"]),
    ("new delhi", &["india"]),
    ("delhi", &["india"]),
    ("jerusalem", &["israel"]),
    ("tel aviv", &["israel"]),
    ("riyadh", &["saudi arabia"]),
    ("rome", &["italy"]),
    ("madrid", &["spain"]),
    ("warsaw", &["poland"]),
    ("brussels", &["belgium", "european union", "eu"]),
    ("ottawa", &["canada"]),
    ("canberra", &["australia"]),
    ("seoul", &["south korea"]),
    ("pyongyang", &["north korea"]),
    ("havana", &["cuba"]),
    ("caracas", &["venezuela"]),
    ("mexico city", &["mexico"]),
    ("brasilia", &["brazil"]),
    ("athens", &["greece"]),
    ("vienna", &["austria"]),
    ("bern", &["switzerland"]),
    ("stockholm", &["sweden"]),
    ("oslo", &["norway"]),
    ("helsinki", &["finland"]),
    ("tbilisi", &["georgia"]),
    ("yerevan", &["armenia"]),
    ("baku", &["azerbaijan"]),
    ("astana", &["kazakhstan"]),
    ("port-au-prince", &["haiti"]),
    ("sanaa", &["yemen"]),
    ("beirut", &["lebanon"]),
    ("amman", &["jordan"]),
];

/// Whether two place names can denote the same destination: equal (ignoring case and a leading
/// "the"), or a capital and its country ("Washington" and "the United States").
pub fn places_compatible(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        let s = s.trim().to_lowercase();
        let s = s.strip_prefix("the ").unwrap_or(&s).to_string();
        s.replace("’s", "").replace("'s", "")
    };
    let (a, b) = (norm(a), norm(b));
    if a == b {
        return true;
    }
    let capital_of =
        |city: &str, country: &str| CAPITALS.iter().any(|(c, countries)| *c == city && countries.contains(&country));
    capital_of(&a, &b) || capital_of(&b, &a) || same_country(&a, &b)
}

/// Two spellings of one country ("us" and "united states").
fn same_country(a: &str, b: &str) -> bool {
    CAPITALS.iter().any(|(_, countries)| countries.contains(&a) && countries.contains(&b))
}

/// The lowercase stem used to compare content words across reports: a crude suffix strip, enough
/// to make "returned", "returning" and "return" meet.
pub fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    for suffix in ["ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s"] {
        if let Some(base) = w.strip_suffix(suffix)
            && base.chars().count() >= 3
        {
            return base.to_string();
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_and_types() {
        assert_eq!(trigger("Returned"), Some((EventType::Return, "return")));
        assert_eq!(trigger("summoned"), Some((EventType::Recall, "recall")));
        assert_eq!(trigger("said").map(|t| t.0), Some(EventType::Statement));
        assert_eq!(trigger("table"), None);
        assert!(EventType::Return.is_singular() && !EventType::Statement.is_singular());
    }

    #[test]
    fn capitals_stand_for_countries() {
        assert!(places_compatible("Washington", "the United States"));
        assert!(places_compatible("the U.S.", "Washington"));
        assert!(places_compatible("US", "United States"));
        assert!(!places_compatible("Moscow", "the United States"));
        assert!(places_compatible("Moscow", "moscow"));
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("returned"), stem("returning"));
        assert_eq!(stem("Sanctions"), "sanction");
    }
}
