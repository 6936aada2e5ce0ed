//! `scripts/install.sh` against a fake release on a local HTTP server
//! (127.0.0.1) built from the okr just compiled: a good archive installs and
//! runs, a tampered one is refused with nothing installed, an unknown
//! platform gets a clear message.

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::{manifest_dir, stderr, stdout};

/// The release's name for this machine's target, as the script picks it.
fn this_target() -> Option<&'static str> {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => Some("x86_64-unknown-linux-musl"),
        ("linux", "aarch64") => Some("aarch64-unknown-linux-musl"),
        ("macos", "x86_64") => Some("x86_64-apple-darwin"),
        ("macos", "aarch64") => Some("aarch64-apple-darwin"),
        _ => None,
    }
}

/// Serves the files of `folder` on 127.0.0.1 until the test ends; the base URL.
fn serve(folder: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = String::new();
            if BufReader::new(&stream).read_line(&mut request).is_err() {
                continue;
            }
            let name = request.split(' ').nth(1).unwrap_or("/").trim_start_matches('/').to_owned();
            let file = (!name.contains("..")).then(|| std::fs::read(folder.join(&name)).ok()).flatten();
            let _ = match file {
                Some(bytes) => stream
                    .write_all(
                        format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                            bytes.len()
                        )
                        .as_bytes(),
                    )
                    .and_then(|()| stream.write_all(&bytes)),
                None => stream
                    .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
            };
        }
    });
    format!("http://127.0.0.1:{port}")
}

/// A release folder with `okr-TARGET.tar.gz` (holding `okr-TARGET/okr`, the
/// binary under test) and its `SHA256SUMS`.
fn fake_release(dir: &Path, target: &str) -> PathBuf {
    let release = dir.join("release");
    let inside = dir.join("stage").join(format!("okr-{target}"));
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::create_dir_all(&release).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_okr"), inside.join("okr")).unwrap();
    let archive = format!("okr-{target}.tar.gz");
    // gzip -1: the test binary is large (debug information), and the
    // compression is not what is tested.
    let tar = Command::new("sh")
        .args(["-c", "tar -cf - -C \"$1\" \"$2\" | gzip -1 > \"$3\"", "sh"])
        .arg(dir.join("stage"))
        .arg(format!("okr-{target}"))
        .arg(release.join(&archive))
        .output()
        .unwrap();
    assert!(tar.status.success(), "{}", stderr(&tar));
    let sums = Command::new("sha256sum").arg(&archive).current_dir(&release).output().unwrap();
    assert!(sums.status.success(), "{}", stderr(&sums));
    std::fs::write(release.join("SHA256SUMS"), &sums.stdout).unwrap();
    release
}

fn install(base_url: &str, to: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new("sh");
    command
        .arg(manifest_dir().join("scripts/install.sh"))
        .args(["--base-url", base_url, "--to"])
        .arg(to)
        .env("no_proxy", "127.0.0.1")
        .env("NO_PROXY", "127.0.0.1");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

#[test]
fn the_install_script_verifies_what_it_installs() {
    let Some(target) = this_target() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let release = fake_release(scratch.path(), target);
    let base_url = serve(release.clone());

    let to = scratch.path().join("bin");
    let good = install(&base_url, &to, &[]);
    assert!(good.status.success(), "{}", stderr(&good));
    assert!(
        stderr(&good).contains(&format!("installed okr {}", env!("CARGO_PKG_VERSION"))),
        "{}",
        stderr(&good)
    );
    let version = Command::new(to.join("okr")).arg("--version").output().unwrap();
    assert_eq!(stdout(&version).trim(), format!("okr {}", env!("CARGO_PKG_VERSION")));

    // One byte changed after SHA256SUMS was made: refused, nothing installed.
    let archive = release.join(format!("okr-{target}.tar.gz"));
    let mut bytes = std::fs::read(&archive).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&archive, bytes).unwrap();
    let elsewhere = scratch.path().join("bin2");
    let tampered = install(&base_url, &elsewhere, &[]);
    assert_eq!(tampered.status.code(), Some(1));
    assert!(stderr(&tampered).contains("tampered with; nothing installed"), "{}", stderr(&tampered));
    assert!(!elsewhere.join("okr").exists());

    // An archive SHA256SUMS does not list is refused too.
    std::fs::write(release.join("SHA256SUMS"), "0000  okr-other.tar.gz\n").unwrap();
    let unlisted = install(&base_url, &elsewhere, &[]);
    assert_eq!(unlisted.status.code(), Some(1));
    assert!(stderr(&unlisted).contains("SHA256SUMS has no line for"), "{}", stderr(&unlisted));
    assert!(!elsewhere.join("okr").exists());
}

#[test]
fn the_install_script_says_what_it_cannot_install() {
    let scratch = tempfile::tempdir().unwrap();
    let to = scratch.path().join("bin");
    let plan9 = install("http://127.0.0.1:9", &to, &[("OKR_INSTALL_OS", "Plan9")]);
    assert_eq!(plan9.status.code(), Some(1));
    assert!(stderr(&plan9).contains("no prebuilt okr for the system Plan9"), "{}", stderr(&plan9));
    assert!(stderr(&plan9).contains("cargo install --locked okr"), "{}", stderr(&plan9));
    let riscv = install("http://127.0.0.1:9", &to, &[("OKR_INSTALL_ARCH", "riscv64")]);
    assert!(stderr(&riscv).contains("no prebuilt okr for the architecture riscv64"), "{}", stderr(&riscv));
    // Nowhere to download from: says what to give.
    let nowhere = Command::new("sh")
        .arg(manifest_dir().join("scripts/install.sh"))
        .arg("--to")
        .arg(&to)
        .env_remove("OKR_REPOSITORY")
        .env_remove("OKR_BASE_URL")
        .output()
        .unwrap();
    assert_eq!(nowhere.status.code(), Some(1));
    assert!(stderr(&nowhere).contains("give --repository OWNER/NAME"), "{}", stderr(&nowhere));
    assert!(!to.join("okr").exists());
}

/// The action's first step installs the release of its ref (or `version`)
/// with the install script, and falls back to building from source when
/// there is no release: a branch ref, or a release this runner has none of.
#[test]
fn the_action_installs_the_release_of_its_ref() {
    let Some(target) = this_target() else { return };
    let text = std::fs::read_to_string(manifest_dir().join("action.yml")).unwrap();
    let action = okr::load::yaml::parse("action.yml", &text).document.unwrap().value;
    let steps = action["runs"]["steps"].as_array().unwrap();
    let script = steps.iter().find(|s| s["id"] == "release").unwrap()["run"].as_str().unwrap().to_owned();
    let scratch = tempfile::tempdir().unwrap();
    let release = fake_release(scratch.path(), target);
    let base_url = serve(release);
    let step = |action_ref: &str, version: &str, base: &str| -> (String, bool) {
        let out = scratch.path().join("github-output");
        let install = scratch.path().join(format!("okr-{action_ref}-{version}"));
        let status = Command::new("bash")
            .args(["-e", "-c", &script])
            .env("ACTION_REF", action_ref)
            .env("ACTION_REPOSITORY", "acme/okr")
            .env("ACTION_PATH", manifest_dir())
            .env("VERSION", version)
            .env("OKR_INSTALL", &install)
            .env("OKR_BASE_URL", base)
            .env("GITHUB_OUTPUT", &out)
            .env("no_proxy", "127.0.0.1")
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", stderr(&status));
        let written = std::fs::read_to_string(&out).unwrap();
        let _ = std::fs::remove_file(&out);
        (written, install.join("bin/okr").is_file())
    };
    assert_eq!(step("v0.2.0", "", &base_url), ("installed=true\n".to_owned(), true));
    assert_eq!(step("main", "v0.2.0", &base_url), ("installed=true\n".to_owned(), true));
    // A branch: built from source (the next steps), nothing downloaded.
    assert_eq!(step("main", "", "http://127.0.0.1:9"), ("installed=false\n".to_owned(), false));
    // No such release for this runner: built from source too.
    let (missing, installed) = step("v9.9.9", "", &format!("{base_url}/nothing-here"));
    assert_eq!((missing.as_str(), installed), ("installed=false\n", false));
}

/// The release workflow, the install script and cargo-binstall's metadata
/// name the same archives: every target the workflow builds is one the
/// script can pick, packed as `okr-TARGET/okr` in `okr-TARGET.tar.gz` (zip
/// on Windows).
#[test]
fn release_install_script_and_binstall_agree_on_the_archives() {
    let workflow = std::fs::read_to_string(manifest_dir().join(".github/workflows/release.yml")).unwrap();
    let parsed = okr::load::yaml::parse("release.yml", &workflow).document.unwrap().value;
    let targets: Vec<&str> = parsed["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["target"].as_str().unwrap())
        .collect();
    assert_eq!(targets.len(), 5, "{targets:?}");
    let script = std::fs::read_to_string(manifest_dir().join("scripts/install.sh")).unwrap();
    for target in &targets {
        let generic = target.replacen("x86_64", "$arch", 1).replacen("aarch64", "$arch", 1);
        assert!(
            script.contains(&format!("target=\"{target}\""))
                || script.contains(&format!("target=\"{generic}\"")),
            "{target}"
        );
    }
    assert!(script.contains("archive=\"okr-$target.$ext\"") && script.contains("okr-$target/okr"));
    assert!(
        workflow.contains("tar -czf \"dist/$name.tar.gz\" -C dist \"$name\"")
            && workflow.contains("name=\"okr-$TARGET\"")
    );
    let cargo = std::fs::read_to_string(manifest_dir().join("Cargo.toml")).unwrap();
    assert!(cargo
        .contains("pkg-url = \"{ repo }/releases/download/v{ version }/okr-{ target }{ archive-suffix }\""));
    assert!(cargo.contains("bin-dir = \"okr-{ target }/{ bin }{ binary-ext }\""));
    // The release notes of this version exist.
    let notes = Command::new("sh")
        .arg(manifest_dir().join("scripts/release-notes.sh"))
        .arg(format!("v{}", env!("CARGO_PKG_VERSION")))
        .arg(manifest_dir().join("CHANGELOG.md"))
        .output()
        .unwrap();
    assert!(notes.status.success(), "{}", stderr(&notes));
    assert!(stdout(&notes).contains("### "), "{}", stdout(&notes));
    let none = Command::new("sh")
        .arg(manifest_dir().join("scripts/release-notes.sh"))
        .arg("9.9.9")
        .arg(manifest_dir().join("CHANGELOG.md"))
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
}
