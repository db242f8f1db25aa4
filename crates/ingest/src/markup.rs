//! HTML fragments (feed item content, JSON `html` fields) to plain paragraphs: tags removed,
//! block elements turned into paragraph breaks, entities decoded. Full pages go through the
//! main-text extractor instead ([`crate::html`]); fragments are already the article, so
//! stripping loses nothing and keeps every word.

/// Elements whose content is never text of the article.
const SKIP: &[&str] =
    &["script", "style", "noscript", "template", "figcaption", "svg", "iframe", "button", "form", "select"];
/// Elements that end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "table",
    "section",
    "article",
    "figure",
    "header",
    "footer",
    "aside",
    "hr",
    "pre",
    "dd",
    "dt",
    "dl",
    "main",
    "nav",
];

/// Plain text of an HTML fragment, paragraphs separated by blank lines.
pub fn fragment_to_text(html: &str) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut skip_depth: Vec<String> = Vec::new();
    let mut rest = html;
    let flush = |cur: &mut String, paragraphs: &mut Vec<String>| {
        let p = cur.split_whitespace().collect::<Vec<_>>().join(" ");
        if !p.is_empty() {
            paragraphs.push(p);
        }
        cur.clear();
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skip_depth.is_empty() {
                cur.push_str(&decode_entities(rest));
            }
            break;
        };
        if skip_depth.is_empty() {
            cur.push_str(&decode_entities(&rest[..lt]));
        }
        let after = &rest[lt + 1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let starts_tag =
            after.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        let Some(gt) = after.find('>').filter(|_| starts_tag) else {
            // A lone '<' is text.
            if skip_depth.is_empty() {
                cur.push('<');
            }
            rest = after;
            continue;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if SKIP.contains(&name.as_str()) {
            if closing {
                if skip_depth.last() == Some(&name) {
                    skip_depth.pop();
                }
            } else if !tag.ends_with('/') && skip_depth.len() < 64 {
                skip_depth.push(name);
            }
            continue;
        }
        if skip_depth.is_empty() && BLOCK.contains(&name.as_str()) {
            flush(&mut cur, &mut paragraphs);
        } else if skip_depth.is_empty() {
            // Inline tags may separate words ("a<br/>b" is handled above; "<span>a</span><span>b</span>" is not).
        }
    }
    flush(&mut cur, &mut paragraphs);
    paragraphs.join("\n\n")
}

/// Decode character references: the named ones news markup uses, and all numeric ones.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.char_indices().take(12).find(|&(_, c)| c == ';').map(|(i, _)| i);
        let decoded = end.and_then(|e| entity(&after[..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "sbquo" => '‚',
        "bdquo" => '„',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "times" => '×',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "Eacute" => 'É',
        "Uuml" => 'Ü',
        "Ouml" => 'Ö',
        "Auml" => 'Ä',
        "shy" => '\u{ad}',
        "zwj" => '\u{200d}',
        "zwnj" => '\u{200c}',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_keeps_paragraphs() {
        let html = "<p>First &amp; <b>bold</b> para&#8217;s.</p><script>var x=1;</script><p>Second<br/>line</p><figure><img src=x><figcaption>Caption</figcaption></figure>";
        assert_eq!(fragment_to_text(html), "First & bold para’s.\n\nSecond\n\nline");
        assert_eq!(fragment_to_text("plain text, no tags"), "plain text, no tags");
        assert_eq!(fragment_to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(decode_entities("&unknown; &#x41;&#0;"), "&unknown; A&#0;");
    }
}
