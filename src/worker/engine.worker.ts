// The engine's thread: exposes the worker API with comlink. Everything heavy (parsing a 10,000-service dump,
// tracing) happens here so the main thread never blocks.
import { expose } from 'comlink';
import { createRealEngineApi } from './engineDeps.ts';

expose(createRealEngineApi());
