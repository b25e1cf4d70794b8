//! Similar holders (weighted shared requirements) and the skill gap between two holders.

use super::index::{CompetencyId, HolderId, Level, Requirement, RequirementIndex};
use super::AnalysisError;
use serde::Serialize;
use std::cmp::Ordering;
use std::sync::Arc;

/// How much a requirement weighs in [`RequirementIndex::similar`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Weight of an essential requirement (default 1.0).
    pub essential: f64,
    /// Weight of an optional requirement (default 0.5).
    pub optional: f64,
    /// Whether a shared competency counts less when the two required levels differ: by the factor
    /// `1 - |level_a - level_b|` on the normalised scale, when both levels are known (default on).
    pub use_levels: bool,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            essential: 1.0,
            optional: 0.5,
            use_levels: true,
        }
    }
}

impl Weights {
    /// The weight of one requirement.
    pub fn of(&self, requirement: &Requirement) -> f64 {
        if requirement.essential {
            self.essential
        } else {
            self.optional
        }
    }

    /// The level agreement factor of two requirements of the same competency.
    pub fn level_factor(&self, a: &Requirement, b: &Requirement) -> f64 {
        match (self.use_levels, a.normalised, b.normalised) {
            (true, Some(x), Some(y)) => (1.0 - (x - y).abs()).clamp(0.0, 1.0),
            _ => 1.0,
        }
    }
}

/// A competency two holders share, and what it adds to their similarity.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedCompetency {
    /// The competency.
    pub competency: CompetencyId,
    /// The query holder's requirement.
    pub query: Requirement,
    /// The candidate's requirement.
    pub candidate: Requirement,
    /// `min(weight_query, weight_candidate) * level factor`.
    pub contribution: f64,
}

/// A holder like the query holder, with the evidence for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// The candidate.
    pub holder: HolderId,
    /// `shared_weight / union_weight`, in 0..1 (a weighted Jaccard index).
    pub score: f64,
    /// Sum of the shared competencies' contributions.
    pub shared_weight: f64,
    /// Both holders' total weight minus the shared minimum weights (before level factors).
    pub union_weight: f64,
    /// The competencies both need, by competency id.
    pub shared: Vec<SharedCompetency>,
    /// The query holder's requirements that the candidate does not have, by competency id.
    pub missing: Vec<Requirement>,
}

/// What a move asks for one competency (in tables: `gain`, `partly_met`, `raise`, `met`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GapStatus {
    /// The current holder does not need the competency at all, nor one mapped to it.
    Gain,
    /// The current holder does not need the competency, but needs one that a curated crosswalk
    /// maps to it (see [`GapItem::via`]): partly met.
    PartlyMet,
    /// The current holder needs it at a lower normalised level.
    Raise,
    /// The current holder needs it at the same or a higher level, or one of the levels is not
    /// known (see [`GapItem::levels_compared`]).
    Met,
}

/// One competency the target holder needs, compared with the current holder.
#[derive(Debug, Clone, PartialEq)]
pub struct GapItem {
    /// The competency.
    pub competency: CompetencyId,
    /// Gain, raise or met.
    pub status: GapStatus,
    /// The target holder's requirement.
    pub required: Requirement,
    /// The current holder's requirement, if it has one.
    pub current: Option<Requirement>,
    /// The required level (IRI, label, normalised value), when stated.
    pub required_level: Option<Level>,
    /// The current level, when the current holder has the competency at a stated level.
    pub current_level: Option<Level>,
    /// Whether both normalised levels are known, so that Raise/Met compared them.
    pub levels_compared: bool,
    /// For [`GapStatus::PartlyMet`]: the current holder's competency mapped to this one, and the
    /// mapping that links them.
    pub via: Option<Via>,
}

/// A curated crosswalk mapping that links what the current holder has to what the target needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Via {
    /// The current holder's competency.
    pub competency: CompetencyId,
    /// The current holder's requirement of it.
    pub requirement: Requirement,
    /// The mapping node's IRI.
    pub mapping: String,
    /// The SKOS mapping property's IRI (`skos:exactMatch`, `closeMatch`, ...).
    pub predicate: String,
}

/// Curated crosswalk mappings (`wg:Mapping` nodes), read once per call from the store: for each
/// competency IRI, the competencies mapped to it in either direction, with the mapping.
#[derive(Debug, Clone, Default)]
pub struct Crosswalks {
    links: std::collections::HashMap<String, Vec<(String, String, String)>>,
}

impl Crosswalks {
    /// Reads every `wg:Mapping` with `owl:annotatedSource`, `owl:annotatedProperty` and
    /// `owl:annotatedTarget` IRIs from the default graph.
    pub fn read(store: &oxigraph::store::Store) -> Result<Self, AnalysisError> {
        use crate::vocab::owl;
        use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNodeRef, Term};
        let rdf_type = NamedNodeRef::new_unchecked(super::vocab::RDF_TYPE);
        let mapping_type = crate::vocab::wg::MAPPING;
        let (source, predicate, target) = (
            owl::ANNOTATED_SOURCE.as_str(),
            owl::ANNOTATED_PROPERTY.as_str(),
            owl::ANNOTATED_TARGET.as_str(),
        );
        let mut crosswalks = Self::default();
        for quad in store.quads_for_pattern(
            None,
            Some(rdf_type),
            Some(mapping_type.into()),
            Some(GraphNameRef::DefaultGraph),
        ) {
            let node = quad?.subject;
            let NamedOrBlankNodeRef::NamedNode(mapping) = node.as_ref() else {
                continue;
            };
            let object = |p: &str| -> Result<Option<String>, AnalysisError> {
                let p = NamedNodeRef::new_unchecked(p);
                for q in store.quads_for_pattern(
                    Some(node.as_ref()),
                    Some(p),
                    None,
                    Some(GraphNameRef::DefaultGraph),
                ) {
                    if let Term::NamedNode(n) = q?.object {
                        return Ok(Some(n.into_string()));
                    }
                }
                Ok(None)
            };
            let (Some(a), Some(kind), Some(b)) = (object(source)?, object(predicate)?, object(target)?)
            else {
                continue;
            };
            let iri = mapping.as_str().to_owned();
            crosswalks
                .links
                .entry(a.clone())
                .or_default()
                .push((b.clone(), iri.clone(), kind.clone()));
            crosswalks.links.entry(b).or_default().push((a, iri, kind));
        }
        for links in crosswalks.links.values_mut() {
            links.sort();
        }
        Ok(crosswalks)
    }

    /// The competencies mapped to `competency`, with each mapping's IRI and property, sorted.
    pub fn mapped(&self, competency: &str) -> &[(String, String, String)] {
        self.links.get(competency).map_or(&[], Vec::as_slice)
    }
}

/// How strong a SKOS mapping property is, for choosing among several links (smaller is stronger).
fn mapping_strength(predicate: &str) -> u8 {
    match predicate.rsplit('#').next().unwrap_or(predicate) {
        "exactMatch" => 0,
        "closeMatch" => 1,
        "broadMatch" | "narrowMatch" => 2,
        _ => 3,
    }
}

impl RequirementIndex {
    /// Up to `k` other holders ranked by weighted shared requirements, best first (ties by id).
    ///
    /// Each shared competency adds `min(w_query, w_candidate)` times the level factor (see
    /// [`Weights`]); the score divides that by the union weight `W_query + W_candidate - sum of
    /// the shared minimum weights`. Only holders sharing a competency of positive weight are
    /// ranked. Works from the postings of the query's competencies, not from all pairs.
    pub fn similar(
        &self,
        holder: HolderId,
        k: usize,
        weights: &Weights,
    ) -> Result<Vec<Similar>, AnalysisError> {
        let query = self.check_holder(holder)?;
        let n = self.holders.len();
        let query_requirements = self.requirements(query);
        if k == 0 || query_requirements.is_empty() {
            return Ok(Vec::new());
        }
        let mut shared = vec![0.0f64; n];
        let mut minimum = vec![0.0f64; n];
        let mut touched: Vec<u32> = Vec::new();
        for requirement in query_requirements {
            let c = requirement.competency.index();
            let start = self.postings_all.offsets[c];
            let holders = self.postings_all.row(c);
            let essential = &self.posting_essential[start..start + holders.len()];
            let levels = &self.posting_level[start..start + holders.len()];
            let w_query = weights.of(requirement);
            let level_query = if weights.use_levels {
                requirement.normalised
            } else {
                None
            };
            for ((&h, &other_essential), &other_level) in holders.iter().zip(essential).zip(levels) {
                let w_other = if other_essential {
                    weights.essential
                } else {
                    weights.optional
                };
                let w = w_query.min(w_other);
                if h == query.0 || w <= 0.0 {
                    continue;
                }
                let factor = match level_query {
                    Some(x) if !other_level.is_nan() => (1.0 - (x - other_level).abs()).clamp(0.0, 1.0),
                    _ => 1.0,
                };
                let slot = h as usize;
                if minimum[slot] == 0.0 {
                    touched.push(h);
                }
                minimum[slot] += w;
                shared[slot] += w * factor;
            }
        }
        let total = |h: usize| {
            let essential = self.rows_essential.row(h).len() as f64;
            let all = self.rows_all.row(h).len() as f64;
            essential * weights.essential + (all - essential) * weights.optional
        };
        let query_total = total(query.index());
        let mut ranked: Vec<(f64, u32, f64, f64)> = touched
            .iter()
            .map(|&h| {
                let union = query_total + total(h as usize) - minimum[h as usize];
                let score = if union > 0.0 {
                    shared[h as usize] / union
                } else {
                    0.0
                };
                (score, h, shared[h as usize], union)
            })
            .collect();
        let order = |a: &(f64, u32, f64, f64), b: &(f64, u32, f64, f64)| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(Ordering::Equal)
                .then(a.1.cmp(&b.1))
        };
        if ranked.len() > k {
            ranked.select_nth_unstable_by(k - 1, order);
            ranked.truncate(k);
        }
        ranked.sort_unstable_by(order);
        Ok(ranked
            .into_iter()
            .map(|(score, h, shared_weight, union_weight)| {
                let (shared, missing) = self.compare(query, HolderId(h), weights);
                Similar {
                    holder: HolderId(h),
                    score,
                    shared_weight,
                    union_weight,
                    shared,
                    missing,
                }
            })
            .collect())
    }

    /// Shared competencies of `query` and `other`, and the query's requirements `other` lacks.
    fn compare(
        &self,
        query: HolderId,
        other: HolderId,
        weights: &Weights,
    ) -> (Vec<SharedCompetency>, Vec<Requirement>) {
        let (a, b) = (self.requirements(query), self.requirements(other));
        let mut shared = Vec::new();
        let mut missing = Vec::new();
        let mut y = 0;
        for ra in a {
            while y < b.len() && b[y].competency < ra.competency {
                y += 1;
            }
            match b.get(y) {
                Some(rb) if rb.competency == ra.competency => shared.push(SharedCompetency {
                    competency: ra.competency,
                    query: *ra,
                    candidate: *rb,
                    contribution: weights.of(ra).min(weights.of(rb)) * weights.level_factor(ra, rb),
                }),
                _ => missing.push(*ra),
            }
        }
        (shared, missing)
    }

    /// Every competency `to` needs, compared with what `from` needs: Gain (absent from `from`),
    /// Raise (present at a lower normalised level), Met. Sorted Gain, Raise, Met, then by
    /// competency label (case-insensitive) and IRI.
    pub fn skill_gap(&self, from: HolderId, to: HolderId) -> Result<Vec<GapItem>, AnalysisError> {
        self.skill_gap_with(from, to, &Crosswalks::default())
    }

    /// [`RequirementIndex::skill_gap`], where a competency the current holder lacks but reaches
    /// through a curated crosswalk (it needs a competency mapped to it, in either direction) is
    /// [`GapStatus::PartlyMet`] with the mapping named in [`GapItem::via`] (the strongest
    /// mapping: exact, then close, broad or narrow, then related; then by IRI).
    pub fn skill_gap_with(
        &self,
        from: HolderId,
        to: HolderId,
        crosswalks: &Crosswalks,
    ) -> Result<Vec<GapItem>, AnalysisError> {
        let from = self.check_holder(from)?;
        let to = self.check_holder(to)?;
        let mut items: Vec<GapItem> = self
            .requirements(to)
            .iter()
            .map(|required| {
                let current = self.requirement(from, required.competency).copied();
                let levels_compared = matches!(
                    (current.and_then(|c| c.normalised), required.normalised),
                    (Some(_), Some(_))
                );
                let status = match current {
                    None => GapStatus::Gain,
                    Some(current) => match (current.normalised, required.normalised) {
                        // A small tolerance: normalised levels are rounded to three decimals.
                        (Some(have), Some(need)) if have + 1e-9 < need => GapStatus::Raise,
                        _ => GapStatus::Met,
                    },
                };
                let via = if current.is_none() {
                    let iri = self.competency(required.competency).iri.as_str();
                    crosswalks
                        .mapped(iri)
                        .iter()
                        .filter_map(|(other, mapping, predicate)| {
                            let competency = self.competency_by_iri(other)?;
                            let requirement = *self.requirement(from, competency)?;
                            Some(Via {
                                competency,
                                requirement,
                                mapping: mapping.clone(),
                                predicate: predicate.clone(),
                            })
                        })
                        .min_by(|a, b| {
                            (mapping_strength(&a.predicate), &a.mapping)
                                .cmp(&(mapping_strength(&b.predicate), &b.mapping))
                        })
                } else {
                    None
                };
                let status = if via.is_some() {
                    GapStatus::PartlyMet
                } else {
                    status
                };
                GapItem {
                    competency: required.competency,
                    status,
                    required: *required,
                    current,
                    required_level: required.level.map(|l| self.level(l).clone()),
                    current_level: current
                        .or(via.as_ref().map(|v| v.requirement))
                        .and_then(|c| c.level)
                        .map(|l| self.level(l).clone()),
                    levels_compared,
                    via,
                }
            })
            .collect();
        let key = |item: &GapItem| (item.status, self.competency_name(item.competency).to_lowercase());
        items.sort_by_cached_key(|item| {
            let (status, name) = key(item);
            (
                status,
                name,
                self.competency(item.competency).iri.as_str().to_owned(),
            )
        });
        Ok(items)
    }
}

/// One row of [`skill_gap`]: a competency the target holder needs, compared with the current
/// holder, named in plain text (IRIs without brackets, a missing label as the IRI).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillGapRow {
    /// The current holder.
    pub from_role: String,
    /// Its name.
    pub from_role_label: String,
    /// The target holder.
    pub to_role: String,
    /// Its name.
    pub to_role_label: String,
    /// The competency the target needs.
    pub competency: String,
    /// Its name.
    pub competency_label: String,
    /// Gain, partly met, raise or met.
    pub status: GapStatus,
    /// Whether the target needs it as essential.
    pub essential: bool,
    /// The required level, when stated.
    pub required_level: Option<String>,
    /// Its label.
    pub required_level_label: Option<String>,
    /// Its position on the 0..1 scale.
    pub required_level_normalised: Option<f64>,
    /// The current holder's level of it (or of the competency it is reached through).
    pub current_level: Option<String>,
    /// Its label.
    pub current_level_label: Option<String>,
    /// Its position on the 0..1 scale.
    pub current_level_normalised: Option<f64>,
    /// Whether both normalised levels are known, so that raise and met compared them.
    pub levels_compared: bool,
    /// For a partly met competency: the current holder's competency mapped to it.
    pub via: Option<String>,
    /// Its name.
    pub via_label: Option<String>,
    /// The mapping node linking them.
    pub mapping: Option<String>,
    /// The mapping's SKOS property.
    pub mapping_predicate: Option<String>,
}

impl crate::table::Row for SkillGapRow {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text from_role,
            text from_role_label,
            text to_role,
            text to_role_label,
            text competency,
            text competency_label,
            variant status,
            flag essential,
            text required_level,
            text required_level_label,
            real required_level_normalised,
            text current_level,
            text current_level_label,
            real current_level_normalised,
            flag levels_compared,
            text via,
            text via_label,
            text mapping,
            text mapping_predicate,
        ]
    }
}

/// What moving from the role `from` to the role `to` asks for (both named as
/// [`resolve_role`](super::resolve_role) reads names: IRI, code or name; a role with levels stands
/// for all its levels): for every pair of their holders, every competency the target holder needs,
/// compared with the current holder through the graph's curated crosswalks
/// ([`RequirementIndex::skill_gap_with`]), in that order.
pub fn skill_gap(graph: &crate::Graph, from: &str, to: &str) -> Result<Vec<SkillGapRow>, AnalysisError> {
    let index = graph.requirement_index()?;
    let from = super::resolve_role(graph.store(), &index, from)?;
    let to = super::resolve_role(graph.store(), &index, to)?;
    let crosswalks = Crosswalks::read(graph.store())?;
    let level = |level: &Option<Level>| {
        (
            level.as_ref().map(|l| l.iri.as_str().to_owned()),
            level.as_ref().and_then(|l| l.label.clone()),
            level.as_ref().and_then(|l| l.normalised),
        )
    };
    let mut rows = Vec::new();
    for &a in &from.holders {
        for &b in &to.holders {
            for gap in index.skill_gap_with(a, b, &crosswalks)? {
                let (required_level, required_level_label, required_level_normalised) =
                    level(&gap.required_level);
                let (current_level, current_level_label, current_level_normalised) =
                    level(&gap.current_level);
                let via = gap.via.as_ref();
                rows.push(SkillGapRow {
                    from_role: index.holder(a).iri.as_str().to_owned(),
                    from_role_label: index.holder_name(a).to_owned(),
                    to_role: index.holder(b).iri.as_str().to_owned(),
                    to_role_label: index.holder_name(b).to_owned(),
                    competency: index.competency(gap.competency).iri.as_str().to_owned(),
                    competency_label: index.competency_name(gap.competency).to_owned(),
                    status: gap.status,
                    essential: gap.required.essential,
                    required_level,
                    required_level_label,
                    required_level_normalised,
                    current_level,
                    current_level_label,
                    current_level_normalised,
                    levels_compared: gap.levels_compared,
                    via: via.map(|v| index.competency(v.competency).iri.as_str().to_owned()),
                    via_label: via.map(|v| index.competency_name(v.competency).to_owned()),
                    mapping: via.map(|v| v.mapping.clone()),
                    mapping_predicate: via.map(|v| v.predicate.clone()),
                });
            }
        }
    }
    Ok(rows)
}

/// The roles most like a role ([`similar_roles`]): for each holder the name stands for, its
/// closest holders, kept with the index that names them so that the rows borrow their text.
#[derive(Debug, Clone)]
pub struct SimilarRoles {
    index: Arc<RequirementIndex>,
    found: Vec<(HolderId, Similar)>,
}

/// One row of [`SimilarRoles::rows`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarRoleRow<'a> {
    /// The holder asked about (one of the levels, for a role with levels).
    pub query: &'a str,
    /// A holder like it.
    pub role: &'a str,
    /// Its name.
    pub role_label: &'a str,
    /// The weighted shared-requirement score, 0..1.
    pub score: f64,
    /// How many competencies both need.
    pub shared: usize,
    /// Those competencies.
    pub shared_competencies: Vec<&'a str>,
    /// Their names.
    pub shared_competencies_label: Vec<&'a str>,
    /// The query's competencies the candidate does not need.
    pub missing_competencies: Vec<&'a str>,
    /// Their names.
    pub missing_competencies_label: Vec<&'a str>,
}

/// No label column for the query: this answers in well under a millisecond and each text column
/// costs pandas tens of microseconds (`role_levels()` has the labels).
impl crate::table::Row for SimilarRoleRow<'_> {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text query,
            text role,
            text role_label,
            real score,
            count shared,
            list shared_competencies,
            list shared_competencies_label,
            list missing_competencies,
            list missing_competencies_label,
        ]
    }
}

impl SimilarRoles {
    /// One row per (query holder, similar holder), queries in the role's level order and each
    /// query's candidates best first.
    pub fn rows(&self) -> Vec<SimilarRoleRow<'_>> {
        let index = &self.index;
        let iris = |ids: &mut dyn Iterator<Item = CompetencyId>| -> Vec<&str> {
            ids.map(|c| index.competency(c).iri.as_str()).collect()
        };
        let names = |ids: &mut dyn Iterator<Item = CompetencyId>| -> Vec<&str> {
            ids.map(|c| index.competency_name(c)).collect()
        };
        self.found
            .iter()
            .map(|(query, similar)| SimilarRoleRow {
                query: index.holder(*query).iri.as_str(),
                role: index.holder(similar.holder).iri.as_str(),
                role_label: index.holder_name(similar.holder),
                score: similar.score,
                shared: similar.shared.len(),
                shared_competencies: iris(&mut similar.shared.iter().map(|s| s.competency)),
                shared_competencies_label: names(&mut similar.shared.iter().map(|s| s.competency)),
                missing_competencies: iris(&mut similar.missing.iter().map(|r| r.competency)),
                missing_competencies_label: names(&mut similar.missing.iter().map(|r| r.competency)),
            })
            .collect()
    }
}

/// Up to `k` roles most like the role `role` (named as [`resolve_role`](super::resolve_role)
/// reads names), for each holder it stands for, ranked by [`RequirementIndex::similar`] with the
/// default [`Weights`].
pub fn similar_roles(graph: &crate::Graph, role: &str, k: usize) -> Result<SimilarRoles, AnalysisError> {
    let index = graph.requirement_index()?;
    let query = super::resolve_role(graph.store(), &index, role)?;
    let mut found = Vec::new();
    for &holder in &query.holders {
        for similar in index.similar(holder, k, &Weights::default())? {
            found.push((holder, similar));
        }
    }
    Ok(SimilarRoles { index, found })
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{self, ESCO_STYLE, ID, OUR_MODEL};
    use super::*;
    use rstest::rstest;
    use std::collections::BTreeSet;

    /// Every holder's ranking equals a brute-force weighted Jaccard over all other holders.
    fn check_against_brute_force(text: &str, weights: Weights, k: usize) {
        let store = testdata::store_of(text);
        let index = RequirementIndex::build(&store).unwrap();
        let oracle = testdata::requirement_oracle(&store);
        let empty = testdata::Needs::new();
        let needs = |h: HolderId| oracle.get(index.holder(h).iri.as_str()).unwrap_or(&empty);
        for q in (0..index.holder_count() as u32).map(HolderId) {
            let mut expected: Vec<(f64, u32)> = (0..index.holder_count() as u32)
                .filter(|&h| h != q.0)
                .filter_map(|h| {
                    let (score, minimum) = testdata::weighted_jaccard(
                        needs(q),
                        needs(HolderId(h)),
                        weights.essential,
                        weights.optional,
                        weights.use_levels,
                    );
                    (minimum > 0.0).then_some((score, h))
                })
                .collect();
            expected.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap().then(a.1.cmp(&b.1)));
            expected.truncate(k);
            let got = index.similar(q, k, &weights).unwrap();
            assert_eq!(got.len(), expected.len(), "holder {q:?}");
            for (result, (score, _)) in got.iter().zip(&expected) {
                assert!((result.score - score).abs() < 1e-9, "rank score of {q:?}");
                // Each listed holder carries its own brute-force score and explanation.
                let (own, _) = testdata::weighted_jaccard(
                    needs(q),
                    needs(result.holder),
                    weights.essential,
                    weights.optional,
                    weights.use_levels,
                );
                assert!((result.score - own).abs() < 1e-9);
                let mine: BTreeSet<&String> = needs(q).keys().collect();
                let theirs: BTreeSet<&String> = needs(result.holder).keys().collect();
                let shared: BTreeSet<&str> = result
                    .shared
                    .iter()
                    .map(|s| index.competency(s.competency).iri.as_str())
                    .collect();
                let missing: BTreeSet<&str> = result
                    .missing
                    .iter()
                    .map(|r| index.competency(r.competency).iri.as_str())
                    .collect();
                assert_eq!(shared, mine.intersection(&theirs).map(|s| s.as_str()).collect());
                assert_eq!(missing, mine.difference(&theirs).map(|s| s.as_str()).collect());
                let contributions: f64 = result.shared.iter().map(|s| s.contribution).sum();
                assert!((contributions - result.shared_weight).abs() < 1e-9);
            }
            assert!(got.windows(2).all(|w| w[0].score >= w[1].score));
        }
    }

    #[rstest]
    #[case::our_model(OUR_MODEL, Weights::default(), 10)]
    #[case::our_model_flat(OUR_MODEL, Weights { essential: 1.0, optional: 1.0, use_levels: false }, 3)]
    #[case::esco_style(ESCO_STYLE, Weights::default(), 10)]
    #[case::essential_only(ESCO_STYLE, Weights { essential: 1.0, optional: 0.0, use_levels: true }, 10)]
    #[case::generated(&testdata::esco_like(80, 30, 9).ntriples, Weights::default(), 10)]
    #[case::generated_k1(&testdata::esco_like(80, 30, 9).ntriples, Weights { essential: 2.0, optional: 0.25, use_levels: false }, 1)]
    fn similar_matches_brute_force(#[case] text: &str, #[case] weights: Weights, #[case] k: usize) {
        check_against_brute_force(text, weights, k);
    }

    #[test]
    fn similar_edge_cases_and_level_factor() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let principal = index.resolve_holder("Principal data analyst").unwrap();
        assert!(
            index
                .similar(principal, 5, &Weights::default())
                .unwrap()
                .is_empty(),
            "no requirements"
        );
        let senior = index.resolve_holder("Senior data analyst").unwrap();
        assert!(index.similar(senior, 0, &Weights::default()).unwrap().is_empty());
        assert!(matches!(
            index.similar(HolderId(999), 3, &Weights::default()),
            Err(AnalysisError::InvalidHolderId(999))
        ));
        // Associate (viz essential at 0, ethics optional at 0.333) against senior (viz essential at
        // 1, ethics optional at 0.667, modelling essential at 0.667): viz adds 1 * 0, ethics
        // 0.5 * (1 - 0.334); union = 1.5 + 2.5 - 1.5.
        let associate = index.resolve_holder("Associate data analyst").unwrap();
        let found = index.similar(associate, 10, &Weights::default()).unwrap();
        let to_senior = found.iter().find(|s| s.holder == senior).unwrap();
        assert!((to_senior.shared_weight - 0.5 * (1.0 - 0.334)).abs() < 1e-9);
        assert!((to_senior.union_weight - 2.5).abs() < 1e-9);
        assert!(to_senior.missing.is_empty());
    }

    fn status_of(index: &RequirementIndex, from: HolderId, to: HolderId) -> Vec<(GapStatus, String)> {
        index
            .skill_gap(from, to)
            .unwrap()
            .into_iter()
            .map(|item| (item.status, index.competency_name(item.competency).to_owned()))
            .collect()
    }

    #[test]
    fn skill_gap_in_our_model() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let holder = |name: &str| index.resolve_holder(name).unwrap();
        let (associate, senior, principal) = (
            holder("Associate data analyst"),
            holder("Senior data analyst"),
            holder("Principal data analyst"),
        );
        let s = |x: &str| x.to_owned();
        assert_eq!(
            status_of(&index, associate, senior),
            [
                (GapStatus::Gain, s("Data modelling")),
                (GapStatus::Raise, s("Data ethics")),
                (GapStatus::Raise, s("Data visualisation"))
            ]
        );
        assert_eq!(
            status_of(&index, senior, associate),
            [
                (GapStatus::Met, s("Data ethics")),
                (GapStatus::Met, s("Data visualisation"))
            ]
        );
        assert!(status_of(&index, principal, senior)
            .iter()
            .all(|(status, _)| *status == GapStatus::Gain));
        assert!(
            index.skill_gap(senior, principal).unwrap().is_empty(),
            "the target needs nothing"
        );
        assert!(status_of(&index, senior, senior)
            .iter()
            .all(|(status, _)| *status == GapStatus::Met));
        // Levels are shown so the answer can be checked.
        let gap = index.skill_gap(associate, senior).unwrap();
        let viz = gap
            .iter()
            .find(|g| g.competency == index.resolve_competency("Data visualisation").unwrap())
            .unwrap();
        assert_eq!(
            viz.current_level.as_ref().and_then(|l| l.label.as_deref()),
            Some("Awareness")
        );
        assert_eq!(
            viz.required_level.as_ref().map(|l| l.iri.as_str()),
            Some(format!("{ID}scale/t/expert").as_str())
        );
        assert!(viz.levels_compared);
        // The chief data officer needs ethics with no level: met, but not compared.
        let analyst = index
            .resolve_holder(&format!("{ID}t/role/analyst/level/analyst"))
            .unwrap();
        let cdo = holder("Chief data officer");
        let gap = index.skill_gap(cdo, analyst).unwrap();
        let ethics = gap
            .iter()
            .find(|g| index.competency_name(g.competency) == "Data ethics")
            .unwrap();
        assert_eq!((ethics.status, ethics.levels_compared), (GapStatus::Met, false));
        assert!(matches!(
            index.skill_gap(cdo, HolderId(77)),
            Err(AnalysisError::InvalidHolderId(77))
        ));
    }

    /// The table names both holders, the competency and the levels in plain text, in the order
    /// of the index's skill gap.
    #[test]
    fn skill_gap_rows_name_what_the_move_asks_for() {
        let graph = testdata::graph_of(OUR_MODEL);
        let rows = skill_gap(&graph, "Associate data analyst", "Senior data analyst").unwrap();
        let summary: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.competency_label.as_str(),
                    r.status,
                    r.essential,
                    r.current_level_label.as_deref(),
                    r.required_level_label.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "Data modelling",
                    GapStatus::Gain,
                    true,
                    None,
                    Some("Practitioner")
                ),
                (
                    "Data ethics",
                    GapStatus::Raise,
                    false,
                    Some("Working"),
                    Some("Practitioner")
                ),
                (
                    "Data visualisation",
                    GapStatus::Raise,
                    true,
                    Some("Awareness"),
                    Some("Expert")
                ),
            ]
        );
        let viz = &rows[2];
        assert_eq!(viz.from_role, format!("{ID}t/role/analyst/level/associate"));
        assert_eq!(viz.to_role_label, "Senior data analyst");
        assert_eq!(viz.competency, format!("{ID}t/skill/viz"));
        assert_eq!(
            viz.required_level.as_deref(),
            Some(format!("{ID}scale/t/expert").as_str())
        );
        assert_eq!(
            (viz.current_level_normalised, viz.required_level_normalised),
            (Some(0.0), Some(1.0))
        );
        assert!(viz.levels_compared && viz.via.is_none() && viz.mapping.is_none());
        // Statuses are written as tables show them.
        let written: Vec<String> = rows
            .iter()
            .map(|r| {
                serde_json::to_value(r).unwrap()["status"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(written, ["gain", "raise", "raise"]);
        assert!(matches!(
            skill_gap(&graph, "Associate data analyst", "Nobody at all"),
            Err(AnalysisError::UnknownHolder { .. })
        ));
    }

    /// A role with levels stands for each of its levels with requirements, in rank order, each
    /// compared with the target.
    #[test]
    fn skill_gap_rows_of_a_role_with_levels_cover_each_level() {
        let graph = testdata::graph_of(OUR_MODEL);
        let rows = skill_gap(&graph, &format!("{ID}t/role/analyst"), "Chief data officer").unwrap();
        let pairs: Vec<(&str, &str, GapStatus)> = rows
            .iter()
            .map(|r| (r.from_role_label.as_str(), r.competency_label.as_str(), r.status))
            .collect();
        assert_eq!(
            pairs,
            [
                ("Associate data analyst", "Data governance", GapStatus::Gain),
                ("Associate data analyst", "Data ethics", GapStatus::Met),
                ("Data analyst", "Data governance", GapStatus::Gain),
                ("Data analyst", "Data ethics", GapStatus::Met),
                ("Senior data analyst", "Data governance", GapStatus::Gain),
                ("Senior data analyst", "Data ethics", GapStatus::Met),
            ]
        );
        assert!(rows.iter().all(|r| r.to_role == format!("{ID}t/role/cdo")));
    }

    /// The rows carry the index's ranking, named: every query is the role asked about and the
    /// shared and missing competencies split the query's requirements.
    #[rstest]
    #[case::level("Senior data analyst", 5)]
    #[case::one_result("Senior data analyst", 1)]
    #[case::esco_occupation("Payroll officer", 3)]
    fn similar_roles_rows_name_the_ranking(#[case] role: &str, #[case] k: usize) {
        let text = if role == "Payroll officer" {
            ESCO_STYLE
        } else {
            OUR_MODEL
        };
        let graph = testdata::graph_of(text);
        let found = similar_roles(&graph, role, k).unwrap();
        let rows = found.rows();
        let index = graph.requirement_index().unwrap();
        let query = index.resolve_holder(role).unwrap();
        let expected = index.similar(query, k, &Weights::default()).unwrap();
        assert_eq!(rows.len(), expected.len());
        assert!(!rows.is_empty() && rows.len() <= k);
        let own: BTreeSet<&str> = index
            .requirements(query)
            .iter()
            .map(|r| index.competency_name(r.competency))
            .collect();
        for (row, similar) in rows.iter().zip(&expected) {
            assert_eq!(row.query, index.holder(query).iri.as_str());
            assert_eq!(row.role_label, index.holder_name(similar.holder));
            assert_eq!((row.score, row.shared), (similar.score, similar.shared.len()));
            let mut split: BTreeSet<&str> = row.shared_competencies_label.iter().copied().collect();
            split.extend(row.missing_competencies_label.iter().copied());
            assert_eq!(split, own, "shared and missing split {role}'s requirements");
            assert_eq!(row.shared_competencies.len(), row.shared_competencies_label.len());
        }
    }

    #[test]
    fn similar_roles_rows_in_our_model() {
        let graph = testdata::graph_of(ESCO_STYLE);
        let found = similar_roles(&graph, "Payroll officer", 5).unwrap();
        let rows = found.rows();
        // Payroll and finance officers share communicate, manage budget, audit payroll and
        // report finance; the records clerk shares communicate only.
        let names: Vec<(&str, usize)> = rows.iter().map(|r| (r.role_label, r.shared)).collect();
        assert_eq!(names, [("Finance officer", 4), ("Records clerk", 1)]);
        assert_eq!(rows[1].shared_competencies, ["http://example.org/bench/skill/1"]);
        assert_eq!(rows[1].shared_competencies_label, ["communicate"]);
        let mut missing = rows[1].missing_competencies_label.clone();
        missing.sort_unstable();
        assert_eq!(missing, ["audit payroll", "manage budget", "report finance"]);
    }

    /// Every ordered pair of holders, against statuses computed from the SPARQL oracle.
    #[rstest]
    #[case::our_model(OUR_MODEL)]
    #[case::esco_style(ESCO_STYLE)]
    fn skill_gap_matches_oracle(#[case] text: &str) {
        let store = testdata::store_of(text);
        let index = RequirementIndex::build(&store).unwrap();
        let oracle = testdata::requirement_oracle(&store);
        let empty = testdata::Needs::new();
        for from in (0..index.holder_count() as u32).map(HolderId) {
            for to in (0..index.holder_count() as u32).map(HolderId) {
                let have = oracle.get(index.holder(from).iri.as_str()).unwrap_or(&empty);
                let need = oracle.get(index.holder(to).iri.as_str()).unwrap_or(&empty);
                let mut expected: Vec<(GapStatus, String, String)> = need
                    .iter()
                    .map(|(c, (_, level))| {
                        let status = match have.get(c) {
                            None => GapStatus::Gain,
                            Some((_, current)) => match (current, level) {
                                (Some(a), Some(b)) if a < b => GapStatus::Raise,
                                _ => GapStatus::Met,
                            },
                        };
                        let competency = index.competency_by_iri(c).unwrap();
                        (
                            status,
                            index.competency_name(competency).to_lowercase(),
                            c.clone(),
                        )
                    })
                    .collect();
                expected.sort();
                let got: Vec<(GapStatus, String, String)> = index
                    .skill_gap(from, to)
                    .unwrap()
                    .into_iter()
                    .map(|g| {
                        (
                            g.status,
                            index.competency_name(g.competency).to_lowercase(),
                            index.competency(g.competency).iri.as_str().to_owned(),
                        )
                    })
                    .collect();
                assert_eq!(got, expected);
            }
        }
    }
}

#[cfg(test)]
mod crosswalk_tests {
    use super::super::testdata;
    use super::*;

    const MAPPED: &str = r#"
        @prefix wg: <https://w3id.org/workforce-graph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix ex: <http://example.org/> .
        ex:nhs a wg:RoleLevel ; skos:prefLabel "NHS analyst" .
        ex:gov a wg:RoleLevel ; skos:prefLabel "Government analyst" .
        [] wg:forRoleLevel ex:nhs ; wg:requiredCompetency ex:nhs-analysis ; wg:requiredLevel ex:high .
        [] wg:forRoleLevel ex:gov ; wg:requiredCompetency ex:gov-analysis ; wg:requiredLevel ex:low .
        [] wg:forRoleLevel ex:gov ; wg:requiredCompetency ex:gov-ethics .
        ex:high skos:prefLabel "Expert" ; wg:normalisedLevel 1.0 .
        ex:low skos:prefLabel "Working" ; wg:normalisedLevel 0.33 .
        ex:m1 a wg:Mapping ; owl:annotatedSource ex:nhs-analysis ; owl:annotatedProperty skos:relatedMatch ;
            owl:annotatedTarget ex:gov-analysis .
        ex:m0 a wg:Mapping ; owl:annotatedSource ex:gov-analysis ; owl:annotatedProperty skos:closeMatch ;
            owl:annotatedTarget ex:nhs-analysis .
    "#;

    #[test]
    fn mapped_competencies_are_partly_met_through_the_strongest_mapping() {
        let store = testdata::store_of(MAPPED);
        let index = RequirementIndex::build(&store).unwrap();
        let crosswalks = Crosswalks::read(&store).unwrap();
        let (nhs, gov) = (
            index.resolve_holder("NHS analyst").unwrap(),
            index.resolve_holder("Government analyst").unwrap(),
        );
        let gap = index.skill_gap_with(nhs, gov, &crosswalks).unwrap();
        let statuses: Vec<(GapStatus, &str)> = gap
            .iter()
            .map(|g| (g.status, index.competency(g.competency).iri.as_str()))
            .collect();
        assert_eq!(
            statuses,
            [
                (GapStatus::Gain, "http://example.org/gov-ethics"),
                (GapStatus::PartlyMet, "http://example.org/gov-analysis")
            ]
        );
        let via = gap[1].via.as_ref().unwrap();
        assert_eq!(
            index.competency(via.competency).iri.as_str(),
            "http://example.org/nhs-analysis"
        );
        assert_eq!(
            (via.mapping.as_str(), via.predicate.as_str()),
            (
                "http://example.org/m0",
                "http://www.w3.org/2004/02/skos/core#closeMatch"
            )
        );
        assert_eq!(
            gap[1].current_level.as_ref().and_then(|l| l.label.as_deref()),
            Some("Expert")
        );
        // Without crosswalks the same competency is a gain.
        assert_eq!(index.skill_gap(nhs, gov).unwrap()[1].status, GapStatus::Gain);
    }
}
