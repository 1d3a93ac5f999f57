//! Mention stage: actor mentions from knowledge-base matches over a sentence's tokens.
//!
//! Atoms (single knowledge-base matches: a country name, a demonym, a title, a person,
//! an organisation, a sector noun) are combined into mentions:
//! role descriptions ("Iran's foreign minister" -> the office holder on the document
//! date), titled names ("President Putin"), country + sector ("Iranian officials"),
//! sector + place ("demonstrators in Baghdad"), compounds ("the United States and
//! Israel"), pronouns (resolved later by coref).

use serde::Serialize;

use crate::dates::Date;
use crate::kb::{Entry, Kb};
use crate::text::{TokKind, Token};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Actor {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub igo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// Why the text resolves to this actor.
    pub how: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Actor,
    /// A news outlet (attribution, not an actor).
    Outlet,
    /// A plain location (city, region).
    Location,
    /// A pronoun or "the two countries", resolved by coref.
    Pronoun,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pron {
    He,
    It,
    They,
    Both,
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub tok_start: usize,
    pub tok_end: usize,
    pub start: usize,
    pub end: usize,
    pub kind: MentionKind,
    pub actors: Vec<Actor>,
    /// Followed by 's / '.
    pub possessive: bool,
    /// A demonym or country used as a modifier of a following noun ("Israeli strikes").
    pub modifier: bool,
    /// Refers to a person (target of he/his).
    pub person: bool,
    /// Plural or compound (target of they/their).
    pub plural: bool,
    pub pron: Option<Pron>,
    /// Has a country/organisation identity (not just a sector noun).
    pub identified: bool,
    pub outlet: Option<u32>,
}

impl Mention {
    pub fn codes(&self) -> Vec<&str> {
        self.actors.iter().map(|a| a.code.as_str()).collect()
    }
}

#[derive(Debug, Clone, Copy)]
struct Atom {
    start: usize,
    len: usize,
    entry: Entry,
}

fn priority(e: &Entry) -> u8 {
    match e {
        Entry::Person(_) => 1,
        Entry::Org(_) => 2,
        Entry::Outlet(_) => 3,
        Entry::CountryName(_) => 4,
        Entry::Capital(_) => 5,
        Entry::Place(_) => 6,
        Entry::Demonym(_) => 7,
        Entry::Title(_) => 8,
        Entry::Agent(_) => 9,
    }
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "some", "several", "many", "two", "three", "both", "all", "other",
];
const PREPS: &[&str] = &[
    "in",
    "of",
    "from",
    "at",
    "with",
    "for",
    "by",
    "on",
    "near",
    "to",
    "into",
    "against",
    "between",
    "among",
    "under",
    "over",
    "after",
    "during",
    "like",
    "including",
    "outside",
    "inside",
    "across",
    "through",
    "toward",
    "towards",
    "about",
    "than",
    "within",
    "without",
    "despite",
    "amid",
    "following",
    "since",
    "before",
    "behind",
    "beyond",
    "via",
    "upon",
    "onto",
    "targeting",
];

pub fn is_prep(w: &str) -> bool {
    PREPS.contains(&w)
}

/// Find the knowledge-base atoms of a token range: greedy leftmost-longest, one entry per match.
fn atoms(kb: &Kb, doc: &str, toks: &[Token], a: usize, b: usize) -> Vec<Atom> {
    let mut out = Vec::new();
    let mut i = a;
    while i < b {
        if !kb.names.starts_phrase(&toks[i]) {
            i += 1; // no name starts here (most tokens)
            continue;
        }
        let cands = kb.names_at(doc, toks, i, b);
        let attitude = i >= a + 2
            && toks[i - 1].norm == "-"
            && matches!(toks[i - 2].norm.as_str(), "anti" | "pro")
            && toks[i - 1].start == toks[i - 2].end;
        if let (Some(&(len, _)), true) = (cands.first(), attitude) {
            i += len;
            continue;
        }
        if let Some(&(len, _)) = cands.first() {
            // best entry among the longest matches
            let best = cands
                .iter()
                .filter(|(l, _)| *l == len)
                .min_by_key(|(_, e)| priority(&e.entry))
                .unwrap();
            // A sentence-initial capitalised common word ("Turkey", "Chad") is still a name; but a
            // single-token person alias at sentence start that is also a common lowercase word is skipped.
            out.push(Atom {
                start: i,
                len,
                entry: best.1.entry,
            });
            i += len;
        } else {
            i += 1;
        }
    }
    out
}

fn country_actor(kb: &Kb, idx: u32, how: &str) -> Actor {
    let c = &kb.countries[idx as usize];
    Actor {
        code: c.code.clone(),
        sector: None,
        name: Some(c.name.clone()),
        igo: None,
        office: None,
        how: how.to_string(),
    }
}

fn org_actor(kb: &Kb, idx: u32) -> Actor {
    let o = &kb.orgs[idx as usize];
    let igo = matches!(
        o.code.as_str(),
        "IGO" | "UNO" | "EUR" | "NGO" | "IMG" | "MNC"
    )
    .then(|| o.id.clone());
    Actor {
        code: o.code.clone(),
        sector: o.sectors.first().cloned(),
        name: Some(o.name.clone()),
        igo,
        office: None,
        how: format!("organisation {} ({})", o.id, o.file),
    }
}

pub fn person_actor(kb: &Kb, idx: u32, date: Date) -> Actor {
    let p = &kb.persons[idx as usize];
    match kb.person_term(p, date) {
        Some((ti, current)) => {
            let t = &p.terms[ti];
            let how = if current {
                format!(
                    "{} held {} of {} on {} ({} {}, data/{}:{})",
                    p.name,
                    t.office,
                    t.org.as_deref().unwrap_or(&t.code),
                    date.to_string(),
                    t.office,
                    t.span(),
                    t.file,
                    t.line
                )
            } else {
                format!(
                    "{} is not in office on {}; nearest role {} of {} {} (data/{}:{})",
                    p.name,
                    date.to_string(),
                    t.office,
                    t.org.as_deref().unwrap_or(&t.code),
                    t.span(),
                    t.file,
                    t.line
                )
            };
            Actor {
                code: t.code.clone(),
                sector: Some(if current {
                    t.sector.clone()
                } else if t.end.map_or(false, |e| e < date) {
                    "ELI".to_string()
                } else {
                    t.sector.clone()
                }),
                name: Some(p.name.clone()),
                igo: t.org.clone(),
                office: Some(t.office.clone()),
                how,
            }
        }
        None => Actor {
            code: "UNK".into(),
            sector: None,
            name: Some(p.name.clone()),
            igo: None,
            office: None,
            how: "person without roles".into(),
        },
    }
}

/// Code and org id of the country or organisation an atom names, for role descriptions.
fn owner(kb: &Kb, e: Entry) -> Option<(String, Option<String>, String)> {
    match e {
        Entry::CountryName(i) | Entry::Demonym(i) | Entry::Capital(i) => {
            let c = &kb.countries[i as usize];
            Some((c.code.clone(), None, c.name.clone()))
        }
        Entry::Org(i) => {
            let o = &kb.orgs[i as usize];
            let igo = matches!(
                o.code.as_str(),
                "IGO" | "UNO" | "EUR" | "NGO" | "IMG" | "MNC"
            )
            .then(|| o.id.clone());
            Some((o.code.clone(), igo, o.name.clone()))
        }
        Entry::Place(i) => {
            let p = &kb.places[i as usize];
            (p.kind == "pre").then(|| (p.code.clone(), None, p.name.clone()))
        }
        _ => None,
    }
}

/// Resolve a title (with an optional owner) on a date.
fn role_actor(
    kb: &Kb,
    title_idx: u32,
    own: Option<&(String, Option<String>, String)>,
    date: Date,
    title_text: &str,
) -> Actor {
    let office = kb.office_for_title(title_idx, own.map(|o| o.0.as_str()));
    let (code, org) = match own {
        Some((c, o, _)) => (Some(c.clone()), o.clone()),
        None => match &office.country {
            Some(c) if kb.org(c).is_some() => (kb.org(c).map(|o| o.code.clone()), Some(c.clone())),
            Some(c) => (Some(c.clone()), None),
            None => (None, None),
        },
    };
    let key = org.clone().or_else(|| code.clone());
    if let Some(k) = &key {
        if let Some((p, t)) = kb.holder(k, &office.office, date) {
            return Actor {
                code: t.code.clone(),
                sector: Some(t.sector.clone()),
                name: Some(p.name.clone()),
                igo: t.org.clone(),
                office: Some(office.office.clone()),
                how: format!(
                    "\"{}\" of {} on {} -> {} ({} {}, data/{}:{})",
                    title_text,
                    k,
                    date.to_string(),
                    p.name,
                    office.office,
                    t.span(),
                    t.file,
                    t.line
                ),
            };
        }
    }
    Actor {
        code: code.unwrap_or_else(|| "UNK".into()),
        sector: Some(office.sector.clone()),
        name: None,
        igo: org,
        office: Some(office.office.clone()),
        how: match key {
            Some(k) => format!(
                "title \"{}\" of {}; no holder known on {}",
                title_text,
                k,
                date.to_string()
            ),
            None => format!("title \"{}\" without a country", title_text),
        },
    }
}

/// Adjectives that may stand between a country and a title or sector noun ("Lebanon's new
/// president", "Iranian security officials"); verbs never do ("Sweden withdrew troops").
fn is_modifier_word(w: &str) -> bool {
    matches!(
        w,
        "new"
            | "former"
            | "senior"
            | "top"
            | "deputy"
            | "acting"
            | "interim"
            | "chief"
            | "outgoing"
            | "incoming"
            | "then"
            | "late"
            | "exiled"
            | "ousted"
            | "veteran"
            | "hardline"
            | "moderate"
            | "powerful"
            | "elected"
            | "caretaker"
            | "security"
            | "defence"
            | "defense"
            | "foreign"
            | "government"
            | "state"
            | "border"
            | "riot"
            | "special"
            | "elite"
            | "armed"
            | "naval"
            | "ruling"
            | "main"
            | "leading"
            | "prominent"
            | "young"
            | "retired"
            | "unidentified"
            | "local"
            | "provincial"
            | "regional"
            | "federal"
            | "opposition"
            | "rebel"
            | "pro-government"
            | "anti-government"
            | "ethnic"
            | "radical"
            | "fundamentalist"
            | "islamist"
            | "militant"
            | "secular"
            | "conservative"
            | "liberal"
    ) || (w.len() > 4
        && ["al", "ic", "ian", "ive", "ary", "ous", "ist", "ese"]
            .iter()
            .any(|s| w.ends_with(s))
        && !w.ends_with("ual"))
}

/// "news agency", "newspaper" after an outlet name belong to it: the token after the outlet's span.
fn outlet_tail(toks: &[Token], mut end: usize, b: usize) -> usize {
    while end < b
        && matches!(
            toks[end].norm.as_str(),
            "news"
                | "agency"
                | "newspaper"
                | "daily"
                | "radio"
                | "television"
                | "tv"
                | "network"
                | "channel"
        )
    {
        end += 1;
    }
    end
}

fn is_name_token(t: &Token) -> bool {
    t.kind == TokKind::Word && t.cap && t.norm.chars().next().map_or(false, |c| c.is_alphabetic())
}

const NAME_PARTICLES: &[&str] = &[
    "al", "bin", "ibn", "van", "von", "de", "der", "la", "le", "du", "da", "dos", "el", "ben",
    "abu", "abd", "-",
];

/// Length of a run of capitalised name tokens starting at `i` (allowing particles like "bin", "al-").
fn name_run(toks: &[Token], i: usize, b: usize) -> usize {
    let mut k = i;
    while k < b {
        let t = &toks[k];
        if is_name_token(t)
            || (k > i
                && k + 1 < b
                && NAME_PARTICLES.contains(&t.norm.as_str())
                && is_name_token(&toks[k + 1]))
        {
            k += 1;
        } else {
            break;
        }
        if k - i >= 5 {
            break;
        }
    }
    k - i
}

/// The pronouns that corefer, and what they can refer to (a `match`: one length switch and a
/// comparison or two, on every token).
fn pronoun_of(w: &str) -> Option<Pron> {
    match w {
        "he" | "his" | "him" | "she" | "her" => Some(Pron::He),
        "it" | "its" => Some(Pron::It),
        "they" | "their" | "them" => Some(Pron::They),
        _ => None,
    }
}

/// Find all mentions in a sentence (token range a..b).
pub fn find(kb: &Kb, doc: &str, toks: &[Token], a: usize, b: usize, date: Date) -> Vec<Mention> {
    let atoms = atoms(kb, doc, toks, a, b);
    let mut out: Vec<Mention> = Vec::new();
    let mut k = 0;
    let tok_is = |i: usize, w: &str| i < b && toks[i].norm == w;
    while k < atoms.len() {
        let at = atoms[k];
        let mut end = at.start + at.len; // token after the atom
        let poss = |i: usize| i < b && (toks[i].norm == "'s" || toks[i].norm == "'");
        let mut m = Mention {
            tok_start: at.start,
            tok_end: end,
            start: toks[at.start].start,
            end: toks[end - 1].end,
            kind: MentionKind::Actor,
            actors: Vec::new(),
            possessive: false,
            modifier: false,
            person: false,
            plural: false,
            pron: None,
            identified: true,
            outlet: None,
        };
        let text_of = |s: usize, e: usize| doc[toks[s].start..toks[e - 1].end].to_string();
        match at.entry {
            Entry::Outlet(i) => {
                m.kind = MentionKind::Outlet;
                m.outlet = Some(i);
                end = outlet_tail(toks, end, b);
            }
            Entry::Person(i) => {
                m.person = true;
                m.actors.push(person_actor(kb, i, date));
            }
            Entry::Org(i) => {
                m.actors.push(org_actor(kb, i));
            }
            Entry::Place(i) => {
                let p = &kb.places[i as usize];
                match p.kind.as_str() {
                    "seat" | "pre" => m.actors.push(Actor {
                        code: p.code.clone(),
                        sector: p.sector.clone(),
                        name: Some(p.name.clone()),
                        igo: None,
                        office: None,
                        how: format!(
                            "{} {} stands for {} {}",
                            p.kind,
                            p.name,
                            p.code,
                            p.sector.as_deref().unwrap_or("")
                        ),
                    }),
                    _ => {
                        m.kind = MentionKind::Location;
                        m.actors.push(Actor {
                            code: p.code.clone(),
                            sector: None,
                            name: Some(p.name.clone()),
                            igo: None,
                            office: None,
                            how: format!("{} {} is in {}", p.kind, p.name, p.code),
                        });
                    }
                }
            }
            Entry::Capital(i) => {
                let mut a = country_actor(kb, i, "capital stands for the government");
                a.sector = Some("GOV".into());
                m.actors.push(a);
            }
            Entry::Demonym(i) | Entry::CountryName(i)
                if k + 1 < atoms.len()
                    && atoms[k + 1].start == end
                    && matches!(atoms[k + 1].entry, Entry::Demonym(_))
                    && {
                        let nx = atoms[k + 1];
                        let w = &toks[nx.start + nx.len - 1].norm;
                        w.ends_with('s') && !w.ends_with("ss")
                    } =>
            {
                let nx = atoms[k + 1];
                let mut a = country_actor(kb, i, "");
                a.sector = Some("CVL".into());
                a.how = format!(
                    "\"{}\": people of {} living in {}",
                    text_of(at.start, nx.start + nx.len),
                    toks[nx.start].norm,
                    a.code
                );
                m.actors.push(a);
                m.plural = true;
                end = nx.start + nx.len;
                k += 1;
            }
            Entry::CountryName(i) => m.actors.push(country_actor(kb, i, "country name")),
            Entry::Demonym(i) => {
                let mut a = country_actor(kb, i, "demonym");
                if at.start > 0 && toks[at.start - 1].norm == "ethnic" {
                    // "ethnic Albanians": an ethnic group; its country comes from where it lives, if named
                    m.identified = false;
                    a.how = "ethnic group (country from the place named, else the demonym)".into();
                }
                // A plural demonym used as a noun ("Palestinians") names the people.
                let w = &toks[at.start].norm;
                if w.ends_with('s')
                    && !w.ends_with("ss")
                    && !matches!(w.as_str(), "swiss" | "burmese")
                {
                    a.sector = Some("CVL".into());
                    m.plural = true;
                } else {
                    m.modifier = true;
                }
                m.actors.push(a);
            }
            Entry::Title(i) => {
                // A bare title: "the president", "the Supreme Leader", "President Bush".
                let run = name_run(toks, end, b);
                let title_text = text_of(at.start, end);
                let named = (run > 0).then(|| text_of(end, end + run));
                m.person = true;
                // Known person right after the title?
                if run > 0 {
                    let inner = atoms_in(&atoms, end, end + run);
                    if let Some(Entry::Person(pi)) = inner {
                        let mut a = person_actor(kb, pi, date);
                        a.how = format!("title \"{}\" + {}", title_text, a.how);
                        m.actors.push(a);
                        end += run;
                    }
                }
                if m.actors.is_empty() {
                    let mut a = role_actor(kb, i, None, date, &title_text);
                    if let Some(n) = named {
                        if a.name.is_none() || a.code == "UNK" {
                            a.name = Some(n);
                            end += run;
                        }
                    }
                    m.identified = a.code != "UNK";
                    m.actors.push(a);
                }
            }
            Entry::Agent(_)
                if k + 1 < atoms.len()
                    && atoms[k + 1].start == end
                    && matches!(
                        atoms[k + 1].entry,
                        Entry::Demonym(_) | Entry::CountryName(_)
                    )
                    && toks[at.start].norm.chars().all(|c| c.is_alphabetic())
                    && !toks[end - 1].norm.ends_with('s') =>
            {
                // "an official Syrian newspaper": the sector noun is an adjective here
                k += 1;
                continue;
            }
            Entry::Agent(i) => {
                let ag = &kb.agents[i as usize];
                m.identified = false;
                // "a senior source", "local officials": the span takes its adjectives
                let mut s0 = at.start;
                while s0 > a
                    && s0 + 2 > at.start
                    && is_modifier_word(&toks[s0 - 1].norm)
                    && !atoms.iter().any(|x| x.start < s0 && x.start + x.len >= s0)
                {
                    s0 -= 1;
                }
                m.tok_start = s0;
                m.start = toks[s0].start;
                m.plural = toks[end - 1].norm.ends_with('s');
                m.actors.push(Actor {
                    code: "UNK".into(),
                    sector: Some(ag.sector.clone()),
                    name: None,
                    igo: None,
                    office: None,
                    how: format!("sector noun \"{}\"", ag.noun),
                });
            }
        }
        k += 1;
        // Possessive: "Iran's" / "rebels'"
        if poss(end) {
            m.possessive = true;
            end += 1;
        }
        // Owner + (adjectives) + title [+ name]: "Iran's Supreme Leader", "Russian President Vladimir Putin".
        if let Some(own) = owner(kb, at.entry) {
            let mut j = end;
            let mut skipped = 0;
            while j < b
                && skipped < 2
                && toks[j].kind == TokKind::Word
                && !toks[j].cap
                && !atom_at(&atoms, j)
                && is_modifier_word(&toks[j].norm)
            {
                j += 1;
                skipped += 1;
            }
            if let Some(ti) = atoms.iter().position(|x| x.start == j) {
                let next = atoms[ti];
                if let Entry::Title(t) = next.entry {
                    let title_end = next.start + next.len;
                    let title_text = text_of(next.start, title_end);
                    let run = name_run(toks, title_end, b);
                    let mut actor = None;
                    let mut new_end = title_end;
                    if run > 0 {
                        if let Some(Entry::Person(pi)) =
                            atoms_in(&atoms, title_end, title_end + run)
                        {
                            let mut a = person_actor(kb, pi, date);
                            a.how = format!("{} {} + {}", own.2, title_text, a.how);
                            actor = Some(a);
                            new_end = title_end + run;
                        }
                    }
                    let actor = match actor {
                        Some(a) => a,
                        None => {
                            let mut a = role_actor(kb, t, Some(&own), date, &title_text);
                            if run > 0 {
                                // an unknown name after the title: keep the title's country and sector
                                if a.name.is_none() {
                                    a.name = Some(text_of(title_end, title_end + run));
                                    a.how.push_str("; name not in the knowledge base");
                                }
                                new_end = title_end + run;
                            }
                            a
                        }
                    };
                    m.actors = vec![actor];
                    m.person = true;
                    m.modifier = false;
                    m.possessive = false;
                    end = new_end;
                    // skip consumed atoms
                    while k < atoms.len() && atoms[k].start < end {
                        k += 1;
                    }
                    if poss(end) {
                        m.possessive = true;
                        end += 1;
                    }
                } else if let Entry::Agent(g) = next.entry {
                    // Owner + sector noun: "Iranian officials", "Israeli army bulldozers", "Sudan's government"
                    let ag = &kb.agents[g as usize];
                    let mut agent_end = next.start + next.len;
                    let mut sector = ag.sector.clone();
                    let mut ai = ti + 1;
                    // chains of sector nouns: "army bulldozers", "border patrol agents"
                    while ai < atoms.len() && atoms[ai].start == agent_end {
                        if let Entry::Agent(g2) = atoms[ai].entry {
                            let s2 = &kb.agents[g2 as usize].sector;
                            if sector == "GOV" && s2 != "GOV" {
                                sector = s2.clone();
                            }
                            agent_end = atoms[ai].start + atoms[ai].len;
                            ai += 1;
                        } else {
                            break;
                        }
                    }
                    for a in m.actors.iter_mut() {
                        a.sector = Some(sector.clone());
                        a.how = format!(
                            "{} + sector noun \"{}\"",
                            a.how,
                            text_of(next.start, agent_end)
                        );
                    }
                    if m.actors.is_empty() {
                        m.actors.push(Actor {
                            code: own.0.clone(),
                            sector: Some(sector),
                            name: None,
                            igo: own.1.clone(),
                            office: None,
                            how: format!("{} + sector noun", own.2),
                        });
                    }
                    m.modifier = false;
                    m.plural = toks[agent_end - 1].norm.ends_with('s');
                    m.possessive = false;
                    end = agent_end;
                    while k < atoms.len() && atoms[k].start < end {
                        k += 1;
                    }
                    if poss(end) {
                        m.possessive = true;
                        end += 1;
                    }
                }
            }
        }
        // "Russia's TASS news agency": a country possessive before an outlet belongs to the outlet.
        if m.possessive && m.kind == MentionKind::Actor && k < atoms.len() && atoms[k].start == end
        {
            if let Entry::Outlet(oi) = atoms[k].entry {
                m.kind = MentionKind::Outlet;
                m.outlet = Some(oi);
                m.actors.clear();
                end = outlet_tail(toks, atoms[k].start + atoms[k].len, b);
                k += 1;
            }
        }
        // Sector noun + of/in/from + place/org/country: "demonstrators in Baghdad", "leaders of the Azadliq coalition"
        // a bare plural demonym ("the Albanians of southern Serbia"), not "Albanian rebels"
        let plural_people = matches!(at.entry, Entry::Demonym(_))
            && m.plural
            && m.actors.len() == 1
            && m.actors[0].how == "demonym";
        if (!m.identified || plural_people) && m.kind == MentionKind::Actor && k < atoms.len() {
            let mut j = end;
            if j < b
                && matches!(toks[j].norm.as_str(), "of" | "in" | "from")
                && (!plural_people || toks[j].norm != "from")
            {
                j += 1;
                while j < b
                    && j < end + 7
                    && !atom_at(&atoms, j)
                    && (DETERMINERS.contains(&toks[j].norm.as_str())
                        || (toks[j].kind == TokKind::Word
                            && (!toks[j].cap || !plural_people)
                            && !matches!(
                                toks[j].norm.as_str(),
                                "and" | "or" | "to" | "that" | "who" | "which"
                            ))
                        || toks[j].norm == "("
                        || toks[j].norm == ")")
                {
                    j += 1;
                }
                if atoms[k].start == j {
                    let nx = atoms[k];
                    let place: Option<(String, Option<String>, String)> = match nx.entry {
                        Entry::Place(pi) => {
                            let p = &kb.places[pi as usize];
                            Some((p.code.clone(), None, p.name.clone()))
                        }
                        e => owner(kb, e),
                    };
                    if let Some((code, igo, name)) = place {
                        let sector = m.actors[0].sector.clone();
                        let org_sector = if let Entry::Org(oi) = nx.entry {
                            kb.orgs[oi as usize].sectors.first().cloned()
                        } else {
                            None
                        };
                        m.actors = vec![Actor {
                            code,
                            // "leaders of <org>" take the organisation's sector
                            sector: org_sector.or(sector),
                            name: None,
                            igo,
                            office: None,
                            how: format!(
                                "sector noun \"{}\" of/in {}",
                                text_of(m.tok_start, end),
                                name
                            ),
                        }];
                        m.identified = true;
                        end = nx.start + nx.len;
                        k += 1;
                    }
                }
            }
        }
        // "Libyan leader Muammar Gaddafi": a country + sector noun describing the named person after it
        let described = m.identified
            && m.kind == MentionKind::Actor
            && m.actors.len() == 1
            && m.actors[0].how.contains("sector noun")
            && k < atoms.len()
            && atoms[k].start == end
            && matches!(atoms[k].entry, Entry::Person(_));
        if (described || !m.identified)
            && m.kind == MentionKind::Actor
            && k < atoms.len()
            && atoms[k].start == end
        {
            let nx = atoms[k];
            let named: Option<Actor> = match nx.entry {
                Entry::Org(oi) => Some(org_actor(kb, oi)),
                Entry::Person(pi) => Some(person_actor(kb, pi, date)),
                _ => None,
            };
            if let Some(mut a) = named {
                if a.sector.is_none() {
                    a.sector = m.actors[0].sector.clone();
                }
                a.how = format!("{} (described as \"{}\")", a.how, text_of(m.tok_start, end));
                m.person = matches!(nx.entry, Entry::Person(_));
                m.actors = vec![a];
                m.identified = true;
                end = nx.start + nx.len;
                k += 1;
                if poss(end) {
                    m.possessive = true;
                    end += 1;
                }
            }
        }
        m.tok_end = end;
        m.end = toks[end - 1].end;
        // A demonym directly followed by a capitalised name is part of that name ("Russian Yuri"), not a modifier.
        out.push(m);
    }
    // Pronouns and "the two countries"/"both sides".
    for i in a..b {
        if let Some(p) = pronoun_of(&toks[i].norm) {
            if out.iter().any(|m| m.tok_start <= i && i < m.tok_end) {
                continue;
            }
            let poss = matches!(toks[i].norm.as_str(), "his" | "her" | "its" | "their");
            out.push(pronoun(toks, i, i + 1, p, poss));
        }
        if i + 2 <= b
            && ((tok_is(i, "two")
                && matches!(
                    toks.get(i + 1).map(|t| t.norm.as_str()),
                    Some("countries" | "sides" | "nations" | "leaders" | "governments")
                ))
                || (tok_is(i, "both")
                    && matches!(
                        toks.get(i + 1).map(|t| t.norm.as_str()),
                        Some("sides" | "countries" | "governments")
                    )))
        {
            out.retain(|m| !(m.tok_start >= i && m.tok_start < i + 2));
            out.push(pronoun(toks, i, i + 2, Pron::Both, false));
        }
    }
    out.sort_by_key(|m| m.tok_start);
    merge_compounds(toks, b, out)
}

fn pronoun(toks: &[Token], s: usize, e: usize, p: Pron, poss: bool) -> Mention {
    Mention {
        tok_start: s,
        tok_end: e,
        start: toks[s].start,
        end: toks[e - 1].end,
        kind: MentionKind::Pronoun,
        actors: Vec::new(),
        possessive: poss,
        modifier: false,
        person: p == Pron::He,
        plural: matches!(p, Pron::They | Pron::Both),
        pron: Some(p),
        identified: false,
        outlet: None,
    }
}

fn atom_at(atoms: &[Atom], i: usize) -> bool {
    atoms.iter().any(|a| a.start == i)
}

/// The single atom exactly covering tokens s..e, if any.
fn atoms_in(atoms: &[Atom], s: usize, e: usize) -> Option<Entry> {
    atoms
        .iter()
        .find(|a| a.start == s && a.start + a.len == e)
        .map(|a| a.entry)
        .or_else(|| {
            // a person alias covering the tail of a longer name run ("Ayatollah Ali Khamenei")
            atoms
                .iter()
                .find(|a| {
                    a.start >= s && a.start + a.len == e && matches!(a.entry, Entry::Person(_))
                })
                .map(|a| a.entry)
        })
}

/// Merge "X and Y", "X, Y and Z", "X along with Y", "both X and Y" into compound mentions;
/// "Hungarian and Romanian officials" shares the sector of the last member.
fn merge_compounds(toks: &[Token], b: usize, ms: Vec<Mention>) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for m in ms {
        if let Some(prev) = out.last_mut() {
            let joinable = |x: &Mention| x.kind == MentionKind::Actor && !x.actors.is_empty();
            if joinable(prev) && joinable(&m) && !prev.possessive && prev.tok_end < m.tok_start {
                let between: Vec<&str> = toks[prev.tok_end..m.tok_start]
                    .iter()
                    .map(|t| t.norm.as_str())
                    .collect();
                let connector = matches!(
                    between.as_slice(),
                    ["and"]
                        | ["and", "the"]
                        | [","]
                        | [",", "the"]
                        | ["or"]
                        | ["along", "with"]
                        | ["along", "with", "its"]
                        | ["as", "well", "as"]
                        | ["and", "its"]
                ) || (between.len() == 2
                    && between[0] == "and"
                    && DETERMINERS.contains(&between[1]));
                // Demonym modifiers join only with demonym modifiers or demonym+sector mentions.
                let kinds_ok = prev.modifier == m.modifier
                    || (prev.modifier && !m.identified)
                    || (prev.modifier && m.actors.iter().all(|a| a.sector.is_some()));
                if connector && kinds_ok {
                    // "Hungarian and Romanian officials": the first member takes the sector of the last.
                    if prev.modifier && !m.modifier {
                        let sec = m.actors[0].sector.clone();
                        for a in prev.actors.iter_mut() {
                            if a.sector.is_none() || a.sector.as_deref() == Some("CVL") {
                                a.sector = sec.clone();
                            }
                        }
                        prev.modifier = false;
                    }
                    // "Israeli helicopters and tanks": an unidentified member takes the country before it.
                    let mut add = m.actors.clone();
                    if !m.identified {
                        if let Some(first) = prev.actors.first().cloned() {
                            for a in add.iter_mut().filter(|a| a.code == "UNK") {
                                a.code = first.code.clone();
                                a.igo = first.igo.clone();
                                a.how =
                                    format!("{} of {} (coordinated with it)", a.how, first.code);
                            }
                        }
                    }
                    prev.actors.extend(add);
                    prev.tok_end = m.tok_end;
                    prev.end = m.end;
                    prev.possessive = m.possessive;
                    prev.plural = true;
                    prev.person = false;
                    prev.identified = prev.identified || m.identified;
                    continue;
                }
            }
        }
        let _ = b;
        out.push(m);
    }
    // "both X and Y": drop a leading "both" (it is not part of any mention); nothing to do.
    out
}

/// Resolve a free-text name or description ("Araghchi", "Iran's foreign minister") on a date:
/// used by `dyad actors`.
pub fn resolve_phrase(kb: &Kb, text: &str, date: Date) -> Vec<Mention> {
    let mut toks = Vec::new();
    crate::text::tokenize_into(text, 0, text.len(), &mut toks);
    // A lookup is a name: allow lower-case input by capitalising each word for matching.
    for t in toks.iter_mut() {
        if t.kind == TokKind::Word && !matches!(t.norm.as_str(), "of" | "the" | "and" | "'s") {
            t.cap = true;
        }
    }
    find(kb, text, &toks, 0, toks.len(), date)
}
