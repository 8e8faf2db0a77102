// What the job thread and the chunk-id worker say to each other.

export interface HashRequest {
  readonly seq: number;
  /** Transferred: the sender loses access until the reply gives it back. */
  readonly buffer: ArrayBuffer;
  /** Bytes of `buffer` that are the chunk (the last chunk of a file is shorter). */
  readonly length: number;
}

export interface HashReply {
  readonly seq: number;
  readonly buffer: ArrayBuffer;
  readonly id: Uint8Array;
}
