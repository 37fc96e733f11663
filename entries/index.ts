/**
 * `c8-fabric`: the SDK on the newest API version (today v1). Start with {@link C8Client}.
 * Zod-free and Node-free, so it runs in Node, browsers, Deno, Bun and workers.
 * @module c8-fabric
 */
export * from "../src/index.js";
