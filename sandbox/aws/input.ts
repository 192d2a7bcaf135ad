import type { AwsError } from './errors';

/** A constraint an input member broke, in the terms the model states them. */
export interface InputProblem {
  member: string;
  kind: 'required' | 'type' | 'pattern' | 'min-length' | 'max-length' | 'min-value' | 'max-value' | 'enum';
  message: string;
}

/** Each service words validation failures its own way (ValidationError, InvalidInputException + Reason...). */
export type InputErrorFactory = (problem: InputProblem) => AwsError;

export interface StringRules {
  pattern?: RegExp;
  min?: number;
  max?: number;
  enum?: readonly string[];
}

/**
 * Reads an operation's input members and enforces the model's constraints the way the service
 * would on its side (the SDK does not validate). awsQuery sends every value as a string, so
 * numbers and booleans are accepted in either form.
 */
export class InputReader {
  constructor(
    private readonly input: Record<string, unknown>,
    private readonly fail: InputErrorFactory,
    private readonly path = '',
  ) {}

  private name(member: string): string {
    return this.path ? `${this.path}.${member}` : member;
  }

  private problem(member: string, kind: InputProblem['kind'], constraint: string, value?: unknown): AwsError {
    const shown = value === undefined ? 'null' : `'${String(value)}'`;
    return this.fail({
      member: this.name(member),
      kind,
      message: `1 validation error detected: Value ${shown} at '${this.name(member)}' failed to satisfy constraint: ${constraint}`,
    });
  }

  has(member: string): boolean {
    return this.input[member] !== undefined && this.input[member] !== null;
  }

  string(member: string, rules: StringRules = {}): string | undefined {
    const value = this.input[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.problem(member, 'type', 'Member must be a string', value);
    if (rules.min !== undefined && [...value].length < rules.min) {
      throw this.problem(member, 'min-length', `Member must have length greater than or equal to ${rules.min}`, value);
    }
    if (rules.max !== undefined && [...value].length > rules.max) {
      throw this.problem(member, 'max-length', `Member must have length less than or equal to ${rules.max}`, value);
    }
    if (rules.pattern && !rules.pattern.test(value)) {
      throw this.problem(member, 'pattern', `Member must satisfy regular expression pattern: ${rules.pattern.source}`, value);
    }
    if (rules.enum && !rules.enum.includes(value)) {
      throw this.problem(member, 'enum', `Member must satisfy enum value set: [${rules.enum.join(', ')}]`, value);
    }
    return value;
  }

  requiredString(member: string, rules: StringRules = {}): string {
    const value = this.string(member, rules);
    if (value === undefined) throw this.problem(member, 'required', 'Member must not be null');
    return value;
  }

  integer(member: string, rules: { min?: number; max?: number } = {}): number | undefined {
    const raw = this.input[member];
    if (raw === undefined || raw === null) return undefined;
    const value = typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.problem(member, 'type', 'Member must be an integer', raw);
    if (rules.min !== undefined && value < rules.min) {
      throw this.problem(member, 'min-value', `Member must have value greater than or equal to ${rules.min}`, value);
    }
    if (rules.max !== undefined && value > rules.max) {
      throw this.problem(member, 'max-value', `Member must have value less than or equal to ${rules.max}`, value);
    }
    return value;
  }

  boolean(member: string): boolean | undefined {
    const raw = this.input[member];
    if (raw === undefined || raw === null) return undefined;
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return false;
    throw this.problem(member, 'type', 'Member must be a boolean', raw);
  }

  private list(member: string, rules: { min?: number; max?: number }): unknown[] | undefined {
    const raw = this.input[member];
    if (raw === undefined || raw === null) return undefined;
    if (raw === '') return []; // awsQuery sends an empty list as `Name=`
    if (!Array.isArray(raw)) throw this.problem(member, 'type', 'Member must be a list', raw);
    if (rules.min !== undefined && raw.length < rules.min) {
      throw this.problem(member, 'min-length', `Member must have length greater than or equal to ${rules.min}`, `[${raw.length} items]`);
    }
    if (rules.max !== undefined && raw.length > rules.max) {
      throw this.problem(member, 'max-length', `Member must have length less than or equal to ${rules.max}`, `[${raw.length} items]`);
    }
    return raw;
  }

  stringList(member: string, rules: StringRules & { minItems?: number; maxItems?: number } = {}): string[] | undefined {
    const items = this.list(member, { min: rules.minItems, max: rules.maxItems });
    return items?.map((item, i) => new InputReader({ [`${member}.${i + 1}`]: item }, this.fail, this.path).requiredString(`${member}.${i + 1}`, rules));
  }

  structList(member: string, rules: { minItems?: number; maxItems?: number } = {}): InputReader[] | undefined {
    const items = this.list(member, { min: rules.minItems, max: rules.maxItems });
    return items?.map((item, i) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw this.problem(`${member}.${i + 1}`, 'type', 'Member must be a structure', item);
      return new InputReader(item as Record<string, unknown>, this.fail, this.name(`${member}.${i + 1}`));
    });
  }
}
