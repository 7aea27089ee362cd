// The eviction module can add maxmemory-policy names. Kept in its own file: the registry is process-wide state.

import { describe, expect, it } from 'vitest';
import { Config, ConfigSetError, registerMaxmemoryPolicy } from '../../../src/config/config.js';

describe('registerMaxmemoryPolicy', () => {
  it('lets a registered policy through CONFIG SET and lists it last in the enum error', () => {
    registerMaxmemoryPolicy('allkeys-test-policy');
    const config = new Config();
    config.configSet(['maxmemory-policy', 'ALLKEYS-TEST-POLICY']);
    expect(config.get('maxmemory-policy')).toBe('allkeys-test-policy');
    expect(() => config.configSet(['maxmemory-policy', 'x'])).toThrow(new ConfigSetError(
      "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: " +
        'volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction, allkeys-test-policy',
    ));
  });

  it('is accepted at startup too', () => {
    registerMaxmemoryPolicy('volatile-test-policy');
    expect(Config.fromArgs(['--maxmemory-policy', 'volatile-test-policy']).get('maxmemory-policy')).toBe('volatile-test-policy');
  });
});
