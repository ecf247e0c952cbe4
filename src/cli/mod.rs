//! The command line: `check`, `extract`, `report`, `text`, `rules`, `catalog`, and the language
//! server by default.

mod catalog;
mod check;
mod extract;
pub use extract::letter_json;
mod render;
mod report;
pub mod rules;
mod stream;
mod text;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "imr-lsp",
    version,
    about = "Language server and checker for California IMR final determination letters",
    long_about = "Language server and checker for California IMR final determination letters.\n\nWith no command (or --stdio) it runs the language server on standard input/output.",
    after_help = "The language server logs to stderr at the level in IMR_LSP_LOG (error, warn, info, debug, trace; default info). Up to debug no letter text is logged; trace logs every message, letter text included: use it only on test letters."
)]
pub struct Cli {
    /// Speak LSP over standard input/output (what editors pass; also the default).
    #[arg(long, global = false)]
    stdio: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check letters and report what a reviewer must fix.
    Check(CheckArgs),
    /// Print the model as JSON lines (one letter per line) or CSV (one row per item).
    Extract(ExtractArgs),
    /// Write one self-contained HTML report (or its aggregates as JSON) over a batch of letters.
    Report(ReportArgs),
    /// Print the text the checker reads from a file (for a PDF, its text layer; pages end in form feeds).
    Text(TextArgs),
    /// Print the guideline catalog (embedded, merged with an organisation's file).
    Catalog(CatalogArgs),
    /// List every rule: code, default severity, what it checks and when it fires.
    Rules(RulesArgs),
    /// Run the language server over stdio (same as no command).
    Lsp,
}

#[derive(clap::Args, Debug)]
pub struct CatalogArgs {
    /// An organisation's catalog (TOML or JSON) to merge over the embedded one.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = rules::RulesFormat::Text)]
    format: rules::RulesFormat,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or folders (folders are searched for *.txt, *.imr and *.pdf, in any case, skipping what .gitignore/.ignore exclude).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Print only the summary line (text format; JSON output is always complete).
    #[arg(long, short)]
    quiet: bool,
    /// Colour: on a terminal only by default.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Turn a rule off (repeatable), e.g. --disable item-mismatch; the rules are listed below.
    #[arg(long, value_name = "CODE")]
    disable: Vec<String>,
    /// Refuse a PDF whose compressed streams inflate to more than this in all (bytes, or e.g. 64M, 1G), so a decompression bomb costs its file, not the machine.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::input::parse_size)]
    pdf_max_inflate: u64,
    /// An organisation's catalog (TOML or JSON) to merge over the embedded one.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// Files or folders (folders are searched for *.txt, *.imr and *.pdf, in any case, skipping what .gitignore/.ignore exclude).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Output format: JSON lines, one letter per line, or CSV, one row per item (docs/extract-schema.md).
    #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
    format: ExtractFormat,
    /// Where to write (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Refuse a PDF whose compressed streams inflate to more than this in all (bytes, or e.g. 64M, 1G), so a decompression bomb costs its file, not the machine.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::input::parse_size)]
    pdf_max_inflate: u64,
    /// An organisation's catalog (TOML or JSON) to merge over the embedded one.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// An organisation's service categories and drug classes (TOML or JSON) to merge over ours.
    #[arg(long, value_name = "FILE")]
    categories: Option<PathBuf>,
    /// CSV: write text cells exactly as extracted. By default a cell that begins with =, +, -, @,
    /// a tab or a carriage return gets a leading ' so a spreadsheet shows it as text and never
    /// runs it as a formula (JSON lines are always raw).
    #[arg(long)]
    csv_raw: bool,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Jsonl,
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Files or folders (folders are searched for *.txt and *.imr).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Where to write the report (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// html: one self-contained page; json: the same aggregates for scripts.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    format: ReportFormat,
    /// The page's title.
    #[arg(long, default_value = "IMR determination letters")]
    title: String,
    /// Worker threads (default: one per core).
    #[arg(long, short)]
    jobs: Option<usize>,
    /// Turn a rule off (repeatable), e.g. --disable item-mismatch.
    #[arg(long, value_name = "CODE")]
    disable: Vec<String>,
    /// Refuse a PDF whose compressed streams inflate to more than this in all (bytes, or e.g. 64M, 1G), so a decompression bomb costs its file, not the machine.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::input::parse_size)]
    pdf_max_inflate: u64,
    /// An organisation's catalog (TOML or JSON) to merge over the embedded one.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// An organisation's service categories and drug classes (TOML or JSON) to merge over ours.
    #[arg(long, value_name = "FILE")]
    categories: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct TextArgs {
    /// A letter: text in any common encoding, or a PDF.
    file: PathBuf,
    /// Refuse a PDF whose compressed streams inflate to more than this in all (bytes, or e.g. 64M, 1G), so a decompression bomb costs its file, not the machine.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::input::parse_size)]
    pdf_max_inflate: u64,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Runs the command line and returns the process exit status.
pub fn main() -> i32 {
    let command = Cli::command().mut_subcommand("check", |c| {
        c.after_help(format!(
            "Rules (code, default severity, what it checks, when):\n{}",
            rules::text_table()
        ))
    });
    let cli = match command
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Extract(args)) => extract::run(&args),
        Some(Command::Report(args)) => report::run(&args),
        Some(Command::Text(args)) => text::run(&args),
        Some(Command::Catalog(args)) => catalog::run(&args),
        Some(Command::Rules(args)) => rules::run(&args),
        Some(Command::Lsp) | None => crate::lsp::run_stdio(),
    }
}

/// The rule settings of `--disable`, or the message naming an unknown code and the known ones.
/// `extra` are findings a command makes outside the rule registry (`check`'s `no-letter`).
fn rule_config(
    disable: &[String],
    extra: &[&'static str],
) -> Result<crate::rules::RuleConfig, String> {
    for code in disable {
        if crate::rules::rule_info(code).is_none() && !extra.contains(&code.as_str()) {
            let known: Vec<&str> = crate::rules::codes().chain(extra.iter().copied()).collect();
            return Err(format!(
                "unknown rule code `{code}`; the rules are: {} (`imr-lsp rules` says what each checks)",
                known.join(", ")
            ));
        }
    }
    Ok(crate::rules::RuleConfig {
        disabled: disable.to_vec(),
        ..crate::rules::RuleConfig::default()
    })
}

/// Creates the file a command writes to, or says why it cannot in words that name the path
/// (`the folder out/ does not exist`), not the operating system's.
fn create_output(path: &std::path::Path) -> Result<std::fs::File, String> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    if path.is_dir() {
        return Err(format!(
            "cannot write to {}: it is a folder; give a file name, e.g. {}",
            path.display(),
            path.join("report.html").display()
        ));
    }
    if !parent.is_dir() {
        return Err(format!(
            "cannot write to {}: the folder {} does not exist (create it first)",
            path.display(),
            parent.display()
        ));
    }
    std::fs::File::create(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        format!("cannot write to {}: {why}", path.display())
    })
}

/// How the batch commands read files, from their flags.
fn read_options(pdf_max_inflate: u64) -> crate::input::ReadOptions {
    crate::input::ReadOptions { pdf_max_inflate }
}

/// Builds the thread pool the batch commands share.
fn pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, String> {
    let mut b = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        b = b.num_threads(n.max(1));
    }
    b.build()
        .map_err(|e| format!("cannot start worker threads: {e}"))
}
