//! The ontology and data compiled into the library (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/bundle.rs"));
