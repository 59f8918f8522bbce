import { describeSaverConformance, requireService } from "@weft/conformance";
import { afterAll, describe } from "vitest";
import { PostgresSaver } from "../src/saver.ts";
import {
  dropSchema,
  freshSchema,
  POSTGRES_SERVICE,
  POSTGRES_URL,
  testPool,
} from "./pg-fixtures.ts";

const postgres = await requireService(POSTGRES_SERVICE);

describe.skipIf(!postgres.available)("PostgresSaver against PostgreSQL", () => {
  // One pool shared by every saver, as an application would; each saver gets its own schema.
  const pool = testPool({ max: 8 });
  const schemas = new WeakMap<PostgresSaver, string>();
  afterAll(() => pool.end());

  describeSaverConformance({
    name: "PostgresSaver (shared pool)",
    create: (options) => {
      const schema = freshSchema();
      const saver = new PostgresSaver(pool, { ...options, schema });
      schemas.set(saver, schema);
      return saver;
    },
    teardown: async (saver) => {
      const schema = schemas.get(saver);
      if (schema !== undefined) await dropSchema(pool, schema);
    },
  });

  // Its own pool, and named prepared statements: both ways of sending statements pass.
  describeSaverConformance({
    name: "PostgresSaver (fromConnString, prepared statements)",
    create: (options) =>
      PostgresSaver.fromConnString(POSTGRES_URL, {
        ...options,
        schema: freshSchema(),
        preparedStatements: true,
      }),
    teardown: async (saver) => {
      await saver.close();
      await dropSchema(pool, saver.schema);
    },
  });
});
