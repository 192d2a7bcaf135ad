import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ReceivedRequest } from '../../../sandbox/aws/sigv4/received-request';
import { contractPath } from '../../helpers/contracts';

/** One signed request from the official SigV4 suites, with what it takes to verify it. */
export interface SuiteCase {
  id: string;
  form: 'header' | 'query';
  request: ReceivedRequest;
  normalize: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  nowMs: number;
  region: string;
  service: string;
}

const CLASSIC_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const CLASSIC_NOW = Date.UTC(2015, 7, 30, 12, 36, 0);

/**
 * Parses the suites' raw HTTP messages. Hand-written because the files are deliberately not
 * valid HTTP for a real parser: raw spaces and UTF-8 in the request target, folded header
 * lines, repeated headers and a BOM, all of which must reach the verifier unchanged.
 */
export function parseHttpMessage(text: string): ReceivedRequest {
  const clean = text.replace(/^\uFEFF/, '');
  const blank = clean.indexOf('\n\n');
  const head = blank < 0 ? clean : clean.slice(0, blank);
  const body = blank < 0 ? '' : clean.slice(blank + 2);
  const [requestLine = '', ...headerLines] = head.split('\n');
  const firstSpace = requestLine.indexOf(' ');
  const lastSpace = requestLine.lastIndexOf(' ');
  const method = requestLine.slice(0, firstSpace);
  const target = requestLine.slice(firstSpace + 1, lastSpace);
  const q = target.indexOf('?');
  const headers: [string, string][] = [];
  for (const line of headerLines) {
    const previous = headers[headers.length - 1];
    if (/^[ \t]/.test(line) && previous) {
      previous[1] += `\n${line}`; // obsolete line folding: the signer collapses it to one space
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return {
    method,
    path: q < 0 ? target : target.slice(0, q),
    rawQuery: q < 0 ? '' : target.slice(q + 1),
    headers,
    body: new TextEncoder().encode(body),
  };
}

/**
 * The classic suite; every case there expects a normalised path. The request is the `.sreq`
 * with its Authorization taken from `.authz`: two `.sreq` files (post-vanilla-query-space,
 * post-vanilla-query-nonunreserved) carry a stale signature that disagrees with their own
 * `.creq` → `.sts` → `.authz` chain, which is the part of the suite its publishers check.
 */
export function classicSuiteCases(): SuiteCase[] {
  const root = contractPath('aws-sigv4', 'aws-sig-v4-test-suite');
  const cases: SuiteCase[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry.endsWith('.sreq')) {
        cases.push({
          id: `classic/${path.relative(root, dir)}`,
          form: 'header',
          request: withAuthorization(parseHttpMessage(readFileSync(full, 'utf8')), readFileSync(full.replace(/\.sreq$/, '.authz'), 'utf8').trim()),
          normalize: true,
          ...CLASSIC_CREDENTIALS,
          nowMs: CLASSIC_NOW,
          region: 'us-east-1',
          service: 'service',
        });
      }
    }
  };
  walk(root);
  return cases;
}

function withAuthorization(request: ReceivedRequest, authorization: string): ReceivedRequest {
  return { ...request, headers: request.headers.map(([n, v]) => [n, n.toLowerCase() === 'authorization' ? authorization : v] as const) };
}

interface CrtContext {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  normalize: boolean;
  region: string;
  service: string;
  timestamp: string;
}

/** The aws-c-auth suite: each case once signed in the header and once presigned in the query. */
export function crtSuiteCases(): SuiteCase[] {
  const root = contractPath('aws-sigv4', 'aws-c-auth-signing-test-suite', 'v4');
  const cases: SuiteCase[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = path.join(root, name);
    const context = JSON.parse(readFileSync(path.join(dir, 'context.json'), 'utf8')) as CrtContext;
    for (const form of ['header', 'query'] as const) {
      const file = path.join(dir, `${form}-signed-request.txt`);
      if (!existsSync(file)) continue;
      cases.push({
        id: `crt/${name}/${form}`,
        form,
        request: parseHttpMessage(readFileSync(file, 'utf8')),
        normalize: context.normalize,
        accessKeyId: context.credentials.access_key_id,
        secretAccessKey: context.credentials.secret_access_key,
        nowMs: Date.parse(context.timestamp),
        region: context.region,
        service: context.service,
      });
    }
  }
  return cases;
}
