/**
 * Cross-check with another client's wire behaviour: `pyc8_wire.py` replays the HTTP that pyC8 (Macrometa's Python
 * client) sends — its headers, query flags, bodies, async job polling — and applies pyC8's own checks to each
 * answer, against a local fabric started here. Needs Debian's `/usr/bin/python3` with `python3-requests`
 * (`apt-get install -y python3-requests`): without it the test fails in CI and is skipped (with the reason) elsewhere.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { DEFAULT_USER, startLocalFabric } from "../../src/local/index.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./pyc8_wire.py", import.meta.url));
const SCRIPT_TIMEOUT_MS = 120_000;

interface Run {
  /** Exit code, or null when killed (timeout) or not started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Spawn-level failure (ENOENT, timeout, …). */
  error: (Error & { code?: unknown }) | undefined;
}

function run(file: string, args: string[], timeout: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      {
        timeout,
        killSignal: "SIGKILL",
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", PYTHONIOENCODING: "utf-8", PYTHONUNBUFFERED: "1" },
      },
      (error, stdout, stderr) => {
        const err = error as (Error & { code?: unknown; signal?: NodeJS.Signals | null }) | null;
        resolve({
          code: err === null ? 0 : typeof err.code === "number" ? err.code : null,
          signal: err?.signal ?? null,
          stdout: String(stdout),
          stderr: String(stderr),
          error: err ?? undefined,
        });
      },
    );
  });
}

/** Why `/usr/bin/python3` cannot run the script, or undefined when it can. */
async function pythonProblem(): Promise<string | undefined> {
  const r = await run(PYTHON, ["-c", "import requests; print(requests.__version__)"], 20_000);
  if (r.error?.code === "ENOENT") return `${PYTHON} not found (install python3 and python3-requests)`;
  if (r.code !== 0) {
    return `${PYTHON} cannot import requests (apt-get install -y python3-requests): ${(r.stderr || r.stdout).trim().split("\n").pop()}`;
  }
  return undefined;
}

/** `CI` counts as set unless empty, `0` or `false`. */
function inCI(): boolean {
  const v = process.env["CI"];
  return v !== undefined && v !== "" && v !== "0" && v.toLowerCase() !== "false";
}

it(
  "pyC8's wire behaviour (login, fabric, collections, async seed flow, cursors, documents, Basic, API key) matches the local fabric",
  async (ctx) => {
    const problem = await pythonProblem();
    if (problem !== undefined) {
      if (inCI()) expect.fail(`pyC8 wire cross-check cannot run in CI: ${problem}`);
      console.warn(`[pyc8-wire] skipped: ${problem}`);
      ctx.skip(`pyC8 wire cross-check skipped: ${problem}`);
    }

    const fabric = await startLocalFabric({ port: 0 });
    try {
      const user = fabric.users[0]!;
      const args = [
        SCRIPT,
        fabric.url,
        "--apikey",
        user.apiKey,
        "--email",
        user.email,
        "--tenant",
        user.tenant,
        "--username",
        user.username,
        "--password",
        DEFAULT_USER.password,
      ];
      const r = await run(PYTHON, args, SCRIPT_TIMEOUT_MS);
      const report = [
        `command: ${PYTHON} ${args.map((a) => (a === user.apiKey ? "<apikey>" : a)).join(" ")}`,
        `exit code: ${r.code}${r.signal !== null ? ` (signal ${r.signal}${r.error?.message.includes("timed out") || r.signal === "SIGKILL" ? `, timeout ${SCRIPT_TIMEOUT_MS} ms` : ""})` : ""}`,
        "--- stdout ---",
        r.stdout.trimEnd(),
        "--- stderr ---",
        r.stderr.trimEnd(),
      ].join("\n");
      expect(r.code, report).toBe(0);
      expect(r.stdout, report).toMatch(/^pyc8-wire: all \d+ checks passed$/m);
      expect(r.stdout, report).not.toMatch(/^FAIL /m);
    } finally {
      await fabric.close();
    }
  },
  SCRIPT_TIMEOUT_MS + 30_000,
);
