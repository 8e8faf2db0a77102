// A destination whose implementation is loaded on first use. The S3 SDK costs ~35 MB in every isolate
// that imports it (the main process and each job worker), and most profiles back up to a folder.
import type { Destination } from './destination.ts';

export function lazyDestination(description: string, load: () => Promise<Destination>): Destination {
  let loading: Promise<Destination> | undefined;
  const loaded = (): Promise<Destination> => (loading ??= load());
  return {
    description,
    put: async (name, body, options) => (await loaded()).put(name, body, options),
    get: async (name) => (await loaded()).get(name),
    getBytes: async (name, reuse) => (await loaded()).getBytes(name, reuse),
    readPieces: async (name, buffers) => {
      const destination = await loaded();
      return destination.readPieces === undefined ? destination.get(name) : destination.readPieces(name, buffers);
    },
    stat: async (name) => (await loaded()).stat(name),
    list: async (folder) => (await loaded()).list(folder),
    delete: async (name) => (await loaded()).delete(name),
    probe: async () => (await loaded()).probe(),
  };
}
