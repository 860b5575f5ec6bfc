// esbuild plugins for dist/cli.cjs (scripts/build.mjs). The CLI runs as a CommonJS script
// so that bin/flightdeck.js can compile it with a V8 code cache: Node 20 has no compile
// cache for ES modules (module.enableCompileCache came in 22.1), and its require() of an
// ES module refuses top-level await, which yoga-layout and Ink's reconciler both use. So
// exactly two load-time rewrites remain, each about how a module loads, neither about what
// it computes, and each pinned to the exact version it was written against: a dependency
// upgrade fails the build here until the rewrite is checked again.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Fails the build unless the package that holds `file` is `name` at exactly `version`. */
function assertVersion(file, name, version) {
  let dir = dirname(file);
  for (;;) {
    let pkg;
    try {
      pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      pkg = undefined;
    }
    if (pkg?.name === name) {
      if (pkg.version !== version) {
        throw new Error(`bundle: the load-time rewrite of ${name} targets ${version}, found ${pkg.version}; check it against the new version in scripts/bundle-plugins.mjs`);
      }
      return;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`bundle: no package.json of ${name} above ${file}`);
    dir = up;
  }
}

function replaceOnce(source, from, to, what) {
  if (!source.includes(from)) throw new Error(`bundle: ${what} changed; update scripts/bundle-plugins.mjs`);
  return source.replace(from, to);
}

const YOGA_VERSION = '3.2.1';
const INK_VERSION = '6.8.0';

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
      assertVersion(args.path, 'yoga-layout', YOGA_VERSION);
      const source = readFileSync(args.path, 'utf8');
      const dataUrl = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(source);
      if (!dataUrl) throw new Error('bundle: the yoga wasm data URL changed; update scripts/bundle-plugins.mjs');
      const contents = replaceOnce(source, dataUrl[0], '""', 'the yoga wasm data URL').replace('import.meta.url', 'undefined');
      return { contents: `${contents}\nexport const wasmBase64 = ${JSON.stringify(dataUrl[1])};\n`, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) => {
      assertVersion(args.path, 'yoga-layout', YOGA_VERSION);
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
      assertVersion(args.path, 'ink', INK_VERSION);
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
