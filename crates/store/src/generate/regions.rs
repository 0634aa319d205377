//! The region tree of a generated world: a province's cities, counties and townships (or a
//! whole country's provinces), with place names that never repeat, and people's names.

use super::Mix;
use super::vocab::{GIVEN, PLACE, PROVINCES, SURNAMES};
use super::world::Scale;
use std::collections::HashSet;

/// A region to generate: name, level and parent index.
pub(super) struct Node {
    pub(super) name: String,
    pub(super) level: &'static str,
    pub(super) parent: Option<usize>,
}

/// Names made of two place characters and a suffix, never twice.
struct Names<'a> {
    used: HashSet<String>,
    mix: &'a mut Mix,
}

impl Names<'_> {
    fn make(&mut self, suffix: &str) -> String {
        loop {
            let a = PLACE[(self.mix.next() % PLACE.len() as u64) as usize];
            let b = PLACE[(self.mix.next() % PLACE.len() as u64) as usize];
            let name = format!("{a}{b}{suffix}");
            if a != b && self.used.insert(name.clone()) {
                return name;
            }
        }
    }
}

pub(super) fn tree(scale: Scale, mix: &mut Mix, used: HashSet<String>) -> Vec<Node> {
    let mut names = Names { used, mix };
    let mut out: Vec<Node> = Vec::new();
    let city = |out: &mut Vec<Node>, names: &mut Names, parent: Option<usize>, counties: usize| {
        let c = out.len();
        out.push(Node {
            name: names.make("市"),
            level: "city",
            parent,
        });
        for k in 0..counties {
            let suffix = ["县", "区", "县", "区", "高新区"][k % 5];
            out.push(Node {
                name: names.make(suffix),
                level: "district",
                parent: Some(c),
            });
        }
    };
    match scale {
        Scale::City => city(&mut out, &mut names, None, 10),
        Scale::Province => {
            let p = PROVINCES[(names.mix.next() % PROVINCES.len() as u64) as usize];
            names.used.insert(p.to_string());
            out.push(Node {
                name: p.to_string(),
                level: "province",
                parent: None,
            });
            for k in 0..16 {
                city(&mut out, &mut names, Some(0), 6 + usize::from(k % 4 == 0));
            }
        }
        Scale::National => {
            // 330 cities over 31 provinces, 2,850 counties over 330 cities.
            let mut j = 0usize;
            for (i, p) in PROVINCES.iter().enumerate() {
                if !names.used.insert(p.to_string()) {
                    continue;
                }
                let pi = out.len();
                out.push(Node {
                    name: p.to_string(),
                    level: "province",
                    parent: None,
                });
                let cities = 330 * (i + 1) / PROVINCES.len() - 330 * i / PROVINCES.len();
                for _ in 0..cities {
                    let per = 2850 * (j + 1) / 330 - 2850 * j / 330;
                    j += 1;
                    city(&mut out, &mut names, Some(pi), per);
                }
            }
        }
    }
    out
}

pub(super) fn person(mix: &mut Mix) -> String {
    let s = SURNAMES[(mix.next() % SURNAMES.len() as u64) as usize];
    let g = GIVEN[(mix.next() % GIVEN.len() as u64) as usize];
    if mix.next().is_multiple_of(2) {
        format!("{s}{g}")
    } else {
        let h = GIVEN[(mix.next() % GIVEN.len() as u64) as usize];
        format!("{s}{g}{h}")
    }
}
