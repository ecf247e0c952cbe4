import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  bundledServerPath,
  ensureExecutable,
  expandSettingPath,
  findOnPath,
  resolveServer,
  settingCandidates,
} from '../../src/core/serverPath';

describe('resolveServer', () => {
  let tmp = '';
  let ext = '';
  let binDir = '';

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-vscode-'));
    ext = path.join(tmp, 'ext');
    binDir = path.join(tmp, 'bin');
    fs.mkdirSync(path.join(ext, 'server'), { recursive: true });
    fs.mkdirSync(binDir);
    fs.writeFileSync(path.join(binDir, 'imr-lsp'), '#!/bin/sh\n', { mode: 0o755 });
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const env = (): NodeJS.ProcessEnv => ({ PATH: ['/nonexistent', binDir].join(':') });

  it('prefers the setting', () => {
    const custom = path.join(tmp, 'custom-imr');
    fs.writeFileSync(custom, '');
    const r = resolveServer({ settingPath: custom, extensionPath: ext, env: env(), platform: 'linux' });
    assert.deepEqual(r, { ok: true, server: { command: custom, source: 'setting' } });
  });

  it('reports a setting that points nowhere instead of falling back', () => {
    const r = resolveServer({ settingPath: '/no/such/imr-lsp', extensionPath: ext, env: env(), platform: 'linux' });
    assert.ok(!r.ok);
    assert.match(r.message, /imr\.server\.path/);
  });

  it('resolves a relative setting against the workspace folder', () => {
    assert.equal(expandSettingPath('target/debug/imr-lsp', '/ws'), path.join('/ws', 'target/debug/imr-lsp'));
    assert.equal(expandSettingPath('${workspaceFolder}/x', '/ws'), '/ws/x');
    assert.equal(expandSettingPath('~/bin/imr-lsp'), path.join(os.homedir(), 'bin/imr-lsp'));
  });

  it('falls back to PATH, then to the bundled binary taking precedence once present', () => {
    const fromPath = resolveServer({ settingPath: '', extensionPath: ext, env: env(), platform: 'linux' });
    assert.deepEqual(fromPath, { ok: true, server: { command: path.join(binDir, 'imr-lsp'), source: 'path' } });

    const bundled = bundledServerPath(ext, 'linux');
    fs.writeFileSync(bundled, '', { mode: 0o644 });
    const r = resolveServer({ settingPath: '  ', extensionPath: ext, env: env(), platform: 'linux' });
    assert.deepEqual(r, { ok: true, server: { command: bundled, source: 'bundled' } });
    fs.rmSync(bundled);
  });

  it('explains the fix when nothing is found', () => {
    const r = resolveServer({ settingPath: '', extensionPath: ext, env: { PATH: '/nonexistent' }, platform: 'linux' });
    assert.ok(!r.ok);
    const message = r.message;
    assert.match(message, /imr\.server\.path/);
    assert.match(message, /cargo install --locked --path \./);
    assert.match(message, /\.vsix/);
  });

  it('uses .exe names and PATHEXT on Windows', () => {
    assert.equal(path.basename(bundledServerPath(ext, 'win32')), 'imr-lsp.exe');
    fs.writeFileSync(path.join(binDir, 'imr-lsp.EXE'), '');
    assert.equal(findOnPath('imr-lsp', { Path: binDir, PATHEXT: '.COM;.EXE' }, 'win32'), path.join(binDir, 'imr-lsp.EXE'));
  });

  it('finds the bundled server/imr-lsp.exe on Windows, not the Linux name', () => {
    const exe = path.join(ext, 'server', 'imr-lsp.exe');
    fs.writeFileSync(exe, '');
    const r = resolveServer({ settingPath: '', extensionPath: ext, env: { Path: '/nonexistent' }, platform: 'win32' });
    assert.deepEqual(r, { ok: true, server: { command: exe, source: 'bundled' } });
    // A Linux extension folder (server/imr-lsp only) is not a Windows server.
    fs.rmSync(exe);
    fs.writeFileSync(path.join(ext, 'server', 'imr-lsp'), '');
    const none = resolveServer({ settingPath: '', extensionPath: ext, env: { Path: '/nonexistent' }, platform: 'win32' });
    assert.ok(!none.ok);
    fs.rmSync(path.join(ext, 'server', 'imr-lsp'));
  });

  it("takes a Windows user's imr.server.path with or without .exe", () => {
    const exe = path.join(tmp, 'tools-imr-lsp.exe');
    fs.writeFileSync(exe, '');
    const bare = exe.slice(0, -'.exe'.length);
    const r = resolveServer({ settingPath: bare, extensionPath: ext, env: {}, platform: 'win32' });
    assert.deepEqual(r, { ok: true, server: { command: exe, source: 'setting' } });
    const exact = resolveServer({ settingPath: exe, extensionPath: ext, env: {}, platform: 'win32' });
    assert.deepEqual(exact, { ok: true, server: { command: exe, source: 'setting' } });
    // Elsewhere a missing extension is not guessed.
    assert.ok(!resolveServer({ settingPath: bare, extensionPath: ext, env: {}, platform: 'linux' }).ok);
  });

  it('expands Windows settings by Windows rules', () => {
    assert.equal(expandSettingPath('C:\\tools\\imr-lsp.exe', 'D:\\letters', 'win32'), 'C:\\tools\\imr-lsp.exe');
    assert.equal(
      expandSettingPath('\\\\server\\share\\imr-lsp.exe', 'D:\\letters', 'win32'),
      '\\\\server\\share\\imr-lsp.exe',
    );
    assert.equal(expandSettingPath('bin\\imr-lsp.exe', 'D:\\letters', 'win32'), 'D:\\letters\\bin\\imr-lsp.exe');
    assert.equal(expandSettingPath('~\\bin\\imr-lsp.exe', undefined, 'win32', 'C:\\Users\\ana'), 'C:\\Users\\ana\\bin\\imr-lsp.exe');
    assert.deepEqual(settingCandidates('C:\\tools\\imr-lsp', 'win32'), ['C:\\tools\\imr-lsp', 'C:\\tools\\imr-lsp.exe']);
  });

  it('restores the executable bit of the bundled binary', () => {
    const p = path.join(tmp, 'noexec');
    fs.writeFileSync(p, '', { mode: 0o644 });
    assert.equal(ensureExecutable(p, 'linux'), undefined);
    assert.equal(fs.statSync(p).mode & 0o777, 0o755);
    assert.match(ensureExecutable(path.join(tmp, 'missing'), 'linux') ?? '', /Could not make/);
  });
});
