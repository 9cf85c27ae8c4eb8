// The page reads links only through the share-decode worker: the request goes to the worker, its answer comes
// back whole, and a worker whose script fails to load turns into a sentence ('unreadable'), not a hang.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeShare, encodeShare, type SharedState } from '../share/codec.ts';
import type { ShareDecodeReply, ShareDecodeRequest } from './shareDecoder.ts';
import { editableCopy, findBuiltin } from '../scenarios/index.ts';

/** A stand-in for the browser's Worker: answers with the pure decoder, or fails like a script that did not load. */
function fakeWorker(mode: 'answers' | 'fails', seen: string[]) {
  return class {
    onmessage: ((e: MessageEvent<ShareDecodeReply>) => void) | null = null;
    onerror: ((e: { preventDefault(): void }) => void) | null = null;
    terminated = false;
    postMessage(request: ShareDecodeRequest) {
      seen.push(request.fragment);
      setTimeout(() => {
        if (mode === 'fails') this.onerror?.({ preventDefault() {} });
        else this.onmessage?.({ data: { id: request.id, result: decodeShare(request.fragment) } } as MessageEvent);
      });
    }
    terminate() {
      this.terminated = true;
    }
  };
}

async function decoderWith(worker: unknown) {
  vi.resetModules();
  vi.stubGlobal('Worker', worker);
  return (await import('./shareDecoder.ts')).decodeLink;
}

const builtin = findBuiltin('host-firewall');
const sampleShared: SharedState = {
  scenario: editableCopy(builtin!),
  view: { packetIndex: 0, stepIndex: 0, tableOrder: 'nft' },
};

afterEach(() => vi.unstubAllGlobals());

describe('decodeLink in a page', () => {
  it('hands the fragment to the worker and returns its answer', async () => {
    const seen: string[] = [];
    const decodeLink = await decoderWith(fakeWorker('answers', seen));
    const fragment = encodeShare(sampleShared);
    const result = await decodeLink(fragment);
    expect(seen).toEqual([fragment]);
    expect(result).toEqual({ ok: true, state: sampleShared });
  });

  it('says a link is unreadable when the worker script fails, and tries a fresh worker next time', async () => {
    const seen: string[] = [];
    const decodeLink = await decoderWith(fakeWorker('fails', seen));
    expect(await decodeLink('v2.x.00000000')).toEqual({ ok: false, error: 'unreadable' });
    expect(await decodeLink('v2.y.00000000')).toEqual({ ok: false, error: 'unreadable' });
    expect(seen).toEqual(['v2.x.00000000', 'v2.y.00000000']);
  });
});
