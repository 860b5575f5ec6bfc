#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): a CommonJS entry starts ~7 ms sooner than an
// ES module, which matters for `lint` (issue 3: lint within 2x of `node -e ''`).
//
// `flightdeck lint <file> [--json]` runs from dist/lint.cjs, compiled with the V8 code
// cache dist/lint.cache that the build wrote after a warm-up lint (scripts/build.mjs):
// this skips most of the parser's compilation at start. Every other command line, or a
// missing lint.cjs, goes to the ES module bundle dist/main.js. A cache V8 rejects
// (another Node version, other V8 flags) is ignored and the script compiles from source.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

const dist = join(__dirname, '..', 'dist');

function loadLintScript() {
  const filename = join(dist, 'lint.cjs');
  const cacheFile = join(dist, 'lint.cache');
  let source;
  try {
    source = readFileSync(filename, 'utf8');
  } catch {
    return undefined;
  }
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {}
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, filename, dist);
  return { exports: module.exports, script, cacheFile };
}

const argv = process.argv;
const lint = argv[2] === 'lint' ? loadLintScript() : undefined;
if (lint && lint.exports.simpleLint(argv)) {
  lint.exports.runCli(argv).then(() => {
    if (process.env.FLIGHTDECK_WRITE_CODE_CACHE !== '1') return;
    writeFileSync(`${lint.cacheFile}.${process.pid}`, lint.script.createCachedData());
    renameSync(`${lint.cacheFile}.${process.pid}`, lint.cacheFile);
  });
} else {
  import('../dist/main.js').catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write('flightdeck: the build is missing (dist/). Run `npm ci` or `npm run build` first.\n');
      process.exitCode = 2;
      return;
    }
    throw err;
  });
}
