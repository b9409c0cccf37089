// ESLint for the browser code in ui/frontend (scripts/test runs it).
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["ui/frontend/**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      // Each file is the body of a function (ui/frontend/__init__.py), not a module.
      sourceType: "script",
      globals: {
        ...globals.browser,
        cfg: "readonly", // the file's configuration, set by ui/frontend script()
      },
    },
    rules: {
      "no-unused-vars": ["error", { caughtErrors: "none" }],
      eqeqeq: "error",
      "prefer-const": "error",
      "no-var": "error",
    },
  },
  {
    // A components-v2 component is an ES module whose default export Streamlit mounts.
    files: [
      "ui/frontend/screen.js",
      "ui/frontend/keys.js",
      "ui/frontend/push.js",
      "ui/frontend/draft.js",
    ],
    languageOptions: { sourceType: "module" },
  },
];
