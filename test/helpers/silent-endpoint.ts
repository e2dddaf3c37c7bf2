/** A TCP endpoint that accepts connections and never answers, for one test file. */
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** Its URL is readable once the file's beforeAll has run. */
export function useSilentEndpoint(): { readonly url: string } {
  const sockets: Socket[] = [];
  const server = createServer((s) => void sockets.push(s));
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
  return {
    get url(): string {
      return url;
    },
  };
}
