//! `cargo xtask dist`: the wasm core, its bindings and the extension, staged per browser and zipped.
//! What is tested is exactly what is staged here and shipped.

use crate::{root, setup, sh, wasm_opt, Result};
use serde_json::{json, Value};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The target the core is compiled for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The name of the bindings (`pkg/records_guard.js`, `pkg/records_guard_bg.wasm`).
const OUT_NAME: &str = "records_guard";
/// Firefox's id for the add-on. Never change it: Firefox keys the person's data to it.
const GECKO_ID: &str = "records-guard@records-guard";
/// The first Firefox that has every API and manifest key we use (`data_collection_permissions`).
const GECKO_MIN_VERSION: &str = "140.0";
/// The same for Firefox for Android, which got `data_collection_permissions` later.
const GECKO_ANDROID_MIN_VERSION: &str = "142.0";

/// A browser we build for.
#[derive(Clone, Copy)]
pub enum Browser {
    /// Chromium, Chrome, Edge.
    Chromium,
    /// Firefox.
    Firefox,
}

impl Browser {
    const ALL: [Browser; 2] = [Browser::Chromium, Browser::Firefox];

    fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
        }
    }

    /// The manifest for this browser, derived from the one source `manifest.json`.
    fn manifest(self, source: &Value) -> Value {
        let mut manifest = source.clone();
        if let Browser::Firefox = self {
            let object = manifest.as_object_mut().expect("manifest.json is an object");
            // Firefox runs background pages, not service workers; the same ES module works as one.
            object.insert("background".into(), json!({ "scripts": ["background.js"], "type": "module" }));
            object.remove("minimum_chrome_version");
            // Chromium's schema for `storage.managed`; Firefox reads an organisation's values from
            // its enterprise policies (`3rdparty.Extensions.<id>`) and warns about the key.
            object.remove("storage");
            object.insert(
                "browser_specific_settings".into(),
                json!({
                    "gecko": {
                        "id": GECKO_ID,
                        "strict_min_version": GECKO_MIN_VERSION,
                        // Required of new add-ons: we collect nothing.
                        "data_collection_permissions": { "required": ["none"] }
                    },
                    "gecko_android": { "strict_min_version": GECKO_ANDROID_MIN_VERSION }
                }),
            );
        }
        manifest
    }
}

/// Builds everything; returns the `dist/` folder.
pub fn dist() -> Result<PathBuf> {
    let root = root();
    setup::wasm_target(WASM_TARGET)?;
    sh::step("build the core for wasm (release)");
    sh::run(
        sh::cargo()
            .args(["build", "-p", "records-guard", "--lib", "--release", "--target", WASM_TARGET])
            .current_dir(&root),
    )?;
    let pkg = bindings(&root)?;
    let source: Value = serde_json::from_str(&fs::read_to_string(root.join("manifest.json"))?)?;
    let dist = root.join("dist");
    for browser in Browser::ALL {
        let dir = dist.join(browser.name());
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        copy_tree(&root.join("extension"), &dir)?;
        copy_tree(&pkg, &dir.join("pkg"))?;
        fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&browser.manifest(&source))? + "\n")?;
        zip_tree(&dir, &dist.join(format!("records-guard-{}.zip", browser.name())))?;
    }
    eprintln!("built {}/{{chromium,firefox}} and their zips", dist.display());
    Ok(dist)
}

/// Generates the JS bindings with the wasm-bindgen library pinned to the crate's version, into
/// `target/pkg/`, and shrinks the wasm with wasm-opt; skipped when the wasm has not changed since.
fn bindings(root: &Path) -> Result<PathBuf> {
    let wasm = root.join(format!("target/{WASM_TARGET}/release/{OUT_NAME}.wasm"));
    let pkg = root.join("target/pkg");
    let generated = pkg.join(format!("{OUT_NAME}_bg.wasm"));
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    if modified(&generated).is_some() && modified(&generated) >= modified(&wasm) {
        return Ok(pkg);
    }
    sh::step("generate bindings (wasm-bindgen-cli-support)");
    if pkg.exists() {
        fs::remove_dir_all(&pkg)?;
    }
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&wasm)
        .out_name(OUT_NAME)
        .web(true)?
        .typescript(false)
        .omit_default_module_path(false)
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&pkg)?;
    wasm_opt::optimise(&pkg, OUT_NAME)?;
    Ok(pkg)
}

/// Whether a source file is part of the shipped extension (helper scripts and notes are not).
fn ships(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    !name.starts_with('.') && !name.ends_with(".py") && !name.ends_with(".md")
}

fn copy_tree(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let path = entry?.path();
        if !ships(&path) {
            continue;
        }
        let target = to.join(path.file_name().expect("read_dir entries have names"));
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> Result {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Zips a folder with sorted entries and fixed timestamps, so the same input gives the same zip.
fn zip_tree(dir: &Path, zip_path: &Path) -> Result {
    let mut files = Vec::new();
    files_under(dir, &mut files)?;
    files.sort();
    let mut zip = zip::ZipWriter::new(fs::File::create(zip_path)?);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(zip::DateTime::default());
    for file in files {
        let name = file.strip_prefix(dir)?.to_string_lossy().replace('\\', "/");
        zip.start_file(name, options)?;
        zip.write_all(&fs::read(&file)?)?;
    }
    zip.finish()?;
    Ok(())
}
