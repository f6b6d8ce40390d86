import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/dist/**",
      "**/generated/**",
      "test-results/**",
      "playwright-report/**",
      "**/next-env.d.ts",
      ".stryker/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { tsconfigRootDir: import.meta.dirname } },
  },
  {
    // Type-aware: a promise nobody awaits or handles loses its rejection (or runs out of order).
    files: ["**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error"] }],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: ["apps/web/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // Configuration is read once, validated, in each app's env.ts (and the db package's config).
    files: ["apps/**/*.{ts,tsx}", "packages/**/*.ts"],
    // instrumentation.ts reads Next's own runtime flags (NEXT_RUNTIME, NEXT_PHASE), not settings.
    ignores: [
      "**/env.ts",
      "**/*.test.ts",
      "**/scripts/**",
      "**/testing/**",
      "packages/db/src/config.ts",
      "apps/web/instrumentation.ts",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration from env.ts." },
      ],
    },
  },
  {
    // One logger factory, createLogger from @switchboard/observability, carries the redaction rules.
    files: ["apps/*/src/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/testing/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "pino",
              message: "Use createLogger from @switchboard/observability: it redacts secrets.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Server actions are public endpoints: each is exported through validatedAction, which parses its arguments.
    files: ["apps/web/src/**/*actions.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ExportNamedDeclaration > FunctionDeclaration",
          message: "Export server actions as validatedAction(schema, body): their arguments come from the client.",
        },
      ],
    },
  },
  {
    files: ["**/*.test.ts", "test/**", "e2e/**", "bench/**", "scripts/**", "**/scripts/**", "**/cli.ts", "**/*-cli.ts"],
    rules: { "no-console": "off" },
  },
);
