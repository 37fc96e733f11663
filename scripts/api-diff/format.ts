// Renders an ApiDiff as the human-readable report `npm run api:diff` prints.
import type { ApiChange, ApiDiff } from "./compare.js";

/** Labels for the two sides of the report. */
export interface ReportSides {
  readonly oldLabel: string;
  readonly newLabel: string;
}

const BREAKING = "BREAKING";

function opLine(sign: string, ch: ApiChange, width: number): string {
  return `  ${sign} ${ch.operation.padEnd(width)}  ${ch.method.padEnd(6)} ${ch.path}`;
}

/** Formats the diff: added, removed and changed operations, breaking changes marked, then a summary line. */
export function formatDiff(diff: ApiDiff, sides: ReportSides): string {
  const out: string[] = [`API diff ${sides.oldLabel} → ${sides.newLabel}`, ""];
  const width = Math.max(0, ...diff.changes.map((c) => c.operation.length));
  const added = diff.changes.filter((c) => c.kind === "operation-added");
  const removed = diff.changes.filter((c) => c.kind === "operation-removed");
  const byOp = new Map<string, ApiChange[]>();
  for (const c of diff.changes) {
    if (c.kind === "operation-added" || c.kind === "operation-removed") continue;
    const list = byOp.get(c.operation) ?? [];
    list.push(c);
    byOp.set(c.operation, list);
  }
  if (added.length > 0) {
    out.push(`Added operations (${added.length})`);
    for (const c of added) out.push(opLine("+", c, width));
    out.push("");
  }
  if (removed.length > 0) {
    out.push(`Removed operations (${removed.length})`);
    for (const c of removed) out.push(`${opLine("-", c, width)}  [${BREAKING}]`);
    out.push("");
  }
  if (byOp.size > 0) {
    out.push(`Changed operations (${byOp.size})`);
    for (const list of byOp.values()) {
      const first = list[0];
      if (!first) continue;
      out.push(opLine("~", first, width));
      // Breaking changes first so they are seen.
      const sorted = [...list].sort((a, b) => Number(b.breaking) - Number(a.breaking));
      for (const c of sorted) out.push(`      ${c.breaking ? `[${BREAKING}] ` : ""}${c.message}`);
    }
    out.push("");
  }
  if (diff.changes.length === 0) out.push("No differences in operations or parameters.", "");
  out.push(
    `${diff.added} added, ${diff.removed} removed, ${diff.changed} changed; ` +
      `${diff.breaking} breaking change${diff.breaking === 1 ? "" : "s"}`,
  );
  return out.join("\n");
}
