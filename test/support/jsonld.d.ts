// The parts of the jsonld processor (devDependency) the DCAT tests use; it ships no types.
declare module "jsonld" {
  type Doc = Record<string, unknown> | unknown[];
  interface Options {
    documentLoader?: (url: string) => Promise<never>;
    safe?: boolean;
    format?: string;
  }
  const jsonld: {
    expand(doc: Doc, options?: Options): Promise<Array<Record<string, unknown>>>;
    toRDF(doc: Doc, options?: Options): Promise<string>;
  };
  export default jsonld;
}
