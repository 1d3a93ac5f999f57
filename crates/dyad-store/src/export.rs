//! Writing stored events: PLOVER JSONL, CSV, the GDELT 2.0 event table, a terminal table.

use std::io::{self, Write};

use dyad_core::ontology::Ontology;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::query::EventRow;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One PLOVER JSON object per event, with its document and cluster.
    Jsonl,
    /// Comma-separated, one row per event, header first (RFC 4180 quoting).
    Csv,
    /// GDELT 2.0 event table: 61 tab-separated columns, no header (as GDELT's files).
    Gdelt,
    /// Aligned columns for reading in a terminal.
    Table,
}

/// A writer of events in one format. Call [`EventWriter::write`] per event and
/// [`EventWriter::finish`] at the end.
pub struct EventWriter<W: Write> {
    out: W,
    format: Format,
    started: bool,
}

impl<W: Write> EventWriter<W> {
    pub fn new(out: W, format: Format) -> Self {
        EventWriter {
            out,
            format,
            started: false,
        }
    }

    pub fn write(&mut self, r: &EventRow) -> io::Result<()> {
        if !self.started {
            self.started = true;
            match self.format {
                Format::Csv => writeln!(self.out, "{}", CSV_COLUMNS.join(","))?,
                Format::Table => write_table_header(&mut self.out)?,
                _ => {}
            }
        }
        match self.format {
            Format::Jsonl => {
                let line = to_json(r).map_err(io::Error::other)?;
                self.out.write_all(line.as_bytes())?;
                self.out.write_all(b"\n")
            }
            Format::Csv => write_csv(&mut self.out, r),
            Format::Gdelt => write_gdelt(&mut self.out, r),
            Format::Table => write_table_row(&mut self.out, r),
        }
    }

    /// Flushes; a CSV or table with no event still gets its header.
    pub fn finish(mut self) -> io::Result<W> {
        if !self.started {
            match self.format {
                Format::Csv => writeln!(self.out, "{}", CSV_COLUMNS.join(","))?,
                Format::Table => write_table_header(&mut self.out)?,
                _ => {}
            }
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

// ---------------------------------------------------------------------------
// JSONL
// ---------------------------------------------------------------------------

#[derive(Serialize)]
struct JsonDoc<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    source: &'a str,
}

#[derive(Serialize)]
struct JsonSpan<'a> {
    text: &'a str,
    start: i64,
    end: i64,
}

#[derive(Serialize)]
struct JsonCluster {
    id: i64,
    n_mentions: i64,
    n_documents: i64,
    n_outlets: i64,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    id: i64,
    event: &'a str,
    mode: Option<&'a str>,
    context: &'a RawValue,
    cameo: &'a str,
    goldstein: f64,
    quad: i64,
    plover_score: f64,
    source: &'a RawValue,
    target: &'a RawValue,
    negated: bool,
    hypothetical: bool,
    future: bool,
    attribution: Option<&'a RawValue>,
    event_date: Option<&'a str>,
    date_precision: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_text: Option<&'a RawValue>,
    sentence: i64,
    trigger: JsonSpan<'a>,
    rule: &'a RawValue,
    document: JsonDoc<'a>,
    cluster: JsonCluster,
}

fn raw(s: &str) -> serde_json::Result<&RawValue> {
    serde_json::from_str(s)
}

/// One event as a PLOVER JSON object (the fields of `dyad code`'s events, plus the event's
/// store id, its document and its cluster).
pub fn to_json(r: &EventRow) -> serde_json::Result<String> {
    let e = JsonEvent {
        id: r.id,
        event: &r.event,
        mode: r.mode.as_deref(),
        context: raw(&r.context)?,
        cameo: &r.cameo,
        goldstein: r.goldstein,
        quad: r.quad,
        plover_score: r.plover_score,
        source: raw(&r.source)?,
        target: raw(&r.target)?,
        negated: r.negated,
        hypothetical: r.hypothetical,
        future: r.future,
        attribution: r.attribution.as_deref().map(raw).transpose()?,
        event_date: r.event_date.as_deref(),
        date_precision: r.date_precision.as_deref(),
        date_text: r.date_text.as_deref().map(raw).transpose()?,
        sentence: r.sentence,
        trigger: JsonSpan {
            text: &r.trigger_text,
            start: r.trigger_start,
            end: r.trigger_end,
        },
        rule: raw(&r.rule)?,
        document: JsonDoc {
            id: &r.doc_key,
            url: r.url.as_deref(),
            outlet: r.outlet.as_deref(),
            title: r.title.as_deref(),
            published: r.published.as_deref(),
            source: &r.doc_source,
        },
        cluster: JsonCluster {
            id: r.cluster_id,
            n_mentions: r.n_mentions,
            n_documents: r.n_documents,
            n_outlets: r.n_outlets,
        },
    };
    serde_json::to_string(&e)
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "event_id",
    "document",
    "url",
    "outlet",
    "published",
    "event",
    "mode",
    "cameo",
    "goldstein",
    "quad",
    "plover_score",
    "negated",
    "hypothetical",
    "future",
    "event_date",
    "date_precision",
    "source_code",
    "source_sector",
    "source_text",
    "target_code",
    "target_sector",
    "target_text",
    "trigger",
    "trigger_start",
    "trigger_end",
    "sentence",
    "context",
    "attribution_outlet",
    "attribution_speaker",
    "cluster_id",
    "n_mentions",
    "n_documents",
    "n_outlets",
];

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn first_actor(json: &str) -> Option<Actor> {
    serde_json::from_str::<Vec<Actor>>(json)
        .ok()
        .and_then(|v| v.into_iter().next())
}

fn context_list(json: &str) -> String {
    serde_json::from_str::<Vec<String>>(json)
        .map(|v| v.join("|"))
        .unwrap_or_default()
}

fn write_csv<W: Write>(out: &mut W, r: &EventRow) -> io::Result<()> {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    let b = |x: bool| if x { "1" } else { "0" }.to_string();
    let (src, tgt) = (first_actor(&r.source), first_actor(&r.target));
    let fields: Vec<String> = vec![
        r.id.to_string(),
        r.doc_key.clone(),
        o(&r.url),
        o(&r.outlet),
        o(&r.published),
        r.event.clone(),
        o(&r.mode),
        r.cameo.clone(),
        r.goldstein.to_string(),
        r.quad.to_string(),
        r.plover_score.to_string(),
        b(r.negated),
        b(r.hypothetical),
        b(r.future),
        o(&r.event_date),
        o(&r.date_precision),
        o(&r.source_code),
        o(&r.source_sector),
        src.map(|a| a.text).unwrap_or_default(),
        o(&r.target_code),
        o(&r.target_sector),
        tgt.map(|a| a.text).unwrap_or_default(),
        r.trigger_text.clone(),
        r.trigger_start.to_string(),
        r.trigger_end.to_string(),
        r.sentence.to_string(),
        context_list(&r.context),
        o(&r.attribution_outlet),
        o(&r.attribution_speaker),
        r.cluster_id.to_string(),
        r.n_mentions.to_string(),
        r.n_documents.to_string(),
        r.n_outlets.to_string(),
    ];
    let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    writeln!(out, "{}", line.join(","))
}

// ---------------------------------------------------------------------------
// GDELT 2.0 event table
// ---------------------------------------------------------------------------

/// GDELT 2.0's event table columns, in order (61).
pub const GDELT_COLUMNS: [&str; 61] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

#[derive(Deserialize, Default)]
struct Actor {
    #[serde(default)]
    text: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    sector: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    igo: Option<String>,
}

/// PLOVER codes that are not countries.
const NON_STATE: &[&str] = &["UNO", "EUR", "IGO", "NGO", "ISM", "IMG", "MNC", "UNK"];

/// The 10 actor fields of GDELT: Code, Name, CountryCode, KnownGroupCode, EthnicCode,
/// Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code.
fn gdelt_actor(a: Option<Actor>) -> [String; 10] {
    let Some(a) = a else {
        return Default::default();
    };
    let sector = a.sector.clone().unwrap_or_default();
    let state = a.code.len() == 3
        && a.code.bytes().all(|b| b.is_ascii_uppercase())
        && !NON_STATE.contains(&a.code.as_str());
    let group = match (&a.igo, state) {
        (Some(g), _) => g.to_ascii_uppercase(),
        (None, false) if a.code != "UNK" => a.code.clone(),
        _ => String::new(),
    };
    let name = a
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| a.text.clone())
        .to_uppercase();
    [
        format!("{}{}", if a.code == "UNK" { "" } else { &a.code }, sector),
        name,
        if state { a.code.clone() } else { String::new() },
        group,
        String::new(),
        String::new(),
        String::new(),
        sector,
        String::new(),
        String::new(),
    ]
}

fn tsv_field(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn write_gdelt<W: Write>(out: &mut W, r: &EventRow) -> io::Result<()> {
    let date = r
        .event_date
        .as_deref()
        .or(r.published.as_deref())
        .filter(|d| d.len() >= 10 && crate::day_number(d).is_some());
    let (sqldate, monthyear, year, fraction) = match date {
        Some(d) => {
            let (y, m, dd) = (&d[0..4], &d[5..7], &d[8..10]);
            let (yn, mn, dn): (f64, f64, f64) = (
                y.parse().unwrap_or(0.0),
                m.parse().unwrap_or(0.0),
                dd.parse().unwrap_or(0.0),
            );
            // GDELT's FractionDate: YYYY + (MONTH * 30 + DAY) / 365, four decimals.
            (
                format!("{y}{m}{dd}"),
                format!("{y}{m}"),
                y.to_string(),
                format!("{:.4}", yn + (mn * 30.0 + dn) / 365.0),
            )
        }
        None => Default::default(),
    };
    let cameo = r.cameo.as_str();
    let base = cameo.get(..3).unwrap_or(cameo);
    let root = cameo.get(..2).unwrap_or(cameo);
    let added: String = r
        .ingested_at
        .chars()
        .filter(|c| c.is_ascii_digit())
        .collect();
    let mut f: Vec<String> = Vec::with_capacity(61);
    f.push(r.id.to_string());
    f.extend([sqldate, monthyear, year, fraction]);
    f.extend(gdelt_actor(first_actor(&r.source)));
    f.extend(gdelt_actor(first_actor(&r.target)));
    f.push(if r.sentence == 0 { "1" } else { "0" }.to_string()); // IsRootEvent: the lead sentence
    f.extend([cameo.to_string(), base.to_string(), root.to_string()]);
    f.push(Ontology::gdelt_quad(cameo).to_string());
    f.push(format!("{:.1}", r.goldstein));
    f.extend([
        r.n_mentions.to_string(),
        r.n_outlets.to_string(),
        r.n_documents.to_string(),
    ]);
    f.push(String::new()); // AvgTone
    f.extend(std::iter::repeat_n(String::new(), 24)); // geo fields: not coded
    f.push(added);
    f.push(r.url.clone().unwrap_or_else(|| r.doc_source.clone()));
    debug_assert_eq!(f.len(), 61);
    let line: Vec<String> = f.iter().map(|s| tsv_field(s)).collect();
    writeln!(out, "{}", line.join("\t"))
}

// ---------------------------------------------------------------------------
// Terminal table
// ---------------------------------------------------------------------------

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn write_table_header<W: Write>(out: &mut W) -> io::Result<()> {
    writeln!(
        out,
        "{:>7} {:10} {:10} {:5} {:>5} {:10} {:10} {:>9} {:22} {}",
        "id",
        "date",
        "event",
        "cameo",
        "gold",
        "source",
        "target",
        "cl:m/d/o",
        "trigger",
        "document"
    )
}

fn write_table_row<W: Write>(out: &mut W, r: &EventRow) -> io::Result<()> {
    let actor = |c: &Option<String>, s: &Option<String>| {
        format!(
            "{}{}",
            c.as_deref().unwrap_or("-"),
            s.as_deref().map(|s| format!(" {s}")).unwrap_or_default()
        )
    };
    let flags = format!(
        "{}{}{}",
        if r.negated { " [neg]" } else { "" },
        if r.hypothetical { " [hyp]" } else { "" },
        if r.future { " [fut]" } else { "" }
    );
    writeln!(
        out,
        "{:>7} {:10} {:10} {:5} {:>5.1} {:10} {:10} {:>9} {:22} {}",
        r.id,
        r.event_date.as_deref().unwrap_or("-"),
        cut(&r.event, 10),
        cut(&r.cameo, 5),
        r.goldstein,
        cut(&actor(&r.source_code, &r.source_sector), 10),
        cut(&actor(&r.target_code, &r.target_sector), 10),
        format!("{}/{}/{}", r.n_mentions, r.n_documents, r.n_outlets),
        cut(&format!("{}{flags}", r.trigger_text), 22),
        cut(&r.doc_key, 40),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gdelt_has_61_columns() {
        assert_eq!(GDELT_COLUMNS.len(), 61);
        assert_eq!(GDELT_COLUMNS[30], "GoldsteinScale");
        assert_eq!(GDELT_COLUMNS[59], "DATEADDED");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn gdelt_actor_fields() {
        let a = Actor {
            text: "the Pentagon".into(),
            code: "USA".into(),
            sector: Some("MIL".into()),
            ..Actor::default()
        };
        let f = gdelt_actor(Some(a));
        assert_eq!(f[0], "USAMIL");
        assert_eq!(f[1], "THE PENTAGON");
        assert_eq!(f[2], "USA");
        assert_eq!(f[7], "MIL");
        let n = Actor {
            text: "NATO".into(),
            code: "IGO".into(),
            igo: Some("NATO".into()),
            ..Actor::default()
        };
        let f = gdelt_actor(Some(n));
        assert_eq!(
            (f[0].as_str(), f[2].as_str(), f[3].as_str()),
            ("IGO", "", "NATO")
        );
    }
}
