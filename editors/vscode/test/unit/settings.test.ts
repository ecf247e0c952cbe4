import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readSettings, RULE_CODES } from '../../src/core/settings';

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
