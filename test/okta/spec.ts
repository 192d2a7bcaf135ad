/**
 * Validates recorded Okta exchanges against the official OpenAPI files
 * (management-minimal.yaml, oauth-minimal.yaml) with ajv. Each YAML file is parsed once per
 * test file (they are large); `$ref`s resolve into the parsed document. Not a test file.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { contractPath } from '../helpers/contracts';
import type { Exchange } from './client';

type Json = Record<string, unknown>;
export type SpecName = 'management' | 'oauth';

/**
 * Places where the stand-in knowingly departs from the spec text, each with its reason. They are
 * applied to the loaded document so the departure is visible here rather than hidden in the checks.
 */
export const SPEC_PATCHES: { spec: SpecName; pointer: string; addEnum: string; why: string }[] = [
  {
    spec: 'oauth',
    pointer: '/components/schemas/TokenResponseTokenType',
    addEnum: 'DPoP',
    why: 'RFC 9449 §5 and Okta\'s DPoP guide return token_type "DPoP" for DPoP-bound tokens; the spec enum lists only Bearer and N_A.',
  },
];

export interface Operation {
  spec: SpecName;
  template: string;
  method: string;
  op: Json;
}

export interface Finding {
  kind: 'unknown-operation' | 'undocumented-status' | 'response-schema' | 'request-schema' | 'unexpected-body' | 'missing-body';
  exchange: string;
  detail: string;
}

function pointerGet(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Json | undefined)?.[part];
  }
  return node;
}

/**
 * Parsing the 3.4 MB YAML takes seconds and every Okta test file needs it, so the parsed document
 * is kept as JSON in the OS temp folder, keyed by the file's size and mtime.
 */
function parseCached(file: string): Json {
  const { size, mtimeMs } = statSync(file);
  const cache = path.join(tmpdir(), 'provisio-okta-spec-cache', `${path.basename(file)}-${size}-${Math.round(mtimeMs)}.json`);
  try {
    return JSON.parse(readFileSync(cache, 'utf8')) as Json;
  } catch {
    const doc = parse(readFileSync(file, 'utf8')) as Json;
    try {
      mkdirSync(path.dirname(cache), { recursive: true });
      const partial = `${cache}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(doc));
      renameSync(partial, cache);
    } catch {
      // A read-only temp folder only costs speed.
    }
    return doc;
  }
}

function withoutExamples(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutExamples);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'example' && k !== 'examples') out[k] = withoutExamples(v);
    return out;
  }
  return node;
}

/** Rewrites local `#/...` refs to point into the document registered under `id`. */
function rebase(schema: unknown, id: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rebase(s, id));
  if (schema && typeof schema === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(schema)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${id}${v}` : rebase(v, id);
    return out;
  }
  return schema;
}

export class OktaSpec {
  private static instance?: OktaSpec;
  readonly docs: Record<SpecName, Json>;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  static load(): OktaSpec {
    OktaSpec.instance ??= new OktaSpec();
    return OktaSpec.instance;
  }

  private constructor() {
    const read = (file: string): Json => parseCached(contractPath('okta', file));
    this.docs = { management: read('management-minimal.yaml'), oauth: read('oauth-minimal.yaml') };
    for (const patch of SPEC_PATCHES) {
      const schema = pointerGet(this.docs[patch.spec], patch.pointer) as { enum?: string[] } | undefined;
      if (!schema?.enum) throw new Error(`spec patch target ${patch.pointer} has no enum: the spec changed, review SPEC_PATCHES`);
      if (!schema.enum.includes(patch.addEnum)) schema.enum.push(patch.addEnum);
    }
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    // Only the schemas are registered, without examples: some example values carry `$id`s that ajv would try to resolve.
    for (const name of ['management', 'oauth'] as const) {
      const schemas = (this.docs[name].components as Json).schemas;
      this.ajv.addSchema({ components: { schemas: withoutExamples(schemas) } }, name);
    }
  }

  /** The spec operation a concrete path falls under (literal segments beat `{param}`s). */
  operation(spec: SpecName, method: string, path: string): Operation | undefined {
    const paths = this.docs[spec].paths as Record<string, Json>;
    const candidates = Object.keys(paths).filter((template) => {
      const regex = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
      return regex.test(path) && paths[template]?.[method.toLowerCase()];
    });
    const params = (template: string): number => template.match(/\{/g)?.length ?? 0;
    candidates.sort((a, b) => params(a) - params(b));
    const template = candidates[0];
    if (!template) return undefined;
    return { spec, template, method: method.toLowerCase(), op: paths[template]![method.toLowerCase()] as Json };
  }

  private deref(spec: SpecName, node: unknown): Json {
    let current = node as Json;
    for (let i = 0; i < 10 && typeof current?.$ref === 'string'; i += 1) current = pointerGet(this.docs[spec], (current.$ref as string).slice(1)) as Json;
    return current;
  }

  /** The OAuth scopes the spec's `security` asks for on an operation. */
  oauthScopes(operation: Operation): string[] {
    const security = (operation.op.security ?? []) as Record<string, string[]>[];
    return security.flatMap((s) => s.oauth2 ?? []);
  }

  documentedStatuses(operation: Operation): string[] {
    return Object.keys((operation.op.responses ?? {}) as Json);
  }

  private validator(spec: SpecName, key: string, schema: unknown): ValidateFunction {
    const cacheKey = `${spec}:${key}`;
    let validate = this.compiled.get(cacheKey);
    if (!validate) {
      validate = this.ajv.compile(rebase(withoutExamples(schema), spec) as Json);
      this.compiled.set(cacheKey, validate);
    }
    return validate;
  }

  /** A discriminator mapping picks the concrete schema (ajv would need `oneOf` to do this itself). */
  private discriminated(spec: SpecName, schema: Json, body: unknown): Json {
    const target = this.deref(spec, schema);
    const discriminator = target.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
    const value = (body as Json | undefined)?.[discriminator?.propertyName ?? ''];
    const mapped = typeof value === 'string' ? discriminator?.mapping?.[value] : undefined;
    return mapped ? { $ref: mapped } : schema;
  }

  check(spec: SpecName, exchange: Exchange): Finding[] {
    const label = `${exchange.method} ${exchange.path} → ${exchange.status}`;
    const findings: Finding[] = [];
    const operation = this.operation(spec, exchange.method, exchange.path);
    if (!operation) return [{ kind: 'unknown-operation', exchange: label, detail: 'no spec operation for this method and path' }];

    if (exchange.requestBody !== undefined && !exchange.deliberatelyInvalid) {
      const requestBody = this.deref(spec, operation.op.requestBody);
      const contentType = (exchange.requestContentType ?? 'application/json').split(';')[0]!.trim();
      const media = (requestBody.content as Json | undefined)?.[contentType] as Json | undefined;
      if (!media) {
        findings.push({ kind: 'request-schema', exchange: label, detail: `the spec takes no ${contentType} body here` });
      } else {
        const schema = this.discriminated(spec, media.schema as Json, exchange.requestBody);
        const validate = this.validator(spec, `req:${operation.method}:${operation.template}:${JSON.stringify(schema)}`, schema);
        if (!validate(exchange.requestBody)) findings.push({ kind: 'request-schema', exchange: label, detail: this.ajv.errorsText(validate.errors) });
      }
    }

    const responses = (operation.op.responses ?? {}) as Json;
    const documented = responses[String(exchange.status)] ?? responses.default;
    if (!documented) {
      findings.push({ kind: 'undocumented-status', exchange: label, detail: `spec documents ${Object.keys(responses).join(', ')}` });
      // Still hold error bodies to the spec's Error schema.
      if (exchange.responseBody !== undefined && spec === 'management') {
        const validate = this.validator(spec, 'Error', { $ref: '#/components/schemas/Error' });
        if (!validate(exchange.responseBody)) findings.push({ kind: 'response-schema', exchange: label, detail: this.ajv.errorsText(validate.errors) });
      }
      return findings;
    }
    const response = this.deref(spec, documented);
    const media = (response.content as Json | undefined)?.['application/json'] as Json | undefined;
    if (!media) {
      if (exchange.responseText !== '') findings.push({ kind: 'unexpected-body', exchange: label, detail: `spec documents no body, got ${exchange.responseText.slice(0, 80)}` });
      return findings;
    }
    if (exchange.responseBody === undefined) {
      findings.push({ kind: 'missing-body', exchange: label, detail: 'spec documents a JSON body, got none' });
      return findings;
    }
    const validate = this.validator(spec, `res:${operation.method}:${operation.template}:${exchange.status}`, media.schema);
    if (!validate(exchange.responseBody)) findings.push({ kind: 'response-schema', exchange: label, detail: this.ajv.errorsText(validate.errors) });
    return findings;
  }
}

/** Which spec file an org-relative path belongs to. */
export function specOf(path: string): SpecName {
  return path.startsWith('/oauth2/') ? 'oauth' : 'management';
}
