-- Configuration for `vim.lsp.enable('imr')` (Neovim 0.11+).
-- Options given to require('imr').setup() (cmd, rules, catalog) are reflected here; they can
-- also be overridden directly with vim.lsp.config('imr', { cmd = { '/path/to/imr-lsp', '--stdio' } }).
local ok, imr = pcall(require, 'imr')
if ok then
  return imr.lsp_config()
end
return {
  cmd = { 'imr-lsp', '--stdio' },
  filetypes = { 'imr' },
  root_markers = { '.imr', '.git' },
}
