// The one WebAssembly API main uses (aligned-blocks.ts). The node config has no DOM lib, which is
// where TypeScript declares WebAssembly; V8 provides it in every Node and Electron isolate.
declare namespace WebAssembly {
  class Memory {
    constructor(descriptor: { readonly initial: number; readonly maximum?: number });
    readonly buffer: ArrayBuffer;
  }
}
