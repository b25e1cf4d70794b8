"""Sources of record and licences of the bundled graph, computed on the graph itself: every
``dcterms:source`` web address is on a publisher's host listed in ``ontology/source-hosts.txt``,
and every framework says under which licence (or terms) it is bundled and what is bundled."""

from __future__ import annotations

import collections
import pathlib
import urllib.parse

import pytest
import workforce_graph as wg
from source_hosts import NEVER_SOURCE_HOSTS

HOSTS = pathlib.Path(__file__).resolve().parent.parent / "ontology" / "source-hosts.txt"
PREFIXES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
"""


def allowed_hosts() -> dict[str, str]:
    """Host -> the publisher its comment names."""
    hosts = {}
    for number, line in enumerate(HOSTS.read_text(encoding="utf-8").splitlines(), start=1):
        entry, _, comment = line.partition("#")
        entry = entry.strip()
        if not entry:
            continue
        assert " " not in entry and "/" not in entry, f"source-hosts.txt:{number}: one host per line"
        assert comment.strip(), f"source-hosts.txt:{number}: {entry} needs a comment naming its publisher"
        hosts[entry.lower()] = comment.strip()
    return hosts


def is_allowed(host: str, hosts: dict[str, str]) -> bool:
    host = host.lower().removeprefix("www.")
    return any(host == h or host.endswith("." + h) for h in hosts)


def test_the_allow_list_names_publishers_only() -> None:
    hosts = allowed_hosts()
    assert len(hosts) > 20
    assert not [h for h in hosts if any(bad in h for bad in NEVER_SOURCE_HOSTS)]
    assert is_allowed("www.cipd.org", hosts) and is_allowed("archive.cilip.org.uk", hosts)
    assert not is_allowed("vdocuments.site", hosts) and not is_allowed("notcipd.org", hosts)


def test_every_source_is_a_publishers_document(bundled: wg.Graph) -> None:
    hosts = allowed_hosts()
    rows = bundled.query(
        PREFIXES
        + """
        SELECT DISTINCT ?entity ?source WHERE {
          ?entity dcterms:source ?source .
          FILTER(isIRI(?source) && REGEX(STR(?source), "^https?://"))
        }"""
    ).to_pandas()
    assert len(rows) > 100
    outside: dict[str, list[str]] = collections.defaultdict(list)
    for entity, source in zip(rows["entity"], rows["source"]):
        host = urllib.parse.urlsplit(str(source)).hostname or ""
        if not is_allowed(host, hosts) or any(bad in host for bad in NEVER_SOURCE_HOSTS):
            outside[host].append(str(entity))
    report = "\n".join(f"{host}: {len(e)} facts, e.g. {min(e)}" for host, e in sorted(outside.items()))
    assert not outside, (
        "sources outside ontology/source-hosts.txt (cite the publisher's document):\n" + report
    )


def test_every_framework_states_its_licence_and_what_is_bundled(bundled: wg.Graph) -> None:
    missing = bundled.query(
        PREFIXES
        + """
        SELECT ?thing ?lack WHERE {
          { VALUES ?type { wg:Framework wg:CodingFrame } ?thing a ?type .
            FILTER NOT EXISTS { ?thing dcterms:license|dcterms:rights ?terms } BIND("licence" AS ?lack) }
          UNION
          { VALUES ?type { wg:Framework wg:CodingFrame } ?thing a ?type .
            FILTER NOT EXISTS { ?thing wg:bundledContent ?what } BIND("bundled content" AS ?lack) }
          UNION
          { ?thing a wg:LevelScale .
            FILTER NOT EXISTS { ?thing dcterms:license|dcterms:rights ?terms }
            FILTER NOT EXISTS { ?framework wg:hasScale ?thing ; dcterms:license|dcterms:rights ?its }
            BIND("licence (neither the scale nor a framework using it has one)" AS ?lack) }
        }"""
    ).to_pandas()
    assert missing.empty, missing.to_string()
    frameworks = bundled.frameworks()
    assert {"licence", "rights", "bundled"} <= set(frameworks.columns)
    stated = frameworks["licence"].notna() | frameworks["rights"].notna()
    assert stated.all(), frameworks.loc[~stated, "framework_code"].tolist()


@pytest.mark.parametrize("code", ["DDaT", "LCF"])
def test_open_government_licence_frameworks_carry_its_iri(bundled: wg.Graph, code: str) -> None:
    row = bundled.frameworks().set_index("framework_code").loc[code]
    assert row["licence"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


def test_licensed_frameworks_bundle_no_descriptions(bundled: wg.Graph) -> None:
    """SFIA bundles nothing of its content; CILIP's PKSB and the CIPD map only names."""
    sfia = bundled.frameworks().set_index("framework_code").loc["SFIA"]
    assert sfia["competencies"] == 0 and "import_sfia" in sfia["bundled"]
    assert "all rights reserved" in sfia["rights"]
    described = bundled.query(
        PREFIXES
        + """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?item ?p WHERE {
          VALUES ?framework { <https://w3id.org/workforce-graph/id/framework/sfia>
                              <https://w3id.org/workforce-graph/id/framework/pksb>
                              <https://w3id.org/workforce-graph/id/framework/cipd-profession-map> }
          ?item skos:inScheme ?framework .
          VALUES ?p { skos:definition dcterms:description skos:scopeNote skos:example }
          ?item ?p ?text }"""
    ).to_pandas()
    assert described.empty, described.to_string()
    # The SFIA skill codes the crosswalks cite are bare references: a code and a source, no name.
    named = bundled.query("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?s WHERE { ?s skos:prefLabel|skos:altLabel|skos:definition|skos:inScheme ?x .
          FILTER(STRSTARTS(STR(?s), "https://w3id.org/workforce-graph/id/sfia/")) }""").to_pandas()
    assert named.empty, named.to_string()
