/**
 * Batched matrix products in WebAssembly SIMD, for USE-lite's attention.
 *
 * Where the time went (`tf.profile` of one batch of 16 passages, wasm backend): 38% in the four
 * attention products (`BatchMatMul` on [16, 4, 128, 64|128] operands). tfjs's wasm backend hands a
 * product to XNNPACK only when it has a single batch and no transpose; every other product runs a
 * scalar blocked loop (`slow_batch_matmul`), measured 7 to 8 times slower per multiply-add than the
 * XNNPACK products of the same graph. The kernels here are those loops with four lanes at a time:
 *
 *   nt: C[b] = A[b] · B[b]ᵀ   (A: L × K, B: M × K; K a multiple of 8)  queries · keysᵀ
 *   nn: C[b] = A[b] · B[b]    (A: L × K, B: K × M; M a multiple of 4)  weights · values
 *
 * The module is assembled below from its instructions (632 bytes; there is no compiler in
 * the build), instantiated once per thread, and works in its own memory: operands are copied in and
 * the product copied out (about 1 ms a product here, against hundreds for the product itself).
 */

/** The two kernels over the module's own memory (byte offsets). */
export interface SimdBatchMatMul {
  /** C[b] = A[b] · B[b]ᵀ for b < batches; A is rows × inner, B is cols × inner. */
  nt(a: Float32Array, b: Float32Array, batches: number, rows: number, inner: number, cols: number): Float32Array;
  /** C[b] = A[b] · B[b] for b < batches; A is rows × inner, B is inner × cols. */
  nn(a: Float32Array, b: Float32Array, batches: number, rows: number, inner: number, cols: number): Float32Array;
}

// ---------------------------------------------------------------- the assembler (just what is used)

const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const get = (local: number): number[] => [0x20, ...uleb(local)];
const set = (local: number): number[] => [0x21, ...uleb(local)];
const i32 = (value: number): number[] => [0x41, ...sleb(value)];
const add = [0x6a];
const mul = [0x6c];
const geU = [0x4f];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
/** v128.load / v128.store with 16-byte alignment hint 4 (2^4), offset 0. */
const v128Load = [...simd(0x00), 4, 0];
const v128Store = [...simd(0x0b), 4, 0];
const f32x4Splat = simd(0x13);
const f32x4Add = simd(0xe4);
const f32x4Mul = simd(0xe6);
const extractLane = (lane: number): number[] => [...simd(0x1f), lane];
const f32Add = [0x92];
const f32Load = [0x2a, 2, 0];
const f32Store = [0x38, 2, 0];
const v128Zero = [...simd(0x0c), ...new Array<number>(16).fill(0)];

/** `for (counter = 0; counter < limit; counter += step) body` as block/loop/br_if. */
function forLoop(counter: number, limit: number[], step: number, body: number[]): number[] {
  return [
    ...i32(0), ...set(counter),
    0x02, 0x40, // block
    0x03, 0x40, // loop
    ...get(counter), ...limit, ...geU, 0x0d, 1, // br_if 1 (the block): leave when counter >= limit
    ...body,
    ...get(counter), ...i32(step), ...add, ...set(counter),
    0x0c, 0, // br 0 (the loop): go round again
    0x0b, 0x0b, // end loop, end block
  ];
}

// Parameters of both kernels: a, b, c (byte offsets), batches, rows, inner, cols (counts).
const [A, B, C, BATCHES, ROWS, INNER, COLS] = [0, 1, 2, 3, 4, 5, 6];

/** nt: locals 7 batch, 8 i, 9 j, 10 k (bytes), 11 aRow, 12 bRow, 13 out, 14 acc0 (v128), 15 acc1 (v128). */
function ntBody(): number[] {
  const [batch, i, j, k, aRow, bRow, out, acc0, acc1] = [7, 8, 9, 10, 11, 12, 13, 14, 15];
  const innerBytes = [...get(INNER), ...i32(4), ...mul];
  // Two accumulators over alternate groups of 4 let the adds of two groups overlap.
  const dot = [
    ...v128Zero, ...set(acc0), ...v128Zero, ...set(acc1),
    ...forLoop(k, innerBytes, 32, [
      ...get(acc0), ...get(aRow), ...get(k), ...add, ...v128Load, ...get(bRow), ...get(k), ...add, ...v128Load, ...f32x4Mul, ...f32x4Add, ...set(acc0),
      ...get(acc1), ...get(aRow), ...get(k), ...add, ...i32(16), ...add, ...v128Load, ...get(bRow), ...get(k), ...add, ...i32(16), ...add, ...v128Load, ...f32x4Mul, ...f32x4Add, ...set(acc1),
    ]),
    ...get(acc0), ...get(acc1), ...f32x4Add, ...set(acc0),
  ];
  const storeSum = [
    ...get(out),
    ...get(acc0), ...extractLane(0), ...get(acc0), ...extractLane(1), ...f32Add,
    ...get(acc0), ...extractLane(2), ...get(acc0), ...extractLane(3), ...f32Add, ...f32Add,
    ...f32Store,
    ...get(out), ...i32(4), ...add, ...set(out),
  ];
  return [
    ...get(C), ...set(out),
    ...forLoop(batch, get(BATCHES), 1, [
      ...forLoop(i, get(ROWS), 1, [
        // aRow = a + ((batch * rows + i) * inner) * 4
        ...get(A), ...get(batch), ...get(ROWS), ...mul, ...get(i), ...add, ...get(INNER), ...mul, ...i32(4), ...mul, ...add, ...set(aRow),
        ...forLoop(j, get(COLS), 1, [
          // bRow = b + ((batch * cols + j) * inner) * 4
          ...get(B), ...get(batch), ...get(COLS), ...mul, ...get(j), ...add, ...get(INNER), ...mul, ...i32(4), ...mul, ...add, ...set(bRow),
          ...dot,
          ...storeSum,
        ]),
      ]),
    ]),
  ];
}

/** nn: locals 7 batch, 8 i, 9 k, 10 j (bytes), 11 aAt, 12 bRow, 13 cRow, 14 scalar (v128). */
function nnBody(): number[] {
  const [batch, i, k, j, aAt, bRow, cRow, scalar] = [7, 8, 9, 10, 11, 12, 13, 14];
  const colBytes = [...get(COLS), ...i32(4), ...mul];
  return [
    ...forLoop(batch, get(BATCHES), 1, [
      ...forLoop(i, get(ROWS), 1, [
        // cRow = c + ((batch * rows + i) * cols) * 4, zeroed
        ...get(C), ...get(batch), ...get(ROWS), ...mul, ...get(i), ...add, ...get(COLS), ...mul, ...i32(4), ...mul, ...add, ...set(cRow),
        ...forLoop(j, colBytes, 16, [...get(cRow), ...get(j), ...add, ...v128Zero, ...v128Store]),
        ...forLoop(k, get(INNER), 1, [
          // scalar = splat(a[batch][i][k]); bRow = b + ((batch * inner + k) * cols) * 4
          ...get(A), ...get(batch), ...get(ROWS), ...mul, ...get(i), ...add, ...get(INNER), ...mul, ...get(k), ...add, ...i32(4), ...mul, ...add, ...set(aAt),
          ...get(aAt), ...f32Load, ...f32x4Splat, ...set(scalar),
          ...get(B), ...get(batch), ...get(INNER), ...mul, ...get(k), ...add, ...get(COLS), ...mul, ...i32(4), ...mul, ...add, ...set(bRow),
          ...forLoop(j, colBytes, 16, [
            ...get(cRow), ...get(j), ...add,
            ...get(cRow), ...get(j), ...add, ...v128Load,
            ...get(scalar), ...get(bRow), ...get(j), ...add, ...v128Load, ...f32x4Mul,
            ...f32x4Add, ...v128Store,
          ]),
        ]),
      ]),
    ]),
  ];
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

function functionBody(locals: Array<[count: number, type: number]>, code: number[]): number[] {
  const body = [...vector(locals.map(([count, type]) => [...uleb(count), type])), ...code, 0x0b];
  return [...uleb(body.length), ...body];
}

/** The module's bytes: one memory, the kernels `nt` and `nn` of type (i32 × 7) → (). */
export function simdBatchMatMulModule(): Uint8Array<ArrayBuffer> {
  const type = [0x60, ...vector([[I32], [I32], [I32], [I32], [I32], [I32], [I32]]), 0x00];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([type])),
    ...section(3, vector([[0], [0]])),
    ...section(5, vector([[0x00, 1]])), // memory: at least one page, no maximum
    ...section(7, vector([[...name('mem'), 0x02, 0], [...name('nt'), 0x00, 0], [...name('nn'), 0x00, 1]])),
    ...section(10, vector([
      functionBody([[7, I32], [2, V128]], ntBody()),
      functionBody([[7, I32], [1, V128]], nnBody()),
    ])),
  ]);
}

// ---------------------------------------------------------------- running it

const PAGE = 65536;

/** The kernels, or `null` where WebAssembly SIMD is not available (the caller falls back to tfjs). */
export function loadSimdBatchMatMul(): SimdBatchMatMul | null {
  const bytes = simdBatchMatMulModule();
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return null;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  const memory = instance.exports.mem as WebAssembly.Memory;
  const kernels = instance.exports as unknown as Record<'nt' | 'nn', (...args: number[]) => void>;
  const run = (kernel: 'nt' | 'nn', a: Float32Array, b: Float32Array, batches: number, rows: number, inner: number, cols: number): Float32Array => {
    const outLength = batches * rows * cols;
    // Operands and product side by side, each at a 16-byte boundary.
    const aAt = 0;
    const bAt = aAt + Math.ceil((a.length * 4) / 16) * 16;
    const cAt = bAt + Math.ceil((b.length * 4) / 16) * 16;
    const needed = cAt + outLength * 4;
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    const heap = new Float32Array(memory.buffer);
    heap.set(a, aAt / 4);
    heap.set(b, bAt / 4);
    kernels[kernel](aAt, bAt, cAt, batches, rows, inner, cols);
    return heap.slice(cAt / 4, cAt / 4 + outLength);
  };
  return {
    nt: (a, b, batches, rows, inner, cols) => {
      if (inner % 8 !== 0) throw new RangeError(`nt needs an inner size that is a multiple of 8 (got ${inner})`);
      if (a.length !== batches * rows * inner || b.length !== batches * cols * inner) throw new RangeError('nt: the operands do not match their sizes');
      return run('nt', a, b, batches, rows, inner, cols);
    },
    nn: (a, b, batches, rows, inner, cols) => {
      if (cols % 4 !== 0) throw new RangeError(`nn needs a column count that is a multiple of 4 (got ${cols})`);
      if (a.length !== batches * rows * inner || b.length !== batches * inner * cols) throw new RangeError('nn: the operands do not match their sizes');
      return run('nn', a, b, batches, rows, inner, cols);
    },
  };
}
