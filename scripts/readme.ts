// npm run readme: regenerates the README's CLI example blocks from the real commands.
import { readFileSync, writeFileSync } from "node:fs";
import { regenerate } from "./readme-examples.js";

const before = readFileSync("README.md", "utf8");
const after = await regenerate(before);
writeFileSync("README.md", after);
console.log(before === after ? "README.md: examples already current" : "README.md: examples regenerated");
