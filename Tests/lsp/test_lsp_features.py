"""`wp lsp` driven over the protocol by pytest-lsp: every feature of issue 18 on real files."""
import pathlib
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from support import (APP_PLAN, ENV, WP, apply_edits, lint_json, make_workspace, position, uri, utf16_len,
                     wait_until)


@pytest.fixture
def workspace(tmp_path):
    return make_workspace(tmp_path)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[WP, "lsp", "--base", "HEAD"], server_env=ENV))
async def client(lsp_client: LanguageClient, workspace):
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams):
        lsp_client.registrations.extend(params.registrations)

    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=uri(workspace))
    result = await lsp_client.initialize_session(params)
    lsp_client.init_result = result
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[WP, "lsp"], server_env=ENV))
async def examples_client(lsp_client: LanguageClient, workspace):
    root = workspace.parent / "examples" / "railiance-apps"
    params = types.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=uri(root))
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def plan_path(workspace):
    return workspace / "workplans" / "APP-WP-0001-launch.md"


def open_document(client, path, text=None, version=1):
    text = pathlib.Path(path).read_text() if text is None else text
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri(path), language_id="markdown", version=version, text=text)))
    return text


def change(client, path, version, start, end, new_text):
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(start=types.Position(*start), end=types.Position(*end)), text=new_text)]))


def rules(diagnostics):
    return sorted((d.code, d.range.start.line) for d in diagnostics)


async def test_initialize_announces_every_feature(client: LanguageClient):
    capabilities = client.init_result.capabilities
    assert capabilities.position_encoding == "utf-16"
    assert capabilities.hover_provider and capabilities.definition_provider and capabilities.references_provider
    assert capabilities.completion_provider is not None and capabilities.code_action_provider
    assert capabilities.document_symbol_provider and capabilities.workspace_symbol_provider
    assert capabilities.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    # The client can watch files: wp asks it to report workplans and .wp.yaml changed on disk.
    registrations = await wait_until(lambda: client.registrations, "client/registerCapability")
    assert registrations[0].method == "workspace/didChangeWatchedFiles"


async def test_diagnostics_on_open_are_wp_lints_findings(examples_client: LanguageClient, workspace):
    """The shipped example workplan: the same rules, severities and places as `wp lint`."""
    repo = workspace.parent / "examples" / "railiance-apps"
    path = repo / "workplans" / "RAILIANCE-WP-0002-vergabe-teilnahme-on-railiance01.md"
    severities = {"error": 1, "warning": 2, "note": 3}
    expected = sorted((d["rule"], d["line"] - 1, severities[d["severity"]]) for d in lint_json(repo) if d["path"].endswith(path.name))
    assert len(expected) >= 2, "the example has findings to compare"
    open_document(examples_client, path)
    diagnostics = await wait_until(lambda: examples_client.diagnostics.get(uri(path)), "diagnostics")
    assert sorted((d.code, d.range.start.line, d.severity) for d in diagnostics) == expected
    assert all(d.source == "wp" for d in diagnostics)
    # A file of the workspace that is not a workplan: no findings, no crash.
    other = repo / "docs" / "vergabe-teilnahme-promotion.md"
    open_document(examples_client, other)
    await wait_until(lambda: uri(other) in examples_client.diagnostics or True, "nothing")


async def test_status_typo_in_the_buffer_is_reported_and_fixed_by_the_code_action(client: LanguageClient, workspace):
    path = plan_path(workspace)
    text = open_document(client, path)
    await wait_until(lambda: uri(path) in client.diagnostics, "the first diagnostics")
    assert rules(client.diagnostics[uri(path)]) == [("prose-undeclared-blocker", position(text, "APP-WP-0001-T02", occurrence=1)[0])]

    # Type a typo into T02's status, unsaved: the buffer is linted, not the file.
    line, character = position(text, "status: todo", into=len("status: "))
    change(client, path, 2, (line, character), (line, character + 4), "tdo")
    typed = apply_edits(text, [types.TextEdit(range=types.Range(types.Position(line, character), types.Position(line, character + 4)), new_text="tdo")])
    found = await wait_until(lambda: [d for d in client.diagnostics.get(uri(path), []) if d.code == "schema"], "the schema finding")
    assert found[0].range.start == types.Position(line, character)
    assert "tdo" in found[0].message and found[0].severity == types.DiagnosticSeverity.Error
    assert path.read_text() == APP_PLAN, "the file on disk is not touched"

    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), range=found[0].range,
        context=types.CodeActionContext(diagnostics=found)))
    status_fix = [a for a in actions if "'todo'" in a.title]
    assert len(status_fix) == 1, [a.title for a in actions]
    edits = status_fix[0].edit.changes[uri(path)]
    fixed = apply_edits(typed, edits)
    assert fixed == text, "the fix changes only the status's bytes back"

    # Apply it as the editor would: the finding goes away.
    for edit in edits:
        change(client, path, 3, (edit.range.start.line, edit.range.start.character),
               (edit.range.end.line, edit.range.end.character), edit.new_text)
    await wait_until(lambda: not [d for d in client.diagnostics[uri(path)] if d.code == "schema"], "the finding to clear")


async def test_prose_blocker_fix_adds_depends_on_and_positions_count_utf16(client: LanguageClient, workspace):
    path = plan_path(workspace)
    text = open_document(client, path)
    diagnostics = await wait_until(lambda: client.diagnostics.get(uri(path)), "diagnostics")
    (finding,) = [d for d in diagnostics if d.code == "prose-undeclared-blocker"]
    # At the id; the em dash before it is one UTF-16 unit and three bytes.
    assert (finding.range.start.line, finding.range.start.character) == position(text, "APP-WP-0001-T02", occurrence=1)
    assert finding.range.end.character - finding.range.start.character == len("APP-WP-0001-T02")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), range=finding.range,
        context=types.CodeActionContext(diagnostics=[finding])))
    (action,) = [a for a in actions if "depends_on" in a.title]
    fixed = apply_edits(text, action.edit.changes[uri(path)])
    expected = text.replace("id: APP-WP-0001-T03\nstatus: todo\n", "id: APP-WP-0001-T03\nstatus: todo\ndepends_on: [APP-WP-0001-T02]\n")
    assert fixed == expected


async def test_updated_not_bumped_fix_sets_today(client: LanguageClient, workspace):
    path = plan_path(workspace)
    text = open_document(client, path)
    line, character = position(text, "**Done when:**")
    change(client, path, 2, (line, character), (line, character), "Soon. ")
    found = await wait_until(lambda: [d for d in client.diagnostics.get(uri(path), []) if d.code == "updated-not-bumped"], "updated-not-bumped")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), range=found[0].range,
        context=types.CodeActionContext(diagnostics=found)))
    (action,) = [a for a in actions if "updated" in a.title]
    (edit,) = action.edit.changes[uri(path)]
    assert edit.new_text in ('"2026-11-28"', "2026-11-28")
    assert edit.range.start.line == position(text, 'updated: "2026-11-01"')[0]


async def test_hover_shows_status_place_and_blockers_down_to_the_root(client: LanguageClient, workspace):
    path = plan_path(workspace)
    text = open_document(client, path)
    line, character = position(text, "id: APP-WP-0001-T02", into=6)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line, character)))
    value = hover.contents.value
    assert "APP-WP-0001-T02" in value and "Deploy to the cluster" in value and "todo" in value
    assert "blocked" in value and "PLAT-WP-0001-T01" in value and "in_progress" in value
    assert "workplans/APP-WP-0001-launch.md:" in value
    assert hover.range.start == types.Position(line, position(text, "APP-WP-0001-T02")[1])

    # A gate id: its current result (T02 is not done: the gate fails).
    runbook = workspace / "docs" / "release.md"
    runbook_text = open_document(client, runbook)
    line, character = position(runbook_text, "app/launch", into=2)
    gate = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri(runbook)), position=types.Position(line, character)))
    assert "fail" in gate.contents.value and "unmet" in gate.contents.value


async def test_definition_across_repos_and_references(client: LanguageClient, workspace):
    path = plan_path(workspace)
    text = open_document(client, path)
    line, character = position(text, "platform:PLAT-WP-0001-T01", into=12)
    locations = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line, character)))
    platform_file = workspace.parent / "platform" / "workplans" / "PLAT-WP-0001-cluster.md"
    (location,) = locations
    assert location.uri == uri(platform_file)
    platform_text = platform_file.read_text()
    assert (location.range.start.line, location.range.start.character) == position(platform_text, "PLAT-WP-0001-T01")

    # References of T02: the depends_on... no; T03's prose mention and the gate's requires.
    line, character = position(text, "id: APP-WP-0001-T02", into=5)
    references = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line, character),
        context=types.ReferenceContext(include_declaration=False)))
    places = sorted((pathlib.Path(types_uri_path(r.uri)).name, r.range.start.line) for r in references)
    runbook_text = (workspace / "docs" / "release.md").read_text()
    assert places == sorted([("APP-WP-0001-launch.md", position(text, "APP-WP-0001-T02", occurrence=1)[0]),
                             ("release.md", position(runbook_text, "- APP-WP-0001-T02")[0])])


def types_uri_path(value):
    from urllib.parse import unquote, urlparse
    return unquote(urlparse(value).path)


async def test_completion_offers_ids_statuses_and_keys(client: LanguageClient, workspace):
    path = plan_path(workspace)
    text = open_document(client, path)
    # An id in depends_on: other repos qualified, with titles.
    line, character = position(text, "platform:PLAT-WP-0001-T01]")
    completion = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line, character)))
    labels = {item.label: item for item in completion.items}
    assert "platform:PLAT-WP-0001-T01" in labels or "platform:PLAT-WP-0001" in labels, sorted(labels)
    assert any(item.detail and "Provision the cluster" in item.detail for item in completion.items)

    # Statuses T03 may move to from `todo` (its value erased first; typed text filters).
    line, character = position(text, "status: todo", into=len("status: "), occurrence=1)
    change(client, path, 2, (line, character), (line, character + 4), "")
    completion = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line, character)))
    statuses = {item.label for item in completion.items}
    assert "in_progress" in statuses and "tdo" not in statuses
    assert all(item.kind == types.CompletionItemKind.Value for item in completion.items)

    # A key at the start of a line in a task block, not one already there.
    line, _ = position(text, "status: todo", occurrence=1)
    change(client, path, 3, (line + 1, 0), (line + 1, 0), "pri\n")
    completion = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line + 1, 3)))
    keys = {item.label for item in completion.items}
    assert "priority" in keys and "status" not in keys


async def test_document_and_workspace_symbols(client: LanguageClient, workspace):
    path = plan_path(workspace)
    open_document(client, path)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path))))
    (plan,) = symbols
    assert plan.name == "APP-WP-0001"
    assert [child.name for child in plan.children] == ["APP-WP-0001-T01", "APP-WP-0001-T02", "APP-WP-0001-T03"]

    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="PLAT-WP"))
    names = [symbol.name for symbol in found]
    assert names[:2] == ["PLAT-WP-0001", "PLAT-WP-0001-T01"]
    every = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query=""))
    assert {"APP-WP-0001-T03", "app/launch", "PLAT-WP-0001"} <= {symbol.name for symbol in every}


async def test_files_changed_on_disk_are_read_again(client: LanguageClient, workspace):
    path = plan_path(workspace)
    text = open_document(client, path)
    platform_file = workspace.parent / "platform" / "workplans" / "PLAT-WP-0001-cluster.md"
    platform_file.write_text(platform_file.read_text().replace("status: in_progress", "status: done"))
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=uri(platform_file), type=types.FileChangeType.Changed)]))
    line, character = position(text, "platform:PLAT-WP-0001-T01", into=12)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line, character)))
    assert "`done`" in hover.contents.value and "in_progress" not in hover.contents.value


async def test_a_new_workplan_is_linted_once_saved(client: LanguageClient, workspace):
    """A file the workspace has not read: no findings while unsaved, its findings after the first save."""
    path = workspace / "workplans" / "APP-WP-0002-new.md"
    text = APP_PLAN.replace("APP-WP-0001", "APP-WP-0002").replace("status: todo", "status: tdo", 1)
    open_document(client, path, text)
    path.write_text(text)
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri(path))))
    found = await wait_until(lambda: [d for d in client.diagnostics.get(uri(path), []) if d.code == "schema"], "the new file's findings")
    assert found[0].range.start == types.Position(*position(text, "status: tdo", into=len("status: ")))
