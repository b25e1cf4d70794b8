//! Lexical mapping suggestions: TF-IDF weighted cosine similarity between framework items, over
//! the words of their labels and definitions, with the abbreviations curated in the graph
//! expanded; and their precision and recall against the hand-curated crosswalks.
//!
//! **Text of an item.** `skos:prefLabel` (weight 2), `skos:altLabel`, `skos:hiddenLabel` and
//! `wg:abbreviation` (weight 1), `skos:definition` (weight 0.5); English or untagged literals.
//!
//! **Words.** The library's text rules ([`crate::text`]): text is split into words, a word joined
//! by `&` that is not a curated abbreviation is split at its `&`s, words are lowercased, English
//! stop words and single characters are dropped, British and American spellings are unified and
//! words are stemmed lightly (so analysis, analyse and analysing meet, as do manage, managing and
//! management).
//!
//! **Abbreviations and synonyms from the graph.** Any resource with a `wg:abbreviation` (or an
//! abbreviation-like `skos:altLabel` such as `"CIO"`) and labels gives abbreviation → phrase pairs
//! when the initials of a run of words in one of its labels spell the abbreviation, with or
//! without the small words: the coding frame's `"IG"` and altLabel `"information governance"`
//! give IG ↔ information governance, `"IM&T"` gives information management and technology. An
//! abbreviation written in capitals in an item's text adds itself and its expansions (their weight
//! shared when there are several). No built-in synonym list is used beyond the spelling variants:
//! the NHS vocabulary comes from the graph.
//!
//! **Score.** Each item is a sparse vector of term frequency (sum of field weights) times
//! `idf = ln((1 + N) / (1 + df)) + 1`, normalised to unit length, where N and df are counted over
//! the items of every framework analysed by default plus the two compared; the score of a pair
//! is the cosine of their vectors (0..1), computed through an inverted index of the second
//! framework so only pairs sharing a word are touched. The matched words are the terms with the
//! largest products of weights; their weights sum to the score.

use super::snapshot::{quads, Snapshot};
use super::{check_unit, curated_pairs, pair, CrosswalkError};
use crate::text::{british, is_stop_word, stem, words};
use crate::vocab;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use oxigraph::store::{StorageError, Store};
use serde::Serialize;
// Fx hashing: the keys are our own terms and ids, and no result depends on iteration order
// (term ids come from a sorted set, vectors are sorted by term id, matches by score then item).
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasher;

const PREF_WEIGHT: f64 = 2.0;
const ALT_WEIGHT: f64 = 1.0;
const DEFINITION_WEIGHT: f64 = 0.5;

/// Options of [`suggest_mappings_with`].
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestOptions {
    /// Lowest cosine score kept, 0..1 (pairs must share at least one word in any case).
    pub min_score: f64,
    /// Expand abbreviations curated in the graph.
    pub synonyms: bool,
    /// Keep pairs that already have a curated mapping (flagged in [`Suggestion::already_mapped`]).
    pub include_mapped: bool,
    /// How many matched words to report per suggestion.
    pub max_words: usize,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        Self {
            min_score: 0.3,
            synonyms: true,
            include_mapped: false,
            max_words: 5,
        }
    }
}

/// A word shared by two items and its share of their score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchedWord {
    /// The word as first seen in the texts (an abbreviation in capitals, else lowercase).
    pub word: String,
    /// Its contribution to the cosine score (the product of its two weights).
    pub weight: f64,
}

/// A candidate mapping between an item of framework a and an item of framework b.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The item of a.
    pub subject: String,
    /// Its label.
    pub subject_label: String,
    /// The item of b.
    pub object: String,
    /// Its label.
    pub object_label: String,
    /// Cosine similarity, 0..1.
    pub score: f64,
    /// The words contributing most, strongest first.
    pub matched_words: Vec<MatchedWord>,
    /// The curated SKOS mapping property already linking the pair (seen from a), if any.
    pub already_mapped: Option<String>,
}

/// A [`Suggestion`] as a table row: the matched words and their weights in two lists, in the
/// same order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestionRow {
    /// The item of a.
    pub subject: String,
    /// Its label.
    pub subject_label: String,
    /// The item of b.
    pub object: String,
    /// Its label.
    pub object_label: String,
    /// Cosine similarity, 0..1.
    pub score: f64,
    /// The words contributing most, strongest first.
    pub matched_words: Vec<String>,
    /// Their contributions.
    pub matched_weights: Vec<f64>,
    /// The curated SKOS mapping property already linking the pair (seen from a), if any.
    pub already_mapped: Option<String>,
}

impl crate::table::Row for SuggestionRow {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text subject,
            text subject_label,
            text object,
            text object_label,
            real score,
            list matched_words,
            reals matched_weights,
            text already_mapped,
        ]
    }
}

impl From<Suggestion> for SuggestionRow {
    fn from(suggestion: Suggestion) -> Self {
        let (matched_words, matched_weights) = suggestion
            .matched_words
            .into_iter()
            .map(|w| (w.word, w.weight))
            .unzip();
        Self {
            subject: suggestion.subject,
            subject_label: suggestion.subject_label,
            object: suggestion.object,
            object_label: suggestion.object_label,
            score: suggestion.score,
            matched_words,
            matched_weights,
            already_mapped: suggestion.already_mapped,
        }
    }
}

/// Precision and recall of lexical suggestions against curated mappings (any kind, either
/// direction, is a positive pair). Undefined ratios (nothing predicted, nothing curated) are 0.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Evaluation {
    /// The score threshold evaluated.
    pub min_score: f64,
    /// `tp / (tp + fp)`.
    pub precision: f64,
    /// `tp / (tp + fn)`.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Suggested pairs that are curated.
    pub true_positives: usize,
    /// Suggested pairs that are not curated.
    pub false_positives: usize,
    /// Curated pairs not suggested.
    pub false_negatives: usize,
}

impl Evaluation {
    fn from_counts(
        min_score: f64,
        true_positives: usize,
        false_positives: usize,
        false_negatives: usize,
    ) -> Self {
        let ratio = |x: usize, y: usize| {
            if x + y == 0 {
                0.0
            } else {
                x as f64 / (x + y) as f64
            }
        };
        let precision = ratio(true_positives, false_positives);
        let recall = ratio(true_positives, false_negatives);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Self {
            min_score,
            precision,
            recall,
            f1,
            true_positives,
            false_positives,
            false_negatives,
        }
    }
}

/// [`Evaluation`] of one framework pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairEvaluation {
    /// IRI of framework a (the smaller IRI).
    pub framework_a: String,
    /// Its code.
    pub code_a: String,
    /// IRI of framework b.
    pub framework_b: String,
    /// Its code.
    pub code_b: String,
    /// Curated item pairs between them.
    pub curated_pairs: usize,
    /// The scores.
    pub evaluation: Evaluation,
}

/// [`Evaluation`] of every framework pair with curated mappings, and overall (micro-averaged:
/// the counts of all pairs summed before taking ratios).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllPairsEvaluation {
    /// The score threshold evaluated.
    pub min_score: f64,
    /// One entry per framework pair with at least one curated mapping, by IRIs.
    pub pairs: Vec<PairEvaluation>,
    /// All pairs together.
    pub overall: Evaluation,
}

/// A word as a term: `None` for stop words and single characters.
fn normal_word(word: &str) -> Option<String> {
    if word.chars().count() < 2 || is_stop_word(word) {
        return None;
    }
    Some(stem(&british(word)))
}

/// Whether a label reads as an abbreviation (`"CIO"`, `"IM&T"`, `"DDaT"`).
fn looks_like_abbreviation(label: &str) -> bool {
    let upper = label.chars().filter(|c| c.is_uppercase()).count();
    let lower = label.chars().filter(|c| c.is_lowercase()).count();
    (2..=10).contains(&label.chars().count())
        && !label.contains(char::is_whitespace)
        && upper >= 2
        && upper >= lower
}

/// Runs of words in `phrase` whose initials spell `letters`, counting small words or skipping them.
/// Abbreviations and single letters in the phrase are never part of a run, so a label such as
/// `"IT / IM&T (generic)"` does not pair IT with "im t".
fn expansions_in(letters: &str, phrase: &str) -> Vec<Vec<String>> {
    let raw: Vec<String> = words(phrase)
        .into_iter()
        .map(|w| {
            if w.text == "&" {
                "and".to_owned()
            } else {
                w.text.into_owned()
            }
        })
        .collect();
    let usable: Vec<bool> = raw
        .iter()
        .map(|w| w.chars().count() >= 2 && !looks_like_abbreviation(w))
        .collect();
    let words: Vec<String> = raw.iter().map(|w| w.to_lowercase()).collect();
    let target: Vec<char> = letters.chars().collect();
    let mut found = Vec::new();
    for skip_small in [false, true] {
        for start in 0..words.len() {
            if is_stop_word(&words[start]) || !usable[start] {
                continue;
            }
            let mut initials = Vec::new();
            for end in start..words.len() {
                if !usable[end] {
                    break;
                }
                if skip_small && is_stop_word(&words[end]) {
                    continue;
                }
                initials.extend(words[end].chars().next());
                if initials.len() > target.len() || initials[..] != target[..initials.len()] {
                    break;
                }
                if initials.len() == target.len() && end > start {
                    found.push(words[start..=end].to_vec());
                    break;
                }
            }
        }
    }
    found
}

/// Turns text into weighted terms.
pub(crate) struct Analyzer {
    /// Abbreviation as curated → its expansions (lowercase words).
    expansions: FxHashMap<String, Vec<Vec<String>>>,
    /// Upper-cased abbreviation → as curated, to find `DDAT` for `DDaT`.
    by_upper: FxHashMap<String, String>,
}

impl Analyzer {
    /// An analyzer without abbreviation expansion.
    pub fn plain() -> Self {
        Self {
            expansions: FxHashMap::default(),
            by_upper: FxHashMap::default(),
        }
    }

    /// Reads abbreviation ↔ phrase pairs from the graph when `synonyms` is true.
    pub fn from_store(store: &Store, synonyms: bool) -> Result<Self, StorageError> {
        let mut analyzer = Self::plain();
        if !synonyms {
            return Ok(analyzer);
        }
        let mut abbreviations: FxHashMap<NamedOrBlankNode, Vec<String>> = FxHashMap::default();
        let mut phrases: FxHashMap<NamedOrBlankNode, Vec<String>> = FxHashMap::default();
        for quad in quads(store, None, vocab::wg::ABBREVIATION, None) {
            let quad = quad?;
            if let Term::Literal(l) = quad.object {
                abbreviations
                    .entry(quad.subject)
                    .or_default()
                    .push(l.value().to_owned());
            }
        }
        for predicate in [vocab::skos::ALT_LABEL, vocab::skos::PREF_LABEL] {
            for quad in quads(store, None, predicate, None) {
                let quad = quad?;
                let Term::Literal(l) = quad.object else {
                    continue;
                };
                if predicate == vocab::skos::ALT_LABEL && looks_like_abbreviation(l.value()) {
                    abbreviations
                        .entry(quad.subject)
                        .or_default()
                        .push(l.value().to_owned());
                } else {
                    phrases
                        .entry(quad.subject)
                        .or_default()
                        .push(l.value().to_owned());
                }
            }
        }
        let mut pairs: BTreeSet<(String, Vec<String>)> = BTreeSet::new();
        for (subject, abbreviations) in &abbreviations {
            let Some(labels) = phrases.get(subject) else {
                continue;
            };
            for abbreviation in abbreviations {
                let letters: String = abbreviation
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .flat_map(char::to_lowercase)
                    .collect();
                if letters.chars().count() < 2 {
                    continue;
                }
                for label in labels {
                    for expansion in expansions_in(&letters, label) {
                        pairs.insert((abbreviation.trim().to_owned(), expansion));
                    }
                }
            }
        }
        for (abbreviation, expansion) in pairs {
            analyzer
                .by_upper
                .insert(abbreviation.to_uppercase(), abbreviation.clone());
            analyzer
                .expansions
                .entry(abbreviation)
                .or_default()
                .push(expansion);
        }
        Ok(analyzer)
    }

    /// The curated abbreviation a raw token stands for, if it is written as one.
    fn abbreviation(&self, raw: &str) -> Option<&str> {
        if let Some((key, _)) = self.expansions.get_key_value(raw) {
            return Some(key);
        }
        let upper = raw.chars().filter(|c| c.is_uppercase()).count();
        if upper >= 2 && !raw.chars().any(char::is_lowercase) {
            return self.by_upper.get(&raw.to_uppercase()).map(String::as_str);
        }
        None
    }

    /// Adds the terms of `text`, each with `weight`, to `out`; records how each term was written
    /// (the first spelling seen). Either map may use any hasher.
    pub fn terms<S: BuildHasher, T: BuildHasher>(
        &self,
        text: &str,
        weight: f64,
        out: &mut HashMap<String, f64, S>,
        surfaces: &mut HashMap<String, String, T>,
    ) {
        for token in words(text) {
            let raw = &*token.text;
            if let Some(abbreviation) = self.abbreviation(raw) {
                let term = abbreviation.to_uppercase();
                surfaces
                    .entry(term.clone())
                    .or_insert_with(|| abbreviation.to_owned());
                *out.entry(term).or_default() += weight;
                let expansions = &self.expansions[abbreviation];
                let share = weight / expansions.len() as f64;
                for word in expansions.iter().flatten() {
                    if let Some(term) = normal_word(word) {
                        surfaces.entry(term.clone()).or_insert_with(|| word.clone());
                        *out.entry(term).or_default() += share;
                    }
                }
                continue;
            }
            for part in raw.split('&') {
                let word = part.to_lowercase();
                if let Some(term) = normal_word(&word) {
                    surfaces.entry(term.clone()).or_insert(word);
                    *out.entry(term).or_default() += weight;
                }
            }
        }
    }
}

/// Sparse TF-IDF vectors of framework items.
pub(crate) struct LexicalIndex {
    /// How each term was first written.
    surface: Vec<String>,
    /// Node id → document.
    doc_of: FxHashMap<usize, usize>,
    /// Unit-length vectors, sorted by term id.
    vectors: Vec<Vec<(u32, f64)>>,
    /// Term frequencies (weighted) by term text, kept for tests that recompute scores naively.
    #[cfg(test)]
    pub raw: Vec<(usize, FxHashMap<String, f64>)>,
}

fn is_english_or_untagged(term: &Term) -> bool {
    matches!(term, Term::Literal(l) if crate::rules::is_english_or_untagged(l.language()))
}

impl LexicalIndex {
    /// Indexes the items of the schemes `corpus` (ids in `snapshot`).
    pub fn build(
        store: &Store,
        snapshot: &Snapshot,
        corpus: &[usize],
        analyzer: &Analyzer,
    ) -> Result<Self, StorageError> {
        let nodes: BTreeSet<usize> = corpus
            .iter()
            .flat_map(|&s| snapshot.schemes[s].items.iter().copied())
            .collect();
        let nodes: Vec<usize> = nodes.into_iter().collect();
        let doc_of: FxHashMap<usize, usize> =
            nodes.iter().enumerate().map(|(doc, &node)| (node, doc)).collect();
        let by_iri: FxHashMap<&NamedNode, usize> = nodes
            .iter()
            .map(|&n| (&snapshot.nodes[n].iri, doc_of[&n]))
            .collect();
        let mut tf: Vec<FxHashMap<String, f64>> = vec![FxHashMap::default(); nodes.len()];
        let mut surfaces: FxHashMap<String, String> = FxHashMap::default();
        let fields = [
            (vocab::skos::PREF_LABEL, PREF_WEIGHT),
            (vocab::skos::ALT_LABEL, ALT_WEIGHT),
            (vocab::skos::HIDDEN_LABEL, ALT_WEIGHT),
            (vocab::wg::ABBREVIATION, ALT_WEIGHT),
            (vocab::skos::DEFINITION, DEFINITION_WEIGHT),
        ];
        for (predicate, weight) in fields {
            for quad in quads(store, None, predicate, None) {
                let quad = quad?;
                let NamedOrBlankNode::NamedNode(subject) = &quad.subject else {
                    continue;
                };
                let (Some(&doc), Term::Literal(text)) = (by_iri.get(subject), &quad.object) else {
                    continue;
                };
                if is_english_or_untagged(&quad.object) {
                    analyzer.terms(text.value(), weight, &mut tf[doc], &mut surfaces);
                }
            }
        }
        let mut term_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut surface = Vec::new();
        let mut df: Vec<usize> = Vec::new();
        let sorted_terms: BTreeSet<&String> = tf.iter().flat_map(FxHashMap::keys).collect();
        for term in sorted_terms {
            term_ids.insert(term.clone(), surface.len() as u32);
            surface.push(surfaces.get(term).cloned().unwrap_or_else(|| term.clone()));
            df.push(0);
        }
        for doc in &tf {
            for term in doc.keys() {
                df[term_ids[term] as usize] += 1;
            }
        }
        let n = nodes.len() as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f64)).ln() + 1.0)
            .collect();
        let vectors = tf
            .iter()
            .map(|doc| {
                let mut vector: Vec<(u32, f64)> = doc
                    .iter()
                    .map(|(t, f)| (term_ids[t], f * idf[term_ids[t] as usize]))
                    .collect();
                vector.sort_by_key(|e| e.0);
                let norm = vector.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
                if norm > 0.0 {
                    vector.iter_mut().for_each(|e| e.1 /= norm);
                }
                vector
            })
            .collect();
        Ok(Self {
            surface,
            doc_of,
            vectors,
            #[cfg(test)]
            raw: nodes.iter().copied().zip(tf).collect(),
        })
    }

    /// Pairs (item of `a_items`, item of `b_items`, score) sharing a word, with score at least
    /// `min_score`, in the order of `a_items` then descending score. Large inputs are split over
    /// the machine's cores.
    pub fn matches(&self, a_items: &[usize], b_items: &[usize], min_score: f64) -> Vec<(usize, usize, f64)> {
        let b_docs: Vec<(usize, usize)> = b_items
            .iter()
            .filter_map(|&n| self.doc_of.get(&n).map(|&d| (n, d)))
            .collect();
        let mut postings: FxHashMap<u32, Vec<(u32, f64)>> = FxHashMap::default();
        for (local, &(_, doc)) in b_docs.iter().enumerate() {
            for &(term, weight) in &self.vectors[doc] {
                postings.entry(term).or_default().push((local as u32, weight));
            }
        }
        let a_docs: Vec<(usize, usize)> = a_items
            .iter()
            .filter_map(|&n| self.doc_of.get(&n).map(|&d| (n, d)))
            .collect();
        let score_chunk = |chunk: &[(usize, usize)]| -> Vec<(usize, usize, f64)> {
            let mut accumulator = vec![0.0_f64; b_docs.len()];
            let mut touched: Vec<u32> = Vec::new();
            let mut found = Vec::new();
            for &(a_node, a_doc) in chunk {
                for (term, weight) in &self.vectors[a_doc] {
                    for &(local, other) in postings.get(term).map(Vec::as_slice).unwrap_or_default() {
                        if accumulator[local as usize] == 0.0 {
                            touched.push(local);
                        }
                        accumulator[local as usize] += weight * other;
                    }
                }
                let start = found.len();
                for local in touched.drain(..) {
                    let score = accumulator[local as usize].min(1.0);
                    accumulator[local as usize] = 0.0;
                    let b_node = b_docs[local as usize].0;
                    if score > 0.0 && score >= min_score && b_node != a_node {
                        found.push((a_node, b_node, score));
                    }
                }
                found[start..].sort_by(|x, y| y.2.total_cmp(&x.2).then(x.1.cmp(&y.1)));
            }
            found
        };
        // Threads pay off only for ESCO-sized frameworks; below that they cost more than they save.
        let threads = if a_docs.len() < 2048 {
            1
        } else {
            crate::parallel::available_threads()
        };
        let size = a_docs.len().div_ceil(threads).max(1);
        let chunks: Vec<&[(usize, usize)]> = a_docs.chunks(size).collect();
        crate::parallel::map_indexed(chunks.len(), threads, || (), |(), i| score_chunk(chunks[i]))
            // A panic in a worker is a bug in this function; re-raise it on the caller's thread.
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            .into_iter()
            .flatten()
            .collect()
    }

    /// The `k` terms contributing most to the score of two items.
    pub fn explain(&self, a_node: usize, b_node: usize, k: usize) -> Vec<MatchedWord> {
        let (Some(&x), Some(&y)) = (self.doc_of.get(&a_node), self.doc_of.get(&b_node)) else {
            return Vec::new();
        };
        let (x, y) = (&self.vectors[x], &self.vectors[y]);
        let (mut i, mut j) = (0, 0);
        let mut shared = Vec::new();
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared.push((x[i].0, x[i].1 * y[j].1));
                    i += 1;
                    j += 1;
                }
            }
        }
        shared.sort_by(|p, q| q.1.total_cmp(&p.1).then(p.0.cmp(&q.0)));
        shared
            .into_iter()
            .take(k)
            .map(|(t, weight)| MatchedWord {
                word: self.surface[t as usize].clone(),
                weight,
            })
            .collect()
    }
}

/// The index over the default frameworks plus `extra` schemes, with graph synonyms or not.
fn index_for(
    store: &Store,
    snapshot: &Snapshot,
    extra: &[usize],
    synonyms: bool,
) -> Result<LexicalIndex, CrosswalkError> {
    let mut corpus = snapshot.default_frameworks();
    corpus.extend(extra);
    corpus.sort_unstable();
    corpus.dedup();
    Ok(LexicalIndex::build(
        store,
        snapshot,
        &corpus,
        &Analyzer::from_store(store, synonyms)?,
    )?)
}

/// Candidate mappings from items of `a` to items of `b` with a lexical score of at least
/// `min_score` (0..1), best first; pairs with a curated mapping are left out. `synonyms` expands
/// the abbreviations curated in the graph. See [`suggest_mappings_with`] for more options.
pub fn suggest_mappings(
    store: &Store,
    a: &NamedNode,
    b: &NamedNode,
    min_score: f64,
    synonyms: bool,
) -> Result<Vec<Suggestion>, CrosswalkError> {
    suggest_mappings_with(
        store,
        a,
        b,
        &SuggestOptions {
            min_score,
            synonyms,
            ..SuggestOptions::default()
        },
    )
}

/// [`suggest_mappings`] with all options: curated pairs can be kept and flagged.
pub fn suggest_mappings_with(
    store: &Store,
    a: &NamedNode,
    b: &NamedNode,
    options: &SuggestOptions,
) -> Result<Vec<Suggestion>, CrosswalkError> {
    check_unit("min_score", options.min_score)?;
    let snapshot = Snapshot::load(store)?;
    let (a, b) = pair(&snapshot, a, b)?;
    let index = index_for(store, &snapshot, &[a, b], options.synonyms)?;
    let curated = curated_pairs(&snapshot, a, b);
    let mut suggestions: Vec<Suggestion> = index
        .matches(
            &snapshot.schemes[a].items,
            &snapshot.schemes[b].items,
            options.min_score,
        )
        .into_iter()
        .filter_map(|(x, y, score)| {
            let already_mapped = curated
                .get(&(x, y))
                .and_then(|kinds| kinds.first())
                .map(|k| k.iri().as_str().to_owned());
            if already_mapped.is_some() && !options.include_mapped {
                return None;
            }
            Some(Suggestion {
                subject: snapshot.nodes[x].iri.as_str().to_owned(),
                subject_label: snapshot.label(x),
                object: snapshot.nodes[y].iri.as_str().to_owned(),
                object_label: snapshot.label(y),
                score,
                matched_words: index.explain(x, y, options.max_words),
                already_mapped,
            })
        })
        .collect();
    suggestions.sort_by(|p, q| {
        q.score
            .total_cmp(&p.score)
            .then_with(|| (&p.subject, &p.object).cmp(&(&q.subject, &q.object)))
    });
    Ok(suggestions)
}

/// Counts suggested pairs (score ≥ `min_score`) against curated pairs.
fn evaluate(
    predicted: &FxHashSet<(usize, usize)>,
    curated: &FxHashSet<(usize, usize)>,
    min_score: f64,
) -> Evaluation {
    let tp = predicted.intersection(curated).count();
    Evaluation::from_counts(min_score, tp, predicted.len() - tp, curated.len() - tp)
}

/// Precision and recall of [`suggest_mappings`] (graph synonyms on, curated pairs kept) at
/// `min_score`, against the curated mappings between `a` and `b`.
pub fn evaluate_suggestions(
    store: &Store,
    a: &NamedNode,
    b: &NamedNode,
    min_score: f64,
) -> Result<Evaluation, CrosswalkError> {
    check_unit("min_score", min_score)?;
    let snapshot = Snapshot::load(store)?;
    let (a, b) = pair(&snapshot, a, b)?;
    let index = index_for(store, &snapshot, &[a, b], true)?;
    let predicted = index
        .matches(&snapshot.schemes[a].items, &snapshot.schemes[b].items, min_score)
        .into_iter()
        .map(|(x, y, _)| (x, y))
        .collect();
    let curated = curated_pairs(&snapshot, a, b).into_keys().collect();
    Ok(evaluate(&predicted, &curated, min_score))
}

/// One row of [`quality_rows`]: the evaluation of one framework pair, or of all pairs together
/// (codes `(all)`), at one threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityRow {
    /// The score threshold evaluated.
    pub min_score: f64,
    /// Code of framework a, or `(all)`.
    pub code_a: String,
    /// Code of framework b, or `(all)`.
    pub code_b: String,
    /// Curated item pairs between them.
    pub curated_pairs: usize,
    /// See [`Evaluation::precision`].
    pub precision: f64,
    /// See [`Evaluation::recall`].
    pub recall: f64,
    /// See [`Evaluation::f1`].
    pub f1: f64,
    /// See [`Evaluation::true_positives`].
    pub true_positives: usize,
    /// See [`Evaluation::false_positives`].
    pub false_positives: usize,
    /// See [`Evaluation::false_negatives`].
    pub false_negatives: usize,
}

impl crate::table::Row for QualityRow {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            real min_score,
            text code_a,
            text code_b,
            count curated_pairs,
            real precision,
            real recall,
            real f1,
            count true_positives,
            count false_positives,
            count false_negatives,
        ]
    }
}

impl QualityRow {
    fn new(min_score: f64, code_a: String, code_b: String, curated_pairs: usize, e: &Evaluation) -> Self {
        Self {
            min_score,
            code_a,
            code_b,
            curated_pairs,
            precision: e.precision,
            recall: e.recall,
            f1: e.f1,
            true_positives: e.true_positives,
            false_positives: e.false_positives,
            false_negatives: e.false_negatives,
        }
    }
}

/// The evaluations of [`evaluate_all_pairs_at`] as one table: for each threshold, a row per
/// framework pair and then the overall row (codes `(all)`, whose curated pairs are every pair's
/// true positives and false negatives).
pub fn quality_rows(evaluations: &[AllPairsEvaluation]) -> Vec<QualityRow> {
    let mut rows = Vec::new();
    for evaluation in evaluations {
        for pair in &evaluation.pairs {
            rows.push(QualityRow::new(
                evaluation.min_score,
                pair.code_a.clone(),
                pair.code_b.clone(),
                pair.curated_pairs,
                &pair.evaluation,
            ));
        }
        let overall = &evaluation.overall;
        rows.push(QualityRow::new(
            evaluation.min_score,
            "(all)".into(),
            "(all)".into(),
            overall.true_positives + overall.false_negatives,
            overall,
        ));
    }
    rows
}

/// [`evaluate_all_pairs_at`] for one threshold.
pub fn evaluate_all_pairs(store: &Store, min_score: f64) -> Result<AllPairsEvaluation, CrosswalkError> {
    let mut all = evaluate_all_pairs_at(store, &[min_score])?;
    Ok(all.remove(0))
}

/// Precision and recall over every pair of default frameworks (see [`super::framework_overlap`])
/// that has curated mappings, at each threshold (one index and one scoring pass for all).
pub fn evaluate_all_pairs_at(
    store: &Store,
    thresholds: &[f64],
) -> Result<Vec<AllPairsEvaluation>, CrosswalkError> {
    for &t in thresholds {
        check_unit("min_score", t)?;
    }
    let Some(lowest) = thresholds.iter().copied().reduce(f64::min) else {
        return Ok(Vec::new());
    };
    let snapshot = Snapshot::load(store)?;
    let index = index_for(store, &snapshot, &[], true)?;
    let mut frameworks = snapshot.default_frameworks();
    frameworks.sort_by(|x, y| snapshot.schemes[*x].iri.cmp(&snapshot.schemes[*y].iri));
    let mut results: Vec<AllPairsEvaluation> = thresholds
        .iter()
        .map(|&t| AllPairsEvaluation {
            min_score: t,
            pairs: Vec::new(),
            overall: Evaluation::from_counts(t, 0, 0, 0),
        })
        .collect();
    let mut totals = vec![(0, 0, 0); thresholds.len()];
    for (i, &a) in frameworks.iter().enumerate() {
        for &b in &frameworks[i + 1..] {
            let curated: FxHashSet<(usize, usize)> = curated_pairs(&snapshot, a, b).into_keys().collect();
            if curated.is_empty() {
                continue;
            }
            let scored = index.matches(&snapshot.schemes[a].items, &snapshot.schemes[b].items, lowest);
            for (k, &t) in thresholds.iter().enumerate() {
                let predicted: FxHashSet<(usize, usize)> =
                    scored.iter().filter(|m| m.2 >= t).map(|m| (m.0, m.1)).collect();
                let evaluation = evaluate(&predicted, &curated, t);
                totals[k].0 += evaluation.true_positives;
                totals[k].1 += evaluation.false_positives;
                totals[k].2 += evaluation.false_negatives;
                let (sa, sb) = (&snapshot.schemes[a], &snapshot.schemes[b]);
                results[k].pairs.push(PairEvaluation {
                    framework_a: sa.iri.as_str().to_owned(),
                    code_a: sa.code.clone(),
                    framework_b: sb.iri.as_str().to_owned(),
                    code_b: sb.code.clone(),
                    curated_pairs: curated.len(),
                    evaluation,
                });
            }
        }
    }
    for (result, (tp, fp, fn_)) in results.iter_mut().zip(totals) {
        result.overall = Evaluation::from_counts(result.min_score, tp, fp, fn_);
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{ex, fixture_graph, MAPPED_PAIRS};
    use super::*;
    use crate::{Graph, QueryOutcome};
    use rstest::rstest;

    fn terms_of(analyzer: &Analyzer, text: &str) -> Vec<String> {
        let mut out = FxHashMap::default();
        analyzer.terms(text, 1.0, &mut out, &mut FxHashMap::default());
        let mut terms: Vec<String> = out.into_keys().collect();
        terms.sort();
        terms
    }

    #[rstest]
    #[case("The Analysis of Data", &["analys", "data"])]
    #[case("Organization & behavior", &["behaviour", "organis"])]
    #[case("Decision-making, e-learning", &["decision", "learn", "mak"])]
    #[case("IT and communication", &["communic"])]
    fn tokenises_without_synonyms(#[case] text: &str, #[case] expected: &[&str]) {
        assert_eq!(terms_of(&Analyzer::plain(), text), expected);
    }

    #[rstest]
    #[case("IG", "information governance", vec![vec!["information", "governance"]])]
    #[case("FOI", "freedom of information", vec![vec!["freedom", "of", "information"]])]
    #[case("IM&T", "information management and technology", vec![vec!["information", "management", "and", "technology"]])]
    #[case("DDaT", "Digital, Data and Technology (DDaT) Profession Capability Framework", vec![vec!["digital", "data", "and", "technology"]])]
    #[case("DPO", "data protection", vec![])]
    #[case("IT", "IT / IM&T (generic)", vec![])]
    #[case("PMO", "programme management office", vec![vec!["programme", "management", "office"]])]
    fn abbreviations_are_paired_by_initials(
        #[case] abbreviation: &str,
        #[case] phrase: &str,
        #[case] expected: Vec<Vec<&str>>,
    ) {
        let letters: String = abbreviation
            .chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .collect();
        let mut found = expansions_in(&letters, phrase);
        found.dedup();
        assert_eq!(found, expected);
    }

    #[test]
    fn graph_abbreviations_expand_in_capitals_only() {
        let graph = fixture_graph();
        let analyzer = Analyzer::from_store(graph.store(), true).unwrap();
        assert_eq!(
            terms_of(&analyzer, "IG and compliance"),
            ["IG", "complianc", "governanc", "inform"]
        );
        assert_eq!(
            terms_of(&analyzer, "Ig policy"),
            ["ig", "policy"],
            "not written as an abbreviation"
        );
        assert_eq!(terms_of(&analyzer, "DQ"), ["DQ", "data", "quality"]);
        assert_eq!(
            terms_of(
                &Analyzer::from_store(graph.store(), false).unwrap(),
                "IG and compliance"
            ),
            ["complianc", "ig"]
        );
    }

    /// Recomputes every score of the index naively (dense vectors over all terms) and compares.
    #[test]
    fn sparse_scores_equal_brute_force_tfidf_cosine() {
        let graph = fixture_graph();
        let snapshot = Snapshot::load(graph.store()).unwrap();
        let index = index_for(graph.store(), &snapshot, &[], true).unwrap();
        let vocabulary: BTreeSet<&String> = index.raw.iter().flat_map(|(_, tf)| tf.keys()).collect();
        let n = index.raw.len() as f64;
        let dense: FxHashMap<usize, Vec<f64>> = index
            .raw
            .iter()
            .map(|(node, tf)| {
                let v: Vec<f64> = vocabulary
                    .iter()
                    .map(|t| {
                        let df = index
                            .raw
                            .iter()
                            .filter(|(_, other)| other.contains_key(*t))
                            .count() as f64;
                        tf.get(*t).copied().unwrap_or(0.0) * (((1.0 + n) / (1.0 + df)).ln() + 1.0)
                    })
                    .collect();
                let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
                (
                    *node,
                    v.into_iter()
                        .map(|x| if norm > 0.0 { x / norm } else { 0.0 })
                        .collect(),
                )
            })
            .collect();
        let all: Vec<usize> = index.raw.iter().map(|(node, _)| *node).collect();
        let found: FxHashMap<(usize, usize), f64> = index
            .matches(&all, &all, 0.0)
            .into_iter()
            .map(|(x, y, s)| ((x, y), s))
            .collect();
        let mut positive = 0;
        for &x in &all {
            for &y in &all {
                let expected: f64 = dense[&x].iter().zip(&dense[&y]).map(|(p, q)| p * q).sum();
                if x == y || expected <= 1e-12 {
                    assert!(!found.contains_key(&(x, y)));
                    continue;
                }
                positive += 1;
                assert!((found[&(x, y)] - expected).abs() < 1e-9, "{x} {y}");
                let words: f64 = index.explain(x, y, usize::MAX).iter().map(|w| w.weight).sum();
                assert!(
                    (words - expected).abs() < 1e-9,
                    "matched word weights add up to the score"
                );
            }
        }
        assert!(positive >= 10, "the fixture has word overlaps to check");
    }

    /// Large frameworks are scored on several threads; the result must equal scoring small
    /// slices one after the other (each below the threading size).
    #[test]
    fn threaded_scoring_equals_sequential_scoring() {
        let mut turtle = String::from(
            "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix ex: <http://example.org/> .\n",
        );
        turtle.push_str("ex:x a skos:ConceptScheme . ex:y a skos:ConceptScheme .\n");
        let words = [
            "data",
            "records",
            "finance",
            "governance",
            "people",
            "change",
            "quality",
            "risk",
            "audit",
            "coding",
            "safety",
            "learning",
        ];
        for i in 0..2300 {
            let label = format!(
                "{} {} {}",
                words[i % 12],
                words[(i / 12) % 12],
                words[(i * 7) % 11]
            );
            turtle.push_str(&format!(
                "ex:x{i} skos:inScheme ex:x ; skos:prefLabel \"{label} {i}\"@en .\n"
            ));
        }
        for j in 0..60 {
            turtle.push_str(&format!(
                "ex:y{j} skos:inScheme ex:y ; skos:prefLabel \"{} {}\"@en .\n",
                words[j % 12],
                words[(j * 5) % 12]
            ));
        }
        let graph = Graph::empty().unwrap();
        graph
            .load(crate::RdfInput::Text(&turtle), Some("turtle"), None)
            .unwrap();
        let snapshot = Snapshot::load(graph.store()).unwrap();
        let (x, y) = (snapshot.scheme_index[&ex("x")], snapshot.scheme_index[&ex("y")]);
        let index = LexicalIndex::build(graph.store(), &snapshot, &[x, y], &Analyzer::plain()).unwrap();
        let (a_items, b_items) = (&snapshot.schemes[x].items, &snapshot.schemes[y].items);
        assert!(a_items.len() >= 2048);
        let whole = index.matches(a_items, b_items, 0.2);
        let sliced: Vec<(usize, usize, f64)> = a_items
            .chunks(100)
            .flat_map(|chunk| index.matches(chunk, b_items, 0.2))
            .collect();
        assert!(!whole.is_empty());
        assert_eq!(whole, sliced);
    }

    #[test]
    fn suggestions_explain_themselves_and_skip_or_flag_curated_pairs() {
        let graph = fixture_graph();
        let (fa, fb) = (ex("fa"), ex("fb"));
        let flagged = suggest_mappings_with(
            graph.store(),
            &fa,
            &fb,
            &SuggestOptions {
                min_score: 0.05,
                include_mapped: true,
                ..SuggestOptions::default()
            },
        )
        .unwrap();
        let governance = flagged
            .iter()
            .find(|s| s.subject == ex("a2").as_str() && s.object == ex("b2").as_str())
            .expect("IG expands from the graph");
        assert_eq!(
            governance.already_mapped.as_deref(),
            Some("http://www.w3.org/2004/02/skos/core#narrowMatch")
        );
        let words: Vec<&str> = governance.matched_words.iter().map(|w| w.word.as_str()).collect();
        assert_eq!(words.len(), 2);
        assert!(
            words.contains(&"information") && words.contains(&"governance"),
            "{words:?}"
        );
        let records = flagged
            .iter()
            .find(|s| s.subject == ex("a3").as_str() && s.object == ex("b4").as_str())
            .unwrap();
        assert_eq!(
            (
                records.already_mapped.as_deref(),
                records.matched_words[0].word.as_str()
            ),
            (None, "records")
        );
        assert!(flagged.windows(2).all(|w| w[0].score >= w[1].score), "best first");
        let fresh = suggest_mappings(graph.store(), &fa, &fb, 0.05, true).unwrap();
        assert!(fresh.iter().all(|s| s.already_mapped.is_none()));
        assert_eq!(
            fresh.len(),
            flagged.iter().filter(|s| s.already_mapped.is_none()).count()
        );
        let plain = suggest_mappings_with(
            graph.store(),
            &fa,
            &fb,
            &SuggestOptions {
                min_score: 0.05,
                synonyms: false,
                include_mapped: true,
                ..SuggestOptions::default()
            },
        )
        .unwrap();
        assert!(
            !plain
                .iter()
                .any(|s| s.subject == ex("a2").as_str() && s.object == ex("b2").as_str()),
            "without synonyms IG means nothing"
        );
        assert!(matches!(
            suggest_mappings(graph.store(), &fa, &fb, -0.1, true),
            Err(CrosswalkError::InvalidParameter { .. })
        ));
    }

    #[test]
    fn evaluation_counts_hand_checked() {
        let graph = fixture_graph();
        let (fa, fb) = (ex("fa"), ex("fb"));
        // Curated FA–FB pairs: (a1,b1) (a2,b2) (a3,b2) (a4,b3). Lexically, a1/b1 share data and
        // analysis, a2/b2 share information governance (through IG), a4/b3 share team, a3/b4
        // share records; a3/b2 share nothing.
        let scores: FxHashMap<(String, String), f64> = suggest_mappings_with(
            graph.store(),
            &fa,
            &fb,
            &SuggestOptions {
                min_score: 0.0,
                include_mapped: true,
                ..SuggestOptions::default()
            },
        )
        .unwrap()
        .into_iter()
        .map(|s| ((s.subject, s.object), s.score))
        .collect();
        let key = |x: &str, y: &str| (ex(x).as_str().to_owned(), ex(y).as_str().to_owned());
        assert_eq!(scores.len(), 4, "{scores:?}");
        assert!(!scores.contains_key(&key("a3", "b2")));
        for threshold in [0.0, 0.1, 0.3, 0.5, 0.7, 0.9] {
            let predicted: Vec<&(String, String)> = scores
                .iter()
                .filter(|(_, s)| **s >= threshold)
                .map(|(k, _)| k)
                .collect();
            let curated = [key("a1", "b1"), key("a2", "b2"), key("a3", "b2"), key("a4", "b3")];
            let tp = predicted.iter().filter(|p| curated.contains(p)).count();
            let evaluation = evaluate_suggestions(graph.store(), &fa, &fb, threshold).unwrap();
            assert_eq!(
                (
                    evaluation.true_positives,
                    evaluation.false_positives,
                    evaluation.false_negatives
                ),
                (tp, predicted.len() - tp, 4 - tp),
                "at {threshold}"
            );
            if tp > 0 {
                let (p, r) = (tp as f64 / predicted.len() as f64, tp as f64 / 4.0);
                assert!((evaluation.precision - p).abs() < 1e-12 && (evaluation.recall - r).abs() < 1e-12);
                assert!((evaluation.f1 - 2.0 * p * r / (p + r)).abs() < 1e-12);
            }
        }
        let at_zero = evaluate_suggestions(graph.store(), &fa, &fb, 0.0).unwrap();
        assert_eq!(
            (
                at_zero.true_positives,
                at_zero.false_positives,
                at_zero.false_negatives
            ),
            (3, 1, 1)
        );
        assert!((at_zero.precision - 0.75).abs() < 1e-12 && (at_zero.recall - 0.75).abs() < 1e-12);
        let none = evaluate_suggestions(graph.store(), &ex("fa"), &ex("fd"), 0.3).unwrap();
        assert_eq!(
            (none.precision, none.recall, none.f1, none.true_positives),
            (0.0, 0.0, 0.0, 0)
        );
    }

    /// One row per framework pair and an `(all)` row per threshold, whose curated pairs are the
    /// nine curated item pairs of the fixture.
    #[test]
    fn quality_rows_list_each_pair_then_all() {
        let graph = fixture_graph();
        let results = evaluate_all_pairs_at(graph.store(), &[0.0, 0.6]).unwrap();
        let rows = quality_rows(&results);
        assert_eq!(rows.len(), 2 * 6);
        let codes: Vec<(f64, &str, &str)> = rows
            .iter()
            .map(|r| (r.min_score, r.code_a.as_str(), r.code_b.as_str()))
            .collect();
        assert_eq!(codes[0], (0.0, "FA", "FB"));
        assert_eq!(codes[5], (0.0, "(all)", "(all)"));
        assert_eq!(codes[6], (0.6, "FA", "FB"));
        assert_eq!(codes[11], (0.6, "(all)", "(all)"));
        for (row, result) in [(&rows[5], &results[0]), (&rows[11], &results[1])] {
            assert_eq!(row.curated_pairs, 9);
            let overall = &result.overall;
            assert_eq!(
                (
                    row.precision,
                    row.recall,
                    row.f1,
                    row.true_positives,
                    row.false_positives,
                    row.false_negatives
                ),
                (
                    overall.precision,
                    overall.recall,
                    overall.f1,
                    overall.true_positives,
                    overall.false_positives,
                    overall.false_negatives
                )
            );
        }
        let pair = &results[0].pairs[1];
        assert_eq!(
            (rows[1].curated_pairs, rows[1].true_positives),
            (pair.curated_pairs, pair.evaluation.true_positives)
        );
    }

    /// A suggestion's matched words and their weights become two lists in the same order.
    #[test]
    fn suggestion_rows_split_the_matched_words() {
        let graph = fixture_graph();
        let suggestions =
            suggest_mappings_with(graph.store(), &ex("fa"), &ex("fc"), &SuggestOptions::default()).unwrap();
        assert!(!suggestions.is_empty());
        for suggestion in suggestions {
            let row = SuggestionRow::from(suggestion.clone());
            let words: Vec<&str> = suggestion.matched_words.iter().map(|w| w.word.as_str()).collect();
            let weights: Vec<f64> = suggestion.matched_words.iter().map(|w| w.weight).collect();
            assert_eq!(
                (row.matched_words.as_slice(), row.matched_weights),
                (
                    &words.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>()[..],
                    weights
                )
            );
            assert_eq!(
                (row.subject, row.object, row.score),
                (suggestion.subject, suggestion.object, suggestion.score)
            );
            assert_eq!(row.already_mapped, suggestion.already_mapped);
        }
    }

    #[test]
    fn all_pairs_evaluation_sums_the_pairs() {
        let graph = fixture_graph();
        let results = evaluate_all_pairs_at(graph.store(), &[0.0, 0.3, 0.6]).unwrap();
        assert_eq!(results.len(), 3);
        for result in &results {
            let pairs: Vec<(&str, &str)> = result
                .pairs
                .iter()
                .map(|p| (p.code_a.as_str(), p.code_b.as_str()))
                .collect();
            assert_eq!(pairs, MAPPED_PAIRS, "only pairs with curated mappings");
            let sum =
                |f: fn(&Evaluation) -> usize| result.pairs.iter().map(|p| f(&p.evaluation)).sum::<usize>();
            assert_eq!(result.overall.true_positives, sum(|e| e.true_positives));
            assert_eq!(result.overall.false_positives, sum(|e| e.false_positives));
            assert_eq!(result.overall.false_negatives, sum(|e| e.false_negatives));
            assert_eq!(
                result.overall.true_positives + result.overall.false_negatives,
                9,
                "nine curated item pairs"
            );
            let single = evaluate_suggestions(graph.store(), &ex("fa"), &ex("fb"), result.min_score).unwrap();
            assert_eq!(result.pairs[0].evaluation, single);
        }
        assert_eq!(evaluate_all_pairs(graph.store(), 0.3).unwrap(), results[1]);
    }

    #[test]
    fn bundled_frameworks_evaluate_quickly_and_sensibly() {
        let graph = Graph::bundled().unwrap();
        let results = evaluate_all_pairs_at(graph.store(), &[0.2, 0.3, 0.4, 0.5]).unwrap();
        let curated: usize = results[0].pairs.iter().map(|p| p.curated_pairs).sum();
        let QueryOutcome::Solutions(table) = graph.query("PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> \
                 PREFIX wg: <https://w3id.org/workforce-graph/ontology#> \
                 SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a wg:Mapping ; owl:annotatedSource ?s ; owl:annotatedTarget ?o . \
                 ?s skos:inScheme ?a . ?o skos:inScheme ?b }", &[], None).unwrap() else { panic!() };
        let Some(oxigraph::model::TermRef::Literal(loaded)) = table.value(0, 0) else {
            panic!()
        };
        let loaded: usize = loaded.value().parse().unwrap();
        assert!(loaded >= 30, "{loaded}");
        assert_eq!(
            curated, loaded,
            "every bundled crosswalk with both ends loaded links two distinct default frameworks"
        );
        for pair in results.windows(2) {
            assert!(
                pair[0].overall.recall >= pair[1].overall.recall,
                "recall cannot grow with the threshold"
            );
        }
        assert!(results[0].overall.true_positives > 0);
        // The coding frame's IG abbreviation links PKSB's information governance area.
        let pksb = NamedNode::new_unchecked("https://w3id.org/workforce-graph/id/framework/pksb");
        let hicp = NamedNode::new_unchecked("https://w3id.org/workforce-graph/id/hicp/areas");
        let found = suggest_mappings_with(
            graph.store(),
            &hicp,
            &pksb,
            &SuggestOptions {
                min_score: 0.2,
                include_mapped: true,
                ..SuggestOptions::default()
            },
        )
        .unwrap();
        assert!(
            found.iter().any(|s| s
                .subject
                .ends_with("hicp/area/information-governance-and-data-quality")
                && s.object.ends_with("pksb/area/5")),
            "{found:#?}"
        );
    }
}
