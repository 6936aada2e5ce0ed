//! Typed JSON pointers into a loaded file (RFC 6901): a rule names the node
//! it reports as `Pointer::objective(i).key_result(j).key("target")`, and
//! the string is built only when the span is looked up, that is when a
//! diagnostic is emitted.

use std::fmt;

/// One reference token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Key(&'static str),
    Index(usize),
}

/// The deepest pointer okr names: `/objectives/i/key_results/j/checkins/c/date`
/// has 7 tokens.
const DEPTH: usize = 8;

/// A JSON pointer of up to [`DEPTH`] tokens, built without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct Pointer {
    tokens: [Token; DEPTH],
    len: u8,
}

impl Pointer {
    /// The whole document.
    pub const ROOT: Pointer = Pointer { tokens: [Token::Index(0); DEPTH], len: 0 };

    const fn push(mut self, token: Token) -> Self {
        // A pointer deeper than DEPTH is a mistake in okr's own code; it
        // stays at its parent, which still names a place in the file.
        if (self.len as usize) < DEPTH {
            self.tokens[self.len as usize] = token;
            self.len += 1;
        }
        self
    }

    /// The member `key` of this object.
    pub const fn key(self, key: &'static str) -> Self {
        self.push(Token::Key(key))
    }

    /// Entry `index` of this list.
    pub const fn index(self, index: usize) -> Self {
        self.push(Token::Index(index))
    }

    /// Entry `index` of the list `list` of this object.
    pub const fn entry(self, list: &'static str, index: usize) -> Self {
        self.key(list).index(index)
    }

    /// Objective `index` of an OKR file.
    pub const fn objective(index: usize) -> Self {
        Self::ROOT.entry("objectives", index)
    }

    /// Key result `index` of this objective.
    pub const fn key_result(self, index: usize) -> Self {
        self.entry("key_results", index)
    }

    /// Check-in `index` of this key result or KPI.
    pub const fn checkin(self, index: usize) -> Self {
        self.entry("checkins", index)
    }

    /// KPI `index` of an OKR file.
    pub const fn kpi(index: usize) -> Self {
        Self::ROOT.entry("kpis", index)
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for token in &self.tokens[..usize::from(self.len)] {
            match token {
                Token::Index(i) => write!(f, "/{i}")?,
                Token::Key(key) => {
                    f.write_str("/")?;
                    for c in key.chars() {
                        match c {
                            '~' => f.write_str("~0")?,
                            '/' => f.write_str("~1")?,
                            c => fmt::Write::write_char(f, c)?,
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn displays_as_an_rfc_6901_pointer() {
        assert_eq!(Pointer::ROOT.to_string(), "");
        let date = Pointer::objective(2).key_result(0).checkin(11).key("date");
        assert_eq!(date.to_string(), "/objectives/2/key_results/0/checkins/11/date");
        assert_eq!(Pointer::kpi(1).key("owner").to_string(), "/kpis/1/owner");
        assert_eq!(Pointer::ROOT.entry("teams", 3).key("a/b~c").to_string(), "/teams/3/a~1b~0c");
    }

    #[test]
    fn a_pointer_too_deep_stays_at_its_deepest_parent() {
        let mut p = Pointer::ROOT;
        for i in 0..10 {
            p = p.index(i);
        }
        assert_eq!(p.to_string(), "/0/1/2/3/4/5/6/7");
    }
}
