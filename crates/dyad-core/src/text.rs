//! Text stage: normalisation, script masking, tokens with byte offsets, sentences.
//!
//! Offsets are byte offsets into the document text throughout the pipeline; the
//! record stage converts them to character offsets for output.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalise a document's text: Unicode NFC. Quotes, dashes and whitespace are
/// *not* rewritten in the text (that would move offsets); tokens carry a normalised
/// form instead (see [`Token::norm`]).
pub fn normalize(text: &str) -> String {
    normalize_cow(text).into_owned()
}

/// [`normalize`] without a copy when the text is already normal (NFC, no control characters
/// other than newline and tab), which is the common case and always so for text that has
/// been through `normalize` once.
pub fn normalize_cow(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let (nfc, control) = nfc_and_control(text);
    let (text, control): (Cow<'_, str>, bool) = if nfc {
        (Cow::Borrowed(text), control)
    } else {
        // composing leaves control characters as they are; look for them in the result
        let composed: String = text.nfc().collect();
        let control = composed.bytes().any(|b| b < 0x20 && b != b'\n' && b != b'\t');
        (Cow::Owned(composed), control)
    };
    // Control characters other than \n and \t become spaces (same length in bytes: ASCII only).
    if control {
        Cow::Owned(
            text.chars()
                .map(|c| {
                    if (c as u32) < 0x20 && c != '\n' && c != '\t' {
                        ' '
                    } else {
                        c
                    }
                })
                .collect(),
        )
    } else {
        text
    }
}

/// Whether `text` passes the NFC quick check, and (when it does) whether it holds a control
/// character other than newline and tab. Stretches of 32 bytes of printable ASCII (nearly all of an English
/// text) are passed over in one vectorised test; the quick check runs only over the non-ASCII
/// stretches: an ASCII character is an NFC starter, which resets the check's state, so the
/// answer is the same as over the whole text.
fn nfc_and_control(text: &str) -> (bool, bool) {
    let b = text.as_bytes();
    let mut control = false;
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 32) {
            if printable_ascii(chunk) {
                i += 32;
                continue;
            }
        }
        if b[i] < 0x80 {
            control |= b[i] < 0x20 && b[i] != b'\n' && b[i] != b'\t';
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i] >= 0x80 {
            i += 1;
        }
        if !matches!(is_nfc_quick(text[start..i].chars()), IsNormalized::Yes) {
            return (false, false);
        }
    }
    (true, control)
}

/// Whether every byte of `chunk` is printable ASCII (0x20..0x7F), eight bytes at a time.
#[inline]
fn printable_ascii(chunk: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const SPACE: u64 = 0x2020_2020_2020_2020;
    let mut words = chunk.chunks_exact(8);
    let ok = words.all(|w| {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // no byte >= 0x80, and none below 0x20 (x - 0x20 borrows into the high bit)
        x & HIGH == 0 && (x.wrapping_sub(SPACE) & !x & HIGH) == 0
    });
    ok && words.remainder().iter().all(|&c| (0x20..0x80).contains(&c))
}

/// Byte ranges of lines that are coded. A line whose letters are mostly in a
/// non-Latin script (a scraped Arabic ad label in an English story, say) is
/// kept in the document but skipped by the coder.
pub fn coded_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let (mut latin, mut other) = (0usize, 0usize);
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // ASCII letters are counted without decoding, 32 bytes at a time where all are ASCII
            if let Some(chunk) = b.get(i..i + 32) {
                if chunk.is_ascii() {
                    latin += chunk.iter().filter(|x| x.is_ascii_alphabetic()).count();
                    i += 32;
                    continue;
                }
            }
            if b[i] < 0x80 {
                latin += usize::from(b[i].is_ascii_alphabetic());
                i += 1;
                continue;
            }
            let c = line[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if c.is_alphabetic() {
                if ('\u{00C0}'..='\u{024F}').contains(&c) {
                    latin += 1;
                } else {
                    other += 1;
                }
            }
        }
        if latin > 0 && latin >= other {
            out.push((start, end));
        }
        start = end;
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokKind {
    Word,
    Number,
    Punct,
}

/// A token's normalised form. Nearly every word fits in 22 bytes and is stored inline, so
/// tokenising does not allocate per token; longer forms go to the heap. Reads as a `&str`.
#[derive(Clone)]
pub struct Norm(NormRepr);

#[derive(Clone)]
enum NormRepr {
    Inline { len: u8, buf: [u8; NORM_INLINE] },
    Heap(Box<str>),
}

const NORM_INLINE: usize = 22;

impl Norm {
    pub fn new(s: &str) -> Norm {
        if s.len() <= NORM_INLINE {
            let mut buf = [0u8; NORM_INLINE];
            buf[..s.len()].copy_from_slice(s.as_bytes());
            Norm(NormRepr::Inline {
                len: s.len() as u8,
                buf,
            })
        } else {
            Norm(NormRepr::Heap(s.into()))
        }
    }

    /// The lower-case form of a short token that is ASCII without a backtick (nearly every
    /// token), copied and lower-cased in one pass; None for any other token.
    #[inline]
    fn ascii_lower_inline(b: &[u8]) -> Option<Norm> {
        if b.len() > NORM_INLINE {
            return None;
        }
        let mut buf = [0u8; NORM_INLINE];
        let mut plain = true;
        for (d, &c) in buf.iter_mut().zip(b) {
            plain &= c < 0x80 && c != b'`';
            *d = c.to_ascii_lowercase();
        }
        plain.then_some(Norm(NormRepr::Inline {
            len: b.len() as u8,
            buf,
        }))
    }

    /// The ASCII lower-case form of `s` (which must be ASCII).
    fn ascii_lower(s: &str) -> Norm {
        let mut n = Norm::new(s);
        match &mut n.0 {
            NormRepr::Inline { len, buf } => buf[..*len as usize].make_ascii_lowercase(),
            NormRepr::Heap(b) => b.make_ascii_lowercase(),
        }
        n
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            NormRepr::Inline { len, buf } => {
                // SAFETY: `buf[..len]` is always a copy of a whole `&str` (see `new`), possibly
                // ASCII-lower-cased in place, which keeps it valid UTF-8.
                unsafe { std::str::from_utf8_unchecked(&buf[..*len as usize]) }
            }
            NormRepr::Heap(b) => b,
        }
    }
}

impl std::ops::Deref for Norm {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Token {
    fn as_ref(&self) -> &str {
        self.norm.as_str()
    }
}

impl AsRef<str> for Norm {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Norm {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Norm {
    fn eq(&self, o: &Norm) -> bool {
        self.as_str() == o.as_str()
    }
}
impl Eq for Norm {}
impl std::hash::Hash for Norm {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}
impl PartialEq<str> for Norm {
    fn eq(&self, o: &str) -> bool {
        self.as_str() == o
    }
}
impl PartialEq<&str> for Norm {
    fn eq(&self, o: &&str) -> bool {
        self.as_str() == *o
    }
}
impl PartialEq<String> for Norm {
    fn eq(&self, o: &String) -> bool {
        self.as_str() == o.as_str()
    }
}
impl std::fmt::Debug for Norm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}
impl std::fmt::Display for Norm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl From<Norm> for String {
    fn from(n: Norm) -> String {
        n.as_str().to_string()
    }
}

#[derive(Clone, Debug)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
    /// Lower-cased, with curly quotes/dashes folded (’ -> ', – -> -).
    pub norm: Norm,
    /// First character is upper case.
    pub cap: bool,
    /// Per-dictionary cache of this token's interned id (see `phrase::PhraseIndex`), so each
    /// token is hashed once per dictionary however often it is looked up.
    pub ids: [std::cell::Cell<u32>; 3],
    /// Cache of "is a reporting verb": 0 unknown, 1 no, 2 yes.
    pub report: std::cell::Cell<u8>,
}

/// `Token::ids` value before the first lookup.
pub const ID_UNSET: u32 = u32::MAX - 1;
/// `Token::ids` value of a token absent from the dictionary.
pub const ID_NONE: u32 = u32::MAX;

impl Token {
    /// A token with empty dictionary-id and reporting-verb caches.
    #[inline]
    fn new(start: usize, end: usize, kind: TokKind, norm: Norm, cap: bool) -> Token {
        Token {
            start,
            end,
            kind,
            norm,
            cap,
            ids: [
                std::cell::Cell::new(ID_UNSET),
                std::cell::Cell::new(ID_UNSET),
                std::cell::Cell::new(ID_UNSET),
            ],
            report: std::cell::Cell::new(0),
        }
    }

    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.start..self.end]
    }
    pub fn is(&self, w: &str) -> bool {
        self.norm == w
    }
}

/// Abbreviations that keep their final period inside the token (never end a sentence).
const ABBREV: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "sen", "rep", "gov", "pres", "st", "jr",
    "sr", "prof", "capt", "maj", "adm", "amb", "no", "nos", "jan", "feb", "apr", "aug", "sept",
    "sep", "oct", "nov", "dec", "inc", "corp", "ltd", "co", "vs", "mt", "ft", "brig", "cmdr",
    "cpl", "pvt", "rev", "msgr", "fr", "hon", "gens", "supt", "insp", "dept", "univ", "est",
    "approx", "etc", "al",
];

fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\u{00A0}' => ' ',
        _ => c,
    }
}

fn push_lower(out: &mut String, s: &str) {
    for c in s.chars() {
        let c = fold_char(c);
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            // Strip common Latin diacritics so "Élysée" matches "elysee".
            match c {
                'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                    out.push('a')
                }
                'ç' | 'Ç' | 'č' | 'Č' | 'ć' | 'Ć' => out.push('c'),
                'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' | 'ě' | 'ė' | 'ę' => {
                    out.push('e')
                }
                'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'ı' | 'İ' => {
                    out.push('i')
                }
                'ñ' | 'Ñ' | 'ń' => out.push('n'),
                'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'ő' => {
                    out.push('o')
                }
                'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'ű' | 'ū' => {
                    out.push('u')
                }
                'ý' | 'ÿ' | 'Ý' => out.push('y'),
                'š' | 'Š' | 'ś' | 'ş' | 'Ş' | 'ș' => out.push('s'),
                'ž' | 'Ž' | 'ź' | 'ż' => out.push('z'),
                'ğ' | 'Ğ' => out.push('g'),
                'ł' | 'Ł' => out.push('l'),
                'ř' => out.push('r'),
                'ţ' | 'ț' => out.push('t'),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
}

fn is_apos(c: char) -> bool {
    fold_char(c) == '\''
}

/// Tokenise `text[start..end]`, appending tokens with absolute byte offsets.
/// Long ranges are cut at whitespace into segments of about 64 KB (tokens never span
/// whitespace), so the working memory stays bounded on a megabyte-long line.
pub fn tokenize_into(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    const SEGMENT: usize = 64 * 1024;
    let mut a = start;
    while end - a > SEGMENT {
        let mut cut = a + SEGMENT;
        while cut < end && !text.is_char_boundary(cut) {
            cut += 1;
        }
        // move the cut to the next whitespace
        match text[cut..end].find(char::is_whitespace) {
            Some(off) => cut += off,
            None => break,
        }
        tokenize_segment(text, a, cut, out);
        a = cut;
    }
    tokenize_segment(text, a, end, out);
}

/// Byte length of the whitespace character (`char::is_whitespace`) at byte `i` of `text`, a
/// character boundary, or 0. ASCII is answered without decoding.
#[inline]
pub fn whitespace_len(text: &str, i: usize) -> usize {
    let c = text.as_bytes()[i];
    if c < 0x80 {
        return usize::from(matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c));
    }
    match text[i..].chars().next() {
        Some(ch) if ch.is_whitespace() => ch.len_utf8(),
        _ => 0,
    }
}

/// `text` with every whitespace run between two words collapsed to one separator and edge
/// whitespace dropped, handed to `out` as pieces whose concatenation is the result. The
/// separator is a newline where the run holds a line break and `keep_newlines` is set, else a
/// space. Text that is already collapsed comes out as a few long verbatim pieces, so callers
/// copy or hash it in bulk.
pub fn collapse_whitespace<'a>(text: &'a str, keep_newlines: bool, mut out: impl FnMut(&'a str)) {
    let b = text.as_bytes();
    let n = b.len();
    // leading whitespace; after it every whitespace run follows a word
    let mut i = 0;
    while i < n {
        match whitespace_len(text, i) {
            0 => break,
            w => i += w,
        }
    }
    let mut span = i; // start of the verbatim span not yet handed out
    loop {
        // printable ASCII, and single spaces between printable ASCII, stay in the span
        while i < n {
            let c = b[i];
            if c > b' ' && c < 0x80 {
                i += 1;
            } else if c == b' ' && i + 1 < n && b[i + 1] > b' ' && b[i + 1] < 0x80 {
                i += 2;
            } else {
                break;
            }
        }
        if i >= n {
            break;
        }
        let w = whitespace_len(text, i);
        if w == 0 {
            // another character of a word (non-ASCII, or a control character)
            i += if b[i] < 0x80 { 1 } else { utf8_len(b[i]) };
            continue;
        }
        // the whitespace run [i, j)
        let mut j = i;
        let mut newline = false;
        while j < n {
            match whitespace_len(text, j) {
                0 => break,
                w => {
                    newline |= b[j] == b'\n';
                    j += w;
                }
            }
        }
        let sep = if newline && keep_newlines { "\n" } else { " " };
        if j < n && j - i == 1 && b[i] == sep.as_bytes()[0] {
            i = j; // already the separator: it stays in the span
            continue;
        }
        out(&text[span..i]);
        if j < n {
            out(sep);
        }
        span = j;
        i = j;
    }
    if n > span {
        out(&text[span..]);
    }
}

/// Length of the UTF-8 sequence that starts with byte `lead` (a non-ASCII lead byte).
#[inline]
pub fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        _ => 2,
    }
}

/// The character at byte `pos` of `s` and its length in bytes (None at the end).
#[inline]
fn char_at(s: &str, pos: usize) -> Option<(char, usize)> {
    let b = *s.as_bytes().get(pos)?;
    if b < 0x80 {
        Some((b as char, 1))
    } else {
        let c = s.get(pos..)?.chars().next()?;
        Some((c, c.len_utf8()))
    }
}

/// The character ending at byte `pos` of `s` (`pos` > 0, at a character boundary).
#[inline]
fn char_before(s: &str, pos: usize) -> char {
    let b = s.as_bytes()[pos - 1];
    if b < 0x80 {
        b as char
    } else {
        s[..pos].chars().next_back().unwrap_or(' ')
    }
}

#[inline]
fn is_alnum_at(s: &str, pos: usize) -> bool {
    char_at(s, pos).is_some_and(|(c, _)| c.is_alphanumeric())
}

/// Tokenises `text[start..end]` walking byte offsets: ASCII characters (nearly all of a news
/// text) are read without decoding, others are decoded where they stand.
fn tokenize_segment(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let s = &text[start..end];
    let bytes = s.as_bytes();
    out.reserve(s.len() / 5);
    let mut i = 0;
    while let Some((c, cl)) = char_at(s, i) {
        if c.is_whitespace() {
            i += cl;
            continue;
        }
        if c.is_alphanumeric() {
            let numeric_start = c.is_ascii_digit();
            let mut j = i + cl;
            loop {
                // a run of ASCII letters and digits, a byte at a time
                while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
                    j += 1;
                }
                let Some((d, dl)) = char_at(s, j) else {
                    break;
                };
                if d.is_alphanumeric() {
                    j += dl;
                    continue;
                }
                // Internal apostrophe followed by a letter that is not a possessive 's.
                if is_apos(d) {
                    if let Some((e, el)) = char_at(s, j + dl) {
                        if e.is_alphabetic() {
                            let rest_is_s = (e == 's' || e == 'S') && !is_alnum_at(s, j + dl + el);
                            let rest_is_t = e == 't' && char_before(s, j) == 'n';
                            if rest_is_s || rest_is_t {
                                break;
                            }
                            j += dl;
                            continue;
                        }
                    }
                }
                // Decimal or thousands separators inside numbers: 1.5, 2,000.
                if numeric_start
                    && (d == '.' || d == ',')
                    && bytes.get(j + 1).is_some_and(|b| b.is_ascii_digit())
                {
                    j += 1;
                    continue;
                }
                break;
            }
            // n't: split "didn't" into "did" + "n't".
            if let Some((a, al)) = char_at(s, j) {
                if is_apos(a)
                    && bytes.get(j + al) == Some(&b't')
                    && j > i + cl
                    && bytes[j - 1] == b'n'
                {
                    let b = j - 1;
                    push_tok(start, s, i, b, TokKind::Word, out);
                    push_tok(start, s, b, j + al + 1, TokKind::Word, out);
                    i = j + al + 1;
                    continue;
                }
            }
            let dot_after = bytes.get(j) == Some(&b'.');
            // Letter-dot sequences: U.S., U.N., a.m., D.C.
            if j == i + cl && c.is_alphabetic() && dot_after {
                let mut k = j; // bytes[k] == b'.'
                let mut groups = 1;
                while groups < 6 {
                    match char_at(s, k + 1) {
                        Some((l, ll))
                            if l.is_alphabetic() && bytes.get(k + 1 + ll) == Some(&b'.') =>
                        {
                            groups += 1;
                            k += 1 + ll;
                        }
                        _ => break,
                    }
                }
                if groups >= 2 {
                    push_tok(start, s, i, k + 1, TokKind::Word, out);
                    i = k + 1;
                    continue;
                }
                // A single capital initial followed by a period: "George W. Bush".
                if c.is_uppercase() {
                    push_tok(start, s, i, j + 1, TokKind::Word, out);
                    i = j + 1;
                    continue;
                }
            }
            // Title/month abbreviations keep their period (all ASCII, at most 6 letters).
            if dot_after && j - i <= 6 {
                let w = &s[i..j];
                if ABBREV.iter().any(|x| x.eq_ignore_ascii_case(w)) {
                    push_tok(start, s, i, j + 1, TokKind::Word, out);
                    i = j + 1;
                    continue;
                }
            }
            let kind = if numeric_start {
                TokKind::Number
            } else {
                TokKind::Word
            };
            push_tok(start, s, i, j, kind, out);
            i = j;
            continue;
        }
        // Possessive 's / plain apostrophe.
        if is_apos(c) {
            if let Some((e, el)) = char_at(s, i + cl) {
                if (e == 's' || e == 'S') && !is_alnum_at(s, i + cl + el) {
                    push_tok(start, s, i, i + cl + el, TokKind::Word, out);
                    i += cl + el;
                    continue;
                }
            }
        }
        // Runs of the same punctuation (..., --) form one token.
        let mut j = i + cl;
        if c == '.' || fold_char(c) == '-' {
            while let Some((d, dl)) = char_at(s, j) {
                if d != c {
                    break;
                }
                j += dl;
            }
        }
        push_tok(start, s, i, j, TokKind::Punct, out);
        i = j;
    }
}

/// Appends the token `s[a..b]` (offsets relative to `base`). Nearly every token is short plain
/// ASCII and takes the inlined path; the others are folded out of line.
#[inline]
fn push_tok(base: usize, s: &str, a: usize, b: usize, kind: TokKind, out: &mut Vec<Token>) {
    let bytes = &s.as_bytes()[a..b];
    match Norm::ascii_lower_inline(bytes) {
        Some(norm) => {
            let cap = bytes.first().is_some_and(|c| c.is_ascii_uppercase());
            out.push(Token::new(base + a, base + b, kind, norm, cap));
        }
        None => push_tok_folded(base, s, a, b, kind, out),
    }
}

#[cold]
#[inline(never)]
fn push_tok_folded(base: usize, s: &str, a: usize, b: usize, kind: TokKind, out: &mut Vec<Token>) {
    let raw = &s[a..b];
    let bytes = raw.as_bytes();
    let (norm, cap) = if bytes.iter().all(|&c| c.is_ascii() && c != b'`') {
        (
            Norm::ascii_lower(raw),
            bytes.first().is_some_and(|c| c.is_ascii_uppercase()),
        )
    } else {
        let mut n = String::with_capacity(raw.len());
        push_lower(&mut n, raw);
        (
            Norm::new(&n),
            raw.chars().next().is_some_and(|c| c.is_uppercase()),
        )
    };
    out.push(Token::new(base + a, base + b, kind, norm, cap));
}

/// Tokenise a whole string (used for dictionary phrases).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, 0, text.len(), &mut out);
    out
}

#[derive(Clone, Debug)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index range into the document's token vector.
    pub tok_start: usize,
    pub tok_end: usize,
}

const STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "in",
    "on",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "there",
    "however",
    "meanwhile",
    "officials",
    "mr.",
    "mrs.",
    "after",
    "at",
    "as",
    "when",
    "while",
    "last",
    "earlier",
    "later",
    "on",
    "since",
    "some",
    "many",
];

/// Split the coded lines of a text into sentences, tokenising as it goes.
/// Every token belongs to exactly one sentence.
pub fn sentences(text: &str, lines: &[(usize, usize)], tokens: &mut Vec<Token>) -> Vec<Sentence> {
    let mut out = Vec::new();
    for &(ls, le) in lines {
        let first = tokens.len();
        tokenize_into(text, ls, le, tokens);
        let last = tokens.len();
        if first == last {
            continue;
        }
        let mut s0 = first;
        let mut i = first;
        while i < last {
            let t = &tokens[i];
            let mut boundary = false;
            let mut end_tok = i; // last token of the sentence
            let terminal = t.kind == TokKind::Punct
                && (t.norm.starts_with('.') || t.norm == "!" || t.norm == "?");
            let abbrev_end = t.kind == TokKind::Word
                && t.norm.ends_with('.')
                && t.norm.len() >= 4
                && t.norm.matches('.').count() >= 2;
            if terminal || abbrev_end {
                // absorb closing quotes and brackets
                let mut k = i + 1;
                while k < last
                    && matches!(tokens[k].norm.as_str(), "\"" | "'" | ")" | "]" | "''")
                    && tokens[k].start == tokens[k - 1].end
                {
                    k += 1;
                }
                end_tok = k - 1;
                if k >= last {
                    boundary = true;
                } else {
                    let nx = &tokens[k];
                    let gap = &text[tokens[end_tok].end..nx.start];
                    let spaced = !gap.is_empty();
                    let starts_upper = nx.cap
                        || nx.kind == TokKind::Number
                        || matches!(nx.norm.as_str(), "\"" | "'" | "(" | "``");
                    if spaced && starts_upper {
                        boundary = if abbrev_end {
                            STARTERS.contains(&nx.norm.as_str())
                        } else {
                            true
                        };
                    }
                }
            }
            if boundary {
                push_sentence(tokens, s0, end_tok + 1, &mut out);
                s0 = end_tok + 1;
                i = end_tok + 1;
            } else {
                i += 1;
            }
        }
        if s0 < last {
            push_sentence(tokens, s0, last, &mut out);
        }
    }
    out
}

fn push_sentence(tokens: &[Token], a: usize, b: usize, out: &mut Vec<Sentence>) {
    out.push(Sentence {
        start: tokens[a].start,
        end: tokens[b - 1].end,
        tok_start: a,
        tok_end: b,
    });
}

/// Byte offset -> character offset conversion with sparse checkpoints.
pub struct CharIndex<'a> {
    text: &'a str,
    /// (byte offset, char offset) every ~256 bytes, at char boundaries.
    marks: Vec<(usize, usize)>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        // A mark at the first character boundary at or after every 256th byte; characters
        // are counted as the bytes that do not continue a UTF-8 sequence (no decoding).
        let b = text.as_bytes();
        let mut marks = Vec::with_capacity(b.len() / 256 + 1);
        marks.push((0, 0));
        let (mut bi, mut ci) = (0usize, 0usize);
        loop {
            let mut next = (bi + 256).min(b.len());
            while next < b.len() && !text.is_char_boundary(next) {
                next += 1;
            }
            if next >= b.len() {
                break;
            }
            ci += b[bi..next].iter().filter(|&&x| (x as i8) >= -0x40).count();
            bi = next;
            marks.push((bi, ci));
        }
        CharIndex { text, marks }
    }
    pub fn to_char(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let k = match self.marks.binary_search_by(|m| m.0.cmp(&byte)) {
            Ok(k) => return self.marks[k].1,
            Err(k) => k - 1,
        };
        let (b0, c0) = self.marks[k];
        c0 + self.text[b0..byte].chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokenize(s).iter().map(|t| t.text(s).to_string()).collect()
    }

    fn sents(s: &str) -> Vec<String> {
        let mut t = Vec::new();
        let lines = coded_lines(s);
        sentences(s, &lines, &mut t)
            .iter()
            .map(|x| s[x.start..x.end].to_string())
            .collect()
    }

    #[test]
    fn tokens_keep_abbreviations_and_split_possessives() {
        assert_eq!(
            toks("The U.S. and Iran’s minister"),
            ["The", "U.S.", "and", "Iran", "’s", "minister"]
        );
        assert_eq!(
            toks("Mr. Putin didn't go."),
            ["Mr.", "Putin", "did", "n't", "go", "."]
        );
        assert_eq!(
            toks("$82.40, up 1.5% (2,000 troops)"),
            ["$", "82.40", ",", "up", "1.5", "%", "(", "2,000", "troops", ")"]
        );
        assert_eq!(toks("UN-brokered deal"), ["UN", "-", "brokered", "deal"]);
        assert_eq!(toks("George W. Bush"), ["George", "W.", "Bush"]);
    }

    #[test]
    fn normalised_forms_fold_quotes_and_accents() {
        let t = tokenize("Iran’s Élysée");
        assert_eq!(t[1].norm, "'s");
        assert_eq!(t[2].norm, "elysee");
    }

    #[test]
    fn sentence_splitter_handles_news_abbreviations() {
        let s = "Mr. Smith met Gen. Lee in the U.S. on Monday. He left at 5 p.m. Jan. 5 was cold. The No. 2 official said 1.5 percent. \"We agree.\" Officials said so.";
        let got = sents(s);
        assert_eq!(
            got,
            [
                "Mr. Smith met Gen. Lee in the U.S. on Monday.",
                "He left at 5 p.m. Jan. 5 was cold.",
                "The No. 2 official said 1.5 percent.",
                "\"We agree.\"",
                "Officials said so.",
            ]
        );
    }

    #[test]
    fn us_at_sentence_end_splits_before_a_sentence_starter() {
        assert_eq!(
            sents("He flew to the U.S. The talks began."),
            ["He flew to the U.S.", "The talks began."]
        );
    }

    #[test]
    fn lines_in_another_script_are_not_coded() {
        let s = "Iran asked Russia for help.\nاضافة اعلان\nPutin agreed.";
        let lines = coded_lines(s);
        assert_eq!(lines.len(), 2);
        assert!(s[lines[1].0..lines[1].1].starts_with("Putin"));
    }

    #[test]
    fn collapse_whitespace_matches_the_line_and_word_split() {
        fn collapse(t: &str, keep: bool) -> String {
            let mut out = String::new();
            collapse_whitespace(t, keep, |p| out.push_str(p));
            out
        }
        fn by_lines(t: &str) -> String {
            let lines: Vec<String> = t
                .lines()
                .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|l| !l.is_empty())
                .collect();
            lines.join("\n")
        }
        let alphabet: Vec<char> = "ab \n\r\t\u{0b}\u{0c}\u{1}\u{a0}\u{2028}\u{3000}\u{85}é’"
            .chars()
            .collect();
        let mut x: u64 = 99;
        let mut next = || {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) as usize
        };
        for _ in 0..100_000 {
            let len = next() % 30;
            let t: String = (0..len)
                .map(|_| alphabet[next() % alphabet.len()])
                .collect();
            assert_eq!(collapse(&t, true), by_lines(&t), "{t:?}");
            let words: Vec<&str> = t.split_whitespace().collect();
            assert_eq!(collapse(&t, false), words.join(" "), "{t:?}");
        }
    }

    #[test]
    fn printable_ascii_test_matches_the_bytewise_one() {
        let mut x: u64 = 5;
        for _ in 0..200_000 {
            let mut chunk = [0u8; 32];
            for c in chunk.iter_mut() {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                // mostly printable, with some control, high and boundary bytes
                *c = match (x >> 40) % 16 {
                    0 => (x >> 48) as u8,
                    1 => [0x1f, 0x20, 0x7f, 0x80, b'\n'][((x >> 50) % 5) as usize],
                    _ => 0x20 + ((x >> 44) % 0x60) as u8,
                };
            }
            let n = ((x >> 20) % 33) as usize;
            let want = chunk[..n].iter().all(|&c| (0x20..0x80).contains(&c));
            assert_eq!(printable_ascii(&chunk[..n]), want, "{:?}", &chunk[..n]);
        }
    }

    #[test]
    fn char_index_counts_multibyte_characters() {
        let s = "Iran’s ".repeat(100) + "end";
        let ci = CharIndex::new(&s);
        let b = s.find("end").unwrap();
        assert_eq!(ci.to_char(b), s[..b].chars().count());
        let mixed = "ab’é𝄞 ".repeat(300);
        let ci = CharIndex::new(&mixed);
        for (n, (b, _)) in mixed.char_indices().enumerate() {
            assert_eq!(ci.to_char(b), n);
        }
        assert_eq!(ci.to_char(mixed.len()), mixed.chars().count());
    }
}
