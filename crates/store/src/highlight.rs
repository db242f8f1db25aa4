//! Snippet highlighting that stems only the words that can match the query.
//!
//! tantivy's [`SnippetGenerator`] runs the field's analysis (`en_stem`: split, drop tokens of 40
//! bytes or more, lower-case, Snowball English stemmer) over every word of a hit's text to find
//! the words that match the query's stemmed terms. Stemming was most of a search's CPU: twenty
//! hits of 3,000 bytes are ten thousand words to stem for the two or three that match.
//!
//! The Snowball English stemmer rewrites the end of a word: a stem keeps the first two characters
//! of its (apostrophe-free, lower-cased) word, or all of them when it is shorter, except for
//! three exceptional forms ([`EXCEPTIONS`]). So a word can stem to a query term only if it starts
//! with that term's first two characters, or is the exceptional form of it; [`GatedStemmer`]
//! stems those words and gives the others an empty text, which matches no term.
//! Every word keeps its place and offsets, so the fragments and highlights are exactly those of
//! the plain analysis (tested against it below).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    Language, RawTokenizer, SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::{Score, Searcher, Term};

/// The Snowball English exceptional forms whose stem does not start with the word's first two
/// characters (the algorithm's list; its other exceptions keep them).
const EXCEPTIONS: [(&str, &str); 3] = [("dying", "die"), ("lying", "lie"), ("tying", "tie")];

/// Tokens of `en_stem` at or above this length in bytes are dropped (its `RemoveLongFilter`).
const LONG_TOKEN_BYTES: usize = 40;

/// A snippet generator for `field` equal in output to [`SnippetGenerator::create`] for a field
/// analysed with `en_stem`, at a fraction of the cost.
pub fn snippet_generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    max_num_chars: usize,
) -> tantivy::Result<SnippetGenerator> {
    // The query's terms in this field, weighted as `SnippetGenerator::create` weighs them.
    let mut terms: BTreeSet<Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut terms_text: BTreeMap<String, Score> = BTreeMap::new();
    for term in terms {
        let Some(text) = term.value().as_str().map(str::to_string) else { continue };
        let doc_freq = searcher.doc_freq(&term)?;
        if doc_freq > 0 {
            terms_text.insert(text, 1.0 / (1.0 + doc_freq as Score));
        }
    }
    let prefixes = prefixes_of(terms_text.keys().map(String::as_str));
    let tokenizer = GatedStemmer { prefixes, stemmer: stemmer() };
    Ok(SnippetGenerator::new(terms_text, TextAnalyzer::from(tokenizer), field, max_num_chars))
}

/// What a word must start with to possibly stem to one of `terms`.
fn prefixes_of<'a>(terms: impl Iterator<Item = &'a str>) -> Arc<[String]> {
    let mut out = BTreeSet::new();
    for t in terms {
        out.insert(t.chars().take(2).collect::<String>());
        out.extend(EXCEPTIONS.iter().filter(|(_, stem)| *stem == t).map(|(word, _)| word.to_string()));
    }
    out.into_iter().collect()
}

/// The stemmer alone, for one lower-cased word.
fn stemmer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(Language::English)).build()
}

/// `en_stem`, with only the words that start like a query term stemmed (see the module docs).
#[derive(Clone)]
struct GatedStemmer {
    /// The first two characters of each query term (the whole term when shorter).
    prefixes: Arc<[String]>,
    stemmer: TextAnalyzer,
}

impl Tokenizer for GatedStemmer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let mut split = SimpleTokenizer::default();
        let mut stream = split.token_stream(text);
        let mut tokens = Vec::new();
        while stream.advance() {
            let t = stream.token();
            if t.text.len() >= LONG_TOKEN_BYTES {
                continue;
            }
            let lower = lower_case(&t.text);
            let text = if self.prefixes.iter().any(|p| lower.starts_with(p.as_str())) {
                let mut s = self.stemmer.token_stream(&lower);
                if s.advance() { s.token().text.clone() } else { String::new() }
            } else {
                String::new()
            };
            // Offsets and positions as the plain analysis gives them (dropping a long token
            // leaves a gap in positions there too).
            tokens.push(Token {
                offset_from: t.offset_from,
                offset_to: t.offset_to,
                position: t.position,
                position_length: t.position_length,
                text,
            });
        }
        Tokens { tokens, next: 0, none: Token::default() }
    }
}

/// Lower-casing as tantivy's `LowerCaser` does it: character by character (no final-sigma rule).
fn lower_case(word: &str) -> String {
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        out.extend(c.to_lowercase());
    }
    out
}

/// Tokens already made.
struct Tokens {
    tokens: Vec<Token>,
    next: usize,
    /// What `token` returns before the first `advance` (tantivy never asks).
    none: Token,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        if self.next < self.tokens.len() {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        self.next.checked_sub(1).and_then(|i| self.tokens.get(i)).unwrap_or(&self.none)
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.next.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.none,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::QueryParser;
    use tantivy::schema::Value;
    use tantivy::{Index, TantivyDocument, doc};

    #[test]
    fn gated_snippets_equal_tantivys() {
        // The store's own schema, so the test follows its analysis if that changes.
        let (schema, fields) = crate::index::schema();
        let body = fields.body;
        let index = Index::create_in_ram(schema);
        let texts = [
            "Rescuers were flying over the flooded villages; flies and mosquitoes spread as the dying \
             cattle lay in the fields. Officials said the flights would resume on Tuesday.",
            "The generals' generosity: generally generous generation of generators. Communities \
             communicate; the community's communal communications failed. Arsenal's arsenals.",
            "ΣΟΦΙΑ ΣΟΦΟΣ Ελληνικά κείμενα: Οδυσσέας. Über die Straße gingen Müller und Ärzte; \
             naïve café résumé. Sky skies skiing skis ugly early only gently idly news.",
            "Supercalifragilisticexpialidociousnessesxyzabcdefgh is long; so is \
             pneumonoultramicroscopicsilicovolcanoconiosisdiseases. Y yes yellow by fly dye.",
            "Protesters marched in Cairo; the protest grew as protesting students joined. \
             The prime minister's ministers met; ministry officials ministered to the injured.",
        ];
        let mut w = index.writer(15_000_000).unwrap();
        for t in texts {
            w.add_document(doc!(body => t)).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let parser = QueryParser::for_index(&index, vec![body]);
        let queries = [
            "flying",
            "flies dying",
            "generously communities",
            "arsenal",
            "σοφια ελληνικα",
            "müller strasse ärzte cafe",
            "skies early news",
            "\"prime minister\"",
            "protests ministry",
            "y by",
            "supercalifragilisticexpialidociousnessesxyzabcdefgh",
        ];
        let mut highlighted = 0;
        // Short fragments (the best one is chosen), and one fragment over the whole text (every
        // match is highlighted).
        for (q, chars) in queries.iter().flat_map(|q| [(q, 60), (q, 10_000)]) {
            let query = parser.parse_query(q).unwrap();
            let mut plain = SnippetGenerator::create(&searcher, &*query, body).unwrap();
            plain.set_max_num_chars(chars);
            let gated = snippet_generator(&searcher, &*query, body, chars).unwrap();
            for (_, addr) in searcher.search(&query, &TopDocs::with_limit(10).order_by_score()).unwrap() {
                let d: TantivyDocument = searcher.doc(addr).unwrap();
                let text = d.get_first(body).and_then(|v| v.as_str()).unwrap();
                let (a, b) = (plain.snippet(text), gated.snippet(text));
                assert_eq!(a.fragment(), b.fragment(), "{q}");
                assert_eq!(a.highlighted(), b.highlighted(), "{q}");
                highlighted += b.highlighted().len();
            }
            // And on every text, hits or not.
            for t in texts {
                assert_eq!(plain.snippet(t).highlighted(), gated.snippet(t).highlighted(), "{q} in {t}");
                assert_eq!(plain.snippet(t).fragment(), gated.snippet(t).fragment(), "{q} in {t}");
            }
        }
        assert!(highlighted >= 30, "the queries must highlight words, got {highlighted}");
    }

    /// What the gate relies on: every word's stem starts with the word's first two characters,
    /// or the word is one of the exceptional forms, over the words of the example articles and
    /// suffix-heavy words.
    #[test]
    fn a_word_passes_the_gate_of_its_own_stem() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/antonov");
        let mut text = String::from(
            "dying lying tying skis skies idly gently ugly early only singly sky news howe atlas \
             cosmos bias andes aed ied ies ties cries flies generously communities arsenals \
             yelled yes yyy eyed byway ageing agreed feed hopping hoping rational izer",
        );
        for entry in std::fs::read_dir(dir).unwrap() {
            text.push(' ');
            text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        let mut stems = stemmer();
        let mut split = SimpleTokenizer::default();
        let mut words = split.token_stream(&text);
        let mut checked = 0;
        while words.advance() {
            let word = lower_case(&words.token().text);
            let mut s = stems.token_stream(&word);
            assert!(s.advance());
            let stem = s.token().text.clone();
            let prefixes = prefixes_of([stem.as_str()].into_iter());
            assert!(prefixes.iter().any(|p| word.starts_with(p.as_str())), "{word} -> {stem}");
            checked += 1;
        }
        assert!(checked > 2000, "{checked}");
    }
}
