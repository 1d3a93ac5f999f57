//! `dyad code` and `dyad actors`.

use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use clap::{Args, ValueEnum};
use dyad_core::dates::Date;
use dyad_core::kb::Kb;
use dyad_core::record::DocOut;
use dyad_core::{Coder, Document};

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
pub enum Format {
    Text,
    Html,
    Jsonl,
}

#[derive(Args)]
pub struct CodeArgs {
    /// Input format; guessed from the file extension when not given (.jsonl, .html/.htm, else text).
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Publication date (YYYY-MM-DD) for inputs that carry none.
    #[arg(long)]
    date: Option<String>,
    /// Include the (normalised) document text in each output record, for highlighting spans.
    #[arg(long)]
    with_text: bool,
    /// Worker threads for JSONL batches (default: available cores). Output order is the input order.
    #[arg(long)]
    threads: Option<usize>,
    /// Largest document accepted, in bytes: a text or HTML input (before decompression), or one
    /// JSONL line. A larger one gets an error record and is skipped.
    #[arg(long, default_value_t = dyad_ingest::Limits::default().max_document_bytes)]
    max_doc_bytes: usize,
    /// Files to code; `-` or nothing reads standard input.
    files: Vec<String>,
}

#[derive(Args)]
pub struct ActorsArgs {
    /// A name or description to resolve ("Araghchi", "Iran's foreign minister").
    query: Option<String>,
    /// Date for role resolution (YYYY-MM-DD); default today.
    #[arg(long)]
    date: Option<String>,
    /// Validate every data file (codes exist, no duplicate keys, dates ordered, no overlapping holders).
    #[arg(long)]
    check: bool,
    /// Print counts of countries, organisations, groups, people, person-office entries and aliases.
    #[arg(long)]
    stats: bool,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("--date {s:?}: expected YYYY-MM-DD"))
}

fn guess_format(path: &str) -> Format {
    let p = path.to_ascii_lowercase();
    let p = p.strip_suffix(".gz").unwrap_or(&p).to_string();
    if p.ends_with(".jsonl") || p.ends_with(".ndjson") {
        Format::Jsonl
    } else if p.ends_with(".html") || p.ends_with(".htm") {
        Format::Html
    } else {
        Format::Text
    }
}

fn file_id(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| path.to_string())
}

/// The bytes of a file or standard input; with `limit`, at most that many (an input over it is
/// an error naming the limit, and no more than `limit + 1` bytes are read).
fn read_input(path: &str, limit: Option<usize>) -> io::Result<Vec<u8>> {
    let mut src: Box<dyn Read> = if path == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(path)?)
    };
    let mut buf = Vec::new();
    match limit {
        None => {
            src.read_to_end(&mut buf)?;
        }
        Some(limit) => {
            src.take((limit as u64).saturating_add(1))
                .read_to_end(&mut buf)?;
            if buf.len() > limit {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "over the {limit}-byte document limit (--max-doc-bytes); skipped"
                    ),
                ));
            }
        }
    }
    Ok(buf)
}

fn error_record(id: &str, msg: String) -> DocOut {
    DocOut {
        id: id.to_string(),
        date: None,
        language: None,
        events: Vec::new(),
        text: None,
        error: Some(msg),
    }
}

pub fn run_code(a: CodeArgs) -> bool {
    let default_date = match a.date.as_deref().map(parse_date).transpose() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("dyad code: {e}");
            return false;
        }
    };
    let coder = Coder::embedded();
    let threads = a.threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let files = if a.files.is_empty() {
        vec!["-".to_string()]
    } else {
        a.files.clone()
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut ok = true;
    let emit = |rec: &DocOut, out: &mut BufWriter<io::StdoutLock>| {
        let line = serde_json::to_string(rec)
            .unwrap_or_else(|e| format!("{{\"error\":\"serialisation: {e}\"}}"));
        let _ = writeln!(out, "{line}");
    };
    for path in &files {
        let fmt = a.format.unwrap_or_else(|| guess_format(path));
        // a JSONL file holds many documents: its limit applies to each line
        let limit = (fmt != Format::Jsonl).then_some(a.max_doc_bytes);
        let bytes = match read_input(path, limit) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("dyad code: {path}: {e}");
                emit(
                    &error_record(&file_id(path), format!("{path}: {e}")),
                    &mut out,
                );
                ok = false;
                continue;
            }
        };
        match fmt {
            Format::Text => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let doc = Document {
                    id: file_id(path),
                    text,
                    date: default_date,
                    ..Default::default()
                };
                emit(&coder.code(&doc, a.with_text), &mut out);
            }
            Format::Html => {
                // main-text extraction; the page's own publication date when --date is not given
                let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
                    match dyad_ingest::gunzip(
                        &bytes,
                        dyad_ingest::Limits::default().max_decompressed_bytes,
                        Path::new(path),
                    ) {
                        Ok(b) => b,
                        Err(e) => {
                            eprintln!("dyad code: {e}");
                            emit(&error_record(&file_id(path), e.to_string()), &mut out);
                            ok = false;
                            continue;
                        }
                    }
                } else {
                    bytes
                };
                let page = dyad_ingest::extract_html_bytes(
                    &dyad_ingest::id_from_path(Path::new(path)),
                    &bytes,
                );
                let date = default_date.or_else(|| page.published.as_deref().and_then(Date::parse));
                let doc = Document {
                    id: file_id(path),
                    text: page.body,
                    date,
                    outlet: page.outlet,
                    url: page.url,
                };
                emit(&coder.code(&doc, a.with_text), &mut out);
            }
            Format::Jsonl => {
                // Parse in order; code batches in parallel; write in input order.
                let mut batch: Vec<Result<Document, DocOut>> = Vec::new();
                let flush = |batch: &mut Vec<Result<Document, DocOut>>,
                             out: &mut BufWriter<io::StdoutLock>| {
                    let docs: Vec<Document> = batch
                        .iter()
                        .filter_map(|r| r.as_ref().ok().cloned())
                        .collect();
                    let mut coded = coder.code_batch(&docs, threads, a.with_text).into_iter();
                    for r in batch.drain(..) {
                        match r {
                            Ok(_) => emit(&coded.next().expect("one output per document"), out),
                            Err(e) => emit(&e, out),
                        }
                    }
                };
                for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
                    let line_no = n + 1;
                    if line.len() > a.max_doc_bytes {
                        let msg = format!(
                            "line of {} bytes is over the {}-byte document limit (--max-doc-bytes); skipped",
                            line.len(),
                            a.max_doc_bytes
                        );
                        eprintln!("dyad code: {path}:{line_no}: {msg}");
                        batch.push(Err(error_record(
                            &format!("{}:{line_no}", file_id(path)),
                            format!("{path}:{line_no}: {msg}"),
                        )));
                        ok = false;
                        continue;
                    }
                    let line = String::from_utf8_lossy(line);
                    if line.trim().is_empty() {
                        continue;
                    }
                    match parse_jsonl_doc(&line, default_date) {
                        Ok(doc) => batch.push(Ok(doc)),
                        Err((id, msg)) => {
                            eprintln!("dyad code: {path}:{line_no}: {msg}");
                            batch.push(Err(error_record(
                                &id.unwrap_or_else(|| format!("{}:{line_no}", file_id(path))),
                                format!("{path}:{line_no}: {msg}"),
                            )));
                            ok = false;
                        }
                    }
                    if batch.len() >= 256 {
                        flush(&mut batch, &mut out);
                    }
                }
                flush(&mut batch, &mut out);
            }
        }
    }
    let _ = out.flush();
    ok
}

pub fn parse_jsonl_doc(
    line: &str,
    default_date: Option<Date>,
) -> Result<Document, (Option<String>, String)> {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| (None, format!("not JSON: {e}")))?;
    let obj = v
        .as_object()
        .ok_or((None, "not a JSON object".to_string()))?;
    let id = match obj.get("id") {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err((None, "missing \"id\"".into())),
    };
    let text = match (obj.get("text"), obj.get("html")) {
        (Some(serde_json::Value::String(t)), _) => t.clone(),
        (_, Some(serde_json::Value::String(h))) => dyad_ingest::extract_html(&id, h).body,
        _ => return Err((Some(id), "missing \"text\" or \"html\" string".into())),
    };
    let date = match obj.get("date") {
        Some(serde_json::Value::String(d)) => {
            let day = d.get(..10).unwrap_or(d);
            Some(Date::parse(day).ok_or((
                Some(id.clone()),
                format!("\"date\" {d:?} is not YYYY-MM-DD"),
            ))?)
        }
        Some(serde_json::Value::Null) | None => default_date,
        Some(_) => return Err((Some(id), "\"date\" is not a string".into())),
    };
    let s = |k: &str| obj.get(k).and_then(|v| v.as_str()).map(String::from);
    Ok(Document {
        id,
        text,
        date,
        outlet: s("outlet"),
        url: s("url"),
    })
}

pub fn run_actors(a: ActorsArgs) -> bool {
    let kb = match Kb::from_files(Kb::data_files()) {
        Ok(kb) => kb,
        Err(errs) => {
            for e in &errs {
                eprintln!("{e}");
            }
            eprintln!("dyad actors: {} problem(s) in the data files", errs.len());
            return false;
        }
    };
    let mut ok = true;
    if a.check {
        let problems = kb.check();
        for p in &problems {
            println!("{p}");
        }
        println!("{} problem(s)", problems.len());
        ok &= problems.is_empty();
    }
    if a.stats {
        for (k, v) in kb.stats() {
            println!("{v:>7}  {k}");
        }
    }
    if let Some(q) = &a.query {
        let date = match a.date.as_deref().map(parse_date).transpose() {
            Ok(Some(d)) => d,
            Ok(None) => today(),
            Err(e) => {
                eprintln!("dyad actors: {e}");
                return false;
            }
        };
        let ms = dyad_core::mentions::resolve_phrase(&kb, q, date);
        let mut any = false;
        for m in &ms {
            for act in &m.actors {
                any = true;
                println!(
                    "{:?} -> {}{}{}{}\n    {}",
                    &q[m.start..m.end],
                    act.code,
                    act.sector
                        .as_deref()
                        .map(|s| format!(" {s}"))
                        .unwrap_or_default(),
                    act.name
                        .as_deref()
                        .map(|s| format!(" ({s})"))
                        .unwrap_or_default(),
                    act.igo
                        .as_deref()
                        .map(|s| format!(" [{s}]"))
                        .unwrap_or_default(),
                    act.how
                );
            }
            if let Some(o) = m.outlet {
                any = true;
                let o = &kb.outlets[o as usize];
                println!(
                    "{:?} -> news outlet {} ({}): attribution, not an actor",
                    &q[m.start..m.end],
                    o.name,
                    o.country
                );
            }
        }
        if !any {
            println!("{q:?}: no actor found on {}", date.to_string());
            ok = false;
        }
    }
    if !a.check && !a.stats && a.query.is_none() {
        eprintln!("dyad actors: give a NAME, --check or --stats");
        return false;
    }
    ok
}

fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0) as i64;
    Date {
        year: 1970,
        month: 1,
        day: 1,
    }
    .add_days(secs / 86400)
}
