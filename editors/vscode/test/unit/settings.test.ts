import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { initializationOptions, readSettings, RULE_CODES, serverPathSetting } from '../../src/core/settings';

const getter =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

interface Manifest {
  contributes: {
    configuration: {
      properties: Record<string, { items?: { enum?: string[] }; propertyNames?: { enum?: string[] } }>;
    };
  };
}

describe('readSettings', () => {
  it('builds the initializationOptions object', () => {
    const s = readSettings(
      getter({
        'server.path': '/usr/bin/imr-lsp',
        'rules.disabled': ['placeholder'],
        'rules.severity': { 'unknown-guideline': 'hint' },
        'catalog.path': '/etc/imr.toml',
      }),
    );
    assert.deepEqual(s, {
      server: { path: '/usr/bin/imr-lsp' },
      rules: { disabled: ['placeholder'], severity: { 'unknown-guideline': 'hint' } },
      catalog: { path: '/etc/imr.toml' },
    });
  });

  it('uses empty defaults and drops ill-typed values', () => {
    assert.deepEqual(readSettings(getter({})), {
      server: { path: '' },
      rules: { disabled: [], severity: {} },
      catalog: { path: '' },
    });
    const s = readSettings(
      getter({ 'rules.disabled': ['a', 3, null], 'rules.severity': { a: 'fatal', b: 'warning' }, 'server.path': 7 }),
    );
    assert.deepEqual(s.rules, { disabled: ['a'], severity: { b: 'warning' } });
    assert.equal(s.server.path, '');
  });

  it('offers exactly the server rule codes in package.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as Manifest;
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(props['imr.rules.disabled']?.items?.enum, [...RULE_CODES]);
    assert.deepEqual(props['imr.rules.severity']?.propertyNames?.enum, [...RULE_CODES]);
  });
});

describe('workspace trust', () => {
  it('tells the server whether the folder is trusted', () => {
    const get = getter({ 'catalog.path': 'org.toml' });
    assert.equal(initializationOptions(get, false).trustedWorkspace, false);
    assert.equal(initializationOptions(get, true).trustedWorkspace, true);
    assert.equal(initializationOptions(get, false).catalog.path, 'org.toml');
  });

  it('runs no server named by the folder in Restricted Mode', () => {
    // Trusted: whatever VS Code resolved.
    assert.equal(serverPathSetting('./marker.sh', { globalValue: '' }, true), './marker.sh');
    // Untrusted: the folder's value is dropped; the user's absolute one is kept.
    assert.equal(serverPathSetting('/ws/marker.sh', { globalValue: undefined }, false), '');
    assert.equal(serverPathSetting('/usr/bin/imr-lsp', { globalValue: '/usr/bin/imr-lsp' }, false), '/usr/bin/imr-lsp');
    assert.equal(serverPathSetting('~/bin/imr-lsp', { globalValue: '~/bin/imr-lsp' }, false), '~/bin/imr-lsp');
    assert.equal(serverPathSetting('C:\\imr\\imr-lsp.exe', { globalValue: 'C:\\imr\\imr-lsp.exe' }, false), 'C:\\imr\\imr-lsp.exe');
    // Relative or folder-based user values would still run a program from the folder.
    for (const v of ['target/release/imr-lsp', '${workspaceFolder}/imr-lsp', './imr-lsp']) {
      assert.equal(serverPathSetting(v, { globalValue: v }, false), '', v);
    }
    assert.equal(serverPathSetting('', undefined, false), '');
  });

  it('package.json declares limited support and restricts both path settings', () => {
    const pj = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
      capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } };
    };
    const u = pj.capabilities?.untrustedWorkspaces;
    assert.equal(u?.supported, 'limited');
    assert.deepEqual([...(u.restrictedConfigurations ?? [])].sort(), ['imr.catalog.path', 'imr.server.path']);
  });
});
