//! The node tools the xtask runs, pinned in `xtask/tools/package-lock.json`: `wasm-opt` (npm
//! `binaryen`) for `dist`, and zxcvbn.js, the peer `bench` measures the core's strength against.

use crate::{root, setup, Result};
use std::path::PathBuf;

/// `xtask/tools/node_modules`, installed with `npm ci` when missing or older than the lock file.
pub fn node_modules() -> Result<PathBuf> {
    setup::npm_ci("xtask/tools")?;
    Ok(root().join("xtask/tools/node_modules"))
}
