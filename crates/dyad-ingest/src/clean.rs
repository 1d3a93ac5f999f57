//! Line-level removal of the boilerplate that main-content extraction leaves inside
//! news articles: inline ad labels, photo credits, "Read more:"/"Related:" links,
//! newsletter/follow/app calls to action, comment-form text and cookie notices.
//!
//! Every rule looks at one whole line (a paragraph of the extracted text) and only fires
//! on short lines, so ordinary reporting that merely mentions these words is kept.

/// Switches for each family of rules (all on by default).
#[derive(Debug, Clone)]
pub struct Cleanup {
    /// A line that is only an ad label ("Advertisement", "Anzeige", "Publicité", "إعلان").
    pub ad_labels: bool,
    /// Photo credits and captions ("Photo: ...", "Фото: ...", "... [File: Reuters]").
    pub captions: bool,
    /// "Read more: ...", "Related: ...", "SEE ALSO: ..." lines.
    pub link_lines: bool,
    /// Headings of related-story lists ("More stories", "You may also like", "Related Tags:")
    /// together with the headline-like lines that follow them.
    pub link_lists: bool,
    /// Newsletter / follow-us / app / tip-line calls to action.
    pub calls_to_action: bool,
    /// Comment-form text ("Leave a Reply", "You must be logged in to post a comment.").
    pub comment_ui: bool,
    /// Cookie-consent notices.
    pub cookies: bool,
    /// Gallery/UI remnants ("Back to Gallery", "Image 3 of 5", "Print Article").
    pub ui_remnants: bool,
}

impl Default for Cleanup {
    fn default() -> Self {
        Cleanup {
            ad_labels: true,
            captions: true,
            link_lines: true,
            link_lists: true,
            calls_to_action: true,
            comment_ui: true,
            cookies: true,
            ui_remnants: true,
        }
    }
}

impl Cleanup {
    /// Every rule off.
    pub fn none() -> Self {
        Cleanup {
            ad_labels: false,
            captions: false,
            link_lines: false,
            link_lists: false,
            calls_to_action: false,
            comment_ui: false,
            cookies: false,
            ui_remnants: false,
        }
    }
}

/// Applies the enabled rules to text with one paragraph per line.
pub fn clean_body(text: &str, c: &Cleanup) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut keep = vec![true; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let key = key_of(line);
        let words = line.split_whitespace().count();
        let drop = (c.ad_labels && is_ad_label(&key))
            || (c.captions && is_caption(line, &key, words))
            || (c.link_lines && is_link_line(line, &key, words))
            || (c.calls_to_action && is_call_to_action(&key, words))
            || (c.comment_ui && is_comment_ui(&key, words))
            || (c.cookies && is_cookie_notice(&key, words))
            || (c.ui_remnants && is_ui_remnant(&key, words));
        if drop {
            keep[i] = false;
        } else if c.link_lists && is_list_heading(&key, words) {
            // Drop the heading and the run of headline-like lines that follows it, but only
            // when such a run exists (a lone "Related" word is also dropped).
            keep[i] = false;
            let mut j = i + 1;
            while j < lines.len() && looks_like_headline(lines[j]) {
                keep[j] = false;
                j += 1;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    let mut out = String::with_capacity(text.len());
    for (l, k) in lines.iter().zip(&keep) {
        if *k {
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(l);
        }
    }
    out
}

/// Lower-cased line with surrounding punctuation, symbols and whitespace removed and inner
/// whitespace collapsed: "  ADVERTISEMENT: " -> "advertisement".
fn key_of(line: &str) -> String {
    let t = line.trim_matches(|c: char| !c.is_alphanumeric());
    let mut s = String::with_capacity(t.len());
    for (i, w) in t.split_whitespace().enumerate() {
        if i > 0 {
            s.push(' ');
        }
        s.extend(w.chars().flat_map(char::to_lowercase));
    }
    s
}

const AD_LABELS: &[&str] = &[
    // en
    "advertisement",
    "advertisements",
    "advertisment",
    "advertising",
    "advert",
    "adverts",
    "ad",
    "ads",
    "sponsored",
    "sponsored content",
    "sponsored links",
    "paid content",
    "paid post",
    "promoted",
    "promoted content",
    "partner content",
    "ad feedback",
    "skip advert",
    "skip ad",
    "story continues below advertisement",
    "article continues below advertisement",
    "story continues below",
    "article continues below",
    "continue reading below",
    "content continues below",
    "advertisement continue reading below",
    "advertisement scroll to continue with content",
    "scroll to continue with content",
    "report this ad",
    "remove ads",
    // de, nl, scandinavian, fi
    "anzeige",
    "werbung",
    "reklame",
    "advertentie",
    "annonse",
    "annons",
    "annonce",
    "mainos",
    // fr, es, pt, it, ro, ca
    "publicité",
    "publicite",
    "pub",
    "publicidad",
    "publicidade",
    "anuncio",
    "anúncio",
    "pubblicità",
    "publicitate",
    "reclamă",
    "publicitat",
    "contenido patrocinado",
    "contenu sponsorisé",
    // pl, cs, sk, hr, sl, hu, tr, el
    "reklama",
    "oglas",
    "hirdetés",
    "reklam",
    "διαφήμιση",
    // ru, uk, bg
    "реклама",
    "рекламa",
    "оголошення",
    // ar, fa, he, ur
    "إعلان",
    "اعلان",
    "إضافة إعلان",
    "اضافة اعلان",
    "إعلانات",
    "اعلانات",
    "تبلیغات",
    "آگهی",
    "פרסומת",
    "اشتہار",
    // hi, bn, id/ms, vi, th
    "विज्ञापन",
    "বিজ্ঞাপন",
    "iklan",
    "quảng cáo",
    "โฆษณา",
    // zh, ja, ko
    "广告",
    "廣告",
    "広告",
    "광고",
];

fn is_ad_label(key: &str) -> bool {
    key.len() <= 60 && AD_LABELS.contains(&key)
}

/// Prefixes of photo credits ("Photo: AFP", "Фото: личный архив", "Credit: Getty").
const CREDIT_PREFIXES: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "photography",
    "photo credit",
    "image",
    "image credit",
    "images",
    "picture",
    "pictures",
    "credit",
    "credits",
    "source",
    "illustration",
    "foto",
    "fotos",
    "fotografía",
    "fotografia",
    "bild",
    "bildquelle",
    "crédit",
    "crédit photo",
    "crédits",
    "фото",
    "фотография",
    "источник фото",
    "صورة",
    "الصورة",
    "تصوير",
    "写真",
    "图片",
    "사진",
    "zdjęcie",
    "fotó",
    "kuva",
    "billede",
    "bron",
];

const AGENCY_WORDS: &[&str] = &[
    "reuters",
    "afp",
    "ap",
    "ap photo",
    "getty",
    "getty images",
    "epa",
    "shutterstock",
    "file",
    "file photo",
    "efe",
    "dpa",
    "anadolu",
    "xinhua",
    "tass",
    "bloomberg",
    "pa",
    "pa wire",
    "alamy",
    "istock",
    "ansa",
    "via",
];

fn is_caption(line: &str, key: &str, words: usize) -> bool {
    // "Photo: Name/Agency" style credit lines.
    if words <= 14 {
        if let Some((head, rest)) = line.split_once([':', '：']) {
            let head = key_of(head);
            if !rest.trim().is_empty() && CREDIT_PREFIXES.contains(&head.as_str()) {
                return true;
            }
        }
        // "© Aaron Schwartz", "(c) Getty Images"
        let t = line.trim_start();
        if t.starts_with('©') || t.starts_with("(c)") || t.starts_with("(C)") {
            return true;
        }
        // "Photo by Jane Doe/Getty Images", "Photograph by ..."
        if (key.starts_with("photo by ")
            || key.starts_with("photograph by ")
            || key.starts_with("photo courtesy"))
            && words <= 10
        {
            return true;
        }
    }
    // A caption ending with a bracketed credit: "... [File: Reuters]", "... (Photo: AFP)",
    // "... (AP Photo/Jane Doe)", "... (Getty Images)".
    if words <= 60 {
        let t = line.trim_end();
        if let Some(inner) = trailing_bracket(t) {
            let ik = key_of(inner);
            let first = ik.split([' ', ':', '/']).next().unwrap_or("");
            let credit_like = inner.contains(':')
                && CREDIT_PREFIXES
                    .contains(&key_of(inner.split(':').next().unwrap_or("")).as_str())
                || ik.starts_with("ap photo")
                || ik.starts_with("photo by")
                || ik.contains("getty images")
                || ik.contains("shutterstock")
                || (AGENCY_WORDS.contains(&first) && inner.contains([':', '/']));
            if credit_like && inner.split_whitespace().count() <= 10 {
                return true;
            }
        }
    }
    false
}

/// The text inside a `(...)` or `[...]` that ends the line.
fn trailing_bracket(t: &str) -> Option<&str> {
    let close = t.chars().last()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let start = t.rfind(open)?;
    Some(&t[start + open.len_utf8()..t.len() - close.len_utf8()])
}

/// "Read more: ...", "Related: ...", "SEE ALSO: ..." (a label, a colon, then a headline).
const LINK_PREFIXES: &[&str] = &[
    "read more",
    "read also",
    "also read",
    "read next",
    "see also",
    "see more",
    "more",
    "related",
    "related article",
    "related story",
    "related coverage",
    "related content",
    "related link",
    "related video",
    "recommended",
    "must read",
    "don't miss",
    "dont miss",
    "don’t miss",
    "watch",
    "watch now",
    "video",
    "listen",
    "also see",
    "more on this",
    "more on this story",
    "more from",
    "click here",
    "also on",
    "previously",
    "trending",
    // fr, es, pt, it, de, nl
    "lire aussi",
    "à lire aussi",
    "a lire aussi",
    "voir aussi",
    "lire la suite",
    "à lire",
    "lea también",
    "lee también",
    "te puede interesar",
    "también te puede interesar",
    "leia também",
    "leia mais",
    "veja também",
    "saiba mais",
    "leggi anche",
    "potrebbe interessarti",
    "lesen sie auch",
    "mehr zum thema",
    "auch interessant",
    "lees ook",
    "lees meer",
    // ru, uk, ar, tr, id, pl
    "читайте также",
    "читайте также",
    "смотрите также",
    "по теме",
    "ещё по теме",
    "еще по теме",
    "читайте також",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "اقرأ ايضا",
    "اقرأ المزيد",
    "إقرأ أيضا",
    "ذات صلة",
    "مواضيع ذات صلة",
    "ilgili haber",
    "bunu da okuyun",
    "baca juga",
    "czytaj także",
    "czytaj też",
    "zobacz też",
];

fn is_link_line(line: &str, key: &str, words: usize) -> bool {
    if words > 30 {
        return false;
    }
    // "Tags Kristi Noem South Dakota", "Topics: Iran, Sanctions"
    let first = line.split_whitespace().next().unwrap_or("");
    if matches!(
        first,
        "Tags"
            | "TAGS"
            | "Tags:"
            | "Topics:"
            | "Keywords:"
            | "Etiquetas:"
            | "Mots-clés:"
            | "Schlagwörter:"
            | "Теги:"
            | "Tag:"
    ) && words <= 20
        && !line.trim_end().ends_with(['.', '!', '?'])
    {
        return true;
    }
    let Some((head, rest)) = line.split_once([':', '：', '|', '»']) else {
        return false;
    };
    if rest.trim().is_empty() {
        return LINK_PREFIXES.contains(&key);
    }
    let head = key_of(head);
    LINK_PREFIXES.contains(&head.as_str())
}

/// Headings introducing a list of links to other stories or tags.
const LIST_HEADINGS: &[&str] = &[
    "related",
    "related stories",
    "related articles",
    "related content",
    "related coverage",
    "related news",
    "related posts",
    "related links",
    "related tags",
    "related topics",
    "related videos",
    "more stories",
    "more news",
    "more from",
    "more on this",
    "more on this story",
    "more great wired stories",
    "top stories",
    "latest news",
    "latest stories",
    "most popular",
    "most read",
    "popular",
    "popular stories",
    "trending",
    "trending now",
    "recommended",
    "recommended for you",
    "recommended stories",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "also read",
    "read more",
    "read next",
    "see also",
    "don't miss",
    "dont miss",
    "don’t miss",
    "editor's picks",
    "editors' picks",
    "tags",
    "topics",
    "keywords",
    "more in",
    "in other news",
    "further reading",
    "what to read next",
    "also on",
    // other languages
    "lire aussi",
    "à lire aussi",
    "sur le même sujet",
    "dans la même rubrique",
    "noticias relacionadas",
    "te puede interesar",
    "más noticias",
    "notícias relacionadas",
    "leia também",
    "veja também",
    "articoli correlati",
    "leggi anche",
    "das könnte sie auch interessieren",
    "mehr zum thema",
    "weitere artikel",
    "verwandte artikel",
    "читайте также",
    "по теме",
    "похожие новости",
    "новости по теме",
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "أخبار ذات صلة",
    "مواضيع ذات صلة",
    "ذات صلة",
    "ilgili haberler",
    "berita terkait",
    "baca juga",
    "相关新闻",
    "関連記事",
    "관련기사",
];

fn is_list_heading(key: &str, words: usize) -> bool {
    if words > 6 {
        return false;
    }
    if LIST_HEADINGS.contains(&key) {
        return true;
    }
    // "Popular on IndieWire", "More in Amsterdam", "More from Reuters"
    [
        "popular on ",
        "more in ",
        "more from ",
        "more on ",
        "most popular on ",
        "also on ",
    ]
    .iter()
    .any(|p| key.starts_with(p))
}

/// A short line without sentence-final punctuation: a headline or a tag, not prose.
fn looks_like_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    if words == 0 || words > 18 {
        return false;
    }
    let t = line.trim_end();
    let ends_sentence = t.ends_with(['.', '!', '。', ':', ';']) && !t.ends_with("...");
    !(ends_sentence && words > 3)
}

/// Imperative openers of newsletter/follow/app/tip-line calls to action.
const CTA_OPENERS: &[&str] = &[
    "sign up",
    "signup",
    "subscribe",
    "follow",
    "get the latest",
    "get our",
    "get breaking",
    "get the",
    "get more",
    "join",
    "download",
    "like us",
    "click here",
    "tap here",
    "listen to",
    "for more",
    "register",
    "never miss",
    "want more",
    "want to",
    "stay on top",
    "stay up to date",
    "stay informed",
    "stay connected",
    "have a tip",
    "got a tip",
    "have a story",
    "do you have",
    "email",
    "e-mail",
    "reach the reporter",
    "reach the reporters",
    "contact the author",
    "contact the reporter",
    "write to",
    "send us",
    "support our",
    "support independent",
    "become a",
    "if you enjoyed",
    "if you value",
    "if you like",
    "enjoy this",
    "we'd love",
    "share this",
    "share on",
    "recevez",
    "abonnez-vous",
    "inscrivez-vous",
    "suivez-nous",
    "suivez",
    "suscríbete",
    "síguenos",
    "assine",
    "siga",
    "iscriviti",
    "seguici",
    "abonnieren",
    "folgen sie",
    "melden sie sich",
    "подписывайтесь",
    "подпишитесь",
    "присоединяйтесь",
    "تابعونا",
    "تابعوا",
    "اشترك",
    "ikuti",
    "takip edin",
    "abone ol",
];

/// Words that make an opener a call to action rather than reporting.
const CTA_TOPICS: &[&str] = &[
    "newsletter",
    "newsletters",
    "inbox",
    "subscribe",
    "subscription",
    "sign up",
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "linkedin",
    "telegram",
    "whatsapp",
    "tiktok",
    "podcast",
    "app",
    "rss",
    "alerts",
    "notifications",
    "@",
    "email",
    "e-mail",
    "tip",
    "tips",
    "daily",
    "weekly",
    "updates",
    "breaking news",
    "our coverage",
    "our journalism",
    "our reporting",
    "members",
    "membership",
    "bulletin",
    "lettre",
    "newsletter",
    "boletín",
    "canal",
    "rassegna",
    "рассылк",
    "канал",
    "النشرة",
    "قناة",
];

fn is_call_to_action(key: &str, words: usize) -> bool {
    if words > 35 {
        return false;
    }
    let opener = CTA_OPENERS.iter().any(|o| {
        key.starts_with(o)
            && key[o.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    });
    if !opener {
        return false;
    }
    CTA_TOPICS.iter().any(|t| {
        if t.chars().all(|c| c.is_ascii_alphabetic()) {
            key.split(|c: char| !c.is_alphanumeric() && c != '-')
                .any(|w| w == *t)
                || (t.contains(' ') && key.contains(t))
        } else {
            key.contains(t)
        }
    }) || key.contains('@')
}

const COMMENT_UI: &[&str] = &[
    "leave a reply",
    "leave a reply cancel reply",
    "cancel reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "post comment",
    "comments",
    "comment",
    "show comments",
    "view comments",
    "join the conversation",
    "join the discussion",
    "you must be logged in to post a comment",
    "log in to comment",
    "sign in to comment",
    "be the first to comment",
    "comments are closed",
    "no comments",
    "discussion",
    "reader comments",
    "laisser un commentaire",
    "commentaires",
    "deja un comentario",
    "comentarios",
    "deixe um comentário",
    "comentários",
    "lascia un commento",
    "kommentare",
    "kommentar schreiben",
    "комментарии",
    "оставить комментарий",
    "التعليقات",
    "أضف تعليق",
    "yorumlar",
];

fn is_comment_ui(key: &str, words: usize) -> bool {
    if words > 12 {
        return false;
    }
    if COMMENT_UI.contains(&key) {
        return true;
    }
    // "0 Comments (+)", "12 comments", "Post Comment (+)", "Comments (3)"
    let k = key.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let k = k.trim_end_matches(|c: char| {
        c.is_ascii_digit() || c == ' ' || c == '(' || c == ')' || c == '+'
    });
    matches!(
        k,
        "comments"
            | "comment"
            | "post comment"
            | "comments ("
            | "responses"
            | "replies"
            | "reactions"
    ) || key.starts_with("you must be logged in to")
        || key.starts_with("your email address will not be published")
        || key.starts_with("this site uses akismet")
        || key.starts_with("atenção comentários")
        || (key.starts_with("atenção") && key.contains("coment"))
}

fn is_cookie_notice(key: &str, words: usize) -> bool {
    if words > 90
        || !(key.contains("cookie")
            || key.contains("çerez")
            || key.contains("куки")
            || key.contains("الكوكيز")
            || key.contains("ملفات تعريف الارتباط"))
    {
        return false;
    }
    const SITE_VOICE: &[&str] = &[
        "we use",
        "this site",
        "this website",
        "our site",
        "our website",
        "you agree",
        "you consent",
        "by continuing",
        "by using",
        "accept",
        "cookie policy",
        "cookie settings",
        "manage cookies",
        "nous utilisons",
        "ce site",
        "en poursuivant",
        "accepter",
        "wir verwenden",
        "diese website",
        "akzeptieren",
        "utilizamos",
        "usamos",
        "este sitio",
        "este site",
        "aceptar",
        "aceitar",
        "questo sito",
        "utilizziamo",
        "accetta",
        "мы используем",
        "этот сайт",
        "сайт использует",
        "نستخدم",
        "هذا الموقع",
        "kullanıyoruz",
        "web sitemiz",
        "we gebruiken",
        "deze website",
        "używamy",
        "ta strona",
    ];
    SITE_VOICE.iter().any(|p| key.contains(p))
}

fn is_ui_remnant(key: &str, words: usize) -> bool {
    if words > 8 {
        return false;
    }
    const UI: &[&str] = &[
        "back to gallery",
        "photo gallery",
        "view gallery",
        "open gallery",
        "launch gallery",
        "view slideshow",
        "print",
        "print article",
        "print this article",
        "order reprints",
        "reprints",
        "text size",
        "font size",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share article",
        "tweet",
        "email",
        "copy link",
        "link copied",
        "skip to main content",
        "skip to content",
        "toggle navigation",
        "close",
        "menu",
        "loading",
        "loading...",
        "play video",
        "watch video",
        "replay",
        "enlarge",
        "enlarge image",
        "expand",
        "zoom",
        "click to enlarge",
        "hide caption",
        "show caption",
        "toggle caption",
        "caption",
        "video",
        "audio",
        "listen",
        "listen to this article",
        "updated",
        "published",
        "by",
        "tags",
        "topics",
        "bookmark",
        "save",
        "save article",
        "gift article",
        "comments",
        "facebook",
        "twitter",
        "whatsapp",
        "linkedin",
        "reddit",
        "pinterest",
    ];
    if UI.contains(&key) {
        return true;
    }
    // "Image 3 of 5", "Photo 1 of 12", "1 / 12"
    let w: Vec<&str> = key.split_whitespace().collect();
    matches!(w.as_slice(), [a, n, "of", m] if ["image", "photo", "picture", "slide"].contains(a) && n.parse::<u32>().is_ok() && m.parse::<u32>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        clean_body(s, &Cleanup::default())
    }

    #[test]
    fn ad_labels_in_many_languages() {
        let text = "First paragraph of the story.\nAdvertisement\nSecond paragraph.\nاضافة اعلان\nPublicité\n- Anzeige -\nADVERTISEMENT\nThird paragraph.";
        assert_eq!(
            clean(text),
            "First paragraph of the story.\nSecond paragraph.\nThird paragraph."
        );
    }

    #[test]
    fn ad_words_inside_prose_are_kept() {
        let text =
            "The advertisement ran on television for a week.\nAds were banned in the capital.";
        assert_eq!(clean(text), text);
    }

    #[test]
    fn credits_links_and_calls_to_action() {
        let text = "Troops left the city on Monday.\nTags Kristi Noem South Dakota\nФото: личный архив Андрея Рудькова\nRoughly 13,000 US troops remain in Afghanistan [File: Reuters]\nRead more: Alibaba poised to launch listing\nSign up for our daily newsletter here.\nFollow her on Twitter @jane.\nThe minister said talks would continue.";
        assert_eq!(
            clean(text),
            "Troops left the city on Monday.\nThe minister said talks would continue."
        );
    }

    #[test]
    fn related_list_is_removed_with_heading() {
        let text = "Body sentence one is here.\nMore Great WIRED Stories\nYouTubers must unionize\nPaid political ads are not the problem\nThe last real sentence of the article, which is long enough to count as prose.";
        assert_eq!(clean(text), "Body sentence one is here.\nThe last real sentence of the article, which is long enough to count as prose.");
    }

    #[test]
    fn cookie_notice() {
        let text = "We use cookies to improve your experience. By continuing to browse you agree to our cookie policy.\nThe court ruled on cookies in 2019 after a long case.";
        assert_eq!(
            clean(text),
            "The court ruled on cookies in 2019 after a long case."
        );
    }
}
