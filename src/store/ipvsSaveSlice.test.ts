// The IPVS export through the real engine session: the scenario's IPVS text as ipvsadm-save -n prints it.
import { describe, expect, it } from 'vitest';
import { inProcessEngine } from './engine.ts';
import { createLabStore } from './index.ts';

describe('IPVS save', () => {
  it('saves the IPVS text as ipvsadm-save -n (servers sorted), and refuses what ipvsadm refuses', async () => {
    const store = createLabStore(inProcessEngine());
    store
      .getState()
      .setIpvs('-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.9 -m\n-a -t 10.0.0.1:80 -r 10.0.0.3 -m\n');
    expect(await store.getState().saveIpvs()).toEqual({
      ok: true,
      text: '-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.0.0.3:80 -m -w 1\n-a -t 10.0.0.1:80 -r 10.0.0.9:80 -m -w 1\n',
      diagnostics: [],
    });
    store.getState().setIpvs('-a -t 10.0.0.1:80 -r 10.0.0.9 -m\n');
    const refused = await store.getState().saveIpvs();
    expect(refused.ok).toBe(false);
    expect(refused.diagnostics[0]).toMatchObject({ line: 1, code: 'ipvs-no-service' });
  });
});
