/**
 * Locating the imr-lsp executable. Uses node's fs/path only (no `vscode`), so
 * the search order is unit-tested.
 *
 * Order: the `imr.server.path` setting, then the binary bundled in the
 * extension (`server/imr-lsp[.exe]`), then `imr-lsp` on PATH.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export interface ResolvedServer {
  readonly command: string;
  readonly source: ServerSource;
}

export type ResolveResult =
  | { readonly ok: true; readonly server: ResolvedServer }
  | { readonly ok: false; readonly message: string };

export interface ResolveInput {
  /** Value of `imr.server.path` ('' when unset). */
  readonly settingPath: string;
  /** Root folder of the installed extension. */
  readonly extensionPath: string;
  /** Used to resolve a relative `imr.server.path`. */
  readonly workspaceFolder?: string;
  readonly platform?: NodeJS.Platform;
  readonly env?: NodeJS.ProcessEnv;
}

export const SERVER_NAME = 'imr-lsp';

export function executableName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? `${SERVER_NAME}.exe` : SERVER_NAME;
}

/**
 * Windows path rules (`C:\\tools` is absolute) on win32, POSIX rules elsewhere, whatever the host,
 * so the setting's expansion is tested for Windows on Linux. Files are looked up with the host's
 * own `path` (the same module on the machine that runs the extension).
 */
export function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  return path.join(extensionPath, 'server', executableName(platform));
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** `~/bin/imr-lsp` and `${workspaceFolder}/target/debug/imr-lsp` are common in settings. */
export function expandSettingPath(
  value: string,
  workspaceFolder?: string,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  const P = pathFor(platform);
  let p = value.trim();
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) {
    p = P.join(home, p.slice(1));
  }
  if (workspaceFolder !== undefined) {
    p = p.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
    if (!P.isAbsolute(p)) {
      p = P.join(workspaceFolder, p);
    }
  }
  return p;
}

/**
 * The files a setting may mean: on Windows `C:\\tools\\imr-lsp` also means `imr-lsp.exe`
 * (Explorer hides the extension, so users often leave it out).
 */
export function settingCandidates(p: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32' && pathFor(platform).extname(p) === '') {
    return [p, `${p}.exe`];
  }
  return [p];
}

/** Search PATH the way a shell would (PATHEXT on Windows). */
export function findOnPath(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const pathVar = env.PATH ?? env.Path ?? '';
  const sep = platform === 'win32' ? ';' : ':';
  const exts =
    platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter((e) => e !== '') : [''];
  for (const dir of pathVar.split(sep)) {
    if (dir === '') {
      continue;
    }
    for (const ext of exts) {
      const candidate = path.join(dir, name.toLowerCase().endsWith(ext.toLowerCase()) ? name : name + ext);
      if (isFile(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

export const NOT_FOUND_HINT =
  'Install the .vsix made for your system (it carries the server), set "imr.server.path" to the ' +
  'imr-lsp executable, or install it with `cargo install --locked --path .` in the imr-lsp ' +
  'repository so that imr-lsp is on your PATH.';

export function resolveServer(input: ResolveInput): ResolveResult {
  const platform = input.platform ?? process.platform;
  const setting = input.settingPath.trim();
  if (setting !== '') {
    const p = expandSettingPath(setting, input.workspaceFolder, platform);
    // An explicit setting that points nowhere is a mistake to report, not a
    // reason to silently fall back to another binary.
    const found = settingCandidates(p, platform).find(isFile);
    return found !== undefined
      ? { ok: true, server: { command: found, source: 'setting' } }
      : {
          ok: false,
          message: `The imr-lsp server set in "imr.server.path" was not found: ${p}. Fix the setting or clear it to use the bundled server or imr-lsp on PATH.`,
        };
  }
  const bundled = bundledServerPath(input.extensionPath, platform);
  if (isFile(bundled)) {
    return { ok: true, server: { command: bundled, source: 'bundled' } };
  }
  const onPath = findOnPath(SERVER_NAME, input.env ?? process.env, platform);
  if (onPath !== undefined) {
    return { ok: true, server: { command: onPath, source: 'path' } };
  }
  return { ok: false, message: `Could not find the imr-lsp language server. ${NOT_FOUND_HINT}` };
}

/**
 * A .vsix is a zip, and some unpackers drop the executable bit: restore it on
 * the bundled binary. Returns an error message, or undefined when fine.
 */
export function ensureExecutable(p: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (platform === 'win32') {
    return undefined;
  }
  try {
    const mode = fs.statSync(p).mode;
    if ((mode & 0o111) !== 0o111) {
      fs.chmodSync(p, mode | 0o755);
    }
    return undefined;
  } catch (err) {
    return `Could not make ${p} executable: ${err instanceof Error ? err.message : String(err)}`;
  }
}
