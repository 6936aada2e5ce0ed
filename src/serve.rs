//! `okr serve`: the site from memory on 127.0.0.1, rebuilt when a file under
//! the root changes. Nothing is written to disk; a build that fails keeps the
//! last good site up (its errors go to stderr).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::{Duration, SystemTime};

use anyhow::{anyhow, Result};
use tiny_http::{Header, Method, Request, Response, Server};

use crate::render::site::Site;

/// How often the root is scanned for changes.
const POLL: Duration = Duration::from_millis(400);

/// A running server: its address, and the site it serves.
pub struct Serving {
    server: Arc<Server>,
    site: Arc<RwLock<Site>>,
}

impl Serving {
    /// Binds `127.0.0.1:port` (0 picks a free port).
    pub fn bind(port: u16, site: Site) -> Result<Serving> {
        let server =
            Server::http(("127.0.0.1", port)).map_err(|e| anyhow!("cannot listen on port {port}: {e}"))?;
        Ok(Serving { server: Arc::new(server), site: Arc::new(RwLock::new(site)) })
    }

    /// The address to open, e.g. `http://127.0.0.1:8000/`.
    pub fn url(&self) -> String {
        match self.server.server_addr().to_ip() {
            Some(addr) => format!("http://{addr}/"),
            None => "http://127.0.0.1/".to_owned(),
        }
    }

    /// Watches `root` and replaces the site with `rebuild()`'s whenever a file
    /// below it changes (`rebuild` returns `None` when the build failed).
    /// Folders named in `skip` (relative to the root) are not watched.
    /// `since` is the [`fingerprint`] the served site was built from, taken
    /// before that build: a change made during it is not missed.
    pub fn watch(
        &self,
        root: &Path,
        skip: Vec<String>,
        since: u64,
        rebuild: impl Fn() -> Option<Site> + Send + 'static,
    ) {
        let site = Arc::clone(&self.site);
        let root = root.to_path_buf();
        thread::spawn(move || {
            let mut last = since;
            loop {
                thread::sleep(POLL);
                let now = fingerprint(&root, &skip);
                if now == last {
                    continue;
                }
                last = now;
                if let Some(new) = rebuild() {
                    if let Ok(mut current) = site.write() {
                        *current = new;
                    }
                }
            }
        });
    }

    /// Answers requests until the process ends.
    pub fn run(&self) {
        for request in self.server.incoming_requests() {
            let response = self.respond(&request);
            // A client that hung up is not our problem.
            let _ = request.respond(response);
        }
    }

    fn respond(&self, request: &Request) -> Response<std::io::Cursor<Vec<u8>>> {
        if !matches!(request.method(), Method::Get | Method::Head) {
            return text(405, "only GET and HEAD\n");
        }
        let Some(path) = site_path(request.url()) else {
            return text(400, "bad path\n");
        };
        let Ok(site) = self.site.read() else {
            return text(500, "site unavailable\n");
        };
        let found = site.files.get(&path).map(|bytes| (path.clone(), bytes)).or_else(|| {
            let index =
                format!("{}index.html", if path.is_empty() { String::new() } else { format!("{path}/") });
            site.files.get(&index).map(|bytes| (index, bytes))
        });
        match found {
            Some((name, bytes)) => {
                let mut response = Response::from_data(bytes.clone());
                if let Ok(header) = Header::from_bytes("Content-Type", content_type(&name)) {
                    response.add_header(header);
                }
                if let Ok(header) = Header::from_bytes("Cache-Control", "no-store") {
                    response.add_header(header);
                }
                response
            }
            None => text(404, "not found\n"),
        }
    }
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut response = Response::from_string(body).with_status_code(status);
    if let Ok(header) = Header::from_bytes("Content-Type", "text/plain; charset=utf-8") {
        response.add_header(header);
    }
    response
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
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
    use super::{content_type, site_path};

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
