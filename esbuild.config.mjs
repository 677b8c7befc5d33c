// Builds the two faces of Kindred from one source tree:
//   main.js        the Obsidian plugin (CommonJS, es2018, everything but Obsidian's own modules inlined)
//   dist/cli.js    the `kindred` command for Node (dependencies left in node_modules)
// `node esbuild.config.mjs --watch` rebuilds the plugin on change.
import esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = !watch;

const obsidianExternals = [
  'obsidian',
  'electron',
  '@codemirror/autocomplete',
  '@codemirror/collab',
  '@codemirror/commands',
  '@codemirror/language',
  '@codemirror/lint',
  '@codemirror/search',
  '@codemirror/state',
  '@codemirror/view',
  '@lezer/common',
  '@lezer/highlight',
  '@lezer/lr',
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];

/**
 * `import source from 'kindred:embed-worker-source'` gives the embedding Web Worker
 * (src/embed/browser/embed-worker.ts) bundled into one string, wasm inlined, for a Blob URL.
 */
const embedWorkerSource = {
  name: 'embed-worker-source',
  setup(build) {
    build.onResolve({ filter: /^kindred:embed-worker-source$/ }, (args) => ({ path: args.path, namespace: 'embed-worker' }));
    build.onLoad({ filter: /.*/, namespace: 'embed-worker' }, async () => {
      const worker = await esbuild.build({
        entryPoints: ['src/embed/browser/embed-worker.ts'],
        bundle: true,
        write: false,
        format: 'iife',
        target: 'es2018',
        platform: 'browser',
        loader: { '.wasm': 'binary' },
        define: { 'process.env.NODE_ENV': '"production"' },
        minify: production,
        metafile: true,
      });
      return {
        contents: `export default ${JSON.stringify(worker.outputFiles[0].text)};`,
        loader: 'js',
        watchFiles: Object.keys(worker.metafile.inputs),
      };
    });
  },
};

/** The plugin bundle. wasm binaries are inlined as bytes (no fetch at run time). */
const pluginOptions = {
  plugins: [embedWorkerSource],
  entryPoints: ['src/main.ts'],
  bundle: true,
  format: 'cjs',
  target: 'es2018',
  platform: 'browser',
  external: obsidianExternals,
  loader: { '.wasm': 'binary' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'info',
  sourcemap: production ? false : 'inline',
  treeShaking: true,
  minify: production,
  outfile: 'main.js',
};

/** The command-line bundle: Node, dependencies resolved from node_modules at run time. */
const cliOptions = {
  entryPoints: { cli: 'src/cli/main.ts', 'embed-worker': 'src/embed/node/embed-worker.ts' },
  bundle: true,
  format: 'cjs',
  target: 'node20',
  platform: 'node',
  packages: 'external',
  logLevel: 'info',
  sourcemap: 'linked',
  outdir: 'dist',
  banner: { js: '#!/usr/bin/env node' },
};

import { existsSync } from 'node:fs';
// Entries that do not exist yet are skipped, so the build works while the tree grows.
cliOptions.entryPoints = Object.fromEntries(
  Object.entries(cliOptions.entryPoints).filter(([, p]) => existsSync(p)),
);

if (watch) {
  const ctx = await esbuild.context(pluginOptions);
  await ctx.watch();
} else {
  await Promise.all([esbuild.build(pluginOptions), esbuild.build(cliOptions)]);
  chmodSync('dist/cli.js', 0o755);
}
