//! `okr completions` and `okr man`: shell completions and the manual page,
//! generated from the command-line definition itself.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::Cli;

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in.
    shell: Shell,
}

pub(super) const COMPLETIONS_HELP: &str = "\
Examples:
  okr completions bash > ~/.local/share/bash-completion/completions/okr
  okr completions zsh > \"${fpath[1]}/_okr\"
  okr completions fish > ~/.config/fish/completions/okr.fish
  okr completions powershell >> $PROFILE";

pub(super) fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "okr", &mut out);
    let generated = String::from_utf8_lossy(&out).into_owned();
    let script = match args.shell {
        Shell::Bash => format!("{generated}{BASH_DYNAMIC}"),
        Shell::Zsh => zsh_dynamic(&generated),
        Shell::Fish => {
            format!("{}{}{FISH_DYNAMIC}", fish_literal_dollars(&generated), fish_positionals(&command))
        }
        _ => generated,
    };
    super::print(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// Bash: key-result ids for `checkin` and `log`, rule names for `rules`
/// and `--level`, asked of `okr __complete` in the current folder's
/// repository; everything else as clap completes it.
const BASH_DYNAMIC: &str = r#"
# okr: ids and rule names from the repository (`okr __complete`).
_okr_dynamic() {
    local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}" i sub="" positional=0
    for (( i = 1; i < COMP_CWORD; i++ )); do
        case "${COMP_WORDS[i]}" in
            -*) ;;
            *) if [[ -z "$sub" ]]; then sub="${COMP_WORDS[i]}"; else positional=$((positional + 1)); fi ;;
        esac
    done
    if [[ "$prev" == "--level" ]]; then
        COMPREPLY=( $(compgen -W "$(okr __complete levels 2>/dev/null)" -- "$cur") )
        compopt -o nospace 2>/dev/null
        return 0
    fi
    if [[ -n "$sub" && "$positional" -eq 0 && "$cur" != -* ]]; then
        case "$sub" in
            checkin|log) COMPREPLY=( $(compgen -W "$(okr __complete key-results 2>/dev/null)" -- "$cur") ); return 0 ;;
            rules) COMPREPLY=( $(compgen -W "$(okr __complete rules 2>/dev/null)" -- "$cur") ); return 0 ;;
        esac
    fi
    _okr "$@"
}
complete -F _okr_dynamic -o bashdefault -o default okr
"#;

/// Zsh: the same, by naming functions of okr's own where clap's script
/// completes a key result or `--level` with anything.
fn zsh_dynamic(generated: &str) -> String {
    let mut out = String::with_capacity(generated.len() + 1024);
    for line in generated.split_inclusive('\n') {
        if line.starts_with("':key_result -- ") && line.contains(":_default'") {
            out.push_str(&line.replacen(":_default'", ":_okr_dynamic_key_results'", 1));
        } else if line.starts_with("'*--level=[") && line.contains(":RULE=LEVEL:_default'") {
            out.push_str(&line.replacen(":RULE=LEVEL:_default'", ":RULE=LEVEL:_okr_dynamic_levels'", 1));
        } else if line.starts_with("'::name -- A rule to explain") && line.contains(":_default'") {
            out.push_str(&line.replacen(":_default'", ":_okr_dynamic_rules'", 1));
        } else if line.starts_with("if [ \"$funcstack[1]\" = \"_okr\" ]; then") {
            out.push_str(ZSH_FUNCTIONS);
            out.push_str(line);
        } else {
            out.push_str(line);
        }
    }
    out
}

const ZSH_FUNCTIONS: &str = r#"# okr: ids and rule names from the repository (`okr __complete`).
(( $+functions[_okr_dynamic_key_results] )) ||
_okr_dynamic_key_results() {
    local -a ids; ids=(${(f)"$(okr __complete key-results 2>/dev/null)"})
    compadd -a ids
}
(( $+functions[_okr_dynamic_rules] )) ||
_okr_dynamic_rules() {
    local -a rules; rules=(${(f)"$(okr __complete rules 2>/dev/null)"})
    compadd -a rules
}
(( $+functions[_okr_dynamic_levels] )) ||
_okr_dynamic_levels() {
    local -a levels; levels=(${(f)"$(okr __complete levels 2>/dev/null)"})
    compadd -S '' -a levels
}

"#;

/// Fish expands `$NAME` inside double quotes, where clap's script puts the
/// descriptions of values (`$GITHUB_STEP_SUMMARY` would show as empty):
/// each `$` inside double quotes is escaped.
fn fish_literal_dollars(generated: &str) -> String {
    let mut out = String::with_capacity(generated.len());
    let (mut single, mut double, mut escaped) = (false, false, false);
    for c in generated.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' && (single || double) {
            escaped = true;
        } else if c == '\'' && !double {
            single = !single;
        } else if c == '"' && !single {
            double = !double;
        } else if c == '$' && double {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Fish: clap's script does not offer the values of positional arguments
/// (clap-rs/clap#6295): one `complete` line per subcommand that has them.
fn fish_positionals(command: &clap::Command) -> String {
    let mut out = String::from("\n# okr: the values of positional arguments (clap-rs/clap#6295).\n");
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        for arg in sub.get_positionals() {
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| match v.get_help() {
                    Some(help) => {
                        format!("{}\t{}", v.get_name(), help.to_string().replace(['\'', '"', '$', '\\'], ""))
                    }
                    None => v.get_name().to_owned(),
                })
                .collect();
            if values.is_empty() {
                continue;
            }
            let quoted: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
            out.push_str(&format!(
                "complete -c okr -n \"__fish_okr_using_subcommand {}\" -f -a \"{}\"\n",
                sub.get_name(),
                quoted.join(" ").replace('"', "")
            ));
        }
    }
    out
}

const FISH_DYNAMIC: &str = r#"
# okr: ids and rule names from the repository (`okr __complete`).
complete -c okr -n "__fish_okr_using_subcommand checkin; and test (count (commandline -opc)) -eq 2" -f -a "(okr __complete key-results 2>/dev/null)"
complete -c okr -n "__fish_okr_using_subcommand log; and test (count (commandline -opc)) -eq 2" -f -a "(okr __complete key-results 2>/dev/null)"
complete -c okr -n "__fish_okr_using_subcommand rules" -f -a "(okr __complete rules 2>/dev/null)"
complete -c okr -n "__fish_okr_using_subcommand check" -l level -x -a "(okr __complete levels 2>/dev/null)"
"#;

pub(super) const MAN_HELP: &str = "\
Examples:
  okr man > okr.1 && man ./okr.1
  okr man check | man -l -        one subcommand's page, with its options
  for c in check build status checkin; do okr man $c > okr-$c.1; done";

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// The subcommand whose page to print, e.g. `check` [default: okr's own page].
    command: Option<String>,
}

/// What okr's exit status says, on every page.
const EXIT_STATUS: [(&str, &str); 3] = [
    ("0", "success (okr check: no errors; warnings pass unless --deny warnings)."),
    (
        "1",
        "the repository has errors, or the command refused and wrote nothing (okr codeowners --check: CODEOWNERS is out of date).",
    ),
    ("2", "okr could not run: bad arguments, no okr.yaml, okr.yaml unusable, a git repository that cannot be read."),
];

/// The environment okr reads.
const ENVIRONMENT: [(&str, &str); 4] = [
    ("NO_COLOR", "when set and not empty, no colour (as --color never)."),
    (
        "GITHUB_STEP_SUMMARY",
        "okr check --format github appends a summary of every finding to the file it names (GitHub Actions sets it).",
    ),
    ("TZ", "the time zone of \"today\" for time-dependent rules and status, unless --as-of gives the day."),
    ("RAYON_NUM_THREADS", "how many threads okr uses (default: one per core); the output is the same with any number."),
];

pub(super) fn man(args: &ManArgs) -> Result<ExitCode> {
    use clap_mangen::roff::{bold, roman, Roff};
    let mut root = Cli::command().disable_help_subcommand(true);
    root.build();
    let command = match &args.command {
        None => root,
        Some(name) => {
            let names: Vec<&str> =
                root.get_subcommands().filter(|s| !s.is_hide_set()).map(clap::Command::get_name).collect();
            let Some(found) = root.find_subcommand(name).filter(|s| !s.is_hide_set()) else {
                match okr::suggest::did_you_mean(name, names.iter().copied()) {
                    Some(close) => anyhow::bail!("no subcommand `{name}`; did you mean `{close}`?"),
                    None => anyhow::bail!("no subcommand `{name}`; subcommands: {}", names.join(", ")),
                }
            };
            // `okr-check(1)`, as git names its pages; the synopsis says `okr check`.
            found.clone().name(format!("okr-{name}")).bin_name(format!("okr {name}"))
        }
    };
    let man = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if command.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut out)?;
    }
    if command.get_after_help().is_some() || command.get_after_long_help().is_some() {
        man.render_extra_section(&mut out)?;
    }
    let mut roff = Roff::new();
    for (heading, items) in [("EXIT STATUS", &EXIT_STATUS[..]), ("ENVIRONMENT", &ENVIRONMENT[..])] {
        roff.control("SH", [heading]);
        for (name, meaning) in items {
            roff.control("TP", []).text([bold(*name)]).text([roman(*meaning)]);
        }
    }
    if args.command.is_some() {
        roff.control("SH", ["SEE ALSO"])
            .text([bold("okr"), roman("(1); every subcommand has its page: okr man SUBCOMMAND")]);
    }
    roff.to_writer(&mut out)?;
    super::print(&ascii_roff(&String::from_utf8_lossy(&out)))?;
    Ok(ExitCode::SUCCESS)
}

/// Every character beyond ASCII as a groff glyph (`→` as `\[u2192]`): man
/// pages are read by groff in any locale, and a raw UTF-8 arrow is not.
fn ascii_roff(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

#[derive(Debug, Args)]
pub(crate) struct CompleteArgs {
    /// What to list.
    #[arg(value_enum)]
    what: Completable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Completable {
    /// The key-result and KPI ids of the repository around the current folder.
    KeyResults,
    /// Every rule's name.
    Rules,
    /// `RULE=` for each rule whose level can be set, and `RULE=LEVEL`.
    Levels,
}

/// One name a line, for the completion scripts; nothing (and exit 0) where
/// there is nothing to offer, e.g. outside an OKR repository.
pub(super) fn complete(args: &CompleteArgs) -> Result<ExitCode> {
    let mut names: Vec<String> = match args.what {
        Completable::Rules => okr::check::registry().iter().map(|r| r.name.to_owned()).collect(),
        Completable::Levels => okr::check::registry()
            .iter()
            .filter(|r| r.configurable)
            .flat_map(|r| ["error", "warning", "off"].map(|level| format!("{}={level}", r.name)))
            .collect(),
        Completable::KeyResults => {
            let loaded = okr::load::find_root(std::path::Path::new("."), None)
                .ok()
                .and_then(|root| okr::model::load_workspace(&root).ok())
                .and_then(|outcome| outcome.workspace);
            loaded.map_or_else(Vec::new, |workspace| {
                let mut ids = Vec::new();
                for file in &workspace.files {
                    ids.extend(file.key_results().map(|kr| kr.key_result.id.clone()));
                    ids.extend(file.data.kpis.iter().map(|k| k.id.clone()));
                }
                ids
            })
        }
    };
    names.sort();
    names.dedup();
    // Ids are `[a-z0-9-]`; anything else (a file with schema errors) is
    // not offered to a shell.
    names.retain(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b"-=".contains(&b)));
    let mut text = names.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    super::print(&text)?;
    Ok(ExitCode::SUCCESS)
}
