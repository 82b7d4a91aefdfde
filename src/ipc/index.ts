// Typed fork, the child's parentChannel, and the worker pool that shares one port.
export { Channel, type MessageType } from './channel.js';
export { fork, IpcChild, type IpcForkOptions } from './fork.js';
export { parentChannel, ParentChannel } from './parent-channel.js';
export { createWorkerPool, WorkerPool } from './pool/worker-pool.js';
export type {
  BoundAddress,
  CloseOptions,
  CloseResult,
  ListenResult,
  PoolEvent,
  RestartOptions,
  WorkerInfo,
  WorkerPoolOptions,
  WorkerState,
} from './pool/types.js';
export type {
  ChannelOptions,
  IpcError,
  RequestFailureKind,
  RequestHandler,
  RequestOptions,
  RequestResult,
  SendableHandle,
  SendFailureKind,
  SendResult,
  Serialization,
} from './types.js';
