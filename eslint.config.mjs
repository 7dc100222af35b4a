// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** The Bot Framework SDK and the HTTP server stay at the edge (src/platform), so that moving to the
 * Microsoft 365 Agents SDK rewrites platform/ and nothing else. */
const sdkAtTheEdge = [
  {
    group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
    message: 'Only src/platform/ talks to botbuilder.',
  },
  { group: ['restify', 'restify-*'], message: 'Only src/platform/ talks to restify.' },
];

/** The tab and the platform see a slice only through its public index.ts, and the people core whole. */
const noSliceInternals = [
  {
    regex: String.raw`^(\.\./)+features/[^/]+/(?!index$).+`,
    message: 'Import a slice through its index (../features/<slice>), never one of its files.',
  },
];

/**
 * A slice (src/features/<a>/) uses another slice only through that slice's index.ts, and the people
 * core only through src/people/index.ts: slices talk through domain events and people, not internals.
 */
const slicesThroughTheirIndex = [
  {
    regex: String.raw`^\.\./(?!\.\.)[^/]+/(?!index$).+`,
    message: 'Another slice only through its index (../<slice>), or listen to its domain events.',
  },
  ...noSliceInternals,
  {
    regex: String.raw`^(\.\./)+people/.+`,
    message: "Import people things from '../../people' (its index), never one of its files.",
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'build/', 'data/', 'coverage/', 'public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  // Import rules that keep the anatomy. For a given file the last matching block's
  // `no-restricted-imports` wins, so each block below repeats the patterns of the ones it narrows.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/platform/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...sdkAtTheEdge] }] },
  },
  {
    files: ['src/features/**/*.ts'],
    // The list of features is the one place that names every slice.
    ignores: ['src/features/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...sdkAtTheEdge, ...slicesThroughTheirIndex] }],
    },
  },
  {
    files: ['src/tab/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...sdkAtTheEdge, ...noSliceInternals] }] },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...noSliceInternals] }] },
  },
  {
    // Repositories are the only mongoose users: models and queries never leak out of them.
    files: ['src/**/*.ts'],
    ignores: [
      'src/**/repository.ts',
      'src/**/*-repository.ts',
      'src/db/**',
      'src/embedded-mongo/**',
      // The job leases' collection and the rule that uses it, in one file read by several slices.
      'src/scheduling/job-lease.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['mongoose', 'mongoose/*', 'mongodb', 'mongodb/*'],
              message:
                'Only repositories (repository.ts, *-repository.ts) and src/db/ use mongoose: ask the repository for what you need.',
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration is read once, in src/config.ts, and passed down.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts', 'src/index.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration in src/config.ts and pass it down.',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
  },
);
