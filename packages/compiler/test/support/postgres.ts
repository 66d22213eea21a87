import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway PostgreSQL 15 cluster for tests: server binaries from Debian's postgresql-15 package. */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A TCP port on 127.0.0.1 that nothing listens on (just now). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  port: number;
  stop(): void;
}

export interface ClusterOptions {
  /**
   * When set, TCP connections must give this password for user `postgres` (scram-sha-256); otherwise any
   * connection is trusted.
   */
  password?: string;
}

/** initdb into a temp dir and start on 127.0.0.1 (as the postgres user when we are root: postgres refuses root). */
export async function startPostgres(options: ClusterOptions = {}): Promise<Cluster> {
  for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(join(PG_BIN, tool))) throw new Error(`PostgreSQL server binaries are needed for this test: ${join(PG_BIN, tool)} is missing (Debian: apt-get install postgresql-15)`);
  }
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'synth-pg-'));
  const data = join(dir, 'data');
  mkdirSync(data, { mode: 0o700 });
  const auth = ['--auth=trust'];
  if (options.password !== undefined) {
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
    auth.splice(0, 1, '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwfile}`);
  }
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(data, uid, gid);
    if (options.password !== undefined) chownSync(join(dir, 'pwfile'), uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args]] : [join(PG_BIN, tool), args];
    return execFileSync(cmd as string, argv as string[], { encoding: 'utf8', stdio: 'pipe', timeout: 120_000 });
  };
  const port = await freePort();
  try {
    run('initdb', ['-D', data, '-U', 'postgres', ...auth, '--encoding=UTF8', '--locale=C', '--no-sync']);
    // -w waits (at most -t seconds) until the server accepts connections.
    run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off`, 'start']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a throwaway PostgreSQL cluster: ${(e as Error).message}`);
  }
  return {
    port,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
