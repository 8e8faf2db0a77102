// Worker-thread entry: runs one job from the table and reports progress, result or error as data.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorData } from '../ipc/to-error-data.ts';
import { jobs, type JobName } from './jobs.ts';
import type { WorkerMessage } from './worker-message.ts';

const port = parentPort;
if (port === null) throw new Error('job-worker must run in a worker thread');

const { name, input } = workerData as { name: JobName; input: never };
const controller = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'cancel') controller.abort();
});
const post = (message: WorkerMessage): void => port.postMessage(message);

jobs[name](input, { signal: controller.signal, onProgress: (progress) => post({ type: 'progress', progress }) }).then(
  (value) => post({ type: 'done', value }),
  (error: unknown) => post({ type: 'error', error: toErrorData(error) }),
);
