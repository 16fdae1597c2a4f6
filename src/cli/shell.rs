//! `dossier completions` and `dossier man`: the shell completion scripts and the manual
//! pages, generated from the same definitions as the parser, so they never drift from it.

use std::path::PathBuf;

use clap::CommandFactory;

use super::{Cli, EXIT_OK};
use crate::Fatal;

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write `dossier.1` and one page per subcommand (`dossier-check.1`...) into this
    /// folder instead of printing `dossier.1`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Prints the completion script of a shell.
pub fn completions(args: CompletionsArgs) -> Result<u8, Fatal> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "dossier", &mut std::io::stdout());
    Ok(EXIT_OK)
}

/// Prints the manual page, or writes every page into a folder.
pub fn man(args: ManArgs) -> Result<u8, Fatal> {
    let command = Cli::command();
    let Some(dir) = args.out else {
        let mut out = Vec::new();
        clap_mangen::Man::new(command)
            .render(&mut out)
            .map_err(|e| Fatal::new(format!("cannot render the manual page: {e}")))?;
        use std::io::Write;
        let _ = std::io::stdout().write_all(&out);
        return Ok(EXIT_OK);
    };
    std::fs::create_dir_all(&dir)
        .map_err(|e| Fatal::new(format!("cannot create {}: {e}", dir.display())))?;
    clap_mangen::generate_to(command, &dir).map_err(|e| {
        Fatal::new(format!(
            "cannot write the manual pages into {}: {e}",
            dir.display()
        ))
    })?;
    println!("wrote the manual pages to {}", dir.display());
    Ok(EXIT_OK)
}
