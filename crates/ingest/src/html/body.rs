//! The article body: which part of the page is the article, and which of its blocks are text.
//!
//! Steps, each linear in the number of nodes (node ids are in document order, so a parent's id
//! is below its children's: forward passes inherit, reverse passes aggregate, no recursion):
//!
//! 1. Drop what is never text (scripts, styles, forms controls, media, hidden elements).
//! 2. Measure text blocks: a block's "good" text is the non-link text of a paragraph-sized block
//!    with few links; "bad" text is the text of link lists and the like.
//! 3. Drop boilerplate containers named as such (`class`/`id`/`role`: comments, share, related,
//!    newsletter, ads, sidebars...) and `nav`/`aside`/`footer`/`header`, unless they hold most of
//!    the page's good text or an element named as the article body.
//! 4. Pick the container that maximises good text minus bad text: the article, not the page.
//! 5. Emit its blocks as paragraphs, dropping the headline, link lists, captions, bylines and
//!    boilerplate lines at the edges.

use std::sync::LazyLock;

use super::dom::{Dom, NONE, NodeId, Tag};

/// Block texts shorter than this (in non-space bytes) are not paragraphs for scoring.
const MIN_GOOD_BLOCK: u32 = 60;
/// Weight of bad text against good text when choosing the container: below 1 so that one
/// link-heavy paragraph (an inline "related" box) does not split the article off its container.
const BAD_WEIGHT: f64 = 0.7;
/// Link density above which a block is a link list, not prose.
const MAX_LINK_DENSITY: f64 = 0.35;

/// One output block (paragraph candidate) of the chosen container.
#[derive(Clone, Debug)]
struct Block {
    text: String,
    /// Non-whitespace bytes.
    chars: u32,
    link_chars: u32,
    tag: Tag,
    /// Inside an `li`, `figcaption`/`figure`, `blockquote`, table cell.
    in_li: bool,
    in_caption: bool,
    in_quote: bool,
    in_cell: bool,
}

impl Block {
    fn link_density(&self) -> f64 {
        if self.chars == 0 { 0.0 } else { f64::from(self.link_chars) / f64::from(self.chars) }
    }

    fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Tags that start a new block of text.
fn is_block(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Root
            | Tag::Html
            | Tag::Body
            | Tag::P
            | Tag::Div
            | Tag::Article
            | Tag::Main
            | Tag::Section
            | Tag::Header
            | Tag::Footer
            | Tag::Nav
            | Tag::Aside
            | Tag::H1
            | Tag::H2
            | Tag::H3
            | Tag::H4
            | Tag::H5
            | Tag::H6
            | Tag::Hgroup
            | Tag::Ul
            | Tag::Ol
            | Tag::Li
            | Tag::Dl
            | Tag::Dt
            | Tag::Dd
            | Tag::Table
            | Tag::Caption
            | Tag::Thead
            | Tag::Tbody
            | Tag::Tfoot
            | Tag::Tr
            | Tag::Td
            | Tag::Th
            | Tag::Blockquote
            | Tag::Pre
            | Tag::Figure
            | Tag::Figcaption
            | Tag::Form
            | Tag::Fieldset
            | Tag::Legend
            | Tag::Address
            | Tag::Details
            | Tag::Summary
            | Tag::Dialog
            | Tag::Menu
            | Tag::Center
            | Tag::Hr
    )
}

/// Elements that never hold article text.
fn is_junk_tag(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Head
            | Tag::Title
            | Tag::Meta
            | Tag::Link
            | Tag::Base
            | Tag::Script
            | Tag::Style
            | Tag::Noscript
            | Tag::Template
            | Tag::Svg
            | Tag::Math
            | Tag::Iframe
            | Tag::Object
            | Tag::Embed
            | Tag::Canvas
            | Tag::Video
            | Tag::Audio
            | Tag::Picture
            | Tag::Source
            | Tag::Track
            | Tag::Img
            | Tag::Input
            | Tag::Button
            | Tag::Select
            | Tag::Option
            | Tag::Optgroup
            | Tag::Textarea
            | Tag::Label
            | Tag::Dialog
            | Tag::Map
            | Tag::Area
            | Tag::Param
            | Tag::Keygen
            | Tag::Xmp
            | Tag::Noembed
            | Tag::Noframes
            | Tag::Plaintext
    )
}

/// Hidden by attribute or inline style.
fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    if dom.attr(id, "hidden").is_some() {
        return true;
    }
    if let Some(style) = dom.attr(id, "style") {
        let s: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// How an element's `class`/`id`/`role`/`itemprop` names it.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Naming {
    /// Named as the article body (`articleBody`, `entry-content`, `story-body`...).
    positive: bool,
    /// Named as boilerplate (share, related, ads, sidebar...).
    negative: bool,
    /// Named as comments or another section that is never the article even when long.
    strong_negative: bool,
    /// Named as part of the article's header area (see [`HEADER_LIKE`]).
    header_like: bool,
}

static POSITIVE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?x)
        article[-_]?(body|content|text|main|entry) | articlebody | story[-_]?(body|content|text) | storytext
        | post[-_]?(body|content|text|entry) | entry[-_]?(content|body|text) | body[-_]?(text|copy|content)
        | content[-_]?body | main[-_]?(content|text) | blog[-_]?(post|content|entry) | single[-_]?content
        | news[-_]?(body|content|text|article) | text[-_]?content | article__body | rich[-_]?text
        ",
    )
    .expect("static regex")
});

static NEGATIVE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?x)
        (^|[^a-z])(
          share|sharing|social|sociable|related|recommend|newsletter|subscri|signup|sign-up|promo
          |advert|ads|ad|adsense|dfp|gpt|sponsor|outbrain|taboola|zergnet|revcontent|sidebar|widget
          |breadcrumb|byline|author|bio|tags|tag-list|taglist|keywords|footer|masthead|menu|nav|navbar
          |navigation|cookie|consent|gdpr|popup|modal|overlay|toolbar|pagination|pager|print|caption
          |credit|copyright|trending|popular|most-read|mostread|also-read|read-more|readmore|more-stories
          |jump|skip|visually-hidden|sr-only|screen-reader|hidden|meta|dateline|timestamp|date
          |site-header|page-header|global-header|top-bar|topbar|banner|login|search|follow|rating|vote|next|prev|previous
          |toc|breaking|ticker|alert|donate|paywall|teaser|card|embed-code|utility|tools|actions
        )([^a-z]|$)
        ",
    )
    .expect("static regex")
});

/// Names of the article's header area (headline, standfirst, summary): boilerplate before the
/// body's first paragraph, but subheadings and boxes within the body use the same words.
static HEADER_LIKE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?x)
        (^|[^a-z])(
          header|headline|title|subtitle|heading|subheading|subheadline|dek|standfirst|excerpt|subline
          |keypoints|key-points|highlights|kicker|eyebrow
        )([^a-z]|$)
        ",
    )
    .expect("static regex")
});

/// Boilerplate words matched anywhere in a name, since camelCase names ("newsCaption",
/// "relatedArticles") lose their word boundaries when lowercased.
static NEGATIVE_INFIX: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"caption|byline|breadcrumb|newsletter|advert|sidebar|cookie|social|sharing|sponsor|related|disqus|taboola|outbrain")
        .expect("static regex")
});

static STRONG_NEGATIVE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(^|[^a-z])(comment|comments|disqus|respond|replies|reply|discussion|commentlist|comment-list)([^a-z]|$)",
    )
    .expect("static regex")
});

fn naming(dom: &Dom, id: NodeId) -> Naming {
    let mut n = Naming::default();
    let mut names = String::new();
    for key in ["class", "id"] {
        if let Some(v) = dom.attr(id, key) {
            names.push(' ');
            names.push_str(v);
        }
    }
    if let Some(ip) = dom.attr(id, "itemprop")
        && (ip.eq_ignore_ascii_case("articleBody") || ip.eq_ignore_ascii_case("text"))
    {
        n.positive = true;
    }
    if let Some(role) = dom.attr(id, "role") {
        match role.trim().to_ascii_lowercase().as_str() {
            "navigation" | "banner" | "contentinfo" | "complementary" | "search" | "menu" | "menubar" | "dialog"
            | "alert" | "toolbar" => n.negative = true,
            "main" | "article" => n.positive = true,
            _ => {}
        }
    }
    if names.len() > 1 && names.len() < 1000 {
        let lower = names.to_ascii_lowercase();
        if POSITIVE.is_match(&lower) {
            n.positive = true;
        }
        if NEGATIVE.is_match(&lower) || NEGATIVE_INFIX.is_match(&lower) {
            n.negative = true;
        }
        if HEADER_LIKE.is_match(&lower) {
            n.header_like = true;
        }
        if STRONG_NEGATIVE.is_match(&lower) {
            n.negative = true;
            n.strong_negative = true;
        }
    }
    n
}

/// A blockquote that embeds a social post (`twitter-tweet`, `instagram-media`...).
fn is_embedded_post(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "class").is_some_and(|c| {
        let c = c.to_ascii_lowercase();
        c.contains("tweet") || c.contains("instagram")
    })
}

/// Per-node text measures (non-whitespace bytes), aggregated over subtrees.
struct Stats {
    /// Good text of the block a node starts (not aggregated).
    own_good: Vec<f64>,
    good: Vec<f64>,
    bad: Vec<f64>,
}

/// Measure blocks and aggregate good/bad text per subtree, ignoring dead nodes.
fn measure(dom: &Dom, dead: &[bool]) -> Stats {
    let n = dom.nodes.len();
    let mut block_of = vec![0 as NodeId; n];
    let mut in_link = vec![false; n];
    let mut chars = vec![0u32; n];
    let mut links = vec![0u32; n];
    for (i, node) in dom.nodes.iter().enumerate() {
        let p = node.parent;
        let (pb, pl) = if p == NONE { (0, false) } else { (block_of[p as usize], in_link[p as usize]) };
        block_of[i] = if is_block(node.tag) { i as NodeId } else { pb };
        in_link[i] = pl || node.tag == Tag::A;
        if node.tag == Tag::Text && !dead[i] {
            let c = dom.text_of(i as NodeId).bytes().filter(|b| !b.is_ascii_whitespace()).count() as u32;
            let b = block_of[i] as usize;
            chars[b] += c;
            if in_link[i] {
                links[b] += c;
            }
        }
    }
    let mut good = vec![0f64; n];
    let mut bad = vec![0f64; n];
    for i in 0..n {
        let c = chars[i];
        if c == 0 {
            continue;
        }
        let ld = f64::from(links[i]) / f64::from(c);
        if ld > MAX_LINK_DENSITY {
            bad[i] = f64::from(c);
        } else if c >= MIN_GOOD_BLOCK {
            good[i] = f64::from(c - links[i]);
        } else {
            // Short lines (bylines, labels, captions) cost a little: a container that is mostly
            // such lines is a listing, not an article.
            bad[i] = 0.25 * f64::from(c);
        }
    }
    let own_good = good.clone();
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent;
        if p != NONE && !dead[i] {
            good[p as usize] += good[i];
            bad[p as usize] += bad[i];
        }
    }
    Stats { own_good, good, bad }
}

/// Extract the article body as paragraphs separated by blank lines, or `None` when the page has
/// no paragraph-like text at all.
pub(crate) fn extract(dom: &Dom, title: Option<&str>) -> Option<String> {
    let n = dom.nodes.len();
    if n == 0 {
        return None;
    }
    // 1. Never-text elements.
    let mut dead = vec![false; n];
    for (i, node) in dom.nodes.iter().enumerate() {
        let p = node.parent;
        let parent_dead = p != NONE && dead[p as usize];
        dead[i] = parent_dead || (node.tag != Tag::Text && (is_junk_tag(node.tag) || is_hidden(dom, i as NodeId)));
    }
    // 2. First measure, for protection.
    let stats = measure(dom, &dead);
    let total_good = stats.good[0];
    // 3. Boilerplate containers.
    let names: Vec<Naming> = (0..n)
        .map(|i| if dom.nodes[i].tag == Tag::Text || dead[i] { Naming::default() } else { naming(dom, i as NodeId) })
        .collect();
    let mut pos_below = vec![false; n];
    // Embedded posts (tweets) are quoted as part of the story: their wrappers are often named
    // "social" or "widget" but must stay.
    let mut embed_below = vec![false; n];
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent;
        if p == NONE {
            continue;
        }
        if names[i].positive || pos_below[i] {
            pos_below[p as usize] = true;
        }
        if embed_below[i] || (dom.nodes[i].tag == Tag::Blockquote && is_embedded_post(dom, i as NodeId)) {
            embed_below[p as usize] = true;
            embed_below[i] = true;
        }
    }
    for i in 0..n {
        let node = &dom.nodes[i];
        if dead[i] || node.tag == Tag::Text {
            continue;
        }
        let p = node.parent;
        if p != NONE && dead[p as usize] {
            dead[i] = true;
            continue;
        }
        let nm = names[i];
        let tag_neg = matches!(node.tag, Tag::Nav | Tag::Aside | Tag::Footer | Tag::Header | Tag::Form);
        if nm.positive || pos_below[i] {
            continue;
        }
        let holds_most = stats.good[i] > 0.6 * total_good;
        if nm.strong_negative || ((nm.negative || tag_neg) && !holds_most && !embed_below[i]) {
            dead[i] = true;
        }
    }
    // 4. The container.
    let stats = measure(dom, &dead);
    let mut best = 0usize;
    let mut best_score = f64::MIN;
    for (i, &is_dead) in dead.iter().enumerate() {
        if is_dead || dom.nodes[i].tag == Tag::Text {
            continue;
        }
        let score = stats.good[i] - BAD_WEIGHT * stats.bad[i];
        if score > best_score {
            best_score = score;
            best = i;
        }
    }
    if stats.good[best] <= 0.0 {
        // No paragraph anywhere: fall back to the whole document's text.
        best = 0;
    }
    // The header area: header-like elements before the container's first paragraph (outside
    // header-like elements) are the headline, standfirst and byline, not body.
    let mut subtree_end: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let p = dom.nodes[i].parent;
        if p != NONE {
            subtree_end[p as usize] = subtree_end[p as usize].max(subtree_end[i]);
        }
    }
    // Header-like below the container only: the container itself may sit in a "header" wrapper.
    // A header-like element holding much of the text is the body under an odd name
    // ("text-with-summary").
    let small_header = |i: usize| names[i].header_like && stats.good[i] < 0.25 * stats.good[best];
    let mut in_header_like = vec![false; n];
    for i in best + 1..=subtree_end[best] {
        let p = dom.nodes[i].parent as usize;
        in_header_like[i] = small_header(i) || (p > best && p < n && in_header_like[p]);
    }
    let first_good =
        (best..=subtree_end[best]).find(|&i| !dead[i] && stats.own_good[i] > 0.0 && !in_header_like[i]).unwrap_or(n);
    for i in best + 1..first_good {
        if small_header(i) && subtree_end[i] < first_good {
            dead[i] = true;
        }
    }
    // 5. Blocks of the container.
    let blocks = collect_blocks(dom, best as NodeId, &dead);
    let text = filter_blocks(blocks, title);
    if text.trim().is_empty() { None } else { Some(text) }
}

/// Walk the container's subtree in document order and cut it into blocks.
fn collect_blocks(dom: &Dom, root: NodeId, dead: &[bool]) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut cur = Block {
        text: String::new(),
        chars: 0,
        link_chars: 0,
        tag: Tag::Div,
        in_li: false,
        in_caption: false,
        in_quote: false,
        in_cell: false,
    };
    // Explicit stack of (node, exiting) with context counters: depth of li, caption, quote,
    // cell, link ancestors.
    let mut ctx = Ctx::default();
    let mut stack: Vec<(NodeId, bool)> = vec![(root, false)];
    while let Some((id, exiting)) = stack.pop() {
        let Some(node) = dom.node(id) else { continue };
        let tag = node.tag;
        if exiting {
            ctx.leave(tag);
            if is_block(tag) {
                flush(&mut cur, &mut blocks);
                relabel(&mut cur, &ctx);
            }
            continue;
        }
        if dead.get(id as usize).copied().unwrap_or(true) {
            continue;
        }
        match tag {
            Tag::Text => {
                let t = dom.text_of(id);
                let c = t.bytes().filter(|b| !b.is_ascii_whitespace()).count() as u32;
                cur.text.push_str(t);
                cur.chars += c;
                if ctx.link > 0 {
                    cur.link_chars += c;
                }
            }
            Tag::Br => cur.text.push('\n'),
            _ => {
                if is_block(tag) {
                    flush(&mut cur, &mut blocks);
                }
                ctx.enter(tag);
                if is_block(tag) {
                    relabel(&mut cur, &ctx);
                }
                stack.push((id, true));
                // Children in reverse so the first pops first.
                let start = stack.len();
                for c in dom.children(id) {
                    stack.push((c, false));
                }
                stack[start..].reverse();
            }
        }
    }
    flush(&mut cur, &mut blocks);
    blocks
}

#[derive(Default)]
struct Ctx {
    li: u32,
    caption: u32,
    quote: u32,
    cell: u32,
    link: u32,
    /// The innermost block tag entered (the tag a new block is labelled with).
    tags: Vec<Tag>,
}

impl Ctx {
    fn enter(&mut self, tag: Tag) {
        match tag {
            Tag::Li | Tag::Dd | Tag::Dt => self.li += 1,
            Tag::Figcaption | Tag::Figure | Tag::Caption => self.caption += 1,
            Tag::Blockquote => self.quote += 1,
            Tag::Td | Tag::Th => self.cell += 1,
            Tag::A => self.link += 1,
            _ => {}
        }
        if is_block(tag) {
            self.tags.push(tag);
        }
    }

    fn leave(&mut self, tag: Tag) {
        match tag {
            Tag::Li | Tag::Dd | Tag::Dt => self.li = self.li.saturating_sub(1),
            Tag::Figcaption | Tag::Figure | Tag::Caption => self.caption = self.caption.saturating_sub(1),
            Tag::Blockquote => self.quote = self.quote.saturating_sub(1),
            Tag::Td | Tag::Th => self.cell = self.cell.saturating_sub(1),
            Tag::A => self.link = self.link.saturating_sub(1),
            _ => {}
        }
        if is_block(tag) {
            self.tags.pop();
        }
    }
}

/// Close the current block (if it has text) and start an empty one.
fn flush(cur: &mut Block, blocks: &mut Vec<Block>) {
    if cur.chars > 0 {
        let mut lines: Vec<String> = Vec::new();
        for line in cur.text.split('\n') {
            let l = super::meta::collapse(line);
            if !l.is_empty() {
                lines.push(l);
            }
        }
        let mut b = cur.clone();
        b.text = lines.join("\n");
        blocks.push(b);
    }
    cur.text.clear();
    cur.chars = 0;
    cur.link_chars = 0;
}

/// Label the (empty) current block with the context it starts in.
fn relabel(cur: &mut Block, ctx: &Ctx) {
    cur.tag = ctx.tags.last().copied().unwrap_or(Tag::Div);
    cur.in_li = ctx.li > 0;
    cur.in_caption = ctx.caption > 0;
    cur.in_quote = ctx.quote > 0;
    cur.in_cell = ctx.cell > 0;
}

/// Lines that are page furniture wherever they appear, compared lowercase without punctuation.
fn is_boilerplate_line(text: &str) -> bool {
    let norm: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    matches!(
        norm.as_str(),
        "advertisement"
            | "advertising"
            | "advert"
            | "caption"
            | "topics"
            | "tags"
            | "explore further"
            | "ad"
            | "sponsored"
            | "sponsored content"
            | "share"
            | "share this"
            | "share this article"
            | "share this story"
            | "share on facebook"
            | "share on twitter"
            | "tweet"
            | "email"
            | "print"
            | "read more"
            | "continue reading"
            | "continue reading below"
            | "story continues below"
            | "article continues below"
            | "related"
            | "related articles"
            | "related stories"
            | "related content"
            | "more"
            | "comments"
            | "leave a comment"
            | "skip to content"
            | "skip to main content"
            | "close"
            | "menu"
            | "loading"
            | "play"
            | "watch"
            | "video"
            | "image"
            | "photo"
            | "enlarge this image"
            | "toggle caption"
            | "hide caption"
            | "view comments"
            | "click to expand"
            | "scroll to continue with content"
            | "don t miss"
            | "dont miss"
            | "see more"
            | "see also"
            | "read also"
            | "read next"
            | "also read"
            | "related news"
            | "more stories"
            | "recommended"
    )
}

/// A credit line closing a story ("Jane Roe contributed to this report", "Additional reporting
/// by ...").
static CREDIT_LINE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(contributed (reporting|research|to this (report|story|article))|additional reporting by|^reporting by .{0,80}editing by)",
    )
    .expect("static regex")
});

/// Short lines that are site notices: copyright lines, sign-up calls.
fn is_notice_line(text: &str) -> bool {
    let lower = text.trim_start().to_lowercase();
    COUNTER_LINE.is_match(&lower)
        || lower.contains('©')
        || lower.starts_with("copyright")
        || lower.starts_with("sign up")
        || lower.starts_with("subscribe to")
        || lower.starts_with("follow us")
        || lower.starts_with("all rights reserved")
}

/// Disclosures and consent banners that sit in article containers: cookie notices and
/// affiliate-link disclaimers (up to a few sentences long).
fn is_disclosure(text: &str) -> bool {
    let lower = text.to_lowercase();
    (lower.contains("cookie")
        && (lower.contains("uses cookies") || lower.contains("use cookies") || lower.contains("cookie policy")))
        || (lower.contains("affiliate") && (lower.contains("link") || lower.contains("commission")))
}

/// Gallery counters: "Image 1 of 5", "1-5 of 36".
static COUNTER_LINE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^((image|photo|picture|slide|foto)\s+)?\d+(\s*[-–]\s*\d+)?\s+(of|/)\s+\d+$")
        .expect("static regex")
});

/// A date or a time of day, as bylines and datelines write them ("05.10.2018", "17:32").
static DATE_LIKE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\b(\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{1,2}:\d{2})\b").expect("static regex"));

/// Choose the blocks that are article text and join them.
fn filter_blocks(blocks: Vec<Block>, title: Option<&str>) -> String {
    let title_norm = title.map(norm_words);
    let keep: Vec<bool> = blocks
        .iter()
        .map(|b| {
            if b.tag == Tag::H1 {
                return false;
            }
            if b.in_caption {
                return false;
            }
            if b.link_density() > 0.5 {
                return false;
            }
            if b.words() <= 6 && is_boilerplate_line(&b.text) {
                return false;
            }
            if b.words() <= 15 && is_notice_line(&b.text) {
                return false;
            }
            if b.words() <= 60 && is_disclosure(&b.text) {
                return false;
            }
            if let Some(t) = &title_norm
                && !t.is_empty()
                && norm_words(&b.text) == *t
            {
                return false;
            }
            true
        })
        .collect();
    let good = |b: &Block| b.chars >= MIN_GOOD_BLOCK && b.link_density() <= MAX_LINK_DENSITY && !b.tag.is_heading();
    let first_good = blocks.iter().position(good);
    let last_good = blocks.iter().rposition(good);
    let mut out = String::new();
    for (i, b) in blocks.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        // Before the first paragraph: short lines are bylines, dates, kickers.
        if first_good.is_some_and(|f| i < f)
            && !b.tag.is_heading()
            && (b.words() < 8 || (b.words() < 25 && DATE_LIKE.is_match(&b.text)))
        {
            continue;
        }
        // After the last paragraph: credits of other reporters are not the story.
        if last_good.is_some_and(|l| i >= l) && b.words() <= 25 && CREDIT_LINE.is_match(&b.text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        if first_good == Some(i) {
            // A byline or date line glued to the first paragraph by a `<br>`.
            let mut lines: Vec<&str> = b.text.lines().collect();
            while lines.len() > 1
                && lines.first().is_some_and(|l| l.split_whitespace().count() < 25 && DATE_LIKE.is_match(l))
            {
                lines.remove(0);
            }
            out.push_str(&lines.join("\n"));
            continue;
        }
        out.push_str(&b.text);
    }
    out
}

/// Lowercase words of a text, for comparing a block with the title.
fn norm_words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}
