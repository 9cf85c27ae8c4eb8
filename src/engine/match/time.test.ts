import { describe, expect, it } from 'vitest';
import { timeMatch } from './time.ts';
import { evaluateWith, parseWith, saved } from './util/moduleTesting.ts';

describe('time (libxt_time.t)', () => {
  it.each([
    '--timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3,4,5 --weekdays Mon,Fri,Sun --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05 --kerneltz',
    '--timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3,4,5 --weekdays Mon,Fri,Sun --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05',
    '--timestart 02:00:00 --timestop 03:00:00 --datestart 1970-01-01T02:00:00 --datestop 1970-01-01T03:00:00',
  ])('%s saves unchanged', (text) => {
    expect(saved(timeMatch, text)).toBe(text);
  });

  it('completes short forms and orders days', () => {
    expect(saved(timeMatch, '--weekdays Sun,1 --timestart 8:00 --timestop 17:30')).toBe(
      '--timestart 08:00:00 --timestop 17:30:00 --weekdays Mon,Sun',
    );
    expect(saved(timeMatch, '--datestart 2024')).toBe('--datestart 2024-01-01T00:00:00');
  });

  it('! --weekdays takes the other days', () => {
    expect(saved(timeMatch, '! --weekdays Sat,Sun')).toBe('--weekdays Mon,Tue,Wed,Thu,Fri');
  });

  it.each([
    '--timestart 24:00',
    '--datestart 1969-01-01',
    '--weekdays 0',
    '--monthdays 32',
    '--utc --kerneltz',
    '--timestart 08:00 --timestop 17:00 --contiguous',
  ])('refuses "%s"', (text) => {
    expect(parseWith(timeMatch, text).ok).toBe(false);
  });

  it('is not simulated: a trace has no wall clock', () => {
    expect(evaluateWith(timeMatch, '--weekdays Mon').explain[0]?.id).toBe('match.not-simulated');
  });
});
