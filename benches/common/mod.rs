//! What the Rust benchmarks share: the ESCO-shaped benchmark data and the median of timed runs.
//! (`benches/common/mod.rs` is a module of each benchmark, not a benchmark of its own.)

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The ESCO-shaped N-Triples file: `WG_BENCH_DATA`, else `esco_like_3000.nt` in the target
/// folder, generated there by `../shared/bench/gen_esco_like.py 3000` on first use (so every
/// benchmark reads the same graph and the generator runs once).
pub fn data_file() -> PathBuf {
    if let Ok(path) = std::env::var("WG_BENCH_DATA") {
        return PathBuf::from(path);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(|_| root.join("target"), PathBuf::from);
    let path = target.join("esco_like_3000.nt");
    if !path.exists() {
        let generator = root.join("../shared/bench/gen_esco_like.py");
        let status = Command::new("python3")
            .arg(&generator)
            .arg("3000")
            .arg(&path)
            .status()
            .expect("python3 runs the generator");
        assert!(status.success(), "the generator failed");
    }
    path
}

/// The median of the runs' times (the upper one of an even count): one slow run (a page fault,
/// another process) does not move it.
pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
