//! Knowledge base: countries, places, organisations, outlets, offices, people with
//! dated roles, sector nouns. Loaded from the TSV files under `data/` (embedded in
//! the binary), checked for integrity, and indexed for fast phrase lookup.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::dates::Date;
use crate::phrase::PhraseIndex;
use crate::text::{tokenize, Token};
use crate::tsv::{self, split_list, DataError};

include!(concat!(env!("OUT_DIR"), "/embedded_data.rs"));

/// PLOVER codes for international non-state entities.
pub const SPECIAL_CODES: &[&str] = &["IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"];

#[derive(Debug, Clone)]
pub struct Country {
    pub iso3: String,
    pub iso2: String,
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub demonyms: Vec<String>,
    pub capitals: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub code: String,
    pub sector: Option<String>,
    pub kind: String,
}

#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub code: String,
    pub sectors: Vec<String>,
    pub name: String,
    pub aliases: Vec<String>,
    pub home: Option<String>,
    pub kind: String,
    pub file: String,
}

#[derive(Debug, Clone)]
pub struct Outlet {
    pub name: String,
    pub aliases: Vec<String>,
    pub country: String,
    pub kind: String,
    pub state: bool,
}

#[derive(Debug, Clone)]
pub struct OfficeTitle {
    pub office: String,
    /// None = any country; Some(code or org id).
    pub country: Option<String>,
    pub sector: String,
    pub titles: Vec<String>,
    pub single: bool,
}

#[derive(Debug, Clone)]
pub struct Term {
    /// PLOVER code of the country or organisation served.
    pub code: String,
    /// Organisation id when the office is in an IGO (UN, NATO...).
    pub org: Option<String>,
    pub office: String,
    pub sector: String,
    pub start: Date,
    /// None = still in office.
    pub end: Option<Date>,
    pub uncertain: bool,
    pub acting: bool,
    pub file: String,
    pub line: usize,
}

impl Term {
    pub fn covers(&self, d: Date) -> bool {
        self.start <= d && self.end.map_or(true, |e| d <= e)
    }
    /// Days between `d` and the term (0 inside it).
    pub fn distance(&self, d: Date) -> i64 {
        if d < self.start {
            self.start.day_number() - d.day_number()
        } else if let Some(e) = self.end.filter(|e| d > *e) {
            d.day_number() - e.day_number()
        } else {
            0
        }
    }
    pub fn span(&self) -> String {
        let mut s = String::with_capacity(22);
        self.start.push_to(&mut s);
        s.push_str("..");
        if let Some(e) = self.end {
            e.push_to(&mut s);
        }
        s
    }
}

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub aliases: Vec<String>,
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    CountryName(u32),
    Demonym(u32),
    Capital(u32),
    Place(u32),
    Org(u32),
    Outlet(u32),
    Person(u32),
    Title(u32),
    Agent(u32),
}

#[derive(Debug, Clone)]
pub struct NameEntry {
    pub entry: Entry,
    /// Proper names must start with a capital letter in text.
    pub proper: bool,
    /// Short acronyms (US, UN, IS) must match with this exact case.
    pub exact: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Agent {
    pub noun: String,
    pub sector: String,
}

#[derive(Debug, Clone)]
pub struct Sector {
    pub code: String,
    pub name: String,
}

#[derive(Default)]
pub struct Kb {
    pub countries: Vec<Country>,
    pub places: Vec<Place>,
    pub orgs: Vec<Org>,
    pub outlets: Vec<Outlet>,
    pub offices: Vec<OfficeTitle>,
    pub persons: Vec<Person>,
    pub agents: Vec<Agent>,
    pub sectors: Vec<Sector>,
    pub names: PhraseIndex<NameEntry>,
    /// (code or org id, office) -> (person, term index)
    pub holders: HashMap<(String, String), Vec<(u32, u32)>>,
    pub country_by_code: HashMap<String, u32>,
    pub org_by_id: HashMap<String, u32>,
    pub name_count: usize,
}

/// Office importance when one person holds several offices at once.
pub fn office_rank(office: &str) -> u32 {
    match office {
        "supreme_leader" => 0,
        "head_of_state" | "monarch" => 1,
        "head_of_government" => 2,
        "secretary_general" | "igo_head" => 3,
        "vice_president" => 4,
        "foreign_minister" => 5,
        "defence_minister" => 6,
        "military_chief" => 7,
        "intelligence_chief" => 8,
        "group_leader" => 9,
        _ => 20,
    }
}

/// Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; partial dates widen to the start (or end) of the period.
pub fn parse_partial_date(s: &str, at_end: bool) -> Option<Date> {
    let p: Vec<&str> = s.split('-').collect();
    let year: i32 = p.first()?.parse().ok()?;
    if !(1000..=2200).contains(&year) {
        return None;
    }
    let month: u32 = match p.get(1) {
        Some(m) => m.parse().ok().filter(|m| (1..=12).contains(m))?,
        None => {
            if at_end {
                12
            } else {
                1
            }
        }
    };
    let last = crate::dates::days_in_month(year as i64, month);
    let day: u32 = match p.get(2) {
        Some(d) => d.parse().ok().filter(|d| *d >= 1 && *d <= last)?,
        None => {
            if at_end {
                last
            } else {
                1
            }
        }
    };
    if p.len() > 3 {
        return None;
    }
    Some(Date { year, month, day })
}

fn is_acronym(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if letters > 4 || !c.is_uppercase() {
            return false;
        }
    }
    letters > 0
}

impl Kb {
    /// The knowledge base compiled into the binary (loaded once per process).
    pub fn embedded() -> &'static Kb {
        static KB: OnceLock<Kb> = OnceLock::new();
        KB.get_or_init(|| match Kb::from_files(DATA_FILES) {
            Ok(kb) => kb,
            Err(errs) => {
                // The embedded data is checked by the test suite; failing here is a build defect.
                let msg: Vec<String> = errs.iter().take(20).map(|e| e.to_string()).collect();
                panic!("embedded knowledge base is invalid:\n{}", msg.join("\n"));
            }
        })
    }

    pub fn data_files() -> &'static [(&'static str, &'static str)] {
        DATA_FILES
    }

    /// Load from (path relative to data/, contents) pairs. Errors name file and line.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Kb, Vec<DataError>> {
        let mut kb = Kb {
            names: PhraseIndex::with_capacity(24_000),
            ..Default::default()
        };
        let mut errs = Vec::new();
        let get = |name: &str| files.iter().find(|(p, _)| *p == name).map(|(_, c)| *c);
        let run = |r: Result<(), DataError>, errs: &mut Vec<DataError>| {
            if let Err(e) = r {
                errs.push(e);
            }
        };
        match get("sectors.tsv") {
            Some(c) => run(kb.load_sectors(c), &mut errs),
            None => errs.push(missing("sectors.tsv")),
        }
        match get("countries.tsv") {
            Some(c) => run(kb.load_countries(c), &mut errs),
            None => errs.push(missing("countries.tsv")),
        }
        for (p, c) in files.iter().filter(|(p, _)| p.starts_with("orgs/")) {
            run(kb.load_orgs(p, c), &mut errs);
        }
        if let Some(c) = get("places.tsv") {
            run(kb.load_places(c), &mut errs);
        }
        if let Some(c) = get("outlets.tsv") {
            run(kb.load_outlets(c), &mut errs);
        }
        match get("offices.tsv") {
            Some(c) => run(kb.load_offices(c), &mut errs),
            None => errs.push(missing("offices.tsv")),
        }
        match get("agents.tsv") {
            Some(c) => run(kb.load_agents(c), &mut errs),
            None => errs.push(missing("agents.tsv")),
        }
        for (p, c) in files.iter().filter(|(p, _)| p.starts_with("people/")) {
            run(kb.load_people(p, c), &mut errs);
        }
        if !errs.is_empty() {
            return Err(errs);
        }
        kb.build_index();
        Ok(kb)
    }

    fn check_code(&self, row: &tsv::Row, col: &str, v: &str) -> Result<(), DataError> {
        if self.is_code(v) {
            Ok(())
        } else {
            Err(row.err(format!("{col}: unknown code {v:?}")))
        }
    }

    pub fn is_code(&self, v: &str) -> bool {
        self.country_by_code.contains_key(v) || SPECIAL_CODES.contains(&v)
    }

    fn check_sector(&self, row: &tsv::Row, v: &str) -> Result<(), DataError> {
        if self.sectors.iter().any(|s| s.code == v) {
            Ok(())
        } else {
            Err(row.err(format!("unknown sector {v:?}")))
        }
    }

    fn load_sectors(&mut self, c: &str) -> Result<(), DataError> {
        for r in tsv::parse("sectors.tsv", c, &["code", "name", "description"])? {
            self.sectors.push(Sector {
                code: r.get("code").into(),
                name: r.get("name").into(),
            });
        }
        Ok(())
    }

    fn load_countries(&mut self, c: &str) -> Result<(), DataError> {
        let rows = tsv::parse(
            "countries.tsv",
            c,
            &[
                "iso3", "iso2", "code", "name", "aliases", "demonyms", "capitals",
            ],
        )?;
        for r in &rows {
            let iso3 = r.get("iso3");
            if iso3.len() != 3 || !iso3.chars().all(|c| c.is_ascii_uppercase()) {
                return Err(r.err(format!("iso3 {iso3:?} is not three capital letters")));
            }
            if self.country_by_code.contains_key(iso3) {
                return Err(r.err(format!("duplicate country {iso3}")));
            }
            self.country_by_code
                .insert(iso3.to_string(), self.countries.len() as u32);
            self.countries.push(Country {
                iso3: iso3.into(),
                iso2: r.get("iso2").into(),
                code: r.get("code").into(),
                name: r.get("name").into(),
                aliases: r.list("aliases").into_iter().map(String::from).collect(),
                demonyms: r.list("demonyms").into_iter().map(String::from).collect(),
                capitals: r.list("capitals").into_iter().map(String::from).collect(),
            });
        }
        for r in &rows {
            let code = r.get("code");
            if !self.country_by_code.contains_key(code) {
                return Err(r.err(format!("code {code:?} is not a country in this file")));
            }
        }
        Ok(())
    }

    fn load_places(&mut self, c: &str) -> Result<(), DataError> {
        for r in tsv::parse("places.tsv", c, &["name", "code", "sector", "kind"])? {
            self.check_code(&r, "code", r.get("code"))?;
            let sector = r.get("sector");
            if !sector.is_empty() {
                self.check_sector(&r, sector)?;
            }
            let kind = r.get("kind");
            if !matches!(kind, "seat" | "city" | "region" | "pre") {
                return Err(r.err(format!("kind {kind:?} is not seat, city, region or pre")));
            }
            self.places.push(Place {
                name: r.get("name").into(),
                code: r.get("code").into(),
                sector: (!sector.is_empty()).then(|| sector.to_string()),
                kind: kind.into(),
            });
        }
        Ok(())
    }

    fn load_orgs(&mut self, file: &str, c: &str) -> Result<(), DataError> {
        for r in tsv::parse(
            file,
            c,
            &["id", "code", "sector", "name", "aliases", "home", "kind"],
        )? {
            let id = r.get("id");
            if self.org_by_id.contains_key(id) {
                return Err(r.err(format!("duplicate organisation id {id}")));
            }
            self.check_code(&r, "code", r.get("code"))?;
            let home = r.get("home");
            if !home.is_empty() {
                self.check_code(&r, "home", home)?;
            }
            let sectors: Vec<String> = r.list("sector").into_iter().map(String::from).collect();
            for s in &sectors {
                self.check_sector(&r, s)?;
            }
            self.org_by_id.insert(id.into(), self.orgs.len() as u32);
            self.orgs.push(Org {
                id: id.into(),
                code: r.get("code").into(),
                sectors,
                name: r.get("name").into(),
                aliases: r.list("aliases").into_iter().map(String::from).collect(),
                home: (!home.is_empty()).then(|| home.to_string()),
                kind: r.get("kind").into(),
                file: file.into(),
            });
        }
        Ok(())
    }

    fn load_outlets(&mut self, c: &str) -> Result<(), DataError> {
        let mut seen = HashSet::new();
        for r in tsv::parse(
            "outlets.tsv",
            c,
            &["name", "aliases", "country", "kind", "state"],
        )? {
            let name = r.get("name");
            if !seen.insert(name.to_lowercase()) {
                return Err(r.err(format!("duplicate outlet {name}")));
            }
            self.check_code(&r, "country", r.get("country"))?;
            self.outlets.push(Outlet {
                name: name.into(),
                aliases: r.list("aliases").into_iter().map(String::from).collect(),
                country: r.get("country").into(),
                kind: r.get("kind").into(),
                state: r.get("state") == "yes",
            });
        }
        Ok(())
    }

    fn load_offices(&mut self, c: &str) -> Result<(), DataError> {
        for r in tsv::parse(
            "offices.tsv",
            c,
            &["office", "country", "sector", "titles", "single"],
        )? {
            let country = r.get("country");
            if country != "*" && !self.is_code(country) && !self.org_by_id.contains_key(country) {
                return Err(r.err(format!("unknown country or organisation {country:?}")));
            }
            self.check_sector(&r, r.get("sector"))?;
            self.offices.push(OfficeTitle {
                office: r.get("office").into(),
                country: (country != "*").then(|| country.to_string()),
                sector: r.get("sector").into(),
                titles: r.list("titles").into_iter().map(String::from).collect(),
                single: r.get("single") == "yes",
            });
        }
        Ok(())
    }

    fn load_agents(&mut self, c: &str) -> Result<(), DataError> {
        for r in tsv::parse("agents.tsv", c, &["noun", "sector", "note"])? {
            self.check_sector(&r, r.get("sector"))?;
            for n in r.list("noun") {
                self.agents.push(Agent {
                    noun: n.into(),
                    sector: r.get("sector").into(),
                });
            }
        }
        Ok(())
    }

    fn load_people(&mut self, file: &str, c: &str) -> Result<(), DataError> {
        let rows = tsv::parse(
            file,
            c,
            &[
                "name", "aliases", "country", "office", "sector", "start", "end", "flags",
            ],
        )?;
        let known_offices: HashSet<&str> = self.offices.iter().map(|o| o.office.as_str()).collect();
        let mut by_name: HashMap<String, u32> = self
            .persons
            .iter()
            .enumerate()
            .map(|(i, p)| (p.name.clone(), i as u32))
            .collect();
        for r in rows {
            let name = r.get("name");
            if name.is_empty() {
                return Err(r.err("empty name"));
            }
            let country = r.get("country");
            let (code, org) = if self.is_code(country) {
                (country.to_string(), None)
            } else if let Some(&o) = self.org_by_id.get(country) {
                (
                    self.orgs[o as usize].code.clone(),
                    Some(country.to_string()),
                )
            } else {
                return Err(r.err(format!(
                    "country {country:?} is neither a code nor an organisation id"
                )));
            };
            let office = r.get("office");
            if !known_offices.contains(office) {
                return Err(r.err(format!("unknown office {office:?} (see offices.tsv)")));
            }
            self.check_sector(&r, r.get("sector"))?;
            let start = parse_partial_date(r.get("start"), false)
                .ok_or_else(|| r.err(format!("bad start date {:?}", r.get("start"))))?;
            let end = match r.get("end") {
                "" => None,
                e => Some(
                    parse_partial_date(e, true)
                        .ok_or_else(|| r.err(format!("bad end date {e:?}")))?,
                ),
            };
            if let Some(e) = end {
                if e < start {
                    return Err(r.err(format!(
                        "term ends ({}) before it starts ({})",
                        e.to_string(),
                        start.to_string()
                    )));
                }
            }
            let flags = r.list("flags");
            for f in &flags {
                if !matches!(*f, "uncertain" | "acting") {
                    return Err(r.err(format!("unknown flag {f:?}")));
                }
            }
            let uncertain = flags.contains(&"uncertain")
                || r.get("start").len() < 10
                || r.get("end").len() < 10 && !r.get("end").is_empty();
            let term = Term {
                code,
                org,
                office: office.into(),
                sector: r.get("sector").into(),
                start,
                end,
                uncertain,
                acting: flags.contains(&"acting"),
                file: file.into(),
                line: r.line,
            };
            let idx = *by_name.entry(name.to_string()).or_insert_with(|| {
                self.persons.push(Person {
                    name: name.into(),
                    aliases: Vec::new(),
                    terms: Vec::new(),
                });
                (self.persons.len() - 1) as u32
            });
            let p = &mut self.persons[idx as usize];
            for a in r.list("aliases") {
                if !p.aliases.iter().any(|x| x == a) {
                    p.aliases.push(a.into());
                }
            }
            p.terms.push(term);
        }
        Ok(())
    }

    fn add_name(&mut self, text: &str, entry: Entry, proper: bool) {
        if text.trim().is_empty() {
            return;
        }
        let exact = (proper && is_acronym(text))
            .then(|| text.chars().filter(|c| !c.is_whitespace()).collect());
        let text = text.strip_prefix("the ").unwrap_or(text);
        self.names.insert(
            text,
            NameEntry {
                entry,
                proper,
                exact,
            },
        );
        self.name_count += 1;
    }

    fn build_index(&mut self) {
        let countries = std::mem::take(&mut self.countries);
        for (i, c) in countries.iter().enumerate() {
            let i = i as u32;
            self.add_name(&c.name, Entry::CountryName(i), true);
            for a in &c.aliases {
                self.add_name(a, Entry::CountryName(i), true);
            }
            for d in &c.demonyms {
                self.add_name(d, Entry::Demonym(i), true);
            }
            for cap in &c.capitals {
                self.add_name(cap, Entry::Capital(i), true);
            }
        }
        self.countries = countries;
        let places = std::mem::take(&mut self.places);
        for (i, p) in places.iter().enumerate() {
            self.add_name(&p.name, Entry::Place(i as u32), true);
        }
        self.places = places;
        let orgs = std::mem::take(&mut self.orgs);
        for (i, o) in orgs.iter().enumerate() {
            self.add_name(&o.name, Entry::Org(i as u32), true);
            for a in &o.aliases {
                self.add_name(a, Entry::Org(i as u32), true);
            }
        }
        self.orgs = orgs;
        let outlets = std::mem::take(&mut self.outlets);
        for (i, o) in outlets.iter().enumerate() {
            self.add_name(&o.name, Entry::Outlet(i as u32), true);
            for a in &o.aliases {
                self.add_name(a, Entry::Outlet(i as u32), true);
            }
        }
        self.outlets = outlets;
        let offices = std::mem::take(&mut self.offices);
        for (i, o) in offices.iter().enumerate() {
            for t in &o.titles {
                self.add_name(t, Entry::Title(i as u32), false);
            }
        }
        self.offices = offices;
        let agents = std::mem::take(&mut self.agents);
        for (i, a) in agents.iter().enumerate() {
            self.add_name(&a.noun, Entry::Agent(i as u32), false);
        }
        self.agents = agents;
        let persons = std::mem::take(&mut self.persons);
        for (i, p) in persons.iter().enumerate() {
            self.add_name(&p.name, Entry::Person(i as u32), true);
            for a in &p.aliases {
                self.add_name(a, Entry::Person(i as u32), true);
            }
            for (ti, t) in p.terms.iter().enumerate() {
                let key = t.org.clone().unwrap_or_else(|| t.code.clone());
                self.holders
                    .entry((key, t.office.clone()))
                    .or_default()
                    .push((i as u32, ti as u32));
            }
        }
        self.persons = persons;
    }

    /// Name entries matching at token `i`, longest first, honouring case rules.
    pub fn names_at<'a>(
        &'a self,
        doc: &str,
        tokens: &[Token],
        i: usize,
        end: usize,
    ) -> Vec<(usize, &'a NameEntry)> {
        let mut out = Vec::new();
        // (callers scanning every token first ask `names.starts_phrase`)
        for (len, entries) in self.names.prefixes_at(tokens, i, end).into_iter().rev() {
            for e in entries {
                // proper names need a capital somewhere ("al-Qaeda", "de Mistura")
                if e.proper
                    && !tokens[i..i + len]
                        .iter()
                        .any(|t| t.cap || t.kind == crate::text::TokKind::Number)
                {
                    continue;
                }
                if let Some(x) = &e.exact {
                    let raw: String = tokens[i..i + len].iter().map(|t| t.text(doc)).collect();
                    if raw != *x {
                        continue;
                    }
                }
                out.push((len, e));
            }
        }
        out
    }

    /// The holder of an office in a country (or organisation id) on a date.
    pub fn holder(&self, key: &str, office: &str, date: Date) -> Option<(&Person, &Term)> {
        let list = self.holders.get(&(key.to_string(), office.to_string()))?;
        let mut best: Option<(&Person, &Term)> = None;
        for &(p, t) in list {
            let person = &self.persons[p as usize];
            let term = &person.terms[t as usize];
            if term.covers(date) {
                // prefer a non-acting holder
                if best.map_or(true, |(_, bt)| bt.acting && !term.acting) {
                    best = Some((person, term));
                }
            }
        }
        best
    }

    /// The term to use for a person on a date: the most important office held that day,
    /// else the nearest term in time.
    pub fn person_term(&self, p: &Person, date: Date) -> Option<(usize, bool)> {
        let current = p
            .terms
            .iter()
            .enumerate()
            .filter(|(_, t)| t.covers(date))
            .min_by_key(|(_, t)| office_rank(&t.office));
        if let Some((i, _)) = current {
            return Some((i, true));
        }
        p.terms
            .iter()
            .enumerate()
            .min_by_key(|(_, t)| t.distance(date))
            .map(|(i, _)| (i, false))
    }

    pub fn country(&self, code: &str) -> Option<&Country> {
        self.country_by_code
            .get(code)
            .map(|&i| &self.countries[i as usize])
    }

    pub fn org(&self, id: &str) -> Option<&Org> {
        self.org_by_id.get(id).map(|&i| &self.orgs[i as usize])
    }

    /// Offices whose title matches `title_idx` entry, for a given country (country-specific first).
    pub fn office_for_title(&self, office_idx: u32, country: Option<&str>) -> &OfficeTitle {
        let o = &self.offices[office_idx as usize];
        // A country-specific title row applies only to its country; fall back to the generic meaning.
        if let (Some(oc), Some(c)) = (&o.country, country) {
            if oc != c {
                let title = &o.titles[0];
                if let Some(g) = self
                    .offices
                    .iter()
                    .find(|x| x.country.is_none() && x.titles.iter().any(|t| t == title))
                {
                    return g;
                }
            }
        }
        o
    }

    /// Integrity checks beyond parsing: duplicate person terms, overlapping holders of
    /// single-holder offices, alias sanity. Returns human-readable problems.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let single: HashSet<&str> = self
            .offices
            .iter()
            .filter(|o| o.single)
            .map(|o| o.office.as_str())
            .collect();
        let mut seen = HashSet::new();
        for p in &self.persons {
            for t in &p.terms {
                if !seen.insert((
                    p.name.clone(),
                    t.code.clone(),
                    t.org.clone(),
                    t.office.clone(),
                    t.start,
                )) {
                    problems.push(format!(
                        "data/{}:{}: duplicate term for {} ({} {})",
                        t.file, t.line, p.name, t.code, t.office
                    ));
                }
            }
        }
        for ((key, office), list) in &self.holders {
            if !single.contains(office.as_str()) {
                continue;
            }
            let mut terms: Vec<(&Person, &Term)> = list
                .iter()
                .map(|&(p, t)| {
                    (
                        &self.persons[p as usize],
                        &self.persons[p as usize].terms[t as usize],
                    )
                })
                .collect();
            terms.sort_by_key(|(_, t)| t.start);
            for w in terms.windows(2) {
                let (pa, a) = w[0];
                let (pb, b) = w[1];
                if pa.name == pb.name || a.acting || b.acting || a.uncertain || b.uncertain {
                    continue;
                }
                if a.end.map_or(true, |e| b.start < e) {
                    problems.push(format!(
                        "data/{}:{}: {} {} of {} {} overlaps {} {} (data/{}:{})",
                        b.file,
                        b.line,
                        pb.name,
                        b.span(),
                        key,
                        office,
                        pa.name,
                        a.span(),
                        a.file,
                        a.line
                    ));
                }
            }
        }
        for c in &self.countries {
            for a in c.aliases.iter().chain(&c.demonyms).chain(&c.capitals) {
                if tokenize(a).is_empty() {
                    problems.push(format!("data/countries.tsv: {} has an empty name", c.iso3));
                }
            }
        }
        problems
    }

    pub fn stats(&self) -> Vec<(&'static str, usize)> {
        let count_kind = |k: &str| self.orgs.iter().filter(|o| o.kind == k).count();
        vec![
            ("countries", self.countries.len()),
            ("places", self.places.len()),
            (
                "organisations (igo, ngo, mnc, institution)",
                self.orgs
                    .iter()
                    .filter(|o| matches!(o.kind.as_str(), "igo" | "ngo" | "mnc" | "institution"))
                    .count(),
            ),
            ("armed groups", count_kind("armed")),
            (
                "parties and movements",
                count_kind("party") + count_kind("movement"),
            ),
            ("outlets", self.outlets.len()),
            ("people", self.persons.len()),
            (
                "person-office entries",
                self.persons.iter().map(|p| p.terms.len()).sum(),
            ),
            (
                "office titles",
                self.offices.iter().map(|o| o.titles.len()).sum(),
            ),
            ("sector nouns", self.agents.len()),
            ("names and aliases indexed", self.name_count),
        ]
    }
}

fn missing(f: &str) -> DataError {
    DataError {
        file: f.into(),
        line: 0,
        msg: "required file is missing".into(),
    }
}

pub fn split(s: &str) -> Vec<&str> {
    split_list(s)
}
