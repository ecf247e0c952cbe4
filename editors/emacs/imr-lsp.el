;;; imr-lsp.el --- IMR final determination letters with eglot and imr-lsp  -*- lexical-binding: t; -*-

;; Usage (Emacs 29+ has eglot built in; on Emacs 28 install eglot from GNU ELPA or
;; Debian's elpa-eglot package):
;;
;;   (add-to-list 'load-path "/path/to/imr-lsp/editors/emacs")
;;   (require 'imr-lsp)
;;   (add-hook 'imr-mode-hook #'eglot-ensure)      ; optional: start the server automatically
;;
;; Rule settings go to the server as the `imr' section of workspace/configuration:
;;
;;   (setq-default eglot-workspace-configuration
;;                 '(:imr (:rules (:disabled ["placeholder"]
;;                                 :severity (:decision-conflict "error")))))
;;
;; imr-lsp must be on `exec-path' (or edit the `eglot-server-programs' entry below to use an
;; absolute path).

;;; Code:

(defgroup imr nil
  "IMR final determination letters."
  :group 'text)

(defconst imr-font-lock-keywords
  `((,(regexp-opt '("HOW THE IMR FINAL DETERMINATION WAS MADE"
                    "CLINICAL CASE SUMMARY"
                    "IMR ISSUES, DECISIONS AND RATIONALES")
                  t)
     . font-lock-keyword-face)
    (,(concat "^[ \t]*" (regexp-opt '("Claims Administrator guideline:"
                                       "MAXIMUS guideline:"
                                       "Other Medical Treatment Guideline or Medical Evidence:"
                                       "Decision rationale:")
                                     t))
     1 font-lock-builtin-face)
    (":[ \t]*\\(Upheld\\|Overturned\\)[ \t]*$" 1 font-lock-constant-face))
  "Highlighting for `imr-mode'.")

;;;###autoload
(define-derived-mode imr-mode text-mode "IMR"
  "Major mode for IMR final determination letters (use with eglot and imr-lsp)."
  (setq-local font-lock-defaults '(imr-font-lock-keywords t)))

;;;###autoload
(defun imr-letter-p ()
  "Return non-nil if the buffer (a *.txt file) looks like an IMR letter.
Meant for `magic-mode-alist', which narrows to the start of the buffer."
  (and buffer-file-name
       (string-match-p "\\.txt\\'" buffer-file-name)
       (save-excursion
         (goto-char (point-min))
         (re-search-forward
          (concat "HOW THE IMR FINAL DETERMINATION WAS MADE"
                  "\\|IMR ISSUES, DECISIONS AND RATIONALES"
                  "\\|Case Number:[[:space:]]*\\(?:[^\n]*\n\\)\\{0,30\\}?[^\n]*CM[0-9][0-9]-[0-9]+")
          nil t))))

;;;###autoload
(progn
  (add-to-list 'auto-mode-alist '("\\.imr\\'" . imr-mode))
  (add-to-list 'auto-mode-alist '("\\.imr\\.txt\\'" . imr-mode))
  (add-to-list 'magic-mode-alist '(imr-letter-p . imr-mode)))

;;;###autoload
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(imr-mode "imr-lsp" "--stdio")))

(provide 'imr-lsp)
;;; imr-lsp.el ends here
