import path from 'node:path';
import { startSandbox } from './sandbox';

/** `npm start`: the whole product on the local platform, state kept in .sandbox-data/. */
async function main(): Promise<void> {
  const port = process.env.PORT ? Number(process.env.PORT) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${process.env.PORT}'`);
  const dataDir = process.env.PROVISIO_SANDBOX_DATA ?? path.resolve(__dirname, '../.sandbox-data');
  const sandbox = await startSandbox({ port, dataDir, echoAppLogs: true });
  const lines = [
    '',
    `Provisio sandbox is running at ${sandbox.url}`,
    '',
    `  Jira-like UI:      ${sandbox.url}/            (sign in as any demo user)`,
    `  Admin page:        ${sandbox.url}/jira/settings/apps/provisio`,
    `  Jira REST API:     ${sandbox.url}/rest/api/3/myself   (Basic auth: email + API token)`,
    `  Endpoints + creds: ${sandbox.url}/__sandbox/endpoints`,
    `  Invocation log:    ${sandbox.url}/__sandbox/invocations`,
    '',
    '  Demo users:',
    ...Object.values(sandbox.seed.users).map((u) => `    ${u.displayName.padEnd(16)} ${u.email.padEnd(36)} ${u.roles.join(', ')}`),
    '',
    `State is kept in ${dataDir} (delete it to start fresh). Ctrl+C stops.`,
    '',
  ];
  console.log(lines.join('\n'));
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
