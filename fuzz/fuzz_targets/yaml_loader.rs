//! The YAML loader on arbitrary bytes: never a panic, never a hang, and a
//! file that loads has spans for its root whether they were recorded while
//! parsing or deferred.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = okr::load::load_bytes("okrs/fuzz.yaml", Ok(data.to_vec()));
    if let Some(document) = loaded.parsed.document {
        // The deferred span map parses the text again on first use.
        let _ = document.spans.value("/objectives/0/id");
        let _ = document.spans.key("");
    }
});
