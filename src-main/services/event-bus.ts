import type { EventName, EventPayload } from '../../src-shared/contract.ts';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Fans contract events out to every transport (Electron windows, WebSocket clients). */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
