//! Order-preserving parallel map over a slice on scoped threads (no thread-pool crate).
//! Used by every batch command: `Coder::code_batch`, `dyad ingest`, `dyad extract`.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, computed on up to `threads` threads that take items one at
/// a time (so a slow item does not hold up a whole share). The output is in input order and
/// identical to the sequential map. A panic in `f` is re-raised in the caller.
pub fn par_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.max(1).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, R)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut all: Vec<(usize, R)> = parts.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::par_map;

    #[test]
    fn same_as_sequential_in_order() {
        let v: Vec<u64> = (0..1000).collect();
        let seq: Vec<u64> = v.iter().map(|x| x * x + 1).collect();
        for threads in [0, 1, 2, 3, 8, 2000] {
            assert_eq!(
                par_map(&v, threads, |x| x * x + 1),
                seq,
                "threads {threads}"
            );
        }
        assert!(par_map(&[] as &[u8], 4, |x| *x).is_empty());
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let v: Vec<u32> = (0..100).collect();
        let r = std::panic::catch_unwind(|| {
            par_map(&v, 4, |&x| if x == 57 { panic!("boom") } else { x })
        });
        assert!(r.is_err());
    }
}
