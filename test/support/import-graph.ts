import { build, type Metafile, type Plugin } from "esbuild";

/** One forbidden import: the module that makes it, the specifier, and the chain of modules from the entry to it. */
export interface ForbiddenImport {
  /** The specifier as written in the importing module (e.g. `@pulumi/pulumi`). */
  specifier: string;
  /** Modules from the entry to the importer, paths relative to the root, e.g. `["sst.config.ts", "stacks/index.ts"]`. */
  chain: string[];
}

/**
 * The import graph of `entry` as a bundler sees it: esbuild's metafile of a bundle of `entry`, following static and
 * dynamic imports, resolving workspace packages (`@fleetwatch/*`, through their `exports` and subpaths) and relative
 * files; every other bare specifier (npm packages, Node built-ins, `@pulumi/*`) is left external, so it is listed
 * as an import but not walked into. Type-only imports are erased, as they are when SST bundles `sst.config.ts`.
 */
export async function importGraph(
  entry: string,
  root: string,
  workspaceScope = "@fleetwatch/",
): Promise<Metafile> {
  const externalOutsideWorkspace: Plugin = {
    name: "external-outside-workspace",
    setup(plugin) {
      plugin.onResolve({ filter: /^[^./]/ }, (args) =>
        args.path.startsWith(workspaceScope) ? undefined : { path: args.path, external: true },
      );
    },
  };
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    logLevel: "silent",
    plugins: [externalOutsideWorkspace],
  });
  return result.metafile;
}

/**
 * Every import in `graph` reachable from `entry` whose specifier `forbidden` rejects, each with the shortest chain of
 * modules that reaches its importer (breadth first). A forbidden import is reported, not walked into.
 */
export function forbiddenImports(
  graph: Metafile,
  entry: string,
  forbidden: (specifier: string) => boolean,
): ForbiddenImport[] {
  const parent = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  const found: ForbiddenImport[] = [];
  const chainTo = (module: string): string[] => {
    const chain: string[] = [];
    for (let at: string | undefined = module; at !== undefined; at = parent.get(at)) chain.unshift(at);
    return chain;
  };
  for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
    for (const edge of graph.inputs[module]?.imports ?? []) {
      const specifier = edge.original ?? edge.path;
      if (forbidden(specifier)) {
        found.push({ specifier, chain: chainTo(module) });
        continue;
      }
      if (edge.external || parent.has(edge.path)) continue;
      parent.set(edge.path, module);
      queue.push(edge.path);
    }
  }
  return found;
}

/** One line per forbidden import: `<specifier> via a.ts -> b.ts -> c.ts`. */
export function describeForbiddenImports(found: ForbiddenImport[]): string[] {
  return found.map(({ specifier, chain }) => `${specifier} via ${chain.join(" -> ")}`);
}
