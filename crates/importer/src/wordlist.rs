//! Word lists matched many at once (Aho–Corasick), each automaton built the first time it is
//! used: the judge and the target reader look at every line of every reading.

use aho_corasick::AhoCorasick;
use std::sync::OnceLock;

/// The automaton for `words`, built once into `cell`.
pub fn automaton(cell: &'static OnceLock<AhoCorasick>, words: &[&str]) -> &'static AhoCorasick {
    cell.get_or_init(|| AhoCorasick::new(words).expect("word lists are valid patterns"))
}

/// `word_automaton!(name, LIST)` defines `fn name() -> &'static AhoCorasick` over `LIST`.
macro_rules! word_automaton {
    ($vis:vis $name:ident, $list:expr) => {
        $vis fn $name() -> &'static aho_corasick::AhoCorasick {
            static CELL: std::sync::OnceLock<aho_corasick::AhoCorasick> =
                std::sync::OnceLock::new();
            $crate::wordlist::automaton(&CELL, $list)
        }
    };
}
pub(crate) use word_automaton;
