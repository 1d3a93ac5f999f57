//! Normalisation, coded lines, tokenisation and sentence splitting on arbitrary UTF-8.
//!
//! The first byte is a control byte: at 0xFF a short rest (up to 32 bytes) is repeated to
//! just over 64 KiB, so that the tokenizer's 64 KB segmentation is reached. Only short
//! patterns are repeated: every repeated input is 64 KiB to check, and the fuzzer keeps many
//! of them, which slows the whole run down.
//! Asserts:
//! * `normalize` is idempotent and leaves no control characters but `\n` and `\t`;
//! * coded lines are ordered, disjoint, non-empty and on char boundaries;
//! * every token is non-empty, lies inside one coded line on char boundaries, contains no
//!   whitespace, has a non-empty valid UTF-8 normalised form, and tokens are ordered and
//!   disjoint;
//! * sentences are ordered and disjoint, each inside one line, their token ranges partition
//!   the tokens, their spans run from their first token's start to their last token's end,
//!   and the text of a line outside its sentences is whitespace only (no character is lost
//!   or duplicated);
//! * `CharIndex::to_char` agrees with counting characters.
#![no_main]

use dyad_core::text::{coded_lines, normalize, sentences, CharIndex};
use libfuzzer_sys::fuzz_target;

fn input(data: &[u8]) -> Option<String> {
    let (&ctl, rest) = data.split_first()?;
    let s = String::from_utf8_lossy(rest).into_owned();
    if ctl == 0xFF && !s.is_empty() && s.len() <= 32 {
        Some(s.repeat(((64 << 10) + 1000) / s.len() + 1))
    } else {
        Some(s)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(raw) = input(data) else { return };
    let text = normalize(&raw);
    assert_eq!(normalize(&text), text, "normalize is idempotent");
    assert!(!text
        .chars()
        .any(|c| (c as u32) < 0x20 && c != '\n' && c != '\t'));

    let lines = coded_lines(&text);
    let mut prev = 0;
    for &(a, b) in &lines {
        assert!(prev <= a && a < b && b <= text.len(), "line {a}..{b}");
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
        prev = b;
    }

    let mut toks = Vec::new();
    let sents = sentences(&text, &lines, &mut toks);

    let mut prev = 0;
    let mut li = 0;
    for t in &toks {
        assert!(prev <= t.start && t.start < t.end && t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        while li < lines.len() && lines[li].1 <= t.start {
            li += 1;
        }
        assert!(
            li < lines.len() && lines[li].0 <= t.start && t.end <= lines[li].1,
            "token {}..{} outside the coded lines",
            t.start,
            t.end
        );
        let s = t.text(&text);
        assert!(
            !s.chars().any(char::is_whitespace),
            "token {s:?} has whitespace"
        );
        // The normalised form is stored inline through an `unsafe` UTF-8 re-borrow: check it.
        let norm: &str = &t.norm;
        assert!(!norm.is_empty() && std::str::from_utf8(norm.as_bytes()).is_ok());
        prev = t.end;
    }

    let mut next_tok = 0;
    let mut prev_end = 0;
    let mut li = 0;
    let mut line_pos: Vec<usize> = lines.iter().map(|l| l.0).collect();
    for s in &sents {
        assert_eq!(s.tok_start, next_tok, "token ranges are contiguous");
        assert!(s.tok_start < s.tok_end && s.tok_end <= toks.len());
        next_tok = s.tok_end;
        assert_eq!(s.start, toks[s.tok_start].start);
        assert_eq!(s.end, toks[s.tok_end - 1].end);
        assert!(prev_end <= s.start, "sentences overlap");
        prev_end = s.end;
        while li < lines.len() && lines[li].1 <= s.start {
            li += 1;
        }
        assert!(li < lines.len() && lines[li].0 <= s.start && s.end <= lines[li].1);
        // nothing but whitespace between the previous sentence (or line start) and this one
        let gap = &text[line_pos[li]..s.start];
        assert!(gap.chars().all(char::is_whitespace), "lost text {gap:?}");
        line_pos[li] = s.end;
    }
    assert_eq!(next_tok, toks.len(), "every token is in a sentence");
    for (i, &(_, b)) in lines.iter().enumerate() {
        let tail = &text[line_pos[i]..b];
        assert!(tail.chars().all(char::is_whitespace), "lost text {tail:?}");
    }

    // Char offsets of all token boundaries, counted incrementally (tokens are ordered).
    let ci = CharIndex::new(&text);
    let (mut at_byte, mut at_char) = (0usize, 0usize);
    for t in &toks {
        for b in [t.start, t.end] {
            at_char += text[at_byte..b].chars().count();
            at_byte = b;
            assert_eq!(ci.to_char(b), at_char, "char offset of byte {b}");
        }
    }
    assert_eq!(ci.to_char(text.len()), text.chars().count());
});
