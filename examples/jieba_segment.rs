//! Reference for `benches/process.sh`: segment a file with jieba-rs 0.11 (the
//! current release; HMM off), end to end like `jiaodui check`, so both are
//! timed in one run.
//! `cargo run --release --example jieba_segment -- FILE`
fn main() {
    let path = std::env::args().nth(1).expect("a file to segment");
    let text = std::fs::read_to_string(path).expect("a UTF-8 file");
    let jieba = jieba_rs::Jieba::new();
    let mut words = 0usize;
    for line in text.lines() {
        words += jieba.cut(line, false).len();
    }
    println!("{words}");
}
