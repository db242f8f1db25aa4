//! A small, fast, forgiving HTML parser into an arena tree: just enough of the HTML5 tree
//! construction rules (void elements, raw-text elements, implied end tags of `p`, `li`, table
//! cells...) to recover the block structure of real news pages, at memchr speed.
//!
//! Why not html5ever: extraction needs the block structure and text, not a spec-exact DOM, and a
//! full HTML5 tree builder plus its allocations costs several times more than everything else
//! the extractor does. Invariants kept here: parsing is linear in the input (tag matching
//! searches at most [`MAX_DEPTH`] open elements), never recurses, and never panics (every index
//! is checked or comes from a `find` on the same buffer).

use super::entities::ENTITIES;

/// Index of a node in [`Dom::nodes`].
pub(crate) type NodeId = u32;
/// "No node" in the links of [`Node`].
pub(crate) const NONE: NodeId = u32::MAX;
/// Deepest element nesting kept: deeper start tags are ignored (their text still goes to the
/// deepest kept element), which bounds tag matching on hostile input.
pub(crate) const MAX_DEPTH: usize = 400;

/// Element kinds the extractor distinguishes; everything else is [`Tag::Other`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    /// The synthetic root that holds the whole document.
    Root,
    /// A text node.
    Text,
    Html,
    Head,
    Body,
    Title,
    Meta,
    Link,
    Base,
    Script,
    Style,
    Noscript,
    Template,
    Svg,
    Math,
    Iframe,
    Object,
    Embed,
    Canvas,
    Video,
    Audio,
    Picture,
    Source,
    Track,
    Img,
    Br,
    Hr,
    Wbr,
    P,
    Div,
    Span,
    A,
    Article,
    Main,
    Section,
    Header,
    Footer,
    Nav,
    Aside,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Hgroup,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Caption,
    Thead,
    Tbody,
    Tfoot,
    Tr,
    Td,
    Th,
    Col,
    Colgroup,
    Blockquote,
    Pre,
    Code,
    Figure,
    Figcaption,
    Form,
    Input,
    Button,
    Select,
    Option,
    Optgroup,
    Textarea,
    Label,
    Fieldset,
    Legend,
    Address,
    Details,
    Summary,
    Dialog,
    Menu,
    Center,
    Time,
    Em,
    Strong,
    B,
    I,
    U,
    S,
    Small,
    Sup,
    Sub,
    Cite,
    Q,
    Abbr,
    Mark,
    Font,
    Area,
    Map,
    Param,
    Keygen,
    Xmp,
    Plaintext,
    Noembed,
    Noframes,
    Other,
}

impl Tag {
    /// Recognise a lowercase tag name.
    fn from_name(name: &[u8]) -> Tag {
        match name {
            b"html" => Tag::Html,
            b"head" => Tag::Head,
            b"body" => Tag::Body,
            b"title" => Tag::Title,
            b"meta" => Tag::Meta,
            b"link" => Tag::Link,
            b"base" => Tag::Base,
            b"script" => Tag::Script,
            b"style" => Tag::Style,
            b"noscript" => Tag::Noscript,
            b"template" => Tag::Template,
            b"svg" => Tag::Svg,
            b"math" => Tag::Math,
            b"iframe" => Tag::Iframe,
            b"object" => Tag::Object,
            b"embed" => Tag::Embed,
            b"canvas" => Tag::Canvas,
            b"video" => Tag::Video,
            b"audio" => Tag::Audio,
            b"picture" => Tag::Picture,
            b"source" => Tag::Source,
            b"track" => Tag::Track,
            b"img" | b"image" => Tag::Img,
            b"br" => Tag::Br,
            b"hr" => Tag::Hr,
            b"wbr" => Tag::Wbr,
            b"p" => Tag::P,
            b"div" => Tag::Div,
            b"span" => Tag::Span,
            b"a" => Tag::A,
            b"article" => Tag::Article,
            b"main" => Tag::Main,
            b"section" => Tag::Section,
            b"header" => Tag::Header,
            b"footer" => Tag::Footer,
            b"nav" => Tag::Nav,
            b"aside" => Tag::Aside,
            b"h1" => Tag::H1,
            b"h2" => Tag::H2,
            b"h3" => Tag::H3,
            b"h4" => Tag::H4,
            b"h5" => Tag::H5,
            b"h6" => Tag::H6,
            b"hgroup" => Tag::Hgroup,
            b"ul" => Tag::Ul,
            b"ol" => Tag::Ol,
            b"li" => Tag::Li,
            b"dl" => Tag::Dl,
            b"dt" => Tag::Dt,
            b"dd" => Tag::Dd,
            b"table" => Tag::Table,
            b"caption" => Tag::Caption,
            b"thead" => Tag::Thead,
            b"tbody" => Tag::Tbody,
            b"tfoot" => Tag::Tfoot,
            b"tr" => Tag::Tr,
            b"td" => Tag::Td,
            b"th" => Tag::Th,
            b"col" => Tag::Col,
            b"colgroup" => Tag::Colgroup,
            b"blockquote" => Tag::Blockquote,
            b"pre" | b"listing" => Tag::Pre,
            b"code" => Tag::Code,
            b"figure" => Tag::Figure,
            b"figcaption" => Tag::Figcaption,
            b"form" => Tag::Form,
            b"input" => Tag::Input,
            b"button" => Tag::Button,
            b"select" => Tag::Select,
            b"option" => Tag::Option,
            b"optgroup" => Tag::Optgroup,
            b"textarea" => Tag::Textarea,
            b"label" => Tag::Label,
            b"fieldset" => Tag::Fieldset,
            b"legend" => Tag::Legend,
            b"address" => Tag::Address,
            b"details" => Tag::Details,
            b"summary" => Tag::Summary,
            b"dialog" => Tag::Dialog,
            b"menu" => Tag::Menu,
            b"center" => Tag::Center,
            b"time" => Tag::Time,
            b"em" => Tag::Em,
            b"strong" => Tag::Strong,
            b"b" => Tag::B,
            b"i" => Tag::I,
            b"u" => Tag::U,
            b"s" | b"strike" | b"del" => Tag::S,
            b"small" => Tag::Small,
            b"sup" => Tag::Sup,
            b"sub" => Tag::Sub,
            b"cite" => Tag::Cite,
            b"q" => Tag::Q,
            b"abbr" => Tag::Abbr,
            b"mark" => Tag::Mark,
            b"font" => Tag::Font,
            b"area" => Tag::Area,
            b"map" => Tag::Map,
            b"param" => Tag::Param,
            b"keygen" => Tag::Keygen,
            b"xmp" => Tag::Xmp,
            b"plaintext" => Tag::Plaintext,
            b"noembed" => Tag::Noembed,
            b"noframes" => Tag::Noframes,
            _ => Tag::Other,
        }
    }

    /// Elements that never have content (`<br>`, `<img>`...).
    fn is_void(self) -> bool {
        matches!(
            self,
            Tag::Meta
                | Tag::Link
                | Tag::Base
                | Tag::Img
                | Tag::Br
                | Tag::Hr
                | Tag::Wbr
                | Tag::Input
                | Tag::Source
                | Tag::Track
                | Tag::Embed
                | Tag::Col
                | Tag::Area
                | Tag::Param
                | Tag::Keygen
        )
    }

    /// Elements whose content is not markup (kept raw, see [`Dom::raw_of`]). `noscript` is
    /// parsed as a browser with scripting on does: as raw text.
    pub(crate) fn is_raw_text(self) -> bool {
        matches!(
            self,
            Tag::Script
                | Tag::Style
                | Tag::Title
                | Tag::Textarea
                | Tag::Noscript
                | Tag::Iframe
                | Tag::Xmp
                | Tag::Noembed
                | Tag::Noframes
                | Tag::Plaintext
        )
    }

    /// Start tags that close an open `<p>` (HTML5 "close a p element").
    fn closes_p(self) -> bool {
        matches!(
            self,
            Tag::Address
                | Tag::Article
                | Tag::Aside
                | Tag::Blockquote
                | Tag::Center
                | Tag::Details
                | Tag::Dialog
                | Tag::Div
                | Tag::Dl
                | Tag::Fieldset
                | Tag::Figcaption
                | Tag::Figure
                | Tag::Footer
                | Tag::Form
                | Tag::H1
                | Tag::H2
                | Tag::H3
                | Tag::H4
                | Tag::H5
                | Tag::H6
                | Tag::Header
                | Tag::Hgroup
                | Tag::Hr
                | Tag::Main
                | Tag::Menu
                | Tag::Nav
                | Tag::Ol
                | Tag::P
                | Tag::Pre
                | Tag::Section
                | Tag::Summary
                | Tag::Table
                | Tag::Ul
                | Tag::Li
                | Tag::Dd
                | Tag::Dt
                | Tag::Xmp
                | Tag::Plaintext
        )
    }

    pub(crate) fn is_heading(self) -> bool {
        matches!(self, Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6)
    }

    /// Boundaries of the HTML5 "default scope": implied closes never cross them.
    fn is_scope_boundary(self) -> bool {
        matches!(
            self,
            Tag::Html
                | Tag::Table
                | Tag::Td
                | Tag::Th
                | Tag::Caption
                | Tag::Template
                | Tag::Object
                | Tag::Button
                | Tag::Svg
                | Tag::Math
                | Tag::Root
        )
    }
}

/// One node of the arena tree. Links are node ids, [`NONE`] when absent.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub tag: Tag,
    pub parent: NodeId,
    pub first_child: NodeId,
    pub last_child: NodeId,
    pub next_sibling: NodeId,
    /// Attribute range in [`Dom::attrs`].
    pub attrs: (u32, u32),
    /// Text nodes: decoded text range in [`Dom::text`]. Raw-text elements (`script`, `title`...):
    /// their raw content range in the source. Unknown elements: their name in the source.
    pub data: (u32, u32),
}

/// One attribute: byte ranges of its name (any case) and raw value in the source.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attr {
    pub name: (u32, u32),
    pub value: (u32, u32),
}

/// The parsed document. Node 0 is the [`Tag::Root`].
pub(crate) struct Dom<'a> {
    pub src: &'a str,
    pub nodes: Vec<Node>,
    pub attrs: Vec<Attr>,
    /// Decoded text of every text node, back to back.
    pub text: String,
}

impl<'a> Dom<'a> {
    /// Parse a whole document. The source must be under 4 GiB (the caller caps it far lower).
    pub fn parse(src: &'a str) -> Dom<'a> {
        let mut b = Builder {
            dom: Dom {
                src,
                nodes: Vec::with_capacity(src.len() / 64 + 16),
                attrs: Vec::with_capacity(src.len() / 64 + 16),
                text: String::with_capacity(src.len() / 4),
            },
            stack: Vec::with_capacity(64),
            ignored_depth: 0,
        };
        b.dom.nodes.push(Node {
            tag: Tag::Root,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            next_sibling: NONE,
            attrs: (0, 0),
            data: (0, 0),
        });
        b.stack.push(0);
        b.run();
        b.dom
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    pub fn tag(&self, id: NodeId) -> Tag {
        self.node(id).map_or(Tag::Other, |n| n.tag)
    }

    /// Children of a node, in document order.
    pub fn children(&self, id: NodeId) -> Children<'_, 'a> {
        Children { dom: self, next: self.node(id).map_or(NONE, |n| n.first_child) }
    }

    /// Decoded text of a text node ("" for other nodes).
    pub fn text_of(&self, id: NodeId) -> &str {
        match self.node(id) {
            Some(n) if n.tag == Tag::Text => self.text.get(n.data.0 as usize..n.data.1 as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// Raw content of a raw-text element (`script`, `style`, `title`...).
    pub fn raw_of(&self, id: NodeId) -> &'a str {
        match self.node(id) {
            Some(n) if n.tag.is_raw_text() => self.src.get(n.data.0 as usize..n.data.1 as usize).unwrap_or(""),
            _ => "",
        }
    }

    /// The raw (undecoded) value of an attribute, by case-insensitive name. Valueless attributes
    /// give `Some("")`.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&'a str> {
        let n = self.node(id)?;
        let attrs = self.attrs.get(n.attrs.0 as usize..n.attrs.1 as usize)?;
        attrs.iter().find_map(|a| {
            let an = self.src.get(a.name.0 as usize..a.name.1 as usize)?;
            if an.eq_ignore_ascii_case(name) { self.src.get(a.value.0 as usize..a.value.1 as usize) } else { None }
        })
    }

    /// An attribute value with character references decoded and whitespace trimmed.
    pub fn attr_decoded(&self, id: NodeId, name: &str) -> Option<String> {
        let raw = self.attr(id, name)?;
        let mut s = String::with_capacity(raw.len());
        decode_into(raw, &mut s, true);
        Some(s.trim().to_string())
    }

    /// Nodes of the subtree of `id` (itself included) in document order, without recursion.
    pub fn descendants(&self, id: NodeId) -> Descendants<'_, 'a> {
        Descendants { dom: self, root: id, next: if (id as usize) < self.nodes.len() { id } else { NONE } }
    }

    /// The next node in document order after `id`'s subtree (skipping its descendants).
    fn next_after_subtree(&self, mut id: NodeId, root: NodeId) -> NodeId {
        loop {
            if id == root {
                return NONE;
            }
            let Some(n) = self.node(id) else { return NONE };
            if n.next_sibling != NONE {
                return n.next_sibling;
            }
            id = n.parent;
            if id == NONE {
                return NONE;
            }
        }
    }
}

/// Iterator over a node's children.
pub(crate) struct Children<'d, 'a> {
    dom: &'d Dom<'a>,
    next: NodeId,
}

impl Iterator for Children<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        self.next = self.dom.node(id).map_or(NONE, |n| n.next_sibling);
        Some(id)
    }
}

/// Pre-order iterator over a subtree.
pub(crate) struct Descendants<'d, 'a> {
    dom: &'d Dom<'a>,
    root: NodeId,
    next: NodeId,
}

impl Iterator for Descendants<'_, '_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        if self.next == NONE {
            return None;
        }
        let id = self.next;
        let first = self.dom.node(id).map_or(NONE, |n| n.first_child);
        self.next = if first != NONE { first } else { self.dom.next_after_subtree(id, self.root) };
        Some(id)
    }
}

struct Builder<'a> {
    dom: Dom<'a>,
    /// Open elements, root first.
    stack: Vec<NodeId>,
    /// Start tags ignored past [`MAX_DEPTH`] that are still open (their end tags are ignored
    /// too, approximately).
    ignored_depth: usize,
}

impl<'a> Builder<'a> {
    fn run(&mut self) {
        let src = self.dom.src;
        let bytes = src.as_bytes();
        let len = bytes.len();
        let mut pos = 0usize;
        while pos < len {
            let lt = memchr::memchr(b'<', &bytes[pos..]).map_or(len, |i| pos + i);
            if lt > pos {
                self.text(pos, lt);
            }
            if lt >= len {
                break;
            }
            let next = bytes.get(lt + 1).copied().unwrap_or(0);
            pos = if next == b'!' {
                if bytes[lt..].starts_with(b"<!--") {
                    find(bytes, lt + 4, b"-->").map_or(len, |e| e + 3)
                } else {
                    memchr::memchr(b'>', &bytes[lt..]).map_or(len, |e| lt + e + 1)
                }
            } else if next == b'?' {
                memchr::memchr(b'>', &bytes[lt..]).map_or(len, |e| lt + e + 1)
            } else if next == b'/' {
                self.end_tag(lt)
            } else if next.is_ascii_alphabetic() {
                self.start_tag(lt)
            } else {
                // A lone '<' is text.
                self.text(lt, lt + 1);
                lt + 1
            };
        }
    }

    fn current(&self) -> NodeId {
        self.stack.last().copied().unwrap_or(0)
    }

    fn append(&mut self, parent: NodeId, mut node: Node) -> NodeId {
        let id = self.dom.nodes.len() as NodeId;
        node.parent = parent;
        let prev_last = match self.dom.nodes.get_mut(parent as usize) {
            Some(p) => {
                let prev = p.last_child;
                if p.first_child == NONE {
                    p.first_child = id;
                }
                p.last_child = id;
                prev
            }
            None => NONE,
        };
        if prev_last != NONE
            && let Some(prev) = self.dom.nodes.get_mut(prev_last as usize)
        {
            prev.next_sibling = id;
        }
        self.dom.nodes.push(node);
        id
    }

    fn text(&mut self, start: usize, end: usize) {
        let Some(raw) = self.dom.src.get(start..end) else { return };
        let parent = self.current();
        // Merge with a preceding text node (text split by a comment or a stray '<').
        let last = self.dom.nodes.get(parent as usize).map_or(NONE, |p| p.last_child);
        let t0 = self.dom.text.len();
        decode_into(raw, &mut self.dom.text, false);
        let t1 = self.dom.text.len();
        if last != NONE
            && let Some(n) = self.dom.nodes.get_mut(last as usize)
            && n.tag == Tag::Text
            && n.data.1 as usize == t0
        {
            n.data.1 = t1 as u32;
            return;
        }
        self.append(
            parent,
            Node {
                tag: Tag::Text,
                parent,
                first_child: NONE,
                last_child: NONE,
                next_sibling: NONE,
                attrs: (0, 0),
                data: (t0 as u32, t1 as u32),
            },
        );
    }

    /// Parse the tag name at `start` (just after `<` or `</`): returns (lowercase-matched tag,
    /// end of the name).
    fn tag_name(bytes: &[u8], start: usize) -> (Tag, usize) {
        let mut end = start;
        while end < bytes.len() && !matches!(bytes[end], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            end += 1;
        }
        let raw = &bytes[start..end];
        let tag = if raw.len() <= 12 {
            let mut buf = [0u8; 12];
            for (d, s) in buf.iter_mut().zip(raw) {
                *d = s.to_ascii_lowercase();
            }
            Tag::from_name(&buf[..raw.len()])
        } else {
            Tag::Other
        };
        (tag, end)
    }

    /// Handle `<name attrs...>` at `lt`; returns the position after it (and after the content
    /// of a raw-text element).
    fn start_tag(&mut self, lt: usize) -> usize {
        let bytes = self.dom.src.as_bytes();
        let len = bytes.len();
        let (tag, name_end) = Self::tag_name(bytes, lt + 1);
        let mut i = name_end;
        let a0 = self.dom.attrs.len();
        let mut self_closing = false;
        // Attributes.
        loop {
            while i < len && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                i += 1;
            }
            if i >= len {
                break;
            }
            match bytes[i] {
                b'>' => {
                    i += 1;
                    break;
                }
                b'/' => {
                    self_closing = bytes.get(i + 1) == Some(&b'>');
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let n0 = i;
            i += 1; // a name has at least one byte (even '=' or a quote, as in HTML5)
            while i < len && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'=') {
                i += 1;
            }
            let n1 = i;
            while i < len && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                i += 1;
            }
            let (mut v0, mut v1) = (i, i);
            if i < len && bytes[i] == b'=' {
                i += 1;
                while i < len && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                    i += 1;
                }
                if i < len && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let q = bytes[i];
                    v0 = i + 1;
                    v1 = memchr::memchr(q, &bytes[v0..]).map_or(len, |e| v0 + e);
                    i = (v1 + 1).min(len);
                } else {
                    v0 = i;
                    while i < len && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>') {
                        i += 1;
                    }
                    v1 = i;
                }
            }
            // Ranges must fall on char boundaries: names and values end at ASCII delimiters or at
            // the end of input, so they do.
            self.dom.attrs.push(Attr { name: (n0 as u32, n1 as u32), value: (v0 as u32, v1 as u32) });
        }
        let a1 = self.dom.attrs.len();
        let after_tag = i.min(len);

        if tag.is_raw_text() {
            let end = find_end_tag(bytes, after_tag, tag);
            let (content_end, resume) = end.unwrap_or((len, len));
            if self.stack.len() < MAX_DEPTH {
                self.implied_closes(tag);
                let parent = self.current();
                self.append(
                    parent,
                    Node {
                        tag,
                        parent,
                        first_child: NONE,
                        last_child: NONE,
                        next_sibling: NONE,
                        attrs: (a0 as u32, a1 as u32),
                        data: (after_tag as u32, content_end as u32),
                    },
                );
            }
            return resume;
        }

        if self.stack.len() >= MAX_DEPTH {
            if !tag.is_void() && !self_closing {
                self.ignored_depth += 1;
            }
            return after_tag;
        }
        self.implied_closes(tag);
        let parent = self.current();
        // Unknown elements keep their name's range, to match their end tag.
        let data = if tag == Tag::Other { ((lt + 1) as u32, name_end as u32) } else { (0, 0) };
        let id = self.append(
            parent,
            Node {
                tag,
                parent,
                first_child: NONE,
                last_child: NONE,
                next_sibling: NONE,
                attrs: (a0 as u32, a1 as u32),
                data,
            },
        );
        // Self-closing syntax is honoured for unknown (custom, SVG-like) elements only; on HTML
        // elements browsers ignore it.
        if !tag.is_void() && (!self_closing || tag != Tag::Other) {
            self.stack.push(id);
        }
        after_tag
    }

    /// Position of the nearest open element with tag `tag`, searching down from the top but not
    /// past a scope boundary (nor past `extra_boundary`).
    fn in_scope(&self, tag: Tag, extra_boundary: &[Tag]) -> Option<usize> {
        for (i, &id) in self.stack.iter().enumerate().rev() {
            let t = self.dom.tag(id);
            if t == tag {
                return Some(i);
            }
            if t.is_scope_boundary() || extra_boundary.contains(&t) {
                return None;
            }
        }
        None
    }

    fn pop_to(&mut self, depth: usize) {
        self.stack.truncate(depth.max(1));
    }

    /// The end tags a start tag implies (HTML5 tree construction, simplified).
    fn implied_closes(&mut self, tag: Tag) {
        if tag.closes_p()
            && let Some(i) = self.in_scope(Tag::P, &[])
        {
            self.pop_to(i);
        }
        match tag {
            // Content that belongs to the body closes an unclosed head.
            Tag::Body | Tag::Div | Tag::P | Tag::Article | Tag::Main | Tag::Section | Tag::Header | Tag::Table => {
                if let Some(i) = self.in_scope(Tag::Head, &[]) {
                    self.pop_to(i);
                }
            }
            Tag::Li => {
                if let Some(i) = self.in_scope(Tag::Li, &[Tag::Ul, Tag::Ol]) {
                    self.pop_to(i);
                }
            }
            Tag::Dt | Tag::Dd => {
                let i = self.in_scope(Tag::Dd, &[Tag::Dl]).max(self.in_scope(Tag::Dt, &[Tag::Dl]));
                if let Some(i) = i {
                    self.pop_to(i);
                }
            }
            Tag::Td | Tag::Th => {
                let i = self.cell_in_table();
                if let Some(i) = i {
                    self.pop_to(i);
                }
            }
            Tag::Tr => {
                if let Some(i) = self.in_table(&[Tag::Tr, Tag::Td, Tag::Th]) {
                    self.pop_to(i);
                }
            }
            Tag::Thead | Tag::Tbody | Tag::Tfoot => {
                if let Some(i) = self.in_table(&[Tag::Thead, Tag::Tbody, Tag::Tfoot, Tag::Tr, Tag::Td, Tag::Th]) {
                    self.pop_to(i);
                }
            }
            Tag::Option if self.dom.tag(self.current()) == Tag::Option => {
                self.stack.pop();
            }
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 if self.dom.tag(self.current()).is_heading() => {
                self.stack.pop();
            }
            Tag::A => {
                if let Some(i) = self.in_scope(Tag::A, &[]) {
                    self.pop_to(i);
                }
            }
            _ => {}
        }
    }

    /// The nearest open `td`/`th` inside the current table.
    fn cell_in_table(&self) -> Option<usize> {
        self.in_table(&[Tag::Td, Tag::Th])
    }

    /// The nearest open element with one of `tags`, not crossing the nearest open table.
    fn in_table(&self, tags: &[Tag]) -> Option<usize> {
        for (i, &id) in self.stack.iter().enumerate().rev() {
            let t = self.dom.tag(id);
            if tags.contains(&t) {
                return Some(i);
            }
            if matches!(t, Tag::Table | Tag::Html | Tag::Root | Tag::Template) {
                return None;
            }
        }
        None
    }

    /// Handle `</name ...>` at `lt`; returns the position after it.
    fn end_tag(&mut self, lt: usize) -> usize {
        let bytes = self.dom.src.as_bytes();
        let len = bytes.len();
        let resume = memchr::memchr(b'>', &bytes[lt..]).map_or(len, |e| lt + e + 1);
        if !bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) {
            return resume; // `</>` or a bogus comment
        }
        let (tag, _) = Self::tag_name(bytes, lt + 2);
        if self.ignored_depth > 0 {
            self.ignored_depth -= 1;
            return resume;
        }
        match tag {
            // `html` and `body` stay open to the end: pages often close them early.
            Tag::Html | Tag::Body => {}
            Tag::Br => {
                // `</br>` is a `<br>` in browsers.
                let parent = self.current();
                self.append(
                    parent,
                    Node {
                        tag: Tag::Br,
                        parent,
                        first_child: NONE,
                        last_child: NONE,
                        next_sibling: NONE,
                        attrs: (0, 0),
                        data: (0, 0),
                    },
                );
            }
            Tag::Other => {
                // Match unknown (custom) elements by name.
                let (_, name_end) = Self::tag_name(bytes, lt + 2);
                let name = &bytes[lt + 2..name_end];
                for (i, &id) in self.stack.iter().enumerate().rev() {
                    let Some(n) = self.dom.node(id) else { break };
                    if n.tag == Tag::Other && self.open_name_eq(id, name) {
                        self.pop_to(i);
                        break;
                    }
                    if n.tag.is_scope_boundary() {
                        break;
                    }
                }
            }
            Tag::Td | Tag::Th | Tag::Tr | Tag::Thead | Tag::Tbody | Tag::Tfoot => {
                if let Some(i) = self.in_table(&[tag]) {
                    self.pop_to(i);
                }
            }
            Tag::Table => {
                for (i, &id) in self.stack.iter().enumerate().rev() {
                    let t = self.dom.tag(id);
                    if t == Tag::Table {
                        self.pop_to(i);
                        break;
                    }
                    if matches!(t, Tag::Html | Tag::Root | Tag::Template) {
                        break;
                    }
                }
            }
            _ => {
                let extra: &[Tag] = match tag {
                    Tag::Li => &[Tag::Ul, Tag::Ol],
                    Tag::Dd | Tag::Dt => &[Tag::Dl],
                    _ => &[],
                };
                if let Some(i) = self.in_scope(tag, extra) {
                    self.pop_to(i);
                }
            }
        }
        resume
    }

    /// Whether the open element `id` (an unknown tag) has the given name, case-insensitively.
    fn open_name_eq(&self, id: NodeId, name: &[u8]) -> bool {
        let Some(n) = self.dom.node(id) else { return false };
        self.dom.src.as_bytes().get(n.data.0 as usize..n.data.1 as usize).is_some_and(|s| s.eq_ignore_ascii_case(name))
    }
}

/// First occurrence of `needle` in `hay` at or after `from`.
fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let rest = hay.get(from..)?;
    memchr::memmem::find(rest, needle).map(|i| from + i)
}

/// End of the content of a raw-text element that started at `from`: (content end, position after
/// the end tag).
fn find_end_tag(bytes: &[u8], from: usize, tag: Tag) -> Option<(usize, usize)> {
    let name: &[u8] = match tag {
        Tag::Script => b"script",
        Tag::Style => b"style",
        Tag::Title => b"title",
        Tag::Textarea => b"textarea",
        Tag::Noscript => b"noscript",
        Tag::Iframe => b"iframe",
        Tag::Xmp => b"xmp",
        Tag::Noembed => b"noembed",
        Tag::Noframes => b"noframes",
        _ => return None, // plaintext: to the end
    };
    let mut i = from;
    while let Some(p) = find(bytes, i, b"</") {
        let n0 = p + 2;
        let n1 = n0 + name.len();
        if bytes.get(n0..n1).is_some_and(|s| s.eq_ignore_ascii_case(name))
            && bytes.get(n1).is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
        {
            let resume = memchr::memchr(b'>', &bytes[n1..]).map_or(bytes.len(), |e| n1 + e + 1);
            return Some((p, resume));
        }
        i = p + 2;
    }
    None
}

/// Append `raw` to `out` with character references decoded. In attributes (`in_attr`), a
/// reference without `;` followed by an alphanumeric or `=` stays literal, as in HTML5.
pub(crate) fn decode_into(raw: &str, out: &mut String, in_attr: bool) {
    let bytes = raw.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'&', &bytes[i..]) {
        let amp = i + off;
        out.push_str(&raw[last..amp]);
        match decode_ref(raw, amp, in_attr) {
            Some((c, end)) => {
                out.push(c);
                last = end;
            }
            None => {
                out.push('&');
                last = amp + 1;
            }
        }
        i = last;
        if i >= bytes.len() {
            break;
        }
    }
    out.push_str(&raw[last.min(raw.len())..]);
}

/// Decode the reference starting at `amp` (`raw[amp] == '&'`): the char and the end position.
fn decode_ref(raw: &str, amp: usize, in_attr: bool) -> Option<(char, usize)> {
    let bytes = raw.as_bytes();
    let s = amp + 1;
    if bytes.get(s) == Some(&b'#') {
        let (hex, d0) = match bytes.get(s + 1) {
            Some(b'x' | b'X') => (true, s + 2),
            _ => (false, s + 1),
        };
        let mut d1 = d0;
        while d1 < bytes.len()
            && d1 - d0 < 8
            && (if hex { bytes[d1].is_ascii_hexdigit() } else { bytes[d1].is_ascii_digit() })
        {
            d1 += 1;
        }
        if d1 == d0 {
            return None;
        }
        let v = u32::from_str_radix(&raw[d0..d1], if hex { 16 } else { 10 }).ok()?;
        let end = if bytes.get(d1) == Some(&b';') { d1 + 1 } else { d1 };
        let c = match v {
            0 => '\u{fffd}',
            // Windows-1252 codes that pages send as numeric references.
            0x80..=0x9f => cp1252(v),
            _ => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((c, end));
    }
    let mut e = s;
    while e < bytes.len() && e - s < 10 && bytes[e].is_ascii_alphanumeric() {
        e += 1;
    }
    if e == s {
        return None;
    }
    let name = &raw[s..e];
    if bytes.get(e) == Some(&b';') {
        let c = lookup(name)?;
        return Some((c, e + 1));
    }
    // Legacy references without ';' (e.g. "&amp" "&nbsp"): only the common ones, and never in
    // attributes when followed by text that would make a longer name.
    if in_attr {
        return None;
    }
    for legacy in ["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"] {
        if name.starts_with(legacy) && (name.len() == legacy.len()) {
            return Some((lookup(legacy)?, s + legacy.len()));
        }
    }
    None
}

fn lookup(name: &str) -> Option<char> {
    ENTITIES.binary_search_by(|(n, _)| (*n).cmp(name)).ok().and_then(|i| ENTITIES.get(i)).map(|(_, c)| *c)
}

fn cp1252(v: u32) -> char {
    const T: [u32; 32] = [
        0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d,
        0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d,
        0x17e, 0x178,
    ];
    T.get((v - 0x80) as usize).and_then(|&c| char::from_u32(c)).unwrap_or('\u{fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags_under(dom: &Dom, id: NodeId) -> Vec<Tag> {
        dom.children(id).map(|c| dom.tag(c)).collect()
    }

    fn find_tag(dom: &Dom, tag: Tag) -> Option<NodeId> {
        dom.descendants(0).find(|&i| dom.tag(i) == tag)
    }

    #[test]
    fn entities_decode() {
        let mut s = String::new();
        decode_into("a&amp;b &lt;c&gt; &eacute;t&eacute; &#8217; &#x2014; &nbsp; &bogus; &amp &#150;", &mut s, false);
        assert_eq!(s, "a&b <c> été \u{2019} \u{2014} \u{a0} &bogus; & \u{2013}");
    }

    #[test]
    fn implied_paragraph_and_list_closes() {
        let dom = Dom::parse("<body><p>one<p>two<div>three</div><ul><li>a<li>b</ul></body>");
        let body = find_tag(&dom, Tag::Body).unwrap();
        assert_eq!(tags_under(&dom, body), vec![Tag::P, Tag::P, Tag::Div, Tag::Ul]);
        let ul = find_tag(&dom, Tag::Ul).unwrap();
        assert_eq!(tags_under(&dom, ul), vec![Tag::Li, Tag::Li]);
    }

    #[test]
    fn raw_text_elements_keep_their_content_out_of_the_tree() {
        let dom = Dom::parse("<p>x<script>if (a<b) { document.write('</p>') }</script>y</p><title>T &amp; U</title>");
        let p = find_tag(&dom, Tag::P).unwrap();
        assert_eq!(tags_under(&dom, p), vec![Tag::Text, Tag::Script, Tag::Text]);
        let script = find_tag(&dom, Tag::Script).unwrap();
        assert!(dom.raw_of(script).contains("document.write"));
        let title = find_tag(&dom, Tag::Title).unwrap();
        assert_eq!(dom.raw_of(title), "T &amp; U");
    }

    #[test]
    fn attributes_are_parsed_with_and_without_quotes() {
        let dom = Dom::parse(r#"<div class="a b" id=main data-x='1 2' hidden><a href="/x?a=1&amp;b=2">l</a></div>"#);
        let div = find_tag(&dom, Tag::Div).unwrap();
        assert_eq!(dom.attr(div, "class"), Some("a b"));
        assert_eq!(dom.attr(div, "ID"), Some("main"));
        assert_eq!(dom.attr(div, "data-x"), Some("1 2"));
        assert_eq!(dom.attr(div, "hidden"), Some(""));
        let a = find_tag(&dom, Tag::A).unwrap();
        assert_eq!(dom.attr_decoded(a, "href").as_deref(), Some("/x?a=1&b=2"));
    }

    #[test]
    fn stray_end_tags_and_comments_are_harmless() {
        let dom = Dom::parse("</div></p><!-- c --><p>a<!--x-->b</span></p>< 3 <>");
        let p = find_tag(&dom, Tag::P).unwrap();
        let texts: Vec<&str> = dom.children(p).map(|c| dom.text_of(c)).collect();
        assert_eq!(texts, vec!["ab"]);
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let html = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
        let dom = Dom::parse(&html);
        assert!(dom.nodes.len() <= MAX_DEPTH + 2);
        assert!(dom.descendants(0).any(|i| dom.text_of(i) == "deep"));
    }

    #[test]
    fn truncated_input_does_not_panic() {
        for html in ["<", "<a", "<a href=\"x", "<!--", "<script>", "&#", "&#x", "<p>é&", "</", "<a b='é"] {
            let _ = Dom::parse(html);
        }
    }
}
