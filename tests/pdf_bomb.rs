//! Decompression bombs among good letters: each bomb costs its own file, named with its reason,
//! every good file is still reported, and the batch stays within a few hundred MB.

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const GOOD_PDF: &str = "tests/fixtures/pdf/two-pages.pdf";
const LETTERS: &str = "tests/fixtures/letters";

/// A deflate stream of `mib` MiB of zeros, built from one compressed MiB repeated, so making a
/// 1 GiB bomb costs a millisecond and a megabyte.
fn zeros_zlib(mib: u32) -> Vec<u8> {
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let zeros = vec![0u8; 1 << 20];
    let mut block = Vec::with_capacity(16 << 10);
    // A full flush ends on a byte boundary with no reference behind it: the block can repeat.
    c.compress_vec(&zeros, &mut block, flate2::FlushCompress::Full)
        .unwrap();
    assert_eq!(c.total_in(), 1 << 20);
    let mut out = vec![0x78, 0xda];
    for _ in 0..mib {
        out.extend_from_slice(&block);
    }
    // A final empty stored block, then the Adler-32 of the zeros.
    out.extend_from_slice(&[0x01, 0x00, 0x00, 0xff, 0xff]);
    let n = u64::from(mib) << 20;
    let (a, b) = (1u32, ((n % 65521) as u32));
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// A one-page PDF whose content stream inflates to `mib` MiB. `disguised` hides the filter from a
/// scan of the raw bytes (a string holding `obj` after it), so only the loaded document's count
/// can catch it.
fn bomb_pdf(mib: u32, disguised: bool) -> Vec<u8> {
    let data = zeros_zlib(mib);
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let note = if disguised { " /Note (obj)" } else { "" };
    let objects: Vec<Vec<u8>> =
        vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << >> >>"
            .to_vec(),
        [
            format!("<< /Filter /FlateDecode{note} /Length {} >>\nstream\n", data.len()).as_bytes(),
            &data,
            b"\nendstream",
        ]
        .concat(),
    ];
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(o);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// Runs the CLI and returns its exit status, stdout, stderr and peak resident memory in bytes.
// The child is reaped by wait4 (for its memory), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn imr_measured(args: &[&str]) -> (i32, String, String, u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_imr-lsp"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut so, mut se) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        se.read_to_string(&mut s).unwrap();
        s
    });
    let mut out = String::new();
    so.read_to_string(&mut out).unwrap();
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 reaps our own child, whose id we hold.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert_eq!(pid, child.id() as i32, "wait4 failed");
    let code = std::process::ExitStatus::from_raw(status)
        .code()
        .unwrap_or(-1);
    // ru_maxrss is in kilobytes on Linux.
    (
        code,
        out,
        err.join().unwrap(),
        usage.ru_maxrss as u64 * 1024,
    )
}

fn batch_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-bombs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..20 {
        let pdf = bomb_pdf(1024, i % 2 == 1);
        std::fs::write(dir.join(format!("bomb-{i:02}.pdf")), pdf).unwrap();
    }
    dir
}

#[test]
fn twenty_bombs_cost_their_own_files_and_the_batch_stays_small() {
    let dir = batch_dir();
    let dir_s = dir.to_str().unwrap();
    let (code, out, err, peak) =
        imr_measured(&["check", "--format", "json", LETTERS, GOOD_PDF, dir_s]);
    assert_eq!(code, 2, "{err}");
    for i in 0..20 {
        let name = dir.join(format!("bomb-{i:02}.pdf"));
        let line = err
            .lines()
            .find(|l| l.contains(name.to_str().unwrap()))
            .unwrap_or_else(|| panic!("bomb {i} not named: {err}"));
        assert!(
            line.contains("inflate to more than 64 MiB") && line.contains("--pdf-max-inflate"),
            "{line}"
        );
    }
    let summary: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(
        summary["files"], 6,
        "five letters and the good PDF: {summary}"
    );
    assert_eq!(summary["unreadable"], 20, "{summary}");
    assert!(
        out.contains("two-pages.pdf"),
        "the good PDF's findings: {out}"
    );
    assert!(
        peak <= 300 << 20,
        "peak memory {} MB over 300 MB",
        peak >> 20
    );
}

#[test]
fn the_limit_is_a_flag_of_every_reading_command() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-bomb-small");
    std::fs::create_dir_all(&dir).unwrap();
    let small = dir.join("eight-mib.pdf");
    std::fs::write(&small, bomb_pdf(8, false)).unwrap();
    let small = small.to_str().unwrap();
    // Under the default, the 8 MiB stream is read (it has no text, so it is refused as a scan).
    let (code, _, err, _) = imr_measured(&["text", small]);
    assert_eq!(code, 2);
    assert!(err.contains("no text layer"), "{err}");
    for cmd in ["text", "check", "extract", "report"] {
        let (code, _, err, _) = imr_measured(&[cmd, "--pdf-max-inflate", "4M", small]);
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(
            err.contains(&format!(
                "{small}: refused: its compressed streams inflate to more than 4 MiB"
            )),
            "{cmd}: {err}"
        );
    }
    let (code, _, err, _) = imr_measured(&["check", "--pdf-max-inflate", "lots", small]);
    assert_eq!(code, 2);
    assert!(err.contains("`lots` is not a size"), "{err}");
}
