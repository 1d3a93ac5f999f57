//! Knowledge-base coverage on the PLOVER dev split: the share of gold source and target actors
//! whose code dyad finds somewhere in the sentence (issue: knowledge base, target >= 90%).
use dyad_core::dates::Date;
use dyad_core::kb::Kb;
use dyad_core::mentions::{self, MentionKind};

#[test]
fn gold_actor_codes_are_found_in_their_sentences() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/eval/plover-gsr-dev.jsonl"
    );
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!("note: ../shared/eval is absent; coverage test skipped");
        return;
    };
    let kb = Kb::embedded();
    let (mut found, mut total) = (0usize, 0usize);
    let mut missed = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        let date = Date::parse(v["date"].as_str().unwrap_or("2000-01-01")).unwrap();
        let mut toks = Vec::new();
        let lines = dyad_core::text::coded_lines(text);
        let sents = dyad_core::text::sentences(text, &lines, &mut toks);
        let mut codes = std::collections::HashSet::new();
        for s in &sents {
            for m in mentions::find(kb, text, &toks, s.tok_start, s.tok_end, date) {
                if m.kind == MentionKind::Outlet {
                    continue;
                }
                for a in &m.actors {
                    codes.insert(a.code.clone());
                    if matches!(a.code.as_str(), "UNO" | "EUR" | "NGO" | "IMG" | "MNC")
                        || a.igo.is_some()
                    {
                        codes.insert("IGO".into());
                    }
                }
            }
        }
        for ev in v["events"].as_array().unwrap() {
            for role in ["source", "target"] {
                for a in ev[role].as_array().unwrap() {
                    let code = a["code"].as_str().unwrap_or("");
                    total += 1;
                    if codes.contains(code) {
                        found += 1;
                    } else {
                        missed.push(format!("{code}: {text}"));
                    }
                }
            }
        }
    }
    let share = found as f64 / total as f64;
    eprintln!("gold actor codes found in their sentence: {found}/{total} = {share:.3}");
    for m in missed.iter().take(30) {
        eprintln!("  missed {m}");
    }
    assert!(share >= 0.90, "coverage {share:.3} below 0.90");
}
