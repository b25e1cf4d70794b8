//! The library's one way of spreading independent work over threads: [`map_indexed`] runs numbered
//! jobs on scoped threads, each thread taking the next job as it finishes one, and gives the
//! results back in job order, so a parallel answer is the sequential one.

use std::any::Any;
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a panicking job left behind.
pub(crate) type Panic = Box<dyn Any + Send>;

/// How many threads the machine offers (at least 1).
pub(crate) fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
}

/// `job(&mut state, i)` for every `i` in `0..count`, in order of `i`, on up to `threads` threads
/// (never more than there are jobs; with one, on the caller's thread). Each thread makes its own
/// `state` with `init` (scratch buffers reused across its jobs). A job that panics on a worker
/// thread gives `Err` with its payload ([`panic_message`] reads it).
pub(crate) fn map_indexed<S, T: Send>(
    count: usize,
    threads: usize,
    init: impl Fn() -> S + Sync,
    job: impl Fn(&mut S, usize) -> T + Sync,
) -> Result<Vec<T>, Panic> {
    let threads = threads.min(count).max(1);
    if threads == 1 {
        let mut state = init();
        return Ok((0..count).map(|i| job(&mut state, i)).collect());
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, job(&mut state, i)));
        }
    };
    let finished: Vec<std::thread::Result<Vec<(usize, T)>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads).map(|_| scope.spawn(worker)).collect();
        handles.into_iter().map(|handle| handle.join()).collect()
    });
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(count).collect();
    for done in finished {
        for (i, result) in done? {
            slots[i] = Some(result);
        }
    }
    Ok(slots
        .into_iter()
        .map(|slot| slot.expect("every job ran"))
        .collect())
}

/// The message of a panic's payload (a `&str` or `String`), else "a panic without a message".
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order_whatever_the_threads() {
        let expected: Vec<usize> = (0..100).map(|i| i * i).collect();
        for threads in [1, 2, 7, 200] {
            let found = map_indexed(100, threads, || (), |(), i| i * i).unwrap();
            assert_eq!(found, expected, "{threads} threads");
        }
        assert!(map_indexed(0, 4, || (), |(), i| i).unwrap().is_empty());
    }

    #[test]
    fn each_thread_keeps_its_own_state() {
        // The state counts the jobs its thread ran; together they ran every job once.
        let counts = map_indexed(
            50,
            3,
            || 0_usize,
            |seen, _| {
                *seen += 1;
                *seen
            },
        )
        .unwrap();
        assert_eq!(counts.len(), 50);
        assert!(counts.iter().filter(|&&c| c == 1).count() <= 3);
    }

    #[test]
    fn a_panicking_job_is_an_error_with_its_message() {
        // (The panic hook is left alone: other tests, and the guard, rely on it.)
        let found = map_indexed(8, 2, || (), |(), i| assert!(i != 5, "job {i} failed"));
        let payload = found.unwrap_err();
        assert_eq!(panic_message(payload.as_ref()), "job 5 failed");
    }
}
