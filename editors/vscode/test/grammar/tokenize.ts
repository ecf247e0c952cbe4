/**
 * Runs the TextMate grammar outside VS Code with the same engine
 * (vscode-textmate + vscode-oniguruma, as vscode-tmgrammar-test does).
 */
import * as fs from 'node:fs';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { grammarPath } from '../paths';

export interface Token {
  readonly text: string;
  readonly start: number;
  readonly scopes: readonly string[];
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

async function load(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: (scopeName: string) =>
      Promise.resolve(
        scopeName === 'text.imr'
          ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
          : null,
      ),
  });
  const grammar = await registry.loadGrammar('text.imr');
  if (grammar === null) {
    throw new Error(`could not load ${grammarPath}`);
  }
  return grammar;
}

export function grammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= load();
  return grammarPromise;
}

/** Tokens of each line, carrying the rule stack across lines like the editor does. */
export async function tokenizeLines(lines: readonly string[]): Promise<Token[][]> {
  const g = await grammar();
  let stack = vsctm.INITIAL;
  return lines.map((line) => {
    const result = g.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((t) => ({
      text: line.slice(t.startIndex, t.endIndex),
      start: t.startIndex,
      scopes: t.scopes,
    }));
  });
}

export const hasScope = (t: Token, prefix: string): boolean => t.scopes.some((s) => s.startsWith(prefix));
