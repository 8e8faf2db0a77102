// A real S3-protocol server (s3rver) in a process of its own, so that a test can SIGKILL it in the
// middle of an upload and start it again on the same port and data folder. Path-style requests go to
// 127.0.0.1:<port>; virtual-hosted ones to <bucket>.s3.localhost:<port> (serviceEndpoint localhost).
// Usage: node s3-server-main.ts DATA_DIR PORT BUCKET…   (PORT 0 picks one); prints "listening PORT".
import S3rver from 's3rver';

const [directory = '', port = '0', ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  silent: true,
  directory,
  serviceEndpoint: 'localhost',
  configureBuckets: buckets.map((name) => ({ name, configs: [] })),
});
const address = await server.run();
process.stdout.write(`listening ${address.port}\n`);
