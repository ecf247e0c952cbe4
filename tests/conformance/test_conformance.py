"""Every request imr-lsp answers, checked by pytest-lsp against the LSP types and the recorded
capabilities of real clients (VS Code, Neovim 0.11, Emacs/eglot). Run through run.sh."""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = pathlib.Path(os.environ.get("IMR_REPO_ROOT", pathlib.Path(__file__).parents[2]))
FIXTURES = REPO / "tests" / "fixtures"
LETTER = (FIXTURES / "letters" / "001_2a130b5553485fce.txt").read_text()
DRAFT = (FIXTURES / "drafts" / "broken-draft.imr").read_text()
LETTER_URI = "file:///conformance/letter.imr"
DRAFT_URI = "file:///conformance/draft.imr"

# pytest-lsp's recorded client capabilities.
CLIENTS = ["visual-studio-code", "neovim@v0.11.0", "emacs"]


@pytest_lsp.fixture(
    params=CLIENTS,
    config=ClientServerConfig(server_command=[os.environ["IMR_LSP_BIN"], "--stdio"]),
)
async def client(request, lsp_client: LanguageClient):
    caps = client_capabilities(request.param)

    # The test client has no handler of its own for this; an editor accepts the registration.
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params: types.RegistrationParams):
        return None

    result = await lsp_client.initialize_session(
        types.InitializeParams(capabilities=caps)
    )
    lsp_client.server_result = result
    for uri, text in [(LETTER_URI, LETTER), (DRAFT_URI, DRAFT)]:
        lsp_client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="imr", version=1, text=text
                )
            )
        )
    yield
    await lsp_client.shutdown_session()


def position(text: str, needle: str, after: int = 0) -> types.Position:
    """The position of `needle` (plus `after` characters) in `text`; the fixtures are ASCII,
    so UTF-8 and UTF-16 columns agree."""
    at = text.index(needle) + after
    line = text.count("\n", 0, at)
    col = at - (text.rfind("\n", 0, at) + 1)
    return types.Position(line=line, character=col)


def whole(text: str) -> types.Range:
    lines = text.split("\n")
    return types.Range(
        start=types.Position(line=0, character=0),
        end=types.Position(line=len(lines) - 1, character=len(lines[-1])),
    )


async def diagnostics_of(client: LanguageClient, uri: str):
    while uri not in client.diagnostics:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


async def test_initialize_declares_the_features(client: LanguageClient):
    caps = client.server_result.capabilities
    assert caps.document_symbol_provider
    assert caps.hover_provider
    assert caps.document_link_provider is not None
    assert caps.inlay_hint_provider
    assert caps.completion_provider is not None
    assert caps.folding_range_provider
    assert caps.selection_range_provider
    assert caps.code_action_provider
    assert caps.position_encoding in (
        types.PositionEncodingKind.Utf8,
        types.PositionEncodingKind.Utf16,
    )


async def test_diagnostics_are_published_for_the_draft_only(client: LanguageClient):
    draft = await diagnostics_of(client, DRAFT_URI)
    codes = {d.code for d in draft}
    assert {"decision-conflict", "unknown-decision", "missing-rationale"} <= codes
    assert all(d.source == "imr" for d in draft)
    assert list(await diagnostics_of(client, LETTER_URI)) == []


async def test_document_symbol(client: LanguageClient):
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(
            text_document=types.TextDocumentIdentifier(uri=LETTER_URI)
        )
    )
    assert symbols
    names = []

    def walk(syms):
        for s in syms or []:
            names.append(s.name)
            walk(getattr(s, "children", None))

    walk(symbols)
    assert "Norco 5/325 MG #30" in names


async def test_hover_on_a_title_and_a_citation(client: LanguageClient):
    for needle in ["Norco 5/325 MG #30", "Official Disability Guidelines"]:
        hover = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=LETTER_URI),
                position=position(LETTER, needle, 2),
            )
        )
        assert hover is not None, needle
        assert hover.contents.value


async def test_document_link(client: LanguageClient):
    links = await client.text_document_document_link_async(
        types.DocumentLinkParams(
            text_document=types.TextDocumentIdentifier(uri=LETTER_URI)
        )
    )
    assert links
    assert all(link.target.startswith(("https:", "file:")) for link in links)


async def test_inlay_hint(client: LanguageClient):
    hints = await client.text_document_inlay_hint_async(
        types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=DRAFT_URI),
            range=whole(DRAFT),
        )
    )
    assert hints


async def test_completion_in_a_guideline_field(client: LanguageClient):
    needle = "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009,\nSection(s): Opioids"
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=DRAFT_URI),
            position=position(DRAFT, needle, len("MAXIMUS guideline: ")),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    assert any(i.label == "Cyclobenzaprine (Flexeril)" for i in items)


async def test_folding_range(client: LanguageClient):
    ranges = await client.text_document_folding_range_async(
        types.FoldingRangeParams(
            text_document=types.TextDocumentIdentifier(uri=LETTER_URI)
        )
    )
    assert ranges


async def test_selection_range(client: LanguageClient):
    ranges = await client.text_document_selection_range_async(
        types.SelectionRangeParams(
            text_document=types.TextDocumentIdentifier(uri=LETTER_URI),
            positions=[position(LETTER, "Norco 5/325 MG #30", 3)],
        )
    )
    assert ranges and ranges[0].parent is not None


async def test_code_action_fixes_the_decision(client: LanguageClient):
    diagnostics = await diagnostics_of(client, DRAFT_URI)
    wrong = [d for d in diagnostics if d.code == "unknown-decision"]
    assert wrong
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=DRAFT_URI),
            range=wrong[0].range,
            context=types.CodeActionContext(diagnostics=wrong),
        )
    )
    assert actions
    assert any("Upheld" in a.title for a in actions)


async def test_edits_republish_with_the_version(client: LanguageClient):
    await diagnostics_of(client, DRAFT_URI)
    at = position(DRAFT, "Uphold")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=DRAFT_URI, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=at,
                        end=types.Position(line=at.line, character=at.character + 6),
                    ),
                    text="Upheld",
                )
            ],
        )
    )
    while True:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if all(d.code != "unknown-decision" for d in client.diagnostics[DRAFT_URI]):
            break
