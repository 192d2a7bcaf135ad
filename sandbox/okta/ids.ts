import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 text (rejection sampling keeps the digits uniform). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** Okta's object prefixes: users `00u`, groups `00g`, apps `0oa`, user types `oty`, sessions `102`. */
export type IdPrefix = '00u' | '00g' | '0oa' | 'oty' | '102';

/**
 * Makes Okta-shaped 20-character ids. A sequence number comes first so ids sort in creation
 * order; `after` cursors are then plain id comparisons, which survive deletions between pages.
 */
export class IdGenerator {
  /** Starts somewhere in the middle of the 8-digit range so ids do not begin with a run of zeros. */
  constructor(private sequence = 62 ** 7 * 10 + Math.floor(Math.random() * 62 ** 6)) {}

  next(prefix: IdPrefix): string {
    this.sequence += 1;
    return `${prefix}${base62(this.sequence, 8)}${randomBase62(9)}`;
  }

  get state(): number {
    return this.sequence;
  }

  set state(value: number) {
    this.sequence = value;
  }
}

/** Okta's `errorId` values look like `oaeXSgWaUtkTvm8Vj9dkWGKiA`. */
export function errorId(): string {
  return `oae${randomBase62(22)}`;
}

/** Opaque random text for nonces, activation tokens and API tokens. */
export function opaqueToken(length: number): string {
  return randomBase62(length);
}
