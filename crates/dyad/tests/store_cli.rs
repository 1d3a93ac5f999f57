//! `dyad ingest`, `dyad query` and `dyad export` as a user runs them: the Guardian sample,
//! idempotence, kill -9 and resume, every kind of bad input, and the export formats.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use dyad_store::Store;

const DYAD: &str = env!("CARGO_BIN_EXE_dyad");

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let p =
            std::env::temp_dir().join(format!("dyad-cli-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }
    fn path(&self, f: &str) -> PathBuf {
        self.0.join(f)
    }
    fn write(&self, f: &str, data: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(f);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::write(&p, data).unwrap();
        p
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn dyad(args: &[&str], cwd: &Path) -> Output {
    Command::new(DYAD)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .expect("run dyad")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn consistent(db: &Path) -> Store {
    let s = Store::open_existing(db).expect("open store");
    let problems = s.check().expect("check");
    assert!(problems.is_empty(), "store inconsistent: {problems:#?}");
    s
}

fn guardian() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/samples/guardian-2019-sample.jsonl");
    if p.is_file() {
        Some(p)
    } else {
        println!("note: {} is absent; test skipped", p.display());
        None
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

const COUNTRIES: &[&str] = &[
    "Iran",
    "the United States",
    "Russia",
    "Ukraine",
    "China",
    "France",
    "Germany",
    "Israel",
    "Turkey",
    "Egypt",
    "India",
    "Pakistan",
];
const VERBS: &[&str] = &[
    "condemned",
    "accused",
    "met",
    "threatened",
    "praised",
    "criticised",
    "warned",
    "sanctioned",
];

/// A synthetic news article, different for every `i`.
fn article(i: usize) -> String {
    let c = |k: usize| COUNTRIES[(i * 7 + k * 5) % COUNTRIES.len()];
    let v = |k: usize| VERBS[(i + k * 3) % VERBS.len()];
    let mut s = String::new();
    for k in 0..6 {
        s.push_str(&format!(
            "{} {} {} on Monday over report {i}-{k}, officials said. ",
            capitalise(c(k)),
            v(k),
            c(k + 1)
        ));
        if k % 2 == 1 {
            s.push_str("\n\n");
        }
    }
    s.push_str(&format!(
        "The talks are expected to resume in {} next week, according to a statement numbered {i}.",
        c(9)
    ));
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The Guardian sample: `--source USA` finds events; a second ingest changes nothing.
#[test]
fn guardian_ingest_query_and_reingest() {
    let Some(sample) = guardian() else { return };
    let dir = TempDir::new("guardian");
    let sample = sample.to_str().unwrap();
    let o = dyad(&["ingest", sample], &dir.0);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("249 documents read: 249 new, 0 duplicates, 0 skipped"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("peak memory (VmHWM)"), "{}", stderr(&o));
    let db = dir.path("dyad.db"); // the default store in the working directory
    let first = consistent(&db);
    let (counts, digest) = (first.counts().unwrap(), first.content_digest().unwrap());
    drop(first);
    assert_eq!(counts.documents, 249);

    let q = dyad(&["query", "--source", "USA"], &dir.0);
    assert!(q.status.success(), "{}", stderr(&q));
    let lines: Vec<serde_json::Value> = stdout(&q)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert!(!lines.is_empty(), "no event with source USA");
    for v in &lines {
        assert!(
            v["source"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["code"] == "USA"),
            "{v}"
        );
        assert!(v["document"]["id"]
            .as_str()
            .unwrap()
            .starts_with("guardian-"));
        assert_eq!(v["document"]["outlet"], "Guardian");
    }

    let again = dyad(&["ingest", sample, "--db", "dyad.db"], &dir.0);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stderr(&again)
            .contains("249 documents read: 0 new, 249 duplicates, 0 skipped; 0 events stored"),
        "{}",
        stderr(&again)
    );
    let second = consistent(&db);
    assert_eq!(second.counts().unwrap(), counts);
    assert_eq!(
        second.content_digest().unwrap(),
        digest,
        "a second ingest changed the store"
    );
}

/// Writes a corpus of synthetic articles: text files, a JSONL file, copies (duplicates) and
/// a gzipped JSONL file. Returns the number of distinct documents.
fn corpus(dir: &TempDir) -> usize {
    let mut n = 0;
    for i in 0..180 {
        dir.write(&format!("corpus/txt/{i:04}.txt"), article(i));
        n += 1;
    }
    let mut jsonl = String::new();
    for i in 180..400 {
        let outlet = ["Reuters", "AP", "AFP", "BBC"][i % 4];
        let day = 10 + i % 3;
        jsonl.push_str(&serde_json::json!({"id": format!("j{i}"), "date": format!("2024-03-{day}"), "outlet": outlet, "text": article(i)}).to_string());
        jsonl.push('\n');
        n += 1;
    }
    dir.write("corpus/feed/docs.jsonl", &jsonl);
    // the same articles again under other names: duplicates
    for i in (0..180).step_by(6) {
        dir.write(
            &format!("corpus/copies/copy-{i}.txt"),
            article(i).replace("\n\n", "\n"),
        );
    }
    let mut gz = String::new();
    for i in 400..460 {
        gz.push_str(&serde_json::json!({"id": format!("g{i}"), "date": "2024-03-11", "outlet": "TASS", "text": article(i)}).to_string());
        gz.push('\n');
        n += 1;
    }
    dir.write("corpus/feed/more.jsonl.gz", gzip(gz.as_bytes()));
    n
}

/// Starts `dyad ingest` and kills it with SIGKILL once it has reported `after` documents
/// (or after `delay`, whichever comes first). Returns whether it was killed before finishing.
fn ingest_and_kill(cwd: &Path, args: &[&str], after: Option<usize>, delay: Duration) -> bool {
    let mut child = Command::new(DYAD)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dyad ingest");
    let err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<usize>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            // "dyad ingest: 200 documents (..."
            if let Some(n) = line
                .strip_prefix("dyad ingest: ")
                .and_then(|r| r.split(' ').next())
                .and_then(|n| n.parse().ok())
            {
                if line.contains(" documents (") {
                    let _ = tx.send(n);
                }
            }
        }
    });
    let start = Instant::now();
    let killed = loop {
        if let Ok(Some(_)) = child.try_wait() {
            break false;
        }
        let due = match after {
            Some(k) => rx.try_iter().any(|n| n >= k),
            None => false,
        };
        if due || start.elapsed() >= delay {
            break child.kill().is_ok(); // SIGKILL
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let _ = child.wait();
    let _ = reader.join();
    killed
}

/// kill -9 at several points, then resume: never a partial document, and the final store
/// is the same as the store of one clean run.
#[test]
fn kill_and_resume_gives_the_same_store_as_a_clean_run() {
    let dir = TempDir::new("kill");
    let distinct = corpus(&dir);

    // one coding thread here, several in the killed runs: the store must not depend on it
    let clean = dyad(
        &[
            "ingest",
            "corpus",
            "--db",
            "clean.db",
            "--date",
            "2024-03-11",
            "--quiet",
            "--jobs",
            "1",
        ],
        &dir.0,
    );
    assert!(clean.status.success(), "{}", stderr(&clean));
    let clean_store = consistent(&dir.path("clean.db"));
    let clean_counts = clean_store.counts().unwrap();
    assert_eq!(clean_counts.documents as usize, distinct);
    let clean_digest = clean_store.content_digest().unwrap();
    drop(clean_store);

    let base = [
        "ingest",
        "corpus",
        "--db",
        "killed.db",
        "--date",
        "2024-03-11",
    ];
    let rounds: &[(&[&str], Option<usize>, u64)] = &[
        (&[], None, 120),
        (&["--batch", "1"], Some(100), 20_000),
        (&["--jobs", "3"], Some(200), 20_000),
        (&["--batch", "1", "--jobs", "1"], None, 300),
        (&["--batch", "7", "--jobs", "2"], Some(350), 20_000),
    ];
    let mut kills = 0;
    for (extra, after, ms) in rounds {
        let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        let killed = ingest_and_kill(&dir.0, &args, *after, Duration::from_millis(*ms));
        kills += killed as usize;
        // after every kill: every stored document has all its events, nothing dangles
        let s = consistent(&dir.path("killed.db"));
        let c = s.counts().unwrap();
        println!(
            "{extra:?} killed: {killed}; stored {} of {distinct} documents, {} events",
            c.documents, c.events
        );
        assert!(c.documents as usize <= distinct);
    }
    assert!(
        kills >= 3,
        "the ingest finished before most kills ({kills} kills); the test proves little"
    );

    let resume = dyad(&base, &dir.0);
    assert!(resume.status.success(), "{}", stderr(&resume));
    let s = consistent(&dir.path("killed.db"));
    assert_eq!(s.counts().unwrap(), clean_counts);
    assert_eq!(
        s.content_digest().unwrap(),
        clean_digest,
        "resumed store differs from a clean run"
    );
    let dups: i64 = s
        .connection()
        .query_row(
            "SELECT COUNT(*) FROM (SELECT hash FROM documents GROUP BY hash HAVING COUNT(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(dups, 0);
}

fn warc_record(id: &str, uri: &str, html: &str) -> String {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}", html.len());
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-03-11T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
}

fn page(title: &str, i: usize) -> String {
    let paras: String = article(i)
        .split("\n\n")
        .map(|p| format!("<p>{p}</p>\n"))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><title>{title}</title><meta property=\"og:site_name\" content=\"Example News\"></head>\
         <body><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>{title}</h1>{paras}</article>\
         <footer>Copyright Example News</footer></body></html>"
    )
}

/// Every kind of bad input gets a message naming the file (and line or record); the rest
/// is stored, the exit status is 1, and nothing stored before is lost.
#[test]
fn bad_inputs_are_reported_and_skipped() {
    let dir = TempDir::new("bad");
    // a store with one document in it already
    dir.write("first/first.txt", article(1000));
    let o = dyad(
        &["ingest", "first", "--db", "s.db", "--date", "2024-03-11"],
        &dir.0,
    );
    assert!(o.status.success(), "{}", stderr(&o));

    dir.write("bad/good.txt", article(1001));
    dir.write(
        "bad/binary.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00binary data follows",
    );
    dir.write(
        "bad/latin1.txt",
        b"Caf\xe9 society: Iran condemned the United States on Monday.",
    );
    let jsonl = format!(
        "{}\n{{\"id\": \"broken\", \"text\": \n{}\n",
        serde_json::json!({"id": "ok1", "text": article(1002)}),
        serde_json::json!({"id": "ok2", "text": article(1003)})
    );
    dir.write("bad/lines.jsonl", jsonl);
    let long: String = (1004..1010).map(article).collect::<Vec<_>>().join("\n\n");
    let gz = gzip(long.as_bytes());
    dir.write("bad/cut.txt.gz", &gz[..gz.len() / 2]);
    let warc = format!(
        "{}{}",
        warc_record("rec-1", "https://example.com/a", &page("One", 1010)),
        warc_record("rec-2", "https://example.com/b", &page("Two", 1011))
    );
    let cut = warc.len() - 300;
    dir.write("bad/pages.warc", &warc.as_bytes()[..cut]);
    dir.write("bad/page.html", page("Three", 1012));
    dir.write("bad/ignored.png", b"\x89PNG");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path("nowhere.txt"), dir.path("bad/dangling.txt")).unwrap();

    let o = dyad(
        &[
            "ingest",
            "bad",
            "missing.txt",
            "--db",
            "s.db",
            "--date",
            "2024-03-11",
        ],
        &dir.0,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let expect = [
        ("binary.txt", "binary file"),
        ("latin1.txt", "invalid UTF-8 at byte 3"),
        ("lines.jsonl:2:", "invalid JSON"),
        ("cut.txt.gz", "truncated"),
        ("pages.warc", "WARC record at byte"),
        ("missing.txt", "cannot read"),
    ];
    for (file, what) in expect {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(what)),
            "no message with {file:?} and {what:?} in:\n{err}"
        );
    }
    #[cfg(unix)]
    assert!(
        err.lines()
            .any(|l| l.contains("dangling.txt") && l.contains("cannot read")),
        "{err}"
    );
    assert!(err.contains("skipped for an error"), "{err}");
    assert!(err.contains("ignored: 1 file(s)"), "{err}");

    let s = consistent(&dir.path("s.db"));
    let keys: Vec<String> = s
        .connection()
        .prepare("SELECT doc_key FROM documents ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for k in ["first", "good", "ok1", "ok2", "rec-1", "page"] {
        assert!(
            keys.iter().any(|x| x == k),
            "document {k} not stored: {keys:?}"
        );
    }
    assert_eq!(keys.len(), 6, "{keys:?}");
    drop(s);

    // oversized document and gzip bomb, with limits set on the command line
    dir.write("limits/small.txt", article(1020));
    dir.write(
        "limits/big.txt",
        (1021..1060).map(article).collect::<Vec<_>>().join("\n\n"),
    );
    dir.write("limits/bomb.txt.gz", gzip(&vec![b'a'; 4 << 20]));
    let o = dyad(
        &[
            "ingest",
            "limits",
            "--db",
            "s.db",
            "--date",
            "2024-03-11",
            "--max-doc-bytes",
            "10000",
            "--max-decompressed-bytes",
            "1000000",
        ],
        &dir.0,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.lines()
            .any(|l| l.contains("big.txt") && l.contains("over the")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("bomb.txt.gz") && l.contains("decompresses to more than")),
        "{err}"
    );
    let s = consistent(&dir.path("s.db"));
    assert_eq!(
        s.counts().unwrap().documents,
        7,
        "small.txt stored, nothing lost"
    );

    // a clean run over good input exits 0
    let o = dyad(&["ingest", "first", "--db", "s.db"], &dir.0);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn query_and_export_formats() {
    let dir = TempDir::new("export");
    let docs = [
        serde_json::json!({"id": "a", "date": "2024-03-11", "outlet": "Reuters", "url": "https://example.com/a", "text": "Iran condemned the United States on Monday over new sanctions on its oil exports. Officials in Tehran said the measures were illegal."}),
        serde_json::json!({"id": "b", "date": "2024-03-12", "outlet": "Daily Planet", "text": "Tehran hit back at Washington. Iran condemned the United States on Monday for imposing sanctions, state media reported."}),
        serde_json::json!({"id": "c", "date": "2024-03-12", "outlet": "Reuters", "text": article(7)}),
    ];
    let body: String = docs.iter().map(|d| format!("{d}\n")).collect();
    dir.write("in/docs.jsonl", body);
    let o = dyad(&["ingest", "in"], &dir.0);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = consistent(&dir.path("dyad.db"));
    let n_events = s.counts().unwrap().events as usize;
    assert!(n_events > 0);

    let o = dyad(&["export", "--format", "jsonl", "--out", "e.jsonl"], &dir.0);
    assert!(o.status.success(), "{}", stderr(&o));
    let jl = std::fs::read_to_string(dir.path("e.jsonl")).unwrap();
    assert_eq!(jl.lines().count(), n_events);
    for l in jl.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(
            v["event"].is_string() && v["cameo"].is_string() && v["trigger"]["text"].is_string(),
            "{v}"
        );
        assert!(["a", "b", "c"].contains(&v["document"]["id"].as_str().unwrap()));
        assert!(v["cluster"]["n_mentions"].as_i64().unwrap() >= 1);
    }

    let o = dyad(&["export", "--format", "csv"], &dir.0);
    assert!(o.status.success());
    let csv = stdout(&o);
    assert!(
        csv.starts_with("event_id,document,url,outlet,published,event,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), n_events + 1);

    let o = dyad(&["export", "--format", "gdelt"], &dir.0);
    assert!(o.status.success());
    let g = stdout(&o);
    assert_eq!(g.lines().count(), n_events);
    for l in g.lines() {
        let f: Vec<&str> = l.split('\t').collect();
        assert_eq!(f.len(), 61, "{l}");
        assert!(
            f[1].len() == 8 && f[1].starts_with("2024"),
            "SQLDATE {}",
            f[1]
        );
        assert!(["1", "2", "3", "4"].contains(&f[29]), "QuadClass {}", f[29]);
        let (mentions, sources, articles): (i64, i64, i64) = (
            f[31].parse().unwrap(),
            f[32].parse().unwrap(),
            f[33].parse().unwrap(),
        );
        assert!(
            mentions >= articles && articles >= sources && sources >= 1,
            "{l}"
        );
    }
    let o = dyad(
        &["export", "--format", "parquet", "--out", "e.parquet"],
        &dir.0,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(dir.path("e.parquet")).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    assert!(
        stderr(&o).contains(&format!("{n_events} events written")),
        "{}",
        stderr(&o)
    );
    let o = dyad(&["export", "--format", "parquet"], &dir.0);
    assert!(!o.status.success(), "parquet needs --out");

    let o = dyad(
        &["export", "--format", "gdelt", "--one-per-cluster"],
        &dir.0,
    );
    assert_eq!(
        stdout(&o).lines().count() as i64,
        s.counts().unwrap().clusters
    );

    // a cluster's member events, in every query format
    let (cluster, n): (i64, i64) = s
        .connection()
        .query_row(
            "SELECT id, n_mentions FROM clusters ORDER BY n_mentions DESC, id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let id = cluster.to_string();
    let o = dyad(&["query", "--cluster", &id], &dir.0);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o).lines().count() as i64,
        n,
        "jsonl by default when stdout is not a terminal"
    );
    let o = dyad(&["query", "--cluster", &id, "--format", "csv"], &dir.0);
    assert_eq!(stdout(&o).lines().count() as i64, n + 1);
    let o = dyad(&["query", "--cluster", &id, "--format", "table"], &dir.0);
    assert_eq!(stdout(&o).lines().count() as i64, n + 1);
    let o = dyad(
        &["query", "--text", "oil exports", "--format", "csv"],
        &dir.0,
    );
    assert!(
        stdout(&o)
            .lines()
            .skip(1)
            .all(|l| l.split(',').nth(1) == Some("a")),
        "{}",
        stdout(&o)
    );
    let o = dyad(&["query", "--from", "March"], &dir.0);
    assert!(!o.status.success());

    // no store: an error, and no file created
    let o = dyad(&["query", "--db", "none.db"], &dir.0);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no such store"), "{}", stderr(&o));
    assert!(!dir.path("none.db").exists());
}
