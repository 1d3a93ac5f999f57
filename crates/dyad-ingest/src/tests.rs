//! Crate-level tests: metadata, cleanup, gzip handling, hostile input, real pages.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::*;

fn tmp_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-ingest-test-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write_tmp(name: &str, data: &[u8]) -> PathBuf {
    let p = tmp_dir().join(name);
    std::fs::write(&p, data).unwrap();
    p
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Deterministic pseudo-random bytes (xorshift), so failures reproduce.
fn noise(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

const ARTICLE: &str = r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Iran condemns new sanctions | World News Daily</title>
<link rel="canonical" href="https://www.worldnewsdaily.example/world/2024/03/11/iran-sanctions">
<meta property="og:site_name" content="World News Daily">
<meta property="og:title" content="Iran condemns new U.S. sanctions">
<meta property="article:modified_time" content="2024-03-12T09:00:00Z">
<meta name="description" content="Tehran said the measures were illegal.">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
  {"@type":"WebSite","name":"WND"},
  {"@type":"NewsArticle","headline":"Iran condemns new U.S. sanctions",
   "datePublished":"2024-03-11T08:30:00+03:30","dateModified":"2024-03-12T09:00:00Z",
   "publisher":{"@type":"NewsMediaOrganization","name":"World News Daily Ltd"}}]}
</script>
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. By continuing you agree to our cookie policy.</div>
<main>
<article>
<h1>Iran condemns new U.S. sanctions</h1>
<p class="byline">By Jane Doe, Reuters</p>
<p><span class="drop-cap">T</span>ehran on Monday condemned a new round of U.S. sanctions targeting its oil exports, calling the measures illegal and a violation of international law.</p>
<p>Advertisement</p>
<p>Foreign ministry spokesman Nasser Kanaani told reporters that the Islamic Republic would respond to the measures at the appropriate time and would not negotiate under pressure.</p>
<figure><img src="x.jpg"><figcaption>Oil tankers at a terminal in the Gulf (Photo: AFP)</figcaption></figure>
<p>Read more: Oil prices climb after sanctions announcement</p>
<p>The sanctions, announced by the Treasury Department on Friday, target a network of companies accused of shipping Iranian crude to buyers in Asia in breach of earlier restrictions.</p>
<p>اضافة اعلان</p>
<p>European diplomats said they feared the new measures would complicate efforts to revive talks on Iran's nuclear programme, which have been stalled for more than a year.</p>
<p>Sign up for our daily World Briefing newsletter.</p>
</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Oil climbs</a></li><li><a href="/b">Talks stall</a></li></ul></aside>
</main>
<footer>Copyright 2024 World News Daily. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body>
</html>"#;

#[test]
fn metadata_from_hand_written_page() {
    let p = extract_html("iran-1", ARTICLE);
    assert_eq!(p.id, "iran-1");
    assert_eq!(
        p.url.as_deref(),
        Some("https://www.worldnewsdaily.example/world/2024/03/11/iran-sanctions")
    );
    assert_eq!(p.title.as_deref(), Some("Iran condemns new U.S. sanctions"));
    // JSON-LD datePublished (local date as written) wins over the modified time.
    assert_eq!(p.published.as_deref(), Some("2024-03-11"));
    // og:site_name wins over the JSON-LD publisher.
    assert_eq!(p.outlet.as_deref(), Some("World News Daily"));
    assert_eq!(p.language.as_deref(), Some("en"));
}

#[test]
fn metadata_fallbacks() {
    // No JSON-LD, no og:site_name: a meta date; the outlet from the title's " - Site" part.
    let html = r#"<html><head><title>Talks collapse - The Paper</title>
        <meta name="pubdate" content="20191119"><meta property="og:url" content="https://www.thepaper.example/x/1">
        </head><body><article><p>Negotiators left the capital on Tuesday after talks collapsed over the question of border security, officials said.</p></article></body></html>"#;
    let p = extract_html("x", html);
    assert_eq!(p.published.as_deref(), Some("2019-11-19"));
    assert_eq!(p.url.as_deref(), Some("https://www.thepaper.example/x/1"));
    assert_eq!(p.outlet.as_deref(), Some("The Paper"));
    assert_eq!(p.title.as_deref(), Some("Talks collapse - The Paper"));
    // Nothing usable but the URL: the host is the outlet, the URL path gives the date.
    let html = r#"<html><head><link rel="canonical" href="https://news.example.org/2021/07/04/story">
        <meta property="og:site_name" content="@handle"></head><body><p>Text.</p></body></html>"#;
    let p = extract_html("u", html);
    assert_eq!(p.outlet.as_deref(), Some("news.example.org"));
    assert_eq!(p.published.as_deref(), Some("2021-07-04"));

    // article:published_time and a JSON-LD publisher given as an array.
    let html = r#"<html><head><meta property="article:published_time" content="Tue, 19 Nov 2019 08:30:00 GMT">
        <script type="application/ld+json">[{"@type":"Article","publisher":[{"name":"Daily Example"}]}]</script>
        </head><body><p>x</p></body></html>"#;
    let p = extract_html("y", html);
    assert_eq!(p.published.as_deref(), Some("2019-11-19"));
    assert_eq!(p.outlet.as_deref(), Some("Daily Example"));

    // Broken JSON-LD (raw newline in a string, trailing semicolon) is still read.
    let html = "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"A\nB\",\"datePublished\":\"2020-02-29\"};</script></head><body></body></html>";
    assert_eq!(
        extract_html("z", html).published.as_deref(),
        Some("2020-02-29")
    );
}

#[test]
fn boilerplate_is_removed_from_body() {
    let p = extract_html("iran-1", ARTICLE);
    let b = &p.body;
    assert!(
        b.contains("Tehran on Monday condemned"),
        "drop cap re-joined: {b}"
    );
    assert!(
        b.contains("Foreign ministry spokesman Nasser Kanaani"),
        "{b}"
    );
    assert!(b.contains("European diplomats said"), "{b}");
    for gone in [
        "Advertisement",
        "اضافة اعلان",
        "Read more:",
        "Sign up",
        "cookies",
        "Copyright",
        "Related stories",
        "Home",
    ] {
        assert!(!b.contains(gone), "{gone:?} left in body:\n{b}");
    }
    // One paragraph per line.
    assert!(b.lines().count() >= 4, "{b}");
}

#[test]
fn ad_labels_in_several_languages() {
    let paras = [
        "Le gouvernement a annoncé lundi de nouvelles mesures pour soutenir les agriculteurs touchés par la sécheresse.",
        "Publicité",
        "Die Regierung kündigte am Montag neue Maßnahmen zur Unterstützung der von der Dürre betroffenen Landwirte an.",
        "Anzeige",
        "أعلنت الحكومة يوم الاثنين عن إجراءات جديدة لدعم المزارعين المتضررين من الجفاف في المناطق الريفية.",
        "اضافة اعلان",
        "ADVERTISEMENT",
    ];
    let html: String = format!(
        "<html><body><article>{}</article></body></html>",
        paras
            .iter()
            .map(|p| format!("<p>{p}</p>"))
            .collect::<String>()
    );
    let p = extract_html("ads", &html);
    for label in ["Publicité", "Anzeige", "اضافة اعلان", "ADVERTISEMENT"] {
        assert!(
            !p.body.lines().any(|l| l == label),
            "{label} kept:\n{}",
            p.body
        );
    }
    assert_eq!(p.body.lines().count(), 3, "{}", p.body);
}

#[test]
fn gzip_compressed_page() {
    let path = write_tmp("page.html.gz", &gzip(ARTICLE.as_bytes()));
    let bytes = read_file(&path, &Limits::default()).unwrap();
    assert_eq!(bytes, ARTICLE.as_bytes());
    let page = extract_file(&path, &Limits::default()).unwrap();
    assert_eq!(page.id, "page");
    assert!(page.body.contains("Foreign ministry spokesman"));
    // Concatenated gzip members are one stream.
    let mut two = gzip(b"<html><body><p>one ");
    two.extend(gzip(b"two</p></body></html>"));
    let path = write_tmp("two.html.gz", &two);
    assert_eq!(
        read_file(&path, &Limits::default()).unwrap(),
        b"<html><body><p>one two</p></body></html>"
    );
}

#[test]
fn truncated_gzip_is_a_clear_error() {
    let gz = gzip(ARTICLE.as_bytes());
    for cut in [gz.len() - 4, gz.len() / 2, 12, 3] {
        let path = write_tmp("cut.html.gz", &gz[..cut]);
        let err = read_file(&path, &Limits::default()).unwrap_err();
        let msg = err.to_string();
        assert!(
            matches!(err, IngestError::TruncatedGzip { .. }),
            "cut at {cut}: {msg}"
        );
        assert!(
            msg.contains("cut.html.gz") && msg.contains("truncated"),
            "{msg}"
        );
    }
    // Damaged data (not cut) is reported as corrupt.
    let mut bad = gz.clone();
    for b in &mut bad[20..60] {
        *b ^= 0x5a;
    }
    let path = write_tmp("bad.html.gz", &bad);
    let err = read_file(&path, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            IngestError::CorruptGzip { .. } | IngestError::TruncatedGzip { .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("bad.html.gz"));
}

#[test]
fn gzip_bomb_over_the_limit() {
    // 64 MiB of zeros compress to about 64 KiB; the limit is 4 MiB.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        enc.write_all(&zeros).unwrap();
    }
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 1 << 20);
    let path = write_tmp("bomb.html.gz", &bomb);
    let limits = Limits {
        max_decompressed_bytes: 4 << 20,
        ..Limits::default()
    };
    let err = read_file(&path, &limits).unwrap_err();
    assert!(
        matches!(err, IngestError::DecompressedTooLarge { limit, .. } if limit == 4 << 20),
        "{err}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains("bomb.html.gz") && msg.contains("4.0 MiB"),
        "{msg}"
    );
    // Memory is bounded by the limit: gunzip never holds more than limit + 1 bytes.
    let err = gunzip(&bomb, 1000, Path::new("mem")).unwrap_err();
    assert!(matches!(err, IngestError::DecompressedTooLarge { .. }));
    // The on-disk limit applies before decompressing.
    let small = Limits {
        max_document_bytes: 1000,
        ..Limits::default()
    };
    assert!(matches!(
        read_file(&path, &small).unwrap_err(),
        IngestError::TooLarge { .. }
    ));
}

#[test]
fn invalid_utf8_is_decoded_lossily() {
    let mut html = b"<html><body><article><p>Officials in the capital said on Monday that the talks would resume next week despite the ".to_vec();
    html.extend_from_slice(&[0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]);
    html.extend_from_slice(" disagreements over the border, and that both delegations had agreed on a new timetable for the negotiations.</p><p>Caf\u{e9} owners welcomed the news.</p></article></body></html>".as_bytes());
    let p = extract_html_bytes("bad-utf8", &html);
    assert!(p.body.contains("Officials in the capital"), "{}", p.body);
    assert!(p.body.contains("Café"), "valid UTF-8 kept: {}", p.body);
    // Mostly-Latin-1 bytes without a declaration are read as Windows-1252.
    let latin1 = b"<html><body><p>Le pr\xe9sident a d\xe9clar\xe9 que la r\xe9forme \xe9tait n\xe9cessaire.</p></body></html>";
    assert!(decode_html(latin1).contains("président a déclaré"));
    // A declared charset is honoured.
    let declared = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body></html>";
    assert!(decode_html(declared).contains("Привет"));
}

#[test]
fn empty_file() {
    let path = write_tmp("empty.html", b"");
    let bytes = read_file(&path, &Limits::default()).unwrap();
    assert!(bytes.is_empty());
    let p = extract_file(&path, &Limits::default()).unwrap();
    assert_eq!(p.id, "empty");
    assert!(
        p.body.is_empty() && p.title.is_none() && p.published.is_none() && p.language.is_none()
    );
    // A missing file is an I/O error naming the file.
    let err = read_file(&tmp_dir().join("nope.html"), &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("nope.html"));
}

#[test]
fn binary_garbage_does_not_panic() {
    for seed in 1..10u64 {
        let junk = noise(seed, 1 + (seed as usize * 997) % 4_000);
        let p = extract_html_bytes("junk", &junk);
        assert!(p.body.len() < 100_000);
        let path = write_tmp("junk.bin", &junk);
        assert!(read_file(&path, &Limits::default()).is_ok());
        let _ = crate::feed::parse_feed(&junk, Path::new("junk.xml"));
        let _ =
            crate::jsonl::JsonlReader::new(&junk[..], Path::new("junk.jsonl"), &Limits::default())
                .count();
    }
    // Garbage behind a gzip magic number is a gzip error, not a panic.
    let mut fake = vec![0x1f, 0x8b];
    fake.extend(noise(7, 5000));
    let path = write_tmp("fake.gz", &fake);
    let err = read_file(&path, &Limits::default()).unwrap_err();
    assert!(
        matches!(
            err,
            IngestError::CorruptGzip { .. } | IngestError::TruncatedGzip { .. }
        ),
        "{err}"
    );
    // Truncations and splices of a real-looking page at arbitrary byte positions.
    let bytes = ARTICLE.as_bytes();
    for cut in (0..bytes.len()).step_by(bytes.len() / 5) {
        let _ = extract_html_bytes("cut", &bytes[..cut]);
        let mut spliced = bytes[cut..].to_vec();
        spliced.extend_from_slice(&noise(cut as u64, 64));
        spliced.extend_from_slice(&bytes[..cut]);
        let _ = extract_html_bytes("spliced", &spliced);
    }
    // Deep nesting.
    let deep = format!(
        "{}text{}",
        "<div><span>".repeat(20_000),
        "</span></div>".repeat(20_000)
    );
    let _ = extract_html("deep", &deep);
    let _ = html_to_text(&deep);
}

#[test]
fn ids_from_paths() {
    assert_eq!(id_from_path(Path::new("/x/abc.html.gz")), "abc");
    assert_eq!(id_from_path(Path::new("abc.HTM")), "abc");
    assert_eq!(id_from_path(Path::new("a.b.html")), "a.b");
    assert_eq!(id_from_path(Path::new("page.gz")), "page");
    assert_eq!(id_from_path(Path::new("plain")), "plain");
}

/// Runs extraction over a few real news pages from the shared evaluation set, when it is
/// present next to the repository (it is not needed to build or use the crate).
#[test]
fn real_pages_from_shared_eval_set() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/article-extraction/html");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "note: {} not found; skipping the real-page test",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no pages in {}", dir.display());
    let step = (files.len() / 6).max(1);
    let mut checked = 0;
    for path in files.iter().step_by(step).take(6) {
        let page = extract_file(path, &Limits::default()).unwrap_or_else(|e| panic!("{e}"));
        let words = page.body.split_whitespace().count();
        assert!(
            words >= 80 || page.body.chars().count() >= 400,
            "{}: body too short ({words} words): {:?}",
            path.display(),
            page.body
        );
        assert!(page.title.is_some(), "{}: no title", path.display());
        assert!(
            !page.body.contains("<div") && !page.body.contains("<p>"),
            "{}: markup in body",
            path.display()
        );
        checked += 1;
    }
    println!("checked {checked} real pages from {}", dir.display());
}

#[test]
fn minified_html_keeps_paragraphs_apart() {
    let html = "<html><body><article><h1>Talks</h1><p>Egypt condemned Israel on Wednesday, officials said.</p><p>Cairo also urged Washington to act.</p></article></body></html>";
    let page = crate::extract_html("m", html);
    assert!(!page.body.contains("said.Cairo"), "{}", page.body);
    assert!(page.body.contains("said.\nCairo") || page.body.contains("said. Cairo"), "{}", page.body);
}
