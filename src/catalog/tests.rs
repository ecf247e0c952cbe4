//! Unit tests for the catalog: embedded data, citation shapes from real letters, loading rules.

use super::*;

fn cat() -> &'static Catalog {
    Catalog::embedded()
}

/// Resolves `cited` and returns the guideline id and the matched text.
fn resolve(cited: &str) -> (String, String) {
    let m = cat()
        .match_guideline(cited)
        .unwrap_or_else(|| panic!("no guideline in {cited:?}"));
    (
        cat().guidelines[m.index].id.clone(),
        cited[m.span].to_string(),
    )
}

/// Topic names of guideline `id` found in `text`.
fn topics(id: &str, text: &str) -> Vec<String> {
    let g = cat().guideline(id).unwrap();
    cat()
        .match_topics(g, text)
        .into_iter()
        .map(|m| g.topics[m.topic].name.clone())
        .collect()
}

#[test]
fn embedded_catalog_parses_and_covers_the_required_guidelines() {
    let c = cat();
    for id in [
        "mtus-chronic-pain-2009",
        "mtus-chronic-pain-2016",
        "mtus-opioids-2016",
        "mtus-postsurgical-2009",
        "mtus-acupuncture-2007",
        "mtus-drug-formulary",
        "mtus-acoem-general-approaches-2004",
        "mtus-acoem-neck-upper-back-2004",
        "mtus-acoem-shoulder-2004",
        "mtus-acoem-elbow-2004",
        "mtus-acoem-forearm-wrist-hand-2004",
        "mtus-acoem-low-back-2004",
        "mtus-acoem-knee-2004",
        "mtus-acoem-ankle-foot-2004",
        "mtus-acoem-stress-2004",
        "mtus-acoem-eye-2004",
        "acoem-cervical-thoracic-spine",
        "acoem-low-back",
        "acoem-shoulder",
        "acoem-knee",
        "acoem-hip-groin",
        "acoem-elbow",
        "acoem-hand-wrist-forearm",
        "acoem-ankle-foot",
        "acoem-work-related-asthma",
        "acoem-interstitial-lung-disease",
        "acoem-eye",
        "acoem-chronic-pain-2017",
        "acoem-opioids-2017",
        "odg",
        "odg-pain",
        "odg-low-back",
        "odg-neck-upper-back",
        "odg-knee-leg",
        "odg-shoulder",
        "odg-forearm-wrist-hand",
        "odg-elbow",
        "odg-ankle-foot",
        "odg-hip-pelvis",
        "odg-head",
        "odg-mental-illness-stress",
        "odg-carpal-tunnel",
        "uptodate",
    ] {
        assert!(c.guideline(id).is_some(), "missing {id}");
    }
    for g in &c.guidelines {
        if let Some(p) = &g.parent {
            assert!(c.guideline(p).is_some(), "{}: unknown parent {p}", g.id);
        }
        assert!(
            !g.aliases.is_empty() || !g.chapter_aliases.is_empty(),
            "{} cannot be matched",
            g.id
        );
    }
    let cp = c.guideline("mtus-chronic-pain-2009").unwrap();
    assert_eq!(cp.page_count, Some(127));
    assert_eq!(cp.page_offset, 0);
    assert!(
        !cp.url_verified,
        "DOMAIN.md says the 2009 PDF URL is unverified"
    );
    assert_eq!(cp.access, Access::Public);
    assert_eq!(cp.rule.as_deref(), Some("8 CCR 9792.24.2"));
}

#[test]
fn chronic_pain_2009_pages_follow_domain_md() {
    let g = cat().guideline("mtus-chronic-pain-2009").unwrap();
    let topic = |name: &str| g.topics.iter().find(|t| t.name == name).unwrap();
    let cyclo = topic("Cyclobenzaprine (Flexeril)");
    assert_eq!(cyclo.pages, vec![(41, 42)]);
    assert_eq!(cyclo.confidence, Confidence::Confirmed);
    assert_eq!(
        topic("Muscle relaxants (for pain)").confidence,
        Confidence::Confirmed
    );
    assert_eq!(topic("Antispasmodics").pages, vec![(64, 66)]);
    assert_eq!(topic("Opioids").confidence, Confidence::SingleLetter);
    assert_eq!(topic("Topical analgesics").pages, vec![(111, 113)]);
    let nsaid_gi = topic("NSAIDs, GI symptoms & cardiovascular risk");
    assert_eq!(nsaid_gi.pages, vec![(68, 69)]);
    assert_eq!(nsaid_gi.confidence, Confidence::Unverified);
    assert!(nsaid_gi.source.contains("recalled"));
    // No topic may claim pages without saying where they came from.
    for g in &cat().guidelines {
        for t in &g.topics {
            if !t.pages.is_empty() {
                assert!(
                    t.source.contains("published letter") || t.source.contains("recalled"),
                    "{}: {}",
                    g.id,
                    t.name
                );
            } else {
                assert_eq!(t.confidence, Confidence::Unverified, "{}: {}", g.id, t.name);
            }
        }
    }
}

#[test]
fn domain_citation_shapes_resolve() {
    let text = "Decision based on MTUS Chronic Pain Treatment Guidelines Cyclobenzaprine (Flexeril) pages 41-42; Antispasmodics page 6 Page(s): 41-42; page 6.";
    assert_eq!(
        resolve(text),
        (
            "mtus-chronic-pain-2009".into(),
            "MTUS Chronic Pain Treatment Guidelines".into()
        )
    );
    assert_eq!(
        topics("mtus-chronic-pain-2009", text),
        ["Cyclobenzaprine (Flexeril)", "Antispasmodics"]
    );

    let text = "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Carisoprodol (Soma),\r\n\r\nMuscle relaxants (for pain).";
    assert_eq!(resolve(text).0, "mtus-chronic-pain-2009");
    assert_eq!(
        topics("mtus-chronic-pain-2009", text),
        ["Carisoprodol (Soma)", "Muscle relaxants (for pain)"]
    );

    let text = "Decision based on MTUS Knee Complaints 2004, Section(s): Surgical Considerations.";
    assert_eq!(resolve(text).0, "mtus-acoem-knee-2004");
    assert_eq!(
        topics("mtus-acoem-knee-2004", text),
        ["Surgical Considerations"]
    );

    let text = "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 288, 307.";
    assert_eq!(
        resolve(text),
        (
            "mtus-acoem-low-back-2004".into(),
            "MTUS ACOEM Chapter 12 Low Back Complaints".into()
        )
    );

    let text = "Decision based on MTUS Opioid 2016, Section(s): 3.3";
    assert_eq!(resolve(text).0, "mtus-opioids-2016");
    assert_eq!(
        topics("mtus-opioids-2016", text),
        ["3.3 Initiating and Monitoring Chronic Opioid Treatment"]
    );

    let text = "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain, Cyclobenzaprine (Flexeril®)";
    assert_eq!(
        resolve(text),
        (
            "odg-pain".into(),
            "Official Disability Guidelines (ODG) Pain".into()
        )
    );
    assert_eq!(topics("odg-pain", text), ["Cyclobenzaprine (Flexeril)"]);

    // PDF-extraction damage: split "Non- MTUS", mojibake, line breaks inside the name.
    let text = "Decision based on Non- MTUS Citation Official Disability\n\nGuidelines (ODG) Pain, Cyclobenzaprine (FlexerilÂ®)";
    assert_eq!(resolve(text).0, "odg-pain");
    assert_eq!(topics("odg-pain", text), ["Cyclobenzaprine (Flexeril)"]);

    let text = "Official Disability Guidelines, 2016, Web Version, Knee & Leg";
    assert_eq!(resolve(text), ("odg-knee-leg".into(), text.into()));
    assert_eq!(
        resolve("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee and Leg (Durable medical equipment (DME)).").0,
        "odg-knee-leg"
    );

    assert_eq!(
        resolve("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG).").0,
        "odg"
    );
    assert_eq!(
        resolve("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG)- Muscle Relaxants.").0,
        "odg"
    );

    let text = "UpToDate, Flexeril";
    assert_eq!(resolve(text), ("uptodate".into(), "UpToDate".into()));
    assert_eq!(topics("uptodate", text), ["Flexeril"]);

    let text =
        "MTUS ACOEM,Chronic Pain Treatment Guidelines Muscle Relaxants (for pain) Page(s): 63-66.";
    assert_eq!(resolve(text).0, "mtus-chronic-pain-2009");
    assert_eq!(
        topics("mtus-chronic-pain-2009", text),
        ["Muscle relaxants (for pain)"]
    );

    assert_eq!(
        resolve("Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Office visits.").0,
        "mtus-chronic-pain-2016"
    );
    assert_eq!(
        resolve("ACOEM Guidelines, Chapter 7, Independent Medical Examinations and Consultations, page 137.").0,
        "acoem-ime-2004"
    );
    assert_eq!(
        resolve(
            "Official Disability Guidelines (ODG), Low Back - Lumbar & Thoracic (Acute & Chronic)."
        )
        .0,
        "odg-low-back"
    );
    assert_eq!(
        resolve("Non-MTUS Citation ODG Mental Illness and Stress.").0,
        "odg-mental-illness-stress"
    );
}

#[test]
fn comma_topic_names_match_whole() {
    let text = "Section(s): NSAIDs, GI symptoms & cardiovascular risk, TENS, chronic pain (transcutaneous electrical nerve stimulation), NSAIDs (non-steroidal anti-inflammatory drugs).";
    assert_eq!(
        topics("mtus-chronic-pain-2016", text),
        [
            "NSAIDs, GI symptoms & cardiovascular risk",
            "TENS, chronic pain (transcutaneous electrical nerve stimulation)",
            "NSAIDs (non-steroidal anti-inflammatory drugs)",
        ]
    );
    assert_eq!(
        topics(
            "mtus-postsurgical-2009",
            "Section(s): Knee, Forearm, Wrist, & Hand."
        ),
        ["Knee", "Forearm, Wrist, & Hand"]
    );
    // Spans point at the original bytes even across line breaks.
    let text = "Section(s): NSAIDs, GI\n symptoms & cardiovascular risk.";
    let g = cat().guideline("mtus-chronic-pain-2016").unwrap();
    let m = cat().match_topics(g, text);
    assert_eq!(m.len(), 1);
    assert_eq!(
        &text[m[0].span.clone()],
        "NSAIDs, GI\n symptoms & cardiovascular risk"
    );
}

#[test]
fn section_numbers_respect_dots() {
    let text = "Section(s): 3.3.1.2 Opioids for Chronic Pain and Chronic Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: Screening for Alcohol Misuse/Abuse, 3.3.6 Opioids for Chronic Pain and Chronic Opioid Treatment: Use of Urine Drug Testing (UDT)";
    let got = topics("mtus-opioids-2016", text);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with("3.3.1.2"));
    assert!(got[1].starts_with("3.3.6"));
    assert!(topics("mtus-opioids-2016", "Section(s): 3.3.9")
        .iter()
        .all(|t| !t.starts_with("3.3 ")));
}

#[test]
fn several_guidelines_in_one_field() {
    let text = "Decision based on MTUS Shoulder Complaints 2004, Section(s): Initial Care, and Postsurgical Treatment 2009, Section(s): Elbow & Upper Arm.";
    let ids: Vec<_> = cat()
        .match_guidelines(text)
        .into_iter()
        .map(|m| cat().guidelines[m.index].id.as_str())
        .collect();
    assert_eq!(ids, ["mtus-acoem-shoulder-2004", "mtus-postsurgical-2009"]);
}

#[test]
fn page_links() {
    let c = cat();
    let cp = c.guideline("mtus-chronic-pain-2009").unwrap();
    assert_eq!(
        c.page_link(cp, 41).as_deref(),
        Some("https://www.dir.ca.gov/dwc/DWCPropRegs/MTUS_Regulations/MTUS_ChronicPainMedicalTreatmentGuidelines.pdf#page=41")
    );
    // Beyond the 127 pages: the bare PDF, not a dead anchor.
    assert!(!c.page_link(cp, 500).unwrap().contains('#'));

    let overlay =
        Catalog::from_toml("[[guideline]]\nid = \"mtus-chronic-pain-2009\"\npage_offset = 2\n")
            .unwrap();
    let m = c.merged(&overlay);
    let cp = m.guideline("mtus-chronic-pain-2009").unwrap();
    assert!(m.page_link(cp, 41).unwrap().ends_with("#page=43"));

    let acoem = c.guideline("mtus-acoem-low-back-2004").unwrap();
    assert_eq!(
        c.page_link(acoem, 288).as_deref(),
        Some("https://www.mdguidelines.com/MTUS")
    );
    assert_eq!(c.page_link(c.guideline("odg-pain").unwrap(), 1), None);
}

#[test]
fn pages_map_to_topics_narrowest_first() {
    let c = cat();
    let g = c.guideline("mtus-chronic-pain-2009").unwrap();
    let names: Vec<_> = c
        .topics_for_pages(g, 64, 64)
        .into_iter()
        .map(|i| g.topics[i].name.as_str())
        .collect();
    assert_eq!(names, ["Antispasmodics", "Muscle relaxants (for pain)"]);
    let lb = c.guideline("mtus-acoem-low-back-2004").unwrap();
    assert_eq!(c.topics_for_pages(lb, 307, 307).len(), 1);
    assert!(c.topics_for_pages(lb, 300, 301).is_empty());
}

#[test]
fn bad_toml_names_the_line() {
    let err = Catalog::from_toml("[[guideline]]\nid = \"x\"\naccess = \"free\"\n").unwrap_err();
    assert_eq!(err.line, Some(3), "{err}");
    assert!(err.to_string().starts_with("line 3: "), "{err}");

    let err = Catalog::from_toml("[[guideline]]\nid = \"x\"\ntitel = \"typo\"\n").unwrap_err();
    assert_eq!(err.line, Some(3), "{err}");
}

#[test]
fn only_https_and_file_urls() {
    let text = "[[guideline]]\nid = \"x\"\ntitle = \"X\"\nurl = \"http://example.org/x.pdf\"\n";
    let err = Catalog::from_toml(text).unwrap_err();
    assert_eq!(err.line, Some(4), "{err}");
    assert!(err.message.contains("https"), "{err}");
    let err = Catalog::from_toml("[[guideline]]\nid = \"x\"\nurl = \"javascript:alert(1)\"\n")
        .unwrap_err();
    assert_eq!(err.line, Some(3));
    assert!(
        Catalog::from_toml("[[guideline]]\nid = \"x\"\nurl = \"file:///srv/g/x.pdf\"\n").is_ok()
    );
}

#[test]
fn page_ranges_and_ids_are_validated() {
    let text =
        "[[guideline]]\nid = \"x\"\n\n[[guideline.topic]]\nname = \"T\"\npages = [[42, 41]]\n";
    let err = Catalog::from_toml(text).unwrap_err();
    assert_eq!(err.line, Some(6), "{err}");
    let text = "[[guideline]]\nid = \"x\"\n\n[[guideline]]\nid = \"x\"\n";
    let err = Catalog::from_toml(text).unwrap_err();
    assert_eq!(err.line, Some(5), "{err}");
    assert!(err.message.contains("duplicate"));
}

#[test]
fn merge_overrides_only_what_the_overlay_sets() {
    let overlay = Catalog::from_toml(
        r#"
[[guideline]]
id = "odg-pain"
url = "https://odg.example.org/pain"
aliases = ["ODG Chronic Pain chapter"]

[[guideline.topic]]
name = "Cyclobenzaprine (Flexeril)"
aliases = ["Amrix"]

[[guideline]]
id = "org-internal"
title = "Internal Pain Protocol"
aliases = ["Internal Pain Protocol"]
"#,
    )
    .unwrap();
    let base = cat();
    let m = base.merged(&overlay);
    let g = m.guideline("odg-pain").unwrap();
    let old = base.guideline("odg-pain").unwrap();
    assert_eq!(g.url.as_deref(), Some("https://odg.example.org/pain"));
    assert!(!g.url_verified);
    assert_eq!(g.title, old.title);
    assert_eq!(g.access, Access::Subscription);
    assert_eq!(g.topics.len(), old.topics.len());
    assert!(g.aliases.len() == old.aliases.len() + 1);
    assert_eq!(
        m.page_link(g, 3).as_deref(),
        Some("https://odg.example.org/pain")
    );
    assert_eq!(
        topics_in(&m, "odg-pain", "Pain, Amrix"),
        ["Cyclobenzaprine (Flexeril)"]
    );
    assert_eq!(m.guidelines.len(), base.guidelines.len() + 1);
    let hit = m.match_guideline("per the Internal Pain Protocol").unwrap();
    assert_eq!(m.guidelines[hit.index].id, "org-internal");
    // The embedded catalog is untouched.
    assert!(base.guideline("org-internal").is_none());
}

fn topics_in(c: &Catalog, id: &str, text: &str) -> Vec<String> {
    let g = c.guideline(id).unwrap();
    c.match_topics(g, text)
        .into_iter()
        .map(|m| g.topics[m.topic].name.clone())
        .collect()
}

#[test]
fn json_uses_the_same_schema_and_checks() {
    let c = Catalog::from_json(
        r#"{"guideline": [{"id": "uptodate", "url": "https://www.uptodate.com/contents/search",
             "topic": [{"name": "Sildenafil", "pages": [[1, 2]]}]}]}"#,
    )
    .unwrap();
    let m = cat().merged(&c);
    assert!(m.guideline("uptodate").unwrap().url.is_some());
    let err = Catalog::from_json("{\"guideline\": [\n{\"id\": \"x\",\n\"url\": \"ftp://x\"}]}")
        .unwrap_err();
    assert_eq!(err.line, Some(3), "{err}");
    let err = Catalog::from_json("{\"guideline\": [\n{\"id\": 3}]}").unwrap_err();
    assert_eq!(err.line, Some(2), "{err}");
}

#[test]
fn fold_maps_back_to_original_bytes() {
    let (text, starts, ends) = resolve::fold_for_test("FlexerilÂ® Non-\r\nMTUS  A&B");
    assert_eq!(text, "flexeril non-mtus a and b");
    assert_eq!(starts.len(), text.len());
    assert_eq!(ends.len(), text.len());
}

/// The overlay example in docs/catalog.md must stay loadable.
#[test]
fn documented_overlay_example_loads() {
    let doc = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/catalog.md");
    let Ok(doc) = std::fs::read_to_string(doc) else {
        return;
    };
    let start = doc.find("# our-guidelines.toml").expect("example present");
    let end = start + doc[start..].find("```").expect("example closed");
    let overlay = Catalog::from_toml(&doc[start..end]).unwrap();
    let m = cat().merged(&overlay);
    let cp = m.guideline("mtus-chronic-pain-2009").unwrap();
    assert_eq!(
        m.page_link(cp, 41).as_deref(),
        Some("file:///srv/guidelines/MTUS_ChronicPainMedicalTreatmentGuidelines.pdf#page=43")
    );
    assert!(m.guideline("org-opioid-protocol").is_some());
    // The family's template serves its chapters.
    let back = m.guideline("odg-low-back").unwrap();
    let l = m.link(back, None, None).unwrap();
    assert_eq!(l.kind, LinkKind::OrganisationTemplate);
    assert!(
        l.url.starts_with("https://odg.example-carrier.com/odg/"),
        "{}",
        l.url
    );
}

/// Measures resolution over the shared corpus (both extractions). Without `../shared/corpus` the
/// test says so and checks nothing, except under `CI=true`, where that is a broken set-up.
#[test]
fn corpus_citations_resolve() {
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    if !std::path::Path::new(base).is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI=true but ../shared/corpus is missing"
        );
        eprintln!("../shared/corpus not found: corpus_citations_resolve checked nothing");
        return;
    }
    let mut files = Vec::new();
    for dir in [base.to_string(), format!("{base}/layout")] {
        let rd = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
        files.extend(
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt")),
        );
    }
    assert!(!files.is_empty(), "{base} holds no letters");
    let c = cat();
    let (mut total, mut resolved, mut with_sections, mut sections_hit) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for f in &files {
        let Ok(raw) = std::fs::read(f) else { continue };
        let text = String::from_utf8_lossy(&raw);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for seg in decision_segments(&flat) {
            total += 1;
            let found = c.match_guidelines(seg);
            if found.is_empty() {
                misses.push(seg.to_string());
                continue;
            }
            resolved += 1;
            for (k, m) in found.iter().enumerate() {
                let end = found.get(k + 1).map_or(seg.len(), |n| n.span.start);
                let rest = &seg[m.span.end..end];
                if let Some(at) = rest.find("Section(s):") {
                    with_sections += 1;
                    let g = &c.guidelines[m.index];
                    if !c.match_topics(g, &rest[at..]).is_empty() {
                        sections_hit += 1;
                    } else {
                        misses.push(format!("[no topic in {}] {}", g.id, &rest[at..]));
                    }
                }
            }
        }
    }
    eprintln!(
        "catalog corpus check: {resolved}/{total} 'Decision based on' citations resolved ({:.1}%); \
         {sections_hit}/{with_sections} Section(s) lists with a known topic",
        100.0 * resolved as f64 / total.max(1) as f64
    );
    for m in &misses {
        eprintln!("  unresolved: {m}");
    }
    assert!(resolved * 100 >= total * 95, "resolution fell below 95%");
}

/// The text after each "Decision based on", up to the next citation or field label.
fn decision_segments(flat: &str) -> Vec<&str> {
    const STOPS: [&str; 5] = [
        "Decision based on",
        "Claims Administrator guideline:",
        "MAXIMUS guideline:",
        "Other Medical Treatment Guideline or Medical Evidence:",
        "Decision rationale:",
    ];
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = flat[from..].find("Decision based on") {
        let start = from + at + "Decision based on".len();
        let end = STOPS
            .iter()
            .filter_map(|s| flat[start..].find(s))
            .min()
            .map_or(flat.len(), |e| start + e);
        out.push(&flat[start..end]);
        from = start;
    }
    out
}

#[test]
fn licensed_guidelines_link_to_their_publisher() {
    let c = cat();
    let pain = c.guideline("odg-pain").unwrap();
    let l = c.link(pain, None, Some(41)).unwrap();
    assert_eq!(
        (l.url.as_str(), l.kind),
        ("https://www.mcg.com/odg/", LinkKind::PublisherPage)
    );
    assert_eq!(c.publisher(pain), Some("MCG Health"));
    assert_eq!(c.chapter_name(pain), Some("Pain (Chronic)"));
    // ACOEM chapters keep their MDGuidelines landing page and name ACOEM as publisher.
    let back = c.guideline("mtus-acoem-low-back-2004").unwrap();
    let l = c.link(back, None, Some(288)).unwrap();
    assert_eq!(
        (l.url.as_str(), l.kind),
        ("https://www.mdguidelines.com/MTUS", LinkKind::GuidelinePage)
    );
    assert_eq!(c.publisher_url(back), Some("https://acoem.org/"));
    // A public PDF gets the cited page.
    let cp = c.guideline("mtus-chronic-pain-2009").unwrap();
    assert_eq!(c.link(cp, None, Some(41)).unwrap().kind, LinkKind::DeepLink);
    assert_eq!(
        c.link(cp, None, None).unwrap().kind,
        LinkKind::GuidelinePage
    );
}

#[test]
fn url_templates_deep_link_into_the_organisations_copy() {
    let overlay = Catalog::from_toml(
        "[[guideline]]\nid = \"odg\"\nurl_template = \"https://odg.example.org/odg/{chapter}/{topic}\"\n",
    )
    .unwrap();
    let m = cat().merged(&overlay);
    let pain = m.guideline("odg-pain").unwrap();
    let topic = pain.topics.iter().find(|t| t.name.starts_with("Opioids"));
    let l = m.link(pain, topic, None).unwrap();
    assert_eq!(l.kind, LinkKind::OrganisationTemplate);
    assert!(
        l.url
            .starts_with("https://odg.example.org/odg/Pain%20%28Chronic%29/Opioids"),
        "{}",
        l.url
    );
    // No topic cited: the chapter's page.
    let l = m.link(pain, None, None).unwrap();
    assert_eq!(l.url, "https://odg.example.org/odg/Pain%20%28Chronic%29/");
    // The family's template is the chapters'; others keep their links.
    let cp = m.guideline("mtus-chronic-pain-2009").unwrap();
    assert_eq!(m.link(cp, None, Some(41)).unwrap().kind, LinkKind::DeepLink);
}

#[test]
fn url_templates_must_be_https_with_known_placeholders() {
    for (bad, why) in [
        ("http://odg.example.org/{chapter}", "https://"),
        (
            "https://odg.example.org/{section}",
            "unknown placeholder `{section}`",
        ),
        ("https://odg.example.org/{chapter", "never closed"),
    ] {
        let err = Catalog::from_toml(&format!(
            "[[guideline]]\nid = \"odg\"\nurl_template = \"{bad}\"\n"
        ))
        .unwrap_err();
        assert_eq!(err.line, Some(3), "{err}");
        assert!(err.message.contains(why), "{err}");
    }
    let err = Catalog::from_toml("[[guideline]]\nid = \"odg\"\npublisher_url = \"http://x.org\"\n")
        .unwrap_err();
    assert!(err.message.contains("publisher_url"), "{err}");
}

#[test]
fn cited_addresses_link_only_over_https_unless_allowed() {
    let c = cat();
    let l = c.address_link("https://www.ncbi.nlm.nih.gov/pmc/").unwrap();
    assert_eq!(l.kind, LinkKind::CitedAddress);
    assert!(c
        .address_link("http://www.aetna.com/cpb/0181.html")
        .is_err());
    let allow = Catalog::from_toml("allow_http_links = true\n").unwrap();
    let m = c.merged(&allow);
    assert!(m.allows_http_links());
    assert_eq!(
        m.address_link("http://www.aetna.com/cpb/0181.html")
            .unwrap()
            .url,
        "http://www.aetna.com/cpb/0181.html"
    );
    // A later overlay that says nothing keeps the setting.
    let m2 = m.merged(&Catalog::from_toml("").unwrap());
    assert!(m2.allows_http_links());
}
