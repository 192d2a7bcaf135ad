/**
 * Who is signed in to the sandbox's Jira pages. The sandbox is a local demo with made-up users,
 * so the cookie simply holds the chosen accountId and is trusted as it is: anyone who can reach
 * the sandbox may be anyone. Never do this outside the sandbox.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export type DemoRole = 'admin' | 'agent' | 'approver' | 'customer';


export interface DemoUser {
  displayName: string;
  email: string;
  token: string;
  accountId: string;
  /** Seed roles (`DemoRole`s); typed loosely so the stand-in's seed type fits as it is. */
  roles: readonly string[];
}

const USER_COOKIE = 'provisio_sandbox_user';
const FLASH_COOKIE = 'provisio_sandbox_flash';
const COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'Lax' } as const;

export function signedInAccountId(c: Context): string | undefined {
  return getCookie(c, USER_COOKIE) || undefined;
}

export function signIn(c: Context, accountId: string): void {
  setCookie(c, USER_COOKIE, accountId, COOKIE_OPTIONS);
}

export function signOut(c: Context): void {
  deleteCookie(c, USER_COOKIE, { path: '/' });
}

export interface Flash {
  kind: 'success' | 'error';
  text: string;
}

/** A one-time message for the page a POST redirects to. */
export function setFlash(c: Context, flash: Flash): void {
  setCookie(c, FLASH_COOKIE, JSON.stringify(flash), { ...COOKIE_OPTIONS, maxAge: 60 });
}

export function takeFlash(c: Context): Flash | undefined {
  const value = getCookie(c, FLASH_COOKIE);
  if (!value) return undefined;
  deleteCookie(c, FLASH_COOKIE, { path: '/' });
  try {
    const flash = JSON.parse(value) as Partial<Flash>; // hono (de)codes cookie values itself
    if ((flash.kind === 'success' || flash.kind === 'error') && typeof flash.text === 'string') return { kind: flash.kind, text: flash.text };
  } catch {
    // a mangled cookie is just no message
  }
  return undefined;
}

/** A same-site path to go back to after signing in; anything else means the home page. */
export function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}
