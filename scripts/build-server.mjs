// Compiles the web process (server.ts and what it imports) into build/server.js, so that `npm start`
// runs plain JavaScript with node: no TypeScript transpiler loaded or run at start-up, one process
// instead of tsx's launcher and its child. Packages stay external (resolved from node_modules).
import { build } from "esbuild";

await build({
  entryPoints: ["server.ts"],
  outfile: "build/server.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
