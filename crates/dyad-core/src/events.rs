//! Event stage: triggers (verbs, nominalisations, multi-word expressions) mapped to PLOVER
//! types; arguments by clause structure (subject -> source, object or prepositional object ->
//! target, passives, infinitival complements, light verbs); modality; PLOVER's own rules
//! (future cooperation -> AGREE, future conflict -> THREATEN, diplomatic protest -> ACCUSE).

use crate::clauses::{Clause, ClauseKind, AUX};
use crate::lexicon::{Cue, Form, Lexicon, TrigKind};
use crate::mentions::{is_prep, Actor, Mention, MentionKind};
use crate::text::{TokKind, Token};

/// A trigger occurrence in a sentence.
#[derive(Debug, Clone)]
pub struct Trig {
    pub tok: usize,
    pub len: usize,
    pub trig: u32,
    pub form: Form,
    pub clause: usize,
}

/// An event before output formatting.
#[derive(Debug, Clone)]
pub struct RawEvent {
    pub event: String,
    pub mode: Option<String>,
    pub cameo_hint: Option<String>,
    /// Trigger token span (first token, end token).
    pub trigger: (usize, usize),
    pub source: Option<usize>,
    pub target: Option<usize>,
    /// Actors when they do not come from a single mention (e.g. the agent of an unresolved pronoun).
    pub negated: bool,
    pub hypothetical: bool,
    pub future: bool,
    pub clause: usize,
    /// Explanation of how type/modality were derived.
    pub rule: Vec<String>,
}

const NOUN_CONTEXT: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "any",
    "no",
    "such",
    "'s",
    "'",
    "of",
    "on",
    "in",
    "for",
    "with",
    "against",
    "after",
    "following",
    "amid",
    "during",
    "despite",
    "over",
    "new",
    "fresh",
    "further",
    "renewed",
    "recent",
    "latest",
    "largest",
    "first",
    "joint",
    "possible",
    "potential",
    "planned",
    "major",
    "military",
    "economic",
    "diplomatic",
    "peace",
    "air",
    "ground",
    "several",
    "two",
    "three",
    "some",
    "many",
    "more",
    "fierce",
    "heavy",
    "deadly",
    "massive",
    "large",
    "full",
    "formal",
    "official",
    "direct",
    "bilateral",
    "informal",
    "international",
    "humanitarian",
    "emergency",
    "by",
    "from",
    "at",
    "into",
    "massive",
    "alleged",
    "unprecedented",
    "every",
    "each",
];

const VERB_CONTEXT: &[&str] = &[
    "to",
    "not",
    "n't",
    "never",
    "also",
    "again",
    "repeatedly",
    "jointly",
    "reportedly",
    "allegedly",
    "today",
    "yesterday",
    "he",
    "she",
    "they",
    "it",
    "we",
    "who",
    "which",
    "i",
    "you",
    "already",
    "just",
    "still",
    "then",
    "formally",
    "officially",
    "once",
    "publicly",
    "later",
    "earlier",
    "finally",
    "bluntly",
    "flatly",
    "outright",
    "strongly",
    "sharply",
];

/// The cooperative PLOVER types: the first seven of the ontology's order.
const COOP: &[&str] = crate::lexicon::EVENTS.split_at(7).0;
const MATERIAL_CONFLICT: &[&str] = &["ASSAULT", "COERCE", "SANCTION", "PROTEST", "MOBILIZE"];

pub struct Ctx<'a> {
    pub lex: &'a Lexicon,
    pub doc: &'a str,
    pub toks: &'a [Token],
    pub a: usize,
    pub b: usize,
    pub ms: &'a [Mention],
    pub clauses: &'a [Clause],
    /// Mentions used for attribution (not arguments).
    pub used: &'a [usize],
    /// cover[i - a]: the first mention covering token i (u32::MAX: none); see [`mention_cover`].
    pub cover: &'a [u32],
}

/// For each token of `a..b`, the first of `ms` that covers it (u32::MAX: none): the answer to
/// "which mention is this token in", asked at nearly every token, read from an array.
pub fn mention_cover(ms: &[Mention], a: usize, b: usize) -> Vec<u32> {
    let mut cover = vec![u32::MAX; b.saturating_sub(a)];
    // later mentions first, so that the first covering mention is the one left
    for (mi, m) in ms.iter().enumerate().rev() {
        for i in m.tok_start.max(a)..m.tok_end.min(b) {
            cover[i - a] = mi as u32;
        }
    }
    cover
}

impl<'a> Ctx<'a> {
    fn norm(&self, i: usize) -> &str {
        if i < self.b && i >= self.a {
            self.toks[i].norm.as_str()
        } else {
            ""
        }
    }

    fn clause_of(&self, i: usize) -> usize {
        self.clauses
            .iter()
            .position(|c| c.start <= i && i < c.end)
            .unwrap_or(0)
    }

    fn in_mention(&self, i: usize) -> Option<usize> {
        match i.checked_sub(self.a).and_then(|k| self.cover.get(k)) {
            Some(&mi) => (mi != u32::MAX).then_some(mi as usize),
            None => self
                .ms
                .iter()
                .position(|m| m.tok_start <= i && i < m.tok_end),
        }
    }

    fn usable(&self, mi: usize) -> bool {
        let m = &self.ms[mi];
        !self.used.contains(&mi)
            && matches!(m.kind, MentionKind::Actor | MentionKind::Pronoun)
            && !m.actors.is_empty()
    }

    /// The preposition governing a mention, looking back over determiners and adjectives.
    fn prep_before(&self, mi: usize) -> Option<&str> {
        let m = &self.ms[mi];
        let mut i = m.tok_start;
        let mut steps = 0;
        while i > self.a && steps < 4 {
            i -= 1;
            let w = self.norm(i);
            if is_prep(w) {
                let quantifier = matches!(w, "to" | "about" | "around" | "over" | "than" | "under")
                    && self
                        .toks
                        .get(i + 1)
                        .map_or(false, |t| t.kind == TokKind::Number);
                if !quantifier {
                    return Some(w);
                }
                steps += 1;
                continue;
            }
            let t = &self.toks[i];
            let skippable = t.kind == TokKind::Number
                || NOUN_CONTEXT.contains(&w) && !is_prep(w)
                || (t.kind == TokKind::Word
                    && !t.cap
                    && !self.lex.verb_forms.contains_key(w)
                    && !AUX.contains(&w)
                    && w.len() > 2
                    && steps < 2
                    && !matches!(w, "and" | "or" | "but" | "that"));
            if !skippable {
                return None;
            }
            steps += 1;
        }
        None
    }

    /// The subject of a light verb, even when the verb also reports ("Italy announced a suspension of ...").
    fn light_subject(&self, ci: usize, t: usize) -> Option<usize> {
        let c = &self.clauses[ci];
        (0..self.ms.len())
            .find(|&mi| {
                let m = &self.ms[mi];
                m.tok_start >= c.start
                    && m.tok_end <= t
                    && matches!(m.kind, MentionKind::Actor | MentionKind::Pronoun)
                    && !m.actors.is_empty()
                    && self.prep_before(mi).is_none()
            })
            .or_else(|| self.subject(ci, t, 0))
    }

    /// Subject of clause `ci` before token `t`: the leftmost actor mention not inside a prepositional phrase.
    fn subject(&self, ci: usize, t: usize, depth: usize) -> Option<usize> {
        let c = &self.clauses[ci];
        let found = (0..self.ms.len()).find(|&mi| {
            let m = &self.ms[mi];
            m.tok_start >= c.start
                && m.tok_end <= t
                && self.usable(mi)
                && self.prep_before(mi).is_none()
        });
        if found.is_some() {
            return found;
        }
        // "a convoy of Kenyan police", "thousands of protesters": the head is no actor, its "of" complement is
        let of_pp = (0..self.ms.len()).find(|&mi| {
            let m = &self.ms[mi];
            m.tok_start >= c.start
                && m.tok_end <= t
                && self.usable(mi)
                && matches!(self.prep_before(mi), Some("of" | "for"))
                && m.tok_start <= c.start + 6
        });
        if of_pp.is_some() {
            return of_pp;
        }
        if ci == 0 || (depth > 3 && !(depth == 9 && c.kind == ClauseKind::Relative)) {
            return None;
        }
        match c.kind {
            ClauseKind::Relative => {
                // antecedent: the mention just before the relative pronoun
                (0..self.ms.len()).rev().find(|&mi| {
                    self.ms[mi].tok_end <= c.start
                        && self.ms[mi].tok_end + 2 >= c.start
                        && self.usable(mi)
                })
            }
            ClauseKind::Coordinate
            | ClauseKind::Adverbial
            | ClauseKind::Condition
            | ClauseKind::Main => {
                // the previous clause's subject comes before its verb ("a bombing killed X and wounded Y")
                let prev = &self.clauses[ci - 1];
                let verb = (prev.start..prev.end).find(|&j| {
                    self.in_mention(j).is_none()
                        && crate::clauses::verbish(self.lex, self.toks, j, (j + 1).min(self.b))
                        && !self.toks[j].cap
                });
                self.subject(ci - 1, verb.unwrap_or(prev.end), depth + 1)
            }
            ClauseKind::Complement => None,
        }
    }

    /// First usable mention after token `from` within the clause, with allowed prepositions.
    fn object(
        &self,
        from: usize,
        until: usize,
        event: &str,
        passive: bool,
        source: Option<usize>,
        nominal: bool,
    ) -> Option<usize> {
        let mut fallback = None;
        let mut preferred = None;
        let mut direct = None;
        for mi in 0..self.ms.len() {
            let m = &self.ms[mi];
            if m.tok_start < from || m.tok_start >= until {
                continue;
            }
            if !self.usable(mi) && m.kind != MentionKind::Location {
                continue;
            }
            // a sector noun without a country ("military exercises", "weapons") is no recipient
            if m.actors.iter().all(|a| a.code == "UNK") {
                continue;
            }
            // "on the Thai border": a demonym describing a place
            if m.modifier
                && matches!(
                    self.norm(m.tok_end),
                    "border" | "borders" | "frontier" | "side" | "coast" | "waters"
                )
            {
                continue;
            }
            if Some(mi) == source {
                continue;
            }
            // "withdrawing US troops", "deployed its forces": an actor moving its own forces
            if matches!(event, "RETREAT" | "MOBILIZE")
                && matches!(self.prep_before(mi), None | Some("of"))
                && source.map_or(false, |si| {
                    m.actors
                        .iter()
                        .all(|b| self.ms[si].actors.iter().any(|a| a.code == b.code))
                })
            {
                continue;
            }
            if let (Some(si), true) = (source, m.kind == MentionKind::Pronoun || m.possessive) {
                if same_actors(&self.ms[si].actors, &m.actors) {
                    continue;
                }
            }
            let prep = self.prep_before(mi);
            let loc_event = matches!(
                event,
                "ASSAULT"
                    | "PROTEST"
                    | "MOBILIZE"
                    | "COERCE"
                    | "CONSULT"
                    | "AID"
                    | "SANCTION"
                    | "THREATEN"
            );
            if m.kind == MentionKind::Location {
                if loc_event
                    && fallback.is_none()
                    && matches!(
                        prep,
                        Some("in" | "into" | "to" | "from" | "on" | "at" | "near")
                    )
                {
                    fallback = Some(mi);
                }
                continue;
            }
            match prep {
                Some("by") if event == "ACCUSE" && !passive => {
                    // "investigation into crimes committed by X": the accused
                    preferred = Some(mi);
                    break;
                }
                Some("by") if !passive => continue,
                Some("by") => continue,
                Some("in" | "at" | "near" | "inside" | "across" | "within" | "outside") => {
                    if loc_event && fallback.is_none() {
                        fallback = Some(mi);
                    }
                    continue;
                }
                Some(
                    "since" | "during" | "after" | "before" | "despite" | "amid" | "including"
                    | "like" | "than" | "until" | "following" | "among" | "about" | "via"
                    | "through" | "behind" | "beyond" | "without" | "over",
                ) => continue,
                // "talks on X", "restrictions on the use of X": the topic, not the recipient
                Some("on")
                    if !matches!(
                        event,
                        "ASSAULT"
                            | "SANCTION"
                            | "COERCE"
                            | "THREATEN"
                            | "PROTEST"
                            | "MOBILIZE"
                            | "ACCUSE"
                    ) =>
                {
                    continue
                }
                Some("to" | "for") if matches!(event, "AID" | "AGREE" | "SUPPORT") => {
                    if preferred.is_none() {
                        preferred = Some(mi);
                    }
                }
                // "the withdrawal of its own troops from Syria": what the actor moves, not the recipient
                Some("of")
                    if source.map_or(false, |si| {
                        self.ms[si]
                            .actors
                            .iter()
                            .any(|a| m.actors.iter().any(|b| b.code == a.code))
                    }) =>
                {
                    continue
                }
                Some("of") if nominal && direct.is_none() => {
                    direct = Some(mi);
                }
                None if nominal => continue,
                Some(_) => {
                    if direct.is_none() {
                        direct = Some(mi);
                    }
                }
                None => {
                    if direct.is_none() {
                        direct = Some(mi);
                    }
                }
            }
            if preferred.is_some() {
                break;
            }
            if direct.is_some() && !matches!(event, "AID" | "AGREE" | "SUPPORT") {
                break;
            }
        }
        preferred.or(direct).or(fallback)
    }

    /// The recipient after an active verb of kind `kind`: its object, or, for a verb whose
    /// object is its topic, only the first actor after "with" ("discussed the crisis with
    /// Iran"): what is discussed is no participant.
    fn verb_object(
        &self,
        kind: TrigKind,
        from: usize,
        until: usize,
        event: &str,
        source: Option<usize>,
    ) -> Option<usize> {
        if kind != TrigKind::Topic {
            return self.object(from, until, event, false, source, false);
        }
        (0..self.ms.len()).find(|&mi| {
            let m = &self.ms[mi];
            m.tok_start >= from
                && m.tok_start < until
                && Some(mi) != source
                && self.usable(mi)
                && m.actors.iter().any(|a| a.code != "UNK")
                && self.prep_before(mi) == Some("with")
        })
    }

    /// The "by X" agent after a passive trigger.
    fn by_agent(&self, from: usize, until: usize) -> Option<usize> {
        (0..self.ms.len()).find(|&mi| {
            let m = &self.ms[mi];
            m.tok_start >= from
                && m.tok_start < until
                && self.usable(mi)
                && self.prep_before(mi) == Some("by")
        })
    }

    /// The mention directly modifying a nominal trigger: "Israeli strikes", "Moscow's mediation",
    /// "the largest U.S. military operation".
    fn modifier_before(&self, t: usize) -> Option<usize> {
        let mut i = t;
        let mut steps = 0;
        while i > self.a && steps < 4 {
            if let Some(mi) = (0..self.ms.len()).find(|&mi| self.ms[mi].tok_end == i) {
                let m = &self.ms[mi];
                if self.usable(mi)
                    && (m.modifier || m.possessive || (m.kind == MentionKind::Actor && steps == 0))
                    && !matches!(self.prep_before(mi), Some("between"))
                {
                    return Some(mi);
                }
                return None;
            }
            i -= 1;
            let t = &self.toks[i];
            if !(t.kind == TokKind::Word
                && !t.cap
                && !is_prep(&t.norm)
                && !matches!(
                    t.norm.as_str(),
                    "and" | "or" | "the" | "a" | "an" | "to" | "that"
                ))
                && !(t.kind == TokKind::Word && t.cap && steps == 0 && self.in_mention(i).is_none())
            {
                return None;
            }
            steps += 1;
        }
        None
    }

    fn is_passive(&self, tr: &Trig) -> bool {
        if !matches!(tr.form, Form::Ed | Form::Participle) {
            return false;
        }
        let mut i = tr.tok;
        let mut steps = 0;
        while i > self.a && steps < 3 {
            i -= 1;
            let w = self.norm(i);
            if matches!(
                w,
                "is" | "are"
                    | "was"
                    | "were"
                    | "be"
                    | "been"
                    | "being"
                    | "get"
                    | "got"
                    | "gets"
                    | "'s"
            ) {
                return true;
            }
            if !(w.ends_with("ly")
                || matches!(
                    w,
                    "not"
                        | "n't"
                        | "also"
                        | "reportedly"
                        | "allegedly"
                        | "already"
                        | "being"
                        | "never"
                ))
            {
                return false;
            }
            steps += 1;
        }
        false
    }

    /// Modality cues between the clause start and the trigger.
    fn cues(&self, ci: usize, t: usize, nominal: bool) -> (bool, bool, bool, Vec<String>) {
        let c = &self.clauses[ci];
        let (mut neg, mut hyp, mut fut) = (false, false, false);
        let mut why = Vec::new();
        let start = if nominal {
            t.saturating_sub(4).max(c.start)
        } else {
            c.start
        };
        let mut i = start;
        while i < t {
            for (len, cues) in self.lex.cues.prefixes_iter(self.toks, i, t) {
                let phrase: Vec<&str> = self.toks[i..i + len]
                    .iter()
                    .map(|x| x.norm.as_str())
                    .collect();
                for cue in cues {
                    match cue {
                        Cue::Neg if !nominal || matches!(phrase[0], "no" | "without" | "never") => {
                            // "no" inside a mention ("No. 2") or a negated different verb far back still counts: keep simple
                            neg = true;
                            why.push(format!("negation \"{}\"", phrase.join(" ")));
                        }
                        Cue::Hyp => {
                            // "may" as a month name is a date, not a cue
                            if phrase[0] == "may" && self.toks[i].cap && i > c.start {
                                continue;
                            }
                            hyp = true;
                            why.push(format!("speculation \"{}\"", phrase.join(" ")));
                        }
                        Cue::Future if !nominal => {
                            fut = true;
                            why.push(format!("future \"{}\"", phrase.join(" ")));
                        }
                        Cue::Cond if !nominal => {
                            hyp = true;
                            why.push(format!("condition \"{}\"", phrase.join(" ")));
                        }
                        _ => {}
                    }
                }
            }
            i += 1;
        }
        if c.kind == ClauseKind::Adverbial
            && matches!(c.opener.as_deref(), Some("before" | "until"))
        {
            hyp = true;
            why.push(format!(
                "not yet realised (\"{}\")",
                c.opener.clone().unwrap_or_default()
            ));
        }
        if c.kind == ClauseKind::Condition {
            hyp = true;
            why.push(format!(
                "inside a condition \"{}\"",
                c.opener.clone().unwrap_or_default()
            ));
        }
        (neg, hyp, fut, why)
    }
}

fn src_actors_of<'b>(ctx: &'b Ctx, source: Option<usize>) -> &'b [Actor] {
    source.map(|s| ctx.ms[s].actors.as_slice()).unwrap_or(&[])
}

fn same_actors(a: &[Actor], b: &[Actor]) -> bool {
    !a.is_empty()
        && a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.code == y.code && x.sector == y.sector)
}

/// Decide whether a lexicon match at `i` is read as a verb or a noun (no tagger: local context).
fn reading_ok(ctx: &Ctx, i: usize, form: Form) -> Option<bool> {
    let prev = if i > ctx.a { ctx.norm(i - 1) } else { "" };
    let prev_mention = ctx.ms.iter().find(|m| m.tok_end == i);
    // "the U.S. attacks": a name after a determiner modifies a following noun
    let det_name = prev_mention.map_or(false, |m| {
        m.tok_start > ctx.a && matches!(ctx.norm(m.tok_start - 1), "the" | "a" | "an") && !m.person
    }) && matches!(form, Form::S | Form::Base | Form::Noun);
    let noun_ctx = NOUN_CONTEXT.contains(&prev)
        || det_name
        || prev_mention.map_or(false, |m| m.modifier || m.possessive)
        || (i > ctx.a && ctx.toks[i - 1].kind == TokKind::Number);
    let verb_ctx = VERB_CONTEXT.contains(&prev)
        || AUX.contains(&prev)
        || (prev.ends_with("ly") && prev.len() > 4)
        || (!det_name
            && prev_mention.map_or(false, |m| {
                !m.modifier && !m.possessive && m.kind != MentionKind::Location
            }));
    match form {
        Form::Noun => Some(noun_ctx || !verb_ctx),
        Form::Base => Some(verb_ctx || (!noun_ctx && i == ctx.a)),
        Form::S => Some(
            verb_ctx
                || (!noun_ctx
                    && (i == ctx.a
                        || ctx.toks[i - 1].cap
                        || ctx.toks[i - 1].kind != TokKind::Word)),
        ),
        Form::Ed | Form::Participle | Form::Past => Some(!(noun_ctx && !verb_ctx && prev != "by")),
        Form::Ing => Some(!matches!(
            prev,
            "the" | "a" | "an" | "this" | "its" | "their" | "his" | "her" | "'s"
        )),
    }
}

/// Find the triggers of a sentence.
/// Whether tokens `a..b` could yield an event: a lexicon entry other than a reporting verb
/// (`triggers` only ever keeps candidates from that set) or an obligation modal (the
/// reported-speech REQUEST rule in `extract`). When not, the costlier stages (clauses,
/// attribution, arguments, dates) are skipped for the window.
pub fn may_have_events(lex: &Lexicon, toks: &[Token], a: usize, b: usize) -> bool {
    (a..b).any(|i| {
        is_obligation(toks, i, b)
            || lex.index.starts_phrase(&toks[i])
                && lex.index.prefixes_iter(toks, i, b).any(|(_, ps)| {
                    ps.iter()
                        .any(|&(t, _)| lex.triggers[t as usize].kind != TrigKind::Report)
                })
    })
}

/// "must", "should", "has/have/needs/need to" at token `i` (tokens from `b` on are outside).
fn is_obligation(toks: &[Token], i: usize, b: usize) -> bool {
    let norm = |k: usize| if k < b { toks[k].norm.as_str() } else { "" };
    matches!(norm(i), "must" | "should")
        || (matches!(norm(i), "has" | "have" | "needs" | "need") && norm(i + 1) == "to")
}

pub fn triggers(ctx: &Ctx) -> Vec<Trig> {
    let mut out: Vec<Trig> = Vec::new();
    let mut i = ctx.a;
    while i < ctx.b {
        // tokens inside actor/outlet mentions are names, not triggers ("Rapid Support Forces")
        if let Some(mi) = ctx.in_mention(i) {
            let m = &ctx.ms[mi];
            if m.kind != MentionKind::Pronoun
                && !(m.actors.len() == 1
                    && m.actors[0].how.starts_with("sector noun")
                    && m.tok_end - m.tok_start == 1)
            {
                i = m.tok_end;
                continue;
            }
        }
        if i > ctx.a && ctx.toks[i - 1].norm == "-" && ctx.toks[i - 1].end == ctx.toks[i].start {
            i += 1;
            continue;
        }
        if !ctx.lex.index.starts_phrase(&ctx.toks[i]) {
            i += 1; // no trigger starts here (most tokens)
            continue;
        }
        let cands = ctx.lex.index.prefixes_at(ctx.toks, i, ctx.b);
        let mut chosen: Option<Trig> = None;
        for (len, ps) in cands.iter().rev() {
            // prefer a verb reading in verb context, else a noun reading
            let mut best: Option<(u32, Form, bool)> = None;
            let len = *len;
            for &(t, f) in ps.iter() {
                if let Some(true) = reading_ok(ctx, i, f) {
                    let is_verb = f != Form::Noun;
                    let kind = ctx.lex.triggers[t as usize].kind;
                    if kind == TrigKind::Report
                        || (kind == TrigKind::Light
                            && ps.iter().any(|(t2, _)| {
                                ctx.lex.triggers[*t2 as usize].kind != TrigKind::Light
                                    && ctx.lex.triggers[*t2 as usize].kind != TrigKind::Report
                            }))
                    {
                        continue;
                    }
                    let better = match best {
                        None => true,
                        Some((_, bf, bv)) => {
                            let prev = if i > ctx.a { ctx.norm(i - 1) } else { "" };
                            let verb_ctx = VERB_CONTEXT.contains(&prev) || AUX.contains(&prev);
                            (is_verb && !bv && verb_ctx)
                                || (!is_verb && bv && !verb_ctx && bf == Form::Base)
                        }
                    };
                    if better {
                        best = Some((t, f, is_verb));
                    }
                }
            }
            // "held their first meeting": a verb with a light reading and a nominal trigger ahead is light
            if let Some((_, f, true)) = best {
                if let Some(&(lt, _)) = ps
                    .iter()
                    .find(|(t, _)| ctx.lex.triggers[*t as usize].kind == TrigKind::Light)
                {
                    let e = i + len;
                    let noun_ahead = (e..(e + 6).min(ctx.b)).any(|j| {
                        ctx.lex
                            .index
                            .prefixes_iter(ctx.toks, j, ctx.b)
                            .any(|(_, p)| p.iter().any(|(_, f)| *f == Form::Noun))
                    });
                    if noun_ahead {
                        best = Some((lt, f, true));
                    }
                }
            }
            if let Some((t, f, _)) = best {
                chosen = Some(Trig {
                    tok: i,
                    len,
                    trig: t,
                    form: f,
                    clause: ctx.clause_of(i),
                });
                break;
            }
        }
        // "the U.S. attacks targeting Iran": a participle right after a nominal trigger belongs to it
        if let (Some(tr), Some(last)) = (&chosen, out.last()) {
            if tr.form == Form::Ing && last.form == Form::Noun && last.tok + last.len == tr.tok {
                i += tr.len;
                continue;
            }
        }
        if let Some(tr) = chosen {
            i += tr.len;
            out.push(tr);
        } else {
            i += 1;
        }
    }
    out
}

fn threat_mode(event: &str, mode: Option<&str>) -> Option<&'static str> {
    Some(match (event, mode) {
        ("ASSAULT", _) | ("MOBILIZE", _) => "violence",
        ("SANCTION", Some("expel")) => "expel",
        ("SANCTION", _) => "relations",
        ("COERCE", Some("arrest")) => "arrest",
        ("COERCE", Some("deport")) => "expel",
        ("COERCE", _) | ("PROTEST", _) => "restrict",
        _ => return None,
    })
}

fn request_mode(event: &str) -> Option<&'static str> {
    Some(match event {
        "CONSULT" => "meet",
        "AID" | "COOPERATE" | "SUPPORT" | "AGREE" => "assist",
        "RETREAT" | "CONCEDE" => "yield",
        "REQUEST" | "ACCUSE" | "REJECT" | "THREATEN" | "PROTEST" | "SANCTION" | "MOBILIZE"
        | "COERCE" | "ASSAULT" => "change",
        _ => return None,
    })
}

/// Code the events of one sentence.
pub fn extract(ctx: &Ctx) -> Vec<RawEvent> {
    let trigs = triggers(ctx);
    let lex = ctx.lex;
    let mut consumed = vec![false; trigs.len()];
    // inner complement links: control -> inner trigger index
    let mut inner_of: Vec<Option<usize>> = vec![None; trigs.len()];
    // nominal triggers whose subject comes from a light verb
    let mut light_subject: Vec<Option<usize>> = vec![None; trigs.len()];
    // modality imposed by governing hyp/intent nouns or deny/fail
    let mut imposed: Vec<(bool, bool, bool, Vec<String>)> =
        vec![(false, false, false, Vec::new()); trigs.len()];

    for (k, tr) in trigs.iter().enumerate() {
        let t = &lex.triggers[tr.trig as usize];
        let end = tr.tok + tr.len;
        let clause_end = ctx.clauses[tr.clause].end;
        match t.kind {
            TrigKind::Control => {
                // "threatened to launch", "urged X to", "called on X to", "refused to meet"
                let mut j = end;
                let object_control = matches!(t.event.as_str(), "REQUEST" | "CONCEDE");
                let limit = (end + if object_control { 16 } else { 4 }).min(ctx.b);
                let mut found = None;
                while j < limit {
                    let w = ctx.norm(j);
                    if matches!(w, ";" | "but") || (w == "," && !object_control) {
                        break;
                    }
                    if w == "to" {
                        // the infinitive's verb: a trigger right after "to" (an adverb may intervene)
                        if let Some(n) = trigs.iter().position(|x| {
                            x.tok > j
                                && x.tok <= j + 2
                                && x.form == Form::Base
                                && !consumed[trigs.iter().position(|y| y.tok == x.tok).unwrap()]
                        }) {
                            found = Some(n);
                            break;
                        }
                        if ctx.toks.get(j + 1).map_or(false, |t| {
                            t.kind == TokKind::Word
                                && !t.cap
                                && !crate::clauses::AUX.contains(&t.norm.as_str())
                                && !matches!(
                                    t.norm.as_str(),
                                    "the" | "a" | "an" | "its" | "their" | "his" | "her"
                                )
                        }) && j + 1 < ctx.b
                            && !ctx.lex.verb_forms.contains_key(ctx.norm(j + 1))
                            && ctx.norm(j + 1).len() > 1
                        {
                            // "agreed to postpone": an infinitive that is no trigger still closes the search
                            if !object_control || ctx.in_mention(j + 1).is_none() {
                                break;
                            }
                        }
                    }
                    if w == "that" {
                        if matches!(
                            t.event.as_str(),
                            "REQUEST" | "THREATEN" | "AGREE" | "REJECT"
                        ) {
                            // "demanded that the US cancel ...": the first trigger of the complement
                            found = trigs
                                .iter()
                                .position(|x| x.tok > j && x.tok < j + 12 && x.form != Form::Noun);
                        }
                        break;
                    }
                    j += 1;
                }
                if let Some(n) = found {
                    let inner_kind = lex.triggers[trigs[n].trig as usize].kind;
                    if !consumed[n] {
                        if inner_kind == TrigKind::Light {
                            // "agreed to undertake joint exercises": the light verb's nominal is the complement
                            let le = trigs[n].tok + trigs[n].len;
                            if let Some(m2) = trigs.iter().position(|x| {
                                x.tok >= le && x.tok <= le + 6 && x.form == Form::Noun
                            }) {
                                inner_of[k] = Some(m2);
                                consumed[m2] = true;
                            }
                        } else {
                            inner_of[k] = Some(n);
                            consumed[n] = true;
                        }
                    }
                }
            }
            TrigKind::Light => {
                // "launched an offensive", "held talks", "imposed sanctions": the next nominal in the object
                let _ = clause_end;
                if let Some(n) = trigs.iter().position(|x| {
                    x.tok >= end
                        && x.tok <= end + 6
                        && x.form == Form::Noun
                        && (end..x.tok).all(|j| !matches!(ctx.norm(j), "," | "that" | ";" | "and"))
                        // no other verb between the light verb and its noun
                        && !trigs.iter().any(|y| y.tok >= end && y.tok < x.tok && y.form != Form::Noun)
                }) {
                    light_subject[n] = Some(k);
                }
                consumed[k] = true;
            }
            TrigKind::NounHyp | TrigKind::NounIntent => {
                // "the possibility of X", "plans to X", "a desire to repair ties"
                consumed[k] = true;
                if matches!(ctx.norm(end), "of" | "to" | "for" | "that") {
                    if let Some(n) = trigs.iter().position(|x| x.tok > end && x.tok <= end + 6) {
                        let word =
                            ctx.doc[ctx.toks[tr.tok].start..ctx.toks[end - 1].end].to_string();
                        if t.kind == TrigKind::NounHyp {
                            imposed[n].1 = true;
                            imposed[n].3.push(format!("governed by \"{word}\""));
                        } else {
                            imposed[n].2 = true;
                            imposed[n].3.push(format!("intention \"{word}\""));
                        }
                    }
                }
            }
            _ => {}
        }
        // "deny" + VERB-ing / that-clause: the inner event is negated, deny is not an event
        if t.phrase == "deny" && tr.form != Form::Noun {
            if let Some(n) = trigs.iter().position(|x| {
                x.tok > end && x.tok <= end + 3 && (x.form == Form::Ing || ctx.norm(end) == "that")
            }) {
                imposed[n].0 = true;
                imposed[n].3.push("denied".into());
                consumed[k] = true;
            }
        }
    }

    let mut events = Vec::new();
    // "Russia said Sudan must return the helicopter": an obligation in reported speech is a REQUEST
    // from the speaker to the complement's subject.
    for (ci, c) in ctx.clauses.iter().enumerate() {
        if c.kind != ClauseKind::Complement || ci == 0 {
            continue;
        }
        let Some(d) = (c.start..c.end).find(|&i| is_obligation(ctx.toks, i, ctx.b)) else {
            continue;
        };
        let Some(subj) = (0..ctx.ms.len()).find(|&mi| {
            ctx.ms[mi].tok_start >= c.start && ctx.ms[mi].tok_end <= d && ctx.usable(mi)
        }) else {
            continue;
        };
        let Some(speaker) = ctx.subject(ci - 1, c.start, 0).or_else(|| {
            ctx.used.iter().copied().find(|&u| {
                ctx.ms[u].kind == MentionKind::Actor
                    && !ctx.ms[u].actors.is_empty()
                    && ctx.ms[u].identified
            })
        }) else {
            continue;
        };
        if ctx.ms[speaker].kind != MentionKind::Actor
            && ctx.ms[speaker].kind != MentionKind::Pronoun
        {
            continue;
        }
        let inner = trigs.iter().position(|x| {
            x.tok > d
                && x.tok < c.end
                && !consumed[trigs.iter().position(|y| y.tok == x.tok).unwrap()]
        });
        let mut rule = vec![format!(
            "obligation \"{}\" in reported speech -> REQUEST",
            ctx.norm(d)
        )];
        let mode = inner.and_then(|n| {
            consumed[n] = true;
            let it = &lex.triggers[trigs[n].trig as usize];
            rule.push(format!("demanded action \"{}\" -> {}", it.phrase, it.event));
            request_mode(&it.event).map(String::from)
        });
        events.push(RawEvent {
            event: "REQUEST".into(),
            mode,
            cameo_hint: Some("100".into()),
            trigger: (d, d + 1),
            source: Some(speaker),
            target: Some(subj),
            negated: false,
            hypothetical: false,
            future: false,
            clause: ci,
            rule,
        });
    }
    for (k, tr) in trigs.iter().enumerate() {
        if consumed[k] {
            continue;
        }
        let t = &lex.triggers[tr.trig as usize];
        if t.kind == TrigKind::Report {
            continue;
        }
        let end = tr.tok + tr.len;
        let clause = &ctx.clauses[tr.clause];
        let nominal = tr.form == Form::Noun;
        // participles after an earlier event in the clause describe its object: "a resolution
        // censuring X", "West Africans ordered out of Nigeria"
        let participle = tr.form == Form::Ing
            || (matches!(tr.form, Form::Ed | Form::Participle)
                && tr.tok > ctx.a
                && !AUX.contains(&ctx.norm(tr.tok - 1))
                && !ctx.norm(tr.tok - 1).ends_with("ly"));
        if participle
            && tr.tok > ctx.a
            && !matches!(
                ctx.norm(tr.tok - 1),
                "and" | "," | "or" | "of" | "for" | "by" | "in" | "to"
            )
            && events
                .iter()
                .any(|e: &RawEvent| e.clause == tr.clause && e.trigger.0 < tr.tok)
        {
            continue;
        }
        if nominal
            && light_subject[k].is_none()
            && events
                .iter()
                .any(|e: &RawEvent| e.clause == tr.clause && e.trigger.0 < tr.tok)
        {
            // "renewed negotiations on an Israeli troop pullback": the pullback is the talks' topic
            continue;
        }
        let mut rule = vec![format!(
            "trigger \"{}\" -> {} ({}:{})",
            t.phrase, t.event, t.file, t.line
        )];
        let mut event = t.event.clone();
        let mut mode = t.mode.clone();
        let mut cameo_hint = Some(t.cameo.clone());
        let passive = !nominal && ctx.is_passive(tr);
        // arguments
        let (mut source, mut target);
        if nominal {
            source = ctx
                .modifier_before(tr.tok)
                .or_else(|| ctx.by_agent(end, (end + 4).min(clause.end)));
            if source.is_none() {
                if let Some(lv) = light_subject[k] {
                    let l = &trigs[lv];
                    source = ctx.light_subject(l.clause, l.tok);
                    rule.push(format!(
                        "subject of light verb \"{}\"",
                        lex.triggers[l.trig as usize].phrase
                    ));
                }
            }
            target = ctx.object(
                end,
                (end + 8).min(clause.end.max(end)),
                &event,
                false,
                source,
                true,
            );
            // "talks between X and Y": both sides are the actors
            if let Some(ti) = target {
                if ctx.prep_before(ti) == Some("between")
                    && ctx.ms[ti].actors.len() >= 2
                    && source.is_none()
                {
                    source = Some(ti);
                    target = None;
                }
            }
            if source.is_none() {
                continue;
            }
            if target.is_none()
                && light_subject[k].is_none()
                && !matches!(event.as_str(), "CONSULT" | "PROTEST")
            {
                continue;
            }
        } else if passive {
            target = ctx.subject(tr.clause, tr.tok, 9);
            source = ctx.by_agent(end, clause.end);
            rule.push("passive voice".into());
        } else {
            let adjacent = (0..ctx.ms.len()).find(|&mi| {
                ctx.ms[mi].tok_end == tr.tok
                    && ctx.usable(mi)
                    && !ctx.ms[mi].possessive
                    && !ctx.ms[mi].modifier
            });
            source = if tr.form == Form::Ing
                && adjacent.is_some()
                && ctx.ms[adjacent.unwrap()].tok_start > clause.start
            {
                rule.push("subject of the gerund".into());
                adjacent
            } else {
                ctx.subject(tr.clause, tr.tok, 0)
            };
            // "resigned to allow Haiti's elections": the object ends where a purpose infinitive begins
            let mut stop = clause.end;
            if t.kind != TrigKind::Control {
                if let Some(j) = (end..clause.end.saturating_sub(1)).find(|&j| {
                    ctx.norm(j) == "to"
                        && crate::clauses::verbish(lex, ctx.toks, j + 1, (j + 2).min(ctx.b))
                        && ctx.in_mention(j + 1).is_none()
                }) {
                    stop = j;
                }
            }
            target = ctx.verb_object(t.kind, end, stop, &event, source);
        }
        // control verbs combine with their complement
        if let Some(n) = inner_of[k] {
            let inner = &trigs[n];
            let it = &lex.triggers[inner.trig as usize];
            let inner_end = inner.tok + inner.len;
            let inner_clause_end = ctx.clauses[inner.clause].end.max(inner_end);
            let inner_target =
                ctx.verb_object(it.kind, inner_end, inner_clause_end, &it.event, source);
            rule.push(format!("complement \"{}\" -> {}", it.phrase, it.event));
            let negated_inner =
                (end..inner.tok).any(|j| matches!(ctx.norm(j), "not" | "never" | "n't"));
            match t.event.as_str() {
                "AGREE" if negated_inner => {
                    event = "REJECT".into();
                    mode = request_mode(&it.event).map(String::from);
                    cameo_hint = None;
                    rule.push("promise not to act -> REJECT".into());
                }
                "THREATEN" => {
                    mode = threat_mode(&it.event, it.mode.as_deref()).map(String::from);
                }
                "REJECT" => {
                    mode = request_mode(&it.event).map(String::from);
                }
                "REQUEST" => {
                    mode = request_mode(&it.event).map(String::from);
                    // "urged X to ...": X is the recipient; "demanded that X ..." likewise
                }
                "AGREE" => {
                    if MATERIAL_CONFLICT.contains(&it.event.as_str()) {
                        event = "THREATEN".into();
                        mode = threat_mode(&it.event, it.mode.as_deref()).map(String::from);
                        cameo_hint = None;
                        rule.push("promise of conflict -> THREATEN".into());
                    }
                }
                _ => {}
            }
            // recipient: the object between the control verb and "to", else the complement's object
            let between = ctx.object(end, inner.tok, &event, false, source, false);
            target = if it.kind == TrigKind::Topic {
                // "refused to discuss X": X is the topic, searched for no further
                between.or(inner_target)
            } else {
                between.or(inner_target).or(target)
            };
            if event == "AGREE"
                && matches!(
                    it.event.as_str(),
                    "AGREE" | "CONSULT" | "AID" | "COOPERATE" | "SUPPORT"
                )
            {
                cameo_hint = Some(
                    match it.event.as_str() {
                        "CONSULT" => "036",
                        "AID" => "033",
                        "COOPERATE" => "031",
                        _ => "030",
                    }
                    .into(),
                );
            }
        }
        if t.kind == TrigKind::Control
            && inner_of[k].is_none()
            && target.is_none()
            && ctx.norm(end) == "that"
        {
            target = (0..ctx.ms.len()).find(|&mi| {
                ctx.ms[mi].tok_start > end && ctx.ms[mi].tok_start <= end + 6 && ctx.usable(mi)
            });
        }
        // location as recipient for events that happen somewhere ("troops remained on alert in the West Bank")
        if target.is_none()
            && (matches!(
                event.as_str(),
                "ASSAULT" | "PROTEST" | "MOBILIZE" | "COERCE"
            ) || mode.as_deref() == Some("investigate"))
        {
            target = (0..ctx.ms.len()).find(|&mi| {
                let m = &ctx.ms[mi];
                m.tok_start >= clause.start
                    && m.tok_end <= clause.end
                    && Some(mi) != source
                    && !m.actors.is_empty()
                    && (m.kind == MentionKind::Location
                        || (m.kind == MentionKind::Actor
                            && matches!(ctx.prep_before(mi), Some("in" | "into"))))
                    && ctx.prep_before(mi).is_some()
            });
            if target.is_some() {
                rule.push("recipient: the place where it happened".into());
            }
        }
        if event == "RETREAT" && mode.as_deref() == Some("withdraw") && tr.form != Form::Noun {
            let personnel = (end..(end + 7).min(clause.end)).any(|j| {
                matches!(
                    ctx.norm(j),
                    "inspectors"
                        | "observers"
                        | "diplomats"
                        | "ambassador"
                        | "envoy"
                        | "peacekeepers"
                        | "peacekeeping"
                        | "monitors"
                        | "aid"
                        | "workers"
                        | "staff"
                        | "personnel"
                        | "support"
                        | "mission"
                        | "embassy"
                        | "mediators"
                )
            });
            if personnel {
                event = "SANCTION".into();
                cameo_hint = Some("166".into());
                rule.push("withdrawal of personnel or aid -> SANCTION withdraw".into());
            }
        }
        // "requested additional support", "rejected an offer of talks": the requested or rejected
        // thing gives the mode
        if matches!(event.as_str(), "REQUEST" | "REJECT") && mode.is_none() {
            if let Some(n) = trigs
                .iter()
                .find(|x| x.form == Form::Noun && x.tok >= end && x.tok <= end + 4)
            {
                let nt = &lex.triggers[n.trig as usize];
                if nt.kind == TrigKind::Noun {
                    mode = request_mode(&nt.event).map(String::from);
                }
            }
        }
        // event_t verbs need a recipient, unless the actors act together ("X and Y signed a treaty")
        if t.kind == TrigKind::EventT
            && target.is_none()
            && !source.map_or(false, |s| ctx.ms[s].actors.len() >= 2)
        {
            continue;
        }
        // modality
        let (mut neg, mut hyp, mut fut, why) = ctx.cues(tr.clause, tr.tok, nominal);
        rule.extend(why);
        if nominal {
            // a nominal event that is the object of a negated or speculative verb ("has yet to comment on the attacks")
            let (n2, h2, _, why2) = ctx.cues(tr.clause, tr.tok, false);
            if n2 || h2 {
                neg |= n2;
                hyp |= h2;
                rule.extend(why2.into_iter().map(|w| format!("{w} (governing verb)")));
            }
        }
        let prev_w = if tr.tok > ctx.a {
            ctx.norm(tr.tok - 1)
        } else {
            ""
        };
        if tr.form == Form::Ing && matches!(prev_w, "of" | "for") {
            hyp = true;
            rule.push(format!("alleged or intended act (\"{prev_w} ...ing\")"));
        }
        if prev_w == "to"
            && tr.form == Form::Base
            && events
                .iter()
                .any(|e: &RawEvent| e.clause == tr.clause && e.trigger.0 < tr.tok)
        {
            hyp = true;
            rule.push("purpose of an earlier event (\"to ...\")".into());
        }
        let imp = &imposed[k];
        neg |= imp.0;
        hyp |= imp.1;
        fut |= imp.2;
        rule.extend(imp.3.iter().cloned());
        // "refused to meet": the refusal is the event; a negated refusal is rare, keep the flag
        let mut future_flag = false;
        if fut && !hyp {
            if neg
                && (event != "AGREE" && COOP.contains(&event.as_str())
                    || event == "AGREE" && tr.form != Form::Noun)
            {
                rule.push(format!("negated future {event} -> REJECT"));
                mode = request_mode(&event).map(String::from);
                event = "REJECT".into();
                cameo_hint = None;
                neg = false;
            } else if !neg && COOP.contains(&event.as_str()) && event != "AGREE" {
                rule.push(format!(
                    "future {event} -> AGREE (PLOVER: intended cooperation)"
                ));
                cameo_hint = Some(
                    match event.as_str() {
                        "CONSULT" => "036",
                        "AID" => "033",
                        "COOPERATE" => "031",
                        "RETREAT" | "CONCEDE" => "035",
                        _ => "030",
                    }
                    .into(),
                );
                event = "AGREE".into();
                mode = None;
            } else if !neg && MATERIAL_CONFLICT.contains(&event.as_str()) {
                rule.push(format!("future {event} -> THREATEN"));
                mode = threat_mode(&event, mode.as_deref()).map(String::from);
                event = "THREATEN".into();
                cameo_hint = None;
            } else {
                future_flag = true;
            }
        }
        if let Some(cond) = ctx
            .clauses
            .iter()
            .skip(tr.clause + 1)
            .take(3)
            .find(|c| c.kind == ClauseKind::Condition)
        {
            let unless = cond.opener.as_deref() == Some("unless");
            let conflict = MATERIAL_CONFLICT.contains(&event.as_str())
                || (event == "SANCTION")
                || (event == "THREATEN");
            let modal = (clause.start..tr.tok).any(|j| {
                matches!(
                    ctx.norm(j),
                    "will" | "would" | "may" | "might" | "could" | "'ll"
                )
            });
            if !neg && modal && (unless || conflict) && event != "REQUEST" {
                if event != "THREATEN" {
                    mode = threat_mode(&t.event, t.mode.as_deref())
                        .or(Some("relations"))
                        .map(String::from);
                    rule.push(format!(
                        "{} under a condition (\"{}\") -> THREATEN",
                        event,
                        cond.opener.clone().unwrap_or_default()
                    ));
                    event = "THREATEN".into();
                    cameo_hint = None;
                }
                hyp = false;
                future_flag = false;
                if target.is_none() {
                    // the party that must act is the recipient of the threat
                    target = (0..ctx.ms.len()).find(|&mi| {
                        ctx.ms[mi].tok_start >= cond.start
                            && ctx.ms[mi].tok_end <= cond.end
                            && ctx.usable(mi)
                            && ctx.ms[mi].identified
                    });
                }
            }
        }
        if event == "THREATEN" && target.is_none() {
            if let Some(cond) =
                ctx.clauses.iter().skip(tr.clause + 1).take(3).find(|c| {
                    c.kind == ClauseKind::Condition && c.opener.as_deref() == Some("unless")
                })
            {
                target = (0..ctx.ms.len()).find(|&mi| {
                    ctx.ms[mi].tok_start >= cond.start
                        && ctx.ms[mi].tok_end <= cond.end
                        && ctx.usable(mi)
                        && ctx.ms[mi].identified
                });
            }
        }
        // Travel by private people ("she travelled to Syria") is no diplomatic visit.
        if event == "CONSULT"
            && mode.as_deref() == Some("visit")
            && !src_actors_of(ctx, source).is_empty()
            && src_actors_of(ctx, source).iter().all(|a| {
                matches!(
                    a.sector.as_deref(),
                    Some(
                        "CVL"
                            | "REF"
                            | "CRM"
                            | "UAF"
                            | "UNK"
                            | "JRN"
                            | "EDU"
                            | "BUS"
                            | "LAB"
                            | "AGR"
                            | "MED"
                            | "REL"
                            | "SOC"
                    )
                )
            })
        {
            continue;
        }
        // PLOVER: protests by governments are diplomatic protests (ACCUSE).
        let src_actors: &[Actor] = source.map(|s| ctx.ms[s].actors.as_slice()).unwrap_or(&[]);
        if event == "PROTEST"
            && mode.as_deref() == Some("obstruct")
            && !src_actors.is_empty()
            && src_actors.iter().all(|a| {
                matches!(a.sector.as_deref(), None | Some("GOV" | "LEG"))
                    && a.code != "UNK"
                    && !a.how.contains("demonym")
            })
        {
            rule.push("a state blocking something -> REJECT".into());
            event = "REJECT".into();
            mode = None;
            cameo_hint = Some("120".into());
        }
        if event == "PROTEST"
            && !src_actors.is_empty()
            && src_actors.iter().all(|a| {
                a.sector
                    .as_deref()
                    .map_or(true, |s| matches!(s, "GOV" | "LEG"))
                    && a.code != "UNK"
                    && !a.how.contains("demonym")
            })
            && !src_actors
                .iter()
                .any(|a| a.sector.as_deref() == Some("CVL"))
        {
            rule.push("protest by a state actor -> ACCUSE disapprove".into());
            event = "ACCUSE".into();
            mode = Some("disapprove".into());
            cameo_hint = Some("111".into());
        }
        // Labour "strikes" are protests.
        if event == "ASSAULT"
            && t.phrase.contains("strike")
            && src_actors.iter().any(|a| {
                matches!(
                    a.sector.as_deref(),
                    Some("LAB" | "EDU" | "AGR" | "MED" | "CVL")
                )
            })
        {
            rule.push("strike by workers -> PROTEST strike".into());
            event = "PROTEST".into();
            mode = Some("strike".into());
            cameo_hint = Some("143".into());
        }
        if source.is_none() && target.is_none() {
            continue;
        }
        // an event needs its source unless it is passive (victims without a named perpetrator) or its
        // subject is itself a violent event or weapon ("a roadside bombing killed one soldier")
        let event_subject = !nominal
            && trigs[..k].iter().any(|x| {
                x.form == Form::Noun
                    && x.clause == tr.clause
                    && lex.triggers[x.trig as usize].event == "ASSAULT"
            });
        if source.is_none() && !passive && !(event_subject && target.is_some()) {
            continue;
        }
        if let (Some(s), Some(tg)) = (source, target) {
            // the same mention, or a visit/meeting of a country with itself
            if s == tg || (event == "CONSULT" && same_actors(&ctx.ms[s].actors, &ctx.ms[tg].actors))
            {
                target = None;
            }
        }
        events.push(RawEvent {
            event,
            mode,
            cameo_hint,
            trigger: (tr.tok, end),
            source,
            target,
            negated: neg,
            hypothetical: hyp,
            future: future_flag,
            clause: tr.clause,
            rule,
        });
    }
    // Background events in temporal/causal adverbials and relative clauses are kept only when both
    // sides are named; participial add-ons (", urging ...") only when the sentence has no main event.
    let identified = |m: Option<usize>| {
        m.map_or(false, |i| {
            ctx.ms[i].identified && ctx.ms[i].actors.iter().all(|a| a.code != "UNK")
        })
    };
    let has_main = events.iter().any(|e| {
        let c = &ctx.clauses[e.clause];
        !matches!(c.kind, ClauseKind::Relative | ClauseKind::Adverbial)
            && !(c.kind == ClauseKind::Coordinate && c.opener.as_deref() == Some(","))
    });
    events.retain(|e| {
        let c = &ctx.clauses[e.clause];
        let background = c.kind == ClauseKind::Relative
            || (c.kind == ClauseKind::Adverbial
                && matches!(
                    c.opener.as_deref(),
                    Some(
                        "after"
                            | "following"
                            | "since"
                            | "before"
                            | "when"
                            | "until"
                            | "once"
                            | "amid"
                            | "because"
                            | "as"
                    )
                ));
        if background && !(identified(e.source) && identified(e.target)) {
            return false;
        }
        if c.kind == ClauseKind::Coordinate && c.opener.as_deref() == Some(",") && has_main {
            return false;
        }
        true
    });
    // one event per (type, source, target, modality) in a sentence
    let mut seen: Vec<(String, Vec<String>, Vec<String>, bool, bool)> = Vec::new();
    let codes = |m: Option<usize>| -> Vec<String> {
        let mut v: Vec<String> = m
            .map(|i| ctx.ms[i].actors.iter().map(|a| a.code.clone()).collect())
            .unwrap_or_default();
        v.sort();
        v
    };
    events.retain(|e| {
        let key = (
            e.event.clone(),
            codes(e.source),
            codes(e.target),
            e.negated,
            e.hypothetical,
        );
        // an event without a target is subsumed by the same event with one
        let dominated = seen.iter().any(|k| {
            k.0 == key.0
                && k.1 == key.1
                && (k.2 == key.2 || key.2.is_empty())
                && k.3 == key.3
                && k.4 == key.4
        });
        if dominated {
            return false;
        }
        seen.push(key);
        true
    });
    events
}
