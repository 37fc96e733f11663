/**
 * `npm run fabric -- [--port 8529] [--host H] [--user tenant:username:password[:email]]…`
 *
 * Prints `c8 local fabric listening on http://HOST:PORT` (and, without `--user`, one line naming the default user,
 * its password and API key), and stops gracefully on SIGINT/SIGTERM: in-flight requests finish first.
 */
import { DEFAULT_USER, startLocalFabric, type LocalUser } from "./index.js";

interface CliArgs {
  port: number;
  host: string;
  users: LocalUser[];
}

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run fabric -- [--port 8529] [--host 127.0.0.1] [--user tenant:username:password[:email]]…\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = { port: 8529, host: "127.0.0.1", users: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes("=") ? [flag.slice(0, flag.indexOf("=")), flag.slice(flag.indexOf("=") + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++i] ?? usage(`missing value for ${name}`);
    switch (name) {
      case "--port": {
        const v = value();
        const port = Number(v);
        if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`bad port '${v}'`);
        args.port = port;
        break;
      }
      case "--host":
        args.host = value();
        break;
      case "--user": {
        const v = value();
        const [tenant, username, password, email] = v.split(":");
        if (!tenant || !username || password === undefined) usage(`bad user '${v}' (tenant:username:password[:email])`);
        args.users.push(email ? { tenant, username, password, email } : { tenant, username, password });
        break;
      }
      case "--help":
      case "-h":
        usage("c8 local fabric");
        break;
      default:
        usage(`unknown argument '${flag}'`);
    }
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const fabric = await startLocalFabric({ port: args.port, host: args.host, users: args.users });
  process.stdout.write(`c8 local fabric listening on ${fabric.url}\n`);
  if (args.users.length === 0) {
    const key = fabric.users[0]?.apiKey ?? "";
    process.stdout.write(
      `default user: tenant ${DEFAULT_USER.tenant}, user ${DEFAULT_USER.username}, password ${DEFAULT_USER.password}, e-mail ${DEFAULT_USER.email}, API key ${key}\n`,
    );
  }
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    fabric.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`c8 local fabric: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
