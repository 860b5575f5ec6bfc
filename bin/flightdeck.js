#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): a CommonJS entry starts ~7 ms sooner than an
// ES module, which matters for `lint` (issue 3: lint within 2x of `node -e ''`).
//
// The CLI is bundled as CommonJS scripts in dist/ (scripts/build.mjs), each compiled here
// with the V8 code cache dist/<name>.cache that a warm-up run wrote at build time: most
// of the functions a start needs are then already compiled. `flightdeck lint <file>
// [--json]` runs from dist/lint.cjs, which holds only the lint path; every other command
// line from dist/cli.cjs. A cache V8 rejects (another Node version, other V8 flags) is
// ignored and the script compiles from source.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');

function loadScript(name) {
  const filename = join(dist, `${name}.cjs`);
  const cacheFile = join(dist, `${name}.cache`);
  let source;
  try {
    source = readFileSync(filename, 'utf8');
  } catch {
    return undefined;
  }
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet (before the warm-up run): compile from source
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, filename, dist);
  return { exports: module.exports, script, cacheFile };
}

/** After a build's warm-up run: the cache, written to a temp file and renamed so a concurrent start never reads half of it. */
function writeCache(loaded) {
  if (process.env.FLIGHTDECK_WRITE_CODE_CACHE !== '1') return;
  writeFileSync(`${loaded.cacheFile}.${process.pid}`, loaded.script.createCachedData());
  renameSync(`${loaded.cacheFile}.${process.pid}`, loaded.cacheFile);
}

const argv = process.argv;
const lint = argv[2] === 'lint' ? loadScript('lint') : undefined;
const loaded = lint && lint.exports.simpleLint(argv) ? lint : loadScript('cli');
if (loaded) {
  loaded.exports.runCli(argv).then(() => writeCache(loaded));
} else {
  process.stderr.write('flightdeck: the build is missing (dist/). Run `npm ci` or `npm run build` first.\n');
  process.exitCode = 2;
}
