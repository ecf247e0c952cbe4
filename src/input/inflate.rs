//! How many bytes a PDF's compressed streams inflate to, counted without holding them, so a
//! decompression bomb is refused before the PDF reader (which inflates each stream whole) sees it.
//!
//! Two passes, because the reader inflates streams at two moments: the raw file's streams are
//! counted before it loads anything (object and cross-reference streams are inflated while
//! loading), and the loaded document's streams after it decrypts them (published letters are
//! encrypted, so their content streams can only be counted then). Each pass stops counting as
//! soon as the budget is spent.

use std::io::{self, Read, Write};

/// The filters the reader (lopdf) can undo; any other stops the chain, as it stops the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Filter {
    Flate,
    Lzw,
    Ascii85,
}

fn filter(name: &[u8]) -> Option<Filter> {
    match name {
        b"FlateDecode" | b"Fl" => Some(Filter::Flate),
        b"LZWDecode" | b"LZW" => Some(Filter::Lzw),
        b"ASCII85Decode" | b"A85" => Some(Filter::Ascii85),
        _ => None,
    }
}

/// Over budget: the bytes counted when counting stopped (more than the budget).
#[derive(Debug, PartialEq, Eq)]
pub struct OverBudget(pub u64);

/// Counts the inflated size of every stream in `streams` (each its filter names, in decoding
/// order, and its bytes) against `budget`.
pub fn count<'a>(
    streams: impl IntoIterator<Item = (Vec<&'a [u8]>, &'a [u8])>,
    budget: u64,
) -> Result<u64, OverBudget> {
    let mut total = 0u64;
    for (names, data) in streams {
        let chain: Vec<Filter> = names.iter().map_while(|n| filter(n)).collect();
        if chain.is_empty() {
            continue;
        }
        total += decoded_len(&chain, data, budget - total);
        if total > budget {
            return Err(OverBudget(total));
        }
    }
    Ok(total)
}

/// The streams of a raw PDF file: each `stream` keyword's dictionary filters and the bytes up to
/// the next `endstream`. Reading the file this way (not through the parser) is what lets the
/// count run before the parser inflates anything.
pub fn raw_streams(pdf: &[u8]) -> impl Iterator<Item = (Vec<&[u8]>, &[u8])> {
    // Where the last `endstream` found is, so a file of many `stream` keywords and no
    // `endstream` is searched once, not once per keyword; and how many bytes were handed out,
    // so overlapping streams in such a file cannot make the count quadratic either.
    let mut next_end: Option<usize> = None;
    let mut handed_out = 0usize;
    let allowance = pdf.len().saturating_mul(2);
    memchr::memmem::find_iter(pdf, b"stream")
        .map_while(move |at| {
            if handed_out > allowance {
                return None;
            }
            Some((|| {
                if pdf[..at].ends_with(b"end") {
                    return None;
                }
                let after = &pdf[at + 6..];
                let skip = if after.starts_with(b"\r\n") {
                    2
                } else if after.starts_with(b"\n") || after.starts_with(b"\r") {
                    1
                } else {
                    return None;
                };
                let start = at + 6 + skip;
                let end = match next_end {
                    Some(e) if e >= start => e,
                    _ => {
                        let e = memchr::memmem::find(&pdf[start..], b"endstream")
                            .map_or(pdf.len(), |e| start + e);
                        next_end = Some(e);
                        e
                    }
                };
                handed_out += end - start;
                // The dictionary lies between the object's `obj` keyword and `stream`; a bounded look
                // back keeps a file without `obj` keywords from costing a scan per stream.
                let window = &pdf[at.saturating_sub(4096)..at];
                let dict = match memchr::memmem::rfind(window, b"obj") {
                    Some(o) => &window[o..],
                    None => window,
                };
                Some((filter_names(dict), &pdf[start..end]))
            })())
        })
        .flatten()
}

/// The names after `/Filter` in a dictionary's text: `/FlateDecode` or `[/A85 /FlateDecode]`.
fn filter_names(dict: &[u8]) -> Vec<&[u8]> {
    let Some(at) = memchr::memmem::rfind(dict, b"/Filter") else {
        return Vec::new();
    };
    let rest = &dict[at + 7..];
    let rest = &rest[rest
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(rest.len())..];
    let (list, single) = match rest.first() {
        Some(b'[') => {
            let close = memchr::memchr(b']', rest).unwrap_or(rest.len());
            (&rest[1..close], false)
        }
        Some(b'/') => (rest, true),
        _ => return Vec::new(),
    };
    let mut names = Vec::new();
    let mut i = 0;
    while let Some(p) = list[i..].iter().position(|&b| b == b'/') {
        let start = i + p + 1;
        let len = list[start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b"/[]<>()%".contains(&b))
            .unwrap_or(list.len() - start);
        names.push(&list[start..start + len]);
        i = start + len;
        if single {
            break;
        }
    }
    names
}

/// The length `data` decodes to through `chain`, counted up to `budget + 1`. Every stage but the
/// last is kept (each at most `budget + 1` bytes); the last is only counted.
fn decoded_len(chain: &[Filter], data: &[u8], budget: u64) -> u64 {
    let mut input: Vec<u8>;
    let mut current = data;
    for (i, f) in chain.iter().enumerate() {
        let last = i + 1 == chain.len();
        let mut sink = Counter {
            n: 0,
            limit: budget,
            keep: (!last).then(Vec::new),
        };
        run(*f, current, &mut sink);
        match sink.keep {
            Some(kept) if sink.n <= budget => {
                input = kept;
                current = &input;
            }
            _ => return sink.n,
        }
    }
    current.len() as u64
}

/// Decodes `data` into `sink` until the data ends, is damaged, or the sink refuses more; like the
/// reader, what was decoded before damage counts.
fn run(f: Filter, data: &[u8], sink: &mut Counter) {
    match f {
        Filter::Flate => {
            let _ = io::copy(&mut flate2::read::ZlibDecoder::new(data), sink);
            // The reader retries a stream with a bad zlib header or checksum as raw deflate.
            if sink.n == 0 && data.len() > 2 {
                let _ = io::copy(&mut flate2::read::DeflateDecoder::new(&data[2..]), sink);
            }
        }
        Filter::Lzw => {
            let mut d = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
            let _ = d.into_stream(&mut *sink).decode_all(data);
        }
        Filter::Ascii85 => {
            let _ = io::copy(&mut Ascii85::new(data), sink);
        }
    }
}

/// Counts what is written and refuses it past `limit`; keeps it when asked.
struct Counter {
    n: u64,
    limit: u64,
    keep: Option<Vec<u8>>,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.n += buf.len() as u64;
        if self.n > self.limit {
            return Err(io::Error::other("over the inflate budget"));
        }
        if let Some(k) = &mut self.keep {
            k.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// ASCII85 as a reader: at most four bytes out per byte in (`z`), so it never needs a budget of
/// its own; decoded the way the reader decodes it (stops at the first byte outside the alphabet).
struct Ascii85<'a> {
    data: &'a [u8],
    group: u32,
    count: usize,
}

impl<'a> Ascii85<'a> {
    fn new(data: &'a [u8]) -> Self {
        Ascii85 {
            data,
            group: 0,
            count: 0,
        }
    }
}

impl Read for Ascii85<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let mut written = 0;
        while out.len() - written >= 4 {
            let Some((&c, rest)) = self.data.split_first() else {
                // The last, partial group: padded with `u`, one byte fewer than its digits.
                if self.count > 0 {
                    let mut g = self.group;
                    for _ in self.count..5 {
                        g = g.wrapping_mul(85).wrapping_add(84);
                    }
                    let n = self.count - 1;
                    out[written..written + n].copy_from_slice(&g.to_be_bytes()[..n]);
                    written += n;
                    self.count = 0;
                }
                break;
            };
            self.data = rest;
            if c == b'z' && self.count == 0 {
                out[written..written + 4].fill(0);
                written += 4;
            } else if (b'!'..=b'u').contains(&c) {
                self.group = self
                    .group
                    .wrapping_mul(85)
                    .wrapping_add(u32::from(c - b'!'));
                self.count += 1;
                if self.count == 5 {
                    out[written..written + 4].copy_from_slice(&self.group.to_be_bytes());
                    written += 4;
                    (self.group, self.count) = (0, 0);
                }
            } else if !c.is_ascii_whitespace() {
                self.data = &[];
            }
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn the_filter_names_are_read_from_the_dictionary() {
        assert_eq!(
            filter_names(b"obj\n<</Length 5/Filter/FlateDecode>>"),
            [b"FlateDecode".as_slice()]
        );
        assert_eq!(
            filter_names(b"obj << /Filter [ /ASCII85Decode /FlateDecode ] /Length 9 >>"),
            [b"ASCII85Decode".as_slice(), b"FlateDecode"]
        );
        assert!(filter_names(b"obj << /Length 9 >>").is_empty());
    }

    #[test]
    fn a_bomb_is_stopped_at_the_budget_and_a_small_stream_counted_whole() {
        let zeros = vec![0u8; 4 << 20];
        let bomb = zlib(&zeros);
        let pdf = [
            b"%PDF-1.4\n1 0 obj\n<</Filter/FlateDecode/Length 1>>stream\n".as_slice(),
            &bomb,
            b"\nendstream\nendobj\n2 0 obj\n<</Length 3>>stream\nabc\nendstream\nendobj\n",
        ]
        .concat();
        let streams: Vec<_> = raw_streams(&pdf).collect();
        assert_eq!(streams.len(), 2);
        assert_eq!(count(raw_streams(&pdf), 8 << 20), Ok(4 << 20));
        let over = count(raw_streams(&pdf), 1 << 20).unwrap_err();
        assert!(over.0 > 1 << 20 && over.0 < 2 << 20, "{over:?}");
    }

    #[test]
    fn many_stream_keywords_without_an_end_are_scanned_in_linear_time() {
        // 200,000 streams, none ended: each would run to the end of the file, a quadratic scan.
        let pdf = b"obj<</Filter/A85>>stream\n".repeat(200_000);
        let handed: usize = raw_streams(&pdf).map(|(_, d)| d.len()).sum();
        assert!(handed > 0);
        assert!(
            handed <= 3 * pdf.len(),
            "{handed} bytes for a {} byte file",
            pdf.len()
        );
    }

    #[test]
    fn a_bomb_wrapped_in_ascii85_or_a_second_flate_is_still_counted() {
        let inner = zlib(&vec![0u8; 3 << 20]);
        let twice = zlib(&inner);
        assert!(count([(vec![b"Fl".as_slice(), b"Fl"], &twice[..])], 1 << 20).is_err());
        assert_eq!(
            count([(vec![b"Fl".as_slice(), b"Fl"], &twice[..])], 4 << 20),
            Ok(3 << 20)
        );
        // "z" is four zero bytes; "87cURD]i,\"Ebo80~>" is "Hello World!" in ASCII85.
        let mut out = Vec::new();
        Ascii85::new(b"z87cURD]i,\"Ebo80~>")
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, b"\0\0\0\0Hello World!");
    }
}
