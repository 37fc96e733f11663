#!/usr/bin/env python3
"""Cross-check a C8 Data Fabric server against the HTTP that pyC8 (Macrometa's Python client) sends.

pyC8 itself is not installed: this script reproduces its requests with `requests` alone (the library pyC8 is
built on) and applies the checks pyC8's code applies to each answer (what status it needs, which keys it reads),
plus what the recorded real-server traffic (`recorded/`) and PROTOCOL.md say the answer looks like.

What is copied from pyC8 on the wire:
  * one keep-alive `requests.Session` (pyC8's DefaultHTTPClient), default requests User-Agent
    (`python-requests/<version>`), `Connection: keep-alive`;
  * on every API call the headers `content-type: application/json`, `charset: utf-8` (pyC8's non-standard
    header) and `Authorization: bearer <jwt>` (lower-case scheme word), or `apikey <key>`;
  * the login `POST /_open/auth` and the tenant discovery `GET /_api/user` go through bare `requests.post` /
    `requests.get` (no content-type, no charset), as pyC8's Connection does;
  * booleans in query strings as `1`/`0`, in pyC8's parameter order (`returnNew=0&silent=0`, ...);
  * async execution: `x-c8-async: store` (or `true` for fire-and-forget), job status polled every 0.1 s.

Usage:
  pyc8_wire.py BASE_URL --apikey KEY [--email E] [--tenant T] [--username U] [--password P] [--fabric F]

Prints one line per check and exits 1 on the first mismatch (request, expected, got), 2 on usage or
connection errors, 0 when everything matched.
"""

import argparse
import base64
import json
import re
import sys
import time

try:
    import requests
except ImportError:  # pragma: no cover - reported by the test harness
    print("FATAL python module 'requests' is missing (apt-get install -y python3-requests)", file=sys.stderr)
    sys.exit(3)

SYNTAX_ERROR = "syntax error, unexpected identifier near 'INVALID QUERY' at position 1:1"
JOB_ID_RE = re.compile(r"^[1-9][0-9]*$")
POLL_INTERVAL_S = 0.1  # pyC8's docs: `while job.status() != 'done': time.sleep(0.1)`
POLL_DEADLINE_S = 15.0
COLLECTION_STATUSES = {1, 2, 3, 4, 5, 6}  # pyC8 StandardCollection.statuses
COLLECTION_TYPES = {2, 3}  # pyC8 StandardCollection.types

CHECKS = 0


class Mismatch(Exception):
    pass


# --------------------------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------------------------


def describe(resp, limit=1500):
    """The request and the answer, for a mismatch report."""
    req = resp.request
    hdrs = {k: v for k, v in req.headers.items() if k.lower() in ("content-type", "charset", "authorization",
                                                                  "x-c8-async", "if-match")}
    if "Authorization" in hdrs or "authorization" in hdrs:
        for k in list(hdrs):
            if k.lower() == "authorization":
                scheme = hdrs[k].split(" ", 1)[0]
                hdrs[k] = scheme + " <...>"
    body = req.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    text = resp.text
    if len(text) > limit:
        text = text[:limit] + "...(%d chars)" % len(resp.text)
    resp_hdrs = {k.lower(): v for k, v in resp.headers.items()
                 if k.lower() in ("content-type", "location", "x-c8-async-id", "x-c8-error-codes", "etag")}
    return ("    request:  %s %s\n              headers %s\n              body %s\n"
            "    response: %s %s\n              headers %s\n              body %s"
            % (req.method, req.url, json.dumps(hdrs), body, resp.status_code, resp.reason,
               json.dumps(resp_hdrs), text))


def fail(name, expected, got, resp=None):
    msg = "FAIL %s\n    expected: %s\n    got:      %s" % (name, expected, got)
    if resp is not None:
        msg += "\n" + describe(resp)
    raise Mismatch(msg)


def ok(name, detail=""):
    global CHECKS
    CHECKS += 1
    print("ok   %-58s %s" % (name, detail))
    sys.stdout.flush()


def info(name, detail):
    print("info %-58s %s" % (name, detail))
    sys.stdout.flush()


# --------------------------------------------------------------------------------------------------------------
# Answer helpers (pyC8's Response: body = json.loads(text) or the raw text; error_code = body['errorNum'];
# is_success = 2xx and no errorNum)
# --------------------------------------------------------------------------------------------------------------


def body_of(resp):
    try:
        return json.loads(resp.text)
    except ValueError:
        return resp.text


def error_code(resp):
    b = body_of(resp)
    return b.get("errorNum") if isinstance(b, dict) else None


def is_success(resp):
    return 200 <= resp.status_code < 300 and error_code(resp) is None


def expect_status(name, resp, status):
    if resp.status_code != status:
        fail(name, "HTTP %d" % status, "HTTP %d" % resp.status_code, resp)


def expect_success(name, resp, status):
    """pyC8 needs `is_success`; the recordings pin the exact status."""
    expect_status(name, resp, status)
    if error_code(resp) is not None:
        fail(name, "no errorNum in a %d body (pyC8 treats errorNum as failure)" % status,
             "errorNum %r" % error_code(resp), resp)
    return body_of(resp)


def expect_dict(name, resp):
    b = body_of(resp)
    if not isinstance(b, dict):
        fail(name, "a JSON object body", repr(b)[:200], resp)
    return b


def expect_keys(name, resp, obj, keys, where="body"):
    missing = [k for k in keys if k not in obj]
    if missing:
        fail(name, "%s with keys %s (pyC8 reads them)" % (where, keys), "missing %s" % missing, resp)


def expect_eq(name, resp, what, got, want):
    if got != want:
        fail(name, "%s == %r" % (what, want), "%s == %r" % (what, got), resp)


def expect_error(name, resp, status, errnum, message=None, exact_body=False):
    """C8 error answer: status, body {error: true, code: status, errorNum, errorMessage}."""
    expect_status(name, resp, status)
    b = expect_dict(name, resp)
    expect_keys(name, resp, b, ["error", "code", "errorNum", "errorMessage"])
    expect_eq(name, resp, "body.error", b["error"], True)
    expect_eq(name, resp, "body.code", b["code"], status)
    expect_eq(name, resp, "body.errorNum", b["errorNum"], errnum)
    if message is not None:
        expect_eq(name, resp, "body.errorMessage", b["errorMessage"], message)
    if exact_body:
        want = {"code": status, "error": True, "errorMessage": message, "errorNum": errnum}
        if b != want:
            fail(name, "exactly %s (recorded)" % json.dumps(want, sort_keys=True),
                 json.dumps(b, sort_keys=True), resp)
    return b


def expect_empty_body(name, resp):
    if resp.text.strip() != "":
        fail(name, "an empty body", repr(resp.text[:200]), resp)


def header(resp, name):
    return resp.headers.get(name)  # requests' headers are case-insensitive


def b64url_json(part):
    pad = "=" * (-len(part) % 4)
    return json.loads(base64.urlsafe_b64decode(part + pad).decode("utf-8"))


# --------------------------------------------------------------------------------------------------------------
# The wire: pyC8's request shapes
# --------------------------------------------------------------------------------------------------------------


def bool_params(params):
    """pyC8's Request: bool values become 1/0, other values pass unchanged, order kept."""
    if params is None:
        return None
    out = []
    for k, v in params:
        out.append((k, int(v) if isinstance(v, bool) else v))
    return out


class Wire(object):
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.session = requests.Session()  # pyC8's DefaultHTTPClient keeps one keep-alive session
        self.authorization = None

    # pyC8 Connection.send_request + DefaultHTTPClient.send_request
    def call(self, method, path, params=None, data=None, headers=None, authorization=None, auth=None):
        hdrs = dict(headers or {})
        hdrs["content-type"] = "application/json"
        hdrs["charset"] = "utf-8"
        authz = authorization if authorization is not None else self.authorization
        if authz is not None and auth is None:
            hdrs["Authorization"] = authz
        hdrs["Connection"] = "keep-alive"
        payload = None
        if data is not None:
            payload = data if isinstance(data, str) else json.dumps(data)
        return self.session.request(method=method, url=self.base + path, params=bool_params(params),
                                    data=payload, headers=hdrs, auth=auth, timeout=60)

    # pyC8 Connection._get_auth_token: bare requests.post, JSON text body, no content-type header
    def login(self, body):
        return requests.post(self.base + "/_open/auth", data=json.dumps(body), timeout=60)

    # pyC8 Connection tenant discovery: bare requests.get with only the Authorization header
    def whoami(self, authorization):
        return requests.get(self.base + "/_api/user", headers={"Authorization": authorization}, timeout=60)


# --------------------------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------------------------


def check_login(w, args):
    def one(name, body):
        resp = w.login(body)
        b = expect_success(name, resp, 200)
        if not isinstance(b, dict):
            fail(name, "a JSON object {jwt, tenant, username}", repr(b)[:200], resp)
        if not b.get("tenant"):
            fail(name, "non-empty 'tenant' (pyC8 raises C8TenantNotFoundError)", repr(b.get("tenant")), resp)
        if not b.get("jwt") or not isinstance(b.get("jwt"), str):
            fail(name, "non-empty 'jwt' (pyC8 raises C8TokenNotFoundError)", repr(b.get("jwt")), resp)
        expect_eq(name, resp, "body.tenant", b["tenant"], args.tenant)
        expect_eq(name, resp, "body.username", b.get("username"), args.username)
        parts = b["jwt"].split(".")
        if len(parts) != 3:
            fail(name, "a JWT of 3 dot-separated parts", b["jwt"][:60], resp)
        try:
            head = b64url_json(parts[0])
            claims = b64url_json(parts[1])
        except Exception as e:  # noqa: BLE001 - report any decoding problem
            fail(name, "a base64url JSON JWT header and payload", str(e), resp)
        expect_eq(name, resp, "jwt header alg", head.get("alg"), "HS256")
        expect_eq(name, resp, "jwt claim tenant", claims.get("tenant"), args.tenant)
        exp = claims.get("exp")
        now = time.time()
        if not isinstance(exp, (int, float)) or not (now + 11.5 * 3600 <= exp <= now + 12.5 * 3600):
            fail(name, "jwt claim exp about now + 12 h", "exp %r (now %d)" % (exp, now), resp)
        ok(name, "200, tenant %s, jwt claims tenant=%s" % (b["tenant"], claims.get("tenant")))
        return b["jwt"]

    jwt = one("login {email, password}", {"password": args.password, "email": args.email})
    one("login {tenant, username, password}",
        {"password": args.password, "tenant": args.tenant, "username": args.username})

    resp = w.login({"password": args.password + "-wrong", "email": args.email})
    expect_error("login with a bad password -> 401/11", resp, 401, 11, "forbidden", exact_body=True)
    ok("login with a bad password -> 401/11", "exact recorded body")

    resp = w.session.get(w.base + "/_fabric/_system/_api/collection",
                         headers={"content-type": "application/json", "charset": "utf-8"})
    expect_error("no Authorization -> 401", resp, 401, 11)
    ok("no Authorization -> 401", "errorNum 11")
    return jwt


def check_fabric(w, fabric):
    name = "list fabrics on _system"
    resp = w.call("GET", "/_fabric/_system/_api/database")
    b = expect_success(name, resp, 200)
    if not isinstance(b, dict) or not isinstance(b.get("result"), list) or "_system" not in b["result"]:
        fail(name, "{result: [..., '_system', ...]}", repr(b)[:300], resp)
    ok(name, "%s" % b["result"])
    if fabric in b["result"]:
        resp = w.call("DELETE", "/_fabric/_system/_api/database/%s" % fabric)
        expect_success("drop leftover fabric %s" % fabric, resp, 200)
        ok("drop leftover fabric %s" % fabric)

    name = "create fabric %s on _system" % fabric
    resp = w.call("POST", "/_fabric/_system/_api/database", data={"name": fabric, "options": {"dcList": ""}})
    b = expect_success(name, resp, 201)
    if b != {"error": False, "code": 201, "result": True}:
        fail(name, '{"error": false, "code": 201, "result": true} (recorded)', json.dumps(b), resp)
    ok(name, "201 {result: true}")

    name = "create fabric %s again -> 409/1207" % fabric
    resp = w.call("POST", "/_fabric/_system/_api/database", data={"name": fabric, "options": {"dcList": ""}})
    b = expect_error(name, resp, 409, 1207)
    if not b["errorMessage"].startswith("duplicate database name '"):
        fail(name, "errorMessage duplicate database name '<tenant>.%s'" % fabric, b["errorMessage"], resp)
    ok(name, b["errorMessage"])

    name = "GET /_fabric/%s/_api/database/current" % fabric
    resp = w.call("GET", "/_fabric/%s/_api/database/current" % fabric)
    b = expect_success(name, resp, 200)
    result = b.get("result") if isinstance(b, dict) else None
    if not isinstance(result, dict):
        fail(name, "{result: {...}}", repr(b)[:300], resp)
    expect_keys(name, resp, result, ["name", "options", "isSystem"], "result")
    expect_eq(name, resp, "result.name", result["name"], fabric)
    expect_eq(name, resp, "result.isSystem", result["isSystem"], False)
    ok(name, "isSystem false, options.tenant %s" % result["options"].get("tenant"))

    name = "create fabric from a non-system fabric -> 403/1230"
    resp = w.call("POST", "/_fabric/%s/_api/database" % fabric, data={"name": "x" + fabric, "options": {"dcList": ""}})
    expect_error(name, resp, 403, 1230, "operation only allowed in system database", exact_body=True)
    ok(name)


def list_collections(w, fabric, name):
    resp = w.call("GET", "/_fabric/%s/_api/collection" % fabric)
    b = expect_success(name, resp, 200)
    if not isinstance(b, dict) or not isinstance(b.get("result"), list):
        fail(name, "{error: false, code: 200, result: [...]}", repr(b)[:300], resp)
    expect_eq(name, resp, "body.code", b.get("code"), 200)
    expect_eq(name, resp, "body.error", b.get("error"), False)
    for col in b["result"]:
        # pyC8 Fabric.collections(): id, name, isSystem, isSpot, type, status (KeyError otherwise)
        expect_keys(name, resp, col, ["id", "name", "isSystem", "isSpot", "type", "status"], "every collection")
        if col["type"] not in COLLECTION_TYPES:
            fail(name, "type in %s" % COLLECTION_TYPES, "type %r of %s" % (col["type"], col["name"]), resp)
        if col["status"] not in COLLECTION_STATUSES:
            fail(name, "status in %s" % COLLECTION_STATUSES, "status %r of %s" % (col["status"], col["name"]), resp)
    return b["result"], resp


def check_collections(w, fabric):
    name = "list collections of %s" % fabric
    cols, resp = list_collections(w, fabric, name)
    if any(c["name"] == "students" for c in cols):
        fail(name, "no 'students' in a new fabric", [c["name"] for c in cols], resp)
    ok(name, "%d collections, no students" % len(cols))

    name = "create collection students"
    # pyC8 create_collection(): this exact body, no query parameters
    body = {"name": "students", "waitForSync": False, "keyOptions": {"type": "traditional", "allowUserKeys": True},
            "type": 2, "isSpot": False, "isLocal": False, "isSystem": False, "stream": False}
    resp = w.call("POST", "/_fabric/%s/_api/collection" % fabric, params=[], data=body)
    b = expect_success(name, resp, 200)
    if not isinstance(b, dict):
        fail(name, "a JSON object", repr(b)[:200], resp)
    expect_eq(name, resp, "body.name", b.get("name"), "students")
    expect_eq(name, resp, "body.type", b.get("type"), 2)
    expect_eq(name, resp, "body.code", b.get("code"), 200)
    ok(name, "200 (not 201), id %s" % b.get("id"))

    name = "list collections again"
    cols, resp = list_collections(w, fabric, name)
    mine = [c for c in cols if c["name"] == "students"]
    if len(mine) != 1:
        fail(name, "exactly one 'students'", [c["name"] for c in cols], resp)
    c = mine[0]
    if (c["type"], c["status"], c["isSystem"], c.get("collectionModel")) != (2, 3, False, "DOC"):
        fail(name, "students: type 2, status 3, isSystem false, collectionModel DOC", json.dumps(c), resp)
    ok(name, "students: type 2, status 3, DOC")


def submit(w, name, method, path, params=None, data=None, mode="store"):
    """pyC8 AsyncExecutor.execute: x-c8-async header; needs is_success; reads headers['x-c8-async-id']."""
    resp = w.call(method, path, params=params, data=data, headers={"x-c8-async": mode})
    expect_success(name, resp, 202)
    expect_empty_body(name, resp)
    job_id = header(resp, "x-c8-async-id")
    if mode == "store":
        if job_id is None or not JOB_ID_RE.match(job_id):
            fail(name, "header x-c8-async-id: a decimal id starting 1-9", repr(job_id), resp)
    elif job_id is not None:
        fail(name, "no x-c8-async-id for fire-and-forget (x-c8-async: true)", repr(job_id), resp)
    ok(name, "202, empty body, x-c8-async-id %s" % job_id)
    return job_id


def job_status(w, fabric, job_id, name):
    """pyC8 AsyncJob.status(): 204 pending, is_success done, errorNum 404 -> 'not found'."""
    resp = w.call("GET", "/_fabric/%s/_api/job/%s" % (fabric, job_id))
    if resp.status_code == 204:
        expect_empty_body(name, resp)
        return "pending", resp
    if resp.status_code == 200:
        expect_success(name, resp, 200)
        expect_empty_body(name, resp)
        return "done", resp
    fail(name, "HTTP 204 (pending) or 200 (done)", "HTTP %d" % resp.status_code, resp)


def wait_done(w, fabric, job_id, name):
    deadline = time.time() + POLL_DEADLINE_S
    polls = 0
    while True:
        polls += 1
        status, resp = job_status(w, fabric, job_id, name)
        if status == "done":
            ok(name, "200 after %d poll(s)" % polls)
            return
        if time.time() > deadline:
            fail(name, "done within %.0f s" % POLL_DEADLINE_S, "still 204 after %d polls" % polls, resp)
        time.sleep(POLL_INTERVAL_S)


def fetch_result(w, fabric, job_id, name, status):
    """pyC8 AsyncJob.result(): with an x-c8-async-id header the answer is the operation's own."""
    resp = w.call("PUT", "/_fabric/%s/_api/job/%s" % (fabric, job_id))
    expect_status(name, resp, status)
    got = header(resp, "x-c8-async-id")
    if got != job_id:
        fail(name, "header x-c8-async-id: %s (the stored answer)" % job_id, repr(got), resp)
    return resp


def expect_job_not_found(w, name, method, path, job_id):
    """pyC8 raises '...job {id} not found' only when the body's errorNum is 404."""
    resp = w.call(method, path)
    expect_error(name, resp, 404, 404)
    if header(resp, "x-c8-async-id") is not None:
        fail(name, "no x-c8-async-id header on 'no such job'", header(resp, "x-c8-async-id"), resp)
    ok(name, "404, errorNum 404 (pyC8: 'job %s not found')" % job_id)


def check_write_meta(name, resp, key, collection="students"):
    b = expect_dict(name, resp)
    expect_keys(name, resp, b, ["_id", "_key", "_rev"])
    expect_eq(name, resp, "body._id", b["_id"], "%s/%s" % (collection, key))
    expect_eq(name, resp, "body._key", b["_key"], key)
    if not isinstance(b["_rev"], str) or not b["_rev"]:
        fail(name, "a non-empty string _rev", repr(b["_rev"]), resp)
    return b


def check_location(name, resp, tenant, fabric, key, collection="students"):
    want = "/_tenant/%s/_fabric/%s/_api/document/%s/%s" % (tenant, fabric, collection, key)
    got = header(resp, "location")
    if got != want:
        fail(name, "Location: %s (recorded form)" % want, repr(got), resp)


def check_seed_flow(w, fabric, tenant):
    col_path = "/_fabric/%s/_api/document/students" % fabric
    cur_path = "/_fabric/%s/_api/cursor" % fabric
    job = "/_fabric/%s/_api/job/" % fabric

    # 3-4: submit (pyC8: async_col.insert(...), async_c8ql.execute(...))
    id1 = submit(w, "async insert Neal (x-c8-async: store)", "POST", col_path,
                 params=[("returnNew", False), ("silent", False)], data={"_key": "Neal"})
    id2 = submit(w, "async insert Lily (x-c8-async: store)", "POST", col_path,
                 params=[("returnNew", False), ("silent", False)], data={"_key": "Lily"})
    id3 = submit(w, "async query RETURN 100000", "POST", cur_path, data={"query": "RETURN 100000", "count": False})
    id4 = submit(w, "async query INVALID QUERY", "POST", cur_path, data={"query": "INVALID QUERY", "count": False})
    if len({id1, id2, id3, id4}) != 4:
        fail("async job ids are distinct", "4 distinct ids", [id1, id2, id3, id4])
    ok("async job ids are distinct", "%s %s %s %s" % (id1, id2, id3, id4))

    # 5: poll every 0.1 s until done
    for n, jid in enumerate([id1, id2, id3, id4], 1):
        wait_done(w, fabric, jid, "GET job/{id%d} until 200 (done)" % n)

    # 6: results
    name = "PUT job/{id1} -> stored insert answer"
    resp = fetch_result(w, fabric, id1, name, 202)
    check_write_meta(name, resp, "Neal")
    check_location(name, resp, tenant, fabric, "Neal")
    ok(name, "202 {_id: students/Neal} + x-c8-async-id + Location")

    name = "PUT job/{id2} -> stored insert answer"
    resp = fetch_result(w, fabric, id2, name, 202)
    check_write_meta(name, resp, "Lily")
    ok(name, "202 {_id: students/Lily} + x-c8-async-id")

    name = "PUT job/{id3} -> stored cursor answer"
    resp = fetch_result(w, fabric, id3, name, 201)
    b = expect_success(name, resp, 201)
    b = expect_dict(name, resp)
    expect_keys(name, resp, b, ["result", "hasMore"])  # pyC8 Cursor._update
    expect_eq(name, resp, "body.result", b["result"], [100000])
    expect_eq(name, resp, "body.hasMore", b["hasMore"], False)
    expect_eq(name, resp, "body.code", b.get("code"), 201)
    expect_eq(name, resp, "body.error", b.get("error"), False)
    if "id" in b:
        fail(name, "no cursor 'id' when hasMore is false", repr(b["id"]), resp)
    ok(name, "201 {result: [100000], hasMore: false} + x-c8-async-id")

    name = "PUT job/{id4} -> stored 400/1501 answer"
    resp = fetch_result(w, fabric, id4, name, 400)
    expect_error(name, resp, 400, 1501, SYNTAX_ERROR, exact_body=True)
    ok(name, "400 errorNum 1501 + x-c8-async-id")

    # 7: one-shot results: cancel / clear of fetched jobs -> 'job not found'
    expect_job_not_found(w, "PUT job/{id1} again -> 404 (one-shot)", "PUT", job + id1, id1)
    expect_job_not_found(w, "GET job/{id1} after fetch -> 404", "GET", job + id1, id1)
    expect_job_not_found(w, "PUT job/{id3}/cancel (fetched) -> 404", "PUT", job + id3 + "/cancel", id3)
    expect_job_not_found(w, "DELETE job/{id4} (fetched) -> 404", "DELETE", job + id4, id4)

    # 8: lists and clear
    for which in ("done", "pending"):
        name = "GET job/%s?count=100" % which
        resp = w.call("GET", job + which, params=[("count", 100)])
        b = expect_success(name, resp, 200)
        if not isinstance(b, list) or not all(isinstance(x, str) and JOB_ID_RE.match(x) for x in b):
            fail(name, "a JSON array of id strings", repr(b)[:300], resp)
        stale = [x for x in b if x in (id1, id2, id3, id4)]
        if stale:
            fail(name, "no fetched job listed", stale, resp)
        ok(name, "%d id(s)" % len(b))

    name = "DELETE job/all"
    resp = w.call("DELETE", job + "all")
    b = expect_success(name, resp, 200)
    if b != {"result": True}:
        fail(name, '{"result": true}', json.dumps(b), resp)
    ok(name, "200 {result: true}")


def check_async_extras(w, fabric):
    """What pyC8's former async tests expected (PROTOCOL.md), plus fire-and-forget and intake order."""
    job = "/_fabric/%s/_api/job/" % fabric
    cur_path = "/_fabric/%s/_api/cursor" % fabric

    # A pending job: its status is 204, its result is 204 without id header (pyC8: 'job {id} not done').
    jid = submit(w, "async query RETURN SLEEP(1)", "POST", cur_path, data={"query": "RETURN SLEEP(1)", "count": False})
    name = "GET job/{sleep} right after submit -> 204 (pending)"
    status, resp = job_status(w, fabric, jid, name)
    if status != "pending":
        fail(name, "204 pending", "200 done", resp)
    ok(name)
    name = "PUT job/{sleep} while pending -> 204, no id header"
    resp = w.call("PUT", job + jid)
    expect_status(name, resp, 204)
    if header(resp, "x-c8-async-id") is not None:
        fail(name, "no x-c8-async-id on a pending result", header(resp, "x-c8-async-id"), resp)
    ok(name)
    name = "GET job/pending?count=100 lists it"
    resp = w.call("GET", job + "pending", params=[("count", 100)])
    b = expect_success(name, resp, 200)
    if not isinstance(b, list) or jid not in b:
        fail(name, "%s in the pending list" % jid, repr(b)[:300], resp)
    ok(name)
    name = "PUT job/{sleep}/cancel -> 200 {result: true}"
    resp = w.call("PUT", job + jid + "/cancel")
    b = expect_success(name, resp, 200)
    if b != {"result": True}:
        fail(name, '{"result": true}', json.dumps(b), resp)
    ok(name)
    wait_done(w, fabric, jid, "GET job/{cancelled} until 200 (done)")
    name = "PUT job/{cancelled} -> 410/21 canceled request"
    resp = fetch_result(w, fabric, jid, name, 410)
    expect_error(name, resp, 410, 21, "canceled request")
    ok(name, "410 errorNum 21 + x-c8-async-id")

    # count=1 returns exactly one id; threshold semantics of clear_async_jobs(threshold)
    ids = [submit(w, "async query RETURN %d" % i, "POST", cur_path, data={"query": "RETURN %d" % i, "count": False})
           for i in (1, 2)]
    for n, i in enumerate(ids, 1):
        wait_done(w, fabric, i, "GET job/{r%d} until 200" % n)
    name = "GET job/done?count=1 -> exactly one id"
    resp = w.call("GET", job + "done", params=[("count", 1)])
    b = expect_success(name, resp, 200)
    if not isinstance(b, list) or len(b) != 1:
        fail(name, "a one-element array", repr(b), resp)
    ok(name, "%s" % b)
    name = "DELETE job/expired?stamp=<past> keeps done jobs"
    resp = w.call("DELETE", job + "expired", params=[("stamp", int(time.time()) - 3600)])
    b = expect_success(name, resp, 200)
    if b != {"result": True}:
        fail(name, '{"result": true}', json.dumps(b), resp)
    for i in ids:
        status, resp = job_status(w, fabric, i, name)
        if status != "done":
            fail(name, "job %s still done" % i, status, resp)
    ok(name)
    name = "DELETE job/expired?stamp=<future> removes them"
    resp = w.call("DELETE", job + "expired", params=[("stamp", int(time.time()) + 3600)])
    expect_success(name, resp, 200)
    for i in ids:
        expect_job_not_found(w, "GET job/{r} after expiry -> 404", "GET", job + i, i)
    ok(name)

    # Fire-and-forget: 202, no id; the write still happens.
    submit(w, "async insert Fire (x-c8-async: true)", "POST", "/_fabric/%s/_api/document/students" % fabric,
           params=[("returnNew", False), ("silent", False)], data={"_key": "Fire"}, mode="true")
    name = "fire-and-forget insert lands"
    deadline = time.time() + POLL_DEADLINE_S
    while True:
        resp = w.call("GET", "/_fabric/%s/_api/document/students/Fire" % fabric)
        if resp.status_code == 200:
            break
        if time.time() > deadline:
            fail(name, "students/Fire exists", "HTTP %d" % resp.status_code, resp)
        time.sleep(POLL_INTERVAL_S)
    ok(name)
    name = "delete Fire"
    resp = w.call("DELETE", "/_fabric/%s/_api/document/students/Fire" % fabric,
                  params=[("returnOld", False), ("ignoreRevs", False), ("overwrite", False), ("silent", False)])
    expect_success(name, resp, 202)
    ok(name)

    # Intake order: unknown fabric -> 404/1228 even for async submissions and job endpoints.
    name = "async submit to an unknown fabric -> 404/1228"
    resp = w.call("POST", "/_fabric/no_such_fabric/_api/cursor", data={"query": "RETURN 1", "count": False},
                  headers={"x-c8-async": "store"})
    expect_error(name, resp, 404, 1228, "database not found")
    ok(name)
    name = "GET job/done on an unknown fabric -> 404/1228"
    resp = w.call("GET", "/_fabric/no_such_fabric/_api/job/done")
    expect_error(name, resp, 404, 1228, "database not found")
    ok(name)
    name = "GET job/unknown-word -> 400/400"
    resp = w.call("GET", job + "whatever")
    expect_error(name, resp, 400, 400)
    ok(name)


def check_cursor(w, fabric):
    cur = "/_fabric/%s/_api/cursor" % fabric
    stats_keys = ["writesExecuted", "writesIgnored", "scannedFull", "scannedIndex", "filtered", "httpRequests",
                  "executionTime", "peakMemoryUsage"]

    name = "POST cursor FOR i IN 1..5 (count, batchSize 2)"
    resp = w.call("POST", cur, data={"query": "FOR i IN 1..5 RETURN i", "count": True, "batchSize": 2})
    b = expect_success(name, resp, 201)
    b = expect_dict(name, resp)
    expect_keys(name, resp, b, ["result", "hasMore", "id", "count", "extra", "cached", "error", "code"])
    expect_eq(name, resp, "body.result", b["result"], [1, 2])
    expect_eq(name, resp, "body.hasMore", b["hasMore"], True)
    expect_eq(name, resp, "body.count", b["count"], 5)
    expect_eq(name, resp, "body.code", b["code"], 201)
    expect_eq(name, resp, "body.cached", b["cached"], False)
    if not isinstance(b["id"], str) or not b["id"]:
        fail(name, "cursor id as a non-empty string", repr(b["id"]), resp)
    expect_keys(name, resp, b["extra"], ["stats", "warnings"], "extra")
    expect_keys(name, resp, b["extra"]["stats"], stats_keys, "extra.stats")
    cid = b["id"]
    ok(name, "201 [1, 2] hasMore, id %s" % cid)

    pages = [([3, 4], True), ([5], False)]
    for n, (want, more) in enumerate(pages, 2):
        name = "PUT cursor/{id} batch %d" % n
        resp = w.call("PUT", "%s/%s" % (cur, cid))  # pyC8 Cursor.fetch(): PUT, no body
        b = expect_success(name, resp, 200)
        b = expect_dict(name, resp)
        expect_eq(name, resp, "body.result", b.get("result"), want)
        expect_eq(name, resp, "body.hasMore", b.get("hasMore"), more)
        expect_eq(name, resp, "body.code", b.get("code"), 200)
        expect_eq(name, resp, "body.count", b.get("count"), 5)
        if more:
            expect_eq(name, resp, "body.id", b.get("id"), cid)
        elif "id" in b:
            fail(name, "no 'id' in the last batch (recorded)", repr(b["id"]), resp)
        ok(name, "200 %s hasMore %s" % (want, more))

    name = "DELETE exhausted cursor -> 404/1600"
    resp = w.call("DELETE", "%s/%s" % (cur, cid))
    expect_error(name, resp, 404, 1600, "cursor not found", exact_body=True)
    ok(name, "exact recorded body")

    name = "cursor over students (batchSize 1)"
    resp = w.call("POST", cur, data={
        "query": 'FOR s IN students FILTER s._key IN ["Lily", "Neal"] SORT s._key RETURN s._key',
        "count": False, "batchSize": 1})
    b = expect_success(name, resp, 201)
    expect_eq(name, resp, "body.result", b.get("result"), ["Lily"])
    expect_eq(name, resp, "body.hasMore", b.get("hasMore"), True)
    if "count" in b:
        fail(name, "no 'count' when count is false", repr(b["count"]), resp)
    cid = b["id"]
    resp = w.call("PUT", "%s/%s" % (cur, cid))
    b = expect_success(name, resp, 200)
    expect_eq(name, resp, "body.result", b.get("result"), ["Neal"])
    expect_eq(name, resp, "body.hasMore", b.get("hasMore"), False)
    ok(name, "['Lily'] then ['Neal']")

    name = "DELETE open cursor -> 202, then 404/1600"
    resp = w.call("POST", cur, data={"query": "FOR i IN 1..3 RETURN i", "count": False, "batchSize": 1})
    cid = expect_success(name, resp, 201)["id"]
    resp = w.call("DELETE", "%s/%s" % (cur, cid))
    b = expect_success(name, resp, 202)
    if b != {"id": cid, "error": False, "code": 202}:
        fail(name, '{"id": "%s", "error": false, "code": 202} (recorded)' % cid, json.dumps(b), resp)
    resp = w.call("DELETE", "%s/%s" % (cur, cid))
    expect_error(name, resp, 404, 1600, "cursor not found", exact_body=True)
    ok(name)

    name = "POST cursor INVALID QUERY -> 400/1501"
    resp = w.call("POST", cur, data={"query": "INVALID QUERY", "count": False})
    expect_error(name, resp, 400, 1501, SYNTAX_ERROR, exact_body=True)
    ok(name, "exact recorded body")


def check_documents(w, fabric, tenant):
    doc = "/_fabric/%s/_api/document/students" % fabric
    ins = [("returnNew", False), ("silent", False)]

    def rep_params(new=False, old=False, check_rev=True, silent=False):
        return [("returnNew", new), ("returnOld", old), ("ignoreRevs", not check_rev),
                ("overwrite", not check_rev), ("silent", silent)]

    def upd_params(keep_none=True, merge=True, new=False, old=False, check_rev=True, silent=False):
        return [("keepNull", keep_none), ("mergeObjects", merge), ("returnNew", new), ("returnOld", old),
                ("ignoreRevs", not check_rev), ("overwrite", not check_rev), ("silent", silent)]

    def del_params(old=False, check_rev=True, silent=False):
        return [("returnOld", old), ("ignoreRevs", not check_rev), ("overwrite", not check_rev), ("silent", silent)]

    def get(key, headers=None):
        return w.call("GET", "%s/%s" % (doc, key), headers=headers)

    name = "GET document students/Neal"
    resp = get("Neal")
    b = expect_success(name, resp, 200)
    check_write_meta(name, resp, "Neal")
    neal_rev = b["_rev"]
    ok(name, "_rev %s" % neal_rev)

    name = "GET with If-Match: current rev -> 200"
    resp = get("Neal", {"If-Match": neal_rev})
    expect_success(name, resp, 200)
    ok(name)

    name = "GET with If-Match: stale rev -> 412/1200"
    resp = get("Neal", {"If-Match": neal_rev + "0"})
    b = expect_error(name, resp, 412, 1200, "precondition failed")
    expect_eq(name, resp, "body._rev (current)", b.get("_rev"), neal_rev)
    expect_eq(name, resp, "body._id", b.get("_id"), "students/Neal")
    ok(name)

    name = "GET missing document -> 404/1202"
    resp = get("Nobody")
    expect_error(name, resp, 404, 1202, "document not found", exact_body=True)
    ok(name, "exact recorded body")

    name = "insert Mary (returnNew=0&silent=0)"
    resp = w.call("POST", doc, params=ins, data={"_key": "Mary", "age": 20, "info": {"a": 1}})
    b = expect_success(name, resp, 202)
    check_write_meta(name, resp, "Mary")
    check_location(name, resp, tenant, fabric, "Mary")
    if "new" in b:
        fail(name, "no 'new' with returnNew=0", json.dumps(b), resp)
    rev = b["_rev"]
    ok(name, "202 + Location")

    name = "insert Mary again -> 409/1210"
    resp = w.call("POST", doc, params=ins, data={"_key": "Mary"})
    expect_error(name, resp, 409, 1210)
    ok(name)

    name = "insert Ann (returnNew=1&silent=0&waitForSync=1) -> 201"
    resp = w.call("POST", doc, params=[("returnNew", True), ("silent", False), ("waitForSync", True)],
                  data={"_key": "Ann", "age": 30})
    b = expect_success(name, resp, 201)
    check_write_meta(name, resp, "Ann")
    new = b.get("new")
    if not isinstance(new, dict) or new.get("age") != 30 or new.get("_key") != "Ann":
        fail(name, "'new' with the stored document", json.dumps(b), resp)
    ok(name, "201 with new")

    name = "insert silent=1 -> 202 {}"
    resp = w.call("POST", doc, params=[("returnNew", False), ("silent", True)], data={"_key": "Quiet"})
    b = expect_success(name, resp, 202)
    if b != {}:
        fail(name, "{}", json.dumps(b), resp)
    ok(name)

    name = "replace Mary (pyC8 flags)"
    resp = w.call("PUT", "%s/Mary" % doc, params=rep_params(), data={"_key": "Mary", "age": 21})
    b = expect_success(name, resp, 202)
    check_write_meta(name, resp, "Mary")
    expect_keys(name, resp, b, ["_oldRev"])  # pyC8 replace(): resp.body.pop('_oldRev')
    expect_eq(name, resp, "body._oldRev", b["_oldRev"], rev)
    check_location(name, resp, tenant, fabric, "Mary")
    rev = b["_rev"]
    ok(name, "202 with _oldRev")

    name = "replace Mary returnNew=1&returnOld=1"
    resp = w.call("PUT", "%s/Mary" % doc, params=rep_params(new=True, old=True),
                  data={"_key": "Mary", "_rev": rev, "age": 22})
    b = expect_success(name, resp, 202)
    expect_keys(name, resp, b, ["_oldRev", "new", "old"])
    expect_eq(name, resp, "body.old.age", b["old"].get("age"), 21)
    expect_eq(name, resp, "body.new.age", b["new"].get("age"), 22)
    stale = rev
    rev = b["_rev"]
    ok(name, "new/old returned")

    name = "replace with a stale _rev in the body -> 412/1200"
    resp = w.call("PUT", "%s/Mary" % doc, params=rep_params(), data={"_key": "Mary", "_rev": stale, "age": 0})
    b = expect_error(name, resp, 412, 1200, "precondition failed")
    expect_eq(name, resp, "body._rev (current)", b.get("_rev"), rev)
    ok(name, "as recorded (ignoreRevs=0)")

    name = "update Mary merge (pyC8 flags)"
    resp = w.call("PATCH", "%s/Mary" % doc, params=upd_params(), data={"_key": "Mary", "info": {"a": 1}})
    b = expect_success(name, resp, 202)
    expect_keys(name, resp, b, ["_oldRev"])  # pyC8 update(): resp.body.pop('_oldRev')
    expect_eq(name, resp, "body._oldRev", b["_oldRev"], rev)
    resp = w.call("PATCH", "%s/Mary" % doc, params=upd_params(), data={"_key": "Mary", "info": {"b": 2}})
    expect_success(name, resp, 202)
    resp = get("Mary")
    b = expect_success(name, resp, 200)
    expect_eq(name, resp, "Mary.info", b.get("info"), {"a": 1, "b": 2})
    ok(name, "info merged")

    name = "update mergeObjects=0 replaces sub-objects"
    resp = w.call("PATCH", "%s/Mary" % doc, params=upd_params(merge=False), data={"_key": "Mary", "info": {"c": 3}})
    expect_success(name, resp, 202)
    b = expect_success(name, get("Mary"), 200)
    expect_eq(name, resp, "Mary.info", b.get("info"), {"c": 3})
    ok(name)

    name = "update keepNull=1 keeps null, keepNull=0 drops"
    resp = w.call("PATCH", "%s/Mary" % doc, params=upd_params(), data={"_key": "Mary", "info": None})
    expect_success(name, resp, 202)
    b = expect_success(name, get("Mary"), 200)
    if "info" not in b or b["info"] is not None:
        fail(name, "info: null kept", json.dumps(b), resp)
    resp = w.call("PATCH", "%s/Mary" % doc, params=upd_params(keep_none=False), data={"_key": "Mary", "info": None})
    expect_success(name, resp, 202)
    b = expect_success(name, get("Mary"), 200)
    if "info" in b:
        fail(name, "info removed", json.dumps(b), resp)
    ok(name)

    name = "update silent=1 -> 202 {}"
    resp = w.call("PATCH", "%s/Mary" % doc, params=upd_params(silent=True), data={"_key": "Mary", "x": 1})
    b = expect_success(name, resp, 202)
    if b != {}:
        fail(name, "{}", json.dumps(b), resp)
    ok(name)

    name = "update returnNew=1&returnOld=1"
    resp = w.call("PATCH", "%s/Mary" % doc, params=upd_params(new=True, old=True), data={"_key": "Mary", "x": 2})
    b = expect_success(name, resp, 202)
    expect_keys(name, resp, b, ["_oldRev", "new", "old"])
    expect_eq(name, resp, "body.old.x", b["old"].get("x"), 1)
    expect_eq(name, resp, "body.new.x", b["new"].get("x"), 2)
    mary_rev = b["_rev"]
    ok(name)

    name = "GET collection/students/count"
    resp = w.call("GET", "/_fabric/%s/_api/collection/students/count" % fabric)
    b = expect_success(name, resp, 200)
    if not isinstance(b.get("count"), int) or isinstance(b.get("count"), bool):
        fail(name, "count as an integer", repr(b.get("count")), resp)
    expect_eq(name, resp, "body.count", b["count"], 5)  # Neal, Lily, Mary, Ann, Quiet
    ok(name, "count 5 (an integer)")

    name = "delete Mary with If-Match: stale -> 412/1200"
    resp = w.call("DELETE", "%s/Mary" % doc, params=del_params(), headers={"If-Match": mary_rev + "0"})
    b = expect_error(name, resp, 412, 1200, "precondition failed")
    expect_eq(name, resp, "body._rev (current)", b.get("_rev"), mary_rev)
    ok(name)

    name = "delete Mary (pyC8 flags, If-Match current)"
    resp = w.call("DELETE", "%s/Mary" % doc, params=del_params(), headers={"If-Match": mary_rev})
    b = expect_success(name, resp, 202)
    check_write_meta(name, resp, "Mary")
    check_location(name, resp, tenant, fabric, "Mary")
    ok(name, "202")

    name = "GET deleted Mary -> 404/1202"
    expect_error(name, get("Mary"), 404, 1202, "document not found", exact_body=True)
    ok(name)

    name = "delete Mary again -> 404/1202 (pyC8 ignore_missing)"
    resp = w.call("DELETE", "%s/Mary" % doc, params=del_params())
    expect_error(name, resp, 404, 1202)
    ok(name)

    name = "delete Ann returnOld=1&waitForSync=1 -> 200"
    resp = w.call("DELETE", "%s/Ann" % doc, params=del_params(old=True) + [("waitForSync", True)])
    b = expect_success(name, resp, 200)
    check_write_meta(name, resp, "Ann")
    if not isinstance(b.get("old"), dict) or b["old"].get("age") != 30:
        fail(name, "'old' with the removed document", json.dumps(b), resp)
    ok(name, "200 with old")

    name = "delete Quiet silent=1 -> 202 {}"
    resp = w.call("DELETE", "%s/Quiet" % doc, params=del_params(silent=True))
    b = expect_success(name, resp, 202)
    if b != {}:
        fail(name, "{}", json.dumps(b), resp)
    ok(name)

    # pyC8 insert_many(): an array body; failed items come back in place (no '_id'), built from errorNum.
    name = "insert_many with a duplicate -> 202, item error in place"
    resp = w.call("POST", doc, params=ins, data=[{"_key": "Neal"}, {"_key": "Zed"}])
    b = expect_success(name, resp, 202)
    if not isinstance(b, list) or len(b) != 2:
        fail(name, "a 2-element array", json.dumps(b)[:300], resp)
    want_err = {"error": True, "errorNum": 1210, "errorMessage": "Each document in a collection must have a unique "
                "key, and the provided one is already used in collection 'students'."}
    if b[0] != want_err:
        fail(name, "items[0] exactly %s (recorded, no 'code')" % json.dumps(want_err), json.dumps(b[0]), resp)
    if b[1].get("_id") != "students/Zed":
        fail(name, "items[1]._id students/Zed", json.dumps(b[1]), resp)
    codes = header(resp, "x-c8-error-codes")
    try:
        codes = json.loads(codes) if codes is not None else None
    except ValueError:
        pass
    if codes != {"1210": 1}:
        fail(name, 'header x-c8-error-codes: {"1210":1} (recorded form)', repr(header(resp, "x-c8-error-codes")), resp)
    ok(name, 'x-c8-error-codes {"1210":1}')

    # pyC8 1.0 import_bulk() as recorded: POST /_api/import/{collection}
    name = "import_bulk 2 documents -> 200 created 2"
    resp = w.call("POST", "/_fabric/%s/_api/import/students" % fabric,
                  data={"data": [{"_key": "I1", "v": 1}, {"_key": "I2", "v": 2}], "details": True, "replace": False})
    b = expect_success(name, resp, 200)
    want = {"error": False, "code": 200, "result": {"created": 2, "errors": 0, "unprocessed": 0,
                                                     "details": {"errors": [], "unprocessed": []}}}
    if b != want:
        fail(name, "exactly %s (recorded)" % json.dumps(want), json.dumps(b), resp)
    ok(name)

    name = "truncate students -> 200, then count 0"
    resp = w.call("PUT", "/_fabric/%s/_api/collection/students/truncate" % fabric)
    b = expect_success(name, resp, 200)
    expect_eq(name, resp, "body.name", b.get("name"), "students")
    resp = w.call("GET", "/_fabric/%s/_api/collection/students/count" % fabric)
    b = expect_success(name, resp, 200)
    expect_eq(name, resp, "body.count", b.get("count"), 0)
    ok(name)


def check_other_auth(w, args, jwt):
    fabric = args.fabric
    basic = ("%s.%s" % (args.tenant, args.username), args.password)

    name = "HTTP Basic tenant.username:password"
    resp = w.call("GET", "/_fabric/%s/_api/collection" % fabric, auth=basic)
    b = expect_success(name, resp, 200)
    if not any(c.get("name") == "students" for c in b.get("result", [])):
        fail(name, "the tenant's collections (students)", repr(b)[:300], resp)
    ok(name, "200, sees students")

    name = "HTTP Basic with a bad password -> 401"
    resp = w.call("GET", "/_fabric/%s/_api/collection" % fabric, auth=(basic[0], basic[1] + "-wrong"))
    expect_error(name, resp, 401, 11)
    ok(name)

    name = "old-style /_tenant/{tenant}/_fabric/{fabric} path (bonus)"
    resp = w.call("GET", "/_tenant/%s/_fabric/%s/_api/collection" % (args.tenant, fabric), auth=basic)
    if is_success(resp):
        ok(name, "accepted")
    else:
        info(name, "not accepted (HTTP %d) - allowed: PROTOCOL.md calls it a bonus" % resp.status_code)

    for label, authz in (("apikey", "apikey " + args.apikey), ("bearer jwt", "bearer " + jwt)):
        name = "GET /_api/user with %s (tenant discovery)" % label
        resp = w.whoami(authz)
        b = expect_success(name, resp, 200)  # pyC8: response.status_code == 200
        if not isinstance(b, dict) or not isinstance(b.get("result"), list) or not b["result"]:
            fail(name, "{result: [{tenant, user, ...}, ...]}", repr(b)[:300], resp)
        first = b["result"][0]
        expect_keys(name, resp, first, ["tenant", "user", "active", "extra", "email", "displayName"], "result[0]")
        expect_eq(name, resp, "result[0].tenant", first["tenant"], args.tenant)  # body['result'][0]['tenant']
        if not any(u.get("user") == args.username for u in b["result"]):
            fail(name, "user %s listed" % args.username, [u.get("user") for u in b["result"]], resp)
        ok(name, "tenant %s" % first["tenant"])

    name = "apikey on a fabric route"
    resp = w.call("GET", "/_fabric/%s/_api/collection" % fabric, authorization="apikey " + args.apikey)
    b = expect_success(name, resp, 200)
    if not any(c.get("name") == "students" for c in b.get("result", [])):
        fail(name, "the tenant's collections (students)", repr(b)[:300], resp)
    ok(name, "200, sees students")

    name = "unknown apikey -> 401"
    resp = w.call("GET", "/_fabric/%s/_api/collection" % fabric, authorization="apikey " + args.apikey + "x")
    expect_error(name, resp, 401, 11)
    ok(name)

    name = "Authorization scheme word in any case (Bearer)"
    resp = w.call("GET", "/_fabric/%s/_api/collection" % fabric, authorization="Bearer " + jwt)
    expect_success(name, resp, 200)
    ok(name)


def cleanup(w, fabric):
    name = "drop fabric %s" % fabric
    resp = w.call("DELETE", "/_fabric/_system/_api/database/%s" % fabric)
    b = expect_success(name, resp, 200)
    if b != {"error": False, "code": 200, "result": True}:
        fail(name, '{"error": false, "code": 200, "result": true} (recorded)', json.dumps(b), resp)
    ok(name)
    name = "drop fabric %s again -> 404/1228" % fabric
    resp = w.call("DELETE", "/_fabric/_system/_api/database/%s" % fabric)
    expect_error(name, resp, 404, 1228, "database not found", exact_body=True)
    ok(name)


def main(argv):
    p = argparse.ArgumentParser(description="Replay pyC8's wire behaviour against a C8 server.")
    p.add_argument("base_url", help="e.g. http://127.0.0.1:8529")
    p.add_argument("--apikey", required=True, help="an API key of the user (<tenant>.<keyid>.<secret>)")
    p.add_argument("--email", default="root@mytenant")
    p.add_argument("--tenant", default="mytenant")
    p.add_argument("--username", default="root")
    p.add_argument("--password", default="passwd")
    p.add_argument("--fabric", default="test", help="fabric created on _system for the run, dropped at the end")
    args = p.parse_args(argv)

    w = Wire(args.base_url)
    print("pyc8-wire: %s  (requests %s, user agent %s)"
          % (w.base, requests.__version__, requests.utils.default_user_agent()))
    try:
        jwt = check_login(w, args)
        w.authorization = "bearer " + jwt  # pyC8 Connection.send_request
        check_fabric(w, args.fabric)
        check_collections(w, args.fabric)
        check_seed_flow(w, args.fabric, args.tenant)
        check_async_extras(w, args.fabric)
        check_cursor(w, args.fabric)
        check_documents(w, args.fabric, args.tenant)
        check_other_auth(w, args, jwt)
        cleanup(w, args.fabric)
    except Mismatch as e:
        print(str(e))
        print("pyc8-wire: MISMATCH after %d passing check(s)" % CHECKS)
        return 1
    except requests.RequestException as e:
        print("FATAL no answer from %s after %d passing check(s): %s" % (w.base, CHECKS, e))
        return 2
    print("pyc8-wire: all %d checks passed" % CHECKS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
