/**
 * Request bodies to JSON values, refusing what would otherwise be changed quietly or crash later: invalid UTF-8
 * (Buffer decoding would substitute U+FFFD), nesting deeper than {@link MAX_JSON_DEPTH} (JSON.parse copes, but the
 * recursive steps after it — schema checks, the store's copy, JSON.stringify, C8QL comparisons — overflow the
 * stack and would answer 500), and numbers outside the double range (`1e999999` parses as Infinity, which JSON
 * cannot represent). One linear pre-scan of the text checks depth and numbers before JSON.parse.
 * Every refusal is a plain Error; the server answers it 400 / errorNum 600 ("invalid JSON object: …").
 */
import { isUtf8 } from "node:buffer";

/** Deepest nesting of arrays and objects accepted in a request body (bindVars and documents included). */
export const MAX_JSON_DEPTH = 1000;

/** Parses a request body; throws an Error whose message says what is wrong. */
export function parseJsonBody(raw: Buffer): unknown {
  if (!isUtf8(raw)) throw new Error("invalid UTF-8 sequence in request body");
  const text = raw.toString("utf8");
  prescan(text);
  return JSON.parse(text);
}

/** Throws when the text nests deeper than the limit or holds a number literal beyond the double range. */
function prescan(text: string): void {
  const n = text.length;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = stringEnd(text, i + 1);
      continue;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) throw new Error(`nesting deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      let exp = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x65 || d === 0x45) exp = true;
        else if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x2b || d === 0x2d)) break;
        i++;
      }
      // only an exponent or more than 308 digits can leave the double range
      if ((exp || i - start > 308) && !Number.isFinite(Number(text.slice(start, i)))) {
        throw new Error(`number out of range: ${text.slice(start, Math.min(i, start + 40))}`);
      }
      continue;
    }
    i++;
  }
}

/** Index after the closing quote of a string whose content starts at `from` (or the text's end if unclosed). */
function stringEnd(text: string, from: number): number {
  let i = from;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return text.length;
    let backslashes = 0;
    for (let j = q - 1; j >= from && text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}
