//! Main-content extraction from one HTML page.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use dom_query::{Document, NodeRef};

use crate::clean;
use crate::date::normalize_date;
use crate::lang;
use crate::meta::{self, host_of};
use crate::prune;
use crate::Page;

/// Which processing steps [`extract_html_with`] applies. The defaults are the measured
/// best (see the crate README); the switches exist to measure each step's effect.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Rebuild the text from the extractor's HTML output instead of taking its text
    /// output. Off: that HTML keeps more boilerplate (F1 0.957 -> 0.947 on the eval set).
    pub text_from_html: bool,
    /// Re-join words that the extractor split at an inline tag: in `<span>H</span>ong`
    /// the extractor's text reads "H ong"; the raw HTML shows the two parts touch.
    pub join_split_words: bool,
    /// Pass the page's canonical URL to the extractor (it uses it to classify the page).
    /// Off: it made one news page be classified as a listing (F1 -0.002 on the eval set).
    pub pass_url: bool,
    /// Invisible elements removed before extraction; see [`crate::prune::Prune`].
    pub prune: prune::Prune,
    /// Line-level boilerplate removal; see [`crate::clean::Cleanup`].
    pub cleanup: clean::Cleanup,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            text_from_html: false,
            join_split_words: true,
            pass_url: false,
            prune: prune::Prune::default(),
            cleanup: clean::Cleanup::default(),
        }
    }
}

/// Deepest element nesting passed to the extractor and to [`html_to_text`]: start and end
/// tags of elements nested deeper are dropped and their text is kept (see
/// [`prune::limit_depth`]).
pub const MAX_HTML_DEPTH: usize = 160;

/// Minified HTML has no whitespace between block elements (`...said.</p><p>Cairo ...`), and the
/// extractor then glues the paragraphs' text together ("said.Cairo"). A newline after each
/// closing block tag (and `<br>`) keeps paragraphs apart; it changes nothing else.
fn space_blocks(html: &str) -> std::borrow::Cow<'_, str> {
    const BLOCK_ENDS: &[&str] = &[
        "</p>",
        "</div>",
        "</li>",
        "</h1>",
        "</h2>",
        "</h3>",
        "</h4>",
        "</h5>",
        "</h6>",
        "</tr>",
        "</blockquote>",
        "</section>",
        "</article>",
        "</header>",
        "</footer>",
        "</figure>",
        "<br>",
        "<br/>",
        "<br />",
    ];
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&c| c == b'<') {
        let at = i + off;
        let rest = &bytes[at..];
        let hit = BLOCK_ENDS
            .iter()
            .find(|t| rest.len() >= t.len() && rest[..t.len()].eq_ignore_ascii_case(t.as_bytes()));
        if let Some(t) = hit {
            let end = at + t.len();
            if bytes.get(end).is_some_and(|c| !c.is_ascii_whitespace()) {
                let o =
                    out.get_or_insert_with(|| String::with_capacity(html.len() + html.len() / 64));
                o.push_str(&html[last..end]);
                o.push('\n');
                last = end;
            }
            i = end;
        } else {
            i = at + 1;
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&html[last..]);
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// Extracts the article text and metadata of a page. See [`crate::extract_html`].
pub fn extract_html_with(id: &str, html: &str, opts: &ExtractOptions) -> Page {
    let m = meta::extract_meta(html);

    let mut tr_opts = rs_trafilatura::Options::default();
    if opts.pass_url {
        tr_opts.url = m.url.clone();
    }
    // The extractor is a large body of heuristics; a panic in it must not take the
    // caller down. A page it chokes on gets an empty body (and keeps its metadata).
    let shallow = prune::limit_depth(html, MAX_HTML_DEPTH);
    let spaced = space_blocks(&shallow);
    let pruned = prune::prune_html(&spaced, &opts.prune);
    let html: &str = &pruned;
    let result = catch_unwind(AssertUnwindSafe(|| {
        rs_trafilatura::extract_with_options(html, &tr_opts)
    }));
    let (mut body, tr_meta) = match result {
        Ok(Ok(r)) => {
            let text = match (&r.content_html, opts.text_from_html) {
                (Some(h), true) => html_to_text(h),
                _ => normalize_text(&r.content_text),
            };
            let text = if opts.join_split_words {
                join_split_words(&text, html)
            } else {
                text
            };
            (text, Some(r.metadata))
        }
        _ => (String::new(), None),
    };
    body = clean::clean_body(&body, &opts.cleanup);

    let url = m.url.clone().or_else(|| {
        tr_meta
            .as_ref()
            .and_then(|t| t.url.clone())
            .filter(|u| u.starts_with("http"))
    });
    let title = m.title.clone().or_else(|| {
        tr_meta
            .as_ref()
            .and_then(|t| t.title.clone())
            .map(|t| meta::clean_inline(&t))
    });
    let published = m
        .published
        .clone()
        .or_else(|| url.as_deref().and_then(date_from_url))
        .or_else(|| {
            tr_meta
                .as_ref()
                .and_then(|t| t.date)
                .and_then(|d| normalize_date(&d.format("%Y-%m-%d").to_string()))
        });
    let outlet = m
        .outlet
        .as_deref()
        .and_then(clean_outlet)
        .or_else(|| {
            tr_meta
                .as_ref()
                .and_then(|t| t.sitename.as_deref())
                .and_then(clean_outlet)
        })
        .or_else(|| url.as_deref().and_then(host_of));
    let language = choose_language(&body, title.as_deref(), m.language.as_deref());

    Page {
        id: id.to_string(),
        url,
        title,
        published,
        outlet,
        language,
        body,
    }
}

/// Tidies a site name; `None` when it is not usable as an outlet name (a Twitter handle,
/// multi-line widget text, a long slogan). A URL becomes its host; "Site | slogan" keeps
/// "Site".
fn clean_outlet(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.starts_with('@') || s.contains(['\n', '\r', '\t']) {
        return None;
    }
    if s.starts_with("http://") || s.starts_with("https://") {
        return host_of(s);
    }
    let s = meta::clean_inline(s);
    let s = s.split(" | ").next().unwrap_or(&s).trim().to_string();
    (!s.is_empty() && s.split_whitespace().count() <= 8 && s.chars().count() <= 80).then_some(s)
}

/// Language of the body per whatlang when reliable; otherwise the language the page
/// declares, provided whatlang's (unreliable) guess agrees or there is too little text to
/// judge; otherwise `None`.
fn choose_language(body: &str, title: Option<&str>, declared: Option<&str>) -> Option<String> {
    let text = if body.trim().is_empty() {
        title.unwrap_or("")
    } else {
        body
    };
    match lang::guess(text) {
        Some((code, true)) => Some(code.to_string()),
        Some((code, false)) => declared.filter(|d| *d == code).map(str::to_string),
        None => declared
            .filter(|_| !text.trim().is_empty())
            .map(str::to_string),
    }
}

/// A `/2019/11/19/` or `/2019-11-19/` date in a URL path.
fn date_from_url(url: &str) -> Option<String> {
    let path = url.split_once("://").map_or(url, |(_, r)| r);
    let parts: Vec<&str> = path.split(['/', '?', '&', '=']).collect();
    for w in parts.windows(3) {
        if w[0].len() == 4 && (1..=2).contains(&w[1].len()) && (1..=2).contains(&w[2].len()) {
            if let Some(d) = normalize_date(&format!("{}-{:0>2}-{:0>2}", w[0], w[1], w[2])) {
                return Some(d);
            }
        }
    }
    parts.iter().find_map(|p| {
        let p = p.get(..10)?;
        (p.as_bytes()[4] == b'-' && p.as_bytes()[7] == b'-')
            .then(|| normalize_date(p))
            .flatten()
    })
}

// ---------------------------------------------------------------------------------------
// Words split at inline tags

/// Inline elements that do not separate words when rendered.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt",
    "u", "var", "wbr",
];

const MAX_PART: usize = 40;

/// Finds in raw HTML the places where a run of inline tags sits between two word
/// characters (`H</span></span>ong`), returning the word parts on either side.
fn glued_parts(html: &str) -> HashSet<(&str, &str)> {
    let b = html.as_bytes();
    let mut out = HashSet::new();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let run_start = i + off;
        // Walk over consecutive inline tags.
        let mut j = run_start;
        let mut all_inline = true;
        let mut closed_link = false;
        while j < b.len() && b[j] == b'<' {
            let closing = b.get(j + 1) == Some(&b'/');
            let name_start = if closing { j + 2 } else { j + 1 };
            let name_end = b[name_start..]
                .iter()
                .position(|c| !c.is_ascii_alphanumeric())
                .map_or(b.len(), |k| name_start + k);
            let name = &html[name_start..name_end];
            if name.is_empty() || !INLINE_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
                all_inline = false;
                break;
            }
            // `</a><a ...>`: two separate links (tag lists, menus) spaced by CSS, not a word.
            if name.eq_ignore_ascii_case("a") {
                if closing {
                    closed_link = true;
                } else if closed_link {
                    all_inline = false;
                    break;
                }
            }
            match b[name_end..].iter().position(|&c| c == b'>') {
                Some(k) => j = name_end + k + 1,
                None => return out,
            }
        }
        if all_inline && j > run_start {
            let left = word_before(html, run_start);
            let right = word_after(html, j);
            if let (Some(l), Some(r)) = (left, right) {
                // Scripts without spaces between words (CJK, Thai) are not re-joined: a space
                // there is harmless and the extractor's segmentation is kept.
                let touching = [l.chars().last(), r.chars().next()];
                if !touching.iter().flatten().any(|&c| is_unspaced_script(c)) {
                    out.insert((l, r));
                }
            }
        }
        i = j.max(run_start + 1);
        if out.len() > 10_000 {
            break;
        }
    }
    out
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x2E80..=0x9FFF // CJK radicals, kana, CJK ideographs
        | 0xAC00..=0xD7AF // Hangul
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF00..=0xFFEF // full-width forms
        | 0x20000..=0x3FFFF)
}

fn word_before(s: &str, end: usize) -> Option<&str> {
    let head = &s[..end];
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(k, _)| k)?;
    let w = &head[start..];
    (w.chars().count() <= MAX_PART).then_some(w)
}

fn word_after(s: &str, start: usize) -> Option<&str> {
    let tail = &s[start..];
    let end = tail
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(tail.len(), |(k, _)| k);
    let w = &tail[..end];
    (!w.is_empty() && w.chars().count() <= MAX_PART).then_some(w)
}

/// Removes the space the extractor put between the two parts of each glued word.
fn join_split_words(text: &str, html: &str) -> String {
    let parts = glued_parts(html);
    if parts.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (k, _) in text.match_indices(' ') {
        if k < last {
            continue;
        }
        if let (Some(l), Some(r)) = (word_before(text, k), word_after(text, k + 1)) {
            if parts.contains(&(l, r)) {
                out.push_str(&text[last..k]);
                last = k + 1;
            }
        }
    }
    out.push_str(&text[last..]);
    out
}

// ---------------------------------------------------------------------------------------
// HTML fragment -> text

const SKIP_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "select",
    "button",
];

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "hr",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "caption",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "figure",
    "figcaption",
    "address",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "center",
    "body",
    "html",
];

/// Converts an HTML fragment to plain text: one line per block element, inline elements
/// joined without adding spaces, whitespace collapsed.
pub fn html_to_text(fragment: &str) -> String {
    let fragment = prune::limit_depth(fragment, MAX_HTML_DEPTH);
    let doc = Document::from(&*fragment);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    // Iterative walk so that absurdly deep nesting cannot overflow the stack.
    enum Step<'a> {
        Enter(NodeRef<'a>),
        Leave(bool),
    }
    let root = doc.root();
    let mut stack: Vec<Step> = root.children_it(true).map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave(block) => {
                if block {
                    flush(&mut cur, &mut lines);
                }
            }
            Step::Enter(node) => {
                if node.is_text() {
                    cur.push_str(&node.text());
                    continue;
                }
                if !node.is_element() {
                    continue;
                }
                let name = node
                    .node_name()
                    .map(|n| n.to_ascii_lowercase())
                    .unwrap_or_default();
                if SKIP_TAGS.contains(&name.as_str()) {
                    continue;
                }
                if name == "td" || name == "th" {
                    cur.push(' ');
                }
                let block = BLOCK_TAGS.contains(&name.as_str());
                if block {
                    flush(&mut cur, &mut lines);
                }
                stack.push(Step::Leave(block));
                stack.extend(node.children_it(true).map(Step::Enter));
            }
        }
    }
    flush(&mut cur, &mut lines);
    lines.join("\n")
}

fn flush(cur: &mut String, lines: &mut Vec<String>) {
    let line = meta::clean_inline(cur);
    if !line.is_empty() {
        lines.push(line);
    }
    cur.clear();
}

/// Collapses runs of spaces within lines and drops empty lines.
pub(crate) fn normalize_text(text: &str) -> String {
    // Runs on every JSONL and feed body: one pass, copying already-collapsed text in bulk. A
    // line break between two non-blank lines gives one '\n'; other whitespace between words
    // gives one space; blank lines and edge whitespace disappear.
    let mut out = String::with_capacity(text.len());
    dyad_core::text::collapse_whitespace(text, true, |piece| out.push_str(piece));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_tags_do_not_split_words() {
        let t = html_to_text("<div><p><span class=\"drop-cap\">H</span>ong Kong <b>is</b> burning.</p><p>Second<br>line  here</p></div>");
        assert_eq!(t, "Hong Kong is burning.\nSecond\nline here");
    }

    #[test]
    fn split_words_are_joined() {
        let html = "<p><span class=\"drop-cap\"><span>H</span></span>ong Kong and <b>bo</b>ld <a href=x>link</a> text</p>";
        assert_eq!(
            join_split_words("H ong Kong and bo ld link text", html),
            "Hong Kong and bold link text"
        );
        assert_eq!(
            join_split_words("plain text", "<p>plain text</p>"),
            "plain text"
        );
        // Separate links are not glued; nor are CJK runs.
        assert_eq!(
            join_split_words("hiking survival", "<a>hiking</a><a>survival</a>"),
            "hiking survival"
        );
        assert_eq!(
            join_split_words("アプリ Kindle", "アプリ<a>Kindle</a>"),
            "アプリ Kindle"
        );
    }

    #[test]
    fn url_dates() {
        assert_eq!(
            date_from_url("https://x.com/2019/11/19/story.html").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(
            date_from_url("https://x.com/news/2019-11-19-story").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(date_from_url("https://x.com/news/123456/story"), None);
    }
}
