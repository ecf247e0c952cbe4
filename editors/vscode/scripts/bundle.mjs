// Bundles the extension (and vscode-languageclient) into dist/extension.js so
// the .vsix needs no node_modules. Usage: node scripts/bundle.mjs [--production] [--watch]
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  outfile: 'dist/extension.js',
  format: 'cjs',
  platform: 'node',
  target: 'node18', // VS Code 1.82 ships Electron 25 / Node 18
  external: ['vscode'], // provided by the host at run time
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

if (watch) {
  const ctx = await esbuild.context(options);
  await ctx.watch();
} else {
  await esbuild.build(options);
}
