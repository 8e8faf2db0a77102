// The support calls of the handler table.
import { diagnosticsFile } from '../diagnostics/bundle.ts';
import { readTimeline } from '../diagnostics/journal-reader.ts';
import type { AppContext } from '../services/app-context.ts';
import type { Handlers } from './dispatch.ts';

export function createDiagnosticsHandlers(context: AppContext): Pick<Handlers, 'getDiagnosticsTimeline' | 'getDiagnostics'> {
  return {
    getDiagnosticsTimeline: () => Promise.resolve(readTimeline(context.paths.dir, { limit: 50 })),
    getDiagnostics: () =>
      diagnosticsFile(
        context.paths,
        { host: { kind: context.host.kind, version: context.host.version }, sealer: context.host.keystore },
        { signal: new AbortController().signal, onProgress: () => undefined },
      ),
  };
}
