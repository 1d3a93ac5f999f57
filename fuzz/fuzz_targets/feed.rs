//! Arbitrary bytes as an RSS/Atom feed through `feed::parse_feed`, then every item
//! through `FeedItem::to_page` (HTML to text, cleanup, language).
//!
//! Asserts: no panic, no hang, every error names the file.
#![no_main]

use std::path::Path;

use dyad_ingest::feed::parse_feed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.xml");
    match parse_feed(data, path) {
        Ok(feed) => {
            for (i, item) in feed.items.iter().enumerate() {
                match item {
                    Ok(it) => {
                        let page = it.to_page(&format!("fuzz:{i}"), feed.title.as_deref());
                        serde_json::to_string(&page).expect("page serialises");
                    }
                    Err(e) => assert_eq!(e.path(), path),
                }
            }
        }
        Err(e) => assert_eq!(e.path(), path),
    }
});
