// Binary layouts declared once as data; decode, encode, size and checks walk the same table.
export * from "./result.js";
export * from "./guid.js";
export * from "./types.js";
export * from "./struct.js";
export * from "./hexinput.js";
export * from "./copy.js";
