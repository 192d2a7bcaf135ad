import { format } from 'node:util';
import { currentInvocation } from './invocation-context';
import { recordOf } from './function-runner';

const LEVELS = ['debug', 'log', 'info', 'warn', 'error'] as const;
const INSTALLED = Symbol.for('provisio.sandbox.consoleCapture');

/**
 * Keeps what app code logs during an invocation on that invocation's record, the way
 * `forge logs` groups them, so tests can scan logs for leaked secrets. Output outside
 * invocations is untouched; invocation output is echoed only when `echo()` says so.
 */
export function installConsoleCapture(echo: () => boolean): void {
  const target = console as unknown as Record<string | symbol, unknown>;
  if (target[INSTALLED]) return;
  target[INSTALLED] = true;
  for (const level of LEVELS) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      const scope = currentInvocation();
      const record = scope ? recordOf.get(scope) : undefined;
      if (!record) {
        original(...args);
        return;
      }
      record.logs.push({ level, message: format(...args) });
      if (echo()) original(`[${record.functionKey}]`, ...args);
    };
  }
}
