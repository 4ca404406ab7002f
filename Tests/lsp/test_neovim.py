"""A real editor: headless Neovim (Debian's package) drives `wp lsp` through its built-in
client (vim.lsp.start_client + vim.lsp.buf_attach_client), with nvim/fix_status_typo.lua."""
import json
import pathlib
import shutil
import subprocess

import pytest

from support import APP_PLAN, ENV, WP, make_workspace

SCRIPT = pathlib.Path(__file__).parent / "nvim" / "fix_status_typo.lua"


@pytest.mark.skipif(shutil.which("nvim") is None, reason="scripts/install-deps installs neovim")
def test_neovim_reads_the_diagnostic_and_applies_the_code_action(tmp_path):
    app = make_workspace(tmp_path)
    plan = app / "workplans" / "APP-WP-0001-launch.md"
    result_file = tmp_path / "result.json"
    env = {**ENV, "WP_BINARY": WP, "WP_ROOT": str(app), "WP_FILE": str(plan), "WP_RESULT": str(result_file),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    # Saved by the script after typing the typo, before the fix.
    completed = subprocess.run(["nvim", "--headless", "--clean", "-n", "-c", f"luafile {SCRIPT}"],
                               cwd=app, env=env, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result_file.exists(), completed.stderr.decode(errors="replace")
    result = json.loads(result_file.read_text())
    assert "error" not in result, json.dumps(result)
    assert result["steps"][-1] == "diagnostic cleared"
    typo_line = APP_PLAN.split("\n").index("status: todo")
    assert result["diagnostic"]["lnum"] == typo_line and result["diagnostic"]["col"] == len("status: ")
    assert "tdo" in result["diagnostic"]["message"]
    assert any("'todo'" in title for title in result["titles"])
    # The saved file differs from the original only in the bytes the fix put back: it is the original.
    assert plan.read_bytes() == APP_PLAN.encode()
