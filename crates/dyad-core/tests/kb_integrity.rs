//! Integrity of the knowledge base and lexicons compiled into the binary.
use dyad_core::dates::Date;
use dyad_core::kb::Kb;
use dyad_core::lexicon::{Lexicon, EVENTS};
use dyad_core::ontology::Ontology;

#[test]
fn data_files_load_and_pass_the_checks() {
    let kb = Kb::from_files(Kb::data_files()).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    let problems = kb.check();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let stats: std::collections::HashMap<_, _> = kb.stats().into_iter().collect();
    assert!(stats["countries"] >= 249);
    assert!(stats["person-office entries"] >= 1500, "{stats:?}");
}

#[test]
fn every_iso_country_has_a_name_and_a_valid_code() {
    let kb = Kb::embedded();
    for c in &kb.countries {
        assert!(!c.name.is_empty(), "{}", c.iso3);
        assert!(
            kb.country(&c.code).is_some(),
            "{} codes as unknown {}",
            c.iso3,
            c.code
        );
    }
    for code in ["KOS", "PSE", "HKG", "TWN"] {
        assert_eq!(kb.country(code).map(|c| c.code.as_str()), Some(code));
    }
}

#[test]
fn lexicon_and_ontology_are_consistent() {
    let lex = Lexicon::embedded();
    let onto = Ontology::embedded();
    assert_eq!(onto.events.len(), 16);
    for e in EVENTS {
        assert!(onto.events.contains_key(*e), "{e} missing from events.tsv");
    }
    for t in &lex.triggers {
        if let Some(m) = &t.mode {
            assert!(
                onto.valid_mode(&t.event, m),
                "{}:{}: mode {m} is not a mode of {}",
                t.file,
                t.line,
                t.event
            );
        }
        assert!(
            onto.cameo.contains_key(&t.cameo),
            "{}:{}: CAMEO {} unknown",
            t.file,
            t.line,
            t.cameo
        );
    }
    assert_eq!(
        onto.quad("SANCTION"),
        4,
        "project decision: SANCTION is material conflict"
    );
    assert!(
        onto.events["COOPERATE"].requires_recipient
            && onto.events["AID"].requires_recipient
            && onto.events["SANCTION"].requires_recipient
    );
    assert!(!onto.events["ASSAULT"].requires_recipient);
}

#[test]
fn titles_resolve_to_different_holders_on_different_dates_and_to_nobody_outside_terms() {
    let kb = Kb::embedded();
    let at = |q: &str, d: &str| {
        let ms = dyad_core::mentions::resolve_phrase(kb, q, Date::parse(d).unwrap());
        ms.first()
            .and_then(|m| m.actors.first())
            .map(|a| (a.code.clone(), a.name.clone()))
    };
    assert_eq!(
        at("the U.S. president", "2010-06-01"),
        Some(("USA".into(), Some("Barack Obama".into())))
    );
    assert_eq!(
        at("the U.S. president", "2025-06-23"),
        Some(("USA".into(), Some("Donald Trump".into())))
    );
    assert_eq!(
        at("the U.S. president", "2019-06-01"),
        Some(("USA".into(), Some("Donald Trump".into())))
    );
    assert_eq!(
        at("the U.S. president", "2022-06-01"),
        Some(("USA".into(), Some("Joe Biden".into())))
    );
    assert_eq!(
        at("Iran's foreign minister", "2025-06-23"),
        Some(("IRN".into(), Some("Abbas Araghchi".into())))
    );
    assert_eq!(
        at("Iran's foreign minister", "2015-06-23"),
        Some(("IRN".into(), Some("Mohammad Javad Zarif".into())))
    );
    // outside any known term: the country and sector remain, nobody is named
    assert_eq!(
        at("the U.S. president", "1500-01-01"),
        Some(("USA".into(), None))
    );
    // a named person resolves on any date, with the role of that date
    let ms = dyad_core::mentions::resolve_phrase(kb, "Putin", Date::parse("2010-01-01").unwrap());
    assert_eq!(
        ms[0].actors[0].office.as_deref(),
        Some("head_of_government")
    );
    let ms = dyad_core::mentions::resolve_phrase(kb, "Putin", Date::parse("2025-01-01").unwrap());
    assert_eq!(ms[0].actors[0].office.as_deref(), Some("head_of_state"));
}

#[test]
fn supreme_leader_and_seats_of_government() {
    let kb = Kb::embedded();
    let d = Date::parse("2025-06-23").unwrap();
    let first = |q: &str| {
        dyad_core::mentions::resolve_phrase(kb, q, d)
            .into_iter()
            .next()
            .and_then(|m| m.actors.into_iter().next())
            .map(|a| (a.code, a.sector, a.name))
    };
    assert_eq!(
        first("the Supreme Leader").map(|a| a.2),
        Some(Some("Ali Khamenei".into()))
    );
    assert_eq!(
        first("the Kremlin").map(|a| (a.0, a.1)),
        Some(("RUS".into(), Some("GOV".into())))
    );
    assert_eq!(
        first("Tehran").map(|a| (a.0, a.1)),
        Some(("IRN".into(), Some("GOV".into())))
    );
    assert_eq!(
        first("Iranian officials").map(|a| (a.0, a.1)),
        Some(("IRN".into(), Some("GOV".into())))
    );
    assert_eq!(
        first("Sudanese rebels").map(|a| (a.0, a.1)),
        Some(("SDN".into(), Some("REB".into())))
    );
    assert_eq!(first("Hezbollah").map(|a| a.0), Some("LBN".into()));
    assert_eq!(first("NATO").map(|a| a.0), Some("IGO".into()));
}

#[test]
fn malformed_data_is_reported_with_file_and_line() {
    let mut files: Vec<(&str, &str)> = Kb::data_files().to_vec();
    let bad = "name\taliases\tcountry\toffice\tsector\tstart\tend\tflags\nJohn Doe\t\tXXX\thead_of_state\tGOV\t2020-01-01\t\t\n";
    files.push(("people/zz_bad.tsv", bad));
    let errs = Kb::from_files(&files)
        .err()
        .expect("an unknown country code must fail");
    assert!(
        errs[0].to_string().contains("people/zz_bad.tsv:2"),
        "{}",
        errs[0]
    );
    let bad_dates = "name\taliases\tcountry\toffice\tsector\tstart\tend\tflags\nJohn Doe\t\tUSA\thead_of_state\tGOV\t2020-01-01\t2019-01-01\t\n";
    files.pop();
    files.push(("people/zz_bad.tsv", bad_dates));
    let errs = Kb::from_files(&files)
        .err()
        .expect("end before start must fail");
    assert!(
        errs[0].to_string().contains("before it starts"),
        "{}",
        errs[0]
    );
}
