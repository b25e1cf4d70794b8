//! SHACL Core validation (<https://www.w3.org/TR/shacl/>) of one graph of a store (the data graph)
//! against any shapes graph: [`validate_graph`]. It passes all 98 tests of the W3C SHACL Core test
//! suite (`tests/w3c_shacl.rs`).
//!
//! The shapes are compiled once into plain Rust values. Validation is set-based so that its cost
//! grows with the data, not with one query per focus node: each shape receives all its focus
//! nodes at once, and each predicate that a path or class check needs is read from the store in
//! one scan and indexed in memory for the rest of the run. Value comparisons (`sh:minInclusive`,
//! `sh:lessThan`, ...) and `sh:pattern` are delegated, batched, to oxigraph's SPARQL engine, so
//! they follow SPARQL's operator and REGEX semantics exactly as the specification defines them.
//!
//! Not covered: SHACL-SPARQL (`sh:sparql`), SHACL Advanced Features, and `sh:message` templates.
//! Recursive shapes (undefined by the specification) are evaluated by assuming that a node
//! already being checked against a shape conforms to it, which always terminates.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::rc::Rc;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, rdfs, xsd};
use oxigraph::model::{
    Graph as RdfGraph, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef,
    QuadRef, Term, TermRef, Triple, TripleRef,
};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

/// One validation result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValidationResult {
    /// The focus node (IRI, or `_:id`).
    pub focus_node: String,
    /// The property path in SPARQL syntax, if the result comes from a property shape.
    pub path: Option<String>,
    /// The offending value, as N-Triples term text, if any.
    pub value: Option<String>,
    /// The constraint component IRI (e.g. `http://www.w3.org/ns/shacl#MinCountConstraintComponent`).
    pub constraint: String,
    /// `Violation`, `Warning` or `Info`.
    pub severity: String,
    /// The shape IRI (or `_:id`) that produced it.
    pub shape: String,
    /// The shape's `sh:message`, or a generated one.
    pub message: String,
    /// The shapes file the shape comes from: a bundled file's stem (`violations`, `warnings`) or
    /// the path given to [`crate::Graph::validate`]; `None` for shapes given as text or a graph.
    pub shapes_file: Option<String>,
}

/// Errors in the shapes themselves.
#[derive(Debug, thiserror::Error)]
pub enum ShaclError {
    /// The shapes Turtle is malformed.
    #[error("malformed shapes: {0}")]
    Shapes(String),
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
    /// A SPARQL evaluation used for comparisons or patterns failed.
    #[error("SPARQL evaluation failed during validation: {0}")]
    Evaluation(String),
}

/// A SHACL validation report: whether the data graph conforms, and the results.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValidationReport {
    /// `sh:conforms` as the specification defines it: true when there is no result at all,
    /// whatever its severity.
    pub conforms: bool,
    /// The results, sorted by focus node, path, constraint component and value. A shape reached
    /// along two routes (two `sh:property` links, or a value shared by two focus nodes) reports
    /// its results once per route, as the specification and its test suite require.
    pub results: Vec<ValidationResult>,
}

/// One row of [`ValidationReport::rows`]: a result with its severity in lower case
/// (`violation`, `warning`, `info`). Its table's columns, in order, are the ones it declares
/// ([`crate::table::Row::fields`]), the only list of the report's column names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReportRow<'a> {
    /// See [`ValidationResult::focus_node`].
    pub focus_node: &'a str,
    /// See [`ValidationResult::path`].
    pub path: Option<&'a str>,
    /// See [`ValidationResult::value`].
    pub value: Option<&'a str>,
    /// See [`ValidationResult::constraint`].
    pub constraint: &'a str,
    /// The severity in lower case.
    pub severity: String,
    /// See [`ValidationResult::shape`].
    pub shape: &'a str,
    /// See [`ValidationResult::message`].
    pub message: &'a str,
    /// See [`ValidationResult::shapes_file`].
    pub shapes_file: Option<&'a str>,
}

/// Every column is text, also when the report is empty.
impl crate::table::Row for ReportRow<'_> {
    fn fields() -> Vec<crate::table::Field<Self>> {
        crate::fields![Self;
            text focus_node,
            text path,
            text value,
            text constraint,
            text severity,
            text shape,
            text message,
            text shapes_file,
        ]
    }
}

impl ValidationReport {
    /// The results as table rows (columns [`ReportRow`] declares), in the report's order.
    pub fn rows(&self) -> Vec<ReportRow<'_>> {
        self.results
            .iter()
            .map(|r| ReportRow {
                focus_node: &r.focus_node,
                path: r.path.as_deref(),
                value: r.value.as_deref(),
                constraint: &r.constraint,
                severity: r.severity.to_lowercase(),
                shape: &r.shape,
                message: &r.message,
                shapes_file: r.shapes_file.as_deref(),
            })
            .collect()
    }
}

/// Validates the default graph of `data` against the shapes in `shapes_turtle`.
///
/// All shapes documents are parsed into one shapes graph (each keeps its own prefixes). Results
/// are as in [`validate_graph`].
pub fn validate(data: &Store, shapes_turtle: &[&str]) -> Result<Vec<ValidationResult>, ShaclError> {
    let mut shapes = RdfGraph::new();
    for (index, turtle) in shapes_turtle.iter().enumerate() {
        for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(turtle.as_bytes()) {
            let triple =
                triple.map_err(|e| ShaclError::Shapes(format!("shapes document {}: {e}", index + 1)))?;
            shapes.insert(&Triple::from(triple));
        }
    }
    Ok(validate_graph(data, GraphNameRef::DefaultGraph, &shapes)?.results)
}

/// Validates one graph of `data` (the data graph) against the SHACL Core shapes of `shapes` (the
/// shapes graph): any data, any shapes. Keep the shapes as parsed (not read back from a store,
/// which rewrites some literals) so that their parameters read exactly as written.
///
/// ```
/// use oxigraph::io::{RdfFormat, RdfParser};
/// use oxigraph::model::{Graph, GraphNameRef, Triple};
/// use oxigraph::store::Store;
///
/// let data = Store::new()?;
/// data.load_from_slice(RdfFormat::Turtle, "<http://e/a> a <http://e/C> .".as_bytes())?;
/// let shapes_text = "@prefix sh: <http://www.w3.org/ns/shacl#> .
///     <http://e/S> a sh:NodeShape ; sh:targetClass <http://e/C> ;
///         sh:property [ sh:path <http://e/name> ; sh:minCount 1 ] .";
/// let mut shapes = Graph::new();
/// for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(shapes_text.as_bytes()) {
///     shapes.insert(&Triple::from(quad?));
/// }
/// let report = workforce_graph::shacl::validate_graph(&data, GraphNameRef::DefaultGraph, &shapes)?;
/// assert!(!report.conforms);
/// assert_eq!(report.results[0].constraint, "http://www.w3.org/ns/shacl#MinCountConstraintComponent");
/// # Result::<_, Box<dyn std::error::Error>>::Ok(())
/// ```
pub fn validate_graph(
    data: &Store,
    data_graph: GraphNameRef<'_>,
    shapes: &RdfGraph,
) -> Result<ValidationReport, ShaclError> {
    let scratch = Store::new()?;
    let compiled = Compiler::compile(&ShapesGraph { graph: shapes }, &scratch)?;
    let mut validator = Validator {
        data: DataIndex::new(data, data_graph),
        shapes: &compiled.shapes,
        scratch: &scratch,
        in_progress: HashMap::new(),
    };
    let mut raw = Vec::new();
    for (shape, targets) in &compiled.targets {
        if compiled.shapes[*shape].deactivated {
            continue;
        }
        let focus = validator.focus_nodes(targets)?;
        validator.eval_shape(*shape, &focus, Some(&mut raw))?;
    }
    let mut results: Vec<ValidationResult> =
        raw.into_iter().map(|r| r.into_result(&compiled.shapes)).collect();
    results.sort_by(|a, b| {
        (
            &a.focus_node,
            &a.path,
            &a.constraint,
            &a.value,
            &a.shape,
            &a.severity,
            &a.message,
        )
            .cmp(&(
                &b.focus_node,
                &b.path,
                &b.constraint,
                &b.value,
                &b.shape,
                &b.severity,
                &b.message,
            ))
    });
    Ok(ValidationReport {
        conforms: results.is_empty(),
        results,
    })
}

/// The SPARQL text of the SHACL property path `node` of `graph`, as [`ValidationResult::path`]
/// shows paths (to compare a report written in RDF with ours).
pub fn path_text(graph: &RdfGraph, node: &Term) -> Result<String, ShaclError> {
    Ok(ShapesGraph { graph }.path(node, 0)?.to_sparql())
}

/// Whether a validation report has no result of severity `Violation`.
pub fn conforms_without_violations(results: &[ValidationResult]) -> bool {
    results.iter().all(|r| r.severity != "Violation")
}

const SH: &str = crate::vocab::SH;

/// The SHACL vocabulary terms this module reads from the shapes graph.
mod sh {
    use oxigraph::model::NamedNodeRef;

    macro_rules! terms {
        ($($name:ident = $local:literal),* $(,)?) => {
            $(pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(crate::vocab::iri!(sh, $local));)*
        };
    }

    terms! {
        NODE_SHAPE = "NodeShape", PROPERTY_SHAPE = "PropertyShape",
        TARGET_CLASS = "targetClass", TARGET_NODE = "targetNode",
        TARGET_SUBJECTS_OF = "targetSubjectsOf", TARGET_OBJECTS_OF = "targetObjectsOf",
        PATH = "path", INVERSE_PATH = "inversePath", ALTERNATIVE_PATH = "alternativePath",
        ZERO_OR_MORE_PATH = "zeroOrMorePath", ONE_OR_MORE_PATH = "oneOrMorePath", ZERO_OR_ONE_PATH = "zeroOrOnePath",
        SEVERITY = "severity", MESSAGE = "message", DEACTIVATED = "deactivated",
        CLASS = "class", DATATYPE = "datatype", NODE_KIND = "nodeKind",
        MIN_COUNT = "minCount", MAX_COUNT = "maxCount",
        MIN_INCLUSIVE = "minInclusive", MAX_INCLUSIVE = "maxInclusive",
        MIN_EXCLUSIVE = "minExclusive", MAX_EXCLUSIVE = "maxExclusive",
        MIN_LENGTH = "minLength", MAX_LENGTH = "maxLength", PATTERN = "pattern", FLAGS = "flags",
        LANGUAGE_IN = "languageIn", UNIQUE_LANG = "uniqueLang", IN = "in", HAS_VALUE = "hasValue",
        EQUALS = "equals", DISJOINT = "disjoint", LESS_THAN = "lessThan", LESS_THAN_OR_EQUALS = "lessThanOrEquals",
        CLOSED = "closed", IGNORED_PROPERTIES = "ignoredProperties",
        NOT = "not", AND = "and", OR = "or", XONE = "xone", NODE = "node", PROPERTY = "property",
        QUALIFIED_VALUE_SHAPE = "qualifiedValueShape", QUALIFIED_MIN_COUNT = "qualifiedMinCount",
        QUALIFIED_MAX_COUNT = "qualifiedMaxCount", QUALIFIED_VALUE_SHAPES_DISJOINT = "qualifiedValueShapesDisjoint",
        BLANK_NODE = "BlankNode", IRI = "IRI", LITERAL = "Literal",
        BLANK_NODE_OR_IRI = "BlankNodeOrIRI", BLANK_NODE_OR_LITERAL = "BlankNodeOrLiteral", IRI_OR_LITERAL = "IRIOrLiteral",
    }
}

/// `owl:Class`, which OWL declares a subclass of `rdfs:Class` (so such shapes are implicit class targets).
const OWL_CLASS: NamedNodeRef<'static> = crate::vocab::owl::CLASS;

/// Guards against cyclic path or list structures in the shapes graph.
const MAX_NESTING: usize = 64;

/// Rows per generated SPARQL query, so a large data set does not build one huge query text.
const SPARQL_BATCH: usize = 4096;

type ShapeId = usize;

/// Builds one of the single-operand paths (`sh:inversePath`, `sh:zeroOrMorePath`, ...).
type UnaryPath = fn(Box<Path>) -> Path;

/// A property path as written in the shapes graph.
#[derive(Debug, Clone)]
enum Path {
    Predicate(NamedNode),
    Inverse(Box<Path>),
    Sequence(Vec<Path>),
    Alternative(Vec<Path>),
    ZeroOrMore(Box<Path>),
    OneOrMore(Box<Path>),
    ZeroOrOne(Box<Path>),
}

impl Path {
    /// Binding strength in SPARQL path syntax, used to decide where parentheses are needed.
    fn precedence(&self) -> u8 {
        match self {
            Self::Alternative(_) => 1,
            Self::Sequence(_) => 2,
            Self::Inverse(_) => 3,
            Self::ZeroOrMore(_) | Self::OneOrMore(_) | Self::ZeroOrOne(_) => 4,
            Self::Predicate(_) => 5,
        }
    }

    /// Renders the path in SPARQL property path syntax with full IRIs.
    fn to_sparql(&self) -> String {
        let mut out = String::new();
        self.write_sparql(&mut out, 0);
        out
    }

    fn write_sparql(&self, out: &mut String, min_precedence: u8) {
        let wrap = self.precedence() < min_precedence;
        if wrap {
            out.push('(');
        }
        match self {
            Self::Predicate(p) => {
                let _ = write!(out, "{p}");
            }
            Self::Inverse(inner) => {
                out.push('^');
                inner.write_sparql(out, 4);
            }
            Self::Sequence(items) | Self::Alternative(items) => {
                let (separator, item_precedence) = if matches!(self, Self::Sequence(_)) {
                    ('/', 2)
                } else {
                    ('|', 1)
                };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(separator);
                    }
                    item.write_sparql(out, item_precedence);
                }
            }
            Self::ZeroOrMore(inner) | Self::OneOrMore(inner) | Self::ZeroOrOne(inner) => {
                inner.write_sparql(out, 5);
                out.push(match self {
                    Self::ZeroOrMore(_) => '*',
                    Self::OneOrMore(_) => '+',
                    _ => '?',
                });
            }
        }
        if wrap {
            out.push(')');
        }
    }

    /// The path with inverses pushed down to single predicates, which is what evaluation walks.
    fn to_steps(&self, inverted: bool) -> Step {
        match self {
            Self::Predicate(p) => {
                if inverted {
                    Step::Backward(p.clone())
                } else {
                    Step::Forward(p.clone())
                }
            }
            Self::Inverse(inner) => inner.to_steps(!inverted),
            Self::Sequence(items) => {
                let mut steps: Vec<Step> = items.iter().map(|i| i.to_steps(inverted)).collect();
                if inverted {
                    steps.reverse();
                }
                Step::Sequence(steps)
            }
            Self::Alternative(items) => {
                Step::Alternative(items.iter().map(|i| i.to_steps(inverted)).collect())
            }
            Self::ZeroOrMore(inner) => Step::ZeroOrMore(Box::new(inner.to_steps(inverted))),
            Self::OneOrMore(inner) => Step::OneOrMore(Box::new(inner.to_steps(inverted))),
            Self::ZeroOrOne(inner) => Step::ZeroOrOne(Box::new(inner.to_steps(inverted))),
        }
    }
}

/// A path ready for evaluation: every inverse is on a single predicate.
#[derive(Debug, Clone)]
enum Step {
    Forward(NamedNode),
    Backward(NamedNode),
    Sequence(Vec<Step>),
    Alternative(Vec<Step>),
    ZeroOrMore(Box<Step>),
    OneOrMore(Box<Step>),
    ZeroOrOne(Box<Step>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    BlankNode,
    Iri,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

impl NodeKind {
    fn from_iri(iri: NamedNodeRef<'_>) -> Option<Self> {
        Some(match iri {
            i if i == sh::BLANK_NODE => Self::BlankNode,
            i if i == sh::IRI => Self::Iri,
            i if i == sh::LITERAL => Self::Literal,
            i if i == sh::BLANK_NODE_OR_IRI => Self::BlankNodeOrIri,
            i if i == sh::BLANK_NODE_OR_LITERAL => Self::BlankNodeOrLiteral,
            i if i == sh::IRI_OR_LITERAL => Self::IriOrLiteral,
            _ => return None,
        })
    }

    fn matches(self, term: &Term) -> bool {
        let (blank, iri, literal) = (term.is_blank_node(), term.is_named_node(), term.is_literal());
        match self {
            Self::BlankNode => blank,
            Self::Iri => iri,
            Self::Literal => literal,
            Self::BlankNodeOrIri => blank || iri,
            Self::BlankNodeOrLiteral => blank || literal,
            Self::IriOrLiteral => iri || literal,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::BlankNode => "a blank node",
            Self::Iri => "an IRI",
            Self::Literal => "a literal",
            Self::BlankNodeOrIri => "a blank node or an IRI",
            Self::BlankNodeOrLiteral => "a blank node or a literal",
            Self::IriOrLiteral => "an IRI or a literal",
        }
    }
}

/// The four value range components, each a SPARQL comparison of the value with the bound.
#[derive(Debug, Clone, Copy)]
enum Range {
    MinInclusive,
    MinExclusive,
    MaxInclusive,
    MaxExclusive,
}

impl Range {
    fn operator(self) -> &'static str {
        match self {
            Self::MinInclusive => ">=",
            Self::MinExclusive => ">",
            Self::MaxInclusive => "<=",
            Self::MaxExclusive => "<",
        }
    }

    fn component(self) -> &'static str {
        match self {
            Self::MinInclusive => "MinInclusiveConstraintComponent",
            Self::MinExclusive => "MinExclusiveConstraintComponent",
            Self::MaxInclusive => "MaxInclusiveConstraintComponent",
            Self::MaxExclusive => "MaxExclusiveConstraintComponent",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::MinInclusive => "greater than or equal to",
            Self::MinExclusive => "greater than",
            Self::MaxInclusive => "less than or equal to",
            Self::MaxExclusive => "less than",
        }
    }
}

/// One constraint: a component with its parameter values.
#[derive(Debug, Clone)]
enum Constraint {
    Class(Term),
    Datatype(NamedNode),
    NodeKind(NodeKind),
    MinCount(u64),
    MaxCount(u64),
    Range(Range, Term),
    MinLength(u64),
    MaxLength(u64),
    Pattern {
        pattern: String,
        flags: Option<String>,
    },
    LanguageIn(Vec<String>),
    UniqueLang,
    In(Vec<Term>),
    HasValue(Term),
    Equals(NamedNode),
    Disjoint(NamedNode),
    LessThan(NamedNode),
    LessThanOrEquals(NamedNode),
    Closed(HashSet<NamedNode>),
    Not(ShapeId),
    And(Vec<ShapeId>),
    Or(Vec<ShapeId>),
    Xone(Vec<ShapeId>),
    Node(ShapeId),
    Property(ShapeId),
    Qualified {
        shape: ShapeId,
        min: Option<u64>,
        max: Option<u64>,
        siblings: Vec<ShapeId>,
    },
}

/// A compiled shape.
#[derive(Debug, Clone)]
struct Shape {
    node: NamedOrBlankNode,
    /// For property shapes: the path for evaluation and its SPARQL text.
    path: Option<(Step, String)>,
    severity: String,
    message: Option<String>,
    deactivated: bool,
    constraints: Vec<Constraint>,
}

/// How a shape selects its focus nodes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Class(Term),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// Read access to the shapes graph, with errors for malformed structures.
struct ShapesGraph<'a> {
    graph: &'a RdfGraph,
}

impl ShapesGraph<'_> {
    fn objects(
        &self,
        subject: NamedOrBlankNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<Term>, ShaclError> {
        Ok(self
            .graph
            .objects_for_subject_predicate(subject, predicate)
            .map(TermRef::into_owned)
            .collect())
    }

    /// The single value of a parameter that the specification allows at most once.
    fn object(
        &self,
        subject: NamedOrBlankNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Option<Term>, ShaclError> {
        let mut objects = self.objects(subject, predicate)?;
        match objects.len() {
            0 | 1 => Ok(objects.pop()),
            _ => Err(ShaclError::Shapes(format!(
                "{subject} has more than one value for {predicate}"
            ))),
        }
    }

    fn subjects(
        &self,
        predicate: NamedNodeRef<'_>,
        object: Option<&Term>,
    ) -> Result<Vec<NamedOrBlankNode>, ShaclError> {
        Ok(match object {
            Some(object) => self
                .graph
                .subjects_for_predicate_object(predicate, object)
                .map(NamedOrBlankNodeRef::into_owned)
                .collect(),
            None => self
                .graph
                .triples_for_predicate(predicate)
                .map(|t| t.subject.into_owned())
                .collect(),
        })
    }

    fn has_type(
        &self,
        subject: NamedOrBlankNodeRef<'_>,
        class: NamedNodeRef<'_>,
    ) -> Result<bool, ShaclError> {
        Ok(self.graph.contains(TripleRef::new(subject, rdf::TYPE, class)))
    }

    /// The members of an RDF list.
    fn list(&self, head: &Term) -> Result<Vec<Term>, ShaclError> {
        let mut members = Vec::new();
        let mut visited = HashSet::new();
        let mut node = head.clone();
        loop {
            if let Term::NamedNode(n) = &node {
                if n.as_ref() == rdf::NIL {
                    return Ok(members);
                }
            }
            let subject = as_subject(&node)
                .ok_or_else(|| ShaclError::Shapes(format!("{head} is not a well-formed RDF list")))?;
            if !visited.insert(subject.clone()) {
                return Err(ShaclError::Shapes(format!("the RDF list {head} is cyclic")));
            }
            let first = self.object(subject.as_ref(), rdf::FIRST)?;
            let rest = self.object(subject.as_ref(), rdf::REST)?;
            match (first, rest) {
                (Some(first), Some(rest)) => {
                    members.push(first);
                    node = rest;
                }
                _ => {
                    return Err(ShaclError::Shapes(format!(
                        "{head} is not a well-formed RDF list"
                    )))
                }
            }
        }
    }

    fn flag(
        &self,
        subject: NamedOrBlankNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
    ) -> Result<bool, ShaclError> {
        match self.object(subject, predicate)? {
            None => Ok(false),
            // The specification names the literal `true`: `"1"^^xsd:boolean`, a distinct RDF term
            // with the same value, does not turn a parameter on (W3C test core/property/uniqueLang-002).
            Some(Term::Literal(l)) if l.datatype() == xsd::BOOLEAN => match l.value() {
                "true" => Ok(true),
                "false" | "0" | "1" => Ok(false),
                other => Err(ShaclError::Shapes(format!(
                    "{predicate} of {subject} is not a boolean: {other:?}"
                ))),
            },
            Some(other) => Err(bad_parameter(predicate, subject, "a boolean", other)),
        }
    }

    fn count(
        &self,
        subject: NamedOrBlankNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Option<u64>, ShaclError> {
        let Some(value) = self.object(subject, predicate)? else {
            return Ok(None);
        };
        let number = match &value {
            Term::Literal(l) => l.value().trim().trim_start_matches('+').parse::<u64>().ok(),
            _ => None,
        };
        number
            .map(Some)
            .ok_or_else(|| bad_parameter(predicate, subject, "a non-negative integer", value))
    }

    fn iri(
        &self,
        subject: NamedOrBlankNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
        value: Term,
    ) -> Result<NamedNode, ShaclError> {
        match value {
            Term::NamedNode(n) => Ok(n),
            other => Err(bad_parameter(predicate, subject, "an IRI", other)),
        }
    }

    fn path(&self, node: &Term, depth: usize) -> Result<Path, ShaclError> {
        if depth > MAX_NESTING {
            return Err(ShaclError::Shapes(format!(
                "the path {node} is nested too deeply or cyclic"
            )));
        }
        let subject = match node {
            Term::NamedNode(p) => return Ok(Path::Predicate(p.clone())),
            Term::BlankNode(b) => NamedOrBlankNodeRef::BlankNode(b.as_ref()),
            other => {
                return Err(ShaclError::Shapes(format!(
                    "a path must be an IRI or a blank node, found {other}"
                )))
            }
        };
        if self.object(subject, rdf::FIRST)?.is_some() {
            let mut items = self
                .list(node)?
                .iter()
                .map(|i| self.path(i, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            return match items.len() {
                0 => Err(ShaclError::Shapes(format!("the sequence path {node} is empty"))),
                1 => Ok(items.remove(0)),
                _ => Ok(Path::Sequence(items)),
            };
        }
        if let Some(list) = self.object(subject, sh::ALTERNATIVE_PATH)? {
            let items = self
                .list(&list)?
                .iter()
                .map(|i| self.path(i, depth + 1))
                .collect::<Result<Vec<_>, _>>()?;
            if items.is_empty() {
                return Err(ShaclError::Shapes(format!(
                    "the alternative path {node} is empty"
                )));
            }
            return Ok(Path::Alternative(items));
        }
        let unary: [(NamedNodeRef<'_>, UnaryPath); 4] = [
            (sh::INVERSE_PATH, Path::Inverse),
            (sh::ZERO_OR_MORE_PATH, Path::ZeroOrMore),
            (sh::ONE_OR_MORE_PATH, Path::OneOrMore),
            (sh::ZERO_OR_ONE_PATH, Path::ZeroOrOne),
        ];
        for (predicate, build) in unary {
            if let Some(inner) = self.object(subject, predicate)? {
                return Ok(build(Box::new(self.path(&inner, depth + 1)?)));
            }
        }
        Err(ShaclError::Shapes(format!("{node} is not a SHACL property path")))
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// The shapes, and for each shape with targets, its targets.
struct Compiled {
    shapes: Vec<Shape>,
    targets: Vec<(ShapeId, Vec<Target>)>,
}

/// Turns shape nodes into [`Shape`]s, each once, following references between shapes.
struct Compiler<'a> {
    graph: &'a ShapesGraph<'a>,
    scratch: &'a Store,
    ids: HashMap<NamedOrBlankNode, ShapeId>,
    shapes: Vec<Option<Shape>>,
}

impl<'a> Compiler<'a> {
    fn compile(graph: &'a ShapesGraph<'a>, scratch: &'a Store) -> Result<Compiled, ShaclError> {
        let mut compiler = Self {
            graph,
            scratch,
            ids: HashMap::new(),
            shapes: Vec::new(),
        };
        let mut targets: Vec<(ShapeId, Vec<Target>)> = Vec::new();
        let mut add =
            |compiler: &mut Self, shape: NamedOrBlankNode, target: Target| -> Result<(), ShaclError> {
                let id = compiler.shape_id(&shape.into())?;
                match targets.iter_mut().find(|(s, _)| *s == id) {
                    Some((_, list)) if !list.contains(&target) => list.push(target),
                    Some(_) => {}
                    None => targets.push((id, vec![target])),
                }
                Ok(())
            };
        for quad in graph
            .graph
            .triples_for_predicate(sh::TARGET_CLASS)
            .map(TripleRef::into_owned)
        {
            if quad.object.is_literal() {
                return Err(bad_parameter(
                    "sh:targetClass",
                    quad.subject,
                    "an IRI",
                    quad.object,
                ));
            }
            add(&mut compiler, quad.subject, Target::Class(quad.object))?;
        }
        for quad in graph
            .graph
            .triples_for_predicate(sh::TARGET_NODE)
            .map(TripleRef::into_owned)
        {
            let node = compiler.as_stored(quad.object)?;
            add(&mut compiler, quad.subject, Target::Node(node))?;
        }
        for (predicate, build) in [
            (
                sh::TARGET_SUBJECTS_OF,
                Target::SubjectsOf as fn(NamedNode) -> Target,
            ),
            (sh::TARGET_OBJECTS_OF, Target::ObjectsOf),
        ] {
            for quad in graph
                .graph
                .triples_for_predicate(predicate)
                .map(TripleRef::into_owned)
            {
                let property = graph.iri(quad.subject.as_ref(), predicate, quad.object)?;
                add(&mut compiler, quad.subject, build(property))?;
            }
        }
        for shape in compiler.implicit_class_targets()? {
            add(&mut compiler, shape.clone().into(), Target::Class(shape.into()))?;
        }
        let mut shapes = Vec::with_capacity(compiler.shapes.len());
        for (id, shape) in compiler.shapes.into_iter().enumerate() {
            shapes.push(
                shape.ok_or_else(|| ShaclError::Shapes(format!("shape number {id} was not compiled")))?,
            );
        }
        Ok(Compiled { shapes, targets })
    }

    /// Shapes that are also classes in the shapes graph target their own instances.
    fn implicit_class_targets(&self) -> Result<Vec<NamedNode>, ShaclError> {
        let mut class_types: Vec<Term> = vec![rdfs::CLASS.into(), OWL_CLASS.into()];
        let mut i = 0;
        while i < class_types.len() {
            for sub in self.graph.subjects(rdfs::SUB_CLASS_OF, Some(&class_types[i]))? {
                let sub = Term::from(sub);
                if !class_types.contains(&sub) {
                    class_types.push(sub);
                }
            }
            i += 1;
        }
        let mut found = Vec::new();
        for class_type in &class_types {
            for subject in self.graph.subjects(rdf::TYPE, Some(class_type))? {
                if let NamedOrBlankNode::NamedNode(n) = &subject {
                    let is_shape = self.graph.has_type(subject.as_ref(), sh::NODE_SHAPE)?
                        || self.graph.has_type(subject.as_ref(), sh::PROPERTY_SHAPE)?;
                    if is_shape && !found.contains(n) {
                        found.push(n.clone());
                    }
                }
            }
        }
        Ok(found)
    }

    /// A term of the shapes graph as the data store holds it. oxigraph keeps literals in a
    /// canonical form (`"1"^^xsd:boolean` as `true`, `"5"^^xsd:int` as `"5"^^xsd:integer`), so
    /// the shapes' terms that are compared with data terms by identity (`sh:in`, `sh:hasValue`,
    /// `sh:targetNode`) are put in the same form. The shapes graph itself is kept as parsed, so
    /// that its parameters read as written (`sh:uniqueLang "1"^^xsd:boolean` is not `true`).
    fn as_stored(&self, term: Term) -> Result<Term, ShaclError> {
        if !term.is_literal() {
            return Ok(term);
        }
        let probe = NamedNodeRef::new_unchecked("urn:x-workforce-graph:shacl-probe");
        let quad = QuadRef::new(probe, probe, &term, probe);
        self.scratch.insert(quad)?;
        let stored = {
            let mut quads =
                self.scratch
                    .quads_for_pattern(Some(probe.into()), None, None, Some(probe.into()));
            quads.next().transpose()?
        };
        self.scratch.remove(quad)?;
        Ok(stored.map_or(term, |q| q.object))
    }

    fn shape_id(&mut self, node: &Term) -> Result<ShapeId, ShaclError> {
        let subject = as_subject(node).ok_or_else(|| {
            ShaclError::Shapes(format!("a shape must be an IRI or a blank node, found {node}"))
        })?;
        if let Some(id) = self.ids.get(&subject) {
            return Ok(*id);
        }
        let id = self.shapes.len();
        self.shapes.push(None);
        self.ids.insert(subject.clone(), id);
        let shape = self.compile_shape(subject)?;
        self.shapes[id] = Some(shape);
        Ok(id)
    }

    fn shape_list(&mut self, list: &Term) -> Result<Vec<ShapeId>, ShaclError> {
        self.graph
            .list(list)?
            .iter()
            .map(|member| self.shape_id(member))
            .collect()
    }

    fn compile_shape(&mut self, node: NamedOrBlankNode) -> Result<Shape, ShaclError> {
        let graph = self.graph;
        let s = node.as_ref();
        let path = match graph.object(s, sh::PATH)? {
            Some(p) => {
                let path = graph.path(&p, 0)?;
                Some((path.to_steps(false), path.to_sparql()))
            }
            None => None,
        };
        let is_property = path.is_some();
        let severity = match graph.object(s, sh::SEVERITY)? {
            None => "Violation".to_owned(),
            Some(Term::NamedNode(n)) => n
                .as_str()
                .strip_prefix(SH)
                .map_or_else(|| n.as_str().to_owned(), str::to_owned),
            Some(other) => return Err(bad_parameter("sh:severity", node, "an IRI", other)),
        };
        let message = pick_message(&graph.objects(s, sh::MESSAGE)?);
        let deactivated = graph.flag(s, sh::DEACTIVATED)?;
        let mut constraints = Vec::new();

        for class in graph.objects(s, sh::CLASS)? {
            if class.is_literal() {
                return Err(bad_parameter("sh:class", node, "an IRI", class));
            }
            constraints.push(Constraint::Class(class));
        }
        for datatype in graph.objects(s, sh::DATATYPE)? {
            constraints.push(Constraint::Datatype(graph.iri(s, sh::DATATYPE, datatype)?));
        }
        for kind in graph.objects(s, sh::NODE_KIND)? {
            let iri = graph.iri(s, sh::NODE_KIND, kind)?;
            let kind = NodeKind::from_iri(iri.as_ref())
                .ok_or_else(|| ShaclError::Shapes(format!("unknown sh:nodeKind {iri} on {node}")))?;
            constraints.push(Constraint::NodeKind(kind));
        }
        if is_property {
            if let Some(n) = graph.count(s, sh::MIN_COUNT)? {
                constraints.push(Constraint::MinCount(n));
            }
            if let Some(n) = graph.count(s, sh::MAX_COUNT)? {
                constraints.push(Constraint::MaxCount(n));
            }
        }
        for (predicate, range) in [
            (sh::MIN_INCLUSIVE, Range::MinInclusive),
            (sh::MIN_EXCLUSIVE, Range::MinExclusive),
            (sh::MAX_INCLUSIVE, Range::MaxInclusive),
            (sh::MAX_EXCLUSIVE, Range::MaxExclusive),
        ] {
            for bound in graph.objects(s, predicate)? {
                if !bound.is_literal() {
                    return Err(bad_parameter(predicate, node, "a literal", bound));
                }
                constraints.push(Constraint::Range(range, bound));
            }
        }
        if let Some(n) = graph.count(s, sh::MIN_LENGTH)? {
            constraints.push(Constraint::MinLength(n));
        }
        if let Some(n) = graph.count(s, sh::MAX_LENGTH)? {
            constraints.push(Constraint::MaxLength(n));
        }
        let flags = match graph.object(s, sh::FLAGS)? {
            None => None,
            Some(Term::Literal(l)) => Some(l.value().to_owned()),
            Some(other) => return Err(bad_parameter("sh:flags", node, "a string", other)),
        };
        for pattern in graph.objects(s, sh::PATTERN)? {
            let Term::Literal(pattern) = pattern else {
                return Err(bad_parameter("sh:pattern", node, "a string", pattern));
            };
            check_regex(self.scratch, pattern.value(), flags.as_deref())?;
            constraints.push(Constraint::Pattern {
                pattern: pattern.value().to_owned(),
                flags: flags.clone(),
            });
        }
        for list in graph.objects(s, sh::LANGUAGE_IN)? {
            let mut ranges = Vec::new();
            for member in graph.list(&list)? {
                match member {
                    Term::Literal(l) => ranges.push(l.value().to_ascii_lowercase()),
                    other => {
                        return Err(ShaclError::Shapes(format!(
                            "sh:languageIn of {node} must list strings, found {other}"
                        )))
                    }
                }
            }
            constraints.push(Constraint::LanguageIn(ranges));
        }
        if is_property && graph.flag(s, sh::UNIQUE_LANG)? {
            constraints.push(Constraint::UniqueLang);
        }
        for list in graph.objects(s, sh::IN)? {
            let members = graph
                .list(&list)?
                .into_iter()
                .map(|m| self.as_stored(m))
                .collect::<Result<_, _>>()?;
            constraints.push(Constraint::In(members));
        }
        for value in graph.objects(s, sh::HAS_VALUE)? {
            constraints.push(Constraint::HasValue(self.as_stored(value)?));
        }
        for (predicate, build) in [
            (sh::EQUALS, Constraint::Equals as fn(NamedNode) -> Constraint),
            (sh::DISJOINT, Constraint::Disjoint),
            (sh::LESS_THAN, Constraint::LessThan),
            (sh::LESS_THAN_OR_EQUALS, Constraint::LessThanOrEquals),
        ] {
            let applies = is_property || predicate == sh::EQUALS || predicate == sh::DISJOINT;
            for value in graph.objects(s, predicate)? {
                let property = graph.iri(s, predicate, value)?;
                if applies {
                    constraints.push(build(property));
                }
            }
        }
        if graph.flag(s, sh::CLOSED)? {
            let mut allowed = HashSet::new();
            if let Some(list) = graph.object(s, sh::IGNORED_PROPERTIES)? {
                for member in graph.list(&list)? {
                    allowed.insert(graph.iri(s, sh::IGNORED_PROPERTIES, member)?);
                }
            }
            for property in graph.objects(s, sh::PROPERTY)? {
                if let Some(p) = as_subject(&property) {
                    if let Some(Term::NamedNode(predicate)) = graph.object(p.as_ref(), sh::PATH)? {
                        allowed.insert(predicate);
                    }
                }
            }
            constraints.push(Constraint::Closed(allowed));
        }
        for inner in graph.objects(s, sh::NOT)? {
            constraints.push(Constraint::Not(self.shape_id(&inner)?));
        }
        for (predicate, build) in [
            (sh::AND, Constraint::And as fn(Vec<ShapeId>) -> Constraint),
            (sh::OR, Constraint::Or),
            (sh::XONE, Constraint::Xone),
        ] {
            for list in graph.objects(s, predicate)? {
                constraints.push(build(self.shape_list(&list)?));
            }
        }
        for inner in graph.objects(s, sh::NODE)? {
            constraints.push(Constraint::Node(self.shape_id(&inner)?));
        }
        for property in graph.objects(s, sh::PROPERTY)? {
            let id = self.shape_id(&property)?;
            let is_property_shape = self.shapes[id].as_ref().is_none_or(|shape| shape.path.is_some());
            if !is_property_shape {
                return Err(ShaclError::Shapes(format!(
                    "the sh:property {property} of {node} has no sh:path"
                )));
            }
            constraints.push(Constraint::Property(id));
        }
        if is_property {
            let min = graph.count(s, sh::QUALIFIED_MIN_COUNT)?;
            let max = graph.count(s, sh::QUALIFIED_MAX_COUNT)?;
            let qualified = graph.objects(s, sh::QUALIFIED_VALUE_SHAPE)?;
            if !qualified.is_empty() && (min.is_some() || max.is_some()) {
                let siblings = if graph.flag(s, sh::QUALIFIED_VALUE_SHAPES_DISJOINT)? {
                    self.sibling_shapes(&node)?
                } else {
                    Vec::new()
                };
                for inner in qualified {
                    let shape = self.shape_id(&inner)?;
                    let siblings = siblings.iter().copied().filter(|s| *s != shape).collect();
                    constraints.push(Constraint::Qualified {
                        shape,
                        min,
                        max,
                        siblings,
                    });
                }
            }
        }
        Ok(Shape {
            node,
            path,
            severity,
            message,
            deactivated,
            constraints,
        })
    }

    /// The qualified value shapes of the other property shapes of this shape's parents
    /// (for `sh:qualifiedValueShapesDisjoint`).
    fn sibling_shapes(&mut self, node: &NamedOrBlankNode) -> Result<Vec<ShapeId>, ShaclError> {
        let graph = self.graph;
        let mut siblings = Vec::new();
        let node_term = Term::from(node.clone());
        for parent in graph.subjects(sh::PROPERTY, Some(&node_term))? {
            for property in graph.objects(parent.as_ref(), sh::PROPERTY)? {
                if property == node_term {
                    continue;
                }
                if let Some(p) = as_subject(&property) {
                    for qualified in graph.objects(p.as_ref(), sh::QUALIFIED_VALUE_SHAPE)? {
                        let id = self.shape_id(&qualified)?;
                        if !siblings.contains(&id) {
                            siblings.push(id);
                        }
                    }
                }
            }
        }
        Ok(siblings)
    }
}

/// A shape parameter that is not of the kind its constraint needs: one wording for every
/// parameter, naming the parameter, the shape, what it must be and what it is.
fn bad_parameter(
    parameter: impl std::fmt::Display,
    shape: impl std::fmt::Display,
    expected: &str,
    found: impl std::fmt::Display,
) -> ShaclError {
    ShaclError::Shapes(format!(
        "{parameter} of {shape} must be {expected}, found {found}"
    ))
}

/// One `sh:message`: an untagged or English one if there is one, else the first in a stable order.
fn pick_message(messages: &[Term]) -> Option<String> {
    let mut literals: Vec<&Literal> = messages
        .iter()
        .filter_map(|m| match m {
            Term::Literal(l) => Some(l),
            _ => None,
        })
        .collect();
    literals.sort_by(|a, b| {
        let rank = |l: &Literal| std::cmp::Reverse(crate::rules::label_rank(l.language()));
        (rank(a), a.value()).cmp(&(rank(b), b.value()))
    });
    literals.first().map(|l| l.value().to_owned())
}

/// Rejects a `sh:pattern` that SPARQL's REGEX cannot compile, instead of failing every value.
fn check_regex(scratch: &Store, pattern: &str, flags: Option<&str>) -> Result<(), ShaclError> {
    let flags_argument = flags
        .map(|f| format!(", {}", Literal::new_simple_literal(f)))
        .unwrap_or_default();
    let query = format!(
        "SELECT ?ok WHERE {{ BIND(COALESCE(REGEX(\"\", {}{flags_argument}), \"invalid\") AS ?ok) }}",
        Literal::new_simple_literal(pattern)
    );
    let results = SparqlEvaluator::new()
        .parse_query(&query)
        .map_err(|e| ShaclError::Shapes(format!("sh:pattern {pattern:?} cannot be used: {e}")))?
        .on_store(scratch)
        .execute()
        .map_err(|e| ShaclError::Evaluation(e.to_string()))?;
    if let QueryResults::Solutions(solutions) = results {
        for solution in solutions {
            let solution = solution.map_err(|e| ShaclError::Evaluation(e.to_string()))?;
            if !matches!(solution.get("ok"), Some(Term::Literal(l)) if l.datatype() == xsd::BOOLEAN) {
                return Err(ShaclError::Shapes(format!(
                    "sh:pattern {pattern:?} with flags {flags:?} is not a valid regular expression"
                )));
            }
        }
    }
    Ok(())
}

/// Runs one SPARQL filter over many rows of terms (bound to `?a`, `?b`, ...) and returns the
/// indices of the rows for which `condition` is not true (false or an error, as SHACL requires).
fn sparql_failing(
    scratch: &Store,
    rows: &[Vec<&Term>],
    condition: &str,
) -> Result<HashSet<usize>, ShaclError> {
    let mut failing = HashSet::new();
    let Some(width) = rows.first().map(Vec::len) else {
        return Ok(failing);
    };
    let variables: String = (0..width)
        .map(|i| format!(" ?{}", char::from(b'a' + i as u8)))
        .collect();
    for (chunk_index, chunk) in rows.chunks(SPARQL_BATCH).enumerate() {
        let mut query = format!("SELECT ?row WHERE {{ VALUES (?row{variables}) {{\n");
        for (i, row) in chunk.iter().enumerate() {
            let _ = write!(query, "({}", chunk_index * SPARQL_BATCH + i);
            for term in row {
                let _ = write!(query, " {term}");
            }
            query.push_str(")\n");
        }
        let _ = write!(query, "}} FILTER(!COALESCE({condition}, false)) }}");
        let results = SparqlEvaluator::new()
            .parse_query(&query)
            .map_err(|e| ShaclError::Evaluation(e.to_string()))?
            .on_store(scratch)
            .execute()
            .map_err(|e| ShaclError::Evaluation(e.to_string()))?;
        if let QueryResults::Solutions(solutions) = results {
            for solution in solutions {
                let solution = solution.map_err(|e| ShaclError::Evaluation(e.to_string()))?;
                if let Some(Term::Literal(row)) = solution.get("row") {
                    let row = row
                        .value()
                        .parse::<usize>()
                        .map_err(|e| ShaclError::Evaluation(e.to_string()))?;
                    failing.insert(row);
                }
            }
        }
    }
    Ok(failing)
}

/// Which of `items` fail a SPARQL `condition` over the terms `terms` gives each (bound to `?a`,
/// `?b`, ...), in one batched [`sparql_failing`] run. An item for which `terms` gives `None`
/// fails without a query: SHACL makes a value the comparison does not apply to (a blank node, a
/// non-literal in a range) a failure, not an error, and SPARQL cannot bind it as a constant.
fn failing_items<'t, T>(
    scratch: &Store,
    items: &[T],
    terms: impl Fn(&T) -> Option<Vec<&'t Term>>,
    condition: &str,
) -> Result<Vec<bool>, ShaclError> {
    let mut rows = Vec::new();
    let row_of: Vec<Option<usize>> = items
        .iter()
        .map(|item| {
            terms(item).map(|row| {
                rows.push(row);
                rows.len() - 1
            })
        })
        .collect();
    let failing = sparql_failing(scratch, &rows, condition)?;
    Ok(row_of
        .into_iter()
        .map(|row| row.is_none_or(|row| failing.contains(&row)))
        .collect())
}

/// Subject-to-objects (or object-to-subjects) index of one predicate.
type Index = HashMap<Term, Vec<Term>>;

/// Reads the data graph one predicate at a time and keeps the indexes for the whole run.
struct DataIndex<'a> {
    store: &'a Store,
    graph: GraphNameRef<'a>,
    forward: HashMap<NamedNode, Rc<Index>>,
    backward: HashMap<NamedNode, Rc<Index>>,
    subclasses: HashMap<Term, Rc<HashSet<Term>>>,
}

impl<'a> DataIndex<'a> {
    fn new(store: &'a Store, graph: GraphNameRef<'a>) -> Self {
        Self {
            store,
            graph,
            forward: HashMap::new(),
            backward: HashMap::new(),
            subclasses: HashMap::new(),
        }
    }

    fn index(&mut self, predicate: &NamedNode, backward: bool) -> Result<Rc<Index>, ShaclError> {
        let cache = if backward {
            &mut self.backward
        } else {
            &mut self.forward
        };
        if let Some(index) = cache.get(predicate) {
            return Ok(Rc::clone(index));
        }
        let mut index = Index::new();
        for quad in self
            .store
            .quads_for_pattern(None, Some(predicate.as_ref()), None, Some(self.graph))
        {
            let quad = quad?;
            let subject = Term::from(quad.subject);
            if backward {
                index.entry(quad.object).or_default().push(subject);
            } else {
                index.entry(subject).or_default().push(quad.object);
            }
        }
        let index = Rc::new(index);
        cache.insert(predicate.clone(), Rc::clone(&index));
        Ok(index)
    }

    /// The class and all its subclasses (`rdfs:subClassOf*` in the data graph).
    fn subclasses(&mut self, class: &Term) -> Result<Rc<HashSet<Term>>, ShaclError> {
        if let Some(set) = self.subclasses.get(class) {
            return Ok(Rc::clone(set));
        }
        let sub_class_of = self.index(&rdfs::SUB_CLASS_OF.into_owned(), true)?;
        let mut set = HashSet::from([class.clone()]);
        let mut queue = vec![class.clone()];
        while let Some(current) = queue.pop() {
            for sub in sub_class_of.get(&current).into_iter().flatten() {
                if set.insert(sub.clone()) {
                    queue.push(sub.clone());
                }
            }
        }
        let set = Rc::new(set);
        self.subclasses.insert(class.clone(), Rc::clone(&set));
        Ok(set)
    }

    fn is_instance(&mut self, node: &Term, class: &Term) -> Result<bool, ShaclError> {
        let types = self.index(&rdf::TYPE.into_owned(), false)?;
        let Some(node_types) = types.get(node) else {
            return Ok(false);
        };
        let subclasses = self.subclasses(class)?;
        Ok(node_types.iter().any(|t| subclasses.contains(t)))
    }

    /// The nodes reached from `start` along `step`, without duplicates, in discovery order.
    fn walk(&mut self, step: &Step, start: &[Term]) -> Result<Vec<Term>, ShaclError> {
        Ok(match step {
            Step::Forward(p) | Step::Backward(p) => {
                let index = self.index(p, matches!(step, Step::Backward(_)))?;
                let mut out = Vec::new();
                let mut seen = HashSet::new();
                for node in start {
                    for next in index.get(node).into_iter().flatten() {
                        if seen.insert(next) {
                            out.push(next.clone());
                        }
                    }
                }
                out
            }
            Step::Sequence(steps) => {
                let mut nodes = start.to_vec();
                for step in steps {
                    nodes = self.walk(step, &nodes)?;
                }
                nodes
            }
            Step::Alternative(steps) => {
                let mut out = Vec::new();
                for step in steps {
                    out.extend(self.walk(step, start)?);
                }
                distinct(out)
            }
            Step::ZeroOrOne(inner) => {
                let mut out = start.to_vec();
                out.extend(self.walk(inner, start)?);
                distinct(out)
            }
            Step::ZeroOrMore(inner) | Step::OneOrMore(inner) => {
                let mut out = if matches!(step, Step::ZeroOrMore(_)) {
                    distinct(start.to_vec())
                } else {
                    Vec::new()
                };
                let mut seen: HashSet<Term> = out.iter().cloned().collect();
                let mut frontier = start.to_vec();
                while !frontier.is_empty() {
                    let next = self.walk(inner, &frontier)?;
                    frontier = next.into_iter().filter(|n| seen.insert(n.clone())).collect();
                    out.extend(frontier.iter().cloned());
                }
                out
            }
        })
    }

    /// All triples of the data graph with `subject` as subject, as (predicate, object).
    fn outgoing(&self, subject: &Term) -> Result<Vec<(NamedNode, Term)>, ShaclError> {
        let Some(subject) = as_subject(subject) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for quad in self
            .store
            .quads_for_pattern(Some(subject.as_ref()), None, None, Some(self.graph))
        {
            let quad = quad?;
            out.push((quad.predicate, quad.object));
        }
        Ok(out)
    }
}

fn distinct(nodes: Vec<Term>) -> Vec<Term> {
    let mut seen = HashSet::new();
    nodes.into_iter().filter(|n| seen.insert(n.clone())).collect()
}

/// A validation result before rendering.
#[derive(Clone)]
struct RawResult {
    focus: Term,
    path: Option<String>,
    value: Option<Term>,
    component: &'static str,
    shape: ShapeId,
    detail: String,
}

impl RawResult {
    fn into_result(self, shapes: &[Shape]) -> ValidationResult {
        let shape = &shapes[self.shape];
        ValidationResult {
            focus_node: render_node(&self.focus),
            path: self.path,
            value: self.value.map(|v| v.to_string()),
            constraint: format!("{SH}{}", self.component),
            severity: shape.severity.clone(),
            shape: render_node(&shape.node.clone().into()),
            message: shape.message.clone().unwrap_or(self.detail),
            shapes_file: None,
        }
    }
}

/// IRIs without brackets, blank nodes as `_:id`, literals as N-Triples.
fn render_node(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        other => other.to_string(),
    }
}

/// A failed constraint for the focus node at `index` in the current focus list.
struct Failure {
    index: usize,
    value: Option<Term>,
    /// Set when the result is about another path than the shape's (sh:closed).
    path: Option<String>,
    /// Set when the constraint has two components (the qualified counts).
    component: Option<&'static str>,
    detail: String,
}

impl Failure {
    fn new(index: usize, value: Option<&Term>, detail: String) -> Self {
        Self {
            index,
            value: value.cloned(),
            path: None,
            component: None,
            detail,
        }
    }
}

/// Every value with the index of its focus node, in order.
fn value_rows(values: &[Vec<Term>]) -> Vec<(usize, &Term)> {
    values
        .iter()
        .enumerate()
        .flat_map(|(i, vs)| vs.iter().map(move |v| (i, v)))
        .collect()
}

/// The distinct value nodes of all focus nodes, for checking nested shapes once per node.
fn distinct_values(values: &[Vec<Term>]) -> Vec<Term> {
    distinct(values.iter().flatten().cloned().collect())
}

struct Validator<'a> {
    data: DataIndex<'a>,
    shapes: &'a [Shape],
    scratch: &'a Store,
    /// Nodes being checked against each shape further up the call stack (recursive shapes).
    in_progress: HashMap<ShapeId, HashSet<Term>>,
}

impl Validator<'_> {
    fn focus_nodes(&mut self, targets: &[Target]) -> Result<Vec<Term>, ShaclError> {
        let mut nodes = Vec::new();
        for target in targets {
            match target {
                Target::Node(node) => nodes.push(node.clone()),
                Target::Class(class) => {
                    let types = self.data.index(&rdf::TYPE.into_owned(), true)?;
                    let subclasses = self.data.subclasses(class)?;
                    let mut classes: Vec<&Term> = subclasses.iter().collect();
                    classes.sort_by_key(|c| c.to_string());
                    for class in classes {
                        nodes.extend(types.get(class).into_iter().flatten().cloned());
                    }
                }
                Target::SubjectsOf(p) => nodes.extend(self.data.index(p, false)?.keys().cloned()),
                Target::ObjectsOf(p) => nodes.extend(self.data.index(p, true)?.keys().cloned()),
            }
        }
        Ok(distinct(nodes))
    }

    /// Which of `nodes` fail `shape` (conformance checks for sh:node, sh:or, ...).
    fn failing(&mut self, shape: ShapeId, nodes: &[Term]) -> Result<HashSet<Term>, ShaclError> {
        let flags = self.eval_shape(shape, nodes, None)?;
        Ok(nodes
            .iter()
            .zip(flags)
            .filter(|(_, failed)| *failed)
            .map(|(n, _)| n.clone())
            .collect())
    }

    /// Validates `focus` against a shape. Returns, per focus node, whether it failed; when
    /// `report` is given, also appends the results.
    fn eval_shape(
        &mut self,
        id: ShapeId,
        focus: &[Term],
        mut report: Option<&mut Vec<RawResult>>,
    ) -> Result<Vec<bool>, ShaclError> {
        let shapes = self.shapes;
        let shape = &shapes[id];
        let mut failed = vec![false; focus.len()];
        if shape.deactivated || focus.is_empty() {
            return Ok(failed);
        }
        let in_progress = self.in_progress.entry(id).or_default();
        let active: Vec<usize> = (0..focus.len())
            .filter(|i| !in_progress.contains(&focus[*i]))
            .collect();
        if active.is_empty() {
            return Ok(failed);
        }
        let active_focus: Vec<Term> = active.iter().map(|i| focus[*i].clone()).collect();
        in_progress.extend(active_focus.iter().cloned());

        let outcome = self.eval_active(shape, id, &active_focus, &mut report);
        if let Some(set) = self.in_progress.get_mut(&id) {
            for node in &active_focus {
                set.remove(node);
            }
        }
        for (position, did_fail) in outcome?.into_iter().enumerate() {
            if did_fail {
                failed[active[position]] = true;
            }
        }
        Ok(failed)
    }

    fn eval_active(
        &mut self,
        shape: &Shape,
        id: ShapeId,
        focus: &[Term],
        report: &mut Option<&mut Vec<RawResult>>,
    ) -> Result<Vec<bool>, ShaclError> {
        let values: Vec<Vec<Term>> = match &shape.path {
            None => focus.iter().map(|f| vec![f.clone()]).collect(),
            Some((Step::Forward(p), _)) => {
                let index = self.data.index(p, false)?;
                focus
                    .iter()
                    .map(|f| index.get(f).cloned().unwrap_or_default())
                    .collect()
            }
            Some((step, _)) => focus
                .iter()
                .map(|f| self.data.walk(step, std::slice::from_ref(f)))
                .collect::<Result<_, _>>()?,
        };
        let mut failed = vec![false; focus.len()];
        for constraint in &shape.constraints {
            let failures = if let Constraint::Property(inner) = constraint {
                let bad = self.eval_property(*inner, &values, report)?;
                for (i, vs) in values.iter().enumerate() {
                    if vs.iter().any(|v| bad.contains(v)) {
                        failed[i] = true;
                    }
                }
                continue;
            } else {
                self.check(shape, constraint, focus, &values)?
            };
            for failure in failures {
                failed[failure.index] = true;
                if let Some(out) = report.as_deref_mut() {
                    out.push(RawResult {
                        focus: focus[failure.index].clone(),
                        path: failure
                            .path
                            .or_else(|| shape.path.as_ref().map(|(_, text)| text.clone())),
                        value: failure.value,
                        component: failure.component.unwrap_or_else(|| component(constraint)),
                        shape: id,
                        detail: failure.detail,
                    });
                }
            }
        }
        Ok(failed)
    }

    /// Validates the value nodes of all focus nodes against the property shape `inner` of an
    /// `sh:property` constraint, and returns the value nodes that fail it.
    ///
    /// Each value node is validated once, but its results are reported once per focus node that
    /// has it as a value: the specification validates every focus node separately, so a value
    /// shared by two focus nodes yields its results twice (W3C test core/property/property-001).
    /// Value nodes are batched by that multiplicity, so the common case is a single batch.
    fn eval_property(
        &mut self,
        inner: ShapeId,
        values: &[Vec<Term>],
        report: &mut Option<&mut Vec<RawResult>>,
    ) -> Result<HashSet<Term>, ShaclError> {
        let mut multiplicity: HashMap<&Term, usize> = HashMap::new();
        let mut nodes: Vec<&Term> = Vec::new();
        for v in values.iter().flatten() {
            let count = multiplicity.entry(v).or_insert(0);
            if *count == 0 {
                nodes.push(v);
            }
            *count += 1;
        }
        let mut batches: Vec<(usize, Vec<Term>)> = Vec::new();
        for node in nodes {
            let times = multiplicity[node];
            match batches.iter_mut().find(|(t, _)| *t == times) {
                Some((_, batch)) => batch.push(node.clone()),
                None => batches.push((times, vec![node.clone()])),
            }
        }
        let mut bad = HashSet::new();
        for (times, batch) in batches {
            let mut results = Vec::new();
            let inner_failed = self.eval_shape(inner, &batch, report.is_some().then_some(&mut results))?;
            bad.extend(
                batch
                    .into_iter()
                    .zip(inner_failed)
                    .filter(|(_, f)| *f)
                    .map(|(n, _)| n),
            );
            if let Some(out) = report.as_deref_mut() {
                for _ in 1..times {
                    out.extend(results.iter().cloned());
                }
                out.extend(results);
            }
        }
        Ok(bad)
    }

    /// Checks one constraint for all focus nodes at once.
    fn check(
        &mut self,
        shape: &Shape,
        constraint: &Constraint,
        focus: &[Term],
        values: &[Vec<Term>],
    ) -> Result<Vec<Failure>, ShaclError> {
        let path_text = shape.path.as_ref().map_or("the node", |(_, text)| text.as_str());
        let mut failures = Vec::new();
        let each_value = |test: &mut dyn FnMut(&Term) -> Result<Option<String>, ShaclError>| -> Result<Vec<Failure>, ShaclError> {
            let mut failures = Vec::new();
            for (i, vs) in values.iter().enumerate() {
                for v in vs {
                    if let Some(detail) = test(v)? {
                        failures.push(Failure::new(i, Some(v), detail));
                    }
                }
            }
            Ok(failures)
        };
        match constraint {
            Constraint::Class(class) => {
                let data = &mut self.data;
                return each_value(&mut |v| {
                    Ok((!data.is_instance(v, class)?)
                        .then(|| format!("Value {v} is not an instance of {class}.")))
                });
            }
            Constraint::Datatype(datatype) => {
                return each_value(&mut |v| {
                    let ok = matches!(v, Term::Literal(l) if has_datatype(l, datatype.as_ref()));
                    Ok((!ok).then(|| match v {
                        Term::Literal(l) if l.datatype() == datatype.as_ref() => {
                            format!("Value {v} is not a well-formed {datatype}.")
                        }
                        Term::Literal(l) if stored_as_base_type(l, datatype.as_ref()) => format!(
                            "Value {v} does not have datatype {datatype} (the store keeps valid {datatype} \
                             literals as {}: constrain that datatype and a value range instead).",
                            l.datatype()
                        ),
                        _ => format!("Value {v} does not have datatype {datatype}."),
                    }))
                });
            }
            Constraint::NodeKind(kind) => {
                return each_value(&mut |v| {
                    Ok((!kind.matches(v)).then(|| format!("Value {v} is not {}.", kind.describe())))
                });
            }
            Constraint::MinCount(n) | Constraint::MaxCount(n) => {
                let is_min = matches!(constraint, Constraint::MinCount(_));
                let bound = if is_min { "at least" } else { "at most" };
                for (i, vs) in values.iter().enumerate() {
                    let count = vs.len() as u64;
                    if if is_min { count < *n } else { count > *n } {
                        failures.push(Failure::new(
                            i,
                            None,
                            format!("Expected {bound} {n} value(s) of {path_text}, found {count}."),
                        ));
                    }
                }
            }
            Constraint::Range(range, bound) => {
                let rows = value_rows(values);
                let fails = failing_items(
                    self.scratch,
                    &rows,
                    |(_, v)| v.is_literal().then(|| vec![*v]),
                    &format!("?a {} {bound}", range.operator()),
                )?;
                for ((i, v), fails) in rows.into_iter().zip(fails) {
                    if fails {
                        failures.push(Failure::new(
                            i,
                            Some(v),
                            format!("Value {v} is not {} {bound}.", range.describe()),
                        ));
                    }
                }
            }
            Constraint::MinLength(n) | Constraint::MaxLength(n) => {
                let is_min = matches!(constraint, Constraint::MinLength(_));
                return each_value(&mut |v| {
                    let length = match v {
                        Term::NamedNode(iri) => Some(iri.as_str().chars().count() as u64),
                        Term::Literal(l) => Some(l.value().chars().count() as u64),
                        _ => None,
                    };
                    let ok = length.is_some_and(|len| if is_min { len >= *n } else { len <= *n });
                    Ok((!ok).then(|| {
                        let bound = if is_min { "at least" } else { "at most" };
                        format!("Value {v} must be a string of {bound} {n} character(s).")
                    }))
                });
            }
            Constraint::Pattern { pattern, flags } => {
                let rows = value_rows(values);
                let flags_argument = flags
                    .as_ref()
                    .map(|f| format!(", {}", Literal::new_simple_literal(f)))
                    .unwrap_or_default();
                let condition = format!(
                    "REGEX(STR(?a), {}{flags_argument})",
                    Literal::new_simple_literal(pattern)
                );
                let fails = failing_items(
                    self.scratch,
                    &rows,
                    |(_, v)| (!v.is_blank_node()).then(|| vec![*v]),
                    &condition,
                )?;
                for ((i, v), fails) in rows.into_iter().zip(fails) {
                    if fails {
                        failures.push(Failure::new(
                            i,
                            Some(v),
                            format!("Value {v} does not match the pattern {pattern:?}."),
                        ));
                    }
                }
            }
            Constraint::LanguageIn(ranges) => {
                return each_value(&mut |v| {
                    let tag = match v {
                        Term::Literal(l) => l.language(),
                        _ => None,
                    };
                    let ok = tag.is_some_and(|tag| ranges.iter().any(|r| lang_matches(tag, r)));
                    Ok((!ok).then(|| {
                        format!(
                            "Value {v} does not have a language tag in ({}).",
                            crate::text::listing(ranges)
                        )
                    }))
                });
            }
            Constraint::UniqueLang => {
                for (i, vs) in values.iter().enumerate() {
                    let mut counts: Vec<(String, usize)> = Vec::new();
                    for v in vs {
                        if let Term::Literal(l) = v {
                            if let Some(tag) = l.language() {
                                let tag = tag.to_ascii_lowercase();
                                match counts.iter_mut().find(|(t, _)| *t == tag) {
                                    Some((_, n)) => *n += 1,
                                    None => counts.push((tag, 1)),
                                }
                            }
                        }
                    }
                    for (tag, n) in counts.into_iter().filter(|(_, n)| *n > 1) {
                        failures.push(Failure::new(
                            i,
                            None,
                            format!("Language tag \"{tag}\" is used by {n} values of {path_text}; at most one is allowed."),
                        ));
                    }
                }
            }
            Constraint::In(allowed) => {
                let list = crate::text::listing(allowed);
                return each_value(&mut |v| {
                    Ok((!allowed.contains(v)).then(|| format!("Value {v} is not one of ({list}).")))
                });
            }
            Constraint::HasValue(required) => {
                for (i, vs) in values.iter().enumerate() {
                    if !vs.contains(required) {
                        failures.push(Failure::new(
                            i,
                            None,
                            format!("Missing the required value {required} of {path_text}."),
                        ));
                    }
                }
            }
            Constraint::Equals(p) | Constraint::Disjoint(p) => {
                let index = self.data.index(p, false)?;
                let equals = matches!(constraint, Constraint::Equals(_));
                for (i, vs) in values.iter().enumerate() {
                    let others: &[Term] = index.get(&focus[i]).map_or(&[], Vec::as_slice);
                    if equals {
                        for v in vs.iter().filter(|v| !others.contains(v)) {
                            failures.push(Failure::new(
                                i,
                                Some(v),
                                format!("Value {v} of {path_text} is not a value of {p}."),
                            ));
                        }
                        for o in others.iter().filter(|o| !vs.contains(o)) {
                            failures.push(Failure::new(
                                i,
                                Some(o),
                                format!("Value {o} of {p} is not a value of {path_text}."),
                            ));
                        }
                    } else {
                        for v in vs.iter().filter(|v| others.contains(v)) {
                            failures.push(Failure::new(
                                i,
                                Some(v),
                                format!("Value {v} of {path_text} is also a value of {p}."),
                            ));
                        }
                    }
                }
            }
            Constraint::LessThan(p) | Constraint::LessThanOrEquals(p) => {
                let index = self.data.index(p, false)?;
                let operator = if matches!(constraint, Constraint::LessThan(_)) {
                    "<"
                } else {
                    "<="
                };
                let mut pairs: Vec<(usize, &Term, &Term)> = Vec::new();
                for (i, vs) in values.iter().enumerate() {
                    for v in vs {
                        for o in index.get(&focus[i]).into_iter().flatten() {
                            pairs.push((i, v, o));
                        }
                    }
                }
                let fails = failing_items(
                    self.scratch,
                    &pairs,
                    |(_, v, o)| (!v.is_blank_node() && !o.is_blank_node()).then(|| vec![*v, *o]),
                    &format!("?a {operator} ?b"),
                )?;
                for ((i, v, o), fails) in pairs.into_iter().zip(fails) {
                    if fails {
                        failures.push(Failure::new(
                            i,
                            Some(v),
                            format!("Value {v} of {path_text} is not {operator} the value {o} of {p}."),
                        ));
                    }
                }
            }
            Constraint::Closed(allowed) => {
                for (i, vs) in values.iter().enumerate() {
                    for v in vs {
                        for (predicate, object) in self.data.outgoing(v)? {
                            if !allowed.contains(&predicate) {
                                failures.push(Failure {
                                    index: i,
                                    value: Some(object.clone()),
                                    path: Some(predicate.to_string()),
                                    component: None,
                                    detail: format!(
                                        "Predicate {predicate} is not allowed on {v} (closed shape)."
                                    ),
                                });
                            }
                        }
                    }
                }
            }
            // sh:node wants each value to conform to the shape; sh:not wants none to.
            Constraint::Not(inner) | Constraint::Node(inner) => {
                let nodes = distinct_values(values);
                let bad = self.failing(*inner, &nodes)?;
                let inner_name = render_node(&shapes_node(self.shapes, *inner));
                let is_not = matches!(constraint, Constraint::Not(_));
                return each_value(&mut |v| {
                    Ok(match (is_not, bad.contains(v)) {
                        (true, false) => Some(format!(
                            "Value {v} conforms to the shape {inner_name}, which sh:not forbids."
                        )),
                        (false, true) => {
                            Some(format!("Value {v} does not conform to the shape {inner_name}."))
                        }
                        _ => None,
                    })
                });
            }
            Constraint::And(members) | Constraint::Or(members) | Constraint::Xone(members) => {
                let nodes = distinct_values(values);
                let mut conforming: HashMap<&Term, usize> = nodes.iter().map(|n| (n, 0)).collect();
                for member in members {
                    let bad = self.failing(*member, &nodes)?;
                    for node in &nodes {
                        if !bad.contains(node) {
                            if let Some(count) = conforming.get_mut(node) {
                                *count += 1;
                            }
                        }
                    }
                }
                let total = members.len();
                return each_value(&mut |v| {
                    let count = conforming.get(v).copied().unwrap_or(0);
                    Ok(match constraint {
                        Constraint::And(_) if count < total => Some(format!(
                            "Value {v} conforms to {count} of the {total} shapes in sh:and; it must conform to all."
                        )),
                        Constraint::Or(_) if count == 0 => {
                            Some(format!("Value {v} conforms to none of the {total} shapes in sh:or."))
                        }
                        Constraint::Xone(_) if count != 1 => Some(format!(
                            "Value {v} conforms to {count} of the {total} shapes in sh:xone; it must conform to exactly one."
                        )),
                        _ => None,
                    })
                });
            }
            Constraint::Qualified {
                shape: inner,
                min,
                max,
                siblings,
            } => {
                let nodes = distinct_values(values);
                let mut bad = self.failing(*inner, &nodes)?;
                for sibling in siblings {
                    let sibling_bad = self.failing(*sibling, &nodes)?;
                    bad.extend(nodes.iter().filter(|n| !sibling_bad.contains(n)).cloned());
                }
                let inner_name = render_node(&shapes_node(self.shapes, *inner));
                for (i, vs) in values.iter().enumerate() {
                    let count = vs.iter().filter(|v| !bad.contains(v)).count() as u64;
                    if let Some(min) = min.filter(|m| count < *m) {
                        let detail = format!(
                            "Expected at least {min} value(s) of {path_text} conforming to the shape {inner_name}, found {count}."
                        );
                        failures.push(Failure::new(i, None, detail));
                    }
                    if let Some(max) = max.filter(|m| count > *m) {
                        let detail = format!(
                            "Expected at most {max} value(s) of {path_text} conforming to the shape {inner_name}, found {count}."
                        );
                        failures.push(Failure {
                            component: Some("QualifiedMaxCountConstraintComponent"),
                            ..Failure::new(i, None, detail)
                        });
                    }
                }
            }
            Constraint::Property(_) => {}
        }
        Ok(failures)
    }
}

fn shapes_node(shapes: &[Shape], id: ShapeId) -> Term {
    shapes[id].node.clone().into()
}

/// The constraint component (local name in the SHACL namespace) a constraint belongs to; for
/// `sh:qualifiedValueShape` the minimum one (a [`Failure`] names the maximum one itself).
fn component(constraint: &Constraint) -> &'static str {
    match constraint {
        Constraint::Class(_) => "ClassConstraintComponent",
        Constraint::Datatype(_) => "DatatypeConstraintComponent",
        Constraint::NodeKind(_) => "NodeKindConstraintComponent",
        Constraint::MinCount(_) => "MinCountConstraintComponent",
        Constraint::MaxCount(_) => "MaxCountConstraintComponent",
        Constraint::Range(range, _) => range.component(),
        Constraint::MinLength(_) => "MinLengthConstraintComponent",
        Constraint::MaxLength(_) => "MaxLengthConstraintComponent",
        Constraint::Pattern { .. } => "PatternConstraintComponent",
        Constraint::LanguageIn(_) => "LanguageInConstraintComponent",
        Constraint::UniqueLang => "UniqueLangConstraintComponent",
        Constraint::In(_) => "InConstraintComponent",
        Constraint::HasValue(_) => "HasValueConstraintComponent",
        Constraint::Equals(_) => "EqualsConstraintComponent",
        Constraint::Disjoint(_) => "DisjointConstraintComponent",
        Constraint::LessThan(_) => "LessThanConstraintComponent",
        Constraint::LessThanOrEquals(_) => "LessThanOrEqualsConstraintComponent",
        Constraint::Closed(_) => "ClosedConstraintComponent",
        Constraint::Not(_) => "NotConstraintComponent",
        Constraint::And(_) => "AndConstraintComponent",
        Constraint::Or(_) => "OrConstraintComponent",
        Constraint::Xone(_) => "XoneConstraintComponent",
        Constraint::Node(_) => "NodeConstraintComponent",
        Constraint::Property(_) => "PropertyConstraintComponent",
        Constraint::Qualified { .. } => "QualifiedMinCountConstraintComponent",
    }
}

/// Whether a literal is a well-formed literal of `datatype`: its datatype is exactly `datatype`
/// (W3C test core/property/datatype-ill-formed: `"55"^^xsd:integer` is not an `xsd:byte`).
fn has_datatype(literal: &Literal, datatype: NamedNodeRef<'_>) -> bool {
    literal.datatype() == datatype && well_formed(literal)
}

/// Whether `literal` would be a valid literal of `datatype` but the store holds it with another
/// datatype: oxigraph keeps valid literals of the XSD types derived from `xsd:integer` (and of
/// `xsd:dateTimeStamp`) as `xsd:integer` (`xsd:dateTime`), so `"5"^^xsd:int` reads back as
/// `"5"^^xsd:integer`. Such a value fails `sh:datatype xsd:int`; its message says why.
fn stored_as_base_type(literal: &Literal, datatype: NamedNodeRef<'_>) -> bool {
    let base = match datatype.as_str().strip_prefix(crate::vocab::XSD) {
        Some(
            "byte" | "short" | "int" | "long" | "unsignedByte" | "unsignedShort" | "unsignedInt"
            | "unsignedLong" | "positiveInteger" | "negativeInteger" | "nonPositiveInteger"
            | "nonNegativeInteger",
        ) => xsd::INTEGER,
        Some("dateTimeStamp") => xsd::DATE_TIME,
        _ => return false,
    };
    literal.datatype() == base && well_formed(&Literal::new_typed_literal(literal.value(), datatype))
}

/// SPARQL `langMatches` basic filtering: `*` matches any tag, otherwise the range or a sub-tag of it.
fn lang_matches(tag: &str, range: &str) -> bool {
    if range == "*" {
        return !tag.is_empty();
    }
    let tag = tag.to_ascii_lowercase();
    tag == range || tag.strip_prefix(range).is_some_and(|rest| rest.starts_with('-'))
}

/// Whether a literal's lexical form is valid for its datatype ([`crate::xsd::is_valid_lexical`];
/// `sh:datatype` requires ill-typed literals such as `"abc"^^xsd:integer` to fail).
fn well_formed(literal: &Literal) -> bool {
    crate::xsd::is_valid_lexical(literal.datatype().as_str(), literal.value())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
";

    fn store(data: &str) -> Store {
        let store = Store::new().expect("in-memory store");
        store
            .load_from_slice(RdfFormat::Turtle, format!("{PREFIXES}{data}").as_bytes())
            .expect("test data is valid Turtle");
        store
    }

    fn run(data: &str, shapes: &str) -> Vec<ValidationResult> {
        validate(&store(data), &[&format!("{PREFIXES}{shapes}")]).expect("test shapes are valid")
    }

    /// Shortens IRIs in `<...>` or bare form to prefixed names, and blank node ids to `_:b`.
    fn short(text: &str) -> String {
        let mut out = text.to_owned();
        for (namespace, prefix) in [
            ("http://example.org/", "ex:"),
            ("http://www.w3.org/2001/XMLSchema#", "xsd:"),
            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
        ] {
            while let Some(start) = out.find(&format!("<{namespace}")) {
                let end = out[start..].find('>').map_or(out.len(), |e| start + e);
                let local = out[start + 1 + namespace.len()..end].to_owned();
                out.replace_range(start..=end.min(out.len() - 1), &format!("{prefix}{local}"));
            }
            out = out.replace(namespace, prefix);
        }
        if out.starts_with("_:") {
            return "_:b".to_owned();
        }
        out
    }

    /// `focus Component value` per result, with short names, sorted.
    fn summary(results: &[ValidationResult]) -> Vec<String> {
        let mut lines: Vec<String> = results
            .iter()
            .map(|r| {
                let component = r
                    .constraint
                    .trim_start_matches(SH)
                    .trim_end_matches("ConstraintComponent");
                format!(
                    "{} {component} {}",
                    short(&r.focus_node),
                    r.value.as_deref().map_or("-".to_owned(), short)
                )
            })
            .collect();
        lines.sort();
        lines
    }

    fn sorted(expected: &[&str]) -> Vec<String> {
        let mut lines: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
        lines.sort();
        lines
    }

    /// A property shape on `ex:p` of the target node `ex:a`, with the given constraint parameters.
    fn on_p(parameters: &str) -> String {
        format!("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; {parameters} ] .")
    }

    #[rstest]
    // sh:class, including instances of subclasses, literals and untyped nodes.
    #[case::class_ok("ex:a ex:p ex:b . ex:b a ex:Student . ex:Student rdfs:subClassOf ex:Person .", "sh:class ex:Person", &[])]
    #[case::class_bad("ex:a ex:p ex:b , ex:c , \"l\" . ex:b a ex:Person . ex:c a ex:Dog .", "sh:class ex:Person", &["ex:a Class \"l\"", "ex:a Class ex:c"])]
    #[case::class_two_levels("ex:a ex:p ex:b . ex:b a ex:C . ex:C rdfs:subClassOf ex:B . ex:B rdfs:subClassOf ex:A .", "sh:class ex:A", &[])]
    // sh:datatype, with ill-typed literals and language-tagged strings.
    #[case::datatype_ok("ex:a ex:p 1 , \"+05\"^^xsd:integer .", "sh:datatype xsd:integer", &[])]
    #[case::datatype_bad(
        "ex:a ex:p \"2\" , \"x\"^^xsd:integer , \"3\"@en , ex:i .",
        "sh:datatype xsd:integer",
        &["ex:a Datatype \"2\"", "ex:a Datatype \"x\"^^xsd:integer", "ex:a Datatype \"3\"@en", "ex:a Datatype ex:i"]
    )]
    #[case::datatype_lang_string("ex:a ex:p \"a\"@en , \"b\" .", "sh:datatype rdf:langString", &["ex:a Datatype \"b\""])]
    #[case::datatype_date("ex:a ex:p \"2024-02-29\"^^xsd:date , \"2023-02-29\"^^xsd:date .", "sh:datatype xsd:date", &["ex:a Datatype \"2023-02-29\"^^xsd:date"])]
    #[case::datatype_decimal("ex:a ex:p 0.5 , \"1.\"^^xsd:decimal , \"1.2.3\"^^xsd:decimal .", "sh:datatype xsd:decimal", &["ex:a Datatype \"1.2.3\"^^xsd:decimal"])]
    #[case::datatype_boolean("ex:a ex:p true , \"yes\"^^xsd:boolean .", "sh:datatype xsd:boolean", &["ex:a Datatype \"yes\"^^xsd:boolean"])]
    // oxigraph stores derived integer types as xsd:integer, which is not xsd:unsignedByte
    // (W3C test datatype-ill-formed).
    #[case::datatype_derived("ex:a ex:p \"255\"^^xsd:unsignedByte , \"256\"^^xsd:unsignedByte , -1 .", "sh:datatype xsd:unsignedByte", &["ex:a Datatype \"-1\"^^xsd:integer", "ex:a Datatype \"255\"^^xsd:integer", "ex:a Datatype \"256\"^^xsd:integer"])]
    #[case::datatype_derived_ill_typed("ex:a ex:p \"x\"^^xsd:int .", "sh:datatype xsd:int", &["ex:a Datatype \"x\"^^xsd:int"])]
    // sh:nodeKind.
    #[case::node_kind_iri("ex:a ex:p ex:b , [] , \"l\" .", "sh:nodeKind sh:IRI", &["ex:a NodeKind \"l\"", "ex:a NodeKind _:b"])]
    #[case::node_kind_literal("ex:a ex:p ex:b , \"l\" .", "sh:nodeKind sh:Literal", &["ex:a NodeKind ex:b"])]
    #[case::node_kind_blank_or_iri("ex:a ex:p ex:b , [] , 1 .", "sh:nodeKind sh:BlankNodeOrIRI", &["ex:a NodeKind \"1\"^^xsd:integer"])]
    // Cardinality.
    #[case::min_count_ok("ex:a ex:p 1 .", "sh:minCount 1", &[])]
    #[case::min_count_bad("ex:a ex:q 1 .", "sh:minCount 1", &["ex:a MinCount -"])]
    #[case::max_count_ok("ex:a ex:p 1 .", "sh:maxCount 1", &[])]
    #[case::max_count_bad("ex:a ex:p 1 , 2 .", "sh:maxCount 1", &["ex:a MaxCount -"])]
    #[case::max_count_zero("ex:a ex:p 1 .", "sh:maxCount 0", &["ex:a MaxCount -"])]
    // Value ranges: numbers of mixed types, incomparable values, dates.
    #[case::min_inclusive("ex:a ex:p 0 , 1 , 1.5 , \"abc\" , ex:i .", "sh:minInclusive 1", &["ex:a MinInclusive \"0\"^^xsd:integer", "ex:a MinInclusive \"abc\"", "ex:a MinInclusive ex:i"])]
    #[case::min_exclusive("ex:a ex:p 1 , 2 .", "sh:minExclusive 1", &["ex:a MinExclusive \"1\"^^xsd:integer"])]
    #[case::max_inclusive("ex:a ex:p 1.0 , 1.5e0 .", "sh:maxInclusive 1", &["ex:a MaxInclusive \"1.5\"^^xsd:double"])]
    #[case::max_exclusive("ex:a ex:p 9.5 , 10 .", "sh:maxExclusive 10", &["ex:a MaxExclusive \"10\"^^xsd:integer"])]
    #[case::min_inclusive_date("ex:a ex:p \"2019-12-31\"^^xsd:date , \"2020-01-01\"^^xsd:date .", "sh:minInclusive \"2020-01-01\"^^xsd:date", &["ex:a MinInclusive \"2019-12-31\"^^xsd:date"])]
    #[case::range_ill_typed("ex:a ex:p \"x\"^^xsd:integer .", "sh:minInclusive 0", &["ex:a MinInclusive \"x\"^^xsd:integer"])]
    // String constraints.
    #[case::min_length("ex:a ex:p \"ab\" , \"abc\" , ex:long , [] .", "sh:minLength 3", &["ex:a MinLength \"ab\"", "ex:a MinLength _:b"])]
    #[case::max_length("ex:a ex:p \"ab\" , \"abc\" , \"é\u{e9}\" .", "sh:maxLength 2", &["ex:a MaxLength \"abc\""])]
    #[case::pattern("ex:a ex:p \"A12\" , \"a12\" , \"A\" .", "sh:pattern \"^A\\\\d+$\"", &["ex:a Pattern \"A\"", "ex:a Pattern \"a12\""])]
    #[case::pattern_flags("ex:a ex:p \"A12\" , \"a12\" .", "sh:pattern \"^a\\\\d+$\" ; sh:flags \"i\"", &[])]
    #[case::pattern_iri("ex:a ex:p ex:abc , ex:xyz , [] .", "sh:pattern \"abc$\"", &["ex:a Pattern ex:xyz", "ex:a Pattern _:b"])]
    #[case::language_in("ex:a ex:p \"x\"@en , \"y\"@en-GB , \"z\"@fr , \"w\" .", "sh:languageIn ( \"en\" )", &["ex:a LanguageIn \"w\"", "ex:a LanguageIn \"z\"@fr"])]
    #[case::unique_lang_bad("ex:a ex:p \"a\"@en , \"b\"@en , \"c\"@fr , \"d\"@fr , \"e\" .", "sh:uniqueLang true", &["ex:a UniqueLang -", "ex:a UniqueLang -"])]
    #[case::unique_lang_ok("ex:a ex:p \"a\"@en , \"b\"@fr , \"c\" , \"d\" .", "sh:uniqueLang true", &[])]
    #[case::unique_lang_false("ex:a ex:p \"a\"@en , \"b\"@en .", "sh:uniqueLang false", &[])]
    #[case::unique_lang_one_is_not_true("ex:a ex:p \"a\"@en , \"b\"@en .", "sh:uniqueLang \"1\"^^xsd:boolean", &[])]
    #[case::has_value_stored_form("ex:a ex:p \"7\"^^xsd:int .", "sh:hasValue \"7\"^^xsd:int", &[])]
    // Other value constraints.
    #[case::in_list("ex:a ex:p ex:A , ex:C , 1 , \"1\" .", "sh:in ( ex:A ex:B 1 )", &["ex:a In \"1\"", "ex:a In ex:C"])]
    #[case::has_value_ok("ex:a ex:p ex:A , ex:B .", "sh:hasValue ex:A", &[])]
    #[case::has_value_bad("ex:a ex:p ex:B .", "sh:hasValue ex:A", &["ex:a HasValue -"])]
    // Property pair constraints.
    #[case::equals("ex:a ex:p 1 , 2 ; ex:q 2 , 3 .", "sh:equals ex:q", &["ex:a Equals \"1\"^^xsd:integer", "ex:a Equals \"3\"^^xsd:integer"])]
    #[case::disjoint("ex:a ex:p 1 , 2 ; ex:q 2 , 3 .", "sh:disjoint ex:q", &["ex:a Disjoint \"2\"^^xsd:integer"])]
    #[case::less_than("ex:a ex:p 1 , 5 ; ex:q 3 .", "sh:lessThan ex:q", &["ex:a LessThan \"5\"^^xsd:integer"])]
    #[case::less_than_or_equals("ex:a ex:p 3 , 5 , \"x\" ; ex:q 3 .", "sh:lessThanOrEquals ex:q", &["ex:a LessThanOrEquals \"5\"^^xsd:integer", "ex:a LessThanOrEquals \"x\""])]
    // Shape-based constraints on values.
    #[case::node("ex:a ex:p ex:b , ex:c . ex:b ex:name \"B\" .", "sh:node [ sh:property [ sh:path ex:name ; sh:minCount 1 ] ]", &["ex:a Node ex:c"])]
    #[case::not("ex:a ex:p ex:b , ex:c . ex:b a ex:Bad .", "sh:not [ sh:class ex:Bad ]", &["ex:a Not ex:b"])]
    #[case::and("ex:a ex:p 1 , 15 , \"x\" .", "sh:and ( [ sh:datatype xsd:integer ] [ sh:maxInclusive 10 ] )", &["ex:a And \"15\"^^xsd:integer", "ex:a And \"x\""])]
    #[case::or("ex:a ex:p 1 , 1.5 , \"x\" .", "sh:or ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:decimal ] )", &["ex:a Or \"x\""])]
    #[case::xone("ex:a ex:p 1 , 20 , \"x\" .", "sh:xone ( [ sh:datatype xsd:integer ] [ sh:minInclusive 10 ] )", &["ex:a Xone \"20\"^^xsd:integer", "ex:a Xone \"x\""])]
    #[case::nested_or_node(
        "ex:a ex:p ex:b , ex:c , ex:d . ex:b ex:name \"B\" . ex:c ex:code \"C\" .",
        "sh:or ( [ sh:node [ sh:property [ sh:path ex:name ; sh:minCount 1 ] ] ] [ sh:property [ sh:path ex:code ; sh:minCount 1 ] ] )",
        &["ex:a Or ex:d"]
    )]
    fn value_constraints(#[case] data: &str, #[case] parameters: &str, #[case] expected: &[&str]) {
        assert_eq!(summary(&run(data, &on_p(parameters))), sorted(expected));
    }

    #[rstest]
    #[case::path_inverse("ex:b ex:parent ex:a .", "[ sh:inversePath ex:parent ]", "^<http://example.org/parent>", &["b"])]
    #[case::path_sequence("ex:a ex:p ex:x , ex:y . ex:x ex:q \"1\" . ex:y ex:q \"2\" , \"1\" .", "( ex:p ex:q )", "<http://example.org/p>/<http://example.org/q>", &["\"1\"", "\"2\""])]
    #[case::path_alternative("ex:a ex:p \"1\" ; ex:q \"2\" .", "[ sh:alternativePath ( ex:p ex:q ) ]", "<http://example.org/p>|<http://example.org/q>", &["\"1\"", "\"2\""])]
    #[case::path_zero_or_more("ex:a ex:p ex:b . ex:b ex:p ex:c . ex:c ex:p ex:a .", "[ sh:zeroOrMorePath ex:p ]", "<http://example.org/p>*", &["a", "b", "c"])]
    #[case::path_one_or_more("ex:a ex:p ex:b . ex:b ex:p ex:c .", "[ sh:oneOrMorePath ex:p ]", "<http://example.org/p>+", &["b", "c"])]
    #[case::path_zero_or_one("ex:a ex:p ex:b . ex:b ex:p ex:c .", "[ sh:zeroOrOnePath ex:p ]", "<http://example.org/p>?", &["a", "b"])]
    #[case::path_inverse_sequence(
        "ex:x ex:p ex:m . ex:m ex:q ex:a .",
        "[ sh:inversePath ( ex:p ex:q ) ]",
        "^(<http://example.org/p>/<http://example.org/q>)",
        &["x"]
    )]
    #[case::path_sequence_of_closures(
        "ex:a ex:p ex:b . ex:b ex:q ex:c .",
        "( [ sh:zeroOrMorePath [ sh:inversePath ex:r ] ] [ sh:alternativePath ( ex:p ex:q ) ] )",
        "(^<http://example.org/r>)*/(<http://example.org/p>|<http://example.org/q>)",
        &["b"]
    )]
    fn paths(#[case] data: &str, #[case] path: &str, #[case] rendered: &str, #[case] values: &[&str]) {
        // `sh:in ()` rejects every value, so the results list exactly the value nodes of the path.
        let shapes = format!(
            "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path {path} ; sh:in ( ) ] ."
        );
        let results = run(data, &shapes);
        assert!(
            results.iter().all(|r| r.path.as_deref() == Some(rendered)),
            "{results:#?}"
        );
        let mut found: Vec<String> = results
            .iter()
            .filter_map(|r| r.value.as_deref())
            .map(|v| short(v).trim_start_matches("ex:").to_owned())
            .collect();
        found.sort();
        assert_eq!(found, sorted(values));
    }

    #[rstest]
    #[case::target_class("ex:x a ex:C . ex:y a ex:D . ex:D rdfs:subClassOf ex:C . ex:z a ex:E .", "sh:targetClass ex:C", &["x", "y"])]
    #[case::target_node("ex:x a ex:C .", "sh:targetNode ex:x , ex:absent", &["absent", "x"])]
    #[case::target_subjects_of("ex:x ex:r ex:y . ex:z ex:other ex:y .", "sh:targetSubjectsOf ex:r", &["x"])]
    #[case::target_objects_of("ex:x ex:r ex:y , \"lit\" .", "sh:targetObjectsOf ex:r", &["\"lit\"", "y"])]
    #[case::targets_combined("ex:x a ex:C ; ex:r ex:y .", "sh:targetClass ex:C ; sh:targetSubjectsOf ex:r ; sh:targetObjectsOf ex:r", &["x", "y"])]
    fn target_kinds(#[case] data: &str, #[case] targets: &str, #[case] expected: &[&str]) {
        let results = run(
            data,
            &format!(
                "ex:S a sh:NodeShape ; {targets} ; sh:property [ sh:path ex:missing ; sh:minCount 1 ] ."
            ),
        );
        let mut focus: Vec<String> = results
            .iter()
            .map(|r| short(&r.focus_node).trim_start_matches("ex:").to_owned())
            .collect();
        focus.sort();
        assert_eq!(focus, sorted(expected));
    }

    #[test]
    fn implicit_class_target() {
        let data =
            "ex:x a ex:Person . ex:y a ex:Student . ex:Student rdfs:subClassOf ex:Person . ex:z a ex:Other .";
        for class_type in ["rdfs:Class", "<http://www.w3.org/2002/07/owl#Class>"] {
            let shapes = format!(
                "ex:Person a {class_type} , sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] ."
            );
            assert_eq!(
                summary(&run(data, &shapes)),
                sorted(&["ex:x MinCount -", "ex:y MinCount -"])
            );
        }
        // A class that is not declared a shape is not a target.
        let shapes = "ex:Person a rdfs:Class ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .";
        assert!(run(data, shapes).is_empty());
    }

    #[test]
    fn node_shape_constraints_apply_to_the_focus_node() {
        let data = "ex:x a ex:C . ex:y a ex:C , ex:D .";
        let shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:class ex:D ; sh:nodeKind sh:IRI .";
        let results = run(data, shapes);
        assert_eq!(summary(&results), vec!["ex:x Class ex:x"]);
        assert_eq!(results[0].path, None);
        assert_eq!(results[0].shape, "http://example.org/S");
    }

    #[test]
    fn qualified_value_shape_counts() {
        let shapes = on_p(
            "sh:qualifiedValueShape [ sh:class ex:Wheel ] ; sh:qualifiedMinCount 2 ; sh:qualifiedMaxCount 3",
        );
        let wheels = |n: usize| -> String {
            let list: Vec<String> = (0..n).map(|i| format!("ex:w{i}")).collect();
            let types: String = (0..n).map(|i| format!("ex:w{i} a ex:Wheel . ")).collect();
            format!("ex:a ex:p ex:seat , {} . {types}", list.join(" , "))
        };
        assert_eq!(
            summary(&run(&wheels(1), &shapes)),
            vec!["ex:a QualifiedMinCount -"]
        );
        assert!(run(&wheels(2), &shapes).is_empty());
        assert!(run(&wheels(3), &shapes).is_empty());
        assert_eq!(
            summary(&run(&wheels(4), &shapes)),
            vec!["ex:a QualifiedMaxCount -"]
        );
    }

    #[test]
    fn qualified_value_shapes_disjoint() {
        let shapes = "ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:Hand ] ; sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] ;
            sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:Thumb ] ; sh:qualifiedMinCount 1 ; sh:qualifiedValueShapesDisjoint true ] .";
        // One node that is both a hand and a thumb counts for neither when the shapes are disjoint.
        assert_eq!(
            summary(&run("ex:a ex:p ex:h . ex:h a ex:Hand , ex:Thumb .", shapes)),
            vec!["ex:a QualifiedMinCount -", "ex:a QualifiedMinCount -"]
        );
        assert!(run(
            "ex:a ex:p ex:h , ex:t . ex:h a ex:Hand . ex:t a ex:Thumb .",
            shapes
        )
        .is_empty());
        // Without the disjointness flag the shared node counts for both.
        let overlapping = shapes.replace(
            "sh:qualifiedValueShapesDisjoint true",
            "sh:qualifiedValueShapesDisjoint false",
        );
        assert!(run("ex:a ex:p ex:h . ex:h a ex:Hand , ex:Thumb .", &overlapping).is_empty());
    }

    #[test]
    fn closed_shape() {
        let data = "ex:a a ex:T ; ex:p 1 ; ex:q 2 .";
        let shapes =
            "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:closed true ; sh:ignoredProperties ( rdf:type ) ;
            sh:property [ sh:path ex:p ] .";
        let results = run(data, shapes);
        assert_eq!(summary(&results), vec!["ex:a Closed \"2\"^^xsd:integer"]);
        assert_eq!(results[0].path.as_deref(), Some("<http://example.org/q>"));
        let open = shapes.replace("sh:closed true", "sh:closed false");
        assert!(run(data, &open).is_empty());
    }

    #[test]
    fn nested_property_shapes_report_their_own_results() {
        let data = "ex:a ex:address ex:addr . ex:addr ex:city \"x\" , \"y\" .";
        let shapes = "ex:S a sh:NodeShape ; sh:targetNode ex:a ;
            sh:property [ sh:path ex:address ; sh:property ex:CityShape ] .
            ex:CityShape a sh:PropertyShape ; sh:path ex:city ; sh:maxCount 1 ; sh:severity sh:Warning .";
        let results = run(data, shapes);
        assert_eq!(summary(&results), vec!["ex:addr MaxCount -"]);
        assert_eq!(results[0].shape, "http://example.org/CityShape");
        assert_eq!(results[0].severity, "Warning");
        assert_eq!(results[0].path.as_deref(), Some("<http://example.org/city>"));
    }

    #[test]
    fn or_of_property_shapes_on_a_node_shape() {
        // As in a node shape that requires at least one of several links.
        let data = "ex:x a ex:Pub ; ex:topic ex:t . ex:y a ex:Pub ; ex:role ex:r . ex:z a ex:Pub .";
        let shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:Pub ; sh:severity sh:Warning ; sh:message \"Not linked.\" ;
            sh:or ( [ sh:path ex:topic ; sh:minCount 1 ] [ sh:path ex:role ; sh:minCount 1 ] ) .";
        let results = run(data, shapes);
        assert_eq!(summary(&results), vec!["ex:z Or ex:z"]);
        assert_eq!(
            (results[0].severity.as_str(), results[0].message.as_str()),
            ("Warning", "Not linked.")
        );
    }

    #[test]
    fn recursive_shapes_terminate() {
        let data =
            "ex:a a ex:Person ; ex:name \"A\" ; ex:knows ex:b . ex:b ex:knows ex:a , ex:c . ex:c ex:name \"C\" ; ex:knows ex:c .";
        let shapes = "ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ] ;
            sh:property [ sh:path ex:knows ; sh:node ex:PersonShape ] .";
        // ex:b has no name, so ex:a (which knows ex:b) fails sh:node.
        assert_eq!(summary(&run(data, shapes)), vec!["ex:a Node ex:b"]);
    }

    #[rstest]
    #[case::default_violation("", "Violation")]
    #[case::warning("sh:severity sh:Warning ;", "Warning")]
    #[case::info("sh:severity sh:Info ;", "Info")]
    #[case::custom("sh:severity ex:Critical ;", "http://example.org/Critical")]
    fn severities(#[case] severity: &str, #[case] expected: &str) {
        let results = run("ex:a ex:q 1 .", &on_p(&format!("{severity} sh:minCount 1")));
        assert_eq!(results.len(), 1);
        assert_eq!(results[0].severity, expected);
    }

    #[test]
    fn node_shape_severity_does_not_pass_to_its_property_shapes() {
        let shapes =
            "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:severity sh:Warning ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .";
        assert_eq!(run("ex:a ex:q 1 .", shapes)[0].severity, "Violation");
    }

    #[test]
    fn messages() {
        let given = run(
            "ex:a ex:q 1 .",
            &on_p("sh:minCount 1 ; sh:message \"Bitte ex:p angeben.\"@de , \"Please give ex:p.\"@en"),
        );
        assert_eq!(given[0].message, "Please give ex:p.");
        let generated = run("ex:a ex:p 1 , 2 .", &on_p("sh:maxCount 1"));
        assert_eq!(
            generated[0].message,
            "Expected at most 1 value(s) of <http://example.org/p>, found 2."
        );
        let class = run("ex:a ex:p ex:b .", &on_p("sh:class ex:C"));
        assert_eq!(
            class[0].message,
            "Value <http://example.org/b> is not an instance of <http://example.org/C>."
        );
        let range = run("ex:a ex:p 0 .", &on_p("sh:minInclusive 1"));
        assert!(
            range[0].message.contains("greater than or equal to"),
            "{}",
            range[0].message
        );
    }

    /// The arms that share one rule (the value counts; sh:node and sh:not) keep each its message.
    #[rstest]
    #[case::min_count(
        "ex:a ex:q 1 .",
        "sh:minCount 2",
        "Expected at least 2 value(s) of <http://example.org/p>, found 0."
    )]
    #[case::max_count(
        "ex:a ex:p 1 , 2 .",
        "sh:maxCount 1",
        "Expected at most 1 value(s) of <http://example.org/p>, found 2."
    )]
    #[case::node(
        "ex:a ex:p ex:b .",
        "sh:node ex:N",
        "Value <http://example.org/b> does not conform to the shape http://example.org/N."
    )]
    #[case::not(
        "ex:a ex:p ex:b . ex:b a ex:C .",
        "sh:not ex:N",
        "Value <http://example.org/b> conforms to the shape http://example.org/N, which sh:not forbids."
    )]
    fn shared_rules_keep_their_messages(#[case] data: &str, #[case] parameters: &str, #[case] message: &str) {
        let shapes = format!("{} ex:N a sh:NodeShape ; sh:class ex:C .", on_p(parameters));
        let results = run(data, &shapes);
        assert_eq!(
            results.iter().map(|r| r.message.as_str()).collect::<Vec<_>>(),
            [message]
        );
    }

    #[test]
    fn result_fields() {
        let results = run("ex:a ex:p ex:b , \"x\"@en .", &on_p("sh:nodeKind sh:Literal"));
        assert_eq!(results.len(), 1);
        let result = &results[0];
        assert_eq!(result.focus_node, "http://example.org/a");
        assert_eq!(result.path.as_deref(), Some("<http://example.org/p>"));
        assert_eq!(result.value.as_deref(), Some("<http://example.org/b>"));
        assert_eq!(
            result.constraint,
            "http://www.w3.org/ns/shacl#NodeKindConstraintComponent"
        );
        assert!(
            result.shape.starts_with("_:"),
            "a blank property shape is shown as _:id: {}",
            result.shape
        );
        let blank_focus = run(
            "[] a ex:C .",
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
        );
        assert!(blank_focus[0].focus_node.starts_with("_:"));
        let literal_value = run("ex:a ex:p \"x\\\"y\"@en-GB .", &on_p("sh:datatype xsd:string"));
        assert_eq!(literal_value[0].value.as_deref(), Some("\"x\\\"y\"@en-gb"));
    }

    #[test]
    fn results_are_sorted_and_reported_once_per_route() {
        let data = "ex:b a ex:C . ex:a a ex:C . ex:c a ex:C ; ex:p 1 , 2 .";
        // The same reusable property shape reached from two node shapes reports its results twice,
        // as the W3C suite requires (core/validation-reports/shared).
        let shapes = "ex:S1 a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
            ex:S2 a sh:NodeShape ; sh:targetClass ex:C ; sh:property ex:P .
            ex:P a sh:PropertyShape ; sh:path ex:p ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string .";
        let results = run(data, shapes);
        let keys: Vec<(String, String, String)> = results
            .iter()
            .map(|r| {
                (
                    short(&r.focus_node),
                    r.constraint.trim_start_matches(SH).to_owned(),
                    r.value.clone().unwrap_or_default(),
                )
            })
            .collect();
        let mut expected = keys.clone();
        expected.sort();
        assert_eq!(keys, expected);
        let mut distinct = summary(&results);
        distinct.dedup();
        assert_eq!(
            (results.len(), distinct.len()),
            (10, 5),
            "{:#?}",
            summary(&results)
        );
    }

    #[test]
    fn a_value_shared_by_two_focus_nodes_reports_its_nested_results_for_each() {
        let data = "ex:x a ex:C ; ex:p ex:shared . ex:y a ex:C ; ex:p ex:shared , ex:own .";
        let shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:property [ sh:path ex:name ; sh:minCount 1 ] ] .";
        let expected = [
            "ex:own MinCount -",
            "ex:shared MinCount -",
            "ex:shared MinCount -",
        ];
        assert_eq!(summary(&run(data, shapes)), expected);
    }

    #[test]
    fn a_derived_datatype_stored_as_its_base_type_says_so() {
        let results = run("ex:a ex:p \"5\"^^xsd:int .", &on_p("sh:datatype xsd:int"));
        assert_eq!(results.len(), 1);
        assert!(
            results[0].message.contains("the store keeps valid"),
            "{}",
            results[0].message
        );
    }

    #[test]
    fn conformance_ignores_warnings() {
        let warning = run("ex:a ex:q 1 .", &on_p("sh:minCount 1 ; sh:severity sh:Warning"));
        assert_eq!(warning.len(), 1);
        assert!(conforms_without_violations(&warning));
        assert!(!conforms_without_violations(&run(
            "ex:a ex:q 1 .",
            &on_p("sh:minCount 1")
        )));
    }

    #[test]
    fn only_the_default_graph_is_validated() {
        let store = Store::new().expect("in-memory store");
        let trig = format!("{PREFIXES} ex:a a ex:C . GRAPH ex:g {{ ex:a ex:p 1 . ex:b a ex:C . }}");
        store
            .load_from_slice(RdfFormat::TriG, trig.as_bytes())
            .expect("valid TriG");
        let shapes =
            format!("{PREFIXES} ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .");
        let results = validate(&store, &[&shapes]).expect("valid shapes");
        assert_eq!(summary(&results), vec!["ex:a MinCount -"]);
    }

    #[test]
    fn deactivated_shapes() {
        let data = "ex:a a ex:C ; ex:p ex:b .";
        let off =
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .";
        assert!(run(data, off).is_empty());
        let property_off =
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:deactivated true ] .";
        assert!(run(data, property_off).is_empty());
        // A deactivated shape referenced by sh:node is conformed to by every node.
        let referenced =
            "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:Off ] .
            ex:Off a sh:NodeShape ; sh:deactivated true ; sh:class ex:Never .";
        assert!(run(data, referenced).is_empty());
        let active = referenced.replace("sh:deactivated true", "sh:deactivated false");
        assert_eq!(summary(&run(data, &active)), vec!["ex:a Node ex:b"]);
    }

    #[test]
    fn several_shapes_documents_with_their_own_prefixes() {
        let first =
            format!("{PREFIXES} ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .");
        let second = "@prefix s: <http://www.w3.org/ns/shacl#> . @prefix e: <http://example.org/> .
            e:T a s:NodeShape ; s:targetClass e:C ; s:property [ s:path e:q ; s:minCount 1 ] .";
        let results = validate(&store("ex:a a ex:C ."), &[&first, second]).expect("valid shapes");
        assert_eq!(results.len(), 2);
    }

    #[rstest]
    #[case::turtle_syntax(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ",
        "shapes document 1"
    )]
    #[case::min_count_not_integer(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount \"one\" ] .",
        "minCount"
    )]
    #[case::negative_min_count(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount -1 ] .",
        "minCount"
    )]
    #[case::literal_path(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path \"p\" ; sh:minCount 1 ] .",
        "path"
    )]
    #[case::unknown_path(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path [ ex:foo ex:p ] ; sh:minCount 1 ] .",
        "property path"
    )]
    #[case::two_paths(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p , ex:q ; sh:minCount 1 ] .",
        "more than one value"
    )]
    #[case::bad_list("ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:in ex:notAList .", "RDF list")]
    #[case::bad_node_kind(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:nodeKind sh:Thing .",
        "nodeKind"
    )]
    #[case::bad_regex(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:pattern \"(unclosed\" .",
        "regular expression"
    )]
    #[case::literal_datatype(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:datatype \"integer\" .",
        "datatype"
    )]
    #[case::literal_shape(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:node \"shape\" .",
        "shape must be"
    )]
    #[case::property_without_path(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:minCount 1 ] .",
        "no sh:path"
    )]
    // A parameter of the wrong kind: one wording (bad_parameter) whichever parameter it is.
    #[case::literal_class(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:class \"C\" .",
        "sh:class of <http://example.org/S> must be an IRI, found \"C\""
    )]
    #[case::literal_target_class(
        "ex:S a sh:NodeShape ; sh:targetClass \"C\" .",
        "sh:targetClass of <http://example.org/S> must be an IRI, found \"C\""
    )]
    #[case::literal_severity(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:severity \"high\" .",
        "must be an IRI, found \"high\""
    )]
    #[case::iri_bound(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:minInclusive ex:x .",
        "minInclusive> of <http://example.org/S> must be a literal, found <http://example.org/x>"
    )]
    #[case::iri_flags(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:pattern \"a\" ; sh:flags ex:i .",
        "must be a string, found <http://example.org/i>"
    )]
    #[case::iri_pattern(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:pattern ex:p .",
        "sh:pattern of <http://example.org/S> must be a string, found <http://example.org/p>"
    )]
    #[case::text_max_count(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount \"x\" ] .",
        "maxCount> of _:"
    )]
    #[case::text_max_count_found(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:maxCount \"x\" ] .",
        "must be a non-negative integer, found \"x\""
    )]
    #[case::literal_deactivated(
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:deactivated \"yes\" .",
        "must be a boolean, found \"yes\""
    )]
    fn malformed_shapes(#[case] shapes: &str, #[case] expected: &str) {
        match validate(&store("ex:a ex:p 1 ."), &[&format!("{PREFIXES}{shapes}")]) {
            Err(ShaclError::Shapes(message)) => assert!(message.contains(expected), "{message}"),
            other => panic!("expected a shapes error, got {other:?}"),
        }
    }

    /// Report rows keep the results' order and text, with the severity in lower case.
    #[test]
    fn report_rows_lower_the_severity() {
        let shapes = format!("{PREFIXES}{}", on_p("sh:minCount 2 ; sh:severity sh:Warning"));
        let data = store("ex:a ex:p 1 .");
        let mut shapes_graph = RdfGraph::new();
        for triple in RdfParser::from_format(RdfFormat::Turtle).for_slice(shapes.as_bytes()) {
            shapes_graph.insert(&Triple::from(triple.unwrap()));
        }
        let report = validate_graph(&data, GraphNameRef::DefaultGraph, &shapes_graph).unwrap();
        let rows = report.rows();
        assert_eq!(rows.len(), 1);
        let (row, result) = (&rows[0], &report.results[0]);
        assert_eq!(
            (row.severity.as_str(), result.severity.as_str()),
            ("warning", "Warning")
        );
        assert_eq!(row.focus_node, "http://example.org/a");
        assert_eq!(row.path, Some("<http://example.org/p>"));
        assert_eq!(
            row.constraint,
            "http://www.w3.org/ns/shacl#MinCountConstraintComponent"
        );
        assert_eq!((row.value, row.shapes_file), (None, None));
        let serde_json::Value::Object(fields) = serde_json::to_value(row).unwrap() else {
            panic!("a row is a record");
        };
        let mut names: Vec<&str> = fields.keys().map(String::as_str).collect();
        // The row serialises as the fields its table declares, no more and no fewer.
        let mut columns: Vec<&str> = <ReportRow as crate::table::Row>::fields()
            .iter()
            .map(|f| f.name)
            .collect();
        names.sort_unstable();
        columns.sort_unstable();
        assert_eq!(names, columns);
    }

    /// The bundled ontology and data, loaded as the library loads them.
    fn bundled_store() -> Store {
        let store = Store::new().expect("in-memory store");
        for (path, content) in crate::bundle::BUNDLED_FILES {
            store
                .load_from_slice(RdfFormat::Turtle, *content)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
        }
        store
    }

    const SHAPES: [&str; 2] = [
        include_str!("../ontology/shapes/violations.ttl"),
        include_str!("../ontology/shapes/warnings.ttl"),
    ];

    /// The bundled data has no violation; its warnings all come from the warning shapes. (The
    /// time this takes is measured in `benches/`, not asserted here.)
    #[test]
    fn bundled_data_has_no_violations() {
        let store = bundled_store();
        assert!(
            store.len().expect("in-memory store") > 10_000,
            "the bundled data is loaded"
        );
        let violations = validate(&store, &[SHAPES[0]]).expect("the bundled shapes are valid");
        assert!(violations.is_empty(), "{violations:#?}");
        let warnings = validate(&store, &[SHAPES[1]]).expect("the bundled shapes are valid");
        assert!(warnings.iter().all(|r| r.severity == "Warning"), "{warnings:#?}");
        let both = validate(&store, &SHAPES).expect("the bundled shapes are valid");
        assert!(conforms_without_violations(&both));
    }

    /// Each invalid example, added to the bundled data, gives the violation its comment describes,
    /// on its own focus node, which the bundled data alone does not have.
    #[rstest]
    #[case::framework_without_source(include_str!("../ontology/examples/invalid/framework-without-source.ttl"), "framework/example-broken", "http://purl.org/dc/terms/source", "MinCount")]
    #[case::framework_without_notation(include_str!("../ontology/examples/invalid/framework-without-source.ttl"), "framework/example-broken", "http://www.w3.org/2004/02/skos/core#notation", "MinCount")]
    #[case::mapping_confidence(include_str!("../ontology/examples/invalid/mapping-confidence-out-of-range.ttl"), "example/mapping/broken", "https://w3id.org/workforce-graph/ontology#confidence", "MaxInclusive")]
    #[case::offer_without_body(include_str!("../ontology/examples/invalid/offer-without-body.ttl"), "example/offer/broken", "https://w3id.org/workforce-graph/ontology#offeredBy", "MinCount")]
    #[case::requirement_without_competency(include_str!("../ontology/examples/invalid/requirement-without-competency.ttl"), "example/requirement/broken", "https://w3id.org/workforce-graph/ontology#requiredCompetency", "MinCount")]
    #[case::role_level_without_rank(include_str!("../ontology/examples/invalid/role-level-without-rank.ttl"), "example/role-level/broken", "https://w3id.org/workforce-graph/ontology#rank", "MinCount")]
    #[case::statistic_without_unit(include_str!("../ontology/examples/invalid/statistic-without-unit.ttl"), "example/stat/broken", "https://w3id.org/workforce-graph/ontology#unit", "MinCount")]
    fn invalid_examples_are_caught(
        #[case] example: &str,
        #[case] focus: &str,
        #[case] path: &str,
        #[case] component: &str,
    ) {
        let focus = format!("https://w3id.org/workforce-graph/id/{focus}");
        let path = format!("<{path}>");
        let constraint = format!("{SH}{component}ConstraintComponent");
        let is_expected = |r: &ValidationResult| {
            r.severity == "Violation"
                && r.focus_node == focus
                && r.path.as_deref() == Some(path.as_str())
                && r.constraint == constraint
        };
        let store = bundled_store();
        let before = validate(&store, &SHAPES).expect("the bundled shapes are valid");
        assert!(
            !before.iter().any(|r| r.focus_node == focus),
            "{focus} is not in the bundled data"
        );
        store
            .load_from_slice(RdfFormat::Turtle, example.as_bytes())
            .expect("the example is valid Turtle");
        let after = validate(&store, &SHAPES).expect("the bundled shapes are valid");
        assert!(
            after.iter().any(is_expected),
            "no {component} violation of {path} on {focus}: {after:#?}"
        );
    }
}
