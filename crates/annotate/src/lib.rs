//! The per-article pipeline: one [`Article`] in, one annotated [`Doc`] out.
//!
//! Layers run on the article's clean body ([`Article::body`]) — header lines, boilerplate and
//! markup residue removed — because that is what they analyse best. Every span they return is
//! mapped back through the body's offset map *here, in one place*, so a [`Doc`] holds only spans
//! into the text as ingested: `doc.article.text[span]` is always the evidence.
//!
//! Annotation sees one article at a time, so it runs in parallel over a corpus; the shared
//! [`Annotator`] holds the read-only resources (models, lexicons) loaded once.

use serde::Serialize;
use storyline_core::report::Rejected;
use storyline_core::text::{sentences_from_tokens, tokenize};
use storyline_core::{Article, Published, Remap, Span};
use storyline_entities::{DocEntities, DocEntity, EntityRecognizer, Mention, MentionForm};
use storyline_quotes::Quote;
use storyline_time::{TimeTagger, Timex};

/// Shared, read-only resources of every layer. Build once per process.
#[derive(Debug)]
pub struct Annotator {
    time: TimeTagger,
    entities: EntityRecognizer,
}

/// An article with its annotations. All spans index `article.text`.
#[derive(Clone, Debug)]
pub struct Doc {
    pub article: Article,
    pub sentences: Vec<Span>,
    pub timexes: Vec<Timex>,
    pub entities: DocEntities,
    pub quotes: Vec<Quote>,
}

impl Default for Annotator {
    fn default() -> Self {
        Annotator::new()
    }
}

impl Annotator {
    /// The annotator with the resources shipped in the binary.
    pub fn new() -> Annotator {
        Annotator { time: TimeTagger::new(), entities: EntityRecognizer::load_default() }
    }

    pub fn time(&self) -> &TimeTagger {
        &self.time
    }

    pub fn entities(&self) -> &EntityRecognizer {
        &self.entities
    }

    /// [`Annotator::annotate`], but a bug in a layer that panics on this article becomes a
    /// rejection with a reason instead of ending the whole batch: one bad article never stops a
    /// corpus. (Layers are written not to panic; this is the last line of defence.)
    pub fn try_annotate(&self, article: Article) -> Result<Doc, Rejected> {
        let source = article.source.clone();
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.annotate(article))).map_err(|payload| {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".to_string());
            Rejected { source, reason: format!("internal error while annotating (please report): {what}") }
        })
    }

    /// Run every layer over `article`'s clean body.
    pub fn annotate(&self, mut article: Article) -> Doc {
        if article.published.date.is_none()
            && let Some(inferred) = self.time.infer_published(article.body.as_str())
        {
            article.published = inferred;
        }
        let clean = article.body.as_str();
        let tokens = tokenize(clean);
        let mut sentences = sentences_from_tokens(clean, &tokens);
        let mut timexes = self.time.tag(clean, &article.published);
        let mut entities = self.entities.recognize(clean, &tokens, &sentences);
        let mut quotes = storyline_quotes::extract_tokenized(clean, &tokens, &sentences, &entities, &timexes);

        let body = &article.body;
        let to_original = |s: Span| body.to_original(s);
        sentences.remap(&to_original);
        timexes.remap(&to_original);
        entities.remap(&to_original);
        quotes.remap(&to_original);
        // A corpus keeps every document until its story is built: no spare capacity.
        sentences.shrink_to_fit();
        timexes.shrink_to_fit();
        quotes.shrink_to_fit();
        entities.mentions.shrink_to_fit();
        entities.entities.shrink_to_fit();
        for e in &mut entities.entities {
            e.aliases.shrink_to_fit();
            e.roles.shrink_to_fit();
        }
        Doc { article, sentences, timexes, entities, quotes }
    }
}

/// The JSON object `storyline annotate` prints for one article.
#[derive(Serialize)]
pub struct AnnotationOutput<'a> {
    pub id: &'a str,
    pub published: &'a Published,
    pub sentences: Vec<WithText<'a, Span>>,
    pub timexes: Vec<WithText<'a, Timex>>,
    pub mentions: Vec<MentionOut<'a>>,
    pub entities: Vec<EntityOut<'a>>,
    pub quotes: Vec<&'a Quote>,
}

/// An annotation serialised with the exact text it covers.
#[derive(Serialize)]
pub struct WithText<'a, T: Serialize> {
    #[serde(flatten)]
    pub annotation: &'a T,
    pub text: &'a str,
}

/// A mention as `storyline annotate` prints it: `entity` is the id of its entity in `entities`.
#[derive(Serialize)]
pub struct MentionOut<'a> {
    pub start: usize,
    pub end: usize,
    pub text: &'a str,
    #[serde(rename = "type")]
    pub kind: storyline_core::report::EntityType,
    pub entity: String,
    /// `nominal` or `pronoun` for mentions that are not names.
    #[serde(skip_serializing_if = "MentionForm::is_name")]
    pub form: MentionForm,
}

/// A within-article entity with a per-article id (`e0`, `e1`, ...), as `mentions[].entity` uses.
#[derive(Serialize)]
pub struct EntityOut<'a> {
    pub id: String,
    #[serde(flatten)]
    pub entity: &'a DocEntity,
}

impl Doc {
    pub fn text(&self) -> &str {
        &self.article.text
    }

    /// The `storyline annotate` view of this document.
    pub fn annotation_output(&self) -> AnnotationOutput<'_> {
        let text = self.text();
        let with_text = |span: Span| span.slice(text);
        AnnotationOutput {
            id: &self.article.id,
            published: &self.article.published,
            sentences: self.sentences.iter().map(|s| WithText { annotation: s, text: with_text(*s) }).collect(),
            timexes: self.timexes.iter().map(|t| WithText { annotation: t, text: with_text(t.span) }).collect(),
            mentions: self
                .entities
                .mentions
                .iter()
                .map(|m: &Mention| MentionOut {
                    start: m.span.start,
                    end: m.span.end,
                    text: with_text(m.span),
                    kind: m.kind,
                    entity: format!("e{}", m.entity),
                    form: m.form,
                })
                .collect(),
            entities: self
                .entities
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| EntityOut { id: format!("e{i}"), entity: e })
                .collect(),
            quotes: self.quotes.iter().collect(),
        }
    }
}
