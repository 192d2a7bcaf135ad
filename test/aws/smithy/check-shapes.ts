import type { AstMember, SmithyModel } from './smithy-model';
import type { XmlElement } from './xml-tree';

/**
 * Checks wire values against Smithy shapes. Hand-written because no npm library validates
 * JSON (or XML) against a Smithy JSON AST: Smithy's own validators are Java, and the AWS SDK
 * only deserialises (it drops unknown members and never checks constraints). It walks
 * structures (members known, required present), unions, lists, maps, strings (length,
 * pattern, enum), enums, numbers (integral, range), booleans, blobs and timestamps, in the
 * encoding of the protocol: awsJson1_1 (timestamps as epoch seconds) or awsQuery XML.
 */
export interface Problem {
  path: string;
  message: string;
}

interface Constraints {
  length?: { min?: number; max?: number };
  range?: { min?: number; max?: number };
  pattern?: string;
  timestampFormat?: string;
}

const INTEGRAL = new Set(['byte', 'short', 'integer', 'long', 'bigInteger', 'intEnum']);
const NUMERIC = new Set([...INTEGRAL, 'float', 'double', 'bigDecimal']);

/** Member traits override the target's (Smithy's rule for constraint traits on members). */
function constraints(model: SmithyModel, member: AstMember): Constraints {
  const pick = (traits: Record<string, unknown> | undefined): Constraints => ({
    ...(traits?.['smithy.api#length'] ? { length: traits['smithy.api#length'] as Constraints['length'] } : {}),
    ...(traits?.['smithy.api#range'] ? { range: traits['smithy.api#range'] as Constraints['range'] } : {}),
    ...(typeof traits?.['smithy.api#pattern'] === 'string' ? { pattern: traits['smithy.api#pattern'] } : {}),
    ...(typeof traits?.['smithy.api#timestampFormat'] === 'string' ? { timestampFormat: traits['smithy.api#timestampFormat'] } : {}),
  });
  return { ...pick(model.shape(member.target).traits), ...pick(member.traits) };
}

function enumValues(model: SmithyModel, target: string): string[] | undefined {
  const shape = model.shape(target);
  if (shape.type === 'enum' || shape.type === 'intEnum') {
    return Object.entries(shape.members ?? {}).map(([name, m]) => String(m.traits?.['smithy.api#enumValue'] ?? name));
  }
  const legacy = shape.traits?.['smithy.api#enum'] as { value: string }[] | undefined;
  return legacy?.map((e) => e.value);
}

const patternCache = new Map<string, RegExp | null>();
function compile(pattern: string): RegExp | null {
  if (!patternCache.has(pattern)) {
    try {
      patternCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      patternCache.set(pattern, null); // an ECMAScript-incompatible pattern cannot be checked here
    }
  }
  return patternCache.get(pattern) ?? null;
}

function checkString(model: SmithyModel, member: AstMember, value: string, path: string, out: Problem[]): void {
  const c = constraints(model, member);
  const length = [...value].length;
  if (c.length?.min !== undefined && length < c.length.min) out.push({ path, message: `length ${length} < min ${c.length.min}` });
  if (c.length?.max !== undefined && length > c.length.max) out.push({ path, message: `length ${length} > max ${c.length.max}` });
  const regex = c.pattern ? compile(c.pattern) : null;
  if (regex && !regex.test(value)) out.push({ path, message: `'${value}' does not match ${c.pattern}` });
  const values = enumValues(model, member.target);
  if (values && !values.includes(value)) out.push({ path, message: `'${value}' is not one of ${values.join(', ')}` });
}

function checkNumber(model: SmithyModel, member: AstMember, type: string, value: number, path: string, out: Problem[]): void {
  if (!Number.isFinite(value)) out.push({ path, message: `${value} is not a finite number` });
  if (INTEGRAL.has(type) && !Number.isInteger(value)) out.push({ path, message: `${value} is not an integer` });
  const range = constraints(model, member).range;
  if (range?.min !== undefined && value < range.min) out.push({ path, message: `${value} < min ${range.min}` });
  if (range?.max !== undefined && value > range.max) out.push({ path, message: `${value} > max ${range.max}` });
  const values = type === 'intEnum' ? enumValues(model, member.target) : undefined;
  if (values && !values.includes(String(value))) out.push({ path, message: `${value} is not one of ${values.join(', ')}` });
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function checkTimestampText(format: string, value: string, path: string, out: Problem[]): void {
  if (format === 'date-time' && !ISO_DATE_TIME.test(value)) out.push({ path, message: `'${value}' is not an RFC 3339 date-time` });
  if (format === 'http-date' && Number.isNaN(Date.parse(value))) out.push({ path, message: `'${value}' is not an HTTP date` });
  if (format === 'epoch-seconds' && !/^-?\d+(\.\d+)?$/.test(value)) out.push({ path, message: `'${value}' is not epoch seconds` });
}

const typeOf = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);

/** Checks a value decoded from an awsJson1_1 body against the shape `member.target`. */
export function checkJson(model: SmithyModel, member: AstMember, value: unknown, path = '$'): Problem[] {
  const out: Problem[] = [];
  const shape = model.shape(member.target);
  const mismatch = (expected: string) => out.push({ path, message: `expected ${expected} (${member.target}), got ${typeOf(value)}` });
  switch (shape.type) {
    case 'structure':
    case 'union': {
      if (typeOf(value) !== 'object') return mismatch('an object'), out;
      const object = value as Record<string, unknown>;
      const members = shape.members ?? {};
      for (const key of Object.keys(object)) {
        if (!(key in members)) out.push({ path: `${path}.${key}`, message: `member not in ${member.target}` });
      }
      for (const [name, m] of Object.entries(members)) {
        const v = object[name];
        if (v === undefined || v === null) {
          if (m.traits?.['smithy.api#required'] !== undefined) out.push({ path: `${path}.${name}`, message: 'required member missing' });
          continue;
        }
        out.push(...checkJson(model, m, v, `${path}.${name}`));
      }
      if (shape.type === 'union' && Object.keys(object).length !== 1) out.push({ path, message: 'a union must set exactly one member' });
      return out;
    }
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return mismatch('an array'), out;
      const c = constraints(model, member).length;
      if (c?.min !== undefined && value.length < c.min) out.push({ path, message: `${value.length} items < min ${c.min}` });
      if (c?.max !== undefined && value.length > c.max) out.push({ path, message: `${value.length} items > max ${c.max}` });
      value.forEach((item, i) => out.push(...checkJson(model, shape.member as AstMember, item, `${path}[${i}]`)));
      return out;
    }
    case 'map': {
      if (typeOf(value) !== 'object') return mismatch('an object (map)'), out;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out.push(...checkJson(model, shape.key as AstMember, k, `${path}{key ${k}}`));
        out.push(...checkJson(model, shape.value as AstMember, v, `${path}.${k}`));
      }
      return out;
    }
    case 'string':
    case 'enum':
      if (typeof value !== 'string') return mismatch('a string'), out;
      checkString(model, member, value, path, out);
      return out;
    case 'blob':
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) mismatch('base64 text');
      return out;
    case 'boolean':
      if (typeof value !== 'boolean') mismatch('a boolean');
      return out;
    case 'timestamp': {
      const format = constraints(model, member).timestampFormat ?? 'epoch-seconds';
      if (format === 'epoch-seconds') {
        if (typeof value !== 'number' || !Number.isFinite(value)) mismatch('epoch seconds (a number)');
      } else if (typeof value !== 'string') mismatch(`a ${format} string`);
      else checkTimestampText(format, value, path, out);
      return out;
    }
    case 'document':
      return out;
    default:
      if (NUMERIC.has(shape.type)) {
        if (typeof value !== 'number') return mismatch('a number'), out;
        checkNumber(model, member, shape.type, value, path, out);
        return out;
      }
      out.push({ path, message: `cannot check shape type ${shape.type}` });
      return out;
  }
}

/** The element name of a structure member in awsQuery XML (`xmlName` or the member name). */
const xmlName = (name: string, m: AstMember) => (m.traits?.['smithy.api#xmlName'] as string | undefined) ?? name;

/** Checks an awsQuery XML element against the shape `member.target`. */
export function checkXml(model: SmithyModel, member: AstMember, element: XmlElement, path = '$'): Problem[] {
  const out: Problem[] = [];
  const shape = model.shape(member.target);
  const text = element.text;
  switch (shape.type) {
    case 'structure':
    case 'union': {
      const members = shape.members ?? {};
      const byElement = new Map(Object.entries(members).map(([name, m]) => [xmlName(name, m), [name, m] as const]));
      const seen = new Map<string, number>();
      for (const child of element.children) {
        const entry = byElement.get(child.name);
        if (!entry) {
          out.push({ path: `${path}.${child.name}`, message: `element not a member of ${member.target}` });
          continue;
        }
        const [name, m] = entry;
        seen.set(name, (seen.get(name) ?? 0) + 1);
        const flattened = m.traits?.['smithy.api#xmlFlattened'] !== undefined;
        if (flattened) out.push(...checkXml(model, model.shape(m.target).member as AstMember, child, `${path}.${name}[]`));
        else out.push(...checkXml(model, m, child, `${path}.${name}`));
      }
      for (const [name, m] of Object.entries(members)) {
        const count = seen.get(name) ?? 0;
        if (count === 0 && m.traits?.['smithy.api#required'] !== undefined) out.push({ path: `${path}.${name}`, message: 'required member missing' });
        if (count > 1 && m.traits?.['smithy.api#xmlFlattened'] === undefined) out.push({ path: `${path}.${name}`, message: `member repeated ${count} times` });
      }
      return out;
    }
    case 'list':
    case 'set': {
      const item = shape.member as AstMember;
      const itemName = xmlName('member', item);
      element.children.forEach((child, i) => {
        if (child.name !== itemName) out.push({ path: `${path}[${i}]`, message: `list items are <${itemName}>, got <${child.name}>` });
        else out.push(...checkXml(model, item, child, `${path}[${i}]`));
      });
      const c = constraints(model, member).length;
      if (c?.min !== undefined && element.children.length < c.min) out.push({ path, message: `${element.children.length} items < min ${c.min}` });
      if (c?.max !== undefined && element.children.length > c.max) out.push({ path, message: `${element.children.length} items > max ${c.max}` });
      return out;
    }
    case 'map': {
      for (const [i, entry] of element.children.entries()) {
        const key = entry.children.find((c) => c.name === 'key');
        const value = entry.children.find((c) => c.name === 'value');
        if (entry.name !== 'entry' || !key || !value) {
          out.push({ path: `${path}[${i}]`, message: 'map entries are <entry><key/><value/></entry>' });
          continue;
        }
        out.push(...checkXml(model, shape.key as AstMember, key, `${path}{key}`), ...checkXml(model, shape.value as AstMember, value, `${path}.${key.text}`));
      }
      return out;
    }
    case 'string':
    case 'enum':
      if (element.children.length > 0) out.push({ path, message: 'a string element has child elements' });
      checkString(model, member, text, path, out);
      return out;
    case 'boolean':
      if (text !== 'true' && text !== 'false') out.push({ path, message: `'${text}' is not a boolean` });
      return out;
    case 'timestamp':
      checkTimestampText(constraints(model, member).timestampFormat ?? 'date-time', text, path, out);
      return out;
    case 'blob':
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) out.push({ path, message: 'not base64 text' });
      return out;
    case 'document':
      return out;
    default:
      if (NUMERIC.has(shape.type)) {
        if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) out.push({ path, message: `'${text}' is not a number` });
        else checkNumber(model, member, shape.type, Number(text), path, out);
        return out;
      }
      out.push({ path, message: `cannot check shape type ${shape.type}` });
      return out;
  }
}
