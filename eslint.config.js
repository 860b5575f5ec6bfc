// `npm run lint`: typescript-eslint's type-checked recommendations and the React hooks rules
// over all TypeScript (src, test, bench, docs), the plain recommendations over the build
// scripts and the bin shim. The layer check beside it is .dependency-cruiser.cjs.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** The Node globals the plain JavaScript files use. */
const node = Object.fromEntries(
  ['process', 'console', 'URL', 'Buffer', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'].map((n) => [n, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // `_name` marks a binding kept for its position or to leave a field out of a rest copy
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `async` on a method of a Promise interface (SessionEngine, lowdb's Adapter, the fakes of
      // tests) is on purpose: what it throws becomes a rejection the caller's .catch sees.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // vitest's asymmetric matchers (expect.stringContaining...) are typed `any`, and tests read
    // the CLI's JSON output field by field.
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unsafe-member-access': 'off' },
  },
  {
    // These modules and tests find, strip or show terminal control characters: that is their job.
    files: [
      'src/evidence/format.ts',
      'src/evidence/pack-layout.ts',
      'src/runbook/mojibake.ts',
      'src/runbook/text.ts',
      'src/steps/checks.ts',
      'src/text/*.ts',
      'src/ui/text/safe-text.ts',
      'test/e2e/drive.ts',
      'test/e2e/real-run.e2e.test.ts',
      'test/steps/sanitize.test.ts',
      'test/text/headless-escapes.test.ts',
      'test/ui/overlay-layout.test.tsx',
      'test/ui/paste.test.tsx',
    ],
    rules: { 'no-control-regex': 'off' },
  },
  {
    files: ['**/*.tsx', 'src/ui/**/*.ts', 'test/ui/**/*.ts'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Plain JavaScript is not in the TypeScript project.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], languageOptions: { globals: node } },
  {
    // CommonJS on purpose (bin/flightdeck.js says why; .dependency-cruiser.cjs is read by require).
    files: ['bin/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...node, require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
