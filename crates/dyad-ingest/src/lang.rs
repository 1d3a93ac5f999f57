//! Language identification (whatlang trigram model), reported as ISO 639-1 codes.

use whatlang::Lang;

/// At most this many bytes of text are looked at (from the start); plenty for a trigram
/// model and keeps identification fast on very long documents.
const SAMPLE_BYTES: usize = 2 * 1024;

/// Identifies the language of `text` as an ISO 639-1 code (`"en"`, `"ar"`, ...).
/// `None` when the text is too short or whatlang does not consider its guess reliable.
pub fn detect_language(text: &str) -> Option<String> {
    guess(text).filter(|g| g.1).map(|g| g.0.to_string())
}

/// Whatlang's best guess as (ISO 639-1 code, reliable?).
pub(crate) fn guess(text: &str) -> Option<(&'static str, bool)> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if dyad_core::looks_english(sample) {
        return Some(("en", true));
    }
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 12 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    Some((iso639_1(info.lang()), info.is_reliable()))
}

fn iso639_1(l: Lang) -> &'static str {
    match l {
        Lang::Epo => "eo",
        Lang::Eng => "en",
        Lang::Rus => "ru",
        Lang::Cmn => "zh",
        Lang::Spa => "es",
        Lang::Por => "pt",
        Lang::Ita => "it",
        Lang::Ben => "bn",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Ukr => "uk",
        Lang::Kat => "ka",
        Lang::Ara => "ar",
        Lang::Hin => "hi",
        Lang::Jpn => "ja",
        Lang::Heb => "he",
        Lang::Yid => "yi",
        Lang::Pol => "pl",
        Lang::Amh => "am",
        Lang::Jav => "jv",
        Lang::Kor => "ko",
        Lang::Nob => "nb",
        Lang::Dan => "da",
        Lang::Swe => "sv",
        Lang::Fin => "fi",
        Lang::Tur => "tr",
        Lang::Nld => "nl",
        Lang::Hun => "hu",
        Lang::Ces => "cs",
        Lang::Ell => "el",
        Lang::Bul => "bg",
        Lang::Bel => "be",
        Lang::Mar => "mr",
        Lang::Kan => "kn",
        Lang::Ron => "ro",
        Lang::Slv => "sl",
        Lang::Hrv => "hr",
        Lang::Srp => "sr",
        Lang::Mkd => "mk",
        Lang::Lit => "lt",
        Lang::Lav => "lv",
        Lang::Est => "et",
        Lang::Tam => "ta",
        Lang::Vie => "vi",
        Lang::Urd => "ur",
        Lang::Tha => "th",
        Lang::Guj => "gu",
        Lang::Uzb => "uz",
        Lang::Pan => "pa",
        Lang::Aze => "az",
        Lang::Ind => "id",
        Lang::Tel => "te",
        Lang::Pes => "fa",
        Lang::Mal => "ml",
        Lang::Ori => "or",
        Lang::Mya => "my",
        Lang::Nep => "ne",
        Lang::Sin => "si",
        Lang::Khm => "km",
        Lang::Tuk => "tk",
        Lang::Aka => "ak",
        Lang::Zul => "zu",
        Lang::Sna => "sn",
        Lang::Afr => "af",
        Lang::Lat => "la",
        Lang::Slk => "sk",
        Lang::Cat => "ca",
        Lang::Tgl => "tl",
        Lang::Hye => "hy",
        Lang::Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::detect_language;

    #[test]
    fn languages() {
        assert_eq!(
            detect_language(
                "The foreign minister condemned the attack on the embassy and called for calm."
            )
            .as_deref(),
            Some("en")
        );
        assert_eq!(
            detect_language("Le ministre des affaires étrangères a condamné lundi l'attaque contre l'ambassade et a appelé au calme dans la capitale.").as_deref(),
            Some("fr")
        );
        assert_eq!(
            detect_language("وأدان وزير الخارجية الهجوم على السفارة ودعا إلى التهدئة").as_deref(),
            Some("ar")
        );
        assert_eq!(detect_language("ok"), None);
        assert_eq!(detect_language(""), None);
    }
}
