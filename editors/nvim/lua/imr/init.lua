-- imr.nvim: Neovim client for imr-lsp (California workers' compensation IMR letters).
--
--   require('imr').setup({
--     cmd = { 'imr-lsp', '--stdio' },     -- or: binary = '/path/to/imr-lsp'
--     auto_enable = true,                 -- call vim.lsp.enable('imr')
--     rules = {
--       disabled = { 'placeholder' },
--       severity = { ['decision-conflict'] = 'error' },
--     },
--     catalog = { path = '/path/to/catalog.toml' },
--   })
local M = {}

local SYMBOL_KIND_CLASS = 5 -- disputed items in the server's outline

---@class imr.Options
---@field cmd? string[]            command that starts the server (default { 'imr-lsp', '--stdio' })
---@field binary? string           shorthand: path of the imr-lsp binary (used when cmd is not given)
---@field auto_enable? boolean     call vim.lsp.enable('imr') from setup() (default true)
---@field rules? { disabled?: string[], severity?: table<string, 'error'|'warning'|'information'|'hint'> }
---@field catalog? { path?: string }
---@field lsp? table               extra fields merged into the vim.lsp.config('imr') table

---@type imr.Options
M.defaults = {
  cmd = nil,
  binary = nil,
  auto_enable = true,
  rules = { disabled = {}, severity = {} },
  catalog = { path = nil },
  lsp = {},
}

---@type imr.Options
M.options = vim.deepcopy(M.defaults)

--- The server's file name: `imr-lsp.exe` on Windows.
---@param is_windows? boolean (default: this machine)
---@return string
function M.exe_name(is_windows)
  if is_windows == nil then
    is_windows = vim.fn.has('win32') == 1
  end
  return is_windows and 'imr-lsp.exe' or 'imr-lsp'
end

--- The server to start when neither `cmd` nor `binary` is given: `imr-lsp` (`imr-lsp.exe`) on
--- PATH; else the one unpacked with this plugin from the release archive (the archive holds
--- `imr-lsp[.exe]` next to `editors/nvim/`); else the one `cargo install` put in ~/.cargo/bin.
--- `env` replaces the machine for tests: { is_windows, executable = fn(path) -> bool,
--- plugin_root = dir of editors/nvim, home = dir }.
---@param env? table
---@return string
function M.find_binary(env)
  env = env or {}
  local is_windows = env.is_windows
  if is_windows == nil then
    is_windows = vim.fn.has('win32') == 1
  end
  local executable = env.executable or function(p)
    return vim.fn.executable(p) == 1
  end
  local sep = is_windows and '\\' or '/'
  local name = M.exe_name(is_windows)
  if executable(name) then
    return name
  end
  local root = env.plugin_root
  if root == nil then
    local src = debug.getinfo(1, 'S').source:sub(2) -- <root>/lua/imr/init.lua
    root = vim.fn.fnamemodify(src, ':p:h:h:h')
  end
  local home = env.home or vim.uv.os_homedir() or ''
  local candidates = {
    root .. sep .. '..' .. sep .. '..' .. sep .. name,
    home .. sep .. '.cargo' .. sep .. 'bin' .. sep .. name,
  }
  for _, c in ipairs(candidates) do
    if executable(c) then
      return c
    end
  end
  return name
end

--- The command used to start the server.
---@param opts? imr.Options
---@return string[]
function M.cmd(opts)
  opts = opts or M.options
  if opts.cmd then
    return vim.deepcopy(opts.cmd)
  end
  return { opts.binary or M.find_binary(), '--stdio' }
end

--- The `imr` settings table (workspace/configuration section `imr`, also sent as init_options).
--- Empty parts are left out so the server applies its own defaults.
---@param opts? imr.Options
---@return table
function M.server_settings(opts)
  opts = opts or M.options
  local s = {}
  local rules = opts.rules or {}
  local r = {}
  if rules.disabled and #rules.disabled > 0 then
    r.disabled = vim.deepcopy(rules.disabled)
  end
  if rules.severity and next(rules.severity) then
    r.severity = vim.deepcopy(rules.severity)
  end
  if next(r) then
    s.rules = r
  end
  if opts.catalog and opts.catalog.path then
    s.catalog = { path = vim.fn.expand(opts.catalog.path) }
  end
  return s
end

--- The full vim.lsp.config table for 'imr' (also what lsp/imr.lua returns).
---@param opts? imr.Options
---@return vim.lsp.Config
function M.lsp_config(opts)
  opts = opts or M.options
  local settings = M.server_settings(opts)
  local cfg = {
    cmd = M.cmd(opts),
    filetypes = { 'imr' },
    root_markers = { '.imr', '.git' },
    settings = { imr = settings },
    init_options = settings,
    commands = M.client_commands(),
  }
  return vim.tbl_deep_extend('force', cfg, opts.lsp or {})
end

--- Commands the server's code lenses run (the letter lens runs `imr.nextItem`, as in VS Code).
---@return table<string, fun(command: lsp.Command, ctx: table)>
function M.client_commands()
  return {
    ['imr.nextItem'] = function(_, ctx)
      M.next_item({ bufnr = ctx.bufnr })
    end,
  }
end

--- Default colours for the server's semantic token modifiers (`:h lsp-semantic-highlight`):
--- an overturned decision stands out from an upheld one, and a placeholder reads as a to-do
--- rather than a comment. Linked with `default`, so a colour scheme or the user's own wins.
function M.set_highlights()
  local links = {
    ['@lsp.mod.upheld.imr'] = 'DiagnosticWarn',
    ['@lsp.mod.overturned.imr'] = 'DiagnosticOk',
    ['@lsp.mod.placeholder.imr'] = 'Todo',
  }
  for group, target in pairs(links) do
    vim.api.nvim_set_hl(0, group, { link = target, default = true })
  end
end

---@param opts? imr.Options
function M.setup(opts)
  opts = opts or {}
  vim.validate('opts', opts, 'table')
  M.options = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts)
  -- Lists are replaced, not merged index by index.
  if opts.rules and opts.rules.disabled then
    M.options.rules.disabled = vim.deepcopy(opts.rules.disabled)
  end
  if opts.cmd then
    M.options.cmd = vim.deepcopy(opts.cmd)
  end

  require('imr.filetype').register()
  M.warn_when_missing()

  M.set_highlights()
  vim.api.nvim_create_autocmd('ColorScheme', {
    group = vim.api.nvim_create_augroup('imr_highlights', { clear = true }),
    callback = M.set_highlights,
  })

  if vim.lsp.config then
    -- Highest precedence for the 'imr' entry: overrides lsp/imr.lua from the runtimepath.
    vim.lsp.config('imr', M.lsp_config())
    if M.options.auto_enable ~= false then
      vim.lsp.enable('imr')
    end
  else
    vim.notify('imr: Neovim 0.11+ is required for vim.lsp.config/vim.lsp.enable', vim.log.levels.ERROR)
  end
end

--- The server command's program when it cannot be run, else nil.
---@return string|nil
function M.missing_binary()
  local cmd = M.cmd()
  local resolved = vim.lsp.config and vim.lsp.config.imr
  if resolved and resolved.cmd then
    cmd = resolved.cmd
  end
  if type(cmd) ~= 'table' or not cmd[1] then
    return nil -- a function (custom transport): nothing to check
  end
  if vim.fn.executable(cmd[1]) == 1 then
    return nil
  end
  return cmd[1]
end

local missing_told = false

--- Says once, when the first letter is opened, that the server cannot be started and what to
--- do about it (without this, Neovim starts no client and nothing tells the user why).
function M.warn_when_missing()
  local group = vim.api.nvim_create_augroup('imr_missing_server', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'imr',
    callback = function()
      if missing_told or M.options.auto_enable == false then
        return
      end
      local bin = M.missing_binary()
      if not bin then
        return
      end
      missing_told = true
      vim.notify(
        ("imr: the language server '%s' was not found, so letters get no outline, hovers or diagnostics. "
          .. "Unpack the release archive for your system and put imr-lsp (imr-lsp.exe on Windows) on PATH, "
          .. "or install it with `cargo install --locked --path .` in the imr-lsp checkout, "
          .. "or point at it: require('imr').setup({ binary = '/path/to/imr-lsp' })."):format(bin),
        vim.log.levels.WARN
      )
    end,
  })
end

--------------------------------------------------------------------------------
-- Item navigation
--------------------------------------------------------------------------------

local function notify(msg, level)
  vim.notify('imr: ' .. msg, level or vim.log.levels.INFO)
end

--- The imr-lsp client attached to `bufnr` (or any attached client that serves documentSymbol).
---@param bufnr integer
---@return vim.lsp.Client|nil
function M.client(bufnr)
  local clients = vim.lsp.get_clients({ bufnr = bufnr, name = 'imr' })
  if #clients == 0 then
    clients = vim.lsp.get_clients({ bufnr = bufnr, method = 'textDocument/documentSymbol' })
  end
  return clients[1]
end

--- Flattens DocumentSymbol[] (or SymbolInformation[]) into the list of disputed items.
---@param symbols table[]
---@param out? table[]
---@return table[] items each { name, detail, range, selectionRange }
function M.collect_items(symbols, out)
  out = out or {}
  for _, s in ipairs(symbols or {}) do
    if s.kind == SYMBOL_KIND_CLASS then
      local range = s.range or (s.location and s.location.range)
      out[#out + 1] = {
        name = s.name,
        detail = s.detail,
        range = range,
        selectionRange = s.selectionRange or range,
      }
    end
    if s.children then
      M.collect_items(s.children, out)
    end
  end
  return out
end

--- Converts an LSP position to a (1-based row, 0-based byte column) pair for `bufnr`.
---@param bufnr integer
---@param pos { line: integer, character: integer }
---@param encoding string 'utf-8'|'utf-16'|'utf-32'
---@return integer row, integer col
function M.to_buf_pos(bufnr, pos, encoding)
  local row = pos.line + 1
  local line = vim.api.nvim_buf_get_lines(bufnr, pos.line, pos.line + 1, false)[1]
  if not line or pos.character == 0 then
    return row, 0
  end
  local col
  if encoding == 'utf-8' then
    col = pos.character
  else
    local ok, res = pcall(vim.str_byteindex, line, encoding, pos.character, false)
    col = ok and res or pos.character
  end
  return row, math.min(col, #line)
end

--- Jumps to the next (`dir` = 1) or previous (`dir` = -1) disputed item.
---@param dir 1|-1
---@param opts? { bufnr?: integer, win?: integer, on_done?: fun(ok: boolean) }
function M.jump_item(dir, opts)
  opts = opts or {}
  local win = opts.win or vim.api.nvim_get_current_win()
  local bufnr = opts.bufnr or vim.api.nvim_win_get_buf(win)
  local done = opts.on_done or function() end
  local client = M.client(bufnr)
  if not client then
    notify(
      "no language server attached to this buffer (filetype is '"
        .. vim.bo[bufnr].filetype
        .. "'); is imr-lsp installed? See :checkhealth imr",
      vim.log.levels.WARN
    )
    return done(false)
  end
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
  local encoding = client.offset_encoding or 'utf-16'
  client:request('textDocument/documentSymbol', params, function(err, result)
    if err then
      notify('documentSymbol failed: ' .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return done(false)
    end
    if not vim.api.nvim_buf_is_valid(bufnr) or not vim.api.nvim_win_is_valid(win) then
      return done(false)
    end
    local targets = {}
    for _, item in ipairs(M.collect_items(result or {})) do
      local row, col = M.to_buf_pos(bufnr, item.selectionRange.start, encoding)
      targets[#targets + 1] = { row = row, col = col, name = item.name }
    end
    if #targets == 0 then
      notify('no disputed items in this buffer', vim.log.levels.WARN)
      return done(false)
    end
    table.sort(targets, function(a, b)
      return a.row < b.row or (a.row == b.row and a.col < b.col)
    end)
    -- The cursor may have moved while the request was in flight: use its position now.
    local cur = vim.api.nvim_win_get_cursor(win)
    local target
    if dir > 0 then
      for _, t in ipairs(targets) do
        if t.row > cur[1] or (t.row == cur[1] and t.col > cur[2]) then
          target = t
          break
        end
      end
    else
      for i = #targets, 1, -1 do
        local t = targets[i]
        if t.row < cur[1] or (t.row == cur[1] and t.col < cur[2]) then
          target = t
          break
        end
      end
    end
    if not target then
      notify(
        (dir > 0 and 'no disputed item after the cursor' or 'no disputed item before the cursor')
          .. ' ('
          .. #targets
          .. ' in this buffer)',
        vim.log.levels.WARN
      )
      return done(false)
    end
    vim.api.nvim_win_call(win, function()
      vim.cmd("normal! m'") -- jumplist
    end)
    vim.api.nvim_win_set_cursor(win, { target.row, target.col })
    vim.api.nvim_win_call(win, function()
      vim.cmd('normal! zv')
    end)
    done(true)
  end, bufnr)
end

function M.next_item(opts)
  M.jump_item(1, opts)
end

function M.prev_item(opts)
  M.jump_item(-1, opts)
end

return M
