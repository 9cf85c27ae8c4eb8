export { batchWork, MAX_BATCH } from './batch.ts';
export type { BatchEndpoint, BatchKind, BatchOptions, BatchResult, BatchTally, BatchWork } from './batch.ts';
