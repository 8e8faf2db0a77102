// What the job thread and the hashing worker say to each other. Bytes are views of shared memory,
// read in place (a transferred buffer looked free but V8 counted each transfer as a new external
// allocation, and collected garbage for it). Every request gets a reply with its `seq`: the sender
// knows from it that the worker is done with the bytes it was given.

export type HashRequest =
  | {
      /** Read `bytes.length` bytes of the file at `position` into `bytes`, then reply with their chunk id. */
      readonly kind: 'media-chunk';
      readonly seq: number;
      readonly path: string;
      /** The size the backup planned with: a file that no longer has it is refused. */
      readonly fileSize: number;
      readonly position: number;
      readonly bytes: Uint8Array;
    }
  | {
      readonly kind: 'sha256';
      readonly seq: number;
      /** Which file's running hash (the sender numbers them). */
      readonly file: number;
      /** Absent for the last call. */
      readonly bytes: Uint8Array | null;
      /** The file is complete: reply with its digest and forget it. */
      readonly end: boolean;
    };

export interface HashReply {
  readonly seq: number;
  /** media-chunk: the chunk's id. */
  readonly id?: Uint8Array;
  /** sha256 with `end`: the file's digest, hex. */
  readonly digest?: string;
  /** media-chunk: why the file could not be read (an fs error keeps its code and syscall). */
  readonly error?: { readonly message: string; readonly code?: string; readonly syscall?: string };
}
