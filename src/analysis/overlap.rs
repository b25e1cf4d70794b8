//! All-pairs role overlap: a counting kernel over the postings, split over threads.

use super::index::{Csr, HolderId, RequirementIndex};
use super::AnalysisError;
use serde::Serialize;
use std::sync::Arc;

/// Which holders an analysis looks at.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Scope {
    /// Every holder in the index.
    #[default]
    All,
    /// Holders in this framework (by IRI; see [`Holder::frameworks`](super::Holder::frameworks)).
    /// A framework no holder is in gives no pairs.
    Framework(String),
    /// Only these holders.
    Holders(Vec<HolderId>),
}

/// Two holders and how many competencies they share; `a < b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OverlapPair {
    /// The first holder (smaller id, so smaller IRI).
    pub a: HolderId,
    /// The second holder.
    pub b: HolderId,
    /// How many competencies both need.
    pub shared: u32,
}

/// Every pair of roles sharing competencies ([`role_overlap`]), kept with the index that names
/// them so that the rows borrow their text (tens of thousands of pairs at ESCO scale).
#[derive(Debug, Clone)]
pub struct RoleOverlap {
    index: Arc<RequirementIndex>,
    pairs: Vec<OverlapPair>,
}

/// One row of [`RoleOverlap::rows`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RoleOverlapRow<'a> {
    /// The first holder (the smaller IRI).
    pub a: &'a str,
    /// Its name.
    pub a_label: &'a str,
    /// The second holder.
    pub b: &'a str,
    /// Its name.
    pub b_label: &'a str,
    /// How many competencies both need.
    pub shared: u32,
}

impl crate::table::Row for RoleOverlapRow<'_> {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self; text a, text a_label, text b, text b_label, count shared]
    }
}

impl RoleOverlap {
    /// The pairs, as [`RequirementIndex::role_overlap`] gives them.
    pub fn pairs(&self) -> &[OverlapPair] {
        &self.pairs
    }

    /// One row per pair, in the order of [`RoleOverlap::pairs`].
    pub fn rows(&self) -> Vec<RoleOverlapRow<'_>> {
        let index = &self.index;
        self.pairs
            .iter()
            .map(|pair| RoleOverlapRow {
                a: index.holder(pair.a).iri.as_str(),
                a_label: index.holder_name(pair.a),
                b: index.holder(pair.b).iri.as_str(),
                b_label: index.holder_name(pair.b),
                shared: pair.shared,
            })
            .collect()
    }
}

/// Every pair of roles and role levels sharing at least `min_shared` competencies (essential ones
/// only when `essential_only`; [`RequirementIndex::role_overlap`]), within the framework
/// `framework` (a code, name or IRI, resolved as [`crate::crosswalk::resolve`] does; it must have a
/// role with requirements) or across the graph.
pub fn role_overlap(
    graph: &crate::Graph,
    min_shared: u32,
    framework: Option<&str>,
    essential_only: bool,
) -> Result<RoleOverlap, AnalysisError> {
    let index = graph.requirement_index()?;
    let scope = match framework {
        Some(name) => {
            let iri =
                crate::crosswalk::resolve(graph, name).map_err(|e| AnalysisError::Framework(Box::new(e)))?;
            super::check_framework(&index, iri.as_str(), name)?;
            Scope::Framework(iri.into_string())
        }
        None => Scope::All,
    };
    let pairs = index.role_overlap(min_shared, essential_only, &scope)?;
    Ok(RoleOverlap { index, pairs })
}

/// Rows handed to a thread at a time: small, because the work per row is very uneven (rows with
/// popular competencies and small ids do most of it).
const CHUNK: usize = 16;

/// Below this much work (posting entries visited, estimated) threads cost more than they save.
const PARALLEL_WORK: usize = 200_000;

impl RequirementIndex {
    /// Every pair of holders in `scope` that share at least `min_shared` competencies (essential
    /// ones only when `essential_only`), sorted by `(a, b)`. Pairs sharing nothing are never
    /// listed, so `min_shared` 0 behaves like 1. Runs on all available cores.
    ///
    /// For each holder `i`, the kernel walks the postings of its competencies and counts, in a
    /// dense per-thread array, how often each holder `j > i` appears; counts reaching
    /// `min_shared` are pairs. [`RequirementIndex::shared_competencies`] explains a pair.
    pub fn role_overlap(
        &self,
        min_shared: u32,
        essential_only: bool,
        scope: &Scope,
    ) -> Result<Vec<OverlapPair>, AnalysisError> {
        self.overlap_on(min_shared, essential_only, scope, None)
    }

    /// [`RequirementIndex::role_overlap`] on `threads` threads, or as many as pay off when `None`.
    pub(crate) fn overlap_on(
        &self,
        min_shared: u32,
        essential_only: bool,
        scope: &Scope,
        threads: Option<usize>,
    ) -> Result<Vec<OverlapPair>, AnalysisError> {
        let min_shared = min_shared.max(1);
        let (rows, postings) = if essential_only {
            (&self.rows_essential, &self.postings_essential)
        } else {
            (&self.rows_all, &self.postings_all)
        };
        let n = self.holders.len();
        let (selected, mask) = self.scope_rows(scope)?;
        // A row with fewer competencies than min_shared cannot reach it.
        let selected: Vec<u32> = selected
            .into_iter()
            .filter(|&i| rows.row(i as usize).len() >= min_shared as usize)
            .collect();
        let work: usize = selected
            .iter()
            .map(|&i| {
                rows.row(i as usize)
                    .iter()
                    .map(|&c| postings.row(c as usize).len())
                    .sum::<usize>()
                    / 2
            })
            .sum();
        let threads = match threads {
            Some(threads) => threads.max(1),
            None if work < PARALLEL_WORK => 1,
            None => crate::parallel::available_threads(),
        };
        let kernel = Kernel {
            rows,
            postings,
            mask: mask.as_deref(),
            min_shared,
            n,
        };
        let chunks = selected.len().div_ceil(CHUNK);
        let parts = crate::parallel::map_indexed(
            chunks,
            threads,
            || (vec![0u32; n], Vec::new()),
            |(counts, touched), chunk| {
                let mut out = Vec::new();
                let end = ((chunk + 1) * CHUNK).min(selected.len());
                for &i in &selected[chunk * CHUNK..end] {
                    kernel.row(i, counts, touched, &mut out);
                }
                out
            },
        )
        .map_err(|panic| AnalysisError::Worker(crate::parallel::panic_message(panic.as_ref())))?;
        // Chunks cover increasing rows and each row's pairs are sorted, so the chunks in order sort
        // the whole answer without a global sort.
        let total = parts.iter().map(Vec::len).sum();
        let mut out = Vec::with_capacity(total);
        for part in parts {
            out.extend(part);
        }
        Ok(out)
    }

    /// The competencies two holders share (essential ones for both when `essential_only`), sorted
    /// by id: the explanation of an [`OverlapPair`].
    pub fn shared_competencies(
        &self,
        a: HolderId,
        b: HolderId,
        essential_only: bool,
    ) -> Vec<super::CompetencyId> {
        let rows = if essential_only {
            &self.rows_essential
        } else {
            &self.rows_all
        };
        let (ra, rb) = (rows.row(a.index()), rows.row(b.index()));
        let mut out = Vec::new();
        let (mut x, mut y) = (0, 0);
        while x < ra.len() && y < rb.len() {
            match ra[x].cmp(&rb[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    out.push(super::CompetencyId(ra[x]));
                    x += 1;
                    y += 1;
                }
            }
        }
        out
    }

    /// The rows a scope selects (sorted ids) and, unless it is everything, a membership mask.
    pub(crate) fn scope_rows(&self, scope: &Scope) -> Result<(Vec<u32>, Option<Vec<bool>>), AnalysisError> {
        let n = self.holders.len();
        let mask: Vec<bool> = match scope {
            Scope::All => return Ok(((0..n as u32).collect(), None)),
            Scope::Framework(iri) => self
                .holders
                .iter()
                .map(|h| h.frameworks.iter().any(|f| f.as_str() == iri.as_str()))
                .collect(),
            Scope::Holders(ids) => {
                let mut mask = vec![false; n];
                for &id in ids {
                    mask[self.check_holder(id)?.index()] = true;
                }
                mask
            }
        };
        let selected = (0..n as u32).filter(|&i| mask[i as usize]).collect();
        Ok((selected, Some(mask)))
    }
}

/// The counting kernel's read-only inputs.
struct Kernel<'a> {
    rows: &'a Csr,
    postings: &'a Csr,
    mask: Option<&'a [bool]>,
    min_shared: u32,
    n: usize,
}

impl Kernel<'_> {
    /// Appends the pairs `(i, j > i)` to `out`, sorted by `j`. `counts` is all zeros on entry and
    /// on exit: only the entries touched are reset.
    fn row(&self, i: u32, counts: &mut [u32], touched: &mut Vec<u32>, out: &mut Vec<OverlapPair>) {
        debug_assert_eq!(counts.len(), self.n);
        for &c in self.rows.row(i as usize) {
            let posting = self.postings.row(c as usize);
            // Postings are sorted, so the holders after i are a suffix.
            let start = posting.partition_point(|&j| j <= i);
            for &j in &posting[start..] {
                let count = &mut counts[j as usize];
                if *count == 0 {
                    touched.push(j);
                }
                *count += 1;
            }
        }
        let first = out.len();
        for &j in touched.iter() {
            let count = std::mem::take(&mut counts[j as usize]);
            if count >= self.min_shared && self.mask.is_none_or(|m| m[j as usize]) {
                out.push(OverlapPair {
                    a: super::HolderId(i),
                    b: super::HolderId(j),
                    shared: count,
                });
            }
        }
        touched.clear();
        out[first..].sort_unstable_by_key(|p| p.b);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{self, EscoLike, OUR_MODEL};
    use super::*;
    use rstest::rstest;
    use std::collections::{BTreeMap, BTreeSet};

    /// The table names both holders of each pair, with the same pairs as the kernel.
    #[rstest]
    #[case::whole_graph(None)]
    #[case::by_name(Some("Test framework"))]
    #[case::by_iri(Some("https://w3id.org/workforce-graph/id/framework/t"))]
    fn role_overlap_rows_name_the_pairs(#[case] framework: Option<&str>) {
        let graph = testdata::graph_of(OUR_MODEL);
        let overlap = role_overlap(&graph, 2, framework, false).unwrap();
        let rows: Vec<(&str, &str, u32)> = overlap
            .rows()
            .iter()
            .map(|r| (r.a_label, r.b_label, r.shared))
            .collect();
        assert_eq!(
            rows,
            [
                ("Data analyst", "Associate data analyst", 2),
                ("Data analyst", "Senior data analyst", 3),
                ("Associate data analyst", "Senior data analyst", 2),
            ]
        );
        let first = overlap.rows()[0];
        assert_eq!(first.a, format!("{}t/role/analyst/level/analyst", testdata::ID));
        assert_eq!(first.b, format!("{}t/role/analyst/level/associate", testdata::ID));
        assert_eq!(overlap.pairs().len(), 3);
        // Essential requirements only: the associate needs ethics as optional.
        let essential = role_overlap(&graph, 2, framework, true).unwrap();
        let essential: Vec<(&str, &str, u32)> = essential
            .rows()
            .iter()
            .map(|r| (r.a_label, r.b_label, r.shared))
            .collect();
        assert_eq!(essential, [("Data analyst", "Senior data analyst", 2)]);
    }

    #[test]
    fn role_overlap_rows_refuse_a_framework_without_requirements_or_unknown() {
        let graph = testdata::graph_of(OUR_MODEL);
        assert!(matches!(
            role_overlap(&graph, 1, Some("Empty framework"), false),
            Err(AnalysisError::FrameworkWithoutRequirements { name, .. }) if name == "Empty framework"
        ));
        assert!(matches!(
            role_overlap(&graph, 1, Some("No such framework"), false),
            Err(AnalysisError::Framework(_))
        ));
    }

    fn named(index: &RequirementIndex, pairs: &[OverlapPair]) -> BTreeSet<(String, String, usize)> {
        pairs
            .iter()
            .map(|p| {
                assert!(p.a < p.b);
                (
                    index.holder(p.a).iri.as_str().to_owned(),
                    index.holder(p.b).iri.as_str().to_owned(),
                    p.shared as usize,
                )
            })
            .collect()
    }

    /// Per occupation IRI, the skill IRIs of the generator's truth.
    fn truth_sets(data: &EscoLike, essential_only: bool) -> BTreeMap<String, BTreeSet<String>> {
        (0..data.essential.len())
            .map(|o| {
                let mut skills: BTreeSet<String> = data.essential[o]
                    .iter()
                    .map(|&s| testdata::skill_iri(s))
                    .collect();
                if !essential_only {
                    skills.extend(data.optional[o].iter().map(|&s| testdata::skill_iri(s)));
                }
                (testdata::occupation_iri(o), skills)
            })
            .collect()
    }

    /// A few hundred ESCO-like roles: every pair and count equals set intersection, on one thread
    /// and on several, for thresholds below, at and above the typical overlap.
    #[rstest]
    fn generated_pairs_match_brute_force(
        #[values(1, 2, 5, 9)] min_shared: u32,
        #[values(true, false)] essential_only: bool,
    ) {
        let data = testdata::esco_like(300, 40, 11);
        let store = testdata::store_of(&data.ntriples);
        let index = RequirementIndex::build(&store).unwrap();
        let expected = testdata::brute_force_pairs(&truth_sets(&data, essential_only), min_shared as usize);
        let single = index
            .overlap_on(min_shared, essential_only, &Scope::All, Some(1))
            .unwrap();
        let parallel = index
            .overlap_on(min_shared, essential_only, &Scope::All, Some(3))
            .unwrap();
        let default = index
            .role_overlap(min_shared, essential_only, &Scope::All)
            .unwrap();
        assert_eq!(single, parallel);
        assert_eq!(single, default);
        assert!(
            single.windows(2).all(|w| (w[0].a, w[0].b) < (w[1].a, w[1].b)),
            "sorted by (a, b)"
        );
        assert_eq!(named(&index, &single), expected);
        assert!(!expected.is_empty());
    }

    /// The peers' SPARQL (peers.py "all_pairs") gives the same pairs and counts.
    #[test]
    fn pairs_match_the_peers_sparql_query() {
        let data = testdata::esco_like(120, 40, 5);
        let store = testdata::store_of(&data.ntriples);
        let index = RequirementIndex::build(&store).unwrap();
        let rows = testdata::select(
            &store,
            "PREFIX esco: <http://data.europa.eu/esco/model#>
             SELECT ?a ?b (COUNT(?s) AS ?shared) WHERE {
               ?a esco:hasEssentialSkill ?s . ?b esco:hasEssentialSkill ?s . FILTER(STR(?a) < STR(?b)) }
             GROUP BY ?a ?b HAVING (COUNT(?s) >= 5)",
        );
        let expected: BTreeSet<(String, String, usize)> = rows
            .iter()
            .map(|r| (r["a"].clone(), r["b"].clone(), r["shared"].parse().unwrap()))
            .collect();
        let got = index.role_overlap(5, true, &Scope::All).unwrap();
        assert_eq!(named(&index, &got), expected);
        assert!(!expected.is_empty());
    }

    #[test]
    fn scopes_restrict_both_sides_of_a_pair() {
        let data = testdata::esco_like(150, 40, 2);
        let store = testdata::store_of(&data.ntriples);
        let index = RequirementIndex::build(&store).unwrap();
        let chosen: Vec<HolderId> = (0..index.holder_count() as u32)
            .filter(|h| h % 3 == 0)
            .map(HolderId)
            .collect();
        let names: BTreeSet<&str> = chosen.iter().map(|&h| index.holder(h).iri.as_str()).collect();
        let sets: BTreeMap<String, BTreeSet<String>> = truth_sets(&data, true)
            .into_iter()
            .filter(|(o, _)| names.contains(o.as_str()))
            .collect();
        let expected = testdata::brute_force_pairs(&sets, 3);
        for threads in [Some(1), Some(2)] {
            let got = index
                .overlap_on(3, true, &Scope::Holders(chosen.clone()), threads)
                .unwrap();
            assert_eq!(named(&index, &got), expected);
        }
        assert!(matches!(
            index.role_overlap(1, true, &Scope::Holders(vec![HolderId(100_000)])),
            Err(AnalysisError::InvalidHolderId(100_000))
        ));
        // The generator puts occupations in no framework.
        assert!(index
            .role_overlap(
                1,
                false,
                &Scope::Framework("http://example.org/bench/framework/0".into())
            )
            .unwrap()
            .is_empty());
    }

    #[test]
    fn our_model_pairs_frameworks_and_thresholds() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let oracle = testdata::requirement_oracle(&store);
        for essential_only in [true, false] {
            let sets: BTreeMap<String, BTreeSet<String>> = oracle
                .iter()
                .map(|(h, needs)| {
                    let skills = needs
                        .iter()
                        .filter(|(_, (e, _))| *e || !essential_only)
                        .map(|(c, _)| c.clone())
                        .collect();
                    (h.clone(), skills)
                })
                .collect();
            for min_shared in 0..=4 {
                let got = index
                    .role_overlap(min_shared, essential_only, &Scope::All)
                    .unwrap();
                assert_eq!(
                    named(&index, &got),
                    testdata::brute_force_pairs(&sets, min_shared as usize)
                );
            }
        }
        // min_shared larger than any overlap.
        assert!(index.role_overlap(50, false, &Scope::All).unwrap().is_empty());
        // Every holder is in framework t (the analyst level through its role); none in "empty".
        let framework = format!("{}framework/t", testdata::ID);
        assert_eq!(
            index
                .role_overlap(1, false, &Scope::Framework(framework))
                .unwrap(),
            index.role_overlap(1, false, &Scope::All).unwrap()
        );
        let empty = format!("{}framework/empty", testdata::ID);
        assert!(index
            .role_overlap(1, false, &Scope::Framework(empty))
            .unwrap()
            .is_empty());
        // Explaining a pair.
        let senior = index.resolve_holder("Senior data analyst").unwrap();
        let associate = index.resolve_holder("Associate data analyst").unwrap();
        let shared: Vec<&str> = index
            .shared_competencies(associate, senior, false)
            .iter()
            .map(|&c| index.competency_name(c))
            .collect();
        assert_eq!(shared, ["Data ethics", "Data visualisation"]);
        assert_eq!(index.shared_competencies(associate, senior, true).len(), 1);
    }

    #[test]
    fn empty_index_has_no_pairs() {
        let index = RequirementIndex::build(&testdata::store_of("")).unwrap();
        assert!(index.role_overlap(1, true, &Scope::All).unwrap().is_empty());
        assert!(index
            .overlap_on(1, false, &Scope::Holders(Vec::new()), Some(4))
            .unwrap()
            .is_empty());
    }
}
