/**
 * Regular expressions of C8QL (`=~`, `!~`, `REGEX_TEST`, `REGEX_MATCHES`, `REGEX_SPLIT`, `REGEX_REPLACE`) on RE2
 * (re2js): matching time is linear in the text whatever the pattern, so no query can stall the server with a
 * pathological pattern (`^(a+)+$`). ArangoDB uses ICU's backtracking engine; the syntax is the same except for
 * what RE2 cannot do in linear time: lookahead `(?=…)`/`(?!…)`, backreferences `\1`/`\k<name>`, atomic groups
 * `(?>…)`, possessive quantifiers `a*+` and `\Z`. Those answer 400 / errorNum 1543 naming the construct, because
 * the query would run on C8 and must not quietly mean something else here. Lookbehind `(?<=…)`/`(?<!…)` is
 * supported (re2js runs it in linear time); `\uhhhh` is read as `\x{hhhh}`. A pattern that is invalid in both
 * syntaxes is what ArangoDB makes of it: warning 1543 "invalid regex value" and null. Patterns longer than
 * {@link MAX_REGEX_LENGTH} or compiling to more than {@link MAX_REGEX_INSTRUCTIONS} answer 400/1543 too.
 */
import { RE2JS } from "re2js";
import { LocalError } from "../errors.js";

const CACHE_SIZE = 1000;
/** Longest pattern compiled (characters), and largest compiled program (RE2 instructions): matching costs at worst
 * text length × program size, so the program is what bounds a match's time. */
export const MAX_REGEX_LENGTH = 8192;
export const MAX_REGEX_INSTRUCTIONS = 2000;
/** compiled patterns by flag + pattern; null = invalid (warn) */
const cache = new Map<string, RE2JS | null>();

/** What RE2 refused, when it is syntax ICU (and so C8) accepts; from re2js's message, by string tests only. */
function unsupported(message: string): string | undefined {
  const a = message.indexOf("`");
  const frag = a < 0 ? "" : message.slice(a + 1, message.lastIndexOf("`"));
  if (message.includes("unsupported Perl syntax")) {
    if (frag.startsWith("(?=") || frag.startsWith("(?!")) return "lookahead assertions";
    if (frag.startsWith("(?>")) return "atomic groups";
  }
  if (message.includes("invalid escape sequence") && frag.length === 2) {
    const c = frag[1]!;
    if (c >= "1" && c <= "9") return "backreferences";
    if (c === "k") return "named backreferences";
    if (c === "Z" || c === "G") return "\\Z and \\G";
  }
  if (message.includes("invalid nested repetition operator") && frag.length === 2 && frag[1] === "+") return "possessive quantifiers";
  return undefined;
}

/** `\uhhhh` (ICU, JavaScript) → `\x{hhhh}` (RE2); other escapes are left alone. */
function translate(pattern: string): string {
  if (!pattern.includes("\\u")) return pattern;
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) {
      const hex = pattern.slice(i + 2, i + 6);
      if (pattern[i + 1] === "u" && hex.length === 4 && isHex(hex)) {
        out += `\\x{${hex}}`;
        i += 5;
      } else {
        out += c + pattern[i + 1];
        i++;
      }
    } else out += c;
  }
  return out;
}

function isHex(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/**
 * The compiled pattern, or null when it is invalid (the caller warns 1543 and answers null). Throws 400/1543 for
 * syntax C8 accepts but a linear-time engine cannot run.
 */
export function compileRegex(pattern: string, caseInsensitive: boolean): RE2JS | null {
  const key = (caseInsensitive ? "i" : "s") + pattern;
  let re = cache.get(key);
  if (re !== undefined) return re;
  if (pattern.length > MAX_REGEX_LENGTH) throw tooLarge(`${pattern.length} characters, limit ${MAX_REGEX_LENGTH}`);
  try {
    re = RE2JS.compile(translate(pattern), RE2JS.LOOKBEHINDS | (caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const what = unsupported(message);
    if (what !== undefined) {
      const detail = message.startsWith("error parsing regexp: ") ? message.slice(22) : message;
      throw new LocalError(
        400,
        1543,
        `invalid regex value: ${what} are not supported by the local fabric, which matches regular expressions in linear time (RE2 syntax): ${detail}`,
      );
    }
    re = null;
  }
  const size = re === null ? 0 : re.matcher("").programSize();
  if (size > MAX_REGEX_INSTRUCTIONS) throw tooLarge(`${size} instructions, limit ${MAX_REGEX_INSTRUCTIONS}`);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, re);
  return re;
}

function tooLarge(what: string): LocalError {
  return new LocalError(400, 1543, `invalid regex value: pattern too large for linear-time matching (${what})`);
}

/** REGEX_MATCHES: the first match and its groups (unmatched groups as ""), or null. */
export function firstMatch(re: RE2JS, text: string): string[] | null {
  const m = re.matcher(text);
  if (!m.find()) return null;
  const out: string[] = [];
  for (let g = 0; g <= m.groupCount(); g++) out.push(m.group(g) ?? "");
  return out;
}

/**
 * REGEX_SPLIT as ArangoDB's ICU-based one: the pieces between matches, each followed by the match's captured
 * groups; empty matches at the very start and end split nothing. `limit` (≥ 0) caps the result length.
 */
export function regexSplit(re: RE2JS, text: string, limit: number): string[] {
  const out: string[] = [];
  if (limit === 0) return out;
  const m = re.matcher(text);
  let last = 0;
  let from = 0;
  while (from <= text.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    if (end === start) {
      if (start >= text.length) break;
      if (start === 0) {
        from = 1;
        continue;
      }
    }
    out.push(text.slice(last, start));
    for (let g = 1; g <= m.groupCount(); g++) out.push(m.group(g) ?? "");
    if (limit > 0 && out.length >= limit) return out.slice(0, limit);
    last = end;
    from = end > start ? end : end + 1;
  }
  out.push(text.slice(last));
  return limit > 0 ? out.slice(0, limit) : out;
}

/** REGEX_REPLACE: every match replaced; `$n`, `${name}` and `\` escapes as in ICU (Java rules). */
export function regexReplace(re: RE2JS, text: string, replacement: string): string | null {
  try {
    return re.matcher(text).replaceAll(replacement, true);
  } catch {
    return null;
  }
}
