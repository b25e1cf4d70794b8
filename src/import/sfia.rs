//! A user's own licensed SFIA download, loaded into the bundled framework node `wgid:framework/sfia`.
//!
//! SFIA's terms do not allow its skills, codes, categories or descriptions to be redistributed, so
//! the bundled graph holds none of them (`ontology/data/licences.ttl`). Registered SFIA users
//! download the framework as an XLSX workbook (or a CSV of its skills sheet); this importer reads
//! that sheet. SFIA 9's skills sheet has one row per skill and these columns: `#`, `Levels` (seven
//! cells under one header, each holding the number of a level at which the skill is defined, or
//! blank), `Code`, `URL`, `Skill`, `Category`, `Subcategory`, `Overall description`,
//! `Guidance notes` and `Level 1 description` ... `Level 7 description`.
//!
//! The sheet is reshaped into the table importer's shape ([`super::table`]): one row per category,
//! per subcategory (its parent: the category) and per skill (id `Code`, label `Skill`, definition
//! `Overall description`, parent: the subcategory), and [`read_table`] does the rest, so the checks,
//! errors (file, line, column) and all-or-nothing behaviour are the table importer's. Items are
//! minted at the IRIs the bundled crosswalks already use: skills `wgid:sfia/skill/{code, lowercase}`,
//! categories `wgid:sfia/skill/{slug(category)}` and subcategories
//! `wgid:sfia/skill/{slug(category)}--{slug(subcategory)}`. Each skill is linked with
//! `wg:definedAtLevel` to the bundled levels of responsibility `wgid:scale/sfia-lor/{n}` named in
//! its `Levels` cells, and with `foaf:page` to its `URL`. Guidance notes and level descriptions are
//! not imported (the report lists them).

use super::table::{
    locate, parse_iri, read_raw, read_table, skos, Col, Columns, ItemIris, ItemKind, RawTable, Row,
    SheetChoice, TableImport, TableSpec,
};
use super::GraphView;
use super::{slug, wg, WGID};
use crate::error::{DataError, DataErrorKind, ImportError};
use crate::text::find_name;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, Term, Triple};
use oxigraph::store::Store;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The bundled SFIA framework node.
pub const FRAMEWORK: &str = crate::vocab::iri!(wgid, "framework/sfia");
/// Where SFIA's skills, categories and subcategories are minted.
pub const SKILL_BASE: &str = crate::vocab::iri!(wgid, "sfia/skill/");
/// The bundled levels of responsibility: `{LEVEL_BASE}{1..7}`.
pub const LEVEL_BASE: &str = crate::vocab::iri!(wgid, "scale/sfia-lor/");
/// What to do when an analysis needs SFIA and the graph holds none of its skills.
pub const NOT_LOADED: &str = "SFIA is not loaded: its licence does not allow the bundle to include its \
                              skills, so load your licensed copy with g.import_sfia(path) (the skills \
                              sheet of SFIA's XLSX download, or a CSV of it)";

/// The columns of SFIA's skills sheet that are read.
pub const CODE: &str = "Code";
/// The skill's name.
pub const SKILL: &str = "Skill";
/// The category's name.
pub const CATEGORY: &str = "Category";
/// The subcategory's name.
pub const SUBCATEGORY: &str = "Subcategory";
/// The skill's overall description (optional).
pub const DESCRIPTION: &str = "Overall description";
/// The skill's page on sfia-online.org (optional).
pub const URL: &str = "URL";
/// The first of the seven level cells (the other six have blank headers).
pub const LEVELS: &str = "Levels";

/// How to read the file: separator of a CSV, sheet of a workbook, and the source to cite.
#[derive(Debug, Clone, Default)]
pub struct SfiaOptions {
    /// Field separator of a text table; sniffed when `None`.
    pub separator: Option<u8>,
    /// The sheet of a workbook; when `None`, the first sheet whose header has `Code` and `Skill`.
    pub sheet: Option<SheetChoice>,
    /// The IRI to cite as `dcterms:source`; the file's `file://` URL when `None`.
    pub source: Option<String>,
}

/// True when the scheme's items are SFIA's and none are loaded: the caller should raise
/// [`NOT_LOADED`].
pub fn is_unloaded(framework: &NamedNode, items: usize) -> bool {
    items == 0 && framework.as_str() == FRAMEWORK
}

/// [`NOT_LOADED`] when `framework` is SFIA's and the graph holds none of its items.
pub fn check_loaded(store: &Store, framework: &NamedNode) -> Result<(), String> {
    if framework.as_str() != FRAMEWORK {
        return Ok(());
    }
    let in_scheme = skos("inScheme");
    let mut items = store.quads_for_pattern(
        None,
        Some(in_scheme.as_ref()),
        Some(framework.as_ref().into()),
        Some(oxigraph::model::GraphNameRef::DefaultGraph),
    );
    if items.next().is_some() {
        Ok(())
    } else {
        Err(NOT_LOADED.to_owned())
    }
}

fn has_columns(table: &RawTable) -> bool {
    [CODE, SKILL]
        .iter()
        .all(|name| find_name(&table.headers, name).is_ok())
}

/// Reads the skills sheet: the CSV, the sheet asked for, or the first sheet with `Code` and `Skill`.
pub fn read_sfia_table(path: &Path, options: &SfiaOptions) -> Result<RawTable, ImportError> {
    let spreadsheet = matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("xlsx" | "xlsm" | "xlsb" | "xls" | "ods")
    );
    if options.sheet.is_some() || !spreadsheet {
        return read_raw(path, options.separator, options.sheet.as_ref());
    }
    let first = read_raw(path, None, Some(&SheetChoice::Index(0)))?;
    if has_columns(&first) {
        return Ok(first);
    }
    for index in 1.. {
        match read_raw(path, None, Some(&SheetChoice::Index(index))) {
            Ok(table) if has_columns(&table) => return Ok(table),
            Ok(_) => continue,
            Err(e) if e.kind() == Some(DataErrorKind::Empty) => continue,
            Err(_) => break,
        }
    }
    Ok(first)
}

fn row_error(path: &Path, line: u64, col: &Col, kind: DataErrorKind, message: String) -> ImportError {
    col.error(path, line, kind, message)
}

/// The level cells: the column headed `Levels` and the blank-headed columns after it (at most 7).
fn level_columns(table: &RawTable) -> Vec<Col> {
    let Ok(start) = find_name(&table.headers, LEVELS) else {
        return Vec::new();
    };
    let mut columns = vec![start];
    while columns.len() < 7 {
        let next = columns[columns.len() - 1] + 1;
        if next < table.headers.len() && table.headers[next].is_empty() {
            columns.push(next);
        } else {
            break;
        }
    }
    columns
        .into_iter()
        .map(|index| Col {
            index,
            header: LEVELS.to_owned(),
            offset: table.offsets[index],
        })
        .collect()
}

/// Reads and checks an SFIA skills sheet against the graph, and returns the triples it adds.
pub fn read_sfia(
    view: &GraphView<'_>,
    path: &Path,
    table: &RawTable,
    options: &SfiaOptions,
    progress: &mut dyn FnMut(usize),
) -> Result<TableImport, ImportError> {
    let required = |name: &str| -> Result<Col, ImportError> {
        Ok(locate(table, path, Some(name))?.expect("a named column is found or an error"))
    };
    // Optional columns by the same lookup as required ones ([`locate`]).
    let optional = |name: &str| find_name(&table.headers, name).is_ok();
    let (code_c, skill_c, category_c, subcategory_c) = (
        required(CODE)?,
        required(SKILL)?,
        required(CATEGORY)?,
        required(SUBCATEGORY)?,
    );
    let description_c = if optional(DESCRIPTION) {
        locate(table, path, Some(DESCRIPTION))?
    } else {
        None
    };
    let url_c = if optional(URL) {
        locate(table, path, Some(URL))?
    } else {
        None
    };
    let level_cs = level_columns(table);
    let cell = |row: Row<'_>, col: &Col| -> Option<String> {
        Some(row.get(col.index).trim())
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
    };

    // The table importer's shape: id, label, definition, parent; one row per category,
    // subcategory and skill, each at the line of the row it comes from.
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    let mut categories: BTreeMap<String, String> = BTreeMap::new();
    let mut subcategories: BTreeMap<String, String> = BTreeMap::new();
    let mut levels: Vec<(String, u8)> = Vec::new();
    let mut pages: Vec<(String, NamedNode)> = Vec::new();
    let mut skills = 0;
    for (line, row) in table.rows() {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let code = cell(row, &code_c).ok_or_else(|| {
            row_error(
                path,
                line,
                &code_c,
                DataErrorKind::MissingValue,
                "no skill code".to_owned(),
            )
        })?;
        let named = |col: &Col, what: &str| -> Result<(String, String), ImportError> {
            let name = cell(row, col).ok_or_else(|| {
                row_error(
                    path,
                    line,
                    col,
                    DataErrorKind::MissingValue,
                    format!("no {what} for skill {code:?}"),
                )
            })?;
            let id = slug(&name);
            if id.is_empty() {
                return Err(row_error(
                    path,
                    line,
                    col,
                    DataErrorKind::InvalidValue,
                    format!("{what} {name:?} needs at least one letter or digit"),
                ));
            }
            Ok((id, name))
        };
        let (category_id, category) = named(&category_c, "category")?;
        let (sub_slug, subcategory) = named(&subcategory_c, "subcategory")?;
        let subcategory_id = format!("{category_id}--{sub_slug}");
        if !categories.contains_key(&category_id) {
            categories.insert(category_id.clone(), category.clone());
            rows.push((
                line,
                vec![category_id.clone(), category, String::new(), String::new()],
            ));
        }
        if !subcategories.contains_key(&subcategory_id) {
            subcategories.insert(subcategory_id.clone(), subcategory.clone());
            rows.push((
                line,
                vec![
                    subcategory_id.clone(),
                    subcategory,
                    String::new(),
                    category_id.clone(),
                ],
            ));
        }
        let description = description_c
            .as_ref()
            .and_then(|c| cell(row, c))
            .unwrap_or_default();
        let name = cell(row, &skill_c).unwrap_or_default();
        rows.push((line, vec![code.clone(), name, description, subcategory_id]));
        skills += 1;
        for col in &level_cs {
            if let Some(text) = cell(row, col) {
                match text.parse::<u8>() {
                    Ok(level @ 1..=7) => levels.push((code.clone(), level)),
                    _ => {
                        return Err(row_error(
                            path,
                            line,
                            col,
                            DataErrorKind::InvalidValue,
                            format!("level {text:?} of skill {code:?} is not a number from 1 to 7"),
                        ))
                    }
                }
            }
        }
        if let Some(url) = url_c.as_ref().and_then(|c| cell(row, c)) {
            match parse_iri(&url) {
                Some(page) => pages.push((code.clone(), page)),
                None => {
                    let col = url_c.as_ref().expect("a value implies the column");
                    return Err(row_error(
                        path,
                        line,
                        col,
                        DataErrorKind::InvalidValue,
                        format!("{url:?} is not a URL"),
                    ));
                }
            }
        }
    }
    if skills == 0 {
        return Err(
            DataError::new(DataErrorKind::Empty, path, "the sheet has no skill rows")
                .at_line(table.header_line)
                .into(),
        );
    }
    let description_header = description_c
        .as_ref()
        .map_or(DESCRIPTION.to_owned(), |c| c.header.clone());
    let reshaped = RawTable::from_rows(
        table.header_line,
        vec![
            code_c.header.clone(),
            skill_c.header.clone(),
            description_header.clone(),
            subcategory_c.header.clone(),
        ],
        vec![
            code_c.offset,
            skill_c.offset,
            description_c.as_ref().map_or(0, |c| c.offset),
            subcategory_c.offset,
        ],
        rows,
    );
    let framework = NamedNode::new_unchecked(FRAMEWORK);
    let existed = view.store.contains(oxigraph::model::QuadRef::new(
        framework.as_ref(),
        rdf::TYPE,
        wg("Framework").as_ref(),
        oxigraph::model::GraphNameRef::DefaultGraph,
    ))?;
    let spec = TableSpec {
        framework: FRAMEWORK.to_owned(),
        columns: Columns {
            id: code_c.header.clone(),
            label: skill_c.header.clone(),
            definition: description_c.as_ref().map(|_| description_header),
            parent: Some(subcategory_c.header.clone()),
            ..Columns::default()
        },
        kind: ItemKind::Competency,
        separator: None,
        sheet: None,
        na_values: Vec::new(),
        list_separator: "|".to_owned(),
        source: options.source.clone(),
        publisher: (!existed).then(|| "SFIA Foundation".to_owned()),
        notation: (!existed).then(|| "SFIA".to_owned()),
        levels: None,
        competency_framework: None,
        language: "en".to_owned(),
        item_iris: Some(ItemIris {
            base: SKILL_BASE.to_owned(),
            lowercase: true,
        }),
    };
    let mut import = read_table(view, path, &reshaped, &spec, progress)?;

    // Categories and subcategories are grouping areas without codes of their own.
    let rule = spec.item_iris.as_ref().expect("set above");
    let areas: HashSet<NamedNode> = categories
        .keys()
        .chain(subcategories.keys())
        .map(|id| rule.iri(id))
        .collect();
    let notation = skos("notation");
    import.triples.retain(|t| {
        !(t.predicate == notation
            && matches!(&t.subject, oxigraph::model::NamedOrBlankNode::NamedNode(n) if areas.contains(n)))
    });
    if !existed {
        let label = skos("prefLabel");
        let subject = oxigraph::model::NamedOrBlankNode::from(framework.clone());
        import
            .triples
            .retain(|t| !(t.predicate == label && t.subject == subject));
        import.triples.push(Triple::new(
            framework.clone(),
            label,
            Term::from(oxigraph::model::Literal::new_language_tagged_literal_unchecked(
                "Skills Framework for the Information Age (SFIA)",
                "en",
            )),
        ));
    }
    for area in &areas {
        import.triples.push(Triple::new(
            area.clone(),
            rdf::TYPE.into_owned(),
            wg("CompetencyArea"),
        ));
    }
    for id in categories.keys() {
        import
            .triples
            .push(Triple::new(rule.iri(id), skos("topConceptOf"), framework.clone()));
    }
    for (code, level) in &levels {
        let level = NamedNode::new_unchecked(format!("{LEVEL_BASE}{level}"));
        import
            .triples
            .push(Triple::new(rule.iri(code), wg("definedAtLevel"), level));
    }
    let page = crate::vocab::foaf::PAGE.into_owned();
    for (code, url) in &pages {
        import
            .triples
            .push(Triple::new(rule.iri(code), page.clone(), url.clone()));
    }

    let report = &mut import.report;
    report.added.remove("competencies");
    report.added.insert("categories".into(), categories.len());
    report.added.insert("subcategories".into(), subcategories.len());
    report.added.insert("skills".into(), skills);
    report.added.insert("skill levels".into(), levels.len());
    let used: HashSet<usize> = [
        Some(&code_c),
        Some(&skill_c),
        Some(&category_c),
        Some(&subcategory_c),
    ]
    .into_iter()
    .chain([description_c.as_ref(), url_c.as_ref()])
    .flatten()
    .map(|c| c.index)
    .chain(level_cs.iter().map(|c| c.index))
    .collect();
    let skipped: Vec<String> = table
        .headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !used.contains(i) && !h.is_empty() && h.as_str() != "#")
        .map(|(_, h)| format!("{h:?}"))
        .collect();
    if !skipped.is_empty() {
        report
            .notes
            .push(format!("columns not imported: {}", skipped.join(", ")));
    }
    report.triples = import.triples.len();
    Ok(import)
}

/// The IRI of an SFIA skill, category or subcategory id as the importer mints it.
pub fn skill_iri(id: &str) -> NamedNode {
    NamedNode::new_unchecked(format!(
        "{WGID}sfia/skill/{}",
        super::table::encode_segment(&id.to_lowercase())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::located;
    use crate::import::table::first_literal;
    use crate::Graph;

    /// A clearly synthetic sheet in SFIA 9's column layout: invented names and descriptions.
    const SHEET: &str =
        "#,Levels,,,,,,,Code,URL,Skill,Category,Subcategory,Overall description,Guidance notes,\
Level 1 description\n\
1,,,3,4,5,,,DATS,https://example.org/sfia/DATS,Synthetic data science,Synthetic category A,Synthetic sub A1,\
Invented description one.,Invented notes.,\n\
2,,2,3,,,,,DAAN,,Synthetic data analysis,Synthetic category A,Synthetic sub A1,Invented description two.,,\n\
3,,,,,5,6,,RMGT,,Synthetic records work,Synthetic category B,Synthetic sub B1,,,\n";

    fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("sfia.csv");
        std::fs::write(&path, text).unwrap();
        (directory, path)
    }

    #[test]
    fn mints_the_crosswalks_iris_with_hierarchy_levels_and_pages() {
        let graph = Graph::bundled().unwrap();
        let (_dir, path) = write(SHEET);
        let import = graph
            .import_sfia(&path, &SfiaOptions::default(), &mut |_| {})
            .unwrap();
        assert_eq!(import.report.added["skills"], 3);
        assert_eq!(import.report.added["categories"], 2);
        assert_eq!(import.report.added["subcategories"], 2);
        assert_eq!(import.report.added["skill levels"], 7);
        assert!(
            import.report.notes.iter().any(|n| n.contains("Guidance notes")),
            "{:?}",
            import.report.notes
        );
        let dats = skill_iri("DATS");
        assert_eq!(
            dats.as_str(),
            "https://w3id.org/workforce-graph/id/sfia/skill/dats"
        );
        let label = first_literal(graph.store(), dats.as_ref(), skos("prefLabel").as_ref(), None).unwrap();
        assert_eq!(label.as_deref(), Some("Synthetic data science"));
        let notation = first_literal(graph.store(), dats.as_ref(), skos("notation").as_ref(), None).unwrap();
        assert_eq!(notation.as_deref(), Some("DATS"));
        let sub = skill_iri("synthetic-category-a--synthetic-sub-a1");
        let ask = |q: &str| match graph.query(q, &[], None).unwrap() {
            crate::QueryOutcome::Boolean(b) => b,
            _ => unreachable!(),
        };
        assert!(ask(&format!(
            "ASK {{ {dats} <http://www.w3.org/2004/02/skos/core#broader> {sub} }}"
        )));
        assert!(ask(&format!(
            "ASK {{ {sub} a <https://w3id.org/workforce-graph/ontology#CompetencyArea> }}"
        )));
        assert!(!ask(&format!(
            "ASK {{ {sub} <http://www.w3.org/2004/02/skos/core#notation> ?n }}"
        )));
        assert!(ask(&format!(
            "ASK {{ {dats} <https://w3id.org/workforce-graph/ontology#definedAtLevel> <{LEVEL_BASE}5> }}"
        )));
        assert!(ask(&format!(
            "ASK {{ {dats} <http://xmlns.com/foaf/0.1/page> <https://example.org/sfia/DATS> }}"
        )));
        // The bundled crosswalk NCF data science -> SFIA DATS now has both ends in schemes.
        let rows = crate::crosswalk::crosswalk(
            graph.store(),
            &NamedNode::new_unchecked("https://w3id.org/workforce-graph/id/framework/ncf-data-professionals"),
            &NamedNode::new_unchecked(FRAMEWORK),
        )
        .unwrap();
        assert!(rows
            .iter()
            .any(|r| r.object == dats.as_str() && r.object_label == "Synthetic data science"));
    }

    #[test]
    fn analyses_naming_sfia_say_it_is_not_loaded_until_it_is() {
        let graph = Graph::bundled().unwrap();
        let ncf =
            NamedNode::new_unchecked("https://w3id.org/workforce-graph/id/framework/ncf-data-professionals");
        let sfia = NamedNode::new_unchecked(FRAMEWORK);
        let error = crate::crosswalk::crosswalk(graph.store(), &ncf, &sfia).unwrap_err();
        assert!(error.to_string().contains("import_sfia"), "{error}");
        let overlap = crate::crosswalk::framework_overlap(
            graph.store(),
            Some(&[ncf.clone(), sfia.clone()]),
            crate::crosswalk::Method::Crosswalk,
            0.3,
        );
        assert!(matches!(
            overlap,
            Err(crate::crosswalk::CrosswalkError::NotLoaded(_))
        ));
        graph
            .import_sfia(&write(SHEET).1, &SfiaOptions::default(), &mut |_| {})
            .unwrap();
        let rows = crate::crosswalk::framework_overlap(
            graph.store(),
            Some(&[ncf, sfia]),
            crate::crosswalk::Method::Crosswalk,
            0.3,
        )
        .unwrap();
        // SFIA's side: 3 skills + 2 subcategories + 2 categories; NCF maps to DATS and DAAN of them.
        assert_eq!(
            (
                rows[0].framework_b_code.as_str(),
                rows[0].items_b,
                rows[0].curated_pairs
            ),
            ("SFIA", 7, 2),
            "{rows:?}"
        );
    }

    #[test]
    fn bad_rows_name_line_and_column_and_change_nothing() {
        let graph = Graph::bundled().unwrap();
        let before = graph.len().unwrap();
        let (_dir, path) = write(&SHEET.replace(",,,,,5,6,,RMGT", ",,,,,5,9,,RMGT"));
        assert_eq!(
            located(
                &graph
                    .import_sfia(&path, &SfiaOptions::default(), &mut |_| {})
                    .unwrap_err()
            ),
            (Some(4), Some("Levels"), Some(7), DataErrorKind::InvalidValue)
        );
        let (_dir2, path2) = write(&SHEET.replace("Synthetic category B,", ","));
        let error = graph
            .import_sfia(&path2, &SfiaOptions::default(), &mut |_| {})
            .unwrap_err();
        let (line, column, _, kind) = located(&error);
        assert_eq!(
            (line, column, kind),
            (Some(4), Some("Category"), DataErrorKind::MissingValue)
        );
        let (_dir3, path3) = write("Code,Name\nX,Y\n");
        let error = graph
            .import_sfia(&path3, &SfiaOptions::default(), &mut |_| {})
            .unwrap_err();
        let (_, column, _, kind) = located(&error);
        assert_eq!((column, kind), (Some("Skill"), DataErrorKind::MissingColumn));
        assert_eq!(graph.len().unwrap(), before);
        // Loading twice is refused: the skills are already there.
        graph
            .import_sfia(&write(SHEET).1, &SfiaOptions::default(), &mut |_| {})
            .unwrap();
        let (_dir4, path4) = write(SHEET);
        assert_eq!(
            graph
                .import_sfia(&path4, &SfiaOptions::default(), &mut |_| {})
                .unwrap_err()
                .kind(),
            Some(DataErrorKind::DuplicateId)
        );
    }
}
