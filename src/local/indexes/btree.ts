/**
 * The ordered structure under the primary, persistent, TTL and fulltext indexes: `sorted-btree` (a B+ tree with
 * range iteration in both directions, no dependencies, no install scripts). It is CommonJS; this file hides the
 * interop so that index files import one class.
 */
import sortedBtree from "sorted-btree";

type BTreeClass = typeof sortedBtree.default;
export const BTree: BTreeClass = (sortedBtree as unknown as { default: BTreeClass }).default ?? (sortedBtree as unknown as BTreeClass);
export type BTree<K, V> = InstanceType<typeof sortedBtree.default<K, V>>;
