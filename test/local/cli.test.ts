/** The CLI (`npm run fabric`): banner lines, users, graceful stop on SIGTERM/SIGINT. */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Client } from "./helpers.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

function run(args: string[]): { child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/local/cli.ts", ...args], { cwd: root });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, lines, exit };
}

async function line(lines: AsyncIterator<string>): Promise<string> {
  const next = await lines.next();
  if (next.done) throw new Error("no more output");
  return next.value;
}

describe("cli", () => {
  it("prints the listening line and the default user, serves, and stops on SIGTERM", async () => {
    const { child, lines, exit } = run(["--port", "0"]);
    const first = await line(lines);
    expect(first).toMatch(/^c8 local fabric listening on http:\/\/127\.0\.0\.1:[0-9]+$/);
    const second = await line(lines);
    expect(second).toContain("tenant mytenant, user root, password passwd");
    const url = first.slice("c8 local fabric listening on ".length);
    const auth = await new Client(url, undefined).post("/_open/auth", { email: "root@mytenant", password: "passwd" });
    expect(auth.status).toBe(200);
    const key = /API key (\S+)/.exec(second)![1]!;
    expect((await new Client(url, `apikey ${key}`).get("/_api/user")).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  }, 30_000);

  it("--user creates the given users only; --host; SIGINT", async () => {
    const { child, lines, exit } = run(["--port=0", "--host", "127.0.0.1", "--user", "acme:alice:secret:alice@acme", "--user", "globex:bob:pw"]);
    const first = await line(lines);
    const url = first.slice("c8 local fabric listening on ".length);
    const anon = new Client(url, undefined);
    expect((await anon.post("/_open/auth", { email: "alice@acme", password: "secret" })).status).toBe(200);
    expect((await anon.post("/_open/auth", { tenant: "globex", username: "bob", password: "pw" })).status).toBe(200);
    expect((await anon.post("/_open/auth", { email: "root@mytenant", password: "passwd" })).status).toBe(401);
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    // exactly one line of output with --user
    expect((await lines.next()).done).toBe(true);
  }, 30_000);

  it("rejects bad arguments with exit code 2", async () => {
    const { exit } = run(["--port", "nope"]);
    expect(await exit).toBe(2);
  }, 30_000);
});
