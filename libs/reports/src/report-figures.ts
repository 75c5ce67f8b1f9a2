import { CALL_DISPOSITIONS, type CallDisposition, type DispositionRow } from '#switchboard/calls';

export interface ReportFigures {
  calls: number;
  answered: number;
  answerRate: number;
  talkSeconds: number;
  avgTalkSeconds: number;
  dispositions: Record<CallDisposition, number>;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Folds per-disposition rows into report figures; every disposition is listed, zeros included. */
export function toFigures(rows: readonly DispositionRow[]): ReportFigures {
  const dispositions = Object.fromEntries(CALL_DISPOSITIONS.map((d) => [d, 0])) as Record<CallDisposition, number>;
  let calls = 0;
  let answered = 0;
  let talk = 0;
  for (const row of rows) {
    calls += row.calls;
    answered += row.answered;
    talk += row.talkSeconds;
    if (row.disposition && row.disposition in dispositions) dispositions[row.disposition as CallDisposition] += row.calls;
  }
  return {
    calls,
    answered,
    answerRate: calls ? round(answered / calls, 4) : 0,
    talkSeconds: round(talk, 3),
    avgTalkSeconds: answered ? round(talk / answered, 2) : 0,
    dispositions,
  };
}
