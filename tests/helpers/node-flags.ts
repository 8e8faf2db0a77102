// Flags for every Node process the tests start: vitest's forks (vitest.config.ts) and the CLI and
// server children. They all load the .ts sources through Node's type stripping, which is
// WebAssembly (the shipped app loads bundled JS and runs none), and V8's wasm code GC crashed a fork
// twice in CI (SIGSEGV in NativeModule::FreeCode, reached from a wrapper tier-up on a worker thread).
export const TEST_NODE_FLAGS: readonly string[] = ['--no-wasm-code-gc'];
