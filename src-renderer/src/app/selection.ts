import type { JumpTarget } from '../messages/jump.ts';

/** Which chat is open, and where in it. */
export interface Selection {
  readonly chatId: number | null;
  readonly jump: JumpTarget | null;
}
