// Svelte 5 runes everywhere; TypeScript in components needs no preprocessor.
export default { compilerOptions: { runes: true } };
