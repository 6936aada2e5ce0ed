//! Hostile input: each case is refused with a diagnostic naming the file,
//! exit 1, no panic, within 10 s and under a 1 GiB address-space cap.

use std::process::Command;

use serde_json::Value;

use crate::support::{compact, Repo, AS_OF};

const FILE: &str = "okrs/2026-Q4/platform.yaml";

/// Runs `okr check --format json` on `repo` with the address space capped at
/// 1 GiB, so a runaway allocation fails the test instead of the machine.
fn check_capped(repo: &Repo) -> (i32, Value) {
    let started = std::time::Instant::now();
    let output = Command::new("sh")
        .args(["-c", "ulimit -v 1048576 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_okr"))
        .args(["check", repo.path().to_str().unwrap(), "--format", "json", "--as-of", AS_OF])
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    // The bound holds for the release binary (`cargo test --release`); an
    // unoptimised test build on a busy machine gets six times as long.
    let bound = std::time::Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 10 });
    let took = started.elapsed();
    assert!(took < bound, "took {took:?}, the bound is {bound:?}");
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (output.status.code().unwrap_or(-1), json)
}

/// Writes `content` as the platform file and expects `rule` with `fragment`
/// in its message at that file.
fn refused(content: impl AsRef<[u8]>, rule: &str, fragment: &str) -> Value {
    let repo = Repo::with_base_config();
    repo.write(FILE, content);
    let (code, json) = check_capped(&repo);
    assert_eq!(code, 1, "{}", compact(&json));
    let hit = json["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["file"] == FILE && d["rule"] == rule && d["message"].as_str().unwrap_or_default().contains(fragment)
    });
    assert!(hit, "expected {rule} `{fragment}` at {FILE}, got:\n{}", compact(&json));
    json
}

const HEAD: &str = "cycle: 2026-Q4\nteam: platform\n";

#[test]
fn alias_bomb() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    refused(text, "yaml-syntax", "aliases expand to more than");
}

#[test]
fn hundred_thousand_nested_brackets() {
    refused("[".repeat(100_000), "yaml-syntax", "nesting deeper than 64 levels");
}

#[test]
fn twenty_thousand_nested_block_sequences() {
    // `- - - … x`: each `- ` opens a block sequence inside the previous one.
    refused(format!("{}x\n", "- ".repeat(20_000)), "yaml-syntax", "nesting deeper than 64 levels");
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    let json = refused(b"cycle: 2026-Q4\nteam: pl\xffatform\n", "yaml-syntax", "not valid UTF-8");
    let d = &json["diagnostics"][0];
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(9)));
}

#[test]
fn bom_is_accepted_and_crlf_counts_lines_like_lf() {
    let lf = format!("{HEAD}objectives:\n  - id: a\n    title: A\n    owner: zed\n");
    let positions = |content: Vec<u8>| {
        let repo = Repo::with_base_config();
        repo.write(FILE, content);
        let (code, json) = check_capped(&repo);
        assert_eq!(code, 1);
        let d = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "unknown-owner")
            .cloned()
            .unwrap();
        (d["line"].as_u64(), d["column"].as_u64())
    };
    let expected = positions(lf.clone().into_bytes());
    assert_eq!(expected, (Some(6), Some(12)));
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend_from_slice(lf.as_bytes());
    assert_eq!(positions(bom), expected);
    assert_eq!(positions(lf.replace('\n', "\r\n").into_bytes()), expected);
}

#[test]
fn duplicate_keys() {
    refused(format!("{HEAD}team: mobile\n"), "yaml-syntax", "duplicate key `team`");
}

#[test]
fn tags() {
    refused(format!("{HEAD}objectives: !!binary aGVsbG8=\n"), "yaml-syntax", "tags are not supported");
    refused(format!("{HEAD}objectives: !custom []\n"), "yaml-syntax", "tags are not supported");
}

#[test]
fn several_documents() {
    refused(format!("{HEAD}---\n{HEAD}"), "yaml-syntax", "a second YAML document");
}

#[test]
fn non_finite_numbers() {
    for number in [".nan", ".inf", "-.inf", "1e400"] {
        let text = format!("{HEAD}kpis:\n  - id: k\n    title: K\n    owner: bob\n    at_most: {number}\n");
        let json = refused(text, "yaml-syntax", "is not a finite number");
        assert_eq!(json["summary"]["errors"], 1, "{number}: one finding, no cascade: {}", compact(&json));
    }
}

#[test]
fn thirtieth_of_february() {
    let text = format!("{HEAD}kpis:\n  - id: k\n    title: K\n    owner: bob\n    at_most: 1\n    checkins: [{{ date: 2026-02-30, value: 1 }}]\n");
    refused(text, "schema", "`2026-02-30` is not a real calendar date");
}

#[test]
fn ids_with_path_separators() {
    refused(
        format!("{HEAD}objectives:\n  - id: ../../etc/passwd\n    title: A\n    owner: bob\n"),
        "schema",
        "is not a valid id",
    );
}

#[test]
fn five_megabyte_title_is_over_the_file_limit() {
    let text =
        format!("{HEAD}objectives:\n  - id: a\n    title: {}\n    owner: bob\n", "x".repeat(5_000_000));
    refused(text, "yaml-syntax", "okr reads files of at most 1048576 bytes");
}

#[test]
fn long_title_within_the_file_limit() {
    let text = format!("{HEAD}objectives:\n  - id: a\n    title: {}\n    owner: bob\n", "x".repeat(500_000));
    refused(text, "schema", "is 500000 characters long; the limit is 300");
}

#[test]
fn empty_file() {
    refused("", "schema", "expected a mapping, found nothing");
}

#[test]
fn file_that_is_a_list() {
    refused("- cycle: 2026-Q4\n- team: platform\n", "schema", "expected a mapping, found a list");
}

/// Makes `at` in `repo` a symbolic link to `target`.
#[cfg(unix)]
fn link(repo: &Repo, target: impl AsRef<std::path::Path>, at: &str) {
    std::os::unix::fs::symlink(target, repo.path().join(at)).unwrap();
}

/// Expects exactly the `yaml-syntax` findings at `files`, each with
/// `fragment` in its message.
fn refused_paths(repo: &Repo, files: &[&str], fragment: &str) {
    let (code, json) = check_capped(repo);
    assert_eq!(code, 1, "{}", compact(&json));
    let mut found: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["rule"] == "yaml-syntax" && d["message"].as_str().unwrap_or_default().contains(fragment)
        })
        .filter_map(|d| d["file"].as_str())
        .collect();
    found.sort_unstable();
    assert_eq!(found, files, "{}", compact(&json));
}

#[test]
fn a_directory_named_like_a_yaml_file_is_refused_and_its_files_still_read() {
    let repo = Repo::with_base_config();
    repo.write("okrs/2026-Q4/folder.yaml/platform.yaml", "cycle: 2026-Q4\nteam: [\n");
    refused_paths(&repo, &["okrs/2026-Q4/folder.yaml"], "a folder named like a YAML file");
    let (_, json) = check_capped(&repo);
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["file"] == "okrs/2026-Q4/folder.yaml/platform.yaml"),
        "the file inside is still checked: {}",
        compact(&json)
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_to_files_outside_and_inside_are_refused_unread() {
    let repo = Repo::with_base_config();
    let outside = Repo::empty();
    outside.write("secret.yaml", "cycle: 2026-Q4\nteam: nope\n");
    repo.write(FILE, format!("{HEAD}objectives: []\n"));
    link(&repo, outside.path().join("secret.yaml"), "okrs/link.yaml");
    link(&repo, "platform.yaml", "okrs/2026-Q4/mobile.yml");
    link(&repo, "nowhere.yaml", "okrs/dangling.yaml");
    // A link to a file that is not YAML is no OKR file; it is left alone.
    link(&repo, "/etc/hostname", "okrs/notes.txt");
    refused_paths(
        &repo,
        &["okrs/2026-Q4/mobile.yml", "okrs/dangling.yaml", "okrs/link.yaml"],
        "this is a symbolic link; okr does not follow links",
    );
    let (_, json) = check_capped(&repo);
    assert!(!compact(&json).contains("nope"), "the target was never read: {}", compact(&json));
    // Human output points at line 1, column 1 of a file it has no text of.
    let human = crate::support::stdout(&repo.okr(&["check", "--as-of", AS_OF]));
    assert!(human.contains("--> okrs/link.yaml:1:1\n"), "{human}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_named_like_a_yaml_file_is_refused_without_blocking() {
    let repo = Repo::with_base_config();
    repo.write(FILE, format!("{HEAD}objectives: []\n"));
    let pipe = repo.path().join("okrs/2026-Q4/pipe.yaml");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    refused_paths(&repo, &["okrs/2026-Q4/pipe.yaml"], "this is not a regular file");
}

#[test]
fn very_long_mapping_key() {
    // Implicit keys are capped at 1,024 characters by YAML itself; an explicit
    // `? key` is not.
    refused(
        format!("{HEAD}? {}\n: 1\n", "k".repeat(2_000)),
        "yaml-syntax",
        "a mapping key longer than 1024 characters",
    );
}

/// Pointers repeat their ancestors' keys: 60 nested 1,000-character keys above
/// a list of 400,000 flow items would need ~24 GB of pointers (within 1 MiB).
#[test]
fn long_keys_above_a_long_list_stay_bounded() {
    let mut text = String::new();
    for depth in 0..60 {
        text.push_str(&" ".repeat(depth));
        text.push_str(&format!("{}{depth:03}:\n", "k".repeat(997)));
    }
    text.push_str(&" ".repeat(60));
    text.push_str(&format!("[{}0]\n", "0,".repeat(200_000)));
    assert!(text.len() < 1024 * 1024);
    refused(text, "yaml-syntax", "too large to track");
}

/// 10,000 objectives without key results, each aligned to the next, ending
/// in an alignment loop, in a closed cycle (so `okr check` rolls them up for
/// `missed-commitment`): the walk is iterative and the loop is reported.
#[test]
fn long_alignment_chain_and_loop_are_rolled_up_without_recursion() {
    let mut text = String::from("cycle: 2026-Q3\nteam: platform\nobjectives:\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "  - {{ id: o{i}, title: O, owner: bob, commitment: committed, aligned_to: [platform/o{}] }}\n",
            i + 1
        ));
    }
    text.push_str("  - { id: o10000, title: O, owner: bob, aligned_to: [platform/o0] }\n");
    let repo = Repo::with_base_config();
    repo.write("okrs/2026-Q3/platform.yaml", text);
    let (code, json) = check_capped(&repo);
    assert_eq!(code, 1);
    let rules = crate::support::rules_of(&json);
    assert!(rules.iter().any(|r| r == "alignment-cycle"), "{}", compact(&json));
}

#[test]
fn a_one_gigabyte_sparse_file_is_refused_without_being_read() {
    let repo = Repo::with_base_config();
    repo.write(FILE, "");
    std::fs::OpenOptions::new().write(true).open(repo.path().join(FILE)).unwrap().set_len(1 << 30).unwrap();
    let (code, json) = check_capped(&repo);
    assert_eq!(code, 1);
    assert!(
        compact(&json).contains(&format!("{FILE}:1:1 error[yaml-syntax] file is 1073741824 bytes")),
        "{}",
        compact(&json)
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_to_folders_and_loops_are_refused_unfollowed() {
    let repo = Repo::with_base_config();
    repo.write(FILE, format!("{HEAD}objectives: []\n"));
    link(&repo, "..", "okrs/2026-Q4/loop");
    link(&repo, "/etc", "okrs/outside");
    link(&repo, "self", "okrs/self");
    refused_paths(
        &repo,
        &["okrs/2026-Q4/loop", "okrs/outside", "okrs/self"],
        "this is a symbolic link; okr does not follow links",
    );
    let (_, json) = check_capped(&repo);
    assert_eq!(json["summary"]["files"], 5, "okr.yaml, the one real OKR file and the three links");
}

#[test]
fn ids_that_are_device_names_nul_or_look_alikes_are_refused() {
    for id in ["con", "nul\\u0000", "..", "Deploy", "dеploy", "a/b", "a\\\\b"] {
        // `dеploy` has a Cyrillic `е`; ids are ASCII, lowercase, `-` only.
        let text = format!("{HEAD}objectives:\n  - id: \"{id}\"\n    title: A\n    owner: bob\n");
        if id == "con" {
            // A plain lowercase word is a fine id; its page is
            // `platform--con.html`, never a bare device name.
            let repo = Repo::with_base_config();
            repo.write(FILE, &text);
            let (_, json) = check_capped(&repo);
            assert!(!crate::support::rules_of(&json).iter().any(|r| r == "schema"), "{}", compact(&json));
            continue;
        }
        refused(text, "schema", "is not a valid id");
    }
}

/// A configured folder that is a link (`okrs -> /`) would have okr walk and
/// read the whole machine: it is refused and not walked.
#[cfg(unix)]
#[test]
fn a_configured_folder_that_is_a_symbolic_link_is_refused_unwalked() {
    let repo = Repo::with_base_config();
    let outside = Repo::empty();
    outside.write("2026-Q4/platform.yaml", "cycle: 2026-Q4\nteam: outside-secret\n");
    link(&repo, outside.path(), "okrs");
    refused_paths(&repo, &["okrs"], "this is a symbolic link; okr does not follow links");
    let (_, json) = check_capped(&repo);
    assert!(
        !compact(&json).contains("outside-secret"),
        "nothing behind the link was read: {}",
        compact(&json)
    );
    assert_eq!(json["summary"]["files"], 2, "okr.yaml and the link");
}

/// An `okr.yaml` that links elsewhere is never read (its text would show up
/// in the findings): okr stops with exit 2, as for any unusable okr.yaml.
#[cfg(unix)]
#[test]
fn an_okr_yaml_that_is_a_symbolic_link_is_not_read() {
    let repo = Repo::empty();
    let outside = Repo::empty();
    outside.write("okr.yaml", "organisation: outside-secret\n");
    link(&repo, outside.path().join("okr.yaml"), "okr.yaml");
    let output = repo.okr(&["check", "--format", "json", "--as-of", AS_OF]);
    assert_eq!(output.status.code(), Some(2));
    let text = crate::support::stdout(&output);
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let finding = &json["diagnostics"][0];
    assert_eq!((finding["file"].as_str(), finding["rule"].as_str()), (Some("okr.yaml"), Some("yaml-syntax")));
    assert!(text.contains("this is a symbolic link"), "{text}");
    assert!(!text.contains("outside-secret") && !crate::support::stderr(&output).contains("outside-secret"));
}

/// A template or asset that links elsewhere (`templates/style.css ->
/// /proc/self/environ`) would publish that file on the site: the build stops
/// naming it, and nothing is written.
#[cfg(unix)]
#[test]
fn templates_that_are_symbolic_links_are_never_read() {
    let outside = Repo::empty();
    outside.write("secret.txt", "outside-secret");
    for (at, points_to) in [
        ("templates/style.css", outside.path().join("secret.txt")),
        ("templates/overview.html", outside.path().join("secret.txt")),
        ("templates", outside.path().to_path_buf()),
    ] {
        let repo = Repo::copy_of(&crate::support::manifest_dir().join("examples/acme"));
        if let Some(parent) = repo.path().join(at).parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        if at == "templates" {
            outside.write("style.css", "outside-secret");
        }
        link(&repo, &points_to, at);
        let out = Repo::empty();
        let output =
            crate::support::okr_build(repo.path(), &out.path().join("site"), AS_OF).output().unwrap();
        let stderr = crate::support::stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{at}: {stderr}");
        assert!(stderr.contains("is a symbolic link; okr does not follow links"), "{at}: {stderr}");
        assert!(crate::support::files(out.path()).is_empty(), "{at}: nothing is written");
    }
}

#[test]
fn templates_over_the_size_limit_or_not_utf8_stop_the_build() {
    for (content, expected) in [
        (
            vec![b' '; 1024 * 1024 + 1],
            "templates/style.css is 1048577 bytes; templates are at most 1048576 bytes",
        ),
        (b"body { color: red }\xff".to_vec(), "templates/style.css is not valid UTF-8"),
    ] {
        let repo = Repo::copy_of(&crate::support::manifest_dir().join("examples/acme"));
        repo.write("templates/style.css", content);
        let out = Repo::empty();
        let output =
            crate::support::okr_build(repo.path(), &out.path().join("site"), AS_OF).output().unwrap();
        let stderr = crate::support::stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
        assert!(crate::support::files(out.path()).is_empty());
    }
}

/// `Platform.yaml` beside `platform.yaml` would be one file on macOS and
/// Windows: the misnamed one is refused, and the ids in both collide.
#[test]
fn case_colliding_file_names_are_refused() {
    let repo = Repo::with_base_config();
    let text = format!("{HEAD}objectives:\n  - id: a\n    title: A\n    owner: bob\n");
    repo.write(FILE, &text);
    repo.write("okrs/2026-Q4/Platform.yaml", &text);
    let (code, json) = check_capped(&repo);
    assert_eq!(code, 1);
    let findings = json["diagnostics"].as_array().unwrap();
    let misnamed = findings
        .iter()
        .find(|d| d["rule"] == "file-location" && d["file"] == "okrs/2026-Q4/Platform.yaml")
        .unwrap_or_else(|| panic!("{}", compact(&json)));
    assert_eq!(
        misnamed["help"],
        "rename the file to `platform.yaml`: file names are team ids (lowercase letters, digits and `-`)"
    );
    assert!(findings.iter().any(|d| d["rule"] == "duplicate-id"), "{}", compact(&json));
}

#[test]
fn script_payloads_in_every_text_field_are_inert_on_the_site() {
    let payload = "<script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a> x\" onmouseover=\"alert(5)";
    let repo = Repo::copy_of(&crate::support::manifest_dir().join("examples/acme"));
    let yaml = |text: &str| format!("\"{}\"", text.replace('"', "\\\""));
    repo.edit("okr.yaml", "organisation: Acme GmbH", &format!("organisation: {}", yaml(payload)));
    repo.edit("okr.yaml", "    name: Platform Engineering", &format!("    name: {}", yaml(payload)));
    repo.edit("okr.yaml", "name: Maria Keller", &format!("name: {}", yaml(payload)));
    repo.edit(
        "okrs/2026-Q4/platform.yaml",
        "title: Deployments are boring",
        &format!("title: {}", yaml(payload)),
    );
    repo.edit(
        "okrs/2026-Q4/platform.yaml",
        "title: Deploy success rate",
        &format!("title: {}", yaml(payload)),
    );
    repo.edit(
        "okrs/2026-Q4/platform.yaml",
        "note: Rollback automation landed",
        &format!("note: {}", yaml(payload)),
    );
    repo.edit(
        "okrs/2026-Q4/platform.yaml",
        "title: P1 incidents per month",
        &format!("title: {}", yaml(payload)),
    );
    repo.edit(
        "okrs/2026-Q4/platform.yaml",
        "      A deploy should be a non-event",
        &format!("      {payload} [link](javascript:alert(4)) A deploy should be a non-event"),
    );
    let out = Repo::empty();
    let site = out.path().join("site");
    let output = crate::support::okr_build(repo.path(), &site, "2026-11-25").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut pages = 0;
    for (path, bytes) in crate::support::files(&site).iter().filter(|(p, _)| crate::support::is_html(p)) {
        let html = String::from_utf8_lossy(bytes).to_lowercase();
        // Escaped text may still read `onerror=`; what must never appear is
        // a tag the payload made, or a handler or script URL inside a tag.
        let tags: Vec<&str> = html.split('<').skip(1).filter_map(|rest| rest.split('>').next()).collect();
        for tag in &tags {
            // The tag without its quoted attribute values (escaped text).
            let outside: String = tag.split('"').step_by(2).collect();
            for bad in ["script", "img", "onerror", "onmouseover"] {
                assert!(!outside.contains(bad), "{path}: tag <{tag}> has `{bad}`");
            }
            for url in ["href=\"javascript:", "src=\"javascript:"] {
                assert!(!tag.contains(url), "{path}: tag <{tag}> has a script URL");
            }
        }
        pages += 1;
    }
    assert!(pages > 40);
    let team = String::from_utf8_lossy(&crate::support::files(&site)["cycles/2026-Q4/teams/platform.html"])
        .into_owned();
    assert!(team.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the text is shown, escaped");
}
