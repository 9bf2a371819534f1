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
    if threads <= 1 || cfg!(target_arch = "wasm32") {
        let mut state = init();
        return items.iter().map(|item| work(&mut state, item)).collect();
    }
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let mut out: Vec<Option<R>> = items.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = init();
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, work(&mut state, item)));
                    }
                    done
                })
            })
            .collect();
        for worker in workers {
            for (i, result) in worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)) {
                out[i] = Some(result);
            }
        }
    });
    out.into_iter().flatten().collect()
}
