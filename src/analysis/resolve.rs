//! The one rule that turns a role name into what a role analysis runs on, and the errors that say
//! why a name cannot be analysed.

use super::index::{RequirementIndex, RoleQuery};
use super::lookup::Suggestion;
use super::AnalysisError;
use crate::coding::TitleCoder;
use oxigraph::store::Store;

/// What `name` stands for in `similar_roles`, `skill_gap` and `next_roles`: by IRI, code or exact
/// name, as [`RequirementIndex::resolve_role`] says (a role with levels stands for every one of
/// its levels). Unlike that method, this one needs something to compare:
///
/// - an unknown name is [`AnalysisError::UnknownHolder`] with close matches across every
///   framework and, when the graph holds one coding frame, where that frame places the name as a
///   job title ("Clinical coder" is in the specialist area "Clinical Coding"), with the frameworks
///   whose roles carry requirements;
/// - a role none of whose levels has a requirement (the NHS roles of the evidence brief, say) is
///   [`AnalysisError::NoRequirements`] naming it and the frameworks that do carry requirements,
///   never an empty answer.
///
/// A role with levels some of which have no requirement keeps the others.
pub fn resolve_role(store: &Store, index: &RequirementIndex, name: &str) -> Result<RoleQuery, AnalysisError> {
    let query = match index.resolve_role(name) {
        Ok(query) => query,
        Err(AnalysisError::UnknownHolder {
            name, suggestions, ..
        }) => {
            let note = job_title_note(store, &name, index);
            return Err(AnalysisError::UnknownHolder {
                name,
                suggestions,
                note: Some(note),
            });
        }
        Err(other) => return Err(other),
    };
    let mut holders = query.holders.clone();
    holders.retain(|&h| !index.requirements(h).is_empty());
    if holders.is_empty() {
        let named: Vec<Suggestion> = match query.role {
            Some(role) => {
                let role = &index.roles()[role];
                vec![Suggestion::of(role.label.as_deref(), role.iri.as_str())]
            }
            None => query
                .holders
                .iter()
                .map(|&h| Suggestion::of(index.holder(h).label.as_deref(), index.holder(h).iri.as_str()))
                .collect(),
        };
        return Err(AnalysisError::NoRequirements {
            name: name.to_owned(),
            holders: named,
            frameworks: index.frameworks_with_requirements(),
        });
    }
    Ok(RoleQuery {
        holders,
        role: query.role,
    })
}

/// Checks that some role of `framework` (an IRI) carries a requirement, so that an analysis
/// scoped to it can find something; `given` is the name the caller used, for the message.
pub fn check_framework(index: &RequirementIndex, framework: &str, given: &str) -> Result<(), AnalysisError> {
    let carries = index.holders().iter().enumerate().any(|(h, holder)| {
        holder.frameworks.iter().any(|f| f.as_str() == framework)
            && !index.requirements(super::HolderId(h as u32)).is_empty()
    });
    if carries {
        Ok(())
    } else {
        Err(AnalysisError::FrameworkWithoutRequirements {
            name: given.to_owned(),
            frameworks: index.frameworks_with_requirements(),
        })
    }
}

/// What the graph says about an unknown role name: where the coding frame places it as a job
/// title (when the graph holds exactly one frame), and which frameworks carry requirements.
fn job_title_note(store: &Store, name: &str, index: &RequirementIndex) -> String {
    let frameworks = index.frameworks_with_requirements();
    let with = if frameworks.is_empty() {
        "no framework in the graph states requirements".to_owned()
    } else {
        format!("frameworks with requirements: {}", frameworks.join(", "))
    };
    let coded = TitleCoder::read(store, None).ok().and_then(|coder| {
        let coded = coder.code(name, 0.5);
        let area = coded.area.code.map(|a| coder.areas[a].label.clone())?;
        let level = coded.seniority.code.map(|l| coder.levels[l].label.clone());
        Some(match level {
            Some(level) => format!(
                "as a job title, the coding frame places it in the specialist area {area:?} at the seniority level \
                 {level:?}; the graph records no requirements for the coding frame's areas"
            ),
            None => format!(
                "as a job title, the coding frame places it in the specialist area {area:?}; the graph records no \
                 requirements for the coding frame's areas"
            ),
        })
    });
    match coded {
        Some(coded) => format!("{coded}; {with}"),
        None => with,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{self, ID, OUR_MODEL};
    use super::*;

    fn iri(path: &str) -> String {
        format!("{ID}{path}")
    }

    #[test]
    fn a_role_with_levels_resolves_by_iri_and_name_to_every_level() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        let levels: Vec<String> = ["associate", "analyst", "senior", "principal"]
            .iter()
            .map(|l| iri(&format!("t/role/analyst/level/{l}")))
            .collect();
        for name in [iri("t/role/analyst"), "  data ANALYST ".to_owned()] {
            let query = index.resolve_role(&name).unwrap();
            let got: Vec<&str> = query
                .holders
                .iter()
                .map(|&h| index.holder(h).iri.as_str())
                .collect();
            assert_eq!(got, levels, "{name}");
            assert_eq!(
                index.roles()[query.role.unwrap()].iri.as_str(),
                iri("t/role/analyst")
            );
            // The store-aware rule drops the level without requirements (principal).
            let analysable = resolve_role(&store, &index, &name).unwrap();
            assert_eq!(analysable.holders.len(), 3);
        }
        // The level named like its role is reached by IRI; a single holder rejects a whole role.
        let level = index.resolve_role(&iri("t/role/analyst/level/analyst")).unwrap();
        assert_eq!(level.role, None);
        match index.resolve_holder("Data analyst") {
            Err(AnalysisError::AmbiguousHolder { candidates, .. }) => {
                assert_eq!(candidates.len(), 4)
            }
            other => panic!("{other:?}"),
        }
        // A role with one level is that level, as a single holder.
        let lead = index.resolve_holder(&iri("t/role/engineer")).unwrap();
        assert_eq!(index.holder(lead).iri.as_str(), iri("t/role/engineer/level/lead"));
    }

    #[test]
    fn codes_resolve_and_shared_names_are_ambiguous() {
        let text = format!(
            "{OUR_MODEL}\n<{}> <http://www.w3.org/2004/02/skos/core#notation> \"SDA\" .\n<{}> <http://www.w3.org/2004/02/skos/core#notation> \"DA\" .",
            iri("t/role/analyst/level/senior"),
            iri("t/role/analyst")
        );
        let store = testdata::store_of(&text);
        let index = RequirementIndex::build(&store).unwrap();
        let senior = index.resolve_role("sda").unwrap();
        assert_eq!(
            index.holder(senior.holders[0]).iri.as_str(),
            iri("t/role/analyst/level/senior")
        );
        assert_eq!(index.resolve_role("DA").unwrap().holders.len(), 4);
        match index.resolve_role("Lead") {
            Err(AnalysisError::AmbiguousHolder { candidates, .. }) => {
                assert_eq!(candidates.len(), 2)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn no_requirements_and_unknown_names_say_why() {
        let store = testdata::store_of(OUR_MODEL);
        let index = RequirementIndex::build(&store).unwrap();
        match resolve_role(&store, &index, "Principal data analyst") {
            Err(AnalysisError::NoRequirements {
                holders, frameworks, ..
            }) => {
                assert_eq!(holders[0].iri, iri("t/role/analyst/level/principal"));
                assert_eq!(frameworks, ["Test framework"]);
            }
            other => panic!("{other:?}"),
        }
        let error = resolve_role(&store, &index, "Data analist").unwrap_err();
        let message = error.to_string();
        assert!(message.contains("\"Data analyst\""), "{message}");
        assert!(
            message.contains("frameworks with requirements: Test framework"),
            "{message}"
        );
        assert!(check_framework(&index, &iri("framework/t"), "T").is_ok());
        let empty = check_framework(&index, &iri("framework/empty"), "Empty")
            .unwrap_err()
            .to_string();
        assert!(
            empty.contains("\"Empty\"") && empty.contains("Test framework"),
            "{empty}"
        );
    }
}
