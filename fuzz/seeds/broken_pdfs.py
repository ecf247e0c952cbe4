#!/usr/bin/env python3
"""Writes broken PDFs to seed the `pdf` fuzz target (no PDF library, invented text only):
   python3 fuzz/seeds/broken_pdfs.py OUT_DIR
Cut files, bad cross-reference tables, cycles in the page tree, deep nesting, extreme numbers,
odd fonts, and Flate streams that inflate far past their size (one filter, and two in a row)."""
import os, sys, zlib

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)

LINES = ["IMR ISSUES, DECISIONS AND RATIONALES",
         "Naproxen 550 mg #60: Overturned",
         "Decision rationale: The request for Naproxen 550 mg #60 is medically necessary."]


def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def content(lines=LINES):
    return ("BT /F1 10 Tf 12 TL 50 750 Td\n" + "".join(f"({esc(l)}) Tj T*\n" for l in lines) + "ET\n").encode()


def stream(body, extra=b"", filt=b" /Filter /FlateDecode", length=None):
    n = len(body) if length is None else length
    return b"<< /Length " + str(n).encode() + filt + extra + b" >>\nstream\n" + body + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def pdf(objs, root=1, xref=True, trailer_extra=b""):
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs):
        offsets.append(len(out))
        out += f"{i + 1} 0 obj\n".encode() + o + b"\nendobj\n"
    at = len(out)
    if xref:
        out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
        for off in offsets:
            out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root {root} 0 R".encode() + trailer_extra + f" >>\nstartxref\n{at}\n%%EOF\n".encode()
    return bytes(out)


def page_doc(contents, font=FONT, page_extra=b"", pages=None):
    """1 catalog, 2 pages, 3 page, 4 contents, 5 font."""
    pages = pages or b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    return [b"<< /Type /Catalog /Pages 2 0 R >>", pages,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R" + page_extra + b" >>",
            contents, font]


def bomb(n_bytes, fill=b"\0", rounds=1):
    """Deflates n_bytes of `fill` without holding them, `rounds` times over."""
    c = zlib.compressobj(9)
    chunk = fill * (1 << 20)
    parts = []
    left = n_bytes
    while left > 0:
        parts.append(c.compress(chunk[:min(left, len(chunk))]))
        left -= len(chunk)
    parts.append(c.flush())
    data = b"".join(parts)
    for _ in range(rounds - 1):
        data = zlib.compress(data, 9)
    return data


files = {}
good = pdf(page_doc(stream(zlib.compress(content()))))
files["good.pdf"] = good
for frac in (2, 5, 8, 9):
    files[f"cut-{frac}0pct.pdf"] = good[: len(good) * frac // 10] + b"\n%%EOF\n"
files["xref-offsets-wrong.pdf"] = good.replace(b" 00000 n ", b" 00000 n ").replace(b"0000000015", b"0000009999")
files["startxref-past-end.pdf"] = good.replace(b"startxref\n", b"startxref\n99999999")
files["xref-huge-count.pdf"] = good.replace(b"xref\n0 6", b"xref\n0 999999999")
files["xref-missing.pdf"] = pdf(page_doc(stream(zlib.compress(content()))), xref=False)
files["prev-loop.pdf"] = pdf(page_doc(stream(zlib.compress(content()))), trailer_extra=b" /Prev 9")
# Cycles and self references.
files["kids-cycle.pdf"] = pdf(page_doc(stream(zlib.compress(content())), pages=b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"))
files["contents-self-ref.pdf"] = pdf(page_doc(b"4 0 R"))
files["contents-array-of-refs.pdf"] = pdf(page_doc(b"[4 0 R 4 0 R]"))
files["count-huge.pdf"] = pdf(page_doc(stream(zlib.compress(content())), pages=b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>"))
# Lengths that lie.
files["length-huge.pdf"] = pdf(page_doc(stream(zlib.compress(content()), length=2**62)))
files["length-negative.pdf"] = pdf(page_doc(stream(zlib.compress(content()), length=-5)))
files["flate-garbage.pdf"] = pdf(page_doc(stream(b"\x78\x9c" + bytes(range(256)))))
# Deep nesting: objects, and operands in a content stream.
files["nested-arrays.pdf"] = pdf(page_doc(stream(zlib.compress(content())), page_extra=b" /X " + b"[" * 20000 + b"]" * 20000))
files["nested-dicts.pdf"] = pdf(page_doc(stream(zlib.compress(content())), page_extra=b" /X " + b"<< /A " * 5000 + b">>" * 5000))
files["nested-content.pdf"] = pdf(page_doc(stream(zlib.compress(b"BT /F1 10 Tf " + b"[" * 20000 + b"(x)" + b"]" * 20000 + b" TJ ET"))))
files["q-stack.pdf"] = pdf(page_doc(stream(zlib.compress(b"q " * 200000 + content()))))
# Numbers at the edges.
files["numbers.pdf"] = pdf(page_doc(stream(zlib.compress(b"BT /F1 1e308 Tf 99999999999999999999 TL -1e308 1e308 Td 0 0 0 0 0 0 Tm 1e308 Tz -1e308 Tc (x) Tj T* 1e308 TL ET"))))
# Fonts: widths, encodings, a Type3 font, a ToUnicode CMap that lies.
tounicode = stream(zlib.compress(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfrange <00> <FF> <D800> <0000> <FFFF> [<DFFF> <0041>] endbfrange endcmap end end"))
files["font-tounicode.pdf"] = pdf(page_doc(stream(zlib.compress(content())), font=b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 4294967295 /LastChar 0 /Widths [1 2 3] /ToUnicode 6 0 R >>") + [tounicode])
files["font-type3.pdf"] = pdf(page_doc(stream(zlib.compress(content())), font=b"<< /Type /Font /Subtype /Type3 /FontMatrix [0 0 0 0 0 0] /FontBBox [0 0 0 0] /CharProcs << >> /Encoding << /Differences [0 /a /b] >> /FirstChar 0 /LastChar 255 /Widths [] >>"))
files["font-type0.pdf"] = pdf(page_doc(stream(zlib.compress(b"BT /F1 10 Tf <0001000200030004> Tj ET")), font=b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /W [0 [1e9 -1] 5 4 3] /CIDSystemInfo << >> >>] >>"))
files["font-missing.pdf"] = pdf(page_doc(stream(zlib.compress(content())), font=b"null"))
# An object stream with a bad header.
files["objstm.pdf"] = pdf(page_doc(stream(zlib.compress(content()))) + [stream(zlib.compress(b"1 0 2 99999 <<>> <<>>"), extra=b" /Type /ObjStm /N 2147483647 /First 99999999")])
# Flate streams that inflate far past their size (issue 23 caps this in src/input/pdf.rs).
# Small ones for the fuzzer's corpus (quick to inflate, so mutations stay fast) ...
files["bomb-flate-10mb-zeros.pdf"] = pdf(page_doc(stream(bomb(10 << 20))))
files["bomb-flate-twice-64mb.pdf"] = pdf(page_doc(stream(bomb(64 << 20, b" ", rounds=2), filt=b" /Filter [/FlateDecode /FlateDecode]")))
# ... and big ones to measure (fuzz/pdf.sh leaves `bomb-big-*` out of the corpus).
files["bomb-big-flate-100mb-zeros.pdf"] = pdf(page_doc(stream(bomb(100 << 20))))
files["bomb-big-flate-100mb-spaces.pdf"] = pdf(page_doc(stream(bomb(100 << 20, b" "))))
files["bomb-big-flate-twice-1gb.pdf"] = pdf(page_doc(stream(bomb(1 << 30, b" ", rounds=2), filt=b" /Filter [/FlateDecode /FlateDecode]")))
for name, data in files.items():
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(data)
print(f"{len(files)} files in {out_dir}: " + ", ".join(f"{n} {len(d)} B" for n, d in files.items() if n.startswith("bomb")))
