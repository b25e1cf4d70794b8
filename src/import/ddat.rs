//! The Government Digital and Data (DDaT) capability framework, from its official CSV exports
//! (<https://ddat-capability-framework.service.gov.uk/download>): `roles.csv` ("Role content", one
//! row per role level and skill) and, optionally, `skills.csv` ("Skill description content").
//!
//! Names, levels and structure are imported; descriptions are not (each item links to the
//! official page instead). The export's quirks are handled explicitly and reported:
//! exact duplicate rows are dropped (conflicting duplicates are an error), names are trimmed,
//! Senior Civil Service roles ("NOT IN USE") get their skills without a level, the role-level
//! order (absent from the export) is inferred, and skills without descriptions are counted.

use super::delimited::{cell, Table};
use super::{slug, wg, wgid, ImportReport, ImportedTriples};
use crate::error::{DataError, DataErrorKind, ImportError};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, Term, Triple};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// The framework's home page.
pub const SITE: &str = "https://ddat-capability-framework.service.gov.uk/";
/// The page the CSV exports are downloaded from.
pub const DOWNLOAD: &str = "https://ddat-capability-framework.service.gov.uk/download";
/// The framework node (hand-written in the bundled data).
pub const FRAMEWORK: &str = "framework/ddat";
/// The proficiency levels, lowest first.
pub const SKILL_LEVELS: [&str; 4] = ["Awareness", "Working", "Practitioner", "Expert"];
const NOT_IN_USE: &str = "NOT IN USE";

use crate::vocab::skos;

#[derive(Debug, Clone)]
struct Row {
    line: u64,
    family: String,
    role: String,
    level: String,
    skill: String,
    skill_level: String,
    role_type: String,
}

fn iri(value: &str) -> NamedNode {
    NamedNode::new_unchecked(value)
}

/// Seniority tier of a level name; the export gives no order, so it is read from the words
/// the framework uses consistently in its level names, in the order its role pages number them.
fn name_tier(level: &str) -> u32 {
    let lower = level.to_ascii_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    match first {
        "apprentice" | "trainee" => 10,
        // The role pages number associate before junior (e.g. content designer: 1 Associate, 2 Junior).
        "associate" => 20,
        "junior" => 30,
        "senior" | "major" => 50,
        "lead" => 60,
        "principal" => 70,
        "head" | "chief" => 80,
        _ if lower.ends_with(" lead") => 60,
        _ => 40,
    }
}

/// Orders the levels of one role: by name tier; analyst levels sit below manager levels of the
/// same role (the analyst-to-manager ladders of IT operations); a "- management" variant sits just
/// above its level; the mean required skill level breaks remaining ties.
fn order_levels(levels: &BTreeMap<String, Vec<usize>>) -> Vec<String> {
    let has_manager = levels.keys().any(|l| l.to_ascii_lowercase().contains("manager"));
    let mut keyed: Vec<(u32, u64, String)> = levels
        .iter()
        .map(|(name, skill_levels)| {
            let lower = name.to_ascii_lowercase();
            let mut tier = name_tier(name);
            if has_manager && lower.contains("analyst") && !lower.contains("manager") {
                tier -= 20;
            }
            if lower.ends_with("- management") {
                tier += 5;
            }
            let total: usize = skill_levels.iter().sum();
            let mean_millis = (total as u64 * 1000) / (skill_levels.len().max(1) as u64);
            (tier, mean_millis, name.clone())
        })
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, _, name)| name).collect()
}

/// Reads `roles.csv` (and `skills.csv` if present) from `directory`.
pub fn read_ddat(directory: &Path) -> Result<ImportedTriples, ImportError> {
    let roles_path = directory.join("roles.csv");
    let table = Table::read(&roles_path, b',')?;
    let columns = [
        "Role Family",
        "Role",
        "Role Level",
        "Skill Name",
        "Skill Level",
        "Role Type",
    ]
    .map(|name| table.column(name));
    let [family_c, role_c, level_c, skill_c, skill_level_c, type_c] = columns;
    let (family_c, role_c, level_c, skill_c, skill_level_c, type_c) =
        (family_c?, role_c?, level_c?, skill_c?, skill_level_c?, type_c?);

    let mut report = ImportReport {
        source: directory.display().to_string(),
        ..ImportReport::default()
    };
    let mut trimmed = BTreeSet::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<(String, String, String), (u64, String)> = HashMap::new();
    let mut duplicate_lines = Vec::new();
    for (line, record) in &table.rows {
        let get = |index: usize| cell(record, Some(index)).to_owned();
        for index in [family_c, role_c, level_c, skill_c] {
            let raw = record.get(index).unwrap_or("");
            if raw != raw.trim() {
                trimmed.insert(raw.to_owned());
            }
        }
        let row = Row {
            line: *line,
            family: get(family_c),
            role: get(role_c),
            level: get(level_c),
            skill: get(skill_c),
            skill_level: get(skill_level_c),
            role_type: get(type_c),
        };
        for (column, value) in [
            ("Role Family", &row.family),
            ("Role", &row.role),
            ("Role Level", &row.level),
            ("Skill Name", &row.skill),
        ] {
            if value.is_empty() {
                return Err(ImportError::from(
                    DataError::new(DataErrorKind::MissingValue, &roles_path, "empty value")
                        .at_line(row.line)
                        .in_column(column),
                ));
            }
        }
        if !SKILL_LEVELS.contains(&row.skill_level.as_str()) && row.skill_level != NOT_IN_USE {
            return Err(ImportError::from(
                DataError::new(
                    DataErrorKind::InvalidValue,
                    &roles_path,
                    format!(
                        "{:?} is not one of {SKILL_LEVELS:?} or {NOT_IN_USE:?}",
                        row.skill_level
                    ),
                )
                .at_line(row.line)
                .in_column("Skill Level"),
            ));
        }
        let key = (row.role.clone(), row.level.clone(), row.skill.clone());
        if let Some((first_line, first_level)) = seen.get(&key) {
            if *first_level != row.skill_level {
                return Err(ImportError::from(
                    DataError::new(DataErrorKind::ConflictingValue, &roles_path, format!(
                        "{:?} conflicts with {first_level:?} on line {first_line} for the same role level and skill",
                        row.skill_level
                    ))
                        .at_line(row.line)
                        .in_column("Skill Level"),
                ));
            }
            duplicate_lines.push(row.line);
            continue;
        }
        seen.insert(key, (row.line, row.skill_level.clone()));
        rows.push(row);
    }
    if !duplicate_lines.is_empty() {
        report.notes.push(format!(
            "dropped {} exact duplicate rows (same role level, skill and skill level) at lines {}",
            duplicate_lines.len(),
            duplicate_lines
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !trimmed.is_empty() {
        report.notes.push(format!(
            "trimmed surrounding spaces from {} names: {}",
            trimmed.len(),
            trimmed
                .iter()
                .map(|t| format!("{t:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    // Structure: families, roles, levels (with the skill levels they require, for ordering).
    let mut family_of: BTreeMap<String, String> = BTreeMap::new();
    let mut type_of: BTreeMap<String, String> = BTreeMap::new();
    let mut levels_of: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
    let mut skills: BTreeSet<String> = BTreeSet::new();
    for row in &rows {
        if let Some(family) = family_of.insert(row.role.clone(), row.family.clone()) {
            if family != row.family {
                return Err(ImportError::from(
                    DataError::new(
                        DataErrorKind::ConflictingValue,
                        &roles_path,
                        format!("role {:?} is also in family {family:?}", row.role),
                    )
                    .at_line(row.line)
                    .in_column("Role Family"),
                ));
            }
        }
        type_of
            .entry(row.role.clone())
            .or_insert_with(|| row.role_type.clone());
        let levels = levels_of.entry(row.role.clone()).or_default();
        if row.level != NOT_IN_USE {
            let rank = SKILL_LEVELS
                .iter()
                .position(|l| *l == row.skill_level)
                .map_or(0, |p| p + 1);
            levels.entry(row.level.clone()).or_default().push(rank);
        }
        skills.insert(row.skill.clone());
    }

    // skills.csv: the full skill list; descriptions are only counted, never copied.
    let skills_path = directory.join("skills.csv");
    if skills_path.exists() {
        let skills_table = Table::read(&skills_path, b',')?;
        let name_c = skills_table.column("Skill Name")?;
        let description_c = skills_table.column("Skill Description")?;
        let mut undescribed = 0;
        let mut unused = Vec::new();
        for (_, record) in &skills_table.rows {
            let name = cell(record, Some(name_c)).to_owned();
            let description = cell(record, Some(description_c));
            if description.is_empty() || description.eq_ignore_ascii_case("missing") {
                undescribed += 1;
            }
            if !name.is_empty() && skills.insert(name.clone()) {
                unused.push(name);
            }
        }
        report.notes.push(format!(
            "{undescribed} skills have a blank or \"MISSING\" description in skills.csv; no description is \
             copied, each skill links to {DOWNLOAD}"
        ));
        if !unused.is_empty() {
            report.notes.push(format!(
                "{} skills in skills.csv are required by no role: {}",
                unused.len(),
                unused.join(", ")
            ));
        }
    } else {
        report
            .notes
            .push("no skills.csv beside roles.csv: skills taken from roles.csv only".to_owned());
    }

    let scs_roles: Vec<&String> = levels_of
        .iter()
        .filter(|(_, levels)| levels.is_empty())
        .map(|(role, _)| role)
        .collect();
    if !scs_roles.is_empty() {
        let scs_rows = rows.iter().filter(|r| r.level == NOT_IN_USE).count();
        report.notes.push(format!(
            "{} roles have no levels (role level \"NOT IN USE\": {}); their {scs_rows} skills are attached to the role \
             without a required level",
            scs_roles.len(),
            scs_roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    report.notes.push(
        "role-level order is not in the export: inferred from level names (apprentice/trainee < associate < junior \
         < base < senior < lead < principal < head/chief; analyst levels below manager levels of the same role; a \
         \"- management\" level just above its level), ties broken by the mean required skill level"
            .to_owned(),
    );

    // Triples.
    let mut triples = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNode, o: Term| triples.push(Triple::new(s.clone(), p, o));
    let framework = wgid(FRAMEWORK);
    let label = |text: &str| -> Term { Literal::new_language_tagged_literal_unchecked(text, "en").into() };
    let in_scheme = skos("inScheme");
    let pref_label = skos("prefLabel");
    let broader = skos("broader");
    let source = crate::vocab::dcterms::SOURCE.into_owned();
    let concept = skos("Concept");

    let families: BTreeSet<&String> = family_of.values().collect();
    for family in &families {
        let node = wgid(&format!("ddat/family/{}", slug(family)));
        add(&node, rdf::TYPE.into_owned(), concept.clone().into());
        add(&node, rdf::TYPE.into_owned(), wg("RoleFamily").into());
        add(&node, in_scheme.clone(), framework.clone().into());
        add(&node, pref_label.clone(), label(family));
        add(&node, source.clone(), iri(SITE).into());
    }
    let mut level_count = 0;
    let mut requirement_count = 0;
    let mut level_nodes: HashMap<(String, String), NamedNode> = HashMap::new();
    for (role, family) in &family_of {
        let role_slug = slug(role);
        let node = wgid(&format!("ddat/role/{role_slug}"));
        let page = iri(&format!("{SITE}role/{role_slug}"));
        let family_node = wgid(&format!("ddat/family/{}", slug(family)));
        add(&node, rdf::TYPE.into_owned(), concept.clone().into());
        add(
            &node,
            rdf::TYPE.into_owned(),
            crate::vocab::org::ROLE.into_owned().into(),
        );
        add(&node, rdf::TYPE.into_owned(), wg("Role").into());
        add(&node, in_scheme.clone(), framework.clone().into());
        add(&node, pref_label.clone(), label(role));
        add(&node, wg("belongsToRoleFamily"), family_node.clone().into());
        add(&node, broader.clone(), family_node.into());
        if let Some(role_type) = type_of.get(role).filter(|t| !t.is_empty()) {
            add(
                &node,
                wg("roleType"),
                Literal::new_simple_literal(role_type).into(),
            );
        }
        add(&node, crate::vocab::foaf::PAGE.into_owned(), page.clone().into());
        add(&node, source.clone(), page.clone().into());
        for (rank, level) in order_levels(&levels_of[role]).iter().enumerate() {
            let level_node = wgid(&format!("ddat/role/{role_slug}/level/{}", slug(level)));
            add(&level_node, rdf::TYPE.into_owned(), concept.clone().into());
            add(&level_node, rdf::TYPE.into_owned(), wg("RoleLevel").into());
            add(&level_node, in_scheme.clone(), framework.clone().into());
            add(&level_node, pref_label.clone(), label(level));
            add(&level_node, wg("isLevelOf"), node.clone().into());
            add(&level_node, broader.clone(), node.clone().into());
            add(
                &level_node,
                wg("rank"),
                Literal::new_typed_literal((rank + 1).to_string(), xsd::INTEGER).into(),
            );
            if level.to_ascii_lowercase().ends_with("- management") {
                add(&level_node, wg("isManagementTrack"), Literal::from(true).into());
            }
            add(&level_node, source.clone(), page.clone().into());
            level_nodes.insert((role.clone(), level.clone()), level_node);
            level_count += 1;
        }
    }
    for skill in &skills {
        let node = wgid(&format!("ddat/skill/{}", slug(skill)));
        add(&node, rdf::TYPE.into_owned(), concept.clone().into());
        add(&node, rdf::TYPE.into_owned(), wg("Competency").into());
        add(&node, in_scheme.clone(), framework.clone().into());
        add(&node, pref_label.clone(), label(skill));
        add(&node, source.clone(), iri(DOWNLOAD).into());
    }
    for row in &rows {
        let role_slug = slug(&row.role);
        let role_node = wgid(&format!("ddat/role/{role_slug}"));
        let skill_node = wgid(&format!("ddat/skill/{}", slug(&row.skill)));
        let page = iri(&format!("{SITE}role/{role_slug}"));
        let level_node = level_nodes.get(&(row.role.clone(), row.level.clone()));
        let requirement = match level_node {
            Some(_) => wgid(&format!(
                "ddat/requirement/{role_slug}/{}/{}",
                slug(&row.level),
                slug(&row.skill)
            )),
            None => wgid(&format!("ddat/requirement/{role_slug}/{}", slug(&row.skill))),
        };
        add(&requirement, rdf::TYPE.into_owned(), wg("Requirement").into());
        add(&requirement, wg("forRole"), role_node.clone().into());
        if let Some(level_node) = level_node {
            add(&requirement, wg("forRoleLevel"), level_node.clone().into());
        }
        add(&requirement, wg("requiredCompetency"), skill_node.clone().into());
        if row.skill_level != NOT_IN_USE {
            let level = wgid(&format!("scale/ddat/{}", row.skill_level.to_ascii_lowercase()));
            add(&requirement, wg("requiredLevel"), level.into());
        }
        add(&requirement, wg("requirementType"), wg("Essential").into());
        add(&requirement, source.clone(), page.into());
        let holder = level_node.unwrap_or(&role_node);
        add(holder, wg("requiresCompetency"), skill_node.into());
        requirement_count += 1;
    }

    report.added.insert("role families".into(), families.len());
    report.added.insert("roles".into(), family_of.len());
    report.added.insert("role levels".into(), level_count);
    report.added.insert("skills".into(), skills.len());
    report.added.insert("requirements".into(), requirement_count);
    report.triples = triples.len();
    Ok(ImportedTriples { triples, report })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    const HEADER: &str = "Role Family,Role,Role Description,Role Level,Role Level Description,Skill Name,Skill Description,Skill Level,Skill Level Description,Role Type\n";

    fn write(rows: &str) -> tempfile::TempDir {
        let directory = tempfile::tempdir().unwrap();
        fs::write(directory.path().join("roles.csv"), format!("{HEADER}{rows}")).unwrap();
        directory
    }

    #[test]
    fn levels_are_ordered_and_duplicates_dropped() {
        let directory = write(
            "Data,Data analyst,d,Senior data analyst,d,SQL,d,Practitioner,d,\n\
             Data,Data analyst,d,Associate data analyst,d,SQL,d,Awareness,d,\n\
             Data,Data analyst,d,Data analyst,d,SQL,d,Working,d,\n\
             Data,Data analyst,d,Data analyst,d,SQL,d,Working,d,\n\
             Data,Data analyst,d,Head of data analysis,d,\"Multi\nline skill\",d,Expert,d,\n",
        );
        let import = read_ddat(directory.path()).unwrap();
        assert_eq!(import.report.added["role levels"], 4);
        assert_eq!(import.report.added["requirements"], 4);
        assert!(
            import.report.notes[0].contains("dropped 1 exact duplicate rows"),
            "{:?}",
            import.report.notes
        );
        let turtle = super::super::to_turtle(&import.triples);
        let rank_of = |level: &str| {
            let subject =
                format!("<https://w3id.org/workforce-graph/id/ddat/role/data-analyst/level/{level}>");
            let graph = crate::Graph::empty().unwrap();
            graph.load(crate::RdfInput::Text(&turtle), None, None).unwrap();
            let crate::QueryOutcome::Solutions(table) = graph
                .query(
                    &format!(
                        "SELECT ?r WHERE {{ {subject} <https://w3id.org/workforce-graph/ontology#rank> ?r }}"
                    ),
                    &[],
                    None,
                )
                .unwrap()
            else {
                panic!()
            };
            table.value(0, 0).map(|t| crate::table::term_text(t).into_owned())
        };
        assert_eq!(rank_of("associate-data-analyst").as_deref(), Some("1"));
        assert_eq!(rank_of("data-analyst").as_deref(), Some("2"));
        assert_eq!(rank_of("senior-data-analyst").as_deref(), Some("3"));
        assert_eq!(rank_of("head-of-data-analysis").as_deref(), Some("4"));
    }

    #[test]
    fn analysts_sit_below_managers_and_management_tracks_above_their_level() {
        let mut levels = BTreeMap::new();
        for name in [
            "Service desk manager",
            "Senior service desk analyst",
            "Service desk analyst",
            "Head of service desk",
        ] {
            levels.insert(name.to_owned(), vec![2]);
        }
        assert_eq!(
            order_levels(&levels),
            [
                "Service desk analyst",
                "Senior service desk analyst",
                "Service desk manager",
                "Head of service desk"
            ]
        );
        let mut levels = BTreeMap::new();
        for name in [
            "Lead developer - management",
            "Senior developer",
            "Lead developer",
            "Senior developer - management",
        ] {
            levels.insert(name.to_owned(), vec![2]);
        }
        assert_eq!(
            order_levels(&levels),
            [
                "Senior developer",
                "Senior developer - management",
                "Lead developer",
                "Lead developer - management"
            ]
        );
    }

    #[test]
    fn associate_comes_before_junior_as_on_the_role_pages() {
        let mut levels = BTreeMap::new();
        for name in [
            "Head of content design",
            "Junior content designer",
            "Content designer",
            "Associate content designer",
            "Lead content designer",
            "Senior content designer",
        ] {
            levels.insert(name.to_owned(), vec![2]);
        }
        assert_eq!(
            order_levels(&levels),
            [
                "Associate content designer",
                "Junior content designer",
                "Content designer",
                "Senior content designer",
                "Lead content designer",
                "Head of content design"
            ]
        );
    }

    /// Excel's "CSV UTF-8" starts the file with a byte-order mark: it is not part of the first
    /// column's name (DDaT's own reader used to keep it, and then missed "Role Family").
    #[test]
    fn an_export_saved_with_a_byte_order_mark_is_read() {
        let directory = tempfile::tempdir().unwrap();
        fs::write(
            directory.path().join("roles.csv"),
            format!("\u{feff}{HEADER}Data,Data analyst,d,Data analyst,d,SQL,d,Working,d,\n"),
        )
        .unwrap();
        let import = read_ddat(directory.path()).unwrap();
        assert_eq!(import.report.added["requirements"], 1);
    }

    #[test]
    fn a_conflicting_duplicate_is_an_error_with_its_line() {
        let directory = write(
            "Data,Data analyst,d,Data analyst,d,SQL,d,Working,d,\n\
             Data,Data analyst,d,Data analyst,d,SQL,d,Expert,d,\n",
        );
        let error = read_ddat(directory.path()).unwrap_err();
        assert!(
            matches!(error.data(), Some(data) if data.line == Some(3) && data.kind == DataErrorKind::ConflictingValue),
            "{error:?}"
        );
        assert!(
            error.to_string().contains("conflicts with \"Working\" on line 2"),
            "{error}"
        );
    }

    #[test]
    fn an_unknown_skill_level_names_row_and_column() {
        let directory = write("Data,Data analyst,d,Data analyst,d,SQL,d,Guru,d,\n");
        let error = read_ddat(directory.path()).unwrap_err().to_string();
        assert!(error.ends_with("roles.csv:2: column \"Skill Level\": \"Guru\" is not one of [\"Awareness\", \"Working\", \"Practitioner\", \"Expert\"] or \"NOT IN USE\""), "{error}");
    }

    #[test]
    fn a_missing_column_is_named() {
        let directory = tempfile::tempdir().unwrap();
        fs::write(
            directory.path().join("roles.csv"),
            "Role Family,Role\nData,Data analyst\n",
        )
        .unwrap();
        let error = read_ddat(directory.path()).unwrap_err();
        assert!(
            matches!(error.data(), Some(data) if data.column.as_deref() == Some("Role Level") && data.kind == DataErrorKind::MissingColumn),
            "{error:?}"
        );
    }

    #[test]
    fn an_empty_export_is_refused() {
        let directory = write("");
        assert_eq!(
            read_ddat(directory.path()).unwrap_err().kind(),
            Some(DataErrorKind::Empty)
        );
    }

    #[test]
    fn senior_civil_service_roles_get_skills_without_levels() {
        let directory = write("Chief digital and data,Chief data officer,d,NOT IN USE,d,Leadership,d,NOT IN USE,d,Senior Civil Service\n");
        let import = read_ddat(directory.path()).unwrap();
        assert_eq!(import.report.added["role levels"], 0);
        assert_eq!(import.report.added["requirements"], 1);
        let turtle = super::super::to_turtle(&import.triples);
        assert!(turtle.contains("Senior Civil Service"));
        assert!(!turtle.contains("requiredLevel"));
    }
}
