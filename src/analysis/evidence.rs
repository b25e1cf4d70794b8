//! Where the evidence is thin: topics, specialist areas and frameworks that no publication
//! concerns, or that only publications older than a given year concern.

use super::AnalysisError;
use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the evidence on one item looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStatus {
    /// No publication concerns the item.
    NoEvidence,
    /// Publications concern the item, none is known to be from the cut-off year or later, and
    /// some have no year: the graph cannot tell whether the evidence is recent.
    Undated,
    /// Publications concern the item, all dated, none from the cut-off year or later.
    OnlyOlder,
    /// At least one publication from the cut-off year or later (or any publication, when no
    /// cut-off is given).
    Evidenced,
}

/// One topic, specialist area or framework and the publications that concern it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceItem {
    /// `"topic"`, `"specialist_area"` or `"framework"`.
    pub kind: &'static str,
    /// The item's IRI.
    pub item: String,
    /// Its preferred label.
    pub label: Option<String>,
    /// The verdict.
    pub status: EvidenceStatus,
    /// Publications concerning it (directly, through `wg:concerns` or a sub-property).
    pub publications: usize,
    /// Of those, how many are from the cut-off year or later.
    pub recent: usize,
    /// Of those, how many have no year (neither their own nor, for the framework's own document,
    /// the framework's).
    pub undated: usize,
    /// The item's own year (`wg:year`), for a framework.
    pub own_year: Option<i64>,
    /// The most recent publication year, when any publication has one.
    pub latest_year: Option<i64>,
    /// Titles of the concerning publications, newest first, so the answer can be checked.
    pub evidence: Vec<String>,
}

/// Counts are `int64` and years nullable whole numbers, also when a column has no value at all.
impl crate::table::Row for EvidenceItem {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text kind,
            text item,
            text label,
            variant status,
            count publications,
            count recent,
            count undated,
            whole own_year,
            whole latest_year,
            list evidence,
        ]
    }
}

const KINDS: [(&str, &str); 3] = [
    ("topic", "Topic"),
    ("specialist_area", "SpecialistArea"),
    ("framework", "Framework"),
];

/// [`evidence_coverage`] without the evidenced items unless `include_covered`: the topics,
/// specialist areas and frameworks whose evidence is missing, undated or only older than `since`.
pub fn evidence_gaps(
    store: &Store,
    since: Option<i64>,
    include_covered: bool,
) -> Result<Vec<EvidenceItem>, AnalysisError> {
    let mut rows = evidence_coverage(store, since)?;
    if !include_covered {
        rows.retain(|row| row.status != EvidenceStatus::Evidenced);
    }
    Ok(rows)
}

/// Every topic (`wg:Topic`), specialist area (`wg:SpecialistArea`) and framework (`wg:Framework`)
/// in the default graph with the publications (`wg:Publication`) that concern it through
/// `wg:concerns` or one of its sub-properties (`wg:concernsTopic`, `wg:concernsFramework`, ...),
/// each with a status: no evidence, evidence without a year (none known to be recent), only
/// evidence older than `since` (a year), or evidenced. A publication without a year of its own
/// that a framework cites as its source (`dcterms:source`: the framework's own document) takes
/// the framework's `wg:year`. Sorted by status (gaps first), kind and label.
pub fn evidence_coverage(store: &Store, since: Option<i64>) -> Result<Vec<EvidenceItem>, AnalysisError> {
    let query = concat!(
        crate::vocab::sparql_prefix_lines!(wg, skos, rdfs, dcterms),
        r#"
        SELECT ?item ?class ?label ?own_year ?publication ?title ?year ?own_document WHERE {
          VALUES ?class { wg:Topic wg:SpecialistArea wg:Framework }
          ?item a ?class .
          FILTER(isIRI(?item))
          OPTIONAL { ?item skos:prefLabel ?label FILTER(LANG(?label) = "en" || LANG(?label) = "") }
          OPTIONAL { ?item wg:year ?own_year }
          OPTIONAL {
            # Not `rdfs:subPropertyOf*`: its zero-length step only matches wg:concerns when the
            # graph says something about wg:concerns itself, which a user's graph may not.
            { ?publication wg:concerns ?item }
            UNION { ?publication ?concerns ?item . ?concerns rdfs:subPropertyOf+ wg:concerns }
            ?publication a wg:Publication .
            OPTIONAL { ?publication dcterms:title ?title }
            OPTIONAL { ?publication wg:year ?year }
            OPTIONAL { ?item dcterms:source ?publication . BIND(true AS ?own_document) }
          }
        }"#
    );
    let results = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| AnalysisError::Query(e.to_string()))?
        .on_store(store)
        .execute()
        .map_err(|e| AnalysisError::Query(e.to_string()))?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(AnalysisError::Query("expected solutions".to_owned()));
    };

    struct Gathered {
        kind: &'static str,
        label: Option<String>,
        own_year: Option<i64>,
        /// Per publication: year, title, whether the year is the framework's.
        publications: BTreeMap<String, (Option<i64>, String, bool)>,
    }
    let year_of = |term: Option<&Term>| match term {
        Some(Term::Literal(year)) => year.value().parse::<i64>().ok(),
        _ => None,
    };
    let mut items: BTreeMap<String, Gathered> = BTreeMap::new();
    for solution in solutions {
        let solution = solution.map_err(|e| AnalysisError::Query(e.to_string()))?;
        let Some(Term::NamedNode(item)) = solution.get("item") else {
            continue;
        };
        let Some(Term::NamedNode(class)) = solution.get("class") else {
            continue;
        };
        let kind = KINDS
            .iter()
            .find(|(_, local)| class.as_str().strip_prefix(super::vocab::WG) == Some(*local))
            .map_or("other", |(kind, _)| *kind);
        let entry = items.entry(item.as_str().to_owned()).or_insert_with(|| Gathered {
            kind,
            label: None,
            own_year: None,
            publications: BTreeMap::new(),
        });
        entry.own_year = entry.own_year.max(year_of(solution.get("own_year")));
        if let (None, Some(Term::Literal(label))) = (&entry.label, solution.get("label")) {
            entry.label = Some(label.value().to_owned());
        }
        if let Some(publication) = solution.get("publication") {
            let mut year = year_of(solution.get("year"));
            // The framework's own document, undated in the listing, is as old as the framework.
            let inherited =
                year.is_none() && solution.get("own_document").is_some() && entry.own_year.is_some();
            if inherited {
                year = entry.own_year;
            }
            let title = match solution.get("title") {
                Some(Term::Literal(title)) => title.value().to_owned(),
                _ => publication.to_string(),
            };
            let slot = entry
                .publications
                .entry(publication.to_string())
                .or_insert((year, title, inherited));
            if year > slot.0 {
                slot.0 = year;
                slot.2 = inherited;
            }
        }
    }

    let mut rows: Vec<EvidenceItem> = items
        .into_iter()
        .map(|(item, gathered)| {
            let years: Vec<Option<i64>> = gathered.publications.values().map(|(year, _, _)| *year).collect();
            let undated = years.iter().filter(|y| y.is_none()).count();
            let recent = match since {
                Some(cut_off) => years
                    .iter()
                    .filter(|year| year.is_some_and(|y| y >= cut_off))
                    .count(),
                None => years.len(),
            };
            let status = if years.is_empty() {
                EvidenceStatus::NoEvidence
            } else if recent == 0 && undated > 0 {
                EvidenceStatus::Undated
            } else if recent == 0 {
                EvidenceStatus::OnlyOlder
            } else {
                EvidenceStatus::Evidenced
            };
            let mut evidence: Vec<(Option<i64>, String, bool)> =
                gathered.publications.into_values().collect();
            evidence.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            EvidenceItem {
                kind: gathered.kind,
                item,
                label: gathered.label,
                status,
                publications: years.len(),
                recent,
                undated,
                own_year: gathered.own_year,
                latest_year: years.iter().flatten().max().copied(),
                evidence: evidence
                    .into_iter()
                    .map(|(year, title, inherited)| match year {
                        Some(year) if inherited => {
                            format!("{title} ({year}, the framework's year)")
                        }
                        Some(year) => format!("{title} ({year})"),
                        None => format!("{title} (undated)"),
                    })
                    .collect(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.status, a.kind, a.label.as_deref().unwrap_or(&a.item)).cmp(&(
            b.status,
            b.kind,
            b.label.as_deref().unwrap_or(&b.item),
        ))
    });
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testdata::store_of;
    use rstest::rstest;

    const DATA: &str = r#"
        @prefix wg: <https://w3id.org/workforce-graph/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix ex: <http://example.org/> .
        wg:concernsTopic rdfs:subPropertyOf wg:concerns .
        ex:old a wg:Publication ; dcterms:title "Old" ; wg:year 2012 ; wg:concernsTopic ex:t1 ; wg:concerns ex:area .
        ex:new a wg:Publication ; dcterms:title "New" ; wg:year 2024 ; wg:concernsTopic ex:t1 .
        ex:undated a wg:Publication ; dcterms:title "Undated" ; wg:concerns ex:fw .
        ex:fwdoc a wg:Publication ; dcterms:title "Framework document" ; wg:concerns ex:fw2 .
        ex:fw2 a wg:Framework ; skos:prefLabel "Dated framework"@en ; wg:year 2023 ; dcterms:source ex:fwdoc .
        ex:oldfw a wg:Framework ; skos:prefLabel "Old framework"@en ; wg:year 2015 ; dcterms:source ex:fwdoc .
        ex:notapub wg:concerns ex:t2 .
        ex:t1 a wg:Topic ; skos:prefLabel "One"@en .
        ex:t2 a wg:Topic ; skos:prefLabel "Two"@en .
        ex:area a wg:SpecialistArea ; skos:prefLabel "Area"@en .
        ex:fw a wg:Framework ; skos:prefLabel "Framework"@en .
    "#;

    fn status_of(rows: &[EvidenceItem], label: &str) -> (EvidenceStatus, usize, usize, Option<i64>) {
        let row = rows
            .iter()
            .find(|r| r.label.as_deref() == Some(label))
            .expect("row present");
        (row.status, row.publications, row.recent, row.latest_year)
    }

    #[rstest]
    #[case(None, "One", (EvidenceStatus::Evidenced, 2, 2, Some(2024)))]
    #[case(Some(2020), "One", (EvidenceStatus::Evidenced, 2, 1, Some(2024)))]
    #[case(Some(2025), "One", (EvidenceStatus::OnlyOlder, 2, 0, Some(2024)))]
    #[case(Some(2020), "Area", (EvidenceStatus::OnlyOlder, 1, 0, Some(2012)))]
    #[case(None, "Area", (EvidenceStatus::Evidenced, 1, 1, Some(2012)))]
    #[case(Some(2020), "Framework", (EvidenceStatus::Undated, 1, 0, None))]
    #[case(Some(2020), "Dated framework", (EvidenceStatus::Evidenced, 1, 1, Some(2023)))]
    #[case(Some(2025), "Dated framework", (EvidenceStatus::OnlyOlder, 1, 0, Some(2023)))]
    #[case(Some(2020), "Old framework", (EvidenceStatus::NoEvidence, 0, 0, None))]
    #[case(None, "Two", (EvidenceStatus::NoEvidence, 0, 0, None))]
    fn statuses(
        #[case] since: Option<i64>,
        #[case] label: &str,
        #[case] expected: (EvidenceStatus, usize, usize, Option<i64>),
    ) {
        let rows = evidence_coverage(&store_of(DATA), since).unwrap();
        assert_eq!(rows.len(), 6);
        assert_eq!(status_of(&rows, label), expected);
    }

    #[rstest]
    #[case::gaps_only(false, &["Old framework", "Two", "Framework", "Area"])]
    #[case::with_covered(true, &["Old framework", "Two", "Framework", "Area", "Dated framework", "One"])]
    fn evidence_gaps_leave_out_the_evidenced_unless_asked(
        #[case] include_covered: bool,
        #[case] labels: &[&str],
    ) {
        let store = store_of(DATA);
        let rows = evidence_gaps(&store, Some(2020), include_covered).unwrap();
        let got: Vec<&str> = rows.iter().filter_map(|r| r.label.as_deref()).collect();
        assert_eq!(got, labels);
        if include_covered {
            assert_eq!(rows, evidence_coverage(&store, Some(2020)).unwrap());
        }
    }

    #[test]
    fn gaps_come_first_and_evidence_is_listed_newest_first() {
        let rows = evidence_coverage(&store_of(DATA), Some(2020)).unwrap();
        let gaps: Vec<&str> = rows.iter().take(2).filter_map(|r| r.label.as_deref()).collect();
        assert_eq!(
            gaps,
            ["Old framework", "Two"],
            "no evidence first, then by kind and label"
        );
        let one = rows.iter().find(|r| r.label.as_deref() == Some("One")).unwrap();
        assert_eq!(
            one.evidence,
            vec!["New (2024)".to_owned(), "Old (2012)".to_owned()]
        );
        assert_eq!(one.kind, "topic");
        let framework = rows
            .iter()
            .find(|r| r.label.as_deref() == Some("Framework"))
            .unwrap();
        assert_eq!(
            (framework.undated, framework.evidence.as_slice()),
            (1, &["Undated (undated)".to_owned()][..])
        );
        let dated = rows
            .iter()
            .find(|r| r.label.as_deref() == Some("Dated framework"))
            .unwrap();
        assert_eq!(
            dated.evidence,
            ["Framework document (2023, the framework's year)"]
        );
        assert_eq!((dated.own_year, dated.undated), (Some(2023), 0));
    }
}
