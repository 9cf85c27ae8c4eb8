// The engine's thread: serves one engine session with comlink. Everything heavy (parsing a 10,000-service dump,
// tracing) happens here so the main thread never blocks.
import { expose } from 'comlink';
import { serveSession } from './serve.ts';

expose(serveSession());
