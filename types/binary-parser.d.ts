declare module "binary-parser" {
  export * from "binary-parser/dist/binary_parser.js";
}
