// esbuild plugins for the CommonJS bundles (scripts/build.mjs). Each one patches a
// dependency at bundle time, and fails the build loudly if the code it expects changed.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const fastWidth = fileURLToPath(new URL('../src/ui/text/fast-width.ts', import.meta.url));

function replaceOnce(source, from, to, what) {
  if (!source.includes(from)) throw new Error(`bundle: ${what} changed; update scripts/bundle-plugins.mjs`);
  return source.replace(from, to);
}

/**
 * yoga-layout (Ink's layout engine) loads its WebAssembly with top-level await, which a
 * CommonJS bundle cannot hold. WebAssembly.Module and Instance are synchronous in Node:
 * the wasm bytes are exported from the binary module and instantiated in place through
 * Emscripten's instantiateWasm hook, so the module is ready when its import returns.
 */
export const syncYoga = {
  name: 'sync-yoga',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const dataUrl = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(source);
      if (!dataUrl) throw new Error('bundle: the yoga wasm data URL changed; update scripts/bundle-plugins.mjs');
      const contents = replaceOnce(source, dataUrl[0], '""', 'the yoga wasm data URL').replace('import.meta.url', 'undefined');
      return { contents: `${contents}\nexport const wasmBase64 = ${JSON.stringify(dataUrl[1])};\n`, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) => {
      replaceOnce(readFileSync(args.path, 'utf8'), 'wrapAssembly(await loadYoga())', '', 'yoga-layout/dist/src/index.js');
      return {
        contents: `import loadYoga, { wasmBase64 } from '../binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from './wrapAssembly.js';
const lib = {
  instantiateWasm(imports, done) {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(wasmBase64, 'base64')), imports);
    done(instance);
    return instance.exports;
  },
};
loadYoga(lib);
export default wrapAssembly(lib);
export * from './generated/YGEnums.js';
`,
        loader: 'js',
      };
    });
  },
};

/**
 * Ink's reconciler awaits two imports at top level, both only when DEV=true (React
 * devtools, which are not installed, and Ink's package.json for them). In the bundle they
 * fail the way a missing react-devtools-core does, which Ink reports as a warning.
 */
export const inkWithoutTopLevelAwait = {
  name: 'ink-without-top-level-await',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]reconciler\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      source = replaceOnce(
        source,
        "await import('./devtools.js')",
        "(() => { throw Object.assign(new Error('react-devtools-core is not bundled'), { code: 'ERR_MODULE_NOT_FOUND' }); })()",
        "ink's devtools import",
      );
      source = replaceOnce(source, 'await loadPackageJson()', '{ name: undefined, version: undefined }', "ink's package.json read");
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * Ink clips every line written inside an `overflow="hidden"` box with slice-ansi, even a
 * line that fits: the TUI's root box is one, so that is every line of every frame
 * (~20-35 ms of the first). A line that fits is kept as it is: the characters and styles
 * Ink takes from it are the same.
 */
export const inkClipFastPath = {
  name: 'ink-clip-fast-path',
  setup(b) {
    b.onLoad({ filter: /[\\/]ink[\\/]build[\\/]output\.js$/ }, (args) => {
      let source = readFileSync(args.path, 'utf8');
      source = replaceOnce(
        source,
        'return sliceAnsi(line, from, to);',
        'return from === 0 && to >= width ? line : sliceAnsi(line, from, to);',
        "ink's horizontal clip",
      );
      // Each frame starts from a grid of blank cells, one new object (and styles array) per
      // cell: 3000 of each for 100x30, a part of them promoted to V8's old generation at
      // every frame while a command printed. Cells are replaced, never changed, so every
      // blank is one shared cell.
      source = replaceOnce(
        source,
        `row.push({
                    type: 'char',
                    value: ' ',
                    fullWidth: false,
                    styles: [],
                });`,
        'row.push(BLANK_CELL);',
        "ink's blank output cells",
      );
      source = replaceOnce(source, 'export default class Output {', "const BLANK_CELL = Object.freeze({ type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) });\nexport default class Output {", "ink's Output class");
      return { contents: source, loader: 'js' };
    });
  },
};

/**
 * Ink turns each screen line into text by diffing the styles of every character with the
 * one before (@alcalzone/ansi-tokenize diffAnsiCodes: three Sets and four arrays a
 * character), even when both are unstyled: ~7 MB allocated per frame of a 100x30 screen,
 * which V8's young generation then promoted in part. Equal styles diff to nothing, so
 * that case returns at once.
 */
export const ansiDiffFastPath = {
  name: 'ansi-diff-fast-path',
  setup(b) {
    b.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]diff\.js$/ }, (args) => ({
      contents: replaceOnce(
        readFileSync(args.path, 'utf8'),
        'export function diffAnsiCodes(from, to) {',
        `export function diffAnsiCodes(from, to) {
    if (from.length === to.length) {
        let k = 0;
        while (k < from.length && from[k].code === to[k].code && from[k].endCode === to[k].endCode) k++;
        if (k === from.length) return [];
    }`,
        'ansi-tokenize diffAnsiCodes',
      ),
      loader: 'js',
    }));
  },
};

/**
 * Every `import 'string-width'` that resolves to the top-level string-width goes through
 * src/ui/text/fast-width.ts first; string-width itself (its emoji regex and segmenter
 * cost ~30-40 ms to build and warm up) loads only when some text needs it.
 */
export const fastStringWidth = {
  name: 'fast-string-width',
  setup(b) {
    const skip = Symbol('real string-width');
    let real;
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === skip) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: skip });
      real ??= (await b.resolve('string-width', { kind: 'import-statement', resolveDir: dirname(fastWidth), pluginData: skip })).path;
      if (resolved.errors.length > 0 || resolved.path !== real) return undefined;
      return { path: real, namespace: 'fast-string-width' };
    });
    b.onLoad({ filter: /.*/, namespace: 'fast-string-width' }, (args) => ({
      contents: `import { fastStringWidth } from ${JSON.stringify(fastWidth)};
let slow;
export default function stringWidth(text, options) {
  const width = fastStringWidth(text, options);
  if (width !== undefined) return width;
  slow ??= require(${JSON.stringify(args.path)}).default;
  return slow(text, options);
}
`,
      loader: 'js',
      resolveDir: fileURLToPath(new URL('..', import.meta.url)),
    }));
  },
};
