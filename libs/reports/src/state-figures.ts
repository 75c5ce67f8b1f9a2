import { AGENT_STATES, type AgentState, type TimeInStateRow } from '#switchboard/agents';

export interface StateFigures {
  /** Seconds in each state, every state listed. */
  stateSeconds: Record<AgentState, number>;
  /** Seconds on a break per reason, longest first. */
  breaks: { reason: string; seconds: number }[];
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Folds one agent's time-in-state rows (per state and break reason) into its figures. */
export function toStateFigures(rows: readonly TimeInStateRow[]): StateFigures {
  const stateSeconds = Object.fromEntries(AGENT_STATES.map((s) => [s, 0])) as Record<AgentState, number>;
  const breaks = new Map<string, number>();
  for (const row of rows) {
    stateSeconds[row.state] += row.seconds;
    if (row.state === 'break') breaks.set(row.reason ?? '', (breaks.get(row.reason ?? '') ?? 0) + row.seconds);
  }
  for (const state of AGENT_STATES) stateSeconds[state] = round(stateSeconds[state]);
  return {
    stateSeconds,
    breaks: [...breaks]
      .map(([reason, seconds]) => ({ reason, seconds: round(seconds) }))
      .sort((a, b) => b.seconds - a.seconds || a.reason.localeCompare(b.reason)),
  };
}
