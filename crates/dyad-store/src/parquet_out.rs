//! Parquet export: one row per event, the CSV columns with typed values (dates as `DATE`,
//! numbers as numbers) plus the full actor lists and attribution as JSON columns.
//! Written with the `parquet` crate's column API (no Arrow), dictionary-encoded, without
//! compression; rows go out in row groups of [`ROW_GROUP`] events.

use std::io::Write;
use std::sync::Arc;

use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use crate::query::EventRow;

/// Events per row group.
pub const ROW_GROUP: usize = 65_536;

const SCHEMA: &str = "message event {
    REQUIRED INT64 event_id;
    REQUIRED BYTE_ARRAY document (UTF8);
    OPTIONAL BYTE_ARRAY url (UTF8);
    OPTIONAL BYTE_ARRAY outlet (UTF8);
    OPTIONAL INT32 published (DATE);
    REQUIRED BYTE_ARRAY event (UTF8);
    OPTIONAL BYTE_ARRAY mode (UTF8);
    REQUIRED BYTE_ARRAY cameo (UTF8);
    REQUIRED DOUBLE goldstein;
    REQUIRED INT32 quad;
    REQUIRED DOUBLE plover_score;
    REQUIRED BOOLEAN negated;
    REQUIRED BOOLEAN hypothetical;
    REQUIRED BOOLEAN future;
    OPTIONAL INT32 event_date (DATE);
    OPTIONAL BYTE_ARRAY date_precision (UTF8);
    OPTIONAL BYTE_ARRAY source_code (UTF8);
    OPTIONAL BYTE_ARRAY source_sector (UTF8);
    OPTIONAL BYTE_ARRAY target_code (UTF8);
    OPTIONAL BYTE_ARRAY target_sector (UTF8);
    REQUIRED BYTE_ARRAY trigger (UTF8);
    REQUIRED INT64 trigger_start;
    REQUIRED INT64 trigger_end;
    REQUIRED INT64 sentence;
    REQUIRED BYTE_ARRAY context (JSON);
    OPTIONAL BYTE_ARRAY attribution_outlet (UTF8);
    OPTIONAL BYTE_ARRAY attribution_speaker (UTF8);
    REQUIRED BYTE_ARRAY source (JSON);
    REQUIRED BYTE_ARRAY target (JSON);
    OPTIONAL BYTE_ARRAY attribution (JSON);
    REQUIRED BYTE_ARRAY rule (JSON);
    REQUIRED INT64 cluster_id;
    REQUIRED INT64 n_mentions;
    REQUIRED INT64 n_documents;
    REQUIRED INT64 n_outlets;
}";

/// Buffered events, column by column, in schema order.
#[derive(Default)]
struct Columns {
    event_id: Vec<i64>,
    document: Vec<ByteArray>,
    url: Vec<Option<ByteArray>>,
    outlet: Vec<Option<ByteArray>>,
    published: Vec<Option<i32>>,
    event: Vec<ByteArray>,
    mode: Vec<Option<ByteArray>>,
    cameo: Vec<ByteArray>,
    goldstein: Vec<f64>,
    quad: Vec<i32>,
    plover_score: Vec<f64>,
    negated: Vec<bool>,
    hypothetical: Vec<bool>,
    future: Vec<bool>,
    event_date: Vec<Option<i32>>,
    date_precision: Vec<Option<ByteArray>>,
    source_code: Vec<Option<ByteArray>>,
    source_sector: Vec<Option<ByteArray>>,
    target_code: Vec<Option<ByteArray>>,
    target_sector: Vec<Option<ByteArray>>,
    trigger: Vec<ByteArray>,
    trigger_start: Vec<i64>,
    trigger_end: Vec<i64>,
    sentence: Vec<i64>,
    context: Vec<ByteArray>,
    attribution_outlet: Vec<Option<ByteArray>>,
    attribution_speaker: Vec<Option<ByteArray>>,
    source: Vec<ByteArray>,
    target: Vec<ByteArray>,
    attribution: Vec<Option<ByteArray>>,
    rule: Vec<ByteArray>,
    cluster_id: Vec<i64>,
    n_mentions: Vec<i64>,
    n_documents: Vec<i64>,
    n_outlets: Vec<i64>,
}

fn b(s: &str) -> ByteArray {
    ByteArray::from(s.as_bytes().to_vec())
}

fn ob(s: &Option<String>) -> Option<ByteArray> {
    s.as_deref().map(b)
}

fn date(s: &Option<String>) -> Option<i32> {
    s.as_deref()
        .and_then(crate::day_number)
        .and_then(|d| i32::try_from(d).ok())
}

/// Splits optional values into the present values and definition levels.
fn split<T: Clone>(v: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
    let vals = v.iter().flatten().cloned().collect();
    let defs = v.iter().map(|x| x.is_some() as i16).collect();
    (vals, defs)
}

/// Writes events to a Parquet file: call [`ParquetWriter::write`] per event, then
/// [`ParquetWriter::finish`].
pub struct ParquetWriter<W: Write + Send> {
    file: SerializedFileWriter<W>,
    cols: Columns,
    rows: u64,
}

impl<W: Write + Send> ParquetWriter<W> {
    pub fn new(out: W) -> parquet::errors::Result<Self> {
        let schema = Arc::new(parse_message_type(SCHEMA)?);
        let props = Arc::new(
            WriterProperties::builder()
                .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
                .build(),
        );
        Ok(ParquetWriter {
            file: SerializedFileWriter::new(out, schema, props)?,
            cols: Columns::default(),
            rows: 0,
        })
    }

    pub fn write(&mut self, r: &EventRow) -> parquet::errors::Result<()> {
        let c = &mut self.cols;
        c.event_id.push(r.id);
        c.document.push(b(&r.doc_key));
        c.url.push(ob(&r.url));
        c.outlet.push(ob(&r.outlet));
        c.published.push(date(&r.published));
        c.event.push(b(&r.event));
        c.mode.push(ob(&r.mode));
        c.cameo.push(b(&r.cameo));
        c.goldstein.push(r.goldstein);
        c.quad.push(r.quad as i32);
        c.plover_score.push(r.plover_score);
        c.negated.push(r.negated);
        c.hypothetical.push(r.hypothetical);
        c.future.push(r.future);
        c.event_date.push(date(&r.event_date));
        c.date_precision.push(ob(&r.date_precision));
        c.source_code.push(ob(&r.source_code));
        c.source_sector.push(ob(&r.source_sector));
        c.target_code.push(ob(&r.target_code));
        c.target_sector.push(ob(&r.target_sector));
        c.trigger.push(b(&r.trigger_text));
        c.trigger_start.push(r.trigger_start);
        c.trigger_end.push(r.trigger_end);
        c.sentence.push(r.sentence);
        c.context.push(b(&r.context));
        c.attribution_outlet.push(ob(&r.attribution_outlet));
        c.attribution_speaker.push(ob(&r.attribution_speaker));
        c.source.push(b(&r.source));
        c.target.push(b(&r.target));
        c.attribution.push(ob(&r.attribution));
        c.rule.push(b(&r.rule));
        c.cluster_id.push(r.cluster_id);
        c.n_mentions.push(r.n_mentions);
        c.n_documents.push(r.n_documents);
        c.n_outlets.push(r.n_outlets);
        self.rows += 1;
        if c.event_id.len() >= ROW_GROUP {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> parquet::errors::Result<()> {
        if self.cols.event_id.is_empty() {
            return Ok(());
        }
        let c = std::mem::take(&mut self.cols);
        let mut rg = self.file.next_row_group()?;
        macro_rules! req {
            ($t:ty, $v:expr) => {{
                let mut col = rg.next_column()?.ok_or_else(|| {
                    parquet::errors::ParquetError::General("schema has fewer columns".into())
                })?;
                col.typed::<$t>().write_batch(&$v, None, None)?;
                col.close()?;
            }};
        }
        macro_rules! opt {
            ($t:ty, $v:expr) => {{
                let (vals, defs) = split(&$v);
                let mut col = rg.next_column()?.ok_or_else(|| {
                    parquet::errors::ParquetError::General("schema has fewer columns".into())
                })?;
                col.typed::<$t>().write_batch(&vals, Some(&defs), None)?;
                col.close()?;
            }};
        }
        req!(Int64Type, c.event_id);
        req!(ByteArrayType, c.document);
        opt!(ByteArrayType, c.url);
        opt!(ByteArrayType, c.outlet);
        opt!(Int32Type, c.published);
        req!(ByteArrayType, c.event);
        opt!(ByteArrayType, c.mode);
        req!(ByteArrayType, c.cameo);
        req!(DoubleType, c.goldstein);
        req!(Int32Type, c.quad);
        req!(DoubleType, c.plover_score);
        req!(BoolType, c.negated);
        req!(BoolType, c.hypothetical);
        req!(BoolType, c.future);
        opt!(Int32Type, c.event_date);
        opt!(ByteArrayType, c.date_precision);
        opt!(ByteArrayType, c.source_code);
        opt!(ByteArrayType, c.source_sector);
        opt!(ByteArrayType, c.target_code);
        opt!(ByteArrayType, c.target_sector);
        req!(ByteArrayType, c.trigger);
        req!(Int64Type, c.trigger_start);
        req!(Int64Type, c.trigger_end);
        req!(Int64Type, c.sentence);
        req!(ByteArrayType, c.context);
        opt!(ByteArrayType, c.attribution_outlet);
        opt!(ByteArrayType, c.attribution_speaker);
        req!(ByteArrayType, c.source);
        req!(ByteArrayType, c.target);
        opt!(ByteArrayType, c.attribution);
        req!(ByteArrayType, c.rule);
        req!(Int64Type, c.cluster_id);
        req!(Int64Type, c.n_mentions);
        req!(Int64Type, c.n_documents);
        req!(Int64Type, c.n_outlets);
        rg.close()?;
        Ok(())
    }

    /// Writes the last row group and the footer; returns the number of events written.
    pub fn finish(mut self) -> parquet::errors::Result<u64> {
        self.flush()?;
        self.file.close()?;
        Ok(self.rows)
    }
}
