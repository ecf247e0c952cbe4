import * as path from 'node:path';

/**
 * Repository fixtures. Compiled tests run from out/test/..., so walk up to
 * editors/vscode and then to the repository root. IMR_FIXTURES_DIR overrides.
 */
const extensionRoot = path.resolve(__dirname, '..', '..');
export const repoRoot = path.resolve(extensionRoot, '..', '..');
export const fixturesDir = process.env.IMR_FIXTURES_DIR ?? path.join(repoRoot, 'tests', 'fixtures');
export const grammarPath = path.join(extensionRoot, 'syntaxes', 'imr.tmLanguage.json');
