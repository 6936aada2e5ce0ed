//! Text from OKR files made inert for the outputs that would otherwise obey
//! it: control characters for terminals and line-based formats (a newline
//! followed by `::warning` is a command to a GitHub runner, `ESC [` one to a
//! terminal), mentions and autolinks for Markdown comments.

use std::borrow::Cow;
use std::fmt::Write as _;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// `text` with every control character written as a visible escape (`\n`,
/// `\t`, `\r`, `\u{1b}`), so that it stays on its line and cannot steer a
/// terminal or a CI runner. Text without control characters is borrowed.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_escaped(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// [`escape_control`] for text of several lines: line feeds stay.
pub fn escape_control_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_escaped(c)) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(escape_control).collect();
    Cow::Owned(lines.join("\n"))
}

/// Control characters, and the Unicode controls that reorder or hide text
/// (bidirectional overrides, zero-width characters).
fn is_escaped(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Text for a GitHub-flavoured Markdown comment in which `@name`, `@org/team`
/// and bare URLs stay text: a mention would notify people nobody meant to
/// ping (`@everyone` in a title), an autolink would advertise a link no
/// reviewer chose. A word joiner (U+2060) after `@` and inside `://` and
/// `www.` breaks GitHub's recognition and is invisible when read.
pub fn neutralise_mentions(text: &str) -> Cow<'_, str> {
    if !text.contains('@') && !text.contains("://") && !text.to_ascii_lowercase().contains("www.") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '@' {
            out.push_str("@\u{2060}");
        } else if rest.starts_with("://") {
            out.push_str(":\u{2060}//");
            rest = &rest[3..];
            continue;
        } else if rest.len() >= 4 && rest.is_char_boundary(4) && rest[..4].eq_ignore_ascii_case("www.") {
            out.push_str(&rest[..3]);
            out.push_str("\u{2060}.");
            rest = &rest[4..];
            continue;
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Text from the files for a GitHub-flavoured Markdown comment or step
/// summary, shown as written and inert: Markdown punctuation escaped, HTML
/// as entities (no tag of the text reaches the page), line breaks as
/// spaces (it stays in its table cell or list item), other control
/// characters as U+FFFD, mentions and autolinks broken
/// ([`neutralise_mentions`]).
pub fn markdown_text(text: &str) -> String {
    let text = neutralise_mentions(text);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

/// Text for a Markdown code span inside a table cell: no backtick can end
/// the span, no pipe can end the cell, no line break can end the row.
pub fn markdown_code(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('`');
    for c in text.chars() {
        match c {
            '`' => out.push('\''),
            '|' => out.push_str("\\|"),
            c if c.is_control() => out.push(' '),
            _ => out.push(c),
        }
    }
    out.push('`');
    out
}

/// A CSV field that a spreadsheet would not run as a formula: a field
/// starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
/// leading `'` (OWASP's advice), which spreadsheets show as text.
pub fn spreadsheet_safe(field: &str) -> Cow<'_, str> {
    match field.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{field}")),
        _ => Cow::Borrowed(field),
    }
}

/// What a relative URI reference's path may not hold as is (RFC 3986):
/// controls, space, the quote, `#`, `%`, `<`, `>`, `?`, `[`, `\`, `]`, `^`, the backtick, `{`, `|`, `}`; non-ASCII is always
/// encoded. `/` separates segments and stays.
const URL_PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A `/`-separated path as the path of a URL (SARIF artifact locations,
/// the site's edit links): percent-encoded, so that the link names exactly
/// this file and its text cannot end the path or the attribute.
pub fn url_path(path: &str) -> String {
    utf8_percent_encode(path, URL_PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(escape_control("a\n::warning file=x::pwned"), "a\\n::warning file=x::pwned");
        assert_eq!(escape_control("\u{1b}[31mred\u{1b}[0m"), "\\u{1b}[31mred\\u{1b}[0m");
        assert_eq!(escape_control("tab\there\r"), "tab\\there\\r");
        assert_eq!(escape_control("abc\u{202e}cba"), "abc\\u{202e}cba");
        assert!(matches!(escape_control("Größe über 95 %"), Cow::Borrowed(_)));
        assert_eq!(escape_control_lines("a\n\u{1b}]8;;x\u{7}b\n"), "a\n\\u{1b}]8;;x\\u{7}b\n");
    }

    #[test]
    fn mentions_and_autolinks_are_broken() {
        let text =
            neutralise_mentions("ping @everyone and @org/team, see https://evil.example or www.evil.example");
        assert!(!text.contains("@e") && !text.contains("@o"), "{text}");
        assert!(!text.contains("https://") && !text.contains("www."), "{text}");
        assert_eq!(
            text.replace('\u{2060}', ""),
            "ping @everyone and @org/team, see https://evil.example or www.evil.example"
        );
        assert!(matches!(neutralise_mentions("Deploy success rate"), Cow::Borrowed(_)));
    }

    #[test]
    fn markdown_text_is_inert() {
        assert_eq!(markdown_text("<img src=x>|`a`\n@all"), "&lt;img src=x&gt;\\|\\`a\\` @\u{2060}all");
        assert_eq!(markdown_code("a`b|c\nd"), "`a'b\\|c d`");
    }

    #[test]
    fn formulas_are_quoted() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(spreadsheet_safe("-2+3"), "'-2+3");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("Alice"), "Alice");
    }
}
