//! What the RDF/XML and JSON-LD parsers leave out of their errors: where the error is, and (for
//! RDF/XML) that a document stopped before its root element was closed.
//!
//! oxigraph's Turtle-family parsers give every syntax error a position; its RDF/XML parser gives
//! none, and its JSON-LD parser only for malformed JSON. Both parsers stream, so the error is
//! raised as soon as the offending token has been read: the shortest prefix of the input whose
//! parse raises the same message ends right after that token, and a binary search over prefix
//! lengths finds it. That costs a few parses of the input, on the error path only.

use crate::error::SyntaxError;
use oxigraph::io::{RdfFormat, RdfParser};
use std::io::{self, BufRead, Read};

/// Bytes of the input, read again from the start (a file is reopened; text is sliced).
pub(crate) trait Reread {
    /// A reader over the first `length` bytes.
    fn prefix(&self, length: u64) -> io::Result<Box<dyn Read + '_>>;
    /// The input's length in bytes.
    fn length(&self) -> io::Result<u64>;
}

impl Reread for &[u8] {
    fn prefix(&self, length: u64) -> io::Result<Box<dyn Read + '_>> {
        let end = usize::try_from(length).unwrap_or(usize::MAX).min(self.len());
        Ok(Box::new(&self[..end]))
    }

    fn length(&self) -> io::Result<u64> {
        Ok(self.len() as u64)
    }
}

impl Reread for &std::path::Path {
    fn prefix(&self, length: u64) -> io::Result<Box<dyn Read + '_>> {
        let mut file = io::BufReader::new(std::fs::File::open(self)?);
        skip_bom(&mut file)?;
        Ok(Box::new(file.take(length)))
    }

    fn length(&self) -> io::Result<u64> {
        // The byte-order mark is skipped by `prefix`, so it does not count.
        let length = std::fs::metadata(self)?.len();
        let mut start = [0u8; 3];
        let read = std::fs::File::open(self)?.read(&mut start)?;
        Ok(if read == 3 && start == BOM {
            length - 3
        } else {
            length
        })
    }
}

/// The UTF-8 byte-order mark, which text RDF files saved by some editors start with.
pub(crate) const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// Skips a UTF-8 byte-order mark at the start of a reader.
pub(crate) fn skip_bom(reader: &mut impl BufRead) -> io::Result<()> {
    if reader.fill_buf()?.starts_with(&BOM) {
        reader.consume(BOM.len());
    }
    Ok(())
}

/// The first syntax error of parsing `reader` as `format` (quads are counted, not kept).
fn first_error(format: RdfFormat, reader: impl Read) -> Option<String> {
    for quad in RdfParser::from_format(format).for_reader(reader) {
        if let Err(e) = quad {
            return Some(e.to_string());
        }
    }
    None
}

/// Inputs larger than this are not parsed again to locate an error (a few dozen parses of the
/// input would take minutes).
const MAX_LOCATED: u64 = 256 << 20;

/// Gives `error` a line and column when the parser gave none: the end of the shortest prefix of
/// the input that raises the same message. Left as it is when no prefix reproduces it.
pub(crate) fn locate(mut error: SyntaxError, format: RdfFormat, input: &dyn Reread) -> SyntaxError {
    if error.line.is_some() || !matches!(format, RdfFormat::RdfXml | RdfFormat::JsonLd { .. }) {
        return error;
    }
    let Ok(length) = input.length() else {
        return error;
    };
    if length > MAX_LOCATED {
        return error;
    }
    let same = |prefix: u64| -> bool {
        input
            .prefix(prefix)
            .ok()
            .and_then(|reader| first_error(format, reader))
            .is_some_and(|m| m == error.message)
    };
    if !same(length) {
        return error;
    }
    let (mut low, mut high) = (0u64, length); // same(high), and not same(low) unless low == 0
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if same(middle) {
            high = middle;
        } else {
            low = middle;
        }
    }
    if let Ok((line, column)) = position_of(input, high) {
        error.line = Some(line);
        error.column = Some(column);
        error.end_line = Some(line);
        error.end_column = Some(column + 1);
    }
    error
}

/// The 1-based line and column (in characters) of the last byte of the first `end` bytes.
fn position_of(input: &dyn Reread, end: u64) -> io::Result<(u64, u64)> {
    let mut reader = io::BufReader::new(input.prefix(end.saturating_sub(1))?);
    let (mut line, mut column) = (1u64, 1u64);
    let mut buffer = [0u8; 1 << 16];
    loop {
        let read = reader.read(&mut buffer)?;
        if read == 0 {
            return Ok((line, column));
        }
        for byte in &buffer[..read] {
            if *byte == b'\n' {
                line += 1;
                column = 1;
            } else if byte & 0xC0 != 0x80 {
                column += 1;
            }
        }
    }
}

/// Checks that an RDF/XML document closes every element it opens: the RDF/XML parser yields the
/// triples of a truncated file without an error. Malformed XML is left to the RDF/XML parser.
pub(crate) fn check_xml_closed(input: impl BufRead, source_name: &str) -> Result<(), SyntaxError> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut open: Vec<String> = Vec::new();
    let mut buffer = Vec::new();
    let mut seen_root = false;
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(start)) => {
                seen_root = true;
                open.push(String::from_utf8_lossy(start.name().as_ref()).into_owned());
            }
            Ok(Event::Empty(_)) => seen_root = true,
            Ok(Event::End(_)) => {
                open.pop();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => return Ok(()), // the RDF/XML parser reports it
        }
        buffer.clear();
    }
    if open.is_empty() && seen_root {
        return Ok(());
    }
    let message = match open.first() {
        Some(root) => format!(
            "the document ends before <{root}> is closed ({} element(s) left open, the innermost <{}>): \
             the file is truncated",
            open.len(),
            open.last().expect("not empty")
        ),
        None => "the document has no root element".to_owned(),
    };
    Err(SyntaxError {
        source_name: source_name.to_owned(),
        message,
        line: None,
        column: None,
        end_line: None,
        end_column: None,
        text: None,
    })
}

/// The line and column just after the last character of the input (where a truncated document
/// stops).
pub(crate) fn end_position(input: &dyn Reread) -> io::Result<(u64, u64)> {
    position_of(input, input.length()? + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENT: &str = "<?xml version=\"1.0\"?>\n\
        <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.com/\">\n\
        <rdf:Description rdf:about=\"http://example.com/a\">\n\
        <ex:p>x</ex:p>\n\
        </rdf:Description>\n\
        </rdf:RDF>\n";

    #[test]
    fn a_closed_document_passes_and_a_truncated_one_fails() {
        assert!(check_xml_closed(DOCUMENT.as_bytes(), "f.rdf").is_ok());
        let truncated = &DOCUMENT[..DOCUMENT.find("</rdf:RDF>").unwrap()];
        let error = check_xml_closed(truncated.as_bytes(), "f.rdf").unwrap_err();
        assert!(error.message.contains("<rdf:RDF> is closed"), "{error}");
        let cut = &DOCUMENT[..DOCUMENT.find("</ex:p>").unwrap()];
        let error = check_xml_closed(cut.as_bytes(), "f.rdf").unwrap_err();
        assert!(
            error
                .message
                .contains("3 element(s) left open, the innermost <ex:p>"),
            "{error}"
        );
    }

    #[test]
    fn an_rdf_xml_error_is_located_by_the_shortest_prefix_that_raises_it() {
        let bad = DOCUMENT.replace(
            "rdf:about=\"http://example.com/a\"",
            "rdf:about=\"http://exa mple.com/a\"",
        );
        let message = first_error(RdfFormat::RdfXml, bad.as_bytes()).expect("an invalid IRI");
        let error = SyntaxError {
            source_name: "f.rdf".into(),
            message,
            line: None,
            column: None,
            end_line: None,
            end_column: None,
            text: None,
        };
        let located = locate(error, RdfFormat::RdfXml, &bad.as_bytes());
        assert_eq!(located.line, Some(3), "{located:?}");
        assert!(located.column.is_some());
    }
}
