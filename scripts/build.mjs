// Bundles src/ into dist/ with esbuild. Code splitting keeps `lint` from loading
// Ink, React or the Azure SDKs: those sit behind dynamic import() and land in chunks.
//
// `lint <file> [--json]` has a faster start: dist/lint.cjs holds only the lint path as
// one CommonJS script, which bin/flightdeck.js compiles through node:vm with the V8
// code cache dist/lint.cache. The cache is written by a warm-up lint of runbooks/demo.md
// so that it holds the parser's functions compiled, not only the top level.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const define = {
  'process.env.NODE_ENV': '"production"',
  __FLIGHTDECK_VERSION__: JSON.stringify(pkg.version),
};

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minifySyntax: true,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define,
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __fdCreateRequire } from 'node:module'; const require = __fdCreateRequire(import.meta.url);",
  },
  // Ink imports react-devtools-core only when DEV=true; it is not installed and never needed.
  external: ['react-devtools-core'],
  logLevel: 'warning',
});

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

await build({
  absWorkingDir: root,
  entryPoints: ['src/startup/lint-entry.ts'],
  outfile: 'dist/lint.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Fully minified: less source to read and hash at each start (lint --json ~2.5% faster).
  minify: true,
  legalComments: 'none',
  define,
  plugins: [lintOnly],
  logLevel: 'warning',
});

// Without the cache lint still works (compiled from source); say so and go on.
spawnSync(process.execPath, ['bin/flightdeck.js', 'lint', 'runbooks/demo.md', '--json'], {
  cwd: root,
  env: { ...process.env, FLIGHTDECK_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (!existsSync(new URL('../dist/lint.cache', import.meta.url))) {
  process.stderr.write('build: dist/lint.cache was not written; lint starts without the code cache\n');
}
