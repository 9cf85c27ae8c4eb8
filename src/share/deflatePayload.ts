// How a share link's payload is compressed (raw deflate, level 9, with the v1 preset dictionary): one function
// for the main thread and the deflate worker, which must not pull in the rest of the codec.
import { deflateSync } from 'fflate';
import { DICTIONARY_V1 } from './dictionary.ts';

export function deflatePayload(bytes: Uint8Array): Uint8Array {
  return deflateSync(bytes, { level: 9, dictionary: DICTIONARY_V1 });
}
