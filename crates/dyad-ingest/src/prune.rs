//! Removing elements a reader never sees before main-content extraction: hidden
//! elements, screen-reader-only text and hover cards/tooltips.
//!
//! Works on the raw HTML string in one linear pass (no DOM): a matching start tag opens a
//! removal range that ends at its matching end tag, found by counting nested elements of
//! the same name. Only elements that need an explicit end tag are removed, and a range
//! whose end is never found is left alone, so malformed HTML cannot lose text it should
//! keep.

use std::borrow::Cow;

use memchr::memchr;

use crate::meta::{attr, find_ci, find_from, parse_tag};

/// What to remove (see [`prune_html`]).
#[derive(Debug, Clone)]
pub struct Prune {
    /// Elements with the `hidden` attribute or an inline `display:none` /
    /// `visibility:hidden` style.
    pub hidden: bool,
    /// Elements with `aria-hidden="true"`.
    pub aria_hidden: bool,
    /// Screen-reader-only text (`sr-only`, `visually-hidden`, `screen-reader-text`,
    /// `off-screen`, ...): "Image caption", "Opens in a new window".
    pub screen_reader: bool,
    /// Tooltips, pop-overs and hover cards (`tooltip`, `popover`, `hovercard`,
    /// `rollover-people-block`): their text is spliced into the sentence otherwise.
    pub hover_cards: bool,
}

impl Default for Prune {
    fn default() -> Self {
        Prune {
            hidden: true,
            aria_hidden: false,
            screen_reader: true,
            hover_cards: true,
        }
    }
}

impl Prune {
    pub fn none() -> Self {
        Prune {
            hidden: false,
            aria_hidden: false,
            screen_reader: false,
            hover_cards: false,
        }
    }
    fn any(&self) -> bool {
        self.hidden || self.aria_hidden || self.screen_reader || self.hover_cards
    }
}

/// Elements that are removed when they match: all need an end tag.
const REMOVABLE: &[&str] = &[
    "div",
    "span",
    "section",
    "aside",
    "figure",
    "ul",
    "ol",
    "table",
    "form",
    "nav",
    "header",
    "footer",
    "a",
    "em",
    "strong",
    "small",
    "label",
    "blockquote",
    "dl",
];

const SR_CLASSES: &[&str] = &[
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screen-reader-only",
    "screenreader-only",
    "off-screen",
    "offscreen",
    "u-vh",
    "is-vishidden",
    "element-invisible",
    "assistive-text",
    "a11y-hidden",
    "hidden-visually",
    "sr-text",
    "vh",
    "hide-text",
    "show-for-sr",
];

const HOVER_PARTS: &[&str] = &[
    "tooltip",
    "popover",
    "hovercard",
    "hover-card",
    "rollover-people-block",
    "rollover-block",
];

fn matches(p: &Prune, attrs: &[(String, String)]) -> bool {
    if p.hidden {
        if attr(attrs, "hidden").is_some() {
            return true;
        }
        if let Some(style) = attr(attrs, "style") {
            let st: String = style
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            if st.contains("display:none") || st.contains("visibility:hidden") {
                return true;
            }
        }
    }
    if p.aria_hidden
        && attr(attrs, "aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    if p.screen_reader || p.hover_cards {
        if let Some(class) = attr(attrs, "class") {
            for c in class.split_whitespace() {
                let c = c.to_ascii_lowercase();
                if p.screen_reader && SR_CLASSES.contains(&c.as_str()) {
                    return true;
                }
                if p.hover_cards && HOVER_PARTS.iter().any(|h| c.contains(h)) {
                    return true;
                }
            }
        }
    }
    false
}

/// What a `<` found by [`next_markup`] starts.
enum Markup<'h> {
    /// `<!-- ... -->`; `end` is the offset after it (the end of the text when unclosed).
    Comment { end: usize },
    /// `</name ...>`: the name as written, and the offset after the `>`.
    Close { name: &'h str, end: usize },
    /// `<!...>` or `<?...>`.
    Declaration,
    /// A `<` that starts no tag (`a < b`).
    Stray,
    /// `<name ...>`: the caller parses it (with the attributes it needs).
    Open,
}

/// The next `<` of `html` at or after byte `i`, and what it starts. The shared first step of
/// the scanners below: each is one pass over the markup, tolerant of any byte soup.
fn next_markup(html: &str, i: usize) -> Option<(usize, Markup<'_>)> {
    let b = html.as_bytes();
    let n = b.len();
    let lt = i + memchr(b'<', b.get(i..)?)?;
    if b[lt..].starts_with(b"<!--") {
        let end = find_from(b, lt + 4, b"-->").map_or(n, |j| j + 3);
        return Some((lt, Markup::Comment { end }));
    }
    let c = *b.get(lt + 1)?;
    let markup = if c == b'/' {
        let name_start = lt + 2;
        let name_end = b[name_start..]
            .iter()
            .position(|x| !x.is_ascii_alphanumeric())
            .map_or(n, |k| name_start + k);
        let end = memchr(b'>', &b[lt..]).map_or(n, |j| lt + j + 1);
        Markup::Close {
            name: &html[name_start..name_end],
            end,
        }
    } else if c == b'!' || c == b'?' {
        Markup::Declaration
    } else if c.is_ascii_alphabetic() {
        Markup::Open
    } else {
        Markup::Stray
    };
    Some((lt, markup))
}

/// For a raw-text element (script, style, textarea, title) whose start tag ends at `end`, the
/// offset of its end tag (the end of the text when there is none): its content is not markup.
fn raw_text_end(b: &[u8], tag: &str, end: usize) -> Option<usize> {
    let closer: &[u8] = match tag {
        "script" => b"</script",
        "style" => b"</style",
        "textarea" => b"</textarea",
        "title" => b"</title",
        _ => return None,
    };
    Some(find_ci(b, end, closer).unwrap_or(b.len()))
}

/// Returns the HTML with the selected invisible elements cut out (borrowed when nothing
/// was removed).
pub fn prune_html<'a>(html: &'a str, p: &Prune) -> Cow<'a, str> {
    if !p.any() {
        return Cow::Borrowed(html);
    }
    let b = html.as_bytes();
    let n = b.len();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    // Open removal: (tag name, start offset, depth of same-name elements).
    let mut open: Option<(String, usize, usize)> = None;
    let mut i = 0;
    let keep = |_tag: &str, a: &str| matches!(a, "class" | "style" | "hidden" | "aria-hidden");
    while let Some((lt, markup)) = next_markup(html, i) {
        let (tag, attrs, end) = match markup {
            Markup::Comment { end } => {
                i = end;
                continue;
            }
            Markup::Close { name, end } => {
                if let Some((open_name, start, depth)) = open.as_mut() {
                    if name.eq_ignore_ascii_case(open_name) {
                        *depth -= 1;
                        if *depth == 0 {
                            ranges.push((*start, end));
                            open = None;
                        }
                    }
                }
                i = end;
                continue;
            }
            Markup::Declaration => {
                i = memchr(b'>', &b[lt..]).map_or(n, |j| lt + j + 1);
                continue;
            }
            Markup::Stray => {
                i = lt + 1;
                continue;
            }
            Markup::Open => parse_tag(html, lt + 1, &keep),
        };
        // Raw-text elements: skip their content so that markup inside scripts is not seen.
        if let Some(after) = raw_text_end(b, &tag, end) {
            i = after;
            continue;
        }
        i = end;
        match open.as_mut() {
            Some((name, _, depth)) => {
                if tag == *name {
                    *depth += 1;
                }
            }
            None => {
                if REMOVABLE.contains(&tag.as_str())
                    && !html[..end].ends_with("/>")
                    && matches(p, &attrs)
                {
                    open = Some((tag, lt, 1));
                }
            }
        }
    }
    if ranges.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (s, e) in ranges {
        out.push_str(&html[last..s]);
        last = e;
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

/// Elements that never have content, or whose end tag is optional (the parser closes
/// them implicitly): not counted as nesting.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "rp", "rt", "html", "head", "body", "script", "style",
    "textarea", "title", "frame", "keygen",
];

/// Caps element nesting at `max_depth` by dropping the start and end tags of elements
/// nested deeper (their text is kept). Real pages nest well under 100 levels; absurd
/// nesting (10,000+ levels) would otherwise make extraction quadratic and can exhaust
/// the stack in the extractor's recursive code.
pub fn limit_depth(html: &str, max_depth: usize) -> Cow<'_, str> {
    let b = html.as_bytes();
    // (name, kept) for every open counted element.
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut kept_depth = 0usize;
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    let none = |_: &str, _: &str| false;
    while let Some((lt, markup)) = next_markup(html, i) {
        match markup {
            Markup::Comment { end } => {
                i = end;
                continue;
            }
            Markup::Close { name, end } => {
                let name = name.to_ascii_lowercase();
                // Find the matching open element near the top of the stack.
                let found = stack
                    .iter()
                    .rev()
                    .take(512)
                    .position(|(nm, _)| *nm == name)
                    .map(|k| stack.len() - 1 - k);
                if let Some(pos) = found {
                    let kept = stack[pos].1;
                    for (_, k) in stack.drain(pos..) {
                        if k {
                            kept_depth -= 1;
                        }
                    }
                    if !kept {
                        cuts.push((lt, end));
                    }
                }
                i = end;
                continue;
            }
            Markup::Declaration | Markup::Stray => {
                i = lt + 1;
                continue;
            }
            Markup::Open => {}
        }
        let (tag, _, end) = parse_tag(html, lt + 1, &none);
        if let Some(after) = raw_text_end(b, &tag, end) {
            i = after;
            continue;
        }
        i = end;
        if NOT_NESTING.contains(&tag.as_str()) || html[..end].ends_with("/>") {
            continue;
        }
        let keep = kept_depth < max_depth;
        if keep {
            kept_depth += 1;
        } else {
            cuts.push((lt, end));
        }
        stack.push((tag, keep));
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (s, e) in cuts {
        out.push_str(&html[last..s]);
        last = e;
    }
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_is_capped_and_text_kept() {
        let deep = format!(
            "<body>{}text{}<p>after</p></body>",
            "<div><b>".repeat(100),
            "</b></div>".repeat(100)
        );
        let out = limit_depth(&deep, 10);
        assert_eq!(
            out.matches("<div>").count() + out.matches("<b>").count(),
            10
        );
        assert_eq!(
            out.matches("</div>").count() + out.matches("</b>").count(),
            10
        );
        assert!(out.contains("text") && out.contains("<p>after</p>"));
        let shallow = "<div><p>a<p>b<ul><li>c</ul></div>";
        assert_eq!(limit_depth(shallow, 10), shallow);
    }

    fn prune(s: &str) -> String {
        prune_html(s, &Prune::default()).into_owned()
    }

    #[test]
    fn removes_hidden_and_hover_cards() {
        assert_eq!(
            prune("<p>Rep. <span class=\"x\"><a>Omar</a><span class=\"rollover-people-block\"><span>Omar</span><a>Other story</a></span></span> (D-Minn.)</p>"),
            "<p>Rep. <span class=\"x\"><a>Omar</a></span> (D-Minn.)</p>"
        );
        assert_eq!(
            prune("<div>a<div style=\"display: none\">b<div>c</div>d</div>e</div>"),
            "<div>ae</div>"
        );
        assert_eq!(
            prune("<p>x<span class=\"sr-only\">Image caption</span>y</p>"),
            "<p>xy</p>"
        );
        assert_eq!(prune("<div hidden>gone</div>kept"), "kept");
    }

    #[test]
    fn keeps_unclosed_and_scripts() {
        let s = "<div hidden>never closed <p>text";
        assert_eq!(prune(s), s);
        let s = "<script>var a = '<div hidden>';</script><p>text</p>";
        assert_eq!(prune(s), s);
        let s = "<p hidden>paragraphs are not removed</p>";
        assert_eq!(prune(s), s);
    }
}
