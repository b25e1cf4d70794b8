//! The standards importers and exporters for Python: ESCO, 1EdTech CASE and SSSOM.

use super::errors::{data_format_error, io_error, map_resolve_error, map_storage_error, DataLocation};
use super::graph::{report_to_dict, PyGraph};
use super::guarded::detach_guarded;
use crate::import::standard::{StandardError, StandardImport};
use crate::import::{case, esco, sssom};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;

/// The one mapping of [`StandardError`] to Python exceptions.
fn map_standard_error(error: StandardError) -> PyErr {
    match error {
        StandardError::Io { path, source } => io_error(&source, &path),
        StandardError::Data(found) => {
            let message = found.to_string();
            let at = DataLocation {
                filename: Some(found.path.display().to_string()),
                line: found.line,
                offset: found.offset,
                column: found.column,
                kind: Some(found.kind.name()),
            };
            data_format_error(message, at)
        }
        StandardError::Argument(message) => PyValueError::new_err(message),
        StandardError::Storage(e) => map_storage_error(e),
    }
}

/// A progress bar from `workforce_graph._progress` when it is installed and wanted, else None.
fn progress_bar<'py>(
    py: Python<'py>,
    total: usize,
    description: &str,
    enabled: bool,
    unit: &str,
) -> Option<Bound<'py, PyAny>> {
    if !enabled {
        return None;
    }
    let module = py.import("workforce_graph._progress").ok()?;
    module
        .getattr("Progress")
        .ok()?
        .call1((total, description, enabled, unit))
        .ok()
}

fn step(bar: Option<&Bound<'_, PyAny>>) {
    if let Some(bar) = bar {
        let _ = bar.call_method1("update", (1,));
    }
}

fn close(bar: Option<Bound<'_, PyAny>>) {
    if let Some(bar) = bar {
        let _ = bar.call_method0("close");
    }
}

impl PyGraph {
    /// Inserts a read import in one transaction and returns its report.
    fn insert_import<'py>(
        &self,
        py: Python<'py>,
        mut import: StandardImport,
    ) -> PyResult<Bound<'py, PyDict>> {
        let store = self.graph()?;
        detach_guarded(py, "WorkforceGraphError", || {
            crate::import::reuse_mapping_nodes(store.store(), &mut import.triples)?;
            store.insert_triples(&import.triples)
        })?
        .map_err(map_storage_error)?;
        report_to_dict(py, &import.report)
    }
}

#[pymethods]
impl PyGraph {
    /// Imports ESCO (European Skills, Competences, Qualifications and Occupations): the official
    /// CSV release (a folder holding ``occupations_en.csv``, ``skills_en.csv``,
    /// ``occupationSkillRelations_en.csv`` and, when present, ``skillGroups_en.csv``,
    /// ``ISCOGroups_en.csv``, ``broaderRelationsOccPillar_en.csv``,
    /// ``broaderRelationsSkillPillar_en.csv``; ESCO v1.2 columns) or the SKOS-RDF release (one file
    /// in any RDF format).
    ///
    /// Occupations become roles, skills competencies, skill groups competency areas and ISCO groups
    /// role families, keeping their ESCO IRIs; each occupation-skill relation becomes a requirement
    /// (essential or optional) with the shortcut ``wg:requiresCompetency``; broader relations become
    /// ``skos:broader``. The role analyses (``role_overlap``, ``similar_roles``, ``skill_gap``,
    /// ``coverage_gaps``) then work on ESCO. All or nothing.
    ///
    /// :param path: the CSV folder or the RDF file.
    /// :param format: the RDF format, when the file's extension does not tell it.
    /// :param progress: show a progress bar (when ``workforce_graph._progress`` is available).
    /// :return: ``added`` (counts by kind), ``notes`` (what was merged or skipped, and why),
    ///     ``triples``, ``source``.
    /// :rtype: dict[str, object]
    /// :raises DataFormatError: for a malformed file, a missing column, a duplicated concept, a
    ///     relation to an unknown occupation or skill, a looping hierarchy, non-UTF-8 or empty
    ///     input, with ``filename``, ``lineno``, ``offset``, ``column`` and ``kind``.
    ///
    /// >>> import pathlib, tempfile
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "esco.nt"
    /// >>> _ = path.write_text(
    /// ...     "<http://example.org/o/1> <http://data.europa.eu/esco/model#hasEssentialSkill> <http://example.org/s/1> .\n"
    /// ...     "<http://example.org/o/1> <http://data.europa.eu/esco/model#hasOptionalSkill> <http://example.org/s/2> .\n")
    /// >>> g = Graph(bundled=False)
    /// >>> report = g.import_esco(path, progress=False)
    /// >>> report["added"]["requirements"], report["added"]["essential requirements"]
    /// (2, 1)
    #[pyo3(signature = (path, *, format = None, progress = true))]
    fn import_esco<'py>(
        &self,
        py: Python<'py>,
        path: PathBuf,
        format: Option<&str>,
        progress: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let bar = progress_bar(
            py,
            2,
            "ESCO import (read the files, store the triples)",
            progress,
            "step",
        );
        let result = py
            .detach(|| esco::read_esco(&path, format))
            .map_err(map_standard_error);
        let import = match result {
            Ok(import) => import,
            Err(e) => {
                close(bar);
                return Err(e);
            }
        };
        step(bar.as_ref());
        let report = self.insert_import(py, import);
        step(bar.as_ref());
        close(bar);
        report
    }

    /// Imports a 1EdTech CASE ``CFPackage`` (JSON with ``CFDocument``, ``CFItems`` and
    /// ``CFAssociations``): the document becomes a framework, items its competencies, ``isChildOf``
    /// the hierarchy, and the other association types links or mappings as the ontology's README
    /// documents (``exactMatchOf``/``isRelatedTo`` as SKOS mappings with a ``wg:Mapping`` node,
    /// ``isPeerOf`` as ``skos:related``, ``precedes`` as ranks, ``replacedBy``, ``exemplar``,
    /// ``hasSkillLevel`` as a requirement with a level). A match may point to a concept the graph
    /// already holds. All or nothing.
    ///
    /// :param path: the JSON file.
    /// :return: ``added`` (counts by kind), ``notes``, ``triples``, ``source``.
    /// :rtype: dict[str, object]
    /// :raises DataFormatError: for malformed JSON (with ``lineno`` and ``offset``), a missing
    ///     field, a duplicated identifier, an association to an unknown item, a looping
    ///     ``isChildOf`` hierarchy, non-UTF-8 or empty input.
    ///
    /// >>> import pathlib, tempfile
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "lcf.json"
    /// >>> Graph().export_case("LCF", path)["items"]
    /// 6
    /// >>> report = Graph().import_case(path)  # its crosswalk links need the other frameworks' items
    /// >>> report["added"]["competencies"], report["added"]["isRelatedTo associations"]
    /// (6, ...)
    fn import_case<'py>(&self, py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyDict>> {
        let store = self.graph()?;
        let import = py
            .detach(|| case::read_case(&path, &|value: &str| case::is_concept(store.store(), value)))
            .map_err(map_standard_error)?;
        self.insert_import(py, import)
    }

    /// Writes a framework as a 1EdTech CASE ``CFPackage`` (JSON) that ``import_case`` reads back
    /// to the same triples.
    ///
    /// :param framework: the framework's code, name or IRI.
    /// :param path: the JSON file to write.
    /// :return: ``items`` and ``associations`` written, and ``path``.
    /// :rtype: dict[str, object]
    /// :raises UnknownNameError: if no framework has that code or name.
    ///
    /// >>> import json, pathlib, tempfile
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "lcf.json"
    /// >>> written = Graph().export_case("LCF", path)
    /// >>> len(json.loads(path.read_text())["CFItems"]) == written["items"]
    /// True
    fn export_case<'py>(
        &self,
        py: Python<'py>,
        framework: &str,
        path: PathBuf,
    ) -> PyResult<Bound<'py, PyDict>> {
        let graph = self.graph()?;
        let scheme = py
            .detach(|| crate::catalogue::resolve_framework(&graph, framework))
            .map_err(map_resolve_error)?;
        let written = py
            .detach(|| case::write_case(graph.store(), &scheme, &path))
            .map_err(map_standard_error)?;
        let dict = PyDict::new(py);
        dict.set_item("framework", scheme.as_str())?;
        dict.set_item("items", written.items)?;
        dict.set_item("associations", written.associations)?;
        dict.set_item("path", path.display().to_string())?;
        Ok(dict)
    }

    /// Imports an SSSOM TSV mapping set (the ``#`` YAML header with its ``curie_map``, then the
    /// columns ``subject_id``, ``predicate_id``, ``object_id``, ``mapping_justification`` and
    /// optionally ``subject_label``, ``object_label``, ``confidence``, ``author_id``,
    /// ``mapping_date``, ``mapping_source``, ``comment``) as curated mappings with provenance:
    /// the SKOS mapping triple plus a ``wg:Mapping`` node, as in the bundled crosswalks. Rows whose
    /// predicate is not one of the five SKOS mapping properties are skipped (see ``notes``);
    /// concepts unknown to the graph are added with their labels. All or nothing.
    ///
    /// :param path: the TSV file.
    /// :return: ``added`` (``mappings``, ``authors``), ``notes``, ``triples``, ``source``.
    /// :rtype: dict[str, object]
    /// :raises DataFormatError: for a malformed header or table, a missing column, a CURIE with
    ///     an unknown prefix, a repeated mapping, a confidence outside 0..1, a bad date, non-UTF-8
    ///     or empty input.
    ///
    /// >>> import pathlib, tempfile
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "crosswalks.sssom.tsv"
    /// >>> rows = Graph().export_sssom(path)
    /// >>> Graph(bundled=False).import_sssom(path)["added"]["mappings"] == rows
    /// True
    fn import_sssom<'py>(&self, py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyDict>> {
        let store = self.graph()?;
        let prefix_label = crate::import::standard::skos("prefLabel");
        let import = py
            .detach(|| {
                let has_label = |value: &str| {
                    oxigraph::model::NamedNodeRef::new(value).is_ok_and(|node| {
                        store
                            .store()
                            .quads_for_pattern(Some(node.into()), Some(prefix_label.as_ref()), None, None)
                            .next()
                            .is_some()
                    })
                };
                sssom::read_sssom(&path, &has_label)
            })
            .map_err(map_standard_error)?;
        self.insert_import(py, import)
    }

    /// Writes the graph's curated mappings (``wg:Mapping`` nodes) as an SSSOM TSV file: all of
    /// them, those between frameworks ``a`` and ``b``, or those touching ``a``. Naming SFIA before
    /// its licensed content is loaded (:meth:`import_sfia`) raises :class:`FrameworkNotLoadedError`.
    ///
    /// :param path: the TSV file to write.
    /// :param a: a framework's code, name or IRI.
    /// :param b: another framework.
    /// :return: the number of mapping rows written.
    /// :rtype: int
    ///
    /// >>> import pathlib, tempfile
    /// >>> g = Graph()
    /// >>> path = pathlib.Path(tempfile.mkdtemp()) / "crosswalks.sssom.tsv"
    /// >>> g.export_sssom(path) == len(g.mappings())
    /// True
    #[pyo3(signature = (path, a = None, b = None))]
    fn export_sssom(
        &self,
        py: Python<'_>,
        path: PathBuf,
        a: Option<&str>,
        b: Option<&str>,
    ) -> PyResult<usize> {
        let graph = self.graph()?;
        let resolve = |name: Option<&str>| -> PyResult<Option<oxigraph::model::NamedNode>> {
            name.map(|n| {
                detach_guarded(py, "WorkforceGraphError", || {
                    crate::catalogue::resolve_framework(&graph, n)
                })?
                .map_err(map_resolve_error)
            })
            .transpose()
        };
        let (a, b) = (resolve(a)?, resolve(b)?);
        for framework in [&a, &b].into_iter().flatten() {
            crate::import::sfia::check_loaded(&graph, framework)
                .map_err(|message| super::errors::domain_error("FrameworkNotLoadedError", message))?;
        }
        detach_guarded(py, "WorkforceGraphError", || {
            sssom::write_sssom(graph.store(), &path, a.as_ref(), b.as_ref())
        })?
        .map_err(map_standard_error)
    }
}
