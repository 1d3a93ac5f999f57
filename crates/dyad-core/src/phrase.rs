//! A token trie: the multi-word matcher behind the knowledge base and the lexicons.
//!
//! Phrases are tokenised with the same tokenizer as documents and stored as paths of
//! interned token ids, so a lookup costs one hash probe per token of the match and
//! nothing for tokens that start no phrase.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use smallvec::SmallVec;

use crate::text::{tokenize_into, Token, ID_NONE};

/// The phrases found at one token: (length in tokens, payloads), shortest first. Inline for
/// the usual handful, so a lookup allocates nothing.
pub type Prefixes<'a, P> = SmallVec<[(usize, &'a [P]); 4]>;

/// A small fast hasher (FxHash's multiply-rotate) for short keys; the maps are built from our
/// own data, so no hash-flooding concern.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut v = 0u64;
            for (i, b) in rest.iter().enumerate() {
                v |= (*b as u64) << (8 * i);
            }
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

pub struct PhraseIndex<P> {
    /// Which slot of `Token::ids` caches this dictionary's token ids (0 names, 1 triggers, 2 cues).
    slot: usize,
    vocab: FxMap<String, u32>,
    edges: FxMap<(u32, u32), u32>,
    /// root[token id]: the node reached from the root by that token (0: none), so the first
    /// step of every lookup (the one that nearly always fails) needs no hash probe.
    root: Vec<u32>,
    /// payloads[node]
    payloads: Vec<Vec<P>>,
}

impl<P> Default for PhraseIndex<P> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P> PhraseIndex<P> {
    pub fn new() -> Self {
        PhraseIndex {
            slot: 0,
            vocab: FxMap::default(),
            edges: FxMap::default(),
            root: Vec::new(),
            payloads: vec![Vec::new()],
        }
    }

    pub fn with_capacity(phrases: usize) -> Self {
        let mut vocab = FxMap::default();
        vocab.reserve(phrases);
        let mut edges = FxMap::default();
        edges.reserve(phrases * 2);
        let mut payloads = Vec::with_capacity(phrases * 2);
        payloads.push(Vec::new());
        PhraseIndex {
            slot: 0,
            vocab,
            edges,
            root: Vec::new(),
            payloads,
        }
    }

    /// Use slot `slot` (0..3) of `Token::ids` as this dictionary's id cache.
    pub fn with_slot(mut self, slot: usize) -> Self {
        assert!(slot < 3);
        self.slot = slot;
        self
    }

    /// The token's id in this dictionary, from the token's cache (filled by
    /// [`SharedVocab::prefill`] during coding), else looked up and cached.
    #[inline]
    fn id_of(&self, t: &Token) -> Option<u32> {
        let v = t.ids[self.slot].get();
        if v == crate::text::ID_UNSET {
            return self.look_up(t);
        }
        (v != crate::text::ID_NONE).then_some(v)
    }

    #[cold]
    #[inline(never)]
    fn look_up(&self, t: &Token) -> Option<u32> {
        let id = self
            .vocab
            .get(t.norm.as_str())
            .copied()
            .unwrap_or(crate::text::ID_NONE);
        t.ids[self.slot].set(id);
        (id != crate::text::ID_NONE).then_some(id)
    }

    /// Insert a phrase given as already-normalised token forms.
    pub fn insert_norms<S: AsRef<str>>(&mut self, norms: &[S], payload: P) {
        if norms.is_empty() {
            return;
        }
        let mut node = 0u32;
        for w in norms {
            let w = w.as_ref();
            let id = match self.vocab.get(w) {
                Some(&id) => id,
                None => {
                    let id = self.vocab.len() as u32;
                    self.vocab.insert(w.to_string(), id);
                    id
                }
            };
            let next_node = self.payloads.len() as u32;
            let from = node;
            node = *self.edges.entry((node, id)).or_insert_with(|| next_node);
            if from == 0 {
                if self.root.len() <= id as usize {
                    self.root.resize(id as usize + 1, 0);
                }
                self.root[id as usize] = node;
            }
            if node as usize == self.payloads.len() {
                self.payloads.push(Vec::new());
            }
        }
        self.payloads[node as usize].push(payload);
    }

    /// Insert a phrase given as text; returns its token count.
    pub fn insert(&mut self, phrase: &str, payload: P) -> usize {
        thread_local! {
            // one token buffer for all the phrases (tens of thousands at start-up)
            static TOKS: std::cell::RefCell<Vec<Token>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        TOKS.with_borrow_mut(|toks| {
            toks.clear();
            tokenize_into(phrase, 0, phrase.len(), toks);
            self.insert_norms(toks, payload);
            toks.len()
        })
    }

    pub fn token_id(&self, norm: &str) -> Option<u32> {
        self.vocab.get(norm).copied()
    }

    /// Every phrase starting at token `i` (within `tokens[..end]`), shortest first: (length, payloads).
    pub fn prefixes_at<'a>(&'a self, tokens: &[Token], i: usize, end: usize) -> Prefixes<'a, P> {
        self.prefixes_iter(tokens, i, end).collect()
    }

    /// Whether some phrase begins with this token: one cached id and one array read, for the
    /// scans that ask at every token.
    #[inline]
    pub fn starts_phrase(&self, t: &Token) -> bool {
        self.id_of(t)
            .is_some_and(|id| self.root.get(id as usize).is_some_and(|&n| n != 0))
    }

    /// [`prefixes_at`] as a lazy walk down the trie: nothing is built, and the usual case (no
    /// phrase starts at the token) costs one cached id and one array read.
    pub fn prefixes_iter<'a, 't>(
        &'a self,
        tokens: &'t [Token],
        i: usize,
        end: usize,
    ) -> PrefixIter<'a, 't, P> {
        PrefixIter {
            index: self,
            tokens,
            start: i,
            k: i,
            end,
            node: 0,
        }
    }

    /// Same as [`prefixes_at`] over plain normalised strings.
    pub fn prefixes_norms<'a>(&'a self, norms: &[&str]) -> Vec<(usize, &'a [P])> {
        let mut out = Vec::new();
        let mut node = 0u32;
        for (k, w) in norms.iter().enumerate() {
            let Some(id) = self.vocab.get(*w) else { break };
            let Some(&next) = self.edges.get(&(node, *id)) else {
                break;
            };
            node = next;
            let p = &self.payloads[node as usize];
            if !p.is_empty() {
                out.push((k + 1, p.as_slice()));
            }
        }
        out
    }

    pub fn len_nodes(&self) -> usize {
        self.payloads.len()
    }
}

/// See [`PhraseIndex::prefixes_iter`].
pub struct PrefixIter<'a, 't, P> {
    index: &'a PhraseIndex<P>,
    tokens: &'t [Token],
    start: usize,
    k: usize,
    end: usize,
    node: u32,
}

impl<'a, P> Iterator for PrefixIter<'a, '_, P> {
    type Item = (usize, &'a [P]);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        while self.k < self.end {
            let ix = self.index;
            let next = match ix.id_of(&self.tokens[self.k]) {
                None => 0,
                Some(id) if self.node == 0 => ix.root.get(id as usize).copied().unwrap_or(0),
                Some(id) => ix.edges.get(&(self.node, id)).copied().unwrap_or(0),
            };
            if next == 0 {
                self.k = self.end;
                return None;
            }
            self.node = next;
            self.k += 1;
            let p = &ix.payloads[next as usize];
            if !p.is_empty() {
                return Some((self.k - self.start, p.as_slice()));
            }
        }
        None
    }
}

/// One vocabulary over the dictionaries a coder uses (names, triggers, cues): a token's form
/// is looked up once, and the ids it has in every dictionary are written into its id cache
/// (`Token::ids`) together, instead of one hash probe per dictionary.
#[derive(Default)]
pub struct SharedVocab {
    map: FxMap<&'static str, u32>,
    /// ids[word] = the word's id in each id-cache slot's dictionary (ID_NONE: absent)
    ids: Vec<[u32; 3]>,
    /// Slots already given to a dictionary.
    taken: [bool; 3],
}

impl SharedVocab {
    /// Adds a dictionary's words under its id-cache slot. One dictionary per slot: two sharing
    /// a slot would read each other's ids, so that is refused (a defect of the build, found by
    /// every test that codes a document).
    pub fn add<P>(&mut self, index: &'static PhraseIndex<P>) {
        assert!(
            !std::mem::replace(&mut self.taken[index.slot], true),
            "two dictionaries share id-cache slot {}",
            index.slot
        );
        self.map.reserve(index.vocab.len());
        for (w, &id) in &index.vocab {
            let next = self.ids.len() as u32;
            let g = *self.map.entry(w.as_str()).or_insert(next);
            if g == next {
                self.ids.push([ID_NONE; 3]);
            }
            self.ids[g as usize][index.slot] = id;
        }
    }

    /// Fills the id cache of every token: one probe per token for all the dictionaries.
    pub fn prefill(&self, toks: &[Token]) {
        for t in toks {
            let ids = self
                .map
                .get(t.norm.as_str())
                .map_or([ID_NONE; 3], |&g| self.ids[g as usize]);
            for (cell, id) in t.ids.iter().zip(ids) {
                cell.set(id);
            }
        }
    }
}
