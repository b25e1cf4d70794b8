//! The text rules the library shares, each in one place:
//!
//! - **Names** ([`name_key`]): two names are the same name when they differ only in case, spacing
//!   and `and` written as `&`.
//! - **Words** ([`words`]): text splits at anything but letters, digits and apostrophes; `&`
//!   between two letters or digits stays inside a word (`IM&T`, `A&E`) and a lone `&` is a word of
//!   its own (read as `and`); a possessive `'s` is dropped and other apostrophes removed
//!   (`Children's` → `Children`, `O'Neill` → `ONeill`).
//! - **Stop words, spelling and stems** ([`is_stop_word`], [`british`], [`singular`], [`stem`]):
//!   English stop words; British and American spellings unified (`-ize` → `-ise`, `-yze` → `-yse`,
//!   and a short list such as behavior → behaviour); a light stemmer: plurals (`-s`, `-es`,
//!   `-ies`), then at most one of `-ation`, `-ment`, `-ing`, `-ed` when a stem with a vowel of at
//!   least 3 letters (4 for `-ment`) remains, `-ysis` → `-ys`, and a final `-e` (so analysis,
//!   analyse and analysing meet, as do manage, managing and management). Lexical matching and
//!   search use the whole stemmer; job-title coding only its first step, [`singular`].
//! - **"Did you mean"** ([`closest`], [`did_you_mean`]): for a name that matches nothing, up to
//!   [`MAX_SUGGESTIONS`] known names that contain it or lie within an edit distance
//!   ([`edit_distance`]) of a third of its length (at least 2), ignoring case; containment ranks
//!   first, then distance, then the name. Error messages end with `; did you mean A, B?`.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt::Display;

// ---------------------------------------------------------------------------------------------
// Names

/// The form in which names are compared: trimmed, lowercased, runs of white space as one space,
/// and a word `and` as `&` (`"Digital  and Data"` and `"digital & data"` are one name).
pub(crate) fn name_key(name: &str) -> String {
    let lowered = name.to_lowercase();
    let mut key = String::with_capacity(lowered.len());
    for word in lowered.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(if word == "and" { "&" } else { word });
    }
    key
}

/// Where `wanted` is among `names`: the name written exactly so (both trimmed), else the only one
/// that is the same name ([`name_key`]). `Err` lists the positions of the names that are the same
/// name as `wanted` when none is written exactly so: none (it is absent) or several (ambiguous).
/// The one lookup of a table's column and a workbook's sheet by name.
pub(crate) fn find_name<S: AsRef<str>>(names: &[S], wanted: &str) -> Result<usize, Vec<usize>> {
    let wanted = wanted.trim();
    if let Some(exact) = names.iter().position(|n| n.as_ref().trim() == wanted) {
        return Ok(exact);
    }
    let key = name_key(wanted);
    let same: Vec<usize> = (0..names.len())
        .filter(|i| name_key(names[*i].as_ref()) == key)
        .collect();
    match same.as_slice() {
        [one] => Ok(*one),
        _ => Err(same),
    }
}

// ---------------------------------------------------------------------------------------------
// Words

/// A word of a text ([`words`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Word<'a> {
    /// The word as written (case kept), without a possessive `'s` or other apostrophes; `"&"` for
    /// a lone ampersand.
    pub text: Cow<'a, str>,
    /// Where it starts in the text (byte offset).
    pub start: usize,
    /// Where it ends in the text (byte offset, exclusive; apostrophes included).
    pub end: usize,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_apostrophe(c)
}

/// The words of `text`, in order (the rule in the module docs).
pub(crate) fn words(text: &str) -> Vec<Word<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c == '&' {
            found.push(Word {
                text: Cow::Borrowed("&"),
                start,
                end: start + 1,
            });
            i += 1;
            continue;
        }
        if !is_word_char(c) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() {
            let c = chars[j].1;
            let joins = c == '&'
                && j > i
                && chars[j - 1].1.is_alphanumeric()
                && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric());
            if is_word_char(c) || joins {
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |c| c.0);
        i = j;
        let raw = &text[start..end];
        let raw = ["'s", "'S", "\u{2019}s", "\u{2019}S"]
            .iter()
            .find_map(|possessive| raw.strip_suffix(possessive))
            .unwrap_or(raw);
        let word = if raw.contains(is_apostrophe) {
            Cow::Owned(raw.chars().filter(|&c| !is_apostrophe(c)).collect())
        } else {
            Cow::Borrowed(raw)
        };
        if !word.is_empty() {
            found.push(Word {
                text: word,
                start,
                end,
            });
        }
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Stop words, spelling and stems

const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "eg",
    "etc",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "ie",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "may",
    "me",
    "more",
    "most",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// American spellings that suffix rules do not catch, with the British form used in NHS frameworks.
const SPELLINGS: &[(&str, &str)] = &[
    ("behavior", "behaviour"),
    ("behaviors", "behaviours"),
    ("behavioral", "behavioural"),
    ("center", "centre"),
    ("centers", "centres"),
    ("catalog", "catalogue"),
    ("color", "colour"),
    ("defense", "defence"),
    ("judgment", "judgement"),
    ("labor", "labour"),
    ("license", "licence"),
    ("modeling", "modelling"),
    ("labeling", "labelling"),
    ("counseling", "counselling"),
    ("traveling", "travelling"),
];

/// Whether `word` (lowercase) is an English stop word, left out of search and matching.
pub(crate) fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

fn has_vowel(s: &str) -> bool {
    s.chars().any(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

fn strip<'a>(word: &'a str, suffix: &str, min: usize) -> Option<&'a str> {
    word.strip_suffix(suffix)
        .filter(|base| base.len() >= min && has_vowel(base))
}

/// Drops one of a doubled final consonant left by `-ing`/`-ed` (planning → plan); `s` stays
/// doubled (assess), and `l` only after `e` (modelling → model, but skill stays).
fn undouble(base: &str) -> String {
    let bytes = base.as_bytes();
    let n = bytes.len();
    if n >= 3
        && bytes[n - 1] == bytes[n - 2]
        && !has_vowel(&base[n - 1..])
        && bytes[n - 1] != b's'
        && (bytes[n - 1] != b'l' || bytes[n - 3] == b'e')
    {
        base[..n - 1].to_owned()
    } else {
        base.to_owned()
    }
}

/// British spelling for a lowercase word (`organization` → `organisation`, `behavior` →
/// `behaviour`).
pub(crate) fn british(word: &str) -> String {
    if let Some((_, uk)) = SPELLINGS.iter().find(|(us, _)| *us == word) {
        return (*uk).to_owned();
    }
    for (us, uk) in [
        ("ization", "isation"),
        ("izations", "isations"),
        ("izing", "ising"),
        ("ized", "ised"),
        ("izes", "ises"),
        ("ize", "ise"),
        ("yzing", "ysing"),
        ("yzed", "ysed"),
        ("yze", "yse"),
    ] {
        if let Some(base) = word.strip_suffix(us) {
            if base.len() >= 3 {
                return format!("{base}{uk}");
            }
        }
    }
    word.to_owned()
}

/// Whether the stemmer leaves `word` as it is: three letters or fewer, not ASCII, or a number.
fn too_short_to_stem(word: &str) -> bool {
    word.len() <= 3 || !word.is_ascii() || word.bytes().all(|b| b.is_ascii_digit())
}

/// The singular of a lowercase word, the first step of [`stem`]: `-ies` → `-y` (`policies`),
/// `-sses`, `-xes`, `-ches`, `-shes` lose `-es` (`processes`), and a final `-s` goes unless the
/// word ends in `-ss`, `-us` or `-is` (`business`, `status`, `analysis` stay). Words of three
/// letters or fewer, numbers and non-ASCII words stay as they are.
pub(crate) fn singular(word: &str) -> String {
    let mut w = word.to_owned();
    if too_short_to_stem(word) {
        return w;
    }
    if w.len() > 4 && w.ends_with("ies") {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if ["sses", "xes", "ches", "shes"].iter().any(|s| w.ends_with(s)) {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|s| w.ends_with(s)) {
        w.truncate(w.len() - 1);
    }
    w
}

/// The light stemmer of the module docs; `word` is lowercase. [`singular`] first, then at most
/// one of `-ation`, `-ment`, `-ing`, `-ed`, then `-ysis` → `-ys` and a final `-e`.
pub(crate) fn stem(word: &str) -> String {
    if too_short_to_stem(word) {
        return word.to_owned();
    }
    let w = singular(word);
    let mut w = if let Some(base) = strip(&w, "ation", 3) {
        base.to_owned()
    } else if let Some(base) = strip(&w, "ment", 4) {
        base.to_owned()
    } else if let Some(base) = strip(&w, "ing", 3) {
        undouble(base)
    } else if w.len() > 4 && w.ends_with("ied") {
        format!("{}y", &w[..w.len() - 3])
    } else if let Some(base) = strip(&w, "ed", 3).filter(|_| !w.ends_with("eed")) {
        undouble(base)
    } else {
        w
    };
    if w.ends_with("ysis") {
        w.truncate(w.len() - 2);
    }
    if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
    w
}

// ---------------------------------------------------------------------------------------------
// "Did you mean"

/// How many close matches an error lists.
pub(crate) const MAX_SUGGESTIONS: usize = 5;

/// Levenshtein distance over characters, with two rows.
pub(crate) fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The known names close to `wanted`, best first (the policy in the module docs): each candidate
/// is a name and what it stands for; a thing named by several close names is listed once, at its
/// best, and at most [`MAX_SUGGESTIONS`] things are listed.
pub(crate) fn closest<'a, T: Ord + Clone>(
    wanted: &str,
    candidates: impl IntoIterator<Item = (&'a str, T)>,
) -> Vec<T> {
    let wanted_text = wanted.trim().to_lowercase();
    let wanted: Vec<char> = wanted_text.chars().collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let limit = (wanted.len() / 3).max(2);
    let mut scored: Vec<(bool, usize, String, T)> = Vec::new();
    for (name, thing) in candidates {
        let text = name.to_lowercase();
        let contains = text.contains(&wanted_text);
        let chars: Vec<char> = text.chars().collect();
        // The distance is at least the length difference, so skip the quadratic work when that
        // already rules the candidate out.
        if !contains && chars.len().abs_diff(wanted.len()) > limit {
            continue;
        }
        let distance = edit_distance(&wanted, &chars);
        if contains || distance <= limit {
            scored.push((!contains, distance, text, thing));
        }
    }
    scored.sort();
    let mut seen = BTreeSet::new();
    scored
        .into_iter()
        .filter(|(_, _, _, thing)| seen.insert(thing.clone()))
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, _, thing)| thing)
        .collect()
}

/// The tail of an error message for a name that matches nothing: `; did you mean A, B?`, or
/// nothing when there is no close match.
pub(crate) fn did_you_mean<T: Display>(suggestions: &[T]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    format!("; did you mean {}?", listing(suggestions))
}

/// [`did_you_mean`] for names, each quoted (`; did you mean "DDaT"?`).
pub(crate) fn did_you_mean_names(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
    did_you_mean(&quoted)
}

/// Items joined by `, ` (candidates of an ambiguous name, close matches).
pub(crate) fn listing<T: Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[rstest]
    #[case("Digital  and Data", "digital & data")]
    #[case(" Business Intelligence & Analysis ", "business intelligence & analysis")]
    #[case("AND", "&")]
    #[case("Brand manager", "brand manager")]
    fn names_compare_by_key(#[case] name: &str, #[case] key: &str) {
        assert_eq!(name_key(name), key);
        assert_eq!(name_key(key), key, "a key is its own key");
    }

    #[rstest]
    #[case::exact_first(&["Data and Analysis", "data & analysis"], "data & analysis", Ok(1))]
    #[case::same_name(&["Cover", "Data & Analysis"], "data  and analysis", Ok(1))]
    #[case::trimmed(&[" id ", "label"], "id", Ok(0))]
    #[case::absent(&["Cover"], "Skills", Err(vec![]))]
    #[case::ambiguous(&["Data and Analysis", "DATA & ANALYSIS", "x"], "data & analysis", Err(vec![0, 1]))]
    fn names_are_found_exactly_then_as_names(
        #[case] names: &[&str],
        #[case] wanted: &str,
        #[case] found: Result<usize, Vec<usize>>,
    ) {
        assert_eq!(find_name(names, wanted), found);
    }

    #[rstest]
    #[case("Head of IM&T", &["Head", "of", "IM&T"])]
    #[case("Library & Knowledge", &["Library", "&", "Knowledge"])]
    #[case("A&E Receptionist (Band 3)", &["A&E", "Receptionist", "Band", "3"])]
    #[case("Children's Records", &["Children", "Records"])]
    #[case("CIO\u{2019}s office", &["CIO", "office"])]
    #[case("O'Neill's \'quoted\' don't", &["ONeill", "quoted", "dont"])]
    #[case("R&&D &T x&", &["R", "&", "&", "D", "&", "T", "x", "&"])]
    #[case("PAS / EPR, e-learning", &["PAS", "EPR", "e", "learning"])]
    #[case(" ' ", &[])]
    fn splits_words(#[case] text: &str, #[case] expected: &[&str]) {
        let found: Vec<String> = words(text).into_iter().map(|w| w.text.into_owned()).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn words_know_where_they_are() {
        let text = "Children's Records";
        let found = words(text);
        assert_eq!(&text[found[0].start..found[0].end], "Children's");
        assert_eq!(&text[found[1].start..found[1].end], "Records");
    }

    #[rstest]
    #[case("skills", "skill")]
    #[case("capabilities", "capability")]
    #[case("processes", "process")]
    #[case("business", "business")]
    #[case("analysis", "analys")]
    #[case("analyse", "analys")]
    #[case("analysing", "analys")]
    #[case("management", "manag")]
    #[case("managing", "manag")]
    #[case("managed", "manag")]
    #[case("development", "develop")]
    #[case("developing", "develop")]
    #[case("organisation", "organis")]
    #[case("organising", "organis")]
    #[case("modelling", "model")]
    #[case("planning", "plan")]
    #[case("assessing", "assess")]
    #[case("records", "record")]
    #[case("services", "servic")]
    #[case("service", "servic")]
    #[case("applied", "apply")]
    #[case("need", "need")]
    #[case("thing", "thing")]
    #[case("payment", "payment")]
    #[case("data", "data")]
    #[case("2019", "2019")]
    fn stems(#[case] word: &str, #[case] expected: &str) {
        assert_eq!(stem(word), expected);
    }

    #[rstest]
    #[case("records", "record")]
    #[case("services", "service")]
    #[case("policies", "policy")]
    #[case("processes", "process")]
    #[case("switches", "switch")]
    #[case("business", "business")]
    #[case("status", "status")]
    #[case("analysis", "analysis")]
    #[case("bus", "bus")]
    #[case("1990s", "1990")]
    fn singulars(#[case] word: &str, #[case] expected: &str) {
        assert_eq!(singular(word), expected);
        assert_eq!(stem(&singular(word)), stem(word), "stem starts from the singular");
    }

    #[rstest]
    #[case("organization", "organisation")]
    #[case("analyzing", "analysing")]
    #[case("behavior", "behaviour")]
    #[case("size", "size")]
    fn british_spelling(#[case] word: &str, #[case] expected: &str) {
        assert_eq!(british(word), expected);
    }

    #[rstest]
    #[case("kitten", "sitting", 3)]
    #[case("", "abc", 3)]
    #[case("abc", "abc", 0)]
    #[case("data analyst", "data analist", 1)]
    #[case("flaw", "lawn", 2)]
    fn edit_distance_matches_known_values(#[case] a: &str, #[case] b: &str, #[case] expected: usize) {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        assert_eq!(edit_distance(&a, &b), expected);
        assert_eq!(edit_distance(&b, &a), expected);
    }

    #[test]
    fn close_names_rank_containment_then_distance_then_name() {
        let names = [
            ("Data analyst", 1),
            ("Senior data analyst", 2),
            ("Data architect", 3),
            ("Payroll officer", 4),
            ("data-analysis", 5),
            ("DATA ANALYST", 1),
        ];
        assert_eq!(closest("data analist", names), [1, 5]);
        assert_eq!(closest("Analyst", names), [1, 2]);
        assert_eq!(closest("DDAT2", [("DDaT", "d"), ("SFIA", "s")]), ["d"]);
        assert!(closest("zzzzzzzzzzzz", names).is_empty());
        assert!(closest("  ", names).is_empty());
        let many: Vec<(String, usize)> = (0..9).map(|i| (format!("role {i}"), i)).collect();
        let found = closest("role", many.iter().map(|(n, i)| (n.as_str(), *i)));
        assert_eq!(found, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn the_message_names_the_close_matches() {
        assert_eq!(
            did_you_mean_names(&["DDaT".to_owned()]),
            "; did you mean \"DDaT\"?"
        );
        assert_eq!(did_you_mean::<String>(&[]), "");
        assert_eq!(did_you_mean(&["a", "b"]), "; did you mean a, b?");
    }
}
