;;; imr-lsp-test.el --- eglot + imr-lsp end-to-end test  -*- lexical-binding: t; -*-

;; Run with editors/emacs/test/run.sh (needs Emacs with eglot and a built imr-lsp on PATH).
;; Environment: IMR_REPO_ROOT (repository root).

(require 'ert)
(require 'cl-lib)
(require 'eglot)
(require 'flymake)
(require 'imr-lsp)

(defvar imr-test-root (file-name-as-directory (getenv "IMR_REPO_ROOT")))
(defvar imr-test-timeout 20)
(setq eglot-sync-connect t
      eglot-connect-timeout 30
      flymake-no-changes-timeout 0.1)

(defun imr-test-wait (pred &optional timeout)
  "Process events until PRED returns non-nil or TIMEOUT seconds pass; return PRED's value."
  (let ((deadline (+ (float-time) (or timeout imr-test-timeout)))
        value)
    (while (and (not (setq value (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (sit-for 0.01 t))
    value))

(defun imr-test-open (relpath)
  "Visit RELPATH, start eglot and wait for the server."
  (let ((buf (find-file-noselect (expand-file-name relpath imr-test-root))))
    (with-current-buffer buf
      (eglot-ensure)
      ;; `eglot-ensure' connects from `post-command-hook', which batch mode never runs.
      (unless (eglot-current-server)
        (apply #'eglot (eglot--guess-contact)))
      (should (imr-test-wait (lambda () (eglot-current-server))))
      ;; Flymake defers its first run until the buffer is shown in a window after a command,
      ;; which never happens in batch mode: start it now.
      (flymake-start))
    buf))

(defun imr-test-codes ()
  "Rule codes of the current buffer's Flymake diagnostics."
  (sort (delete-dups
         (delq nil (mapcar (lambda (d)
                             (let ((text (flymake-diagnostic-text d)))
                               (and (string-match "\\[\\([a-z-]+\\)\\]" text)
                                    (match-string 1 text))))
                           (flymake-diagnostics))))
        #'string<))

(defun imr-test-request (method params)
  (jsonrpc-request (eglot-current-server) method params))

(defun imr-test-pos (line substring &optional offset)
  "LSP position of SUBSTRING on 1-based LINE (+ OFFSET characters)."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- line))
    (search-forward substring (line-end-position))
    (goto-char (+ (match-beginning 0) (or offset 0)))
    (eglot--pos-to-lsp-position)))

(defun imr-test-hover-text (pos)
  (let* ((res (imr-test-request :textDocument/hover
                                `(:textDocument ,(eglot--TextDocumentIdentifier) :position ,pos)))
         (c (and res (plist-get res :contents))))
    (cond ((null c) nil)
          ((stringp c) c)
          ((plist-get c :value))
          (t (mapconcat (lambda (x) (if (stringp x) x (plist-get x :value))) c "\n")))))

(ert-deftest imr-mode-detection ()
  (should (eq (assoc-default "x/a.imr" auto-mode-alist #'string-match) 'imr-mode))
  (should (eq (assoc-default "x/a.imr.txt" auto-mode-alist #'string-match) 'imr-mode))
  (let ((buf (find-file-noselect
              (expand-file-name "tests/fixtures/letters/001_2a130b5553485fce.txt" imr-test-root))))
    (with-current-buffer buf
      (should (eq major-mode 'imr-mode)))
    (kill-buffer buf))
  (let ((f (make-temp-file "notes" nil ".txt" "Shopping list\n\nmilk\neggs\n")))
    (with-current-buffer (find-file-noselect f)
      (should (eq major-mode 'text-mode))
      (kill-buffer))
    (delete-file f)))

(ert-deftest imr-eglot-letter ()
  (with-current-buffer (imr-test-open "tests/fixtures/letters/001_2a130b5553485fce.txt")
    (let* ((syms (imr-test-request :textDocument/documentSymbol
                                   `(:textDocument ,(eglot--TextDocumentIdentifier))))
           (issues (cl-find "IMR ISSUES, DECISIONS AND RATIONALES" syms
                            :key (lambda (s) (plist-get s :name)) :test #'equal))
           (items (cl-remove-if-not (lambda (s) (eql (plist-get s :kind) 5))
                                    (plist-get issues :children))))
      (should (equal (mapcar (lambda (s) (list (plist-get s :name) (plist-get s :detail))) items)
                     '(("Norco 5/325 MG #30" "Upheld")
                       ("Cyclobenzaprine Hydrochloride 5 MG #30" "Upheld")
                       ("Follow-up visit with an orthopedic specialist" "Overturned")))))
    (let ((text (imr-test-hover-text (imr-test-pos 123 "41-42" 1))))
      (should (stringp text))
      (should (string-match-p "#page=41" text)))))

(ert-deftest imr-eglot-draft-diagnostics ()
  (with-current-buffer (imr-test-open "tests/fixtures/drafts/broken-draft.imr")
    (should (imr-test-wait
             (lambda () (equal (imr-test-codes)
                               '("decision-conflict" "missing-rationale" "placeholder"
                                 "unknown-decision")))))
    (should (equal (imr-test-codes)
                   '("decision-conflict" "missing-rationale" "placeholder" "unknown-decision")))
    ;; Fix the decision word and let eglot send the change.
    (goto-char (point-min))
    (search-forward "#60: Uphold")
    (replace-match "#60: Upheld" t t)
    (eglot--signal-textDocument/didChange)
    (flymake-start)
    (should (imr-test-wait (lambda () (not (member "unknown-decision" (imr-test-codes))))))
    (should (equal (imr-test-codes) '("decision-conflict" "missing-rationale" "placeholder")))
    (set-buffer-modified-p nil)))

(defun imr-test-run ()
  "Run the tests, print `N passed, M failed' and exit with a matching status."
  (let* ((stats (ert-run-tests-batch t))
         (total (ert-stats-total stats))
         (unexpected (ert-stats-completed-unexpected stats))
         (passed (- (ert-stats-completed-expected stats) (ert-stats-skipped stats)))
         (failed (+ unexpected (- total (ert-stats-completed-expected stats) unexpected))))
    (ignore-errors (eglot-shutdown-all))
    (princ (format "%d passed, %d failed\n" passed failed))
    (kill-emacs (if (and (= failed 0) (> passed 0)) 0 1))))

;;; imr-lsp-test.el ends here
