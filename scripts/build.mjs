// Bundles src/ into dist/ with esbuild. Code splitting keeps `lint` from loading
// Ink, React or the Azure SDKs: those sit behind dynamic import() and land in chunks.
import { build } from 'esbuild';
import { rmSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
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
  define: {
    'process.env.NODE_ENV': '"production"',
    __FLIGHTDECK_VERSION__: JSON.stringify(pkg.version),
  },
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __fdCreateRequire } from 'node:module'; const require = __fdCreateRequire(import.meta.url);",
  },
  // Ink imports react-devtools-core only when DEV=true; it is not installed and never needed.
  external: ['react-devtools-core'],
  logLevel: 'warning',
});
