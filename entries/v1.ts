/**
 * `c8-fabric/v1` (and the `c8-fabric-v1` package's main entry): C8 Data Fabric API v1 as one import — the
 * SDK (`C8Client` and friends), the generated request function of every operation, the operation table, and
 * the OpenAPI types `paths`, `components` and `OperationTypes`. zod validators are kept out of it, in
 * `c8-fabric/v1/schemas`, so that apps that do not validate do not ship zod.
 * @module c8-fabric/v1
 */
export type { components, operations as OperationTypes, paths } from "../generated/v1/schema.js";
export * from "../generated/v1/operations.js";
export * from "../src/index.js";
