//! PLOVER/CAMEO tables: quad classes, PLOVER scores, CAMEO codes and Goldstein values,
//! contexts with their keywords. Loaded from `data/ontology/*.tsv`.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::tsv::{self, DataError};

#[derive(Debug, Clone)]
pub struct EventDef {
    pub quad: u8,
    pub score: f32,
    pub requires_recipient: bool,
    pub default_cameo: String,
}

#[derive(Debug, Clone)]
pub struct Context {
    pub name: String,
    pub keywords: Vec<String>,
}

pub struct Ontology {
    pub events: HashMap<String, EventDef>,
    /// (event, mode) -> (score, cameo)
    pub modes: HashMap<(String, String), (f32, String)>,
    /// cameo -> (goldstein, event)
    pub cameo: HashMap<String, (f32, String)>,
    pub contexts: Vec<Context>,
}

fn file(files: &[(&'static str, &'static str)], name: &str) -> Result<&'static str, DataError> {
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

impl Ontology {
    pub fn embedded() -> &'static Ontology {
        static O: OnceLock<Ontology> = OnceLock::new();
        O.get_or_init(|| {
            Ontology::load(crate::kb::Kb::data_files())
                .unwrap_or_else(|e| panic!("embedded ontology is invalid: {e}"))
        })
    }

    pub fn load(files: &[(&'static str, &'static str)]) -> Result<Ontology, DataError> {
        let mut o = Ontology {
            events: HashMap::new(),
            modes: HashMap::new(),
            cameo: HashMap::new(),
            contexts: Vec::new(),
        };
        let f = "ontology/events.tsv";
        for r in tsv::parse(
            f,
            file(files, f)?,
            &[
                "event",
                "quad",
                "plover_score",
                "requires_recipient",
                "default_cameo",
                "description",
            ],
        )? {
            let quad: u8 = r
                .get("quad")
                .parse()
                .map_err(|_| r.err("quad is not a number"))?;
            let score: f32 = r
                .get("plover_score")
                .parse()
                .map_err(|_| r.err("plover_score is not a number"))?;
            o.events.insert(
                r.get("event").into(),
                EventDef {
                    quad,
                    score,
                    requires_recipient: r.get("requires_recipient") == "yes",
                    default_cameo: r.get("default_cameo").into(),
                },
            );
        }
        let f = "ontology/modes.tsv";
        for r in tsv::parse(
            f,
            file(files, f)?,
            &["event", "mode", "plover_score", "cameo", "description"],
        )? {
            let score: f32 = r
                .get("plover_score")
                .parse()
                .map_err(|_| r.err("plover_score is not a number"))?;
            if !o.events.contains_key(r.get("event")) {
                return Err(r.err(format!("unknown event {}", r.get("event"))));
            }
            o.modes.insert(
                (r.get("event").into(), r.get("mode").into()),
                (score, r.get("cameo").into()),
            );
        }
        let f = "ontology/cameo.tsv";
        for r in tsv::parse(
            f,
            file(files, f)?,
            &["cameo", "name", "goldstein", "event", "mode", "context"],
        )? {
            let g: f32 = r
                .get("goldstein")
                .parse()
                .map_err(|_| r.err("goldstein is not a number"))?;
            if !(-10.0..=10.0).contains(&g) {
                return Err(r.err("goldstein outside [-10, 10]"));
            }
            if o.cameo
                .insert(r.get("cameo").into(), (g, r.get("event").into()))
                .is_some()
            {
                return Err(r.err(format!("duplicate CAMEO code {}", r.get("cameo"))));
            }
        }
        let f = "ontology/contexts.tsv";
        for r in tsv::parse(f, file(files, f)?, &["context", "description", "keywords"])? {
            o.contexts.push(Context {
                name: r.get("context").into(),
                keywords: r
                    .list("keywords")
                    .into_iter()
                    .map(|k| k.to_lowercase())
                    .collect(),
            });
        }
        Ok(o)
    }

    /// CAMEO code for an event: the trigger's own code when it belongs to the event's
    /// CAMEO family, else the mode's code, else the event's default.
    pub fn cameo_for(
        &self,
        event: &str,
        mode: Option<&str>,
        trigger_cameo: Option<&str>,
    ) -> String {
        if let Some(c) = trigger_cameo {
            if self.cameo.get(c).map_or(false, |(_, e)| e == event) {
                return c.to_string();
            }
        }
        if let Some(m) = mode {
            if let Some((_, c)) = self.modes.get(&(event.to_string(), m.to_string())) {
                return c.clone();
            }
        }
        self.events
            .get(event)
            .map(|e| e.default_cameo.clone())
            .unwrap_or_default()
    }

    pub fn goldstein(&self, cameo: &str) -> Option<f32> {
        self.cameo.get(cameo).map(|(g, _)| *g).or_else(|| {
            cameo
                .get(..2)
                .and_then(|r| self.cameo.get(r))
                .map(|(g, _)| *g)
        })
    }

    pub fn quad(&self, event: &str) -> u8 {
        self.events.get(event).map(|e| e.quad).unwrap_or(0)
    }

    /// GDELT's QuadClass, taken from the CAMEO root code (01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4).
    pub fn gdelt_quad(cameo: &str) -> u8 {
        match cameo.get(..2).and_then(|r| r.parse::<u8>().ok()) {
            Some(1..=5) => 1,
            Some(6..=8) => 2,
            Some(9..=13) => 3,
            Some(14..=20) => 4,
            _ => 0,
        }
    }

    pub fn plover_score(&self, event: &str, mode: Option<&str>) -> f32 {
        if let Some(m) = mode {
            if let Some((s, _)) = self.modes.get(&(event.to_string(), m.to_string())) {
                return *s;
            }
        }
        self.events.get(event).map(|e| e.score).unwrap_or(0.0)
    }

    pub fn valid_mode(&self, event: &str, mode: &str) -> bool {
        self.modes
            .contains_key(&(event.to_string(), mode.to_string()))
    }
}
