/**
 * `c8-fabric/v1/schemas` (`c8-fabric-v1/schemas`): zod 4 validators generated from API v1's spec —
 * `requestBodies` and `responseBodies` per operationId, plus the named component schemas. Importing this
 * entry brings in zod; the SDK entries never do.
 * @module c8-fabric/v1/schemas
 */
export * from "../generated/v1/schemas.js";
