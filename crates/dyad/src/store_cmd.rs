//! `dyad ingest`, `dyad query` and `dyad export`: reading real inputs into the event store
//! and getting events back out.
//!
//! Exit status of `dyad ingest`: 0 when every input was read (duplicates and documents with
//! no text are not errors), 1 when anything was skipped because of an error (unreadable,
//! binary or oversized file, invalid UTF-8, malformed JSONL line, bad feed item, truncated
//! gzip or WARC record, gzip bomb) or the store failed. The other documents are stored
//! either way, and what was stored before is never lost.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Args, ValueEnum};
use dyad_core::dates::Date;
use dyad_core::{Coder, Document};
use dyad_ingest::{IngestError, Limits, Page};
use dyad_store::export::{EventWriter, Format};
use dyad_store::parquet_out::ParquetWriter;
use dyad_store::query::Order;
use dyad_store::{content_hash, Added, Filter, NewDocument, Store};

#[derive(Args)]
#[command(after_help = "\
Each document is extracted (HTML), coded, and stored with all its events atomically; the same \
text read again, from any file, is counted as a duplicate and not coded twice, so an interrupted \
run is resumed by running it again. Reports of the same event (same type, source codes and target \
codes, dates within --window-days) are linked into clusters.

Bad input (unreadable or binary file, invalid UTF-8, malformed JSONL line, bad feed item, truncated \
gzip or WARC record, oversized document, gzip bomb) is reported with the file (and line or record) \
and skipped; the rest is read.

Exit status: 0 when every input was read (duplicates and documents without text are not errors); \
1 when anything was skipped for an error or the store failed. What was stored is kept either way.")]
pub struct IngestArgs {
    /// Files or directories (read recursively) of .txt, .html/.htm, .jsonl, .xml/.rss/.atom
    /// feeds and .warc archives, each optionally gzipped (.gz).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The store (SQLite file), created if missing.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Publication date (YYYY-MM-DD) for documents that carry none.
    #[arg(long)]
    date: Option<String>,
    /// Largest file (as stored, compressed size for .gz) and largest JSONL line or WARC record, in bytes.
    #[arg(long, default_value_t = Limits::default().max_document_bytes)]
    max_doc_bytes: usize,
    /// Largest decompressed size of a gzipped file, in bytes (guards against gzip bombs).
    #[arg(long, default_value_t = Limits::default().max_decompressed_bytes)]
    max_decompressed_bytes: usize,
    /// Reports of the same event join one cluster when their dates are at most this many days apart.
    #[arg(long, default_value_t = dyad_store::DEFAULT_WINDOW_DAYS)]
    window_days: i64,
    /// Documents committed together (each document is always whole: a crash loses at most the
    /// uncommitted documents, which the next run reads again); 1 commits every document alone.
    /// A batch is also committed after one second.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    batch: u64,
    /// Threads coding documents (storing is one thread, in input order, so the store is the
    /// same whatever the number). Default: the number of cores, at most 8.
    #[arg(long, short)]
    jobs: Option<usize>,
    /// No progress lines (errors and the summary are still printed).
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
pub enum QueryFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Args)]
pub struct QueryArgs {
    /// The store to read.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Events with this actor code among their sources (USA, IRN, UNO, ...).
    #[arg(long)]
    source: Option<String>,
    /// Events with this actor code among their targets.
    #[arg(long)]
    target: Option<String>,
    /// PLOVER event type (ACCUSE, ASSAULT, ...) or a CAMEO code prefix (19, 0231).
    #[arg(long)]
    event: Option<String>,
    /// Event date on or after (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long)]
    from: Option<String>,
    /// Event date on or before (YYYY-MM-DD, YYYY-MM or YYYY: the whole month or year).
    #[arg(long)]
    to: Option<String>,
    /// Words that must all occur in the event's document (full-text search).
    #[arg(long)]
    text: Option<String>,
    /// The member events of this cluster (reports of the same event across articles).
    #[arg(long)]
    cluster: Option<i64>,
    /// One event per cluster (its first report) rather than every mention.
    #[arg(long)]
    one_per_cluster: bool,
    /// Output format; default: table on a terminal, jsonl otherwise.
    #[arg(long, value_enum)]
    format: Option<QueryFormat>,
    /// At most N events.
    #[arg(long)]
    limit: Option<u64>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
pub enum ExportFormat {
    /// PLOVER JSON, one event per line, with its document (id, url, outlet) and cluster.
    Jsonl,
    /// One row per event, header first.
    Csv,
    /// GDELT 2.0 event table layout: 61 tab-separated columns, no header; NumMentions,
    /// NumSources and NumArticles from the event's cluster; geo fields and AvgTone empty.
    Gdelt,
    /// Parquet (needs --out): the CSV columns typed, dates as DATE, actors and attribution as JSON.
    Parquet,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The store to read.
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Output file; default standard output.
    #[arg(long)]
    out: Option<PathBuf>,
    /// One row per cluster (its first report) rather than one per event mention.
    #[arg(long)]
    one_per_cluster: bool,
}

// ---------------------------------------------------------------------------
// ingest
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Text,
    Html,
    Jsonl,
    Feed,
    Warc,
}

/// The kind of input from the file name (a trailing `.gz` is ignored).
fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.').map(|(_, e)| e)?;
    Some(match ext {
        "txt" | "text" => Kind::Text,
        "html" | "htm" | "xhtml" => Kind::Html,
        "jsonl" | "ndjson" => Kind::Jsonl,
        "xml" | "rss" | "atom" => Kind::Feed,
        "warc" => Kind::Warc,
        _ => return None,
    })
}

/// File name without `.gz` and the format extension.
fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let mut end = name.len();
    if lower.ends_with(".gz") {
        end -= 3;
    }
    if kind_of(path).is_some() {
        if let Some(dot) = lower[..end].rfind('.') {
            end = dot;
        }
    }
    name[..end].to_string()
}

/// Input files in a stable order: directories recursively (sorted, only known kinds,
/// symbolic links to directories not followed), files named on the command line as given.
fn collect(
    paths: &[PathBuf],
    files: &mut Vec<(PathBuf, Kind)>,
    ignored: &mut usize,
    errors: &mut Vec<String>,
) {
    fn walk(
        dir: &Path,
        files: &mut Vec<(PathBuf, Kind)>,
        ignored: &mut usize,
        errors: &mut Vec<String>,
    ) {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                errors.push(format!("{}: cannot read directory: {e}", dir.display()));
                return;
            }
        };
        entries.sort();
        for p in entries {
            let Ok(meta) = std::fs::symlink_metadata(&p) else {
                continue;
            };
            if meta.is_dir() {
                walk(&p, files, ignored, errors);
            } else if let Some(k) = kind_of(&p) {
                // follows a symbolic link to a file; one to a directory is not walked
                match std::fs::metadata(&p) {
                    Ok(m) if m.is_file() => files.push((p, k)),
                    Ok(_) => *ignored += 1,
                    Err(e) => errors.push(format!("{}: cannot read: {e}", p.display())),
                }
            } else {
                *ignored += 1;
            }
        }
    }
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, files, ignored, errors),
            Ok(_) => files.push((p.clone(), kind_of(p).unwrap_or(Kind::Text))),
            Err(e) => errors.push(format!("{}: cannot read: {e}", p.display())),
        }
    }
}

/// Why an input was skipped, for the summary.
fn reason(e: &IngestError) -> &'static str {
    match e {
        IngestError::Io { .. } => "unreadable file",
        IngestError::TooLarge { .. } => "oversized document",
        IngestError::DecompressedTooLarge { .. } => "decompressed size over the limit (gzip bomb?)",
        IngestError::TruncatedGzip { .. } => "truncated gzip",
        IngestError::CorruptGzip { .. } => "corrupt gzip",
        IngestError::JsonLine { .. } => "malformed JSONL line",
        IngestError::Feed { .. } => "bad feed",
        IngestError::Warc { .. } => "bad WARC record",
    }
}

struct Ingest<'a> {
    store: Store,
    coder: &'a Coder,
    default_date: Option<Date>,
    limits: Limits,
    progress: Progress,
    read: u64,
    new: u64,
    duplicates: u64,
    events: u64,
    /// Skipped without error (no text).
    empty: u64,
    /// reason -> count, for skips caused by errors.
    errors: BTreeMap<&'static str, u64>,
    t_code: Duration,
    t_store: Duration,
    fatal: Option<String>,
    batch: u64,
    /// Documents stored in the open batch, and when it began.
    in_batch: u64,
    batch_start: Instant,
    /// New documents and their events in the open batch (uncounted if the batch fails).
    batch_new: u64,
    batch_events: u64,
    /// Threads coding documents.
    jobs: usize,
    /// New documents waiting to be coded and stored, in input order.
    pending: Vec<Pending>,
}

struct Pending {
    page: Page,
    source: String,
    doc: Document,
    hash: String,
}

struct Progress {
    quiet: bool,
    tty: bool,
    start: Instant,
    last_tty: Instant,
    drawn: bool,
    /// `done` at the last plain progress line.
    last_line: u64,
}

impl Progress {
    /// `done`: documents dealt with (stored, duplicate or skipped).
    fn tick(&mut self, done: u64, new: u64, dup: u64, skipped: u64, events: u64) {
        if self.quiet {
            return;
        }
        let rate = done as f64 / self.start.elapsed().as_secs_f64().max(1e-9);
        let line = format!("dyad ingest: {done} documents ({new} new, {dup} duplicates, {skipped} skipped), {events} events, {rate:.0} documents/s");
        if self.tty {
            if self.last_tty.elapsed() >= Duration::from_millis(100) {
                self.last_tty = Instant::now();
                eprint!("\r{line}\x1b[K");
                self.drawn = true;
            }
        } else if done / 100 > self.last_line / 100 {
            self.last_line = done;
            eprintln!("{line}");
        }
    }

    /// Ends the `\r` line before other output.
    fn clear(&mut self) {
        if self.drawn {
            eprint!("\r\x1b[K");
            self.drawn = false;
        }
    }
}

impl Ingest<'_> {
    fn commit(&mut self) -> Result<(), dyad_store::Error> {
        self.store.commit_batch()?;
        self.in_batch = 0;
        self.batch_new = 0;
        self.batch_events = 0;
        Ok(())
    }

    fn error(&mut self, e: &IngestError) {
        self.error_msg(reason(e), &e.to_string());
    }

    fn error_msg(&mut self, reason: &'static str, msg: &str) {
        self.progress.clear();
        eprintln!("dyad ingest: skipped: {msg}");
        *self.errors.entry(reason).or_default() += 1;
    }

    fn skipped(&self) -> u64 {
        self.empty + self.errors.values().sum::<u64>()
    }

    fn tick(&mut self) {
        let s = self.skipped();
        self.progress.tick(
            self.new + self.duplicates + s,
            self.new,
            self.duplicates,
            s,
            self.events,
        );
    }

    /// Takes one document: duplicates are counted here (before any coding); new ones wait in
    /// `pending` to be coded (in parallel with `--jobs`) and stored in input order.
    fn page(&mut self, page: Page, source: &str) {
        if self.fatal.is_some() {
            return;
        }
        self.read += 1;
        if page.body.trim().is_empty() {
            self.empty += 1;
            self.tick();
            return;
        }
        let text = dyad_core::text::normalize(&page.body);
        let hash = content_hash(&text);
        let pending_dup = self.pending.iter().any(|p| p.hash == hash);
        match self.store.find_hash(&hash) {
            Ok(Some(_)) => {}
            Ok(None) if !pending_dup => {
                let date = page
                    .published
                    .as_deref()
                    .and_then(Date::parse)
                    .or(self.default_date);
                let doc = Document {
                    id: page.id.clone(),
                    text,
                    date,
                    outlet: page.outlet.clone(),
                    url: page.url.clone(),
                };
                self.pending.push(Pending {
                    page,
                    source: source.to_string(),
                    doc,
                    hash,
                });
                if self.pending.len() >= self.jobs * 16 {
                    self.flush();
                }
                return;
            }
            Ok(None) => {}
            Err(e) => {
                self.fatal = Some(format!("{source}: {e}"));
                return;
            }
        }
        self.duplicates += 1;
        self.tick();
    }

    /// Codes the pending documents, on `jobs` threads, and stores them in input order.
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        if pending.is_empty() || self.fatal.is_some() {
            return;
        }
        let t0 = Instant::now();
        let coder = self.coder;
        let code = |p: &Pending| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| coder.code_normalized(&p.doc, p.page.language.as_deref(), false)))
                .ok()
        };
        let outs: Vec<Option<dyad_core::record::DocOut>> =
            dyad_core::par::par_map(&pending, self.jobs, code);
        self.t_code += t0.elapsed();
        for (p, out) in pending.iter().zip(outs) {
            match out {
                Some(out) => self.store_one(p, &out),
                None => {
                    let msg = format!(
                        "{}: internal error while coding document {:?}",
                        p.source, p.page.id
                    );
                    self.error_msg("internal error while coding", &msg);
                    self.tick();
                }
            }
            if self.fatal.is_some() {
                return;
            }
        }
    }

    fn store_one(&mut self, p: &Pending, out: &dyad_core::record::DocOut) {
        let published = p.doc.date.map(|d| d.to_string());
        let nd = NewDocument {
            doc_key: &p.page.id,
            source: &p.source,
            url: p.page.url.as_deref(),
            outlet: p.page.outlet.as_deref(),
            published: published.as_deref(),
            language: p.page.language.as_deref().or(out.language.as_deref()),
            title: p.page.title.as_deref(),
            text: &p.doc.text,
            hash: &p.hash,
        };
        let t1 = Instant::now();
        if self.in_batch == 0 && self.batch > 1 {
            if let Err(e) = self.store.begin_batch() {
                self.fatal = Some(format!("{}: {e}", p.source));
                return;
            }
            self.batch_start = t1;
        }
        let res = self.store.add_document(&nd, &out.events);
        self.t_store += t1.elapsed();
        match res {
            Ok(Added::New { events, .. }) => {
                self.new += 1;
                self.events += events as u64;
                self.batch_new += 1;
                self.batch_events += events as u64;
            }
            Ok(Added::Duplicate { .. }) => self.duplicates += 1,
            Err(e) => {
                self.abandon_batch();
                self.fatal = Some(format!("{}: {e}", p.source));
                return;
            }
        }
        self.in_batch += 1;
        if self.in_batch >= self.batch || self.batch_start.elapsed() >= Duration::from_secs(1) {
            let t = Instant::now();
            let res = self.commit();
            self.t_store += t.elapsed();
            if let Err(e) = res {
                self.abandon_batch();
                self.fatal = Some(format!("{}: {e}", p.source));
                return;
            }
        }
        self.tick();
    }

    /// After a store error the open batch is gone: its documents are not stored.
    fn abandon_batch(&mut self) {
        let _ = self.store.rollback_batch();
        if self.batch_new > 0 {
            self.progress.clear();
            eprintln!("dyad ingest: the last {} new document(s) were not stored (store error); run again to add them", self.batch_new);
        }
        self.new -= self.batch_new;
        self.events -= self.batch_events;
        self.batch_new = 0;
        self.batch_events = 0;
        self.in_batch = 0;
    }

    fn file(&mut self, path: &Path, kind: Kind) {
        let shown = path.display().to_string();
        match kind {
            Kind::Text | Kind::Html => {
                let bytes = match dyad_ingest::read_file(path, &self.limits) {
                    Ok(b) => b,
                    Err(e) => return self.error(&e),
                };
                let head = &bytes[..bytes.len().min(8192)];
                let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
                if head.contains(&0) && !(kind == Kind::Html && utf16) {
                    return self.error_msg(
                        "binary file",
                        &format!("{shown}: binary file (contains NUL bytes), not text"),
                    );
                }
                let page =
                    if kind == Kind::Html {
                        dyad_ingest::extract_html_bytes(&file_id(path), &bytes)
                    } else {
                        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                        match std::str::from_utf8(bytes) {
                            Ok(s) => Page {
                                id: file_id(path),
                                body: s.to_string(),
                                ..Page::default()
                            },
                            Err(e) => return self.error_msg(
                                "invalid UTF-8",
                                &format!(
                                    "{shown}: invalid UTF-8 at byte {} (text files must be UTF-8)",
                                    e.valid_up_to()
                                ),
                            ),
                        }
                    };
                self.page(page, &shown);
            }
            Kind::Jsonl => {
                let reader = match dyad_ingest::jsonl::read_jsonl(path, &self.limits) {
                    Ok(r) => r,
                    Err(e) => return self.error(&e),
                };
                for item in reader {
                    match item {
                        Ok(page) => {
                            let src = format!("{shown}#{}", page.id);
                            self.page(page, &src);
                        }
                        Err(e) => self.error(&e),
                    }
                    if self.fatal.is_some() {
                        return;
                    }
                }
            }
            Kind::Feed => {
                let feed = match dyad_ingest::feed::read_feed(path, &self.limits) {
                    Ok(f) => f,
                    Err(e) => return self.error(&e),
                };
                let fid = file_id(path);
                for (i, item) in feed.items.iter().enumerate() {
                    match item {
                        Ok(it) => {
                            let page =
                                it.to_page(&format!("{fid}#{}", i + 1), feed.title.as_deref());
                            let src = format!("{shown}#{}", i + 1);
                            self.page(page, &src);
                        }
                        Err(e) => self.error(e),
                    }
                    if self.fatal.is_some() {
                        return;
                    }
                }
            }
            Kind::Warc => {
                let reader = match dyad_ingest::warc::WarcReader::open(path, &self.limits) {
                    Ok(r) => r,
                    Err(e) => return self.error(&e),
                };
                for rec in reader {
                    match rec {
                        Ok(wp) => {
                            let page = wp.to_page();
                            let src = format!("{shown}#{}", wp.record_id);
                            self.page(page, &src);
                        }
                        Err(e) => self.error(&e),
                    }
                    if self.fatal.is_some() {
                        return;
                    }
                }
            }
        }
    }
}

/// CPU seconds (user + system) used by this process, from /proc/self/stat.
pub fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0) // USER_HZ is 100 on Linux
}

/// Peak resident memory of this process (VmHWM), in bytes, where /proc tells it.
pub fn peak_rss() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

pub fn run_ingest(a: IngestArgs) -> bool {
    let default_date = match a.date.as_deref() {
        Some(s) => match Date::parse(s) {
            Some(d) => Some(d),
            None => {
                eprintln!("dyad ingest: --date {s:?}: expected YYYY-MM-DD");
                return false;
            }
        },
        None => None,
    };
    let start = Instant::now();
    let mut store = match Store::open(&a.db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dyad ingest: {}: {e}", a.db.display());
            return false;
        }
    };
    store.set_window_days(a.window_days);
    let mut files = Vec::new();
    let mut ignored = 0usize;
    let mut walk_errors = Vec::new();
    collect(&a.paths, &mut files, &mut ignored, &mut walk_errors);
    let limits = Limits {
        max_document_bytes: a.max_doc_bytes,
        max_decompressed_bytes: a.max_decompressed_bytes,
    };
    let t_kb = Instant::now();
    let coder = Coder::embedded(); // loads the knowledge base
    let kb_secs = t_kb.elapsed().as_secs_f64();
    let mut ing = Ingest {
        store,
        coder,
        default_date,
        limits,
        progress: Progress {
            quiet: a.quiet,
            tty: io::stderr().is_terminal(),
            start,
            last_tty: start,
            drawn: false,
            last_line: 0,
        },
        read: 0,
        new: 0,
        duplicates: 0,
        events: 0,
        empty: 0,
        errors: BTreeMap::new(),
        t_code: Duration::ZERO,
        t_store: Duration::ZERO,
        fatal: None,
        batch: a.batch,
        in_batch: 0,
        batch_start: start,
        batch_new: 0,
        batch_events: 0,
        jobs: a
            .jobs
            .unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1)
                    .min(8)
            })
            .max(1),
        pending: Vec::new(),
    };

    for msg in &walk_errors {
        ing.error_msg("unreadable file", msg);
    }
    for (path, kind) in &files {
        ing.file(path, *kind);
        if ing.fatal.is_some() {
            break;
        }
    }
    ing.flush();
    let t = Instant::now();
    if ing.fatal.is_none() {
        if let Err(e) = ing.commit() {
            ing.abandon_batch();
            ing.fatal = Some(format!("{}: {e}", a.db.display()));
        }
    }
    ing.t_store += t.elapsed();
    ing.progress.clear();
    let secs = start.elapsed().as_secs_f64();
    let skipped = ing.skipped();
    eprintln!(
        "dyad ingest: {} file(s), {} documents read: {} new, {} duplicates, {} skipped; {} events stored",
        files.len(),
        ing.read,
        ing.new,
        ing.duplicates,
        skipped,
        ing.events
    );
    if ing.empty > 0 {
        eprintln!("  skipped: {} document(s) with no text", ing.empty);
    }
    for (r, n) in &ing.errors {
        eprintln!("  skipped for an error: {n} {r}");
    }
    if ignored > 0 {
        eprintln!("  ignored: {ignored} file(s) of other types in the directories");
    }
    let other = (secs - kb_secs - ing.t_code.as_secs_f64() - ing.t_store.as_secs_f64()).max(0.0);
    eprintln!(
        "  time {secs:.2} s, {:.0} documents/s (loading the knowledge base {kb_secs:.2} s, reading and extraction {other:.2} s, \
         coding {:.2} s on {} thread(s), storing {:.2} s)",
        ing.read as f64 / secs.max(1e-9),
        ing.t_code.as_secs_f64(),
        ing.jobs,
        ing.t_store.as_secs_f64(),
    );
    match ing.store.counts() {
        Ok(c) => eprintln!(
            "  store {}: {} documents, {} events, {} clusters",
            a.db.display(),
            c.documents,
            c.events,
            c.clusters
        ),
        Err(e) => eprintln!("  store {}: {e}", a.db.display()),
    }
    let mut res = Vec::new();
    if let Some(c) = cpu_seconds() {
        res.push(format!(
            "CPU {c:.2} s ({:.0} documents per CPU second)",
            ing.read as f64 / c.max(0.01)
        ));
    }
    if let Some(p) = peak_rss() {
        res.push(format!(
            "peak memory (VmHWM) {:.1} MiB",
            p as f64 / (1u64 << 20) as f64
        ));
    }
    if !res.is_empty() {
        eprintln!("  {}", res.join(", "));
    }
    if let Some(f) = &ing.fatal {
        eprintln!("dyad ingest: stopped: {f}");
        return false;
    }
    ing.errors.is_empty()
}

// ---------------------------------------------------------------------------
// query / export
// ---------------------------------------------------------------------------

fn valid_date_prefix(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => Date::parse(s).is_some(),
        _ => false,
    }
}

/// Writes events; a closed pipe (`dyad query | head`) ends quietly.
fn write_events(
    store: &Store,
    filter: &Filter,
    order: Order,
    out: Box<dyn Write>,
    format: Format,
    cmd: &str,
) -> bool {
    let mut w = EventWriter::new(out, format);
    let res = store
        .for_each_event::<io::Error>(filter, order, |r| w.write(&r))
        .and_then(|_| w.finish().map(|_| ()));
    match res {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!("dyad {cmd}: {e}");
            false
        }
    }
}

pub fn run_query(a: QueryArgs) -> bool {
    for (flag, v) in [("--from", &a.from), ("--to", &a.to)] {
        if let Some(v) = v {
            if !valid_date_prefix(v.trim()) {
                eprintln!("dyad query: {flag} {v:?}: expected YYYY-MM-DD, YYYY-MM or YYYY");
                return false;
            }
        }
    }
    let store = match Store::open_existing(&a.db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dyad query: {e}");
            return false;
        }
    };
    let filter = Filter {
        source: a.source,
        target: a.target,
        event: a.event,
        from: a.from,
        to: a.to,
        text: a.text,
        cluster: a.cluster,
        one_per_cluster: a.one_per_cluster,
        limit: a.limit,
    };
    let tty = io::stdout().is_terminal();
    let format = match a.format {
        Some(QueryFormat::Table) => Format::Table,
        Some(QueryFormat::Jsonl) => Format::Jsonl,
        Some(QueryFormat::Csv) => Format::Csv,
        None if tty => Format::Table,
        None => Format::Jsonl,
    };
    let out: Box<dyn Write> = Box::new(BufWriter::new(io::stdout().lock()));
    let order = if filter.cluster.is_some() {
        Order::Stored
    } else {
        Order::Date
    };
    write_events(&store, &filter, order, out, format, "query")
}

pub fn run_export(a: ExportArgs) -> bool {
    let store = match Store::open_existing(&a.db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("dyad export: {e}");
            return false;
        }
    };
    let filter = Filter {
        one_per_cluster: a.one_per_cluster,
        ..Filter::default()
    };
    let format = match a.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Gdelt => Format::Gdelt,
        ExportFormat::Parquet => return export_parquet(&store, &filter, a.out.as_deref()),
    };
    let out: Box<dyn Write> = match &a.out {
        Some(p) => match File::create(p) {
            Ok(f) => Box::new(BufWriter::with_capacity(1 << 16, f)),
            Err(e) => {
                eprintln!("dyad export: {}: {e}", p.display());
                return false;
            }
        },
        None => Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
    };
    write_events(&store, &filter, Order::Stored, out, format, "export")
}

fn export_parquet(store: &Store, filter: &Filter, out: Option<&Path>) -> bool {
    let Some(path) = out else {
        eprintln!("dyad export: --format parquet needs --out FILE");
        return false;
    };
    let res = (|| -> Result<u64, String> {
        let file = File::create(path).map_err(|e| e.to_string())?;
        let mut w = ParquetWriter::new(BufWriter::with_capacity(1 << 16, file))
            .map_err(|e| e.to_string())?;
        store
            .for_each_event::<io::Error>(filter, Order::Stored, |r| {
                w.write(&r).map_err(io::Error::other)
            })
            .map_err(|e| e.to_string())?;
        w.finish().map_err(|e| e.to_string())
    })();
    match res {
        Ok(n) => {
            eprintln!("dyad export: {n} events written to {}", path.display());
            true
        }
        Err(e) => {
            eprintln!("dyad export: {}: {e}", path.display());
            let _ = std::fs::remove_file(path);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_ids() {
        assert_eq!(kind_of(Path::new("a/b.WARC.gz")), Some(Kind::Warc));
        assert_eq!(kind_of(Path::new("x.jsonl.gz")), Some(Kind::Jsonl));
        assert_eq!(kind_of(Path::new("feed.rss")), Some(Kind::Feed));
        assert_eq!(kind_of(Path::new("page.htm")), Some(Kind::Html));
        assert_eq!(kind_of(Path::new("image.png")), None);
        assert_eq!(kind_of(Path::new("README")), None);
        assert_eq!(file_id(Path::new("d/000_abc.txt")), "000_abc");
        assert_eq!(file_id(Path::new("d/page.html.gz")), "page");
        assert_eq!(file_id(Path::new("d/notes.v2")), "notes.v2");
    }

    #[test]
    fn date_prefixes() {
        assert!(valid_date_prefix("2019"));
        assert!(valid_date_prefix("2019-04"));
        assert!(valid_date_prefix("2019-04-30"));
        assert!(!valid_date_prefix("2019-04-31"));
        assert!(!valid_date_prefix("April"));
    }
}
