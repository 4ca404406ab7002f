-- Run by Tests/lsp/test_neovim.py: a real editor (Neovim, headless) starts `wp lsp` on a
-- workplan, types a status typo, reads wp's diagnostic, applies wp's code action and saves.
-- Writes what it saw as JSON to $WP_RESULT; any failure is written there too.
local wp, root, file, out = os.getenv("WP_BINARY"), os.getenv("WP_ROOT"), os.getenv("WP_FILE"), os.getenv("WP_RESULT")
local result = { steps = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd("qall!")
end

local function check(ok, what)
  if not ok then
    result.error = what
    finish()
  end
  table.insert(result.steps, what)
end

local function schema_diagnostic(bufnr)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    if lsp.code == "schema" then return d, lsp end
  end
  return nil
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({ name = "wp", cmd = { wp, "lsp" }, root_dir = root })
  check(client_id ~= nil, "start_client")
  vim.lsp.buf_attach_client(bufnr, client_id)
  check(vim.wait(30000, function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized
  end, 20), "initialized")

  -- T02's `status: todo` becomes `status: tdo`, and the typo is saved.
  local row
  for index, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line == "status: todo" then row = index - 1; break end
  end
  check(row ~= nil, "found status: todo")
  vim.api.nvim_buf_set_text(bufnr, row, 8, row, 12, { "tdo" })
  vim.cmd("write")
  result.typo_row = row

  local diagnostic, lsp
  check(vim.wait(30000, function()
    diagnostic, lsp = schema_diagnostic(bufnr)
    return diagnostic ~= nil
  end, 20), "schema diagnostic")
  result.diagnostic = { lnum = diagnostic.lnum, col = diagnostic.col, message = diagnostic.message, severity = diagnostic.severity }

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = diagnostic.lnum, character = diagnostic.col },
              ["end"] = { line = diagnostic.end_lnum, character = diagnostic.end_col } },
    -- What vim.lsp.buf.code_action() sends: the line's diagnostics in LSP's shape.
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, diagnostic.lnum) },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, 30000)
  local actions = responses and responses[client_id] and responses[client_id].result or {}
  check(#actions > 0, "code actions")
  result.titles = {}
  for _, action in ipairs(actions) do table.insert(result.titles, action.title) end
  local client = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(actions[1].edit, client.offset_encoding or "utf-16")
  vim.cmd("write")

  check(vim.wait(30000, function() return schema_diagnostic(bufnr) == nil end, 20), "diagnostic cleared")
  vim.lsp.stop_client(client_id)
end)
if not ok then result.error = tostring(err) end
finish()
