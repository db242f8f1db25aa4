//! The words the time grammar knows: month and weekday names, number words, units, and the
//! function words its rules test for, each with what it means.
//!
//! One table, looked up once per word token, so the grammar compares small enums instead of
//! strings and the tagger touches each word of the text once.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Calendar units a count can apply to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Fortnight,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Parts of the day, with their TIMEX3 codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pod {
    Morning,
    Afternoon,
    Evening,
    Night,
    Midday,
}

impl Pod {
    pub fn code(self) -> &'static str {
        match self {
            Pod::Morning => "MO",
            Pod::Afternoon => "AF",
            Pod::Evening => "EV",
            Pod::Night => "NI",
            Pod::Midday => "MI",
        }
    }
}

/// Seasons, with their TIMEX3 codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub fn code(self) -> &'static str {
        match self {
            Season::Spring => "SP",
            Season::Summer => "SU",
            Season::Fall => "FA",
            Season::Winter => "WI",
        }
    }

    /// Position in the year (spring first), to compare with the season of a date.
    pub fn index(self) -> u8 {
        match self {
            Season::Spring => 0,
            Season::Summer => 1,
            Season::Fall => 2,
            Season::Winter => 3,
        }
    }

    /// The season a month falls in (meteorological: winter is December to February).
    pub fn of_month(month: u8) -> Season {
        match month {
            3..=5 => Season::Spring,
            6..=8 => Season::Summer,
            9..=11 => Season::Fall,
            _ => Season::Winter,
        }
    }
}

/// Function words and fixed expressions the rules test for.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Kw {
    #[default]
    None,
    The,
    Of,
    A,
    An,
    This,
    That,
    These,
    Last,
    Next,
    Past,
    Coming,
    Previous,
    Following,
    Current,
    Recent,
    Upcoming,
    Same,
    Ago,
    Earlier,
    Later,
    Before,
    After,
    From,
    Now,
    Hence,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Overnight,
    Currently,
    Presently,
    Nowadays,
    Recently,
    Lately,
    Previously,
    Formerly,
    Soon,
    Future,
    Early,
    Late,
    Mid,
    Middle,
    End,
    Beginning,
    Start,
    About,
    Around,
    Approximately,
    Roughly,
    Some,
    Nearly,
    Almost,
    More,
    Less,
    Than,
    At,
    Least,
    Most,
    Over,
    Up,
    To,
    No,
    Just,
    Every,
    Each,
    Per,
    Few,
    Several,
    Many,
    Couple,
    Half,
    Dozen,
    Hundred,
    Fiscal,
    Am,
    Pm,
    Noon,
    Midnight,
    OClock,
    Weekend,
    Through,
    Until,
    And,
    Or,
    So,
    In,
    On,
    Times,
    Once,
    Twice,
    Other,
    Trading,
    Business,
    Long,
    Old,
    Year2,
    Christmas,
    Eve,
    Day,
    New,
    Thanksgiving,
    Halloween,
    Easter,
    Good,
    Independence,
    Labor,
    Memorial,
    Election,
    Valentine,
    Century,
    Ahead,
    Time,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Annually,
    Yearly,
    Hourly,
    Nightly,
    Biweekly,
    Present,
    Right,
    Then,
    Final,
    First,
    Zone,
    Local,
    Q,
    H,
    Since,
    By,
    During,
    For,
    Within,
    Near,
    Latest,
    Moment,
    As,
    Its,
    Thousand,
}

/// What one word can mean; a word may have several readings ("second": ordinal and unit).
#[derive(Clone, Copy, Debug, Default)]
pub struct Lex {
    /// 1..=12 for a month name.
    pub month: u8,
    /// Whether the month name is an abbreviation ("Sept", "Aug") that may take a period.
    pub month_abbr: bool,
    /// 1..=7 (Monday..Sunday) for a weekday name.
    pub weekday: u8,
    /// Whether the weekday name is plural ("Sundays"): a set.
    pub weekday_plural: bool,
    /// Cardinal value of a number word ("two", "twenty").
    pub number: u16,
    /// Ordinal value of an ordinal word ("first", "twenty-first" is two tokens).
    pub ordinal: u16,
    pub unit: Option<Unit>,
    pub unit_plural: bool,
    pub season: Option<Season>,
    pub pod: Option<Pod>,
    pub kw: Kw,
    /// A time-zone abbreviation (EST, GMT, UTC...): kept in a time's extent.
    pub zone: bool,
}

impl Lex {
    /// Whether any rule can start at or use this word: the tagger skips other words fast.
    pub fn is_trigger(&self) -> bool {
        self.month != 0
            || self.weekday != 0
            || self.number != 0
            || self.ordinal != 0
            || self.unit.is_some()
            || self.season.is_some()
            || self.pod.is_some()
            || self.kw != Kw::None
    }
}

/// The lexicon: lowercase word -> readings.
#[derive(Debug)]
pub struct Lexicon {
    map: HashMap<&'static str, Lex, BuildHasherDefault<Fnv>>,
}

/// FNV-1a: the keys are short lowercase words, looked up once per word of every text, where
/// SipHash's DoS resistance buys nothing (the table is fixed) and costs speed.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The longest word in the table, to skip longer words without hashing them.
pub const MAX_WORD: usize = 14;

impl Lexicon {
    pub fn new() -> Lexicon {
        let mut map: HashMap<&'static str, Lex, BuildHasherDefault<Fnv>> =
            HashMap::with_capacity_and_hasher(512, BuildHasherDefault::default());
        let mut add = |w: &'static str, f: &dyn Fn(&mut Lex)| {
            let e = map.entry(w).or_default();
            f(e);
        };
        let months = [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may", ""),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ];
        for (i, (full, abbr)) in months.iter().enumerate() {
            let m = i as u8 + 1;
            add(full, &|l| l.month = m);
            if !abbr.is_empty() {
                add(abbr, &|l| {
                    l.month = m;
                    l.month_abbr = true;
                });
            }
        }
        add("sept", &|l| {
            l.month = 9;
            l.month_abbr = true;
        });
        let weekdays = [
            ("monday", "mondays"),
            ("tuesday", "tuesdays"),
            ("wednesday", "wednesdays"),
            ("thursday", "thursdays"),
            ("friday", "fridays"),
            ("saturday", "saturdays"),
            ("sunday", "sundays"),
        ];
        for (i, (one, many)) in weekdays.iter().enumerate() {
            let d = i as u8 + 1;
            add(one, &|l| l.weekday = d);
            add(many, &|l| {
                l.weekday = d;
                l.weekday_plural = true;
            });
        }
        let ones = [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ];
        for (i, w) in ones.iter().enumerate().skip(1) {
            let n = i as u16;
            add(w, &|l| l.number = n);
        }
        let tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
        for (i, w) in tens.iter().enumerate() {
            let n = (i as u16 + 2) * 10;
            add(w, &|l| l.number = n);
        }
        let ordinals = [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ];
        for (i, w) in ordinals.iter().enumerate() {
            let n = i as u16 + 1;
            add(w, &|l| l.ordinal = n);
        }
        add("thirtieth", &|l| l.ordinal = 30);
        let units: [(&'static str, &'static str, Unit); 11] = [
            ("second", "seconds", Unit::Second),
            ("minute", "minutes", Unit::Minute),
            ("hour", "hours", Unit::Hour),
            ("day", "days", Unit::Day),
            ("week", "weeks", Unit::Week),
            ("fortnight", "fortnights", Unit::Fortnight),
            ("month", "months", Unit::Month),
            ("quarter", "quarters", Unit::Quarter),
            ("year", "years", Unit::Year),
            ("decade", "decades", Unit::Decade),
            ("century", "centuries", Unit::Century),
        ];
        for (one, many, u) in units {
            add(one, &|l| l.unit = Some(u));
            add(many, &|l| {
                l.unit = Some(u);
                l.unit_plural = true;
            });
        }
        add("hrs", &|l| {
            l.unit = Some(Unit::Hour);
            l.unit_plural = true;
        });
        add("mins", &|l| {
            l.unit = Some(Unit::Minute);
            l.unit_plural = true;
        });
        for (w, s) in [
            ("spring", Season::Spring),
            ("summer", Season::Summer),
            ("fall", Season::Fall),
            ("autumn", Season::Fall),
            ("winter", Season::Winter),
        ] {
            add(w, &|l| l.season = Some(s));
        }
        for (w, p) in [
            ("morning", Pod::Morning),
            ("afternoon", Pod::Afternoon),
            ("evening", Pod::Evening),
            ("night", Pod::Night),
            ("midday", Pod::Midday),
        ] {
            add(w, &|l| l.pod = Some(p));
        }
        for z in [
            "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest", "msk", "eet",
            "eest", "jst", "ist",
        ] {
            add(z, &|l| l.zone = true);
        }
        let kws: &[(&'static str, Kw)] = &[
            ("the", Kw::The),
            ("of", Kw::Of),
            ("a", Kw::A),
            ("an", Kw::An),
            ("this", Kw::This),
            ("that", Kw::That),
            ("these", Kw::These),
            ("last", Kw::Last),
            ("next", Kw::Next),
            ("past", Kw::Past),
            ("coming", Kw::Coming),
            ("previous", Kw::Previous),
            ("prior", Kw::Previous),
            ("following", Kw::Following),
            ("current", Kw::Current),
            ("recent", Kw::Recent),
            ("upcoming", Kw::Upcoming),
            ("same", Kw::Same),
            ("ago", Kw::Ago),
            ("earlier", Kw::Earlier),
            ("later", Kw::Later),
            ("before", Kw::Before),
            ("after", Kw::After),
            ("from", Kw::From),
            ("now", Kw::Now),
            ("hence", Kw::Hence),
            ("today", Kw::Today),
            ("yesterday", Kw::Yesterday),
            ("tomorrow", Kw::Tomorrow),
            ("tonight", Kw::Tonight),
            ("overnight", Kw::Overnight),
            ("currently", Kw::Currently),
            ("presently", Kw::Presently),
            ("nowadays", Kw::Nowadays),
            ("recently", Kw::Recently),
            ("lately", Kw::Lately),
            ("previously", Kw::Previously),
            ("formerly", Kw::Formerly),
            ("soon", Kw::Soon),
            ("future", Kw::Future),
            ("early", Kw::Early),
            ("late", Kw::Late),
            ("mid", Kw::Mid),
            ("middle", Kw::Middle),
            ("end", Kw::End),
            ("beginning", Kw::Beginning),
            ("start", Kw::Start),
            ("about", Kw::About),
            ("around", Kw::Around),
            ("approximately", Kw::Approximately),
            ("roughly", Kw::Roughly),
            ("some", Kw::Some),
            ("nearly", Kw::Nearly),
            ("almost", Kw::Almost),
            ("more", Kw::More),
            ("less", Kw::Less),
            ("than", Kw::Than),
            ("at", Kw::At),
            ("least", Kw::Least),
            ("most", Kw::Most),
            ("over", Kw::Over),
            ("up", Kw::Up),
            ("to", Kw::To),
            ("no", Kw::No),
            ("just", Kw::Just),
            ("every", Kw::Every),
            ("each", Kw::Each),
            ("per", Kw::Per),
            ("few", Kw::Few),
            ("several", Kw::Several),
            ("many", Kw::Many),
            ("couple", Kw::Couple),
            ("half", Kw::Half),
            ("dozen", Kw::Dozen),
            ("hundred", Kw::Hundred),
            ("fiscal", Kw::Fiscal),
            ("am", Kw::Am),
            ("pm", Kw::Pm),
            ("noon", Kw::Noon),
            ("midnight", Kw::Midnight),
            ("clock", Kw::OClock),
            ("weekend", Kw::Weekend),
            ("weekends", Kw::Weekend),
            ("through", Kw::Through),
            ("until", Kw::Until),
            ("till", Kw::Until),
            ("and", Kw::And),
            ("or", Kw::Or),
            ("so", Kw::So),
            ("in", Kw::In),
            ("on", Kw::On),
            ("times", Kw::Times),
            ("once", Kw::Once),
            ("twice", Kw::Twice),
            ("other", Kw::Other),
            ("trading", Kw::Trading),
            ("business", Kw::Business),
            ("working", Kw::Business),
            ("long", Kw::Long),
            ("old", Kw::Old),
            ("christmas", Kw::Christmas),
            ("eve", Kw::Eve),
            ("new", Kw::New),
            ("thanksgiving", Kw::Thanksgiving),
            ("halloween", Kw::Halloween),
            ("easter", Kw::Easter),
            ("good", Kw::Good),
            ("independence", Kw::Independence),
            ("labor", Kw::Labor),
            ("labour", Kw::Labor),
            ("memorial", Kw::Memorial),
            ("election", Kw::Election),
            ("valentine", Kw::Valentine),
            ("ahead", Kw::Ahead),
            ("time", Kw::Time),
            ("daily", Kw::Daily),
            ("weekly", Kw::Weekly),
            ("monthly", Kw::Monthly),
            ("quarterly", Kw::Quarterly),
            ("annually", Kw::Annually),
            ("yearly", Kw::Yearly),
            ("hourly", Kw::Hourly),
            ("nightly", Kw::Nightly),
            ("biweekly", Kw::Biweekly),
            ("present", Kw::Present),
            ("right", Kw::Right),
            ("then", Kw::Then),
            ("final", Kw::Final),
            ("zone", Kw::Zone),
            ("local", Kw::Local),
            ("q", Kw::Q),
            ("h", Kw::H),
            ("annual", Kw::Year2),
            ("since", Kw::Since),
            ("by", Kw::By),
            ("during", Kw::During),
            ("for", Kw::For),
            ("within", Kw::Within),
            ("near", Kw::Near),
            ("latest", Kw::Latest),
            ("moment", Kw::Moment),
            ("as", Kw::As),
            ("its", Kw::Its),
            ("their", Kw::Its),
            ("thousand", Kw::Thousand),
        ];
        for &(w, k) in kws {
            add(w, &|l| l.kw = k);
        }
        // "day" is both a unit and the head of holiday names; "first" both an ordinal and a
        // quarter/half position; "century" a unit.
        add("day", &|l| l.kw = Kw::Day);
        add("first", &|l| l.kw = Kw::First);
        add("century", &|l| l.kw = Kw::Century);
        Lexicon { map }
    }

    /// The readings of a word, looked up case-insensitively; `None` for words no rule uses.
    pub fn get(&self, word: &str) -> Option<&Lex> {
        let b = word.as_bytes();
        if b.is_empty() || b.len() > MAX_WORD {
            return None;
        }
        let mut buf = [0u8; MAX_WORD];
        for (d, s) in buf.iter_mut().zip(b) {
            if !s.is_ascii_alphabetic() && *s != b'-' {
                return None;
            }
            *d = s.to_ascii_lowercase();
        }
        let lower = std::str::from_utf8(&buf[..b.len()]).ok()?;
        self.map.get(lower)
    }
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::new()
    }
}
