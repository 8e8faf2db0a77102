// Long operations (import, later backup and restore) are registered under the renderer's
// operation id so that `cancelOperation` can reach them.
import { randomBytes } from 'node:crypto';

export class Operations {
  private readonly running = new Map<string, AbortController>();

  /** Runs `work` with an AbortSignal that cancelOperation(operationId) triggers. */
  async run<T>(operationId: string | undefined, work: (signal: AbortSignal, operationId: string) => Promise<T>): Promise<T> {
    const id = operationId ?? randomBytes(12).toString('base64url');
    const controller = new AbortController();
    this.running.set(id, controller);
    try {
      return await work(controller.signal, id);
    } finally {
      this.running.delete(id);
    }
  }

  cancel(operationId: string): boolean {
    const controller = this.running.get(operationId);
    controller?.abort();
    return controller !== undefined;
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
  }
}
