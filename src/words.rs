//! Counted words in English output: `1 error`, `2 errors`, never `1
//! errors` or `error(s)`.

/// `n` and the noun in the number `n` calls for.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "error", "errors"), "1 error");
        assert_eq!(count(0, "error", "errors"), "0 errors");
        assert_eq!(count(2, "key result", "key results"), "2 key results");
    }
}
