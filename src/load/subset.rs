//! The subset of YAML that OKR files are written in, read straight to a
//! value without the event parser.
//!
//! Nearly every OKR file is block mappings and sequences of simple keys,
//! one-line plain or quoted scalars, one-line flow collections of scalars
//! (`aligned_to: [company/grow]`, `- { date: 2026-10-01, value: 3 }`) and
//! literal or folded block scalars. [`read`] reads exactly that subset, in a
//! quarter of the instructions `saphyr-parser` and the tree builder take
//! (docs/performance.md), and gives up on anything else: tabs, carriage
//! returns, anchors, aliases, tags, directives, escapes, multi-line plain,
//! quoted or flow nodes, keys other than plain names, duplicate keys, a
//! document marker other than a leading `---`, characters YAML treats
//! specially, deep nesting. The caller then
//! reads the file with `saphyr-parser` (see [`super::yaml`]), which stays
//! the reference: every diagnostic and every span comes from it.
//!
//! Whatever this module accepts, it reads to the value the full loader
//! gives. The tests check that on every case of the official YAML test
//! suite, every input of the fuzz corpora and generated documents, and the
//! `yaml_subset` fuzz target compares the two on arbitrary input.

use serde_json::{Map, Value};

use super::yaml::{decimal_len, resolve_plain, MAX_POINTER_BYTES};

/// Deepest nesting read here; deeper files go to the full loader.
const MAX_DEPTH: usize = 32;
/// Longest key read here.
const MAX_KEY_BYTES: usize = 64;

/// The text is outside the subset: read it with the full loader.
struct GiveUp;

type Step<T> = Result<T, GiveUp>;

/// Reads `text` (BOM removed, lone carriage returns already line feeds) to
/// the value the full loader would give, or `None` when the text uses YAML
/// beyond the subset (or is not valid YAML at all).
pub fn read(text: &str) -> Option<Value> {
    if !plain_characters(text) {
        return None;
    }
    let mut reader = Reader { lines: text.split('\n').collect(), next: 0, pending: None, pointer_bytes: 0 };
    reader.document().ok()
}

/// Whether `text` is free of the characters the subset leaves to the full
/// loader: controls (tab and carriage return included), DEL, C1 controls,
/// line and paragraph separators, byte order marks and non-characters.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Printable ASCII and line feeds, checked in blocks the compiler can
    // vectorise; anything else is looked at byte by byte.
    let special = |b: u8| u8::from(b < 0x20 && b != b'\n') | u8::from(b >= 0x7f);
    if bytes.chunks(64).all(|block| block.iter().fold(0, |any, &b| any | special(b)) == 0) {
        return true;
    }
    let at = |i: usize| bytes.get(i).copied().unwrap_or_default();
    bytes.iter().enumerate().all(|(i, &b)| match b {
        b'\n' => true,
        0..=0x1f | 0x7f => false,
        0xc2 => !(0x80..=0x9f).contains(&at(i + 1)),
        0xe2 => !(at(i + 1) == 0x80 && matches!(at(i + 2), 0xa8 | 0xa9)),
        0xef => !matches!((at(i + 1), at(i + 2)), (0xbb, 0xbf) | (0xbf, 0xbe | 0xbf)),
        _ => true,
    })
}

/// One line that holds a node: its indentation and the text after it.
#[derive(Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

struct Reader<'a> {
    lines: Vec<&'a str>,
    /// The index of the next line not yet read.
    next: usize,
    /// A line made up from the rest of a sequence item (`- id: x` holds a
    /// mapping that starts after the dash); read before `lines[next]`.
    pending: Option<Line<'a>>,
    /// Bytes of the JSON pointers of the nodes so far, counted as the full
    /// loader counts them, so that both refuse the same files.
    pointer_bytes: usize,
}

impl<'a> Reader<'a> {
    fn document(&mut self) -> Step<Value> {
        self.skip_insignificant();
        if let Some(first) = self.lines.get(self.next) {
            if let Some(rest) = first.strip_prefix("---") {
                end_of_line(rest)?;
                self.next += 1;
            }
        }
        let first = self.peek()?.ok_or(GiveUp)?;
        split_key(first.text).ok_or(GiveUp)?;
        let value = self.mapping(first.indent, 0, 0)?;
        match self.peek()? {
            Some(_) => Err(GiveUp),
            None => Ok(value),
        }
    }

    /// Moves past blank and comment lines.
    fn skip_insignificant(&mut self) {
        while let Some(line) = self.lines.get(self.next) {
            let text = line.trim_start_matches(' ');
            if !text.is_empty() && !text.starts_with('#') {
                break;
            }
            self.next += 1;
        }
    }

    /// The next line that holds a node, if any.
    fn peek(&mut self) -> Step<Option<Line<'a>>> {
        if let Some(line) = self.pending {
            return Ok(Some(line));
        }
        self.skip_insignificant();
        let Some(line) = self.lines.get(self.next) else { return Ok(None) };
        if line.starts_with("---") || line.starts_with("...") {
            return Err(GiveUp);
        }
        let text = line.trim_start_matches(' ');
        Ok(Some(Line { indent: line.len() - text.len(), text }))
    }

    fn advance(&mut self) {
        if self.pending.take().is_none() {
            self.next += 1;
        }
    }

    /// Counts the pointer of one more node, `bytes` long.
    fn count(&mut self, bytes: usize) -> Step<()> {
        self.pointer_bytes += bytes;
        if self.pointer_bytes > MAX_POINTER_BYTES {
            return Err(GiveUp);
        }
        Ok(())
    }

    /// The next line of a collection indented by `indent`: `None` at the end
    /// of the text or at a line indented less (the collection has ended); a
    /// line indented more is beyond the subset (a continued scalar).
    fn next_at(&mut self, indent: usize) -> Step<Option<Line<'a>>> {
        match self.peek()? {
            Some(line) if line.indent > indent => Err(GiveUp),
            Some(line) if line.indent == indent => Ok(Some(line)),
            _ => Ok(None),
        }
    }

    /// A block mapping whose keys are indented by `indent`, at the pointer
    /// `pointer` bytes long.
    fn mapping(&mut self, indent: usize, depth: usize, pointer: usize) -> Step<Value> {
        if depth >= MAX_DEPTH {
            return Err(GiveUp);
        }
        let mut map = Map::new();
        while let Some(line) = self.next_at(indent)? {
            let (key, rest) = split_key(line.text).ok_or(GiveUp)?;
            if map.contains_key(key) {
                return Err(GiveUp);
            }
            self.advance();
            let slot = pointer + 1 + key.len();
            self.count(slot)?;
            let value = self.value(rest, indent, depth, slot, true)?;
            map.insert(key.to_owned(), value);
        }
        Ok(Value::Object(map))
    }

    /// A block sequence whose dashes are indented by `indent`.
    fn sequence(&mut self, indent: usize, depth: usize, pointer: usize) -> Step<Value> {
        if depth >= MAX_DEPTH {
            return Err(GiveUp);
        }
        let mut items = Vec::new();
        while let Some(line) = self.next_at(indent)? {
            // Anything but an item ends the sequence (a key of the mapping
            // it is the value of).
            let Some(rest) = item_rest(line.text) else { break };
            self.advance();
            let slot = pointer + 1 + decimal_len(items.len());
            self.count(slot)?;
            let after = rest.trim_start_matches(' ');
            let value = if item_rest(after).is_some() {
                return Err(GiveUp);
            } else if split_key(after).is_some() {
                let column = indent + line.text.len() - after.len();
                self.pending = Some(Line { indent: column, text: after });
                self.mapping(column, depth + 1, slot)?
            } else {
                self.value(rest, indent, depth, slot, false)?
            };
            items.push(value);
        }
        Ok(Value::Array(items))
    }

    /// The node after a key's colon or an item's dash (`rest`), in a
    /// collection indented by `indent`.
    fn value(
        &mut self,
        rest: &'a str,
        indent: usize,
        depth: usize,
        pointer: usize,
        in_mapping: bool,
    ) -> Step<Value> {
        let text = rest.trim_start_matches(' ');
        if text.is_empty() || text.starts_with('#') {
            // The node is on the following lines, or empty.
            return match self.peek()? {
                Some(next) if next.indent > indent => self.block(next, depth + 1, pointer),
                Some(next) if in_mapping && next.indent == indent && item_rest(next.text).is_some() => {
                    self.sequence(indent, depth + 1, pointer)
                }
                _ => Ok(Value::Null),
            };
        }
        match text.as_bytes().first() {
            Some(b'[' | b'{') => {
                let (value, after) = self.flow(text, depth + 1, pointer)?;
                end_of_line(after)?;
                Ok(value)
            }
            Some(b'|' | b'>') => self.block_scalar(text, indent),
            Some(b'"' | b'\'') => {
                let (value, after) = quoted(text)?;
                end_of_line(after)?;
                Ok(Value::String(value))
            }
            _ => resolve_plain(block_plain(text)?).ok_or(GiveUp),
        }
    }

    /// A mapping or sequence that starts on its own line.
    fn block(&mut self, first: Line<'a>, depth: usize, pointer: usize) -> Step<Value> {
        if item_rest(first.text).is_some() {
            self.sequence(first.indent, depth, pointer)
        } else if split_key(first.text).is_some() {
            self.mapping(first.indent, depth, pointer)
        } else {
            Err(GiveUp)
        }
    }

    /// A flow collection that starts `text` and ends on its line, at
    /// nesting depth `depth`; the node and the text after it.
    fn flow(&mut self, text: &'a str, depth: usize, pointer: usize) -> Step<(Value, &'a str)> {
        if depth >= MAX_DEPTH {
            return Err(GiveUp);
        }
        let (is_sequence, close) = match text.as_bytes().first() {
            Some(b'[') => (true, ']'),
            Some(b'{') => (false, '}'),
            _ => return Err(GiveUp),
        };
        let mut items = Vec::new();
        let mut map = Map::new();
        let mut rest = text[1..].trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix(close) {
            rest = after;
        } else {
            loop {
                let after = if is_sequence {
                    let slot = pointer + 1 + decimal_len(items.len());
                    self.count(slot)?;
                    let (value, after) = self.flow_node(rest, depth, slot)?;
                    items.push(value);
                    after
                } else {
                    let (key, after) = split_key(rest).ok_or(GiveUp)?;
                    if map.contains_key(key) || !after.starts_with(' ') {
                        return Err(GiveUp);
                    }
                    let slot = pointer + 1 + key.len();
                    self.count(slot)?;
                    let (value, after) = self.flow_node(after.trim_start_matches(' '), depth, slot)?;
                    map.insert(key.to_owned(), value);
                    after
                };
                let after = after.trim_start_matches(' ');
                if let Some(after) = after.strip_prefix(close) {
                    rest = after;
                    break;
                }
                rest = after.strip_prefix(',').ok_or(GiveUp)?.trim_start_matches(' ');
            }
        }
        let value = if is_sequence { Value::Array(items) } else { Value::Object(map) };
        Ok((value, rest))
    }

    /// A node inside a flow collection: a scalar or another collection.
    fn flow_node(&mut self, text: &'a str, depth: usize, pointer: usize) -> Step<(Value, &'a str)> {
        if text.starts_with(['[', '{']) {
            self.flow(text, depth + 1, pointer)
        } else {
            flow_scalar(text)
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar, clipped or stripped
    /// (`-`), under a collection indented by `indent`.
    fn block_scalar(&mut self, header: &str, indent: usize) -> Step<Value> {
        let folded = header.starts_with('>');
        let (strip, after) = match header[1..].strip_prefix('-') {
            Some(after) => (true, after),
            None => (false, &header[1..]),
        };
        end_of_line(after)?;
        // The lines of the scalar: empty ones, and those indented as the
        // first non-empty one (which must be indented past `indent`).
        let first = self.next;
        let mut content_indent = None;
        let mut last_text = None;
        while let Some(line) = self.lines.get(self.next) {
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if spaces < line.len() {
                let least = *content_indent.get_or_insert(spaces);
                if spaces < least || spaces <= indent {
                    break;
                }
                last_text = Some(self.next);
            }
            self.next += 1;
        }
        let (Some(least), Some(last_line)) = (content_indent, last_text) else { return Err(GiveUp) };
        // At the end of a text without a final line break, the full loader
        // reads a last line of spaces as one more line.
        if self.next == self.lines.len() && !self.lines[self.next - 1].is_empty() {
            return Err(GiveUp);
        }
        let lines = &self.lines[first..=last_line];
        // Empty lines with more spaces than the content's indentation are
        // text or errors, depending on where they stand.
        if self.lines[first..self.next]
            .iter()
            .any(|line| line.trim_start_matches(' ').is_empty() && line.len() > least)
        {
            return Err(GiveUp);
        }
        let mut value = String::new();
        if folded {
            fold(lines, least, &mut value)?;
        } else {
            for line in lines {
                value.push_str(line.get(least..).unwrap_or_default());
                value.push('\n');
            }
        }
        if strip {
            value.pop();
        }
        Ok(Value::String(value))
    }
}

/// Folds the lines of a `>` scalar into `out`: a line break between two
/// lines of text becomes a space, `n` empty lines become `n` line breaks.
/// More indented lines (kept as they are in YAML) give up.
fn fold(lines: &[&str], indent: usize, out: &mut String) -> Step<()> {
    let mut empty = 0;
    let mut started = false;
    for line in lines {
        let text = line.get(indent..).unwrap_or_default();
        if text.is_empty() {
            empty += 1;
            continue;
        }
        if text.starts_with(' ') {
            return Err(GiveUp);
        }
        if started && empty == 0 {
            out.push(' ');
        }
        for _ in 0..empty {
            out.push('\n');
        }
        out.push_str(text);
        started = true;
        empty = 0;
    }
    out.push('\n');
    Ok(())
}

/// A plain key and what follows its colon, when `text` starts with one
/// (`name:` at the end of the line or before a space).
fn split_key(text: &str) -> Option<(&str, &str)> {
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let (key, rest) = text.split_at(end);
    let rest = rest.strip_prefix(':')?;
    let key_ok = !key.is_empty() && !key.starts_with('-') && key.len() <= MAX_KEY_BYTES;
    (key_ok && (rest.is_empty() || rest.starts_with(' '))).then_some((key, rest))
}

/// What follows the dash of a sequence item (`-` alone or before a space).
fn item_rest(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('-')?;
    (rest.is_empty() || rest.starts_with(' ')).then_some(rest)
}

/// Checks that only spaces and a comment follow a node.
fn end_of_line(rest: &str) -> Step<()> {
    let text = rest.trim_start_matches(' ');
    if text.is_empty() || (text.starts_with('#') && text.len() < rest.len()) {
        Ok(())
    } else {
        Err(GiveUp)
    }
}

/// Whether a plain scalar may start with `c` here: not an indicator, and a
/// dash only before more text.
fn plain_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes.first() {
        None
        | Some(
            b' ' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>'
            | b'\'' | b'"' | b'%' | b'@' | b'`',
        ) => false,
        Some(b'-') => bytes.get(1).is_some_and(|b| !matches!(b, b' ' | b',' | b'[' | b']' | b'{' | b'}')),
        Some(_) => true,
    }
}

/// A plain scalar that ends its line (a comment may follow).
fn block_plain(text: &str) -> Step<&str> {
    if !plain_start(text) {
        return Err(GiveUp);
    }
    let end = text.find(" #").unwrap_or(text.len());
    let value = text[..end].trim_end_matches(' ');
    if value.contains(": ") || value.ends_with(':') {
        return Err(GiveUp);
    }
    Ok(value)
}

/// A scalar inside a flow collection, and the text after it.
fn flow_scalar(text: &str) -> Step<(Value, &str)> {
    if text.starts_with(['"', '\'']) {
        let (value, after) = quoted(text)?;
        return Ok((Value::String(value), after));
    }
    if !plain_start(text) {
        return Err(GiveUp);
    }
    let end = text.find([',', '[', ']', '{', '}', '#', ':']).unwrap_or(text.len());
    // The full loader refuses a word `-` right before the end (`[x -]`).
    if !matches!(text.as_bytes().get(end), Some(b',' | b']' | b'}')) || text[..end].ends_with('-') {
        return Err(GiveUp);
    }
    let value = resolve_plain(text[..end].trim_end_matches(' ')).ok_or(GiveUp)?;
    Ok((value, &text[end..]))
}

/// A one-line quoted scalar at the start of `text` (without escapes, in
/// double quotes), and the text after it.
fn quoted(text: &str) -> Step<(String, &str)> {
    if let Some(body) = text.strip_prefix('"') {
        let close = body.find(['"', '\\']).ok_or(GiveUp)?;
        if body.as_bytes()[close] == b'\\' {
            return Err(GiveUp);
        }
        return Ok((body[..close].to_owned(), &body[close + 1..]));
    }
    let mut body = text.strip_prefix('\'').ok_or(GiveUp)?;
    let mut value = String::new();
    loop {
        let close = body.find('\'').ok_or(GiveUp)?;
        value.push_str(&body[..close]);
        body = &body[close + 1..];
        match body.strip_prefix('\'') {
            Some(after) => {
                value.push('\'');
                body = after;
            }
            None => return Ok((value, body)),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    /// The value the full loader gives, when it gives one without a
    /// diagnostic.
    fn full(text: &str) -> Option<Value> {
        let parsed = super::super::yaml::parse("t.yaml", text);
        if parsed.diagnostics.is_empty() {
            parsed.document.map(|document| document.value)
        } else {
            None
        }
    }

    /// Whether the subset reads `text`; when it does, the value must be the
    /// full loader's.
    fn agrees(text: &str) -> bool {
        match read(text) {
            Some(value) => {
                assert_eq!(Some(&value), full(text).as_ref(), "the subset misreads {text:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn an_okr_file_is_read_as_the_full_loader_reads_it() {
        let text = "\
# yaml-language-server: $schema=../../schemas/okr.schema.json
---
cycle: 2026-Q4   # the quarter
team: platform
objectives:
  - id: reliable-core
    title: 'Make the core reliable: it''s #1'
    owner: priya
    aligned_to: [company/grow, \"company/keep\"]
    description: |
      First line,

      third line after an empty one.
    notes: >-
      Folded text
      on two lines.

      A new paragraph.
    key_results:
      - id: p99
        title: \"p99 latency #fast\"
        unit: \"%\"
        start: 400
        target: -1.5e2
        checkins:
          - { date: 2026-10-06, value: 380, confidence: 0.7, note: \"ok, fine\" }
          - {date: 2026-10-20, value: 0x1F}
      -
        id: uptime
        kind: threshold
        at_least: 99.9
        checkins: []
        empty:
        list:
        - a
        -
        - [1, [2, {x: y}], {}]
  - id: second
    contributors: [ a , b ]
    flags: {on: yes, no: NO, nothing: ~}
";
        assert!(agrees(text));
        let value = read(text).unwrap_or_default();
        assert_eq!(value["objectives"][0]["title"], json!("Make the core reliable: it's #1"));
        assert_eq!(
            value["objectives"][0]["description"],
            json!("First line,\n\nthird line after an empty one.\n")
        );
        assert_eq!(value["objectives"][0]["notes"], json!("Folded text on two lines.\nA new paragraph."));
        assert_eq!(
            value["objectives"][0]["key_results"][1]["list"],
            json!(["a", null, [1, [2, {"x": "y"}], {}]])
        );
    }

    #[test]
    fn block_scalars_keep_their_lines() {
        for text in [
            "a: |\n  x\n  y\n",
            "a: |-\n  x\n\n  y\n\n\nb: 1\n",
            "a: |\n\n  x\n     indented\n  # not a comment\n# a comment\nb: 2\n",
            "a: >\n  x\n  y\n\n\n  z\n",
            "a: >-\n  x   \n  y\n",
            "a:\n- |\n  item\n- >\n  folded\n  item\n",
            "a:\n  - b: |\n      in a compact mapping\n    c: 1\n",
            "a: |  # comment\n  x\n",
            "a:\n  b: |\n   three spaces\n  c: 1\n",
        ] {
            assert!(agrees(text), "{text:?} is in the subset");
        }
    }

    #[test]
    fn yaml_beyond_the_subset_is_left_to_the_full_loader() {
        for text in [
            "",
            "# only a comment\n",
            "- a\n",
            "a\n",
            "a:\tb\n",
            "a: 1\r\nb: 2\r\n",
            "a: &x 1\nb: *x\n",
            "a: !tag x\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\n...\n",
            "a: plain\n  continued\n",
            "a: \"two\n  lines\"\n",
            "a: \"esc\\naped\"\n",
            "a: [1,\n  2]\n",
            "\"a\": 1\n",
            "? a\n: 1\n",
            "a b: 1\n",
            "a : 1\n",
            "a: 1\na: 2\n",
            "a: {b: 1, b: 2}\n",
            "a: b: c\n",
            "a: b:\n",
            "a: [x, ]\n",
            "a: {b:1}\n",
            "a: [b: 1]\n",
            "a: .nan\n",
            "a: 1e400\n",
            "a: |+\n  keep\n\n",
            "a: |2\n   x\n",
            "a: >\n  x\n    more indented\n",
            "a: |\n",
            "a: |\n    \n  x\n",
            "a: |\n  x\n  ",
            "a: |\n  x",
            "- - a\n",
            "a:\n  - x\n - y\n",
            "a: x\u{85}y\n",
            "a: x\u{2028}y\n",
            "a: \u{feff}x\n",
            "a: [x]#c\n",
            "a: [x -]\n",
            "a: {b: 2026-08 -, c: 1}\n",
            "a: 'x'y\n",
        ] {
            assert!(read(text).is_none(), "{text:?} is beyond the subset");
        }
        let deep: String = (0..40).flat_map(|depth| [" ".repeat(depth), format!("k{depth}:\n")]).collect();
        assert!(read(&deep).is_none(), "nesting deeper than {MAX_DEPTH}");
    }

    /// One line of YAML-like text from fragments that sit near the edges
    /// of the subset.
    fn line() -> impl Strategy<Value = String> {
        let indent = prop::sample::select(vec!["", " ", "  ", "    ", "      "]);
        let prefix = prop::sample::select(vec!["", "", "- ", "-", "-  ", "- - ", "? ", ": "]);
        let key = prop::sample::select(vec![
            "", "a", "b", "id", "a-b", "_x", "1", "-x", "a b", "\"q\"", "'q'", "a#", "~", "true", "k:", "é",
        ]);
        let colon = prop::sample::select(vec![":", ": ", ":  ", " :", "", ":x"]);
        let value = prop::sample::select(vec![
            "",
            "x",
            "1",
            "-1.5",
            "0x1F",
            "0o17",
            "1e3",
            ".5",
            ".nan",
            "~",
            "null",
            "True",
            "NO",
            "2026-10-06",
            "'it''s'",
            "''",
            "'",
            "\"a#b\"",
            "\"\"",
            "\"\\n\"",
            "\"open",
            "[a, b]",
            "[]",
            "[ a ,b ]",
            "[{a: 1}]",
            "{a: 1, b: [x]}",
            "{}",
            "{a:1}",
            "{a: }",
            "[a, ]",
            "[a",
            "[a]x",
            "|",
            "|-",
            ">",
            ">-",
            "|+",
            "|1",
            "&a x",
            "*a",
            "!t x",
            "a: b",
            "a #c",
            "a#c",
            "# c",
            "http://x",
            "x:",
            "é ü",
            "\u{a0}x",
            "\u{85}",
            "- x",
            "---",
            "...",
            ",x",
            "-",
            "-x",
            "x y  ",
            "@x",
            "`x",
            "%x",
            "{a: [1, {b: 2}]}",
            "[a: b]",
            "[a #b]",
        ]);
        let tail = prop::sample::select(vec!["", "", " ", " # c", "#c", "\t", "\r"]);
        (indent, prefix, key, colon, value, tail).prop_map(|(indent, prefix, key, colon, value, tail)| {
            format!("{indent}{prefix}{key}{colon}{value}{tail}")
        })
    }

    /// A tree of mappings, sequences and scalars the subset can hold.
    fn tree() -> impl Strategy<Value = Value> {
        let scalar = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i32>().prop_map(|n| json!(n)),
            (-1.0e6f64..1.0e6).prop_map(|f| json!(f)),
            "[a-zA-Z][a-zA-Z0-9 ./,-]{0,12}[a-z]".prop_map(Value::String),
            "[a-z #:'\"\\\\,\\[\\]{}|>&*!?%@`~é-]{0,10}".prop_map(Value::String),
        ];
        scalar.prop_recursive(5, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map("[a-z][a-z0-9_-]{0,6}", inner, 1..5)
                    .prop_map(|map| Value::Object(map.into_iter().collect())),
            ]
        })
    }

    /// `value` as block YAML in the subset, at `indent`, after a key (or a
    /// dash when `item`).
    fn write_block(value: &Value, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    out.push_str(&format!("{pad}{key}:"));
                    write_value(value, indent, out);
                }
            }
            Value::Array(items) => {
                for item in items {
                    out.push_str(&format!("{pad}-"));
                    write_value(item, indent, out);
                }
            }
            scalar => out.push_str(&format!("{pad}{}\n", flow(scalar))),
        }
    }

    fn write_value(value: &Value, indent: usize, out: &mut String) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                out.push('\n');
                write_block(value, indent + 2, out);
            }
            Value::Array(items) if !items.is_empty() && items.len().is_multiple_of(2) => {
                out.push('\n');
                write_block(value, indent + 2, out);
            }
            Value::String(text)
                if text.contains(' ') && !text.starts_with(' ') && indent.is_multiple_of(4) =>
            {
                out.push_str(" |-\n");
                out.push_str(&format!("{}{text}\n", " ".repeat(indent + 2)));
            }
            other => out.push_str(&format!(" {}\n", flow(other))),
        }
    }

    /// A value written on one line: JSON, whose strings are double-quoted.
    fn flow(value: &Value) -> String {
        match value {
            Value::Array(items) => format!("[{}]", items.iter().map(flow).collect::<Vec<_>>().join(", ")),
            Value::Object(map) => {
                let entries: Vec<String> = map.iter().map(|(k, v)| format!("{k}: {}", flow(v))).collect();
                format!("{{{}}}", entries.join(", "))
            }
            Value::String(text) if !text.contains(['"', '\\']) => format!("\"{text}\""),
            Value::String(text) => format!("'{}'", text.replace('\'', "''")),
            other => other.to_string(),
        }
    }

    /// Block YAML in the subset with a few edits: text on both sides of
    /// the subset's edges.
    fn edited() -> impl Strategy<Value = String> {
        let edit = prop::sample::select(vec![
            "", " ", "  ", "\n", "\n  ", "\n- ", "#", " #", ":", ": ", "- ", "-", "'", "\"", "[", "]", "{",
            "}", ",", "|", ">", "|-", "&a ", "*a", "!", "? ", "\\", "\t", "\r", "---\n", "...", "é",
            "\u{85}", "0x", ".", "e3", "~", "@", "%", "a: ", "\n\n", "  # c\n",
        ]);
        let edits = prop::collection::vec((any::<prop::sample::Index>(), edit, 0usize..3), 0..4);
        let end = prop::sample::select(vec!["\n", "", " ", "\n ", "\n  ", "\n\n", "\n#", "\n\n  "]);
        let map = prop::collection::btree_map("[a-z][a-z0-9_-]{0,6}", tree(), 1..5);
        (map, edits, end).prop_map(|(map, edits, end)| {
            let mut text = String::new();
            write_block(&Value::Object(map.into_iter().collect()), 0, &mut text);
            text.pop();
            text.push_str(end);
            for (at, insert, delete) in edits {
                let mut start = at.index(text.len() + 1);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + delete).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, insert);
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        /// Documents in the subset, edited: whatever the subset reads, it
        /// reads as the full loader does.
        #[test]
        fn edited_documents_are_never_misread(text in edited()) {
            agrees(&text);
        }

        /// Text near the edges of the subset: whatever the subset reads,
        /// it reads as the full loader does.
        #[test]
        fn the_subset_never_misreads(lines in prop::collection::vec(line(), 1..10)) {
            agrees(&lines.join("\n"));
        }

        /// Mappings written as block YAML in the subset are read back.
        #[test]
        fn block_yaml_in_the_subset_is_read(map in prop::collection::btree_map("[a-z][a-z0-9_-]{0,6}", tree(), 1..6)) {
            let value = Value::Object(map.into_iter().collect());
            let mut text = String::new();
            write_block(&value, 0, &mut text);
            prop_assert!(agrees(&text), "not in the subset:\n{}", text);
            prop_assert_eq!(read(&text), Some(value));
        }
    }
}
