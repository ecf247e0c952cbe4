if vim.g.loaded_imr then
  return
end
vim.g.loaded_imr = true

-- Also registered from ftdetect/imr.lua; registering twice is harmless.
require('imr.filetype').register()

vim.api.nvim_create_user_command('ImrNextItem', function()
  require('imr').next_item()
end, { desc = 'Jump to the next disputed item (imr-lsp outline)' })

vim.api.nvim_create_user_command('ImrPrevItem', function()
  require('imr').prev_item()
end, { desc = 'Jump to the previous disputed item (imr-lsp outline)' })
