"""Hosts that are never a source of record, whatever ontology/source-hosts.txt allows: document
mirrors, encyclopaedias and blogs. One list for every test that checks the bundled graph's
sources (test_sources, test_bundled_depth), so a mirror found once is refused everywhere."""

# Matched as substrings of a host or a source IRI.
NEVER_SOURCE_HOSTS = (
    "vdocuments",
    "studylib",
    "dokumen.tips",
    "businessdocbox",
    "pdfslide",
    "fdocuments",
    "docplayer",
    "scribd",
    "docsbay",
    "documents.pub",
    "zbook.org",
    "docsford",
    "powershow",
    "wikipedia.org",
    "blogspot.",
    "wordpress.com",
    "onyx-sites.io",
)
