// Bundles the UI with esbuild: src/ui/main.ts and src/ui/style.css into content-hashed, minified
// files, and writes index.html naming them (so a new build is never served from a stale cache).
// Usage: node build.mjs [outdir]   (Maven passes target/classes/dev/loupe/ui)
import * as esbuild from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const outdir = process.argv[2] ?? "target/classes/dev/loupe/ui";
rmSync(outdir, { recursive: true, force: true });
mkdirSync(join(outdir, "assets"), { recursive: true });

const result = await esbuild.build({
  entryPoints: ["src/ui/main.ts", "src/ui/style.css"],
  bundle: true,
  minify: true,
  sourcemap: false,
  target: ["es2022"],
  format: "esm",
  outdir: join(outdir, "assets"),
  entryNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
});

let script = "";
let style = "";
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (meta.entryPoint === "src/ui/main.ts") script = basename(file);
  if (meta.entryPoint === "src/ui/style.css") style = basename(file);
}
if (!script || !style) throw new Error("esbuild produced no script or style bundle");

const html = readFileSync("src/ui/index.html", "utf8")
  .replace("%STYLE%", `assets/${style}`)
  .replace("%SCRIPT%", `assets/${script}`);
writeFileSync(join(outdir, "index.html"), html);
console.log(`loupe-ui: ${outdir}/index.html, assets/${script}, assets/${style}`);
