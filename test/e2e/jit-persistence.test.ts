import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JitDriver } from '../helpers/jit-driver';
import { SandboxClient } from '../helpers/sandbox-client';

/** `npm start` keeps state across restarts: live grants, their wake-ups, and the targets' memberships. */
describe('just-in-time access across a sandbox restart', () => {
  test('grants made before a restart are revoked on time after it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'provisio-jit-'));
    try {
      const first = await SandboxClient.start({ dataDir });
      const before = new JitDriver(first);
      const okta = await before.grant({ target: 'Okta IT-Admins', minutes: 30 });
      const atlassian = await before.grant({ target: 'Atlassian site-admins', minutes: 30, requester: 'carlCustomer' });
      await first.advance(5);
      const seed = first.sandbox.jitSeed;
      expect(before.inOktaGroup('ritaRequester') && before.inAtlassianGroup('carlCustomer')).toBe(true);
      await first.close();

      const second = await SandboxClient.start({ dataDir });
      try {
        const after = new JitDriver(second);
        expect(second.sandbox.jitSeed).toEqual(seed);
        expect(after.inOktaGroup('ritaRequester')).toBe(true);
        expect(after.inAtlassianGroup('carlCustomer')).toBe(true);
        expect((await after.grantView(okta)).status).toBe('active');
        await second.advance(31 * 60);
        expect(after.inOktaGroup('ritaRequester')).toBe(false);
        expect(after.inAtlassianGroup('carlCustomer')).toBe(false);
        expect((await after.grantView(atlassian)).status).toBe('expired');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
