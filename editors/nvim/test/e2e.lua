-- End-to-end test: Neovim + editors/nvim plugin + the built imr-lsp server.
--
-- Run through editors/nvim/test/run.sh, or directly:
--   IMR_LSP_BIN=/abs/path/imr-lsp IMR_REPO_ROOT=/abs/repo \
--     nvim --headless --clean -u NONE -c 'luafile editors/nvim/test/e2e.lua'
--
-- Prints one line per check and finally `N passed, M failed`; exits 0 only when all passed.

local passed, failed = 0, 0
local TIMEOUT = tonumber(vim.env.IMR_TEST_TIMEOUT_MS or '') or 15000

local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

local function check(ok, name, detail)
  if ok then
    passed = passed + 1
    out('ok   - ' .. name)
  else
    failed = failed + 1
    out('FAIL - ' .. name .. (detail and ('\n       ' .. tostring(detail):gsub('\n', '\n       ')) or ''))
  end
  return ok
end

local function finish(extra_error)
  if extra_error then
    failed = failed + 1
    out('FAIL - aborted: ' .. tostring(extra_error))
  end
  out(('%d passed, %d failed'):format(passed, failed))
  if failed > 0 then
    vim.cmd('cquit! 1')
  else
    vim.cmd('qall!')
  end
end

local function inspect1(v)
  return vim.inspect(v, { newline = ' ', indent = '' })
end

local function main()
  local repo = assert(vim.env.IMR_REPO_ROOT, 'IMR_REPO_ROOT is not set')
  local bin = assert(vim.env.IMR_LSP_BIN, 'IMR_LSP_BIN is not set')
  local plugin_dir = repo .. '/editors/nvim'
  local letter = repo .. '/tests/fixtures/letters/001_2a130b5553485fce.txt'
  local draft = repo .. '/tests/fixtures/drafts/broken-draft.imr'

  ------------------------------------------------------------------------------
  -- Load the plugin the way a user's config would.
  ------------------------------------------------------------------------------
  -- run.sh puts the plugin on the runtimepath with --cmd, i.e. before Neovim's startup
  -- `:filetype on`, which is what sources ftdetect/imr.lua (as with an rtp change in init.lua).
  if vim.env.IMR_TEST_RTP_AT_STARTUP == '1' then
    check(package.loaded['imr.filetype'] ~= nil, 'ftdetect/imr.lua was sourced by the startup :filetype on')
  else
    vim.opt.rtp:prepend(plugin_dir)
    vim.cmd('runtime! ftdetect/imr.lua')
  end
  -- -u NONE loads no plugins: source plugin/ as a plugin manager or packpath would.
  vim.cmd('runtime! plugin/imr.lua')

  -- Capture notifications (navigation messages).
  local notes = {}
  vim.notify = function(msg, level)
    notes[#notes + 1] = { msg = msg, level = level }
  end

  require('imr').setup({
    cmd = { bin, '--stdio' },
    rules = { severity = { placeholder = 'information' } },
  })

  -- Where the server is looked for, per system (pure: the machine is passed in).
  do
    local imr = require('imr')
    local function only(set)
      return function(p)
        return set[p] == true
      end
    end
    check(imr.exe_name(true) == 'imr-lsp.exe' and imr.exe_name(false) == 'imr-lsp', 'the server is imr-lsp.exe on Windows')
    local win = { is_windows = true, plugin_root = 'C:\\imr\\editors\\nvim', home = 'C:\\Users\\ana' }
    win.executable = only({ ['imr-lsp.exe'] = true })
    check(imr.find_binary(win) == 'imr-lsp.exe', 'Windows: imr-lsp.exe on PATH', imr.find_binary(win))
    win.executable = only({ ['C:\\imr\\editors\\nvim\\..\\..\\imr-lsp.exe'] = true })
    check(imr.find_binary(win) == 'C:\\imr\\editors\\nvim\\..\\..\\imr-lsp.exe', "Windows: the archive's imr-lsp.exe next to editors/", imr.find_binary(win))
    win.executable = only({ ['C:\\Users\\ana\\.cargo\\bin\\imr-lsp.exe'] = true })
    check(imr.find_binary(win) == 'C:\\Users\\ana\\.cargo\\bin\\imr-lsp.exe', 'Windows: cargo install in ~/.cargo/bin', imr.find_binary(win))
    win.executable = only({})
    check(imr.find_binary(win) == 'imr-lsp.exe', 'Windows: nothing found names imr-lsp.exe in the warning', imr.find_binary(win))
    local nix = { is_windows = false, plugin_root = '/opt/imr/editors/nvim', home = '/home/ana', executable = only({ ['/opt/imr/editors/nvim/../../imr-lsp'] = true }) }
    check(imr.find_binary(nix) == '/opt/imr/editors/nvim/../../imr-lsp', "Linux/macOS: the archive's imr-lsp", imr.find_binary(nix))
  end

  check(vim.fn.exists(':ImrNextItem') == 2 and vim.fn.exists(':ImrPrevItem') == 2, 'commands :ImrNextItem/:ImrPrevItem exist')
  check(vim.lsp.config.imr and vim.lsp.config.imr.cmd[1] == bin, 'vim.lsp.config.imr uses the configured cmd', inspect1(vim.lsp.config.imr and vim.lsp.config.imr.cmd))

  ------------------------------------------------------------------------------
  -- Filetype detection
  ------------------------------------------------------------------------------
  local tmp = vim.fn.tempname()
  vim.fn.mkdir(tmp, 'p')
  vim.fn.writefile({ 'Shopping list', '', 'milk', 'Case Number: none here', 'eggs' }, tmp .. '/notes.txt')
  vim.fn.writefile({ 'Case Number:', 'Date Assigned:', '', 'CM16-0247802', '11/29/2016' }, tmp .. '/header-only.txt')
  vim.cmd.edit(vim.fn.fnameescape(tmp .. '/notes.txt'))
  check(vim.bo.filetype == 'text', 'ordinary .txt stays text', vim.bo.filetype)
  vim.cmd.edit(vim.fn.fnameescape(tmp .. '/header-only.txt'))
  check(vim.bo.filetype == 'imr', 'Case Number: + CM number on a later line -> imr', vim.bo.filetype)
  check(vim.filetype.match({ filename = tmp .. '/header-only.txt' }) == 'imr', 'content check without a buffer reads the file')
  check(vim.filetype.match({ filename = 'x/draft.imr' }) == 'imr', '*.imr -> imr')
  check(vim.filetype.match({ filename = 'x/letter.imr.txt' }) == 'imr', '*.imr.txt -> imr')

  vim.cmd.edit(vim.fn.fnameescape(letter))
  local buf = vim.api.nvim_get_current_buf()
  check(vim.bo[buf].filetype == 'imr', 'seed letter (.txt) detected as imr by content', vim.bo[buf].filetype)

  ------------------------------------------------------------------------------
  -- Attach
  ------------------------------------------------------------------------------
  local client
  local attached = vim.wait(TIMEOUT, function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'imr' })[1]
    return client ~= nil and client.initialized == true
  end, 50)
  if not check(attached, 'imr-lsp client attaches to the letter') then
    error('server did not attach; see the LSP log')
  end
  check(client.offset_encoding == 'utf-8' or client.offset_encoding == 'utf-16',
    'position encoding negotiated (' .. tostring(client.offset_encoding) .. ')')
  local enc = client.offset_encoding

  local function request(b, method, params)
    local resp, err = client:request_sync(method, params, TIMEOUT, b)
    if not resp then
      return nil, 'no response: ' .. tostring(err)
    end
    if resp.err then
      return nil, inspect1(resp.err)
    end
    return resp.result
  end

  local function symbols(b)
    return request(b, 'textDocument/documentSymbol', { textDocument = vim.lsp.util.make_text_document_params(b) })
  end

  ------------------------------------------------------------------------------
  -- Outline
  ------------------------------------------------------------------------------
  local syms, serr = symbols(buf)
  check(type(syms) == 'table' and #syms > 0, 'documentSymbol returns symbols', serr)
  syms = syms or {}
  local top_names = vim.tbl_map(function(s)
    return s.name
  end, syms)
  check(vim.deep_equal(top_names, {
    'HOW THE IMR FINAL DETERMINATION WAS MADE',
    'CLINICAL CASE SUMMARY',
    'IMR ISSUES, DECISIONS AND RATIONALES',
  }), 'top-level symbols are the three sections', inspect1(top_names))
  check(#syms > 0 and vim.iter(syms):all(function(s)
    return s.kind == 3
  end), 'sections have SymbolKind Namespace (3)', inspect1(vim.tbl_map(function(s) return s.kind end, syms)))

  local issues = syms[3] or {}
  local items = vim.tbl_filter(function(s)
    return s.kind == 5
  end, issues.children or {})
  local got = vim.tbl_map(function(s)
    return { s.name, s.detail }
  end, items)
  local want = {
    { 'Norco 5/325 MG #30', 'Upheld' },
    { 'Cyclobenzaprine Hydrochloride 5 MG #30', 'Upheld' },
    { 'Follow-up visit with an orthopedic specialist', 'Overturned' },
  }
  check(vim.deep_equal(got, want), 'items (kind 5) under the issues section: names and decisions', inspect1(got))
  check(items[1] and items[1].children and vim.iter(items[1].children):any(function(c)
    return c.kind == 8
  end), 'items have field children (kind 8)', items[1] and inspect1(vim.tbl_map(function(c) return { c.name, c.kind } end, items[1].children or {})))
  local item_rows = {}
  for i, it in ipairs(items) do
    item_rows[i] = it.selectionRange.start.line + 1
  end
  check(vim.deep_equal(item_rows, { 63, 111, 179 }), 'item selectionRanges start on the title lines 63/111/179', inspect1(item_rows))
  if items[1] then
    local sr = items[1].selectionRange
    local line = vim.api.nvim_buf_get_lines(buf, sr.start.line, sr.start.line + 1, false)[1]
    local s = vim.str_byteindex(line, enc, sr.start.character, false)
    local e = vim.str_byteindex(line, enc, sr['end'].character, false)
    check(sr.start.line == sr['end'].line and line:sub(s + 1, e) == 'Norco 5/325 MG #30',
      'selectionRange covers the item title', inspect1({ sr, line:sub(s + 1, e) }))
  end

  ------------------------------------------------------------------------------
  -- :ImrNextItem / :ImrPrevItem
  ------------------------------------------------------------------------------
  local win = vim.api.nvim_get_current_win()
  local function jump(cmd, expect_row)
    local before = #notes
    vim.cmd(cmd)
    local ok = vim.wait(TIMEOUT, function()
      return vim.api.nvim_win_get_cursor(win)[1] == expect_row
    end, 20)
    local last = notes[#notes]
    return ok, ('cursor at %s; notes: %s'):format(
      inspect1(vim.api.nvim_win_get_cursor(win)),
      #notes > before and last.msg or '(none)'
    )
  end
  local function check_jump(cmd, row, name)
    local ok, detail = jump(cmd, row)
    check(ok, name, detail)
  end
  vim.api.nvim_win_set_cursor(win, { 1, 0 })
  check_jump('ImrNextItem', 63, ':ImrNextItem from line 1 -> line 63 (Norco)')
  check(vim.api.nvim_win_get_cursor(win)[2] == 0, 'cursor column is the title start (0)', inspect1(vim.api.nvim_win_get_cursor(win)))
  check_jump('ImrNextItem', 111, ':ImrNextItem -> line 111 (Cyclobenzaprine)')
  check_jump('ImrNextItem', 179, ':ImrNextItem -> line 179 (Follow-up visit)')
  do
    local before = #notes
    vim.cmd('ImrNextItem')
    local ok = vim.wait(TIMEOUT, function()
      return #notes > before
    end, 20)
    check(ok and notes[#notes].msg:find('no disputed item after the cursor', 1, true)
      and vim.api.nvim_win_get_cursor(win)[1] == 179,
      ':ImrNextItem after the last item stays put and says so', ok and notes[#notes].msg or 'no message')
  end
  check_jump('ImrPrevItem', 111, ':ImrPrevItem -> line 111')
  vim.api.nvim_win_set_cursor(win, { 100, 0 })
  check_jump('ImrPrevItem', 63, ':ImrPrevItem from line 100 -> line 63')

  ------------------------------------------------------------------------------
  -- Hover
  ------------------------------------------------------------------------------
  local function find_in_buf(b, needle, after_line)
    local lines = vim.api.nvim_buf_get_lines(b, 0, -1, false)
    for i = (after_line or 0) + 1, #lines do
      local c = lines[i]:find(needle, 1, true)
      if c then
        return i - 1, c - 1, lines[i] -- 0-based line, 0-based byte col
      end
    end
  end
  local function hover_at(b, lnum, bytecol)
    local line = vim.api.nvim_buf_get_lines(b, lnum, lnum + 1, false)[1]
    local character = vim.str_utfindex(line, enc, bytecol, false)
    local res, err = request(b, 'textDocument/hover', {
      textDocument = vim.lsp.util.make_text_document_params(b),
      position = { line = lnum, character = character },
    })
    if not res then
      return nil, err or 'null result'
    end
    local c = res.contents
    local text
    if type(c) == 'string' then
      text = c
    elseif c.value then
      text = c.value
    else
      text = table.concat(vim.tbl_map(function(x)
        return type(x) == 'string' and x or x.value
      end, c), '\n')
    end
    return text, (c.kind or '?')
  end

  -- MAXIMUS guideline of the Cyclobenzaprine item (line 121 on): "... page 41-42, 60-61, 64-"
  local maximus = find_in_buf(buf, 'MAXIMUS guideline:', 110)
  local l41, c41 = find_in_buf(buf, '41-42', maximus)
  local text, kind = hover_at(buf, l41, c41 + 1)
  check(text and text:find('#page=41', 1, true) ~= nil and text:find('Chronic Pain', 1, true) ~= nil,
    ('hover on "41-42" (line %d) has the guideline title and a #page=41 link'):format(l41 + 1),
    inspect1({ kind = kind, text = text }))
  local lmt, cmt = find_in_buf(buf, 'MTUS Chronic Pain Treatment Guidelines', maximus - 1)
  text = hover_at(buf, lmt, cmt + 5)
  check(text and text:find('https://www.dir.ca.gov/dwc/DWCPropRegs/MTUS_Regulations/MTUS_ChronicPainMedicalTreatmentGuidelines.pdf', 1, true) ~= nil,
    ('hover on "MTUS Chronic Pain Treatment Guidelines" (line %d) links the MTUS PDF'):format(lmt + 1), inspect1(text))
  local lup, cup = find_in_buf(buf, 'Upheld', 62)
  text = hover_at(buf, lup, cup + 2)
  check(text and text:lower():find('medically necessary', 1, true) ~= nil,
    ('hover on "Upheld" (line %d) explains the decision'):format(lup + 1), inspect1(text))

  local links, lerr = request(buf, 'textDocument/documentLink', { textDocument = vim.lsp.util.make_text_document_params(buf) })
  check(type(links) == 'table' and vim.iter(links):any(function(l)
    return type(l.target) == 'string' and l.target:find('#page=', 1, true) ~= nil
  end), 'documentLink returns at least one #page= link', lerr or inspect1(links and #links))

  local folds, ferr = request(buf, 'textDocument/foldingRange', { textDocument = vim.lsp.util.make_text_document_params(buf) })
  check(type(folds) == 'table' and #folds >= 6, 'foldingRange returns ranges for sections and items', ferr or inspect1(folds and #folds))

  ------------------------------------------------------------------------------
  -- Code lens (vim.lsp.codelens) and semantic tokens
  ------------------------------------------------------------------------------
  vim.lsp.codelens.refresh({ bufnr = buf })
  local lenses = {}
  check(vim.wait(TIMEOUT, function()
    lenses = vim.lsp.codelens.get(buf)
    return #lenses == 4
  end, 50), 'vim.lsp.codelens: a lens for the letter and one per item', inspect1(lenses))
  table.sort(lenses, function(a, b)
    return a.range.start.line < b.range.start.line
  end)
  local letter_lens = lenses[1] and lenses[1].command or {}
  check(letter_lens.title == '3 items · 2 upheld · 1 overturned · 0 problems' and letter_lens.command == 'imr.nextItem',
    'the letter lens counts items and runs imr.nextItem', inspect1(letter_lens))
  check(lenses[2] and lenses[2].range.start.line + 1 == 63 and lenses[2].command.title:find('^Upheld · ') ~= nil,
    'the first item lens sits on line 63 and starts with its decision', inspect1(lenses[2]))
  -- Running the letter lens moves to the first item, through the plugin's client command.
  vim.api.nvim_win_set_cursor(win, { lenses[1].range.start.line + 1, 0 })
  vim.lsp.codelens.run()
  check(vim.wait(TIMEOUT, function()
    return vim.api.nvim_win_get_cursor(win)[1] == 63
  end, 20), 'vim.lsp.codelens.run() on the letter lens jumps to the first item', inspect1(vim.api.nvim_win_get_cursor(win)))

  local uline, ucol = find_in_buf(buf, 'Upheld', 62)
  local function token_at(row, col)
    for _, t in ipairs(vim.lsp.semantic_tokens.get_at_pos(buf, row, col) or {}) do
      return t
    end
  end
  local tok
  check(vim.wait(TIMEOUT, function()
    tok = token_at(uline, ucol + 1)
    return tok ~= nil
  end, 50) and tok.type == 'keyword' and tok.modifiers.upheld == true,
    ('semantic token on "Upheld" (line %d) is a keyword with the upheld modifier'):format(uline + 1), inspect1(tok))
  local oline, ocol = find_in_buf(buf, 'Overturned', 170)
  tok = token_at(oline, ocol + 1)
  check(tok and tok.type == 'keyword' and tok.modifiers.overturned == true,
    'semantic token on "Overturned" has the overturned modifier', inspect1(tok))
  check(vim.api.nvim_get_hl(0, { name = '@lsp.mod.overturned.imr' }).link == 'DiagnosticOk'
    and vim.api.nvim_get_hl(0, { name = '@lsp.mod.placeholder.imr' }).link == 'Todo',
    'setup() links the overturned and placeholder modifiers to highlight groups')
  vim.cmd('colorscheme default')
  check(vim.api.nvim_get_hl(0, { name = '@lsp.mod.upheld.imr' }).link == 'DiagnosticWarn',
    'the modifier colours survive a :colorscheme')
  local hline, hcol = find_in_buf(buf, 'CLINICAL CASE SUMMARY', 0)
  tok = token_at(hline, hcol + 1)
  check(tok and tok.type == 'namespace', 'semantic token on a section heading is a namespace', inspect1(tok))

  ------------------------------------------------------------------------------
  -- Diagnostics on the broken draft
  ------------------------------------------------------------------------------
  vim.cmd.edit(vim.fn.fnameescape(draft))
  local dbuf = vim.api.nvim_get_current_buf()
  check(vim.bo[dbuf].filetype == 'imr', 'broken-draft.imr detected as imr', vim.bo[dbuf].filetype)
  check(vim.wait(TIMEOUT, function()
    local c = vim.lsp.get_clients({ bufnr = dbuf, name = 'imr' })[1]
    if c and c.initialized then
      client = c -- same client unless the draft has another root
      return true
    end
    return false
  end, 50), 'client attaches to the draft')
  enc = client.offset_encoding

  local function by_code(b)
    local t = {}
    for _, d in ipairs(vim.diagnostic.get(b)) do
      if d.code then
        t[d.code] = t[d.code] or {}
        table.insert(t[d.code], d)
      end
    end
    return t
  end
  local function codes(b)
    local list = vim.tbl_keys(by_code(b))
    table.sort(list)
    return list
  end
  local expected = { 'decision-conflict', 'missing-rationale', 'placeholder', 'unknown-decision' }
  local got_all = vim.wait(TIMEOUT, function()
    local c = by_code(dbuf)
    for _, code in ipairs(expected) do
      if not c[code] then
        return false
      end
    end
    return true
  end, 50)
  check(got_all, 'draft diagnostics include ' .. table.concat(expected, ', '), inspect1(codes(dbuf)))
  local dmax = find_in_buf(dbuf, 'MAXIMUS guideline:', 31)
  local lcy, ccy = find_in_buf(dbuf, 'Cyclobenzaprine (Flexeril)', dmax)
  text = hover_at(dbuf, lcy, ccy + 3)
  check(text and text:find('#page=41', 1, true) ~= nil and text:find('Chronic Pain', 1, true) ~= nil,
    ('draft: hover on "Cyclobenzaprine (Flexeril)" (line %d) has the title and #page=41'):format(lcy + 1), inspect1(text))
  local dc = by_code(dbuf)
  local all = vim.diagnostic.get(dbuf)
  check(#all > 0 and vim.iter(all):all(function(d)
    return d.source == 'imr'
  end), 'diagnostic source is "imr"', inspect1(vim.tbl_map(function(d) return d.source end, all)))
  local function lines_of(code)
    return vim.tbl_map(function(d)
      return d.lnum + 1
    end, dc[code] or {})
  end
  check(vim.deep_equal(lines_of('placeholder'), { 20 }), 'placeholder on line 20 (the TODO)', inspect1(lines_of('placeholder')))
  if dc.placeholder then
    local d = dc.placeholder[1]
    local line = vim.api.nvim_buf_get_lines(dbuf, d.lnum, d.lnum + 1, false)[1]
    check(line:sub(d.col + 1, d.col + 4) == 'TODO', 'placeholder range starts at "TODO"', inspect1({ col = d.col, text = line:sub(d.col + 1) }))
    check(d.severity == vim.diagnostic.severity.INFO, 'rules.severity setting applied (placeholder -> information)', inspect1(d.severity))
  end
  check(vim.deep_equal(lines_of('unknown-decision'), { 31 }), 'unknown-decision on line 31 ("Uphold")', inspect1(lines_of('unknown-decision')))
  local conflict_lines = lines_of('decision-conflict')
  check(#conflict_lines == 1 and conflict_lines[1] >= 23 and conflict_lines[1] <= 30,
    'one decision-conflict, within the Norco item (lines 23-30)', inspect1(conflict_lines))
  local mr_lines = lines_of('missing-rationale')
  check(#mr_lines == 1 and mr_lines[1] >= 39 and mr_lines[1] <= 43,
    'one missing-rationale, within the physical therapy item (lines 39-43)', inspect1(mr_lines))

  ------------------------------------------------------------------------------
  -- Incremental edits
  ------------------------------------------------------------------------------
  -- Fix the decision word: "Cyclobenzaprine 10mg #60: Uphold" -> "Upheld".
  local ul, uc = find_in_buf(dbuf, ': Uphold', 0)
  vim.api.nvim_buf_set_text(dbuf, ul, uc + 2, ul, uc + 8, { 'Upheld' })
  check(vim.api.nvim_buf_get_lines(dbuf, ul, ul + 1, false)[1] == 'Cyclobenzaprine 10mg #60: Upheld', 'buffer edited (Uphold -> Upheld)')
  local gone = vim.wait(TIMEOUT, function()
    return by_code(dbuf)['unknown-decision'] == nil
  end, 50)
  check(gone, 'unknown-decision disappears after the edit', inspect1(codes(dbuf)))
  dc = by_code(dbuf)
  check(dc.placeholder and dc['decision-conflict'] and dc['missing-rationale'],
    'the other diagnostics remain after the edit', inspect1(codes(dbuf)))
  local dsyms = symbols(dbuf) or {}
  local ditems = {}
  for _, it in ipairs(require('imr').collect_items(dsyms)) do
    ditems[#ditems + 1] = { it.name, it.detail }
  end
  check(vim.deep_equal(ditems[2], { 'Cyclobenzaprine 10mg #60', 'Upheld' }), 'outline shows the fixed decision', inspect1(ditems))

  -- Multi-byte text before the TODO: the placeholder column must follow in the negotiated encoding.
  local pl, pc = find_in_buf(dbuf, 'TODO', 0)
  vim.api.nvim_buf_set_text(dbuf, pl, pc, pl, pc, { 'é° ' })
  local new_col = pc + #'é° '
  local moved = vim.wait(TIMEOUT, function()
    local p = by_code(dbuf).placeholder
    return p ~= nil and p[1].col == new_col
  end, 50)
  local p = by_code(dbuf).placeholder
  check(moved, ('placeholder column follows a multi-byte insert (byte col %d, encoding %s)'):format(new_col, enc),
    inspect1(p and { col = p[1].col, end_col = p[1].end_col }))

  -- Breaking the item again brings the diagnostic back.
  ul, uc = find_in_buf(dbuf, ': Upheld', 25)
  vim.api.nvim_buf_set_text(dbuf, ul, uc + 2, ul, uc + 8, { 'Uphold' })
  check(vim.wait(TIMEOUT, function()
    return by_code(dbuf)['unknown-decision'] ~= nil
  end, 50), 'unknown-decision comes back when the word is broken again', inspect1(codes(dbuf)))

  ------------------------------------------------------------------------------
  -- Workspace symbols: the server indexes the folder (the repository), so an item of a letter
  -- that was never opened is found by its request words.
  ------------------------------------------------------------------------------
  local ws_items
  vim.lsp.buf.workspace_symbol('lumbar fusion', { on_list = function(t) ws_items = t.items end })
  vim.wait(TIMEOUT, function() return ws_items ~= nil end, 50)
  local fusion
  for _, it in ipairs(ws_items or {}) do
    if it.filename:find('004_1c39840940bed716.txt', 1, true) then
      fusion = it
    end
  end
  check(fusion ~= nil and fusion.text:find('1 lumbar spine fusion', 1, true) ~= nil,
    'vim.lsp.buf.workspace_symbol finds an item of an unopened letter', inspect1(ws_items))
  check(fusion ~= nil and fusion.text:find('in Upheld', 1, true) ~= nil,
    'the workspace symbol says the decision', inspect1(fusion and fusion.text))
  check(vim.fn.bufnr(repo .. '/tests/fixtures/letters/004_1c39840940bed716.txt') == -1,
    'the letter found was not opened')

  ------------------------------------------------------------------------------
  -- :checkhealth imr
  ------------------------------------------------------------------------------
  vim.cmd('silent checkhealth imr')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  check(report:find('is executable: ' .. bin, 1, true) ~= nil and not report:find('ERROR', 1, true),
    ':checkhealth imr reports the binary as executable, no errors', report)
  vim.cmd('close')

  ------------------------------------------------------------------------------
  -- No server attached: helpful message
  ------------------------------------------------------------------------------
  vim.cmd.enew()
  local before = #notes
  vim.cmd('ImrNextItem')
  check(#notes > before and notes[#notes].msg:find('no language server attached', 1, true) ~= nil,
    ':ImrNextItem without a server explains why', #notes > before and notes[#notes].msg or 'no message')

  ------------------------------------------------------------------------------
  -- Server binary not found: said once, with what to do
  ------------------------------------------------------------------------------
  local said = function()
    return vim.tbl_filter(function(n)
      return n.msg:find('was not found', 1, true) ~= nil
    end, notes)
  end
  check(#said() == 0, 'no "not found" message while the binary exists', inspect1(said()))
  require('imr').setup({ binary = tmp .. '/no-such-imr-lsp' })
  for _, name in ipairs({ 'first.imr', 'second.imr' }) do
    vim.fn.writefile({ 'IMR ISSUES, DECISIONS AND RATIONALES' }, tmp .. '/' .. name)
    vim.cmd.edit(vim.fn.fnameescape(tmp .. '/' .. name))
    check(vim.bo.filetype == 'imr', name .. ' is an imr buffer', vim.bo.filetype)
  end
  local msgs = said()
  check(#msgs == 1, 'a missing imr-lsp is reported exactly once', inspect1(msgs))
  check(msgs[1] and msgs[1].level == vim.log.levels.WARN
      and msgs[1].msg:find('no-such-imr-lsp', 1, true) ~= nil
      and msgs[1].msg:find('cargo install', 1, true) ~= nil
      and msgs[1].msg:find('binary =', 1, true) ~= nil,
    'the message names the binary, how to install it and the setting', msgs[1] and msgs[1].msg)
end

local ok, err = xpcall(main, debug.traceback)
finish(not ok and err or nil)
