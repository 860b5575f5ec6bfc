// The layers of docs/architecture.md, checked by `npm run lint`. Imports go one way:
//   text/ and the base modules (errors, paths, version, settings) — usable by all
//   runbook → metrics → steps   (azure/ is a metric source: it may use metrics, not steps)
//   steps, metrics, azure → session (with identity.ts) → evidence
//   ui, headless, commands, startup, cli, main on top
// Type-only imports count: a layer that needs another's types sits above it.
const TOP = 'src/(ui|headless|commands|startup)/|src/(cli|main)\\.ts$';
const BASE = 'src/(errors|paths|version|settings)\\.ts$';

/** A layer (`from`) that must not import any of `to`. */
const layer = (name, from, to, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle that runs code makes two modules one; split out what both need.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-across-folders',
      comment:
        'Types may refer to each other inside one folder (an event type and its data shape); a cycle through another folder is an import against the layers.',
      severity: 'error',
      from: { path: '^(src/[^/]+/)' },
      to: { circular: true, via: { pathNot: '^$1' } },
    },
    layer('text-is-bottom', '^src/text/', '^src/(?!text/)', 'text/ (redaction, sanitising) imports nothing else of flightdeck.'),
    layer('base-is-bottom', `^${BASE}`, `^src/(?!text/)(?!(errors|paths|version|settings)\\.ts$)`, 'The base modules use only text/ and each other.'),
    layer('runbook-is-pure', '^src/runbook/', `^src/(steps|metrics|azure|session|evidence)/|^src/identity\\.ts$|^${TOP}`, 'The runbook model knows nothing of running it.'),
    layer('metrics-below-steps', '^src/metrics/', `^src/(steps|azure|session|evidence)/|^src/identity\\.ts$|^${TOP}`, 'Metric sources sit beside steps: steps and session use them.'),
    layer('steps-below-session', '^src/steps/', `^src/(azure|session|evidence)/|^src/identity\\.ts$|^${TOP}`, 'Steps do one thing of a step; the session drives them.'),
    layer('azure-below-session', '^src/azure/', `^src/(steps|session|evidence)/|^src/identity\\.ts$|^${TOP}`, 'Azure is a source the session uses.'),
    layer('session-below-evidence', '^src/session/|^src/identity\\.ts$', `^src/evidence/|^${TOP}`, 'The engine never reaches up into evidence or the front ends.'),
    layer('evidence-below-front-ends', '^src/evidence/', `^${TOP}`, 'Evidence reads a log; the front ends call it.'),
    {
      name: 'react-only-in-ui',
      comment: 'Only the TUI renders: the engine and everything below it never import React or Ink.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/ui/' },
      to: { path: '^node_modules/(ink|react|@inkjs/ui|ink-testing-library)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
