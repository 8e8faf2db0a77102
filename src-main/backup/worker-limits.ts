// Heap limits for the isolates of backup, restore, verify and prune jobs and their hashing worker.
// Their per-byte work runs in native code on pooled buffers and allocates little, yet V8 lets each
// isolate's young generation grow to 16 MB or more per semi-space before collecting it, and that
// memory stays resident. Capped at 4 MB, peak RSS in `npm run bench` fell by about 10 MB for a
// backup and for a restore in a fresh process, and by 10-45 MB for a restore right after a backup,
// with no measurable change in speed. Not used for imports: parsing a chat export allocates many
// short-lived strings, and there a small young generation promoted more to the old one (peak RSS
// rose by 15-25 MB in the import bench).
import type { ResourceLimits } from 'node:worker_threads';

export const BACKUP_WORKER_LIMITS: ResourceLimits = { maxYoungGenerationSizeMb: 4 };
