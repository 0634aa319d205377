//! The `minsheng` binary: parses the command line and calls into the library crates.

use std::process::ExitCode;

mod cli;
mod commands;

fn main() -> ExitCode {
    let args = <cli::Cli as clap::Parser>::parse();
    match commands::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误 (error): {e}");
            ExitCode::from(2)
        }
    }
}
