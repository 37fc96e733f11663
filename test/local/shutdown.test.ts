/** close(): stop accepting, let in-flight requests finish, stop workers and timers. */
import { describe, expect, it } from "vitest";
import { start } from "./helpers.js";

describe("close()", () => {
  it("lets an in-flight request finish, then refuses new connections", async () => {
    const { fabric, client } = await start();
    const inflight = client.post("/_fabric/_system/_api/cursor", { query: "RETURN SLEEP(0.6)" });
    await new Promise((r) => setTimeout(r, 200));
    const closed = fabric.close();
    const res = await inflight;
    expect(res.status).toBe(201);
    expect(res.headers.get("connection")).toBe("close");
    await closed;
    await expect(fetch(`${fabric.url}/_api/user`)).rejects.toThrow();
  });

  it("stops job workers with jobs queued and running, and clears timers (close resolves promptly)", async () => {
    const { fabric, client } = await start({ jobWorkers: 1 });
    for (let i = 0; i < 3; i++) {
      const r = await client.call("POST", "/_fabric/_system/_api/cursor", {
        body: { query: "RETURN SLEEP(30)" },
        headers: { "x-c8-async": "store" },
      });
      expect(r.status).toBe(202);
    }
    // an open cursor arms the expiry sweep timer
    const cur = await client.post("/_fabric/_system/_api/cursor", { query: "FOR i IN 1..10 RETURN i", batchSize: 1 });
    expect(cur.body.hasMore).toBe(true);
    const t0 = Date.now();
    await fabric.close();
    expect(Date.now() - t0).toBeLessThan(2000);
    // close is idempotent
    await fabric.close();
  });

  it("closes idle keep-alive connections instead of waiting for them", async () => {
    const { fabric, client } = await start();
    for (let i = 0; i < 5; i++) expect((await client.get("/_api/user")).status).toBe(200);
    const t0 = Date.now();
    await fabric.close();
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
