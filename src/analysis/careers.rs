//! Career moves on a coding frame (specialist area by specialist area, seniority by seniority), as
//! the Health Informatics Career Pathways report drew them, and plausible next roles from the
//! requirement index.

use super::index::{HolderId, RequirementIndex};
use super::lookup::Suggestion;
use super::similar::Weights;
use super::AnalysisError;
use crate::text::{closest, name_key};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One code of a coding frame: a specialist area, an area grouping or a seniority level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Code {
    /// Its IRI.
    pub iri: String,
    /// Its preferred label.
    pub label: String,
    /// Its order: `wg:listPosition` for areas and groupings, `wg:rank` for seniority levels
    /// (`None` for a level off the ladder, such as the report's clinical front-line roles).
    pub order: Option<i64>,
}

/// A coding frame's two axes, read from the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct CodingFrame {
    /// The frame's IRI.
    pub iri: String,
    /// Its label.
    pub label: String,
    /// Specialist areas in list order.
    pub areas: Vec<Code>,
    /// Area groupings in list order.
    pub groups: Vec<Code>,
    /// For each area, the index of its grouping in `groups`.
    pub group_of_area: Vec<Option<usize>>,
    /// Seniority levels, most junior first; levels without a rank last.
    pub levels: Vec<Code>,
    area_names: HashMap<String, usize>,
    level_names: HashMap<String, usize>,
}

/// Which axis a name was looked up on, for error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axis {
    /// Specialist areas.
    Area,
    /// Seniority levels.
    Seniority,
}

impl std::fmt::Display for Axis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Axis::Area => "specialist area",
            Axis::Seniority => "seniority level",
        })
    }
}

fn select(store: &Store, query: &str) -> Result<Vec<BTreeMap<String, Term>>, AnalysisError> {
    let results = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| AnalysisError::Query(e.to_string()))?
        .on_store(store)
        .execute()
        .map_err(|e| AnalysisError::Query(e.to_string()))?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(AnalysisError::Query("expected solutions".to_owned()));
    };
    solutions
        .map(|solution| {
            let solution = solution.map_err(|e| AnalysisError::Query(e.to_string()))?;
            Ok(solution
                .iter()
                .map(|(v, t)| (v.as_str().to_owned(), t.clone()))
                .collect())
        })
        .collect()
}

fn text(row: &BTreeMap<String, Term>, key: &str) -> Option<String> {
    match row.get(key)? {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        other => Some(other.to_string()),
    }
}

fn number(row: &BTreeMap<String, Term>, key: &str) -> Option<i64> {
    text(row, key)?.parse().ok()
}

impl CodingFrame {
    /// Reads the coding frame `frame` (IRI, label or notation; the only one in the graph when
    /// `None`) from the default graph: its areas (through `wg:hasSpecialistAreaScheme`), their
    /// groupings (`skos:broader` to a `wg:SpecialistAreaGroup`) and its seniority levels (through
    /// `wg:hasSeniorityScale`). Each code can be named by IRI, preferred or alternative label,
    /// notation or `wg:abbreviation`.
    pub fn read(store: &Store, frame: Option<&str>) -> Result<Self, AnalysisError> {
        let frames = select(
            store,
            concat!(
                crate::vocab::sparql_prefix_lines!(wg, skos),
                r#"SELECT ?frame (SAMPLE(?l) AS ?label) (SAMPLE(?n) AS ?notation) WHERE {
                 ?frame a wg:CodingFrame .
                 OPTIONAL { ?frame skos:prefLabel ?l } OPTIONAL { ?frame skos:notation ?n }
               } GROUP BY ?frame ORDER BY ?frame"#
            ),
        )?;
        let candidates: Vec<(String, String, Option<String>)> = frames
            .iter()
            .filter_map(|r| {
                Some((
                    text(r, "frame")?,
                    text(r, "label").unwrap_or_default(),
                    text(r, "notation"),
                ))
            })
            .collect();
        let chosen = match frame {
            None if candidates.len() == 1 => candidates[0].clone(),
            None => {
                return Err(AnalysisError::UnknownCodingFrame {
                    name: String::new(),
                    suggestions: candidates
                        .iter()
                        .map(|(iri, label, _)| Suggestion::of(Some(label), iri))
                        .collect(),
                })
            }
            Some(name) => {
                let wanted = name_key(name);
                match candidates.iter().find(|(iri, label, notation)| {
                    iri == name
                        || name_key(label) == wanted
                        || notation.as_deref().is_some_and(|n| name_key(n) == wanted)
                }) {
                    Some(found) => found.clone(),
                    None => {
                        return Err(AnalysisError::UnknownCodingFrame {
                            name: name.to_owned(),
                            suggestions: candidates
                                .iter()
                                .map(|(iri, label, _)| Suggestion::of(Some(label), iri))
                                .collect(),
                        })
                    }
                }
            }
        };
        let (iri, label, _) = chosen;
        let frame_term = format!("<{iri}>");
        let codes = |scheme_property: &str,
                     class: &str,
                     order_property: &str|
         -> Result<Vec<(Code, Vec<String>, Option<String>)>, AnalysisError> {
            let rows = select(
                store,
                &format!(
                    r#"{prefixes}SELECT ?code ?label ?order ?name ?group WHERE {{
                         {frame_term} wg:{scheme_property} ?scheme .
                         ?code skos:inScheme ?scheme ; a wg:{class} .
                         OPTIONAL {{ ?code skos:prefLabel ?label FILTER(LANG(?label) = "en" || LANG(?label) = "") }}
                         OPTIONAL {{ ?code wg:{order_property} ?order }}
                         OPTIONAL {{ ?code skos:altLabel|skos:notation|wg:abbreviation|skos:hiddenLabel ?name }}
                         OPTIONAL {{ ?code skos:broader ?group . ?group a wg:SpecialistAreaGroup }}
                       }}"#,
                    prefixes = crate::vocab::sparql_prefix_lines!(wg, skos),
                ),
            )?;
            let mut by_code: BTreeMap<String, (Code, Vec<String>, Option<String>)> = BTreeMap::new();
            for row in &rows {
                let Some(code) = text(row, "code") else {
                    continue;
                };
                let entry = by_code.entry(code.clone()).or_insert_with(|| {
                    (
                        Code {
                            iri: code.clone(),
                            label: text(row, "label").unwrap_or_else(|| code.clone()),
                            order: number(row, "order"),
                        },
                        Vec::new(),
                        text(row, "group"),
                    )
                });
                if let Some(name) = text(row, "name") {
                    if !entry.1.contains(&name) {
                        entry.1.push(name);
                    }
                }
            }
            let mut codes: Vec<_> = by_code.into_values().collect();
            codes.sort_by(|a, b| {
                (a.0.order.is_none(), a.0.order, &a.0.label).cmp(&(
                    b.0.order.is_none(),
                    b.0.order,
                    &b.0.label,
                ))
            });
            Ok(codes)
        };
        let areas = codes("hasSpecialistAreaScheme", "SpecialistArea", "listPosition")?;
        let groups = codes("hasSpecialistAreaScheme", "SpecialistAreaGroup", "listPosition")?;
        let levels = codes("hasSeniorityScale", "SeniorityLevel", "rank")?;
        let group_index: HashMap<&str, usize> = groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.0.iri.as_str(), i))
            .collect();
        let group_of_area = areas
            .iter()
            .map(|a| a.2.as_deref().and_then(|g| group_index.get(g).copied()))
            .collect();
        let names = |codes: &[(Code, Vec<String>, Option<String>)]| {
            let mut map = HashMap::new();
            // Preferred labels and IRIs win over alternative names shared by two codes.
            for (i, (_, alternatives, _)) in codes.iter().enumerate() {
                for name in alternatives {
                    map.entry(name_key(name)).or_insert(i);
                }
            }
            for (i, (code, _, _)) in codes.iter().enumerate() {
                map.insert(name_key(&code.label), i);
                map.insert(code.iri.clone(), i);
            }
            map
        };
        Ok(Self {
            area_names: names(&areas),
            level_names: names(&levels),
            iri,
            label,
            areas: areas.into_iter().map(|a| a.0).collect(),
            groups: groups.into_iter().map(|g| g.0).collect(),
            group_of_area,
            levels: levels.into_iter().map(|l| l.0).collect(),
        })
    }

    /// The index of the code named `name` on `axis`, or an error listing close matches.
    pub fn resolve(&self, axis: Axis, name: &str, row: usize) -> Result<usize, AnalysisError> {
        let (names, codes) = match axis {
            Axis::Area => (&self.area_names, &self.areas),
            Axis::Seniority => (&self.level_names, &self.levels),
        };
        names
            .get(name.trim())
            .or_else(|| names.get(&name_key(name)))
            .copied()
            .ok_or_else(|| {
                // Close matches over every name (labels, synonyms, abbreviations), reported by label.
                let suggestions = closest(name, names.iter().map(|(known, &i)| (known.as_str(), i)))
                    .into_iter()
                    .map(|i| Suggestion::of(Some(&codes[i].label), &codes[i].iri))
                    .collect();
                AnalysisError::UnknownCode {
                    axis,
                    name: name.to_owned(),
                    row,
                    suggestions,
                }
            })
    }
}

/// One move between two jobs, each coded on the frame (any of the four may be missing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Move {
    /// The earlier job's specialist area.
    pub from_area: Option<String>,
    /// The later job's specialist area.
    pub to_area: Option<String>,
    /// The earlier job's seniority level.
    pub from_level: Option<String>,
    /// The later job's seniority level.
    pub to_level: Option<String>,
}

/// The career-move matrices and their summary.
#[derive(Debug, Clone, PartialEq)]
pub struct CareerMoves {
    /// Row and column labels of `area_counts`: the frame's areas, or its groupings.
    pub areas: Vec<Code>,
    /// `area_counts[from][to]`: moves from one area to another.
    pub area_counts: Vec<Vec<u64>>,
    /// Row and column labels of `level_counts`.
    pub levels: Vec<Code>,
    /// `level_counts[from][to]`: moves from one seniority level to another.
    pub level_counts: Vec<Vec<u64>>,
    /// Moves with both areas coded.
    pub moves_with_areas: u64,
    /// Of those, moves that stay in the same area (or grouping).
    pub within_area: u64,
    /// Moves with both levels coded and both on the ladder (ranked).
    pub moves_with_ranked_levels: u64,
    /// Of those, moves to a higher, the same and a lower rank.
    pub up: u64,
    /// See `up`.
    pub same_level: u64,
    /// See `up`.
    pub down: u64,
    /// Moves with nothing coded on either axis.
    pub uncoded: u64,
    /// For each move, the resolved codes (area, area, level, level) as indices.
    pub coded: Vec<[Option<usize>; 4]>,
}

impl CareerMoves {
    /// The share of moves with both areas coded that stay within an area (`None` when there are none).
    pub fn within_area_share(&self) -> Option<f64> {
        (self.moves_with_areas > 0).then(|| self.within_area as f64 / self.moves_with_areas as f64)
    }
}

/// One coded move of [`CareerMoves::moves`]: the codes' IRIs (none where the move had no code on
/// that axis), whether it stays in its area, and how many ranks it climbs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodedMove<'a> {
    /// The earlier job's area (or grouping).
    pub from_area: Option<&'a str>,
    /// The later job's area.
    pub to_area: Option<&'a str>,
    /// The earlier job's seniority level.
    pub from_level: Option<&'a str>,
    /// The later job's seniority level.
    pub to_level: Option<&'a str>,
    /// Whether both areas are coded and the same.
    pub same_area: Option<bool>,
    /// `rank(to_level) - rank(from_level)`, when both levels are ranked.
    pub seniority_change: Option<i64>,
}

impl crate::table::Row for CodedMove<'_> {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text from_area,
            text to_area,
            text from_level,
            text to_level,
            flag same_area,
            whole seniority_change,
        ]
    }
}

impl CareerMoves {
    /// The moves as coded, in the order given.
    pub fn moves(&self) -> Vec<CodedMove<'_>> {
        self.coded
            .iter()
            .map(|[from_area, to_area, from_level, to_level]| CodedMove {
                from_area: from_area.map(|i| self.areas[i].iri.as_str()),
                to_area: to_area.map(|i| self.areas[i].iri.as_str()),
                from_level: from_level.map(|i| self.levels[i].iri.as_str()),
                to_level: to_level.map(|i| self.levels[i].iri.as_str()),
                same_area: from_area.zip(*to_area).map(|(a, b)| a == b),
                seniority_change: from_level
                    .zip(*to_level)
                    .and_then(|(x, y)| Some(self.levels[y].order? - self.levels[x].order?)),
            })
            .collect()
    }
}

/// Counts `moves` into the area-by-area and seniority-by-seniority matrices of `frame`; with
/// `by_group`, areas are rolled up to their groupings (an area without a grouping is an error).
/// Names are resolved as [`CodingFrame::resolve`] does; an unknown name fails the whole call,
/// naming the row, so nothing is silently dropped.
pub fn career_moves(
    frame: &CodingFrame,
    moves: &[Move],
    by_group: bool,
) -> Result<CareerMoves, AnalysisError> {
    let area_axis: Vec<Code> = if by_group {
        frame.groups.clone()
    } else {
        frame.areas.clone()
    };
    let n_areas = area_axis.len();
    let n_levels = frame.levels.len();
    let mut result = CareerMoves {
        area_counts: vec![vec![0; n_areas]; n_areas],
        level_counts: vec![vec![0; n_levels]; n_levels],
        areas: area_axis,
        levels: frame.levels.clone(),
        moves_with_areas: 0,
        within_area: 0,
        moves_with_ranked_levels: 0,
        up: 0,
        same_level: 0,
        down: 0,
        uncoded: 0,
        coded: Vec::with_capacity(moves.len()),
    };
    let area = |name: &Option<String>, row: usize| -> Result<Option<usize>, AnalysisError> {
        let Some(name) = name.as_deref().filter(|n| !n.trim().is_empty()) else {
            return Ok(None);
        };
        let index = frame.resolve(Axis::Area, name, row)?;
        if !by_group {
            return Ok(Some(index));
        }
        frame.group_of_area[index]
            .map(Some)
            .ok_or_else(|| AnalysisError::UnknownCode {
                axis: Axis::Area,
                name: format!("{name} (it has no grouping)"),
                row,
                suggestions: Vec::new(),
            })
    };
    let level = |name: &Option<String>, row: usize| -> Result<Option<usize>, AnalysisError> {
        match name.as_deref().filter(|n| !n.trim().is_empty()) {
            Some(name) => frame.resolve(Axis::Seniority, name, row).map(Some),
            None => Ok(None),
        }
    };
    for (row, movement) in moves.iter().enumerate() {
        let codes = [
            area(&movement.from_area, row)?,
            area(&movement.to_area, row)?,
            level(&movement.from_level, row)?,
            level(&movement.to_level, row)?,
        ];
        if let [Some(a), Some(b), _, _] = codes {
            result.area_counts[a][b] += 1;
            result.moves_with_areas += 1;
            result.within_area += u64::from(a == b);
        }
        if let [_, _, Some(a), Some(b)] = codes {
            result.level_counts[a][b] += 1;
            if let (Some(x), Some(y)) = (frame.levels[a].order, frame.levels[b].order) {
                result.moves_with_ranked_levels += 1;
                match y.cmp(&x) {
                    std::cmp::Ordering::Greater => result.up += 1,
                    std::cmp::Ordering::Equal => result.same_level += 1,
                    std::cmp::Ordering::Less => result.down += 1,
                }
            }
        }
        if codes.iter().all(Option::is_none) {
            result.uncoded += 1;
        }
        result.coded.push(codes);
    }
    Ok(result)
}

/// What kind of step a suggested next role is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// The next level of the same role.
    Promotion,
    /// Another role at a higher seniority.
    StepUp,
    /// Another role at about the same seniority (or seniority unknown on either side).
    Lateral,
}

/// A plausible next role, with the evidence for it.
#[derive(Debug, Clone, PartialEq)]
pub struct NextRole {
    /// The candidate holder.
    pub holder: HolderId,
    /// Promotion, step up or lateral.
    pub step: Step,
    /// The weighted shared-requirement score ([`RequirementIndex::similar`]), 0..1.
    pub similarity: f64,
    /// The share of the query holder's requirement weight that the candidate also needs, 0..1.
    pub transfer: f64,
    /// The query holder's seniority (mean normalised required level), when known.
    pub seniority_from: Option<f64>,
    /// The candidate's seniority.
    pub seniority_to: Option<f64>,
    /// `step factor * (transfer + similarity) / 2` (see [`RequirementIndex::next_roles`]).
    pub score: f64,
    /// Competencies both need.
    pub shared: Vec<super::CompetencyId>,
    /// Competencies the candidate needs that the query holder does not.
    pub to_gain: Vec<super::CompetencyId>,
}

/// Seniority differences up to this size count as the same seniority.
const LATERAL_BAND: f64 = 0.05;
/// Step-ups bigger than this are possible but less plausible as a next move.
const LARGE_STEP: f64 = 0.3;

impl RequirementIndex {
    /// A holder's seniority: the mean normalised level of its requirements with a known level
    /// (levels rise with seniority in graded frameworks such as DDaT), `None` when none is known.
    pub fn seniority(&self, holder: HolderId) -> Option<f64> {
        let levels: Vec<f64> = self
            .requirements(holder)
            .iter()
            .filter_map(|r| r.normalised)
            .collect();
        (!levels.is_empty()).then(|| levels.iter().sum::<f64>() / levels.len() as f64)
    }

    /// Up to `k` plausible next roles for `holder`, best first: holders that share requirements
    /// with it and are not a step down, scored by
    /// `step factor * (transfer + similarity) / 2`, where `transfer` is the share of the holder's
    /// requirement weight that the candidate also needs (how much of what one does carries over)
    /// and `similarity` the weighted score of [`RequirementIndex::similar`] (which also counts
    /// what is new). Ties go to promotions, then to the more similar.
    ///
    /// - The next rank of the same role (`wg:isLevelOf`, `wg:rank`) is a promotion (factor 1.0);
    ///   a rank further up the same ladder is a step up (factor 0.5); lower ranks of the same role
    ///   are left out.
    /// - Another holder is a step up when its seniority (see [`RequirementIndex::seniority`]) is
    ///   higher by more than 0.05 (factor 0.8, or 0.5 when higher by more than 0.3: a big jump),
    ///   lateral within 0.05 or when either seniority is unknown (factor 0.6), and left out when
    ///   lower by more than 0.05.
    pub fn next_roles(
        &self,
        holder: HolderId,
        k: usize,
        weights: &Weights,
    ) -> Result<Vec<NextRole>, AnalysisError> {
        let query = self.check_holder(holder)?;
        let current = self.holder(query);
        let from = self.seniority(query);
        let total_weight: f64 = self.requirements(query).iter().map(|r| weights.of(r)).sum();
        let mut candidates: Vec<NextRole> = Vec::new();
        for similar in self.similar(query, self.holder_count(), weights)? {
            let other = self.holder(similar.holder);
            let to = self.seniority(similar.holder);
            let same_role = current.role.is_some() && current.role == other.role;
            let (step, factor) = match (same_role, current.rank, other.rank) {
                (true, Some(a), Some(b)) if b == a + 1 => (Step::Promotion, 1.0),
                (true, Some(a), Some(b)) if b > a + 1 => (Step::StepUp, 0.5),
                (true, Some(_), Some(_)) => continue,
                _ => match (from, to) {
                    (Some(x), Some(y)) if y - x > LARGE_STEP => (Step::StepUp, 0.5),
                    (Some(x), Some(y)) if y - x > LATERAL_BAND => (Step::StepUp, 0.8),
                    (Some(x), Some(y)) if x - y > LATERAL_BAND => continue,
                    _ => (Step::Lateral, 0.6),
                },
            };
            let mine: std::collections::HashSet<_> =
                self.requirements(query).iter().map(|r| r.competency).collect();
            let to_gain = self
                .requirements(similar.holder)
                .iter()
                .map(|r| r.competency)
                .filter(|c| !mine.contains(c))
                .collect();
            let carried: f64 = similar.shared.iter().map(|s| weights.of(&s.query)).sum();
            let transfer = if total_weight > 0.0 {
                carried / total_weight
            } else {
                0.0
            };
            candidates.push(NextRole {
                holder: similar.holder,
                step,
                similarity: similar.score,
                transfer,
                seniority_from: from,
                seniority_to: to,
                score: factor * (transfer + similar.score) / 2.0,
                shared: similar.shared.iter().map(|s| s.competency).collect(),
                to_gain,
            });
        }
        candidates.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.step.cmp(&b.step))
                .then(b.similarity.total_cmp(&a.similarity))
                .then(a.holder.cmp(&b.holder))
        });
        candidates.truncate(k);
        Ok(candidates)
    }
}

/// One row of [`next_roles`]: a plausible next role for one holder of the queried role, named
/// in plain text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextRoleRow {
    /// The holder asked about (one of the levels, for a role with levels).
    pub query: String,
    /// Its name.
    pub query_label: String,
    /// The suggested holder.
    pub role: String,
    /// Its name.
    pub role_label: String,
    /// The role it is a level of, for a role level.
    pub level_of: Option<String>,
    /// That role's name.
    pub level_of_label: Option<String>,
    /// Promotion, step up or lateral.
    pub step: Step,
    /// See [`NextRole::score`].
    pub score: f64,
    /// See [`NextRole::similarity`].
    pub similarity: f64,
    /// See [`NextRole::transfer`].
    pub transfer: f64,
    /// The query holder's seniority, when known.
    pub seniority_from: Option<f64>,
    /// The suggested holder's seniority, when known.
    pub seniority_to: Option<f64>,
    /// How many competencies both need.
    pub shared: usize,
    /// How many competencies the suggested holder needs and the query holder does not.
    pub to_gain: usize,
    /// The shared competencies.
    pub shared_competencies: Vec<String>,
    /// Their names.
    pub shared_competencies_label: Vec<String>,
    /// The competencies to gain.
    pub competencies_to_gain: Vec<String>,
    /// Their names.
    pub competencies_to_gain_label: Vec<String>,
}

impl crate::table::Row for NextRoleRow {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text query,
            text query_label,
            text role,
            text role_label,
            text level_of,
            text level_of_label,
            variant step,
            real score,
            real similarity,
            real transfer,
            real seniority_from,
            real seniority_to,
            count shared,
            count to_gain,
            list shared_competencies,
            list shared_competencies_label,
            list competencies_to_gain,
            list competencies_to_gain_label,
        ]
    }
}

/// Up to `k` plausible next roles ([`RequirementIndex::next_roles`], default [`Weights`]) for each
/// holder the role `role` stands for (named as [`resolve_role`](super::resolve_role) reads names),
/// in the role's level order, each holder's suggestions best first.
pub fn next_roles(graph: &crate::Graph, role: &str, k: usize) -> Result<Vec<NextRoleRow>, AnalysisError> {
    let index = graph.requirement_index()?;
    let query = super::resolve_role(graph.store(), &index, role)?;
    let iris = |ids: &[super::CompetencyId]| -> Vec<String> {
        ids.iter()
            .map(|&c| index.competency(c).iri.as_str().to_owned())
            .collect()
    };
    let names = |ids: &[super::CompetencyId]| -> Vec<String> {
        ids.iter().map(|&c| index.competency_name(c).to_owned()).collect()
    };
    let mut rows = Vec::new();
    for &from in &query.holders {
        for next in index.next_roles(from, k, &Weights::default())? {
            let holder = index.holder(next.holder);
            rows.push(NextRoleRow {
                query: index.holder(from).iri.as_str().to_owned(),
                query_label: index.holder_name(from).to_owned(),
                role: holder.iri.as_str().to_owned(),
                role_label: index.holder_name(next.holder).to_owned(),
                level_of: holder.role.as_ref().map(|r| r.as_str().to_owned()),
                level_of_label: holder.role_label.clone(),
                step: next.step,
                score: next.score,
                similarity: next.similarity,
                transfer: next.transfer,
                seniority_from: next.seniority_from,
                seniority_to: next.seniority_to,
                shared: next.shared.len(),
                to_gain: next.to_gain.len(),
                shared_competencies: iris(&next.shared),
                shared_competencies_label: names(&next.shared),
                competencies_to_gain: iris(&next.to_gain),
                competencies_to_gain_label: names(&next.to_gain),
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testdata::store_of;
    use rstest::rstest;

    const FRAME: &str = r#"
        @prefix wg: <https://w3id.org/workforce-graph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix ex: <http://example.org/> .
        ex:frame a wg:CodingFrame ; skos:prefLabel "Test frame" ; skos:notation "TF" ;
            wg:hasSpecialistAreaScheme ex:areas ; wg:hasSeniorityScale ex:levels .
        ex:g1 a wg:SpecialistAreaGroup ; skos:inScheme ex:areas ; skos:prefLabel "Data group" ; wg:listPosition 1 .
        ex:g2 a wg:SpecialistAreaGroup ; skos:inScheme ex:areas ; skos:prefLabel "Tech group" ; wg:listPosition 2 .
        ex:bi a wg:SpecialistArea ; skos:inScheme ex:areas ; skos:prefLabel "Business Intelligence & Analysis" ;
            wg:abbreviation "BI" ; wg:listPosition 1 ; skos:broader ex:g1 .
        ex:ig a wg:SpecialistArea ; skos:inScheme ex:areas ; skos:prefLabel "Information Governance" ;
            wg:abbreviation "IG" ; wg:listPosition 2 ; skos:broader ex:g1 .
        ex:net a wg:SpecialistArea ; skos:inScheme ex:areas ; skos:prefLabel "Networks" ; wg:listPosition 3 ; skos:broader ex:g2 .
        ex:junior a wg:SeniorityLevel ; skos:inScheme ex:levels ; skos:prefLabel "Standard Role" ; wg:rank 1 .
        ex:manager a wg:SeniorityLevel ; skos:inScheme ex:levels ; skos:prefLabel "Manager" ; wg:rank 2 .
        ex:head a wg:SeniorityLevel ; skos:inScheme ex:levels ; skos:prefLabel "Head of Service" ; wg:rank 3 .
        ex:clinical a wg:SeniorityLevel ; skos:inScheme ex:levels ; skos:prefLabel "Clinical Front Line" .
    "#;

    fn mv(a: &str, b: &str, x: &str, y: &str) -> Move {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Move {
            from_area: some(a),
            to_area: some(b),
            from_level: some(x),
            to_level: some(y),
        }
    }

    #[test]
    fn reads_the_frame_in_order() {
        let frame = CodingFrame::read(&store_of(FRAME), None).unwrap();
        let labels: Vec<&str> = frame.areas.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Business Intelligence & Analysis",
                "Information Governance",
                "Networks"
            ]
        );
        let levels: Vec<&str> = frame.levels.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            levels,
            [
                "Standard Role",
                "Manager",
                "Head of Service",
                "Clinical Front Line"
            ]
        );
        assert_eq!(frame.group_of_area, vec![Some(0), Some(0), Some(1)]);
    }

    #[rstest]
    #[case("BI", 0)]
    #[case("bi", 0)]
    #[case("business intelligence and analysis", 0)]
    #[case("http://example.org/ig", 1)]
    #[case("  Networks ", 2)]
    fn resolves_names(#[case] name: &str, #[case] expected: usize) {
        let frame = CodingFrame::read(&store_of(FRAME), Some("TF")).unwrap();
        assert_eq!(frame.resolve(Axis::Area, name, 0).unwrap(), expected);
    }

    #[test]
    fn unknown_names_fail_with_the_row_and_close_matches() {
        let frame = CodingFrame::read(&store_of(FRAME), None).unwrap();
        let moves = vec![mv("BI", "IG", "", ""), mv("BI", "Netwerks", "", "")];
        let error = career_moves(&frame, &moves, false).unwrap_err();
        match error {
            AnalysisError::UnknownCode {
                row, ref suggestions, ..
            } => {
                assert_eq!(row, 1);
                assert_eq!(suggestions[0].label.as_deref(), Some("Networks"));
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            CodingFrame::read(&store_of(FRAME), Some("nope")),
            Err(AnalysisError::UnknownCodingFrame { .. })
        ));
    }

    #[test]
    fn counts_moves_like_a_hand_count() {
        let frame = CodingFrame::read(&store_of(FRAME), None).unwrap();
        let moves = vec![
            mv("BI", "BI", "Standard Role", "Manager"),
            mv("BI", "IG", "Manager", "Manager"),
            mv("IG", "Networks", "Head of Service", "Manager"),
            mv("Networks", "", "Manager", "Clinical Front Line"),
            mv("", "", "", ""),
        ];
        let result = career_moves(&frame, &moves, false).unwrap();
        assert_eq!(
            result.area_counts,
            vec![vec![1, 1, 0], vec![0, 0, 1], vec![0, 0, 0]]
        );
        assert_eq!(result.moves_with_areas, 3);
        assert_eq!(result.within_area, 1);
        assert_eq!(result.level_counts[0][1], 1);
        assert_eq!(result.level_counts[1][3], 1);
        assert_eq!(
            (
                result.up,
                result.same_level,
                result.down,
                result.moves_with_ranked_levels
            ),
            (1, 1, 1, 3)
        );
        assert_eq!(result.uncoded, 1);
        let grouped = career_moves(&frame, &moves, true).unwrap();
        assert_eq!(grouped.area_counts, vec![vec![2, 1], vec![0, 0]]);
        assert!((grouped.within_area_share().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    }

    const LADDER: &str = r#"
        @prefix wg: <https://w3id.org/workforce-graph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix ex: <http://example.org/> .
        ex:work skos:prefLabel "Working" ; wg:normalisedLevel 0.33 .
        ex:prac skos:prefLabel "Practitioner" ; wg:normalisedLevel 0.67 .
        ex:exp skos:prefLabel "Expert" ; wg:normalisedLevel 1.0 .
        ex:analyst a wg:Role . ex:engineer a wg:Role .
        ex:a1 a wg:RoleLevel ; wg:isLevelOf ex:analyst ; wg:rank 1 ; skos:prefLabel "Junior analyst" .
        ex:a2 a wg:RoleLevel ; wg:isLevelOf ex:analyst ; wg:rank 2 ; skos:prefLabel "Analyst" .
        ex:a3 a wg:RoleLevel ; wg:isLevelOf ex:analyst ; wg:rank 3 ; skos:prefLabel "Lead analyst" .
        ex:e2 a wg:RoleLevel ; wg:isLevelOf ex:engineer ; wg:rank 2 ; skos:prefLabel "Engineer" .
        ex:e0 a wg:RoleLevel ; wg:isLevelOf ex:engineer ; wg:rank 1 ; skos:prefLabel "Junior engineer" .
        [] wg:forRoleLevel ex:a1 ; wg:requiredCompetency ex:s1 ; wg:requiredLevel ex:work .
        [] wg:forRoleLevel ex:a1 ; wg:requiredCompetency ex:s2 ; wg:requiredLevel ex:work .
        [] wg:forRoleLevel ex:a2 ; wg:requiredCompetency ex:s1 ; wg:requiredLevel ex:prac .
        [] wg:forRoleLevel ex:a2 ; wg:requiredCompetency ex:s2 ; wg:requiredLevel ex:prac .
        [] wg:forRoleLevel ex:a2 ; wg:requiredCompetency ex:s3 ; wg:requiredLevel ex:work .
        [] wg:forRoleLevel ex:a3 ; wg:requiredCompetency ex:s1 ; wg:requiredLevel ex:exp .
        [] wg:forRoleLevel ex:a3 ; wg:requiredCompetency ex:s2 ; wg:requiredLevel ex:exp .
        [] wg:forRoleLevel ex:e2 ; wg:requiredCompetency ex:s1 ; wg:requiredLevel ex:prac .
        [] wg:forRoleLevel ex:e2 ; wg:requiredCompetency ex:s4 ; wg:requiredLevel ex:prac .
        [] wg:forRoleLevel ex:e0 ; wg:requiredCompetency ex:s1 ; wg:requiredLevel ex:work .
    "#;

    /// Each move's codes as IRIs, whether it stays in its area and how many ranks it climbs
    /// (none when a level is off the ladder or missing).
    #[test]
    fn coded_moves_name_the_codes_and_the_step() {
        let frame = CodingFrame::read(&store_of(FRAME), None).unwrap();
        let moves = vec![
            mv("BI", "BI", "Standard Role", "Head of Service"),
            mv("BI", "IG", "Head of Service", "Manager"),
            mv("Networks", "", "Manager", "Clinical Front Line"),
            mv("", "", "", ""),
        ];
        let result = career_moves(&frame, &moves, false).unwrap();
        let ex = |local: &str| format!("http://example.org/{local}");
        let (bi, ig, net) = (ex("bi"), ex("ig"), ex("net"));
        let (junior, manager, head) = (ex("junior"), ex("manager"), ex("head"));
        let summary: Vec<_> = result
            .moves()
            .iter()
            .map(|m| {
                (
                    m.from_area,
                    m.to_area,
                    m.from_level,
                    m.same_area,
                    m.seniority_change,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    Some(bi.as_str()),
                    Some(bi.as_str()),
                    Some(junior.as_str()),
                    Some(true),
                    Some(2)
                ),
                (
                    Some(bi.as_str()),
                    Some(ig.as_str()),
                    Some(head.as_str()),
                    Some(false),
                    Some(-1)
                ),
                (Some(net.as_str()), None, Some(manager.as_str()), None, None),
                (None, None, None, None, None),
            ]
        );
        assert_eq!(result.moves()[2].to_level, Some(ex("clinical").as_str()));
    }

    /// The table names the query, the suggestion, its role and the competencies, in the order of
    /// the index's suggestions.
    #[test]
    fn next_roles_rows_name_the_suggestions() {
        let graph = crate::analysis::testdata::graph_of(LADDER);
        let rows = next_roles(&graph, "Junior analyst", 10).unwrap();
        let index = graph.requirement_index().unwrap();
        let a1 = index.resolve_holder("Junior analyst").unwrap();
        let expected = index.next_roles(a1, 10, &Weights::default()).unwrap();
        assert_eq!(rows.len(), expected.len());
        let first = &rows[0];
        assert_eq!(
            (
                first.query.as_str(),
                first.query_label.as_str(),
                first.role_label.as_str()
            ),
            ("http://example.org/a1", "Junior analyst", "Analyst")
        );
        assert_eq!(first.step, Step::Promotion);
        assert_eq!(first.level_of.as_deref(), Some("http://example.org/analyst"));
        assert_eq!(first.level_of_label, None, "the analyst role has no label");
        assert_eq!((first.shared, first.to_gain), (2, 1));
        assert_eq!(first.competencies_to_gain, ["http://example.org/s3"]);
        assert_eq!(first.competencies_to_gain_label, ["http://example.org/s3"]);
        let mut shared = first.shared_competencies.clone();
        shared.sort();
        assert_eq!(shared, ["http://example.org/s1", "http://example.org/s2"]);
        for (row, next) in rows.iter().zip(&expected) {
            assert_eq!(row.role, index.holder(next.holder).iri.as_str());
            assert_eq!((row.score, row.step), (next.score, next.step));
        }
        // A role with levels asks for each of its levels, in rank order.
        let queries: Vec<String> = next_roles(&graph, "http://example.org/analyst", 1)
            .unwrap()
            .into_iter()
            .map(|r| r.query_label)
            .collect();
        assert_eq!(queries.first().map(String::as_str), Some("Junior analyst"));
        assert!(queries.windows(2).all(|w| w[0] != w[1]), "{queries:?}");
    }

    #[test]
    fn next_roles_prefer_the_next_rung_and_never_step_down() {
        let index = RequirementIndex::build(&store_of(LADDER)).unwrap();
        let a1 = index.resolve_holder("Junior analyst").unwrap();
        let next = index.next_roles(a1, 10, &Weights::default()).unwrap();
        let names: Vec<&str> = next.iter().map(|n| index.holder_name(n.holder)).collect();
        assert_eq!(names[0], "Analyst");
        assert_eq!(next[0].step, Step::Promotion);
        assert_eq!(index.competency_name(next[0].to_gain[0]), "http://example.org/s3");
        // Junior engineer is at the same seniority (lateral); the engineer and the lead analyst are step-ups.
        let steps: BTreeMap<&str, Step> = next
            .iter()
            .map(|n| (index.holder_name(n.holder), n.step))
            .collect();
        assert_eq!(steps["Junior engineer"], Step::Lateral);
        assert_eq!(steps["Engineer"], Step::StepUp);
        assert_eq!(steps["Lead analyst"], Step::StepUp);

        let a3 = index.resolve_holder("Lead analyst").unwrap();
        let from_top: Vec<&str> = index
            .next_roles(a3, 10, &Weights::default())
            .unwrap()
            .iter()
            .map(|n| index.holder_name(n.holder))
            .collect();
        assert!(
            !from_top.contains(&"Analyst") && !from_top.contains(&"Junior analyst"),
            "{from_top:?}"
        );
        assert!(
            !from_top.contains(&"Engineer"),
            "a lower seniority is a step down: {from_top:?}"
        );
    }

    #[test]
    fn a_holder_without_requirements_has_no_next_roles() {
        let index = RequirementIndex::build(&store_of(&format!(
            "{LADDER} <http://example.org/lonely> a <https://w3id.org/workforce-graph/ontology#RoleLevel> ."
        )))
        .unwrap();
        let lonely = index.resolve_holder("http://example.org/lonely").unwrap();
        assert!(index
            .next_roles(lonely, 5, &Weights::default())
            .unwrap()
            .is_empty());
        assert_eq!(index.seniority(lonely), None);
    }
}
