// @ts-check
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import globals from 'globals';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The parts of Coffer and the one-way dependencies between them (../shared/STYLE.md):
 * app -> features -> transfer -> protocol; features -> format; server -> protocol; cli -> format, server;
 * dev -> server. Nothing imports app, dev or cli; format and protocol import no other part.
 */
const parts = ['app', 'features', 'session', 'components', 'transfer', 'format', 'protocol', 'server', 'cli', 'dev', 'conformance'];
const allowed = {
  app: ['app', 'features', 'session', 'components', 'transfer', 'format', 'protocol'],
  features: ['features', 'session', 'components', 'transfer', 'format', 'protocol'],
  // The shared core of the browser app: connection, unlocked vault, its worker pools; every feature uses it.
  session: ['session', 'components', 'transfer', 'format', 'protocol'],
  components: ['components'],
  transfer: ['transfer', 'format', 'protocol'],
  format: ['format'],
  protocol: ['protocol'],
  server: ['server', 'protocol'],
  cli: ['cli', 'format', 'server'],
  dev: ['dev', 'server'],
  conformance: ['conformance', 'dev', 'server', 'protocol', 'transfer', 'format'],
};
const zones = parts.flatMap((target) =>
  parts
    .filter((from) => !allowed[target].includes(from))
    .map((from) => ({
      target: `./src/${target}`,
      from: `./src/${from}`,
      message: `src/${target} must not import src/${from} (see STYLE.md: one-way dependencies).`,
    })),
);
// Features are boundaries: a feature imports no other feature (what several need lives in src/session, src/components
// or src/transfer, or is composed in src/app). The edges listed here are the ones still to be taken apart.
const features = readdirSync(new URL('./src/features', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const featureEdgesLeft = { settings: ['passkeys', 'upload'], unlock: ['passkeys'] };
for (const feature of features) {
  zones.push({
    target: `./src/features/${feature}`,
    from: './src/features',
    except: [`./${feature}`, ...(featureEdgesLeft[feature] ?? []).map((other) => `./${other}`)],
    message: `src/features/${feature} must not import another feature: move what both need to src/session, src/components or src/transfer, or compose them in src/app.`,
  });
}
// src/main.tsx is the browser entry: it may import app only.
zones.push({ target: './src/main.tsx', from: './src/!(app)/**', message: 'main.tsx renders the app only.' });

/**
 * The parts linted with type information (typescript-eslint strictTypeChecked: no floating or misused promises, no
 * unsafe any, exhaustive switches, ...). The browser parts join by adding their globs here:
 * 'src/app/**', 'src/features/**', 'src/session/**', 'src/components/**', 'src/transfer/**', 'src/main.tsx'.
 */
const typeCheckedParts = [
  'src/server/**',
  'src/cli/**',
  'src/dev/**',
  'src/conformance/**',
  'src/format/**',
  'src/protocol/**',
  'bench/**',
  'e2e/**',
  'scripts/**',
  '*.config.ts',
];
const typeCheckedFiles = typeCheckedParts.flatMap((glob) => (glob.endsWith('/**') ? [`${glob}/*.ts`, `${glob}/*.tsx`] : [glob]));

export default tseslint.config(
  { ignores: ['dist', '.bench-dist', 'node_modules', 'test-results', 'playwright-report', '.coffer', 'bench/**/dist'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.*.json', noWarnOnMultipleProjects: true })] },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.tsx', 'src/features/**', 'src/session/**', 'src/app/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...tseslint.configs.strictTypeCheckedOnly.map((config) => ({ ...config, files: typeCheckedFiles })),
  {
    files: typeCheckedFiles,
    // The project service finds each file's tsconfig (app, node or e2e) the way the editor does.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A number reads the same in any template; other non-strings (objects, undefined, null) are bugs or need words.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => doSomething()` is the usual callback shape; a void value used as an expression elsewhere is still flagged.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // A switch over a union names every member, so a new member is a type error where it must be handled.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // What this rule catches, a forgotten await, no-floating-promises and no-misused-promises catch already; what is
      // left is `async` on a function that awaits nothing, which is how a function keeps a Promise-returning shape
      // (storage doubles, stream callbacks) and turns a throw into a rejection. So it is off.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/*.spec.ts'],
    rules: {
      // vitest types its asymmetric matchers (expect.any, expect.stringMatching, ...) as `any`, so every
      // `{ message: expect.stringMatching(...) }` would need a disable; the other no-unsafe-* rules stay on in tests.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  // TanStack Query's own rules: complete query keys, stable clients, no rest-destructuring of query results.
  ...pluginQuery.configs['flat/recommended'],
  {
    rules: {
      // Keys are scoped by the session instead: a lock removes every 'vault' query, a change of connection clears the
      // cache (session-context.tsx), so the session's objects are no part of a key. A share link is named by its id
      // or URL: its secret stays out of the cache key.
      '@tanstack/query/exhaustive-deps': ['error', { allowlist: { types: ['ApiClient', 'RequestsClient', 'UnlockedVault', 'RecipientKey', 'ShareLink'] } }],
    },
  },
  {
    // The format is pure: WebCrypto and hash-wasm only. No DOM, fetch, React or Node-only APIs.
    files: ['src/format/**/*.ts'],
    ignores: ['src/format/**/*.test.ts', 'src/format/testdata/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'react*', '@aws-sdk/*', 'hono*', 'fs', 'path'] }],
      'no-restricted-globals': ['error', 'window', 'document', 'fetch', 'localStorage', 'indexedDB', 'process', 'Buffer', 'XMLHttpRequest'],
    },
  },
  {
    // A blob: URL has the app's origin: made only where its type is checked (inert types, or octet-stream downloads).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/features/preview/inert-url.ts', 'src/transfer/save/save-blob.ts', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'URL', property: 'createObjectURL', message: 'Decrypted bytes get a URL only through inertObjectUrl (preview) or saveBlob (download).' },
      ],
    },
  },
  {
    // Components render; they never fetch or run crypto themselves (feature api/ files and workers do).
    files: ['src/**/components/**/*.tsx'],
    rules: {
      'no-restricted-globals': ['error', 'fetch', 'crypto', 'XMLHttpRequest'],
    },
  },
);
