//! Files derived from the Rust tables: the README's rules table, the VS Code settings enums, and
//! the editors' copies of the letter vocabulary (headings, labels, decision words). Each test
//! fails when a copy has drifted; `UPDATE_GENERATED=1 cargo test --test generated` rewrites them.

use imr_lsp::parser::spelling::{
    CASE_NUMBER_LABEL, FIELD_LABELS, LETTER_TITLES, OVERTURNED, SECTION_HEADINGS, UPHELD,
};
use imr_lsp::rules::RULES;
use std::path::PathBuf;

fn path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Compares `want` with the file; rewrites it under `UPDATE_GENERATED=1`.
fn check_file(rel: &str, want: &str) {
    let p = path(rel);
    let have = std::fs::read_to_string(&p).unwrap_or_default();
    if have == want {
        return;
    }
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&p, want).unwrap();
        return;
    }
    panic!("{rel} is out of date with the Rust tables: run `UPDATE_GENERATED=1 cargo test --test generated` and commit the result");
}

/// `text` with what lies between the line holding `begin` and the line holding `end` replaced.
fn splice_region(text: &str, begin: &str, end: &str, body: &str) -> String {
    let b = text
        .find(begin)
        .unwrap_or_else(|| panic!("no `{begin}` marker"));
    let body_start = b + text[b..].find('\n').unwrap() + 1;
    let e = body_start
        + text[body_start..]
            .find(end)
            .unwrap_or_else(|| panic!("no `{end}` marker"));
    let end_line = text[..e].rfind('\n').map_or(0, |i| i + 1);
    format!("{}{}{}", &text[..body_start], body, &text[end_line..])
}

/// `text` with the JSON string value of `"key": "…"` on the line that also holds `anchor` replaced.
fn splice_json_string(text: &str, key: &str, anchor: &str, value: &str) -> String {
    let needle = format!("\"{key}\": ");
    let mut out = String::with_capacity(text.len());
    let mut done = false;
    for line in text.split_inclusive('\n') {
        match line.find(&needle) {
            Some(at) if !done && line.contains(anchor) => {
                let indent = &line[..at];
                let comma = if line.trim_end().ends_with(',') {
                    ","
                } else {
                    ""
                };
                out.push_str(&format!(
                    "{indent}{needle}{}{comma}\n",
                    serde_json::to_string(value).unwrap()
                ));
                done = true;
            }
            _ => out.push_str(line),
        }
    }
    assert!(done, "no `{key}` line holding `{anchor}`");
    out
}

/// The JSON array after `"enum": [` that follows `after`, replaced by `items`.
fn splice_json_enum(text: &str, after: &str, items: &[&str]) -> String {
    let a = text.find(after).unwrap_or_else(|| panic!("no `{after}`"));
    let open = a + text[a..].find("\"enum\": [").unwrap() + "\"enum\": [".len();
    let close = open + text[open..].find(']').unwrap();
    let indent_line = &text[..close];
    let indent = &indent_line[indent_line.rfind('\n').unwrap() + 1..];
    let inner = format!("{indent}  ");
    let body: Vec<String> = items.iter().map(|s| format!("{inner}\"{s}\"")).collect();
    format!(
        "{}\n{}\n{}{}",
        &text[..open],
        body.join(",\n"),
        indent,
        &text[close..]
    )
}

/// A phrase as a regular expression (JavaScript and Oniguruma): specials escaped, any run of
/// spaces matches any whitespace, as the parser reads wrapped and double-spaced text.
fn regex_phrase(s: &str) -> String {
    s.split(' ')
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join("\\s+")
}

fn headings() -> Vec<&'static str> {
    SECTION_HEADINGS.iter().map(|(h, _)| *h).collect()
}

fn heading_alternatives() -> String {
    headings()
        .into_iter()
        .chain(LETTER_TITLES.iter().copied())
        .map(regex_phrase)
        .collect::<Vec<_>>()
        .join("|")
}

fn json_list(items: &[&str]) -> String {
    serde_json::to_string(items).unwrap()
}

fn field_labels() -> Vec<&'static str> {
    FIELD_LABELS.iter().map(|(l, _)| *l).collect()
}

#[test]
fn readme_rules_table() {
    let readme = std::fs::read_to_string(path("README.md")).unwrap();
    let want = splice_region(
        &readme,
        "<!-- rules:begin",
        "<!-- rules:end",
        &imr_lsp::cli::rules::markdown_table(),
    );
    check_file("README.md", &want);
}

#[test]
fn vscode_settings_enums() {
    let codes: Vec<&str> = RULES.iter().map(|r| r.info.code).collect();
    let pkg = std::fs::read_to_string(path("editors/vscode/package.json")).unwrap();
    let pkg = splice_json_enum(&pkg, "\"imr.rules.disabled\"", &codes);
    let pkg = splice_json_enum(&pkg, "\"imr.rules.severity\"", &codes);
    // firstLine: JavaScript, so no inline case flag; headings as the current format spells them.
    let first = format!(
        "^\\s*({}|{}\\s*CM\\d\\d-\\d{{7}})\\b",
        headings()
            .into_iter()
            .map(regex_phrase)
            .collect::<Vec<_>>()
            .join("|"),
        regex::escape(&format!("{CASE_NUMBER_LABEL}:"))
    );
    let pkg = splice_json_string(&pkg, "firstLine", "CM", &first);
    check_file("editors/vscode/package.json", &pkg);
}

#[test]
fn vscode_rule_codes_module() {
    let codes: Vec<String> = RULES
        .iter()
        .map(|r| format!("  '{}',\n", r.info.code))
        .collect();
    let ts = format!(
        "// Generated from the rule registry (src/rules/mod.rs) by tests/generated.rs: do not edit.\n\
         // `UPDATE_GENERATED=1 cargo test --test generated` rewrites it.\n\n\
         /** Every rule code the server reports, in the registry's order. */\n\
         export const RULE_CODES = [\n{}] as const;\n",
        codes.concat()
    );
    check_file("editors/vscode/src/core/rules.ts", &ts);
}

#[test]
fn vscode_grammar_headings() {
    let g = std::fs::read_to_string(path("editors/vscode/syntaxes/imr.tmLanguage.json")).unwrap();
    let heading = format!("(?i)^\\s*({})\\s*$", heading_alternatives());
    let g = splice_json_string(&g, "match", "DETERMINATION", &heading);
    check_file("editors/vscode/syntaxes/imr.tmLanguage.json", &g);
}

#[test]
fn vscode_vocabulary_module() {
    let ts = format!(
        "// Generated from src/parser/spelling.rs by tests/generated.rs: do not edit.\n\
         // `UPDATE_GENERATED=1 cargo test --test generated` rewrites it.\n\n\
         /** Section headings, each alone on its line (compared ignoring case and spacing). */\n\
         export const SECTION_HEADINGS: readonly string[] = {};\n\n\
         /** Lines that open a letter without being one of its sections (older formats' titles). */\n\
         export const LETTER_TITLES: readonly string[] = {};\n\n\
         /** Item field labels, colon included. */\n\
         export const FIELD_LABELS: readonly string[] = {};\n\n\
         /** The two decisions. */\n\
         export const DECISIONS: readonly string[] = {};\n\n\
         /** The header label that opens a letter's header block. */\n\
         export const CASE_NUMBER_LABEL = {};\n",
        json_list(&headings()),
        json_list(LETTER_TITLES),
        json_list(&field_labels()),
        json_list(&[UPHELD, OVERTURNED]),
        serde_json::to_string(&format!("{CASE_NUMBER_LABEL}:")).unwrap(),
    );
    check_file("editors/vscode/src/core/vocabulary.ts", &ts);
}

fn lua_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("  {s:?},\n")).collect();
    format!("{{\n{}}}", quoted.concat())
}

#[test]
fn neovim_vocabulary_module() {
    let lua = format!(
        "-- Generated from src/parser/spelling.rs by tests/generated.rs: do not edit.\n\
         -- `UPDATE_GENERATED=1 cargo test --test generated` rewrites it.\n\
         return {{\n\
         section_headings = {},\n\
         letter_titles = {},\n\
         field_labels = {},\n\
         decisions = {},\n\
         case_number_label = {:?},\n\
         }}\n",
        lua_list(&headings()),
        lua_list(LETTER_TITLES),
        lua_list(&field_labels()),
        lua_list(&[UPHELD, OVERTURNED]),
        format!("{CASE_NUMBER_LABEL}:"),
    );
    check_file("editors/nvim/lua/imr/vocabulary.lua", &lua);
}

fn elisp_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("'({})", quoted.join("\n    "))
}

#[test]
fn emacs_vocabulary_region() {
    let el = std::fs::read_to_string(path("editors/emacs/imr-lsp.el")).unwrap();
    let body = format!(
        "(defconst imr-section-headings\n  {}\n  \"Section headings, each alone on its line (compared ignoring case).\")\n\n\
         (defconst imr-letter-titles\n  {}\n  \"Lines that open a letter without being one of its sections.\")\n\n\
         (defconst imr-field-labels\n  {}\n  \"Item field labels, colon included.\")\n\n\
         (defconst imr-decisions\n  {}\n  \"The two decisions.\")\n\n\
         (defconst imr-case-number-label {:?}\n  \"The header label that opens a letter's header block.\")\n",
        elisp_list(&headings()),
        elisp_list(LETTER_TITLES),
        elisp_list(&field_labels()),
        elisp_list(&[UPHELD, OVERTURNED]),
        format!("{CASE_NUMBER_LABEL}:"),
    );
    let want = splice_region(&el, ";; BEGIN GENERATED", ";; END GENERATED", &body);
    check_file("editors/emacs/imr-lsp.el", &want);
}
