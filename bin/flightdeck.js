#!/usr/bin/env node
import('../dist/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('flightdeck: the build is missing (dist/). Run `npm ci` or `npm run build` first.\n');
    process.exitCode = 2;
    return;
  }
  throw err;
});
