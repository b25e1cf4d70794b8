//! The RDF rules the library's modules share, each in one place: which label to show (language
//! preference), what counts as a framework's item, how minted IRI segments (slugs) and mapping
//! nodes are named, and how a CURIE expands.

use crate::vocab::{wg, wgid, WGID};
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Term};
use oxigraph::store::{StorageError, Store};
use std::collections::HashSet;

// ---------------------------------------------------------------------------------------------
// Label language preference

/// How much a literal tagged `tag` (`None`: untagged) is preferred when `wanted` is asked for:
/// `wanted` itself (3), then a regional variant of it (`en-GB` for `en`: 2), then untagged (1),
/// then any other language (0). An empty `wanted` prefers untagged text to any tag. Higher is
/// better.
pub(crate) fn language_rank(tag: Option<&str>, wanted: &str) -> u8 {
    match tag {
        None => 1,
        Some(_) if wanted.is_empty() => 0,
        Some(tag) if tag.eq_ignore_ascii_case(wanted) => 3,
        Some(tag)
            if tag.len() > wanted.len()
                && tag.as_bytes()[wanted.len()] == b'-'
                && tag.as_bytes()[..wanted.len()].eq_ignore_ascii_case(wanted.as_bytes()) =>
        {
            2
        }
        Some(_) => 0,
    }
}

/// The library's label preference: English, then regional English, then untagged, then any
/// other language ([`language_rank`] for `en`). Higher is better.
pub(crate) fn label_rank(tag: Option<&str>) -> u8 {
    language_rank(tag, "en")
}

/// Whether a literal tagged `tag` is English (any region) or untagged.
pub(crate) fn is_english_or_untagged(tag: Option<&str>) -> bool {
    label_rank(tag) > 0
}

/// Whether a label `text` of rank `rank` ([`label_rank`]) beats the best so far (`None`: no
/// label yet): a higher rank, or the same rank and a smaller text (so the choice does not depend
/// on storage order).
pub(crate) fn better_label(rank: u8, text: &str, best: Option<(u8, &str)>) -> bool {
    best.is_none_or(|(best_rank, best)| rank > best_rank || (rank == best_rank && text < best))
}

/// The best of a stream of label candidates by [`label_rank`]; ties go to the smaller text, so
/// the choice does not depend on storage order.
#[derive(Debug, Default, Clone)]
pub(crate) struct BestLabel(Option<(u8, String)>);

impl BestLabel {
    /// Considers `term` (ignored unless a literal).
    pub(crate) fn offer(&mut self, term: &Term) {
        if let Term::Literal(literal) = term {
            self.offer_text(label_rank(literal.language()), literal.value());
        }
    }

    /// Considers `text` with rank `rank` (higher is better).
    pub(crate) fn offer_text(&mut self, rank: u8, text: &str) {
        if better_label(rank, text, self.0.as_ref().map(|(r, t)| (*r, t.as_str()))) {
            self.0 = Some((rank, text.to_owned()));
        }
    }

    /// The best label so far, leaving none.
    pub(crate) fn take(&mut self) -> Option<String> {
        self.0.take().map(|(_, label)| label)
    }

    /// The best label so far.
    pub(crate) fn get(&self) -> Option<String> {
        self.0.as_ref().map(|(_, label)| label.clone())
    }
}

/// The best label among `terms` ([`BestLabel`]).
pub(crate) fn best_label(terms: &[Term]) -> Option<String> {
    let mut best = BestLabel::default();
    for term in terms {
        best.offer(term);
    }
    best.take()
}

// ---------------------------------------------------------------------------------------------
// What counts as a framework's item

/// Which members of a framework's scheme count as its items. One rule, read two ways:
/// - [`ItemRule::Analysis`] (overlap, coverage, crosswalks): the framework's competencies only, so
///   the steps of its level scale and its role structure never count as things to map or cover;
/// - [`ItemRule::Exchange`] (CASE and table export, table import): everything a publisher lists
///   as an item, levels included (CASE packages carry proficiency levels as CFItems), so that an
///   export imports back to the same graph; only the role structure is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ItemRule {
    Analysis,
    Exchange,
}

/// The role structure (role families, roles and role levels): they share a framework's scheme but
/// hold requirements rather than being items, under either rule.
const ROLE_STRUCTURE_CLASSES: [NamedNodeRef<'static>; 3] = [wg::ROLE, wg::ROLE_LEVEL, wg::ROLE_FAMILY];
/// The steps of level scales: items to exchange, not items to analyse.
const LEVEL_CLASSES: [NamedNodeRef<'static>; 3] = [wg::LEVEL, wg::PROFICIENCY_LEVEL, wg::SENIORITY_LEVEL];

impl ItemRule {
    /// The types whose instances are not items under this rule.
    pub(crate) fn excluded_classes(self) -> impl Iterator<Item = NamedNodeRef<'static>> {
        let levels: &[NamedNodeRef<'static>] = match self {
            ItemRule::Analysis => &LEVEL_CLASSES,
            ItemRule::Exchange => &[],
        };
        ROLE_STRUCTURE_CLASSES.into_iter().chain(levels.iter().copied())
    }
}

/// Whether `node` (a member of a framework's scheme) counts as one of the framework's items under
/// `rule`: it has none of the rule's excluded classes as a type in the default graph.
pub(crate) fn is_framework_item(
    store: &Store,
    node: NamedNodeRef<'_>,
    rule: ItemRule,
) -> Result<bool, StorageError> {
    for quad in store.quads_for_pattern(
        Some(NamedOrBlankNodeRef::NamedNode(node)),
        Some(rdf::TYPE),
        None,
        Some(GraphNameRef::DefaultGraph),
    ) {
        if let Term::NamedNode(class) = quad?.object {
            if rule.excluded_classes().any(|excluded| excluded == class.as_ref()) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Every node of the default graph that is never a framework's item under `rule`
/// ([`is_framework_item`] is false for exactly these), for callers that test many nodes.
pub(crate) fn not_items(store: &Store, rule: ItemRule) -> Result<HashSet<NamedNode>, StorageError> {
    let mut found = HashSet::new();
    for class in rule.excluded_classes() {
        for quad in store.quads_for_pattern(
            None,
            Some(rdf::TYPE),
            Some(class.into()),
            Some(GraphNameRef::DefaultGraph),
        ) {
            if let NamedOrBlankNode::NamedNode(node) = quad?.subject {
                found.insert(node);
            }
        }
    }
    Ok(found)
}

// ---------------------------------------------------------------------------------------------
// Slugs and minted IRIs

/// A lowercase, hyphen-separated IRI segment: every run of characters other than ASCII letters
/// and digits becomes one `-`, trimmed at both ends (`"Head of (Agile) delivery"` →
/// `"head-of-agile-delivery"`).
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// An IRI segment for `text` that no other text gets: `text` itself when it is already a slug
/// (lowercase ASCII letters and digits, in runs joined by single `-`), else its [`slug`] followed
/// by `_` and 16 hex digits of the SHA-256 of `text`. A slug never holds `_`, so the two forms
/// cannot meet, and texts that [`slug`] alone would merge (`x_1` and `x-1`, `Ab` and `ab`,
/// `a/b` and `a-b`) get different segments.
pub fn unique_slug(text: &str) -> String {
    use sha2::Digest;
    let readable = slug(text);
    if readable == text {
        return readable;
    }
    let digest = sha2::Sha256::digest(text.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{readable}_{hex}")
}

/// `mapping/{subject}--{property}--{object}` under the data namespace, the name of a minted
/// `wg:Mapping` node (accepted suggestions, CASE associations, SSSOM rows): each side is its IRI
/// relative to the data namespace (or the whole IRI), through [`unique_slug`], so two different
/// pairs never share a node. Neither side holds `--`, so the name splits back one way only.
pub(crate) fn mapping_iri(subject: &str, property: &str, object: &str) -> NamedNode {
    let side = |iri: &str| unique_slug(iri.strip_prefix(WGID).unwrap_or(iri));
    wgid(&format!(
        "mapping/{}--{property}--{}",
        side(subject),
        side(object)
    ))
}

/// The part of an IRI after its scheme, as a readable, collision-free segment for minted IRIs
/// ([`unique_slug`]: `http://data.europa.eu/esco/skill/1a2b` →
/// `data-europa-eu-esco-skill-1a2b_` and a hash of `data.europa.eu/esco/skill/1a2b`).
pub(crate) fn iri_slug(value: &str) -> String {
    let rest = value.split_once("://").map_or(value, |(_, rest)| rest);
    let rest = rest
        .strip_prefix(WGID.split_once("://").map_or("", |(_, r)| r))
        .unwrap_or(rest);
    unique_slug(rest)
}

/// A UUID-shaped identifier minted from `parts`, for things a standard wants an identifier for
/// and the graph gives none (a CASE document, item or association without `dcterms:identifier`).
/// The same parts give the same identifier on every machine and with every Rust release: users
/// hold these identifiers (a CASE consumer keys its records on them), so the hash is spelled out
/// here. It is SipHash-1-3 with zero keys (the `siphasher` crate oxigraph already compiles in) over
/// the bytes std's `DefaultHasher` was fed for `(salt, parts)` when the identifiers were first
/// minted (salt and length as little-endian `u64`, each part followed by `0xff`), so identifiers
/// minted by earlier releases are unchanged; std's own hasher carries no such promise.
pub(crate) fn minted_uuid(parts: &[&str]) -> String {
    use siphasher::sip::SipHasher13;
    use std::hash::Hasher;
    let hash = |salt: u64| {
        let mut hasher = SipHasher13::new_with_keys(0, 0);
        hasher.write(&salt.to_le_bytes());
        hasher.write(&(parts.len() as u64).to_le_bytes());
        for part in parts {
            hasher.write(part.as_bytes());
            hasher.write(&[0xff]);
        }
        hasher.finish()
    };
    let hex = format!("{:016x}{:016x}", hash(1), hash(2));
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

// ---------------------------------------------------------------------------------------------
// CURIE expansion

/// The IRI `value` names: `<IRI>`, an absolute `http://`, `https://` or `urn:` IRI as it is, or a
/// CURIE `prefix:local` whose prefix `namespace_of` knows. `None` for anything else (a CURIE of
/// an unknown prefix is not taken for an IRI of that scheme). The result is not checked: parse
/// it with [`NamedNode::new`].
pub(crate) fn expand_curie<'a>(
    value: &str,
    namespace_of: impl Fn(&str) -> Option<&'a str>,
) -> Option<String> {
    let value = value.trim();
    if let Some(inner) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        return Some(inner.to_owned());
    }
    if value.starts_with("http://") || value.starts_with("https://") || value.starts_with("urn:") {
        return Some(value.to_owned());
    }
    let (prefix, local) = value.split_once(':')?;
    namespace_of(prefix).map(|namespace| format!("{namespace}{local}"))
}

/// A lookup for [`expand_curie`] over a table of `(prefix, namespace)` pairs.
pub(crate) fn namespace_in<'a>(table: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> {
    move |prefix| table.iter().find(|(p, _)| *p == prefix).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    #[test]
    fn language_preference() {
        assert!(label_rank(Some("en")) > label_rank(Some("en-gb")));
        assert!(label_rank(Some("en-gb")) > label_rank(None));
        assert!(label_rank(None) > label_rank(Some("fr")));
        assert_eq!(label_rank(Some("eng")), label_rank(Some("fr")));
        assert_eq!(language_rank(Some("en"), ""), 0);
        assert_eq!(language_rank(None, ""), 1);
        assert!(is_english_or_untagged(Some("en-us")));
        assert!(!is_english_or_untagged(Some("de")));
        let terms = [
            Term::from(Literal::new_language_tagged_literal_unchecked("Zed", "en")),
            Term::from(Literal::new_language_tagged_literal_unchecked("Abc", "en")),
            Term::from(Literal::new_simple_literal("Plain")),
            Term::from(Literal::new_language_tagged_literal_unchecked("Aaa", "fr")),
        ];
        assert_eq!(best_label(&terms).as_deref(), Some("Abc"));
        assert_eq!(best_label(&terms[2..]).as_deref(), Some("Plain"));
    }

    #[test]
    fn framework_items() {
        let store = Store::new().unwrap();
        store
            .load_from_slice(
                oxigraph::io::RdfFormat::Turtle,
                "@prefix wg: <https://w3id.org/workforce-graph/ontology#> .
                 <http://e/level> a wg:ProficiencyLevel . <http://e/role> a wg:Role .
                 <http://e/item> a wg:Competency .",
            )
            .unwrap();
        let node = |s: &str| NamedNode::new_unchecked(format!("http://e/{s}"));
        let item = |name: &str, rule| is_framework_item(&store, node(name).as_ref(), rule).unwrap();
        assert!(item("item", ItemRule::Analysis) && item("item", ItemRule::Exchange));
        assert!(!item("level", ItemRule::Analysis) && item("level", ItemRule::Exchange));
        assert!(!item("role", ItemRule::Analysis) && !item("role", ItemRule::Exchange));
        assert_eq!(
            not_items(&store, ItemRule::Analysis).unwrap(),
            HashSet::from([node("level"), node("role")])
        );
        assert_eq!(
            not_items(&store, ItemRule::Exchange).unwrap(),
            HashSet::from([node("role")])
        );
    }

    #[test]
    fn curies() {
        let table = [("ex", "http://e/")];
        let lookup = namespace_in(&table);
        assert_eq!(expand_curie(" ex:a ", &lookup).as_deref(), Some("http://e/a"));
        assert_eq!(expand_curie("<ex:a>", &lookup).as_deref(), Some("ex:a"));
        assert_eq!(
            expand_curie("https://x/y", &lookup).as_deref(),
            Some("https://x/y")
        );
        assert_eq!(expand_curie("other:a", &lookup), None);
        assert_eq!(expand_curie("plain", &lookup), None);
    }

    #[test]
    fn minted_uuids_match_what_earlier_releases_minted() {
        // What std's DefaultHasher minted before `minted_uuid` spelled the hash out: CASE
        // consumers may hold these identifiers, so they must never change.
        #[allow(deprecated)]
        let std_minted = |parts: &[&str]| {
            use std::hash::{Hash, Hasher};
            let hash = |salt: u64| {
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                salt.hash(&mut hasher);
                parts.hash(&mut hasher);
                hasher.finish()
            };
            format!("{:016x}{:016x}", hash(1), hash(2))
        };
        for parts in [
            &["http://example.com/a"][..],
            &["https://w3id.org/workforce-graph/id/ddat/role/data-analyst"][..],
            &["http://e/x", "isChildOf", "http://e/y"][..],
            &[""][..],
            &["Café", "é", ""][..],
        ] {
            assert_eq!(
                minted_uuid(parts).replace('-', ""),
                std_minted(parts),
                "{parts:?}"
            );
        }
        // Pinned, for the day std's hasher changes and the comparison above has to go.
        assert_eq!(
            minted_uuid(&["http://example.com/a"]),
            "23469e82-40ba-7f8b-a51d-1ed6fb6b5228"
        );
        assert_ne!(minted_uuid(&["a", "b"]), minted_uuid(&["ab"]));
        assert_ne!(minted_uuid(&["a"]), minted_uuid(&["a", ""]));
    }
}
