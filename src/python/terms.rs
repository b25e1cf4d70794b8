//! RDF terms for query bindings: `IRI`, `Literal`, and the conversion of plain Python values.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, Term};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateTime, PyFloat, PyInt, PyString};

/// An IRI, for binding a query variable to a resource rather than to a string.
///
/// :param value: the IRI.
/// :raises ValueError: if the value is not a valid IRI.
///
/// >>> IRI("https://w3id.org/workforce-graph/id/framework/ddat")
/// IRI('https://w3id.org/workforce-graph/id/framework/ddat')
/// >>> str(IRI("http://example.com/a"))
/// 'http://example.com/a'
#[pyclass(frozen, eq, hash, name = "IRI", module = "workforce_graph", from_py_object)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyIri {
    pub inner: NamedNode,
}

#[pymethods]
impl PyIri {
    #[new]
    fn new(value: &str) -> PyResult<Self> {
        NamedNode::new(value)
            .map(|inner| Self { inner })
            .map_err(|e| PyValueError::new_err(format!("invalid IRI {value:?}: {e}")))
    }

    /// The IRI as a string.
    #[getter]
    fn value(&self) -> &str {
        self.inner.as_str()
    }

    fn __str__(&self) -> &str {
        self.inner.as_str()
    }

    fn __repr__(&self) -> String {
        format!("IRI({:?})", self.inner.as_str()).replace('"', "'")
    }
}

/// An RDF literal with an explicit datatype or language tag.
///
/// Plain Python values are converted for you (``str``, ``int``, ``float``, ``bool``,
/// ``decimal.Decimal``, ``datetime.date`` and ``datetime.datetime``); use this class for
/// anything else, such as a language-tagged label.
///
/// :param value: the lexical form.
/// :param datatype: the datatype IRI (default ``xsd:string``).
/// :param language: a language tag; cannot be combined with ``datatype``.
/// :raises ValueError: for an invalid datatype IRI or language tag, or both given.
///
/// >>> Literal("Data analyst", language="en")
/// Literal('Data analyst', language='en')
/// >>> Literal("3", datatype="http://www.w3.org/2001/XMLSchema#integer").datatype
/// 'http://www.w3.org/2001/XMLSchema#integer'
#[pyclass(
    frozen,
    eq,
    hash,
    name = "Literal",
    module = "workforce_graph",
    from_py_object
)]
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PyLiteral {
    pub inner: Literal,
}

#[pymethods]
impl PyLiteral {
    #[new]
    #[pyo3(signature = (value, *, datatype = None, language = None))]
    fn new(value: &str, datatype: Option<&str>, language: Option<&str>) -> PyResult<Self> {
        let inner = match (datatype, language) {
            (Some(_), Some(_)) => {
                return Err(PyValueError::new_err("give a datatype or a language, not both"))
            }
            (None, Some(language)) => Literal::new_language_tagged_literal(value, language)
                .map_err(|e| PyValueError::new_err(format!("invalid language tag {language:?}: {e}")))?,
            (Some(datatype), None) => Literal::new_typed_literal(
                value,
                NamedNode::new(datatype)
                    .map_err(|e| PyValueError::new_err(format!("invalid datatype IRI {datatype:?}: {e}")))?,
            ),
            (None, None) => Literal::new_simple_literal(value),
        };
        Ok(Self { inner })
    }

    /// The lexical form.
    #[getter]
    fn value(&self) -> &str {
        self.inner.value()
    }

    /// The datatype IRI.
    #[getter]
    fn datatype(&self) -> &str {
        self.inner.datatype().as_str()
    }

    /// The language tag, if any.
    #[getter]
    fn language(&self) -> Option<&str> {
        self.inner.language()
    }

    fn __str__(&self) -> String {
        self.inner.to_string()
    }

    fn __repr__(&self) -> String {
        let value = format!("{:?}", self.inner.value()).replace('"', "'");
        match self.inner.language() {
            Some(language) => format!("Literal({value}, language='{language}')"),
            None if self.inner.datatype() == xsd::STRING => format!("Literal({value})"),
            None => format!("Literal({value}, datatype='{}')", self.inner.datatype().as_str()),
        }
    }
}

/// Converts a Python value given in `bindings` to an RDF term. Strings are always literals:
/// a resource must be given as `IRI(...)`.
pub fn term_from_python(value: &Bound<'_, PyAny>) -> PyResult<Term> {
    if let Ok(iri) = value.extract::<PyIri>() {
        return Ok(iri.inner.into());
    }
    if let Ok(literal) = value.extract::<PyLiteral>() {
        return Ok(literal.inner.into());
    }
    if value.is_instance_of::<PyString>() {
        return Ok(Literal::new_simple_literal(value.extract::<String>()?).into());
    }
    // bool before int: a Python bool is an int.
    if value.is_instance_of::<PyBool>() {
        return Ok(Literal::from(value.extract::<bool>()?).into());
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(Literal::new_typed_literal(value.str()?.to_string(), xsd::INTEGER).into());
    }
    if value.is_instance_of::<PyFloat>() {
        return Ok(Literal::from(value.extract::<f64>()?).into());
    }
    // datetime before date: a datetime is a date.
    if value.is_instance_of::<PyDateTime>() {
        let text: String = value.call_method0("isoformat")?.extract()?;
        return Ok(Literal::new_typed_literal(text, xsd::DATE_TIME).into());
    }
    if value.is_instance_of::<PyDate>() {
        let text: String = value.call_method0("isoformat")?.extract()?;
        return Ok(Literal::new_typed_literal(text, xsd::DATE).into());
    }
    let type_name = value.get_type().qualname()?.to_string();
    if type_name == "Decimal" {
        let text = value.str()?.to_string();
        if text.chars().any(|c| c.is_ascii_alphabetic()) {
            return Err(PyValueError::new_err(format!("{text} has no xsd:decimal form")));
        }
        return Ok(Literal::new_typed_literal(text, xsd::DECIMAL).into());
    }
    Err(PyTypeError::new_err(format!(
        "cannot bind a {type_name}: use str, int, float, bool, Decimal, date, datetime, IRI or Literal"
    )))
}
