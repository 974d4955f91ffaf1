import { describe, expect, it } from 'vitest';
import { nonLoopback } from './listen-guard';

describe('nonLoopback', () => {
  it('lets loopback through and names every other address a server listens on', () => {
    expect(nonLoopback(['127.0.0.1', '127.0.1.9', '::1', '::ffff:127.0.0.1'])).toEqual([]);
    expect(nonLoopback(['0.0.0.0', '::', '10.1.2.3', '192.168.0.1', '::ffff:10.0.0.1', '128.0.0.1'])).toEqual([
      '0.0.0.0',
      '::',
      '10.1.2.3',
      '192.168.0.1',
      '::ffff:10.0.0.1',
      '128.0.0.1',
    ]);
  });
});
