// How operations are executed. graphql-js resolves an answer field by field, building an info
// object and a path for every field of every row; for a catalog page (20 entries with 20 items
// each) that is most of the gateway's work. An operation document the gateway has run
// `compileAfter` times is compiled once (graphql-jit) into a function that runs the same
// resolvers (shield's rules and type-graphql's included) without that per-field machinery.
//
// Apollo Server still parses, validates (the query limits among the rules) and formats errors;
// only execution changes. Documents seen fewer times, or that graphql-jit declines to compile,
// run through graphql-js as before: a stream of one-off documents (a fuzzer, an attacker) costs
// no compilation. Compiled operations are kept per document object, and Apollo's document cache
// decides how long a document lives, so the two caches cannot disagree or grow apart.
import { execute, getVariableValues, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";

interface DocumentState {
  runs: number;
  /** By operation name ("" for the only one); null: graphql-jit declined, stay on graphql-js. */
  compiled: Map<string, CompiledQuery | null>;
}

export interface ExecutorStats {
  compiled: number;
  compiledRuns: number;
  interpretedRuns: number;
}

/**
 * graphql-jit's errors imitate graphql-js's but leave `extensions` undefined when the thrown
 * error had none (a database error), which Apollo's error formatting does not survive. Rebuilt
 * as graphql-js builds them: the same message, locations and path, the thrown error as
 * originalError (formatError and the log look there), its extensions.
 */
function asGraphQLError(e: GraphQLError): GraphQLError {
  const out = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: e.extensions ?? undefined });
  if (e.locations) (out as { locations?: unknown }).locations = e.locations;
  return out;
}

/**
 * Apollo Server's gateway interface, used only to hand it an executor over a fixed schema (no
 * federation, no schema updates).
 */
export function compilingGateway(schema: GraphQLSchema, opts: { compileAfter: number }): GatewayInterface & { stats: ExecutorStats } {
  const documents = new WeakMap<DocumentNode, DocumentState>();
  const stats: ExecutorStats = { compiled: 0, compiledRuns: 0, interpretedRuns: 0 };

  const compiledFor = (document: DocumentNode, operationName: string | null): CompiledQuery | null => {
    if (opts.compileAfter <= 0) return null;
    let state = documents.get(document);
    if (!state) documents.set(document, (state = { runs: 0, compiled: new Map() }));
    const key = operationName ?? "";
    const known = state.compiled.get(key);
    if (known !== undefined) return known;
    if (++state.runs < opts.compileAfter) return null;
    let compiled: CompiledQuery | null = null;
    try {
      const c = compileQuery(schema, document, operationName ?? undefined, {
        // Errors carry no JavaScript stack (it is never sent, and costs time to capture).
        disablingCapturingStackErrors: true,
      });
      if (isCompiledQuery(c)) {
        compiled = c;
        stats.compiled++;
      }
    } catch {
      compiled = null;
    }
    state.compiled.set(key, compiled);
    return compiled;
  };

  const executor: GatewayExecutor = async (rc) => {
    const compiled = compiledFor(rc.document, rc.operationName ?? rc.request.operationName ?? null);
    if (compiled) {
      // Variables are checked by graphql-js first, exactly as its execute() checks them: the
      // same BAD_USER_INPUT answers, and a variable graphql-jit would choke on (nested a
      // thousand deep) never reaches it. It then coerces the raw values itself.
      const variables = rc.request.variables ?? {};
      const checked = getVariableValues(schema, rc.operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
      if (checked.errors) return { errors: checked.errors };
      stats.compiledRuns++;
      const result = (await compiled.query(undefined, rc.context, variables)) as ExecutionResult<Record<string, any>>;
      return result.errors?.length ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
    }
    stats.interpretedRuns++;
    return (await execute({
      schema,
      document: rc.document,
      contextValue: rc.context,
      variableValues: rc.request.variables,
      operationName: rc.request.operationName,
    })) as ExecutionResult<Record<string, any>>;
  };

  return {
    stats,
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async stop() {},
  };
}
