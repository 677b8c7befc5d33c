/**
 * Clipping: a web page or a saved page in, a clean markdown note out.
 * The UI and the `kindred import` command use only what is exported here.
 */
export type { ClipInput, ClipOptions, ClipDeps, ClipOutcome, KnownMeta } from './types';
export { DEFAULT_CLIP_OPTIONS, CLIP_LIMITS } from './types';
export { clipOne, describeInput } from './clip-one';
export { clipMany, MAX_CONCURRENT_CLIPS, HOST_INTERVAL_MS } from './clip-many';
export { parseUrlList } from './parse-url-list';
export { savedPageUrl } from './saved-page-url';
export { safeFileName } from './safe-file-name';
export { canonicalUrl } from './canonical-url';
// For bulk imports (src/core/import), which check duplicates before fetching and share one source index.
export { clipWithIndex } from './clip-one';
export { buildSourceIndex, findDuplicate, urlKey, type SourceIndex } from './find-duplicate';
export { safeFolder, uniqueNotePath } from './safe-file-name';
export { HostPacer } from './host-pacer';
export { buildNote, updateNote, isoDate, type NoteMeta } from './build-note';
