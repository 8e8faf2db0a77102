// A FIFO of incoming chunks from which fixed-size pieces are taken without re-concatenating the whole
// backlog each time (streams deliver arbitrary chunk sizes; frames need exact byte counts).
export class ByteQueue {
  #chunks: Buffer[] = [];
  #head = 0; // bytes already consumed from #chunks[0]
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  /** Copies what is still queued into a buffer of its own, so the chunks pushed so far may be reused. */
  detach(): void {
    if (this.#length === 0) return;
    const rest = Buffer.allocUnsafe(this.#length);
    let filled = 0;
    for (const [index, chunk] of this.#chunks.entries()) filled += chunk.copy(rest, filled, index === 0 ? this.#head : 0);
    this.#chunks = [rest];
    this.#head = 0;
  }

  /** Removes and returns exactly `n` bytes, or null (and removes nothing) when fewer are queued. */
  take(n: number): Buffer | null {
    if (n > this.#length) return null;
    const first = this.#chunks[0];
    if (first !== undefined && first.length - this.#head >= n) {
      const out = first.subarray(this.#head, this.#head + n);
      this.#advance(n);
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.#chunks[0];
      if (chunk === undefined) throw new Error('ByteQueue length out of sync');
      const count = Math.min(n - filled, chunk.length - this.#head);
      chunk.copy(out, filled, this.#head, this.#head + count);
      filled += count;
      this.#advance(count);
    }
    return out;
  }

  #advance(n: number): void {
    this.#length -= n;
    this.#head += n;
    const first = this.#chunks[0];
    if (first !== undefined && this.#head === first.length) {
      this.#chunks.shift();
      this.#head = 0;
    }
  }
}
