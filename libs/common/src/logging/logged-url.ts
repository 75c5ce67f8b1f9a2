/**
 * Query parameters whose values say nothing about a person: paging, filters by
 * id, state or time. Their values are logged as sent.
 */
const LOGGED_PARAMS = new Set(['limit', 'cursor', 'status', 'state', 'from', 'to', 'campaignId', 'agentId', 'contactId']);

/**
 * Known parameters whose values may name a person (a contact search matches
 * names, phones and e-mails; tags are free text): logged by name, value masked.
 */
const MASKED_PARAMS = new Set(['q', 'tag']);

/** Stands in for a value, or a whole parameter, left out of the log. */
export const REDACTED = '[redacted]';

/**
 * A request URL as the request log writes it: the path, and of the query only
 * what cannot be personal. A contact search (`?q=+14045550100`) must not put a
 * phone number or an e-mail address in the logs (issue 20, item 8). Any other
 * parameter is unknown, so neither its name nor its value is written: one
 * marker says something was left out. Paths hold ids only.
 */
export function loggedUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const start = url.indexOf('?');
  if (start === -1) return url;
  const path = url.slice(0, start);
  const kept: string[] = [];
  let dropped = false;
  for (const pair of url.slice(start + 1).split('&')) {
    if (pair === '') continue;
    const name = nameOf(pair);
    if (name !== undefined && LOGGED_PARAMS.has(name)) kept.push(pair);
    else if (name !== undefined && MASKED_PARAMS.has(name)) kept.push(`${name}=${REDACTED}`);
    else dropped = true;
  }
  if (dropped) kept.push(REDACTED);
  return kept.length > 0 ? `${path}?${kept.join('&')}` : path;
}

/** A pair's decoded name, or undefined when it does not decode. */
function nameOf(pair: string): string | undefined {
  const end = pair.indexOf('=');
  try {
    return decodeURIComponent((end === -1 ? pair : pair.slice(0, end)).replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
