// The embedding Web Worker, bundled into one string by the `embed-worker-source` plugin in esbuild.config.mjs.
declare module 'kindred:embed-worker-source' {
  const source: string;
  export default source;
}
