//! RDF format names: from a user's word, a media type or a file extension.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use std::path::Path;

/// The formats a user can load and save, for error messages.
pub const KNOWN_FORMATS: &str =
    "turtle (.ttl), trig (.trig), n-triples (.nt), n-quads (.nq), rdf/xml (.rdf, .owl, .xml), json-ld (.jsonld, .json)";

/// Resolves a format name given by a user: a short name (`"turtle"`, `"nt"`, `"json-ld"`...),
/// a file extension or a media type. Case does not matter.
pub fn parse_format(name: &str) -> Option<RdfFormat> {
    let lower = name.trim().trim_start_matches('.').to_ascii_lowercase();
    let format = match lower.as_str() {
        "turtle" | "ttl" => RdfFormat::Turtle,
        "trig" => RdfFormat::TriG,
        "nt" | "ntriples" | "n-triples" => RdfFormat::NTriples,
        "nq" | "nquads" | "n-quads" => RdfFormat::NQuads,
        "rdfxml" | "rdf/xml" | "rdf-xml" | "xml" | "rdf" | "owl" => RdfFormat::RdfXml,
        "jsonld" | "json-ld" | "json" => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        other => return RdfFormat::from_media_type(other).or_else(|| RdfFormat::from_extension(other)),
    };
    Some(format)
}

/// The format implied by a file's extension.
pub fn format_from_path(path: &Path) -> Option<RdfFormat> {
    path.extension().and_then(|e| e.to_str()).and_then(parse_format)
}

/// Picks the format: the explicit name if given, else the file extension.
pub fn resolve_format(name: Option<&str>, path: Option<&Path>) -> Result<RdfFormat, String> {
    match (name, path) {
        (Some(name), _) => parse_format(name)
            .ok_or_else(|| format!("unknown RDF format {name:?}; known formats: {KNOWN_FORMATS}")),
        (None, Some(path)) => format_from_path(path).ok_or_else(|| {
            format!(
                "cannot tell the RDF format of {} from its extension; pass format= (one of: {KNOWN_FORMATS})",
                path.display()
            )
        }),
        (None, None) => Ok(RdfFormat::Turtle),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("turtle", RdfFormat::Turtle)]
    #[case("TTL", RdfFormat::Turtle)]
    #[case(".nt", RdfFormat::NTriples)]
    #[case("n-quads", RdfFormat::NQuads)]
    #[case("trig", RdfFormat::TriG)]
    #[case("owl", RdfFormat::RdfXml)]
    #[case("application/n-triples", RdfFormat::NTriples)]
    #[case("json-ld", RdfFormat::JsonLd { profile: JsonLdProfileSet::empty() })]
    fn names_resolve(#[case] name: &str, #[case] expected: RdfFormat) {
        assert_eq!(parse_format(name), Some(expected));
    }

    #[test]
    fn unknown_name_is_an_error_listing_known_formats() {
        let error = resolve_format(Some("excel"), None).unwrap_err();
        assert!(error.contains("turtle (.ttl)"), "{error}");
    }

    #[test]
    fn extension_decides_when_no_name() {
        assert_eq!(
            resolve_format(None, Some(Path::new("a/b.nq"))),
            Ok(RdfFormat::NQuads)
        );
        assert!(resolve_format(None, Some(Path::new("a/b.csv"))).is_err());
    }
}
