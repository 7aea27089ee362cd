// Questions about parameters rather than values: the metadata table (for docs/compatibility.md, INFO
// and tests) and which parameters CONFIG SET must redact.
// Mirrors: redis src/config.c (the standardConfig table's flags, SENSITIVE_CONFIG).

import type { ParamInfo } from './config-types.js';
import { PARAM_LOOKUP, PARAMS, type ParamName } from './params.js';

/** Every parameter with its alias, mutability and what tsredis does with it (the README's table comes from this). */
export function describeParams(): ParamInfo[] {
  return (Object.entries(PARAMS) as [ParamName, (typeof PARAMS)[ParamName]][]).map(([name, spec]) => ({
    name, alias: spec.alias, mutable: spec.mutable, status: spec.status, note: spec.note,
  }));
}

/** SENSITIVE_CONFIG: CONFIG SET values of these parameters must be redacted in SLOWLOG and MONITOR. */
export function isSensitiveParam(name: string): boolean {
  return PARAM_LOOKUP.get(name.toLowerCase())?.spec.sensitive === true;
}
