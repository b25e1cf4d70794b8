//! Job-title coding: free-text job titles placed on a coding frame's two axes (specialist area and
//! seniority level) from the words the graph curates for each code.
//!
//! Every cue is data: a code's preferred, alternative and hidden labels, its `wg:abbreviation`s
//! and notations are its cues; `wg:fallbackLabel`s are cues that count only when no other code of
//! that axis is cued; the frame's `wg:unmarkedLevel` is the level of a coded title without any
//! seniority cue. The code here only tokenises, matches phrases and scores:
//!
//! - A title is split into words by the library's one rule ([`crate::text::words`]: `&` between
//!   two letters stays inside the word, `IM&T`, `A&E`), lowercased, a lone `&` reads as `and`, and
//!   plurals are made singular ([`crate::text::singular`]), so `Records` matches `record` and
//!   `Policies` matches `policy`. Words after a lone `to` are left out: they name whom the post
//!   serves (`Secretary to the Medical Director`).
//! - Every cue phrase found in the title is a match; a match inside a longer match on the same axis
//!   is dropped (`director` inside `assistant director`). A match weighs its number of words, so an
//!   abbreviation weighs one.
//! - Specialist area: a job title's head noun comes last (`EPR Trainer` is a trainer), so the last
//!   match weighs double. Seniority: the marker comes first (`Senior Project Manager`), so the first
//!   match weighs double. Each code scores the sum of its matches; the best wins (a tie goes to the
//!   later match for areas, the earlier for seniority), with the confidence of its share of all the
//!   scores on that axis. Below `min_confidence` the title stays uncoded, with the reason.

use crate::analysis::{AnalysisError, Code, CodingFrame};
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::HashMap;

/// Why job titles could not be coded at all.
#[derive(Debug, thiserror::Error)]
pub enum CodingError {
    /// The coding frame is unknown (or several are in the graph and none was named).
    #[error(transparent)]
    Frame(#[from] AnalysisError),
    /// Reading the frame's cues failed.
    #[error("query failed: {0}")]
    Query(String),
    /// A confidence threshold outside 0 to 1.
    #[error("min_confidence must be between 0 and 1, got {0}")]
    InvalidConfidence(f64),
}

/// How a cue was written in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueKind {
    /// A label, abbreviation or notation: counts whenever it is found.
    Regular,
    /// A `wg:fallbackLabel`: counts only when no regular cue of the axis is found.
    Fallback,
}

/// The cue phrases of one axis: token sequence to the codes it names.
#[derive(Debug, Default)]
struct Cues {
    phrases: HashMap<Vec<String>, Vec<(usize, CueKind)>>,
    longest: usize,
}

impl Cues {
    fn add(&mut self, phrase: &str, code: usize, kind: CueKind) {
        let tokens: Vec<String> = tokenise(phrase).into_iter().map(|t| t.norm).collect();
        if tokens.is_empty() {
            return;
        }
        self.longest = self.longest.max(tokens.len());
        let entry = self.phrases.entry(tokens).or_default();
        if !entry.contains(&(code, kind)) {
            entry.push((code, kind));
        }
    }
}

/// One token of a title: its normalised form and where it is in the title (byte offsets).
#[derive(Debug, Clone, PartialEq)]
struct Token {
    norm: String,
    start: usize,
    end: usize,
}

/// The words of a title ([`crate::text::words`]), lowercased, a lone `&` as `and`, and plurals
/// made singular ([`crate::text::singular`]).
fn tokenise(text: &str) -> Vec<Token> {
    crate::text::words(text)
        .into_iter()
        .map(|word| Token {
            norm: if word.text == "&" {
                "and".to_owned()
            } else {
                crate::text::singular(&word.text.to_lowercase())
            },
            start: word.start,
            end: word.end,
        })
        .collect()
}

/// A code chosen on one axis, or the reason none was.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The index of the code (into [`TitleCoder::areas`] or [`TitleCoder::levels`]).
    pub code: Option<usize>,
    /// The winning code's share of the scores on this axis (0 when nothing matched).
    pub confidence: f64,
    /// The words of the title that cued the winning code (or, when uncoded, every cued word).
    pub words: Vec<String>,
    /// Why the title is uncoded on this axis; `None` when it is coded.
    pub reason: Option<String>,
}

/// A job title coded on both axes.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedTitle {
    /// Its specialist area.
    pub area: Decision,
    /// Its seniority level.
    pub seniority: Decision,
}

/// A match of a cue phrase in a title.
#[derive(Debug, Clone)]
struct Match {
    first: usize,
    last: usize,
    codes: Vec<(usize, CueKind)>,
}

/// Codes job titles on one coding frame; build it once with [`TitleCoder::read`], then call
/// [`TitleCoder::code`] for each title.
#[derive(Debug)]
pub struct TitleCoder {
    /// The frame's IRI.
    pub frame: String,
    /// Its specialist areas, in list order.
    pub areas: Vec<Code>,
    /// Its seniority levels, most junior first.
    pub levels: Vec<Code>,
    /// The level of a coded title without seniority cues, if the frame names one.
    pub unmarked_level: Option<usize>,
    area_cues: Cues,
    level_cues: Cues,
}

fn select(store: &Store, query: &str) -> Result<Vec<Vec<Option<Term>>>, CodingError> {
    let results = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| CodingError::Query(e.to_string()))?
        .on_store(store)
        .execute()
        .map_err(|e| CodingError::Query(e.to_string()))?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(CodingError::Query("expected solutions".to_owned()));
    };
    let variables: Vec<_> = solutions.variables().to_vec();
    solutions
        .map(|solution| {
            let solution = solution.map_err(|e| CodingError::Query(e.to_string()))?;
            Ok(variables.iter().map(|v| solution.get(v).cloned()).collect())
        })
        .collect()
}

fn term_text(term: &Option<Term>) -> Option<&str> {
    match term.as_ref()? {
        Term::NamedNode(n) => Some(n.as_str()),
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

impl TitleCoder {
    /// Reads the coding frame `frame` (IRI, label or notation; the only one in the graph when
    /// `None`) and the cues of its codes.
    pub fn read(store: &Store, frame: Option<&str>) -> Result<Self, CodingError> {
        let coding_frame = CodingFrame::read(store, frame)?;
        let frame_term = format!("<{}>", coding_frame.iri);
        let area_index: HashMap<&str, usize> = coding_frame
            .areas
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iri.as_str(), i))
            .collect();
        let level_index: HashMap<&str, usize> = coding_frame
            .levels
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iri.as_str(), i))
            .collect();
        let rows = select(
            store,
            &format!(
                r#"{prefixes}SELECT ?code ?name ?fallback WHERE {{
                     {frame_term} wg:hasSpecialistAreaScheme|wg:hasSeniorityScale ?scheme .
                     ?code skos:inScheme ?scheme .
                     {{ ?code skos:prefLabel|skos:altLabel|skos:hiddenLabel|wg:abbreviation|skos:notation
                          ?name
                        BIND(false AS ?fallback) }}
                     UNION {{ ?code wg:fallbackLabel ?name BIND(true AS ?fallback) }}
                     FILTER(!isLiteral(?name) || LANG(?name) = "" || LANGMATCHES(LANG(?name), "en"))
                   }}"#,
                prefixes = crate::vocab::sparql_prefix_lines!(wg, skos),
            ),
        )?;
        let mut area_cues = Cues::default();
        let mut level_cues = Cues::default();
        for row in &rows {
            let (Some(code), Some(name)) = (term_text(&row[0]), term_text(&row[1])) else {
                continue;
            };
            let kind = if term_text(&row[2]) == Some("true") {
                CueKind::Fallback
            } else {
                CueKind::Regular
            };
            if let Some(&i) = area_index.get(code) {
                area_cues.add(name, i, kind);
            } else if let Some(&i) = level_index.get(code) {
                level_cues.add(name, i, kind);
            }
        }
        let unmarked = select(
            store,
            &format!(
                "{prefixes}SELECT ?level WHERE {{ {frame_term} wg:unmarkedLevel ?level }}",
                prefixes = crate::vocab::sparql_prefix_lines!(wg),
            ),
        )?;
        let unmarked_level = unmarked
            .iter()
            .find_map(|r| level_index.get(term_text(&r[0])?).copied());
        Ok(Self {
            frame: coding_frame.iri,
            areas: coding_frame.areas,
            levels: coding_frame.levels,
            unmarked_level,
            area_cues,
            level_cues,
        })
    }

    /// Codes one title; `min_confidence` (0 to 1) is the share below which an axis stays uncoded.
    pub fn code(&self, title: &str, min_confidence: f64) -> CodedTitle {
        let mut tokens = tokenise(title);
        // Words after a lone "to" name whom the post serves, not the post.
        if let Some(cut) = tokens.iter().skip(1).position(|t| t.norm == "to") {
            tokens.truncate(cut + 1);
        }
        let word = |m: &Match| title[tokens[m.first].start..tokens[m.last].end].to_owned();
        let area_matches = matches(&self.area_cues, &tokens);
        let mut area = decide(&area_matches, Head::Last, min_confidence, &word, self.areas.len());
        let level_matches = matches(&self.level_cues, &tokens);
        let mut seniority = decide(
            &level_matches,
            Head::First,
            min_confidence,
            &word,
            self.levels.len(),
        );
        if tokens.is_empty() {
            area.reason = Some("empty title".to_owned());
            seniority.reason = Some("empty title".to_owned());
        } else if level_matches.is_empty() {
            match (self.unmarked_level, area.code) {
                (Some(level), Some(_)) => {
                    let confidence = area.confidence;
                    seniority = Decision {
                        code: Some(level),
                        confidence,
                        words: Vec::new(),
                        reason: None,
                    };
                }
                _ => {
                    let reason = "no seniority cue, and no specialist area to call it a standard post of";
                    seniority.reason = Some(reason.to_owned());
                }
            }
        }
        if let Some(reason) = area.reason.as_mut() {
            if area_matches.is_empty() && !tokens.is_empty() {
                *reason = "no word of the title names a specialist area".to_owned();
            }
        }
        name_ties(&mut area, &self.areas);
        name_ties(&mut seniority, &self.levels);
        CodedTitle { area, seniority }
    }
}

/// Replaces code indices in a reason with labels (the reason is built without the code list).
fn name_ties(decision: &mut Decision, codes: &[Code]) {
    if let Some(reason) = decision.reason.as_mut() {
        for (i, code) in codes.iter().enumerate().rev() {
            *reason = reason.replace(&format!("#{i}#"), &code.label);
        }
    }
}

/// Every cue phrase found in `tokens`, without those inside a longer match.
fn matches(cues: &Cues, tokens: &[Token]) -> Vec<Match> {
    let mut found: Vec<Match> = Vec::new();
    for first in 0..tokens.len() {
        for len in 1..=cues.longest.min(tokens.len() - first) {
            let key: Vec<String> = tokens[first..first + len]
                .iter()
                .map(|t| t.norm.clone())
                .collect();
            if let Some(codes) = cues.phrases.get(&key) {
                found.push(Match {
                    first,
                    last: first + len - 1,
                    codes: codes.clone(),
                });
            }
        }
    }
    let inside = |a: &Match, b: &Match| {
        b.first <= a.first && a.last <= b.last && (b.last - b.first) > (a.last - a.first)
    };
    let kept: Vec<Match> = found
        .iter()
        .filter(|a| !found.iter().any(|b| inside(a, b)))
        .cloned()
        .collect();
    // Fallback cues count only when no regular cue is found on the axis.
    let any_regular = kept
        .iter()
        .any(|m| m.codes.iter().any(|c| c.1 == CueKind::Regular));
    let wanted = if any_regular {
        CueKind::Regular
    } else {
        CueKind::Fallback
    };
    kept.into_iter()
        .filter_map(|mut m| {
            m.codes.retain(|c| c.1 == wanted);
            (!m.codes.is_empty()).then_some(m)
        })
        .collect()
}

/// Which end of the title carries the deciding word on an axis.
#[derive(Clone, Copy)]
enum Head {
    First,
    Last,
}

fn decide(
    matched: &[Match],
    head: Head,
    min_confidence: f64,
    word: &dyn Fn(&Match) -> String,
    n_codes: usize,
) -> Decision {
    if matched.is_empty() {
        return Decision {
            code: None,
            confidence: 0.0,
            words: Vec::new(),
            reason: Some("no cue".to_owned()),
        };
    }
    let head_index = match head {
        Head::First => matched.iter().map(|m| m.first).min(),
        Head::Last => matched.iter().map(|m| m.last).max(),
    };
    let mut scores = vec![0.0_f64; n_codes];
    // For ties: the position of the code's match nearest the head.
    let mut nearest = vec![None::<usize>; n_codes];
    for m in matched {
        let at_head = match head {
            Head::First => Some(m.first) == head_index,
            Head::Last => Some(m.last) == head_index,
        };
        let weight = (m.last - m.first + 1) as f64 * if at_head { 2.0 } else { 1.0 };
        for &(code, _) in &m.codes {
            scores[code] += weight;
            let position = match head {
                Head::First => usize::MAX - m.first,
                Head::Last => m.last,
            };
            nearest[code] = nearest[code].max(Some(position));
        }
    }
    let total: f64 = scores.iter().sum();
    let best = (0..n_codes)
        .filter(|&c| scores[c] > 0.0)
        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(nearest[a].cmp(&nearest[b])))
        .expect("at least one match");
    let confidence = scores[best] / total;
    let words_of = |code: Option<usize>| -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for m in matched
            .iter()
            .filter(|m| code.is_none_or(|c| m.codes.iter().any(|x| x.0 == c)))
        {
            let w = word(m);
            if !words.contains(&w) {
                words.push(w);
            }
        }
        words
    };
    if confidence + 1e-9 < min_confidence {
        let mut ranked: Vec<usize> = (0..n_codes).filter(|&c| scores[c] > 0.0).collect();
        ranked.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
        let listed: Vec<String> = ranked
            .iter()
            .map(|&c| format!("#{c}# {:.2}", scores[c] / total))
            .collect();
        return Decision {
            code: None,
            confidence,
            words: words_of(None),
            reason: Some(format!(
                "confidence {confidence:.2} below {min_confidence:.2}: {}",
                listed.join(", ")
            )),
        };
    }
    Decision {
        code: Some(best),
        confidence,
        words: words_of(Some(best)),
        reason: None,
    }
}

/// Codes many titles on one frame (`None` for a missing title).
pub fn code_titles(
    coder: &TitleCoder,
    titles: &[Option<String>],
    min_confidence: f64,
) -> Result<Vec<Option<CodedTitle>>, CodingError> {
    if !(0.0..=1.0).contains(&min_confidence) {
        return Err(CodingError::InvalidConfidence(min_confidence));
    }
    Ok(titles
        .iter()
        .map(|t| t.as_deref().map(|t| coder.code(t, min_confidence)))
        .collect())
}

/// One row of [`title_rows`]: a title and its codes on both axes, named in plain text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TitleRow<'a> {
    /// The title as given (`None` when missing).
    pub title: Option<&'a str>,
    /// The specialist area's IRI, when coded.
    pub area: Option<&'a str>,
    /// Its label.
    pub area_label: Option<&'a str>,
    /// The area decision's confidence, to three decimals (`None` for a missing title).
    pub area_confidence: Option<f64>,
    /// The words that cued the area.
    pub area_words: &'a [String],
    /// Why no area was chosen (`missing title` for a missing title).
    pub area_reason: Option<&'a str>,
    /// The seniority level's IRI, when coded.
    pub seniority: Option<&'a str>,
    /// Its label.
    pub seniority_label: Option<&'a str>,
    /// The seniority decision's confidence, to three decimals.
    pub seniority_confidence: Option<f64>,
    /// The words that cued the level.
    pub seniority_words: &'a [String],
    /// Why no level was chosen.
    pub seniority_reason: Option<&'a str>,
}

impl crate::table::Row for TitleRow<'_> {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text title,
            text area,
            text area_label,
            real area_confidence,
            list area_words,
            text area_reason,
            text seniority,
            text seniority_label,
            real seniority_confidence,
            list seniority_words,
            text seniority_reason,
        ]
    }
}

/// The reason given on both axes for a missing title.
const MISSING_TITLE: &str = "missing title";

/// The titles coded by [`code_titles`] (`coded[i]` for `titles[i]`) as rows, in the same order.
pub fn title_rows<'a>(
    coder: &'a TitleCoder,
    titles: &'a [Option<String>],
    coded: &'a [Option<CodedTitle>],
) -> Vec<TitleRow<'a>> {
    // Confidences are shares of cue scores: three decimals say all a reader can use.
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    titles
        .iter()
        .zip(coded)
        .map(|(title, coded)| {
            let title = title.as_deref();
            let Some(coded) = coded else {
                return TitleRow {
                    title,
                    area: None,
                    area_label: None,
                    area_confidence: None,
                    area_words: &[],
                    area_reason: Some(MISSING_TITLE),
                    seniority: None,
                    seniority_label: None,
                    seniority_confidence: None,
                    seniority_words: &[],
                    seniority_reason: Some(MISSING_TITLE),
                };
            };
            let area = coded.area.code.map(|i| &coder.areas[i]);
            let level = coded.seniority.code.map(|i| &coder.levels[i]);
            TitleRow {
                title,
                area: area.map(|c| c.iri.as_str()),
                area_label: area.map(|c| c.label.as_str()),
                area_confidence: Some(round(coded.area.confidence)),
                area_words: &coded.area.words,
                area_reason: coded.area.reason.as_deref(),
                seniority: level.map(|c| c.iri.as_str()),
                seniority_label: level.map(|c| c.label.as_str()),
                seniority_confidence: Some(round(coded.seniority.confidence)),
                seniority_words: &coded.seniority.words,
                seniority_reason: coded.seniority.reason.as_deref(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("Head of IM&T", &["head", "of", "im&t"])]
    #[case("Library & Knowledge Services", &["library", "and", "knowledge", "service"])]
    #[case("A&E Receptionist (Band 3)", &["a&e", "receptionist", "band", "3"])]
    #[case("Children's Records", &["children", "record"])]
    #[case("PAS / EPR", &["pas", "epr"])]
    #[case("Policies & Processes Analysis", &["policy", "and", "process", "analysis"])]
    fn tokenises_titles(#[case] title: &str, #[case] expected: &[&str]) {
        let norms: Vec<String> = tokenise(title).into_iter().map(|t| t.norm).collect();
        assert_eq!(norms, expected);
    }

    fn coder() -> TitleCoder {
        let graph = crate::Graph::bundled().expect("bundled graph");
        TitleCoder::read(graph.store(), None).expect("bundled frame")
    }

    /// Rows keep the titles' order, name the codes, round confidences to three decimals and
    /// give a missing title's reason on both axes.
    #[test]
    fn title_rows_name_the_codes() {
        let coder = coder();
        let titles = vec![Some("Head of Information Governance".to_owned()), None];
        let coded = code_titles(&coder, &titles, 0.5).unwrap();
        let rows = title_rows(&coder, &titles, &coded);
        assert_eq!(rows.len(), 2);
        let head = &rows[0];
        assert_eq!(head.title, Some("Head of Information Governance"));
        assert_eq!(head.area_label, Some("Information Governance & Data Quality"));
        assert_eq!(head.seniority_label, Some("Head of Service"));
        let area = coded[0].as_ref().unwrap().area.code.unwrap();
        assert_eq!(head.area, Some(coder.areas[area].iri.as_str()));
        let confidence = head.area_confidence.unwrap();
        assert_eq!(confidence, (confidence * 1000.0).round() / 1000.0);
        assert!(confidence > 0.5 && head.area_reason.is_none());
        assert_eq!(
            head.area_words,
            ["Information Governance"],
            "the cue phrase as written"
        );
        let missing = &rows[1];
        assert_eq!(
            (missing.title, missing.area, missing.area_confidence),
            (None, None, None)
        );
        assert_eq!(missing.area_reason, Some("missing title"));
        assert_eq!(missing.seniority_reason, Some("missing title"));
        assert!(missing.area_words.is_empty() && missing.seniority_words.is_empty());
    }

    #[rstest]
    #[case(
        "Head of Information Governance",
        "Information Governance & Data Quality",
        "Head of Service"
    )]
    #[case(
        "Senior BI Developer",
        "Business Intelligence & Analysis",
        "Senior or Specialist Role"
    )]
    #[case("IT Project Manager", "Project Management", "Manager")]
    fn codes_titles(#[case] title: &str, #[case] area: &str, #[case] level: &str) {
        let coder = coder();
        let coded = coder.code(title, 0.5);
        assert_eq!(coded.area.code.map(|i| coder.areas[i].label.as_str()), Some(area));
        assert_eq!(
            coded.seniority.code.map(|i| coder.levels[i].label.as_str()),
            Some(level)
        );
    }

    #[test]
    fn leaves_unknown_titles_uncoded_with_a_reason() {
        let coder = coder();
        let coded = coder.code("Astronaut", 0.5);
        assert_eq!(coded.area.code, None);
        assert_eq!(
            coded.area.reason.as_deref(),
            Some("no word of the title names a specialist area")
        );
        assert_eq!(coded.seniority.code, None);
        assert_eq!(coder.code("  ", 0.5).area.reason.as_deref(), Some("empty title"));
    }
}
