import { describe, expect, it } from 'vitest';
import { StringStream } from '@codemirror/language';
import { extensionVocabulary } from '../../engine/index.ts';
import { iptablesParser } from './iptablesLanguage.ts';

/** The styled words of some lines, as the editor would colour them. */
function tokens(text: string): [string, string][] {
  const state = iptablesParser.startState!(2);
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const stream = new StringStream(line, 2, 2);
    while (!stream.eol()) {
      const style = iptablesParser.token(stream, state);
      if (style) out.push([stream.current(), style]);
      stream.start = stream.pos;
    }
  }
  return out;
}

describe('iptables highlighting', () => {
  it('reads an iptables-save dump: table, chain declarations, rules, COMMIT', () => {
    const t = tokens('*filter\n:INPUT DROP [0:0]\n:SSH - [0:0]\n-A INPUT -p tcp -m tcp --dport 22 -j SSH\nCOMMIT');
    expect(t).toEqual(
      [
        ['*filter', 'heading'],
        [':INPUT', 'variableName.definition'],
        ['DROP', 'atom'],
        ['[0:0]', 'meta'],
        [':SSH', 'variableName.definition'],
        ['-', 'atom'],
        ['[0:0]', 'meta'],
        ['-A', 'keyword'],
        ['INPUT', 'variableName.standard'],
        ['-p', 'propertyName'],
        ['-m', 'keyword'],
        ['tcp', 'typeName'],
        ['--dport', 'propertyName'],
        ['22', 'number'],
        ['-j', 'keyword'],
        ['SSH', 'variableName'],
        ['COMMIT', 'keyword'],
      ].filter(([, style]) => style !== null),
    );
  });

  it('reads an iptables command with a table, negation, a quoted comment and a target', () => {
    const t = tokens(
      'iptables -t nat -A PREROUTING ! -s 10.0.0.0/8 -m comment --comment "a b" -j DNAT --to-destination 10.0.0.2:80',
    );
    expect(t).toContainEqual(['iptables', 'keyword']);
    expect(t).toContainEqual(['nat', 'namespace']);
    expect(t).toContainEqual(['PREROUTING', 'variableName.standard']);
    expect(t).toContainEqual(['!', 'operator']);
    expect(t).toContainEqual(['10.0.0.0/8', 'number']);
    expect(t).toContainEqual(['"a b"', 'string']);
    expect(t).toContainEqual(['DNAT', 'atom']);
    expect(t).toContainEqual(['10.0.0.2:80', 'number']);
  });

  it('marks an unknown table and treats # as a comment', () => {
    expect(tokens('iptables -t filtre -F')).toContainEqual(['filtre', 'invalid']);
    expect(tokens('# iptables -A INPUT')).toEqual([['# iptables -A INPUT', 'comment']]);
  });

  it.each(extensionVocabulary().targets.map((t) => t.name))('colours -j %s as a target, not a chain', (name) => {
    expect(tokens(`-A INPUT -j ${name}`)).toContainEqual([name, 'atom']);
  });
});
