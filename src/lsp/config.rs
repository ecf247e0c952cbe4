//! User settings as the server reads them (`initializationOptions` and the `imr` section of
//! `workspace/configuration`): rule severities, disabled rules, the catalog path.

use crate::rules::{RuleConfig, Severity};
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub rules: RuleConfig,
    pub catalog_path: Option<String>,
}

impl Settings {
    /// Reads `{rules: {disabled: [..], severity: {code: level}}, catalog: {path}}`; unknown or
    /// malformed entries are reported in `problems` and skipped.
    pub fn from_json(v: &Value, problems: &mut Vec<String>) -> Settings {
        let mut s = Settings::default();
        // Some clients send the whole settings object, others just the `imr` section.
        let v = v.get("imr").unwrap_or(v);
        if let Some(list) = v.pointer("/rules/disabled").and_then(Value::as_array) {
            for c in list {
                match c.as_str() {
                    Some(code) => s.rules.disabled.push(code.to_string()),
                    None => {
                        problems.push(format!("imr.rules.disabled: expected rule codes, got {c}"))
                    }
                }
            }
        }
        if let Some(map) = v.pointer("/rules/severity").and_then(Value::as_object) {
            for (code, level) in map {
                match level.as_str().and_then(|l| {
                    if l.eq_ignore_ascii_case("off") {
                        None
                    } else {
                        Severity::parse(l)
                    }
                }) {
                    Some(sev) => {
                        s.rules.severity.insert(code.clone(), sev);
                    }
                    None if level.as_str().is_some_and(|l| l.eq_ignore_ascii_case("off")) => {
                        s.rules.disabled.push(code.clone())
                    }
                    None => problems.push(format!(
                        "imr.rules.severity.{code}: expected error, warning, information, hint or off"
                    )),
                }
            }
        }
        s.catalog_path = v
            .pointer("/catalog/path")
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        s
    }
}

/// Whether the editor trusts the workspace folder: `trustedWorkspace` in `initializationOptions`
/// (VS Code sends `false` in Restricted Mode). Anything but an explicit `false` is trusted, so
/// Neovim, Emacs and other clients, which do not send it, read overlays as before.
pub fn trusted_workspace(init_options: &Value) -> bool {
    let v = init_options.get("imr").unwrap_or(init_options);
    v.get("trustedWorkspace").and_then(Value::as_bool) != Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_rules_and_catalog() {
        let mut problems = Vec::new();
        let s = Settings::from_json(
            &json!({"imr": {"rules": {"disabled": ["placeholder"], "severity": {"no-conclusion": "error", "item-mismatch": "off", "x": 3}}, "catalog": {"path": "/a.toml"}}}),
            &mut problems,
        );
        assert_eq!(s.rules.disabled, vec!["placeholder", "item-mismatch"]);
        assert_eq!(
            s.rules.severity.get("no-conclusion"),
            Some(&Severity::Error)
        );
        assert_eq!(s.catalog_path.as_deref(), Some("/a.toml"));
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn only_an_explicit_false_makes_the_workspace_untrusted() {
        assert!(trusted_workspace(&json!({})));
        assert!(trusted_workspace(&json!({"trustedWorkspace": true})));
        assert!(trusted_workspace(&json!({"trustedWorkspace": "no"})));
        assert!(!trusted_workspace(&json!({"trustedWorkspace": false})));
        assert!(!trusted_workspace(
            &json!({"imr": {"trustedWorkspace": false}})
        ));
    }
}
