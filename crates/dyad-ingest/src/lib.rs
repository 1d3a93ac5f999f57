//! dyad-ingest: reading real-world news input and extracting article text.
//!
//! * [`read_file`] reads a file within [`Limits`], gunzipping transparently.
//! * [`extract_html`] / [`extract_html_bytes`] turn a scraped page into a [`Page`]: the
//!   article body (main-content extraction by `rs-trafilatura`, then removal of inline ad
//!   labels, photo credits, "Read more"/"Related" links, calls to action, comment-form and
//!   cookie text) plus metadata from `<meta>`, OpenGraph and JSON-LD.
//! * [`detect_language`] identifies the language of a text (ISO 639-1).
//! * [`jsonl`], [`feed`] and [`warc`] read document collections; a bad line, item or
//!   record becomes an [`IngestError`] value and the rest of the input is still read.
//!
//! Nothing here panics on bad input.

pub mod clean;
pub mod date;
mod error;
pub mod feed;
mod html;
pub mod jsonl;
mod lang;
pub mod meta;
pub mod prune;
mod read;
pub mod warc;

use std::path::Path;

pub use date::normalize_date;
pub use error::IngestError;
pub use html::{extract_html_with, html_to_text, ExtractOptions, MAX_HTML_DEPTH};
pub use lang::detect_language;
pub use read::{decode_html, gunzip, open_stream, read_file, Limits};

/// One document ready for event coding.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// Caller-chosen identifier (file name without extensions, JSONL id, WARC record id...).
    pub id: String,
    /// Canonical URL of the page when known.
    pub url: Option<String>,
    pub title: Option<String>,
    /// Publication date, `YYYY-MM-DD`, as written by the publisher.
    pub published: Option<String>,
    /// Name of the publishing outlet (site name / publisher), else the URL's host name.
    pub outlet: Option<String>,
    /// ISO 639-1 language code of the body, `None` when it cannot be told reliably.
    pub language: Option<String>,
    /// Article text, one paragraph per line.
    pub body: String,
}

/// Extracts the main article text and metadata of an HTML page.
///
/// The body is the main content only (no navigation, related links, ads, captions or
/// comment forms), one paragraph per line. Metadata comes from `<link rel=canonical>`,
/// OpenGraph/`<meta>` tags and JSON-LD (`datePublished`, `publisher`, `headline`), with
/// the extractor's own heuristics and the URL as fallbacks; dates are `YYYY-MM-DD`.
/// Never panics; a page without recognisable content gets an empty body.
pub fn extract_html(id: &str, html: &str) -> Page {
    extract_html_with(id, html, &ExtractOptions::default())
}

/// Like [`extract_html`] for raw bytes: the charset is taken from a byte-order mark or a
/// `<meta charset>` declaration, else UTF-8 (invalid bytes replaced, or Windows-1252 when
/// the bytes are clearly not UTF-8). See [`decode_html`].
pub fn extract_html_bytes(id: &str, bytes: &[u8]) -> Page {
    extract_html(id, &decode_html(bytes))
}

/// Reads an HTML file (optionally gzipped) and extracts it; the page id is the file name
/// without `.gz`, `.html`/`.htm` extensions.
pub fn extract_file(path: &Path, limits: &Limits) -> Result<Page, IngestError> {
    let bytes = read_file(path, limits)?;
    Ok(extract_html_bytes(&id_from_path(path), &bytes))
}

/// File name without the directory and without `.gz`, then one of `.html`/`.htm`/`.xhtml`.
pub fn id_from_path(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = strip_suffix_ci(&name, ".gz");
    let stripped = [".html", ".htm", ".xhtml"]
        .iter()
        .map(|ext| strip_suffix_ci(name, ext))
        .find(|n| n.len() < name.len());
    stripped.unwrap_or(name).to_string()
}

#[cfg(test)]
mod tests;

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> &'a str {
    if s.len() > suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    {
        &s[..s.len() - suffix.len()]
    } else {
        s
    }
}
