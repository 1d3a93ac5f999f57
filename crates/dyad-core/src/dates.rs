//! Temporal expressions in English news text, resolved against the article's
//! publication date.
//!
//! `find_dates` tokenizes the text once (a streaming tokenizer with a bounded
//! window, so memory stays constant on huge inputs) and, at every token, tries a
//! small set of hand-written matchers that each look at most a fixed number of
//! tokens ahead or behind. There are no regexes and no backtracking beyond that
//! fixed window, so the scan is linear in the input. Matches are reported left
//! to right; at any position the longest match wins and matched tokens are
//! consumed, so mentions never overlap.
//!
//! # What is resolved
//!
//! | expression | result |
//! |---|---|
//! | `Monday`, `on Monday`, `early Monday`, `Monday night` | most recent Monday on or before publication (0..=6 days back), Day |
//! | `last Monday`, `this past Monday` | most recent Monday *strictly* before publication (1..=7 days back), Day |
//! | `this Monday` | the Monday of the publication's Monday-Sunday week, Day |
//! | `next Monday` | first Monday strictly after publication, Day |
//! | `Monday last week` / `this week` / `next week` | that weekday in that week, Day |
//! | `Monday, June 23[, 2025]`, `Monday 23 June` | the explicit date (weekday helps pick the year), Day |
//! | `today`, `tonight`, `this morning/afternoon/evening`, `earlier today` | publication date, Day |
//! | `yesterday`, `last night` (`yesterday morning`, ...) | -1 day, Day |
//! | `tomorrow` | +1 day; `the day before yesterday` -2, `the day after tomorrow` +2 |
//! | `this week`, `earlier this week`, `later this week` | Monday of the publication week, Week |
//! | `last week` / `next week` | Monday of the previous / next week, Week |
//! | `the weekend` (after over/at/during/on/throughout), `this weekend`, `this past weekend` | Saturday of the most recent weekend on or before publication, **Day** |
//! | `last weekend` | as above, but if published on Sat/Sun the weekend before that, Day |
//! | `next weekend` | first Saturday strictly after publication, Day |
//! | `this month`, `earlier/later this month`, `last month`, `next month` | first of that month, Month |
//! | `this year`, `last year`, `next year`, `late last year`, ... | January 1st, Year |
//! | `June 23`, `23 June`, `June 23rd`, `the 23rd of June`, `Jan. 5`, `Sept 12` | Day; year = the one (pub-1, pub, pub+1) giving the date closest to publication |
//! | `June 23, 2025`, `23 June 2025`, `2025-06-23` | Day (no publication date needed) |
//! | `June 2024`, `June of 2024`, `mid-June 2024` | Month (no publication date needed) |
//! | `in June`, `since June`, `early June`, `mid-August`, `late June` | Month; year = most recent past (publication year, or the previous year if the month is after the publication month) |
//! | `last June` / `this June` / `next June` | most recent strictly-earlier June / June of the publication year / first June after the publication month |
//! | `in 2018`, `during 2018`, `of 2018`, `since 2018`, `mid-2018`, `early 2018`, bare `2018` | Year |
//! | `N days/weeks/months/years ago` (digits, `a`/`an`, `one`..`twenty`) | Day / Week (its Monday) / Month (its 1st) / Year (Jan 1st) |
//!
//! # Design decisions
//!
//! * Spans exclude leading prepositions (`on`, `in`, `over`, ...), but include
//!   modifiers (`last`, `this`, `next`, `early`, `late`, `mid-`, `earlier`,
//!   `later`) and trailing parts of the day (`Monday night`, `yesterday morning`).
//!   For "over the weekend" the mention text is `the weekend`.
//! * Weekends resolve to the **Saturday**, with **Day** precision.
//! * Month names must start with an upper-case letter (`June`, `JUNE`; not
//!   `june`) and abbreviations (`Jan`, `Sept.`, ...) need a following day or
//!   year. `May` and `March` without a day/year additionally need a preceding
//!   `in/on/since/until/till/during/of` (or `early/late/mid-/last/this/next`)
//!   and must be written in Title case, so "Iran may retaliate", "Theresa May
//!   said", "a march on the capital" and "protesters march" are not dates.
//!   Other full month names without day/year need a preceding preposition
//!   such as `in/on/since/until/by/from/to/during/before/after/between/of`.
//! * Years: with a year-ish preposition (`in`, `during`, `of`, `since`, `until`,
//!   `by`, `from`, `through`, `before`, `after`, `between`) or a modifier
//!   (`early/late/mid-`) 1800-2099 are accepted; bare four-digit numbers only in
//!   1900-2099 and only when they look like years: not written with
//!   separators (`2,000`), not glued to symbols or letters (`$2019`, `#2019`,
//!   `2000km`, `2000%`, `FY2019`), not after quantifiers or reference nouns
//!   (`some 2000`, `at least 2000`, `No. 2019`, `Resolution 2019`). No
//!   four-digit number followed by a count noun, unit or clock word is a year,
//!   even after a preposition (`2000 people`, `in 2000 homes`, `1930 GMT`).
//!   `2015 to 2018` and `2017-2018` give two Year mentions.
//! * Decades (`the 1990s`, `1990's`) are skipped: there is no decade precision
//!   and reporting the year 1990 would be wrong.
//! * Slashed (`23/06/2025`) and dotted (`23.06.2025`) numeric dates are skipped
//!   as ambiguous; only ISO `YYYY-MM-DD` (years 1000-2999) is read.
//! * Without a publication date only expressions carrying a year resolve.
//!   A publication date that is not a valid calendar date in years 1..=9999 is
//!   treated as missing.
//! * Bare weekdays after "until"/"by" are still resolved backwards (the module
//!   does not know tense), as the brief specifies.

use std::sync::OnceLock;

// ---------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

/// Keeps every date produced by `add_days` within `i32` years.
const MAX_DAYS: i64 = 780_000_000_000;

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            if is_leap(y) {
                29
            } else {
                28
            }
        }
        _ => 0,
    }
}

fn mk(year: i32, month: u32, day: u32) -> Option<Date> {
    if (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year as i64, month) {
        Some(Date { year, month, day })
    } else {
        None
    }
}

/// Days since 1970-01-01 (proleptic Gregorian). Total for any field values.
fn days_from_civil(d: Date) -> i64 {
    let m = d.month as i64;
    let y = d.year as i64 - if m <= 2 { 1 } else { 0 };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d.day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> Date {
    let z = z.clamp(-MAX_DAYS, MAX_DAYS) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    Date {
        year: y as i32,
        month: m as u32,
        day: d as u32,
    }
}

impl Date {
    /// Parses `YYYY-MM-DD` (surrounding whitespace and a trailing time part
    /// introduced by `T` or a space, as in `2025-06-23T10:00:00Z`, are allowed).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.trim().as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if b.len() > 10 && b[10] != b'T' && b[10] != b' ' {
            return None;
        }
        let num = |lo: usize, hi: usize| -> Option<u32> {
            let mut v = 0u32;
            for &c in &b[lo..hi] {
                if !c.is_ascii_digit() {
                    return None;
                }
                v = v * 10 + (c - b'0') as u32;
            }
            Some(v)
        };
        mk(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)
    }

    /// `YYYY-MM-DD`.
    #[allow(clippy::inherent_to_string)]
    pub fn to_string(&self) -> String {
        let mut s = String::with_capacity(10);
        self.push_to(&mut s);
        s
    }

    /// Appends `YYYY-MM-DD` to `s`: digits written directly, as dates are formatted for
    /// every event and every role explanation.
    pub fn push_to(&self, s: &mut String) {
        if !(0..=9999).contains(&self.year) || self.month > 99 || self.day > 99 {
            s.push_str(&format!(
                "{:04}-{:02}-{:02}",
                self.year, self.month, self.day
            ));
            return;
        }
        let y = self.year as u32;
        let digits = [
            y / 1000,
            y / 100 % 10,
            y / 10 % 10,
            y % 10,
            10,
            self.month / 10,
            self.month % 10,
            10,
            self.day / 10,
            self.day % 10,
        ];
        for d in digits {
            s.push(if d == 10 {
                '-'
            } else {
                (b'0' + d as u8) as char
            });
        }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    pub fn day_number(&self) -> i64 {
        days_from_civil(*self)
    }

    /// The date `n` days after 1970-01-01 (the inverse of [`Date::day_number`]); saturates
    /// far outside any realistic range.
    pub fn from_day_number(n: i64) -> Date {
        civil_from_days(n)
    }

    /// 0 = Monday .. 6 = Sunday.
    pub fn weekday(&self) -> u32 {
        (days_from_civil(*self) + 3).rem_euclid(7) as u32
    }

    /// Never panics; saturates far outside any realistic range.
    pub fn add_days(&self, n: i64) -> Date {
        civil_from_days(days_from_civil(*self).saturating_add(n))
    }

    fn is_valid(&self) -> bool {
        mk(self.year, self.month, self.day).is_some()
    }
}

fn monday_of(d: Date) -> Date {
    d.add_days(-(d.weekday() as i64))
}

/// (year, month) shifted by `delta` months.
fn shift_month(d: Date, delta: i64) -> (i32, u32) {
    let total = d.year as i64 * 12 + (d.month as i64 - 1) + delta;
    (
        total.div_euclid(12) as i32,
        (total.rem_euclid(12) + 1) as u32,
    )
}

fn first_of(year: i32, month: u32) -> Date {
    Date {
        year,
        month,
        day: 1,
    }
}

/// Saturday of the most recent weekend on or before `p`.
fn recent_saturday(p: Date) -> Date {
    p.add_days(-(((p.weekday() + 7 - 5) % 7) as i64))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DateMention {
    /// Byte offsets into the input text.
    pub start: usize,
    pub end: usize,
    /// For Week/Month/Year precision: the first day of the period.
    pub date: Date,
    pub precision: Precision,
    pub text: String,
}

// ---------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------

const U_DAY: u8 = 0;
const U_WEEK: u8 = 1;
const U_MONTH: u8 = 2;
const U_YEAR: u8 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kw {
    None,
    /// month 1..=12, abbreviation?
    Month(u8, bool),
    /// 0 = Monday
    Weekday(u8),
    Today,
    Tonight,
    Yesterday,
    Tomorrow,
    Last,
    This,
    Next,
    Past,
    /// unit, plural?
    Unit(u8, bool),
    Weekend,
    Night,
    PartOfDay,
    Ago,
    The,
    Before,
    After,
    Early,
    Late,
    Mid,
    Earlier,
    Later,
    NumWord(u8),
    /// st / nd / rd / th
    Ord,
    Of,
}

/// Strong year context ("in 2018").
const F_YEAR: u16 = 1;
/// Context allowing a bare unambiguous month name ("since June").
const F_MON: u16 = 2;
/// Context allowing a bare "May"/"March".
const F_MON_STRICT: u16 = 4;
/// Precedes "the weekend".
const F_WKND: u16 = 8;
/// Range connector ("2015 to 2018").
const F_CONN: u16 = 16;
/// Quantifier / reference noun: the following number is not a year.
const F_QUANT: u16 = 32;
/// Count noun: the preceding number is not a year / day.
const F_COUNT: u16 = 64;
/// Time zone / clock word: the preceding number is a time.
const F_TIME: u16 = 128;

const YMS: u16 = F_YEAR | F_MON | F_MON_STRICT;

static ENTRIES: &[(&str, Kw, u16)] = &[
    ("january", Kw::Month(1, false), 0),
    ("february", Kw::Month(2, false), 0),
    ("march", Kw::Month(3, false), 0),
    ("april", Kw::Month(4, false), 0),
    ("may", Kw::Month(5, false), 0),
    ("june", Kw::Month(6, false), 0),
    ("july", Kw::Month(7, false), 0),
    ("august", Kw::Month(8, false), 0),
    ("september", Kw::Month(9, false), 0),
    ("october", Kw::Month(10, false), 0),
    ("november", Kw::Month(11, false), 0),
    ("december", Kw::Month(12, false), 0),
    ("jan", Kw::Month(1, true), 0),
    ("feb", Kw::Month(2, true), 0),
    ("mar", Kw::Month(3, true), 0),
    ("apr", Kw::Month(4, true), 0),
    ("jun", Kw::Month(6, true), 0),
    ("jul", Kw::Month(7, true), 0),
    ("aug", Kw::Month(8, true), 0),
    ("sep", Kw::Month(9, true), 0),
    ("sept", Kw::Month(9, true), 0),
    ("oct", Kw::Month(10, true), 0),
    ("nov", Kw::Month(11, true), 0),
    ("dec", Kw::Month(12, true), 0),
    ("monday", Kw::Weekday(0), 0),
    ("tuesday", Kw::Weekday(1), 0),
    ("wednesday", Kw::Weekday(2), 0),
    ("thursday", Kw::Weekday(3), 0),
    ("friday", Kw::Weekday(4), 0),
    ("saturday", Kw::Weekday(5), 0),
    ("sunday", Kw::Weekday(6), 0),
    ("today", Kw::Today, 0),
    ("tonight", Kw::Tonight, 0),
    ("yesterday", Kw::Yesterday, 0),
    ("tomorrow", Kw::Tomorrow, 0),
    ("last", Kw::Last, 0),
    ("this", Kw::This, 0),
    ("next", Kw::Next, 0),
    ("past", Kw::Past, 0),
    ("day", Kw::Unit(U_DAY, false), 0),
    ("days", Kw::Unit(U_DAY, true), 0),
    ("week", Kw::Unit(U_WEEK, false), 0),
    ("weeks", Kw::Unit(U_WEEK, true), 0),
    ("month", Kw::Unit(U_MONTH, false), 0),
    ("months", Kw::Unit(U_MONTH, true), 0),
    ("year", Kw::Unit(U_YEAR, false), 0),
    ("years", Kw::Unit(U_YEAR, true), 0),
    ("weekend", Kw::Weekend, 0),
    ("night", Kw::Night, 0),
    ("morning", Kw::PartOfDay, 0),
    ("afternoon", Kw::PartOfDay, 0),
    ("evening", Kw::PartOfDay, 0),
    ("ago", Kw::Ago, 0),
    ("the", Kw::The, 0),
    ("before", Kw::Before, F_YEAR | F_MON),
    ("after", Kw::After, F_YEAR | F_MON),
    ("early", Kw::Early, 0),
    ("late", Kw::Late, 0),
    ("mid", Kw::Mid, 0),
    ("earlier", Kw::Earlier, 0),
    ("later", Kw::Later, 0),
    ("a", Kw::NumWord(1), 0),
    ("an", Kw::NumWord(1), 0),
    ("one", Kw::NumWord(1), 0),
    ("two", Kw::NumWord(2), 0),
    ("three", Kw::NumWord(3), 0),
    ("four", Kw::NumWord(4), 0),
    ("five", Kw::NumWord(5), 0),
    ("six", Kw::NumWord(6), 0),
    ("seven", Kw::NumWord(7), 0),
    ("eight", Kw::NumWord(8), 0),
    ("nine", Kw::NumWord(9), 0),
    ("ten", Kw::NumWord(10), 0),
    ("eleven", Kw::NumWord(11), 0),
    ("twelve", Kw::NumWord(12), 0),
    ("thirteen", Kw::NumWord(13), 0),
    ("fourteen", Kw::NumWord(14), 0),
    ("fifteen", Kw::NumWord(15), 0),
    ("sixteen", Kw::NumWord(16), 0),
    ("seventeen", Kw::NumWord(17), 0),
    ("eighteen", Kw::NumWord(18), 0),
    ("nineteen", Kw::NumWord(19), 0),
    ("twenty", Kw::NumWord(20), 0),
    ("st", Kw::Ord, 0),
    ("nd", Kw::Ord, 0),
    ("rd", Kw::Ord, 0),
    ("th", Kw::Ord, 0),
    ("of", Kw::Of, YMS),
    // context words
    ("in", Kw::None, YMS),
    ("on", Kw::None, F_MON | F_MON_STRICT | F_WKND),
    ("since", Kw::None, YMS),
    ("until", Kw::None, YMS | F_CONN),
    ("till", Kw::None, YMS | F_CONN),
    ("by", Kw::None, F_YEAR | F_MON),
    ("during", Kw::None, YMS | F_WKND),
    ("from", Kw::None, F_YEAR | F_MON),
    ("to", Kw::None, F_MON | F_CONN | F_QUANT),
    ("through", Kw::None, F_YEAR | F_MON | F_CONN),
    ("throughout", Kw::None, F_YEAR | F_MON | F_WKND),
    ("between", Kw::None, F_YEAR | F_MON),
    ("and", Kw::None, F_MON | F_CONN),
    ("or", Kw::None, F_MON | F_CONN),
    ("over", Kw::None, F_WKND | F_QUANT),
    ("at", Kw::None, F_WKND),
    // quantifiers and reference nouns: the next number is a count / an id
    ("some", Kw::None, F_QUANT),
    ("about", Kw::None, F_QUANT),
    ("around", Kw::None, F_QUANT),
    ("nearly", Kw::None, F_QUANT),
    ("almost", Kw::None, F_QUANT),
    ("approximately", Kw::None, F_QUANT),
    ("roughly", Kw::None, F_QUANT),
    ("than", Kw::None, F_QUANT),
    ("least", Kw::None, F_QUANT),
    ("most", Kw::None, F_QUANT),
    ("up", Kw::None, F_QUANT),
    ("estimated", Kw::None, F_QUANT),
    ("killing", Kw::None, F_QUANT),
    ("killed", Kw::None, F_QUANT | F_COUNT),
    ("kill", Kw::None, F_QUANT),
    ("injuring", Kw::None, F_QUANT),
    ("injured", Kw::None, F_QUANT | F_COUNT),
    ("wounding", Kw::None, F_QUANT),
    ("wounded", Kw::None, F_QUANT | F_COUNT),
    ("arrested", Kw::None, F_QUANT | F_COUNT),
    ("detained", Kw::None, F_QUANT | F_COUNT),
    ("displaced", Kw::None, F_QUANT | F_COUNT),
    ("additional", Kw::None, F_QUANT),
    ("another", Kw::None, F_QUANT),
    ("only", Kw::None, F_QUANT),
    ("just", Kw::None, F_QUANT),
    ("all", Kw::None, F_QUANT),
    ("total", Kw::None, F_QUANT),
    ("totaling", Kw::None, F_QUANT),
    ("totalling", Kw::None, F_QUANT),
    ("reached", Kw::None, F_QUANT),
    ("reaching", Kw::None, F_QUANT),
    ("exceeded", Kw::None, F_QUANT),
    ("exceeding", Kw::None, F_QUANT),
    ("with", Kw::None, F_QUANT),
    ("plus", Kw::None, F_QUANT),
    ("minus", Kw::None, F_QUANT),
    ("under", Kw::None, F_QUANT),
    ("below", Kw::None, F_QUANT),
    ("above", Kw::None, F_QUANT),
    ("exactly", Kw::None, F_QUANT),
    ("no", Kw::None, F_QUANT),
    ("nos", Kw::None, F_QUANT),
    ("number", Kw::None, F_QUANT),
    ("resolution", Kw::None, F_QUANT),
    ("flight", Kw::None, F_QUANT),
    ("route", Kw::None, F_QUANT),
    ("article", Kw::None, F_QUANT),
    ("room", Kw::None, F_QUANT),
    ("page", Kw::None, F_QUANT),
    ("section", Kw::None, F_QUANT),
    ("chapter", Kw::None, F_QUANT),
    ("paragraph", Kw::None, F_QUANT),
    ("code", Kw::None, F_QUANT),
    ("model", Kw::None, F_QUANT),
    ("version", Kw::None, F_QUANT),
    ("highway", Kw::None, F_QUANT),
    ("bus", Kw::None, F_QUANT),
    ("line", Kw::None, F_QUANT),
    ("unit", Kw::None, F_QUANT),
    ("platform", Kw::None, F_QUANT),
    ("gate", Kw::None, F_QUANT),
    ("channel", Kw::None, F_QUANT),
    // count nouns: the previous number is a count
    ("people", Kw::None, F_COUNT),
    ("persons", Kw::None, F_COUNT),
    ("troops", Kw::None, F_COUNT),
    ("soldiers", Kw::None, F_COUNT),
    ("civilians", Kw::None, F_COUNT),
    ("fighters", Kw::None, F_COUNT),
    ("militants", Kw::None, F_COUNT),
    ("rebels", Kw::None, F_COUNT),
    ("insurgents", Kw::None, F_COUNT),
    ("protesters", Kw::None, F_COUNT),
    ("protestors", Kw::None, F_COUNT),
    ("demonstrators", Kw::None, F_COUNT),
    ("refugees", Kw::None, F_COUNT),
    ("migrants", Kw::None, F_COUNT),
    ("men", Kw::None, F_COUNT),
    ("women", Kw::None, F_COUNT),
    ("children", Kw::None, F_COUNT),
    ("kids", Kw::None, F_COUNT),
    ("families", Kw::None, F_COUNT),
    ("households", Kw::None, F_COUNT),
    ("homes", Kw::None, F_COUNT),
    ("houses", Kw::None, F_COUNT),
    ("buildings", Kw::None, F_COUNT),
    ("deaths", Kw::None, F_COUNT),
    ("dead", Kw::None, F_COUNT),
    ("casualties", Kw::None, F_COUNT),
    ("victims", Kw::None, F_COUNT),
    ("prisoners", Kw::None, F_COUNT),
    ("detainees", Kw::None, F_COUNT),
    ("hostages", Kw::None, F_COUNT),
    ("workers", Kw::None, F_COUNT),
    ("employees", Kw::None, F_COUNT),
    ("students", Kw::None, F_COUNT),
    ("police", Kw::None, F_COUNT),
    ("policemen", Kw::None, F_COUNT),
    ("officers", Kw::None, F_COUNT),
    ("officials", Kw::None, F_COUNT),
    ("members", Kw::None, F_COUNT),
    ("residents", Kw::None, F_COUNT),
    ("supporters", Kw::None, F_COUNT),
    ("participants", Kw::None, F_COUNT),
    ("pilgrims", Kw::None, F_COUNT),
    ("tourists", Kw::None, F_COUNT),
    ("patients", Kw::None, F_COUNT),
    ("journalists", Kw::None, F_COUNT),
    ("settlers", Kw::None, F_COUNT),
    ("voters", Kw::None, F_COUNT),
    ("votes", Kw::None, F_COUNT),
    ("seats", Kw::None, F_COUNT),
    ("delegates", Kw::None, F_COUNT),
    ("lives", Kw::None, F_COUNT),
    ("km", Kw::None, F_COUNT),
    ("kilometres", Kw::None, F_COUNT),
    ("kilometers", Kw::None, F_COUNT),
    ("miles", Kw::None, F_COUNT),
    ("metres", Kw::None, F_COUNT),
    ("meters", Kw::None, F_COUNT),
    ("feet", Kw::None, F_COUNT),
    ("acres", Kw::None, F_COUNT),
    ("hectares", Kw::None, F_COUNT),
    ("tons", Kw::None, F_COUNT),
    ("tonnes", Kw::None, F_COUNT),
    ("barrels", Kw::None, F_COUNT),
    ("dollars", Kw::None, F_COUNT),
    ("euros", Kw::None, F_COUNT),
    ("pounds", Kw::None, F_COUNT),
    ("rupees", Kw::None, F_COUNT),
    ("yuan", Kw::None, F_COUNT),
    ("yen", Kw::None, F_COUNT),
    ("percent", Kw::None, F_COUNT),
    ("cases", Kw::None, F_COUNT),
    ("times", Kw::None, F_COUNT),
    ("rockets", Kw::None, F_COUNT),
    ("missiles", Kw::None, F_COUNT),
    ("shells", Kw::None, F_COUNT),
    ("drones", Kw::None, F_COUNT),
    ("vehicles", Kw::None, F_COUNT),
    ("tanks", Kw::None, F_COUNT),
    ("trucks", Kw::None, F_COUNT),
    ("aircraft", Kw::None, F_COUNT),
    ("planes", Kw::None, F_COUNT),
    ("jobs", Kw::None, F_COUNT),
    ("units", Kw::None, F_COUNT),
    ("cars", Kw::None, F_COUNT),
    ("guns", Kw::None, F_COUNT),
    ("weapons", Kw::None, F_COUNT),
    ("arrests", Kw::None, F_COUNT),
    ("strong", Kw::None, F_COUNT),
    ("more", Kw::None, F_COUNT),
    ("other", Kw::None, F_COUNT),
    ("others", Kw::None, F_COUNT),
    // clock words: the previous number is a time of day
    ("gmt", Kw::None, F_TIME),
    ("utc", Kw::None, F_TIME),
    ("hrs", Kw::None, F_TIME),
    ("hours", Kw::None, F_TIME),
    ("hour", Kw::None, F_TIME),
    ("h", Kw::None, F_TIME),
    ("local", Kw::None, F_TIME),
    ("est", Kw::None, F_TIME),
    ("edt", Kw::None, F_TIME),
    ("pst", Kw::None, F_TIME),
    ("pdt", Kw::None, F_TIME),
    ("cet", Kw::None, F_TIME),
    ("cest", Kw::None, F_TIME),
    ("bst", Kw::None, F_TIME),
    ("msk", Kw::None, F_TIME),
    ("jst", Kw::None, F_TIME),
];

/// Longest lexicon entry we bother looking up.
const MAX_WORD: usize = 13;

fn fnv(b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in b {
        h ^= c as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Open-addressing hash table over `ENTRIES`, built once.
struct Lex {
    slots: Vec<u16>,
    mask: usize,
}

impl Lex {
    fn build() -> Lex {
        let size = (ENTRIES.len() * 4).next_power_of_two();
        let mask = size - 1;
        let mut slots = vec![0u16; size];
        for (idx, e) in ENTRIES.iter().enumerate() {
            let mut h = fnv(e.0.as_bytes()) as usize & mask;
            while slots[h] != 0 {
                h = (h + 1) & mask;
            }
            slots[h] = idx as u16 + 1;
        }
        Lex { slots, mask }
    }

    fn get(&self, w: &[u8]) -> (Kw, u16) {
        let mut h = fnv(w) as usize & self.mask;
        loop {
            let s = self.slots[h];
            if s == 0 {
                return (Kw::None, 0);
            }
            let e = &ENTRIES[s as usize - 1];
            if e.0.as_bytes() == w {
                return (e.1, e.2);
            }
            h = (h + 1) & self.mask;
        }
    }
}

fn lex() -> &'static Lex {
    static L: OnceLock<Lex> = OnceLock::new();
    L.get_or_init(Lex::build)
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Punct,
}

const CASE_LOWER: u8 = 0;
const CASE_TITLE: u8 = 1;
const CASE_UPPER: u8 = 2;

#[derive(Clone, Copy, Debug)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
    kw: Kw,
    flags: u16,
    /// Value of the (first) digit group; u32::MAX when too long.
    num: u32,
    /// Digits in the first group (saturating).
    ndig: u8,
    /// Number with internal `,` or `.` separators ("2,000", "1.5").
    sep: bool,
    case: u8,
    /// The character of a Punct token.
    ch: char,
}

const LOOKAHEAD: usize = 24;
const LOOKBACK: usize = 8;
const WINDOW: usize = 4096;

type Match = (usize, Date, Precision);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Recent,
    Last,
    This,
    Next,
    /// "this past"
    Past,
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    eof: bool,
    buf: Vec<Tok>,
    /// Absolute index of `buf[0]`.
    base: usize,
    lex: &'static Lex,
    pubd: Option<Date>,
    /// Exclusive end token index of the previous mention.
    last_end: usize,
}

fn is_alpha(c: char) -> bool {
    c.is_alphabetic()
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, pubd: Option<Date>) -> Self {
        Scanner {
            text,
            pos: 0,
            eof: false,
            buf: Vec::with_capacity(256),
            base: 0,
            lex: lex(),
            pubd,
            last_end: usize::MAX,
        }
    }

    fn push(&mut self, t: Tok) {
        self.buf.push(t);
    }

    fn blank(start: usize, end: usize, kind: Kind) -> Tok {
        Tok {
            start,
            end,
            kind,
            kw: Kw::None,
            flags: 0,
            num: 0,
            ndig: 0,
            sep: false,
            case: CASE_LOWER,
            ch: '\0',
        }
    }

    /// Reads one token into the window (or sets `eof`).
    fn next_token(&mut self) {
        let text = self.text;
        let b = text.as_bytes();
        let n = b.len();
        let mut i = self.pos;
        loop {
            if i >= n {
                self.pos = n;
                self.eof = true;
                return;
            }
            let c = b[i];
            if c < 0x80 {
                if c <= b' ' || c == 0x7f {
                    i += 1;
                    continue;
                }
                if c.is_ascii_digit() {
                    let mut j = i;
                    let mut num: u64 = 0;
                    while j < n && b[j].is_ascii_digit() {
                        if num <= u32::MAX as u64 {
                            num = num * 10 + (b[j] - b'0') as u64;
                        }
                        j += 1;
                    }
                    let ndig = (j - i).min(255) as u8;
                    let mut sep = false;
                    while j + 1 < n && (b[j] == b',' || b[j] == b'.') && b[j + 1].is_ascii_digit() {
                        sep = true;
                        j += 1;
                        while j < n && b[j].is_ascii_digit() {
                            j += 1;
                        }
                    }
                    let mut t = Self::blank(i, j, Kind::Num);
                    t.num = if num > u32::MAX as u64 {
                        u32::MAX
                    } else {
                        num as u32
                    };
                    t.ndig = ndig;
                    t.sep = sep;
                    self.pos = j;
                    self.push(t);
                    return;
                }
                if c.is_ascii_alphabetic() {
                    self.word(i);
                    return;
                }
                let mut t = Self::blank(i, i + 1, Kind::Punct);
                t.ch = c as char;
                self.pos = i + 1;
                self.push(t);
                return;
            }
            // Non-ASCII: `i` is always on a char boundary.
            let ch = match text.get(i..).and_then(|s| s.chars().next()) {
                Some(ch) => ch,
                None => {
                    self.pos = n;
                    self.eof = true;
                    return;
                }
            };
            let l = ch.len_utf8();
            if ch.is_whitespace() {
                i += l;
                continue;
            }
            if is_alpha(ch) {
                self.word(i);
                return;
            }
            let mut t = Self::blank(i, i + l, Kind::Punct);
            t.ch = ch;
            self.pos = i + l;
            self.push(t);
            return;
        }
    }

    /// Word token starting at byte `i` (a letter).
    fn word(&mut self, i: usize) {
        let text = self.text;
        let b = text.as_bytes();
        let n = b.len();
        let mut j = i;
        let mut ascii = true;
        let mut upper = 0usize;
        while j < n {
            let c = b[j];
            if c.is_ascii_alphabetic() {
                if c.is_ascii_uppercase() {
                    upper += 1;
                }
                j += 1;
            } else if c >= 0x80 {
                match text.get(j..).and_then(|s| s.chars().next()) {
                    Some(ch) if is_alpha(ch) => {
                        ascii = false;
                        j += ch.len_utf8();
                    }
                    _ => break,
                }
            } else {
                break;
            }
        }
        let mut t = Self::blank(i, j, Kind::Word);
        let len = j - i;
        if ascii && len <= MAX_WORD {
            let mut lb = [0u8; MAX_WORD];
            for (k, &c) in b[i..j].iter().enumerate() {
                lb[k] = c.to_ascii_lowercase();
            }
            let (kw, flags) = self.lex.get(&lb[..len]);
            t.kw = kw;
            t.flags = flags;
            t.case = if b[i].is_ascii_lowercase() {
                CASE_LOWER
            } else if len > 1 && upper == len {
                CASE_UPPER
            } else {
                CASE_TITLE
            };
        }
        self.pos = j;
        self.push(t);
    }

    fn fill(&mut self, upto: usize) {
        while !self.eof && self.base + self.buf.len() <= upto {
            self.next_token();
        }
    }

    fn compact(&mut self, i: usize) {
        if i > self.base + WINDOW {
            let drop = (i - self.base - LOOKBACK).min(self.buf.len());
            self.buf.drain(..drop);
            self.base += drop;
        }
    }

    // ----- token accessors -------------------------------------------------

    fn tok(&self, k: usize) -> Option<Tok> {
        if k < self.base {
            return None;
        }
        self.buf.get(k - self.base).copied()
    }

    fn prev(&self, k: usize) -> Option<Tok> {
        k.checked_sub(1).and_then(|p| self.tok(p))
    }

    fn kw(&self, k: usize) -> Kw {
        match self.tok(k) {
            Some(t) if t.kind == Kind::Word => t.kw,
            _ => Kw::None,
        }
    }

    fn flags(&self, k: usize) -> u16 {
        match self.tok(k) {
            Some(t) if t.kind == Kind::Word => t.flags,
            _ => 0,
        }
    }

    fn is_punct(&self, k: usize, c: char) -> bool {
        matches!(self.tok(k), Some(t) if t.kind == Kind::Punct && t.ch == c)
    }

    /// Tokens `a` and `a+1` touch (no whitespace between them).
    fn glued(&self, a: usize) -> bool {
        match (self.tok(a), self.tok(a + 1)) {
            (Some(x), Some(y)) => x.end == y.start,
            _ => false,
        }
    }

    /// Capitalized month name: (month, abbreviation?, case).
    fn month_at(&self, k: usize) -> Option<(u32, bool, u8)> {
        let t = self.tok(k)?;
        match t.kw {
            Kw::Month(m, abbr) if t.kind == Kind::Word && t.case != CASE_LOWER => {
                Some((m as u32, abbr, t.case))
            }
            _ => None,
        }
    }

    fn day_num(&self, k: usize) -> Option<u32> {
        let t = self.tok(k)?;
        if t.kind == Kind::Num && !t.sep && t.ndig <= 2 && (1..=31).contains(&t.num) {
            Some(t.num)
        } else {
            None
        }
    }

    fn year_num(&self, k: usize, lo: u32, hi: u32) -> Option<i32> {
        let t = self.tok(k)?;
        if t.kind == Kind::Num && !t.sep && t.ndig == 4 && t.num >= lo && t.num <= hi {
            Some(t.num as i32)
        } else {
            None
        }
    }

    /// Is the text right of the year token `k` compatible with a year?
    /// Glued letters/symbols, count nouns, units and clock words veto it.
    fn year_right_ok(&self, k: usize) -> bool {
        let Some(t) = self.tok(k) else { return false };
        let Some(n) = self.tok(k + 1) else {
            return true;
        };
        if n.start == t.end {
            match n.kind {
                Kind::Word | Kind::Num => return false, // 1990s, 2000km
                Kind::Punct => match n.ch {
                    '%' | '/' | '$' | '€' | '£' | '°' | '+' | '@' | '&' | '#' => return false,
                    ':' => {
                        if matches!(self.tok(k + 2), Some(x) if x.kind == Kind::Num && x.start == n.end)
                        {
                            return false;
                        }
                    }
                    '\'' | '’' => {
                        // "1990's" is a decade; "2018's" a possessive year.
                        if let Some(x) = self.tok(k + 2) {
                            if x.start == n.end
                                && x.kind == Kind::Word
                                && self
                                    .text
                                    .get(x.start..x.end)
                                    .is_some_and(|s| s.eq_ignore_ascii_case("s"))
                                && t.num % 10 == 0
                            {
                                return false;
                            }
                        }
                    }
                    '-' | '–' => {
                        if let Some(x) = self.tok(k + 2) {
                            if x.kind == Kind::Word && x.flags & F_COUNT != 0 {
                                return false; // "a 2000-strong force"
                            }
                            if x.kind == Kind::Num
                                && x.start == n.end
                                && (x.sep || (x.ndig != 2 && x.ndig != 4))
                            {
                                return false;
                            }
                            // an invalid ISO date "2025-13-45"
                            if x.kind == Kind::Num
                                && x.ndig == 2
                                && self.is_punct(k + 3, '-')
                                && self.glued(k + 2)
                            {
                                return false;
                            }
                        }
                    }
                    _ => {}
                },
            }
        }
        if n.kind == Kind::Word {
            if n.flags & F_TIME != 0 {
                return false;
            }
            if matches!(n.kw, Kw::Unit(..)) || n.flags & F_COUNT != 0 {
                return false;
            }
        }
        true
    }

    /// Optional `[.] [,] YYYY` after a month/day; returns the new end.
    fn opt_year(&self, j: usize, abbr: bool) -> (usize, Option<i32>) {
        let mut k = j;
        if abbr && self.is_punct(k, '.') && k > 0 && self.glued(k - 1) {
            k += 1;
        }
        if self.is_punct(k, ',') {
            k += 1;
        }
        if let Some(y) = self.year_num(k, 1800, 2099) {
            if self.year_right_ok(k) {
                return (k + 1, Some(y));
            }
        }
        (j, None)
    }

    /// Day-precision date from month/day and an optional explicit year.
    fn resolve_day(&self, m: u32, d: u32, year: Option<i32>, want_wd: Option<u32>) -> Option<Date> {
        if let Some(y) = year {
            return mk(y, m, d);
        }
        let p = self.pubd?;
        let pd = days_from_civil(p);
        let mut best: Option<(bool, i64, Date)> = None;
        for y in [p.year - 1, p.year, p.year + 1] {
            let Some(c) = mk(y, m, d) else { continue };
            let wd_ok = want_wd.is_none_or(|w| c.weekday() == w);
            let dist = (days_from_civil(c) - pd).abs();
            let better = match best {
                None => true,
                Some((bw, bd, _)) => (wd_ok && !bw) || (wd_ok == bw && dist < bd),
            };
            if better {
                best = Some((wd_ok, dist, c));
            }
        }
        best.map(|b| b.2)
    }

    // ----- matchers ---------------------------------------------------------

    fn match_at(&self, i: usize) -> Option<Match> {
        let t = self.tok(i)?;
        match t.kind {
            Kind::Num => {
                if t.sep {
                    return None;
                }
                if t.ndig == 4 {
                    if let Some(r) = self.iso(i) {
                        return Some(r);
                    }
                    if let Some(r) = self.year(i) {
                        return Some(r);
                    }
                }
                self.day_first(i, None).or_else(|| self.ago(i))
            }
            Kind::Word => match t.kw {
                Kw::Month(..) => self.month_first(i, None).or_else(|| self.month_bare(i)),
                Kw::Weekday(_) => self.weekday(i),
                Kw::Today | Kw::Tonight | Kw::Yesterday | Kw::Tomorrow => self.rel_day(i),
                Kw::Last | Kw::This | Kw::Next => self.modified(i),
                Kw::Early | Kw::Late | Kw::Mid | Kw::Earlier | Kw::Later => self.fuzzy(i),
                Kw::The => self.the(i),
                Kw::NumWord(_) => self.ago(i),
                _ => None,
            },
            Kind::Punct => None,
        }
    }

    /// 2025-06-23
    fn iso(&self, i: usize) -> Option<Match> {
        let y = self.year_num(i, 1000, 2999)?;
        if !(self.is_punct(i + 1, '-') && self.glued(i) && self.glued(i + 1)) {
            return None;
        }
        let m = self.tok(i + 2)?;
        if m.kind != Kind::Num || m.ndig != 2 || m.sep {
            return None;
        }
        if !(self.is_punct(i + 3, '-') && self.glued(i + 2) && self.glued(i + 3)) {
            return None;
        }
        let d = self.tok(i + 4)?;
        if d.kind != Kind::Num || d.ndig != 2 || d.sep {
            return None;
        }
        if let Some(p) = self.prev(i) {
            if p.end == self.tok(i)?.start && p.kind != Kind::Punct {
                return None;
            }
        }
        Some((i + 5, mk(y, m.num, d.num)?, Precision::Day))
    }

    /// A four-digit number that is a year.
    fn year(&self, i: usize) -> Option<Match> {
        let t = self.tok(i)?;
        if t.kind != Kind::Num || t.ndig != 4 || t.sep {
            return None;
        }
        let mut strong = false;
        if let Some(p) = self.prev(i) {
            let glued = p.end == t.start;
            // "2015 to 2018", "2017-2018": the previous mention ended with a year
            let range = i >= 2
                && self.last_end == i - 1
                && matches!(self.tok(i - 2), Some(q) if q.kind == Kind::Num && q.ndig == 4 && !q.sep);
            match p.kind {
                Kind::Punct => {
                    if matches!(p.ch, '-' | '–' | '—') {
                        if range {
                            strong = true;
                        } else if glued {
                            return None;
                        }
                    } else if glued && !matches!(p.ch, '(' | '[' | '"' | '“' | '\'' | '‘' | '«')
                    {
                        return None; // $2019, #2019, /2019, 23.2019
                    } else if p.ch == '.' && i >= 2 && self.flags(i - 2) & F_QUANT != 0 {
                        return None; // No. 2019
                    }
                }
                Kind::Word => {
                    if glued {
                        return None; // FY2019
                    }
                    if p.flags & F_YEAR != 0 || (range && p.flags & F_CONN != 0) {
                        strong = true;
                    } else if p.flags & F_QUANT != 0 {
                        return None;
                    }
                }
                Kind::Num => return None,
            }
        }
        let lo = if strong { 1800 } else { 1900 };
        let y = self.year_num(i, lo, 2099)?;
        if !self.year_right_ok(i) {
            return None;
        }
        Some((i + 1, first_of(y, 1), Precision::Year))
    }

    /// 23 June [2025], 23rd of June, 5 Jan. 2025
    fn day_first(&self, i: usize, want_wd: Option<u32>) -> Option<Match> {
        let t = self.tok(i)?;
        let d = self.day_num(i)?;
        if let Some(p) = self.prev(i) {
            if p.end == t.start
                && (p.kind != Kind::Punct
                    || matches!(p.ch, '$' | '€' | '£' | '¥' | '#' | '/' | '.' | ':' | ','))
            {
                return None;
            }
        }
        let mut j = i + 1;
        if self.kw(j) == Kw::Ord && self.glued(i) {
            j += 1;
        }
        if self.kw(j) == Kw::Of {
            j += 1;
        }
        let (m, abbr, _) = self.month_at(j)?;
        let (end, year) = self.opt_year(j + 1, abbr);
        let date = self.resolve_day(m, d, year, want_wd)?;
        Some((end, date, Precision::Day))
    }

    /// June 23[, 2025], Jan. 5, June 2024, June of 2024
    fn month_first(&self, i: usize, want_wd: Option<u32>) -> Option<Match> {
        let (m, abbr, _) = self.month_at(i)?;
        let mut j = i + 1;
        if abbr && self.is_punct(j, '.') && self.glued(i) {
            j += 1;
        }
        if let Some(d) = self.day_num(j) {
            let mut k = j + 1;
            let mut ok = true;
            if self.glued(j) {
                let n = self.tok(k)?;
                match n.kind {
                    Kind::Word if n.kw == Kw::Ord => k += 1,
                    Kind::Word => ok = false,
                    Kind::Punct if matches!(n.ch, '%' | ':' | '/') => ok = false,
                    _ => {}
                }
            }
            if ok {
                let (end, year) = self.opt_year(k, false);
                if year.is_some() || self.flags(k) & F_COUNT == 0 {
                    if let Some(date) = self.resolve_day(m, d, year, want_wd) {
                        return Some((end, date, Precision::Day));
                    }
                }
            }
        }
        let mut k = j;
        if self.kw(k) == Kw::Of {
            k += 1;
        }
        let y = self.year_num(k, 1800, 2099)?;
        if !self.year_right_ok(k) {
            return None;
        }
        Some((k + 1, first_of(y, m), Precision::Month))
    }

    /// "in June", "since May": a bare month name after a preposition.
    fn month_bare(&self, i: usize) -> Option<Match> {
        let (m, _, _) = self.month_at(i)?;
        // "on June 31": an impossible date is not a bare month either
        if self.day_num(i + 1).is_some() && self.flags(i + 2) & F_COUNT == 0 {
            return None;
        }
        let need = if m == 3 || m == 5 {
            F_MON_STRICT
        } else {
            F_MON
        };
        match self.prev(i) {
            Some(p) if p.kind == Kind::Word && p.flags & need != 0 => {
                self.month_rel(i, Mode::Recent)
            }
            _ => None,
        }
    }

    /// Month name without day or year, resolved with `mode`.
    fn month_rel(&self, i: usize, mode: Mode) -> Option<Match> {
        let p = self.pubd?;
        let (m, abbr, case) = self.month_at(i)?;
        if abbr || ((m == 3 || m == 5) && case != CASE_TITLE) {
            return None;
        }
        let y = match mode {
            Mode::Recent => {
                if m <= p.month {
                    p.year
                } else {
                    p.year - 1
                }
            }
            Mode::Last | Mode::Past => {
                if m < p.month {
                    p.year
                } else {
                    p.year - 1
                }
            }
            Mode::This => p.year,
            Mode::Next => {
                if m > p.month {
                    p.year
                } else {
                    p.year + 1
                }
            }
        };
        Some((i + 1, first_of(y, m), Precision::Month))
    }

    fn weekday_date(p: Date, w: u32, mode: Mode) -> Date {
        let pw = p.weekday();
        match mode {
            Mode::Recent => p.add_days(-(((pw + 7 - w) % 7) as i64)),
            Mode::Last | Mode::Past => {
                let off = (pw + 7 - w) % 7;
                p.add_days(-(if off == 0 { 7 } else { off as i64 }))
            }
            Mode::This => monday_of(p).add_days(w as i64),
            Mode::Next => {
                let off = (w + 7 - pw) % 7;
                p.add_days(if off == 0 { 7 } else { off as i64 })
            }
        }
    }

    /// Skips a trailing "night"/"morning"/... after a day expression.
    fn part_of_day(&self, end: usize) -> usize {
        if matches!(self.kw(end), Kw::Night | Kw::PartOfDay) {
            end + 1
        } else {
            end
        }
    }

    /// Monday, Monday June 23, Monday last week
    fn weekday(&self, i: usize) -> Option<Match> {
        let Kw::Weekday(w) = self.kw(i) else {
            return None;
        };
        let w = w as u32;
        let mut j = i + 1;
        if self.is_punct(j, ',') {
            j += 1;
        }
        if let Some(r) = self
            .month_first(j, Some(w))
            .or_else(|| self.day_first(j, Some(w)))
        {
            if r.2 == Precision::Day {
                return Some(r);
            }
        }
        let p = self.pubd?;
        if self.kw(i + 2) == Kw::Unit(U_WEEK, false) {
            let shift = match self.kw(i + 1) {
                Kw::Last => Some(-7),
                Kw::This => Some(0),
                Kw::Next => Some(7),
                _ => None,
            };
            if let Some(s) = shift {
                return Some((i + 3, monday_of(p).add_days(s + w as i64), Precision::Day));
            }
        }
        Some((
            self.part_of_day(i + 1),
            Self::weekday_date(p, w, Mode::Recent),
            Precision::Day,
        ))
    }

    /// today, tonight, yesterday, tomorrow (+ morning/night/...)
    fn rel_day(&self, i: usize) -> Option<Match> {
        let p = self.pubd?;
        let k = self.kw(i);
        let off = match k {
            Kw::Today | Kw::Tonight => 0,
            Kw::Yesterday => -1,
            Kw::Tomorrow => 1,
            _ => return None,
        };
        let end = if k == Kw::Tonight {
            i + 1
        } else {
            self.part_of_day(i + 1)
        };
        Some((end, p.add_days(off), Precision::Day))
    }

    /// last/this/next (+ "this past") + weekday / week / month / year / weekend / month name
    fn modified(&self, i: usize) -> Option<Match> {
        let p = self.pubd?;
        let mut mode = match self.kw(i) {
            Kw::Last => Mode::Last,
            Kw::This => Mode::This,
            Kw::Next => Mode::Next,
            _ => return None,
        };
        let mut j = i + 1;
        if mode == Mode::This && self.kw(j) == Kw::Past {
            mode = Mode::Past;
            j += 1;
        }
        match self.kw(j) {
            Kw::Weekday(w) => Some((
                self.part_of_day(j + 1),
                Self::weekday_date(p, w as u32, mode),
                Precision::Day,
            )),
            Kw::Unit(U_WEEK, false) => {
                let off = match mode {
                    Mode::Last | Mode::Past => -7,
                    Mode::Next => 7,
                    _ => 0,
                };
                Some((j + 1, monday_of(p).add_days(off), Precision::Week))
            }
            Kw::Unit(U_MONTH, false) => {
                let off = match mode {
                    Mode::Last | Mode::Past => -1,
                    Mode::Next => 1,
                    _ => 0,
                };
                let (y, m) = shift_month(p, off);
                Some((j + 1, first_of(y, m), Precision::Month))
            }
            Kw::Unit(U_YEAR, false) => {
                let off = match mode {
                    Mode::Last | Mode::Past => -1,
                    Mode::Next => 1,
                    _ => 0,
                };
                Some((j + 1, first_of(p.year + off, 1), Precision::Year))
            }
            Kw::Weekend => {
                let sat = recent_saturday(p);
                let d = match mode {
                    Mode::Last if p.weekday() >= 5 => sat.add_days(-7),
                    Mode::Next => {
                        let off = (5 + 7 - p.weekday()) % 7;
                        p.add_days(if off == 0 { 7 } else { off as i64 })
                    }
                    _ => sat,
                };
                Some((j + 1, d, Precision::Day))
            }
            Kw::Night => match mode {
                Mode::Last => Some((j + 1, p.add_days(-1), Precision::Day)),
                Mode::This => Some((j + 1, p, Precision::Day)),
                _ => None,
            },
            Kw::PartOfDay => match mode {
                Mode::This => Some((j + 1, p, Precision::Day)),
                Mode::Last => Some((j + 1, p.add_days(-1), Precision::Day)),
                _ => None,
            },
            Kw::Month(..) => self.month_rel(j, mode),
            _ => None,
        }
    }

    /// early / late / mid(-) / earlier / later + ...
    fn fuzzy(&self, i: usize) -> Option<Match> {
        let k0 = self.kw(i);
        let edge = matches!(k0, Kw::Early | Kw::Late | Kw::Mid);
        let mut j = i + 1;
        if self.is_punct(j, '-') && self.glued(i) && self.glued(j) {
            j += 1;
        }
        match self.kw(j) {
            Kw::Last | Kw::This | Kw::Next if k0 != Kw::Mid => self.modified(j),
            Kw::Today | Kw::Tonight | Kw::Yesterday | Kw::Tomorrow if k0 != Kw::Mid => {
                self.rel_day(j)
            }
            Kw::Weekday(_) if matches!(k0, Kw::Early | Kw::Late) => self.weekday(j),
            Kw::Month(..) if edge => self
                .month_first(j, None)
                .or_else(|| self.month_rel(j, Mode::Recent)),
            _ if edge => {
                let y = self.year_num(j, 1800, 2099)?;
                if !self.year_right_ok(j) {
                    return None;
                }
                Some((j + 1, first_of(y, 1), Precision::Year))
            }
            _ => None,
        }
    }

    /// the day before yesterday, the day after tomorrow, (over) the weekend
    fn the(&self, i: usize) -> Option<Match> {
        let p = self.pubd?;
        match self.kw(i + 1) {
            Kw::Unit(U_DAY, false) => match (self.kw(i + 2), self.kw(i + 3)) {
                (Kw::Before, Kw::Yesterday) => Some((i + 4, p.add_days(-2), Precision::Day)),
                (Kw::After, Kw::Tomorrow) => Some((i + 4, p.add_days(2), Precision::Day)),
                _ => None,
            },
            Kw::Weekend | Kw::Past => {
                let end = if self.kw(i + 1) == Kw::Past {
                    if self.kw(i + 2) != Kw::Weekend {
                        return None;
                    }
                    i + 3
                } else {
                    i + 2
                };
                match self.prev(i) {
                    Some(q) if q.kind == Kind::Word && q.flags & F_WKND != 0 => {
                        Some((end, recent_saturday(p), Precision::Day))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// N days / weeks / months / years ago
    fn ago(&self, i: usize) -> Option<Match> {
        let t = self.tok(i)?;
        let n: i64 = match (t.kind, t.kw) {
            (Kind::Num, _) if !t.sep && t.ndig <= 6 => t.num as i64,
            (Kind::Word, Kw::NumWord(n)) => n as i64,
            _ => return None,
        };
        let Kw::Unit(u, _) = self.kw(i + 1) else {
            return None;
        };
        if self.kw(i + 2) != Kw::Ago {
            return None;
        }
        let p = self.pubd?;
        let end = i + 3;
        match u {
            U_DAY => Some((end, p.add_days(-n), Precision::Day)),
            U_WEEK if n <= 100_000 => Some((end, monday_of(p.add_days(-7 * n)), Precision::Week)),
            U_MONTH => {
                let (y, m) = shift_month(p, -n);
                Some((end, first_of(y, m), Precision::Month))
            }
            U_YEAR if n <= 20_000 => Some((end, first_of(p.year - n as i32, 1), Precision::Year)),
            _ => None,
        }
    }
}

/// Finds and resolves temporal expressions in `text` (left to right,
/// non-overlapping, longest match). Relative expressions need `published`.
pub fn find_dates(text: &str, published: Option<Date>) -> Vec<DateMention> {
    let pubd = published.filter(|d| d.is_valid() && (1..=9999).contains(&d.year));
    let mut sc = Scanner::new(text, pubd);
    let mut out = Vec::new();
    let mut i = 0usize;
    loop {
        sc.fill(i + LOOKAHEAD);
        let Some(first) = sc.tok(i) else { break };
        match sc.match_at(i) {
            Some((end, date, precision)) if end > i => {
                let last = sc.tok(end - 1).unwrap_or(first);
                let (s, e) = (first.start, last.end);
                if let Some(t) = text.get(s..e) {
                    out.push(DateMention {
                        start: s,
                        end: e,
                        date,
                        precision,
                        text: t.to_string(),
                    });
                }
                sc.last_end = end;
                i = end;
            }
            _ => i += 1,
        }
        sc.compact(i);
    }
    out
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("valid test date")
    }

    /// Mentions as (text, date, precision), checking offsets on the way.
    fn run(text: &str, published: Option<&str>) -> Vec<(String, String, Precision)> {
        let ms = find_dates(text, published.map(d));
        check_invariants(text, &ms);
        ms.into_iter()
            .map(|m| (m.text, m.date.to_string(), m.precision))
            .collect()
    }

    #[test]
    fn dates_print_as_zero_padded_iso() {
        for (y, m, dd) in [
            (2025, 6, 23),
            (1, 1, 1),
            (0, 12, 31),
            (9999, 12, 31),
            (10000, 1, 1),
            (-44, 3, 15),
            (987, 10, 5),
        ] {
            let date = Date {
                year: y,
                month: m,
                day: dd,
            };
            assert_eq!(date.to_string(), format!("{y:04}-{m:02}-{dd:02}"));
        }
    }

    fn check_invariants(text: &str, ms: &[DateMention]) {
        let mut prev_end = 0;
        for m in ms {
            assert!(m.start < m.end, "{m:?}");
            assert!(m.start >= prev_end, "overlap/order {m:?}");
            assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
            assert_eq!(&text[m.start..m.end], m.text);
            prev_end = m.end;
        }
    }

    /// The single mention in `text`.
    fn one(text: &str, published: &str) -> (String, String, Precision) {
        let v = run(text, Some(published));
        assert_eq!(v.len(), 1, "{text:?} -> {v:?}");
        v.into_iter().next().unwrap()
    }

    fn none(text: &str, published: &str) {
        let v = run(text, Some(published));
        assert!(v.is_empty(), "{text:?} -> {v:?}");
    }

    const MON: &str = "2025-06-23"; // a Monday
    const WED: &str = "2025-06-25";
    const SUN: &str = "2025-06-29";
    const FEB: &str = "2025-02-10";

    fn t(s: &str, date: &str, p: Precision) -> (String, String, Precision) {
        (s.to_string(), date.to_string(), p)
    }

    use Precision::{Day, Month, Week, Year};

    #[test]
    fn date_basics() {
        assert_eq!(d("2025-06-23").weekday(), 0);
        assert_eq!(d("1970-01-01").weekday(), 3);
        assert_eq!(d("2000-02-29").to_string(), "2000-02-29");
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(Date::parse("2025-13-01"), None);
        assert_eq!(Date::parse("25-06-23"), None);
        assert_eq!(Date::parse("2025-06-23T08:00:00Z"), Some(d("2025-06-23")));
        assert_eq!(Date::parse(""), None);
        assert_eq!(Date::parse("2025-06-2é"), None);
        assert_eq!(d("2024-12-31").add_days(1), d("2025-01-01"));
        assert_eq!(d("2024-03-01").add_days(-1), d("2024-02-29"));
        assert_eq!(d("2025-06-23").add_days(-365), d("2024-06-23"));
        // round trip over a long range
        let mut x = d("1890-01-01");
        for _ in 0..80_000 {
            let y = x.add_days(1);
            assert_eq!(y.add_days(-1), x);
            assert!(y.is_valid());
            assert_eq!(y.weekday(), (x.weekday() + 1) % 7);
            x = y;
        }
        // extremes never panic
        let big = Date {
            year: i32::MAX,
            month: 12,
            day: 31,
        };
        let _ = big.add_days(i64::MAX).weekday();
        let _ = Date {
            year: i32::MIN,
            month: 0,
            day: u32::MAX,
        }
        .add_days(i64::MIN);
        let _ = Date {
            year: 5,
            month: 99,
            day: 0,
        }
        .weekday();
    }

    #[test]
    fn bare_weekday() {
        assert_eq!(
            one("On Monday, troops entered the city.", MON),
            t("Monday", MON, Day)
        );
        assert_eq!(
            one("Police said on Sunday that", MON),
            t("Sunday", "2025-06-22", Day)
        );
        assert_eq!(
            one("Clashes erupted Tuesday.", MON),
            t("Tuesday", "2025-06-17", Day)
        );
        assert_eq!(one("on Monday", WED), t("Monday", "2025-06-23", Day));
        assert_eq!(one("on Wednesday", WED), t("Wednesday", WED, Day));
        assert_eq!(
            one("late on Monday night", WED),
            t("Monday night", "2025-06-23", Day)
        );
        assert_eq!(
            one("Early Monday, shelling resumed", WED),
            t("Early Monday", "2025-06-23", Day)
        );
        assert_eq!(one("sunday", MON), t("sunday", "2025-06-22", Day));
    }

    #[test]
    fn modified_weekdays() {
        assert_eq!(one("last Monday", MON), t("last Monday", "2025-06-16", Day));
        assert_eq!(one("last Monday", WED), t("last Monday", "2025-06-23", Day));
        assert_eq!(one("last Friday", MON), t("last Friday", "2025-06-20", Day));
        assert_eq!(
            one("this past Monday", MON),
            t("this past Monday", "2025-06-16", Day)
        );
        assert_eq!(one("next Friday", MON), t("next Friday", "2025-06-27", Day));
        assert_eq!(one("next Monday", MON), t("next Monday", "2025-06-30", Day));
        assert_eq!(
            one("this Tuesday", MON),
            t("this Tuesday", "2025-06-24", Day)
        );
        assert_eq!(one("this Monday", WED), t("this Monday", "2025-06-23", Day));
        assert_eq!(
            one("on Monday last week", WED),
            t("Monday last week", "2025-06-16", Day)
        );
        assert_eq!(
            one("Friday next week", MON),
            t("Friday next week", "2025-07-04", Day)
        );
    }

    #[test]
    fn weekday_with_explicit_date() {
        assert_eq!(
            one("On Monday, June 23, the army", WED),
            t("Monday, June 23", MON, Day)
        );
        assert_eq!(
            one("Monday 23 June 2025", WED),
            t("Monday 23 June 2025", MON, Day)
        );
        // works without publication date when a year is present
        assert_eq!(
            run("Monday, June 23, 2025", None),
            vec![t("Monday, June 23, 2025", MON, Day)]
        );
        // the weekday disambiguates the year: Jan 2 2026 is a Friday, Jan 2 2025 a Thursday
        assert_eq!(
            one("Friday, Jan. 2", "2025-07-10"),
            t("Friday, Jan. 2", "2026-01-02", Day)
        );
        assert_eq!(
            one("Thursday, Jan. 2", "2025-07-10"),
            t("Thursday, Jan. 2", "2025-01-02", Day)
        );
    }

    #[test]
    fn relative_days() {
        assert_eq!(one("today", MON), t("today", MON, Day));
        assert_eq!(one("Tonight the", MON), t("Tonight", MON, Day));
        assert_eq!(one("this morning", MON), t("this morning", MON, Day));
        assert_eq!(one("this afternoon", MON), t("this afternoon", MON, Day));
        assert_eq!(one("this evening", MON), t("this evening", MON, Day));
        assert_eq!(one("earlier today", MON), t("earlier today", MON, Day));
        assert_eq!(one("Yesterday", MON), t("Yesterday", "2025-06-22", Day));
        assert_eq!(
            one("yesterday afternoon", MON),
            t("yesterday afternoon", "2025-06-22", Day)
        );
        assert_eq!(one("last night", MON), t("last night", "2025-06-22", Day));
        assert_eq!(one("tomorrow", MON), t("tomorrow", "2025-06-24", Day));
        assert_eq!(
            one("the day before yesterday", MON),
            t("the day before yesterday", "2025-06-21", Day)
        );
        assert_eq!(
            one("the day after tomorrow", MON),
            t("the day after tomorrow", "2025-06-25", Day)
        );
        assert_eq!(
            one("yesterday", "2025-01-01"),
            t("yesterday", "2024-12-31", Day)
        );
    }

    #[test]
    fn weeks() {
        assert_eq!(one("last week", MON), t("last week", "2025-06-16", Week));
        assert_eq!(one("last week", SUN), t("last week", "2025-06-16", Week));
        assert_eq!(one("this week", WED), t("this week", MON, Week));
        assert_eq!(
            one("earlier this week", WED),
            t("earlier this week", MON, Week)
        );
        assert_eq!(one("later this week", WED), t("later this week", MON, Week));
        assert_eq!(one("next week", WED), t("next week", "2025-06-30", Week));
    }

    #[test]
    fn weekends() {
        assert_eq!(
            one("Rallies were held over the weekend.", MON),
            t("the weekend", "2025-06-21", Day)
        );
        assert_eq!(
            one("at the weekend", WED),
            t("the weekend", "2025-06-21", Day)
        );
        assert_eq!(
            one("over the past weekend", MON),
            t("the past weekend", "2025-06-21", Day)
        );
        assert_eq!(
            one("this weekend", MON),
            t("this weekend", "2025-06-21", Day)
        );
        assert_eq!(
            one("this weekend", SUN),
            t("this weekend", "2025-06-28", Day)
        );
        assert_eq!(
            one("last weekend", MON),
            t("last weekend", "2025-06-21", Day)
        );
        assert_eq!(
            one("last weekend", SUN),
            t("last weekend", "2025-06-21", Day)
        );
        assert_eq!(
            one("next weekend", MON),
            t("next weekend", "2025-06-28", Day)
        );
        assert_eq!(
            one("next weekend", "2025-06-28"),
            t("next weekend", "2025-07-05", Day)
        );
        // "the weekend" without a preposition is not resolved
        none("the weekend edition", MON);
    }

    #[test]
    fn months_relative() {
        assert_eq!(one("last month", MON), t("last month", "2025-05-01", Month));
        assert_eq!(
            one("last month", "2025-01-15"),
            t("last month", "2024-12-01", Month)
        );
        assert_eq!(one("this month", MON), t("this month", "2025-06-01", Month));
        assert_eq!(
            one("earlier this month", MON),
            t("earlier this month", "2025-06-01", Month)
        );
        assert_eq!(
            one("next month", "2025-12-03"),
            t("next month", "2026-01-01", Month)
        );
        assert_eq!(
            one("late last month", MON),
            t("late last month", "2025-05-01", Month)
        );
    }

    #[test]
    fn years_relative() {
        assert_eq!(one("last year", MON), t("last year", "2024-01-01", Year));
        assert_eq!(one("this year", MON), t("this year", "2025-01-01", Year));
        assert_eq!(
            one("next year's vote", MON),
            t("next year", "2026-01-01", Year)
        );
        assert_eq!(
            one("earlier this year", MON),
            t("earlier this year", "2025-01-01", Year)
        );
        assert_eq!(
            one("early next year", MON),
            t("early next year", "2026-01-01", Year)
        );
    }

    #[test]
    fn month_day() {
        assert_eq!(one("on June 23", MON), t("June 23", MON, Day));
        assert_eq!(one("on 23 June", MON), t("23 June", MON, Day));
        assert_eq!(one("on June 23rd.", MON), t("June 23rd", MON, Day));
        assert_eq!(one("on the 23rd of June", MON), t("23rd of June", MON, Day));
        assert_eq!(one("Jan. 5", FEB), t("Jan. 5", "2025-01-05", Day));
        assert_eq!(one("Sept. 12", FEB), t("Sept. 12", "2024-09-12", Day));
        assert_eq!(one("Sep 12", FEB), t("Sep 12", "2024-09-12", Day));
        assert_eq!(one("on 5 Jan", FEB), t("5 Jan", "2025-01-05", Day));
        assert_eq!(one("JUNE 23", MON), t("JUNE 23", MON, Day));
        // closest year: an upcoming date stays in the publication year...
        assert_eq!(one("a vote on July 4", MON), t("July 4", "2025-07-04", Day));
        // ...and crosses year boundaries both ways
        assert_eq!(
            one("on Dec. 28", "2025-01-03"),
            t("Dec. 28", "2024-12-28", Day)
        );
        assert_eq!(
            one("on Jan. 2", "2025-12-30"),
            t("Jan. 2", "2026-01-02", Day)
        );
        // Feb 29 picks the leap year
        assert_eq!(
            one("on February 29", "2025-01-10"),
            t("February 29", "2024-02-29", Day)
        );
        // invalid days are not dates
        none("on February 30", MON);
        none("on June 31", MON);
        // no publication date, no year: unresolvable
        assert!(run("on June 23", None).is_empty());
    }

    #[test]
    fn month_day_year() {
        assert_eq!(
            one("On June 23, 2025, troops", FEB),
            t("June 23, 2025", MON, Day)
        );
        assert_eq!(
            one("June 23rd, 2024", FEB),
            t("June 23rd, 2024", "2024-06-23", Day)
        );
        assert_eq!(
            one("23 June 2024", FEB),
            t("23 June 2024", "2024-06-23", Day)
        );
        assert_eq!(one("5 Jan. 2020", FEB), t("5 Jan. 2020", "2020-01-05", Day));
        assert_eq!(
            run("on June 23, 2025", None),
            vec![t("June 23, 2025", MON, Day)]
        );
        assert_eq!(
            run("on 9 November 1989", None),
            vec![t("9 November 1989", "1989-11-09", Day)]
        );
    }

    #[test]
    fn month_alone() {
        assert_eq!(one("in June", MON), t("June", "2025-06-01", Month));
        assert_eq!(one("in December", FEB), t("December", "2024-12-01", Month));
        assert_eq!(one("in February", FEB), t("February", "2025-02-01", Month));
        assert_eq!(one("since April", FEB), t("April", "2024-04-01", Month));
        assert_eq!(one("mid-August", MON), t("mid-August", "2024-08-01", Month));
        assert_eq!(
            one("in early June", MON),
            t("early June", "2025-06-01", Month)
        );
        assert_eq!(one("late May", MON), t("late May", "2025-05-01", Month));
        assert_eq!(one("last June", MON), t("last June", "2024-06-01", Month));
        assert_eq!(one("last April", MON), t("last April", "2025-04-01", Month));
        assert_eq!(one("next June", MON), t("next June", "2026-06-01", Month));
        assert_eq!(
            one("next September", MON),
            t("next September", "2025-09-01", Month)
        );
        assert_eq!(
            one("this September", MON),
            t("this September", "2025-09-01", Month)
        );
        // a capitalized month without context is a name, not a date
        none("June Carter sang", MON);
        none("the Jan report", MON);
        // no publication date
        assert!(run("in June", None).is_empty());
    }

    #[test]
    fn month_year() {
        assert_eq!(
            run("June 2024", None),
            vec![t("June 2024", "2024-06-01", Month)]
        );
        assert_eq!(
            one("in June 2024", MON),
            t("June 2024", "2024-06-01", Month)
        );
        assert_eq!(
            one("in June of 2024", MON),
            t("June of 2024", "2024-06-01", Month)
        );
        assert_eq!(one("Jan. 2020", MON), t("Jan. 2020", "2020-01-01", Month));
        assert_eq!(
            one("in mid-June 2024", MON),
            t("mid-June 2024", "2024-06-01", Month)
        );
        assert_eq!(
            one("since March 2011", MON),
            t("March 2011", "2011-03-01", Month)
        );
        assert_eq!(
            one("May 2024 elections", MON),
            t("May 2024", "2024-05-01", Month)
        );
    }

    #[test]
    fn may_and_march_ambiguity() {
        none("Iran may retaliate", MON);
        none("Iran May retaliate", MON);
        none("IRAN MAY RETALIATE", MON);
        none("Theresa May said", MON);
        none("May God protect", MON);
        none("a march on the capital", MON);
        none("protesters march through the city", MON);
        none("A March on the capital", MON);
        none("They may 2x the budget", MON);
        assert_eq!(one("in May", MON), t("May", "2025-05-01", Month));
        assert_eq!(one("until March", MON), t("March", "2025-03-01", Month));
        assert_eq!(one("on May 5", MON), t("May 5", "2025-05-05", Day));
        assert_eq!(one("May 5", MON), t("May 5", "2025-05-05", Day));
        assert_eq!(
            one("early March", MON),
            t("early March", "2025-03-01", Month)
        );
        assert_eq!(one("mid-May", MON), t("mid-May", "2025-05-01", Month));
        assert_eq!(one("March 2020", MON), t("March 2020", "2020-03-01", Month));
        // "in May 2000 people" is a count, the month still resolves
        assert_eq!(
            one("in May 2000 people fled", MON),
            t("May", "2025-05-01", Month)
        );
        // "in March 20 people died": the day reading is vetoed
        assert_eq!(
            one("in March 20 people died", MON),
            t("March", "2025-03-01", Month)
        );
    }

    #[test]
    fn years() {
        assert_eq!(one("in 2018", MON), t("2018", "2018-01-01", Year));
        assert_eq!(run("in 2018", None), vec![t("2018", "2018-01-01", Year)]);
        assert_eq!(one("during 2019", MON), t("2019", "2019-01-01", Year));
        assert_eq!(one("the end of 2020", MON), t("2020", "2020-01-01", Year));
        assert_eq!(one("since 2011", MON), t("2011", "2011-01-01", Year));
        assert_eq!(one("the 2016 election", MON), t("2016", "2016-01-01", Year));
        assert_eq!(one("(2019)", MON), t("2019", "2019-01-01", Year));
        assert_eq!(one("in mid-2018", MON), t("mid-2018", "2018-01-01", Year));
        assert_eq!(
            one("in early 2018", MON),
            t("early 2018", "2018-01-01", Year)
        );
        assert_eq!(one("2018's protests", MON), t("2018", "2018-01-01", Year));
        assert_eq!(one("in 1848", MON), t("1848", "1848-01-01", Year));
        assert_eq!(
            run("from 2015 to 2018", Some(MON)),
            vec![t("2015", "2015-01-01", Year), t("2018", "2018-01-01", Year)]
        );
        assert_eq!(
            run("the 2017-2018 season", Some(MON)),
            vec![t("2017", "2017-01-01", Year), t("2018", "2018-01-01", Year)]
        );
    }

    #[test]
    fn numbers_are_not_years() {
        none("2,000 people were killed", MON);
        none("1,500 troops", MON);
        none("No. 2", MON);
        none("No. 2019", MON);
        none("cost $2019", MON);
        none("2000 people marched", MON);
        none("some 2000 protesters", MON);
        none("at least 1999 were hurt", MON);
        none("a 2000-strong force", MON);
        none("at 1930 GMT", MON);
        none("in 1930 GMT", MON);
        none("power was cut in 2000 homes", MON);
        none("2000km away", MON);
        none("rose 2000%", MON);
        none("FY2019 budget", MON);
        none("Resolution 2019", MON);
        none("#2019", MON);
        none("23/06/2025", MON);
        none("23.06.2025", MON);
        none("1500-2000 people", MON);
        none("the 1990s", MON);
        none("in the 1990's", MON);
        none("rose to 2000", MON);
        none("in 1750", MON);
        none("1850 votes", MON);
        none("12345", MON);
        none("2025-13-45", MON);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(one("on 2025-06-23 the", FEB), t("2025-06-23", MON, Day));
        assert_eq!(
            run("2025-06-23T10:00:00Z", None),
            vec![t("2025-06-23", MON, Day)]
        );
        assert_eq!(
            run("(2024-02-29)", None),
            vec![t("2024-02-29", "2024-02-29", Day)]
        );
        assert!(run("2025-02-29", None).is_empty());
    }

    #[test]
    fn ago() {
        assert_eq!(one("3 days ago", MON), t("3 days ago", "2025-06-20", Day));
        assert_eq!(one("a day ago", MON), t("a day ago", "2025-06-22", Day));
        assert_eq!(
            one("two weeks ago", WED),
            t("two weeks ago", "2025-06-09", Week)
        );
        assert_eq!(one("a week ago", MON), t("a week ago", "2025-06-16", Week));
        assert_eq!(
            one("three months ago", MON),
            t("three months ago", "2025-03-01", Month)
        );
        assert_eq!(
            one("six months ago", FEB),
            t("six months ago", "2024-08-01", Month)
        );
        assert_eq!(one("a year ago", MON), t("a year ago", "2024-01-01", Year));
        assert_eq!(
            one("Twelve years ago", MON),
            t("Twelve years ago", "2013-01-01", Year)
        );
        assert_eq!(
            one("100 days ago", MON),
            t("100 days ago", "2025-03-15", Day)
        );
        none("two weeks", MON);
        assert!(run("3 days ago", None).is_empty());
        // huge counts neither panic nor overflow
        let _ = run(
            "999999 years ago 999999 days ago 999999 months ago 99999 weeks ago",
            Some(MON),
        );
    }

    #[test]
    fn no_publication_date() {
        let text = "On Monday, last week, in June, yesterday, on June 23, 3 days ago, \
                    in 2018, June 2024, 2025-06-23 and 23 June 2024.";
        let v = run(text, None);
        assert_eq!(
            v,
            vec![
                t("2018", "2018-01-01", Year),
                t("June 2024", "2024-06-01", Month),
                t("2025-06-23", MON, Day),
                t("23 June 2024", "2024-06-23", Day),
            ]
        );
        // an invalid publication date is ignored rather than trusted
        let bad = Date {
            year: 2025,
            month: 2,
            day: 30,
        };
        assert!(find_dates("yesterday", Some(bad)).is_empty());
        let huge = Date {
            year: i32::MAX,
            month: 12,
            day: 31,
        };
        assert!(find_dates("next year, last month", Some(huge)).is_empty());
    }

    #[test]
    fn sentence_with_several_mentions() {
        let text = "Israeli forces struck Gaza on Tuesday, a week after talks collapsed \
                    on June 10, and officials said last night that a ceasefire agreed in \
                    January 2024 was over.";
        let v = run(text, Some(WED));
        assert_eq!(
            v,
            vec![
                t("Tuesday", "2025-06-24", Day),
                t("June 10", "2025-06-10", Day),
                t("last night", "2025-06-24", Day),
                t("January 2024", "2024-01-01", Month),
            ]
        );
    }

    #[test]
    fn offsets_and_unicode() {
        let text = "Überraschend — am Montag? No: «On Monday», said 北京 officials; yesterday\u{a0}night, \
                    June\u{a0}23 – and in 2018… 🎉";
        let ms = find_dates(text, Some(d(WED)));
        check_invariants(text, &ms);
        let texts: Vec<&str> = ms.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(
            texts,
            vec!["Monday", "yesterday\u{a0}night", "June\u{a0}23", "2018"]
        );
        for m in &ms {
            assert_eq!(&text[m.start..m.end], m.text);
        }
    }

    #[test]
    fn empty_and_odd_inputs() {
        assert!(find_dates("", Some(d(MON))).is_empty());
        assert!(find_dates("", None).is_empty());
        for s in [
            " ",
            "\0",
            "\u{feff}",
            "é",
            "-",
            "--",
            "2025-",
            "2025-06-",
            "June",
            "June ,",
            "on",
            "the",
            "the day",
            "the day before",
            "last",
            "this past",
            "mid-",
            "early-",
            "3 days",
            "Monday,",
            "Jan.",
            "23rd",
            "23rd of",
            "’s",
            "2018'",
            "2018’s",
            "\u{301}\u{301}",
            "ǅ",
            "ΣΣ 2018",
        ] {
            let ms = find_dates(s, Some(d(MON)));
            check_invariants(s, &ms);
            let ms = find_dates(s, None);
            check_invariants(s, &ms);
        }
    }

    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = Lcg(0x5eed);
        let pubs = [
            Some(d(MON)),
            None,
            Some(d("2024-02-29")),
            Some(d("0001-01-01")),
            Some(d("9999-12-31")),
        ];
        for round in 0..4000 {
            let len = rng.below(64);
            let bytes: Vec<u8> = (0..len)
                .map(|_| match rng.below(4) {
                    0 => b"0123456789"[rng.below(10)],
                    1 => b" ,.-/'$"[rng.below(7)],
                    _ => rng.next() as u8,
                })
                .collect();
            let text = String::from_utf8_lossy(&bytes);
            let ms = find_dates(&text, pubs[round % pubs.len()]);
            check_invariants(&text, &ms);
        }
    }

    #[test]
    fn random_token_soup_never_panics() {
        const VOCAB: &[&str] = &[
            "on",
            "in",
            "the",
            "last",
            "this",
            "next",
            "past",
            "Monday",
            "Sunday",
            "week",
            "weeks",
            "month",
            "year",
            "years",
            "days",
            "ago",
            "weekend",
            "over",
            "day",
            "before",
            "after",
            "yesterday",
            "tomorrow",
            "today",
            "tonight",
            "night",
            "morning",
            "June",
            "May",
            "March",
            "Jan",
            "Sept",
            "of",
            "mid",
            "early",
            "late",
            "earlier",
            "later",
            "a",
            "two",
            "twelve",
            "23",
            "5",
            "31",
            "2018",
            "2025",
            "1990",
            "2,000",
            "-",
            "–",
            ".",
            ",",
            "'",
            "’",
            "s",
            "rd",
            "th",
            "$",
            "#",
            "/",
            ":",
            "%",
            "(",
            ")",
            "people",
            "GMT",
            "No",
            "to",
            "and",
            "é",
            "北京",
            "🎉",
            "\u{a0}",
            "999999",
            "06",
            "00",
        ];
        let mut rng = Lcg(42);
        let pubs = [
            Some(d(MON)),
            Some(d(SUN)),
            Some(d("2025-01-01")),
            Some(d("2025-12-31")),
            None,
        ];
        for round in 0..4000 {
            let n = rng.below(24);
            let mut text = String::new();
            for _ in 0..n {
                text.push_str(VOCAB[rng.below(VOCAB.len())]);
                if rng.below(3) != 0 {
                    text.push(' ');
                }
            }
            let ms = find_dates(&text, pubs[round % pubs.len()]);
            check_invariants(&text, &ms);
            for m in &ms {
                assert!(m.date.is_valid(), "{text:?} {m:?}");
            }
        }
    }

    #[test]
    fn window_boundaries_are_invisible() {
        // Mentions far into a long text are found exactly as in a short one.
        let unit = "Filler words, 2,000 people and more filler. On Monday, June 23, 2025, \
                    talks resumed; last week in 2018 and three days ago. ";
        let short = find_dates(unit, Some(d(WED)));
        assert_eq!(short.len(), 4);
        let long: String = unit.repeat(3000);
        let ms = find_dates(&long, Some(d(WED)));
        check_invariants(&long, &ms);
        assert_eq!(ms.len(), short.len() * 3000);
        for (k, m) in ms.iter().enumerate() {
            let s = &short[k % short.len()];
            assert_eq!(
                (m.date, m.precision, &m.text),
                (s.date, s.precision, &s.text)
            );
            assert_eq!(m.start - s.start, (k / short.len()) * unit.len());
        }
    }

    #[test]
    fn huge_degenerate_inputs() {
        for s in [
            "a".repeat(1 << 20),
            "9".repeat(1 << 20),
            "1,".repeat(1 << 19),
            " ".repeat(1 << 20),
            "é".repeat(1 << 19),
            "-".repeat(1 << 20),
            "June ".repeat(1 << 17),
            "the ".repeat(1 << 17),
        ] {
            let ms = find_dates(&s, Some(d(MON)));
            check_invariants(&s, &ms);
        }
    }

    #[test]
    fn lexicon_has_no_duplicates() {
        let mut seen = std::collections::HashSet::new();
        for e in ENTRIES {
            assert!(seen.insert(e.0), "duplicate {}", e.0);
            assert!(
                e.0.len() <= MAX_WORD && e.0.bytes().all(|b| b.is_ascii_lowercase()),
                "{}",
                e.0
            );
        }
    }

    /// `cargo test --release -- --ignored --nocapture throughput`
    #[test]
    #[ignore]
    fn throughput() {
        let unit = "GAZA CITY (Reuters) - Israeli air strikes killed at least 2,000 people on Monday, \
                    health officials said, a week after talks in Cairo collapsed on June 10. The \
                    ceasefire agreed in January 2024 ended last month, and the army said it may \
                    widen operations next week. Überraschend — 北京 officials met over the weekend. ";
        let text = unit.repeat((64 << 20) / unit.len());
        let t0 = std::time::Instant::now();
        let ms = find_dates(&text, Some(d(MON)));
        let dt = t0.elapsed().as_secs_f64();
        println!(
            "{} mentions, {:.1} MB/s",
            ms.len(),
            text.len() as f64 / dt / 1e6
        );
    }
}
