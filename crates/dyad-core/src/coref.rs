//! Coreference within a document: pronouns ("he", "its", "their") and "the two countries"
//! resolve to earlier mentions; untitled roles ("the president") take the country in focus.

use crate::mentions::{Mention, MentionKind, Pron};

#[derive(Default)]
pub struct History {
    /// Resolved actor mentions in document order: (sentence index, mention).
    items: Vec<(usize, Mention)>,
}

impl History {
    pub fn push(&mut self, sent: usize, m: &Mention) {
        if m.kind == MentionKind::Actor && !m.actors.is_empty() && m.identified {
            self.items.push((sent, m.clone()));
            if self.items.len() > 200 {
                self.items.drain(..100);
            }
        }
    }

    fn find(&self, pred: impl Fn(&Mention) -> bool) -> Option<&(usize, Mention)> {
        self.items.iter().rev().find(|(_, m)| pred(m))
    }
}

/// Resolve the pronouns of one sentence in place, using earlier mentions of the same
/// sentence first, then the document history.
pub fn resolve(ms: &mut [Mention], hist: &History, sent: usize) {
    for i in 0..ms.len() {
        let Some(p) = ms[i].pron else { continue };
        if !ms[i].actors.is_empty() {
            continue;
        }
        let pred = |m: &Mention| -> bool {
            if m.kind != MentionKind::Actor || m.actors.is_empty() || !m.identified {
                return false;
            }
            match p {
                Pron::He => m.person && m.actors.len() == 1,
                Pron::It => !m.person && !m.plural && m.actors.len() == 1,
                Pron::They => m.plural || m.actors.len() > 1,
                Pron::Both => m.actors.len() >= 2,
            }
        };
        // same sentence, before the pronoun (nearest first)
        let local = ms[..i].iter().rev().find(|m| pred(m)).cloned();
        let found = local
            .map(|m| (sent, m))
            .or_else(|| hist.find(pred).cloned());
        if let Some((s, m)) = found {
            let word = m
                .actors
                .iter()
                .filter_map(|a| a.name.clone())
                .collect::<Vec<_>>()
                .join(" and ");
            ms[i].actors = m
                .actors
                .iter()
                .map(|a| {
                    let mut a = a.clone();
                    a.how = format!("coreference to \"{}\" (sentence {}): {}", word, s, a.how);
                    a
                })
                .collect();
            ms[i].identified = true;
            ms[i].person = m.person;
        }
    }
    // Titles without a country ("the president"): take the country in focus.
    for i in 0..ms.len() {
        if ms[i].kind != MentionKind::Actor
            || ms[i].actors.len() != 1
            || ms[i].actors[0].code != "UNK"
            || ms[i].actors[0].office.is_none()
        {
            continue;
        }
        let focus = ms
            .iter()
            .enumerate()
            .filter(|(j, m)| {
                *j != i
                    && m.identified
                    && m.kind == MentionKind::Actor
                    && !m.actors.is_empty()
                    && m.actors[0].code != "UNK"
            })
            .min_by_key(|(j, _)| (*j as isize - i as isize).abs())
            .map(|(_, m)| m.actors[0].code.clone())
            .or_else(|| {
                hist.find(|m| !m.actors.is_empty() && m.actors[0].code != "UNK")
                    .map(|(_, m)| m.actors[0].code.clone())
            });
        if let Some(code) = focus {
            let a = &mut ms[i].actors[0];
            a.how = format!("{}; country {} from the context", a.how, code);
            a.code = code;
            ms[i].identified = true;
        }
    }
}
