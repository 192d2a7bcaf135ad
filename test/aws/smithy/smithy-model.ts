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

  /** The service's operations, including those bound to its resources (list, read, … and nested resources), as Smithy binds them. */
  operationNames(): string[] {
    const names = new Set((this.service.operations ?? []).map((o) => shortName(o.target)));
    const visit = (shapeId: string) => {
      const resource = this.ast.shapes[shapeId] as (AstShape & Record<string, unknown>) | undefined;
      if (!resource || resource.type !== 'resource') return;
      for (const lifecycle of ['create', 'put', 'read', 'update', 'delete', 'list']) {
        const bound = resource[lifecycle] as { target?: string } | undefined;
        if (bound?.target) names.add(shortName(bound.target));
      }
      for (const key of ['operations', 'collectionOperations'] as const) for (const o of (resource[key] as { target: string }[] | undefined) ?? []) names.add(shortName(o.target));
      for (const child of (resource.resources as { target: string }[] | undefined) ?? []) visit(child.target);
    };
    for (const r of ((this.service as AstShape & { resources?: { target: string }[] }).resources ?? [])) visit(r.target);
    return [...names].sort();
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
