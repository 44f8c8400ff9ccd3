// The embedded default: PGlite (WASM PostgreSQL) persisted in a folder and served on loopback,
// so the app and the Prisma CLI talk to it through adapter-pg exactly as to a real server.
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts PGlite on 127.0.0.1; one process must own `dataDir`. Returns { url, stop }. */
export async function startEmbeddedPostgres({ dataDir, port } = {}) {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const listenPort = port ?? (await freePort());
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: listenPort, maxConnections: 32 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${listenPort}/postgres?sslmode=disable`,
    port: listenPort,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
