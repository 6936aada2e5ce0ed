//! `okr serve`: the site from memory on 127.0.0.1, rebuilt when a file under
//! the root changes. Nothing is written to disk; a build that fails keeps the
//! last good site up (its errors go to stderr).
//!
//! The server is hyper on a single-threaded tokio runtime: every connection
//! is a task of its own, so a client that pipelines requests and never reads
//! the answers holds only its own connection. Connections are capped
//! ([`MAX_CONNECTIONS`]) and timed out ([`HEADER_TIMEOUT`],
//! [`CONNECTION_TIMEOUT`]); request headers are capped at
//! [`MAX_HEADER_BYTES`]; an accept error (out of file descriptors) backs off
//! and never stops the server. Only `Host: 127.0.0.1:PORT` and
//! `localhost:PORT` are answered, so a web page cannot read the site through
//! DNS rebinding. Changes are seen through the operating system's file
//! notifications (`notify`), not by scanning the tree.

use std::collections::hash_map::DefaultHasher;
use std::convert::Infallible;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result};
use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderValue, ALLOW, CACHE_CONTROL, CONTENT_TYPE, HOST};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use notify::{RecursiveMode, Watcher as _};

use crate::render::site::Site;

/// Connections served at once; more wait to be accepted.
pub const MAX_CONNECTIONS: usize = 64;
/// How long a client may take to send a request's headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one connection may stay open, however busy.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(60);
/// The most bytes of request headers read (hyper's smallest buffer).
pub const MAX_HEADER_BYTES: usize = 8 * 1024;
/// How long the tree must be quiet after a change before the rebuild (an
/// editor's save is several events).
const SETTLE: Duration = Duration::from_millis(150);
/// How often the tree is scanned where file notifications are unavailable.
const POLL: Duration = Duration::from_secs(2);

/// What every answer says about how to treat it: nothing is sniffed,
/// nothing runs (the site has no scripts), nothing leaves for elsewhere.
const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("x-content-type-options", "nosniff"),
    (
        "content-security-policy",
        "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-resource-policy", "same-origin"),
];

/// A running server: its socket, and the site it serves.
pub struct Serving {
    listener: std::net::TcpListener,
    port: u16,
    site: Arc<RwLock<Arc<Site>>>,
}

impl Serving {
    /// Binds `127.0.0.1:port` (0 picks a free port).
    pub fn bind(port: u16, site: Site) -> Result<Serving> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))
            .with_context(|| format!("cannot listen on 127.0.0.1:{port}"))?;
        let port = listener.local_addr().context("cannot read the address listened on")?.port();
        Ok(Serving { listener, port, site: Arc::new(RwLock::new(Arc::new(site))) })
    }

    /// The address to open, e.g. `http://127.0.0.1:8000/`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Watches `root` and replaces the site with `rebuild()`'s whenever a file
    /// below it changes (`rebuild` returns `None` when the build failed).
    /// Folders named in `skip` (relative to the root) and hidden ones
    /// (`.git`) are not watched. `since` is the [`fingerprint`] the served
    /// site was built from, taken before that build: a change made during it
    /// is not missed.
    pub fn watch(
        &self,
        root: &Path,
        skip: Vec<String>,
        since: u64,
        rebuild: impl Fn() -> Option<Site> + Send + 'static,
    ) {
        let site = Arc::clone(&self.site);
        let root = root.to_path_buf();
        // Watching starts before this returns, so that no change after it is
        // missed; one made since `since` is found by the first scan below.
        let (events, changes) = channel::<()>();
        let relevant = {
            let root = root.clone();
            let skip = skip.clone();
            move |path: &Path| watched(&root, &skip, path)
        };
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            // Reading a file (okr's own rebuild and scan included) is an
            // access event: only what changes a file counts.
            if let Ok(event) = event {
                let changes = !matches!(event.kind, notify::EventKind::Access(_));
                if changes && event.paths.iter().any(|p| relevant(p)) {
                    let _ = events.send(());
                }
            }
        })
        .and_then(|mut watcher| watcher.watch(&root, RecursiveMode::Recursive).map(|()| watcher));
        let notified = match watcher {
            Ok(watcher) => Some(watcher),
            Err(error) => {
                eprintln!(
                    "warning: no file notifications ({error}); looking for changes every {} s",
                    POLL.as_secs()
                );
                None
            }
        };
        thread::spawn(move || {
            let mut last = since;
            let mut first = true;
            loop {
                if first {
                    first = false;
                } else if notified.is_some() {
                    // Wait for a change, then for the tree to settle.
                    if changes.recv().is_err() {
                        return;
                    }
                    while !matches!(changes.recv_timeout(SETTLE), Err(RecvTimeoutError::Timeout)) {}
                } else {
                    thread::sleep(POLL);
                }
                let now = fingerprint(&root, &skip);
                if now == last {
                    continue;
                }
                last = now;
                if let Some(new) = rebuild() {
                    if let Ok(mut current) = site.write() {
                        *current = Arc::new(new);
                    }
                }
            }
        });
    }

    /// Answers requests until the process ends.
    pub fn run(&self) -> Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .context("cannot start the server's runtime")?;
        let listener = self.listener.try_clone().context("cannot use the server's socket")?;
        listener.set_nonblocking(true).context("cannot use the server's socket")?;
        let site = Arc::clone(&self.site);
        let port = self.port;
        runtime.block_on(async move {
            let listener =
                tokio::net::TcpListener::from_std(listener).context("cannot use the server's socket")?;
            let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
            let mut backoff = Duration::from_millis(10);
            loop {
                let Ok(slot) = Arc::clone(&slots).acquire_owned().await else { return Ok(()) };
                // Out of file descriptors (EMFILE), a connection reset before
                // it was accepted: wait a little, go on serving.
                let Ok((stream, _)) = listener.accept().await else {
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(1));
                    continue;
                };
                backoff = Duration::from_millis(10);
                let site = Arc::clone(&site);
                tokio::spawn(async move {
                    let _slot = slot;
                    let service = hyper::service::service_fn(move |request| {
                        let site = site.read().map(|s| Arc::clone(&s)).ok();
                        async move { Ok::<_, Infallible>(respond(&request, site.as_deref(), port)) }
                    });
                    let connection = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(HEADER_TIMEOUT)
                        .max_buf_size(MAX_HEADER_BYTES)
                        .serve_connection(TokioIo::new(stream), service);
                    // A client that hung up, or took too long, is not our problem.
                    let _ = tokio::time::timeout(CONNECTION_TIMEOUT, connection).await;
                });
            }
        })
    }
}

/// Whether a change at `path` can change the site: not in a hidden folder
/// (`.git`) and not in a skipped one.
fn watched(root: &Path, skip: &[String], path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else { return false };
    let hidden = relative.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    !hidden && !skip.iter().any(|s| relative.starts_with(s))
}

/// The answer to one request.
fn respond<B>(request: &Request<B>, site: Option<&Site>, port: u16) -> Response<Full<Bytes>> {
    if !allowed_host(request.headers().get(HOST), port) {
        return text(StatusCode::MISDIRECTED_REQUEST, "okr serve answers only to 127.0.0.1 and localhost\n");
    }
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        response.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Some(path) = site_path(request.uri().path()) else {
        return text(StatusCode::BAD_REQUEST, "bad path\n");
    };
    let Some(site) = site else {
        return text(StatusCode::INTERNAL_SERVER_ERROR, "site unavailable\n");
    };
    let found = site.files.get(&path).map(|bytes| (path.clone(), bytes)).or_else(|| {
        let index = format!("{}index.html", if path.is_empty() { String::new() } else { format!("{path}/") });
        site.files.get(&index).map(|bytes| (index, bytes))
    });
    match found {
        Some((name, bytes)) => {
            let mut response = Response::new(Full::new(Bytes::from(bytes.clone())));
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type(&name)));
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            secure(response)
        }
        None => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// `127.0.0.1:PORT` or `localhost:PORT`, the names the server is reached by.
fn allowed_host(host: Option<&HeaderValue>, port: u16) -> bool {
    let Some(host) = host.and_then(|h| h.to_str().ok()) else { return false };
    let Some((name, given)) = host.rsplit_once(':') else { return false };
    given == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost"))
}

fn secure(mut response: Response<Full<Bytes>>) -> Response<Full<Bytes>> {
    for (name, value) in SECURITY_HEADERS {
        response.headers_mut().insert(name, HeaderValue::from_static(value));
    }
    response
}

fn text(status: StatusCode, body: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    secure(response)
}

/// The site file a URL names: query and fragment dropped, percent-escapes
/// decoded, no leading or trailing `/`; `None` for paths that climb out.
fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    let parts: Vec<&str> = decoded.split('/').filter(|p| !p.is_empty()).collect();
    if parts.iter().any(|p| *p == "." || *p == ".." || p.contains('\\')) {
        return None;
    }
    Some(parts.join("/"))
}

fn percent_decode(text: &str) -> Option<String> {
    // A `%` not followed by two hex digits is malformed: refused, not kept.
    let bytes = text.as_bytes();
    let malformed = bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(text).decode_utf8().ok().map(std::borrow::Cow::into_owned)
}

fn content_type(name: &str) -> &'static str {
    match Path::new(name).extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// A hash of every file's path, size and modification time below `root`,
/// hidden folders (`.git`) and `skip` left out.
pub fn fingerprint(root: &Path, skip: &[String]) -> u64 {
    let mut hasher = DefaultHasher::new();
    let walk = walkdir::WalkDir::new(root).sort_by_file_name().into_iter().filter_entry(|entry| {
        let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let name = entry.file_name().to_string_lossy();
        entry.depth() == 0 || !(name.starts_with('.') || skip.iter().any(|s| Path::new(s) == relative))
    });
    for entry in walk.filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        entry.path().hash(&mut hasher);
        if let Ok(meta) = entry.metadata() {
            meta.len().hash(&mut hasher);
            meta.modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .hash(&mut hasher);
        }
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::{allowed_host, content_type, site_path, HeaderValue};

    #[test]
    fn only_the_loopback_names_are_answered() {
        let host = |h: &'static str| Some(HeaderValue::from_static(h));
        assert!(allowed_host(host("127.0.0.1:8000").as_ref(), 8000));
        assert!(allowed_host(host("LocalHost:8000").as_ref(), 8000));
        for bad in
            ["evil.example:8000", "127.0.0.1:8001", "127.0.0.1", "localhost.evil.example:8000", "[::1]:8000"]
        {
            assert!(!allowed_host(host(bad).as_ref(), 8000), "{bad}");
        }
        assert!(!allowed_host(None, 8000));
    }

    #[test]
    fn urls_map_to_site_files_and_never_leave_the_site() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(
            site_path("/cycles/2026-Q4/index.html?x=1#top").as_deref(),
            Some("cycles/2026-Q4/index.html")
        );
        assert_eq!(site_path("/a%20b.html").as_deref(), Some("a b.html"));
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/%2e%2e/x"), None);
        assert_eq!(site_path("/%zz"), None);
        assert_eq!(site_path("/a%5c..%5cb"), None);
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("data.json"), "application/json");
        assert_eq!(content_type(".okr-build"), "application/octet-stream");
    }
}
