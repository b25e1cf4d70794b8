//! The one cycle check of the importers: a child → parents relation (`skos:broader`, CASE's
//! `isChildOf` and `precedes`, a table's parent column) must not loop.
//!
//! The caller chooses where the walk starts, because that decides which cycle is reported when
//! there are several: the standards importers start from their keys in sorted order (a report
//! that does not depend on hashing), the table importer from its rows in file order (the cycle
//! met first when reading the file).

use std::collections::HashMap;

/// The first cycle met walking from each of `starts` in turn along `next` (a node's parents), as
/// the nodes around it with the first repeated at the end (`a → b → a` is `[a, b, a]`; a node
/// that is its own parent, `[a, a]`), if any.
///
/// An iterative depth-first search with three colours (unseen, on the current path, done), so a
/// hierarchy of any depth takes no stack and each node is walked once.
pub fn first_cycle<'a, I>(
    starts: impl IntoIterator<Item = &'a str>,
    next: impl Fn(&'a str) -> I,
) -> Option<Vec<&'a str>>
where
    I: IntoIterator<Item = &'a str>,
{
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state: HashMap<&'a str, u8> = HashMap::new();
    for start in starts {
        if state.contains_key(start) {
            continue;
        }
        let mut stack: Vec<(&'a str, I::IntoIter)> = vec![(start, next(start).into_iter())];
        state.insert(start, ON_PATH);
        while let Some((node, parents)) = stack.last_mut() {
            let node = *node;
            match parents.next() {
                Some(parent) => match state.get(parent) {
                    Some(&ON_PATH) => {
                        let from = stack.iter().position(|(n, _)| *n == parent).unwrap_or(0);
                        let mut cycle: Vec<&'a str> = stack[from..].iter().map(|(n, _)| *n).collect();
                        cycle.push(parent);
                        return Some(cycle);
                    }
                    Some(_) => {}
                    None => {
                        state.insert(parent, ON_PATH);
                        stack.push((parent, next(parent).into_iter()));
                    }
                },
                None => {
                    state.insert(node, DONE);
                    stack.pop();
                }
            }
        }
    }
    None
}

/// The first cycle of a child → parents relation ([`first_cycle`]) walking from its children in
/// sorted order, so the cycle reported does not depend on hashing.
pub fn find_cycle(parents: &HashMap<String, Vec<String>>) -> Option<Vec<String>> {
    let mut keys: Vec<&str> = parents.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let cycle = first_cycle(keys, |node| {
        parents
            .get(node)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(String::as_str)
    })?;
    Some(cycle.into_iter().map(str::to_owned).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn parents(pairs: &[(&str, &str)]) -> HashMap<String, Vec<String>> {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (child, parent) in pairs {
            map.entry((*child).to_owned())
                .or_default()
                .push((*parent).to_owned());
        }
        map
    }

    #[rstest]
    #[case::none(&[("a", "b"), ("b", "c"), ("a", "c")], None)]
    #[case::two_cycle(&[("a", "b"), ("b", "a")], Some(vec!["a", "b", "a"]))]
    #[case::self_loop(&[("a", "a")], Some(vec!["a", "a"]))]
    #[case::tail_into_a_cycle(&[("x", "a"), ("a", "b"), ("b", "c"), ("c", "a")], Some(vec!["a", "b", "c", "a"]))]
    #[case::diamond_is_no_cycle(&[("d", "b"), ("d", "c"), ("b", "a"), ("c", "a")], None)]
    fn sorted_walk_finds_cycles(#[case] pairs: &[(&str, &str)], #[case] expected: Option<Vec<&str>>) {
        let found = find_cycle(&parents(pairs));
        assert_eq!(
            found,
            expected.map(|c| c.into_iter().map(str::to_owned).collect::<Vec<_>>())
        );
    }

    /// Two separate cycles: the one reported is the one reached first from the start order.
    #[rstest]
    #[case::from_a(&["a", "p"], Some(vec!["a", "b", "a"]))]
    #[case::from_p(&["p", "a"], Some(vec!["p", "q", "p"]))]
    #[case::tail_first(&["x", "a"], Some(vec!["p", "q", "p"]))]
    #[case::no_start_no_cycle(&[], None)]
    fn start_order_decides_the_cycle(#[case] starts: &[&str], #[case] expected: Option<Vec<&str>>) {
        let relation = parents(&[("a", "b"), ("b", "a"), ("p", "q"), ("q", "p"), ("x", "p")]);
        let found = first_cycle(starts.iter().copied(), |node| {
            relation
                .get(node)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(String::as_str)
        });
        assert_eq!(found, expected);
    }

    /// A chain far deeper than any call stack is walked without recursion.
    #[test]
    fn a_deep_chain_is_walked_without_recursion() {
        let names: Vec<String> = (0..200_000).map(|i| format!("n{i}")).collect();
        let parent_of: HashMap<&str, &str> = names
            .windows(2)
            .map(|pair| (pair[0].as_str(), pair[1].as_str()))
            .collect();
        let next = |node: &str| parent_of.get(node).copied();
        assert_eq!(first_cycle(names.iter().map(String::as_str), next), None);
    }
}
