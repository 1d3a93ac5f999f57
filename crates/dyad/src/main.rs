//! The `dyad` command line: thin wiring of the library crates.

mod code;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "dyad", version, about = "News in, explainable political event data (PLOVER/CAMEO) out")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Code documents into events: one JSON line per input document on stdout.
    Code(code::CodeArgs),
    /// Look up actors in the knowledge base, check its integrity, or print its size.
    Actors(code::ActorsArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ok = match cli.cmd {
        Cmd::Code(a) => code::run_code(a),
        Cmd::Actors(a) => code::run_actors(a),
    };
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
