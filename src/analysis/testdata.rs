//! Test fixtures: small graphs in our model and in ESCO style, an ESCO-like generator with its
//! ground truth, and helpers computing answers independently of the index (SPARQL, brute force).

use crate::{Graph, RdfInput};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::collections::{BTreeMap, BTreeSet};

pub const WG: &str = "https://w3id.org/workforce-graph/ontology#";
pub const ID: &str = "https://w3id.org/workforce-graph/id/";

/// A graph in our model: a DDaT-like role with three ranked levels (plus one with no
/// requirements), a role without levels, optional and duplicate requirements, a bare shortcut,
/// a requirement without holder, two role levels sharing a label, bodies with offers, specialist
/// areas and an unmapped framework.
pub const OUR_MODEL: &str = r#"
@base <https://w3id.org/workforce-graph/id/> .
@prefix wg: <https://w3id.org/workforce-graph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .

<framework/t> a skos:ConceptScheme , wg:Framework ; skos:prefLabel "Test framework"@en .
<framework/empty> a skos:ConceptScheme , wg:Framework ; skos:prefLabel "Empty framework"@en .

<scale/t> a skos:ConceptScheme , wg:LevelScale .
<scale/t/awareness> a wg:Level ; skos:inScheme <scale/t> ; skos:prefLabel "Awareness"@en ; wg:rank 1 ; wg:normalisedLevel 0.000 .
<scale/t/working> a wg:Level ; skos:inScheme <scale/t> ; skos:prefLabel "Working"@en ; wg:rank 2 ; wg:normalisedLevel 0.333 .
<scale/t/practitioner> a wg:Level ; skos:inScheme <scale/t> ; skos:prefLabel "Practitioner"@en ; wg:rank 3 ; wg:normalisedLevel 0.667 .
<scale/t/expert> a wg:Level ; skos:inScheme <scale/t> ; skos:prefLabel "Expert"@en ; wg:rank 4 ; wg:normalisedLevel 1.000 .

<t/skill/viz> a wg:Competency ; skos:inScheme <framework/t> ; skos:prefLabel "Data visualisation"@en , "Visualisation des données"@fr .
<t/skill/ethics> a wg:Competency ; skos:inScheme <framework/t> ; skos:prefLabel "Data ethics"@en .
<t/skill/modelling> a wg:Competency ; skos:inScheme <framework/t> ; skos:prefLabel "Data modelling"@en .
<t/skill/governance> a wg:Competency ; skos:inScheme <framework/t> ; skos:prefLabel "Data governance"@en .
<t/skill/unused> a wg:Competency ; skos:inScheme <framework/t> ; skos:prefLabel "Nobody needs this"@en .

<t/role/analyst> a wg:Role , org:Role , skos:Concept ; skos:inScheme <framework/t> ; skos:prefLabel "Data analyst"@en .
<t/role/analyst/level/associate> a wg:RoleLevel ; skos:inScheme <framework/t> ; skos:prefLabel "Associate data analyst"@en ; wg:isLevelOf <t/role/analyst> ; wg:rank 1 .
<t/role/analyst/level/analyst> a wg:RoleLevel ; skos:prefLabel "Data analyst"@en ; wg:isLevelOf <t/role/analyst> ; wg:rank 2 .
<t/role/analyst/level/senior> a wg:RoleLevel ; skos:inScheme <framework/t> ; skos:prefLabel "Senior data analyst"@en ; wg:isLevelOf <t/role/analyst> ; wg:rank 3 .
<t/role/analyst/level/principal> a wg:RoleLevel ; skos:inScheme <framework/t> ; skos:prefLabel "Principal data analyst"@en ; wg:isLevelOf <t/role/analyst> ; wg:rank 4 .
<t/role/cdo> a wg:Role , org:Role ; skos:inScheme <framework/t> ; skos:prefLabel "Chief data officer"@en .
<t/role/engineer> a wg:Role ; skos:inScheme <framework/t> ; skos:prefLabel "Data engineer"@en .
<t/role/engineer/level/lead> a wg:RoleLevel ; skos:inScheme <framework/t> ; skos:prefLabel "Lead"@en ; wg:isLevelOf <t/role/engineer> ; wg:rank 1 .
<t/role/architect> a wg:Role ; skos:inScheme <framework/t> ; skos:prefLabel "Data architect"@en .
<t/role/architect/level/lead> a wg:RoleLevel ; skos:inScheme <framework/t> ; skos:prefLabel "Lead"@en ; wg:isLevelOf <t/role/architect> ; wg:rank 1 .

# associate: viz at awareness (essential), ethics optional at working
<t/req/associate/viz> a wg:Requirement ; wg:forRole <t/role/analyst> ; wg:forRoleLevel <t/role/analyst/level/associate> ;
    wg:requiredCompetency <t/skill/viz> ; wg:requiredLevel <scale/t/awareness> ; wg:requirementType wg:Essential .
<t/role/analyst/level/associate> wg:requiresCompetency <t/skill/viz> .
<t/req/associate/ethics> a wg:Requirement ; wg:forRole <t/role/analyst> ; wg:forRoleLevel <t/role/analyst/level/associate> ;
    wg:requiredCompetency <t/skill/ethics> ; wg:requiredLevel <scale/t/working> ; wg:requirementType wg:Optional .
<t/role/analyst/level/associate> wg:requiresCompetency <t/skill/ethics> .

# analyst: viz at working, ethics at working (no type: essential), modelling as a bare shortcut
<t/req/analyst/viz> a wg:Requirement ; wg:forRole <t/role/analyst> ; wg:forRoleLevel <t/role/analyst/level/analyst> ;
    wg:requiredCompetency <t/skill/viz> ; wg:requiredLevel <scale/t/working> ; wg:requirementType wg:Essential .
<t/req/analyst/ethics> a wg:Requirement ; wg:forRole <t/role/analyst> ; wg:forRoleLevel <t/role/analyst/level/analyst> ;
    wg:requiredCompetency <t/skill/ethics> ; wg:requiredLevel <scale/t/working> .
<t/role/analyst/level/analyst> wg:requiresCompetency <t/skill/modelling> .

# senior: viz twice (working and expert: merged at expert), ethics optional at practitioner, modelling
<t/req/senior/viz> a wg:Requirement ; wg:forRole <t/role/analyst> ; wg:forRoleLevel <t/role/analyst/level/senior> ;
    wg:requiredCompetency <t/skill/viz> ; wg:requiredLevel <scale/t/working> ; wg:requirementType wg:Essential .
<t/req/senior/viz-again> a wg:Requirement ; wg:forRole <t/role/analyst> ; wg:forRoleLevel <t/role/analyst/level/senior> ;
    wg:requiredCompetency <t/skill/viz> ; wg:requiredLevel <scale/t/expert> ; wg:requirementType wg:Essential .
<t/req/senior/ethics> a wg:Requirement ; wg:forRole <t/role/analyst> ; wg:forRoleLevel <t/role/analyst/level/senior> ;
    wg:requiredCompetency <t/skill/ethics> ; wg:requiredLevel <scale/t/practitioner> ; wg:requirementType wg:Optional .
<t/req/senior/modelling> a wg:Requirement ; wg:forRole <t/role/analyst> ; wg:forRoleLevel <t/role/analyst/level/senior> ;
    wg:requiredCompetency <t/skill/modelling> ; wg:requiredLevel <scale/t/practitioner> ; wg:requirementType wg:Essential .
<t/role/analyst/level/senior> wg:requiresCompetency <t/skill/viz> , <t/skill/ethics> , <t/skill/modelling> .

# role without levels: requirement on the role, no level
<t/req/cdo/governance> a wg:Requirement ; wg:forRole <t/role/cdo> ; wg:requiredCompetency <t/skill/governance> ; wg:requirementType wg:Essential .
<t/role/cdo> wg:requiresCompetency <t/skill/governance> .
<t/req/cdo/ethics> a wg:Requirement ; wg:forRole <t/role/cdo> ; wg:requiredCompetency <t/skill/ethics> ; wg:requirementType wg:Essential .

# the two "Lead" levels
<t/role/engineer/level/lead> wg:requiresCompetency <t/skill/modelling> .
<t/role/architect/level/lead> wg:requiresCompetency <t/skill/modelling> , <t/skill/governance> .

# a requirement that says for whom nothing: skipped
<t/req/orphan> a wg:Requirement ; wg:requiredCompetency <t/skill/unused> .

# specialist areas, bodies and offers
<hicp/area/bi> a skos:Concept , wg:SpecialistArea ; skos:prefLabel "Business intelligence"@en .
<hicp/area/coding> a skos:Concept , wg:SpecialistArea ; skos:prefLabel "Clinical coding"@en .
<body/bcs> a wg:ProfessionalBody , org:FormalOrganization ; skos:prefLabel "BCS"@en .
<body/cilip> a wg:ProfessionalBody , org:FormalOrganization ; skos:prefLabel "CILIP"@en ;
    wg:covers <t/skill/viz> .
<offer/bcs/citp> a wg:Offer ; skos:prefLabel "CITP"@en ; wg:offeredBy <body/bcs> ;
    wg:covers <t/skill/viz> , <t/skill/ethics> , <hicp/area/bi> , <t/skill/unused> .
<offer/bcs/rite> a wg:Offer ; skos:prefLabel "RITTech"@en ; wg:offeredBy <body/bcs> ;
    wg:covers <t/skill/ethics> , <t/role/analyst/level/senior> .
"#;

/// A small ESCO-style graph.
pub const ESCO_STYLE: &str = r#"
@prefix esco: <http://data.europa.eu/esco/model#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/bench/> .

ex:occupation\/1 a esco:Occupation ; skos:prefLabel "Payroll officer"@en ;
    esco:hasEssentialSkill ex:skill\/1 , ex:skill\/2 , ex:skill\/3 ; esco:hasOptionalSkill ex:skill\/4 .
ex:occupation\/2 a esco:Occupation ; skos:prefLabel "Finance officer"@en ;
    esco:hasEssentialSkill ex:skill\/1 , ex:skill\/2 , ex:skill\/4 ; esco:hasOptionalSkill ex:skill\/3 , ex:skill\/5 .
ex:occupation\/3 a esco:Occupation ; skos:prefLabel "Records clerk"@en ;
    esco:hasEssentialSkill ex:skill\/1 , ex:skill\/6 ; esco:hasOptionalSkill ex:skill\/6 .
ex:occupation\/4 a esco:Occupation ; skos:prefLabel "Porter"@en .
ex:skill\/1 a esco:Skill ; skos:prefLabel "communicate"@en ; skos:inScheme ex:framework\/0 .
ex:skill\/2 a esco:Skill ; skos:prefLabel "manage budget"@en ; skos:inScheme ex:framework\/1 .
ex:skill\/3 a esco:Skill ; skos:prefLabel "audit payroll"@en ; skos:inScheme ex:framework\/0 .
ex:skill\/4 a esco:Skill ; skos:prefLabel "report finance"@en ; skos:inScheme ex:framework\/1 .
ex:skill\/5 a esco:Skill ; skos:prefLabel "negotiate"@en ; skos:inScheme ex:framework\/0 .
ex:skill\/6 a esco:Skill ; skos:prefLabel "keep records"@en ; skos:inScheme ex:framework\/1 .
ex:skill\/7 a esco:Skill ; skos:prefLabel "unused skill"@en ; skos:inScheme ex:framework\/1 .
ex:body\/0 skos:prefLabel "Professional body 0"@en ; ex:covers ex:skill\/2 , ex:skill\/7 .
ex:body\/1 skos:prefLabel "Professional body 1"@en ; ex:covers ex:skill\/2 , ex:skill\/3 .
"#;

/// A graph holding `text` (Turtle or N-Triples).
pub fn graph_of(text: &str) -> Graph {
    let graph = Graph::empty().expect("empty graph");
    graph
        .load(RdfInput::Text(text), Some("turtle"), None)
        .expect("fixture parses");
    graph
}

/// A store holding `text` (Turtle or N-Triples).
pub fn store_of(text: &str) -> Store {
    graph_of(text).store().clone()
}

/// Rows of a SELECT query, each term as its string value (IRI or lexical form).
pub fn select(store: &Store, query: &str) -> Vec<BTreeMap<String, String>> {
    let QueryResults::Solutions(solutions) = SparqlEvaluator::new()
        .parse_query(query)
        .expect("query parses")
        .on_store(store)
        .execute()
        .expect("query runs")
    else {
        panic!("not a SELECT query")
    };
    solutions
        .map(|solution| {
            let solution = solution.expect("solution");
            solution
                .iter()
                .map(|(variable, term)| {
                    let value = match term {
                        oxigraph::model::Term::NamedNode(n) => n.as_str().to_owned(),
                        oxigraph::model::Term::Literal(l) => l.value().to_owned(),
                        other => other.to_string(),
                    };
                    (variable.as_str().to_owned(), value)
                })
                .collect()
        })
        .collect()
}

/// splitmix64: a small deterministic generator for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// An ESCO-like graph as `gen_esco_like.py` shapes it (Zipf-like skill popularity, 40 skills per
/// occupation alternating essential and optional, bodies covering random skills), with the truth.
pub struct EscoLike {
    pub ntriples: String,
    /// Per occupation index: essential and optional skill indexes.
    pub essential: Vec<BTreeSet<usize>>,
    pub optional: Vec<BTreeSet<usize>>,
    /// (body, skill) coverage.
    pub covers: BTreeSet<(usize, usize)>,
    pub skills: usize,
}

pub const BENCH: &str = "http://example.org/bench/";

pub fn occupation_iri(i: usize) -> String {
    format!("{BENCH}occupation/{i}")
}

pub fn skill_iri(i: usize) -> String {
    format!("{BENCH}skill/{i}")
}

pub fn esco_like(occupations: usize, per_occupation: usize, seed: u64) -> EscoLike {
    let skills = 5 * occupations;
    let mut rng = Rng::new(seed);
    let mut out = String::new();
    let mut cumulative = Vec::with_capacity(skills);
    let mut total = 0.0;
    for r in 0..skills {
        total += 1.0 / ((r + 1) as f64).powf(0.9);
        cumulative.push(total);
    }
    let esco = "http://data.europa.eu/esco/model#";
    let skos = "http://www.w3.org/2004/02/skos/core#";
    for s in 0..skills {
        out.push_str(&format!(
            "<{}> <{skos}prefLabel> \"skill {s}\"@en .\n",
            skill_iri(s)
        ));
        out.push_str(&format!(
            "<{}> <{skos}inScheme> <{BENCH}framework/{}> .\n",
            skill_iri(s),
            s % 6
        ));
    }
    let mut essential = Vec::with_capacity(occupations);
    let mut optional = Vec::with_capacity(occupations);
    for o in 0..occupations {
        let mut chosen = BTreeSet::new();
        while chosen.len() < per_occupation.min(skills) {
            let x = rng.unit() * total;
            chosen.insert(cumulative.partition_point(|&c| c < x).min(skills - 1));
        }
        let (mut e, mut p) = (BTreeSet::new(), BTreeSet::new());
        for (j, &s) in chosen.iter().enumerate() {
            let predicate = if j % 2 == 0 {
                "hasEssentialSkill"
            } else {
                "hasOptionalSkill"
            };
            if j % 2 == 0 {
                e.insert(s)
            } else {
                p.insert(s)
            };
            out.push_str(&format!(
                "<{}> <{esco}{predicate}> <{}> .\n",
                occupation_iri(o),
                skill_iri(s)
            ));
        }
        out.push_str(&format!(
            "<{}> <{skos}prefLabel> \"officer {o}\"@en .\n",
            occupation_iri(o)
        ));
        essential.push(e);
        optional.push(p);
    }
    let mut covers = BTreeSet::new();
    for b in 0..5 {
        for _ in 0..skills / 10 {
            let s = rng.below(skills);
            covers.insert((b, s));
            out.push_str(&format!(
                "<{BENCH}body/{b}> <{BENCH}covers> <{}> .\n",
                skill_iri(s)
            ));
        }
    }
    EscoLike {
        ntriples: out,
        essential,
        optional,
        covers,
        skills,
    }
}

/// All pairs (a < b by IRI) with at least `min_shared` shared items, by set intersection.
pub fn brute_force_pairs(
    sets: &BTreeMap<String, BTreeSet<String>>,
    min_shared: usize,
) -> BTreeSet<(String, String, usize)> {
    let entries: Vec<_> = sets.iter().collect();
    let mut out = BTreeSet::new();
    for (x, (a, sa)) in entries.iter().enumerate() {
        for (b, sb) in &entries[x + 1..] {
            let shared = sa.intersection(sb).count();
            if shared >= min_shared.max(1) {
                out.insert(((*a).clone(), (*b).clone(), shared));
            }
        }
    }
    out
}

/// One holder's requirements as an oracle sees them: competency IRI -> (essential, normalised).
pub type Needs = BTreeMap<String, (bool, Option<f64>)>;

/// Requirements read with SPARQL and combined by the documented rules (node, then ESCO, then
/// shortcut; essential if any; highest level), independently of the index.
pub fn requirement_oracle(store: &Store) -> BTreeMap<String, Needs> {
    let mut nodes: BTreeMap<(String, String), (bool, Option<f64>)> = BTreeMap::new();
    for row in select(
        store,
        "PREFIX wg: <https://w3id.org/workforce-graph/ontology#>
         SELECT ?h ?c ?type ?norm WHERE {
           ?r wg:requiredCompetency ?c .
           OPTIONAL { ?r wg:forRoleLevel ?l } OPTIONAL { ?r wg:forRole ?ro }
           BIND(COALESCE(?l, ?ro) AS ?h) FILTER(BOUND(?h))
           OPTIONAL { ?r wg:requirementType ?type }
           OPTIONAL { ?r wg:requiredLevel/wg:normalisedLevel ?norm } }",
    ) {
        let essential = row.get("type").is_none_or(|t| t != &format!("{WG}Optional"));
        let norm = row.get("norm").map(|n| n.parse::<f64>().expect("decimal"));
        let entry = nodes
            .entry((row["h"].clone(), row["c"].clone()))
            .or_insert((false, None));
        entry.0 |= essential;
        entry.1 = match (entry.1, norm) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }
    let mut esco: BTreeMap<(String, String), bool> = BTreeMap::new();
    for row in select(
        store,
        "PREFIX esco: <http://data.europa.eu/esco/model#>
         SELECT ?h ?c ?p WHERE { VALUES ?p { esco:hasEssentialSkill esco:hasOptionalSkill } ?h ?p ?c }",
    ) {
        *esco.entry((row["h"].clone(), row["c"].clone())).or_insert(false) |=
            row["p"].ends_with("hasEssentialSkill");
    }
    let shortcut: BTreeSet<(String, String)> = select(
        store,
        "SELECT ?h ?c WHERE { ?h <https://w3id.org/workforce-graph/ontology#requiresCompetency> ?c }",
    )
    .into_iter()
    .map(|row| (row["h"].clone(), row["c"].clone()))
    .collect();
    let mut out: BTreeMap<String, Needs> = BTreeMap::new();
    for ((h, c), need) in &nodes {
        out.entry(h.clone()).or_default().insert(c.clone(), *need);
    }
    for ((h, c), essential) in esco {
        out.entry(h).or_default().entry(c).or_insert((essential, None));
    }
    for (h, c) in shortcut {
        out.entry(h).or_default().entry(c).or_insert((true, None));
    }
    out
}

/// Weighted Jaccard of two holders by the documented formula, from oracle data.
pub fn weighted_jaccard(a: &Needs, b: &Needs, essential: f64, optional: f64, use_levels: bool) -> (f64, f64) {
    let w = |e: bool| if e { essential } else { optional };
    let total = |x: &Needs| x.values().map(|(e, _)| w(*e)).sum::<f64>();
    let mut shared = 0.0;
    let mut minimum = 0.0;
    for (c, (ea, la)) in a {
        if let Some((eb, lb)) = b.get(c) {
            let m = w(*ea).min(w(*eb));
            let factor = match (use_levels, la, lb) {
                (true, Some(x), Some(y)) => (1.0 - (x - y).abs()).clamp(0.0, 1.0),
                _ => 1.0,
            };
            minimum += m;
            shared += m * factor;
        }
    }
    let union = total(a) + total(b) - minimum;
    (if union > 0.0 { shared / union } else { 0.0 }, minimum)
}
