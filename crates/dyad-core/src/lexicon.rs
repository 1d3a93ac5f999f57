//! Event lexicon: verb and noun triggers (with generated inflections), modality cues.
//! Loaded from `data/lexicon/*.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::phrase::{FxMap, PhraseIndex};
use crate::tsv::{self, DataError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrigKind {
    /// The verb is an event.
    Event,
    /// The verb is an event only when it has a recipient.
    EventT,
    /// The verb is an event whose object is what is talked about ("discuss the crisis"): only
    /// "with X" names a recipient.
    Topic,
    /// Governs a "to VERB" complement and combines with it.
    Control,
    /// Hands its subject to a nominal trigger in its object.
    Light,
    /// Reporting verb.
    Report,
    /// Nominal event.
    Noun,
    /// Noun that makes what it governs hypothetical ("possibility of").
    NounHyp,
    /// Noun of intention ("plans to").
    NounIntent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Base,
    S,
    /// Regular -ed: past or participle.
    Ed,
    Past,
    Participle,
    Ing,
    Noun,
}

#[derive(Debug, Clone)]
pub struct Trigger {
    pub phrase: String,
    pub event: String,
    pub mode: Option<String>,
    pub cameo: String,
    pub kind: TrigKind,
    pub file: &'static str,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    Neg,
    Hyp,
    Future,
    Cond,
}

pub struct Lexicon {
    pub triggers: Vec<Trigger>,
    pub index: PhraseIndex<(u32, Form)>,
    pub cues: PhraseIndex<Cue>,
    /// Every inflected surface form of a verb trigger's head word -> forms (for POS guesses).
    pub verb_forms: FxMap<String, Form>,
}

struct Irregular {
    past: Vec<String>,
    participle: Vec<String>,
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Inflected forms of a verb lemma (regular rules plus the irregular table).
fn inflect(lemma: &str, irregular: &HashMap<String, Irregular>) -> Vec<(String, Form)> {
    let mut out = vec![(lemma.to_string(), Form::Base)];
    if lemma == "be" {
        for f in ["is", "are", "am", "'s", "'re"] {
            out.push((f.into(), Form::S));
        }
        for f in ["was", "were"] {
            out.push((f.into(), Form::Past));
        }
        out.push(("been".into(), Form::Participle));
        out.push(("being".into(), Form::Ing));
        return out;
    }
    let chars: Vec<char> = lemma.chars().collect();
    let n = chars.len();
    let last = *chars.last().unwrap_or(&' ');
    let prev = if n >= 2 { chars[n - 2] } else { ' ' };
    let cvc = n >= 3
        && !is_vowel(last)
        && !matches!(last, 'w' | 'x' | 'y')
        && is_vowel(prev)
        && !is_vowel(chars[n - 3]);
    // third person
    let s = if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
        || (last == 'o' && !is_vowel(prev))
    {
        format!("{lemma}es")
    } else if last == 'y' && !is_vowel(prev) {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}s")
    };
    out.push((s, Form::S));
    // -ing
    let stem_e = last == 'e' && !matches!(prev, 'e' | 'y' | 'o' | 'i');
    let ing = if lemma.ends_with("ie") {
        format!("{}ying", &lemma[..lemma.len() - 2])
    } else if stem_e {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ing")
    };
    out.push((ing, Form::Ing));
    if cvc {
        out.push((format!("{lemma}{last}ing"), Form::Ing));
    }
    if let Some(irr) = irregular.get(lemma) {
        for p in &irr.past {
            out.push((p.clone(), Form::Past));
        }
        for p in &irr.participle {
            out.push((p.clone(), Form::Participle));
        }
    } else {
        let ed = if last == 'e' {
            format!("{lemma}d")
        } else if last == 'y' && !is_vowel(prev) {
            format!("{}ied", &lemma[..lemma.len() - 1])
        } else {
            format!("{lemma}ed")
        };
        out.push((ed, Form::Ed));
        if cvc {
            out.push((format!("{lemma}{last}ed"), Form::Ed));
        }
    }
    out
}

fn plural(word: &str) -> Option<String> {
    if word.ends_with('s') {
        return None;
    }
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let last = *chars.last()?;
    let prev = if n >= 2 { chars[n - 2] } else { ' ' };
    Some(
        if word.ends_with('x')
            || word.ends_with('z')
            || word.ends_with("ch")
            || word.ends_with("sh")
        {
            format!("{word}es")
        } else if last == 'y' && !is_vowel(prev) {
            format!("{}ies", &word[..word.len() - 1])
        } else {
            format!("{word}s")
        },
    )
}

fn get(files: &[(&'static str, &'static str)], name: &str) -> Result<&'static str, DataError> {
    files
        .iter()
        .find(|(p, _)| *p == name)
        .map(|(_, c)| *c)
        .ok_or_else(|| DataError {
            file: name.into(),
            line: 0,
            msg: "required file is missing".into(),
        })
}

pub const EVENTS: &[&str] = &[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

impl Lexicon {
    pub fn embedded() -> &'static Lexicon {
        static L: OnceLock<Lexicon> = OnceLock::new();
        L.get_or_init(|| {
            Lexicon::load(crate::kb::Kb::data_files())
                .unwrap_or_else(|e| panic!("embedded lexicon is invalid: {e}"))
        })
    }

    pub fn load(files: &[(&'static str, &'static str)]) -> Result<Lexicon, DataError> {
        let mut irregular = HashMap::new();
        for r in tsv::parse(
            "lexicon/irregular_verbs.tsv",
            get(files, "lexicon/irregular_verbs.tsv")?,
            &["lemma", "past", "participle"],
        )? {
            irregular.insert(
                r.get("lemma").to_string(),
                Irregular {
                    past: r.list("past").into_iter().map(String::from).collect(),
                    participle: r.list("participle").into_iter().map(String::from).collect(),
                },
            );
        }
        let mut lex = Lexicon {
            triggers: Vec::new(),
            index: PhraseIndex::new().with_slot(1),
            cues: PhraseIndex::new().with_slot(2),
            verb_forms: FxMap::default(),
        };
        let header = ["phrase", "event", "mode", "cameo", "kind"];
        let mut seen = HashMap::new();
        for (file, is_noun) in [("lexicon/verbs.tsv", false), ("lexicon/nouns.tsv", true)] {
            for r in tsv::parse(file, get(files, file)?, &header)? {
                let event = r.get("event");
                if !EVENTS.contains(&event) {
                    return Err(r.err(format!("unknown event type {event:?}")));
                }
                let kind = match (is_noun, r.get("kind")) {
                    (false, "event") => TrigKind::Event,
                    (false, "event_t") => TrigKind::EventT,
                    (false, "topic") => TrigKind::Topic,
                    (false, "control") => TrigKind::Control,
                    (false, "light") => TrigKind::Light,
                    (false, "report") => TrigKind::Report,
                    (true, "event") => TrigKind::Noun,
                    (true, "hyp") => TrigKind::NounHyp,
                    (true, "intent") => TrigKind::NounIntent,
                    (_, k) => return Err(r.err(format!("unknown kind {k:?}"))),
                };
                let phrase = r.get("phrase").to_lowercase();
                let cameo = r.get("cameo");
                if cameo.is_empty() || !cameo.chars().all(|c| c.is_ascii_digit()) {
                    return Err(r.err(format!("cameo {cameo:?} is not a CAMEO code")));
                }
                let key = (phrase.clone(), format!("{kind:?}"));
                if let Some(prev) = seen.insert(key, r.line) {
                    return Err(r.err(format!("duplicate entry {phrase:?} (also line {prev})")));
                }
                let id = lex.triggers.len() as u32;
                let mode = r.get("mode");
                lex.triggers.push(Trigger {
                    phrase: phrase.clone(),
                    event: event.into(),
                    mode: (!mode.is_empty()).then(|| mode.to_string()),
                    cameo: cameo.into(),
                    kind,
                    file,
                    line: r.line,
                });
                let words: Vec<String> = crate::text::tokenize(&phrase)
                    .into_iter()
                    .map(|t| String::from(t.norm))
                    .collect();
                if words.is_empty() {
                    return Err(r.err("empty phrase"));
                }
                if is_noun {
                    lex.index.insert_norms(&words, (id, Form::Noun));
                    let mut pl = words.clone();
                    if let Some(p) = plural(words.last().unwrap()) {
                        *pl.last_mut().unwrap() = p;
                        lex.index.insert_norms(&pl, (id, Form::Noun));
                    }
                } else {
                    // Inflect the head verb: the first word, or the second after an -ly adverb.
                    let head = if words.len() > 1 && words[0].ends_with("ly") {
                        1
                    } else {
                        0
                    };
                    for (form_word, form) in inflect(&words[head], &irregular) {
                        let mut w = words.clone();
                        w[head] = form_word.clone();
                        lex.index.insert_norms(&w, (id, form));
                        if kind != TrigKind::Report {
                            lex.verb_forms.entry(form_word).or_insert(form);
                        }
                    }
                }
            }
        }
        for r in tsv::parse(
            "lexicon/cues.tsv",
            get(files, "lexicon/cues.tsv")?,
            &["word", "cue"],
        )? {
            let cue = match r.get("cue") {
                "neg" => Cue::Neg,
                "hyp" => Cue::Hyp,
                "future" => Cue::Future,
                "cond" => Cue::Cond,
                c => return Err(r.err(format!("unknown cue {c:?}"))),
            };
            lex.cues.insert(r.get("word"), cue);
        }
        Ok(lex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(l: &str) -> Vec<String> {
        inflect(l, &HashMap::new())
            .into_iter()
            .map(|f| f.0)
            .collect()
    }

    #[test]
    fn regular_inflection() {
        assert_eq!(
            forms("condemn"),
            ["condemn", "condemns", "condemning", "condemned"]
        );
        assert_eq!(forms("deny"), ["deny", "denies", "denying", "denied"]);
        assert_eq!(forms("seize"), ["seize", "seizes", "seizing", "seized"]);
        assert!(forms("ban").contains(&"banned".to_string()));
        assert!(forms("agree").contains(&"agreeing".to_string()));
        assert!(forms("agree").contains(&"agreed".to_string()));
        assert_eq!(plural("strike").as_deref(), Some("strikes"));
        assert_eq!(plural("talks"), None);
    }

    #[test]
    fn embedded_lexicon_loads() {
        let l = Lexicon::embedded();
        assert!(l.triggers.len() > 300);
        let toks = crate::text::tokenize("called for");
        assert!(!l.index.prefixes_at(&toks, 0, toks.len()).is_empty());
    }
}
