#!/usr/bin/env node
// `flightdeck lint <file> [--json]` runs from dist/lint.cjs, compiled with the V8 code
// cache dist/lint.cache that the build wrote after a warm-up lint (scripts/build.mjs):
// this skips most of the parser's compilation at start. Every other command line, or a
// missing or unusable lint.cjs, goes to the ESM bundle dist/main.js. A cache V8 rejects
// (another Node version, other V8 flags) is ignored and the script compiles from source.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const argv = process.argv;

function loadLintScript() {
  const filename = fileURLToPath(new URL('../dist/lint.cjs', import.meta.url));
  const cacheFile = new URL('../dist/lint.cache', import.meta.url);
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
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, dirname(filename));
  return { exports: module.exports, script, cacheFile };
}

const lint = argv[2] === 'lint' ? loadLintScript() : undefined;
if (lint && lint.exports.simpleLint(argv)) {
  await lint.exports.runCli(argv);
  if (process.env.FLIGHTDECK_WRITE_CODE_CACHE === '1') writeFileSync(lint.cacheFile, lint.script.createCachedData());
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
