/**
 * `c8-fabric/local`: a local C8 Data Fabric server (Node only) that speaks the same HTTP API as the real one —
 * auth, fabrics, collections, documents, C8QL cursors and async jobs — for demos and for apps' own tests.
 * @module c8-fabric/local
 */
export * from "../src/local/index.js";
