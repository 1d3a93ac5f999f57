//! Arbitrary bytes as a JSONL document collection through `jsonl::JsonlReader`.
//!
//! The first byte picks the per-line size limit (so that the overlong-line path is
//! reached with small inputs); the rest is the file. Asserts: no panic, no hang, one
//! result per non-blank line at most, and every error names the file and its line.
#![no_main]

use std::path::Path;

use dyad_ingest::jsonl::JsonlReader;
use dyad_ingest::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let limits = if sel < 0x40 {
        Limits {
            max_document_bytes: sel as usize * 8,
            ..Limits::default()
        }
    } else {
        Limits::default()
    };
    let lines = rest.split(|&b| b == b'\n').count();
    let mut n = 0;
    for r in JsonlReader::new(rest, Path::new("fuzz.jsonl"), &limits) {
        n += 1;
        match r {
            Ok(page) => {
                assert!(!page.id.is_empty());
                serde_json::to_string(&page).expect("page serialises");
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.starts_with("fuzz.jsonl:"), "{msg}");
            }
        }
    }
    assert!(n <= lines, "{n} results for {lines} lines");
});
