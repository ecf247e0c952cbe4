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

;; BEGIN GENERATED from src/parser/spelling.rs by tests/generated.rs: do not edit.
(defconst imr-section-headings
  '("HOW THE IMR FINAL DETERMINATION WAS MADE"
    "CLINICAL CASE SUMMARY"
    "IMR ISSUES, DECISIONS AND RATIONALES"
    "IMR ISSUES, DECISIONS AND RATIONALE"
    "IMR DECISION(S) AND RATIONALE(S)"
    "IMR DECISIONS AND RATIONALES"
    "DOCUMENTS REVIEWED")
  "Section headings, each alone on its line (compared ignoring case).")

(defconst imr-letter-titles
  '("Notice of Independent Medical Review Determination")
  "Lines that open a letter without being one of its sections.")

(defconst imr-field-labels
  '("Claims Administrator guideline:"
    "Claims Administrator guidelines:"
    "MAXIMUS guideline:"
    "MAXIMUS guidelines:"
    "Other Medical Treatment Guideline or Medical Evidence:"
    "Other Medical Treatment Guidelines or Medical Evidence:"
    "Decision rationale:")
  "Item field labels, colon included.")

(defconst imr-decisions
  '("Upheld"
    "Overturned")
  "The two decisions.")

(defconst imr-case-number-label "Case Number:"
  "The header label that opens a letter's header block.")
;; END GENERATED

(defgroup imr nil
  "IMR final determination letters."
  :group 'text)

(defconst imr-font-lock-keywords
  `((,(concat "^[ \t]*" (regexp-opt (append imr-section-headings imr-letter-titles) t) "[ \t\f]*$")
     1 font-lock-keyword-face)
    (,(concat "^[ \t]*" (regexp-opt imr-field-labels t))
     1 font-lock-builtin-face)
    (,(concat ":[ \t]*" (regexp-opt imr-decisions t) "[ \t]*$") 1 font-lock-constant-face))
  "Highlighting for `imr-mode'.")

;;;###autoload
(define-derived-mode imr-mode text-mode "IMR"
  "Major mode for IMR final determination letters (use with eglot and imr-lsp)."
  (setq-local font-lock-defaults '(imr-font-lock-keywords t t)))

;;;###autoload
(defun imr-letter-p ()
  "Return non-nil if the buffer (a *.txt file) looks like an IMR letter.
Meant for `magic-mode-alist', which narrows to the start of the buffer."
  (and buffer-file-name
       (string-match-p "\\.txt\\'" buffer-file-name)
       (save-excursion
         (goto-char (point-min))
         (let ((case-fold-search t))
           (re-search-forward
            (concat "^[ \t]*" (regexp-opt imr-section-headings) "[ \t\f]*$"
                    "\\|" (regexp-quote imr-case-number-label)
                    "[[:space:]]*\\(?:[^\n]*\n\\)\\{0,30\\}?[^\n]*CM[0-9][0-9]-[0-9]+")
            nil t)))))

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
