// The config parameters that choose the encoding of every object the RDB reader (and RESTORE)
// builds, read from the live config at load time as Redis reads server.*_max_* then.

import type { Config } from '../../config/config.js';
import type { RdbLoadLimits } from './object-reader.js';

export function rdbLoadLimitsFromConfig(config: Config): RdbLoadLimits {
  return {
    listFill: config.get('list-max-listpack-size'),
    hash: {
      maxListpackEntries: config.get('hash-max-listpack-entries'),
      maxListpackValue: config.get('hash-max-listpack-value'),
    },
    set: { maxIntsetEntries: config.get('set-max-intset-entries') },
    zset: {
      maxListpackEntries: config.get('zset-max-listpack-entries'),
      maxListpackValue: config.get('zset-max-listpack-value'),
    },
  };
}
