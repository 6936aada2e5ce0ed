//! YAML text → `serde_json::Value` plus a JSON-pointer → span map.
//!
//! The tree is built iteratively from `saphyr-parser` events (no recursion, so
//! no stack overflow on deep input), with the limits of docs/guarantees.md:
//! nesting depth, an alias-expansion node budget, one document per file, no
//! duplicate keys, no tags, finite numbers only. YAML 1.2 core-schema scalar
//! resolution: `NO`, `on` and `yes` stay strings.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use serde_json::{Map, Number, Value};

use super::Pointer;
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// Deepest nesting of sequences and mappings a file may use.
pub const MAX_DEPTH: usize = 64;
/// How many nodes alias expansion may add to one file (defuses alias bombs).
pub const MAX_ALIAS_NODES: usize = 100_000;
/// How many bytes of text alias expansion may add to one file: a few large
/// anchored scalars aliased thousands of times are a bomb of few nodes.
pub const MAX_ALIAS_BYTES: usize = 4 * 1024 * 1024;
/// Longest mapping key, in characters; no OKR key comes close.
pub const MAX_KEY_CHARS: usize = 1024;
/// Bytes of JSON pointers one file's span map may hold. Pointers repeat their
/// ancestors' keys, so a file within the size limit could otherwise ask for
/// gigabytes (a long key above a long list).
pub const MAX_POINTER_BYTES: usize = 64 * 1024 * 1024;

const RULE: crate::diagnostic::RuleId = crate::diagnostic::RuleId::YamlSyntax;
const FLATTEN: &str = "OKR files need only a few levels; flatten this structure";

/// Where a node is: the key it sits under (for mapping values) and the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeSpans {
    pub key: Option<Span>,
    pub value: Span,
}

/// JSON pointer (RFC 6901) → spans of the node at that pointer.
///
/// Either recorded while parsing, or deferred: recorded from the text by a
/// second parse on the first lookup. Lookups happen when a finding is
/// reported, so most files of a clean repository never pay for their spans
/// (a pointer string per node) in time or memory.
#[derive(Debug, Default, Clone)]
pub struct SpanMap {
    recorded: OnceLock<Recorded>,
    /// The text to record the spans from, when they were deferred.
    deferred: Option<Arc<str>>,
    /// Lists some entries of which were left out of the typed data (a key
    /// result that could not be read): the list's pointer in the file →
    /// the file's index of each entry kept. Empty for most files.
    renumbered: HashMap<Box<str>, Vec<usize>>,
}

#[derive(Debug, Default, Clone)]
struct Recorded {
    /// Pointer → spans; a later node at the same pointer wins, as a later
    /// duplicate's children overwrite.
    index: HashMap<Box<str>, NodeSpans>,
}

impl SpanMap {
    fn recorded(&self) -> &Recorded {
        self.recorded.get_or_init(|| {
            let text = self.deferred.as_deref().unwrap_or_default();
            let mut builder = Builder::new("", true);
            // The text parsed once already: the same nodes, now with spans.
            let _ = builder.run(text);
            builder.spans.unwrap_or_default()
        })
    }

    pub fn get(&self, pointer: &str) -> Option<&NodeSpans> {
        if self.renumbered.is_empty() {
            return self.recorded().index.get(pointer);
        }
        self.recorded().index.get(self.in_file(pointer).as_str())
    }

    /// Says that of the list at `list` (a pointer into the file), only the
    /// entries `kept` (the file's indexes, ascending) are in the typed
    /// data: pointers into the typed data are translated back to the file.
    pub fn renumber(&mut self, list: &str, kept: Vec<usize>) {
        self.renumbered.insert(list.into(), kept);
    }

    /// A pointer into the typed data as a pointer into the file.
    fn in_file(&self, pointer: &str) -> String {
        let mut out = String::with_capacity(pointer.len());
        for token in pointer.split('/').skip(1) {
            let kept = self.renumbered.get(out.as_str());
            out.push('/');
            match (kept, token.parse::<usize>()) {
                (Some(kept), Ok(index)) => {
                    let _ = write!(out, "{}", kept.get(index).copied().unwrap_or(usize::MAX));
                }
                _ => out.push_str(token),
            }
        }
        out
    }

    /// Whether the node at `pointer` is in the file.
    pub fn has(&self, pointer: Pointer) -> bool {
        self.get(&pointer.to_string()).is_some()
    }

    /// [`SpanMap::value`] of a typed pointer.
    pub fn at(&self, pointer: Pointer) -> Span {
        self.value(&pointer.to_string())
    }

    /// The span of the value at `pointer`, or of its nearest ancestor that has
    /// one (nodes expanded from an alias point at the alias).
    pub fn value(&self, pointer: &str) -> Span {
        self.nearest(pointer).value
    }

    /// The span of the key under which the node at `pointer` sits, falling back
    /// to its value span (sequence items and the root have no key).
    pub fn key(&self, pointer: &str) -> Span {
        let spans = self.nearest(pointer);
        spans.key.unwrap_or(spans.value)
    }

    fn nearest(&self, pointer: &str) -> NodeSpans {
        let mut current = pointer;
        loop {
            if let Some(spans) = self.get(current) {
                return *spans;
            }
            match current.rfind('/') {
                Some(cut) => current = &current[..cut],
                None => return NodeSpans { key: None, value: Span::START },
            }
        }
    }
}

/// A parsed YAML document.
#[derive(Debug, Clone)]
pub struct Document {
    pub value: Value,
    pub spans: SpanMap,
}

/// The outcome of parsing one file.
#[derive(Debug)]
pub struct Parsed {
    /// `None` when the file could not be read as YAML at all.
    pub document: Option<Document>,
    pub diagnostics: Vec<Diagnostic>,
    /// Pointers whose value was replaced because it was invalid (e.g. `.nan`);
    /// schema errors there would only repeat the diagnostic already given.
    pub poisoned: HashSet<String>,
}

/// Appends one reference token to a JSON pointer, escaped per RFC 6901.
pub fn push_pointer(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    push_token(&mut out, token);
    out
}

enum Container {
    Seq(Vec<Value>),
    Map { map: Map<String, Value>, pending_key: Option<(String, Span)> },
}

struct Frame {
    container: Container,
    /// The container's JSON pointer; built only when spans are recorded.
    pointer: String,
    /// Its length in bytes, counted in both modes.
    pointer_len: usize,
    start: Span,
    anchor: usize,
    nodes_at_start: usize,
    bytes_at_start: usize,
    /// Where its last entry ends: a block collection's end event is at the
    /// next token (the next item's line), which its span must not reach.
    last_entry_end: Option<crate::source::Pos>,
}

/// Why the builder stopped reading a file early.
struct Fatal;

struct Builder<'a> {
    path: &'a str,
    stack: Vec<Frame>,
    root: Option<Value>,
    /// `None` when spans are deferred.
    spans: Option<Recorded>,
    /// Bytes of the pointers of every node so far (see [`MAX_POINTER_BYTES`]).
    pointer_bytes: usize,
    /// The pointer of the node being attached.
    scratch: String,
    /// Each anchor's value, its nodes and its bytes of text.
    anchors: HashMap<usize, (Value, usize, usize)>,
    nodes: usize,
    /// Bytes of scalar text (keys and values) so far, aliases expanded.
    bytes: usize,
    alias_nodes: usize,
    alias_bytes: usize,
    diagnostics: Vec<Diagnostic>,
    poisoned: HashSet<String>,
}

/// Parses `text` (the content of `path`, BOM already removed), recording
/// the span of every node.
pub fn parse(path: &str, text: &str) -> Parsed {
    let mut builder = Builder::new(path, true);
    let complete = builder.run(text).is_ok();
    let spans = builder.spans.take().unwrap_or_default();
    builder.finish(
        complete,
        SpanMap { recorded: OnceLock::from(spans), deferred: None, renumbered: HashMap::new() },
    )
}

/// [`parse`], with the spans deferred to their first lookup (most files
/// have no finding, and their spans are never needed). A file with any
/// problem is parsed again with spans at once, since its diagnostics need
/// them.
pub fn parse_deferred(path: &str, text: &Arc<str>) -> Parsed {
    let mut builder = Builder::new(path, false);
    let complete = builder.run(text).is_ok();
    if !builder.diagnostics.is_empty() || !builder.poisoned.is_empty() {
        return parse(path, text);
    }
    builder.finish(
        complete,
        SpanMap { recorded: OnceLock::new(), deferred: Some(Arc::clone(text)), renumbered: HashMap::new() },
    )
}

/// `span`, moved back to the end of `text` when it lies beyond it (the
/// scanner reports an error at the end of the input one line further on).
/// A YAML parser's error as a sentence about the file, with a help that
/// shows the fix for the usual causes: a tab, a line indented unlike its
/// neighbours, a `: ` in an unquoted value.
fn describe_syntax_error(text: &str, span: Span, info: &str) -> (Span, String, Option<&'static str>) {
    const INDENT: &str = "keys of one mapping start in the same column, and so do the `-` of one list: line this up with the line it belongs to (indent with spaces, 2 per level)";
    if info.contains("found a tab") || info.contains("tab character") {
        if let Some(tab) = first_tab_from(text, span.start) {
            return (
                tab,
                "a tab here: YAML indents with spaces only".to_owned(),
                Some("replace the tab with spaces (most editors can be set to insert spaces in YAML files)"),
            );
        }
    }
    let (message, help) = if info.contains("mapping values are not allowed") {
        (
            "a `key:` where none can be: this line is indented further than the keys around it, or a value holds `: `".to_owned(),
            Some("line the key up with the keys above it; if `: ` is part of a text, quote the text: `title: \"Speed: 2x\"`"),
        )
    } else if info.contains("did not find expected '-' indicator")
        || info.contains("did not find expected key")
        || info.contains("block sequence entries are not allowed")
    {
        ("this line is indented unlike the lines around it".to_owned(), Some(INDENT))
    } else {
        (format!("invalid YAML: {info}"), None)
    };
    (span, message, help)
}

/// The first tab at or after `from` (the parser reports a tab at the end
/// of the line before it).
fn first_tab_from(text: &str, from: crate::source::Pos) -> Option<Span> {
    let first = usize::try_from(from.line).ok()?.checked_sub(1)?;
    for (n, line) in text.split('\n').enumerate().skip(first) {
        let skip = if n == first { usize::try_from(from.col).ok()?.saturating_sub(1) } else { 0 };
        if let Some(col) = line.chars().skip(skip).position(|c| c == '\t') {
            let pos = crate::source::Pos {
                line: u32::try_from(n + 1).ok()?,
                col: u32::try_from(skip + col + 1).ok()?,
            };
            let end = crate::source::Pos { col: pos.col + 1, ..pos };
            return Some(Span { start: pos, end });
        }
        if n > first + 1 {
            break;
        }
    }
    None
}

fn within(text: &str, span: Span) -> Span {
    let lines = u32::try_from(text.matches('\n').count() + 1).unwrap_or(u32::MAX);
    if span.start.line <= lines {
        return span;
    }
    let last = text.rsplit('\n').next().unwrap_or_default().trim_end_matches('\r');
    let col = u32::try_from(last.chars().count() + 1).unwrap_or(u32::MAX);
    let end = crate::source::Pos { line: lines, col };
    Span { start: end, end }
}

impl<'a> Builder<'a> {
    fn new(path: &'a str, spans: bool) -> Self {
        Builder {
            path,
            stack: Vec::new(),
            root: None,
            spans: spans.then(Recorded::default),
            pointer_bytes: 0,
            scratch: String::new(),
            anchors: HashMap::new(),
            nodes: 0,
            bytes: 0,
            alias_nodes: 0,
            alias_bytes: 0,
            diagnostics: Vec::new(),
            poisoned: HashSet::new(),
        }
    }

    fn finish(mut self, complete: bool, spans: SpanMap) -> Parsed {
        let document = complete.then(|| Document { value: self.root.take().unwrap_or(Value::Null), spans });
        Parsed { document, diagnostics: self.diagnostics, poisoned: self.poisoned }
    }

    fn run(&mut self, text: &str) -> Result<(), Fatal> {
        let mut documents = 0usize;
        for event in Parser::new_from_str(text) {
            let (event, marker_span) = match event {
                Ok(event) => event,
                Err(error) => {
                    let span = within(text, Span::at_marker(error.marker()));
                    if error.info() == "recursion limit exceeded" {
                        let message = format!("nesting deeper than {MAX_DEPTH} levels");
                        return Err(self.fatal(span, message, Some(FLATTEN)));
                    }
                    let (span, message, help) = describe_syntax_error(text, span, error.info());
                    return Err(self.fatal(span, message, help));
                }
            };
            let span = Span::from_marker_span(&marker_span);
            match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        self.error(
                            span,
                            "a second YAML document in one file".into(),
                            Some("keep one document per file: remove the `---` line and what follows, or move it to a file of its own"),
                        );
                        return Ok(());
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    self.check_tag(tag.as_ref(), span);
                    self.scalar(&value, style, anchor, span)?;
                }
                Event::Alias(anchor) => self.alias(anchor, span)?,
                Event::SequenceStart(anchor, tag) => {
                    self.check_tag(tag.as_ref(), span);
                    self.open(Container::Seq(Vec::new()), anchor, span)?;
                }
                Event::MappingStart(anchor, tag) => {
                    self.check_tag(tag.as_ref(), span);
                    let map = Container::Map { map: Map::new(), pending_key: None };
                    self.open(map, anchor, span)?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.close(span)?,
                Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
            }
        }
        Ok(())
    }

    fn error(&mut self, span: Span, message: String, help: Option<&str>) {
        let mut diagnostic = Diagnostic::new(RULE, self.path, span, message);
        diagnostic.help = help.map(str::to_owned);
        self.diagnostics.push(diagnostic);
    }

    fn fatal(&mut self, span: Span, message: String, help: Option<&str>) -> Fatal {
        self.error(span, message, help);
        Fatal
    }

    fn check_tag(&mut self, tag: Option<&Cow<'_, Tag>>, span: Span) {
        if let Some(tag) = tag {
            self.error(
                span,
                format!("YAML tags are not supported: `{}{}`", tag.handle, tag.suffix),
                Some("remove the tag; okr reads plain YAML values only"),
            );
        }
    }

    /// Where the next node goes: its pointer and the key span it sits under.
    /// `None` means the next node is a mapping key. Without recorded spans
    /// the containers' pointers are not built, so the pointer is partial;
    /// it is only used for a finding, and a file with findings is parsed
    /// again with spans.
    fn next_slot(&self) -> Option<(String, Option<Span>)> {
        let mut pointer = String::new();
        push_slot(&self.stack, &mut pointer).map(|slot| (pointer, slot.key))
    }

    fn awaiting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame { container: Container::Map { pending_key: None, .. }, .. }))
    }

    fn scalar(&mut self, text: &str, style: ScalarStyle, anchor: usize, span: Span) -> Result<(), Fatal> {
        self.nodes += 1;
        self.bytes += text.len();
        if self.awaiting_key() {
            if text.chars().count() > MAX_KEY_CHARS {
                return Err(self.fatal(
                    span,
                    format!("a mapping key longer than {MAX_KEY_CHARS} characters"),
                    Some("keys are short names such as `title`; put long text in a value"),
                ));
            }
            if anchor > 0 {
                self.anchors.insert(anchor, (Value::String(text.to_owned()), 1, text.len()));
            }
            if let Some(Frame { container: Container::Map { pending_key, .. }, .. }) = self.stack.last_mut() {
                *pending_key = Some((text.to_owned(), span));
            }
            return Ok(());
        }
        let value = if style != ScalarStyle::Plain {
            Value::String(text.to_owned())
        } else if let Some(value) = resolve_plain(text) {
            value
        } else {
            if let Some((pointer, _)) = self.next_slot() {
                self.poisoned.insert(pointer);
            }
            self.error(
                span,
                format!("`{text}` is not a finite number"),
                Some("numbers must be finite: write a real value (e.g. `0` or `100`)"),
            );
            Value::Null
        };
        if anchor > 0 {
            self.anchors.insert(anchor, (value.clone(), 1, text.len()));
        }
        self.attach(value, span)
    }

    fn alias(&mut self, anchor: usize, span: Span) -> Result<(), Fatal> {
        let Some((value, size, bytes)) = self.anchors.get(&anchor).cloned() else {
            return Err(self.fatal(
                span,
                "alias refers to a node that contains it".into(),
                Some("remove the recursive alias"),
            ));
        };
        self.alias_nodes = self.alias_nodes.saturating_add(size);
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(self.fatal(
                span,
                format!("aliases expand to more than {MAX_ALIAS_NODES} nodes"),
                Some("write the values out instead of nesting aliases (is this an alias bomb?)"),
            ));
        }
        self.alias_bytes = self.alias_bytes.saturating_add(bytes);
        if self.alias_bytes > MAX_ALIAS_BYTES {
            return Err(self.fatal(
                span,
                format!("aliases expand to more than {} MiB of text", MAX_ALIAS_BYTES / (1024 * 1024)),
                Some(
                    "write the values out instead of aliasing large ones many times (is this an alias bomb?)",
                ),
            ));
        }
        self.bytes += bytes;
        if self.awaiting_key() {
            let key = match value {
                Value::String(key) => key,
                other => other.to_string(),
            };
            if let Some(Frame { container: Container::Map { pending_key, .. }, .. }) = self.stack.last_mut() {
                *pending_key = Some((key, span));
            }
            return Ok(());
        }
        self.nodes += size;
        self.attach(value, span)
    }

    fn open(&mut self, container: Container, anchor: usize, span: Span) -> Result<(), Fatal> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.fatal(span, format!("nesting deeper than {MAX_DEPTH} levels"), Some(FLATTEN)));
        }
        let Some(pointer_len) = slot_len(&self.stack) else {
            return Err(self.fatal(
                span,
                "a sequence or mapping used as a mapping key".into(),
                Some("use a plain string as the key"),
            ));
        };
        let mut pointer = String::new();
        if self.spans.is_some() {
            push_slot(&self.stack, &mut pointer);
        }
        self.nodes += 1;
        self.stack.push(Frame {
            container,
            pointer,
            pointer_len,
            start: span,
            anchor,
            nodes_at_start: self.nodes,
            bytes_at_start: self.bytes,
            last_entry_end: None,
        });
        Ok(())
    }

    fn close(&mut self, end: Span) -> Result<(), Fatal> {
        let Some(frame) = self.stack.pop() else { return Ok(()) };
        let value = match frame.container {
            Container::Seq(items) => Value::Array(items),
            Container::Map { map, .. } => Value::Object(map),
        };
        let end = match frame.last_entry_end {
            // A block collection ends with its last entry; a flow one at its
            // closing bracket, on the line of its last entry or a later one.
            // (The start event of a flow collection spans its bracket; a
            // block collection's is empty.)
            Some(last) if end.start.line > last.line && frame.start.start == frame.start.end => last,
            _ => end.end,
        };
        let span = Span { start: frame.start.start, end: end.max(frame.start.end) };
        if frame.anchor > 0 {
            let size = self.nodes - frame.nodes_at_start + 1;
            let bytes = self.bytes - frame.bytes_at_start;
            self.anchors.insert(frame.anchor, (value.clone(), size, bytes));
        }
        self.attach(value, span)
    }

    /// Places a finished node into its parent (or makes it the root).
    fn attach(&mut self, value: Value, span: Span) -> Result<(), Fatal> {
        let duplicate = match self.stack.last() {
            Some(Frame { container: Container::Map { map, pending_key: Some((name, _)) }, .. })
                if map.contains_key(name) =>
            {
                self.next_slot().map(|(pointer, key)| (pointer, key, name.clone()))
            }
            _ => None,
        };
        if let Some((pointer, key, name)) = duplicate {
            if let Some(Frame { container: Container::Map { pending_key, .. }, .. }) = self.stack.last_mut() {
                pending_key.take();
            }
            let first = self.first_key_span(&pointer);
            let diagnostic =
                Diagnostic::new(RULE, self.path, key.unwrap_or(span), format!("duplicate key `{name}`"))
                    .with_help(format!(
                        "`{name}` is already set on line {}; keep one of them",
                        first.start.line
                    ))
                    .with_label(self.path, first, "first set here");
            self.diagnostics.push(diagnostic);
            return Ok(());
        }
        // The pointer is counted even when spans are deferred (without
        // building it), so that both ways of parsing stop at the same limit.
        self.pointer_bytes += slot_len(&self.stack).unwrap_or_default();
        if let Some(recorded) = &mut self.spans {
            self.scratch.clear();
            if let Some(Slot { key }) = push_slot(&self.stack, &mut self.scratch) {
                recorded.index.insert(Box::from(self.scratch.as_str()), NodeSpans { key, value: span });
            }
        }
        if let Some(frame) = self.stack.last_mut() {
            frame.last_entry_end = Some(span.end);
        }
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame { container: Container::Seq(items), .. }) => items.push(value),
            Some(Frame { container: Container::Map { map, pending_key }, .. }) => {
                if let Some((name, _)) = pending_key.take() {
                    map.insert(name, value);
                }
            }
        }
        if self.pointer_bytes > MAX_POINTER_BYTES {
            return Err(self.fatal(
                span,
                "the file's structure is too large to track (deep, long keys above long lists)".into(),
                Some("split the file, or shorten its keys"),
            ));
        }
        Ok(())
    }
}

impl Builder<'_> {
    /// Where the key at `pointer` was first set (for a duplicate); without
    /// recorded spans, the diagnostic is replaced by a full parse anyway.
    fn first_key_span(&self, pointer: &str) -> Span {
        let Some(recorded) = &self.spans else { return Span::START };
        recorded.index.get(pointer).map_or(Span::START, |spans| spans.key.unwrap_or(spans.value))
    }
}

/// A place for the next node.
struct Slot {
    /// The key the node sits under (for mapping values).
    key: Option<Span>,
}

/// Appends the JSON pointer of the place the next node goes in `stack` to
/// `out`, returning the span of the key it sits under; `None` (and nothing
/// appended) when the next node is a mapping key.
fn push_slot(stack: &[Frame], out: &mut String) -> Option<Slot> {
    match stack.last() {
        None => Some(Slot { key: None }),
        Some(Frame { container: Container::Seq(items), pointer, .. }) => {
            out.push_str(pointer);
            out.push('/');
            let _ = write!(out, "{}", items.len());
            Some(Slot { key: None })
        }
        Some(Frame { container: Container::Map { pending_key, .. }, pointer, .. }) => {
            let (key, key_span) = pending_key.as_ref()?;
            out.push_str(pointer);
            push_token(out, key);
            Some(Slot { key: Some(*key_span) })
        }
    }
}

/// The length in bytes of the pointer [`push_slot`] would append, without
/// building it; `None` when the next node is a mapping key.
fn slot_len(stack: &[Frame]) -> Option<usize> {
    match stack.last() {
        None => Some(0),
        Some(Frame { container: Container::Seq(items), pointer_len, .. }) => {
            Some(pointer_len + 1 + decimal_len(items.len()))
        }
        Some(Frame { container: Container::Map { pending_key, .. }, pointer_len, .. }) => {
            let (key, _) = pending_key.as_ref()?;
            let escapes = key.bytes().filter(|b| matches!(b, b'~' | b'/')).count();
            Some(pointer_len + 1 + key.len() + escapes)
        }
    }
}

/// The number of decimal digits of `n`.
pub(super) fn decimal_len(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Appends `/` and one reference token, escaped per RFC 6901.
fn push_token(out: &mut String, token: &str) {
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Resolves a plain scalar per the YAML 1.2 core schema. `None` for a number
/// that is not finite (`.nan`, `.inf`, `1e400`).
pub(super) fn resolve_plain(text: &str) -> Option<Value> {
    // Most scalars are words: a letter other than the first letters of
    // `null`, `true` and `false` starts no null, boolean or number.
    if text.as_bytes().first().is_some_and(|b| b.is_ascii_alphabetic() && !b"nNtTfF".contains(b)) {
        return Some(Value::String(text.to_owned()));
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return None;
    }
    if let Some(octal) = text.strip_prefix("0o") {
        return Some(radix_int(text, octal, 8));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return Some(radix_int(text, hex, 16));
    }
    if is_decimal_int(unsigned) {
        if let Ok(int) = text.parse::<i64>() {
            return Some(Value::Number(int.into()));
        }
    } else if !is_float(unsigned) {
        return Some(Value::String(text.to_owned()));
    }
    let float = text.parse::<f64>().ok()?;
    Number::from_f64(float).map(Value::Number)
}

fn radix_int(text: &str, digits: &str, radix: u32) -> Value {
    match i64::from_str_radix(digits, radix) {
        Ok(int) if !digits.is_empty() && !digits.starts_with(['+', '-']) => Value::Number(int.into()),
        _ => Value::String(text.to_owned()),
    }
}

fn is_decimal_int(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// `[0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?` with at least one digit before the
/// exponent (the core schema's float, sign already stripped).
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_scan_error_at_the_end_points_into_the_file() {
        let parsed = super::parse("x.yaml", "a: 1\r\nb");
        let span = parsed.diagnostics[0].span;
        assert_eq!((span.start.line, span.start.col), (2, 2));
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn deferred_spans_are_the_spans_recorded_while_parsing() {
        let text = "cycle: 2026-Q4\nteam: platform\nobjectives:\n  - id: a~b/c\n    key_results:\n      - { id: k, target: 3 }\n      - id: l\n        checkins: [ { date: 2026-10-01, value: 1 } ]\n";
        let recorded = parse("x.yaml", text).document.map(|d| d.spans).unwrap_or_default();
        let shared: Arc<str> = Arc::from(text);
        let parsed = parse_deferred("x.yaml", &shared);
        assert!(parsed.diagnostics.is_empty());
        let deferred = parsed.document.map(|d| d.spans).unwrap_or_default();
        assert!(deferred.recorded.get().is_none(), "nothing recorded before the first lookup");
        for pointer in [
            "",
            "/cycle",
            "/objectives/0/id",
            "/objectives/0/key_results/0/target",
            "/objectives/0/key_results/1/checkins/0/value",
            "/objectives/0/missing",
        ] {
            assert_eq!(deferred.get(pointer), recorded.get(pointer), "{pointer}");
            assert_eq!(deferred.key(pointer), recorded.key(pointer), "{pointer}");
        }
        assert_eq!(deferred.recorded().index.len(), recorded.recorded().index.len());
        assert_eq!(recorded.value("/objectives/0/key_results/0/target").start.line, 6);
    }

    proptest::proptest! {
        /// Counting pointer bytes without building the pointers (deferred
        /// spans) gives the same count as building them, so both ways of
        /// parsing stop at the same limit.
        #[test]
        fn pointer_bytes_are_counted_alike_with_and_without_spans(
            keys in proptest::collection::vec("[a-z~/]{1,6}", 1..4),
            items in 0usize..120,
            nested in 0usize..3,
        ) {
            let mut text = String::new();
            for (depth, key) in keys.iter().enumerate() {
                text.push_str(&" ".repeat(depth * 2));
                text.push_str(&format!("\"{key}{depth}\":\n"));
            }
            let inner = vec!["[1, {a: 2}]"; nested].join(", ");
            let list: Vec<String> = (0..items).map(|i| format!("{{ n{i}: [{inner}] }}")).collect();
            text.push_str(&" ".repeat(keys.len() * 2));
            text.push_str(&format!("[{}]\n", list.join(", ")));
            let count = |spans: bool| {
                let mut builder = Builder::new("x.yaml", spans);
                let complete = builder.run(&text).is_ok();
                let recorded: usize =
                    builder.spans.as_ref().map_or(0, |r| r.index.keys().map(|k| k.len()).sum());
                (complete, builder.pointer_bytes, recorded)
            };
            let (deferred, recorded) = (count(false), count(true));
            proptest::prop_assert!(deferred.0 && recorded.0, "{text}");
            proptest::prop_assert_eq!(deferred.1, recorded.1);
            proptest::prop_assert_eq!(recorded.1, recorded.2, "the count is the recorded pointers' length");
        }
    }

    #[test]
    fn a_file_with_problems_has_its_spans_recorded_at_once() {
        let shared: Arc<str> = Arc::from("a: 1\na: 2\n");
        let parsed = parse_deferred("x.yaml", &shared);
        assert_eq!(parsed.diagnostics.len(), 1);
        assert!(parsed.diagnostics[0].message.contains("duplicate key"));
        assert_eq!(parsed.diagnostics[0].labels[0].span.start.line, 1, "first set on line 1");
        let spans = parsed.document.map(|d| d.spans).unwrap_or_default();
        assert!(spans.recorded.get().is_some());
    }

    fn load(text: &str) -> Parsed {
        parse("t.yaml", text)
    }

    fn value(text: &str) -> Value {
        let parsed = load(text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        parsed.document.map(|d| d.value).unwrap_or_default()
    }

    #[test]
    fn core_schema_scalars() {
        let v = value("a: NO\nb: on\nc: yes\nd: true\ne: ~\nf: 12\ng: -1.5\nh: 2026-10-06\ni: '12'\nj: 1e3\nk: 0x1F\nl: .5\n");
        assert_eq!(
            v,
            json!({"a": "NO", "b": "on", "c": "yes", "d": true, "e": null, "f": 12, "g": -1.5,
                   "h": "2026-10-06", "i": "12", "j": 1000.0, "k": 31, "l": 0.5})
        );
    }

    #[test]
    fn non_finite_numbers_are_errors_at_their_position() {
        for bad in [".nan", ".inf", "-.Inf", "1e400"] {
            let parsed = load(&format!("a: 1\nb: {bad}\n"));
            assert_eq!(parsed.diagnostics.len(), 1, "{bad}");
            let d = &parsed.diagnostics[0];
            assert_eq!((d.span.start.line, d.span.start.col), (2, 4));
            assert!(parsed.poisoned.contains("/b"));
        }
    }

    #[test]
    fn spans_point_at_keys_and_values() {
        let parsed = load("cycle: 2026-Q4\nobjectives:\n  - id: x\n    title: \"T\"\n");
        let doc = parsed.document.unwrap_or_else(|| panic!("no document"));
        let title = doc.spans.get("/objectives/0/title").copied().unwrap_or_else(|| panic!("no span"));
        assert_eq!((title.value.start.line, title.value.start.col), (4, 12));
        let key = title.key.unwrap_or_else(|| panic!("no key span"));
        assert_eq!((key.start.line, key.start.col), (4, 5));
        // A pointer below a scalar falls back to the scalar.
        assert_eq!(doc.spans.value("/objectives/0/title/zzz"), title.value);
    }

    #[test]
    fn duplicate_keys_keep_the_first_and_report_the_second() {
        let parsed = load("a: 1\nb: 2\na: 3\n");
        assert_eq!(parsed.diagnostics.len(), 1);
        assert_eq!(parsed.diagnostics[0].span.start.line, 3);
        assert_eq!(parsed.document.map(|d| d.value), Some(json!({"a": 1, "b": 2})));
    }

    #[test]
    fn depth_limit_stops_early() {
        let deep = "[".repeat(100_000);
        let parsed = load(&deep);
        assert!(parsed.document.is_none());
        assert!(parsed.diagnostics[0].message.contains("nesting deeper"));
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            let refs = vec![format!("*a{p}"); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let parsed = load(&text);
        assert!(parsed.document.is_none());
        assert!(parsed.diagnostics[0].message.contains("aliases expand"));
    }

    /// Issue 17 item 3: 0.1.0 counted nodes only, and one 500 KB scalar
    /// aliased 4,000 times exhausted memory.
    #[test]
    fn a_large_scalar_aliased_many_times_is_refused() {
        let mut text = format!("big: &b {}\nmany:\n", "x".repeat(500_000));
        for _ in 0..4_000 {
            text.push_str("  - *b\n");
        }
        let parsed = load(&text);
        assert!(parsed.document.is_none());
        assert!(parsed.diagnostics[0].message.contains("MiB of text"), "{:?}", parsed.diagnostics);
        assert_eq!(parsed.diagnostics[0].span.start.line, 11, "at the ninth alias, which crosses the budget");
    }

    #[test]
    fn aliases_expand() {
        assert_eq!(value("a: &x {k: 1}\nb: *x\n"), json!({"a": {"k": 1}, "b": {"k": 1}}));
    }

    #[test]
    fn second_document_and_tags_are_errors() {
        assert_eq!(load("a: 1\n---\nb: 2\n").diagnostics.len(), 1);
        assert_eq!(load("a: !!binary aGk=\n").diagnostics.len(), 1);
    }

    #[test]
    fn crlf_counts_lines_like_lf() {
        let lf = load("a: 1\nb:\n  c: 2\n").document.unwrap_or_else(|| panic!("lf"));
        let crlf = load("a: 1\r\nb:\r\n  c: 2\r\n").document.unwrap_or_else(|| panic!("crlf"));
        let pos = |d: &Document| {
            let s = d.spans.value("/b/c").start;
            (s.line, s.col)
        };
        assert_eq!(pos(&lf), pos(&crlf));
        assert_eq!(pos(&lf), (3, 6));
    }

    #[test]
    fn pointer_escaping() {
        assert_eq!(push_pointer("/a", "b/c~d"), "/a/b~1c~0d");
    }
}
