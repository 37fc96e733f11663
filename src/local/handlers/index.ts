/**
 * One handler per operationId of the generated table. Typed as `Record<OperationId, Handler>`, so a spec change
 * that adds or renames an operation fails the type-check until it has a handler here.
 */
import type { OperationId } from "../../../generated/v1/operations.js";
import type { Handler } from "../context.js";
import * as auth from "./auth.js";
import * as collections from "./collections.js";
import * as documents from "./documents.js";
import * as multi from "./documents-multi.js";
import * as fabrics from "./fabrics.js";
import * as indexes from "./indexes.js";
import * as jobs from "./jobs.js";
import * as query from "./query.js";
import * as server from "./server-info.js";
import * as exporting from "./export.js";
import * as metadata from "./metadata.js";
import * as sql from "./sql.js";
import * as users from "./users.js";

export const handlers: Record<OperationId, Handler> = {
  authenticate: auth.authenticate,
  listUsers: auth.listUsers,
  createUser: users.createUser,
  deleteUser: users.deleteUser,

  getVersion: server.getVersion,
  getFabricVersion: server.getFabricVersion,

  getCurrentFabric: fabrics.getCurrentFabric,
  listFabrics: fabrics.listFabrics,
  listUserFabrics: fabrics.listUserFabrics,
  createFabric: fabrics.createFabric,
  deleteFabric: fabrics.deleteFabric,
  getFabricMetadata: metadata.getFabricMetadata,
  setFabricMetadata: metadata.setFabricMetadata,
  updateFabricMetadata: metadata.updateFabricMetadata,

  listCollections: collections.listCollections,
  createCollection: collections.createCollection,
  getCollection: collections.getCollection,
  getCollectionProperties: collections.getCollectionProperties,
  updateCollectionProperties: collections.updateCollectionProperties,
  getCollectionCount: collections.getCollectionCount,
  getCollectionFigures: collections.getCollectionFigures,
  truncateCollection: collections.truncateCollection,
  deleteCollection: collections.deleteCollection,

  listIndexes: indexes.listIndexes,
  getIndex: indexes.getIndex,
  createIndex: indexes.createIndex,
  createIndexOfType: indexes.createIndexOfType,
  deleteIndex: indexes.deleteIndex,

  insertDocument: documents.insertDocument,
  insertDocumentWithCollectionParam: documents.insertDocumentWithCollectionParam,
  replaceDocuments: multi.replaceDocuments,
  updateDocuments: multi.updateDocuments,
  deleteDocuments: multi.deleteDocuments,
  getDocument: documents.getDocument,
  checkDocument: documents.checkDocument,
  replaceDocument: documents.replaceDocument,
  updateDocument: documents.updateDocument,
  deleteDocument: documents.deleteDocument,
  importDocuments: multi.importDocuments,

  createCursor: query.createCursor,
  readCursorBatch: query.readCursorBatch,
  readCursorBatchPost: query.readCursorBatchPost,
  deleteCursor: query.deleteCursor,
  createSqlCursor: sql.createSqlCursor,
  exportQuery: exporting.exportQuery,
  exportCollection: exporting.exportCollection,

  getJobStatus: jobs.getJobStatus,
  getJobResult: jobs.getJobResult,
  cancelJob: jobs.cancelJob,
  deleteJob: jobs.deleteJob,
  listDoneJobs: jobs.listDoneJobs,
  listPendingJobs: jobs.listPendingJobs,
  deleteAllJobs: jobs.deleteAllJobs,
  deleteExpiredJobs: jobs.deleteExpiredJobs,
};
