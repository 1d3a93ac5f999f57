#![allow(dead_code)]
use dyad_core::dates::Date;
use dyad_core::record::{DocOut, EventOut};
use dyad_core::{Coder, Document};

pub fn code(text: &str, date: &str) -> DocOut {
    Coder::embedded().code(
        &Document {
            id: "t".into(),
            text: text.into(),
            date: Date::parse(date),
            ..Default::default()
        },
        false,
    )
}

pub fn codes(actors: &[dyad_core::record::ActorOut]) -> Vec<String> {
    let mut v: Vec<String> = actors.iter().map(|a| a.code.clone()).collect();
    v.sort();
    v.dedup();
    v
}

pub fn asserted(d: &DocOut) -> Vec<&EventOut> {
    d.events
        .iter()
        .filter(|e| !e.negated && !e.hypothetical)
        .collect()
}

/// Find an event by type, source codes and target codes ("-" = none).
pub fn find<'a>(d: &'a DocOut, event: &str, src: &[&str], tgt: &[&str]) -> Option<&'a EventOut> {
    d.events.iter().find(|e| {
        e.event == event
            && codes(&e.source) == src.iter().map(|s| s.to_string()).collect::<Vec<_>>()
            && codes(&e.target) == tgt.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    })
}

/// The first event of type `event`; the test fails, showing every event, when there is none.
pub fn event_of<'a>(d: &'a DocOut, event: &str) -> &'a EventOut {
    d.events
        .iter()
        .find(|e| e.event == event)
        .unwrap_or_else(|| panic!("no {event} event:\n{}", show(d)))
}

pub fn show(d: &DocOut) -> String {
    d.events
        .iter()
        .map(|e| {
            format!(
                "{} {:?}->{:?} [{}] neg={} hyp={} {:?}",
                e.event,
                codes(&e.source),
                codes(&e.target),
                e.trigger.text,
                e.negated,
                e.hypothetical,
                e.rule
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}
