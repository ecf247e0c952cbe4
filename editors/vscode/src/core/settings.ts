/**
 * The `imr` configuration object as sent to the server in
 * `initializationOptions` (the same shape the server gets from
 * `workspace/configuration` for section `imr`). Pure: values are read through
 * a getter so this is testable without VS Code, and bad user input (wrong
 * types in settings.json) is dropped here instead of confusing the server.
 */

export { RULE_CODES } from './rules';
import { RULE_CODES } from './rules';

export type RuleCode = (typeof RULE_CODES)[number];

export const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;
export type SeverityName = (typeof SEVERITIES)[number];

export interface ImrSettings {
  readonly server: { readonly path: string };
  readonly rules: {
    readonly disabled: string[];
    readonly severity: Record<string, SeverityName>;
  };
  readonly catalog: { readonly path: string };
}

/** Reads a dotted key below `imr` (e.g. `rules.disabled`), like WorkspaceConfiguration.get. */
export type ConfigGetter = (key: string) => unknown;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function readSettings(get: ConfigGetter): ImrSettings {
  const disabledRaw = get('rules.disabled');
  // Unknown codes are kept: a newer server may know rules this list does not.
  const disabled = Array.isArray(disabledRaw) ? disabledRaw.filter((c): c is string => typeof c === 'string') : [];
  const severityRaw = get('rules.severity');
  const severity: Record<string, SeverityName> = {};
  if (severityRaw !== null && typeof severityRaw === 'object' && !Array.isArray(severityRaw)) {
    for (const [code, level] of Object.entries(severityRaw as Record<string, unknown>)) {
      if (typeof level === 'string' && (SEVERITIES as readonly string[]).includes(level)) {
        severity[code] = level as SeverityName;
      }
    }
  }
  return {
    server: { path: str(get('server.path')) },
    rules: { disabled, severity },
    catalog: { path: str(get('catalog.path')) },
  };
}

/** What the server is told at start: the settings, and whether VS Code trusts the folder. */
export interface InitializationOptions extends ImrSettings {
  /** `false` in Restricted Mode: the server then reads no organisation catalog from the folder. */
  readonly trustedWorkspace: boolean;
}

export function initializationOptions(get: ConfigGetter, trusted: boolean): InitializationOptions {
  return { ...readSettings(get), trustedWorkspace: trusted };
}

/** `imr.server.path` as `WorkspaceConfiguration.inspect` reports it. */
export interface InspectedPath {
  readonly globalValue?: unknown;
}

/**
 * The `imr.server.path` to use. In a trusted folder, the effective value. In Restricted Mode,
 * only the user's own (global) value, and only when it is absolute (`/…`, `C:\…` or `~/…`): a
 * relative path or `${workspaceFolder}` would run a program from the folder. '' means "the
 * bundled binary".
 */
export function serverPathSetting(effective: string, inspected: InspectedPath | undefined, trusted: boolean): string {
  if (trusted) {
    return effective;
  }
  const user = str(inspected?.globalValue).trim();
  const absolute = user.startsWith('/') || user.startsWith('~/') || /^[A-Za-z]:[\\/]/.test(user);
  return absolute && !user.includes('${workspaceFolder}') ? user : '';
}
