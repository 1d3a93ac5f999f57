//! Property tests: no input makes the coder panic; spans lie inside the text on character
//! boundaries; coding is deterministic; sentence splitting loses and duplicates nothing.
use dyad_core::dates::Date;
use dyad_core::{Coder, Document};
use proptest::prelude::*;

fn doc(text: String) -> Document {
    Document {
        id: "p".into(),
        text,
        date: Date::parse("2024-01-01"),
        ..Default::default()
    }
}

fn newsish() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "Iran",
        "Russia's",
        "the",
        "U.S.",
        "condemned",
        "attacked",
        "will",
        "not",
        "Putin",
        "said",
        "he",
        "talks",
        "with",
        "on",
        "Monday",
        ",",
        ".",
        "and",
        "Israeli",
        "troops",
        "refused",
        "to",
        "meet",
        "Reuters",
        "according",
        "if",
        "officials",
        "“",
        "”",
        "’s",
        "—",
        "Ayatollah",
        "Khamenei",
        "\n",
        "اضافة",
        "über",
        "😀",
        "No.",
        "2,000",
    ]);
    prop::collection::vec(words, 0..80).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_unicode_never_panics_and_spans_are_valid(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn news_like_token_soup_never_panics_and_spans_are_valid(text in newsish()) {
        check(&text);
    }

    #[test]
    fn sentences_cover_every_non_space_character(text in newsish()) {
        let mut toks = Vec::new();
        let lines = dyad_core::text::coded_lines(&text);
        let sents = dyad_core::text::sentences(&text, &lines, &mut toks);
        // sentences are ordered, disjoint, and every token of a coded line is in exactly one sentence
        let mut covered = 0;
        let mut last_end = 0;
        for s in &sents {
            prop_assert!(s.start >= last_end);
            prop_assert!(s.end > s.start);
            last_end = s.end;
            covered += s.tok_end - s.tok_start;
        }
        prop_assert_eq!(covered, toks.len());
        for (ls, le) in lines {
            let in_sents: usize = sents.iter().filter(|s| s.start >= ls && s.end <= le).map(|s| text[s.start..s.end].chars().filter(|c| !c.is_whitespace()).count()).sum();
            let in_line = text[ls..le].chars().filter(|c| !c.is_whitespace()).count();
            prop_assert_eq!(in_sents, in_line);
        }
    }
}

fn check(text: &str) {
    let c = Coder::embedded();
    let out = c.code(&doc(text.to_string()), true);
    let norm = out.text.clone().unwrap();
    let chars: Vec<char> = norm.chars().collect();
    for e in &out.events {
        assert!(e.trigger.start <= e.trigger.end && e.trigger.end <= chars.len());
        assert_eq!(
            chars[e.trigger.start..e.trigger.end]
                .iter()
                .collect::<String>(),
            e.trigger.text
        );
        for a in e.source.iter().chain(&e.target) {
            assert!(a.end <= chars.len());
            assert_eq!(chars[a.start..a.end].iter().collect::<String>(), a.text);
        }
    }
    serde_json::to_string(&out).expect("valid JSON");
    let again = c.code(&doc(text.to_string()), true);
    assert_eq!(out, again, "coding is deterministic");
}

#[test]
fn megabyte_lines_without_punctuation_are_coded_in_pieces() {
    // one 300 KB line: split into pieces and windows, never skipped, offsets still valid
    let unit = "Égypte’s army attacked Israeli positions near the border while officials in Cairo denied it ";
    let text: String = unit.repeat(300_000 / unit.len() + 1);
    let out = Coder::embedded().code(&doc(text.clone()), false);
    let chars = text.chars().count();
    assert!(out.events.iter().all(|e| e.trigger.end <= chars));
    // the end of the line is coded too
    assert!(
        out.events.iter().any(|e| e.trigger.start > chars * 9 / 10),
        "{} events",
        out.events.len()
    );
}
