//! Workspace symbols: every disputed item in the folder, found by the words of its request.
//!
//! Editors filter and rank the answer again with their own fuzzy matcher, so the server's job is
//! to return every item a reviewer could mean, best first: items whose words start with each
//! query word, then those found through a brand or generic name ("flexeril" finds
//! cyclobenzaprine), then those with a word that starts like each query word and holds its
//! letters in order ("nrco").

use super::summary::{FileSummary, ItemSummary, LetterSummary};
use crate::parser::vocabulary::vocabulary;

/// One item found.
pub struct Hit<'a, K> {
    pub file: K,
    pub letter: &'a LetterSummary,
    pub item: &'a ItemSummary,
    /// 0: every query word starts a title word; 1: through a synonym; 2: a title word starts with
    /// the query word's first letter and holds the rest in order.
    pub tier: u8,
}

/// The items matching `query`, best first, at most `limit`. An empty query lists every item in
/// file order. `cancelled` is polled between files so a long search can stop early.
pub fn search<'a, K: Copy>(
    files: impl IntoIterator<Item = (K, &'a FileSummary)>,
    query: &str,
    limit: usize,
    cancelled: &dyn Fn() -> bool,
) -> Vec<Hit<'a, K>> {
    let q = Query::new(query);
    let mut hits = Vec::new();
    for (file, summary) in files {
        if cancelled() {
            break;
        }
        for letter in summary.letters.iter() {
            for item in letter.items.iter() {
                if let Some(tier) = q.tier(&item.words) {
                    hits.push(Hit {
                        file,
                        letter,
                        item,
                        tier,
                    });
                }
            }
        }
        // The best tier is already full: nothing later can displace it.
        if q.words.is_empty() && hits.len() >= limit {
            break;
        }
    }
    // Stable: ties keep file order.
    hits.sort_by_key(|h| h.tier);
    hits.truncate(limit);
    hits
}

struct Query {
    /// Lower-case words of the query, split like titles.
    words: Vec<String>,
    /// For each query word, the names of the synonym groups it starts a name of ("flex" →
    /// flexeril, cyclobenzaprine, …), worked out once per query rather than per item.
    synonyms: Vec<Vec<&'static str>>,
}

impl Query {
    fn new(query: &str) -> Query {
        let words: Vec<String> = search_words(query)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let synonyms = words
            .iter()
            .map(|q| {
                vocabulary()
                    .same_groups()
                    .filter(|g| g.iter().any(|n| n.starts_with(q.as_str())))
                    .flat_map(|g| g.iter().map(String::as_str))
                    .collect()
            })
            .collect();
        Query { words, synonyms }
    }

    /// How well an item's [`search_words`] match, if at all.
    fn tier(&self, title: &str) -> Option<u8> {
        if self.words.is_empty() {
            return Some(0);
        }
        let starts = |q: &str| title.split(' ').any(|t| t.starts_with(q));
        if self.words.iter().all(|q| starts(q)) {
            return Some(0);
        }
        let through_synonym = |(q, names): (&String, &Vec<&str>)| {
            starts(q) || title.split(' ').any(|t| names.contains(&t))
        };
        if self.words.iter().zip(&self.synonyms).all(through_synonym) {
            return Some(1);
        }
        let fuzzy = |q: &str| title.split(' ').any(|t| in_order(q, t));
        self.words.iter().all(|q| fuzzy(q)).then_some(2)
    }
}

/// A title's words in lower case, space-separated (made once, when the file is indexed).
pub fn search_words(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for w in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Whether `word` starts with the first letter of `q` and holds the rest in order ("nrco" in
/// "norco"): a typo or a skipped letter, not letters strewn across the title.
fn in_order(q: &str, word: &str) -> bool {
    let mut want = q.chars().peekable();
    let mut have = word.chars();
    if want.next() != have.next() {
        return false;
    }
    for c in have {
        if want.peek() == Some(&c) {
            want.next();
        }
    }
    want.peek().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::features::fixture::{letter, seed};
    use crate::lsp::document::embedded_catalog;
    use crate::rules::testing::item;
    use crate::workspace::summary::summarise;

    fn summary(text: &str) -> FileSummary {
        summarise(&Analysis::new(text, embedded_catalog()), text)
    }

    fn titles(files: &[(&str, FileSummary)], query: &str) -> Vec<(String, u8)> {
        search(files.iter().map(|(k, s)| (*k, s)), query, 100, &|| false)
            .into_iter()
            .map(|h| (format!("{}: {}", h.file, h.item.title), h.tier))
            .collect()
    }

    fn folder() -> Vec<(&'static str, FileSummary)> {
        let mri = letter(&format!(
            "{}{}",
            item(
                "MRI of the lumbar spine",
                "Overturned",
                "It is medically necessary."
            ),
            item(
                "Norflex 100mg #60",
                "Upheld",
                "It is not medically necessary."
            ),
        ));
        vec![
            ("001", summary(&seed("001_2a130b5553485fce.txt"))),
            ("002", summary(&seed("002_ca4af5e6e3409f09.txt"))),
            ("mri", summary(&mri)),
        ]
    }

    #[test]
    fn request_words_find_items_by_prefix_in_any_order() {
        let f = folder();
        assert_eq!(titles(&f, "norco"), [("001: Norco 5/325 MG #30".into(), 0)]);
        assert_eq!(
            titles(&f, "NOR"),
            [
                ("001: Norco 5/325 MG #30".into(), 0),
                ("mri: Norflex 100mg #60".into(), 0),
            ]
        );
        assert_eq!(
            titles(&f, "lumbar mri"),
            [("mri: MRI of the lumbar spine".into(), 0)]
        );
    }

    #[test]
    fn brand_names_find_generics_after_direct_matches() {
        let f = folder();
        assert_eq!(
            titles(&f, "flexeril"),
            [
                ("002: Flexeril 10mg #30".into(), 0),
                ("001: Cyclobenzaprine Hydrochloride 5 MG #30".into(), 1),
            ]
        );
    }

    #[test]
    fn letters_in_order_catch_typos_editors_would_still_show() {
        let f = folder();
        assert_eq!(titles(&f, "nrco"), [("001: Norco 5/325 MG #30".into(), 2)]);
        assert!(titles(&f, "zzz").is_empty());
    }

    #[test]
    fn an_empty_query_lists_items_in_file_order_up_to_the_limit() {
        let f = folder();
        let all = titles(&f, "");
        assert_eq!(all.len(), 7);
        assert_eq!(all[0].0, "001: Norco 5/325 MG #30");
        let two = search(f.iter().map(|(k, s)| (k, s)), "", 2, &|| false);
        assert_eq!(two.len(), 2);
    }

    #[test]
    fn a_cancelled_search_stops() {
        let f = folder();
        assert!(search(f.iter().map(|(k, s)| (k, s)), "norco", 10, &|| true).is_empty());
    }
}
