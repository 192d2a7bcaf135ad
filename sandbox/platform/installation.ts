import { createHash } from 'node:crypto';

/** Identity of the one site the sandbox app is installed on. */
export interface Installation {
  appId: string;
  appVersion: string;
  environmentId: string;
  installationId: string;
  cloudId: string;
  /** The app's own Jira user (what asApp() acts as). */
  appAccountId: string;
  contextAri: string;
}

/** Derives stable ids from the manifest's app id, so restarts keep the same installation. */
export function sandboxInstallation(appAri: string, appVersion: string): Installation {
  const appId = appAri.replace(/^ari:cloud:ecosystem::app\//, '');
  const hex = createHash('sha256').update(appAri).digest('hex');
  const uuid = (offset: number) =>
    `${hex.slice(offset, offset + 8)}-${hex.slice(offset + 8, offset + 12)}-4${hex.slice(offset + 13, offset + 16)}-a${hex.slice(offset + 17, offset + 20)}-${hex.slice(offset + 20, offset + 32)}`;
  const cloudId = uuid(0);
  return {
    appId,
    appVersion,
    environmentId: uuid(8),
    installationId: uuid(16),
    cloudId,
    appAccountId: `557058:${uuid(24)}`,
    contextAri: `ari:cloud:jira::site/${cloudId}`,
  };
}

/** The second argument Forge passes to every function (boundary doc §6.3). */
export function functionContext(installation: Installation, principalAccountId?: string): Record<string, unknown> {
  return {
    installContext: installation.contextAri,
    ...(principalAccountId ? { principal: { accountId: principalAccountId } } : {}),
    installation: {
      ari: { installationId: installation.installationId, toString: () => `ari:cloud:ecosystem::installation/${installation.installationId}` },
      contexts: [{ cloudId: installation.cloudId, toString: () => installation.contextAri }],
    },
  };
}
