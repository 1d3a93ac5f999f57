//! One test per linguistic phenomenon the coder handles (sentences written for the tests).
mod common;
use common::*;

#[test]
fn subject_is_source_object_is_target() {
    let d = code("Egypt condemned Israel on Tuesday.", "2024-03-07");
    let e = find(&d, "ACCUSE", &["EGY"], &["ISR"]).unwrap_or_else(|| panic!("{}", show(&d)));
    assert_eq!(e.mode.as_deref(), Some("disapprove"));
    assert_eq!(e.event_date.as_deref(), Some("2024-03-05"));
}

#[test]
fn passive_voice_swaps_roles() {
    let d = code(
        "A convoy of Kenyan police was attacked by Somali militants near the border.",
        "2024-03-07",
    );
    let e = find(&d, "ASSAULT", &["SOM"], &["KEN"]).unwrap_or_else(|| panic!("{}", show(&d)));
    assert_eq!(e.source[0].sector.as_deref(), Some("REB"));
    assert_eq!(e.target[0].sector.as_deref(), Some("COP"));
}

#[test]
fn infinitival_purpose_with_prepositional_target() {
    let d = code("On Friday, Ukraine's president sent his defence minister to Paris to request air defence systems from France.", "2024-03-10");
    assert!(
        find(&d, "REQUEST", &["UKR"], &["FRA"]).is_some(),
        "{}",
        show(&d)
    );
}

#[test]
fn control_verbs_combine_with_their_complement() {
    let d = code(
        "Turkey threatened to launch air strikes against Kurdish militants.",
        "2024-03-07",
    );
    let e = event_of(&d, "THREATEN");
    assert_eq!(e.mode.as_deref(), Some("violence"));
    assert_eq!(codes(&e.source), ["TUR"]);
    assert_eq!(
        d.events.len(),
        1,
        "the launch is not a separate event: {}",
        show(&d)
    );
    let d = code(
        "Hungary refused to meet the Ukrainian delegation.",
        "2024-03-07",
    );
    let e = find(&d, "REJECT", &["HUN"], &["UKR"]).unwrap_or_else(|| panic!("{}", show(&d)));
    assert_eq!(e.mode.as_deref(), Some("meet"));
}

#[test]
fn object_control_request_targets_the_object() {
    let d = code(
        "The European Union urged Serbia to recognise Kosovo.",
        "2024-03-07",
    );
    assert!(
        find(&d, "REQUEST", &["EUR"], &["SRB"]).is_some(),
        "{}",
        show(&d)
    );
}

#[test]
fn negation_is_flagged_not_dropped() {
    let d = code(
        "Germany did not condemn the raid on the embassy.",
        "2024-03-07",
    );
    let e = event_of(&d, "ACCUSE");
    assert!(e.negated);
    assert!(asserted(&d).is_empty());
}

#[test]
fn has_yet_to_comment_yields_no_asserted_event() {
    let d = code(
        "India has yet to comment on the Chinese incursion into Ladakh.",
        "2024-03-07",
    );
    assert!(asserted(&d).is_empty(), "{}", show(&d));
}

#[test]
fn modals_and_conditions_are_hypothetical() {
    let d = code("China could impose sanctions on Lithuania.", "2024-03-07");
    let e = event_of(&d, "SANCTION");
    assert!(e.hypothetical);
    let d = code(
        "Analysts speculated that if Serbia attacks Kosovo, the region could erupt.",
        "2024-03-07",
    );
    assert!(
        d.events.iter().all(|e| e.hypothetical || e.negated),
        "{}",
        show(&d)
    );
}

#[test]
fn future_cooperation_is_agree() {
    let d = code("Japan will provide emergency aid to Turkey.", "2024-03-07");
    assert!(
        find(&d, "AGREE", &["JPN"], &["TUR"]).is_some(),
        "{}",
        show(&d)
    );
}

#[test]
fn future_conflict_is_threaten() {
    let d = code(
        "Algeria said it would expel French diplomats.",
        "2024-03-07",
    );
    let e = event_of(&d, "THREATEN");
    assert_eq!(codes(&e.source), ["DZA"]);
}

#[test]
fn obligation_in_reported_speech_is_a_request() {
    let d = code(
        "Brazil said Venezuela must release the detained journalists.",
        "2024-03-07",
    );
    let e = find(&d, "REQUEST", &["BRA"], &["VEN"]).unwrap_or_else(|| panic!("{}", show(&d)));
    assert_eq!(e.mode.as_deref(), Some("yield"));
}

#[test]
fn compound_actors_are_one_actor_list() {
    let d = code("France and Germany signed a defence pact.", "2024-03-07");
    assert!(
        find(&d, "SUPPORT", &["DEU", "FRA"], &[]).is_some(),
        "{}",
        show(&d)
    );
}

#[test]
fn demonym_with_sector_noun() {
    let d = code(
        "Sudanese rebels stormed a police station in Darfur.",
        "2024-03-07",
    );
    let e = event_of(&d, "ASSAULT");
    assert_eq!(codes(&e.source), ["SDN"]);
    assert_eq!(e.source[0].sector.as_deref(), Some("REB"));
}

#[test]
fn seats_of_government_are_metonyms() {
    let d = code(
        "The Kremlin denounced the new sanctions imposed by Washington.",
        "2024-03-07",
    );
    let e = event_of(&d, "ACCUSE");
    assert_eq!(codes(&e.source), ["RUS"]);
    assert_eq!(e.source[0].sector.as_deref(), Some("GOV"));
}

#[test]
fn role_descriptions_resolve_through_the_date() {
    let d = code(
        "Russia's foreign minister met Chinese officials in Beijing.",
        "2020-06-01",
    );
    let e = event_of(&d, "CONSULT");
    assert_eq!(
        e.source[0].name.as_deref(),
        Some("Sergey Lavrov"),
        "{}",
        e.source[0].how
    );
    assert_eq!(codes(&e.target), ["CHN"]);
}

#[test]
fn pronouns_resolve_to_earlier_mentions() {
    let d = code(
        "Vladimir Putin arrived in Beijing on Monday. He praised China's leadership.",
        "2024-05-14",
    );
    let e = event_of(&d, "SUPPORT");
    assert_eq!(codes(&e.source), ["RUS"]);
    assert!(e.source[0].how.contains("coreference"));
    assert_eq!(codes(&e.target), ["CHN"]);
}

#[test]
fn attribution_to_outlet_and_anonymous_source() {
    let d = code(
        "Iran has asked Russia for military help, a senior official told Reuters.",
        "2024-03-07",
    );
    let e = find(&d, "REQUEST", &["IRN"], &["RUS"]).unwrap_or_else(|| panic!("{}", show(&d)));
    let a = e.attribution.as_ref().expect("attribution");
    assert_eq!(a.outlet.as_ref().map(|o| o.name.as_str()), Some("Reuters"));
    assert!(a.anonymous);
}

#[test]
fn according_to_sources_cited_by_an_outlet() {
    let d = code("According to Israeli sources cited by Reuters, Egypt has offered to mediate between Israel and Hamas.", "2024-03-07");
    let e = event_of(&d, "AGREE");
    let a = e.attribution.as_ref().expect("attribution");
    assert_eq!(a.outlet.as_ref().map(|o| o.name.as_str()), Some("Reuters"));
    assert_eq!(
        a.speaker.as_ref().and_then(|s| s.code.as_deref()),
        Some("ISR")
    );
}

#[test]
fn outlets_are_not_actors() {
    let d = code("Reuters reported that Iraq attacked Kuwait.", "1990-08-02");
    let e = event_of(&d, "ASSAULT");
    assert_eq!(codes(&e.source), ["IRQ"]);
    assert!(d.events.iter().all(|e| e
        .source
        .iter()
        .chain(&e.target)
        .all(|a| a.text != "Reuters")));
}

#[test]
fn light_verbs_hand_their_subject_to_the_nominal() {
    let d = code(
        "Israel launched an offensive against Hamas in Gaza.",
        "2024-03-07",
    );
    assert!(
        find(&d, "ASSAULT", &["ISR"], &["PSE"]).is_some(),
        "{}",
        show(&d)
    );
}

#[test]
fn nominal_events_with_both_sides() {
    let d = code(
        "Talks between Armenia and Azerbaijan resumed in Washington.",
        "2024-03-07",
    );
    assert!(
        d.events
            .iter()
            .any(|e| e.event == "CONSULT" && codes(&e.source) == ["ARM", "AZE"]),
        "{}",
        show(&d)
    );
}

#[test]
fn diplomatic_protest_is_accuse() {
    let d = code("Japan protested to China over the incursion.", "2024-03-07");
    let e = event_of(&d, "ACCUSE");
    assert_eq!(codes(&e.source), ["JPN"]);
}

#[test]
fn street_protest_is_protest() {
    let d = code(
        "Thousands of Kenyan protesters demonstrated against the government in Nairobi.",
        "2024-03-07",
    );
    let e = event_of(&d, "PROTEST");
    assert_eq!(e.source[0].sector.as_deref(), Some("CVL"));
}

#[test]
fn relative_date_in_a_following_relative_clause() {
    let d = code(
        "Iran condemned the Israeli strike on Damascus, which took place over the weekend.",
        "2025-06-23",
    );
    let e = event_of(&d, "ACCUSE");
    assert_eq!(e.event_date.as_deref(), Some("2025-06-21"));
}

#[test]
fn alleged_acts_are_not_asserted() {
    let d = code(
        "Washington accused Beijing of hacking government networks.",
        "2024-03-07",
    );
    assert!(
        find(&d, "ACCUSE", &["USA"], &["CHN"]).is_some(),
        "{}",
        show(&d)
    );
    assert!(
        d.events
            .iter()
            .filter(|e| e.event == "COERCE")
            .all(|e| e.hypothetical),
        "{}",
        show(&d)
    );
}

#[test]
fn offsets_are_character_offsets_into_the_text() {
    let text = "“Égypte” aside, Egypt condemned Israel’s raid on Gaza.";
    let d = code(text, "2024-03-07");
    let chars: Vec<char> = text.chars().collect();
    assert!(!d.events.is_empty(), "{}", show(&d));
    for e in &d.events {
        let t: String = chars[e.trigger.start..e.trigger.end].iter().collect();
        assert_eq!(t, e.trigger.text);
        for a in e.source.iter().chain(&e.target) {
            let s: String = chars[a.start..a.end].iter().collect();
            assert_eq!(s, a.text);
        }
    }
}

#[test]
fn scraped_foreign_script_lines_are_not_coded() {
    let d = code(
        "Iran asked Russia for support.\nاضافة اعلان\nRussia agreed.",
        "2025-06-23",
    );
    assert!(d.events.iter().all(|e| !e.trigger.text.contains('ا')));
    assert!(
        find(&d, "REQUEST", &["IRN"], &["RUS"]).is_some(),
        "{}",
        show(&d)
    );
}

#[test]
fn conditional_consequences_are_threats_against_the_party_that_must_act() {
    let d = code("Ghana will withdraw its ambassador from Togo unless the junta releases the detained traders.", "2024-03-07");
    let e = event_of(&d, "THREATEN");
    assert_eq!(codes(&e.source), ["GHA"]);
    assert!(!e.hypothetical);
}

#[test]
fn withdrawing_personnel_is_a_sanction_not_a_retreat() {
    let d = code("Sweden withdrew its diplomats from Iran.", "2024-03-07");
    assert!(
        find(&d, "SANCTION", &["SWE"], &["IRN"]).is_some(),
        "{}",
        show(&d)
    );
    let d = code("Russian troops withdrew from Kherson.", "2024-03-07");
    assert!(
        d.events
            .iter()
            .any(|e| e.event == "RETREAT" && codes(&e.source) == ["RUS"]),
        "{}",
        show(&d)
    );
}

#[test]
fn ethnic_groups_take_the_country_they_live_in() {
    let d = code(
        "Ethnic Hungarians demonstrated in Slovakia against the language law.",
        "2024-03-07",
    );
    let e = event_of(&d, "PROTEST");
    assert_eq!(codes(&e.source), ["SVK"]);
    let d = code("Bosnian Serbs blocked the road to Sarajevo.", "2024-03-07");
    let e = event_of(&d, "PROTEST");
    assert_eq!(codes(&e.source), ["BIH"]);
}

#[test]
fn a_promise_not_to_act_is_a_refusal() {
    let d = code("Poland vowed not to accept the migrants.", "2024-03-07");
    assert!(
        d.events
            .iter()
            .any(|e| e.event == "REJECT" && codes(&e.source) == ["POL"]),
        "{}",
        show(&d)
    );
}

#[test]
fn quantified_subjects_are_subjects() {
    let d = code(
        "Up to 300 Iraqi protesters demonstrated outside the parliament.",
        "2024-03-07",
    );
    assert!(
        d.events.iter().any(|e| codes(&e.source) == ["IRQ"]),
        "{}",
        show(&d)
    );
}

#[test]
fn attitudes_are_not_actors() {
    let d = code(
        "A prominent anti-Syria journalist was killed in Beirut.",
        "2024-03-07",
    );
    assert!(
        d.events
            .iter()
            .all(|e| e.target.iter().all(|a| a.code != "SYR")),
        "{}",
        show(&d)
    );
}

#[test]
fn weapons_and_attacks_as_subjects_leave_the_perpetrator_unknown() {
    let d = code(
        "A car bomb killed three Afghan soldiers in Kabul on Sunday.",
        "2024-03-07",
    );
    let e = event_of(&d, "ASSAULT");
    assert!(e.source.is_empty());
    assert_eq!(codes(&e.target), ["AFG"]);
}

#[test]
fn coordinated_verbs_share_the_subject_not_the_object() {
    let d = code(
        "Syrian troops shelled Idlib and killed five civilians.",
        "2024-03-07",
    );
    assert!(
        d.events
            .iter()
            .filter(|e| e.event == "ASSAULT")
            .all(|e| codes(&e.source) == ["SYR"]),
        "{}",
        show(&d)
    );
}

#[test]
fn plural_nouns_are_not_verbs() {
    let d = code(
        "The United Nations reduced food supplies to the camp in Chad.",
        "2024-03-07",
    );
    assert!(d.events.iter().all(|e| e.event != "AID"), "{}", show(&d));
}

#[test]
fn announcing_a_measure_is_the_measure() {
    let d = code(
        "Italy announced a suspension of flights to Serbia.",
        "2024-03-07",
    );
    assert!(
        d.events
            .iter()
            .any(|e| e.event == "SANCTION" && codes(&e.source) == ["ITA"]),
        "{}",
        show(&d)
    );
}

#[test]
fn reduced_relative_participles_are_not_separate_events() {
    let d = code(
        "Benin admitted most refugees ordered out of Nigeria.",
        "2024-03-07",
    );
    assert!(
        d.events.iter().all(|e| e.event != "REQUEST"),
        "{}",
        show(&d)
    );
}

#[test]
fn a_described_person_is_one_actor() {
    let d = code("Libyan leader Muammar Gaddafi and Bulgarian President Todor Zhivkov signed a treaty of friendship.", "1985-03-07");
    let e = event_of(&d, "SUPPORT");
    assert_eq!(codes(&e.source), ["BGR", "LBY"]);
}

#[test]
fn the_requested_thing_gives_the_request_mode() {
    let d = code("Kyiv requested military aid from Germany.", "2024-03-07");
    let e = find(&d, "REQUEST", &["UKR"], &["DEU"]).unwrap_or_else(|| panic!("{}", show(&d)));
    assert_eq!(e.mode.as_deref(), Some("assist"));
}

#[test]
fn private_travel_is_not_a_diplomatic_visit() {
    let d = code(
        "Hundreds of British students travelled to Turkey last year.",
        "2024-03-07",
    );
    assert!(
        d.events.iter().all(|e| e.event != "CONSULT"),
        "{}",
        show(&d)
    );
    let d = code(
        "The French foreign minister travelled to Beijing on Monday.",
        "2024-03-07",
    );
    assert!(
        find(&d, "CONSULT", &["FRA"], &["CHN"]).is_some(),
        "{}",
        show(&d)
    );
}

#[test]
fn what_is_discussed_is_no_recipient() {
    // the object of "discuss" is its topic, also inside a complement ("refused to discuss")
    let d = code(
        "Egypt and Jordan discussed the situation in Gaza.",
        "2024-03-07",
    );
    let e = find(&d, "CONSULT", &["EGY", "JOR"], &[]).unwrap_or_else(|| panic!("{}", show(&d)));
    assert!(e.target.is_empty(), "{}", show(&d));
    let d = code(
        "Iran refused to discuss the demands of the European Union.",
        "2024-03-07",
    );
    let e = event_of(&d, "REJECT");
    assert!(e.target.is_empty(), "{}", show(&d));
    // "with X" still names the other party
    let d = code(
        "Japan discussed the crisis with South Korea on Tuesday.",
        "2024-03-07",
    );
    assert!(
        find(&d, "CONSULT", &["JPN"], &["KOR"]).is_some(),
        "{}",
        show(&d)
    );
}
