/** A field error inside a validation problem. */
export interface FieldError {
  field: string;
  code?: string;
  message: string;
}

/** RFC 9457 problem details as the API renders them. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

/** An API call that did not succeed, carrying the server's own words. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(describeProblem(problem));
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

function isProblemLike(body: unknown): body is Partial<Problem> & { title: string } {
  return typeof body === 'object' && body !== null && typeof (body as { title?: unknown }).title === 'string';
}

/**
 * Builds a problem from any error response: the server's problem details when
 * it sent them, otherwise the status line and whatever text came back.
 */
export function toProblem(status: number, statusText: string, body: unknown): Problem {
  if (isProblemLike(body)) {
    const errors = Array.isArray(body.errors) ? body.errors.filter((e) => e && typeof e.message === 'string') : undefined;
    return { ...body, status: typeof body.status === 'number' ? body.status : status, errors } as Problem;
  }
  const text = typeof body === 'string' ? body.trim().slice(0, 300) : '';
  return { title: statusText || `HTTP ${status}`, status, detail: text || undefined };
}

/** One sentence for a problem: "Conflict: A contact with this phone exists." */
export function describeProblem(problem: Problem): string {
  const detail = problem.detail && problem.detail !== problem.title ? `: ${problem.detail}` : '';
  return `${problem.title}${detail}`;
}

/** Any thrown value as a problem, so the UI always has words to show. */
export function problemOf(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  if (err instanceof Error) return { title: 'Something went wrong', status: 0, detail: err.message };
  return { title: 'Something went wrong', status: 0, detail: String(err) };
}
