const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a uuid, so a foreign id never reaches Postgres as a cast error. */
export const isUuid = (value: string): boolean => UUID.test(value);
