//! The real app in headless Chromium, driven over WebDriver (chromedriver's HTTP protocol,
//! plain JSON over TcpStream). Needs Debian's `chromium` and `chromium-driver` packages
//! (`.ci/run` installs them); without them this test FAILS and says how to install them.
//!
//! Steps: overview; events filtered by actor; an event opened from the table, with its
//! highlight spans and attribution sentence checked against the API; the network, and a dyad
//! opened by clicking an edge; the sample article pasted into "Try it"; and an article whose
//! text and title carry <script> and <img onerror> payloads rendered as text with no script
//! run. Screenshots go to target/browser-test/.

mod web_support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use web_support::*;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    for n in names {
        for dir in std::env::var("PATH")
            .unwrap_or_default()
            .split(':')
            .chain(["/usr/bin", "/usr/lib/chromium"])
        {
            let p = Path::new(dir).join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

struct Driver {
    addr: String,
    session: String,
    shots: PathBuf,
}

impl Driver {
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let path = format!("/session/{}{path}", self.session);
        let r = request(
            &self.addr,
            method,
            &path,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        );
        let v = r.json();
        assert_eq!(r.status, 200, "WebDriver {method} {path}: {v}");
        v["value"].clone()
    }
    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }
    fn js(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }
    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT].as_str().unwrap().to_string()
    }
    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})));
    }
    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/clear"), Some(json!({})));
        self.call(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({ "text": text })),
        );
    }
    /// Waits until the script returns true.
    fn wait(&self, what: &str, script: &str) {
        let t = Instant::now();
        loop {
            if self.js(script, json!([])) == Value::Bool(true) {
                return;
            }
            if t.elapsed() > Duration::from_secs(30) {
                let page = self.js(
                    "return document.getElementById('main').innerText.slice(0, 2000)",
                    json!([]),
                );
                self.shot("timeout");
                panic!("timed out waiting for {what}; page: {page}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    /// Waits for a page of the app to finish rendering.
    fn ready(&self, page: &str) {
        self.wait(
            &format!("page {page}"),
            &format!("return document.body.dataset.page === '{page}' && document.body.dataset.ready === '1'"),
        );
    }
    fn text(&self, css: &str) -> String {
        self.js(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null",
            json!([css]),
        )
        .as_str()
        .unwrap_or_else(|| panic!("no element {css}"))
        .to_string()
    }
    fn shot(&self, name: &str) {
        let v = self.call("GET", "/screenshot", None);
        let png = base64_decode(v.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "screenshot is a PNG");
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }
    fn no_alert(&self) {
        let path = format!("/session/{}/alert/text", self.session);
        let r = request(&self.addr, "GET", &path, &[], b"");
        assert_eq!(
            r.status,
            404,
            "an alert is open: a payload ran: {}",
            r.text()
        );
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter_map(val) {
        acc = (acc << 6) | c as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[test]
fn app_in_headless_chromium() {
    let chromium = find_program(&["chromium", "chromium-browser"]);
    let driver = find_program(&["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, driver) else {
        panic!(
            "the browser test needs Chromium and its WebDriver: install them with\n    \
             sudo apt-get install -y chromium chromium-driver\n(.ci/run does this when they are missing)"
        );
    };
    let Some(db) = store() else { return };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("browser-test");
    std::fs::create_dir_all(&shots).unwrap();

    // the real CLI, on a free loopback port
    let mut serve = Command::new(DYAD)
        .args(["serve", "--db"])
        .arg(db)
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start dyad serve");
    let mut first = String::new();
    BufReader::new(serve.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let _serve = Killed(serve);
    let base = first
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    assert!(base.starts_with("http://127.0.0.1:"), "{first}");
    let api = base.trim_start_matches("http://").to_string();

    let port = free_port();
    let profile = temp_dir("chromium-profile");
    let cd = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let _cd = Killed(cd);
    let waddr = format!("127.0.0.1:{port}");
    let t = Instant::now();
    while std::net::TcpStream::connect(&waddr).is_err() {
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium.to_string_lossy(),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                     "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                     "--window-size=1400,1100", format!("--user-data-dir={}", profile.display())]
        }
    }}});
    let r = request(
        &waddr,
        "POST",
        "/session",
        &[("Content-Type", "application/json")],
        caps.to_string().as_bytes(),
    );
    let v = r.json();
    assert_eq!(r.status, 200, "new WebDriver session: {v}");
    let d = Driver {
        addr: waddr.clone(),
        session: v["value"]["sessionId"].as_str().unwrap().to_string(),
        shots: shots.clone(),
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| steps(&d, &base, &api)));
    let _ = request(
        &waddr,
        "DELETE",
        &format!("/session/{}", d.session),
        &[],
        b"",
    );
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
    println!("screenshots in {}", shots.display());
}

fn steps(d: &Driver, base: &str, api: &str) {
    // 1. overview
    d.go(&format!("{base}/#/"));
    d.ready("overview");
    d.wait(
        "top actors",
        "return document.querySelectorAll('#top-actors tr.click').length >= 5",
    );
    d.wait(
        "timeline bars",
        "return document.querySelectorAll('svg.chart rect').length > 10",
    );
    d.shot("overview");

    // 2. events filtered by actor, through the form
    d.click("#nav a[data-page=events]");
    d.ready("events");
    d.type_into("#f-actor", "irn");
    d.click("#f-submit");
    d.wait("filtered events", "return location.hash.includes('actor=IRN') && document.body.dataset.ready === '1' && document.querySelectorAll('#events-body tr').length > 0");
    let rows = d.js("return Array.from(document.querySelectorAll('#events-body tr')).map(r => r.children[3].textContent)", json!([]));
    for r in rows.as_array().unwrap() {
        assert!(r.as_str().unwrap().contains("IRN"), "row without IRN: {r}");
    }
    d.shot("events");

    // 3. open the event attributed to Reuters' anonymous source from the table
    let demo = get_json(api, "/api/events?text=Araghchi+Reuters&limit=1")["events"][0]["document"]
        ["id"]
        .as_i64()
        .unwrap();
    let doc = get_json(api, &format!("/api/documents/{demo}"));
    let ev = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["attribution"]["outlet"]["name"] == "Reuters" && e["attribution"]["anonymous"] == true
        })
        .expect("Reuters event")
        .clone();
    let id = ev["id"].as_i64().unwrap();
    d.go(&format!("{base}/#/events?document={demo}"));
    d.ready("events");
    d.click(&format!("#events-body tr[data-id='{id}']"));
    d.ready("event");
    d.wait(
        "event card",
        "return !!document.getElementById('attribution')",
    );
    let att = d.text("#attribution");
    assert!(
        att.contains("ccording to Reuters, citing an unnamed source"),
        "attribution: {att}"
    );
    let trig = d.js("return Array.from(document.querySelectorAll('#doc-text .hl-trigger')).map(e => e.textContent).join('')", json!([]));
    assert_eq!(
        trig.as_str().unwrap(),
        ev["trigger"]["text"].as_str().unwrap()
    );
    let text = doc["text"].as_str().unwrap();
    for (side, class) in [("source", "hl-source"), ("target", "hl-target")] {
        let want: String = ev[side]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                slice_chars(
                    text,
                    a["start"].as_u64().unwrap() as usize,
                    a["end"].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let got = d.js(&format!("return Array.from(document.querySelectorAll('#doc-text .{class}')).map(e => e.textContent).join('')"), json!([]));
        assert_eq!(got.as_str().unwrap(), want, "{side} highlight");
        assert!(!want.is_empty(), "{side} span");
    }
    // distinct colours for the three kinds of span
    let colours = d.js("return ['hl-source','hl-target','hl-trigger'].map(c => getComputedStyle(document.querySelector('#doc-text .' + c)).backgroundColor)", json!([]));
    let c: Vec<&str> = colours
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(c[0] != c[1] && c[1] != c[2] && c[0] != c[2], "{c:?}");
    d.shot("event");
    // a negated or speculative event is marked as such
    if let Some(un) = doc["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["negated"] == true || e["hypothetical"] == true)
    {
        d.click(&format!("#doc-events .item[data-id='{}']", un["id"]));
        d.wait(
            "modality note",
            "return !!document.getElementById('modality')",
        );
        let m = d.text("#modality");
        assert!(m.contains("Not counted as an asserted event"), "{m}");
    }

    // 4. network, then a dyad by clicking an edge
    d.go(&format!(
        "{base}/#/network?from=2017-01-01&to=2019-12-31&limit=40"
    ));
    d.ready("network");
    d.wait(
        "edges",
        "return document.querySelectorAll('#network-svg .edge').length >= 10",
    );
    d.js(
        "document.getElementById('network-svg').scrollIntoView({block: 'center'})",
        json!([]),
    );
    d.shot("network");
    let edge = d.js(
        "const e = document.querySelector('#network-svg .edge'); return [e.dataset.a, e.dataset.b]",
        json!([]),
    );
    let (ea, eb) = (
        edge[0].as_str().unwrap().to_string(),
        edge[1].as_str().unwrap().to_string(),
    );
    d.js("document.querySelector('#network-svg .edge').dispatchEvent(new MouseEvent('click', {bubbles: true}))", json!([]));
    d.ready("dyad");
    d.wait("dyad chart", "return !!document.getElementById('dyad-chart') && document.querySelectorAll('#dyad-events tr').length > 0");
    let title = d.text("#dyad-title");
    assert!(title.contains(&ea) && title.contains(&eb), "{title}");
    d.shot("dyad");

    // 5. Try it: paste the sample article
    let sample =
        std::fs::read_to_string(samples().unwrap().join("000_9096d89438f5190f.txt")).unwrap();
    d.click("#nav a[data-page=try]");
    d.ready("try");
    d.js("const t = document.getElementById('try-text'); t.value = arguments[0]; t.dispatchEvent(new Event('input'));", json!([sample]));
    d.type_into("#try-date", "2025-06-23");
    d.click("#try-submit");
    d.wait(
        "coded events",
        "return !!document.getElementById('try-count')",
    );
    let n = d
        .js(
            "return document.querySelectorAll('#try-events .item').length",
            json!([]),
        )
        .as_i64()
        .unwrap();
    assert!(n >= 8, "{n} events");
    assert!(d.text("#try-count").starts_with(&format!("{n} events")));
    for class in ["hl-source", "hl-target", "hl-trigger"] {
        let k = d
            .js(
                &format!("return document.querySelectorAll('#try-text-out .{class}').length"),
                json!([]),
            )
            .as_i64()
            .unwrap();
        assert!(k > 0, "no {class} highlight");
    }
    d.shot("try");

    // 6. payloads in text, title, outlet and URL render as text; nothing runs
    let r = get_json(api, "/api/events?text=onerror&limit=1");
    let pid = r["events"][0]["document"]["id"]
        .as_i64()
        .expect("payload article has events");
    d.go(&format!("{base}/#/document/{pid}"));
    d.ready("document");
    d.wait(
        "text",
        "return !!document.querySelector('#doc-text .doctext')",
    );
    d.no_alert();
    let shown = d.text("#doc-text .doctext");
    assert!(
        shown.contains("<script>alert(1)</script>")
            && shown.contains("<img src=x onerror=alert(1)>"),
        "{shown}"
    );
    assert_eq!(d.text("#doc-title"), XSS_TITLE);
    let injected = d.js("return document.querySelectorAll('#main img, #main script, #main [onerror], #main [onload], #main svg:not(.chart)').length", json!([])).as_i64().unwrap();
    assert_eq!(injected, 0, "markup from the data became elements");
    assert!(
        d.text("#main").contains("Example <b>Wire</b>"),
        "the outlet is shown as text"
    );
    let links = d.js("return Array.from(document.querySelectorAll('#main a')).map(a => a.getAttribute('href')).filter(h => h.startsWith('javascript')).length", json!([]));
    assert_eq!(links, json!(0), "javascript: URL linked");
    // the payload in the event table and the Try-it page as well
    d.go(&format!("{base}/#/events?document={pid}"));
    d.ready("events");
    d.no_alert();
    assert!(d
        .text("#events-body")
        .contains("<img src=x onerror=alert(1)>"));
    d.click("#nav a[data-page=try]");
    d.ready("try");
    d.js(
        "document.getElementById('try-text').value = arguments[0]",
        json!([XSS_TEXT]),
    );
    d.click("#try-submit");
    d.wait(
        "coded payload",
        "return !!document.getElementById('try-count')",
    );
    d.no_alert();
    assert!(d
        .text("#try-text-out")
        .contains("<script>alert(1)</script>"));
    assert_eq!(
        d.js(
            "return document.querySelectorAll('#main img, #main script').length",
            json!([])
        ),
        json!(0)
    );
    d.shot("payload");
}
