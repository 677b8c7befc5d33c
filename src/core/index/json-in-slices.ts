/**
 * `new TextEncoder().encode(JSON.stringify(value))`, byte for byte, made in pieces with
 * `breathe()` awaited between them, so serialising a large keyword bucket never holds the UI
 * thread for long. The value is walked until a part is small (at most `leafWeight` values and
 * about as many 64-character runs of text): each small part is one native `JSON.stringify`
 * call, fast and short, whatever the shape (Orama's radix trees nest hundreds of levels).
 */
export async function stringifyInSlices(value: unknown, breathe: () => Promise<void>, leafWeight = 2000): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = (): void => {
    if (pending.length === 0) return;
    chunks.push(encoder.encode(pending.join('')));
    pending = [];
    pendingLength = 0;
  };
  const root = jsonOf('', value, leafWeight);
  if (root === undefined) throw new TypeError('stringifyInSlices: the value has no JSON form');
  let pieces = 0;
  for (const piece of root) {
    pending.push(piece);
    pendingLength += piece.length;
    // Text is encoded in runs of about 64 K characters; `breathe` (which yields only when its
    // time is up) is asked every few pieces, as pieces vary a lot in cost.
    if (pendingLength >= 1 << 16) {
      flush();
      await breathe();
    } else if (++pieces % 32 === 0) await breathe();
  }
  flush();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

type Pieces = Iterable<string>;

/**
 * The JSON of `value` under `key` as a sequence of pieces, or `undefined` where JSON.stringify
 * would leave the property out (undefined, functions, symbols), following its rules: `toJSON`
 * first, then own enumerable string keys in order.
 */
function jsonOf(key: string, value: unknown, leafWeight: number): Pieces | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (value === null || typeof value !== 'object' || isBoxed(value) || !heavierThan(value, leafWeight)) {
    const s = JSON.stringify(value) as string | undefined;
    return s === undefined ? undefined : [s];
  }
  return Array.isArray(value) ? arrayPieces(value, leafWeight) : objectPieces(value as Record<string, unknown>, leafWeight);
}

function* arrayPieces(array: unknown[], leafWeight: number): Generator<string> {
  yield '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) yield ',';
    const child = jsonOf(String(i), array[i], leafWeight);
    if (child === undefined) yield 'null';
    else yield* child;
  }
  yield ']';
}

function* objectPieces(object: Record<string, unknown>, leafWeight: number): Generator<string> {
  yield '{';
  let first = true;
  for (const key of Object.keys(object)) {
    const child = jsonOf(key, object[key], leafWeight);
    if (child === undefined) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* child;
  }
  yield '}';
}

/** `new Number(1)` and the like, which JSON writes as their primitive. */
function isBoxed(value: object): boolean {
  return value instanceof Number || value instanceof String || value instanceof Boolean;
}

/**
 * Whether `value` holds more than `limit` values (a string counting one per 64 characters).
 * Stops counting at the limit, so asking costs at most about `limit` steps.
 */
function heavierThan(value: object, limit: number): boolean {
  let weight = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    weight += typeof v === 'string' ? 1 + (v.length >> 6) : 1;
    if (weight > limit) return true;
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return false;
}
