// esbuild `inject` file (scripts/build-web.ts): every free `Buffer` in the page bundle
// refers to this export.
export { Buffer } from "./buffer.js";
