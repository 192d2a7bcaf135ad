import { readFileSync } from 'node:fs';

/** A shape of the Smithy JSON AST (https://smithy.io/2.0/spec/json-ast.html), the fields the checker reads. */
export interface AstShape {
  type: string;
  members?: Record<string, AstMember>;
  member?: AstMember;
  key?: AstMember;
  value?: AstMember;
  traits?: Record<string, unknown>;
  input?: { target: string };
  output?: { target: string };
  errors?: { target: string }[];
  operations?: { target: string }[];
  version?: string;
}

export interface AstMember {
  target: string;
  traits?: Record<string, unknown>;
}

export interface SmithyAst {
  shapes: Record<string, AstShape>;
}

/** The Smithy prelude's simple shapes, which models reference without defining. */
const PRELUDE: Record<string, string> = {
  String: 'string',
  Blob: 'blob',
  Boolean: 'boolean',
  PrimitiveBoolean: 'boolean',
  Byte: 'byte',
  PrimitiveByte: 'byte',
  Short: 'short',
  PrimitiveShort: 'short',
  Integer: 'integer',
  PrimitiveInteger: 'integer',
  Long: 'long',
  PrimitiveLong: 'long',
  Float: 'float',
  PrimitiveFloat: 'float',
  Double: 'double',
  PrimitiveDouble: 'double',
  BigInteger: 'bigInteger',
  BigDecimal: 'bigDecimal',
  Timestamp: 'timestamp',
  Document: 'document',
  Unit: 'structure',
};

export interface OperationShapes {
  input: string;
  output: string;
  errors: string[];
}

/** A loaded Smithy model: its service, operations and shapes. */
export class SmithyModel {
  readonly serviceId: string;
  readonly service: AstShape;

  constructor(readonly ast: SmithyAst) {
    const services = Object.entries(ast.shapes).filter(([, s]) => s.type === 'service');
    const [entry] = services;
    if (services.length !== 1 || !entry) throw new Error(`expected one service shape, found ${services.length}`);
    [this.serviceId, this.service] = entry;
  }

  static load(file: string): SmithyModel {
    return new SmithyModel(JSON.parse(readFileSync(file, 'utf8')) as SmithyAst);
  }

  /** The namespace part of the service id (`com.amazonaws.sts`). */
  get namespace(): string {
    return this.serviceId.split('#')[0] ?? '';
  }

  operationNames(): string[] {
    return (this.service.operations ?? []).map((o) => shortName(o.target)).sort();
  }

  operation(name: string): OperationShapes {
    const op = this.ast.shapes[`${this.namespace}#${name}`];
    if (!op || op.type !== 'operation') throw new Error(`${this.serviceId} has no operation ${name}`);
    return {
      input: op.input?.target ?? 'smithy.api#Unit',
      output: op.output?.target ?? 'smithy.api#Unit',
      errors: [...(op.errors ?? []), ...((this.service as { errors?: { target: string }[] }).errors ?? [])].map((e) => e.target),
    };
  }

  shape(id: string): AstShape {
    const shape = this.ast.shapes[id];
    if (shape) return shape;
    const prelude = id.startsWith('smithy.api#') ? PRELUDE[shortName(id)] : undefined;
    if (prelude) return { type: prelude };
    throw new Error(`shape ${id} is not in the model`);
  }

  trait<T>(id: string, trait: string): T | undefined {
    return this.ast.shapes[id]?.traits?.[trait] as T | undefined;
  }
}

export function shortName(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}
