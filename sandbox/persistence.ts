import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The on-disk state of `npm start`, so a restart keeps KVS, pending events and Jira. */
export interface SandboxState {
  version: 1;
  /** Virtual time when saved; the clock resumes from here (time stands still while stopped). */
  virtualNow: number;
  platform: unknown;
  jira: unknown;
  standIns: Record<string, unknown>;
  seed: unknown;
  oktaSeed: unknown;
  /** Absent in state files written before the AWS stand-in was wired in. */
  awsSeed?: unknown;
}

export class StateFile {
  readonly file: string;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'state.json');
  }

  load(): SandboxState | undefined {
    if (!existsSync(this.file)) return undefined;
    const parsed = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SandboxState>;
    if (parsed.version !== 1) throw new Error(`${this.file} has an unknown format; delete it to start fresh`);
    return parsed as SandboxState;
  }

  /** Writes through a temporary file so a crash never leaves half a state file. */
  save(state: SandboxState): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(state));
    renameSync(temporary, this.file);
  }
}
