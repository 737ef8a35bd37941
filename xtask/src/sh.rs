//! Running commands, loudly.

use crate::Result;
use std::process::Command;

/// A command for a program on PATH.
pub fn cmd(program: &str) -> Command {
    Command::new(program)
}

/// The cargo that runs this task.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Announces a step.
pub fn step(what: &str) {
    eprintln!("\n==> {what}");
}

/// Runs a command to completion; a non-zero exit is an error naming the command.
pub fn run(command: &mut Command) -> Result {
    let status = command.status().map_err(|e| format!("could not start {:?}: {e}", command.get_program()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{command:?} failed ({status})").into())
    }
}

/// Runs a command and returns its standard output, or `None` when it cannot run or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command.output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}
