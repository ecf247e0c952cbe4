-- Filetype detection for IMR final determination letters.
--
--   *.imr          -> imr
--   *.imr.txt      -> imr
--   *.txt          -> imr when the first ~60 non-blank lines look like a letter
--                     (a section heading alone on its line, in any case and spacing, or
--                     "Case Number:" followed by a CMyy-nnnnnnn number),
--                     otherwise left alone so the built-in `txt` -> `text` mapping applies.
local M = {}

local vocabulary = require('imr.vocabulary')

--- A line as the parser compares headings: trimmed, spacing collapsed, upper case.
---@param line string
---@return string
local function normalize(line)
  return (line:gsub('%s+', ' '):gsub('^ ', ''):gsub(' $', ''):upper())
end

--- Section headings, normalized: a line that is one of them identifies a letter.
M.headings = {}
for _, h in ipairs(vocabulary.section_headings) do
  M.headings[normalize(h)] = true
end

--- How many non-blank lines to look at.
M.max_nonblank = 60
--- Hard cap on raw lines read (letters extracted from PDFs are double-spaced).
M.max_lines = 400

local CASE_LABEL = vocabulary.case_number_label
local CASE_NUMBER = 'CM%d%d%-%d+'

--- Returns true when `lines` (an iterator of strings) look like an IMR letter.
---@param next_line fun(): string|nil
---@return boolean
function M.looks_like_letter(next_line)
  local nonblank, seen_label = 0, false
  for _ = 1, M.max_lines do
    local line = next_line()
    if line == nil then
      break
    end
    if line:find('%S') then
      nonblank = nonblank + 1
      if M.headings[normalize(line)] then
        return true
      end
      local label_at = line:find(CASE_LABEL, 1, true)
      if label_at then
        if line:find(CASE_NUMBER, label_at + #CASE_LABEL) then
          return true
        end
        seen_label = true
      elseif seen_label and line:find(CASE_NUMBER) then
        -- Reading-order PDF text: the labels come first and the values after them.
        return true
      end
      if nonblank >= M.max_nonblank then
        break
      end
    end
  end
  return false
end

--- Iterator over the first lines of a buffer (or of the file when no buffer is given).
---@param path string
---@param bufnr integer|nil
---@return fun(): string|nil
local function line_source(path, bufnr)
  if bufnr and vim.api.nvim_buf_is_valid(bufnr) and vim.api.nvim_buf_is_loaded(bufnr) then
    local lines = vim.api.nvim_buf_get_lines(bufnr, 0, M.max_lines, false)
    local i = 0
    return function()
      i = i + 1
      return lines[i]
    end
  end
  local f = path and io.open(path, 'rb')
  if not f then
    return function()
      return nil
    end
  end
  local iter = f:lines()
  return function()
    local l = iter()
    if l == nil then
      f:close()
    end
    return l
  end
end

--- `vim.filetype.add` pattern function: 'imr' for letters, nil otherwise.
---@param path string
---@param bufnr integer|nil
---@return string|nil
function M.detect(path, bufnr)
  local ok, found = pcall(M.looks_like_letter, line_source(path, bufnr))
  if ok and found then
    return 'imr'
  end
  return nil
end

local registered = false

--- Registers the filetype rules (idempotent).
function M.register()
  if registered then
    return
  end
  registered = true
  vim.filetype.add({
    extension = {
      imr = 'imr',
    },
    pattern = {
      ['.*%.imr%.txt'] = { 'imr', { priority = 10 } },
      -- Content check. The priority is the lowest one that still runs *before* the extension
      -- table (negative priorities run after it, where `txt` -> `text` would always win); the
      -- function returns nil for ordinary text, which then falls through to `text`.
      ['.*%.txt'] = { M.detect, { priority = 0 } },
    },
  })
end

return M
