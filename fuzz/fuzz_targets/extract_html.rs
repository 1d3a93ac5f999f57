//! Arbitrary bytes as a scraped HTML page, through the same function `dyad extract` uses
//! (`extract_html_bytes`: charset sniffing, depth cap, pruning, rs-trafilatura, cleanup,
//! metadata), and through `html_to_text` (used for feed items).
//!
//! Asserts: no panic (the fuzzer's panic hook aborts even inside the extractor's
//! `catch_unwind`), no hang, and the documented output formats.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = dyad_ingest::extract_html_bytes("fuzz", data);
    assert_eq!(page.id, "fuzz");
    if let Some(d) = &page.published {
        // YYYY-MM-DD
        let b = d.as_bytes();
        assert!(
            b.len() == 10
                && b[4] == b'-'
                && b[7] == b'-'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()),
            "published {d:?}"
        );
    }
    serde_json::to_string(&page).expect("page serialises");
    let text = dyad_ingest::html_to_text(&String::from_utf8_lossy(data));
    assert!(
        text.lines().all(|l| !l.trim().is_empty()),
        "empty line in {text:?}"
    );
});
