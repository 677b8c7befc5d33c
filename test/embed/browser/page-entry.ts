// The page side of web-worker-embedder.browser.test.ts: the real createBrowserEmbedder, model files
// fetched from the test's loopback server (in Obsidian they come from the BlobStore instead).
import { createBrowserEmbedder } from '../../../src/embed/browser/create-browser-embedder';
import type { BackendPreference } from '../../../src/embed/choose-backend';

/** The bytes at `url` on the test server, or null for a 404. */
function readFromTestServer(url: string): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('GET', url);
    request.responseType = 'arraybuffer';
    request.onload = () => resolve(request.status === 200 ? new Uint8Array(request.response as ArrayBuffer) : null);
    request.onerror = () => reject(new Error(`could not read ${url}`));
    request.send();
  });
}

async function embedInPage(
  modelPath: string,
  texts: string[],
  backend: BackendPreference,
  workers = 1,
): Promise<{ backend: string; workers: number; vectors: number[][] }> {
  const embedder = await createBrowserEmbedder({
    backend,
    workers,
    source: {
      location: `the test server at ${modelPath}`,
      read: (name) => readFromTestServer(`${modelPath}/${name}`),
    },
  });
  try {
    const vectors = await embedder.embed(texts);
    return { backend: embedder.backend, workers: embedder.size, vectors: vectors.map((v) => Array.from(v)) };
  } finally {
    await embedder.dispose();
  }
}

Object.assign(window, { embedInPage });
