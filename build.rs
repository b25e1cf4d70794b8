//! Compiles the bundled ontology and data into the library: every `ontology/*.ttl` and
//! `ontology/data/*.ttl` present at build time, in name order; also the SHACL shapes
//! (`ontology/shapes/*.ttl`) and the queries behind the convenience methods (`ontology/api/*.rq`).
//! QC queries and analyst questions are test material and are read by the tests.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn files_with_extension(directory: &Path, extension: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(directory) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// Writes `pub static NAME: &[(&str, &[u8])]` (or `&str` contents) listing `files` by `key`.
fn write_table(
    code: &mut String,
    name: &str,
    doc: &str,
    files: &[PathBuf],
    as_text: bool,
    key: impl Fn(&Path) -> String,
) {
    let (macro_name, content_type) = if as_text {
        ("include_str", "&str")
    } else {
        ("include_bytes", "&[u8]")
    };
    writeln!(code, "/// {doc}").expect("writing to a String cannot fail");
    writeln!(code, "pub static {name}: &[(&str, {content_type})] = &[")
        .expect("writing to a String cannot fail");
    for file in files {
        writeln!(
            code,
            "    ({:?}, {macro_name}!({:?})),",
            key(file),
            file.display().to_string()
        )
        .expect("writing to a String cannot fail");
    }
    code.push_str("];\n");
}

/// The oxigraph release compiled in, as `Cargo.lock` records it (the manifest pins it with `=`, so the
/// lock and the manifest agree; the manifest's pin is the fallback when a source package has no lock).
fn oxigraph_version(root: &Path) -> String {
    if let Ok(lock) = fs::read_to_string(root.join("Cargo.lock")) {
        let mut lines = lock.lines();
        while let Some(line) = lines.next() {
            if line.trim() == "name = \"oxigraph\"" {
                if let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                    return version.trim_matches('"').to_owned();
                }
            }
        }
    }
    let manifest = fs::read_to_string(root.join("Cargo.toml")).expect("the crate has a manifest");
    let pin = manifest
        .lines()
        .find(|l| l.starts_with("oxigraph = "))
        .and_then(|l| l.split("version = \"=").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("Cargo.toml pins oxigraph with version = \"=x.y.z\"");
    pin.to_owned()
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=Cargo.lock");
    println!("cargo:rustc-env=WG_OXIGRAPH_VERSION={}", oxigraph_version(&root));
    let ontology = root.join("ontology");
    println!("cargo:rerun-if-changed={}", ontology.display());
    let mut data = files_with_extension(&ontology, "ttl");
    data.extend(files_with_extension(&ontology.join("data"), "ttl"));
    let relative = |file: &Path| {
        file.strip_prefix(&root)
            .expect("bundled files are inside the crate")
            .display()
            .to_string()
    };
    let stem = |file: &Path| {
        file.file_stem()
            .expect("files have names")
            .to_string_lossy()
            .into_owned()
    };
    let mut code = String::new();
    write_table(
        &mut code,
        "BUNDLED_FILES",
        "The bundled Turtle files: (path relative to the crate, content).",
        &data,
        false,
        relative,
    );
    let shapes = files_with_extension(&ontology.join("shapes"), "ttl");
    write_table(
        &mut code,
        "SHAPES",
        "The SHACL shapes files: (file stem, Turtle).",
        &shapes,
        true,
        stem,
    );
    let api = files_with_extension(&ontology.join("api"), "rq");
    write_table(
        &mut code,
        "API_QUERIES",
        "The queries behind the convenience methods: (method name, SPARQL).",
        &api,
        true,
        stem,
    );
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundle.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
