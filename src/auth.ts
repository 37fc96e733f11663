/** Credentials and the `Authorization` header: JWT fetched lazily, shared by concurrent callers, renewed once on a 401. */
import { abortable } from "./backoff.js";

/** Log in with tenant, user name and password (`POST /_open/auth`). */
export interface PasswordCredentials {
  /** The tenant, e.g. `"mytenant"`. */
  tenant: string;
  /** The user name, e.g. `"root"`. */
  username: string;
  /** The user's password. */
  password: string;
}
/** Log in with the user's e-mail and password (`POST /_open/auth`), as today's pyC8 does. */
export interface EmailCredentials {
  /** The user's e-mail, e.g. `"root@mytenant"`. */
  email: string;
  /** The user's password. */
  password: string;
}
/** Authenticate every request with an API key (`Authorization: apikey <key>`). */
export interface ApiKeyCredentials {
  /** The API key, `<tenant>.<keyid>.<secret>`. */
  apiKey: string;
}
/** Authenticate every request with a JWT obtained elsewhere (`Authorization: bearer <token>`). */
export interface TokenCredentials {
  /** The JWT. */
  token: string;
}
/** One of the four ways to authenticate. */
export type Credentials = PasswordCredentials | EmailCredentials | ApiKeyCredentials | TokenCredentials;

/** Exchanges login credentials for a JWT. */
export type Login = () => Promise<string>;

/** Produces the `Authorization` header value for a session. */
export class Auth {
  readonly #login: Login | undefined;
  #header: string | undefined;
  #pending: Promise<string> | undefined;

  /** `fixed` is a ready header (API key, given token); `login` fetches a JWT when needed. */
  constructor(fixed: string | undefined, login: Login | undefined) {
    this.#header = fixed;
    this.#login = login;
  }

  /** Whether a 401 can be answered by logging in again. */
  get renewable(): boolean {
    return this.#login !== undefined;
  }

  /**
   * The header to send. The first caller starts the login; concurrent callers share it. The login
   * itself ignores the callers' signals (one caller giving up must not fail the others); each
   * caller stops waiting when its own signal aborts.
   */
  authorization(signal?: AbortSignal): string | Promise<string> {
    if (this.#header !== undefined) return this.#header;
    if (!this.#pending) {
      const login = this.#login!;
      this.#pending = login().then(
        (jwt) => {
          this.#pending = undefined;
          return (this.#header = `bearer ${jwt}`);
        },
        (err: unknown) => {
          this.#pending = undefined;
          throw err;
        },
      );
    }
    return abortable(this.#pending, signal);
  }

  /** Forgets a header the server refused, unless a newer one has replaced it already. */
  invalidate(refused: string): void {
    if (this.#login && this.#header === refused) this.#header = undefined;
  }
}
