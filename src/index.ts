// The public API: re-exports only.
export * from './process/index.js';
export * from './ipc/index.js';
export * from './compile/index.js';
export * from './judge/index.js';
export * from './queue/index.js';
