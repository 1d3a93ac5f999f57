//! Query-string parsing. Every error names the parameter; unknown and repeated parameters are
//! refused, so that a typo (`sorce=USA`) is an error rather than a silently unfiltered answer.

use crate::http::ApiError;

/// The decoded `name=value` pairs of a query string.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

/// `%XX` and `+` decoding; invalid escapes are kept as written; invalid UTF-8 is an error.
fn decode(s: &str, what: &str) -> Result<String, ApiError> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let h = |c: u8| (c as char).to_digit(16);
                match (h(b[i + 1]), h(b[i + 2])) {
                    (Some(x), Some(y)) => {
                        out.push((x * 16 + y) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| {
        ApiError::bad(format!(
            "parameter {what}: not valid UTF-8 after percent-decoding"
        ))
    })
}

impl Params {
    /// Parses a query string, accepting only the names in `allowed`.
    pub fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in query.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let k = decode(k, "name")?;
            let v = decode(v, &format!("'{k}'"))?;
            if !allowed.contains(&k.as_str()) {
                let shown: String = k.chars().take(40).collect();
                return Err(ApiError::bad(format!(
                    "unknown parameter '{shown}' (known here: {})",
                    allowed.join(", ")
                )));
            }
            if pairs.iter().any(|(n, _)| *n == k) {
                return Err(ApiError::bad(format!(
                    "parameter '{k}' given more than once"
                )));
            }
            pairs.push((k, v));
        }
        Ok(Params { pairs })
    }

    /// The trimmed value; an empty value counts as absent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    pub fn int(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(ApiError::bad(format!(
                    "parameter '{name}': expected an integer from {min} to {max}, got {}",
                    shown(v)
                ))),
            },
        }
    }

    /// `true`/`false` (also 1/0, yes/no); `any` (and absence) is None.
    pub fn tristate(&self, name: &str) -> Result<Option<bool>, ApiError> {
        match self.get(name).map(|v| v.to_ascii_lowercase()) {
            None => Ok(None),
            Some(v) => match v.as_str() {
                "true" | "1" | "yes" => Ok(Some(true)),
                "false" | "0" | "no" => Ok(Some(false)),
                "any" => Ok(None),
                _ => Err(ApiError::bad(format!(
                    "parameter '{name}': expected true, false or any, got {}",
                    shown(&v)
                ))),
            },
        }
    }

    /// The parameters with a value, sorted: equal for query strings that mean the same
    /// (order, empty values, percent-encoding), so it keys the cache of aggregates.
    pub fn canonical(&self) -> String {
        let mut v: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.trim()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        v.sort();
        v.iter()
            .map(|(k, v)| format!("{k}={v:?}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// An actor code (USA, IRN, UNO, IGO...): letters and digits, upper-cased.
    pub fn code(&self, name: &str) -> Result<Option<String>, ApiError> {
        self.get(name).map(|v| actor_code(name, v)).transpose()
    }

    /// A date or a date prefix: YYYY, YYYY-MM or YYYY-MM-DD.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if is_date_prefix(v) => Ok(Some(v.to_string())),
            Some(v) => Err(ApiError::bad(format!(
                "parameter '{name}': expected YYYY, YYYY-MM or YYYY-MM-DD, got {}",
                shown(v)
            ))),
        }
    }

    /// One of a fixed set of words.
    pub fn choice<'a>(
        &self,
        name: &str,
        choices: &[&'a str],
        default: &'a str,
    ) -> Result<&'a str, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => choices
                .iter()
                .find(|c| c.eq_ignore_ascii_case(v))
                .copied()
                .ok_or_else(|| {
                    ApiError::bad(format!(
                        "parameter '{name}': expected one of {}, got {}",
                        choices.join(", "),
                        shown(v)
                    ))
                }),
        }
    }
}

pub fn actor_code(name: &str, v: &str) -> Result<String, ApiError> {
    if !v.is_empty() && v.len() <= 16 && v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(v.to_ascii_uppercase())
    } else {
        Err(ApiError::bad(format!(
            "parameter '{name}': expected an actor code such as USA or UNO, got {}",
            shown(v)
        )))
    }
}

/// The value as shown in an error message: quoted, at most 40 characters.
pub fn shown(v: &str) -> String {
    let s: String = v.chars().take(40).collect();
    if s.len() < v.len() {
        format!("{:?}...", s)
    } else {
        format!("{s:?}")
    }
}

pub fn is_date_prefix(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let month_ok = |m: &[u8]| {
        matches!(
            std::str::from_utf8(m)
                .ok()
                .and_then(|s| s.parse::<u32>().ok()),
            Some(1..=12)
        )
    };
    let day_ok = |d: &[u8]| {
        matches!(
            std::str::from_utf8(d)
                .ok()
                .and_then(|s| s.parse::<u32>().ok()),
            Some(1..=31)
        )
    };
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7) && month_ok(&b[5..7]),
        10 => {
            digits(0..4)
                && b[4] == b'-'
                && digits(5..7)
                && b[7] == b'-'
                && digits(8..10)
                && month_ok(&b[5..7])
                && day_ok(&b[8..10])
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_refuses_unknown_or_repeated() {
        let p = Params::parse(
            Some("source=usa&text=Iran+talks%21&limit=5"),
            &["source", "text", "limit"],
        )
        .unwrap();
        assert_eq!(p.code("source").unwrap().as_deref(), Some("USA"));
        assert_eq!(p.get("text"), Some("Iran talks!"));
        assert_eq!(p.int("limit", 1, 10).unwrap(), Some(5));
        let e = Params::parse(Some("sorce=USA"), &["source"]).unwrap_err();
        assert!(e.msg.contains("'sorce'"), "{}", e.msg);
        let e = Params::parse(Some("a=1&a=2"), &["a"]).unwrap_err();
        assert!(e.msg.contains("more than once"));
        assert!(Params::parse(Some("a=%ff"), &["a"]).is_err());
        let k = |q| {
            Params::parse(Some(q), &["a", "b", "c"])
                .unwrap()
                .canonical()
        };
        assert_eq!(k("b=2&a=x+y&c="), k("a=x%20y&b=2"));
        assert_ne!(k("a=1&b=2"), k("a=12"));
        assert_eq!(
            Params::parse(Some("a=%zz%4"), &["a"]).unwrap().get("a"),
            Some("%zz%4")
        );
    }

    #[test]
    fn validates_values() {
        let p = Params::parse(
            Some("limit=x&from=2019-13&to=2019-04&source=U%20S"),
            &["limit", "from", "to", "source"],
        )
        .unwrap();
        assert!(p.int("limit", 1, 10).unwrap_err().msg.contains("'limit'"));
        assert!(p.date("from").unwrap_err().msg.contains("'from'"));
        assert_eq!(p.date("to").unwrap().as_deref(), Some("2019-04"));
        assert!(p.code("source").unwrap_err().msg.contains("'source'"));
    }
}
