// One ESLint config for the workspace (flat config, typescript-eslint).
// TypeScript files are linted with type information (projectService: each file
// gets the tsconfig.json nearest to it, so apps/web gets its own), which is what
// the promise rules need. Plain JavaScript files (configs, scripts) belong to
// no tsconfig and are linted without types. Only the three typed rules below are
// on, not recommendedTypeChecked: that preset finds ~750 problems here, 519 of
// them no-unsafe-* on the untyped values libraries hand out (pg rows, JSON bodies).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'cdk.out/**', 'deploy/cdk.out/**', 'coverage/**', '.data/**', 'apps/web/dist/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      // Default options: an async function where a callback's result is ignored (an
      // Express or node:http handler) is flagged, since its rejection would go unhandled.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': 'off',
    },
  },
  {
    // No tsconfig includes these, so no type information for them.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Only the config lib and the CDK entry read the environment (house rule).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/config/**', 'libs/lambda/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through #switchboard/config.' }],
    },
  },
);
