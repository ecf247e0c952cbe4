//! Recall on real letters: seed one slip at a time into every item of the published corpus (90
//! letters × 2 extractions) and count how often the right rule catches it on that item, and how
//! often anything else goes off.
//!
//! Slips: flip Upheld/Overturned (`decision-conflict`), delete the decision word
//! (`missing-decision`), delete the rationale (`missing-rationale`), delete the `MAXIMUS
//! guideline:` field (`missing-guideline`), and replace the concluding sentence with one naming
//! another letter's request (`item-mismatch`), in two sets: the other request shares no content
//! word with this item's, or it shares some (a site or a treatment word) but at most half of
//! the shorter request's words. Words are compared as `content_words` says (sites, brand and
//! generic names and abbreviations folded); an item whose title names nothing ("Initial exam")
//! gets no request slips.
//!
//! `cargo test --test recall -- --nocapture` prints the table the README shows.

use imr_lsp::catalog::Catalog;
use imr_lsp::model::{FieldKind, Item, Span};
use imr_lsp::parser::vocabulary::vocabulary;
use imr_lsp::rules::{check, Severity};
use rayon::prelude::*;
use std::collections::BTreeSet;

/// How many other requests each item is slipped with, per set.
const SLIPS_PER_ITEM: usize = 3;

fn corpus_dir() -> Option<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus").to_string();
    if std::path::Path::new(&dir).join("layout").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI=true but ../shared/corpus (with its layout/ folder) is missing"
    );
    eprintln!("../shared/corpus or its layout/ folder not found: recall not measured");
    None
}

fn letters_in(dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Slip {
    Flip,
    DeleteDecision,
    DeleteRationale,
    DeleteGuideline,
    OtherRequestNoSharedWord,
    OtherRequestSharedWord,
}

impl Slip {
    const ALL: [Slip; 6] = [
        Slip::Flip,
        Slip::DeleteDecision,
        Slip::DeleteRationale,
        Slip::DeleteGuideline,
        Slip::OtherRequestNoSharedWord,
        Slip::OtherRequestSharedWord,
    ];

    fn label(self) -> &'static str {
        match self {
            Slip::Flip => "flip Upheld/Overturned",
            Slip::DeleteDecision => "delete the decision word",
            Slip::DeleteRationale => "delete the rationale",
            Slip::DeleteGuideline => "delete `MAXIMUS guideline:`",
            Slip::OtherRequestNoSharedWord => "other request, no shared word",
            Slip::OtherRequestSharedWord => "other request, shared site/treatment word",
        }
    }

    fn code(self) -> &'static str {
        match self {
            Slip::Flip => "decision-conflict",
            Slip::DeleteDecision => "missing-decision",
            Slip::DeleteRationale => "missing-rationale",
            Slip::DeleteGuideline => "missing-guideline",
            Slip::OtherRequestNoSharedWord | Slip::OtherRequestSharedWord => "item-mismatch",
        }
    }

    /// The least share of slips that must be caught, in percent.
    fn floor(self) -> f64 {
        match self {
            Slip::OtherRequestNoSharedWord => 98.0,
            Slip::OtherRequestSharedWord => 90.0,
            _ => 100.0,
        }
    }
}

/// One edit: replace `span` of the letter with `with`.
struct Mutation {
    slip: Slip,
    span: Span,
    with: String,
    /// What the slip was, for the list of misses.
    note: String,
}

/// A request of some letter, for slips.
struct Request {
    letter: usize,
    name: String,
    words: BTreeSet<String>,
}

/// The words of a request that name something, as a reviewer would compare them: body sites
/// folded to one per site ("low back" = "lumbar"), brand and generic names and abbreviations
/// folded to one, plurals to the singular; generic words, category nouns, dosage forms, doses,
/// sides and broad site words ("spine") left out.
fn content_words(s: &str) -> BTreeSet<String> {
    let v = vocabulary();
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((site, taken)) = v.site_at(&words[i..]) {
            out.insert(format!("site {site}"));
            i += taken;
            continue;
        }
        let w = words[i];
        i += 1;
        if w.len() < 2
            || w.starts_with(|c: char| c.is_ascii_digit())
            || v.names_nothing(w)
            || v.side(w).is_some()
            || v.is_general_site(w)
        {
            continue;
        }
        let group = v
            .same_group(w)
            .or_else(|| w.strip_suffix('s').and_then(|s| v.same_group(s)));
        let w = match group {
            Some(g) => g[0].clone(),
            None => w
                .strip_suffix('s')
                .filter(|s| s.len() >= 3)
                .unwrap_or(w)
                .to_string(),
        };
        out.insert(w);
    }
    out
}

fn request_name(i: &Item) -> String {
    i.eligible_portion
        .as_ref()
        .or(i.original_request.as_ref())
        .map_or(i.title.clone(), |p| p.text.clone())
}

/// This item's request as the slip is compared with it: a partial authorisation by its parts.
fn item_words(i: &Item) -> BTreeSet<String> {
    let parts: Vec<&str> = [
        &i.original_request,
        &i.authorized_portion,
        &i.eligible_portion,
    ]
    .into_iter()
    .flatten()
    .map(|p| p.text.as_str())
    .collect();
    if parts.is_empty() {
        return content_words(&i.title);
    }
    parts.into_iter().flat_map(content_words).collect()
}

/// The slips for item `n` of letter `l`.
fn mutations(item: &Item, l: usize, n: usize, requests: &[Request]) -> Vec<Mutation> {
    let mut out = Vec::new();
    if let (Some(word), Some(now)) = (item.decision.span, item.decision.kind.means_necessary()) {
        out.push(Mutation {
            slip: Slip::Flip,
            span: word,
            with: if now { "Upheld" } else { "Overturned" }.to_string(),
            note: String::new(),
        });
        out.push(Mutation {
            slip: Slip::DeleteDecision,
            span: word,
            with: String::new(),
            note: String::new(),
        });
    }
    let field_end = |k: FieldKind| -> Option<Span> {
        let pos = item.fields.iter().position(|f| f.kind == k)?;
        let f = &item.fields[pos];
        let end = item
            .fields
            .get(pos + 1)
            .map_or(f.body.end.max(f.label.end), |g| g.label.start);
        Some(Span::new(f.label.start, end))
    };
    if let Some(span) = field_end(FieldKind::Rationale) {
        out.push(Mutation {
            slip: Slip::DeleteRationale,
            span,
            with: String::new(),
            note: String::new(),
        });
    }
    if let Some(span) = field_end(FieldKind::MaximusGuideline) {
        out.push(Mutation {
            slip: Slip::DeleteGuideline,
            span,
            with: String::new(),
            note: String::new(),
        });
    }
    let Some(c) = &item.conclusion else {
        return out;
    };
    let mine = item_words(item);
    if mine.is_empty() {
        // A title that names nothing ("Initial exam") has nothing to compare a slip with.
        return out;
    }
    let verdict = if c.necessary {
        "medically necessary"
    } else {
        "not medically necessary"
    };
    for slip in [Slip::OtherRequestNoSharedWord, Slip::OtherRequestSharedWord] {
        // Start somewhere different for every item, and take the first requests that fit.
        let start = (l * 31 + n * 7) % requests.len();
        let picked = (0..requests.len())
            .map(|k| &requests[(start + k) % requests.len()])
            .filter(|r| r.letter != l && !r.words.is_empty())
            .filter(|r| {
                let shared = r.words.intersection(&mine).count();
                match slip {
                    Slip::OtherRequestNoSharedWord => shared == 0,
                    // Another request, not a rewording: at most half of the shorter one's
                    // words are shared.
                    _ => shared > 0 && 2 * shared <= r.words.len().min(mine.len()),
                }
            })
            .take(SLIPS_PER_ITEM);
        for r in picked {
            out.push(Mutation {
                slip,
                span: c.sentence,
                with: format!("Therefore, the request for {} is {verdict}.", r.name),
                note: format!("{:?} concluded as {:?}", item.title, r.name),
            });
        }
    }
    out
}

#[derive(Default, Clone, Copy)]
struct Tally {
    tried: [usize; 2],
    caught: [usize; 2],
    false_alarms: usize,
}

#[test]
fn seeded_slips_are_caught_on_their_item_and_nothing_else_goes_off() {
    let Some(dir) = corpus_dir() else { return };
    let cat = Catalog::embedded();
    let mut tally = [Tally::default(); 6];
    let mut misses: Vec<String> = Vec::new();
    let mut alarms: Vec<String> = Vec::new();
    for (x, folder) in [dir.clone(), format!("{dir}/layout")].iter().enumerate() {
        let letters = letters_in(folder);
        let models: Vec<_> = letters
            .iter()
            .map(|(_, t)| imr_lsp::parser::parse(t))
            .collect();
        let requests: Vec<Request> = models
            .iter()
            .enumerate()
            .flat_map(|(l, m)| {
                m.letters.iter().flat_map(move |lt| {
                    lt.items.iter().map(move |i| Request {
                        letter: l,
                        name: request_name(i),
                        words: content_words(&request_name(i)),
                    })
                })
            })
            .collect();
        // (slip, caught, false alarms, note)
        let results: Vec<(Slip, bool, Vec<String>, String)> = letters
            .par_iter()
            .enumerate()
            .flat_map_iter(|(l, (name, text))| {
                let model = &models[l];
                let items: Vec<&Item> = model.letters.iter().flat_map(|lt| &lt.items).collect();
                let requests = &requests;
                items
                    .into_iter()
                    .enumerate()
                    .flat_map(move |(n, item)| {
                        mutations(item, l, n, requests)
                            .into_iter()
                            .map(move |m| (n, item, m))
                    })
                    .map(move |(n, item, m)| {
                        let mut t = text.clone();
                        t.replace_range(m.span.start..m.span.end, &m.with);
                        let delta = m.with.len() as isize - m.span.len() as isize;
                        let lines =
                            Span::new(item.span.start, item.span.end.saturating_add_signed(delta));
                        let mutated = imr_lsp::parser::parse(&t);
                        let mut caught = false;
                        let mut other = Vec::new();
                        for d in check(&mutated, &t, cat) {
                            if d.severity > Severity::Warning {
                                continue;
                            }
                            if d.code == m.slip.code()
                                && lines.start <= d.span.start
                                && d.span.end <= lines.end
                            {
                                caught = true;
                            } else {
                                other.push(format!(
                                    "{name} item {n} {:?}: {} {}",
                                    m.slip, d.code, d.message
                                ));
                            }
                        }
                        let note = format!("{name} item {n}: {}", m.note);
                        (m.slip, caught, other, note)
                    })
            })
            .collect();
        for (slip, caught, other, note) in results {
            let t = &mut tally[Slip::ALL.iter().position(|s| *s == slip).unwrap()];
            t.tried[x] += 1;
            t.caught[x] += caught as usize;
            if !other.is_empty() {
                t.false_alarms += 1;
                alarms.extend(other);
            }
            if !caught {
                misses.push(format!("{slip:?}: {note}"));
            }
        }
    }

    println!("\n| slip | expected rule | reading order | layout | recall | false alarms |");
    println!("|---|---|---:|---:|---:|---:|");
    for (slip, t) in Slip::ALL.iter().zip(&tally) {
        let (tried, caught) = (t.tried[0] + t.tried[1], t.caught[0] + t.caught[1]);
        println!(
            "| {} | `{}` | {}/{} | {}/{} | {:.1}% | {} |",
            slip.label(),
            slip.code(),
            t.caught[0],
            t.tried[0],
            t.caught[1],
            t.tried[1],
            100.0 * caught as f64 / tried.max(1) as f64,
            t.false_alarms
        );
    }
    for m in misses.iter().take(40) {
        eprintln!("missed: {m}");
    }
    for a in alarms.iter().take(40) {
        eprintln!("false alarm: {a}");
    }

    for (slip, t) in Slip::ALL.iter().zip(&tally) {
        let (tried, caught) = (t.tried[0] + t.tried[1], t.caught[0] + t.caught[1]);
        // Every item gets the structural slips; the request slips need other requests to fit.
        assert!(tried >= 2 * 200, "{slip:?}: only {tried} slips seeded");
        let recall = 100.0 * caught as f64 / tried as f64;
        assert!(
            recall >= slip.floor(),
            "{slip:?}: {recall:.1}% caught, floor {}%",
            slip.floor()
        );
    }
    assert!(alarms.is_empty(), "{} false alarms", alarms.len());
    // Every item of every letter was flipped, in both extractions.
    assert_eq!(tally[0].tried, [230, 230]);
}
