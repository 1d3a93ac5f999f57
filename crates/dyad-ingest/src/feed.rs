//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds.
//!
//! [`parse_feed`] returns the feed title and one `Result` per item, in order. An item
//! without link, title or text is an error entry; if the XML breaks off or is malformed
//! part way, the items read so far are kept and one error entry describes the problem.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::meta::decode_entities;
use crate::{html_to_text, normalize_date, IngestError, Limits, Page};

/// One feed entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// `<guid>` / Atom `<id>`.
    pub id: Option<String>,
    pub link: Option<String>,
    pub title: Option<String>,
    /// `<pubDate>`, `<dc:date>`, Atom `<published>` (else `<updated>`), as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// `<description>` / Atom `<summary>` (usually HTML).
    pub description: Option<String>,
    /// `<content:encoded>` / Atom `<content>` (usually HTML).
    pub content: Option<String>,
    /// True when the content/summary is plain text (Atom `type="text"`), not HTML.
    pub plain_text: bool,
}

impl FeedItem {
    /// Turns the item into a page: the body is the text of `content`, else of
    /// `description`; the id is the guid, else the link, else `fallback_id`.
    pub fn to_page(&self, fallback_id: &str, feed_title: Option<&str>) -> Page {
        let src = self
            .content
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .or(self.description.as_deref())
            .unwrap_or("");
        let body = if self.plain_text {
            crate::html::normalize_text(src)
        } else {
            html_to_text(src)
        };
        let body = crate::clean::clean_body(&body, &crate::clean::Cleanup::default());
        let language = crate::detect_language(&body);
        Page {
            id: self
                .id
                .clone()
                .or_else(|| self.link.clone())
                .unwrap_or_else(|| fallback_id.to_string()),
            url: self.link.clone(),
            title: self.title.clone(),
            published: self.published.clone(),
            outlet: feed_title.map(str::to_string),
            language,
            body,
        }
    }
}

/// A parsed feed.
#[derive(Debug)]
pub struct Feed {
    /// The channel/feed title.
    pub title: Option<String>,
    pub items: Vec<Result<FeedItem, IngestError>>,
}

/// Reads and parses a feed file (optionally gzipped).
pub fn read_feed(path: &Path, limits: &Limits) -> Result<Feed, IngestError> {
    let bytes = crate::read_file(path, limits)?;
    parse_feed(&bytes, path)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Id,
    Link,
    Title,
    Published,
    Updated,
    Description,
    Content,
}

/// Parses feed XML. Fails as a whole only when the input is not an RSS/Atom feed at all;
/// otherwise problems are reported as error entries among the items.
pub fn parse_feed(bytes: &[u8], path: &Path) -> Result<Feed, IngestError> {
    let text = decode_xml(bytes);
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = false;
    reader.config_mut().trim_text(false);

    let feed_err = |detail: String| IngestError::Feed {
        path: path.to_path_buf(),
        detail,
    };
    let mut feed = Feed {
        title: None,
        items: Vec::new(),
    };
    let mut seen_root = false;
    // Element names from the root down to the current element.
    let mut stack: Vec<String> = Vec::new();
    let mut item: Option<(FeedItem, usize)> = None; // item being read and its depth
    let mut field: Option<(Field, usize, String)> = None; // field being read, its depth, raw text
    let mut feed_title: Option<String> = None;
    let mut in_feed_title = false;
    let mut n_items = 0usize;

    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let pos = reader.buffer_position();
                if !seen_root {
                    return Err(feed_err(format!(
                        "not a readable XML feed: {e} (at byte {pos})"
                    )));
                }
                feed.items.push(Err(feed_err(format!(
                    "XML error at byte {pos}: {e}; items after this point are lost"
                ))));
                break;
            }
        };
        match ev {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = qname(s);
                let local = local_of(&name).to_string();
                if !seen_root {
                    if !matches!(local.as_str(), "rss" | "feed" | "RDF") {
                        return Err(feed_err(format!(
                            "not an RSS or Atom feed (root element <{name}>)"
                        )));
                    }
                    seen_root = true;
                }
                let depth = stack.len();
                if let Some((f, _, buf)) = field.as_mut() {
                    // Markup nested in a field (Atom xhtml content): keep block breaks.
                    if matches!(f, Field::Content | Field::Description)
                        && matches!(local.as_str(), "p" | "div" | "br" | "li")
                    {
                        buf.push('\n');
                    }
                } else if let Some((it, idepth)) = item.as_mut() {
                    if depth == *idepth + 1 {
                        let f = match (name.as_str(), local.as_str()) {
                            (_, "guid") | (_, "id") => Some(Field::Id),
                            (_, "link") => {
                                // Atom: <link rel="alternate" href="..."/>; RSS: <link>url</link>
                                if let Some(href) = attr_of(s, "href") {
                                    let rel =
                                        attr_of(s, "rel").unwrap_or_else(|| "alternate".into());
                                    if rel == "alternate" && it.link.is_none() {
                                        it.link = Some(href.trim().to_string());
                                    }
                                    None
                                } else {
                                    Some(Field::Link)
                                }
                            }
                            (_, "title") => Some(Field::Title),
                            (_, "pubDate") | (_, "published") | ("dc:date", _) | (_, "issued") => {
                                Some(Field::Published)
                            }
                            (_, "updated") | (_, "modified") => Some(Field::Updated),
                            (_, "description") | (_, "summary") => {
                                if matches!(
                                    attr_of(s, "type").as_deref(),
                                    Some("text") | Some("xhtml")
                                ) && it.content.is_none()
                                {
                                    it.plain_text = true;
                                }
                                Some(Field::Description)
                            }
                            ("content:encoded", _) | ("content", _) => {
                                // Atom type="text" is plain text; type="xhtml" is inline XML
                                // whose text is collected (already unescaped) with line breaks.
                                if matches!(
                                    attr_of(s, "type").as_deref(),
                                    Some("text") | Some("xhtml")
                                ) {
                                    it.plain_text = true;
                                }
                                Some(Field::Content)
                            }
                            _ => None,
                        };
                        if let Some(f) = f {
                            if !empty {
                                field = Some((f, depth, String::new()));
                            }
                        }
                    }
                } else if matches!(local.as_str(), "item" | "entry") {
                    item = (!empty).then(|| (FeedItem::default(), depth));
                    if empty {
                        n_items += 1;
                        feed.items
                            .push(Err(feed_err(format!("item {n_items} is empty"))));
                    }
                } else if local == "title" && feed_title.is_none() && depth <= 2 && !empty {
                    in_feed_title = true;
                    field = Some((Field::Title, depth, String::new()));
                }
                if !empty {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                stack.pop();
                let depth = stack.len();
                if field.as_ref().is_some_and(|(_, d, _)| *d == depth) {
                    let (f, _, raw) = field.take().unwrap_or((Field::Title, 0, String::new()));
                    if in_feed_title {
                        in_feed_title = false;
                        let t = clean_line(&decode_entities(&raw));
                        feed_title = (!t.is_empty()).then_some(t);
                    } else if let Some((it, _)) = item.as_mut() {
                        set_field(it, f, raw);
                    }
                } else if item.as_ref().is_some_and(|(_, d)| *d == depth) {
                    let (it, _) = item.take().unwrap_or_default();
                    n_items += 1;
                    feed.items.push(finish_item(it, n_items, path));
                }
            }
            Event::Text(t) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    buf.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    buf.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, _, buf)) = field.as_mut() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) => buf.push(c),
                        _ => {
                            let name: String = r.to_string();
                            match name.as_str() {
                                "amp" => buf.push('&'),
                                "lt" => buf.push('<'),
                                "gt" => buf.push('>'),
                                "quot" => buf.push('"'),
                                "apos" => buf.push('\''),
                                // HTML entities (not valid XML, common in feeds): keep for the HTML step.
                                _ => {
                                    buf.push('&');
                                    buf.push_str(&name);
                                    buf.push(';');
                                }
                            }
                        }
                    }
                }
            }
            Event::Eof => {
                if !seen_root {
                    return Err(feed_err("empty or not XML".to_string()));
                }
                if let Some((it, _)) = item.take() {
                    n_items += 1;
                    let what = it.title.clone().or(it.link.clone()).unwrap_or_default();
                    feed.items.push(Err(feed_err(format!(
                        "feed ends inside item {n_items} ({what}); item dropped"
                    ))));
                }
                break;
            }
            _ => {}
        }
    }
    feed.title = feed_title;
    Ok(feed)
}

fn set_field(it: &mut FeedItem, f: Field, raw: String) {
    let val = raw.trim().to_string();
    if val.is_empty() {
        return;
    }
    match f {
        Field::Id => it.id = it.id.take().or(Some(val)),
        Field::Link => it.link = it.link.take().or(Some(val)),
        Field::Title => it.title = Some(clean_line(&decode_entities(&val))),
        Field::Published => {
            if let Some(d) = normalize_date(&val) {
                it.published = Some(d);
            }
        }
        Field::Updated => {
            if it.published.is_none() {
                it.published = normalize_date(&val);
            }
        }
        Field::Description => it.description = Some(val),
        Field::Content => it.content = Some(val),
    }
}

fn finish_item(it: FeedItem, n: usize, path: &Path) -> Result<FeedItem, IngestError> {
    let has_text = it.content.is_some() || it.description.is_some();
    if it.link.is_none() && it.title.is_none() && !has_text {
        return Err(IngestError::Feed {
            path: path.to_path_buf(),
            detail: format!("item {n} has no link, title or text"),
        });
    }
    Ok(it)
}

fn clean_line(s: &str) -> String {
    // Titles sometimes carry markup ("<b>Breaking</b>: ...").
    let s = if s.contains('<') {
        html_to_text(s).replace('\n', " ")
    } else {
        s.to_string()
    };
    crate::meta::clean_inline(&s)
}

fn qname(s: &BytesStart) -> String {
    s.name().as_ref().to_string()
}

fn local_of(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn attr_of(s: &BytesStart, key: &str) -> Option<String> {
    s.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| decode_entities(&a.value))
}

/// Decodes feed bytes using the BOM or the XML declaration's encoding, else UTF-8 (lossy).
fn decode_xml(bytes: &[u8]) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode(bytes).0.into_owned();
    }
    let head = &bytes[..bytes.len().min(200)];
    if head.starts_with(b"<?xml") {
        if let Some(p) = crate::read::find(head, b"encoding=") {
            let rest = &head[p + 9..];
            let q = rest.first().copied().unwrap_or(b'"');
            let rest = rest.get(1..).unwrap_or(&[]);
            let end = rest.iter().position(|&c| c == q).unwrap_or(0);
            if let Some(enc) = encoding_rs::Encoding::for_label(&rest[..end]) {
                if enc != encoding_rs::UTF_8
                    && enc != encoding_rs::UTF_16LE
                    && enc != encoding_rs::UTF_16BE
                {
                    return enc.decode_without_bom_handling(bytes).0.into_owned();
                }
            }
        }
    }
    String::from_utf8_lossy(bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Example News &amp; Views</title><link>https://example.com/</link>
<item><title>Iran &amp; Iraq sign &lt;b&gt;deal&lt;/b&gt;</title><link>https://example.com/a</link>
<guid isPermaLink="false">a-1</guid><pubDate>Tue, 19 Nov 2019 08:30:00 GMT</pubDate>
<description>&lt;p&gt;Short summary.&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Full text of the <b>article</b>.</p><p>Advertisement</p><p>Second paragraph.</p>]]></content:encoded></item>
<item><title>Second</title><link>https://example.com/b</link><dc:date>2019-11-20T10:00:00+01:00</dc:date>
<description>Plain description &amp;nbsp;here</description></item>
<item></item>
</channel></rss>"#;

    #[test]
    fn rss() {
        let f = parse_feed(RSS.as_bytes(), Path::new("f.xml")).unwrap();
        assert_eq!(f.title.as_deref(), Some("Example News & Views"));
        assert_eq!(f.items.len(), 3);
        let a = f.items[0].as_ref().unwrap();
        assert_eq!(a.title.as_deref(), Some("Iran & Iraq sign deal"));
        assert_eq!(a.link.as_deref(), Some("https://example.com/a"));
        assert_eq!(a.published.as_deref(), Some("2019-11-19"));
        let p = a.to_page("x", f.title.as_deref());
        assert_eq!(p.id, "a-1");
        assert_eq!(p.body, "Full text of the article.\nSecond paragraph.");
        let b = f.items[1].as_ref().unwrap();
        assert_eq!(b.published.as_deref(), Some("2019-11-20"));
        assert_eq!(b.to_page("x", None).body, "Plain description here");
        assert!(f.items[2].is_err());
    }

    #[test]
    fn atom() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Site</title>
<entry><title type="html">A &amp;amp; B</title><link rel="alternate" href="https://ex.org/1"/><id>tag:ex.org,1</id>
<published>2024-03-11T08:30:00Z</published><updated>2024-03-12T00:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>One.</p><p>Two.</p></div></content></entry>
<entry><title>Only updated</title><link href="https://ex.org/2"/><updated>2024-03-13</updated><summary type="text">1 &lt; 2</summary></entry>
</feed>"#;
        let f = parse_feed(atom.as_bytes(), Path::new("a.xml")).unwrap();
        assert_eq!(f.title.as_deref(), Some("Atom Site"));
        let a = f.items[0].as_ref().unwrap();
        assert_eq!(a.title.as_deref(), Some("A & B"));
        assert_eq!(a.link.as_deref(), Some("https://ex.org/1"));
        assert_eq!(a.published.as_deref(), Some("2024-03-11"));
        assert_eq!(a.to_page("x", None).body, "One.\nTwo.");
        let b = f.items[1].as_ref().unwrap();
        assert_eq!(b.published.as_deref(), Some("2024-03-13"));
        assert_eq!(b.to_page("x", None).body, "1 < 2");
    }

    #[test]
    fn broken_feeds() {
        assert!(parse_feed(b"", Path::new("e.xml")).is_err());
        assert!(parse_feed(b"<html><body>no</body></html>", Path::new("h.xml")).is_err());
        assert!(parse_feed(&[0xff, 0x00, 0x13, 0x80], Path::new("g.xml")).is_err());
        // Cut off in the middle of the second item: the first is kept, then one error.
        let cut = &RSS[..RSS.find("<dc:date>").unwrap()];
        let f = parse_feed(cut.as_bytes(), Path::new("c.xml")).unwrap();
        assert!(f.items[0].is_ok());
        assert!(f.items.last().unwrap().is_err());
    }
}
