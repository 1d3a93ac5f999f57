//! Page metadata from `<meta>`, OpenGraph, `<link rel=canonical>`, `<title>`, `<time>` and
//! JSON-LD, read with a small linear tag scanner (no DOM needed).

use memchr::memchr;
use serde_json::Value;

use crate::date::normalize_date;

/// Raw metadata found in one page, before choosing among sources.
#[derive(Debug, Default, Clone)]
pub struct RawMeta {
    pub html_lang: Option<String>,
    pub title_tag: Option<String>,
    pub canonical: Option<String>,
    /// `(key, content)` of every `<meta>`; key is the lower-cased `property`, `name`,
    /// `itemprop` or `http-equiv` attribute.
    pub metas: Vec<(String, String)>,
    /// `datetime`/`content` of elements marked `itemprop="datePublished"` (any tag), and of
    /// `<time>` elements with `pubdate` or a class mentioning "publish".
    pub itemprop_published: Vec<String>,
    pub jsonld: Vec<Value>,
}

impl RawMeta {
    fn meta(&self, keys: &[&str]) -> Option<&str> {
        for k in keys {
            for (key, val) in &self.metas {
                if key == k && !val.trim().is_empty() {
                    return Some(val.trim());
                }
            }
        }
        None
    }
}

/// Chosen metadata of a page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Meta {
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub outlet: Option<String>,
    pub language: Option<String>,
}

/// Scans the page and picks the best value of each field.
pub fn extract_meta(html: &str) -> Meta {
    let raw = scan(html);
    choose(&raw)
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "article",
    "reportagenews",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "scholarlyarticle",
    "techarticle",
    "report",
];

pub(crate) fn choose(raw: &RawMeta) -> Meta {
    let mut objs = Vec::new();
    for v in &raw.jsonld {
        collect_objects(v, &mut objs, 0);
    }
    let is_article = |o: &&serde_json::Map<String, Value>| type_matches(o, ARTICLE_TYPES);
    let articles: Vec<&serde_json::Map<String, Value>> =
        objs.iter().copied().filter(is_article).collect();

    // URL
    let url = raw
        .canonical
        .as_deref()
        .filter(|u| is_abs_url(u))
        .or_else(|| {
            raw.meta(&["og:url", "twitter:url"])
                .filter(|u| is_abs_url(u))
        })
        .or_else(|| {
            articles.iter().find_map(|o| {
                str_field(o, "url").filter(|u| is_abs_url(u)).or_else(|| {
                    o.get("mainEntityOfPage").and_then(|m| match m {
                        Value::String(s) if is_abs_url(s) => Some(s.as_str()),
                        Value::Object(mo) => str_field(mo, "@id")
                            .or_else(|| str_field(mo, "url"))
                            .filter(|u| is_abs_url(u)),
                        _ => None,
                    })
                })
            })
        })
        .map(|s| s.trim().to_string());

    // Title
    let site_name_meta = raw.meta(&["og:site_name", "application-name", "al:ios:app_name"]);
    let title = raw
        .meta(&["og:title", "twitter:title", "dc.title", "headline"])
        .map(str::to_string)
        .or_else(|| {
            articles
                .iter()
                .find_map(|o| str_field(o, "headline").map(str::to_string))
        })
        .or_else(|| {
            raw.title_tag
                .as_deref()
                .map(|t| strip_site_suffix(t, site_name_meta))
        })
        .map(|t| clean_inline(&t))
        .filter(|t| !t.is_empty());

    // Publication date
    let mut published = None;
    let json_dates = articles
        .iter()
        .filter_map(|o| str_field(o, "datePublished").or_else(|| str_field(o, "dateCreated")))
        .chain(objs.iter().filter_map(|o| str_field(o, "datePublished")));
    for d in json_dates {
        if let Some(n) = normalize_date(d) {
            published = Some(n);
            break;
        }
    }
    if published.is_none() {
        for key in DATE_META_KEYS {
            if let Some(n) = raw.meta(&[key]).and_then(normalize_date) {
                published = Some(n);
                break;
            }
        }
    }
    if published.is_none() {
        published = raw
            .itemprop_published
            .iter()
            .find_map(|d| normalize_date(d));
    }

    // Outlet
    let publisher_name = articles
        .iter()
        .copied()
        .chain(
            objs.iter()
                .copied()
                .filter(|o| type_matches(o, &["webpage", "website"])),
        )
        .find_map(|o| o.get("publisher").and_then(name_of))
        .or_else(|| {
            objs.iter()
                .filter(|o| type_matches(o, &["newsmediaorganization", "organization"]))
                .find_map(|o| str_field(o, "name"))
                .map(str::to_string)
        });
    let outlet = raw
        .meta(&["og:site_name"])
        .map(str::to_string)
        .or(publisher_name)
        .or_else(|| {
            raw.meta(&[
                "application-name",
                "al:ios:app_name",
                "al:android:app_name",
                "publisher",
                "dc.publisher",
            ])
            .map(str::to_string)
        })
        .filter(|s| !s.trim().is_empty());

    // Declared language (ISO 639-1)
    let language = articles
        .iter()
        .find_map(|o| str_field(o, "inLanguage"))
        .or(raw.html_lang.as_deref())
        .or_else(|| raw.meta(&["og:locale", "content-language", "language", "dc.language"]))
        .and_then(lang_prefix);

    Meta {
        url,
        title,
        published,
        outlet,
        language,
    }
}

/// Meta keys naming the publication date, most trusted first.
const DATE_META_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "article:published",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "pub_date",
    "original-publish-date",
    "article.published",
    "article_date_original",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "datecreated",
    "date",
    "displaydate",
];

fn type_matches(o: &serde_json::Map<String, Value>, types: &[&str]) -> bool {
    let check = |s: &str| {
        let s = s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase();
        types.contains(&s.as_str())
    };
    match o.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str().is_some_and(check)),
        _ => false,
    }
}

fn str_field<'a>(o: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    match o.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.as_str()),
        Value::Array(a) => a
            .iter()
            .find_map(|v| v.as_str().filter(|s| !s.trim().is_empty())),
        _ => None,
    }
}

fn name_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s)
            if !s.trim().is_empty() && !s.starts_with("http") && !s.starts_with('#') =>
        {
            Some(s.clone())
        }
        Value::Object(o) => str_field(o, "name").map(str::to_string),
        Value::Array(a) => a.iter().find_map(name_of),
        _ => None,
    }
}

/// Collects every JSON object (following `@graph`, arrays and nested values a few levels
/// down) so that typed nodes can be searched.
fn collect_objects<'a>(
    v: &'a Value,
    out: &mut Vec<&'a serde_json::Map<String, Value>>,
    depth: usize,
) {
    if depth > 6 || out.len() > 500 {
        return;
    }
    match v {
        Value::Object(o) => {
            out.push(o);
            for (k, child) in o {
                if k == "@graph" || k == "mainEntity" || k == "itemListElement" || k == "hasPart" {
                    collect_objects(child, out, depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for child in a {
                collect_objects(child, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn is_abs_url(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with("http://") || s.starts_with("https://"))
        && s.len() > 10
        && !s.contains(char::is_whitespace)
}

/// Host of an absolute URL without a leading `www.`.
pub fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

fn lang_prefix(s: &str) -> Option<String> {
    let p: String = s
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    (p.len() == 2).then_some(p)
}

/// Removes a trailing or leading " | Site", " - Site" part from a `<title>`.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let t = title.trim();
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » "] {
        if let Some(site) = site {
            let site = site.trim();
            if let Some(head) = t.strip_suffix(site).and_then(|h| h.strip_suffix(sep)) {
                return head.trim().to_string();
            }
            if let Some(tail) = t.strip_prefix(site).and_then(|h| h.strip_prefix(sep)) {
                return tail.trim().to_string();
            }
        }
    }
    // Without a known site name, drop a short last segment after " | ".
    if let Some((head, tail)) = t.rsplit_once(" | ") {
        if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
            return head.trim().to_string();
        }
    }
    t.to_string()
}

/// Collapses whitespace, decodes nothing (the scanner already decoded entities).
pub(crate) fn clean_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_words(&mut out, s);
    out
}

/// Appends the words of `s` to `out`, separated by single spaces.
pub(crate) fn push_words(out: &mut String, s: &str) {
    for (k, w) in s.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

// ---------------------------------------------------------------------------------------
// Tag scanner

/// Scans HTML once, collecting the tags metadata lives in. Linear in the input; tolerant
/// of any byte soup (it never fails, it just finds less).
pub fn scan(html: &str) -> RawMeta {
    let b = html.as_bytes();
    let mut raw = RawMeta::default();
    let mut i = 0;
    let n = b.len();
    while i < n {
        let Some(off) = memchr(b'<', &b[i..]) else {
            break;
        };
        i += off;
        if b[i..].starts_with(b"<!--") {
            i = match find_from(b, i + 4, b"-->") {
                Some(j) => j + 3,
                None => n,
            };
            continue;
        }
        if i + 1 >= n {
            break;
        }
        let c = b[i + 1];
        if c == b'!' || c == b'?' || c == b'/' {
            i = memchr(b'>', &b[i..]).map_or(n, |j| i + j + 1);
            continue;
        }
        if !c.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let (tag, attrs, end) = parse_tag(html, i + 1, &|tag, attr| {
            matches!(tag, "html" | "meta" | "link" | "script")
                || matches!(attr, "itemprop" | "datetime" | "content" | "pubdate")
                || (tag == "time" && attr == "class")
        });
        i = end;
        match tag.as_str() {
            "html" if raw.html_lang.is_none() => {
                raw.html_lang = attr(&attrs, "lang")
                    .or_else(|| attr(&attrs, "xml:lang"))
                    .map(str::to_string);
            }
            "meta" => {
                let content = attr(&attrs, "content").map(str::to_string);
                if let Some(content) = content {
                    for key in ["property", "name", "itemprop", "http-equiv"] {
                        if let Some(k) = attr(&attrs, key) {
                            raw.metas
                                .push((k.trim().to_ascii_lowercase(), content.clone()));
                        }
                    }
                }
            }
            "link"
                if raw.canonical.is_none()
                    && attr(&attrs, "rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|x| x.eq_ignore_ascii_case("canonical"))
                    }) =>
            {
                raw.canonical = attr(&attrs, "href").map(str::to_string);
            }
            "title" => {
                let close = find_ci(b, i, b"</title");
                let text_end = close.unwrap_or(n.min(i + 2000));
                if raw.title_tag.is_none() {
                    let t = decode_entities(&html[i..floor_char(html, text_end)]);
                    let t = clean_inline(&t);
                    if !t.is_empty() {
                        raw.title_tag = Some(t);
                    }
                }
                if let Some(c) = close {
                    i = c;
                }
            }
            "script" | "style" | "textarea" | "template" | "noscript" => {
                let closer: &[u8] = match tag.as_str() {
                    "script" => b"</script",
                    "style" => b"</style",
                    "textarea" => b"</textarea",
                    "template" => b"</template",
                    _ => b"</noscript",
                };
                let close = find_ci(b, i, closer).unwrap_or(n);
                if tag == "script"
                    && attr(&attrs, "type")
                        .is_some_and(|t| t.to_ascii_lowercase().contains("ld+json"))
                {
                    if let Some(v) = parse_jsonld(&html[i..close]) {
                        if raw.jsonld.len() < 50 {
                            raw.jsonld.push(v);
                        }
                    }
                }
                if tag != "noscript" {
                    i = close;
                }
            }
            _ => {}
        }
        if tag != "meta" {
            if let Some(ip) = attr(&attrs, "itemprop") {
                if ip.eq_ignore_ascii_case("datepublished") {
                    if let Some(d) = attr(&attrs, "datetime").or_else(|| attr(&attrs, "content")) {
                        raw.itemprop_published.push(d.to_string());
                    }
                }
            }
            if tag == "time" {
                let marked = attr(&attrs, "pubdate").is_some()
                    || attr(&attrs, "class")
                        .is_some_and(|c| c.to_ascii_lowercase().contains("publish"));
                if marked {
                    if let Some(d) = attr(&attrs, "datetime") {
                        raw.itemprop_published.push(d.to_string());
                    }
                }
            }
        }
    }
    raw
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(crate) fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Parses the tag starting at `start` (just after `<`). Returns the lower-cased name, the
/// attributes for which `keep(tag, attribute)` holds (names lower-cased, values
/// entity-decoded) and the index after `>`.
pub(crate) fn parse_tag(
    html: &str,
    start: usize,
    keep: &dyn Fn(&str, &str) -> bool,
) -> (String, Vec<(String, String)>, usize) {
    let b = html.as_bytes();
    let n = b.len();
    let mut i = start;
    while i < n && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = html[start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < n && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= n {
            return (name, attrs, n);
        }
        if b[i] == b'>' {
            return (name, attrs, i + 1);
        }
        let ks = i;
        while i < n && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        if i == ks {
            i += 1;
            continue;
        }
        let key = &html[ks..floor_char(html, i)];
        while i < n && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut val = "";
        if i < n && b[i] == b'=' {
            i += 1;
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < n && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = memchr(q, &b[vs..]).map_or(n, |j| vs + j);
                val = &html[vs..ve];
                i = (ve + 1).min(n);
            } else {
                let vs = i;
                while i < n && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                val = &html[vs..i];
            }
        }
        if attrs.len() < 64 {
            let key: std::borrow::Cow<str> = if key.bytes().any(|c| c.is_ascii_uppercase()) {
                key.to_ascii_lowercase().into()
            } else {
                key.into()
            };
            if keep(&name, &key) {
                attrs.push((key.into_owned(), decode_entities(val)));
            }
        }
    }
}

pub(crate) fn find_from(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    crate::read::find(&b[from.min(b.len())..], needle).map(|j| from + j)
}

/// Case-insensitive search for an ASCII needle.
pub(crate) fn find_ci(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0].to_ascii_lowercase();
    let mut i = from;
    while i + needle.len() <= b.len() {
        if b[i].to_ascii_lowercase() == first && b[i..i + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Decodes the common named entities and all numeric ones.
pub(crate) fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let semi = rest[..floor_char(rest, rest.len().min(12))].find(';');
        let decoded = semi.and_then(|e| {
            let ent = &rest[1..e];
            let ch = if let Some(num) = ent.strip_prefix('#') {
                let v = if let Some(h) = num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
                    u32::from_str_radix(h, 16).ok()
                } else {
                    num.parse::<u32>().ok()
                };
                v.and_then(char::from_u32)
            } else {
                named_entity(ent)
            };
            ch.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(e: &str) -> Option<char> {
    Some(match e {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "szlig" => 'ß',
        "copy" => '©',
        "reg" => '®',
        "middot" => '·',
        "bull" => '•',
        _ => return None,
    })
}

/// Parses a JSON-LD block, tolerating the usual damage: HTML comment or CDATA wrappers,
/// raw newlines/tabs inside strings, trailing semicolons.
fn parse_jsonld(s: &str) -> Option<Value> {
    let mut t = s.trim();
    for p in ["<!--", "//<![CDATA[", "<![CDATA["] {
        t = t.strip_prefix(p).unwrap_or(t).trim();
    }
    for p in ["-->", "//]]>", "]]>", ";"] {
        t = t.strip_suffix(p).unwrap_or(t).trim();
    }
    if t.is_empty() || t.len() > 4 << 20 {
        return None;
    }
    if let Ok(v) = serde_json::from_str::<Value>(t) {
        return Some(v);
    }
    let cleaned: String = t
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    serde_json::from_str::<Value>(&cleaned).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &amp; b &#39;c&#x27; &rsquo; &bogus; &"),
            "a & b 'c' ’ &bogus; &"
        );
    }

    #[test]
    fn site_suffix() {
        assert_eq!(
            strip_site_suffix("Talks fail | Reuters", Some("Reuters")),
            "Talks fail"
        );
        assert_eq!(
            strip_site_suffix("Talks fail in Vienna again | The Paper", None),
            "Talks fail in Vienna again"
        );
        assert_eq!(strip_site_suffix("A - B", None), "A - B");
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://www.reuters.com/world/x?y=1").as_deref(),
            Some("reuters.com")
        );
        assert_eq!(
            host_of("http://user@news.example.org:8080/a").as_deref(),
            Some("news.example.org")
        );
        assert_eq!(host_of("nonsense"), None);
    }

    #[test]
    fn scanner_survives_garbage() {
        for s in [
            "<",
            "<a",
            "<meta content=\"x",
            "<script>",
            "<!--",
            "<title>abc",
            "<meta name=a content=b",
            "<\u{e9}>",
        ] {
            let _ = scan(s);
        }
    }
}
