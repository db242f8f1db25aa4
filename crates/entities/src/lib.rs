//! Entities: who and what an article names, and who is who.
//!
//! Three steps, each its own module:
//!
//! 1. **Names** ([`tagger`], [`features`], [`model`]): a greedy averaged-perceptron BIO tagger,
//!    trained by the project's own code ([`train`], `storyline train ner`) on CoNLL-2003 with
//!    word clusters learned from unlabelled news ([`clusters`]), gazetteers derived from the
//!    training names and from the names a first model finds in unlabelled news, and an
//!    extended prediction history (how the same word was tagged earlier in the document). The
//!    model ships inside the binary (`model/ner.bin`).
//! 2. **Within an article** ([`coref`], [`roles`]): names are grouped into entities ("Antonov"
//!    -> "Anatoly Antonov", "RIA" -> "RIA Novosti", "U.S." -> "United States"), titles and
//!    appositions become roles ("Deputy Foreign Minister"), and role descriptions ("the
//!    ambassador", "the Russian leader") become nominal mentions of the person they fit.
//!    [`DocEntities::resolve_pronoun`] resolves "he"/"she" for the quote layer.
//! 3. **Across articles** ([`link`]): [`link::link_entities`] merges the entities of many
//!    articles into canonical report entities with content-derived ids.
//!
//! ```
//! use storyline_core::text::{sentences_from_tokens, tokenize};
//! use storyline_entities::EntityRecognizer;
//!
//! let text = "Russian President Vladimir Putin met Joe Biden in Geneva. Putin said it went well.";
//! let tokens = tokenize(text);
//! let sentences = sentences_from_tokens(text, &tokens);
//! let doc = EntityRecognizer::load_default().recognize(text, &tokens, &sentences);
//! let putin = doc.entities.iter().position(|e| e.name == "Vladimir Putin").unwrap();
//! assert!(doc.entities[putin].roles.iter().any(|r| r == "Russian President"));
//! // "Putin" in the second sentence is the same entity.
//! assert!(doc.mentions.iter().any(|m| m.span.slice(text) == "Putin" && m.entity == putin));
//! ```

pub mod clusters;
pub mod coref;
pub mod features;
pub mod lexicon;
pub mod link;
pub mod model;
pub mod roles;
pub mod tagger;
pub mod train;

use std::cell::RefCell;

use serde::Serialize;
use storyline_core::report::EntityType;
use storyline_core::text::Token;
use storyline_core::{Remap, Span};
use thread_local::ThreadLocal;

/// How a mention refers to its entity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MentionForm {
    /// A proper name ("Anatoly Antonov", "Antonov", "RIA").
    #[default]
    Name,
    /// A description that the article uses for a named entity ("the ambassador").
    Nominal,
    /// A pronoun ("he").
    Pronoun,
}

impl MentionForm {
    pub fn is_name(&self) -> bool {
        *self == MentionForm::Name
    }
}

/// A mention of an entity in the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    #[serde(flatten)]
    pub span: Span,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Index into the article's [`DocEntity`] list.
    pub entity: usize,
    /// Name, nominal or pronoun; only names are scored as named-entity recognition.
    #[serde(skip_serializing_if = "MentionForm::is_name")]
    pub form: MentionForm,
}

impl Remap for Mention {
    fn remap(&mut self, f: &dyn Fn(Span) -> Span) {
        self.span = f(self.span);
    }
}

/// Grammatical gender, as far as the article shows it (for pronoun resolution).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Male,
    Female,
}

/// One entity within one article: all its mentions resolved to one name.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocEntity {
    /// The fullest name the article uses ("Anatoly Antonov", "RIA Novosti").
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Other names the article uses for it ("Antonov", "RIA").
    pub aliases: Vec<String>,
    /// Roles and titles ("Russian Ambassador to the United States").
    pub roles: Vec<String>,
    /// For people, when the article shows it (a pronoun, "Mr.", "spokeswoman").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

/// The entity layer's result for one article.
///
/// `mentions` are sorted by position; every `mention.entity` indexes `entities`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct DocEntities {
    pub mentions: Vec<Mention>,
    pub entities: Vec<DocEntity>,
}

impl Remap for DocEntities {
    fn remap(&mut self, f: &dyn Fn(Span) -> Span) {
        self.mentions.remap(f);
    }
}

impl DocEntities {
    /// The entity of the mention that covers `span` exactly or contains it.
    pub fn entity_at(&self, span: Span) -> Option<usize> {
        self.mentions.iter().find(|m| m.span.contains(span)).map(|m| m.entity)
    }

    /// The person a third-person pronoun at byte `offset` most likely refers to: the person
    /// mentioned last before `offset` whose gender does not contradict the pronoun ("he",
    /// "him", "his" male; "she", "her", "hers" female; anything else any person), except that
    /// one of the last two people mentioned whose gender is known to fit wins over a more
    /// recent one whose gender is unknown.
    ///
    /// Offsets are in the same text the mentions are in (the clean body, before the pipeline
    /// remaps them). This is the "he said" rule the quote layer needs: recency with a gender
    /// check, which is right for the reporting-verb case far more often than not.
    pub fn resolve_pronoun(&self, offset: usize, pronoun: &str) -> Option<usize> {
        let want = match pronoun.to_lowercase().as_str() {
            "he" | "him" | "his" | "himself" => Some(Gender::Male),
            "she" | "her" | "hers" | "herself" => Some(Gender::Female),
            _ => None,
        };
        let mut fallback = None;
        let mut seen: Vec<usize> = Vec::new();
        for m in self.mentions.iter().rev() {
            if m.span.end > offset || m.kind != EntityType::Person || m.form == MentionForm::Pronoun {
                continue;
            }
            if !seen.contains(&m.entity) {
                seen.push(m.entity);
            }
            let g = self.entities.get(m.entity).and_then(|e| e.gender);
            // A person known to fit among the last two mentioned beats a more recent one whose
            // gender is unknown ("spokeswoman Maria Zakharova ... after Antonov arrived. She").
            if want.is_some() && g == want && seen.len() <= 2 {
                return Some(m.entity);
            }
            if fallback.is_none() && (want.is_none() || g.is_none() || g == want) {
                fallback = Some(m.entity);
                if want.is_none() {
                    break;
                }
            }
            if seen.len() > 2 && fallback.is_some() {
                break;
            }
        }
        fallback
    }

    /// Person entities, in order of first mention.
    pub fn people(&self) -> impl Iterator<Item = (usize, &DocEntity)> {
        self.entities.iter().enumerate().filter(|(_, e)| e.kind == EntityType::Person)
    }
}

/// Map a tagger type index (0 person, 1 organization, 2 location, 3 other) to the report type.
pub fn entity_type(ty: u8) -> EntityType {
    match ty {
        0 => EntityType::Person,
        1 => EntityType::Organization,
        2 => EntityType::Location,
        _ => EntityType::Other,
    }
}

/// Recognises entity mentions. Holds the model; load once, share freely across threads.
#[derive(Debug, Default)]
pub struct EntityRecognizer {
    model: model::Model,
    /// Each thread's memo of the words it has analysed under `model` (the model never changes,
    /// so neither does what a memo holds).
    memos: ThreadLocal<RefCell<features::WordMemo>>,
}

/// Lower-case nouns that, right after a name, make it a place ("the Donbass region").
const PLACE_NOUNS: &[&str] =
    &["region", "province", "oblast", "county", "district", "prefecture", "governorate", "peninsula", "valley"];

/// The model shipped with storyline, trained by `storyline train ner`.
static DEFAULT_MODEL: &[u8] = include_bytes!("../model/ner.bin");

impl EntityRecognizer {
    /// The model shipped with storyline. A damaged model (impossible for a released binary)
    /// gives a recogniser that finds no names rather than a crash.
    pub fn load_default() -> EntityRecognizer {
        EntityRecognizer::from_bytes(DEFAULT_MODEL).unwrap_or_default()
    }

    /// A recogniser from a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<EntityRecognizer, model::ModelError> {
        Ok(EntityRecognizer::from_model(model::read_model(bytes)?))
    }

    /// A recogniser over an already parsed model.
    pub fn from_model(model: model::Model) -> EntityRecognizer {
        EntityRecognizer { model, memos: ThreadLocal::new() }
    }

    /// Whether the model has weights (false only for a missing or damaged model file).
    pub fn has_model(&self) -> bool {
        !self.model.weights.is_empty()
    }

    /// Names in a document given as sentences of token strings: per sentence,
    /// `(start token, end token, type)` with type 0 person, 1 organization, 2 location, 3 other.
    pub fn tag_sentences<S: AsRef<str>>(&self, sentences: &[Vec<S>]) -> Vec<Vec<(usize, usize, u8)>> {
        let memo = self.memos.get_or_default();
        let (prepared, tags) = match memo.try_borrow_mut() {
            Ok(mut memo) => {
                let p = features::prepare_scored(sentences, &self.model.lex, &self.model.weights, &mut memo);
                let tags = tagger::tag_document(&self.model.weights, &p, Some(&memo));
                (p, tags)
            }
            // Only reachable if tagging re-entered itself on this thread; do without the memo.
            Err(_) => {
                let p = features::prepare(sentences, &self.model.lex);
                let tags = tagger::tag_document(&self.model.weights, &p, None);
                (p, tags)
            }
        };
        prepared
            .sentences
            .iter()
            .zip(sentences)
            .map(|(&(a, b), words)| {
                let spans = tags.get(a..b).map(model::spans_of).unwrap_or_default();
                self.extend_names(words, spans)
            })
            .collect()
    }

    /// Names the tagger cut short before a capitalised word it has never seen: "RIA" +
    /// "Novosti", "Novaya" + "Gazeta". An organisation or person name takes in the next word when
    /// that word is capitalised, unknown to the casing lexicon (so not an ordinary word that
    /// happens to start a clause) and not part of another name.
    fn extend_names<S: AsRef<str>>(&self, words: &[S], mut spans: Vec<(usize, usize, u8)>) -> Vec<(usize, usize, u8)> {
        use features::Lexicon;
        let starts: std::collections::HashSet<usize> = spans.iter().map(|s| s.0).collect();
        for span in &mut spans {
            // "the Donbass region", "Idlib province": a name before a word for a kind of place
            // is that place, whatever the model guessed.
            if span.2 == 1 {
                let after = words.get(span.1).map(|w| w.as_ref().to_lowercase()).unwrap_or_default();
                if PLACE_NOUNS.contains(&after.as_str()) {
                    span.2 = 2;
                    continue;
                }
            }
            if span.2 > 1 {
                continue;
            }
            let Some(next) = words.get(span.1).map(AsRef::as_ref) else { continue };
            let capitalised = next.chars().next().is_some_and(char::is_uppercase)
                && next.chars().all(char::is_alphabetic)
                && next.chars().any(char::is_lowercase);
            if capitalised
                && !starts.contains(&span.1)
                && self.model.lex.casing(features::hash_str(&lexicon::fold(next))) == 0
            {
                span.1 += 1;
            }
        }
        spans
    }

    /// Mentions and within-article entities in `text`, given its tokens and sentences.
    pub fn recognize(&self, text: &str, tokens: &[Token], sentences: &[Span]) -> DocEntities {
        let (sent_tokens, strings) = group_tokens(text, tokens, sentences);
        let names = self.tag_sentences(&strings);
        let mut found = Vec::new();
        for (si, spans) in names.iter().enumerate() {
            let Some(toks) = sent_tokens.get(si) else { continue };
            for &(a, b, ty) in spans {
                let (Some(first), Some(last)) = (toks.get(a), toks.get(b.saturating_sub(1))) else { continue };
                found.push(coref::Name { span: Span::new(first.span.start, last.span.end), ty: entity_type(ty) });
            }
        }
        let lex = &self.model.lex;
        let namey = |w: &str| {
            use features::Lexicon;
            let bucket = lex.casing(features::hash_str(&lexicon::fold(w)));
            bucket == 0 || bucket >= 4
        };
        coref::resolve(text, tokens, sentences, found, &namey)
    }
}

/// Tokens grouped by sentence (a token belongs to the sentence its start falls in), with their
/// strings. Tokens outside every sentence form sentences of their own.
fn group_tokens<'t>(text: &'t str, tokens: &[Token], sentences: &[Span]) -> (Vec<Vec<Token>>, Vec<Vec<&'t str>>) {
    let mut groups: Vec<Vec<Token>> = Vec::with_capacity(sentences.len());
    let mut si = 0;
    let mut current: Vec<Token> = Vec::new();
    for &t in tokens {
        while si < sentences.len() && t.span.start >= sentences[si].end {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
            si += 1;
        }
        current.push(t);
        // Cap sentence length so one run-on "sentence" (a table, a list) cannot blow up.
        if current.len() >= 400 {
            groups.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    let strings = groups.iter().map(|g| g.iter().map(|t| t.span.slice(text)).collect()).collect();
    (groups, strings)
}
