//! What the catalog shows a reader: page labels, and where a citation opens (and what kind of
//! link that is).

use super::url::{self as safe_url, Origin};
use super::{Access, Catalog, Guideline, Topic};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Page ranges as letters write them: `41-42, 60`.
pub fn pages_label(pages: &[(u32, u32)]) -> String {
    pages
        .iter()
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a link opens, so a hover can say whether it lands on the cited page or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// The cited page of a public PDF (`…pdf#page=N`).
    DeepLink,
    /// The guideline's own page (a public page, or the licensed copy's landing page).
    GuidelinePage,
    /// The organisation's own copy, from its `url_template`.
    OrganisationTemplate,
    /// The publisher's landing page for a licensed guideline (a subscriber signs in there).
    PublisherPage,
    /// The web address the citation itself gives.
    CitedAddress,
}

impl LinkKind {
    /// How a hover names the kind of link.
    pub fn describe(self) -> &'static str {
        match self {
            LinkKind::DeepLink => "deep link to the cited page",
            LinkKind::GuidelinePage => "the guideline's page",
            LinkKind::OrganisationTemplate => "organisation template: your organisation's copy",
            LinkKind::PublisherPage => "publisher landing page",
            LinkKind::CitedAddress => "the address the citation gives",
        }
    }
}

/// Where a citation opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub url: String,
    pub kind: LinkKind,
}

/// Characters kept as they are in a placeholder's value (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

impl Catalog {
    /// `g`'s value of an inherited field, or its family's (chapters share the family's publisher
    /// and template).
    fn inherited<'a>(
        &'a self,
        g: &'a Guideline,
        field: impl Fn(&'a Guideline) -> Option<&'a String>,
    ) -> Option<&'a str> {
        let mut at = g;
        // A parent chain in a broken overlay could loop; families are one level deep in practice.
        for _ in 0..4 {
            if let Some(v) = field(at) {
                return Some(v);
            }
            at = self.guideline(at.parent.as_deref()?)?;
        }
        None
    }

    /// Who publishes `g` (`MCG Health`), its own or its family's.
    pub fn publisher<'a>(&'a self, g: &'a Guideline) -> Option<&'a str> {
        self.inherited(g, |x| x.publisher.as_ref())
    }

    /// The publisher's page for `g`, its own or its family's.
    pub fn publisher_url<'a>(&'a self, g: &'a Guideline) -> Option<&'a str> {
        self.inherited(g, |x| x.publisher_url.as_ref())
    }

    /// The organisation's URL template for `g`, its own or its family's.
    pub fn url_template<'a>(&'a self, g: &'a Guideline) -> Option<&'a str> {
        self.inherited(g, |x| x.url_template.as_ref())
    }

    /// The chapter `g` is, for a chapter of a family (ODG Pain, ACOEM Low Back).
    pub fn chapter_name<'a>(&self, g: &'a Guideline) -> Option<&'a str> {
        g.parent.as_ref()?;
        g.chapter
            .as_deref()
            .or_else(|| g.chapter_aliases.first().map(String::as_str))
    }

    /// A link to printed `page` of `g`: `url#page=N` (N = page + offset) for a public PDF, the
    /// landing URL for anything else, `None` without a URL. Out-of-range pages get the bare PDF.
    pub fn page_link(&self, g: &Guideline, page: u32) -> Option<String> {
        let url = g.url.as_deref()?;
        safe_url::check(url, Origin::Catalog).ok()?;
        let base = url.split('#').next().unwrap_or(url);
        let path = base.split('?').next().unwrap_or(base);
        let is_pdf = path.to_ascii_lowercase().ends_with(".pdf");
        if g.access != Access::Public || !is_pdf {
            return Some(url.to_string());
        }
        let physical = i64::from(page) + i64::from(g.page_offset);
        let max = g.page_count.map_or(i64::MAX, i64::from);
        if physical < 1 || physical > max {
            return Some(base.to_string());
        }
        Some(format!("{base}#page={physical}"))
    }

    /// Where a citation of `g` (naming `topic` and printed `page`, when it does) opens, best
    /// first: the organisation's template, the guideline's own URL (the cited page of a public
    /// PDF), then the publisher's page; each only when it passes [`safe_url::check`].
    pub fn link(&self, g: &Guideline, topic: Option<&Topic>, page: Option<u32>) -> Option<Link> {
        let link = self.unchecked_link(g, topic, page)?;
        safe_url::check(&link.url, Origin::Catalog).ok()?;
        Some(link)
    }

    /// The publisher's page for `g`, when it may be a link.
    pub fn publisher_link<'a>(&'a self, g: &'a Guideline) -> Option<&'a str> {
        self.publisher_url(g)
            .filter(|u| safe_url::check(u, Origin::Catalog).is_ok())
    }

    fn unchecked_link(
        &self,
        g: &Guideline,
        topic: Option<&Topic>,
        page: Option<u32>,
    ) -> Option<Link> {
        if let Some(url) = self
            .url_template(g)
            .and_then(|t| self.fill_template(t, g, topic, page))
        {
            return Some(Link {
                url,
                kind: LinkKind::OrganisationTemplate,
            });
        }
        if let Some(url) = &g.url {
            let url = match page {
                Some(p) => self.page_link(g, p).unwrap_or_else(|| url.clone()),
                None => url.clone(),
            };
            let kind = if url.contains("#page=") {
                LinkKind::DeepLink
            } else {
                LinkKind::GuidelinePage
            };
            return Some(Link { url, kind });
        }
        self.publisher_url(g).map(|u| Link {
            url: u.to_string(),
            kind: LinkKind::PublisherPage,
        })
    }

    /// `template` with its placeholders filled. A placeholder with nothing to fill it (a citation
    /// naming no topic) cuts the URL back to the `/` before it: the chapter's page instead of a
    /// topic's. `None` when that leaves no path at all.
    fn fill_template(
        &self,
        template: &str,
        g: &Guideline,
        topic: Option<&Topic>,
        page: Option<u32>,
    ) -> Option<String> {
        let chapter = self.chapter_name(g).unwrap_or(&g.short);
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}')?;
            let value = match &rest[open..=close] {
                "{chapter}" => Some(chapter.to_string()),
                "{topic}" => topic.map(|t| t.name.clone()),
                "{page}" => page.map(|p| p.to_string()),
                _ => None,
            };
            match value {
                Some(v) => out.extend(utf8_percent_encode(&v, SEGMENT)),
                None => {
                    let cut = out.rfind('/').map_or(0, |i| i + 1);
                    out.truncate(cut);
                    // "https://" alone, or a host cut in half, is no page.
                    let host_end = out["https://".len().min(out.len())..].find('/');
                    return host_end.map(|_| out);
                }
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Some(out)
    }

    /// Whether citations of `http:` addresses become links (the organisation's choice).
    pub fn allows_http_links(&self) -> bool {
        self.allow_http_links.unwrap_or(false)
    }

    /// The link for a web address a citation gives, or why it gets none.
    pub fn address_link(&self, address: &str) -> Result<Link, &'static str> {
        self.cited_address_link(address, address)
    }

    /// The link for the web address `written` in a letter (as written: a PDF may have wrapped it
    /// over two lines), in a citation whose whole text is `citation`, or why it gets none. The
    /// host must be on one line (a wrap that extends the host is not a wrap), and a citation
    /// holding an invisible or direction-changing character (U+202E RIGHT-TO-LEFT OVERRIDE,
    /// zero-width spaces) gets no link: such text does not read as what it is.
    pub fn cited_address_link(&self, written: &str, citation: &str) -> Result<Link, &'static str> {
        if citation.chars().any(safe_url::hidden_char) {
            return Err("not linked: the citation holds an invisible or direction-changing character, so the address may not read as what it is");
        }
        let scheme_end = written.find("://").map_or(0, |i| i + 3);
        let authority_end = written[scheme_end..]
            .find(['/', '?', '#'])
            .map_or(written.len(), |i| scheme_end + i);
        if written[..authority_end].contains(char::is_whitespace) {
            return Err("not linked: the host is broken over two lines");
        }
        // `https://evil.example\@odg-twc.com/` reads as odg-twc.com; the address stops at `\`.
        if citation
            .match_indices(written)
            .any(|(i, _)| citation[i + written.len()..].starts_with('\\'))
        {
            return Err("not linked: a backslash follows the address");
        }
        // Joined where a PDF wrapped it, as `model::joined_address` does.
        let address: String = written.split_whitespace().collect();
        let lower = address.to_ascii_lowercase();
        let url = if lower.starts_with("www.") {
            format!("https://{address}")
        } else {
            address
        };
        safe_url::check(
            &url,
            Origin::Letter {
                allow_http: self.allows_http_links(),
            },
        )?;
        Ok(Link {
            url,
            kind: LinkKind::CitedAddress,
        })
    }
}
