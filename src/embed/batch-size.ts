/**
 * Texts per USE-lite call. On wasm, a sweep of 1, 2, 4, 8 and 16 over 32 passages of 250 words
 * showed no consistent trend on this shared 2-core machine (the model's compute dominates);
 * 16 keeps calls and messages few.
 * Its own file so the main-thread bundle can use it without pulling in tfjs.
 */
export const DEFAULT_BATCH_SIZE = 16;
