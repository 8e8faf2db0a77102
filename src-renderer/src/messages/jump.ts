/** A request to show one message: from a search hit, Home/End, or "Jump to latest". */
export interface JumpTarget {
  readonly seq: number;
  readonly align: 'start' | 'center' | 'end';
  /** Flash the message, so the eye finds the search hit. */
  readonly highlight: boolean;
  /** New for every request, so choosing the same hit twice scrolls again. */
  readonly nonce: number;
}

export type JumpRequest = Omit<JumpTarget, 'nonce'>;
