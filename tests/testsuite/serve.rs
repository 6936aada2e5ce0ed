//! `okr serve`: serves the site on 127.0.0.1 and rebuilds it when a file
//! changes; a broken edit keeps the last good site up.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{manifest_dir, okr, Repo, ACME_AS_OF};

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `okr serve` on a free port; returns it with its `host:port`.
fn serve(repo: &Repo) -> (Server, String) {
    serve_with(repo, "")
}

/// [`serve`], with a shell prefix such as `ulimit -n 40 &&`.
fn serve_with(repo: &Repo, prefix: &str) -> (Server, String) {
    let mut child = std::process::Command::new("sh")
        .args(["-c", &format!("{prefix} exec \"$0\" \"$@\"")])
        .arg(env!("CARGO_BIN_EXE_okr"))
        .args(["serve", repo.path().to_str().unwrap(), "--port", "0", "--as-of", ACME_AS_OF])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let address = first.split("http://").nth(1).unwrap().split('/').next().unwrap().to_owned();
    (Server(child), address)
}

/// A plain HTTP/1.0 GET: status code and body.
fn get(address: &str, path: &str) -> (u16, String) {
    let (status, head, body) = request(address, &format!("GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n"));
    let _ = head;
    (status, body)
}

/// Sends `raw` and reads the answer to its end: status, headers, body.
fn request(address: &str, raw: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let (head, body) =
        response.split_once("\r\n\r\n").map(|(h, b)| (h.to_owned(), b.to_owned())).unwrap_or_default();
    (status, head, body)
}

/// Polls `path` until its body contains `needle`, for at most 15 s.
fn eventually_contains(address: &str, path: &str, needle: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if get(address, path).1.contains(needle) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn serves_the_site_and_rebuilds_on_change() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let (_server, address) = serve(&repo);
    let (status, index) = get(&address, "/");
    assert_eq!(status, 200);
    assert!(index.contains("<h1>Acme GmbH · Q4 2026</h1>"), "{index}");
    assert_eq!(get(&address, "/cycles/2026-Q4/").0, 200, "folders serve their index.html");
    assert_eq!(get(&address, "/nope.html").0, 404);
    assert_eq!(get(&address, "/../okr.yaml").0, 400, "never leaves the site");
    assert_eq!(get(&address, "/data.json").0, 200);

    let file = repo.path().join("okrs/2026-Q4/platform.yaml");
    let original = fs::read_to_string(&file).unwrap();
    fs::write(&file, original.replace("Deployments are boring", "Deployments are dull")).unwrap();
    assert!(eventually_contains(&address, "/cycles/2026-Q4/teams/platform.html", "Deployments are dull"));

    // A broken edit: the last good site stays up.
    fs::write(&file, original.replace("owner: alice", "owner: nobody-at-all")).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let (status, page) = get(&address, "/cycles/2026-Q4/teams/platform.html");
    assert_eq!(status, 200);
    assert!(page.contains("Deployments are dull"), "last good site kept");
}

#[test]
fn a_repository_with_errors_is_not_served() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    repo.write("okrs/2026-Q4/platform.yaml", "cycle: 2026-Q4\nteam: platform\nobjectives: 3\n");
    let output = okr().args(["serve", repo.path().to_str().unwrap(), "--port", "0"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("error[schema]"));
}

/// Issue 17 item 10: one client that pipelines requests and never reads
/// blocked every other client of 0.1.0's single-threaded server.
#[test]
fn a_client_that_never_reads_blocks_nobody_else() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let (_server, address) = serve(&repo);
    let mut stuck = TcpStream::connect(&address).unwrap();
    // The largest page, many times: far more than the socket buffers hold.
    let pipelined =
        format!("GET /cycles/2026-Q4/people.html HTTP/1.1\r\nHost: {address}\r\n\r\n").repeat(20_000);
    stuck.set_write_timeout(Some(Duration::from_secs(2))).unwrap();
    let _ = stuck.write_all(pipelined.as_bytes());
    // Time for the server to fill that client's socket with answers.
    std::thread::sleep(Duration::from_secs(1));
    let started = Instant::now();
    assert_eq!(get(&address, "/").0, 200);
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    drop(stuck);
}

/// Item 10: DNS rebinding read `data.json` through any Host; answers now
/// carry nosniff, a CSP, and `Allow` on 405; headers are capped.
#[test]
fn only_loopback_hosts_are_answered_with_safe_headers() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let (_server, address) = serve(&repo);
    let port = address.rsplit(':').next().unwrap();
    let (status, _, _) = request(
        &address,
        &format!("GET /data.json HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 421);
    let (status, _, _) = request(&address, "GET /data.json HTTP/1.0\r\n\r\n");
    assert_eq!(status, 421, "no Host header, no answer");
    let (status, head, _) =
        request(&address, &format!("GET / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 200);
    let head = head.to_ascii_lowercase();
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(head.contains("content-security-policy: default-src 'none'"), "{head}");
    let (status, head, _) = request(
        &address,
        &format!("POST / HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 405);
    assert!(head.to_ascii_lowercase().contains("allow: get, head"), "{head}");
    // 300 MB of headers grew 0.1.0 to 640 MB; now the connection is refused
    // after 8 KiB.
    let mut big = TcpStream::connect(&address).unwrap();
    big.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = write!(big, "GET / HTTP/1.1\r\nHost: {address}\r\nX-Big: ");
    let chunk = "a".repeat(64 * 1024);
    let mut sent = 0;
    while sent < 50 * 1024 * 1024 && big.write_all(chunk.as_bytes()).is_ok() {
        sent += chunk.len();
    }
    assert!(sent < 50 * 1024 * 1024, "the server stopped reading ({sent} bytes sent)");
    assert_eq!(get(&address, "/").0, 200, "and serves on");
}

/// Item 10: running out of file descriptors killed 0.1.0's accept thread
/// for good while the process looked alive.
#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    let repo = Repo::copy_of(&manifest_dir().join("examples/acme"));
    let (_server, address) = serve_with(&repo, "ulimit -n 64 &&");
    let mut held = Vec::new();
    for _ in 0..120 {
        if let Ok(stream) = TcpStream::connect(&address) {
            held.push(stream);
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    drop(held);
    assert!(eventually_contains(&address, "/", "Acme GmbH"), "the server answers again");
}
