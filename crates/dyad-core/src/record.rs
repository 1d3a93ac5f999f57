//! Output schema: one record per document with its events (PLOVER field names where the
//! manual has them), character offsets into the document text.

use serde::Serialize;

use crate::attribution::Attribution;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActorOut {
    pub text: String,
    pub code: String,
    pub sector: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub igo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    pub start: usize,
    pub end: usize,
    /// Why the text resolves to this code (knowledge-base entry, role on the date, coreference).
    pub how: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Span {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EventOut {
    pub event: String,
    pub mode: Option<String>,
    pub context: Vec<String>,
    pub cameo: String,
    pub goldstein: f32,
    pub quad: u8,
    pub plover_score: f32,
    pub source: Vec<ActorOut>,
    pub target: Vec<ActorOut>,
    pub negated: bool,
    pub hypothetical: bool,
    pub future: bool,
    pub attribution: Option<Attribution>,
    pub event_date: Option<String>,
    /// day | week | month | year | document (no date in the sentence: the publication date)
    pub date_precision: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_text: Option<Span>,
    pub sentence: usize,
    pub trigger: Span,
    /// The rules that produced the event, in order.
    pub rule: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocOut {
    pub id: String,
    pub date: Option<String>,
    pub language: Option<String>,
    pub events: Vec<EventOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}
