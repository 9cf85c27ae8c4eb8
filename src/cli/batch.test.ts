import { describe, expect, it } from 'vitest';
import { generateKubeProxyIpvs, joinIpvsBundle } from '../engine/index.ts';
import { answer } from './batch.ts';

/** What `nflab gen-kube --mode ipvs --services 2 --endpoints 2` prints: ipvsadm-save, ipset save, iptables-save. */
function kubeIpvsBundle(): string {
  const d = generateKubeProxyIpvs({ services: 2, endpoints: 2 });
  return joinIpvsBundle({ kubeIpvs0: d.kubeIpvs0, ipvs: d.ipvsadm, ipsets: d.ipsets, iptables: d.rules });
}

/** The lines under `header`, up to the next section header. */
const sectionOf = (text: string, header: string) =>
  (text.split(`${header}\n`)[1] ?? '').split(/^# (?:ipvsadm-save -n|ipset save|iptables-save)$/m)[0]!;

describe('nflab batch: one JSON answer per request, never a crash', async () => {
  it('check answers the summary, or ok:false with located errors', async () => {
    expect(
      await answer(JSON.stringify({ id: 'a', op: 'check', rules: '*filter\n-A INPUT -j ACCEPT\nCOMMIT\n' })),
    ).toMatchObject({
      id: 'a',
      ok: true,
      errors: [],
      summary: { tables: 1, chains: 3, rules: 1 },
    });
    const bad = await answer(JSON.stringify({ id: 'b', op: 'check', rules: '*filter\n-A INPUT -j NOSUCH\nCOMMIT\n' }));
    expect(bad).toMatchObject({ id: 'b', ok: false });
    expect((bad.errors as { line: number; col: number }[])[0]).toMatchObject({ line: 2, col: 10 });
  });

  it('save answers canonical text, and ok:false when iptables would refuse the rule', async () => {
    expect(
      await answer(JSON.stringify({ id: 1, op: 'save', rules: 'iptables -A INPUT -s 10.1.2.3/8 -j DROP' })),
    ).toEqual({
      id: 1,
      ok: true,
      save: '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -s 10.0.0.0/8 -j DROP\nCOMMIT\n',
    });
    expect(await answer(JSON.stringify({ id: 2, op: 'save', rules: 'iptables -A INPUT ! -p 0' }))).toMatchObject({
      id: 2,
      ok: false,
    });
  });

  it('save prints nftables text as nft list ruleset does, through the session; refused text gives its errors', async () => {
    const rules =
      'table inet host {\n  chain c-input {\n    type filter hook input priority 0; policy drop;\n' +
      '    tcp dport 22 accept\n  }\n}\n';
    expect(await answer(JSON.stringify({ id: 3, op: 'save', rules }))).toEqual({
      id: 3,
      ok: true,
      save:
        'table inet host {\n\tchain c-input {\n\t\ttype filter hook input priority filter; policy drop;\n' +
        '\t\ttcp dport 22 accept\n\t}\n}\n',
    });
    const refused = await answer(JSON.stringify({ id: 4, op: 'save', rules: 'table ip t {\n chain c {\n' }));
    expect(refused).toMatchObject({ id: 4, ok: false, errors: [{ line: 3, col: 1, severity: 'error' }] });
    expect(refused).not.toHaveProperty('save');
  });

  it('save prints IPVS text as ipvsadm-save -n does; a server of a missing service gives its error', async () => {
    const rules =
      '-A -u 10.96.0.10:53 -s rr\n-a -u 10.96.0.10:53 -r 10.244.0.3 -m\n-a -u 10.96.0.10:53 -r 10.244.0.2 -m\n';
    expect(await answer(JSON.stringify({ id: 5, op: 'save', rules }))).toEqual({
      id: 5,
      ok: true,
      save: '-A -u 10.96.0.10:53 -s rr\n-a -u 10.96.0.10:53 -r 10.244.0.2:53 -m -w 1\n-a -u 10.96.0.10:53 -r 10.244.0.3:53 -m -w 1\n',
    });
    const refused = await answer(
      JSON.stringify({ id: 6, op: 'save', rules: '-a -u 10.96.0.10:53 -r 10.244.0.2 -m\n' }),
    );
    expect(refused).toMatchObject({ id: 6, ok: false, errors: [{ line: 1, col: 7, code: 'ipvs-no-service' }] });
  });

  it('save reads a gen-kube --mode ipvs file section by section, as nflab save does, not as IPVS text', async () => {
    const bundle = kubeIpvsBundle();
    const saved = await answer(JSON.stringify({ id: 7, op: 'save', rules: bundle }));
    expect(saved).toMatchObject({ id: 7, ok: true });
    const text = saved.save as string;
    expect(text).toMatch(/^# kube-ipvs0: 10\.96\.0\.10\/32 10\.96\.0\.11\/32\n# ipvsadm-save -n\n-A -t /);
    // The sets as read; the iptables section (whose rules name those sets) in iptables-save's form.
    expect(sectionOf(text, '# ipset save')).toBe(sectionOf(bundle, '# ipset save'));
    expect(sectionOf(text, '# iptables-save')).toContain(
      '-A KUBE-IPVS-FILTER -m set --match-set KUBE-CLUSTER-IP dst,dst -j RETURN\n',
    );
    // Saved again, the answer is unchanged; with counters, the rules carry iptables-save -c's [0:0].
    expect(await answer(JSON.stringify({ id: 8, op: 'save', rules: text }))).toEqual({ id: 8, ok: true, save: text });
    const counted = await answer(JSON.stringify({ id: 9, op: 'save', rules: bundle, counters: true }));
    expect(counted.save).toMatch(/^\[0:0\] -A INPUT /m);
  });

  it('save of a gen-kube --mode ipvs file locates an error of its ipset section in the whole file', async () => {
    const bundle = kubeIpvsBundle();
    const lines = bundle.split('\n');
    const at = lines.findIndex((l) => l.startsWith('add KUBE-CLUSTER-IP '));
    lines[at] = 'add KUBE-CLUSTER-IP 10.96.0.300,tcp:80';
    const refused = await answer(JSON.stringify({ id: 10, op: 'save', rules: lines.join('\n') }));
    expect(refused).toMatchObject({ id: 10, ok: false, errors: [{ line: at + 1, col: 1 }] });
    expect(refused).not.toHaveProperty('save');
  });

  it("checks -m set against the request's ipsets, as iptables needs the set to exist", async () => {
    const rules = 'iptables -A INPUT -m set --match-set allow src -j ACCEPT';
    expect(await answer(JSON.stringify({ id: 1, op: 'check', rules }))).toMatchObject({ ok: false });
    const ipsets = 'create allow hash:ip family inet hashsize 1024 maxelem 65536\nadd allow 10.0.0.1\n';
    expect(await answer(JSON.stringify({ id: 2, op: 'check', rules, ipsets }))).toMatchObject({ ok: true });
  });

  it.each([
    ['not json', null, 'not valid JSON'],
    ['[1,2]', null, 'JSON object'],
    ['{"id":"x","op":"check"}', 'x', 'needs "rules"'],
    ['{"id":"y","op":"frobnicate","rules":""}', 'y', 'Unknown op'],
    ['{"id":"z","op":"trace","rules":""}', 'z', 'needs "packets"'],
  ])('refuses %s with an answer, keeping the id', async (line, id, words) => {
    const a = await answer(line);
    expect(a).toMatchObject({ id, ok: false });
    expect((a.errors as { message: string }[])[0]!.message).toContain(words);
  });
});
