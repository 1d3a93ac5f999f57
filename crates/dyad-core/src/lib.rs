//! dyad-core: news text and a publication date in, explainable PLOVER events out.
//!
//! One pass over one document; each stage is a module:
//! [`text`] (normalise, script mask, sentences, tokens) -> [`mentions`] (actors from the
//! [`kb`]) -> [`coref`] -> [`clauses`] -> [`attribution`] -> [`events`] (triggers from the
//! [`lexicon`], arguments, modality) -> [`dates`] -> [`record`] (output with character offsets,
//! CAMEO/Goldstein/quad from the [`ontology`]).
//! The coder is a pure function of (text, date, knowledge base): no global mutable state.

pub mod attribution;
pub mod clauses;
pub mod coref;
pub mod dates;
pub mod events;
pub mod kb;
pub mod lexicon;
pub mod mentions;
pub mod ontology;
pub mod par;
pub mod phrase;
pub mod record;
pub mod text;
pub mod tsv;

use aho_corasick::AhoCorasick;

use crate::dates::{Date, Precision};
use crate::kb::Kb;
use crate::lexicon::Lexicon;
use crate::mentions::{Actor, Mention, MentionKind};
use crate::ontology::Ontology;
use crate::record::{ActorOut, DocOut, EventOut, Span};
use crate::text::CharIndex;

/// Longest token window coded as one sentence (longer runs are coded in consecutive windows).
pub const MAX_SENTENCE_TOKENS: usize = 150;

/// A document to code.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    /// Publication date (YYYY-MM-DD).
    pub date: Option<Date>,
    pub outlet: Option<String>,
    pub url: Option<String>,
}

/// The coder: knowledge base, lexicon and ontology, immutable and shareable across threads.
pub struct Coder {
    pub kb: &'static Kb,
    pub lex: &'static Lexicon,
    pub onto: &'static Ontology,
    contexts: AhoCorasick,
    context_of: Vec<usize>,
    /// The names, trigger and cue dictionaries' words, looked up once per token.
    vocab: phrase::SharedVocab,
}

impl Coder {
    /// The coder over the knowledge base compiled into the binary.
    pub fn embedded() -> &'static Coder {
        static C: std::sync::OnceLock<Coder> = std::sync::OnceLock::new();
        C.get_or_init(|| {
            let onto = Ontology::embedded();
            let mut pats = Vec::new();
            let mut context_of = Vec::new();
            for (ci, c) in onto.contexts.iter().enumerate() {
                for k in &c.keywords {
                    pats.push(format!(" {k}"));
                    context_of.push(ci);
                }
            }
            let (kb, lex) = (Kb::embedded(), Lexicon::embedded());
            let mut vocab = phrase::SharedVocab::default();
            vocab.add(&kb.names);
            vocab.add(&lex.index);
            vocab.add(&lex.cues);
            Coder {
                kb,
                lex,
                onto,
                contexts: AhoCorasick::new(&pats).expect("context keywords"),
                context_of,
                vocab,
            }
        })
    }

    fn contexts(&self, toks: &[text::Token]) -> Vec<String> {
        let mut s = String::with_capacity(toks.len() * 8);
        for t in toks {
            s.push(' ');
            s.push_str(&t.norm);
        }
        let mut out: Vec<String> = Vec::new();
        for m in self.contexts.find_overlapping_iter(&s) {
            let name = &self.onto.contexts[self.context_of[m.pattern().as_usize()]].name;
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
    }

    /// Code one document. Never panics on any text.
    pub fn code(&self, doc: &Document, with_text: bool) -> DocOut {
        self.code_text(doc, &text::normalize_cow(&doc.text), None, with_text)
    }

    /// [`Coder::code`] for a document whose text is already normalised with
    /// [`text::normalize`] (as `dyad ingest` has it: it hashes the normalised text), without
    /// checking again. Offsets refer to `doc.text` as given. `language`, when the caller has
    /// identified it already (ISO 639-1), is reported as is instead of being detected again.
    pub fn code_normalized(
        &self,
        doc: &Document,
        language: Option<&str>,
        with_text: bool,
    ) -> DocOut {
        self.code_text(doc, &doc.text, language, with_text)
    }

    fn code_text(
        &self,
        doc: &Document,
        text: &str,
        language: Option<&str>,
        with_text: bool,
    ) -> DocOut {
        let pub_date = doc.date.unwrap_or(Date {
            year: 2000,
            month: 1,
            day: 1,
        });
        let lines = split_long_lines(&text, text::coded_lines(&text));
        let ci = CharIndex::new(&text);
        let char_of = |b: usize| ci.to_char(b);
        let language = match language {
            Some(l) => Some(l.to_string()),
            None => detect_language(text),
        };
        let mut hist = coref::History::default();
        let mut out = Vec::new();
        // Paragraph by paragraph: tokens live only as long as their line, so memory stays
        // proportional to the longest paragraph, not to the document.
        let mut si_base = 0usize;
        let mut toks = Vec::new();
        for line in &lines {
            toks.clear();
            let sents = text::sentences(&text, std::slice::from_ref(line), &mut toks);
            self.vocab.prefill(&toks);
            let n_sents = sents.len();
            for (si0, s) in sents.iter().enumerate() {
                let si = si_base + si0;
                // An overlong "sentence" (a table or list without punctuation) is coded in windows of
                // MAX_SENTENCE_TOKENS tokens so that cost stays linear and nothing is skipped.
                let mut wa = s.tok_start;
                while wa < s.tok_end {
                    let (a, b) = (wa, (wa + MAX_SENTENCE_TOKENS).min(s.tok_end));
                    wa = b;
                    let mut ms = mentions::find(self.kb, &text, &toks, a, b, pub_date);
                    coref::resolve(&mut ms, &hist, si);
                    if !events::may_have_events(self.lex, &toks, a, b) {
                        // nothing to code here; the mentions still feed coreference
                        fill_unknown_countries(&mut ms, &toks);
                        for m in &ms {
                            hist.push(si, m);
                        }
                        continue;
                    }
                    let in_mention = |i: usize| {
                        ms.iter().any(|m| {
                            m.tok_start <= i && i < m.tok_end && m.kind != MentionKind::Pronoun
                        })
                    };
                    let clauses = clauses::segment(self.lex, &toks, a, b, &in_mention);
                    let att =
                        attribution::find(self.kb, self.lex, &text, &toks, a, b, &ms, &char_of);
                    let used: Vec<usize> = att.as_ref().map(|f| f.used.clone()).unwrap_or_default();
                    fill_unknown_countries(&mut ms, &toks);
                    let cover = events::mention_cover(&ms, a, b);
                    let ctx = events::Ctx {
                        lex: self.lex,
                        doc: &text,
                        toks: &toks,
                        a,
                        b,
                        ms: &ms,
                        clauses: &clauses,
                        used: &used,
                        cover: &cover,
                    };
                    let raw = events::extract(&ctx);
                    if !raw.is_empty() {
                        let (ws, we) = (toks[a].start, toks[b - 1].end);
                        let context = self.contexts(&toks[a..b]);
                        // dates are looked for only where there are events to date
                        let window_dates: Vec<dates::DateMention> =
                            dates::find_dates(&text[ws..we], doc.date)
                                .into_iter()
                                .map(|mut d| {
                                    d.start += ws;
                                    d.end += ws;
                                    d
                                })
                                .filter(|d| !attributive_year(&text, &toks, d))
                                .collect();
                        let sdates: Vec<&dates::DateMention> = window_dates.iter().collect();
                        for e in raw {
                            let known = |m: Option<usize>| {
                                m.map_or(false, |i| ms[i].actors.iter().any(|a| a.code != "UNK"))
                            };
                            if !known(e.source) && !known(e.target) {
                                continue;
                            }
                            out.push(self.finish(
                                &text,
                                &toks,
                                &ms,
                                &clauses,
                                &e,
                                si,
                                &context,
                                &sdates,
                                doc.date,
                                att.as_ref().map(|f| &f.attribution),
                                &char_of,
                            ));
                        }
                    }
                    for m in &ms {
                        hist.push(si, m);
                    }
                }
            }
            si_base += n_sents;
        }
        DocOut {
            id: doc.id.clone(),
            date: doc.date.map(|d| d.to_string()),
            language,
            events: out,
            text: with_text.then(|| text.to_string()),
            error: None,
        }
    }

    /// Code a batch of documents on `threads` threads; the output keeps the input order and is
    /// identical to coding them one by one (documents never depend on each other).
    pub fn code_batch(&self, docs: &[Document], threads: usize, with_text: bool) -> Vec<DocOut> {
        par::par_map(docs, threads, |d| self.code(d, with_text))
    }

    #[allow(clippy::too_many_arguments)]
    fn finish(
        &self,
        text: &str,
        toks: &[text::Token],
        ms: &[Mention],
        clauses: &[clauses::Clause],
        e: &events::RawEvent,
        si: usize,
        context: &[String],
        sdates: &[&dates::DateMention],
        pub_date: Option<Date>,
        att: Option<&attribution::Attribution>,
        char_of: &dyn Fn(usize) -> usize,
    ) -> EventOut {
        let actors = |mi: Option<usize>| -> Vec<ActorOut> {
            let Some(mi) = mi else { return Vec::new() };
            let m = &ms[mi];
            m.actors
                .iter()
                // an actor without a country or organisation is not reported
                .filter(|a| a.code != "UNK")
                .map(|a: &Actor| ActorOut {
                    text: text[m.start..m.end].to_string(),
                    code: a.code.clone(),
                    sector: a.sector.clone(),
                    name: a.name.clone(),
                    igo: a.igo.clone(),
                    office: a.office.clone(),
                    start: char_of(m.start),
                    end: char_of(m.end),
                    how: a.how.clone(),
                })
                .collect()
        };
        let cameo = self
            .onto
            .cameo_for(&e.event, e.mode.as_deref(), e.cameo_hint.as_deref());
        let goldstein = self.onto.goldstein(&cameo).unwrap_or(0.0);
        let (ts, te) = (toks[e.trigger.0].start, toks[e.trigger.1 - 1].end);
        // date: same clause, then a relative clause right after it, then any date in the sentence
        let clause = &clauses[e.clause];
        let (cs, ce) = (toks[clause.start].start, toks[clause.end - 1].end);
        // a relative clause right after the event's clause ("..., which took place over the weekend")
        let next_rel = clauses[e.clause + 1..]
            .iter()
            .take(2)
            .find(|c| c.kind == clauses::ClauseKind::Relative)
            .map(|c| (toks[c.start].start, toks[c.end - 1].end));
        let pick = sdates
            .iter()
            .find(|d| d.start >= cs && d.end <= ce)
            .or_else(|| {
                next_rel.and_then(|(rs, re)| sdates.iter().find(|d| d.start >= rs && d.end <= re))
            })
            // a date in an earlier clause scopes over what follows ("Last week, ..."); later clauses own theirs
            .or_else(|| sdates.iter().rev().find(|d| d.end <= cs));
        let (event_date, precision, date_text) = match pick {
            Some(d) => (
                Some(d.date.to_string()),
                Some(
                    match d.precision {
                        Precision::Day => "day",
                        Precision::Week => "week",
                        Precision::Month => "month",
                        Precision::Year => "year",
                    }
                    .to_string(),
                ),
                Some(Span {
                    text: d.text.clone(),
                    start: char_of(d.start),
                    end: char_of(d.end),
                }),
            ),
            None => (
                pub_date.map(|d| d.to_string()),
                pub_date.map(|_| "document".to_string()),
                None,
            ),
        };
        let mode = e.mode.clone().filter(|m| self.onto.valid_mode(&e.event, m));
        EventOut {
            event: e.event.clone(),
            plover_score: self.onto.plover_score(&e.event, mode.as_deref()),
            mode,
            context: context.to_vec(),
            cameo,
            goldstein,
            quad: self.onto.quad(&e.event),
            source: actors(e.source),
            target: actors(e.target),
            negated: e.negated,
            hypothetical: e.hypothetical,
            future: e.future,
            attribution: att.cloned(),
            event_date,
            date_precision: precision,
            date_text,
            sentence: si,
            trigger: Span {
                text: text[ts..te].to_string(),
                start: char_of(ts),
                end: char_of(te),
            },
            rule: e.rule.clone(),
        }
    }
}

/// Lines longer than 64 KB (a page flattened into one line, a table without punctuation) are cut
/// at whitespace into pieces of about 64 KB, so working memory is bounded by the piece, not the line.
fn split_long_lines(text: &str, lines: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    const PIECE: usize = 64 * 1024;
    let mut out = Vec::with_capacity(lines.len());
    for (mut a, b) in lines {
        while b - a > PIECE {
            let mut cut = a + PIECE;
            while cut < b && !text.is_char_boundary(cut) {
                cut += 1;
            }
            // prefer a sentence end within the last 8 KB of the piece, else any whitespace
            let mut ws = a + PIECE - 8 * 1024;
            while !text.is_char_boundary(ws) {
                ws += 1;
            }
            let cut = match text[ws..cut].rfind(". ") {
                Some(off) => ws + off + 2,
                None => match text[cut..b].find(char::is_whitespace) {
                    Some(off) => cut + off,
                    None => break,
                },
            };
            out.push((a, cut));
            a = cut;
        }
        out.push((a, b));
    }
    out
}

/// "the 1979 revolution", "since 2018": a year used attributively is not the event's date.
fn attributive_year(text: &str, toks: &[text::Token], d: &dates::DateMention) -> bool {
    if d.precision != Precision::Year {
        return false;
    }
    let i = toks.partition_point(|t| t.start < d.start);
    let prev = if i > 0 { toks[i - 1].norm.as_str() } else { "" };
    let _ = text;
    matches!(
        prev,
        "the" | "since" | "until" | "till" | "by" | "from" | "its" | "their" | "his" | "her" | "a"
    )
}

/// Sector nouns without a country ("prisoners rioted at a jail in Dili") take the country of a
/// place named with "in" in the same sentence.
fn fill_unknown_countries(ms: &mut [Mention], toks: &[text::Token]) {
    // "in X", "in Christian east Beirut", "based in Trinidad"
    let after_in = |m: &Mention| {
        (1..=3).any(|k| {
            m.tok_start >= k
                && toks[m.tok_start - k].norm == "in"
                && (1..k).all(|j| {
                    !toks[m.tok_start - j]
                        .norm
                        .chars()
                        .any(|c| !c.is_alphabetic())
                })
        })
    };
    let place = ms
        .iter()
        .find(|m| {
            after_in(m)
                && !m.actors.is_empty()
                && m.actors[0].code != "UNK"
                && matches!(m.kind, MentionKind::Location | MentionKind::Actor)
        })
        .map(|m| m.actors[0].code.clone());
    for i in 0..ms.len() {
        if ms[i].actors.len() == 1 && ms[i].actors[0].how.starts_with("ethnic group") {
            let own = ms[i].actors[0].code.clone();
            let home = place.clone().filter(|p| *p != own).or_else(|| {
                ms.iter()
                    .filter(|m| m.identified && m.kind == MentionKind::Actor)
                    .flat_map(|m| m.actors.iter())
                    .map(|a| a.code.clone())
                    .find(|c| *c != own && c != "UNK")
            });
            if let Some(h) = home {
                let a = &mut ms[i].actors[0];
                a.how = format!("ethnic group ({own}) living in {h}");
                a.code = h;
                a.sector = Some("CVL".into());
            }
            ms[i].identified = true;
        }
    }
    if let Some(code) = place {
        for m in ms.iter_mut() {
            if m.kind == MentionKind::Actor && !m.identified {
                for a in m.actors.iter_mut().filter(|a| a.code == "UNK") {
                    a.code = code.clone();
                    a.how = format!(
                        "{}; country {} from a place named in the sentence",
                        a.how, code
                    );
                }
            }
        }
    }
}

/// English news recognised by its function words (at least 18% of the first 300 words, and
/// 30 words or more), without a trigram model: the fast path of language identification.
pub fn looks_english(text: &str) -> bool {
    let mut words = 0usize;
    let mut function = 0usize;
    // words are runs of alphabetic characters; ASCII is classified without decoding
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() && words < 300 {
        let start = i;
        while i < b.len() {
            if b[i] < 0x80 {
                if !b[i].is_ascii_alphabetic() {
                    break;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next().unwrap_or(' ');
                if !c.is_alphabetic() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if i == start {
            // a separator character
            i += if b[i] < 0x80 { 1 } else { text::utf8_len(b[i]) };
            continue;
        }
        let w = &text[start..i];
        words += 1;
        if matches!(
            w,
            "the"
                | "of"
                | "and"
                | "to"
                | "in"
                | "that"
                | "is"
                | "was"
                | "for"
                | "on"
                | "with"
                | "said"
                | "has"
                | "have"
                | "by"
                | "The"
        ) {
            function += 1;
        }
    }
    words >= 30 && function * 100 >= words * 18
}

/// ISO 639-1 code of the document's language, or None when unreliable.
pub fn detect_language(text: &str) -> Option<String> {
    if looks_english(text) {
        return Some("en".into());
    }
    let sample: String = text.chars().take(1500).collect();
    let info = whatlang::detect(&sample)?;
    // whatlang hedges on short or mixed text; its guess is kept only when it is confident
    // (a long text with a confidence above 0.5 also counts)
    if !info.is_reliable() && !(sample.len() > 400 && info.confidence() > 0.5) {
        return None;
    }
    Some(
        match info.lang() {
            whatlang::Lang::Eng => "en",
            whatlang::Lang::Fra => "fr",
            whatlang::Lang::Deu => "de",
            whatlang::Lang::Spa => "es",
            whatlang::Lang::Por => "pt",
            whatlang::Lang::Ita => "it",
            whatlang::Lang::Rus => "ru",
            whatlang::Lang::Ara => "ar",
            whatlang::Lang::Cmn => "zh",
            whatlang::Lang::Jpn => "ja",
            whatlang::Lang::Kor => "ko",
            whatlang::Lang::Tur => "tr",
            whatlang::Lang::Pes => "fa",
            whatlang::Lang::Heb => "he",
            whatlang::Lang::Ukr => "uk",
            whatlang::Lang::Nld => "nl",
            whatlang::Lang::Pol => "pl",
            whatlang::Lang::Hin => "hi",
            whatlang::Lang::Urd => "ur",
            other => return Some(other.code().to_string()),
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_vocabulary_gives_each_token_its_dictionary_ids() {
        let c = Coder::embedded();
        let text = "According to Reuters, Iran's Supreme Leader Ali Khamenei said on Monday that \
                    the Kremlin had offered to mediate, while NATO allies condemned the strikes \
                    in Gaza and zzqx unknownword.";
        let toks = text::tokenize(text);
        c.vocab.prefill(&toks);
        let dicts: [(usize, &dyn Fn(&str) -> Option<u32>); 3] = [
            (0, &|w| c.kb.names.token_id(w)),
            (1, &|w| c.lex.index.token_id(w)),
            (2, &|w| c.lex.cues.token_id(w)),
        ];
        let mut found = [0; 3];
        for t in &toks {
            for (slot, lookup) in &dicts {
                let want = lookup(&t.norm).unwrap_or(text::ID_NONE);
                assert_eq!(t.ids[*slot].get(), want, "{:?} in slot {slot}", t.norm);
                found[*slot] += usize::from(want != text::ID_NONE);
            }
        }
        // the sentence exercises every dictionary
        assert!(found.iter().all(|&n| n > 0), "{found:?}");
    }
}
