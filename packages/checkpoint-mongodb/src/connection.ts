import { CheckpointConfigError } from "@weft/checkpoint";
import {
  type Collection,
  type Db,
  type Document,
  type IndexDescription,
  type IndexDescriptionInfo,
  MongoClient,
  type MongoClientOptions,
} from "mongodb";
import { isDuplicateKeyError, MongoDatabaseError, mongoCall, redact } from "./errors.ts";

/** How long `fromConnString` lets the driver look for a server before failing. */
export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5_000;

/** Options of {@link MongoConnection.fromConnString}. */
export interface MongoConnectOptions {
  /** Database to use. @default the database named in the URL, else the driver's default (`test`) */
  dbName?: string;
  /**
   * How long an operation waits for a reachable server before failing with an
   * `unreachable` error. Small, so a wrong address fails fast instead of hanging.
   * @default 5000
   */
  serverSelectionTimeoutMS?: number;
  /** Any other driver options (TLS, pool size, `appName`...). */
  clientOptions?: MongoClientOptions;
}

/** What the server can do, as far as Weft cares. Probed once per connection. */
export interface ServerFeatures {
  /** The MongoDB version the server reports (FerretDB reports the version it emulates). */
  version: string;
  /** FerretDB's own version when the server is FerretDB, else undefined. */
  ferretdb: string | undefined;
  /** Whether `createIndex` accepts `expireAfterSeconds` (FerretDB 1.x refuses it). */
  ttlIndexes: boolean;
  /** Whether multi-document transactions exist (a replica set or sharded cluster, not FerretDB 1.x). Weft never needs them. */
  transactions: boolean;
  /** Largest document the server accepts, in bytes. */
  maxBsonObjectSize: number;
}

/**
 * A MongoDB client and the database Weft uses in it: shared by `MongoDBSaver` and
 * `MongoDBStore`. Either wraps a `MongoClient` the caller owns (and closes), or opens
 * its own with {@link fromConnString} (then {@link close} closes it). Every driver call
 * goes through {@link call}, which turns failures into `MongoDatabaseError`s naming the
 * server address (never the credentials).
 *
 * @example
 * const connection = MongoConnection.fromConnString("mongodb://127.0.0.1:27017/app");
 * const features = await connection.serverFeatures();
 * await connection.close();
 */
export class MongoConnection {
  /** The driver client. */
  readonly client: MongoClient;
  /** The database Weft's collections live in. */
  readonly db: Db;
  /** The server(s), as `host:port[,host:port]`: what error messages name. */
  readonly address: string;
  private readonly owned: boolean;
  private features: Promise<ServerFeatures> | undefined;

  /**
   * Uses a client the caller created and will close. Connecting is lazy: the first
   * operation connects (the driver does it), so construction never fails on the network.
   */
  constructor(client: MongoClient, dbName?: string, owned = false) {
    this.client = client;
    this.db = client.db(dbName);
    this.address = describeAddress(client);
    this.owned = owned;
  }

  /**
   * Opens a client of its own on `url` (`mongodb://` or `mongodb+srv://`). Nothing is
   * sent yet; the first operation fails after `serverSelectionTimeoutMS` if no server
   * answers, with an `unreachable` error naming the address.
   *
   * @throws CheckpointConfigError `INVALID_CONFIG` for a malformed connection string.
   */
  static fromConnString(url: string, options: MongoConnectOptions = {}): MongoConnection {
    let client: MongoClient;
    try {
      client = new MongoClient(url, {
        serverSelectionTimeoutMS:
          options.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
        ...options.clientOptions,
      });
    } catch (error) {
      throw new CheckpointConfigError(
        `Invalid MongoDB connection string ${redact(String(url))}: ${redact((error as Error).message)}`,
        { field: "url" },
      );
    }
    return new MongoConnection(client, options.dbName, true);
  }

  /** A collection of the database. */
  collection<T extends Document = Document>(name: string): Collection<T> {
    return this.db.collection<T>(name);
  }

  /** Runs driver calls, turning their failures into `MongoDatabaseError` (see `errors.ts`). */
  call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return mongoCall(this.address, operation, run);
  }

  /**
   * What the server supports, asked once per connection (`buildInfo` and `hello`) and
   * cached; a failed probe is not cached, so the next call asks again.
   *
   * @throws MongoDatabaseError `SAVER_ERROR` (`unreachable`, `auth`, `driver`).
   */
  serverFeatures(): Promise<ServerFeatures> {
    if (this.features === undefined) {
      const probe = this.call("serverFeatures", () => this.probe());
      this.features = probe;
      probe.catch(() => {
        if (this.features === probe) this.features = undefined;
      });
    }
    return this.features;
  }

  /**
   * Records that the collections of `component` (e.g. `"checkpoints:checkpoints"`) use
   * layout `version`, in the `layoutCollection`. A marker from a newer version is refused
   * without writing anything, so an old Weft never scribbles over a newer layout.
   *
   * @throws MongoDatabaseError `SAVER_ERROR` (`newer_schema`) when the marker is newer.
   */
  async claimLayout(layoutCollection: string, component: string, version: number): Promise<void> {
    const markers = this.collection<{ _id: string; version: number }>(layoutCollection);
    for (let attempt = 0; ; attempt++) {
      const found = await this.call("setup", () => markers.findOne({ _id: component }));
      if (found !== null && found.version > version) {
        throw new MongoDatabaseError(
          "newer_schema",
          `MongoDB collections of ${component} in database "${this.db.databaseName}" at ${this.address} ` +
            `use layout version ${found.version}, written by a newer Weft; this version reads up to ${version}. ` +
            "Upgrade @weft/checkpoint-mongodb.",
          { address: this.address, operation: "setup", found: found.version, supported: version },
        );
      }
      if (found?.version === version) return;
      try {
        await this.call("setup", () =>
          markers.updateOne(
            { _id: component, version: { $not: { $gt: version } } },
            { $set: { version } },
            { upsert: true },
          ),
        );
        return;
      } catch (error) {
        // Another process wrote the marker at the same moment: read it again.
        if (attempt > 0 || !isDuplicateKeyError((error as { cause?: unknown }).cause)) throw error;
      }
    }
  }

  /**
   * Creates the indexes of `collection` that do not exist yet, one command per index.
   * Idempotent and safe to run from several processes at once. One at a time because
   * FerretDB 1.24 drops the connection (a server panic) when a single `createIndexes`
   * command names several indexes that already exist.
   *
   * @throws MongoDatabaseError `SAVER_ERROR` (`unreachable`, `auth`, `driver`).
   */
  async ensureIndexes<T extends Document>(
    collection: Collection<T>,
    indexes: readonly IndexDescription[],
  ): Promise<void> {
    const existing = new Set((await this.indexesOf(collection)).map((index) => index.name));
    await this.call("setup", async () => {
      for (const index of indexes) {
        if (index.name !== undefined && existing.has(index.name)) continue;
        await collection.createIndexes([index]);
      }
    });
  }

  /**
   * The indexes `collection` has now; none for a collection that does not exist yet.
   *
   * @throws MongoDatabaseError `SAVER_ERROR` (`unreachable`, `auth`, `driver`).
   */
  async indexesOf<T extends Document>(collection: Collection<T>): Promise<IndexDescriptionInfo[]> {
    return this.call("setup", async () => {
      try {
        return await collection.indexes();
      } catch (error) {
        // A collection that does not exist yet has no indexes (code 26, NamespaceNotFound).
        if ((error as { code?: unknown }).code !== 26) throw error;
        return [];
      }
    });
  }

  /** Closes the client if this connection opened it ({@link fromConnString}); else does nothing. */
  async close(): Promise<void> {
    if (this.owned) await this.client.close();
  }

  private async probe(): Promise<ServerFeatures> {
    const admin = this.db.admin();
    const info = await admin.command({ buildInfo: 1 });
    const hello = await admin.command({ hello: 1 });
    const ferretdb = typeof info.ferretdbVersion === "string" ? info.ferretdbVersion : undefined;
    const ferretdbMajor =
      ferretdb === undefined ? 0 : Number.parseInt(ferretdb.replace(/^v/, ""), 10);
    const legacyFerret = ferretdb !== undefined && !(ferretdbMajor >= 2);
    return {
      version: String(info.version),
      ferretdb,
      ttlIndexes: !legacyFerret,
      transactions:
        !legacyFerret && (typeof hello.setName === "string" || hello.msg === "isdbgrid"),
      maxBsonObjectSize:
        typeof info.maxBsonObjectSize === "number" ? info.maxBsonObjectSize : 16 * 1024 * 1024,
    };
  }
}

/** The servers a client talks to, as `host:port` pairs (or the SRV name), without credentials. */
export function describeAddress(client: MongoClient): string {
  const options = client.options;
  if (options.srvHost !== undefined) return `mongodb+srv://${options.srvHost}`;
  const hosts = options.hosts.map((host) => host.toString());
  return hosts.length > 0 ? hosts.join(",") : "(unknown address)";
}
