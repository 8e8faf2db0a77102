// An object's bytes as pieces, each next one read as soon as the one before is handed out, so the
// read overlaps with the consumer's work on that piece: the body of a folder's file or a bucket's
// response (Destination.get and readPieces). An explicit iterator rather than a generator: return()
// must release the source even when the consumer gives up before the first piece.

export interface PieceSource {
  /** Reads the next bytes into `buffer`; an empty piece means the end. */
  fill(buffer: Buffer): Promise<Buffer>;
  /** Releases the source once nothing is being read from it (a file handle, a response). */
  close(): Promise<void> | void;
  /** Cuts short a read under way, when the consumer gives up (a response can be; a file read cannot). */
  interrupt?(): void;
  /** What a failed read throws. */
  mapError(error: unknown): unknown;
}

/** The buffers each piece is read into, in turn, from `nextBuffer`. */
export function piecesAhead(source: PieceSource, nextBuffer: () => Buffer): AsyncIterableIterator<Buffer> {
  let open = true;
  const close = async (): Promise<void> => {
    if (!open) return;
    open = false;
    await source.close();
  };
  const read = (): Promise<Buffer> => {
    const piece = source.fill(nextBuffer());
    piece.catch(() => undefined); // awaited by the next next() or by return()
    return piece;
  };
  let ahead: Promise<Buffer> | null = null;
  const done = { done: true, value: undefined } as const;
  const iterator: AsyncIterableIterator<Buffer> = {
    async next(): Promise<IteratorResult<Buffer>> {
      if (!open) return done;
      try {
        const piece = await (ahead ?? read());
        ahead = null;
        if (piece.length === 0) {
          await close();
          return done;
        }
        ahead = read();
        return { done: false, value: piece };
      } catch (error) {
        await close().catch(() => undefined);
        throw source.mapError(error);
      }
    },
    async return(): Promise<IteratorResult<Buffer>> {
      if (open) source.interrupt?.();
      // A read under way must not land in a buffer the caller hands to its next read.
      await ahead?.catch(() => undefined);
      await close();
      return done;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** `buffers` in turn: each piece is valid until the consumer asks for the one after it. */
export function alternating(buffers: readonly [Buffer, Buffer]): () => Buffer {
  let turn = 0;
  return () => buffers[turn++ % 2] ?? buffers[0];
}
