//! The whole coder on arbitrary UTF-8 text.
//!
//! The first byte is a control byte: bit 0 set codes the document without a publication
//! date; at 0xFF a short text (up to 32 bytes) is repeated to just over 64 KiB, so that the
//! 64 KB line pieces are reached (the 150-token windows are reached by any long line). Only
//! short patterns are repeated: every repeated input is 64 KiB to code, and the fuzzer keeps
//! many of them, which slows the whole run down.
//! Asserts: no panic, no hang; the output text is the NFC-normalised input; every span
//! (trigger, source and target actors, date text, attribution speaker and outlet) lies
//! inside the text, on character offsets whose text is the span's text; the output
//! serialises to valid JSON.
#![no_main]

use std::sync::OnceLock;

use dyad_core::dates::Date;
use dyad_core::{Coder, Document};
use libfuzzer_sys::fuzz_target;

static CODER: OnceLock<&'static Coder> = OnceLock::new();

fn span_ok(chars: &[char], start: usize, end: usize, text: Option<&str>, what: &str) {
    assert!(
        start <= end && end <= chars.len(),
        "{what} span {start}..{end} outside a text of {} chars",
        chars.len()
    );
    if let Some(t) = text {
        let got: String = chars[start..end].iter().collect();
        assert_eq!(got, t, "{what} text differs from its span");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else {
        return;
    };
    let coder = *CODER.get_or_init(Coder::embedded);
    let mut text = String::from_utf8_lossy(rest).into_owned();
    if ctl == 0xFF && !text.is_empty() && text.len() <= 32 {
        text = text.repeat(((64 << 10) + 1000) / text.len() + 1);
    }
    let doc = Document {
        id: "fuzz".into(),
        text,
        date: if ctl & 1 == 0 {
            Date::parse("2024-03-11")
        } else {
            None
        },
        ..Default::default()
    };
    let out = coder.code(&doc, true);
    let norm = out.text.as_deref().expect("with_text returns the text");
    assert_eq!(norm, dyad_core::text::normalize(&doc.text));
    let chars: Vec<char> = norm.chars().collect();
    for e in &out.events {
        span_ok(
            &chars,
            e.trigger.start,
            e.trigger.end,
            Some(&e.trigger.text),
            "trigger",
        );
        for a in e.source.iter().chain(&e.target) {
            span_ok(&chars, a.start, a.end, Some(&a.text), "actor");
        }
        if let Some(d) = &e.date_text {
            span_ok(&chars, d.start, d.end, Some(&d.text), "date");
        }
        if let Some(att) = &e.attribution {
            if let Some(s) = &att.speaker {
                span_ok(&chars, s.start, s.end, Some(&s.text), "speaker");
            }
            if let Some(o) = &att.outlet {
                span_ok(&chars, o.start, o.end, None, "outlet");
            }
        }
    }
    let json = serde_json::to_string(&out).expect("output serialises");
    let back: serde_json::Value = serde_json::from_str(&json).expect("output is valid JSON");
    assert_eq!(
        back["events"].as_array().map(Vec::len),
        Some(out.events.len())
    );
});
