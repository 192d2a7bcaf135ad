/**
 * Validates request and response bodies against the official OpenAPI 3.0 specs with ajv.
 * OpenAPI 3.0's `nullable` is rewritten to JSON Schema (`type: [T, 'null']` / `anyOf`) first,
 * since ajv refuses `nullable` without `type`.
 */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type SpecName = 'platform' | 'jsm';

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface OperationObject {
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, ResponseObject>;
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, unknown> };
}

/** Deep-copies a schema tree, turning OpenAPI `nullable: true` into JSON Schema. */
export function normalizeNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeNullable);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = normalizeNullable(v);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: 'null' }] };
  }
  if (out.nullable === false) delete out.nullable;
  return out;
}

function rewriteRefs(node: unknown, base: string): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, base));
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${base}${v}` : rewriteRefs(v, base);
  return out;
}

/** RFC 3339 date-time, or Jira's own `+0000` offset form (what Jira Cloud actually sends). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/i;

export interface ResponseCheck {
  /** The spec declares this status for the operation. */
  declared: boolean;
  errors: string[];
}

export class SpecValidator {
  private readonly ajv: Ajv;
  private readonly docs: Record<SpecName, OpenApiDoc>;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(files: Record<SpecName, string>) {
    // ownProperties: an absent `toString` (a ChangeDetails property) must not be read off Object.prototype.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, unicodeRegExp: false, ownProperties: true });
    addFormats(this.ajv);
    this.ajv.addFormat('date-time', DATE_TIME);
    this.docs = {} as Record<SpecName, OpenApiDoc>;
    for (const name of Object.keys(files) as SpecName[]) {
      const doc = JSON.parse(readFileSync(files[name], 'utf8')) as OpenApiDoc;
      this.docs[name] = doc;
      this.ajv.addSchema({ components: normalizeNullable(doc.components ?? {}) }, this.base(name));
    }
  }

  private base(name: SpecName): string {
    return `https://contracts.provisio.local/${name}.json`;
  }

  operation(spec: SpecName, path: string, method: string): OperationObject | undefined {
    return this.docs[spec].paths[path]?.[method.toLowerCase()];
  }

  private validator(key: string, spec: SpecName, schema: unknown): ValidateFunction {
    let v = this.cache.get(key);
    if (!v) {
      v = this.ajv.compile(rewriteRefs(normalizeNullable(schema), this.base(spec)) as object);
      this.cache.set(key, v);
    }
    return v;
  }

  private run(v: ValidateFunction, data: unknown): string[] {
    if (v(data)) return [];
    return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  validateRequest(spec: SpecName, path: string, method: string, body: unknown): string[] {
    const schema = this.operation(spec, path, method)?.requestBody?.content?.['application/json']?.schema;
    if (schema === undefined) return [`${method} ${path} declares no JSON request body`];
    return this.run(this.validator(`req ${spec} ${method} ${path}`, spec, schema), body);
  }

  validateResponse(spec: SpecName, path: string, method: string, status: number, body: unknown): ResponseCheck {
    const response = this.operation(spec, path, method)?.responses?.[String(status)];
    if (!response) return { declared: false, errors: [] };
    const schema = response.content?.['application/json']?.schema;
    if (schema === undefined) {
      // No documented body: success responses must be empty; error bodies are undocumented.
      return { declared: true, errors: status < 400 && body !== undefined ? [`expected no body, got ${JSON.stringify(body).slice(0, 200)}`] : [] };
    }
    return { declared: true, errors: this.run(this.validator(`res ${spec} ${method} ${path} ${status}`, spec, schema), body) };
  }
}
