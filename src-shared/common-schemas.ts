// Schemas more than one part of the contract uses.
import { z } from 'zod';

/** Renderer-chosen id that ties progress events and cancellation to one call. */
export const operationId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
