//! `dossier init`: a new dossier, or the example copied to start from.

use std::path::PathBuf;

use crate::Fatal;
use crate::config::Profile;
use crate::init::{InitOptions, init};

use super::EXIT_OK;
use super::check::today;

pub(super) const EXAMPLES: &str = "\
Examples:
  dossier init my-dossier --device DEV-PUMP --release 1.0.0   a new dossier to fill in
  dossier init my-dossier --from-example                      the example infusion pump, to adapt
  cd my-dossier && git init && git add . && git commit -m 'Dossier' && dossier check";

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create (it must not exist, or be empty).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Copy the example dossier (a connected infusion pump that passes every rule), its
    /// schemas and modelines set up, `migrated_on` set to today.
    #[arg(long)]
    pub from_example: bool,
    /// The device artifact's ID.
    #[arg(long, default_value = "DEV-001", conflicts_with = "from_example")]
    pub device: String,
    /// The release the submission is for.
    #[arg(long, default_value = "1.0.0", conflicts_with = "from_example")]
    pub release: String,
    /// The submission profile.
    #[arg(long, value_enum, default_value_t = Profile::Full, conflicts_with = "from_example")]
    pub profile: Profile,
}

/// Runs `init`.
pub fn run(args: Args) -> Result<u8, Fatal> {
    let options = InitOptions {
        from_example: args.from_example,
        device: args.device,
        release: args.release,
        profile: args.profile,
        today: today(),
    };
    let files = init(&args.dir, &options)?;
    let dir = args.dir.display();
    println!("wrote {} files to {dir}", files.len());
    if options.from_example {
        println!(
            "\nThe example (the Lumen IV-7 infusion pump) passes every rule. Next:\n  cd {dir} && git init && git add . && git commit -m 'Dossier from the example'\n  dossier check          # 0 findings; then make it yours, artifact by artifact"
        );
    } else {
        println!(
            "\nNext:\n  dossier check {dir}    # every finding says what to fill in\n  Each folder has a commented example of what goes in it (from the example dossier);\n  `dossier explain CODE` says why a rule asks for it. Editors validate the YAML against\n  {dir}/schemas/ through the modeline at the top of each file."
        );
    }
    Ok(EXIT_OK)
}
