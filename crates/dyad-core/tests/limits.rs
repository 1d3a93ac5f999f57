//! Sentence-length limits (README "Limits"): a run of text just over a limit is cut and
//! coded in pieces, with offsets into the whole text; nothing is skipped and nothing panics.

use dyad_core::dates::Date;
use dyad_core::{Coder, Document, MAX_SENTENCE_TOKENS};

fn code(text: &str) -> dyad_core::record::DocOut {
    let doc = Document {
        id: "limit".into(),
        text: text.to_string(),
        date: Date::parse("2024-03-11"),
        ..Default::default()
    };
    Coder::embedded().code(&doc, false)
}

/// (event, trigger start in chars, sentence index) of every event.
fn events(text: &str) -> Vec<(String, usize, usize)> {
    let out = code(text);
    let chars: Vec<char> = text.chars().collect();
    for e in &out.events {
        let t: String = chars[e.trigger.start..e.trigger.end].iter().collect();
        assert_eq!(t, e.trigger.text);
    }
    out.events
        .iter()
        .map(|e| (e.event.clone(), e.trigger.start, e.sentence))
        .collect()
}

const CLAUSE: &str = "Iran condemned Israel on Monday";

#[test]
fn sentence_just_over_the_token_window_is_coded_in_windows() {
    assert_eq!(MAX_SENTENCE_TOKENS, 150);
    // One sentence without punctuation: MAX_SENTENCE_TOKENS filler tokens, then the clause,
    // which falls entirely in the second window.
    let filler = "lorem ".repeat(MAX_SENTENCE_TOKENS);
    let text = format!("{filler}{CLAUSE}");
    let at = filler.len() + "Iran ".len();
    assert_eq!(
        events(&text),
        [("ACCUSE".to_string(), at, 0)],
        "the event after the first window is coded, in sentence 0"
    );
    // The same clause in the first window gives the same event.
    let filler = "lorem ".repeat(MAX_SENTENCE_TOKENS - 10);
    let text = format!("{filler}{CLAUSE}");
    assert_eq!(events(&text), [("ACCUSE".to_string(), filler.len() + 5, 0)]);
}

#[test]
fn line_just_over_64_kb_is_cut_into_pieces() {
    // A line of 64 KiB + a few bytes without sentence punctuation, the clause at its end.
    let filler = "lorem ".repeat(64 * 1024 / 6 + 1);
    assert!(filler.len() > 64 * 1024);
    let text = format!("{filler}{CLAUSE}");
    let got = events(&text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "ACCUSE");
    assert_eq!(got[0].1, filler.len() + "Iran ".len());
    // A single 64 KiB + 1 byte "word" (no whitespace to cut at): coded as is, no event.
    let blob = "x".repeat(64 * 1024 + 1);
    assert!(code(&blob).events.is_empty());
    // Multi-byte characters around the cut point: the cut stays on a character boundary.
    let text = format!("{}{CLAUSE}", "é ".repeat(64 * 1024 / 3 + 1));
    let got = events(&text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1, (64 * 1024 / 3 + 1) * 2 + "Iran ".len());
}
