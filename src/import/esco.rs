//! ESCO (European Skills, Competences, Qualifications and Occupations), from its official CSV
//! release (a folder of `occupations_en.csv`, `skills_en.csv`, `occupationSkillRelations_en.csv`
//! and, when present, `skillGroups_en.csv`, `ISCOGroups_en.csv`, `broaderRelationsOccPillar_en.csv`
//! and `broaderRelationsSkillPillar_en.csv`, ESCO v1.2 column names) or from its SKOS-RDF release
//! (one file in any RDF format).
//!
//! Mapping (`ontology/README.md`, "How 1EdTech CASE and ESCO map onto this model"): occupations
//! become `wg:Role`s, skills `wg:Competency`s, skill groups `wg:CompetencyArea`s and ISCO groups
//! `wg:RoleFamily`s, all `skos:Concept`s keeping their ESCO IRIs; each occupation-skill relation
//! becomes a `wg:Requirement` node (`wg:Essential` or `wg:Optional`) plus the shortcut
//! `wg:requiresCompetency`; broader relations become `skos:broader`. Concepts without a scheme
//! of their own are placed in `wgid:framework/esco`. Descriptions are not copied (each concept keeps
//! its ESCO IRI, which resolves to the official page).

use super::delimited::{cell, Table};
use super::standard::{find_cycle, iri, iri_slug, parse_iri, problem, read_text, skos, text, DCTERMS, ESCO};
use super::{wg, wgid, ImportReport, ImportedTriples};
use crate::error::{DataError, DataErrorKind, ImportError};
use oxigraph::io::RdfParser;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// The framework node ESCO concepts without a scheme are placed in.
pub const FRAMEWORK: &str = "framework/esco";
/// ESCO's home page.
pub const SITE: &str = "https://esco.ec.europa.eu/";

/// Reads an ESCO release: a folder of CSV files, or one SKOS-RDF file.
pub fn read_esco(path: &Path, format: Option<&str>) -> Result<ImportedTriples, ImportError> {
    let metadata = std::fs::metadata(path).map_err(|source| ImportError::Io {
        path: path.to_owned(),
        source,
    })?;
    if metadata.is_dir() {
        read_csv_release(path)
    } else {
        read_rdf_release(path, format)
    }
}

/// Collects triples and counts while an import is built.
struct Builder {
    triples: Vec<Triple>,
    framework: NamedNode,
    essential: Term,
    optional: Term,
}

impl Builder {
    fn new() -> Self {
        let mut builder = Self {
            triples: Vec::new(),
            framework: wgid(FRAMEWORK),
            essential: wg("Essential").into(),
            optional: wg("Optional").into(),
        };
        let f = builder.framework.clone();
        builder.add(&f, rdf::TYPE.into_owned(), skos("ConceptScheme").into());
        builder.add(&f, rdf::TYPE.into_owned(), wg("Framework").into());
        builder.add(
            &f,
            skos("prefLabel"),
            text(
                "European Skills, Competences, Qualifications and Occupations",
                "en",
            )
            .into(),
        );
        builder.add(&f, skos("notation"), text("ESCO", "").into());
        builder.add(&f, crate::vocab::foaf::HOMEPAGE.into_owned(), iri(SITE).into());
        builder.add(&f, iri(&format!("{DCTERMS}source")), iri(SITE).into());
        builder
    }

    fn add(&mut self, subject: &NamedNode, predicate: NamedNode, object: Term) {
        self.triples.push(Triple::new(subject.clone(), predicate, object));
    }

    fn concept(&mut self, node: &NamedNode, classes: &[NamedNode], in_framework: bool) {
        self.add(node, rdf::TYPE.into_owned(), skos("Concept").into());
        for class in classes {
            self.add(node, rdf::TYPE.into_owned(), class.clone().into());
        }
        if in_framework {
            let framework = self.framework.clone();
            self.add(node, skos("inScheme"), framework.into());
        }
    }

    /// A requirement node and its shortcut triple.
    fn requirement(&mut self, role: &NamedNode, skill: &NamedNode, essential: bool) {
        let node = wgid(&format!(
            "esco/requirement/{}--{}",
            iri_slug(role.as_str()),
            iri_slug(skill.as_str())
        ));
        self.add(&node, rdf::TYPE.into_owned(), wg("Requirement").into());
        self.add(&node, wg("forRole"), role.clone().into());
        self.add(&node, wg("requiredCompetency"), skill.clone().into());
        let kind = if essential {
            self.essential.clone()
        } else {
            self.optional.clone()
        };
        self.add(&node, wg("requirementType"), kind);
        self.add(role, wg("requiresCompetency"), skill.clone().into());
    }
}

/// The release file `{stem}_{language}.csv` in `directory`.
fn release_file(directory: &Path, stem: &str, language: &str) -> PathBuf {
    directory.join(format!("{stem}_{language}.csv"))
}

/// The language of the release: `en` when `occupations_en.csv` exists, else the one language file.
fn release_language(directory: &Path) -> Result<String, ImportError> {
    if release_file(directory, "occupations", "en").exists() {
        return Ok("en".to_owned());
    }
    let entries = std::fs::read_dir(directory).map_err(|source| ImportError::Io {
        path: directory.to_owned(),
        source,
    })?;
    let mut languages: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| {
            name.strip_prefix("occupations_")?
                .strip_suffix(".csv")
                .map(str::to_owned)
        })
        .collect();
    languages.sort();
    languages.into_iter().next().ok_or_else(|| ImportError::Io {
        path: release_file(directory, "occupations", "en"),
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no occupations_<language>.csv in the folder",
        ),
    })
}

/// One concept row: its IRI, label, alternative labels and code.
struct ConceptRow {
    node: NamedNode,
    label: String,
    alt_labels: Vec<String>,
    code: String,
    extra: String,
}

/// Reads a concept table keyed by `conceptUri`, refusing duplicates and bad IRIs.
fn read_concepts(
    table: &Table,
    code_column: Option<&str>,
    extra_column: Option<&str>,
    seen: &mut HashMap<String, (PathBuf, u64)>,
) -> Result<Vec<ConceptRow>, ImportError> {
    let uri_c = table.column("conceptUri")?;
    let label_c = table.column("preferredLabel")?;
    let alt_c = table.optional_column("altLabels");
    let code_c = code_column.and_then(|c| table.optional_column(c));
    let extra_c = extra_column.and_then(|c| table.optional_column(c));
    let mut rows = Vec::with_capacity(table.rows.len());
    for (line, record) in &table.rows {
        let uri = cell(record, Some(uri_c));
        let node = parse_iri(uri).ok_or_else(|| {
            problem(
                table.path(),
                Some(*line),
                Some("conceptUri"),
                DataErrorKind::InvalidValue,
                format!("{uri:?} is not an IRI"),
            )
        })?;
        if let Some((first_path, first_line)) = seen.insert(uri.to_owned(), (table.path().to_owned(), *line))
        {
            return Err(problem(
                table.path(),
                Some(*line),
                Some("conceptUri"),
                DataErrorKind::DuplicateId,
                format!(
                    "{uri} is already defined at {}:{first_line}",
                    first_path.display()
                ),
            ));
        }
        let label = cell(record, Some(label_c));
        if label.is_empty() {
            return Err(problem(
                table.path(),
                Some(*line),
                Some("preferredLabel"),
                DataErrorKind::InvalidValue,
                "empty label",
            ));
        }
        let alt_labels = cell(record, alt_c)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        rows.push(ConceptRow {
            node,
            label: label.to_owned(),
            alt_labels,
            code: cell(record, code_c).to_owned(),
            extra: cell(record, extra_c).to_owned(),
        });
    }
    Ok(rows)
}

fn read_csv_release(directory: &Path) -> Result<ImportedTriples, ImportError> {
    let language = release_language(directory)?;
    let mut report = ImportReport {
        source: directory.display().to_string(),
        ..ImportReport::default()
    };
    let mut builder = Builder::new();
    let mut seen: HashMap<String, (PathBuf, u64)> = HashMap::new();
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Occupation,
        Skill,
        SkillGroup,
        IscoGroup,
    }
    let mut kinds: HashMap<String, Kind> = HashMap::new();

    let optional_table = |stem: &str| -> Result<Option<Table>, ImportError> {
        let path = release_file(directory, stem, &language);
        if path.exists() {
            Table::read(&path, b',').map(Some)
        } else {
            Ok(None)
        }
    };

    // ISCO groups first, so occupations can refer to them by code.
    let mut isco_by_code: HashMap<String, NamedNode> = HashMap::new();
    let mut families = 0;
    if let Some(table) = optional_table("ISCOGroups")? {
        for row in read_concepts(&table, Some("code"), None, &mut seen)? {
            builder.concept(&row.node, &[wg("RoleFamily")], true);
            label_triples(&mut builder, &row, &language);
            kinds.insert(row.node.as_str().to_owned(), Kind::IscoGroup);
            isco_by_code.insert(row.code.clone(), row.node);
            families += 1;
        }
    } else {
        report.notes.push(format!(
            "no ISCOGroups_{language}.csv: occupations are not grouped into role families"
        ));
    }

    let occupations_table = Table::read(&release_file(directory, "occupations", &language), b',')?;
    let occupations = read_concepts(&occupations_table, Some("code"), Some("iscoGroup"), &mut seen)?;
    let mut family_links = 0;
    for row in &occupations {
        builder.concept(
            &row.node,
            &[
                wg("Role"),
                crate::vocab::org::ROLE.into_owned(),
                crate::vocab::esco::OCCUPATION.into_owned(),
            ],
            true,
        );
        label_triples(&mut builder, row, &language);
        kinds.insert(row.node.as_str().to_owned(), Kind::Occupation);
        if let Some(group) = isco_by_code.get(&row.extra).cloned() {
            builder.add(&row.node, wg("belongsToRoleFamily"), group.clone().into());
            builder.add(&row.node, skos("broader"), group.into());
            family_links += 1;
        }
    }

    let mut groups = 0;
    if let Some(table) = optional_table("skillGroups")? {
        for row in read_concepts(&table, Some("code"), None, &mut seen)? {
            builder.concept(&row.node, &[wg("CompetencyArea")], true);
            label_triples(&mut builder, &row, &language);
            kinds.insert(row.node.as_str().to_owned(), Kind::SkillGroup);
            groups += 1;
        }
    }
    let skills_table = Table::read(&release_file(directory, "skills", &language), b',')?;
    let skills = read_concepts(&skills_table, None, None, &mut seen)?;
    for row in &skills {
        builder.concept(&row.node, &[wg("Competency"), iri(&format!("{ESCO}Skill"))], true);
        label_triples(&mut builder, row, &language);
        kinds.insert(row.node.as_str().to_owned(), Kind::Skill);
    }

    // Occupation-skill relations.
    let relations = Table::read(
        &release_file(directory, "occupationSkillRelations", &language),
        b',',
    )?;
    let occupation_c = relations.column("occupationUri")?;
    let type_c = relations.column("relationType")?;
    let skill_c = relations.column("skillUri")?;
    let mut pairs: HashMap<(&str, &str), (bool, u64)> = HashMap::with_capacity(relations.rows.len());
    let mut order: Vec<(&str, &str)> = Vec::with_capacity(relations.rows.len());
    let (mut repeated, mut upgraded) = (0usize, 0usize);
    for (line, record) in &relations.rows {
        let occupation = cell(record, Some(occupation_c));
        let skill = cell(record, Some(skill_c));
        for (value, column, wanted) in [
            (occupation, "occupationUri", Kind::Occupation),
            (skill, "skillUri", Kind::Skill),
        ] {
            if kinds.get(value) != Some(&wanted) {
                let what = if wanted == Kind::Occupation {
                    "occupation"
                } else {
                    "skill"
                };
                return Err(problem(
                    relations.path(),
                    Some(*line),
                    Some(column),
                    DataErrorKind::UnknownReference,
                    format!("{value:?} is not an {what} of this release"),
                ));
            }
        }
        let essential = match cell(record, Some(type_c)) {
            "essential" => true,
            "optional" => false,
            other => {
                return Err(problem(
                    relations.path(),
                    Some(*line),
                    Some("relationType"),
                    DataErrorKind::InvalidValue,
                    format!("{other:?} is neither \"essential\" nor \"optional\""),
                ))
            }
        };
        match pairs.get_mut(&(occupation, skill)) {
            Some((was_essential, _)) => {
                repeated += 1;
                if essential && !*was_essential {
                    *was_essential = true;
                    upgraded += 1;
                }
            }
            None => {
                pairs.insert((occupation, skill), (essential, *line));
                order.push((occupation, skill));
            }
        }
    }
    if repeated > 0 {
        report.notes.push(format!(
            "{repeated} occupation-skill relations repeat an earlier one and were merged ({upgraded} made an \
             optional \
             relation essential)"
        ));
    }
    let mut essential_count = 0;
    for pair in &order {
        let essential = pairs[pair].0;
        essential_count += usize::from(essential);
        builder.requirement(&iri(pair.0), &iri(pair.1), essential);
    }

    // Broader relations of both pillars.
    let mut broader_count = 0;
    let mut parents: HashMap<String, Vec<String>> = HashMap::new();
    let mut skipped_broader = 0;
    for stem in ["broaderRelationsOccPillar", "broaderRelationsSkillPillar"] {
        let Some(table) = optional_table(stem)? else {
            report.notes.push(format!(
                "no {stem}_{language}.csv: that hierarchy is not imported"
            ));
            continue;
        };
        let concept_c = table.column("conceptUri")?;
        let broader_c = table.column("broaderUri")?;
        for (_, record) in &table.rows {
            let child = cell(record, Some(concept_c));
            let parent = cell(record, Some(broader_c));
            let (Some(child_kind), Some(parent_kind)) = (kinds.get(child), kinds.get(parent)) else {
                skipped_broader += 1;
                continue;
            };
            let list = parents.entry(child.to_owned()).or_default();
            if list.iter().any(|p| p == parent) {
                continue;
            }
            list.push(parent.to_owned());
            let (child_node, parent_node) = (iri(child), iri(parent));
            if *child_kind == Kind::Occupation && *parent_kind == Kind::IscoGroup {
                // Also given by the occupation's iscoGroup code; the triples are a set.
                builder.add(&child_node, wg("belongsToRoleFamily"), parent_node.clone().into());
            }
            builder.add(&child_node, skos("broader"), parent_node.into());
            broader_count += 1;
        }
    }
    if skipped_broader > 0 {
        report.notes.push(format!(
            "{skipped_broader} broader relations name a concept absent from the release files read; skipped"
        ));
    }
    if let Some(cycle) = find_cycle(&parents) {
        return Err(problem(
            directory,
            None,
            Some("broaderUri"),
            DataErrorKind::Cycle,
            format!("the broader hierarchy loops: {}", cycle.join(" -> ")),
        ));
    }
    report.notes.push(
        "descriptions, definitions and scope notes are not copied: each concept keeps its ESCO IRI"
            .to_owned(),
    );

    report.added.insert("role families".into(), families);
    report.added.insert("roles".into(), occupations.len());
    report.added.insert("roles in a role family".into(), family_links);
    report.added.insert("competency areas".into(), groups);
    report.added.insert("competencies".into(), skills.len());
    report.added.insert("requirements".into(), order.len());
    report
        .added
        .insert("essential requirements".into(), essential_count);
    report.added.insert("broader relations".into(), broader_count);
    report.triples = builder.triples.len();
    Ok(ImportedTriples {
        triples: builder.triples,
        report,
    })
}

fn label_triples(builder: &mut Builder, row: &ConceptRow, language: &str) {
    builder.add(&row.node, skos("prefLabel"), text(&row.label, language).into());
    for alt in &row.alt_labels {
        builder.add(&row.node, skos("altLabel"), text(alt, language).into());
    }
    if !row.code.is_empty() {
        builder.add(&row.node, skos("notation"), text(&row.code, "").into());
    }
}

fn read_rdf_release(path: &Path, format: Option<&str>) -> Result<ImportedTriples, ImportError> {
    let format = crate::format::resolve_format(format, Some(path)).map_err(ImportError::Argument)?;
    let text_content = read_text(path)?;
    let mut triples = Vec::new();
    for quad in RdfParser::from_format(format).for_slice(text_content.as_bytes()) {
        let quad = quad.map_err(|e| rdf_problem(path, e))?;
        triples.push(Triple::new(quad.subject, quad.predicate, quad.object));
    }
    drop(text_content);
    if triples.is_empty() {
        return Err(problem(
            path,
            None,
            None,
            DataErrorKind::Empty,
            "the file holds no triples",
        ));
    }
    let mut report = ImportReport {
        source: path.display().to_string(),
        ..ImportReport::default()
    };

    let type_ = rdf::TYPE.as_str();
    let occupation_class = format!("{ESCO}Occupation");
    let skill_class = format!("{ESCO}Skill");
    let essential_p = format!("{ESCO}hasEssentialSkill");
    let optional_p = format!("{ESCO}hasOptionalSkill");
    let broader_p = format!("{}broader", super::standard::SKOS);
    let scheme_p = format!("{}inScheme", super::standard::SKOS);
    let scheme_class = format!("{}ConceptScheme", super::standard::SKOS);

    fn named(term: &Term) -> Option<&str> {
        if let Term::NamedNode(n) = term {
            Some(n.as_str())
        } else {
            None
        }
    }
    fn subject_of(triple: &Triple) -> Option<&str> {
        if let NamedOrBlankNode::NamedNode(n) = &triple.subject {
            Some(n.as_str())
        } else {
            None
        }
    }
    let mut occupations: BTreeMap<&str, ()> = BTreeMap::new();
    let mut skills: BTreeMap<&str, ()> = BTreeMap::new();
    let mut schemes: HashSet<&str> = HashSet::new();
    let mut with_scheme: HashSet<&str> = HashSet::new();
    let mut relations: Vec<(&str, &str, bool)> = Vec::new();
    let mut broader: Vec<(&str, &str)> = Vec::new();
    let mut skipped_blank = 0;
    for triple in &triples {
        let predicate = triple.predicate.as_str();
        let Some(subject) = subject_of(triple) else {
            if predicate == essential_p || predicate == optional_p {
                skipped_blank += 1;
            }
            continue;
        };
        let object = named(&triple.object);
        if predicate == type_ {
            match object {
                Some(o) if o == occupation_class => {
                    occupations.insert(subject, ());
                }
                Some(o) if o == skill_class => {
                    skills.insert(subject, ());
                }
                Some(o) if o == scheme_class => {
                    schemes.insert(subject);
                }
                _ => {}
            }
        } else if predicate == essential_p || predicate == optional_p {
            match object {
                Some(o) => {
                    occupations.insert(subject, ());
                    skills.insert(o, ());
                    relations.push((subject, o, predicate == essential_p));
                }
                None => skipped_blank += 1,
            }
        } else if predicate == broader_p {
            if let Some(o) = object {
                broader.push((subject, o));
            }
        } else if predicate == scheme_p {
            with_scheme.insert(subject);
            if let Some(o) = object {
                schemes.insert(o);
            }
        }
    }
    if occupations.is_empty() && skills.is_empty() {
        return Err(problem(
            path,
            None,
            None,
            DataErrorKind::Empty,
            "no esco:Occupation, esco:Skill, esco:hasEssentialSkill or esco:hasOptionalSkill in the file",
        ));
    }
    if skipped_blank > 0 {
        report.notes.push(format!(
            "{skipped_blank} skill relations with a blank node or literal end were skipped"
        ));
    }

    let mut builder = Builder::new();
    for scheme in &schemes {
        builder.add(&iri(scheme), rdf::TYPE.into_owned(), wg("Framework").into());
    }
    for occupation in occupations.keys() {
        let node = iri(occupation);
        builder.concept(
            &node,
            &[
                wg("Role"),
                crate::vocab::org::ROLE.into_owned(),
                iri(&occupation_class),
            ],
            !with_scheme.contains(occupation),
        );
    }
    for skill in skills.keys() {
        let node = iri(skill);
        builder.concept(
            &node,
            &[wg("Competency"), iri(&skill_class)],
            !with_scheme.contains(skill),
        );
    }
    // Broader targets that are neither occupations nor skills: ISCO groups and skill groups.
    let mut parents: HashMap<String, Vec<String>> = HashMap::new();
    let (mut families, mut areas) = (HashSet::new(), HashSet::new());
    for &(child, parent) in &broader {
        parents
            .entry(child.to_owned())
            .or_default()
            .push(parent.to_owned());
        if occupations.contains_key(child) && !occupations.contains_key(parent) {
            let parent_node = iri(parent);
            builder.add(&iri(child), wg("belongsToRoleFamily"), parent_node.clone().into());
            if families.insert(parent) {
                builder.concept(&parent_node, &[wg("RoleFamily")], !with_scheme.contains(parent));
            }
        } else if skills.contains_key(child) && !skills.contains_key(parent) && areas.insert(parent) {
            builder.concept(
                &iri(parent),
                &[wg("CompetencyArea")],
                !with_scheme.contains(parent),
            );
        }
    }
    if let Some(cycle) = find_cycle(&parents) {
        return Err(problem(
            path,
            None,
            Some("skos:broader"),
            DataErrorKind::Cycle,
            format!("the broader hierarchy loops: {}", cycle.join(" -> ")),
        ));
    }
    // Essential wins when a pair is stated both ways, as in the requirement index.
    let mut pairs: HashMap<(&str, &str), bool> = HashMap::with_capacity(relations.len());
    let mut order = Vec::with_capacity(relations.len());
    for &(occupation, skill, essential) in &relations {
        match pairs.get_mut(&(occupation, skill)) {
            Some(was) => *was |= essential,
            None => {
                pairs.insert((occupation, skill), essential);
                order.push((occupation, skill));
            }
        }
    }
    let mut essential_count = 0;
    for pair in &order {
        let essential = pairs[pair];
        essential_count += usize::from(essential);
        builder.requirement(&iri(pair.0), &iri(pair.1), essential);
    }
    report.added.insert("roles".into(), occupations.len());
    report.added.insert("competencies".into(), skills.len());
    report.added.insert("role families".into(), families.len());
    report.added.insert("competency areas".into(), areas.len());
    report.added.insert("requirements".into(), order.len());
    report
        .added
        .insert("essential requirements".into(), essential_count);
    report.added.insert("source triples".into(), triples.len());
    report.notes.push(format!(
        "the file's {} triples are kept as they are; the mapped triples are added beside them",
        triples.len()
    ));
    drop(pairs);
    drop(order);
    drop(relations);
    drop(broader);
    drop(occupations);
    drop(skills);
    drop(schemes);
    drop(with_scheme);
    drop(families);
    drop(areas);
    let mut all = triples;
    all.append(&mut builder.triples);
    report.triples = all.len();
    Ok(ImportedTriples { triples: all, report })
}

/// An RDF syntax error as a located problem.
pub(crate) fn rdf_problem(path: &Path, error: oxigraph::io::RdfSyntaxError) -> ImportError {
    let location = error.location();
    let mut problem = DataError::new(DataErrorKind::Malformed, path, error.to_string());
    if let Some(location) = location {
        problem = problem
            .at_line(location.start.line + 1)
            .at_offset(location.start.column + 1);
    }
    problem.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;
    use std::fs;

    const OCC: &str = "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,description,code\n";
    const SKILLS: &str = "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,description\n";
    const REL: &str = "occupationUri,relationType,skillType,skillUri\n";

    fn release(occupations: &str, skills: &str, relations: &str) -> tempfile::TempDir {
        let directory = tempfile::tempdir().unwrap();
        fs::write(
            directory.path().join("occupations_en.csv"),
            format!("{OCC}{occupations}"),
        )
        .unwrap();
        fs::write(
            directory.path().join("skills_en.csv"),
            format!("{SKILLS}{skills}"),
        )
        .unwrap();
        fs::write(
            directory.path().join("occupationSkillRelations_en.csv"),
            format!("{REL}{relations}"),
        )
        .unwrap();
        directory
    }

    const O1: &str =
        "Occupation,http://e.org/occupation/1,2511,data scientist,\"data wrangler\nML engineer\",d,2511.1\n";
    const S12: &str =
        "KnowledgeSkillCompetence,http://e.org/skill/1,skill/competence,cross-sector,statistics,,d\n\
                       KnowledgeSkillCompetence,http://e.org/skill/2,knowledge,cross-sector,python,,d\n";

    #[test]
    fn occupations_skills_and_relations_are_mapped() {
        let directory = release(
            O1,
            S12,
            "http://e.org/occupation/1,essential,skill/competence,http://e.org/skill/1\n\
             http://e.org/occupation/1,optional,knowledge,http://e.org/skill/2\n\
             http://e.org/occupation/1,essential,knowledge,http://e.org/skill/2\n",
        );
        let import = read_esco(directory.path(), None).unwrap();
        assert_eq!(import.report.added["roles"], 1);
        assert_eq!(import.report.added["competencies"], 2);
        assert_eq!(import.report.added["requirements"], 2);
        assert_eq!(
            import.report.added["essential requirements"], 2,
            "{:?}",
            import.report.notes
        );
        let turtle = super::super::to_turtle(&import.triples);
        assert!(turtle.contains("\"data wrangler\"@en"), "{turtle}");
        assert!(turtle.contains("\"2511.1\""), "{turtle}");
    }

    #[rstest]
    #[case(
        "http://e.org/occupation/1,essential,skill/competence,http://e.org/skill/9\n",
        DataErrorKind::UnknownReference,
        Some(2),
        "skillUri"
    )]
    #[case(
        "http://e.org/occupation/1,sometimes,skill/competence,http://e.org/skill/1\n",
        DataErrorKind::InvalidValue,
        Some(2),
        "relationType"
    )]
    fn bad_relations_are_located(
        #[case] relations: &str,
        #[case] kind: DataErrorKind,
        #[case] line: Option<u64>,
        #[case] column: &str,
    ) {
        let directory = release(O1, S12, relations);
        let ImportError::Data(found) = read_esco(directory.path(), None).unwrap_err() else {
            panic!()
        };
        assert_eq!(
            (found.kind, found.line, found.column.as_deref()),
            (kind, line, Some(column))
        );
    }

    #[test]
    fn a_duplicated_concept_is_refused() {
        let directory = release(&format!("{O1}{O1}"), S12, "");
        let ImportError::Data(found) = read_esco(directory.path(), None).unwrap_err() else {
            panic!()
        };
        assert_eq!((found.kind, found.line), (DataErrorKind::DuplicateId, Some(4)));
    }

    #[test]
    fn skos_rdf_shortcuts_become_requirements() {
        let import = super::super::read_written(
            "esco.nt",
            "<http://e.org/o/1> <http://data.europa.eu/esco/model#hasEssentialSkill> <http://e.org/s/1> .\n\
             <http://e.org/o/1> <http://data.europa.eu/esco/model#hasOptionalSkill> <http://e.org/s/2> .\n\
             <http://e.org/s/2> <http://www.w3.org/2004/02/skos/core#broader> <http://e.org/g/1> .\n",
            |path| read_esco(path, None),
        )
        .unwrap();
        assert_eq!(import.report.added["requirements"], 2);
        assert_eq!(import.report.added["essential requirements"], 1);
        assert_eq!(import.report.added["competency areas"], 1);
    }

    #[test]
    fn a_broken_rdf_file_is_located() {
        let read = super::super::read_written(
            "esco.nt",
            "<http://e.org/o/1> <http://e.org/p> <http://e.org/o/2> .\n<http://e.org/o/1> oops .\n",
            |path| read_esco(path, None),
        );
        let ImportError::Data(found) = read.unwrap_err() else {
            panic!()
        };
        assert_eq!((found.kind, found.line), (DataErrorKind::Malformed, Some(2)));
    }
}
