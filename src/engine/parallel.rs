//! Work shared out over the machine's cores. WebAssembly here has one thread,
//! so there [`threads`] is always 1 and everything runs in turn.

/// Threads worth using for `jobs` independent jobs: the cores, at most 4
/// (natively, `FLASKLIGHT_THREADS=N` sets the count, for profiling).
pub fn threads(jobs: usize) -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    let cores = match std::env::var("FLASKLIGHT_THREADS").ok().and_then(|n| n.parse().ok()) {
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    #[cfg(target_arch = "wasm32")]
    let cores = 1;
    cores.min(4).min(jobs).max(1)
}

/// `work(state, item)` for every item, the results in the items' order. With
/// more than one thread, each thread takes the next item not yet taken and
/// keeps its own `state` from `init` (its caches); a panic in a worker
/// resumes in the caller.
pub fn map_ordered<T: Sync, S, R: Send>(
    items: &[T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 {
        return map_on_pool(items, threads, init, work);
    }
    #[cfg(target_arch = "wasm32")]
    let _ = threads;
    let mut state = init();
    items.iter().map(|item| work(&mut state, item)).collect()
}

/// Natively the workers come from one pool that lives as long as the
/// process: starting threads for every scan cost 0.3 ms of a 5 ms rescan.
#[cfg(not(target_arch = "wasm32"))]
fn map_on_pool<T: Sync, S, R: Send>(
    items: &[T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    work: impl Fn(&mut S, &T) -> R + Sync,
) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    // Each worker takes the next item not yet taken and keeps its own state.
    let drain = || {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, work(&mut state, item)));
        }
        let mut out = out.lock().unwrap_or_else(|e| e.into_inner());
        for (i, result) in done {
            out[i] = Some(result);
        }
    };
    // A panic in a worker resumes here, when the scope ends.
    rayon_core::in_place_scope(|scope| {
        for _ in 1..threads {
            scope.spawn(|_| drain());
        }
        drain();
    });
    out.into_inner().unwrap_or_else(|e| e.into_inner()).into_iter().flatten().collect()
}
