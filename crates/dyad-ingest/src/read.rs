//! Reading files with size limits, transparent gunzip and charset decoding.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use crate::error::IngestError;

/// Size limits applied while reading input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted as stored on disk (compressed size for `.gz`), and the
    /// largest single record/line accepted by the streaming readers (JSONL, WARC).
    /// Default 20 MiB.
    pub max_document_bytes: usize,
    /// Largest decompressed size accepted by [`read_file`] for a gzip file.
    /// Default 200 MiB.
    pub max_decompressed_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_document_bytes: 20 << 20,
            max_decompressed_bytes: 200 << 20,
        }
    }
}

/// True when the bytes start with the gzip magic number.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.len() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b
}

/// Reads a whole file into memory.
///
/// Gzip data (recognised by its magic number, whatever the file is called; several
/// concatenated gzip members are read as one stream) is decompressed transparently.
/// The file may be at most `limits.max_document_bytes` on disk and, when gzipped, at
/// most `limits.max_decompressed_bytes` once decompressed; memory use is bounded by
/// those limits, so a gzip bomb stops with [`IngestError::DecompressedTooLarge`].
/// A cut-off gzip file gives [`IngestError::TruncatedGzip`].
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, IngestError> {
    let io_err = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    if let Ok(meta) = file.metadata() {
        if meta.is_file() && meta.len() > limits.max_document_bytes as u64 {
            return Err(IngestError::TooLarge {
                path: path.to_path_buf(),
                size: meta.len(),
                limit: limits.max_document_bytes,
            });
        }
    }
    // `take` also bounds reads from special files whose size is not known up front.
    let mut raw = Vec::new();
    file.take((limits.max_document_bytes as u64).saturating_add(1))
        .read_to_end(&mut raw)
        .map_err(io_err)?;
    if raw.len() > limits.max_document_bytes {
        return Err(IngestError::TooLarge {
            path: path.to_path_buf(),
            size: raw.len() as u64,
            limit: limits.max_document_bytes,
        });
    }
    if is_gzip(&raw) {
        gunzip(&raw, limits.max_decompressed_bytes, path)
    } else {
        Ok(raw)
    }
}

/// Decompresses gzip data held in memory (all members), stopping with an error once the
/// output would exceed `max_out` bytes. `path` is only used in error messages.
pub fn gunzip(data: &[u8], max_out: usize, path: &Path) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::with_capacity(
        (data.len() * 4)
            .min(max_out.saturating_add(1))
            .min(64 << 20),
    );
    let dec = flate2::read::MultiGzDecoder::new(data);
    match dec
        .take((max_out as u64).saturating_add(1))
        .read_to_end(&mut out)
    {
        Ok(_) if out.len() > max_out => Err(IngestError::DecompressedTooLarge {
            path: path.to_path_buf(),
            limit: max_out,
        }),
        Ok(_) => Ok(out),
        Err(e) => Err(gzip_error(e, path)),
    }
}

/// Maps an I/O error raised while decompressing to the matching [`IngestError`].
pub(crate) fn gzip_error(e: io::Error, path: &Path) -> IngestError {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        IngestError::TruncatedGzip {
            path: path.to_path_buf(),
        }
    } else if e.kind() == io::ErrorKind::InvalidInput || e.kind() == io::ErrorKind::InvalidData {
        IngestError::CorruptGzip {
            path: path.to_path_buf(),
            detail: e.to_string(),
        }
    } else {
        IngestError::Io {
            path: path.to_path_buf(),
            source: e,
        }
    }
}

/// Opens a file for streaming, decompressing gzip on the fly (recognised by magic number).
/// Used by the line/record readers, which bound each record rather than the whole stream.
pub fn open_stream(path: &Path) -> Result<Box<dyn BufRead + Send>, IngestError> {
    let io_err = |source| IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    let mut reader = BufReader::with_capacity(64 << 10, file);
    let head = reader.fill_buf().map_err(io_err)?;
    if is_gzip(head) {
        Ok(Box::new(BufReader::with_capacity(
            64 << 10,
            flate2::bufread::MultiGzDecoder::new(reader),
        )))
    } else {
        Ok(Box::new(reader))
    }
}

/// Reads one line (up to and including `\n`) into `buf`, reading at most `max + 1` bytes of
/// it. Returns the number of bytes of the line (which may exceed `max`: the rest of an
/// overlong line is consumed and discarded, so memory stays bounded). 0 means end of input.
pub(crate) fn read_bounded_line<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<usize> {
    buf.clear();
    let mut total = 0usize;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(total);
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let room = max.saturating_add(1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..take.min(room)]);
        total += take;
        r.consume(take);
        if done {
            return Ok(total);
        }
    }
}

/// Decodes HTML bytes to text.
///
/// Order: byte-order mark, then a charset declared in `<meta charset>` /
/// `<meta http-equiv="Content-Type">` within the first 4 KiB, then UTF-8. Undeclared bytes
/// that are not valid UTF-8 are read as UTF-8 with replacement characters, unless valid
/// multi-byte UTF-8 characters are (nearly) absent, in which case the page is read as
/// Windows-1252 (the usual legacy encoding of undeclared Western pages). Never fails.
pub fn decode_html(bytes: &[u8]) -> String {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc.decode(bytes).0.into_owned();
    }
    if let Some(enc) = sniff_meta_charset(&bytes[..bytes.len().min(4096)]) {
        // A page cannot really declare UTF-16 in an ASCII meta tag; treat as UTF-8 (HTML spec).
        if enc != encoding_rs::UTF_16LE && enc != encoding_rs::UTF_16BE && enc != encoding_rs::UTF_8
        {
            return enc.decode_without_bom_handling(bytes).0.into_owned();
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => decode_undeclared(bytes),
    }
}

fn decode_undeclared(bytes: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
    let good = lossy
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
        .count();
    // A UTF-8 page with a few damaged bytes still has valid multi-byte characters; a
    // legacy 8-bit page has (almost) none.
    if good > 0 && good * 10 >= bad {
        lossy.into_owned()
    } else {
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    }
}

/// Finds `charset=...` in a meta tag of the document head (ASCII-case-insensitive).
fn sniff_meta_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut pos = 0;
    while let Some(i) = find(&lower[pos..], b"<meta") {
        let start = pos + i;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let mut rest = &tag[c + 7..];
            while let [b' ' | b'\t' | b'\n' | b'\r', tail @ ..] = rest {
                rest = tail;
            }
            if let [b'=', tail @ ..] = rest {
                rest = tail;
                while let [b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'', tail @ ..] = rest {
                    rest = tail;
                }
                let label_end = rest
                    .iter()
                    .position(|&b| {
                        matches!(
                            b,
                            b'"' | b'\'' | b';' | b' ' | b'/' | b'>' | b'\t' | b'\n' | b'\r'
                        )
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = encoding_rs::Encoding::for_label(&rest[..label_end]) {
                    return Some(enc);
                }
            }
        }
        pos = end.max(start + 5);
        if pos >= lower.len() {
            break;
        }
    }
    None
}

pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    memchr::memmem::find(hay, needle)
}
