//! Knowledge-base load time (parse + index of every embedded data file), mean of N loads.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let t = std::time::Instant::now();
    for _ in 0..n {
        std::hint::black_box(
            dyad_core::kb::Kb::from_files(dyad_core::kb::Kb::data_files()).expect("kb"),
        );
    }
    println!(
        "kb load: {:.1} ms (mean of {n})",
        t.elapsed().as_secs_f64() * 1000.0 / n as f64
    );
}
