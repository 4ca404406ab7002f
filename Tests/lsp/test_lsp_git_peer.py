"""Go to definition into a git peer: the file exists only in git's object store, so wp
writes a read-only copy under its cache and points the editor there."""
import os
import stat
import subprocess

from support import ENV, PLATFORM_PLAN, RawClient, git, make_workspace, position, uri


def test_definition_in_a_git_peer_opens_a_read_only_copy(tmp_path):
    app = make_workspace(tmp_path)
    bare = tmp_path / "platform.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(tmp_path / "platform"), str(bare)], check=True)
    (app / ".wp.yaml").write_text(f'repo: app\npeers:\n  platform: {{git: "file://{bare}", ref: main}}\n'
                                  "include: [workplans/**/*.md, docs/**/*.md]\n")
    git(app, "commit", "-qam", "platform as a git peer")
    cache = tmp_path / "cache"
    client = RawClient(app, env={**ENV, "WP_CACHE_DIR": str(cache)})
    try:
        client.initialize()
        plan = app / "workplans" / "APP-WP-0001-launch.md"
        text = plan.read_text()
        line, character = position(text, "platform:PLAT-WP-0001-T01", into=12)
        client.send({"jsonrpc": "2.0", "id": 5, "method": "textDocument/definition", "params": {
            "textDocument": {"uri": uri(plan)}, "position": {"line": line, "character": character}}})
        (location,) = client.answer(5)["result"]
        copy = location["uri"]
        assert copy.startswith(uri(cache) + "/peer-files/platform/") and copy.endswith("/PLAT-WP-0001-cluster.md")
        path = copy[len("file://"):]
        assert open(path).read() == PLATFORM_PLAN
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o444
        assert (location["range"]["start"]["line"], location["range"]["start"]["character"]) == position(PLATFORM_PLAN, "PLAT-WP-0001-T01")

        # Hover inside the copy answers like in the repo's own files.
        client.send({"jsonrpc": "2.0", "id": 6, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": copy}, "position": location["range"]["start"]}})
        assert "Provision the cluster" in client.answer(6)["result"]["contents"]["value"]
    finally:
        client.close()
