//! The one check every link the tools hand out passes (document links, hovers, the catalog's
//! own URLs): a scheme the organisation allows, and a host that is what it reads as.
//!
//! Letters arrive from outside, so an address written in one is held to more than an address an
//! organisation configured: only `https:` (or `http:` where `allow_http_links` says so), a host
//! name with a dot and an alphabetic top-level label (no IP address, no intranet name). From
//! either source, the authority (what sits between `//` and the path) may hold nothing but the
//! host and a port: no `user@` (`https://odg-twc.com@evil.example/` opens evil.example), no
//! `%`-escapes or backslashes (which browsers decode or turn into `/`), and the whole URL is
//! printable ASCII, so no invisible or direction-changing character can sit in it.

/// Where a URL comes from, which decides what it may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in a letter: https (http when allowed), a public host name.
    Letter { allow_http: bool },
    /// An organisation's catalog (or ours): https, or a local `file:///` copy.
    Catalog,
}

/// Why a URL is not handed out as a link.
pub type Refusal = &'static str;

/// `Ok` when `url` may become a link; otherwise why not, in words for a hover or an error.
pub fn check(url: &str, origin: Origin) -> Result<(), Refusal> {
    if let Some(c) = url.chars().find(|c| !c.is_ascii() || c.is_ascii_control()) {
        return Err(if hidden_char(c) {
            "not linked: it holds an invisible or direction-changing character"
        } else {
            "not linked: it holds a character a web address cannot have"
        });
    }
    if url.contains([' ', '\\', '"', '<', '>', '`', '{', '}', '|', '^']) {
        return Err("not linked: it holds a character a web address cannot have");
    }
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        match origin {
            Origin::Letter { allow_http: true } => r,
            Origin::Letter { allow_http: false } => return Err(
                "not linked: plain http (your organisation can allow it with `allow_http_links = true`)",
            ),
            Origin::Catalog => return Err("only https: and file: URLs are accepted"),
        }
    } else if let Some(path) = lower.strip_prefix("file://") {
        if origin != Origin::Catalog {
            return Err("not linked: not a web address");
        }
        // `file://server/share` would make Windows open a connection to that server.
        return if path.starts_with('/') && !path.starts_with("//") {
            Ok(())
        } else {
            Err("a file: URL must be a local path, file:///…")
        };
    } else {
        return Err(match origin {
            Origin::Letter { .. } => "not linked: not a web address",
            Origin::Catalog => "only https: and file: URLs are accepted",
        });
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("not linked: the address names a user before its host (`…@host`), so it opens another site than it shows");
    }
    if authority.contains('%') {
        return Err("not linked: the host is percent-encoded");
    }
    let (host, port) = match authority.split_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (authority, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return Err("not linked: the port is not a number");
    }
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if host.is_empty() || !labels.iter().all(label_ok) {
        return Err("not linked: the host is not a host name");
    }
    if let Origin::Letter { .. } = origin {
        let top = labels[labels.len() - 1];
        let named = top.bytes().all(|b| b.is_ascii_alphabetic()) || top.starts_with("xn--");
        if labels.len() < 2 || !named {
            return Err("not linked: the host is an IP address or a local name, not a public site");
        }
    }
    // The path, query and fragment: RFC 3986 characters, `%` only as an escape.
    let tail = &rest[authority.len()..];
    let bytes = tail.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err("not linked: a `%` that escapes nothing");
        }
        if b == b'[' || b == b']' {
            return Err("not linked: it holds a character a web address cannot have");
        }
    }
    Ok(())
}

/// Characters that change how the text around them reads without showing themselves: bidi
/// controls (U+202E RIGHT-TO-LEFT OVERRIDE and kin) and zero-width ones.
pub fn hidden_char(c: char) -> bool {
    matches!(c,
        '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: Origin = Origin::Letter { allow_http: false };
    const LETTER_HTTP: Origin = Origin::Letter { allow_http: true };

    #[test]
    fn public_https_addresses_pass() {
        for u in [
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4431231/",
            "https://www.odg-twc.com/odgtwc/pain.htm#Opioids",
            "https://example.org:8443/a?b=c&d=%2F",
            "https://xn--80ak6aa92e.xn--p1ai/",
            "HTTPS://WWW.EXAMPLE.ORG/",
        ] {
            assert_eq!(check(u, LETTER), Ok(()), "{u}");
        }
        assert_eq!(
            check("http://www.aetna.com/cpb/0181.html", LETTER_HTTP),
            Ok(())
        );
    }

    #[test]
    fn other_schemes_and_smuggled_hosts_are_refused() {
        for u in [
            "javascript:alert(1)",
            "command:workbench.action.terminal.new",
            "file:///etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            "vscode://file/etc/passwd",
            "http://www.aetna.com/",
            "https://odg-twc.com@evil.example/",
            "https://odg-twc.com%40evil.example/",
            "https://odg-twc.com%2F%2F@evil.example/",
            "https://evil.example%2F%2Fodg-twc.com/",
            "https://evil.example\\@odg-twc.com/",
            "https://evil.example\\.odg-twc.com/",
            "https://odg-twc.com\u{202E}moc.elpmaxe/",
            "https://odg\u{200B}-twc.com/",
            "https://\u{43E}dg-twc.com/",
            "https://127.0.0.1/",
            "https://2130706433/",
            "https://0x7f.1/",
            "https://localhost/",
            "https://intranet:8080/",
            "https://[::1]/",
            "https://example.org:/",
            "https://example.org:80a/",
            "https://-evil.example/",
            "https://evil..example/",
            "https:///evil.example",
            "https://",
            "https://example.org/a b",
            "https://example.org/%zz",
            "https://example.org/\r\nSet-Cookie:x",
        ] {
            assert!(check(u, LETTER).is_err(), "{u:?} passed");
            assert!(
                check(u, LETTER_HTTP).is_err() || u.starts_with("http://"),
                "{u:?}"
            );
        }
    }

    #[test]
    fn an_organisations_catalog_may_name_local_copies_and_intranet_hosts() {
        for u in [
            "file:///srv/guidelines/MTUS.pdf",
            "https://intranet/odg/",
            "https://10.0.0.5/odg/",
        ] {
            assert_eq!(check(u, Origin::Catalog), Ok(()), "{u}");
        }
        for u in [
            "http://odg.example.org/",
            "file://evil.example/share/x.pdf",
            "file:////evil.example/share",
            "javascript:alert(1)",
            "https://user@odg.example.org/",
            "https://odg.example.org%2Fevil/",
        ] {
            assert!(check(u, Origin::Catalog).is_err(), "{u:?} passed");
        }
    }

    #[test]
    fn hidden_characters_are_named() {
        assert!(check("https://a.example/\u{202E}x", LETTER)
            .unwrap_err()
            .contains("invisible or direction-changing"));
        for c in ['\u{202E}', '\u{2066}', '\u{200B}', '\u{FEFF}', '\u{061C}'] {
            assert!(hidden_char(c), "{c:?}");
        }
        assert!(!hidden_char('é'));
    }
}
