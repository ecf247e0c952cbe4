-- Sourced by `:filetype on` (and by plugin managers that handle ftdetect/).
require('imr.filetype').register()
