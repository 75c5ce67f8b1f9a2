import { getContext, setContext } from 'svelte';
import type { ApiClient } from './api.js';
import type { Session } from './auth.js';

export interface AppContext {
  api: ApiClient;
  readonly session: Session;
}

const KEY = Symbol('switchboard');

export const provideApp = (ctx: AppContext): AppContext => setContext(KEY, ctx);
export const useApp = (): AppContext => getContext<AppContext>(KEY);

/** Fired on window when this tab logs a call, so open reports refresh at once. */
export const CALL_LOGGED = 'switchboard:call-logged';

/** Fired on window when this tab changed the agent's state another way (next-contact reserves it). */
export const AGENT_STATE_CHANGED = 'switchboard:agent-state-changed';
