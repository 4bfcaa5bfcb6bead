//! Coverage-guided fuzzing of the whole pipeline: any bytes, cut into one to
//! three pages of an issue (`jiaodui::pipeline::fuzz_issue`), must be read
//! or refused with an error, never panic; every round of `fix` must conserve
//! the text its edits do not account for; and `fix` must reach its fixed
//! point (see fuzz/README.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = jiaodui::pipeline::fuzz_issue(data) {
        panic!("{e}");
    }
});
