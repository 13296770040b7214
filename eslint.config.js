import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Read time from the injected Clock.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use the injected Clock.' },
        { name: 'setInterval', message: 'Use the injected Clock.' },
      ],
    },
  },
  {
    // Rules that need types, where they are cheap: every promise awaited or caught, none passed where a plain
    // callback is expected. The type information comes from tsconfig.json through the project service.
    files: ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // Passing on a rejection whose reason is unknown (an abort reason, a caught error) is allowed.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true, allowThrowingAny: true }],
    },
  },
  {
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement:first-child ~ Property',
          message: 'On Node 20 a literal that starts with a spread and then sets keys leaves old-generation garbage on every call: use withChanges(base, changes) (src/core/with-changes.ts), or list the keys.',
        },
      ],
    },
  },
  {
    // The dashboard's script runs in the browser, on the browser's own timers.
    files: ['src/server/dashboard/web/**'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'history', 'sessionStorage', 'fetch', 'URL', 'URLSearchParams', 'Node', 'WebSocket', 'setTimeout', 'clearTimeout', 'setInterval', 'LightweightCharts'].map((g) => [g, 'readonly']),
      ),
    },
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    // The clock is the one place allowed to touch real time; tests, benchmarks and the CLI entry may too.
    files: ['src/core/clock.ts', 'test/**', 'bench/**', 'bin/**'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-globals': 'off' },
  },
);
