//! JSONL document collections: one JSON object per line,
//! `{"id", "text" | "html", "date"?, "url"?, "outlet"?, "title"?, "language"?}`.
//!
//! `text` is used as the body as is (whitespace tidied); `html` goes through
//! [`crate::extract_html`], and fields given in the line override what the page says.
//! A line that cannot be used becomes an [`IngestError::JsonLine`] naming its line number,
//! and reading continues with the next line. Blank lines are skipped. The file may be
//! gzipped. Memory is bounded per line by [`Limits::max_document_bytes`].

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::read::{open_stream, read_bounded_line};
use crate::{extract_html, normalize_date, IngestError, Limits, Page};

#[derive(Deserialize)]
struct Line {
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default, alias = "body", alias = "content")]
    text: Option<String>,
    #[serde(default, alias = "raw_html")]
    html: Option<String>,
    #[serde(
        default,
        alias = "published",
        alias = "publish_date",
        alias = "pubdate"
    )]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default, alias = "source", alias = "site")]
    outlet: Option<String>,
    #[serde(default, alias = "headline")]
    title: Option<String>,
    #[serde(default, alias = "lang")]
    language: Option<String>,
}

/// Streaming reader over a JSONL file; yields one `Result` per non-blank line.
pub struct JsonlReader<R> {
    reader: R,
    path: PathBuf,
    line_no: usize,
    limits: Limits,
    buf: Vec<u8>,
    done: bool,
}

/// Opens a JSONL file (plain or gzipped). Fails only if the file cannot be opened.
pub fn read_jsonl(
    path: &Path,
    limits: &Limits,
) -> Result<JsonlReader<Box<dyn BufRead + Send>>, IngestError> {
    Ok(JsonlReader::new(open_stream(path)?, path, limits))
}

impl<R: BufRead> JsonlReader<R> {
    /// Reads JSONL from any buffered reader; `path` is used in error messages and ids.
    pub fn new(reader: R, path: &Path, limits: &Limits) -> Self {
        JsonlReader {
            reader,
            path: path.to_path_buf(),
            line_no: 0,
            limits: *limits,
            buf: Vec::new(),
            done: false,
        }
    }

    fn err(&self, detail: impl Into<String>) -> IngestError {
        IngestError::JsonLine {
            path: self.path.clone(),
            line: self.line_no,
            detail: detail.into(),
        }
    }
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Result<Page, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let n = match read_bounded_line(
                &mut self.reader,
                &mut self.buf,
                self.limits.max_document_bytes,
            ) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(n) => n,
                Err(e) => {
                    // A read error (truncated gzip, I/O) ends the stream after reporting it.
                    self.done = true;
                    self.line_no += 1;
                    let path = self.path.clone();
                    return Some(Err(match crate::read::gzip_error(e, &path) {
                        IngestError::Io { source, .. } => self.err(format!("read error: {source}")),
                        other => other,
                    }));
                }
            };
            self.line_no += 1;
            if n > self.limits.max_document_bytes {
                return Some(Err(self.err(format!(
                    "line is {n} bytes, over the {} byte document limit; skipped",
                    self.limits.max_document_bytes
                ))));
            }
            let mut bytes: &[u8] = &self.buf;
            if self.line_no == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            // the strict check has an ASCII fast path; the lossy one walks byte by byte
            let text = match std::str::from_utf8(bytes) {
                Ok(s) => std::borrow::Cow::Borrowed(s),
                Err(_) => String::from_utf8_lossy(bytes),
            };
            let trimmed = text.trim();
            if trimmed.is_empty() {
                continue;
            }
            let fallback_id = format!("{}:{}", crate::id_from_path(&self.path), self.line_no);
            return Some(parse_line(trimmed, &fallback_id).map_err(|d| self.err(d)));
        }
        None
    }
}

/// Parses one JSONL line into a page; `fallback_id` is used when the line has no `id`.
pub fn parse_line(line: &str, fallback_id: &str) -> Result<Page, String> {
    let v: Line = serde_json::from_str(line).map_err(|e| format!("invalid JSON document: {e}"))?;
    let id = match &v.id {
        None | Some(serde_json::Value::Null) => fallback_id.to_string(),
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => return Err(format!("\"id\" must be a string or a number, not {other}")),
    };
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    // the bodies are read in place, not copied
    fn body_of(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let mut page = match (body_of(&v.html), body_of(&v.text)) {
        (Some(html), _) => extract_html(&id, html),
        (None, Some(text)) => {
            let body = crate::html::normalize_text(text);
            let language = crate::detect_language(&body);
            Page {
                id: id.clone(),
                body,
                language,
                ..Page::default()
            }
        }
        (None, None) => return Err(format!("document {id:?} has neither \"text\" nor \"html\"")),
    };
    page.id = id;
    if let Some(d) = nonempty(&v.date).and_then(|d| normalize_date(&d)) {
        page.published = Some(d);
    }
    if let Some(u) = nonempty(&v.url) {
        page.url = Some(u);
    }
    if let Some(o) = nonempty(&v.outlet) {
        page.outlet = Some(o);
    }
    if let Some(t) = nonempty(&v.title) {
        page.title = Some(t);
    }
    if let Some(l) = nonempty(&v.language) {
        let code: String = l
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        if code.len() == 2 {
            page.language = Some(code);
        }
    }
    if page.outlet.is_none() {
        page.outlet = page.url.as_deref().and_then(crate::meta::host_of);
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_lines() {
        let data = "{\"id\":\"a\",\"text\":\"Iran  condemned the strike on Monday.\",\"date\":\"2024-03-11T08:00:00Z\",\"url\":\"https://www.example.com/x\"}\n\
                    \n\
                    {not json}\n\
                    {\"id\":2,\"html\":\"<html><head><meta property='og:site_name' content='Example News'></head><body><article><p>Protesters gathered outside the ministry on Tuesday, demanding the release of detained journalists and an end to the crackdown.</p></article></body></html>\"}\n\
                    {\"id\":\"c\"}\n\
                    {\"text\":\"no id here\"}";
        let got: Vec<_> =
            JsonlReader::new(data.as_bytes(), Path::new("docs.jsonl"), &Limits::default())
                .collect();
        assert_eq!(got.len(), 5);
        let a = got[0].as_ref().unwrap();
        assert_eq!(a.id, "a");
        assert_eq!(a.body, "Iran condemned the strike on Monday.");
        assert_eq!(a.published.as_deref(), Some("2024-03-11"));
        assert_eq!(a.outlet.as_deref(), Some("example.com"));
        let e = got[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("docs.jsonl:3:"), "{e}");
        let b = got[2].as_ref().unwrap();
        assert_eq!(b.id, "2");
        assert!(b.body.contains("Protesters gathered"), "{:?}", b.body);
        assert_eq!(b.outlet.as_deref(), Some("Example News"));
        assert!(got[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("docs.jsonl:5:"));
        assert_eq!(got[4].as_ref().unwrap().id, "docs.jsonl:6");
    }

    #[test]
    fn overlong_line_is_skipped_with_error() {
        let data = format!(
            "{{\"id\":\"x\",\"text\":\"{}\"}}\n{{\"id\":\"y\",\"text\":\"short\"}}\n",
            "a".repeat(500)
        );
        let limits = Limits {
            max_document_bytes: 100,
            ..Limits::default()
        };
        let got: Vec<_> =
            JsonlReader::new(data.as_bytes(), Path::new("d.jsonl"), &limits).collect();
        assert!(got[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("over the 100 byte"));
        assert_eq!(got[1].as_ref().unwrap().id, "y");
    }

    #[test]
    fn gzipped_jsonl_and_truncation() {
        use std::io::Write;
        let mut data = String::new();
        for i in 0..200 {
            data.push_str(&format!(
                "{{\"id\":\"d{i}\",\"text\":\"Document number {i} about the talks.\"}}\n"
            ));
        }
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data.as_bytes()).unwrap();
        let gz = e.finish().unwrap();
        let dir = std::env::temp_dir().join(format!("dyad-ingest-jsonl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let full = dir.join("docs.jsonl.gz");
        std::fs::write(&full, &gz).unwrap();
        let got: Vec<_> = read_jsonl(&full, &Limits::default()).unwrap().collect();
        assert_eq!(got.len(), 200);
        assert!(got.iter().all(|r| r.is_ok()));
        let cut = dir.join("cut.jsonl.gz");
        std::fs::write(&cut, &gz[..gz.len() - 10]).unwrap();
        let got: Vec<_> = read_jsonl(&cut, &Limits::default()).unwrap().collect();
        let last = got.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(
            last.contains("cut.jsonl.gz") && last.contains("truncated"),
            "{last}"
        );
    }
}
