//! Arbitrary bytes as a WARC file through `warc::WarcReader`, then every HTML record
//! through `WarcPage::to_page` (charset, extraction).
//!
//! The first byte selects the framing:
//! * bit 0 clear: the rest is the file as is (plain WARC, or whatever gzip the fuzzer makes);
//! * bit 0 set: the rest is cut at `\xff\xfe` markers and each part is compressed as its own
//!   gzip member, as in a real `.warc.gz`; bit 1 then cuts the last `byte >> 2` bytes off
//!   (a truncated download).
//!
//! Asserts: no panic, no hang, every error names the file, and reading ends.
#![no_main]

use std::io::Write;
use std::path::Path;

use dyad_ingest::warc::WarcReader;
use dyad_ingest::Limits;
use libfuzzer_sys::fuzz_target;

fn gzip_members(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = data;
    loop {
        let cut = rest.windows(2).position(|w| w == b"\xff\xfe");
        let (part, next) = match cut {
            Some(p) => (&rest[..p], Some(&rest[p + 2..])),
            None => (rest, None),
        };
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(part).expect("in-memory write");
        out.extend_from_slice(&e.finish().expect("in-memory gzip"));
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let bytes: Vec<u8> = if sel & 1 == 0 {
        rest.to_vec()
    } else {
        let mut g = gzip_members(rest);
        if sel & 2 != 0 {
            let cut = (sel >> 2) as usize;
            g.truncate(g.len().saturating_sub(cut));
        }
        g
    };
    let path = Path::new("fuzz.warc");
    let limits = Limits {
        max_document_bytes: 64 << 10,
        ..Limits::default()
    };
    let len = bytes.len();
    let reader = WarcReader::from_reader(Box::new(std::io::Cursor::new(bytes)), path, &limits)
        .expect("reading from memory cannot fail");
    let mut n = 0usize;
    for r in reader {
        n += 1;
        // Every result consumes input: there cannot be more results than bytes (+ 1 for an
        // error at the end).
        assert!(n <= len + 1, "reader does not advance");
        match r {
            Ok(p) => {
                let page = p.to_page();
                serde_json::to_string(&page).expect("page serialises");
            }
            Err(e) => assert_eq!(e.path(), path),
        }
    }
});
