//! Service categories and drug classes of disputed items, read from a data table.
//!
//! The phrases live in `categories.toml` (embedded, parsed once); an organisation can layer its own
//! TOML or JSON file on top with [`Classifier::merged`] (see `docs/classification.md`). Like the
//! catalog this module is a leaf: plain data plus word matching, no dependency on the parser.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

const EMBEDDED_TOML: &str = include_str!("categories.toml");

/// The id and name an unclassified item gets.
pub const OTHER_ID: &str = "other";
pub const OTHER_NAME: &str = "Other";
/// The category the drug classes belong to.
pub const PHARMACEUTICALS_ID: &str = "pharmaceuticals";

/// A service category or a drug class: an id, a display name and the phrases that select it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Class {
    pub id: String,
    pub name: String,
    /// Phrases looked for in the request text.
    pub request: Vec<String>,
    /// Phrases looked for in the names of the cited topics (used when the request says nothing).
    pub topics: Vec<String>,
    /// Context: a request phrase of this class found inside one of these phrases does not count
    /// (`pt` inside `pt ptt` is a lab test, `ems` inside `ems unit` is equipment).
    pub except: Vec<String>,
    /// Nouns a letter may use for a request of this class instead of naming it ("the requested
    /// laboratory study"); `item-mismatch` reads them.
    pub nouns: Vec<String>,
}

/// What an item was classified as. Indices point into [`Classifier::categories`] and
/// [`Classifier::drug_classes`]; `category: None` is "other".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Classification {
    pub category: Option<usize>,
    pub drug_class: Option<usize>,
    pub basis: Basis,
}

/// Which text decided the classification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Basis {
    /// A phrase in the request text.
    Request,
    /// A phrase in a cited topic's name.
    Topic,
    /// Nothing matched.
    #[default]
    None,
}

/// The table, with the phrases indexed for matching.
#[derive(Debug, Clone)]
pub struct Classifier {
    pub categories: Vec<Class>,
    pub drug_classes: Vec<Class>,
    request: Matcher,
    /// The classes' nouns, tried when no request phrase matched any request text.
    nouns: Matcher,
    topics: Matcher,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    #[allow(dead_code)] // accepted so files can declare the schema version
    version: Option<u32>,
    #[serde(default, alias = "categories")]
    category: Vec<RawClass>,
    #[serde(default, alias = "drug_classes")]
    drug_class: Vec<RawClass>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClass {
    id: String,
    name: Option<String>,
    #[serde(default)]
    request: Vec<String>,
    #[serde(default)]
    topics: Vec<String>,
    #[serde(default)]
    except: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
}

impl Classifier {
    /// The table compiled into the binary, parsed once on first use.
    pub fn embedded() -> &'static Classifier {
        static EMBEDDED: OnceLock<Classifier> = OnceLock::new();
        // A unit test parses the same text, so a broken table fails `cargo test`, not users.
        EMBEDDED.get_or_init(|| Classifier::from_toml(EMBEDDED_TOML).expect("categories.toml"))
    }

    /// Parses a table (or an organisation's overlay) in TOML.
    pub fn from_toml(text: &str) -> Result<Classifier, String> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            match line {
                Some(l) => format!("line {l}: {}", e.message().trim()),
                None => e.message().trim().to_string(),
            }
        })?;
        Classifier::from_raw(raw)
    }

    /// Parses a table (or overlay) in JSON, same schema as the TOML form.
    pub fn from_json(text: &str) -> Result<Classifier, String> {
        let raw: RawFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        Classifier::from_raw(raw)
    }

    /// Reads an organisation's file, JSON by its extension, TOML otherwise.
    pub fn from_file(path: &std::path::Path) -> Result<Classifier, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let parsed = if json {
            Classifier::from_json(&text)
        } else {
            Classifier::from_toml(&text)
        };
        parsed.map_err(|e| format!("{}: {e}", path.display()))
    }

    /// `self` with `overlay` applied: for a known id the overlay's name replaces ours and its
    /// phrases are added; a new id is appended (so it is tried after ours).
    pub fn merged(&self, overlay: &Classifier) -> Classifier {
        let merge = |ours: &[Class], theirs: &[Class]| {
            let mut out = ours.to_vec();
            for t in theirs {
                match out.iter_mut().find(|c| c.id == t.id) {
                    Some(c) => {
                        if t.name != t.id {
                            c.name = t.name.clone();
                        }
                        c.request.extend(t.request.iter().cloned());
                        c.topics.extend(t.topics.iter().cloned());
                        c.except.extend(t.except.iter().cloned());
                        c.nouns.extend(t.nouns.iter().cloned());
                    }
                    None => out.push(t.clone()),
                }
            }
            out
        };
        Classifier::build(
            merge(&self.categories, &overlay.categories),
            merge(&self.drug_classes, &overlay.drug_classes),
        )
    }

    fn from_raw(raw: RawFile) -> Result<Classifier, String> {
        let convert = |list: Vec<RawClass>, what: &str| -> Result<Vec<Class>, String> {
            let mut out: Vec<Class> = Vec::new();
            for r in list {
                if r.id.trim().is_empty() {
                    return Err(format!("a {what} has an empty id"));
                }
                if r.id == OTHER_ID {
                    return Err(format!(
                        "`{OTHER_ID}` is what matches nothing; it takes no phrases"
                    ));
                }
                if out.iter().any(|c| c.id == r.id) {
                    return Err(format!("duplicate {what} id `{}`", r.id));
                }
                for p in r.request.iter().chain(&r.topics).chain(&r.except) {
                    let pat = Pattern::parse(p);
                    if pat.words.iter().all(|w| *w == Word::Any) {
                        return Err(format!("{what} `{}`: phrase `{p}` has no words", r.id));
                    }
                }
                for p in r.request.iter().chain(&r.topics) {
                    if Pattern::parse(p).words.first() == Some(&Word::Any) {
                        return Err(format!(
                            "{what} `{}`: phrase `{p}` starts with any word; only `except` phrases may",
                            r.id
                        ));
                    }
                }
                for n in &r.nouns {
                    if fold_words(n).is_empty() {
                        return Err(format!("{what} `{}`: noun `{n}` has no words", r.id));
                    }
                }
                out.push(Class {
                    name: r.name.unwrap_or_else(|| r.id.clone()),
                    id: r.id,
                    request: r.request,
                    topics: r.topics,
                    except: r.except,
                    nouns: r.nouns,
                });
            }
            Ok(out)
        };
        Ok(Classifier::build(
            convert(raw.category, "category")?,
            convert(raw.drug_class, "drug class")?,
        ))
    }

    fn build(categories: Vec<Class>, drug_classes: Vec<Class>) -> Classifier {
        // One priority list: categories in order, the drug classes where pharmaceuticals stands.
        let mut rules: Vec<(Option<usize>, Option<usize>)> = Vec::new();
        let mut req = Vec::new();
        let mut top = Vec::new();
        let mut nouns = Vec::new();
        let mut except: Vec<Vec<Pattern>> = Vec::new();
        let excepts = |c: &Class| c.except.iter().map(|p| Pattern::parse(p)).collect();
        for (ci, c) in categories.iter().enumerate() {
            if c.id == PHARMACEUTICALS_ID {
                for (di, d) in drug_classes.iter().enumerate() {
                    let r = rules.len();
                    rules.push((Some(ci), Some(di)));
                    except.push(excepts(d));
                    req.extend(d.request.iter().map(|p| (r, p.as_str())));
                    nouns.extend(d.nouns.iter().map(|p| (r, p.as_str())));
                    top.extend(d.topics.iter().map(|p| (r, p.as_str())));
                }
            }
            let r = rules.len();
            rules.push((Some(ci), None));
            except.push(excepts(c));
            req.extend(c.request.iter().map(|p| (r, p.as_str())));
            nouns.extend(c.nouns.iter().map(|p| (r, p.as_str())));
            top.extend(c.topics.iter().map(|p| (r, p.as_str())));
        }
        let mut request = Matcher::new(&req, rules.clone());
        request.except = except;
        Classifier {
            request,
            nouns: Matcher::new(&nouns, rules.clone()),
            topics: Matcher::new(&top, rules),
            categories,
            drug_classes,
        }
    }

    /// Classifies an item from its request texts (most specific first: the eligible portion, the
    /// original request, the title) and the names of the topics it cites.
    pub fn classify(&self, requests: &[&str], topics: &[&str]) -> Classification {
        for text in requests {
            if let Some((category, drug_class)) = self.request.best(text) {
                return Classification {
                    category,
                    drug_class,
                    basis: Basis::Request,
                };
            }
        }
        // A request named only by a kind ("laboratory studies") is of the kind's class.
        for text in requests {
            if let Some((category, drug_class)) = self.nouns.best(text) {
                return Classification {
                    category,
                    drug_class,
                    basis: Basis::Request,
                };
            }
        }
        let best = topics.iter().filter_map(|t| self.topics.rank(t)).min();
        match best {
            Some(r) => Classification {
                category: self.topics.rules[r].0,
                drug_class: self.topics.rules[r].1,
                basis: Basis::Topic,
            },
            None => Classification::default(),
        }
    }

    /// The nouns that may stand for a request of this classification: its drug class's, then its
    /// category's (see `nouns` in docs/classification.md), each as lowercase words.
    pub fn nouns_of(&self, c: &Classification) -> Vec<Vec<String>> {
        let drug = c.drug_class.map(|i| &self.drug_classes[i]);
        let category = c.category.map(|i| &self.categories[i]);
        drug.into_iter()
            .chain(category)
            .flat_map(|class| class.nouns.iter().map(|n| fold_words(n)))
            .filter(|w| !w.is_empty())
            .collect()
    }

    /// The category's id (`other` when unclassified).
    pub fn category_id(&self, c: &Classification) -> &str {
        c.category
            .map_or(OTHER_ID, |i| self.categories[i].id.as_str())
    }

    pub fn category_name(&self, c: &Classification) -> &str {
        c.category
            .map_or(OTHER_NAME, |i| self.categories[i].name.as_str())
    }

    pub fn drug_class_id(&self, c: &Classification) -> Option<&str> {
        c.drug_class.map(|i| self.drug_classes[i].id.as_str())
    }

    pub fn drug_class_name(&self, c: &Classification) -> Option<&str> {
        c.drug_class.map(|i| self.drug_classes[i].name.as_str())
    }
}

/// One word of a phrase: whole, a prefix (`arthroscop*`), a suffix (`*ectomy`) or a part.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Word {
    Exact(String),
    Prefix(String),
    Suffix(String),
    /// `*inject*`: anywhere in the word.
    Contains(String),
    /// A lone `*`: any one word (in `except` phrases: "* unit").
    Any,
}

impl Word {
    fn matches(&self, w: &str) -> bool {
        match self {
            Word::Exact(x) => w == x,
            Word::Prefix(x) => w.starts_with(x.as_str()),
            Word::Suffix(x) => w.ends_with(x.as_str()) && w.len() > x.len(),
            Word::Contains(x) => w.contains(x.as_str()),
            Word::Any => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    words: Vec<Word>,
}

impl Pattern {
    fn parse(p: &str) -> Pattern {
        // Fold like the text, keeping `*` as a word character so wildcards survive.
        let words = p
            .split(|c: char| !(c.is_alphanumeric() || c == '*'))
            .flat_map(|w| {
                if w == "*" {
                    return vec![Word::Any];
                }
                let lead = w.starts_with('*');
                let trail = w.ends_with('*') && w.len() > 1;
                let parts = fold_words(w);
                let n = parts.len();
                parts
                    .into_iter()
                    .enumerate()
                    .map(move |(i, x)| {
                        if n == 1 && lead && trail {
                            Word::Contains(x)
                        } else if i == 0 && lead {
                            Word::Suffix(x)
                        } else if i + 1 == n && trail {
                            Word::Prefix(x)
                        } else {
                            Word::Exact(x)
                        }
                    })
                    .collect()
            })
            .collect();
        Pattern { words }
    }

    fn matches_at(&self, words: &[String], at: usize) -> bool {
        self.words.len() <= words.len() - at
            && self
                .words
                .iter()
                .zip(&words[at..])
                .all(|(p, w)| p.matches(w))
    }
}

/// Phrases indexed by their first word, so matching an item costs a few hash look-ups per word.
#[derive(Debug, Clone, Default)]
struct Matcher {
    by_first: HashMap<String, Vec<(usize, Pattern)>>,
    /// Phrases whose first word is a prefix or suffix: few, tried at every word.
    wild: Vec<(usize, Pattern)>,
    /// Rule index → (category, drug class).
    rules: Vec<(Option<usize>, Option<usize>)>,
    /// Rule index → its `except` phrases (empty for topic matching).
    except: Vec<Vec<Pattern>>,
}

impl Matcher {
    fn new(phrases: &[(usize, &str)], rules: Vec<(Option<usize>, Option<usize>)>) -> Matcher {
        let mut m = Matcher {
            rules,
            ..Matcher::default()
        };
        for &(rule, p) in phrases {
            let pat = Pattern::parse(p);
            match pat.words.first() {
                Some(Word::Exact(w)) => m.by_first.entry(w.clone()).or_default().push((rule, pat)),
                Some(_) => m.wild.push((rule, pat)),
                None => {}
            }
        }
        m
    }

    /// The highest-priority rule with a phrase in `text`.
    fn rank(&self, text: &str) -> Option<usize> {
        let words = fold_words(text);
        let mut best: Option<usize> = None;
        for at in 0..words.len() {
            let exact = self.by_first.get(&words[at]).into_iter().flatten();
            for (rule, pat) in exact.chain(&self.wild) {
                if best.is_some_and(|b| b <= *rule) {
                    continue;
                }
                if pat.matches_at(&words, at) && !self.excepted(*rule, &words, at, pat.words.len())
                {
                    best = Some(*rule);
                }
            }
        }
        best
    }

    /// Whether the hit `words[at..at + len]` of `rule` lies inside one of the rule's `except`
    /// phrases.
    fn excepted(&self, rule: usize, words: &[String], at: usize, len: usize) -> bool {
        let Some(list) = self.except.get(rule) else {
            return false;
        };
        list.iter().any(|e| {
            let n = e.words.len();
            // Every start from which the except phrase would cover the whole hit.
            n >= len && ((at + len).saturating_sub(n)..=at).any(|s| e.matches_at(words, s))
        })
    }

    fn best(&self, text: &str) -> Option<(Option<usize>, Option<usize>)> {
        self.rank(text).map(|r| self.rules[r])
    }
}

/// Lowercase words: anything but letters and digits separates them (`EMG/NCV` → `emg ncv`), and
/// so does a change between letters and digits (`325mg` → `325 mg`, so `emg` is never "mg").
fn fold_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut digits = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let d = c.is_numeric();
        if !cur.is_empty() && d != digits {
            out.push(std::mem::take(&mut cur));
        }
        digits = d;
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(request: &str) -> (String, Option<String>) {
        let c = Classifier::embedded();
        let r = c.classify(&[request], &[]);
        (
            c.category_id(&r).to_string(),
            c.drug_class_id(&r).map(str::to_string),
        )
    }

    fn is(request: &str, category: &str, drug: Option<&str>) {
        assert_eq!(
            class(request),
            (category.to_string(), drug.map(str::to_string)),
            "{request}"
        );
    }

    #[test]
    fn embedded_table_parses_with_the_categories_the_reports_use() {
        let c = Classifier::embedded();
        for id in [
            "pharmaceuticals",
            "physical-therapy",
            "chiropractic",
            "acupuncture",
            "injections",
            "imaging",
            "diagnostics",
            "surgery",
            "dme",
            "evaluation-management",
            "psych",
            "home-health",
            "programs",
        ] {
            assert!(c.categories.iter().any(|x| x.id == id), "{id}");
        }
        for id in [
            "opioids",
            "nsaids",
            "muscle-relaxants",
            "anticonvulsants",
            "antidepressants",
            "topical-analgesics",
            "ppis",
            "sleep-aids",
            "benzodiazepines",
        ] {
            assert!(c.drug_classes.iter().any(|x| x.id == id), "{id}");
        }
    }

    #[test]
    fn drugs_by_brand_and_generic_name() {
        is("Norco 5/325mg #30", "pharmaceuticals", Some("opioids"));
        is(
            "Ultram (tramadol) 50mg #90",
            "pharmaceuticals",
            Some("opioids"),
        );
        is(
            "Flexeril 10mg #60",
            "pharmaceuticals",
            Some("muscle-relaxants"),
        );
        is("Lorzone 750mg", "pharmaceuticals", Some("muscle-relaxants"));
        is("Prilosec 20mg #90", "pharmaceuticals", Some("ppis"));
        is("Motrin 600mg #40", "pharmaceuticals", Some("nsaids"));
        is(
            "Fanatrex (unknown quantity)",
            "pharmaceuticals",
            Some("anticonvulsants"),
        );
        is("Ambien 10mg", "pharmaceuticals", Some("sleep-aids"));
        is("Xanax 0.5mg", "pharmaceuticals", Some("benzodiazepines"));
        is("Cymbalta 60mg", "pharmaceuticals", Some("antidepressants"));
        is("Some new drug 20mg #30", "pharmaceuticals", None);
    }

    #[test]
    fn dosage_form_and_order_decide_between_classes() {
        // A cream of a muscle relaxant is a topical analgesic; a fentanyl patch is an opioid.
        is(
            "Cyclobenzaprine 5% in cream base 240g",
            "pharmaceuticals",
            Some("topical-analgesics"),
        );
        is("Duragesic patch 25mcg", "pharmaceuticals", Some("opioids"));
        is(
            "Voltaren gel 1%",
            "pharmaceuticals",
            Some("topical-analgesics"),
        );
        is("Voltaren 75mg #60", "pharmaceuticals", Some("nsaids"));
        is(
            "Diclofenac sodium 3% 300mg/g #1",
            "pharmaceuticals",
            Some("topical-analgesics"),
        );
        // An injection of a drug is an injection.
        is(
            "Retrospective injection 5cc of lidocaine hcl 1percent and 1cc of dexamethasone",
            "injections",
            None,
        );
    }

    #[test]
    fn services_by_their_words() {
        is("EMG/NCV of the lower extremities", "diagnostics", None);
        is("X-rays of the left shoulder", "diagnostics", None);
        is("MRI of the lumbar spine", "imaging", None);
        is("CT scan of head", "imaging", None);
        is("Right L5-S1 epidural steroid injection", "injections", None);
        is(
            "Spine surgery evaluation for the lumbar",
            "evaluation-management",
            None,
        );
        is(
            "Right knee arthroscopy, medial meniscectomy",
            "surgery",
            None,
        );
        is("PT/OT 18 sessions left hand", "physical-therapy", None);
        is(
            "Myofascial release to the low back",
            "physical-therapy",
            None,
        );
        is("Twelve physical therapy visits", "physical-therapy", None);
        is(
            "Chiropractic spinal manipulation times 6",
            "chiropractic",
            None,
        );
        is("Electro acupuncture to the low back", "acupuncture", None);
        is(
            "Associated surgical service: Cold therapy for one week",
            "dme",
            None,
        );
        is("TENS unit", "dme", None);
        is("Home aide 6 hours per day", "home-health", None);
        is("Functional restoration program 80 hours", "programs", None);
        is("Psychological evaluation", "psych", None);
        is("Something nobody asked for", "other", None);
    }

    #[test]
    fn the_services_analysts_count_apart_from_the_words_they_share() {
        // Pre-operative labs: "PT" beside "PTT" or "INR" is a coagulation test.
        is("Pre-op labs: CBC, BMP, PT/PTT, UA", "diagnostics", None);
        is("PT/INR", "diagnostics", None);
        is("CBC", "diagnostics", None);
        is("Urine drug test", "diagnostics", None);
        is("Urine drug screen x 4 per year", "diagnostics", None);
        // Home nursing.
        is("RN visits 2 times a week", "home-health", None);
        is("Wound care nurse evaluation", "home-health", None);
        is("Home health nurse visits", "home-health", None);
        // Equipment, even when a modality names it.
        is("Shoulder sling", "dme", None);
        is("Cold pads", "dme", None);
        is("Lumbar wrap", "dme", None);
        is("Hot/cold unit purchase", "dme", None);
        is("TENS/EMS unit", "dme", None);
        is("EMS unit 30 day rental", "dme", None);
        is("Ice/Heat pads therapy times 6", "dme", None);
        // ...while the modality given in sessions stays therapy.
        is(
            "Electrical muscle stimulation 2 times a week",
            "physical-therapy",
            None,
        );
        is("Physical therapy 12 units", "physical-therapy", None);
        // Ordered from a chiropractor.
        is("Chiropractic physiotherapy 2x4", "chiropractic", None);
        // Drugs by what they are.
        is(
            "Compound Cyclobenzaprine 5%",
            "pharmaceuticals",
            Some("topical-analgesics"),
        );
        is(
            "Compounded flurbiprofen/lidocaine",
            "pharmaceuticals",
            Some("topical-analgesics"),
        );
        for brand in [
            "Norco 10/325",
            "Percocet 5/325mg",
            "Vicodin ES",
            "Ultracet 37.5/325",
            "Tylenol #3",
            "Lorcet 10/325",
            "Tylenol with codeine #3",
        ] {
            is(brand, "pharmaceuticals", Some("opioids"));
        }
        is("Ativan 1mg #30", "pharmaceuticals", Some("benzodiazepines"));
        is(
            "Halcion 0.25mg #30",
            "pharmaceuticals",
            Some("benzodiazepines"),
        );
        // A specialist's evaluation is a visit; an assistant surgeon is surgery.
        is("Neurosurgeon evaluation", "evaluation-management", None);
        is("Orthopedic consult", "evaluation-management", None);
        is(
            "Neurologist evaluation for headaches",
            "evaluation-management",
            None,
        );
        is("Assistant surgeon", "surgery", None);
        // A request named only by its kind.
        is("Laboratory studies", "diagnostics", None);
    }

    #[test]
    fn other_names_for_the_same_services() {
        is("Urine toxicology screen", "diagnostics", None);
        is("Comprehensive metabolic panel", "diagnostics", None);
        is(
            "Pre-operative labs: CBC, CMP, PT/INR, UA",
            "diagnostics",
            None,
        );
        is("Hot and cold therapy unit", "dme", None);
        is("Cold therapy unit 14 day rental", "dme", None);
        is("Lumbar sacral orthosis", "dme", None);
        is("Home health RN evaluation", "home-health", None);
        is("LVN visits for wound care", "home-health", None);
        is(
            "Orthopedic surgeon consultation",
            "evaluation-management",
            None,
        );
        is("Neurology consult", "evaluation-management", None);
        is("Rheumatologist evaluation", "evaluation-management", None);
        is(
            "Compound cream: flurbiprofen 20%/baclofen 5%",
            "pharmaceuticals",
            Some("topical-analgesics"),
        );
        is(
            "Hydrocodone/APAP 10/325 #90",
            "pharmaceuticals",
            Some("opioids"),
        );
        is(
            "Klonopin 1mg #60",
            "pharmaceuticals",
            Some("benzodiazepines"),
        );
        is("Oxazepam 15mg", "pharmaceuticals", Some("benzodiazepines"));
        is(
            "Restoril 30mg #30",
            "pharmaceuticals",
            Some("benzodiazepines"),
        );
        is(
            "Ativan 1mg #30 psychotropic medication",
            "pharmaceuticals",
            Some("benzodiazepines"),
        );
        is("Post-op shoulder sling", "dme", None);
        is("Interferential unit rental", "dme", None);
    }

    #[test]
    fn an_except_phrase_vetoes_only_hits_inside_it() {
        let c = Classifier::from_toml(
            r#"
            [[category]]
            id = "therapy"
            request = ["pt"]
            except = ["pt ptt", "* unit"]
            [[category]]
            id = "labs"
            request = ["ptt"]
            [[category]]
            id = "dme"
            request = ["unit"]
            "#,
        )
        .unwrap();
        let id = |t: &str| c.category_id(&c.classify(&[t], &[])).to_string();
        assert_eq!(id("PT/PTT"), "labs");
        assert_eq!(id("PT unit"), "dme");
        assert_eq!(id("PT 6 sessions"), "therapy");
        assert_eq!(
            id("PT 6 sessions and PT/PTT"),
            "therapy",
            "one hit outside is enough"
        );
        let e = Classifier::from_toml("[[category]]\nid = \"x\"\nrequest = [\"* unit\"]\n")
            .unwrap_err();
        assert!(e.contains("any word"), "{e}");
        let e =
            Classifier::from_toml("[[category]]\nid = \"x\"\nexcept = [\"* *\"]\n").unwrap_err();
        assert!(e.contains("no words"), "{e}");
    }

    #[test]
    fn topics_decide_when_the_request_says_nothing() {
        let c = Classifier::embedded();
        let r = c.classify(&["Hygiene wipes"], &["Durable medical equipment (DME)"]);
        assert_eq!(c.category_id(&r), "dme");
        assert_eq!(r.basis, Basis::Request, "\"wipes\" is in the table");
        let r = c.classify(&["Deprizine 5ml"], &["Compound drugs"]);
        assert_eq!(c.drug_class_id(&r), Some("h2-blockers"));
        let r = c.classify(&["Tabs unknown"], &[]);
        assert_eq!(c.category_id(&r), "pharmaceuticals");
        let r = c.classify(&["Zzz request"], &["Compound drugs"]);
        assert_eq!(
            (c.category_id(&r), c.drug_class_id(&r), r.basis),
            ("pharmaceuticals", Some("topical-analgesics"), Basis::Topic),
            "a compound is a topical analgesic"
        );
    }

    #[test]
    fn the_first_request_text_that_matches_wins() {
        let c = Classifier::embedded();
        let r = c.classify(
            &[
                "two sessions",
                "Acupuncture 18 sessions was the original request",
            ],
            &[],
        );
        assert_eq!(c.category_id(&r), "acupuncture");
    }

    #[test]
    fn wildcards_match_word_prefixes_and_suffixes_only() {
        let p = Pattern::parse("arthroscop*");
        assert!(p.matches_at(&fold_words("knee arthroscopy"), 1));
        let p = Pattern::parse("*ectomy");
        assert!(p.matches_at(&fold_words("meniscectomy"), 0));
        assert!(
            !p.matches_at(&fold_words("ectomy"), 0),
            "a bare suffix is no word"
        );
        let p = Pattern::parse("x ray*");
        assert!(p.matches_at(&fold_words("X-rays"), 0));
        assert!(!p.matches_at(&fold_words("X"), 0));
        let p = Pattern::parse("*inject*");
        assert!(p.matches_at(&fold_words("reinjections"), 0));
        assert!(!Pattern::parse("mg").matches_at(&fold_words("EMG"), 0));
        assert!(Pattern::parse("mg").matches_at(&fold_words("325mg"), 1));
    }

    #[test]
    fn an_overlay_adds_phrases_and_categories() {
        let overlay = Classifier::from_toml(
            r#"
            [[category]]
            id = "dme"
            request = ["zimmer frame"]
            [[category]]
            id = "transport"
            name = "Transportation"
            request = ["transportation", "taxi"]
            [[drug_class]]
            id = "opioids"
            request = ["newcodone"]
            "#,
        )
        .unwrap();
        let c = Classifier::embedded().merged(&overlay);
        let id = |t: &str| {
            let r = c.classify(&[t], &[]);
            (
                c.category_id(&r).to_string(),
                c.drug_class_id(&r).map(str::to_string),
            )
        };
        assert_eq!(id("Zimmer frame").0, "dme");
        assert_eq!(id("Transportation to appointments").0, "transport");
        assert_eq!(id("Newcodone 5mg").1.as_deref(), Some("opioids"));
        assert_eq!(
            c.categories.iter().find(|x| x.id == "dme").unwrap().name,
            "DME",
            "a name the overlay leaves out is kept"
        );
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        let e = Classifier::from_toml("[[category]]\nid = \"x\"\nrequest = [\"*\"]\n").unwrap_err();
        assert!(e.contains("no words"), "{e}");
        let e = Classifier::from_toml("[[category]]\nid = \"other\"\n").unwrap_err();
        assert!(e.contains("other"), "{e}");
        let e = Classifier::from_toml("[[category]]\nidd = \"x\"\n").unwrap_err();
        assert!(e.starts_with("line "), "{e}");
        let e = Classifier::from_json("{\"category\": [{\"id\": \"a\"}, {\"id\": \"a\"}]}")
            .unwrap_err();
        assert!(e.contains("duplicate"), "{e}");
    }
}
