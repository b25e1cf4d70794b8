"""Depth of the bundled frameworks, bodies and seed evidence, checked against the counts their own
publishers state.

No machine-readable source file exists for these frameworks, so each expected count is written once
below, next to the document it comes from, and asserted from the bundled graph. A count the bundle
cannot reach from public sources (FCI sub-domains) is asserted as an upper bound, and the framework
must say what is missing.
"""

from __future__ import annotations

import re

import pytest
import workforce_graph as wg
from source_hosts import NEVER_SOURCE_HOSTS

ID = "https://w3id.org/workforce-graph/id/"
PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
"""

# Department of Health, "The NHS Knowledge and Skills Framework (NHS KSF) and the Development Review
# Process", October 2004 (Gateway 3616; its structure is set out in section 1.6): 30 dimensions, 6 core
# and 24 specific in four groups, each dimension described at four levels (the counts as also stated
# on the Royal College of Nursing's KSF page).
KSF_DIMENSIONS_PER_GROUP = {
    "Core dimensions": 6,
    "Health and wellbeing": 10,
    "Information and knowledge": 3,
    "Estates and facilities": 3,
    "General": 8,
}
KSF_LEVELS = 4
# Per-dimension level titles (handbook section 2) that could be read, by dimension code and level:
# Communication levels 1-3 in NHS Employers' 2010 "Summary descriptions of KSF core dimensions"
# (simplified KSF; level 4 cut off in the copy read); Personal and people development levels 1-4 in a
# training presentation quoting the handbook (its copy drops ampersands; the level 3 conjunction is
# restored as "and"); Equality and diversity and Services and project management levels 1-4 in copies
# of the handbook's pages for those two dimensions. Of 30 x 4 = 120.
KSF_LEVEL_TITLES = {
    ("C1", 1): "Communicate with a limited range of people on day-to-day matters",
    ("C1", 2): "Communicate with a range of people on a range of matters",
    ("C1", 3): (
        "Develop and maintain communication with people about difficult matters"
        " and/or in difficult situations"
    ),
    ("C2", 1): "Contribute to own personal development",
    ("C2", 2): "Develop own skills and knowledge and provide information to others to help their development",
    ("C2", 3): "Develop oneself and contribute to the development of others",
    ("C2", 4): "Develop oneself and others in areas of practice",
    ("C6", 1): "Act in ways that support equality and value diversity",
    ("C6", 2): "Support equality and value diversity",
    ("C6", 3): "Promote equality and value diversity",
    ("C6", 4): "Develop a culture that promotes equality and values diversity",
    ("G5", 1): "Assist with the organisation of services and/or projects",
    ("G5", 2): "Organise specific aspects of services and/or projects",
    ("G5", 3): "Prioritise and manage the ongoing work of services and/or projects",
    ("G5", 4): "Plan, coordinate and monitor the delivery of services and/or projects",
}
# Davies et al., BMJ Health & Care Informatics 2021;28:e100356 and Int J Med Inform 2022;168:104905:
# 6 domains, 36 sub-domains, 111 competency statements.
FCI_DOMAINS, FCI_SUB_DOMAINS, FCI_STATEMENTS = 6, 36, 111
# Domain names that could be read: domain 1, numbered, on the FCI's framework page; two more in FEDIP's
# job-profile database (job-profiles.fedip.org/cif-group/...), which republishes the framework without
# domain numbers, so those two carry no number.
FCI_DOMAIN_NAMES = {
    "Health and wellbeing in practice": "1",
    "Working with data and analytical methods": None,
    "Leading informatics teams and projects": None,
}
# Finance Skills Development, "NHS Finance Competencies" (2014), contents: five core and seven
# specific technical competencies. FSD Knowledge Traits Map (2007): four knowledge levels.
FINANCE_CORE, FINANCE_TECHNICAL, FINANCE_KNOWLEDGE_LEVELS = 5, 7, 4
# London HPMA Academy, "HR Competency Framework", version 0.3: six competencies at four levels.
HPMA_COMPETENCIES, HPMA_LEVELS = 6, 4
# BCS, "CITP Standard": depth in at least four SFIA skills, two of them at SFIA level 5.
CITP_SFIA_LEVEL = 5


def _rows(graph: wg.Graph, sparql: str) -> list[tuple]:
    """Rows of a query; `wgid:x/y` is shorthand for the full IRI (SPARQL prefixed names cannot hold '/')."""
    expanded = re.sub(r"\bwgid:([\w/.-]*\w)", lambda m: f"<{ID}{m.group(1)}>", sparql)
    return [tuple(row) for row in graph.query(PREFIXES + expanded)]


def test_ksf_has_all_thirty_dimensions_in_their_groups(bundled: wg.Graph) -> None:
    rows = _rows(
        bundled,
        """
        SELECT ?group (COUNT(DISTINCT ?d) AS ?n) WHERE {
          ?d skos:inScheme wgid:framework/ksf ; skos:broader ?g ; skos:notation ?code .
          ?g skos:topConceptOf wgid:framework/ksf ; skos:prefLabel ?group .
        } GROUP BY ?group""",
    )
    assert {group: int(n) for group, n in rows} == KSF_DIMENSIONS_PER_GROUP
    codes = {
        code
        for (code,) in _rows(
            bundled,
            """
        SELECT ?code WHERE { ?d skos:inScheme wgid:framework/ksf ; skos:broader ?g ; skos:notation ?code }""",
        )
    }
    expected = (
        {f"C{i}" for i in range(1, 7)}
        | {f"HWB{i}" for i in range(1, 11)}
        | {f"IK{i}" for i in range(1, 4)}
        | {f"EF{i}" for i in range(1, 4)}
        | {f"G{i}" for i in range(1, 9)}
    )
    assert codes == expected
    # the dimensions non-clinical staff use most, missing before
    names = dict(
        _rows(
            bundled,
            """
        SELECT ?code ?name WHERE {
          ?d skos:inScheme wgid:framework/ksf ; skos:notation ?code ; skos:prefLabel ?name }""",
        )
    )
    assert names["IK3"] == "Knowledge and information resources"
    assert names["G4"] == "Financial management"
    assert names["G8"] == "Public relations and marketing"
    assert names["EF3"] == "Transport and logistics"


def test_every_ksf_dimension_is_graded_on_four_levels(bundled: wg.Graph) -> None:
    levels = _rows(
        bundled,
        """
        SELECT ?rank WHERE {
          wgid:framework/ksf wg:hasScale ?s . ?l skos:inScheme ?s ; wg:rank ?rank } ORDER BY ?rank""",
    )
    assert [int(r) for (r,) in levels] == list(range(1, KSF_LEVELS + 1))
    ksf = bundled.competencies("KSF")
    dimensions = int((~ksf["is_area"].astype(bool) & ksf["competency_code"].notna()).sum())
    assert dimensions == sum(KSF_DIMENSIONS_PER_GROUP.values())
    assert dimensions * KSF_LEVELS == 120
    # every bundled item is a group, a coded dimension or one of the level titles below
    assert len(ksf) == len(KSF_DIMENSIONS_PER_GROUP) + dimensions + len(KSF_LEVEL_TITLES)


def test_ksf_level_titles_sit_under_their_dimension_at_their_level(bundled: wg.Graph) -> None:
    rows = _rows(
        bundled,
        """
        SELECT ?code ?rank ?title WHERE {
          ?t skos:inScheme wgid:framework/ksf ; skos:prefLabel ?title ;
             skos:broader ?d ; wg:definedAtLevel ?l .
          ?d skos:notation ?code . ?l skos:inScheme wgid:scale/ksf ; wg:rank ?rank .
          FILTER NOT EXISTS { ?t skos:notation ?any } }""",
    )
    assert {(code, int(rank)): title for code, rank, title in rows} == KSF_LEVEL_TITLES
    notes = " ".join(
        n for (n,) in _rows(bundled, "SELECT ?n WHERE { wgid:framework/ksf wg:curationNote ?n }")
    )
    missing = KSF_LEVELS * sum(KSF_DIMENSIONS_PER_GROUP.values()) - len(KSF_LEVEL_TITLES)
    assert f"other {missing} titles" in notes  # what is missing is said, not hidden


def test_ksf_cites_the_department_of_health_handbook(bundled: wg.Graph) -> None:
    sources = {
        s
        for (s,) in _rows(
            bundled,
            """
        SELECT DISTINCT ?s WHERE { ?c skos:inScheme wgid:framework/ksf ; dcterms:source ?s }""",
        )
    }
    assert sources == {ID + "pub/nhs-ksf-handbook-2004"}
    (issued,) = _rows(bundled, "SELECT ?d WHERE { wgid:pub/nhs-ksf-handbook-2004 dcterms:issued ?d }")[0]
    assert str(issued) == "2004-10-11"


def test_fci_holds_no_more_than_its_published_counts_and_says_what_is_missing(bundled: wg.Graph) -> None:
    domains = _rows(bundled, "SELECT ?d WHERE { ?d skos:topConceptOf wgid:framework/fci-ccf }")
    subs = _rows(
        bundled,
        """
        SELECT ?n WHERE { ?s skos:inScheme wgid:framework/fci-ccf ; skos:broader ?d ; skos:notation ?n }""",
    )
    assert 1 <= len(domains) <= FCI_DOMAINS
    assert {"1.1", "1.2", "1.3"} <= {n for (n,) in subs} and len(subs) <= FCI_SUB_DOMAINS
    (description,) = _rows(bundled, "SELECT ?d WHERE { wgid:framework/fci-ccf dcterms:description ?d }")[0]
    assert f"{FCI_DOMAINS} domains, {FCI_SUB_DOMAINS} sub-domains and {FCI_STATEMENTS}" in description
    note = " ".join(
        n for (n,) in _rows(bundled, "SELECT ?n WHERE { wgid:framework/fci-ccf wg:curationNote ?n }")
    )
    assert "domain 1 and sub-domains 1.1-1.3" in note
    assert "zenodo.3957992" in note  # the licence question is recorded, not assumed
    # The report's CC BY 4.0 is still second-hand: terms in a sentence, no licence IRI until it is read.
    assert not _rows(bundled, "SELECT ?l WHERE { wgid:framework/fci-ccf dcterms:license ?l }")
    (rights,) = _rows(bundled, "SELECT ?r WHERE { wgid:framework/fci-ccf dcterms:rights ?r }")[0]
    assert "not confirmed" in rights and "CC BY-NC 4.0" in rights


def test_fci_domains_read_without_a_number_carry_none_and_say_where_they_were_read(bundled: wg.Graph) -> None:
    rows = _rows(
        bundled,
        """
        SELECT ?name ?code ?note WHERE {
          ?d skos:topConceptOf wgid:framework/fci-ccf ; skos:prefLabel ?name .
          OPTIONAL { ?d skos:notation ?code } OPTIONAL { ?d wg:curationNote ?note } }""",
    )
    numbers = {str(name): (None if code is None else str(code)) for name, code, _ in rows}
    assert numbers == FCI_DOMAIN_NAMES
    for _, code, note in rows:
        if code is None:  # read in a republication, not the FCI's page: the note says so and gives no number
            assert "FEDIP" in str(note) and "number" in str(note) and "not confirmed" in str(note)
    # cited to the publisher's page, never to FEDIP's database
    sources = {
        str(s)
        for (s,) in _rows(
            bundled,
            "SELECT DISTINCT ?s WHERE { ?d skos:topConceptOf wgid:framework/fci-ccf ; dcterms:source ?s }",
        )
    }
    assert not [s for s in sources if "fedip" in s]


def test_finance_is_the_2014_edition_with_its_knowledge_levels(bundled: wg.Graph) -> None:
    counts = dict(
        _rows(
            bundled,
            """
        SELECT ?area (COUNT(?c) AS ?n) WHERE {
          ?c skos:inScheme wgid:framework/nhs-finance-competencies ; skos:broader ?a . ?a skos:prefLabel ?area
        } GROUP BY ?area""",
        )
    )
    assert {k: int(v) for k, v in counts.items()} == {
        "Core competencies": FINANCE_CORE,
        "Specific technical competencies": FINANCE_TECHNICAL,
    }
    sources = {
        s
        for (s,) in _rows(
            bundled,
            """
        SELECT DISTINCT ?s WHERE {
          { ?c skos:inScheme wgid:framework/nhs-finance-competencies }
          UNION { BIND(wgid:framework/nhs-finance-competencies AS ?c) }
          ?c dcterms:source ?s }""",
        )
    }
    assert sources == {ID + "pub/nhs-finance-competencies-2014"}  # not the 2021 listing
    publishers = {
        p
        for (p,) in _rows(
            bundled, "SELECT ?p WHERE { wgid:framework/nhs-finance-competencies dcterms:publisher ?p }"
        )
    }
    assert publishers == {ID + "org/finance-skills-development"}
    levels = _rows(
        bundled,
        """
        SELECT ?name ?definition WHERE {
          wgid:framework/nhs-finance-competencies wg:hasScale ?s .
          ?l skos:inScheme ?s ; wg:rank ?r ; skos:prefLabel ?name ; skos:definition ?definition
        } ORDER BY ?r""",
    )
    assert len(levels) == FINANCE_KNOWLEDGE_LEVELS
    assert [n for n, _ in levels[:3]] == ["Foundation", "Technician", "Professional"]
    assert (
        "bands 1 to 4" in levels[0][1] and "bands 5 to 6" in levels[1][1] and "bands 7 to 8c" in levels[2][1]
    )


def test_hpma_is_the_undated_v0_3_document_at_four_levels(bundled: wg.Graph) -> None:
    competencies = _rows(bundled, "SELECT ?c WHERE { ?c skos:topConceptOf wgid:framework/hpma-hr-od }")
    assert len(competencies) == HPMA_COMPETENCIES
    levels = _rows(
        bundled,
        """
        SELECT ?r WHERE { wgid:framework/hpma-hr-od wg:hasScale ?s . ?l skos:inScheme ?s ; wg:rank ?r }""",
    )
    assert sorted(int(r) for (r,) in levels) == list(range(1, HPMA_LEVELS + 1))
    assert not _rows(
        bundled, "SELECT ?y WHERE { wgid:framework/hpma-hr-od wg:year ?y }"
    )  # date not confirmed
    sources = {
        s
        for (s,) in _rows(
            bundled,
            """
        SELECT DISTINCT ?s WHERE { ?c skos:topConceptOf wgid:framework/hpma-hr-od ; dcterms:source ?s }""",
        )
    }
    assert sources == {ID + "pub/hpma-hr-competency-framework-v0-3"}


def test_every_cipd_name_is_tagged_with_its_edition(bundled: wg.Graph) -> None:
    untagged = _rows(
        bundled,
        """
        SELECT ?c WHERE { ?c skos:inScheme wgid:framework/cipd-profession-map .
          FILTER NOT EXISTS { ?c dcterms:source wgid:pub/cipd-profession-map-2018 } }""",
    )
    assert untagged == []
    (year,) = _rows(bundled, "SELECT ?y WHERE { wgid:pub/cipd-profession-map-2018 wg:year ?y }")[0]
    assert int(year) == 2018


@pytest.mark.parametrize(
    "framework", ["ksf", "nhs-finance-competencies", "hpma-hr-od", "fci-ccf", "cipd-profession-map", "hicf"]
)
def test_no_framework_fact_cites_a_mirror(bundled: wg.Graph, framework: str) -> None:
    sources = [
        str(s)
        for (s,) in _rows(
            bundled,
            f"""
        SELECT DISTINCT ?s WHERE {{
          {{ ?x skos:inScheme wgid:framework/{framework} }} UNION {{ BIND(wgid:framework/{framework} AS ?x) }}
          UNION {{ wgid:framework/{framework} wg:hasScale ?x }}
          UNION {{ wgid:framework/{framework} wg:hasScale ?sc . ?x skos:inScheme ?sc }}
          {{ ?x dcterms:source ?s }} UNION {{ ?x dcterms:source ?s0 . ?s0 dcterms:source ?s }}
        }}""",
        )
    ]
    assert sources
    assert not [s for s in sources if any(host in s for host in NEVER_SOURCE_HOSTS)]


def test_bodies_for_the_areas_that_lacked_one(bundled: wg.Graph) -> None:
    offers = bundled.offers()
    by_body = offers.groupby("body_abbreviation")["offer_label"].apply(set).to_dict()
    assert "Chartered Project Professional" in by_body["APM"]
    assert {"IRMS membership", "IRMS Accreditation"} <= by_body["IRMS"]
    assert "AMSPAR diploma qualifications" in by_body["AMSPAR"]
    assert "Chartered Manager" in by_body["CMI"]
    new = offers[offers["body_abbreviation"].isin(["APM", "IRMS", "AMSPAR", "CMI"])]
    assert new["covers"].map(len).gt(0).all()  # every new offer names what it covers
    apm_covers = set(new.set_index("offer_label").at["Chartered Project Professional", "covers_label"])
    areas = {
        n
        for (n,) in _rows(
            bundled,
            """
        SELECT ?n WHERE {
          VALUES ?a { wgid:hicp/area/project-management wgid:hicp/area/portfolio-and-programme-management }
                          ?a skos:prefLabel ?n }""",
        )
    }
    assert apm_covers == areas


def test_citp_rule_is_recorded_in_sfia_levels(bundled: wg.Graph) -> None:
    levels = _rows(
        bundled,
        """
        SELECT ?r WHERE {
          wgid:offer/bcs/citp wg:covers ?l . ?l wg:rank ?r ; skos:inScheme wgid:scale/sfia-lor }""",
    )
    assert [int(r) for (r,) in levels] == [CITP_SFIA_LEVEL]
    (note,) = _rows(bundled, "SELECT ?n WHERE { wgid:pub/bcs-citp-standard wg:curationNote ?n }")[0]
    assert "at least four SFIA skills" in note and "level 5" in note


def test_fedip_levels_and_affiliate_status(bundled: wg.Graph) -> None:
    levels = _rows(
        bundled,
        "SELECT ?n WHERE { ?l skos:inScheme wgid:scale/fedip-registration ; skos:prefLabel ?n ; wg:rank ?r }"
        " ORDER BY ?r",
    )
    assert [n for (n,) in levels] == [
        "Practitioner",
        "Senior Practitioner",
        "Advanced Practitioner",
        "Leading Practitioner",
    ]
    assert _rows(
        bundled, "SELECT ?o WHERE { wgid:offer/fedip/affiliate-practitioner wg:offeredBy wgid:body/fedip }"
    )
    # Affiliate Practitioner is an entry status, not a registration level: not typed as a registration,
    # not on the registration scale, and the register offer is the only one covering that scale.
    (kind,) = _rows(bundled, "SELECT ?t WHERE { wgid:offer/fedip/affiliate-practitioner wg:offerType ?t }")[0]
    assert str(kind) == "https://w3id.org/workforce-graph/ontology#MembershipGrade"
    assert not _rows(
        bundled,
        """
        SELECT ?x WHERE { { wgid:offer/fedip/affiliate-practitioner wg:covers ?x }
          UNION { wgid:offer/fedip/affiliate-practitioner skos:inScheme ?x } }""",
    )
    covering = _rows(bundled, "SELECT ?o WHERE { ?o wg:covers wgid:scale/fedip-registration }")
    assert [str(o) for (o,) in covering] == [ID + "offer/fedip/register"]


def test_seed_publications_and_figures_left_out_before(bundled: wg.Graph) -> None:
    titles = {t for (t,) in _rows(bundled, "SELECT ?t WHERE { ?p a wg:Publication ; dcterms:title ?t }")}
    for title in (
        "NHS Library and Knowledge Services in England Policy",
        (
            "Knowledge for Healthcare Quality and Improvement Outcomes Framework for NHS-funded library and "
            "knowledge services"
        ),
        "Learning space within NHS Knowledge and Library Services in England",
        "Psychological support for embedded librarians",
        "#AMillionDecisions",
        "Health Informatics Career Pathways Project. Report B: Full Survey Findings",
        "Informatics Career Pathways Heatmap",
    ):
        assert title in titles
    issued = dict(
        _rows(
            bundled,
            """
        SELECT ?p ?d WHERE { VALUES ?p { wgid:pub/nhs-lks-policy-2016 wgid:pub/a-million-decisions-campaign
                                         wgid:pub/kls-learning-space-policy-2021 } ?p dcterms:issued ?d }""",
        )
    )
    assert {k.rsplit("/", 1)[-1]: str(v) for k, v in issued.items()} == {
        "nhs-lks-policy-2016": "2016-11-29",
        "a-million-decisions-campaign": "2017-01-30",
        "kls-learning-space-policy-2021": "2021-01-04",
    }
    stats = bundled.statistics().set_index("statistic")
    figures = {
        key.rsplit("/", 1)[-1]: (
            float(stats.at[key, "value"]),
            stats.at[key, "publication"].rsplit("/", 1)[-1],
        )
        for key in stats.index
        if key.rsplit("/", 1)[-1]
        in {
            "modern-gp-receptionist-review-studies",
            "commissioning-training-follow-up-interviews",
            "medical-director-study-providers",
            "hicp-qualification-responses",
        }
    }
    assert figures == {
        "modern-gp-receptionist-review-studies": (28.0, "modern-gp-receptionist-systematic-review"),
        "commissioning-training-follow-up-interviews": (9.0, "evidence-use-commissioning-training"),
        "medical-director-study-providers": (15.0, "professional-elites-medical-director"),
        "hicp-qualification-responses": (500.0, "hicp-report-a-2019"),
    }
    assert stats.at[ID + "stat/hicp-qualification-responses", "qualifier"] == "nearly"
    assert bundled.frameworks().query("framework_code == 'HICF'").shape[0] == 1


def test_titles_keep_the_publishers_dashes_and_updated_notes_stay(bundled: wg.Graph) -> None:
    titles = {t for (t,) in _rows(bundled, "SELECT ?t WHERE { ?p a wg:Publication ; dcterms:title ?t }")}
    assert (
        "Framework on strategic competence performance \u2013 a case study of a UK NHS organization" in titles
    )
    assert any("Women with altitude\u2014exploring" in t for t in titles)
    notes = {
        n
        for (n,) in _rows(
            bundled,
            """
        SELECT ?n WHERE { VALUES ?p { wgid:pub/nhs-long-term-workforce-plan wgid:pub/future-of-nhs-hr-and-od }
                          ?p wg:curationNote ?n }""",
        )
    }
    assert notes == {
        "Listed in the brief as NHS England, 2023, updated 2024.",
        "Listed in the brief as NHS England, 2021, updated 2022.",
    }
    labels = {
        n
        for (n,) in _rows(
            bundled,
            """
        SELECT ?n WHERE { ?s wg:aboutCategory ?c ; skos:prefLabel ?n . FILTER(STRSTARTS(?n, "Table 2")) }""",
        )
    }
    assert "Table 2 seniority share: Executive, Director or CXIO" in labels
