import crypto from 'node:crypto';
import type { Redis } from '../../runtime/redis.ts';
import { tenantKey } from '../../runtime/redis.ts';
import type { SocialProvider } from './social-providers.ts';

/** How long a started sign-in, a link intent and a pending link live (seconds). */
export const SOCIAL_FLOW_TTL_SECONDS = 600;
/** How long the account pages have to redeem a sign-in ticket (seconds). */
export const SOCIAL_TICKET_TTL_SECONDS = 60;

/** A sign-in or link started at the gateway, waiting for the provider's answer. */
export interface FlowState {
  readonly provider: SocialProvider;
  /** PKCE (RFC 7636) code verifier of this authorization request. */
  readonly verifier: string;
  /** OpenID Connect nonce the ID token must carry (null for GitHub, which issues none). */
  readonly nonce: string | null;
  /** SHA-256 of the browser-binding cookie's value. */
  readonly binding: string;
  /** Same-origin path the account pages go to once signed in. */
  readonly returnPath: string;
  /** A sign-in, or linking the identity to the signed-in user who asked for it. */
  readonly purpose: 'sign_in' | 'link';
  readonly userId: string | null;
}

/** A signed-in user's wish to link a provider (startSocialLink), spent by the start route. */
export interface LinkIntent {
  readonly userId: string;
  readonly provider: SocialProvider;
}

/** A proven upstream identity whose address belongs to an existing account: linked only after that account's own sign-in. */
export interface PendingLink {
  readonly provider: SocialProvider;
  readonly issuer: string;
  readonly subject: string;
  readonly email: string;
  readonly userId: string;
  /** Epoch ms: the account's proof must be a sign-in made after this. */
  readonly createdAt: number;
}

/** A proven sign-in waiting for the account pages to start its session (completeSocialSignIn). */
export interface SignInTicket {
  readonly tenantId: string;
  readonly userId: string;
  readonly provider: SocialProvider;
  readonly identityId: string;
}

/** 256 random bits, base64url: states, cookie bindings, intents, tickets. */
export function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value, 'utf8').digest('base64url');
}

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The social flows' short-lived records in Redis, each single-use: read and deleted by one GETDEL,
 * so a replay (a second callback with the same state, a ticket redeemed twice) finds nothing.
 * Keys hold only the SHA-256 of the token the browser carries.
 */
export class SocialStore {
  constructor(private readonly redis: Redis) {}

  saveState(tenantId: string, state: string, record: FlowState): Promise<unknown> {
    return this.#put(tenantKey(tenantId, 'social', 'state', sha256(state)), record, SOCIAL_FLOW_TTL_SECONDS);
  }

  takeState(tenantId: string, state: string): Promise<FlowState | null> {
    return this.#take(state, (hash) => tenantKey(tenantId, 'social', 'state', hash));
  }

  saveIntent(tenantId: string, token: string, record: LinkIntent): Promise<unknown> {
    return this.#put(tenantKey(tenantId, 'social', 'intent', sha256(token)), record, SOCIAL_FLOW_TTL_SECONDS);
  }

  takeIntent(tenantId: string, token: string): Promise<LinkIntent | null> {
    return this.#take(token, (hash) => tenantKey(tenantId, 'social', 'intent', hash));
  }

  savePendingLink(tenantId: string, token: string, record: PendingLink): Promise<unknown> {
    return this.#put(tenantKey(tenantId, 'social', 'pending', sha256(token)), record, SOCIAL_FLOW_TTL_SECONDS);
  }

  /** Reads a pending link without spending it (spent once the link is proven). */
  async peekPendingLink(tenantId: string, token: string): Promise<PendingLink | null> {
    if (!TOKEN.test(token)) return null;
    const raw = await this.redis.get(tenantKey(tenantId, 'social', 'pending', sha256(token)));
    return raw ? (JSON.parse(raw) as PendingLink) : null;
  }

  takePendingLink(tenantId: string, token: string): Promise<PendingLink | null> {
    return this.#take(token, (hash) => tenantKey(tenantId, 'social', 'pending', hash));
  }

  saveTicket(ticket: string, record: SignInTicket): Promise<unknown> {
    return this.#put(`social:ticket:${sha256(ticket)}`, record, SOCIAL_TICKET_TTL_SECONDS);
  }

  takeTicket(ticket: string): Promise<SignInTicket | null> {
    return this.#take(ticket, (hash) => `social:ticket:${hash}`);
  }

  #put(key: string, record: object, ttlSeconds: number): Promise<unknown> {
    return this.redis.set(key, JSON.stringify(record), 'EX', ttlSeconds);
  }

  async #take<T>(token: string, keyOf: (hash: string) => string): Promise<T | null> {
    if (!TOKEN.test(token)) return null;
    const raw = await this.redis.getdel(keyOf(sha256(token)));
    return raw ? (JSON.parse(raw) as T) : null;
  }
}
