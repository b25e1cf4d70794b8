//! Compiles the bundled ontology and data into the library: every `ontology/*.ttl` and
//! `ontology/data/*.ttl` present at build time, in name order. Shapes, QC queries and analyst
//! questions are not data and are included where they are used.

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn turtle_files(directory: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(directory) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "ttl"))
        .collect();
    files.sort();
    files
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let ontology = root.join("ontology");
    println!("cargo:rerun-if-changed={}", ontology.display());
    let mut files = turtle_files(&ontology);
    files.extend(turtle_files(&ontology.join("data")));
    let mut code = String::from("/// The bundled Turtle files: (path relative to the crate, content).\n");
    code.push_str("pub static BUNDLED_FILES: &[(&str, &[u8])] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(&root).expect("bundled files are inside the crate");
        writeln!(code, "    ({:?}, include_bytes!({:?})),", relative.display().to_string(), file.display().to_string())
            .expect("writing to a String cannot fail");
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("bundle.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
