import { describe, expect, it } from 'vitest';
import { logTarget } from './log.ts';
import { applyWith, evalContext, packet, parseWith, parsed, saved } from './util/testing.ts';

describe('LOG: parse and canonical save (libipt_LOG.t)', () => {
  it.each([
    ['', ''],
    ['--log-prefix "test: "', '--log-prefix "test: "'],
    ['--log-prefix "test: " --log-level 1', '--log-prefix "test: " --log-level 1'],
    ['--log-prefix "test: " --log-level alert', '--log-prefix "test: " --log-level 1'],
    ['--log-level warning', ''],
    ['--log-level 4', ''],
    ['--log-level 7 --log-prefix x', '--log-prefix x --log-level 7'],
    ['--log-prefix "test: " --log-tcp-sequence', '--log-prefix "test: " --log-tcp-sequence'],
    ['--log-prefix "test: " --log-tcp-options', '--log-prefix "test: " --log-tcp-options'],
    ['--log-prefix "test: " --log-ip-options', '--log-prefix "test: " --log-ip-options'],
    ['--log-prefix "test: " --log-uid', '--log-prefix "test: " --log-uid'],
    ['--log-uid --log-macdecode --log-tcp-sequence', '--log-tcp-sequence --log-uid --log-macdecode'],
    // xtables_save_string: bare when only letters, digits, _ and -; quoted otherwise (kernel case r82: "r82:").
    ['--log-prefix DROP_in-1', '--log-prefix DROP_in-1'],
    ['--log-prefix r82:', '--log-prefix "r82:"'],
    ['--log-prefix "say \\"hi\\""', '--log-prefix "say \\"hi\\""'],
  ])('%s saves as "%s"', (text, want) => {
    expect(saved(logTarget, text)).toBe(want);
  });

  it.each([
    ['--log-level bad', 'Unknown log level'],
    ['--log-level 8', 'Unknown log level'],
    ['--log-prefix', 'needs a value'],
    ['--log-prefix "a\nb"', 'newline'],
  ])('refuses "%s"', (text, why) => {
    const result = parseWith(logTarget, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(why);
  });

  it('keeps the first 29 characters of a longer prefix, as libxtables copies it into a 30-byte field', () => {
    expect(saved(logTarget, '--log-prefix 1234567890123456789012345678901')).toBe(
      '--log-prefix 12345678901234567890123456789',
    );
  });
});

describe('LOG: the packet goes on, and the kernel log line is shown', () => {
  it('continues and writes the line in the kernel order of fields', () => {
    const ctx = evalContext({ pkt: packet({ length: 40, tos: 0x10 }), inIface: 'eth0' });
    const { verdict, sentences } = applyWith(logTarget, parsed(logTarget, '--log-prefix "in: " --log-level 6'), ctx);
    expect(verdict).toEqual({ kind: 'continue' });
    expect(sentences[0]).toContain('level 6 (info)');
    expect(sentences[0]).toContain(
      'in: IN=eth0 OUT= SRC=10.0.1.2 DST=10.0.1.1 LEN=40 TOS=0x10 PREC=0x00 TTL=64 PROTO=TCP SPT=41000 DPT=22 SYN',
    );
  });

  it('prints UDP length and the mark', () => {
    const ctx = evalContext({ pkt: packet({ proto: 17, tcpFlags: undefined, length: 28, mark: 0x7 }) });
    const { sentences } = applyWith(logTarget, parsed(logTarget, ''), ctx);
    expect(sentences[0]).toContain('PROTO=UDP SPT=41000 DPT=22 LEN=8 MARK=0x7');
  });

  it('prints the socket owner with --log-uid', () => {
    const ctx = evalContext({ socket: { uid: 1000, gid: 100 }, hook: 'OUTPUT' });
    const { sentences } = applyWith(logTarget, parsed(logTarget, '--log-uid'), ctx);
    expect(sentences[0]).toContain('UID=1000 GID=100');
  });
});
