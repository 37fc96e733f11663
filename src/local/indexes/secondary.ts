/** What the secondary indexes (persistent, TTL, geo, fulltext) share: definition, description, initial build. */
import type { ChangeObserver, Collection, DocChange } from "../store.js";
import type { IndexDefinition } from "./definition.js";
import type { IndexDescription } from "./types.js";

export abstract class SecondaryIndex<D extends IndexDefinition = IndexDefinition> implements ChangeObserver {
  readonly description: IndexDescription;

  constructor(
    readonly collection: Collection,
    readonly definition: D,
    extra: Record<string, unknown>,
  ) {
    this.description = Object.freeze({
      id: `${collection.name}/${definition.id}`,
      name: definition.name,
      type: definition.type,
      fields: Object.freeze([...definition.fields]),
      unique: false,
      sparse: true,
      ...extra,
    });
  }

  abstract apply(change: DocChange): void;
  abstract revert(change: DocChange): void;
  abstract clear(): void;
  /** Every entry in a canonical order: equal for two indexes over the same documents (tests compare with a rebuild). */
  abstract entries(): unknown[];

  /** Indexes the documents already there; throws (unique violation) with nothing left behind. */
  build(): void {
    try {
      for (const d of this.collection.all()) this.apply({ collection: this.collection, key: d._key, before: undefined, after: d });
    } catch (e) {
      this.clear();
      throw e;
    }
  }
}
