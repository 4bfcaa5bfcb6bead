//! Logarithm and exponential that give the same bits on every machine.
//!
//! `f64::ln` and `f64::exp` call the platform's libm, and on x86-64 glibc
//! picks an FMA or a plain variant at run time by the processor, which may
//! differ in the last bit. A score compared with a threshold must not flip
//! from one CPU to the next, so scores use these portable, pure-Rust versions
//! (basic arithmetic is IEEE-exact everywhere and Rust never contracts it).

/// Natural logarithm, bit-identical on every CPU.
#[inline]
pub(crate) fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// `e^x`, bit-identical on every CPU.
#[inline]
pub(crate) fn exp(x: f64) -> f64 {
    libm::exp(x)
}
