import { createHash } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Random-looking but reproducible identifiers (account ids, access keys, request ids): a hash of
 * a seed and a counter. The counter is part of the snapshot, so a restored stand-in never
 * hands out an id twice and two runs of the same test see the same ids.
 */
export class IdGenerator {
  private counter = 0;

  constructor(private readonly seed = 'provisio-aws-stand-in') {}

  private bytes(length: number): Buffer {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < length) {
      const chunk = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      chunks.push(chunk);
      total += chunk.length;
    }
    return Buffer.concat(chunks).subarray(0, length);
  }

  private from(alphabet: string, length: number): string {
    return [...this.bytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
  }

  hex(length: number): string {
    return this.bytes(Math.ceil(length / 2)).toString('hex').slice(0, length);
  }

  digits(length: number): string {
    return this.from('0123456789', length);
  }

  lowerAlnum(length: number): string {
    return this.from(LOWER_ALNUM, length);
  }

  upperAlnum(length: number): string {
    return this.from(UPPER_ALNUM, length);
  }

  secret(length: number): string {
    return this.from(SECRET_CHARS, length);
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  snapshot(): number {
    return this.counter;
  }

  restore(counter: number): void {
    this.counter = counter;
  }
}
