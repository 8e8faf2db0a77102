// The sandboxed preload: exposes exactly the contract as window.companion, nothing else. No channel
// name is written here; build-api.ts derives them all from src-shared/contract.ts.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CompanionApi } from '../src-shared/api.ts';
import { buildApi } from './build-api.ts';

const api: CompanionApi = buildApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  on: (channel, listener) => {
    // The page never sees the IpcRendererEvent (it would expose ipcRenderer via event.sender).
    const wrapper = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapper);
    return () => {
      ipcRenderer.removeListener(channel, wrapper);
    };
  },
});

contextBridge.exposeInMainWorld('companion', api);
