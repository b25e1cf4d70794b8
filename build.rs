//! Compiles the bundled ontology and data into the library: every `ontology/*.ttl` and
//! `ontology/data/*.ttl` present at build time, in name order; also the SHACL shapes
//! (`ontology/shapes/*.ttl`) and the queries behind the convenience methods (`ontology/api/*.rq`).
//! QC queries and analyst questions are test material and are read by the tests.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn files_with_extension(directory: &Path, extension: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(directory) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// Writes `pub static NAME: &[(&str, &[u8])]` (or `&str` contents) listing `files` by `key`.
fn write_table(code: &mut String, name: &str, doc: &str, files: &[PathBuf], as_text: bool, key: impl Fn(&Path) -> String) {
    let (macro_name, content_type) = if as_text { ("include_str", "&str") } else { ("include_bytes", "&[u8]") };
    writeln!(code, "/// {doc}").expect("writing to a String cannot fail");
    writeln!(code, "pub static {name}: &[(&str, {content_type})] = &[").expect("writing to a String cannot fail");
    for file in files {
        writeln!(code, "    ({:?}, {macro_name}!({:?})),", key(file), file.display().to_string())
            .expect("writing to a String cannot fail");
    }
    code.push_str("];\n");
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let ontology = root.join("ontology");
    println!("cargo:rerun-if-changed={}", ontology.display());
    let mut data = files_with_extension(&ontology, "ttl");
    data.extend(files_with_extension(&ontology.join("data"), "ttl"));
    let relative = |file: &Path| file.strip_prefix(&root).expect("bundled files are inside the crate").display().to_string();
    let stem = |file: &Path| file.file_stem().expect("files have names").to_string_lossy().into_owned();
    let mut code = String::new();
    write_table(&mut code, "BUNDLED_FILES", "The bundled Turtle files: (path relative to the crate, content).", &data, false, relative);
    let shapes = files_with_extension(&ontology.join("shapes"), "ttl");
    write_table(&mut code, "SHAPES", "The SHACL shapes files: (file stem, Turtle).", &shapes, true, stem);
    let api = files_with_extension(&ontology.join("api"), "rq");
    write_table(&mut code, "API_QUERIES", "The queries behind the convenience methods: (method name, SPARQL).", &api, true, stem);
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundle.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
