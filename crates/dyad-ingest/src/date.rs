//! Normalising the date strings found in pages and feeds to `YYYY-MM-DD`.
//!
//! The calendar date is kept as written by the publisher (a time-zone offset is not applied),
//! which is the date a reader of the page saw.

use dyad_core::dates::{days_in_month, Date};

/// Normalises a date/time string to `YYYY-MM-DD`, or `None` when it is not recognisably
/// a single calendar date. Understands ISO 8601 / RFC 3339 (`2019-11-19T08:30:00-05:00`,
/// `2019/11/19`, `20191119`), RFC 2822 (`Tue, 19 Nov 2019 08:30:00 GMT`), English month
/// names (`November 19, 2019`, `19 Nov. 2019`), `19.11.2019`, unambiguous `dd/mm/yyyy` or
/// `mm/dd/yyyy`, and Unix timestamps in seconds or milliseconds.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    iso(s)
        .or_else(|| timestamp(s))
        .or_else(|| numeric_dmy(s))
        .or_else(|| named_month(s))
        .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

fn valid(y: i64, m: i64, d: i64) -> Option<(i64, i64, i64)> {
    if !(1900..=2100).contains(&y)
        || !(1..=12).contains(&m)
        || d < 1
        || d > i64::from(days_in_month(y, m as u32))
    {
        return None;
    }
    Some((y, m, d))
}

fn digits(s: &[u8]) -> Option<i64> {
    if s.is_empty() || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(s).ok()?.parse().ok()
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD`, each optionally followed by a
/// time part (`T`, space, `_`).
fn iso(s: &str) -> Option<(i64, i64, i64)> {
    let b = s.as_bytes();
    if b.len() >= 10 && matches!(b[4], b'-' | b'/' | b'.') && b[7] == b[4] {
        let rest = &b[10..];
        if rest.first().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        return valid(digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
    }
    if b.len() >= 8
        && b[..8].iter().all(u8::is_ascii_digit)
        && (b.len() == 8 || matches!(b[8], b'T' | b' ' | b'_'))
    {
        return valid(digits(&b[0..4])?, digits(&b[4..6])?, digits(&b[6..8])?);
    }
    None
}

/// Unix time in seconds (9-10 digits) or milliseconds (12-13 digits).
fn timestamp(s: &str) -> Option<(i64, i64, i64)> {
    if !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: i64 = s.parse().ok()?;
    let secs = match s.len() {
        9 | 10 => v,
        12 | 13 => v / 1000,
        _ => return None,
    };
    let d = Date::from_day_number(secs.div_euclid(86_400));
    valid(i64::from(d.year), i64::from(d.month), i64::from(d.day))
}

/// `19.11.2019` (day first), `19/11/2019` or `11/19/2019` when unambiguous.
fn numeric_dmy(s: &str) -> Option<(i64, i64, i64)> {
    let head = s
        .split(|c: char| c.is_whitespace() || c == 'T' || c == ',')
        .next()?;
    for sep in ['.', '/', '-'] {
        let parts: Vec<&str> = head.split(sep).collect();
        if parts.len() != 3 || parts[2].len() != 4 || parts[0].len() > 2 || parts[1].len() > 2 {
            continue;
        }
        let a = digits(parts[0].as_bytes())?;
        let b = digits(parts[1].as_bytes())?;
        let y = digits(parts[2].as_bytes())?;
        if sep == '.' || a > 12 {
            return valid(y, b, a);
        }
        if b > 12 {
            return valid(y, a, b);
        }
        if a == b {
            return valid(y, a, b);
        }
        return None; // ambiguous day/month order
    }
    None
}

fn month_number(w: &str) -> Option<i64> {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) && (w.len() == 3 || w.len() == m.len()))
        .map(|i| i as i64 + 1)
}

/// Dates with an English month name: `Tue, 19 Nov 2019 ...`, `November 19, 2019`,
/// `Nov. 19th 2019`, `19 November 2019`.
fn named_month(s: &str) -> Option<(i64, i64, i64)> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .take(8)
        .collect();
    let num = |w: &str| -> Option<i64> {
        let w = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        digits(w.as_bytes())
    };
    for (i, w) in words.iter().enumerate() {
        let Some(m) = month_number(w) else { continue };
        // Month Day Year
        if let (Some(d), Some(y)) = (
            words.get(i + 1).and_then(|w| num(w)),
            words.get(i + 2).and_then(|w| num(w)),
        ) {
            if y >= 1000 {
                return valid(y, m, d);
            }
        }
        // Day Month Year
        if i > 0 {
            if let (Some(d), Some(y)) = (num(words[i - 1]), words.get(i + 1).and_then(|w| num(w))) {
                if y >= 1000 {
                    return valid(y, m, d);
                }
            }
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::normalize_date as n;

    #[test]
    fn formats() {
        assert_eq!(
            n("2019-11-19T23:30:00-05:00").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(n("2019-11-19").as_deref(), Some("2019-11-19"));
        assert_eq!(n("2019/11/19 10:00").as_deref(), Some("2019-11-19"));
        assert_eq!(n("20191119").as_deref(), Some("2019-11-19"));
        assert_eq!(
            n("Tue, 19 Nov 2019 08:30:00 GMT").as_deref(),
            Some("2019-11-19")
        );
        assert_eq!(n("November 19, 2019").as_deref(), Some("2019-11-19"));
        assert_eq!(n("Nov. 19th, 2019 5:45 AM").as_deref(), Some("2019-11-19"));
        assert_eq!(n("19 September 2019").as_deref(), Some("2019-09-19"));
        assert_eq!(n("19.11.2019").as_deref(), Some("2019-11-19"));
        assert_eq!(n("19/11/2019").as_deref(), Some("2019-11-19"));
        assert_eq!(n("11/19/2019").as_deref(), Some("2019-11-19"));
        assert_eq!(n("1574150400").as_deref(), Some("2019-11-19"));
        assert_eq!(n("1574150400000").as_deref(), Some("2019-11-19"));
    }

    #[test]
    fn rejects() {
        for s in [
            "",
            "05/10/2018",
            "2019-13-01",
            "2019-02-30",
            "yesterday",
            "Mayday 2019",
            "123",
            "2019-11-1912",
        ] {
            assert_eq!(n(s), None, "{s}");
        }
        assert_eq!(n("2020-02-29").as_deref(), Some("2020-02-29"));
    }
}
