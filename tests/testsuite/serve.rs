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
    let mut child = okr()
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
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
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
