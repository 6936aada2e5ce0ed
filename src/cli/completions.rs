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
    super::print(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}

pub(super) const MAN_HELP: &str = "\
Examples:
  okr man > okr.1 && man ./okr.1
  okr man > /usr/local/share/man/man1/okr.1";

pub(super) fn man() -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    super::print(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}
