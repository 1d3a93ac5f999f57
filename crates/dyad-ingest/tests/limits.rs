//! Resource limits (README "Limits"): each limit gets an input just over it, which must give
//! a clear error naming the input or the documented behaviour; never a panic, a stack
//! overflow or unbounded memory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dyad_ingest::jsonl::JsonlReader;
use dyad_ingest::warc::WarcReader;
use dyad_ingest::{
    extract_file, extract_html, html_to_text, read_file, IngestError, Limits, MAX_HTML_DEPTH,
};

fn tmp(name: &str, data: &[u8]) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-ingest-limits-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let p = d.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn document_one_byte_over_the_size_limit() {
    let limits = Limits {
        max_document_bytes: 4096,
        ..Limits::default()
    };
    let at = tmp("at-limit.html", &vec![b'a'; 4096]);
    assert_eq!(read_file(&at, &limits).unwrap().len(), 4096);
    let over = tmp("over-limit.html", &vec![b'a'; 4097]);
    let err = extract_file(&over, &limits).unwrap_err();
    assert!(
        matches!(
            err,
            IngestError::TooLarge {
                size: 4097,
                limit: 4096,
                ..
            }
        ),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("over-limit.html") && msg.contains("4097 bytes") && msg.contains("skipped"),
        "{msg}"
    );
}

#[test]
fn default_limits_are_the_documented_ones() {
    let l = Limits::default();
    assert_eq!(l.max_document_bytes, 20 << 20);
    assert_eq!(l.max_decompressed_bytes, 200 << 20);
    assert_eq!(MAX_HTML_DEPTH, 160);
}

#[test]
fn decompressed_size_one_byte_over_the_limit() {
    let limits = Limits {
        max_decompressed_bytes: 100_000,
        ..Limits::default()
    };
    let at = tmp("at.html.gz", &gzip(&vec![b'x'; 100_000]));
    assert_eq!(read_file(&at, &limits).unwrap().len(), 100_000);
    let over = tmp("over.html.gz", &gzip(&vec![b'x'; 100_001]));
    let err = read_file(&over, &limits).unwrap_err();
    assert!(
        matches!(
            err,
            IngestError::DecompressedTooLarge { limit: 100_000, .. }
        ),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("over.html.gz") && msg.contains("100000 bytes"),
        "{msg}"
    );
}

#[test]
fn jsonl_line_one_byte_over_the_limit() {
    // The limit counts the line with its newline.
    let line = |n: usize| {
        let pad = n - r#"{"id":"x","text":""}"#.len() - 1;
        format!("{{\"id\":\"x\",\"text\":\"{}\"}}\n", "a".repeat(pad))
    };
    let limits = Limits {
        max_document_bytes: 1000,
        ..Limits::default()
    };
    let data = format!("{}{}{}", line(1000), line(1001), line(500));
    let got: Vec<_> = JsonlReader::new(data.as_bytes(), Path::new("big.jsonl"), &limits).collect();
    assert_eq!(got.len(), 3);
    assert!(got[0].is_ok());
    let msg = got[1].as_ref().unwrap_err().to_string();
    assert!(
        msg.starts_with("big.jsonl:2:") && msg.contains("1001 bytes, over the 1000 byte"),
        "{msg}"
    );
    assert!(got[2].is_ok(), "reading goes on after the long line");
}

#[test]
fn jsonl_line_nested_100000_levels_is_read_without_overflow() {
    // serde_json skips an unknown field iteratively, and stops at 128 levels when it builds
    // a value (the "id"): the first line is read, the second is reported, reading goes on.
    let (open, close) = ("[".repeat(100_000), "]".repeat(100_000));
    let data = format!(
        "{{\"id\":\"a\",\"text\":\"t\",\"extra\":{open}1{close}}}\n\
         {{\"id\":{open}1{close},\"text\":\"t\"}}\n\
         {{\"id\":\"c\",\"text\":\"fine\"}}\n"
    );
    let got: Vec<_> = on_small_stack(move || {
        JsonlReader::new(data.as_bytes(), Path::new("deep.jsonl"), &Limits::default())
            .map(|r| r.map(|p| p.id).map_err(|e| e.to_string()))
            .collect::<Vec<_>>()
    });
    assert_eq!(got.len(), 3);
    assert_eq!(got[0], Ok("a".to_string()));
    let msg = got[1].as_ref().unwrap_err();
    assert!(
        msg.starts_with("deep.jsonl:2:") && msg.contains("recursion limit"),
        "{msg}"
    );
    assert_eq!(got[2], Ok("c".to_string()));
}

fn warc_record(uri: &str, html: &str) -> Vec<u8> {
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{html}");
    format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nWARC-Target-URI: https://example.com/{uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    )
    .into_bytes()
}

#[test]
fn warc_record_one_byte_over_the_limit() {
    let body = "<html><body><p>Protesters gathered in Cairo on Tuesday.</p></body></html>";
    let first = warc_record("big", &format!("{body}{}", " ".repeat(2000)));
    // Content-Length of the first record: the HTTP message.
    let len = 2000 + body.len() + "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".len();
    let mut data = first.clone();
    data.extend(warc_record("small", body));
    let read = |max: usize, bytes: Vec<u8>| -> Vec<Result<String, String>> {
        let limits = Limits {
            max_document_bytes: max,
            ..Limits::default()
        };
        WarcReader::from_reader(
            Box::new(std::io::Cursor::new(bytes)),
            Path::new("a.warc"),
            &limits,
        )
        .unwrap()
        .map(|r| r.map(|p| p.record_id).map_err(|e| e.to_string()))
        .collect()
    };
    let ok = read(len, data.clone());
    assert_eq!(ok, [Ok("big".to_string()), Ok("small".to_string())]);
    let over = read(len - 1, data.clone());
    assert_eq!(over.len(), 2, "{over:?}");
    let msg = over[0].as_ref().unwrap_err();
    assert!(
        msg.starts_with("a.warc: WARC record at byte 0:")
            && msg.contains(&format!(
                "record of {len} bytes is over the {} byte document limit",
                len - 1
            )),
        "{msg}"
    );
    assert_eq!(over[1], Ok("small".to_string()));
    // .warc.gz: one gzip member per record; the member limit is the document limit plus
    // 64 KiB of WARC and HTTP headers.
    let big_body = format!("{body}{}", " ".repeat(70_000));
    let mut gz = gzip(&warc_record("big", &big_body));
    gz.extend(gzip(&warc_record("small", body)));
    let over = read(1000, gz);
    assert_eq!(over.len(), 2, "{over:?}");
    assert!(
        over[0]
            .as_ref()
            .unwrap_err()
            .contains("larger than the 1000 byte document limit"),
        "{over:?}"
    );
    assert_eq!(over[1], Ok("small".to_string()));
}

/// Runs `f` on a thread with a small stack (256 KiB, an eighth of Rust's default for
/// spawned threads), so that recursion depending on the input would overflow.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no panic, no stack overflow")
}

fn nested(prefix: &str, open: &str, close: &str, depth: usize, text: &str) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * depth + 200);
    s.push_str("<html><body><article><p>Iran and Russia agreed on Monday to resume talks on the nuclear programme, officials in Moscow said.</p>");
    s.push_str(prefix);
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push_str(text);
    for _ in 0..depth {
        s.push_str(close);
    }
    s.push_str("</article></body></html>");
    s
}

#[test]
fn html_nested_one_level_over_the_depth_limit_keeps_its_text() {
    let html = nested(
        "",
        "<div>",
        "</div>",
        MAX_HTML_DEPTH + 1,
        "Deep text stays.",
    );
    let text = on_small_stack(move || html_to_text(&html));
    assert!(text.contains("Deep text stays."), "{text}");
}

#[test]
fn html_nested_100000_levels_is_flattened_without_overflow() {
    // (prefix, repeated start tags, repeated end tags, levels, whether the text is visible
    // to `html_to_text`, which skips SVG and MathML)
    let cases: &[(&str, &str, &str, usize, bool)] = &[
        ("", "<div>", "</div>", 100_000, true),
        ("", "<div>", "", 100_000, true),
        ("", "<span><b>", "</b></span>", 100_000, true),
        ("", "<x-a>", "</x-a>", 100_000, true),
        // Inside SVG/MathML the parser nests elements that close implicitly in HTML.
        ("<svg>", "<tr>", "", 100_000, false),
        ("<math>", "<option>", "", 100_000, false),
        ("<svg>", "<p>", "", 100_000, true),
        // Lists and tables: past the depth limit the items become siblings; the extractor
        // spends ~40 us per list item and ~0.4 ms per table row, so fewer levels here.
        ("", "<ul><li>", "</li></ul>", 10_000, true),
        ("", "<table><tr><td>", "</td></tr></table>", 10_000, true),
    ];
    for &(prefix, open, close, levels, visible) in cases {
        let what = format!("{levels} x {prefix}{open}");
        let html = nested(prefix, open, close, levels, "Deep text stays.");
        let t0 = Instant::now();
        let (page, text) =
            on_small_stack(move || (extract_html("deep", &html), html_to_text(&html)));
        let took = t0.elapsed();
        assert!(
            page.body.contains("agreed on Monday"),
            "{what}: {:.300}",
            page.body
        );
        assert!(
            text.contains("agreed on Monday") && text.contains("Deep text stays.") == visible,
            "{what}: {text:.300}"
        );
        // Generous: catches a hang or a quadratic blow-up, not a slow machine.
        assert!(took < Duration::from_secs(60), "{what}: {took:?}");
    }
}

#[test]
fn json_ld_nested_100000_levels_is_ignored_without_overflow() {
    let html = format!(
        "<html><head><script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":{}\"x\"{}}}</script>\
         <title>Talks resume</title></head><body><article><p>Iran and Russia agreed on Monday to resume talks on the nuclear programme, officials in Moscow said.</p></article></body></html>",
        "{\"a\":".repeat(100_000),
        "}".repeat(100_000)
    );
    let page = on_small_stack(move || extract_html("ld", &html));
    assert!(page.body.contains("agreed on Monday"), "{}", page.body);
    assert_eq!(page.title.as_deref(), Some("Talks resume"));
}

#[test]
fn limits_set_to_the_largest_value_mean_no_limit() {
    // `--max-doc-bytes 18446744073709551615`: `limit + 1` must not wrap around to 0 (which
    // read every file and line as empty) or overflow.
    let huge = Limits {
        max_document_bytes: usize::MAX,
        max_decompressed_bytes: usize::MAX,
    };
    let plain = tmp("huge-limit.html", b"<p>text</p>");
    assert_eq!(read_file(&plain, &huge).unwrap(), b"<p>text</p>");
    let gz = tmp("huge-limit.html.gz", &gzip(b"<p>text</p>"));
    assert_eq!(read_file(&gz, &huge).unwrap(), b"<p>text</p>");
    let data = "{\"id\":\"a\",\"text\":\"Iran condemned the strike.\"}\n";
    let got: Vec<_> = JsonlReader::new(data.as_bytes(), Path::new("h.jsonl"), &huge)
        .map(|r| r.map(|p| p.body).map_err(|e| e.to_string()))
        .collect();
    assert_eq!(got, [Ok("Iran condemned the strike.".to_string())]);
    let body = "<html><body><p>Protesters gathered in Cairo on Tuesday.</p></body></html>";
    let rec = warc_record("r", body);
    for bytes in [rec.clone(), gzip(&rec)] {
        let got: Vec<_> = WarcReader::from_reader(
            Box::new(std::io::Cursor::new(bytes)),
            Path::new("h.warc"),
            &huge,
        )
        .unwrap()
        .map(|r| r.map(|p| p.record_id).map_err(|e| e.to_string()))
        .collect();
        assert_eq!(got, [Ok("r".to_string())]);
    }
}
