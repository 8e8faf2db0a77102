// The typed surface every transport offers the renderer: one method per contract call, plus events.
import type { CallInput, CallName, CallOutput, EventName, EventPayload } from './contract.ts';
import type { Result } from './errors.ts';

export type CallMethods = {
  readonly [K in CallName]: (input: CallInput<K>) => Promise<Result<CallOutput<K>>>;
};

export interface EventSubscriber {
  /** Subscribe to an event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export type CompanionApi = CallMethods & EventSubscriber;
