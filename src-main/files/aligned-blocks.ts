// Page-aligned 1 MiB buffers for unbuffered (O_DIRECT) writes, which need the memory address, the
// file offset and the length to be multiples of the device's block size. Node's Buffers are not
// aligned (malloc puts a header in front), but a WebAssembly.Memory starts on a page boundary, so
// blocks are carved from a few small fixed-size memories that are never grown (growing would detach
// the blocks already handed out) and reused for the life of the thread.

export const BLOCK_BYTES = 1024 * 1024;
/** Alignment for addresses, offsets and lengths: the page size, a multiple of every common sector size. */
export const ALIGNMENT_BYTES = 4096;
const BLOCKS_PER_MEMORY = 8;
const WASM_PAGE_BYTES = 65_536;

const free: Buffer[] = [];

/** A block nobody else holds; its bytes are whatever the last holder left (callers overwrite them). */
export function takeBlock(): Buffer {
  if (free.length === 0) addMemory();
  return free.pop() as Buffer;
}

/** Hands a block back once the last write from it has completed. */
export function returnBlock(block: Buffer): void {
  free.push(block);
}

/**
 * A page-aligned buffer of its own, for unbuffered reads (sequential-reader.ts): its own fixed-size
 * memory, rounded up to whole 64 KiB pages and freed with the buffer.
 */
export function alignedBuffer(bytes: number): Buffer {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES));
  return Buffer.from(new WebAssembly.Memory({ initial: pages, maximum: pages }).buffer, 0, bytes);
}

function addMemory(): void {
  const pages = (BLOCK_BYTES * BLOCKS_PER_MEMORY) / WASM_PAGE_BYTES;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  for (let i = 0; i < BLOCKS_PER_MEMORY; i++) free.push(Buffer.from(memory.buffer, i * BLOCK_BYTES, BLOCK_BYTES));
}
