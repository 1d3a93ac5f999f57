//! Error type for everything that reads outside input.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem with one input (a file, a line of a file, a record of an archive).
///
/// Every variant names the source (normally a file path) so that a message can be
/// printed as is. Bad input never panics; it ends up in one of these.
#[derive(Debug)]
pub enum IngestError {
    /// The file could not be opened or read.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file (as stored on disk, before decompression) is larger than the limit.
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: usize,
    },
    /// Decompressing the file produced more than the limit (a gzip bomb, or simply too big).
    DecompressedTooLarge { path: PathBuf, limit: usize },
    /// The gzip stream ends before its end-of-stream marker (a cut-off download or copy).
    TruncatedGzip { path: PathBuf },
    /// The gzip stream is damaged (bad header, bad checksum, invalid deflate data).
    CorruptGzip { path: PathBuf, detail: String },
    /// One line of a JSONL file could not be used; the other lines are unaffected.
    JsonLine {
        path: PathBuf,
        line: usize,
        detail: String,
    },
    /// One item of an RSS/Atom feed, or the feed as a whole, could not be read.
    Feed { path: PathBuf, detail: String },
    /// One record of a WARC file could not be read; `offset` is the byte offset of the
    /// record in the (decompressed) stream, or of the gzip member in a `.warc.gz`.
    Warc {
        path: PathBuf,
        offset: u64,
        detail: String,
    },
}

impl IngestError {
    /// The file this error is about.
    pub fn path(&self) -> &Path {
        match self {
            IngestError::Io { path, .. }
            | IngestError::TooLarge { path, .. }
            | IngestError::DecompressedTooLarge { path, .. }
            | IngestError::TruncatedGzip { path }
            | IngestError::CorruptGzip { path, .. }
            | IngestError::JsonLine { path, .. }
            | IngestError::Feed { path, .. }
            | IngestError::Warc { path, .. } => path,
        }
    }
}

fn mib(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1u64 << 20) as f64)
    } else {
        format!("{n} bytes")
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IngestError::Io { path, source } => write!(f, "{}: cannot read: {source}", path.display()),
            IngestError::TooLarge { path, size, limit } => write!(
                f,
                "{}: file is {} which is over the {} document limit; skipped",
                path.display(),
                mib(*size),
                mib(*limit as u64)
            ),
            IngestError::DecompressedTooLarge { path, limit } => write!(
                f,
                "{}: decompresses to more than {} (limit; a gzip bomb or an oversized document); skipped",
                path.display(),
                mib(*limit as u64)
            ),
            IngestError::TruncatedGzip { path } => write!(
                f,
                "{}: gzip data is truncated (the file ends before the end of the compressed stream)",
                path.display()
            ),
            IngestError::CorruptGzip { path, detail } => {
                write!(f, "{}: gzip data is corrupt: {detail}", path.display())
            }
            IngestError::JsonLine { path, line, detail } => {
                write!(f, "{}:{line}: {detail}", path.display())
            }
            IngestError::Feed { path, detail } => write!(f, "{}: feed: {detail}", path.display()),
            IngestError::Warc { path, offset, detail } => {
                write!(f, "{}: WARC record at byte {offset}: {detail}", path.display())
            }
        }
    }
}

impl std::error::Error for IngestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IngestError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
