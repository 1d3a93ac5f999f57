//! WARC files (`.warc`, `.warc.gz`): HTML pages from `response` (and `resource`) records.
//!
//! [`WarcReader`] streams the file and yields one `Result` per HTML record; records that
//! are not HTML pages (requests, metadata, images, redirects, errors) are skipped. A
//! damaged or truncated record becomes an [`IngestError::Warc`] and reading continues with
//! the next record: in a `.warc.gz` each record is its own gzip member, so after a bad
//! member the reader resynchronises on the next gzip header. Each record is bounded by
//! [`Limits::max_document_bytes`] (larger ones are skipped with an error), so memory stays
//! bounded whatever the file size.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::{extract_html, IngestError, Limits, Page};

/// An HTML page found in a WARC file.
#[derive(Debug, Clone)]
pub struct WarcPage {
    /// `WARC-Record-ID` without the `<urn:uuid:` ... `>` wrapping.
    pub record_id: String,
    /// `WARC-Target-URI`.
    pub target_uri: Option<String>,
    /// `WARC-Date` (the capture time, not the publication date), as `YYYY-MM-DD`.
    pub capture_date: Option<String>,
    /// HTTP status (200 for `resource` records).
    pub status: u16,
    /// The HTML bytes (de-chunked and decompressed).
    pub html: Vec<u8>,
    /// Charset from the HTTP `Content-Type`, if any.
    pub charset: Option<String>,
}

impl WarcPage {
    /// Extracts the page; the URL defaults to the record's target URI.
    pub fn to_page(&self) -> Page {
        let html = match self
            .charset
            .as_deref()
            .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
        {
            Some(enc) if enc != encoding_rs::UTF_8 => enc.decode(&self.html).0.into_owned(),
            _ => crate::decode_html(&self.html),
        };
        let mut page = extract_html(&self.record_id, &html);
        if page.url.is_none() {
            page.url = self.target_uri.clone();
            if page.outlet.is_none() {
                page.outlet = page.url.as_deref().and_then(crate::meta::host_of);
            }
        }
        page
    }
}

enum Source {
    Plain(Box<dyn BufRead + Send>),
    /// `.warc.gz`: the raw (compressed) stream, read one gzip member at a time.
    Gzip(Box<dyn BufRead + Send>),
}

/// Streaming reader over the HTML records of a WARC file.
pub struct WarcReader {
    src: Source,
    path: PathBuf,
    limits: Limits,
    /// Offset in the raw file (gzip) or in the stream (plain) of the next record.
    offset: u64,
    /// Records decoded from the current gzip member not yet returned.
    pending: std::collections::VecDeque<Result<WarcPage, IngestError>>,
    done: bool,
}

impl WarcReader {
    /// Opens a `.warc` or `.warc.gz` file (gzip recognised by its magic number).
    pub fn open(path: &Path, limits: &Limits) -> Result<WarcReader, IngestError> {
        let io_err = |source| IngestError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io_err)?;
        let r = BufReader::with_capacity(256 << 10, file);
        WarcReader::from_reader(Box::new(r), path, limits).map_err(io_err)
    }

    /// Reads a WARC (plain, or gzipped with one member per record, recognised by its magic
    /// number) from any buffered reader; `path` is only used in error messages.
    pub fn from_reader(
        mut r: Box<dyn BufRead + Send>,
        path: &Path,
        limits: &Limits,
    ) -> io::Result<WarcReader> {
        let gz = crate::read::is_gzip(r.fill_buf()?);
        Ok(WarcReader {
            src: if gz {
                Source::Gzip(r)
            } else {
                Source::Plain(r)
            },
            path: path.to_path_buf(),
            limits: *limits,
            offset: 0,
            pending: Default::default(),
            done: false,
        })
    }

    fn err(&self, offset: u64, detail: impl Into<String>) -> IngestError {
        werr(&self.path, offset, detail)
    }

    /// Reads the next gzip member into memory (bounded) and parses the records in it.
    fn next_gzip_member(&mut self) -> Option<()> {
        let path = self.path.clone();
        let Source::Gzip(raw) = &mut self.src else {
            return None;
        };
        // Skip to the next gzip header (there is normally nothing to skip).
        let start = self.offset;
        let mut skipped = 0u64;
        loop {
            let buf = match raw.fill_buf() {
                Ok(b) => b,
                Err(e) => {
                    self.done = true;
                    let e = werr(&path, start, format!("read error: {e}"));
                    self.pending.push_back(Err(e));
                    return Some(());
                }
            };
            if buf.is_empty() {
                self.done = true;
                if skipped > 0 {
                    let e = werr(
                        &path,
                        start,
                        format!("{skipped} bytes of trailing data that is not gzip"),
                    );
                    self.pending.push_back(Err(e));
                    return Some(());
                }
                return None;
            }
            match buf.windows(3).position(|w| w == [0x1f, 0x8b, 0x08]) {
                Some(0) => break,
                Some(p) => {
                    raw.consume(p);
                    skipped += p as u64;
                }
                None => {
                    let keep = buf.len().min(2);
                    let n = buf.len() - keep;
                    if n == 0 {
                        // Fewer than 3 bytes left and no header: trailing garbage.
                        let l = buf.len();
                        raw.consume(l);
                        skipped += l as u64;
                    } else {
                        raw.consume(n);
                        skipped += n as u64;
                    }
                }
            }
        }
        self.offset += skipped;
        let member_offset = self.offset;
        let max = (self.limits.max_document_bytes as u64).saturating_add(64 * 1024);
        let counter = CountingReader {
            inner: raw,
            count: 0,
        };
        let mut dec = flate2::bufread::GzDecoder::new(counter);
        let mut out = Vec::new();
        let res = (&mut dec).take(max.saturating_add(1)).read_to_end(&mut out);
        let consumed = dec.get_ref().count;
        self.offset += consumed;
        match res {
            Ok(_) if out.len() as u64 > max => {
                // Oversized record: drain the rest of this member without keeping it.
                let drained = io::copy(&mut dec, &mut io::sink());
                self.offset = member_offset + dec.get_ref().count;
                let e = match drained {
                    Ok(_) => werr(
                        &path,
                        member_offset,
                        format!(
                            "record larger than the {} byte document limit; skipped",
                            self.limits.max_document_bytes
                        ),
                    ),
                    Err(e) => werr(&path, member_offset, format!("gzip member damaged: {e}")),
                };
                self.pending.push_back(Err(e));
            }
            Ok(_) => {
                if skipped > 0 {
                    let e = werr(
                        &path,
                        start,
                        format!("skipped {skipped} bytes of damaged data before the next record"),
                    );
                    self.pending.push_back(Err(e));
                }
                let mut cur = io::Cursor::new(&out[..]);
                let mut rec_off = 0u64;
                loop {
                    match read_record(&mut cur, usize::MAX) {
                        Ok(None) => break,
                        Ok(Some(rec)) => {
                            if let Some(p) = to_warc_page(rec, self.limits.max_document_bytes) {
                                self.pending
                                    .push_back(p.map_err(|d| werr(&path, member_offset, d)));
                            }
                        }
                        Err(d) => {
                            self.pending.push_back(Err(werr(&path, member_offset, d)));
                            break;
                        }
                    }
                    if cur.position() == rec_off {
                        break;
                    }
                    rec_off = cur.position();
                }
            }
            Err(e) => {
                let detail = if e.kind() == io::ErrorKind::UnexpectedEof {
                    "gzip member is truncated (file cut off inside this record)".to_string()
                } else {
                    format!("gzip member is damaged: {e}")
                };
                self.pending
                    .push_back(Err(werr(&path, member_offset, detail)));
                // Make progress past the bad header so that resynchronisation finds the next one.
                if consumed == 0 {
                    let Source::Gzip(raw) = &mut self.src else {
                        return None;
                    };
                    raw.consume(1);
                    self.offset += 1;
                }
            }
        }
        Some(())
    }

    fn next_plain(&mut self) -> Option<Result<WarcPage, IngestError>> {
        loop {
            let Source::Plain(r) = &mut self.src else {
                return None;
            };
            let start = self.offset;
            let mut counter = CountingReader { inner: r, count: 0 };
            let res = read_record(&mut counter, self.limits.max_document_bytes);
            self.offset += counter.count;
            match res {
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Ok(Some(rec)) => {
                    if let Some(p) = to_warc_page(rec, self.limits.max_document_bytes) {
                        return Some(p.map_err(|d| self.err(start, d)));
                    }
                }
                Err(d) => {
                    if d.starts_with(TRUNCATED) || d.starts_with(BAD_HEADER) {
                        // Cannot find the next record boundary reliably in a damaged plain
                        // WARC: resynchronise on the next "WARC/" line.
                        if !self.resync_plain() {
                            self.done = true;
                        }
                    }
                    return Some(Err(self.err(start, d)));
                }
            }
        }
    }

    /// Skips to the next line starting with `WARC/1.`; false at end of input.
    fn resync_plain(&mut self) -> bool {
        let Source::Plain(r) = &mut self.src else {
            return false;
        };
        loop {
            let buf = match r.fill_buf() {
                Ok(b) if !b.is_empty() => b,
                _ => return false,
            };
            if buf.starts_with(b"WARC/1.") {
                return true;
            }
            let n = buf
                .iter()
                .position(|&c| c == b'\n')
                .map_or(buf.len(), |p| p + 1);
            r.consume(n);
            self.offset += n as u64;
        }
    }
}

impl Iterator for WarcReader {
    type Item = Result<WarcPage, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(p) = self.pending.pop_front() {
                return Some(p);
            }
            if self.done {
                return None;
            }
            match self.src {
                Source::Plain(_) => return self.next_plain(),
                Source::Gzip(_) => {
                    self.next_gzip_member()?;
                }
            }
        }
    }
}

fn werr(path: &Path, offset: u64, detail: impl Into<String>) -> IngestError {
    IngestError::Warc {
        path: path.to_path_buf(),
        offset,
        detail: detail.into(),
    }
}

struct CountingReader<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

impl<R: BufRead> BufRead for CountingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.count += amt as u64;
        self.inner.consume(amt);
    }
}

struct Record {
    headers: Vec<(String, String)>,
    block: Vec<u8>,
}

impl Record {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

const TRUNCATED: &str = "truncated record";
const BAD_HEADER: &str = "malformed record header";

/// Reads one WARC record. `Ok(None)` at a clean end of input.
fn read_record<R: BufRead>(r: &mut R, max_block: usize) -> Result<Option<Record>, String> {
    // Version line (skipping blank lines between records).
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = crate::read::read_bounded_line(r, &mut line, 4096)
            .map_err(|e| format!("read error: {e}"))?;
        if n == 0 {
            return Ok(None);
        }
        if !line.iter().all(|c| c.is_ascii_whitespace()) {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        let shown = String::from_utf8_lossy(&line[..line.len().min(40)])
            .trim()
            .to_string();
        return Err(format!(
            "{BAD_HEADER}: expected a WARC/1.x version line, found {shown:?}"
        ));
    }
    let mut headers = Vec::new();
    loop {
        line.clear();
        let n = crate::read::read_bounded_line(r, &mut line, 64 * 1024)
            .map_err(|e| format!("read error: {e}"))?;
        if n == 0 {
            return Err(format!("{TRUNCATED}: input ends inside the record header"));
        }
        let l = String::from_utf8_lossy(&line);
        let l = l.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
        if headers.len() > 500 {
            return Err(format!("{BAD_HEADER}: too many header lines"));
        }
    }
    let len: u64 = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse().ok())
        .ok_or_else(|| format!("{BAD_HEADER}: no valid Content-Length"))?;
    if len > max_block as u64 {
        // Skip the block without keeping it.
        let skipped =
            io::copy(&mut r.take(len), &mut io::sink()).map_err(|e| format!("read error: {e}"))?;
        if skipped < len {
            return Err(format!(
                "{TRUNCATED}: input ends {} bytes into a {len} byte record",
                skipped
            ));
        }
        return Err(format!(
            "record of {len} bytes is over the {max_block} byte document limit; skipped"
        ));
    }
    let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
    r.take(len)
        .read_to_end(&mut block)
        .map_err(|e| format!("read error: {e}"))?;
    if (block.len() as u64) < len {
        return Err(format!(
            "{TRUNCATED}: input ends {} bytes into a {len} byte record",
            block.len()
        ));
    }
    Ok(Some(Record { headers, block }))
}

/// `None` for records that are not HTML pages; `Some(Err)` for HTML records that cannot be
/// decoded.
fn to_warc_page(rec: Record, max: usize) -> Option<Result<WarcPage, String>> {
    let wtype = rec.header("WARC-Type").unwrap_or("").to_ascii_lowercase();
    let record_id = rec
        .header("WARC-Record-ID")
        .map(|s| {
            s.trim_matches(['<', '>'])
                .trim_start_matches("urn:uuid:")
                .to_string()
        })
        .unwrap_or_default();
    let target_uri = rec
        .header("WARC-Target-URI")
        .map(|s| s.trim_matches(['<', '>']).to_string());
    let capture_date = rec.header("WARC-Date").and_then(crate::normalize_date);
    let record_id = if record_id.is_empty() {
        target_uri.clone().unwrap_or_default()
    } else {
        record_id
    };
    match wtype.as_str() {
        "response" => {
            let ct = rec
                .header("Content-Type")
                .unwrap_or("")
                .to_ascii_lowercase();
            if !ct.is_empty() && !ct.contains("application/http") {
                return None;
            }
            let (status, headers, body) = match split_http(&rec.block) {
                Some(x) => x,
                None => {
                    return Some(Err(
                        "response record without a valid HTTP header".to_string()
                    ))
                }
            };
            if !(200..300).contains(&status) {
                return None;
            }
            let hv = |name: &str| {
                headers
                    .iter()
                    .rev()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.to_ascii_lowercase())
            };
            let ctype = hv("content-type").unwrap_or_default();
            let looks_html = if ctype.is_empty() {
                sniff_html(body)
            } else {
                ctype.contains("html")
            };
            if !looks_html {
                return None;
            }
            let mut bytes = body.to_vec();
            if hv("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
                if let Some(d) = dechunk(&bytes) {
                    bytes = d;
                }
            }
            match hv("content-encoding").as_deref().map(str::trim) {
                None | Some("") | Some("identity") => {}
                Some("gzip") | Some("x-gzip") => {
                    // Some archivers store the decoded body but keep the header: only
                    // decompress what is really gzip.
                    if crate::read::is_gzip(&bytes) {
                        match crate::read::gunzip(&bytes, max, Path::new("")) {
                            Ok(d) => bytes = d,
                            Err(e) => {
                                return Some(Err(format!(
                                    "HTTP body: {}",
                                    e.to_string().trim_start_matches(": ")
                                )))
                            }
                        }
                    }
                }
                Some("deflate") => {
                    let mut out = Vec::new();
                    let ok = flate2::read::ZlibDecoder::new(&bytes[..])
                        .take((max as u64).saturating_add(1))
                        .read_to_end(&mut out)
                        .is_ok()
                        || {
                            out.clear();
                            flate2::read::DeflateDecoder::new(&bytes[..])
                                .take((max as u64).saturating_add(1))
                                .read_to_end(&mut out)
                                .is_ok()
                        };
                    if !ok || out.len() > max {
                        return Some(Err(
                            "HTTP body: damaged or oversized deflate data".to_string()
                        ));
                    }
                    bytes = out;
                }
                Some(other) => {
                    if !sniff_html(&bytes) {
                        return Some(Err(format!(
                            "HTTP body uses unsupported content-encoding {other:?}"
                        )));
                    }
                }
            }
            let charset = ctype.split(';').find_map(|p| {
                p.trim()
                    .strip_prefix("charset=")
                    .map(|c| c.trim_matches(['"', '\'']).to_string())
            });
            Some(Ok(WarcPage {
                record_id,
                target_uri,
                capture_date,
                status,
                html: bytes,
                charset,
            }))
        }
        "resource" => {
            let ct = rec
                .header("Content-Type")
                .unwrap_or("")
                .to_ascii_lowercase();
            if !(ct.contains("html") || (ct.is_empty() && sniff_html(&rec.block))) {
                return None;
            }
            let charset = ct
                .split(';')
                .find_map(|p| p.trim().strip_prefix("charset=").map(str::to_string));
            Some(Ok(WarcPage {
                record_id,
                target_uri,
                capture_date,
                status: 200,
                html: rec.block,
                charset,
            }))
        }
        _ => None,
    }
}

fn sniff_html(b: &[u8]) -> bool {
    let head = &b[..b.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    crate::read::find(&lower, b"<html").is_some()
        || crate::read::find(&lower, b"<!doctype html").is_some()
}

type Headers = Vec<(String, String)>;

/// Splits an HTTP response into status, headers and body.
fn split_http(block: &[u8]) -> Option<(u16, Headers, &[u8])> {
    let end = crate::read::find(block, b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| crate::read::find(block, b"\n\n").map(|p| (p, p + 2)))?;
    let head = String::from_utf8_lossy(&block[..end.0]);
    let mut lines = head.lines();
    let status_line = lines.next()?;
    if !status_line.starts_with("HTTP/") {
        return None;
    }
    let status: u16 = status_line.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some((status, headers, &block[end.1..]))
}

/// Decodes HTTP chunked transfer encoding; `None` if the data is not validly chunked.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl = b.iter().position(|&c| c == b'\n')?;
        let size_str = std::str::from_utf8(&b[..nl]).ok()?.trim();
        let size_str = size_str.split(';').next()?.trim();
        let size = usize::from_str_radix(size_str, 16).ok()?;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(out);
        }
        if b.len() < size {
            // Truncated final chunk: keep what is there.
            out.extend_from_slice(b);
            return Some(out);
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size..];
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
        if b.is_empty() {
            return Some(out);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn record(wtype: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Record-ID: <urn:uuid:{uri}-id>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-11T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    pub(crate) fn http(body: &str, extra: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{extra}\r\n{body}")
            .into_bytes()
    }

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    const PAGE: &str = "<html><head><title>Talks in Vienna</title></head><body><article><p>Diplomats from both countries met in Vienna on Monday to resume talks on the nuclear programme, officials said.</p></article></body></html>";

    fn sample_records() -> Vec<Vec<u8>> {
        vec![
            b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n".to_vec(),
            record("response", "https://ex.com/a", &http(PAGE, "")),
            record(
                "response",
                "https://ex.com/img",
                b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
            ),
            record(
                "response",
                "https://ex.com/moved",
                b"HTTP/1.1 301 Moved\r\nLocation: /a\r\n\r\n",
            ),
            record(
                "response",
                "https://ex.com/c",
                &http(
                    "4\r\n<htm\r\n5\r\nl><p>\r\n0\r\n\r\n",
                    "Transfer-Encoding: chunked\r\n",
                ),
            ),
        ]
    }

    fn write_tmp(name: &str, data: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("dyad-ingest-warc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, data).unwrap();
        p
    }

    #[test]
    fn plain_and_gzip_warc() {
        let recs = sample_records();
        let plain: Vec<u8> = recs.concat();
        let gzipped: Vec<u8> = recs.iter().flat_map(|r| gz(r)).collect();
        for (name, data) in [("a.warc", plain), ("a.warc.gz", gzipped)] {
            let p = write_tmp(name, &data);
            let got: Vec<_> = WarcReader::open(&p, &Limits::default()).unwrap().collect();
            assert_eq!(got.len(), 2, "{name}: {got:?}");
            let a = got[0].as_ref().unwrap();
            assert_eq!(a.target_uri.as_deref(), Some("https://ex.com/a"));
            assert_eq!(a.record_id, "https://ex.com/a-id");
            assert_eq!(a.capture_date.as_deref(), Some("2024-03-11"));
            let page = a.to_page();
            assert!(
                page.body.contains("Diplomats from both countries"),
                "{:?}",
                page.body
            );
            assert_eq!(page.url.as_deref(), Some("https://ex.com/a"));
            assert_eq!(got[1].as_ref().unwrap().html, b"<html><p>");
        }
    }

    #[test]
    fn truncated_records_are_errors_and_reading_continues() {
        let recs = sample_records();
        // gzip: the second member cut in half, then the rest.
        let mut data = Vec::new();
        for (i, r) in recs.iter().enumerate() {
            let g = gz(r);
            if i == 1 {
                data.extend_from_slice(&g[..g.len() / 2]);
            } else {
                data.extend_from_slice(&g);
            }
        }
        let p = write_tmp("t.warc.gz", &data);
        let got: Vec<_> = WarcReader::open(&p, &Limits::default()).unwrap().collect();
        assert!(got.iter().any(|r| r.is_err()), "{got:?}");
        assert!(
            got.iter().any(|r| r
                .as_ref()
                .is_ok_and(|w| w.target_uri.as_deref() == Some("https://ex.com/c"))),
            "{got:?}"
        );

        // plain: file cut inside the last record.
        let plain = recs.concat();
        let cut = &plain[..plain.len() - 20];
        let p = write_tmp("t.warc", cut);
        let got: Vec<_> = WarcReader::open(&p, &Limits::default()).unwrap().collect();
        assert!(got[0].is_ok());
        let e = got.last().unwrap().as_ref().unwrap_err().to_string();
        assert!(e.contains("truncated record"), "{e}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let p = write_tmp("g.warc", b"\x00\x01garbage\nmore garbage\n");
        let got: Vec<_> = WarcReader::open(&p, &Limits::default()).unwrap().collect();
        assert!(!got.is_empty() && got[0].is_err());
        let p = write_tmp(
            "g.warc.gz",
            &[0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3],
        );
        let got: Vec<_> = WarcReader::open(&p, &Limits::default()).unwrap().collect();
        assert!(!got.is_empty() && got.iter().all(|r| r.is_err()));
    }
}
