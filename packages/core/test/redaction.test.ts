import { describe, expect, it } from 'vitest';
import { type ActionIO, type AnnotationProps, redact, redactingIO } from '../src/action-io.js';

describe('redact', () => {
  it('replaces every occurrence of every secret of four characters or more', () => {
    expect(redact('token abcd, again abcd; key wxyz12', ['abcd', 'wxyz12'])).toBe(
      'token ***, again ***; key ***',
    );
  });

  it('leaves secrets shorter than four characters (they would blank ordinary words) and other text alone', () => {
    expect(redact('the cat sat on abc', ['cat', 'abc'])).toBe('the cat sat on abc');
    expect(redact('nothing secret here', ['s3cr3t-value'])).toBe('nothing secret here');
    expect(redact('same text', [])).toBe('same text');
  });
});

/** An ActionIO that records every call it receives, in order. */
function recordingIO(): { io: ActionIO; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const io: ActionIO = {
    getInput: (name) => `input:${name}`,
    getEnv: (name) => `env:${name}`,
    setOutput: (name, value) => calls.push(['setOutput', name, value]),
    setSecret: (value) => calls.push(['setSecret', value]),
    saveState: (name, value) => calls.push(['saveState', name, value]),
    info: (message) => calls.push(['info', message]),
    debug: (message) => calls.push(['debug', message]),
    warning: (message, props) => calls.push(['warning', message, props]),
    error: (message, props) => calls.push(['error', message, props]),
    notice: (message, props) => calls.push(['notice', message, props]),
    group: (name, fn) => {
      calls.push(['group', name]);
      return fn();
    },
    appendSummary: async (markdown) => {
      calls.push(['appendSummary', markdown]);
    },
    setFailed: (message) => calls.push(['setFailed', message]),
  };
  return { io, calls };
}

describe('redactingIO', () => {
  it('redacts the secrets from every channel that leaves the process, and passes annotation properties on', async () => {
    const { io: inner, calls } = recordingIO();
    const io = redactingIO(inner, () => ['hunter22']);
    const props: AnnotationProps = { title: 'T', file: 'a.ts', startLine: 3 };
    io.setOutput('result', 'value hunter22');
    io.info('info hunter22');
    io.debug('debug hunter22');
    io.warning('warning hunter22', props);
    io.error('error hunter22', props);
    io.notice('notice hunter22', props);
    await io.appendSummary('| summary | hunter22 |');
    io.setFailed('failed hunter22');
    expect(calls).toEqual([
      ['setOutput', 'result', 'value ***'],
      ['info', 'info ***'],
      ['debug', 'debug ***'],
      ['warning', 'warning ***', props],
      ['error', 'error ***', props],
      ['notice', 'notice ***', props],
      ['appendSummary', '| summary | *** |'],
      ['setFailed', 'failed ***'],
    ]);
  });

  it('reads the secrets at each call, so a secret known only later is redacted too', () => {
    const { io: inner, calls } = recordingIO();
    const secrets: string[] = [];
    const io = redactingIO(inner, () => secrets);
    io.info('early s3cr3t');
    secrets.push('s3cr3t');
    io.info('late s3cr3t');
    expect(calls).toEqual([
      ['info', 'early s3cr3t'],
      ['info', 'late ***'],
    ]);
  });

  it('keeps the inputs, environment, secret registration, saved state and groups of the wrapped I/O', async () => {
    const { io: inner, calls } = recordingIO();
    const io = redactingIO(inner, () => ['hunter22']);
    expect(io.getInput('max-writes')).toBe('input:max-writes');
    expect(io.getEnv('GITHUB_REPOSITORY')).toBe('env:GITHUB_REPOSITORY');
    io.setSecret('hunter22');
    io.saveState('token-file', '/tmp/t');
    await expect(io.group('stage', async () => 42)).resolves.toBe(42);
    expect(calls).toEqual([
      ['setSecret', 'hunter22'],
      ['saveState', 'token-file', '/tmp/t'],
      ['group', 'stage'],
    ]);
  });
});
