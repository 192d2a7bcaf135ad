import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import type { OktaStandIn } from './index';
import type { OktaGroup, UserStatus } from './model';

export const DEMO_LOGIN_DOMAIN = 'provisio-demo.example';

/** The scopes Provisio's service app is granted in the demo org. */
export const PROVISIO_SCOPES = ['okta.users.manage', 'okta.users.read', 'okta.groups.manage', 'okta.groups.read', 'okta.sessions.manage'];

export interface OktaDemoSeed {
  orgUrl: string;
  clientId: string;
  keyId: string;
  /** PKCS#8 PEM of the service app's private key: what the app's Okta connection is configured with. */
  privateKeyPem: string;
  publicJwk: JsonWebKey & { kid: string };
  requireDpop: boolean;
  scopes: string[];
  groups: { name: string; id: string; type: OktaGroup['type']; protected: boolean }[];
  users: { id: string; login: string; firstName: string; lastName: string; status: UserStatus; groups: string[] }[];
  /** A login that already exists, for exercising E0000001 "login already used". */
  takenLogin: string;
}

const GROUPS: { name: string; description: string; protected?: boolean }[] = [
  { name: 'Engineering', description: 'Product engineering' },
  { name: 'Sales', description: 'Sales and account management' },
  { name: 'Finance', description: 'Finance and accounting' },
  { name: 'IT-Admins', description: 'IT administrators' },
  // Carries the Super Administrator role: only a super admin may change its members.
  { name: 'Okta-Super-Admins', description: 'Okta super administrators (admin role assigned)', protected: true },
  { name: 'AWS-Prod-Admins', description: 'Administrators of the production AWS accounts' },
  { name: 'Contractors', description: 'External contractors' },
];

interface DemoUser {
  local: string;
  firstName: string;
  lastName: string;
  department: string;
  title: string;
  status: UserStatus;
  groups: string[];
  manager?: string;
  signedIn?: boolean;
}

const USERS: DemoUser[] = [
  { local: 'alice.admin', firstName: 'Alice', lastName: 'Admin', department: 'IT', title: 'IT Director', status: 'ACTIVE', groups: ['IT-Admins', 'Okta-Super-Admins'], signedIn: true },
  { local: 'ben.ortiz', firstName: 'Ben', lastName: 'Ortiz', department: 'Engineering', title: 'Staff Engineer', status: 'ACTIVE', groups: ['Engineering', 'AWS-Prod-Admins'], manager: 'alice.admin', signedIn: true },
  { local: 'carla.nguyen', firstName: 'Carla', lastName: 'Nguyen', department: 'Finance', title: 'Controller', status: 'ACTIVE', groups: ['Finance'], manager: 'alice.admin', signedIn: true },
  { local: 'dan.ruiz', firstName: 'Dan', lastName: 'Ruiz', department: 'Sales', title: 'Account Executive', status: 'ACTIVE', groups: ['Sales'], manager: 'carla.nguyen' },
  { local: 'taken.user', firstName: 'Taylor', lastName: 'Taken', department: 'Engineering', title: 'Engineer', status: 'ACTIVE', groups: ['Engineering'], manager: 'ben.ortiz', signedIn: true },
  { local: 'paula.pending', firstName: 'Paula', lastName: 'Pending', department: 'Engineering', title: 'Engineer', status: 'PROVISIONED', groups: ['Engineering'], manager: 'ben.ortiz' },
  { local: 'sam.contractor', firstName: 'Sam', lastName: 'Contractor', department: 'Engineering', title: 'Contractor', status: 'SUSPENDED', groups: ['Contractors'], manager: 'ben.ortiz' },
  { local: 'erin.former', firstName: 'Erin', lastName: 'Former', department: 'Sales', title: 'Former employee', status: 'DEPROVISIONED', groups: ['Sales'] },
];

const loginOf = (local: string): string => `${local}@${DEMO_LOGIN_DOMAIN}`;

/**
 * Seeds the demo org: its groups, a few users in various states, and ONE service app for
 * Provisio with a fresh RSA key pair (DPoP required, as Okta defaults new API service apps).
 * Groups and users that already exist are kept, so seeding twice is harmless.
 */
export async function seedOktaDemo(okta: OktaStandIn, options: { requireDpop?: boolean } = {}): Promise<OktaDemoSeed> {
  const { store } = okta;
  for (const g of GROUPS) {
    if (!store.findGroupByName(g.name)) store.createGroup({ name: g.name, description: g.description, protected: g.protected ?? false });
  }
  const groupId = (name: string): string => {
    const group = store.findGroupByName(name);
    if (!group) throw new Error(`demo group ${name} missing`);
    return group.id;
  };

  const users: OktaDemoSeed['users'] = [];
  for (const u of USERS) {
    const login = loginOf(u.local);
    let user = store.findUserByLogin(login);
    if (!user) {
      user = store.insertUser({
        profile: {
          login,
          email: login,
          firstName: u.firstName,
          lastName: u.lastName,
          displayName: `${u.firstName} ${u.lastName}`,
          department: u.department,
          title: u.title,
          organization: 'Provisio Demo',
          ...(u.manager ? { manager: loginOf(u.manager) } : {}),
        },
        status: u.status,
        hasPassword: u.status !== 'PROVISIONED' && u.status !== 'DEPROVISIONED',
      });
      for (const name of u.groups) store.addMember(groupId(name), user.id);
      if (u.signedIn) store.recordLogin(user.id);
    }
    users.push({ id: user.id, login, firstName: u.firstName, lastName: u.lastName, status: user.status, groups: u.groups });
  }

  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const keyId = await calculateJwkThumbprint(jwk, 'sha256');
  const publicJwk = { ...jwk, kid: keyId, alg: 'RS256', use: 'sig' } as JsonWebKey & { kid: string };
  const clientId = store.newAppClientId();
  const requireDpop = options.requireDpop ?? true;
  okta.registerServiceApp({ clientId, publicJwk, scopes: [...PROVISIO_SCOPES], requireDpop });

  return {
    orgUrl: okta.orgUrl,
    clientId,
    keyId,
    privateKeyPem: await exportPKCS8(privateKey),
    publicJwk,
    requireDpop,
    scopes: [...PROVISIO_SCOPES],
    groups: store
      .listGroups()
      .map((g) => ({ name: g.name, id: g.id, type: g.type, protected: g.protected })),
    users,
    takenLogin: loginOf('taken.user'),
  };
}
