//! The YAML subset reader against the full loader on arbitrary text:
//! whatever the subset reads, the full loader reads to the same value
//! without a diagnostic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(value) = okr::load::subset::read(text) else { return };
    let full = okr::load::yaml::parse("okrs/fuzz.yaml", text);
    assert!(full.diagnostics.is_empty(), "read by the subset, refused by the full loader: {:?}", full.diagnostics);
    assert_eq!(full.document.map(|d| d.value), Some(value), "the subset misreads the text");
});
