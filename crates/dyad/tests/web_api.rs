//! `dyad serve`'s JSON API, against a store built by `dyad ingest` from the shared samples,
//! served in-process on an ephemeral loopback port and spoken to over plain HTTP.

mod web_support;

use std::collections::HashSet;
use std::net::SocketAddr;

use serde_json::{json, Value};
use web_support::*;

fn serve(cfg: impl FnOnce(&mut dyad_web::Config)) -> Option<dyad_web::Running> {
    let db = store()?;
    let mut c = dyad_web::Config::new(db.to_path_buf());
    cfg(&mut c);
    let addr: SocketAddr = "127.0.0.1:0".parse().unwrap();
    Some(dyad_web::spawn(c, addr).expect("server starts"))
}

fn addr(s: &dyad_web::Running) -> String {
    s.addr.to_string()
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap().to_string())
        .collect()
}

/// The demo article's document id.
fn demo_doc(a: &str) -> i64 {
    let r = get_json(a, "/api/events?text=Araghchi+Reuters&limit=1");
    r["events"][0]["document"]["id"]
        .as_i64()
        .expect("demo article stored")
}

#[test]
fn summary_filters_and_errors() {
    let Some(s) = serve(|_| {}) else { return };
    let a = &addr(&s);
    let sum = get_json(a, "/api/summary");
    assert_eq!(sum["documents"], 251, "{sum}");
    assert!(sum["events"].as_i64().unwrap() > 2000, "{sum}");
    assert_eq!(sum["last_event_date"], "2025-06-23");

    // source / target / actor / event / quad / dates / flags / outlet / text
    for ev in get_json(a, "/api/events?source=USA&limit=200")["events"]
        .as_array()
        .unwrap()
    {
        assert!(codes(&ev["source"]).contains(&"USA".to_string()), "{ev}");
    }
    for ev in get_json(a, "/api/events?target=syr&limit=200")["events"]
        .as_array()
        .unwrap()
    {
        assert!(codes(&ev["target"]).contains(&"SYR".to_string()), "{ev}");
    }
    for ev in get_json(a, "/api/events?actor=IRN&limit=200")["events"]
        .as_array()
        .unwrap()
    {
        let mut all = codes(&ev["source"]);
        all.extend(codes(&ev["target"]));
        assert!(all.contains(&"IRN".to_string()), "{ev}");
    }
    let r = get_json(
        a,
        "/api/events?event=ASSAULT,COERCE&quad=4&from=2018-01&to=2018-06&limit=500",
    );
    assert!(!r["events"].as_array().unwrap().is_empty());
    for ev in r["events"].as_array().unwrap() {
        assert!(
            ["ASSAULT", "COERCE"].contains(&ev["event"].as_str().unwrap()),
            "{ev}"
        );
        assert_eq!(ev["quad"], 4);
        let d = ev["event_date"].as_str().unwrap();
        assert!(("2018-01-01"..="2018-06-30").contains(&d), "{d}");
    }
    for (q, field) in [
        ("negated=true", "negated"),
        ("hypothetical=true", "hypothetical"),
    ] {
        let r = get_json(a, &format!("/api/events?{q}&limit=500"));
        assert!(!r["events"].as_array().unwrap().is_empty(), "{q}");
        assert!(
            r["events"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e[field] == true),
            "{q}"
        );
    }
    let r = get_json(a, "/api/events?outlet=Guardian&limit=500");
    assert!(r["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["document"]["outlet"] == "Guardian"));
    let r = get_json(a, "/api/events?text=Putin&limit=500&count=true");
    let n = r["total"].as_i64().unwrap();
    assert!(n > 0);
    let docs: HashSet<i64> = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["document"]["id"].as_i64().unwrap())
        .collect();
    for d in docs {
        assert!(get_json(a, &format!("/api/documents/{d}"))["text"]
            .as_str()
            .unwrap()
            .contains("Putin"));
    }

    // errors name the parameter; JSON bodies; proper codes
    for (path, status, needle) in [
        ("/api/events?limit=0", 400, "'limit'"),
        ("/api/events?limit=100000", 400, "'limit'"),
        ("/api/events?from=2019-13", 400, "'from'"),
        ("/api/events?source=U%24A", 400, "'source'"),
        ("/api/events?event=BOMB", 400, "'event'"),
        ("/api/events?quad=5", 400, "'quad'"),
        ("/api/events?cursor=zzz", 400, "'cursor'"),
        ("/api/events?negated=maybe", 400, "'negated'"),
        ("/api/events?sorce=USA", 400, "'sorce'"),
        ("/api/events?source=USA&source=IRN", 400, "more than once"),
        ("/api/events?text=%22%22", 400, "'text'"),
        ("/api/dyad?a=IRN", 400, "'b'"),
        ("/api/timeline?bucket=fortnight", 400, "'bucket'"),
        ("/api/events/0", 400, "'id'"),
        ("/api/events/x1", 400, "'id'"),
        ("/api/events/99999999", 404, "no event"),
        ("/api/documents/99999999", 404, "no document"),
        ("/api/clusters/99999999", 404, "no cluster"),
        ("/api/nothing", 404, "no such"),
        ("/api/ingest", 404, "no such"),
    ] {
        let r = get(a, path);
        assert_eq!(r.status, status, "{path}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
        let msg = r.json()["error"].as_str().unwrap_or_default().to_string();
        assert!(msg.contains(needle), "{path}: {msg}");
    }
    let long = format!("/api/events?text={}", "a".repeat(5000));
    assert_eq!(get(a, &long).status, 414);
    let r = request(a, "POST", "/api/ingest", &[], b"{}");
    assert_eq!(r.status, 404, "no write endpoint without --allow-ingest");
    let r = request(a, "DELETE", "/api/events", &[], b"");
    assert_eq!(r.status, 405);

    // security headers on pages and API
    for path in ["/", "/api/summary", "/assets/app.js"] {
        let r = get(a, path);
        assert_eq!(r.status, 200, "{path}");
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(
            csp.contains("default-src 'self'")
                && csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
    let page = get(a, "/").text();
    assert!(
        !page.contains("<script>") && page.contains("<script src=\"/assets/app.js\""),
        "no inline script"
    );
    let spec = get_json(a, "/api/openapi.json");
    assert_eq!(spec["openapi"], "3.0.3");
    for p in [
        "/api/events",
        "/api/events/{id}",
        "/api/documents/{id}",
        "/api/actors",
        "/api/dyads",
        "/api/dyad",
        "/api/timeline",
        "/api/clusters",
        "/api/clusters/{id}",
        "/api/code",
        "/api/ingest",
    ] {
        assert!(spec["paths"].get(p).is_some(), "{p} undocumented");
    }
}

#[test]
fn pagination_by_cursor_and_offset() {
    let Some(s) = serve(|_| {}) else { return };
    let a = &addr(&s);
    let all = get_json(a, "/api/events?source=USA&limit=500&count=true");
    let total = all["total"].as_i64().unwrap() as usize;
    let ids: Vec<i64> = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert!(
        total > 30 && total == ids.len(),
        "total {total}, got {}",
        ids.len()
    );
    // newest event date first, then id
    let keys: Vec<(String, i64)> = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event_date"].as_str().unwrap_or("").to_string(),
                e["id"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] > w[1]), "order");
    let mut paged = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            None => "/api/events?source=USA&limit=7".to_string(),
            Some(c) => format!("/api/events?source=USA&limit=7&cursor={c}"),
        };
        let r = get_json(a, &path);
        let page: Vec<i64> = r["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect();
        assert!(page.len() <= 7);
        paged.extend(page);
        match r["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(paged, ids, "cursor pages = one big page");
    let r = get_json(a, "/api/events?source=USA&limit=5&offset=10");
    let page: Vec<i64> = r["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert_eq!(page, ids[10..15].to_vec());
}

#[test]
fn documents_events_clusters_and_dyads() {
    let Some(s) = serve(|_| {}) else { return };
    let a = &addr(&s);
    let id = demo_doc(a);
    let doc = get_json(a, &format!("/api/documents/{id}"));
    let text = doc["text"].as_str().unwrap();
    assert_eq!(doc["published"], "2025-06-23");
    let evs = doc["events"].as_array().unwrap();
    assert_eq!(evs.len() as i64, doc["n_events"].as_i64().unwrap());
    assert!(evs.len() >= 8, "{}", evs.len());
    for ev in evs {
        assert_eq!(
            slice_chars(
                text,
                ev["trigger"]["start"].as_u64().unwrap() as usize,
                ev["trigger"]["end"].as_u64().unwrap() as usize
            ),
            ev["trigger"]["text"].as_str().unwrap()
        );
        for side in ["source", "target"] {
            for act in ev[side].as_array().unwrap() {
                let (s, e) = (
                    act["start"].as_u64().unwrap() as usize,
                    act["end"].as_u64().unwrap() as usize,
                );
                assert!(s < e && e <= text.chars().count(), "{act}");
                if !act["how"].as_str().unwrap_or("").contains("coreference") {
                    assert_eq!(
                        slice_chars(text, s, e),
                        act["text"].as_str().unwrap(),
                        "{act}"
                    );
                }
            }
        }
    }
    // the appeal attributed to Reuters' anonymous source
    let reuters = evs
        .iter()
        .find(|e| {
            e["attribution"]["outlet"]["name"] == "Reuters" && e["attribution"]["anonymous"] == true
        })
        .expect("an event attributed to Reuters' anonymous source");
    assert!(
        codes(&reuters["source"]).contains(&"IRN".to_string()),
        "{reuters}"
    );
    // REQUEST IRN -> RUS, and the Putin ACCUSE of Israel
    assert!(evs.iter().any(|e| e["event"] == "REQUEST"
        && codes(&e["source"]) == ["IRN"]
        && codes(&e["target"]).contains(&"RUS".to_string())));
    assert!(evs.iter().any(|e| e["event"] == "ACCUSE"
        && codes(&e["source"]) == ["RUS"]
        && codes(&e["target"]) == ["ISR"]));

    // one event, with the other reports of its cluster
    let clusters = get_json(a, "/api/clusters?limit=5");
    let cl = clusters["clusters"].as_array().unwrap();
    assert!(!cl.is_empty());
    for c in cl {
        assert!(c["n_documents"].as_i64().unwrap() >= 2, "{c}");
        assert_eq!(
            c["events"].as_array().unwrap().len() as i64,
            c["n_mentions"].as_i64().unwrap().min(50)
        );
    }
    let cid = cl[0]["id"].as_i64().unwrap();
    let full = get_json(a, &format!("/api/clusters/{cid}"));
    assert!(full["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["cluster"]["id"] == cid));
    let first = full["events"][0]["id"].as_i64().unwrap();
    let ev = get_json(a, &format!("/api/events/{first}"));
    let others = ev["other_reports"].as_array().unwrap();
    assert_eq!(
        others.len() as i64,
        full["n_mentions"].as_i64().unwrap() - 1
    );
    assert!(others
        .iter()
        .all(|o| o["cluster"]["id"] == cid && o["id"] != first));

    // the dyad series agrees with the events it counts
    let ser = get_json(a, "/api/dyad?a=USA&b=SYR&bucket=week");
    let series = ser["series"].as_array().unwrap();
    assert!(!series.is_empty());
    let n: i64 = series.iter().map(|p| p["n"].as_i64().unwrap()).sum();
    assert_eq!(ser["totals"]["n"].as_i64().unwrap(), n);
    let count = get_json(
        a,
        "/api/events?pair=USA,SYR&negated=false&hypothetical=false&count=true&limit=500",
    );
    assert_eq!(
        count["total"].as_i64().unwrap(),
        n,
        "series total = asserted events of the pair"
    );
    let gsum: f64 = count["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["goldstein"].as_f64().unwrap())
        .sum();
    assert!((ser["totals"]["goldstein_sum"].as_f64().unwrap() - gsum).abs() < 0.01);
    let mean = ser["totals"]["goldstein_mean"].as_f64().unwrap();
    assert!((mean - gsum / n as f64).abs() < 0.01);
    for p in series {
        let by_type: i64 = p["by_type"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_i64().unwrap())
            .sum();
        assert_eq!(by_type, p["n"].as_i64().unwrap());
        assert_eq!(
            p["a_to_b"].as_i64().unwrap() + p["b_to_a"].as_i64().unwrap(),
            p["n"].as_i64().unwrap()
        );
        let day = p["period"].as_str().unwrap();
        let d = dyad_core::dates::Date::parse(day).unwrap();
        assert_eq!(
            d.day_number().rem_euclid(7),
            4,
            "{day} is a Monday (1970-01-01 was a Thursday)"
        );
    }
    let ab = get_json(a, "/api/dyad?a=USA&b=SYR&bucket=month&direction=ab");
    assert_eq!(ab["totals"]["b_to_a"], 0);

    // aggregates
    let dy = get_json(a, "/api/dyads?limit=10");
    let top = &dy["dyads"][0];
    assert!(top["n"].as_i64().unwrap() >= dy["dyads"][1]["n"].as_i64().unwrap());
    let act = get_json(a, "/api/actors?limit=5");
    assert_eq!(act["actors"].as_array().unwrap().len(), 5);
    assert!(act["actors"][0]["name"].is_string());
    let tl = get_json(a, "/api/timeline?bucket=month&from=2018&to=2018");
    let tl_n: i64 = tl["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["n"].as_i64().unwrap())
        .sum();
    let c = get_json(
        a,
        "/api/events?from=2018&to=2018&negated=false&hypothetical=false&count=true&limit=1",
    );
    assert_eq!(tl_n, c["total"].as_i64().unwrap());
}

#[test]
fn code_endpoint_and_body_limit() {
    let Some(s) = serve(|_| {}) else { return };
    let a = &addr(&s);
    let samples = samples().unwrap();
    let text = std::fs::read_to_string(samples.join("000_9096d89438f5190f.txt")).unwrap();
    let r = post_json(a, "/api/code", &json!({"text": text, "date": "2025-06-23"}));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let evs = v["events"].as_array().unwrap();
    assert!(
        evs.iter()
            .any(|e| e["event"] == "REQUEST" && codes(&e["source"]) == ["IRN"]),
        "{v}"
    );
    assert!(v["text"].as_str().unwrap().starts_with("On Monday"));
    // plain text with ?date=
    let r = request(
        a,
        "POST",
        "/api/code?date=2025-06-23",
        &[("Content-Type", "text/plain")],
        b"Russia condemned the Israeli strikes on Iran on Monday.",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["events"][0]["event"], "ACCUSE");
    // nothing was stored
    assert_eq!(get_json(a, "/api/summary")["documents"], 251);
    // over 1 MiB: 413 with a JSON error
    let big = "a".repeat((1 << 20) + 10);
    let r = request(
        a,
        "POST",
        "/api/code",
        &[("Content-Type", "text/plain")],
        big.as_bytes(),
    );
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("limit"));
    for (body, needle) in [
        (&b"{not json"[..], "not JSON"),
        (b"{\"txt\": \"a\"}", "'text'"),
        (b"{\"text\": \"   \"}", "empty"),
        (b"{\"text\": \"x\", \"date\": \"soon\"}", "'date'"),
    ] {
        let r = request(
            a,
            "POST",
            "/api/code",
            &[("Content-Type", "application/json")],
            body,
        );
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(
            r.json()["error"].as_str().unwrap().contains(needle),
            "{}",
            r.text()
        );
    }
    let r = get(a, "/api/code");
    assert_eq!(r.status, 405);
}

#[test]
fn ingest_needs_the_flag_and_the_token() {
    let Some(db) = store() else { return };
    let dir = temp_dir("web-ingest");
    let copy = dir.join("copy.db");
    std::fs::copy(db, &copy).unwrap();
    let token = "test-token-0123456789abcdef";
    let mut cfg = dyad_web::Config::new(copy.clone());
    cfg.allow_ingest = true;
    // refused without a token
    assert!(dyad_web::spawn(cfg.clone(), "127.0.0.1:0".parse().unwrap())
        .err()
        .unwrap()
        .contains("token"));
    cfg.token = Some(token.into());
    cfg.max_ingest_bytes = 4096;
    let s = dyad_web::spawn(cfg, "127.0.0.1:0".parse().unwrap()).unwrap();
    let a = &s.addr.to_string();
    let line = br#"{"id": "api-1", "date": "2025-07-01", "outlet": "Wire", "text": "Turkey threatened to attack Kurdish militias in Syria on Tuesday."}"#;
    let nd = ("Content-Type", "application/x-ndjson");
    let r = request(a, "POST", "/api/ingest", &[nd], line);
    assert_eq!(r.status, 401, "{}", r.text());
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    let r = request(
        a,
        "POST",
        "/api/ingest",
        &[nd, ("Authorization", "Bearer wrong-token-0123456789abcde")],
        line,
    );
    assert_eq!(r.status, 401);
    let auth = format!("Bearer {token}");
    let r = request(
        a,
        "POST",
        "/api/ingest",
        &[nd, ("Authorization", &auth)],
        line,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["new"], 1, "{v}");
    assert!(v["events"].as_i64().unwrap() >= 1, "{v}");
    let doc = v["documents"][0]["id"].as_i64().unwrap();
    let stored = get_json(a, &format!("/api/documents/{doc}"));
    assert_eq!(stored["outlet"], "Wire");
    assert_eq!(stored["events"][0]["event"], "THREATEN");
    // the summary cache sees the new document
    assert_eq!(get_json(a, "/api/summary")["documents"], 252);
    let r = request(
        a,
        "POST",
        "/api/ingest",
        &[nd, ("Authorization", &auth)],
        line,
    );
    assert_eq!(r.json()["duplicates"], 1);
    // plain text needs ?id=
    let r = request(
        a,
        "POST",
        "/api/ingest",
        &[("Authorization", &auth)],
        b"Some text.",
    );
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("'id'"));
    let r = request(
        a,
        "POST",
        "/api/ingest",
        &[nd, ("Authorization", &auth)],
        &vec![b'x'; 5000],
    );
    assert_eq!(r.status, 413);
    drop(s);
    let st = dyad_store::Store::open_existing(&copy).unwrap();
    assert!(st.check().unwrap().is_empty());
}

#[test]
fn bad_store_paths_are_named() {
    let dir = temp_dir("web-bad");
    let missing = dir.join("missing.db");
    let e = dyad_web::App::new(dyad_web::Config::new(missing.clone()))
        .err()
        .unwrap();
    assert!(
        e.contains("missing.db") && e.contains("no such store"),
        "{e}"
    );
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"this is not a database at all, just some bytes ...........................................................").unwrap();
    let e = dyad_web::App::new(dyad_web::Config::new(junk))
        .err()
        .unwrap();
    assert!(e.contains("junk.db"), "{e}");
    // the CLI says it too
    let out = std::process::Command::new(DYAD)
        .args(["serve", "--db"])
        .arg(&missing)
        .args(["--addr", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such store"));
    let out = std::process::Command::new(DYAD)
        .args(["serve", "--addr", "localhost"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("--addr"));
}

#[test]
fn connections_are_read_only() {
    let Some(db) = store() else { return };
    let d = std::sync::Arc::new(dyad_web::db::Db::open(db, 2).unwrap());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let r = rt.block_on(d.run(std::time::Duration::from_secs(5), |c| {
        Ok(c.execute("DELETE FROM events", [])
            .map_err(|e| e.to_string()))
    }));
    let e = r.unwrap().unwrap_err();
    assert!(
        e.contains("readonly") || e.contains("read-only") || e.contains("query_only"),
        "{e}"
    );
}

#[test]
fn every_query_plan_gives_the_same_pages() {
    use dyad_web::query::{events_page_with, Cursor, Driver, EventFilter};
    let Some(db) = store() else { return };
    let d = std::sync::Arc::new(dyad_web::db::Db::open(db, 2).unwrap());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for q in [
        "source=USA",
        "source=USA&target=SYR",
        "actor=RUS&event=ASSAULT",
        "pair=USA,SYR&negated=false",
        "pair=TUR,SYR&event=ASSAULT&from=2018",
        "text=Putin&actor=RUS",
        "outlet=Guardian&source=TUR&quad=4",
        "target=IRN&hypothetical=true",
    ] {
        let p = dyad_web::params::Params::parse(Some(q), dyad_web::query::FILTER_PARAMS).unwrap();
        let f = EventFilter::parse(&p, false, true).unwrap();
        let pages = rt
            .block_on(d.run(std::time::Duration::from_secs(20), move |c| {
                let mut out = Vec::new();
                for drv in [
                    Driver::Any,
                    Driver::Date,
                    Driver::Source,
                    Driver::Target,
                    Driver::Actor,
                    Driver::Pair,
                    Driver::Text,
                    Driver::Outlet,
                ] {
                    // three pages of 4 by cursor, and one by offset
                    let mut ids = Vec::new();
                    let mut cursor: Option<Cursor> = None;
                    for _ in 0..3 {
                        let (evs, next) = events_page_with(c, &f, cursor.as_ref(), 0, 4, drv)?;
                        ids.extend(evs.iter().map(|e| e["id"].as_i64().unwrap()));
                        match next {
                            Some(n) => cursor = Some(Cursor::parse(&n)?),
                            None => break,
                        }
                    }
                    let (evs, _) = events_page_with(c, &f, None, 2, 5, drv)?;
                    ids.extend(evs.iter().map(|e| e["id"].as_i64().unwrap()));
                    out.push((drv, ids));
                }
                Ok(out)
            }))
            .unwrap();
        assert!(!pages[0].1.is_empty(), "{q}: no events");
        for (drv, ids) in &pages[1..] {
            assert_eq!(ids, &pages[0].1, "{q}: driver {drv:?} differs");
        }
    }
}
