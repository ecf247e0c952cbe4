//! Citations in the editor: hover links, document links, inlay hints, completion, and the
//! organisation's catalog file.

mod common;
use common::*;
use serde_json::{json, Value};

const CHRONIC_PAIN_PDF: &str = "https://www.dir.ca.gov/dwc/DWCPropRegs/MTUS_Regulations/MTUS_ChronicPainMedicalTreatmentGuidelines.pdf";

fn hover_at(c: &mut Client, u: &str, text: &str, needle: &str, nth: usize, delta: u32) -> String {
    let at = text.match_indices(needle).nth(nth).expect("needle").0;
    let line = text[..at].matches('\n').count() as u32;
    let col = text[text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0)..at]
        .encode_utf16()
        .count() as u32;
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": u}, "position": {"line": line, "character": col + delta}}),
    );
    h["result"]["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn hover_on_pages_topics_and_licensed_guidelines() {
    let text = fixture("letters/000_b08de8a0b339546b.txt");
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("000.imr");
    c.open(&u, &text);
    // A page in "Page(s): 41-42": guideline, topic, deep link.
    let md = hover_at(&mut c, &u, &text, "41-42;", 1, 1);
    assert!(
        md.contains("Chronic Pain Medical Treatment Guidelines"),
        "{md}"
    );
    assert!(md.contains("Cyclobenzaprine"), "{md}");
    assert!(md.contains(&format!("{CHRONIC_PAIN_PDF}#page=41")), "{md}");
    assert!(md.contains("confirmed"), "{md}");
    // A topic name.
    let md = hover_at(&mut c, &u, &text, "Antispasmodics", 0, 2);
    assert!(
        md.contains("Antispasmodics") && md.contains("#page=64"),
        "{md}"
    );
    // ODG: subscription, no deep link.
    let md = hover_at(&mut c, &u, &text, "Official Disability Guidelines", 0, 3);
    assert!(
        md.contains("Official Disability Guidelines") && !md.contains("#page="),
        "{md}"
    );

    let text4 = fixture("letters/004_1c39840940bed716.txt");
    let u4 = uri("004.imr");
    c.open(&u4, &text4);
    let md = hover_at(&mut c, &u4, &text4, "Chapter 12 Low Back", 0, 2);
    assert!(
        md.contains("mdguidelines.com/MTUS") && md.contains("licen"),
        "ACOEM: landing page and licence note: {md}"
    );
}

#[test]
fn document_links_and_inlay_hints() {
    let text = fixture("letters/000_b08de8a0b339546b.txt");
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("000.imr");
    c.open(&u, &text);
    let links = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": u}}),
    );
    let targets: Vec<&str> = links["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert!(
        targets.contains(&format!("{CHRONIC_PAIN_PDF}#page=41").as_str()),
        "{targets:?}"
    );
    assert!(
        targets.contains(&format!("{CHRONIC_PAIN_PDF}#page=63").as_str()),
        "{targets:?}"
    );

    // A bare page citation gets its topic as a hint.
    let bare = text.replace(
        "Cyclobenzaprine (Flexeril) pages 41-42; Antispasmodics page 6 Page(s): 41-42; page 6.",
        "Page(s): 41-42.",
    );
    let u2 = uri("bare.imr");
    c.open(&u2, &bare);
    let hints = c.request("textDocument/inlayHint", json!({"textDocument": {"uri": u2}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}}}));
    let labels: Vec<&str> = hints["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("Cyclobenzaprine")),
        "{labels:?}"
    );
}

#[test]
fn completion_in_guideline_fields_only() {
    let text = fixture("drafts/broken-draft.imr");
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("d.imr");
    c.open(&u, &text);
    let (l, ch) = pos_of(&text, "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009,\nSection(s): Opioids");
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": l, "character": ch + 19}}),
    );
    let items = r["result"].as_array().expect("completion items");
    let flexeril = items
        .iter()
        .find(|i| i["label"] == "Cyclobenzaprine (Flexeril)")
        .expect("topic offered");
    assert_eq!(flexeril["insertText"], "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Cyclobenzaprine (Flexeril) Page(s): 41-42.");
    assert!(flexeril["detail"].as_str().unwrap().contains("41-42"));
    // Not in the clinical summary.
    let (l, ch) = pos_of(&text, "The patient is a 52-year-old");
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": u}, "position": {"line": l, "character": ch}}),
    );
    assert_eq!(r["result"], Value::Null);
}

#[test]
fn organisation_catalog_overrides_and_reloads() {
    let dir = std::env::temp_dir().join(format!("imr-lsp-cat-{}", std::process::id()));
    std::fs::create_dir_all(dir.join(".imr")).unwrap();
    let file = dir.join(".imr/guidelines.toml");
    std::fs::write(
        &file,
        "[[guideline]]\nid = \"odg-pain\"\nurl = \"https://odg.example.org/pain\"\n",
    )
    .unwrap();
    let root = format!("file://{}", dir.display());
    let text = fixture("letters/002_ca4af5e6e3409f09.txt");
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root, "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    let u = format!("{root}/letter.imr");
    c.open(&u, &text);
    let links = |c: &mut Client| -> Vec<String> {
        let r = c.request(
            "textDocument/documentLink",
            json!({"textDocument": {"uri": u}}),
        );
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["target"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(links(&mut c).contains(&"https://odg.example.org/pain".to_string()));

    // A broken file: clear message naming the line; the built-in catalog stays in force.
    std::fs::write(
        &file,
        "[[guideline]]\nid = \"odg-pain\"\nurl = \"ftp://odg.example.org\"\n",
    )
    .unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root}/.imr/guidelines.toml"), "type": 2}]}),
    );
    let msg = c.wait_for(|m| m["method"] == "window/showMessage");
    let text_msg = msg["params"]["message"].as_str().unwrap();
    assert!(
        text_msg.contains("guidelines.toml") && text_msg.contains("line 3"),
        "{text_msg}"
    );
    assert!(!links(&mut c).iter().any(|l| l.contains("odg.example.org")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn odg_citations_link_to_the_publisher_and_say_why() {
    let text = fixture("letters/002_ca4af5e6e3409f09.txt");
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("002.imr");
    c.open(&u, &text);
    let md = hover_at(&mut c, &u, &text, "Official Disability Guidelines", 0, 3);
    assert!(md.contains("](https://www.mcg.com/odg/)"), "{md}");
    assert!(md.contains("publisher landing page"), "{md}");
    assert!(
        md.contains("**Licensed** (subscription), published by MCG Health"),
        "{md}"
    );
    assert!(md.contains("chapter: Pain (Chronic)"), "{md}");
    assert!(md.contains("topic: Carisoprodol (Soma)"), "{md}");
    let links = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": u}}),
    );
    let odg: Vec<&Value> = links["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["target"] == "https://www.mcg.com/odg/")
        .collect();
    assert!(!odg.is_empty(), "{links}");
    assert!(odg[0]["tooltip"]
        .as_str()
        .unwrap()
        .contains("publisher landing page"));
}

#[test]
fn cited_web_addresses_are_links_joined_across_the_wrap() {
    let text = fixture("letters/002_ca4af5e6e3409f09.txt").replacen(
        "MAXIMUS guideline: ",
        "MAXIMUS guideline: Decision based on Non-MTUS Citation https://www.ncbi.nlm.nih.gov/pmc/articles/\nPMC4431231/ Decision based on Non-MTUS Citation http://www.aetna.com/cpb/medical/data/100_199/0181.html. ",
        1,
    );
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("web.imr");
    c.open(&u, &text);
    let links = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": u}}),
    );
    let all = links["result"].as_array().unwrap();
    let joined = all
        .iter()
        .find(|l| l["target"] == "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4431231/")
        .unwrap_or_else(|| panic!("joined address linked: {links}"));
    // The link covers both lines of the wrapped address.
    assert_ne!(
        joined["range"]["start"]["line"],
        joined["range"]["end"]["line"]
    );
    assert!(
        !all.iter()
            .any(|l| l["target"].as_str().unwrap().starts_with("http://")),
        "plain http is not linked: {links}"
    );
    let md = hover_at(&mut c, &u, &text, "http://www.aetna", 0, 3);
    assert!(
        md.contains("aetna") && md.contains("not linked: plain http"),
        "{md}"
    );
    let md = hover_at(&mut c, &u, &text, "PMC4431231", 0, 2);
    assert!(
        md.contains("(https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4431231/)"),
        "{md}"
    );
}

#[test]
fn rationale_mentions_get_hover_links_and_hints() {
    let text = fixture("letters/000_b08de8a0b339546b.txt").replacen(
        "Per the MTUS \n",
        "Per ODG Pain chapter, Opioids, it is limited. Per CA MTUS Chronic Pain guidelines, page 41, it is short. Per the MTUS \n",
        1,
    );
    let mut c = Client::spawn();
    c.initialize(&[]);
    let u = uri("mentions.imr");
    let orig = fixture("letters/000_b08de8a0b339546b.txt");
    let before = codes(&c.open(&uri("orig.imr"), &orig));
    // No new diagnostics from running text, but the one about it: the MAXIMUS field of this item
    // lists the MTUS only, and the rationale now relies on ODG too.
    let mut after = codes(&c.open(&u, &text));
    let uncited = after.iter().filter(|c| *c == "uncited-guideline").count();
    after.retain(|c| c != "uncited-guideline");
    assert_eq!((after, uncited), (before, 1));

    let md = hover_at(&mut c, &u, &text, "ODG Pain chapter", 0, 1);
    assert!(
        md.contains("Pain (Chronic)") && md.contains("topic: Opioids"),
        "{md}"
    );
    assert!(md.contains("publisher landing page"), "{md}");
    let md = hover_at(&mut c, &u, &text, "page 41, it", 0, 6);
    assert!(md.contains(&format!("{CHRONIC_PAIN_PDF}#page=41")), "{md}");
    assert!(md.contains("Cyclobenzaprine"), "{md}");

    let (line, _) = pos_of(&text, "Per CA MTUS Chronic Pain");
    let links = c.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": u}}),
    );
    assert!(
        links["result"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["range"]["start"]["line"] == line
                && l["target"] == format!("{CHRONIC_PAIN_PDF}#page=41")),
        "{links}"
    );
    let hints = c.request("textDocument/inlayHint", json!({"textDocument": {"uri": u}, "range": {"start": {"line": line, "character": 0}, "end": {"line": line + 1, "character": 0}}}));
    let labels: Vec<&str> = hints["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.iter().any(|l| l.contains("Cyclobenzaprine")),
        "{labels:?}"
    );
}
