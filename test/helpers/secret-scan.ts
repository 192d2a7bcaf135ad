import type { Sandbox } from '../../sandbox/sandbox';
import type { SandboxClient } from './sandbox-client';

/**
 * Looks for secrets where they must never be: Jira (issues, comments, properties, changelogs),
 * the app's invocation logs, Slack messages and plain KVS values. Secrets are described as
 * patterns; places to look are gathered as text "haystacks" by the collectors below. Reusable by
 * any feature: add your own secrets (AWS keys, say) with `literalSecret`/`pemSecret`.
 */

export interface SecretPattern {
  /** What the secret is, for the failure message (never the secret itself). */
  name: string;
  /** Finds the secret in `text`; answers the index of the first occurrence, or -1. */
  indexIn(text: string): number;
}

export interface Haystack {
  /** Where the text came from: `jira ITS-3 comment 10012`, `log on-provisioning-event #4`, … */
  where: string;
  text: string;
}

export interface Finding {
  secret: string;
  where: string;
  /** A few characters around the match, with the secret itself masked. */
  context: string;
}

/** A secret known by value; too short a value would match by accident, so it is refused. */
export function literalSecret(name: string, value: string, minLength = 12): SecretPattern {
  if (value.length < minLength) throw new Error(`secret "${name}" is too short to scan for (${value.length} characters)`);
  return { name, indexIn: (text) => text.indexOf(value) };
}

export function regexSecret(name: string, pattern: RegExp): SecretPattern {
  const global = new RegExp(pattern.source, pattern.flags.replace('g', ''));
  return { name, indexIn: (text) => text.search(global) };
}

/**
 * A PEM key in every shape a leak could take: the whole PEM, its base64 body on one line (a PEM
 * pasted into JSON or a header), and any one line of the body (a truncated or re-wrapped key).
 */
export function pemSecret(name: string, pem: string): SecretPattern[] {
  const body = pem
    .replace(/-----(BEGIN|END) [A-Z ]+-----/g, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const patterns = [literalSecret(`${name} (PEM)`, pem.trim()), literalSecret(`${name} (base64 body)`, body.join(''))];
  body.forEach((line, i) => {
    if (line.length >= 32) patterns.push(literalSecret(`${name} (body line ${i + 1})`, line));
  });
  return patterns;
}

/** A known JWT, whole or by its payload or signature alone (a truncated or re-encoded leak still shows one of them). */
export function jwtSecret(name: string, jwt: string): SecretPattern[] {
  const [, payload, signature] = jwt.split('.');
  return [
    literalSecret(name, jwt),
    ...(payload && payload.length >= 16 ? [literalSecret(`${name} (payload)`, payload)] : []),
    ...(signature && signature.length >= 16 ? [literalSecret(`${name} (signature)`, signature)] : []),
  ];
}

/**
 * Any JWT, or the start of one: client assertions, DPoP proofs and Okta access tokens are all a
 * base64url `{"…` header, a dot, and a `{"…` payload (a truncated token still shows these two).
 */
export const ANY_JWT = regexSecret('a JWT (client assertion, DPoP proof or access token)', /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}/);

/** "password" (or passwd/pwd) followed by a value: `password: x`, `"password":"x"`, `password=x`. */
export const PASSWORD_VALUE = regexSecret('a password value', /\b(password|passwd|pwd)["']?\s*[:=]\s*["']?[^\s"',;}]+/i);

/** The secret part of a Slack incoming webhook (`/services/T…/B…/<secret>`), and the URL itself. */
export function slackWebhookSecrets(webhookUrlOrPath: string): SecretPattern[] {
  const secret = webhookUrlOrPath.split('/').filter(Boolean).at(-1) ?? '';
  return [literalSecret('the Slack webhook secret', secret)];
}

export function scan(haystacks: Haystack[], patterns: SecretPattern[]): Finding[] {
  const findings: Finding[] = [];
  for (const { where, text } of haystacks) {
    for (const pattern of patterns) {
      const at = pattern.indexIn(text);
      if (at < 0) continue;
      findings.push({ secret: pattern.name, where, context: `${text.slice(Math.max(0, at - 40), at)}<secret>` });
    }
  }
  return findings;
}

// ---- collectors: the places to look, as text

const json = (value: unknown): string => JSON.stringify(value);

/** Every issue the site admin can see: fields (all, rendered), properties, comments with properties, changelog, and the JSM view. */
export async function jiraHaystacks(client: SandboxClient): Promise<Haystack[]> {
  const admin = client.as(client.user('adaAdmin'));
  const haystacks: Haystack[] = [];
  const projects = await admin.get<{ values: { key: string }[] }>('/rest/api/3/project/search?maxResults=100');
  if (projects.status !== 200 || projects.body.values.length === 0) throw new Error(`listing Jira projects failed: ${projects.status}`);
  const keys: string[] = [];
  for (let token: string | undefined, first = true; first || token; first = false) {
    const page = await admin.post<{ issues: { key: string }[]; nextPageToken?: string }>('/rest/api/3/search/jql', {
      jql: `project in (${projects.body.values.map((p) => p.key).join(', ')}) ORDER BY created ASC`,
      maxResults: 100,
      fields: ['key'],
      ...(token ? { nextPageToken: token } : {}),
    });
    if (page.status !== 200) throw new Error(`Jira search failed: ${page.status} ${json(page.body)}`);
    keys.push(...page.body.issues.map((i) => i.key));
    token = page.body.nextPageToken;
  }
  const read = async (path: string, where: string) => {
    const answer = await admin.get<unknown>(path);
    if (answer.status !== 200) throw new Error(`reading ${path} failed: ${answer.status}`);
    haystacks.push({ where, text: json(answer.body) });
  };
  for (const key of keys) {
    await read(`/rest/api/3/issue/${key}?fields=*all&expand=renderedFields,changelog,names&properties=*all`, `jira ${key} issue`);
    await read(`/rest/api/3/issue/${key}/comment?expand=properties,renderedBody&maxResults=1000`, `jira ${key} comments`);
    await read(`/rest/api/3/issue/${key}/changelog?maxResults=1000`, `jira ${key} changelog`);
    const request = await admin.get<unknown>(`/rest/servicedeskapi/request/${key}`);
    if (request.status === 200) {
      haystacks.push({ where: `jsm ${key} request`, text: json(request.body) });
      await read(`/rest/servicedeskapi/request/${key}/comment?limit=100`, `jsm ${key} comments`);
    }
  }
  if (keys.length === 0) throw new Error('no Jira issues to scan');
  return haystacks;
}

/** Every invocation the platform recorded: its logs and its error. */
export function logHaystacks(sandbox: Sandbox): Haystack[] {
  return sandbox.platform.log.list().map((record, i) => ({
    where: `invocation #${i} ${record.functionKey} (${record.outcome})`,
    text: json({ logs: record.logs, error: record.error }),
  }));
}

/** Every plain KVS value and entity (secrets are stored apart and are not in here). */
export function kvsHaystacks(sandbox: Sandbox): Haystack[] {
  return sandbox.platform.kvs.inspect().values.map((item) => ({ where: `kvs ${item.entityName ? `${item.entityName}/` : ''}${item.key}`, text: json(item.value) }));
}

/** The text of every Slack message (the stand-in also records the webhook path, which is not part of a message). */
export function slackHaystacks(sandbox: Sandbox): Haystack[] {
  return sandbox.slack.messages().map((m, i) => ({ where: `slack message #${i}`, text: m.text }));
}

/**
 * Records the credentials the app sends to Okta and the tokens Okta hands back (Authorization
 * and DPoP headers, client assertions, access tokens), so a scan can look for each of them.
 * The Okta stand-in keeps only token hashes, so this is the way to know the real values.
 */
export function captureOktaCredentials(sandbox: Sandbox): { values: Set<string>; stop(): void } {
  const values = new Set<string>();
  const original = sandbox.okta.handle;
  sandbox.okta.handle = async (request) => {
    for (const header of ['authorization', 'dpop']) {
      const value = request.headers.get(header);
      if (value) values.add(value.replace(/^(DPoP|Bearer|SSWS)\s+/i, ''));
    }
    if (request.method === 'POST' && new URL(request.url).pathname.endsWith('/oauth2/v1/token')) {
      const assertion = new URLSearchParams(await request.clone().text()).get('client_assertion');
      if (assertion) values.add(assertion);
    }
    const response = await original(request);
    if (response.ok && new URL(request.url).pathname.endsWith('/oauth2/v1/token')) {
      const token = ((await response.clone().json()) as { access_token?: string }).access_token;
      if (token) values.add(token);
    }
    return response;
  };
  return { values, stop: () => (sandbox.okta.handle = original) };
}
