//! File URIs and paths, for both path styles, as pure functions (the Windows forms are tested on
//! Linux too).
//!
//! What editors send on Windows: VS Code `file:///c%3A/Users/Ana/letter.txt` (drive letter in
//! lower case, its colon escaped), other clients `file:///C:/Users/...`, and for a network share
//! `file://server/share/letters/x.txt`. The paths the server reads and prints are `C:\Users\...`
//! and `\\server\share\...`. The URIs the server makes are spelled as VS Code spells them, so that
//! a file the server found on disk and the same file opened in the editor have one URI.
//!
//! `ls_types::Uri::to_file_path` turns `file://server/share/x` into `server:/share/x` on Windows,
//! and `from_file_path` writes an upper-case drive letter and keeps `\\?\` prefixes: the server
//! uses [`to_path`] and [`from_path`] instead.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types::Uri;

/// Which operating system's paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Posix,
    Windows,
}

impl Style {
    /// The style of the machine the program runs on.
    pub const HOST: Style = if cfg!(windows) {
        Style::Windows
    } else {
        Style::Posix
    };
}

/// Escaped in a URI's path: everything but the unreserved characters and `/` (as VS Code does).
const PATH_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A `C:` drive at the start of `s` (either case), followed by a separator or nothing.
fn drive(s: &str) -> Option<char> {
    let b = s.as_bytes();
    let is_drive = b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && (b.len() == 2 || b[2] == b'/' || b[2] == b'\\');
    is_drive.then(|| b[0] as char)
}

/// The path a `file:` URI names, in `style`; `None` for another scheme, a URI that names no
/// file, or one whose escapes do not decode to UTF-8.
pub fn uri_to_path(uri: &str, style: Style) -> Option<String> {
    let (scheme, rest) = uri.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    // The query and fragment are not part of the file's name.
    let rest = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
    let (host, path) = match rest.strip_prefix("//") {
        Some(r) => match r.find('/') {
            Some(i) => (&r[..i], &r[i..]),
            None => (r, ""),
        },
        None => ("", rest),
    };
    let host = if host.eq_ignore_ascii_case("localhost") {
        ""
    } else {
        host
    };
    let path = percent_decode_str(path).decode_utf8().ok()?;
    match style {
        Style::Posix => {
            if !host.is_empty() || path.is_empty() {
                return None;
            }
            Some(path.into_owned())
        }
        Style::Windows => {
            let path = path.replace('/', "\\");
            if !host.is_empty() {
                let host = percent_decode_str(host).decode_utf8().ok()?;
                let rest = path.trim_start_matches('\\');
                return (!rest.is_empty()).then(|| format!("\\\\{host}\\{rest}"));
            }
            let local = path.strip_prefix('\\').unwrap_or(&path);
            if let Some(d) = drive(local) {
                let tail = &local[2..];
                let tail = if tail.is_empty() { "\\" } else { tail };
                return Some(format!("{}:{tail}", d.to_ascii_uppercase()));
            }
            // `file:////server/share/x` (an old spelling of a share).
            if let Some(unc) = path.strip_prefix("\\\\\\") {
                return (!unc.is_empty()).then(|| format!("\\\\{unc}"));
            }
            (!path.is_empty()).then_some(path)
        }
    }
}

/// The `file:` URI of an absolute path in `style`, spelled as VS Code spells it; `None` for a
/// relative path.
pub fn path_to_uri(path: &str, style: Style) -> Option<String> {
    let enc = |s: &str| utf8_percent_encode(s, PATH_SET).to_string();
    match style {
        Style::Posix => path
            .starts_with('/')
            .then(|| format!("file://{}", enc(path))),
        Style::Windows => {
            let p = path.replace('/', "\\");
            // Verbatim paths (`\\?\C:\x`, `\\?\UNC\server\share\x`) as canonicalize returns.
            let p = if let Some(unc) = p.strip_prefix("\\\\?\\UNC\\") {
                format!("\\\\{unc}")
            } else if let Some(v) = p.strip_prefix("\\\\?\\") {
                v.to_string()
            } else {
                p
            };
            if let Some(unc) = p.strip_prefix("\\\\") {
                let (host, rest) = unc.split_once('\\').unwrap_or((unc, ""));
                if host.is_empty() {
                    return None;
                }
                let rest = rest.replace('\\', "/");
                return Some(format!("file://{}/{}", host.to_lowercase(), enc(&rest)));
            }
            if let Some(d) = drive(&p) {
                let rest = p[2..].replace('\\', "/");
                let rest = if rest.is_empty() {
                    "/".to_string()
                } else {
                    rest
                };
                return Some(format!(
                    "file:///{}%3A{}",
                    d.to_ascii_lowercase(),
                    enc(&rest)
                ));
            }
            // A path rooted on the current drive (`\Users\x`): no drive to name.
            p.starts_with('\\')
                .then(|| format!("file://{}", enc(&p.replace('\\', "/"))))
        }
    }
}

/// The file a URI names on this machine.
pub fn to_path(uri: &Uri) -> Option<PathBuf> {
    match uri_to_path(uri.as_str(), Style::HOST) {
        Some(p) => Some(PathBuf::from(p)),
        // A name that is not UTF-8 (possible on Linux): the path's bytes as they are.
        None if Style::HOST == Style::Posix => {
            uri.to_file_path().map(|p| p.into_owned()).filter(|_| {
                uri.scheme().as_str().eq_ignore_ascii_case("file")
                    && uri.authority().is_none_or(|a| a.host().is_empty())
            })
        }
        None => None,
    }
}

/// The URI of a file on this machine (a relative path is taken from the working directory).
pub fn from_path(path: &Path) -> Option<Uri> {
    let abs;
    let path = if path.is_absolute() {
        path
    } else {
        abs = std::path::absolute(path).ok()?;
        &abs
    };
    match path.to_str() {
        Some(s) => path_to_uri(s, Style::HOST)?.parse().ok(),
        None => Uri::from_file_path(path),
    }
}

/// One spelling of a file's URI, so that the client's and the server's escaping (and a drive
/// letter's case) compare equal. A URI that names no file is its own key.
pub fn key(uri: &Uri) -> Uri {
    to_path(uri)
        .and_then(|p| from_path(&p))
        .unwrap_or_else(|| uri.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Style::{Posix, Windows};

    fn win(uri: &str) -> Option<String> {
        uri_to_path(uri, Windows)
    }

    #[test]
    fn vscode_windows_uris_name_drive_paths() {
        assert_eq!(
            win("file:///c%3A/Users/Ana%20Ruiz/IMR/letter%201.txt").as_deref(),
            Some(r"C:\Users\Ana Ruiz\IMR\letter 1.txt")
        );
        assert_eq!(
            win("file:///C:/Users/ana/x.imr").as_deref(),
            Some(r"C:\Users\ana\x.imr")
        );
        assert_eq!(
            win("file:///d%3a/IMR").as_deref(),
            Some(r"D:\IMR"),
            "a lower-case escape"
        );
        assert_eq!(win("file:///c%3A").as_deref(), Some(r"C:\"));
        assert_eq!(
            win("file://localhost/c:/x.txt").as_deref(),
            Some(r"C:\x.txt")
        );
        assert_eq!(
            win("FILE:///c%3A/a/b.txt?x=1#frag").as_deref(),
            Some(r"C:\a\b.txt")
        );
        // Non-ASCII names: UTF-8 escapes.
        assert_eq!(
            win("file:///c%3A/Users/Jos%C3%A9/carta.txt").as_deref(),
            Some(r"C:\Users\José\carta.txt")
        );
    }

    #[test]
    fn unc_uris_name_network_shares() {
        assert_eq!(
            win("file://server/share/letters/CM16-0221706.txt").as_deref(),
            Some(r"\\server\share\letters\CM16-0221706.txt")
        );
        assert_eq!(
            win("file:////server/share/x.txt").as_deref(),
            Some(r"\\server\share\x.txt"),
            "the four-slash spelling"
        );
        assert_eq!(win("file://server").as_deref(), None);
        // On Linux a URI with a host names no local file.
        assert_eq!(uri_to_path("file://server/share/x.txt", Posix), None);
    }

    #[test]
    fn backslashes_in_a_uri_are_separators_on_windows() {
        assert_eq!(
            win(r"file:///C:\Users\ana\x.txt").as_deref(),
            Some(r"C:\Users\ana\x.txt")
        );
    }

    #[test]
    fn other_schemes_and_bad_escapes_name_no_file() {
        assert_eq!(win("untitled:Untitled-1"), None);
        assert_eq!(uri_to_path("https://example.com/x", Posix), None);
        assert_eq!(uri_to_path("file:///tmp/%FF.txt", Posix), None);
        assert_eq!(uri_to_path("file://", Posix), None);
    }

    #[test]
    fn posix_uris() {
        assert_eq!(
            uri_to_path("file:///work/QA%20batch/letter%201.txt", Posix).as_deref(),
            Some("/work/QA batch/letter 1.txt")
        );
        assert_eq!(
            path_to_uri("/work/QA batch/letter#1.txt", Posix).as_deref(),
            Some("file:///work/QA%20batch/letter%231.txt")
        );
        assert_eq!(path_to_uri("relative/x.txt", Posix), None);
    }

    #[test]
    fn windows_paths_become_vscode_uris() {
        assert_eq!(
            path_to_uri(r"C:\Users\Ana Ruiz\letter 1.txt", Windows).as_deref(),
            Some("file:///c%3A/Users/Ana%20Ruiz/letter%201.txt")
        );
        assert_eq!(
            path_to_uri("C:/Users/ana/x.txt", Windows).as_deref(),
            Some("file:///c%3A/Users/ana/x.txt"),
            "forward slashes"
        );
        assert_eq!(
            path_to_uri(r"\\?\C:\Users\ana\x.txt", Windows).as_deref(),
            Some("file:///c%3A/Users/ana/x.txt"),
            "a verbatim path from canonicalize"
        );
        assert_eq!(
            path_to_uri(r"\\Server\share\IMR\x.txt", Windows).as_deref(),
            Some("file://server/share/IMR/x.txt")
        );
        assert_eq!(
            path_to_uri(r"\\?\UNC\server\share\x.txt", Windows).as_deref(),
            Some("file://server/share/x.txt")
        );
        assert_eq!(
            path_to_uri(r"C:\", Windows).as_deref(),
            Some("file:///c%3A/")
        );
        assert_eq!(path_to_uri(r"letters\x.txt", Windows), None);
    }

    #[test]
    fn windows_round_trips() {
        for p in [
            r"C:\Users\Ana Ruiz\IMR\CM16-0221706.txt",
            r"\\server\share\letters\x 1.pdf",
            r"D:\José\100% done.imr",
        ] {
            let uri = path_to_uri(p, Windows).unwrap();
            assert_eq!(win(&uri).as_deref(), Some(p), "{uri}");
            // The URI is one the LSP types accept.
            assert!(uri.parse::<Uri>().is_ok(), "{uri}");
        }
    }

    #[test]
    fn keys_agree_whatever_the_escaping() {
        let a: Uri = "file:///work/QA%20batch/a.txt".parse().unwrap();
        let b: Uri = "file:///work/QA%20batch/%61.txt".parse().unwrap();
        assert_eq!(key(&a), key(&b));
        let other: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(key(&other), other);
    }

    #[test]
    fn host_paths_round_trip() {
        let dir = std::env::temp_dir().join("imr fileuri ü");
        let uri = from_path(&dir).unwrap();
        assert_eq!(to_path(&uri).as_deref(), Some(dir.as_path()));
    }
}
