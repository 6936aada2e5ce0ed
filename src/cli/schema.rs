//! `okr schema [okr|config]`.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use okr::schema::SchemaKind;

#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Which schema: OKR files or okr.yaml.
    #[arg(value_enum, default_value_t = SchemaKind::Okr)]
    kind: SchemaKind,
}

pub(super) fn run(args: &SchemaArgs) -> Result<ExitCode> {
    super::print(args.kind.text())?;
    Ok(ExitCode::SUCCESS)
}
