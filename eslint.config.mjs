import { builtinModules } from 'node:module';
import { defineConfig, globalIgnores } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import obsidianmd from 'eslint-plugin-obsidianmd';
import globals from 'globals';

// Node's built-in modules, as `fs` and as `node:fs` (and their subpaths, `fs/promises`).
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).flatMap((name) => [name, `node:${name}`]);

export default defineConfig([
  globalIgnores(['node_modules', 'dist', 'main.js', 'scripts', 'bench/results', 'esbuild.config.mjs', 'eslint.config.mjs']),
  ...obsidianmd.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.*'] },
      },
    },
  },
  {
    // TypeScript checks names itself; ESLint's no-undef does not know TS's global types (NodeJS, DOM).
    files: ['**/*.ts'],
    rules: { 'no-undef': 'off' },
  },
  {
    // The house's two rules that cannot be forgotten (test/eslint-config.test.ts proves they bite):
    // no import cycles anywhere in src, and a pure core.
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // src/core is pure TypeScript: the outside world comes in through src/core/ports.ts.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'obsidian', message: 'src/core never imports obsidian: take what you need through a port in src/core/ports.ts.' },
            ...nodeBuiltins.map((name) => ({ name, message: 'src/core never imports Node built-ins: take what you need through a port in src/core/ports.ts.' })),
          ],
          patterns: [
            { group: ['@tensorflow/*', '@tensorflow-models/*'], message: 'src/core never imports TensorFlow.js: embedding comes in through the Embedder port.' },
            { group: ['**/obsidian/**', '**/cli/**', '**/embed/**', '**/ui/**'], message: 'src/core depends on nothing outside src/core.' },
          ],
        },
      ],
    },
  },
  {
    // Tests, the CLI and the Node embedder run in Node, not in Obsidian: Node built-ins are theirs to use.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/cli/**/*.ts', 'src/embed/node/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import/no-nodejs-modules': 'off',
      'obsidianmd/no-nodejs-modules': 'off',
      'no-console': 'off',
      // Node has no popout windows, and the CLI's `.obsidian` default is a documented flag.
      'obsidianmd/prefer-window-timers': 'off',
      'obsidianmd/no-global-this': 'off',
      'obsidianmd/hardcoded-config-path': 'off',
    },
  },
  {
    // The browser harness is the stand-in for Obsidian itself: it implements the DOM helpers and
    // APIs these rules steer plugins towards, and evaluates the built main.js as Obsidian does.
    files: ['test/browser/harness/**/*.ts'],
    rules: {
      'obsidianmd/prefer-create-el': 'off',
      'obsidianmd/no-static-styles-assignment': 'off',
      'obsidianmd/prefer-file-manager-trash-file': 'off',
      'obsidianmd/rule-custom-message': 'off',
      '@typescript-eslint/no-implied-eval': 'off',
      'no-restricted-globals': 'off',
    },
  },
  {
    // node:test's test() returns a promise the runner itself awaits.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      'obsidianmd/prefer-window-timers': 'off',
    },
  },
]);
