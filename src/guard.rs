//! Guards against input and work that could crash or hang the process.
//!
//! - [`run_guarded`] runs work on a worker thread with a large stack, lets the caller poll for an
//!   interruption (Ctrl-C) while it waits, and turns a panic into a value instead of unwinding
//!   into the caller. Code running under it reads its cancellation token with [`current_token`].
//! - [`check_nesting`] refuses text nested deeper than the parsers can take (they recurse once
//!   per bracket level), as a [`SyntaxError`] naming the limit.
//! - [`check_xml_entities`] refuses XML whose entity declarations expand beyond a bound (the
//!   "billion laughs").
//! - [`plannable`] says whether a query or update is small enough for oxigraph's join planner,
//!   which cannot be cancelled (see [`MAX_PLANNED_PATTERNS`]).
//!
//! ```
//! use workforce_graph::guard::{check_nesting, Brackets, MAX_NESTING};
//!
//! let deep = format!("ASK {{ FILTER({}1{}) }}", "(".repeat(5000), ")".repeat(5000));
//! let error = check_nesting(&deep, Brackets::Sparql, "<query>").unwrap_err();
//! assert!(error.message.contains(&MAX_NESTING.to_string()), "{error}");
//! assert!(check_nesting("ASK { FILTER((1 < 2)) }", Brackets::Sparql, "<query>").is_ok());
//! ```

use crate::error::SyntaxError;
use crate::parallel::panic_message;
use oxigraph::sparql::CancellationToken;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, Once};
use std::thread;
use std::time::Duration;

/// The deepest bracket nesting accepted in SPARQL, Turtle, TriG and JSON-LD text. Real queries
/// and data rarely nest past ten levels; SPARQL's parser spends several kilobytes of stack per
/// level, so this keeps a parse within a few megabytes of stack.
pub const MAX_NESTING: usize = 256;

/// The worker thread's stack: room for [`MAX_NESTING`] levels in the parsers, the optimiser and
/// the evaluator, and for long flat chains (`?a || ?b || ...`) that the parser folds into deep
/// trees. Only the pages used are committed.
pub const WORKER_STACK: usize = 512 << 20;

/// The most triple, path and VALUES patterns a query (or an update's WHERE clauses) may hold for
/// oxigraph's join planner to order them. The planner (sparopt's greedy join reordering) re-estimates the
/// growing join for every candidate, so its time rises steeply with the patterns and it never
/// looks at the cancellation token: measured on the bundled graph, 50 patterns in one group took
/// 0.09 s to plan, 100 took 1 s and 200 took 17 s, whatever the timeout. Real queries stay far
/// below this (the bundled ones hold at most a few dozen); beyond it the patterns are evaluated in
/// the order written, which the evaluator's cancellation checks do stop.
pub const MAX_PLANNED_PATTERNS: usize = 64;

/// How often the waiting thread polls for an interruption.
const POLL: Duration = Duration::from_millis(50);

thread_local! {
    static TOKEN: RefCell<Option<CancellationToken>> = const { RefCell::new(None) };
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The cancellation token of the [`run_guarded`] call running on this thread, if any.
pub fn current_token() -> Option<CancellationToken> {
    TOKEN.with(|token| token.borrow().clone())
}

/// Whether the [`run_guarded`] call running on this thread has been interrupted.
pub fn interrupted() -> bool {
    current_token().is_some_and(|token| token.is_cancelled())
}

/// A panic caught by [`run_guarded`]: a bug, reported as an error instead of crashing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error (a bug in workforce-graph or a library it uses): {0}")]
pub struct Panicked(pub String);

/// Runs `work` on a worker thread with a [`WORKER_STACK`] stack and waits for it, calling `poll`
/// every 50 ms meanwhile: when `poll` returns true the work's cancellation token (see
/// [`current_token`]) is cancelled, and the work is expected to stop soon after. A panic in
/// `work` is returned as [`Panicked`] (and not printed) instead of unwinding into the caller.
///
/// The worker is one of a few kept for this ([`Workers`]) when one is free, else a thread started
/// for this call alone, so a call never waits for another to finish. Guarded work that starts
/// guarded work (a progress callback that queries the graph) runs the inner work in place, on the
/// outer work's thread and under its token.
pub fn run_guarded<T: Send>(
    mut poll: impl FnMut() -> bool,
    work: impl FnOnce() -> T + Send,
) -> Result<T, Panicked> {
    install_panic_hook();
    if GUARDED.with(Cell::get) {
        return catch_panic(work);
    }
    let token = CancellationToken::new();
    let worker_token = token.clone();
    let guarded = move || {
        TOKEN.with(|t| *t.borrow_mut() = Some(worker_token));
        GUARDED.with(|g| g.set(true));
        let result = catch_panic(work);
        GUARDED.with(|g| g.set(false));
        TOKEN.with(|t| *t.borrow_mut() = None);
        result
    };
    let mut outcome = None;
    let ran = {
        let outcome = &mut outcome;
        let run = move |finished_with: mpsc::Sender<()>| {
            *outcome = Some(guarded());
            drop(finished_with);
        };
        match Workers::reserve() {
            Some(reserved) => {
                reserved.run(run, |finished| wait(finished, &mut poll, &token));
                Ok(())
            }
            None => thread::scope(|scope| {
                let (done, finished) = mpsc::channel::<()>();
                thread::Builder::new()
                    .name("workforce-graph".to_owned())
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, move || run(done))
                    // No thread to be had (a process limit): the work was not started.
                    .map_err(|e| Panicked(format!("cannot start a worker thread: {e}")))?;
                wait(&finished, &mut poll, &token);
                Ok(())
            }),
        }
    };
    ran?;
    // `run` fills `outcome` unless the worker thread itself died, which `catch_panic` prevents.
    outcome.unwrap_or_else(|| Err(Panicked("the worker thread stopped without a result".to_owned())))
}

/// `work`, with a panic returned as [`Panicked`] (its message and, from the hook, where it
/// happened).
fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, Panicked> {
    panic::catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let location = LAST_PANIC.with(|last| last.borrow_mut().take());
        Panicked(location.unwrap_or_else(|| panic_message(payload.as_ref())))
    })
}

/// Waits until the worker drops its end of `finished`, calling `poll` every [`POLL`] and
/// cancelling `token` the first time it returns true.
fn wait(finished: &mpsc::Receiver<()>, poll: &mut impl FnMut() -> bool, token: &CancellationToken) {
    let mut cancelled = false;
    while let Err(mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(POLL) {
        if !cancelled && poll() {
            token.cancel();
            cancelled = true;
        }
    }
}

/// The worker threads [`run_guarded`] keeps between calls. Starting a thread with a
/// [`WORKER_STACK`] stack for each call cost as much as a short analysis: `perf` put the time in
/// mapping, clearing and unmapping the stack's pages, and `similar_roles` (about 0.5 ms a call
/// from Python, 0.06 ms of it the ranking) took about 0.1 ms less once threads were kept. They are
/// a `rayon-core` pool, whose scoped jobs may borrow the caller's data. A process forked after the
/// pool started (`multiprocessing` on Linux) has none of its threads, so it builds its own.
struct Workers {
    pool: rayon_core::ThreadPool,
    /// The calls running on `pool` now; at most `size`, so a job never queues behind another.
    busy: AtomicUsize,
    size: usize,
    /// The process that started the threads.
    process: u32,
}

/// A worker of [`Workers`] reserved for one call, freed when dropped.
struct Reserved(Arc<Workers>);

static WORKERS: Mutex<Option<Arc<Workers>>> = Mutex::new(None);

impl Workers {
    /// How many threads are kept: enough for one call per core, and at least two.
    fn size() -> usize {
        crate::parallel::available_threads().max(2)
    }

    /// This process's workers, started on first use; `None` if they cannot be started.
    fn get() -> Option<Arc<Workers>> {
        let process = std::process::id();
        let mut kept = WORKERS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(workers) = kept.as_ref().filter(|w| w.process == process) {
            return Some(Arc::clone(workers));
        }
        let size = Self::size();
        let pool = rayon_core::ThreadPoolBuilder::new()
            .num_threads(size)
            .stack_size(WORKER_STACK)
            .thread_name(|i| format!("workforce-graph-{i}"))
            .build()
            .ok()?;
        let workers = Arc::new(Workers {
            pool,
            busy: AtomicUsize::new(0),
            size,
            process,
        });
        *kept = Some(Arc::clone(&workers));
        Some(workers)
    }

    /// A free worker, if there is one.
    fn reserve() -> Option<Reserved> {
        let workers = Self::get()?;
        if workers.busy.fetch_add(1, Ordering::AcqRel) < workers.size {
            Some(Reserved(workers))
        } else {
            workers.busy.fetch_sub(1, Ordering::AcqRel);
            None
        }
    }
}

impl Reserved {
    /// Runs `job` on the reserved worker and `wait` here until it has finished; `job` drops the
    /// sender it is given when done.
    fn run<'a>(
        &self,
        job: impl FnOnce(mpsc::Sender<()>) + Send + 'a,
        wait: impl FnOnce(&mpsc::Receiver<()>),
    ) {
        let (done, finished) = mpsc::channel::<()>();
        // The scope returns only once `job` has run, so `job` may borrow from the caller.
        self.0.pool.in_place_scope(|scope| {
            scope.spawn(move |_| job(done));
            wait(&finished);
        });
    }
}

impl Drop for Reserved {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Keeps panics on guarded threads quiet (they become errors) and records where they happened;
/// panics elsewhere go to the hook that was installed before.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) {
                let message = panic_message(info.payload());
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{at}")));
            } else {
                previous(info);
            }
        }));
    });
}

/// Which brackets nest, and which quoted forms to skip, in [`check_nesting`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brackets {
    /// SPARQL queries and updates: `( { [`, skipping strings, IRIs and `#` comments.
    Sparql,
    /// Turtle, TriG, N-Triples, N-Quads: `( [ {`, the same skipping as SPARQL.
    Turtle,
    /// JSON (JSON-LD): `{ [`, skipping strings.
    Json,
}

/// Refuses `text` if its brackets nest deeper than [`MAX_NESTING`], with the position of the
/// first bracket past the limit. Brackets inside strings, IRIs and comments do not count;
/// unbalanced brackets are left for the parser to report.
pub fn check_nesting(text: &str, kind: Brackets, source_name: &str) -> Result<(), SyntaxError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0usize;
    // SPARQL only: the bracket depths at which a call with an optional last argument opened, and
    // whether such a function's name was just read (its `(` comes next).
    let mut optional_calls: Vec<usize> = Vec::new();
    let mut after_optional_call = false;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'(' | b'{' | b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(nesting_error(text, i, source_name, NestingLimit::Brackets));
                }
                if after_optional_call && byte == b'(' {
                    optional_calls.push(depth);
                    if optional_calls.len() > MAX_OPTIONAL_ARGUMENT_CALLS {
                        return Err(nesting_error(
                            text,
                            i,
                            source_name,
                            NestingLimit::OptionalArguments,
                        ));
                    }
                }
            }
            b')' | b'}' | b']' => {
                depth = depth.saturating_sub(1);
                while optional_calls.last().is_some_and(|open| *open > depth) {
                    optional_calls.pop();
                }
            }
            b'"' | b'\'' if kind != Brackets::Json || byte == b'"' => {
                after_optional_call = false;
                i = skip_string(bytes, i, kind == Brackets::Json);
                continue;
            }
            b'<' if kind != Brackets::Json => {
                if let Some(end) = iri_end(bytes, i) {
                    after_optional_call = false;
                    i = end + 1;
                    continue;
                }
            }
            b'#' if kind != Brackets::Json => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b if kind == Brackets::Sparql && b.is_ascii_alphabetic() && !is_name_byte_before(bytes, i) => {
                let end = i + bytes[i..].iter().take_while(|b| is_name_byte(**b)).count();
                after_optional_call = OPTIONAL_ARGUMENT_FUNCTIONS
                    .iter()
                    .any(|name| text[i..end].eq_ignore_ascii_case(name));
                i = end;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => after_optional_call = false,
        }
        if !matches!(byte, b' ' | b'\t' | b'\r' | b'\n') {
            after_optional_call = false;
        }
        i += 1;
    }
    Ok(())
}

/// SPARQL functions whose last argument is optional. oxigraph's parser (spargebra, a PEG grammar
/// without memoisation) tries the longer form and then the shorter one, parsing the arguments
/// again each time, so each such call nested in another doubles the work when a query does not
/// parse: measured, 14 nested `GROUP_CONCAT(` took 0.3 s and a fuzzed query with 45 never
/// returned. `GROUP_CONCAT` has its optional `SEPARATOR`.
const OPTIONAL_ARGUMENT_FUNCTIONS: [&str; 4] = ["GROUP_CONCAT", "SUBSTR", "REGEX", "REPLACE"];

/// The most calls of [`OPTIONAL_ARGUMENT_FUNCTIONS`] open inside one another. Real queries nest
/// two or three; at this bound a query that does not parse still fails within milliseconds.
pub const MAX_OPTIONAL_ARGUMENT_CALLS: usize = 10;

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Whether the word at `i` continues a name (a variable `?x`, a prefixed name `ex:regex`, ...).
fn is_name_byte_before(bytes: &[u8], i: usize) -> bool {
    i > 0 && (is_name_byte(bytes[i - 1]) || matches!(bytes[i - 1], b'?' | b'$' | b':' | b'-' | b'.' | b'@'))
}

/// Which bound [`check_nesting`] found exceeded.
enum NestingLimit {
    Brackets,
    OptionalArguments,
}

/// The index just past the string starting at `start` (or the end of the text if unclosed).
fn skip_string(bytes: &[u8], start: usize, json: bool) -> usize {
    let quote = bytes[start];
    let long = !json && bytes.get(start + 1) == Some(&quote) && bytes.get(start + 2) == Some(&quote);
    let mut i = start + if long { 3 } else { 1 };
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => {
                if !long {
                    return i + 1;
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    return i + 3;
                }
                i += 1;
            }
            b'\n' if !long && !json => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index of the `>` closing an IRI opened at `start`, if `<` opens one (it is also SPARQL's
/// less-than): an IRI holds no space, quote or bracket of its own.
fn iri_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i),
            b' ' | b'\t' | b'\n' | b'\r' | b'<' | b'"' | b'{' | b'}' | b'|' | b'^' | b'`' | b'\\' => {
                return None
            }
            _ => i += 1,
        }
    }
    None
}

fn nesting_error(text: &str, index: usize, source_name: &str, limit: NestingLimit) -> SyntaxError {
    let before = &text[..index];
    let line = before.bytes().filter(|b| *b == b'\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let column = text[line_start..index].chars().count() as u64 + 1;
    SyntaxError {
        source_name: source_name.to_owned(),
        message: match limit {
            NestingLimit::Brackets => {
                format!("brackets nested deeper than {MAX_NESTING} levels (the limit this library accepts)")
            }
            NestingLimit::OptionalArguments => format!(
                "more than {MAX_OPTIONAL_ARGUMENT_CALLS} calls of {} open inside one another (the limit this \
                 library accepts: the SPARQL parser's work doubles with each)",
                OPTIONAL_ARGUMENT_FUNCTIONS.join(", ")
            ),
        },
        line: Some(line),
        column: Some(column),
        end_line: Some(line),
        end_column: Some(column + 1),
        text: None,
    }
    .with_text_from(text.as_bytes())
}

/// The most characters that entity declarations of an XML document may expand to, counting
/// every declaration and every reference to a declared entity.
pub const MAX_ENTITY_EXPANSION: u64 = 16 << 20;

/// Refuses an XML document whose declared entities (`<!ENTITY name "value">` in its DOCTYPE)
/// would expand to more than [`MAX_ENTITY_EXPANSION`] characters, nested declarations and uses
/// included. Reads only the document; documents without a DOCTYPE pass untouched.
pub fn check_xml_entities(xml: &[u8], source_name: &str) -> Result<(), SyntaxError> {
    let Some(doctype) = find(xml, b"<!DOCTYPE") else {
        return Ok(());
    };
    let mut sizes: Vec<(&[u8], u64)> = Vec::new();
    let mut total: u64 = 0;
    let mut i = doctype;
    let body_start;
    loop {
        let Some(next) = find(&xml[i..], b"<!ENTITY").map(|p| p + i) else {
            body_start = i;
            break;
        };
        // Stop at the end of the DOCTYPE's internal subset.
        if let Some(close) = find(&xml[i..], b"]>").map(|p| p + i) {
            if close < next {
                body_start = close;
                break;
            }
        }
        let mut j = next + b"<!ENTITY".len();
        let skip_space = |j: &mut usize| {
            while *j < xml.len() && xml[*j].is_ascii_whitespace() {
                *j += 1;
            }
        };
        skip_space(&mut j);
        let name_start = j;
        while j < xml.len() && !xml[j].is_ascii_whitespace() {
            j += 1;
        }
        let name = &xml[name_start..j];
        skip_space(&mut j);
        let Some(&quote) = xml.get(j).filter(|q| **q == b'"' || **q == b'\'') else {
            i = j;
            continue;
        };
        let value_start = j + 1;
        let value_end = xml[value_start..]
            .iter()
            .position(|b| *b == quote)
            .map_or(xml.len(), |p| p + value_start);
        let size = expanded_size(&xml[value_start..value_end], &sizes);
        total = total.saturating_add(size);
        if size > MAX_ENTITY_EXPANSION || total > MAX_ENTITY_EXPANSION {
            return Err(entity_error(xml, next, source_name));
        }
        sizes.push((name, size));
        i = value_end;
    }
    if sizes.is_empty() {
        return Ok(());
    }
    let uses = expanded_size(&xml[body_start..], &sizes).saturating_sub((xml.len() - body_start) as u64);
    if total.saturating_add(uses) > MAX_ENTITY_EXPANSION {
        return Err(entity_error(xml, doctype, source_name));
    }
    Ok(())
}

/// The length of `text` once references to the entities in `sizes` are replaced.
fn expanded_size(text: &[u8], sizes: &[(&[u8], u64)]) -> u64 {
    let mut size = 0u64;
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'&' {
            if let Some(end) = text[i + 1..].iter().take(256).position(|b| *b == b';') {
                let name = &text[i + 1..i + 1 + end];
                if let Some((_, value)) = sizes.iter().rev().find(|(n, _)| *n == name) {
                    size = size.saturating_add(*value);
                    i += end + 2;
                    continue;
                }
            }
        }
        size += 1;
        i += 1;
    }
    size
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn entity_error(xml: &[u8], index: usize, source_name: &str) -> SyntaxError {
    let before = &xml[..index];
    let line = before.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    let line_start = before.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&xml[line_start..index]).chars().count() as u64 + 1;
    SyntaxError {
        source_name: source_name.to_owned(),
        message: format!(
            "the document's entity declarations expand to more than {MAX_ENTITY_EXPANSION} characters \
             (the limit this library accepts)"
        ),
        line: Some(line),
        column: Some(column),
        end_line: Some(line),
        end_column: Some(column + 1),
        text: None,
    }
    .with_text_from(xml)
}

/// Whether `query` is small enough for oxigraph's join planner (at most
/// [`MAX_PLANNED_PATTERNS`] triple, path and VALUES patterns, EXISTS included); callers evaluate a query
/// that is not without the planner.
pub fn plannable(query: &spargebra::Query) -> bool {
    use spargebra::Query;
    let pattern = match query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    patterns_in(pattern, 0) <= MAX_PLANNED_PATTERNS
}

/// Whether every WHERE clause of `update` is small enough for the join planner (see [`plannable`]).
pub fn update_plannable(update: &spargebra::Update) -> bool {
    let total = update
        .operations
        .iter()
        .fold(0, |total, operation| match operation {
            spargebra::GraphUpdateOperation::DeleteInsert { pattern, .. } => patterns_in(pattern, total),
            _ => total,
        });
    total <= MAX_PLANNED_PATTERNS
}

/// `count` plus the triple, path and VALUES patterns of `pattern`, expressions (EXISTS) included. Stops
/// counting once past the limit, so a huge query costs no more to measure than a small one.
fn patterns_in(pattern: &spargebra::algebra::GraphPattern, count: usize) -> usize {
    use spargebra::algebra::GraphPattern as P;
    if count > MAX_PLANNED_PATTERNS {
        return count;
    }
    match pattern {
        P::Bgp { patterns } => count + patterns.len(),
        P::Path { .. } => count + 1,
        // Each VALUES block is one more operand for the planner to place.
        P::Values { .. } => count + 1,
        P::Join { left, right }
        | P::Lateral { left, right }
        | P::Union { left, right }
        | P::Minus { left, right } => patterns_in(right, patterns_in(left, count)),
        P::LeftJoin {
            left,
            right,
            expression,
        } => {
            let count = patterns_in(right, patterns_in(left, count));
            expression
                .as_ref()
                .map_or(count, |e| patterns_in_expression(e, count))
        }
        P::Filter { expr, inner }
        | P::Extend {
            expression: expr,
            inner,
            ..
        } => patterns_in_expression(expr, patterns_in(inner, count)),
        P::OrderBy { inner, expression } => {
            expression
                .iter()
                .fold(patterns_in(inner, count), |n, order| match order {
                    spargebra::algebra::OrderExpression::Asc(e)
                    | spargebra::algebra::OrderExpression::Desc(e) => patterns_in_expression(e, n),
                })
        }
        P::Group {
            inner, aggregates, ..
        } => aggregates
            .iter()
            .fold(patterns_in(inner, count), |n, (_, aggregate)| match aggregate {
                spargebra::algebra::AggregateExpression::FunctionCall { expr, .. } => {
                    patterns_in_expression(expr, n)
                }
                spargebra::algebra::AggregateExpression::CountSolutions { .. } => n,
            }),
        P::Graph { inner, .. }
        | P::Project { inner, .. }
        | P::Distinct { inner }
        | P::Reduced { inner }
        | P::Slice { inner, .. }
        | P::Service { inner, .. } => patterns_in(inner, count),
    }
}

fn patterns_in_expression(expression: &spargebra::algebra::Expression, count: usize) -> usize {
    use spargebra::algebra::Expression as E;
    if count > MAX_PLANNED_PATTERNS {
        return count;
    }
    match expression {
        E::Exists(pattern) => patterns_in(pattern, count),
        E::NamedNode(_) | E::Literal(_) | E::Variable(_) | E::Bound(_) => count,
        E::Or(a, b)
        | E::And(a, b)
        | E::Equal(a, b)
        | E::SameTerm(a, b)
        | E::Greater(a, b)
        | E::GreaterOrEqual(a, b)
        | E::Less(a, b)
        | E::LessOrEqual(a, b)
        | E::Add(a, b)
        | E::Subtract(a, b)
        | E::Multiply(a, b)
        | E::Divide(a, b) => patterns_in_expression(b, patterns_in_expression(a, count)),
        E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => patterns_in_expression(a, count),
        E::If(a, b, c) => {
            patterns_in_expression(c, patterns_in_expression(b, patterns_in_expression(a, count)))
        }
        E::In(a, list) => list.iter().fold(patterns_in_expression(a, count), |n, e| {
            patterns_in_expression(e, n)
        }),
        E::Coalesce(list) | E::FunctionCall(_, list) => {
            list.iter().fold(count, |n, e| patterns_in_expression(e, n))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_optional_argument_calls_are_bounded() {
        let nested =
            |name: &str, n: usize| format!("SELECT ({}\"\" AS ?z) WHERE {{ }}", format!("{name}(").repeat(n));
        for name in OPTIONAL_ARGUMENT_FUNCTIONS {
            assert!(check_nesting(&nested(name, MAX_OPTIONAL_ARGUMENT_CALLS), Brackets::Sparql, "q").is_ok());
            let error = check_nesting(
                &nested(name, MAX_OPTIONAL_ARGUMENT_CALLS + 1),
                Brackets::Sparql,
                "q",
            )
            .unwrap_err();
            assert!(error.message.contains(name), "{error}");
        }
        // Lower case counts; variables, prefixed names, strings and closed calls do not.
        assert!(check_nesting(&nested("regex", 11), Brackets::Sparql, "q").is_err());
        let names = "SELECT * WHERE { ?regex ex:regex \"REGEX(\" . } ".repeat(20);
        assert!(check_nesting(&names, Brackets::Sparql, "q").is_ok());
        let siblings = "FILTER(REGEX(?a, \"x\")) ".repeat(50);
        assert!(check_nesting(&format!("ASK {{ {siblings} }}"), Brackets::Sparql, "q").is_ok());
        // Turtle has no such functions.
        assert!(check_nesting(&"REGEX(".repeat(20), Brackets::Turtle, "t").is_ok());
    }

    fn parse(sparql: &str) -> spargebra::Query {
        spargebra::SparqlParser::new().parse_query(sparql).unwrap()
    }

    fn property_list(patterns: usize) -> String {
        (0..patterns)
            .map(|i| format!("<http://e/p{}> ?o{}", i % 4, i % 7))
            .collect::<Vec<_>>()
            .join(" ; ")
    }

    #[rstest::rstest]
    #[case(MAX_PLANNED_PATTERNS, true)]
    #[case(MAX_PLANNED_PATTERNS + 1, false)]
    #[case(200, false)]
    fn plannable_counts_the_patterns_of_a_group(#[case] patterns: usize, #[case] expected: bool) {
        let query = parse(&format!("SELECT * WHERE {{ ?s {} }}", property_list(patterns)));
        assert_eq!(plannable(&query), expected);
    }

    #[test]
    fn plannable_counts_patterns_hidden_in_exists_optional_and_updates() {
        let half = MAX_PLANNED_PATTERNS / 2 + 1;
        let hidden = format!(
            "ASK {{ ?s {} OPTIONAL {{ ?s <http://e/q> ?x FILTER EXISTS {{ ?s {} }} }} }}",
            property_list(half),
            property_list(half)
        );
        assert!(!plannable(&parse(&hidden)));
        let update = |patterns: usize| {
            spargebra::SparqlParser::new()
                .parse_update(&format!(
                    "INSERT {{ ?s <http://e/r> 1 }} WHERE {{ ?s {} }}",
                    property_list(patterns)
                ))
                .unwrap()
        };
        assert!(update_plannable(&update(10)));
        assert!(!update_plannable(&update(MAX_PLANNED_PATTERNS + 1)));
        // The long fuzz run's hang: one update joining hundreds of VALUES blocks.
        let values = "VALUES ?x { 1 2 3 }".repeat(MAX_PLANNED_PATTERNS + 1);
        let update = format!("DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o {values} }}");
        assert!(!update_plannable(
            &spargebra::SparqlParser::new().parse_update(&update).unwrap()
        ));
    }

    #[test]
    fn every_bundled_query_is_planned() {
        // The budget must never switch the planner off for the library's own queries.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ontology");
        let mut checked = 0;
        for folder in ["api", "qc", "queries", "competency-questions"] {
            let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
                continue;
            };
            for entry in entries {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "rq") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let query = spargebra::SparqlParser::new().parse_query(&text);
                    if let Ok(query) = query {
                        assert!(plannable(&query), "{} exceeds the planner budget", path.display());
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 20, "only {checked} bundled queries found");
    }

    #[test]
    fn nesting_counts_brackets_outside_strings_iris_and_comments() {
        let inside = format!(
            "SELECT * WHERE {{ ?s ?p \"{}\" }} # {}",
            "(".repeat(1000),
            "{".repeat(1000)
        );
        assert!(check_nesting(&inside, Brackets::Sparql, "<query>").is_ok());
        let iri = format!("SELECT * WHERE {{ ?s ?p <http://e/{}> }}", "[".repeat(1000));
        assert!(check_nesting(&iri, Brackets::Sparql, "<query>").is_ok());
        let deep = format!(
            "SELECT * WHERE {{\n{}{} }}",
            "{".repeat(MAX_NESTING),
            "}".repeat(MAX_NESTING)
        );
        let error = check_nesting(&deep, Brackets::Sparql, "<query>").unwrap_err();
        assert_eq!((error.line, error.column), (Some(2), Some(MAX_NESTING as u64)));
        let less_than = format!("ASK {{ FILTER(1 <{} 2{}) }}", "(".repeat(10), ")".repeat(10));
        assert!(check_nesting(&less_than, Brackets::Sparql, "<query>").is_ok());
        let json = format!(
            "{}\"a\"{}",
            "[".repeat(MAX_NESTING + 1),
            "]".repeat(MAX_NESTING + 1)
        );
        assert!(check_nesting(&json, Brackets::Json, "x.jsonld").is_err());
        let json_string = format!("{{\"a\": \"{}\"}}", "[".repeat(1000));
        assert!(check_nesting(&json_string, Brackets::Json, "x.jsonld").is_ok());
    }

    #[test]
    fn billion_laughs_is_refused_and_ordinary_entities_pass() {
        let mut bomb = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for level in 1..10 {
            let previous = if level == 1 {
                "lol".to_owned()
            } else {
                format!("lol{}", level - 1)
            };
            bomb.push_str(&format!(
                "<!ENTITY lol{level} \"{}\">\n",
                format!("&{previous};").repeat(10)
            ));
        }
        bomb.push_str(
            "]>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">&lol9;</rdf:RDF>\n",
        );
        let error = check_xml_entities(bomb.as_bytes(), "bomb.rdf").unwrap_err();
        assert!(error.message.contains("entity"), "{error}");
        let ordinary = "<!DOCTYPE rdf:RDF [ <!ENTITY owl \"http://www.w3.org/2002/07/owl#\" > ]>\n\
                        <rdf:RDF><owl:Class rdf:about=\"&owl;Thing\"/></rdf:RDF>";
        assert!(check_xml_entities(ordinary.as_bytes(), "x.rdf").is_ok());
        // Many uses of a middling entity add up.
        let wide = format!(
            "<!DOCTYPE r [ <!ENTITY a \"{}\"> ]><r>{}</r>",
            "x".repeat(1 << 20),
            "&a;".repeat(20)
        );
        assert!(check_xml_entities(wide.as_bytes(), "x.rdf").is_err());
    }

    #[test]
    fn a_panic_becomes_an_error_and_polling_cancels() {
        let error = run_guarded(|| false, || -> u32 { panic!("boom") }).unwrap_err();
        assert!(error.0.contains("boom"), "{error}");
        let stopped = run_guarded(
            || true,
            || {
                let token = current_token().expect("a token on the worker");
                while !token.is_cancelled() {
                    thread::sleep(Duration::from_millis(5));
                }
                interrupted()
            },
        );
        assert_eq!(stopped, Ok(true));
        assert!(current_token().is_none(), "the token belongs to the worker only");
    }

    /// The worker's name and id, from inside guarded work.
    fn worker() -> (String, thread::ThreadId) {
        let this = thread::current();
        (this.name().unwrap_or_default().to_owned(), this.id())
    }

    #[test]
    fn one_call_after_another_reuses_the_kept_workers() {
        let ran_on: std::collections::BTreeSet<String> = (0..20)
            .map(|_| run_guarded(|| false, worker).expect("no panic"))
            .map(|(name, id)| format!("{name} {id:?}"))
            .collect();
        assert!(
            ran_on.iter().all(|w| w.starts_with("workforce-graph-")),
            "{ran_on:?}"
        );
        // Other tests run guarded work at the same time, so more than one worker may be seen,
        // but never more than are kept: no thread was started for a call.
        assert!(ran_on.len() <= Workers::size(), "{ran_on:?}");
    }

    #[test]
    fn calls_beyond_the_kept_workers_run_at_once() {
        // Every call waits until all have started: had one queued behind another, it would give
        // up after the timeout and return false.
        let calls = Workers::size() + 2;
        let started = (Mutex::new(0usize), std::sync::Condvar::new());
        let all_started = thread::scope(|scope| {
            let waiting: Vec<_> = (0..calls)
                .map(|_| {
                    scope.spawn(|| {
                        run_guarded(
                            || false,
                            || {
                                let (count, changed) = &started;
                                let mut count = count.lock().unwrap();
                                *count += 1;
                                changed.notify_all();
                                let (count, timeout) = changed
                                    .wait_timeout_while(count, Duration::from_secs(20), |n| *n < calls)
                                    .unwrap();
                                *count == calls && !timeout.timed_out()
                            },
                        )
                    })
                })
                .collect();
            waiting
                .into_iter()
                .map(|call| call.join().unwrap())
                .collect::<Vec<_>>()
        });
        assert_eq!(all_started, vec![Ok(true); calls]);
    }

    #[test]
    fn guarded_work_inside_guarded_work_runs_in_place_under_the_outer_token() {
        let outer = run_guarded(
            || true,
            || {
                let outer_worker = worker();
                let inner = run_guarded(
                    || false,
                    || {
                        // Cancelled only by the outer call's polling: a token of its own never is.
                        let deadline = std::time::Instant::now() + Duration::from_secs(20);
                        while !interrupted() && std::time::Instant::now() < deadline {
                            thread::sleep(Duration::from_millis(5));
                        }
                        (worker(), interrupted())
                    },
                );
                let failed = run_guarded(|| false, || -> u32 { panic!("inner boom") });
                (outer_worker, inner, failed, current_token().is_some())
            },
        )
        .expect("the outer work does not panic");
        let (outer_worker, inner, failed, still_tokened) = outer;
        assert_eq!(inner, Ok((outer_worker, true)));
        assert!(failed.unwrap_err().0.contains("inner boom"));
        assert!(still_tokened, "the inner call leaves the outer token in place");
    }
}
