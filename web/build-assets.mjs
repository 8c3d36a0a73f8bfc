// Builds web/dist: Hearth's stylesheet, compiled from GOV.UK Frontend's Sass
// with the settings for a service that is not on GOV.UK (no GDS Transport
// font), and the Frontend's script. The server hashes and serves these.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "dist");
mkdirSync(dist, { recursive: true });

const { css } = sass.compile(join(here, "styles", "hearth.scss"), {
  loadPaths: [join(here, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(join(dist, "hearth.css"), css);
copyFileSync(
  join(here, "node_modules", "govuk-frontend", "dist", "govuk", "govuk-frontend.min.js"),
  join(dist, "govuk-frontend.min.js"),
);
console.log(`built ${dist}`);
