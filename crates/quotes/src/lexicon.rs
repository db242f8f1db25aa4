//! The words the quote layer keys on: cue verbs and their forms, the function words that bound a
//! speaker's noun phrase, news outlets (for `via`) and role nouns (for "the ambassador said").
//!
//! Lists, not a model, because attribution in news is carried by a small closed set of verbs and
//! phrases (PolNeAR's ten most frequent cues cover most attributions) and because a lookup per
//! token keeps the layer at millions of words per second. Every lookup takes a lower-case ASCII
//! word; non-ASCII words are never cues.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: the cue table is looked up once per token, and its keys are short trusted words, so
/// a simple fast hash beats the default DoS-resistant one.
#[derive(Clone, Copy, Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Table = HashMap<String, Vec<CueWord>, BuildHasherDefault<Fnv>>;

/// How a cue verb relates speaker, addressee and content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// Speech verbs whose content follows directly or after "that" ("said the plan failed"), or
    /// precedes them ("the plan failed, he said"): say, add, note, stress, warn...
    Say,
    /// Speech verbs with an addressee before the content: tell, inform, assure, remind.
    Tell,
    /// Verbs that report a question: ask, wonder. Content is a question or a quote.
    Ask,
    /// Verbs of thought and expectation (think, believe, expect, hope): an attribution only with a
    /// clausal complement, not with a plain object ("expects rain").
    Belief,
    /// Verbs with a nominal object that carries the attributed content (announce, deny, confirm,
    /// reveal, accuse, criticise): the object is the content.
    Object,
    /// Only a cue right after a direct quote ("…,” he continued / laughed / shouted).
    QuoteOnly,
}

/// The grammatical form of a cue word, which decides where its speaker is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Form {
    /// "says", "said": a subject before it, or an inverted subject after it.
    Finite,
    /// "say", "tell": after a modal or "to"; treated like finite.
    Base,
    /// "saying", "adding": the speaker is the subject of the main clause.
    Participle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CueWord {
    pub class: CueClass,
    pub form: Form,
}

/// Regular verbs by class (forms are generated: -s, -ed, -ing).
const REGULAR: &[(CueClass, &[&str])] = &[
    (
        CueClass::Say,
        &[
            "add",
            "note",
            "stress",
            "emphasize",
            "emphasise",
            "state",
            "declare",
            "explain",
            "insist",
            "argue",
            "claim",
            "contend",
            "assert",
            "warn",
            "tweet",
            "reply",
            "respond",
            "recall",
            "remark",
            "observe",
            "acknowledge",
            "admit",
            "concede",
            "suggest",
            "predict",
            "report",
            "comment",
            "complain",
            "allege",
            "indicate",
            "specify",
            "mention",
            "conclude",
            "agree",
            "boast",
            "joke",
            "quip",
            "caution",
            "counter",
            "retort",
            "vow",
            "promise",
            "pledge",
            "reiterate",
            "repeat",
            "underline",
            "underscore",
            "testify",
            "recount",
            "lament",
            "estimate",
            "maintain",
            "affirm",
            "clarify",
            "elaborate",
            "announce",
            "confirm",
            "reveal",
            "answer",
            "post",
            "charge",
            "demand",
            "propose",
            "recommend",
            "urge",
            "concur",
            "hint",
            "speculate",
            "guarantee",
            "disclose",
            "proclaim",
            "emphasize",
            "highlight",
            "acknowledge",
            "assure",
            "signal",
            "outline",
            "surmise",
            "theorize",
            "confess",
        ],
    ),
    (
        CueClass::Tell,
        &[
            "inform",
            "remind",
            "notify",
            "brief",
            "advise",
            "urge",
            "order",
            "press",
            "invite",
            "encourage",
            "implore",
            "instruct",
            "beg",
            "direct",
        ],
    ),
    (CueClass::Ask, &["ask", "wonder", "question"]),
    (
        CueClass::Belief,
        &[
            "believe",
            "expect",
            "hope",
            "fear",
            "worry",
            "doubt",
            "assume",
            "suspect",
            "reckon",
            "imagine",
            "wish",
            "want",
            "plan",
            "intend",
            "seem",
            "appear",
            "warn",
            "conclude",
            "judge",
            "realize",
            "realise",
            "acknowledge",
            "recognize",
            "recognise",
            "show",
            "learn",
            "decide",
            "determine",
            "decline",
            "refuse",
            "threaten",
            "offer",
            "seek",
            "aim",
            "try",
            "prefer",
            "favor",
            "favour",
            "like",
            "love",
            "hate",
            "vow",
            "pledge",
            "promise",
            "agree",
            "suggest",
            "indicate",
            "consider",
        ],
    ),
    (
        CueClass::Object,
        &[
            "deny",
            "accuse",
            "criticize",
            "criticise",
            "blame",
            "praise",
            "condemn",
            "denounce",
            "dismiss",
            "reject",
            "defend",
            "endorse",
            "support",
            "oppose",
            "question",
            "dispute",
            "describe",
            "call",
            "label",
            "slam",
            "mock",
            "decry",
            "welcome",
            "applaud",
            "cite",
            "attack",
            "challenge",
            "refute",
            "back",
            "propose",
            "offer",
            "release",
            "issue",
            "sign",
            "express",
            "name",
            "mention",
            "discuss",
            "thank",
            "blast",
            "hail",
            "laud",
            "tout",
            "champion",
            "advocate",
            "favor",
            "favour",
            "prefer",
            "request",
            "demand",
            "recommend",
            "reveal",
            "confirm",
            "announce",
            "predict",
            "estimate",
            "acknowledge",
            "admit",
            "lament",
            "ridicule",
            "lambaste",
            "chide",
            "scold",
            "rebuke",
            "fault",
            "credit",
            "congratulate",
            "commend",
            "celebrate",
            "highlight",
            "stress",
            "emphasize",
            "emphasise",
            "reiterate",
            "repeat",
            "float",
            "pitch",
            "unveil",
            "outline",
            "detail",
            "describe",
            "portray",
            "characterize",
            "characterise",
            "dub",
            "brand",
            "term",
            "deem",
            "view",
            "see",
            "regard",
            "consider",
        ],
    ),
    (
        CueClass::QuoteOnly,
        &[
            "continue",
            "laugh",
            "shout",
            "scream",
            "yell",
            "whisper",
            "muse",
            "sigh",
            "snap",
            "chuckle",
            "smile",
            "exclaim",
            "cry",
            "interject",
            "interrupt",
            "add",
            "recall",
            "conclude",
            "quip",
            "chant",
            "bark",
            "scoff",
            "sneer",
            "gush",
            "marvel",
            "huff",
            "fume",
            "rage",
            "joke",
            "plead",
            "beg",
            "groan",
            "moan",
            "murmur",
            "mutter",
            "roar",
            "thunder",
            "declare",
            "proclaim",
            "boast",
            "tweet",
            "blare",
            "exhort",
            "start",
            "retort",
            "reply",
            "respond",
            "answer",
            "wonder",
            "ask",
            "note",
            "observe",
            "sum",
            "write",
            "post",
            "text",
            "email",
            "whisper",
            "gasp",
            "cheer",
            "boo",
            "holler",
            "yelp",
            "chime",
        ],
    ),
];

/// Irregular verbs: (class, base, third person, past, past participle, -ing).
const IRREGULAR: &[(CueClass, [&str; 5])] = &[
    (CueClass::Say, ["say", "says", "said", "said", "saying"]),
    (CueClass::Say, ["write", "writes", "wrote", "written", "writing"]),
    (CueClass::Tell, ["tell", "tells", "told", "told", "telling"]),
    (CueClass::Belief, ["think", "thinks", "thought", "thought", "thinking"]),
    (CueClass::Belief, ["know", "knows", "knew", "known", "knowing"]),
    (CueClass::Belief, ["feel", "feels", "felt", "felt", "feeling"]),
    (CueClass::Belief, ["understand", "understands", "understood", "understood", "understanding"]),
    (CueClass::Belief, ["find", "finds", "found", "found", "finding"]),
    (CueClass::Belief, ["foresee", "foresees", "foresaw", "foreseen", "foreseeing"]),
    (CueClass::Say, ["forecast", "forecasts", "forecast", "forecast", "forecasting"]),
    (CueClass::QuoteOnly, ["read", "reads", "read", "read", "reading"]),
    (CueClass::QuoteOnly, ["sing", "sings", "sang", "sung", "singing"]),
    (CueClass::QuoteOnly, ["begin", "begins", "began", "begun", "beginning"]),
    (CueClass::Say, ["swear", "swears", "swore", "sworn", "swearing"]),
];

fn inflect(base: &str) -> [String; 4] {
    let third = if base.ends_with(['s', 'x', 'z']) || base.ends_with("sh") || base.ends_with("ch") {
        format!("{base}es")
    } else if let Some(stem) = base.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        format!("{stem}ies")
    } else {
        format!("{base}s")
    };
    let past = if base.ends_with('e') {
        format!("{base}d")
    } else if let Some(stem) = base.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        format!("{stem}ied")
    } else if double_final(base) {
        format!("{base}{}ed", &base[base.len() - 1..])
    } else {
        format!("{base}ed")
    };
    let ing = if base.ends_with("ee") {
        format!("{base}ing")
    } else if let Some(stem) = base.strip_suffix("ie") {
        format!("{stem}ying")
    } else if let Some(stem) = base.strip_suffix('e') {
        format!("{stem}ing")
    } else if double_final(base) {
        format!("{base}{}ing", &base[base.len() - 1..])
    } else {
        format!("{base}ing")
    };
    [base.to_string(), third, past, ing]
}

/// Consonant-vowel-consonant one-syllable endings that double ("snap" -> "snapped").
fn double_final(base: &str) -> bool {
    matches!(base, "snap" | "plan" | "admit" | "quip" | "regret" | "commit" | "submit" | "omit" | "permit")
}

/// Each cue word form, with every (class, form) it can have. A word may belong to several
/// classes ("warn" says and tells; "add" is a speech verb and a post-quote verb).
fn cue_table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table::default();
        let mut put = |w: String, class: CueClass, form: Form| {
            let e = t.entry(w).or_default();
            let cw = CueWord { class, form };
            if !e.contains(&cw) {
                e.push(cw);
            }
        };
        for (class, words) in REGULAR {
            for base in *words {
                let [b, third, past, ing] = inflect(base);
                put(b, *class, Form::Base);
                put(third, *class, Form::Finite);
                put(past, *class, Form::Finite);
                put(ing, *class, Form::Participle);
            }
        }
        for (class, [base, third, past, participle, ing]) in IRREGULAR {
            put(base.to_string(), *class, Form::Base);
            put(third.to_string(), *class, Form::Finite);
            put(past.to_string(), *class, Form::Finite);
            put(participle.to_string(), *class, Form::Finite);
            put(ing.to_string(), *class, Form::Participle);
        }
        t
    })
}

/// The cue readings of a lower-case word (empty when it is not a cue).
pub fn cue_word(lower: &str) -> &'static [CueWord] {
    cue_table().get(lower).map(Vec::as_slice).unwrap_or(&[])
}

/// Which (first letter, length) pairs any cue word or cue-phrase start has: a lookup in this
/// small table rules out most tokens ("the", "of", "Moscow") before hashing.
fn shapes() -> &'static [[bool; 33]; 26] {
    static SHAPES: OnceLock<[[bool; 33]; 26]> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let mut t = [[false; 33]; 26];
        let mut add = |w: &str| {
            if let Some(f) = w.bytes().next().filter(u8::is_ascii_lowercase) {
                t[usize::from(f - b'a')][w.len().min(32)] = true;
            }
        };
        for w in cue_table().keys() {
            add(w);
        }
        for w in MULTIWORD_STARTS {
            add(w);
        }
        t
    })
}

/// Whether a word of this first letter and length could be a cue or start a cue phrase.
pub fn may_be_cue(word: &str) -> bool {
    let Some(f) = word.bytes().next() else { return false };
    let f = f.to_ascii_lowercase();
    f.is_ascii_lowercase() && word.len() <= 32 && shapes()[usize::from(f - b'a')][word.len()]
}

/// Whether `lower` is a cue of `class` in any form.
#[cfg(test)]
pub fn is_cue_of(lower: &str, class: CueClass) -> bool {
    cue_word(lower).iter().any(|c| c.class == class)
}

macro_rules! word_set {
    ($name:ident, $doc:literal, [$($w:literal),* $(,)?]) => {
        #[doc = $doc]
        pub fn $name(lower: &str) -> bool {
            matches!(lower, $($w)|*)
        }
    };
}

/// First words of cue phrases that are not cue words by themselves.
const MULTIWORD_STARTS: &[&str] = &[
    "according",
    "quoted",
    "cited",
    "quotes",
    "cites",
    "quoting",
    "citing",
    "point",
    "points",
    "pointed",
    "pointing",
    "drew",
    "draws",
    "draw",
    "drawing",
    "shot",
    "fired",
    "hit",
    "wrote",
    "snapped",
    "pushed",
    "refer",
    "refers",
    "referred",
    "referring",
    "speak",
    "speaks",
    "spoke",
    "speaking",
    "talk",
    "talks",
    "talked",
    "talking",
    "focus",
    "focused",
    "focuses",
    "focusing",
    "focussed",
    "call",
    "calls",
    "called",
    "calling",
    "comment",
    "comments",
    "commented",
    "commenting",
    "respond",
    "responds",
    "responded",
    "responding",
    "react",
    "reacts",
    "reacted",
    "reacting",
    "complain",
    "complains",
    "complained",
    "complaining",
    "joke",
    "joked",
    "joking",
    "wonder",
    "wondered",
    "warn",
    "warns",
    "warned",
    "warning",
    "argue",
    "argues",
    "argued",
    "arguing",
    "push",
    "pushing",
    "advocate",
    "advocated",
    "advocating",
    "campaign",
    "campaigned",
    "campaigning",
    "vote",
    "voted",
    "voting",
    "lobby",
    "lobbied",
    "lobbying",
    "ask",
    "asks",
    "asked",
    "asking",
    "boast",
    "boasted",
    "boasting",
    "brag",
    "bragged",
    "bragging",
    "insist",
    "insists",
    "insisted",
    "insisting",
    "elaborate",
    "elaborated",
    "elaborating",
    "expand",
    "expanded",
    "expanding",
    "weigh",
    "weighs",
    "weighed",
    "weighing",
];

/// Whether `lower` starts a cue phrase ("according to", "quoted as saying", "pointed out").
pub fn is_multiword_start(lower: &str) -> bool {
    // A set: this runs on every token that passes the shape filter.
    static SET: storyline_core::words::WordSet = storyline_core::words::WordSet::new(MULTIWORD_STARTS);
    SET.contains(lower)
}

word_set!(
    is_subject_pronoun,
    "Pronouns that can be a speaker.",
    ["he", "she", "they", "we", "i", "you", "it", "who", "one", "someone", "somebody", "everyone", "nobody",]
);

word_set!(is_personal_pronoun, "Pronouns that refer back to a person.", ["he", "she", "him", "her", "his", "i", "me"]);

word_set!(
    is_plural_pronoun,
    "Pronouns that refer back to a group or an organisation.",
    ["they", "them", "it", "we", "us",]
);

word_set!(
    is_object_pronoun,
    "Pronouns that are an addressee, never a speaker.",
    ["him", "her", "them", "me", "us", "you", "it",]
);

word_set!(
    is_determiner,
    "Words that open a noun phrase.",
    [
        "the", "a", "an", "another", "this", "that", "these", "those", "some", "many", "several", "most", "all",
        "both", "each", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens", "his",
        "her", "their", "its", "our", "my", "your", "other", "few", "no", "any", "such", "every",
    ]
);

word_set!(
    is_adverb_before_cue,
    "Words between a speaker and the cue that belong to neither ('Antonov also said').",
    [
        "also",
        "later",
        "earlier",
        "previously",
        "recently",
        "then",
        "now",
        "once",
        "again",
        "further",
        "still",
        "already",
        "reportedly",
        "repeatedly",
        "publicly",
        "privately",
        "separately",
        "additionally",
        "initially",
        "finally",
        "subsequently",
        "himself",
        "herself",
        "themselves",
        "itself",
        "has",
        "have",
        "had",
        "would",
        "will",
        "did",
        "does",
        "do",
        "could",
        "might",
        "may",
        "must",
        "should",
        "can",
        "not",
        "never",
        "even",
        "just",
        "often",
        "always",
        "first",
        "last",
        "allegedly",
        "apparently",
        "personally",
        "quickly",
        "simply",
        "flatly",
        "angrily",
        "openly",
        "bluntly",
        "explicitly",
        "directly",
        "clearly",
        "immediately",
        "formally",
        "officially",
    ]
);

word_set!(
    is_be,
    "Forms of 'be' (a cue right after one is passive: 'is said to').",
    ["is", "was", "are", "were", "be", "been", "being", "am", "'s", "’s",]
);

word_set!(
    is_np_stop,
    "Words that cannot be inside a speaker's noun phrase.",
    [
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "while",
        "but",
        "or",
        "because",
        "if",
        "as",
        "after",
        "before",
        "since",
        "though",
        "although",
        "so",
        "than",
        "whether",
        "until",
        "unless",
        "once",
        "is",
        "was",
        "are",
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
        "will",
        "would",
        "could",
        "should",
        "can",
        "may",
        "might",
        "must",
        "shall",
        "not",
        "in",
        "on",
        "at",
        "during",
        "by",
        "with",
        "without",
        "from",
        "into",
        "over",
        "under",
        "about",
        "against",
        "between",
        "through",
        "despite",
        "however",
        "meanwhile",
        "also",
        "and",
        "then",
        "yet",
        "nor",
        "why",
        "how",
        "what",
        "there",
        "here",
        "said",
        "says",
        "say",
        "told",
        "to",
        "toward",
        "towards",
        "like",
        "unlike",
        "amid",
        "among",
        "upon",
        "within",
        "per",
        "via",
        "just",
        "only",
        "even",
        "instead",
        "thus",
        "therefore",
        "too",
        "very",
        "i",
        "we",
        "you",
        "he",
        "she",
        "they",
        "him",
        "them",
        "me",
        "us",
        "it",
        "no",
        "yes",
        "thank",
    ]
);

word_set!(
    is_day_word,
    "Words for a day that never name a speaker ('Thursday said' is not a sentence).",
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
        "tomorrow",
        "morning",
        "afternoon",
        "evening",
        "night",
        "week",
        "month",
        "year",
        "weekend",
    ]
);

word_set!(
    is_time_word,
    "Words of time that follow a cue without being its speaker ('said Thursday').",
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "tonight",
        "tomorrow",
        "last",
        "next",
        "this",
        "earlier",
        "later",
        "recently",
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
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "morning",
        "afternoon",
        "evening",
        "night",
        "week",
        "month",
        "year",
        "weekend",
    ]
);

word_set!(
    is_adjective_participle,
    "-ed/-ing words that are adjectives in a title ('retired general').",
    [
        "retired",
        "elected",
        "leading",
        "ruling",
        "governing",
        "acting",
        "former",
        "united",
        "presumed",
        "presumptive",
        "designated",
        "appointed",
        "unnamed",
        "unidentified",
        "outgoing",
        "incoming",
        "reigning",
        "embattled",
        "indicted",
        "jailed",
        "exiled",
        "ousted",
        "disgraced",
        "celebrated",
        "veteran",
        "seasoned",
        "distinguished",
        "renowned",
        "concerned",
        "affected",
        "registered",
        "licensed",
        "certified",
        "qualified",
        "supreme",
        "so-called",
        "self-styled",
        "self-described",
        "interim",
        "senior",
        "junior",
    ]
);

/// News outlets and the words that mark one. A speaker or addressee containing one of these is a
/// medium that reports what someone said ("RIA cited Antonov", "told RIA Novosti"), i.e. `via`.
pub fn is_media_word(word: &str) -> bool {
    const NAMES: &[&str] = &[
        "RIA",
        "Novosti",
        "TASS",
        "Interfax",
        "Sputnik",
        "RT",
        "Reuters",
        "AP",
        "AFP",
        "Bloomberg",
        "Xinhua",
        "CNN",
        "BBC",
        "ABC",
        "NBC",
        "CBS",
        "Fox",
        "MSNBC",
        "NPR",
        "PBS",
        "Politico",
        "Axios",
        "Breitbart",
        "Kommersant",
        "Izvestia",
        "Vedomosti",
        "RBC",
        "Anadolu",
        "Yonhap",
        "Kyodo",
        "NHK",
        "ANSA",
        "EFE",
        "DPA",
        "Tass",
        "Ria",
        "Times",
        "Post",
        "Journal",
        "Gazette",
        "Tribune",
        "Herald",
        "Telegraph",
        "Guardian",
        "Independent",
        "Observer",
        "Economist",
        "Spiegel",
        "Monde",
        "Figaro",
        "Bild",
        "Haaretz",
        "Hill",
        "Newsweek",
        "Atlantic",
        "Vox",
        "Slate",
        "Salon",
        "BuzzFeed",
        "HuffPost",
        "Mirror",
        "Sun",
        "Express",
        "Mail",
        "Chronicle",
        "Inquirer",
        "Courier",
        "Dispatch",
        "Examiner",
        "Bulletin",
        "Newsday",
        "Izvestiya",
        "Interfax-Ukraine",
        "UNIAN",
        "Ukrinform",
        "TV",
        "Radio",
    ];
    const NOUNS: &[&str] = &[
        "agency",
        "newspaper",
        "paper",
        "broadcaster",
        "channel",
        "television",
        "tv",
        "radio",
        "magazine",
        "outlet",
        "daily",
        "tabloid",
        "weekly",
        "website",
        "network",
        "news",
    ];
    NAMES.contains(&word) || NOUNS.iter().any(|n| word.eq_ignore_ascii_case(n))
}

/// The country a name or adjective refers to ("russian" and "russia" -> "RU"), for telling
/// "the President of Russia" from the "US President". A short list of the countries news names
/// most; an unknown word is no evidence either way.
pub fn country_of(lower: &str) -> Option<&'static str> {
    Some(match lower {
        "russia" | "russian" | "russians" | "kremlin" => "RU",
        "us" | "u.s." | "u.s" | "usa" | "american" | "americans" | "america" => "US",
        "ukraine" | "ukrainian" => "UA",
        "china" | "chinese" | "beijing" => "CN",
        "turkey" | "turkish" | "türkiye" => "TR",
        "france" | "french" => "FR",
        "germany" | "german" => "DE",
        "britain" | "british" | "uk" | "u.k." | "england" | "english" => "GB",
        "israel" | "israeli" => "IL",
        "iran" | "iranian" => "IR",
        "india" | "indian" => "IN",
        "japan" | "japanese" => "JP",
        "mexico" | "mexican" => "MX",
        "canada" | "canadian" => "CA",
        "belarus" | "belarusian" => "BY",
        "poland" | "polish" => "PL",
        "italy" | "italian" => "IT",
        "spain" | "spanish" => "ES",
        "syria" | "syrian" => "SY",
        "egypt" | "egyptian" => "EG",
        "brazil" | "brazilian" => "BR",
        "korea" | "korean" => "KR",
        _ => return None,
    })
}

/// Nouns for people by what they do: "the ambassador said" names someone by a role.
pub fn is_role_noun(lower: &str) -> bool {
    role_hypernyms(lower).is_some()
}

/// The role words that a role noun can stand for in an entity's roles. "diplomat" stands for an
/// ambassador or envoy; "leader" for a president or prime minister.
pub fn role_hypernyms(lower: &str) -> Option<&'static [&'static str]> {
    let singular = lower.strip_suffix('s').filter(|s| s.len() > 3);
    let w = match (lower, singular) {
        (w, _) if ROLE_NOUNS.iter().any(|(r, _)| *r == w) => w,
        (_, Some(s)) if ROLE_NOUNS.iter().any(|(r, _)| *r == s) => s,
        _ => return None,
    };
    ROLE_NOUNS.iter().find(|(r, _)| *r == w).map(|(_, h)| *h)
}

const ROLE_NOUNS: &[(&str, &[&str])] = &[
    ("ambassador", &["ambassador"]),
    ("envoy", &["envoy", "ambassador"]),
    ("diplomat", &["diplomat", "ambassador", "envoy", "minister", "consul"]),
    ("president", &["president"]),
    ("leader", &["leader", "president", "premier", "prime", "chancellor", "head"]),
    ("minister", &["minister"]),
    ("premier", &["premier", "prime"]),
    ("chancellor", &["chancellor"]),
    ("spokesman", &["spokesman", "spokesperson", "spokeswoman", "secretary"]),
    ("spokeswoman", &["spokeswoman", "spokesperson", "spokesman"]),
    ("spokesperson", &["spokesperson", "spokesman", "spokeswoman"]),
    ("secretary", &["secretary"]),
    ("senator", &["senator"]),
    ("congressman", &["congressman", "representative", "member"]),
    ("congresswoman", &["congresswoman", "representative", "member"]),
    ("lawmaker", &["lawmaker", "senator", "representative", "congressman", "congresswoman", "deputy", "member"]),
    ("governor", &["governor"]),
    ("mayor", &["mayor"]),
    ("chairman", &["chairman", "chair"]),
    ("chairwoman", &["chairwoman", "chair"]),
    ("candidate", &["candidate", "nominee"]),
    ("nominee", &["nominee", "candidate"]),
    ("official", &["official"]),
    ("general", &["general"]),
    ("commander", &["commander"]),
    ("director", &["director"]),
    ("head", &["head", "chief", "director", "chairman", "president"]),
    ("chief", &["chief", "head"]),
    ("king", &["king"]),
    ("queen", &["queen"]),
    ("pope", &["pope"]),
    ("prosecutor", &["prosecutor"]),
    ("attorney", &["attorney", "lawyer"]),
    ("lawyer", &["lawyer", "attorney"]),
    ("judge", &["judge"]),
    ("adviser", &["adviser", "advisor"]),
    ("advisor", &["advisor", "adviser"]),
    ("aide", &["aide", "adviser"]),
    ("analyst", &["analyst"]),
    ("expert", &["expert"]),
    ("economist", &["economist"]),
    ("professor", &["professor"]),
    ("researcher", &["researcher"]),
    ("scientist", &["scientist"]),
    ("founder", &["founder"]),
    ("executive", &["executive", "ceo", "chief"]),
    ("manager", &["manager"]),
    ("representative", &["representative"]),
    ("deputy", &["deputy"]),
    ("member", &["member"]),
    ("press secretary", &["press secretary"]),
    ("prime", &["prime"]),
    ("foreign", &["foreign"]),
    ("department", &["department", "ministry"]),
    ("ministry", &["ministry", "department"]),
    ("embassy", &["embassy"]),
    ("agency", &["agency"]),
    ("company", &["company"]),
    ("campaign", &["campaign"]),
    ("committee", &["committee"]),
    ("government", &["government"]),
    ("administration", &["administration"]),
    ("mission", &["mission", "embassy"]),
    ("source", &[]),
    ("counterpart", &[]),
    ("host", &[]),
    ("surrogate", &[]),
    ("ally", &[]),
    ("activist", &[]),
    ("author", &[]),
    ("writer", &[]),
    ("reporter", &[]),
    ("correspondent", &[]),
    ("columnist", &[]),
    ("editor", &[]),
    ("strategist", &[]),
    ("pollster", &[]),
    ("consultant", &[]),
    ("operative", &[]),
    ("staffer", &[]),
    ("ceo", &["ceo", "executive", "chief"]),
    ("coach", &[]),
    ("player", &[]),
    ("star", &[]),
    ("singer", &[]),
    ("actor", &[]),
    ("actress", &[]),
    ("officer", &["officer"]),
    ("police", &[]),
    ("resident", &[]),
    ("witness", &[]),
    ("father", &[]),
    ("mother", &[]),
    ("wife", &[]),
    ("husband", &[]),
    ("son", &[]),
    ("daughter", &[]),
    ("brother", &[]),
    ("sister", &[]),
    ("friend", &[]),
    ("colleague", &[]),
    ("partner", &[]),
    ("rival", &[]),
    ("opponent", &[]),
    ("challenger", &[]),
    ("mate", &[]),
    ("vice", &[]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        assert_eq!(inflect("note"), ["note", "notes", "noted", "noting"]);
        assert_eq!(inflect("deny"), ["deny", "denies", "denied", "denying"]);
        assert_eq!(inflect("stress"), ["stress", "stresses", "stressed", "stressing"]);
        assert_eq!(inflect("admit"), ["admit", "admits", "admitted", "admitting"]);
        assert_eq!(inflect("agree"), ["agree", "agrees", "agreed", "agreeing"]);
        assert_eq!(inflect("say"), ["say", "says", "sayed", "saying"]); // irregulars come from their own table
    }

    #[test]
    fn cue_lookup() {
        assert!(is_cue_of("said", CueClass::Say));
        assert!(cue_word("said").iter().any(|c| c.form == Form::Finite));
        assert!(cue_word("adding").iter().any(|c| c.form == Form::Participle));
        assert!(is_cue_of("told", CueClass::Tell));
        assert!(is_cue_of("emphasized", CueClass::Say));
        assert!(is_cue_of("laughed", CueClass::QuoteOnly));
        assert!(cue_word("table").is_empty());
    }

    #[test]
    fn roles_and_media() {
        assert!(role_hypernyms("diplomat").is_some_and(|h| h.contains(&"ambassador")));
        assert!(is_role_noun("officials"));
        assert!(!is_role_noun("tables"));
        assert!(is_media_word("TASS") && is_media_word("agency") && !is_media_word("Antonov"));
    }
}
