import { createServer } from 'node:http';

// A loopback platform in its own process, so its work does not share an event loop with what is
// measured. `/notices` answers at once; `/slow/<ms>/notices` answers after <ms>. It counts what it
// received and stamps urgent notices on arrival (epoch ms with sub-millisecond precision, which
// the parent compares with the moment it got its 201).

let count = 0;
const urgentArrivals: Array<{ reference: string; at: number }> = [];
const now = () => performance.timeOrigin + performance.now();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    count++;
    const n = count;
    const raw = Buffer.concat(chunks).toString('utf8');
    if (raw.includes('"urgent":true')) {
      try {
        const body = JSON.parse(raw) as { reference?: string };
        urgentArrivals.push({ reference: body.reference ?? '', at: now() });
      } catch {
        // not ours to judge; counted anyway
      }
    }
    const slow = /^\/slow\/(\d+)\//.exec(req.url ?? '');
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"ticketId":"T-${n}"}`);
    };
    if (slow) setTimeout(answer, Number(slow[1]));
    else answer();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});

process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') process.send?.({ type: 'stats', count, urgentArrivals });
  if (m.type === 'reset') {
    count = 0;
    urgentArrivals.length = 0;
    process.send?.({ type: 'reset' });
  }
  if (m.type === 'close') server.close(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
