//! Attribution: who reports an event ("X said", "told Reuters", "according to Iranian
//! sources cited by Reuters", "TASS quoted X as saying", "the Kremlin confirmed").

use serde::Serialize;

use crate::kb::Kb;
use crate::lexicon::{Form, Lexicon, TrigKind};
use crate::mentions::{Actor, Mention, MentionKind};
use crate::text::Token;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Speaker {
    pub text: String,
    /// Country or organisation of the speaker, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Outlet {
    pub name: String,
    pub country: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Attribution {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<Speaker>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<Outlet>,
    /// The speaker is not named ("a senior source", "officials").
    pub anonymous: bool,
    /// The reporting words ("told", "according to", "quoted ... as saying").
    pub cue: String,
}

pub struct Found {
    pub attribution: Attribution,
    /// Mention indices used as speaker/outlet: not event arguments.
    pub used: Vec<usize>,
}

fn speaker_of(doc: &str, m: &Mention, char_of: &dyn Fn(usize) -> usize) -> Speaker {
    let a: Option<&Actor> = m.actors.first();
    Speaker {
        text: doc[m.start..m.end].to_string(),
        code: a.map(|a| a.code.clone()).filter(|c| c != "UNK"),
        sector: a.and_then(|a| a.sector.clone()).filter(|s| s != "UNK"),
        name: a
            .and_then(|a| a.name.clone())
            .filter(|_| m.person || m.actors.len() == 1),
        start: char_of(m.start),
        end: char_of(m.end),
    }
}

fn outlet_of(kb: &Kb, doc: &str, m: &Mention, char_of: &dyn Fn(usize) -> usize) -> Option<Outlet> {
    let o = &kb.outlets[m.outlet? as usize];
    let _ = doc;
    Some(Outlet {
        name: o.name.clone(),
        country: o.country.clone(),
        start: char_of(m.start),
        end: char_of(m.end),
    })
}

fn anonymous(m: &Mention) -> bool {
    // named people and named organisations/countries are not anonymous; sector nouns and sources are
    !(m.person && m.actors.iter().any(|a| a.name.is_some()))
        && m.actors
            .iter()
            .all(|a| a.how.contains("sector noun") || a.code == "UNK")
}

/// Find the attribution of a sentence (token range a..b) given its mentions.
pub fn find(
    kb: &Kb,
    lex: &Lexicon,
    doc: &str,
    toks: &[Token],
    a: usize,
    b: usize,
    ms: &[Mention],
    char_of: &dyn Fn(usize) -> usize,
) -> Option<Found> {
    let mention_at = |i: usize| ms.iter().position(|m| m.tok_start == i);
    let mention_ending = |i: usize| ms.iter().position(|m| m.tok_end == i);
    let mut att = Attribution {
        speaker: None,
        outlet: None,
        anonymous: false,
        cue: String::new(),
    };
    let mut used = Vec::new();
    // "according to X (cited by Y)"
    for i in a..b.saturating_sub(1) {
        if toks[i].norm == "according" && toks[i + 1].norm == "to" {
            let mut j = i + 2;
            while j < b
                && matches!(
                    toks[j].norm.as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "some"
                        | "several"
                        | "senior"
                        | "unnamed"
                        | "local"
                        | "official"
                        | "state"
                        | "media"
                        | "reports"
                        | "report"
                )
            {
                j += 1;
            }
            if let Some(mi) = ms
                .iter()
                .position(|m| m.tok_start >= i + 2 && m.tok_start <= j + 1)
            {
                let m = &ms[mi];
                used.push(mi);
                if m.kind == MentionKind::Outlet {
                    att.outlet = outlet_of(kb, doc, m, char_of);
                } else {
                    att.anonymous = anonymous(m);
                    att.speaker = Some(speaker_of(doc, m, char_of));
                }
                // "... cited by Reuters" / "... quoted by TASS"
                let mut k = m.tok_end;
                while k + 1 < b && k < m.tok_end + 3 {
                    if matches!(toks[k].norm.as_str(), "cited" | "quoted")
                        && toks[k + 1].norm == "by"
                    {
                        if let Some(oi) =
                            mention_at(k + 2).filter(|&x| ms[x].kind == MentionKind::Outlet)
                        {
                            att.outlet = outlet_of(kb, doc, &ms[oi], char_of);
                            used.push(oi);
                        }
                    }
                    k += 1;
                }
                att.cue = "according to".into();
                return Some(Found {
                    attribution: att,
                    used,
                });
            }
        }
    }
    // Reporting verbs.
    for i in a..b {
        let is_report = crate::clauses::is_report_verb(lex, toks, i, b)
            || (toks[i].norm.ends_with("ing") && {
                lex.index.prefixes_iter(toks, i, i + 1).any(|(len, ps)| {
                    len == 1
                        && ps.iter().any(|(t, f)| {
                            lex.triggers[*t as usize].kind == TrigKind::Report && *f == Form::Ing
                        })
                })
            });
        if !is_report {
            continue;
        }
        let verb = toks[i].norm.to_string();
        // speaker: the mention right before the verb (allowing "on Tuesday"/"today" between) or right after (inverted)
        let mut j = i;
        while j > a
            && matches!(
                toks[j - 1].norm.as_str(),
                "today"
                    | "yesterday"
                    | "tuesday"
                    | "monday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "on"
                    | "also"
                    | "has"
                    | "have"
                    | "had"
                    | "later"
                    | "earlier"
                    | "publicly"
                    | "officially"
            )
        {
            j -= 1;
        }
        let before = mention_ending(j).or_else(|| {
            ms.iter()
                .rposition(|m| m.tok_end <= j && m.tok_end + 1 >= j && m.tok_end > a)
        });
        let after = mention_at(i + 1)
            .filter(|_| i > a && matches!(toks[i - 1].norm.as_str(), "," | "\"" | "''"));
        let subj = after.or(before);
        if let Some(si) = subj {
            let m = &ms[si];
            if m.kind == MentionKind::Outlet {
                att.outlet = outlet_of(kb, doc, m, char_of);
                // "TASS quoted Araghchi as saying"
                if matches!(verb.as_str(), "quoted" | "quotes" | "quoting" | "cited") {
                    if let Some(qi) = ms
                        .iter()
                        .position(|x| x.tok_start == i + 1 || x.tok_start == i + 2)
                    {
                        att.anonymous = anonymous(&ms[qi]);
                        att.speaker = Some(speaker_of(doc, &ms[qi], char_of));
                        used.push(qi);
                    }
                }
            } else if m.kind == MentionKind::Actor || m.kind == MentionKind::Pronoun {
                att.anonymous = anonymous(m);
                att.speaker = Some(speaker_of(doc, m, char_of));
                // "told Reuters"
                if matches!(verb.as_str(), "told" | "tells" | "tell") {
                    if let Some(oi) =
                        mention_at(i + 1).filter(|&x| ms[x].kind == MentionKind::Outlet)
                    {
                        att.outlet = outlet_of(kb, doc, &ms[oi], char_of);
                        used.push(oi);
                    }
                }
            }
            used.push(si);
            att.cue = verb;
            return Some(Found {
                attribution: att,
                used,
            });
        }
        // An outlet elsewhere in the reporting phrase ("Itar-Tass news agency said")
        if let Some(oi) = ms
            .iter()
            .position(|m| m.kind == MentionKind::Outlet && m.tok_end <= i && m.tok_end + 3 >= i)
        {
            att.outlet = outlet_of(kb, doc, &ms[oi], char_of);
            used.push(oi);
            att.cue = verb;
            return Some(Found {
                attribution: att,
                used,
            });
        }
    }
    // An outlet named anywhere as the reporter ("..., the BTA reported")
    None
}
