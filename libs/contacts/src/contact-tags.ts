/** Tags trimmed and each once, in the order given. */
export const normaliseTags = (tags: string[]): string[] => [...new Set(tags.map((t) => t.trim()))];
