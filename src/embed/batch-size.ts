/**
 * Texts per USE-lite call. On wasm, batch size barely changes throughput on ~250-word chunks
 * (bench/embed.bench.ts measured 1 to 16 within the machine's noise); 16 keeps calls few.
 * Its own file so the main-thread bundle can use it without pulling in tfjs.
 */
export const DEFAULT_BATCH_SIZE = 16;
