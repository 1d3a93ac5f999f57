//! Clause segmentation without a parser: boundaries at subordinators, relative pronouns,
//! coordinated verb phrases, reporting verbs and participial phrases. Each clause
//! records how it relates to the one before (does it inherit its subject? is it a
//! condition?), which is what argument assignment and modality need.

use crate::lexicon::{Form, Lexicon, TrigKind};
use crate::text::{TokKind, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    Main,
    /// while, although, because, after, following, despite, since, before, as, when
    Adverbial,
    /// if, unless, whether
    Condition,
    /// which, who, that (relative)
    Relative,
    /// that/zero complement of a reporting or cognition verb
    Complement,
    /// ", and VERB", ", VERB-ing", "but VERB": shares the previous subject
    Coordinate,
}

#[derive(Debug, Clone)]
pub struct Clause {
    pub start: usize,
    pub end: usize,
    pub kind: ClauseKind,
    /// The word that opened the clause ("if", "which", "while", ...).
    pub opener: Option<String>,
}

pub const AUX: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "'s", "'re", "'ll",
    "'d",
];

/// True when token `i` looks like the start of a verb phrase.
pub fn verbish(lex: &Lexicon, toks: &[Token], i: usize, end: usize) -> bool {
    let mut i = i;
    // skip adverbs
    while i < end && toks[i].norm.ends_with("ly") && toks[i].norm.len() > 4 {
        i += 1;
    }
    if i >= end {
        return false;
    }
    let w = toks[i].norm.as_str();
    if AUX.contains(&w) || lex.verb_forms.contains_key(w) {
        return !toks[i].cap || i == 0;
    }
    // Reporting and cue verbs ("said", "hopes", "fears")
    for (len, ps) in lex.index.prefixes_iter(toks, i, end) {
        if len >= 1 && ps.iter().any(|(_, f)| *f != Form::Noun) {
            return true;
        }
    }
    lex.cues
        .prefixes_iter(toks, i, end)
        .any(|(_, c)| c.iter().any(|c| *c == crate::lexicon::Cue::Hyp))
        && w.ends_with('s')
}

/// A reporting verb ("said", "told", "announced"), not in -ing form. Cached on the token.
pub fn is_report_verb(lex: &Lexicon, toks: &[Token], i: usize, end: usize) -> bool {
    let _ = end;
    let t = &toks[i];
    match t.report.get() {
        1 => return false,
        2 => return true,
        _ => {}
    }
    // only the single-token entry matters, so the lookup never needs the tokens after `i`
    let yes = lex.index.starts_phrase(t)
        && lex.index.prefixes_iter(toks, i, i + 1).any(|(len, ps)| {
            len == 1
                && ps.iter().any(|(t, f)| {
                    lex.triggers[*t as usize].kind == TrigKind::Report
                        && *f != Form::Noun
                        && *f != Form::Ing
                })
        });
    t.report.set(if yes { 2 } else { 1 });
    yes
}

/// Split a sentence (token range a..b) into clauses.
pub fn segment(
    lex: &Lexicon,
    toks: &[Token],
    a: usize,
    b: usize,
    in_mention: &dyn Fn(usize) -> bool,
) -> Vec<Clause> {
    let mut cuts: Vec<(usize, ClauseKind, Option<String>)> = vec![(a, ClauseKind::Main, None)];
    let mut i = a;
    while i < b {
        let w = toks[i].norm.as_str();
        let prev = if i > a { toks[i - 1].norm.as_str() } else { "" };
        let mut cut: Option<(usize, ClauseKind)> = None;
        if in_mention(i) {
            i += 1;
            continue;
        }
        match w {
            ";" | ":" | "--" | "-"
                if toks[i].kind == TokKind::Punct
                    && (w != "-" || (i > a && toks[i].start > toks[i - 1].end)) =>
            {
                cut = Some((i + 1, ClauseKind::Main));
            }
            "if" | "unless" | "whether" => cut = Some((i, ClauseKind::Condition)),
            "which" | "who" | "whom" | "whose" | "where" => cut = Some((i, ClauseKind::Relative)),
            "while" | "whereas" | "although" | "though" | "because" | "despite" | "after"
            | "following" | "before" | "since" | "when" | "once" | "until" | "amid" => {
                // "since" and "after" before a year or a noun phrase are still adverbials; keep them as clauses.
                cut = Some((i, ClauseKind::Adverbial));
            }
            "as" if i + 1 < b
                && (toks[i + 1].cap
                    || matches!(
                        toks[i + 1].norm.as_str(),
                        "he" | "she" | "it" | "they" | "the" | "we"
                    ))
                && prev != "such"
                && prev != "as"
                && !(i >= 1 && toks[i - 1].norm == "well") =>
            {
                cut = Some((i, ClauseKind::Adverbial));
            }
            "that" => {
                // complementiser after a verb ("said that", "confirmed that") or relative after a noun
                let after_verb = i > a
                    && (is_report_verb(lex, toks, i - 1, b)
                        || verbish(lex, toks, i - 1, i)
                        || matches!(prev, "reuters" | "them" | "him" | "us"));
                // "said on Tuesday that", "announced yesterday that"
                let report_near = (i.saturating_sub(4).max(a)..i)
                    .any(|j| is_report_verb(lex, toks, j, b))
                    && (i.saturating_sub(4).max(a)..i).all(|j| toks[j].norm != "," || j + 1 == i);
                let kind = if after_verb || report_near {
                    ClauseKind::Complement
                } else {
                    ClauseKind::Relative
                };
                cut = Some((i, kind));
            }
            "but" => cut = Some((i, ClauseKind::Coordinate)),
            "," if i + 1 < b
                && matches!(
                    toks[i + 1].norm.as_str(),
                    "he" | "she" | "they" | "we" | "it"
                )
                && i + 2 < b
                && verbish(lex, toks, i + 2, b) =>
            {
                cut = Some((i + 1, ClauseKind::Main));
            }
            "and" | "or" if i + 1 < b && verbish(lex, toks, i + 1, b) => {
                cut = Some((i, ClauseKind::Coordinate))
            }
            // "X fought a war and Israeli officials have warned ...": a new subject and its verb
            "and" if i + 1 < b && in_mention(i + 1) => {
                let mut j = i + 1;
                while j < b
                    && j < i + 8
                    && (in_mention(j)
                        || (toks[j].kind == TokKind::Word
                            && !toks[j].cap
                            && !verbish(lex, toks, j, b)
                            && !matches!(toks[j].norm.as_str(), "and" | "or" | "of" | "in" | "to")))
                {
                    j += 1;
                }
                if j > i + 1
                    && j < b
                    && in_mention(j - 1)
                    && verbish(lex, toks, j, b)
                    && !toks[j].norm.ends_with("ing")
                {
                    cut = Some((i, ClauseKind::Main));
                }
            }
            "," if i + 1 < b
                && (toks[i + 1].norm.ends_with("ing")
                    && toks[i + 1].kind == TokKind::Word
                    && !toks[i + 1].cap
                    && lex.verb_forms.get(toks[i + 1].norm.as_str()).is_some()) =>
            {
                cut = Some((i + 1, ClauseKind::Coordinate));
            }
            _ => {}
        }
        // A reporting verb opens a complement right after it ("said it would", "told Reuters that").
        if cut.is_none() && is_report_verb(lex, toks, i, b) && i + 1 < b {
            let nx = toks[i + 1].norm.as_str();
            if !matches!(nx, "that" | "," | "." | "by") {
                // "told Reuters": the complement starts after the object
                let mut j = i + 1;
                if matches!(w, "told" | "tells" | "tell" | "telling") {
                    while j < b
                        && toks[j].kind == TokKind::Word
                        && toks[j].norm != "that"
                        && j < i + 4
                    {
                        j += 1;
                    }
                    if j < b && toks[j].norm == "that" {
                        j += 1;
                    }
                }
                if j < b && toks[j].norm != "on" {
                    cuts.push((j, ClauseKind::Complement, Some(w.to_string())));
                }
            }
        }
        if let Some((at, kind)) = cut {
            if at > a && at < b {
                cuts.push((at, kind, Some(w.to_string())));
            }
        }
        i += 1;
    }
    cuts.sort_by_key(|c| c.0);
    cuts.dedup_by_key(|c| c.0);
    let mut out = Vec::new();
    for (n, (s, kind, opener)) in cuts.iter().enumerate() {
        let e = cuts.get(n + 1).map(|c| c.0).unwrap_or(b);
        if e > *s {
            out.push(Clause {
                start: *s,
                end: e,
                kind: *kind,
                opener: opener.clone(),
            });
        }
    }
    out
}
