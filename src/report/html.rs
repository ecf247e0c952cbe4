//! The report as one self-contained HTML page: inline CSS, inline SVG charts, a few lines of
//! inline script for sorting and filtering, and a Content-Security-Policy that forbids loading
//! anything, so the page opens from disk with no network.

use super::{charts, Report};
use std::fmt::Write as _;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A `file:` URL for a path as given on the command line (made absolute, bytes percent-encoded).
pub fn file_url(path: &str) -> String {
    let p = std::path::Path::new(path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let mut out = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A link to a file, opening a PDF at `page` (`#page=N`, which browsers' PDF viewers follow).
pub fn link(path: &str, page: Option<usize>) -> String {
    match page {
        Some(p) => format!("{}#page={p}", file_url(path)),
        None => file_url(path),
    }
}

const STYLE: &str = r#"
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px auto; max-width: 1100px; color: #222; padding: 0 16px; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; } td, th { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.totals td { font-size: 16px; } .note { color: #666; }
.charts svg { display: block; margin: 12px 0; max-width: 100%; height: auto; }
details { margin: 6px 0; } summary { cursor: pointer; }
.sev-error { color: #b00020; } .sev-warning { color: #a05a00; }
#letters th { cursor: pointer; user-select: none; } #letters th[aria-sort]::after { content: " ↕"; color: #999; }
#filter { padding: 4px 8px; width: 320px; } .controls { margin: 8px 0; }
"#;

/// Sorting by a header click (numbers as numbers) and filtering by text and "with problems".
const SCRIPT: &str = r#"
(function () {
  var table = document.getElementById('letters');
  var body = table.tBodies[0];
  var filter = document.getElementById('filter');
  var onlyProblems = document.getElementById('only-problems');
  var shown = document.getElementById('shown');
  function apply() {
    var q = filter.value.toLowerCase(), n = 0;
    for (var r of body.rows) {
      var ok = r.textContent.toLowerCase().indexOf(q) >= 0 &&
        (!onlyProblems.checked || Number(r.dataset.problems) > 0);
      r.hidden = !ok; if (ok) n++;
    }
    shown.textContent = n;
  }
  filter.addEventListener('input', apply);
  onlyProblems.addEventListener('change', apply);
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (o) { o.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var num = th.classList.contains('n');
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[i].dataset.v || a.cells[i].textContent, y = b.cells[i].dataset.v || b.cells[i].textContent;
        var c = num ? Number(x) - Number(y) : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  apply();
})();
"#;

fn pct(r: Option<f64>) -> String {
    r.map_or("–".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// Writes the whole page to `out`. The letters table is written a block of rows at a time, so
/// the page is never held in memory whole (it grows by about 300 bytes a letter).
pub fn write(r: &Report, title: &str, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let mut h = String::with_capacity(256 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        escape(title)
    );
    let _ = writeln!(h, "<h1>{}</h1>", escape(title));
    let _ = writeln!(
        h,
        "<p class=\"note\" id=\"provenance\">Generated {} by imr-lsp {} (report schema {}) · {} files read, {} unreadable<br>Inputs: {}</p>",
        escape(&r.generated_at.replace('T', " ").replace('Z', " UTC")),
        escape(&r.imr_lsp_version),
        r.schema_version,
        r.files,
        r.unreadable,
        inputs(&r.inputs)
    );
    totals(&mut h, r);
    let _ = writeln!(h, "<section class=\"charts\" id=\"charts\"><h2>Charts</h2>");
    h.push_str(&charts::uphold_rates(
        &r.by_category,
        "Uphold rate by service category",
    ));
    h.push_str(&charts::uphold_rates(
        &r.by_drug_class,
        "Uphold rate by drug class",
    ));
    h.push_str(&charts::months(&r.by_month));
    if r.letters_without_decision_date > 0 {
        let _ = writeln!(
            h,
            "<p class=\"note\">{} letters have no readable decision date and are not in the monthly chart.</p>",
            r.letters_without_decision_date
        );
    }
    h.push_str(&charts::days(&r.days_to_decision));
    let d = &r.days_to_decision;
    let _ = writeln!(
        h,
        "<p class=\"note\">{} letters state both dates: median {} days, mean {}, range {}–{}.</p>",
        d.letters,
        d.median.map_or("–".into(), |v| format!("{v}")),
        d.mean.map_or("–".into(), |v| format!("{v:.1}")),
        d.min.map_or("–".into(), |v| v.to_string()),
        d.max.map_or("–".into(), |v| v.to_string()),
    );
    h.push_str(&charts::cited(&r.guidelines, 12, "Most cited guidelines"));
    h.push_str(&charts::cited(&r.topics, 15, "Most cited topics"));
    h.push_str("</section>\n");
    tallies(&mut h, r);
    problems(&mut h, r);
    letters(&mut h, r, out)?;
    let _ = write!(h, "<script>{SCRIPT}</script>\n</body></html>\n");
    out.write_all(h.as_bytes())
}

/// The inputs as given: a few inline, a long list (a shell glob) folded after the first three.
fn inputs(paths: &[String]) -> String {
    let code = |p: &String| format!("<code>{}</code>", escape(p));
    match paths.len() {
        0 => "–".to_string(),
        1..=4 => paths.iter().map(code).collect::<Vec<_>>().join(", "),
        n => format!(
            "{}, <details style=\"display:inline\"><summary>and {} more</summary>{}</details>",
            paths[..3].iter().map(code).collect::<Vec<_>>().join(", "),
            n - 3,
            paths[3..].iter().map(code).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn totals(h: &mut String, r: &Report) {
    let _ = writeln!(
        h,
        "<section id=\"totals\"><h2>Totals</h2><table class=\"totals\">\
         <tr><td>Letters</td><td class=\"n\">{}</td></tr>\
         <tr><td>Items (disputed services)</td><td class=\"n\">{}</td></tr>\
         <tr><td>Upheld</td><td class=\"n\">{}</td></tr>\
         <tr><td>Overturned</td><td class=\"n\">{}</td></tr>\
         <tr><td>Uphold rate</td><td class=\"n\">{}</td></tr>\
         <tr><td>Findings</td><td class=\"n\">{}</td></tr></table>",
        r.letters,
        r.items,
        r.upheld,
        r.overturned,
        pct(r.uphold_rate),
        escape(&r.findings.shown())
    );
    if !r.unreadable_files.is_empty() {
        h.push_str("<p>Unreadable files:</p><ul class=\"unreadable\">");
        for f in &r.unreadable_files {
            let _ = write!(
                h,
                "<li><code>{}</code>: {}</li>",
                escape(&f.path),
                escape(&f.reason)
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

fn tallies(h: &mut String, r: &Report) {
    for (title, rows) in [
        ("By service category", &r.by_category),
        ("By drug class", &r.by_drug_class),
    ] {
        let _ = writeln!(
            h,
            "<h2>{title}</h2><table><thead><tr><th>{}</th><th class=\"n\">items</th><th class=\"n\">upheld</th><th class=\"n\">overturned</th><th class=\"n\">uphold rate</th></tr></thead><tbody>",
            if title.ends_with("category") { "category" } else { "drug class" }
        );
        for t in rows {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&t.name),
                t.items,
                t.upheld,
                t.overturned,
                pct(t.uphold_rate)
            );
        }
        h.push_str("</tbody></table>\n");
    }
}

fn problems(h: &mut String, r: &Report) {
    h.push_str("<section id=\"problems\"><h2>Problems by rule</h2>\n");
    if r.problems.is_empty() {
        h.push_str("<p>No problems found.</p>\n");
    }
    for p in &r.problems {
        let _ = writeln!(
            h,
            "<details><summary><span class=\"sev-{}\">{}</span> <code>{}</code>: {}</summary><ul>",
            escape(&p.severity),
            escape(&p.severity),
            escape(&p.code),
            p.count
        );
        for f in &p.findings {
            let _ = writeln!(
                h,
                "<li><a href=\"{}\">{}:{}</a> {}</li>",
                escape(&link(&f.path, f.page)),
                escape(&f.path),
                f.shown(),
                escape(&f.message)
            );
        }
        if p.omitted > 0 {
            let _ = writeln!(
                h,
                "<li class=\"note\">… and {} more (run <code>imr-lsp check</code> for all)</li>",
                p.omitted
            );
        }
        h.push_str("</ul></details>\n");
    }
    h.push_str("</section>\n");
}

/// Rows per write of the letters table.
const ROWS_PER_WRITE: usize = 1024;

fn letters(h: &mut String, r: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let _ = writeln!(
        h,
        "<section><h2>Letters</h2><div class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"filter: case number, file, date…\" aria-label=\"filter letters\"> \
         <label><input id=\"only-problems\" type=\"checkbox\"> only letters with findings</label> · <span id=\"shown\">{}</span> of {} shown · click a column to sort</div>\
         <table id=\"letters\"><thead><tr><th aria-sort=\"none\">case number</th><th aria-sort=\"none\">file</th><th aria-sort=\"none\">decision date</th>\
         <th class=\"n\" aria-sort=\"none\">items</th><th class=\"n\" aria-sort=\"none\">upheld</th><th class=\"n\" aria-sort=\"none\">overturned</th><th class=\"n\" aria-sort=\"none\">findings</th></tr></thead><tbody>",
        r.letters_table.len(),
        r.letters_table.len()
    );
    // A file's letters are told apart by their place in it ("letter 2"), not a line number.
    let mut per_file: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for row in &r.letters_table {
        *per_file.entry(row.path.as_str()).or_default() += 1;
    }
    for (n, row) in r.letters_table.iter().enumerate() {
        let place = if per_file.get(row.path.as_str()).is_some_and(|&k| k > 1) {
            format!(" <span class=\"note\">letter {}</span>", row.letter)
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<tr data-problems=\"{}\"><td>{}</td><td><a href=\"{}\">{}</a>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            row.problems,
            escape(row.case_number.as_deref().unwrap_or("")),
            escape(&link(&row.path, row.page)),
            escape(&row.path),
            place,
            escape(row.decision_date.as_deref().unwrap_or("")),
            row.items,
            row.upheld,
            row.overturned,
            row.problems
        );
        if n % ROWS_PER_WRITE == ROWS_PER_WRITE - 1 {
            out.write_all(h.as_bytes())?;
            h.clear();
        }
    }
    h.push_str("</tbody></table></section>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        let u = file_url("/tmp/a b/#1.txt");
        assert_eq!(u, "file:///tmp/a%20b/%231.txt");
        assert!(file_url("rel.txt").starts_with("file:///"));
        assert_eq!(link("/tmp/a.pdf", Some(4)), "file:///tmp/a.pdf#page=4");
    }
}
