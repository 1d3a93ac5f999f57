//! Minimal reader for the knowledge base's TSV files: header line, `#` comments,
//! `|`-separated lists. Errors name the file and line.

use std::fmt;

#[derive(Debug, Clone)]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub msg: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "data/{}:{}: {}", self.file, self.line, self.msg)
        } else {
            write!(f, "data/{}: {}", self.file, self.msg)
        }
    }
}

impl std::error::Error for DataError {}

pub struct Row<'a> {
    pub file: &'a str,
    pub line: usize,
    header: &'a [&'a str],
    cols: Vec<&'a str>,
}

impl<'a> Row<'a> {
    pub fn get(&self, name: &str) -> &'a str {
        match self.header.iter().position(|h| *h == name) {
            Some(i) => self.cols.get(i).copied().unwrap_or(""),
            None => "",
        }
    }
    pub fn list(&self, name: &str) -> Vec<&'a str> {
        split_list(self.get(name))
    }
    pub fn err(&self, msg: impl Into<String>) -> DataError {
        DataError {
            file: self.file.to_string(),
            line: self.line,
            msg: msg.into(),
        }
    }
}

pub fn split_list(s: &str) -> Vec<&str> {
    s.split('|')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect()
}

/// Parse a TSV file, checking that the header is exactly `expected` and every row has that many fields.
pub fn parse<'a>(
    file: &'a str,
    content: &'a str,
    expected: &'a [&'a str],
) -> Result<Vec<Row<'a>>, DataError> {
    let mut rows = Vec::new();
    let mut seen_header = false;
    for (n, line) in content.lines().enumerate() {
        let line_no = n + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        // fields split at tabs in one pass over the bytes (the tab is ASCII, so every cut is
        // on a character boundary)
        let mut cols: Vec<&str> = Vec::with_capacity(expected.len());
        let mut from = 0;
        for (k, &c) in line.as_bytes().iter().enumerate() {
            if c == b'\t' {
                cols.push(&line[from..k]);
                from = k + 1;
            }
        }
        cols.push(&line[from..]);
        if !seen_header {
            if cols != expected {
                return Err(DataError {
                    file: file.into(),
                    line: line_no,
                    msg: format!("header is {:?}, expected {:?}", cols, expected),
                });
            }
            seen_header = true;
            continue;
        }
        if cols.len() != expected.len() {
            return Err(DataError {
                file: file.into(),
                line: line_no,
                msg: format!(
                    "{} fields, expected {} ({})",
                    cols.len(),
                    expected.len(),
                    expected.join(", ")
                ),
            });
        }
        rows.push(Row {
            file,
            line: line_no,
            header: expected,
            cols,
        });
    }
    if !seen_header {
        return Err(DataError {
            file: file.into(),
            line: 0,
            msg: "no header line".into(),
        });
    }
    Ok(rows)
}
