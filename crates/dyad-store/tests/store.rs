//! The store as a library: schema migrations, deduplication, clusters, batches, queries,
//! and a round trip of the Guardian sample through the coder.

use std::path::{Path, PathBuf};

use dyad_core::record::{ActorOut, EventOut, Span};
use dyad_store::export::{EventWriter, Format, GDELT_COLUMNS};
use dyad_store::{content_hash, Added, Error, Filter, NewDocument, Store, SCHEMA_VERSION};

/// A fresh directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let p = std::env::temp_dir().join(format!("dyad-store-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }
    fn path(&self, f: &str) -> PathBuf {
        self.0.join(f)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn actor(code: &str) -> ActorOut {
    ActorOut {
        text: code.to_string(),
        code: code.to_string(),
        sector: Some("GOV".into()),
        name: None,
        igo: None,
        office: None,
        start: 0,
        end: code.len(),
        how: "test".into(),
    }
}

fn ev(event: &str, src: &[&str], tgt: &[&str], date: Option<&str>) -> EventOut {
    EventOut {
        event: event.to_string(),
        mode: None,
        context: vec!["sanctions".into()],
        cameo: if event == "ACCUSE" { "111".into() } else { "190".into() },
        goldstein: -2.0,
        quad: 3,
        plover_score: 0.5,
        source: src.iter().map(|c| actor(c)).collect(),
        target: tgt.iter().map(|c| actor(c)).collect(),
        negated: false,
        hypothetical: false,
        future: false,
        attribution: None,
        event_date: date.map(str::to_string),
        date_precision: date.map(|_| "day".to_string()),
        date_text: None,
        sentence: 0,
        trigger: Span { text: "condemned".into(), start: 4, end: 13 },
        rule: vec!["test".into()],
    }
}

/// Adds a document with the given text, outlet and events.
fn add(store: &mut Store, key: &str, text: &str, outlet: Option<&str>, events: &[EventOut]) -> Added {
    let hash = content_hash(text);
    let doc = NewDocument { doc_key: key, source: "test", outlet, published: Some("2024-03-11"), text, hash: &hash, ..NewDocument::default() };
    store.add_document(&doc, events).expect("add_document")
}

fn assert_consistent(store: &Store) {
    let problems = store.check().expect("check");
    assert!(problems.is_empty(), "store inconsistent: {problems:#?}");
}

#[test]
fn migration_from_v1_keeps_data_and_adds_full_text_search() {
    let dir = TempDir::new("migrate");
    let db = dir.path("old.db");
    {
        let mut s = Store::open_at_version(&db, 1).expect("open v1");
        assert_eq!(s.schema_version().unwrap(), 1);
        add(&mut s, "old", "Iran condemned the sanctions imposed by Washington.", Some("Reuters"), &[ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-11"))]);
    }
    let s = Store::open(&db).expect("open and migrate");
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(SCHEMA_VERSION, dyad_store::schema::MIGRATIONS.len() as i64);
    let found = s.events(&Filter { text: Some("sanctions Washington".into()), ..Filter::default() }).unwrap();
    assert_eq!(found.len(), 1, "the v1 document is searchable after the upgrade");
    assert_eq!(found[0].doc_key, "old");
    assert_consistent(&s);
    // Opening again is a no-op.
    drop(s);
    let s = Store::open(&db).unwrap();
    assert_eq!(s.counts().unwrap().documents, 1);
}

#[test]
fn each_migration_step_gives_a_consistent_store() {
    let dir = TempDir::new("steps");
    let db = dir.path("s.db");
    for v in 1..=SCHEMA_VERSION {
        let mut s = Store::open_at_version(&db, v).unwrap();
        assert_eq!(s.schema_version().unwrap(), v);
        add(&mut s, &format!("d{v}"), &format!("Document {v}: Iran condemned the United States."), None, &[ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-11"))]);
        assert_consistent(&s);
    }
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = TempDir::new("newer");
    let db = dir.path("new.db");
    {
        let s = Store::open(&db).unwrap();
        s.connection().execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1)).unwrap();
    }
    match Store::open(&db) {
        Err(Error::NewerSchema { found, known }) => assert_eq!((found, known), (SCHEMA_VERSION + 1, SCHEMA_VERSION)),
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer schema was opened"),
    }
}

#[test]
fn open_existing_does_not_create() {
    let dir = TempDir::new("missing");
    let db = dir.path("none.db");
    assert!(matches!(Store::open_existing(&db), Err(Error::Missing(_))));
    assert!(!db.exists());
}

#[test]
fn same_content_is_stored_once() {
    let mut s = Store::open_in_memory().unwrap();
    let evs = [ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-11"))];
    let a = add(&mut s, "a", "Iran condemned the United States.\n\nMore text.", Some("X"), &evs);
    assert!(matches!(a, Added::New { events: 1, .. }));
    let before = s.counts().unwrap();
    // the same text with other line breaks, from another file and outlet
    let b = add(&mut s, "b", "  Iran condemned the United States. More text.  ", Some("Y"), &evs);
    let Added::New { id, .. } = a else { unreachable!() };
    assert_eq!(b, Added::Duplicate { id });
    assert_eq!(s.counts().unwrap(), before);
    assert!(s.find_hash(&content_hash("Iran condemned the United States. More text.")).unwrap().is_some());
    assert_consistent(&s);
}

#[test]
fn documents_without_events_are_kept() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(matches!(add(&mut s, "quiet", "Nothing happened today.", None, &[]), Added::New { events: 0, .. }));
    let c = s.counts().unwrap();
    assert_eq!((c.documents, c.events, c.clusters), (1, 0, 0));
    assert_consistent(&s);
}

#[test]
fn clusters_link_reports_of_the_same_event() {
    let mut s = Store::open_in_memory().unwrap();
    let accuse = |src: &[&str], date: Option<&str>| ev("ACCUSE", src, &["USA"], date);
    add(&mut s, "a", "doc a", Some("Reuters"), &[accuse(&["IRN"], Some("2024-03-11"))]);
    add(&mut s, "b", "doc b", Some("AP"), &[accuse(&["IRN"], Some("2024-03-12"))]);
    // two mentions in one document, one of them the day before the first report
    add(&mut s, "c", "doc c", Some("Reuters"), &[accuse(&["IRN"], Some("2024-03-10")), accuse(&["IRN"], Some("2024-03-11"))]);
    // outside the ±1 day window of the first report
    add(&mut s, "d", "doc d", Some("AP"), &[accuse(&["IRN"], Some("2024-03-13"))]);
    // another source set, another type, no outlet, and order of codes not mattering
    add(&mut s, "e", "doc e", None, &[
        accuse(&["IRQ", "IRN"], Some("2024-03-11")),
        accuse(&["IRN", "IRQ"], Some("2024-03-11")),
        ev("ASSAULT", &["IRN"], &["USA"], Some("2024-03-11")),
    ]);
    // undated events are clusters of their own
    add(&mut s, "f", "doc f", Some("AP"), &[accuse(&["IRN"], None)]);
    add(&mut s, "g", "doc g", Some("AP"), &[accuse(&["IRN"], None)]);
    assert_consistent(&s);

    let rows = s.events(&Filter::default()).unwrap();
    let cluster_of = |doc: &str, i: usize| rows.iter().filter(|r| r.doc_key == doc).nth(i).unwrap().cluster_id;
    let main = cluster_of("a", 0);
    assert_eq!(cluster_of("b", 0), main);
    assert_eq!(cluster_of("c", 0), main);
    assert_eq!(cluster_of("c", 1), main);
    assert_ne!(cluster_of("d", 0), main, "two days after the first report is another event");
    let members = s.cluster_events(main).unwrap();
    assert_eq!(members.iter().map(|r| r.doc_key.as_str()).collect::<Vec<_>>(), ["a", "b", "c", "c"]);
    let m = &members[0];
    assert_eq!((m.n_mentions, m.n_documents, m.n_outlets), (4, 3, 2));

    let e_clusters: Vec<i64> = rows.iter().filter(|r| r.doc_key == "e").map(|r| r.cluster_id).collect();
    assert_eq!(e_clusters[0], e_clusters[1], "a source set is a set");
    assert_ne!(e_clusters[0], main);
    assert_ne!(e_clusters[2], e_clusters[0], "another event type is another cluster");
    let e = s.cluster_events(e_clusters[0]).unwrap();
    assert_eq!((e[0].n_mentions, e[0].n_documents, e[0].n_outlets), (2, 1, 0));
    assert_ne!(cluster_of("f", 0), cluster_of("g", 0));

    let one = s.events(&Filter { one_per_cluster: true, ..Filter::default() }).unwrap();
    assert_eq!(one.len() as i64, s.counts().unwrap().clusters);
}

#[test]
fn the_window_can_be_widened() {
    let mut s = Store::open_in_memory().unwrap();
    s.set_window_days(3);
    add(&mut s, "a", "doc a", Some("X"), &[ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-11"))]);
    add(&mut s, "b", "doc b", Some("Y"), &[ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-14"))]);
    assert_eq!(s.counts().unwrap().clusters, 1);
}

#[test]
fn a_batch_commits_or_drops_whole_documents() {
    let dir = TempDir::new("batch");
    let db = dir.path("b.db");
    let mut s = Store::open(&db).unwrap();
    s.begin_batch().unwrap();
    add(&mut s, "a", "doc a", Some("X"), &[ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-11"))]);
    add(&mut s, "b", "doc b", Some("X"), &[ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-11"))]);
    // a duplicate inside the batch is seen
    assert!(matches!(add(&mut s, "a2", "doc  a", None, &[]), Added::Duplicate { .. }));
    s.rollback_batch().unwrap();
    assert_eq!(s.counts().unwrap(), Default::default());
    s.begin_batch().unwrap();
    add(&mut s, "a", "doc a", Some("X"), &[ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-11"))]);
    s.commit_batch().unwrap();
    drop(s);
    let s = Store::open(&db).unwrap();
    let c = s.counts().unwrap();
    assert_eq!((c.documents, c.events, c.actor_mentions, c.clusters), (1, 1, 2, 1));
    assert_consistent(&s);
}

#[test]
fn query_filters_use_codes_types_dates_and_words() {
    let mut s = Store::open_in_memory().unwrap();
    add(&mut s, "a", "Iran condemned the sanctions.", Some("X"), &[ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-11"))]);
    add(&mut s, "b", "Russian forces shelled the city.", Some("Y"), &[ev("ASSAULT", &["RUS"], &["UKR"], Some("2024-04-02"))]);
    add(&mut s, "c", "Both sides traded accusations.", Some("Y"), &[ev("ACCUSE", &["USA", "GBR"], &["IRN"], None)]);
    let keys = |f: Filter| s.events(&f).unwrap().into_iter().map(|r| r.doc_key).collect::<Vec<_>>();
    assert_eq!(keys(Filter { source: Some("irn".into()), ..Filter::default() }), ["a"]);
    assert_eq!(keys(Filter { source: Some("GBR".into()), ..Filter::default() }), ["c"], "any source, not only the first");
    assert_eq!(keys(Filter { target: Some("IRN".into()), ..Filter::default() }), ["c"]);
    assert_eq!(keys(Filter { event: Some("accuse".into()), ..Filter::default() }), ["a", "c"], "undated last");
    assert_eq!(keys(Filter { event: Some("19".into()), ..Filter::default() }), ["b"], "CAMEO prefix");
    assert_eq!(keys(Filter { from: Some("2024-04".into()), ..Filter::default() }), ["b"]);
    assert_eq!(keys(Filter { to: Some("2024-03".into()), ..Filter::default() }), ["a"]);
    assert_eq!(keys(Filter { text: Some("shelled".into()), ..Filter::default() }), ["b"]);
    assert_eq!(keys(Filter { text: Some("\"' OR 1=1 --".into()), ..Filter::default() }), Vec::<String>::new());
    assert_eq!(keys(Filter { source: Some("IRN' OR '1'='1".into()), ..Filter::default() }), Vec::<String>::new());
    assert_eq!(keys(Filter { limit: Some(1), ..Filter::default() }).len(), 1);
}

#[test]
fn writers_produce_each_format() {
    let mut s = Store::open_in_memory().unwrap();
    add(&mut s, "a", "Iran condemned the sanctions, \"again\".", Some("X, Y"), &[ev("ACCUSE", &["IRN"], &["USA"], Some("2024-03-11"))]);
    let all = s.events(&Filter::default()).unwrap();
    let write = |f: Format| {
        let mut w = EventWriter::new(Vec::new(), f);
        for r in &all {
            w.write(r).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    };
    let jsonl = write(Format::Jsonl);
    let v: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(v["event"], "ACCUSE");
    assert_eq!(v["document"]["id"], "a");
    assert_eq!(v["document"]["outlet"], "X, Y");
    assert_eq!(v["source"][0]["code"], "IRN");
    assert_eq!(v["goldstein"], -2.0);
    assert_eq!(v["cluster"]["n_mentions"], 1);
    let csv = write(Format::Csv);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("event_id,document,url,outlet"));
    assert!(lines.next().unwrap().contains(",\"X, Y\","));
    let gdelt = write(Format::Gdelt);
    let cols: Vec<&str> = gdelt.trim_end_matches('\n').split('\t').collect();
    assert_eq!(cols.len(), GDELT_COLUMNS.len());
    let col = |name: &str| cols[GDELT_COLUMNS.iter().position(|c| *c == name).unwrap()];
    assert_eq!(col("SQLDATE"), "20240311");
    assert_eq!(col("MonthYear"), "202403");
    assert_eq!(col("Actor1Code"), "IRNGOV");
    assert_eq!(col("Actor1CountryCode"), "IRN");
    assert_eq!(col("Actor2Code"), "USAGOV");
    assert_eq!(col("EventCode"), "111");
    assert_eq!(col("EventRootCode"), "11");
    assert_eq!(col("QuadClass"), "3");
    assert_eq!(col("GoldsteinScale"), "-2.0");
    assert_eq!((col("NumMentions"), col("NumSources"), col("NumArticles")), ("1", "1", "1"));
    assert_eq!(col("DATEADDED").len(), 14);
    let table = write(Format::Table);
    assert_eq!(table.lines().count(), 2);

    let mut pw = dyad_store::parquet_out::ParquetWriter::new(Vec::new()).unwrap();
    for r in &all {
        pw.write(r).unwrap();
    }
    let dir = TempDir::new("parquet");
    let path = dir.path("e.parquet");
    let mut file = std::fs::File::create(&path).unwrap();
    // write through a file to read it back with the crate's reader
    let mut pw2 = dyad_store::parquet_out::ParquetWriter::new(&mut file).unwrap();
    for r in &all {
        pw2.write(r).unwrap();
    }
    assert_eq!(pw2.finish().unwrap(), 1);
    assert_eq!(pw.finish().unwrap(), 1);
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows(), 1);
    assert_eq!(meta.schema_descr().num_columns(), 35);
    let row = reader.get_row_iter(None).unwrap().next().unwrap().unwrap();
    let text = row.to_string();
    assert!(text.contains("event: \"ACCUSE\""), "{text}");
    assert!(text.contains("event_date: 2024-03-11"), "{text}");
}

fn guardian() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/samples/guardian-2019-sample.jsonl");
    if p.is_file() {
        Some(p)
    } else {
        println!("note: {} is absent; test skipped", p.display());
        None
    }
}

/// The Guardian sample coded by dyad-core and stored: `--source USA` finds events, and a
/// second pass over the same documents changes nothing.
#[test]
fn guardian_sample_round_trip() {
    let Some(path) = guardian() else { return };
    let data = std::fs::read_to_string(&path).unwrap();
    let coder = dyad_core::Coder::embedded();
    let mut s = Store::open_in_memory().unwrap();
    let pass = |s: &mut Store| {
        let (mut new, mut dup) = (0, 0);
        s.begin_batch().unwrap();
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let st = |k: &str| v[k].as_str().map(str::to_string);
            let text = dyad_core::text::normalize(&st("text").unwrap());
            let date = st("date").as_deref().and_then(dyad_core::dates::Date::parse);
            let doc = dyad_core::Document { id: st("id").unwrap(), text, date, outlet: st("outlet"), url: None };
            let out = coder.code(&doc, false);
            let hash = content_hash(&doc.text);
            let nd = NewDocument { doc_key: &doc.id, source: "guardian", outlet: doc.outlet.as_deref(), text: &doc.text, hash: &hash, ..NewDocument::default() };
            match s.add_document(&nd, &out.events).unwrap() {
                Added::New { .. } => new += 1,
                Added::Duplicate { .. } => dup += 1,
            }
        }
        s.commit_batch().unwrap();
        (new, dup)
    };
    let (new, dup) = pass(&mut s);
    assert_eq!((new, dup), (249, 0));
    let first = s.counts().unwrap();
    assert!(first.events > 0);
    let usa = s.events(&Filter { source: Some("USA".into()), ..Filter::default() }).unwrap();
    assert!(!usa.is_empty(), "no event with source USA");
    assert!(usa.iter().all(|r| r.source.contains("\"USA\"")));
    assert_eq!(pass(&mut s), (0, 249));
    assert_eq!(s.counts().unwrap(), first);
    assert_consistent(&s);
}
