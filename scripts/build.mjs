// Bundles src/ into dist/ with esbuild, as two CommonJS scripts that bin/flightdeck.js
// compiles through node:vm with a V8 code cache (dist/<name>.cache) written by a warm-up
// run (scripts/warm-up.mjs): a cache skips compiling, at each start, the functions that
// run. ES modules cannot use a code cache on Node 20, hence CommonJS.
//
// - dist/lint.cjs: only the `lint <file> [--json]` path, so lint never loads Ink, React
//   or the Azure SDKs;
// - dist/cli.cjs: every command. Modules reached only through import() (the Azure SDKs,
//   the other commands, the TUI for lint) stay unevaluated until then.
//
// Without a cache (not written, or from another Node version) the scripts compile from
// source: slower to start, otherwise the same.
//
// dist/ stays runnable while it is rebuilt (a CLI started meanwhile, e.g. by tests in
// another terminal): each file is written to a temp name and renamed, and the caches go
// first, so a new script never meets an old cache.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inkWithoutTopLevelAwait, syncYoga } from './bundle-plugins.mjs';
import { warmCli, warmLint } from './warm-up.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const dist = join(root, 'dist');
const OUTPUTS = ['lint.cjs', 'lint.cjs.map', 'lint.cache', 'cli.cjs', 'cli.cjs.map', 'cli.cache'];
mkdirSync(dist, { recursive: true });
for (const name of readdirSync(dist)) {
  if (name.endsWith('.cache') || !OUTPUTS.includes(name)) rmSync(join(dist, name), { recursive: true, force: true });
}

async function bundle(options) {
  const { outputFiles } = await build({ ...options, write: false });
  for (const file of outputFiles) {
    if (!OUTPUTS.includes(basename(file.path))) throw new Error(`build: unexpected output ${file.path}; add it to OUTPUTS`);
    writeFileSync(`${file.path}.${process.pid}`, file.contents);
    renameSync(`${file.path}.${process.pid}`, file.path);
  }
}

const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Fully minified: less source to read at each start (lint --json ~2.5% faster).
  minify: true,
  legalComments: 'none',
  define: {
    'process.env.NODE_ENV': '"production"',
    __FLIGHTDECK_VERSION__: JSON.stringify(pkg.version),
  },
  logLevel: 'warning',
};

// In dist/lint.cjs the CLI's other lazy imports (commander, the other commands) are
// never reached: bin/flightdeck.js runs it only for the command line simpleLint accepts.
const lintOnly = {
  name: 'lint-only',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && args.importer.endsWith('/src/cli.ts') && args.path !== './commands/lint.js'
        ? { path: args.path, namespace: 'lint-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lint-only' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not in dist/lint.cjs`)});`,
      loader: 'js',
    }));
  },
};

await bundle({ ...common, entryPoints: ['src/startup/lint-entry.ts'], outfile: 'dist/lint.cjs', plugins: [lintOnly] });
await bundle({
  ...common,
  entryPoints: ['src/startup/cli-entry.ts'],
  outfile: 'dist/cli.cjs',
  plugins: [syncYoga, inkWithoutTopLevelAwait],
  // Ink imports react-devtools-core only when DEV=true; it is not installed and never needed.
  // The Azure SDKs and zod load from node_modules (their CommonJS builds) when first used:
  // bundled, each of their top-level functions would still cost every start its share of
  // source, code cache and memory (~1.1 MB of source, 0.2 MB of cache, ~8 MB RSS).
  external: ['react-devtools-core', '@azure/identity', '@azure/monitor-query-metrics', '@azure/monitor-query-logs', '@azure/arm-appcontainers', 'zod'],
  // import() of those becomes require() (inside bin/flightdeck.js's vm script there is no
  // loader for import()); bundled modules load that way in a CommonJS bundle anyway.
  supported: { 'dynamic-import': false },
});

warmLint(root);
const cliWarmUp = await warmCli(root);
for (const name of ['lint', 'cli']) {
  if (!existsSync(new URL(`../dist/${name}.cache`, import.meta.url))) {
    process.stderr.write(`build: dist/${name}.cache was not written; flightdeck starts slower without it\n`);
  }
}
if (cliWarmUp !== 'tui') {
  process.stderr.write('build: no terminal for the warm-up (util-linux `script`); dist/cli.cache does not hold the TUI\n');
}
