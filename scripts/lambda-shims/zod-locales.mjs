// zod's `locales` namespace for Lambda bundles: error messages are English
// (zod's default); the other 40-odd languages are 260 KB nobody loads.
export { default as en } from 'zod/v4/locales/en.js';
