#!/usr/bin/env python3
"""Smoke test of a foreign imr-lsp build against the native release binary.

Usage: smoke.py --native BIN --foreign "RUNNER... BIN" [--windows] --corpus DIR --letters DIR

Runs both binaries through the same steps and fails on the first difference:
  LSP:  initialize with a workspace folder, open a seed letter, the published diagnostics, the
        documentSymbol outline, a hover with a guideline link, a workspace/symbol query answered
        from the indexed folder, shutdown + exit with status 0;
  CLI:  check, extract --format jsonl and report --format json over the corpus (text and PDFs),
        the same results, paths aside.
--windows: the foreign binary is a Windows .exe (under wine): it is given the URIs VS Code sends
on Windows (file:///z%3A/work/..., the drive letter lower case and its colon escaped).
"""

import argparse
import json
import os
import queue
import re
import shlex
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

DRAFT = Path(__file__).resolve().parents[1] / "fixtures" / "drafts" / "broken-draft.imr"
TIMEOUT = 180  # seconds per answer: wine and qemu are slow on a busy machine


class Fail(Exception):
    pass


def file_uri(path: Path, windows: bool) -> str:
    quoted = urllib.parse.quote(str(path))
    if windows:
        # What VS Code sends on Windows for Z:\work\... (wine maps / to Z:).
        return "file:///z%3A" + quoted
    return "file://" + quoted


def uri_name(uri: str) -> str:
    """The file's name in a URI of either form (the part both binaries agree on)."""
    path = urllib.parse.unquote(urllib.parse.urlparse(uri).path)
    return re.split(r"[\\/]", path)[-1]


class Server:
    def __init__(self, cmd, cwd):
        self.proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.next_id = 0
        self.inbox: "queue.Queue[dict | None]" = queue.Queue()
        self.notes = []
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self):
        self.stderr = self.proc.stderr.read()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.partition(b":")
                if k.lower() == b"content-length":
                    length = int(v)
            if length is None:
                continue
            self.inbox.put(json.loads(out.read(length)))

    def send(self, msg):
        msg["jsonrpc"] = "2.0"
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _next(self):
        try:
            msg = self.inbox.get(timeout=TIMEOUT)
        except queue.Empty:
            raise Fail("no message from the server in %ss" % TIMEOUT)
        if msg is None:
            raise Fail("the server closed its output; stderr:\n" + self.stderr.decode(errors="replace")[-2000:])
        if "method" in msg and "id" in msg:
            # A request from the server: answer as a minimal client would.
            result = None
            if msg["method"] == "workspace/configuration":
                result = [None for _ in msg["params"]["items"]]
            self.send({"id": msg["id"], "result": result})
            return None
        return msg

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        self.send({"id": rid, "method": method, "params": params})
        while True:
            msg = self._next()
            if msg is None:
                continue
            if msg.get("id") == rid and "method" not in msg:
                if "error" in msg:
                    raise Fail("%s failed: %s" % (method, msg["error"]))
                return msg.get("result")
            if "method" in msg:
                self.notes.append(msg)

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait_note(self, method, pred):
        for i, m in enumerate(self.notes):
            if m["method"] == method and pred(m["params"]):
                return self.notes.pop(i)["params"]
        while True:
            msg = self._next()
            if msg is None:
                continue
            if msg.get("method") == method and pred(msg["params"]):
                return msg["params"]
            if "method" in msg:
                self.notes.append(msg)


def hover_positions(text: str):
    """Positions on guideline citations (the hover that links a guideline page)."""
    for n, line in enumerate(text.split("\n")):
        for m in re.finditer(r"MTUS|ODG|ACOEM|Official Disability Guidelines|Chronic Pain", line):
            yield {"line": n, "character": m.start() + 1}


def strip_uris(value):
    """Replaces every file URI by its file name, recursively."""
    if isinstance(value, dict):
        return {k: strip_uris(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_uris(v) for v in value]
    if isinstance(value, str) and value.startswith("file:"):
        return uri_name(value)
    return value


def file_uris(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from file_uris(v)
    elif isinstance(value, list):
        for v in value:
            yield from file_uris(v)
    elif isinstance(value, str) and value.startswith("file:"):
        yield value


def lsp_session(cmd, root: Path, letter: Path, windows: bool):
    s = Server(cmd, cwd=root)
    root_uri = file_uri(root, windows)
    init = s.request(
        "initialize",
        {
            "processId": None,
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": root.name}],
            "capabilities": {
                "textDocument": {
                    "hover": {"contentFormat": ["markdown", "plaintext"]},
                    "documentSymbol": {"hierarchicalDocumentSymbolSupport": True},
                    "publishDiagnostics": {"relatedInformation": True},
                },
                "workspace": {"workspaceFolders": True, "symbol": {}},
                "general": {"positionEncodings": ["utf-16"]},
            },
        },
    )
    name = init.get("serverInfo", {}).get("name")
    version = init.get("serverInfo", {}).get("version")
    s.notify("initialized", {})
    text = letter.read_text(encoding="utf-8")
    uri = file_uri(letter, windows)
    s.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "imr", "version": 1, "text": text}},
    )
    diags = s.wait_note("textDocument/publishDiagnostics", lambda p: uri_name(p["uri"]) == letter.name)
    if diags["uri"] != uri and urllib.parse.unquote(diags["uri"]).lower() != urllib.parse.unquote(uri).lower():
        raise Fail("diagnostics came for %s, the document is %s" % (diags["uri"], uri))
    # A draft with problems, with Windows line ends (as Notepad saves it): its diagnostics.
    draft_text = DRAFT.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    draft_uri = file_uri(DRAFT, windows)
    s.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": draft_uri, "languageId": "imr", "version": 1, "text": draft_text}},
    )
    draft = s.wait_note("textDocument/publishDiagnostics", lambda p: uri_name(p["uri"]) == DRAFT.name)
    # Related information points into the draft under the very URI the editor uses for it.
    named = set(file_uris(draft))
    if named - {draft_uri}:
        raise Fail("the draft's diagnostics name %s, the editor calls it %s" % (sorted(named), draft_uri))
    outline = s.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}})
    hover = None
    for pos in hover_positions(text):
        h = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos})
        if h and "http" in json.dumps(h):
            hover = (pos, h)
            break
    # The query: the longest word of the first disputed item's title (a treatment's name).
    def items(syms):
        for x in syms or []:
            if x.get("detail") in ("Upheld", "Overturned"):
                yield x
            yield from items(x.get("children"))

    title = next(items(outline), {}).get("name", "")
    query = max(re.findall(r"[A-Za-z]{5,}", title) or ["Upheld"], key=len)
    wsym = s.request("workspace/symbol", {"query": query})
    # Letters found on disk come back under URIs spelled as the editor spells them
    # (file:///z%3A/... for a Windows editor), so they match the documents it opens.
    prefix = file_uri(root, windows) + "/"
    odd = [u for u in file_uris(wsym) if not u.startswith(prefix) and uri_name(u) != DRAFT.name]
    if odd:
        raise Fail("workspace/symbol names files outside %s: %s" % (prefix, odd[:3]))
    s.request("shutdown", None)
    s.notify("exit", None)
    try:
        status = s.proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        s.proc.kill()
        raise Fail("the server did not exit after shutdown + exit")
    return {
        "server": (name, version),
        "diagnostics": strip_uris(diags["diagnostics"]),
        "draft_diagnostics": strip_uris(draft["diagnostics"]),
        "outline": outline,
        "hover": hover,
        "workspace_symbol": (query, strip_uris(sorted(wsym or [], key=lambda x: json.dumps(x, sort_keys=True)))),
        "exit": status,
    }


PATH_RE = re.compile(r"(?:[A-Za-z]:)?[^\s:\"']*corpus[\\/][^\s:\"']*")


def unpath(value):
    """Corpus paths reduced to their part below the corpus folder, with forward slashes."""
    if isinstance(value, dict):
        return {k: unpath(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unpath(v) for v in value]
    if isinstance(value, str):
        return PATH_RE.sub(lambda m: re.split(r"corpus[\\/]", m.group(0), maxsplit=1)[1].replace("\\", "/"), value)
    return value


def cli(cmd, args, cwd):
    p = subprocess.run(cmd + args, cwd=cwd, capture_output=True, timeout=1800)
    return p.returncode, p.stdout.decode("utf-8", errors="replace").replace("\r\n", "\n")


def encodings() -> Path:
    d = Path(__file__).resolve().parents[2] / "target" / "smoke" / "encodings"
    d.mkdir(parents=True, exist_ok=True)
    crlf = DRAFT.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    (d / "crlf.imr").write_bytes(crlf.encode("utf-8"))
    (d / "bom.imr").write_bytes(b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    (d / "notepad-utf16.imr").write_bytes(b"\xff\xfe" + crlf.encode("utf-16-le"))
    return d


def cli_results(cmd, cwd, corpus):
    out = {}
    code, text = cli(cmd, ["check", "--color", "never", corpus], cwd)
    out["check"] = (code, sorted(unpath(text).splitlines()))
    code, text = cli(cmd, ["extract", "--format", "jsonl", corpus], cwd)
    rows = [unpath(json.loads(line)) for line in text.splitlines() if line.strip()]
    out["extract"] = (code, sorted(json.dumps(r, sort_keys=True) for r in rows))
    code, text = cli(cmd, ["report", "--format", "json", corpus], cwd)
    try:
        report = json.loads(text)
    except json.JSONDecodeError:
        raise Fail("report --format json printed no JSON (status %d): %s" % (code, text[:500]))
    # When the report was made differs between the two runs by design; everything else must not.
    if isinstance(report, dict):
        report.pop("generated_at", None)
    out["report"] = (code, unpath(report))
    # The draft as Windows editors save it: CRLF, UTF-8 with a BOM, Notepad's UTF-16.
    code, text = cli(cmd, ["check", "--color", "never", str(encodings())], cwd)
    out["check_encodings"] = (code, sorted(re.sub(r"^\S*[\\/]", "", l) for l in text.splitlines()))
    code, text = cli(cmd, ["--version"], cwd)
    out["version"] = (code, text.strip())
    return out


def diff(label, a, b):
    if a == b:
        return True
    sa = json.dumps(a, indent=1, sort_keys=True).splitlines()
    sb = json.dumps(b, indent=1, sort_keys=True).splitlines()
    import difflib

    d = list(difflib.unified_diff(sa, sb, "native", "foreign", lineterm="", n=2))
    print("DIFFERENT: %s\n%s" % (label, "\n".join(d[:60])), file=sys.stderr)
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--native", required=True)
    ap.add_argument("--foreign", required=True, help="command line running the foreign binary")
    ap.add_argument("--windows", action="store_true")
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--letters", required=True, help="folder of seed letters (the workspace)")
    ap.add_argument("--skip-cli", action="store_true")
    args = ap.parse_args()

    native = [str(Path(args.native).resolve())]
    # The runs change directory: existing files on the command lines become absolute paths.
    foreign = [str(Path(a).resolve()) if os.path.isfile(a) else a for a in shlex.split(args.foreign)]
    letters = Path(args.letters).resolve()
    letter = sorted(letters.glob("*.txt"))[0]
    ok = True

    n = lsp_session(native, letters, letter, False)
    f = lsp_session(foreign, letters, letter, args.windows)
    if not n["diagnostics"] and not n["outline"]:
        raise Fail("the native server gave neither diagnostics nor an outline: nothing to compare")
    if not n["draft_diagnostics"]:
        raise Fail("the native server found nothing wrong in %s" % DRAFT.name)
    if n["hover"] is None:
        raise Fail("no guideline hover with a link found in %s" % letter.name)
    if not n["workspace_symbol"][1]:
        raise Fail("workspace/symbol %r found nothing natively" % n["workspace_symbol"][0])
    for k in n:
        ok &= diff("lsp " + k, n[k], f[k])
    if f["exit"] != 0:
        print("foreign server exited with %s" % f["exit"], file=sys.stderr)
        ok = False
    print(
        "lsp: %d diagnostics (%d on the CRLF draft), %d outline symbols, hover at %s, %d workspace symbols for %r, exit %s"
        % (
            len(f["diagnostics"]),
            len(f["draft_diagnostics"]),
            len(f["outline"] or []),
            f["hover"][0] if f["hover"] else None,
            len(f["workspace_symbol"][1]),
            f["workspace_symbol"][0],
            f["exit"],
        )
    )

    if not args.skip_cli:
        cwd = Path(args.corpus).resolve().parent
        corpus = Path(args.corpus).resolve().name
        n = cli_results(native, cwd, corpus)
        f = cli_results(foreign, cwd, corpus)
        if not n["extract"][1]:
            raise Fail("extract printed nothing natively")
        if n["check_encodings"][0] != 1 or sum("error[" in l for l in n["check_encodings"][1]) != 9:
            raise Fail("the draft in three encodings should give 3 errors each: %r" % (n["check_encodings"],))
        for k in n:
            ok &= diff("cli " + k, n[k], f[k])
        print(
            "cli: check %d lines (status %d), extract %d letters, report %d keys, version %r"
            % (len(f["check"][1]), f["check"][0], len(f["extract"][1]), len(f["report"][1] or {}), f["version"][1])
        )
    if not ok:
        sys.exit(1)
    print("smoke: the foreign binary agrees with the native one")


if __name__ == "__main__":
    try:
        main()
    except Fail as e:
        print("smoke test failed: %s" % e, file=sys.stderr)
        sys.exit(1)
