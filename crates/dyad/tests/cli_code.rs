//! The `dyad code` and `dyad actors` command-line contract.
use std::io::Write;
use std::process::{Command, Stdio};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn tmp(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dyad-cli-{}-{}", std::process::id(), name));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn jsonl_output_keeps_input_order_and_reports_bad_lines() {
    let p = tmp("in.jsonl", concat!(
        "{\"id\": \"a\", \"date\": \"2024-03-07\", \"text\": \"Egypt condemned Israel.\"}\n",
        "{\"id\": \"b\", \"text\": \n",
        "{\"id\": \"c\", \"date\": \"2024-03-07\", \"text\": \"Japan will provide aid to Turkey.\"}\n",
        "{\"id\": \"d\", \"date\": \"March 7\", \"text\": \"x\"}\n",
    ));
    let out = dyad()
        .args(["code", "--threads", "2"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "a malformed line makes the exit status non-zero"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("in.jsonl:2"), "{stderr}");
    assert!(stderr.contains("in.jsonl:4"), "{stderr}");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["events"][0]["event"], "ACCUSE");
    assert!(lines[1]["error"].as_str().unwrap().contains(":2"));
    assert_eq!(lines[2]["id"], "c");
    assert_eq!(lines[2]["events"][0]["event"], "AGREE");
    assert_eq!(lines[3]["id"], "d");
    assert!(lines[3]["error"].is_string());
}

#[test]
fn text_from_stdin_and_with_text() {
    let mut child = dyad()
        .args(["code", "--date", "2025-06-23", "--with-text", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("On Monday, Iran’s president met Putin in Moscow.".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "-");
    let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    let e = &v["events"][0];
    let (s, t) = (
        e["trigger"]["start"].as_u64().unwrap() as usize,
        e["trigger"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        text[s..t].iter().collect::<String>(),
        e["trigger"]["text"].as_str().unwrap()
    );
    assert_eq!(e["event_date"], "2025-06-23");
}

#[test]
fn unreadable_file_is_an_error_record() {
    let out = dyad()
        .args(["code", "/nonexistent/dir/story.txt"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/dir/story.txt"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["error"].is_string());
}

#[test]
fn actors_lookup_check_and_stats() {
    let out = dyad()
        .args(["actors", "Araghchi", "--date", "2025-06-23"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("IRN") && s.contains("Abbas Araghchi"), "{s}");
    let out = dyad().args(["actors", "--check"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = dyad().args(["actors", "--stats"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("person-office entries"));
    let out = dyad()
        .args(["actors", "Zzyzx Qwerty", "--date", "2025-06-23"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = dyad()
        .args(["actors", "Putin", "--date", "2025-13-45"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn html_input_goes_through_the_extractor() {
    let page = "<html><head><title>x</title><meta property=\"article:published_time\" content=\"2024-05-02T10:00:00Z\"></head>\
        <body><nav>Home | World | Sport</nav><article><h1>Talks</h1><p>Egypt condemned Israel on Wednesday over the raid on Rafah, officials said.</p>\
        <p>Cairo also urged Washington to press for a ceasefire, according to the state news agency MENA.</p></article>\
        <footer>Cookie settings. Subscribe now.</footer></body></html>";
    let p = tmp("page.html", page);
    let out = dyad().arg("code").arg(&p).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "page.html", "the id of a file is its name");
    assert_eq!(
        v["date"], "2024-05-02",
        "publication date from the page's metadata"
    );
    let events = v["events"].as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e["event"] == "ACCUSE" && e["event_date"] == "2024-05-01"),
        "{events:?}"
    );
}

#[test]
fn document_just_over_the_size_limit_is_skipped_with_a_message() {
    let text = "Egypt condemned Israel on Tuesday. ".repeat(3); // 105 bytes
    let p = tmp("big.txt", &text);
    // at the limit: coded
    let ok = dyad()
        .args(["code", "--max-doc-bytes", &text.len().to_string()])
        .arg(&p)
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert!(v["error"].is_null() && !v["events"].as_array().unwrap().is_empty());
    // one byte under the input: an error record naming the file and the limit, exit status 1
    let over = dyad()
        .args(["code", "--max-doc-bytes", &(text.len() - 1).to_string()])
        .arg(&p)
        .output()
        .unwrap();
    assert!(!over.status.success());
    let err = String::from_utf8_lossy(&over.stderr);
    assert!(
        err.contains("big.txt") && err.contains("document limit"),
        "{err}"
    );
    let v: serde_json::Value = serde_json::from_slice(&over.stdout).unwrap();
    assert!(v["error"].as_str().unwrap().contains("document limit"));
    // a JSONL line over the limit is skipped, the next line is still coded
    let short = "{\"id\": \"s\", \"text\": \"Egypt condemned Israel.\"}";
    let long = format!("{{\"id\": \"l\", \"text\": \"{text}\"}}");
    let p = tmp("mixed.jsonl", &format!("{long}\n{short}\n"));
    let out = dyad()
        .args(["code", "--max-doc-bytes", &(short.len() + 1).to_string()])
        .arg(&p)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["error"]
        .as_str()
        .unwrap()
        .contains("mixed.jsonl:1"));
    assert_eq!(lines[1]["id"], "s");
    assert!(lines[1]["error"].is_null());
}
