-- :checkhealth imr
local M = {}

function M.check()
  local health = vim.health
  health.start('imr: Neovim')
  if vim.fn.has('nvim-0.11') == 1 then
    health.ok('Neovim ' .. tostring(vim.version()))
  else
    health.error('Neovim 0.11+ is required (vim.lsp.config / vim.lsp.enable)', {
      'Upgrade Neovim, or use the nvim-lspconfig snippet in editors/nvim/README.md',
    })
  end

  health.start('imr: server binary')
  local imr = require('imr')
  local cmd = imr.cmd()
  local resolved = vim.lsp.config and vim.lsp.config.imr
  if resolved and type(resolved.cmd) == 'table' then
    cmd = resolved.cmd
  end
  if type(cmd) ~= 'table' then
    health.info('cmd is a function (custom transport); not checked')
    return
  end
  local bin = cmd[1]
  local path = vim.fn.exepath(bin)
  if path == '' then
    health.error(('`%s` is not an executable on PATH'):format(bin), {
      'Unpack the release archive for your system and put imr-lsp (imr-lsp.exe on Windows) on PATH',
      'Or build it: cargo install --locked --path . (in the imr-lsp repository)',
      "Or point the plugin at it: require('imr').setup({ binary = '/abs/path/to/imr-lsp' })",
    })
    return
  end
  health.ok(('`%s` is executable: %s'):format(bin, path))
  local ok, res = pcall(function()
    return vim.system({ path, '--version' }, { text = true }):wait(3000)
  end)
  if ok and res and res.code == 0 and res.stdout and res.stdout ~= '' then
    health.info('version: ' .. vim.trim(res.stdout))
  else
    health.warn('`' .. path .. ' --version` did not succeed; the binary may be broken')
  end
  health.info('cmd: ' .. table.concat(cmd, ' '))

  health.start('imr: configuration')
  local settings = imr.server_settings()
  health.info('settings sent to the server: ' .. vim.inspect(settings, { newline = ' ', indent = '' }))
  if vim.lsp.is_enabled and not vim.lsp.is_enabled('imr') then
    health.warn("the 'imr' config is not enabled", {
      "Call require('imr').setup() or vim.lsp.enable('imr')",
    })
  end
  local clients = vim.lsp.get_clients({ name = 'imr' })
  if #clients > 0 then
    for _, c in ipairs(clients) do
      health.ok(('client %d running (offset encoding %s, root %s)'):format(c.id, c.offset_encoding, c.root_dir or 'none'))
    end
  else
    health.info('no imr client is running (open a *.imr file or an IMR letter)')
  end
end

return M
